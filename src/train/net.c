/* n-shortcut networks and plain linear networks (Definitions 1-2): weights,
 * initialisations, and the forward and backward passes over all samples at
 * once, every product a cblas_dgemm. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/train.h"

size_t train_arch_nparams(const train_arch *a)
{
    return (size_t)a->R * a->n * a->d * a->d;
}

void train_net_init(train_net *net, const train_arch *a)
{
    net->a = *a;
    net->w = calloc(train_arch_nparams(a), sizeof(double));
}

void train_net_clear(train_net *net)
{
    free(net->w);
    net->w = NULL;
}

double *train_net_W(const train_net *net, int r, int l)
{
    size_t dd = (size_t)net->a.d * net->a.d;
    return net->w + ((size_t)r * net->a.n + l) * dd;
}

static void draw_gaussian(double *w, size_t len, double sd, train_rng *g)
{
    for (size_t i = 0; i < len; i++)
        w[i] = sd * train_rng_normal(g);
}

/* Q of the QR factorisation of a Gaussian matrix with R's diagonal made
 * positive: Haar-distributed on O(d). */
static void draw_orthogonal(double *W, int d, train_rng *g)
{
    double tau[d];
    draw_gaussian(W, (size_t)d * d, 1.0, g);
    LAPACKE_dgeqrf(LAPACK_COL_MAJOR, d, d, W, d, tau);
    double sign[d];
    for (int j = 0; j < d; j++)
        sign[j] = W[(size_t)j * d + j] < 0 ? -1.0 : 1.0;
    LAPACKE_dorgqr(LAPACK_COL_MAJOR, d, d, d, W, d, tau);
    for (int j = 0; j < d; j++)
        cblas_dscal(d, sign[j], W + (size_t)j * d, 1);
}

void train_net_draw(train_net *net, train_init init, train_rng *g)
{
    const train_arch *a = &net->a;
    size_t dd = (size_t)a->d * a->d, K = (size_t)a->R * a->n;
    double xavier_sd = sqrt(2.0 / (a->d + a->d));
    for (size_t k = 0; k < K; k++) {
        double *W = net->w + k * dd;
        switch (init) {
        case TRAIN_INIT_XAVIER: draw_gaussian(W, dd, xavier_sd, g); break;
        case TRAIN_INIT_ORTHOGONAL: draw_orthogonal(W, a->d, g); break;
        case TRAIN_INIT_NEAR_ZERO: draw_gaussian(W, dd, TRAIN_NEAR_ZERO_SCALE * xavier_sd, g); break;
        case TRAIN_INIT_ZERO: memset(W, 0, dd * sizeof(double)); break;
        }
    }
}

void train_ws_init(train_ws *ws, const train_arch *a, int ncol)
{
    ws->K = a->R * a->n;
    ws->d = a->d;
    ws->cw = ncol < TRAIN_CHUNK ? ncol : TRAIN_CHUNK;
    size_t blk = (size_t)a->d * ws->cw;
    ws->U = malloc(sizeof(double) * blk * (size_t)(ws->K + 1));
    ws->Dz = malloc(sizeof(double) * blk * (size_t)ws->K);
    ws->g = malloc(sizeof(double) * blk);
    ws->t1 = malloc(sizeof(double) * blk);
    ws->t2 = malloc(sizeof(double) * blk);
    ws->t3 = malloc(sizeof(double) * blk);
}

void train_ws_clear(train_ws *ws)
{
    free(ws->U);
    free(ws->Dz);
    free(ws->g);
    free(ws->t1);
    free(ws->t2);
    free(ws->t3);
    memset(ws, 0, sizeof *ws);
}

static void relu_inplace(double *z, size_t len)
{
    for (size_t i = 0; i < len; i++)
        z[i] = z[i] < 0 ? 0 : z[i];
}

/* dz = du where the ReLU's output u (= its input's positive part) is > 0. */
static void relu_mask(double *restrict dz, const double *restrict du, const double *restrict u,
                      size_t len)
{
    for (size_t i = 0; i < len; i++) {
        double g = du[i]; /* loaded either way, so the select needs no branch */
        dz[i] = u[i] > 0 ? g : 0;
    }
}

/* On the chunk's c columns: U_0 = X; U_{k+1} = W_k U_k, through the ReLU
 * inside a unit, plus the unit's input at the end of a shortcut unit. */
static void forward(const train_net *net, const double *X, int c, train_ws *ws)
{
    const train_arch *a = &net->a;
    size_t blk = (size_t)a->d * c;
    memcpy(ws->U, X, sizeof(double) * blk);
    for (int r = 0; r < a->R; r++)
        for (int l = 0; l < a->n; l++) {
            size_t k = (size_t)r * a->n + l;
            double *in = ws->U + k * blk, *out = in + blk, beta = 0;
            if (l == a->n - 1 && a->shortcut) {
                memcpy(out, ws->U + (size_t)r * a->n * blk, sizeof(double) * blk);
                beta = 1;
            }
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, a->d, c, a->d, 1.0,
                        train_net_W(net, r, l), a->d, in, a->d, beta, out, a->d);
            if (l < a->n - 1 && a->relu_mid)
                relu_inplace(out, blk);
        }
}

/* Sum of squared errors at U_K; leaves g = (f(X) - Y)/m. */
static double squared_error(const train_data *D, const double *Y, int c, train_ws *ws)
{
    size_t blk = (size_t)D->d * c;
    const double *F = ws->U + (size_t)ws->K * blk;
    double s = 0;
    for (size_t i = 0; i < blk; i++) {
        double e = F[i] - Y[i];
        ws->g[i] = e / D->m;
        s += e * e;
    }
    return s;
}

/* Back-propagates g = dL/df on the chunk and adds dL/dz_k U_k^T to grad_k;
 * keep_dz stores dL/dz_k in Dz_k (for Hessians), else it is not copied. */
static void backward(const train_net *net, int c, train_ws *ws, double *grad, int keep_dz)
{
    const train_arch *a = &net->a;
    int d = a->d;
    size_t blk = (size_t)d * c, dd = (size_t)d * d;
    double *g = ws->g, *spare[2] = {ws->t1, ws->t2};
    for (int r = a->R - 1; r >= 0; r--) {
        const double *du = g;
        for (int l = a->n - 1; l >= 0; l--) {
            size_t k = (size_t)r * a->n + l;
            int relu = l < a->n - 1 && a->relu_mid;
            const double *dz = du;
            if (keep_dz || relu) {
                double *out = keep_dz ? ws->Dz + k * blk : ws->t3;
                if (relu)
                    relu_mask(out, du, ws->U + (k + 1) * blk, blk);
                else
                    memcpy(out, du, sizeof(double) * blk);
                dz = out;
            }
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, d, d, c, 1.0, dz, d,
                        ws->U + k * blk, d, 1.0, grad + k * dd, d);
            if (k == 0)
                return;
            double *next = spare[l & 1];
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, d, c, d, 1.0, train_net_W(net, r, l),
                        d, dz, d, 0.0, next, d);
            du = next;
        }
        if (a->shortcut)
            cblas_daxpy((int)blk, 1.0, du, 1, g, 1);
        else
            memcpy(g, du, sizeof(double) * blk);
    }
}

static double chunk_pass(const train_net *net, const train_data *D, train_ws *ws, int c0, int c,
                         double *grad, int keep_dz)
{
    size_t off = (size_t)D->d * c0;
    forward(net, D->X + off, c, ws);
    double sse = squared_error(D, D->Y + off, c, ws);
    if (grad)
        backward(net, c, ws, grad, keep_dz);
    return sse;
}

double train_chunk_pass(const train_net *net, const train_data *D, train_ws *ws, int c0, int c,
                        double *grad)
{
    return chunk_pass(net, D, ws, c0, c, grad, 1);
}

/* Sums over the chunks of the columns: the loss, and the gradient if asked. */
static double loss_over_chunks(const train_net *net, const train_data *D, train_ws *ws, double *grad)
{
    if (grad)
        memset(grad, 0, sizeof(double) * train_arch_nparams(&net->a));
    double sse = 0;
    for (int c0 = 0; c0 < D->ncol; c0 += ws->cw) {
        int c = D->ncol - c0 < ws->cw ? D->ncol - c0 : ws->cw;
        sse += chunk_pass(net, D, ws, c0, c, grad, 0);
    }
    return sse / (2.0 * D->m) + D->offset;
}

double train_loss(const train_net *net, const train_data *D, train_ws *ws)
{
    return loss_over_chunks(net, D, ws, NULL);
}

double train_loss_grad(const train_net *net, const train_data *D, train_ws *ws, double *grad)
{
    return loss_over_chunks(net, D, ws, grad);
}
