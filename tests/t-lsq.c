/* Least squares over Q and Q(rho): the closed form against the normal
 * equations solved by fmpq_mat (a second, naive method), on seeded random
 * data; the degenerate cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <flint/fmpq_mat.h>

#include "rescheck/lsq.h"
#include "rescheck/qrho.h"

static void vec_init(fmpz_poly_q_struct *v, slong n)
{
    for (slong i = 0; i < n; i++)
        fmpz_poly_q_init(v + i);
}

static void vec_clear(fmpz_poly_q_struct *v, slong n)
{
    for (slong i = 0; i < n; i++)
        fmpz_poly_q_clear(v + i);
}

static void random_fmpq(fmpq_t q, flint_rand_t r)
{
    fmpz_randtest(fmpq_numref(q), r, 8);
    fmpz_randtest_not_zero(fmpq_denref(q), r, 4);
    fmpz_abs(fmpq_denref(q), fmpq_denref(q));
    fmpq_canonicalise(q);
}

/* Over Q: solve [[Sxx, Sx], [Sx, n]] (a, c) = (Sxy, Sy) with fmpq_mat and
 * sum the residuals directly. */
static void test_against_normal_equations(void **state)
{
    (void)state;
    flint_rand_t r;
    flint_randinit(r);
    for (int iter = 0; iter < 3000; iter++) {
        slong n = 2 + (slong)n_randint(r, 9);
        fmpz_poly_q_struct x[12], y[12];
        vec_init(x, n);
        vec_init(y, n);
        fmpq_t q;
        fmpq_init(q);
        fmpq_mat_t A, b, sol;
        fmpq_mat_init(A, 2, 2);
        fmpq_mat_init(b, 2, 1);
        fmpq_mat_init(sol, 2, 1);
        for (slong i = 0; i < n; i++) {
            random_fmpq(q, r);
            rc_qrho_set_fmpq(x + i, q);
            fmpq_addmul(fmpq_mat_entry(A, 0, 0), q, q);
            fmpq_add(fmpq_mat_entry(A, 0, 1), fmpq_mat_entry(A, 0, 1), q);
            fmpq_t yq;
            fmpq_init(yq);
            random_fmpq(yq, r);
            rc_qrho_set_fmpq(y + i, yq);
            fmpq_addmul(fmpq_mat_entry(b, 0, 0), q, yq);
            fmpq_add(fmpq_mat_entry(b, 1, 0), fmpq_mat_entry(b, 1, 0), yq);
            fmpq_clear(yq);
        }
        fmpq_set(fmpq_mat_entry(A, 1, 0), fmpq_mat_entry(A, 0, 1));
        fmpq_set_si(fmpq_mat_entry(A, 1, 1), n, 1);
        rc_fit_t fit;
        rc_fit_init(fit);
        rc_fit_compute(fit, RC_FIT_AFFINE, x, y, n);
        if (fmpq_mat_solve_fraction_free(sol, A, b)) {
            assert_int_equal(fit->fit_case, RC_FIT_REGULAR);
            fmpq_t a, c, sse, t;
            fmpq_init(a); fmpq_init(c); fmpq_init(sse); fmpq_init(t);
            assert_true(rc_qrho_get_fmpq(a, fit->a) && rc_qrho_get_fmpq(c, fit->c));
            assert_true(fmpq_equal(a, fmpq_mat_entry(sol, 0, 0)));
            assert_true(fmpq_equal(c, fmpq_mat_entry(sol, 1, 0)));
            for (slong i = 0; i < n; i++) {
                fmpq_t xi, yi;
                fmpq_init(xi); fmpq_init(yi);
                rc_qrho_get_fmpq(xi, x + i);
                rc_qrho_get_fmpq(yi, y + i);
                fmpq_mul(t, a, xi);
                fmpq_add(t, t, c);
                fmpq_sub(t, yi, t);
                fmpq_addmul(sse, t, t);
                fmpq_clear(xi); fmpq_clear(yi);
            }
            rc_qrho_get_fmpq(t, fit->sse);
            assert_true(fmpq_equal(t, sse));
            fmpq_clear(a); fmpq_clear(c); fmpq_clear(sse); fmpq_clear(t);
        } else {
            assert_int_equal(fit->fit_case, RC_FIT_ALL_X_EQUAL);
        }
        rc_fit_clear(fit);
        fmpq_mat_clear(A); fmpq_mat_clear(b); fmpq_mat_clear(sol);
        fmpq_clear(q);
        vec_clear(x, n);
        vec_clear(y, n);
    }
    flint_randclear(r);
}

/* Over Q(rho): the residuals of the returned fit are orthogonal to 1 and x
 * (the normal equations as identities of rational functions) and sum to sse. */
static void test_symbolic_normal_equations(void **state)
{
    (void)state;
    flint_rand_t r;
    flint_randinit(r);
    for (int iter = 0; iter < 300; iter++) {
        slong n = 2 + (slong)n_randint(r, 6);
        fmpz_poly_q_struct x[8], y[8];
        vec_init(x, n);
        vec_init(y, n);
        for (slong i = 0; i < n; i++) {
            fmpz_poly_randtest(x[i].num, r, 2, 6);
            fmpz_poly_randtest(y[i].num, r, 2, 6);
        }
        rc_fit_t fit;
        rc_fit_init(fit);
        rc_fit_compute(fit, RC_FIT_AFFINE, x, y, n);
        fmpz_poly_q_t res, s0, s1, sse, t;
        fmpz_poly_q_init(res); fmpz_poly_q_init(s0); fmpz_poly_q_init(s1);
        fmpz_poly_q_init(sse); fmpz_poly_q_init(t);
        for (slong i = 0; i < n; i++) {
            fmpz_poly_q_mul(t, fit->a, x + i);
            fmpz_poly_q_add(t, t, fit->c);
            fmpz_poly_q_sub(res, y + i, t);
            fmpz_poly_q_add(s0, s0, res);
            fmpz_poly_q_mul(t, res, x + i);
            fmpz_poly_q_add(s1, s1, t);
            fmpz_poly_q_mul(t, res, res);
            fmpz_poly_q_add(sse, sse, t);
        }
        assert_true(fmpz_poly_q_is_zero(s0));
        if (fit->fit_case == RC_FIT_REGULAR)
            assert_true(fmpz_poly_q_is_zero(s1));
        assert_true(fmpz_poly_q_equal(sse, fit->sse));
        fmpz_poly_q_clear(res); fmpz_poly_q_clear(s0); fmpz_poly_q_clear(s1);
        fmpz_poly_q_clear(sse); fmpz_poly_q_clear(t);
        rc_fit_clear(fit);
        vec_clear(x, n);
        vec_clear(y, n);
    }
    flint_randclear(r);
}

static void set_str(fmpz_poly_q_struct *v, const char *s)
{
    char err[100];
    assert_int_equal(rc_qrho_parse(v, s, err, sizeof err), 0);
}

static void test_degenerate(void **state)
{
    (void)state;
    fmpz_poly_q_struct x[3], y[3];
    vec_init(x, 3);
    vec_init(y, 3);
    rc_fit_t fit;
    rc_fit_init(fit);
    rc_fit_compute(fit, RC_FIT_AFFINE, x, y, 0);
    assert_int_equal(fit->fit_case, RC_FIT_NO_POINTS);
    assert_true(fmpz_poly_q_is_zero(fit->sse));

    set_str(x + 0, "2");
    set_str(y + 0, "1+rho");
    rc_fit_compute(fit, RC_FIT_AFFINE, x, y, 1);
    assert_int_equal(fit->fit_case, RC_FIT_ONE_POINT);
    assert_true(fmpz_poly_q_is_zero(fit->sse));
    assert_true(fmpz_poly_q_equal(fit->c, y + 0));

    /* all x equal: the affine fit is the constant fit, sse = sum (y - mean)^2 */
    set_str(x + 1, "2");
    set_str(x + 2, "2");
    set_str(y + 1, "3");
    set_str(y + 2, "-rho");
    rc_fit_compute(fit, RC_FIT_AFFINE, x, y, 3);
    assert_int_equal(fit->fit_case, RC_FIT_ALL_X_EQUAL);
    fmpz_poly_q_t expect;
    fmpz_poly_q_init(expect);
    /* mean = 4/3; deviations (rho - 1/3), 5/3, (-rho - 4/3) */
    set_str(expect, "(rho-1/3)^2 + 25/9 + (rho+4/3)^2");
    assert_true(fmpz_poly_q_equal(fit->sse, expect));
    rc_fit_compute(fit, RC_FIT_CONSTANT, x, y, 3);
    assert_int_equal(fit->fit_case, RC_FIT_CONSTANT_KIND);
    assert_true(fmpz_poly_q_equal(fit->sse, expect));
    fmpz_poly_q_clear(expect);
    rc_fit_clear(fit);
    vec_clear(x, 3);
    vec_clear(y, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_normal_equations),
        cmocka_unit_test(test_symbolic_normal_equations),
        cmocka_unit_test(test_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
