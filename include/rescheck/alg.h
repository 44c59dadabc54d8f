#ifndef RESCHECK_ALG_H
#define RESCHECK_ALG_H
/* Real algebraic numbers: the one root of an irreducible integer polynomial
 * in an isolating interval with rational endpoints, plus the endpoints +-inf
 * that intervals of rho need. */

#include <flint/fmpq.h>
#include <flint/fmpq_poly.h>
#include <flint/fmpz_poly.h>

typedef struct {
    fmpz_poly_t poly; /* irreducible, primitive, positive leading coefficient */
    fmpq_t lo, hi;    /* the root lies in [lo, hi]; lo == hi iff deg poly == 1,
                         else lo < hi, neither is a root, exactly one root inside */
} rc_alg_struct;
typedef rc_alg_struct rc_alg_t[1];

void rc_alg_init(rc_alg_t a);
void rc_alg_clear(rc_alg_t a);
void rc_alg_set(rc_alg_t a, const rc_alg_t b);
void rc_alg_set_fmpq(rc_alg_t a, const fmpq_t q);
int rc_alg_is_rational(const rc_alg_t a);

/* a = sqrt(q) for q >= 0 (rational when q is a square). */
void rc_alg_set_sqrt_fmpq(rc_alg_t a, const fmpq_t q);

/* Halves the isolating interval (no-op for rationals). */
void rc_alg_refine(rc_alg_t a);

/* Refines until the isolating interval is shorter than 2^-bits. */
void rc_alg_refine_bits(rc_alg_t a, slong bits);

/* The canonical isolating interval: for an irrational a, the dyadic
 * (k/2^j, (k+1)/2^j) of the smallest j >= 0 that holds a and isolates it
 * (unit intervals first, then halves); rationals are left as they are. */
void rc_alg_canonical(rc_alg_t a);
/* Sign of a - q. */
int rc_alg_cmp_fmpq(rc_alg_t a, const fmpq_t q);

/* Sign of a - b; refines both isolating intervals until they decide. */
int rc_alg_cmp(rc_alg_t a, rc_alg_t b);

/* Decimal enclosure from Arb with the given number of significant digits,
 * e.g. "[1.11803398874989484820458683437 +/- 4.2e-31]"; rationals with a
 * finite decimal expansion print exactly. Caller frees with flint_free. */
char *rc_alg_get_decimal(const rc_alg_t a, slong digits);

/* Readable closed form: "5/4", "sqrt(5)/2", "(3+3*sqrt(21))/4", or
 * "root of P in [lo, hi]" for degree > 2. Caller frees with flint_free. */
char *rc_alg_get_str(const rc_alg_t a);

/* sqrt(n) = k*sqrt(r) for n >= 0, with the square factors of the primes
 * below 2^16 (and a square cofactor) moved into k. For printing: r may keep
 * the square of a large prime, the form is still exact. */
void rc_fmpz_sqrt_split(fmpz_t k, fmpz_t r, const fmpz_t n);

/* Interval endpoints: a real algebraic number or -inf / +inf. */
typedef struct {
    int inf; /* -1: -inf, +1: +inf, 0: finite value x */
    rc_alg_t x;
} rc_end_struct;
typedef rc_end_struct rc_end_t[1];

void rc_end_init(rc_end_t e);
void rc_end_clear(rc_end_t e);
void rc_end_set(rc_end_t e, const rc_end_t f);
char *rc_end_get_str(const rc_end_t e);

/* Simplest rational strictly between a < b (fewest continued-fraction
 * terms; an integer, and the one nearest zero, when one fits). a_inf / b_inf
 * flag -inf / +inf. */
void rc_fmpq_simplest_between(fmpq_t out, const fmpq_t a, int a_inf, const fmpq_t b, int b_inf);

/* Sturm sequence of a squarefree polynomial, and root counting with it. */
typedef struct {
    fmpq_poly_struct *seq;
    slong len;
} rc_sturm_struct;
typedef rc_sturm_struct rc_sturm_t[1];

void rc_sturm_init(rc_sturm_t s, const fmpz_poly_t f);
void rc_sturm_clear(rc_sturm_t s);
/* Sign variations at t (inf = -1/+1 selects -inf/+inf, 0 uses t). */
slong rc_sturm_variations(const rc_sturm_t s, const fmpq_t t, int inf);

/* Degrees up to this are isolated by Sturm bisection, higher ones by Arb's
 * certified root isolation (Sturm sequences over Q swell with the degree). */
#define RC_STURM_MAX_DEGREE 8

/* Isolating intervals of the real roots of an irreducible f of degree >= 2
 * in the open interval (lo, hi) (either end may be infinite). Returns the
 * number of roots; *out is an array of 2*count fmpq (lo0, hi0, lo1, ...)
 * in increasing order, to be freed with _fmpq_vec_clear. */
slong rc_isolate_roots(fmpq **out, const fmpz_poly_t f, const fmpq_t lo, int lo_inf,
                       const fmpq_t hi, int hi_inf);

#endif
