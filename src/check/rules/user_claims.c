/* A user's own claims (claim.identity, claim.inequality, claim.rounding),
 * recomputed from the certificate's inputs, which are the user's spec object:
 * the expressions are parsed again, the sign tables verified as witnesses
 * (ck_ineq), the witness points re-evaluated, the rounding redone exactly. */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- inputs ---------------------------------------------------------------- */

/* inputs holds the required keys and only optional ones besides */
static int user_keys(ck_t *ck, const json_t *in, const char *required, const char *optional)
{
    char keys[256];
    snprintf(keys, sizeof keys, "%s", required);
    for (const char *k = optional; *k;) {
        size_t len = strcspn(k, " ");
        if (json_is_object(in) && json_object_getn(in, k, len))
            snprintf(keys + strlen(keys), sizeof keys - strlen(keys), " %.*s", (int)len, k);
        k += len + (k[len] == ' ');
    }
    return ck_keys(ck, in, "inputs", keys);
}

static const char *str_field(ck_t *ck, const json_t *in, const char *key)
{
    const json_t *v = json_object_get(in, key);
    char path[CK_PATH];
    ck_pathf(path, "inputs.%s", key);
    if (!json_is_string(v))
        return ck_fail(ck, path, "expected a string"), NULL;
    return json_string_value(v);
}

/* kind, id and the optional texts, as the spec reader allows them */
static int user_head(ck_t *ck, const json_t *in, const char *kind, const char *required,
                     const char *optional)
{
    const char *k, *id;
    if (user_keys(ck, in, required, optional) || !(k = str_field(ck, in, "kind")) ||
        !(id = str_field(ck, in, "id")))
        return -1;
    if (strcmp(k, kind))
        return ck_fail(ck, "inputs.kind", "expected \"%s\"", kind);
    size_t n = strlen(id);
    if (n == 0 || n > RC_LIMIT_USER_ID_CHARS || id[0] == '.' ||
        id[strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")])
        return ck_fail(ck, "inputs.id", "expected 1 to %d characters from A-Z a-z 0-9 . _ -",
                       RC_LIMIT_USER_ID_CHARS);
    const char *texts[] = {"statement", "where"};
    for (int i = 0; i < 2; i++) {
        const char *t = NULL;
        if (json_object_get(in, texts[i]) && !(t = str_field(ck, in, texts[i])))
            return -1;
        if (json_object_get(in, texts[i]) && strlen(t) > RC_LIMIT_USER_TEXT_CHARS)
            return ck_limit(ck, texts[i], "longer than %d characters", RC_LIMIT_USER_TEXT_CHARS);
    }
    return 0;
}

static int coeffs_ok(const fmpz_poly_t p, const fmpz_t bound)
{
    for (slong k = 0; k < fmpz_poly_length(p); k++)
        if (fmpz_cmpabs(p->coeffs + k, bound) >= 0)
            return 0;
    return 1;
}

/* an expression in rho within the spec reader's limits */
static int expr_field(ck_t *ck, fmpz_poly_q_t f, const json_t *in, const char *key)
{
    char path[CK_PATH], err[200];
    const char *text = str_field(ck, in, key);
    ck_pathf(path, "inputs.%s", key);
    if (!text)
        return -1;
    if (rc_qrho_parse(f, text, err, sizeof err))
        return ck_fail(ck, path, "does not parse: %s", err);
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_ui_pow_ui(bound, 10, RC_LIMIT_INPUT_DIGITS);
    int ok = coeffs_ok(f->num, bound) && coeffs_ok(f->den, bound);
    fmpz_clear(bound);
    if (!ok)
        return ck_limit(ck, path, "a coefficient with more than %d digits", RC_LIMIT_INPUT_DIGITS);
    if (fmpz_poly_degree(f->num) > RC_LIMIT_USER_DEGREE || fmpz_poly_degree(f->den) > RC_LIMIT_USER_DEGREE)
        return ck_limit(ck, path, "degree beyond %d", RC_LIMIT_USER_DEGREE);
    return 0;
}

/* "sqrt(Q)", "C*sqrt(Q)", "sqrt(Q)/D", "C*sqrt(Q)/D" with C, D > 0: 1 and
 * q = Q (C/D)^2; 0 for another form; -1 malformed */
static int sqrt_form(fmpq_t q, const char *text)
{
    const char *open = strstr(text, "sqrt(");
    if (!open)
        return 0;
    const char *close = open + 4;
    int depth = 0;
    do {
        depth += (*close == '(') - (*close == ')');
    } while (depth > 0 && *++close);
    if (!*close || strstr(close, "sqrt("))
        return 0;
    fmpq_t c, d;
    fmpq_init(c);
    fmpq_init(d);
    fmpq_one(c);
    fmpq_one(d);
    char err[200], *head = strndup(text, (size_t)(open - text)),
                   *inner = strndup(open + 5, (size_t)(close - open - 5));
    size_t n = strlen(head);
    while (n && isspace((unsigned char)head[n - 1]))
        head[--n] = '\0';
    const char *tail = close + 1;
    while (isspace((unsigned char)*tail))
        tail++;
    int rc = (n && head[n - 1] != '*') || (*tail && *tail != '/') ? 0 : 1;
    if (rc && n) {
        head[n - 1] = '\0';
        rc = rc_fmpq_parse_expr(c, head, err, sizeof err) ? -1 : 1;
    }
    if (rc == 1 && *tail)
        rc = rc_fmpq_parse_expr(d, tail + 1, err, sizeof err) ? -1 : 1;
    if (rc == 1 && (rc_fmpq_parse_expr(q, inner, err, sizeof err) || fmpq_sgn(q) < 0 ||
                    fmpq_sgn(c) <= 0 || fmpq_sgn(d) <= 0))
        rc = -1;
    if (rc == 1) {
        fmpq_div(c, c, d);
        fmpq_mul(c, c, c);
        fmpq_mul(q, q, c);
    }
    free(head);
    free(inner);
    fmpq_clear(c);
    fmpq_clear(d);
    return rc;
}

/* the end sqrt(q) (or the rational number when q is a square), its
 * isolating interval [0, max(1, q) + 1] */
static void end_sqrt(ck_end *e, const fmpq_t q)
{
    e->inf = 0;
    if (fmpz_is_square(fmpq_numref(q)) && fmpz_is_square(fmpq_denref(q))) {
        fmpz_sqrt(fmpq_numref(e->lo), fmpq_numref(q));
        fmpz_sqrt(fmpq_denref(e->lo), fmpq_denref(q));
        fmpq_set(e->hi, e->lo);
        fmpz_poly_set_coeff_fmpz(e->p, 1, fmpq_denref(e->lo));
        fmpz_poly_set_coeff_fmpz(e->p, 0, fmpq_numref(e->lo));
        fmpz_neg(e->p->coeffs, e->p->coeffs);
        return;
    }
    fmpz_poly_zero(e->p);
    fmpz_poly_set_coeff_fmpz(e->p, 2, fmpq_denref(q));
    fmpz_poly_set_coeff_fmpz(e->p, 0, fmpq_numref(q));
    fmpz_neg(e->p->coeffs, e->p->coeffs);
    fmpq_zero(e->lo);
    fmpq_set_si(e->hi, 1, 1);
    if (fmpq_cmp(q, e->hi) > 0)
        fmpq_set(e->hi, q);
    fmpq_add_si(e->hi, e->hi, 1);
}

static void end_rational(ck_end *e, const fmpq_t x)
{
    e->inf = 0;
    fmpz_poly_zero(e->p);
    fmpz_poly_set_coeff_fmpz(e->p, 1, fmpq_denref(x));
    fmpz_poly_set_coeff_fmpz(e->p, 0, fmpq_numref(x));
    fmpz_neg(e->p->coeffs, e->p->coeffs);
    fmpq_set(e->lo, x);
    fmpq_set(e->hi, x);
}

static int end_parse(ck_t *ck, ck_end *e, char *t, const char *path)
{
    while (isspace((unsigned char)*t))
        t++;
    size_t n = strlen(t);
    while (n && isspace((unsigned char)t[n - 1]))
        t[--n] = '\0';
    if (!strcmp(t, "inf") || !strcmp(t, "+inf") || !strcmp(t, "-inf")) {
        e->inf = t[0] == '-' ? -1 : 1;
        return 0;
    }
    fmpq_t q;
    fmpq_init(q);
    char err[200];
    int form = sqrt_form(q, t), rc = 0;
    if (form > 0)
        end_sqrt(e, q);
    else if (form < 0 || rc_fmpq_parse_expr(q, t, err, sizeof err))
        rc = ck_fail(ck, path, "an end that does not parse");
    else
        end_rational(e, q);
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_ui_pow_ui(bound, 10, RC_LIMIT_INPUT_DIGITS);
    if (!rc && !e->inf && !coeffs_ok(e->p, bound))
        rc = ck_limit(ck, path, "an end with more than %d digits", RC_LIMIT_INPUT_DIGITS);
    fmpz_clear(bound);
    fmpq_clear(q);
    return rc;
}

/* "(0, sqrt(5)/2]": a non-empty interval of more than one point */
static int interval_field(ck_t *ck, ck_interval *I, const json_t *in, const char *key)
{
    char path[CK_PATH];
    ck_pathf(path, "inputs.%s", key);
    const char *text = str_field(ck, in, key);
    if (!text)
        return -1;
    size_t n = strlen(text);
    if (n < 5 || n > 512 || !strchr("([", text[0]) || !strchr(")]", text[n - 1]))
        return ck_fail(ck, path, "expected an interval such as \"(0, sqrt(5)/2]\"");
    char *buf = strndup(text + 1, n - 2), *comma = NULL;
    int depth = 0, commas = 0;
    for (char *p = buf; *p; p++) {
        depth += (*p == '(') - (*p == ')');
        if (*p == ',' && depth == 0)
            comma = p, commas++;
    }
    int rc = -1;
    if (commas != 1) {
        ck_fail(ck, path, "expected two ends separated by one comma");
    } else {
        *comma = '\0';
        I->lo_closed = text[0] == '[';
        I->hi_closed = text[n - 1] == ']';
        if (!end_parse(ck, &I->lo, buf, path) && !end_parse(ck, &I->hi, comma + 1, path)) {
            int c = ck_end_cmp(&I->lo, &I->hi);
            if ((I->lo.inf && I->lo_closed) || (I->hi.inf && I->hi_closed))
                ck_fail(ck, path, "an infinite end must be open");
            else if (I->lo.inf > 0 || I->hi.inf < 0 || c >= 0)
                ck_fail(ck, path, "an interval of more than one point is needed");
            else
                rc = 0;
        }
    }
    free(buf);
    return rc;
}

static void real_line(ck_interval *D)
{
    D->lo.inf = -1;
    D->hi.inf = 1;
    D->lo_closed = D->hi_closed = 0;
}

/* (den f * den g)^2, and den f * den g */
static void defined_poly(fmpz_poly_q_t P2, fmpz_poly_t P, const fmpz_poly_q_t f,
                         const fmpz_poly_q_t g)
{
    fmpz_poly_mul(P, f->den, g->den);
    fmpz_poly_q_zero(P2);
    fmpz_poly_sqr(P2->num, P);
    fmpz_poly_set_ui(P2->den, 1);
    fmpz_poly_q_canonicalise(P2);
}

static void eval_q(fmpq_t out, const fmpz_poly_q_t f, const fmpq_t t)
{
    fmpq_t d;
    fmpq_init(d);
    fmpz_poly_evaluate_fmpq(out, f->num, t);
    fmpz_poly_evaluate_fmpq(d, f->den, t);
    fmpq_div(out, out, d);
    fmpq_clear(d);
}

/* x (an end) in I */
static int end_in(const ck_end *x, const ck_interval *I)
{
    int lo = ck_end_cmp(x, &I->lo), hi = ck_end_cmp(x, &I->hi);
    return (lo > 0 || (lo == 0 && I->lo_closed)) && (hi < 0 || (hi == 0 && I->hi_closed));
}

/* A witness point {"at", "f", "g"}: t in I (when I), f and g defined there
 * and their values as given; *expected rebuilt from the recomputed values. */
static int point_witness(ck_t *ck, json_t **expected, fmpq_t ft, fmpq_t gt, const json_t *w,
                         const char *path, const fmpz_poly_q_t f, const fmpz_poly_q_t g,
                         const fmpz_poly_t P, const ck_interval *I)
{
    char sub[CK_PATH];
    fmpq_t t, pv;
    fmpq_init(t);
    fmpq_init(pv);
    ck_end e;
    ck_end_init(&e);
    int rc = -1;
    const json_t *v;
    if (ck_keys(ck, w, path, "at f g") || !(v = ck_get(ck, w, "at", sub, path)) || ck_qw(ck, t, v, sub))
        goto done;
    end_rational(&e, t);
    fmpz_poly_evaluate_fmpq(pv, P, t);
    if (I && !end_in(&e, I)) {
        ck_fail(ck, sub, "the point is not in the claim's interval");
        goto done;
    }
    if (fmpq_is_zero(pv)) {
        ck_fail(ck, sub, "f or g is undefined at the point");
        goto done;
    }
    eval_q(ft, f, t);
    eval_q(gt, g, t);
    *expected = json_pack("{s:o,s:o,s:o}", "at", rc_json_fmpq(t), "f", rc_json_fmpq(ft), "g",
                          rc_json_fmpq(gt));
    rc = 0;
done:
    ck_end_clear(&e);
    fmpq_clear(t);
    fmpq_clear(pv);
    return rc;
}

/* ---- claim.identity --------------------------------------------------------- */

int ck_user_identity(ck_t *ck, int variant, const char *claim, const json_t *in,
                     const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    fmpz_poly_q_t f, g, d, P2;
    fmpz_poly_t P;
    fmpz_poly_q_init(f);
    fmpz_poly_q_init(g);
    fmpz_poly_q_init(d);
    fmpz_poly_q_init(P2);
    fmpz_poly_init(P);
    ck_interval I, D;
    ck_interval_init(&I);
    ck_interval_init(&D);
    real_line(&D);
    fmpq_t ft, gt;
    fmpq_init(ft);
    fmpq_init(gt);
    int rc = -1, have_I = json_object_get(in, "interval") != NULL;
    json_t *out = json_object();
    *expected = out;
    if (user_head(ck, in, "claim.identity", "kind id f g", "statement where interval") ||
        expr_field(ck, f, in, "f") || expr_field(ck, g, in, "g") ||
        (have_I && interval_field(ck, &I, in, "interval")) ||
        ck_cost(ck, "inputs", rc_cost_user(FLINT_MAX(FLINT_MAX(fmpz_poly_degree(f->num),
                fmpz_poly_degree(f->den)), FLINT_MAX(fmpz_poly_degree(g->num), fmpz_poly_degree(g->den)))),
                "the identity's sign tables"))
        goto done;
    fmpz_poly_q_sub(d, f, g);
    defined_poly(P2, P, f, g);
    int identical = fmpz_poly_q_is_zero(d);
    json_object_set_new(out, "f", rc_json_qrho(f));
    json_object_set_new(out, "g", rc_json_qrho(g));
    json_object_set_new(out, "difference", rc_json_qrho(d));
    json_object_set_new(out, "identical", json_boolean(identical));
    const json_t *w = json_object_get(results, "witness");
    json_t *wexp = json_null();
    if (!identical) {
        if (point_witness(ck, &wexp, ft, gt, w, "results.witness", f, g, P, have_I ? &I : NULL))
            goto done;
        if (fmpq_equal(ft, gt)) {
            json_decref(wexp);
            ck_fail(ck, "results.witness", "f and g agree at the point");
            goto done;
        }
    }
    json_object_set_new(out, "witness", wexp);
    if (have_I) {
        json_t *dexp = NULL;
        int holds, binding;
        if (ck_ineq(ck, &dexp, &holds, &binding, json_object_get(results, "defined"),
                    "results.defined", P2, CK_GT, &D, &I)) {
            json_decref(dexp);
            goto done;
        }
        json_object_set_new(out, "defined", dexp);
    } else {
        json_object_set_new(out, "defined", json_null());
    }
    ck_state(v, identical ? CK_OK : CK_FAIL, "f = g is false: f - g is not 0");
    rc = 0;
done:
    fmpz_poly_q_clear(f);
    fmpz_poly_q_clear(g);
    fmpz_poly_q_clear(d);
    fmpz_poly_q_clear(P2);
    fmpz_poly_clear(P);
    ck_interval_clear(&I);
    ck_interval_clear(&D);
    fmpq_clear(ft);
    fmpq_clear(gt);
    return rc;
}

/* ---- claim.inequality ------------------------------------------------------- */

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
    if (interval_field(ck, D, in, "domain"))
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
        int rc = point_witness(ck, wexp, ft, gt, w, path, f, g, P, I);
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
    if (x.inf || !end_in(&x, I)) {
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
    real_line(&D);
    int rc = -1, k = -1;
    json_t *out = json_object();
    *expected = out;
    const char *op;
    if (user_head(ck, in, "claim.inequality", "kind id f op g interval", "statement where domain") ||
        !(op = str_field(ck, in, "op")))
        goto done;
    for (int i = 0; i < 5; i++)
        if (!strcmp(op, ops[i].text))
            k = i;
    if (k < 0) {
        ck_fail(ck, "inputs.op", "expected one of <, <=, >, >=, =");
        goto done;
    }
    if (expr_field(ck, f, in, "f") || expr_field(ck, g, in, "g") ||
        interval_field(ck, &I, in, "interval") || domain_field(ck, &D, in, &I) ||
        ck_cost(ck, "inputs", rc_cost_user(FLINT_MAX(FLINT_MAX(fmpz_poly_degree(f->num),
                fmpz_poly_degree(f->den)), FLINT_MAX(fmpz_poly_degree(g->num), fmpz_poly_degree(g->den)))),
                "the inequality's sign tables"))
        goto done;
    fmpz_poly_q_sub(d, f, g);
    if (ops[k].eq)
        fmpz_poly_q_mul(m, d, d);
    else
        fmpz_poly_q_set(m, d);
    defined_poly(P2, P, f, g);
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

/* ---- claim.rounding ---------------------------------------------------------- */

/* r + s sqrt(q) */
typedef struct {
    fmpq_t r, s, q;
} ck_quad;

/* sign of x + y sqrt(q) */
static int quad_sign(const fmpq_t x, const fmpq_t y, const fmpq_t q)
{
    int a = fmpq_sgn(x), b = fmpq_sgn(y);
    if (!b || !a || a == b)
        return a ? a : b;
    fmpq_t x2, y2;
    fmpq_init(x2);
    fmpq_init(y2);
    fmpq_mul(x2, x, x);
    fmpq_mul(y2, y, y);
    fmpq_mul(y2, y2, q);
    int c = fmpq_cmp(x2, y2);
    fmpq_clear(x2);
    fmpq_clear(y2);
    return c > 0 ? a : c < 0 ? b : 0;
}

/* sign of 10^k v - t */
static int scaled_cmp(const ck_quad *v, const fmpz_t ten, const fmpq_t t)
{
    fmpq_t x, y;
    fmpq_init(x);
    fmpq_init(y);
    fmpq_mul_fmpz(x, v->r, ten);
    fmpq_sub(x, x, t);
    fmpq_mul_fmpz(y, v->s, ten);
    int c = quad_sign(x, y, v->q);
    fmpq_clear(x);
    fmpq_clear(y);
    return c;
}

/* p(sqrt a) = e + o sqrt(a) */
static void at_sqrt(fmpq_t e, fmpq_t o, const fmpz_poly_t p, const fmpq_t a)
{
    fmpq_t pw, t;
    fmpq_init(pw);
    fmpq_init(t);
    fmpq_zero(e);
    fmpq_zero(o);
    fmpq_one(pw);
    for (slong i = 0; i < fmpz_poly_length(p); i++) {
        fmpq_mul_fmpz(t, pw, p->coeffs + i);
        fmpq_add(i % 2 ? o : e, i % 2 ? o : e, t);
        if (i % 2)
            fmpq_mul(pw, pw, a);
    }
    fmpq_clear(pw);
    fmpq_clear(t);
}

/* the exact value of inputs.value at inputs.rho */
static int rounding_value(ck_t *ck, ck_quad *v, slong *degree, const json_t *in)
{
    const char *vt = str_field(ck, in, "value"), *rt = NULL;
    if (!vt || (json_object_get(in, "rho") && !(rt = str_field(ck, in, "rho"))))
        return -1;
    size_t n = strlen(vt);
    int wrap = n > 6 && !strncmp(vt, "sqrt(", 5) && vt[n - 1] == ')';
    for (size_t i = 4, depth = 0; wrap && i < n - 1; i++) {
        depth += (vt[i] == '(') - (vt[i] == ')');
        wrap = depth > 0;
    }
    json_t *tmp = json_pack("{s:s%}", "value", wrap ? vt + 5 : vt, wrap ? n - 6 : n);
    fmpz_poly_q_t e;
    fmpz_poly_q_init(e);
    fmpq_t t, a, b, c, dd, den;
    fmpq_init(t);
    fmpq_init(a);
    fmpq_init(b);
    fmpq_init(c);
    fmpq_init(dd);
    fmpq_init(den);
    int rc = -1, form = 0;
    char err[200];
    if (expr_field(ck, e, tmp, "value"))
        goto done;
    *degree = FLINT_MAX(fmpz_poly_degree(e->num), fmpz_poly_degree(e->den));
    if (rt) {
        form = sqrt_form(t, rt);
        if (form < 0 || (!form && rc_fmpq_parse_expr(t, rt, err, sizeof err))) {
            ck_fail(ck, "inputs.rho", "does not parse");
            goto done;
        }
        if (form && fmpz_is_square(fmpq_numref(t)) && fmpz_is_square(fmpq_denref(t))) {
            fmpz_sqrt(fmpq_numref(t), fmpq_numref(t));
            fmpz_sqrt(fmpq_denref(t), fmpq_denref(t));
            form = 0;
        }
    } else if (fmpz_poly_degree(e->num) > 0 || fmpz_poly_degree(e->den) > 0) {
        ck_fail(ck, "inputs.rho", "missing: the value depends on rho");
        goto done;
    }
    fmpq_zero(v->s);
    fmpq_zero(v->q);
    if (!form) {
        fmpz_poly_evaluate_fmpq(den, e->den, t);
        if (fmpq_is_zero(den) || (wrap && (eval_q(a, e, t), fmpq_sgn(a) < 0))) {
            ck_fail(ck, "inputs.value", "undefined at rho");
            goto done;
        }
        eval_q(v->r, e, t);
        if (wrap && fmpz_is_square(fmpq_numref(v->r)) && fmpz_is_square(fmpq_denref(v->r))) {
            fmpz_sqrt(fmpq_numref(v->r), fmpq_numref(v->r));
            fmpz_sqrt(fmpq_denref(v->r), fmpq_denref(v->r));
        } else if (wrap) {
            fmpq_swap(v->q, v->r);
            fmpq_zero(v->r);
            fmpq_one(v->s);
        }
    } else {
        if (wrap) {
            ck_fail(ck, "inputs.value", "sqrt(...) of a value needs a rational rho");
            goto done;
        }
        at_sqrt(a, b, e->num, t); /* (a + b sqrt t) / (c + dd sqrt t) */
        at_sqrt(c, dd, e->den, t);
        fmpq_mul(den, c, c);
        fmpq_mul(v->r, dd, dd);
        fmpq_submul(den, v->r, t);
        if (fmpq_is_zero(den)) {
            ck_fail(ck, "inputs.value", "undefined at rho");
            goto done;
        }
        fmpq_mul(v->r, a, c);
        fmpq_mul(v->s, b, dd);
        fmpq_submul(v->r, v->s, t);
        fmpq_div(v->r, v->r, den);
        fmpq_mul(v->s, b, c);
        fmpq_submul(v->s, a, dd);
        fmpq_div(v->s, v->s, den);
        if (!fmpq_is_zero(v->s))
            fmpq_set(v->q, t);
    }
    rc = 0;
done:
    json_decref(tmp);
    fmpz_poly_q_clear(e);
    fmpq_clear(t);
    fmpq_clear(a);
    fmpq_clear(b);
    fmpq_clear(c);
    fmpq_clear(dd);
    fmpq_clear(den);
    return rc;
}

/* decimal text of n / 10^k */
static json_t *decimal_json(const fmpz_t n, slong k)
{
    char *digits = fmpz_get_str(NULL, 10, n), *d = digits + (digits[0] == '-');
    size_t len = strlen(d), pad = len <= (size_t)k ? (size_t)k + 1 - len : 0;
    char *out = calloc(len + pad + 3, 1), *p = out;
    if (d != digits)
        *p++ = '-';
    for (size_t i = 0; i < len + pad; i++) {
        if (k > 0 && i == len + pad - (size_t)k)
            *p++ = '.';
        *p++ = i < pad ? '0' : d[i - pad];
    }
    json_t *j = json_string(out);
    free(out);
    flint_free(digits);
    return j;
}

int ck_user_rounding(ck_t *ck, int variant, const char *claim, const json_t *in,
                     const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    (void)results;
    ck_quad x;
    fmpq_init(x.r);
    fmpq_init(x.s);
    fmpq_init(x.q);
    fmpq_t p, m;
    fmpq_init(p);
    fmpq_init(m);
    fmpz_t ten, n, pn;
    fmpz_init(ten);
    fmpz_init(n);
    fmpz_init(pn);
    json_t *out = json_object();
    *expected = out;
    int rc = -1, half_even = 0;
    slong degree = 0;
    const char *pt, *mode = "half-up";
    char err[200];
    if (user_head(ck, in, "claim.rounding", "kind id value printed", "statement where rho mode") ||
        rounding_value(ck, &x, &degree, in) || !(pt = str_field(ck, in, "printed")))
        goto done;
    slong k = rc_decimal_places(pt);
    if (k < 0 || strchr(pt, '/') || rc_fmpq_parse(p, pt, err, sizeof err)) {
        ck_fail(ck, "inputs.printed", "expected a plain decimal");
        goto done;
    }
    if (strlen(pt) > RC_LIMIT_USER_PLACES + 64) {
        ck_limit(ck, "inputs.printed", "more than %d places", RC_LIMIT_USER_PLACES);
        goto done;
    }
    if (ck_cost(ck, "inputs.printed", rc_cost_user_rounding(degree, k), "the rounding"))
        goto done;
    if (json_object_get(in, "mode")) {
        if (!(mode = str_field(ck, in, "mode")))
            goto done;
        if (strcmp(mode, "half-up") && strcmp(mode, "half-even")) {
            ck_fail(ck, "inputs.mode", "expected \"half-up\" or \"half-even\"");
            goto done;
        }
        half_even = !strcmp(mode, "half-even");
    }
    fmpz_ui_pow_ui(ten, 10, (ulong)k);
    /* n = floor(10^k v): from the rational part, then stepped exactly */
    fmpq_mul_fmpz(m, x.r, ten);
    fmpz_fdiv_q(n, fmpq_numref(m), fmpq_denref(m));
    if (!fmpq_is_zero(x.s)) { /* |s| sqrt(q) 10^k lies within 1 of floor(sqrt(s^2 q 10^2k)) */
        fmpq_t y;
        fmpq_init(y);
        fmpq_mul(y, x.s, x.s);
        fmpq_mul(y, y, x.q);
        fmpq_mul_fmpz(y, y, ten);
        fmpq_mul_fmpz(y, y, ten);
        fmpz_t root;
        fmpz_init(root);
        fmpz_fdiv_q(root, fmpq_numref(y), fmpq_denref(y));
        fmpz_sqrt(root, root);
        if (fmpq_sgn(x.s) > 0)
            fmpz_add(n, n, root);
        else
            fmpz_sub(n, n, root);
        fmpz_clear(root);
        fmpq_clear(y);
    }
    for (;;) {
        fmpq_set_fmpz(m, n);
        if (scaled_cmp(&x, ten, m) < 0) {
            fmpz_sub_ui(n, n, 1);
            continue;
        }
        fmpz_add_ui(fmpq_numref(m), fmpq_numref(m), 1);
        if (scaled_cmp(&x, ten, m) >= 0) {
            fmpz_add_ui(n, n, 1);
            continue;
        }
        break;
    }
    fmpq_set_fmpz(m, n);
    fmpq_set_si(p, 1, 2);
    fmpq_add(m, m, p);
    int c = scaled_cmp(&x, ten, m);
    if (c > 0 || (c == 0 && (half_even ? fmpz_is_odd(n) : fmpq_sgn(m) > 0)))
        fmpz_add_ui(n, n, 1);
    rc_fmpq_parse(p, pt, err, sizeof err);
    fmpz_mul(pn, fmpq_numref(p), ten);
    fmpz_divexact(pn, pn, fmpq_denref(p));
    int agrees = fmpz_equal(n, pn);
    json_object_set_new(out, "value", json_pack("{s:o,s:o,s:o}", "rational", rc_json_fmpq(x.r),
                                                "sqrt_coeff", rc_json_fmpq(x.s), "sqrt_of",
                                                rc_json_fmpq(x.q)));
    json_object_set_new(out, "places", json_integer(k));
    json_object_set_new(out, "mode", json_string(mode));
    json_object_set_new(out, "tie", json_boolean(c == 0));
    json_object_set_new(out, "correct", decimal_json(n, k));
    json_object_set_new(out, "agrees", json_boolean(agrees));
    ck_state(v, agrees ? CK_OK : CK_FAIL, "the printed %.40s is not the value rounded to %ld places",
             pt, (long)k);
    rc = 0;
done:
    fmpq_clear(x.r);
    fmpq_clear(x.s);
    fmpq_clear(x.q);
    fmpq_clear(p);
    fmpq_clear(m);
    fmpz_clear(ten);
    fmpz_clear(n);
    fmpz_clear(pn);
    return rc;
}
