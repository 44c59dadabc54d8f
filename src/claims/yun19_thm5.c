/* yun19 §5.2, Theorem 5, checked from below on tiny samples: for every sign
 * vector eps a network of the class F_L, proposed by the float search and
 * rationalised, scaled into the class and evaluated over Q, so that the
 * average of the exact values is a certified lower bound on the empirical
 * Rademacher complexity; against the upper bound B prod(1 + 2 M_l^2)/sqrt(n).
 * L = 0 (f = w^T x) is computed exactly: sup over ||w|| <= 1 of w^T v = ||v||. */
#include "rescheck/progress.h"
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/qrho.h"
#include "rescheck/resnet.h"
#include "yun19_thm5.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arb.h>
#include <flint/fmpq_vec.h>

#define THM5_PREC 128   /* the Arb values the certificate prints */
#define THM5_DIGITS 20
#define THM5_MAX_PREC 4096 /* the L = 0 comparison refines up to this */

typedef struct {
    slong L;
    fmpq *M2;       /* M_l^2 */
    double *M;      /* M_l, for the search */
    slong *m;       /* widths */
    json_t *user;   /* the spec's witnesses, or NULL */
    char field[48]; /* "classes[k]" */
} rad_class;

typedef struct {
    slong n, d, ncls;
    fmpq *X; /* n x d */
    double *Xf;
    rad_class *cls;
    long restarts, iterations, grid_bits;
    uint64_t seed;
} rad_t;

static void rad_clear(rad_t *r)
{
    if (r->X)
        _fmpq_vec_clear(r->X, r->n * r->d);
    free(r->Xf);
    for (slong k = 0; r->cls && k < r->ncls; k++) {
        if (r->cls[k].M2)
            _fmpq_vec_clear(r->cls[k].M2, r->cls[k].L + 1);
        free(r->cls[k].M);
        free(r->cls[k].m);
    }
    free(r->cls);
}

static void vec_set(fmpq *dst, const fmpq *src, slong k)
{
    for (slong i = 0; i < k; i++)
        fmpq_set(dst + i, src + i);
}

/* ---- reading the spec ------------------------------------------------------- */

static int read_X(rad_t *r, rc_spec *s)
{
    json_t *X = rc_spec_get(s, s->root, "X", "X", 1);
    if (!X)
        return -1;
    if (!json_is_array(X) || json_array_size(X) < 1)
        return rc_spec_fail(s, "X", "expected a non-empty array of rows");
    if (json_array_size(X) > RC_LIMIT_RAD_N)
        return rc_spec_fail(s, "X", "%zu samples: 2^n sign vectors are enumerated, so n is at "
                            "most %d (docs/limits.md)", json_array_size(X), RC_LIMIT_RAD_N);
    r->n = (slong)json_array_size(X);
    r->d = -1;
    for (slong i = 0; i < r->n; i++) {
        char field[32];
        fmpq *row = NULL;
        snprintf(field, sizeof field, "X[%ld]", (long)i);
        slong d = r->d;
        if (rc_spec_fmpq_array(&row, &d, s, json_array_get(X, (size_t)i), field))
            return -1;
        if (r->d < 0) {
            if (d < 1 || d > RC_LIMIT_RAD_DIM) {
                _fmpq_vec_clear(row, d ? d : 1);
                return rc_spec_fail(s, field, "d_x = %ld, expected 1 to %d (docs/limits.md)",
                                    (long)d, RC_LIMIT_RAD_DIM);
            }
            r->d = d;
            r->X = _fmpq_vec_init(r->n * d);
        }
        vec_set(r->X + i * d, row, d);
        _fmpq_vec_clear(row, d);
    }
    r->Xf = malloc(sizeof(double) * (size_t)(r->n * r->d));
    for (slong i = 0; i < r->n * r->d; i++)
        r->Xf[i] = fmpq_get_d(r->X + i);
    return 0;
}

/* M_l: a rational, or "sqrt(q)" (the near-identity M_l = c/sqrt(L)); M2 = M_l^2 */
static int read_M(fmpq_t M2, rc_spec *s, json_t *v, const char *field)
{
    const char *t = json_is_string(v) ? json_string_value(v) : NULL;
    size_t len = t ? strlen(t) : 0;
    if (t && len > 6 && !strncmp(t, "sqrt(", 5) && t[len - 1] == ')') {
        char *inner = strndup(t + 5, len - 6), err[200];
        int bad = rc_fmpq_parse_expr(M2, inner, err, sizeof err);
        free(inner);
        if (bad)
            return rc_spec_fail(s, field, "%s", err);
        if (fmpq_sgn(M2) < 0)
            return rc_spec_fail(s, field, "square root of a negative number");
        return 0;
    }
    if (rc_spec_fmpq(M2, s, v, field))
        return -1;
    if (fmpq_sgn(M2) < 0)
        return rc_spec_fail(s, field, "a norm bound M_l must be >= 0");
    fmpq_mul(M2, M2, M2);
    return 0;
}

static int read_class(rad_class *c, rad_t *r, rc_spec *s, json_t *j)
{
    char field[96];
    json_t *M = rc_spec_get(s, j, "M", NULL, 0), *W = rc_spec_get(s, j, "width", NULL, 0);
    snprintf(field, sizeof field, "%s.M", c->field);
    if (!M || !json_is_array(M) || json_array_size(M) > RC_LIMIT_RAD_BLOCKS)
        return rc_spec_fail(s, field, "expected an array of at most %d norm bounds M_l, one per "
                            "block ([] for L = 0)", RC_LIMIT_RAD_BLOCKS);
    c->L = (slong)json_array_size(M);
    c->M2 = _fmpq_vec_init(c->L + 1);
    c->M = calloc((size_t)c->L + 1, sizeof(double));
    c->m = calloc((size_t)c->L + 1, sizeof(slong));
    snprintf(field, sizeof field, "%s.width", c->field);
    if (W && (!json_is_array(W) || (slong)json_array_size(W) != c->L))
        return rc_spec_fail(s, field, "expected %ld widths, one per block", (long)c->L);
    for (slong l = 0; l < c->L; l++) {
        snprintf(field, sizeof field, "%s.M[%ld]", c->field, (long)l);
        /* M_l^2 is what the certificate carries (M_squared): held to the input limit */
        if (read_M(c->M2 + l, s, json_array_get(M, (size_t)l), field) ||
            rc_spec_fmpq_digits(s, c->M2 + l, field, "M_l^2 (the certificate's M_squared)"))
            return -1;
        c->M[l] = sqrt(fmpq_get_d(c->M2 + l));
        c->m[l] = FLINT_MAX(2, r->d); /* the default width (docs/specs.md) */
        json_t *w = W ? json_array_get(W, (size_t)l) : NULL;
        snprintf(field, sizeof field, "%s.width[%ld]", c->field, (long)l);
        if (w && (!json_is_integer(w) || json_integer_value(w) < 1 ||
                  json_integer_value(w) > RC_LIMIT_RAD_DIM))
            return rc_spec_fail(s, field, "expected an integer from 1 to %d", RC_LIMIT_RAD_DIM);
        if (w)
            c->m[l] = (slong)json_integer_value(w);
    }
    c->user = rc_spec_get(s, j, "witnesses", NULL, 0);
    snprintf(field, sizeof field, "%s.witnesses", c->field);
    if (c->user && (!json_is_array(c->user) || c->L == 0))
        return rc_spec_fail(s, field, c->L ? "expected an array of networks {eps, w, blocks}"
                                           : "L = 0 is computed exactly: no witnesses");
    return 0;
}

static int read_int(long *out, rc_spec *s, json_t *obj, const char *key, long lo, long hi)
{
    json_t *v = rc_spec_get(s, obj, key, NULL, 0);
    char field[48];
    snprintf(field, sizeof field, "search.%s", key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return rc_spec_fail(s, field, "expected an integer from %ld to %ld", lo, hi);
    *out = (long)json_integer_value(v);
    return 0;
}

static slong class_params(const rad_t *r, const rad_class *c)
{
    thm5_shape sh = {r->d, c->L, c->m};
    return thm5_nparams(&sh);
}

/* the bits of a witness entry: the grid's 4g + 8 (a multiple of 2^-g
 * scaled by one of 2^-g), or a spec witness's 40-digit numerator and
 * denominator (docs/limits.md) */
static long entry_bits(const rad_t *r, const rad_class *c)
{
    return FLINT_MAX(4 * r->grid_bits + 8, c->user ? 2 * 133 : 0);
}

/* the time and the certificate's size (rescheck/limits.h), before the work */
static int rad_cost(rad_t *r, rc_spec *s)
{
    double secs = 0, bytes = 0;
    slong P = 0;
    for (slong k = 0; k < r->ncls; k++) {
        const rad_class *c = r->cls + k;
        slong Pk = class_params(r, c);
        P = FLINT_MAX(P, Pk);
        secs += rc_cost_thm5(r->n, Pk, c->L, c->L ? r->restarts * r->iterations : 0,
                             entry_bits(r, c));
        bytes += rc_bytes_thm5(r->n, c->L ? Pk : 1, c->L, entry_bits(r, c));
    }
    char what[128];
    snprintf(what, sizeof what, "%ld classes on %ld samples (2^n sign vectors, up to %ld "
             "parameters, %ld search steps each)", (long)r->ncls, (long)r->n, (long)P,
             r->restarts * r->iterations);
    if (bytes > RC_LIMIT_CERT_BYTES)
        return rc_spec_fail(s, "classes", "%s: the certificate would be about %.0f MB, beyond "
                            "the limit of %ld MiB (docs/limits.md)", what, bytes / 1e6,
                            RC_LIMIT_CERT_BYTES >> 20);
    return rc_spec_cost(s, "classes", secs, what);
}

static int rad_read(rad_t *r, rc_spec *s)
{
    memset(r, 0, sizeof *r);
    r->restarts = 8;
    r->iterations = 300;
    r->grid_bits = 24;
    r->seed = 1;
    if (rc_spec_check_kind(s, "yun19.rademacher") || read_X(r, s))
        return -1;
    json_t *se = rc_spec_get(s, s->root, "search", NULL, 0), *cl;
    long seed = 1;
    if (read_int(&r->restarts, s, se, "restarts", 1, RC_LIMIT_RAD_SEARCH) ||
        read_int(&r->iterations, s, se, "iterations", 1, RC_LIMIT_RAD_SEARCH) ||
        read_int(&r->grid_bits, s, se, "grid_bits", 1, RC_LIMIT_RAD_GRID_BITS) ||
        read_int(&seed, s, se, "seed", 0, 1L << 30))
        return -1;
    r->seed = (uint64_t)seed;
    if (r->restarts * r->iterations > RC_LIMIT_RAD_SEARCH)
        return rc_spec_fail(s, "search", "restarts * iterations = %ld, beyond %d (docs/limits.md)",
                            r->restarts * r->iterations, RC_LIMIT_RAD_SEARCH);
    if (!(cl = rc_spec_get(s, s->root, "classes", "classes", 1)))
        return -1;
    if (!json_is_array(cl) || json_array_size(cl) < 1 || json_array_size(cl) > RC_LIMIT_RAD_CLASSES)
        return rc_spec_fail(s, "classes", "expected 1 to %d classes {M, width, witnesses}",
                            RC_LIMIT_RAD_CLASSES);
    r->ncls = (slong)json_array_size(cl);
    r->cls = calloc((size_t)r->ncls, sizeof(rad_class));
    for (slong k = 0; k < r->ncls; k++) {
        snprintf(r->cls[k].field, sizeof r->cls[k].field, "classes[%ld]", (long)k);
        if (read_class(r->cls + k, r, s, json_array_get(cl, (size_t)k)))
            return -1;
    }
    return rad_cost(r, s);
}

/* ---- exact networks ------------------------------------------------------ */

/* eps_i = -1 where bit i of k is set */
static int eps_sign(ulong k, slong i)
{
    return (k >> i) & 1 ? -1 : 1;
}

/* The class's networks as the shared exact model (rescheck/resnet.h): every
 * block in the §5 form V_l relu(U_l h), no tunable skip; y = 0 (no loss is
 * used). The parameter order is the same, so theta sets it as it is. */
static void model_init(rc_resnet *net, const rad_t *r, const thm5_shape *sh)
{
    memset(net, 0, sizeof *net);
    net->n = r->n;
    net->dx = r->d;
    net->L = sh->L;
    net->loss = RC_LOSS_SQUARED;
    fmpq_init(net->delta);
    fmpq_mat_init(net->X, r->n, r->d);
    for (slong i = 0; i < r->n; i++)
        for (slong j = 0; j < r->d; j++)
            fmpq_set(fmpq_mat_entry(net->X, i, j), r->X + i * r->d + j);
    fmpq_mat_init(net->y, r->n, 1);
    fmpq_mat_init(net->w, r->d, 1);
    net->blk = calloc((size_t)sh->L + 1, sizeof(rc_resnet_block));
    for (slong l = 0; l < sh->L; l++) {
        rc_resnet_block *b = net->blk + l;
        b->phi = RC_PHI_RELU;
        b->has_U = 1;
        b->m = b->p = sh->m[l];
        fmpq_mat_init(b->V, r->d, sh->m[l]);
        fmpq_mat_init(b->U, sh->m[l], r->d);
        fmpq_mat_init(b->A, 0, 0);
        fmpq_mat_init(b->a, 0, 0);
        fmpq_mat_init(b->W, 0, 0);
    }
}

/* (1/n) sum eps_i f(x_i), f the network theta */
static void qvalue(fmpq_t v, rc_resnet *net, const fmpq *theta, ulong k)
{
    rc_resnet_fwd F;
    rc_resnet_set_theta(net, theta);
    rc_resnet_forward(&F, net);
    fmpq_zero(v);
    for (slong i = 0; i < net->n; i++)
        (eps_sign(k, i) > 0 ? fmpq_add : fmpq_sub)(v, v, fmpq_mat_entry(F.f, i, 0));
    fmpz_t n;
    fmpz_init_set_si(n, net->n);
    fmpq_div_fmpz(v, v, n);
    fmpz_clear(n);
    rc_resnet_fwd_clear(&F);
}

/* the squared norms of w and of each V_l, U_l: out[0], out[1 + 2l], out[2 + 2l] */
static void group_norms(fmpq *out, const thm5_shape *s, const fmpq *theta)
{
    _fmpq_vec_dot(out, theta, theta, s->d);
    for (slong l = 0; l < s->L; l++) {
        slong k = s->d * s->m[l];
        _fmpq_vec_dot(out + 1 + 2 * l, theta + thm5_off_V(s, l), theta + thm5_off_V(s, l), k);
        _fmpq_vec_dot(out + 2 + 2 * l, theta + thm5_off_U(s, l), theta + thm5_off_U(s, l), k);
    }
}

/* the bound of group j: 1 for w, M_l^2 for V_l and U_l */
static const fmpq *group_bound(const rad_class *c, slong j, const fmpq *one)
{
    return j == 0 ? one : c->M2 + (j - 1) / 2;
}

/* the first group of theta outside the class, or -1 */
static slong outside_class(const rad_class *c, const thm5_shape *s, const fmpq *theta)
{
    fmpq *nrm = _fmpq_vec_init(1 + 2 * s->L);
    fmpq_t one;
    fmpq_init(one);
    fmpq_one(one);
    group_norms(nrm, s, theta);
    slong bad = -1;
    for (slong j = 0; j <= 2 * s->L && bad < 0; j++)
        if (fmpq_cmp(nrm + j, group_bound(c, j, one)) > 0)
            bad = j;
    fmpq_clear(one);
    _fmpq_vec_clear(nrm, 1 + 2 * s->L);
    return bad;
}

/* v (k entries) times a/2^g with a = floor(sqrt(floor(R2 4^g / |v|^2))), so
 * that |v|^2 <= R2 afterwards; nothing when it holds already */
static void scale_into(fmpq *v, slong k, const fmpq_t R2, long g)
{
    fmpq_t s2, t;
    fmpz_t a;
    fmpq_init(s2);
    fmpq_init(t);
    fmpz_init(a);
    _fmpq_vec_dot(s2, v, v, k);
    if (fmpq_cmp(s2, R2) > 0) {
        fmpq_div(t, R2, s2);
        fmpq_mul_2exp(t, t, (ulong)(2 * g));
        fmpz_fdiv_q(a, fmpq_numref(t), fmpq_denref(t));
        fmpz_sqrt(a, a);
        fmpq_set_fmpz(t, a);
        fmpq_div_2exp(t, t, (ulong)g);
        for (slong i = 0; i < k; i++)
            fmpq_mul(v + i, v + i, t);
    }
    fmpq_clear(s2);
    fmpq_clear(t);
    fmpz_clear(a);
}

/* the float proposal on the grid 2^-g, each group scaled into its ball */
static void rationalise(fmpq *theta, const double *p, const rad_class *c, const thm5_shape *s,
                        long g)
{
    slong P = thm5_nparams(s);
    fmpz_t z;
    fmpz_init(z);
    for (slong i = 0; i < P; i++) {
        fmpz_set_d(z, nearbyint(ldexp(p[i], (int)g)));
        fmpq_set_fmpz(theta + i, z);
        fmpq_div_2exp(theta + i, theta + i, (ulong)g);
    }
    fmpz_clear(z);
    fmpq_t one;
    fmpq_init(one);
    fmpq_one(one);
    scale_into(theta, s->d, one, g);
    for (slong l = 0; l < s->L; l++) {
        scale_into(theta + thm5_off_V(s, l), s->d * s->m[l], c->M2 + l, g);
        scale_into(theta + thm5_off_U(s, l), s->d * s->m[l], c->M2 + l, g);
    }
    fmpq_clear(one);
}

/* ---- witnesses: the best network found for each sign vector ---------------- */

typedef struct {
    const rad_t *r;
    const rad_class *c;
    thm5_shape sh;
    slong P;
    ulong neps;
    fmpq *theta; /* neps x P */
    fmpq *value; /* neps */
    int *have;
    rc_resnet net; /* the exact model the values are computed with */
} best_t;

static void best_init(best_t *b, const rad_t *r, const rad_class *c)
{
    b->r = r;
    b->c = c;
    b->sh = (thm5_shape){r->d, c->L, c->m};
    b->P = thm5_nparams(&b->sh);
    b->neps = 1UL << r->n;
    b->theta = _fmpq_vec_init((slong)b->neps * b->P);
    b->value = _fmpq_vec_init((slong)b->neps);
    b->have = calloc(b->neps, sizeof(int));
    model_init(&b->net, r, &b->sh);
}

static void best_clear(best_t *b)
{
    _fmpq_vec_clear(b->theta, (slong)b->neps * b->P);
    _fmpq_vec_clear(b->value, (slong)b->neps);
    free(b->have);
    rc_resnet_clear(&b->net);
}

static void negate_w(fmpq *theta, slong d)
{
    for (slong i = 0; i < d; i++)
        fmpq_neg(theta + i, theta + i);
}

/* theta, of value v for eps_k: the class is closed under w -> -w and
 * f_{-w} = -f_w, so theta or its negation attains |v| for eps_k and the
 * other one |v| for -eps_k. Each sign vector keeps its largest value. */
static void offer(best_t *b, ulong k, fmpq *theta, const fmpq_t v)
{
    fmpq_t a;
    fmpq_init(a);
    fmpq_abs(a, v);
    if (fmpq_sgn(v) < 0)
        negate_w(theta, b->sh.d);
    for (int side = 0; side < 2; side++) {
        ulong j = side ? k ^ (b->neps - 1) : k;
        if (!b->have[j] || fmpq_cmp(a, b->value + j) > 0) {
            vec_set(b->theta + (slong)j * b->P, theta, b->P);
            fmpq_set(b->value + j, a);
            b->have[j] = 1;
        }
        negate_w(theta, b->sh.d);
    }
    fmpq_clear(a);
}

/* the search for each pair {eps, -eps} (eps_1 = +1), rationalised */
static void search_all(best_t *b)
{
    const rad_t *r = b->r;
    thm5_search S = {&b->sh, r->n, r->Xf, b->c->M, r->restarts, r->iterations, r->seed};
    double *eps = malloc(sizeof(double) * (size_t)r->n), *p = malloc(sizeof(double) * (size_t)b->P);
    fmpq *theta = _fmpq_vec_init(b->P);
    fmpq_t v;
    fmpq_init(v);
    rc_progress prog;
    rc_progress_start(&prog, "yun19.thm5", (double)(b->neps / 2));
    for (ulong k = 0; k < b->neps; k += 2) {
        rc_progress_show(&prog, (double)(k / 2), "witness search, L = %ld: sign-vector pair %lu/%lu",
                         (long)b->c->L, k / 2 + 1, b->neps / 2);
        for (slong i = 0; i < r->n; i++)
            eps[i] = eps_sign(k, i);
        thm5_search_eps(&S, eps, k, p);
        rationalise(theta, p, b->c, &b->sh, r->grid_bits);
        qvalue(v, &b->net, theta, k);
        offer(b, k, theta, v);
    }
    rc_progress_end(&prog);
    fmpq_clear(v);
    _fmpq_vec_clear(theta, b->P);
    free(eps);
    free(p);
}

/* rows x cols rationals at field into out (row-major) */
static int read_matrix(fmpq *out, slong rows, slong cols, rc_spec *s, json_t *j, const char *field)
{
    if (!json_is_array(j) || (slong)json_array_size(j) != rows)
        return rc_spec_fail(s, field, "expected %ld rows of %ld numbers", (long)rows, (long)cols);
    for (slong i = 0; i < rows; i++) {
        char sub[160];
        fmpq *row = NULL;
        slong len = cols;
        snprintf(sub, sizeof sub, "%s[%ld]", field, (long)i);
        if (rc_spec_fmpq_array(&row, &len, s, json_array_get(j, (size_t)i), sub))
            return -1;
        vec_set(out + i * cols, row, cols);
        _fmpq_vec_clear(row, cols ? cols : 1);
    }
    return 0;
}

/* "+-+..." (n characters) into k; -1 when malformed */
static long eps_parse(const char *t, slong n)
{
    if (!t || (slong)strlen(t) != n)
        return -1;
    long k = 0;
    for (slong i = 0; i < n; i++) {
        if (t[i] != '+' && t[i] != '-')
            return -1;
        k |= (long)(t[i] == '-') << i;
    }
    return k;
}

static int read_witness(fmpq *theta, long *k, const best_t *b, rc_spec *s, json_t *j,
                        const char *field)
{
    char sub[160];
    const thm5_shape *sh = &b->sh;
    json_t *blocks = rc_spec_get(s, j, "blocks", NULL, 0), *e = rc_spec_get(s, j, "eps", NULL, 0);
    snprintf(sub, sizeof sub, "%s.eps", field);
    if ((*k = eps_parse(json_is_string(e) ? json_string_value(e) : NULL, b->r->n)) < 0)
        return rc_spec_fail(s, sub, "expected a string of %ld signs + or -, eps_i = the i-th",
                            (long)b->r->n);
    snprintf(sub, sizeof sub, "%s.w", field);
    fmpq *w = NULL;
    slong d = sh->d;
    if (rc_spec_fmpq_array(&w, &d, s, rc_spec_get(s, j, "w", sub, 1), sub))
        return -1;
    vec_set(theta, w, d);
    _fmpq_vec_clear(w, d);
    snprintf(sub, sizeof sub, "%s.blocks", field);
    if (!json_is_array(blocks) || (slong)json_array_size(blocks) != sh->L)
        return rc_spec_fail(s, sub, "expected %ld blocks {V, U}", (long)sh->L);
    for (slong l = 0; l < sh->L; l++) {
        json_t *bl = json_array_get(blocks, (size_t)l);
        snprintf(sub, sizeof sub, "%s.blocks[%ld].V", field, (long)l);
        if (read_matrix(theta + thm5_off_V(sh, l), sh->d, sh->m[l], s, json_object_get(bl, "V"), sub))
            return -1;
        snprintf(sub, sizeof sub, "%s.blocks[%ld].U", field, (long)l);
        if (read_matrix(theta + thm5_off_U(sh, l), sh->m[l], sh->d, s, json_object_get(bl, "U"), sub))
            return -1;
    }
    slong bad = outside_class(b->c, sh, theta);
    if (bad < 0)
        return 0;
    if (bad == 0)
        return rc_spec_fail(s, field, "not in the class: |w|^2 > 1");
    return rc_spec_fail(s, field, "not in the class: |%c_%ld|_F^2 > M_%ld^2", bad % 2 ? 'V' : 'U',
                        (long)(bad + 1) / 2, (long)(bad + 1) / 2);
}

/* the spec's own networks, each offered for its sign vector */
static int user_witnesses(best_t *b, rc_spec *s)
{
    json_t *u = b->c->user;
    fmpq *theta = _fmpq_vec_init(b->P);
    fmpq_t v;
    fmpq_init(v);
    int rc = 0;
    for (size_t i = 0; u && i < json_array_size(u) && !rc; i++) {
        char field[96];
        long k;
        snprintf(field, sizeof field, "%s.witnesses[%zu]", b->c->field, i);
        rc = read_witness(theta, &k, b, s, json_array_get(u, i), field);
        if (!rc) {
            qvalue(v, &b->net, theta, (ulong)k);
            offer(b, (ulong)k, theta, v);
        }
    }
    fmpq_clear(v);
    _fmpq_vec_clear(theta, b->P);
    return rc;
}

/* ---- certificate values ----------------------------------------------------------- */

static json_t *row_json(const fmpq *v, slong k)
{
    json_t *a = json_array();
    for (slong i = 0; i < k; i++)
        json_array_append_new(a, rc_json_fmpq(v + i));
    return a;
}

static json_t *matrix_json(const fmpq *A, slong rows, slong cols)
{
    json_t *a = json_array();
    for (slong i = 0; i < rows; i++)
        json_array_append_new(a, row_json(A + i * cols, cols));
    return a;
}

static json_t *witness_json(const best_t *b, ulong k)
{
    const thm5_shape *sh = &b->sh;
    const fmpq *theta = b->theta + (slong)k * b->P;
    char eps[RC_LIMIT_RAD_N + 1];
    for (slong i = 0; i < b->r->n; i++)
        eps[i] = eps_sign(k, i) > 0 ? '+' : '-';
    eps[b->r->n] = '\0';
    json_t *w = json_object(), *blocks = json_array();
    for (slong l = 0; l < sh->L; l++) {
        json_t *bl = json_object();
        json_object_set_new(bl, "V", matrix_json(theta + thm5_off_V(sh, l), sh->d, sh->m[l]));
        json_object_set_new(bl, "U", matrix_json(theta + thm5_off_U(sh, l), sh->m[l], sh->d));
        json_array_append_new(blocks, bl);
    }
    json_object_set_new(w, "eps", json_string(eps));
    json_object_set_new(w, "w", row_json(theta, sh->d));
    json_object_set_new(w, "blocks", blocks);
    json_object_set_new(w, "value", rc_json_fmpq(b->value + k));
    return w;
}

static json_t *arb_json(const arb_t x)
{
    char *t = arb_get_str(x, THM5_DIGITS, 0);
    json_t *j = json_string(t);
    flint_free(t);
    return j;
}

/* ---- the bounds --------------------------------------------------------------- */

/* max_i |x_i|^2 = B^2 */
static void B_squared(fmpq_t B2, const rad_t *r)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(B2);
    for (slong i = 0; i < r->n; i++) {
        _fmpq_vec_dot(t, r->X + i * r->d, r->X + i * r->d, r->d);
        if (fmpq_cmp(t, B2) > 0)
            fmpq_set(B2, t);
    }
    fmpq_clear(t);
}

/* prod (1 + 2 M_l^2), and the upper bound's square B^2 prod^2 / n */
static void upper_squared(fmpq_t prod, fmpq_t U2, const rad_class *c, const fmpq_t B2, slong n)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_one(prod);
    for (slong l = 0; l < c->L; l++) {
        fmpq_mul_2exp(t, c->M2 + l, 1);
        fmpq_add_si(t, t, 1);
        fmpq_mul(prod, prod, t);
    }
    fmpq_mul(U2, prod, prod);
    fmpq_mul(U2, U2, B2);
    fmpq_div_fmpz(U2, U2, (fmpz_set_si(fmpq_numref(t), n), fmpq_numref(t)));
    fmpq_clear(t);
}

typedef enum { CMP_BELOW, CMP_EQUAL, CMP_ABOVE, CMP_UNDECIDED } cmp_t;
static const char *cmp_word[] = {"below", "equal", "above", "undecided"};

/* q against sqrt(U2), exactly: the sign of q - sqrt(U2) */
static cmp_t cmp_q_sqrt(const fmpq_t q, const fmpq_t U2)
{
    if (fmpq_sgn(q) < 0)
        return CMP_BELOW;
    fmpq_t q2;
    fmpq_init(q2);
    fmpq_mul(q2, q, q);
    int c = fmpq_cmp(q2, U2);
    fmpq_clear(q2);
    return c < 0 ? CMP_BELOW : c == 0 ? CMP_EQUAL : CMP_ABOVE;
}

/* the L = 0 value (1/(n 2^n)) sum_k sqrt(s_k) at prec */
static void exact_L0(arb_t E, const fmpq *s, ulong neps, slong n, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_zero(E);
    for (ulong k = 0; k < neps; k++) {
        arb_set_fmpq(t, s + k, prec);
        arb_sqrt(t, t, prec);
        arb_add(E, E, t, prec);
    }
    arb_div_ui(E, E, neps, prec);
    arb_div_si(E, E, n, prec);
    arb_clear(t);
}

/* The L = 0 value against sqrt(U2): exactly when every s_k is the same s
 * (the value is then sqrt(s)/n), else by enclosures refined up to
 * THM5_MAX_PREC bits. */
static cmp_t cmp_L0(const fmpq *s, ulong neps, slong n, const fmpq_t U2)
{
    ulong k = 1;
    while (k < neps && fmpq_equal(s + k, s))
        k++;
    if (k == neps) {
        fmpq_t v;
        fmpq_init(v);
        fmpq_div_fmpz(v, s, (fmpz_set_si(fmpq_numref(v), n * n), fmpq_numref(v)));
        int c = fmpq_cmp(v, U2);
        fmpq_clear(v);
        return c < 0 ? CMP_BELOW : c == 0 ? CMP_EQUAL : CMP_ABOVE;
    }
    cmp_t out = CMP_UNDECIDED;
    arb_t E, U;
    arb_init(E);
    arb_init(U);
    for (slong prec = THM5_PREC; prec <= THM5_MAX_PREC && out == CMP_UNDECIDED; prec *= 2) {
        exact_L0(E, s, neps, n, prec);
        arb_set_fmpq(U, U2, prec);
        arb_sqrt(U, U, prec);
        out = arb_lt(E, U) ? CMP_BELOW : arb_gt(E, U) ? CMP_ABOVE : CMP_UNDECIDED;
    }
    arb_clear(E);
    arb_clear(U);
    return out;
}

/* ---- per class --------------------------------------------------------------- */

typedef struct {
    const rad_t *r;
    rc_report *rep;
    fmpq_t B2;
    fmpq *s0;   /* |sum eps_i x_i|^2 per sign vector */
    arb_t E0;   /* R_n(F_0|S), exact, enclosed */
    char *desc; /* the class being reported */
} ctx_t;

static void s0_compute(ctx_t *x)
{
    const rad_t *r = x->r;
    ulong neps = 1UL << r->n;
    fmpq *v = _fmpq_vec_init(r->d);
    x->s0 = _fmpq_vec_init((slong)neps);
    for (ulong k = 0; k < neps; k++) {
        for (slong j = 0; j < r->d; j++)
            fmpq_zero(v + j);
        for (slong i = 0; i < r->n; i++)
            for (slong j = 0; j < r->d; j++)
                (eps_sign(k, i) > 0 ? fmpq_add : fmpq_sub)(v + j, v + j, r->X + i * r->d + j);
        _fmpq_vec_dot(x->s0 + k, v, v, r->d);
    }
    _fmpq_vec_clear(v, r->d);
    exact_L0(x->E0, x->s0, neps, r->n, THM5_PREC);
}

static char *describe(const rad_t *r, const rad_class *c, slong idx)
{
    char buf[1024];
    int len = snprintf(buf, sizeof buf, "class %ld (L = %ld", (long)idx + 1, (long)c->L);
    for (slong l = 0; l < c->L && len < 900; l++) {
        char *m = rc_fmpq_get_str(c->M2 + l);
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%s", l ? ", " : ", M_l^2 = ", m);
        flint_free(m);
    }
    for (slong l = 0; l < c->L && len < 1000; l++)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%ld", l ? ", " : "; widths ",
                        (long)c->m[l]);
    snprintf(buf + len, sizeof buf - (size_t)len, "; n = %ld, d_x = %ld)", (long)r->n, (long)r->d);
    return strdup(buf);
}

static rc_status cmp_status(cmp_t c)
{
    return c == CMP_ABOVE ? RC_FAIL : c == CMP_UNDECIDED ? RC_UNDECIDED : RC_OK;
}

static void report_L0(ctx_t *x, json_t *cj, const fmpq_t U2, const arb_t U)
{
    const rad_t *r = x->r;
    ulong neps = 1UL << r->n;
    cmp_t cmp = cmp_L0(x->s0, neps, r->n, U2);
    arb_t ratio;
    arb_init(ratio);
    arb_div(ratio, x->E0, U, THM5_PREC);
    char *e = arb_get_str(x->E0, THM5_DIGITS, 0), *u = arb_get_str(U, THM5_DIGITS, 0),
         *q = arb_get_str(ratio, 8, 0);
    static const char *rel[] = {"<", "=", ">", "vs"};
    rc_report_add(x->rep, cmp_status(cmp), NULL,
                  cmp == CMP_ABOVE ? "the exact value exceeds the bound: Theorem 5 fails at L = 0 on this data" : NULL,
                  "%s: R_n(F_0|S) = (1/n) E_eps |sum eps_i x_i| = %s (exact: sup over |w| <= 1 of w^T v is |v|; "
                  "%lu square roots enclosed with Arb) %s B/sqrt(n) = %s%s; ratio %s",
                  x->desc, e, neps, rel[cmp], u,
                  cmp == CMP_UNDECIDED ? " (the enclosures overlap: undecided)" : "", q);
    json_object_set_new(cj, "norms_squared", row_json(x->s0, (slong)neps));
    json_object_set_new(cj, "exact", arb_json(x->E0));
    json_object_set_new(cj, "lower", json_null());
    json_object_set_new(cj, "witnesses", json_null());
    json_object_set_new(cj, "ratio", arb_json(ratio));
    json_object_set_new(cj, "comparison", json_string(cmp_word[cmp]));
    flint_free(e);
    flint_free(u);
    flint_free(q);
    arb_clear(ratio);
}

/* returns -1 on an input error (a spec witness) */
static int report_L(ctx_t *x, json_t *cj, const rad_class *c, const fmpq_t U2, const arb_t U,
                    rc_spec *s, arb_t lower_ball)
{
    const rad_t *r = x->r;
    best_t b;
    best_init(&b, r, c);
    if (user_witnesses(&b, s)) {
        best_clear(&b);
        return -1;
    }
    search_all(&b);
    fmpq_t lower;
    fmpq_init(lower);
    json_t *wj = json_array();
    slong outside = 0;
    for (ulong k = 0; k < b.neps; k++) {
        fmpq_add(lower, lower, b.value + k);
        outside += outside_class(c, &b.sh, b.theta + (slong)k * b.P) >= 0;
        json_array_append_new(wj, witness_json(&b, k));
    }
    fmpq_div_2exp(lower, lower, (ulong)r->n);
    rc_report_add(x->rep, outside ? RC_FAIL : RC_OK, NULL,
                  outside ? "a witness lies outside the class (a prover bug)" : NULL,
                  "%s: %lu witness networks, one per sign vector, %ld outside F_L "
                  "(|w|^2 <= 1, |V_l|_F^2 <= M_l^2, |U_l|_F^2 <= M_l^2 checked over Q)",
                  x->desc, b.neps, (long)outside);
    cmp_t cmp = cmp_q_sqrt(lower, U2);
    arb_t ratio;
    arb_init(ratio);
    arb_set_fmpq(lower_ball, lower, THM5_PREC);
    arb_div(ratio, lower_ball, U, THM5_PREC);
    char *lq = rc_fmpq_get_str(lower), *u = arb_get_str(U, THM5_DIGITS, 0),
         *q = arb_get_str(ratio, 8, 0), *e0 = arb_get_str(x->E0, 10, 0);
    static const char *rel[] = {"<", "=", ">", "vs"};
    char head[64];
    snprintf(head, sizeof head, "%s = ", strlen(lq) <= 40 ? lq : "a fraction (in the certificate)");
    rc_report_add(x->rep, cmp_status(cmp), NULL,
                  cmp == CMP_ABOVE ? "a certified lower bound exceeds the bound: Theorem 5 is refuted on this data" : NULL,
                  "%s: certified lower bound on R_n(F_L|S) (the average of the witnesses' exact values) = "
                  "%s%.10g %s B prod(1 + 2 M_l^2)/sqrt(n) = %s (compared over Q, squared); "
                  "tightness lower/upper = %s",
                  x->desc, head, fmpq_get_d(lower), rel[cmp], u, q);
    /* F_0 is inside F_L (V_l = 0), so R_n(F_L|S) >= R_n(F_0|S) too */
    int above0 = arb_gt(lower_ball, x->E0), below0 = arb_lt(lower_ball, x->E0);
    rc_report_add(x->rep, RC_NOTE, NULL, NULL,
                  "%s: F_0 lies in F_L (V_l = 0), so R_n(F_L|S) >= R_n(F_0|S) = %s as well; the "
                  "witnesses' bound is %s it%s",
                  x->desc, e0, above0 ? "above" : below0 ? "below" : "not separated from",
                  above0 ? " (the blocks add complexity the linear class lacks)"
                         : below0 ? " (the search did not reach the linear class's value)" : "");
    json_object_set_new(cj, "norms_squared", json_null());
    json_object_set_new(cj, "exact", json_null());
    json_object_set_new(cj, "lower", rc_json_fmpq(lower));
    json_object_set_new(cj, "witnesses", wj);
    json_object_set_new(cj, "ratio", arb_json(ratio));
    json_object_set_new(cj, "comparison", json_string(cmp_word[cmp]));
    flint_free(lq);
    flint_free(u);
    flint_free(q);
    flint_free(e0);
    arb_clear(ratio);
    fmpq_clear(lower);
    best_clear(&b);
    return 0;
}

/* ---- the near-identity scaling ------------------------------------------------ */

typedef struct {
    slong L;
    fmpq_t c2, prod; /* sum M_l^2 when every M_l^2 is the same, else c2 = -1 */
    arb_t lower, upper;
} summary_t;

/* The classes of one c^2 = sum M_l^2 with M_l^2 = c^2/L (two or more
 * depths): prod (1 + 2 M_l^2) <= exp(2 c^2), so the bound is size-independent. */
static void report_scaling(rc_report *rep, summary_t *sm, slong ncls, const fmpq_t B2, slong n)
{
    int *done = calloc((size_t)ncls, sizeof(int));
    for (slong a = 0; a < ncls; a++) {
        if (done[a] || sm[a].L < 1 || fmpq_sgn(sm[a].c2) < 0)
            continue;
        char buf[1500];
        int len = 0, count = 0, all_le = 1;
        arb_t e, cap;
        arb_init(e);
        arb_init(cap);
        arb_set_fmpq(e, sm[a].c2, THM5_PREC);
        arb_mul_2exp_si(e, e, 1);
        arb_exp(e, e, THM5_PREC);
        for (slong b = a; b < ncls && len < 1200; b++) {
            if (done[b] || sm[b].L < 1 || !fmpq_equal(sm[b].c2, sm[a].c2))
                continue;
            done[b] = 1;
            count++;
            arb_t p;
            arb_init(p);
            arb_set_fmpq(p, sm[b].prod, THM5_PREC);
            all_le &= arb_le(p, e);
            char *pr = rc_fmpq_get_str(sm[b].prod), *lo = arb_get_str(sm[b].lower, 6, ARB_STR_NO_RADIUS),
                 *up = arb_get_str(sm[b].upper, 6, ARB_STR_NO_RADIUS);
            len += snprintf(buf + len, sizeof buf - (size_t)len, "%sL = %ld: prod %s, lower %s, upper %s",
                            count > 1 ? "; " : "", (long)sm[b].L, pr, lo, up);
            flint_free(pr);
            flint_free(lo);
            flint_free(up);
            arb_clear(p);
        }
        if (count >= 2) {
            arb_set_fmpq(cap, B2, THM5_PREC);
            arb_div_si(cap, cap, n, THM5_PREC);
            arb_sqrt(cap, cap, THM5_PREC);
            arb_mul(cap, cap, e, THM5_PREC);
            char *c2 = rc_fmpq_get_str(sm[a].c2), *es = arb_get_str(e, 8, 0), *cs = arb_get_str(cap, 8, 0);
            rc_report_add(rep, RC_NOTE, NULL, NULL,
                          "near-identity scaling M_l^2 = c^2/L, c^2 = %s: %s; every prod (1 + 2 M_l^2) "
                          "%s exp(2 c^2) = %s, so the upper bound %s B exp(2 c^2)/sqrt(n) = %s "
                          "whatever the depth",
                          c2, buf, all_le ? "<=" : "is not shown <=", es, all_le ? "stays below" : "is not shown below", cs);
            flint_free(c2);
            flint_free(es);
            flint_free(cs);
        }
        arb_clear(e);
        arb_clear(cap);
    }
    free(done);
}

static void summary_set(summary_t *sm, const rad_class *c, const fmpq_t prod, const arb_t upper)
{
    sm->L = c->L;
    fmpq_set(sm->prod, prod);
    arb_set(sm->upper, upper);
    fmpq_zero(sm->c2);
    for (slong l = 0; l < c->L; l++) {
        if (!fmpq_equal(c->M2 + l, c->M2))
            fmpq_set_si(sm->c2, -1, 1);
        if (fmpq_sgn(sm->c2) >= 0)
            fmpq_add(sm->c2, sm->c2, c->M2 + l);
    }
    if (fmpq_sgn(sm->c2) < 0)
        fmpq_set_si(sm->c2, -1, 1);
}

/* ---- the claim ------------------------------------------------------------------ */

static json_t *rad_inputs(const rad_t *r)
{
    json_t *in = json_object(), *cl = json_array(), *se = json_object();
    json_object_set_new(in, "X", matrix_json(r->X, r->n, r->d));
    for (slong k = 0; k < r->ncls; k++) {
        json_t *c = json_object(), *w = json_array();
        for (slong l = 0; l < r->cls[k].L; l++)
            json_array_append_new(w, json_integer(r->cls[k].m[l]));
        json_object_set_new(c, "M_squared", row_json(r->cls[k].M2, r->cls[k].L));
        json_object_set_new(c, "width", w);
        json_array_append_new(cl, c);
    }
    json_object_set_new(in, "classes", cl);
    json_object_set_new(se, "restarts", json_integer(r->restarts));
    json_object_set_new(se, "iterations", json_integer(r->iterations));
    json_object_set_new(se, "seed", json_integer((json_int_t)r->seed));
    json_object_set_new(se, "grid_bits", json_integer(r->grid_bits));
    json_object_set_new(in, "search", se);
    return in;
}

static int run_classes(ctx_t *x, rad_t *r, rc_spec *spec, json_t *cls, summary_t *sm)
{
    for (slong k = 0; k < r->ncls; k++) {
        rad_class *c = r->cls + k;
        fmpq_t prod, U2;
        arb_t U;
        fmpq_init(prod);
        fmpq_init(U2);
        arb_init(U);
        upper_squared(prod, U2, c, x->B2, r->n);
        arb_set_fmpq(U, U2, THM5_PREC);
        arb_sqrt(U, U, THM5_PREC);
        json_t *cj = json_object();
        json_object_set_new(cj, "L", json_integer(c->L));
        json_object_set_new(cj, "product", rc_json_fmpq(prod));
        json_object_set_new(cj, "upper_squared", rc_json_fmpq(U2));
        json_object_set_new(cj, "upper", arb_json(U));
        json_array_append_new(cls, cj);
        x->desc = describe(r, c, k);
        summary_set(sm + k, c, prod, U);
        int rc = 0;
        if (c->L == 0) {
            report_L0(x, cj, U2, U);
            arb_set(sm[k].lower, x->E0);
        } else {
            rc = report_L(x, cj, c, U2, U, spec, sm[k].lower);
        }
        free(x->desc);
        fmpq_clear(prod);
        fmpq_clear(U2);
        arb_clear(U);
        if (rc)
            return -1;
    }
    return 0;
}

int rc_yun19_thm5(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    rad_t r;
    if (rad_read(&r, spec)) {
        rad_clear(&r);
        return -1;
    }
    ctx_t x;
    memset(&x, 0, sizeof x);
    x.r = &r;
    x.rep = rep;
    fmpq_init(x.B2);
    arb_init(x.E0);
    B_squared(x.B2, &r);
    s0_compute(&x);
    summary_t *sm = calloc((size_t)r.ncls, sizeof(summary_t));
    for (slong k = 0; k < r.ncls; k++) {
        fmpq_init(sm[k].c2);
        fmpq_init(sm[k].prod);
        arb_init(sm[k].lower);
        arb_init(sm[k].upper);
    }
    json_t *res = json_object(), *cls = json_array();
    json_object_set_new(res, "n", json_integer(r.n));
    json_object_set_new(res, "B_squared", rc_json_fmpq(x.B2));
    json_object_set_new(res, "classes", cls);
    int rc = run_classes(&x, &r, spec, cls, sm);
    if (!rc) {
        report_scaling(rep, sm, r.ncls, x.B2, r.n);
        int has0 = 0, has1 = 0;
        for (slong k = 0; k < r.ncls; k++)
            *(r.cls[k].L ? &has1 : &has0) = 1;
        rc_report_conclude(rep, "on these %ld samples%s%s%s", (long)r.n,
                           has1 ? ", for each class with L >= 1, a certified lower bound on "
                                  "R_n(F_L|S) (the average over all 2^n sign vectors of a value "
                                  "attained in the class) does not exceed B prod(1 + 2 M_l^2)/sqrt(n): "
                                  "consistent with Theorem 5, not a proof of it (the sup is not computed)"
                                : "",
                           has0 && has1 ? "; " : has0 ? ", " : "",
                           has0 ? "for L = 0 the complexity itself, (1/n) E|sum eps_i x_i|, is "
                                  "computed and is within B/sqrt(n)" : "");
        *cert = rc_cert_new(c, spec->file, rad_inputs(&r), res, rep);
    } else {
        json_decref(res);
    }
    for (slong k = 0; k < r.ncls; k++) {
        fmpq_clear(sm[k].c2);
        fmpq_clear(sm[k].prod);
        arb_clear(sm[k].lower);
        arb_clear(sm[k].upper);
    }
    free(sm);
    _fmpq_vec_clear(x.s0, 1L << r.n);
    fmpq_clear(x.B2);
    arb_clear(x.E0);
    rad_clear(&r);
    return rc;
}
