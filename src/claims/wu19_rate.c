/* wu19 (author response, Reviewer 2): gradient descent on the deep linear
 * network W_L ... W_1 from ZAS with scale a (W_l = a I_d for l < L, W_L = 0),
 * loss R(W) = |W_L ... W_1 - Phi|_F^2 / 2 (whitened data: Phi = Y X^T / n,
 * R the excess risk). The response's discrete bound
 *     R(t) <= (1 - a^{2(L-1)} eta / 2)^t R(0),  "requires eta < 1/a^{2(L-1)}",
 * checked at every step t <= T: exact rational steps while the entries stay
 * within the bit budget, then every step enclosed in Arb balls. The step's
 * arithmetic is fixed (docs/certificates.md, rule wu19.rate/1) so that the
 * checker's own implementation reproduces the same balls:
 *   F_0 = I, F_l = W_l F_{l-1} (l < L); E = W_L F_{L-1} - Phi;
 *   S_L = I, S_l = S_{l+1} W_{l+1}; G_l = (S_l^T E) F_{l-1}^T;
 *   W_l <- W_l - eta G_l (all l at once); every product entry one arb_dot
 *   in index order; R = (sum of E_ij^2 in row order) / 2. */
#include "rescheck/progress.h"
#include "rescheck/cert.h"
#include "rescheck/claims.h"

#include <arb.h>
#include <arb_mat.h>
#include <flint/fmpq_mat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char name[64];
    int probe;
    slong d, dout, L, T, prec, ebits;
    fmpq_t a, eta;
    fmpq_mat_t Phi;
    json_t *in;
} rate_t;

static int get_int(slong *out, rc_spec *s, json_t *o, const char *key, const char *f, slong lo,
                   slong hi, slong dflt)
{
    char g[128];
    snprintf(g, sizeof g, "%s.%s", f, key);
    json_t *v = json_object_get(o, key);
    if (!v && dflt >= 0) {
        *out = dflt;
        return 0;
    }
    if (!v)
        return rc_spec_fail(s, g, "missing");
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return rc_spec_fail(s, g, "expected an integer from %ld to %ld", (long)lo, (long)hi);
    *out = (slong)json_integer_value(v);
    return 0;
}

static int read_rate(rate_t *r, rc_spec *s, json_t *o, size_t idx)
{
    char f[64], g[128];
    snprintf(f, sizeof f, "instances[%zu]", idx);
    const char *name = NULL, *role = NULL;
    snprintf(g, sizeof g, "%s.name", f);
    if (rc_spec_string(&name, s, rc_spec_get(s, o, "name", g, 1), g))
        return -1;
    snprintf(r->name, sizeof r->name, "%.60s", name);
    snprintf(g, sizeof g, "%s.role", f);
    if (rc_spec_string(&role, s, rc_spec_get(s, o, "role", g, 1), g))
        return -1;
    if (strcmp(role, "check") && strcmp(role, "probe"))
        return rc_spec_fail(s, g, "expected \"check\" (a violation refutes) or \"probe\" (a "
                            "violation is reported as a note)");
    r->probe = !strcmp(role, "probe");
    if (get_int(&r->d, s, o, "d", f, 1, RC_LIMIT_WU19_WIDTH, -1) ||
        get_int(&r->dout, s, o, "d_out", f, 1, RC_LIMIT_WU19_WIDTH, r->d) ||
        get_int(&r->L, s, o, "L", f, 2, RC_LIMIT_WU19_DEPTH, -1) ||
        get_int(&r->T, s, o, "steps", f, 1, RC_LIMIT_WU19_STEPS, -1) ||
        get_int(&r->prec, s, o, "prec", f, 64, RC_LIMIT_WU19_PREC, 256) ||
        get_int(&r->ebits, s, o, "exact_bits", f, 0, RC_LIMIT_WU19_EXACT_BITS, 20000))
        return -1;
    snprintf(g, sizeof g, "%s.a", f);
    if (rc_spec_fmpq(r->a, s, rc_spec_get(s, o, "a", g, 1), g))
        return -1;
    if (fmpq_sgn(r->a) <= 0)
        return rc_spec_fail(s, g, "the scale a must be positive");
    snprintf(g, sizeof g, "%s.eta", f);
    if (rc_spec_fmpq(r->eta, s, rc_spec_get(s, o, "eta", g, 1), g))
        return -1;
    if (fmpq_sgn(r->eta) <= 0)
        return rc_spec_fail(s, g, "the step size must be positive");
    char what[128];
    snprintf(what, sizeof what, "L = %ld, d = %ld, %ld steps at %ld bits, exact budget %ld bits",
             (long)r->L, (long)FLINT_MAX(r->d, r->dout), (long)r->T, (long)r->prec,
             (long)r->ebits);
    if (rc_spec_cost(s, f, rc_cost_wu19_rate(r->L, FLINT_MAX(r->d, r->dout), r->T, r->prec,
                                             r->ebits), what))
        return -1;
    snprintf(g, sizeof g, "%s.Phi", f);
    json_t *P = rc_spec_get(s, o, "Phi", g, 1);
    if (!P)
        return -1;
    if (!json_is_array(P) || (slong)json_array_size(P) != r->dout)
        return rc_spec_fail(s, g, "expected d_out = %ld rows", (long)r->dout);
    fmpq_mat_init(r->Phi, r->dout, r->d);
    for (slong i = 0; i < r->dout; i++) {
        json_t *row = json_array_get(P, (size_t)i);
        if (!json_is_array(row) || (slong)json_array_size(row) != r->d)
            return rc_spec_fail(s, g, "row %ld: expected d = %ld numbers", (long)i, (long)r->d);
        for (slong j = 0; j < r->d; j++) {
            snprintf(g, sizeof g, "%s.Phi[%ld][%ld]", f, (long)i, (long)j);
            if (rc_spec_fmpq(fmpq_mat_entry(r->Phi, i, j), s, json_array_get(row, (size_t)j), g))
                return -1;
        }
    }
    r->in = json_object();
    json_object_set_new(r->in, "name", json_string(r->name));
    json_object_set_new(r->in, "role", json_string(role));
    json_object_set_new(r->in, "d", json_integer(r->d));
    json_object_set_new(r->in, "d_out", json_integer(r->dout));
    json_object_set_new(r->in, "L", json_integer(r->L));
    json_object_set_new(r->in, "a", rc_json_fmpq(r->a));
    json_object_set_new(r->in, "eta", rc_json_fmpq(r->eta));
    json_t *pj = json_array();
    for (slong i = 0; i < r->dout; i++) {
        json_t *row = json_array();
        for (slong j = 0; j < r->d; j++)
            json_array_append_new(row, rc_json_fmpq(fmpq_mat_entry(r->Phi, i, j)));
        json_array_append_new(pj, row);
    }
    json_object_set_new(r->in, "Phi", pj);
    json_object_set_new(r->in, "steps", json_integer(r->T));
    json_object_set_new(r->in, "prec", json_integer(r->prec));
    json_object_set_new(r->in, "exact_bits", json_integer(r->ebits));
    return 0;
}

/* ---- one exact step ---------------------------------------------------------- */

static slong dim_r(const rate_t *r, slong l) { return l == r->L ? r->dout : r->d; }

/* E = W_L ... W_1 - Phi, R = |E|^2 / 2 */
static void q_loss(fmpq_t R, fmpq_mat_t E, fmpq_mat_struct *F, const fmpq_mat_struct *W,
                   const rate_t *r)
{
    fmpq_mat_one(F + 0);
    for (slong l = 1; l < r->L; l++)
        fmpq_mat_mul(F + l, W + l, F + l - 1);
    fmpq_mat_mul(E, W + r->L, F + r->L - 1);
    fmpq_mat_sub(E, E, r->Phi);
    fmpq_zero(R);
    for (slong i = 0; i < r->dout; i++)
        for (slong j = 0; j < r->d; j++)
            fmpq_addmul(R, fmpq_mat_entry(E, i, j), fmpq_mat_entry(E, i, j));
    fmpq_div_2exp(R, R, 1);
}

static void q_step(fmpq_mat_struct *W, const fmpq_mat_struct *F, const fmpq_mat_t E,
                   const rate_t *r)
{
    slong L = r->L;
    fmpq_mat_t S, Sn, St, M, Ft, G;
    fmpq_mat_init(S, r->dout, r->dout);
    fmpq_mat_one(S);
    fmpq_mat_struct *Gs = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)(L + 1));
    for (slong l = L; l >= 1; l--) {
        slong dl = dim_r(r, l);
        fmpq_mat_init(St, dl, r->dout);
        fmpq_mat_transpose(St, S);
        fmpq_mat_init(M, dl, r->d);
        fmpq_mat_mul(M, St, E);
        fmpq_mat_init(Ft, r->d, r->d);
        fmpq_mat_transpose(Ft, F + l - 1);
        fmpq_mat_init(Gs + l, dl, r->d);
        fmpq_mat_mul(Gs + l, M, Ft);
        if (l > 1) { /* S_{l-1} = S_l W_l */
            fmpq_mat_init(Sn, r->dout, r->d);
            fmpq_mat_mul(Sn, S, W + l);
            fmpq_mat_swap(S, Sn);
            fmpq_mat_clear(Sn);
        }
        fmpq_mat_clear(St);
        fmpq_mat_clear(M);
        fmpq_mat_clear(Ft);
    }
    (void)G;
    for (slong l = 1; l <= L; l++) {
        fmpq_mat_scalar_mul_fmpq(Gs + l, Gs + l, r->eta);
        fmpq_mat_sub(W + l, W + l, Gs + l);
        fmpq_mat_clear(Gs + l);
    }
    flint_free(Gs);
    fmpq_mat_clear(S);
}

static slong q_bits(const fmpq_mat_struct *W, const rate_t *r)
{
    slong b = 0;
    for (slong l = 1; l <= r->L; l++)
        for (slong i = 0; i < fmpq_mat_nrows(W + l); i++)
            for (slong j = 0; j < fmpq_mat_ncols(W + l); j++) {
                const fmpq *e = fmpq_mat_entry(W + l, i, j);
                b = FLINT_MAX(b, (slong)(fmpz_bits(fmpq_numref(e)) + fmpz_bits(fmpq_denref(e))));
            }
    return b;
}

/* ---- one ball step: every product entry one arb_dot in index order ---------- */

/* C = A B (or A^T B when ta) with A, B, C as arb_mat */
static void b_mul(arb_mat_t C, const arb_mat_t A, int ta, const arb_mat_t B, int tb, slong prec)
{
    slong n = ta ? arb_mat_ncols(A) : arb_mat_nrows(A), k = ta ? arb_mat_nrows(A) : arb_mat_ncols(A);
    slong m = tb ? arb_mat_nrows(B) : arb_mat_ncols(B);
    arb_ptr x = _arb_vec_init(k), y = _arb_vec_init(k);
    arb_mat_t T;
    arb_mat_init(T, n, m);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < m; j++) {
            for (slong t = 0; t < k; t++) {
                arb_set(x + t, ta ? arb_mat_entry(A, t, i) : arb_mat_entry(A, i, t));
                arb_set(y + t, tb ? arb_mat_entry(B, j, t) : arb_mat_entry(B, t, j));
            }
            arb_dot(arb_mat_entry(T, i, j), NULL, 0, x, 1, y, 1, k, prec);
        }
    arb_mat_swap(C, T);
    arb_mat_clear(T);
    _arb_vec_clear(x, k);
    _arb_vec_clear(y, k);
}

static void b_loss(arb_t R, arb_mat_t E, arb_mat_struct *F, const arb_mat_struct *W,
                   const arb_mat_t Phi, const rate_t *r)
{
    arb_mat_one(F + 0);
    for (slong l = 1; l < r->L; l++)
        b_mul(F + l, W + l, 0, F + l - 1, 0, r->prec);
    b_mul(E, W + r->L, 0, F + r->L - 1, 0, r->prec);
    arb_mat_sub(E, E, Phi, r->prec);
    arb_zero(R);
    for (slong i = 0; i < r->dout; i++)
        for (slong j = 0; j < r->d; j++)
            arb_addmul(R, arb_mat_entry(E, i, j), arb_mat_entry(E, i, j), r->prec);
    arb_mul_2exp_si(R, R, -1);
}

static void b_step(arb_mat_struct *W, const arb_mat_struct *F, const arb_mat_t E, const arb_t eta,
                   const rate_t *r)
{
    slong L = r->L, prec = r->prec;
    arb_mat_t S, M;
    arb_mat_init(S, r->dout, r->dout);
    arb_mat_one(S);
    arb_mat_struct *G = flint_malloc(sizeof(arb_mat_struct) * (size_t)(L + 1));
    for (slong l = L; l >= 1; l--) {
        arb_mat_init(M, dim_r(r, l), r->d);
        b_mul(M, S, 1, E, 0, prec);
        arb_mat_init(G + l, dim_r(r, l), r->d);
        b_mul(G + l, M, 0, F + l - 1, 1, prec);
        arb_mat_clear(M);
        if (l > 1)
            b_mul(S, S, 0, W + l, 0, prec);
    }
    for (slong l = 1; l <= L; l++) {
        arb_mat_scalar_mul_arb(G + l, G + l, eta, prec);
        arb_mat_sub(W + l, W + l, G + l, prec);
        arb_mat_clear(G + l);
    }
    flint_free(G);
    arb_mat_clear(S);
}

/* ---- the trajectory ------------------------------------------------------------ */

static json_t *run_one(const rate_t *r, rc_report *rep, rc_progress *prog, double base)
{
    slong L = r->L, d = r->d, T = r->T, prec = r->prec;
    json_t *res = json_object();
    json_object_set_new(res, "name", json_string(r->name));
    fmpq_t c, q, R0, R, B, t1;
    fmpq_init(c); fmpq_init(q); fmpq_init(R0); fmpq_init(R); fmpq_init(B); fmpq_init(t1);
    /* c = a^{2(L-1)} eta, q = 1 - c/2 */
    fmpq_pow_si(c, r->a, 2 * (L - 1));
    fmpq_mul(c, c, r->eta);
    fmpq_set_si(q, 1, 1);
    fmpq_div_2exp(t1, c, 1);
    fmpq_sub(q, q, t1);
    int cond = fmpq_cmp_si(c, 1) < 0;
    json_object_set_new(res, "c", rc_json_fmpq(c));
    json_object_set_new(res, "eta_below_letter_bound", json_boolean(cond));

    fmpq_mat_struct *W = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)(L + 1));
    fmpq_mat_struct *F = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)L);
    for (slong l = 1; l <= L; l++) {
        fmpq_mat_init(W + l, dim_r(r, l), d);
        if (l < L)
            for (slong i = 0; i < d; i++)
                fmpq_set(fmpq_mat_entry(W + l, i, i), r->a);
    }
    for (slong l = 0; l < L; l++)
        fmpq_mat_init(F + l, d, d);
    fmpq_mat_t E;
    fmpq_mat_init(E, r->dout, d);
    q_loss(R0, E, F, W, r);
    json_object_set_new(res, "R0", rc_json_fmpq(R0));

    char *status = flint_malloc((size_t)T + 2);
    json_t *ratios = json_array();
    slong first_violation = 0, undecided = 0, exact_steps = 0, lost = 0;
    arb_t Rb, Bb, qb, ratio, etab, maxr;
    arb_init(Rb); arb_init(Bb); arb_init(qb); arb_init(ratio); arb_init(etab); arb_init(maxr);
    arb_set_fmpq(qb, q, prec);
    arb_set_fmpq(etab, r->eta, prec);
    status[0] = 'h'; /* t = 0: R(0) = bound */
    json_array_append_new(ratios, json_string("1"));
    slong t = 1;
    /* exact phase: step t is exact while W(t-1)'s entries have <= ebits/(2L) bits */
    fmpq_set(B, R0);
    for (; t <= T && q_bits(W, r) <= r->ebits / (2 * L); t++) {
        rc_progress_show(prog, base + (double)t, "instance %s: exact step %ld/%ld", r->name, (long)t,
                         (long)T);
        q_step(W, F, E, r);
        q_loss(R, E, F, W, r);
        fmpq_mul(B, B, q);
        int cmp = fmpq_cmp(R, B);
        status[t] = cmp <= 0 ? 'h' : 'v';
        if (cmp > 0 && !first_violation)
            first_violation = t;
        if (fmpq_is_zero(B))
            arb_indeterminate(ratio);
        else {
            fmpq_div(t1, R, B);
            arb_set_fmpq(ratio, t1, prec);
        }
        char *s = arb_get_str(ratio, 5, 0);
        json_array_append_new(ratios, json_string(s));
        flint_free(s);
        exact_steps = t;
    }
    /* ball phase */
    arb_mat_struct *Wb = flint_malloc(sizeof(arb_mat_struct) * (size_t)(L + 1));
    arb_mat_struct *Fb = flint_malloc(sizeof(arb_mat_struct) * (size_t)L);
    arb_mat_t Eb, Phib;
    arb_mat_init(Eb, r->dout, d);
    arb_mat_init(Phib, r->dout, d);
    arb_mat_set_fmpq_mat(Phib, r->Phi, prec);
    for (slong l = 1; l <= L; l++) {
        arb_mat_init(Wb + l, dim_r(r, l), d);
        arb_mat_set_fmpq_mat(Wb + l, W + l, prec);
    }
    for (slong l = 0; l < L; l++)
        arb_mat_init(Fb + l, d, d);
    arb_set_fmpq(Bb, B, prec);
    if (t <= T)
        b_loss(Rb, Eb, Fb, Wb, Phib, r);
    for (; t <= T; t++) {
        rc_progress_show(prog, base + (double)t, "instance %s: step %ld/%ld in balls", r->name, (long)t,
                         (long)T);
        b_step(Wb, Fb, Eb, etab, r);
        b_loss(Rb, Eb, Fb, Wb, Phib, r);
        arb_mul(Bb, Bb, qb, prec);
        if (arb_lt(Rb, Bb) || arb_le(Rb, Bb))
            status[t] = 'h';
        else if (arb_gt(Rb, Bb)) {
            status[t] = 'v';
            if (!first_violation)
                first_violation = t;
        } else {
            status[t] = 'u';
            undecided++;
        }
        arb_div(ratio, Rb, Bb, prec);
        char *s = arb_get_str(ratio, 5, 0);
        json_array_append_new(ratios, json_string(s));
        flint_free(s);
        /* the enclosure is lost: R(t)'s ball holds 0 at an undecided step. The
           balls of W only widen (W - eta G adds radii), so no later step can be
           decided; they are marked undecided without computing them */
        if (status[t] == 'u' && arb_contains_zero(Rb)) {
            lost = t++;
            break;
        }
    }
    for (; t <= T; t++) {
        status[t] = 'u';
        undecided++;
        json_array_append_new(ratios, json_null());
    }
    status[T + 1] = 0;
    char *rfin = lost ? NULL : arb_get_str(exact_steps == T ? ratio : Rb, 8, 0);
    if (exact_steps == T) {
        arb_set_fmpq(Rb, R, prec);
        flint_free(rfin);
        rfin = arb_get_str(Rb, 8, 0);
    }
    json_object_set_new(res, "exact_steps", json_integer(exact_steps));
    json_object_set_new(res, "status", json_string(status));
    json_object_set_new(res, "ratio", ratios);
    json_object_set_new(res, "first_violation", first_violation ? json_integer(first_violation)
                                                                 : json_null());
    json_object_set_new(res, "undecided_steps", json_integer(undecided));
    json_object_set_new(res, "enclosure_lost_at", lost ? json_integer(lost) : json_null());
    json_object_set_new(res, "R_final", rfin ? json_string(rfin) : json_null());

    char *cs = fmpq_get_str(NULL, 10, c), *r0s = fmpq_get_str(NULL, 10, R0);
    const char *sat = cond ? "eta < 1/a^{2(L-1)}" : "eta >= 1/a^{2(L-1)}, outside the letter's condition";
    if (first_violation) {
        const char *ratio_s = json_string_value(json_array_get(ratios, (size_t)first_violation));
        if (cond)
            rc_report_add(rep, r->probe ? RC_NOTE : RC_FAIL, NULL,
                          r->probe ? NULL : "the discrete bound fails on a trajectory",
                          "%s (L = %ld, d = %ld, c = a^{2(L-1)} eta = %s < 1): the condition "
                          "eta < 1/a^{2(L-1)} is not sufficient on this trajectory: "
                          "R(%ld)/bound = %s (%s), i.e. R(t) > (1 - c/2)^t R(0) first at step "
                          "%ld; R(0) = %s", r->name, (long)L, (long)d, cs, (long)first_violation,
                          ratio_s, first_violation <= exact_steps ? "exact" : "Arb enclosure",
                          (long)first_violation, r0s);
        else
            rc_report_add(rep, r->probe ? RC_NOTE : RC_FAIL, NULL,
                          r->probe ? NULL : "the discrete bound fails on a trajectory",
                          "%s (L = %ld, d = %ld, c = a^{2(L-1)} eta = %s, %s): R(t) > (1 - c/2)^t "
                          "R(0) at step %ld (%s, ratio R/bound %s); R(0) = %s", r->name, (long)L,
                          (long)d, cs, sat, (long)first_violation,
                          first_violation <= exact_steps ? "exact" : "Arb enclosure", ratio_s,
                          r0s);
    } else {
        char lost_note[160];
        snprintf(lost_note, sizeof lost_note, ": the enclosure was lost at step %ld, where R's ball "
                 "holds 0; a higher prec keeps it longer", (long)lost);
        /* a probe is reported, not claimed: its undecided steps decide nothing */
        rc_report_add(rep, r->probe ? RC_NOTE : undecided ? RC_UNDECIDED : RC_OK, NULL, NULL,
                      "%s (L = %ld, d = %ld, c = %s, %s): R(t) <= (1 - c/2)^t R(0) at every step "
                      "t <= %ld (%ld exact, %ld in Arb balls at %ld bits, %ld undecided%s); R(0) = %s, "
                      "R(%ld) = %s", r->name, (long)L, (long)d, cs, sat, (long)T,
                      (long)exact_steps, (long)(T - exact_steps), (long)prec, (long)undecided,
                      lost ? lost_note : "", r0s, (long)T, rfin ? rfin : "not computed");
    }
    flint_free(cs);
    flint_free(r0s);
    flint_free(rfin);
    flint_free(status);
    for (slong l = 1; l <= L; l++) {
        fmpq_mat_clear(W + l);
        arb_mat_clear(Wb + l);
    }
    for (slong l = 0; l < L; l++) {
        fmpq_mat_clear(F + l);
        arb_mat_clear(Fb + l);
    }
    flint_free(W); flint_free(F); flint_free(Wb); flint_free(Fb);
    fmpq_mat_clear(E);
    arb_mat_clear(Eb); arb_mat_clear(Phib);
    arb_clear(Rb); arb_clear(Bb); arb_clear(qb); arb_clear(ratio); arb_clear(etab); arb_clear(maxr);
    fmpq_clear(c); fmpq_clear(q); fmpq_clear(R0); fmpq_clear(R); fmpq_clear(B); fmpq_clear(t1);
    return res;
}

int rc_wu19_rate(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    json_t *ins = rc_spec_instances(spec, "wu19.rate", RC_LIMIT_WU19_INSTANCES);
    if (!ins)
        return -1;
    size_t N = json_array_size(ins);
    rate_t *r = calloc(N, sizeof *r);
    int rc = 0;
    size_t nread = 0;
    for (size_t i = 0; i < N && !rc; i++, nread++) {
        fmpq_init(r[i].a);
        fmpq_init(r[i].eta);
        rc = read_rate(r + i, spec, json_array_get(ins, i), i);
        for (size_t k = 0; !rc && k < i; k++)
            if (!strcmp(r[k].name, r[i].name)) {
                char g[64];
                snprintf(g, sizeof g, "instances[%zu].name", i);
                rc = rc_spec_fail(spec, g, "\"%s\" names instance %zu too", r[i].name, k);
            }
    }
    if (!rc) {
        json_t *in = json_object(), *arr = json_array(), *res = json_object(), *out = json_array();
        double total = 0, base = 0;
        for (size_t i = 0; i < N; i++)
            total += (double)r[i].T;
        rc_progress prog;
        rc_progress_start(&prog, "wu19.rate", total);
        for (size_t i = 0; i < N; i++) {
            json_array_append(arr, r[i].in);
            json_array_append_new(out, run_one(r + i, rep, &prog, base));
            base += (double)r[i].T;
        }
        rc_progress_end(&prog);
        json_object_set_new(in, "instances", arr);
        json_object_set_new(res, "instances", out);
        rc_report_conclude(rep, "on these instances (%zu), R(t) <= (1 - a^{2(L-1)} eta/2)^t R(0) "
                           "at every step checked of every 'check' trajectory, each step exact or "
                           "enclosed; nothing beyond the steps run, and 'probe' trajectories are "
                           "reported, not claimed", N);
        *cert = rc_cert_new(c, spec->file, in, res, rep);
    }
    for (size_t i = 0; i < nread; i++) {
        if (r[i].in)
            fmpq_mat_clear(r[i].Phi);
        else if (fmpq_mat_nrows(r[i].Phi) && r[i].Phi->entries)
            fmpq_mat_clear(r[i].Phi);
        json_decref(r[i].in);
        fmpq_clear(r[i].a);
        fmpq_clear(r[i].eta);
    }
    free(r);
    return rc;
}
