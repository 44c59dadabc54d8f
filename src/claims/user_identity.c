/* claim.identity: f(rho) = g(rho) as rational functions of rho (docs/specs.md,
 * "Your own claims"); the certificate's inputs are the spec object itself. */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/ineq.h"
#include "rescheck/qrho.h"
#include "user_expr.h"

#include <arb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
            rc_user_eval(w, h, t);
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
    rc_user_head h;
    const char *ftext, *gtext, *itext;
    fmpz_poly_q_t f, g, d, P2;
    fmpz_poly_q_init(f);
    fmpz_poly_q_init(g);
    fmpz_poly_q_init(d);
    fmpz_poly_q_init(P2);
    rc_interval_t I, D;
    rc_interval_init(I);
    rc_user_real_line(D);
    int rc = -1;
    if (rc_user_read_head(&h, s, c, rep) || rc_user_read_expr(f, &ftext, s, "f") || rc_user_read_expr(g, &gtext, s, "g") ||
        rc_user_read_interval(I, &itext, s, 0) ||
        rc_spec_cost(s, "f", rc_cost_user(FLINT_MAX(rc_user_degree(f), rc_user_degree(g))),
                     "the identity's sign tables"))
        goto done;
    fmpz_poly_q_sub(d, f, g);
    rc_user_defined_poly(P2, f, g);
    int identical = fmpz_poly_q_is_zero(d);
    json_t *res = json_object();
    json_object_set_new(res, "f", rc_json_qrho(f));
    json_object_set_new(res, "g", rc_json_qrho(g));
    json_object_set_new(res, "difference", rc_json_qrho(d));
    json_object_set_new(res, "identical", json_boolean(identical));
    rc_user_paper_note(rep, &h);
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
        json_object_set_new(res, "witness", rc_user_point_witness(&wt, t, f, g));
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
