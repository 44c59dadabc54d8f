/* librescheck: the public API (include/rescheck/rescheck.h) over the claim
 * registry and the checker. The same steps as 'rescheck verify' and
 * 'rescheck check' in src/cli/main.c; no mathematics here. Only the
 * rescheck_* symbols are exported (src/lib/rescheck.map). */
#include "rescheck/rescheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rescheck/cert.h"
#include "rescheck/check.h"
#include "rescheck/claims.h"
#include "rescheck/version.h"

struct rescheck_spec {
    char *path; /* loaded from this file (re-read by each verify), or NULL */
    char *name; /* for a spec given as a string */
    char *text;
    char *kind;
};

struct rescheck_result {
    rc_report rep;
    char *claim;
    char *cert_text;
    char sha256[65];
    rescheck_verdict verdict;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

const char *rescheck_version(void) { return RC_VERSION; }
int rescheck_certificate_format(void) { return RC_CERT_FORMAT_VERSION; }

size_t rescheck_claim_count(void) { return rc_nclaims; }
const char *rescheck_claim_id(size_t i) { return i < rc_nclaims ? rc_claims[i].id : NULL; }
const char *rescheck_claim_alias(size_t i) { return i < rc_nclaims ? rc_claims[i].alias : NULL; }
const char *rescheck_claim_spec_kind(size_t i)
{
    return i < rc_nclaims ? rc_claims[i].spec_kind : NULL;
}

/* a fresh rc_spec from what the handle holds (claims may change it) */
static int spec_open(rc_spec *s, const rescheck_spec *h)
{
    return h->path ? rc_spec_load_file(s, h->path) : rc_spec_load_string(s, h->name, h->text);
}

static rescheck_spec *spec_finish(rescheck_spec *h, char *err, size_t errlen)
{
    rc_spec s;
    if (!h->path && (!h->name || !h->text)) {
        set_err(err, errlen, "out of memory");
        rescheck_spec_free(h);
        return NULL;
    }
    if (spec_open(&s, h)) {
        set_err(err, errlen, "%s", s.err);
        rc_spec_clear(&s);
        rescheck_spec_free(h);
        return NULL;
    }
    json_t *k = json_object_get(s.root, "kind");
    if (json_is_string(k))
        h->kind = strdup(json_string_value(k));
    rc_spec_clear(&s);
    return h;
}

rescheck_spec *rescheck_spec_load_file(const char *path, char *err, size_t errlen)
{
    rescheck_spec *h = calloc(1, sizeof *h);
    if (!h || !path || !(h->path = strdup(path))) {
        set_err(err, errlen, path ? "out of memory" : "no spec file named");
        free(h);
        return NULL;
    }
    return spec_finish(h, err, errlen);
}

rescheck_spec *rescheck_spec_load_string(const char *name, const char *text, char *err,
                                         size_t errlen)
{
    rescheck_spec *h = calloc(1, sizeof *h);
    if (!h || !text) {
        set_err(err, errlen, text ? "out of memory" : "no spec text given");
        free(h);
        return NULL;
    }
    h->name = strdup(name ? name : "spec");
    h->text = strdup(text);
    return spec_finish(h, err, errlen);
}

const char *rescheck_spec_kind(const rescheck_spec *spec) { return spec ? spec->kind : NULL; }

void rescheck_spec_free(rescheck_spec *spec)
{
    if (!spec)
        return;
    free(spec->path);
    free(spec->name);
    free(spec->text);
    free(spec->kind);
    free(spec);
}

static int load_builtin(rc_spec *s, const rc_claim *c, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    const char *text = c->builtin_spec ? rc_builtin_spec(c->builtin_spec) : NULL;
    if (!text) {
        set_err(err, errlen, "claim %s has no built-in data: give it a spec", c->id);
        return -1;
    }
    char name[160];
    snprintf(name, sizeof name, "built-in:%s", c->builtin_spec);
    if (rc_spec_load_string(s, name, text)) {
        set_err(err, errlen, "%s", s->err);
        rc_spec_clear(s);
        return -1;
    }
    return 0;
}

static rescheck_verdict verdict_of(rc_status st)
{
    return st == RC_FAIL ? RESCHECK_REFUTED : st == RC_UNDECIDED ? RESCHECK_UNDECIDED
                                                                 : RESCHECK_VERIFIED;
}

/* the certificate as the result keeps it: byte for byte what 'rescheck verify' writes */
static int keep_certificate(rescheck_result *r, json_t *cert, char *err, size_t errlen)
{
    char why[1024];
    if (rc_check_inputs_admitted(json_object_get(cert, "inputs"), why, sizeof why)) {
        set_err(err, errlen, "%s: the checker would refuse its certificate unread: %s", r->claim, why);
        return -1;
    }
    if (!(r->cert_text = rc_cert_text(cert, r->sha256))) {
        set_err(err, errlen, "%s: cannot encode the certificate", r->claim);
        return -1;
    }
    snprintf(r->rep.cert_sha256, sizeof r->rep.cert_sha256, "%s", r->sha256);
    return 0;
}

rescheck_result *rescheck_verify(const char *claim, const rescheck_spec *spec, char *err,
                                 size_t errlen)
{
    const rc_claim *c = claim ? rc_claim_find(claim) : NULL;
    if (!c) {
        set_err(err, errlen, "unknown claim '%s' (see 'rescheck list')", claim ? claim : "");
        return NULL;
    }
    if (spec && (!spec->kind || !rc_claim_reads(c, spec->kind))) {
        set_err(err, errlen, "%s: field kind: is \"%s\", claim %s reads \"%s\" specs",
                spec->path ? spec->path : spec->name, spec->kind ? spec->kind : "(none)", c->id,
                c->spec_kind);
        return NULL;
    }
    rc_spec s;
    if (spec ? spec_open(&s, spec) : load_builtin(&s, c, err, errlen)) {
        if (spec)
            set_err(err, errlen, "%s", s.err);
        rc_spec_clear(&s);
        return NULL;
    }
    rescheck_result *r = calloc(1, sizeof *r);
    if (!r || !(r->claim = strdup(c->id))) {
        free(r);
        rc_spec_clear(&s);
        set_err(err, errlen, "out of memory");
        return NULL;
    }
    rc_report_init(&r->rep, c->id, spec ? s.file : "built-in");
    json_t *cert = NULL;
    int bad = c->run(c, &s, &r->rep, &cert);
    if (bad)
        set_err(err, errlen, "%s", s.err);
    rc_spec_clear(&s);
    if (!bad && !cert) {
        set_err(err, errlen, "%s: the claim wrote no certificate", c->id);
        bad = 1;
    }
    if (!bad) {
        char isha[65] = "";
        const json_t *inputs = json_object_get(cert, "inputs");
        rc_json_sha256(isha, inputs);
        rc_report_set_data(&r->rep, rc_check_paper_data(c->id, inputs), isha);
        r->verdict = verdict_of(rc_report_verdict(&r->rep));
        bad = keep_certificate(r, cert, err, errlen);
    }
    json_decref(cert);
    if (bad) {
        rescheck_result_free(r);
        return NULL;
    }
    return r;
}

void rescheck_result_free(rescheck_result *res)
{
    if (!res)
        return;
    rc_report_clear(&res->rep);
    free(res->claim);
    free(res->cert_text);
    free(res);
}

const char *rescheck_result_claim(const rescheck_result *res) { return res ? res->claim : NULL; }
rescheck_verdict rescheck_result_verdict(const rescheck_result *res)
{
    return res ? res->verdict : RESCHECK_ERROR;
}
const char *rescheck_result_data(const rescheck_result *res)
{
    return res ? res->rep.data_phrase : NULL;
}
size_t rescheck_result_statement_count(const rescheck_result *res) { return res ? res->rep.n : 0; }

static const rc_statement *stmt(const rescheck_result *res, size_t i)
{
    return res && i < res->rep.n ? res->rep.items + i : NULL;
}
rescheck_statement_status rescheck_result_statement_status(const rescheck_result *res, size_t i)
{
    const rc_statement *s = stmt(res, i);
    return s ? (rescheck_statement_status)s->status : RESCHECK_STATEMENT_NOTE;
}
const char *rescheck_result_statement_text(const rescheck_result *res, size_t i)
{
    const rc_statement *s = stmt(res, i);
    return s ? s->text : NULL;
}
const char *rescheck_result_statement_paper(const rescheck_result *res, size_t i)
{
    const rc_statement *s = stmt(res, i);
    return s ? s->paper : NULL;
}
const char *rescheck_result_statement_detail(const rescheck_result *res, size_t i)
{
    const rc_statement *s = stmt(res, i);
    return s ? s->detail : NULL;
}
const char *rescheck_result_certificate(const rescheck_result *res)
{
    return res ? res->cert_text : NULL;
}
const char *rescheck_result_sha256(const rescheck_result *res) { return res ? res->sha256 : NULL; }

int rescheck_result_write_certificate(const rescheck_result *res, const char *path, char *err,
                                      size_t errlen)
{
    char buf[512] = "";
    if (!res || !path) {
        set_err(err, errlen, "no result or no path");
        return -1;
    }
    if (rc_cert_write_text(res->cert_text, path, buf, sizeof buf)) {
        set_err(err, errlen, "%s", buf);
        return -1;
    }
    return 0;
}

static rescheck_verdict from_check(const rc_check_result *r, rescheck_check_result *out)
{
    memset(out, 0, sizeof *out);
    switch (r->outcome) {
    case RC_CHECK_VERIFIED: out->verdict = RESCHECK_VERIFIED; break;
    case RC_CHECK_REFUTED: out->verdict = RESCHECK_REFUTED; break;
    case RC_CHECK_UNDECIDED: out->verdict = RESCHECK_UNDECIDED; break;
    case RC_CHECK_REJECTED:
        out->verdict = RESCHECK_REFUTED;
        out->rejected = 1;
        break;
    default: out->verdict = RESCHECK_ERROR; break;
    }
    out->paper_data = r->paper_data;
    snprintf(out->claim, sizeof out->claim, "%s", r->claim);
    snprintf(out->rule, sizeof out->rule, "%s", r->rule);
    snprintf(out->sha256, sizeof out->sha256, "%s", r->sha256);
    snprintf(out->inputs_sha256, sizeof out->inputs_sha256, "%s", r->inputs_sha256);
    /* the command line's wording: "beyond the limits (docs/limits.md): ..." */
    size_t k = 0;
    if (r->outcome == RC_CHECK_BEYOND_LIMITS) {
        static const char pre[] = "beyond the limits (docs/limits.md): ";
        memcpy(out->reason, pre, sizeof pre);
        k = sizeof pre - 1;
    }
    size_t n = strnlen(r->reason, sizeof r->reason);
    if (n > sizeof out->reason - 1 - k)
        n = sizeof out->reason - 1 - k;
    memcpy(out->reason + k, r->reason, n);
    out->reason[k + n] = '\0';
    return out->verdict;
}

rescheck_verdict rescheck_check_file(const char *path, rescheck_check_result *out)
{
    rc_check_result r;
    rc_check_file(path, &r);
    return from_check(&r, out);
}

rescheck_verdict rescheck_check_text(const char *text, size_t len, rescheck_check_result *out)
{
    rc_check_result r;
    rc_check_buffer(text, len, &r);
    return from_check(&r, out);
}
