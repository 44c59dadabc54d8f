/* The yun19 authors' response on instances (claim yun19.response): every
 * instance goes through the landscape analysis of Theorem 2 (yun19_thm2.c),
 * then
 *  (a) on an L = 1 network of the §4.1 form: parameter coverage holds (there
 *      is no U_2), and at a critical point with w != 0, R <= R_lin, with or
 *      without representation coverage; a critical point with w = 0 is
 *      reported as the case the hypothesis w != 0 excludes;
 *  (b) on a network with a tunable skip W_l: whether it is a critical point
 *      where both conditions hold, R > R_lin and no Hessian eigenvalue is
 *      negative, i.e. where the variant of Theorem 2 fails.
 * The statements are decided from the computed results only. */
#include "rescheck/cert.h"
#include "rescheck/claims.h"

#include <string.h>

static int flag(const json_t *o, const char *a, const char *b)
{
    const json_t *x = json_object_get(o, a);
    return json_is_true(b ? json_object_get(x, b) : x);
}

static const char *qs(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "?";
}

/* the network's shape from the canonical input record: L, a tunable W, w != 0 */
static void shape(const json_t *in, slong *L, int *has_W, int *w_nonzero)
{
    const json_t *sp = json_object_get(in, "spec"), *bl = json_object_get(sp, "blocks"), *b, *x;
    size_t i;
    *L = (slong)json_array_size(bl);
    *has_W = *w_nonzero = 0;
    json_array_foreach(bl, i, b) *has_W |= json_object_get(b, "W") != NULL;
    json_array_foreach(json_object_get(sp, "w"), i, x) *w_nonzero |= strcmp(json_string_value(x), "0") != 0;
}

/* (a) on one instance; counts the points the statement applies to */
static json_t *part_a(rc_report *rep, const char *name, const json_t *res, int w_nonzero,
                      slong *applied)
{
    int crit = flag(res, "critical", NULL), pc = flag(res, "hypotheses", "parameter_coverage");
    int le = flag(res, "conclusion", "risk_le_R_lin"), rep_cov = flag(res, "hypotheses", "representation_coverage");
    rc_report_add(rep, pc ? RC_OK : RC_FAIL, NULL, NULL, "%s (a): L = 1: parameter coverage %s "
                  "(no U_2, rank 0 < d_x)", name, pc ? "holds" : "FAILS");
    int applies = crit && w_nonzero;
    if (applies) {
        (*applied)++;
        rc_report_add(rep, le ? RC_OK : RC_FAIL, NULL, NULL, "%s (a): critical with w != 0 and "
                      "representation coverage %s: R = %s %s R_lin = %s (no bias)", name,
                      rep_cov ? "holding" : "failing", qs(res, "risk"), le ? "<=" : ">", qs(res, "R_lin"));
    } else if (crit)
        rc_report_add(rep, RC_NOTE, NULL, NULL, "%s (a): critical with w = 0, outside the statement: "
                      "R = %s %s R_lin = %s%s", name, qs(res, "risk"), le ? "<=" : ">", qs(res, "R_lin"),
                      le ? "" : ", so the hypothesis w != 0 cannot be dropped");
    else
        rc_report_add(rep, RC_NOTE, NULL, NULL, "%s (a): not a critical point, outside the statement", name);
    return json_pack("{s:s, s:b, s:b, s:b}", "part", "a", "w_nonzero", w_nonzero, "applies", applies,
                     "holds", applies ? le : pc);
}

/* (b) on one instance: does the tunable-skip variant violate Theorem 2 here? */
static json_t *part_b(rc_report *rep, const char *name, const json_t *res, int w_nonzero)
{
    int crit = flag(res, "critical", NULL), h1 = flag(res, "hypotheses", "representation_coverage");
    int h2 = flag(res, "hypotheses", "parameter_coverage"), le = flag(res, "conclusion", "risk_le_R_lin");
    const json_t *in = json_object_get(res, "inertia");
    json_int_t neg = json_integer_value(json_object_get(in, "negative"));
    json_int_t zero = json_integer_value(json_object_get(in, "zero"));
    int viol = crit && h1 && h2 && !le && neg == 0;
    if (viol)
        rc_report_add(rep, RC_OK, NULL, NULL, "%s (b): tunable W_l: a critical point where both "
                      "conditions hold, R = %s > R_lin = %s and no Hessian eigenvalue is negative "
                      "(n- = 0, n0 = %lld%s): Theorem 2's conclusion fails for the variant", name,
                      qs(res, "risk"), qs(res, "R_lin"), (long long)zero,
                      zero ? ", so the second-order test is inconclusive: not shown a local minimum" : "");
    else
        rc_report_add(rep, RC_NOTE, NULL, NULL, "%s (b): tunable W_l, no violation here (critical %s, "
                      "conditions %s/%s, R %s R_lin, n- = %lld)", name, crit ? "yes" : "no",
                      h1 ? "hold" : "fail", h2 ? "hold" : "fail", le ? "<=" : ">", (long long)neg);
    return json_pack("{s:s, s:b, s:b, s:b}", "part", "b", "w_nonzero", w_nonzero, "applies", crit,
                     "holds", viol);
}

/* (a) and (b) from the computed results; results gets "response" */
static void response_finish(rc_report *rep, const json_t *inputs, json_t *results_obj)
{
    const json_t *results = json_object_get(results_obj, "instances");
    json_t *resp = json_array();
    slong applied = 0, violations = 0;
    for (size_t k = 0; k < json_array_size(inputs); k++) {
        const json_t *in = json_array_get(inputs, k), *res = json_array_get(results, k);
        const char *name = json_string_value(json_object_get(in, "name"));
        slong L;
        int has_W, wnz;
        shape(in, &L, &has_W, &wnz);
        json_t *o;
        if (has_W) {
            o = part_b(rep, name, res, wnz);
            violations += json_is_true(json_object_get(o, "holds"));
        } else if (L == 1)
            o = part_a(rep, name, res, wnz, &applied);
        else
            o = json_pack("{s:s}", "part", "none");
        json_array_append_new(resp, o);
    }
    if (!applied)
        rc_report_add(rep, RC_UNDECIDED, NULL, NULL, "(a): no instance is an L = 1 critical point with w != 0");
    if (!violations)
        rc_report_add(rep, RC_UNDECIDED, NULL, NULL, "(b): no tunable-skip instance violates Theorem 2's conclusion");
    rc_report_conclude(rep, "(a) on %ld L = 1 critical points with w != 0: R <= R_lin; (b) %ld "
                       "tunable-skip critical point(s) with both conditions, R > R_lin and no negative "
                       "Hessian eigenvalue: Theorem 2 does not extend to tunable skips",
                       (long)applied, (long)violations);
    json_object_set_new(results_obj, "response", resp);
}

int rc_yun19_response(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    return rc_landscape_run(c, spec, rep, cert, response_finish);
}
