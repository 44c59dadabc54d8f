/* wu19.mzas, the exact side: at the mZAS start of the response's nonlinear
 * ResNet (U_l = 0, W = 0, any V_0, V_l), the output is 0, every gradient
 * but the output layer's is 0, and the output layer's gradient dF z_0^T does
 * not depend on L. Checked over Q on rational instances at several depths;
 * beside each depth, a generic point (the spec's U_l and W) shows that the
 * statement is mZAS's: there the inner gradients are nonzero and W's
 * gradient changes with L.
 *
 * Network: z_0 = V_0 X, z_l = z_{l-1} + U_l relu(V_l z_{l-1}), F = W z_L;
 * relu'(t) = 1 for t > 0, 0 for t <= 0 (the float path's convention).
 * Loss: squared (1/(2n))|F - Y|^2, dF = (F - Y)/n; cross-entropy
 * mean(-log softmax(F)_y), dF = (softmax(F) - Y)/n, exact only where
 * softmax(F) is rational, e.g. F = 0 (1/C); its generic point is skipped. */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/witness.h"
#include "rescheck/wu19_mzas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rc_mzas_net_clear(rc_mzas_net *m)
{
    if (!m->V)
        return;
    fmpq_mat_clear(m->X);
    fmpq_mat_clear(m->Y);
    fmpq_mat_clear(m->V0);
    fmpq_mat_clear(m->W);
    for (slong l = 0; l < m->Lmax; l++) {
        fmpq_mat_clear(m->V[l]);
        fmpq_mat_clear(m->U[l]);
    }
    free(m->V);
    free(m->U);
    m->V = NULL;
}

void rc_mzas_grads_init(rc_mzas_grads *g, const rc_mzas_net *m, slong L)
{
    g->L = L;
    fmpq_mat_init(g->F, m->C, m->n);
    fmpq_mat_init(g->dV0, m->D, m->d);
    fmpq_mat_init(g->dW, m->C, m->D);
    g->dV = malloc(sizeof(fmpq_mat_t) * (size_t)(L ? L : 1));
    g->dU = malloc(sizeof(fmpq_mat_t) * (size_t)(L ? L : 1));
    for (slong l = 0; l < L; l++) {
        fmpq_mat_init(g->dV[l], m->H, m->D);
        fmpq_mat_init(g->dU[l], m->D, m->H);
    }
}

void rc_mzas_grads_clear(rc_mzas_grads *g)
{
    fmpq_mat_clear(g->F);
    fmpq_mat_clear(g->dV0);
    fmpq_mat_clear(g->dW);
    for (slong l = 0; l < g->L; l++) {
        fmpq_mat_clear(g->dV[l]);
        fmpq_mat_clear(g->dU[l]);
    }
    free(g->dV);
    free(g->dU);
}

/* A /= k */
static void scale_inv(fmpq_mat_t A, slong k)
{
    fmpz_t z;
    fmpz_init_set_si(z, k);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_div_fmpz(fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j), z);
    fmpz_clear(z);
}

static void relu_mat(fmpq_mat_t out, const fmpq_mat_t A)
{
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            if (fmpq_sgn(fmpq_mat_entry(A, i, j)) > 0)
                fmpq_set(fmpq_mat_entry(out, i, j), fmpq_mat_entry(A, i, j));
            else
                fmpq_zero(fmpq_mat_entry(out, i, j));
}

int rc_mzas_compute(rc_mzas_grads *g, const rc_mzas_net *m, slong L, int mzas)
{
    slong D = m->D, H = m->H, n = m->n, C = m->C;
    fmpq_mat_t *Z = malloc(sizeof(fmpq_mat_t) * (size_t)(L + 1)), *A = malloc(sizeof(fmpq_mat_t) * (size_t)(L ? L : 1));
    fmpq_mat_t Hm, G, Db, T, Wt;
    fmpq_mat_init(Hm, H, n);
    fmpq_mat_init(G, D, n);
    fmpq_mat_init(Db, H, n);
    fmpq_mat_init(T, D, n);
    fmpq_mat_init(Wt, D, C);
    for (slong l = 0; l <= L; l++)
        fmpq_mat_init(Z[l], D, n);
    for (slong l = 0; l < L; l++)
        fmpq_mat_init(A[l], H, n);
    fmpq_mat_mul(Z[0], m->V0, m->X);
    for (slong l = 0; l < L; l++) {
        fmpq_mat_mul(A[l], m->V[l], Z[l]);
        relu_mat(Hm, A[l]);
        fmpq_mat_set(Z[l + 1], Z[l]);
        if (!mzas) {
            fmpq_mat_mul(T, m->U[l], Hm);
            fmpq_mat_add(Z[l + 1], Z[l + 1], T);
        }
    }
    int ok = 1;
    if (mzas)
        fmpq_mat_zero(g->F);
    else
        fmpq_mat_mul(g->F, m->W, Z[L]);
    /* dF into F's shape */
    fmpq_mat_t dF;
    fmpq_mat_init(dF, C, n);
    if (m->xent) {
        if (!fmpq_mat_is_zero(g->F))
            ok = 0; /* softmax(F) irrational in general */
        else
            for (slong i = 0; i < C; i++)
                for (slong j = 0; j < n; j++) {
                    fmpq_set_si(fmpq_mat_entry(dF, i, j), 1, C);
                    fmpq_sub(fmpq_mat_entry(dF, i, j), fmpq_mat_entry(dF, i, j), fmpq_mat_entry(m->Y, i, j));
                }
    } else {
        fmpq_mat_sub(dF, g->F, m->Y);
    }
    if (ok) {
        scale_inv(dF, n);
        fmpq_mat_t Zt;
        fmpq_mat_init(Zt, n, D);
        fmpq_mat_transpose(Zt, Z[L]);
        fmpq_mat_mul(g->dW, dF, Zt);
        fmpq_mat_clear(Zt);
        if (mzas)
            fmpq_mat_zero(Wt);
        else
            fmpq_mat_transpose(Wt, m->W);
        fmpq_mat_mul(G, Wt, dF);
        fmpq_mat_t Ut, Ht, Ztl, Vt, Xt;
        fmpq_mat_init(Ut, H, D);
        fmpq_mat_init(Ht, n, H);
        fmpq_mat_init(Ztl, n, D);
        fmpq_mat_init(Vt, D, H);
        fmpq_mat_init(Xt, n, m->d);
        for (slong l = L - 1; l >= 0; l--) {
            relu_mat(Hm, A[l]);
            fmpq_mat_transpose(Ht, Hm);
            fmpq_mat_mul(g->dU[l], G, Ht);
            if (mzas)
                fmpq_mat_zero(Ut);
            else
                fmpq_mat_transpose(Ut, m->U[l]);
            fmpq_mat_mul(Db, Ut, G);
            for (slong i = 0; i < H; i++)
                for (slong j = 0; j < n; j++)
                    if (fmpq_sgn(fmpq_mat_entry(A[l], i, j)) <= 0)
                        fmpq_zero(fmpq_mat_entry(Db, i, j));
            fmpq_mat_transpose(Ztl, Z[l]);
            fmpq_mat_mul(g->dV[l], Db, Ztl);
            fmpq_mat_transpose(Vt, m->V[l]);
            fmpq_mat_mul(T, Vt, Db);
            fmpq_mat_add(G, G, T);
        }
        fmpq_mat_transpose(Xt, m->X);
        fmpq_mat_mul(g->dV0, G, Xt);
        fmpq_mat_clear(Ut);
        fmpq_mat_clear(Ht);
        fmpq_mat_clear(Ztl);
        fmpq_mat_clear(Vt);
        fmpq_mat_clear(Xt);
    }
    fmpq_mat_clear(dF);
    for (slong l = 0; l <= L; l++)
        fmpq_mat_clear(Z[l]);
    for (slong l = 0; l < L; l++)
        fmpq_mat_clear(A[l]);
    free(Z);
    free(A);
    fmpq_mat_clear(Hm);
    fmpq_mat_clear(G);
    fmpq_mat_clear(Db);
    fmpq_mat_clear(T);
    fmpq_mat_clear(Wt);
    return ok ? 0 : -1;
}

slong rc_mzas_nonzero_inner(const rc_mzas_grads *g)
{
    slong k = 0;
    for (slong i = 0; i < fmpq_mat_nrows(g->dV0) * fmpq_mat_ncols(g->dV0); i++)
        k += !fmpq_is_zero(g->dV0->entries + i);
    for (slong l = 0; l < g->L; l++) {
        for (slong i = 0; i < fmpq_mat_nrows(g->dV[l]) * fmpq_mat_ncols(g->dV[l]); i++)
            k += !fmpq_is_zero(g->dV[l]->entries + i);
        for (slong i = 0; i < fmpq_mat_nrows(g->dU[l]) * fmpq_mat_ncols(g->dU[l]); i++)
            k += !fmpq_is_zero(g->dU[l]->entries + i);
    }
    return k;
}

/* ---- the spec ---- */
static int read_mat(fmpq_mat_t A, slong r, slong c, rc_spec *s, json_t *v, const char *field)
{
    char f[128];
    fmpq_mat_init(A, r, c);
    if (!json_is_array(v) || (slong)json_array_size(v) != r)
        return rc_spec_fail(s, field, "expected %ld rows of %ld numbers", (long)r, (long)c);
    for (slong i = 0; i < r; i++) {
        json_t *row = json_array_get(v, (size_t)i);
        snprintf(f, sizeof f, "%s[%ld]", field, (long)i);
        if (!json_is_array(row) || (slong)json_array_size(row) != c)
            return rc_spec_fail(s, f, "expected %ld numbers", (long)c);
        for (slong j = 0; j < c; j++) {
            snprintf(f, sizeof f, "%s[%ld][%ld]", field, (long)i, (long)j);
            if (rc_spec_fmpq(fmpq_mat_entry(A, i, j), s, json_array_get(row, (size_t)j), f))
                return -1;
        }
    }
    return 0;
}

static int dim_of(slong *out, rc_spec *s, json_t *v, int inner, const char *field, long max)
{
    json_t *x = inner ? json_array_get(v, 0) : v;
    if (!json_is_array(x) || json_array_size(x) < 1 || (long)json_array_size(x) > max)
        return rc_spec_fail(s, field, "expected a matrix with 1 to %ld %s", max, inner ? "columns" : "rows");
    *out = (slong)json_array_size(x);
    return 0;
}

int rc_mzas_read(rc_mzas_net *m, slong **depths, slong *ndepths, rc_spec *s, json_t *in, const char *pre)
{
    char f[128];
    memset(m, 0, sizeof *m);
    *depths = NULL;
#define FIELD(k) (snprintf(f, sizeof f, "%s.%s", pre, k), f)
    json_t *loss = rc_spec_get(s, in, "loss", FIELD("loss"), 1);
    if (!loss)
        return -1;
    if (!json_is_string(loss) || (strcmp(json_string_value(loss), "squared") && strcmp(json_string_value(loss), "xent")))
        return rc_spec_fail(s, f, "expected \"squared\" or \"xent\"");
    m->xent = !strcmp(json_string_value(loss), "xent");
    json_t *Cv = rc_spec_get(s, in, "C", FIELD("C"), 1);
    if (!Cv)
        return -1;
    if (!json_is_integer(Cv) || json_integer_value(Cv) < 1 || json_integer_value(Cv) > RC_LIMIT_MZAS_DIM)
        return rc_spec_fail(s, f, "expected a class count from 1 to %d", RC_LIMIT_MZAS_DIM);
    m->C = (slong)json_integer_value(Cv);
    json_t *X = rc_spec_get(s, in, "X", FIELD("X"), 1), *V0 = rc_spec_get(s, in, "V0", FIELD("V0"), 1);
    json_t *V = rc_spec_get(s, in, "V", FIELD("V"), 1), *U = rc_spec_get(s, in, "U", FIELD("U"), 1);
    json_t *W = rc_spec_get(s, in, "W", FIELD("W"), 1), *lab = rc_spec_get(s, in, "labels", FIELD("labels"), 1);
    json_t *dep = rc_spec_get(s, in, "depths", FIELD("depths"), 1);
    if (!X || !V0 || !V || !U || !W || !lab || !dep)
        return -1;
    if (dim_of(&m->n, s, X, 0, FIELD("X"), RC_LIMIT_MZAS_N) || dim_of(&m->d, s, X, 1, FIELD("X"), RC_LIMIT_MZAS_DIM) ||
        dim_of(&m->D, s, V0, 0, FIELD("V0"), RC_LIMIT_MZAS_DIM))
        return -1;
    if (!json_is_array(V) || json_array_size(V) < 1 || json_array_size(V) > RC_LIMIT_MZAS_L)
        return rc_spec_fail(s, FIELD("V"), "expected 1 to %d matrices V_1, V_2, ...", RC_LIMIT_MZAS_L);
    m->Lmax = (slong)json_array_size(V);
    if (dim_of(&m->H, s, json_array_get(V, 0), 0, FIELD("V[0]"), RC_LIMIT_MZAS_DIM))
        return -1;
    if (!json_is_array(U) || (slong)json_array_size(U) != m->Lmax)
        return rc_spec_fail(s, FIELD("U"), "expected %ld matrices U_1, ..., as many as V", (long)m->Lmax);
    if (!json_is_array(dep) || json_array_size(dep) < 1 || json_array_size(dep) > RC_LIMIT_MZAS_L)
        return rc_spec_fail(s, FIELD("depths"), "expected 1 to %d depths", RC_LIMIT_MZAS_L);
    *ndepths = (slong)json_array_size(dep);
    *depths = malloc(sizeof(slong) * (size_t)*ndepths);
    for (slong k = 0; k < *ndepths; k++) {
        json_t *x = json_array_get(dep, (size_t)k);
        snprintf(f, sizeof f, "%s.depths[%ld]", pre, (long)k);
        if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > m->Lmax ||
            (k && json_integer_value(x) <= (*depths)[k - 1]))
            return rc_spec_fail(s, f, "expected increasing depths from 0 to %ld (the matrices given)", (long)m->Lmax);
        (*depths)[k] = (slong)json_integer_value(x);
    }
    double cost = rc_cost_mzas(m->n, m->d, m->D, m->H, m->C, m->Lmax, *ndepths);
    snprintf(f, sizeof f, "%ld samples, widths %ld/%ld/%ld, %ld layers", (long)m->n, (long)m->d, (long)m->D,
             (long)m->H, (long)m->Lmax);
    char field[128];
    snprintf(field, sizeof field, "%s.V", pre);
    if (rc_spec_cost(s, field, cost, f))
        return -1;
    m->V = calloc((size_t)m->Lmax, sizeof(fmpq_mat_t));
    m->U = calloc((size_t)m->Lmax, sizeof(fmpq_mat_t));
    fmpq_mat_t tmpX;
    int rc = read_mat(tmpX, m->n, m->d, s, X, FIELD("X"));
    fmpq_mat_init(m->X, m->d, m->n);
    fmpq_mat_transpose(m->X, tmpX);
    fmpq_mat_clear(tmpX);
    fmpq_mat_init(m->Y, m->C, m->n);
    rc = rc || read_mat(m->V0, m->D, m->d, s, V0, FIELD("V0"));
    if (!rc)
        rc = read_mat(m->W, m->C, m->D, s, W, FIELD("W"));
    else
        fmpq_mat_init(m->W, m->C, m->D);
    for (slong l = 0; l < m->Lmax; l++) {
        char fv[64], fu[64];
        snprintf(fv, sizeof fv, "V[%ld]", (long)l);
        snprintf(fu, sizeof fu, "U[%ld]", (long)l);
        if (!rc)
            rc = read_mat(m->V[l], m->H, m->D, s, json_array_get(V, (size_t)l), FIELD(fv));
        else
            fmpq_mat_init(m->V[l], m->H, m->D);
        if (!rc)
            rc = read_mat(m->U[l], m->D, m->H, s, json_array_get(U, (size_t)l), FIELD(fu));
        else
            fmpq_mat_init(m->U[l], m->D, m->H);
    }
    if (rc)
        return -1;
    if (!json_is_array(lab) || (slong)json_array_size(lab) != m->n)
        return rc_spec_fail(s, FIELD("labels"), "expected %ld labels from 0 to C - 1", (long)m->n);
    for (slong j = 0; j < m->n; j++) {
        json_t *x = json_array_get(lab, (size_t)j);
        snprintf(f, sizeof f, "%s.labels[%ld]", pre, (long)j);
        if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) >= m->C)
            return rc_spec_fail(s, f, "expected a label from 0 to %ld", (long)m->C - 1);
        fmpq_one(fmpq_mat_entry(m->Y, json_integer_value(x), j));
    }
#undef FIELD
    return 0;
}

/* ---- the claim ---- */
static json_t *instance(rc_report *rep, const char *name, rc_mzas_net *m, const slong *dep, slong nd)
{
    json_t *rows = json_array();
    fmpq_mat_t first, firstg, closed, Zt, dF;
    fmpq_mat_init(first, m->C, m->D);
    fmpq_mat_init(firstg, m->C, m->D);
    int all_zero_out = 1, all_inner_zero = 1, same = 1, closed_ok = 1, gen_varies = 0, gen_inner = 0,
        gen_done = 0;
    /* the closed form: dF(0) z_0^T with z_0 = V_0 X */
    fmpq_mat_init(closed, m->C, m->D);
    fmpq_mat_init(Zt, m->n, m->D);
    fmpq_mat_init(dF, m->C, m->n);
    {
        fmpq_mat_t Z0;
        fmpq_mat_init(Z0, m->D, m->n);
        fmpq_mat_mul(Z0, m->V0, m->X);
        fmpq_mat_transpose(Zt, Z0);
        fmpq_mat_clear(Z0);
        for (slong i = 0; i < m->C; i++)
            for (slong j = 0; j < m->n; j++) {
                fmpq *e = fmpq_mat_entry(dF, i, j);
                if (m->xent)
                    fmpq_set_si(e, 1, m->C);
                fmpq_sub(e, e, fmpq_mat_entry(m->Y, i, j));
            }
        scale_inv(dF, m->n);
        fmpq_mat_mul(closed, dF, Zt);
    }
    for (slong k = 0; k < nd; k++) {
        rc_mzas_grads g, h;
        rc_mzas_grads_init(&g, m, dep[k]);
        rc_mzas_compute(&g, m, dep[k], 1);
        int outz = fmpq_mat_is_zero(g.F);
        slong nz = rc_mzas_nonzero_inner(&g);
        all_zero_out &= outz;
        all_inner_zero &= nz == 0;
        if (k == 0)
            fmpq_mat_set(first, g.dW);
        else
            same &= fmpq_mat_equal(first, g.dW);
        closed_ok &= fmpq_mat_equal(closed, g.dW);
        json_t *row = json_pack("{s:I, s:b, s:I, s:o}", "L", (json_int_t)dep[k], "output_zero", outz,
                                "nonzero_inner", (json_int_t)nz, "grad_W", rc_json_fmpq_mat(g.dW));
        rc_mzas_grads_init(&h, m, dep[k]);
        if (rc_mzas_compute(&h, m, dep[k], 0) == 0) {
            slong gnz = rc_mzas_nonzero_inner(&h);
            if (gen_done && !fmpq_mat_equal(firstg, h.dW))
                gen_varies = 1;
            if (!gen_done)
                fmpq_mat_set(firstg, h.dW);
            gen_done = 1;
            gen_inner |= gnz > 0;
            json_object_set_new(row, "generic", json_pack("{s:I, s:o}", "nonzero_inner", (json_int_t)gnz,
                                                          "grad_W", rc_json_fmpq_mat(h.dW)));
        } else {
            json_object_set_new(row, "generic", json_null());
        }
        rc_mzas_grads_clear(&h);
        rc_mzas_grads_clear(&g);
        json_array_append_new(rows, row);
    }
    char Ls[256] = "";
    for (slong k = 0; k < nd; k++)
        snprintf(Ls + strlen(Ls), sizeof Ls - strlen(Ls), "%s%ld", k ? ", " : "", (long)dep[k]);
    rc_report_add(rep, all_zero_out ? RC_OK : RC_FAIL, NULL, NULL,
                  "%s: at mZAS (U_l = 0, W = 0) the output W z_L is 0 on all %ld samples at L = %s", name,
                  (long)m->n, Ls);
    rc_report_add(rep, all_inner_zero ? RC_OK : RC_FAIL, NULL, NULL,
                  "%s: every gradient but W's is 0 exactly at every L (V_0 and up to %ld (V_l, U_l) pairs, %s loss)",
                  name, (long)dep[nd - 1], m->xent ? "cross-entropy" : "squared");
    if (nd < 2)
        rc_report_add(rep, RC_UNDECIDED, NULL, NULL, "%s: one depth only; independence of L needs two", name);
    else
        rc_report_add(rep, same ? RC_OK : RC_FAIL, NULL, NULL,
                      "%s: W's gradient is the same %ldx%ld rational matrix at L = %s", name, (long)m->C,
                      (long)m->D, Ls);
    rc_report_add(rep, closed_ok ? RC_OK : RC_FAIL, NULL, NULL,
                  "%s: and equals dF(0) z_0^T = %s(1/n)(%sY) (V_0 X)^T, L not in it", name, "", m->xent ? "1/C - " : "-");
    if (gen_done)
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "%s: at the spec's generic point (U_l, W != 0) the inner gradients are %s and W's "
                      "gradient %s with L: the statement is mZAS's, not every point's",
                      name, gen_inner ? "nonzero" : "zero", gen_varies ? "changes" : "does not change");
    else
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "%s: generic point skipped (cross-entropy: softmax(F) is irrational for F != 0)", name);
    json_t *out = json_pack("{s:s, s:o, s:o, s:b, s:b, s:b, s:b}", "name", name, "depths", rows,
                            "grad_W_closed_form", rc_json_fmpq_mat(closed), "output_zero", all_zero_out,
                            "inner_zero", all_inner_zero, "grad_W_independent_of_L", nd >= 2 && same,
                            "matches_closed_form", closed_ok);
    json_object_set_new(out, "generic_grad_W_varies", gen_done ? json_boolean(gen_varies) : json_null());
    fmpq_mat_clear(first);
    fmpq_mat_clear(firstg);
    fmpq_mat_clear(closed);
    fmpq_mat_clear(Zt);
    fmpq_mat_clear(dF);
    return out;
}

static json_t *mat_rows_json(const fmpq_mat_t A, int transpose)
{
    json_t *a = json_array();
    slong r = transpose ? fmpq_mat_ncols(A) : fmpq_mat_nrows(A), c = transpose ? fmpq_mat_nrows(A) : fmpq_mat_ncols(A);
    for (slong i = 0; i < r; i++) {
        json_t *row = json_array();
        for (slong j = 0; j < c; j++)
            json_array_append_new(row, rc_json_fmpq(transpose ? fmpq_mat_entry(A, j, i) : fmpq_mat_entry(A, i, j)));
        json_array_append_new(a, row);
    }
    return a;
}

/* the instance in canonical form, as the checker reads it */
static json_t *canonical(const char *name, const rc_mzas_net *m, const slong *dep, slong nd)
{
    json_t *V = json_array(), *U = json_array(), *lab = json_array(), *d = json_array();
    for (slong l = 0; l < m->Lmax; l++) {
        json_array_append_new(V, mat_rows_json(m->V[l], 0));
        json_array_append_new(U, mat_rows_json(m->U[l], 0));
    }
    for (slong j = 0; j < m->n; j++)
        for (slong i = 0; i < m->C; i++)
            if (fmpq_is_one(fmpq_mat_entry(m->Y, i, j)))
                json_array_append_new(lab, json_integer(i));
    for (slong k = 0; k < nd; k++)
        json_array_append_new(d, json_integer(dep[k]));
    return json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "name", name, "loss",
                     m->xent ? "xent" : "squared", "C", (json_int_t)m->C, "X", mat_rows_json(m->X, 1),
                     "labels", lab, "V0", mat_rows_json(m->V0, 0), "V", V, "U", U, "W", mat_rows_json(m->W, 0),
                     "depths", d);
}

int rc_wu19_mzas(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    json_t *insts = rc_spec_instances(spec, "wu19.mzas", RC_LIMIT_MZAS_INSTANCES);
    if (!insts)
        return -1;
    json_t *in = json_array(), *res = json_array();
    int rc = 0;
    for (size_t k = 0; k < json_array_size(insts) && !rc; k++) {
        json_t *o = json_array_get(insts, k);
        char pre[64];
        snprintf(pre, sizeof pre, "instances[%zu]", k);
        json_t *nm = rc_spec_get(spec, o, "name", "name", 1);
        if (!nm || !json_is_string(nm)) {
            rc = nm ? rc_spec_fail(spec, pre, "expected a name") : -1;
            break;
        }
        rc_mzas_net m;
        slong *dep, nd;
        rc = rc_mzas_read(&m, &dep, &nd, spec, o, pre);
        if (!rc) {
            json_array_append_new(in, canonical(json_string_value(nm), &m, dep, nd));
            json_array_append_new(res, instance(rep, json_string_value(nm), &m, dep, nd));
        }
        free(dep);
        rc_mzas_net_clear(&m);
    }
    if (rc) {
        json_decref(in);
        json_decref(res);
        return -1;
    }
    rc_report_conclude(rep, "at the mZAS start the output is 0, only the output layer has a nonzero "
                            "gradient, and that gradient does not depend on L (%zu instance(s), exact)",
                       json_array_size(insts));
    *cert = rc_cert_new(c, spec->file, json_pack("{s:o}", "instances", in), json_pack("{s:o}", "instances", res), rep);
    return 0;
}
