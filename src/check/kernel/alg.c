/* The checker's real algebraic numbers: irreducibility, Sturm counts,
 * isolating intervals, interval ends, and the decimal enclosures the
 * certificates print. */
#include "kernel.h"
#include "rescheck/cert.h"

#include <string.h>

#include <arb.h>
#include <flint/fmpq_poly.h>
#include <flint/fmpz_poly_factor.h>

void ck_end_init(ck_end *e)
{
    e->inf = 0;
    fmpz_poly_init(e->p);
    fmpq_init(e->lo);
    fmpq_init(e->hi);
}

void ck_end_clear(ck_end *e)
{
    fmpz_poly_clear(e->p);
    fmpq_clear(e->lo);
    fmpq_clear(e->hi);
}

void ck_interval_init(ck_interval *I)
{
    ck_end_init(&I->lo);
    ck_end_init(&I->hi);
    I->lo_closed = I->hi_closed = 0;
}

void ck_interval_clear(ck_interval *I)
{
    ck_end_clear(&I->lo);
    ck_end_clear(&I->hi);
}

int ck_end_is_rational(const ck_end *e)
{
    return !e->inf && fmpz_poly_degree(e->p) == 1;
}

int ck_poly_sign_at(const fmpz_poly_t p, const fmpq_t t)
{
    fmpq_t v;
    fmpq_init(v);
    fmpz_poly_evaluate_fmpq(v, p, t);
    int s = fmpq_sgn(v);
    fmpq_clear(v);
    return s;
}

int ck_poly_irreducible(const fmpz_poly_t p)
{
    slong d = fmpz_poly_degree(p);
    if (d < 1 || fmpz_sgn(p->coeffs + d) <= 0)
        return 0;
    fmpz_t c;
    fmpz_init(c);
    fmpz_poly_content(c, p);
    int ok = fmpz_is_one(c);
    fmpz_clear(c);
    if (!ok || d == 1)
        return ok;
    fmpz_poly_factor_t f;
    fmpz_poly_factor_init(f);
    fmpz_poly_factor(f, p);
    ok = f->num == 1 && f->exp[0] == 1;
    fmpz_poly_factor_clear(f);
    return ok;
}

/* Sign variations of the Sturm sequence s[0..len) at t, or at -inf / +inf. */
static slong variations(const fmpq_poly_struct *s, slong len, const fmpq_t t, int inf)
{
    slong v = 0;
    int prev = 0;
    fmpq_t y;
    fmpq_init(y);
    for (slong i = 0; i < len; i++) {
        int sg;
        if (inf) {
            slong d = fmpq_poly_degree(s + i);
            sg = fmpz_sgn(fmpq_poly_numref(s + i) + d);
            if (inf < 0 && d % 2)
                sg = -sg;
        } else {
            fmpq_poly_evaluate_fmpq(y, s + i, t);
            sg = fmpq_sgn(y);
        }
        if (sg != 0 && prev != 0 && sg != prev)
            v++;
        if (sg != 0)
            prev = sg;
    }
    fmpq_clear(y);
    return v;
}

slong ck_count_roots(const fmpz_poly_t p, const fmpq_t a, int a_inf, const fmpq_t b, int b_inf)
{
    /* p, p', then negated remainders; p is squarefree so the last is a constant */
    slong d = fmpz_poly_degree(p), len = 2;
    fmpq_poly_struct *s = flint_malloc(sizeof(fmpq_poly_struct) * (size_t)(d + 1));
    fmpq_poly_init(s + 0);
    fmpq_poly_init(s + 1);
    fmpq_poly_set_fmpz_poly(s + 0, p);
    fmpq_poly_derivative(s + 1, s + 0);
    while (fmpq_poly_degree(s + len - 1) > 0) {
        fmpq_poly_init(s + len);
        fmpq_poly_rem(s + len, s + len - 2, s + len - 1);
        fmpq_poly_neg(s + len, s + len);
        len++;
    }
    slong n = variations(s, len, a, a_inf ? -1 : 0) - variations(s, len, b, b_inf ? 1 : 0);
    for (slong i = 0; i < len; i++)
        fmpq_poly_clear(s + i);
    flint_free(s);
    return n;
}

int ck_same_root(const fmpz_poly_t p, const fmpq_t lo1, const fmpq_t hi1, const fmpq_t lo2,
                 const fmpq_t hi2)
{
    if (fmpz_poly_degree(p) == 1)
        return 1; /* one root only */
    /* each interval holds one root; their hull holds one iff it is the same */
    const fmpq *lo = fmpq_cmp(lo1, lo2) < 0 ? lo1 : lo2, *hi = fmpq_cmp(hi1, hi2) > 0 ? hi1 : hi2;
    return ck_count_roots(p, lo, 0, hi, 0) == 1;
}

/* ---- interval ends -------------------------------------------------------- */

int ck_end_decode(ck_t *ck, ck_end *e, const json_t *j, const char *path)
{
    char sub[CK_PATH];
    e->inf = 0;
    if (json_is_string(j)) {
        const char *s = json_string_value(j);
        e->inf = !strcmp(s, "inf") ? 1 : !strcmp(s, "-inf") ? -1 : 0;
        if (!e->inf)
            return ck_fail(ck, path, "expected \"inf\", \"-inf\" or {\"poly\", \"lo\", \"hi\"}");
        return 0;
    }
    const json_t *v;
    if (ck_keys(ck, j, path, "poly lo hi") || !(v = ck_get(ck, j, "poly", sub, path)) || ck_poly(ck, e->p, v, sub) ||
        !(v = ck_get(ck, j, "lo", sub, path)) || ck_qw(ck, e->lo, v, sub) ||
        !(v = ck_get(ck, j, "hi", sub, path)) || ck_qw(ck, e->hi, v, sub))
        return -1;
    ck_pathf(sub, "%s.poly", path);
    if (fmpz_poly_degree(e->p) > RC_LIMIT_END_DEGREE)
        return ck_limit(ck, sub, "an interval end of degree above %d (rational or a square root)",
                        RC_LIMIT_END_DEGREE);
    if (!ck_poly_irreducible(e->p))
        return ck_fail(ck, sub, "not an irreducible primitive polynomial with positive leading coefficient");
    if (fmpz_poly_degree(e->p) == 1) {
        if (!fmpq_equal(e->lo, e->hi) || ck_poly_sign_at(e->p, e->lo) != 0)
            return ck_fail(ck, path, "a rational number needs lo == hi == its root");
    } else if (fmpq_cmp(e->lo, e->hi) >= 0 || ck_count_roots(e->p, e->lo, 0, e->hi, 0) != 1) {
        return ck_fail(ck, path, "[lo, hi] does not isolate one root of poly");
    }
    return 0;
}

json_t *ck_end_json(const ck_end *e)
{
    if (e->inf)
        return json_string(e->inf < 0 ? "-inf" : "inf");
    json_t *o = json_object();
    json_object_set_new(o, "poly", rc_json_poly(e->p));
    json_object_set_new(o, "lo", rc_json_fmpq(e->lo));
    json_object_set_new(o, "hi", rc_json_fmpq(e->hi));
    return o;
}

/* Sign of a - q for a finite end a, exactly: q outside a's isolating
 * interval decides, else the sign of p at q tells on which side the root is. */
static int end_cmp_q(const ck_end *a, const fmpq_t q)
{
    if (ck_end_is_rational(a))
        return fmpq_cmp(a->lo, q);
    if (fmpq_cmp(q, a->lo) < 0 || fmpq_cmp(q, a->hi) > 0)
        return fmpq_cmp(q, a->lo) < 0 ? 1 : -1;
    return ck_poly_sign_at(a->p, q) == ck_poly_sign_at(a->p, a->lo) ? 1 : -1;
}

/* Sign of a - b. Used on the claim's input interval only, never on a
 * witness: two irrational ends whose isolating intervals overlap are told
 * apart by bisecting copies of their intervals. */
static int end_cmp(const ck_end *a, const ck_end *b)
{
    if (a->inf || b->inf)
        return a->inf == b->inf ? 0 : a->inf < b->inf ? -1 : 1;
    if (ck_end_is_rational(b))
        return end_cmp_q(a, b->lo);
    if (ck_end_is_rational(a))
        return -end_cmp_q(b, a->lo);
    ck_end x[2];
    const ck_end *src[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        ck_end_init(x + k);
        fmpz_poly_set(x[k].p, src[k]->p);
        fmpq_set(x[k].lo, src[k]->lo);
        fmpq_set(x[k].hi, src[k]->hi);
    }
    fmpq_t mid;
    fmpq_init(mid);
    int c = 0;
    while (!(fmpz_poly_equal(a->p, b->p) &&
             ck_same_root(a->p, x[0].lo, x[0].hi, x[1].lo, x[1].hi))) {
        if (fmpq_cmp(x[0].hi, x[1].lo) < 0 || fmpq_cmp(x[1].hi, x[0].lo) < 0) {
            c = fmpq_cmp(x[0].hi, x[1].lo) < 0 ? -1 : 1;
            break;
        }
        for (int k = 0; k < 2; k++) {
            fmpq_add(mid, x[k].lo, x[k].hi);
            fmpq_div_2exp(mid, mid, 1);
            if (ck_poly_sign_at(x[k].p, mid) == ck_poly_sign_at(x[k].p, x[k].lo))
                fmpq_set(x[k].lo, mid);
            else
                fmpq_set(x[k].hi, mid);
        }
    }
    fmpq_clear(mid);
    ck_end_clear(x);
    ck_end_clear(x + 1);
    return c;
}

int ck_interval_decode(ck_t *ck, ck_interval *I, const json_t *j, const char *path)
{
    char sub[CK_PATH];
    const json_t *v;
    if (ck_keys(ck, j, path, "lo hi lo_closed hi_closed") ||
        !(v = ck_get(ck, j, "lo", sub, path)) || ck_end_decode(ck, &I->lo, v, sub) ||
        !(v = ck_get(ck, j, "hi", sub, path)) || ck_end_decode(ck, &I->hi, v, sub) ||
        !(v = ck_get(ck, j, "lo_closed", sub, path)) || ck_bool(ck, &I->lo_closed, v, sub) ||
        !(v = ck_get(ck, j, "hi_closed", sub, path)) || ck_bool(ck, &I->hi_closed, v, sub))
        return -1;
    if ((I->lo.inf && I->lo_closed) || (I->hi.inf && I->hi_closed))
        return ck_fail(ck, path, "an infinite end must be open");
    int c = end_cmp(&I->lo, &I->hi);
    if (I->lo.inf > 0 || I->hi.inf < 0 || c > 0 || (c == 0 && !(I->lo_closed && I->hi_closed)))
        return ck_fail(ck, path, "the interval is empty");
    return 0;
}

json_t *ck_interval_json(const ck_interval *I)
{
    json_t *o = json_object();
    json_object_set_new(o, "lo", ck_end_json(&I->lo));
    json_object_set_new(o, "hi", ck_end_json(&I->hi));
    json_object_set_new(o, "lo_closed", json_boolean(I->lo_closed));
    json_object_set_new(o, "hi_closed", json_boolean(I->hi_closed));
    return o;
}

int ck_end_cmp(const ck_end *a, const ck_end *b)
{
    return end_cmp(a, b);
}

int ck_interval_inside(const ck_interval *I, const ck_interval *D)
{
    int lo = end_cmp(&I->lo, &D->lo), hi = end_cmp(&I->hi, &D->hi);
    return (lo > 0 || (lo == 0 && !I->lo_closed)) && (hi < 0 || (hi == 0 && !I->hi_closed));
}

/* ---- decimals ------------------------------------------------------------ */

void ck_halve(const fmpz_poly_t p, fmpq_t lo, fmpq_t hi)
{
    fmpq_t mid;
    fmpq_init(mid);
    fmpq_add(mid, lo, hi);
    fmpq_div_2exp(mid, mid, 1);
    if (ck_poly_sign_at(p, mid) == ck_poly_sign_at(p, lo))
        fmpq_set(lo, mid);
    else
        fmpq_set(hi, mid);
    fmpq_clear(mid);
}

int ck_refine(const fmpz_poly_t p, fmpq_t lo, fmpq_t hi, slong bits)
{
    fmpq_t w, eps;
    fmpq_init(w);
    fmpq_init(eps);
    fmpq_one(eps);
    fmpq_sub(w, hi, lo);
    fmpq_mul_2exp(eps, eps, RC_LIMIT_WIDTH_BITS);
    int rc = fmpq_cmp(w, eps) < 0 ? 0 : -1;
    fmpq_one(eps);
    fmpq_div_2exp(eps, eps, bits);
    while (rc == 0 && fmpq_cmp(w, eps) >= 0) {
        ck_halve(p, lo, hi);
        fmpq_sub(w, hi, lo);
    }
    fmpq_clear(w);
    fmpq_clear(eps);
    return rc;
}

void ck_hull(arb_t out, const fmpq_t lo, const fmpq_t hi, slong prec)
{
    arb_t b;
    arb_init(b);
    arb_set_fmpq(out, lo, prec);
    arb_set_fmpq(b, hi, prec);
    arb_union(out, out, b, prec);
    arb_clear(b);
}

char *ck_decimal(const fmpz_poly_t p, const fmpq_t lo0, const fmpq_t hi0)
{
    /* as the certificates print them: bisect [lo, hi] to width < 2^-bits,
       then Arb's string of the ball spanning both ends */
    const slong digits = 30, prec = 4 * digits + 64;
    fmpq_t lo, hi;
    fmpq_init(lo);
    fmpq_init(hi);
    fmpq_set(lo, lo0);
    fmpq_set(hi, hi0);
    if (ck_refine(p, lo, hi, (slong)(3.33 * (double)digits) + 16)) {
        fmpq_clear(lo);
        fmpq_clear(hi);
        return NULL;
    }
    arb_t a;
    arb_init(a);
    ck_hull(a, lo, hi, prec);
    char *s = arb_get_str(a, digits, 0);
    arb_clear(a);
    fmpq_clear(lo);
    fmpq_clear(hi);
    return s;
}
