/* Rule user.inequality/1: "f(rho) op g(rho) for every rho in I", recomputed
 * from the user's spec object: the sign tables of f - g (or (f - g)^2 for =)
 * and of (den f den g)^2 verified as witnesses (ck_ineq), the maximal set, and
 * the witness of a failure checked as given. */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *text;
    ck_op op;
    int eq;
} ops[] = {{"<", CK_LT, 0}, {"<=", CK_LE, 0}, {">", CK_GT, 0}, {">=", CK_GE, 0}, {"=", CK_LE, 1}};

static int op_holds(int c, int k)
{
    return k == 0 ? c < 0 : k == 1 ? c <= 0 : k == 2 ? c > 0 : k == 3 ? c >= 0 : c == 0;
}

/* The domain: optional, open, with rational or infinite ends. */
static int domain_field(ck_t *ck, ck_interval *D, const json_t *in, const ck_interval *I)
{
    if (!json_object_get(in, "domain"))
        return 0;
    if (ck_user_interval(ck, D, in, "domain"))
        return -1;
    if (D->lo_closed || D->hi_closed || (!D->lo.inf && !ck_end_is_rational(&D->lo)) ||
        (!D->hi.inf && !ck_end_is_rational(&D->hi)))
        return ck_fail(ck, "inputs.domain", "expected an open interval with rational or infinite ends");
    if (!ck_interval_inside(I, D))
        return ck_fail(ck, "inputs.interval", "must lie inside the domain");
    return 0;
}

/* A witness's algebraic number {"poly", "lo", "hi"}: a root of f - g or a
 * pole, of any degree up to RC_LIMIT_POLY_DEGREE (an interval end is at most
 * a square root, a witness is not): poly irreducible, [lo, hi] isolating. */
static int witness_alg(ck_t *ck, ck_end *x, const json_t *j, const char *path)
{
    char sub[CK_PATH];
    const json_t *v;
    x->inf = 0;
    if (ck_keys(ck, j, path, "poly lo hi") || !(v = ck_get(ck, j, "poly", sub, path)) ||
        ck_poly(ck, x->p, v, sub) || !(v = ck_get(ck, j, "lo", sub, path)) ||
        ck_qw(ck, x->lo, v, sub) || !(v = ck_get(ck, j, "hi", sub, path)) || ck_qw(ck, x->hi, v, sub))
        return -1;
    ck_pathf(sub, "%s.poly", path);
    if (fmpz_poly_degree(x->p) > RC_LIMIT_POLY_DEGREE)
        return ck_limit(ck, sub, "degree above %d", RC_LIMIT_POLY_DEGREE);
    if (fmpz_poly_degree(x->p) < 1 || !ck_poly_irreducible(x->p))
        return ck_fail(ck, sub, "not an irreducible primitive polynomial with positive leading coefficient");
    if (fmpz_poly_degree(x->p) == 1 ? !fmpq_equal(x->lo, x->hi) || ck_poly_sign_at(x->p, x->lo)
                                    : fmpq_cmp(x->lo, x->hi) >= 0 ||
                                          ck_count_roots(x->p, x->lo, 0, x->hi, 0) != 1)
        return ck_fail(ck, path, "[lo, hi] does not isolate one root of poly");
    return 0;
}

/* Where "f op g" fails in I: checked as given, without search. */
static int ineq_witness(ck_t *ck, json_t **wexp, const json_t *w, int k, const fmpz_poly_q_t f,
                        const fmpz_poly_q_t g, const fmpz_poly_q_t d, const fmpz_poly_t P,
                        const ck_interval *I)
{
    const char *path = "results.witness";
    char sub[CK_PATH];
    if (json_is_object(w) && json_object_get(w, "at")) {
        fmpq_t ft, gt;
        fmpq_init(ft);
        fmpq_init(gt);
        int rc = ck_user_point_witness(ck, wexp, ft, gt, w, path, f, g, P, I);
        if (!rc && op_holds(fmpq_cmp(ft, gt), k)) {
            json_decref(*wexp);
            *wexp = json_null();
            rc = ck_fail(ck, path, "f %s g holds at the point", ops[k].text);
        }
        fmpq_clear(ft);
        fmpq_clear(gt);
        return rc;
    }
    int pole = json_is_object(w) && json_object_get(w, "pole") != NULL;
    if (ck_keys(ck, w, path, pole ? "pole" : "root"))
        return -1;
    ck_pathf(sub, "%s.%s", path, pole ? "pole" : "root");
    ck_end x;
    ck_end_init(&x);
    fmpz_poly_t r;
    fmpz_poly_init(r);
    int rc = -1;
    if (witness_alg(ck, &x, json_object_get(w, pole ? "pole" : "root"), sub))
        goto done;
    if (x.inf || !ck_user_end_in(&x, I)) {
        ck_fail(ck, sub, "not a point of the claim's interval");
        goto done;
    }
    /* x's polynomial divides den f * den g (a pole), or the numerator of
     * f - g where f and g are defined and a strict op fails (f = g) */
    fmpz_poly_rem(r, P, x.p);
    int divides_P = fmpz_poly_is_zero(r);
    fmpz_poly_rem(r, d->num, x.p);
    if (pole ? !divides_P : (divides_P || !fmpz_poly_is_zero(r) || op_holds(0, k))) {
        ck_fail(ck, sub, pole ? "not a pole of f or g" : "not a point where f = g fails the claim");
        goto done;
    }
    *wexp = json_pack("{s:o}", pole ? "pole" : "root", ck_end_json(&x));
    rc = 0;
done:
    ck_end_clear(&x);
    fmpz_poly_clear(r);
    return rc;
}

int ck_user_inequality(ck_t *ck, int variant, const char *claim, const json_t *in,
                       const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    fmpz_poly_q_t f, g, d, m, P2;
    fmpz_poly_t P;
    fmpz_poly_q_init(f);
    fmpz_poly_q_init(g);
    fmpz_poly_q_init(d);
    fmpz_poly_q_init(m);
    fmpz_poly_q_init(P2);
    fmpz_poly_init(P);
    ck_interval I, D;
    ck_interval_init(&I);
    ck_interval_init(&D);
    ck_user_real_line(&D);
    int rc = -1, k = -1;
    json_t *out = json_object();
    *expected = out;
    const char *op;
    if (ck_user_head(ck, in, "claim.inequality", "kind id f op g interval", "statement where domain") ||
        !(op = ck_user_str(ck, in, "op")))
        goto done;
    for (int i = 0; i < 5; i++)
        if (!strcmp(op, ops[i].text))
            k = i;
    if (k < 0) {
        ck_fail(ck, "inputs.op", "expected one of <, <=, >, >=, =");
        goto done;
    }
    if (ck_user_expr(ck, f, in, "f") || ck_user_expr(ck, g, in, "g") ||
        ck_user_interval(ck, &I, in, "interval") || domain_field(ck, &D, in, &I) ||
        ck_cost(ck, "inputs", rc_cost_user(FLINT_MAX(FLINT_MAX(fmpz_poly_degree(f->num),
                fmpz_poly_degree(f->den)), FLINT_MAX(fmpz_poly_degree(g->num), fmpz_poly_degree(g->den)))),
                "the inequality's sign tables"))
        goto done;
    fmpz_poly_q_sub(d, f, g);
    if (ops[k].eq)
        fmpz_poly_q_mul(m, d, d);
    else
        fmpz_poly_q_set(m, d);
    ck_user_defined_poly(P2, P, f, g);
    json_t *cexp = NULL, *dexp = NULL, *wexp = json_null();
    int h1, h2, binding;
    json_object_set_new(out, "difference", rc_json_qrho(d));
    int bad = ck_ineq(ck, &cexp, &h1, &binding, json_object_get(results, "compared"),
                      "results.compared", m, ops[k].op, &D, &I);
    json_object_set_new(out, "compared", cexp ? cexp : json_null());
    if (bad)
        goto done;
    bad = ck_ineq(ck, &dexp, &h2, &binding, json_object_get(results, "defined"), "results.defined",
                  P2, CK_GT, &D, &I);
    json_object_set_new(out, "defined", dexp ? dexp : json_null());
    if (bad)
        goto done;
    int holds = h1 && h2;
    json_object_set_new(out, "holds", json_boolean(holds));
    if (!holds && ineq_witness(ck, &wexp, json_object_get(results, "witness"), k, f, g, d, P, &I))
        goto done;
    json_object_set_new(out, "witness", wexp);
    ck_state(v, holds ? CK_OK : CK_FAIL, "f %s g fails on the interval", ops[k].text);
    rc = 0;
done:
    fmpz_poly_q_clear(f);
    fmpz_poly_q_clear(g);
    fmpz_poly_q_clear(d);
    fmpz_poly_q_clear(m);
    fmpz_poly_q_clear(P2);
    fmpz_poly_clear(P);
    ck_interval_clear(&I);
    ck_interval_clear(&D);
    return rc;
}
