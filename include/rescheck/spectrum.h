#ifndef RESCHECK_SPECTRUM_H
#define RESCHECK_SPECTRUM_H
/* Exact spectra of symmetric rational matrices: the eigenvalues are the real
 * roots of the characteristic polynomial, isolated exactly; the condition
 * number |lambda|max / |lambda|min is then a ratio of real algebraic numbers
 * and gets a certified Arb enclosure. */

#include <arb.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpz_poly.h>

#include "rescheck/alg.h"

typedef struct {
    int singular;           /* 0 is an eigenvalue: cond = infinity */
    rc_alg_t abs_max, abs_min; /* |lambda|max and |lambda|min (> 0 unless singular) */
    slong n_negative, n_positive, n_zero; /* inertia, with multiplicity */
    arb_t cond;             /* enclosure of abs_max / abs_min (when not singular) */
} rc_cond_struct;
typedef rc_cond_struct rc_cond_t[1];

void rc_cond_init(rc_cond_t c);
void rc_cond_clear(rc_cond_t c);

/* charpoly of a square rational matrix as a primitive integer polynomial
 * with positive leading coefficient (the monic charpoly times a constant). */
void rc_charpoly_fmpz(fmpz_poly_t cp, const fmpq_mat_t A);

/* Condition number and inertia of a matrix whose characteristic polynomial
 * (up to a positive constant) is cp and whose eigenvalues are all real. */
void rc_cond_from_charpoly(rc_cond_t c, const fmpz_poly_t cp, slong prec);

/* "[12.3456 +/- 1e-20]" with the given significant digits, or "inf". */
char *rc_cond_get_str(const rc_cond_t c, slong digits);

#endif
