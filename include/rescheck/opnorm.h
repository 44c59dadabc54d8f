#ifndef RESCHECK_OPNORM_H
#define RESCHECK_OPNORM_H
/* Rigorous upper bounds on spectral norms over Q: a rational lam with
 * lam >= ||M||_2^2 = lambda_max(G), G the smaller Gram matrix of M (M^T M or
 * M M^T), proved by lam*I - G being positive definite (exact elimination,
 * every pivot > 0), or lam = 0 when M = 0. */

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

typedef enum {
    RC_OPNORM_ZERO,      /* M = 0, lam = 0 */
    RC_OPNORM_SPECTRAL,  /* lam just above a float estimate of lambda_max(G) */
    RC_OPNORM_FROBENIUS  /* the estimate failed: lam = trace(G) + 1 = ||M||_F^2 + 1 */
} rc_opnorm_kind;

/* G: M^T M when M has at most as many columns as rows, else M M^T */
void rc_gram_small(fmpq_mat_t G, const fmpq_mat_t M);
/* S symmetric is positive definite: Gaussian elimination without pivoting
 * has only positive pivots (Sylvester's criterion) */
int rc_is_pd(const fmpq_mat_t S);
/* lam with lam*I - G positive definite (or M = 0, lam = 0) */
rc_opnorm_kind rc_opnorm_sq_bound(fmpq_t lam, const fmpq_mat_t M);
const char *rc_opnorm_kind_str(rc_opnorm_kind k);

#endif
