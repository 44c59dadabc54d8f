/* li18.fig4 (Section 5.1, Figure 4): condition numbers of the Hessian at the
 * initial point against depth, for Xavier and orthogonal plain linear
 * networks and near-zero 2-shortcut networks, with the exact zero point of
 * the 2-shortcut network beside them: its float cond(H) at every depth, the
 * float cond(M) of Theorem 2.2, and the certified cond(M) of the exact path. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/train_exact.h"
#include "figure.h"
#include "train_internal.h"

#define FIG4_EXACT_PREC 128

static const char *const fig4_kinds[] = {"xavier", "orthogonal", "2-shortcut"};
#define FIG4_NKINDS 3
#define FIG4_ZERO "2-shortcut-zero"

static const int depths_paper[] = {2, 4, 8, 12, 16, 24, 32, 48, 64};
static const int depths_quick[] = {2, 4, 8};

static int fig4_jobs(const train_ctx *c, train_job *jobs)
{
    int n = 0;
    for (int k = 0; k <= FIG4_NKINDS; k++) {
        int kind = train_kind_find(k < FIG4_NKINDS ? fig4_kinds[k] : FIG4_ZERO);
        int runs = k < FIG4_NKINDS ? c->o.runs : 1;
        for (int i = 0; i < c->o.ndepths; i++) {
            train_arch a;
            int depth = c->o.depths[i];
            if (train_kind_arch(&a, train_kinds + kind, c->d, depth))
                continue;
            double N = (double)depth * c->d * c->d;
            for (int r = 0; r < runs; r++) {
                if (jobs)
                    jobs[n] = (train_job){.net = kind, .depth = depth, .run = r, .lr = -1,
                                          .weight = N * N * N};
                n++;
            }
        }
    }
    return n;
}

/* The certified cond(M) of the samples, once per process. */
static int exact_cond(arb_t out, const train_data *samples)
{
    static const train_data *done_for;
    static arb_t cached;
    static int rc;
    if (done_for != samples) {
        if (!done_for)
            arb_init(cached);
        rc = train_exact_cond_M(cached, samples, FIG4_EXACT_PREC);
        done_for = samples;
    }
    arb_set(out, cached);
    return rc;
}

/* Zero-point columns: cond(M) in float, the certified midpoint and radius. */
static void zero_point_columns(FILE *f, train_ctx *c)
{
    const train_data *S = ctx_samples(c, c->o.subset);
    double M[c->d * c->d];
    train_zero_point_M(M, S);
    arb_t ex;
    arb_init(ex);
    fprintf(f, ",%.17g", train_cond2(M, c->d));
    if (exact_cond(ex, S) == 0)
        fprintf(f, ",%.17g,%.3g", arf_get_d(arb_midref(ex), ARF_RND_NEAR),
                mag_get_d(arb_radref(ex)));
    else
        fprintf(f, ",inf,0");
    arb_clear(ex);
}

static int fig4_job(train_ctx *c, const train_job *j, int index, FILE *f)
{
    const train_kind *k = train_kinds + j->net;
    const train_data *D = ctx_gram(c, c->o.subset);
    train_net net;
    job_net(&net, c, j);
    size_t N = train_arch_nparams(&net.a);
    double *grad = malloc(sizeof(double) * N), *H = malloc(sizeof(double) * N * N);
    train_ws ws;
    train_ws_init(&ws, &net.a, D->ncol);
    double L = train_loss_grad(&net, D, &ws, grad);
    train_ws_clear(&ws);
    progress_show(&c->prog, c->work_done, "job %d/%d %s depth %d run %d: Hessian %zux%zu", index + 1,
                  c->njobs, k->name, j->depth, j->run, N, N);
    int rc = train_hessian(H, &net, D, 0);
    train_spectrum s;
    if (rc == 0)
        rc = train_spectrum_compute(&s, H, (int)N, NULL);
    if (rc == 0) {
        fprintf(f, "%d,%s,%d,%d,%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g", index, k->name,
                j->depth, j->run, N, L, train_norm2(grad, N), s.abs_max, s.abs_min, s.abs_p10,
                s.cond_true, s.cond_paper, s.index);
        if (k->init == TRAIN_INIT_ZERO)
            zero_point_columns(f, c);
        else
            fprintf(f, ",,,");
        fputc('\n', f);
    } else {
        train_error("%s depth %d: the Hessian or its spectrum failed", k->name, j->depth);
    }
    free(grad);
    free(H);
    train_net_clear(&net);
    return rc ? TRAIN_EXIT_INPUT : 0;
}

static int fig4_run(train_ctx *c)
{
    int q = c->o.quick;
    train_ctx_defaults(c, q ? 3 : 10, q ? depths_quick : depths_paper,
                       q ? 3 : (int)(sizeof depths_paper / sizeof depths_paper[0]), NULL, 0, 0,
                       q ? 2000 : 60000);
    const train_data *S = ctx_samples(c, c->o.subset);
    if (!S || !ctx_gram(c, c->o.subset))
        return TRAIN_EXIT_INPUT;
    int njobs = fig4_jobs(c, NULL);
    if (njobs == 0) {
        train_error("li18.fig4: no depth in --depths fits the networks (2-shortcut needs even depths)");
        return TRAIN_EXIT_INPUT;
    }
    train_job *jobs = malloc(sizeof(train_job) * (size_t)njobs);
    fig4_jobs(c, jobs);
    char cfg[2048], extra[256];
    snprintf(extra, sizeof extra, "m=%d lstar=%.17g", S->m, train_lsq_optimum(S));
    config_string(cfg, sizeof cfg, c, extra);
    int rc = write_raw(c, "fig4-runs.csv", "li18.fig4", cfg,
                       "job,net,depth,run,params,loss,grad_norm,abs_max,abs_min,abs_p10,cond_true,"
                       "cond_paper,index,cond_M,cond_exact,cond_exact_radius",
                       jobs, njobs, fig4_job);
    free(jobs);
    return rc;
}

/* ---- summary and picture ---- */
typedef struct {
    const char *net;
    int depth, n;
    double paper_mean, paper_sd, paper_min, true_mean, true_sd, true_min, index_mean;
} fig4_group;

static int fig4_groups(const csv_table *t, fig4_group *out)
{
    int cn = csv_col(t, "net"), cd = csv_col(t, "depth"), cp = csv_col(t, "cond_paper"),
        ct = csv_col(t, "cond_true"), ci = csv_col(t, "index");
    int ng = 0;
    double *p = malloc(sizeof(double) * (size_t)t->nrows), *tr = malloc(sizeof(double) * (size_t)t->nrows);
    for (int r = 0; r < t->nrows;) {
        const char *net = csv_str(t, r, cn);
        int depth = (int)csv_num(t, r, cd), n = 0;
        double isum = 0;
        fig4_group *g = out + ng++;
        g->paper_min = g->true_min = INFINITY;
        for (; r < t->nrows && !strcmp(csv_str(t, r, cn), net) && (int)csv_num(t, r, cd) == depth; r++) {
            p[n] = csv_num(t, r, cp);
            tr[n] = csv_num(t, r, ct);
            g->paper_min = fmin(g->paper_min, p[n]);
            g->true_min = fmin(g->true_min, tr[n]);
            isum += csv_num(t, r, ci);
            n++;
        }
        g->net = net;
        g->depth = depth;
        g->n = n;
        mean_std(p, n, &g->paper_mean, &g->paper_sd);
        mean_std(tr, n, &g->true_mean, &g->true_sd);
        g->index_mean = isum / n;
    }
    free(p);
    free(tr);
    return ng;
}

static void write_fig4_csv(FILE *f, const fig4_group *g, int ng)
{
    fprintf(f, "net,depth,runs,cond_paper_mean,cond_paper_sd,cond_true_mean,cond_true_sd,index_mean\n");
    for (int i = 0; i < ng; i++)
        fprintf(f, "%s,%d,%d,%.17g,%.17g,%.17g,%.17g,%.17g\n", g[i].net, g[i].depth, g[i].n,
                g[i].paper_mean, g[i].paper_sd, g[i].true_mean, g[i].true_sd, g[i].index_mean);
}

/* mean with a bar of +-sd; where mean - sd <= 0 the bar stops at the smallest run */
static double bar_lo(double mean, double sd, double min)
{
    return mean - sd > 0 ? mean - sd : min;
}

static void write_fig4_gp(FILE *f, const fig4_group *g, int ng, const csv_table *t, int paper)
{
    const char *title[] = {"Xavier (plain linear)", "orthogonal (plain linear)",
                           "2-shortcut, near-zero start", "2-shortcut, w = 0"};
    const char *kinds[] = {fig4_kinds[0], fig4_kinds[1], fig4_kinds[2], FIG4_ZERO};
    fig_figure F;
    char tt[400], pt[400];
    fig_init(&F, "fig4", 2, 1400, 620);
    snprintf(tt, sizeof tt, "li18.fig4: Hessian condition numbers at the initial point "
             "(Fashion-MNIST, m = %g, mean and sd of %g runs)", config_double(t, " m="),
             config_double(t, " runs="));
    snprintf(pt, sizeof pt, "Initial condition numbers of Hessians as the depth increases "
             "(mean and sd of %g runs)", config_double(t, " runs="));
    fig_titles(&F, tt, pt);
    int ce = csv_col(t, "cond_exact"), cd = csv_col(t, "depth");
    for (int field = 0; field < 2; field++) {
        fig_panel *p = F.p + field;
        fig_labels(p, "depth (number of d x d weight matrices)",
                   field ? "|λ|max / |λ|min (true condition number)"
                         : "|λ|max / |λ|(0.1), the measure of Appendix B",
                   "depths");
        fig_paper_labels(p, "depth", field ? "|λ|max / |λ|min" : "|λ|max / |λ|(0.1)");
        p->depth_x = 1;
        p->logy = 1;
        for (int k = 0; k < 4; k++) {
            int s = fig_add(p, title[k], "yerrorlines");
            for (int i = 0; i < ng; i++)
                if (!strcmp(g[i].net, kinds[k])) {
                    if (field)
                        fig_bar(p, s, g[i].depth, g[i].true_mean,
                                bar_lo(g[i].true_mean, g[i].true_sd, g[i].true_min),
                                g[i].true_mean + g[i].true_sd);
                    else
                        fig_bar(p, s, g[i].depth, g[i].paper_mean,
                                bar_lo(g[i].paper_mean, g[i].paper_sd, g[i].paper_min),
                                g[i].paper_mean + g[i].paper_sd);
                }
        }
        /* Eigenvalues in double are only resolved to about eps |lambda|max, so
         * condition numbers near 1/eps say "at least this large", no more. */
        double top = 0;
        for (int i = 0; i < ng; i++)
            top = fmax(top, field ? g[i].true_mean : g[i].paper_mean);
        if (top > 1e-3 / DBL_EPSILON)
            fig_hline(p, 1 / DBL_EPSILON, "1/eps: double does not resolve larger ratios",
                      "dt 2 lw 1 lc rgb 'gray40'");
        /* the exact path certifies |lambda|max/|lambda|min = cond(M), the right panel's measure */
        if (field) {
            int s = fig_add(p, "certified cond(M), exact path", "points");
            snprintf(p->s[s].style, sizeof p->s[s].style, "pt 6 ps 2 lc rgb 'black'");
            for (int r = 0; r < t->nrows; r++)
                if (isfinite(csv_num(t, r, ce)))
                    fig_point(p, s, (int)csv_num(t, r, cd), csv_num(t, r, ce));
        }
    }
    fig_write(f, &F, paper);
    fig_clear(&F);
}

/* The w = 0 rows: float cond(H), float cond(M), certified cond(M). */
static void write_fig4_zero(FILE *csv, FILE *out, const csv_table *t)
{
    int cn = csv_col(t, "net"), cd = csv_col(t, "depth"), cp = csv_col(t, "params"),
        ct = csv_col(t, "cond_true"), cm = csv_col(t, "cond_M"), ce = csv_col(t, "cond_exact"),
        cr = csv_col(t, "cond_exact_radius"), ci = csv_col(t, "index");
    fprintf(csv, "depth,params,cond_H,cond_M,relerr_H_vs_M,cond_exact,cond_exact_radius,"
                 "relerr_H_vs_exact,index\n");
    fprintf(out, "  2-shortcut at w = 0 (Theorem 2.2): float cond(H) against the certified cond(M)\n");
    for (int r = 0; r < t->nrows; r++) {
        if (strcmp(csv_str(t, r, cn), FIG4_ZERO))
            continue;
        double h = csv_num(t, r, ct), m = csv_num(t, r, cm), e = csv_num(t, r, ce);
        double rel_m = fabs(h - m) / m, rel_e = fabs(h - e) / e;
        fprintf(csv, "%d,%d,%.17g,%.17g,%.3g,%.17g,%.3g,%.3g,%.17g\n", (int)csv_num(t, r, cd),
                (int)csv_num(t, r, cp), h, m, rel_m, e, csv_num(t, r, cr), rel_e, csv_num(t, r, ci));
        fprintf(out,
                "    depth %3d: cond(H) = %.15g, certified cond(M) = %.15g +/- %.1e, relative error "
                "%.2e (index %.3f)\n",
                (int)csv_num(t, r, cd), h, e, csv_num(t, r, cr), rel_e, csv_num(t, r, ci));
    }
}

static int fig4_finish(train_ctx *c)
{
    csv_table t;
    if (read_raw(&t, c, "fig4-runs.csv"))
        return TRAIN_EXIT_INPUT;
    fig4_group *g = malloc(sizeof(fig4_group) * (size_t)(t.nrows + 1));
    int ng = fig4_groups(&t, g);
    static const char *const names[] = {"fig4.csv", "fig4-zero.csv", "fig4.gp"};
    out_file o[3];
    int rc = out_open_all(o, names, 3, c->dir);
    if (rc == 0) {
        write_fig4_csv(o[0].f, g, ng);
        printf("li18.fig4: %s\n", t.nmeta > 1 ? t.meta[1] + 9 : "");
        write_fig4_zero(o[1].f, stdout, &t);
        write_fig4_gp(o[2].f, g, ng, &t, c->o.paper);
        rc = out_commit_all(o, 3, c->dir);
    }
    free(g);
    csv_clear(&t);
    if (rc)
        return rc;
    return plot_and_report(c, "fig4.gp", "fig4.png", "fig4.csv, fig4-zero.csv");
}

const train_experiment train_exp_fig4 = {
    .name = "li18.fig4",
    .figures = "Figure 4",
    .summary = "Hessian condition numbers at the initial point vs depth: Xavier, orthogonal, "
               "2-shortcut; w = 0 against the exact path",
    .hessians = 1,
    .shardable = 1,
    .run = fig4_run,
    .finish = fig4_finish,
    .raw_files = {"fig4-runs.csv", NULL},
};
