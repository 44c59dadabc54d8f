/* Harness (a): the certificate reader and the checker. Every input is
 * checked as it is (rc_check_buffer: parser, envelope, hash comparison);
 * when it is a JSON object it is checked again with its "sha256" and
 * "inputs_sha256" recomputed (rc_check_json), so that mutations reach the
 * rules and not only the hash comparison. */
#include "fuzz.h"
#include "rescheck/cert.h"
#include "rescheck/check.h"

#include <string.h>

/* What every caller of the checker relies on. */
static void check_result(const rc_check_result *res)
{
    if (!memchr(res->reason, 0, sizeof res->reason) || !memchr(res->claim, 0, sizeof res->claim) ||
        !memchr(res->rule, 0, sizeof res->rule) || !memchr(res->sha256, 0, sizeof res->sha256))
        fuzz_fail("a result string is not terminated");
    switch (res->outcome) {
    case RC_CHECK_VERIFIED: return;
    case RC_CHECK_REFUTED: case RC_CHECK_UNDECIDED: case RC_CHECK_REJECTED:
    case RC_CHECK_UNREADABLE: case RC_CHECK_BEYOND_LIMITS:
        fuzz_check_message(res->reason, "rc_check");
        return;
    default: fuzz_fail("outcome %d is not an rc_check_outcome", (int)res->outcome);
    }
}

/* Sets "inputs_sha256" (when there are inputs) and "sha256" as the writer
 * would. */
static int rehash(json_t *doc)
{
    char hex[65];
    const json_t *inputs = json_object_get(doc, "inputs");
    if (inputs && (rc_json_sha256(hex, inputs) ||
                   json_object_set_new(doc, "inputs_sha256", json_string(hex))))
        return -1;
    if (rc_cert_hash(hex, doc) || json_object_set_new(doc, "sha256", json_string(hex)))
        return -1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rc_check_result res;
    rc_check_buffer((const char *)data, size, &res);
    check_result(&res);
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (json_is_object(doc) && rehash(doc) == 0) {
        rc_check_json(doc, &res);
        check_result(&res);
    }
    json_decref(doc);
    return 0;
}
