#ifndef RESCHECK_WU19_MZAS_H
#define RESCHECK_WU19_MZAS_H
/* wu19.mzas over Q (src/claims/wu19_mzas.c): the response's nonlinear
 * ResNet z_0 = V_0 X, z_l = z_{l-1} + U_l relu(V_l z_{l-1}), F = W z_L, its
 * exact gradients at mZAS (U_l = 0, W = 0) or at the given U_l, W. Also used
 * by the float path's tests (tests/t-mzas.c). */
#include <flint/fmpq_mat.h>

#include "rescheck/spec.h"

typedef struct {
    slong d, D, H, C, n, Lmax;
    int xent;         /* cross-entropy (else squared) */
    fmpq_mat_t X, Y;  /* d x n, C x n one-hot */
    fmpq_mat_t V0, W; /* D x d, C x D */
    fmpq_mat_t *V, *U; /* Lmax each: H x D, D x H */
} rc_mzas_net;

typedef struct {
    slong L;
    fmpq_mat_t F, dV0, dW; /* output C x n; gradients */
    fmpq_mat_t *dV, *dU;   /* L each */
} rc_mzas_grads;

void rc_mzas_net_clear(rc_mzas_net *m);
void rc_mzas_grads_init(rc_mzas_grads *g, const rc_mzas_net *m, slong L);
void rc_mzas_grads_clear(rc_mzas_grads *g);
/* The output and every gradient of the L-layer net (V_1..V_L of m) at mZAS
 * (mzas = 1: U_l and W taken as 0) or at m's U_l and W. -1 (nothing
 * meaningful in g) for cross-entropy with F != 0, where softmax is irrational. */
int rc_mzas_compute(rc_mzas_grads *g, const rc_mzas_net *m, slong L, int mzas);
/* nonzero entries of dV_0, dV_l, dU_l */
slong rc_mzas_nonzero_inner(const rc_mzas_grads *g);
/* Reads one instance {loss C X labels V0 V U W depths} of a spec (X: n rows
 * of d numbers, V: Lmax matrices H x D, U: Lmax matrices D x H); pre names
 * it in messages. m is cleared with rc_mzas_net_clear, *depths freed by the
 * caller, on success and on error. */
int rc_mzas_read(rc_mzas_net *m, slong **depths, slong *ndepths, rc_spec *s, json_t *in, const char *pre);

#endif
