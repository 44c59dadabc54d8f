/* Rigorous upper bounds on spectral norms over Q (rescheck/opnorm.h). */
#include "rescheck/opnorm.h"

#include <math.h>
#include <stdlib.h>

const char *rc_opnorm_kind_str(rc_opnorm_kind k)
{
    return k == RC_OPNORM_ZERO ? "zero" : k == RC_OPNORM_SPECTRAL ? "spectral" : "frobenius";
}

void rc_gram_small(fmpq_mat_t G, const fmpq_mat_t M)
{
    slong r = fmpq_mat_nrows(M), c = fmpq_mat_ncols(M);
    fmpq_mat_t T;
    fmpq_mat_init(T, c, r);
    fmpq_mat_transpose(T, M);
    if (c <= r)
        fmpq_mat_mul(G, T, M);
    else
        fmpq_mat_mul(G, M, T);
    fmpq_mat_clear(T);
}

int rc_is_pd(const fmpq_mat_t S)
{
    slong d = fmpq_mat_nrows(S);
    fmpq_mat_t A;
    fmpq_mat_init_set(A, S);
    fmpq_t f;
    fmpq_init(f);
    int pd = 1;
    for (slong c = 0; pd && c < d; c++) {
        pd = fmpq_sgn(fmpq_mat_entry(A, c, c)) > 0;
        for (slong i = c + 1; pd && i < d; i++) {
            fmpq_div(f, fmpq_mat_entry(A, i, c), fmpq_mat_entry(A, c, c));
            for (slong k = c; k < d; k++)
                fmpq_submul(fmpq_mat_entry(A, i, k), f, fmpq_mat_entry(A, c, k));
        }
    }
    fmpq_clear(f);
    fmpq_mat_clear(A);
    return pd;
}

/* lambda_max of the PSD G by power iteration in doubles: a guess */
static double lambda_max_d(const fmpq_mat_t G)
{
    slong d = fmpq_mat_nrows(G);
    double *A = malloc(sizeof(double) * (size_t)(d * d + 2 * d)), *x = A + d * d, *z = x + d;
    for (slong i = 0; i < d; i++) {
        x[i] = 1.0 + 0.01 * (double)i;
        for (slong j = 0; j < d; j++)
            A[i * d + j] = fmpq_get_d(fmpq_mat_entry(G, i, j));
    }
    double lam = 0;
    for (int it = 0; it < 2000; it++) {
        double nz = 0, nx = 0, xz = 0;
        for (slong i = 0; i < d; i++) {
            z[i] = 0;
            for (slong j = 0; j < d; j++)
                z[i] += A[i * d + j] * x[j];
        }
        for (slong i = 0; i < d; i++) {
            nz += z[i] * z[i];
            nx += x[i] * x[i];
            xz += x[i] * z[i];
        }
        if (nz == 0)
            break;
        lam = xz / nx;
        for (slong i = 0; i < d; i++)
            x[i] = z[i] / sqrt(nz);
    }
    free(A);
    return lam;
}

/* lam*I - G */
static int shifted_pd(const fmpq_mat_t G, const fmpq_t lam)
{
    fmpq_mat_t S;
    fmpq_mat_init(S, fmpq_mat_nrows(G), fmpq_mat_ncols(G));
    fmpq_mat_neg(S, G);
    for (slong i = 0; i < fmpq_mat_nrows(G); i++)
        fmpq_add(fmpq_mat_entry(S, i, i), fmpq_mat_entry(S, i, i), lam);
    int pd = rc_is_pd(S);
    fmpq_mat_clear(S);
    return pd;
}

rc_opnorm_kind rc_opnorm_sq_bound(fmpq_t lam, const fmpq_mat_t M)
{
    if (fmpq_mat_is_zero(M)) {
        fmpq_zero(lam);
        return RC_OPNORM_ZERO;
    }
    slong r = fmpq_mat_nrows(M), c = fmpq_mat_ncols(M), d = FLINT_MIN(r, c);
    fmpq_mat_t G;
    fmpq_mat_init(G, d, d);
    rc_gram_small(G, M);
    double est = lambda_max_d(G);
    rc_opnorm_kind kind = RC_OPNORM_FROBENIUS;
    /* est (1 + margin) rounded up to 40 bits after the point, margin growing */
    for (int k = 0; k < 5 && kind != RC_OPNORM_SPECTRAL; k++) {
        double up = est * (1 + ldexp(1, -30 + 6 * k)) + ldexp(1, -40);
        fmpz_set_d(fmpq_numref(lam), ceil(ldexp(up, 40)));
        fmpz_one(fmpq_denref(lam));
        fmpz_mul_2exp(fmpq_denref(lam), fmpq_denref(lam), 40);
        fmpq_canonicalise(lam);
        if (fmpq_sgn(lam) > 0 && shifted_pd(G, lam))
            kind = RC_OPNORM_SPECTRAL;
    }
    if (kind != RC_OPNORM_SPECTRAL) {
        fmpq_mat_trace(lam, G);
        fmpq_add_si(lam, lam, 1);
    }
    fmpq_mat_clear(G);
    return kind;
}
