#ifndef RESCHECK_HUBER_H
#define RESCHECK_HUBER_H
/* Huber regression without bias, exactly over Q: minimise
 *   R(w) = (1/n) sum_i l_delta(w^T h_i - y_i),
 *   l_delta(r) = r^2/2 for |r| <= delta, delta(|r| - delta/2) otherwise.
 * R is convex and differentiable with gradient (1/n) sum_i psi(r_i) h_i,
 * psi(r) = clip(r, -delta, delta); a stationary w is a global minimiser.
 *
 * The minimiser is piecewise: for a partition of the samples into
 * quadratic (|r_i| <= delta) and linear (r_i >= delta, r_i <= -delta) ones,
 * stationarity is the linear system
 *   (sum_Q h_i h_i^T) w = sum_Q y_i h_i - delta (sum_+ h_i - sum_- h_i).
 * A float Newton iteration only guesses the partition; the system is then
 * solved over Q, the residuals classified exactly, and the partition
 * refined until it agrees with its own solution (at most max_rounds times).
 * The result is decided only by the exact checks. */

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

typedef enum {
    RC_HUBER_SOLVED = 0,    /* w exact, partition agrees, gradient exactly 0 */
    RC_HUBER_INCONSISTENT,  /* a partition's system has no solution */
    RC_HUBER_NO_AGREEMENT   /* no partition agreed within max_rounds */
} rc_huber_status;

typedef struct {
    slong n, d;
    rc_huber_status status;
    fmpq *w;       /* d */
    fmpq *r;       /* n residuals w^T h_i - y_i */
    int *side;     /* n: 0 quadratic, +1 r_i >= delta, -1 r_i <= -delta */
    fmpq_t risk;   /* (1/n) sum l_delta(r_i) */
    slong rank;    /* of sum_Q h_i h_i^T; < d: w is one minimiser of many */
    slong rounds;  /* exact solves used */
} rc_huber_struct;
typedef rc_huber_struct rc_huber_t[1];

void rc_huber_init(rc_huber_t h, slong n, slong d);
void rc_huber_clear(rc_huber_t h);

/* H is n x d (rows h_i), y has n entries, delta > 0. */
void rc_huber_fit(rc_huber_t h, const fmpq_mat_t H, const fmpq *y, const fmpq_t delta,
                  slong max_rounds);

/* l_delta(r) */
void rc_huber_loss(fmpq_t out, const fmpq_t r, const fmpq_t delta);

const char *rc_huber_status_str(rc_huber_status s);

#endif
