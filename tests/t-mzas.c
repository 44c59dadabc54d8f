/* wu19.mzas: the float path's network (src/train/mzas.c) against the exact
 * gradients over Q (src/claims/wu19_mzas.c) on small instances whose
 * entries are dyadic (k/8), so the float and the exact network see the same
 * numbers: at mZAS (inner gradients exactly 0 in float too, W's gradient the
 * exact one and bit-identical across L) and at a generic point (every
 * gradient within 1e-12 relative of the exact one), with and without
 * checkpointing (the same bits); divergence reported as a step, not NaN. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/train_mzas.h"
#include "rescheck/wu19_mzas.h"

typedef struct {
    mzas_arch a;
    int n, Lmax;
    double *w, *X, *Y; /* w at the generic point; X d x n; Y C x n */
    rc_mzas_net m;
} inst;

static int draw(train_rng *g)
{
    return (int)(train_rng_next(g) % 17) - 8;
}

/* a double and a rational with the same value k/8 */
static void set_both(double *x, fmpq *q, int k)
{
    *x = k / 8.0;
    fmpq_set_si(q, k, 8);
}

static void make(inst *I, int d, int D, int H, int C, int n, int L, mzas_loss loss, uint64_t seed)
{
    train_rng g;
    train_rng_seed(&g, seed);
    I->a = (mzas_arch){.d = d, .D = D, .H = H, .C = C, .L = L, .loss = loss};
    I->n = n;
    I->Lmax = L;
    I->w = calloc(mzas_nparams(&I->a), sizeof(double));
    I->X = calloc((size_t)d * n, sizeof(double));
    I->Y = calloc((size_t)C * n, sizeof(double));
    rc_mzas_net *m = &I->m;
    memset(m, 0, sizeof *m);
    m->d = d, m->D = D, m->H = H, m->C = C, m->n = n, m->Lmax = L, m->xent = loss == MZAS_LOSS_XENT;
    fmpq_mat_init(m->X, d, n);
    fmpq_mat_init(m->Y, C, n);
    fmpq_mat_init(m->V0, D, d);
    fmpq_mat_init(m->W, C, D);
    m->V = malloc(sizeof(fmpq_mat_t) * L);
    m->U = malloc(sizeof(fmpq_mat_t) * L);
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < d; i++)
            set_both(I->X + (size_t)j * d + i, fmpq_mat_entry(m->X, i, j), draw(&g));
        int y = (int)(train_rng_next(&g) % C);
        I->Y[(size_t)j * C + y] = 1;
        fmpq_one(fmpq_mat_entry(m->Y, y, j));
    }
    /* column-major float blocks, row/column exact entries */
    for (int c = 0; c < d; c++)
        for (int r = 0; r < D; r++)
            set_both(I->w + (size_t)c * D + r, fmpq_mat_entry(m->V0, r, c), draw(&g));
    for (int l = 1; l <= L; l++) {
        fmpq_mat_init(m->V[l - 1], H, D);
        fmpq_mat_init(m->U[l - 1], D, H);
        double *V = I->w + mzas_off_V(&I->a, l), *U = I->w + mzas_off_U(&I->a, l);
        for (int c = 0; c < D; c++)
            for (int r = 0; r < H; r++)
                set_both(V + (size_t)c * H + r, fmpq_mat_entry(m->V[l - 1], r, c), draw(&g));
        for (int c = 0; c < H; c++)
            for (int r = 0; r < D; r++)
                set_both(U + (size_t)c * D + r, fmpq_mat_entry(m->U[l - 1], r, c), draw(&g));
    }
    double *W = I->w + mzas_off_W(&I->a);
    for (int c = 0; c < D; c++)
        for (int r = 0; r < C; r++)
            set_both(W + (size_t)c * C + r, fmpq_mat_entry(m->W, r, c), draw(&g));
}

static void unmake(inst *I)
{
    rc_mzas_net_clear(&I->m);
    free(I->w);
    free(I->X);
    free(I->Y);
}

/* the L-layer float parameters from I's (first L layers; U, W zeroed at mZAS) */
static double *params(const inst *I, mzas_arch *a, int L, int mzas)
{
    *a = I->a;
    a->L = L;
    double *w = calloc(mzas_nparams(a), sizeof(double));
    memcpy(w, I->w, sizeof(double) * mzas_off_V(a, 1));
    for (int l = 1; l <= L; l++) {
        memcpy(w + mzas_off_V(a, l), I->w + mzas_off_V(&I->a, l), sizeof(double) * a->D * a->H);
        if (!mzas)
            memcpy(w + mzas_off_U(a, l), I->w + mzas_off_U(&I->a, l), sizeof(double) * a->D * a->H);
    }
    if (!mzas)
        memcpy(w + mzas_off_W(a), I->w + mzas_off_W(&I->a), sizeof(double) * a->C * a->D);
    return w;
}

/* max |float - exact| over a block (float column-major r x c) and max |exact| */
static void cmp_block(double *err, double *scale, const double *f, const fmpq_mat_t E)
{
    slong r = fmpq_mat_nrows(E), c = fmpq_mat_ncols(E);
    for (slong j = 0; j < c; j++)
        for (slong i = 0; i < r; i++) {
            double e = fmpq_get_d(fmpq_mat_entry(E, i, j));
            *err = fmax(*err, fabs(f[j * r + i] - e));
            *scale = fmax(*scale, fabs(e));
        }
}

static double float_grads(double *grad, const double *w, const mzas_arch *a, const inst *I, size_t act)
{
    mzas_ws ws;
    assert_int_equal(mzas_ws_init(&ws, a, I->n, act), 0);
    double loss = mzas_loss_grad(w, I->X, I->Y, &ws, grad);
    mzas_ws_clear(&ws);
    return loss;
}

static void check_instance(int d, int D, int H, int C, int n, int L, mzas_loss loss, uint64_t seed)
{
    inst I;
    make(&I, d, D, H, C, n, L, loss, seed);
    double *dW0 = NULL;
    int depths[] = {0, 1, L / 2, L};
    for (int t = 0; t < 4; t++) {
        int Lt = depths[t];
        for (int mzas = 1; mzas >= 0; mzas--) {
            if (!mzas && loss == MZAS_LOSS_XENT)
                continue; /* softmax of F != 0 is irrational: no exact reference */
            mzas_arch a;
            double *w = params(&I, &a, Lt, mzas);
            size_t N = mzas_nparams(&a);
            double *g1 = malloc(sizeof(double) * N), *g2 = malloc(sizeof(double) * N);
            float_grads(g1, w, &a, &I, 0);
            /* one layer per segment: every segment but the last recomputed */
            float_grads(g2, w, &a, &I, 1);
            assert_memory_equal(g1, g2, sizeof(double) * N);
            rc_mzas_grads G;
            rc_mzas_grads_init(&G, &I.m, Lt);
            assert_int_equal(rc_mzas_compute(&G, &I.m, Lt, mzas), 0);
            double err = 0, scale = 0;
            cmp_block(&err, &scale, g1, G.dV0);
            for (int l = 1; l <= Lt; l++) {
                cmp_block(&err, &scale, g1 + mzas_off_V(&a, l), G.dV[l - 1]);
                cmp_block(&err, &scale, g1 + mzas_off_U(&a, l), G.dU[l - 1]);
            }
            if (mzas) {
                /* exact: the inner gradients are 0; float: exactly 0 as well */
                assert_int_equal(rc_mzas_nonzero_inner(&G), 0);
                for (size_t i = 0; i < mzas_off_W(&a); i++)
                    assert_true(g1[i] == 0.0);
                if (!dW0) {
                    dW0 = malloc(sizeof(double) * a.C * a.D);
                    memcpy(dW0, g1 + mzas_off_W(&a), sizeof(double) * a.C * a.D);
                } else {
                    assert_memory_equal(dW0, g1 + mzas_off_W(&a), sizeof(double) * a.C * a.D);
                }
            } else if (Lt > 0) {
                /* the naive statement fails here: inner gradients are not 0 */
                assert_true(rc_mzas_nonzero_inner(&G) > 0);
                assert_true(scale > 0);
            }
            cmp_block(&err, &scale, g1 + mzas_off_W(&a), G.dW);
            assert_true(scale > 0);
            assert_true(err <= 1e-12 * scale);
            rc_mzas_grads_clear(&G);
            free(g1);
            free(g2);
            free(w);
        }
    }
    free(dW0);
    unmake(&I);
}

static void test_squared(void **state)
{
    (void)state;
    check_instance(5, 3, 4, 3, 7, 6, MZAS_LOSS_SQUARED, 11);
    check_instance(3, 4, 2, 2, 5, 5, MZAS_LOSS_SQUARED, 12);
}

static void test_xent(void **state)
{
    (void)state;
    check_instance(4, 3, 3, 4, 6, 4, MZAS_LOSS_XENT, 13);
}

/* a rate far too large: the run stops with "diverged at step k", no NaN */
static void test_divergence(void **state)
{
    (void)state;
    inst I;
    make(&I, 4, 3, 3, 3, 6, 3, MZAS_LOSS_SQUARED, 14);
    mzas_ws ws;
    assert_int_equal(mzas_ws_init(&ws, &I.a, I.n, 0), 0);
    mzas_gd_result r;
    mzas_gd(&r, I.w, I.X, I.Y, &ws, 1e3, 200, NULL, NULL);
    assert_true(r.diverged);
    assert_true(r.diverged_step >= 1 && r.diverged_step <= 200);
    assert_true(isfinite(r.final_loss));
    mzas_ws_clear(&ws);
    unmake(&I);
}

/* single precision: the same gradients to float accuracy, with and without chunks */
static void test_single(void **state)
{
    (void)state;
    inst I;
    make(&I, 5, 4, 3, 3, 9, 4, MZAS_LOSS_SQUARED, 15);
    size_t N = mzas_nparams(&I.a);
    double *g = malloc(sizeof(double) * N);
    float *wf = malloc(sizeof(float) * N), *gf = malloc(sizeof(float) * N), *gf2 = malloc(sizeof(float) * N);
    float *Xf = malloc(sizeof(float) * 5 * 9), *Yf = malloc(sizeof(float) * 3 * 9);
    for (size_t i = 0; i < N; i++)
        wf[i] = (float)I.w[i];
    for (int i = 0; i < 5 * 9; i++)
        Xf[i] = (float)I.X[i];
    for (int i = 0; i < 3 * 9; i++)
        Yf[i] = (float)I.Y[i];
    double L = float_grads(g, I.w, &I.a, &I, 0);
    mzas_ws_s ws;
    assert_int_equal(mzas_ws_init_chunk_s(&ws, &I.a, 9, 0, 0), 0);
    double Lf = mzas_loss_grad_s(wf, Xf, Yf, &ws, gf);
    mzas_ws_clear_s(&ws);
    assert_int_equal(mzas_ws_init_chunk_s(&ws, &I.a, 9, 1, 2), 0); /* chunks of 2, one layer per segment */
    assert_true(ws.S == 1 && ws.cw == 2);
    mzas_loss_grad_s(wf, Xf, Yf, &ws, gf2);
    mzas_ws_clear_s(&ws);
    double err = 0, err2 = 0, scale = 0;
    for (size_t i = 0; i < N; i++) {
        err = fmax(err, fabs(gf[i] - g[i]));
        err2 = fmax(err2, fabs(gf2[i] - g[i]));
        scale = fmax(scale, fabs(g[i]));
    }
    assert_true(scale > 0);
    assert_true(err <= 1e-4 * scale && err2 <= 1e-4 * scale);
    assert_true(fabs(Lf - L) <= 1e-4 * fabs(L));
    free(g);
    free(wf);
    free(gf);
    free(gf2);
    free(Xf);
    free(Yf);
    unmake(&I);
}

/* the chunks shared among T threads: the same loss and gradient as on one
 * (to rounding: the sum runs in another order), the same bits on every run
 * with the same T, also when T exceeds the chunks and for the loss alone (a
 * thread that ran another's chunks too would show as a multiple) */
static double threaded(double *g, const inst *I, int T, int chunk)
{
    mzas_ws ws;
    assert_int_equal(mzas_ws_init_chunk(&ws, &I->a, I->n, 0, chunk), 0);
    assert_int_equal(mzas_ws_threads(&ws, T), 0);
    double loss = mzas_loss_grad(I->w, I->X, I->Y, &ws, g);
    assert_true(mzas_loss_grad(I->w, I->X, I->Y, &ws, NULL) == loss);
    mzas_ws_clear(&ws);
    return loss;
}

static void test_threads(void **state)
{
    (void)state;
    inst I;
    make(&I, 5, 4, 3, 3, 11, 4, MZAS_LOSS_SQUARED, 16);
    size_t N = mzas_nparams(&I.a);
    double *g1 = malloc(sizeof(double) * N), *gT = malloc(sizeof(double) * N), *gT2 = malloc(sizeof(double) * N);
    double L1 = threaded(g1, &I, 1, 2), scale = 0;
    for (size_t i = 0; i < N; i++)
        scale = fmax(scale, fabs(g1[i]));
    assert_true(scale > 0);
    int Ts[] = {2, 3, 8}; /* 11 columns in chunks of 2: 6 chunks */
    for (int k = 0; k < 3; k++) {
        double LT = threaded(gT, &I, Ts[k], 2), LT2 = threaded(gT2, &I, Ts[k], 2), err = 0;
        for (size_t i = 0; i < N; i++)
            err = fmax(err, fabs(gT[i] - g1[i]));
        assert_true(err <= 1e-13 * scale);
        assert_true(fabs(LT - L1) <= 1e-13 * fabs(L1));
        assert_true(LT == LT2 && !memcmp(gT, gT2, sizeof(double) * N));
    }
    free(g1);
    free(gT);
    free(gT2);
    unmake(&I);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_squared),
        cmocka_unit_test(test_xent),
        cmocka_unit_test(test_divergence),
        cmocka_unit_test(test_single),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
