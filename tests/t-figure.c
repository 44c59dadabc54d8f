/* The decisions the train pictures take from their data: two series that
 * coincide (and two that do not, or only at one crossing), depths that double
 * (and depths that do not), ranges with a margin that keep a point off the
 * border, integer tic steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "rescheck/figure.h"

static void test_overlap_coincide(void **state)
{
    (void)state;
    /* fig7's case: orthogonal and 1-shortcut best rates equal at depths 24, 48, 96 */
    const double x[] = {6, 12, 24, 48, 96};
    const double a[] = {0.316, 0.1, 0.1, 0.0316, 0.0316};
    const double b[] = {0.316, 0.316, 0.1, 0.0316, 0.0316};
    double where[8];
    int nw, nc;
    double span = log10(1.0 / 0.001); /* three decades on the page */
    assert_int_equal(fig_overlap(x, a, 5, x, b, 5, 1, span, FIG_OVERLAP_TOL, where, 8, &nw, &nc), 1);
    assert_int_equal(nc, 5);
    assert_int_equal(nw, 4); /* 6 (a single point), 24, 48, 96 */
    assert_true(where[0] == 6 && where[1] == 24 && where[2] == 48 && where[3] == 96);
    /* fig4's case: the near-zero start under w = 0, equal to 1e-6 relative everywhere */
    const double c[] = {1.5663, 1.5663, 1.5663, 1.5663, 1.5663};
    double d[5];
    for (int i = 0; i < 5; i++)
        d[i] = c[i] * (1 + 1e-6 * (i + 1));
    assert_int_equal(fig_overlap(x, c, 5, x, d, 5, 1, 12.0, FIG_OVERLAP_TOL, NULL, 0, &nw, &nc), 1);
    assert_int_equal(nw, 5);
}

static void test_overlap_apart(void **state)
{
    (void)state;
    const double x[] = {2, 4, 8, 16};
    const double a[] = {10, 100, 1000, 10000};
    const double b[] = {1.5, 1.5, 1.5, 1.5};
    int nw, nc;
    assert_int_equal(fig_overlap(x, a, 4, x, b, 4, 1, 4.0, FIG_OVERLAP_TOL, NULL, 0, &nw, &nc), 0);
    assert_int_equal(nw, 0);
    assert_int_equal(nc, 4);
    /* two lines that cross at one data point: both stay visible, no note */
    const double c[] = {1, 2, 3, 4}, e[] = {4, 2, 1, 0};
    assert_int_equal(fig_overlap(x, c, 4, x, e, 4, 0, 4.0, FIG_OVERLAP_TOL, NULL, 0, &nw, &nc), 0);
    assert_int_equal(nw, 1);
    /* close but not within 1% of the axis: 2% apart on a span of 1 */
    const double f[] = {0.50, 0.60, 0.70, 0.80}, g[] = {0.52, 0.62, 0.72, 0.82};
    assert_int_equal(fig_overlap(x, f, 4, x, g, 4, 0, 1.0, FIG_OVERLAP_TOL, NULL, 0, &nw, &nc), 0);
    /* the same two within 1% of a span of 10 */
    assert_int_equal(fig_overlap(x, f, 4, x, g, 4, 0, 10.0, FIG_OVERLAP_TOL, NULL, 0, &nw, &nc), 1);
    /* no common x: nothing to compare */
    const double x2[] = {3, 5, 7, 9};
    assert_int_equal(fig_overlap(x, f, 4, x2, f, 4, 0, 1.0, FIG_OVERLAP_TOL, NULL, 0, &nw, &nc), 0);
    assert_int_equal(nc, 0);
    /* a missing value (NaN) breaks a run of coincident points */
    const double h[] = {0.5, 0.6, NAN, 0.8}, k[] = {0.5, 0.9, 0.7, 0.8};
    assert_int_equal(fig_overlap(x, h, 4, x, k, 4, 0, 1.0, FIG_OVERLAP_TOL, NULL, 0, &nw, &nc), 0);
    assert_int_equal(nc, 3);
}

static void test_doubles(void **state)
{
    (void)state;
    const double a[] = {6, 12, 24, 48, 96}, b[] = {2, 4, 8, 12, 16, 24, 32, 48, 64};
    const double c[] = {4, 2, 8, 2, 4}, d[] = {2, 6}, e[] = {100, 200, 2000, 10000};
    const double f[] = {1, 2, 4, 8, 17};
    assert_int_equal(fig_doubles(a, 5), 1);
    assert_int_equal(fig_doubles(b, 9), 0); /* li18.fig4's depths: 12 is not 2 x 8 */
    assert_int_equal(fig_doubles(c, 5), 1); /* any order, repeats */
    assert_int_equal(fig_doubles(d, 2), 0); /* two depths say nothing */
    assert_int_equal(fig_doubles(e, 4), 0);
    assert_int_equal(fig_doubles(f, 5), 0);
}

static void test_range(void **state)
{
    (void)state;
    /* fig6's index: a point at 0.5 ends up inside the range, not on its border */
    const double v[] = {0.38, 0.44, 0.5, NAN};
    double lo, hi;
    assert_int_equal(fig_range(v, 4, 0, FIG_MARGIN, &lo, &hi), 0);
    assert_true(hi > 0.5 && lo < 0.38);
    assert_true(fabs(hi - (0.5 + FIG_MARGIN * 0.12)) < 1e-12);
    /* log: the margin is taken in decades; non-positive values are skipped */
    const double w[] = {1, 1000, 0, -3};
    assert_int_equal(fig_range(w, 4, 1, 0.1, &lo, &hi), 0);
    assert_true(fabs(log10(lo) + 0.3) < 1e-12 && fabs(log10(hi) - 3.3) < 1e-12);
    /* one value gets a range around it; none is an error */
    const double one[] = {2};
    assert_int_equal(fig_range(one, 1, 0, FIG_MARGIN, &lo, &hi), 0);
    assert_true(lo < 2 && hi > 2);
    assert_int_equal(fig_range(w + 2, 2, 1, 0.1, &lo, &hi), -1);
    /* integer tic steps */
    assert_true(fig_int_step(2, 3, 8) == 1);
    assert_true(fig_int_step(0, 100, 8) == 20);
    assert_true(fig_int_step(0, 64, 8) == 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlap_coincide),
        cmocka_unit_test(test_overlap_apart),
        cmocka_unit_test(test_doubles),
        cmocka_unit_test(test_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
