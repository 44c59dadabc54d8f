#ifndef RESCHECK_TPOLY_H
#define RESCHECK_TPOLY_H
/* Truncated multivariate polynomials in the network's weights, with one
 * rational coefficient per data point: the Taylor expansion at w = 0 of a
 * quantity computed for every sample at once. Terms of total degree above
 * the truncation order K are dropped. Monomials are sorted index tuples
 * (graded, then lexicographic on the tuple), which is a monomial order, so
 * multiplying every term by one variable keeps the terms sorted. */

#include <flint/fmpq.h>
#include <flint/fmpq_vec.h>
#include <stdint.h>

#define RC_TPOLY_MAX_DEGREE 6

typedef struct {
    uint32_t deg;
    uint32_t v[RC_TPOLY_MAX_DEGREE]; /* sorted parameter indices */
} rc_monomial;

typedef struct {
    rc_monomial mono;
    fmpq *coef; /* m entries, one per sample */
} rc_term;

typedef struct {
    slong m;       /* samples */
    slong len, cap;
    rc_term *terms; /* sorted by monomial, no zero coefficient vectors */
} rc_tpoly_struct;
typedef rc_tpoly_struct rc_tpoly_t[1];

int rc_monomial_cmp(const rc_monomial *a, const rc_monomial *b);

void rc_tpoly_init(rc_tpoly_t p, slong m);
void rc_tpoly_clear(rc_tpoly_t p);
void rc_tpoly_zero(rc_tpoly_t p);
void rc_tpoly_swap(rc_tpoly_t p, rc_tpoly_t q);
void rc_tpoly_set(rc_tpoly_t p, const rc_tpoly_t q);
/* the constant polynomial with coefficient vector c */
void rc_tpoly_set_constant(rc_tpoly_t p, const fmpq *c);
/* coefficient vector of the constant term (zero vector if absent) */
void rc_tpoly_get_constant(fmpq *c, const rc_tpoly_t p);
/* p = a + b */
void rc_tpoly_add(rc_tpoly_t p, const rc_tpoly_t a, const rc_tpoly_t b);
/* p += a * var (truncated at degree K) */
void rc_tpoly_addmul_var(rc_tpoly_t p, const rc_tpoly_t a, uint32_t var, uint32_t K);
/* p = a * b (truncated at degree K) */
void rc_tpoly_mul(rc_tpoly_t p, const rc_tpoly_t a, const rc_tpoly_t b, uint32_t K);
/* drops every term of degree > K */
void rc_tpoly_truncate(rc_tpoly_t p, uint32_t K);
/* p = sum_k g_k * (a - a_0)^k, the Taylor series of an elementwise function
 * around each sample's constant term a_0: g[k] is the vector over samples
 * of sigma^(k)(a_0)/k!, k = 0..K. */
void rc_tpoly_compose(rc_tpoly_t p, const rc_tpoly_t a, fmpq *const *g, uint32_t K);

#endif
