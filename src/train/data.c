/* Appendix B's data: whitened top principal components and one-hot labels;
 * the Gram form of the same data for linear networks; the least-squares
 * optimum; the matrix M of the 2-shortcut zero point. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/train.h"

#define PCA_CHUNK 4096 /* samples per block of the covariance and projection */

void train_data_init(train_data *D, int d, int ncol, int m)
{
    D->d = d;
    D->ncol = ncol;
    D->m = m;
    D->offset = 0;
    D->X = calloc((size_t)d * (size_t)ncol, sizeof(double));
    D->Y = calloc((size_t)d * (size_t)ncol, sizeof(double));
}

void train_data_clear(train_data *D)
{
    free(D->X);
    free(D->Y);
    memset(D, 0, sizeof *D);
}

/* B (p x c) = pixels of samples [first, first+c) scaled to [0,1], minus mean. */
static void centred_block(double *B, const train_idx_set *s, const double *mean, int first, int c)
{
    size_t p = (size_t)s->rows * (size_t)s->cols;
    for (int t = 0; t < c; t++) {
        const unsigned char *px = s->pixels + (size_t)(first + t) * p;
        for (size_t i = 0; i < p; i++)
            B[(size_t)t * p + i] = px[i] / 255.0 - mean[i];
    }
}

/* Lower triangle of the covariance (1/m) sum (x - mean)(x - mean)^T. */
static void covariance(double *C, double *B, const train_idx_set *s, const double *mean)
{
    int p = s->rows * s->cols, m = s->count;
    memset(C, 0, sizeof(double) * (size_t)p * (size_t)p);
    for (int first = 0; first < m; first += PCA_CHUNK) {
        int c = m - first < PCA_CHUNK ? m - first : PCA_CHUNK;
        centred_block(B, s, mean, first, c);
        cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, p, c, 1.0 / m, B, p, 1.0, C, p);
    }
}

/* Top k eigenpairs of C (descending), each vector's largest entry positive. */
static int top_components(double *V, double *lambda, double *C, int p, int k)
{
    int found;
    double *w = malloc(sizeof(double) * (size_t)p);
    double *Z = malloc(sizeof(double) * (size_t)p * (size_t)k);
    int *isuppz = malloc(sizeof(int) * 2 * (size_t)k);
    int info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'L', p, C, p, 0, 0, p - k + 1, p, 0.0,
                              &found, w, Z, p, isuppz);
    if (info == 0 && found == k) {
        for (int c = 0; c < k; c++) {
            const double *z = Z + (size_t)(k - 1 - c) * p;
            int imax = 0;
            for (int i = 1; i < p; i++)
                if (fabs(z[i]) > fabs(z[imax]))
                    imax = i;
            double sign = z[imax] < 0 ? -1.0 : 1.0;
            for (int i = 0; i < p; i++)
                V[(size_t)c * p + i] = sign * z[i];
            lambda[c] = w[k - 1 - c];
        }
    }
    free(w);
    free(Z);
    free(isuppz);
    return info == 0 && found == k ? 0 : -1;
}

static void one_hot(double *Y, const unsigned char *labels, int k, int m)
{
    memset(Y, 0, sizeof(double) * (size_t)k * (size_t)m);
    for (int mu = 0; mu < m; mu++)
        Y[(size_t)mu * k + labels[mu]] = 1.0;
}

int train_pca_whiten(train_data *D, const train_idx_set *s, int k, char *err, size_t errlen)
{
    int p = s->rows * s->cols, m = s->count;
    if (k > p || m < 2) {
        snprintf(err, errlen, "need at least %d pixels and 2 samples, have %d and %d", k, p, m);
        return -1;
    }
    double *mean = calloc((size_t)p, sizeof(double));
    double *B = malloc(sizeof(double) * (size_t)p * PCA_CHUNK);
    double *C = malloc(sizeof(double) * (size_t)p * (size_t)p);
    double *V = malloc(sizeof(double) * (size_t)p * (size_t)k);
    double lambda[k];
    for (int mu = 0; mu < m; mu++)
        for (int i = 0; i < p; i++)
            mean[i] += s->pixels[(size_t)mu * p + i] / 255.0;
    for (int i = 0; i < p; i++)
        mean[i] /= m;
    covariance(C, B, s, mean);
    int rc = top_components(V, lambda, C, p, k);
    if (rc || lambda[k - 1] <= 0) {
        snprintf(err, errlen, "the pixel covariance has fewer than %d positive eigenvalues", k);
        rc = -1;
    } else {
        train_data_init(D, k, m, m);
        for (int first = 0; first < m; first += PCA_CHUNK) {
            int c = m - first < PCA_CHUNK ? m - first : PCA_CHUNK;
            centred_block(B, s, mean, first, c);
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, k, c, p, 1.0, V, p, B, p, 0.0,
                        D->X + (size_t)first * k, k);
        }
        for (int mu = 0; mu < m; mu++)
            for (int i = 0; i < k; i++)
                D->X[(size_t)mu * k + i] /= sqrt(lambda[i]);
        one_hot(D->Y, s->labels, k, m);
    }
    free(mean);
    free(B);
    free(C);
    free(V);
    return rc;
}

int train_data_gram(train_data *G, const train_data *D)
{
    int d = D->d, n = D->ncol;
    double *S = calloc((size_t)d * d, sizeof(double)), *T = malloc(sizeof(double) * d * d);
    cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, d, n, 1.0 / D->m, D->X, d, 0.0, S, d);
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', d, S, d) != 0) {
        free(S);
        free(T);
        return -1;
    }
    for (int j = 0; j < d; j++)
        for (int i = 0; i < j; i++)
            S[(size_t)j * d + i] = 0;
    /* T S^T = Y X^T / m */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, d, d, n, 1.0 / D->m, D->Y, d, D->X, d, 0.0,
                T, d);
    cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, d, d, 1.0, S, d, T, d);
    double yy = cblas_ddot(d * n, D->Y, 1, D->Y, 1), tt = cblas_ddot(d * d, T, 1, T, 1);
    train_data_init(G, d, d, D->m);
    G->offset = D->offset + yy / (2.0 * D->m) - tt / 2.0;
    double root_m = sqrt((double)D->m);
    for (int i = 0; i < d * d; i++) {
        G->X[i] = root_m * S[i];
        G->Y[i] = root_m * T[i];
    }
    free(S);
    free(T);
    return 0;
}

double train_lsq_optimum(const train_data *D)
{
    int d = D->d, n = D->ncol;
    double *A = malloc(sizeof(double) * (size_t)n * d), *B = malloc(sizeof(double) * (size_t)n * d);
    for (int mu = 0; mu < n; mu++)
        for (int i = 0; i < d; i++) {
            A[(size_t)i * n + mu] = D->X[(size_t)mu * d + i];
            B[(size_t)i * n + mu] = D->Y[(size_t)mu * d + i];
        }
    double rss = NAN;
    if (LAPACKE_dgels(LAPACK_COL_MAJOR, 'N', n, d, d, A, n, B, n) == 0) {
        rss = 0;
        for (int j = 0; j < d; j++)
            for (int mu = d; mu < n; mu++)
                rss += B[(size_t)j * n + mu] * B[(size_t)j * n + mu];
    }
    free(A);
    free(B);
    return rss / (2.0 * D->m) + D->offset;
}

void train_zero_point_M(double *M, const train_data *D)
{
    size_t len = (size_t)D->d * D->ncol;
    double *E = malloc(sizeof(double) * len);
    for (size_t i = 0; i < len; i++)
        E[i] = D->X[i] - D->Y[i];
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, D->d, D->d, D->ncol, 1.0 / D->m, E, D->d,
                D->X, D->d, 0.0, M, D->d);
    free(E);
}

double train_cond2(const double *M, int d)
{
    double *A = malloc(sizeof(double) * (size_t)d * d), *s = malloc(sizeof(double) * (size_t)d);
    double *superb = malloc(sizeof(double) * (size_t)d);
    memcpy(A, M, sizeof(double) * (size_t)d * d);
    int info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'N', d, d, A, d, s, NULL, 1, NULL, 1, superb);
    double c = info != 0 ? NAN : s[d - 1] > 0 ? s[0] / s[d - 1] : INFINITY;
    free(A);
    free(s);
    free(superb);
    return c;
}
