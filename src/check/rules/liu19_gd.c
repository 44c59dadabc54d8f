/* Rule liu19.gd/1: GD on the liu19 population loss, re-run from the
 * certificate's rational inputs with the checker's own Arb code. For unit
 * filters v, v* at angle phi and kappa = 1/(2 pi), the loss
 *   l = 1/2 [(pi-1) kappa (|a|^2 + |a*|^2) + kappa ((1^T a)^2 + (1^T a*)^2)
 *            - 2 a^T a* (g(phi) - kappa) - 2 kappa (1^T a)(1^T a*)],
 *   g(phi) = (sin phi + (pi - phi) cos phi) kappa,
 * has grad_a = (pi-1) kappa a + kappa (1^T a - 1^T a*) 1 - (g - kappa) a* and
 * grad_w = -a^T a* (pi - phi) kappa / |u| (v* - cos(phi) v), u = e + w
 * (e = 1/sqrt(p) with the shortcut, 0 without), v = u/|u|. Here cos phi is
 * u^T v* / |u|, sin phi = sqrt(max(0, 1 - cos^2)), phi from both by the
 * branch of atan that avoids the cut, and Du et al.'s spurious
 * a_S = -a* / (pi - 1) + pi (1^T a*) / ((pi - 1)(pi - 1 + k)) 1. Every iterate's
 * basin (R1: a^T a* > 0 and phi < basin_phi pi; R2: a^T a* < 0 and
 * phi > basin_phi pi; none; undecided) is decided on the balls, and the
 * last iterate's distances to the optima against delta. A run's witness
 * that it stays in R2 for ever (results.runs[i].stays_in_R2) is verified, not
 * searched for, at its step (verify_stay). The recomputed results must equal
 * the certificate's, and each run's outcome its expect ("trapped" only with
 * a verified witness). */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

typedef struct {
    slong p, k, prec; /* prec: the checker's working precision, above the certificate's */
    fmpq *ws, *as;
    fmpq_t bphi;
} gd_in;

static int qvec(ck_t *ck, fmpq *v, const json_t *j, slong n, const char *path)
{
    char sub[CK_PATH];
    if (ck_array(ck, j, n, path) < 0)
        return -1;
    for (slong i = 0; i < n; i++) {
        ck_pathf(sub, "%s[%ld]", path, (long)i);
        if (ck_q(ck, v + i, json_array_get(j, (size_t)i), sub))
            return -1;
    }
    return 0;
}

static int positive(ck_t *ck, fmpq_t x, const json_t *j, const char *path)
{
    if (ck_q(ck, x, j, path))
        return -1;
    return fmpq_sgn(x) > 0 ? 0 : ck_fail(ck, path, "must be positive");
}

/* the checker's state of one run */
typedef struct {
    slong p, k, prec;
    arb_ptr vs, as, aS, w, a;
    arb_t e, pi, kappa, eta_w, eta_a, bphi;
} gd_run;

static void run_init(gd_run *R, const gd_in *I, int shortcut, const fmpq_t eta_w,
                     const fmpq_t eta_a)
{
    slong p = I->p, k = I->k, prec = I->prec;
    R->p = p;
    R->k = k;
    R->prec = prec;
    R->vs = _arb_vec_init(p);
    R->w = _arb_vec_init(p);
    R->as = _arb_vec_init(k);
    R->aS = _arb_vec_init(k);
    R->a = _arb_vec_init(k);
    arb_init(R->e);
    arb_init(R->pi);
    arb_init(R->kappa);
    arb_init(R->eta_w);
    arb_init(R->eta_a);
    arb_init(R->bphi);
    arb_const_pi(R->pi, prec);
    arb_mul_2exp_si(R->kappa, R->pi, 1);
    arb_inv(R->kappa, R->kappa, prec);
    if (shortcut) {
        arb_set_si(R->e, p);
        arb_sqrt(R->e, R->e, prec);
        arb_inv(R->e, R->e, prec);
    }
    arb_t n2, t, sum, pm1;
    arb_init(n2);
    arb_init(t);
    arb_init(sum);
    arb_init(pm1);
    for (slong i = 0; i < p; i++) {
        arb_set_fmpq(t, I->ws + i, prec);
        arb_add(R->vs + i, t, R->e, prec);
        arb_addmul(n2, R->vs + i, R->vs + i, prec);
    }
    arb_sqrt(n2, n2, prec);
    _arb_vec_scalar_div(R->vs, R->vs, p, n2, prec);
    for (slong j = 0; j < k; j++) {
        arb_set_fmpq(R->as + j, I->as + j, prec);
        arb_add(sum, sum, R->as + j, prec);
    }
    /* a_S = alpha 1 + beta a*, beta = -1/(pi - 1), alpha = pi (1^T a*)/((pi - 1)(pi - 1 + k)) */
    arb_sub_ui(pm1, R->pi, 1, prec);
    arb_add_si(t, pm1, k, prec);
    arb_mul(t, t, pm1, prec);
    arb_mul(sum, sum, R->pi, prec);
    arb_div(sum, sum, t, prec);
    for (slong j = 0; j < k; j++) {
        arb_div(t, R->as + j, pm1, prec);
        arb_sub(R->aS + j, sum, t, prec);
    }
    arb_set_fmpq(R->eta_w, eta_w, prec);
    arb_set_fmpq(R->eta_a, eta_a, prec);
    arb_set_fmpq(R->bphi, I->bphi, prec);
    arb_mul(R->bphi, R->bphi, R->pi, prec);
    arb_clear(n2);
    arb_clear(t);
    arb_clear(sum);
    arb_clear(pm1);
}

static void run_clear(gd_run *R)
{
    _arb_vec_clear(R->vs, R->p);
    _arb_vec_clear(R->w, R->p);
    _arb_vec_clear(R->as, R->k);
    _arb_vec_clear(R->aS, R->k);
    _arb_vec_clear(R->a, R->k);
    arb_clear(R->e);
    arb_clear(R->pi);
    arb_clear(R->kappa);
    arb_clear(R->eta_w);
    arb_clear(R->eta_a);
    arb_clear(R->bphi);
}

/* u = e + w, |u|, cos phi, phi, and a^T a*; 0, or -1 when not finite */
static int measure(gd_run *R, arb_ptr u, arb_t nu, arb_t c, arb_t phi, arb_t ad)
{
    slong prec = R->prec;
    arb_t sn, t;
    arb_init(sn);
    arb_init(t);
    arb_zero(nu);
    arb_zero(c);
    for (slong i = 0; i < R->p; i++) {
        arb_add(u + i, R->w + i, R->e, prec);
        arb_addmul(nu, u + i, u + i, prec);
        arb_addmul(c, u + i, R->vs + i, prec);
    }
    arb_sqrtpos(nu, nu, prec);
    int ok = arb_is_positive(nu);
    if (ok) {
        arb_div(c, c, nu, prec);
        arb_mul(sn, c, c, prec);
        arb_sub_ui(sn, sn, 1, prec);
        arb_neg(sn, sn);
        arb_sqrtpos(sn, sn, prec);
        if (arb_is_positive(c) || arb_is_negative(c)) {
            arb_div(t, sn, c, prec);
            arb_atan(phi, t, prec);
            if (arb_is_negative(c))
                arb_add(phi, phi, R->pi, prec);
        } else {
            arb_div(t, c, sn, prec);
            arb_atan(t, t, prec);
            arb_mul_2exp_si(phi, R->pi, -1);
            arb_sub(phi, phi, t, prec);
        }
        ok = arb_is_finite(phi);
    }
    arb_zero(ad);
    for (slong j = 0; j < R->k; j++)
        arb_addmul(ad, R->a + j, R->as + j, prec);
    arb_clear(sn);
    arb_clear(t);
    return ok ? 0 : -1;
}

/* one step from the measured state; 0, or -1 when a ball is not finite */
static int step(gd_run *R, arb_srcptr u, const arb_t nu, const arb_t c, const arb_t phi,
                const arb_t ad)
{
    slong prec = R->prec, p = R->p, k = R->k;
    arb_t sn, gk, diff, t, coef;
    arb_init(sn);
    arb_init(gk);
    arb_init(diff);
    arb_init(t);
    arb_init(coef);
    /* g - kappa = kappa (sin phi + (pi - phi) cos phi - 1), sin phi recomputed */
    arb_sin(sn, phi, prec);
    arb_sub(t, R->pi, phi, prec);
    arb_mul(gk, t, c, prec);
    arb_add(gk, gk, sn, prec);
    arb_sub_ui(gk, gk, 1, prec);
    arb_mul(gk, gk, R->kappa, prec);
    /* coef = eta_w a^T a* (pi - phi) kappa / |u| */
    arb_mul(coef, R->eta_w, ad, prec);
    arb_mul(coef, coef, t, prec);
    arb_mul(coef, coef, R->kappa, prec);
    arb_div(coef, coef, nu, prec);
    for (slong j = 0; j < k; j++)
        arb_add(diff, diff, R->a + j, prec), arb_sub(diff, diff, R->as + j, prec);
    arb_ptr na = _arb_vec_init(k), nw = _arb_vec_init(p);
    for (slong j = 0; j < k; j++) {
        arb_sub_ui(t, R->pi, 1, prec);
        arb_mul(t, t, R->a + j, prec);
        arb_add(t, t, diff, prec);
        arb_mul(t, t, R->kappa, prec);
        arb_submul(t, gk, R->as + j, prec);
        arb_mul(t, t, R->eta_a, prec);
        arb_sub(na + j, R->a + j, t, prec);
    }
    for (slong i = 0; i < p; i++) {
        /* v* - cos(phi) u/|u| */
        arb_mul(t, c, u + i, prec);
        arb_div(t, t, nu, prec);
        arb_sub(t, R->vs + i, t, prec);
        arb_mul(t, t, coef, prec);
        arb_add(nw + i, R->w + i, t, prec);
    }
    int ok = _arb_vec_is_finite(na, k) && _arb_vec_is_finite(nw, p);
    if (ok) {
        _arb_vec_swap(R->a, na, k);
        _arb_vec_swap(R->w, nw, p);
    }
    _arb_vec_clear(na, k);
    _arb_vec_clear(nw, p);
    arb_clear(sn);
    arb_clear(gk);
    arb_clear(diff);
    arb_clear(t);
    arb_clear(coef);
    return ok ? 0 : -1;
}

static const char *const BASIN[] = {"none", "R1", "R2", "undecided"};

static int basin_of(const gd_run *R, const arb_t phi, const arb_t ad)
{
    int in1 = arb_is_positive(ad) && arb_lt(phi, R->bphi);
    int in2 = arb_is_negative(ad) && arb_gt(phi, R->bphi);
    if (in1 || in2)
        return in1 ? 1 : 2;
    int out1 = arb_is_nonpositive(ad) || arb_ge(phi, R->bphi);
    int out2 = arb_is_nonnegative(ad) || arb_le(phi, R->bphi);
    return out1 && out2 ? 0 : 3;
}

/* max(angle distance, |a - target|) <= delta: 1, 0 (> delta), -1 undecided */
static int within(const gd_run *R, const arb_t dang, arb_srcptr target, const arb_t delta)
{
    arb_t d2, t, del2;
    arb_init(d2);
    arb_init(t);
    arb_init(del2);
    for (slong j = 0; j < R->k; j++) {
        arb_sub(t, R->a + j, target + j, R->prec);
        arb_addmul(d2, t, t, R->prec);
    }
    arb_mul(del2, delta, delta, R->prec);
    /* compared squared: |a - target|^2 <= delta^2 */
    int ang = arb_le(dang, delta) ? 1 : arb_gt(dang, delta) ? 0 : -1;
    int dist = arb_le(d2, del2) ? 1 : arb_gt(d2, del2) ? 0 : -1;
    arb_clear(d2);
    arb_clear(t);
    arb_clear(del2);
    return ang == 0 || dist == 0 ? 0 : ang < 0 || dist < 0 ? -1 : 1;
}

static json_t *tri(int x)
{
    return x < 0 ? json_null() : json_boolean(x);
}

/* The witness that the iterate stays in R2 for ever: Omega = {phi >= phi1,
 * |u|^2 >= u2, S_lo <= 1^T a <= S_hi, -A_max <= a^T a* <= -alpha} is
 * invariant under the GD map when the conditions below hold (each is one
 * Arb comparison, so "holds" means proved):
 *  - phi1 >= pi/2 and phi1 > basin_phi pi, alpha > 0, u2 > 0;
 *  - eta_a (pi - 1 + k) kappa <= 1: 1^T a moves to a convex combination of
 *    itself and (1^T a*) H(phi), H = (k - 1 + 2 pi g(phi))/(pi - 1 + k) in
 *    [(k - 1)/(pi - 1 + k), k/(pi - 1 + k)] for phi >= pi/2, so [S_lo, S_hi]
 *    containing both ends of that range holds 1^T a;
 *  - a^T a* moves to (1 - eta_a (pi-1) kappa) a^T a* + eta_a [-kappa S*(S - S*)
 *    + (g(phi) - kappa)|a*|^2], and g decreases, so with B (B') the largest
 *    (smallest) bracket over S in [S_lo, S_hi], phi in [phi1, pi], B <= -(pi-1)
 *    kappa alpha and B' >= -(pi-1) kappa A_max keep a^T a* in [-A_max, -alpha];
 *  - with a^T a* < 0 the w-step turns u away from v* in the plane of u, v* by
 *    theta, tan theta = eta_w |a^T a*| kappa (pi - phi) sin(phi)/|u|^2
 *    <= eta_w A_max kappa (pi - phi1)^2/u2 (|u| never decreases: the step is
 *    orthogonal to u), so phi stays >= phi1 when that is <= pi - phi1, i.e.
 *    eta_w A_max kappa (pi - phi1) <= u2 (tan x >= x);
 * and the iterate at the witness's step lies in Omega. */
static const char *const WIT[] = {"phi1", "u2", "S_lo", "S_hi", "A_max", "alpha"};

/* The witness is canonical, so that no other spelling of it is accepted: each
 * entry is the point of the grid 2^-40 just outside the ball the checker
 * computes for it at the witness's step (phi1, u2, S_lo, alpha below; S_hi,
 * A_max above), with [S_lo, S_hi] around 1^T a and (1^T a*) H at both ends,
 * alpha = min(-a^T a*, -B/((pi-1) kappa)) and A_max = max(-a^T a*,
 * -B'/((pi-1) kappa), 0). */
#define GRID_BITS 40
static int on_grid_n(const fmpq_t q, arb_srcptr x, int n, int up)
{
    arf_t b, c;
    fmpz_t z;
    fmpq_t g;
    arf_init(b);
    arf_init(c);
    fmpz_init(z);
    fmpq_init(g);
    for (int i = 0; i < n; i++) {
        if (up)
            arb_get_ubound_arf(c, x + i, 64);
        else
            arb_get_lbound_arf(c, x + i, 64);
        if (i == 0 || (up ? arf_cmp(c, b) > 0 : arf_cmp(c, b) < 0))
            arf_set(b, c);
    }
    arf_mul_2exp_si(b, b, GRID_BITS);
    arf_get_fmpz(z, b, up ? ARF_RND_CEIL : ARF_RND_FLOOR);
    fmpq_set_fmpz(g, z);
    fmpq_div_2exp(g, g, GRID_BITS);
    int eq = arf_is_finite(b) && fmpq_equal(g, q);
    arf_clear(b);
    arf_clear(c);
    fmpz_clear(z);
    fmpq_clear(g);
    return eq;
}

static int on_grid(const fmpq_t q, const arb_t x, int up)
{
    return on_grid_n(q, x, 1, up);
}

static int verify_stay(ck_t *ck, gd_run *R, const fmpq *wq, const arb_t phi, const arb_t nu,
                       const arb_t ad, const char *path)
{
    slong prec = R->prec, k = R->k;
    arb_t x[6], t, u, S, Ss, N, f[2], m, g;
    for (int i = 0; i < 6; i++) {
        arb_init(x[i]);
        arb_set_fmpq(x[i], wq + i, prec);
    }
    arb_init(t), arb_init(u), arb_init(S), arb_init(Ss), arb_init(N), arb_init(f[0]), arb_init(f[1]);
    arb_init(m), arb_init(g);
    for (slong j = 0; j < k; j++) {
        arb_add(S, S, R->a + j, prec);
        arb_add(Ss, Ss, R->as + j, prec);
        arb_addmul(N, R->as + j, R->as + j, prec);
    }
    const char *bad = NULL;
    arb_mul_2exp_si(t, R->pi, -1);
    if (!arb_ge(x[0], t) || !arb_gt(x[0], R->bphi))
        bad = "phi1 is not >= pi/2 and > basin_phi pi";
    else if (fmpq_sgn(wq + 5) <= 0 || fmpq_sgn(wq + 1) <= 0)
        bad = "alpha and u2 must be positive";
    if (!bad) { /* the iterate in Omega */
        arb_mul(u, nu, nu, prec);
        arb_neg(t, ad);
        if (!arb_ge(phi, x[0]) || !arb_ge(u, x[1]) || !arb_ge(S, x[2]) || !arb_le(S, x[3]) ||
            !arb_le(t, x[4]) || !arb_ge(t, x[5]))
            bad = "the iterate at its step is not in the set";
    }
    if (!bad) { /* eta_a (pi - 1 + k) kappa <= 1 */
        arb_sub_ui(t, R->pi, 1, prec);
        arb_add_si(t, t, k, prec);
        arb_mul(t, t, R->kappa, prec);
        arb_mul(t, t, R->eta_a, prec);
        arb_sub_ui(t, t, 1, prec);
        if (!arb_is_nonpositive(t))
            bad = "eta_a (pi - 1 + k)/(2 pi) is not <= 1";
    }
    if (!bad) { /* S_lo <= S* H0, S* H1 <= S_hi */
        for (int e = 0; e < 2 && !bad; e++) {
            arb_sub_ui(t, R->pi, 1, prec);
            arb_add_si(t, t, k, prec);
            arb_set_si(u, k - 1 + e);
            arb_div(u, u, t, prec);
            arb_mul(u, u, Ss, prec);
            if (!arb_ge(u, x[2]) || !arb_le(u, x[3]))
                bad = "[S_lo, S_hi] does not contain (1^T a*) H";
        }
    }
    if (!bad) { /* B, B' */
        for (int e = 0; e < 2; e++) {
            arb_sub(t, x[2 + e], Ss, prec);
            arb_mul(f[e], t, Ss, prec);
            arb_mul(f[e], f[e], R->kappa, prec);
            arb_neg(f[e], f[e]);
        }
        arb_sub_ui(m, R->pi, 1, prec);
        arb_mul(m, m, R->kappa, prec);
        /* g(phi1) - kappa */
        arb_cos(t, x[0], prec);
        arb_sub(g, R->pi, x[0], prec);
        arb_mul(g, g, t, prec);
        arb_sin(t, x[0], prec);
        arb_add(g, g, t, prec);
        arb_sub_ui(g, g, 1, prec);
        arb_mul(g, g, R->kappa, prec);
        arb_mul(g, g, N, prec);
        /* B <= -m alpha at both ends */
        arb_mul(u, m, x[5], prec);
        arb_neg(u, u);
        for (int e = 0; e < 2 && !bad; e++) {
            arb_add(t, f[e], g, prec);
            if (!arb_le(t, u))
                bad = "a^T a* can rise above -alpha";
        }
        /* B' >= -m A_max at both ends */
        arb_mul(u, m, x[4], prec);
        arb_neg(u, u);
        for (int e = 0; e < 2 && !bad; e++) {
            arb_submul(f[e], R->kappa, N, prec);
            if (!arb_ge(f[e], u))
                bad = "a^T a* can fall below -A_max";
        }
    }
    if (!bad) { /* the canonical witness of this step */
        arb_t h, mx;
        arb_init(h), arb_init(mx);
        arb_mul(u, nu, nu, prec);
        int canon = on_grid(wq + 0, phi, 0) && on_grid(wq + 1, u, 0);
        arb_ptr three = _arb_vec_init(3);
        arb_set(three, S);
        for (int e = 0; e < 2; e++) {
            arb_sub_ui(t, R->pi, 1, prec);
            arb_add_si(t, t, k, prec);
            arb_set_si(h, k - 1 + e);
            arb_div(h, h, t, prec);
            arb_mul(three + 1 + e, h, Ss, prec);
        }
        canon = canon && on_grid_n(wq + 2, three, 3, 0) && on_grid_n(wq + 3, three, 3, 1);
        _arb_vec_clear(three, 3);
        /* B and B' at the witness's own S_lo, S_hi, phi1 (f[] now holds the B' terms) */
        arb_max(mx, f[0], f[1], prec);
        arb_addmul(mx, R->kappa, N, prec); /* back to the bracket without -kappa N */
        arb_add(mx, mx, g, prec);          /* B */
        arb_div(mx, mx, m, prec);
        arb_max(mx, mx, ad, prec);
        arb_neg(mx, mx);
        canon = canon && on_grid(wq + 5, mx, 0);
        arb_min(mx, f[0], f[1], prec); /* B' */
        arb_div(mx, mx, m, prec);
        arb_min(mx, mx, ad, prec);
        arb_neg(mx, mx);
        arb_zero(h);
        arb_max(mx, mx, h, prec);
        canon = canon && on_grid(wq + 4, mx, 1);
        if (!canon)
            bad = "not the canonical witness of its step (grid 2^-40 outside the balls)";
        arb_clear(h), arb_clear(mx);
    }
    if (!bad) { /* eta_w A_max kappa (pi - phi1) <= u2 */
        arb_sub(t, R->pi, x[0], prec);
        arb_mul(t, t, R->kappa, prec);
        arb_mul(t, t, R->eta_w, prec);
        arb_mul(t, t, x[4], prec);
        if (!arb_le(t, x[1]))
            bad = "the w-step can turn u back past phi1";
    }
    for (int i = 0; i < 6; i++)
        arb_clear(x[i]);
    arb_clear(t), arb_clear(u), arb_clear(S), arb_clear(Ss), arb_clear(N), arb_clear(f[0]);
    arb_clear(f[1]), arb_clear(m), arb_clear(g);
    return bad ? ck_fail(ck, path, "the witness does not prove the run stays in R2: %s", bad) : 0;
}

/* one run: its recomputed results object */
static int check_run(ck_t *ck, const gd_in *I, const json_t *r, const json_t *claimed, slong idx,
                     json_t **out, ck_verdict *v)
{
    char path[CK_PATH];
    ck_pathf(path, "inputs.runs[%ld]", (long)idx);
    if (ck_keys(ck, r, path, "name shortcut w0 a0 eta_w eta_a steps delta expect"))
        return -1;
    const json_t *name = json_object_get(r, "name"), *expect = json_object_get(r, "expect");
    char sub[CK_PATH];
    if (!json_is_string(name))
        return ck_pathf(sub, "%s.name", path), ck_fail(ck, sub, "expected a string");
    if (!json_is_string(expect) || (strcmp(json_string_value(expect), "global") &&
                                    strcmp(json_string_value(expect), "trapped")))
        return ck_pathf(sub, "%s.expect", path), ck_fail(ck, sub, "expected \"global\" or \"trapped\"");
    int shortcut;
    slong steps;
    fmpq *w0 = _fmpq_vec_init(I->p), *a0 = _fmpq_vec_init(I->k);
    fmpq_t ew, ea, delta, a0d;
    fmpq_init(ew);
    fmpq_init(ea);
    fmpq_init(delta);
    fmpq_init(a0d);
    int rc = -1;
    ck_pathf(sub, "%s.shortcut", path);
    if (ck_bool(ck, &shortcut, json_object_get(r, "shortcut"), sub))
        goto done;
    ck_pathf(sub, "%s.steps", path);
    if (ck_int(ck, &steps, json_object_get(r, "steps"), 0, RC_LIMIT_LIU19_STEPS, sub))
        goto done;
    ck_pathf(sub, "%s.w0", path);
    if (qvec(ck, w0, json_object_get(r, "w0"), I->p, sub))
        goto done;
    ck_pathf(sub, "%s.a0", path);
    if (qvec(ck, a0, json_object_get(r, "a0"), I->k, sub))
        goto done;
    ck_pathf(sub, "%s.eta_w", path);
    if (positive(ck, ew, json_object_get(r, "eta_w"), sub))
        goto done;
    ck_pathf(sub, "%s.eta_a", path);
    if (positive(ck, ea, json_object_get(r, "eta_a"), sub))
        goto done;
    ck_pathf(sub, "%s.delta", path);
    if (positive(ck, delta, json_object_get(r, "delta"), sub))
        goto done;
    for (slong j = 0; j < I->k; j++)
        fmpq_addmul(a0d, a0 + j, I->as + j);
    /* the certificate's witness that the run stays in R2 (null: none) */
    const json_t *wj = json_object_get(claimed, "stays_in_R2");
    char wpath[CK_PATH];
    ck_pathf(wpath, "results.runs[%ld].stays_in_R2", (long)idx);
    slong wstep = -1;
    fmpq *wq = _fmpq_vec_init(6);
    if (wj && !json_is_null(wj)) {
        if (ck_keys(ck, wj, wpath, "step phi1 u2 S_lo S_hi A_max alpha")) {
            _fmpq_vec_clear(wq, 6);
            goto done;
        }
        ck_pathf(sub, "%s.step", wpath);
        int bad = ck_int(ck, &wstep, json_object_get(wj, "step"), 0, steps, sub);
        for (int q = 0; q < 6 && !bad; q++) {
            ck_pathf(sub, "%s.%s", wpath, WIT[q]);
            bad = ck_q(ck, wq + q, json_object_get(wj, WIT[q]), sub);
        }
        if (bad) {
            _fmpq_vec_clear(wq, 6);
            goto done;
        }
    }

    gd_run R;
    run_init(&R, I, shortcut, ew, ea);
    for (slong i = 0; i < I->p; i++)
        arb_set_fmpq(R.w + i, w0 + i, I->prec);
    for (slong j = 0; j < I->k; j++)
        arb_set_fmpq(R.a + j, a0 + j, I->prec);
    arb_ptr u = _arb_vec_init(I->p);
    arb_t nu, c, phi, ad, d, pd;
    arb_init(nu);
    arb_init(c);
    arb_init(phi);
    arb_init(ad);
    arb_init(d);
    arb_init(pd);
    json_t *segs = json_array();
    int last = -1, b = 3, broke = 0;
    slong run_len = 0, enclosed = 0;
    /* The certificate may stop earlier than this enclosure would: its last
       iterate "undecided" claims nothing after it, and is accepted where this
       enclosure decides more (a weaker claim). Where the certificate decides
       an iterate this enclosure cannot, the checker cannot confirm it: a
       limit (raise inputs.prec), not a wrong certificate. */
    slong cert_stop = -1;
    const json_t *cb = json_object_get(claimed, "basins");
    const json_t *lastseg = json_array_get(cb, json_array_size(cb) ? json_array_size(cb) - 1 : 0);
    if (json_is_array(lastseg) && json_is_string(json_array_get(lastseg, 0)) &&
        !strcmp(json_string_value(json_array_get(lastseg, 0)), "undecided") &&
        json_is_integer(json_object_get(claimed, "enclosed_steps")))
        cert_stop = (slong)json_integer_value(json_object_get(claimed, "enclosed_steps")) - 1;
    int near_cert[2] = {-2, -2}; /* the certificate's near flags: 1, 0, -1 (null) */
    for (int q = 0; q < 2; q++) {
        const json_t *x = json_object_get(claimed, q ? "near_spurious" : "near_global");
        near_cert[q] = json_is_null(x) ? -1 : json_is_boolean(x) ? json_is_true(x) : -2;
    }
    for (slong t = 0; t <= steps; t++) {
        b = measure(&R, u, nu, c, phi, ad) ? 3 : basin_of(&R, phi, ad);
        if (t == cert_stop)
            b = 3;
        else if (b == 3 && (cert_stop < 0 || t < cert_stop)) {
            ck_pathf(sub, "results.runs[%ld].basins", (long)idx);
            ck_limit(ck, sub, "the checker's enclosure cannot decide the basin of iterate %ld, "
                     "which the certificate decides: raise inputs.prec", (long)t);
            broke = 2;
            break;
        }
        if (b != 3 && t == wstep && verify_stay(ck, &R, wq, phi, nu, ad, wpath)) {
            broke = 2;
            break;
        }
        if (b != last && last >= 0) {
            json_array_append_new(segs, json_pack("[s,I]", BASIN[last], (json_int_t)run_len));
            run_len = 0;
        }
        last = b;
        run_len++;
        enclosed++;
        if (b == 3) {
            broke = 1;
            break;
        }
        if (t < steps && step(&R, u, nu, c, phi, ad)) {
            /* the next iterate is not finite: the undecided one */
            if (cert_stop < 0 || t + 1 < cert_stop) {
                ck_pathf(sub, "results.runs[%ld].basins", (long)idx);
                ck_limit(ck, sub, "the checker's enclosure is not finite at iterate %ld, which the "
                         "certificate decides: raise inputs.prec", (long)t + 1);
                broke = 2;
                break;
            }
            json_array_append_new(segs, json_pack("[s,I]", BASIN[last], (json_int_t)run_len));
            last = 3;
            run_len = 1;
            enclosed++;
            broke = 1;
            break;
        }
    }
    if (last >= 0 && broke != 2)
        json_array_append_new(segs, json_pack("[s,I]", BASIN[last], (json_int_t)run_len));
    int ng = -1, ns = -1, fb = broke ? 3 : b;
    if (!broke) {
        arb_set_fmpq(d, delta, I->prec);
        ng = within(&R, phi, R.as, d);
        arb_sub(pd, R.pi, phi, I->prec);
        ns = within(&R, pd, R.aS, d);
        /* the same rule for the last iterate's distances */
        int *mine[2] = {&ng, &ns};
        for (int q = 0; q < 2 && broke != 2; q++) {
            if (near_cert[q] == -1)
                *mine[q] = -1;
            else if (near_cert[q] >= 0 && *mine[q] < 0) {
                ck_pathf(sub, "results.runs[%ld].%s", (long)idx, q ? "near_spurious" : "near_global");
                ck_limit(ck, sub, "the checker's enclosure cannot decide what the certificate "
                         "decides: raise inputs.prec");
                broke = 2;
            }
        }
    }
    const char *outcome = fb == 1 && ng == 1   ? "global"
                          : fb == 2 && ns == 1 ? "trapped"
                          : fb == 3 || ng < 0 || ns < 0 ? "undecided"
                                                         : "neither";
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(json_string_value(name)));
    json_object_set_new(o, "a0_dot_a_star", rc_json_fmpq(a0d));
    json_object_set_new(o, "basins", segs);
    json_object_set_new(o, "enclosed_steps", json_integer(enclosed));
    json_object_set_new(o, "final_basin", json_string(BASIN[fb]));
    json_object_set_new(o, "near_global", tri(ng));
    json_object_set_new(o, "near_spurious", tri(ns));
    if (wstep >= 0) {
        json_t *iv = json_object();
        json_object_set_new(iv, "step", json_integer(wstep));
        for (int q = 0; q < 6; q++)
            json_object_set_new(iv, WIT[q], rc_json_fmpq(wq + q));
        json_object_set_new(o, "stays_in_R2", iv);
    } else {
        json_object_set_new(o, "stays_in_R2", json_null());
    }
    json_object_set_new(o, "outcome", json_string(outcome));
    *out = o;
    const char *ex = json_string_value(expect);
    /* "trapped" is proved only with a verified witness that the run stays in R2 */
    ck_state(v, !strcmp(outcome, "undecided") ? CK_UNDECIDED
                : strcmp(outcome, ex) ? CK_FAIL
                : !strcmp(ex, "trapped") && wstep < 0 ? CK_UNDECIDED : CK_OK,
             "results.runs[%ld]: run %s ends %s%s, expected %s", (long)idx, json_string_value(name),
             outcome, wstep < 0 && !strcmp(outcome, "trapped") ? " without a proof that it stays in R2" : "",
             ex);
    arb_clear(nu);
    arb_clear(c);
    arb_clear(phi);
    arb_clear(ad);
    arb_clear(d);
    arb_clear(pd);
    _arb_vec_clear(u, I->p);
    run_clear(&R);
    _fmpq_vec_clear(wq, 6);
    rc = broke == 2 ? -1 : 0;
    if (rc)
        json_decref(o), *out = NULL;
done:
    _fmpq_vec_clear(w0, I->p);
    _fmpq_vec_clear(a0, I->k);
    fmpq_clear(ew);
    fmpq_clear(ea);
    fmpq_clear(delta);
    fmpq_clear(a0d);
    return rc;
}

int ck_liu19_gd(ck_t *ck, int variant, const char *claim, const json_t *in,
                const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    if (ck_keys(ck, in, "inputs", "p k prec w_star a_star basin_phi runs"))
        return -1;
    gd_in I;
    memset(&I, 0, sizeof I);
    fmpq_init(I.bphi);
    const json_t *runs = json_object_get(in, "runs");
    slong nruns;
    int rc = -1;
    if (ck_int(ck, &I.p, json_object_get(in, "p"), 1, RC_LIMIT_LIU19_DIM, "inputs.p") ||
        ck_int(ck, &I.k, json_object_get(in, "k"), 1, RC_LIMIT_LIU19_DIM, "inputs.k") ||
        ck_int(ck, &I.prec, json_object_get(in, "prec"), 64, RC_LIMIT_LIU19_PREC, "inputs.prec") ||
        (nruns = ck_array(ck, runs, -1, "inputs.runs")) < 0) {
        fmpq_clear(I.bphi);
        return -1;
    }
    if (nruns < 1 || nruns > RC_LIMIT_LIU19_RUNS) {
        fmpq_clear(I.bphi);
        return ck_limit(ck, "inputs.runs", "expected 1 to %d runs", RC_LIMIT_LIU19_RUNS);
    }
    /* the cost, from the step counts alone, before any work */
    long total = 0;
    for (slong r = 0; r < nruns; r++) {
        char sub[CK_PATH];
        slong s;
        ck_pathf(sub, "inputs.runs[%ld].steps", (long)r);
        const json_t *o = json_array_get(runs, (size_t)r);
        if (!json_is_object(o)) {
            fmpq_clear(I.bphi);
            return ck_fail(ck, sub, "expected a run object");
        }
        if (ck_int(ck, &s, json_object_get(o, "steps"), 0, RC_LIMIT_LIU19_STEPS, sub)) {
            fmpq_clear(I.bphi);
            return -1;
        }
        total += s + 1;
    }
    char what[96];
    snprintf(what, sizeof what, "%ld enclosed GD steps at p = %ld, k = %ld, %ld bits", total,
             (long)I.p, (long)I.k, (long)I.prec);
    if (ck_cost(ck, "inputs.runs", rc_cost_liu19(I.p, I.k, total, I.prec), what)) {
        fmpq_clear(I.bphi);
        return -1;
    }
    /* the checker's own formulas widen the balls a little faster than the
       prover's (about 3% more bits per step measured): it works with a quarter
       more bits, plus 64, so that it confirms what the prover decides */
    I.prec += I.prec / 4 + 64;
    I.ws = _fmpq_vec_init(I.p);
    I.as = _fmpq_vec_init(I.k);
    json_t *out = json_array();
    if (qvec(ck, I.ws, json_object_get(in, "w_star"), I.p, "inputs.w_star") ||
        qvec(ck, I.as, json_object_get(in, "a_star"), I.k, "inputs.a_star") ||
        ck_q(ck, I.bphi, json_object_get(in, "basin_phi"), "inputs.basin_phi"))
        goto done;
    if (fmpq_sgn(I.bphi) <= 0 || fmpz_cmp(fmpq_numref(I.bphi), fmpq_denref(I.bphi)) >= 0) {
        ck_fail(ck, "inputs.basin_phi", "expected a number in (0, 1)");
        goto done;
    }
    for (slong r = 0; r < nruns; r++) {
        json_t *o = NULL;
        const json_t *ri = json_array_get(runs, (size_t)r);
        for (slong q = 0; q < r; q++)
            if (json_equal(json_object_get(json_array_get(runs, (size_t)q), "name"),
                           json_object_get(ri, "name"))) {
                char sub[CK_PATH];
                ck_pathf(sub, "inputs.runs[%ld].name", (long)r);
                ck_fail(ck, sub, "repeats the name of runs[%ld]", (long)q);
                goto done;
            }
        if (check_run(ck, &I, ri, json_array_get(json_object_get(results, "runs"), (size_t)r), r, &o, v))
            goto done;
        json_array_append_new(out, o);
    }
    *expected = json_pack("{s:O}", "runs", out);
    rc = 0;
done:
    json_decref(out);
    _fmpq_vec_clear(I.ws, I.p);
    _fmpq_vec_clear(I.as, I.k);
    fmpq_clear(I.bphi);
    return rc;
}
