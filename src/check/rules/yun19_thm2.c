/* Rule yun19.thm2/1: Theorem 2's analysis of each instance, recomputed with
 * the checker's own code. The network is re-read from the inputs; every
 * derivative comes from second-order jets (value, d/da, d/db, d^2/dadb) pushed
 * through the forward pass, one pass per sample and parameter pair, an
 * independent method from the prover's reverse pass. The witnesses (LDL^T
 * inertia, negative curvature, ranks) are verified by the kernel and, once
 * verified, taken as they are. */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/limits.h"

#include <string.h>

#include <flint/fmpq_vec.h>

typedef struct {
    int phi; /* 0 identity, 1 relu, 2 relu-net */
    slong m, k, p, V, U, A, a, W; /* offsets into theta, -1 when absent */
} blk_t;

typedef struct {
    slong n, d, L, P;
    fmpq_mat_t X, y;
    blk_t *b;
    fmpq *th;
    int huber;
    fmpq_t delta;
} net_t;

typedef struct {
    fmpq c[4]; /* 1, s, t, st */
} jet;

static void jinit(jet *x, slong n)
{
    for (slong i = 0; i < n; i++)
        for (int k = 0; k < 4; k++)
            fmpq_init(x[i].c + k);
}
static void jclear(jet *x, slong n)
{
    for (slong i = 0; i < n; i++)
        for (int k = 0; k < 4; k++)
            fmpq_clear(x[i].c + k);
}
/* r += x y */
static void jaddmul(jet *r, const jet *x, const jet *y)
{
    fmpq_addmul(r->c + 0, x->c + 0, y->c + 0);
    fmpq_addmul(r->c + 1, x->c + 0, y->c + 1), fmpq_addmul(r->c + 1, x->c + 1, y->c + 0);
    fmpq_addmul(r->c + 2, x->c + 0, y->c + 2), fmpq_addmul(r->c + 2, x->c + 2, y->c + 0);
    fmpq_addmul(r->c + 3, x->c + 0, y->c + 3), fmpq_addmul(r->c + 3, x->c + 3, y->c + 0);
    fmpq_addmul(r->c + 3, x->c + 1, y->c + 2), fmpq_addmul(r->c + 3, x->c + 2, y->c + 1);
}
static void jset(jet *r, const jet *x)
{
    for (int k = 0; k < 4; k++)
        fmpq_set(r->c + k, x->c + k);
}
static void jzero(jet *r)
{
    for (int k = 0; k < 4; k++)
        fmpq_zero(r->c + k);
}
/* parameter j as a jet in the directions e_a (s) and e_b (t) */
static void jparam(jet *r, const net_t *N, slong j, slong a, slong b)
{
    jzero(r);
    fmpq_set(r->c, N->th + j);
    if (j == a)
        fmpq_one(r->c + 1);
    if (j == b)
        fmpq_one(r->c + 2);
}

/* ---- reading ---------------------------------------------------------------- */

/* obj holds only keys from the space-separated list (some are optional) */
static int only_keys(ck_t *ck, const json_t *obj, const char *path, const char *keys)
{
    char child[CK_PATH];
    if (!json_is_object(obj))
        return ck_fail(ck, path, "expected an object");
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)obj, key, val) {
        size_t n = strlen(key);
        const char *k = keys;
        int found = 0;
        while (*k && !found) {
            size_t len = strcspn(k, " ");
            found = len == n && !strncmp(k, key, n);
            k += len + (k[len] == ' ');
        }
        if (!found) {
            ck_pathf(child, "%s.%.60s", path, key);
            return ck_fail(ck, child, "unexpected field");
        }
    }
    return 0;
}

static int read_mat(ck_t *ck, net_t *N, slong *off, slong r, slong c, const json_t *j,
                    const char *path)
{
    fmpq_mat_t M;
    fmpq_mat_init(M, r, c);
    int rc = ck_qmat(ck, M, j, path);
    if (!rc) {
        *off = N->P;
        N->th = realloc(N->th, sizeof(fmpq) * (size_t)(N->P + r * c));
        for (slong i = 0; i < r; i++)
            for (slong k = 0; k < c; k++) {
                fmpq_init(N->th + N->P);
                fmpq_set(N->th + N->P++, fmpq_mat_entry(M, i, k));
            }
    }
    fmpq_mat_clear(M);
    return rc;
}

static slong nrows(const json_t *j)
{
    return json_is_array(j) ? (slong)json_array_size(j) : -1;
}

static int read_block(ck_t *ck, net_t *N, blk_t *b, const json_t *jb, slong l, const char *path)
{
    char p[CK_PATH];
    if (only_keys(ck, jb, path, "phi V U A a W"))
        return -1;
    const json_t *phi = json_object_get(jb, "phi"), *U = json_object_get(jb, "U"),
                 *A = json_object_get(jb, "A"), *a = json_object_get(jb, "a"),
                 *W = json_object_get(jb, "W");
    const char *s = json_is_string(phi) ? json_string_value(phi) : "";
    b->phi = !strcmp(s, "identity") ? 0 : !strcmp(s, "relu") ? 1 : !strcmp(s, "relu-net") ? 2 : -1;
    ck_pathf(p, "%s.phi", path);
    if (b->phi < 0)
        return ck_fail(ck, p, "expected identity, relu or relu-net");
    b->U = b->A = b->a = b->W = -1;
    b->m = U ? nrows(U) : N->d;
    ck_pathf(p, "%s.U", path);
    if ((l > 0 && !U) || b->m < 1 || b->m > RC_LIMIT_RESNET_DIM)
        return ck_fail(ck, p, "missing or of a bad size");
    b->k = b->phi == 2 ? nrows(A) : 0;
    ck_pathf(p, "%s.A", path);
    if ((b->phi == 2) != (A != NULL) || (b->phi == 2) != (a != NULL) ||
        (b->phi == 2 && (b->k < 1 || b->k > RC_LIMIT_RESNET_DIM)))
        return ck_fail(ck, p, "A and a belong to relu-net blocks, of 1 to %d rows", RC_LIMIT_RESNET_DIM);
    b->p = b->phi == 2 ? b->k : b->m;
    char q[CK_PATH];
    ck_pathf(p, "%s.V", path);
    if (read_mat(ck, N, &b->V, N->d, b->p, json_object_get(jb, "V"), p))
        return -1;
    ck_pathf(p, "%s.U", path);
    if (U && read_mat(ck, N, &b->U, b->m, N->d, U, p))
        return -1;
    ck_pathf(p, "%s.A", path);
    ck_pathf(q, "%s.a", path);
    if (A && (read_mat(ck, N, &b->A, b->k, b->m, A, p)))
        return -1;
    if (a) { /* a vector: read as a column */
        json_t *col = json_array();
        for (size_t i = 0; json_is_array(a) && i < json_array_size(a); i++)
            json_array_append_new(col, json_pack("[O]", json_array_get(a, i)));
        int rc = json_is_array(a) ? read_mat(ck, N, &b->a, b->k, 1, col, q) : ck_fail(ck, q, "expected an array");
        json_decref(col);
        if (rc)
            return -1;
    }
    ck_pathf(p, "%s.W", path);
    if (W && read_mat(ck, N, &b->W, N->d, N->d, W, p))
        return -1;
    return 0;
}

static int read_vec_col(ck_t *ck, fmpq_mat_t M, slong n, const json_t *j, const char *path)
{
    char p[CK_PATH];
    if (ck_array(ck, j, n, path) < 0)
        return -1;
    for (slong i = 0; i < n; i++) {
        ck_pathf(p, "%s[%ld]", path, (long)i);
        if (ck_q(ck, fmpq_mat_entry(M, i, 0), json_array_get(j, i), p))
            return -1;
    }
    return 0;
}

static int net_read(ck_t *ck, net_t *N, const json_t *sp, const char *path)
{
    char p[CK_PATH];
    memset(N, 0, sizeof *N);
    fmpq_init(N->delta);
    if (only_keys(ck, sp, path, "kind X y blocks w loss delta"))
        return -1;
    const json_t *kind = json_object_get(sp, "kind");
    ck_pathf(p, "%s.kind", path);
    if (!json_is_string(kind) || strcmp(json_string_value(kind), "yun19.resnet"))
        return ck_fail(ck, p, "expected \"yun19.resnet\"");
    const json_t *X = json_object_get(sp, "X"), *bl = json_object_get(sp, "blocks"),
                 *loss = json_object_get(sp, "loss");
    N->n = nrows(X);
    N->d = N->n > 0 ? nrows(json_array_get(X, 0)) : -1;
    N->L = nrows(bl);
    ck_pathf(p, "%s.X", path);
    if (N->n < 1 || N->n > RC_LIMIT_POINTS || N->d < 1 || N->d > RC_LIMIT_RESNET_DIM)
        return ck_fail(ck, p, "of a bad size");
    ck_pathf(p, "%s.blocks", path);
    if (N->L < 1 || N->L > RC_LIMIT_RESNET_BLOCKS)
        return ck_fail(ck, p, "1 to %d blocks expected", RC_LIMIT_RESNET_BLOCKS);
    fmpq_mat_init(N->X, N->n, N->d);
    fmpq_mat_init(N->y, N->n, 1);
    N->b = calloc((size_t)N->L, sizeof *N->b);
    ck_pathf(p, "%s.X", path);
    if (ck_qmat(ck, N->X, X, p))
        return -1;
    ck_pathf(p, "%s.y", path);
    if (read_vec_col(ck, N->y, N->n, json_object_get(sp, "y"), p))
        return -1;
    fmpq_mat_t w;
    fmpq_mat_init(w, N->d, 1);
    ck_pathf(p, "%s.w", path);
    int rc = read_vec_col(ck, w, N->d, json_object_get(sp, "w"), p);
    N->th = malloc(sizeof(fmpq) * (size_t)N->d);
    for (slong i = 0; i < N->d; i++) {
        fmpq_init(N->th + i);
        fmpq_set(N->th + i, fmpq_mat_entry(w, i, 0));
    }
    N->P = N->d;
    fmpq_mat_clear(w);
    for (slong l = 0; l < N->L && !rc; l++) {
        ck_pathf(p, "%s.blocks[%ld]", path, (long)l);
        rc = read_block(ck, N, N->b + l, json_array_get(bl, l), l, p);
    }
    ck_pathf(p, "%s.loss", path);
    const char *ls = json_is_string(loss) ? json_string_value(loss) : ""; /* canonical: always there */
    N->huber = !strcmp(ls, "huber");
    if (!rc && !N->huber && strcmp(ls, "squared"))
        return ck_fail(ck, p, "expected squared or huber");
    ck_pathf(p, "%s.delta", path);
    if (!rc && N->huber && (ck_q(ck, N->delta, json_object_get(sp, "delta"), p) || fmpq_sgn(N->delta) <= 0))
        return ck_fail(ck, p, "Huber needs a positive delta");
    ck_pathf(p, "%s.blocks", path);
    if (!rc && N->P > RC_LIMIT_RESNET_PARAMS)
        return ck_fail(ck, p, "more than %d parameters", RC_LIMIT_RESNET_PARAMS);
    return rc;
}

static void net_clear(net_t *N)
{
    if (N->b) {
        fmpq_mat_clear(N->X);
        fmpq_mat_clear(N->y);
    }
    for (slong j = 0; j < N->P; j++)
        fmpq_clear(N->th + j);
    free(N->th);
    free(N->b);
    fmpq_clear(N->delta);
}

/* ---- the forward pass of one sample in jets --------------------------------- */

/* f(x_i) as a jet in (e_a, e_b); *zero set when a ReLU argument is 0, minabs
 * (when not NULL) lowered to the smallest |ReLU argument| (*have: one seen) */
typedef struct {
    fmpq_t abs;
    slong sample, block, unit, count;
} mn_t;

static void forward(jet *f, const net_t *N, slong i, slong a, slong b, int *zero, mn_t *mn)
{
    slong d = N->d;
    jet *h = malloc(sizeof(jet) * (size_t)d), *h2 = malloc(sizeof(jet) * (size_t)d), par;
    jinit(h, d), jinit(h2, d), jinit(&par, 1);
    for (slong k = 0; k < d; k++)
        fmpq_set(h[k].c, fmpq_mat_entry(N->X, i, k));
    for (slong l = 0; l < N->L; l++) {
        const blk_t *B = N->b + l;
        jet *t = malloc(sizeof(jet) * (size_t)B->m), *z = malloc(sizeof(jet) * (size_t)B->p);
        jinit(t, B->m), jinit(z, B->p);
        for (slong r = 0; r < B->m; r++) {
            if (B->U < 0) {
                jset(t + r, h + r);
                continue;
            }
            for (slong k = 0; k < d; k++) {
                jparam(&par, N, B->U + r * d + k, a, b);
                jaddmul(t + r, &par, h + k);
            }
        }
        for (slong r = 0; r < B->p; r++) {
            if (B->phi == 2) { /* z = A t + a */
                jparam(z + r, N, B->a + r, a, b);
                for (slong k = 0; k < B->m; k++) {
                    jparam(&par, N, B->A + r * B->m + k, a, b);
                    jaddmul(z + r, &par, t + k);
                }
            } else {
                jset(z + r, t + r);
            }
            if (B->phi == 0)
                continue;
            int s = fmpq_sgn(z[r].c);
            *zero |= s == 0;
            if (mn) { /* the smallest |z|, first in (block, sample, unit) order */
                fmpq_t q;
                fmpq_init(q);
                fmpq_abs(q, z[r].c);
                int c = mn->count ? fmpq_cmp(q, mn->abs) : -1;
                if (c < 0 || (c == 0 && (l + 1 < mn->block || (l + 1 == mn->block && i < mn->sample))))
                    fmpq_set(mn->abs, q), mn->sample = i, mn->block = l + 1, mn->unit = r;
                mn->count++;
                fmpq_clear(q);
            }
            if (s <= 0)
                jzero(z + r);
        }
        for (slong k = 0; k < d; k++) { /* h2 = S h + V z */
            jzero(h2 + k);
            if (B->W < 0)
                jset(h2 + k, h + k);
            else
                for (slong c = 0; c < d; c++) {
                    jparam(&par, N, B->W + k * d + c, a, b);
                    jaddmul(h2 + k, &par, h + c);
                }
            for (slong c = 0; c < B->p; c++) {
                jparam(&par, N, B->V + k * B->p + c, a, b);
                jaddmul(h2 + k, &par, z + c);
            }
        }
        for (slong k = 0; k < d; k++)
            jset(h + k, h2 + k);
        jclear(t, B->m), jclear(z, B->p);
        free(t), free(z);
    }
    jzero(f);
    for (slong k = 0; k < d; k++) {
        jparam(&par, N, k, a, b);
        jaddmul(f, &par, h + k);
    }
    jclear(h, d), jclear(h2, d), jclear(&par, 1);
    free(h), free(h2);
}

/* l, l', l'' at the prediction p for target y; 1 at Huber's kink */
static int loss(fmpq_t l, fmpq_t d1, fmpq_t d2, const net_t *N, const fmpq_t p, const fmpq_t y)
{
    fmpq_t r, a;
    fmpq_init(r), fmpq_init(a);
    fmpq_sub(r, p, y);
    fmpq_abs(a, r);
    int c = N->huber ? fmpq_cmp(a, N->delta) : -1;
    if (!N->huber) { /* (p - y)^2 */
        fmpq_mul(l, r, r), fmpq_add(d1, r, r), fmpq_set_si(d2, 2, 1);
    } else if (c <= 0) { /* r^2 / 2 */
        fmpq_mul(l, r, r), fmpq_div_2exp(l, l, 1), fmpq_set(d1, r), fmpq_set_si(d2, c < 0, 1);
    } else { /* delta |r| - delta^2 / 2 */
        fmpq_mul(l, N->delta, a);
        fmpq_mul(a, N->delta, N->delta), fmpq_div_2exp(a, a, 1), fmpq_sub(l, l, a);
        fmpq_set(d1, N->delta);
        if (fmpq_sgn(r) < 0)
            fmpq_neg(d1, d1);
        fmpq_zero(d2);
    }
    fmpq_clear(r), fmpq_clear(a);
    return c == 0;
}

/* min over t of (1/n)|Phi t - y|^2 as y^T y - b^T G^+ b over n, by the
 * normal equations solved on a basis of independent columns */
static void lsq_risk(fmpq_t out, const fmpq_mat_t Phi, const fmpq_mat_t y)
{
    slong n = fmpq_mat_nrows(Phi), d = fmpq_mat_ncols(Phi);
    fmpq_mat_t R;
    fmpq_mat_init(R, n, d + 1);
    for (slong i = 0; i < n; i++) {
        for (slong j = 0; j < d; j++)
            fmpq_set(fmpq_mat_entry(R, i, j), fmpq_mat_entry(Phi, i, j));
        fmpq_set(fmpq_mat_entry(R, i, d), fmpq_mat_entry(y, i, 0));
    }
    /* Gram-Schmidt-free: the residual of y after projecting on col(Phi) is
       the last column of the Gram matrix's Schur complement */
    fmpq_mat_t G, Rt;
    fmpq_mat_init(Rt, d + 1, n);
    fmpq_mat_init(G, d + 1, d + 1);
    fmpq_mat_transpose(Rt, R);
    fmpq_mat_mul(G, Rt, R);
    fmpq_t piv, f;
    fmpq_init(piv), fmpq_init(f);
    for (slong k = 0; k < d; k++) { /* symmetric elimination; a 0 pivot means a dependent column */
        if (fmpq_is_zero(fmpq_mat_entry(G, k, k)))
            continue;
        fmpq_set(piv, fmpq_mat_entry(G, k, k));
        for (slong i = k + 1; i <= d; i++) {
            fmpq_div(f, fmpq_mat_entry(G, i, k), piv);
            for (slong j = k; j <= d; j++)
                fmpq_submul(fmpq_mat_entry(G, i, j), f, fmpq_mat_entry(G, k, j));
        }
    }
    fmpz_t nn;
    fmpz_init_set_si(nn, n);
    fmpq_div_fmpz(out, fmpq_mat_entry(G, d, d), nn);
    fmpz_clear(nn);
    fmpq_clear(piv), fmpq_clear(f);
    fmpq_mat_clear(R), fmpq_mat_clear(Rt), fmpq_mat_clear(G);
}

/* ---- the rule ------------------------------------------------------------- */

static const char *classify(int critical, const slong in[3])
{
    if (!critical)
        return "not a critical point";
    if (in[0] > 0)
        return "strict saddle";
    if (in[1] == 0)
        return "local minimum (second-order test: H positive definite)";
    return "degenerate (H positive semidefinite and singular: the second-order test is inconclusive)";
}

/* R_lin over X (bias 0) or [X 1] */
static void r_lin(fmpq_t out, const net_t *N, int bias)
{
    fmpq_mat_t Phi;
    fmpq_mat_init(Phi, N->n, N->d + bias);
    for (slong i = 0; i < N->n; i++) {
        for (slong j = 0; j < N->d; j++)
            fmpq_set(fmpq_mat_entry(Phi, i, j), fmpq_mat_entry(N->X, i, j));
        if (bias)
            fmpq_one(fmpq_mat_entry(Phi, i, N->d));
    }
    lsq_risk(out, Phi, N->y);
    fmpq_mat_clear(Phi);
}

/* risk, gradient, Hessian (P x P) and sum_i l'' h h^T is not needed: M is
 * built from the jets' values of h? -- M needs h_L: recomputed from the
 * w-derivatives, df/dw_k = h_L,k */
static int instance(ck_t *ck, json_t *res, ck_verdict *v, net_t *N, const json_t *cres,
                    const char *path)
{
    slong n = N->n, P = N->P, d = N->d;
    char p[CK_PATH];
    fmpz_t nn;
    fmpz_init_set_si(nn, n);
    fmpq *f = _fmpq_vec_init(n), *d1 = _fmpq_vec_init(n), *d2 = _fmpq_vec_init(n);
    fmpq_t risk, l, q, rl, rlb;
    fmpq_init(risk), fmpq_init(l), fmpq_init(q), fmpq_init(rl), fmpq_init(rlb);
    mn_t mn;
    memset(&mn, 0, sizeof mn);
    fmpq_init(mn.abs);
    int zero = 0, kink = 0, ret = -1;
    jet J;
    jinit(&J, 1);
    for (slong i = 0; i < n; i++) {
        forward(&J, N, i, -1, -1, &zero, &mn);
        fmpq_set(f + i, J.c);
        kink |= loss(l, d1 + i, d2 + i, N, f + i, fmpq_mat_entry(N->y, i, 0));
        fmpq_add(risk, risk, l);
    }
    fmpq_div_fmpz(risk, risk, nn);
    r_lin(rl, N, 0), r_lin(rlb, N, 1);
    json_object_set_new(res, "risk", rc_json_fmpq(risk));
    json_object_set_new(res, "outputs", rc_json_fmpq_row(f, n)); /* f(x_i), the jets' values */
    json_object_set_new(res, "R_lin", rc_json_fmpq(rl));
    json_object_set_new(res, "R_lin_biased", rc_json_fmpq(rlb));
    json_object_set_new(res, "parameters", json_integer(P));
    json_object_set_new(res, "relu_units", json_integer(mn.count));
    if (mn.count)
        json_object_set_new(res, "smallest_preactivation",
                            json_pack("{s:o, s:I, s:I, s:I}", "abs", rc_json_fmpq(mn.abs), "sample",
                                      (json_int_t)mn.sample, "block", (json_int_t)mn.block, "unit",
                                      (json_int_t)mn.unit));
    json_object_set_new(res, "twice_differentiable", json_boolean(!zero && !kink));
    if (zero || kink) {
        json_object_set_new(res, "classification", json_string("not twice differentiable"));
        ret = 0;
        goto done;
    }
    /* gradient and Hessian: H_ab = (1/n) sum l'' f_a f_b + l' f_ab */
    fmpq_mat_t H, M, C;
    fmpq *g = _fmpq_vec_init(P);
    fmpq_mat_init(H, P, P);
    fmpq_mat_init(M, d, d);
    fmpq_mat_t Hl; /* h_L(x_i) = df/dw */
    fmpq_mat_init(Hl, n, d);
    for (slong a = 0; a < P; a++)
        for (slong b = a; b < P; b++)
            for (slong i = 0; i < n; i++) {
                forward(&J, N, i, a, b, &zero, NULL);
                fmpq_mul(q, d2 + i, J.c + 1);
                fmpq_mul(q, q, J.c + 2);
                fmpq_addmul(q, d1 + i, J.c + 3);
                fmpq_add(fmpq_mat_entry(H, a, b), fmpq_mat_entry(H, a, b), q);
                if (b == a + 0 && a == b) {
                    fmpq_addmul(g + a, d1 + i, J.c + 1);
                    if (a < d)
                        fmpq_set(fmpq_mat_entry(Hl, i, a), J.c + 1);
                }
            }
    int critical = 1;
    for (slong a = 0; a < P; a++) {
        fmpq_div_fmpz(g + a, g + a, nn);
        critical &= fmpq_is_zero(g + a);
        for (slong b = a; b < P; b++) {
            fmpq_div_fmpz(fmpq_mat_entry(H, a, b), fmpq_mat_entry(H, a, b), nn);
            fmpq_set(fmpq_mat_entry(H, b, a), fmpq_mat_entry(H, a, b));
        }
    }
    json_t *gj = json_array();
    for (slong a = 0; a < P; a++)
        json_array_append_new(gj, rc_json_fmpq(g + a));
    json_object_set_new(res, "gradient", gj);
    json_object_set_new(res, "critical", json_boolean(critical));
    slong in[3], rM, rU, sum_m = 0;
    ck_pathf(p, "%s.hessian_ldl", path);
    if (ck_ldl_inertia(ck, in, H, json_object_get(cres, "hessian_ldl"), p))
        goto fail;
    json_object_set_new(res, "hessian_ldl", json_deep_copy(json_object_get(cres, "hessian_ldl")));
    json_object_set_new(res, "inertia", json_pack("{s:I, s:I, s:I}", "negative", (json_int_t)in[0],
                                                  "zero", (json_int_t)in[1], "positive", (json_int_t)in[2]));
    if (in[0] > 0) {
        ck_pathf(p, "%s.negative_curvature", path);
        if (ck_negative_curvature(ck, q, H, json_object_get(cres, "negative_curvature"), p))
            goto fail;
        json_object_set_new(res, "negative_curvature", json_deep_copy(json_object_get(cres, "negative_curvature")));
        json_object_set_new(res, "vHv", rc_json_fmpq(q));
    }
    for (slong i = 0; i < n; i++)
        for (slong a = 0; a < d; a++)
            for (slong b = 0; b < d; b++) {
                fmpq_mul(q, d2 + i, fmpq_mat_entry(Hl, i, a));
                fmpq_addmul(fmpq_mat_entry(M, a, b), q, fmpq_mat_entry(Hl, i, b));
            }
    for (slong l2 = 1; l2 < N->L; l2++)
        sum_m += N->b[l2].m;
    fmpq_mat_init(C, d, sum_m);
    for (slong l2 = 1, c = 0; l2 < N->L; l2++)
        for (slong r = 0; r < N->b[l2].m; r++, c++)
            for (slong a = 0; a < d; a++)
                fmpq_set(fmpq_mat_entry(C, a, c), N->th + N->b[l2].U + r * d + a);
    ck_pathf(p, "%s.representation_rank", path);
    int bad = ck_rank(ck, &rM, M, json_object_get(cres, "representation_rank"), p);
    ck_pathf(p, "%s.parameter_rank", path);
    bad = bad || ck_rank(ck, &rU, C, json_object_get(cres, "parameter_rank"), p);
    fmpq_mat_clear(C);
    if (bad)
        goto fail;
    json_object_set_new(res, "representation_rank", json_deep_copy(json_object_get(cres, "representation_rank")));
    json_object_set_new(res, "parameter_rank", json_deep_copy(json_object_get(cres, "parameter_rank")));
    json_object_set_new(res, "sum_m", json_integer(sum_m));
    int h1 = rM == d, h2 = rU < d, form = N->b[0].U < 0, sq = !N->huber;
    for (slong l2 = 0; l2 < N->L; l2++)
        form &= N->b[l2].W < 0;
    int le = fmpq_cmp(risk, rl) <= 0, ce = critical && h1 && h2 && form && sq && !(le || in[0] > 0);
    json_object_set_new(res, "hypotheses", json_pack("{s:b, s:b, s:b, s:b, s:b}", "representation_coverage",
                        h1, "parameter_coverage", h2, "corollary3", sum_m < d, "paper_form", form,
                        "squared_loss", sq));
    json_object_set_new(res, "conclusion", json_pack("{s:b, s:b}", "risk_le_R_lin", le,
                                                     "negative_eigenvalue", in[0] > 0));
    json_object_set_new(res, "classification", json_string(classify(critical, in)));
    json_object_set_new(res, "counterexample", json_boolean(ce));
    ck_state(v, ce ? CK_FAIL : CK_OK, "%s: a counterexample to Theorem 2", path);
    ret = 0;
fail:
    _fmpq_vec_clear(g, P);
    fmpq_mat_clear(H), fmpq_mat_clear(M), fmpq_mat_clear(Hl);
done:
    jclear(&J, 1);
    _fmpq_vec_clear(f, n), _fmpq_vec_clear(d1, n), _fmpq_vec_clear(d2, n);
    fmpq_clear(risk), fmpq_clear(l), fmpq_clear(q), fmpq_clear(rl), fmpq_clear(rlb);
    fmpq_clear(mn.abs);
    fmpz_clear(nn);
    return ret;
}

/* instance k's name is a string no instance before it has (names are labels:
   the report refers to instances by them) */
static int distinct_name(ck_t *ck, const json_t *I, slong k)
{
    char p[CK_PATH];
    const json_t *name = json_object_get(json_array_get(I, k), "name");
    ck_pathf(p, "inputs.instances[%ld].name", (long)k);
    if (!json_is_string(name))
        return ck_fail(ck, p, "expected a string");
    for (slong j = 0; j < k; j++)
        if (json_equal((json_t *)name, json_object_get(json_array_get(I, j), "name")))
            return ck_fail(ck, p, "names instance %ld too", (long)j);
    return 0;
}

int ck_yun19_thm2(ck_t *ck, int variant, const char *claim, const json_t *in,
                  const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant, (void)claim;
    char p[CK_PATH];
    const json_t *I = json_object_get(in, "instances"), *R = json_object_get(results, "instances");
    slong N = ck_instances(ck, in, RC_LIMIT_RESNET_INSTANCES);
    if (N < 0 || ck_array(ck, R, N, "results.instances") < 0)
        return -1;
    json_t *out = json_array();
    int rc = 0;
    for (slong k = 0; k < N && !rc; k++) {
        const json_t *o = json_array_get(I, k);
        ck_pathf(p, "inputs.instances[%ld]", (long)k);
        rc = ck_keys(ck, o, p, "name spec") || distinct_name(ck, I, k);
        net_t net;
        memset(&net, 0, sizeof net);
        fmpq_init(net.delta);
        ck_pathf(p, "inputs.instances[%ld].spec", (long)k);
        if (!rc)
            rc = net_read(ck, &net, json_object_get(o, "spec"), p);
        double P = (double)net.P, n = (double)net.n;
        if (!rc)
            /* jets (P^3 n) and the LDL^T check, whose entries grow: about
               2.7e-9 P^4 n s in all, measured (bench/landscape.py) */
            rc = ck_cost(ck, p, 3.5e-9 * P * P * P * P * n,
                         "the jets of every parameter pair and the LDL^T check");
        json_t *res = json_object();
        ck_pathf(p, "results.instances[%ld]", (long)k);
        if (!rc)
            rc = instance(ck, res, v, &net, json_array_get(R, k), p);
        json_array_append_new(out, res);
        net_clear(&net);
    }
    if (rc) {
        json_decref(out);
        return -1;
    }
    *expected = json_pack("{s:o}", "instances", out);
    return 0;
}
