/* li18's n-shortcut networks in the checker: the certificate's inputs, and
 * the loss's derivatives at w = 0, computed in two ways of the checker's own,
 * one sample at a time:
 *  - second-order forward-mode differentiation: every scalar carries its
 *    value, sparse gradient and sparse Hessian, combined by the chain rule
 *    and the product rule (ck_li18_derivatives);
 *  - the loss's Taylor polynomial to order K as a sparse polynomial in the
 *    weights (ck_li18_taylor, for n >= 3).
 * Unit r maps h to h + sigma_post(W^{r,n} sigma_mid(... W^{r,1} sigma_pre(h)));
 * the loss is (1/2m) sum_mu ||y^mu - f(x^mu)||^2; the weight w^{r,l}_{ij}
 * (0-based, row i, column j of the l-th matrix of unit r) is the variable
 * p = ((r*n + l)*d + j)*d + i (the paper's Definition 5). */
#include "rules.h"
#include "rescheck/sort.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

/* ---- inputs ----------------------------------------------------------------- */

#define MAX_DER 8 /* the spec reader's */

static int read_matrix(ck_t *ck, fmpq *A, const json_t *j, slong d, slong m, const char *path)
{
    char sub[CK_PATH];
    if (ck_array(ck, j, d, path) < 0)
        return -1;
    for (slong i = 0; i < d; i++) {
        const json_t *row = json_array_get(j, (size_t)i);
        ck_pathf(sub, "%s[%ld]", path, (long)i);
        if (ck_array(ck, row, m, sub) < 0)
            return -1;
        for (slong mu = 0; mu < m; mu++) {
            ck_pathf(sub, "%s[%ld][%ld]", path, (long)i, (long)mu);
            if (ck_q(ck, A + i * m + mu, json_array_get(row, (size_t)mu), sub))
                return -1;
        }
    }
    return 0;
}

/* "identity", "relu" or {"derivatives": [sigma(0), sigma'(0), ...]};
 * at_zero: Assumption 3 needs sigma(0) = 0 (the mid and post positions) */
static int read_act(ck_t *ck, ck_act *a, const json_t *j, int at_zero, const char *path)
{
    char sub[CK_PATH];
    const char *s = json_string_value(j);
    if (s && !strcmp(s, "identity")) {
        a->kind = CK_ACT_IDENTITY;
        return 0;
    }
    if (s && !strcmp(s, "relu")) {
        a->kind = CK_ACT_RELU;
        return 0;
    }
    if (s || ck_keys(ck, j, path, "derivatives"))
        return ck_fail(ck, path, "expected \"identity\", \"relu\" or {\"derivatives\": [...]}");
    const json_t *der = json_object_get(j, "derivatives");
    ck_pathf(sub, "%s.derivatives", path);
    slong k = ck_array(ck, der, -1, sub);
    if (k < 0)
        return -1;
    if (k < 1 || k > MAX_DER)
        return ck_fail(ck, sub, "expected 1 to %d entries", MAX_DER);
    a->kind = CK_ACT_POLY;
    a->der = _fmpq_vec_init(k);
    a->nder = k;
    for (slong i = 0; i < k; i++) {
        ck_pathf(sub, "%s.derivatives[%ld]", path, (long)i);
        if (ck_q(ck, a->der + i, json_array_get(der, (size_t)i), sub))
            return -1;
    }
    if (at_zero && !fmpq_is_zero(a->der))
        return ck_fail(ck, path, "Assumption 3 needs sigma(0) = 0 at the mid and post positions");
    return 0;
}

int ck_net_read(ck_t *ck, ck_net *net, const json_t *in, slong n_min, slong n_max)
{
    char sub[CK_PATH];
    const json_t *acts;
    memset(net, 0, sizeof *net);
    if (ck_keys(ck, in, "inputs", "R X Y activations d m n") ||
        ck_int(ck, &net->d, json_object_get(in, "d"), 1, RC_LIMIT_LI18_D, "inputs.d") ||
        ck_int(ck, &net->m, json_object_get(in, "m"), 1, RC_LIMIT_POINTS, "inputs.m") ||
        ck_int(ck, &net->n, json_object_get(in, "n"), n_min, n_max ? n_max : RC_LIMIT_LI18_N,
               "inputs.n") ||
        ck_int(ck, &net->R, json_object_get(in, "R"), 1, RC_LIMIT_LI18_R, "inputs.R"))
        return -1;
    acts = json_object_get(in, "activations");
    if (ck_keys(ck, acts, "inputs.activations", "mid post pre"))
        return -1;
    static const char *names[] = {"pre", "mid", "post"};
    ck_act *a[] = {&net->pre, &net->mid, &net->post};
    for (int k = 0; k < 3; k++) {
        ck_pathf(sub, "inputs.activations.%s", names[k]);
        if (read_act(ck, a[k], json_object_get(acts, names[k]), k > 0, sub))
            return -1;
    }
    net->X = _fmpq_vec_init(net->d * net->m);
    net->Y = _fmpq_vec_init(net->d * net->m);
    if (read_matrix(ck, net->X, json_object_get(in, "X"), net->d, net->m, "inputs.X") ||
        read_matrix(ck, net->Y, json_object_get(in, "Y"), net->d, net->m, "inputs.Y"))
        return -1;
    int relu = net->pre.kind == CK_ACT_RELU || net->mid.kind == CK_ACT_RELU ||
               net->post.kind == CK_ACT_RELU;
    slong bits = 1, dm = net->d * net->m;
    for (slong k = 0; k < 2 * dm; k++) {
        const fmpq *a = k < dm ? net->X + k : net->Y + k - dm;
        bits = FLINT_MAX(bits, (slong)(fmpz_bits(fmpq_numref(a)) + fmpz_bits(fmpq_denref(a))));
    }
    char what[128];
    snprintf(what, sizeof what, "d = %ld, m = %ld, n = %ld, R = %ld%s (%ld-bit data)",
             (long)net->d, (long)net->m, (long)net->n, (long)net->R, relu ? " with ReLU" : "",
             (long)bits);
    ck_pathf(sub, "inputs.%s", rc_cost_li18_field(net->d, net->m, net->n, net->R, relu, bits));
    if (ck_cost(ck, sub, rc_cost_li18(net->d, net->m, net->n, net->R, relu, bits), what))
        return -1;
    return 0;
}

void ck_net_clear(ck_net *net)
{
    if (net->X) {
        _fmpq_vec_clear(net->X, net->d * net->m);
        _fmpq_vec_clear(net->Y, net->d * net->m);
    }
    ck_act *a[] = {&net->pre, &net->mid, &net->post};
    for (int k = 0; k < 3; k++)
        if (a[k]->der)
            _fmpq_vec_clear(a[k]->der, a[k]->nder);
}

void ck_act_deriv(fmpq_t res, const ck_act *a, const fmpq_t t, slong k)
{
    fmpq_t out; /* res may alias t */
    fmpq_init(out);
    if (a->kind == CK_ACT_IDENTITY) {
        if (k == 0)
            fmpq_set(out, t);
        else if (k == 1)
            fmpq_one(out);
    } else if (a->kind == CK_ACT_RELU) {
        if (k == 0 && fmpq_sgn(t) > 0)
            fmpq_set(out, t);
        else if (k == 1 && fmpq_sgn(t) >= 0)
            fmpq_one(out);
    } else {
        /* d^k/dt^k sum_j der[j] t^j / j! = sum_{j >= k} der[j] t^(j-k) / (j-k)!,
           by Horner from the top */
        fmpz_t e;
        fmpz_init(e);
        for (slong j = a->nder - 1; j >= k; j--) {
            fmpz_set_si(e, j - k + 1);
            fmpq_mul(out, out, t);
            fmpq_div_fmpz(out, out, e);
            fmpq_add(out, out, a->der + j);
        }
        fmpz_clear(e);
    }
    fmpq_swap(res, out);
    fmpq_clear(out);
}

/* ---- sparse polynomials ------------------------------------------------------ */

void ck_sparse_init(ck_sparse *s)
{
    s->len = s->cap = 0;
    s->t = NULL;
}

static void sparse_zero(ck_sparse *s)
{
    for (slong i = 0; i < s->len; i++)
        fmpq_clear(s->t[i].c);
    s->len = 0;
}

void ck_sparse_clear(ck_sparse *s)
{
    sparse_zero(s);
    free(s->t);
}

void ck_sparse_push(ck_sparse *s, const ck_mono *m, const fmpq_t c)
{
    if (fmpq_is_zero(c))
        return;
    if (s->len == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->t = realloc(s->t, (size_t)s->cap * sizeof(ck_term));
    }
    s->t[s->len].m = *m;
    fmpq_init(s->t[s->len].c);
    fmpq_set(s->t[s->len].c, c);
    s->len++;
}

/* pushes c * (every term of a) */
static void push_scaled(ck_sparse *s, const ck_sparse *a, const fmpq_t c)
{
    fmpq_t t;
    fmpq_init(t);
    for (slong i = 0; i < a->len && !fmpq_is_zero(c); i++) {
        fmpq_mul(t, a->t[i].c, c);
        ck_sparse_push(s, &a->t[i].m, t);
    }
    fmpq_clear(t);
}

static int mono_cmp(const ck_mono *a, const ck_mono *b)
{
    if (a->deg != b->deg)
        return a->deg < b->deg ? -1 : 1;
    for (uint32_t k = 0; k < a->deg; k++)
        if (a->v[k] != b->v[k])
            return a->v[k] < b->v[k] ? -1 : 1;
    return 0;
}

static int term_cmp(const void *a, const void *b)
{
    return mono_cmp(&((const ck_term *)a)->m, &((const ck_term *)b)->m);
}

/* bsearch: a monomial against a term */
static int mono_term_cmp(const void *key, const void *term)
{
    return mono_cmp(key, &((const ck_term *)term)->m);
}

void ck_sparse_norm(ck_sparse *s)
{
    rc_sort(s->t, (size_t)s->len, sizeof(ck_term), term_cmp);
    slong w = -1;
    for (slong r = 0; r < s->len; r++) {
        if (w >= 0 && mono_cmp(&s->t[w].m, &s->t[r].m) == 0) {
            fmpq_add(s->t[w].c, s->t[w].c, s->t[r].c);
            fmpq_clear(s->t[r].c);
            continue;
        }
        if (w >= 0 && fmpq_is_zero(s->t[w].c))
            fmpq_clear(s->t[w--].c);
        s->t[++w] = s->t[r];
    }
    if (w >= 0 && fmpq_is_zero(s->t[w].c))
        fmpq_clear(s->t[w--].c);
    s->len = w + 1;
}

void ck_sparse_get2(fmpq_t out, const ck_sparse *s, slong p, slong q)
{
    ck_mono key = {2, {(uint32_t)(p < q ? p : q), (uint32_t)(p < q ? q : p)}};
    const ck_term *hit = rc_search(&key, s->t, (size_t)s->len, sizeof(ck_term),
                                    mono_term_cmp);
    if (hit)
        fmpq_set(out, hit->c);
    else
        fmpq_zero(out);
}

/* keeps an accumulator short: normalises when it has doubled */
static void compact(ck_sparse *s, slong *clean)
{
    if (s->len > 2 * *clean + 4096) {
        ck_sparse_norm(s);
        *clean = s->len;
    }
}

static ck_mono mono1(slong p)
{
    ck_mono m = {1, {(uint32_t)p}};
    return m;
}

static ck_mono mono2(slong p, slong q)
{
    ck_mono m = {2, {(uint32_t)(p < q ? p : q), (uint32_t)(p < q ? q : p)}};
    return m;
}

static slong weight(const ck_net *net, slong r, slong l, slong j, slong i)
{
    return ((r * net->n + l) * net->d + j) * net->d + i;
}

/* ---- second-order forward mode -------------------------------------------- */

typedef struct {
    fmpq_t v;
    ck_sparse g, H; /* g: terms w_p; H: entries H_pq (p <= q) as terms w_p w_q */
} ad;

static ad *ad_vec(slong n)
{
    ad *a = calloc((size_t)n, sizeof(ad));
    for (slong i = 0; i < n; i++) {
        fmpq_init(a[i].v);
        ck_sparse_init(&a[i].g);
        ck_sparse_init(&a[i].H);
    }
    return a;
}

static void ad_vec_free(ad *a, slong n)
{
    for (slong i = 0; i < n; i++) {
        fmpq_clear(a[i].v);
        ck_sparse_clear(&a[i].g);
        ck_sparse_clear(&a[i].H);
    }
    free(a);
}

/* pushes the upper triangle of c * g g^T (g normalised) */
static void push_outer(ck_sparse *H, const ck_sparse *g, const fmpq_t c)
{
    fmpq_t t;
    fmpq_init(t);
    for (slong a = 0; a < g->len && !fmpq_is_zero(c); a++)
        for (slong b = a; b < g->len; b++) {
            fmpq_mul(t, g->t[a].c, g->t[b].c);
            fmpq_mul(t, t, c);
            ck_mono m = mono2(g->t[a].m.v[0], g->t[b].m.v[0]);
            ck_sparse_push(H, &m, t);
        }
    fmpq_clear(t);
}

/* x = sigma(x): value sigma(v), gradient sigma'(v) g, Hessian
 * sigma'(v) H + sigma''(v) g g^T (with_hessian: else the Hessian is dropped) */
static void ad_act(ad *x, const ck_act *a, int with_hessian)
{
    fmpq_t s1, s2;
    fmpq_init(s1);
    fmpq_init(s2);
    ck_act_deriv(s1, a, x->v, 1);
    ck_act_deriv(s2, a, x->v, 2);
    ck_act_deriv(x->v, a, x->v, 0);
    ck_sparse g, H;
    ck_sparse_init(&g);
    ck_sparse_init(&H);
    ck_sparse_norm(&x->g);
    push_scaled(&g, &x->g, s1);
    if (with_hessian) {
        push_scaled(&H, &x->H, s1);
        push_outer(&H, &x->g, s2);
        ck_sparse_norm(&H);
    }
    ck_sparse_clear(&x->g);
    ck_sparse_clear(&x->H);
    x->g = g;
    x->H = H;
    fmpq_clear(s1);
    fmpq_clear(s2);
}

/* u = W^{r,l} z, u_i = sum_j w_ij z_j at w = 0. The product rule for w z
 * with w = 0 and a zero Hessian of w leaves: value 0, gradient z.v e_p,
 * Hessian e_p z.g^T + z.g e_p^T. z's own Hessian does not enter. */
static void ad_matvec(ad *u, const ad *z, const ck_net *net, slong r, slong l)
{
    fmpq_t two;
    fmpq_init(two);
    for (slong i = 0; i < net->d; i++) {
        fmpq_zero(u[i].v);
        sparse_zero(&u[i].g);
        sparse_zero(&u[i].H);
        for (slong j = 0; j < net->d; j++) {
            slong p = weight(net, r, l, j, i);
            ck_mono m = mono1(p);
            ck_sparse_push(&u[i].g, &m, z[j].v);
            for (slong k = 0; k < z[j].g.len; k++) {
                slong q = z[j].g.t[k].m.v[0];
                m = mono2(p, q);
                fmpq_mul_2exp(two, z[j].g.t[k].c, p == q); /* (e_p g^T + g e_p^T)_pp = 2 g_p */
                ck_sparse_push(&u[i].H, &m, two);
            }
        }
        ck_sparse_norm(&u[i].g);
        ck_sparse_norm(&u[i].H);
    }
    fmpq_clear(two);
}

/* adds sample mu's (1/2)||y - f(x)||^2 to L, grad and hess */
static void ad_sample(const ck_net *net, slong mu, fmpq_t L, ck_sparse *grad, ck_sparse *hess,
                      slong clean[2])
{
    slong d = net->d;
    ad *h = ad_vec(d), *z = ad_vec(d), *u = ad_vec(d);
    fmpq_t e, t;
    fmpq_init(e);
    fmpq_init(t);
    for (slong i = 0; i < d; i++)
        fmpq_set(h[i].v, net->X + i * net->m + mu);
    for (slong r = 0; r < net->R; r++) {
        /* z = sigma_pre(h) to first order: W^{r,1} sees only that */
        fmpq_one(t);
        for (slong j = 0; j < d; j++) {
            fmpq_set(z[j].v, h[j].v);
            sparse_zero(&z[j].g);
            push_scaled(&z[j].g, &h[j].g, t);
            ad_act(z + j, &net->pre, 0);
        }
        for (slong l = 0; l < net->n; l++) {
            ad_matvec(u, z, net, r, l);
            for (slong i = 0; i < d; i++) {
                ad_act(u + i, l + 1 < net->n ? &net->mid : &net->post, 1);
                ad tmp = z[i];
                z[i] = u[i];
                u[i] = tmp;
            }
        }
        fmpq_one(t);
        for (slong i = 0; i < d; i++) { /* h += z */
            fmpq_add(h[i].v, h[i].v, z[i].v);
            push_scaled(&h[i].g, &z[i].g, t);
            ck_sparse_norm(&h[i].g);
            push_scaled(&h[i].H, &z[i].H, t);
        }
    }
    /* (1/2)(f - y)^2: value e^2/2, gradient e g, Hessian e H + g g^T */
    for (slong i = 0; i < d; i++) {
        fmpq_sub(e, h[i].v, net->Y + i * net->m + mu);
        fmpq_mul(t, e, e);
        fmpq_div_2exp(t, t, 1);
        fmpq_add(L, L, t);
        push_scaled(grad, &h[i].g, e);
        push_scaled(hess, &h[i].H, e);
        push_outer(hess, &h[i].g, (fmpq_one(t), t));
        compact(grad, clean);
        compact(hess, clean + 1);
    }
    fmpq_clear(e);
    fmpq_clear(t);
    ad_vec_free(h, d);
    ad_vec_free(z, d);
    ad_vec_free(u, d);
}

static void scale_down(ck_sparse *s, const fmpz_t m)
{
    for (slong i = 0; i < s->len; i++)
        fmpq_div_fmpz(s->t[i].c, s->t[i].c, m);
}

void ck_li18_derivatives(fmpq_t L0, ck_sparse *grad, ck_sparse *hess, const ck_net *net)
{
    slong clean[2] = {0, 0};
    fmpz_t m;
    fmpz_init_set_si(m, net->m);
    fmpq_zero(L0);
    for (slong mu = 0; mu < net->m; mu++)
        ad_sample(net, mu, L0, grad, hess, clean);
    ck_sparse_norm(grad);
    ck_sparse_norm(hess);
    fmpq_div_fmpz(L0, L0, m);
    scale_down(grad, m);
    scale_down(hess, m);
    fmpz_clear(m);
}

/* ---- truncated Taylor polynomials ------------------------------------------- */

/* out = a * b without terms of degree > K; normalised */
static void tp_mul(ck_sparse *out, const ck_sparse *a, const ck_sparse *b, uint32_t K)
{
    fmpq_t c;
    fmpq_init(c);
    sparse_zero(out);
    for (slong i = 0; i < a->len; i++)
        for (slong j = 0; j < b->len; j++) {
            const ck_mono *x = &a->t[i].m, *y = &b->t[j].m;
            if (x->deg + y->deg > K)
                continue;
            ck_mono m = {x->deg + y->deg, {0}};
            for (uint32_t p = 0, q = 0, k = 0; k < m.deg; k++)
                m.v[k] = (q == y->deg || (p < x->deg && x->v[p] <= y->v[q])) ? x->v[p++] : y->v[q++];
            fmpq_mul(c, a->t[i].c, b->t[j].c);
            ck_sparse_push(out, &m, c);
        }
    ck_sparse_norm(out);
    fmpq_clear(c);
}

/* x = sigma(x) = sum_k sigma^(k)(x0)/k! (x - x0)^k to order K, x0 the
 * constant term */
static void tp_act(ck_sparse *x, const ck_act *a, uint32_t K)
{
    ck_sparse delta, pw, next, out;
    ck_sparse_init(&delta);
    ck_sparse_init(&pw);
    ck_sparse_init(&next);
    ck_sparse_init(&out);
    fmpq_t x0, c;
    fmpq_init(x0);
    fmpq_init(c);
    ck_sparse_norm(x);
    for (slong i = 0; i < x->len; i++) {
        if (x->t[i].m.deg == 0)
            fmpq_set(x0, x->t[i].c);
        else
            ck_sparse_push(&delta, &x->t[i].m, x->t[i].c);
    }
    ck_mono one = {0, {0}};
    ck_act_deriv(c, a, x0, 0);
    ck_sparse_push(&out, &one, c);
    fmpq_one(c);
    push_scaled(&pw, &delta, c);
    fmpz_t fact;
    fmpz_init_set_ui(fact, 1);
    for (uint32_t k = 1; k <= K && pw.len > 0; k++) {
        fmpz_mul_ui(fact, fact, k);
        ck_act_deriv(c, a, x0, (slong)k);
        fmpq_div_fmpz(c, c, fact);
        push_scaled(&out, &pw, c);
        tp_mul(&next, &pw, &delta, K);
        ck_sparse tmp = pw;
        pw = next;
        next = tmp;
    }
    ck_sparse_norm(&out);
    ck_sparse_clear(x);
    *x = out;
    fmpz_clear(fact);
    fmpq_clear(x0);
    fmpq_clear(c);
    ck_sparse_clear(&delta);
    ck_sparse_clear(&pw);
    ck_sparse_clear(&next);
}

/* u = W^{r,l} z to order K */
static void tp_matvec(ck_sparse *u, const ck_sparse *z, const ck_net *net, slong r, slong l,
                      uint32_t K)
{
    for (slong i = 0; i < net->d; i++) {
        sparse_zero(u + i);
        for (slong j = 0; j < net->d; j++) {
            uint32_t p = (uint32_t)weight(net, r, l, j, i);
            for (slong k = 0; k < z[j].len; k++) {
                const ck_mono *x = &z[j].t[k].m;
                if (x->deg + 1 > K)
                    continue;
                ck_mono m = *x; /* insert p into the sorted indices */
                uint32_t at = m.deg++;
                for (; at > 0 && m.v[at - 1] > p; at--)
                    m.v[at] = m.v[at - 1];
                m.v[at] = p;
                ck_sparse_push(u + i, &m, z[j].t[k].c);
            }
        }
        ck_sparse_norm(u + i);
    }
}

void ck_li18_taylor(ck_sparse *T, const ck_net *net, uint32_t K)
{
    slong d = net->d, clean = 0;
    ck_sparse *h = calloc((size_t)(3 * d), sizeof(ck_sparse)), *z = h + d, *u = h + 2 * d, sq;
    ck_sparse_init(&sq);
    ck_mono one = {0, {0}};
    fmpq_t c, half_m;
    fmpq_init(c);
    fmpq_init(half_m);
    fmpq_set_si(half_m, 1, 2 * net->m);
    for (slong mu = 0; mu < net->m; mu++) {
        for (slong i = 0; i < d; i++)
            ck_sparse_push(h + i, &one, net->X + i * net->m + mu);
        for (slong r = 0; r < net->R; r++) {
            for (slong j = 0; j < d; j++) {
                sparse_zero(z + j);
                push_scaled(z + j, h + j, (fmpq_one(c), c));
                tp_act(z + j, &net->pre, K);
            }
            for (slong l = 0; l < net->n; l++) {
                tp_matvec(u, z, net, r, l, K);
                for (slong i = 0; i < d; i++) {
                    tp_act(u + i, l + 1 < net->n ? &net->mid : &net->post, K);
                    ck_sparse tmp = z[i];
                    z[i] = u[i];
                    u[i] = tmp;
                }
            }
            for (slong i = 0; i < d; i++) {
                push_scaled(h + i, z + i, (fmpq_one(c), c));
                ck_sparse_norm(h + i);
            }
        }
        /* (1/2m) (f_i - y_i)^2 */
        for (slong i = 0; i < d; i++) {
            fmpq_neg(c, net->Y + i * net->m + mu);
            ck_sparse_push(h + i, &one, c);
            ck_sparse_norm(h + i);
            tp_mul(&sq, h + i, h + i, K);
            push_scaled(T, &sq, half_m);
            compact(T, &clean);
            sparse_zero(h + i);
        }
    }
    ck_sparse_norm(T);
    for (slong i = 0; i < 3 * d; i++)
        ck_sparse_clear(h + i);
    free(h);
    ck_sparse_clear(&sq);
    fmpq_clear(c);
    fmpq_clear(half_m);
}
