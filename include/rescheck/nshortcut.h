#ifndef RESCHECK_NSHORTCUT_H
#define RESCHECK_NSHORTCUT_H
/* n-shortcut networks (li18, Definitions 1-2) over the rationals and the
 * exact Taylor expansion of their loss at the zero point.
 *
 * Unit r maps h to h + sigma_post(W^{r,n} sigma_mid(... sigma_mid(W^{r,1}
 * sigma_pre(h)))); the network composes units 1..R; the loss is
 * (1/2m) sum_mu ||y^mu - f(x^mu)||^2. Weights are indexed as Definition 5
 * orders them: lexicographic in (unit r, matrix l, column j, row i), i.e.
 * p = ((r*n + l)*d + j)*d + i with 0-based indices. */

#include <flint/fmpq_mat.h>

#include "rescheck/tpoly.h"

typedef enum { RC_ACT_IDENTITY, RC_ACT_RELU, RC_ACT_POLY } rc_act_kind;

/* An elementwise activation: the identity, ReLU (derivative at 0 read
 * through its right slope, 1), or the polynomial sum_k c_k t^k / k! given
 * by its derivatives c_k = sigma^(k)(0). */
typedef struct {
    rc_act_kind kind;
    slong nder;
    fmpq *der;
} rc_act;

typedef struct {
    slong d, m, n, R;
    fmpq_mat_t X, Y; /* d x m */
    rc_act pre, mid, post;
} rc_nsnet;

void rc_act_init_kind(rc_act *a, rc_act_kind kind);
void rc_act_clear(rc_act *a);
void rc_act_copy(rc_act *dst, const rc_act *src);
/* sigma^(k)(t) / k! */
void rc_act_taylor_coeff(fmpq_t out, const rc_act *a, const fmpq_t t, slong k);
const char *rc_act_name(const rc_act *a);

void rc_nsnet_init(rc_nsnet *net, slong d, slong m, slong n, slong R);
void rc_nsnet_clear(rc_nsnet *net);
slong rc_nsnet_nparams(const rc_nsnet *net);
slong rc_nsnet_index(const rc_nsnet *net, slong r, slong l, slong j, slong i);

/* A sparse symmetric matrix: entries (p, q, value) with p <= q, sorted. */
typedef struct {
    slong dim, len;
    slong *row, *col;
    fmpq *val;
} rc_symsparse;

void rc_symsparse_clear(rc_symsparse *s);
/* value at (p, q) in either order (0 if absent) */
void rc_symsparse_get(fmpq_t out, const rc_symsparse *s, slong p, slong q);

/* The loss's Taylor expansion at w = 0 up to degree K: terms[k] lists the
 * monomials of degree k with their coefficients (degree 0: L(0)). */
typedef struct {
    uint32_t K;
    slong nterms;
    rc_monomial *mono;
    fmpq *coef;
} rc_loss_taylor;

void rc_nsnet_loss_taylor(rc_loss_taylor *t, const rc_nsnet *net, uint32_t K);
void rc_loss_taylor_clear(rc_loss_taylor *t);

/* The Hessian at zero from the degree-2 part: H_pq = coefficient of
 * w_p w_q (p < q), H_pp = 2 * coefficient of w_p^2. */
void rc_loss_taylor_hessian(rc_symsparse *H, const rc_loss_taylor *t, slong nparams);

/* Convenience: the exact Hessian at zero (K = 2). */
void rc_nsnet_hessian(rc_symsparse *H, const rc_nsnet *net);

/* The loss itself along the ray w = t v as t -> 0+: c[k] is the coefficient
 * of t^k, k = 1, 2, in L(t v) = L(0) + c1 t + c2 t^2 + o(t^2) (c[0] is set to
 * 0: L(0) is not needed and not computed). Exact for
 * ReLU at any argument: ReLU(s(t)) is s(t) or 0 by the sign of the first
 * nonzero coefficient of s (not Assumption 3's right-hand piece). v has nnz
 * nonzero entries val[k] at the weights p[k]. Only samples mu with
 * use[mu] (all when use is NULL) are summed. */
#define RC_RAY_ORDER 2
void rc_nsnet_ray_loss(fmpq *c, const rc_nsnet *net, const slong *p, const fmpq *val, slong nnz,
                       const int *use);

#endif
