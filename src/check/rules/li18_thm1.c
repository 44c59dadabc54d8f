/* li18 Theorem 1 / Lemma 2, constructively, recomputed from the
 * certificate's inputs: the chain of Lemma 1 units (the certificate's
 * witness: which column each unit moves, and where) is run exactly on X and
 * must give the one-hot Y; Assumption 2's rho, the units' Frobenius norms
 * (fourth roots of rationals, enclosed with Arb) and the comparison with
 * bound (6) as printed are re-derived here. Nothing is searched. */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

#define T1_PREC 128
#define T1_DIGITS 20

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

static int same(const fmpq *a, const fmpq *b, slong n)
{
    for (slong k = 0; k < n; k++)
        if (!fmpq_equal(a + k, b + k))
            return 0;
    return 1;
}


static json_t *ball(const arb_t x)
{
    char *s = arb_get_str(x, T1_DIGITS, 0);
    json_t *j = json_string(s);
    flint_free(s);
    return j;
}

typedef struct {
    slong d, m, dy, nk;
    fmpq *X;
    slong *labels, *ks;
    int distinct;
} inst;

static void inst_clear(inst *I)
{
    if (I->X)
        _fmpq_vec_clear(I->X, I->m * I->d);
    free(I->labels);
    free(I->ks);
}

static int inst_read(ck_t *ck, inst *I, const json_t *o, const char *path)
{
    char sub[CK_PATH];
    if (ck_keys(ck, o, path, "name X labels d_y steps_per_column rho_for_bound"))
        return -1;
    ck_pathf(sub, "%s.name", path);
    if (!json_is_string(json_object_get(o, "name")))
        return ck_fail(ck, sub, "expected a string");
    const json_t *X = json_object_get(o, "X");
    ck_pathf(sub, "%s.X", path);
    if ((I->m = ck_array(ck, X, -1, sub)) < 0)
        return -1;
    if (I->m < 1 || I->m > RC_LIMIT_LI18_THM1_M)
        return ck_limit(ck, sub, "expected 1 to %d columns", RC_LIMIT_LI18_THM1_M);
    ck_pathf(sub, "%s.X[0]", path);
    if ((I->d = ck_array(ck, json_array_get(X, 0), -1, sub)) < 0)
        return -1;
    if (I->d < 3 || I->d > RC_LIMIT_LI18_THM1_D)
        return ck_limit(ck, sub, "expected 3 to %d entries", RC_LIMIT_LI18_THM1_D);
    I->X = _fmpq_vec_init(I->m * I->d);
    for (slong i = 0; i < I->m; i++) {
        ck_pathf(sub, "%s.X[%ld]", path, (long)i);
        const json_t *c = json_array_get(X, (size_t)i);
        if (ck_array(ck, c, I->d, sub) < 0)
            return -1;
        for (slong r = 0; r < I->d; r++) {
            ck_pathf(sub, "%s.X[%ld][%ld]", path, (long)i, (long)r);
            if (ck_q(ck, I->X + i * I->d + r, json_array_get(c, (size_t)r), sub))
                return -1;
        }
    }
    ck_pathf(sub, "%s.d_y", path);
    if (ck_int(ck, &I->dy, json_object_get(o, "d_y"), 1, I->d, sub))
        return -1;
    ck_pathf(sub, "%s.labels", path);
    const json_t *lab = json_object_get(o, "labels");
    if (ck_array(ck, lab, I->m, sub) < 0)
        return -1;
    I->labels = calloc((size_t)I->m, sizeof *I->labels);
    for (slong i = 0; i < I->m; i++) {
        ck_pathf(sub, "%s.labels[%ld]", path, (long)i);
        if (ck_int(ck, I->labels + i, json_array_get(lab, (size_t)i), 1, I->dy, sub))
            return -1;
    }
    ck_pathf(sub, "%s.steps_per_column", path);
    const json_t *ks = json_object_get(o, "steps_per_column");
    if ((I->nk = ck_array(ck, ks, -1, sub)) < 0)
        return -1;
    if (I->nk < 1 || I->nk > RC_LIMIT_LI18_THM1_DEPTHS)
        return ck_limit(ck, sub, "expected 1 to %d step counts", RC_LIMIT_LI18_THM1_DEPTHS);
    I->ks = calloc((size_t)I->nk, sizeof *I->ks);
    for (slong j = 0; j < I->nk; j++) {
        ck_pathf(sub, "%s.steps_per_column[%ld]", path, (long)j);
        if (ck_int(ck, I->ks + j, json_array_get(ks, (size_t)j), 1, RC_LIMIT_LI18_THM1_STEPS, sub))
            return -1;
    }
    ck_pathf(sub, "%s.rho_for_bound", path);
    const char *rb = json_string_value(json_object_get(o, "rho_for_bound"));
    if (!rb || (strcmp(rb, "printed") && strcmp(rb, "distinct")))
        return ck_fail(ck, sub, "expected \"printed\" or \"distinct\"");
    I->distinct = !strcmp(rb, "distinct");
    return 0;
}

/* One depth: runs the witness units on X. A unit moving column c from p to
 * t, with q = min_{j != c} (1 - p.a_j), adds ReLU(p.a_j + q - 1)/q (t - p) to
 * column j (Lemma 1 with rho^2 = 8q and the weights scaled by ReLU's
 * homogeneity); |W^1|_F = |W^2|_F = (|t - p|^2 / q^2)^(1/4) at the balancing
 * scale. */
static int depth_check(ck_t *ck, const inst *I, const fmpq *Y, slong kk, const json_t *cj,
                       const char *path, json_t *jo, ck_verdict *v, slong nrep, const fmpq_t rho2,
                       int have_rho, const arb_t e_arb)
{
    char sub[CK_PATH];
    slong d = I->d, m = I->m, n = m * kk;
    ck_pathf(sub, "%s.built", path);
    int built;
    if (ck_bool(ck, &built, json_object_get(cj, "built"), sub))
        return -1;
    const json_t *ju = json_object_get(cj, "units");
    ck_pathf(sub, "%s.units", path);
    slong nu = ck_array(ck, ju, -1, sub);
    if (nu < 0)
        return -1;
    if (nu > n)
        return ck_fail(ck, sub, "%ld units, more than n = m k = %ld", (long)nu, (long)n);
    json_object_set_new(jo, "steps_per_column", json_integer(kk));
    json_object_set_new(jo, "n", json_integer(n));
    json_object_set_new(jo, "built", json_boolean(built));
    if (!built) {
        json_object_set_new(jo, "units", json_deep_copy(ju));
        ck_state(v, CK_UNDECIDED, "%s: the prover found no separating path", path);
        return 0;
    }
    slong *col = calloc((size_t)(nu ? nu : 1), sizeof *col);
    fmpq *tg = _fmpq_vec_init((nu ? nu : 1) * d), *A = _fmpq_vec_init(m * d), *p = _fmpq_vec_init(d);
    int rc = 0;
    for (slong u = 0; u < nu && !rc; u++) {
        const json_t *o = json_array_get(ju, (size_t)u);
        ck_pathf(sub, "%s.units[%ld]", path, (long)u);
        if (ck_keys(ck, o, sub, "column norm4 to")) {
            rc = -1;
            break;
        }
        ck_pathf(sub, "%s.units[%ld].column", path, (long)u);
        if (ck_int(ck, col + u, json_object_get(o, "column"), 1, m, sub)) {
            rc = -1;
            break;
        }
        col[u]--;
        ck_pathf(sub, "%s.units[%ld].to", path, (long)u);
        const json_t *t = json_object_get(o, "to");
        if (ck_array(ck, t, d, sub) < 0) {
            rc = -1;
            break;
        }
        for (slong r = 0; r < d && !rc; r++) {
            ck_pathf(sub, "%s.units[%ld].to[%ld]", path, (long)u, (long)r);
            rc = ck_qw(ck, tg + u * d + r, json_array_get(t, (size_t)r), sub);
        }
    }
    fmpq_t q, t, z, n4, min_q, max_n4;
    fmpq_init(q), fmpq_init(t), fmpq_init(z), fmpq_init(n4), fmpq_init(min_q), fmpq_init(max_n4);
    /* the expected units: the witness's columns and points, each with its norm
       recomputed (a moved or reordered point changes some unit's norm) */
    json_t *eu = json_array();
    json_object_set_new(jo, "units", eu);
    if (!rc) {
        for (slong k = 0; k < m * d; k++)
            fmpq_set(A + k, I->X + k);
        int unit = 1, sep = 1;
        for (slong u = 0; u < nu; u++) {
            const fmpq *to = tg + u * d;
            for (slong r = 0; r < d; r++)
                fmpq_set(p + r, A + col[u] * d + r);
            dot(t, to, to, d);
            unit &= fmpq_is_one(t);
            fmpq_one(q);
            int first = 1;
            for (slong j = 0; j < m; j++) {
                if (j == col[u])
                    continue;
                dot(t, p, A + j * d, d);
                fmpq_one(z);
                fmpq_sub(z, z, t);
                if (first || fmpq_cmp(z, q) < 0)
                    fmpq_set(q, z);
                first = 0;
            }
            if (fmpq_sgn(q) <= 0) {
                sep = 0;
                break;
            }
            if (u == 0 || fmpq_cmp(q, min_q) < 0)
                fmpq_set(min_q, q);
            dist2(n4, p, to, d);
            fmpq_div(n4, n4, q);
            fmpq_div(n4, n4, q);
            json_t *ou = json_object();
            json_object_set_new(ou, "column", json_integer(col[u] + 1));
            json_object_set(ou, "to", json_object_get(json_array_get(ju, (size_t)u), "to"));
            json_object_set_new(ou, "norm4", rc_json_fmpq(n4));
            json_array_append_new(eu, ou);
            if (u == 0 || fmpq_cmp(n4, max_n4) > 0)
                fmpq_set(max_n4, n4);
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
        int maps = sep && same(A, Y, m * d);
        ck_state(v, unit && sep && maps ? CK_OK : CK_FAIL,
                 "%s: the units do not map X to the one-hot Y exactly", path);
        arb_t W, rho, mr, S, P, B, C, a, b;
        arb_init(W), arb_init(rho), arb_init(mr), arb_init(S), arb_init(P), arb_init(B);
        arb_init(C), arb_init(a), arb_init(b);
        arb_set_fmpq(W, max_n4, T1_PREC);
        arb_sqrt(W, W, T1_PREC);
        arb_sqrt(W, W, T1_PREC);
        json_object_set_new(jo, "units_used", json_integer(nu));
        json_object_set_new(jo, "unit_vectors", json_boolean(unit));
        json_object_set_new(jo, "separated", json_boolean(sep));
        json_object_set_new(jo, "maps_x_to_y", json_boolean(maps));
        json_object_set_new(jo, "min_q", rc_json_fmpq(min_q));
        json_object_set_new(jo, "max_norm4", rc_json_fmpq(max_n4));
        json_object_set_new(jo, "max_norm", ball(W));
        arb_sqrt_ui(a, (ulong)n, T1_PREC);
        arb_mul(a, a, W, T1_PREC);
        json_object_set_new(jo, "sqrt_n_max_norm", ball(a));
        if (nrep) {
            /* merging two columns needs |W1|_2 |W2|_2 >= 1 (a unit below that is
               injective): this network's largest norm must be >= 1 */
            fmpq_one(t);
            int ge1 = fmpq_cmp(max_n4, t) >= 0;
            ck_state(v, ge1 ? CK_OK : CK_FAIL, "%s: max|W|_F < 1 with a repeated label", path);
            json_object_set_new(jo, "merge_norm_at_least_1", json_boolean(ge1));
        }
        if (have_rho) {
            /* S = sqrt(m/(n rho)) (m + 1/rho)^(1/2), P = sqrt(m/(n rho)) (m + 1/rho)^e,
               B = sqrt(8 (rho (m-1)/2 + 1) pi / k) / rho, C = B / S */
            arb_set_fmpq(rho, rho2, T1_PREC);
            arb_sqrt(rho, rho, T1_PREC);
            arb_inv(mr, rho, T1_PREC);
            arb_add_si(mr, mr, m, T1_PREC);
            arb_mul_si(a, rho, n, T1_PREC);
            arb_set_si(b, m);
            arb_div(a, b, a, T1_PREC);
            arb_sqrt(a, a, T1_PREC);
            arb_sqrt(S, mr, T1_PREC);
            arb_mul(S, S, a, T1_PREC);
            arb_pow(P, mr, e_arb, T1_PREC);
            arb_mul(P, P, a, T1_PREC);
            arb_mul_si(B, rho, m - 1, T1_PREC);
            arb_mul_2exp_si(B, B, -1);
            arb_add_si(B, B, 1, T1_PREC);
            arb_const_pi(b, T1_PREC);
            arb_mul(B, B, b, T1_PREC);
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
            arb_div(b, W, P, T1_PREC);
            json_object_set_new(jo, "max_norm_over_printed", ball(b));
            arb_div(b, W, S, T1_PREC);
            json_object_set_new(jo, "max_norm_over_sqrt_form", ball(b));
            arb_div(b, P, S, T1_PREC);
            json_object_set_new(jo, "printed_over_sqrt_form", ball(b));
            if (nrep) {
                arb_mul(a, C, P, T1_PREC);
                arb_mul(a, a, a, T1_PREC);
                arb_mul_si(a, a, n, T1_PREC);
                json_object_set_new(jo, "bound6_reading", json_string("false for large n: repeated labels"));
                json_object_set_new(jo, "bound6_below_1_beyond_n", ball(a));
            } else {
                arb_one(a);
                int loose = arb_gt(b, a), below = arb_lt(b, a);
                json_object_set_new(jo, "bound6_reading",
                                    json_string(loose   ? "loose but not false"
                                                : below ? "below the construction's rate"
                                                        : "undecided"));
            }
            arb_mul(a, C, S, T1_PREC);
            int within = arb_le(W, a), above = arb_gt(W, a);
            json_object_set_new(jo, "max_norm_within_lemma2",
                                within ? json_true() : above ? json_false() : json_null());
        } else
            json_object_set_new(jo, "bound6_reading", json_string("vacuous: rho = 0"));
        arb_clear(W), arb_clear(rho), arb_clear(mr), arb_clear(S), arb_clear(P), arb_clear(B);
        arb_clear(C), arb_clear(a), arb_clear(b);
    }
    fmpq_clear(q), fmpq_clear(t), fmpq_clear(z), fmpq_clear(n4), fmpq_clear(min_q),
        fmpq_clear(max_n4);
    free(col);
    _fmpq_vec_clear(tg, nu ? nu : 1);
    _fmpq_vec_clear(A, m * d);
    _fmpq_vec_clear(p, d);
    return rc;
}

int ck_li18_thm1(ck_t *ck, int variant, const char *claim, const json_t *in,
                 const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    char path[CK_PATH], sub[CK_PATH];
    if (ck_keys(ck, in, "inputs", "instances printed") ||
        ck_keys(ck, json_object_get(in, "printed"), "inputs.printed", "bound6_power"))
        return -1;
    fmpq_t e;
    fmpq_init(e);
    if (ck_q(ck, e, json_object_get(json_object_get(in, "printed"), "bound6_power"),
             "inputs.printed.bound6_power")) {
        fmpq_clear(e);
        return -1;
    }
    if (fmpq_sgn(e) < 0 || fmpz_cmp_si(fmpq_numref(e), 8) > 0 || fmpz_cmp_si(fmpq_denref(e), 8) > 0) {
        fmpq_clear(e);
        return ck_fail(ck, "inputs.printed.bound6_power", "expected p/q with 0 <= p, q <= 8");
    }
    const json_t *insts = json_object_get(in, "instances");
    slong ni = ck_array(ck, insts, -1, "inputs.instances");
    if (ni < 0 || ni > RC_LIMIT_LI18_THM1_INSTANCES || ni < 1) {
        fmpq_clear(e);
        return ni < 0 ? -1 : ck_limit(ck, "inputs.instances", "expected 1 to %d instances",
                                      RC_LIMIT_LI18_THM1_INSTANCES);
    }
    const json_t *rinsts = json_object_get(results, "instances");
    if (ck_array(ck, rinsts, ni, "results.instances") < 0) {
        fmpq_clear(e);
        return -1;
    }
    inst *I = calloc((size_t)ni, sizeof *I);
    int rc = 0;
    double cost = 0;
    for (slong k = 0; k < ni && !rc; k++) {
        ck_pathf(path, "inputs.instances[%ld]", (long)k);
        rc = inst_read(ck, I + k, json_array_get(insts, (size_t)k), path);
        for (slong j = 0; !rc && j < I[k].nk; j++)
            cost += rc_cost_li18_thm1(I[k].m, I[k].d, I[k].ks[j]) / 20; /* no search */
    }
    if (!rc)
        rc = ck_cost(ck, "inputs.instances", cost, "the instances");
    arb_t e_arb;
    arb_init(e_arb);
    arb_set_fmpq(e_arb, e, T1_PREC);
    json_t *res = json_object(), *ri = json_array();
    for (slong k = 0; k < ni && !rc; k++) {
        const inst *J = I + k;
        slong d = J->d, m = J->m;
        const json_t *jin = json_array_get(insts, (size_t)k);
        const json_t *jr = json_array_get(rinsts, (size_t)k);
        ck_pathf(path, "results.instances[%ld]", (long)k);
        if (!json_is_object(jr)) {
            rc = ck_fail(ck, path, "expected an object");
            break;
        }
        json_t *jo = json_object();
        json_array_append_new(ri, jo);
        json_object_set(jo, "name", json_object_get(jin, "name"));
        fmpq *Y = _fmpq_vec_init(m * d);
        for (slong i = 0; i < m; i++)
            fmpq_one(Y + i * d + J->labels[i] - 1);
        fmpq_t q2, rp, rd;
        fmpq_init(q2), fmpq_init(rp), fmpq_init(rd);
        int unit = 1;
        for (slong i = 0; i < m; i++) {
            dot(q2, J->X + i * d, J->X + i * d, d);
            unit &= fmpq_is_one(q2);
        }
        ck_state(v, unit ? CK_OK : CK_FAIL, "%s: an x_i is not a unit vector", path);
        /* (5) over the 2m vectors */
        slong nz = 0, nrep = 0, nxx = 0, nxy = 0, ndist = 0, nlab = 0;
        json_t *zp = json_array();
        for (slong a = 0; a < 2 * m; a++)
            for (slong b = a + 1; b < 2 * m; b++) {
                const fmpq *u = a < m ? J->X + a * d : Y + (a - m) * d;
                const fmpq *w = b < m ? J->X + b * d : Y + (b - m) * d;
                dist2(q2, u, w, d);
                if ((a == 0 && b == 1) || fmpq_cmp(q2, rp) < 0)
                    fmpq_set(rp, q2);
                if (fmpq_is_zero(q2)) {
                    nz++;
                    if (a >= m)
                        nrep++;
                    else if (b < m)
                        nxx++;
                    else
                        nxy++;
                    if (json_array_size(zp) < 16) {
                        char nm[64];
                        snprintf(nm, sizeof nm, "%s_%ld = %s_%ld", a < m ? "x" : "y",
                                 (long)(a % m) + 1, b < m ? "x" : "y", (long)(b % m) + 1);
                        json_array_append_new(zp, json_string(nm));
                    }
                } else {
                    if (!ndist || fmpq_cmp(q2, rd) < 0)
                        fmpq_set(rd, q2);
                    ndist++;
                }
            }
        for (slong c = 1; c <= J->dy; c++)
            for (slong i = 0; i < m; i++)
                if (J->labels[i] == c) {
                    nlab++;
                    break;
                }
        json_t *ja = json_object();
        json_object_set_new(ja, "rho2", rc_json_fmpq(rp));
        json_object_set_new(ja, "holds", json_boolean(!fmpq_is_zero(rp)));
        json_object_set_new(ja, "zero_pairs", json_integer(nz));
        json_object_set_new(ja, "repeated_labels", json_integer(nrep));
        json_object_set_new(ja, "equal_xs", json_integer(nxx));
        json_object_set_new(ja, "x_equals_y", json_integer(nxy));
        json_object_set_new(ja, "distinct_labels", json_integer(nlab));
        json_object_set_new(ja, "first_zero_pairs", zp);
        json_object_set_new(ja, "rho2_distinct", ndist ? rc_json_fmpq(rd) : json_null());
        json_object_set_new(jo, "assumption2", ja);
        int have_rho = J->distinct ? ndist > 0 : !fmpq_is_zero(rp);
        const json_t *jd = json_object_get(jr, "depths");
        ck_pathf(sub, "%s.depths", path);
        if (ck_array(ck, jd, J->nk, sub) < 0)
            rc = -1;
        json_t *od = json_array();
        json_object_set_new(jo, "depths", od);
        for (slong j = 0; j < J->nk && !rc; j++) {
            json_t *o = json_object();
            json_array_append_new(od, o);
            ck_pathf(sub, "%s.depths[%ld]", path, (long)j);
            const json_t *cj = json_array_get(jd, (size_t)j);
            if (!json_is_object(cj)) {
                rc = ck_fail(ck, sub, "expected an object");
                break;
            }
            rc = depth_check(ck, J, Y, J->ks[j], cj, sub, o, v, nrep,
                             J->distinct ? rd : rp, have_rho, e_arb);
        }
        fmpq_clear(q2), fmpq_clear(rp), fmpq_clear(rd);
        _fmpq_vec_clear(Y, m * d);
    }
    json_object_set_new(res, "instances", ri);
    if (!rc)
        *expected = res;
    else
        json_decref(res);
    arb_clear(e_arb);
    for (slong k = 0; k < ni; k++)
        inst_clear(I + k);
    free(I);
    fmpq_clear(e);
    return rc;
}
