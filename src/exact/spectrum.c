/* Exact eigenvalue extremes and condition numbers of symmetric matrices. */
#include "rescheck/spectrum.h"

#include <string.h>

#include <flint/fmpq_vec.h>
#include <flint/fmpz_poly_factor.h>

void rc_cond_init(rc_cond_t c)
{
    c->singular = 0;
    rc_alg_init(c->abs_max);
    rc_alg_init(c->abs_min);
    c->n_negative = c->n_positive = c->n_zero = 0;
    arb_init(c->cond);
}

void rc_cond_clear(rc_cond_t c)
{
    rc_alg_clear(c->abs_max);
    rc_alg_clear(c->abs_min);
    arb_clear(c->cond);
}

void rc_charpoly_fmpz(fmpz_poly_t cp, const fmpq_mat_t A)
{
    fmpz_mat_t Z;
    fmpz_t den;
    fmpz_mat_init(Z, fmpq_mat_nrows(A), fmpq_mat_ncols(A));
    fmpz_init(den);
    /* charpoly(A)(x) = charpoly(den*A)(den*x) / den^n: compute on integers */
    fmpq_mat_get_fmpz_mat_matwise(Z, den, A);
    fmpz_mat_charpoly(cp, Z);
    /* substitute x -> den*x */
    fmpz_t pw;
    fmpz_init_set_ui(pw, 1);
    for (slong k = 0; k <= fmpz_poly_degree(cp); k++) {
        fmpz_mul(cp->coeffs + k, cp->coeffs + k, pw);
        fmpz_mul(pw, pw, den);
    }
    fmpz_poly_primitive_part(cp, cp);
    fmpz_clear(pw);
    fmpz_clear(den);
    fmpz_mat_clear(Z);
}

/* the root of f at -x: f(-x), made primitive with positive leading coefficient */
static void reflect(fmpz_poly_t g, const fmpz_poly_t f)
{
    fmpz_poly_set(g, f);
    for (slong k = 1; k <= fmpz_poly_degree(g); k += 2)
        fmpz_neg(g->coeffs + k, g->coeffs + k);
    if (fmpz_sgn(fmpz_poly_lead(g)) < 0)
        fmpz_poly_neg(g, g);
}

/* Descartes' rule of signs: the sign changes of the coefficients of f(c + x)
 * count the roots of f above c exactly when every root of f is real, as for a
 * factor of the charpoly of a symmetric matrix. */
static slong roots_above(const fmpz_poly_t f, const fmpq_t c)
{
    slong n = fmpz_poly_degree(f), v = 0;
    fmpz_poly_t g;
    fmpz_t pw;
    fmpz_poly_init(g);
    fmpz_init_set_ui(pw, 1);
    /* q^n f((p + x) / q) for c = p/q */
    fmpz_poly_set(g, f);
    for (slong k = n; k >= 0; k--) {
        fmpz_mul(g->coeffs + k, g->coeffs + k, pw);
        fmpz_mul(pw, pw, fmpq_denref(c));
    }
    fmpz_poly_taylor_shift(g, g, fmpq_numref(c));
    int prev = 0;
    for (slong k = 0; k <= n; k++) {
        int sg = fmpz_sgn(g->coeffs + k);
        v += sg && prev && sg != prev;
        prev = sg ? sg : prev;
    }
    fmpz_poly_clear(g);
    fmpz_clear(pw);
    return v;
}

/* An isolating interval (lo, hi) of the largest root of f, irreducible,
 * real-rooted, with a positive root. The counts above c are taken at c = 2^e
 * first (the root's binade), then at midpoints of at most MANTISSA_BITS bits,
 * so the shifted coefficients stay small. 0 on success; -1 when the largest
 * roots are closer than that resolution (the caller isolates otherwise). */
#define MANTISSA_BITS 48
static int largest_root(fmpq_t lo, fmpq_t hi, const fmpz_poly_t f)
{
    slong e = 0;
    fmpq_t c;
    fmpq_init(c);
    fmpq_one(c);
    if (roots_above(f, c) > 0)
        while (fmpq_mul_2exp(c, c, 1), e++, roots_above(f, c) > 0)
            ;
    else
        while (fmpq_div_2exp(c, c, 1), e--, roots_above(f, c) == 0)
            ;
    /* the largest root lies in (2^(e-1), 2^e] when e > 0 moved up, else in (2^e, 2^(e+1)) */
    if (roots_above(f, c) > 0) {
        fmpq_set(lo, c);
        fmpq_mul_2exp(hi, c, 1);
    } else {
        fmpq_div_2exp(lo, c, 1);
        fmpq_set(hi, c);
    }
    int rc = -1;
    for (int k = 0; k <= MANTISSA_BITS; k++) {
        if (roots_above(f, lo) == 1) {
            rc = 0;
            break;
        }
        fmpq_add(c, lo, hi);
        fmpq_div_2exp(c, c, 1);
        if (roots_above(f, c) > 0)
            fmpq_set(lo, c);
        else
            fmpq_set(hi, c);
    }
    fmpq_clear(c);
    return rc;
}

/* the largest and smallest positive roots of the irreducible f (degree >= 2)
 * of a real-rooted charpoly into big and small; returns the number of
 * positive roots, or -1 when they could not be separated this way */
static slong positive_extremes(rc_alg_t big, rc_alg_t small, const fmpz_poly_t f)
{
    fmpq_t zero, lo, hi;
    fmpq_init(zero);
    fmpq_init(lo);
    fmpq_init(hi);
    slong n = roots_above(f, zero);
    if (n > 0) {
        fmpz_poly_t rev; /* its roots are the 1/root */
        fmpz_poly_init(rev);
        fmpz_poly_reverse(rev, f, fmpz_poly_length(f));
        if (fmpz_sgn(fmpz_poly_lead(rev)) < 0)
            fmpz_poly_neg(rev, rev);
        if (largest_root(big->lo, big->hi, f) || largest_root(lo, hi, rev))
            n = -1;
        fmpq_inv(small->lo, hi);
        fmpq_inv(small->hi, lo);
        fmpz_poly_set(big->poly, f);
        fmpz_poly_set(small->poly, f);
        fmpz_poly_clear(rev);
    }
    fmpq_clear(zero);
    fmpq_clear(lo);
    fmpq_clear(hi);
    return n;
}

/* updates the running max / min of |lambda| with a candidate */
static void consider(rc_cond_t c, rc_alg_t cand, int *have)
{
    if (!*have) {
        rc_alg_set(c->abs_max, cand);
        rc_alg_set(c->abs_min, cand);
        *have = 1;
        return;
    }
    if (rc_alg_cmp(cand, c->abs_max) > 0)
        rc_alg_set(c->abs_max, cand);
    if (rc_alg_cmp(cand, c->abs_min) < 0)
        rc_alg_set(c->abs_min, cand);
}

void rc_cond_from_charpoly(rc_cond_t c, const fmpz_poly_t cp, slong prec)
{
    fmpz_poly_factor_t fac;
    fmpz_poly_factor_init(fac);
    fmpz_poly_factor(fac, cp);
    c->singular = 0;
    c->n_negative = c->n_positive = c->n_zero = 0;
    fmpq_t zero;
    fmpq_init(zero);
    rc_alg_t cand;
    rc_alg_init(cand);
    int have = 0;
    for (slong i = 0; i < fac->num; i++) {
        fmpz_poly_struct *f = fac->p + i;
        slong e = fac->exp[i];
        if (fmpz_poly_degree(f) == 1) {
            fmpq_t r;
            fmpq_init(r);
            fmpz_neg(fmpq_numref(r), f->coeffs + 0);
            fmpz_set(fmpq_denref(r), f->coeffs + 1);
            fmpq_canonicalise(r);
            int s = fmpq_sgn(r);
            if (s == 0) {
                c->singular = 1;
                c->n_zero += e;
            } else {
                s > 0 ? (c->n_positive += e) : (c->n_negative += e);
                fmpq_abs(r, r);
                rc_alg_set_fmpq(cand, r);
                consider(c, cand, &have);
            }
            fmpq_clear(r);
            continue;
        }
        /* positive roots of f, and positive roots of f(-x) (= -negative roots):
           the extremes by Descartes counts, else by isolating every root */
        for (int side = 0; side < 2; side++) {
            fmpz_poly_t g;
            fmpz_poly_init(g);
            if (side == 0)
                fmpz_poly_set(g, f);
            else
                reflect(g, f);
            if (fmpz_sgn(fmpz_poly_lead(g)) < 0)
                fmpz_poly_neg(g, g);
            rc_alg_t small;
            rc_alg_init(small);
            slong nr = positive_extremes(cand, small, g);
            if (nr > 0) {
                consider(c, cand, &have);
                consider(c, small, &have);
            } else if (nr < 0) {
                fmpq *iv;
                nr = rc_isolate_roots(&iv, g, zero, 0, zero, 1);
                for (slong k = 0; k < nr; k++) {
                    fmpz_poly_set(cand->poly, g);
                    fmpq_set(cand->lo, iv + 2 * k);
                    fmpq_set(cand->hi, iv + 2 * k + 1);
                    consider(c, cand, &have);
                }
                if (nr)
                    _fmpq_vec_clear(iv, 2 * nr);
            }
            rc_alg_clear(small);
            if (side == 0)
                c->n_positive += nr * e;
            else
                c->n_negative += nr * e;
            fmpz_poly_clear(g);
        }
    }
    if (!c->singular && have) {
        arb_t a, b, t;
        arb_init(a);
        arb_init(b);
        arb_init(t);
        rc_alg_refine_bits(c->abs_max, prec + 16);
        rc_alg_refine_bits(c->abs_min, prec + 16);
        arb_set_fmpq(a, c->abs_max->lo, prec + 32);
        arb_set_fmpq(t, c->abs_max->hi, prec + 32);
        arb_union(a, a, t, prec + 32);
        arb_set_fmpq(b, c->abs_min->lo, prec + 32);
        arb_set_fmpq(t, c->abs_min->hi, prec + 32);
        arb_union(b, b, t, prec + 32);
        arb_div(c->cond, a, b, prec);
        arb_clear(a);
        arb_clear(b);
        arb_clear(t);
    }
    rc_alg_clear(cand);
    fmpq_clear(zero);
    fmpz_poly_factor_clear(fac);
}

char *rc_cond_get_str(const rc_cond_t c, slong digits)
{
    if (c->singular) {
        char *s = flint_malloc(4);
        strcpy(s, "inf");
        return s;
    }
    char *a = arb_get_str(c->cond, digits, 0);
    char *s = flint_malloc(strlen(a) + 1);
    strcpy(s, a);
    flint_free(a);
    return s;
}
