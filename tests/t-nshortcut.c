/* The exact Hessian at zero of n-shortcut networks (li18, issue 3) against a
 * second, independent method: forward-mode automatic differentiation with
 * hyper-dual numbers over Q. A hyper-dual number is a + b e1 + c e2 + e e1e2
 * with e1^2 = e2^2 = 0; setting w_p = e1, w_q = e2 (p != q), or w_p = e1 + e2
 * (p = q), and every other weight to 0, the e1e2 coefficient of the loss is
 * d2L/dw_p dw_q at 0 and the e1 coefficient is dL/dw_p. The network is
 * evaluated sample by sample, matrix by matrix, exactly as Definitions 1-2
 * read; activations enter only through their value, first and second
 * derivative at a point (rc_act_taylor_coeff).
 *
 * Also: the degree-1 part of rc_nsnet_loss_taylor against the hyper-dual
 * gradient, the zero Hessian and gradient for n >= 3, and the Arb branch of
 * rc_isolate_roots (degree > RC_STURM_MAX_DEGREE) against FLINT's real-root
 * counts and exact sign changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_poly.h>
#include <flint/fmpz_poly.h>

#include <acb.h>
#include <arb_fmpz_poly.h>

#include "rescheck/alg.h"
#include "rescheck/nshortcut.h"

static int vec_is_zero(const fmpq *v, slong n)
{
    for (slong k = 0; k < n; k++)
        if (!fmpq_is_zero(v + k))
            return 0;
    return 1;
}

/* ---- hyper-dual numbers over Q ------------------------------------------- */

typedef struct {
    fmpq v[4]; /* 1, e1, e2, e1e2 */
} hd;

static void hd_init(hd *x)
{
    for (int k = 0; k < 4; k++)
        fmpq_init(x->v + k);
}

static void hd_clear(hd *x)
{
    for (int k = 0; k < 4; k++)
        fmpq_clear(x->v + k);
}

static void hd_zero(hd *x)
{
    for (int k = 0; k < 4; k++)
        fmpq_zero(x->v + k);
}

static void hd_set(hd *x, const hd *y)
{
    for (int k = 0; k < 4; k++)
        fmpq_set(x->v + k, y->v + k);
}

static void hd_add(hd *x, const hd *a, const hd *b)
{
    for (int k = 0; k < 4; k++)
        fmpq_add(x->v + k, a->v + k, b->v + k);
}

/* x += a * b */
static void hd_addmul(hd *x, const hd *a, const hd *b)
{
    /* e1e2 first: it reads the other parts of a and b before x changes
       (x never aliases a or b here) */
    fmpq_addmul(x->v + 3, a->v + 0, b->v + 3);
    fmpq_addmul(x->v + 3, a->v + 3, b->v + 0);
    fmpq_addmul(x->v + 3, a->v + 1, b->v + 2);
    fmpq_addmul(x->v + 3, a->v + 2, b->v + 1);
    fmpq_addmul(x->v + 1, a->v + 0, b->v + 1);
    fmpq_addmul(x->v + 1, a->v + 1, b->v + 0);
    fmpq_addmul(x->v + 2, a->v + 0, b->v + 2);
    fmpq_addmul(x->v + 2, a->v + 2, b->v + 0);
    fmpq_addmul(x->v + 0, a->v + 0, b->v + 0);
}

/* x = sigma(x): sigma(a + u) = sigma(a) + sigma'(a) u + sigma''(a)/2 u^2 with
 * u = b e1 + c e2 + e e1e2, u^2 = 2 b c e1e2 */
static void hd_act(hd *x, const rc_act *act)
{
    fmpq_t g0, g1, g2, t;
    fmpq_init(g0);
    fmpq_init(g1);
    fmpq_init(g2);
    fmpq_init(t);
    rc_act_taylor_coeff(g0, act, x->v + 0, 0);
    rc_act_taylor_coeff(g1, act, x->v + 0, 1);
    rc_act_taylor_coeff(g2, act, x->v + 0, 2); /* sigma''(a)/2 */
    fmpq_mul(t, x->v + 1, x->v + 2);
    fmpq_mul(t, t, g2);
    fmpq_mul_2exp(t, t, 1);
    fmpq_mul(x->v + 3, x->v + 3, g1);
    fmpq_add(x->v + 3, x->v + 3, t);
    fmpq_mul(x->v + 1, x->v + 1, g1);
    fmpq_mul(x->v + 2, x->v + 2, g1);
    fmpq_set(x->v + 0, g0);
    fmpq_clear(g0);
    fmpq_clear(g1);
    fmpq_clear(g2);
    fmpq_clear(t);
}

/* ---- the network evaluated on hyper-dual weights --------------------------- */

/* at most two weights are nonzero: (index, value) */
typedef struct {
    slong np;
    slong idx[2];
    hd val[2];
} perturb;

/* the loss (1/2m) sum_mu |y - f(x)|^2 with the weights of pt, all others 0 */
static void hd_loss(hd *L, const rc_nsnet *net, const perturb *pt)
{
    slong d = net->d, n = net->n;
    hd *h = malloc(sizeof(hd) * (size_t)d), *z = malloc(sizeof(hd) * (size_t)d),
       *o = malloc(sizeof(hd) * (size_t)d);
    hd r;
    hd_init(&r);
    for (slong i = 0; i < d; i++) {
        hd_init(h + i);
        hd_init(z + i);
        hd_init(o + i);
    }
    hd_zero(L);
    for (slong mu = 0; mu < net->m; mu++) {
        for (slong i = 0; i < d; i++) {
            hd_zero(h + i);
            fmpq_set(h[i].v + 0, fmpq_mat_entry(net->X, i, mu));
        }
        for (slong u = 0; u < net->R; u++) {
            for (slong i = 0; i < d; i++) {
                hd_set(z + i, h + i);
                hd_act(z + i, &net->pre);
            }
            for (slong l = 0; l < n; l++) {
                /* o = W^{u,l} z, W having only the perturbed entries */
                for (slong i = 0; i < d; i++)
                    hd_zero(o + i);
                for (slong k = 0; k < pt->np; k++) {
                    slong p = pt->idx[k];
                    slong i = p % d, j = (p / d) % d, ll = (p / (d * d)) % n, uu = p / (d * d * n);
                    if (uu == u && ll == l)
                        hd_addmul(o + i, pt->val + k, z + j);
                }
                const rc_act *a = l + 1 < n ? &net->mid : &net->post;
                for (slong i = 0; i < d; i++) {
                    hd_act(o + i, a);
                    hd_set(z + i, o + i);
                }
            }
            for (slong i = 0; i < d; i++)
                hd_add(h + i, h + i, z + i);
        }
        for (slong i = 0; i < d; i++) {
            /* r = y - h; L += r^2 */
            for (int k = 0; k < 4; k++)
                fmpq_neg(r.v + k, h[i].v + k);
            fmpq_add(r.v + 0, r.v + 0, fmpq_mat_entry(net->Y, i, mu));
            hd_addmul(L, &r, &r);
        }
    }
    fmpz_t twom;
    fmpz_init_set_si(twom, 2 * net->m);
    for (int k = 0; k < 4; k++)
        fmpq_div_fmpz(L->v + k, L->v + k, twom);
    fmpz_clear(twom);
    for (slong i = 0; i < d; i++) {
        hd_clear(h + i);
        hd_clear(z + i);
        hd_clear(o + i);
    }
    hd_clear(&r);
    free(h);
    free(z);
    free(o);
}

/* dense Hessian (N x N), gradient (N) and L(0) by hyper-dual numbers */
static void hd_derivatives(fmpq *H, fmpq *g, fmpq_t L0, const rc_nsnet *net)
{
    slong N = rc_nsnet_nparams(net);
    perturb pt;
    hd_init(pt.val + 0);
    hd_init(pt.val + 1);
    hd L;
    hd_init(&L);
    for (slong p = 0; p < N; p++) {
        for (slong q = p; q < N; q++) {
            hd_zero(pt.val + 0);
            hd_zero(pt.val + 1);
            pt.idx[0] = p;
            fmpq_one(pt.val[0].v + 1); /* w_p = e1 */
            if (p == q) {
                fmpq_one(pt.val[0].v + 2); /* w_p = e1 + e2 */
                pt.np = 1;
            } else {
                pt.idx[1] = q;
                fmpq_one(pt.val[1].v + 2); /* w_q = e2 */
                pt.np = 2;
            }
            hd_loss(&L, net, &pt);
            fmpq_set(H + p * N + q, L.v + 3);
            fmpq_set(H + q * N + p, L.v + 3);
            if (p == q) {
                /* with w_p = e1 + e2 the e1 part is dL/dw_p */
                fmpq_set(g + p, L.v + 1);
                fmpq_set(L0, L.v + 0);
            }
        }
    }
    if (N == 0)
        fmpq_zero(L0);
    hd_clear(&L);
    hd_clear(pt.val + 0);
    hd_clear(pt.val + 1);
}

/* ---- random instances ------------------------------------------------------ */

static const slong DENS[] = {1, 2, 3, 4, 5, 7};

static void rand_rat(fmpq_t x, flint_rand_t st, int nonzero)
{
    do {
        fmpq_set_si(x, (slong)n_randint(st, 19) - 9, (ulong)DENS[n_randint(st, 6)]);
    } while (nonzero && fmpq_is_zero(x));
}

static void rand_poly_act(rc_act *a, flint_rand_t st, int zero_at_0)
{
    rc_act_clear(a);
    rc_act_init_kind(a, RC_ACT_POLY);
    a->nder = 2 + (slong)n_randint(st, 3); /* sigma(0), sigma'(0) [, sigma'', sigma'''] */
    a->der = _fmpq_vec_init(a->nder);
    for (slong k = 0; k < a->nder; k++)
        rand_rat(a->der + k, st, k == 1);
    if (zero_at_0)
        fmpq_zero(a->der + 0);
}

/* activation settings */
enum { ACT_IDENTITY, ACT_PRE_RELU, ACT_PRE_POLY, ACT_MIDPOST_POLY, ACT_ALL, N_ACT };
static const char *ACT_NAMES[] = {"identity", "pre relu", "pre polynomial", "mid/post polynomial",
                                  "pre relu/poly + mid/post polynomial"};

static void rand_net(rc_nsnet *net, flint_rand_t st, slong d, slong m, slong n, slong R, int acts)
{
    rc_nsnet_init(net, d, m, n, R);
    int pre_relu = acts == ACT_PRE_RELU || (acts == ACT_ALL && n_randint(st, 2));
    for (slong i = 0; i < d; i++)
        for (slong mu = 0; mu < m; mu++) {
            rand_rat(fmpq_mat_entry(net->X, i, mu), st, pre_relu);
            rand_rat(fmpq_mat_entry(net->Y, i, mu), st, 0);
        }
    if (pre_relu) {
        rc_act_clear(&net->pre);
        rc_act_init_kind(&net->pre, RC_ACT_RELU);
    } else if (acts == ACT_PRE_POLY || acts == ACT_ALL) {
        rand_poly_act(&net->pre, st, 0);
    }
    if (acts == ACT_MIDPOST_POLY || acts == ACT_ALL) {
        rand_poly_act(&net->mid, st, 1);
        rand_poly_act(&net->post, st, 1);
    }
}

static void describe(char *buf, size_t len, const rc_nsnet *net, int acts)
{
    snprintf(buf, len, "d=%ld m=%ld n=%ld R=%ld activations=%s", (long)net->d, (long)net->m,
             (long)net->n, (long)net->R, ACT_NAMES[acts]);
}

/* symsparse invariants: p <= q, strictly increasing (p, q), no stored zeros */
static void check_symsparse(const rc_symsparse *H, slong N, const char *what)
{
    if (H->dim != N)
        fail_msg("%s: dim %ld, expected %ld", what, (long)H->dim, (long)N);
    for (slong k = 0; k < H->len; k++) {
        if (H->row[k] > H->col[k] || H->col[k] >= N || H->row[k] < 0)
            fail_msg("%s: entry %ld at (%ld, %ld) out of place", what, (long)k, (long)H->row[k],
                     (long)H->col[k]);
        if (fmpq_is_zero(H->val + k))
            fail_msg("%s: stored zero at (%ld, %ld)", what, (long)H->row[k], (long)H->col[k]);
        if (k > 0 && (H->row[k - 1] > H->row[k] ||
                      (H->row[k - 1] == H->row[k] && H->col[k - 1] >= H->col[k])))
            fail_msg("%s: entries not strictly sorted at %ld", what, (long)k);
    }
}

static slong n_entries, n_grad_entries, n_instances, n_nonzero;

/* every entry p <= q of H against the dense hyper-dual Hessian */
static void compare_hessian(const rc_symsparse *H, const fmpq *Hd, slong N, const char *what)
{
    fmpq_t v;
    fmpq_init(v);
    slong nz = 0;
    for (slong p = 0; p < N; p++)
        for (slong q = p; q < N; q++) {
            rc_symsparse_get(v, H, p, q);
            if (!fmpq_equal(v, Hd + p * N + q)) {
                char *a = fmpq_get_str(NULL, 10, v), *b = fmpq_get_str(NULL, 10, Hd + p * N + q);
                print_message("# %s: H[%ld][%ld] = %s, hyper-dual %s\n", what, (long)p, (long)q, a, b);
                flint_free(a);
                flint_free(b);
                fmpq_clear(v);
                fail_msg("%s: Hessian entry (%ld, %ld) differs", what, (long)p, (long)q);
            }
            nz += !fmpq_is_zero(v);
            n_entries++;
        }
    if (nz != H->len)
        fail_msg("%s: %ld stored entries, %ld nonzero", what, (long)H->len, (long)nz);
    n_nonzero += nz;
    fmpq_clear(v);
}

/* degree-0/1/2 parts of a loss Taylor expansion against the hyper-dual
 * values: L(0), the gradient, the Hessian */
static void compare_taylor(const rc_loss_taylor *t, const fmpq *Hd, const fmpq *g, const fmpq_t L0,
                           slong N, const char *what)
{
    fmpq *gt = _fmpq_vec_init(N + 1);
    fmpq_t l0;
    fmpq_init(l0);
    for (slong k = 0; k < t->nterms; k++) {
        if (t->mono[k].deg == 0)
            fmpq_set(l0, t->coef + k);
        else if (t->mono[k].deg == 1) {
            slong p = t->mono[k].v[0];
            if (p < 0 || p >= N)
                fail_msg("%s: degree-1 term in variable %ld of %ld", what, (long)p, (long)N);
            if (!fmpq_is_zero(gt + p))
                fail_msg("%s: two degree-1 terms in variable %ld", what, (long)p);
            fmpq_set(gt + p, t->coef + k);
        }
    }
    if (!fmpq_equal(l0, L0))
        fail_msg("%s: L(0) differs", what);
    for (slong p = 0; p < N; p++) {
        if (!fmpq_equal(gt + p, g + p)) {
            char *a = fmpq_get_str(NULL, 10, gt + p), *b = fmpq_get_str(NULL, 10, g + p);
            print_message("# %s: dL/dw_%ld = %s, hyper-dual %s\n", what, (long)p, a, b);
            flint_free(a);
            flint_free(b);
            fail_msg("%s: gradient entry %ld differs", what, (long)p);
        }
        n_grad_entries++;
    }
    rc_symsparse H;
    rc_loss_taylor_hessian(&H, t, N);
    check_symsparse(&H, N, what);
    compare_hessian(&H, Hd, N, what);
    rc_symsparse_clear(&H);
    fmpq_clear(l0);
    _fmpq_vec_clear(gt, N + 1);
}

/* every (d, R, n) in {1,2,3}^3, every activation setting, m random in 1..5:
 * rc_nsnet_hessian, and the degree <= 2 part of rc_nsnet_loss_taylor at K = 2
 * and K = n (what the n >= 3 claim expands to), against the hyper-dual values */
static void test_hessian_vs_hyperdual(void **state)
{
    (void)state;
    flint_rand_t st;
    flint_randinit(st);
    char what[200];
    for (int rep = 0; rep < 2; rep++)
        for (slong d = 1; d <= 3; d++)
            for (slong R = 1; R <= 3; R++)
                for (slong n = 1; n <= 3; n++)
                    for (int acts = 0; acts < N_ACT; acts++) {
                        slong m = 1 + (slong)n_randint(st, 5);
                        rc_nsnet net;
                        rand_net(&net, st, d, m, n, R, acts);
                        describe(what, sizeof what, &net, acts);
                        slong N = rc_nsnet_nparams(&net);
                        fmpq *Hd = _fmpq_vec_init(N * N), *g = _fmpq_vec_init(N);
                        fmpq_t L0;
                        fmpq_init(L0);
                        hd_derivatives(Hd, g, L0, &net);

                        rc_symsparse H;
                        rc_nsnet_hessian(&H, &net);
                        check_symsparse(&H, N, what);
                        compare_hessian(&H, Hd, N, what);
                        rc_symsparse_clear(&H);

                        for (uint32_t K = 2; K <= (uint32_t)(n > 2 ? n : 2); K += (n > 2 ? n - 2 : 1)) {
                            rc_loss_taylor t;
                            rc_nsnet_loss_taylor(&t, &net, K);
                            assert_int_equal(t.K, K);
                            compare_taylor(&t, Hd, g, L0, N, what);
                            rc_loss_taylor_clear(&t);
                        }
                        n_instances++;
                        fmpq_clear(L0);
                        _fmpq_vec_clear(Hd, N * N);
                        _fmpq_vec_clear(g, N);
                        rc_nsnet_clear(&net);
                    }
    print_message("# %ld instances, %ld Hessian entries compared (%ld nonzero), %ld gradient entries\n",
                  (long)n_instances, (long)n_entries, (long)n_nonzero, (long)n_grad_entries);
    flint_randclear(st);
}

/* rc_nsnet_ray_loss on networks that are smooth at 0 (every activation
 * setting of rand_net; ReLU only at nonzero data): along w = t v with v of
 * 1 to 3 random entries, c1 = g.v and c2 = v^T H v / 2 with the
 * hyper-dual gradient and Hessian */
static void test_ray_vs_hyperdual(void **state)
{
    (void)state;
    flint_rand_t st;
    flint_randinit(st);
    char what[200];
    slong rays = 0;
    for (slong d = 1; d <= 3; d++)
        for (slong n = 1; n <= 3; n++)
            for (int acts = 0; acts < N_ACT; acts++) {
                rc_nsnet net;
                rand_net(&net, st, d, 1 + (slong)n_randint(st, 4), n, 1 + (slong)n_randint(st, 3), acts);
                describe(what, sizeof what, &net, acts);
                slong N = rc_nsnet_nparams(&net);
                fmpq *Hd = _fmpq_vec_init(N * N), *g = _fmpq_vec_init(N), *c = _fmpq_vec_init(3);
                fmpq_t L0, e;
                fmpq_init(L0);
                fmpq_init(e);
                hd_derivatives(Hd, g, L0, &net);
                for (int k = 0; k < 4; k++, rays++) {
                    slong nnz = 1 + (slong)n_randint(st, 3), p[3];
                    nnz = FLINT_MIN(nnz, N);
                    fmpq val[3];
                    for (slong a = 0; a < nnz; a++) {
                        fmpq_init(val + a);
                        do /* distinct indices */
                            p[a] = (slong)n_randint(st, (ulong)N);
                        while ((a > 0 && p[a] == p[0]) || (a > 1 && p[a] == p[1]));
                        rand_rat(val + a, st, 1);
                    }
                    rc_nsnet_ray_loss(c, &net, p, val, nnz, NULL);
                    fmpq_zero(e);
                    for (slong a = 0; a < nnz; a++)
                        fmpq_addmul(e, g + p[a], val + a);
                    if (!fmpq_equal(c + 1, e))
                        fail_msg("%s: ray c1 differs from g.v", what);
                    fmpq_zero(e);
                    for (slong a = 0; a < nnz; a++)
                        for (slong b = 0; b < nnz; b++) {
                            fmpq_t x;
                            fmpq_init(x);
                            fmpq_mul(x, val + a, val + b);
                            fmpq_addmul(e, x, Hd + p[a] * N + p[b]);
                            fmpq_clear(x);
                        }
                    fmpq_div_2exp(e, e, 1);
                    if (!fmpq_equal(c + 2, e))
                        fail_msg("%s: ray c2 differs from v^T H v / 2", what);
                    for (slong a = 0; a < nnz; a++)
                        fmpq_clear(val + a);
                }
                fmpq_clear(L0);
                fmpq_clear(e);
                _fmpq_vec_clear(Hd, N * N);
                _fmpq_vec_clear(g, N);
                _fmpq_vec_clear(c, 3);
                rc_nsnet_clear(&net);
            }
    print_message("# %ld rays against the hyper-dual gradient and Hessian\n", (long)rays);
    flint_randclear(st);
}

/* the hyper-dual method itself on a case small enough to do by hand:
 * d = 1, m = 1, n = 1, R = 1, x = 2, y = 1, post = identity:
 * L(w) = (1/2)(1 - (2 + 2w))^2 = (1/2)(1 + 2w)^2, L(0) = 1/2, L' = 2, L'' = 4;
 * with post = t u + c u^2/2 (t = 3, c = 5): f = 2 + 6w + 10w^2, L = (1/2)(1 + 6w
 * + 10w^2)^2, L' = 6, L'' = 36 + 20 = 56 */
static void test_hyperdual_by_hand(void **state)
{
    (void)state;
    rc_nsnet net;
    rc_nsnet_init(&net, 1, 1, 1, 1);
    fmpq_set_si(fmpq_mat_entry(net.X, 0, 0), 2, 1);
    fmpq_set_si(fmpq_mat_entry(net.Y, 0, 0), 1, 1);
    fmpq H[1], g[1];
    fmpq_t L0;
    fmpq_init(H);
    fmpq_init(g);
    fmpq_init(L0);
    hd_derivatives(H, g, L0, &net);
    assert_true(fmpq_equal_si(H, 4) && fmpq_equal_si(g, 2));
    assert_true(fmpq_cmp_ui(L0, 0) > 0);
    rc_act_clear(&net.post);
    rc_act_init_kind(&net.post, RC_ACT_POLY);
    net.post.nder = 3;
    net.post.der = _fmpq_vec_init(3);
    fmpq_set_si(net.post.der + 1, 3, 1);
    fmpq_set_si(net.post.der + 2, 5, 1);
    hd_derivatives(H, g, L0, &net);
    assert_true(fmpq_equal_si(H, 56) && fmpq_equal_si(g, 6));
    rc_symsparse S;
    rc_nsnet_hessian(&S, &net);
    assert_int_equal(S.len, 1);
    assert_true(fmpq_equal_si(S.val, 56));
    rc_symsparse_clear(&S);
    fmpq_clear(H);
    fmpq_clear(g);
    fmpq_clear(L0);
    rc_nsnet_clear(&net);
}

/* n >= 3: zero Hessian and zero gradient (Theorem 2.1), on larger random
 * instances than the full comparison covers; the hyper-dual method agrees */
static void test_n3_zero(void **state)
{
    (void)state;
    flint_rand_t st;
    flint_randinit(st);
    char what[200];
    for (int k = 0; k < 12; k++) {
        slong d = 1 + (slong)n_randint(st, 4), R = 1 + (slong)n_randint(st, 4);
        slong n = 3 + (slong)n_randint(st, 3), m = 1 + (slong)n_randint(st, 6);
        int acts = (int)n_randint(st, N_ACT);
        rc_nsnet net;
        rand_net(&net, st, d, m, n, R, acts);
        describe(what, sizeof what, &net, acts);
        rc_loss_taylor t;
        rc_nsnet_loss_taylor(&t, &net, 2);
        for (slong i = 0; i < t.nterms; i++)
            if (t.mono[i].deg != 0)
                fail_msg("%s: nonzero term of degree %u", what, t.mono[i].deg);
        rc_loss_taylor_clear(&t);
        rc_symsparse H;
        rc_nsnet_hessian(&H, &net);
        if (H.len != 0)
            fail_msg("%s: Hessian has %ld nonzero entries", what, (long)H.len);
        rc_symsparse_clear(&H);
        if (d <= 2 && R <= 2) {
            slong N = rc_nsnet_nparams(&net);
            fmpq *Hd = _fmpq_vec_init(N * N), *g = _fmpq_vec_init(N);
            fmpq_t L0;
            fmpq_init(L0);
            hd_derivatives(Hd, g, L0, &net);
            assert_true(vec_is_zero(Hd, N * N));
            assert_true(vec_is_zero(g, N));
            fmpq_clear(L0);
            _fmpq_vec_clear(Hd, N * N);
            _fmpq_vec_clear(g, N);
        }
        rc_nsnet_clear(&net);
    }
    flint_randclear(st);
}

/* ---- Arb root isolation (degree > RC_STURM_MAX_DEGREE) ------------------- */

static int sign_at(const fmpz_poly_t f, const fmpq_t x)
{
    fmpq_poly_t g;
    fmpq_t y;
    fmpq_poly_init(g);
    fmpq_init(y);
    fmpq_poly_set_fmpz_poly(g, f);
    fmpq_poly_evaluate_fmpq(y, g, x);
    int s = fmpq_sgn(y);
    fmpq_clear(y);
    fmpq_poly_clear(g);
    return s;
}

/* number of real roots of f in the open interval (lo, hi), independently of
 * rescheck: x = (lo + hi t)/(1 + t) maps t in (0, inf) onto (lo, hi), so it is
 * the number of positive roots of g(t) = (1 + t)^n f((lo + hi t)/(1 + t)) */
static slong roots_between(const fmpz_poly_t f, const fmpq_t lo, const fmpq_t hi)
{
    slong n = fmpz_poly_degree(f);
    fmpq_poly_t num, den, pn, pd, g, term;
    fmpq_poly_init(num);
    fmpq_poly_init(den);
    fmpq_poly_init(pn);
    fmpq_poly_init(pd);
    fmpq_poly_init(g);
    fmpq_poly_init(term);
    fmpq_poly_set_coeff_fmpq(num, 0, lo);
    fmpq_poly_set_coeff_fmpq(num, 1, hi);
    fmpq_poly_set_coeff_si(den, 0, 1);
    fmpq_poly_set_coeff_si(den, 1, 1);
    for (slong k = 0; k <= n; k++) {
        fmpq_poly_pow(pn, num, (ulong)k);
        fmpq_poly_pow(pd, den, (ulong)(n - k));
        fmpq_poly_mul(term, pn, pd);
        fmpq_poly_scalar_mul_fmpz(term, term, f->coeffs + k);
        fmpq_poly_add(g, g, term);
    }
    fmpz_poly_t gz;
    fmpz_poly_init(gz);
    fmpq_poly_get_numerator(gz, g);
    slong neg, pos;
    _fmpz_poly_num_real_roots_sturm(&neg, &pos, gz->coeffs, gz->length);
    fmpz_poly_clear(gz);
    fmpq_poly_clear(num);
    fmpq_poly_clear(den);
    fmpq_poly_clear(pn);
    fmpq_poly_clear(pd);
    fmpq_poly_clear(g);
    fmpq_poly_clear(term);
    return pos;
}

static slong n_polys, n_intervals;

/* rc_isolate_roots on (lo, hi) (flags for infinite ends): the count equals
 * the independent count, the intervals are increasing and meet at most in an
 * endpoint, lie in [lo, hi], and f has opposite signs at the two ends of each
 * (every endpoint is rational and f is irreducible of degree > 1, so no
 * endpoint is a root; intervals with disjoint interiors and a sign change
 * each, as many as there are roots in the domain, hold one root each) */
static void check_isolation(const fmpz_poly_t f, const fmpq_t lo, int lo_inf, const fmpq_t hi,
                            int hi_inf, slong expected, const char *what)
{
    fmpq *iv = NULL;
    slong count = rc_isolate_roots(&iv, f, lo, lo_inf, hi, hi_inf);
    if (count != expected) {
        char *s = fmpz_poly_get_str_pretty(f, "x");
        print_message("# %s: f = %s\n", what, s);
        flint_free(s);
        fail_msg("%s: %ld intervals, %ld real roots", what, (long)count, (long)expected);
    }
    for (slong k = 0; k < count; k++) {
        fmpq *a = iv + 2 * k, *b = iv + 2 * k + 1;
        if (fmpq_cmp(a, b) >= 0)
            fail_msg("%s: interval %ld is empty or a point", what, (long)k);
        /* closed intervals may share an endpoint (it is no root) */
        if (k > 0 && fmpq_cmp(iv + 2 * k - 1, a) > 0)
            fail_msg("%s: intervals %ld and %ld overlap or are out of order", what, (long)k - 1, (long)k);
        if ((!lo_inf && fmpq_cmp(a, lo) < 0) || (!hi_inf && fmpq_cmp(b, hi) > 0))
            fail_msg("%s: interval %ld leaves the domain", what, (long)k);
        int sa = sign_at(f, a), sb = sign_at(f, b);
        if (sa == 0 || sb == 0 || sa == sb)
            fail_msg("%s: interval %ld: signs %d, %d at the ends", what, (long)k, sa, sb);
        n_intervals++;
    }
    if (count)
        _fmpq_vec_clear(iv, 2 * count);
    n_polys++;
}

static int is_irreducible(const fmpz_poly_t f)
{
    fmpz_poly_factor_t fac;
    fmpz_poly_factor_init(fac);
    fmpz_poly_factor(fac, f);
    int ok = fac->num == 1 && fac->exp[0] == 1 && fmpz_poly_degree(fac->p + 0) == fmpz_poly_degree(f);
    fmpz_poly_factor_clear(fac);
    return ok;
}

/* g(x) = f(a x + b) */
static void compose_affine(fmpz_poly_t g, const fmpz_poly_t f, slong a, slong b)
{
    fmpz_poly_t lin;
    fmpz_poly_init(lin);
    fmpz_poly_set_coeff_si(lin, 0, b);
    fmpz_poly_set_coeff_si(lin, 1, a);
    fmpz_poly_compose(g, f, lin);
    fmpz_poly_clear(lin);
}

/* real roots of f in (0, inf) or (-inf, 0), by FLINT's Sturm sequences */
static slong roots_of_sign(const fmpz_poly_t f, int sgn)
{
    slong neg, pos;
    _fmpz_poly_num_real_roots_sturm(&neg, &pos, f->coeffs, f->length);
    return sgn > 0 ? pos : neg;
}

/* a rational near each real root of f (Arb at 128 bits), sorted; returns
 * how many */
static slong near_roots(fmpq *out, const fmpz_poly_t f)
{
    slong deg = fmpz_poly_degree(f), count = 0;
    acb_ptr r = _acb_vec_init(deg);
    arb_fmpz_poly_complex_roots(r, f, 0, 128);
    for (slong k = 0; k < deg; k++)
        if (arb_is_zero(acb_imagref(r + k)))
            arf_get_fmpq(out + count++, arb_midref(acb_realref(r + k)));
    _acb_vec_clear(r, deg);
    return count;
}

/* The number of roots of f in (lo, hi) from verified isolating intervals
 * [a_k, b_k] (one root each, f(a_k) f(b_k) < 0): intervals inside or outside
 * count directly; one that straddles an end is bisected, by exact signs of f,
 * until the end no longer lies inside it (no end is a root: f is irreducible
 * of degree > 1). */
static slong count_from_verified(const fmpz_poly_t f, const fmpq *iv, slong count, const fmpq_t lo,
                                 const fmpq_t hi)
{
    fmpq_t a, b, mid;
    fmpq_init(a);
    fmpq_init(b);
    fmpq_init(mid);
    slong inside = 0;
    for (slong k = 0; k < count; k++) {
        fmpq_set(a, iv + 2 * k);
        fmpq_set(b, iv + 2 * k + 1);
        int sa = sign_at(f, a);
        while ((fmpq_cmp(a, lo) < 0 && fmpq_cmp(lo, b) < 0) || (fmpq_cmp(a, hi) < 0 && fmpq_cmp(hi, b) < 0)) {
            fmpq_add(mid, a, b);
            fmpq_div_2exp(mid, mid, 1);
            if (sign_at(f, mid) == sa)
                fmpq_set(a, mid);
            else
                fmpq_set(b, mid);
        }
        inside += fmpq_cmp(a, lo) >= 0 && fmpq_cmp(b, hi) <= 0;
    }
    fmpq_clear(a);
    fmpq_clear(b);
    fmpq_clear(mid);
    return inside;
}

/* every way of cutting the line for f: whole line, both half lines at 0, a
 * window between two rationals, and windows whose ends lie within 2^-120 of a
 * root (the 64-bit Arb balls straddle them, forcing the retry path) */
static void isolate_all_ways(const fmpz_poly_t f, const char *name)
{
    char what[200];
    fmpq_t lo, hi;
    fmpq_init(lo);
    fmpq_init(hi);
    slong deg = fmpz_poly_degree(f), nreal = fmpz_poly_num_real_roots(f);
    assert_true(deg > RC_STURM_MAX_DEGREE);
    if (!is_irreducible(f))
        fail_msg("%s is not irreducible", name);
    snprintf(what, sizeof what, "%s on (-inf, inf)", name);
    check_isolation(f, lo, 1, hi, 1, nreal, what);
    /* the whole-line intervals, now verified, are the reference for windows */
    fmpq *ref = NULL;
    slong nref = rc_isolate_roots(&ref, f, lo, 1, hi, 1);
    assert_int_equal(nref, nreal);
    fmpq_zero(lo);
    snprintf(what, sizeof what, "%s on (0, inf)", name);
    check_isolation(f, lo, 0, hi, 1, roots_of_sign(f, 1), what);
    fmpq_zero(hi);
    snprintf(what, sizeof what, "%s on (-inf, 0)", name);
    check_isolation(f, lo, 1, hi, 0, roots_of_sign(f, -1), what);
    fmpq_set_si(lo, -1, 3);
    fmpq_set_si(hi, 7, 5);
    snprintf(what, sizeof what, "%s on (-1/3, 7/5)", name);
    check_isolation(f, lo, 0, hi, 0, roots_between(f, lo, hi), what);
    fmpq *near = _fmpq_vec_init(deg);
    slong nn = near_roots(near, f);
    assert_int_equal(nn, nreal);
    for (slong k = 0; k + 1 < nn; k += 2) {
        fmpq_set(lo, near + k);
        fmpq_set(hi, near + k + 1);
        snprintf(what, sizeof what, "%s on (~root %ld, ~root %ld)", name, (long)k, (long)k + 1);
        check_isolation(f, lo, 0, hi, 0, count_from_verified(f, ref, nref, lo, hi), what);
    }
    if (nn > 0) {
        fmpq_set(lo, near + nn / 2);
        fmpq_set_si(hi, 1, 1);
        fmpq_mul_2exp(hi, hi, 200); /* beyond every root here */
        snprintf(what, sizeof what, "%s on (~root %ld, inf)", name, (long)nn / 2);
        check_isolation(f, lo, 0, hi, 1, count_from_verified(f, ref, nref, lo, hi), what);
    }
    if (nref)
        _fmpq_vec_clear(ref, 2 * nref);
    _fmpq_vec_clear(near, deg);
    fmpq_clear(lo);
    fmpq_clear(hi);
}

static void test_isolate_arb(void **state)
{
    (void)state;
    fmpz_poly_t f, g;
    fmpz_poly_init(f);
    fmpz_poly_init(g);
    char name[160];

    /* minimal polynomials of 2 cos(2 pi / k): degree phi(k)/2 > 8, all roots
       real in (-2, 2); affine images of them are irreducible too */
    const ulong ks[] = {19, 23, 25, 27, 29, 31, 37, 41, 43, 47};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        fmpz_poly_cos_minpoly(f, ks[i]);
        assert_int_equal(fmpz_poly_num_real_roots(f), fmpz_poly_degree(f));
        snprintf(name, sizeof name, "cos_minpoly(%lu)", ks[i]);
        isolate_all_ways(f, name);
        compose_affine(g, f, 3, -1);
        snprintf(name, sizeof name, "cos_minpoly(%lu)(3x-1)", ks[i]);
        isolate_all_ways(g, name);
        compose_affine(g, f, 40, 0); /* roots packed into (-1/20, 1/20) */
        snprintf(name, sizeof name, "cos_minpoly(%lu)(40x)", ks[i]);
        isolate_all_ways(g, name);
    }
    /* Eisenstein polynomials with 1 or 2 real roots, or 3 */
    for (slong k = 9; k <= 16; k++) {
        fmpz_poly_zero(f);
        fmpz_poly_set_coeff_si(f, k, 1);
        fmpz_poly_set_coeff_si(f, 0, -2); /* x^k - 2 */
        snprintf(name, sizeof name, "x^%ld - 2", (long)k);
        isolate_all_ways(f, name);
        assert_int_equal(fmpz_poly_num_real_roots(f), k % 2 ? 1 : 2);
        fmpz_poly_set_coeff_si(f, 1, -30);
        fmpz_poly_set_coeff_si(f, 0, 6); /* x^k - 30x + 6 (Eisenstein at 2, 3) */
        snprintf(name, sizeof name, "x^%ld - 30x + 6", (long)k);
        isolate_all_ways(f, name);
    }
    /* random irreducible polynomials of degree 9..16 */
    flint_rand_t st;
    flint_randinit(st);
    int made = 0;
    for (int tries = 0; made < 60 && tries < 1000; tries++) {
        slong deg = 9 + (slong)n_randint(st, 8);
        fmpz_poly_zero(f);
        for (slong k = 0; k <= deg; k++)
            fmpz_poly_set_coeff_si(f, k, (slong)n_randint(st, 41) - 20);
        if (fmpz_poly_degree(f) != deg || fmpz_is_zero(f->coeffs) || !is_irreducible(f))
            continue;
        if (fmpz_sgn(f->coeffs + deg) < 0)
            fmpz_poly_neg(f, f);
        snprintf(name, sizeof name, "random #%d (degree %ld)", made, (long)deg);
        isolate_all_ways(f, name);
        made++;
    }
    assert_int_equal(made, 60);
    flint_randclear(st);
    print_message("# root isolation: %ld calls, %ld isolating intervals checked\n", (long)n_polys,
                  (long)n_intervals);
    fmpz_poly_clear(f);
    fmpz_poly_clear(g);
}

/* close roots: the isolating intervals must still hold one root each.
 * x^k - 2 (a x - 1)^2 has two real roots near (1/a)(1 +- 2^(-1/2) a^(-k/2)),
 * relatively about 2^(1/2) a^(-k/2) apart: for a ~ 2^20 and k >= 13 closer
 * than 2^-128. With a = 2^20 the two roots straddle the dyadic 2^-20; with
 * a = 1000003 and 3 * 2^20 they do not. Only the irreducible ones are used. */
static void test_isolate_arb_close_roots(void **state)
{
    (void)state;
    fmpz_poly_t f, g, lin;
    fmpz_poly_init(f);
    fmpz_poly_init(g);
    fmpz_poly_init(lin);
    char name[160];
    int made = 0;
    const slong as[] = {1 << 20, 1000003, 3 << 20};
    for (size_t ai = 0; ai < sizeof as / sizeof as[0]; ai++)
        for (slong k = 9; k <= 16; k++) {
            fmpz_poly_zero(lin);
            fmpz_poly_set_coeff_si(lin, 0, -1);
            fmpz_poly_set_coeff_si(lin, 1, as[ai]);
            fmpz_poly_pow(g, lin, 2);
            fmpz_poly_scalar_mul_si(g, g, -2);
            fmpz_poly_zero(f);
            fmpz_poly_set_coeff_si(f, k, 1);
            fmpz_poly_add(f, f, g);
            if (!is_irreducible(f))
                continue;
            snprintf(name, sizeof name, "x^%ld - 2(%ld x - 1)^2", (long)k, (long)as[ai]);
            isolate_all_ways(f, name);
            made++;
        }
    assert_true(made >= 12);
    fmpz_poly_clear(f);
    fmpz_poly_clear(g);
    fmpz_poly_clear(lin);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* e.g. "test_isolate_*" */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hyperdual_by_hand),
        cmocka_unit_test(test_hessian_vs_hyperdual),
        cmocka_unit_test(test_ray_vs_hyperdual),
        cmocka_unit_test(test_n3_zero),
        cmocka_unit_test(test_isolate_arb),
        cmocka_unit_test(test_isolate_arb_close_roots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
