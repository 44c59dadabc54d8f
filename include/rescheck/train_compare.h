#ifndef RESCHECK_TRAIN_COMPARE_H
#define RESCHECK_TRAIN_COMPARE_H
/* `rescheck verify hessian --compare-float`: the Hessian at the zero point
 * recomputed in double on the float path (OpenBLAS Hessian-vector products,
 * LAPACKE dsyevd spectrum) and set beside the exact values a li18 Theorem 2
 * certificate holds. Float results are reported as notes: they never change
 * a verdict. */

#include <jansson.h>

#include "rescheck/report.h"

/* Appends the comparison to rep; the certificate is a li18.hessian-n* one. */
void train_compare_li18_hessian(rc_report *rep, const json_t *cert);

#endif
