/* claim.inequality: f(rho) op g(rho) for every rho of an interval, decided
 * exactly on sign tables (rc_ineq), with the exact maximal set where it holds
 * and a witness where it fails (docs/specs.md, "Your own claims"). */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/ineq.h"
#include "rescheck/qrho.h"
#include "user_expr.h"

#include <arb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_domain(rc_interval_t D, rc_spec *s, const rc_interval_t I)
{
    json_t *v = rc_spec_get(s, s->root, "domain", "domain", 0);
    if (!v)
        return 0;
    if (rc_spec_interval(D, s, v, "domain") || rc_user_end_size_ok(s, D->lo, "domain") ||
        rc_user_end_size_ok(s, D->hi, "domain"))
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
            w = rc_user_point_witness(text, t, f, g);
            fmpq_clear(t);
        }
    }
    rc_alg_clear(a);
    return w;
}

int rc_user_inequality(const rc_claim *c, rc_spec *s, rc_report *rep, json_t **cert)
{
    rc_user_head h;
    const char *ftext, *gtext, *itext, *optext;
    fmpz_poly_q_t f, g, d, P2;
    fmpz_poly_q_init(f);
    fmpz_poly_q_init(g);
    fmpz_poly_q_init(d);
    fmpz_poly_q_init(P2);
    rc_interval_t I, D;
    rc_interval_init(I);
    rc_user_real_line(D);
    int rc = -1, k = -1;
    json_t *opj;
    if (rc_user_read_head(&h, s, c, rep) || rc_user_read_expr(f, &ftext, s, "f") ||
        !(opj = rc_spec_get(s, s->root, "op", "op", 1)) || rc_spec_string(&optext, s, opj, "op"))
        goto done;
    for (int i = 0; i < 5; i++)
        if (!strcmp(optext, ops[i].text))
            k = i;
    if (k < 0) {
        rc_spec_fail(s, "op", "expected one of <, <=, >, >=, =");
        goto done;
    }
    if (rc_user_read_expr(g, &gtext, s, "g") || rc_user_read_interval(I, &itext, s, 1) || read_domain(D, s, I) ||
        rc_spec_cost(s, "f", rc_cost_user(FLINT_MAX(rc_user_degree(f), rc_user_degree(g))),
                     "the inequality's sign tables"))
        goto done;
    fmpz_poly_q_sub(d, f, g);
    rc_user_defined_poly(P2, f, g);
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
    rc_user_paper_note(rep, &h);
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
