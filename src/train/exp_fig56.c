/* li18.fig5-6 (Section 5.2, Figures 5 and 6): at depth 16, the Hessian's
 * |lambda|max, 10th percentile of |lambda| and index (fraction of negative
 * eigenvalues) against the loss along training, for Xavier, orthogonal and
 * 2-shortcut linear networks; and the gradient norm against the index in one
 * 2-shortcut run. Each network trains at the learning rate of the grid that
 * reaches the lowest final loss (first phase, one run), then runs with the
 * Hessian recorded on a schedule (second phase). */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "train_internal.h"

#define FIG56_GRID 48 /* loss levels at which runs are interpolated */

static const char *const fig56_kinds[] = {"xavier", "orthogonal", "2-shortcut"};
static const char *const fig56_labels[] = {"Xavier", "orthogonal", "2-shortcut"};
#define FIG56_NKINDS 3
#define FIG56_TRACKED "2-shortcut" /* Figure 6, right: one run of it */

enum { PHASE_LR, PHASE_TRACK };

/* The Hessian's epochs: every epoch of the first tenth, then a hundredth of
 * the run apart, and the last; and, whenever the loss falls fast, every step:
 * a Hessian whenever the excess loss (loss - lstar) is below 1/FIG56_FAST of
 * the last Hessian's. Consecutive Hessians are then at most a factor
 * FIG56_FAST apart in excess loss, except across a single step that falls
 * further (no iterate exists in between). */
#define FIG56_FAST 1.25
static int hessian_due(int e, int epochs, double excess, double last_excess)
{
    int step = epochs / 100 > 1 ? epochs / 100 : 1;
    return e < epochs / 10 || e % step == 0 || e == epochs - 1 ||
           !(excess * FIG56_FAST >= last_excess);
}

static int fig56_depth(const train_ctx *c)
{
    return c->o.depths[0];
}

static double best_lr[FIG56_NKINDS]; /* phase 1's choice, per network */

typedef struct {
    job_progress p;
    FILE *f;
    const train_data *D;
    double *H;
    int index;
    double lstar, last_excess; /* the excess loss at the last Hessian (inf before) */
} track_ctx;

static int track_epoch(void *ctx, int epoch, double loss, const double *grad, size_t N,
                       const train_net *net)
{
    track_ctx *t = ctx;
    if (job_gd_progress(&t->p, epoch, loss, grad, N, net))
        return 1;
    const train_job *j = t->p.j;
    fprintf(t->f, "%d,%s,%d,%.17g,%d,%.17g,%.17g", t->index, train_kinds[j->net].name, j->run, t->p.lr,
            epoch, loss, train_norm2(grad, N));
    train_spectrum s;
    int due = hessian_due(epoch, t->p.epochs, loss - t->lstar, t->last_excess);
    if (due)
        t->last_excess = loss - t->lstar;
    if (due && train_hessian(t->H, net, t->D, 0) == 0 &&
        train_spectrum_compute(&s, t->H, (int)N, NULL) == 0)
        fprintf(t->f, ",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", s.abs_max, s.abs_p10, s.abs_min,
                s.cond_paper, s.cond_true, s.index);
    else
        fprintf(t->f, ",,,,,,\n");
    fflush(t->f);
    return 0;
}

static int fig56_job(train_ctx *c, const train_job *j, int index, FILE *f)
{
    const train_kind *k = train_kinds + j->net;
    const train_data *D = ctx_gram(c, c->o.subset);
    train_net net;
    job_net(&net, c, j);
    int slot = j->lr; /* phase 2: the network's slot in best_lr */
    double lr = j->variant == PHASE_LR ? c->o.lr_grid[j->lr] : best_lr[slot];
    train_gd_result res;
    if (j->variant == PHASE_LR) {
        job_progress p = {.c = c, .j = j, .index = index, .epochs = c->o.epochs, .lr = lr};
        train_gd(&res, &net, D, lr, c->o.epochs, job_gd_progress, &p);
        if (!res.stopped)
            fprintf(f, "%d,%s,%.17g,%.17g,%d\n", index, k->name, lr, res.final_loss, res.diverged);
    } else {
        size_t N = train_arch_nparams(&net.a);
        track_ctx t = {.p = {.c = c, .j = j, .index = index, .epochs = c->o.epochs, .lr = lr},
                       .f = f, .D = D, .index = index, .lstar = c->lstar,
                       .last_excess = INFINITY};
        t.H = malloc(sizeof(double) * N * N);
        train_gd(&res, &net, D, lr, c->o.epochs, track_epoch, &t);
        free(t.H);
    }
    train_net_clear(&net);
    if (res.stopped)
        return TRAIN_EXIT_INTERRUPTED;
    progress_skip(&c->prog, j->weight * (1 - (double)res.epochs_run / c->o.epochs));
    return 0;
}

static int phase_jobs(const train_ctx *c, int phase, train_job *jobs)
{
    int n = 0, depth = fig56_depth(c);
    for (int k = 0; k < FIG56_NKINDS; k++) {
        int kind = train_kind_find(fig56_kinds[k]);
        int count = phase == PHASE_LR ? c->o.nlr : c->o.runs;
        for (int i = 0; i < count; i++) {
            /* phase 1: one run per rate; phase 2: lr holds the network's slot */
            train_job j = {.variant = phase, .net = kind, .depth = depth,
                           .lr = phase == PHASE_LR ? i : k, .run = phase == PHASE_LR ? 0 : i};
            j.weight = c->o.epochs; /* the jobs of a phase cost alike */
            jobs[n++] = j;
        }
    }
    return n;
}

/* Best rate per network from the rows of phase 1 in f's file. */
static int choose_rates(const char *path)
{
    csv_table t;
    char err[4400];
    if (csv_read(&t, path, err, sizeof err)) {
        train_error("%s", err);
        csv_clear(&t);
        return -1;
    }
    int cn = csv_col(&t, "net"), cl = csv_col(&t, "lr"), cf = csv_col(&t, "final_loss");
    for (int k = 0; k < FIG56_NKINDS; k++) {
        double best = INFINITY;
        best_lr[k] = NAN;
        for (int r = 0; r < t.nrows; r++)
            if (!strcmp(csv_str(&t, r, cn), fig56_kinds[k]) && csv_num(&t, r, cf) < best) {
                best = csv_num(&t, r, cf);
                best_lr[k] = csv_num(&t, r, cl);
            }
        if (!isfinite(best_lr[k])) {
            train_error("li18.fig5-6: %s diverged at every learning rate of the grid", fig56_kinds[k]);
            csv_clear(&t);
            return -1;
        }
    }
    csv_clear(&t);
    return 0;
}

static int write_phase(train_ctx *c, int phase, const char *name, const char *header, const char *cfg)
{
    int max_jobs = FIG56_NKINDS * (c->o.nlr > c->o.runs ? c->o.nlr : c->o.runs);
    train_job *jobs = malloc(sizeof(train_job) * (size_t)max_jobs);
    int njobs = phase_jobs(c, phase, jobs);
    int rc = write_raw(c, name, phase == PHASE_LR ? "li18.fig5-6 (learning rates)" : "li18.fig5-6 (Hessians)",
                       cfg, header, jobs, njobs, fig56_job);
    free(jobs);
    return rc;
}

static int fig56_run(train_ctx *c)
{
    static const int depth_paper[] = {16}, depth_quick[] = {4};
    int q = c->o.quick;
    double grid[LR_GRID_MAX];
    int ngrid = lr_grid_default(grid, q);
    train_ctx_defaults(c, q ? 2 : 5, q ? depth_quick : depth_paper, 1, grid, ngrid, q ? 40 : 1000,
                       q ? 2000 : 60000);
    if (c->o.ndepths != 1) {
        train_error("li18.fig5-6: --depths takes one depth (the paper's is 16)");
        return TRAIN_EXIT_INPUT;
    }
    train_arch a;
    if (train_kind_arch(&a, train_kinds + train_kind_find("2-shortcut"), c->d, fig56_depth(c))) {
        train_error("li18.fig5-6: --depths %d: the 2-shortcut network needs an even depth", fig56_depth(c));
        return TRAIN_EXIT_INPUT;
    }
    const train_data *S = ctx_samples(c, c->o.subset);
    if (!S || !ctx_gram(c, c->o.subset))
        return TRAIN_EXIT_INPUT;
    char cfg[2048], extra[256], path[4200];
    c->lstar = train_lsq_optimum(S);
    snprintf(extra, sizeof extra, "m=%d lstar=%.17g fast=%g", S->m, c->lstar, FIG56_FAST);
    config_string(cfg, sizeof cfg, c, extra);
    int rc = write_phase(c, PHASE_LR, "fig56-lr.csv", "job,net,lr,final_loss,diverged", cfg);
    if (rc)
        return rc;
    snprintf(path, sizeof path, "%s/fig56-lr.csv", c->dir);
    if (choose_rates(path))
        return TRAIN_EXIT_INPUT;
    return write_phase(c, PHASE_TRACK, "fig56-track.csv",
                       "job,net,run,lr,epoch,loss,grad_norm,abs_max,abs_p10,abs_min,cond_paper,"
                       "cond_true,index",
                       cfg);
}

/* ---- summary: runs interpolated at common loss levels ---- */
/* The statistics interpolated per run are |lambda|max, |lambda|(0.1) and the
 * index, as the caption of Figure 5 describes; their means over the runs
 * are taken at each level, and the condition measure is the ratio of the
 * means, mean |lambda|max / mean |lambda|(0.1) (not a mean of per-epoch
 * ratios). */
enum { Q_MAX, Q_P10, Q_INDEX, NQ };
static const char *const q_cols[NQ] = {"abs_max", "abs_p10", "index"};

/* the excess-loss levels of the table in docs/reproduction.md */
static const double fig56_table_levels[] = {3, 1, 0.3, 0.1, 0.03, 0.01, 1e-3, 1e-4, 1e-5};
#define FIG56_NTABLE (int)(sizeof fig56_table_levels / sizeof fig56_table_levels[0])

typedef struct {
    int n, run;
    double *loss, *q[NQ];
    int *epoch;
} trajectory;

/* The Hessian epochs of the rows [r0, r1) (one run). */
static void trajectory_of(trajectory *tr, const csv_table *t, int r0, int r1)
{
    int cl = csv_col(t, "loss"), cq[NQ];
    for (int i = 0; i < NQ; i++) {
        cq[i] = csv_col(t, q_cols[i]);
        tr->q[i] = malloc(sizeof(double) * (size_t)(r1 - r0));
    }
    tr->loss = malloc(sizeof(double) * (size_t)(r1 - r0));
    tr->epoch = malloc(sizeof(int) * (size_t)(r1 - r0));
    tr->n = 0;
    tr->run = (int)csv_num(t, r0, csv_col(t, "run"));
    for (int r = r0; r < r1; r++) {
        if (!isfinite(csv_num(t, r, cq[Q_MAX])))
            continue;
        tr->loss[tr->n] = csv_num(t, r, cl);
        tr->epoch[tr->n] = (int)csv_num(t, r, csv_col(t, "epoch"));
        for (int i = 0; i < NQ; i++)
            tr->q[i][tr->n] = csv_num(t, r, cq[i]);
        tr->n++;
    }
}

static void trajectory_clear(trajectory *tr)
{
    free(tr->loss);
    free(tr->epoch);
    for (int i = 0; i < NQ; i++)
        free(tr->q[i]);
}

int train_fig56_at_level(double *out, const double *loss, const double *const *q, int nq, int n,
                         double level)
{
    for (int e = 0; e + 1 < n; e++) {
        double a = loss[e], b = loss[e + 1];
        if (a >= level && b <= level) {
            double s = a > b ? (a - level) / (a - b) : 0;
            for (int i = 0; i < nq; i++)
                out[i] = q[i][e] + s * (q[i][e + 1] - q[i][e]);
            return e;
        }
    }
    return -1;
}

int train_fig56_has_data(const double *loss, int n, double level, double lstar, double max_ratio)
{
    double x = level - lstar;
    for (int e = 0; e + 1 < n; e++) {
        double a = loss[e], b = loss[e + 1];
        if (a >= level && b <= level)
            return a - lstar <= max_ratio * x || (b - lstar) * max_ratio >= x;
    }
    return 0;
}

/* One level of one network: the means over the runs that pass it, how many
 * pass it, and how many have data there. 0 when every run passes it. */
static int level_means(double *mean, int *npass, int *ndata, const trajectory *tr, int nruns,
                       double level, double lstar, double cell)
{
    double v[NQ];
    *npass = *ndata = 0;
    for (int i = 0; i < NQ; i++)
        mean[i] = 0;
    for (int r = 0; r < nruns; r++) {
        const double *q[NQ] = {tr[r].q[0], tr[r].q[1], tr[r].q[2]};
        if (train_fig56_at_level(v, tr[r].loss, q, NQ, tr[r].n, level) < 0)
            continue;
        (*npass)++;
        *ndata += train_fig56_has_data(tr[r].loss, tr[r].n, level, lstar, cell);
        for (int i = 0; i < NQ; i++)
            mean[i] += v[i];
    }
    for (int i = 0; *npass && i < NQ; i++)
        mean[i] /= *npass;
    return *npass == nruns ? 0 : -1;
}

/* Means over the runs of one network at FIG56_GRID loss levels, log-spaced in
 * loss - lstar between the levels every run passes; the coverage of each
 * level by each run; the table's fixed levels. */
static void interpolate_net(FILE *csv, FILE *gp, FILE *cov, FILE *tab, const trajectory *tr,
                            int nruns, const char *net, double lstar)
{
    double top = INFINITY, bottom = -INFINITY;
    for (int r = 0; r < nruns; r++) {
        if (tr[r].n < 2)
            return;
        double hi = -INFINITY, lo = INFINITY;
        for (int e = 0; e < tr[r].n; e++) {
            hi = fmax(hi, tr[r].loss[e]);
            lo = fmin(lo, tr[r].loss[e]);
        }
        top = fmin(top, hi);
        bottom = fmax(bottom, lo);
    }
    double a = log(top - lstar), b = log(fmax(bottom - lstar, DBL_EPSILON * lstar));
    double cell = FIG56_FAST; /* data: a bracketing Hessian within this factor of the level */
    int missing = 0, nlev = 0;
    for (int g = 0; g < FIG56_GRID && a > b; g++) {
        double level = lstar + exp(a + (b - a) * g / (FIG56_GRID - 1)), m[NQ];
        int npass, ndata;
        if (level_means(m, &npass, &ndata, tr, nruns, level, lstar, cell))
            continue;
        nlev++;
        fprintf(csv, "%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%d,%d\n", net, level, level - lstar,
                m[Q_MAX], m[Q_P10], m[Q_MAX] / m[Q_P10], m[Q_INDEX], npass, ndata);
        fprintf(gp, "%.17g %.17g %.17g %.17g %.17g\n", level - lstar, m[Q_MAX], m[Q_P10],
                m[Q_MAX] / m[Q_P10], m[Q_INDEX]);
        for (int r = 0; r < nruns; r++) {
            double v[NQ];
            const double *q[NQ] = {tr[r].q[0], tr[r].q[1], tr[r].q[2]};
            int e = train_fig56_at_level(v, tr[r].loss, q, NQ, tr[r].n, level);
            int has = train_fig56_has_data(tr[r].loss, tr[r].n, level, lstar, cell);
            missing += !has;
            fprintf(cov, "%s,%d,%.17g,%.17g,%.17g,%.17g,%d\n", net, tr[r].run, level - lstar, cell,
                    tr[r].loss[e] - lstar, tr[r].loss[e + 1] - lstar, has);
        }
    }
    for (int i = 0; i < FIG56_NTABLE; i++) {
        double m[NQ];
        int npass, ndata;
        level_means(m, &npass, &ndata, tr, nruns, lstar + fig56_table_levels[i], lstar, cell);
        if (npass)
            fprintf(tab, "%s,%.17g,%.17g,%.17g,%.17g,%.17g,%d,%d,%d\n", net, fig56_table_levels[i],
                    m[Q_MAX], m[Q_P10], m[Q_MAX] / m[Q_P10], m[Q_INDEX], npass, ndata, nruns);
        else
            fprintf(tab, "%s,%.17g,,,,,0,0,%d\n", net, fig56_table_levels[i], nruns);
    }
    printf("li18.fig5-6: %s: %d levels from %.3g to %.3g above the optimum; %d of %d (level, run) pairs have no data (no Hessian within a factor %g of the level's excess loss: fig5-coverage.csv)\n",
           net, nlev, exp(a), exp(b), missing, nlev * nruns, cell);
    /* the jumps: consecutive Hessians more than the factor apart inside the range */
    for (int r = 0; r < nruns; r++) {
        int shown = 0, more = 0;
        for (int e = 0; e + 1 < tr[r].n; e++) {
            double x = tr[r].loss[e] - lstar, y = tr[r].loss[e + 1] - lstar;
            if (x > cell * y && y < exp(a) && x > exp(b)) {
                if (shown < 4)
                    printf("  %s run %d: no Hessian between excess losses %.3g and %.3g (%s, epochs %d to %d)\n",
                           net, tr[r].run, x, y,
                           tr[r].epoch[e + 1] == tr[r].epoch[e] + 1 ? "one step: no iterate in between"
                                                                    : "Hessians not computed in between",
                           tr[r].epoch[e], tr[r].epoch[e + 1]);
                else
                    more++;
                shown++;
            }
        }
        if (more)
            printf("  %s run %d: %d more such gaps\n", net, tr[r].run, more);
    }
}

static void write_fig56(FILE *csv5, fig_figure *F5, fig_figure *F6, FILE *csv6, FILE *cov, FILE *tab,
                        const csv_table *t)
{
    int cn = csv_col(t, "net"), cr = csv_col(t, "run"), ce = csv_col(t, "epoch"),
        cg = csv_col(t, "grad_norm"), ci = csv_col(t, "index"), cl = csv_col(t, "loss");
    double lstar = config_double(t, " lstar=");
    fprintf(csv5, "net,loss,excess_loss,abs_max,abs_p10,cond_of_means,index,runs,runs_with_data\n");
    fprintf(csv6, "epoch,loss,grad_norm,index\n");
    fprintf(cov, "net,run,excess_loss,cell_ratio,hessian_above,hessian_below,has_data\n");
    fprintf(tab, "net,excess_loss,abs_max,abs_p10,cond_of_means,index,runs_passing,runs_with_data,runs\n");
    for (int k = 0; k < FIG56_NKINDS; k++) {
        trajectory tr[64];
        int nruns = 0;
        for (int r = 0; r < t->nrows;) {
            int r1 = r;
            while (r1 < t->nrows && !strcmp(csv_str(t, r1, cn), csv_str(t, r, cn)) &&
                   csv_num(t, r1, cr) == csv_num(t, r, cr))
                r1++;
            if (!strcmp(csv_str(t, r, cn), fig56_kinds[k]) && nruns < 64)
                trajectory_of(tr + nruns++, t, r, r1);
            r = r1;
        }
        char *block;
        size_t len;
        FILE *mem = open_memstream(&block, &len);
        fprintf(mem, "$k%d << EOD\n", k);
        interpolate_net(csv5, mem, cov, tab, tr, nruns, fig56_kinds[k], lstar);
        fclose(mem);
        /* the block's rows: excess loss, |lambda|max, |lambda|(0.1), their ratio, index */
        int s5a = fig_add(F5->p, fig56_labels[k], "lines"), s5b = fig_add(F5->p + 1, fig56_labels[k], "lines"),
            s6 = fig_add(F6->p, fig56_labels[k], "lines");
        for (char *line = strchr(block, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
            double x, mx, p10, ratio, index;
            if (sscanf(line + 1, "%lg %lg %lg %lg %lg", &x, &mx, &p10, &ratio, &index) != 5)
                continue;
            fig_point(F5->p, s5a, x, mx);
            fig_point(F5->p + 1, s5b, x, p10);
            fig_point(F6->p, s6, x, index);
        }
        free(block);
        for (int i = 0; i < nruns; i++)
            trajectory_clear(tr + i);
    }
    /* log epoch axis: the index drops and the gradient peaks in the first few epochs */
    fig_panel *R = F6->p + 1;
    int sg = fig_add(R, "gradient norm", "lines"), si = fig_add(R, "index", "points");
    R->s[si].y2 = 1;
    for (int r = 0; r < t->nrows; r++)
        if (!strcmp(csv_str(t, r, cn), FIG56_TRACKED) && csv_num(t, r, cr) == 0) {
            fprintf(csv6, "%d,%.17g,%.17g,%s\n", (int)csv_num(t, r, ce), csv_num(t, r, cl),
                    csv_num(t, r, cg), csv_str(t, r, ci));
            fig_point(R, sg, csv_num(t, r, ce) + 1, csv_num(t, r, cg));
            if (csv_str(t, r, ci)[0])
                fig_point(R, si, csv_num(t, r, ce) + 1, csv_num(t, r, ci));
        }
}

static void fig56_figures(fig_figure *F5, fig_figure *F6, const char *title)
{
    char tt[400], pt[400];
    fig_init(F5, "fig5", 2, 1400, 620);
    snprintf(tt, sizeof tt, "li18.fig5: Hessian eigenvalues along training (%s)", title);
    snprintf(pt, sizeof pt, "Maxima and 10th percentiles of |eigenvalues| of the Hessian at different "
             "losses (%s)", title);
    fig_titles(F5, tt, pt);
    for (int panel = 0; panel < 2; panel++) {
        fig_panel *p = F5->p + panel;
        fig_labels(p, "loss - optimal linear loss", panel ? "10th percentile of |λ|" : "|λ|max", "losses");
        p->logx = p->logy = p->xreverse = 1;
    }
    fig_init(F6, "fig6", 2, 1400, 620);
    snprintf(tt, sizeof tt, "li18.fig6: index along training (%s)", title);
    snprintf(pt, sizeof pt, "Index (ratio of negative eigenvalues) along training (%s)", title);
    fig_titles(F6, tt, pt);
    fig_labels(F6->p, "loss - optimal linear loss", "index (fraction of negative eigenvalues)", "losses");
    fig_paper_labels(F6->p, NULL, "index");
    F6->p[0].logx = F6->p[0].xreverse = 1;
    fig_labels(F6->p + 1, "epoch + 1 (2-shortcut, run 0; log scale)", "gradient norm", "epochs");
    fig_paper_labels(F6->p + 1, "epoch + 1 (2-shortcut, one run)", NULL);
    snprintf(F6->p[1].y2label, sizeof F6->p[1].y2label, "index");
    F6->p[1].logx = 1;
}

static int fig56_finish(train_ctx *c)
{
    char title[256];
    csv_table t;
    if (read_raw(&t, c, "fig56-track.csv"))
        return TRAIN_EXIT_INPUT;
    snprintf(title, sizeof title, "depth %g, m = %g, %g epochs", config_double(&t, " depths="),
             config_double(&t, " m="), config_double(&t, " epochs="));
    static const char *const names[] = {"fig5.csv", "fig6.csv", "fig5.gp", "fig6.gp",
                                        "fig5-coverage.csv", "fig5-levels.csv"};
    out_file o[6];
    int rc = out_open_all(o, names, 6, c->dir);
    if (rc == 0) {
        fig_figure *F = malloc(2 * sizeof(fig_figure));
        fig56_figures(F, F + 1, title);
        write_fig56(o[0].f, F, F + 1, o[1].f, o[4].f, o[5].f, &t);
        fig_write(o[2].f, F, c->o.paper);
        fig_write(o[3].f, F + 1, c->o.paper);
        fig_clear(F);
        fig_clear(F + 1);
        free(F);
        rc = out_commit_all(o, 6, c->dir);
    }
    csv_clear(&t);
    if (rc)
        return rc;
    printf("li18.fig5-6: %s\n", title);
    rc = plot_and_report(c, "fig5.gp", "fig5.png",
                         "fig5.csv, fig5-levels.csv, fig5-coverage.csv, fig56-lr.csv, fig56-track.csv");
    return rc ? rc : plot_and_report(c, "fig6.gp", "fig6.png", "fig6.csv");
}

const train_experiment train_exp_fig56 = {
    .name = "li18.fig5-6",
    .figures = "Figures 5 and 6",
    .summary = "depth 16: |lambda|max, |lambda|(0.1), index vs loss along training; gradient norm "
               "vs index in one run",
    .hessians = 1,
    .shardable = 0,
    .run = fig56_run,
    .finish = fig56_finish,
    .raw_files = {"fig56-track.csv", "fig56-lr.csv", NULL},
};
