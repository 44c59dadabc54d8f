#ifndef RESCHECK_CHECK_KERNEL_H
#define RESCHECK_CHECK_KERNEL_H
/* Shared pieces of the checker kernel (src/check only). Everything here is
 * the checker's own: it uses FLINT, Arb, jansson, the certificate codec
 * (rescheck/cert.h) and the expression parser (rescheck/qrho.h), nothing
 * from the prover. */

#include <jansson.h>
#include <stddef.h>

#include <stdint.h>

#include <arb.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpz_poly.h>
#include <flint/fmpz_poly_q.h>

#include "rescheck/limits.h"

#define CK_PATH 256

/* The first failure: one line that names the JSON path. */
typedef struct {
    int failed;
    char reason[1024];
    int limit; /* the failure is a documented limit (exit 2), not a wrong certificate */
} ck_t;

int ck_fail(ck_t *ck, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4))); /* returns -1 */
/* A certificate beyond the documented limits (rescheck/limits.h), refused
 * before the work; returns -1. */
int ck_limit(ck_t *ck, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Refuses, as ck_limit does, an instance whose estimated cost (seconds,
 * rescheck/limits.h) is beyond the budget; what names it. 0 when within. */
int ck_cost(ck_t *ck, const char *path, double seconds, const char *what);

/* A JSON path such as "results.table.rows[2]" (truncated to CK_PATH). */
void ck_pathf(char out[CK_PATH], const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What a rule's statements came to: the verdict is "refuted" iff one
 * failed, else "undecided" iff one is undecided, else "verified". */
typedef enum { CK_OK, CK_FAIL, CK_UNDECIDED } ck_status;
typedef struct {
    int fails, undecided;
    char first_fail[512], first_undecided[512];
} ck_verdict;
void ck_state(ck_verdict *v, ck_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Decoders with paths in their messages; 0 or -1 (ck failed). ck_get
 * writes the member's path "parent.key" into child. */
const json_t *ck_get(ck_t *ck, const json_t *obj, const char *key, char child[CK_PATH],
                     const char *parent);
/* obj is an object with exactly the space-separated keys */
int ck_keys(ck_t *ck, const json_t *obj, const char *path, const char *keys);
slong ck_array(ck_t *ck, const json_t *a, slong len, const char *path); /* len -1: any */
int ck_int(ck_t *ck, slong *out, const json_t *j, slong min, slong max, const char *path);
int ck_bool(ck_t *ck, int *out, const json_t *j, const char *path);
int ck_z(ck_t *ck, fmpz_t x, const json_t *j, const char *path);
int ck_q(ck_t *ck, fmpq_t x, const json_t *j, const char *path);
/* a witness's point, where polynomials are evaluated: RC_LIMIT_WITNESS_DIGITS */
int ck_qw(ck_t *ck, fmpq_t x, const json_t *j, const char *path);
int ck_poly(ck_t *ck, fmpz_poly_t p, const json_t *j, const char *path);
int ck_qrho(ck_t *ck, fmpz_poly_q_t f, const json_t *j, const char *path);

/* Compares a certificate's JSON with the recomputed one; on a difference
 * fails with "PATH: certificate says A, recomputed B" at the first
 * differing member. */
int ck_diff(ck_t *ck, const char *path, const json_t *cert, const json_t *expected);

/* Blanks every control character of a one-line reason (it may quote the
 * certificate's bytes). */
void ck_one_line(char *reason);

/* ---- real algebraic numbers (alg.c) ------------------------------ */

/* An interval end: -inf, +inf, or the one root of the irreducible,
 * primitive polynomial p (positive leading coefficient) in [lo, hi];
 * lo == hi iff deg p == 1. */
typedef struct {
    int inf;
    fmpz_poly_t p;
    fmpq_t lo, hi;
} ck_end;

typedef struct {
    ck_end lo, hi;
    int lo_closed, hi_closed;
} ck_interval;

void ck_end_init(ck_end *e);
void ck_end_clear(ck_end *e);
void ck_interval_init(ck_interval *I);
void ck_interval_clear(ck_interval *I);
int ck_end_is_rational(const ck_end *e);

int ck_poly_sign_at(const fmpz_poly_t p, const fmpq_t t);
/* p irreducible over Q, primitive, positive leading coefficient */
int ck_poly_irreducible(const fmpz_poly_t p);
/* Number of roots of the irreducible p of degree >= 2 in (a, b) by a
 * Sturm sequence; a_inf / b_inf select -inf / +inf. */
slong ck_count_roots(const fmpz_poly_t p, const fmpq_t a, int a_inf, const fmpq_t b, int b_inf);
/* The root of p in [lo1, hi1] and the one in [lo2, hi2] are the same. */
int ck_same_root(const fmpz_poly_t p, const fmpq_t lo1, const fmpq_t hi1, const fmpq_t lo2,
                 const fmpq_t hi2);

/* Decodes "inf", "-inf" or {"poly","lo","hi"} and checks that the isolating
 * interval isolates. */
int ck_end_decode(ck_t *ck, ck_end *e, const json_t *j, const char *path);
json_t *ck_end_json(const ck_end *e);
/* Decodes {"lo","hi","lo_closed","hi_closed"}: a non-empty interval. */
int ck_interval_decode(ck_t *ck, ck_interval *I, const json_t *j, const char *path);
json_t *ck_interval_json(const ck_interval *I);
/* Sign of a - b for two ends (finite ends: bisecting copies of their
 * isolating intervals until they separate or are the same root). */
int ck_end_cmp(const ck_end *a, const ck_end *b);
/* I lies in the open domain D (an end of I may equal an open end of D). */
int ck_interval_inside(const ck_interval *I, const ck_interval *D);

/* Halves [lo, hi] keeping the root of p it isolates (p's sign at the
 * midpoint tells); ck_refine halves until hi - lo < 2^-bits, and refuses
 * (-1, nothing done) an interval wider than 2^RC_LIMIT_WIDTH_BITS. */
void ck_halve(const fmpz_poly_t p, fmpq_t lo, fmpq_t hi);
int ck_refine(const fmpz_poly_t p, fmpq_t lo, fmpq_t hi, slong bits);
/* the Arb ball spanning lo and hi, each rounded at prec */
void ck_hull(arb_t out, const fmpq_t lo, const fmpq_t hi, slong prec);

/* Arb's decimal enclosure of the root of p in [lo, hi] with 30 digits,
 * as the certificates print it (NULL when ck_refine refuses the interval).
 * Caller frees with flint_free. */
char *ck_decimal(const fmpz_poly_t p, const fmpq_t lo, const fmpq_t hi);

/* ---- inequality witnesses (signtable.c) -------------------------- */

typedef enum { CK_LT, CK_LE, CK_GT, CK_GE } ck_op;

/* Verifies the witness w for "f op 0 for every rho in I" on the open domain
 * D (rational or infinite ends) and rebuilds it as *expected (witness parts
 * that checked, everything else recomputed). Sets *holds and *binding (I's
 * upper end is a root of f after which "f op 0" fails at once). */
int ck_ineq(ck_t *ck, json_t **expected, int *holds, int *binding, const json_t *w,
            const char *path, const fmpz_poly_q_t f, ck_op op, const ck_interval *D,
            const ck_interval *I);

/* ---- exact linear algebra (linalg.c) ------------------------------------ */

/* Rows of canonical rationals into A, whose dimensions are the expected ones. */
int ck_qmat(ck_t *ck, fmpq_mat_t A, const json_t *j, const char *path);
/* Witnesses verified as given, without search (formats and soundness in
 * linalg.c and docs/certificates.md): the rank of A from {"rank", "rows",
 * "cols", "prime", "kernel"}; the inertia [negative, zero, positive] of the
 * symmetric H from an LDL^T witness {"perm", "L", "D"}; v^T H v < 0 (so
 * lambda_min(H) < 0) for the vector v, its value in vhv. */
int ck_rank(ck_t *ck, slong *rank, const fmpq_mat_t A, const json_t *w, const char *path);
int ck_ldl_inertia(ck_t *ck, slong inertia[3], const fmpq_mat_t H, const json_t *w,
                   const char *path);
int ck_negative_curvature(ck_t *ck, fmpq_t vhv, const fmpq_mat_t H, const json_t *v,
                          const char *path);

/* ---- rules ------------------------------------------------------------------ */

/* A rule checks the inputs against what the prover can write, recomputes
 * the results into *expected (verifying the witnesses on the way) and
 * records each statement's status in v. variant comes from the rule table. */
typedef int (*ck_rule_fn)(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                          const json_t *results, json_t **expected, ck_verdict *v);

typedef struct {
    const char *rule;
    const char *claims[4]; /* the claims a certificate of this rule may state */
    const char *builtin;   /* its "spec" when it ran on the built-in data */
    ck_rule_fn check;
    int variant;
} ck_rule;

/* 1 when inputs equal the checker's own copy of the paper's inputs for the
 * claim (src/check/paper/CLAIM.json, compiled in as ck_paper_inputs_text). */
int ck_paper_data(const char *claim, const json_t *inputs);
const char *ck_paper_inputs_text(const char *claim);

/* The rule table (rules/table.c). */
extern const ck_rule ck_rules[];
extern const size_t ck_nrules;

#endif
