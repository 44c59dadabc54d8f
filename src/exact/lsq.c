/* Closed-form least squares over Q(rho). */
#include "rescheck/lsq.h"

void rc_fit_init(rc_fit_t fit)
{
    fmpz_poly_q_init(fit->a);
    fmpz_poly_q_init(fit->c);
    fmpz_poly_q_init(fit->sse);
    fmpz_poly_q_init(fit->dx);
    fit->fit_case = RC_FIT_NO_POINTS;
}

void rc_fit_clear(rc_fit_t fit)
{
    fmpz_poly_q_clear(fit->a);
    fmpz_poly_q_clear(fit->c);
    fmpz_poly_q_clear(fit->sse);
    fmpz_poly_q_clear(fit->dx);
}

const char *rc_fit_case_name(rc_fit_case c)
{
    switch (c) {
    case RC_FIT_REGULAR: return "affine";
    case RC_FIT_NO_POINTS: return "no points";
    case RC_FIT_ONE_POINT: return "one point";
    case RC_FIT_ALL_X_EQUAL: return "all x equal";
    case RC_FIT_CONSTANT_KIND: return "constant";
    }
    return "?";
}

/* sum of f(i) over the points */
static void sum_products(fmpz_poly_q_t out, const fmpz_poly_q_struct *u,
                         const fmpz_poly_q_struct *v, slong n)
{
    fmpz_poly_q_t t;
    fmpz_poly_q_init(t);
    fmpz_poly_q_zero(out);
    for (slong i = 0; i < n; i++) {
        if (v)
            fmpz_poly_q_mul(t, u + i, v + i);
        else
            fmpz_poly_q_set(t, u + i);
        fmpz_poly_q_add(out, out, t);
    }
    fmpz_poly_q_clear(t);
}

void rc_fit_compute(rc_fit_t fit, rc_fit_kind kind, const fmpz_poly_q_struct *x,
                    const fmpz_poly_q_struct *y, slong n)
{
    fmpz_poly_q_zero(fit->a);
    fmpz_poly_q_zero(fit->c);
    fmpz_poly_q_zero(fit->sse);
    fmpz_poly_q_zero(fit->dx);
    if (n == 0) {
        fit->fit_case = RC_FIT_NO_POINTS;
        return;
    }
    fmpz_poly_q_t sx, sy, sxx, sxy, syy, t, u;
    fmpz_poly_q_init(sx);
    fmpz_poly_q_init(sy);
    fmpz_poly_q_init(sxx);
    fmpz_poly_q_init(sxy);
    fmpz_poly_q_init(syy);
    fmpz_poly_q_init(t);
    fmpz_poly_q_init(u);
    sum_products(sy, y, NULL, n);
    sum_products(syy, y, y, n);
    /* constant part: sse0 = Syy - Sy^2/n, c0 = Sy/n */
    fmpz_poly_q_scalar_div_si(fit->c, sy, n);
    fmpz_poly_q_mul(t, sy, fit->c);
    fmpz_poly_q_sub(fit->sse, syy, t);

    if (kind == RC_FIT_CONSTANT) {
        fit->fit_case = RC_FIT_CONSTANT_KIND;
    } else if (n == 1) {
        fit->fit_case = RC_FIT_ONE_POINT;
    } else {
        sum_products(sx, x, NULL, n);
        sum_products(sxx, x, x, n);
        sum_products(sxy, x, y, n);
        fmpz_poly_q_scalar_mul_si(fit->dx, sxx, n);
        fmpz_poly_q_mul(t, sx, sx);
        fmpz_poly_q_sub(fit->dx, fit->dx, t);
        if (fmpz_poly_q_is_zero(fit->dx)) {
            fit->fit_case = RC_FIT_ALL_X_EQUAL;
        } else {
            fit->fit_case = RC_FIT_REGULAR;
            /* t = n*Sxy - Sx*Sy; a = t/Dx; c = (Sy - a*Sx)/n;
               sse = Syy - Sy^2/n - t^2/(n*Dx) */
            fmpz_poly_q_scalar_mul_si(t, sxy, n);
            fmpz_poly_q_mul(u, sx, sy);
            fmpz_poly_q_sub(t, t, u);
            fmpz_poly_q_div(fit->a, t, fit->dx);
            fmpz_poly_q_mul(u, fit->a, sx);
            fmpz_poly_q_sub(u, sy, u);
            fmpz_poly_q_scalar_div_si(fit->c, u, n);
            fmpz_poly_q_mul(u, t, fit->a);
            fmpz_poly_q_scalar_div_si(u, u, n);
            fmpz_poly_q_sub(fit->sse, fit->sse, u);
        }
    }
    fmpz_poly_q_clear(sx);
    fmpz_poly_q_clear(sy);
    fmpz_poly_q_clear(sxx);
    fmpz_poly_q_clear(sxy);
    fmpz_poly_q_clear(syy);
    fmpz_poly_q_clear(t);
    fmpz_poly_q_clear(u);
}
