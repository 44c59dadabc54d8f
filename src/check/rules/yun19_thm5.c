/* yun19 §5.2, Theorem 5 from below: every sign vector's witness network is
 * in the class F_L (norms checked over Q) and its value (1/n) sum eps_i f(x_i)
 * is recomputed; their average is a lower bound on the empirical Rademacher
 * complexity, compared exactly with B prod(1 + 2 M_l^2)/sqrt(n). L = 0 is
 * recomputed as (1/n) E |sum eps_i x_i|, enclosed with Arb. No search. */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

#define PREC 128     /* the printed enclosures */
#define DIGITS 20
#define MAX_PREC 4096 /* the L = 0 comparison refines up to this */

typedef struct {
    slong n, d, ncls;
    fmpq *X;      /* n x d */
    slong *L;     /* per class */
    fmpq **M2;    /* per class, L entries */
    slong **m;    /* per class, L widths */
} rad;

static void rad_free(rad *r)
{
    if (r->X)
        _fmpq_vec_clear(r->X, r->n * r->d);
    for (slong k = 0; k < r->ncls; k++) {
        if (r->M2 && r->M2[k])
            _fmpq_vec_clear(r->M2[k], r->L[k] + 1);
        if (r->m)
            free(r->m[k]);
    }
    free(r->L);
    free(r->M2);
    free(r->m);
}

/* len rationals (witness digits when wit) into A */
static int read_vec(ck_t *ck, fmpq *A, slong len, const json_t *j, int wit, const char *path)
{
    if (ck_array(ck, j, len, path) < 0)
        return -1;
    for (slong c = 0; c < len; c++) {
        char e[CK_PATH];
        ck_pathf(e, "%s[%ld]", path, (long)c);
        const json_t *v = json_array_get(j, (size_t)c);
        if (wit ? ck_qw(ck, A + c, v, e) : ck_q(ck, A + c, v, e))
            return -1;
    }
    return 0;
}

/* rows x cols of them, row-major */
static int read_rows(ck_t *ck, fmpq *A, slong rows, slong cols, const json_t *j, int wit,
                     const char *path)
{
    char sub[CK_PATH];
    if (ck_array(ck, j, rows, path) < 0)
        return -1;
    for (slong i = 0; i < rows; i++) {
        ck_pathf(sub, "%s[%ld]", path, (long)i);
        if (read_vec(ck, A + i * cols, cols, json_array_get(j, (size_t)i), wit, sub))
            return -1;
    }
    return 0;
}

static slong nparams(slong d, slong L, const slong *m)
{
    slong P = d;
    for (slong l = 0; l < L; l++)
        P += 2 * d * m[l];
    return P;
}

static int read_class(ck_t *ck, rad *r, slong k, const json_t *c)
{
    char path[CK_PATH], sub[CK_PATH];
    ck_pathf(path, "inputs.classes[%ld]", (long)k);
    const json_t *M = json_object_get(c, "M_squared"), *W = json_object_get(c, "width");
    if (ck_keys(ck, c, path, "M_squared width"))
        return -1;
    ck_pathf(sub, "%s.M_squared", path);
    if ((r->L[k] = ck_array(ck, M, -1, sub)) < 0)
        return -1;
    if (r->L[k] > RC_LIMIT_RAD_BLOCKS)
        return ck_limit(ck, sub, "more than %d blocks", RC_LIMIT_RAD_BLOCKS);
    r->M2[k] = _fmpq_vec_init(r->L[k] + 1);
    r->m[k] = calloc((size_t)r->L[k] + 1, sizeof(slong));
    ck_pathf(sub, "%s.width", path);
    if (ck_array(ck, W, r->L[k], sub) < 0)
        return -1;
    for (slong l = 0; l < r->L[k]; l++) {
        ck_pathf(sub, "%s.M_squared[%ld]", path, (long)l);
        if (ck_q(ck, r->M2[k] + l, json_array_get(M, (size_t)l), sub))
            return -1;
        if (fmpq_sgn(r->M2[k] + l) < 0)
            return ck_fail(ck, sub, "a squared norm bound must be >= 0");
        ck_pathf(sub, "%s.width[%ld]", path, (long)l);
        if (ck_int(ck, r->m[k] + l, json_array_get(W, (size_t)l), 1, RC_LIMIT_RAD_DIM, sub))
            return -1;
    }
    return 0;
}

static int read_search(ck_t *ck, const json_t *s)
{
    slong v;
    static const char *key[] = {"restarts", "iterations", "seed", "grid_bits"};
    static const slong hi[] = {RC_LIMIT_RAD_SEARCH, RC_LIMIT_RAD_SEARCH, 1L << 30,
                               RC_LIMIT_RAD_GRID_BITS};
    char sub[CK_PATH];
    if (ck_keys(ck, s, "inputs.search", "restarts iterations seed grid_bits"))
        return -1;
    for (int i = 0; i < 4; i++) {
        ck_pathf(sub, "inputs.search.%s", key[i]);
        if (ck_int(ck, &v, json_object_get(s, key[i]), i == 2 ? 0 : 1, hi[i], sub))
            return -1;
    }
    return 0;
}

static int rad_read(ck_t *ck, rad *r, const json_t *in)
{
    const json_t *X = json_object_get(in, "X"), *cl = json_object_get(in, "classes");
    if (ck_keys(ck, in, "inputs", "X classes search") ||
        (r->n = ck_array(ck, X, -1, "inputs.X")) < 0 ||
        (r->ncls = ck_array(ck, cl, -1, "inputs.classes")) < 0)
        return -1;
    if (r->n < 1 || r->n > RC_LIMIT_RAD_N)
        return ck_limit(ck, "inputs.X", "%ld samples, expected 1 to %d", (long)r->n, RC_LIMIT_RAD_N);
    if (r->ncls < 1 || r->ncls > RC_LIMIT_RAD_CLASSES)
        return ck_limit(ck, "inputs.classes", "%ld classes, expected 1 to %d", (long)r->ncls,
                        RC_LIMIT_RAD_CLASSES);
    r->d = json_is_array(json_array_get(X, 0)) ? (slong)json_array_size(json_array_get(X, 0)) : 0;
    if (r->d < 1 || r->d > RC_LIMIT_RAD_DIM)
        return ck_limit(ck, "inputs.X[0]", "d_x = %ld, expected 1 to %d", (long)r->d, RC_LIMIT_RAD_DIM);
    r->X = _fmpq_vec_init(r->n * r->d);
    r->L = calloc((size_t)r->ncls, sizeof(slong));
    r->M2 = calloc((size_t)r->ncls, sizeof(fmpq *));
    r->m = calloc((size_t)r->ncls, sizeof(slong *));
    if (read_rows(ck, r->X, r->n, r->d, X, 0, "inputs.X") ||
        read_search(ck, json_object_get(in, "search")))
        return -1;
    for (slong k = 0; k < r->ncls; k++)
        if (read_class(ck, r, k, json_array_get(cl, (size_t)k)))
            return -1;
    return 0;
}

/* the longest number string in a witness list (its "eps" and the values,
 * which are recomputed rather than used, aside) */
static size_t longest(const json_t *j, int depth)
{
    size_t m = 0, i;
    const char *key;
    const json_t *v;
    if (json_is_string(j))
        return json_string_length(j);
    if (depth > 8)
        return 0;
    json_array_foreach(j, i, v)
        m = FLINT_MAX(m, longest(v, depth + 1));
    json_object_foreach((json_t *)j, key, v)
        if (strcmp(key, "eps") && strcmp(key, "value"))
            m = FLINT_MAX(m, longest(v, depth + 1));
    return m;
}

/* the exact evaluation's cost, from the witnesses' actual digits, before it */
static int rad_cost(ck_t *ck, const rad *r, const json_t *cl)
{
    double secs = 0;
    for (slong k = 0; k < r->ncls; k++) {
        const json_t *w = json_object_get(json_array_get(cl, (size_t)k), "witnesses");
        long bits = (long)(longest(w, 0) * 10 / 3 + 1);
        secs += rc_cost_thm5(r->n, r->L[k] ? nparams(r->d, r->L[k], r->m[k]) : r->d, r->L[k], 0, bits);
    }
    return ck_cost(ck, "results.classes", secs, "the witnesses of every sign vector");
}

/* ---- one network ------------------------------------------------------------ */

typedef struct {
    slong d, L;
    const slong *m;
    fmpq *w, **V, **U; /* V_l d x m_l, U_l m_l x d */
} net;

static void net_init(net *N, slong d, slong L, const slong *m)
{
    N->d = d;
    N->L = L;
    N->m = m;
    N->w = _fmpq_vec_init(d);
    N->V = calloc((size_t)L + 1, sizeof(fmpq *));
    N->U = calloc((size_t)L + 1, sizeof(fmpq *));
    for (slong l = 0; l < L; l++) {
        N->V[l] = _fmpq_vec_init(d * m[l]);
        N->U[l] = _fmpq_vec_init(d * m[l]);
    }
}

static void net_free(net *N)
{
    _fmpq_vec_clear(N->w, N->d);
    for (slong l = 0; l < N->L; l++) {
        _fmpq_vec_clear(N->V[l], N->d * N->m[l]);
        _fmpq_vec_clear(N->U[l], N->d * N->m[l]);
    }
    free(N->V);
    free(N->U);
}

/* w^T h_L(x) */
static void net_eval(fmpq_t f, const net *N, const fmpq *x)
{
    slong d = N->d;
    fmpq *h = _fmpq_vec_init(d), *z = _fmpq_vec_init(RC_LIMIT_RAD_DIM);
    for (slong j = 0; j < d; j++)
        fmpq_set(h + j, x + j);
    for (slong l = 0; l < N->L; l++) {
        slong m = N->m[l];
        for (slong k = 0; k < m; k++) /* every unit sees h_{l-1}: z first */
            _fmpq_vec_dot(z + k, N->U[l] + k * d, h, d);
        for (slong k = 0; k < m; k++)
            if (fmpq_sgn(z + k) > 0)
                for (slong i = 0; i < d; i++)
                    fmpq_addmul(h + i, N->V[l] + i * m + k, z + k);
    }
    _fmpq_vec_dot(f, N->w, h, d);
    _fmpq_vec_clear(h, d);
    _fmpq_vec_clear(z, RC_LIMIT_RAD_DIM);
}

/* |A|^2 <= bound, else a failure naming path */
static int norm_within(ck_t *ck, const fmpq *A, slong k, const fmpq_t bound, const char *path,
                       const char *what)
{
    fmpq_t s;
    fmpq_init(s);
    _fmpq_vec_dot(s, A, A, k);
    int ok = fmpq_cmp(s, bound) <= 0;
    char *a = ok ? NULL : fmpq_get_str(NULL, 10, s), *b = ok ? NULL : fmpq_get_str(NULL, 10, bound);
    if (!ok)
        ck_fail(ck, path, "not in the class: %s = %.60s > %.60s", what, a, b);
    flint_free(a);
    flint_free(b);
    fmpq_clear(s);
    return ok ? 0 : -1;
}

/* the witness at path: shape, membership in F_L, its sign vector (bit i set
 * when eps_i = -1) */
static int witness_read(ck_t *ck, net *N, slong *k, const rad *r, slong c, const json_t *w,
                        const char *path)
{
    char sub[CK_PATH];
    const json_t *e = json_object_get(w, "eps"), *bl = json_object_get(w, "blocks");
    if (ck_keys(ck, w, path, "eps w blocks value"))
        return -1;
    ck_pathf(sub, "%s.eps", path);
    const char *t = json_is_string(e) ? json_string_value(e) : "";
    if ((slong)strlen(t) != r->n || strspn(t, "+-") != strlen(t))
        return ck_fail(ck, sub, "expected %ld signs + or -", (long)r->n);
    *k = 0;
    for (slong i = 0; i < r->n; i++)
        *k |= (slong)(t[i] == '-') << i;
    fmpq_t one;
    fmpq_init(one);
    fmpq_one(one);
    ck_pathf(sub, "%s.w", path);
    int rc = read_vec(ck, N->w, r->d, json_object_get(w, "w"), 1, sub);
    rc = rc || norm_within(ck, N->w, r->d, one, sub, "|w|^2");
    fmpq_clear(one);
    ck_pathf(sub, "%s.blocks", path);
    if (rc || ck_array(ck, bl, r->L[c], sub) < 0)
        return -1;
    for (slong l = 0; l < r->L[c]; l++) {
        const json_t *b = json_array_get(bl, (size_t)l);
        char what[32];
        ck_pathf(sub, "%s.blocks[%ld]", path, (long)l);
        if (ck_keys(ck, b, sub, "V U"))
            return -1;
        ck_pathf(sub, "%s.blocks[%ld].V", path, (long)l);
        snprintf(what, sizeof what, "|V_%ld|_F^2", (long)l + 1);
        if (read_rows(ck, N->V[l], r->d, r->m[c][l], json_object_get(b, "V"), 1, sub) ||
            norm_within(ck, N->V[l], r->d * r->m[c][l], r->M2[c] + l, sub, what))
            return -1;
        ck_pathf(sub, "%s.blocks[%ld].U", path, (long)l);
        snprintf(what, sizeof what, "|U_%ld|_F^2", (long)l + 1);
        if (read_rows(ck, N->U[l], r->m[c][l], r->d, json_object_get(b, "U"), 1, sub) ||
            norm_within(ck, N->U[l], r->d * r->m[c][l], r->M2[c] + l, sub, what))
            return -1;
    }
    return 0;
}

static json_t *vec_json(const fmpq *v, slong k)
{
    json_t *a = json_array();
    for (slong i = 0; i < k; i++)
        json_array_append_new(a, rc_json_fmpq(v + i));
    return a;
}

static json_t *rows_json(const fmpq *A, slong rows, slong cols)
{
    json_t *a = json_array();
    for (slong i = 0; i < rows; i++)
        json_array_append_new(a, vec_json(A + i * cols, cols));
    return a;
}

static json_t *ball_json(const arb_t x)
{
    char *t = arb_get_str(x, DIGITS, 0);
    json_t *j = json_string(t);
    flint_free(t);
    return j;
}

/* the witness as checked, with its value recomputed */
static json_t *witness_json(const net *N, const json_t *eps, const fmpq_t value)
{
    json_t *w = json_object(), *bl = json_array();
    for (slong l = 0; l < N->L; l++) {
        json_t *b = json_object();
        json_object_set_new(b, "V", rows_json(N->V[l], N->d, N->m[l]));
        json_object_set_new(b, "U", rows_json(N->U[l], N->m[l], N->d));
        json_array_append_new(bl, b);
    }
    json_object_set_new(w, "eps", json_deep_copy(eps));
    json_object_set_new(w, "w", vec_json(N->w, N->d));
    json_object_set_new(w, "blocks", bl);
    json_object_set_new(w, "value", rc_json_fmpq(value));
    return w;
}

/* (1/n) sum eps_i f(x_i), eps_i = -1 where bit i of k is set */
static void objective(fmpq_t v, const rad *r, const net *N, slong k)
{
    fmpq_t f;
    fmpq_init(f);
    fmpq_zero(v);
    for (slong i = 0; i < r->n; i++) {
        net_eval(f, N, r->X + i * r->d);
        if ((k >> i) & 1)
            fmpq_sub(v, v, f);
        else
            fmpq_add(v, v, f);
    }
    fmpq_set_si(f, r->n, 1);
    fmpq_div(v, v, f);
    fmpq_clear(f);
}

/* the witnesses of class c: witness j for sign vector j (so each once, in
 * one canonical order), each in F_L; their
 * average value into lower; NULL on a failure */
static json_t *witnesses(ck_t *ck, fmpq_t lower, const rad *r, slong c, const json_t *ws,
                         const char *path)
{
    slong neps = 1L << r->n;
    if (ck_array(ck, ws, neps, path) < 0)
        return NULL;
    json_t *out = json_array();
    fmpq_t v;
    fmpq_init(v);
    fmpq_zero(lower);
    net N;
    net_init(&N, r->d, r->L[c], r->m[c]);
    for (slong j = 0; j < neps && out; j++) {
        char sub[CK_PATH];
        slong k = 0;
        const json_t *w = json_array_get(ws, (size_t)j);
        ck_pathf(sub, "%s[%ld]", path, (long)j);
        if (witness_read(ck, &N, &k, r, c, w, sub) ||
            (k != j && ck_fail(ck, sub, "sign vector %s out of place: witness j is for the "
                               "sign vector of index j (eps_i = -1 where bit i is set)",
                               json_string_value(json_object_get(w, "eps"))))) {
            json_decref(out);
            out = NULL;
            break;
        }
        objective(v, r, &N, k);
        fmpq_add(lower, lower, v);
        json_array_append_new(out, witness_json(&N, json_object_get(w, "eps"), v));
    }
    /* neps witnesses, witness j for sign vector j: every sign vector once */
    fmpq_div_2exp(lower, lower, (ulong)r->n);
    net_free(&N);
    fmpq_clear(v);
    return out;
}

static const char *word[] = {"below", "equal", "above", "undecided"};

/* the sign of q - sqrt(U2) as an index of word */
static int q_vs_sqrt(const fmpq_t q, const fmpq_t U2)
{
    if (fmpq_sgn(q) < 0)
        return 0;
    fmpq_t q2;
    fmpq_init(q2);
    fmpq_mul(q2, q, q);
    int c = fmpq_cmp(q2, U2);
    fmpq_clear(q2);
    return c < 0 ? 0 : c == 0 ? 1 : 2;
}

static void L0_value(arb_t E, const fmpq *s, slong neps, slong n, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_zero(E);
    for (slong k = 0; k < neps; k++) {
        arb_set_fmpq(t, s + k, prec);
        arb_sqrt(t, t, prec);
        arb_add(E, E, t, prec);
    }
    arb_div_ui(E, E, (ulong)neps, prec);
    arb_div_si(E, E, n, prec);
    arb_clear(t);
}

/* L = 0: s_k = |sum eps_i x_i|^2; the value against sqrt(U2), exactly when
 * every s_k is the same s (the value is sqrt(s)/n), else by enclosures */
static int L0_compare(const fmpq *s, slong neps, slong n, const fmpq_t U2)
{
    slong k = 1;
    while (k < neps && fmpq_equal(s + k, s))
        k++;
    if (k == neps) {
        fmpq_t v;
        fmpq_init(v);
        fmpq_set_si(v, n * n, 1);
        fmpq_div(v, s, v);
        int c = fmpq_cmp(v, U2);
        fmpq_clear(v);
        return c < 0 ? 0 : c == 0 ? 1 : 2;
    }
    int out = 3;
    arb_t E, U;
    arb_init(E);
    arb_init(U);
    for (slong prec = PREC; prec <= MAX_PREC && out == 3; prec *= 2) {
        L0_value(E, s, neps, n, prec);
        arb_set_fmpq(U, U2, prec);
        arb_sqrt(U, U, prec);
        out = arb_lt(E, U) ? 0 : arb_gt(E, U) ? 2 : 3;
    }
    arb_clear(E);
    arb_clear(U);
    return out;
}

static void L0_norms(fmpq *s, const rad *r, slong neps)
{
    fmpq *v = _fmpq_vec_init(r->d);
    for (slong k = 0; k < neps; k++) {
        for (slong j = 0; j < r->d; j++) {
            fmpq_zero(v + j);
            for (slong i = 0; i < r->n; i++)
                ((k >> i) & 1 ? fmpq_sub : fmpq_add)(v + j, v + j, r->X + i * r->d + j);
        }
        _fmpq_vec_dot(s + k, v, v, r->d);
    }
    _fmpq_vec_clear(v, r->d);
}

/* class c's results recomputed into e; -1 on a failure */
static int check_class(ck_t *ck, json_t *e, const rad *r, slong c, const json_t *res,
                       const fmpq_t B2, ck_verdict *v)
{
    fmpq_t prod, U2, t, lower;
    arb_t U, E, ratio;
    fmpq_init(prod), fmpq_init(U2), fmpq_init(t), fmpq_init(lower);
    arb_init(U), arb_init(E), arb_init(ratio);
    fmpq_one(prod);
    for (slong l = 0; l < r->L[c]; l++) { /* prod (1 + 2 M_l^2) */
        fmpq_add(t, r->M2[c] + l, r->M2[c] + l);
        fmpq_add_si(t, t, 1);
        fmpq_mul(prod, prod, t);
    }
    fmpq_mul(U2, prod, prod); /* B^2 prod^2 / n */
    fmpq_mul(U2, U2, B2);
    fmpq_set_si(t, r->n, 1);
    fmpq_div(U2, U2, t);
    arb_set_fmpq(U, U2, PREC);
    arb_sqrt(U, U, PREC);
    json_object_set_new(e, "L", json_integer(r->L[c]));
    json_object_set_new(e, "product", rc_json_fmpq(prod));
    json_object_set_new(e, "upper_squared", rc_json_fmpq(U2));
    json_object_set_new(e, "upper", ball_json(U));
    slong neps = 1L << r->n;
    int cmp, rc = 0;
    if (r->L[c] == 0) {
        fmpq *s = _fmpq_vec_init(neps);
        L0_norms(s, r, neps);
        cmp = L0_compare(s, neps, r->n, U2);
        L0_value(E, s, neps, r->n, PREC);
        json_object_set_new(e, "norms_squared", vec_json(s, neps));
        json_object_set_new(e, "exact", ball_json(E));
        json_object_set_new(e, "lower", json_null());
        json_object_set_new(e, "witnesses", json_null());
        _fmpq_vec_clear(s, neps);
    } else {
        char path[CK_PATH];
        ck_pathf(path, "results.classes[%ld].witnesses", (long)c);
        json_t *w = witnesses(ck, lower, r, c, json_object_get(res, "witnesses"), path);
        rc = w ? 0 : -1;
        cmp = q_vs_sqrt(lower, U2);
        arb_set_fmpq(E, lower, PREC);
        json_object_set_new(e, "norms_squared", json_null());
        json_object_set_new(e, "exact", json_null());
        json_object_set_new(e, "lower", rc_json_fmpq(lower));
        json_object_set_new(e, "witnesses", w ? w : json_null());
    }
    arb_div(ratio, E, U, PREC);
    json_object_set_new(e, "ratio", ball_json(ratio));
    json_object_set_new(e, "comparison", json_string(word[cmp]));
    ck_state(v, cmp == 2 ? CK_FAIL : cmp == 3 ? CK_UNDECIDED : CK_OK,
             "results.classes[%ld]: the %s exceeds B prod(1 + 2 M_l^2)/sqrt(n)%s", (long)c,
             r->L[c] ? "certified lower bound" : "exact L = 0 value",
             cmp == 3 ? " or not: the enclosures overlap" : "");
    fmpq_clear(prod), fmpq_clear(U2), fmpq_clear(t), fmpq_clear(lower);
    arb_clear(U), arb_clear(E), arb_clear(ratio);
    return rc;
}

int ck_yun19_thm5(ck_t *ck, int variant, const char *claim, const json_t *in,
                  const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    rad r;
    memset(&r, 0, sizeof r);
    const json_t *cl = json_object_get(results, "classes");
    if (rad_read(ck, &r, in) || ck_array(ck, cl, r.ncls, "results.classes") < 0 ||
        rad_cost(ck, &r, cl)) {
        rad_free(&r);
        return -1;
    }
    fmpq_t B2, t;
    fmpq_init(B2);
    fmpq_init(t);
    for (slong i = 0; i < r.n; i++) { /* B^2 = max |x_i|^2 */
        _fmpq_vec_dot(t, r.X + i * r.d, r.X + i * r.d, r.d);
        if (i == 0 || fmpq_cmp(t, B2) > 0)
            fmpq_set(B2, t);
    }
    json_t *res = json_object(), *ecl = json_array();
    json_object_set_new(res, "n", json_integer(r.n));
    json_object_set_new(res, "B_squared", rc_json_fmpq(B2));
    json_object_set_new(res, "classes", ecl);
    int rc = 0;
    for (slong c = 0; c < r.ncls && !rc; c++) {
        json_t *e = json_object();
        json_array_append_new(ecl, e);
        rc = check_class(ck, e, &r, c, json_array_get(cl, (size_t)c), B2, v);
    }
    fmpq_clear(B2);
    fmpq_clear(t);
    rad_free(&r);
    if (rc) {
        json_decref(res);
        return -1;
    }
    *expected = res;
    return 0;
}
