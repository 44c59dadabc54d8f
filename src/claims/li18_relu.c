/* li18 Theorem 2 with ReLU activations: which ReLUs have the argument 0 at
 * the zero point, whether that argument moves with the weights, and what it
 * does to the statements.
 *
 * At w = 0 every unit is the identity, so every unit's input is the data
 * x^mu. For one sample, let z0 = sigma_pre(x^mu). If z0 = 0, nothing moves:
 * unit 1 sees the constant x, its path carries W z0 = 0 and sigma(0) = 0,
 * and so on through the units. If z0 != 0, in every unit the arguments
 * after W^{r,1} are linear in free weights with a nonzero factor z0_j, so
 * they take both signs near 0; the later ones too as long as no activation
 * on the path is identically 0. Hence, with ReLU:
 *  - mid and post: the argument is always 0 at w = 0; it takes both signs
 *    near 0 iff z0 != 0 (and, after W^{r,l} with l >= 2, sigma_mid is not
 *    identically 0), else it is constant;
 *  - pre, coordinate j with x^mu_j = 0: in unit 1 the argument is x^mu_j,
 *    constant; from unit 2 on it is x_j plus the earlier units' outputs,
 *    which move iff z0 != 0 and no activation on the path is identically 0,
 *    and then with the signs sigma_post takes near 0: both (identity, a
 *    polynomial of odd leading order), >= 0 (ReLU, even order, positive) or
 *    <= 0 (even order, negative).
 * Assumption 3's approximation reads ReLU at 0 as its right-hand piece
 * (slope 1). Where it is not the function (both signs, or <= 0), the
 * difference is O(|w|^k) in the loss with k = n for mid and post (the
 * argument after W^{r,l} is O(|w|^l), then n - l more weights) and k = 2n
 * for pre (the earlier units' outputs are O(|w|^n), then n weights). */
#include "li18_net.h"
#include "rescheck/cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WITNESS_CANDIDATES 24

static const char *pos_name[] = {"pre", "mid", "post"};
static const char *kind_name[] = {"both signs", "nonnegative", "nonpositive", "constant"};
static const char *test_name[] = {"odd", "additive", "even", "parallelogram"};

/* the lowest k >= 1 with sigma^(k)(0) != 0 and its sign; k = 0 when sigma
 * is identically 0 near 0 */
static slong leading(int *sign, const rc_act *a)
{
    *sign = 1;
    if (a->kind != RC_ACT_POLY)
        return 1;
    for (slong k = 1; k < a->nder; k++)
        if (!fmpq_is_zero(a->der + k)) {
            *sign = fmpq_sgn(a->der + k);
            return k;
        }
    return 0;
}

/* the signs sigma_post takes near 0 on arguments of both signs */
static int post_kind(const rc_act *post)
{
    int sign;
    slong k = leading(&sign, post);
    if (post->kind == RC_ACT_RELU || (k % 2 == 0 && sign > 0))
        return LI18_NONNEG;
    return k % 2 ? LI18_BOTH : LI18_NONPOS;
}

static void record(li18_relu *a, int pos, int kind, slong count, slong mu, slong r, slong layer,
                   slong i)
{
    if (count <= 0)
        return;
    if (a->count[pos][kind] == 0) {
        slong f[4] = {mu, r, layer, i};
        memcpy(a->first[pos][kind], f, sizeof f);
    }
    a->count[pos][kind] += count;
}

static int sample_moves(const rc_nsnet *net, slong mu)
{
    fmpq_t z;
    fmpq_init(z);
    int any = 0;
    for (slong j = 0; j < net->d && !any; j++) {
        rc_act_taylor_coeff(z, &net->pre, fmpq_mat_entry(net->X, j, mu), 0);
        any = !fmpq_is_zero(z);
    }
    fmpq_clear(z);
    return any;
}

static void classify(li18_relu *a, const rc_nsnet *net)
{
    int sign;
    slong d = net->d, n = net->n, R = net->R;
    int mid_live = n == 1 || leading(&sign, &net->mid) > 0;
    int post_live = leading(&sign, &net->post) > 0;
    for (slong mu = 0; mu < net->m; mu++) {
        int moves = sample_moves(net, mu);
        if (net->mid.kind == RC_ACT_RELU && n > 1)
            record(a, LI18_MID, moves ? LI18_BOTH : LI18_CONST, R * (n - 1) * d, mu, 0, 1, 0);
        if (net->post.kind == RC_ACT_RELU)
            record(a, LI18_POST, moves && mid_live ? LI18_BOTH : LI18_CONST, R * d, mu, 0, n, 0);
        if (net->pre.kind != RC_ACT_RELU)
            continue;
        int later = moves && mid_live && post_live ? post_kind(&net->post) : LI18_CONST;
        for (slong j = 0; j < d; j++)
            if (fmpq_is_zero(fmpq_mat_entry(net->X, j, mu))) {
                record(a, LI18_PRE, LI18_CONST, 1, mu, 0, 0, j);
                record(a, LI18_PRE, later, R - 1, mu, 1, 0, j);
            }
    }
    if (a->count[LI18_MID][LI18_BOTH] || a->count[LI18_POST][LI18_BOTH])
        a->approx_order = n;
    else if (a->count[LI18_PRE][LI18_BOTH] || a->count[LI18_PRE][LI18_NONPOS])
        a->approx_order = 2 * n;
}

/* ---- a witness that the loss itself has no expansion of order <= 2 -------- */

/* c(ray) for the ray sum_k s_k e_{p_k} */
static void ray(fmpq *c, const rc_nsnet *net, slong p, int sp, slong q, int sq, const int *use)
{
    slong idx[2] = {p, q};
    fmpq val[2];
    fmpq_init(val);
    fmpq_init(val + 1);
    fmpq_set_si(val, sp, 1);
    fmpq_set_si(val + 1, sq, 1);
    rc_nsnet_ray_loss(c, net, idx, val, sq ? 2 : 1, use);
    fmpq_clear(val);
    fmpq_clear(val + 1);
}

/* The four tests on u = e_p, v = e_q (p == q: the first and third only),
 * with c_k(x) the t^k coefficient of L(t x) as t -> 0+: a differentiable L
 * has c_1 linear, one with a second-order expansion has c_2 a quadratic
 * form, so each of these is 0 for it:
 *   odd:           c1(u) + c1(-u)
 *   additive:      c1(u+v) - c1(u) - c1(v)
 *   even:          c2(u) - c2(-u)
 *   parallelogram: c2(u+v) + c2(u-v) - 2 c2(u) - 2 c2(v)
 * Returns the first test that is not 0, or -1. */
static int defect(fmpq_t D, const rc_nsnet *net, slong p, slong q, const int *use)
{
    fmpq *c = _fmpq_vec_init(5 * (RC_RAY_ORDER + 1));
    fmpq *cu = c, *cn = c + 3, *cv = c + 6, *cs = c + 9, *cd = c + 12;
    ray(cu, net, p, 1, 0, 0, use);
    ray(cn, net, p, -1, 0, 0, use);
    if (p != q) {
        ray(cv, net, q, 1, 0, 0, use);
        ray(cs, net, p, 1, q, 1, use);
        ray(cd, net, p, 1, q, -1, use);
    }
    int test = -1;
    for (int k = 0; k < 4 && test < 0; k++) {
        if (p == q && k % 2)
            continue;
        if (k == 0) {
            fmpq_add(D, cu + 1, cn + 1);
        } else if (k == 1) {
            fmpq_sub(D, cs + 1, cu + 1);
            fmpq_sub(D, D, cv + 1);
        } else if (k == 2) {
            fmpq_sub(D, cu + 2, cn + 2);
        } else {
            fmpq_add(D, cu + 2, cv + 2);
            fmpq_mul_2exp(D, D, 1);
            fmpq_sub(D, cd + 2, D);
            fmpq_add(D, D, cs + 2);
        }
        if (!fmpq_is_zero(D))
            test = k;
    }
    _fmpq_vec_clear(c, 5 * (RC_RAY_ORDER + 1));
    return test;
}

/* Candidates in a fixed order, the checker's too: with j a column of unit
 * 1's first matrix on which some sample has sigma_pre(x_j) != 0,
 *  - n = 1, post kinks: u = v = w^{1,1}_{ij};
 *  - pairs u = e_p, v = e_q with q = w^{1,1}_{bj} and p the weight (a, b)
 *    of the next matrix on the path: W^{1,2} (n = 2), W^{2,1} (n = 1).
 * Only samples with sigma_pre(x_j) != 0 can move along these rays. */
static void search_witness(li18_relu *a, const rc_nsnet *net)
{
    slong d = net->d, n = net->n;
    int singles = n == 1 && a->count[LI18_POST][LI18_BOTH];
    int pairs = n == 2 || net->R > 1;
    int *use = calloc((size_t)net->m, sizeof(int));
    fmpq_t z;
    fmpq_init(z);
    for (int pass = 0; pass < 2 && !a->w_found; pass++) {
        if (!(pass ? pairs : singles))
            continue;
        for (slong j = 0; j < d && !a->w_found && a->tried < WITNESS_CANDIDATES; j++) {
            int any = 0;
            for (slong mu = 0; mu < net->m; mu++) {
                rc_act_taylor_coeff(z, &net->pre, fmpq_mat_entry(net->X, j, mu), 0);
                any |= use[mu] = !fmpq_is_zero(z);
            }
            for (slong b = 0; any && b < d && !a->w_found && a->tried < WITNESS_CANDIDATES; b++)
                for (slong x = 0; x < (pass ? d : 1) && !a->w_found && a->tried < WITNESS_CANDIDATES; x++) {
                    slong q = rc_nsnet_index(net, 0, 0, j, b);
                    slong p = !pass ? q : n == 2 ? rc_nsnet_index(net, 0, 1, b, x)
                                                 : rc_nsnet_index(net, 1, 0, b, x);
                    a->tried++;
                    a->w_test = defect(a->w_defect, net, p, q, use);
                    if (a->w_test >= 0) {
                        a->w_found = 1;
                        a->w_order = a->w_test < 2 ? 1 : 2;
                        a->w_u = p;
                        a->w_v = q;
                    }
                }
        }
    }
    fmpq_clear(z);
    free(use);
}

void li18_relu_init(li18_relu *a, const rc_nsnet *net)
{
    memset(a, 0, sizeof *a);
    fmpq_init(a->w_defect);
    a->any = net->pre.kind == RC_ACT_RELU || (net->mid.kind == RC_ACT_RELU && net->n > 1) ||
             net->post.kind == RC_ACT_RELU;
    if (!a->any)
        return;
    classify(a, net);
    if (a->approx_order && a->approx_order <= RC_RAY_ORDER)
        search_witness(a, net);
}

void li18_relu_clear(li18_relu *a)
{
    fmpq_clear(a->w_defect);
}

const char *li18_relu_tag(const li18_relu *a, slong order)
{
    return a->approx_order && order >= a->approx_order
               ? " (holds for Assumption 3's approximation, not for the loss itself)"
               : "";
}

/* ---- the report --------------------------------------------------------------- */

/* "w^{1,2}_{3,1}" (1-based unit, matrix, row, column) */
static void weight_name(char *buf, size_t len, const rc_nsnet *net, slong p)
{
    slong d = net->d, i = p % d, j = (p / d) % d, rl = p / (d * d);
    snprintf(buf, len, "w^{%ld,%ld}_{%ld,%ld}", (long)(rl / net->n + 1), (long)(rl % net->n + 1),
             (long)i + 1, (long)j + 1);
}

static const char *kind_text[] = {
    "takes both signs arbitrarily near w = 0, so the network passes through ReLU's kink there",
    "is >= 0 near w = 0 (sigma_post >= 0 near 0), so ReLU(h_j) = h_j there: differentiable, and the right-hand piece is exact",
    "is <= 0 near w = 0 (sigma_post <= 0 near 0), so ReLU(h_j) = 0 there: differentiable, but the right-hand piece (slope 1) is not its expansion",
    "is constant near w = 0 (nothing before it moves with the weights at that sample): ReLU is differentiable there",
};

static void report_classes(rc_report *rep, const li18_relu *a)
{
    for (int pos = 0; pos < 3; pos++)
        for (int kind = 0; kind < 4; kind++) {
            if (!a->count[pos][kind])
                continue;
            const slong *f = a->first[pos][kind];
            char where[256];
            if (pos == LI18_PRE)
                snprintf(where, sizeof where, "h_%ld, x^%ld_%ld = 0", (long)f[3] + 1, (long)f[0] + 1,
                         (long)f[3] + 1);
            else
                snprintf(where, sizeof where, "after W^{%ld,%ld}", (long)f[1] + 1, (long)f[2]);
            rc_report_add(rep, RC_NOTE, NULL, NULL,
                          "sigma_%s = ReLU at a zero argument, %ld place%s (sample, unit, coordinate), first at sample %ld, unit %ld, coordinate %ld (%s): the argument is 0 at w = 0 and %s",
                          pos_name[pos], (long)a->count[pos][kind], a->count[pos][kind] > 1 ? "s" : "",
                          (long)f[0] + 1, (long)f[1] + 1, (long)f[3] + 1, where, kind_text[kind]);
        }
}

static void report_witness(rc_report *rep, const li18_relu *a, const rc_nsnet *net)
{
    if (!a->w_found) {
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "whether the loss itself %s at w = 0 is not decided: none of the %ld candidate directions shows a defect (ReLU's one-sided pieces can cancel across samples)",
                      a->approx_order == 1 ? "is differentiable (has a gradient and a Hessian)"
                                           : "has a Hessian",
                      (long)a->tried);
        return;
    }
    char u[128], v[128], *D = fmpq_get_str(NULL, 10, a->w_defect);
    weight_name(u, sizeof u, net, a->w_u);
    weight_name(v, sizeof v, net, a->w_v);
    static const char *formula[] = {"c1(u) + c1(-u)", "c1(u+v) - c1(u) - c1(v)", "c2(u) - c2(-u)",
                                    "c2(u+v) + c2(u-v) - 2 c2(u) - 2 c2(v)"};
    rc_report_add(rep, RC_NOTE, NULL, NULL,
                  "the loss itself %s at w = 0: with c_k(x) the t^k coefficient of L(t x) as t -> 0+ and u the unit vector of %s%s%s, %s = %s != 0, which %s would make 0",
                  a->w_order == 1 ? "is not differentiable (no gradient, no Hessian)"
                                  : "has no second-order Taylor expansion (no Hessian)",
                  u, a->w_u == a->w_v ? "" : ", v that of ", a->w_u == a->w_v ? "" : v,
                  formula[a->w_test], D,
                  a->w_order == 1 ? "a linear c1 (a gradient)" : "a quadratic form c2 (a Hessian)");
    flint_free(D);
}

void li18_relu_report(rc_report *rep, const li18_relu *a, const rc_nsnet *net)
{
    if (!a->any)
        return;
    report_classes(rep, a);
    if (!a->approx_order) {
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "every ReLU is differentiable at w = 0 on this data (no argument that is 0 there changes sign nearby, and the right-hand piece is exact where one is used), so the expansion below is the loss's own");
        return;
    }
    char orders[96] = "every statement about the gradient or the Hessian is";
    if (a->approx_order > 1)
        snprintf(orders, sizeof orders,
                 "statements about orders below %ld hold for the loss itself and the others are",
                 (long)a->approx_order);
    rc_report_add(rep, RC_NOTE, NULL, NULL,
                  "rescheck expands Assumption 3's local polynomial approximation, ReLU read as its right-hand piece (slope 1) at a zero argument; it differs from the loss by O(|w|^%ld), so %s marked as holding for the approximation",
                  (long)a->approx_order, orders);
    if (a->approx_order <= RC_RAY_ORDER)
        report_witness(rep, a, net);
}

json_t *li18_relu_json(const li18_relu *a)
{
    if (!a->any)
        return json_null();
    json_t *cls = json_array();
    for (int pos = 0; pos < 3; pos++)
        for (int kind = 0; kind < 4; kind++) {
            const slong *f = a->first[pos][kind];
            if (a->count[pos][kind])
                json_array_append_new(cls, json_pack("{s:s,s:s,s:I,s:[I,I,I,I]}", "position",
                    pos_name[pos], "kind", kind_name[kind], "count", (json_int_t)a->count[pos][kind],
                    "first", (json_int_t)f[0], (json_int_t)f[1], (json_int_t)f[2], (json_int_t)f[3]));
        }
    json_t *w = json_null();
    if (a->w_found)
        w = json_pack("{s:I,s:s,s:I,s:I,s:o}", "order", (json_int_t)a->w_order, "test",
                      test_name[a->w_test], "u", (json_int_t)a->w_u, "v", (json_int_t)a->w_v,
                      "defect", rc_json_fmpq(a->w_defect));
    return json_pack("{s:o,s:o,s:I,s:o}", "zero_arguments", cls, "approximation_from_order",
                     a->approx_order ? json_integer(a->approx_order) : json_null(),
                     "witness_candidates", (json_int_t)a->tried, "loss_witness", w);
}
