/* wu19.mzas: the nonlinear ResNet of the wu19 response, its loss and gradient
 * with segment checkpointing (rescheck/train_mzas.h), and gradient descent
 * that stops and says so when the loss diverges. */
#include <cblas.h>
#include <math.h>
#include <pthread.h>
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

static void fill_uniform(double *w, size_t n, int fan_in, train_rng *g)
{
    double b = 1 / sqrt((double)fan_in);
    for (size_t i = 0; i < n; i++)
        w[i] = b * (2 * train_rng_uniform(g) - 1);
}

void mzas_draw(double *w, const mzas_arch *a, mzas_init init, train_rng *g)
{
    int d = a->d, D = a->D, H = a->H, C = a->C;
    memset(w, 0, sizeof(double) * mzas_nparams(a));
    if (init == MZAS_INIT_TORCH) {
        fill_uniform(w, (size_t)D * d, d, g);
        for (int l = 1; l <= a->L; l++) {
            fill_uniform(w + mzas_off_V(a, l), (size_t)H * D, D, g);
            fill_uniform(w + mzas_off_U(a, l), (size_t)D * H, H, g);
        }
        fill_uniform(w + mzas_off_W(a), (size_t)C * D, D, g);
        return;
    }
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

#define REAL double
#define GEMM cblas_dgemm
#define WS mzas_ws
#define FN(name) name
#include "mzas_pass.h"
#undef REAL
#undef GEMM
#undef WS
#undef FN

#define REAL float
#define GEMM cblas_sgemm
#define WS mzas_ws_s
#define FN(name) name##_s
#include "mzas_pass.h"
#undef REAL
#undef GEMM
#undef WS
#undef FN

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
    r->final_loss = INFINITY;
    double initial = NAN;
    for (int k = 0; k <= steps; k++) {
        double loss = mzas_loss_grad(w, X, Y, ws, k < steps ? grad : NULL);
        double gn = k < steps ? cblas_dnrm2((int)N, grad, 1) : 0;
        if (k == 0)
            initial = r->initial_loss = loss;
        if (!isfinite(loss) || loss > TRAIN_DIVERGED_FACTOR * initial || !isfinite(gn)) {
            r->diverged = 1;
            r->diverged_step = k;
            r->diverged_loss = loss;
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
