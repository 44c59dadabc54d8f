#ifndef RESCHECK_CERT_H
#define RESCHECK_CERT_H
/* Certificates: JSON documents with exact numbers as "p/q" strings and
 * polynomials as coefficient arrays (constant term first). Canonical form:
 * keys sorted, two-space indent, ASCII only; the "sha256" field is the
 * SHA-256 of the compact canonical dump of the document without that field.
 * Shared by the claim modules (writing) and the checker (reading). */

#include <jansson.h>
#include <stddef.h>

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpz_poly.h>
#include <flint/fmpz_poly_q.h>

#define RC_CERT_FORMAT_NAME "rescheck-certificate"

/* Encoders: return new references. */
json_t *rc_json_fmpq(const fmpq_t x);
/* JSON arrays of canonical rationals: a row; a matrix of rows */
json_t *rc_json_fmpq_row(const fmpq *x, slong n);
json_t *rc_json_fmpq_mat(const fmpq_mat_t A);
json_t *rc_json_fmpz(const fmpz_t x);
json_t *rc_json_poly(const fmpz_poly_t p);
json_t *rc_json_qrho(const fmpz_poly_q_t f);

/* Decoders: 0 on success; on failure -1 with a reason in err. A decoder
 * accepts only the canonical spelling the encoder writes ("6/4", "+3" or
 * "03" are rejected), so that any changed digit changes a value. */
int rc_json_get_fmpq(fmpq_t x, const json_t *j, char *err, size_t errlen);
int rc_json_get_fmpz(fmpz_t x, const json_t *j, char *err, size_t errlen);
int rc_json_get_poly(fmpz_poly_t p, const json_t *j, char *err, size_t errlen);
int rc_json_get_qrho(fmpz_poly_q_t f, const json_t *j, char *err, size_t errlen);

/* The input-number limit as written (docs/limits.md): a string made only of
 * digits, '-' and '/' has at most RC_LIMIT_INPUT_DIGITS digits in its
 * numerator (a sign besides) and in its denominator, leading zeros counted.
 * 1 when s is within it or is no such string. The checker applies it to a
 * certificate's inputs, the spec reader to every string of a spec (a user's
 * claim carries its spec as written). */
int rc_json_number_within_digits(const char *s);
/* The same over every string of j, whose JSON path is root ("" for none): 1
 * when all are within; else 0 with the first offender's path in path. */
int rc_json_numbers_within_digits(const json_t *j, const char *root, char *path, size_t n);

/* SHA-256 (lower-case hex, 65 bytes with the NUL) of the compact canonical
 * dump of doc without its "sha256" member. Returns 0 on success. */
int rc_cert_hash(char hex[65], const json_t *doc);
/* The same for any JSON value j, whole: the certificate's "inputs_sha256"
 * is rc_json_sha256 of its "inputs". */
int rc_json_sha256(char hex[65], const json_t *j);

/* Sets doc["sha256"] and writes the canonical form to path atomically
 * (a temporary file in the same directory, fsync, rename). 0 on success,
 * else -1 with errno-style reason in err. */
int rc_cert_write(json_t *doc, const char *path, char *err, size_t errlen);
/* Its two steps: doc["sha256"] set (also into hex) and the canonical text with
 * a final newline, what a certificate file holds (NULL on failure; caller
 * frees); and such a text written atomically, refused beyond
 * RC_LIMIT_CERT_BYTES since no checker would read it. */
char *rc_cert_text(json_t *doc, char hex[65]);
int rc_cert_write_text(const char *text, const char *path, char *err, size_t errlen);

/* Removes the NAME.tmp.PID files that an atomic write of a process no
 * longer running (killed with SIGKILL, say) left in dir; returns how many. */
int rc_remove_stale_tmp(const char *dir);

/* Canonical text of doc (caller frees with free()). */
char *rc_cert_dump(const json_t *doc);

/* Writes text to path atomically; 0 on success. */
int rc_write_file_atomic(const char *path, const char *text, size_t len, char *err,
                         size_t errlen);

#endif
