/* Real algebraic numbers by isolating intervals; Sturm sequences. */
#include "rescheck/alg.h"
#include "rescheck/qrho.h"

#include <stdio.h>
#include <string.h>

#include <arb.h>
#include <arb_fmpz_poly.h>
#include <acb.h>
#include <flint/fmpq_vec.h>
#include <flint/fmpz_factor.h>

void rc_alg_init(rc_alg_t a)
{
    fmpz_poly_init(a->poly);
    fmpq_init(a->lo);
    fmpq_init(a->hi);
    fmpz_poly_set_coeff_si(a->poly, 1, 1); /* the number 0 */
}

void rc_alg_clear(rc_alg_t a)
{
    fmpz_poly_clear(a->poly);
    fmpq_clear(a->lo);
    fmpq_clear(a->hi);
}

void rc_alg_set(rc_alg_t a, const rc_alg_t b)
{
    fmpz_poly_set(a->poly, b->poly);
    fmpq_set(a->lo, b->lo);
    fmpq_set(a->hi, b->hi);
}

void rc_alg_set_fmpq(rc_alg_t a, const fmpq_t q)
{
    /* q = n/d is the root of d*x - n */
    fmpz_poly_zero(a->poly);
    fmpz_poly_set_coeff_fmpz(a->poly, 1, fmpq_denref(q));
    fmpz_t t;
    fmpz_init(t);
    fmpz_neg(t, fmpq_numref(q));
    fmpz_poly_set_coeff_fmpz(a->poly, 0, t);
    fmpz_clear(t);
    fmpq_set(a->lo, q);
    fmpq_set(a->hi, q);
}

int rc_alg_is_rational(const rc_alg_t a)
{
    return fmpz_poly_degree(a->poly) == 1;
}

static int sign_at(const fmpz_poly_t f, const fmpq_t t)
{
    fmpq_t v;
    fmpq_init(v);
    fmpz_poly_evaluate_fmpq(v, f, t);
    int s = fmpq_sgn(v);
    fmpq_clear(v);
    return s;
}

void rc_alg_set_sqrt_fmpq(rc_alg_t a, const fmpq_t q)
{
    fmpz_t n, d;
    fmpz_init(n);
    fmpz_init(d);
    if (fmpz_is_square(fmpq_numref(q)) && fmpz_is_square(fmpq_denref(q))) {
        fmpq_t r;
        fmpq_init(r);
        fmpz_sqrt(n, fmpq_numref(q));
        fmpz_sqrt(d, fmpq_denref(q));
        fmpq_set_fmpz_frac(r, n, d);
        rc_alg_set_fmpq(a, r);
        fmpq_clear(r);
    } else {
        /* root of den*x^2 - num in [floor(sqrt(q)), floor(sqrt(q)) + 1] */
        fmpz_poly_zero(a->poly);
        fmpz_poly_set_coeff_fmpz(a->poly, 2, fmpq_denref(q));
        fmpz_neg(n, fmpq_numref(q));
        fmpz_poly_set_coeff_fmpz(a->poly, 0, n);
        fmpz_fdiv_q(n, fmpq_numref(q), fmpq_denref(q));
        fmpz_sqrt(n, n);
        fmpq_set_fmpz_frac(a->lo, n, (fmpz_one(d), d));
        fmpz_add_ui(n, n, 1);
        fmpq_set_fmpz_frac(a->hi, n, d);
    }
    fmpz_clear(n);
    fmpz_clear(d);
}

void rc_alg_refine(rc_alg_t a)
{
    if (rc_alg_is_rational(a))
        return;
    fmpq_t mid;
    fmpq_init(mid);
    fmpq_add(mid, a->lo, a->hi);
    fmpq_div_2exp(mid, mid, 1);
    if (sign_at(a->poly, mid) == sign_at(a->poly, a->lo))
        fmpq_set(a->lo, mid);
    else
        fmpq_set(a->hi, mid);
    fmpq_clear(mid);
}

void rc_alg_refine_bits(rc_alg_t a, slong bits)
{
    fmpq_t w, eps;
    fmpq_init(w);
    fmpq_init(eps);
    fmpq_one(eps);
    fmpq_div_2exp(eps, eps, bits);
    for (;;) {
        fmpq_sub(w, a->hi, a->lo);
        if (fmpq_cmp(w, eps) < 0)
            break;
        rc_alg_refine(a);
    }
    fmpq_clear(w);
    fmpq_clear(eps);
}

/* the root of a (irrational) is below t: t beyond the isolating interval
 * decides, else whether a's polynomial changes sign on (lo, t) */
static int alg_below(const rc_alg_t a, const fmpq_t t)
{
    if (fmpq_cmp(a->hi, t) <= 0)
        return 1;
    if (fmpq_cmp(a->lo, t) >= 0)
        return 0;
    return sign_at(a->poly, a->lo) != sign_at(a->poly, t);
}

void rc_alg_canonical(rc_alg_t a)
{
    if (rc_alg_is_rational(a))
        return;
    rc_alg_refine_bits(a, 0); /* width < 1: the root is in (floor(lo), floor(lo) + 2) */
    fmpz_t k;
    fmpq_t lo, hi, mid;
    fmpz_init(k);
    fmpq_init(lo);
    fmpq_init(hi);
    fmpq_init(mid);
    fmpz_fdiv_q(k, fmpq_numref(a->lo), fmpq_denref(a->lo));
    fmpq_set_fmpz(lo, k);
    fmpq_add_si(hi, lo, 1);
    if (!alg_below(a, hi)) {
        fmpq_set(lo, hi);
        fmpq_add_si(hi, lo, 1);
    }
    rc_sturm_t s;
    rc_sturm_init(s, a->poly);
    while (rc_sturm_variations(s, lo, 0) - rc_sturm_variations(s, hi, 0) != 1) {
        fmpq_add(mid, lo, hi);
        fmpq_div_2exp(mid, mid, 1);
        if (alg_below(a, mid))
            fmpq_set(hi, mid);
        else
            fmpq_set(lo, mid);
    }
    rc_sturm_clear(s);
    fmpq_swap(a->lo, lo);
    fmpq_swap(a->hi, hi);
    fmpz_clear(k);
    fmpq_clear(lo);
    fmpq_clear(hi);
    fmpq_clear(mid);
}

int rc_alg_cmp_fmpq(rc_alg_t a, const fmpq_t q)
{
    for (;;) {
        if (fmpq_cmp(a->hi, q) < 0)
            return -1;
        if (fmpq_cmp(a->lo, q) > 0)
            return 1;
        if (rc_alg_is_rational(a))
            return 0;
        /* q inside [lo, hi] and a irrational: q != a, refine */
        rc_alg_refine(a);
    }
}

int rc_alg_cmp(rc_alg_t a, rc_alg_t b)
{
    if (rc_alg_is_rational(b))
        return rc_alg_cmp_fmpq(a, b->lo);
    if (rc_alg_is_rational(a))
        return -rc_alg_cmp_fmpq(b, a->lo);
    if (fmpz_poly_equal(a->poly, b->poly)) {
        /* Same irreducible polynomial: equal iff the intervals share the root. */
        for (;;) {
            if (fmpq_cmp(a->hi, b->lo) < 0)
                return -1;
            if (fmpq_cmp(b->hi, a->lo) < 0)
                return 1;
            if (fmpq_equal(a->lo, b->lo) && fmpq_equal(a->hi, b->hi))
                return 0;
            /* overlapping: the intersection holds a's root iff it holds b's */
            fmpq_t lo, hi;
            fmpq_init(lo);
            fmpq_init(hi);
            fmpq_set(lo, fmpq_cmp(a->lo, b->lo) > 0 ? a->lo : b->lo);
            fmpq_set(hi, fmpq_cmp(a->hi, b->hi) < 0 ? a->hi : b->hi);
            int in_a = sign_at(a->poly, lo) != sign_at(a->poly, hi);
            if (in_a) {
                /* one root of poly in the intersection: both intervals hold it */
                fmpq_set(a->lo, lo);
                fmpq_set(a->hi, hi);
                fmpq_set(b->lo, lo);
                fmpq_set(b->hi, hi);
                fmpq_clear(lo);
                fmpq_clear(hi);
                return 0;
            }
            fmpq_clear(lo);
            fmpq_clear(hi);
            rc_alg_refine(a);
            rc_alg_refine(b);
        }
    }
    /* different irreducible polynomials have no common root */
    for (;;) {
        if (fmpq_cmp(a->hi, b->lo) < 0)
            return -1;
        if (fmpq_cmp(b->hi, a->lo) < 0)
            return 1;
        rc_alg_refine(a);
        rc_alg_refine(b);
    }
}

char *rc_alg_get_decimal(const rc_alg_t a, slong digits)
{
    slong prec = 4 * digits + 64;
    arb_t lo, hi;
    arb_init(lo);
    arb_init(hi);
    rc_alg_t b;
    rc_alg_init(b);
    rc_alg_set(b, a);
    rc_alg_refine_bits(b, (slong)(3.33 * (double)digits) + 16);
    arb_set_fmpq(lo, b->lo, prec);
    arb_set_fmpq(hi, b->hi, prec);
    arb_union(lo, lo, hi, prec);
    char *s = arb_get_str(lo, digits, 0);
    char *out = flint_malloc(strlen(s) + 1);
    strcpy(out, s);
    flint_free(s);
    rc_alg_clear(b);
    arb_clear(lo);
    arb_clear(hi);
    return out;
}

/* sqrt(n) = k*sqrt(r), with the square factors of primes below 2^16 and a
 * square cofactor moved into k. Only for printing: a full factorisation of a
 * large discriminant could take hours, so r may keep a square of a large
 * prime (the form printed is still exact). */
void rc_fmpz_sqrt_split(fmpz_t k, fmpz_t r, const fmpz_t n)
{
    fmpz_t m, p;
    fmpz_init_set(m, n);
    fmpz_init(p);
    fmpz_one(k);
    fmpz_one(r);
    for (ulong q = 2; q < (1UL << 16) && fmpz_cmp_ui(m, 1) > 0; q = n_nextprime(q, 1)) {
        fmpz_set_ui(p, q);
        slong e = fmpz_remove(m, m, p);
        for (slong i = 0; i < e / 2; i++)
            fmpz_mul_ui(k, k, q);
        if (e % 2)
            fmpz_mul_ui(r, r, q);
    }
    if (fmpz_is_square(m)) {
        fmpz_sqrt(m, m);
        fmpz_mul(k, k, m);
    } else {
        fmpz_mul(r, r, m);
    }
    fmpz_clear(m);
    fmpz_clear(p);
}

static char *str_printf(const char *fmt, const char *a, const char *b, const char *c,
                        const char *d)
{
    size_t n = strlen(fmt) + strlen(a) + strlen(b) + strlen(c) + strlen(d) + 1;
    char *s = flint_malloc(n);
    snprintf(s, n, fmt, a, b, c, d);
    return s;
}

/* (-b +- k*sqrt(r)) / (2a) in lowest terms */
static char *quadratic_str(const rc_alg_t a)
{
    fmpz_t A, B, C, disc, k, r, g, t;
    fmpz_init(A); fmpz_init(B); fmpz_init(C); fmpz_init(disc);
    fmpz_init(k); fmpz_init(r); fmpz_init(g); fmpz_init(t);
    fmpz_poly_get_coeff_fmpz(A, a->poly, 2);
    fmpz_poly_get_coeff_fmpz(B, a->poly, 1);
    fmpz_poly_get_coeff_fmpz(C, a->poly, 0);
    fmpz_mul(disc, B, B);
    fmpz_mul(t, A, C);
    fmpz_submul_ui(disc, t, 4);
    rc_fmpz_sqrt_split(k, r, disc);
    /* which sign: the root is the larger one iff it exceeds -B/(2A) */
    fmpq_t vertex;
    fmpq_init(vertex);
    fmpz_mul_2exp(t, A, 1);
    fmpz_neg(g, B);
    fmpq_set_fmpz_frac(vertex, g, t);
    rc_alg_t tmp;
    rc_alg_init(tmp);
    rc_alg_set(tmp, a);
    int plus = rc_alg_cmp_fmpq(tmp, vertex) > 0;
    rc_alg_clear(tmp);
    fmpq_clear(vertex);
    /* common divisor of -B, k, 2A */
    fmpz_mul_2exp(t, A, 1);
    fmpz_gcd(g, B, k);
    fmpz_gcd(g, g, t);
    fmpz_neg(B, B);
    fmpz_divexact(B, B, g);
    fmpz_divexact(k, k, g);
    fmpz_divexact(t, t, g);
    char *sb = fmpz_get_str(NULL, 10, B);
    char *sk = fmpz_is_one(k) ? NULL : fmpz_get_str(NULL, 10, k);
    char *sr = fmpz_get_str(NULL, 10, r);
    char *st = fmpz_get_str(NULL, 10, t);
    char root[512];
    snprintf(root, sizeof root, "%s%ssqrt(%s)", sk ? sk : "", sk ? "*" : "", sr);
    char *out;
    int has_b = !fmpz_is_zero(B), has_den = !fmpz_is_one(t);
    if (!has_b)
        out = str_printf("%s%s%s%s", plus ? "" : "-", root, has_den ? "/" : "", has_den ? st : "");
    else if (!has_den)
        out = str_printf("%s%s%s%s", sb, plus ? "+" : "-", root, "");
    else
        out = str_printf("(%s%s%s)/%s", sb, plus ? "+" : "-", root, st);
    flint_free(sb);
    if (sk)
        flint_free(sk);
    flint_free(sr);
    flint_free(st);
    fmpz_clear(A); fmpz_clear(B); fmpz_clear(C); fmpz_clear(disc);
    fmpz_clear(k); fmpz_clear(r); fmpz_clear(g); fmpz_clear(t);
    return out;
}

char *rc_alg_get_str(const rc_alg_t a)
{
    if (rc_alg_is_rational(a))
        return rc_fmpq_get_str(a->lo);
    if (fmpz_poly_degree(a->poly) == 2)
        return quadratic_str(a);
    char *p = rc_fmpz_poly_get_str(a->poly);
    char *l = rc_fmpq_get_str(a->lo);
    char *h = rc_fmpq_get_str(a->hi);
    char *out = str_printf("root of %s in [%s, %s]%s", p, l, h, "");
    flint_free(p);
    flint_free(l);
    flint_free(h);
    return out;
}

void rc_end_init(rc_end_t e)
{
    e->inf = 0;
    rc_alg_init(e->x);
}

void rc_end_clear(rc_end_t e)
{
    rc_alg_clear(e->x);
}

void rc_end_set(rc_end_t e, const rc_end_t f)
{
    e->inf = f->inf;
    rc_alg_set(e->x, f->x);
}

char *rc_end_get_str(const rc_end_t e)
{
    if (e->inf) {
        char *s = flint_malloc(8);
        strcpy(s, e->inf < 0 ? "-inf" : "inf");
        return s;
    }
    return rc_alg_get_str(e->x);
}

/* Simplest rational in the open interval (a, b). */
static void simplest_between(fmpq_t out, const fmpq_t a, int a_inf, const fmpq_t b, int b_inf)
{
    fmpz_t n;
    fmpz_init(n);
    if (a_inf && b_inf) {
        fmpq_zero(out);
    } else if (a_inf) {
        /* largest integer < b, but 0 when b > 0 */
        if (fmpq_sgn(b) > 0) {
            fmpq_zero(out);
        } else {
            fmpz_cdiv_q(n, fmpq_numref(b), fmpq_denref(b));
            fmpz_sub_ui(n, n, 1);
            fmpq_set_fmpz_frac(out, n, (fmpz_one(fmpq_denref(out)), fmpq_denref(out)));
        }
    } else if (b_inf) {
        if (fmpq_sgn(a) < 0) {
            fmpq_zero(out);
        } else {
            fmpz_fdiv_q(n, fmpq_numref(a), fmpq_denref(a));
            fmpz_add_ui(n, n, 1);
            fmpz_set(fmpq_numref(out), n);
            fmpz_one(fmpq_denref(out));
        }
    } else if (fmpq_sgn(a) < 0 && fmpq_sgn(b) > 0) {
        fmpq_zero(out);
    } else if (fmpq_sgn(b) <= 0) {
        /* mirror to the positive side */
        fmpq_t na, nb;
        fmpq_init(na);
        fmpq_init(nb);
        fmpq_neg(na, b);
        fmpq_neg(nb, a);
        simplest_between(out, na, 0, nb, 0);
        fmpq_neg(out, out);
        fmpq_clear(na);
        fmpq_clear(nb);
    } else {
        /* 0 <= a < b */
        fmpz_fdiv_q(n, fmpq_numref(a), fmpq_denref(a));
        fmpq_t cand;
        fmpq_init(cand);
        fmpz_add_ui(fmpq_numref(cand), n, 1);
        fmpz_one(fmpq_denref(cand));
        if (fmpq_cmp(cand, b) < 0) {
            fmpq_set(out, cand);
        } else {
            /* a, b in [n, n+1]: out = n + 1/simplest(1/(b-n), 1/(a-n)) */
            fmpq_t fa, fb, inner;
            fmpq_init(fa);
            fmpq_init(fb);
            fmpq_init(inner);
            fmpq_sub_fmpz(fa, a, n);
            fmpq_sub_fmpz(fb, b, n);
            int fa_zero = fmpq_is_zero(fa);
            if (!fa_zero)
                fmpq_inv(fa, fa);
            fmpq_inv(fb, fb);
            simplest_between(inner, fb, 0, fa, fa_zero);
            fmpq_inv(inner, inner);
            fmpq_add_fmpz(out, inner, n);
            fmpq_clear(fa);
            fmpq_clear(fb);
            fmpq_clear(inner);
        }
        fmpq_clear(cand);
    }
    fmpz_clear(n);
}

void rc_fmpq_simplest_between(fmpq_t out, const fmpq_t a, int a_inf, const fmpq_t b, int b_inf)
{
    simplest_between(out, a, a_inf, b, b_inf);
}

void rc_sturm_init(rc_sturm_t s, const fmpz_poly_t f)
{
    slong n = fmpz_poly_degree(f) + 2;
    s->seq = flint_malloc(sizeof(fmpq_poly_struct) * (size_t)(n > 2 ? n : 2));
    s->len = 0;
    fmpq_poly_init(s->seq + 0);
    fmpq_poly_set_fmpz_poly(s->seq + 0, f);
    s->len = 1;
    if (fmpq_poly_degree(s->seq) <= 0)
        return;
    fmpq_poly_init(s->seq + 1);
    fmpq_poly_derivative(s->seq + 1, s->seq + 0);
    s->len = 2;
    while (!fmpq_poly_is_zero(s->seq + s->len - 1) && fmpq_poly_degree(s->seq + s->len - 1) > 0) {
        fmpq_poly_init(s->seq + s->len);
        fmpq_poly_rem(s->seq + s->len, s->seq + s->len - 2, s->seq + s->len - 1);
        fmpq_poly_neg(s->seq + s->len, s->seq + s->len);
        s->len++;
    }
    if (fmpq_poly_is_zero(s->seq + s->len - 1)) {
        fmpq_poly_clear(s->seq + s->len - 1);
        s->len--;
    }
}

void rc_sturm_clear(rc_sturm_t s)
{
    for (slong i = 0; i < s->len; i++)
        fmpq_poly_clear(s->seq + i);
    flint_free(s->seq);
}

slong rc_sturm_variations(const rc_sturm_t s, const fmpq_t t, int inf)
{
    slong v = 0;
    int prev = 0;
    fmpq_t y;
    fmpq_init(y);
    for (slong i = 0; i < s->len; i++) {
        int sg;
        if (inf) {
            slong d = fmpq_poly_degree(s->seq + i);
            sg = fmpz_sgn(fmpq_poly_numref(s->seq + i) + d);
            if (inf < 0 && (d % 2))
                sg = -sg;
        } else {
            fmpq_poly_evaluate_fmpq(y, s->seq + i, t);
            sg = fmpq_sgn(y);
        }
        if (sg == 0)
            continue;
        if (prev != 0 && sg != prev)
            v++;
        prev = sg;
    }
    fmpq_clear(y);
    return v;
}

/* Cauchy bound 1 + max |a_i / a_n| rounded up to an integer. */
static void root_bound(fmpq_t out, const fmpz_poly_t f)
{
    slong d = fmpz_poly_degree(f);
    fmpz_t m, q;
    fmpz_init(m);
    fmpz_init(q);
    for (slong i = 0; i < d; i++) {
        fmpz_cdiv_q(q, f->coeffs + i, f->coeffs + d);
        fmpz_abs(q, q);
        if (fmpz_cmp(q, m) > 0)
            fmpz_set(m, q);
    }
    fmpz_add_ui(m, m, 2);
    fmpq_set_fmpz_frac(out, m, (fmpz_one(q), q));
    fmpz_clear(m);
    fmpz_clear(q);
}

static slong isolate_sturm(fmpq **out, const fmpz_poly_t f, const fmpq_t lo, int lo_inf,
                           const fmpq_t hi, int hi_inf);

/* Real roots of an irreducible f by Arb's certified isolation: the output
 * balls are disjoint and the real roots come first, with imaginary parts
 * exactly zero. The balls become rational intervals; a ball meeting a
 * domain end is retried at higher precision. */
static slong isolate_arb(fmpq *res, const fmpz_poly_t f, const fmpq_t lo, int lo_inf,
                         const fmpq_t hi, int hi_inf)
{
    slong deg = fmpz_poly_degree(f);
    acb_ptr roots = _acb_vec_init(deg);
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    arf_t t;
    arf_init(t);
    slong count = 0;
    for (slong prec = 64;; prec *= 2) {
        arb_fmpz_poly_complex_roots(roots, f, 0, prec);
        count = 0;
        int retry = 0;
        for (slong k = 0; k < deg && arb_is_zero(acb_imagref(roots + k)) && !retry; k++) {
            arb_srcptr x = acb_realref(roots + k);
            /* the ball's ends as exact rationals (no outward rounding that
               could merge two neighbouring balls) */
            arb_get_lbound_arf(t, x, ARF_PREC_EXACT);
            arf_get_fmpq(a, t);
            arb_get_ubound_arf(t, x, ARF_PREC_EXACT);
            arf_get_fmpq(b, t);
            int below = !lo_inf && fmpq_cmp(b, lo) <= 0, above = !hi_inf && fmpq_cmp(a, hi) >= 0;
            if (below || above)
                continue;
            /* retry when a ball straddles a domain end, touches its
               neighbour, or shows no sign change (it must hold one simple root) */
            retry = (!lo_inf && fmpq_cmp(a, lo) <= 0) || (!hi_inf && fmpq_cmp(b, hi) >= 0) ||
                    (count > 0 && fmpq_cmp(res + 2 * count - 1, a) >= 0) ||
                    sign_at(f, a) * sign_at(f, b) >= 0;
            fmpq_set(res + 2 * count, a);
            fmpq_set(res + 2 * count + 1, b);
            count++;
        }
        if (!retry)
            break;
    }
    arf_clear(t);
    fmpq_clear(a);
    fmpq_clear(b);
    _acb_vec_clear(roots, deg);
    return count;
}

slong rc_isolate_roots(fmpq **out, const fmpz_poly_t f, const fmpq_t lo, int lo_inf,
                       const fmpq_t hi, int hi_inf)
{
    if (fmpz_poly_degree(f) > RC_STURM_MAX_DEGREE) {
        slong cap = fmpz_poly_degree(f);
        fmpq *res = _fmpq_vec_init(2 * cap);
        slong count = isolate_arb(res, f, lo, lo_inf, hi, hi_inf);
        if (count == 0) {
            _fmpq_vec_clear(res, 2 * cap);
            *out = NULL;
            return 0;
        }
        *out = _fmpq_vec_init(2 * count);
        for (slong i = 0; i < 2 * count; i++)
            fmpq_set(*out + i, res + i);
        _fmpq_vec_clear(res, 2 * cap);
        return count;
    }
    return isolate_sturm(out, f, lo, lo_inf, hi, hi_inf);
}

static slong isolate_sturm(fmpq **out, const fmpz_poly_t f, const fmpq_t lo, int lo_inf,
                           const fmpq_t hi, int hi_inf)
{
    rc_sturm_t s;
    rc_sturm_init(s, f);
    fmpq_t a, b, bound;
    fmpq_init(a);
    fmpq_init(b);
    fmpq_init(bound);
    root_bound(bound, f);
    if (lo_inf || fmpq_cmp(lo, bound) < 0) {
        fmpq_neg(a, bound);
        if (!lo_inf && fmpq_cmp(lo, a) > 0)
            fmpq_set(a, lo);
    } else {
        fmpq_set(a, lo);
    }
    if (hi_inf || fmpq_cmp(hi, bound) > 0) {
        fmpq_set(b, bound);
        if (!hi_inf && fmpq_cmp(hi, b) < 0)
            fmpq_set(b, hi);
    } else {
        fmpq_set(b, hi);
    }
    slong cap = fmpz_poly_degree(f) + 1, count = 0;
    fmpq *res = _fmpq_vec_init(2 * cap);
    if (fmpq_cmp(a, b) < 0) {
        /* explicit stack of intervals (a, b) with their root counts */
        slong stack_cap = 64, top = 0;
        fmpq *stack = _fmpq_vec_init(2 * stack_cap);
        fmpq_set(stack + 0, a);
        fmpq_set(stack + 1, b);
        top = 1;
        fmpq_t mid;
        fmpq_init(mid);
        while (top > 0) {
            top--;
            fmpq *l = stack + 2 * top, *h = stack + 2 * top + 1;
            slong n = rc_sturm_variations(s, l, 0) - rc_sturm_variations(s, h, 0);
            if (n == 0)
                continue;
            if (n == 1) {
                fmpq_set(res + 2 * count, l);
                fmpq_set(res + 2 * count + 1, h);
                count++;
                continue;
            }
            fmpq_add(mid, l, h);
            fmpq_div_2exp(mid, mid, 1);
            if (top + 2 > stack_cap) {
                fmpq *bigger = _fmpq_vec_init(4 * stack_cap);
                for (slong i = 0; i < 2 * top + 2; i++)
                    fmpq_set(bigger + i, stack + i);
                _fmpq_vec_clear(stack, 2 * stack_cap);
                stack = bigger;
                stack_cap *= 2;
                l = stack + 2 * top;
                h = stack + 2 * top + 1;
            }
            /* push the right half first so the left half is processed first */
            fmpq_set(stack + 2 * (top + 1), mid);
            fmpq_set(stack + 2 * (top + 1) + 1, h);
            fmpq_set(h, mid);
            /* swap so that left is on top */
            fmpq_swap(stack + 2 * top, stack + 2 * (top + 1));
            fmpq_swap(stack + 2 * top + 1, stack + 2 * (top + 1) + 1);
            top += 2;
        }
        fmpq_clear(mid);
        _fmpq_vec_clear(stack, 2 * stack_cap);
    }
    /* the left-first traversal yields increasing order */
    rc_sturm_clear(s);
    fmpq_clear(a);
    fmpq_clear(b);
    fmpq_clear(bound);
    if (count == 0) {
        _fmpq_vec_clear(res, 2 * cap);
        *out = NULL;
        return 0;
    }
    *out = _fmpq_vec_init(2 * count);
    for (slong i = 0; i < 2 * count; i++)
        fmpq_set(*out + i, res + i);
    _fmpq_vec_clear(res, 2 * cap);
    return count;
}
