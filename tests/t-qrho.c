/* Parser and printer of Q(rho): round trips on seeded random rational
 * functions, and the accepted and refused spellings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "rescheck/qrho.h"

static void parse_ok(const char *text, const char *expected_pretty)
{
    fmpz_poly_q_t f;
    fmpz_poly_q_init(f);
    char err[200];
    assert_int_equal(rc_qrho_parse(f, text, err, sizeof err), 0);
    char *s = rc_qrho_get_str(f);
    assert_string_equal(s, expected_pretty);
    flint_free(s);
    fmpz_poly_q_clear(f);
}

static void test_spellings(void **state)
{
    (void)state;
    parse_ok("8*rho^2/15", "8*rho^2/15");
    parse_ok("7*rho^2/15 + 1/12", "(28*rho^2+5)/60");
    parse_ok("rho^2*(12*rho^2 + 82*rho + 215)/(21*rho^2 + 156*rho + 420)",
             "rho^2*(12*rho^2+82*rho+215)/(21*rho^2+156*rho+420)");
    parse_ok("4 + 0.5*rho", "(rho+8)/2");
    parse_ok("3/2-1/4*rho", "-(rho-6)/4");
    parse_ok("-rho", "-rho");
    parse_ok("2.50", "5/2");
    parse_ok("\xcf\x81**2 - 1", "(rho-1)*(rho+1)");
    parse_ok("0", "0");
}

static void parse_fails(const char *text, const char *reason_part)
{
    fmpz_poly_q_t f;
    fmpz_poly_q_init(f);
    char err[200] = "";
    assert_int_equal(rc_qrho_parse(f, text, err, sizeof err), -1);
    if (!strstr(err, reason_part))
        fail_msg("'%s': reason '%s' lacks '%s'", text, err, reason_part);
    fmpz_poly_q_clear(f);
}

static void test_refusals(void **state)
{
    (void)state;
    parse_fails("1/0", "division by zero");
    parse_fails("1/(rho-rho)", "division by zero");
    parse_fails("2+", "unexpected end");
    parse_fails("abc", "unexpected character");
    parse_fails("(1+rho", "missing ')'");
    parse_fails("rho^100", "exponent");
    char big[300];
    memset(big, '9', 250);
    big[250] = '\0';
    parse_fails(big, "longer than");
    fmpq_t q;
    fmpq_init(q);
    char err[200];
    assert_int_equal(rc_fmpq_parse(q, "1e5", err, sizeof err), -1);
    assert_int_equal(rc_fmpq_parse(q, "rho", err, sizeof err), -1);
    assert_int_equal(rc_fmpq_parse(q, "-7/3", err, sizeof err), 0);
    assert_true(fmpz_equal_si(fmpq_numref(q), -7) && fmpz_equal_si(fmpq_denref(q), 3));
    fmpq_clear(q);
}

/* print -> parse gives the same element, on random rational functions */
static void test_round_trip(void **state)
{
    (void)state;
    flint_rand_t r;
    flint_randinit(r);
    fmpz_poly_q_t f, g;
    fmpz_poly_q_init(f);
    fmpz_poly_q_init(g);
    for (int i = 0; i < 2000; i++) {
        fmpz_poly_q_randtest_not_zero(f, r, 1 + n_randint(r, 5), 1 + n_randint(r, 40), 1 + n_randint(r, 4), 1 + n_randint(r, 40));
        char *s = rc_qrho_get_str(f), err[200];
        if (rc_qrho_parse(g, s, err, sizeof err) != 0)
            fail_msg("cannot re-read '%s': %s", s, err);
        if (!fmpz_poly_q_equal(f, g))
            fail_msg("round trip changed '%s'", s);
        flint_free(s);
    }
    fmpz_poly_q_clear(f);
    fmpz_poly_q_clear(g);
    flint_randclear(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
