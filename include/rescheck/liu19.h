#ifndef RESCHECK_LIU19_H
#define RESCHECK_LIU19_H
/* liu19 (Liu et al., NeurIPS 2019, "Towards understanding the importance of
 * shortcut connections in residual networks") on the float path: the
 * two-layer non-overlapping convolutional network
 *     f(Z; w, a) = sum_j a_j relu(v^T Z_j),  Z_j ~ N(0, I_p) independent,
 * with the filter v = (1/sqrt(p) + w)/|1/sqrt(p) + w| (the shortcut prior)
 * or v = w/|w| (Du, Lee, Tian, Poczos, Singh 2018, without the shortcut),
 * labelled by a teacher (w*, a*) of the same form. The population loss
 *     l(w, a) = E[(f(Z; w, a) - f(Z; w*, a*))^2] / 2
 * has a closed form (docs/reproduction.md, "liu19.gd"), so gradient descent
 * on it is an explicit map of (w, a). */

#include <stdint.h>

typedef struct {
    int p, k;
    int shortcut;      /* 1: v = (e + w)/|e + w|, e = 1/sqrt(p); 0: v = w/|w| */
    const double *ws;  /* teacher w*, p */
    const double *as;  /* teacher a*, k */
    double eta_w, eta_a;
} liu19_problem;

/* g(phi) = E[relu(u^T z) relu(v^T z)] for unit u, v at angle phi:
 * (sin phi + (pi - phi) cos phi) / (2 pi) */
double liu19_kernel(double phi);
/* The angle between the student's and the teacher's filters; NaN when a
 * filter is 0. */
double liu19_angle(const liu19_problem *P, const double *w);
/* The population loss at (w, a); its gradient into gw (p) and ga (k) when
 * they are not NULL. NaN when the filter is 0. */
double liu19_loss(const liu19_problem *P, const double *w, const double *a, double *gw,
                  double *ga);
/* One GD step in place: w -= eta_w grad_w, a -= eta_a grad_a. Returns the
 * loss before the step (NaN: the filter vanished, nothing changed). */
double liu19_step(const liu19_problem *P, double *w, double *a);
/* The spurious local minimum of Du et al.: v = -v*, and
 * a = (11^T + (pi - 1) I)^{-1} (11^T - I) a*, written into a (k). */
void liu19_spurious_a(const liu19_problem *P, double *a);
/* Monte Carlo estimate of the loss and its gradient from n samples of Z
 * (seeded): means into loss, gw, ga and the sample standard deviations of
 * each into sd (1 + p + k entries: loss, gw, ga). */
void liu19_monte_carlo(const liu19_problem *P, const double *w, const double *a, long n,
                       uint64_t seed, double *loss, double *gw, double *ga, double *sd);

#endif
