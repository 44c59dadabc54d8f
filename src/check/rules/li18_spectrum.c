/* Exact spectra of symmetric rational matrices in the checker: the
 * characteristic polynomial, the inertia, and the witnesses |lambda|max and
 * |lambda|min, verified without isolating any root, by Descartes' rule of
 * signs and exact arithmetic:
 *
 *   (D) the number of sign changes in the coefficients of f(a + x), resp. of
 *       (1 + x)^n f((a + b x)/(1 + x)), bounds the number of roots of f in
 *       (a, inf), resp. (a, b), counted with multiplicity, from above.
 *
 * A witness {poly, lo, hi} for |lambda|max = A: poly is irreducible, A is its
 * one root in (lo, hi) (a sign change of poly, and (D) bounds the count by 1)
 * and A > 0; the eigenvalues +A and -A have together the multiplicity
 * k = e(poly) + e(poly(-x)) > 0 (the exponents in the charpoly). Then with
 * N(c) = (D) for cp on (c, inf) plus (D) for cp(-x) on (c, inf), an upper
 * bound for the number of eigenvalues with |lambda| > c, N(lo') = k for some
 * lo' < A proves that no eigenvalue but +-A has |lambda| > lo', so none has
 * |lambda| > A. lo' comes from bisecting [lo, hi] (as given: the certificate's
 * own interval is already narrow) until that holds. |lambda|min = B works
 * the same way on the reversed polynomial, whose roots are the 1/lambda.
 *
 * The inertia uses that (D) is exact for a polynomial with only real roots,
 * as the charpoly of a real symmetric matrix is: [V(cp(-x)), z, V(cp)] after
 * dividing out x^z. (A negative answer in the loops above uses it too, to
 * reject at once; acceptance never does.) The condition number is then printed
 * exactly as the prover prints it. */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpz_mat.h>

#define COND_PREC 128 /* the prover's enclosure of cond */
#define COND_DIGITS 20
/* The prover's intervals are narrow (2^-144) and need no halving; a few
 * halvings allow a wider but honest one, and bound what a hostile one costs. */
#define MAX_BISECT 8

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

/* A polynomial and its reflection: N(c) = ck_descartes(f, c) + ck_descartes(fr, c)
 * bounds the number of its roots with |root| > c, for c >= 0. */
typedef struct {
    fmpz_poly_t f, fr;
} sym_poly;

static slong above(const sym_poly *s, const fmpq_t c)
{
    return ck_descartes(s->f, c, NULL) + ck_descartes(s->fr, c, NULL);
}

typedef struct {
    fmpz_poly_t p;
    fmpq_t lo, hi;
} witness;

/* Reads {poly, lo, hi}: the root A > 0 of poly in (lo, hi), a |lambda|
 * whose +-A have multiplicity *k > 0 in cp. */
static int witness_read(ck_t *ck, witness *w, slong *k, const fmpz_poly_t cp, const json_t *j,
                        const char *path)
{
    char sub[CK_PATH];
    if (ck_keys(ck, j, path, "hi lo poly") ||
        ck_poly(ck, w->p, json_object_get(j, "poly"), (ck_pathf(sub, "%s.poly", path), sub)) ||
        ck_qw(ck, w->lo, json_object_get(j, "lo"), (ck_pathf(sub, "%s.lo", path), sub)) ||
        ck_qw(ck, w->hi, json_object_get(j, "hi"), (ck_pathf(sub, "%s.hi", path), sub)))
        return -1;
    fmpq_t width;
    fmpq_init(width);
    fmpq_sub(width, w->hi, w->lo);
    fmpq_div_2exp(width, width, RC_LIMIT_WIDTH_BITS);
    int wide = fmpq_cmp_ui(width, 1) >= 0;
    fmpq_clear(width);
    if (wide)
        return ck_limit(ck, path, "an interval wider than 2^%d", RC_LIMIT_WIDTH_BITS);
    ck_pathf(sub, "%s.poly", path);
    if (fmpz_poly_degree(w->p) > fmpz_poly_degree(cp) || fmpz_poly_degree(w->p) < 1)
        return ck_fail(ck, sub, "its degree is not between 1 and the charpoly's");
    if (!ck_poly_irreducible(w->p))
        return ck_fail(ck, sub, "not irreducible, primitive with positive leading coefficient");
    fmpz_poly_t r;
    fmpz_poly_init(r);
    ck_reflect(r, w->p);
    *k = ck_exponent(w->p, cp) + ck_exponent(r, cp);
    fmpz_poly_clear(r);
    if (*k == 0)
        return ck_fail(ck, sub, "+-its roots are no eigenvalues: it divides neither the charpoly nor the charpoly at -x");
    fmpq_t zero;
    fmpq_init(zero);
    int s_lo = ck_poly_sign_at(w->p, w->lo), s_hi = ck_poly_sign_at(w->p, w->hi),
        s_0 = ck_poly_sign_at(w->p, zero);
    fmpq_clear(zero);
    if (fmpz_poly_degree(w->p) == 1) {
        if (!fmpq_equal(w->lo, w->hi) || s_lo != 0 || fmpq_sgn(w->lo) <= 0)
            return ck_fail(ck, path, "a rational |lambda| needs lo == hi == the positive root");
        return 0;
    }
    if (fmpq_cmp(w->lo, w->hi) >= 0 || s_lo * s_hi >= 0 || ck_descartes(w->p, w->lo, w->hi) != 1)
        return ck_fail(ck, path, "(lo, hi) does not isolate one root of poly");
    if (fmpq_sgn(w->lo) < 0 && s_0 * s_hi >= 0)
        return ck_fail(ck, path, "the root in (lo, hi) is not positive");
    return 0;
}

/* Beyond the witness's A, no |lambda|: with s the charpoly (nonzero roots),
 * none has |lambda| > A; with s its reversal (roots 1/lambda) and inv set,
 * none has 0 < |lambda| < A. k: the multiplicity of +-A. */
static int witness_extreme(ck_t *ck, const witness *w, slong k, const sym_poly *s, int inv,
                           const char *path)
{
    fmpq_t lo, hi, c;
    fmpq_init(lo);
    fmpq_init(hi);
    fmpq_init(c);
    fmpq_set(lo, w->lo);
    fmpq_set(hi, w->hi);
    if (fmpq_sgn(lo) < 0)
        fmpq_zero(lo); /* A > 0 was checked */
    int rational = fmpz_poly_degree(w->p) == 1, rc = 1;
    for (slong it = 0; rc > 0 && it < MAX_BISECT; it++) {
        /* the end of (lo, hi) facing A's rivals: lo for the max; hi, i.e.
           1/hi among the 1/lambda, for the min */
        if (inv)
            fmpq_inv(c, hi);
        else
            fmpq_set(c, lo);
        if (above(s, c) == (rational ? 0 : k)) {
            rc = 0; /* every |lambda| beyond it is +-A */
            break;
        }
        /* the other end: beyond it, a rival beats A ((D) is exact here) */
        if (inv && fmpq_sgn(lo) > 0)
            fmpq_inv(c, lo);
        else
            fmpq_set(c, hi);
        if (rational || ((!inv || fmpq_sgn(lo) > 0) && above(s, c) > 0))
            rc = ck_fail(ck, path, "an eigenvalue is %s in absolute value", inv ? "smaller" : "larger");
        ck_halve(w->p, lo, hi);
    }
    if (rc > 0)
        rc = ck_fail(ck, path, "cannot confirm it is the extreme |lambda|");
    fmpq_clear(lo);
    fmpq_clear(hi);
    fmpq_clear(c);
    return rc;
}

/* The prover's ball for the witness: its interval halved (as the prover
 * refines it) to width < 2^-(COND_PREC+16), then the hull of both ends. */
static void witness_ball(arb_t out, const witness *w)
{
    fmpq_t lo, hi;
    fmpq_init(lo);
    fmpq_init(hi);
    fmpq_set(lo, w->lo);
    fmpq_set(hi, w->hi);
    ck_refine(w->p, lo, hi, COND_PREC + 16); /* the width was checked when read */
    ck_hull(out, lo, hi, COND_PREC + 32);
    fmpq_clear(lo);
    fmpq_clear(hi);
}

static json_t *witness_json(const witness *w)
{
    json_t *o = json_object();
    json_object_set_new(o, "poly", rc_json_poly(w->p));
    json_object_set_new(o, "lo", rc_json_fmpq(w->lo));
    json_object_set_new(o, "hi", rc_json_fmpq(w->hi));
    return o;
}

int ck_spectrum(ck_t *ck, json_t **out, arb_t cond, int *singular, const fmpq_mat_t S,
                const json_t *w, const char *path)
{
    char pmax[CK_PATH], pmin[CK_PATH];
    fmpz_poly_t cp;
    sym_poly big, small; /* cp without its roots 0, and its reversal */
    witness wmax, wmin;
    slong kmax = 0, kmin = 0, z = 0;
    fmpz_poly_init(cp);
    ck_charpoly(cp, S);
    fmpz_poly_init(big.f);
    fmpz_poly_init(big.fr);
    fmpz_poly_init(small.f);
    fmpz_poly_init(small.fr);
    witness *ws[] = {&wmax, &wmin};
    for (int i = 0; i < 2; i++) {
        fmpz_poly_init(ws[i]->p);
        fmpq_init(ws[i]->lo);
        fmpq_init(ws[i]->hi);
    }
    while (fmpz_is_zero(cp->coeffs + z))
        z++;
    fmpz_poly_shift_right(big.f, cp, z);
    ck_reflect(big.fr, big.f);
    fmpz_poly_reverse(small.f, big.f, fmpz_poly_length(big.f));
    ck_reflect(small.fr, small.f);
    *singular = z > 0;
    slong inertia[3];
    ck_inertia(inertia, cp);
    int rc = 0;
    if (!*singular) {
        const json_t *jmax = ck_get(ck, w, "abs_max", pmax, path), *jmin = NULL;
        rc = !jmax || !(jmin = ck_get(ck, w, "abs_min", pmin, path)) ||
                     witness_read(ck, &wmax, &kmax, cp, jmax, pmax) ||
                     witness_read(ck, &wmin, &kmin, cp, jmin, pmin) ||
                     witness_extreme(ck, &wmax, kmax, &big, 0, pmax) ||
                     witness_extreme(ck, &wmin, kmin, &small, 1, pmin)
                 ? -1 : 0;
    }
    if (rc == 0) {
        json_t *o = json_object();
        json_object_set_new(o, "charpoly", rc_json_poly(cp));
        json_object_set_new(o, "singular", json_boolean(*singular));
        json_object_set_new(o, "inertia", json_pack("[I,I,I]", (json_int_t)inertia[0],
                                                    (json_int_t)inertia[1], (json_int_t)inertia[2]));
        if (*singular) {
            json_object_set_new(o, "cond", json_string("inf"));
        } else {
            arb_t b;
            arb_init(b);
            witness_ball(cond, &wmax);
            witness_ball(b, &wmin);
            arb_div(cond, cond, b, COND_PREC);
            char *s = arb_get_str(cond, COND_DIGITS, 0);
            json_object_set_new(o, "abs_max", witness_json(&wmax));
            json_object_set_new(o, "abs_min", witness_json(&wmin));
            json_object_set_new(o, "cond", json_string(s));
            flint_free(s);
            arb_clear(b);
        }
        *out = o;
    }
    for (int i = 0; i < 2; i++) {
        fmpz_poly_clear(ws[i]->p);
        fmpq_clear(ws[i]->lo);
        fmpq_clear(ws[i]->hi);
    }
    fmpz_poly_clear(big.f);
    fmpz_poly_clear(big.fr);
    fmpz_poly_clear(small.f);
    fmpz_poly_clear(small.fr);
    fmpz_poly_clear(cp);
    return rc;
}
