/* Real algebraic numbers: comparison against Arb evaluation, decimal
 * enclosures, closed forms, simplest rationals against brute force. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <arb.h>

#include "rescheck/alg.h"

static void sqrt_of(rc_alg_t a, slong p, slong q)
{
    fmpq_t x;
    fmpq_init(x);
    fmpq_set_si(x, p, (ulong)q);
    rc_alg_set_sqrt_fmpq(a, x);
    fmpq_clear(x);
}

static void test_sqrt_and_strings(void **state)
{
    (void)state;
    rc_alg_t a;
    rc_alg_init(a);
    sqrt_of(a, 5, 4);
    char *s = rc_alg_get_str(a), *d = rc_alg_get_decimal(a, 30);
    assert_string_equal(s, "sqrt(5)/2");
    assert_non_null(strstr(d, "1.118033988749894848204586834"));
    flint_free(s);
    flint_free(d);
    sqrt_of(a, 9, 4);
    assert_true(rc_alg_is_rational(a));
    s = rc_alg_get_str(a);
    assert_string_equal(s, "3/2");
    flint_free(s);
    /* positive root of 4x^2 - 6x - 45 = (3 + 3*sqrt(21))/4 */
    fmpz_poly_set_str(a->poly, "3  -45 -6 4");
    fmpq_set_si(a->lo, 4, 1);
    fmpq_set_si(a->hi, 5, 1);
    s = rc_alg_get_str(a);
    assert_string_equal(s, "(3+3*sqrt(21))/4");
    flint_free(s);
    fmpq_set_si(a->lo, -3, 1);
    fmpq_set_si(a->hi, -2, 1);
    s = rc_alg_get_str(a);
    assert_string_equal(s, "(3-3*sqrt(21))/4");
    flint_free(s);
    rc_alg_clear(a);
}

/* The canonical isolating interval: the smallest dyadic cell (unit cells
 * first, then halves) that holds the root and no other root of its
 * polynomial, whatever isolating interval it started from. */
static void canonical_is(const char *poly, slong lo_p, ulong lo_q, slong hi_p, ulong hi_q,
                         const char *want_lo, const char *want_hi)
{
    rc_alg_t a;
    rc_alg_init(a);
    fmpz_poly_set_str(a->poly, poly);
    fmpq_set_si(a->lo, lo_p, lo_q);
    fmpq_set_si(a->hi, hi_p, hi_q);
    rc_alg_canonical(a);
    char *l = fmpq_get_str(NULL, 10, a->lo), *h = fmpq_get_str(NULL, 10, a->hi);
    assert_string_equal(l, want_lo);
    assert_string_equal(h, want_hi);
    flint_free(l);
    flint_free(h);
    rc_alg_clear(a);
}

static void test_canonical(void **state)
{
    (void)state;
    /* sqrt(5)/2 from a narrow and from a wide interval: (1, 2) */
    canonical_is("3  -5 0 4", 111, 100, 112, 100, "1", "2");
    canonical_is("3  -5 0 4", 0, 1, 8, 1, "1", "2");
    /* -sqrt(2): (-2, -1) */
    canonical_is("3  -2 0 1", -3, 2, -5, 4, "-2", "-1");
    /* 5x^2 - 5x + 1 has both roots (0.276..., 0.723...) in (0, 1): halves */
    canonical_is("3  1 -5 5", 1, 5, 3, 10, "0", "1/2");
    canonical_is("3  1 -5 5", 7, 10, 3, 4, "1/2", "1");
    /* 50x^2 - 100x + 49: roots 1 -+ sqrt(2)/10 = 0.858..., 1.141..., close
       together but in different unit cells */
    canonical_is("3  49 -100 50", 17, 20, 9, 10, "0", "1");
    canonical_is("3  49 -100 50", 1, 1, 3, 2, "1", "2");
}

/* sign(sqrt(p1/q1) - sqrt(p2/q2)) against Arb at high precision */
static void test_cmp_random(void **state)
{
    (void)state;
    flint_rand_t r;
    flint_randinit(r);
    rc_alg_t a, b;
    rc_alg_init(a);
    rc_alg_init(b);
    arb_t x, y;
    arb_init(x);
    arb_init(y);
    for (int i = 0; i < 3000; i++) {
        slong p1 = 1 + (slong)n_randint(r, 60), q1 = 1 + (slong)n_randint(r, 9);
        slong p2 = 1 + (slong)n_randint(r, 60), q2 = 1 + (slong)n_randint(r, 9);
        if (i % 7 == 0) {
            p2 = p1 * 4;
            q2 = q1 * 4; /* equal values, different spelling */
        }
        sqrt_of(a, p1, q1);
        sqrt_of(b, p2, q2);
        int c = rc_alg_cmp(a, b);
        arb_set_si(x, p1);
        arb_div_si(x, x, q1, 200);
        arb_sqrt(x, x, 200);
        arb_set_si(y, p2);
        arb_div_si(y, y, q2, 200);
        arb_sqrt(y, y, 200);
        int expect = p1 * q2 == p2 * q1 ? 0 : (arb_lt(x, y) ? -1 : 1);
        if (c != expect)
            fail_msg("sqrt(%ld/%ld) vs sqrt(%ld/%ld): got %d", (long)p1, (long)q1, (long)p2, (long)q2, c);
    }
    arb_clear(x);
    arb_clear(y);
    rc_alg_clear(a);
    rc_alg_clear(b);
    flint_randclear(r);
}

/* the simplest rational in (a, b) has the least denominator there */
static void test_simplest_between(void **state)
{
    (void)state;
    flint_rand_t r;
    flint_randinit(r);
    fmpq_t a, b, s, t;
    fmpq_init(a); fmpq_init(b); fmpq_init(s); fmpq_init(t);
    for (int i = 0; i < 2000; i++) {
        fmpq_set_si(a, (slong)n_randint(r, 200) - 100, 1 + n_randint(r, 30));
        fmpq_set_si(b, (slong)n_randint(r, 200) - 100, 1 + n_randint(r, 30));
        if (fmpq_cmp(a, b) >= 0)
            continue;
        rc_fmpq_simplest_between(s, a, 0, b, 0);
        assert_true(fmpq_cmp(a, s) < 0 && fmpq_cmp(s, b) < 0);
        /* brute force: least denominator with a numerator inside */
        for (ulong d = 1; d < fmpz_get_ui(fmpq_denref(s)); d++) {
            for (slong n = -200 * (slong)d; n <= 200 * (slong)d; n++) {
                fmpq_set_si(t, n, d);
                if (fmpq_cmp(a, t) < 0 && fmpq_cmp(t, b) < 0)
                    fail_msg("found a simpler rational than the one chosen");
            }
        }
    }
    fmpq_clear(a); fmpq_clear(b); fmpq_clear(s); fmpq_clear(t);
    flint_randclear(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqrt_and_strings),
        cmocka_unit_test(test_cmp_random),
        cmocka_unit_test(test_simplest_between),
        cmocka_unit_test(test_canonical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
