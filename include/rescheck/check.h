#ifndef RESCHECK_CHECK_H
#define RESCHECK_CHECK_H
/* The checker kernel: re-verifies a certificate from its contents alone.
 * It recomputes every derived quantity from the certificate's inputs and
 * checks every witness; it includes nothing from the claims code. */

#include <stddef.h>

#include <jansson.h>

#include "rescheck/limits.h"


typedef enum {
    RC_CHECK_VERIFIED = 0, /* valid certificate of a verified claim */
    RC_CHECK_REFUTED = 1,  /* valid certificate, the claim is refuted */
    RC_CHECK_REJECTED = 4, /* the certificate does not prove what it says */
    RC_CHECK_UNDECIDED = 3,
    RC_CHECK_UNREADABLE = 2, /* not a file, not JSON */
    RC_CHECK_BEYOND_LIMITS = 5 /* refused before the work: docs/limits.md */
} rc_check_outcome;

typedef struct {
    rc_check_outcome outcome;
    char claim[128];
    char rule[128];
    char sha256[65];
    char inputs_sha256[65]; /* recomputed from the inputs */
    int paper_data;         /* the inputs are exactly the paper's for this claim ID */
    char user_id[80];       /* a user's own claim (rule user.*): the inputs' id, as checked */
    char reason[1024]; /* one line, for rejected / unreadable / undecided */
} rc_check_result;

void rc_check_file(const char *path, rc_check_result *res);
/* The whole file (malloc'd, not NUL-terminated), refused unread when it
 * exceeds the certificate size limit: NULL with res's outcome and reason. */
char *rc_check_read_file(const char *path, size_t *len, rc_check_result *res);
/* 1 when inputs are exactly the paper's data for the claim, as the checker
 * knows it (its own copy, src/check/paper/); anything else is user data. */
int rc_check_paper_data(const char *claim, const json_t *inputs);
/* 0 when every number in a certificate's inputs is within the input limits
 * the checker applies before any rule runs (docs/limits.md); else -1 with the
 * checker's one-line reason, naming the JSON path. The prover asks it before
 * writing: a certificate the checker refuses unread is not written. */
int rc_check_inputs_admitted(const json_t *inputs, char *reason, size_t n);
/* The same on a document in memory (data need not be NUL-terminated). */
void rc_check_buffer(const char *data, size_t len, rc_check_result *res);
/* The same on a parsed document (duplicate keys must have been refused by
 * the parser: JSON_REJECT_DUPLICATES). */
void rc_check_json(const json_t *doc, rc_check_result *res);

#endif
