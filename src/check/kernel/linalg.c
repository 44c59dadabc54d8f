/* Exact linear algebra for the rules: characteristic polynomials and
 * Descartes' rule of signs,
 *
 *   (D) the number of sign changes in the coefficients of f(a + x), resp. of
 *       (1 + x)^n f((a + b x)/(1 + x)), bounds the number of roots of f in
 *       (a, inf), resp. (a, b), counted with multiplicity, from above,
 *
 * which is exact for a polynomial whose roots are all real, as the charpoly
 * of a real symmetric matrix is: hence the inertia. */
#include "kernel.h"

#include <flint/fmpz_mat.h>

void ck_charpoly(fmpz_poly_t cp, const fmpq_mat_t S)
{
    /* det(x I - c S) for the common denominator c is c^n charpoly(S)(x / c):
       charpoly(S) is proportional to it at c x */
    fmpz_mat_t Z;
    fmpz_t c, pw;
    fmpz_mat_init(Z, fmpq_mat_nrows(S), fmpq_mat_ncols(S));
    fmpz_init(c);
    fmpz_init_set_ui(pw, 1);
    fmpq_mat_get_fmpz_mat_matwise(Z, c, S);
    fmpz_mat_charpoly(cp, Z);
    for (slong k = 0; k <= fmpz_poly_degree(cp); k++) {
        fmpz_mul(cp->coeffs + k, cp->coeffs + k, pw);
        fmpz_mul(pw, pw, c);
    }
    fmpz_poly_primitive_part(cp, cp);
    if (fmpz_sgn(fmpz_poly_lead(cp)) < 0)
        fmpz_poly_neg(cp, cp);
    fmpz_mat_clear(Z);
    fmpz_clear(c);
    fmpz_clear(pw);
}

/* f(-x), with a positive leading coefficient */
void ck_reflect(fmpz_poly_t g, const fmpz_poly_t f)
{
    fmpz_poly_set(g, f);
    for (slong k = 1; k <= fmpz_poly_degree(g); k += 2)
        fmpz_neg(g->coeffs + k, g->coeffs + k);
    if (fmpz_sgn(fmpz_poly_lead(g)) < 0)
        fmpz_poly_neg(g, g);
}

static slong variations(const fmpz_poly_t f)
{
    slong v = 0;
    int prev = 0;
    for (slong k = 0; k < fmpz_poly_length(f); k++) {
        int s = fmpz_sgn(f->coeffs + k);
        v += s && prev && s != prev;
        prev = s ? s : prev;
    }
    return v;
}

/* (D): an upper bound for the number of roots of f in (a, b), b = NULL for
 * (a, inf), with multiplicity */
slong ck_descartes(const fmpz_poly_t f, const fmpq_t a, const fmpq_t b)
{
    slong n = fmpz_poly_degree(f);
    fmpz_t D, A, W, pw;
    fmpz_poly_t s;
    fmpz_init(D);
    fmpz_init(A);
    fmpz_init(W);
    fmpz_init_set_ui(pw, 1);
    fmpz_poly_init(s);
    fmpz_set(D, fmpq_denref(a));
    if (b)
        fmpz_lcm(D, D, fmpq_denref(b));
    /* s(x) = D^n f(x / D), then s(x + A) = D^n f(a + x / D) with A = a D */
    fmpz_poly_set(s, f);
    for (slong k = n; k >= 0; k--) {
        fmpz_mul(s->coeffs + k, s->coeffs + k, pw);
        fmpz_mul(pw, pw, D);
    }
    fmpz_divexact(A, D, fmpq_denref(a));
    fmpz_mul(A, A, fmpq_numref(a));
    fmpz_poly_taylor_shift(s, s, A);
    if (b) {
        /* x -> (b - a) D x: D^n f(a + (b - a) x) on (0, 1); then
           (1 + x)^n of it at 1/(1 + x) on (0, inf) */
        fmpz_divexact(W, D, fmpq_denref(b));
        fmpz_mul(W, W, fmpq_numref(b));
        fmpz_sub(W, W, A);
        fmpz_one(pw);
        for (slong k = 0; k <= n; k++) {
            fmpz_mul(s->coeffs + k, s->coeffs + k, pw);
            fmpz_mul(pw, pw, W);
        }
        fmpz_poly_reverse(s, s, n + 1);
        fmpz_one(pw);
        fmpz_poly_taylor_shift(s, s, pw);
    }
    slong v = variations(s);
    fmpz_clear(D);
    fmpz_clear(A);
    fmpz_clear(W);
    fmpz_clear(pw);
    fmpz_poly_clear(s);
    return v;
}

/* the exponent of the irreducible g in f */
slong ck_exponent(const fmpz_poly_t g, const fmpz_poly_t f)
{
    fmpz_poly_t q;
    fmpz_poly_init(q);
    fmpz_poly_set(q, f);
    slong e = 0;
    while (fmpz_poly_degree(q) >= fmpz_poly_degree(g) && fmpz_poly_divides(q, q, g))
        e++;
    fmpz_poly_clear(q);
    return e;
}

void ck_inertia(slong inertia[3], const fmpz_poly_t cp)
{
    slong z = 0;
    while (z < fmpz_poly_length(cp) && fmpz_is_zero(cp->coeffs + z))
        z++;
    fmpz_poly_t f, fr;
    fmpz_poly_init(f);
    fmpz_poly_init(fr);
    fmpz_poly_shift_right(f, cp, z);
    ck_reflect(fr, f);
    fmpq_t zero;
    fmpq_init(zero);
    inertia[0] = ck_descartes(fr, zero, NULL);
    inertia[1] = z;
    inertia[2] = ck_descartes(f, zero, NULL);
    fmpq_clear(zero);
    fmpz_poly_clear(f);
    fmpz_poly_clear(fr);
}
