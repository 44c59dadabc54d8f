/* Text, TAP and JSON renderings of claim reports. */
#include "output.h"
#include "rescheck/cert.h"
#include "rescheck/check.h"
#include "rescheck/origin.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/version.h"

int parse_format(output_format *f, const char *s)
{
    if (!strcmp(s, "text"))
        *f = FORMAT_TEXT;
    else if (!strcmp(s, "json"))
        *f = FORMAT_JSON;
    else if (!strcmp(s, "tap"))
        *f = FORMAT_TAP;
    else
        return -1;
    return 0;
}

static const char *mark(rc_status s)
{
    switch (s) {
    case RC_OK: return "ok  ";
    case RC_FAIL: return "FAIL";
    case RC_UNDECIDED: return "??  ";
    case RC_NOTE: return "note";
    }
    return "?";
}

/* the claim's name: its ID, or "user claim ID (kind K)" for a user's own */
static const char *name(const rc_report *r)
{
    return r->label[0] ? r->label : r->claim_id;
}

static void print_text(FILE *out, rc_report *reps, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        rc_report *r = reps + k;
        fprintf(out, "%s  %s  [%s]\n", name(r), r->data_phrase, r->source);
        for (size_t i = 0; i < r->n; i++) {
            rc_statement *s = r->items + i;
            fprintf(out, "  %s %s\n", mark(s->status), s->text);
            if (s->status == RC_FAIL || s->status == RC_UNDECIDED) {
                if (s->paper)
                    fprintf(out, "         paper:    %s\n", s->paper);
                if (s->detail)
                    fprintf(out, "         differs:  %s\n", s->detail);
            }
        }
        fprintf(out, "  => %s %s", rc_status_word(rc_report_verdict(r)), r->data_phrase);
        if (r->cert_path)
            fprintf(out, "; certificate %s (sha256 %s)", r->cert_path, r->cert_sha256);
        fprintf(out, "\n\n");
    }
}

/* TAP: one test per statement, the plan first; notes become comments. */
static void print_tap(FILE *out, rc_report *reps, size_t n)
{
    size_t tests = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < reps[k].n; i++)
            tests += reps[k].items[i].status != RC_NOTE;
    fprintf(out, "1..%zu\n", tests);
    size_t t = 0;
    for (size_t k = 0; k < n; k++) {
        rc_report *r = reps + k;
        for (size_t i = 0; i < r->n; i++) {
            rc_statement *s = r->items + i;
            if (s->status == RC_NOTE) {
                fprintf(out, "# %s: %s\n", name(r), s->text);
                continue;
            }
            t++;
            fprintf(out, "%s %zu - %s %s: %s%s\n", s->status == RC_OK ? "ok" : "not ok", t,
                    name(r), r->data_phrase, s->text,
                    s->status == RC_UNDECIDED ? " (undecided)" : "");
            if (s->status != RC_OK && s->detail)
                fprintf(out, "# %s\n", s->detail);
        }
    }
}

static void print_json(FILE *out, rc_report *reps, size_t n)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "tool", json_string(RC_TOOL));
    json_t *claims = json_array();
    for (size_t k = 0; k < n; k++) {
        rc_report *r = reps + k;
        json_t *c = json_object();
        json_object_set_new(c, "claim", json_string(r->claim_id));
        if (r->label[0])
            json_object_set_new(c, "user_claim", json_string(r->label));
        json_object_set_new(c, "spec", json_string(r->source));
        json_object_set_new(c, "data", json_string(r->paper_data ? rc_builtin_word(r->claim_id) : "user"));
        json_object_set_new(c, "on", json_string(r->data_phrase));
        json_object_set_new(c, "inputs_sha256", json_string(r->inputs_sha256));
        json_object_set_new(c, "verdict", json_string(rc_status_word(rc_report_verdict(r))));
        json_t *st = json_array();
        for (size_t i = 0; i < r->n; i++) {
            rc_statement *s = r->items + i;
            json_t *o = json_object();
            json_object_set_new(o, "id", json_string(s->id ? s->id : "?"));
            json_object_set_new(o, "status", json_string(rc_status_word(s->status)));
            json_object_set_new(o, "value", s->value ? json_string(s->value) : json_null());
            json_object_set_new(o, "text", json_string(s->text));
            json_object_set_new(o, "paper", s->paper ? json_string(s->paper) : json_null());
            json_object_set_new(o, "detail", s->detail ? json_string(s->detail) : json_null());
            json_array_append_new(st, o);
        }
        json_object_set_new(c, "statements", st);
        /* every exact value the run computed, as the certificate's results */
        json_object_set(c, "results", r->results ? r->results : json_null());
        if (r->cert_path) {
            json_object_set_new(c, "certificate", json_string(r->cert_path));
            json_object_set_new(c, "sha256", json_string(r->cert_sha256));
        }
        json_array_append_new(claims, c);
    }
    json_object_set_new(doc, "claims", claims);
    json_dumpf(doc, out, JSON_INDENT(2) | JSON_SORT_KEYS);
    fputc('\n', out);
    json_decref(doc);
}

void print_reports(FILE *out, output_format f, rc_report *reps, size_t n)
{
    switch (f) {
    case FORMAT_TEXT: print_text(out, reps, n); break;
    case FORMAT_TAP: print_tap(out, reps, n); break;
    case FORMAT_JSON: print_json(out, reps, n); break;
    }
}

int write_certificate(json_t *cert, const char *path, char *err, size_t n)
{
    char why[1024];
    if (rc_check_inputs_admitted(json_object_get(cert, "inputs"), why, sizeof why)) {
        snprintf(err, n, "%s not written: the checker would refuse it unread: %s", path, why);
        return -1;
    }
    return rc_cert_write(cert, path, err, n);
}
