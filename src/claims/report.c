#include "rescheck/report.h"
#include "rescheck/origin.h"

#include <jansson.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void rc_report_init(rc_report *r, const char *claim_id, const char *source)
{
    memset(r, 0, sizeof *r);
    r->claim_id = claim_id;
    r->source = strdup(source);
}

void rc_report_clear(rc_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].text);
        free(r->items[i].paper);
        free(r->items[i].detail);
    }
    free(r->items);
    free(r->source);
    free(r->cert_path);
    json_decref(r->results);
}

void rc_report_add(rc_report *r, rc_status st, const char *paper, const char *detail,
                   const char *fmt, ...)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->items = realloc(r->items, r->cap * sizeof *r->items);
    }
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0)
        text = strdup("?");
    va_end(ap);
    r->items[r->n++] = (rc_statement){st, text, dup_or_null(paper), dup_or_null(detail)};
}

rc_status rc_report_verdict(const rc_report *r)
{
    rc_status v = RC_OK;
    for (size_t i = 0; i < r->n; i++) {
        if (r->items[i].status == RC_FAIL)
            return RC_FAIL;
        if (r->items[i].status == RC_UNDECIDED)
            v = RC_UNDECIDED;
    }
    return v;
}

void rc_report_conclude(rc_report *r, const char *fmt, ...)
{
    rc_status v = rc_report_verdict(r);
    if (v == RC_FAIL)
        return;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (v == RC_OK) {
        va_list ap;
        va_start(ap, fmt);
        fputs("what this proves: ", f);
        vfprintf(f, fmt, ap);
        va_end(ap);
    } else {
        fputs("what remains undecided:", f);
        for (size_t i = 0, k = 0; i < r->n; i++)
            if (r->items[i].status == RC_UNDECIDED)
                fprintf(f, "%s %s", k++ ? ";" : "", r->items[i].text);
        fputs("; nothing is concluded until these are decided", f);
    }
    fclose(f);
    rc_report_add(r, RC_NOTE, NULL, NULL, "%s", text);
    free(text);
}

char *rc_paper_value_str(const char *as_written, const char *normalised)
{
    char *s = NULL;
    int n = strcmp(as_written, normalised) ? asprintf(&s, "%s (= %s)", as_written, normalised)
                                           : asprintf(&s, "%s", as_written);
    return n < 0 ? NULL : s;
}

const char *rc_status_word(rc_status s)
{
    switch (s) {
    case RC_OK: return "verified";
    case RC_FAIL: return "refuted";
    case RC_UNDECIDED: return "undecided";
    case RC_NOTE: return "note";
    }
    return "?";
}

void rc_report_set_data(rc_report *r, int paper_data, const char *inputs_sha256)
{
    r->paper_data = paper_data;
    snprintf(r->inputs_sha256, sizeof r->inputs_sha256, "%s", inputs_sha256);
    if (paper_data)
        snprintf(r->data_phrase, sizeof r->data_phrase, "%s", rc_builtin_phrase(r->claim_id));
    else
        snprintf(r->data_phrase, sizeof r->data_phrase, "on user data (inputs sha256 %s)",
                 inputs_sha256);
}
