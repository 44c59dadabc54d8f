#ifndef RESCHECK_TRAIN_MZAS_H
#define RESCHECK_TRAIN_MZAS_H
/* wu19.mzas on the float path: the nonlinear ResNet of the wu19 authors'
 * response,
 *     z_0 = V_0 x,   z_l = z_{l-1} + U_l relu(V_l z_{l-1})  (l = 1..L),
 *     f(x) = W z_L,
 * with V_0: D x d, V_l: H x D, U_l: D x H, W: C x D (the letter's w is the
 * C = 1 row; rescheck's standard reading is C = 10 outputs on one-hot labels).
 * Double precision, every product a cblas_dgemm over all samples.
 *
 * Memory: the backward pass needs z_{l-1} and V_l z_{l-1} of every layer,
 * (D + H) n doubles per layer (5.1 GB at L = 10000, D = H = 32, n = 1000).
 * Two measures: the samples go through in chunks of cw columns (the gradient
 * is a sum over samples), so only one chunk's activations are held, (D + H)
 * cw doubles per layer (1.3 GB at L = 10000, cw = 256); and within a chunk the
 * forward pass keeps only checkpoints z_0, z_S, z_2S, ... and the activations
 * of the last segment, the backward pass recomputing each earlier segment
 * from its checkpoint. S is the largest segment whose activations fit in
 * act_bytes (S = L, no recomputation, when the chunk fits). */

#include <stddef.h>

#include "rescheck/train.h"

typedef enum { MZAS_LOSS_SQUARED, MZAS_LOSS_XENT } mzas_loss;
typedef enum { MZAS_INIT_MZAS, MZAS_INIT_XAVIER, MZAS_INIT_TORCH } mzas_init;

typedef struct {
    int d, D, H, C, L;
    mzas_loss loss;
} mzas_arch;

/* parameter offsets: V_0, then (V_l, U_l) for l = 1..L, then W */
size_t mzas_nparams(const mzas_arch *a);
size_t mzas_off_V(const mzas_arch *a, int l); /* l = 0..L */
size_t mzas_off_U(const mzas_arch *a, int l); /* l = 1..L */
size_t mzas_off_W(const mzas_arch *a);

/* mZAS: U_l = 0, W = 0, (V_l)_ij ~ N(0, 1/D) for l >= 1 and (V_0)_ij ~
 * N(0, 1/d) (V_0's fan-in; the letter's 1/D is read for the square V_l).
 * Xavier: every matrix N(0, 2/(fan_in + fan_out)) (Glorot and Bengio).
 * Torch: every matrix U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's default
 * for nn.Linear, variance 1/(3 fan_in): a reading of the letter's "Xavier"
 * that its learning rates fit (a residual block's gain is 1 + 1/18, not 1.5). */
void mzas_draw(double *w, const mzas_arch *a, mzas_init init, train_rng *g);

/* Data: X is d x n, Y is C x n (one-hot), both column-major. */
/* Columns per chunk: the gradient is a sum over samples, so the passes run
 * chunk by chunk (a chunk's activations stay in cache, and the activation
 * memory is that of one chunk). */
#ifndef MZAS_CHUNK
#define MZAS_CHUNK 256
#endif

#define MZAS_WS_FIELDS(T)                                                              \
    mzas_arch a;                                                                       \
    int n, cw, ncol; /* samples, columns per chunk, columns of the current chunk */    \
    int S, nseg;     /* segment length, segments */                                    \
    T *ckpt;         /* nseg blocks of D x cw: z at the start of each segment */       \
    T *Z;            /* S blocks of D x cw: z_{l-1} of the segment's layers */         \
    T *A;            /* S blocks of H x cw: h_l = relu(V_l z_{l-1}) */                 \
    T *zL, *F, *G, *Db; /* z_L, the output, dL/dz, scratch H x cw */                   \
    size_t bytes;    /* activation memory held (this thread's) */                      \
    size_t act_bytes;                                                                  \
    int nthreads;    /* threads the chunks are shared among (mzas_ws_threads) */       \
    void *sub;       /* nthreads - 1 more workspaces of this type */                   \
    T *gsub;         /* their gradients, nthreads - 1 blocks of mzas_nparams */

typedef struct {
    MZAS_WS_FIELDS(double)
} mzas_ws;

/* The same network in single precision (cblas_sgemm), for the benchmark: the
 * precision a PyTorch reference runs in by default. */
typedef struct {
    MZAS_WS_FIELDS(float)
} mzas_ws_s;

/* act_bytes: the budget for one chunk's activations (0: 1 GiB); chunk:
 * columns per chunk (0: MZAS_CHUNK). -1 on ENOMEM. */
int mzas_ws_init(mzas_ws *ws, const mzas_arch *a, int n, size_t act_bytes);
int mzas_ws_init_chunk(mzas_ws *ws, const mzas_arch *a, int n, size_t act_bytes, int chunk);
void mzas_ws_clear(mzas_ws *ws);
int mzas_ws_init_chunk_s(mzas_ws_s *ws, const mzas_arch *a, int n, size_t act_bytes, int chunk);
void mzas_ws_clear_s(mzas_ws_s *ws);
/* Shares the chunks among T threads (chunk k on thread k mod T), each with
 * its own workspace and gradient, summed in thread order: a run is
 * determined by T. Call OpenBLAS with one thread then. -1 on ENOMEM. */
int mzas_ws_threads(mzas_ws *ws, int T);
int mzas_ws_threads_s(mzas_ws_s *ws, int T);

/* The loss (squared: (1/(2n))||Y - F||_F^2; cross-entropy: the mean of
 * -log softmax(F)_y) and, if grad is not NULL, its gradient. */
double mzas_loss_grad(const double *w, const double *X, const double *Y, mzas_ws *ws, double *grad);
double mzas_loss_grad_s(const float *w, const float *X, const float *Y, mzas_ws_s *ws, float *grad);

/* The loss of the best constant output (what a net stuck at W z_L = const
 * reaches): squared (1/2)(1 - sum p_c^2), cross-entropy the entropy of the
 * label frequencies p. */
double mzas_const_loss(const double *Y, int C, int n, mzas_loss loss);

typedef struct {
    int steps_run;
    int diverged;      /* the loss became non-finite or > TRAIN_DIVERGED_FACTOR x initial */
    int diverged_step; /* the step at which it did */
    int stopped;
    double final_loss; /* the last finite loss (inf when even the first is not) */
    double diverged_loss; /* the loss at the divergence step (may be inf or NaN) */
    double initial_loss;
} mzas_gd_result;

/* Called after each step's loss (step 0: the initial point); nonzero stops. */
typedef int (*mzas_step_fn)(void *ctx, int step, double loss, double grad_norm);

void mzas_gd(mzas_gd_result *r, double *w, const double *X, const double *Y, mzas_ws *ws,
             double lr, int steps, mzas_step_fn fn, void *ctx);

#endif
