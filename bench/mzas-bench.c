/* wu19.mzas benchmark: rescheck's time per GD step (loss, gradient, update)
 * of the response's nonlinear ResNet, 1000 samples (Fashion-MNIST pixels),
 * D = H = 32, 10 outputs, squared loss, at L = 100 and L = 1000, against a
 * NumPy implementation of the same step (bench/mzas_numpy.py) run in the same
 * process tree on the same data and weights. Prints both, their ratio, the
 * largest gradient difference, and the held-out PyTorch anchor of issue 10
 * (0.06 s/step at L = 100, 0.5-0.8 s/step at L = 1000) for comparison.
 *
 *   build/mzas-bench [--threads T] [--steps K] [--depths 100,1000] [--act-mem MB] [--chunk CW] [--single]
 *                    [--data DIR] [--python PATH]
 * --single runs both in single precision (cblas_sgemm; NumPy float32), the
 * precision a PyTorch reference runs in by default. */
#include "numpy_ref.h"
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "rescheck/train.h"
#include "rescheck/train_mzas.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* GFLOP/s of one large dgemm, the machine's reference rate in this run */
static double dgemm_rate(int n)
{
    double *A = calloc((size_t)n * n, sizeof(double)), *B = calloc((size_t)n * n, sizeof(double)),
           *C = calloc((size_t)n * n, sizeof(double));
    for (size_t i = 0; i < (size_t)n * n; i++)
        A[i] = B[i] = 1.0 / (1 + i % 7);
    double t0 = now();
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, A, n, B, n, 0.0, C, n);
    double dt = now() - t0;
    free(A);
    free(B);
    free(C);
    return 2.0 * n * n * n / dt / 1e9;
}

static void save(const char *dir, const char *name, const double *x, size_t n)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(x, sizeof(double), n, f) != n) {
        perror(path);
        exit(2);
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    train_blas_pick_core(argv);
    static const struct option opts[] = {{"threads", required_argument, 0, 't'}, {"steps", required_argument, 0, 's'},
                                         {"depths", required_argument, 0, 'L'}, {"act-mem", required_argument, 0, 'm'},
                                         {"data", required_argument, 0, 'd'}, {"python", required_argument, 0, 'p'},
                                         {"chunk", required_argument, 0, 'c'}, {"single", no_argument, 0, 'S'},
                                         {0, 0, 0, 0}};
    int threads = 1, steps = 5, act_mb = 1024, chunk = 0, single = 0, c, depths[8] = {100, 1000}, nd = 2;
    const char *data = "/usr/share/datasets/fashion-mnist", *python = "/usr/bin/python3";
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 't')
            threads = atoi(optarg);
        else if (c == 's')
            steps = atoi(optarg);
        else if (c == 'm')
            act_mb = atoi(optarg);
        else if (c == 'd')
            data = optarg;
        else if (c == 'c')
            chunk = atoi(optarg);
        else if (c == 'S')
            single = 1;
        else if (c == 'p')
            python = optarg;
        else if (c == 'L') {
            nd = 0;
            for (char *t = strtok(optarg, ","); t && nd < 8; t = strtok(NULL, ","))
                depths[nd++] = atoi(t);
        } else {
            fprintf(stderr, "usage: mzas-bench [--threads T] [--steps K] [--depths LIST] [--act-mem MB] "
                            "[--data DIR] [--python PATH]\n");
            return 2;
        }
    }
    if (threads < 1 || steps < 1 || act_mb < 1 || nd < 1) {
        fprintf(stderr, "mzas-bench: positive --threads, --steps, --act-mem and depths\n");
        return 2;
    }
    int n = 1000, D = 32, H = 32, C = 10;
    train_idx_set s;
    char err[4096];
    if (train_idx_load_dir(&s, data, n, err, sizeof err)) {
        fprintf(stderr, "mzas-bench: %s\n", err);
        return 2;
    }
    int d = s.rows * s.cols;
    double *X = malloc(sizeof(double) * (size_t)d * n), *Y = calloc((size_t)C * n, sizeof(double));
    for (size_t i = 0; i < (size_t)d * n; i++)
        X[i] = s.pixels[i] / 255.0;
    for (int j = 0; j < n; j++)
        Y[(size_t)j * C + s.labels[j]] = 1;
    train_idx_clear(&s);
    char dir[] = "/tmp/mzas-bench.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    save(dir, "X", X, (size_t)d * n);
    save(dir, "Y", Y, (size_t)C * n);
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    FILE *man = fopen(path, "w");
    fprintf(man, "n=%d d=%d D=%d H=%d C=%d steps=%d threads=%d dtype=%s\n", n, d, D, H, C, steps, threads,
            single ? "float32" : "float64");
    train_set_threads(threads); /* the reference rate on every core the step may use */
    double peak = dgemm_rate(2000);
    train_set_threads(1); /* the step's threads share the batch's chunks (mzas_ws_threads) */
    char blas[320];
    train_blas_describe(blas, sizeof blas);
    printf("mzas-bench: %s\n", blas);
    printf("mzas-bench: dgemm 2000^3 on %d thread%s runs at %.1f GFLOP/s here and now (the load of the machine shows in it)\n",
           threads, threads > 1 ? "s" : "", peak);
    printf("mzas-bench: n = %d samples, d = %d, D = H = %d, C = %d, squared loss, %d threads sharing the chunks (OpenBLAS on one each), "
           "%d timed steps (after one warm-up), %s precision\n", n, d, D, C, threads, steps, single ? "single" : "double");
    for (int k = 0; k < nd; k++) {
        mzas_arch a = {.d = d, .D = D, .H = H, .C = C, .L = depths[k], .loss = MZAS_LOSS_SQUARED};
        size_t N = mzas_nparams(&a);
        double *w = malloc(sizeof(double) * N), *w0 = malloc(sizeof(double) * N), *g = malloc(sizeof(double) * N);
        train_rng r;
        train_rng_seed(&r, 7 + k);
        /* mZAS's V_l, with U_l ~ N(0, 1/(D L)) and W ~ N(0, 1/D) so that every product does
           real work (at mZAS the same products run) and the loss stays finite at any depth */
        mzas_draw(w, &a, MZAS_INIT_MZAS, &r);
        for (int l = 1; l <= a.L; l++)
            for (int i = 0; i < D * H; i++)
                w[mzas_off_U(&a, l) + i] = train_rng_normal(&r) / sqrt((double)D * a.L);
        for (int i = 0; i < C * D; i++)
            w[mzas_off_W(&a) + i] = train_rng_normal(&r) / sqrt((double)D);
        memcpy(w0, w, sizeof(double) * N);
        char wn[64], gn[64];
        snprintf(wn, sizeof wn, "w%d", depths[k]);
        snprintf(gn, sizeof gn, "g%d", depths[k]);
        save(dir, wn, w, N);
        mzas_ws ws;
        mzas_ws_s wss;
        double lr = 1e-4, loss0, t0;
        int cw, S;
        size_t bytes;
        if (!single) {
            if (mzas_ws_init_chunk(&ws, &a, n, (size_t)act_mb << 20, chunk) || mzas_ws_threads(&ws, threads)) {
                fprintf(stderr, "mzas-bench: out of memory at L = %d\n", depths[k]);
                return 2;
            }
            loss0 = mzas_loss_grad(w, X, Y, &ws, g);
            save(dir, gn, g, N); /* the gradient at w0, for the NumPy comparison */
            t0 = now();
            for (int t = 0; t < steps; t++) {
                mzas_loss_grad(w, X, Y, &ws, g);
                for (size_t i = 0; i < N; i++)
                    w[i] -= lr * g[i];
            }
            cw = ws.cw, S = ws.S, bytes = ws.bytes;
            mzas_ws_clear(&ws);
        } else {
            float *wf = malloc(sizeof(float) * N), *gf = malloc(sizeof(float) * N);
            float *Xf = malloc(sizeof(float) * (size_t)d * n), *Yf = malloc(sizeof(float) * (size_t)C * n);
            for (size_t i = 0; i < N; i++)
                wf[i] = (float)w[i];
            for (size_t i = 0; i < (size_t)d * n; i++)
                Xf[i] = (float)X[i];
            for (size_t i = 0; i < (size_t)C * n; i++)
                Yf[i] = (float)Y[i];
            if (mzas_ws_init_chunk_s(&wss, &a, n, (size_t)act_mb << 20, chunk) || mzas_ws_threads_s(&wss, threads)) {
                fprintf(stderr, "mzas-bench: out of memory at L = %d\n", depths[k]);
                return 2;
            }
            loss0 = mzas_loss_grad_s(wf, Xf, Yf, &wss, gf);
            for (size_t i = 0; i < N; i++)
                g[i] = gf[i];
            save(dir, gn, g, N);
            t0 = now();
            for (int t = 0; t < steps; t++) {
                mzas_loss_grad_s(wf, Xf, Yf, &wss, gf);
                for (size_t i = 0; i < N; i++)
                    wf[i] -= (float)lr * gf[i];
            }
            cw = wss.cw, S = wss.S, bytes = wss.bytes;
            mzas_ws_clear_s(&wss);
            free(wf);
            free(gf);
            free(Xf);
            free(Yf);
        }
        double sps = (now() - t0) / steps;
        /* 6 products of 2 D H n flops per layer, V_0's two of 2 D d n, W's three of 2 C D n */
        double flops = 6.0 * 2 * D * H * n * a.L + 2.0 * 2 * D * d * n + 3.0 * 2 * C * D * n;
        printf("  L = %5d: rescheck %.4f s/step (chunks of %d columns, segment %d of %d layers, activations %.0f MB, "
               "loss at start %.12g)\n", depths[k], sps, cw, S, depths[k], bytes / 1048576.0, loss0);
        printf("           %.2f GFLOP per step, %.1f GFLOP/s = %.0f%% of the dgemm rate; %.4f s/step at that rate\n",
               flops / 1e9, flops / sps / 1e9, 100 * flops / sps / 1e9 / peak, flops / peak / 1e9);
        fprintf(man, "L=%d weights=%s grad=%s loss=%.17g lr=%.17g rescheck_sps=%.6g segment=%d\n", depths[k], wn, gn,
                loss0, lr, sps, S);
        mzas_ws_clear(&ws);
        free(w);
        free(w0);
        free(g);
    }
    fclose(man);
    fflush(stdout);
    int rc = run_numpy_reference("mzas-bench", "mzas_numpy.py", python, threads, dir);
    free(X);
    free(Y);
    return rc == 0 ? 0 : 1;
}
