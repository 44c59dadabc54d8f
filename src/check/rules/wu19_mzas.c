/* Rule wu19.mzas/1: the mZAS start of the wu19 response's nonlinear ResNet
 * z_0 = V_0 x, z_l = z_{l-1} + U_l relu(V_l z_{l-1}), F = W z_L. From the
 * inputs alone, one sample at a time (the prover works on whole matrices):
 * the output and every gradient at mZAS (U_l = 0, W = 0) and at the given
 * U_l, W for each depth; then the statements: the output is 0, every
 * gradient but W's is 0, W's gradient is the same at every depth and equals
 * dF(0) z_0^T. relu'(t) = 1 for t > 0, else 0. Cross-entropy's generic point
 * is null (softmax irrational). */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

/* vector helpers (this FLINT's fmpq_vec has no set/add/zero/equal) */
static void vset(fmpq *a, const fmpq *b, slong n)
{
    for (slong i = 0; i < n; i++)
        fmpq_set(a + i, b + i);
}
static void vadd(fmpq *a, const fmpq *b, const fmpq *c, slong n)
{
    for (slong i = 0; i < n; i++)
        fmpq_add(a + i, b + i, c + i);
}
static void vzero(fmpq *a, slong n)
{
    for (slong i = 0; i < n; i++)
        fmpq_zero(a + i);
}
static int vis_zero(const fmpq *a, slong n)
{
    for (slong i = 0; i < n; i++)
        if (!fmpq_is_zero(a + i))
            return 0;
    return 1;
}
static int vequal(const fmpq *a, const fmpq *b, slong n)
{
    for (slong i = 0; i < n; i++)
        if (!fmpq_equal(a + i, b + i))
            return 0;
    return 1;
}

typedef struct {
    slong d, D, H, C, n, Lmax, nd;
    int xent;
    fmpq *X;      /* n x d, sample j at X + j d */
    slong *y;     /* labels */
    fmpq *V0, *W; /* D x d, C x D row-major */
    fmpq **V, **U; /* H x D, D x H */
    slong *dep;
} mz;

static int read_rows(ck_t *ck, fmpq *A, slong r, slong c, const json_t *j, const char *path)
{
    char p[CK_PATH];
    if (ck_array(ck, j, r, path) < 0)
        return -1;
    for (slong i = 0; i < r; i++) {
        ck_pathf(p, "%s[%ld]", path, (long)i);
        const json_t *row = json_array_get(j, (size_t)i);
        if (ck_array(ck, row, c, p) < 0)
            return -1;
        for (slong k = 0; k < c; k++) {
            char q[CK_PATH];
            ck_pathf(q, "%s[%ld]", p, (long)k);
            if (ck_q(ck, A + i * c + k, json_array_get(row, (size_t)k), q))
                return -1;
        }
    }
    return 0;
}

static slong dim(ck_t *ck, const json_t *j, int inner, long max, const char *path)
{
    slong r = ck_array(ck, j, -1, path);
    if (r < 0)
        return -1;
    if (inner) {
        if (r < 1)
            return ck_limit(ck, path, "expected at least one row"), -1;
        char p[CK_PATH];
        ck_pathf(p, "%s[0]", path);
        r = ck_array(ck, json_array_get(j, 0), -1, p);
        if (r < 0)
            return -1;
    }
    if (r < 1 || r > max)
        return ck_limit(ck, path, "expected 1 to %ld %s", max, inner ? "columns" : "rows"), -1;
    return r;
}

static void mz_clear(mz *m)
{
    if (m->X)
        _fmpq_vec_clear(m->X, m->n * m->d);
    if (m->V0)
        _fmpq_vec_clear(m->V0, m->D * m->d);
    if (m->W)
        _fmpq_vec_clear(m->W, m->C * m->D);
    for (slong l = 0; m->V && l < m->Lmax; l++) {
        _fmpq_vec_clear(m->V[l], m->H * m->D);
        _fmpq_vec_clear(m->U[l], m->D * m->H);
    }
    free(m->V);
    free(m->U);
    free(m->y);
    free(m->dep);
}

static int mz_read(ck_t *ck, mz *m, const json_t *in, slong k)
{
    char p[CK_PATH], q[CK_PATH];
    ck_pathf(p, "inputs.instances[%ld]", (long)k);
    if (ck_keys(ck, in, p, "name loss C X labels V0 V U W depths"))
        return -1;
    const char *loss = json_string_value(json_object_get(in, "loss"));
    ck_pathf(q, "%s.loss", p);
    if (!json_is_string(json_object_get(in, "name")))
        return ck_fail(ck, p, "name: expected a string");
    if (!loss || (strcmp(loss, "squared") && strcmp(loss, "xent")))
        return ck_fail(ck, q, "expected \"squared\" or \"xent\"");
    m->xent = !strcmp(loss, "xent");
    ck_pathf(q, "%s.C", p);
    if (ck_int(ck, &m->C, json_object_get(in, "C"), 1, RC_LIMIT_MZAS_DIM, q))
        return -1;
    const json_t *X = json_object_get(in, "X"), *V0 = json_object_get(in, "V0"), *V = json_object_get(in, "V"),
                 *U = json_object_get(in, "U"), *dep = json_object_get(in, "depths");
    ck_pathf(q, "%s.X", p);
    if ((m->n = dim(ck, X, 0, RC_LIMIT_MZAS_N, q)) < 0 || (m->d = dim(ck, X, 1, RC_LIMIT_MZAS_DIM, q)) < 0)
        return -1;
    ck_pathf(q, "%s.V0", p);
    if ((m->D = dim(ck, V0, 0, RC_LIMIT_MZAS_DIM, q)) < 0)
        return -1;
    ck_pathf(q, "%s.V", p);
    if ((m->Lmax = dim(ck, V, 0, RC_LIMIT_MZAS_L, q)) < 0)
        return -1;
    ck_pathf(q, "%s.V[0]", p);
    if ((m->H = dim(ck, json_array_get(V, 0), 0, RC_LIMIT_MZAS_DIM, q)) < 0)
        return -1;
    ck_pathf(q, "%s.depths", p);
    if ((m->nd = dim(ck, dep, 0, RC_LIMIT_MZAS_L, q)) < 0)
        return -1;
    char what[128];
    snprintf(what, sizeof what, "%ld samples, widths %ld/%ld/%ld, %ld layers", (long)m->n, (long)m->d,
             (long)m->D, (long)m->H, (long)m->Lmax);
    ck_pathf(q, "%s.V", p);
    if (ck_cost(ck, q, rc_cost_mzas(m->n, m->d, m->D, m->H, m->C, m->Lmax, m->nd), what))
        return -1;
    m->X = _fmpq_vec_init(m->n * m->d);
    m->V0 = _fmpq_vec_init(m->D * m->d);
    m->W = _fmpq_vec_init(m->C * m->D);
    m->V = calloc((size_t)m->Lmax, sizeof(fmpq *));
    m->U = calloc((size_t)m->Lmax, sizeof(fmpq *));
    for (slong l = 0; l < m->Lmax; l++) {
        m->V[l] = _fmpq_vec_init(m->H * m->D);
        m->U[l] = _fmpq_vec_init(m->D * m->H);
    }
    m->y = calloc((size_t)m->n, sizeof(slong));
    m->dep = calloc((size_t)m->nd, sizeof(slong));
    ck_pathf(q, "%s.X", p);
    if (read_rows(ck, m->X, m->n, m->d, X, q))
        return -1;
    ck_pathf(q, "%s.V0", p);
    if (read_rows(ck, m->V0, m->D, m->d, V0, q))
        return -1;
    ck_pathf(q, "%s.W", p);
    if (read_rows(ck, m->W, m->C, m->D, json_object_get(in, "W"), q))
        return -1;
    ck_pathf(q, "%s.U", p);
    if (ck_array(ck, U, m->Lmax, q) < 0)
        return -1;
    for (slong l = 0; l < m->Lmax; l++) {
        ck_pathf(q, "%s.V[%ld]", p, (long)l);
        if (read_rows(ck, m->V[l], m->H, m->D, json_array_get(V, (size_t)l), q))
            return -1;
        ck_pathf(q, "%s.U[%ld]", p, (long)l);
        if (read_rows(ck, m->U[l], m->D, m->H, json_array_get(U, (size_t)l), q))
            return -1;
    }
    ck_pathf(q, "%s.labels", p);
    if (ck_array(ck, json_object_get(in, "labels"), m->n, q) < 0)
        return -1;
    for (slong j = 0; j < m->n; j++) {
        ck_pathf(q, "%s.labels[%ld]", p, (long)j);
        if (ck_int(ck, m->y + j, json_array_get(json_object_get(in, "labels"), (size_t)j), 0, m->C - 1, q))
            return -1;
    }
    for (slong t = 0; t < m->nd; t++) {
        ck_pathf(q, "%s.depths[%ld]", p, (long)t);
        if (ck_int(ck, m->dep + t, json_array_get(dep, (size_t)t), t ? m->dep[t - 1] + 1 : 0, m->Lmax, q))
            return -1;
    }
    return 0;
}

/* out (r) = A (r x c) v (c), or A^T v when trans (A is c x r then) */
static void matvec(fmpq *out, const fmpq *A, const fmpq *v, slong r, slong c, int trans)
{
    for (slong i = 0; i < r; i++) {
        fmpq_zero(out + i);
        for (slong k = 0; k < c; k++)
            fmpq_addmul(out + i, trans ? A + k * r + i : A + i * c + k, v + k);
    }
}

/* G (r x c) += u v^T */
static void outer_add(fmpq *G, const fmpq *u, const fmpq *v, slong r, slong c)
{
    for (slong i = 0; i < r; i++)
        for (slong k = 0; k < c; k++)
            fmpq_addmul(G + i * c + k, u + i, v + k);
}

typedef struct {
    fmpq *dV0, *dW, **dV, **dU;
    int out_zero, ok;
} grads;

/* gradients of the L-layer net at mZAS (zero: U = W = 0) or at (U, W), summed
 * sample by sample; ok = 0 for cross-entropy with F != 0 */
static void compute(grads *g, const mz *m, slong L, int zero)
{
    slong D = m->D, H = m->H, C = m->C, d = m->d;
    g->dV0 = _fmpq_vec_init(D * d);
    g->dW = _fmpq_vec_init(C * D);
    g->dV = calloc((size_t)L + 1, sizeof(fmpq *));
    g->dU = calloc((size_t)L + 1, sizeof(fmpq *));
    for (slong l = 0; l < L; l++) {
        g->dV[l] = _fmpq_vec_init(H * D);
        g->dU[l] = _fmpq_vec_init(D * H);
    }
    g->out_zero = 1;
    g->ok = 1;
    fmpq *z = _fmpq_vec_init((L + 1) * D), *a = _fmpq_vec_init((L + 1) * H), *h = _fmpq_vec_init(H),
         *F = _fmpq_vec_init(C), *dF = _fmpq_vec_init(C), *gz = _fmpq_vec_init(D), *t = _fmpq_vec_init(D),
         *da = _fmpq_vec_init(H);
    fmpq_t invn;
    fmpq_init(invn);
    fmpq_set_si(invn, 1, m->n);
    for (slong j = 0; j < m->n && g->ok; j++) {
        matvec(z, m->V0, m->X + j * d, D, d, 0);
        for (slong l = 0; l < L; l++) {
            matvec(a + l * H, m->V[l], z + l * D, H, D, 0);
            vset(z + (l + 1) * D, z + l * D, D);
            if (!zero) {
                for (slong i = 0; i < H; i++)
                    fmpq_sgn(a + l * H + i) > 0 ? fmpq_set(h + i, a + l * H + i) : fmpq_zero(h + i);
                matvec(t, m->U[l], h, D, H, 0);
                vadd(z + (l + 1) * D, z + (l + 1) * D, t, D);
            }
        }
        if (zero)
            vzero(F, C);
        else
            matvec(F, m->W, z + L * D, C, D, 0);
        g->out_zero &= vis_zero(F, C);
        if (m->xent && !vis_zero(F, C)) {
            g->ok = 0;
            break;
        }
        for (slong c = 0; c < C; c++) {
            if (m->xent)
                fmpq_set_si(dF + c, 1, C);
            else
                fmpq_set(dF + c, F + c);
            if (c == m->y[j])
                fmpq_sub_si(dF + c, dF + c, 1);
            fmpq_mul(dF + c, dF + c, invn);
        }
        outer_add(g->dW, dF, z + L * D, C, D);
        if (zero)
            vzero(gz, D);
        else
            matvec(gz, m->W, dF, D, C, 1);
        for (slong l = L - 1; l >= 0; l--) {
            for (slong i = 0; i < H; i++)
                fmpq_sgn(a + l * H + i) > 0 ? fmpq_set(h + i, a + l * H + i) : fmpq_zero(h + i);
            outer_add(g->dU[l], gz, h, D, H);
            if (zero)
                vzero(da, H);
            else
                matvec(da, m->U[l], gz, H, D, 1);
            for (slong i = 0; i < H; i++)
                if (fmpq_sgn(a + l * H + i) <= 0)
                    fmpq_zero(da + i);
            outer_add(g->dV[l], da, z + l * D, H, D);
            matvec(t, m->V[l], da, D, H, 1);
            vadd(gz, gz, t, D);
        }
        outer_add(g->dV0, gz, m->X + j * d, D, d);
    }
    fmpq_clear(invn);
    _fmpq_vec_clear(z, (L + 1) * D);
    _fmpq_vec_clear(a, (L + 1) * H);
    _fmpq_vec_clear(h, H);
    _fmpq_vec_clear(F, C);
    _fmpq_vec_clear(dF, C);
    _fmpq_vec_clear(gz, D);
    _fmpq_vec_clear(t, D);
    _fmpq_vec_clear(da, H);
}

static slong nonzero(const grads *g, const mz *m, slong L)
{
    slong k = 0;
    for (slong i = 0; i < m->D * m->d; i++)
        k += !fmpq_is_zero(g->dV0 + i);
    for (slong l = 0; l < L; l++)
        for (slong i = 0; i < m->D * m->H; i++)
            k += !fmpq_is_zero(g->dV[l] + i) + !fmpq_is_zero(g->dU[l] + i);
    return k;
}

static void grads_clear(grads *g, const mz *m, slong L)
{
    _fmpq_vec_clear(g->dV0, m->D * m->d);
    _fmpq_vec_clear(g->dW, m->C * m->D);
    for (slong l = 0; l < L; l++) {
        _fmpq_vec_clear(g->dV[l], m->H * m->D);
        _fmpq_vec_clear(g->dU[l], m->D * m->H);
    }
    free(g->dV);
    free(g->dU);
}

static json_t *rows_json(const fmpq *A, slong r, slong c)
{
    json_t *a = json_array();
    for (slong i = 0; i < r; i++) {
        json_t *row = json_array();
        for (slong k = 0; k < c; k++)
            json_array_append_new(row, rc_json_fmpq(A + i * c + k));
        json_array_append_new(a, row);
    }
    return a;
}

static json_t *instance(const mz *m, const char *name, ck_verdict *v, slong k)
{
    slong CD = m->C * m->D;
    json_t *rows = json_array();
    fmpq *first = _fmpq_vec_init(CD), *firstg = _fmpq_vec_init(CD), *closed = _fmpq_vec_init(CD);
    int out0 = 1, inner0 = 1, same = 1, closed_ok = 1, gdone = 0, gvar = 0;
    /* dF(0) z_0^T: the L = 0 net at mZAS */
    grads c0;
    compute(&c0, m, 0, 1);
    vset(closed, c0.dW, CD);
    grads_clear(&c0, m, 0);
    for (slong t = 0; t < m->nd; t++) {
        slong L = m->dep[t];
        grads g, h;
        compute(&g, m, L, 1);
        slong nz = nonzero(&g, m, L);
        out0 &= g.out_zero;
        inner0 &= nz == 0;
        if (t == 0)
            vset(first, g.dW, CD);
        else
            same &= vequal(first, g.dW, CD);
        closed_ok &= vequal(closed, g.dW, CD);
        json_t *row = json_pack("{s:I, s:b, s:I, s:o}", "L", (json_int_t)L, "output_zero", g.out_zero,
                                "nonzero_inner", (json_int_t)nz, "grad_W", rows_json(g.dW, m->C, m->D));
        compute(&h, m, L, 0);
        if (h.ok) {
            if (gdone && !vequal(firstg, h.dW, CD))
                gvar = 1;
            if (!gdone)
                vset(firstg, h.dW, CD);
            gdone = 1;
            json_object_set_new(row, "generic", json_pack("{s:I, s:o}", "nonzero_inner", (json_int_t)nonzero(&h, m, L),
                                                          "grad_W", rows_json(h.dW, m->C, m->D)));
        } else {
            json_object_set_new(row, "generic", json_null());
        }
        grads_clear(&h, m, L);
        grads_clear(&g, m, L);
        json_array_append_new(rows, row);
    }
    ck_state(v, out0 ? CK_OK : CK_FAIL, "results.instances[%ld]: the mZAS output is not 0", (long)k);
    ck_state(v, inner0 ? CK_OK : CK_FAIL, "results.instances[%ld]: an inner gradient is nonzero at mZAS", (long)k);
    ck_state(v, m->nd < 2 ? CK_UNDECIDED : same ? CK_OK : CK_FAIL,
             "results.instances[%ld]: W's gradient %s", (long)k, m->nd < 2 ? "at one depth only" : "depends on L");
    ck_state(v, closed_ok ? CK_OK : CK_FAIL, "results.instances[%ld]: W's gradient is not dF(0) z_0^T", (long)k);
    json_t *out = json_pack("{s:s, s:o, s:o, s:b, s:b, s:b, s:b}", "name", name, "depths", rows,
                            "grad_W_closed_form", rows_json(closed, m->C, m->D), "output_zero", out0, "inner_zero",
                            inner0, "grad_W_independent_of_L", m->nd >= 2 && same, "matches_closed_form", closed_ok);
    json_object_set_new(out, "generic_grad_W_varies", gdone ? json_boolean(gvar) : json_null());
    _fmpq_vec_clear(first, CD);
    _fmpq_vec_clear(firstg, CD);
    _fmpq_vec_clear(closed, CD);
    return out;
}

int ck_wu19_mzas(ck_t *ck, int variant, const char *claim, const json_t *inputs, const json_t *results,
                 json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    (void)results;
    const json_t *I = json_object_get(inputs, "instances");
    slong n = ck_instances(ck, inputs, RC_LIMIT_MZAS_INSTANCES);
    if (n < 0)
        return -1;
    json_t *res = json_array();
    for (slong k = 0; k < n; k++) {
        mz m;
        memset(&m, 0, sizeof m);
        const json_t *in = json_array_get(I, (size_t)k);
        if (mz_read(ck, &m, in, k)) {
            mz_clear(&m);
            json_decref(res);
            return -1;
        }
        json_array_append_new(res, instance(&m, json_string_value(json_object_get(in, "name")), v, k));
        mz_clear(&m);
    }
    *expected = json_pack("{s:o}", "instances", res);
    return 0;
}
