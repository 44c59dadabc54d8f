#ifndef RESCHECK_CHECK_RULES_H
#define RESCHECK_CHECK_RULES_H
/* What the rules share beyond the kernel: least squares in Q(rho) (yun19
 * §3.1), the li18 networks and their derivatives at 0, the spectrum object,
 * and the rule functions the table names. */

#include "kernel.h"

/* ---- least squares (lsq.c) --------------------------------------- */

/* n + 1 initialised elements of Q(rho); free with ck_qvec_free(v, n) */
fmpz_poly_q_struct *ck_qvec_new(slong n);
void ck_qvec_free(fmpz_poly_q_struct *v, slong n);
void ck_qrho_set_fmpq(fmpz_poly_q_t f, const fmpq_t x);
/* Best fit y ~ a*x + c (affine) or y ~ c of the points with mask[i] (all
 * when mask is NULL); det = m*Sxx - Sx^2 for the m points. */
void ck_fit(fmpz_poly_q_t a, fmpz_poly_q_t c, fmpz_poly_q_t sse, fmpz_poly_q_t det,
            int affine, const fmpz_poly_q_struct *x, const fmpz_poly_q_struct *y,
            const int *mask, slong n);
/* sse / n: the risk over all n points of the best fit of the masked ones */
void ck_fit_risk(fmpz_poly_q_t risk, int affine, const fmpz_poly_q_struct *x,
                 const fmpz_poly_q_struct *y, const int *mask, slong n);

/* ---- li18 n-shortcut networks (li18_net.c) ------------------------- */

/* An activation: the identity, ReLU (value max(t, 0), slope 1 for t >= 0 and
 * 0 for t < 0: at 0 its right-hand piece), or sum_k der[k] t^k / k!. */
typedef enum { CK_ACT_IDENTITY, CK_ACT_RELU, CK_ACT_POLY } ck_act_kind;
typedef struct {
    ck_act_kind kind;
    slong nder;
    fmpq *der;
} ck_act;

/* The network of the certificate's inputs: X, Y are d x m, row-major. */
typedef struct {
    slong d, m, n, R;
    fmpq *X, *Y;
    ck_act pre, mid, post;
} ck_net;

/* Reads {d, m, n, R, X, Y, activations} as the prover writes them, with
 * n_min <= n <= n_max (0: the prover's limit); ck_net_clear frees what was
 * read. */
int ck_net_read(ck_t *ck, ck_net *net, const json_t *in, slong n_min, slong n_max);
void ck_net_clear(ck_net *net);
/* sigma^(k)(t) */
void ck_act_deriv(fmpq_t out, const ck_act *a, const fmpq_t t, slong k);

/* A sparse polynomial in the weights: terms c * w_v[0] ... w_v[deg-1] with
 * sorted indices. Pushing appends; ck_sparse_norm sorts the terms (by degree,
 * then by the index tuple), adds equal monomials and drops zeros. */
#define CK_MAXDEG 6
typedef struct {
    uint32_t deg;
    uint32_t v[CK_MAXDEG];
} ck_mono;
typedef struct {
    ck_mono m;
    fmpq_t c;
} ck_term;
typedef struct {
    slong len, cap;
    ck_term *t;
} ck_sparse;

void ck_sparse_init(ck_sparse *s);
void ck_sparse_clear(ck_sparse *s);
void ck_sparse_push(ck_sparse *s, const ck_mono *m, const fmpq_t c);
void ck_sparse_norm(ck_sparse *s);
/* the coefficient of w_p w_q (either order) in a normalised s */
void ck_sparse_get2(fmpq_t out, const ck_sparse *s, slong p, slong q);

/* The loss at w = 0: its value, its gradient (terms of degree 1) and its
 * Hessian (entries H_pq, p <= q, as degree-2 terms), normalised; by
 * second-order forward-mode differentiation, one sample at a time. */
void ck_li18_derivatives(fmpq_t L0, ck_sparse *grad, ck_sparse *hess, const ck_net *net);
/* The loss's Taylor polynomial at w = 0 to order K (<= CK_MAXDEG), normalised,
 * one sample at a time. */
void ck_li18_taylor(ck_sparse *T, const ck_net *net, uint32_t K);

/* The results.relu object (li18_relu.c): the ReLUs whose argument is 0 at
 * w = 0, by position and by the signs the argument takes nearby; the order
 * from which Assumption 3's approximation can differ from the loss; the
 * witness, among fixed candidates, that the loss has no expansion of order
 * <= 2. null when no activation is ReLU. */
json_t *ck_li18_relu(const ck_net *net);

/* ---- characteristic polynomials and Descartes' rule (li18_spectrum.c) ---- */

/* The primitive characteristic polynomial (positive leading coefficient). */
void ck_charpoly(fmpz_poly_t cp, const fmpq_mat_t S);
/* f(-x) with a positive leading coefficient */
void ck_reflect(fmpz_poly_t g, const fmpz_poly_t f);
/* Descartes' rule of signs: an upper bound for the number of roots of f in
 * (a, b), b = NULL for (a, inf), counted with multiplicity; exact when every
 * root of f is real. */
slong ck_descartes(const fmpz_poly_t f, const fmpq_t a, const fmpq_t b);
/* the exponent of the irreducible g in f */
slong ck_exponent(const fmpz_poly_t g, const fmpz_poly_t f);
/* [negative, zero, positive] eigenvalues, with multiplicity, of a real
 * symmetric matrix with characteristic polynomial cp (all roots real, so
 * Descartes' count is exact). */
void ck_inertia(slong inertia[3], const fmpz_poly_t cp);

/* ---- exact spectra (li18_spectrum.c) -------------------------------- */

/* The object {charpoly, singular, inertia, abs_max, abs_min, cond} of the
 * symmetric matrix S. The charpoly and inertia are recomputed; abs_max and
 * abs_min are read from w and verified (each the absolute value of an
 * eigenvalue, no eigenvalue larger, resp. smaller, in absolute value); cond
 * is their ratio as the prover prints it, *cond its enclosure. */
int ck_spectrum(ck_t *ck, json_t **out, arb_t cond, int *singular, const fmpq_mat_t S,
                const json_t *w, const char *path);

/* yun19 §3.1 (variant 0 R_lin, 1 a piecewise table, 2 Proposition 1), §3.2 */
int ck_yun19_sec31(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                   const json_t *results, json_t **expected, ck_verdict *v);
int ck_yun19_thm2(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                  const json_t *results, json_t **expected, ck_verdict *v);
int ck_yun19_response(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                      const json_t *results, json_t **expected, ck_verdict *v);
int ck_yun19_nonmono(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                     const json_t *results, json_t **expected, ck_verdict *v);
/* yun19 §5.1 Theorem 4 on instances */
int ck_yun19_thm4(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                  const json_t *results, json_t **expected, ck_verdict *v);
/* yun19 §5.2, Theorem 5 from below (Rademacher complexity) */
int ck_yun19_thm5(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                  const json_t *results, json_t **expected, ck_verdict *v);
/* wu19 author response: rectangular ZAS (init), the discrete rate (rate) */
int ck_wu19_init(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                 const json_t *results, json_t **expected, ck_verdict *v);
int ck_wu19_rate(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                 const json_t *results, json_t **expected, ck_verdict *v);
/* li18 Theorem 2 (variant = n: 1, 2, or 3 for n >= 3), Lemma 1 */
int ck_li18_hessian(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                    const json_t *results, json_t **expected, ck_verdict *v);
int ck_li18_thm1(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                 const json_t *results, json_t **expected, ck_verdict *v);
int ck_li18_lemma1(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                   const json_t *results, json_t **expected, ck_verdict *v);
/* liu19 GD on the population loss, every step re-enclosed */
int ck_liu19_gd(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                const json_t *results, json_t **expected, ck_verdict *v);
/* wu19 response: the mZAS start of the nonlinear ResNet */
int ck_wu19_mzas(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                 const json_t *results, json_t **expected, ck_verdict *v);

/* a user's own claims: identity, inequality, rounding (user_identity.c,
 * user_inequality.c, user_rounding.c) and what they share (user_expr.c) */
/* inputs: the required keys and only the optional ones besides; kind; the
 * id's form; statement and where within the limits */
int ck_user_head(ck_t *ck, const json_t *in, const char *kind, const char *required,
                 const char *optional);
/* inputs.KEY, a string (NULL, ck failed, otherwise) */
const char *ck_user_str(ck_t *ck, const json_t *in, const char *key);
/* inputs.KEY: an expression in rho within the degree and digit limits */
int ck_user_expr(ck_t *ck, fmpz_poly_q_t f, const json_t *in, const char *key);
/* "sqrt(Q)", "C*sqrt(Q)", "sqrt(Q)/D", "C*sqrt(Q)/D" (C, D > 0): 1 and
 * q = Q (C/D)^2; 0 for another form; -1 malformed */
int ck_user_sqrt_form(fmpq_t q, const char *text);
/* inputs.KEY: an interval "(0, sqrt(5)/2]" of more than one point */
int ck_user_interval(ck_t *ck, ck_interval *I, const json_t *in, const char *key);
void ck_user_real_line(ck_interval *D);
void ck_user_end_rational(ck_end *e, const fmpq_t x);
/* P = den f den g, P2 = P^2 (positive exactly where both are defined) */
void ck_user_defined_poly(fmpz_poly_q_t P2, fmpz_poly_t P, const fmpz_poly_q_t f,
                          const fmpz_poly_q_t g);
void ck_user_eval(fmpq_t out, const fmpz_poly_q_t f, const fmpq_t t);
/* x (a finite end) lies in I */
int ck_user_end_in(const ck_end *x, const ck_interval *I);
/* A witness point {"at", "f", "g"}: t in I (when I is given), f and g
 * defined there; their values recomputed into ft, gt and *expected. */
int ck_user_point_witness(ck_t *ck, json_t **expected, fmpq_t ft, fmpq_t gt, const json_t *w,
                          const char *path, const fmpz_poly_q_t f, const fmpz_poly_q_t g,
                          const fmpz_poly_t P, const ck_interval *I);
int ck_user_identity(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                     const json_t *results, json_t **expected, ck_verdict *v);
int ck_user_inequality(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                       const json_t *results, json_t **expected, ck_verdict *v);
int ck_user_rounding(ck_t *ck, int variant, const char *claim, const json_t *inputs,
                     const json_t *results, json_t **expected, ck_verdict *v);

/* inputs = {"instances": [1 to max entries]}: their number, or -1 (failed) */
static inline slong ck_instances(ck_t *ck, const json_t *in, int max)
{
    slong n;
    if (ck_keys(ck, in, "inputs", "instances") ||
        (n = ck_array(ck, json_object_get(in, "instances"), -1, "inputs.instances")) < 0)
        return -1;
    if (n < 1 || n > max)
        return ck_limit(ck, "inputs.instances", "expected 1 to %d instances", max), -1;
    return n;
}

#endif
