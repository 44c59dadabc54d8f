/* liu19 on the float path: the closed-form population loss of the two-layer
 * non-overlapping convolutional network, its gradient, the GD map, and a
 * Monte Carlo estimate to test them against (include/rescheck/liu19.h).
 *
 * With kappa = 1/(2 pi), unit filters v, v* at angle phi and
 * g(phi) = (sin phi + (pi - phi) cos phi) kappa, independent patches give
 * E[relu(v^T Z_i) relu(v*^T Z_j)] = g(phi) for i = j and kappa for i != j, so
 *   E[f f*] = a^T a* (g(phi) - kappa) + kappa (1^T a)(1^T a*),
 *   l = 1/2 [(pi - 1) kappa (|a|^2 + |a*|^2) + kappa ((1^T a)^2 + (1^T a*)^2)
 *            - 2 a^T a* (g(phi) - kappa) - 2 kappa (1^T a)(1^T a*)],
 *   grad_a l = (pi - 1) kappa a + kappa (1^T a) 1 - (g(phi) - kappa) a* - kappa (1^T a*) 1,
 *   grad_w l = -a^T a* (pi - phi) kappa / |u| (I - v v^T) v*,
 * u = e + w (or w), v = u/|u|, since g'(phi) = -(pi - phi) sin(phi) kappa and
 * d phi/du = -(I - v v^T) v* / (|u| sin phi): the sin phi cancels. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/liu19.h"
#include "rescheck/train.h"

#define KAPPA (1.0 / (2.0 * M_PI))

double liu19_kernel(double phi)
{
    return (sin(phi) + (M_PI - phi) * cos(phi)) * KAPPA;
}

/* u = e + w (shortcut) or w; returns |u| */
static double filter(const liu19_problem *P, double *u, const double *w)
{
    double e = P->shortcut ? 1.0 / sqrt((double)P->p) : 0.0, n2 = 0;
    for (int i = 0; i < P->p; i++) {
        u[i] = e + w[i];
        n2 += u[i] * u[i];
    }
    return sqrt(n2);
}

/* cos phi and the unit filters v, v* */
static double cos_angle(const liu19_problem *P, const double *w, double *v, double *vs,
                        double *nu)
{
    double n = filter(P, v, w), ns = filter(P, vs, P->ws), c = 0;
    *nu = n;
    if (!(n > 0) || !(ns > 0))
        return NAN;
    for (int i = 0; i < P->p; i++) {
        v[i] /= n;
        vs[i] /= ns;
        c += v[i] * vs[i];
    }
    return c > 1 ? 1 : c < -1 ? -1 : c;
}

double liu19_angle(const liu19_problem *P, const double *w)
{
    double v[P->p], vs[P->p], nu;
    return acos(cos_angle(P, w, v, vs, &nu));
}

double liu19_loss(const liu19_problem *P, const double *w, const double *a, double *gw,
                  double *ga)
{
    int p = P->p, k = P->k;
    double v[p], vs[p], nu;
    double c = cos_angle(P, w, v, vs, &nu);
    if (isnan(c))
        return NAN;
    double phi = acos(c), g = liu19_kernel(phi);
    double aa = 0, ss = 0, as = 0, sa = 0, sas = 0;
    for (int j = 0; j < k; j++) {
        aa += a[j] * a[j];
        ss += P->as[j] * P->as[j];
        as += a[j] * P->as[j];
        sa += a[j];
        sas += P->as[j];
    }
    double loss = 0.5 * ((M_PI - 1) * KAPPA * (aa + ss) + KAPPA * (sa * sa + sas * sas) -
                         2 * as * (g - KAPPA) - 2 * KAPPA * sa * sas);
    if (ga)
        for (int j = 0; j < k; j++)
            ga[j] = (M_PI - 1) * KAPPA * a[j] + KAPPA * sa - (g - KAPPA) * P->as[j] - KAPPA * sas;
    if (gw) {
        double s = -as * (M_PI - phi) * KAPPA / nu;
        for (int i = 0; i < p; i++)
            gw[i] = s * (vs[i] - c * v[i]);
    }
    return loss;
}

double liu19_step(const liu19_problem *P, double *w, double *a)
{
    double gw[P->p], ga[P->k];
    double l = liu19_loss(P, w, a, gw, ga);
    if (isnan(l))
        return l;
    for (int i = 0; i < P->p; i++)
        w[i] -= P->eta_w * gw[i];
    for (int j = 0; j < P->k; j++)
        a[j] -= P->eta_a * ga[j];
    return l;
}

/* (11^T + (pi - 1) I)^{-1} = (I - 11^T/(pi - 1 + k)) / (pi - 1) */
void liu19_spurious_a(const liu19_problem *P, double *a)
{
    int k = P->k;
    double s = 0;
    for (int j = 0; j < k; j++)
        s += P->as[j];
    /* b = (11^T - I) a* = s 1 - a*; a = (b - (1^T b)/(pi - 1 + k) 1)/(pi - 1) */
    double sb = k * s - s;
    for (int j = 0; j < k; j++)
        a[j] = ((s - P->as[j]) - sb / (M_PI - 1 + k)) / (M_PI - 1);
}

void liu19_monte_carlo(const liu19_problem *P, const double *w, const double *a, long n,
                       uint64_t seed, double *loss, double *gw, double *ga, double *sd)
{
    int p = P->p, k = P->k, m = 1 + p + k;
    double v[p], vs[p], nu, Z[p], x[m];
    double *sum = calloc((size_t)m, sizeof(double)), *sum2 = calloc((size_t)m, sizeof(double));
    cos_angle(P, w, v, vs, &nu);
    train_rng g;
    train_rng_seed(&g, seed);
    for (long s = 0; s < n; s++) {
        double f = 0, y = 0, dz[p];
        memset(dz, 0, sizeof dz);
        double act[k];
        for (int j = 0; j < k; j++) {
            double t = 0, ts = 0;
            for (int i = 0; i < p; i++) {
                Z[i] = train_rng_normal(&g);
                t += v[i] * Z[i];
                ts += vs[i] * Z[i];
            }
            act[j] = t > 0 ? t : 0;
            f += a[j] * act[j];
            y += P->as[j] * (ts > 0 ? ts : 0);
            if (t > 0) /* d(v^T Z_j)/du = (I - v v^T) Z_j / |u| */
                for (int i = 0; i < p; i++)
                    dz[i] += a[j] * (Z[i] - t * v[i]) / nu;
        }
        double r = f - y;
        x[0] = 0.5 * r * r;
        for (int i = 0; i < p; i++)
            x[1 + i] = r * dz[i];
        for (int j = 0; j < k; j++)
            x[1 + p + j] = r * act[j];
        for (int q = 0; q < m; q++) {
            sum[q] += x[q];
            sum2[q] += x[q] * x[q];
        }
    }
    for (int q = 0; q < m; q++) {
        double mean = sum[q] / n, var = (sum2[q] - n * mean * mean) / (n - 1);
        sd[q] = sqrt(var > 0 ? var : 0);
        if (q == 0)
            *loss = mean;
        else if (q <= p)
            gw[q - 1] = mean;
        else
            ga[q - 1 - p] = mean;
    }
    free(sum);
    free(sum2);
}
