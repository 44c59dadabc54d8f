/* Benchmark of the float path at the sizes of the paper's figures: one
 * gradient-descent epoch (loss + gradient) and one Hessian plus spectrum,
 * against this machine's dgemm rate measured in the same run, and against a
 * NumPy reference of the same computations (bench/train_numpy.py, run by this
 * program on the same data and weights).
 *
 *   build/train-bench [--threads T] [--data DIR] [--python PATH] [--quick]
 */
#include "numpy_ref.h"
#include <cblas.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rescheck/train.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* GFLOP/s of C = A B with A M x K and B K x N, best of three. */
static double dgemm_rate(int M, int N, int K)
{
    size_t la = (size_t)M * K, lb = (size_t)K * N;
    double *A = malloc(sizeof(double) * la), *B = malloc(sizeof(double) * lb),
           *C = malloc(sizeof(double) * (size_t)M * N);
    train_rng g;
    train_rng_seed(&g, 1);
    for (size_t i = 0; i < la; i++)
        A[i] = train_rng_uniform(&g);
    for (size_t i = 0; i < lb; i++)
        B[i] = train_rng_uniform(&g);
    double best = INFINITY;
    for (int rep = 0; rep < 4; rep++) {
        double t0 = now();
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0, A, M, B, K, 0.0, C, M);
        double t = now() - t0;
        if (rep > 0 && t < best) /* the first call warms up the threads */
            best = t;
    }
    free(A);
    free(B);
    free(C);
    return 2.0 * M * (double)N * K / best / 1e9;
}

static void write_doubles(const char *dir, const char *name, const double *x, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(x, sizeof(double), n, f) != n) {
        fprintf(stderr, "train-bench: cannot write %s\n", path);
        exit(2);
    }
    fclose(f);
}

typedef struct {
    const char *name, *data; /* data: the file prefix of X and Y */
    const train_data *D;
    train_arch a;
} bench_case;

static void case_line(FILE *m, const bench_case *b, const char *what)
{
    fprintf(m, "case=%s what=%s data=%s d=%d ncol=%d m=%d offset=%.17g R=%d n=%d shortcut=%d relu=%d "
               "weights=%s.w",
            b->name, what, b->data, b->D->d, b->D->ncol, b->D->m, b->D->offset, b->a.R, b->a.n,
            b->a.shortcut, b->a.relu_mid, b->name);
}

/* Flops of one loss + gradient: per matrix 2 d^2 c forward, 4 d^2 c backward. */
static double epoch_flops(const bench_case *b)
{
    double K = (double)b->a.R * b->a.n, d = b->a.d;
    return 6.0 * d * d * b->D->ncol * K;
}

static void bench_epoch(FILE *m, const bench_case *b, const train_net *net, double gemm, int reps)
{
    size_t N = train_arch_nparams(&b->a);
    double *grad = malloc(sizeof(double) * N), best = INFINITY, L = 0;
    train_ws ws;
    train_ws_init(&ws, &b->a, b->D->ncol);
    for (int r = 0; r < reps + 1; r++) {
        double t0 = now();
        L = train_loss_grad(net, b->D, &ws, grad);
        double t = now() - t0;
        if (r > 0 && t < best)
            best = t;
    }
    double rate = epoch_flops(b) / best / 1e9;
    /* the epoch's products are d x d times d x ncol: inner dimension d = 10,
     * memory-bound, so dgemm itself is slower at that shape than square */
    double shape = dgemm_rate(b->D->d, b->D->ncol, b->D->d);
    printf("  %-34s %9.4f s  %7.2f GFLOP/s = %5.1f%% of dgemm, %5.1f%% of dgemm %dx%d by %dx%d\n",
           b->name, best, rate, 100 * rate / gemm, 100 * rate / shape, b->D->d, b->D->d, b->D->d,
           b->D->ncol);
    case_line(m, b, "epoch");
    fprintf(m, " c_seconds=%.6g c_gflops=%.6g c_loss=%.17g c_gradnorm=%.17g\n", best, rate, L,
            train_norm2(grad, N));
    train_ws_clear(&ws);
    free(grad);
}

static void bench_hessian(FILE *m, const bench_case *b, const train_net *net)
{
    size_t N = train_arch_nparams(&b->a);
    double *H = malloc(sizeof(double) * N * N);
    double t0 = now();
    if (train_hessian(H, net, b->D, 0)) {
        fprintf(stderr, "train-bench: out of memory for the %zu x %zu Hessian\n", N, N);
        exit(2);
    }
    double t1 = now();
    train_spectrum s;
    train_spectrum_compute(&s, H, (int)N, NULL);
    double t2 = now();
    printf("  %-34s assembly %8.3f s, %s %8.3f s (N = %zu): assembly/eig = %.3f\n", b->name,
           t1 - t0, train_spectrum_method((int)N), t2 - t1, N, (t1 - t0) / (t2 - t1));
    case_line(m, b, "hessian");
    fprintf(m, " c_assembly=%.6g c_eig=%.6g c_absmax=%.17g c_absp10=%.17g c_cond=%.17g c_index=%.17g\n",
            t1 - t0, t2 - t1, s.abs_max, s.abs_p10, s.cond_true, s.index);
    free(H);
}

static void save_data(const char *dir, const char *prefix, const train_data *D)
{
    char name[256];
    size_t len = (size_t)D->d * D->ncol;
    snprintf(name, sizeof name, "%s.X", prefix);
    write_doubles(dir, name, D->X, len);
    snprintf(name, sizeof name, "%s.Y", prefix);
    write_doubles(dir, name, D->Y, len);
}

static void run_case(FILE *m, const char *dir, const bench_case *b, int hessian, double gemm, int reps)
{
    train_net net;
    train_net_init(&net, &b->a);
    train_rng g;
    train_rng_seed(&g, 7);
    train_net_draw(&net, b->a.shortcut ? TRAIN_INIT_NEAR_ZERO : TRAIN_INIT_XAVIER, &g);
    char name[256];
    snprintf(name, sizeof name, "%s.w", b->name);
    write_doubles(dir, name, net.w, train_arch_nparams(&b->a));
    if (hessian)
        bench_hessian(m, b, &net);
    else
        bench_epoch(m, b, &net, gemm, reps);
    train_net_clear(&net);
}

static int load(train_data *D, const char *dir, int m)
{
    char err[4096];
    train_idx_set s;
    if (train_idx_load_dir(&s, dir, m, err, sizeof err) ||
        train_pca_whiten(D, &s, TRAIN_CLASSES, err, sizeof err)) {
        fprintf(stderr, "train-bench: --data: %s\n", err);
        return -1;
    }
    train_idx_clear(&s);
    return 0;
}

int main(int argc, char **argv)
{
    train_blas_pick_core(argv);
    static const struct option opts[] = {{"threads", required_argument, 0, 't'},
                                         {"data", required_argument, 0, 'd'},
                                         {"python", required_argument, 0, 'p'},
                                         {"quick", no_argument, 0, 'q'},
                                         {0, 0, 0, 0}};
    int threads = 1, quick = 0, c;
    const char *data = "/usr/share/datasets/fashion-mnist", *python = "/usr/bin/python3";
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 't')
            threads = atoi(optarg);
        else if (c == 'd')
            data = optarg;
        else if (c == 'p')
            python = optarg;
        else if (c == 'q')
            quick = 1;
        else {
            fprintf(stderr, "usage: train-bench [--threads T] [--data DIR] [--python PATH] [--quick]\n");
            return 2;
        }
    }
    if (threads < 1) {
        fprintf(stderr, "train-bench: --threads must be positive\n");
        return 2;
    }
    train_set_threads(threads);
    char dir[] = "/tmp/train-bench.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("train-bench: mkdtemp");
        return 2;
    }
    double gemm = dgemm_rate(quick ? 1000 : 4000, quick ? 1000 : 4000, quick ? 1000 : 4000);
    char blas[320];
    train_blas_describe(blas, sizeof blas);
    printf("train-bench: %s\n", blas);
    printf("train-bench: OpenBLAS threads %d; dgemm %d x %d: %.1f GFLOP/s\n", threads,
           quick ? 1000 : 4000, quick ? 1000 : 4000, gemm);

    int m_full = quick ? 6000 : 60000, m_relu = quick ? 2000 : 10000;
    int d4 = quick ? 8 : 64, d56 = quick ? 4 : 16, d7 = quick ? 12 : 96, d8 = quick ? 8 : 64;
    train_data full, gram, relu;
    if (load(&full, data, m_full) || load(&relu, data, m_relu) || train_data_gram(&gram, &full))
        return 2;
    save_data(dir, "samples", &full);
    save_data(dir, "gram", &gram);
    save_data(dir, "relu", &relu);
    int d = full.d;
    train_arch sc4 = {d, d4 / 2, 2, 1, 0}, sc56 = {d, d56 / 2, 2, 1, 0}, sc7 = {d, d7 / 2, 2, 1, 0},
               relu8 = {d, d8 / 2, 2, 1, 1};
    char names[8][64];
    snprintf(names[0], 64, "epoch-fig7-d%d-samples", d7);
    snprintf(names[1], 64, "epoch-fig7-d%d-gram", d7);
    snprintf(names[2], 64, "epoch-fig4-d%d-samples", d4);
    snprintf(names[3], 64, "epoch-fig8-relu-d%d-m%d", d8, m_relu);
    snprintf(names[4], 64, "hessian-fig4-d%d-gram", d4);
    snprintf(names[5], 64, "hessian-fig56-d%d-gram", d56);
    snprintf(names[6], 64, "hessian-fig56-d%d-samples-m%d", d56, m_relu);
    bench_case cases[] = {
        {names[0], "samples", &full, sc7}, {names[1], "gram", &gram, sc7},
        {names[2], "samples", &full, sc4}, {names[3], "relu", &relu, relu8},
        {names[4], "gram", &gram, sc4},    {names[5], "gram", &gram, sc56},
        {names[6], "relu", &relu, sc56},
    };
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    FILE *man = fopen(path, "w");
    fprintf(man, "threads=%d dgemm_gflops=%.6g\n", threads, gemm);
    printf("one epoch (loss + gradient over all columns; 2-shortcut, ReLU-mid where named):\n");
    for (int i = 0; i < 4; i++)
        run_case(man, dir, cases + i, 0, gemm, quick ? 2 : 5);
    printf("one Hessian (exact Hessian-vector products) and its spectrum (LAPACKE_dsyevd, two-stage\n"
           "  on one thread from N = %d on; NumPy's eigvalsh is dsyevd):\n", TRAIN_EIG_TWO_STAGE_MIN_N);
    for (int i = 4; i < 7; i++)
        run_case(man, dir, cases + i, 1, gemm, 0);
    fclose(man);
    fflush(stdout);

    /* the NumPy reference on the same files */
    int rc = run_numpy_reference("train-bench", "train_numpy.py", python, threads, dir);
    train_data_clear(&full);
    train_data_clear(&gram);
    train_data_clear(&relu);
    return rc == 0 ? 0 : 1;
}
