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
} rc_report;

void rc_report_init(rc_report *r, const char *claim_id, const char *source);
void rc_report_clear(rc_report *r);
/* printf-style text; paper and detail may be NULL */
void rc_report_add(rc_report *r, rc_status st, const char *paper, const char *detail,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
rc_status rc_report_verdict(const rc_report *r);
/* Records which data the claim ran on, and data_phrase: "on the paper's
 * data" or "on user data (inputs sha256 HEX)". */
void rc_report_set_data(rc_report *r, int paper_data, const char *inputs_sha256);
const char *rc_status_word(rc_status s);

#endif
