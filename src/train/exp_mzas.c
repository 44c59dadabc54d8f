/* wu19.mzas (the wu19 authors' response, Figures 1 and 2): the nonlinear
 * ResNet z_l = z_{l-1} + U_l relu(V_l z_{l-1}) on Fashion-MNIST pixels, from
 * mZAS (U_l = 0, W = 0, V_l ~ N(0, 1/D)) and from Xavier, each depth over a
 * log grid of learning rates (the best one kept), then several runs of each
 * initialisation at one depth with its best rate, counting those that escape
 * the saddle (the loss falls below escape x the best constant output's loss).
 * A diverging run stops and is reported as "diverged at step k". */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/train_mzas.h"
#include "figure.h"


#include "train_internal.h"

static const int depths_paper[] = {100, 200, 2000, 10000};
static const int depths_quick[] = {2, 5};
static const char *const init_names[] = {"mzas", "xavier"};

typedef struct {
    int d, n, C;
    double *X, *Y;
    double rconst;
} mzas_data;

/* pixels / 255 of the first n training samples with labels < C, one-hot Y */
static int load_data(mzas_data *m, const train_ctx *c)
{
    char err[4096];
    train_idx_set s;
    int C = c->o.classes, n = c->o.subset;
    if (train_idx_load_dir(&s, c->o.data_dir, C == TRAIN_CLASSES ? n : 0, err, sizeof err)) {
        train_error("--data: %s", err);
        return -1;
    }
    int p = s.rows * s.cols, k = 0;
    m->d = p;
    m->C = C;
    m->X = malloc(sizeof(double) * (size_t)p * n);
    m->Y = calloc((size_t)C * n, sizeof(double));
    for (int i = 0; i < s.count && k < n; i++) {
        if (s.labels[i] >= C)
            continue;
        for (int j = 0; j < p; j++)
            m->X[(size_t)k * p + j] = s.pixels[(size_t)i * p + j] / 255.0;
        m->Y[(size_t)k * C + s.labels[i]] = 1;
        k++;
    }
    train_idx_clear(&s);
    if (k < n) {
        train_error("--data %s: only %d training samples with labels below %d, --subset asks %d",
                    c->o.data_dir, k, C, n);
        free(m->X);
        free(m->Y);
        return -1;
    }
    m->n = n;
    return 0;
}

typedef struct {
    train_ctx *c;
    FILE *steps;
    const char *phase, *init;
    int depth, run, epochs;
    double lr, escape_level;
    int escaped_step;
} step_ctx;

static int on_step(void *vctx, int step, double loss, double gn)
{
    step_ctx *s = vctx;
    fprintf(s->steps, "%s,%s,%d,%.17g,%d,%d,%.17g,%.17g\n", s->phase, s->init, s->depth, s->lr, s->run,
            step, loss, gn);
    if (s->escaped_step < 0 && loss < s->escape_level)
        s->escaped_step = step;
    if (interrupted())
        return 1;
    progress_show(&s->c->prog, s->c->work_done + (double)s->depth * step,
                  "%s %s L=%d lr %.3g run %d: step %d/%d loss %.6g", s->phase, s->init, s->depth, s->lr,
                  s->run, step, s->epochs, loss);
    return 0;
}

static mzas_loss loss_kind(const train_ctx *c)
{
    return strcmp(c->o.loss, "xent") ? MZAS_LOSS_SQUARED : MZAS_LOSS_XENT;
}

/* one run: rows into steps and runs; its final loss (inf when diverged) */
static int one_run(train_ctx *c, const mzas_data *m, FILE *steps, FILE *runs, const char *phase,
                   int init, int depth, double lr, int run, double *final)
{
    mzas_arch a = {.d = m->d, .D = c->o.width, .H = c->o.hidden, .C = m->C, .L = depth,
                   .loss = loss_kind(c)};
    size_t N = mzas_nparams(&a);
    double *w = malloc(sizeof(double) * N);
    mzas_ws ws;
    int T = c->o.threads > 1 ? c->o.threads : 1; /* threads share the chunks (mzas_run) */
    if (!w || mzas_ws_init(&ws, &a, m->n, (size_t)c->o.act_mem_mb << 20) || mzas_ws_threads(&ws, T)) {
        free(w);
        train_error("L = %d: out of memory for %zu parameters", depth, N);
        return TRAIN_EXIT_INPUT;
    }
    train_rng g;
    uint64_t seed = train_seed_derive(train_seed_derive(c->o.seed, (uint64_t)init), (uint64_t)depth);
    train_rng_seed(&g, train_seed_derive(seed, (uint64_t)run));
    mzas_draw(w, &a, !init ? MZAS_INIT_MZAS : strcmp(c->o.xavier, "torch") ? MZAS_INIT_XAVIER : MZAS_INIT_TORCH, &g);
    step_ctx s = {.c = c, .steps = steps, .phase = phase, .init = init_names[init], .depth = depth,
                  .run = run, .epochs = c->o.epochs, .lr = lr,
                  .escape_level = c->o.escape * m->rconst, .escaped_step = -1};
    mzas_gd_result r;
    double t0 = now_seconds();
    mzas_gd(&r, w, m->X, m->Y, &ws, lr, c->o.epochs, on_step, &s);
    double dt = now_seconds() - t0;
    int evals = r.diverged ? r.diverged_step + 1 : r.steps_run + 1;
    if (r.stopped && interrupted()) {
        free(w);
        mzas_ws_clear(&ws);
        return TRAIN_EXIT_INTERRUPTED;
    }
    fprintf(runs, "%s,%s,%d,%.17g,%d,%d,%.17g,%d,%d,%.6g,%d,%.1f\n", phase, init_names[init], depth, lr,
            run, r.steps_run, r.final_loss, r.diverged ? r.diverged_step : -1, s.escaped_step,
            dt / evals, ws.S, ws.bytes / 1048576.0);
    fflush(steps);
    fflush(runs);
    if (r.diverged) {
        char why[96];
        if (!isfinite(r.diverged_loss) || r.diverged_loss <= TRAIN_DIVERGED_FACTOR * r.initial_loss)
            snprintf(why, sizeof why, "the %s overflowed%s", isfinite(r.diverged_loss) ? "gradient" : "loss",
                     r.diverged_step ? "" : " at the initial point");
        else
            snprintf(why, sizeof why, "loss %.3g > %.0e x the initial loss", r.diverged_loss,
                     TRAIN_DIVERGED_FACTOR);
        printf("  %s %s L = %d lr %g run %d: diverged at step %d (%s)\n", phase, init_names[init], depth, lr,
               run, r.diverged_step, why);
    }
    *final = r.diverged ? INFINITY : r.final_loss;
    c->work_done += (double)depth * c->o.epochs;
    progress_skip(&c->prog, (double)depth * (c->o.epochs - r.steps_run));
    free(w);
    mzas_ws_clear(&ws);
    return 0;
}

static int mzas_run(train_ctx *c)
{
    int q = c->o.quick;
    train_set_threads(1); /* --threads T: the batch's chunks on T threads, each calling OpenBLAS with one */
    static double lr_paper[7], lr_quick[4];
    for (int k = 0; k < 7; k++) /* decades 1e-6 .. 1: the letter's rates are 1e-6, 1e-3, 1e-1 */
        lr_paper[k] = pow(10.0, -6.0 + k);
    for (int k = 0; k < 4; k++)
        lr_quick[k] = pow(10.0, -3.0 + k);
    train_ctx_defaults(c, 5, q ? depths_quick : depths_paper, q ? 2 : 4, q ? lr_quick : lr_paper,
                       q ? 4 : 7, q ? 40 : 500, q ? 200 : 1000);
    if (!c->o.width)
        c->o.width = q ? 8 : TRAIN_MZAS_DEFAULT_WIDTH;
    if (!c->o.hidden)
        c->o.hidden = c->o.width;
    if (!c->o.classes)
        c->o.classes = TRAIN_CLASSES;
    if (!c->o.loss)
        c->o.loss = "squared";
    if (!c->o.act_mem_mb)
        c->o.act_mem_mb = 1024;
    if (!(c->o.escape > 0))
        c->o.escape = 0.8;
    if (!c->o.fig2_depth)
        c->o.fig2_depth = c->o.depths[0];
    if (!c->o.xavier)
        c->o.xavier = "glorot";
    if (!c->o.inits)
        c->o.inits = "both";
    int run_init[2] = {strcmp(c->o.inits, "xavier") != 0, strcmp(c->o.inits, "mzas") != 0};
    if (strcmp(c->o.loss, "squared") && strcmp(c->o.loss, "xent")) {
        train_error("--loss: '%s' is not squared or xent", c->o.loss);
        return TRAIN_EXIT_INPUT;
    }
    if (c->o.classes < 2 || c->o.classes > TRAIN_CLASSES) {
        train_error("--classes: %d is not from 2 to %d", c->o.classes, TRAIN_CLASSES);
        return TRAIN_EXIT_INPUT;
    }
    mzas_data m;
    if (load_data(&m, c))
        return TRAIN_EXIT_INPUT;
    m.rconst = mzas_const_loss(m.Y, m.C, m.n, loss_kind(c));
    char cfg[2048], extra[512];
    snprintf(extra, sizeof extra, "d=%d D=%d H=%d C=%d loss=%s n=%d R_const=%.17g escape=%g fig2_depth=%d "
             "act_mem_mb=%d xavier=%s inits=%s", m.d, c->o.width, c->o.hidden, m.C, c->o.loss, m.n, m.rconst,
             c->o.escape, c->o.fig2_depth, c->o.act_mem_mb, c->o.xavier, c->o.inits);
    config_string(cfg, sizeof cfg, c, extra);
    out_file of[2];
    static const char *const names[] = {"mzas-steps.csv", "mzas-runs.csv"};
    if (out_open_all(of, names, 2, c->dir)) {
        free(m.X);
        free(m.Y);
        return TRAIN_EXIT_INPUT;
    }
    for (int f = 0; f < 2; f++) {
        raw_header(of[f].f, c, cfg, 0);
    }
    fprintf(of[0].f, "phase,init,depth,lr,run,step,loss,grad_norm\n");
    fprintf(of[1].f, "phase,init,depth,lr,run,steps,final_loss,diverged_step,escaped_step,"
                     "sec_per_step,segment,act_mb\n");
    double total = 0, inits = run_init[0] + run_init[1];
    int in_grid = 0;
    for (int i = 0; i < c->o.ndepths; i++) {
        total += inits * c->o.nlr * c->o.depths[i] * c->o.epochs;
        in_grid |= c->o.depths[i] == c->o.fig2_depth;
    }
    if (in_grid)
        total += inits * c->o.runs * c->o.fig2_depth * c->o.epochs;
    progress_start(&c->prog, "wu19.mzas", total);
    int rc = 0;
    double best_lr[2] = {NAN, NAN};
    for (int init = 0; init < 2 && !rc; init++)
        for (int i = 0; i < c->o.ndepths && !rc && run_init[init]; i++) {
            double best = INFINITY;
            for (int k = 0; k < c->o.nlr && !rc; k++) {
                double fl;
                rc = one_run(c, &m, of[0].f, of[1].f, "grid", init, c->o.depths[i], c->o.lr_grid[k], 0, &fl);
                if (!rc && fl < best && c->o.depths[i] == c->o.fig2_depth) {
                    best = fl;
                    best_lr[init] = c->o.lr_grid[k];
                }
            }
        }
    /* Figure 2: several runs at fig2_depth, each initialisation at its best rate */
    for (int init = 1; init >= 0 && !rc; init--) {
        double lr = best_lr[init];
        if (!run_init[init])
            continue;
        if (!in_grid || isnan(lr)) {
            printf("  fig2: %s at L = %d: %s\n", init_names[init], c->o.fig2_depth,
                   in_grid ? "every rate of the grid diverged; no runs" : "not a depth of the grid; no runs");
            if (in_grid) { /* counted in the total, never run */
                double w = (double)c->o.runs * c->o.fig2_depth * c->o.epochs;
                c->work_done += w;
                progress_skip(&c->prog, w);
            }
            continue;
        }
        for (int r = 0; r < c->o.runs && !rc; r++) {
            double fl;
            rc = one_run(c, &m, of[0].f, of[1].f, "fig2", init, c->o.fig2_depth, lr, r, &fl);
        }
    }
    if (out_commit_all(of, 2, c->dir) && !rc)
        rc = TRAIN_EXIT_INPUT;
    free(m.X);
    free(m.Y);
    return rc;
}

/* ---- summary and pictures ---- */
static int mzas_finish(train_ctx *c)
{
    csv_table R, S;
    if (read_raw(&R, c, "mzas-runs.csv"))
        return TRAIN_EXIT_INPUT;
    if (read_raw(&S, c, "mzas-steps.csv")) {
        csv_clear(&R);
        return TRAIN_EXIT_INPUT;
    }
    int cp = csv_col(&R, "phase"), ci = csv_col(&R, "init"), cd = csv_col(&R, "depth"),
        cl = csv_col(&R, "lr"), cf = csv_col(&R, "final_loss"), cv = csv_col(&R, "diverged_step"),
        ce = csv_col(&R, "escaped_step"), cs = csv_col(&R, "sec_per_step"), cg = csv_col(&R, "segment"),
        cr = csv_col(&R, "run"), cst = csv_col(&R, "steps");
    double rconst = config_double(&R, " R_const="), escape = config_double(&R, " escape=");
    int epochs = (int)config_double(&R, " epochs="), fig2_depth = (int)config_double(&R, " fig2_depth=");
    static const char *const names[] = {"mzas-best.csv", "mzas-fig1.gp", "mzas-fig2.gp"};
    out_file o[3];
    int rc = out_open_all(o, names, 3, c->dir);
    if (rc) {
        csv_clear(&R);
        csv_clear(&S);
        return rc;
    }
    printf("wu19.mzas: %s\n", R.nmeta > 1 ? R.meta[1] + 9 : "");
    printf("  the best constant output's loss R_const = %.6g; escaped = loss < %g x R_const\n", rconst,
           escape);
    fprintf(o[0].f, "init,depth,best_lr,final_loss,rates_diverged,rates_tried,sec_per_step,segment\n");
    /* best rate per (init, depth) of the grid */
    int nbest = 0;
    struct { const char *init; int depth; double lr; int flat; } best[64];
    for (int r = 0; r < R.nrows;) {
        if (strcmp(csv_str(&R, r, cp), "grid")) {
            r++;
            continue;
        }
        const char *init = csv_str(&R, r, ci);
        int depth = (int)csv_num(&R, r, cd), tried = 0, div = 0, bi = -1;
        double bl = INFINITY, sps = 0, worst = -INFINITY;
        for (; r < R.nrows && !strcmp(csv_str(&R, r, cp), "grid") && !strcmp(csv_str(&R, r, ci), init) &&
               (int)csv_num(&R, r, cd) == depth;
             r++) {
            tried++;
            sps += csv_num(&R, r, cs);
            if (csv_num(&R, r, cv) >= 0)
                div++;
            else {
                worst = fmax(worst, csv_num(&R, r, cf));
                if (csv_num(&R, r, cf) < bl) {
                    bl = csv_num(&R, r, cf);
                    bi = r;
                }
            }
        }
        sps /= tried;
        /* no converged rate: best_lr and final_loss empty (no NaN in the files) */
        if (bi >= 0)
            fprintf(o[0].f, "%s,%d,%.17g,%.17g,%d,%d,%.6g,%d\n", init, depth, csv_num(&R, bi, cl), bl, div, tried,
                    sps, (int)csv_num(&R, bi, cg));
        else
            fprintf(o[0].f, "%s,%d,,,%d,%d,%.6g,\n", init, depth, div, tried, sps);
        if (bi >= 0) {
            int flat = lr_grid_flat(tried - div, bl, worst);
            printf("  %-6s L = %5d: best rate %g of %d%s, loss %.6g after %d steps (%.4g of R_const); %d "
                   "rate(s) diverged; %.3g s/step\n",
                   init, depth, csv_num(&R, bi, cl), tried, flat ? " [flat over the grid]" : "", bl,
                   (int)csv_num(&R, bi, cst), bl / rconst, div, sps);
            if (nbest < 64)
                best[nbest++] = (typeof(best[0])){init, depth, csv_num(&R, bi, cl), flat};
        } else {
            printf("  %-6s L = %5d: every one of the %d rates diverged; %.3g s/step\n", init, depth, tried,
                   sps);
        }
    }
    /* mZAS against Xavier at each depth */
    for (int i = 0; i < nbest; i++)
        if (!strcmp(best[i].init, "mzas")) {
            double lm = NAN, lx = NAN;
            int xavier_rows = 0;
            for (int r = 0; r < R.nrows; r++)
                if (!strcmp(csv_str(&R, r, cp), "grid") && (int)csv_num(&R, r, cd) == best[i].depth) {
                    int is_mzas = !strcmp(csv_str(&R, r, ci), "mzas");
                    xavier_rows += !is_mzas;
                    if (csv_num(&R, r, cv) >= 0)
                        continue;
                    double f = csv_num(&R, r, cf);
                    if (is_mzas)
                        lm = isnan(lm) || f < lm ? f : lm;
                    else
                        lx = isnan(lx) || f < lx ? f : lx;
                }
            if (!xavier_rows)
                printf("  L = %d: mZAS reaches %.6g; Xavier was not run\n", best[i].depth, lm);
            else if (isnan(lx))
                printf("  L = %d: mZAS reaches %.6g; Xavier diverged at every rate\n", best[i].depth, lm);
            else
                printf("  L = %d: mZAS %s Xavier at their best rates (%.6g against %.6g)\n", best[i].depth,
                       lm < lx ? "beats" : "does not beat", lm, lx);
        }
    /* Figure 2 */
    int esc[2] = {0, 0}, nr[2] = {0, 0};
    for (int r = 0; r < R.nrows; r++)
        if (!strcmp(csv_str(&R, r, cp), "fig2")) {
            int x = !strcmp(csv_str(&R, r, ci), "xavier");
            nr[x]++;
            esc[x] += csv_num(&R, r, ce) >= 0;
        }
    for (int x = 1; x >= 0; x--)
        if (nr[x])
            printf("  Figure 2 (L = %d): %s escapes the saddle in %d of %d runs within %d steps%s\n",
                   fig2_depth, init_names[x], esc[x], nr[x], epochs, x ? " (the letter: 2 of 5)" : "");
    /* pictures: curves as datablocks */
    int sp = csv_col(&S, "phase"), si = csv_col(&S, "init"), sd = csv_col(&S, "depth"), sl = csv_col(&S, "lr"),
        sr = csv_col(&S, "run"), ss = csv_col(&S, "step"), sv = csv_col(&S, "loss");
    fig_figure *F = malloc(2 * sizeof(fig_figure));
    char tt[400], pt[400];
    fig_init(F, "mzas-fig1", 1, 1000, 650);
    snprintf(tt, sizeof tt, "wu19.mzas: training loss, best rate of the grid per init and depth "
             "(Fashion-MNIST, n = %g)", config_double(&R, " n="));
    snprintf(pt, sizeof pt, "Training loss at the best rate of the grid per initialisation and depth "
             "(Fashion-MNIST, n = %g)", config_double(&R, " n="));
    fig_titles(F, tt, pt);
    fig_labels(F->p, "GD step", "training loss", "steps");
    F->p->logy = 1;
    for (int i = 0; i < nbest; i++) {
        char name[96];
        snprintf(name, sizeof name, "L = %d, lr = %g, %s", best[i].depth, best[i].lr,
                 strcmp(best[i].init, "mzas") ? "Xavier" : "mZAS");
        int k = fig_add(F->p, name, "lines");
        for (int r = 0; r < S.nrows; r++)
            if (!strcmp(csv_str(&S, r, sp), "grid") && !strcmp(csv_str(&S, r, si), best[i].init) &&
                (int)csv_num(&S, r, sd) == best[i].depth && csv_num(&S, r, sl) == best[i].lr)
                fig_point(F->p, k, (int)csv_num(&S, r, ss), csv_num(&S, r, sv));
    }
    if (!nbest)
        fig_note(F->p, "no run converged at any rate of the grid");
    for (int i = 0; i < nbest; i++)
        if (best[i].flat)
            fig_note(F->p, "L = %d, %s: the final loss is flat across the grid (the converged rates within "
                     "%g%% of one another), so its best rate says little", best[i].depth,
                     strcmp(best[i].init, "mzas") ? "Xavier" : "mZAS", 100 * LR_FLAT);
    fig_hline(F->p, rconst, "best constant output", "lc rgb 'gray50' dt 3");
    fig_write(o[1].f, F, c->o.paper);
    fig_clear(F);
    fig_init(F + 1, "mzas-fig2", 1, 1000, 650);
    if (nr[1]) {
        snprintf(tt, sizeof tt, "wu19.mzas Figure 2: runs at L = %d, best rate each (Xavier %d of %d "
                 "escape)", fig2_depth, esc[1], nr[1]);
        snprintf(pt, sizeof pt, "Runs at depth L = %d, best rate each (Xavier: %d of %d escape the "
                 "saddle)", fig2_depth, esc[1], nr[1]);
    } else { /* Xavier not run (--inits mzas) */
        snprintf(tt, sizeof tt, "wu19.mzas Figure 2: runs at L = %d, best rate each", fig2_depth);
        snprintf(pt, sizeof pt, "Runs at depth L = %d, best rate each", fig2_depth);
    }
    fig_titles(F + 1, tt, pt);
    fig_labels(F[1].p, "GD step", "training loss", "steps");
    F[1].p->logy = 1;
    fig_hline(F[1].p, escape * rconst, "escape level", "lc rgb 'gray50' dt 3");
    for (int r = 0; r < R.nrows; r++)
        if (!strcmp(csv_str(&R, r, cp), "fig2")) {
            char name[96];
            snprintf(name, sizeof name, "%s run %d%s", strcmp(csv_str(&R, r, ci), "xavier") ? "mZAS" : "Xavier",
                     (int)csv_num(&R, r, cr), csv_num(&R, r, ce) >= 0 ? " (escaped)" : "");
            int k = fig_add(F[1].p, name, "lines");
            for (int q = 0; q < S.nrows; q++)
                if (!strcmp(csv_str(&S, q, sp), "fig2") && !strcmp(csv_str(&S, q, si), csv_str(&R, r, ci)) &&
                    csv_num(&S, q, sr) == csv_num(&R, r, cr))
                    fig_point(F[1].p, k, (int)csv_num(&S, q, ss), csv_num(&S, q, sv));
        }
    fig_write(o[2].f, F + 1, c->o.paper);
    fig_clear(F + 1);
    free(F);
    rc = out_commit_all(o, 3, c->dir);
    csv_clear(&R);
    csv_clear(&S);
    if (rc)
        return rc;
    rc = plot_and_report(c, "mzas-fig1.gp", "mzas-fig1.png", "mzas-steps.csv, mzas-runs.csv, mzas-best.csv");
    int rc2 = plot_and_report(c, "mzas-fig2.gp", "mzas-fig2.png", "mzas-runs.csv");
    return rc ? rc : rc2;
}

const train_experiment train_exp_mzas = {
    .name = "wu19.mzas",
    .figures = "response Figs 1-2",
    .summary = "nonlinear ResNet from mZAS vs Xavier on Fashion-MNIST pixels: best-rate curves per "
               "depth, Figure 2's saddle escapes",
    .shardable = 0,
    .run = mzas_run,
    .finish = mzas_finish,
    .raw_files = {"mzas-runs.csv", "mzas-steps.csv", NULL},
};
