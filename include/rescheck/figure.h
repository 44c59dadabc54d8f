#ifndef RESCHECK_FIGURE_H
#define RESCHECK_FIGURE_H
/* Decisions the pictures of `rescheck train` take from their data: whether
 * two series hide one another, whether a depth axis doubles (log scale), and
 * axis ranges with a margin so that no point sits on the border. */

/* Two points coincide on the page when they are closer than this fraction of
 * the axis (about a marker's size). */
#define FIG_OVERLAP_TOL 0.01
/* Fraction of the data's span added on each side of an axis range. */
#define FIG_MARGIN 0.06

/* The x values common to both series (matched exactly; each series' x
 * strictly increasing or not, non-finite y skipped) at which
 * |ya - yb| <= tol * span, differences taken in plot coordinates (log10 y when
 * logy). where (may be NULL) receives them, at most max_where; *ncommon (may
 * be NULL) the number of common x with finite y on both. Returns 1 when the
 * series hide a segment of one another: two consecutive common x coincide, or
 * they share a single x and coincide there; 0 otherwise. */
int fig_overlap(const double *xa, const double *ya, int na, const double *xb, const double *yb,
                int nb, int logy, double span, double tol, double *where, int max_where,
                int *nwhere, int *ncommon);

/* 1 when the distinct values of x (positive, any order, repeats allowed) are
 * at least three and each is twice the one before: a depth axis to draw on a
 * log2 scale. */
int fig_doubles(const double *x, int n);

/* The range of the finite values of v (positive ones only when logscale)
 * widened by margin times its span on each side (in log10 when logscale);
 * a single value gets +-10% (a factor 1.25 on log). 0, or -1 when there is
 * no usable value. */
int fig_range(const double *v, int n, int logscale, double margin, double *lo, double *hi);

/* An integer tic step (1, 2 or 5 times a power of ten, at least 1) giving
 * about target tics over [lo, hi]. */
double fig_int_step(double lo, double hi, int target);

#endif
