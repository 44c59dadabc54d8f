/* The float path: gradients against central differences of the loss,
 * Hessians against central differences of the gradient (plain, shortcut and
 * ReLU networks), the Gram form against the samples, the Hessian at the zero
 * point against Theorem 2 entry by entry, spectra statistics, the IDX reader
 * and whitening on generated files, least squares against the normal
 * equations, gradient descent to the least-squares optimum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "rescheck/train.h"

static void random_data(train_data *D, int d, int m, train_rng *g)
{
    train_data_init(D, d, m, m);
    for (int i = 0; i < d * m; i++) {
        D->X[i] = train_rng_normal(g);
        D->Y[i] = train_rng_normal(g) + 0.5 * D->X[i];
    }
}

static double *loss_grad_alloc(const train_net *net, const train_data *D, double *L)
{
    size_t N = train_arch_nparams(&net->a);
    double *g = malloc(sizeof(double) * N);
    train_ws ws;
    train_ws_init(&ws, &net->a, D->ncol);
    *L = train_loss_grad(net, D, &ws, g);
    train_ws_clear(&ws);
    return g;
}

static double loss_at(const train_net *net, const train_data *D)
{
    train_ws ws;
    train_ws_init(&ws, &net->a, D->ncol);
    double L = train_loss(net, D, &ws);
    train_ws_clear(&ws);
    return L;
}

/* d, R, n, shortcut, relu_mid */
static const train_arch archs[] = {
    {3, 2, 1, 0, 0}, {3, 2, 2, 1, 0}, {3, 2, 2, 1, 1}, {3, 3, 1, 1, 0},
    {2, 1, 3, 1, 1}, {2, 2, 3, 0, 1}, {3, 2, 2, 0, 1},
};
#define NARCHS (int)(sizeof archs / sizeof archs[0])

/* Central differences with step h have error O(h^2) + O(eps/h); h = 1e-5
 * on O(1) weights gives about 1e-9 relative to the largest entry. */
#define FD_STEP 1e-5
#define FD_TOL 1e-7

static void test_gradient_and_hessian_vs_differences(void **state)
{
    (void)state;
    train_rng g;
    train_rng_seed(&g, 11);
    for (int c = 0; c < NARCHS; c++) {
        train_data D;
        random_data(&D, archs[c].d, 23, &g);
        train_net net;
        train_net_init(&net, archs + c);
        train_net_draw(&net, TRAIN_INIT_XAVIER, &g);
        size_t N = train_arch_nparams(archs + c);
        double L, *grad = loss_grad_alloc(&net, &D, &L), *H = malloc(sizeof(double) * N * N);
        assert_int_equal(train_hessian(H, &net, &D, 0), 0);
        double gscale = 0, hscale = 0;
        for (size_t p = 0; p < N; p++)
            gscale = fmax(gscale, fabs(grad[p]));
        for (size_t p = 0; p < N * N; p++)
            hscale = fmax(hscale, fabs(H[p]));
        for (size_t p = 0; p < N; p++) {
            double w = net.w[p], Lp, Lm;
            net.w[p] = w + FD_STEP;
            double *gp = loss_grad_alloc(&net, &D, &Lp);
            net.w[p] = w - FD_STEP;
            double *gm = loss_grad_alloc(&net, &D, &Lm);
            net.w[p] = w;
            assert_true(fabs((Lp - Lm) / (2 * FD_STEP) - grad[p]) <= FD_TOL * fmax(1, gscale));
            for (size_t q = 0; q < N; q++) {
                double fd = (gp[q] - gm[q]) / (2 * FD_STEP);
                assert_true(fabs(fd - H[p * N + q]) <= FD_TOL * fmax(1, hscale));
                assert_true(H[p * N + q] == H[q * N + p]);
            }
            free(gp);
            free(gm);
        }
        free(grad);
        free(H);
        train_net_clear(&net);
        train_data_clear(&D);
    }
}

/* Linear networks see the data only through its second moments: the Gram
 * form gives the same loss, gradient and Hessian. m spans several chunks. */
static void test_gram_form_equals_samples(void **state)
{
    (void)state;
    train_rng g;
    train_rng_seed(&g, 12);
    int d = 4, m = 2 * TRAIN_CHUNK + 37;
    train_data D, G;
    random_data(&D, d, m, &g);
    assert_int_equal(train_data_gram(&G, &D), 0);
    assert_int_equal(G.ncol, d);
    const train_arch linear[] = {{4, 3, 1, 0, 0}, {4, 2, 2, 1, 0}, {4, 2, 3, 1, 0}};
    for (int c = 0; c < 3; c++) {
        train_net net;
        train_net_init(&net, linear + c);
        train_net_draw(&net, TRAIN_INIT_XAVIER, &g);
        size_t N = train_arch_nparams(linear + c);
        double Ls, Lg, *gs = loss_grad_alloc(&net, &D, &Ls), *gg = loss_grad_alloc(&net, &G, &Lg);
        assert_true(fabs(Ls - Lg) <= 1e-12 * Ls);
        double *Hs = malloc(sizeof(double) * N * N), *Hg = malloc(sizeof(double) * N * N);
        assert_int_equal(train_hessian(Hs, &net, &D, 0), 0);
        assert_int_equal(train_hessian(Hg, &net, &G, 0), 0);
        double scale = 0;
        for (size_t p = 0; p < N * N; p++)
            scale = fmax(scale, fabs(Hs[p]));
        for (size_t p = 0; p < N; p++)
            assert_true(fabs(gs[p] - gg[p]) <= 1e-11 * fmax(1, fabs(gs[p])));
        for (size_t p = 0; p < N * N; p++)
            assert_true(fabs(Hs[p] - Hg[p]) <= 1e-11 * scale);
        free(gs);
        free(gg);
        free(Hs);
        free(Hg);
        train_net_clear(&net);
    }
    /* the offset is the least-squares optimum: WS = T is reachable */
    assert_true(fabs(train_lsq_optimum(&D) - G.offset) <= 1e-12 * G.offset);
    train_data_clear(&D);
    train_data_clear(&G);
}

/* A small chunked Hessian budget (one direction at a time) changes nothing. */
static void test_hessian_blocking(void **state)
{
    (void)state;
    train_rng g;
    train_rng_seed(&g, 13);
    train_data D;
    random_data(&D, 3, TRAIN_CHUNK + 5, &g);
    train_arch a = {3, 2, 2, 1, 1};
    train_net net;
    train_net_init(&net, &a);
    train_net_draw(&net, TRAIN_INIT_XAVIER, &g);
    size_t N = train_arch_nparams(&a);
    double *H1 = malloc(sizeof(double) * N * N), *H2 = malloc(sizeof(double) * N * N);
    assert_int_equal(train_hessian(H1, &net, &D, 0), 0);
    assert_int_equal(train_hessian(H2, &net, &D, 1), 0);
    for (size_t p = 0; p < N * N; p++)
        assert_true(fabs(H1[p] - H2[p]) <= 1e-13 * fmax(1, fabs(H1[p])));
    free(H1);
    free(H2);
    train_net_clear(&net);
    train_data_clear(&D);
}

/* Theorem 2.2 (n = 2) at w = 0, from the network itself: the only nonzero
 * entries pair w^{r,2}_{i1,j1} with w^{r,1}_{i2,j2} of the same unit, and
 * equal M[i1][j2] when j1 = i2 (eq. 23), M = (1/m)(X - Y)X^T. Its
 * eigenvalues are +-sigma(M): cond(H) = cond(M), index 1/2. */
static void test_zero_point_two_shortcut(void **state)
{
    (void)state;
    train_rng g;
    train_rng_seed(&g, 14);
    int d = 3, R = 3;
    train_data D;
    random_data(&D, d, 40, &g);
    train_arch a = {d, R, 2, 1, 0};
    train_net net;
    train_net_init(&net, &a);
    train_net_draw(&net, TRAIN_INIT_ZERO, &g);
    size_t N = train_arch_nparams(&a);
    double *H = malloc(sizeof(double) * N * N), M[9];
    assert_int_equal(train_hessian(H, &net, &D, 0), 0);
    train_zero_point_M(M, &D);
    for (size_t p = 0; p < N; p++)
        for (size_t q = 0; q < N; q++) {
            int rp = (int)(p / (2 * d * d)), lp = (int)(p / (d * d) % 2), jp = (int)(p / d % d),
                ip = (int)(p % d);
            int rq = (int)(q / (2 * d * d)), lq = (int)(q / (d * d) % 2), jq = (int)(q / d % d),
                iq = (int)(q % d);
            double expect = 0;
            if (rp == rq && lp == 1 && lq == 0 && jp == iq)
                expect = M[jq * d + ip]; /* M[i1][j2], column-major */
            if (rp == rq && lp == 0 && lq == 1 && jq == ip)
                expect = M[jp * d + iq];
            assert_true(fabs(H[q * N + p] - expect) <= 1e-13);
        }
    train_spectrum s;
    assert_int_equal(train_spectrum_compute(&s, H, (int)N, NULL), 0);
    assert_true(fabs(s.cond_true - train_cond2(M, d)) <= 1e-12 * s.cond_true);
    assert_true(s.index == 0.5);
    free(H);
    train_net_clear(&net);
    train_data_clear(&D);
}

/* Theorem 2.1: for n = 3 the Hessian at zero is the zero matrix; and eq.
 * (28): for n = 1 the diagonal block of a unit is Sigma^XX on equal rows. */
static void test_zero_point_n3_and_n1(void **state)
{
    (void)state;
    train_rng g;
    train_rng_seed(&g, 15);
    int d = 2;
    train_data D;
    random_data(&D, d, 30, &g);
    train_arch a3 = {d, 2, 3, 1, 0}, a1 = {d, 3, 1, 1, 0};
    train_net net;
    train_net_init(&net, &a3);
    size_t N = train_arch_nparams(&a3);
    double *H = malloc(sizeof(double) * N * N);
    assert_int_equal(train_hessian(H, &net, &D, 0), 0);
    for (size_t p = 0; p < N * N; p++)
        assert_true(H[p] == 0);
    free(H);
    train_net_clear(&net);

    train_net_init(&net, &a1);
    N = train_arch_nparams(&a1);
    H = malloc(sizeof(double) * N * N);
    assert_int_equal(train_hessian(H, &net, &D, 0), 0);
    for (int r = 0; r < a1.R; r++)
        for (int p = 0; p < d * d; p++)
            for (int q = 0; q < d * d; q++) {
                int j1 = p / d, i1 = p % d, j2 = q / d, i2 = q % d;
                double sxx = 0;
                for (int mu = 0; mu < D.m; mu++)
                    sxx += D.X[mu * d + j1] * D.X[mu * d + j2] / D.m;
                size_t row = (size_t)r * d * d + p, col = (size_t)r * d * d + q;
                assert_true(fabs(H[col * N + row] - (i1 == i2 ? sxx : 0)) <= 1e-13);
            }
    free(H);
    train_net_clear(&net);
    train_data_clear(&D);
}

static void test_spectrum_statistics(void **state)
{
    (void)state;
    /* NumPy's default percentile: position q(n-1), linear interpolation */
    double a[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    assert_true(fabs(train_quantile_sorted(a, 11, 0.1) - 2.0) < 1e-15);
    assert_true(fabs(train_quantile_sorted(a, 10, 0.1) - 1.9) < 1e-15);
    assert_true(train_quantile_sorted(a, 11, 1.0) == 11);
    /* diag(-4, -1, 2, 3, 0.5) through dsyevd */
    int N = 5;
    double diag[] = {-4, -1, 2, 3, 0.5}, H[25] = {0};
    for (int i = 0; i < N; i++)
        H[i * N + i] = diag[i];
    train_spectrum s;
    double eig[5];
    assert_int_equal(train_spectrum_compute(&s, H, N, eig), 0);
    assert_true(fabs(eig[0] + 4) < 1e-15 && fabs(eig[4] - 3) < 1e-15);
    assert_true(fabs(s.abs_max - 4) < 1e-15 && fabs(s.abs_min - 0.5) < 1e-15);
    assert_true(fabs(s.cond_true - 8) < 1e-14);
    /* |lambda| sorted 0.5 1 2 3 4: 10th percentile 0.5 + 0.4 * 0.5 = 0.7 */
    assert_true(fabs(s.abs_p10 - 0.7) < 1e-15);
    assert_true(fabs(s.cond_paper - 4 / 0.7) < 1e-14);
    assert_true(fabs(s.index - 0.4) < 1e-15);
}

/* A Householder-rotated diagonal at the size where one thread switches to the
 * two-stage reduction: the spectrum is known exactly. */
static void test_spectrum_two_stage(void **state)
{
    (void)state;
    int N = TRAIN_EIG_TWO_STAGE_MIN_N;
    assert_true(train_spectrum_two_stage(N) && !train_spectrum_two_stage(N - 1));
    assert_string_equal(train_spectrum_method(N), "dsyevd_2stage");
    double *H = malloc(sizeof(double) * (size_t)N * N), *v = malloc(sizeof(double) * N),
           *eig = malloc(sizeof(double) * N);
    train_rng g;
    train_rng_seed(&g, 7);
    double vv = 0;
    for (int i = 0; i < N; i++) {
        v[i] = train_rng_normal(&g);
        vv += v[i] * v[i];
    }
    /* H = Q D Q with Q = I - 2 v v^T / v^T v, D = diag(lambda), lambda_i = i - N/3 + 1/2:
     * H = D - (2/vv)(v u^T + u v^T) + (4 vDv / vv^2) v v^T with u = D v */
    double vDv = 0;
    for (int i = 0; i < N; i++)
        vDv += (i - N / 3 + 0.5) * v[i] * v[i];
    for (int j = 0; j < N; j++)
        for (int i = 0; i < N; i++) {
            double ui = (i - N / 3 + 0.5) * v[i], uj = (j - N / 3 + 0.5) * v[j];
            H[i + (size_t)j * N] = (i == j ? i - N / 3 + 0.5 : 0) - 2 / vv * (v[i] * uj + ui * v[j]) +
                                   4 * vDv / (vv * vv) * v[i] * v[j];
        }
    train_spectrum s;
    assert_int_equal(train_spectrum_compute(&s, H, N, eig), 0);
    double err = 0;
    for (int i = 0; i < N; i++)
        err = fmax(err, fabs(eig[i] - (i - N / 3 + 0.5)));
    assert_true(err < 1e-9);
    assert_true(fabs(s.index - (double)(N / 3) / N) < 1e-15);
    free(H);
    free(v);
    free(eig);
}

static void test_rng_and_inits(void **state)
{
    (void)state;
    train_rng g1, g2;
    train_rng_seed(&g1, 99);
    train_rng_seed(&g2, 99);
    for (int i = 0; i < 1000; i++)
        assert_true(train_rng_next(&g1) == train_rng_next(&g2));
    assert_true(train_seed_derive(1, 2) != train_seed_derive(2, 1));
    /* N(0,1): mean and variance of 2e5 draws within 5 standard errors */
    int n = 200000;
    double s = 0, ss = 0;
    for (int i = 0; i < n; i++) {
        double x = train_rng_normal(&g1);
        s += x;
        ss += x * x;
    }
    assert_true(fabs(s / n) < 5 / sqrt(n));
    assert_true(fabs(ss / n - 1) < 5 * sqrt(2.0 / n));
    /* orthogonal draws: W^T W = I */
    train_arch a = {6, 3, 1, 0, 0};
    train_net net;
    train_net_init(&net, &a);
    train_net_draw(&net, TRAIN_INIT_ORTHOGONAL, &g1);
    for (int r = 0; r < 3; r++) {
        const double *W = train_net_W(&net, r, 0);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++) {
                double dot = 0;
                for (int k = 0; k < 6; k++)
                    dot += W[i * 6 + k] * W[j * 6 + k];
                assert_true(fabs(dot - (i == j)) < 1e-14);
            }
    }
    /* near-zero draws are Xavier draws times the constant of Section 4.1 */
    train_rng_seed(&g1, 5);
    train_rng_seed(&g2, 5);
    train_net other;
    train_net_init(&other, &a);
    train_net_draw(&net, TRAIN_INIT_XAVIER, &g1);
    train_net_draw(&other, TRAIN_INIT_NEAR_ZERO, &g2);
    for (size_t p = 0; p < train_arch_nparams(&a); p++)
        assert_true(fabs(other.w[p] - TRAIN_NEAR_ZERO_SCALE * net.w[p]) <= 1e-16 * fabs(net.w[p]));
    train_net_clear(&net);
    train_net_clear(&other);
}

/* ---- IDX files written here: images with 4 x 5 pixels ---- */
static void put_be32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void write_idx(const char *path, int gz, unsigned magic, int count, int rows, int cols,
                      const unsigned char *body, size_t len)
{
    unsigned char h[16];
    put_be32(h, magic);
    put_be32(h + 4, (unsigned)count);
    put_be32(h + 8, (unsigned)rows);
    put_be32(h + 12, (unsigned)cols);
    size_t hl = magic == 0x803 ? 16 : 8;
    if (gz) {
        gzFile f = gzopen(path, "wb");
        gzwrite(f, h, (unsigned)hl);
        gzwrite(f, body, (unsigned)len);
        gzclose(f);
    } else {
        FILE *f = fopen(path, "wb");
        fwrite(h, 1, hl, f);
        fwrite(body, 1, len, f);
        fclose(f);
    }
}

static void write_set(const char *dir, const char *prefix, int gz, int count, train_rng *g)
{
    int p = 20;
    unsigned char *px = malloc((size_t)count * p), *lab = malloc((size_t)count);
    for (int i = 0; i < count; i++) {
        lab[i] = (unsigned char)(i % 10);
        for (int k = 0; k < p; k++)
            px[i * p + k] = (unsigned char)(train_rng_next(g) % 256);
    }
    char path[512];
    snprintf(path, sizeof path, "%s/%s-images-idx3-ubyte%s", dir, prefix, gz ? ".gz" : "");
    write_idx(path, gz, 0x803, count, 4, 5, px, (size_t)count * p);
    snprintf(path, sizeof path, "%s/%s-labels-idx1-ubyte%s", dir, prefix, gz ? ".gz" : "");
    write_idx(path, gz, 0x801, count, 0, 0, lab, (size_t)count);
    free(px);
    free(lab);
}

static void test_idx_and_whitening(void **state)
{
    (void)state;
    char dir[] = "/tmp/t-train-idx.XXXXXX", err[1024], path[600];
    assert_non_null(mkdtemp(dir));
    train_rng g;
    train_rng_seed(&g, 16);
    write_set(dir, "train", 1, 300, &g);
    write_set(dir, "t10k", 0, 50, &g);
    train_idx_set s;
    assert_int_equal(train_idx_load_dir(&s, dir, 0, err, sizeof err), 0);
    assert_int_equal(s.count, 300);
    assert_int_equal(s.rows * s.cols, 20);
    assert_int_equal(s.labels[13], 3);
    train_idx_clear(&s);
    assert_int_equal(train_idx_load_dir(&s, dir, 120, err, sizeof err), 0);
    assert_int_equal(s.count, 120);
    train_data D;
    assert_int_equal(train_pca_whiten(&D, &s, 10, err, sizeof err), 0);
    /* whitened: (1/m) X X^T = I; one-hot labels */
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 10; j++) {
            double c = 0;
            for (int mu = 0; mu < D.m; mu++)
                c += D.X[mu * 10 + i] * D.X[mu * 10 + j] / D.m;
            assert_true(fabs(c - (i == j)) < 1e-10);
        }
    for (int mu = 0; mu < D.m; mu++)
        for (int i = 0; i < 10; i++)
            assert_true(D.Y[mu * 10 + i] == (i == s.labels[mu]));
    train_data_clear(&D);
    train_idx_clear(&s);
    /* a bad magic number names the file */
    snprintf(path, sizeof path, "%s/t10k-labels-idx1-ubyte", dir);
    write_idx(path, 0, 0x802, 50, 0, 0, (const unsigned char *)"x", 1);
    assert_int_equal(train_idx_load_dir(&s, dir, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "t10k-labels-idx1-ubyte: bad magic"));
    /* a missing file is named */
    unlink(path);
    assert_int_equal(train_idx_load_dir(&s, dir, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "t10k-labels-idx1-ubyte(.gz): missing"));
    /* a truncated file is named */
    write_set(dir, "t10k", 0, 50, &g);
    snprintf(path, sizeof path, "%s/train-images-idx3-ubyte.gz", dir);
    write_idx(path, 1, 0x803, 300, 4, 5, (const unsigned char *)"abc", 3);
    assert_int_equal(train_idx_load_dir(&s, dir, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "train-images-idx3-ubyte.gz: truncated"));
    const char *names[] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* LAPACKE_dgels against the normal equations (X X^T) W^T = X Y^T, solved by
 * Cholesky here, evaluated with the loss of a one-matrix network. */
static void test_lsq_optimum(void **state)
{
    (void)state;
    train_rng g;
    train_rng_seed(&g, 17);
    int d = 3, m = 50;
    train_data D;
    random_data(&D, d, m, &g);
    double A[9] = {0}, B[9] = {0};
    for (int mu = 0; mu < m; mu++)
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                A[j * d + i] += D.X[mu * d + i] * D.X[mu * d + j];
                B[j * d + i] += D.X[mu * d + i] * D.Y[mu * d + j]; /* (X Y^T)[i][j] */
            }
    /* Gaussian elimination on A W^T = B, column by column */
    for (int k = 0; k < d; k++)
        for (int i = k + 1; i < d; i++) {
            double f = A[k * d + i] / A[k * d + k];
            for (int j = k; j < d; j++)
                A[j * d + i] -= f * A[j * d + k];
            for (int j = 0; j < d; j++)
                B[j * d + i] -= f * B[j * d + k];
        }
    double Wt[9];
    for (int j = 0; j < d; j++)
        for (int i = d - 1; i >= 0; i--) {
            double s = B[j * d + i];
            for (int k = i + 1; k < d; k++)
                s -= A[k * d + i] * Wt[j * d + k];
            Wt[j * d + i] = s / A[i * d + i];
        }
    train_arch a = {d, 1, 1, 0, 0};
    train_net net;
    train_net_init(&net, &a);
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++)
            net.w[j * d + i] = Wt[i * d + j]; /* W = (W^T)^T */
    double L = loss_at(&net, &D), Lstar = train_lsq_optimum(&D);
    assert_true(fabs(L - Lstar) <= 1e-13 * Lstar);
    /* gradient descent on the convex one-matrix problem reaches it */
    train_net_draw(&net, TRAIN_INIT_XAVIER, &g);
    train_gd_result res;
    train_gd(&res, &net, &D, 0.5, 2000, NULL, NULL);
    assert_false(res.diverged);
    assert_int_equal(res.epochs_run, 2000);
    assert_true(fabs(res.final_loss - Lstar) <= 1e-12 * Lstar);
    /* far too large a step diverges and is reported */
    train_net_draw(&net, TRAIN_INIT_XAVIER, &g);
    train_gd(&res, &net, &D, 100.0, 2000, NULL, NULL);
    assert_true(res.diverged);
    assert_true(isinf(res.final_loss));
    train_net_clear(&net);
    train_data_clear(&D);
}

/* li18 Figures 5 and 6: the statistics of a run at a loss level, linearly
 * interpolated in the loss between the two Hessians that bracket the level's
 * first crossing; values chosen so that the exact answers are known. */
static void test_fig56_interpolation(void **state)
{
    (void)state;
    /* loss 5, 4, 3, 2, 1; |lambda|max = 2 loss (linear: exact), |lambda|(0.1) =
       loss^2 (interpolated linearly between samples, not loss^2) */
    double loss[] = {5, 4, 3, 2, 1}, amax[5], p10[5], idx[5], out[3];
    for (int i = 0; i < 5; i++) {
        amax[i] = 2 * loss[i];
        p10[i] = loss[i] * loss[i];
        idx[i] = 0.5 - 0.01 * i;
    }
    const double *q[3] = {amax, p10, idx};
    assert_int_equal(train_fig56_at_level(out, loss, q, 3, 5, 2.5), 2);
    assert_true(fabs(out[0] - 5.0) < 1e-15);
    assert_true(fabs(out[1] - 6.5) < 1e-15); /* (9 + 4)/2, not 2.5^2 = 6.25 */
    assert_true(fabs(out[2] - 0.475) < 1e-15);
    /* at a sample: its own values */
    assert_int_equal(train_fig56_at_level(out, loss, q, 3, 5, 4), 0);
    assert_true(out[0] == 8 && out[1] == 16);
    /* never reached */
    assert_int_equal(train_fig56_at_level(out, loss, q, 3, 5, 0.5), -1);
    assert_int_equal(train_fig56_at_level(out, loss, q, 3, 5, 6), -1);
    /* the first crossing of a loss that goes back up: 5 -> 3 -> 4 -> 2 at 3.5
       is between the first two (s = 3/4), not between 4 and 2 */
    double l2[] = {5, 3, 4, 2}, a2[] = {10, 6, 8, 4};
    const double *q2[1] = {a2};
    assert_int_equal(train_fig56_at_level(out, l2, q2, 1, 4, 3.5), 0);
    assert_true(fabs(out[0] - 7.0) < 1e-15);
    /* the statistics are averaged, and their means' ratio differs from the
       mean of the ratios: runs with |lambda|max 10, 10 and |lambda|(0.1) 1, 100 */
    double m1 = (10.0 + 10.0) / 2, m2 = (1.0 + 100.0) / 2;
    assert_true(fabs(m1 / m2 - 0.19801980198019803) < 1e-15);
    assert_true(fabs((10.0 / 1 + 10.0 / 100) / 2 - 5.05) < 1e-15);
}

/* The coverage report: a run whose loss jumps in one step from excess 3.89 to
 * 0.1 has no data at the levels in between, however they are interpolated. */
static void test_fig56_coverage_jump(void **state)
{
    (void)state;
    double lstar = 0.2, loss[] = {5, 4.5, 4.09, 0.30, 0.27, 0.25}, amax[6], out[1];
    for (int i = 0; i < 6; i++)
        amax[i] = loss[i];
    const double *q[1] = {amax};
    /* excess 1 (loss 1.2) lies in the jump 3.89 -> 0.1: interpolated, but no data */
    assert_int_equal(train_fig56_at_level(out, loss, q, 1, 6, 1.2), 2);
    assert_int_equal(train_fig56_has_data(loss, 6, 1.2, lstar, 1.25), 0);
    /* every level of the jump more than 1.25x from both sides (3.89/1.25 =
       3.112 down to 0.1 * 1.25 = 0.125), on a log grid of 20 from 3.1 to 0.126 */
    for (int g = 0; g < 20; g++) {
        double level = lstar + exp(log(3.1) + (log(0.126) - log(3.1)) * g / 19.0);
        assert_int_equal(train_fig56_has_data(loss, 6, level, lstar, 1.25), 0);
    }
    /* near either side of the jump: data (3.2 is within 1.25x of 3.89, 0.12 of 0.1) */
    assert_int_equal(train_fig56_has_data(loss, 6, lstar + 3.2, lstar, 1.25), 1);
    assert_int_equal(train_fig56_has_data(loss, 6, lstar + 0.12, lstar, 1.25), 1);
    /* excess 4.5 lies between 4.8 and 4.3: data */
    assert_int_equal(train_fig56_has_data(loss, 6, 4.7, lstar, 1.25), 1);
    /* at a Hessian's own loss: data, even next to the jump */
    assert_int_equal(train_fig56_has_data(loss, 6, 0.30, lstar, 1.25), 1);
    assert_int_equal(train_fig56_has_data(loss, 6, 4.09, lstar, 1.25), 1);
    /* excess 0.6 in the jump: 6.5x below 3.89 and 6x above 0.1: none at factor 5, data at 7 */
    assert_int_equal(train_fig56_has_data(loss, 6, lstar + 0.6, lstar, 5), 0);
    assert_int_equal(train_fig56_has_data(loss, 6, lstar + 0.6, lstar, 7), 1);
    /* never reached: none */
    assert_int_equal(train_fig56_has_data(loss, 6, 0.21, lstar, 1.25), 0);
}

int main(void)
{
    train_set_threads(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradient_and_hessian_vs_differences),
        cmocka_unit_test(test_gram_form_equals_samples),
        cmocka_unit_test(test_hessian_blocking),
        cmocka_unit_test(test_zero_point_two_shortcut),
        cmocka_unit_test(test_zero_point_n3_and_n1),
        cmocka_unit_test(test_spectrum_statistics),
        cmocka_unit_test(test_spectrum_two_stage),
        cmocka_unit_test(test_rng_and_inits),
        cmocka_unit_test(test_idx_and_whitening),
        cmocka_unit_test(test_lsq_optimum),
        cmocka_unit_test(test_fig56_interpolation),
        cmocka_unit_test(test_fig56_coverage_jump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
