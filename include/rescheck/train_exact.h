#ifndef RESCHECK_TRAIN_EXACT_H
#define RESCHECK_TRAIN_EXACT_H
/* The float path's bridge to the exact path: float data taken as the exact
 * rationals the doubles are. */

#include <arb.h>

#include "rescheck/train.h"

/* A certified enclosure of cond(M) = sigma_max(M)/sigma_min(M) for the exact
 * M = (1/m)(X - Y) X^T of the data (identity activations; Theorem 2.2, eq. 9):
 * M is a positive multiple of the integer matrix P = (X - Y) X^T * 2^(-2e),
 * e the smallest binary exponent in X and Y, so cond(M)^2 = cond(P^T P),
 * which the exact spectrum code (rescheck/spectrum.h) encloses from the
 * characteristic polynomial. Returns 0, or -1 when M is singular. */
int train_exact_cond_M(arb_t cond, const train_data *D, slong prec);

#endif
