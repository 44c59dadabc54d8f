/* li18 networks with ReLU: the results.relu object, recomputed.
 *
 * At w = 0 every unit is the identity and sees the data x^mu. With
 * z0 = sigma_pre(x^mu): if z0 = 0 nothing moves at that sample; else every
 * argument after W^{r,l} is linear in free weights times inputs that are
 * not identically 0 (z0 for l = 1; for l >= 2 as long as sigma_mid is not
 * identically 0), so it takes both signs near 0. A ReLU at sigma_pre sees 0
 * at a coordinate with x^mu_j = 0: constant in unit 1, and from unit 2 on
 * moved by the earlier units' outputs (when the sample moves and no
 * activation on the path is identically 0) with the signs sigma_post takes
 * near 0. Classes: "both signs", "nonnegative", "nonpositive", "constant",
 * each with a count and the first (sample, unit, layer, coordinate).
 * Assumption 3's approximation (slope 1 at 0) differs from the loss from
 * order n (mid, post: both signs) or 2n (pre: both signs or nonpositive).
 *
 * When that order is <= 2 the prover tried fixed candidate directions for a
 * witness that the loss itself has no first- or second-order expansion;
 * the checker recomputes the same candidates in the same order, each by the
 * loss's exact one-sided expansion along five rays (ReLU of a series is the
 * series or 0 by the sign of its first nonzero coefficient). */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

#define CANDIDATES 24
#define S 3 /* series 1, t, t^2 */

enum { PRE, MID, POST };
enum { BOTH, NONNEG, NONPOS, CONSTANT };

typedef struct {
    slong count[3][4], first[3][4][4];
} classes;

/* sigma is identically 0 near 0 (a polynomial with only zero derivatives) */
static int dead(const ck_act *a)
{
    if (a->kind != CK_ACT_POLY)
        return 0;
    for (slong k = 1; k < a->nder; k++)
        if (!fmpq_is_zero(a->der + k))
            return 0;
    return 1;
}

/* the signs sigma_post takes near 0 */
static int post_signs(const ck_act *a)
{
    if (a->kind == CK_ACT_RELU)
        return NONNEG;
    if (a->kind == CK_ACT_IDENTITY)
        return BOTH;
    slong k = 1;
    while (fmpq_is_zero(a->der + k))
        k++;
    return k % 2 ? BOTH : fmpq_sgn(a->der + k) > 0 ? NONNEG : NONPOS;
}

static void add(classes *c, int pos, int kind, slong count, slong mu, slong r, slong layer, slong i)
{
    if (count <= 0)
        return;
    if (!c->count[pos][kind]) {
        c->first[pos][kind][0] = mu;
        c->first[pos][kind][1] = r;
        c->first[pos][kind][2] = layer;
        c->first[pos][kind][3] = i;
    }
    c->count[pos][kind] += count;
}

static int z0_nonzero(const ck_net *net, slong j, slong mu)
{
    fmpq_t z;
    fmpq_init(z);
    ck_act_deriv(z, &net->pre, net->X + j * net->m + mu, 0);
    int nz = !fmpq_is_zero(z);
    fmpq_clear(z);
    return nz;
}

static void classify(classes *c, const ck_net *net)
{
    slong d = net->d, n = net->n, R = net->R;
    int path = (n == 1 || !dead(&net->mid)) && !dead(&net->post);
    for (slong mu = 0; mu < net->m; mu++) {
        int moves = 0;
        for (slong j = 0; j < d; j++)
            moves |= z0_nonzero(net, j, mu);
        if (net->mid.kind == CK_ACT_RELU)
            add(c, MID, moves ? BOTH : CONSTANT, R * (n - 1) * d, mu, 0, 1, 0);
        if (net->post.kind == CK_ACT_RELU)
            add(c, POST, moves && (n == 1 || !dead(&net->mid)) ? BOTH : CONSTANT, R * d, mu, 0, n, 0);
        if (net->pre.kind != CK_ACT_RELU)
            continue;
        for (slong j = 0; j < d; j++) {
            if (!fmpq_is_zero(net->X + j * net->m + mu))
                continue;
            add(c, PRE, CONSTANT, 1, mu, 0, 0, j);
            add(c, PRE, moves && path ? post_signs(&net->post) : CONSTANT, R - 1, mu, 1, 0, j);
        }
    }
}

/* ---- the loss along a ray, t -> 0+ ------------------------------------------ */

/* s <- sigma(s): sigma(s0), sigma'(s0) s1, sigma'(s0) s2 + sigma''(s0)/2 s1^2 */
static void series_act(fmpq *s, const ck_act *a)
{
    if (a->kind == CK_ACT_RELU && fmpq_is_zero(s)) {
        int sign = fmpq_sgn(s + 1) ? fmpq_sgn(s + 1) : fmpq_sgn(s + 2);
        for (int k = 0; k < S && sign <= 0; k++)
            fmpq_zero(s + k);
        return;
    }
    fmpq_t d1, d2;
    fmpq_init(d1);
    fmpq_init(d2);
    ck_act_deriv(d1, a, s, 1);
    ck_act_deriv(d2, a, s, 2);
    fmpq_div_2exp(d2, d2, 1);
    fmpq_mul(d2, d2, s + 1);
    fmpq_mul(d2, d2, s + 1);
    fmpq_mul(s + 2, s + 2, d1);
    fmpq_add(s + 2, s + 2, d2);
    fmpq_mul(s + 1, s + 1, d1);
    ck_act_deriv(s, a, s, 0);
    fmpq_clear(d1);
    fmpq_clear(d2);
}

/* c1, c2 of the sum over samples with use[mu] of (1/2m)|f - y|^2 along
 * w = t (s0 e_p0 + s1 e_p1) (c0 = L(0) is left 0: no test uses it). Only
 * the columns the first matrix reads on the ray need sigma_pre; a zero series
 * stays 0 through sigma_mid and sigma_post (sigma(0) = 0); a coordinate of f
 * that does not move adds nothing to c1, c2. */
static void ray_loss(fmpq *c, const ck_net *net, const slong p[2], const int s[2], const int *use)
{
    slong d = net->d, unit = net->n * d * d;
    fmpq *h = _fmpq_vec_init(3 * d * S), *z = h + d * S, *u = h + 2 * d * S;
    fmpq_t e;
    fmpq_init(e);
    for (int k = 0; k < S; k++)
        fmpq_zero(c + k);
    for (slong mu = 0; mu < net->m; mu++) {
        if (!use[mu])
            continue;
        for (slong k = 0; k < d * S; k++)
            fmpq_zero(h + k);
        for (slong i = 0; i < d; i++)
            fmpq_set(h + i * S, net->X + i * net->m + mu);
        for (slong r = 0; r < net->R; r++) {
            if (!((s[0] && p[0] / unit == r) || (s[1] && p[1] / unit == r)))
                continue; /* no weight of this unit on the ray: it adds sigma_post(0) = 0 */
            for (int w = 0; w < 2; w++) {
                slong j = p[w] / d % d;
                if (!s[w] || p[w] / (d * d) != r * net->n)
                    continue;
                for (int k = 0; k < S; k++)
                    fmpq_set(z + j * S + k, h + j * S + k);
                series_act(z + j * S, &net->pre);
            }
            for (slong l = 0; l < net->n; l++) {
                for (slong k = 0; k < d * S; k++)
                    fmpq_zero(u + k);
                for (int w = 0; w < 2; w++) {
                    slong q = p[w], i = q % d, j = q / d % d;
                    if (!s[w] || q / (d * d) != r * net->n + l)
                        continue;
                    for (int k = 1; k < S; k++) /* u_i += s t z_j */
                        s[w] > 0 ? fmpq_add(u + i * S + k, u + i * S + k, z + j * S + k - 1)
                                 : fmpq_sub(u + i * S + k, u + i * S + k, z + j * S + k - 1);
                }
                for (slong i = 0; i < d; i++)
                    if (!fmpq_is_zero(u + i * S + 1) || !fmpq_is_zero(u + i * S + 2))
                        series_act(u + i * S, l + 1 < net->n ? &net->mid : &net->post);
                for (slong k = 0; k < d * S; k++)
                    fmpq_swap(z + k, u + k);
            }
            for (slong k = 0; k < d * S; k++)
                fmpq_add(h + k, h + k, z + k);
        }
        for (slong i = 0; i < d; i++) { /* (e + h1 t + h2 t^2)^2 - e^2 */
            fmpq *hi = h + i * S;
            if (fmpq_is_zero(hi + 1) && fmpq_is_zero(hi + 2))
                continue;
            fmpq_sub(e, hi, net->Y + i * net->m + mu);
            fmpq_mul_2exp(e, e, 1);
            fmpq_addmul(c + 1, e, hi + 1);
            fmpq_addmul(c + 2, e, hi + 2);
            fmpq_addmul(c + 2, hi + 1, hi + 1);
        }
    }
    fmpz_t twom;
    fmpz_init_set_si(twom, 2 * net->m);
    for (int k = 0; k < S; k++)
        fmpq_div_fmpz(c + k, c + k, twom);
    fmpz_clear(twom);
    fmpq_clear(e);
    _fmpq_vec_clear(h, 3 * d * S);
}

/* The tests on u = e_p, v = e_q (p == q: odd and even only), in order odd,
 * additive, even, parallelogram; the first nonzero one, or -1. */
static int tests(fmpq_t D, const ck_net *net, slong p, slong q, const int *use)
{
    static const int sign[5][2] = {{1, 0}, {-1, 0}, {0, 1}, {1, 1}, {1, -1}};
    fmpq *c[5];
    for (int k = 0; k < 5; k++) {
        c[k] = _fmpq_vec_init(S);
        slong pq[2] = {p, q};
        if (p != q || k < 2)
            ray_loss(c[k], net, pq, sign[k], use);
    }
    fmpq *cu = c[0], *cn = c[1], *cv = c[2], *cs = c[3], *cd = c[4];
    fmpq_t two;
    fmpq_init(two);
    fmpq_set_si(two, 2, 1);
    int found = -1;
    for (int k = 0; k < 4 && found < 0; k++) {
        if (k % 2 && p == q)
            continue;
        switch (k) {
        case 0: fmpq_add(D, cu + 1, cn + 1); break;                    /* c1(u) + c1(-u) */
        case 1: fmpq_sub(D, cs + 1, cu + 1); fmpq_sub(D, D, cv + 1); break; /* c1(u+v) - c1(u) - c1(v) */
        case 2: fmpq_sub(D, cu + 2, cn + 2); break;                    /* c2(u) - c2(-u) */
        default:                                                      /* parallelogram */
            fmpq_add(D, cs + 2, cd + 2);
            fmpq_submul(D, cu + 2, two);
            fmpq_submul(D, cv + 2, two);
        }
        if (!fmpq_is_zero(D))
            found = k;
    }
    for (int k = 0; k < 5; k++)
        _fmpq_vec_clear(c[k], S);
    fmpq_clear(two);
    return found;
}

static slong weight(const ck_net *net, slong r, slong l, slong j, slong i)
{
    return ((r * net->n + l) * net->d + j) * net->d + i;
}

/* the candidates, in the prover's order: singles w^{1,1}_{bj} (n = 1, post
 * kinks), then pairs (next matrix's (x, b), w^{1,1}_{bj}); j a column on
 * which some sample has sigma_pre(x_j) != 0, the samples used */
static json_t *witness(slong *tried, const ck_net *net, int singles)
{
    static const char *names[] = {"odd", "additive", "even", "parallelogram"};
    slong d = net->d;
    int *use = calloc((size_t)net->m, sizeof(int));
    json_t *w = NULL;
    fmpq_t D;
    fmpq_init(D);
    for (int pass = 0; pass < 2 && !w; pass++) {
        if (pass ? !(net->n == 2 || net->R > 1) : !singles)
            continue;
        for (slong j = 0; j < d && !w && *tried < CANDIDATES; j++) {
            int any = 0;
            for (slong mu = 0; mu < net->m; mu++)
                any |= use[mu] = z0_nonzero(net, j, mu);
            for (slong b = 0; any && b < d && !w && *tried < CANDIDATES; b++)
                for (slong x = 0; x < (pass ? d : 1) && !w && *tried < CANDIDATES; x++) {
                    slong q = weight(net, 0, 0, j, b);
                    slong p = !pass ? q : net->n == 2 ? weight(net, 0, 1, b, x) : weight(net, 1, 0, b, x);
                    ++*tried;
                    int k = tests(D, net, p, q, use);
                    if (k >= 0)
                        w = json_pack("{s:I,s:s,s:I,s:I,s:o}", "order", (json_int_t)(k < 2 ? 1 : 2),
                                      "test", names[k], "u", (json_int_t)p, "v", (json_int_t)q,
                                      "defect", rc_json_fmpq(D));
                }
        }
    }
    fmpq_clear(D);
    free(use);
    return w ? w : json_null();
}

json_t *ck_li18_relu(const ck_net *net)
{
    static const char *pos[] = {"pre", "mid", "post"};
    static const char *kind[] = {"both signs", "nonnegative", "nonpositive", "constant"};
    int mid = net->mid.kind == CK_ACT_RELU && net->n > 1;
    if (net->pre.kind != CK_ACT_RELU && !mid && net->post.kind != CK_ACT_RELU)
        return json_null();
    classes c;
    memset(&c, 0, sizeof c);
    classify(&c, net);
    json_t *cls = json_array();
    for (int p = 0; p < 3; p++)
        for (int k = 0; k < 4; k++)
            if (c.count[p][k])
                json_array_append_new(cls, json_pack("{s:s,s:s,s:I,s:[I,I,I,I]}", "position", pos[p],
                    "kind", kind[k], "count", (json_int_t)c.count[p][k], "first",
                    (json_int_t)c.first[p][k][0], (json_int_t)c.first[p][k][1],
                    (json_int_t)c.first[p][k][2], (json_int_t)c.first[p][k][3]));
    slong order = 0, tried = 0;
    if (c.count[MID][BOTH] || c.count[POST][BOTH])
        order = net->n;
    else if (c.count[PRE][BOTH] || c.count[PRE][NONPOS])
        order = 2 * net->n;
    json_t *w = order && order <= 2 ? witness(&tried, net, net->n == 1 && c.count[POST][BOTH])
                                    : json_null();
    return json_pack("{s:o,s:o,s:I,s:o}", "zero_arguments", cls, "approximation_from_order",
                     order ? json_integer(order) : json_null(), "witness_candidates",
                     (json_int_t)tried, "loss_witness", w);
}
