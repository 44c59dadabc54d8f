#include "rescheck/claims.h"
#include "rescheck/version.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

const rc_claim rc_claims[] = {
    {"yun19.rlin", NULL, "yun19", "§3.1",
     "best affine fit of the §3.1 dataset has risk 8*rho^2/15", "yun19.sec31", "yun19-sec31",
     "yun19.rlin/1", rc_yun19_rlin},
    {"yun19.table1", "table1", "yun19", "§3.1, Table 1",
     "lower bounds on the FC net's risk for w1 > 0, each >= R_lin", "yun19.sec31",
     "yun19-sec31", "yun19.piecewise-table/1", rc_yun19_table1},
    {"yun19.table1-mirror", NULL, "yun19", "§3.1, proof of Prop. 1",
     "the w1 < 0 table (never printed), each row >= R_lin", "yun19.sec31", "yun19-sec31",
     "yun19.piecewise-table/1", rc_yun19_table1_mirror},
    {"yun19.prop1", "prop1", "yun19", "§3.1, Proposition 1",
     "FC net never beats R_lin; the ResNet point does", "yun19.sec31", "yun19-sec31",
     "yun19.prop1/1", rc_yun19_prop1},
    {"yun19.nonmono", "nonmono", "yun19", "§3.2",
     "block representations need not improve monotonically", "yun19.sec32", "yun19-sec32",
     "yun19.nonmono/1", rc_yun19_nonmono},
};
const size_t rc_nclaims = sizeof rc_claims / sizeof rc_claims[0];

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
    json_object_set_new(doc, "inputs", inputs);
    json_object_set_new(doc, "results", results);
    json_object_set_new(doc, "verdict", json_string(rc_status_word(rc_report_verdict(rep))));
    return doc;
}
