/* The checker kernel: the envelope of a certificate (fields, format, hash),
 * the choice of the rule, and the verdict. */
#include "rescheck/check.h"
#include "rescheck/cert.h"
#include "rescheck/version.h"
#include "kernel.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the envelope and the rule table -------------------------------------- */

static const char *string_field(const json_t *doc, const char *key)
{
    const json_t *v = json_object_get(doc, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int check_format_and_hashes(ck_t *ck, const json_t *doc, char inputs_hex[65])
{
    if (ck_keys(ck, doc, "", "claim format format_version inputs inputs_sha256 results rule "
                             "sha256 spec tool verdict"))
        return -1;
    const char *format = string_field(doc, "format");
    if (!format || strcmp(format, RC_CERT_FORMAT_NAME))
        return ck_fail(ck, "format", "not \"%s\"", RC_CERT_FORMAT_NAME);
    const json_t *fv = json_object_get(doc, "format_version");
    if (!json_is_integer(fv) || json_integer_value(fv) != RC_CERT_FORMAT_VERSION)
        return ck_fail(ck, "format_version", "unknown format version (this checker reads %d)",
                       RC_CERT_FORMAT_VERSION);
    const char *sha = string_field(doc, "sha256"), *isha = string_field(doc, "inputs_sha256");
    char hex[65];
    if (!sha)
        return ck_fail(ck, "sha256", "expected a string");
    if (rc_cert_hash(hex, doc))
        return ck_fail(ck, "sha256", "cannot serialise the certificate");
    if (strcmp(sha, hex))
        return ck_fail(ck, "sha256", "certificate says %.64s, the body hashes to %s", sha, hex);
    if (!isha)
        return ck_fail(ck, "inputs_sha256", "expected a string");
    if (rc_json_sha256(inputs_hex, json_object_get(doc, "inputs")))
        return ck_fail(ck, "inputs_sha256", "cannot serialise the inputs");
    if (strcmp(isha, inputs_hex))
        return ck_fail(ck, "inputs_sha256", "certificate says %.64s, the inputs hash to %s", isha,
                       inputs_hex);
    const char *tool = string_field(doc, "tool");
    if (!tool || strncmp(tool, "rescheck ", 9))
        return ck_fail(ck, "tool", "expected \"rescheck VERSION\"");
    return 0;
}

/* Every number in the inputs within RC_LIMIT_INPUT_DIGITS as written, as the
 * spec reader allows: the rules' cost estimates assume it. */
static int input_digits(ck_t *ck, const json_t *inputs)
{
    char path[CK_PATH];
    if (rc_json_numbers_within_digits(inputs, "inputs", path, sizeof path))
        return 0;
    return ck_limit(ck, path, "a number with more than %d digits in its numerator or denominator",
                    RC_LIMIT_INPUT_DIGITS);
}

int rc_check_inputs_admitted(const json_t *inputs, char *reason, size_t n)
{
    ck_t ck = {0, "", 0};
    if (input_digits(&ck, inputs) == 0)
        return 0;
    snprintf(reason, n, "%s", ck.reason);
    return -1;
}

static int check_rule(ck_t *ck, const json_t *doc, const ck_rule **rule)
{
    const char *name = string_field(doc, "rule"), *claim = string_field(doc, "claim");
    if (!name)
        return ck_fail(ck, "rule", "expected a string");
    if (!claim)
        return ck_fail(ck, "claim", "expected a string");
    *rule = NULL;
    for (size_t i = 0; i < ck_nrules; i++)
        if (!strcmp(ck_rules[i].rule, name))
            *rule = ck_rules + i;
    if (!*rule)
        return ck_fail(ck, "rule", "unknown rule \"%.100s\"", name);
    for (size_t i = 0; i < 4 && (*rule)->claims[i]; i++)
        if (!strcmp((*rule)->claims[i], claim))
            return 0;
    return ck_fail(ck, "claim", "\"%.100s\" is not a claim of rule %s", claim, name);
}

int ck_paper_data(const char *claim, const json_t *inputs)
{
    const char *text = ck_paper_inputs_text(claim);
    json_t *paper = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
    int same = paper && json_equal(paper, (json_t *)inputs);
    json_decref(paper);
    return same;
}

/* The data decides whether a claim ID means the paper's claim; the "spec"
 * member is provenance, and may not name the paper's data for other data. */
static int check_data(ck_t *ck, const json_t *doc, const ck_rule *rule, int *paper)
{
    const char *spec = string_field(doc, "spec"), *claim = string_field(doc, "claim");
    if (!spec)
        return ck_fail(ck, "spec", "expected a string");
    *paper = ck_paper_data(claim, json_object_get(doc, "inputs"));
    if (strncmp(spec, "built-in:", 9))
        return 0;
    if (strcmp(spec, rule->builtin))
        return ck_fail(ck, "spec", "rule %s runs on \"%s\", not \"%.100s\"", rule->rule,
                       rule->builtin, spec);
    if (!*paper)
        return ck_fail(ck, "spec", "names the paper's data (%s), but the inputs are not the "
                       "paper's %s inputs", spec, claim);
    return 0;
}

static int check_envelope(ck_t *ck, const json_t *doc, const ck_rule **rule,
                          rc_check_result *res)
{
    return check_format_and_hashes(ck, doc, res->inputs_sha256) || check_rule(ck, doc, rule) ||
                   input_digits(ck, json_object_get(doc, "inputs"))
               ? -1 : 0;
}

static void copy_field(char *dst, size_t n, const json_t *doc, const char *key)
{
    const char *s = json_is_object(doc) ? string_field(doc, key) : NULL;
    snprintf(dst, n, "%s", s ? s : "?");
}

/* never leave a control character in a one-line reason: it may quote the
 * certificate's bytes */
void ck_one_line(char *reason)
{
    for (char *p = reason; *p; p++)
        if (iscntrl((unsigned char)*p))
            *p = ' ';
}

void rc_check_json(const json_t *doc, rc_check_result *res)
{
    memset(res, 0, sizeof *res);
    copy_field(res->claim, sizeof res->claim, doc, "claim");
    copy_field(res->rule, sizeof res->rule, doc, "rule");
    copy_field(res->sha256, sizeof res->sha256, doc, "sha256");

    ck_t ck = {0, "", 0};
    ck_verdict v;
    memset(&v, 0, sizeof v);
    const ck_rule *rule = NULL;
    json_t *expected = NULL;
    if (check_envelope(&ck, doc, &rule, res) == 0 &&
               rule->check(&ck, rule->variant, res->claim, json_object_get(doc, "inputs"),
                           json_object_get(doc, "results"), &expected, &v) == 0 &&
               ck_diff(&ck, "results", json_object_get(doc, "results"), expected) == 0) {
        const char *word = v.fails ? "refuted" : v.undecided ? "undecided" : "verified";
        const char *says = string_field(doc, "verdict");
        if (!says || strcmp(says, word))
            ck_fail(&ck, "verdict", "certificate says \"%.40s\", recomputed \"%s\"",
                    says ? says : "(not a string)", word);
        else
            check_data(&ck, doc, rule, &res->paper_data);
    }
    json_decref(expected);
    if (ck.failed) {
        res->outcome = ck.limit ? RC_CHECK_BEYOND_LIMITS : RC_CHECK_REJECTED;
        snprintf(res->reason, sizeof res->reason, "%s", ck.reason);
    } else if (v.fails) {
        res->outcome = RC_CHECK_REFUTED;
        snprintf(res->reason, sizeof res->reason, "%s", v.first_fail);
    } else if (v.undecided) {
        res->outcome = RC_CHECK_UNDECIDED;
        snprintf(res->reason, sizeof res->reason, "%s", v.first_undecided);
    } else {
        res->outcome = RC_CHECK_VERIFIED;
    }
    /* a user's own claim is named by its id (its rule checked the id's form) */
    if (!ck.failed && !strncmp(res->rule, "user.", 5))
        copy_field(res->user_id, sizeof res->user_id, json_object_get(doc, "inputs"), "id");
    ck_one_line(res->reason);
}

int rc_check_paper_data(const char *claim, const json_t *inputs)
{
    return ck_paper_data(claim, inputs);
}
