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

#include "rescheck/progress.h"
#include "rescheck/report.h"
#include <math.h>

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

/* Statement IDs: a slug of the format (its conversions and so the values
 * left out), numbered by occurrence; a module's key replaces the slug. */
static void test_statement_ids(void **state)
{
    (void)state;
    rc_report r;
    rc_report_init(&r, "test.claim", "built-in");
    rc_report_add(&r, RC_OK, NULL, NULL, "R_lin = %s (best fit of %ld points)", "8*rho^2/15", 6L);
    rc_report_add(&r, RC_OK, NULL, NULL, "R_lin = %s (best fit of %ld points)", "1/2", 7L);
    rc_report_add(&r, RC_OK, NULL, NULL, "%s: %.6g%% of ρ²", "inst", 0.5);
    rc_report_add(&r, RC_OK, NULL, NULL, "%s", "anything at all");
    rc_report_add(&r, RC_OK, NULL, NULL, "R2(theta2) = %s", "rho");
    rc_report_tag(&r, "r2", "rho");
    rc_report_add(&r, RC_OK, NULL, NULL, "R2(theta2) = %s", "2*rho");
    rc_report_tag(&r, "R2", NULL);
    rc_report_add(&r, RC_OK, NULL, NULL,
                  "a very long statement whose words run well past the length of an ID, %s", "x");
    rc_report_conclude(&r, "all");
    assert_string_equal(r.items[0].id, "r-lin-best-fit-of-points.1");
    assert_string_equal(r.items[1].id, "r-lin-best-fit-of-points.2");
    assert_string_equal(r.items[2].id, "of.1");
    assert_string_equal(r.items[3].id, "statement.1");
    assert_string_equal(r.items[4].id, "r2.1");
    assert_string_equal(r.items[4].value, "rho");
    assert_string_equal(r.items[5].id, "r2.2");
    assert_null(r.items[5].value);
    assert_string_equal(r.items[6].id, "a-very-long-statement-whose-words-run-well-past.1");
    assert_string_equal(r.items[7].id, "what-this-proves.1");
    assert_null(r.items[0].value);
    rc_report_clear(&r);
}

/* The time left is extrapolated from the work actually done: units counted
 * done by a run that diverged early took no time and must not make the rest
 * look fast (500-step runs diverging at step 3 made "left ~10m" of 90). */
static void test_progress_eta(void **state)
{
    (void)state;
    /* 100 s for 50 of 200 units, all worked: 300 s left */
    assert_true(fabs(rc_progress_eta(100, 50, 0, 200) - 300) < 1e-9);
    /* the same 100 s, but 40 of the 50 units were skipped: 10 units in
     * 100 s, 150 left, 1500 s; the naive rate would say 300 */
    assert_true(fabs(rc_progress_eta(100, 50, 40, 200) - 1500) < 1e-9);
    /* nothing worked yet (all skipped, or none done): no estimate */
    assert_true(isnan(rc_progress_eta(5, 40, 40, 200)));
    assert_true(isnan(rc_progress_eta(5, 0, 0, 200)));
    /* done: nothing left */
    assert_true(rc_progress_eta(100, 200, 40, 200) == 0);
    rc_progress p;
    rc_progress_start(&p, "t", 10);
    rc_progress_skip(&p, 3);
    rc_progress_skip(&p, -1); /* ignored */
    assert_true(p.skipped == 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conclude_verified),
        cmocka_unit_test(test_conclude_undecided),
        cmocka_unit_test(test_conclude_refuted),
        cmocka_unit_test(test_paper_value),
        cmocka_unit_test(test_statement_ids),
        cmocka_unit_test(test_progress_eta),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
