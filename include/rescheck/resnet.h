#ifndef RESCHECK_RESNET_H
#define RESCHECK_RESNET_H
/* The exact model of yun19 §4.1 over Q: spec kind "yun19.resnet" (docs/specs.md).
 *
 *   h_0 = x,  h_l = S_l h_{l-1} + V_l phi^l(t_l),  f = w^T h_L,
 *   t_1 = h_0 (or U_1 h_0 when block 1 carries "U", the §5 form),
 *   t_l = U_l h_{l-1} (l >= 2),  S_l = W_l when the block carries "W", else I,
 *   phi^l: "identity", "relu" (elementwise), or "relu-net" (relu(A_l t + a_l)).
 *
 * Loss: squared (p - y)^2, or Huber with delta; risk R = (1/n) sum_i l(f(x_i); y_i).
 * Parameter order theta = (w, then for l = 1..L: V_l, U_l (when present), A_l, a_l
 * (relu-net), W_l (when present)), every matrix row-major.
 *
 * This API is shared by several claims (thm2, response, thm4, thm5) and kept small:
 * reading, the parameter vector, the forward pass, the loss and the smallest ReLU
 * pre-activation. Gradients and Hessians are in rescheck/landscape.h. */

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

#include "rescheck/spec.h"

#define RC_RESNET_KIND "yun19.resnet"

typedef enum { RC_PHI_IDENTITY, RC_PHI_RELU, RC_PHI_RELUNET } rc_phi_t;
typedef enum { RC_LOSS_SQUARED, RC_LOSS_HUBER } rc_loss_t;

typedef struct {
    rc_phi_t phi;
    int has_U, has_W;
    slong m;      /* phi's input dimension: rows of U, or d_x without U */
    slong k;      /* relu-net hidden width (0 otherwise) */
    slong p;      /* phi's output dimension (m, or k for relu-net): columns of V */
    fmpq_mat_t V; /* d_x x p */
    fmpq_mat_t U; /* m x d_x (0 x 0 when absent) */
    fmpq_mat_t A; /* k x m (relu-net; else 0 x 0) */
    fmpq_mat_t a; /* k x 1 (relu-net; else 0 x 0) */
    fmpq_mat_t W; /* d_x x d_x (0 x 0 when absent) */
} rc_resnet_block;

typedef struct {
    slong n, dx, L;
    fmpq_mat_t X; /* n x d_x, row i = x_i */
    fmpq_mat_t y; /* n x 1 */
    fmpq_mat_t w; /* d_x x 1 */
    rc_resnet_block *blk; /* L blocks */
    rc_loss_t loss;
    fmpq_t delta; /* Huber's delta (0 for squared) */
} rc_resnet;

/* Reads a "yun19.resnet" spec strictly: the kind's schema (unknown keys name
 * file and field), every dimension, the limits (rescheck/limits.h) before any
 * work. 0, or -1 with s->err set. On error net needs no clear. */
int rc_resnet_read(rc_resnet *net, rc_spec *s);
void rc_resnet_clear(rc_resnet *net);

/* Same dimensions, phis and loss as src, all parameters copied. */
void rc_resnet_init_copy(rc_resnet *dst, const rc_resnet *src);

/* Number of parameters, the offset of block l's first (0-based l; l = L gives the
 * total), and theta as a vector (get allocates nothing: theta has nparams entries). */
slong rc_resnet_nparams(const rc_resnet *net);
slong rc_resnet_offset(const rc_resnet *net, slong l);
void rc_resnet_get_theta(fmpq *theta, const rc_resnet *net);
void rc_resnet_set_theta(rc_resnet *net, const fmpq *theta);
/* "w[2]", "V_1[0,3]", "a_2[1]" for parameter index j (1-based blocks, as in the paper) */
void rc_resnet_param_name(char *buf, size_t size, const rc_resnet *net, slong j);

/* The forward pass over Q at every sample, keeping every intermediate (row i of
 * each matrix belongs to sample i). */
typedef struct {
    slong L;
    fmpq_mat_struct *H; /* L + 1 matrices n x d_x: h_l(x_i) */
    fmpq_mat_struct *T; /* L: n x m, phi's input t_l */
    fmpq_mat_struct *Z; /* L: n x (m or k), ReLU pre-activations (0 x 0 for identity) */
    fmpq_mat_struct *G; /* L: n x p, phi^l(t_l) */
    fmpq_mat_t f;       /* n x 1 */
    fmpq_t risk;
} rc_resnet_fwd;

void rc_resnet_forward(rc_resnet_fwd *F, const rc_resnet *net);
void rc_resnet_fwd_clear(rc_resnet_fwd *F);

/* l(p; y), l' and l'' (d/dp). Huber at |p - y| = delta has no l'': returns 1
 * there (d2 set to 0), else 0. */
int rc_resnet_loss(fmpq_t l, fmpq_t d1, fmpq_t d2, const rc_resnet *net, const fmpq_t p,
                   const fmpq_t y);

/* Where R may fail to be twice differentiable. relu_units: the number of ReLU
 * pre-activations (samples x units); when > 0, min_abs is the smallest |z| and
 * (sample, block, unit) where it is attained, the first in (block, sample, unit)
 * order (block 1-based). Huber: huber_kink_sample >= 0 names a sample with
 * |f - y| = delta. twice_diff = no zero pre-activation and no kink. */
typedef struct {
    slong relu_units;
    fmpq_t min_abs;
    slong sample, block, unit;
    slong huber_kink_sample;
    int twice_diff;
} rc_resnet_smooth;

void rc_resnet_smooth_init(rc_resnet_smooth *S);
void rc_resnet_smooth_clear(rc_resnet_smooth *S);
void rc_resnet_smoothness(rc_resnet_smooth *S, const rc_resnet *net, const rc_resnet_fwd *F);

#endif
