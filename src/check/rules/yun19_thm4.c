/* yun19 §5.1, Theorem 4 on instances, recomputed from the certificate's
 * inputs: the forward pass h_l = h_{l-1} + V_l phi(U_l h_{l-1}) (phi relu or
 * identity, U_1 optional), the witnesses w* and t_hat verified as given (each
 * residual in its claimed Huber region, the gradient in w exactly 0, so each
 * is a global minimiser of its convex risk), the norm bounds lam verified by
 * lam*I - Gram positive definite, and the inequality's Arb enclosure. */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

#define T4_PREC 256
#define T4_DIGITS 20

typedef struct {
    slong n, d, L;
    fmpq_mat_t X, y;
    fmpq_t delta;
    int *relu, *hasU;
    fmpq_mat_struct *V, *U;
} t4_net;

static void t4_clear(t4_net *t)
{
    fmpq_mat_clear(t->X);
    fmpq_mat_clear(t->y);
    fmpq_clear(t->delta);
    for (slong l = 0; l < t->L; l++) {
        fmpq_mat_clear(t->V + l);
        fmpq_mat_clear(t->U + l);
    }
    free(t->V);
    free(t->U);
    free(t->relu);
    free(t->hasU);
}

static slong row_len(const json_t *m)
{
    return json_is_array(json_array_get(m, 0)) ? (slong)json_array_size(json_array_get(m, 0)) : -1;
}

static slong q_bits(const fmpq_mat_t M)
{
    slong b = 1;
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++)
            b = FLINT_MAX(b, (slong)(fmpz_bits(fmpq_numref(fmpq_mat_entry(M, i, j))) +
                                     fmpz_bits(fmpq_denref(fmpq_mat_entry(M, i, j)))));
    return b;
}

/* X, y, delta at path; *d must match when >= 0 */
static int t4_data(ck_t *ck, t4_net *t, const json_t *o, const char *path)
{
    char p[CK_PATH];
    const json_t *jx = json_object_get(o, "X");
    ck_pathf(p, "%s.X", path);
    if ((t->n = ck_array(ck, jx, -1, p)) < 0)
        return -1;
    t->d = row_len(jx);
    if (t->n < 1 || t->n > RC_LIMIT_POINTS || t->d < 1 || t->d > RC_LIMIT_RESNET_DIM)
        return ck_limit(ck, p, "expected 1 to %d rows of 1 to %d entries", RC_LIMIT_POINTS,
                        RC_LIMIT_RESNET_DIM);
    fmpq_mat_clear(t->X);
    fmpq_mat_init(t->X, t->n, t->d);
    fmpq_mat_clear(t->y);
    fmpq_mat_init(t->y, t->n, 1);
    if (ck_qmat(ck, t->X, jx, p))
        return -1;
    ck_pathf(p, "%s.y", path);
    if (ck_array(ck, json_object_get(o, "y"), t->n, p) < 0)
        return -1;
    for (slong i = 0; i < t->n; i++) {
        char q[CK_PATH];
        ck_pathf(q, "%s[%ld]", p, (long)i);
        if (ck_q(ck, fmpq_mat_entry(t->y, i, 0), json_array_get(json_object_get(o, "y"), i), q))
            return -1;
    }
    ck_pathf(p, "%s.delta", path);
    if (ck_q(ck, t->delta, json_object_get(o, "delta"), p))
        return -1;
    return fmpq_sgn(t->delta) > 0 ? 0 : ck_fail(ck, p, "must be positive");
}

static void t4_alloc(t4_net *t, slong L)
{
    t->L = L;
    t->V = calloc((size_t)L, sizeof(fmpq_mat_struct));
    t->U = calloc((size_t)L, sizeof(fmpq_mat_struct));
    t->relu = calloc((size_t)L, sizeof(int));
    t->hasU = calloc((size_t)L, sizeof(int));
    for (slong l = 0; l < L; l++) {
        fmpq_mat_init(t->V + l, 0, 0);
        fmpq_mat_init(t->U + l, 0, 0);
    }
}

/* a matrix of rows x cols (cols < 0: read from the first row) */
static int t4_mat(ck_t *ck, fmpq_mat_t M, const json_t *j, slong rows, slong cols, const char *p)
{
    slong r = ck_array(ck, j, rows, p);
    if (r < 0)
        return -1;
    if (cols < 0)
        cols = row_len(j);
    if (r < 1 || cols < 1 || r > RC_LIMIT_RESNET_DIM || cols > RC_LIMIT_RESNET_DIM)
        return ck_limit(ck, p, "expected 1 to %d rows and columns", RC_LIMIT_RESNET_DIM);
    fmpq_mat_clear(M);
    fmpq_mat_init(M, r, cols);
    return ck_qmat(ck, M, j, p);
}

static int t4_read(ck_t *ck, t4_net *t, const json_t *o, const char *path)
{
    char p[CK_PATH], b[CK_PATH];
    if (ck_keys(ck, o, path, "name X y delta blocks") || t4_data(ck, t, o, path))
        return -1;
    ck_pathf(p, "%s.blocks", path);
    slong L = ck_array(ck, json_object_get(o, "blocks"), -1, p);
    if (L < 0)
        return -1;
    if (L < 1 || L > RC_LIMIT_RESNET_BLOCKS)
        return ck_limit(ck, p, "expected 1 to %d blocks", RC_LIMIT_RESNET_BLOCKS);
    t4_alloc(t, L);
    slong width = 0, B = 1;
    for (slong l = 0; l < L; l++) {
        const json_t *bj = json_array_get(json_object_get(o, "blocks"), l), *phi, *U;
        ck_pathf(b, "%s[%ld]", p, (long)l);
        if (ck_keys(ck, bj, b, "phi V U"))
            return -1;
        phi = json_object_get(bj, "phi");
        U = json_object_get(bj, "U");
        ck_pathf(p, "%s.phi", b);
        if (!json_is_string(phi) || (strcmp(json_string_value(phi), "relu") &&
                                     strcmp(json_string_value(phi), "identity")))
            return ck_fail(ck, p, "expected \"relu\" or \"identity\"");
        t->relu[l] = !strcmp(json_string_value(phi), "relu");
        t->hasU[l] = !json_is_null(U);
        ck_pathf(p, "%s.U", b);
        if (!t->hasU[l] && l > 0)
            return ck_fail(ck, p, "only block 1 may go without U");
        if (t->hasU[l] && t4_mat(ck, t->U + l, U, -1, t->d, p))
            return -1;
        ck_pathf(p, "%s.V", b);
        if (t4_mat(ck, t->V + l, json_object_get(bj, "V"), t->d,
                   t->hasU[l] ? fmpq_mat_nrows(t->U + l) : t->d, p))
            return -1;
        width = FLINT_MAX(width, fmpq_mat_ncols(t->V + l));
        B = FLINT_MAX(B, q_bits(t->V + l) + (t->hasU[l] ? q_bits(t->U + l) : 0));
        ck_pathf(p, "%s.blocks", path);
    }
    return ck_cost(ck, p, rc_cost_thm4(t->n, t->d, width, L, q_bits(t->X) + q_bits(t->y), B),
                   "one instance");
}

/* H = h_L(x_i) row by row */
static void t4_forward(fmpq_mat_t H, const t4_net *t)
{
    fmpq_mat_set(H, t->X);
    for (slong l = 0; l < t->L; l++) {
        slong m = fmpq_mat_ncols(t->V + l);
        fmpq_mat_t Z, Ht, VZ;
        fmpq_mat_init(Ht, t->d, t->n);
        fmpq_mat_init(Z, m, t->n);
        fmpq_mat_init(VZ, t->d, t->n);
        fmpq_mat_transpose(Ht, H);
        if (t->hasU[l])
            fmpq_mat_mul(Z, t->U + l, Ht);
        else
            fmpq_mat_set(Z, Ht);
        for (slong i = 0; t->relu[l] && i < m; i++)
            for (slong j = 0; j < t->n; j++)
                if (fmpq_sgn(fmpq_mat_entry(Z, i, j)) < 0)
                    fmpq_zero(fmpq_mat_entry(Z, i, j));
        fmpq_mat_mul(VZ, t->V + l, Z);
        fmpq_mat_add(Ht, Ht, VZ);
        fmpq_mat_transpose(H, Ht);
        fmpq_mat_clear(Z);
        fmpq_mat_clear(Ht);
        fmpq_mat_clear(VZ);
    }
}

static json_t *t4_ball(const arb_t x)
{
    char *s = arb_get_str(x, T4_DIGITS, 0);
    json_t *j = json_string(s);
    flint_free(s);
    return j;
}

/* The Huber witness (v, side) for rows H against y: every residual in its
 * claimed closed region, sum psi(r_i) h_i = 0. Sets the risk and the rank
 * of sum_Q h h^T; writes the witness back into res[key], res[pkey]. */
static int t4_huber(ck_t *ck, fmpq_t risk, slong *rank, const fmpq_mat_t H, const t4_net *t,
                    const json_t *r, const char *key, const char *pkey, const char *path,
                    json_t *out)
{
    slong n = t->n, d = t->d;
    char p[CK_PATH], q[CK_PATH];
    fmpq *v = _fmpq_vec_init(d), *g = _fmpq_vec_init(d);
    fmpq_t res, a, psi;
    fmpq_init(res), fmpq_init(a), fmpq_init(psi);
    fmpq_mat_t A, R;
    fmpq_mat_init(A, d, d);
    fmpq_mat_init(R, d, d);
    int *side = calloc((size_t)n, sizeof(int)), rc = -1;
    ck_pathf(p, "%s.%s", path, key);
    if (ck_array(ck, json_object_get(r, key), d, p) < 0)
        goto out;
    for (slong k = 0; k < d; k++) {
        ck_pathf(q, "%s[%ld]", p, (long)k);
        if (ck_q(ck, v + k, json_array_get(json_object_get(r, key), k), q))
            goto out;
    }
    ck_pathf(p, "%s.%s", path, pkey);
    if (ck_array(ck, json_object_get(r, pkey), n, p) < 0)
        goto out;
    fmpq_zero(risk);
    for (slong i = 0; i < n; i++) {
        slong s;
        ck_pathf(q, "%s[%ld]", p, (long)i);
        if (ck_int(ck, &s, json_array_get(json_object_get(r, pkey), i), -1, 1, q))
            goto out;
        side[i] = (int)s;
        fmpq_neg(res, fmpq_mat_entry(t->y, i, 0));
        for (slong k = 0; k < d; k++)
            fmpq_addmul(res, v + k, fmpq_mat_entry(H, i, k));
        fmpq_abs(a, res);
        if (s == 0 ? fmpq_cmp(a, t->delta) > 0
                   : (fmpq_mul_si(psi, res, s), fmpq_cmp(psi, t->delta) < 0)) {
            ck_fail(ck, q, "the residual is not in the claimed Huber region");
            goto out;
        }
        if (s == 0) { /* r^2 / 2, psi = r */
            fmpq_set(psi, res);
            fmpq_mul(a, res, res);
            fmpq_div_2exp(a, a, 1);
        } else { /* delta (|r| - delta/2), psi = s delta */
            fmpq_mul_si(psi, t->delta, s);
            fmpq_div_2exp(res, t->delta, 1);
            fmpq_sub(a, a, res);
            fmpq_mul(a, a, t->delta);
        }
        fmpq_add(risk, risk, a);
        for (slong k = 0; k < d; k++) {
            fmpq_addmul(g + k, psi, fmpq_mat_entry(H, i, k));
            for (slong j = 0; s == 0 && j < d; j++)
                fmpq_addmul(fmpq_mat_entry(A, k, j), fmpq_mat_entry(H, i, k), fmpq_mat_entry(H, i, j));
        }
    }
    for (slong k = 0; k < d; k++)
        if (!fmpq_is_zero(g + k)) {
            ck_pathf(p, "%s.%s", path, key);
            ck_fail(ck, p, "the Huber risk's gradient is not 0 at this point");
            goto out;
        }
    fmpz_t nz;
    fmpz_init_set_si(nz, n);
    fmpq_div_fmpz(risk, risk, nz);
    fmpz_clear(nz);
    *rank = fmpq_mat_rref(R, A);
    json_object_set(out, key, json_object_get(r, key));
    json_object_set(out, pkey, json_object_get(r, pkey));
    rc = 0;
out:
    _fmpq_vec_clear(v, d);
    _fmpq_vec_clear(g, d);
    fmpq_clear(res), fmpq_clear(a), fmpq_clear(psi);
    fmpq_mat_clear(A);
    fmpq_mat_clear(R);
    free(side);
    return rc;
}

/* lam >= ||M||_2^2: lam*I - (the smaller Gram matrix) positive definite by
 * elimination without pivoting (every pivot > 0), or M = 0 and lam >= 0 */
static int t4_normbound(ck_t *ck, const fmpq_t lam, const fmpq_mat_t M, const char *path)
{
    slong r = fmpq_mat_nrows(M), c = fmpq_mat_ncols(M), d = FLINT_MIN(r, c);
    if (fmpq_sgn(lam) < 0)
        return ck_fail(ck, path, "a bound on a squared norm is not negative");
    if (fmpq_mat_is_zero(M))
        return 0;
    fmpq_mat_t T, S;
    fmpq_mat_init(T, c, r);
    fmpq_mat_init(S, d, d);
    fmpq_mat_transpose(T, M);
    if (c <= r)
        fmpq_mat_mul(S, T, M);
    else
        fmpq_mat_mul(S, M, T);
    fmpq_mat_neg(S, S);
    for (slong i = 0; i < d; i++)
        fmpq_add(fmpq_mat_entry(S, i, i), fmpq_mat_entry(S, i, i), lam);
    fmpq_t f;
    fmpq_init(f);
    int pd = 1;
    for (slong k = 0; pd && k < d; k++) {
        pd = fmpq_sgn(fmpq_mat_entry(S, k, k)) > 0;
        for (slong i = k + 1; pd && i < d; i++) {
            fmpq_div(f, fmpq_mat_entry(S, i, k), fmpq_mat_entry(S, k, k));
            for (slong j = k; j < d; j++)
                fmpq_submul(fmpq_mat_entry(S, i, j), f, fmpq_mat_entry(S, k, j));
        }
    }
    fmpq_clear(f);
    fmpq_mat_clear(T);
    fmpq_mat_clear(S);
    return pd ? 0 : ck_fail(ck, path, "lam*I - M^T M is not positive definite: not a bound on ||M||_2^2");
}

/* sqrt(a * b) */
static void t4_rho(arb_t out, const fmpq_t a, const fmpq_t b)
{
    fmpq_t q;
    fmpq_init(q);
    fmpq_mul(q, a, b);
    arb_set_fmpq(out, q, T4_PREC);
    arb_sqrt(out, out, T4_PREC);
    fmpq_clear(q);
}

/* one instance's results; *status its statement, pm1 prod(1 + rho_l) - 1 */
static int t4_instance(ck_t *ck, json_t **out, ck_status *status, int *naive, arb_t pm1,
                       const t4_net *t, const json_t *name, const json_t *r, const char *path)
{
    slong n = t->n, d = t->d, L = t->L, rank, trank;
    json_t *e = json_object();
    *out = e;
    *status = CK_UNDECIDED;
    *naive = -1;
    json_object_set(e, "name", (json_t *)name);
    static const char *all[] = {"name", "w", "partition", "t_hat", "t_partition", "outputs", "rank",
                                "t_rank", "risk", "r_lin", "lambda_V", "lambda_U", "rho",
                                "t_norm", "mean_norm_x", "prod_minus_1", "rhs", "holds", "slack",
                                "tightness", "naive_holds"};
    if (!json_is_object(r))
        return ck_fail(ck, path, "expected an object");
    if (json_is_null(json_object_get(r, "w"))) { /* the prover found no minimiser */
        for (size_t k = 1; k < sizeof all / sizeof all[0]; k++)
            json_object_set_new(e, all[k], json_null());
        return 0;
    }
    fmpq_mat_t H;
    fmpq_mat_init(H, n, d);
    t4_forward(H, t);
    fmpq_t risk, rlin, tt;
    fmpq_init(risk), fmpq_init(rlin), fmpq_init(tt);
    arb_t a, rhs, tn, ex, lhs, add;
    arb_init(a), arb_init(rhs), arb_init(tn), arb_init(ex), arb_init(lhs), arb_init(add);
    fmpq *lv = _fmpq_vec_init(L), *lu = _fmpq_vec_init(L);
    int rc = -1;
    char p[CK_PATH], q[CK_PATH];
    if (t4_huber(ck, risk, &rank, H, t, r, "w", "partition", path, e) ||
        t4_huber(ck, rlin, &trank, t->X, t, r, "t_hat", "t_partition", path, e))
        goto out;
    /* w*^T h_L(x_i) at each sample, w* as verified */
    json_t *oj = json_array();
    const json_t *wj = json_object_get(e, "w");
    fmpq_t o, wk;
    fmpq_init(o), fmpq_init(wk);
    for (slong i = 0; i < n; i++) {
        fmpq_zero(o);
        for (slong k = 0; k < d; k++) {
            ck_q(ck, wk, json_array_get(wj, (size_t)k), path); /* checked by t4_huber */
            fmpq_addmul(o, wk, fmpq_mat_entry(H, i, k));
        }
        json_array_append_new(oj, rc_json_fmpq(o));
    }
    fmpq_clear(o), fmpq_clear(wk);
    json_object_set_new(e, "outputs", oj);
    json_object_set_new(e, "rank", json_integer(rank));
    json_object_set_new(e, "t_rank", json_integer(trank));
    json_object_set_new(e, "risk", rc_json_fmpq(risk));
    json_object_set_new(e, "r_lin", rc_json_fmpq(rlin));
    json_t *jv = json_array(), *ju = json_array(), *jr = json_array();
    json_object_set_new(e, "lambda_V", jv);
    json_object_set_new(e, "lambda_U", ju);
    json_object_set_new(e, "rho", jr);
    const json_t *rv = json_object_get(r, "lambda_V"), *ru = json_object_get(r, "lambda_U");
    ck_pathf(p, "%s.lambda_V", path);
    ck_pathf(q, "%s.lambda_U", path);
    if (ck_array(ck, rv, L, p) < 0 || ck_array(ck, ru, L, q) < 0)
        goto out;
    arb_one(pm1);
    for (slong l = 0; l < L; l++) {
        ck_pathf(p, "%s.lambda_V[%ld]", path, (long)l);
        if (ck_q(ck, lv + l, json_array_get(rv, l), p) || t4_normbound(ck, lv + l, t->V + l, p))
            goto out;
        ck_pathf(q, "%s.lambda_U[%ld]", path, (long)l);
        if (!t->hasU[l] && !json_is_null(json_array_get(ru, l))) {
            ck_fail(ck, q, "a block without U has no bound on U");
            goto out;
        }
        fmpq_one(lu + l);
        if (t->hasU[l] &&
            (ck_q(ck, lu + l, json_array_get(ru, l), q) || t4_normbound(ck, lu + l, t->U + l, q)))
            goto out;
        json_array_append_new(jv, rc_json_fmpq(lv + l));
        json_array_append_new(ju, t->hasU[l] ? rc_json_fmpq(lu + l) : json_null());
        t4_rho(a, lv + l, lu + l);
        json_array_append_new(jr, t4_ball(a));
        arb_add_ui(a, a, 1, T4_PREC);
        arb_mul(pm1, pm1, a, T4_PREC);
    }
    arb_sub_ui(pm1, pm1, 1, T4_PREC);
    /* ||t_hat|| and E||x|| */
    fmpq_zero(tt);
    for (slong k = 0; k < d; k++) {
        fmpq_t c;
        fmpq_init(c);
        ck_q(ck, c, json_array_get(json_object_get(r, "t_hat"), k), path);
        fmpq_addmul(tt, c, c);
        fmpq_clear(c);
    }
    arb_set_fmpq(tn, tt, T4_PREC);
    arb_sqrt(tn, tn, T4_PREC);
    arb_zero(ex);
    for (slong i = 0; i < n; i++) {
        fmpq_zero(tt);
        for (slong k = 0; k < d; k++)
            fmpq_addmul(tt, fmpq_mat_entry(t->X, i, k), fmpq_mat_entry(t->X, i, k));
        arb_set_fmpq(a, tt, T4_PREC);
        arb_sqrt(a, a, T4_PREC);
        arb_add(ex, ex, a, T4_PREC);
    }
    arb_div_si(ex, ex, n, T4_PREC);
    arb_set_fmpq(rhs, t->delta, T4_PREC);
    arb_mul(rhs, rhs, tn, T4_PREC);
    arb_mul(rhs, rhs, pm1, T4_PREC);
    arb_mul(rhs, rhs, ex, T4_PREC);
    arb_set_fmpq(a, rlin, T4_PREC);
    arb_add(rhs, rhs, a, T4_PREC);
    arb_set_fmpq(lhs, risk, T4_PREC);
    int holds = arb_le(lhs, rhs) ? 1 : arb_gt(lhs, rhs) ? 0 : -1;
    *status = holds == 1 ? CK_OK : holds == 0 ? CK_FAIL : CK_UNDECIDED;
    *naive = fmpq_cmp(risk, rlin) <= 0;
    json_object_set_new(e, "t_norm", t4_ball(tn));
    json_object_set_new(e, "mean_norm_x", t4_ball(ex));
    json_object_set_new(e, "prod_minus_1", t4_ball(pm1));
    json_object_set_new(e, "rhs", t4_ball(rhs));
    json_object_set_new(e, "holds", holds < 0 ? json_null() : json_boolean(holds));
    arb_sub(a, rhs, lhs, T4_PREC);
    json_object_set_new(e, "slack", t4_ball(a));
    /* the share of the additive term used: (R - R_lin) / (rhs - R_lin) */
    arb_set_fmpq(add, rlin, T4_PREC);
    arb_sub(a, lhs, add, T4_PREC);
    arb_sub(add, rhs, add, T4_PREC);
    if (arb_is_positive(add)) {
        arb_div(a, a, add, T4_PREC);
        json_object_set_new(e, "tightness", t4_ball(a));
    } else {
        json_object_set_new(e, "tightness", json_null());
    }
    json_object_set_new(e, "naive_holds", json_boolean(*naive));
    rc = 0;
out:
    fmpq_mat_clear(H);
    fmpq_clear(risk), fmpq_clear(rlin), fmpq_clear(tt);
    arb_clear(a), arb_clear(rhs), arb_clear(tn), arb_clear(ex), arb_clear(lhs), arb_clear(add);
    _fmpq_vec_clear(lv, L);
    _fmpq_vec_clear(lu, L);
    return rc;
}

static void t4_init(t4_net *t)
{
    memset(t, 0, sizeof *t);
    fmpq_mat_init(t->X, 0, 0);
    fmpq_mat_init(t->y, 0, 0);
    fmpq_init(t->delta);
}

typedef struct {
    slong fails, undecided, naive_fails;
} t4_tally;

/* r: the certificate's row, whose null w says the prover found no minimiser */
static void t4_count(t4_tally *c, ck_verdict *v, ck_status s, int naive, const json_t *r,
                     const char *path)
{
    c->fails += s == CK_FAIL;
    c->undecided += s == CK_UNDECIDED;
    c->naive_fails += naive == 0;
    ck_state(v, s, "%s: Theorem 4's bound %s", path,
             s == CK_FAIL ? "fails at a point critical in w"
             : json_is_null(json_object_get(r, "w")) ? "is not checked: no exact minimiser"
                                                     : "is not decided by the enclosure");
}

/* the depth sweep: depth L has L blocks (V, (c/L) U), relu */
static int t4_sweep(ck_t *ck, json_t **out, t4_tally *c, ck_verdict *v, const json_t *in,
                    const json_t *r)
{
    char p[CK_PATH];
    t4_net base;
    t4_init(&base);
    fmpq_t cc, lamV, lamU, s;
    fmpq_init(cc), fmpq_init(lamV), fmpq_init(lamU), fmpq_init(s);
    arb_t rb, lim, pm1;
    arb_init(rb), arb_init(lim), arb_init(pm1);
    json_t *res = json_object(), *rows = json_array();
    *out = res;
    json_object_set_new(res, "rows", rows);
    int rc = -1;
    const json_t *depths = json_object_get(in, "depths"), *rrows = json_object_get(r, "rows");
    slong nd;
    if (ck_keys(ck, in, "inputs.depth_sweep", "name X y delta c depths V U") ||
        ck_keys(ck, r, "results.depth_sweep", "lambda_V lambda_U rho_bar limit rows") ||
        t4_data(ck, &base, in, "inputs.depth_sweep") ||
        ck_q(ck, cc, json_object_get(in, "c"), "inputs.depth_sweep.c") ||
        (nd = ck_array(ck, depths, -1, "inputs.depth_sweep.depths")) < 0 ||
        ck_array(ck, rrows, nd, "results.depth_sweep.rows") < 0)
        goto out;
    if (!json_is_string(json_object_get(in, "name"))) {
        ck_fail(ck, "inputs.depth_sweep.name", "expected a string");
        goto out;
    }
    if (fmpq_sgn(cc) <= 0 || nd < 1) {
        ck_fail(ck, "inputs.depth_sweep", "c must be positive and depths non-empty");
        goto out;
    }
    t4_alloc(&base, 1);
    base.relu[0] = base.hasU[0] = 1;
    if (t4_mat(ck, base.U, json_object_get(in, "U"), -1, base.d, "inputs.depth_sweep.U") ||
        t4_mat(ck, base.V, json_object_get(in, "V"), base.d, fmpq_mat_nrows(base.U),
               "inputs.depth_sweep.V") ||
        ck_q(ck, lamV, json_object_get(r, "lambda_V"), "results.depth_sweep.lambda_V") ||
        ck_q(ck, lamU, json_object_get(r, "lambda_U"), "results.depth_sweep.lambda_U") ||
        t4_normbound(ck, lamV, base.V, "results.depth_sweep.lambda_V") ||
        t4_normbound(ck, lamU, base.U, "results.depth_sweep.lambda_U"))
        goto out;
    t4_rho(rb, lamV, lamU);
    arb_mul_fmpz(rb, rb, fmpq_numref(cc), T4_PREC);
    arb_div_fmpz(rb, rb, fmpq_denref(cc), T4_PREC);
    arb_exp(lim, rb, T4_PREC);
    arb_sub_ui(lim, lim, 1, T4_PREC);
    json_object_set_new(res, "lambda_V", rc_json_fmpq(lamV));
    json_object_set_new(res, "lambda_U", rc_json_fmpq(lamU));
    json_object_set_new(res, "rho_bar", t4_ball(rb));
    json_object_set_new(res, "limit", t4_ball(lim));
    slong prev = 0;
    double cost = 0;
    for (slong k = 0; k < nd; k++) {
        slong L;
        ck_pathf(p, "inputs.depth_sweep.depths[%ld]", (long)k);
        if (ck_int(ck, &L, json_array_get(depths, k), prev + 1, RC_LIMIT_RESNET_BLOCKS, p))
            goto out;
        prev = L;
        cost += (double)L * rc_cost_thm4(base.n, base.d, fmpq_mat_ncols(base.V), 1,
                                         q_bits(base.X) + q_bits(base.y),
                                         q_bits(base.V) + q_bits(base.U));
    }
    if (ck_cost(ck, "inputs.depth_sweep.depths", cost, "the depth sweep"))
        goto out;
    for (slong k = 0; k < nd; k++) {
        slong L = (slong)json_integer_value(json_array_get(depths, k));
        const json_t *rr = json_array_get(rrows, k);
        t4_net net;
        t4_init(&net);
        t4_data(ck, &net, in, "inputs.depth_sweep");
        t4_alloc(&net, L);
        fmpz_t z;
        fmpz_init_set_si(z, L);
        fmpq_div_fmpz(s, cc, z);
        fmpz_clear(z);
        for (slong l = 0; l < L; l++) {
            net.relu[l] = net.hasU[l] = 1;
            fmpq_mat_clear(net.V + l);
            fmpq_mat_init_set(net.V + l, base.V);
            fmpq_mat_clear(net.U + l);
            fmpq_mat_init(net.U + l, fmpq_mat_nrows(base.U), base.d);
            fmpq_mat_scalar_mul_fmpz(net.U + l, base.U, fmpq_numref(s));
            fmpq_mat_scalar_div_fmpz(net.U + l, net.U + l, fmpq_denref(s));
        }
        ck_pathf(p, "results.depth_sweep.rows[%ld]", (long)k);
        json_t *row = NULL, *rname = json_sprintf("%s, L = %ld",
            json_string_value(json_object_get(in, "name")), (long)L); /* the prover's row name */
        ck_status st;
        int naive;
        int bad = ck_keys(ck, rr, p, "name w partition t_hat t_partition outputs rank t_rank risk r_lin "
                                     "lambda_V lambda_U rho t_norm mean_norm_x prod_minus_1 rhs "
                                     "holds slack tightness naive_holds L within_limit") ||
                  t4_instance(ck, &row, &st, &naive, pm1, &net, rname, rr, p);
        json_decref(rname);
        if (row)
            json_array_append_new(rows, row);
        t4_clear(&net);
        if (bad)
            goto out;
        t4_count(c, v, st, naive, rr, p);
        int solved = !json_is_null(json_object_get(rr, "w"));
        int within = solved && arb_le(pm1, lim);
        if (solved)
            ck_state(v, within ? CK_OK : CK_FAIL,
                     "%s: prod(1 + rho_l) - 1 is not below e^(rho_bar) - 1", p);
        else
            ck_state(v, CK_UNDECIDED, "%s: no minimiser, the product is not compared", p);
        json_object_set_new(row, "L", json_integer(L));
        json_object_set_new(row, "within_limit", json_boolean(within));
    }
    rc = 0;
out:
    t4_clear(&base);
    fmpq_clear(cc), fmpq_clear(lamV), fmpq_clear(lamU), fmpq_clear(s);
    arb_clear(rb), arb_clear(lim), arb_clear(pm1);
    return rc;
}

int ck_yun19_thm4(ck_t *ck, int variant, const char *claim, const json_t *in,
                  const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    char p[CK_PATH], q[CK_PATH];
    const json_t *ins = json_object_get(in, "instances"), *outs = json_object_get(results, "instances");
    slong k, m;
    if (ck_keys(ck, in, "inputs", "instances depth_sweep") ||
        ck_keys(ck, results, "results", "instances depth_sweep naive_fails") ||
        (m = ck_array(ck, ins, -1, "inputs.instances")) < 0 ||
        ck_array(ck, outs, m, "results.instances") < 0)
        return -1;
    const json_t *sw = json_object_get(in, "depth_sweep");
    if (m == 0 && json_is_null(sw))
        return ck_fail(ck, "inputs.instances", "no instance and no depth sweep: nothing to check");
    json_t *res = json_object(), *list = json_array();
    json_object_set_new(res, "instances", list);
    *expected = res;
    t4_tally c = {0, 0, 0};
    arb_t pm1;
    arb_init(pm1);
    int rc = 0;
    for (k = 0; k < m && rc == 0; k++) {
        t4_net t;
        t4_init(&t);
        ck_pathf(p, "inputs.instances[%ld]", (long)k);
        ck_pathf(q, "results.instances[%ld]", (long)k);
        const json_t *r = json_array_get(outs, k);
        json_t *row = NULL;
        ck_status st;
        int naive;
        rc = t4_read(ck, &t, json_array_get(ins, k), p) ||
             ck_keys(ck, r, q, "name w partition t_hat t_partition outputs rank t_rank risk r_lin "
                               "lambda_V lambda_U rho t_norm mean_norm_x prod_minus_1 rhs holds "
                               "slack tightness naive_holds") ||
             t4_instance(ck, &row, &st, &naive, pm1, &t, json_object_get(json_array_get(ins, k), "name"), r, q) ? -1 : 0;
        if (row)
            json_array_append_new(list, row);
        if (rc == 0)
            t4_count(&c, v, st, naive, r, q);
        t4_clear(&t);
    }
    if (rc == 0 && json_is_null(sw)) {
        json_object_set_new(res, "depth_sweep", json_null());
    } else if (rc == 0) {
        json_t *sres = NULL;
        rc = t4_sweep(ck, &sres, &c, v, sw, json_object_get(results, "depth_sweep"));
        json_object_set_new(res, "depth_sweep", sres);
    }
    json_object_set_new(res, "naive_fails", json_integer(c.naive_fails));
    arb_clear(pm1);
    return rc;
}
