/* Rule user.identity/1: "f = g as rational functions of rho", recomputed from
 * the user's spec object: f - g, the witness point where they differ, and the
 * sign table saying where both are defined on the interval. */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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
    ck_user_real_line(&D);
    fmpq_t ft, gt;
    fmpq_init(ft);
    fmpq_init(gt);
    int rc = -1, have_I = json_object_get(in, "interval") != NULL;
    json_t *out = json_object();
    *expected = out;
    if (ck_user_head(ck, in, "claim.identity", "kind id f g", "statement where interval") ||
        ck_user_expr(ck, f, in, "f") || ck_user_expr(ck, g, in, "g") ||
        (have_I && ck_user_interval(ck, &I, in, "interval")) ||
        ck_cost(ck, "inputs", rc_cost_user(FLINT_MAX(FLINT_MAX(fmpz_poly_degree(f->num),
                fmpz_poly_degree(f->den)), FLINT_MAX(fmpz_poly_degree(g->num), fmpz_poly_degree(g->den)))),
                "the identity's sign tables"))
        goto done;
    fmpz_poly_q_sub(d, f, g);
    ck_user_defined_poly(P2, P, f, g);
    int identical = fmpz_poly_q_is_zero(d);
    json_object_set_new(out, "f", rc_json_qrho(f));
    json_object_set_new(out, "g", rc_json_qrho(g));
    json_object_set_new(out, "difference", rc_json_qrho(d));
    json_object_set_new(out, "identical", json_boolean(identical));
    const json_t *w = json_object_get(results, "witness");
    json_t *wexp = json_null();
    if (!identical) {
        if (ck_user_point_witness(ck, &wexp, ft, gt, w, "results.witness", f, g, P, have_I ? &I : NULL))
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
