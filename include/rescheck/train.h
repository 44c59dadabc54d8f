#ifndef RESCHECK_TRAIN_H
#define RESCHECK_TRAIN_H
/* The float path (double precision, OpenBLAS + LAPACKE): data, the networks of
 * Li et al. "Demystifying ResNet" (Definitions 1-2), full-batch gradient
 * descent, exact Hessians and their spectra.
 *
 * Matrices are column-major. Samples are columns: X is d x m. Weights are stored
 * in the order of Definition 5 of the paper: unit r, matrix l, column j, row i,
 * so W^{r,l} is the d x d column-major block at offset ((r*n + l)*d*d) and the
 * Hessian's row/column index of w^{r,l}_{i,j} is ((r*n + l)*d + j)*d + i. */

#include <stddef.h>
#include <stdint.h>

/* ---- random numbers: xoshiro256** seeded by splitmix64, Box-Muller normals ---- */
typedef struct {
    uint64_t s[4];
    int has_spare;
    double spare;
} train_rng;

void train_rng_seed(train_rng *g, uint64_t seed);
uint64_t train_rng_next(train_rng *g);
double train_rng_uniform(train_rng *g); /* in (0, 1) */
double train_rng_normal(train_rng *g);  /* N(0, 1) */
/* A seed derived from a seed and a tag (splitmix64 of their mix). */
uint64_t train_seed_derive(uint64_t seed, uint64_t tag);

/* ---- data ---- */
/* The loss of a network f on this data is (1/(2m)) ||Y - f(X)||_F^2 + offset,
 * where X and Y have ncol columns. For real samples ncol = m and offset = 0;
 * train_data_gram builds the d-column form that linear networks may use. */
typedef struct {
    int d;         /* rows of X and of Y */
    int ncol;      /* columns stored */
    int m;         /* the m of 1/(2m): number of samples the loss averages */
    double offset; /* constant added to the loss */
    double *X;     /* d x ncol */
    double *Y;     /* d x ncol */
} train_data;

void train_data_init(train_data *D, int d, int ncol, int m);
void train_data_clear(train_data *D);

/* IDX images and labels (MNIST layout: labels 0..9). Appendix B keeps as
 * many principal components as there are classes, so the networks are square. */
#define TRAIN_CLASSES 10

typedef struct {
    int count, rows, cols;
    unsigned char *pixels; /* count * rows * cols */
    unsigned char *labels; /* count */
} train_idx_set;

/* Reads the training images and labels of an MNIST-layout directory (the four
 * standard files, gzipped or not; the test-set headers are validated too),
 * keeping the first m_max samples (all if m_max <= 0). 0, or -1 with a
 * one-line message naming the file in err. */
int train_idx_load_dir(train_idx_set *s, const char *dir, int m_max, char *err, size_t errlen);
void train_idx_clear(train_idx_set *s);

/* Appendix B: centre the pixels (scaled to [0,1]), project on the top k
 * principal components of the sample covariance (LAPACKE_dsyevr), scale each
 * component to unit variance, one-hot labels. Requires k = number of classes
 * (the networks are square). 0 or -1 with err. */
int train_pca_whiten(train_data *D, const train_idx_set *s, int k, char *err, size_t errlen);

/* For linear networks the loss depends on the data only through XX^T/m, YX^T/m
 * and YY^T/m: with S = chol(XX^T/m) and T = (YX^T/m) S^{-T},
 *   (1/(2m))||Y - WX||^2 = (1/2)||WS - T||^2 + c,  c = ||Y||^2/(2m) - ||T||^2/2.
 * G gets X' = sqrt(m) S, Y' = sqrt(m) T (d columns) and offset c, so every
 * linear network has the same loss, gradient and Hessian on G as on D.
 * 0, or -1 if XX^T is singular. */
int train_data_gram(train_data *G, const train_data *D);

/* min over W of (1/(2m))||Y - WX||^2 + offset, by LAPACKE_dgels on X^T. */
double train_lsq_optimum(const train_data *D);

/* ---- networks ---- */
typedef enum {
    TRAIN_INIT_XAVIER,     /* N(0, 2/(fan_in + fan_out)) = N(0, 1/d) */
    TRAIN_INIT_ORTHOGONAL, /* Haar-random orthogonal (QR of a Gaussian, signs fixed) */
    TRAIN_INIT_NEAR_ZERO,  /* Xavier scaled by TRAIN_NEAR_ZERO_SCALE (Section 4.1) */
    TRAIN_INIT_ZERO        /* the exact zero point */
} train_init;

#define TRAIN_NEAR_ZERO_SCALE 0.01 /* "multiply a small constant (0.01)", Section 4.1 */

/* R units of n d x d matrices. shortcut: unit r maps h to
 * W^{r,n} s(... s(W^{r,1} h)) + h (Definition 1); without it the unit drops the
 * "+ h" and the network is a plain linear network of depth R*n. relu_mid puts
 * a ReLU between consecutive matrices of a unit (the mid positions, Def. 2). */
typedef struct {
    int d, R, n;
    int shortcut;
    int relu_mid;
} train_arch;

typedef struct {
    train_arch a;
    double *w; /* R*n*d*d weights, Definition 5 order */
} train_net;

size_t train_arch_nparams(const train_arch *a);
void train_net_init(train_net *net, const train_arch *a);
void train_net_clear(train_net *net);
double *train_net_W(const train_net *net, int r, int l);
/* Draws the weights. Orthogonal draws use LAPACKE_dgeqrf/dorgqr. */
void train_net_draw(train_net *net, train_init init, train_rng *g);

/* Forward and backward passes, every product a cblas_dgemm over a chunk of
 * TRAIN_CHUNK columns, so that a chunk's activations stay in cache; the loss
 * and gradient are sums over the chunks. */
#ifndef TRAIN_CHUNK
#define TRAIN_CHUNK 512
#endif

typedef struct {
    int K, d, cw; /* matrices, width, columns per chunk */
    double *U;    /* (K+1) blocks of d x cw: U_k is the input of matrix k, U_K = f(X) */
    double *Dz;   /* K blocks: dL/dz_k for z_k = W_k U_k (kept for Hessians) */
    double *g, *t1, *t2, *t3;
} train_ws;

void train_ws_init(train_ws *ws, const train_arch *a, int ncol);
void train_ws_clear(train_ws *ws);
/* One chunk, columns c0..c0+c-1: fills U and Dz, adds the chunk's gradient to
 * grad (if not NULL), returns its sum of squared errors. (train_loss_grad
 * does not keep Dz.) */
double train_chunk_pass(const train_net *net, const train_data *D, train_ws *ws, int c0, int c,
                        double *grad);

/* Loss only. */
double train_loss(const train_net *net, const train_data *D, train_ws *ws);
/* Loss and gradient (grad has train_arch_nparams entries). */
double train_loss_grad(const train_net *net, const train_data *D, train_ws *ws, double *grad);

/* ---- Hessians ---- */
/* The full Hessian of the loss (N x N, N = train_arch_nparams, column-major,
 * both triangles) at the network's weights: exact Hessian-vector products
 * (forward-over-reverse, R-operator) applied to every basis vector, a block
 * of basis vectors of one matrix at a time, each product through cblas_dgemm
 * over all columns of the data; the block of matrix k fills rows k..K-1 and,
 * by symmetry, the columns. ReLU has second derivative 0 off its kink.
 * mem_bytes bounds the tangent storage (0: a default). Returns 0, -1 on ENOMEM. */
int train_hessian(double *H, const train_net *net, const train_data *D, size_t mem_bytes);

/* ---- spectra ---- */
typedef struct {
    int N;
    double abs_max, abs_min;
    double abs_p10;    /* 10th percentile of |lambda| (linear interpolation) */
    double cond_true;  /* abs_max / abs_min */
    double cond_paper; /* abs_max / abs_p10 (Appendix B) */
    double index;      /* fraction of eigenvalues < -tol, tol = N eps |lambda|max */
} train_spectrum;

/* Eigenvalues of the symmetric H (lower triangle read, H destroyed) by
 * LAPACKE_dsyevd, or LAPACKE_dsyevd_2stage on one OpenBLAS thread when
 * N >= TRAIN_EIG_TWO_STAGE_MIN_N; eig (N, ascending) may be NULL. 0 or the
 * LAPACK info. */
#define TRAIN_EIG_TWO_STAGE_MIN_N 2400
int train_spectrum_compute(train_spectrum *s, double *H, int N, double *eig);
int train_spectrum_two_stage(int N);
const char *train_spectrum_method(int N); /* "dsyevd" or "dsyevd_2stage" */
/* Statistics of given eigenvalues (any order; sorted copy inside). */
void train_spectrum_from_eigs(train_spectrum *s, const double *eig, int N);
/* The q-quantile (0..1) of a sorted array, linear interpolation (NumPy's default). */
double train_quantile_sorted(const double *a, int n, double q);

/* ---- gradient descent ---- */
/* Called after each epoch's loss and gradient at the current weights, before
 * the step; a nonzero return stops the run. */
typedef int (*train_epoch_fn)(void *ctx, int epoch, double loss, const double *grad, size_t N,
                              const train_net *net);

typedef struct {
    double final_loss; /* loss after the last step (inf when diverged) */
    int epochs_run;    /* steps taken */
    int diverged;      /* loss became non-finite or grew past TRAIN_DIVERGED_FACTOR */
    int stopped;       /* the callback (or an interrupt) stopped it */
} train_gd_result;

#define TRAIN_DIVERGED_FACTOR 1e8 /* loss > factor * initial loss counts as diverged */

void train_gd(train_gd_result *res, train_net *net, const train_data *D, double lr, int epochs,
              train_epoch_fn fn, void *ctx);

/* ---- the 2-shortcut zero point (Theorem 2.2) ---- */
/* M = (1/m)(X - Y) X^T (identity activations): the d x d matrix whose
 * singular values, each R*d times, are the |eigenvalues| of the Hessian at 0. */
void train_zero_point_M(double *M, const train_data *D);
/* sigma_max(M)/sigma_min(M) by LAPACKE_dgesvd (inf when singular). */
double train_cond2(const double *M, int d);

/* ---- li18 Figures 5 and 6: statistics at loss levels ---- */
/* The value of each of the nq series q[i] (sampled where the Hessian was
 * computed, at losses loss[0..n-1] in training order) at the first time the
 * loss comes down to level, by linear interpolation in the loss between the
 * two Hessians that bracket it: out[i]. Returns the index e of the bracket
 * (loss[e] >= level >= loss[e+1]), or -1 if the run never passes level. */
int train_fig56_at_level(double *out, const double *loss, const double *const *q, int nq, int n,
                         double level);
/* Whether a run has data at a level: one of the two Hessians that bracket
 * the level's first crossing is at an excess loss (loss - lstar) within a
 * factor max_ratio of the level's. A level inside a one-step fall of more
 * than max_ratio^2 can have none, however the two sides are interpolated.
 * 0 also when the run never passes the level. */
int train_fig56_has_data(const double *loss, int n, double level, double lstar, double max_ratio);

/* ---- small helpers ---- */
void train_set_threads(int t); /* openblas_set_num_threads */
/* OpenBLAS's kernels (src/train/blas.c): when OpenBLAS took the CPU for a
 * generic core and the CPU runs a better family, sets OPENBLAS_CORETYPE and
 * executes argv again (returns only when it does not); the core's name; a
 * line saying which kernels run and who chose them. */
void train_blas_pick_core(char **argv);
const char *train_blas_core(void);
void train_blas_describe(char *buf, size_t n);
double train_norm2(const double *x, size_t n);

#endif
