/* wu19 (author response, Reviewers 2 and 3): the rectangular ZAS
 * initialisation from the SVD A = U Sigma V,
 *   W_L = 0, W_{L-1} ~ U S, W_l ~ S (1 < l < L-1), W_1 ~ S V, S = Sigma^{1/(L-1)},
 * "~" meaning equal up to zero padding. Checked exactly on rational
 * instances: U, V from Cayley transforms (I - S)(I + S)^{-1} of rational
 * skew-symmetric matrices (or given), singular values exact (L-1)-th powers.
 * Layer l is d_l x d_{l-1}; A is d_{L-1} x d_0, m = min(d_0, d_{L-1});
 * U is d_{L-1} x m with orthonormal columns, V is m x d_0 with orthonormal
 * rows. Loss R = |W_L ... W_1 X - Y|_F^2 / (2n). */
#include "li18_net.h"
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/qrho.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char name[64];
    slong L, m, n;
    slong d[RC_LIMIT_WU19_DEPTH + 1];
    fmpq_mat_t U, V, X, Y;
    fmpq *root; /* the diagonal of Sigma^{1/(L-1)} */
    fmpq *sigma;
    json_t *in; /* the instance as the certificate's inputs hold it */
} zas_t;

/* "W_k ... W_1", "W_2 W_1" or "W_1": the product of layers 1 .. k as printed */
static void layer_range(char *buf, size_t n, slong k)
{
    if (k == 1)
        snprintf(buf, n, "W_1");
    else if (k == 2)
        snprintf(buf, n, "W_2 W_1");
    else
        snprintf(buf, n, "W_%ld ... W_1", (long)k);
}

static int read_mat(fmpq_mat_t A, rc_spec *s, json_t *j, slong r, slong c, const char *field)
{
    char f[160];
    if (!json_is_array(j) || (slong)json_array_size(j) != r)
        return rc_spec_fail(s, field, "expected %ld rows", (long)r);
    for (slong i = 0; i < r; i++) {
        json_t *row = json_array_get(j, (size_t)i);
        snprintf(f, sizeof f, "%s[%ld]", field, (long)i);
        if (!json_is_array(row) || (slong)json_array_size(row) != c)
            return rc_spec_fail(s, f, "expected %ld numbers", (long)c);
        for (slong k = 0; k < c; k++) {
            snprintf(f, sizeof f, "%s[%ld][%ld]", field, (long)i, (long)k);
            if (rc_spec_fmpq(fmpq_mat_entry(A, i, k), s, json_array_get(row, (size_t)k), f))
                return -1;
        }
    }
    return 0;
}

/* Q = (I - S)(I + S)^{-1}, S skew-symmetric (I + S is then invertible) */
static int cayley(fmpq_mat_t Q, rc_spec *s, json_t *j, slong n, const char *field)
{
    fmpq_mat_t S, A, B;
    fmpq_mat_init(S, n, n);
    int rc = read_mat(S, s, j, n, n, field);
    for (slong i = 0; !rc && i < n; i++)
        for (slong k = 0; !rc && k <= i; k++) {
            fmpq_t t;
            fmpq_init(t);
            fmpq_neg(t, fmpq_mat_entry(S, k, i));
            if (!fmpq_equal(t, fmpq_mat_entry(S, i, k)))
                rc = rc_spec_fail(s, field, "is not skew-symmetric: entry (%ld, %ld) is not minus "
                                  "entry (%ld, %ld)", (long)i + 1, (long)k + 1, (long)k + 1,
                                  (long)i + 1);
            fmpq_clear(t);
        }
    if (!rc) {
        fmpq_mat_init(A, n, n);
        fmpq_mat_init(B, n, n);
        fmpq_mat_one(A);
        fmpq_mat_add(B, A, S);
        fmpq_mat_sub(A, A, S);
        fmpq_mat_inv(B, B); /* det(I + S) >= 1 for real skew S */
        fmpq_mat_mul(Q, A, B);
        fmpq_mat_clear(A);
        fmpq_mat_clear(B);
    }
    fmpq_mat_clear(S);
    return rc;
}

/* the exact k-th root of x >= 0, if it has one */
static int exact_root(fmpq_t out, const fmpq_t x, slong k)
{
    if (fmpq_sgn(x) < 0)
        return 0;
    fmpz_t r;
    fmpz_init(r);
    fmpz_root(r, fmpq_numref(x), k);
    fmpz_set(fmpq_numref(out), r);
    fmpz_root(r, fmpq_denref(x), k);
    fmpz_set(fmpq_denref(out), r);
    fmpz_clear(r);
    fmpq_t p;
    fmpq_init(p);
    fmpq_pow_si(p, out, k);
    int ok = fmpq_equal(p, x);
    fmpq_clear(p);
    return ok;
}

static void zas_clear(zas_t *z)
{
    if (z->root) {
        fmpq_mat_clear(z->U);
        fmpq_mat_clear(z->V);
        fmpq_mat_clear(z->X);
        fmpq_mat_clear(z->Y);
        _fmpq_vec_clear(z->root, z->m);
        _fmpq_vec_clear(z->sigma, z->m);
    }
    json_decref(z->in);
}

static int read_instance(zas_t *z, rc_spec *s, json_t *o, size_t idx)
{
    char f[96], g[128];
    snprintf(f, sizeof f, "instances[%zu]", idx);
    const char *name = NULL;
    snprintf(g, sizeof g, "%s.name", f);
    if (rc_spec_string(&name, s, rc_spec_get(s, o, "name", g, 1), g))
        return -1;
    snprintf(z->name, sizeof z->name, "%.60s", name);
    snprintf(g, sizeof g, "%s.widths", f);
    json_t *w = rc_spec_get(s, o, "widths", g, 1);
    if (!w)
        return -1;
    if (!json_is_array(w) || json_array_size(w) < 3 || json_array_size(w) > RC_LIMIT_WU19_DEPTH + 1)
        return rc_spec_fail(s, g, "expected the widths d_0, ..., d_L, L from 2 to %d",
                            RC_LIMIT_WU19_DEPTH);
    z->L = (slong)json_array_size(w) - 1;
    for (slong l = 0; l <= z->L; l++) {
        json_t *v = json_array_get(w, (size_t)l);
        snprintf(g, sizeof g, "%s.widths[%ld]", f, (long)l);
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > RC_LIMIT_WU19_WIDTH)
            return rc_spec_fail(s, g, "expected a width from 1 to %d", RC_LIMIT_WU19_WIDTH);
        z->d[l] = (slong)json_integer_value(v);
    }
    slong L = z->L, d0 = z->d[0], dl1 = z->d[L - 1];
    z->m = FLINT_MIN(d0, dl1);
    for (slong l = 1; l <= L - 2; l++)
        if (z->d[l] < z->m) {
            snprintf(g, sizeof g, "%s.widths[%ld]", f, (long)l);
            return rc_spec_fail(s, g, "is %ld < m = min(d_0, d_{L-1}) = %ld: the construction "
                                "pads Sigma^{1/(L-1)} into layers 1 .. L-2, which needs "
                                "min(d_1, ..., d_{L-2}) >= m", (long)z->d[l], (long)z->m);
        }
    snprintf(g, sizeof g, "%s.X", f);
    json_t *X = rc_spec_get(s, o, "X", g, 1);
    if (!X)
        return -1;
    if (!json_is_array(X) || (slong)json_array_size(X) != d0 ||
        !json_is_array(json_array_get(X, 0)) || json_array_size(json_array_get(X, 0)) < 1 ||
        json_array_size(json_array_get(X, 0)) > RC_LIMIT_WU19_SAMPLES)
        return rc_spec_fail(s, g, "expected d_0 = %ld rows of 1 to %d samples", (long)d0,
                            RC_LIMIT_WU19_SAMPLES);
    z->n = (slong)json_array_size(json_array_get(X, 0));
    slong dmax = 0;
    for (slong l = 0; l <= L; l++)
        dmax = FLINT_MAX(dmax, z->d[l]);
    char what[96];
    snprintf(what, sizeof what, "depth %ld, widths up to %ld, %ld samples", (long)L, (long)dmax,
             (long)z->n);
    if (rc_spec_cost(s, f, rc_cost_wu19_init(L, dmax, z->n), what))
        return -1;

    fmpq_mat_init(z->U, dl1, z->m);
    fmpq_mat_init(z->V, z->m, d0);
    fmpq_mat_init(z->X, d0, z->n);
    fmpq_mat_init(z->Y, z->d[L], z->n);
    z->root = _fmpq_vec_init(z->m);
    z->sigma = _fmpq_vec_init(z->m);
    if (read_mat(z->X, s, X, d0, z->n, g))
        return -1;
    snprintf(g, sizeof g, "%s.Y", f);
    if (read_mat(z->Y, s, rc_spec_get(s, o, "Y", g, 1), z->d[L], z->n, g))
        return -1;
    snprintf(g, sizeof g, "%s.sigma", f);
    json_t *sg = rc_spec_get(s, o, "sigma", g, 1);
    if (!sg)
        return -1;
    if (!json_is_array(sg) || (slong)json_array_size(sg) != z->m)
        return rc_spec_fail(s, g, "expected m = min(d_0, d_{L-1}) = %ld singular values",
                            (long)z->m);
    for (slong i = 0; i < z->m; i++) {
        snprintf(g, sizeof g, "%s.sigma[%ld]", f, (long)i);
        if (rc_spec_fmpq(z->sigma + i, s, json_array_get(sg, (size_t)i), g))
            return -1;
        if (fmpq_sgn(z->sigma + i) < 0)
            return rc_spec_fail(s, g, "a singular value must be >= 0");
        if (!exact_root(z->root + i, z->sigma + i, L - 1))
            return rc_spec_fail(s, g, "is not the %ld-th power of a rational: Sigma^{1/(L-1)} "
                                "would be irrational", (long)L - 1);
    }
    /* U and V: given, or from Cayley seeds */
    const char *keys[2][2] = {{"U", "S_U"}, {"V", "S_V"}};
    for (int k = 0; k < 2; k++) {
        json_t *direct = json_object_get(o, keys[k][0]), *seed = json_object_get(o, keys[k][1]);
        if (!!direct == !!seed) {
            snprintf(g, sizeof g, "%s.%s", f, keys[k][0]);
            return rc_spec_fail(s, g, "give exactly one of %s and %s", keys[k][0], keys[k][1]);
        }
        fmpq_mat_struct *M = k ? z->V : z->U;
        snprintf(g, sizeof g, "%s.%s", f, direct ? keys[k][0] : keys[k][1]);
        if (direct && read_mat(M, s, direct, fmpq_mat_nrows(M), fmpq_mat_ncols(M), g))
            return -1;
        if (seed) {
            slong q = k ? d0 : dl1;
            fmpq_mat_t Q;
            fmpq_mat_init(Q, q, q);
            if (cayley(Q, s, seed, q, g)) {
                fmpq_mat_clear(Q);
                return -1;
            }
            /* U: the first m columns; V: the first m rows */
            for (slong i = 0; i < fmpq_mat_nrows(M); i++)
                for (slong c = 0; c < fmpq_mat_ncols(M); c++)
                    fmpq_set(fmpq_mat_entry(M, i, c), fmpq_mat_entry(Q, i, c));
            fmpq_mat_clear(Q);
        }
    }
    /* the certificate's inputs: the instance as given, numbers canonical */
    z->in = json_object();
    json_object_set_new(z->in, "name", json_string(z->name));
    json_object_set(z->in, "widths", w);
    json_t *sj = json_array();
    for (slong i = 0; i < z->m; i++)
        json_array_append_new(sj, rc_json_fmpq(z->sigma + i));
    json_object_set_new(z->in, "sigma", sj);
    for (int k = 0; k < 2; k++) {
        json_t *direct = json_object_get(o, keys[k][0]);
        if (direct) {
            json_object_set_new(z->in, keys[k][0], rc_json_fmpq_mat(k ? z->V : z->U));
        } else {
            slong q = k ? d0 : dl1;
            fmpq_mat_t S;
            fmpq_mat_init(S, q, q);
            read_mat(S, s, json_object_get(o, keys[k][1]), q, q, "");
            json_object_set_new(z->in, keys[k][1], rc_json_fmpq_mat(S));
            fmpq_mat_clear(S);
        }
    }
    json_object_set_new(z->in, "X", rc_json_fmpq_mat(z->X));
    json_object_set_new(z->in, "Y", rc_json_fmpq_mat(z->Y));
    return 0;
}

/* the layers W_1 .. W_L (W[l-1] is W_l) */
static fmpq_mat_struct *build_layers(const zas_t *z)
{
    slong L = z->L, m = z->m;
    fmpq_mat_struct *W = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)L);
    for (slong l = 1; l <= L; l++)
        fmpq_mat_init(W + l - 1, z->d[l], z->d[l - 1]);
    if (L == 2) { /* W_1 = U Sigma V */
        for (slong i = 0; i < z->d[1]; i++)
            for (slong j = 0; j < z->d[0]; j++)
                for (slong k = 0; k < m; k++) {
                    fmpq_t t;
                    fmpq_init(t);
                    fmpq_mul(t, fmpq_mat_entry(z->U, i, k), z->sigma + k);
                    fmpq_addmul(fmpq_mat_entry(W, i, j), t, fmpq_mat_entry(z->V, k, j));
                    fmpq_clear(t);
                }
        return W;
    }
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < z->d[0]; j++) /* W_1 = [S V; 0] */
            fmpq_mul(fmpq_mat_entry(W, i, j), z->root + i, fmpq_mat_entry(z->V, i, j));
    for (slong l = 2; l <= L - 2; l++) /* W_l = [S 0; 0 0] */
        for (slong i = 0; i < m; i++)
            fmpq_set(fmpq_mat_entry(W + l - 1, i, i), z->root + i);
    for (slong i = 0; i < z->d[L - 1]; i++) /* W_{L-1} = [U S, 0] */
        for (slong j = 0; j < m; j++)
            fmpq_mul(fmpq_mat_entry(W + L - 2, i, j), fmpq_mat_entry(z->U, i, j), z->root + j);
    return W; /* W_L = 0 */
}

static void fro2(fmpq_t out, const fmpq_mat_t A)
{
    fmpq_zero(out);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_addmul(out, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
}

static int is_identity(const fmpq_mat_t A)
{
    return fmpq_mat_is_one(A);
}

/* one instance: statements into rep, its results object returned */
static json_t *analyse(const zas_t *z, rc_report *rep)
{
    slong L = z->L, m = z->m, n = z->n;
    const slong *d = z->d;
    json_t *res = json_object();
    json_object_set_new(res, "name", json_string(z->name));
    json_object_set_new(res, "m", json_integer(m));
    fmpq_mat_t T1, T2;
    fmpq_t t;
    fmpq_init(t);

    /* orthonormality: U^T U = I_m, V V^T = I_m */
    fmpq_mat_init(T1, m, m);
    fmpq_mat_init(T2, d[L - 1], m);
    fmpq_mat_transpose(T2, z->U);
    fmpq_mat_t Ut;
    fmpq_mat_init(Ut, m, d[L - 1]);
    fmpq_mat_transpose(Ut, z->U);
    fmpq_mat_mul(T1, Ut, z->U);
    int u_ok = is_identity(T1);
    fmpq_mat_t Vt;
    fmpq_mat_init(Vt, d[0], m);
    fmpq_mat_transpose(Vt, z->V);
    fmpq_mat_mul(T1, z->V, Vt);
    int v_ok = is_identity(T1);
    fmpq_mat_clear(T1);
    fmpq_mat_clear(T2);
    json_object_set_new(res, "U", rc_json_fmpq_mat(z->U));
    json_object_set_new(res, "V", rc_json_fmpq_mat(z->V));
    json_object_set_new(res, "U_orthonormal_columns", json_boolean(u_ok));
    json_object_set_new(res, "V_orthonormal_rows", json_boolean(v_ok));
    rc_report_add(rep, u_ok && v_ok ? RC_OK : RC_FAIL, NULL,
                  u_ok && v_ok ? NULL : "U^T U != I or V V^T != I",
                  "%s: U^T U = I_%ld and V V^T = I_%ld exactly (U %ldx%ld, V %ldx%ld)%s%s", z->name,
                  (long)m, (long)m, (long)d[L - 1], (long)m, (long)m, (long)d[0],
                  u_ok ? "" : " [U fails]", v_ok ? "" : " [V fails]");

    /* the layers and Sigma^{1/(L-1)} */
    fmpq_mat_struct *W = build_layers(z);
    json_t *rj = json_array();
    for (slong i = 0; i < m; i++)
        json_array_append_new(rj, rc_json_fmpq(z->root + i));
    json_object_set_new(res, "sigma_root", rj);

    /* A = U Sigma V and the product W_{L-1} ... W_1 */
    fmpq_mat_t A, P, Q;
    fmpq_mat_init(A, d[L - 1], d[0]);
    fmpq_mat_init(Q, d[L - 1], m);
    for (slong i = 0; i < d[L - 1]; i++)
        for (slong j = 0; j < m; j++)
            fmpq_mul(fmpq_mat_entry(Q, i, j), fmpq_mat_entry(z->U, i, j), z->sigma + j);
    fmpq_mat_mul(A, Q, z->V);
    fmpq_mat_clear(Q);
    fmpq_mat_init(P, d[1], d[0]);
    fmpq_mat_set(P, W);
    for (slong l = 2; l <= L - 1; l++) {
        fmpq_mat_t N;
        fmpq_mat_init(N, d[l], d[0]);
        fmpq_mat_mul(N, W + l - 1, P);
        fmpq_mat_swap(N, P);
        fmpq_mat_clear(N);
    }
    int prod_ok = fmpq_mat_equal(P, A);
    json_object_set_new(res, "A", rc_json_fmpq_mat(A));
    json_object_set_new(res, "product_equals_A", json_boolean(prod_ok));
    int a_zero = fmpq_mat_is_zero(A);
    char below[48], all[48];
    layer_range(below, sizeof below, L - 1);
    layer_range(all, sizeof all, L);
    rc_report_add(rep, prod_ok ? RC_OK : RC_FAIL, NULL, prod_ok ? NULL : "the product differs",
                  "%s: %s = U Sigma V = A exactly (%ldx%ld, no padding left in the "
                  "product); W_%ld = 0, so %s = 0", z->name, below,
                  (long)d[L - 1], (long)d[0], (long)L, all);

    /* balancedness D_l = W_{l+1}^T W_{l+1} - W_l W_l^T, l = 1 .. L-1 */
    json_t *bal = json_array();
    slong first_bad_inner = 0;
    int last_holds = 0;
    for (slong l = 1; l <= L - 1; l++) {
        fmpq_mat_t Wt, G1, G2, Wl;
        fmpq_mat_init(Wt, d[l], d[l + 1]);
        fmpq_mat_init(G1, d[l], d[l]);
        fmpq_mat_init(G2, d[l], d[l]);
        fmpq_mat_init(Wl, d[l - 1], d[l]);
        fmpq_mat_transpose(Wt, W + l);
        fmpq_mat_mul(G1, Wt, W + l);
        fmpq_mat_transpose(Wl, W + l - 1);
        fmpq_mat_mul(G2, W + l - 1, Wl);
        fmpq_mat_sub(G1, G1, G2);
        int holds = fmpq_mat_is_zero(G1);
        fmpq_mat_trace(t, G1);
        json_t *e = json_object();
        json_object_set_new(e, "l", json_integer(l));
        json_object_set_new(e, "holds", json_boolean(holds));
        json_object_set_new(e, "trace_D", rc_json_fmpq(t));
        json_array_append_new(bal, e);
        if (l < L - 1 && !holds && !first_bad_inner)
            first_bad_inner = l;
        if (l == L - 1) {
            last_holds = holds;
            char *ts = fmpq_get_str(NULL, 10, t);
            /* D_{L-1} = -W_{L-1} W_{L-1}^T: zero iff W_{L-1} = 0 iff Sigma = 0 */
            int expected = holds == a_zero;
            rc_report_add(rep, expected ? RC_OK : RC_FAIL, NULL,
                          expected ? NULL : "balancedness at l = L-1 against A = 0",
                          "%s: at l = L-1 = %ld, W_L^T W_L = 0 and D = -W_%ld W_%ld^T (trace %s): "
                          "balancedness %s there, as it must %s", z->name, (long)l, (long)l,
                          (long)l, ts, holds ? "holds" : "fails",
                          a_zero ? "with A = 0" : "unless A = 0 (here A != 0)");
            flint_free(ts);
        }
        fmpq_mat_clear(Wt);
        fmpq_mat_clear(G1);
        fmpq_mat_clear(G2);
        fmpq_mat_clear(Wl);
    }
    json_object_set_new(res, "balanced", bal);
    if (L >= 3)
        rc_report_add(rep, first_bad_inner ? RC_FAIL : RC_OK, NULL,
                      first_bad_inner ? "balancedness fails at an inner layer" : NULL,
                      "%s: W_{l+1}^T W_{l+1} = W_l W_l^T for l = 1 .. %ld%s", z->name, (long)L - 2,
                      first_bad_inner ? " fails" : " exactly (the layers are balanced below W_L)");
    (void)last_holds;

    /* the output and every layer's gradient of R = |W_L...W_1 X - Y|^2 / (2n):
       forward F_l = W_l ... W_1 X, backward B_l = W_L^T ... W_{l+1}^T E / n,
       grad W_l = B_l F_{l-1}^T */
    fmpq_mat_struct *F = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)(L + 1));
    fmpq_mat_init(F, d[0], n);
    fmpq_mat_set(F, z->X);
    for (slong l = 1; l <= L; l++) {
        fmpq_mat_init(F + l, d[l], n);
        fmpq_mat_mul(F + l, W + l - 1, F + l - 1);
    }
    int out_zero = fmpq_mat_is_zero(F + L);
    fmpq_mat_t E, B;
    fmpq_mat_init(E, d[L], n);
    fmpq_mat_sub(E, F + L, z->Y);
    fro2(t, E);
    fmpz_t two_n;
    fmpz_init_set_si(two_n, 2 * n);
    fmpq_div_fmpz(t, t, two_n);
    fmpz_clear(two_n);
    json_object_set_new(res, "output_zero", json_boolean(out_zero));
    json_object_set_new(res, "R", rc_json_fmpq(t));
    char *rs = fmpq_get_str(NULL, 10, t);
    rc_report_add(rep, out_zero ? RC_OK : RC_FAIL, NULL, NULL,
                  "%s: the output W_L ... W_1 X is 0 on all %ld samples; R = |Y|_F^2/(2n) = %s",
                  z->name, (long)n, rs);
    rc_report_tag(rep, NULL, rs);
    flint_free(rs);
    fmpq_mat_init(B, d[L], n);
    fmpz_t nz;
    fmpz_init_set_si(nz, n);
    fmpq_mat_scalar_div_fmpz(B, E, nz);
    fmpz_clear(nz);
    json_t *gz = json_array();
    slong nonzero_inner = 0;
    fmpq_mat_t GL;
    fmpq_mat_init(GL, d[L], d[L - 1]);
    for (slong l = L; l >= 1; l--) {
        fmpq_mat_t Ft, G;
        fmpq_mat_init(Ft, n, d[l - 1]);
        fmpq_mat_init(G, d[l], d[l - 1]);
        fmpq_mat_transpose(Ft, F + l - 1);
        fmpq_mat_mul(G, B, Ft);
        json_array_insert_new(gz, 0, json_boolean(fmpq_mat_is_zero(G)));
        if (l < L && !fmpq_mat_is_zero(G))
            nonzero_inner++;
        if (l == L)
            fmpq_mat_set(GL, G);
        /* B_{l-1} = W_l^T B_l */
        fmpq_mat_t Wt, Bn;
        fmpq_mat_init(Wt, d[l - 1], d[l]);
        fmpq_mat_init(Bn, d[l - 1], n);
        fmpq_mat_transpose(Wt, W + l - 1);
        fmpq_mat_mul(Bn, Wt, B);
        fmpq_mat_swap(B, Bn);
        fmpq_mat_clear(Bn);
        fmpq_mat_clear(Wt);
        fmpq_mat_clear(Ft);
        fmpq_mat_clear(G);
    }
    json_object_set_new(res, "gradient_zero", gz);
    json_object_set_new(res, "gradient_W_L", rc_json_fmpq_mat(GL));
    fro2(t, GL);
    json_object_set_new(res, "gradient_W_L_norm2", rc_json_fmpq(t));
    rc_report_add(rep, nonzero_inner ? RC_FAIL : RC_OK, NULL,
                  nonzero_inner ? "an inner layer has a nonzero gradient" : NULL,
                  L == 2 ? "%s: the gradient of W_1 is 0 exactly (it has the factor W_L = 0)"
                         : "%s: the gradients of W_1 .. W_%ld are 0 exactly (each has the factor "
                           "W_L = 0)",
                  z->name, (long)L - 1);
    char *gs = fmpq_get_str(NULL, 10, t);
    int gl_nonzero = !fmpq_is_zero(t);
    rc_report_add(rep, gl_nonzero ? RC_OK : RC_FAIL, NULL,
                  gl_nonzero ? NULL
                             : "Y X^T A^T = 0: the ZAS point is stationary and GD never leaves it",
                  "%s: W_L's gradient -(1/n) Y (A X)^T is nonzero: |grad W_L|_F^2 = %s", z->name,
                  gs);
    rc_report_tag(rep, NULL, gs);
    flint_free(gs);

    fmpq_mat_clear(GL);
    fmpq_mat_clear(E);
    fmpq_mat_clear(B);
    for (slong l = 0; l <= L; l++)
        fmpq_mat_clear(F + l);
    flint_free(F);
    fmpq_mat_clear(A);
    fmpq_mat_clear(P);
    fmpq_mat_clear(Ut);
    fmpq_mat_clear(Vt);
    for (slong l = 0; l < L; l++)
        fmpq_mat_clear(W + l);
    flint_free(W);
    fmpq_clear(t);
    return res;
}

int rc_wu19_init(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    json_t *ins = rc_spec_instances(spec, "wu19.zas", RC_LIMIT_WU19_INSTANCES);
    if (!ins)
        return -1;
    size_t N = json_array_size(ins);
    zas_t *z = calloc(N, sizeof *z);
    int rc = 0;
    for (size_t i = 0; i < N && !rc; i++) {
        rc = read_instance(z + i, spec, json_array_get(ins, i), i);
        for (size_t k = 0; !rc && k < i; k++)
            if (!strcmp(z[k].name, z[i].name)) {
                char g[64];
                snprintf(g, sizeof g, "instances[%zu].name", i);
                rc = rc_spec_fail(spec, g, "\"%s\" names instance %zu too", z[i].name, k);
            }
    }
    if (!rc) {
        json_t *in = json_object(), *arr = json_array(), *res = json_object(),
               *out = json_array();
        for (size_t i = 0; i < N; i++) {
            json_array_append(arr, z[i].in);
            json_array_append_new(out, analyse(z + i, rep));
        }
        json_object_set_new(in, "instances", arr);
        json_object_set_new(res, "instances", out);
        rc_report_conclude(rep, "on %s (%zu), exactly: U and V orthonormal, W_{L-1} ... "
                           "W_1 = U Sigma V, the layers below W_L balanced and the last pair not "
                           "(D_{L-1} = -W_{L-1} W_{L-1}^T), output 0 and only W_L with a nonzero "
                           "gradient; these hold at the initial point only, GD is wu19.rate's",
                           "these instances", N);
        *cert = rc_cert_new(c, spec->file, in, res, rep);
    }
    for (size_t i = 0; i < N; i++)
        zas_clear(z + i);
    free(z);
    return rc;
}
