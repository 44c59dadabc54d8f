/* The exact yun19 §4.1 ResNet over Q (rescheck/resnet.h). */
#include "rescheck/resnet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ---------------------------------------------------------------- */

/* A rows x cols matrix from an array of rows (rows < 0: any count up to
 * RC_LIMIT_POINTS; cols < 0: any width up to RC_LIMIT_RESNET_DIM, the same in
 * every row). M is initialised on success only. */
static int read_mat(fmpq_mat_t M, rc_spec *s, json_t *v, const char *field, slong rows,
                    slong cols)
{
    if (!json_is_array(v))
        return rc_spec_fail(s, field, "expected an array of rows");
    slong r = (slong)json_array_size(v);
    if (rows >= 0 && r != rows)
        return rc_spec_fail(s, field, "has %ld rows, expected %ld", (long)r, (long)rows);
    if (r > RC_LIMIT_POINTS || (rows < 0 && r < 1))
        return rc_spec_fail(s, field, "expected between 1 and %d rows (docs/limits.md)",
                            RC_LIMIT_POINTS);
    if (cols < 0) {
        json_t *row0 = json_array_get(v, 0);
        cols = json_is_array(row0) ? (slong)json_array_size(row0) : 0;
        if (cols < 1 || cols > RC_LIMIT_RESNET_DIM)
            return rc_spec_fail(s, field, "rows of 1 to %d entries expected (docs/limits.md)",
                                RC_LIMIT_RESNET_DIM);
    }
    fmpq_mat_init(M, r, cols);
    char sub[200];
    for (slong i = 0; i < r; i++) {
        json_t *row = json_array_get(v, (size_t)i);
        snprintf(sub, sizeof sub, "%s[%ld]", field, (long)i);
        if (!json_is_array(row) || (slong)json_array_size(row) != cols) {
            fmpq_mat_clear(M);
            return rc_spec_fail(s, sub, "expected a row of %ld numbers", (long)cols);
        }
        for (slong j = 0; j < cols; j++) {
            snprintf(sub, sizeof sub, "%s[%ld][%ld]", field, (long)i, (long)j);
            if (rc_spec_fmpq(fmpq_mat_entry(M, i, j), s, json_array_get(row, (size_t)j), sub)) {
                fmpq_mat_clear(M);
                return -1;
            }
        }
    }
    return 0;
}

/* a vector of len numbers as a len x 1 matrix */
static int read_col(fmpq_mat_t M, rc_spec *s, json_t *v, const char *field, slong len)
{
    if (!json_is_array(v) || (slong)json_array_size(v) != len)
        return rc_spec_fail(s, field, "expected an array of %ld numbers", (long)len);
    fmpq_mat_init(M, len, 1);
    char sub[200];
    for (slong i = 0; i < len; i++) {
        snprintf(sub, sizeof sub, "%s[%ld]", field, (long)i);
        if (rc_spec_fmpq(fmpq_mat_entry(M, i, 0), s, json_array_get(v, (size_t)i), sub)) {
            fmpq_mat_clear(M);
            return -1;
        }
    }
    return 0;
}

/* the number of rows of the matrix v (an array), for the dimension checks */
static slong rows_of(json_t *v)
{
    return json_is_array(v) ? (slong)json_array_size(v) : -1;
}

static void block_init_empty(rc_resnet_block *b)
{
    memset(b, 0, sizeof *b);
    fmpq_mat_init(b->V, 0, 0);
    fmpq_mat_init(b->U, 0, 0);
    fmpq_mat_init(b->A, 0, 0);
    fmpq_mat_init(b->a, 0, 0);
    fmpq_mat_init(b->W, 0, 0);
}

static void block_clear(rc_resnet_block *b)
{
    fmpq_mat_clear(b->V);
    fmpq_mat_clear(b->U);
    fmpq_mat_clear(b->A);
    fmpq_mat_clear(b->a);
    fmpq_mat_clear(b->W);
}

/* replaces the empty M by the matrix read from v */
static int read_into(fmpq_mat_t M, rc_spec *s, json_t *v, const char *field, slong rows,
                     slong cols)
{
    fmpq_mat_t T;
    if (read_mat(T, s, v, field, rows, cols))
        return -1;
    fmpq_mat_swap(M, T);
    fmpq_mat_clear(T);
    return 0;
}

static int read_col_into(fmpq_mat_t M, rc_spec *s, json_t *v, const char *field, slong len)
{
    fmpq_mat_t T;
    if (read_col(T, s, v, field, len))
        return -1;
    fmpq_mat_swap(M, T);
    fmpq_mat_clear(T);
    return 0;
}

static int read_phi(rc_phi_t *phi, rc_spec *s, json_t *blk, const char *field)
{
    const char *name = NULL;
    if (rc_spec_string(&name, s, rc_spec_get(s, blk, "phi", field, 1), field))
        return -1;
    if (!strcmp(name, "identity"))
        *phi = RC_PHI_IDENTITY;
    else if (!strcmp(name, "relu"))
        *phi = RC_PHI_RELU;
    else if (!strcmp(name, "relu-net"))
        *phi = RC_PHI_RELUNET;
    else
        return rc_spec_fail(s, field, "is \"%.40s\"; expected \"identity\", \"relu\" or "
                            "\"relu-net\"", name);
    return 0;
}

static int dim_ok(rc_spec *s, const char *field, slong d)
{
    if (d < 1 || d > RC_LIMIT_RESNET_DIM)
        return rc_spec_fail(s, field, "a dimension of %ld, expected 1 to %d (docs/limits.md)",
                            (long)d, RC_LIMIT_RESNET_DIM);
    return 0;
}

static int read_block(rc_resnet_block *b, rc_spec *s, json_t *blk, slong l, slong dx)
{
    char f[96];
#define FIELD(name) (snprintf(f, sizeof f, "blocks[%ld].%s", (long)l, name), f)
    if (!json_is_object(blk))
        return rc_spec_fail(s, FIELD(""), "expected an object {phi, V, U, ...}");
    if (read_phi(&b->phi, s, blk, FIELD("phi")))
        return -1;
    json_t *U = json_object_get(blk, "U"), *A = json_object_get(blk, "A"),
           *a = json_object_get(blk, "a"), *W = json_object_get(blk, "W");
    b->has_U = U != NULL;
    b->has_W = W != NULL;
    if (l >= 1 && !U)
        return rc_spec_fail(s, FIELD("U"), "missing (every block after the first has U)");
    b->m = U ? rows_of(U) : dx;
    if (dim_ok(s, FIELD("U"), b->m) || (U && read_into(b->U, s, U, f, b->m, dx)))
        return -1;
    if (b->phi == RC_PHI_RELUNET) {
        if (!A || !a)
            return rc_spec_fail(s, FIELD(A ? "a" : "A"), "missing (phi is \"relu-net\")");
        b->k = rows_of(A);
        if (dim_ok(s, FIELD("A"), b->k) || read_into(b->A, s, A, f, b->k, b->m) ||
            read_col_into(b->a, s, a, FIELD("a"), b->k))
            return -1;
    } else if (A || a) {
        return rc_spec_fail(s, FIELD(A ? "A" : "a"), "only a \"relu-net\" block has A and a");
    }
    b->p = b->phi == RC_PHI_RELUNET ? b->k : b->m;
    if (read_into(b->V, s, rc_spec_get(s, blk, "V", FIELD("V"), 1), FIELD("V"), dx, b->p))
        return -1;
    if (W && read_into(b->W, s, W, FIELD("W"), dx, dx))
        return -1;
    return 0;
#undef FIELD
}

static int read_loss(rc_resnet *net, rc_spec *s)
{
    const char *loss = "squared";
    json_t *lv = rc_spec_get(s, s->root, "loss", "loss", 0), *dv = json_object_get(s->root, "delta");
    if (lv && rc_spec_string(&loss, s, lv, "loss"))
        return -1;
    if (!strcmp(loss, "squared")) {
        net->loss = RC_LOSS_SQUARED;
        if (dv)
            return rc_spec_fail(s, "delta", "only the \"huber\" loss has delta");
        return 0;
    }
    if (strcmp(loss, "huber"))
        return rc_spec_fail(s, "loss", "is \"%.40s\"; expected \"squared\" or \"huber\"", loss);
    net->loss = RC_LOSS_HUBER;
    if (rc_spec_fmpq(net->delta, s, rc_spec_get(s, s->root, "delta", "delta", 1), "delta"))
        return -1;
    if (fmpq_sgn(net->delta) <= 0)
        return rc_spec_fail(s, "delta", "must be positive");
    return 0;
}

int rc_resnet_read(rc_resnet *net, rc_spec *s)
{
    memset(net, 0, sizeof *net);
    fmpq_init(net->delta);
    fmpq_mat_init(net->X, 0, 0);
    fmpq_mat_init(net->y, 0, 0);
    fmpq_mat_init(net->w, 0, 0);
    int rc = -1;
    json_t *blocks;
    if (rc_spec_check_kind(s, RC_RESNET_KIND) ||
        read_into(net->X, s, rc_spec_get(s, s->root, "X", "X", 1), "X", -1, -1))
        goto out;
    net->n = fmpq_mat_nrows(net->X);
    net->dx = fmpq_mat_ncols(net->X);
    if (read_col_into(net->y, s, rc_spec_get(s, s->root, "y", "y", 1), "y", net->n) ||
        read_col_into(net->w, s, rc_spec_get(s, s->root, "w", "w", 1), "w", net->dx) ||
        read_loss(net, s) || !(blocks = rc_spec_get(s, s->root, "blocks", "blocks", 1)))
        goto out;
    if (!json_is_array(blocks) || json_array_size(blocks) < 1 ||
        json_array_size(blocks) > RC_LIMIT_RESNET_BLOCKS) {
        rc_spec_fail(s, "blocks", "expected an array of 1 to %d blocks (docs/limits.md)",
                     RC_LIMIT_RESNET_BLOCKS);
        goto out;
    }
    net->L = (slong)json_array_size(blocks);
    net->blk = calloc((size_t)net->L, sizeof *net->blk);
    for (slong l = 0; l < net->L; l++)
        block_init_empty(net->blk + l);
    for (slong l = 0; l < net->L; l++)
        if (read_block(net->blk + l, s, json_array_get(blocks, (size_t)l), l, net->dx))
            goto out;
    if (rc_resnet_nparams(net) > RC_LIMIT_RESNET_PARAMS) {
        rc_spec_fail(s, "blocks", "%ld parameters, beyond the limit of %d (docs/limits.md)",
                     (long)rc_resnet_nparams(net), RC_LIMIT_RESNET_PARAMS);
        goto out;
    }
    rc = 0;
out:
    if (rc)
        rc_resnet_clear(net);
    return rc;
}

void rc_resnet_clear(rc_resnet *net)
{
    fmpq_mat_clear(net->X);
    fmpq_mat_clear(net->y);
    fmpq_mat_clear(net->w);
    fmpq_clear(net->delta);
    for (slong l = 0; net->blk && l < net->L; l++)
        block_clear(net->blk + l);
    free(net->blk);
    memset(net, 0, sizeof *net);
}

static void mat_init_copy(fmpq_mat_t D, const fmpq_mat_t S)
{
    fmpq_mat_init(D, fmpq_mat_nrows(S), fmpq_mat_ncols(S));
    fmpq_mat_set(D, S);
}

void rc_resnet_init_copy(rc_resnet *dst, const rc_resnet *src)
{
    *dst = *src;
    fmpq_init(dst->delta);
    fmpq_set(dst->delta, src->delta);
    mat_init_copy(dst->X, src->X);
    mat_init_copy(dst->y, src->y);
    mat_init_copy(dst->w, src->w);
    dst->blk = calloc((size_t)src->L, sizeof *dst->blk);
    for (slong l = 0; l < src->L; l++) {
        const rc_resnet_block *b = src->blk + l;
        rc_resnet_block *c = dst->blk + l;
        *c = *b;
        mat_init_copy(c->V, b->V);
        mat_init_copy(c->U, b->U);
        mat_init_copy(c->A, b->A);
        mat_init_copy(c->a, b->a);
        mat_init_copy(c->W, b->W);
    }
}

/* ---- the parameter vector ----------------------------------------------------- */

/* block l's matrices in the parameter order, with their names */
static int block_mats(fmpq_mat_struct **out, const char **names, const rc_resnet_block *b)
{
    int k = 0;
    out[k] = (fmpq_mat_struct *)b->V, names[k++] = "V";
    if (b->has_U)
        out[k] = (fmpq_mat_struct *)b->U, names[k++] = "U";
    if (b->phi == RC_PHI_RELUNET) {
        out[k] = (fmpq_mat_struct *)b->A, names[k++] = "A";
        out[k] = (fmpq_mat_struct *)b->a, names[k++] = "a";
    }
    if (b->has_W)
        out[k] = (fmpq_mat_struct *)b->W, names[k++] = "W";
    return k;
}

static slong mat_size(const fmpq_mat_struct *M)
{
    return fmpq_mat_nrows(M) * fmpq_mat_ncols(M);
}

slong rc_resnet_offset(const rc_resnet *net, slong l)
{
    slong off = net->dx;
    for (slong j = 0; j < l && j < net->L; j++) {
        fmpq_mat_struct *M[5];
        const char *nm[5];
        int k = block_mats(M, nm, net->blk + j);
        for (int t = 0; t < k; t++)
            off += mat_size(M[t]);
    }
    return off;
}

slong rc_resnet_nparams(const rc_resnet *net)
{
    return rc_resnet_offset(net, net->L);
}

/* copies between theta and the matrices: to_theta = 1 reads the network */
static void theta_copy(fmpq *theta, rc_resnet *net, int to_theta)
{
    slong j = 0;
    fmpq_mat_struct *M[6];
    const char *nm[6];
    M[0] = net->w;
    int k = 1;
    for (slong l = -1; l < net->L; l++) {
        if (l >= 0)
            k = block_mats(M, nm, net->blk + l);
        for (int t = 0; t < k; t++)
            for (slong r = 0; r < fmpq_mat_nrows(M[t]); r++)
                for (slong c = 0; c < fmpq_mat_ncols(M[t]); c++, j++) {
                    if (to_theta)
                        fmpq_set(theta + j, fmpq_mat_entry(M[t], r, c));
                    else
                        fmpq_set(fmpq_mat_entry(M[t], r, c), theta + j);
                }
    }
}

void rc_resnet_get_theta(fmpq *theta, const rc_resnet *net)
{
    theta_copy(theta, (rc_resnet *)net, 1);
}

void rc_resnet_set_theta(rc_resnet *net, const fmpq *theta)
{
    theta_copy((fmpq *)theta, net, 0);
}

void rc_resnet_param_name(char *buf, size_t size, const rc_resnet *net, slong j)
{
    if (j < net->dx) {
        snprintf(buf, size, "w[%ld]", (long)j);
        return;
    }
    j -= net->dx;
    for (slong l = 0; l < net->L; l++) {
        fmpq_mat_struct *M[5];
        const char *nm[5];
        int k = block_mats(M, nm, net->blk + l);
        for (int t = 0; t < k; t++) {
            slong sz = mat_size(M[t]), c = fmpq_mat_ncols(M[t]);
            if (j < sz) {
                if (c == 1 && nm[t][0] == 'a')
                    snprintf(buf, size, "a_%ld[%ld]", (long)(l + 1), (long)j);
                else
                    snprintf(buf, size, "%s_%ld[%ld,%ld]", nm[t], (long)(l + 1), (long)(j / c),
                             (long)(j % c));
                return;
            }
            j -= sz;
        }
    }
    snprintf(buf, size, "?");
}

/* ---- forward pass ------------------------------------------------------------ */

/* C = A B^T */
static void mul_bt(fmpq_mat_t C, const fmpq_mat_t A, const fmpq_mat_t B)
{
    fmpq_mat_t Bt;
    fmpq_mat_init(Bt, fmpq_mat_ncols(B), fmpq_mat_nrows(B));
    fmpq_mat_transpose(Bt, B);
    fmpq_mat_mul(C, A, Bt);
    fmpq_mat_clear(Bt);
}

static void relu_mat(fmpq_mat_t G, const fmpq_mat_t Z)
{
    for (slong i = 0; i < fmpq_mat_nrows(Z); i++)
        for (slong j = 0; j < fmpq_mat_ncols(Z); j++) {
            const fmpq *z = fmpq_mat_entry(Z, i, j);
            if (fmpq_sgn(z) > 0)
                fmpq_set(fmpq_mat_entry(G, i, j), z);
            else
                fmpq_zero(fmpq_mat_entry(G, i, j));
        }
}

/* block l of the pass: T, Z, G and H[l + 1] from H[l] */
static void forward_block(rc_resnet_fwd *F, const rc_resnet *net, slong l)
{
    const rc_resnet_block *b = net->blk + l;
    slong n = net->n;
    fmpq_mat_init(F->T + l, n, b->m);
    if (b->has_U)
        mul_bt(F->T + l, F->H + l, b->U);
    else
        fmpq_mat_set(F->T + l, F->H + l);
    fmpq_mat_init(F->G + l, n, b->p);
    if (b->phi == RC_PHI_IDENTITY) {
        fmpq_mat_init(F->Z + l, 0, 0);
        fmpq_mat_set(F->G + l, F->T + l);
    } else if (b->phi == RC_PHI_RELU) {
        mat_init_copy(F->Z + l, F->T + l);
        relu_mat(F->G + l, F->Z + l);
    } else {
        fmpq_mat_init(F->Z + l, n, b->k);
        mul_bt(F->Z + l, F->T + l, b->A);
        for (slong i = 0; i < n; i++)
            for (slong j = 0; j < b->k; j++)
                fmpq_add(fmpq_mat_entry(F->Z + l, i, j), fmpq_mat_entry(F->Z + l, i, j),
                         fmpq_mat_entry(b->a, j, 0));
        relu_mat(F->G + l, F->Z + l);
    }
    fmpq_mat_init(F->H + l + 1, n, net->dx);
    mul_bt(F->H + l + 1, F->G + l, b->V);
    fmpq_mat_t S;
    fmpq_mat_init(S, n, net->dx);
    if (b->has_W)
        mul_bt(S, F->H + l, b->W);
    else
        fmpq_mat_set(S, F->H + l);
    fmpq_mat_add(F->H + l + 1, F->H + l + 1, S);
    fmpq_mat_clear(S);
}

void rc_resnet_forward(rc_resnet_fwd *F, const rc_resnet *net)
{
    slong L = net->L, n = net->n;
    F->L = L;
    F->H = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)(L + 1));
    F->T = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)L);
    F->Z = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)L);
    F->G = flint_malloc(sizeof(fmpq_mat_struct) * (size_t)L);
    mat_init_copy(F->H, net->X);
    for (slong l = 0; l < L; l++)
        forward_block(F, net, l);
    fmpq_mat_init(F->f, n, 1);
    fmpq_mat_mul(F->f, F->H + L, net->w);
    fmpq_init(F->risk);
    fmpq_t li, d1, d2;
    fmpq_init(li), fmpq_init(d1), fmpq_init(d2);
    for (slong i = 0; i < n; i++) {
        rc_resnet_loss(li, d1, d2, net, fmpq_mat_entry(F->f, i, 0), fmpq_mat_entry(net->y, i, 0));
        fmpq_add(F->risk, F->risk, li);
    }
    fmpz_t nn;
    fmpz_init_set_si(nn, n);
    fmpq_div_fmpz(F->risk, F->risk, nn);
    fmpz_clear(nn);
    fmpq_clear(li), fmpq_clear(d1), fmpq_clear(d2);
}

void rc_resnet_fwd_clear(rc_resnet_fwd *F)
{
    for (slong l = 0; l < F->L; l++) {
        fmpq_mat_clear(F->T + l);
        fmpq_mat_clear(F->Z + l);
        fmpq_mat_clear(F->G + l);
    }
    for (slong l = 0; l <= F->L; l++)
        fmpq_mat_clear(F->H + l);
    flint_free(F->H);
    flint_free(F->T);
    flint_free(F->Z);
    flint_free(F->G);
    fmpq_mat_clear(F->f);
    fmpq_clear(F->risk);
}

/* ---- loss ------------------------------------------------------------------ */

int rc_resnet_loss(fmpq_t l, fmpq_t d1, fmpq_t d2, const rc_resnet *net, const fmpq_t p,
                   const fmpq_t y)
{
    fmpq_t r;
    fmpq_init(r);
    fmpq_sub(r, p, y);
    int kink = 0;
    if (net->loss == RC_LOSS_SQUARED) {
        fmpq_mul(l, r, r);
        fmpq_mul_si(d1, r, 2);
        fmpq_set_si(d2, 2, 1);
    } else {
        fmpq_t a;
        fmpq_init(a);
        fmpq_abs(a, r);
        int c = fmpq_cmp(a, net->delta);
        if (c <= 0) { /* r^2/2 */
            fmpq_mul(l, r, r);
            fmpq_div_2exp(l, l, 1);
            fmpq_set(d1, r);
            fmpq_set_si(d2, 1, 1);
        } else { /* delta (|r| - delta/2) */
            fmpq_div_2exp(l, net->delta, 1);
            fmpq_sub(l, a, l);
            fmpq_mul(l, l, net->delta);
            fmpq_set(d1, net->delta);
            if (fmpq_sgn(r) < 0)
                fmpq_neg(d1, d1);
            fmpq_zero(d2);
        }
        if (c == 0) {
            kink = 1;
            fmpq_zero(d2);
        }
        fmpq_clear(a);
    }
    fmpq_clear(r);
    return kink;
}

/* ---- smoothness ------------------------------------------------------------- */

void rc_resnet_smooth_init(rc_resnet_smooth *S)
{
    memset(S, 0, sizeof *S);
    fmpq_init(S->min_abs);
}

void rc_resnet_smooth_clear(rc_resnet_smooth *S)
{
    fmpq_clear(S->min_abs);
}

void rc_resnet_smoothness(rc_resnet_smooth *S, const rc_resnet *net, const rc_resnet_fwd *F)
{
    S->relu_units = 0;
    S->sample = S->block = S->unit = -1;
    S->huber_kink_sample = -1;
    fmpq_zero(S->min_abs);
    fmpq_t a;
    fmpq_init(a);
    for (slong l = 0; l < net->L; l++) {
        const fmpq_mat_struct *Z = F->Z + l;
        for (slong i = 0; i < fmpq_mat_nrows(Z); i++)
            for (slong j = 0; j < fmpq_mat_ncols(Z); j++) {
                fmpq_abs(a, fmpq_mat_entry(Z, i, j));
                if (S->relu_units++ == 0 || fmpq_cmp(a, S->min_abs) < 0) {
                    fmpq_set(S->min_abs, a);
                    S->sample = i, S->block = l + 1, S->unit = j;
                }
            }
    }
    fmpq_t l0, d1, d2;
    fmpq_init(l0), fmpq_init(d1), fmpq_init(d2);
    for (slong i = 0; i < net->n && net->loss == RC_LOSS_HUBER && S->huber_kink_sample < 0; i++)
        if (rc_resnet_loss(l0, d1, d2, net, fmpq_mat_entry(F->f, i, 0), fmpq_mat_entry(net->y, i, 0)))
            S->huber_kink_sample = i;
    fmpq_clear(l0), fmpq_clear(d1), fmpq_clear(d2);
    fmpq_clear(a);
    S->twice_diff = (S->relu_units == 0 || !fmpq_is_zero(S->min_abs)) && S->huber_kink_sample < 0;
}
