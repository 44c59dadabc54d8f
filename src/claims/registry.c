#include "rescheck/claims.h"
#include "rescheck/cert.h"
#include "rescheck/version.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

/* An n-shortcut spec is read by the claim of its n. A spec whose n is not an
 * integer goes to every claim of the kind, whose reader then names the field. */
static json_int_t spec_n(const rc_spec *s)
{
    json_t *n = json_object_get(s->root, "n");
    return json_is_integer(n) ? json_integer_value(n) : 0;
}
static int n_is_1(const rc_spec *s) { return spec_n(s) == 1 || spec_n(s) == 0; }
static int n_is_2(const rc_spec *s) { return spec_n(s) == 2 || spec_n(s) == 0; }
static int n_is_3up(const rc_spec *s) { return spec_n(s) >= 3 || spec_n(s) == 0; }

/* Theorem 2 is stated for a twice-differentiable loss: 'verify all' runs it
 * on squared-loss specs (a Huber spec goes to thm4; naming thm2 still runs it). */
static int squared_loss(const rc_spec *s)
{
    const char *loss = json_string_value(json_object_get(s->root, "loss"));
    return !loss || strcmp(loss, "huber");
}

const rc_claim rc_claims[] = {
    {"yun19.rlin", NULL, "yun19", "§3.1",
     "best affine fit of the §3.1 dataset has risk 8*rho^2/15", "yun19.sec31", "yun19-sec31",
     "yun19.rlin/1", rc_yun19_rlin, NULL},
    {"yun19.table1", "table1", "yun19", "§3.1, Table 1",
     "lower bounds on the FC net's risk for w1 > 0, each >= R_lin", "yun19.sec31",
     "yun19-sec31", "yun19.piecewise-table/1", rc_yun19_table1, NULL},
    {"yun19.table1-mirror", NULL, "yun19", "§3.1, proof of Prop. 1",
     "the w1 < 0 table (never printed), each row >= R_lin", "yun19.sec31", "yun19-sec31",
     "yun19.piecewise-table/1", rc_yun19_table1_mirror, NULL},
    {"yun19.prop1", "prop1", "yun19", "§3.1, Proposition 1",
     "FC net never beats R_lin; the ResNet point does", "yun19.sec31", "yun19-sec31",
     "yun19.prop1/1", rc_yun19_prop1, NULL},
    {"yun19.nonmono", "nonmono", "yun19", "§3.2",
     "block representations need not improve monotonically", "yun19.sec32", "yun19-sec32",
     "yun19.nonmono/1", rc_yun19_nonmono, NULL},
    {"yun19.thm5", "thm5", "yun19", "§5.2, Theorem 5",
     "Rademacher complexity <= B prod(1+2M_l^2)/sqrt(n): certified lower bounds on tiny n",
     "yun19.rademacher", "yun19-thm5", "yun19.rademacher/1", rc_yun19_thm5, NULL},
    {"yun19.thm2", "thm2", "yun19", "§4, Theorem 2 and Corollary 3",
     "critical points of deep ResNets: R <= R_lin or a negative Hessian eigenvalue",
     "yun19.resnet-set,yun19.resnet", "yun19-thm2", "yun19.thm2/1", rc_yun19_thm2,
     squared_loss},
    {"yun19.thm4", "thm4", "yun19", "§5.1, Theorem 4",
     "R(theta*) <= R_lin + mu|t|(prod(1+rho_l)-1)E|x| at w-critical points, Huber loss",
     "yun19.resnet,yun19.thm4-suite", "yun19-thm4", "yun19.thm4/1", rc_yun19_thm4,
     rc_yun19_thm4_applies},
    {"yun19.response", "response", "yun19", "author response (Reviewers 1, 3)",
     "L = 1: R <= R_lin at critical points with w != 0; tunable skips break Theorem 2",
     "yun19.resnet-set", "yun19-response", "yun19.response/1", rc_yun19_response, NULL},
    {"wu19.init", NULL, "wu19", "author response (Reviewers 2, 3): rectangular ZAS",
     "ZAS from A = U Sigma V: product U Sigma V, balanced below W_L, output 0, only W_L's gradient",
     "wu19.zas", "wu19-init", "wu19.init/1", rc_wu19_init, NULL},
    {"wu19.rate", NULL, "wu19", "author response (Reviewer 2): discrete-time rate",
     "GD from ZAS with scale a: R(t) <= (1 - a^(2(L-1)) eta/2)^t R(0), checked at every step",
     "wu19.rate", "wu19-rate", "wu19.rate/1", rc_wu19_rate, NULL},
    {"wu19.mzas", "mzas", "wu19", "response, mZAS (Reviewer 4)",
     "mZAS start: output 0, only the output layer's gradient nonzero, and independent of L",
     "wu19.mzas", "wu19-mzas", "wu19.mzas/1", rc_wu19_mzas, NULL},
    {"li18.thm2-n1", NULL, "li18", "Thm 2.3, eqs (10), (27)-(32)",
     "n = 1: block-Toeplitz Hessian at 0, cond grows with depth", "li18.nshortcut", "li18-n1",
     "li18.hessian-n1/1", rc_li18_thm2_n1, n_is_1},
    {"li18.thm2-n2", "hessian", "li18", "Thm 2.2, eqs (8), (9), (22)-(26)",
     "n = 2: block-diagonal Hessian at 0, depth-invariant cond", "li18.nshortcut", "li18-n2",
     "li18.hessian-n2/1", rc_li18_thm2_n2, n_is_2},
    {"li18.thm2-n3", NULL, "li18", "Thm 2.1",
     "n >= 3: 0 is an (n-1)-th-order stationary point, zero Hessian", "li18.nshortcut", "li18-n3",
     "li18.hessian-n3/1", rc_li18_thm2_n3, n_is_3up},
    {"li18.lemma1", NULL, "li18", "Appendix A.1, Lemma 1",
     "a ReLU unit moves one column of A, |W1|_F = |W2|_F = sqrt(8d)/rho", "li18.lemma1",
     "li18-lemma1", "li18.lemma1/1", rc_li18_lemma1, NULL},
    {"liu19.gd", NULL, "liu19", "author response, Reviewer 2, Comment 2",
     "GD on the population loss, every step in Arb balls: large step with a0^T a* < 0 trapped in R2",
     "liu19.gd", "liu19-gd", "liu19.gd/1", rc_liu19_gd, NULL},
    {"li18.thm1", NULL, "li18", "Thm 1, Lemma 2, Assumption 2, (6)",
     "chained Lemma 1 units map each x_i to y_i; norms against (6)", "li18.thm1", "li18-thm1",
     "li18.thm1/1", rc_li18_thm1, NULL},
    /* a user's own claims: no built-in data, a spec (or a claims file) is needed */
    {"identity", NULL, "user", "your paper",
     "f(rho) = g(rho) identically, as rational functions of rho", "claim.identity", NULL,
     "user.identity/1", rc_user_identity, NULL},
    {"inequality", NULL, "user", "your paper",
     "f(rho) op g(rho) on an interval, and the exact maximal set where it holds",
     "claim.inequality", NULL, "user.inequality/1", rc_user_inequality, NULL},
    {"rounding", NULL, "user", "your paper",
     "a printed decimal is the correct rounding of an exact value", "claim.rounding", NULL,
     "user.rounding/1", rc_user_rounding, NULL},
};
const size_t rc_nclaims = sizeof rc_claims / sizeof rc_claims[0];

int rc_claim_reads(const rc_claim *c, const char *kind)
{
    size_t n = strlen(kind);
    for (const char *k = c->spec_kind; *k; k += strcspn(k, ",") + (k[strcspn(k, ",")] == ','))
        if (strcspn(k, ",") == n && !strncmp(k, kind, n))
            return 1;
    return 0;
}

const rc_claim *rc_claim_find(const char *name)
{
    for (size_t i = 0; i < rc_nclaims; i++)
        if (!strcmp(rc_claims[i].id, name) || (rc_claims[i].alias && !strcmp(rc_claims[i].alias, name)))
            return rc_claims + i;
    return NULL;
}

json_t *rc_cert_new(const rc_claim *c, const char *spec_source, json_t *inputs,
                    json_t *results, const rc_report *rep)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "format", json_string("rescheck-certificate"));
    json_object_set_new(doc, "format_version", json_integer(RC_CERT_FORMAT_VERSION));
    json_object_set_new(doc, "tool", json_string(RC_TOOL));
    json_object_set_new(doc, "claim", json_string(c->id));
    json_object_set_new(doc, "rule", json_string(c->rule));
    /* the file's base name, so the bytes do not depend on where it was run */
    char *copy = strdup(spec_source);
    json_object_set_new(doc, "spec", json_string(basename(copy)));
    free(copy);
    char hex[65];
    if (rc_json_sha256(hex, inputs) == 0)
        json_object_set_new(doc, "inputs_sha256", json_string(hex));
    json_object_set_new(doc, "inputs", inputs);
    json_object_set_new(doc, "results", results);
    json_object_set_new(doc, "verdict", json_string(rc_status_word(rc_report_verdict(rep))));
    return doc;
}
