/* li18 Theorem 1 / Lemma 2 (Appendix A.1), constructively: on small rational
 * instances, Lemma 1 units are chained along rational paths on the unit
 * sphere (images of segments under inverse stereographic projection, so every
 * point is a rational unit vector) until every column x_i of X sits at its
 * one-hot label y_i. The network's map is checked exactly; the Frobenius
 * norms, which are fourth roots of rationals, are enclosed with Arb and set
 * against bound (6) as printed. Two readings are computed on the data, never
 * printed as fixed remarks: whether Assumption 2 (rho > 0 over the xs *and*
 * the ys) can hold, and how the printed (m + 1/rho)^e of (6) compares with
 * the (m + 1/rho)^(1/2) the construction of Lemmas 1 and 2 gives. */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/limits.h"
#include "rescheck/qrho.h"
#include "rescheck/witness.h"

#include <arb.h>
#include <flint/fmpq_vec.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T1_PREC 128
#define T1_DIGITS 20

typedef struct {
    const char *name;
    slong d, m, dy, nk;
    fmpq *X;       /* column i at X + i*d */
    slong *labels; /* 1..dy */
    slong *ks;     /* steps per column, one depth n = m k each */
    int distinct;  /* rho for (6): 1 = over distinct points, 0 = as printed */
} t1_inst;

static void t1_inst_clear(t1_inst *I)
{
    if (I->X)
        _fmpq_vec_clear(I->X, I->m * I->d);
    free(I->labels);
    free(I->ks);
}

static void vset(fmpq *a, const fmpq *b, slong n)
{
    for (slong k = 0; k < n; k++)
        fmpq_set(a + k, b + k);
}
static void vzero(fmpq *a, slong n)
{
    for (slong k = 0; k < n; k++)
        fmpq_zero(a + k);
}
static int vequal(const fmpq *a, const fmpq *b, slong n)
{
    for (slong k = 0; k < n; k++)
        if (!fmpq_equal(a + k, b + k))
            return 0;
    return 1;
}

static void dot(fmpq_t out, const fmpq *u, const fmpq *v, slong n)
{
    fmpq_zero(out);
    for (slong k = 0; k < n; k++)
        fmpq_addmul(out, u + k, v + k);
}

static void dist2(fmpq_t out, const fmpq *u, const fmpq *v, slong n)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(out);
    for (slong k = 0; k < n; k++) {
        fmpq_sub(t, u + k, v + k);
        fmpq_addmul(out, t, t);
    }
    fmpq_clear(t);
}

/* q = min_{j != i} (1 - p.a_j) over the columns of A (1 when there are none):
 * for unit vectors, |p - a_j|^2 / 2 at the nearest other column */
static void separation(fmpq_t q, const fmpq *p, const fmpq *A, slong m, slong i, slong d)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_one(q);
    for (slong j = 0, first = 1; j < m; j++) {
        if (j == i)
            continue;
        dot(t, p, A + j * d, d);
        fmpq_sub_si(t, t, 1);
        fmpq_neg(t, t);
        if (first || fmpq_cmp(t, q) < 0)
            fmpq_set(q, t);
        first = 0;
    }
    fmpq_clear(t);
}

static int read_inst(t1_inst *I, rc_spec *s, json_t *o, slong idx)
{
    char f[96];
    snprintf(f, sizeof f, "instances[%ld].name", (long)idx);
    if (rc_spec_string(&I->name, s, rc_spec_get(s, o, "name", f, 1), f))
        return -1;
    snprintf(f, sizeof f, "instances[%ld].X", (long)idx);
    json_t *X = rc_spec_get(s, o, "X", f, 1);
    if (!X)
        return -1;
    if (!json_is_array(X) || json_array_size(X) < 1 || json_array_size(X) > RC_LIMIT_LI18_THM1_M)
        return rc_spec_fail(s, f, "expected an array of 1 to %d columns x_1, ..., x_m",
                            RC_LIMIT_LI18_THM1_M);
    I->m = (slong)json_array_size(X);
    json_t *c0 = json_array_get(X, 0);
    if (!json_is_array(c0) || json_array_size(c0) < 3 || json_array_size(c0) > RC_LIMIT_LI18_THM1_D)
        return rc_spec_fail(s, f, "expected columns of 3 to %d numbers (Lemma 2 needs d_x >= 3)",
                            RC_LIMIT_LI18_THM1_D);
    I->d = (slong)json_array_size(c0);
    I->X = _fmpq_vec_init(I->m * I->d);
    for (slong i = 0; i < I->m; i++) {
        json_t *c = json_array_get(X, (size_t)i);
        snprintf(f, sizeof f, "instances[%ld].X[%ld]", (long)idx, (long)i);
        if (!json_is_array(c) || (slong)json_array_size(c) != I->d)
            return rc_spec_fail(s, f, "expected %ld numbers", (long)I->d);
        for (slong r = 0; r < I->d; r++) {
            snprintf(f, sizeof f, "instances[%ld].X[%ld][%ld]", (long)idx, (long)i, (long)r);
            if (rc_spec_fmpq(I->X + i * I->d + r, s, json_array_get(c, (size_t)r), f))
                return -1;
        }
    }
    snprintf(f, sizeof f, "instances[%ld].d_y", (long)idx);
    json_t *dy = rc_spec_get(s, o, "d_y", f, 1);
    if (!dy)
        return -1;
    if (!json_is_integer(dy) || json_integer_value(dy) < 1 || json_integer_value(dy) > I->d)
        return rc_spec_fail(s, f, "expected an integer from 1 to d_x = %ld (labels are e_k in R^d_y, "
                            "padded into R^d_x)", (long)I->d);
    I->dy = (slong)json_integer_value(dy);
    snprintf(f, sizeof f, "instances[%ld].labels", (long)idx);
    json_t *lab = rc_spec_get(s, o, "labels", f, 1);
    if (!lab)
        return -1;
    if (!json_is_array(lab) || (slong)json_array_size(lab) != I->m)
        return rc_spec_fail(s, f, "expected %ld class numbers, one per column of X", (long)I->m);
    I->labels = calloc((size_t)I->m, sizeof *I->labels);
    for (slong i = 0; i < I->m; i++) {
        json_t *v = json_array_get(lab, (size_t)i);
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > I->dy) {
            snprintf(f, sizeof f, "instances[%ld].labels[%ld]", (long)idx, (long)i);
            return rc_spec_fail(s, f, "expected a class number from 1 to d_y = %ld", (long)I->dy);
        }
        I->labels[i] = (slong)json_integer_value(v);
    }
    snprintf(f, sizeof f, "instances[%ld].steps_per_column", (long)idx);
    json_t *ks = rc_spec_get(s, o, "steps_per_column", f, 1);
    if (!ks)
        return -1;
    if (!json_is_array(ks) || json_array_size(ks) < 1 ||
        json_array_size(ks) > RC_LIMIT_LI18_THM1_DEPTHS)
        return rc_spec_fail(s, f, "expected an array of 1 to %d step counts (one depth n = m k each)",
                            RC_LIMIT_LI18_THM1_DEPTHS);
    I->nk = (slong)json_array_size(ks);
    I->ks = calloc((size_t)I->nk, sizeof *I->ks);
    for (slong j = 0; j < I->nk; j++) {
        json_t *v = json_array_get(ks, (size_t)j);
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > RC_LIMIT_LI18_THM1_STEPS)
            return rc_spec_fail(s, f, "expected step counts from 1 to %d", RC_LIMIT_LI18_THM1_STEPS);
        I->ks[j] = (slong)json_integer_value(v);
    }
    snprintf(f, sizeof f, "instances[%ld].rho_for_bound", (long)idx);
    const char *rb;
    if (rc_spec_string(&rb, s, rc_spec_get(s, o, "rho_for_bound", f, 1), f))
        return -1;
    if (!strcmp(rb, "printed"))
        I->distinct = 0;
    else if (!strcmp(rb, "distinct"))
        I->distinct = 1;
    else
        return rc_spec_fail(s, f, "expected \"printed\" (rho as (5) defines it) or \"distinct\" "
                            "(the minimum over pairs of distinct points)");
    return 0;
}

/* ---- the construction (search; the checker only verifies) ---------- */

/* Inverse stereographic projection from the pole N: z in N^perp (given in
 * R^d) goes to (2z + (|z|^2 - 1) N) / (|z|^2 + 1), a rational unit vector. */
static void stereo_inv(fmpq *p, const fmpq *z, const fmpq *N, slong d)
{
    fmpq_t z2, den, t;
    fmpq_init(z2), fmpq_init(den), fmpq_init(t);
    dot(z2, z, z, d);
    fmpq_add_si(den, z2, 1);
    fmpq_sub_si(z2, z2, 1);
    for (slong r = 0; r < d; r++) {
        fmpq_mul_2exp(t, z + r, 1);
        fmpq_addmul(t, z2, N + r);
        fmpq_div(p + r, t, den);
    }
    fmpq_clear(z2), fmpq_clear(den), fmpq_clear(t);
}

/* z = (p - (p.N) N) / (1 - p.N), for p != N */
static void stereo(fmpq *z, const fmpq *p, const fmpq *N, slong d)
{
    fmpq_t pn, den, t;
    fmpq_init(pn), fmpq_init(den), fmpq_init(t);
    dot(pn, p, N, d);
    fmpq_one(den);
    fmpq_sub(den, den, pn);
    for (slong r = 0; r < d; r++) {
        fmpq_mul(t, pn, N + r);
        fmpq_sub(t, p + r, t);
        fmpq_div(z + r, t, den);
    }
    fmpq_clear(pn), fmpq_clear(den), fmpq_clear(t);
}

/* candidate poles: inverse stereographic images (from e_d) of the points of
 * R^(d-1) with at most two nonzero coordinates from {+-1/2, +-1, +-2} */
static slong poles(fmpq **out, slong d)
{
    static const slong num[] = {1, 1, 2, -1, -1, -2}, den[] = {2, 1, 1, 2, 1, 1};
    slong cap = 1 + (d - 1) * 6 + (d - 1) * (d - 2) / 2 * 36, n = 0;
    fmpq *P = _fmpq_vec_init(cap * d), *z = _fmpq_vec_init(d), *e = _fmpq_vec_init(d);
    fmpq_one(e + d - 1);
    for (slong a = -1; a < d - 1; a++)
        for (slong b = a; b < d - 1; b++)
            for (slong u = 0; u < (a < 0 ? 1 : 6); u++)
                for (slong v = 0; v < (b == a || b < 0 ? 1 : 6); v++) {
                    if (a < 0 && b >= 0)
                        continue;
                    vzero(z, d);
                    if (a >= 0)
                        fmpq_set_si(z + a, num[u], (ulong)den[u]);
                    if (b > a)
                        fmpq_set_si(z + b, num[v], (ulong)den[v]);
                    stereo_inv(P + n * d, z, e, d);
                    n++;
                }
    _fmpq_vec_clear(z, d);
    _fmpq_vec_clear(e, d);
    *out = P;
    (void)cap;
    return n;
}

/* The path of column i from A's column to target in k steps through pole N:
 * p_s = stereo_inv((1 - s/k) z_0 + (s/k) z_k). Returns the largest
 * |p_{s+1} - p_s| / q_s (the square of the unit's norm, in doubles: this only
 * ranks candidates), or INFINITY when a point before the last is not
 * separated from the other columns (q_s <= 0) or a step is 0. */
static double path_score(fmpq *path, const fmpq *A, slong m, slong i, const fmpq *target,
                         const fmpq *N, slong d, slong k)
{
    int merge = 0;
    for (slong j = 0; j < m; j++)
        merge |= j != i && vequal(A + j * d, target, d);
    const fmpq *x = A + i * d;
    fmpq_t t;
    fmpq_init(t);
    dot(t, x, N, d);
    int bad = fmpq_is_one(t);
    dot(t, target, N, d);
    bad |= fmpq_is_one(t);
    double worst = 0;
    if (!bad) {
        fmpq *z0 = _fmpq_vec_init(d), *z1 = _fmpq_vec_init(d), *z = _fmpq_vec_init(d);
        fmpq_t a, b, q, s2;
        fmpq_init(a), fmpq_init(b), fmpq_init(q), fmpq_init(s2);
        stereo(z0, x, N, d);
        stereo(z1, target, N, d);
        vset(path, x, d);
        /* t_s: equal arc lengths along the circle, measured in doubles on 512
           points and rounded to multiples of 1/(16 k) (only the choice of the
           rational points uses doubles) */
        slong *ts = calloc((size_t)k + 1, sizeof *ts), G = 512, den = 16 * k;
        double *cum = calloc((size_t)G + 1, sizeof *cum), *pp = calloc((size_t)d, sizeof *pp),
               *pq = calloc((size_t)d, sizeof *pq), *f = calloc(3 * (size_t)d, sizeof *f);
        for (slong r = 0; r < d; r++) /* once: each conversion allocates in GMP */
            f[r] = fmpq_get_d(z0 + r), f[d + r] = fmpq_get_d(z1 + r), f[2 * d + r] = fmpq_get_d(N + r);
        for (slong g = 0; g <= G; g++) {
            double tt = (double)g / (double)G, zz = 0;
            for (slong r = 0; r < d; r++) {
                double zr = (1 - tt) * f[r] + tt * f[d + r];
                pq[r] = zr;
                zz += zr * zr;
            }
            double len = 0;
            for (slong r = 0; r < d; r++) {
                double v = (2 * pq[r] + (zz - 1) * f[2 * d + r]) / (zz + 1);
                if (g > 0)
                    len += (v - pp[r]) * (v - pp[r]);
                pp[r] = v;
            }
            cum[g] = g ? cum[g - 1] + sqrt(len) : 0;
        }
        ts[0] = 0;
        for (slong s = 1, g = 0; s < k; s++) {
            /* onto an occupied point (a repeated label) the last unit merges two
               columns; its norm is >= 1 whatever the step (see the report), so
               it is one long step from the path's midpoint */
            double want = merge ? cum[G] * 0.5 * (double)s / (double)(k - 1)
                                : cum[G] * (double)s / (double)k;
            while (g < G && cum[g + 1] < want)
                g++;
            slong v = (slong)floor((double)g / (double)G * (double)den + 0.5);
            ts[s] = v <= ts[s - 1] ? ts[s - 1] + 1 : v;
        }
        ts[k] = den;
        for (slong s = 1; s < k; s++)
            if (ts[s] >= den)
                bad = 1;
        free(cum), free(pp), free(pq), free(f);
        for (slong s = 1; s <= k && !bad; s++) {
            if (s == k)
                vset(path + s * d, target, d);
            else {
                fmpq_set_si(b, ts[s], (ulong)den);
                fmpq_one(a);
                fmpq_sub(a, a, b);
                for (slong r = 0; r < d; r++) {
                    fmpq_mul(z + r, a, z0 + r);
                    fmpq_addmul(z + r, b, z1 + r);
                }
                stereo_inv(path + s * d, z, N, d);
            }
            /* q of the point p_{s-1} the unit moves */
            const fmpq *p = path + (s - 1) * d;
            separation(q, p, A, m, i, d);
            dist2(s2, p, path + s * d, d);
            if (fmpq_sgn(q) <= 0 || fmpq_is_zero(s2))
                bad = 1;
            else {
                double v = sqrt(fmpq_get_d(s2)) / fmpq_get_d(q);
                worst = v > worst ? v : worst;
            }
        }
        free(ts);
        _fmpq_vec_clear(z0, d), _fmpq_vec_clear(z1, d), _fmpq_vec_clear(z, d);
        fmpq_clear(a), fmpq_clear(b), fmpq_clear(q), fmpq_clear(s2);
    }
    fmpq_clear(t);
    return bad ? INFINITY : worst;
}

/* ---- exact evaluation of a chain of units (what the checker redoes) --- */

typedef struct {
    int ok_unit;      /* every point a unit vector */
    int ok_separated; /* every unit's q > 0 */
    int maps;         /* the network maps every x_i to y_i exactly */
    fmpq_t min_q, max_norm4;
    slong worst_unit; /* 0-based */
} t1_eval;

/* Applies the units (column c_u, target t_u) to A (d x m, columns) in place:
 * unit u with p = A's column c_u and q = min_{j != c_u} (1 - p.a_j) is
 * W^2 ReLU(W^1 A + b 1^T) + A with W^1 = c [p^T; 0], b = c (q - 1) 1,
 * W^2 = (1/(c q)) [t_u - p, 0]: by ReLU(c z) = c ReLU(z) it adds
 * ReLU(p.a_j + q - 1)/q (t_u - p) to every column j. It is Lemma 1 with
 * rho_u^2 = 8 q; its norms are |W^1|_F = c, |W^2|_F = |t_u - p| / (c q),
 * equal for c^2 = |t_u - p| / q, so |W|_F^4 = |t_u - p|^2 / q^2. */
static void t1_apply(t1_eval *E, fmpq *A, slong d, slong m, const slong *col, const fmpq *tg,
                     slong nu, json_t *ju)
{
    fmpq *p = _fmpq_vec_init(d);
    fmpq_t q, t, z, n4;
    fmpq_init(q), fmpq_init(t), fmpq_init(z), fmpq_init(n4);
    E->ok_unit = E->ok_separated = 1;
    E->worst_unit = -1;
    for (slong u = 0; u < nu; u++) {
        const fmpq *to = tg + u * d;
        vset(p, A + col[u] * d, d);
        dot(t, to, to, d);
        E->ok_unit &= fmpq_is_one(t);
        separation(q, p, A, m, col[u], d);
        if (fmpq_sgn(q) <= 0) {
            E->ok_separated = 0;
            break;
        }
        if (u == 0 || fmpq_cmp(q, E->min_q) < 0)
            fmpq_set(E->min_q, q);
        dist2(n4, p, to, d);
        fmpq_div(n4, n4, q);
        fmpq_div(n4, n4, q);
        /* each unit's norm is recorded: it binds the witness point to this chain */
        json_object_set_new(json_array_get(ju, (size_t)u), "norm4", rc_json_fmpq(n4));
        if (u == 0 || fmpq_cmp(n4, E->max_norm4) > 0) {
            fmpq_set(E->max_norm4, n4);
            E->worst_unit = u;
        }
        for (slong j = 0; j < m; j++) {
            dot(t, p, A + j * d, d);
            fmpq_add(z, t, q);
            fmpq_sub_si(z, z, 1);
            if (fmpq_sgn(z) <= 0)
                continue;
            fmpq_div(z, z, q);
            for (slong r = 0; r < d; r++) {
                fmpq_sub(t, to + r, p + r);
                fmpq_addmul(A + j * d + r, t, z);
            }
        }
    }
    fmpq_clear(q), fmpq_clear(t), fmpq_clear(z), fmpq_clear(n4);
    _fmpq_vec_clear(p, d);
}

static json_t *ball(const arb_t x)
{
    char *s = arb_get_str(x, T1_DIGITS, 0);
    json_t *j = json_string(s);
    flint_free(s);
    return j;
}

static char *ball_str(const arb_t x)
{
    return arb_get_str(x, 6, ARB_STR_NO_RADIUS);
}

int rc_li18_thm1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    if (rc_spec_check_kind(spec, "li18.thm1"))
        return -1;
    json_t *insts = rc_spec_get(spec, spec->root, "instances", "instances", 1);
    if (!insts)
        return -1;
    if (!json_is_array(insts) || json_array_size(insts) < 1 ||
        json_array_size(insts) > RC_LIMIT_LI18_THM1_INSTANCES)
        return rc_spec_fail(spec, "instances", "expected an array of 1 to %d instances",
                            RC_LIMIT_LI18_THM1_INSTANCES);
    json_t *pr = rc_spec_get(spec, spec->root, "printed", "printed", 1);
    if (!pr)
        return -1;
    fmpq_t e;
    fmpq_init(e);
    if (rc_spec_fmpq(e, spec, rc_spec_get(spec, pr, "bound6_power", "printed.bound6_power", 1),
                     "printed.bound6_power")) {
        fmpq_clear(e);
        return -1;
    }
    if (fmpq_sgn(e) < 0 || fmpz_cmp_si(fmpq_numref(e), 8) > 0 || fmpz_cmp_si(fmpq_denref(e), 8) > 0) {
        fmpq_clear(e);
        return rc_spec_fail(spec, "printed.bound6_power",
                            "expected the power of (m + 1/rho) in (6), p/q with 0 <= p, q <= 8");
    }
    slong ni = (slong)json_array_size(insts);
    t1_inst *I = calloc((size_t)ni, sizeof *I);
    int rc = 0;
    double cost = 0;
    for (slong k = 0; k < ni && !rc; k++) {
        json_t *o = json_array_get(insts, (size_t)k);
        if (!json_is_object(o)) {
            char f[64];
            snprintf(f, sizeof f, "instances[%ld]", (long)k);
            rc = rc_spec_fail(spec, f, "expected an object");
            break;
        }
        rc = read_inst(I + k, spec, o, k);
        if (!rc)
            for (slong j = 0; j < I[k].nk; j++)
                cost += rc_cost_li18_thm1(I[k].m, I[k].d, I[k].ks[j]);
    }
    if (!rc) {
        char what[64];
        snprintf(what, sizeof what, "%ld instances", (long)ni);
        rc = rc_spec_cost(spec, "instances", cost, what);
    }
    if (rc) {
        for (slong k = 0; k < ni; k++)
            t1_inst_clear(I + k);
        free(I);
        fmpq_clear(e);
        return -1;
    }

    json_t *in = json_object(), *in_insts = json_array(), *res = json_object(),
           *res_insts = json_array();
    arb_t rho, mr, S, P, B, W, t, u, C, e_arb;
    arb_init(rho), arb_init(mr), arb_init(S), arb_init(P), arb_init(B), arb_init(W), arb_init(t);
    arb_init(u), arb_init(C), arb_init(e_arb);
    arb_set_fmpq(e_arb, e, T1_PREC);
    char *es = fmpq_get_str(NULL, 10, e);
    fmpq *pole_set;
    for (slong k = 0; k < ni; k++) {
        t1_inst *J = I + k;
        slong d = J->d, m = J->m;
        /* inputs, in the checker's form */
        json_t *ji = json_object(), *jx = json_array(), *jl = json_array(), *jk = json_array();
        for (slong i = 0; i < m; i++)
            json_array_append_new(jx, rc_json_fmpq_row(J->X + i * d, d));
        for (slong i = 0; i < m; i++)
            json_array_append_new(jl, json_integer(J->labels[i]));
        for (slong j = 0; j < J->nk; j++)
            json_array_append_new(jk, json_integer(J->ks[j]));
        json_object_set_new(ji, "name", json_string(J->name));
        json_object_set_new(ji, "X", jx);
        json_object_set_new(ji, "labels", jl);
        json_object_set_new(ji, "d_y", json_integer(J->dy));
        json_object_set_new(ji, "steps_per_column", jk);
        json_object_set_new(ji, "rho_for_bound", json_string(J->distinct ? "distinct" : "printed"));
        json_array_append_new(in_insts, ji);

        /* Y: e_label padded into R^d */
        fmpq *Y = _fmpq_vec_init(m * d);
        for (slong i = 0; i < m; i++)
            fmpq_one(Y + i * d + J->labels[i] - 1);
        json_t *jr = json_object();
        json_object_set_new(jr, "name", json_string(J->name));

        /* unit columns */
        fmpq_t q2, a, rho2p, rho2d;
        fmpq_init(q2), fmpq_init(a), fmpq_init(rho2p), fmpq_init(rho2d);
        int unit = 1;
        for (slong i = 0; i < m; i++) {
            dot(q2, J->X + i * d, J->X + i * d, d);
            unit &= fmpq_is_one(q2);
        }
        rc_report_add(rep, unit ? RC_OK : RC_FAIL, "Assumption 1",
                      unit ? NULL : "an x_i has |x_i|^2 != 1",
                      "%s: x_1, ..., x_%ld are unit vectors in Q^%ld (|x|^2 = 1 exactly), labels one-hot in R^%ld padded into R^%ld",
                      J->name, (long)m, (long)d, (long)J->dy, (long)d);

        /* Assumption 2, (5): d_min over the 2m vectors x_1..x_m, y_1..y_m */
        slong nz = 0, nrep = 0, ndist = 0, nxx = 0, nxy = 0;
        int firstp = 1, firstd = 1;
        json_t *zp = json_array();
        for (slong a1 = 0; a1 < 2 * m; a1++)
            for (slong b1 = a1 + 1; b1 < 2 * m; b1++) {
                const fmpq *u1 = a1 < m ? J->X + a1 * d : Y + (a1 - m) * d;
                const fmpq *v1 = b1 < m ? J->X + b1 * d : Y + (b1 - m) * d;
                dist2(q2, u1, v1, d);
                if (firstp || fmpq_cmp(q2, rho2p) < 0)
                    fmpq_set(rho2p, q2);
                firstp = 0;
                if (fmpq_is_zero(q2)) {
                    nz++;
                    if (a1 >= m)
                        nrep++;
                    else if (b1 < m)
                        nxx++;
                    else
                        nxy++;
                    if (json_array_size(zp) < 16) {
                        char nm[64];
                        snprintf(nm, sizeof nm, "%s_%ld = %s_%ld", a1 < m ? "x" : "y",
                                 (long)(a1 % m) + 1, b1 < m ? "x" : "y", (long)(b1 % m) + 1);
                        json_array_append_new(zp, json_string(nm));
                    }
                } else {
                    if (firstd || fmpq_cmp(q2, rho2d) < 0)
                        fmpq_set(rho2d, q2);
                    firstd = 0;
                    ndist++;
                }
            }
        /* distinct labels */
        slong nlab = 0;
        for (slong c1 = 1; c1 <= J->dy; c1++)
            for (slong i = 0; i < m; i++)
                if (J->labels[i] == c1) {
                    nlab++;
                    break;
                }
        int a2 = !fmpq_is_zero(rho2p);
        char *r2s = fmpq_get_str(NULL, 10, rho2p);
        if (a2)
            rc_report_add(rep, RC_NOTE, "Assumption 2", NULL,
                          "%s: Assumption 2 holds on these data: rho^2 = d_min(x_1..x_%ld, y_1..y_%ld)^2 = %s > 0 (m = %ld, d_y = %ld: no label repeats)",
                          J->name, (long)m, (long)m, r2s, (long)m, (long)J->dy);
        else
            rc_report_add(rep, RC_NOTE, "Assumption 2", NULL,
                          "%s: Assumption 2 fails on these data: rho = d_min(x_1..x_%ld, y_1..y_%ld) = 0, from %ld coinciding pairs (%ld repeated labels y_i = y_j, %ld x_i = x_j, %ld x_i = y_j)",
                          J->name, (long)m, (long)m, (long)nz, (long)nrep, (long)nxx, (long)nxy);
        /* the pigeonhole sentence, with its numbers */
        if (!a2 && nrep > 0 && m > J->dy)
            rc_report_add(rep, RC_NOTE, "Assumption 2", NULL,
                          "%s: m = %ld > d_y = %ld, so %ld one-hot labels take only %ld distinct values and some y_i = y_j: (5) is 0 for every such data set, and Theorem 1's hypothesis cannot hold",
                          J->name, (long)m, (long)J->dy, (long)m, (long)nlab);
        flint_free(r2s);
        json_t *ja = json_object();
        json_object_set_new(ja, "rho2", rc_json_fmpq(rho2p));
        json_object_set_new(ja, "holds", json_boolean(a2));
        json_object_set_new(ja, "zero_pairs", json_integer(nz));
        json_object_set_new(ja, "repeated_labels", json_integer(nrep));
        json_object_set_new(ja, "equal_xs", json_integer(nxx));
        json_object_set_new(ja, "x_equals_y", json_integer(nxy));
        json_object_set_new(ja, "distinct_labels", json_integer(nlab));
        json_object_set_new(ja, "first_zero_pairs", zp);
        json_object_set_new(ja, "rho2_distinct", ndist ? rc_json_fmpq(rho2d) : json_null());
        json_object_set_new(jr, "assumption2", ja);

        /* the rho of (6) */
        int have_rho = J->distinct ? ndist > 0 : a2;
        fmpq_t rho2;
        fmpq_init(rho2);
        fmpq_set(rho2, J->distinct ? rho2d : rho2p);

        json_t *jd = json_array();
        fmpq *pl;
        slong npl = poles(&pl, d);
        pole_set = pl;
        for (slong j = 0; j < J->nk; j++) {
            slong kk = J->ks[j], n = m * kk;
            /* build: columns in order, each along the best candidate path */
            fmpq *A = _fmpq_vec_init(m * d), *best = _fmpq_vec_init((kk + 1) * d),
                 *path = _fmpq_vec_init((kk + 1) * d), *tg = _fmpq_vec_init(n * d);
            slong *col = calloc((size_t)n, sizeof *col), nu = 0;
            vset(A, J->X, m * d);
            int built = 1;
            json_t *ju = json_array();
            for (slong i = 0; i < m && built; i++) {
                int same = vequal(A + i * d, Y + i * d, d);
                if (same)
                    continue; /* x_i = y_i: no unit */
                double bs = INFINITY;
                for (slong c1 = 0; c1 < npl; c1++) {
                    double sc = path_score(path, A, m, i, Y + i * d, pl + c1 * d, d, kk);
                    if (sc < bs) {
                        bs = sc;
                        vset(best, path, (kk + 1) * d);
                    }
                }
                if (!isfinite(bs)) {
                    built = 0;
                    break;
                }
                for (slong s1 = 1; s1 <= kk; s1++) {
                    col[nu] = i;
                    vset(tg + nu * d, best + s1 * d, d);
                    json_t *o = json_object();
                    json_object_set_new(o, "column", json_integer(i + 1));
                    json_object_set_new(o, "to", rc_json_fmpq_row(best + s1 * d, d));
                    json_array_append_new(ju, o);
                    nu++;
                }
                vset(A + i * d, Y + i * d, d);
            }
            json_t *jo = json_object();
            json_object_set_new(jo, "steps_per_column", json_integer(kk));
            json_object_set_new(jo, "n", json_integer(n));
            json_object_set_new(jo, "units", ju);
            if (!built) {
                rc_report_add(rep, RC_UNDECIDED, "Lemma 2", "no candidate path separates a column",
                              "%s, n = %ld: no rational path of %ld steps through rescheck's candidate poles keeps column a separated from the others",
                              J->name, (long)n, (long)kk);
                json_object_set_new(jo, "built", json_false());
                json_array_append_new(jd, jo);
            } else {
                /* exact: run the units on X and compare with Y */
                t1_eval E;
                fmpq_init(E.min_q), fmpq_init(E.max_norm4);
                vset(A, J->X, m * d);
                t1_apply(&E, A, d, m, col, tg, nu, ju);
                E.maps = E.ok_separated && vequal(A, Y, m * d);
                int ok = E.ok_unit && E.ok_separated && E.maps;
                /* |W|_F = max_norm4^(1/4) */
                arb_set_fmpq(W, E.max_norm4, T1_PREC);
                arb_sqrt(W, W, T1_PREC);
                arb_sqrt(W, W, T1_PREC);
                json_object_set_new(jo, "built", json_true());
                json_object_set_new(jo, "units_used", json_integer(nu));
                json_object_set_new(jo, "unit_vectors", json_boolean(E.ok_unit));
                json_object_set_new(jo, "separated", json_boolean(E.ok_separated));
                json_object_set_new(jo, "maps_x_to_y", json_boolean(E.maps));
                json_object_set_new(jo, "min_q", rc_json_fmpq(E.min_q));
                json_object_set_new(jo, "max_norm4", rc_json_fmpq(E.max_norm4));
                json_object_set_new(jo, "max_norm", ball(W));
                arb_sqrt_ui(t, (ulong)n, T1_PREC);
                arb_mul(t, t, W, T1_PREC);
                json_object_set_new(jo, "sqrt_n_max_norm", ball(t));
                char *ws = ball_str(W), *tns = ball_str(t), *mqs = fmpq_get_str(NULL, 10, E.min_q);
                rc_report_add(rep, ok ? RC_OK : RC_FAIL, "Theorem 1, Lemma 2",
                              ok ? NULL : "the chained units do not map X to Y",
                              "%s, n = %ld units (%ld per column): the network of (3) maps every x_i to y_i exactly; every unit is Lemma 1's with rho_u^2 = 8 q_u > 0 (min q_u = %s), max_{r,l} |W^{r,l}|_F = %s, sqrt(n) max|W|_F = %s",
                              J->name, (long)n, (long)kk, mqs, ws, tns);
                flint_free(mqs);
                flint_free(ws);
                flint_free(tns);
                if (nrep) {
                    /* a unit x + W2 ReLU(W1 x + b) with |W2|_2 |W1|_2 < 1 is injective
                       (x - x' = -(g(x) - g(x')) with Lip g < 1 forces x = x'), so mapping
                       x_i != x_j to the same label needs a unit with |W1|_2 |W2|_2 >= 1,
                       hence max(|W1|_F, |W2|_F) >= 1 */
                    fmpq_t one;
                    fmpq_init(one);
                    fmpq_one(one);
                    int ge1 = fmpq_cmp(E.max_norm4, one) >= 0;
                    fmpq_clear(one);
                    char *norm4 = fmpq_get_str(NULL, 10, E.max_norm4);
                    json_object_set_new(jo, "merge_norm_at_least_1", json_boolean(ge1));
                    rc_report_add(rep, ge1 ? RC_OK : RC_FAIL, "(7)", ge1 ? NULL : "max|W|_F < 1 with a repeated label",
                                  "%s, n = %ld: %ld label repeats mean distinct x_i, x_j must reach one point; a unit with |W^{r,1}|_2 |W^{r,2}|_2 < 1 is injective, so every network of (3) that does it has max|W|_F >= 1 at every depth, and this one has max|W|_F^4 = %s >= 1: no O(1/sqrt n) here",
                                  J->name, (long)n, (long)nrep, norm4);
                    flint_free(norm4);
                }
                if (have_rho) {
                    /* S = sqrt(m/(n rho)) (m + 1/rho)^(1/2), P = sqrt(m/(n rho)) (m + 1/rho)^e,
                       B = sqrt(8 d_L2)/rho with d_L2 = (rho (m-1)/2 + 1) pi / k (Lemma 2 with
                       s = n = m k), C = B / S */
                    arb_set_fmpq(rho, rho2, T1_PREC);
                    arb_sqrt(rho, rho, T1_PREC);
                    arb_inv(mr, rho, T1_PREC);
                    arb_add_si(mr, mr, m, T1_PREC);          /* m + 1/rho */
                    arb_mul_si(t, rho, n, T1_PREC);
                    arb_set_si(u, m);
                    arb_div(t, u, t, T1_PREC);
                    arb_sqrt(t, t, T1_PREC);                 /* sqrt(m/(n rho)) */
                    arb_sqrt(S, mr, T1_PREC);
                    arb_mul(S, S, t, T1_PREC);
                    arb_pow(P, mr, e_arb, T1_PREC);
                    arb_mul(P, P, t, T1_PREC);
                    arb_mul_si(B, rho, m - 1, T1_PREC);
                    arb_mul_2exp_si(B, B, -1);
                    arb_add_si(B, B, 1, T1_PREC);
                    arb_const_pi(u, T1_PREC);
                    arb_mul(B, B, u, T1_PREC);
                    arb_div_si(B, B, kk, T1_PREC);
                    arb_mul_si(B, B, 8, T1_PREC);
                    arb_sqrt(B, B, T1_PREC);
                    arb_div(B, B, rho, T1_PREC);
                    arb_div(C, B, S, T1_PREC);
                    json_object_set_new(jo, "rho", ball(rho));
                    json_object_set_new(jo, "printed_form", ball(P));
                    json_object_set_new(jo, "sqrt_form", ball(S));
                    json_object_set_new(jo, "lemma2_norm", ball(B));
                    json_object_set_new(jo, "lemma2_over_sqrt_form", ball(C));
                    arb_div(u, W, P, T1_PREC);
                    json_object_set_new(jo, "max_norm_over_printed", ball(u));
                    arb_div(u, W, S, T1_PREC);
                    json_object_set_new(jo, "max_norm_over_sqrt_form", ball(u));
                    arb_div(u, P, S, T1_PREC);
                    json_object_set_new(jo, "printed_over_sqrt_form", ball(u));
                    /* the verdict on the printed form: loose (P/S > 1, so B <= C S < C P) or
                       short of the construction's rate (P/S < 1), or undecided */
                    arb_one(t);
                    int loose = arb_gt(u, t) && !nrep, short_ = arb_lt(u, t) && !nrep;
                    if (nrep) {
                        /* C does not depend on n (B and S both scale as 1/sqrt(k) at n = m k),
                           so C P scales as 1/sqrt(n) and C P < 1 iff n > n (C P)^2 */
                        arb_mul(t, C, P, T1_PREC);
                        arb_mul(t, t, t, T1_PREC);
                        arb_mul_si(t, t, n, T1_PREC); /* n0 = n (C P)^2: C P scales as 1/sqrt(n) */
                        char *n0s = ball_str(t), *CPs;
                        arb_mul(u, C, P, T1_PREC);
                        CPs = ball_str(u);
                        json_object_set_new(jo, "bound6_reading",
                                            json_string("false for large n: repeated labels"));
                        json_object_set_new(jo, "bound6_below_1_beyond_n", ball(t));
                        rc_report_add(rep, RC_NOTE, "(6)", NULL,
                                      "%s, n = %ld, rho for (6) %s: with the construction's constant C, C sqrt(m/(n rho)) (m + 1/rho)^%s = %s, and it drops below 1 for n > %s; but these labels repeat, so every interpolating network has max|W|_F >= 1 (above): (6) and (7) cannot hold for large n here, whatever the constant, and are not called loose but not false",
                                      J->name, (long)n, J->distinct ? "over distinct points" : "as printed",
                                      es, CPs, n0s);
                        flint_free(n0s), flint_free(CPs);
                        arb_div(u, P, S, T1_PREC);
                    } else
                    json_object_set_new(jo, "bound6_reading",
                                        json_string(loose ? "loose but not false"
                                                          : short_ ? "below the construction's rate"
                                                                   : "undecided"));
                    char *Ps = ball_str(P), *Ss = ball_str(S), *Bs = ball_str(B), *Cs = ball_str(C),
                         *us = ball_str(u), *mrs = ball_str(mr);
                    if (nrep)
                        ;
                    else if (loose)
                        rc_report_add(rep, RC_NOTE, "(6)", NULL,
                                      "%s, n = %ld, rho for (6) %s: the construction gives sqrt(m/(n rho)) (m + 1/rho)^(1/2) = %s times C = %s (Lemma 2's path bound in Lemma 1's norm: %s), the printed (6) has (m + 1/rho)^%s = %s in place of (m + 1/rho)^(1/2): larger by the factor %s > 1 (m + 1/rho = %s), so (6) is loose but not false here",
                                      J->name, (long)n, J->distinct ? "over distinct points" : "as printed",
                                      Ss, Cs, Bs, es, Ps, us, mrs);
                    else
                        rc_report_add(rep, RC_NOTE, "(6)", NULL,
                                      "%s, n = %ld: the printed (6) with (m + 1/rho)^%s = %s is %s the construction's sqrt(m/(n rho)) (m + 1/rho)^(1/2) = %s (factor %s, m + 1/rho = %s): %s",
                                      J->name, (long)n, es, Ps, short_ ? "below" : "not separated from",
                                      Ss, us, mrs,
                                      short_ ? "the construction of Lemmas 1 and 2 does not give (6) in this form, which is not called loose but not false"
                                             : "the enclosures cannot order them");
                    flint_free(Ps), flint_free(Ss), flint_free(Bs), flint_free(Cs), flint_free(us),
                        flint_free(mrs);
                    /* rescheck's own network against C S */
                    arb_mul(t, C, S, T1_PREC);
                    int within = arb_le(W, t), above = arb_gt(W, t);
                    json_object_set_new(jo, "max_norm_within_lemma2",
                                        within ? json_true() : above ? json_false() : json_null());
                    char *Ws = ball_str(W), *CSs = ball_str(t);
                    rc_report_add(rep, RC_NOTE, "Lemma 2", NULL,
                                  "%s, n = %ld: rescheck's network has max|W|_F = %s, %s Lemma 2's C sqrt(m/(n rho)) (m + 1/rho)^(1/2) = %s (its paths are stereographic circles, not the paper's arcs)",
                                  J->name, (long)n, Ws, within ? "within" : above ? "above" : "not ordered against", CSs);
                    flint_free(Ws), flint_free(CSs);
                } else {
                    json_object_set_new(jo, "bound6_reading", json_string("vacuous: rho = 0"));
                    rc_report_add(rep, RC_NOTE, "(6)", NULL,
                                  "%s, n = %ld: (6) is not evaluated: its rho (%s) is 0 on these data, so sqrt(m/(n rho)) (m + 1/rho) is infinite and says nothing; the network still exists (above)",
                                  J->name, (long)n, J->distinct ? "over distinct points" : "as printed in (5)");
                }
                fmpq_clear(E.min_q), fmpq_clear(E.max_norm4);
            }
            json_array_append_new(jd, jo);
            _fmpq_vec_clear(A, m * d), _fmpq_vec_clear(best, (kk + 1) * d),
                _fmpq_vec_clear(path, (kk + 1) * d), _fmpq_vec_clear(tg, n * d);
            free(col);
        }
        _fmpq_vec_clear(pole_set, npl * d);
        json_object_set_new(jr, "depths", jd);
        json_array_append_new(res_insts, jr);
        fmpq_clear(q2), fmpq_clear(a), fmpq_clear(rho2p), fmpq_clear(rho2d), fmpq_clear(rho2);
        _fmpq_vec_clear(Y, m * d);
    }
    flint_free(es);
    json_object_set_new(in, "instances", in_insts);
    json_t *jp = json_object();
    json_object_set_new(jp, "bound6_power", rc_json_fmpq(e));
    json_object_set_new(in, "printed", jp);
    json_object_set_new(res, "instances", res_insts);
    *cert = rc_cert_new(c, spec->file, in, res, rep);
    arb_clear(rho), arb_clear(mr), arb_clear(S), arb_clear(P), arb_clear(B), arb_clear(W);
    arb_clear(t), arb_clear(u), arb_clear(C), arb_clear(e_arb);
    for (slong k = 0; k < ni; k++)
        t1_inst_clear(I + k);
    free(I);
    fmpq_clear(e);
    return 0;
}
