/* The full Hessian by exact Hessian-vector products (Pearlmutter's
 * R-operator: forward-mode derivative of the backward pass) on every basis
 * vector. The loss is a sum over samples, so is its Hessian: it is built a
 * chunk of columns at a time. Within a chunk the basis vectors of matrix k0
 * are done a block at a time: their tangents sit side by side, so each
 * layer's propagation is one dgemm over nb*c columns. A tangent of matrix k0
 * is zero below it, so the products only run over matrices k0..K-1 and give
 * Hessian rows k0..K-1; the rows above are filled by symmetry. */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/train.h"

#define HESS_DEFAULT_MEM ((size_t)32 << 20) /* tangents of a chunk: about L3 */

typedef struct {
    const train_net *net;
    const train_data *D;
    train_ws ws;
    int d, n, K, N, nb;
    int c;      /* columns in the current chunk */
    size_t blk; /* d * c */
    size_t dd;
    double *Udot;        /* (K+1) layers of nb*blk: tangents of U_k */
    double *du, *du2, *gdot; /* nb*blk each */
    double *H;
} hess;

/* Row i of each direction's zdot = row j of U_k0, for b = j*d + i. */
static void seed_tangents(hess *h, int k0, int b0, int nb, double *zdot)
{
    int d = h->d, ncol = h->c;
    const double *U = h->ws.U + (size_t)k0 * h->blk;
    memset(zdot, 0, sizeof(double) * h->blk * nb);
    for (int t = 0; t < nb; t++) {
        int b = b0 + t, j = b / d, i = b % d;
        double *z = zdot + (size_t)t * h->blk;
        for (int mu = 0; mu < ncol; mu++)
            z[(size_t)mu * d + i] = U[(size_t)mu * d + j];
    }
}

/* y = y where u > 0, else 0; vectorised at -O3 (CMakeLists.txt) */
static void mask(double *restrict y, const double *restrict u, size_t len)
{
    for (size_t e = 0; e < len; e++) {
        double v = y[e];
        y[e] = u[e] > 0 ? v : 0;
    }
}

static void mask_tangents(hess *h, double *x, size_t k_out, int nb)
{
    const double *u = h->ws.U + k_out * h->blk;
    for (int t = 0; t < nb; t++)
        mask(x + (size_t)t * h->blk, u, h->blk);
}

/* Tangents of U_{k0+1..K} for the directions b0..b0+nb-1 of matrix k0. */
static void r_forward(hess *h, int k0, int b0, int nb)
{
    const train_arch *a = &h->net->a;
    size_t cols = (size_t)h->c * nb;
    for (int k = k0; k < h->K; k++) {
        int r = k / a->n, l = k % a->n;
        double *out = h->Udot + (size_t)(k + 1) * h->blk * nb;
        int add_input = l == a->n - 1 && a->shortcut && r * a->n > k0;
        if (k == k0)
            seed_tangents(h, k0, b0, nb, out);
        else
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, h->d, (int)cols, h->d, 1.0,
                        train_net_W(h->net, r, l), h->d, h->Udot + (size_t)k * h->blk * nb, h->d, 0.0,
                        out, h->d);
        if (add_input)
            cblas_daxpy((int)(h->blk * nb), 1.0, h->Udot + (size_t)r * a->n * h->blk * nb, 1, out, 1);
        if (l < a->n - 1 && a->relu_mid)
            mask_tangents(h, out, (size_t)k + 1, nb);
    }
}

/* Rows of matrix k in the columns of the block: dzdot U_k^T + Dz_k Udot_k^T. */
static void hessian_rows(hess *h, int k, int k0, int b0, int nb, const double *dzdot)
{
    int d = h->d, ncol = h->c;
    for (int t = 0; t < nb; t++) {
        double *col = h->H + ((size_t)k0 * h->dd + b0 + t) * h->N + (size_t)k * h->dd;
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, d, d, ncol, 1.0, dzdot + t * h->blk, d,
                    h->ws.U + (size_t)k * h->blk, d, 1.0, col, d);
        if (k > k0)
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, d, d, ncol, 1.0,
                        h->ws.Dz + (size_t)k * h->blk, d, h->Udot + (size_t)k * h->blk * nb + t * h->blk,
                        d, 1.0, col, d);
    }
}

/* Tangent of the backward pass, from the output down to matrix k0. */
static void r_backward(hess *h, int k0, int b0, int nb)
{
    const train_arch *a = &h->net->a;
    size_t len = h->blk * nb;
    int cols = h->c * nb;
    double *gdot = h->gdot, *du = h->du, *spare = h->du2;
    const double *F = h->Udot + (size_t)h->K * len;
    for (size_t e = 0; e < len; e++)
        gdot[e] = F[e] / h->D->m;
    for (int r = a->R - 1; r >= k0 / a->n; r--) {
        memcpy(du, gdot, sizeof(double) * len);
        for (int l = a->n - 1; l >= 0; l--) {
            int k = r * a->n + l;
            if (l < a->n - 1 && a->relu_mid)
                mask_tangents(h, du, (size_t)k + 1, nb);
            hessian_rows(h, k, k0, b0, nb, du);
            if (k == k0)
                return;
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, h->d, cols, h->d, 1.0,
                        train_net_W(h->net, r, l), h->d, du, h->d, 0.0, spare, h->d);
            double *t = du;
            du = spare;
            spare = t;
        }
        if (a->shortcut)
            cblas_daxpy((int)len, 1.0, du, 1, gdot, 1);
        else
            memcpy(gdot, du, sizeof(double) * len);
    }
}

/* Upper blocks from the lower ones; diagonal blocks averaged with their transpose. */
static void symmetrize(double *H, int N, size_t dd)
{
    for (int c = 0; c < N; c++) {
        size_t block_start = (size_t)c / dd * dd;
        for (size_t r = 0; r < block_start; r++)
            H[(size_t)c * N + r] = H[r * N + c];
        for (size_t r = block_start; r < (size_t)c; r++) {
            double v = 0.5 * (H[(size_t)c * N + r] + H[r * N + c]);
            H[(size_t)c * N + r] = H[r * N + c] = v;
        }
    }
}

int train_hessian(double *H, const train_net *net, const train_data *D, size_t mem_bytes)
{
    const train_arch *a = &net->a;
    hess h = {.net = net, .D = D, .d = a->d, .n = a->n, .K = a->R * a->n, .H = H};
    h.N = (int)train_arch_nparams(a);
    h.dd = (size_t)a->d * a->d;
    train_ws_init(&h.ws, a, D->ncol);
    size_t per_dir = sizeof(double) * (size_t)a->d * h.ws.cw * (size_t)(h.K + 4);
    size_t budget = mem_bytes ? mem_bytes : HESS_DEFAULT_MEM;
    h.nb = (int)(budget / per_dir);
    if (h.nb < 1)
        h.nb = 1;
    if ((size_t)h.nb > h.dd)
        h.nb = (int)h.dd;
    size_t len = (size_t)a->d * h.ws.cw * h.nb;
    h.Udot = malloc(sizeof(double) * len * (size_t)(h.K + 1));
    h.du = malloc(sizeof(double) * len);
    h.du2 = malloc(sizeof(double) * len);
    h.gdot = malloc(sizeof(double) * len);
    double *grad = malloc(sizeof(double) * (size_t)h.N);
    int rc = -1;
    if (h.Udot && h.du && h.du2 && h.gdot && h.ws.U && h.ws.Dz && grad) {
        memset(H, 0, sizeof(double) * (size_t)h.N * h.N);
        memset(grad, 0, sizeof(double) * (size_t)h.N);
        for (int c0 = 0; c0 < D->ncol; c0 += h.ws.cw) {
            h.c = D->ncol - c0 < h.ws.cw ? D->ncol - c0 : h.ws.cw;
            h.blk = (size_t)a->d * h.c;
            train_chunk_pass(net, D, &h.ws, c0, h.c, grad);
            for (int k0 = 0; k0 < h.K; k0++)
                for (int b0 = 0; b0 < (int)h.dd; b0 += h.nb) {
                    int nb = (int)h.dd - b0 < h.nb ? (int)h.dd - b0 : h.nb;
                    r_forward(&h, k0, b0, nb);
                    r_backward(&h, k0, b0, nb);
                }
        }
        symmetrize(H, h.N, h.dd);
        rc = 0;
    }
    free(grad);
    train_ws_clear(&h.ws);
    free(h.Udot);
    free(h.du);
    free(h.du2);
    free(h.gdot);
    return rc;
}
