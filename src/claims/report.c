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
        free(r->items[i].id);
        free(r->items[i].value);
    }
    free(r->items);
    free(r->source);
    free(r->cert_path);
    json_decref(r->results);
}

/* The slug of a format string: its ASCII letters and digits, lower-cased,
 * every other run (conversions such as %s or %.6g, spaces, punctuation,
 * UTF-8) one '-', at most RC_SLUG_MAX characters cut at a '-'. */
enum { RC_SLUG_MAX = 48 };

static void slug_of(char out[RC_SLUG_MAX + 1], const char *fmt)
{
    size_t n = 0;
    int dash = 0;
    for (const char *p = fmt; *p && n < RC_SLUG_MAX; p++) {
        if (*p == '%') { /* a conversion: flags, width, precision, length, letter */
            p++;
            if (*p == '%') {
                dash = 1;
                continue;
            }
            while (*p && strchr("-+ #0123456789.*hlLqjzt", *p))
                p++;
            if (!*p)
                break;
            dash = 1;
            continue;
        }
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n)
                out[n++] = '-';
            dash = 0;
            if (n < RC_SLUG_MAX)
                out[n++] = c;
        } else {
            dash = 1;
        }
    }
    if (n == RC_SLUG_MAX) { /* cut inside a word: back to the last '-' */
        size_t k = n;
        while (k > 0 && out[k - 1] != '-')
            k--;
        if (k > 1)
            n = k - 1;
    }
    while (n && out[n - 1] == '-')
        n--;
    out[n] = '\0';
    if (!n)
        snprintf(out, RC_SLUG_MAX + 1, "statement");
}

/* key.N: N is 1 + the statements before index upto whose ID is key.M */
static char *numbered(const rc_report *r, size_t upto, const char *key)
{
    size_t len = strlen(key), k = 1;
    for (size_t i = 0; i < upto; i++) {
        const char *id = r->items[i].id;
        if (id && !strncmp(id, key, len) && id[len] == '.' && strspn(id + len + 1, "0123456789") &&
            id[len + 1 + strspn(id + len + 1, "0123456789")] == '\0')
            k++;
    }
    char *s = NULL;
    if (asprintf(&s, "%s.%zu", key, k) < 0)
        s = NULL;
    return s;
}

static void vadd(rc_report *r, const char *key, rc_status st, const char *paper,
                 const char *detail, const char *fmt, va_list ap)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->items = realloc(r->items, r->cap * sizeof *r->items);
    }
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0)
        text = strdup("?");
    char slug[RC_SLUG_MAX + 1];
    if (key)
        slug_of(slug, key);
    else
        slug_of(slug, fmt);
    char *id = numbered(r, r->n, slug);
    r->items[r->n++] = (rc_statement){st, text, dup_or_null(paper), dup_or_null(detail), id, NULL};
}

static void add_keyed(rc_report *r, const char *key, rc_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add_keyed(rc_report *r, const char *key, rc_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(r, key, st, NULL, NULL, fmt, ap);
    va_end(ap);
}

void rc_report_add(rc_report *r, rc_status st, const char *paper, const char *detail,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(r, NULL, st, paper, detail, fmt, ap);
    va_end(ap);
}

void rc_report_tag(rc_report *r, const char *key, const char *value)
{
    if (!r->n)
        return;
    rc_statement *s = r->items + r->n - 1;
    if (key) {
        char slug[RC_SLUG_MAX + 1];
        slug_of(slug, key);
        free(s->id);
        s->id = numbered(r, r->n - 1, slug);
    }
    if (value) {
        free(s->value);
        s->value = strdup(value);
    }
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
    add_keyed(r, v == RC_OK ? "what-this-proves" : "what-remains-undecided", RC_NOTE, "%s", text);
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
