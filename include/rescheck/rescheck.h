#ifndef RESCHECK_RESCHECK_H
#define RESCHECK_RESCHECK_H
/* librescheck: the public C API of rescheck (installed with the tool;
 * `pkg-config --cflags --libs rescheck`). It exposes what the command line
 * does, without FLINT, Arb or jansson types:
 *
 *   - load a spec (docs/specs.md) from a file or a string;
 *   - verify a claim (an ID or alias of `rescheck list`) on its built-in data
 *     or on a spec, into a result object: its verdict, its statements (each
 *     with a status, the computed statement, the paper's value and the
 *     difference), the certificate as canonical JSON text and its sha256;
 *   - write that certificate to a file (atomically);
 *   - check a certificate file or text from its contents alone (the checker
 *     of `rescheck check`).
 *
 * Every function that can fail takes (char *err, size_t errlen) and writes
 * one line there on failure; err may be NULL. Objects are opaque and freed by
 * their own free function (NULL is accepted). The library is not thread-safe
 * across concurrent calls (FLINT's caches are process-wide).
 *
 * Verdict values equal the command line's exit codes (rescheck(1)). */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    RESCHECK_VERIFIED = 0,
    RESCHECK_REFUTED = 1,  /* a claim refuted, or a certificate rejected */
    RESCHECK_ERROR = 2,    /* usage or input error; unreadable certificate */
    RESCHECK_UNDECIDED = 3
} rescheck_verdict;

/* The status of one statement of a result. RESCHECK_NOTE lines explain what
 * is and is not proved; they never change a verdict. */
typedef enum {
    RESCHECK_STATEMENT_OK = 0,
    RESCHECK_STATEMENT_FAIL = 1,
    RESCHECK_STATEMENT_UNDECIDED = 2,
    RESCHECK_STATEMENT_NOTE = 3
} rescheck_statement_status;

/* "0.1.0": the library's version (equal to the tool's). */
const char *rescheck_version(void);
/* The certificate format version this library writes and checks. */
int rescheck_certificate_format(void);

/* The registry of claims: count, then ID, alias (or NULL) and the spec kinds
 * a claim reads (comma-separated) by index; NULL when i is out of range. */
size_t rescheck_claim_count(void);
const char *rescheck_claim_id(size_t i);
const char *rescheck_claim_alias(size_t i);
const char *rescheck_claim_spec_kind(size_t i);

/* A spec loaded (and parsed as strict JSON, duplicate keys refused). The
 * claim's reader checks its fields when it runs. */
typedef struct rescheck_spec rescheck_spec;
rescheck_spec *rescheck_spec_load_file(const char *path, char *err, size_t errlen);
/* name is used in messages and in the certificate's "spec" field */
rescheck_spec *rescheck_spec_load_string(const char *name, const char *text, char *err,
                                         size_t errlen);
/* The spec's "kind" (NULL if it has none); valid while the spec lives. */
const char *rescheck_spec_kind(const rescheck_spec *spec);
void rescheck_spec_free(rescheck_spec *spec);

/* The result of verifying one claim. */
typedef struct rescheck_result rescheck_result;

/* Verifies claim (ID or alias) on spec, or on its built-in data when spec is
 * NULL. Returns NULL on an input error (unknown claim, a spec of a kind the
 * claim does not read, a bad field, beyond the limits of docs/limits.md)
 * with the message in err. */
rescheck_result *rescheck_verify(const char *claim, const rescheck_spec *spec, char *err,
                                 size_t errlen);
void rescheck_result_free(rescheck_result *res);

/* The claim's full ID ("yun19.prop1") */
const char *rescheck_result_claim(const rescheck_result *res);
/* RESCHECK_VERIFIED, RESCHECK_REFUTED or RESCHECK_UNDECIDED */
rescheck_verdict rescheck_result_verdict(const rescheck_result *res);
/* "on the paper's data", "on rescheck's built-in instances" or
 * "on user data (inputs sha256 ...)" */
const char *rescheck_result_data(const rescheck_result *res);
size_t rescheck_result_statement_count(const rescheck_result *res);
/* Statement i: its status; its text; the paper's printed value and where it
 * differs from the computed one (NULL when there is none). NULL (status
 * RESCHECK_STATEMENT_NOTE) when i is out of range. */
rescheck_statement_status rescheck_result_statement_status(const rescheck_result *res, size_t i);
const char *rescheck_result_statement_text(const rescheck_result *res, size_t i);
const char *rescheck_result_statement_paper(const rescheck_result *res, size_t i);
const char *rescheck_result_statement_detail(const rescheck_result *res, size_t i);
/* The certificate: canonical JSON text (what `rescheck verify` writes) and
 * its "sha256" field (64 hex digits). */
const char *rescheck_result_certificate(const rescheck_result *res);
const char *rescheck_result_sha256(const rescheck_result *res);
/* Writes the certificate to path (temporary file, then rename); 0 on
 * success, -1 with the reason in err. */
int rescheck_result_write_certificate(const rescheck_result *res, const char *path, char *err,
                                      size_t errlen);

/* What checking a certificate found (rescheck check). */
typedef struct {
    rescheck_verdict verdict; /* VERIFIED: valid and verified; REFUTED: valid and
                                 refuted, or rejected (see rejected); UNDECIDED;
                                 ERROR: unreadable, not JSON or beyond the limits */
    int rejected;             /* 1: the certificate does not prove what it says */
    int paper_data;           /* 1: its inputs are exactly the paper's (built-in) data */
    char claim[128];
    char rule[128];
    char sha256[65];          /* the certificate's own hash */
    char inputs_sha256[65];   /* recomputed from its inputs */
    char reason[1024];        /* one line when not verified */
} rescheck_check_result;

/* Checks a certificate file or text; returns out->verdict. */
rescheck_verdict rescheck_check_file(const char *path, rescheck_check_result *out);
rescheck_verdict rescheck_check_text(const char *text, size_t len, rescheck_check_result *out);

#ifdef __cplusplus
}
#endif

#endif
