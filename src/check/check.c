/* The checker kernel: the envelope of a certificate (fields, format, hash),
 * the rule table, decoders with JSON paths, and the comparison of what a
 * certificate says with what the checker recomputed. */
#include "rescheck/check.h"
#include "rescheck/cert.h"
#include "check_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- failures and statuses --------------------------------------------- */

int ck_fail(ck_t *ck, const char *path, const char *fmt, ...)
{
    if (ck->failed)
        return -1;
    ck->failed = 1;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(ck->reason, sizeof ck->reason, "%s: %s", path, msg);
    return -1;
}

void ck_pathf(char out[CK_PATH], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, CK_PATH, fmt, ap);
    va_end(ap);
}

void ck_state(ck_verdict *v, ck_status s, const char *fmt, ...)
{
    char *dst = NULL;
    if (s == CK_FAIL && v->fails++ == 0)
        dst = v->first_fail;
    if (s == CK_UNDECIDED && v->undecided++ == 0)
        dst = v->first_undecided;
    if (!dst)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, sizeof v->first_fail, fmt, ap);
    va_end(ap);
}

/* ---- decoders ------------------------------------------------------------ */

static void child_path(char child[CK_PATH], const char *parent, const char *key)
{
    ck_pathf(child, "%s%s%s", parent, *parent ? "." : "", key);
}

const json_t *ck_get(ck_t *ck, const json_t *obj, const char *key, char child[CK_PATH],
                     const char *parent)
{
    child_path(child, parent, key);
    if (!json_is_object(obj)) {
        ck_fail(ck, parent, "expected an object");
        return NULL;
    }
    const json_t *v = json_object_get(obj, key);
    if (!v)
        ck_fail(ck, child, "missing");
    return v;
}

int ck_keys(ck_t *ck, const json_t *obj, const char *path, const char *keys)
{
    char child[CK_PATH], name[64], list[512];
    if (!json_is_object(obj))
        return ck_fail(ck, *path ? path : "(top level)", "expected an object");
    size_t count = 0;
    for (const char *k = keys; *k; count++) {
        size_t len = strcspn(k, " ");
        ck_pathf(name, "%.*s", (int)len, k);
        child_path(child, path, name);
        if (!json_object_get(obj, name))
            return ck_fail(ck, child, "missing");
        k += len + (k[len] == ' ');
    }
    if (json_object_size(obj) == count)
        return 0;
    const char *key;
    json_t *v;
    ck_pathf(list, " %s ", keys);
    json_object_foreach((json_t *)obj, key, v) {
        ck_pathf(name, " %s ", key);
        if (!strstr(list, name)) {
            child_path(child, path, key);
            return ck_fail(ck, child, "unexpected field");
        }
    }
    return 0;
}

slong ck_array(ck_t *ck, const json_t *a, slong len, const char *path)
{
    if (!json_is_array(a))
        return ck_fail(ck, path, "expected an array");
    slong n = (slong)json_array_size(a);
    if (len >= 0 && n != len)
        return ck_fail(ck, path, "has %ld entries, expected %ld", (long)n, (long)len);
    return n;
}

int ck_int(ck_t *ck, slong *out, const json_t *j, slong min, slong max, const char *path)
{
    if (!json_is_integer(j) || json_integer_value(j) < min || json_integer_value(j) > max)
        return ck_fail(ck, path, "expected an integer from %ld to %ld", (long)min, (long)max);
    *out = (slong)json_integer_value(j);
    return 0;
}

int ck_bool(ck_t *ck, int *out, const json_t *j, const char *path)
{
    if (!json_is_boolean(j))
        return ck_fail(ck, path, "expected true or false");
    *out = json_is_true(j);
    return 0;
}

#define DECODER(name, type, codec)                                                          \
    int name(ck_t *ck, type x, const json_t *j, const char *path)                          \
    {                                                                                       \
        char err[200];                                                                      \
        if (!j || codec(x, j, err, sizeof err))                                             \
            return ck_fail(ck, path, "%s", j ? err : "missing");                            \
        return 0;                                                                           \
    }
DECODER(ck_z, fmpz_t, rc_json_get_fmpz)
DECODER(ck_q, fmpq_t, rc_json_get_fmpq)
DECODER(ck_poly, fmpz_poly_t, rc_json_get_poly)
DECODER(ck_qrho, fmpz_poly_q_t, rc_json_get_qrho)

/* ---- comparing the certificate with the recomputation ------------------- */

static void brief(char *out, size_t n, const json_t *j)
{
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
    if (!s) {
        snprintf(out, n, "?");
        return;
    }
    if (strlen(s) >= n && n > 4)
        snprintf(out, n, "%.*s...", (int)(n - 4), s);
    else
        snprintf(out, n, "%s", s);
    free(s);
}

int ck_diff(ck_t *ck, const char *path, const json_t *cert, const json_t *expected)
{
    char child[CK_PATH], a[300], b[300];
    if (json_equal((json_t *)cert, (json_t *)expected))
        return 0;
    if (json_is_object(cert) && json_is_object(expected)) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)expected, key, v) {
            child_path(child, path, key);
            const json_t *c = json_object_get(cert, key);
            if (!c) {
                brief(b, sizeof b, v);
                return ck_fail(ck, child, "missing (recomputed %s)", b);
            }
            if (ck_diff(ck, child, c, v))
                return -1;
        }
        json_object_foreach((json_t *)cert, key, v) {
            if (!json_object_get(expected, key)) {
                child_path(child, path, key);
                return ck_fail(ck, child, "unexpected field");
            }
        }
    }
    if (json_is_array(cert) && json_is_array(expected) &&
        json_array_size(cert) == json_array_size(expected)) {
        for (size_t i = 0; i < json_array_size(cert); i++) {
            ck_pathf(child, "%s[%zu]", path, i);
            if (ck_diff(ck, child, json_array_get(cert, i), json_array_get(expected, i)))
                return -1;
        }
    }
    if (json_is_array(cert) && json_is_array(expected))
        return ck_fail(ck, path, "certificate has %zu entries, recomputed %zu",
                       json_array_size(cert), json_array_size(expected));
    brief(a, sizeof a, cert);
    brief(b, sizeof b, expected);
    return ck_fail(ck, path, "certificate says %s, recomputed %s", a, b);
}

/* ---- the envelope and the rule table -------------------------------------- */

typedef struct {
    const char *rule;
    const char *claims[4]; /* the claims a certificate of this rule may state */
    const char *builtin;   /* its "spec" when it ran on the built-in data */
    ck_rule_fn check;
    int variant;
} ck_rule;

/* New rules plug in here. */
static const ck_rule rules[] = {
    {"yun19.rlin/1", {"yun19.rlin"}, "built-in:yun19-sec31", ck_yun19_sec31, 0},
    {"yun19.piecewise-table/1", {"yun19.table1", "yun19.table1-mirror"}, "built-in:yun19-sec31",
     ck_yun19_sec31, 1},
    {"yun19.prop1/1", {"yun19.prop1"}, "built-in:yun19-sec31", ck_yun19_sec31, 2},
    {"yun19.nonmono/1", {"yun19.nonmono"}, "built-in:yun19-sec32", ck_yun19_nonmono, 0},
    {"li18.hessian-n1/1", {"li18.thm2-n1"}, "built-in:li18-n1", ck_li18_hessian, 1},
    {"li18.hessian-n2/1", {"li18.thm2-n2"}, "built-in:li18-n2", ck_li18_hessian, 2},
    {"li18.hessian-n3/1", {"li18.thm2-n3"}, "built-in:li18-n3", ck_li18_hessian, 3},
    {"li18.lemma1/1", {"li18.lemma1"}, "built-in:li18-lemma1", ck_li18_lemma1, 0},
};

static const char *string_field(const json_t *doc, const char *key)
{
    const json_t *v = json_object_get(doc, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int check_envelope(ck_t *ck, const json_t *doc, const ck_rule **rule)
{
    if (ck_keys(ck, doc, "", "claim format format_version inputs results rule sha256 spec tool verdict"))
        return -1;
    const char *format = string_field(doc, "format");
    if (!format || strcmp(format, RC_CERT_FORMAT_NAME))
        return ck_fail(ck, "format", "not \"%s\"", RC_CERT_FORMAT_NAME);
    const json_t *fv = json_object_get(doc, "format_version");
    if (!json_is_integer(fv) || json_integer_value(fv) != 1)
        return ck_fail(ck, "format_version", "unknown format version (this checker reads 1)");
    const char *sha = string_field(doc, "sha256");
    char hex[65];
    if (!sha)
        return ck_fail(ck, "sha256", "expected a string");
    if (rc_cert_hash(hex, doc))
        return ck_fail(ck, "sha256", "cannot serialise the certificate");
    if (strcmp(sha, hex))
        return ck_fail(ck, "sha256", "certificate says %.64s, the body hashes to %s", sha, hex);
    const char *tool = string_field(doc, "tool");
    if (!tool || strncmp(tool, "rescheck ", 9))
        return ck_fail(ck, "tool", "expected \"rescheck VERSION\"");
    const char *spec = string_field(doc, "spec");
    if (!spec)
        return ck_fail(ck, "spec", "expected a string");
    const char *name = string_field(doc, "rule"), *claim = string_field(doc, "claim");
    if (!name)
        return ck_fail(ck, "rule", "expected a string");
    if (!claim)
        return ck_fail(ck, "claim", "expected a string");
    *rule = NULL;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (!strcmp(rules[i].rule, name))
            *rule = rules + i;
    if (!*rule)
        return ck_fail(ck, "rule", "unknown rule \"%.100s\"", name);
    /* provenance: a spec file's name, or the rule's built-in data */
    if (!strncmp(spec, "built-in:", 9) && strcmp(spec, (*rule)->builtin))
        return ck_fail(ck, "spec", "rule %s runs on \"%s\", not \"%.100s\"", name,
                       (*rule)->builtin, spec);
    for (size_t i = 0; i < 4 && (*rule)->claims[i]; i++)
        if (!strcmp((*rule)->claims[i], claim))
            return 0;
    return ck_fail(ck, "claim", "\"%.100s\" is not a claim of rule %s", claim, name);
}

static void copy_field(char *dst, size_t n, const json_t *doc, const char *key)
{
    const char *s = json_is_object(doc) ? string_field(doc, key) : NULL;
    snprintf(dst, n, "%s", s ? s : "?");
}

void rc_check_file(const char *path, rc_check_result *res)
{
    memset(res, 0, sizeof *res);
    strcpy(res->claim, "?");
    strcpy(res->rule, "?");
    json_error_t je;
    errno = 0;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        res->outcome = RC_CHECK_UNREADABLE;
        if (je.line <= 0)
            snprintf(res->reason, sizeof res->reason, "cannot read: %s", je.text);
        else
            snprintf(res->reason, sizeof res->reason, "not JSON: line %d: %s", je.line, je.text);
        return;
    }
    copy_field(res->claim, sizeof res->claim, doc, "claim");
    copy_field(res->rule, sizeof res->rule, doc, "rule");
    copy_field(res->sha256, sizeof res->sha256, doc, "sha256");

    ck_t ck = {0, ""};
    ck_verdict v;
    memset(&v, 0, sizeof v);
    const ck_rule *rule = NULL;
    json_t *expected = NULL;
    if (check_envelope(&ck, doc, &rule) == 0 &&
               rule->check(&ck, rule->variant, res->claim, json_object_get(doc, "inputs"),
                           json_object_get(doc, "results"), &expected, &v) == 0 &&
               ck_diff(&ck, "results", json_object_get(doc, "results"), expected) == 0) {
        const char *word = v.fails ? "refuted" : v.undecided ? "undecided" : "verified";
        const char *says = string_field(doc, "verdict");
        if (!says || strcmp(says, word))
            ck_fail(&ck, "verdict", "certificate says \"%.40s\", recomputed \"%s\"",
                    says ? says : "(not a string)", word);
    }
    json_decref(expected);
    json_decref(doc);
    if (ck.failed) {
        res->outcome = RC_CHECK_REJECTED;
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
    /* never leave a control character in the one-line reason */
    for (char *p = res->reason; *p; p++)
        if (iscntrl((unsigned char)*p))
            *p = ' ';
}
