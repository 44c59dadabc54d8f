/* yun19 §5.1, Theorem 4 on instances: at a point theta* critical in w,
 *   R(theta*) <= R_lin + mu ||t_hat|| (prod_l (1 + rho_l) - 1) E||x||,
 * for the Huber loss (mu = delta), rho_l >= ||V_l||_2 ||U_l||_2 >= the
 * Lipschitz constant of t -> V_l phi(U_l t) (phi relu or identity, so
 * phi(0) = 0). The proof uses only criticality in w, so w* is solved
 * exactly for the given inner weights (rescheck/huber.h), t_hat likewise on
 * X, each rho_l comes from rational bounds lam >= ||M||_2^2 proved by a
 * positive definite shift (rescheck/opnorm.h), and the irrational sides
 * (square roots) are Arb balls: undecided when a ball cannot decide.
 *
 * A spec is a yun19.resnet with loss huber (one instance; its w is replaced
 * by w*), or the built-in suite (kind yun19.thm4-suite): instances, each a
 * yun19.resnet object, and a depth sweep built from c and a base block. */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/huber.h"
#include "rescheck/witness.h"
#include "rescheck/opnorm.h"
#include "rescheck/qrho.h"
#include "rescheck/resnet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arb.h>
#include <flint/fmpq_vec.h>

#define THM4_PREC 256
#define THM4_DIGITS 20
#define THM4_ROUNDS 50

static json_t *q_json(const fmpq_t x) { return rc_json_fmpq(x); }

#define vec_json rc_json_fmpq_row
#define mat_json rc_json_fmpq_mat

static json_t *side_json(const int *s, slong n)
{
    json_t *a = json_array();
    for (slong i = 0; i < n; i++)
        json_array_append_new(a, json_integer(s[i]));
    return a;
}

static json_t *ball_json(const arb_t x)
{
    char *s = arb_get_str(x, THM4_DIGITS, 0);
    json_t *j = json_string(s);
    flint_free(s);
    return j;
}

/* a rational as p/q when short, else its decimal (the certificate has it exactly) */
static char *short_str(const fmpq_t x)
{
    char *s = rc_fmpq_get_str(x);
    if (strlen(s) <= 40)
        return s;
    flint_free(s);
    arb_t a;
    arb_init(a);
    arb_set_fmpq(a, x, THM4_PREC);
    s = arb_get_str(a, 15, ARB_STR_NO_RADIUS);
    arb_clear(a);
    char *t = flint_malloc(strlen(s) + 16);
    sprintf(t, "%s (rounded)", s);
    flint_free(s);
    return t;
}

/* the instance as the certificate's inputs hold it */
static json_t *instance_inputs(const rc_resnet *net, const char *name)
{
    json_t *in = json_object(), *blocks = json_array();
    json_object_set_new(in, "name", json_string(name));
    json_object_set_new(in, "X", mat_json(net->X));
    json_t *y = json_array();
    for (slong i = 0; i < net->n; i++)
        json_array_append_new(y, q_json(fmpq_mat_entry(net->y, i, 0)));
    json_object_set_new(in, "y", y);
    json_object_set_new(in, "delta", q_json(net->delta));
    for (slong l = 0; l < net->L; l++) {
        const rc_resnet_block *b = net->blk + l;
        json_t *bj = json_object();
        json_object_set_new(bj, "phi", json_string(b->phi == RC_PHI_RELU ? "relu" : "identity"));
        json_object_set_new(bj, "V", mat_json(b->V));
        json_object_set_new(bj, "U", b->has_U ? mat_json(b->U) : json_null());
        json_array_append_new(blocks, bj);
    }
    json_object_set_new(in, "blocks", blocks);
    return in;
}

/* Theorem 4's setting: phi(0) = 0 and a Lipschitz bound from V and U */
static int thm4_admissible(rc_spec *s, const rc_resnet *net)
{
    if (net->loss != RC_LOSS_HUBER)
        return rc_spec_fail(s, "loss", "Theorem 4 needs a Lipschitz convex loss: use \"huber\" "
                                       "with \"delta\" (mu = delta)");
    for (slong l = 0; l < net->L; l++) {
        char field[64];
        snprintf(field, sizeof field, "blocks[%ld]", (long)l);
        if (net->blk[l].phi == RC_PHI_RELUNET)
            return rc_spec_fail(s, field, "Theorem 4 needs phi(0) = 0 and a Lipschitz bound from "
                                          "V and U: use phi \"relu\" or \"identity\"");
        if (net->blk[l].has_W)
            return rc_spec_fail(s, field, "Theorem 4 is about identity skips: remove \"W\"");
    }
    return 0;
}

/* ||x||^2 of row i */
static void row_sq(fmpq_t out, const fmpq_mat_t M, slong i)
{
    fmpq_zero(out);
    for (slong k = 0; k < fmpq_mat_ncols(M); k++)
        fmpq_addmul(out, fmpq_mat_entry(M, i, k), fmpq_mat_entry(M, i, k));
}

typedef struct {
    int status; /* RC_OK, RC_FAIL, RC_UNDECIDED */
    int naive;  /* R(theta*) <= R_lin: 1, 0; -1 unknown */
    int has_pm1; /* pm1 computed: only once w* and t_hat are solved */
    arb_t pm1;  /* prod(1 + rho_l) - 1 */
} thm4_outcome;

/* the bound's Arb side from exact pieces: rho_l = sqrt(lamV_l lamU_l) */
static void thm4_rhs(arb_t rhs, arb_t prodm1, arb_t tnorm, arb_t ex, const fmpq *lamV,
                     const fmpq *lamU, slong L, const fmpq_t rlin, const fmpq_t tt,
                     const fmpq_t delta, const fmpq_mat_t X)
{
    arb_t t;
    arb_init(t);
    fmpq_t q;
    fmpq_init(q);
    arb_one(prodm1);
    for (slong l = 0; l < L; l++) {
        fmpq_mul(q, lamV + l, lamU + l);
        arb_set_fmpq(t, q, THM4_PREC);
        arb_sqrt(t, t, THM4_PREC);
        arb_add_ui(t, t, 1, THM4_PREC);
        arb_mul(prodm1, prodm1, t, THM4_PREC);
    }
    arb_sub_ui(prodm1, prodm1, 1, THM4_PREC);
    arb_set_fmpq(tnorm, tt, THM4_PREC);
    arb_sqrt(tnorm, tnorm, THM4_PREC);
    arb_zero(ex);
    for (slong i = 0; i < fmpq_mat_nrows(X); i++) {
        row_sq(q, X, i);
        arb_set_fmpq(t, q, THM4_PREC);
        arb_sqrt(t, t, THM4_PREC);
        arb_add(ex, ex, t, THM4_PREC);
    }
    arb_div_si(ex, ex, fmpq_mat_nrows(X), THM4_PREC);
    arb_set_fmpq(rhs, delta, THM4_PREC);
    arb_mul(rhs, rhs, tnorm, THM4_PREC);
    arb_mul(rhs, rhs, prodm1, THM4_PREC);
    arb_mul(rhs, rhs, ex, THM4_PREC);
    arb_set_fmpq(t, rlin, THM4_PREC);
    arb_add(rhs, rhs, t, THM4_PREC);
    arb_clear(t);
    fmpq_clear(q);
}

/* one instance: w*, t_hat, the rho bounds, the inequality. lamV, lamU: the
 * bounds to use (the sweep's, scaled exactly) or NULL to compute them. */
static json_t *thm4_instance(rc_report *rep, thm4_outcome *out, const rc_resnet *net,
                             const char *name, const fmpq *lamV_in, const fmpq *lamU_in)
{
    slong n = net->n, d = net->dx, L = net->L;
    json_t *res = json_object();
    json_object_set_new(res, "name", json_string(name));
    out->status = RC_UNDECIDED;
    out->naive = -1;
    out->has_pm1 = 0;
    rc_resnet_fwd F;
    rc_resnet_forward(&F, net);
    rc_huber_t hw, ht;
    rc_huber_init(hw, n, d);
    rc_huber_init(ht, n, d);
    rc_huber_fit(hw, F.H + L, (const fmpq *)net->y->entries, net->delta, THM4_ROUNDS);
    rc_huber_fit(ht, net->X, (const fmpq *)net->y->entries, net->delta, THM4_ROUNDS);
    int solved = hw->status == RC_HUBER_SOLVED && ht->status == RC_HUBER_SOLVED;
    json_object_set_new(res, "w", solved ? vec_json(hw->w, d) : json_null());
    json_object_set_new(res, "partition", solved ? side_json(hw->side, n) : json_null());
    json_object_set_new(res, "t_hat", solved ? vec_json(ht->w, d) : json_null());
    json_object_set_new(res, "t_partition", solved ? side_json(ht->side, n) : json_null());
    if (!solved) {
        rc_report_add(rep, RC_UNDECIDED, NULL, NULL,
                      "%s: no exact Huber minimiser found (w: %s; t_hat: %s), so Theorem 4 is "
                      "not checked here", name, rc_huber_status_str(hw->status),
                      rc_huber_status_str(ht->status));
        const char *keys[] = {"outputs", "rank", "t_rank", "risk", "r_lin", "lambda_V", "lambda_U", "rho",
                              "t_norm", "mean_norm_x", "prod_minus_1", "rhs", "holds", "slack",
                              "tightness", "naive_holds"};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            json_object_set_new(res, keys[k], json_null());
        goto done;
    }
    slong cnt[3] = {0, 0, 0};
    for (slong i = 0; i < n; i++)
        cnt[hw->side[i] + 1]++;
    char *rs = short_str(hw->risk), *ls = short_str(ht->risk),
         *ds = rc_fmpq_get_str(net->delta);
    rc_report_add(rep, RC_OK, NULL, NULL,
                  "%s (n = %ld, d_x = %ld, L = %ld, delta = %s): w* solved exactly, gradient in w "
                  "exactly 0 with %ld residuals in Huber's quadratic region, %ld above delta, %ld "
                  "below -delta (checked exactly); rank of sum_Q h h^T %ld of %ld%s; R(theta*) = %s",
                  name, (long)n, (long)d, (long)L, ds, (long)cnt[1],
                  (long)cnt[2], (long)cnt[0], (long)hw->rank, (long)d,
                  hw->rank < d ? " (singular: w* is one of an affine set of minimisers, all with "
                                 "this risk)" : "", rs);
    rc_report_add(rep, RC_OK, NULL, NULL,
                  "%s: t_hat solved exactly (Huber on X, no bias, gradient exactly 0), R_lin = %s",
                  name, ls);
    /* the network's output w*^T h_L(x_i) at each sample */
    json_t *outj = json_array();
    fmpq_t o;
    fmpq_init(o);
    for (slong i = 0; i < n; i++) {
        fmpq_zero(o);
        for (slong k = 0; k < d; k++)
            fmpq_addmul(o, hw->w + k, fmpq_mat_entry(F.H + L, i, k));
        json_array_append_new(outj, q_json(o));
    }
    fmpq_clear(o);
    json_object_set_new(res, "outputs", outj);
    json_object_set_new(res, "rank", json_integer(hw->rank));
    json_object_set_new(res, "t_rank", json_integer(ht->rank));
    json_object_set_new(res, "risk", q_json(hw->risk));
    json_object_set_new(res, "r_lin", q_json(ht->risk));

    /* rho_l: lamV_l, lamU_l (1 for a block without U) */
    fmpq *lamV = _fmpq_vec_init(L), *lamU = _fmpq_vec_init(L);
    json_t *jv = json_array(), *ju = json_array(), *jr = json_array();
    slong kinds[3] = {0, 0, 0};
    for (slong l = 0; l < L; l++) {
        const rc_resnet_block *b = net->blk + l;
        if (lamV_in) {
            fmpq_set(lamV + l, lamV_in + l);
            fmpq_set(lamU + l, lamU_in + l);
        } else {
            kinds[rc_opnorm_sq_bound(lamV + l, b->V)]++;
            if (b->has_U)
                kinds[rc_opnorm_sq_bound(lamU + l, b->U)]++;
            else
                fmpq_one(lamU + l);
        }
        json_array_append_new(jv, q_json(lamV + l));
        json_array_append_new(ju, b->has_U ? q_json(lamU + l) : json_null());
        arb_t r;
        arb_init(r);
        fmpq_t q;
        fmpq_init(q);
        fmpq_mul(q, lamV + l, lamU + l);
        arb_set_fmpq(r, q, THM4_PREC);
        arb_sqrt(r, r, THM4_PREC);
        json_array_append_new(jr, ball_json(r));
        arb_clear(r);
        fmpq_clear(q);
    }
    json_object_set_new(res, "lambda_V", jv);
    json_object_set_new(res, "lambda_U", ju);
    json_object_set_new(res, "rho", jr);
    if (!lamV_in)
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "%s: rho_l = sqrt(lam_V lam_U) with rational lam >= ||M||_2^2, each proved "
                      "by lam*I - M^T M (or M M^T) positive definite: %ld from a spectral estimate, "
                      "%ld Frobenius fallbacks (||M||_F^2 + 1), %ld zero matrices",
                      name, (long)kinds[RC_OPNORM_SPECTRAL], (long)kinds[RC_OPNORM_FROBENIUS],
                      (long)kinds[RC_OPNORM_ZERO]);

    fmpq_t tt;
    fmpq_init(tt);
    _fmpq_vec_dot(tt, ht->w, ht->w, d);
    arb_t rhs, pm1, tn, ex, lhs, slack, tight, add;
    arb_init(rhs), arb_init(pm1), arb_init(tn), arb_init(ex);
    arb_init(lhs), arb_init(slack), arb_init(tight), arb_init(add);
    thm4_rhs(rhs, pm1, tn, ex, lamV, lamU, L, ht->risk, tt, net->delta, net->X);
    arb_set(out->pm1, pm1);
    out->has_pm1 = 1;
    arb_set_fmpq(lhs, hw->risk, THM4_PREC);
    arb_sub(slack, rhs, lhs, THM4_PREC);
    /* the share of the additive term used: (R - R_lin) / (rhs - R_lin) */
    arb_set_fmpq(add, ht->risk, THM4_PREC);
    arb_sub(tight, lhs, add, THM4_PREC);
    arb_sub(add, rhs, add, THM4_PREC);
    int has_tight = arb_is_positive(add);
    if (has_tight)
        arb_div(tight, tight, add, THM4_PREC);
    int holds = arb_le(lhs, rhs) ? 1 : arb_gt(lhs, rhs) ? 0 : -1;
    out->status = holds == 1 ? RC_OK : holds == 0 ? RC_FAIL : RC_UNDECIDED;
    out->naive = fmpq_cmp(hw->risk, ht->risk) <= 0;
    json_object_set_new(res, "t_norm", ball_json(tn));
    json_object_set_new(res, "mean_norm_x", ball_json(ex));
    json_object_set_new(res, "prod_minus_1", ball_json(pm1));
    json_object_set_new(res, "rhs", ball_json(rhs));
    json_object_set_new(res, "holds", holds < 0 ? json_null() : json_boolean(holds));
    json_object_set_new(res, "slack", ball_json(slack));
    json_object_set_new(res, "tightness", has_tight ? ball_json(tight) : json_null());
    json_object_set_new(res, "naive_holds", json_boolean(out->naive));
    char *rh = arb_get_str(rhs, 12, 0), *sl = arb_get_str(slack, 12, 0),
         *ti = has_tight ? arb_get_str(tight, 8, 0) : NULL, *p1 = arb_get_str(pm1, 10, 0);
    rc_report_add(rep, out->status, NULL,
                  holds == 0 ? "the bound fails at a point critical in w: the proof's inequality is "
                               "refuted on these data" : holds < 0 ? "the Arb enclosure cannot decide" : NULL,
                  "%s: R(theta*) = %s %s R_lin + delta*||t_hat||*(prod(1+rho_l) - 1)*E||x|| = %s "
                  "(prod - 1 = %s; slack %s; share of the additive term used %s)",
                  name, rs, holds == 1 ? "<=" : holds == 0 ? ">" : "?", rh, p1, sl,
                  ti ? ti : "n/a (additive term 0)");
    rc_report_add(rep, RC_NOTE, NULL, NULL, "%s: R(theta*) %s R_lin (%s %s %s): %s", name,
                  out->naive ? "<=" : ">", rs, out->naive ? "<=" : ">", ls,
                  out->naive ? "here even the naive bound without the additive term holds"
                  : holds == 1 ? "the naive bound R(theta*) <= R_lin fails here; only Theorem 4's "
                                 "additive term covers the gap"
                  : holds == 0 ? "the naive bound R(theta*) <= R_lin fails here, and the additive "
                                 "term does not cover the gap either"
                               : "the naive bound R(theta*) <= R_lin fails here; whether the "
                                 "additive term covers the gap is undecided");
    flint_free(rh), flint_free(sl), flint_free(ti), flint_free(p1);
    arb_clear(rhs), arb_clear(pm1), arb_clear(tn), arb_clear(ex);
    arb_clear(lhs), arb_clear(slack), arb_clear(tight), arb_clear(add);
    fmpq_clear(tt);
    _fmpq_vec_clear(lamV, L);
    _fmpq_vec_clear(lamU, L);
    flint_free(rs);
    flint_free(ls);
    flint_free(ds);
done:
    rc_huber_clear(hw);
    rc_huber_clear(ht);
    rc_resnet_fwd_clear(&F);
    return res;
}

/* ---- reading: one yun19.resnet, or the built-in suite -------------------- */

/* a yun19.resnet object inside the suite, read by the model's strict reader;
 * its messages name the suite's file and the object's place */
static int read_member(rc_resnet *net, rc_spec *s, json_t *obj, const char *where)
{
    rc_spec sub;
    memset(&sub, 0, sizeof sub);
    sub.estimate = -1;
    char file[300];
    snprintf(file, sizeof file, "%s: %s", s->file, where);
    sub.file = file;
    sub.root = obj;
    if (!json_is_object(obj))
        return rc_spec_fail(s, where, "expected a yun19.resnet object");
    if (rc_resnet_read(net, &sub) == 0 && thm4_admissible(&sub, net) == 0)
        return 0;
    if (sub.err[0] && net->blk)
        rc_resnet_clear(net);
    snprintf(s->err, sizeof s->err, "%s", sub.err);
    return -1;
}

static slong mat_bits(const fmpq_mat_t M)
{
    slong b = 1;
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++) {
            const fmpq *q = fmpq_mat_entry(M, i, j);
            b = FLINT_MAX(b, (slong)(fmpz_bits(fmpq_numref(q)) + fmpz_bits(fmpq_denref(q))));
        }
    return b;
}

/* the cost of one instance (rescheck/limits.h) */
static double instance_cost(const rc_resnet *net)
{
    slong width = 0, B = 1;
    for (slong l = 0; l < net->L; l++) {
        const rc_resnet_block *b = net->blk + l;
        width = FLINT_MAX(width, b->p);
        B = FLINT_MAX(B, mat_bits(b->V) + (b->has_U ? mat_bits(b->U) : 0));
    }
    return rc_cost_thm4(net->n, net->dx, width, net->L, mat_bits(net->X) + mat_bits(net->y), B);
}

static void q_div_si(fmpq_t out, const fmpq_t a, slong k)
{
    fmpz_t z;
    fmpz_init_set_si(z, k);
    fmpq_div_fmpz(out, a, z);
    fmpz_clear(z);
}

/* a depth sweep's network: depth L blocks (V, U_L), relu; U_L NULL takes the
 * sweep's U as written */
/* a suite instance {name X y delta blocks} (the certificate's inputs form)
 * as the yun19.resnet object the model's reader takes: Huber loss, w solved */
static json_t *suite_member(json_t *inst)
{
    json_t *o = json_object(), *w = json_array();
    json_object_set_new(o, "kind", json_string(RC_RESNET_KIND));
    static const char *copied[] = {"X", "y", "delta", "blocks"};
    for (int k = 0; k < 4; k++)
        if (json_object_get(inst, copied[k]))
            json_object_set(o, copied[k], json_object_get(inst, copied[k]));
    if (json_object_get(inst, "name"))
        json_object_set(o, "description", json_object_get(inst, "name"));
    json_object_set_new(o, "loss", json_string("huber"));
    for (size_t k = 0; k < json_array_size(json_array_get(json_object_get(inst, "X"), 0)); k++)
        json_array_append_new(w, json_integer(0));
    json_object_set_new(o, "w", w);
    return o;
}

static json_t *sweep_member(json_t *sw, slong L, const fmpq_mat_t U_L)
{
    json_t *o = json_object(), *blocks = json_array();
    char desc[64];
    snprintf(desc, sizeof desc, "sweep L=%ld", (long)L);
    json_object_set_new(o, "kind", json_string(RC_RESNET_KIND));
    json_object_set_new(o, "description", json_string(desc));
    static const char *copied[] = {"X", "y", "delta"};
    for (int k = 0; k < 3; k++)
        if (json_object_get(sw, copied[k]))
            json_object_set(o, copied[k], json_object_get(sw, copied[k]));
    json_object_set_new(o, "loss", json_string("huber"));
    json_t *w = json_array();
    for (size_t k = 0; k < json_array_size(json_array_get(json_object_get(sw, "X"), 0)); k++)
        json_array_append_new(w, json_integer(0));
    json_object_set_new(o, "w", w);
    for (slong l = 0; l < L; l++) {
        json_t *b = json_object();
        json_object_set_new(b, "phi", json_string("relu"));
        if (json_object_get(sw, "V"))
            json_object_set(b, "V", json_object_get(sw, "V"));
        if (U_L)
            json_object_set_new(b, "U", mat_json(U_L));
        else if (json_object_get(sw, "U"))
            json_object_set(b, "U", json_object_get(sw, "U"));
        json_array_append_new(blocks, b);
    }
    json_object_set_new(o, "blocks", blocks);
    return o;
}

/* ---- the claim -------------------------------------------------------------- */

typedef struct {
    slong count, fails, undecided, naive_fails;
    double cost;
} thm4_tally;

static void tally(thm4_tally *t, const thm4_outcome *o)
{
    t->count++;
    t->fails += o->status == RC_FAIL;
    t->undecided += o->status == RC_UNDECIDED;
    t->naive_fails += o->naive == 0;
}

/* one instance from its yun19.resnet object into inputs and results */
static int run_member(rc_spec *s, rc_report *rep, thm4_tally *t, json_t *obj, const char *where,
                      json_t *ins, json_t *outs)
{
    rc_resnet net;
    if (read_member(&net, s, obj, where))
        return -1;
    const char *name = json_string_value(json_object_get(obj, "description"));
    thm4_outcome o;
    arb_init(o.pm1);
    json_array_append_new(ins, instance_inputs(&net, name ? name : where));
    json_array_append_new(outs, thm4_instance(rep, &o, &net, name ? name : where, NULL, NULL));
    tally(t, &o);
    arb_clear(o.pm1);
    rc_resnet_clear(&net);
    return 0;
}

/* the sweep: every depth L, blocks (V, (c/L) U); rho_l = (c/L) sqrt(lam_V lam_U)
 * from the bounds of V and U, so prod(1 + rho_l) - 1 <= e^(c sqrt(lam_V lam_U)) - 1 */
static int run_sweep(rc_spec *s, rc_report *rep, thm4_tally *t, json_t *sw, json_t **in_out,
                     json_t **res_out)
{
    fmpq_t c, lamV, lamU, sc;
    fmpq_init(c), fmpq_init(lamV), fmpq_init(lamU), fmpq_init(sc);
    json_t *depths = rc_spec_get(s, sw, "depths", "depth_sweep.depths", 1), *rows = json_array();
    const char *name = NULL;
    rc_resnet base;
    int rc = -1;
    if (rc_spec_string(&name, s, rc_spec_get(s, sw, "name", "depth_sweep.name", 1),
                       "depth_sweep.name") ||
        rc_spec_fmpq(c, s, rc_spec_get(s, sw, "c", "depth_sweep.c", 1), "depth_sweep.c") || !depths)
        goto out;
    if (fmpq_sgn(c) <= 0) {
        rc_spec_fail(s, "depth_sweep.c", "must be positive");
        goto out;
    }
    if (!json_is_array(depths) || json_array_size(depths) < 1) {
        rc_spec_fail(s, "depth_sweep.depths", "expected a non-empty array of depths");
        goto out;
    }
    for (size_t k = 0; k < json_array_size(depths); k++) {
        json_t *L = json_array_get(depths, k);
        char f[64];
        snprintf(f, sizeof f, "depth_sweep.depths[%zu]", k);
        if (!json_is_integer(L) || json_integer_value(L) < 1 ||
            json_integer_value(L) > RC_LIMIT_RESNET_BLOCKS ||
            (k && json_integer_value(L) <= json_integer_value(json_array_get(depths, k - 1)))) {
            rc_spec_fail(s, f, "expected increasing integers from 1 to %d (docs/limits.md)",
                         RC_LIMIT_RESNET_BLOCKS);
            goto out;
        }
    }
    json_t *m1 = sweep_member(sw, 1, NULL);
    int bad = read_member(&base, s, m1, "depth_sweep");
    json_decref(m1);
    if (bad)
        goto out;
    rc_opnorm_sq_bound(lamV, base.blk[0].V);
    rc_opnorm_sq_bound(lamU, base.blk[0].U);
    /* e^(rho_bar) - 1, rho_bar = c sqrt(lam_V lam_U) */
    arb_t rb, lim;
    arb_init(rb), arb_init(lim);
    fmpq_mul(sc, lamV, lamU);
    arb_set_fmpq(rb, sc, THM4_PREC);
    arb_sqrt(rb, rb, THM4_PREC);
    arb_mul_fmpz(rb, rb, fmpq_numref(c), THM4_PREC);
    arb_div_fmpz(rb, rb, fmpq_denref(c), THM4_PREC);
    arb_exp(lim, rb, THM4_PREC);
    arb_sub_ui(lim, lim, 1, THM4_PREC);
    double cost = 0;
    for (size_t k = 0; k < json_array_size(depths); k++)
        cost += instance_cost(&base) * (double)json_integer_value(json_array_get(depths, k));
    char what[96];
    snprintf(what, sizeof what, "the depth sweep (%zu depths)", json_array_size(depths));
    if (rc_spec_cost(s, "depth_sweep.depths", cost + t->cost, what)) {
        arb_clear(rb), arb_clear(lim);
        rc_resnet_clear(&base);
        goto out;
    }
    char *lims = arb_get_str(lim, 12, 0), *rbs = arb_get_str(rb, 12, 0);
    for (size_t k = 0; k < json_array_size(depths); k++) {
        slong L = (slong)json_integer_value(json_array_get(depths, k));
        fmpq_mat_t UL;
        fmpq_mat_init(UL, fmpq_mat_nrows(base.blk[0].U), fmpq_mat_ncols(base.blk[0].U));
        q_div_si(sc, c, L);
        fmpq_mat_scalar_mul_fmpz(UL, base.blk[0].U, fmpq_numref(sc));
        fmpq_mat_scalar_div_fmpz(UL, UL, fmpq_denref(sc));
        json_t *m = sweep_member(sw, L, UL);
        fmpq_mat_clear(UL);
        rc_resnet net;
        char where[64];
        snprintf(where, sizeof where, "depth_sweep (L = %ld)", (long)L);
        bad = read_member(&net, s, m, where);
        json_decref(m);
        if (bad)
            break;
        fmpq *lv = _fmpq_vec_init(L), *lu = _fmpq_vec_init(L);
        fmpq_mul(sc, sc, sc); /* (c/L)^2 lam_U bounds ||(c/L) U||_2^2 */
        fmpq_mul(sc, sc, lamU);
        for (slong l = 0; l < L; l++) {
            fmpq_set(lv + l, lamV);
            fmpq_set(lu + l, sc);
        }
        thm4_outcome o;
        arb_init(o.pm1);
        char nm[96];
        snprintf(nm, sizeof nm, "%s, L = %ld", name, (long)L);
        json_t *row = thm4_instance(rep, &o, &net, nm, lv, lu);
        int in = o.has_pm1 && arb_le(o.pm1, lim);
        if (o.has_pm1) {
            char *ps = arb_get_str(o.pm1, 12, 0);
            rc_report_add(rep, in ? RC_OK : RC_FAIL, NULL,
                          in ? NULL : "the product exceeds its depth-independent limit",
                          "%s: prod(1 + rho_l) - 1 = %s <= e^(c*||V||*||U||) - 1 = %s with "
                          "rho_l = c*||V||*||U||/L, ||V||*||U|| <= %s/c: the additive term "
                          "stays bounded", nm, ps, lims, rbs);
            flint_free(ps);
        } else {
            rc_report_add(rep, RC_UNDECIDED, NULL, NULL,
                          "%s: no minimiser, so prod(1 + rho_l) - 1 is not compared with its "
                          "limit here", nm);
        }
        json_object_set_new(row, "L", json_integer(L));
        json_object_set_new(row, "within_limit", json_boolean(in));
        json_array_append_new(rows, row);
        tally(t, &o);
        arb_clear(o.pm1);
        _fmpq_vec_clear(lv, L);
        _fmpq_vec_clear(lu, L);
        rc_resnet_clear(&net);
    }
    if (!bad) {
        json_t *in = json_object(), *res = json_object();
        json_object_set_new(in, "name", json_string(name));
        json_t *bi = instance_inputs(&base, name);
        json_object_set(in, "X", json_object_get(bi, "X"));
        json_object_set(in, "y", json_object_get(bi, "y"));
        json_object_set(in, "delta", json_object_get(bi, "delta"));
        json_t *b0 = json_array_get(json_object_get(bi, "blocks"), 0);
        json_object_set(in, "V", json_object_get(b0, "V"));
        json_object_set(in, "U", json_object_get(b0, "U"));
        json_decref(bi);
        json_object_set_new(in, "c", q_json(c));
        json_object_set(in, "depths", depths);
        json_object_set_new(res, "lambda_V", q_json(lamV));
        json_object_set_new(res, "lambda_U", q_json(lamU));
        json_object_set_new(res, "rho_bar", ball_json(rb));
        json_object_set_new(res, "limit", ball_json(lim));
        json_object_set_new(res, "rows", rows);
        rows = NULL;
        *in_out = in;
        *res_out = res;
        rc = 0;
    }
    flint_free(lims), flint_free(rbs);
    arb_clear(rb), arb_clear(lim);
    rc_resnet_clear(&base);
out:
    json_decref(rows);
    fmpq_clear(c), fmpq_clear(lamV), fmpq_clear(lamU), fmpq_clear(sc);
    return rc;
}

int rc_yun19_thm4(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    const char *kind = json_string_value(json_object_get(spec->root, "kind"));
    int suite = kind && !strcmp(kind, "yun19.thm4-suite");
    thm4_tally t = {0, 0, 0, 0, 0};
    json_t *ins = json_array(), *outs = json_array(), *sw_in = json_null(),
           *sw_res = json_null();
    int rc = -1;
    if (!suite) {
        rc_resnet net;
        if (rc_resnet_read(&net, spec))
            goto out;
        if (thm4_admissible(spec, &net) ||
            rc_spec_cost(spec, "blocks", instance_cost(&net), "one instance")) {
            rc_resnet_clear(&net);
            goto out;
        }
        rc_resnet_clear(&net);
        if (run_member(spec, rep, &t, spec->root, "the spec", ins, outs))
            goto out;
    } else {
        json_t *list;
        if (rc_spec_check_kind(spec, "yun19.thm4-suite") ||
            !(list = rc_spec_get(spec, spec->root, "instances", "instances", 1)))
            goto out;
        if (!json_is_array(list)) {
            rc_spec_fail(spec, "instances", "expected an array of {name X y delta blocks} objects");
            goto out;
        }
        for (size_t k = 0; k < json_array_size(list); k++) {
            char where[64];
            snprintf(where, sizeof where, "instances[%zu]", k);
            rc_resnet net;
            json_t *m = suite_member(json_array_get(list, k));
            int bad = read_member(&net, spec, m, where);
            json_decref(m);
            if (bad)
                goto out;
            t.cost += instance_cost(&net);
            rc_resnet_clear(&net);
        }
        json_t *sw = rc_spec_get(spec, spec->root, "depth_sweep", NULL, 0);
        if (!sw && rc_spec_cost(spec, "instances", t.cost, "the instances"))
            goto out;
        for (size_t k = 0; k < json_array_size(list); k++) {
            char where[64];
            snprintf(where, sizeof where, "instances[%zu]", k);
            json_t *m = suite_member(json_array_get(list, k));
            int bad = run_member(spec, rep, &t, m, where, ins, outs);
            json_decref(m);
            if (bad)
                goto out;
        }
        if (sw) {
            json_decref(sw_in);
            json_decref(sw_res);
            sw_in = sw_res = NULL;
            if (run_sweep(spec, rep, &t, sw, &sw_in, &sw_res))
                goto out;
        }
    }
    json_t *in = json_object(), *res = json_object();
    json_object_set_new(in, "instances", ins);
    json_object_set_new(in, "depth_sweep", sw_in);
    json_object_set_new(res, "instances", outs);
    json_object_set_new(res, "depth_sweep", sw_res);
    json_object_set_new(res, "naive_fails", json_integer(t.naive_fails));
    ins = outs = sw_in = sw_res = NULL;
    rc_report_add(rep, RC_NOTE, NULL, NULL,
                  "%ld instance(s): Theorem 4's bound holds on %ld, fails on %ld, undecided on %ld; "
                  "the naive bound R(theta*) <= R_lin fails on %ld of them",
                  (long)t.count, (long)(t.count - t.fails - t.undecided), (long)t.fails,
                  (long)t.undecided, (long)t.naive_fails);
    rc_report_conclude(rep,
                       "on these %ld instance(s), at a point theta* critical in w (w* the exact "
                       "Huber minimiser for the given inner weights), R(theta*) <= R_lin + "
                       "delta*||t_hat||*(prod(1+rho_l) - 1)*E||x|| with rigorous rho_l >= "
                       "||V_l||_2*||U_l||_2; Theorem 4 asks criticality in every parameter, its "
                       "proof only in w, so this checks the proof's inequality at more points "
                       "than the theorem names; it proves nothing about other data",
                       (long)t.count);
    *cert = rc_cert_new(c, spec->file, in, res, rep);
    rc = 0;
out:
    json_decref(ins);
    json_decref(outs);
    json_decref(sw_in);
    json_decref(sw_res);
    return rc;
}

int rc_yun19_thm4_applies(const rc_spec *s)
{
    const char *kind = json_string_value(json_object_get(s->root, "kind"));
    const char *loss = json_string_value(json_object_get(s->root, "loss"));
    return (kind && !strcmp(kind, "yun19.thm4-suite")) || (loss && !strcmp(loss, "huber"));
}
