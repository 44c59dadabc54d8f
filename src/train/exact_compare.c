/* The exact condition number of the 2-shortcut zero point's M, from the
 * float data taken as exact rationals. */
#include <math.h>
#include <stdint.h>

#include <flint/fmpq_mat.h>
#include <flint/fmpz_mat.h>

#include "rescheck/spectrum.h"
#include "rescheck/train_exact.h"

/* The smallest binary exponent e with every nonzero entry an integer times 2^e. */
static long min_exponent(const double *a, size_t len, long e)
{
    for (size_t i = 0; i < len; i++)
        if (a[i] != 0) {
            int ex;
            frexp(a[i], &ex);
            if (ex - 53 < e)
                e = ex - 53;
        }
    return e;
}

/* z = a * 2^(-e), exactly (an integer by the choice of e). */
static void fmpz_set_scaled(fmpz_t z, double a, long e)
{
    int ex;
    double f = frexp(a, &ex);
    fmpz_set_si(z, (slong)ldexp(f, 53));
    fmpz_mul_2exp(z, z, (ulong)(ex - 53 - e));
}

int train_exact_cond_M(arb_t cond, const train_data *D, slong prec)
{
    int d = D->d, n = D->ncol;
    size_t len = (size_t)d * n;
    long e = min_exponent(D->Y, len, min_exponent(D->X, len, 0));
    fmpz_mat_t E, Xt, P, PtP;
    fmpz_mat_init(E, d, n);
    fmpz_mat_init(Xt, n, d);
    fmpz_mat_init(P, d, d);
    fmpz_mat_init(PtP, d, d);
    fmpz_t y;
    fmpz_init(y);
    for (int mu = 0; mu < n; mu++)
        for (int i = 0; i < d; i++) {
            size_t at = (size_t)mu * d + i;
            fmpz_set_scaled(fmpz_mat_entry(Xt, mu, i), D->X[at], e);
            fmpz_set_scaled(y, D->Y[at], e);
            fmpz_sub(fmpz_mat_entry(E, i, mu), fmpz_mat_entry(Xt, mu, i), y);
        }
    fmpz_mat_mul(P, E, Xt);
    fmpz_mat_t Pt;
    fmpz_mat_init(Pt, d, d);
    fmpz_mat_transpose(Pt, P);
    fmpz_mat_mul(PtP, Pt, P);
    fmpq_mat_t A;
    fmpq_mat_init(A, d, d);
    fmpq_mat_set_fmpz_mat(A, PtP);
    fmpz_poly_t cp;
    fmpz_poly_init(cp);
    rc_charpoly_fmpz(cp, A);
    rc_cond_t c;
    rc_cond_init(c);
    rc_cond_from_charpoly(c, cp, prec + 8);
    int rc = c->singular ? -1 : 0;
    if (!rc)
        arb_sqrt(cond, c->cond, prec);
    rc_cond_clear(c);
    fmpz_poly_clear(cp);
    fmpq_mat_clear(A);
    fmpz_mat_clear(Pt);
    fmpz_clear(y);
    fmpz_mat_clear(E);
    fmpz_mat_clear(Xt);
    fmpz_mat_clear(P);
    fmpz_mat_clear(PtP);
    return rc;
}
