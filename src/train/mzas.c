/* wu19.mzas: the nonlinear ResNet of the wu19 response, its loss and gradient
 * with segment checkpointing (rescheck/train_mzas.h), and gradient descent
 * that stops and says so when the loss diverges. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/train_mzas.h"

size_t mzas_nparams(const mzas_arch *a)
{
    return (size_t)a->D * a->d + (size_t)a->L * 2 * a->D * a->H + (size_t)a->C * a->D;
}

size_t mzas_off_V(const mzas_arch *a, int l)
{
    return l == 0 ? 0 : (size_t)a->D * a->d + (size_t)(l - 1) * 2 * a->D * a->H;
}

size_t mzas_off_U(const mzas_arch *a, int l)
{
    return mzas_off_V(a, l) + (size_t)a->D * a->H;
}

size_t mzas_off_W(const mzas_arch *a)
{
    return (size_t)a->D * a->d + (size_t)a->L * 2 * a->D * a->H;
}

static void fill_normal(double *w, size_t n, double var, train_rng *g)
{
    double s = sqrt(var);
    for (size_t i = 0; i < n; i++)
        w[i] = s * train_rng_normal(g);
}

void mzas_draw(double *w, const mzas_arch *a, mzas_init init, train_rng *g)
{
    int d = a->d, D = a->D, H = a->H, C = a->C;
    memset(w, 0, sizeof(double) * mzas_nparams(a));
    int x = init == MZAS_INIT_XAVIER;
    fill_normal(w, (size_t)D * d, x ? 2.0 / (d + D) : 1.0 / d, g);
    for (int l = 1; l <= a->L; l++) {
        fill_normal(w + mzas_off_V(a, l), (size_t)H * D, x ? 2.0 / (D + H) : 1.0 / D, g);
        if (x)
            fill_normal(w + mzas_off_U(a, l), (size_t)D * H, 2.0 / (D + H), g);
    }
    if (x)
        fill_normal(w + mzas_off_W(a), (size_t)C * D, 2.0 / (D + C), g);
}

int mzas_ws_init(mzas_ws *ws, const mzas_arch *a, int n, size_t act_bytes)
{
    return mzas_ws_init_chunk(ws, a, n, act_bytes, 0);
}

int mzas_ws_init_chunk(mzas_ws *ws, const mzas_arch *a, int n, size_t act_bytes, int chunk)
{
    memset(ws, 0, sizeof *ws);
    ws->a = *a;
    ws->n = n;
    if (!act_bytes)
        act_bytes = (size_t)1 << 30;
    ws->cw = chunk > 0 ? chunk : MZAS_CHUNK;
    if (ws->cw > n)
        ws->cw = n;
    n = ws->cw; /* every buffer below holds one chunk of columns */
    size_t per_layer = sizeof(double) * (size_t)(a->D + a->H) * n;
    size_t S = act_bytes / per_layer;
    if (S < 1)
        S = 1;
    if (S > (size_t)a->L && a->L > 0)
        S = (size_t)a->L;
    ws->S = (int)S;
    ws->nseg = (a->L + ws->S - 1) / ws->S; /* 0 when L = 0 */
    size_t zn = (size_t)a->D * n, hn = (size_t)a->H * n;
    ws->ckpt = malloc(sizeof(double) * zn * (ws->nseg + 1));
    ws->Z = malloc(sizeof(double) * zn * S);
    ws->A = malloc(sizeof(double) * hn * S);
    ws->zL = malloc(sizeof(double) * zn);
    ws->G = malloc(sizeof(double) * zn);
    ws->F = malloc(sizeof(double) * (size_t)a->C * n);
    ws->Hb = malloc(sizeof(double) * hn);
    ws->Db = malloc(sizeof(double) * hn);
    ws->bytes = sizeof(double) * (zn * (ws->nseg + S + 2) + hn * (S + 2) + (size_t)a->C * n);
    if (!ws->ckpt || !ws->Z || !ws->A || !ws->zL || !ws->G || !ws->F || !ws->Hb || !ws->Db) {
        mzas_ws_clear(ws);
        return -1;
    }
    return 0;
}

void mzas_ws_clear(mzas_ws *ws)
{
    free(ws->ckpt);
    free(ws->Z);
    free(ws->A);
    free(ws->zL);
    free(ws->G);
    free(ws->F);
    free(ws->Hb);
    free(ws->Db);
    memset(ws, 0, sizeof *ws);
}

static int seg_len(const mzas_ws *ws, int s)
{
    int rest = ws->a.L - s * ws->S;
    return rest < ws->S ? rest : ws->S;
}

static void relu(double *out, const double *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = in[i] > 0 ? in[i] : 0;
}

/* z (in ws->zL) through the layers of segment s, keeping z_{l-1} and V_l z_{l-1} */
static void segment_forward(const double *w, mzas_ws *ws, int s)
{
    const mzas_arch *a = &ws->a;
    int D = a->D, H = a->H, n = ws->ncol;
    size_t zn = (size_t)D * n, hn = (size_t)H * n;
    for (int j = 0; j < seg_len(ws, s); j++) {
        int l = s * ws->S + j + 1;
        double *Zj = ws->Z + zn * j, *Aj = ws->A + hn * j;
        memcpy(Zj, ws->zL, sizeof(double) * zn);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, H, n, D, 1.0, w + mzas_off_V(a, l), H,
                    Zj, D, 0.0, Aj, H);
        relu(ws->Hb, Aj, hn);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, D, n, H, 1.0, w + mzas_off_U(a, l), D,
                    ws->Hb, H, 1.0, ws->zL, D);
    }
}

/* loss of F against Y; dF (into F) when want */
static double output_loss(double *F, const double *Y, int C, int c, int n, mzas_loss loss, int want)
{
    double sum = 0;
    if (loss == MZAS_LOSS_SQUARED) {
        for (size_t i = 0; i < (size_t)C * c; i++) {
            double e = F[i] - Y[i];
            sum += e * e;
            if (want)
                F[i] = e / n;
        }
        return sum / (2.0 * n);
    }
    for (int k = 0; k < c; k++) {
        double *f = F + (size_t)k * C, mx = f[0], z = 0, fy = 0, ysum = 0;
        for (int c = 1; c < C; c++)
            mx = f[c] > mx ? f[c] : mx;
        for (int c = 0; c < C; c++)
            z += exp(f[c] - mx);
        double lse = mx + log(z);
        for (int c = 0; c < C; c++) {
            fy += Y[(size_t)k * C + c] * f[c];
            ysum += Y[(size_t)k * C + c];
        }
        sum += ysum * lse - fy;
        if (want)
            for (int c = 0; c < C; c++)
                f[c] = (ysum * exp(f[c] - lse) - Y[(size_t)k * C + c]) / n;
    }
    return sum / n;
}

/* columns c0..c0+c-1: loss sum (unnormalised for squared: sum of squares / 2;
 * cross-entropy: sum of -log p_y) and, if grad, adds the chunk's gradient
 * (accumulate = 0 on the first chunk overwrites) */
static double chunk_pass(const double *w, const double *X, const double *Y, mzas_ws *ws, double *grad,
                         int c0, int c, int accumulate)
{
    const mzas_arch *a = &ws->a;
    int d = a->d, D = a->D, H = a->H, C = a->C, n = ws->n;
    size_t zn = (size_t)D * c, hn = (size_t)H * c;
    double beta = accumulate ? 1.0 : 0.0;
    ws->ncol = c;
    X += (size_t)c0 * d;
    Y += (size_t)c0 * C;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, D, c, d, 1.0, w, D, X, d, 0.0, ws->zL, D);
    for (int s = 0; s < ws->nseg; s++) {
        memcpy(ws->ckpt + zn * s, ws->zL, sizeof(double) * zn);
        segment_forward(w, ws, s);
    }
    const double *W = w + mzas_off_W(a);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, C, c, D, 1.0, W, C, ws->zL, D, 0.0, ws->F, C);
    /* the loss's 1/n is the whole batch's */
    double loss = output_loss(ws->F, Y, C, c, n, a->loss, grad != NULL);
    if (!grad)
        return loss;
    /* dW = dF z_L^T, G = W^T dF */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, C, D, c, 1.0, ws->F, C, ws->zL, D, beta,
                grad + mzas_off_W(a), C);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, D, c, C, 1.0, W, C, ws->F, C, 0.0, ws->G, D);
    for (int s = ws->nseg - 1; s >= 0; s--) {
        if (s != ws->nseg - 1) { /* recompute the segment from its checkpoint */
            memcpy(ws->zL, ws->ckpt + zn * s, sizeof(double) * zn);
            segment_forward(w, ws, s);
        }
        for (int j = seg_len(ws, s) - 1; j >= 0; j--) {
            int l = s * ws->S + j + 1;
            const double *Zj = ws->Z + zn * j, *Aj = ws->A + hn * j;
            const double *V = w + mzas_off_V(a, l), *U = w + mzas_off_U(a, l);
            relu(ws->Hb, Aj, hn);
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, D, H, c, 1.0, ws->G, D, ws->Hb, H, beta,
                        grad + mzas_off_U(a, l), D);
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, H, c, D, 1.0, U, D, ws->G, D, 0.0,
                        ws->Db, H);
            for (size_t i = 0; i < hn; i++) /* relu'(t) = 1 for t > 0, 0 for t <= 0 */
                if (!(Aj[i] > 0))
                    ws->Db[i] = 0;
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, H, D, c, 1.0, ws->Db, H, Zj, D, beta,
                        grad + mzas_off_V(a, l), H);
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, D, c, H, 1.0, V, H, ws->Db, H, 1.0,
                        ws->G, D);
        }
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, D, d, c, 1.0, ws->G, D, X, d, beta, grad, D);
    return loss;
}

double mzas_loss_grad(const double *w, const double *X, const double *Y, mzas_ws *ws, double *grad)
{
    double loss = 0;
    for (int c0 = 0; c0 < ws->n; c0 += ws->cw) {
        int c = ws->n - c0 < ws->cw ? ws->n - c0 : ws->cw;
        loss += chunk_pass(w, X, Y, ws, grad, c0, c, c0 > 0);
    }
    return loss;
}

double mzas_const_loss(const double *Y, int C, int n, mzas_loss loss)
{
    double p[C], s = 0;
    for (int c = 0; c < C; c++) {
        p[c] = 0;
        for (int k = 0; k < n; k++)
            p[c] += Y[(size_t)k * C + c];
        p[c] /= n;
    }
    for (int c = 0; c < C; c++)
        s += loss == MZAS_LOSS_SQUARED ? p[c] * p[c] : (p[c] > 0 ? -p[c] * log(p[c]) : 0);
    return loss == MZAS_LOSS_SQUARED ? 0.5 * (1 - s) : s;
}

void mzas_gd(mzas_gd_result *r, double *w, const double *X, const double *Y, mzas_ws *ws,
             double lr, int steps, mzas_step_fn fn, void *ctx)
{
    size_t N = mzas_nparams(&ws->a);
    double *grad = malloc(sizeof(double) * N);
    memset(r, 0, sizeof *r);
    r->diverged_step = -1;
    double initial = NAN;
    for (int k = 0; k <= steps; k++) {
        double loss = mzas_loss_grad(w, X, Y, ws, k < steps ? grad : NULL);
        double gn = k < steps ? cblas_dnrm2((int)N, grad, 1) : 0;
        if (k == 0)
            initial = loss;
        if (!isfinite(loss) || loss > TRAIN_DIVERGED_FACTOR * initial || !isfinite(gn)) {
            r->diverged = 1;
            r->diverged_step = k;
            break;
        }
        r->final_loss = loss;
        r->steps_run = k;
        if (fn && fn(ctx, k, loss, gn)) {
            r->stopped = 1;
            break;
        }
        if (k < steps)
            cblas_daxpy((int)N, -lr, grad, 1, w, 1);
    }
    free(grad);
}
