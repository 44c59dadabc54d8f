#ifndef RESCHECK_LSQ_H
#define RESCHECK_LSQ_H
/* Least-squares fits y ~ a*x + c (affine) and y ~ c (constant) over Q(rho):
 * points whose coordinates are rational functions of rho, solved exactly. */

#include <flint/fmpz_poly_q.h>

typedef enum { RC_FIT_AFFINE, RC_FIT_CONSTANT } rc_fit_kind;

typedef enum {
    RC_FIT_REGULAR = 0,      /* affine fit with n*Sxx - Sx^2 not identically 0 */
    RC_FIT_NO_POINTS,        /* n = 0: a = c = 0, sse = 0 */
    RC_FIT_ONE_POINT,        /* affine, n = 1: a = 0, c = y, sse = 0 */
    RC_FIT_ALL_X_EQUAL,      /* affine, all x equal: reduces to the constant fit */
    RC_FIT_CONSTANT_KIND     /* a constant fit was asked for */
} rc_fit_case;

typedef struct {
    fmpz_poly_q_t a;   /* slope (0 for constant fits) */
    fmpz_poly_q_t c;   /* intercept */
    fmpz_poly_q_t sse; /* sum of squared residuals at (a, c) */
    fmpz_poly_q_t dx;  /* n*Sxx - Sx^2: where it vanishes for some rho the
                          affine fit degenerates at that rho */
    rc_fit_case fit_case;
} rc_fit_struct;
typedef rc_fit_struct rc_fit_t[1];

void rc_fit_init(rc_fit_t fit);
void rc_fit_clear(rc_fit_t fit);

/* Fits the n points (x[i], y[i]) in closed form from the centred sums. */
void rc_fit_compute(rc_fit_t fit, rc_fit_kind kind, const fmpz_poly_q_struct *x,
                    const fmpz_poly_q_struct *y, slong n);

const char *rc_fit_case_name(rc_fit_case c);

#endif
