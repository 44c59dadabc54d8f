/* wu19 rectangular ZAS (author response): recomputes, from the certificate's
 * instances (widths, singular values, U and V or their Cayley seeds, X, Y),
 * the layers, their product, the balancedness of each adjacent pair, the
 * output and every layer's gradient of R = |W_L ... W_1 X - Y|_F^2 / (2n).
 * Its own code: Q solves (I + S) Q = I - S (the prover inverts I + S), the
 * product is taken from the top, gradients from explicit prefix and suffix
 * products (the prover runs a backward pass). */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    slong L, m, n, d[RC_LIMIT_WU19_DEPTH + 1];
    fmpq *sigma, *root;
    fmpq_mat_t U, V, X, Y;
    int alloc;
} zas;

/* Q from the seed S (n x n, skew-symmetric): (I + S) Q = I - S */
static int cayley(ck_t *ck, fmpq_mat_t Q, const json_t *j, slong n, const char *path)
{
    fmpq_mat_t S, A, B;
    fmpq_mat_init(S, n, n);
    int rc = ck_qmat(ck, S, j, path);
    for (slong i = 0; !rc && i < n; i++)
        for (slong k = i; !rc && k < n; k++) {
            fmpq_t t;
            fmpq_init(t);
            fmpq_add(t, fmpq_mat_entry(S, i, k), fmpq_mat_entry(S, k, i));
            if (!fmpq_is_zero(t))
                rc = ck_fail(ck, path, "is not skew-symmetric at (%ld, %ld)", (long)i, (long)k);
            fmpq_clear(t);
        }
    if (!rc) {
        fmpq_mat_init(A, n, n);
        fmpq_mat_init(B, n, n);
        for (slong i = 0; i < n; i++)
            for (slong k = 0; k < n; k++) {
                fmpq_set(fmpq_mat_entry(A, i, k), fmpq_mat_entry(S, i, k));
                fmpq_neg(fmpq_mat_entry(B, i, k), fmpq_mat_entry(S, i, k));
            }
        for (slong i = 0; i < n; i++) {
            fmpq_add_si(fmpq_mat_entry(A, i, i), fmpq_mat_entry(A, i, i), 1);
            fmpq_add_si(fmpq_mat_entry(B, i, i), fmpq_mat_entry(B, i, i), 1);
        }
        if (!fmpq_mat_solve(Q, A, B))
            rc = ck_fail(ck, path, "I + S is singular"); /* impossible for real skew S */
        fmpq_mat_clear(A);
        fmpq_mat_clear(B);
    }
    fmpq_mat_clear(S);
    return rc;
}

static int read_zas(ck_t *ck, zas *z, const json_t *o, const char *path)
{
    char p[CK_PATH];
    if (!json_is_object(o))
        return ck_fail(ck, path, "expected an object");
    int hasU = json_object_get(o, "U") != NULL, hasV = json_object_get(o, "V") != NULL;
    char keys[80];
    snprintf(keys, sizeof keys, "name widths sigma %s %s X Y", hasU ? "U" : "S_U", hasV ? "V" : "S_V");
    if (ck_keys(ck, o, path, keys))
        return -1;
    if (!json_is_string(json_object_get(o, "name")))
        return ck_fail(ck, path, "name: expected a string");
    ck_pathf(p, "%s.widths", path);
    slong nw = ck_array(ck, json_object_get(o, "widths"), -1, p);
    if (nw < 0)
        return -1;
    if (nw < 3 || nw > RC_LIMIT_WU19_DEPTH + 1)
        return ck_limit(ck, p, "expected 3 to %d widths", RC_LIMIT_WU19_DEPTH + 1);
    z->L = nw - 1;
    slong dmax = 0;
    for (slong l = 0; l < nw; l++) {
        ck_pathf(p, "%s.widths[%ld]", path, (long)l);
        if (ck_int(ck, z->d + l, json_array_get(json_object_get(o, "widths"), l), 1,
                   RC_LIMIT_WU19_WIDTH, p))
            return -1;
        dmax = FLINT_MAX(dmax, z->d[l]);
    }
    slong L = z->L;
    z->m = FLINT_MIN(z->d[0], z->d[L - 1]);
    for (slong l = 1; l <= L - 2; l++)
        if (z->d[l] < z->m)
            return ck_fail(ck, path, "widths[%ld] < min(d_0, d_{L-1}): the construction does "
                           "not apply", (long)l);
    ck_pathf(p, "%s.X", path);
    const json_t *X = json_object_get(o, "X");
    if (ck_array(ck, X, z->d[0], p) < 0)
        return -1;
    ck_pathf(p, "%s.X[0]", path);
    z->n = ck_array(ck, json_array_get(X, 0), -1, p);
    if (z->n < 0)
        return -1;
    if (z->n < 1 || z->n > RC_LIMIT_WU19_SAMPLES)
        return ck_limit(ck, p, "expected 1 to %d samples", RC_LIMIT_WU19_SAMPLES);
    char what[96];
    snprintf(what, sizeof what, "depth %ld, widths up to %ld, %ld samples", (long)L, (long)dmax,
             (long)z->n);
    if (ck_cost(ck, path, rc_cost_wu19_init(L, dmax, z->n), what))
        return -1;
    fmpq_mat_init(z->U, z->d[L - 1], z->m);
    fmpq_mat_init(z->V, z->m, z->d[0]);
    fmpq_mat_init(z->X, z->d[0], z->n);
    fmpq_mat_init(z->Y, z->d[L], z->n);
    z->sigma = _fmpq_vec_init(z->m);
    z->root = _fmpq_vec_init(z->m);
    z->alloc = 1;
    ck_pathf(p, "%s.X", path);
    if (ck_qmat(ck, z->X, X, p))
        return -1;
    ck_pathf(p, "%s.Y", path);
    if (ck_qmat(ck, z->Y, json_object_get(o, "Y"), p))
        return -1;
    ck_pathf(p, "%s.sigma", path);
    const json_t *sg = json_object_get(o, "sigma");
    if (ck_array(ck, sg, z->m, p) < 0)
        return -1;
    for (slong i = 0; i < z->m; i++) {
        ck_pathf(p, "%s.sigma[%ld]", path, (long)i);
        if (ck_q(ck, z->sigma + i, json_array_get(sg, i), p))
            return -1;
        if (fmpq_sgn(z->sigma + i) < 0)
            return ck_fail(ck, p, "a singular value is >= 0");
        /* the (L-1)-th root, verified by its power */
        fmpz_root(fmpq_numref(z->root + i), fmpq_numref(z->sigma + i), L - 1);
        fmpz_root(fmpq_denref(z->root + i), fmpq_denref(z->sigma + i), L - 1);
        fmpq_canonicalise(z->root + i);
        fmpq_t pw;
        fmpq_init(pw);
        fmpq_pow_si(pw, z->root + i, L - 1);
        int ok = fmpq_equal(pw, z->sigma + i);
        fmpq_clear(pw);
        if (!ok)
            return ck_fail(ck, p, "is not an exact (L-1)-th power");
    }
    for (int k = 0; k < 2; k++) {
        int direct = k ? hasV : hasU;
        fmpq_mat_struct *M = k ? z->V : z->U;
        ck_pathf(p, "%s.%s", path, direct ? (k ? "V" : "U") : (k ? "S_V" : "S_U"));
        if (direct) {
            if (ck_qmat(ck, M, json_object_get(o, k ? "V" : "U"), p))
                return -1;
            continue;
        }
        slong q = k ? z->d[0] : z->d[L - 1];
        fmpq_mat_t Q;
        fmpq_mat_init(Q, q, q);
        int rc = cayley(ck, Q, json_object_get(o, k ? "S_V" : "S_U"), q, p);
        /* U: the leading m columns, V: the leading m rows */
        for (slong i = 0; !rc && i < fmpq_mat_nrows(M); i++)
            for (slong c = 0; c < fmpq_mat_ncols(M); c++)
                fmpq_set(fmpq_mat_entry(M, i, c), fmpq_mat_entry(Q, i, c));
        fmpq_mat_clear(Q);
        if (rc)
            return -1;
    }
    return 0;
}

static void zas_clear(zas *z)
{
    if (!z->alloc)
        return;
    fmpq_mat_clear(z->U);
    fmpq_mat_clear(z->V);
    fmpq_mat_clear(z->X);
    fmpq_mat_clear(z->Y);
    _fmpq_vec_clear(z->sigma, z->m);
    _fmpq_vec_clear(z->root, z->m);
}

/* layer l (1-based) of the construction, as the response defines it */
static void layer(fmpq_mat_t W, const zas *z, slong l)
{
    slong L = z->L;
    fmpq_mat_zero(W);
    if (l == L)
        return;
    if (L == 2) { /* the only hidden layer is U Sigma V itself */
        for (slong i = 0; i < z->d[1]; i++)
            for (slong j = 0; j < z->d[0]; j++)
                for (slong k = 0; k < z->m; k++) {
                    fmpq_t t;
                    fmpq_init(t);
                    fmpq_mul(t, fmpq_mat_entry(z->V, k, j), z->sigma + k);
                    fmpq_addmul(fmpq_mat_entry(W, i, j), fmpq_mat_entry(z->U, i, k), t);
                    fmpq_clear(t);
                }
        return;
    }
    for (slong i = 0; i < fmpq_mat_nrows(W); i++)
        for (slong j = 0; j < fmpq_mat_ncols(W); j++) {
            fmpq *e = fmpq_mat_entry(W, i, j);
            if (l == 1 && i < z->m)
                fmpq_mul(e, z->root + i, fmpq_mat_entry(z->V, i, j));
            else if (l == L - 1 && j < z->m)
                fmpq_mul(e, fmpq_mat_entry(z->U, i, j), z->root + j);
            else if (l > 1 && l < L - 1 && i == j && i < z->m)
                fmpq_set(e, z->root + i);
        }
}

static int zero(const fmpq_mat_t A) { return fmpq_mat_is_zero(A); }

/* Recomputes an instance's results object; statuses into v. */
static json_t *zas_results(const zas *z, const char *name, ck_verdict *v)
{
    slong L = z->L, m = z->m, n = z->n;
    const slong *d = z->d;
    json_t *res = json_object();
    json_object_set_new(res, "name", json_string(name));
    json_object_set_new(res, "m", json_integer(m));
    fmpq_t t;
    fmpq_init(t);
    /* sum_k U_ki U_kj = delta_ij, sum_k V_ik V_jk = delta_ij */
    int u_ok = 1, v_ok = 1;
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < m; j++) {
            fmpq_zero(t);
            for (slong k = 0; k < d[L - 1]; k++)
                fmpq_addmul(t, fmpq_mat_entry(z->U, k, i), fmpq_mat_entry(z->U, k, j));
            u_ok &= i == j ? fmpq_is_one(t) : fmpq_is_zero(t);
            fmpq_zero(t);
            for (slong k = 0; k < d[0]; k++)
                fmpq_addmul(t, fmpq_mat_entry(z->V, i, k), fmpq_mat_entry(z->V, j, k));
            v_ok &= i == j ? fmpq_is_one(t) : fmpq_is_zero(t);
        }
    json_object_set_new(res, "U", rc_json_fmpq_mat(z->U));
    json_object_set_new(res, "V", rc_json_fmpq_mat(z->V));
    json_object_set_new(res, "U_orthonormal_columns", json_boolean(u_ok));
    json_object_set_new(res, "V_orthonormal_rows", json_boolean(v_ok));
    ck_state(v, u_ok && v_ok ? CK_OK : CK_FAIL, "%s: U or V is not orthonormal", name);
    json_t *rj = json_array();
    for (slong i = 0; i < m; i++)
        json_array_append_new(rj, rc_json_fmpq(z->root + i));
    json_object_set_new(res, "sigma_root", rj);

    fmpq_mat_struct *W = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)(L + 1));
    for (slong l = 1; l <= L; l++) {
        fmpq_mat_init(W + l, d[l], d[l - 1]);
        layer(W + l, z, l);
    }
    /* A entrywise: sum_k U_ik sigma_k V_kj */
    fmpq_mat_t A;
    fmpq_mat_init(A, d[L - 1], d[0]);
    for (slong i = 0; i < d[L - 1]; i++)
        for (slong j = 0; j < d[0]; j++)
            for (slong k = 0; k < m; k++) {
                fmpq_mul(t, fmpq_mat_entry(z->U, i, k), fmpq_mat_entry(z->V, k, j));
                fmpq_addmul(fmpq_mat_entry(A, i, j), t, z->sigma + k);
            }
    /* product from the top: P = W_{L-1}, then P W_{L-2}, ... */
    fmpq_mat_t P;
    fmpq_mat_init(P, d[L - 1], d[L - 2]);
    fmpq_mat_set(P, W + L - 1);
    for (slong l = L - 2; l >= 1; l--) {
        fmpq_mat_t N;
        fmpq_mat_init(N, d[L - 1], d[l - 1]);
        fmpq_mat_mul(N, P, W + l);
        fmpq_mat_swap(N, P); /* swap exchanges dimensions too */
        fmpq_mat_clear(N);
    }
    int prod_ok = fmpq_mat_equal(P, A);
    int a_zero = zero(A);
    json_object_set_new(res, "A", rc_json_fmpq_mat(A));
    json_object_set_new(res, "product_equals_A", json_boolean(prod_ok));
    ck_state(v, prod_ok ? CK_OK : CK_FAIL, "%s: W_{L-1} ... W_1 != U Sigma V", name);

    /* D_l = W_{l+1}^T W_{l+1} - W_l W_l^T entrywise */
    json_t *bal = json_array();
    int inner_ok = 1;
    for (slong l = 1; l <= L - 1; l++) {
        int holds = 1;
        fmpq_t tr, e;
        fmpq_init(tr);
        fmpq_init(e);
        for (slong i = 0; i < d[l]; i++)
            for (slong j = 0; j < d[l]; j++) {
                fmpq_zero(e);
                for (slong k = 0; k < d[l + 1]; k++)
                    fmpq_addmul(e, fmpq_mat_entry(W + l + 1, k, i), fmpq_mat_entry(W + l + 1, k, j));
                for (slong k = 0; k < d[l - 1]; k++)
                    fmpq_submul(e, fmpq_mat_entry(W + l, i, k), fmpq_mat_entry(W + l, j, k));
                holds &= fmpq_is_zero(e);
                if (i == j)
                    fmpq_add(tr, tr, e);
            }
        json_t *o = json_object();
        json_object_set_new(o, "l", json_integer(l));
        json_object_set_new(o, "holds", json_boolean(holds));
        json_object_set_new(o, "trace_D", rc_json_fmpq(tr));
        json_array_append_new(bal, o);
        if (l < L - 1)
            inner_ok &= holds;
        else
            ck_state(v, holds == a_zero ? CK_OK : CK_FAIL,
                     "%s: balancedness at l = L-1 does not match A = 0", name);
        fmpq_clear(tr);
        fmpq_clear(e);
    }
    json_object_set_new(res, "balanced", bal);
    ck_state(v, inner_ok ? CK_OK : CK_FAIL, "%s: an inner pair is not balanced", name);

    /* output and gradients: grad W_l = (1/n) S_l^T E F_{l-1}^T with the suffix
       S_l = W_L ... W_{l+1} (identity for l = L) and F_{l-1} = W_{l-1} ... W_1 X */
    fmpq_mat_t F, E;
    fmpq_mat_init(F, d[0], n);
    fmpq_mat_set(F, z->X);
    for (slong l = 1; l <= L; l++) {
        fmpq_mat_t N;
        fmpq_mat_init(N, d[l], n);
        fmpq_mat_mul(N, W + l, F);
        fmpq_mat_swap(N, F);
        fmpq_mat_clear(N);
    }
    int out_zero = zero(F);
    fmpq_mat_init(E, d[L], n);
    fmpq_mat_sub(E, F, z->Y);
    fmpq_zero(t);
    for (slong i = 0; i < d[L]; i++)
        for (slong j = 0; j < n; j++)
            fmpq_addmul(t, fmpq_mat_entry(E, i, j), fmpq_mat_entry(E, i, j));
    fmpq_t R;
    fmpq_init(R);
    fmpq_set_si(R, 1, 2 * n);
    fmpq_mul(R, R, t);
    json_object_set_new(res, "output_zero", json_boolean(out_zero));
    json_object_set_new(res, "R", rc_json_fmpq(R));
    ck_state(v, out_zero ? CK_OK : CK_FAIL, "%s: the output is not 0", name);
    json_t *gz = json_array();
    int inner_zero = 1;
    fmpq_mat_t GL;
    fmpq_mat_init(GL, d[L], d[L - 1]);
    for (slong l = 1; l <= L; l++) {
        fmpq_mat_t S, Fp, M, G, St, Ft;
        fmpq_mat_init(S, d[L], d[l]);
        fmpq_mat_one(S);
        for (slong k = L; k > l; k--) { /* S = S W_k from the top */
            fmpq_mat_t N;
            fmpq_mat_init(N, d[L], d[k - 1]);
            fmpq_mat_mul(N, S, W + k);
            fmpq_mat_swap(N, S);
            fmpq_mat_clear(N);
        }
        fmpq_mat_init(Fp, d[0], n);
        fmpq_mat_set(Fp, z->X);
        for (slong k = 1; k < l; k++) {
            fmpq_mat_t N;
            fmpq_mat_init(N, d[k], n);
            fmpq_mat_mul(N, W + k, Fp);
            fmpq_mat_swap(N, Fp);
            fmpq_mat_clear(N);
        }
        fmpq_mat_init(St, d[l], d[L]);
        fmpq_mat_transpose(St, S);
        fmpq_mat_init(M, d[l], n);
        fmpq_mat_mul(M, St, E);
        fmpq_mat_init(Ft, n, d[l - 1]);
        fmpq_mat_transpose(Ft, Fp);
        fmpq_mat_init(G, d[l], d[l - 1]);
        fmpq_mat_mul(G, M, Ft);
        fmpq_t inv;
        fmpq_init(inv);
        fmpq_set_si(inv, 1, n);
        fmpq_mat_scalar_mul_fmpq(G, G, inv);
        fmpq_clear(inv);
        json_array_append_new(gz, json_boolean(zero(G)));
        if (l < L)
            inner_zero &= zero(G);
        else
            fmpq_mat_set(GL, G);
        fmpq_mat_clear(S);
        fmpq_mat_clear(Fp);
        fmpq_mat_clear(St);
        fmpq_mat_clear(M);
        fmpq_mat_clear(Ft);
        fmpq_mat_clear(G);
    }
    json_object_set_new(res, "gradient_zero", gz);
    json_object_set_new(res, "gradient_W_L", rc_json_fmpq_mat(GL));
    fmpq_zero(t);
    for (slong i = 0; i < d[L]; i++)
        for (slong j = 0; j < d[L - 1]; j++)
            fmpq_addmul(t, fmpq_mat_entry(GL, i, j), fmpq_mat_entry(GL, i, j));
    json_object_set_new(res, "gradient_W_L_norm2", rc_json_fmpq(t));
    ck_state(v, inner_zero ? CK_OK : CK_FAIL, "%s: an inner layer's gradient is nonzero", name);
    ck_state(v, !fmpq_is_zero(t) ? CK_OK : CK_FAIL, "%s: W_L's gradient is 0 (stationary)", name);

    fmpq_clear(R);
    fmpq_mat_clear(GL);
    fmpq_mat_clear(E);
    fmpq_mat_clear(F);
    fmpq_mat_clear(P);
    fmpq_mat_clear(A);
    for (slong l = 1; l <= L; l++)
        fmpq_mat_clear(W + l);
    flint_free(W);
    fmpq_clear(t);
    return res;
}

int ck_wu19_init(ck_t *ck, int variant, const char *claim, const json_t *in,
                 const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    (void)results;
    char p[CK_PATH];
    const json_t *ins = json_object_get(in, "instances");
    slong N = ck_instances(ck, in, RC_LIMIT_WU19_INSTANCES);
    if (N < 0)
        return -1;
    json_t *out = json_array();
    for (slong i = 0; i < N; i++) {
        const json_t *o = json_array_get(ins, i);
        ck_pathf(p, "inputs.instances[%ld]", (long)i);
        zas z;
        memset(&z, 0, sizeof z);
        int rc = read_zas(ck, &z, o, p);
        const char *name = json_string_value(json_object_get(o, "name"));
        for (slong k = 0; !rc && k < i; k++)
            if (!strcmp(name, json_string_value(json_object_get(json_array_get(ins, k), "name"))))
                rc = ck_fail(ck, p, "name repeats instance %ld's", (long)k);
        if (!rc)
            json_array_append_new(out, zas_results(&z, name, v));
        zas_clear(&z);
        if (rc) {
            json_decref(out);
            return -1;
        }
    }
    json_t *res = json_object();
    json_object_set_new(res, "instances", out);
    *expected = res;
    return 0;
}
