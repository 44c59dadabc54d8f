/* The checker's least squares over Q(rho), by a different route from the
 * prover's centred sums: the normal equations solved by Cramer's rule and
 * the squared residuals summed directly. */
#include "rules.h"

#include <stdlib.h>

fmpz_poly_q_struct *ck_qvec_new(slong n)
{
    fmpz_poly_q_struct *v = calloc((size_t)n + 1, sizeof(fmpz_poly_q_struct));
    for (slong i = 0; i <= n; i++)
        fmpz_poly_q_init(v + i);
    return v;
}

void ck_qvec_free(fmpz_poly_q_struct *v, slong n)
{
    for (slong i = 0; v && i <= n; i++)
        fmpz_poly_q_clear(v + i);
    free(v);
}

void ck_qrho_set_fmpq(fmpz_poly_q_t f, const fmpq_t x)
{
    fmpz_poly_set_fmpz(f->num, fmpq_numref(x));
    fmpz_poly_set_fmpz(f->den, fmpq_denref(x));
}

/* Best fit y ~ a*x + c (affine) or y ~ c of the points with mask[i] (all when
 * mask is NULL), from the normal equations [Sxx Sx; Sx m][a; c] = [Sxy; Sy]
 * solved by Cramer's rule; when det = m*Sxx - Sx^2 is 0 (fewer than two
 * distinct x) the best fit is the mean. Residuals are summed directly. */
void ck_fit(fmpz_poly_q_t a, fmpz_poly_q_t c, fmpz_poly_q_t sse, fmpz_poly_q_t det,
                int affine, const fmpz_poly_q_struct *x, const fmpz_poly_q_struct *y,
                const int *mask, slong n)
{
    fmpz_poly_q_struct *s = ck_qvec_new(5); /* Sx, Sy, Sxx, Sxy, scratch */
    slong m = 0;
    for (slong i = 0; i < n; i++) {
        if (mask && !mask[i])
            continue;
        m++;
        fmpz_poly_q_add(s + 0, s + 0, x + i);
        fmpz_poly_q_add(s + 1, s + 1, y + i);
        fmpz_poly_q_mul(s + 4, x + i, x + i);
        fmpz_poly_q_add(s + 2, s + 2, s + 4);
        fmpz_poly_q_mul(s + 4, x + i, y + i);
        fmpz_poly_q_add(s + 3, s + 3, s + 4);
    }
    fmpz_poly_q_scalar_mul_si(det, s + 2, m);
    fmpz_poly_q_mul(s + 4, s + 0, s + 0);
    fmpz_poly_q_sub(det, det, s + 4);
    fmpz_poly_q_zero(a);
    fmpz_poly_q_zero(c);
    if (affine && !fmpz_poly_q_is_zero(det)) {
        fmpz_poly_q_scalar_mul_si(a, s + 3, m); /* (m*Sxy - Sx*Sy) / det */
        fmpz_poly_q_mul(s + 4, s + 0, s + 1);
        fmpz_poly_q_sub(a, a, s + 4);
        fmpz_poly_q_div(a, a, det);
        fmpz_poly_q_mul(c, s + 2, s + 1); /* (Sxx*Sy - Sx*Sxy) / det */
        fmpz_poly_q_mul(s + 4, s + 0, s + 3);
        fmpz_poly_q_sub(c, c, s + 4);
        fmpz_poly_q_div(c, c, det);
    } else if (m > 0) {
        fmpz_poly_q_scalar_div_si(c, s + 1, m);
    }
    fmpz_poly_q_zero(sse);
    for (slong i = 0; i < n; i++) {
        if (mask && !mask[i])
            continue;
        fmpz_poly_q_mul(s + 4, a, x + i);
        fmpz_poly_q_add(s + 4, s + 4, c);
        fmpz_poly_q_sub(s + 4, s + 4, y + i);
        fmpz_poly_q_mul(s + 4, s + 4, s + 4);
        fmpz_poly_q_add(sse, sse, s + 4);
    }
    ck_qvec_free(s, 5);
}

/* sse / n of the best fit of the masked points: the risk over all n points */
void ck_fit_risk(fmpz_poly_q_t risk, int affine, const fmpz_poly_q_struct *x,
                     const fmpz_poly_q_struct *y, const int *mask, slong n)
{
    fmpz_poly_q_struct *t = ck_qvec_new(2);
    ck_fit(t + 0, t + 1, risk, t + 2, affine, x, y, mask, n);
    fmpz_poly_q_scalar_div_si(risk, risk, n);
    ck_qvec_free(t, 2);
}
