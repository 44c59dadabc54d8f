/* The rule table: which rule re-verifies which claims. New rules plug in here. */
#include "rules.h"

const ck_rule ck_rules[] = {
    {"yun19.rlin/1", {"yun19.rlin"}, "built-in:yun19-sec31", ck_yun19_sec31, 0},
    {"yun19.piecewise-table/1", {"yun19.table1", "yun19.table1-mirror"}, "built-in:yun19-sec31",
     ck_yun19_sec31, 1},
    {"yun19.prop1/1", {"yun19.prop1"}, "built-in:yun19-sec31", ck_yun19_sec31, 2},
    {"yun19.nonmono/1", {"yun19.nonmono"}, "built-in:yun19-sec32", ck_yun19_nonmono, 0},
    {"yun19.thm2/1", {"yun19.thm2"}, "built-in:yun19-thm2", ck_yun19_thm2, 0},
    {"yun19.thm4/1", {"yun19.thm4"}, "built-in:yun19-thm4", ck_yun19_thm4, 0},
    {"yun19.rademacher/1", {"yun19.thm5"}, "built-in:yun19-thm5", ck_yun19_thm5, 0},
    {"yun19.response/1", {"yun19.response"}, "built-in:yun19-response", ck_yun19_response, 0},
    {"wu19.init/1", {"wu19.init"}, "built-in:wu19-init", ck_wu19_init, 0},
    {"wu19.rate/1", {"wu19.rate"}, "built-in:wu19-rate", ck_wu19_rate, 0},
    {"li18.hessian-n1/1", {"li18.thm2-n1"}, "built-in:li18-n1", ck_li18_hessian, 1},
    {"li18.hessian-n2/1", {"li18.thm2-n2"}, "built-in:li18-n2", ck_li18_hessian, 2},
    {"li18.hessian-n3/1", {"li18.thm2-n3"}, "built-in:li18-n3", ck_li18_hessian, 3},
    {"li18.lemma1/1", {"li18.lemma1"}, "built-in:li18-lemma1", ck_li18_lemma1, 0},
    {"liu19.gd/1", {"liu19.gd"}, "built-in:liu19-gd", ck_liu19_gd, 0},
    {"li18.thm1/1", {"li18.thm1"}, "built-in:li18-thm1", ck_li18_thm1, 0},
    {"wu19.mzas/1", {"wu19.mzas"}, "built-in:wu19-mzas", ck_wu19_mzas, 0},
    /* a user's own claims: no built-in data (no spec is "built-in:none") */
    {"user.identity/1", {"identity"}, "built-in:none", ck_user_identity, 0},
    {"user.inequality/1", {"inequality"}, "built-in:none", ck_user_inequality, 0},
    {"user.rounding/1", {"rounding"}, "built-in:none", ck_user_rounding, 0},
};
const size_t ck_nrules = sizeof ck_rules / sizeof ck_rules[0];
