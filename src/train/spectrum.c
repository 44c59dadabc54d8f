/* Spectra of Hessians: LAPACKE_dsyevd or its two-stage form, and the
 * statistics the paper reads off them (Appendix B, Section 5.2). */
#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/train.h"
#include "rescheck/sort.h"
#include "train_internal.h"

double train_quantile_sorted(const double *a, int n, double q)
{
    double pos = q * (n - 1);
    int lo = (int)floor(pos);
    if (lo >= n - 1)
        return a[n - 1];
    return a[lo] + (pos - lo) * (a[lo + 1] - a[lo]);
}

void train_spectrum_from_eigs(train_spectrum *s, const double *eig, int N)
{
    double *abs_sorted = malloc(sizeof(double) * (size_t)N);
    double emax = 0;
    for (int i = 0; i < N; i++) {
        abs_sorted[i] = fabs(eig[i]);
        if (abs_sorted[i] > emax)
            emax = abs_sorted[i];
    }
    rc_sort(abs_sorted, (size_t)N, sizeof(double), cmp_double);
    double tol = N * DBL_EPSILON * emax;
    int negative = 0;
    for (int i = 0; i < N; i++)
        negative += eig[i] < -tol;
    s->N = N;
    s->abs_max = abs_sorted[N - 1];
    s->abs_min = abs_sorted[0];
    s->abs_p10 = train_quantile_sorted(abs_sorted, N, 0.1);
    s->cond_true = s->abs_min > 0 ? s->abs_max / s->abs_min : INFINITY;
    s->cond_paper = s->abs_p10 > 0 ? s->abs_max / s->abs_p10 : INFINITY;
    s->index = (double)negative / N;
    free(abs_sorted);
}

/* Eigenvalues only. On one OpenBLAS thread the two-stage tridiagonal reduction
 * is faster from about N = 2400 on (bench: 1.7 times at N = 6400); with more
 * threads dsyevd scales and the two-stage form does not, so it is not used. */
int train_spectrum_two_stage(int N)
{
    return N >= TRAIN_EIG_TWO_STAGE_MIN_N && openblas_get_num_threads() == 1;
}

const char *train_spectrum_method(int N)
{
    return train_spectrum_two_stage(N) ? "dsyevd_2stage" : "dsyevd";
}

int train_spectrum_compute(train_spectrum *s, double *H, int N, double *eig)
{
    double *w = eig ? eig : malloc(sizeof(double) * (size_t)N);
    int info = train_spectrum_two_stage(N) ? LAPACKE_dsyevd_2stage(LAPACK_COL_MAJOR, 'N', 'L', N, H, N, w)
                                           : LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'N', 'L', N, H, N, w);
    if (info == 0)
        train_spectrum_from_eigs(s, w, N);
    if (!eig)
        free(w);
    return info;
}
