/* The prover's Arb enclosure of GD on the liu19 population loss
 * (include/rescheck/liu19_arb.h). The formulas are those of
 * src/train/liu19.c, in balls: with u = e + w, v = u/|u|, c = v^T v*,
 * s = |v* - c v| (= sin phi for unit v, v*), phi = atan2(s, c) in [0, pi],
 * g = (s + (pi - phi) c)/(2 pi):
 *   a <- a - eta_a [(pi - 1) a/(2 pi) + (1^T a - 1^T a*) 1/(2 pi) - (g - 1/(2 pi)) a*]
 *   w <- w + eta_w a^T a* (pi - phi)/(2 pi |u|) (v* - c v). */
#include "rescheck/progress.h"
#include "rescheck/liu19_arb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arb_mat.h>
#include <flint/fmpq_vec.h>

static void unit_filter(arb_ptr v, arb_t norm, const arb_t e, arb_srcptr w, slong p, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_zero(norm);
    for (slong i = 0; i < p; i++) {
        arb_add(v + i, e, w + i, prec);
        arb_addmul(norm, v + i, v + i, prec);
    }
    arb_sqrtpos(norm, norm, prec);
    for (slong i = 0; i < p; i++)
        arb_div(v + i, v + i, norm, prec);
    arb_clear(t);
}

void liu19_arb_init(liu19_arb_problem *P, slong p, slong k, int shortcut, const fmpq *ws,
                    const fmpq *as, const fmpq_t eta_w, const fmpq_t eta_a,
                    const fmpq_t basin_phi, slong prec)
{
    P->p = p;
    P->k = k;
    P->prec = prec;
    P->prog = NULL;
    P->prog_base = 0;
    P->prog_name = "";
    P->shortcut = shortcut;
    P->vs = _arb_vec_init(p);
    P->as = _arb_vec_init(k);
    P->aS = _arb_vec_init(k);
    arb_init(P->e);
    arb_init(P->eta_w);
    arb_init(P->eta_a);
    arb_init(P->bphi);
    arb_init(P->pi);
    arb_const_pi(P->pi, prec);
    if (shortcut) {
        arb_set_ui(P->e, (ulong)p);
        arb_rsqrt(P->e, P->e, prec);
    }
    arb_ptr w = _arb_vec_init(p);
    arb_t n;
    arb_init(n);
    for (slong i = 0; i < p; i++)
        arb_set_fmpq(w + i, ws + i, prec);
    unit_filter(P->vs, n, P->e, w, p, prec);
    for (slong j = 0; j < k; j++)
        arb_set_fmpq(P->as + j, as + j, prec);
    arb_set_fmpq(P->eta_w, eta_w, prec);
    arb_set_fmpq(P->eta_a, eta_a, prec);
    arb_set_fmpq(P->bphi, basin_phi, prec);
    arb_mul(P->bphi, P->bphi, P->pi, prec);
    /* a_S = (11^T + (pi - 1) I)^{-1} (11^T - I) a*: with b = (11^T - I) a* = s 1 - a*,
       a_S = (b - (1^T b)/(pi - 1 + k) 1)/(pi - 1) */
    arb_t s, sb, pm1, den;
    arb_init(s);
    arb_init(sb);
    arb_init(pm1);
    arb_init(den);
    for (slong j = 0; j < k; j++)
        arb_add(s, s, P->as + j, prec);
    arb_mul_si(sb, s, k - 1, prec);
    arb_sub_ui(pm1, P->pi, 1, prec);
    arb_add_si(den, pm1, k, prec);
    arb_div(sb, sb, den, prec);
    for (slong j = 0; j < k; j++) {
        arb_sub(P->aS + j, s, P->as + j, prec);
        arb_sub(P->aS + j, P->aS + j, sb, prec);
        arb_div(P->aS + j, P->aS + j, pm1, prec);
    }
    arb_clear(s);
    arb_clear(sb);
    arb_clear(pm1);
    arb_clear(den);
    arb_clear(n);
    _arb_vec_clear(w, p);
}

void liu19_arb_clear(liu19_arb_problem *P)
{
    _arb_vec_clear(P->vs, P->p);
    _arb_vec_clear(P->as, P->k);
    _arb_vec_clear(P->aS, P->k);
    arb_clear(P->e);
    arb_clear(P->eta_w);
    arb_clear(P->eta_a);
    arb_clear(P->bphi);
    arb_clear(P->pi);
}

/* v, |u|, c, s, phi at w */
static int angle(arb_ptr v, arb_t nu, arb_t c, arb_t s, arb_t phi, const liu19_arb_problem *P,
                 arb_srcptr w)
{
    slong p = P->p, prec = P->prec;
    unit_filter(v, nu, P->e, w, p, prec);
    if (!arb_is_positive(nu))
        return -1;
    arb_t t;
    arb_init(t);
    arb_zero(c);
    for (slong i = 0; i < p; i++)
        arb_addmul(c, v + i, P->vs + i, prec);
    arb_zero(s);
    for (slong i = 0; i < p; i++) {
        arb_mul(t, c, v + i, prec);
        arb_sub(t, P->vs + i, t, prec);
        arb_addmul(s, t, t, prec);
    }
    arb_sqrtpos(s, s, prec);
    /* phi in [0, pi] from s >= 0 and c, away from atan2's branch cut at s = 0,
       c < 0 (near the spurious optimum) */
    if (arb_is_positive(c)) {
        arb_div(t, s, c, prec);
        arb_atan(phi, t, prec);
    } else if (arb_is_negative(c)) {
        arb_div(t, s, c, prec);
        arb_atan(phi, t, prec); /* atan(s/c) = phi - pi */
        arb_add(phi, phi, P->pi, prec);
    } else {
        arb_div(t, c, s, prec); /* s > 0 here, else not finite: phi = pi/2 - atan(c/s) */
        arb_atan(t, t, prec);
        arb_mul_2exp_si(phi, P->pi, -1);
        arb_sub(phi, phi, t, prec);
    }
    arb_clear(t);
    return arb_is_finite(phi) ? 0 : -1;
}

int liu19_arb_state(arb_t phi, arb_t adot, const liu19_arb_problem *P, arb_srcptr w, arb_srcptr a)
{
    arb_ptr v = _arb_vec_init(P->p);
    arb_t nu, c, s;
    arb_init(nu);
    arb_init(c);
    arb_init(s);
    int rc = angle(v, nu, c, s, phi, P, w);
    arb_dot(adot, NULL, 0, a, 1, P->as, 1, P->k, P->prec);
    arb_clear(nu);
    arb_clear(c);
    arb_clear(s);
    _arb_vec_clear(v, P->p);
    return rc;
}

int liu19_arb_step(const liu19_arb_problem *P, arb_ptr w, arb_ptr a)
{
    slong p = P->p, k = P->k, prec = P->prec;
    arb_ptr v = _arb_vec_init(p), nw = _arb_vec_init(p), na = _arb_vec_init(k);
    arb_t nu, c, s, phi, g, t, adot, sa, sas, twopi, pmphi;
    arb_init(nu); arb_init(c); arb_init(s); arb_init(phi); arb_init(g); arb_init(t);
    arb_init(adot); arb_init(sa); arb_init(sas); arb_init(twopi); arb_init(pmphi);
    int rc = angle(v, nu, c, s, phi, P, w);
    if (rc == 0) {
        arb_mul_2exp_si(twopi, P->pi, 1);
        arb_sub(pmphi, P->pi, phi, prec);
        /* g - 1/(2 pi) = (s + (pi - phi) c - 1)/(2 pi) */
        arb_mul(g, pmphi, c, prec);
        arb_add(g, g, s, prec);
        arb_sub_ui(g, g, 1, prec);
        arb_div(g, g, twopi, prec);
        arb_dot(adot, NULL, 0, a, 1, P->as, 1, k, prec);
        for (slong j = 0; j < k; j++) {
            arb_add(sa, sa, a + j, prec);
            arb_add(sas, sas, P->as + j, prec);
        }
        arb_sub(sa, sa, sas, prec); /* 1^T a - 1^T a* */
        for (slong j = 0; j < k; j++) {
            /* grad_a = ((pi - 1) a_j + (1^T a - 1^T a*))/(2 pi) - (g - kappa) a*_j */
            arb_sub_ui(t, P->pi, 1, prec);
            arb_mul(t, t, a + j, prec);
            arb_add(t, t, sa, prec);
            arb_div(t, t, twopi, prec);
            arb_submul(t, g, P->as + j, prec);
            arb_set(na + j, a + j);
            arb_submul(na + j, P->eta_a, t, prec);
        }
        /* w += eta_w a^T a* (pi - phi)/(2 pi |u|) (v* - c v) */
        arb_mul(t, P->eta_w, adot, prec);
        arb_mul(t, t, pmphi, prec);
        arb_div(t, t, twopi, prec);
        arb_div(t, t, nu, prec);
        for (slong i = 0; i < p; i++) {
            arb_mul(g, c, v + i, prec);
            arb_sub(g, P->vs + i, g, prec);
            arb_set(nw + i, w + i);
            arb_addmul(nw + i, t, g, prec);
        }
        if (_arb_vec_is_finite(nw, p) && _arb_vec_is_finite(na, k)) {
            _arb_vec_set(w, nw, p);
            _arb_vec_set(a, na, k);
        } else {
            rc = -1;
        }
    }
    arb_clear(nu); arb_clear(c); arb_clear(s); arb_clear(phi); arb_clear(g); arb_clear(t);
    arb_clear(adot); arb_clear(sa); arb_clear(sas); arb_clear(twopi); arb_clear(pmphi);
    _arb_vec_clear(v, p);
    _arb_vec_clear(nw, p);
    _arb_vec_clear(na, k);
    return rc;
}

int liu19_arb_basin(const liu19_arb_problem *P, const arb_t phi, const arb_t adot)
{
    if (arb_is_positive(adot) && arb_lt(phi, P->bphi))
        return 1;
    if (arb_is_negative(adot) && arb_gt(phi, P->bphi))
        return 2;
    int not1 = arb_is_nonpositive(adot) || arb_ge(phi, P->bphi);
    int not2 = arb_is_nonnegative(adot) || arb_le(phi, P->bphi);
    return not1 && not2 ? 0 : 3;
}

/* 1 if x <= d proved, 0 if x > d proved, -1 undecided */
static int below(const arb_t x, const arb_t d)
{
    return arb_le(x, d) ? 1 : arb_gt(x, d) ? 0 : -1;
}

static int and3(int x, int y)
{
    return x == 0 || y == 0 ? 0 : x < 0 || y < 0 ? -1 : 1;
}

/* max(angle distance, |a - target|) <= delta, tri-state */
static int near(arb_srcptr a, arb_srcptr target, slong k, const arb_t dphi, const arb_t delta,
                slong prec)
{
    arb_t d, t;
    arb_init(d);
    arb_init(t);
    for (slong j = 0; j < k; j++) {
        arb_sub(t, a + j, target + j, prec);
        arb_addmul(d, t, t, prec);
    }
    arb_sqrtpos(d, d, prec);
    int r = and3(below(dphi, delta), below(d, delta));
    arb_clear(d);
    arb_clear(t);
    return r;
}

/* the grid point at or below (dir -1) the least lower bound of n balls, or at
 * or above (dir 1) their largest upper bound */
static void grid_n(fmpq_t out, arb_srcptr x, int n, int dir)
{
    arf_t b, c;
    arf_init(b);
    arf_init(c);
    for (int i = 0; i < n; i++) {
        if (dir < 0)
            arb_get_lbound_arf(c, x + i, 64);
        else
            arb_get_ubound_arf(c, x + i, 64);
        if (i == 0 || (dir < 0 ? arf_cmp(c, b) < 0 : arf_cmp(c, b) > 0))
            arf_set(b, c);
    }
    arf_mul_2exp_si(b, b, LIU19_GRID_BITS);
    fmpz_t z;
    fmpz_init(z);
    arf_get_fmpz(z, b, dir < 0 ? ARF_RND_FLOOR : ARF_RND_CEIL);
    fmpq_set_fmpz(out, z);
    fmpq_div_2exp(out, out, LIU19_GRID_BITS);
    fmpz_clear(z);
    arf_clear(b);
    arf_clear(c);
}

static void grid(fmpq_t out, const arb_t x, int dir)
{
    grid_n(out, x, 1, dir);
}

int liu19_arb_invariant(fmpq *wit, const liu19_arb_problem *P, arb_srcptr w, arb_srcptr a)
{
    slong p = P->p, k = P->k, prec = P->prec;
    arb_ptr v = _arb_vec_init(p);
    arb_t nu, c, s, phi, A, S, Ss, N, kap, m, t, t2, f1, f2, B, Bp, half;
    arb_struct *all[] = {nu, c, s, phi, A, S, Ss, N, kap, m, t, t2, f1, f2, B, Bp, half};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        arb_init(all[i]);
    int ok = angle(v, nu, c, s, phi, P, w) == 0;
    arb_mul_2exp_si(half, P->pi, -1);
    ok = ok && arb_gt(phi, P->bphi) && arb_ge(phi, half);
    if (ok) {
        arb_const_pi(kap, prec);
        arb_mul_2exp_si(kap, kap, 1);
        arb_inv(kap, kap, prec);
        arb_sub_ui(m, P->pi, 1, prec);
        arb_mul(m, m, kap, prec); /* (pi - 1) kappa */
        arb_dot(A, NULL, 0, a, 1, P->as, 1, k, prec);
        for (slong j = 0; j < k; j++) {
            arb_add(S, S, a + j, prec);
            arb_add(Ss, Ss, P->as + j, prec);
            arb_addmul(N, P->as + j, P->as + j, prec);
        }
        /* phi1, u2 */
        grid(wit + LIU19_PHI1, phi, -1);
        arb_mul(t, nu, nu, prec);
        grid(wit + LIU19_U2, t, -1);
        /* [S_lo, S_hi] spans S and S* H0, S* H1 */
        arb_sub_ui(t, P->pi, 1, prec);
        arb_add_si(t, t, k, prec);
        arb_set_si(t2, k - 1);
        arb_div(t2, t2, t, prec);
        arb_ptr ends = _arb_vec_init(3); /* S, S* H0, S* H1 */
        arb_set(ends, S);
        arb_mul(ends + 1, t2, Ss, prec);
        arb_set_si(t2, k);
        arb_div(t2, t2, t, prec);
        arb_mul(ends + 2, t2, Ss, prec);
        grid_n(wit + LIU19_S_LO, ends, 3, -1);
        grid_n(wit + LIU19_S_HI, ends, 3, 1);
        _arb_vec_clear(ends, 3);
        /* f(S) = -kappa S* (S - S*) at both ends */
        arb_set_fmpq(t, wit + LIU19_S_LO, prec);
        arb_sub(t, t, Ss, prec);
        arb_mul(f1, t, Ss, prec);
        arb_mul(f1, f1, kap, prec);
        arb_neg(f1, f1);
        arb_set_fmpq(t, wit + LIU19_S_HI, prec);
        arb_sub(t, t, Ss, prec);
        arb_mul(f2, t, Ss, prec);
        arb_mul(f2, f2, kap, prec);
        arb_neg(f2, f2);
        /* B = max f + (g(phi1) - kappa) N, g - kappa = kappa (sin + (pi - phi) cos - 1) */
        arb_set_fmpq(t, wit + LIU19_PHI1, prec);
        arb_sin_cos(s, c, t, prec);
        arb_sub(t, P->pi, t, prec);
        arb_mul(t, t, c, prec);
        arb_add(t, t, s, prec);
        arb_sub_ui(t, t, 1, prec);
        arb_mul(t, t, kap, prec);
        arb_mul(t, t, N, prec);
        arb_max(B, f1, f2, prec);
        arb_add(B, B, t, prec);
        arb_min(Bp, f1, f2, prec);
        arb_submul(Bp, kap, N, prec);
        /* alpha = min(-A, -B/m) = -max(A, B/m), A_max = max(-A, -B'/m, 0) */
        arb_div(t, B, m, prec);
        arb_max(t, t, A, prec);
        arb_neg(t, t);
        grid(wit + LIU19_ALPHA, t, -1);
        arb_div(t, Bp, m, prec);
        arb_min(t, t, A, prec);
        arb_neg(t, t);
        arb_zero(t2);
        arb_max(t, t, t2, prec);
        grid(wit + LIU19_A_MAX, t, 1);
        ok = fmpq_sgn(wit + LIU19_ALPHA) > 0;
        /* eta_a (pi - 1 + k) kappa <= 1 */
        arb_sub_ui(t, P->pi, 1, prec);
        arb_add_si(t, t, k, prec);
        arb_mul(t, t, kap, prec);
        arb_mul(t, t, P->eta_a, prec);
        arb_sub_ui(t, t, 1, prec);
        ok = ok && arb_is_nonpositive(t);
        /* eta_w A_max kappa (pi - phi1) <= u2 */
        arb_set_fmpq(t, wit + LIU19_PHI1, prec);
        arb_sub(t, P->pi, t, prec);
        arb_mul(t, t, kap, prec);
        arb_mul(t, t, P->eta_w, prec);
        arb_set_fmpq(t2, wit + LIU19_A_MAX, prec);
        arb_mul(t, t, t2, prec);
        arb_set_fmpq(t2, wit + LIU19_U2, prec);
        ok = ok && arb_le(t, t2) && fmpq_sgn(wit + LIU19_U2) > 0;
        /* the rounded phi1 still clears the basin's angle and pi/2 */
        arb_set_fmpq(t, wit + LIU19_PHI1, prec);
        ok = ok && arb_gt(t, P->bphi) && arb_ge(t, half);
    }
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        arb_clear(all[i]);
    _arb_vec_clear(v, p);
    return ok;
}

static void push(liu19_arb_traj *T, int b)
{
    if (T->nsegs && T->seg_basin[T->nsegs - 1] == b) {
        T->seg_len[T->nsegs - 1]++;
        return;
    }
    T->seg_basin = realloc(T->seg_basin, sizeof(int) * (size_t)(T->nsegs + 1));
    T->seg_len = realloc(T->seg_len, sizeof(slong) * (size_t)(T->nsegs + 1));
    T->seg_basin[T->nsegs] = b;
    T->seg_len[T->nsegs++] = 1;
}

int liu19_arb_run(liu19_arb_traj *T, const liu19_arb_problem *P, const fmpq *w0, const fmpq *a0,
                  slong steps, const fmpq_t delta)
{
    slong p = P->p, k = P->k, prec = P->prec;
    memset(T, 0, sizeof *T);
    T->inv_step = -1;
    T->inv = _fmpq_vec_init(LIU19_NWIT);
    arb_ptr w = _arb_vec_init(p), a = _arb_vec_init(k);
    for (slong i = 0; i < p; i++)
        arb_set_fmpq(w + i, w0 + i, prec);
    for (slong j = 0; j < k; j++)
        arb_set_fmpq(a + j, a0 + j, prec);
    arb_t phi, adot, d, t;
    arb_init(phi);
    arb_init(adot);
    arb_init(d);
    arb_init(t);
    int rc = 0, b = 3;
    /* the enclosure stops at the first iterate whose basin the balls cannot
       decide (recorded as one "undecided"): what follows it is not claimed */
    for (slong s = 0; s <= steps; s++) {
        if (P->prog)
            rc_progress_show(P->prog, P->prog_base + (double)s, "run %s: step %ld/%ld in balls",
                             P->prog_name, (long)s, (long)steps);
        b = liu19_arb_state(phi, adot, P, w, a) ? 3 : liu19_arb_basin(P, phi, adot);
        push(T, b);
        T->enclosed++;
        if (b == 3) {
            rc = -1;
            break;
        }
        if (b == 2 && T->inv_step < 0 && liu19_arb_invariant(T->inv, P, w, a))
            T->inv_step = s;
        if (s < steps && liu19_arb_step(P, w, a)) {
            /* the next iterate is not finite: it is the undecided one */
            push(T, 3);
            T->enclosed++;
            rc = -1;
            break;
        }
    }
    T->final_basin = rc ? 3 : b;
    T->near_global = T->near_spurious = -1;
    if (rc == 0) {
        arb_set_fmpq(d, delta, prec);
        T->near_global = near(a, P->as, k, phi, d, prec);
        arb_sub(t, P->pi, phi, prec);
        T->near_spurious = near(a, P->aS, k, t, d, prec);
    }
    arb_clear(phi);
    arb_clear(adot);
    arb_clear(d);
    arb_clear(t);
    _arb_vec_clear(w, p);
    _arb_vec_clear(a, k);
    return rc;
}

void liu19_arb_traj_clear(liu19_arb_traj *T)
{
    _fmpq_vec_clear(T->inv, LIU19_NWIT);
    free(T->seg_basin);
    free(T->seg_len);
}

const char *liu19_outcome(const liu19_arb_traj *T)
{
    if (T->final_basin == 1 && T->near_global == 1)
        return "global";
    if (T->final_basin == 2 && T->near_spurious == 1)
        return "trapped";
    if (T->final_basin == 3 || T->near_global < 0 || T->near_spurious < 0)
        return "undecided";
    return "neither";
}

json_t *liu19_tri_json(int x)
{
    return x < 0 ? json_null() : json_boolean(x);
}

char *liu19_segments_str(const liu19_arb_traj *T)
{
    static const char *const w[] = {"none", "R1", "R2", "undecided"};
    size_t n = 1;
    char *out = calloc(1, 1);
    for (slong q = 0; q < T->nsegs; q++) {
        char buf[64];
        int len = snprintf(buf, sizeof buf, "%s%s x %ld", q ? ", " : "", w[T->seg_basin[q]],
                           (long)T->seg_len[q]);
        out = realloc(out, n + (size_t)len);
        memcpy(out + n - 1, buf, (size_t)len + 1);
        n += (size_t)len;
    }
    return out;
}
