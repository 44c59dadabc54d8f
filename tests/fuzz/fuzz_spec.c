/* Harness (b): the spec reader and the claims' readers. The input is loaded
 * as a spec (rc_spec_load_string); every claim that reads its "kind" runs
 * on it, each on a fresh copy, as `rescheck verify all --spec` would. A
 * claim that accepts the spec writes a certificate: the checker must then
 * reach the verdict the claim reported (the prover and the checker are
 * independent, so a disagreement is a bug in one of them). */
#include "fuzz.h"
#include "rescheck/cert.h"
#include "rescheck/check.h"
#include "rescheck/claims.h"

#include <stdlib.h>
#include <string.h>

/* The claims' cost budget under the fuzzer: it explores readers and rules on
 * many inputs, not long computations; an instrumented build runs an instance
 * of the full 10 s budget for minutes, past libFuzzer's timeout. */
#define FUZZ_BUDGET_SECONDS 0.05

static rc_check_outcome expected_outcome(const rc_report *rep)
{
    switch (rc_report_verdict(rep)) {
    case RC_FAIL: return RC_CHECK_REFUTED;
    case RC_UNDECIDED: return RC_CHECK_UNDECIDED;
    default: return RC_CHECK_VERIFIED;
    }
}

/* The certificate as `verify` writes it, through the checker. */
static void check_certificate(const rc_claim *c, json_t *cert, const rc_report *rep)
{
    char hex[65];
    if (rc_cert_hash(hex, cert))
        fuzz_fail("%s: cannot hash its certificate", c->id);
    json_object_set_new(cert, "sha256", json_string(hex));
    rc_check_result res;
    rc_check_json(cert, &res);
    if (res.outcome != expected_outcome(rep))
        fuzz_fail("%s reports %s, the checker says %d: %s", c->id,
                  rc_status_word(rc_report_verdict(rep)), (int)res.outcome, res.reason);
}

static void run_claim(const rc_claim *c, const char *text)
{
    rc_spec spec;
    rc_report rep;
    json_t *cert = NULL;
    rc_report_init(&rep, c->id, "fuzz.json");
    if (rc_spec_load_string(&spec, "fuzz.json", text) == 0) {
        spec.budget = FUZZ_BUDGET_SECONDS;
        if (c->run(c, &spec, &rep, &cert) == 0) {
            if (!cert)
                fuzz_fail("%s succeeded without a certificate", c->id);
            check_certificate(c, cert, &rep);
        } else {
            fuzz_check_message(spec.err, c->id);
        }
    }
    json_decref(cert);
    rc_spec_clear(&spec);
    rc_report_clear(&rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    rc_spec spec;
    if (rc_spec_load_string(&spec, "fuzz.json", text) == 0) {
        const char *kind = json_string_value(json_object_get(spec.root, "kind"));
        for (size_t i = 0; kind && i < rc_nclaims; i++)
            if (rc_claim_reads(rc_claims + i, kind))
                run_claim(rc_claims + i, text);
    } else {
        fuzz_check_message(spec.err, "rc_spec_load_string");
    }
    rc_spec_clear(&spec);
    free(text);
    return 0;
}
