#ifndef RESCHECK_SPEC_H
#define RESCHECK_SPEC_H
/* Reading spec files (JSON): every error names the file and the field and
 * is reported once, as "FILE: field F: reason", by the caller. */

#include <jansson.h>
#include <stddef.h>

#include <flint/fmpq.h>
#include <flint/fmpz_poly_q.h>

#include "rescheck/alg.h"

#include "rescheck/limits.h"

typedef struct {
    const char *file; /* for messages */
    char *file_copy;  /* owns file when loaded from a string */
    json_t *root;
    char err[512];    /* set on the first error */
    /* 'verify --estimate': rc_spec_cost records the estimate and stops the claim */
    int estimate_only;
    double estimate;  /* seconds; < 0 until rc_spec_cost ran */
    char estimate_what[128];
    /* the cost budget in seconds; 0: RC_LIMIT_SECONDS (the fuzz harness sets a
     * smaller one: it explores inputs, not long computations) */
    double budget;
    /* an entry of a claims file: its path there ("claims[2]"), put before
     * every field a message names; NULL for a spec file of its own */
    const char *field_prefix;
} rc_spec;

/* Loads and parses; on error fills s->err and returns -1. */
int rc_spec_load_file(rc_spec *s, const char *path);
int rc_spec_load_string(rc_spec *s, const char *name, const char *text);
void rc_spec_clear(rc_spec *s);

/* Field accessors. The field path is a dotted name for messages; each
 * returns 0 or -1 with s->err set to "FILE: field PATH: reason". */
int rc_spec_fail(rc_spec *s, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
json_t *rc_spec_get(rc_spec *s, json_t *obj, const char *key, const char *field, int required);
int rc_spec_string(const char **out, rc_spec *s, json_t *v, const char *field);
int rc_spec_fmpq(fmpq *out, rc_spec *s, json_t *v, const char *field);
/* x, a number the certificate will carry among its inputs (derived from the
 * spec's), within RC_LIMIT_INPUT_DIGITS; else an error naming what it is. */
int rc_spec_fmpq_digits(rc_spec *s, const fmpq_t x, const char *field, const char *what);
int rc_spec_qrho(fmpz_poly_q_t out, rc_spec *s, json_t *v, const char *field);
/* An array of n rationals (n = -1: any length up to RC_LIMIT_POINTS, returned
 * through *len). Allocates *out with _fmpq_vec_init. */
int rc_spec_fmpq_array(fmpq **out, slong *len, rc_spec *s, json_t *v, const char *field);
int rc_spec_qrho_array(fmpz_poly_q_struct **out, slong *len, rc_spec *s, json_t *v,
                       const char *field, int affine_only);
void rc_qrho_vec_clear(fmpz_poly_q_struct *v, slong n);

/* Refuses an instance whose estimated cost (rescheck/limits.h) is beyond the
 * budget, naming field and what: 0 when within it. With estimate_only it
 * records the estimate and returns -1 with an empty err. */
int rc_spec_cost(rc_spec *s, const char *field, double seconds, const char *what);

/* The spec's "kind" is kind, and every object in it holds only fields that
 * kind has (an unknown or misspelt key anywhere is an error naming it). */
int rc_spec_check_kind(rc_spec *s, const char *kind);

/* The kind checked, then its "instances": an array of 1 to max entries (NULL
 * with s->err set otherwise). */
json_t *rc_spec_instances(rc_spec *s, const char *kind, int max);

/* An interval of rho such as "(0, sqrt(5)/2]"; ends are rational
 * expressions, C*sqrt(Q)/D (rc_sqrt_form_parse), inf or -inf. */
typedef struct {
    rc_end_t lo, hi;
    int lo_closed, hi_closed;
} rc_interval_struct;
typedef rc_interval_struct rc_interval_t[1];

void rc_interval_init(rc_interval_t I);
void rc_interval_clear(rc_interval_t I);
int rc_spec_interval(rc_interval_t I, rc_spec *s, json_t *v, const char *field);
/* A square root written "sqrt(Q)", "C*sqrt(Q)", "sqrt(Q)/D" or "C*sqrt(Q)/D" (C, D
 * positive): 1 with q = Q*(C/D)^2, the number being sqrt(q); 0 when text has
 * another form; -1 with err when a part is malformed. */
int rc_sqrt_form_parse(fmpq_t q, const char *text, char *err, size_t errlen);
/* "(0, sqrt(5)/2]" (caller frees with flint_free) */
char *rc_interval_get_str(const rc_interval_t I);

#endif
