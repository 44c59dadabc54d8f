/* A user's own claims, without writing C (docs/specs.md, "Your own claims"):
 *   claim.identity    f(rho) = g(rho) as rational functions;
 *   claim.inequality  f(rho) op g(rho) for every rho in an interval, and the
 *                     exact maximal set where it holds;
 *   claim.rounding    a printed decimal is the correct rounding of an exact value.
 * Each spec is one claim with the user's "id"; its certificate's inputs are
 * the spec object itself, so a claims file's entries check alone. */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/ineq.h"
#include "rescheck/qrho.h"

#include <arb.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared: id, statement, where; expressions; intervals ------------------- */

typedef struct {
    const char *id, *statement, *where;
} user_head;

static int read_text(const char **out, rc_spec *s, const char *key)
{
    json_t *v = rc_spec_get(s, s->root, key, key, 0);
    *out = NULL;
    if (!v)
        return 0;
    if (rc_spec_string(out, s, v, key))
        return -1;
    if (strlen(*out) > RC_LIMIT_USER_TEXT_CHARS)
        return rc_spec_fail(s, key, "longer than %d characters (docs/limits.md)",
                            RC_LIMIT_USER_TEXT_CHARS);
    return 0;
}

/* The kind and its key set, the id, and the optional statement and where;
 * the report's label "user claim ID (kind K)". */
static int read_head(user_head *h, rc_spec *s, const rc_claim *c, rc_report *rep)
{
    char kind[64];
    snprintf(kind, sizeof kind, "%s", c->spec_kind);
    if (rc_spec_check_kind(s, kind) ||
        rc_spec_string(&h->id, s, rc_spec_get(s, s->root, "id", "id", 1), "id"))
        return -1;
    size_t n = strlen(h->id);
    if (n == 0 || n > RC_LIMIT_USER_ID_CHARS || h->id[strspn(h->id,
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")] != '\0' ||
        h->id[0] == '.')
        return rc_spec_fail(s, "id", "expected 1 to %d characters from A-Z a-z 0-9 . _ - "
                            "(not starting with a dot), like \"sec4.eq7\"", RC_LIMIT_USER_ID_CHARS);
    if (read_text(&h->statement, s, "statement") || read_text(&h->where, s, "where"))
        return -1;
    snprintf(rep->label, sizeof rep->label, "user claim %s (kind %s)", h->id, c->id);
    return 0;
}

/* What the paper says, for the report's lines: its statement and where. */
static void add_paper_note(rc_report *rep, const user_head *h)
{
    if (h->statement || h->where)
        rc_report_add(rep, RC_NOTE, NULL, NULL, "the paper%s%s: %s", h->where ? ", " : "",
                      h->where ? h->where : "", h->statement ? h->statement : "(no statement given)");
}

static slong qrho_degree(const fmpz_poly_q_t f)
{
    return FLINT_MAX(fmpz_poly_degree(f->num), fmpz_poly_degree(f->den));
}

/* An expression in rho within the degree limit. */
static int read_expr(fmpz_poly_q_t f, const char **text, rc_spec *s, const char *key)
{
    json_t *v = rc_spec_get(s, s->root, key, key, 1);
    if (!v || rc_spec_string(text, s, v, key) || rc_spec_qrho(f, s, v, key))
        return -1;
    if (qrho_degree(f) > RC_LIMIT_USER_DEGREE)
        return rc_spec_fail(s, key, "degree %ld in rho, beyond the limit of %d (docs/limits.md)",
                            (long)qrho_degree(f), RC_LIMIT_USER_DEGREE);
    return 0;
}

static int digits_ok_q(const fmpq_t q)
{
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_ui_pow_ui(bound, 10, RC_LIMIT_INPUT_DIGITS);
    int ok = fmpz_cmpabs(fmpq_numref(q), bound) < 0 && fmpz_cmpabs(fmpq_denref(q), bound) < 0;
    fmpz_clear(bound);
    return ok;
}

/* The interval's ends hold numbers of bounded size, as every input does. */
static int end_size_ok(rc_spec *s, const rc_end_t e, const char *field)
{
    if (e->inf)
        return 0;
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_set_ui(bound, 10);
    fmpz_pow_ui(bound, bound, RC_LIMIT_INPUT_DIGITS);
    int ok = 1;
    for (slong k = 0; k < fmpz_poly_length(e->x->poly); k++)
        ok &= fmpz_cmpabs(e->x->poly->coeffs + k, bound) < 0;
    fmpz_clear(bound);
    return ok ? 0 : rc_spec_fail(s, field, "an end with more than %d digits in its numerator or "
                                 "denominator (docs/limits.md)", RC_LIMIT_INPUT_DIGITS);
}

static int read_interval(rc_interval_t I, const char **text, rc_spec *s, int required)
{
    json_t *v = rc_spec_get(s, s->root, "interval", "interval", required);
    *text = NULL;
    if (!v)
        return required ? -1 : 0;
    if (rc_spec_string(text, s, v, "interval") || rc_spec_interval(I, s, v, "interval") ||
        end_size_ok(s, I->lo, "interval") || end_size_ok(s, I->hi, "interval"))
        return -1;
    if (!I->lo->inf && !I->hi->inf && rc_alg_cmp(I->lo->x, I->hi->x) == 0)
        return rc_spec_fail(s, "interval", "a single point: give an interval with more than one point");
    return 0;
}

/* The whole real line, the default domain of the sign tables here. */
static void real_line(rc_interval_t D)
{
    rc_interval_init(D);
    D->lo->inf = -1;
    D->hi->inf = 1;
}

/* The optional "domain": an open interval with rational or infinite ends
 * holding the interval; the maximal set is reported inside it. */
static int read_domain(rc_interval_t D, rc_spec *s, const rc_interval_t I)
{
    json_t *v = rc_spec_get(s, s->root, "domain", "domain", 0);
    if (!v)
        return 0;
    if (rc_spec_interval(D, s, v, "domain") || end_size_ok(s, D->lo, "domain") ||
        end_size_ok(s, D->hi, "domain"))
        return -1;
    if (D->lo_closed || D->hi_closed || (!D->lo->inf && !rc_alg_is_rational(D->lo->x)) ||
        (!D->hi->inf && !rc_alg_is_rational(D->hi->x)))
        return rc_spec_fail(s, "domain", "expected an open interval with rational or infinite "
                            "ends, like \"(0, inf)\"");
    if (!rc_interval_inside_domain((rc_interval_struct *)I, D))
        return rc_spec_fail(s, "interval", "must lie inside the domain");
    return 0;
}

/* (den f * den g)^2: positive exactly where f and g are both defined */
static void defined_poly(fmpz_poly_q_t P2, const fmpz_poly_q_t f, const fmpz_poly_q_t g)
{
    fmpz_poly_t p;
    fmpz_poly_init(p);
    fmpz_poly_mul(p, f->den, g->den);
    fmpz_poly_sqr(p, p);
    fmpz_poly_q_zero(P2);
    fmpz_poly_set(P2->num, p);
    fmpz_poly_set_ui(P2->den, 1);
    fmpz_poly_q_canonicalise(P2);
    fmpz_poly_clear(p);
}

/* The pieces of q's table that I meets, gap0 root0 gap1 ... as 2i / 2j+1. */
static void pieces_of_interval(slong *first, slong *last, const rc_ineq_t q)
{
    slong lo = q->lo_index < 0 ? 0 : q->lo_on_root ? 2 * q->lo_index + 1 : 2 * q->lo_index;
    slong hi = q->hi_index < 0 ? 2 * q->st->nroots
                               : q->hi_on_root ? 2 * q->hi_index + 1 : 2 * q->hi_index;
    if (q->lo_index >= 0 && q->lo_on_root && !q->I->lo_closed)
        lo++;
    if (q->hi_index >= 0 && q->hi_on_root && !q->I->hi_closed)
        hi--;
    *first = lo;
    *last = hi;
}

static int piece_holds(const rc_ineq_t q, slong k)
{
    return k % 2 == 0 ? rc_signtable_gap_holds(q->st, k / 2, q->op)
                      : rc_signtable_root_holds(q->st, k / 2, q->op);
}

/* A rational point strictly inside gap i of q's table and inside I: the
 * simplest one between rational bounds of the gap's and I's ends, refined
 * until they separate. */
static void point_in_gap(fmpq_t t, const rc_ineq_t q, slong i)
{
    rc_alg_t a, b, lo, hi;
    rc_alg_init(a);
    rc_alg_init(b);
    rc_alg_init(lo);
    rc_alg_init(hi);
    int has_a = i > 0, has_b = i < q->st->nroots;
    if (has_a)
        rc_signtable_root(a, q->st, i - 1);
    if (has_b)
        rc_signtable_root(b, q->st, i);
    int has_lo = !q->I->lo->inf, has_hi = !q->I->hi->inf;
    if (has_lo)
        rc_alg_set(lo, q->I->lo->x);
    if (has_hi)
        rc_alg_set(hi, q->I->hi->x);
    fmpq_t L, H;
    fmpq_init(L);
    fmpq_init(H);
    for (int iter = 0;; iter++) {
        /* L = max of the upper bounds below, H = min of the lower bounds above */
        int l_inf = 1, h_inf = 1;
        if (has_a)
            fmpq_set(L, a->hi), l_inf = 0;
        if (has_lo && (l_inf || fmpq_cmp(lo->hi, L) > 0))
            fmpq_set(L, lo->hi), l_inf = 0;
        if (has_b)
            fmpq_set(H, b->lo), h_inf = 0;
        if (has_hi && (h_inf || fmpq_cmp(hi->lo, H) < 0))
            fmpq_set(H, hi->lo), h_inf = 0;
        if (l_inf || h_inf || fmpq_cmp(L, H) < 0) {
            rc_fmpq_simplest_between(t, L, l_inf, H, h_inf);
            break;
        }
        if (has_a) rc_alg_refine(a);
        if (has_b) rc_alg_refine(b);
        if (has_lo) rc_alg_refine(lo);
        if (has_hi) rc_alg_refine(hi);
    }
    fmpq_clear(L);
    fmpq_clear(H);
    rc_alg_clear(a);
    rc_alg_clear(b);
    rc_alg_clear(lo);
    rc_alg_clear(hi);
}

static void qrho_eval(fmpq_t out, const fmpz_poly_q_t f, const fmpq_t t)
{
    fmpq_t d;
    fmpq_init(d);
    fmpz_poly_evaluate_fmpq(out, f->num, t);
    fmpz_poly_evaluate_fmpq(d, f->den, t);
    fmpq_div(out, out, d);
    fmpq_clear(d);
}

/* {"at": t, "f": f(t), "g": g(t)} and the words "at rho = t: f = .., g = .." */
static json_t *point_witness(char **text, const fmpq_t t, const fmpz_poly_q_t f,
                             const fmpz_poly_q_t g)
{
    fmpq_t ft, gt;
    fmpq_init(ft);
    fmpq_init(gt);
    qrho_eval(ft, f, t);
    qrho_eval(gt, g, t);
    json_t *w = json_pack("{s:o,s:o,s:o}", "at", rc_json_fmpq(t), "f", rc_json_fmpq(ft), "g",
                          rc_json_fmpq(gt));
    char *ts = rc_fmpq_get_str(t), *fs = rc_fmpq_get_str(ft), *gs = rc_fmpq_get_str(gt);
    if (asprintf(text, "at rho = %s: f = %s, g = %s", ts, fs, gs) < 0)
        *text = NULL;
    flint_free(ts);
    flint_free(fs);
    flint_free(gs);
    fmpq_clear(ft);
    fmpq_clear(gt);
    return w;
}

/* ---- claim.identity ----------------------------------------------------------- */

/* A rational point (in I when given) where both are defined and differ:
 * the simplest candidates, one per try, past the finitely many bad points. */
static void identity_witness(fmpq_t t, const fmpz_poly_q_t h, const fmpz_poly_q_t P2,
                             const rc_interval_t I, int have_I)
{
    fmpq_t L, H, v, w;
    fmpq_init(L);
    fmpq_init(H);
    fmpq_init(v);
    fmpq_init(w);
    rc_alg_t lo, hi;
    rc_alg_init(lo);
    rc_alg_init(hi);
    int l_inf = 1, h_inf = 1;
    if (have_I && !I->lo->inf) {
        rc_alg_set(lo, I->lo->x);
        fmpq_set(L, lo->hi);
        l_inf = 0;
    }
    if (have_I && !I->hi->inf) {
        rc_alg_set(hi, I->hi->x);
        fmpq_set(H, hi->lo);
        h_inf = 0;
    }
    while (!l_inf && !h_inf && fmpq_cmp(L, H) >= 0) {
        rc_alg_refine(lo);
        rc_alg_refine(hi);
        fmpq_set(L, lo->hi);
        fmpq_set(H, hi->lo);
    }
    for (;;) {
        rc_fmpq_simplest_between(t, L, l_inf, H, h_inf);
        fmpz_poly_evaluate_fmpq(v, P2->num, t);
        if (!fmpq_is_zero(v)) {
            qrho_eval(w, h, t);
            if (!fmpq_is_zero(w))
                break;
        }
        fmpq_set(L, t); /* the next candidate lies above this one */
        l_inf = 0;
    }
    rc_alg_clear(lo);
    rc_alg_clear(hi);
    fmpq_clear(L);
    fmpq_clear(H);
    fmpq_clear(v);
    fmpq_clear(w);
}

int rc_user_identity(const rc_claim *c, rc_spec *s, rc_report *rep, json_t **cert)
{
    user_head h;
    const char *ftext, *gtext, *itext;
    fmpz_poly_q_t f, g, d, P2;
    fmpz_poly_q_init(f);
    fmpz_poly_q_init(g);
    fmpz_poly_q_init(d);
    fmpz_poly_q_init(P2);
    rc_interval_t I, D;
    rc_interval_init(I);
    real_line(D);
    int rc = -1;
    if (read_head(&h, s, c, rep) || read_expr(f, &ftext, s, "f") || read_expr(g, &gtext, s, "g") ||
        read_interval(I, &itext, s, 0) ||
        rc_spec_cost(s, "f", rc_cost_user(FLINT_MAX(qrho_degree(f), qrho_degree(g))),
                     "the identity's sign tables"))
        goto done;
    fmpz_poly_q_sub(d, f, g);
    defined_poly(P2, f, g);
    int identical = fmpz_poly_q_is_zero(d);
    json_t *res = json_object();
    json_object_set_new(res, "f", rc_json_qrho(f));
    json_object_set_new(res, "g", rc_json_qrho(g));
    json_object_set_new(res, "difference", rc_json_qrho(d));
    json_object_set_new(res, "identical", json_boolean(identical));
    add_paper_note(rep, &h);
    char *ds = rc_qrho_get_str(d);
    if (identical) {
        rc_report_add(rep, RC_OK, NULL, NULL, "%s: %s = %s (identically, as rational functions of rho)",
                      h.id, ftext, gtext);
        json_object_set_new(res, "witness", json_null());
    } else {
        fmpq_t t;
        fmpq_init(t);
        identity_witness(t, d, P2, I, itext != NULL);
        char *wt = NULL, *detail = NULL;
        json_object_set_new(res, "witness", point_witness(&wt, t, f, g));
        if (asprintf(&detail, "f - g = %s, not 0; %s", ds, wt ? wt : "") < 0)
            detail = NULL;
        rc_report_add(rep, RC_FAIL, h.statement, detail, "%s: %s = %s is false: f - g = %s", h.id,
                      ftext, gtext, ds);
        free(detail);
        free(wt);
        fmpq_clear(t);
    }
    if (itext) {
        rc_ineq_t q;
        rc_ineq_init(q, P2, RC_OP_GT, D, I);
        json_object_set_new(res, "defined", rc_ineq_json(q));
        char *is = rc_interval_get_str(I), *set = rc_ineq_set_str(q);
        if (identical && q->holds)
            rc_report_add(rep, RC_NOTE, NULL, NULL, "%s: both are defined on all of %s, so f(rho) = "
                          "g(rho) for every rho in %s", h.id, is, is);
        else if (identical)
            rc_report_add(rep, RC_NOTE, NULL, NULL, "%s: f or g has a pole in %s: they are both "
                          "defined exactly for rho in %s, and equal there", h.id, is, set);
        flint_free(is);
        free(set);
        rc_ineq_clear(q);
    } else {
        json_object_set_new(res, "defined", json_null());
    }
    flint_free(ds);
    rc_report_conclude(rep, "%s holds for every rho where both sides are defined", h.id);
    *cert = rc_cert_new(c, s->file, json_incref(s->root), res, rep);
    rc = 0;
done:
    fmpz_poly_q_clear(f);
    fmpz_poly_q_clear(g);
    fmpz_poly_q_clear(d);
    fmpz_poly_q_clear(P2);
    rc_interval_clear(I);
    rc_interval_clear(D);
    return rc;
}

/* ---- claim.inequality ---------------------------------------------------------- */

static const struct {
    const char *text;
    rc_op op; /* on f - g; "=" is (f - g)^2 <= 0 */
    int eq;
} ops[] = {{"<", RC_OP_LT, 0}, {"<=", RC_OP_LE, 0}, {">", RC_OP_GT, 0},
           {">=", RC_OP_GE, 0}, {"=", RC_OP_LE, 1}};

/* Where "f op g" fails in I (it does): a pole of f or g, a root of f - g
 * where a strict op fails, or a rational point of a gap. */
static json_t *ineq_witness(char **text, const rc_ineq_t main, const rc_ineq_t def,
                            const fmpz_poly_q_t f, const fmpz_poly_q_t g)
{
    slong first, last;
    rc_alg_t a;
    rc_alg_init(a);
    json_t *w = NULL;
    if (!def->holds) {
        pieces_of_interval(&first, &last, def);
        for (slong k = first; k <= last && !w; k++)
            if (!piece_holds(def, k) && k % 2 == 1) {
                rc_signtable_root(a, def->st, k / 2);
                w = json_pack("{s:o}", "pole", rc_alg_json(a));
                char *v = rc_alg_get_str(a);
                if (asprintf(text, "where f or g is undefined, at rho = %s", v) < 0)
                    *text = NULL;
                flint_free(v);
            }
    }
    pieces_of_interval(&first, &last, main);
    /* a rational point where f and g have values to show, else a root */
    slong bad = -1;
    for (slong k = first; k <= last && bad < 0; k++)
        if (!piece_holds(main, k) && k % 2 == 0)
            bad = k;
    for (slong k = first; k <= last && bad < 0; k++)
        if (!piece_holds(main, k))
            bad = k;
    for (slong k = bad; k >= 0 && !w; k = -1) {
        if (k % 2 == 1) {
            rc_signtable_root(a, main->st, k / 2);
            w = json_pack("{s:o}", "root", rc_alg_json(a));
            char *v = rc_alg_get_str(a);
            if (asprintf(text, "at rho = %s, where f = g", v) < 0)
                *text = NULL;
            flint_free(v);
        } else {
            fmpq_t t;
            fmpq_init(t);
            point_in_gap(t, main, k / 2);
            w = point_witness(text, t, f, g);
            fmpq_clear(t);
        }
    }
    rc_alg_clear(a);
    return w;
}

int rc_user_inequality(const rc_claim *c, rc_spec *s, rc_report *rep, json_t **cert)
{
    user_head h;
    const char *ftext, *gtext, *itext, *optext;
    fmpz_poly_q_t f, g, d, P2;
    fmpz_poly_q_init(f);
    fmpz_poly_q_init(g);
    fmpz_poly_q_init(d);
    fmpz_poly_q_init(P2);
    rc_interval_t I, D;
    rc_interval_init(I);
    real_line(D);
    int rc = -1, k = -1;
    json_t *opj;
    if (read_head(&h, s, c, rep) || read_expr(f, &ftext, s, "f") ||
        !(opj = rc_spec_get(s, s->root, "op", "op", 1)) || rc_spec_string(&optext, s, opj, "op"))
        goto done;
    for (int i = 0; i < 5; i++)
        if (!strcmp(optext, ops[i].text))
            k = i;
    if (k < 0) {
        rc_spec_fail(s, "op", "expected one of <, <=, >, >=, =");
        goto done;
    }
    if (read_expr(g, &gtext, s, "g") || read_interval(I, &itext, s, 1) || read_domain(D, s, I) ||
        rc_spec_cost(s, "f", rc_cost_user(FLINT_MAX(qrho_degree(f), qrho_degree(g))),
                     "the inequality's sign tables"))
        goto done;
    fmpz_poly_q_sub(d, f, g);
    defined_poly(P2, f, g);
    fmpz_poly_q_t m;
    fmpz_poly_q_init(m);
    if (ops[k].eq)
        fmpz_poly_q_mul(m, d, d);
    else
        fmpz_poly_q_set(m, d);
    rc_ineq_t main, def;
    rc_ineq_init(main, m, ops[k].op, D, I);
    rc_ineq_init(def, P2, RC_OP_GT, D, I);
    int holds = main->holds && def->holds;
    json_t *res = json_object();
    json_object_set_new(res, "difference", rc_json_qrho(d));
    json_object_set_new(res, "compared", rc_ineq_json(main));
    json_object_set_new(res, "defined", rc_ineq_json(def));
    json_object_set_new(res, "holds", json_boolean(holds));
    add_paper_note(rep, &h);
    char *is = rc_interval_get_str(I), *set = rc_ineq_set_str(main), *ends = rc_ineq_set_ends_str(main),
         *dset = rc_ineq_set_str(def), *ds = rc_qrho_get_str(d);
    if (holds) {
        json_object_set_new(res, "witness", json_null());
        rc_report_add(rep, RC_OK, NULL, NULL, "%s: %s %s %s for every rho in %s", h.id, ftext,
                      optext, gtext, is);
    } else {
        char *wt = NULL, *detail = NULL;
        json_object_set_new(res, "witness", ineq_witness(&wt, main, def, f, g));
        if (asprintf(&detail, "fails %s; f - g = %s", wt ? wt : "", ds) < 0)
            detail = NULL;
        rc_report_add(rep, RC_FAIL, h.statement, detail, "%s: %s %s %s fails on %s (%s)", h.id,
                      ftext, optext, gtext, is, wt ? wt : "");
        free(wt);
        free(detail);
    }
    rc_report_add(rep, RC_NOTE, NULL, NULL, "%s: %s %s %s exactly for rho in %s%s%s%s", h.id, ftext,
                  optext, gtext, set, def->nset == 1 && def->set[0].lo_root < 0 &&
                  def->set[0].hi_root < 0 ? "" : " (where both are defined: ", 
                  def->nset == 1 && def->set[0].lo_root < 0 && def->set[0].hi_root < 0 ? "" : dset,
                  def->nset == 1 && def->set[0].lo_root < 0 && def->set[0].hi_root < 0 ? "" : ")");
    if (ends[0])
        rc_report_add(rep, RC_NOTE, NULL, NULL, "%s: where %s", h.id, ends);
    rc_report_conclude(rep, "%s %s %s at every rho in %s", ftext, optext, gtext, is);
    flint_free(is);
    free(set);
    free(ends);
    free(dset);
    flint_free(ds);
    rc_ineq_clear(main);
    rc_ineq_clear(def);
    fmpz_poly_q_clear(m);
    *cert = rc_cert_new(c, s->file, json_incref(s->root), res, rep);
    rc = 0;
done:
    fmpz_poly_q_clear(f);
    fmpz_poly_q_clear(g);
    fmpz_poly_q_clear(d);
    fmpz_poly_q_clear(P2);
    rc_interval_clear(I);
    rc_interval_clear(D);
    return rc;
}

/* ---- claim.rounding ------------------------------------------------------------ */

/* v = r + s*sqrt(q): s = 0, or q > 0 not the square of a rational */
typedef struct {
    fmpq_t r, s, q;
} rc_quad;

static void quad_init(rc_quad *v)
{
    fmpq_init(v->r);
    fmpq_init(v->s);
    fmpq_init(v->q);
}

static void quad_clear(rc_quad *v)
{
    fmpq_clear(v->r);
    fmpq_clear(v->s);
    fmpq_clear(v->q);
}

/* an enclosure of v at prec */
static void quad_arb(arb_t a, const rc_quad *v, slong prec)
{
    arb_t b;
    arb_init(b);
    arb_set_fmpq(a, v->q, prec);
    arb_sqrt(a, a, prec);
    arb_set_fmpq(b, v->s, prec);
    arb_mul(a, a, b, prec);
    arb_set_fmpq(b, v->r, prec);
    arb_add(a, a, b, prec);
    arb_clear(b);
}

/* sign of x + y*sqrt(q), q > 0 */
static int quad_sign(const fmpq_t x, const fmpq_t y, const fmpq_t q)
{
    int a = fmpq_sgn(x), b = fmpq_sgn(y);
    if (b == 0 || a == b)
        return a ? a : b;
    if (a == 0)
        return b;
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

/* sign of v - t */
static int quad_cmp(const rc_quad *v, const fmpq_t t)
{
    fmpq_t x;
    fmpq_init(x);
    fmpq_sub(x, v->r, t);
    int c = quad_sign(x, v->s, v->q);
    fmpq_clear(x);
    return c;
}

/* v = sqrt(x), x >= 0 rational */
static void quad_set_sqrt(rc_quad *v, const fmpq_t x)
{
    fmpz_t a, b;
    fmpz_init(a);
    fmpz_init(b);
    fmpq_zero(v->r);
    fmpq_zero(v->s);
    fmpq_zero(v->q);
    if (fmpz_is_square(fmpq_numref(x)) && fmpz_is_square(fmpq_denref(x))) {
        fmpz_sqrt(a, fmpq_numref(x));
        fmpz_sqrt(b, fmpq_denref(x));
        fmpq_set_fmpz_frac(v->r, a, b);
    } else {
        fmpq_one(v->s);
        fmpq_set(v->q, x);
    }
    fmpz_clear(a);
    fmpz_clear(b);
}

/* p(sqrt(a)) = e + o*sqrt(a) */
static void poly_at_sqrt(fmpq_t e, fmpq_t o, const fmpz_poly_t p, const fmpq_t a)
{
    fmpq_t pw, t;
    fmpq_init(pw);
    fmpq_init(t);
    fmpq_zero(e);
    fmpq_zero(o);
    fmpq_one(pw);
    for (slong k = 0; k < fmpz_poly_length(p); k += 2) {
        fmpq_mul_fmpz(t, pw, p->coeffs + k);
        fmpq_add(e, e, t);
        if (k + 1 < fmpz_poly_length(p)) {
            fmpq_mul_fmpz(t, pw, p->coeffs + k + 1);
            fmpq_add(o, o, t);
        }
        fmpq_mul(pw, pw, a);
    }
    fmpq_clear(pw);
    fmpq_clear(t);
}

/* Reads value, rho and their combination into v; 0 or -1 (input error). */
static int rounding_value(rc_quad *v, slong *degree, rc_spec *s, const char **vtext,
                          const char **rtext)
{
    json_t *vj = rc_spec_get(s, s->root, "value", "value", 1), *rj;
    if (!vj || rc_spec_string(vtext, s, vj, "value"))
        return -1;
    size_t n = strlen(*vtext);
    int is_sqrt = n > 6 && !strncmp(*vtext, "sqrt(", 5) && (*vtext)[n - 1] == ')';
    if (is_sqrt) { /* sqrt(...) around the whole value only when its parentheses match */
        int depth = 0;
        for (size_t i = 4; i < n - 1; i++) {
            depth += ((*vtext)[i] == '(') - ((*vtext)[i] == ')');
            if (depth == 0)
                is_sqrt = 0;
        }
    }
    fmpz_poly_q_t e;
    fmpz_poly_q_init(e);
    char err[200];
    int rc = -1;
    char *inner = is_sqrt ? strndup(*vtext + 5, n - 6) : strdup(*vtext);
    if (rc_qrho_parse(e, inner, err, sizeof err)) {
        rc_spec_fail(s, "value", "%s", err);
        goto done;
    }
    json_t *tmp = json_string(inner);
    int bad = rc_spec_qrho(e, s, tmp, "value");
    json_decref(tmp);
    if (bad)
        goto done;
    *degree = qrho_degree(e);
    if (qrho_degree(e) > RC_LIMIT_USER_DEGREE) {
        rc_spec_fail(s, "value", "degree %ld in rho, beyond the limit of %d (docs/limits.md)",
                     (long)qrho_degree(e), RC_LIMIT_USER_DEGREE);
        goto done;
    }
    rj = rc_spec_get(s, s->root, "rho", "rho", 0);
    *rtext = NULL;
    fmpq_t t, x, ne, no, de, dn;
    fmpq_init(t);
    fmpq_init(x);
    fmpq_init(ne);
    fmpq_init(no);
    fmpq_init(de);
    fmpq_init(dn);
    int rho_sqrt = 0;
    if (rj) {
        if (rc_spec_string(rtext, s, rj, "rho"))
            goto clear;
        char err2[200];
        int form = rc_sqrt_form_parse(t, *rtext, err2, sizeof err2);
        rho_sqrt = form > 0;
        if (form < 0) {
            rc_spec_fail(s, "rho", "%s", err2);
            goto clear;
        }
        if (!form && rc_spec_fmpq(t, s, rj, "rho"))
            goto clear;
        if (form && (!digits_ok_q(t))) {
            rc_spec_fail(s, "rho", "a number with more than %d digits in its numerator or "
                         "denominator (docs/limits.md)", RC_LIMIT_INPUT_DIGITS);
            goto clear;
        }
        if (rho_sqrt && fmpq_sgn(t) < 0) {
            rc_spec_fail(s, "rho", "square root of a negative number");
            goto clear;
        }
        if (rho_sqrt && fmpz_is_square(fmpq_numref(t)) && fmpz_is_square(fmpq_denref(t))) {
            fmpz_sqrt(fmpq_numref(t), fmpq_numref(t));
            fmpz_sqrt(fmpq_denref(t), fmpq_denref(t));
            rho_sqrt = 0;
        }
    } else if (fmpz_poly_degree(e->num) > 0 || fmpz_poly_degree(e->den) > 0) {
        rc_spec_fail(s, "rho", "missing: the value depends on rho");
        goto clear;
    }
    if (!rho_sqrt) {
        fmpz_poly_evaluate_fmpq(de, e->den, t);
        if (fmpq_is_zero(de)) {
            rc_spec_fail(s, "value", "undefined at rho = %s (a pole)", *rtext);
            goto clear;
        }
        qrho_eval(x, e, t);
        if (is_sqrt) {
            if (fmpq_sgn(x) < 0) {
                rc_spec_fail(s, "value", "square root of a negative number");
                goto clear;
            }
            quad_set_sqrt(v, x);
        } else {
            fmpq_set(v->r, x);
            fmpq_zero(v->s);
            fmpq_zero(v->q);
        }
    } else {
        if (is_sqrt) {
            rc_spec_fail(s, "value", "sqrt(...) of a value needs a rational rho");
            goto clear;
        }
        /* N(√t)/D(√t) = (ne + no√t)/(de + dn√t), rationalised */
        poly_at_sqrt(ne, no, e->num, t);
        poly_at_sqrt(de, dn, e->den, t);
        fmpq_t den, a, b;
        fmpq_init(den);
        fmpq_init(a);
        fmpq_init(b);
        fmpq_mul(den, de, de);
        fmpq_mul(a, dn, dn);
        fmpq_mul(a, a, t);
        fmpq_sub(den, den, a);
        if (fmpq_is_zero(den)) {
            rc_spec_fail(s, "value", "undefined at rho = %s (a pole)", *rtext);
        } else {
            fmpq_mul(a, ne, de);
            fmpq_mul(b, no, dn);
            fmpq_mul(b, b, t);
            fmpq_sub(v->r, a, b);
            fmpq_div(v->r, v->r, den);
            fmpq_mul(a, no, de);
            fmpq_mul(b, ne, dn);
            fmpq_sub(v->s, a, b);
            fmpq_div(v->s, v->s, den);
            fmpq_set(v->q, t);
            if (fmpq_is_zero(v->s))
                fmpq_zero(v->q);
        }
        fmpq_clear(den);
        fmpq_clear(a);
        fmpq_clear(b);
        if (s->err[0])
            goto clear;
    }
    rc = 0;
clear:
    fmpq_clear(t);
    fmpq_clear(x);
    fmpq_clear(ne);
    fmpq_clear(no);
    fmpq_clear(de);
    fmpq_clear(dn);
done:
    free(inner);
    fmpz_poly_q_clear(e);
    return rc;
}

/* The integer nearest v*10^k, ties by mode (0 half-up: away from zero,
 * 1 half-even); *tie says a tie was broken. */
static void round_scaled(fmpz_t out, int *tie, const rc_quad *v, slong k, int mode)
{
    rc_quad x;
    quad_init(&x);
    fmpz_t ten;
    fmpz_init(ten);
    fmpz_ui_pow_ui(ten, 10, (ulong)k);
    fmpq_mul_fmpz(x.r, v->r, ten);
    fmpq_mul_fmpz(x.s, v->s, ten);
    fmpq_set(x.q, v->q);
    /* a floor estimate from Arb, then corrected by exact comparisons */
    slong prec = 64 + 4 * (k + 2 * (slong)(fmpz_bits(fmpq_numref(v->r)) + fmpz_bits(fmpq_denref(v->r)) +
                                          fmpz_bits(fmpq_numref(v->s)) + fmpz_bits(fmpq_denref(v->s)) +
                                          fmpz_bits(fmpq_numref(v->q)) + fmpz_bits(fmpq_denref(v->q))));
    arb_t a;
    arb_init(a);
    quad_arb(a, &x, prec);
    arf_get_fmpz(out, arb_midref(a), ARF_RND_FLOOR);
    arb_clear(a);
    fmpq_t m;
    fmpq_init(m);
    for (;;) {
        fmpq_set_fmpz(m, out);
        if (quad_cmp(&x, m) < 0) {
            fmpz_sub_ui(out, out, 1);
            continue;
        }
        fmpz_add_ui(fmpq_numref(m), fmpq_numref(m), 1);
        if (quad_cmp(&x, m) >= 0) {
            fmpz_add_ui(out, out, 1);
            continue;
        }
        break;
    }
    /* out = floor(x); compare x with out + 1/2 */
    fmpq_set_fmpz(m, out);
    fmpq_t half;
    fmpq_init(half);
    fmpq_set_si(half, 1, 2);
    fmpq_add(m, m, half);
    int c = quad_cmp(&x, m);
    *tie = c == 0;
    if (c > 0 || (c == 0 && mode == 0 && fmpq_sgn(m) > 0) ||
        (c == 0 && mode == 1 && fmpz_is_odd(out)))
        fmpz_add_ui(out, out, 1);
    fmpq_clear(half);
    fmpq_clear(m);
    fmpz_clear(ten);
    quad_clear(&x);
}

/* "-12.3400" from the integer n and k places */
static char *scaled_str(const fmpz_t n, slong k)
{
    char *digits = fmpz_get_str(NULL, 10, n);
    int neg = digits[0] == '-';
    const char *d = digits + neg;
    size_t len = strlen(d), pad = len <= (size_t)k ? (size_t)k + 1 - len : 0, total = len + pad;
    char *out = malloc(total + 3), *p = out;
    if (neg)
        *p++ = '-';
    for (size_t i = 0; i < total; i++) {
        if (k > 0 && i == total - (size_t)k)
            *p++ = '.';
        *p++ = i < pad ? '0' : d[i - pad];
    }
    *p = '\0';
    flint_free(digits);
    return out;
}

static char *quad_str(const rc_quad *v)
{
    char *r = rc_fmpq_get_str(v->r), *out = NULL;
    if (fmpq_is_zero(v->s)) {
        out = strdup(r);
    } else {
        char *s = rc_fmpq_get_str(v->s), *q = rc_fmpq_get_str(v->q);
        if (asprintf(&out, "%s%s%s%ssqrt(%s)", fmpq_is_zero(v->r) ? "" : r,
                     fmpq_is_zero(v->r) || fmpq_sgn(v->s) < 0 ? "" : "+",
                     fmpq_is_one(v->s) ? "" : s, fmpq_is_one(v->s) ? "" : "*", q) < 0)
            out = NULL;
        flint_free(s);
        flint_free(q);
    }
    flint_free(r);
    return out;
}

static char *quad_decimal(const rc_quad *v)
{
    arb_t a;
    arb_init(a);
    quad_arb(a, v, 128);
    char *s = arb_get_str(a, 20, 0), *out = strdup(s);
    flint_free(s);
    arb_clear(a);
    return out;
}

int rc_user_rounding(const rc_claim *c, rc_spec *s, rc_report *rep, json_t **cert)
{
    user_head h;
    const char *vtext, *rtext, *ptext, *mtext = "half-up";
    rc_quad v;
    quad_init(&v);
    fmpq_t p;
    fmpq_init(p);
    fmpz_t n, pn, ten;
    fmpz_init(n);
    fmpz_init(pn);
    fmpz_init(ten);
    int rc = -1, mode = 0;
    slong degree = 0;
    json_t *pj, *mj;
    char err[200];
    if (read_head(&h, s, c, rep) || rounding_value(&v, &degree, s, &vtext, &rtext) ||
        !(pj = rc_spec_get(s, s->root, "printed", "printed", 1)) || rc_spec_string(&ptext, s, pj, "printed"))
        goto done;
    int places = rc_decimal_places(ptext);
    if (places < 0 || rc_fmpq_parse(p, ptext, err, sizeof err) || strchr(ptext, '/')) {
        rc_spec_fail(s, "printed", "expected a plain decimal [-]DIGITS[.DIGITS], like \"0.3205\"");
        goto done;
    }
    if (strlen(ptext) > RC_LIMIT_USER_PLACES + 64) {
        rc_spec_fail(s, "printed", "more than %d places (docs/limits.md)", RC_LIMIT_USER_PLACES);
        goto done;
    }
    if (rc_spec_cost(s, "printed", rc_cost_user_rounding(degree, places),
                     "the rounding"))
        goto done;
    if ((mj = rc_spec_get(s, s->root, "mode", "mode", 0))) {
        if (rc_spec_string(&mtext, s, mj, "mode"))
            goto done;
        if (strcmp(mtext, "half-up") && strcmp(mtext, "half-even")) {
            rc_spec_fail(s, "mode", "expected \"half-up\" (ties away from zero, the default) or "
                         "\"half-even\"");
            goto done;
        }
        mode = !strcmp(mtext, "half-even");
    }
    int tie;
    round_scaled(n, &tie, &v, places, mode);
    fmpz_ui_pow_ui(ten, 10, (ulong)places);
    fmpz_mul(pn, fmpq_numref(p), ten);
    fmpz_divexact(pn, pn, fmpq_denref(p)); /* a decimal with k places */
    int agrees = fmpz_equal(pn, n);
    char *correct = scaled_str(n, places), *vs = quad_str(&v), *dec = quad_decimal(&v);
    json_t *res = json_object();
    json_object_set_new(res, "value", json_pack("{s:o,s:o,s:o}", "rational", rc_json_fmpq(v.r),
                                                "sqrt_coeff", rc_json_fmpq(v.s), "sqrt_of",
                                                rc_json_fmpq(v.q)));
    json_object_set_new(res, "places", json_integer(places));
    json_object_set_new(res, "mode", json_string(mtext));
    json_object_set_new(res, "tie", json_boolean(tie));
    json_object_set_new(res, "correct", json_string(correct));
    json_object_set_new(res, "agrees", json_boolean(agrees));
    add_paper_note(rep, &h);
    char at[160] = "";
    if (rtext)
        snprintf(at, sizeof at, " at rho = %.120s", rtext);
    if (agrees) {
        /* the exact value's closed form only where it says more than the text */
        char exact[512] = "";
        if (strcmp(vs, vtext) || rtext)
            snprintf(exact, sizeof exact, " = %.500s", vs);
        rc_report_add(rep, RC_OK, NULL, NULL, "%s: %s%s%s = %s rounds to %s (%d places, %s%s)",
                      h.id, vtext, at, exact, dec, ptext, places, mtext, tie ? ", a tie" : "");
    } else {
        char *detail = NULL;
        if (asprintf(&detail, "printed %s, exact %s = %s rounds to %s (%d places, %s)", ptext, vs,
                     dec, correct, places, mtext) < 0)
            detail = NULL;
        rc_report_add(rep, RC_FAIL, ptext, detail, "%s: %s%s = %s does not round to the printed "
                      "%s: correct rounding is %s", h.id, vtext, at, dec, ptext, correct);
        free(detail);
    }
    rc_report_conclude(rep, "%s is %s%s correctly rounded to %d places (%s)", ptext, vtext, at,
                       places, mtext);
    free(correct);
    free(vs);
    free(dec);
    *cert = rc_cert_new(c, s->file, json_incref(s->root), res, rep);
    rc = 0;
done:
    quad_clear(&v);
    fmpq_clear(p);
    fmpz_clear(n);
    fmpz_clear(pn);
    fmpz_clear(ten);
    return rc;
}
