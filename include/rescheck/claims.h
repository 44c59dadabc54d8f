#ifndef RESCHECK_CLAIMS_H
#define RESCHECK_CLAIMS_H
/* The registry of paper claims. Each claim reads a spec (the built-in one
 * holds the paper's data, parameters and printed values), fills a report
 * and builds its certificate. */

#include <jansson.h>

#include "rescheck/report.h"
#include "rescheck/spec.h"

typedef struct rc_claim rc_claim;
struct rc_claim {
    const char *id;           /* "yun19.prop1" */
    const char *alias;        /* "prop1" or NULL */
    const char *paper;        /* "yun19" */
    const char *section;      /* "§3.1, Proposition 1" */
    const char *summary;      /* one line */
    const char *spec_kind;    /* the "kind"s of spec it reads, comma-separated */
    const char *builtin_spec; /* name of the embedded spec; NULL for a user's own
                                 claim kind, which runs on a spec only */
    const char *rule;         /* the certificate rule it writes */
    /* 0 on success (report and *cert filled), -1 on an input error with
     * the message in spec->err */
    int (*run)(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
    /* for 'verify all --spec': whether this claim reads this spec of its kind
     * (NULL: every spec of the kind) */
    int (*applies)(const rc_spec *spec);
};

extern const rc_claim rc_claims[];
extern const size_t rc_nclaims;

/* By ID or alias; NULL if unknown. */
const rc_claim *rc_claim_find(const char *name);

/* Whether the claim reads specs of this kind (one of its spec_kind list). */
int rc_claim_reads(const rc_claim *c, const char *kind);

/* Embedded spec text by name ("yun19-sec31"); NULL if unknown. */
const char *rc_builtin_spec(const char *name);

/* Certificate skeleton shared by all claims: format, version, tool, claim,
 * rule, inputs, results, verdict. Steals inputs and results. */
json_t *rc_cert_new(const rc_claim *c, const char *spec_source, json_t *inputs,
                    json_t *results, const rc_report *rep);

/* The claim runners (src/claims/yun19_*.c) */
int rc_yun19_rlin(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_yun19_table1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_yun19_table1_mirror(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_yun19_prop1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_yun19_nonmono(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_yun19_thm5(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_li18_thm2_n1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_li18_thm2_n2(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_li18_thm2_n3(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_yun19_thm4(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_yun19_thm4_applies(const rc_spec *spec);
int rc_yun19_thm2(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_yun19_response(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_wu19_init(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_wu19_rate(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_li18_lemma1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_liu19_gd(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_li18_thm1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_wu19_mzas(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
/* a user's own claims (src/claims/user_identity.c, user_inequality.c, user_rounding.c) */
int rc_user_identity(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_user_inequality(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);
int rc_user_rounding(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert);

/* yun19 Theorem 2 on one network (src/claims/yun19_thm2.c), shared with
 * 'rescheck landscape': statements into rep, the results object into *out. */
#include "rescheck/resnet.h"
int rc_landscape_analyse(json_t **out, rc_report *rep, const char *name, const rc_resnet *net);
/* The yun19.thm2 certificate of one network (w polished first if asked), its
 * instance named RC_LANDSCAPE_NAME; statements into rep. */
#define RC_LANDSCAPE_NAME "theta"
json_t *rc_landscape_cert(const rc_claim *c, const char *file, rc_report *rep, rc_resnet *net,
                          int polish);
/* A yun19.resnet-set (or one yun19.resnet) analysed instance by instance;
 * finish then adds the claim's own statements to rep and members to the
 * results object {"instances": [...]} before the certificate is made. */
typedef void (*rc_landscape_finish)(rc_report *rep, const json_t *inputs, json_t *results);
int rc_landscape_run(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert,
                     rc_landscape_finish finish);
/* refuses (rc_spec_cost) a network whose landscape is beyond the budget */
int rc_landscape_cost(rc_spec *s, const rc_resnet *net, const char *field);
/* w := the exact least-squares optimum for the fixed inner parameters */
void rc_resnet_polish_w(rc_resnet *net);
void rc_resnet_lsq(fmpq_mat_t t, fmpq_t risk, const fmpq_mat_t Phi, const fmpq_mat_t y);

#endif
