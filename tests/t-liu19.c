/* liu19.gd on the float path: the closed-form population loss and gradient
 * against a Monte Carlo estimate (a statistical test, below), the gradient
 * against central differences, the optima (loss 0 and zero gradient at the
 * teacher, zero gradient at Du et al.'s spurious point), and the GD map.
 *
 * The Monte Carlo test: for each of NCASES points, n = MC_N samples of Z give
 * the sample mean m and standard deviation s of the per-sample loss and of
 * each per-sample gradient coordinate (the per-sample gradient is unbiased:
 * the ReLU's kink has probability 0). Each closed-form value must be within
 * MC_Z s/sqrt(n) of m. With a fresh seed, by the central limit theorem each
 * comparison fails with probability about 2 Phi(-MC_Z) = 5.7e-7 (MC_Z = 5),
 * and the NCASES (1 + p + k) <= 60 comparisons fail together with probability
 * at most 3.5e-5 (union bound); the seed is fixed, so the test is
 * deterministic. Its power: the same estimates must reject a loss that drops
 * the cross-patch terms kappa ((1^T a)^2 + ...) of the closed form.
 * The Arb enclosure (src/claims/liu19_arb.c) from the same rational start
 * contains the float trajectory at every step up to float rounding, with and
 * without the shortcut, through a large step that ends in R2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

#include "rescheck/liu19.h"
#include "rescheck/liu19_arb.h"
#include "rescheck/train.h"

#define MC_N 200000
#define MC_Z 5.0

typedef struct {
    int p, k, shortcut;
    double ws[8], as[8], w[8], a[8];
} tcase;

static void make_case(tcase *c, int p, int k, int shortcut, uint64_t seed)
{
    train_rng g;
    train_rng_seed(&g, seed);
    c->p = p;
    c->k = k;
    c->shortcut = shortcut;
    for (int i = 0; i < p; i++) {
        c->ws[i] = 0.7 * train_rng_normal(&g);
        c->w[i] = 0.7 * train_rng_normal(&g);
    }
    for (int j = 0; j < k; j++) {
        c->as[j] = train_rng_normal(&g);
        c->a[j] = train_rng_normal(&g);
    }
}

static liu19_problem prob(const tcase *c)
{
    return (liu19_problem){.p = c->p, .k = c->k, .shortcut = c->shortcut, .ws = c->ws, .as = c->as,
                           .eta_w = 0.5, .eta_a = 0.25};
}

#define NCASES 4
static const int case_pk[NCASES][3] = {{3, 2, 1}, {5, 4, 1}, {4, 3, 0}, {2, 6, 0}};

static void test_monte_carlo(void **state)
{
    (void)state;
    int rejected_wrong = 0;
    for (int t = 0; t < NCASES; t++) {
        tcase c;
        make_case(&c, case_pk[t][0], case_pk[t][1], case_pk[t][2], 100 + t);
        liu19_problem P = prob(&c);
        double gw[8], ga[8], mgw[8], mga[8], mloss, sd[1 + 16];
        double loss = liu19_loss(&P, c.w, c.a, gw, ga);
        liu19_monte_carlo(&P, c.w, c.a, MC_N, 7000 + t, &mloss, mgw, mga, sd);
        double se = MC_Z / sqrt((double)MC_N);
        if (fabs(loss - mloss) > se * sd[0])
            fail_msg("case %d: loss %.8g, Monte Carlo %.8g +- %.3g", t, loss, mloss, se * sd[0]);
        for (int i = 0; i < c.p; i++)
            if (fabs(gw[i] - mgw[i]) > se * sd[1 + i])
                fail_msg("case %d: grad_w[%d] %.8g, Monte Carlo %.8g +- %.3g", t, i, gw[i], mgw[i],
                         se * sd[1 + i]);
        for (int j = 0; j < c.k; j++)
            if (fabs(ga[j] - mga[j]) > se * sd[1 + c.p + j])
                fail_msg("case %d: grad_a[%d] %.8g, Monte Carlo %.8g +- %.3g", t, j, ga[j], mga[j],
                         se * sd[1 + c.p + j]);
        /* the power of the test: the loss without the cross-patch terms */
        double sa = 0, sas = 0;
        for (int j = 0; j < c.k; j++) {
            sa += c.a[j];
            sas += c.as[j];
        }
        double wrong = loss - 0.5 / (2 * M_PI) * (sa - sas) * (sa - sas);
        rejected_wrong += fabs(wrong - mloss) > se * sd[0];
        /* the spread of the estimate is what the tolerance says it is: the
           estimate is not exact, or the test would be vacuous */
        assert_true(sd[0] > 0);
    }
    /* (1^T a - 1^T a*)^2 is not small at these points */
    assert_int_equal(rejected_wrong, NCASES);
}

static void test_gradient_fd(void **state)
{
    (void)state;
    for (int t = 0; t < NCASES; t++) {
        tcase c;
        make_case(&c, case_pk[t][0], case_pk[t][1], case_pk[t][2], 200 + t);
        liu19_problem P = prob(&c);
        double gw[8], ga[8];
        liu19_loss(&P, c.w, c.a, gw, ga);
        double h = 1e-6;
        for (int i = 0; i < c.p + c.k; i++) {
            double *x = i < c.p ? c.w + i : c.a + (i - c.p), x0 = *x;
            *x = x0 + h;
            double lp = liu19_loss(&P, c.w, c.a, NULL, NULL);
            *x = x0 - h;
            double lm = liu19_loss(&P, c.w, c.a, NULL, NULL);
            *x = x0;
            double fd = (lp - lm) / (2 * h), an = i < c.p ? gw[i] : ga[i - c.p];
            if (fabs(fd - an) > 1e-7 * (1 + fabs(an)))
                fail_msg("case %d coordinate %d: gradient %.12g, central difference %.12g", t, i, an, fd);
        }
        /* the GD map is w - eta_w grad_w, a - eta_a grad_a */
        double w[8], a[8];
        memcpy(w, c.w, sizeof w);
        memcpy(a, c.a, sizeof a);
        liu19_step(&P, w, a);
        for (int i = 0; i < c.p; i++)
            assert_true(fabs(w[i] - (c.w[i] - P.eta_w * gw[i])) < 1e-15 * (1 + fabs(w[i])));
        for (int j = 0; j < c.k; j++)
            assert_true(fabs(a[j] - (c.a[j] - P.eta_a * ga[j])) < 1e-15 * (1 + fabs(a[j])));
    }
}

static void test_optima(void **state)
{
    (void)state;
    for (int t = 0; t < NCASES; t++) {
        tcase c;
        make_case(&c, case_pk[t][0], case_pk[t][1], case_pk[t][2], 300 + t);
        liu19_problem P = prob(&c);
        double gw[8], ga[8];
        /* the teacher: loss 0, gradient 0 */
        double l = liu19_loss(&P, c.ws, c.as, gw, ga);
        assert_true(fabs(l) < 1e-14);
        for (int i = 0; i < c.p; i++)
            assert_true(fabs(gw[i]) < 1e-14);
        for (int j = 0; j < c.k; j++)
            assert_true(fabs(ga[j]) < 1e-14);
        /* the spurious point: v = -v*, a = (11^T + (pi-1) I)^{-1}(11^T - I) a* */
        double w[8], a[8], e = c.shortcut ? 1 / sqrt((double)c.p) : 0;
        for (int i = 0; i < c.p; i++)
            w[i] = -(e + c.ws[i]) - e;
        liu19_spurious_a(&P, a);
        assert_true(fabs(liu19_angle(&P, w) - M_PI) < 1e-7);
        double ls = liu19_loss(&P, w, a, gw, ga);
        for (int j = 0; j < c.k; j++)
            assert_true(fabs(ga[j]) < 1e-12);
        for (int i = 0; i < c.p; i++)
            assert_true(fabs(gw[i]) < 1e-7);
        /* a local minimum above the global one */
        assert_true(ls > 1e-3);
        /* a point that is not stationary: the test above can fail */
        a[0] += 0.1;
        liu19_loss(&P, w, a, gw, ga);
        assert_true(fabs(ga[0]) > 1e-3);
    }
}

/* |float - ball midpoint| <= radius + a float tolerance */
static int contains(const arb_t x, double f, double tol)
{
    double m = arf_get_d(arb_midref(x), ARF_RND_NEAR), r = mag_get_d(arb_radref(x));
    return fabs(f - m) <= r + tol * (1 + fabs(f));
}

static void test_arb_contains_float(void **state)
{
    (void)state;
    /* the built-in instance of liu19.gd: p = 3, k = 4 */
    static const long wsn[3] = {1, -1, 1}, wsd[3] = {2, 2, 4};
    static const long asn[4] = {1, -1, 3, -1}, asd[4] = {2, 4, 4, 2};
    static const long a0n[4] = {-1, 0, -1, 1};
    int p = 3, k = 4;
    for (int shortcut = 0; shortcut <= 1; shortcut++) {
        fmpq *ws = _fmpq_vec_init(p), *as = _fmpq_vec_init(k), *w0 = _fmpq_vec_init(p),
             *a0 = _fmpq_vec_init(k);
        double wsf[3], asf[4], w[3], a[4];
        for (int i = 0; i < p; i++) {
            fmpq_set_si(ws + i, wsn[i], (ulong)wsd[i]);
            wsf[i] = (double)wsn[i] / wsd[i];
            fmpq_set_si(w0 + i, shortcut ? 0 : (i == 2 ? 1 : (i ? 2 : -2)), 3);
            w[i] = fmpq_get_d(w0 + i);
        }
        for (int j = 0; j < k; j++) {
            fmpq_set_si(as + j, asn[j], (ulong)asd[j]);
            asf[j] = (double)asn[j] / asd[j];
            fmpq_set_si(a0 + j, a0n[j], 4);
            a[j] = a0n[j] / 4.0;
        }
        fmpq_t ew, ea, bp;
        fmpq_init(ew);
        fmpq_init(ea);
        fmpq_init(bp);
        fmpq_set_si(ew, shortcut ? 100 : 1, 1);
        fmpq_set_si(ea, 1, 1);
        fmpq_set_si(bp, 1, 2);
        liu19_arb_problem P;
        liu19_arb_init(&P, p, k, shortcut, ws, as, ew, ea, bp, 1024);
        liu19_problem F = {.p = p, .k = k, .shortcut = shortcut, .ws = wsf, .as = asf,
                           .eta_w = shortcut ? 100 : 1, .eta_a = 1};
        arb_ptr wb = _arb_vec_init(p), ab = _arb_vec_init(k);
        for (int i = 0; i < p; i++)
            arb_set_fmpq(wb + i, w0 + i, 1024);
        for (int j = 0; j < k; j++)
            arb_set_fmpq(ab + j, a0 + j, 1024);
        arb_t phi, ad;
        arb_init(phi);
        arb_init(ad);
        int last = -1;
        /* float rounding grows along the trajectory: 1e-9 relative is far
           above it here and far below the steps' sizes */
        for (int t = 0; t <= 200; t++) {
            assert_int_equal(liu19_arb_state(phi, ad, &P, wb, ab), 0);
            double adf = 0;
            for (int j = 0; j < k; j++)
                adf += a[j] * asf[j];
            if (!contains(phi, liu19_angle(&F, w), 1e-9) || !contains(ad, adf, 1e-9))
                fail_msg("shortcut %d step %d: float phi %.17g, a.a* %.17g outside the balls", shortcut, t,
                         liu19_angle(&F, w), adf);
            for (int i = 0; i < p; i++)
                assert_true(contains(wb + i, w[i], 1e-9));
            for (int j = 0; j < k; j++)
                assert_true(contains(ab + j, a[j], 1e-9));
            /* the balls are narrow: containment is not vacuous */
            assert_true(mag_cmp_2exp_si(arb_radref(phi), -100) < 0);
            last = liu19_arb_basin(&P, phi, ad);
            assert_int_equal(liu19_arb_step(&P, wb, ab), 0);
            liu19_step(&F, w, a);
        }
        /* both runs of the built-in instance end in R2 */
        assert_int_equal(last, 2);
        arb_clear(phi);
        arb_clear(ad);
        _arb_vec_clear(wb, p);
        _arb_vec_clear(ab, k);
        liu19_arb_clear(&P);
        fmpq_clear(ew);
        fmpq_clear(ea);
        fmpq_clear(bp);
        _fmpq_vec_clear(ws, p);
        _fmpq_vec_clear(as, k);
        _fmpq_vec_clear(w0, p);
        _fmpq_vec_clear(a0, k);
    }
}

/* The invariant set of a trapped run (the witness of rule liu19.gd/1) holds
 * the float trajectory for 20000 steps past the witness's step. */
static void test_invariant_set_holds(void **state)
{
    (void)state;
    int p = 3, k = 4;
    static const long wsn[3] = {1, -1, 1}, wsd[3] = {2, 2, 4};
    static const long asn[4] = {1, -1, 3, -1}, asd[4] = {2, 4, 4, 2};
    fmpq *ws = _fmpq_vec_init(p), *as = _fmpq_vec_init(k), *w0 = _fmpq_vec_init(p), *a0 = _fmpq_vec_init(k);
    double wsf[3], asf[4], w[3] = {0, 0, 0}, a[4] = {-0.25, 0, -0.25, 0.25};
    for (int i = 0; i < p; i++) {
        fmpq_set_si(ws + i, wsn[i], (ulong)wsd[i]);
        wsf[i] = (double)wsn[i] / wsd[i];
    }
    for (int j = 0; j < k; j++) {
        fmpq_set_si(as + j, asn[j], (ulong)asd[j]);
        asf[j] = (double)asn[j] / asd[j];
        fmpq_set_si(a0 + j, (long)(a[j] * 4), 4);
    }
    fmpq_t ew, ea, bp, delta;
    fmpq_init(ew), fmpq_init(ea), fmpq_init(bp), fmpq_init(delta);
    fmpq_set_si(ew, 100, 1), fmpq_set_si(ea, 1, 1), fmpq_set_si(bp, 1, 2), fmpq_set_si(delta, 1, 20);
    liu19_arb_problem P;
    liu19_arb_init(&P, p, k, 1, ws, as, ew, ea, bp, 1024);
    liu19_arb_traj T;
    assert_int_equal(liu19_arb_run(&T, &P, w0, a0, 50, delta), 0);
    assert_true(T.inv_step >= 0);
    double wit[LIU19_NWIT];
    for (int q = 0; q < LIU19_NWIT; q++)
        wit[q] = fmpq_get_d(T.inv + q);
    liu19_problem F = {.p = p, .k = k, .shortcut = 1, .ws = wsf, .as = asf, .eta_w = 100, .eta_a = 1};
    double tol = 1e-9;
    for (long t = 0; t <= T.inv_step + 20000; t++) {
        if (t >= T.inv_step) {
            double A = 0, S = 0, u2 = 0, e = 1 / sqrt(3.0);
            for (int j = 0; j < k; j++)
                A += a[j] * asf[j], S += a[j];
            for (int i = 0; i < p; i++)
                u2 += (e + w[i]) * (e + w[i]);
            if (!(liu19_angle(&F, w) >= wit[LIU19_PHI1] - tol && u2 >= wit[LIU19_U2] * (1 - tol) &&
                  S >= wit[LIU19_S_LO] - tol && S <= wit[LIU19_S_HI] + tol && A <= -wit[LIU19_ALPHA] + tol &&
                  A >= -wit[LIU19_A_MAX] - tol))
                fail_msg("step %ld left the invariant set: phi %.9g, |u|^2 %.9g, S %.9g, A %.9g", t,
                         liu19_angle(&F, w), u2, S, A);
        }
        liu19_step(&F, w, a);
    }
    liu19_arb_traj_clear(&T);
    liu19_arb_clear(&P);
    fmpq_clear(ew), fmpq_clear(ea), fmpq_clear(bp), fmpq_clear(delta);
    _fmpq_vec_clear(ws, p), _fmpq_vec_clear(as, k), _fmpq_vec_clear(w0, p), _fmpq_vec_clear(a0, k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monte_carlo),
        cmocka_unit_test(test_gradient_fd),
        cmocka_unit_test(test_optima),
        cmocka_unit_test(test_arb_contains_float),
        cmocka_unit_test(test_invariant_set_holds),
    };
    return cmocka_run_group_tests_name("liu19", tests, NULL, NULL);
}
