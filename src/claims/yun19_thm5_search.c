/* yun19 Theorem 5: the float search for a network of the class that nearly
 * attains sup_f (1/n) sum eps_i f(x_i). Doubles only: its result is a
 * proposal that src/claims/yun19_thm5.c rationalises, scales into the class
 * and evaluates over Q. */
#include "yun19_thm5.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

slong thm5_off_V(const thm5_shape *s, slong l)
{
    slong off = s->d;
    for (slong k = 0; k < l; k++)
        off += 2 * s->d * s->m[k];
    return off;
}

slong thm5_off_U(const thm5_shape *s, slong l)
{
    return thm5_off_V(s, l) + s->d * s->m[l];
}

slong thm5_nparams(const thm5_shape *s)
{
    return thm5_off_V(s, s->L);
}

/* splitmix64: a stream per (seed, sign vector, restart), independent of the
 * order the sign vectors are searched in */
static uint64_t mix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double normal(uint64_t *st)
{
    double u1 = ((double)(mix(st) >> 11) + 0.5) * 0x1.0p-53;
    double u2 = ((double)(mix(st) >> 11) + 0.5) * 0x1.0p-53;
    return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

static double norm2(const double *v, slong k)
{
    double s = 0;
    for (slong i = 0; i < k; i++)
        s += v[i] * v[i];
    return s;
}

/* v scaled to norm r (or into the ball of radius r when only_if_outside) */
static void scale_to(double *v, slong k, double r, int only_if_outside)
{
    double nv = sqrt(norm2(v, k));
    if (nv == 0 || (only_if_outside && nv <= r))
        return;
    for (slong i = 0; i < k; i++)
        v[i] *= r / nv;
}

typedef struct {
    const thm5_search *S;
    slong P, hsz, zsz;
    double *h, *z; /* per sample: h_0..h_L (d each), z_1..z_L (m_l each) */
    double *grad, *gh, *t;
} work;

/* forward pass of every sample; g = sum c_i h_L(x_i); returns ||g|| */
static double forward(work *W, const double *theta, const double *c, double *g)
{
    const thm5_shape *s = W->S->shape;
    slong d = s->d;
    memset(g, 0, sizeof(double) * (size_t)d);
    for (slong i = 0; i < W->S->n; i++) {
        double *h = W->h + i * W->hsz, *z = W->z + i * W->zsz;
        memcpy(h, W->S->X + i * d, sizeof(double) * (size_t)d);
        for (slong l = 0; l < s->L; l++, h += d) {
            const double *V = theta + thm5_off_V(s, l), *U = theta + thm5_off_U(s, l);
            slong m = s->m[l];
            for (slong r = 0; r < d; r++)
                h[d + r] = h[r];
            for (slong k = 0; k < m; k++) {
                double a = 0;
                for (slong j = 0; j < d; j++)
                    a += U[k * d + j] * h[j];
                z[k] = a;
                if (a > 0)
                    for (slong r = 0; r < d; r++)
                        h[d + r] += V[r * m + k] * a;
            }
            z += m;
        }
        for (slong r = 0; r < d; r++)
            g[r] += c[i] * h[r];
    }
    return sqrt(norm2(g, d));
}

/* gradient of J = ||g|| in the inner weights (envelope: w = g/||g|| fixed) */
static void backward(work *W, const double *theta, const double *c)
{
    const thm5_shape *s = W->S->shape;
    slong d = s->d;
    memset(W->grad, 0, sizeof(double) * (size_t)W->P);
    for (slong i = 0; i < W->S->n; i++) {
        for (slong r = 0; r < d; r++)
            W->gh[r] = c[i] * theta[r];
        slong zoff = W->zsz;
        for (slong l = s->L - 1; l >= 0; l--) {
            slong m = s->m[l];
            zoff -= m;
            const double *z = W->z + i * W->zsz + zoff, *hin = W->h + i * W->hsz + l * d;
            const double *V = theta + thm5_off_V(s, l), *U = theta + thm5_off_U(s, l);
            double *dV = W->grad + thm5_off_V(s, l), *dU = W->grad + thm5_off_U(s, l);
            for (slong k = 0; k < m; k++) {
                W->t[k] = 0;
                if (z[k] <= 0)
                    continue;
                for (slong r = 0; r < d; r++) {
                    dV[r * m + k] += W->gh[r] * z[k];
                    W->t[k] += V[r * m + k] * W->gh[r];
                }
                for (slong j = 0; j < d; j++)
                    dU[k * d + j] += W->t[k] * hin[j];
            }
            for (slong k = 0; k < m; k++)
                for (slong j = 0; j < d; j++)
                    W->gh[j] += U[k * d + j] * W->t[k];
        }
    }
}

/* one step of length eta*M_l along each block matrix's normalised gradient,
 * projected back onto the Frobenius ball of radius M_l */
static void ascend(work *W, double *theta, double eta)
{
    const thm5_shape *s = W->S->shape;
    for (slong l = 0; l < s->L; l++) {
        slong k = s->d * s->m[l];
        slong offs[2] = {thm5_off_V(s, l), thm5_off_U(s, l)};
        for (int j = 0; j < 2; j++) {
            double *p = theta + offs[j], *g = W->grad + offs[j], ng = sqrt(norm2(g, k));
            if (ng == 0)
                continue;
            for (slong q = 0; q < k; q++)
                p[q] += eta * W->S->M[l] * g[q] / ng;
            scale_to(p, k, W->S->M[l], 1);
        }
    }
}

/* restart 0 starts near the linear network (small inner weights), the
 * others at random points of radius between M_l/2 and M_l */
static void start(work *W, double *theta, uint64_t *st, long restart)
{
    const thm5_shape *s = W->S->shape;
    for (slong p = 0; p < W->P; p++)
        theta[p] = normal(st);
    for (slong l = 0; l < s->L; l++) {
        double u = ((double)(mix(st) >> 11) + 0.5) * 0x1.0p-53;
        double r = W->S->M[l] * (restart == 0 ? 0.05 : 0.5 + 0.5 * u);
        scale_to(theta + thm5_off_V(s, l), s->d * s->m[l], r, 0);
        scale_to(theta + thm5_off_U(s, l), s->d * s->m[l], r, 0);
    }
}

double thm5_search_eps(const thm5_search *S, const double *eps, uint64_t tag, double *best)
{
    const thm5_shape *s = S->shape;
    work W = {S, thm5_nparams(s), (s->L + 1) * s->d, 0, NULL, NULL, NULL, NULL, NULL};
    slong mmax = 1;
    for (slong l = 0; l < s->L; l++) {
        W.zsz += s->m[l];
        mmax = FLINT_MAX(mmax, s->m[l]);
    }
    W.h = malloc(sizeof(double) * (size_t)(S->n * W.hsz));
    W.z = malloc(sizeof(double) * (size_t)(S->n * W.zsz + 1));
    W.grad = malloc(sizeof(double) * (size_t)W.P);
    W.gh = malloc(sizeof(double) * (size_t)s->d);
    W.t = malloc(sizeof(double) * (size_t)mmax);
    double *theta = malloc(sizeof(double) * (size_t)W.P), *c = malloc(sizeof(double) * (size_t)S->n);
    for (slong i = 0; i < S->n; i++)
        c[i] = eps[i] / (double)S->n;
    double bestJ = -1;
    for (long r = 0; r < S->restarts; r++) {
        uint64_t st = S->seed ^ (tag * 0x100000001b3ULL) ^ ((uint64_t)r << 48);
        start(&W, theta, &st, r);
        for (long it = 0; it <= S->iterations; it++) {
            double J = forward(&W, theta, c, theta); /* w = g, normalised below */
            scale_to(theta, s->d, 1.0, 0);
            if (J > bestJ) {
                bestJ = J;
                memcpy(best, theta, sizeof(double) * (size_t)W.P);
            }
            if (it == S->iterations || J == 0)
                break;
            backward(&W, theta, c);
            ascend(&W, theta, 0.3 * pow(0.01, (double)it / (double)S->iterations));
        }
    }
    free(W.h);
    free(W.z);
    free(W.grad);
    free(W.gh);
    free(W.t);
    free(theta);
    free(c);
    return bestJ;
}
