/* Full-batch gradient descent on the squared loss. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>

#include "rescheck/train.h"

void train_set_threads(int t)
{
    openblas_set_num_threads(t);
}

double train_norm2(const double *x, size_t n)
{
    return cblas_dnrm2((int)n, x, 1);
}

void train_gd(train_gd_result *res, train_net *net, const train_data *D, double lr, int epochs,
              train_epoch_fn fn, void *ctx)
{
    size_t N = train_arch_nparams(&net->a);
    double *grad = malloc(sizeof(double) * N);
    train_ws ws;
    train_ws_init(&ws, &net->a, D->ncol);
    res->epochs_run = 0;
    res->diverged = 0;
    res->stopped = 0;
    double initial = NAN, L = NAN;
    for (int e = 0; e < epochs; e++) {
        L = train_loss_grad(net, D, &ws, grad);
        if (e == 0)
            initial = L;
        if (!isfinite(L) || L > TRAIN_DIVERGED_FACTOR * initial) {
            res->diverged = 1;
            break;
        }
        if (fn && fn(ctx, e, L, grad, N, net)) {
            res->stopped = 1;
            break;
        }
        cblas_daxpy((int)N, -lr, grad, 1, net->w, 1);
        res->epochs_run++;
    }
    if (!res->diverged && !res->stopped) {
        L = train_loss(net, D, &ws);
        res->diverged = !isfinite(L) || L > TRAIN_DIVERGED_FACTOR * initial;
    }
    res->final_loss = res->diverged ? INFINITY : L;
    train_ws_clear(&ws);
    free(grad);
}
