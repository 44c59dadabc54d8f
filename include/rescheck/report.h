#ifndef RESCHECK_REPORT_H
#define RESCHECK_REPORT_H
/* What a claim run found: a list of statements, each verified, failed
 * (refuted) or undecided, with the computed value and the paper's. */

#include <stddef.h>

/* RC_NOTE lines explain what is and is not proved; they never change a verdict. */
typedef enum { RC_OK = 0, RC_FAIL = 1, RC_UNDECIDED = 2, RC_NOTE = 3 } rc_status;

typedef struct {
    rc_status status;
    char *text;   /* one line, e.g. "R_lin = 8*rho^2/15" */
    char *paper;  /* the paper's printed value, or NULL */
    char *detail; /* where computed and printed values differ, or NULL */
    /* A stable ID, unique within the claim: the key the module gave
     * (rc_report_tag), else a slug of the call's format string, each
     * followed by its occurrence number: "r-lin.1" (docs/citing.md, "JSON
     * output: statement IDs"). The text's values never enter it. */
    char *id;
    char *value; /* the computed value in exact form (rc_report_tag), or NULL */
} rc_statement;

typedef struct {
    const char *claim_id;
    char *source; /* "built-in" or the spec file path */
    rc_statement *items;
    size_t n, cap;
    char *cert_path;
    char cert_sha256[65];
    int paper_data;          /* the inputs are exactly the paper's (rc_check_paper_data) */
    char inputs_sha256[65];  /* of the certificate's inputs */
    char data_phrase[128];
    /* a user's own claim (generic kinds): "user claim ID (kind K)", shown in
     * place of the claim ID; empty for the papers' claims */
    char label[192];
    struct json_t *results;  /* the certificate's results (a reference), or NULL:
                                --format json carries them whole */
} rc_report;

void rc_report_init(rc_report *r, const char *claim_id, const char *source);
void rc_report_clear(rc_report *r);
/* printf-style text; paper and detail may be NULL */
void rc_report_add(rc_report *r, rc_status st, const char *paper, const char *detail,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Names the last statement added: key (a slug, [a-z0-9_-]; NULL keeps the
 * format's slug) becomes its ID with an occurrence number, and value (NULL:
 * none) its exact computed value, e.g. rc_report_tag(r, "r-lin", "8*rho^2/15"). */
void rc_report_tag(rc_report *r, const char *key, const char *value);
rc_status rc_report_verdict(const rc_report *r);
/* The note saying what the claim's statements prove, added last: only when
 * the verdict so far is verified. When it is undecided, a note naming the
 * undecided statements instead; when refuted, nothing. */
void rc_report_conclude(rc_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A printed value as the paper wrote it, with its normal form beside it when
 * the two spellings differ: "2/4 (= 1/2)". Free with free(). */
char *rc_paper_value_str(const char *as_written, const char *normalised);
/* Records which data the claim ran on, and data_phrase: "on the paper's
 * data" or "on user data (inputs sha256 HEX)". */
void rc_report_set_data(rc_report *r, int paper_data, const char *inputs_sha256);
const char *rc_status_word(rc_status s);

#endif
