/* wu19.rate on the float path (wu19 author response and abstract, notes.md):
 * gradient descent on the deep linear network W_L ... W_1 (every layer d x d)
 * for R(W) = |W_L ... W_1 - Phi|_F^2 / 2 (whitened data: Phi = Y X^T / n),
 * from three starts:
 *   zas            W_l = a I (l < L), W_L = 0 (a = WU19_A);
 *   xavier         W_l ~ N(0, 1/d) entrywise, every l (seeded, --runs draws);
 *   near-identity  W_l = I + N(0, s^2/d) entrywise, every l (s = WU19_NEAR_SD);
 * for every depth of --depths and step size of --lr-grid, at most --epochs
 * steps. The iterations to reach R(t) <= eps R_ref (R_ref = |Phi|_F^2 / 2, the
 * ZAS start's loss, so every start is measured on the same scale) are
 * recorded for eps = 1e-1 ... 1e-8; the abstract's contrast is O(L^3 log 1/eps)
 * from ZAS against exp(Omega(L)) from Xavier or near-identity starts. For the
 * ZAS runs, the response's discrete bound B(t) = (1 - a^{2(L-1)} eta/2)^t R(0)
 * is evaluated at every step and R(t)/B(t) written (every step up to
 * WU19_TIGHT_EVERY, then every 10th). The target Phi is one seeded draw
 * N(0, 1/d) per entry (same for every job). A run stops when it reaches the
 * smallest eps, diverges (R not finite or above WU19_DIVERGE R_ref: "diverged
 * at step k") or runs out of steps. Float only: the exact check of the bound
 * is the claim wu19.rate (certificate). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "rescheck/sort.h"
#include "train_internal.h"

#define WU19_NEPS 8          /* eps = 10^-1 .. 10^-8 */
#define WU19_A 1.0           /* the ZAS scale a */
#define WU19_NEAR_SD 0.1     /* near-identity: W_l = I + N(0, s^2/d) */
#define WU19_DIVERGE 1e8     /* R above this many R_ref: diverged */
#define WU19_TIGHT_EVERY 1000

enum { START_ZAS, START_XAVIER, START_NEAR, NSTARTS };
static const char *const start_names[NSTARTS] = {"zas", "xavier", "near-identity"};

static const int depths_paper[] = {2, 4, 8, 16, 32, 64};
static const int depths_quick[] = {2, 4, 8};
static const double lr_paper[] = {1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001};
static const double lr_quick[] = {0.5, 0.2, 0.1};
#define WIDTH_PAPER 8
#define WIDTH_QUICK 4

static int width(const train_ctx *c) { return c->o.quick ? WIDTH_QUICK : WIDTH_PAPER; }

static int wu19_jobs(const train_ctx *c, train_job *jobs)
{
    int n = 0;
    for (int s = 0; s < NSTARTS; s++)
        for (int i = 0; i < c->o.ndepths; i++)
            for (int k = 0; k < c->o.nlr; k++)
                for (int r = 0; r < (s == START_ZAS ? 1 : c->o.runs); r++) {
                    if (jobs)
                        jobs[n] = (train_job){.variant = s, .depth = c->o.depths[i], .lr = k,
                                              .run = r, .weight = (double)c->o.depths[i]};
                    n++;
                }
    return n;
}

/* C = A B (d x d, row major); tA: A^T, tB: B^T */
static void mm(double *C, const double *A, int tA, const double *B, int tB, int d)
{
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int k = 0; k < d; k++)
                s += (tA ? A[k * d + i] : A[i * d + k]) * (tB ? B[j * d + k] : B[k * d + j]);
            C[i * d + j] = s;
        }
}

static void target(double *Phi, const train_ctx *c, int d)
{
    train_rng g;
    train_rng_seed(&g, train_seed_derive(c->o.seed, 0x5719u));
    for (int i = 0; i < d * d; i++)
        Phi[i] = train_rng_normal(&g) / sqrt((double)d);
}

/* R = |W_L ... W_1 - Phi|^2 / 2; F[l] = W_l ... W_1 (F[0] = I), E the residual */
static double loss(double *F, double *E, const double *W, const double *Phi, int L, int d)
{
    size_t dd = (size_t)d * d;
    memset(F, 0, sizeof(double) * dd);
    for (int i = 0; i < d; i++)
        F[i * d + i] = 1;
    for (int l = 1; l <= L; l++)
        mm(F + l * dd, W + (l - 1) * dd, 0, F + (l - 1) * dd, 0, d);
    double R = 0;
    for (size_t i = 0; i < dd; i++) {
        E[i] = F[L * dd + i] - Phi[i];
        R += E[i] * E[i];
    }
    return R / 2;
}

/* grad W_l = S_l^T E F_{l-1}^T with S_l = W_L ... W_{l+1} (S_L = I) */
static void step(double *W, const double *F, const double *E, double *S, double *T, double *G,
                 int L, int d, double lr)
{
    size_t dd = (size_t)d * d;
    memset(S, 0, sizeof(double) * dd);
    for (int i = 0; i < d; i++)
        S[i * d + i] = 1;
    double *Gall = G;
    for (int l = L; l >= 1; l--) {
        mm(T, S, 1, E, 0, d);
        mm(Gall + (l - 1) * dd, T, 0, F + (l - 1) * dd, 1, d);
        if (l > 1) {
            mm(T, S, 0, W + (l - 1) * dd, 0, d);
            memcpy(S, T, sizeof(double) * dd);
        }
    }
    for (size_t i = 0; i < (size_t)L * dd; i++)
        W[i] -= lr * Gall[i];
}

static FILE *tight_file; /* the tightness rows of the ZAS jobs */

static int wu19_job(train_ctx *c, const train_job *j, int index, FILE *f)
{
    int d = width(c), L = j->depth, T = c->o.epochs;
    double lr = c->o.lr_grid[j->lr];
    size_t dd = (size_t)d * d;
    double *W = calloc((size_t)L * dd, sizeof(double)), *F = malloc(sizeof(double) * (L + 1) * dd);
    double *G = malloc(sizeof(double) * L * dd), *E = malloc(sizeof(double) * dd);
    double *S = malloc(sizeof(double) * dd), *Tm = malloc(sizeof(double) * dd), Phi[dd];
    target(Phi, c, d);
    train_rng g;
    train_rng_seed(&g, job_seed(c, j, 0));
    for (int l = 0; l < L; l++)
        for (int i = 0; i < d; i++)
            for (int k = 0; k < d; k++) {
                double *w = W + l * dd + i * d + k;
                switch (j->variant) {
                case START_ZAS: *w = (l < L - 1 && i == k) ? WU19_A : 0; break;
                case START_XAVIER: *w = train_rng_normal(&g) / sqrt((double)d); break;
                default: *w = (i == k) + WU19_NEAR_SD * train_rng_normal(&g) / sqrt((double)d);
                }
            }
    double Rref = 0;
    for (size_t i = 0; i < dd; i++)
        Rref += Phi[i] * Phi[i] / 2;
    double R = loss(F, E, W, Phi, L, d), R0 = R;
    double q = 1 - pow(WU19_A, 2.0 * (L - 1)) * lr / 2, B = R0, max_ratio = 1;
    int cond = pow(WU19_A, 2.0 * (L - 1)) * lr < 1, first_above = -1, max_at = 0;
    int hit[WU19_NEPS], t = 0, diverged = -1, k = 0;
    for (int e = 0; e < WU19_NEPS; e++)
        hit[e] = -1;
    for (;; t++) {
        while (k < WU19_NEPS && R <= pow(10.0, -(k + 1)) * Rref)
            hit[k++] = t;
        if (j->variant == START_ZAS && tight_file && (t <= WU19_TIGHT_EVERY || t % 10 == 0))
            fprintf(tight_file, "%d,%d,%.17g,%d,%.17g,%.17g,%.17g\n", index, L, lr, t, R, B, R / B);
        if (j->variant == START_ZAS && t > 0 && R / B > max_ratio) {
            max_ratio = R / B;
            max_at = t;
        }
        if (j->variant == START_ZAS && R > B && first_above < 0)
            first_above = t;
        if (k == WU19_NEPS || t == T)
            break;
        if (!isfinite(R) || R > WU19_DIVERGE * Rref) {
            diverged = t;
            break;
        }
        if ((t & 1023) == 0 && interrupted())
            break;
        step(W, F, E, S, Tm, G, L, d, lr);
        R = loss(F, E, W, Phi, L, d);
        B *= q;
    }
    int rc = interrupted() ? TRAIN_EXIT_INTERRUPTED : 0;
    if (!rc) {
        fprintf(f, "%d,%s,%d,%.17g,%d,%.17g,%.17g,%s,%d,%.17g", index, start_names[j->variant], L,
                lr, j->run, R0, Rref,
                diverged >= 0 ? "diverged" : (k == WU19_NEPS ? "reached" : "out-of-steps"), t,
                diverged >= 0 ? NAN : R);
        for (int e = 0; e < WU19_NEPS; e++)
            fprintf(f, ",%d", hit[e]);
        if (j->variant == START_ZAS)
            fprintf(f, ",%d,%.17g,%d,%d\n", cond, max_ratio, max_at, first_above);
        else
            fprintf(f, ",,,,\n");
    }
    progress_show(&c->prog, c->work_done, "job %d/%d %s L %d lr %.3g run %d", index + 1, c->njobs,
                  start_names[j->variant], L, lr, j->run);
    free(W); free(F); free(G); free(E); free(S); free(Tm);
    return rc;
}

static int wu19_run(train_ctx *c)
{
    int q = c->o.quick;
    train_ctx_defaults(c, q ? 2 : 5, q ? depths_quick : depths_paper,
                       q ? 3 : (int)(sizeof depths_paper / sizeof depths_paper[0]),
                       q ? lr_quick : lr_paper,
                       q ? 3 : (int)(sizeof lr_paper / sizeof lr_paper[0]), q ? 3000 : 20000, 1);
    int njobs = wu19_jobs(c, NULL);
    train_job *jobs = malloc(sizeof(train_job) * (size_t)njobs);
    wu19_jobs(c, jobs);
    char cfg[2048], extra[256];
    snprintf(extra, sizeof extra, "d=%d a=%g near_sd=%g target=N(0,1/d) eps=1e-1..1e-%d diverge=%g",
             width(c), WU19_A, WU19_NEAR_SD, WU19_NEPS, WU19_DIVERGE);
    config_string(cfg, sizeof cfg, c, extra);
    out_file tf;
    if (out_open(&tf, c->dir, "wu19-rate-tightness-raw.csv")) {
        free(jobs);
        train_error("--out %s: cannot write wu19-rate-tightness-raw.csv", c->dir);
        return TRAIN_EXIT_INPUT;
    }
    raw_header(tf.f, c, cfg, njobs);
    fprintf(tf.f, "job,L,lr,t,R,bound,ratio\n");
    tight_file = tf.f;
    char cols[512] = "job,start,L,lr,run,R0,R_ref,status,steps,R_final";
    for (int e = 1; e <= WU19_NEPS; e++)
        snprintf(cols + strlen(cols), sizeof cols - strlen(cols), ",it_1e-%d", e);
    strcat(cols, ",eta_below_letter_bound,max_ratio,max_ratio_step,first_above_bound");
    int rc = write_raw(c, "wu19-rate-runs.csv", "wu19.rate", cfg, cols, jobs, njobs, wu19_job);
    tight_file = NULL;
    if (out_commit(&tf)) {
        train_error("--out %s: cannot write wu19-rate-tightness-raw.csv", c->dir);
        rc = rc ? rc : TRAIN_EXIT_INPUT;
    }
    free(jobs);
    return rc;
}

/* ---- summary and pictures ---- */
typedef struct {
    const char *start;
    int L, e, reached, runs;
    double lr, median; /* the best step size: the smallest median count (INFINITY: none reached) */
} wu19_cell;

/* per (start, L, eps): the step size of the grid with the smallest median count over runs
 * (a run that did not reach eps counts as infinite) */
static int cells(const csv_table *t, wu19_cell *out)
{
    int cs = csv_col(t, "start"), cl = csv_col(t, "L"), cr = csv_col(t, "lr");
    int n = 0;
    double *v = malloc(sizeof(double) * (size_t)(t->nrows + 1));
    for (int r = 0; r < t->nrows;) {
        int r0 = r;
        const char *s = csv_str(t, r, cs);
        int L = (int)csv_num(t, r, cl);
        while (r < t->nrows && !strcmp(csv_str(t, r, cs), s) && (int)csv_num(t, r, cl) == L)
            r++;
        for (int e = 0; e < WU19_NEPS; e++) {
            char name[16];
            snprintf(name, sizeof name, "it_1e-%d", e + 1);
            int ce = csv_col(t, name);
            wu19_cell *g = out + n++;
            *g = (wu19_cell){.start = s, .L = L, .e = e + 1, .median = INFINITY, .lr = NAN};
            for (int a = r0; a < r;) {
                double lr = csv_num(t, a, cr);
                int m = 0, reached = 0;
                for (; a < r && csv_num(t, a, cr) == lr; a++, m++) {
                    double it = csv_num(t, a, ce);
                    v[m] = it >= 0 ? it : INFINITY;
                    reached += it >= 0;
                }
                rc_sort(v, (size_t)m, sizeof(double), cmp_double);
                double med = m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
                if (med < g->median || (isinf(g->median) && reached > g->reached)) {
                    g->median = med;
                    g->lr = lr;
                    g->reached = reached;
                    g->runs = m;
                }
                if (isnan(g->lr)) {
                    g->runs = m;
                }
            }
        }
    }
    free(v);
    return n;
}

static void write_gp(FILE *f, const wu19_cell *g, int ng, const csv_table *t, const csv_table *tt,
                     int e_plot, int L_plot, int paper)
{
    fig_figure F;
    char tt_[400], pt[400], lab[200];
    fig_init(&F, "wu19-rate", 3, 1800, 560);
    snprintf(tt_, sizeof tt_, "wu19.rate: GD on deep linear networks, d = %g, target N(0, 1/d); best step "
             "size of the grid, median of %g runs for random starts", config_double(t, " d="),
             config_double(t, " runs="));
    snprintf(pt, sizeof pt, "Gradient descent on deep linear networks (d = %g): best step size of the grid, "
             "median of %g runs for random starts", config_double(t, " d="), config_double(t, " runs="));
    fig_titles(&F, tt_, pt);
    snprintf(lab, sizeof lab, "iterations to R <= %g R_ref", pow(10.0, -e_plot));
    fig_labels(F.p, "depth L", lab, "depths");
    F.p[0].depth_x = F.p[0].logy = 1;
    snprintf(lab, sizeof lab, "iterations to R <= eps R_ref (L = %d)", L_plot);
    fig_labels(F.p + 1, "eps", lab, "eps");
    F.p[1].logx = F.p[1].logy = F.p[1].xreverse = 1;
    fig_labels(F.p + 2, "step t", "R(t) / ((1 - a^{2(L-1)} eta/2)^t R(0))", "steps");
    F.p[2].logx = 1;
    for (int s = 0; s < NSTARTS; s++) {
        /* the letter's names of the starts */
        const char *label = !strcmp(start_names[s], "zas") ? "ZAS" : !strcmp(start_names[s], "xavier") ? "Xavier"
                                                                                                   : start_names[s];
        int a = fig_add(F.p, label, "linespoints"), b = fig_add(F.p + 1, label, "linespoints");
        for (int i = 0; i < ng; i++) {
            if (strcmp(g[i].start, start_names[s]) || !isfinite(g[i].median))
                continue;
            if (g[i].e == e_plot)
                fig_point(F.p, a, g[i].L, g[i].median);
            if (g[i].L == L_plot)
                fig_point(F.p + 1, b, pow(10.0, -g[i].e), g[i].median);
        }
    }
    /* tightness: the ZAS job with the best step size for e_plot at each depth */
    int cj = csv_col(t, "job"), tj = csv_col(tt, "job"), tt_t = csv_col(tt, "t"),
        tr = csv_col(tt, "ratio");
    int cs = csv_col(t, "start"), cl = csv_col(t, "L"), cr = csv_col(t, "lr");
    for (int i = 0; i < ng; i++) {
        if (strcmp(g[i].start, "zas") || g[i].e != e_plot || isnan(g[i].lr))
            continue;
        int job = -1;
        for (int r = 0; r < t->nrows; r++)
            if (!strcmp(csv_str(t, r, cs), "zas") && (int)csv_num(t, r, cl) == g[i].L &&
                csv_num(t, r, cr) == g[i].lr)
                job = (int)csv_num(t, r, cj);
        char name[96];
        snprintf(name, sizeof name, "ZAS, L = %d, eta = %g", g[i].L, g[i].lr);
        int k = fig_add(F.p + 2, name, "lines");
        for (int r = 0; r < tt->nrows; r++)
            if ((int)csv_num(tt, r, tj) == job && csv_num(tt, r, tt_t) > 0)
                fig_point(F.p + 2, k, csv_num(tt, r, tt_t), csv_num(tt, r, tr));
    }
    fig_hline(F.p + 2, 1, "ratio 1", "dt 2 lc rgb 'gray40'");
    fig_write(f, &F, paper);
    fig_clear(&F);
}

static int wu19_finish(train_ctx *c)
{
    csv_table t, tt;
    if (read_raw(&t, c, "wu19-rate-runs.csv"))
        return TRAIN_EXIT_INPUT;
    if (read_raw(&tt, c, "wu19-rate-tightness-raw.csv")) {
        csv_clear(&t);
        return TRAIN_EXIT_INPUT;
    }
    wu19_cell *g = malloc(sizeof(wu19_cell) * (size_t)(t.nrows * WU19_NEPS + 1));
    int ng = cells(&t, g);
    /* plotted eps: the smallest that ZAS reaches at every depth; L: the largest depth */
    int e_plot = 1, L_plot = 0;
    for (int e = WU19_NEPS; e >= 1 && e_plot == 1; e--) {
        int all = 1;
        for (int i = 0; i < ng; i++)
            if (!strcmp(g[i].start, "zas") && g[i].e == e && !isfinite(g[i].median))
                all = 0;
        if (all)
            e_plot = e;
    }
    for (int i = 0; i < ng; i++)
        L_plot = g[i].L > L_plot ? g[i].L : L_plot;
    static const char *const names[] = {"wu19-rate.csv", "wu19-rate-tightness.csv", "wu19-rate.gp"};
    out_file o[3];
    int rc = out_open_all(o, names, 3, c->dir);
    if (rc == 0) {
        fprintf(o[0].f, "start,L,eps,best_lr,iterations_median,reached,runs\n");
        for (int i = 0; i < ng; i++)
            fprintf(o[0].f, "%s,%d,1e-%d,%.17g,%.17g,%d,%d\n", g[i].start, g[i].L, g[i].e, g[i].lr,
                    g[i].median, g[i].reached, g[i].runs);
        /* the tightness summary: per ZAS job, the largest R(t)/bound and where */
        int cs = csv_col(&t, "start"), cl = csv_col(&t, "L"), cr = csv_col(&t, "lr"),
            cc = csv_col(&t, "eta_below_letter_bound"), cm = csv_col(&t, "max_ratio"),
            ca = csv_col(&t, "max_ratio_step"), cf = csv_col(&t, "first_above_bound"),
            cst = csv_col(&t, "status"), cn = csv_col(&t, "steps");
        fprintf(o[1].f, "L,lr,eta_below_letter_bound,status,steps,max_ratio,max_ratio_step,"
                        "first_above_bound\n");
        printf("wu19.rate: %s\n", t.nmeta > 1 ? t.meta[1] + 9 : "");
        int above = 0, nz = 0, nabove_cond = 0;
        for (int r = 0; r < t.nrows; r++) {
            if (strcmp(csv_str(&t, r, cs), "zas"))
                continue;
            nz++;
            int fa = (int)csv_num(&t, r, cf), cd = (int)csv_num(&t, r, cc);
            fprintf(o[1].f, "%d,%.17g,%d,%s,%d,%.17g,%d,%d\n", (int)csv_num(&t, r, cl),
                    csv_num(&t, r, cr), cd, csv_str(&t, r, cst), (int)csv_num(&t, r, cn),
                    csv_num(&t, r, cm), (int)csv_num(&t, r, ca), fa);
            if (fa >= 0) {
                above++;
                nabove_cond += cd;
                printf("  ZAS L = %d, eta = %g (%s): R(t) above the letter's bound first at step "
                       "%d, largest R(t)/bound %.6g at step %d\n",
                       (int)csv_num(&t, r, cl), csv_num(&t, r, cr),
                       cd ? "eta < 1/a^{2(L-1)}" : "outside eta < 1/a^{2(L-1)}", fa,
                       csv_num(&t, r, cm), (int)csv_num(&t, r, ca));
            }
        }
        printf("  the letter's discrete bound: R(t) <= bound at every step in %d of %d ZAS runs "
               "(%d of the others with eta < 1/a^{2(L-1)})\n",
               nz - above, nz, nabove_cond);
        for (int s = 0; s < NSTARTS; s++) {
            printf("  %-13s iterations to R <= 1e-%d R_ref by L:", start_names[s], e_plot);
            for (int i = 0; i < ng; i++)
                if (!strcmp(g[i].start, start_names[s]) && g[i].e == e_plot) {
                    if (isfinite(g[i].median))
                        printf(" %d: %.0f (eta %g, %d/%d runs)", g[i].L, g[i].median, g[i].lr,
                               g[i].reached, g[i].runs);
                    else
                        printf(" %d: not reached in %g steps (%d/%d runs)", g[i].L,
                               config_double(&t, " epochs="), g[i].reached, g[i].runs);
                }
            printf("\n");
        }
        int cstat = csv_col(&t, "status"), nd = 0;
        for (int r = 0; r < t.nrows; r++)
            if (!strcmp(csv_str(&t, r, cstat), "diverged"))
                nd++;
        printf("  %d of %d runs diverged (R not finite or above %g R_ref): counted as not "
               "reaching eps\n", nd, t.nrows, WU19_DIVERGE);
        write_gp(o[2].f, g, ng, &t, &tt, e_plot, L_plot, c->o.paper);
        rc = out_commit_all(o, 3, c->dir);
    }
    free(g);
    csv_clear(&t);
    csv_clear(&tt);
    if (rc)
        return rc;
    return plot_and_report(c, "wu19-rate.gp", "wu19-rate.png",
                           "wu19-rate.csv, wu19-rate-tightness.csv");
}

const train_experiment train_exp_wu19_rate = {
    .name = "wu19.rate",
    .figures = "response, abstract",
    .summary = "deep linear GD from ZAS, Xavier, near-identity: iterations to eps vs L and eps; "
               "R(t)/bound of the letter's discrete rate",
    .shardable = 0,
    .run = wu19_run,
    .finish = wu19_finish,
    .raw_files = {"wu19-rate-runs.csv", "wu19-rate-tightness-raw.csv", NULL},
};
