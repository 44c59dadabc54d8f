/* li18.fig7-8 (Section 5.3.1, Figures 7 and 8): the final loss after E
 * epochs of full-batch gradient descent at the best learning rate of a log
 * grid, against depth; Figure 7 for linear networks (final loss minus the
 * optimal linear least-squares loss, computed in double by LAPACKE_dgels),
 * Figure 8 with ReLUs at the mid positions (log10 of the final loss). */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "train_internal.h"

enum { FIG7, FIG8 };
static const char *const fig7_kinds[] = {"xavier", "orthogonal", "1-shortcut", "2-shortcut",
                                         "3-shortcut"};
static const char *const fig8_kinds[] = {"xavier-relu", "orthogonal-relu", "2-shortcut-relu"};
#define FIG7_NKINDS 5
#define FIG8_NKINDS 3

static const int depths7_paper[] = {6, 12, 24, 48, 96}, depths8_paper[] = {4, 8, 16, 32, 64};
static const int depths_quick[] = {2, 6};

typedef struct {
    const int *depths[2];
    int ndepths[2];
    int subset[2];
    int runs[2];
} fig78_plan;

static fig78_plan plan; /* the resolved sizes of this run */

static int fig78_jobs(const train_ctx *c, train_job *jobs)
{
    int n = 0;
    for (int v = FIG7; v <= FIG8; v++) {
        int nk = v == FIG7 ? FIG7_NKINDS : FIG8_NKINDS;
        for (int k = 0; k < nk; k++) {
            int kind = train_kind_find(v == FIG7 ? fig7_kinds[k] : fig8_kinds[k]);
            for (int i = 0; i < plan.ndepths[v]; i++) {
                train_arch a;
                int depth = plan.depths[v][i];
                if (train_kind_arch(&a, train_kinds + kind, c->d, depth))
                    continue;
                /* per-epoch cost ~ depth * columns: the Gram form has d columns */
                double cols = v == FIG7 && !c->o.no_gram ? c->d : plan.subset[v];
                for (int lr = 0; lr < c->o.nlr; lr++)
                    for (int r = 0; r < plan.runs[v]; r++) {
                        if (jobs)
                            jobs[n] = (train_job){.variant = v, .net = kind, .depth = depth, .lr = lr,
                                                  .run = r,
                                                  .weight = depth * cols * c->o.epochs};
                        n++;
                    }
            }
        }
    }
    return n;
}

static const train_data *fig78_data(train_ctx *c, int v)
{
    return v == FIG7 ? ctx_gram(c, plan.subset[v]) : ctx_samples(c, plan.subset[v]);
}

static int fig78_job(train_ctx *c, const train_job *j, int index, FILE *f)
{
    const train_kind *k = train_kinds + j->net;
    const train_data *D = fig78_data(c, j->variant), *S = ctx_samples(c, plan.subset[j->variant]);
    train_net net;
    job_net(&net, c, j);
    double lr = c->o.lr_grid[j->lr];
    job_progress p = {.c = c, .j = j, .index = index, .epochs = c->o.epochs, .lr = lr};
    train_gd_result res;
    train_gd(&res, &net, D, lr, c->o.epochs, job_gd_progress, &p);
    train_net_clear(&net);
    if (res.stopped)
        return TRAIN_EXIT_INTERRUPTED;
    progress_skip(&c->prog, j->weight * (1 - (double)res.epochs_run / c->o.epochs));
    fprintf(f, "%d,%s,%s,%d,%.17g,%d,%.17g,%.17g,%d,%d\n", index, j->variant == FIG7 ? "fig7" : "fig8",
            k->name, j->depth, lr, j->run, res.final_loss, train_lsq_optimum(S), res.diverged,
            res.epochs_run);
    return 0;
}

static int fig78_run(train_ctx *c)
{
    int q = c->o.quick, user_subset = c->o.subset, user_runs = c->o.runs;
    double grid[LR_GRID_MAX];
    int ngrid = lr_grid_default(grid, q);
    train_ctx_defaults(c, q ? 2 : 10, NULL, 0, grid, ngrid, q ? 30 : 1000, q ? 2000 : 60000);
    for (int v = FIG7; v <= FIG8; v++) {
        plan.depths[v] = c->o.depths ? c->o.depths : q ? depths_quick : v == FIG7 ? depths7_paper : depths8_paper;
        plan.ndepths[v] = c->o.depths ? c->o.ndepths : q ? 2 : 5;
        plan.subset[v] = user_subset ? user_subset : q ? 2000 : v == FIG7 ? 60000 : 10000;
        plan.runs[v] = user_runs ? user_runs : q ? 2 : v == FIG7 ? 10 : 3;
        if (!fig78_data(c, v))
            return TRAIN_EXIT_INPUT;
    }
    int njobs = fig78_jobs(c, NULL);
    if (njobs == 0) {
        train_error("li18.fig7-8: no network fits the depths in --depths");
        return TRAIN_EXIT_INPUT;
    }
    train_job *jobs = malloc(sizeof(train_job) * (size_t)njobs);
    fig78_jobs(c, jobs);
    char cfg[2048], extra[512];
    int len = snprintf(extra, sizeof extra, "fig7:m=%d,runs=%d fig8:m=%d,runs=%d,depths=",
                       ctx_samples(c, plan.subset[FIG7])->m, plan.runs[FIG7],
                       ctx_samples(c, plan.subset[FIG8])->m, plan.runs[FIG8]);
    for (int i = 0; i < plan.ndepths[FIG8] && len < (int)sizeof extra; i++)
        len += snprintf(extra + len, sizeof extra - (size_t)len, "%s%d", i ? ";" : "", plan.depths[FIG8][i]);
    c->o.depths = plan.depths[FIG7];
    c->o.ndepths = plan.ndepths[FIG7];
    c->o.runs = plan.runs[FIG7];
    c->o.subset = plan.subset[FIG7];
    config_string(cfg, sizeof cfg, c, extra);
    int rc = write_raw(c, "fig78-runs.csv", "li18.fig7-8", cfg,
                       "job,figure,net,depth,lr,run,final_loss,loss_star,diverged,epochs_run", jobs,
                       njobs, fig78_job);
    free(jobs);
    return rc;
}

/* ---- summary ---- */
typedef struct {
    const char *figure, *net;
    int depth, runs, best, flat;
    double best_lr, mean, sd, loss_star;
} fig78_best;

/* One (figure, net, depth) group of rows starting at r: per learning rate the
 * mean final loss (inf if a run diverged), the best rate and whether the grid
 * is flat. Writes the grid rows to grid_csv. Returns the next row. */
static int best_of_group(const csv_table *t, int r, fig78_best *b, FILE *grid_csv)
{
    int cf = csv_col(t, "figure"), cn = csv_col(t, "net"), cd = csv_col(t, "depth"),
        cl = csv_col(t, "lr"), cL = csv_col(t, "final_loss"), cs = csv_col(t, "loss_star"),
        cv = csv_col(t, "diverged");
    b->figure = csv_str(t, r, cf);
    b->net = csv_str(t, r, cn);
    b->depth = (int)csv_num(t, r, cd);
    b->loss_star = csv_num(t, r, cs);
    b->mean = INFINITY;
    b->best_lr = NAN;
    double lo = INFINITY, hi = -INFINITY;
    int finite = 0;
    double *x = malloc(sizeof(double) * (size_t)t->nrows);
    while (r < t->nrows && !strcmp(csv_str(t, r, cf), b->figure) && !strcmp(csv_str(t, r, cn), b->net) &&
           (int)csv_num(t, r, cd) == b->depth) {
        double lr = csv_num(t, r, cl);
        int n = 0, diverged = 0;
        for (; r < t->nrows && csv_num(t, r, cl) == lr && !strcmp(csv_str(t, r, cn), b->net) &&
               (int)csv_num(t, r, cd) == b->depth;
             r++) {
            x[n++] = csv_num(t, r, cL);
            diverged += (int)csv_num(t, r, cv);
        }
        double mean, sd;
        mean_std(x, n, &mean, &sd);
        if (diverged)
            mean = sd = INFINITY;
        fprintf(grid_csv, "%s,%s,%d,%.17g,%d,%.17g,%.17g,%d\n", b->figure, b->net, b->depth, lr, n, mean,
                sd, diverged);
        if (isfinite(mean)) {
            finite++;
            lo = fmin(lo, mean);
            hi = fmax(hi, mean);
        }
        if (mean < b->mean) {
            b->mean = mean;
            b->sd = sd;
            b->best_lr = lr;
            b->runs = n;
        }
    }
    b->flat = lr_grid_flat(finite, lo, hi);
    free(x);
    return r;
}

static double log10_excess(const fig78_best *b)
{
    /* final - optimum at the rounding floor of the optimum is shown at that floor */
    double ex = b->mean - b->loss_star, floor = DBL_EPSILON * b->loss_star;
    return log10(ex > floor ? ex : floor);
}

static void write_best_csv(FILE *f, const fig78_best *b, int nb, const char *figure)
{
    int fig7 = !strcmp(figure, "fig7");
    fprintf(f, "net,depth,best_lr,lr_flat,runs,final_mean,final_sd,loss_star,%s\n",
            fig7 ? "excess_mean,log10_excess" : "log10_final");
    for (int i = 0; i < nb; i++) {
        if (strcmp(b[i].figure, figure))
            continue;
        fprintf(f, "%s,%d,%.17g,%d,%d,%.17g,%.17g,%.17g,", b[i].net, b[i].depth, b[i].best_lr, b[i].flat,
                b[i].runs, b[i].mean, b[i].sd, b[i].loss_star);
        if (fig7)
            fprintf(f, "%.17g,%.17g\n", b[i].mean - b[i].loss_star, log10_excess(b + i));
        else
            fprintf(f, "%.17g\n", log10(b[i].mean));
    }
}

/* runs of a figure: "figN:m=M,runs=K" in the configuration line */
static double config_runs(const csv_table *t, const char *figure)
{
    char key[32];
    int m, runs;
    snprintf(key, sizeof key, " %s:m=", figure);
    for (int i = 0; i < t->nmeta; i++) {
        const char *p = strncmp(t->meta[i], "# config ", 9) ? NULL : strstr(t->meta[i], key);
        if (p && sscanf(p + strlen(key), "%d,runs=%d", &m, &runs) == 2)
            return runs;
    }
    return NAN;
}

static void write_fig78_gp(FILE *f, const fig78_best *b, int nb, const char *figure, const csv_table *t,
                           int paper)
{
    int fig7 = !strcmp(figure, "fig7");
    const char *const *kinds = fig7 ? fig7_kinds : fig8_kinds;
    int nk = fig7 ? FIG7_NKINDS : FIG8_NKINDS;
    double loss_star = NAN;
    fig_figure F;
    char tt[400], pt[400];
    fig_init(&F, figure, 2, 1400, 620);
    double runs = config_runs(t, figure);
    snprintf(tt, sizeof tt, "li18.%s: %s (m = %g, %g epochs, mean of %g run%s)", figure,
             fig7 ? "linear networks, best learning rate of the grid" : "ReLU at the mid positions",
             config_double(t, fig7 ? " fig7:m=" : " fig8:m="), config_double(t, " epochs="), runs,
             runs == 1 ? "" : "s");
    snprintf(pt, sizeof pt, "%s (%g epochs, mean of %g run%s)",
             fig7 ? "Optimal final losses of linear networks and their learning rates"
                  : "Optimal final losses with ReLUs in mid positions and their learning rates",
             config_double(t, " epochs="), runs, runs == 1 ? "" : "s");
    fig_titles(&F, tt, pt);
    fig_panel *L = F.p, *R = F.p + 1;
    fig_labels(L, "depth (number of d x d weight matrices)",
               fig7 ? "log10(final loss - optimal linear least-squares loss)" : "log10(final loss)",
               "depths");
    fig_paper_labels(L, "depth", fig7 ? "log10(final loss - optimal loss)" : "log10(final loss)");
    fig_labels(R, "depth (number of d x d weight matrices)", "best learning rate", "depths");
    fig_paper_labels(R, "depth", "optimal learning rate");
    L->depth_x = R->depth_x = 1;
    R->logy = 1;
    /* per kind, the depths whose rate is omitted: "Xavier at depths 64, 96" */
    char flat[400] = "", diverged[400] = "";
    size_t nf = 0, nd = 0;
    for (int k = 0; k < nk; k++) {
        int sl = fig_add(L, fig_kind_label(kinds[k]), "linespoints"),
            sr = fig_add(R, fig_kind_label(kinds[k]), "linespoints");
        char df[200] = "", dd[200] = "";
        size_t lf = 0, ld = 0;
        int cf = 0, cdv = 0;
        for (int i = 0; i < nb; i++)
            if (!strcmp(b[i].figure, figure) && !strcmp(b[i].net, kinds[k])) {
                loss_star = b[i].loss_star;
                fig_point(L, sl, b[i].depth, fig7 ? log10_excess(b + i) : log10(b[i].mean));
                if (b[i].flat && lf < sizeof df) {
                    lf += (size_t)snprintf(df + lf, sizeof df - lf, "%s%d", cf ? ", " : "", b[i].depth);
                    cf++;
                } else if (!isfinite(b[i].best_lr) && ld < sizeof dd) {
                    ld += (size_t)snprintf(dd + ld, sizeof dd - ld, "%s%d", cdv ? ", " : "", b[i].depth);
                    cdv++;
                } else
                    fig_point(R, sr, b[i].depth, b[i].best_lr);
            }
        if (cf && nf < sizeof flat)
            nf += (size_t)snprintf(flat + nf, sizeof flat - nf, "%s%s at depth%s %s", nf ? "; " : "",
                                   fig_kind_label(kinds[k]), cf > 1 ? "s" : "", df);
        if (cdv && nd < sizeof diverged)
            nd += (size_t)snprintf(diverged + nd, sizeof diverged - nd, "%s%s at depth%s %s",
                                   nd ? "; " : "", fig_kind_label(kinds[k]), cdv > 1 ? "s" : "", dd);
    }
    if (!fig7 && isfinite(loss_star)) /* no row of the figure, no loss* to draw */
        fig_hline(L, log10(loss_star), "best linear fit (least squares)", "dt 2 lc rgb 'black'");
    /* the paper omits the rate where the final losses of the rates are basically the same */
    if (nf)
        fig_note(R, "no optimal rate shown for %s: the final loss is flat across the grid (rates within "
                    "%g%% of one another)", flat, 100 * LR_FLAT);
    if (nd)
        fig_note(R, "no rate shown for %s: every rate of the grid diverged", diverged);
    fig_write(f, &F, paper);
    fig_clear(&F);
}

static void print_best(const fig78_best *b, int nb)
{
    for (int i = 0; i < nb; i++)
        printf("    %s %-16s depth %3d: best lr %-9.3g final loss %.6g%s (optimal linear %.6g)\n",
               b[i].figure, b[i].net, b[i].depth, b[i].best_lr, b[i].mean,
               b[i].flat ? " [flat over the grid]" : "", b[i].loss_star);
}

static int fig78_finish(train_ctx *c)
{
    csv_table t;
    if (read_raw(&t, c, "fig78-runs.csv"))
        return TRAIN_EXIT_INPUT;
    const char *config = t.nmeta > 1 ? t.meta[1] + 9 : "";
    fig78_best *b = calloc((size_t)t.nrows + 1, sizeof(fig78_best));
    static const char *const names[] = {"fig78-grid.csv", "fig7.csv", "fig8.csv", "fig7.gp", "fig8.gp"};
    out_file o[5];
    int rc = out_open_all(o, names, 5, c->dir);
    if (rc == 0) {
        int nb = 0;
        fprintf(o[0].f, "figure,net,depth,lr,runs,final_mean,final_sd,diverged_runs\n");
        for (int r = 0; r < t.nrows;)
            r = best_of_group(&t, r, b + nb++, o[0].f);
        write_best_csv(o[1].f, b, nb, "fig7");
        write_best_csv(o[2].f, b, nb, "fig8");
        write_fig78_gp(o[3].f, b, nb, "fig7", &t, c->o.paper);
        write_fig78_gp(o[4].f, b, nb, "fig8", &t, c->o.paper);
        printf("li18.fig7-8: %s\n", config);
        print_best(b, nb);
        rc = out_commit_all(o, 5, c->dir);
    }
    free(b);
    csv_clear(&t);
    if (rc)
        return rc;
    rc = plot_and_report(c, "fig7.gp", "fig7.png", "fig7.csv, fig78-grid.csv");
    return rc ? rc : plot_and_report(c, "fig8.gp", "fig8.png", "fig8.csv");
}

const train_experiment train_exp_fig78 = {
    .name = "li18.fig7-8",
    .figures = "Figures 7 and 8",
    .summary = "final loss vs depth at the best learning rate of a log grid; linear (minus the "
               "least-squares optimum) and ReLU-mid",
    .shardable = 1,
    .run = fig78_run,
    .finish = fig78_finish,
    .raw_files = {"fig78-runs.csv", NULL},
};
