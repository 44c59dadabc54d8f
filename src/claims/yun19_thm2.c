/* yun19 Theorem 2 and Corollary 3 on instances (claim yun19.thm2, command
 * 'rescheck landscape'): at a rational point theta of a yun19.resnet, exactly,
 * the risk, the gradient, the Hessian's inertia (LDL^T witness), a negative-
 * curvature vector, the two coverage ranks (rank witnesses), R_lin with and
 * without bias, and what Theorem 2 says there. */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/landscape.h"
#include "rescheck/qrho.h"
#include "rescheck/witness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

#define MAX_LISTED 8 /* nonzero gradient entries named in the report */

/* min over t of (1/n) |Phi t - y|^2: t from the normal equations (free
 * variables 0), risk the mean squared residual. */
void rc_resnet_lsq(fmpq_mat_t t, fmpq_t risk, const fmpq_mat_t Phi, const fmpq_mat_t y)
{
    slong n = fmpq_mat_nrows(Phi), d = fmpq_mat_ncols(Phi);
    fmpq_mat_t Pt, G, b, aug, R, r;
    fmpq_mat_init(Pt, d, n);
    fmpq_mat_init(G, d, d);
    fmpq_mat_init(b, d, 1);
    fmpq_mat_init(aug, d, d + 1);
    fmpq_mat_init(R, d, d + 1);
    fmpq_mat_init(r, n, 1);
    fmpq_mat_transpose(Pt, Phi);
    fmpq_mat_mul(G, Pt, Phi);
    fmpq_mat_mul(b, Pt, y);
    for (slong i = 0; i < d; i++) {
        for (slong j = 0; j < d; j++)
            fmpq_set(fmpq_mat_entry(aug, i, j), fmpq_mat_entry(G, i, j));
        fmpq_set(fmpq_mat_entry(aug, i, d), fmpq_mat_entry(b, i, 0));
    }
    slong rank = fmpq_mat_rref(R, aug); /* consistent: X^T y lies in col(X^T X) */
    fmpq_mat_zero(t);
    for (slong k = 0, j = 0; k < rank; k++) {
        while (fmpq_is_zero(fmpq_mat_entry(R, k, j)))
            j++;
        fmpq_set(fmpq_mat_entry(t, j, 0), fmpq_mat_entry(R, k, d));
    }
    fmpq_mat_mul(r, Phi, t);
    fmpq_mat_sub(r, r, y);
    fmpq_zero(risk);
    for (slong i = 0; i < n; i++)
        fmpq_addmul(risk, fmpq_mat_entry(r, i, 0), fmpq_mat_entry(r, i, 0));
    fmpz_t nn;
    fmpz_init_set_si(nn, n);
    fmpq_div_fmpz(risk, risk, nn);
    fmpz_clear(nn);
    fmpq_mat_clear(Pt), fmpq_mat_clear(G), fmpq_mat_clear(b);
    fmpq_mat_clear(aug), fmpq_mat_clear(R), fmpq_mat_clear(r);
}

/* R_lin over X (bias = 0) or [X 1] (bias = 1) */
static void r_lin(fmpq_t out, const rc_resnet *net, int bias)
{
    fmpq_mat_t Phi, t;
    fmpq_mat_init(Phi, net->n, net->dx + bias);
    fmpq_mat_init(t, net->dx + bias, 1);
    for (slong i = 0; i < net->n; i++) {
        for (slong j = 0; j < net->dx; j++)
            fmpq_set(fmpq_mat_entry(Phi, i, j), fmpq_mat_entry(net->X, i, j));
        if (bias)
            fmpq_one(fmpq_mat_entry(Phi, i, net->dx));
    }
    rc_resnet_lsq(t, out, Phi, net->y);
    fmpq_mat_clear(Phi);
    fmpq_mat_clear(t);
}

void rc_resnet_polish_w(rc_resnet *net)
{
    rc_resnet_fwd F;
    rc_resnet_forward(&F, net);
    fmpq_t r;
    fmpq_init(r);
    rc_resnet_lsq(net->w, r, F.H + net->L, net->y);
    fmpq_clear(r);
    rc_resnet_fwd_clear(&F);
}

/* sum_i l''(f_i) h_L(x_i) h_L(x_i)^T (d_x x d_x) */
static void rep_matrix(fmpq_mat_t M, const rc_resnet *net, const rc_resnet_fwd *F)
{
    fmpq_t l, d1, d2, c;
    fmpq_init(l), fmpq_init(d1), fmpq_init(d2), fmpq_init(c);
    const fmpq_mat_struct *HL = F->H + net->L;
    for (slong i = 0; i < net->n; i++) {
        rc_resnet_loss(l, d1, d2, net, fmpq_mat_entry(F->f, i, 0), fmpq_mat_entry(net->y, i, 0));
        for (slong a = 0; a < net->dx; a++) {
            fmpq_mul(c, d2, fmpq_mat_entry(HL, i, a));
            for (slong b = 0; b < net->dx; b++)
                fmpq_addmul(fmpq_mat_entry(M, a, b), c, fmpq_mat_entry(HL, i, b));
        }
    }
    fmpq_clear(l), fmpq_clear(d1), fmpq_clear(d2), fmpq_clear(c);
}

/* [U_2^T ... U_L^T] (d_x x sum m_l); *sum_m gets sum_{l >= 2} m_l */
static void u_matrix(fmpq_mat_t *C, slong *sum_m, const rc_resnet *net)
{
    slong s = 0;
    for (slong l = 1; l < net->L; l++)
        s += net->blk[l].m;
    fmpq_mat_init(*C, net->dx, s);
    for (slong l = 1, c = 0; l < net->L; l++)
        for (slong r = 0; r < net->blk[l].m; r++, c++)
            for (slong a = 0; a < net->dx; a++)
                fmpq_set(fmpq_mat_entry(*C, a, c), fmpq_mat_entry(net->blk[l].U, r, a));
    *sum_m = s;
}

static void add_q(json_t *o, const char *key, const fmpq_t x)
{
    json_object_set_new(o, key, rc_json_fmpq(x));
}

/* The form Theorem 2 is stated for (§4.1): no U in block 1, no tunable W. */
static int paper_form(const rc_resnet *net)
{
    if (net->blk[0].has_U)
        return 0;
    for (slong l = 0; l < net->L; l++)
        if (net->blk[l].has_W)
            return 0;
    return 1;
}

typedef struct {
    int critical, hyp1, hyp2, cor3, conclusion, counterexample;
    slong in[3];
} verdict;

static const char *classify(const verdict *v)
{
    if (!v->critical)
        return "not a critical point";
    if (v->in[0] > 0)
        return "strict saddle";
    if (v->in[1] == 0)
        return "local minimum (second-order test: H positive definite)";
    return "degenerate (H positive semidefinite and singular: the second-order test is inconclusive)";
}

/* gradient: listed nonzero entries (report) and the whole vector (results) */
static int gradient_part(json_t *res, rc_report *rep, const char *name, const rc_resnet *net,
                         const fmpq *g, slong P)
{
    slong nz = 0;
    char buf[512] = "", pn[48];
    size_t len = 0;
    for (slong j = 0; j < P; j++)
        if (!fmpq_is_zero(g + j) && nz++ < MAX_LISTED) {
            char *s = rc_fmpq_get_str(g + j);
            rc_resnet_param_name(pn, sizeof pn, net, j);
            len += (size_t)snprintf(buf + len, len < sizeof buf ? sizeof buf - len : 0, "%s%s = %.40s",
                                    nz > 1 ? ", " : "", pn, s);
            flint_free(s);
        }
    json_object_set_new(res, "gradient", rc_json_fmpq_row(g, P));
    json_object_set_new(res, "critical", json_boolean(nz == 0));
    if (nz == 0)
        rc_report_add(rep, RC_OK, NULL, NULL, "%s: the gradient is 0 at all %ld parameters: a critical point",
                      name, (long)P);
    else
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "%s: not a critical point: %ld of %ld gradient entries are nonzero (%s%s); "
                      "Theorem 2 says nothing here", name, (long)nz, (long)P, buf,
                      nz > MAX_LISTED ? ", ..." : "");
    return nz == 0;
}

/* inertia of H with its witness; a negative-curvature vector when n- > 0 */
static void hessian_part(json_t *res, verdict *v, const rc_resnet *net, const rc_resnet_fwd *F,
                         slong P)
{
    fmpq_mat_t H;
    fmpq_mat_init(H, P, P);
    rc_resnet_hessian(H, net, F);
    fmpq *neg = _fmpq_vec_init(P);
    slong b2 = 0;
    json_object_set_new(res, "hessian_ldl", rc_ldl_prove(H, v->in, &b2, neg));
    json_object_set_new(res, "inertia", json_pack("{s:I, s:I, s:I}", "negative", (json_int_t)v->in[0],
                                                  "zero", (json_int_t)v->in[1], "positive",
                                                  (json_int_t)v->in[2]));
    if (v->in[0] > 0) {
        fmpq_t q;
        fmpq_init(q);
        fmpq *Hv = _fmpq_vec_init(P);
        rc_resnet_hvp(Hv, NULL, net, F, neg);
        _fmpq_vec_dot(q, Hv, neg, P);
        json_object_set_new(res, "negative_curvature", rc_json_fmpq_row(neg, P));
        add_q(res, "vHv", q);
        _fmpq_vec_clear(Hv, P);
        fmpq_clear(q);
    }
    _fmpq_vec_clear(neg, P);
    fmpq_mat_clear(H);
}

static void say_q(char **s, const fmpq_t x)
{
    *s = rc_fmpq_get_str(x);
}

/* The analysis of one instance: statements into rep, results into *out. */
int rc_landscape_analyse(json_t **out, rc_report *rep, const char *name, const rc_resnet *net)
{
    json_t *res = json_object();
    slong P = rc_resnet_nparams(net);
    rc_resnet_fwd F;
    rc_resnet_forward(&F, net);
    rc_resnet_smooth S;
    rc_resnet_smooth_init(&S);
    rc_resnet_smoothness(&S, net, &F);
    fmpq_t rl, rlb;
    fmpq_init(rl), fmpq_init(rlb);
    r_lin(rl, net, 0);
    r_lin(rlb, net, 1);
    char *rs, *rls, *rlbs, *ms;
    say_q(&rs, F.risk), say_q(&rls, rl), say_q(&rlbs, rlb), say_q(&ms, S.min_abs);
    add_q(res, "risk", F.risk);
    /* the network's output f(x_i) at each sample */
    json_t *outj = json_array();
    for (slong i = 0; i < fmpq_mat_nrows(F.f); i++)
        json_array_append_new(outj, rc_json_fmpq(fmpq_mat_entry(F.f, i, 0)));
    json_object_set_new(res, "outputs", outj);
    add_q(res, "R_lin", rl);
    add_q(res, "R_lin_biased", rlb);
    json_object_set_new(res, "parameters", json_integer(P));
    rc_report_add(rep, RC_NOTE, NULL, NULL,
                  "%s: n = %ld, d_x = %ld, L = %ld, %ld parameters; R(theta) = %s (%.6g)%s; R_lin "
                  "(%sno bias, the paper's) = %s, with bias = %s", name, (long)net->n,
                  (long)net->dx, (long)net->L, (long)P, rs, fmpq_get_d(F.risk),
                  net->loss == RC_LOSS_HUBER ? " under Huber's loss" : "",
                  net->loss == RC_LOSS_HUBER ? "of the squared loss, " : "", rls, rlbs);
    json_object_set_new(res, "relu_units", json_integer(S.relu_units));
    if (S.relu_units > 0)
        json_object_set_new(res, "smallest_preactivation",
                            json_pack("{s:o, s:I, s:I, s:I}", "abs", rc_json_fmpq(S.min_abs), "sample",
                                      (json_int_t)S.sample, "block", (json_int_t)S.block, "unit",
                                      (json_int_t)S.unit));
    json_object_set_new(res, "twice_differentiable", json_boolean(S.twice_diff));
    int ok = 0;
    if (!S.twice_diff) {
        if (S.huber_kink_sample >= 0)
            rc_report_add(rep, RC_NOTE, NULL, NULL, "%s: |f(x_%ld) - y_%ld| = delta, Huber's kink: "
                          "R is not twice differentiable at theta; Theorem 2 does not apply", name,
                          (long)S.huber_kink_sample, (long)S.huber_kink_sample);
        else
            rc_report_add(rep, RC_NOTE, NULL, NULL, "%s: the ReLU pre-activation of unit %ld of block "
                          "%ld is 0 at sample %ld: R is not twice differentiable at theta; Theorem 2 "
                          "does not apply and no Hessian is computed", name, (long)S.unit,
                          (long)S.block, (long)S.sample);
        json_object_set_new(res, "classification", json_string("not twice differentiable"));
        goto done;
    }
    if (S.relu_units > 0)
        rc_report_add(rep, RC_OK, NULL, NULL, "%s: no ReLU pre-activation is 0 at a data point (smallest "
                      "|value| %s, sample %ld, block %ld, unit %ld): R is twice differentiable at theta",
                      name, ms, (long)S.sample, (long)S.block, (long)S.unit);
    verdict v = {0};
    fmpq *g = _fmpq_vec_init(P);
    rc_resnet_gradient(g, net, &F);
    v.critical = gradient_part(res, rep, name, net, g, P);
    _fmpq_vec_clear(g, P);
    hessian_part(res, &v, net, &F, P);
    /* the coverage conditions */
    fmpq_mat_t M, C;
    slong rank_M, rank_U, sum_m;
    fmpq_mat_init(M, net->dx, net->dx);
    rep_matrix(M, net, &F);
    json_object_set_new(res, "representation_rank", rc_rank_prove(M, &rank_M));
    u_matrix(&C, &sum_m, net);
    json_object_set_new(res, "parameter_rank", rc_rank_prove(C, &rank_U));
    json_object_set_new(res, "sum_m", json_integer(sum_m));
    v.hyp1 = rank_M == net->dx;
    v.hyp2 = rank_U < net->dx;
    v.cor3 = sum_m < net->dx;
    int le = fmpq_cmp(F.risk, rl) <= 0;
    v.conclusion = le || v.in[0] > 0;
    int form = paper_form(net), sq = net->loss == RC_LOSS_SQUARED;
    v.counterexample = v.critical && v.hyp1 && v.hyp2 && form && sq && !v.conclusion;
    rc_report_add(rep, RC_NOTE, NULL, NULL,
                  "%s: inertia of the Hessian (n+, n0, n-) = (%ld, %ld, %ld)%s; representation "
                  "coverage: rank sum_i l''(f(x_i)) h_L h_L^T = %ld of d_x = %ld (%s); parameter "
                  "coverage: rank [U_2^T ... U_L^T] = %ld %s d_x = %ld (%s); Corollary 3's "
                  "sum_{l>=2} m_l = %ld %s d_x", name, (long)v.in[2], (long)v.in[1], (long)v.in[0],
                  v.in[0] > 0 ? ", with a rational v, v^T H v < 0" : "", (long)rank_M,
                  (long)net->dx, v.hyp1 ? "holds" : "fails", (long)rank_U,
                  rank_U < net->dx ? "<" : "=", (long)net->dx, v.hyp2 ? "holds" : "fails",
                  (long)sum_m, v.cor3 ? "<" : ">=");
    json_object_set_new(res, "hypotheses", json_pack("{s:b, s:b, s:b, s:b, s:b}", "representation_coverage",
                        v.hyp1, "parameter_coverage", v.hyp2, "corollary3", v.cor3,
                        "paper_form", form, "squared_loss", sq));
    json_object_set_new(res, "conclusion", json_pack("{s:b, s:b}", "risk_le_R_lin", le,
                                                     "negative_eigenvalue", v.in[0] > 0));
    json_object_set_new(res, "classification", json_string(classify(&v)));
    json_object_set_new(res, "counterexample", json_boolean(v.counterexample));
    if (v.counterexample) {
        rc_report_add(rep, RC_FAIL, NULL, "both hypotheses hold at a critical point and neither "
                      "alternative does", "%s: COUNTEREXAMPLE to Theorem 2: R = %s > R_lin = %s "
                      "and the Hessian has no negative eigenvalue", name, rs, rls);
    } else if (v.critical && !sq) {
        rc_report_add(rep, RC_OK, NULL, NULL, "%s: classification: %s; Theorem 2 is not put to the "
                      "test: its R_lin is the squared loss's and the loss here is Huber's, which is "
                      "not twice differentiable everywhere (Assumption 4.1)", name, classify(&v));
    } else if (v.critical) {
        const char *why = !form ? "the network is not of the §4.1 form Theorem 2 is stated for"
                          : !sq ? "the loss is not the squared loss"
                          : !v.hyp1 ? "representation coverage fails, so Theorem 2 asks nothing"
                          : !v.hyp2 ? "parameter coverage fails, so Theorem 2 asks nothing"
                                    : "both hypotheses hold and the conclusion holds";
        rc_report_add(rep, RC_OK, NULL, NULL, "%s: %s: R %s R_lin (no bias)%s; classification: "
                      "%s; Theorem 2 is consistent here: %s", name,
                      v.conclusion ? "conclusion holds" : "conclusion fails", le ? "<=" : ">",
                      v.in[0] > 0 ? ", lambda_min(H) < 0" : ", lambda_min(H) >= 0",
                      classify(&v), why);
    }
    fmpq_mat_clear(M);
    fmpq_mat_clear(C);
    ok = 1;
done:
    (void)ok;
    flint_free(rs), flint_free(rls), flint_free(rlbs), flint_free(ms);
    fmpq_clear(rl), fmpq_clear(rlb);
    rc_resnet_smooth_clear(&S);
    rc_resnet_fwd_clear(&F);
    *out = res;
    return 0;
}

/* ---- the claim: a set of instances ------------------------------------------ */

/* Reads instance k's network (its "spec" member, a yun19.resnet) with the
 * errors naming FILE: instances[k].spec */
static int read_instance(rc_resnet *net, rc_spec *s, json_t *spec, slong k)
{
    rc_spec sub;
    memset(&sub, 0, sizeof sub);
    char file[300];
    snprintf(file, sizeof file, "%s: instances[%ld].spec", s->file, (long)k);
    sub.file = file;
    sub.root = spec;
    sub.estimate = -1;
    if (!json_is_object(spec))
        rc_spec_fail(&sub, NULL, "expected a yun19.resnet object");
    int rc = sub.err[0] ? -1 : rc_resnet_read(net, &sub);
    if (rc)
        snprintf(s->err, sizeof s->err, "%s", sub.err);
    return rc;
}

/* The exact work: P Hessian-vector products (a few products of n-row
 * matrices each) and the LDL^T elimination of the P x P Hessian, whose
 * entries grow along the elimination: measured (bench/landscape.py,
 * docs/benchmarks.md) as about 2.5e-9 P^4 n s, the elimination most of it;
 * the check takes about as long, and this estimate is never below its. */
static double landscape_cost(const rc_resnet *net)
{
    double P = (double)rc_resnet_nparams(net), n = (double)net->n, w = 0;
    for (slong l = 0; l < net->L; l++)
        w += (double)(net->dx * (net->blk[l].p + net->blk[l].m) + net->blk[l].k * net->blk[l].m);
    return 3e-7 * P * n * (w + P) / 8 + 3.5e-9 * P * P * P * P * n; /* >= the check's estimate */
}

int rc_landscape_cost(rc_spec *s, const rc_resnet *net, const char *field)
{
    return rc_spec_cost(s, field, landscape_cost(net), "the exact Hessian and its inertia");
}

static json_t *col_json(const fmpq_mat_t c)
{
    json_t *a = json_array();
    for (slong i = 0; i < fmpq_mat_nrows(c); i++)
        json_array_append_new(a, rc_json_fmpq(fmpq_mat_entry(c, i, 0)));
    return a;
}

/* the network in canonical form (every number a "p/q" string) */
static json_t *net_json(const rc_resnet *net)
{
    static const char *phis[] = {"identity", "relu", "relu-net"};
    json_t *bl = json_array();
    for (slong l = 0; l < net->L; l++) {
        const rc_resnet_block *b = net->blk + l;
        json_t *o = json_pack("{s:s, s:o}", "phi", phis[b->phi], "V", rc_json_fmpq_mat(b->V));
        if (b->has_U)
            json_object_set_new(o, "U", rc_json_fmpq_mat(b->U));
        if (b->phi == RC_PHI_RELUNET) {
            json_object_set_new(o, "A", rc_json_fmpq_mat(b->A));
            json_object_set_new(o, "a", col_json(b->a));
        }
        if (b->has_W)
            json_object_set_new(o, "W", rc_json_fmpq_mat(b->W));
        json_array_append_new(bl, o);
    }
    json_t *sp = json_pack("{s:s, s:o, s:o, s:o, s:o, s:s}", "kind", RC_RESNET_KIND, "X",
                           rc_json_fmpq_mat(net->X), "y", col_json(net->y), "blocks", bl, "w",
                           col_json(net->w), "loss", net->loss == RC_LOSS_HUBER ? "huber" : "squared");
    if (net->loss == RC_LOSS_HUBER)
        json_object_set_new(sp, "delta", rc_json_fmpq(net->delta));
    return sp;
}

/* the certificate's record of one instance: its name and the network as
   analysed (after any polish), in canonical form */
static json_t *instance_input(const char *name, const rc_resnet *net)
{
    return json_pack("{s:s, s:o}", "name", name, "spec", net_json(net));
}

/* what the instances prove, counted on their results */
static void conclude(rc_report *rep, const json_t *results)
{
    slong N = (slong)json_array_size(results), crit = 0, both = 0;
    for (slong j = 0; j < N; j++) {
        const json_t *r = json_array_get(results, (size_t)j), *h = json_object_get(r, "hypotheses");
        int c = json_is_true(json_object_get(r, "critical"));
        crit += c;
        both += c && json_is_true(json_object_get(h, "representation_coverage")) &&
                json_is_true(json_object_get(h, "parameter_coverage")) &&
                json_is_true(json_object_get(h, "paper_form")) &&
                json_is_true(json_object_get(h, "squared_loss"));
    }
    rc_report_conclude(rep, "on %s, exactly: critical points: %ld of %ld; of those, of the §4.1 form "
                       "with squared loss and both hypotheses of Theorem 2 holding: %ld; %s",
                       N == 1 ? "this instance" : "these instances", (long)crit, (long)N, (long)both,
                       both ? "each satisfies Theorem 2's conclusion (R <= R_lin or lambda_min(H) < 0)"
                            : "so Theorem 2's conclusion is not put to the test here");
}

/* Analyses nets[0..N-1] (w polished first where polish[j]) into the
 * certificate's inputs and results and rep's statements. */
static void thm2_finish(rc_report *rep, const json_t *inputs, json_t *results)
{
    (void)inputs;
    conclude(rep, json_object_get(results, "instances"));
}

static json_t *analyse_all(const rc_claim *c, const char *file, rc_report *rep, rc_resnet *nets,
                           const char *const *names, const int *polish, slong N,
                           rc_landscape_finish finish)
{
    json_t *inputs = json_array(), *results = json_array(), *res;
    for (slong j = 0; j < N; j++) {
        if (polish[j])
            rc_resnet_polish_w(nets + j);
        json_array_append_new(inputs, instance_input(names[j], nets + j));
        rc_landscape_analyse(&res, rep, names[j], nets + j);
        json_array_append_new(results, res);
    }
    json_t *res_obj = json_pack("{s:o}", "instances", results);
    finish(rep, inputs, res_obj);
    return rc_cert_new(c, file, json_pack("{s:o}", "instances", inputs), res_obj, rep);
}

json_t *rc_landscape_cert(const rc_claim *c, const char *file, rc_report *rep, rc_resnet *net,
                          int polish)
{
    const char *name = RC_LANDSCAPE_NAME;
    return analyse_all(c, file, rep, net, &name, &polish, 1, thm2_finish);
}

/* A yun19.resnet spec: its one network, named as in 'rescheck landscape'. */
static int thm2_single(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert,
                       rc_landscape_finish finish)
{
    rc_resnet net;
    if (rc_resnet_read(&net, spec))
        return -1;
    int rc = rc_landscape_cost(spec, &net, "blocks");
    if (!rc)
        *cert = analyse_all(c, spec->file, rep, &net, &(const char *){RC_LANDSCAPE_NAME},
                            &(int){0}, 1, finish);
    rc_resnet_clear(&net);
    return rc ? -1 : 0;
}

/* instance k's name, distinct from the names before it */
static int read_name(const char **name, rc_spec *spec, json_t *inst, slong k)
{
    char f[64];
    snprintf(f, sizeof f, "instances[%ld].name", (long)k);
    json_t *o = json_array_get(inst, (size_t)k);
    if (rc_spec_string(name, spec, rc_spec_get(spec, o, "name", f, 1), f))
        return -1;
    for (slong j = 0; j < k; j++)
        if (!strcmp(*name, json_string_value(json_object_get(json_array_get(inst, (size_t)j), "name"))))
            return rc_spec_fail(spec, f, "\"%.80s\" names instance %ld too", *name, (long)j);
    return 0;
}

int rc_yun19_thm2(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    return rc_landscape_run(c, spec, rep, cert, thm2_finish);
}

int rc_landscape_run(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert,
                     rc_landscape_finish finish)
{
    json_t *kind = json_object_get(spec->root, "kind");
    if (json_is_string(kind) && !strcmp(json_string_value(kind), RC_RESNET_KIND))
        return thm2_single(c, spec, rep, cert, finish);
    json_t *inst = rc_spec_instances(spec, "yun19.resnet-set", RC_LIMIT_RESNET_INSTANCES);
    if (!inst)
        return -1;
    slong N = (slong)json_array_size(inst);
    rc_resnet *nets = calloc((size_t)N, sizeof *nets);
    const char **names = calloc((size_t)N, sizeof *names);
    int *polish = calloc((size_t)N, sizeof *polish), rc = 0;
    double cost = 0;
    slong k = 0;
    for (; k < N && !rc; k++) {
        json_t *o = json_array_get(inst, (size_t)k), *pol = json_object_get(o, "polish");
        rc = read_name(names + k, spec, inst, k) ||
             read_instance(nets + k, spec, json_object_get(o, "spec"), k);
        if (!rc && pol && !json_is_boolean(pol)) {
            char f[64];
            snprintf(f, sizeof f, "instances[%ld].polish", (long)k);
            rc = rc_spec_fail(spec, f, "expected true or false");
        }
        polish[k] = json_is_true(pol);
        if (!rc)
            cost += landscape_cost(nets + k);
    }
    if (!rc)
        rc = rc_spec_cost(spec, "instances", cost, "the exact Hessians and their inertia");
    if (!rc)
        *cert = analyse_all(c, spec->file, rep, nets, names, polish, N, finish);
    for (slong j = 0; j < k; j++)
        if (nets[j].blk)
            rc_resnet_clear(nets + j);
    free(nets), free(names), free(polish);
    return rc ? -1 : 0;
}
