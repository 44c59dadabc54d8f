/* Rule yun19.response/1: the authors' response on instances. Each instance's
 * landscape is recomputed and its witnesses verified by rule yun19.thm2/1
 * (ck_yun19_thm2); the response's statements are then re-derived from those
 * recomputed values and the network's shape read from the inputs:
 *  (a) L = 1 without tunable W: parameter coverage holds, and at a critical
 *      point with w != 0, R <= R_lin;
 *  (b) a tunable W_l: a critical point where both conditions hold, R > R_lin
 *      and the Hessian has no negative eigenvalue (at least one is needed). */
#include "rules.h"

static int flag(const json_t *o, const char *a, const char *b)
{
    const json_t *x = json_object_get(o, a);
    return json_is_true(b ? json_object_get(x, b) : x);
}

/* L, a block carrying "W", and w != 0, from the (already validated) spec */
static int shape(ck_t *ck, const json_t *in, slong k, slong *L, int *has_W, int *w_nonzero)
{
    const json_t *sp = json_object_get(in, "spec"), *bl = json_object_get(sp, "blocks"), *x;
    size_t i;
    char p[CK_PATH];
    *L = (slong)json_array_size(bl);
    *has_W = *w_nonzero = 0;
    json_array_foreach(bl, i, x) *has_W |= json_object_get(x, "W") != NULL;
    fmpq_t q;
    fmpq_init(q);
    int rc = 0;
    json_array_foreach(json_object_get(sp, "w"), i, x)
    {
        ck_pathf(p, "inputs.instances[%ld].spec.w[%zu]", (long)k, i);
        if ((rc = ck_q(ck, q, x, p)))
            break;
        *w_nonzero |= !fmpq_is_zero(q);
    }
    fmpq_clear(q);
    return rc;
}

int ck_yun19_response(ck_t *ck, int variant, const char *claim, const json_t *in,
                      const json_t *results, json_t **expected, ck_verdict *v)
{
    json_t *exp = NULL;
    if (ck_keys(ck, results, "results", "instances response") ||
        ck_yun19_thm2(ck, variant, claim, in, results, &exp, v))
        return -1;
    const json_t *I = json_object_get(in, "instances"), *E = json_object_get(exp, "instances");
    json_t *resp = json_array();
    slong applied = 0, violations = 0;
    for (size_t k = 0; k < json_array_size(I); k++) {
        const json_t *res = json_array_get(E, k);
        slong L;
        int has_W, wnz;
        if (shape(ck, json_array_get(I, k), (slong)k, &L, &has_W, &wnz)) {
            json_decref(resp), json_decref(exp);
            return -1;
        }
        int crit = flag(res, "critical", NULL), le = flag(res, "conclusion", "risk_le_R_lin");
        int h1 = flag(res, "hypotheses", "representation_coverage");
        int h2 = flag(res, "hypotheses", "parameter_coverage");
        if (has_W) {
            json_int_t neg = json_integer_value(json_object_get(json_object_get(res, "inertia"), "negative"));
            int viol = crit && h1 && h2 && !le && neg == 0;
            violations += viol;
            json_array_append_new(resp, json_pack("{s:s, s:b, s:b, s:b}", "part", "b", "w_nonzero", wnz,
                                                  "applies", crit, "holds", viol));
        } else if (L == 1) {
            int applies = crit && wnz;
            applied += applies;
            ck_state(v, h2 ? CK_OK : CK_FAIL, "results.instances[%zu]: L = 1 without parameter coverage", k);
            if (applies)
                ck_state(v, le ? CK_OK : CK_FAIL, "results.response[%zu]: R > R_lin at an L = 1 critical "
                         "point with w != 0", k);
            json_array_append_new(resp, json_pack("{s:s, s:b, s:b, s:b}", "part", "a", "w_nonzero", wnz,
                                                  "applies", applies, "holds", applies ? le : h2));
        } else
            json_array_append_new(resp, json_pack("{s:s}", "part", "none"));
    }
    ck_state(v, applied ? CK_OK : CK_UNDECIDED, "(a): no L = 1 critical point with w != 0");
    ck_state(v, violations ? CK_OK : CK_UNDECIDED, "(b): no tunable-skip violation");
    json_object_set_new(exp, "response", resp);
    *expected = exp;
    return 0;
}
