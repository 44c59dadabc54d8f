#ifndef RESCHECK_YUN19_THM5_H
#define RESCHECK_YUN19_THM5_H
/* yun19 §5.2, Theorem 5: the residual networks
 *   h_0 = x, h_l = h_{l-1} + V_l relu(U_l h_{l-1}) (l = 1..L), f = w^T h_L,
 * with V_l d_x x m_l and U_l m_l x d_x. Parameters are one flat vector in the
 * order of docs/specs.md: w, then for each block V_l, U_l, row-major. */

#include <stdint.h>

#include <flint/flint.h>

typedef struct {
    slong d, L;
    const slong *m; /* L widths */
} thm5_shape;

/* number of parameters, and the offsets of V_l and U_l (l = 0..L-1) */
slong thm5_nparams(const thm5_shape *s);
slong thm5_off_V(const thm5_shape *s, slong l);
slong thm5_off_U(const thm5_shape *s, slong l);

/* The float search (src/claims/yun19_thm5_search.c; it only proposes).
 * For the sign vector eps (n entries +-1), projected gradient ascent on the
 * inner weights of J = max over ||w|| <= 1 of (1/n) sum eps_i f(x_i)
 * = ||sum_i (eps_i/n) h_L(x_i)||, with ||V_l||_F, ||U_l||_F <= M_l (M[l] =
 * sqrt(M_l^2)), restarts * iterations steps; theta gets the best network
 * found, w = g/||g|| (its exact optimum for those inner weights). X is n x d
 * row-major. Returns the float value of J there. */
typedef struct {
    const thm5_shape *shape;
    slong n;
    const double *X, *M;
    long restarts, iterations;
    uint64_t seed;
} thm5_search;

double thm5_search_eps(const thm5_search *S, const double *eps, uint64_t tag, double *theta);

#endif
