/* Inequality witnesses: "f(rho) op 0 for every rho in I" from a sign table
 * of f = N/D on the open domain (lo, hi). Every part of the table is
 * verified as given, without search:
 *   N*D = content * prod p_i^e_i, each p_i irreducible and distinct;
 *   each listed root isolates one root of its factor inside the domain,
 *   the roots are listed in increasing order with disjoint intervals, and
 *   each factor has as many listed roots as real roots in the domain (Sturm);
 *   so N*D has no root in the open gaps between them, and its sign on a gap
 *   is its sign at the gap's sample point.
 * The locations of I's ends, "holds", the maximal set and "binding" then
 * follow combinatorially. */
#include "kernel.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

static const char *op_str[] = {"<", "<=", ">", ">="};

static int sign_holds(int s, ck_op op)
{
    return op == CK_LT ? s < 0 : op == CK_LE ? s <= 0 : op == CK_GT ? s > 0 : s >= 0;
}

typedef struct {
    /* domain */
    fmpq_t dlo, dhi;
    int dlo_inf, dhi_inf;
    /* factors */
    slong nf;
    fmpz_poly_struct *p;
    slong *e;
    int *pole;
    /* roots, samples */
    slong nr;
    slong *factor;
    fmpq *lo, *hi; /* nr each */
    fmpq *at;      /* nr + 1 */
    int *sign;
} table;

static void table_clear(table *t)
{
    fmpq_clear(t->dlo);
    fmpq_clear(t->dhi);
    for (slong i = 0; i < t->nf; i++)
        fmpz_poly_clear(t->p + i);
    free(t->p);
    free(t->e);
    free(t->pole);
    free(t->factor);
    if (t->lo) {
        _fmpq_vec_clear(t->lo, t->nr);
        _fmpq_vec_clear(t->hi, t->nr);
        _fmpq_vec_clear(t->at, t->nr + 1);
    }
    free(t->sign);
}

/* Piece k of gap0 root0 gap1 ... gapN: does "f op 0" hold on it? At a root
 * f is 0, or undefined where the factor is a pole. */
static int piece_holds(const table *t, slong k, ck_op op)
{
    if (k % 2 == 0)
        return sign_holds(t->sign[k / 2], op);
    return !t->pole[t->factor[k / 2]] && sign_holds(0, op);
}

/* a < x, with a the domain's lower end when lo_inf says so */
static int above(const fmpq_t a, int a_inf, const fmpq_t x)
{
    return a_inf || fmpq_cmp(a, x) < 0;
}

/* The factors: product identity, irreducible, distinct; poles. */
static int check_factors(ck_t *ck, table *t, const json_t *st, const char *path,
                         const fmpz_poly_q_t f, json_t *out)
{
    char sub[CK_PATH], sub2[CK_PATH];
    const json_t *fs, *v;
    fmpz_t c;
    fmpz_poly_t nd, prod, pw, r;
    fmpz_init(c);
    fmpz_poly_init(nd);
    fmpz_poly_init(prod);
    fmpz_poly_init(pw);
    fmpz_poly_init(r);
    fmpz_poly_mul(nd, f->num, f->den);
    slong deg = 0, dnd = fmpz_poly_degree(nd);
    int rc = -1;
    if (!(v = ck_get(ck, st, "content", sub, path)) || ck_z(ck, c, v, sub) ||
        !(fs = ck_get(ck, st, "factors", sub, path)) || (t->nf = ck_array(ck, fs, -1, sub)) < 0)
        goto done;
    if (t->nf > FLINT_MAX(dnd, 0)) {
        ck_fail(ck, sub, "more factors than the degree of N*D");
        t->nf = 0;
        goto done;
    }
    t->p = calloc((size_t)t->nf + 1, sizeof(fmpz_poly_struct));
    t->e = calloc((size_t)t->nf + 1, sizeof(slong));
    t->pole = calloc((size_t)t->nf + 1, sizeof(int));
    for (slong i = 0; i < t->nf; i++)
        fmpz_poly_init(t->p + i);
    json_t *fj = json_array();
    json_object_set_new(out, "factors", fj);
    json_object_set_new(out, "content", rc_json_fmpz(c));
    fmpz_poly_set_fmpz(prod, c);
    for (slong i = 0; i < t->nf; i++) {
        const json_t *fi = json_array_get(fs, (size_t)i);
        ck_pathf(sub, "%s.factors[%ld]", path, (long)i);
        if (!(v = ck_get(ck, fi, "poly", sub2, sub)) || ck_poly(ck, t->p + i, v, sub2) ||
            !(v = ck_get(ck, fi, "multiplicity", sub2, sub)) ||
            ck_int(ck, t->e + i, v, 1, dnd > 0 ? dnd : 1, sub2))
            goto done;
        /* the degree first: factoring is the costly part */
        deg += t->e[i] * fmpz_poly_degree(t->p + i);
        if (deg > dnd) {
            ck_fail(ck, sub, "the factors have a larger degree than N*D");
            goto done;
        }
        if (!ck_poly_irreducible(t->p + i)) {
            ck_fail(ck, sub, "not irreducible, primitive with positive leading coefficient");
            goto done;
        }
        for (slong k = 0; k < i; k++)
            if (fmpz_poly_equal(t->p + k, t->p + i)) {
                ck_fail(ck, sub, "the same polynomial as factors[%ld]", (long)k);
                goto done;
            }
        fmpz_poly_pow(pw, t->p + i, (ulong)t->e[i]);
        fmpz_poly_mul(prod, prod, pw);
        fmpz_poly_divrem(pw, r, f->den, t->p + i);
        t->pole[i] = fmpz_poly_degree(f->den) > 0 && fmpz_poly_is_zero(r);
        json_t *o = json_object();
        json_object_set_new(o, "poly", rc_json_poly(t->p + i));
        json_object_set_new(o, "multiplicity", json_integer(t->e[i]));
        json_object_set_new(o, "pole", json_boolean(t->pole[i]));
        json_array_append_new(fj, o);
    }
    if (!fmpz_poly_equal(prod, nd)) {
        ck_fail(ck, path, "content * prod factors^multiplicity is not N*D of the function");
        goto done;
    }
    rc = 0;
done:
    fmpz_clear(c);
    fmpz_poly_clear(nd);
    fmpz_poly_clear(prod);
    fmpz_poly_clear(pw);
    fmpz_poly_clear(r);
    return rc;
}

/* The roots: isolating, inside the domain, increasing, complete. */
static int check_roots(ck_t *ck, table *t, const json_t *st, const char *path, json_t *out)
{
    char sub[CK_PATH], sub2[CK_PATH];
    const json_t *rs, *v;
    if (!(rs = ck_get(ck, st, "roots", sub, path)) || (t->nr = ck_array(ck, rs, -1, sub)) < 0)
        return -1;
    t->factor = calloc((size_t)t->nr + 1, sizeof(slong));
    t->lo = _fmpq_vec_init(t->nr);
    t->hi = _fmpq_vec_init(t->nr);
    t->at = _fmpq_vec_init(t->nr + 1);
    t->sign = calloc((size_t)t->nr + 1, sizeof(int));
    json_t *rj = json_array();
    json_object_set_new(out, "roots", rj);
    for (slong j = 0; j < t->nr; j++) {
        const json_t *ri = json_array_get(rs, (size_t)j);
        ck_pathf(sub, "%s.roots[%ld]", path, (long)j);
        if (!(v = ck_get(ck, ri, "factor", sub2, sub)) ||
            ck_int(ck, t->factor + j, v, 0, t->nf - 1, sub2) ||
            !(v = ck_get(ck, ri, "lo", sub2, sub)) || ck_qw(ck, t->lo + j, v, sub2) ||
            !(v = ck_get(ck, ri, "hi", sub2, sub)) || ck_qw(ck, t->hi + j, v, sub2))
            return -1;
        const fmpz_poly_struct *p = t->p + t->factor[j];
        if (fmpz_poly_degree(p) == 1) {
            if (!fmpq_equal(t->lo + j, t->hi + j) || ck_poly_sign_at(p, t->lo + j) != 0)
                return ck_fail(ck, sub, "a degree-1 factor's root needs lo == hi == the root");
        } else if (fmpq_cmp(t->lo + j, t->hi + j) >= 0 ||
                   ck_count_roots(p, t->lo + j, 0, t->hi + j, 0) != 1) {
            return ck_fail(ck, sub, "(lo, hi) does not hold exactly one root of the factor");
        }
        if (!above(t->dlo, t->dlo_inf, t->lo + j) ||
            !(t->dhi_inf || fmpq_cmp(t->hi + j, t->dhi) < 0))
            return ck_fail(ck, sub, "not strictly inside the domain");
        if (j > 0 && fmpq_cmp(t->hi + j - 1, t->lo + j) >= 0)
            return ck_fail(ck, sub, "does not lie strictly after roots[%ld]", (long)j - 1);
        char *dec = ck_decimal(p, t->lo + j, t->hi + j);
        if (!dec)
            return ck_limit(ck, sub, "an isolating interval wider than 2^%d", RC_LIMIT_WIDTH_BITS);
        json_t *o = json_object();
        json_object_set_new(o, "factor", json_integer(t->factor[j]));
        json_object_set_new(o, "lo", rc_json_fmpq(t->lo + j));
        json_object_set_new(o, "hi", rc_json_fmpq(t->hi + j));
        json_object_set_new(o, "decimal", json_string(dec));
        flint_free(dec);
        json_array_append_new(rj, o);
    }
    /* completeness: as many listed roots per factor as it has in the domain */
    fmpq_t r;
    fmpq_init(r);
    for (slong i = 0; i < t->nf; i++) {
        const fmpz_poly_struct *p = t->p + i;
        slong listed = 0, actual;
        for (slong j = 0; j < t->nr; j++)
            listed += t->factor[j] == i;
        if (fmpz_poly_degree(p) == 1) {
            fmpz_neg(fmpq_numref(r), p->coeffs + 0);
            fmpz_set(fmpq_denref(r), p->coeffs + 1);
            fmpq_canonicalise(r);
            actual = above(t->dlo, t->dlo_inf, r) && (t->dhi_inf || fmpq_cmp(r, t->dhi) < 0);
        } else {
            actual = ck_count_roots(p, t->dlo, t->dlo_inf, t->dhi, t->dhi_inf);
        }
        if (listed != actual) {
            fmpq_clear(r);
            ck_pathf(sub, "%s.factors[%ld]", path, (long)i);
            return ck_fail(ck, sub, "has %ld roots in the domain, the table lists %ld",
                           (long)actual, (long)listed);
        }
    }
    fmpq_clear(r);
    return 0;
}

/* One sample per gap, strictly inside it; the sign is recomputed. */
static int check_samples(ck_t *ck, table *t, const json_t *st, const char *path,
                         const fmpz_poly_q_t f, json_t *out)
{
    char sub[CK_PATH], sub2[CK_PATH];
    const json_t *ss, *v;
    if (!(ss = ck_get(ck, st, "samples", sub, path)) || ck_array(ck, ss, t->nr + 1, sub) < 0)
        return -1;
    fmpz_poly_t nd;
    fmpz_poly_init(nd);
    fmpz_poly_mul(nd, f->num, f->den);
    json_t *sj = json_array();
    json_object_set_new(out, "samples", sj);
    int rc = 0;
    for (slong i = 0; i <= t->nr && rc == 0; i++) {
        ck_pathf(sub, "%s.samples[%ld]", path, (long)i);
        if (!(v = ck_get(ck, json_array_get(ss, (size_t)i), "at", sub2, sub)) ||
            ck_qw(ck, t->at + i, v, sub2)) {
            rc = -1;
            break;
        }
        int left = i == 0 ? above(t->dlo, t->dlo_inf, t->at) : fmpq_cmp(t->hi + i - 1, t->at + i) < 0;
        int right = i == t->nr ? t->dhi_inf || fmpq_cmp(t->at + i, t->dhi) < 0
                               : fmpq_cmp(t->at + i, t->lo + i) < 0;
        if (!left || !right)
            rc = ck_fail(ck, sub, "not strictly inside gap %ld", (long)i);
        t->sign[i] = ck_poly_sign_at(nd, t->at + i);
        json_t *o = json_object();
        json_object_set_new(o, "at", rc_json_fmpq(t->at + i));
        json_object_set_new(o, "sign", json_integer(t->sign[i]));
        json_array_append_new(sj, o);
    }
    fmpz_poly_clear(nd);
    return rc;
}

/* An end of I as written in the witness: the same number as the expected
 * end (same poly, isolating interval inside the expected one). */
static int check_same_end(ck_t *ck, ck_end *w, const json_t *j, const ck_end *want,
                          const char *path)
{
    if (ck_end_decode(ck, w, j, path))
        return -1;
    if (w->inf != want->inf || (!w->inf && !fmpz_poly_equal(w->p, want->p)))
        return ck_fail(ck, path, "not the end of the claim's interval");
    if (!w->inf && (fmpq_cmp(w->lo, want->lo) < 0 || fmpq_cmp(w->hi, want->hi) > 0))
        return ck_fail(ck, path, "isolating interval not inside the one of the claim's interval");
    return 0;
}

/* Where an end of I lies: "domain", {"root": j} or {"gap": i}. Returns the
 * position in gap0 root0 gap1 ... (gap i: 2i, root j: 2j+1, domain: -1). */
static int check_location(ck_t *ck, slong *pos, const table *t, const ck_end *x, int hi_end,
                          const json_t *j, const char *path, json_t **out)
{
    char sub[CK_PATH];
    slong k;
    if (json_is_string(j) && !strcmp(json_string_value(j), "domain")) {
        int inf = hi_end ? t->dhi_inf : t->dlo_inf;
        if (x->inf != (inf ? (hi_end ? 1 : -1) : 0) ||
            (!inf && !(ck_end_is_rational(x) && fmpq_equal(x->lo, hi_end ? t->dhi : t->dlo))))
            return ck_fail(ck, path, "the end is not the domain's end");
        *pos = -1;
        *out = json_string("domain");
        return 0;
    }
    int on_root = json_is_object(j) && json_object_get(j, "root");
    if (!json_is_object(j) || json_object_size(j) != 1 ||
        (!on_root && !json_object_get(j, "gap")))
        return ck_fail(ck, path, "expected \"domain\", {\"root\": j} or {\"gap\": i}");
    ck_pathf(sub, "%s.%s", path, on_root ? "root" : "gap");
    if (ck_int(ck, &k, json_object_get(j, on_root ? "root" : "gap"), 0,
               on_root ? t->nr - 1 : t->nr, sub))
        return -1;
    if (x->inf)
        return ck_fail(ck, path, "an infinite end lies on no root or gap");
    if (on_root) {
        const fmpz_poly_struct *p = t->p + t->factor[k];
        if (!fmpz_poly_equal(x->p, p) || !ck_same_root(p, x->lo, x->hi, t->lo + k, t->hi + k))
            return ck_fail(ck, path, "the end is not root %ld", (long)k);
        *pos = 2 * k + 1;
    } else {
        int left = k == 0 ? above(t->dlo, t->dlo_inf, x->lo) : fmpq_cmp(t->hi + k - 1, x->lo) < 0;
        int right = k == t->nr ? t->dhi_inf || fmpq_cmp(x->hi, t->dhi) < 0
                               : fmpq_cmp(x->hi, t->lo + k) < 0;
        if (!left || !right)
            return ck_fail(ck, path, "the end's interval is not strictly inside gap %ld", (long)k);
        *pos = 2 * k;
    }
    *out = json_pack("{sI}", on_root ? "root" : "gap", (json_int_t)k);
    return 0;
}

static json_t *piece_end_json(slong root)
{
    return root < 0 ? json_string("domain") : json_pack("{sI}", "root", (json_int_t)root);
}

/* The maximal subset of the domain where "f op 0" holds: runs of pieces. */
static json_t *maximal_set(const table *t, ck_op op)
{
    json_t *set = json_array(), *run = NULL;
    for (slong k = 0; k <= 2 * t->nr; k++) {
        int ok = piece_holds(t, k, op), gap = k % 2 == 0;
        if (ok && !run) {
            run = json_object();
            json_object_set_new(run, "lo", piece_end_json(gap ? k / 2 - 1 : k / 2));
            json_object_set_new(run, "lo_closed", json_boolean(!gap));
        } else if (!ok && run) {
            /* the run ends just before piece k */
            json_object_set_new(run, "hi", piece_end_json(gap ? k / 2 - 1 : k / 2));
            json_object_set_new(run, "hi_closed", json_boolean(gap));
            json_array_append_new(set, run);
            run = NULL;
        }
    }
    if (run) {
        json_object_set_new(run, "hi", json_string("domain"));
        json_object_set_new(run, "hi_closed", json_false());
        json_array_append_new(set, run);
    }
    return set;
}

int ck_ineq(ck_t *ck, json_t **expected, int *holds, int *binding, const json_t *w,
            const char *path, const fmpz_poly_q_t f, ck_op op, const ck_interval *D,
            const ck_interval *I)
{
    char sub[CK_PATH], sub2[CK_PATH];
    const json_t *st, *iv, *v;
    table t;
    memset(&t, 0, sizeof t);
    fmpq_init(t.dlo);
    fmpq_init(t.dhi);
    t.dlo_inf = D->lo.inf != 0;
    t.dhi_inf = D->hi.inf != 0;
    if (!t.dlo_inf)
        fmpq_set(t.dlo, D->lo.lo);
    if (!t.dhi_inf)
        fmpq_set(t.dhi, D->hi.lo);
    ck_end wlo, whi;
    ck_end_init(&wlo);
    ck_end_init(&whi);
    json_t *out = json_object(), *stj = json_object(), *ivj = json_object(), *loc;
    json_object_set_new(out, "function", rc_json_qrho(f));
    json_object_set_new(out, "op", json_string(op_str[op]));
    json_object_set_new(out, "domain", json_pack("{s:o,s:o}", "lo",
        t.dlo_inf ? json_string("-inf") : rc_json_fmpq(t.dlo), "hi",
        t.dhi_inf ? json_string("inf") : rc_json_fmpq(t.dhi)));
    json_object_set_new(out, "sign_table", stj);
    json_object_set_new(out, "interval", ivj);
    int rc = -1;
    slong first, last;
    if (!(st = ck_get(ck, w, "sign_table", sub, path)) ||
        check_factors(ck, &t, st, sub, f, stj) || check_roots(ck, &t, st, sub, stj) ||
        check_samples(ck, &t, st, sub, f, stj))
        goto done;

    /* I's ends: the claim's, located in the table */
    if (!(iv = ck_get(ck, w, "interval", sub, path)) ||
        !(v = ck_get(ck, iv, "lo", sub2, sub)) || check_same_end(ck, &wlo, v, &I->lo, sub2) ||
        !(v = ck_get(ck, iv, "hi", sub2, sub)) || check_same_end(ck, &whi, v, &I->hi, sub2) ||
        !(v = ck_get(ck, iv, "lo_at", sub2, sub)) ||
        check_location(ck, &first, &t, &wlo, 0, v, sub2, &loc))
        goto done;
    json_object_set_new(ivj, "lo_at", loc);
    if (!(v = ck_get(ck, iv, "hi_at", sub2, sub)) ||
        check_location(ck, &last, &t, &whi, 1, v, sub2, &loc))
        goto done;
    json_object_set_new(ivj, "hi_at", loc);
    if ((first < 0 && I->lo_closed) || (last < 0 && I->hi_closed)) {
        ck_fail(ck, sub, "a closed end at the open domain's end");
        goto done;
    }
    json_object_set_new(ivj, "lo", ck_end_json(&wlo));
    json_object_set_new(ivj, "hi", ck_end_json(&whi));
    json_object_set_new(ivj, "lo_closed", json_boolean(I->lo_closed));
    json_object_set_new(ivj, "hi_closed", json_boolean(I->hi_closed));

    /* the pieces I meets: an open end on a root leaves that root out */
    *binding = last >= 0 && last % 2 == 1 && piece_holds(&t, last, op) &&
               !piece_holds(&t, last + 1, op);
    first = first < 0 ? 0 : first % 2 == 1 && !I->lo_closed ? first + 1 : first;
    last = last < 0 ? 2 * t.nr : last % 2 == 1 && !I->hi_closed ? last - 1 : last;
    *holds = 1;
    for (slong k = first; k <= last; k++)
        *holds &= piece_holds(&t, k, op);
    json_object_set_new(out, "holds", json_boolean(*holds));
    json_object_set_new(out, "maximal_set", maximal_set(&t, op));
    rc = 0;
done:
    ck_end_clear(&wlo);
    ck_end_clear(&whi);
    table_clear(&t);
    if (rc)
        json_decref(out);
    else
        *expected = out;
    return rc;
}
