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
        /* positive roots of f, and positive roots of f(-x) (= -negative roots) */
        for (int side = 0; side < 2; side++) {
            fmpz_poly_t g;
            fmpz_poly_init(g);
            if (side == 0)
                fmpz_poly_set(g, f);
            else
                reflect(g, f);
            if (fmpz_sgn(fmpz_poly_lead(g)) < 0)
                fmpz_poly_neg(g, g);
            fmpq *iv;
            slong nr = rc_isolate_roots(&iv, g, zero, 0, zero, 1);
            for (slong k = 0; k < nr; k++) {
                fmpz_poly_set(cand->poly, g);
                fmpq_set(cand->lo, iv + 2 * k);
                fmpq_set(cand->hi, iv + 2 * k + 1);
                consider(c, cand, &have);
            }
            if (side == 0)
                c->n_positive += nr * e;
            else
                c->n_negative += nr * e;
            if (nr)
                _fmpq_vec_clear(iv, 2 * nr);
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
