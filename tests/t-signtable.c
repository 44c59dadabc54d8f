/* Sign tables: predicted signs against direct evaluation at random points,
 * root counts against FLINT's own real-root count, inequalities whose
 * interval ends are exactly roots (rational and algebraic). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "rescheck/ineq.h"
#include "rescheck/qrho.h"

/* sign of f at t predicted by the table: locate t among the roots */
static int predicted_sign(rc_signtable_t st, const fmpq_t t)
{
    rc_alg_t x;
    rc_alg_init(x);
    rc_alg_set_fmpq(x, t);
    slong idx;
    int on_root = rc_signtable_locate(&idx, st, x);
    rc_alg_clear(x);
    return on_root ? 0 : st->signs[idx];
}

static void random_poly_product(fmpz_poly_t p, flint_rand_t r)
{
    fmpz_poly_t f;
    fmpz_poly_init(f);
    fmpz_poly_set_si(p, 1 + (slong)n_randint(r, 5));
    slong k = 1 + (slong)n_randint(r, 4);
    for (slong i = 0; i < k; i++) {
        do
            fmpz_poly_randtest(f, r, 2 + (slong)n_randint(r, 3), 5);
        while (fmpz_poly_degree(f) < 1);
        fmpz_poly_mul(p, p, f);
        if (n_randint(r, 4) == 0)
            fmpz_poly_mul(p, p, f); /* repeated factor */
    }
    fmpz_poly_clear(f);
}

static void test_signs_random(void **state)
{
    (void)state;
    flint_rand_t r;
    flint_randinit(r);
    fmpz_poly_q_t f;
    fmpz_poly_q_init(f);
    fmpq_t lo, hi, t, v;
    fmpq_init(lo); fmpq_init(hi); fmpq_init(t); fmpq_init(v);
    for (int iter = 0; iter < 300; iter++) {
        random_poly_product(f->num, r);
        fmpz_poly_one(f->den);
        if (iter % 3 == 0)
            random_poly_product(f->den, r);
        fmpz_poly_q_canonicalise(f);
        int lo_inf = iter % 2, hi_inf = iter % 5 == 0;
        fmpq_set_si(lo, -(slong)n_randint(r, 10), 1 + n_randint(r, 3));
        fmpq_set_si(hi, 1 + (slong)n_randint(r, 10), 1);
        rc_signtable_t st;
        rc_signtable_init(st, f, lo, lo_inf, hi, hi_inf);
        fmpz_poly_t nd;
        fmpz_poly_init(nd);
        fmpz_poly_mul(nd, f->num, f->den);
        for (int k = 0; k < 40; k++) {
            fmpq_set_si(t, (slong)n_randint(r, 2000) - 1000, 1 + n_randint(r, 64));
            if ((!lo_inf && fmpq_cmp(t, lo) <= 0) || (!hi_inf && fmpq_cmp(t, hi) >= 0))
                continue;
            fmpz_poly_evaluate_fmpq(v, nd, t);
            assert_int_equal(predicted_sign(st, t), fmpq_sgn(v));
        }
        /* on the whole line, the number of roots equals FLINT's count */
        if (lo_inf && hi_inf) {
            fmpz_poly_t sqf;
            fmpz_poly_init(sqf);
            fmpz_poly_one(sqf);
            for (slong i = 0; i < st->fac->num; i++)
                fmpz_poly_mul(sqf, sqf, st->fac->p + i);
            if (fmpz_poly_degree(sqf) > 0)
                assert_int_equal(st->nroots, fmpz_poly_num_real_roots(sqf));
            fmpz_poly_clear(sqf);
        }
        fmpz_poly_clear(nd);
        rc_signtable_clear(st);
    }
    fmpq_clear(lo); fmpq_clear(hi); fmpq_clear(t); fmpq_clear(v);
    fmpz_poly_q_clear(f);
    flint_randclear(r);
}

static int holds(const char *fn, rc_op op, const char *interval, char **set_out)
{
    rc_spec s;
    char text[256];
    snprintf(text, sizeof text, "{\"d\": \"(0, inf)\", \"i\": \"%s\"}", interval);
    assert_int_equal(rc_spec_load_string(&s, "test", text), 0);
    rc_interval_t D, I;
    rc_interval_init(D);
    rc_interval_init(I);
    assert_int_equal(rc_spec_interval(D, &s, json_object_get(s.root, "d"), "d"), 0);
    assert_int_equal(rc_spec_interval(I, &s, json_object_get(s.root, "i"), "i"), 0);
    fmpz_poly_q_t f;
    fmpz_poly_q_init(f);
    char err[100];
    assert_int_equal(rc_qrho_parse(f, fn, err, sizeof err), 0);
    rc_ineq_t q;
    rc_ineq_init(q, f, op, D, I);
    int h = q->holds;
    if (set_out)
        *set_out = rc_ineq_set_str(q);
    rc_ineq_clear(q);
    fmpz_poly_q_clear(f);
    rc_interval_clear(D);
    rc_interval_clear(I);
    rc_spec_clear(&s);
    return h;
}

/* interval ends that are exactly roots of the function */
static void test_endpoint_is_root(void **state)
{
    (void)state;
    char *set;
    /* rational root at the closed end */
    assert_true(holds("rho^2 - 1", RC_OP_LE, "(0, 1]", NULL));
    assert_false(holds("rho^2 - 1", RC_OP_LT, "(0, 1]", NULL));
    assert_true(holds("rho^2 - 1", RC_OP_LT, "(0, 1)", NULL));
    /* algebraic root at the closed end: 4 rho^2 - 5 vanishes at sqrt(5/4) */
    assert_true(holds("4*rho^2 - 5", RC_OP_LE, "(0, sqrt(5/4)]", NULL));
    assert_false(holds("4*rho^2 - 5", RC_OP_LT, "(0, sqrt(5/4)]", NULL));
    assert_true(holds("4*rho^2 - 5", RC_OP_LT, "(0, sqrt(5/4))", &set));
    assert_string_equal(set, "(0, sqrt(5)/2)");
    free(set);
    assert_false(holds("4*rho^2 - 5", RC_OP_GT, "[sqrt(5/4), 2]", NULL));
    assert_true(holds("4*rho^2 - 5", RC_OP_GE, "[sqrt(5/4), 2]", &set));
    assert_string_equal(set, "[sqrt(5)/2, inf)");
    free(set);
    /* a pole inside the interval: the inequality does not hold there */
    assert_false(holds("1/(rho - 1)^2", RC_OP_GT, "(0, 2]", &set));
    assert_string_equal(set, "(0, 1) U (1, inf)");
    free(set);
    /* an isolated root makes a one-point piece of the maximal set */
    assert_true(holds("-(rho - 1)^2", RC_OP_LE, "(0, 3]", NULL));
    holds("-(rho - 1)^2", RC_OP_GE, "(0, 3]", &set);
    assert_string_equal(set, "{1}");
    free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signs_random),
        cmocka_unit_test(test_endpoint_is_root),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
