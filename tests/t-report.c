/* The report's closing note: "what this proves" only for a verified claim,
 * the undecided statements named for an undecided one, nothing for a
 * refuted one; and a printed value shown as written beside its normal form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "rescheck/report.h"

/* a report with the given statuses, concluded */
static void concluded(rc_report *r, const rc_status *st, size_t n)
{
    rc_report_init(r, "test.claim", "built-in");
    for (size_t i = 0; i < n; i++)
        rc_report_add(r, st[i], NULL, NULL, "statement %zu", i + 1);
    rc_report_conclude(r, "the claim holds on %s", "I");
}

static void test_conclude_verified(void **state)
{
    (void)state;
    rc_report r;
    rc_status st[] = {RC_OK, RC_NOTE, RC_OK};
    concluded(&r, st, 3);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.items[3].status, RC_NOTE);
    assert_string_equal(r.items[3].text, "what this proves: the claim holds on I");
    rc_report_clear(&r);
}

static void test_conclude_undecided(void **state)
{
    (void)state;
    rc_report r;
    rc_status st[] = {RC_OK, RC_UNDECIDED, RC_OK, RC_UNDECIDED};
    concluded(&r, st, 4);
    assert_int_equal(r.n, 5);
    assert_int_equal(r.items[4].status, RC_NOTE);
    assert_non_null(strstr(r.items[4].text, "what remains undecided: statement 2; statement 4"));
    assert_null(strstr(r.items[4].text, "what this proves"));
    assert_int_equal(rc_report_verdict(&r), RC_UNDECIDED);
    rc_report_clear(&r);
}

static void test_conclude_refuted(void **state)
{
    (void)state;
    rc_report r;
    rc_status st[] = {RC_OK, RC_UNDECIDED, RC_FAIL};
    concluded(&r, st, 3);
    assert_int_equal(r.n, 3);
    rc_report_clear(&r);
}

static void test_paper_value(void **state)
{
    (void)state;
    char *s = rc_paper_value_str("2/4", "1/2");
    assert_string_equal(s, "2/4 (= 1/2)");
    free(s);
    s = rc_paper_value_str("8*rho^2/15", "8*rho^2/15");
    assert_string_equal(s, "8*rho^2/15");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conclude_verified),
        cmocka_unit_test(test_conclude_undecided),
        cmocka_unit_test(test_conclude_refuted),
        cmocka_unit_test(test_paper_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
