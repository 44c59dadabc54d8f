/* liu19.gd (Liu et al. 2019 and the authors' response to Reviewer 2): GD on
 * the closed-form population loss of the two-layer non-overlapping network,
 * with the shortcut prior (w0 = 0) and without it (Du et al. 2018: w0 on the
 * unit sphere), a0 uniform in the ball of radius c/sqrt(k). For each run:
 * the outcome after the given number of steps (global optimum; trapped,
 * i.e. in R2, which the response equates with being trapped; neither), the
 * distance to Du et al.'s spurious optimum, a0^T a*, and the membership of every iterate in the
 * response's basins R1 = {a^T a* > 0, phi < basin_phi} and
 * R2 = {a^T a* < 0, phi > basin_phi}. Summaries: the success rate against
 * the step size, k and c; whether a threshold on a0^T a* separates the
 * trapped runs from the others; how fast the failure rate falls with k.
 *
 * The step size of the grid (--lr-grid) is eta_w, the first layer's; the
 * second layer's is eta_a = eta_a_scale * 2 pi/(pi - 1 + k), eta_a_scale over
 * the largest eigenvalue (pi - 1 + k)/(2 pi) of the loss's Hessian in a. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rescheck/liu19.h"
#include "figure.h"
#include "train_internal.h"

#define LIU19_MAX_K 4096
#define LIU19_MAX_P 4096
#define LIU19_MAX_RADII 16

typedef struct {
    int p;
    double radii[LIU19_MAX_RADII];
    int nradii;
    double eta_a_scale, w_star_norm, a_star_norm, tol, basin_phi; /* basin_phi in units of pi */
} liu19_params;

static const int k_paper[] = {2, 4, 8, 16, 32, 64};
static const int k_quick[] = {4, 16};
static const double eta_paper[] = {0.1, 1, 10, 100, 1000};
static const double eta_quick[] = {1, 100};

static const char *const model_names[] = {"shortcut", "plain"};

static int parse_radii(liu19_params *P, const char *s)
{
    char *copy = strdup(s), *save = NULL;
    int rc = 0;
    P->nradii = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *end;
        errno = 0;
        double x = strtod(tok, &end);
        if (P->nradii == LIU19_MAX_RADII || errno || *end || !(x > 0) || x > 1e6)
            rc = -1;
        else
            P->radii[P->nradii++] = x;
    }
    free(copy);
    return rc || !P->nradii ? -1 : 0;
}

static int parse_pos(double *out, const char *key, const char *v, double hi)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end || !(x > 0) || !(x <= hi)) {
        train_error("--set %s=%s: expected a number in (0, %g]", key, v, hi);
        return -1;
    }
    *out = x;
    return 0;
}

/* The parameters: defaults, then --set. */
static int read_params(liu19_params *P, const train_ctx *c)
{
    *P = (liu19_params){.p = 6, .eta_a_scale = 1, .w_star_norm = 1, .a_star_norm = 1,
                        .tol = 1e-3, .basin_phi = 0.5};
    parse_radii(P, c->o.quick ? "1" : "0.5,1,2");
    for (int i = 0; i < c->o.nset; i++) {
        const char *kv = c->o.set[i], *eq = strchr(kv, '=');
        size_t n = (size_t)(eq - kv);
        const char *v = eq + 1;
#define KEY(s) (n == strlen(s) && !strncmp(kv, s, n))
        if (KEY("p")) {
            char *end;
            errno = 0;
            long q = strtol(v, &end, 10);
            if (errno || end == v || *end || q < 1 || q > LIU19_MAX_P)
                return train_error("--set p=%s: expected an integer from 1 to %d", v, LIU19_MAX_P), -1;
            P->p = (int)q;
        } else if (KEY("radii")) {
            if (parse_radii(P, v))
                return train_error("--set radii=%s: expected 1 to %d positive numbers, "
                                   "comma-separated", v, LIU19_MAX_RADII), -1;
        } else if (KEY("eta_a_scale")) {
            if (parse_pos(&P->eta_a_scale, "eta_a_scale", v, 1e6))
                return -1;
        } else if (KEY("w_star_norm")) {
            if (parse_pos(&P->w_star_norm, "w_star_norm", v, 1e6))
                return -1;
        } else if (KEY("a_star_norm")) {
            if (parse_pos(&P->a_star_norm, "a_star_norm", v, 1e6))
                return -1;
        } else if (KEY("tol")) {
            if (parse_pos(&P->tol, "tol", v, 1))
                return -1;
        } else if (KEY("basin_phi")) {
            if (parse_pos(&P->basin_phi, "basin_phi", v, 1))
                return -1;
        } else {
            train_error("--set %s: liu19.gd has no parameter '%.*s' (p, radii, eta_a_scale, "
                        "w_star_norm, a_star_norm, tol, basin_phi)", kv, (int)n, kv);
            return -1;
        }
#undef KEY
    }
    return 0;
}

/* The teacher (shared by both models): w* of norm w_star_norm in a uniformly
 * random direction, the same for every k, and for each k an a* of norm
 * a_star_norm in a uniformly random direction. */
static void teacher(double *ws, double *as, const train_ctx *c, const liu19_params *P, int k)
{
    train_rng g;
    train_rng_seed(&g, train_seed_derive(c->o.seed, 0x7e4c8e7));
    double n = 0;
    for (int i = 0; i < P->p; i++) {
        ws[i] = train_rng_normal(&g);
        n += ws[i] * ws[i];
    }
    for (int i = 0; i < P->p; i++)
        ws[i] *= P->w_star_norm / sqrt(n);
    train_rng_seed(&g, train_seed_derive(train_seed_derive(c->o.seed, 0xa57a8), (uint64_t)k));
    n = 0;
    for (int j = 0; j < k; j++) {
        as[j] = train_rng_normal(&g);
        n += as[j] * as[j];
    }
    for (int j = 0; j < k; j++)
        as[j] *= P->a_star_norm / sqrt(n);
}

/* a0 uniform in the ball of radius r/sqrt(k); for the plain model, w0
 * uniform on the unit sphere (Du et al.); for the shortcut, w0 = 0. The same
 * a0 for both models and every step size (paired). */
static void init_point(double *w, double *a, const train_ctx *c, const liu19_params *P, int k,
                       int ci, int run, int shortcut)
{
    train_rng g;
    uint64_t h = train_seed_derive(train_seed_derive(c->o.seed, 0xa0), (uint64_t)k);
    h = train_seed_derive(train_seed_derive(h, (uint64_t)ci), (uint64_t)run);
    train_rng_seed(&g, h);
    double n = 0;
    for (int j = 0; j < k; j++) {
        a[j] = train_rng_normal(&g);
        n += a[j] * a[j];
    }
    double rad = P->radii[ci] / sqrt((double)k) * pow(train_rng_uniform(&g), 1.0 / k);
    for (int j = 0; j < k; j++)
        a[j] *= rad / sqrt(n);
    n = 0;
    for (int i = 0; i < P->p; i++) {
        w[i] = shortcut ? 0 : train_rng_normal(&g);
        n += w[i] * w[i];
    }
    if (!shortcut)
        for (int i = 0; i < P->p; i++)
            w[i] /= sqrt(n);
}

static double dot(const double *x, const double *y, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

static double dist(const double *x, const double *y, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += (x[i] - y[i]) * (x[i] - y[i]);
    return sqrt(s);
}

/* 1 in R1, 2 in R2, 0 in neither */
static int basin(double adot, double phi, double basin_phi)
{
    if (adot > 0 && phi < basin_phi)
        return 1;
    if (adot < 0 && phi > basin_phi)
        return 2;
    return 0;
}

static const char *basin_name(int b)
{
    return b == 1 ? "R1" : b == 2 ? "R2" : "none";
}

static liu19_params params; /* read once per process by run and finish */

static int liu19_jobs(const train_ctx *c, train_job *jobs)
{
    int n = 0;
    for (int m = 0; m < 2; m++)
        for (int ki = 0; ki < c->o.ndepths; ki++)
            for (int ci = 0; ci < params.nradii; ci++)
                for (int e = 0; e < c->o.nlr; e++)
                    for (int r = 0; r < c->o.runs; r++) {
                        if (jobs)
                            jobs[n] = (train_job){.variant = m * LIU19_MAX_RADII + ci, .net = m,
                                                  .depth = c->o.depths[ki], .lr = e, .run = r,
                                                  .weight = (double)(c->o.depths[ki] + params.p)};
                        n++;
                    }
    return n;
}

static int liu19_job(train_ctx *c, const train_job *j, int index, FILE *f)
{
    const liu19_params *P = &params;
    int k = j->depth, p = P->p, shortcut = j->net == 0, ci = j->variant % LIU19_MAX_RADII;
    double *ws = malloc(sizeof(double) * (size_t)(2 * p + 3 * k));
    double *w = ws + p, *as = w + p, *a = as + k, *aS = a + k;
    teacher(ws, as, c, P, k);
    init_point(w, a, c, P, k, ci, j->run, shortcut);
    liu19_problem pb = {.p = p, .k = k, .shortcut = shortcut, .ws = ws, .as = as,
                        .eta_w = c->o.lr_grid[j->lr],
                        .eta_a = P->eta_a_scale * 2 * M_PI / (M_PI - 1 + k)};
    liu19_spurious_a(&pb, aS);
    double bphi = P->basin_phi * M_PI;
    double a0 = dot(a, as, k), phi0 = liu19_angle(&pb, w);
    long in[3] = {0, 0, 0};
    long first_R2 = -1, left_R2 = 0;
    int T = c->o.epochs, prev = -1, diverged = 0;
    for (int t = 0; t <= T; t++) {
        double phi = liu19_angle(&pb, w), ad = dot(a, as, k);
        int b = basin(ad, phi, bphi);
        in[b]++;
        if (b == 2 && first_R2 < 0)
            first_R2 = t;
        if (prev == 2 && b != 2)
            left_R2++;
        prev = b;
        if (t == T)
            break;
        double l = liu19_step(&pb, w, a);
        if (!isfinite(l) || !isfinite(dot(a, a, k)) || !isfinite(dot(w, w, p))) {
            diverged = 1;
            break;
        }
        if ((t & 1023) == 0 && interrupted()) {
            free(ws);
            return TRAIN_EXIT_INTERRUPTED;
        }
    }
    double phiT = liu19_angle(&pb, w), adT = dot(a, as, k), lossT = liu19_loss(&pb, w, a, NULL, NULL);
    const char *outcome = "neither";
    if (diverged)
        outcome = "diverged";
    else if (phiT < P->tol && dist(a, as, k) < P->tol)
        outcome = "global";
    else if (basin(adT, phiT, bphi) == 2) /* the response: in R2 "GD will be trapped" */
        outcome = "trapped";
    double dS = fmax(M_PI - phiT, dist(a, aS, k));
    fprintf(f, "%d,%s,%d,%.17g,%.17g,%.17g,%d,%.17g,%.17g,%s,%s,%.17g,%.17g,%.17g,%.17g,%ld,%ld,%ld,%ld,%ld\n",
            index, model_names[j->net], k, P->radii[ci], pb.eta_w, pb.eta_a, j->run, a0, phi0,
            outcome, basin_name(basin(adT, phiT, bphi)), phiT, adT, lossT, dS, in[1], in[2], in[0],
            first_R2, left_R2);
    free(ws);
    progress_show(&c->prog, c->work_done + j->weight, "job %d/%d", index + 1, c->njobs);
    return 0;
}

#define RAW "liu19-runs.csv"
#define COLUMNS "job,model,k,c,eta_w,eta_a,run,a0_dot,phi0,outcome,basin_T,phi_T,a_dot_T,loss_T,dist_spurious," \
                "steps_R1,steps_R2,steps_none,first_R2,left_R2"

static int liu19_run(train_ctx *c)
{
    static double lr[8];
    int nlr = c->o.quick ? 2 : 5;
    memcpy(lr, c->o.quick ? eta_quick : eta_paper, sizeof(double) * (size_t)nlr);
    train_ctx_defaults(c, c->o.quick ? 24 : 200, c->o.quick ? k_quick : k_paper,
                       c->o.quick ? 2 : 6, lr, nlr, c->o.quick ? 5000 : 20000, 0);
    if (read_params(&params, c))
        return TRAIN_EXIT_INPUT;
    for (int i = 0; i < c->o.ndepths; i++)
        if (c->o.depths[i] > LIU19_MAX_K) {
            train_error("--depths: k = %d is beyond %d", c->o.depths[i], LIU19_MAX_K);
            return TRAIN_EXIT_INPUT;
        }
    int n = liu19_jobs(c, NULL);
    train_job *jobs = malloc(sizeof(train_job) * (size_t)n);
    liu19_jobs(c, jobs);
    char extra[1024], config[4096];
    int len = snprintf(extra, sizeof extra, "p=%d eta_a_scale=%.17g w_star_norm=%.17g a_star_norm=%.17g "
                       "tol=%.17g basin_phi=%.17g radii=", params.p, params.eta_a_scale,
                       params.w_star_norm, params.a_star_norm, params.tol, params.basin_phi);
    for (int i = 0; i < params.nradii; i++)
        len += snprintf(extra + len, sizeof extra - (size_t)len, "%s%.17g", i ? "," : "", params.radii[i]);
    config_string(config, sizeof config, c, extra);
    int rc = write_raw(c, RAW, "liu19.gd", config, COLUMNS, jobs, n, liu19_job);
    free(jobs);
    return rc;
}

/* ---- summaries ---- */
typedef struct {
    const char *model;
    int k;
    double c, eta;
    int runs, global, spurious, neither, diverged;
    int trapped_pos;        /* spurious runs with a0^T a* >= 0 */
    double max_a0_trapped;  /* the largest a0^T a* of a spurious run (-inf: none) */
    double min_a0_global;   /* the smallest a0^T a* of a global run (+inf: none) */
    int inversions;         /* global runs with a0^T a* <= max_a0_trapped */
    int left_R2;            /* runs that left R2 after entering it */
    int R2_then_global;     /* runs that were in R2 at some step and ended at the global optimum */
    int ended_R1, ended_R2;
} cell;

static int find_cell(cell *cs, int n, const char *model, int k, double c, double eta)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(cs[i].model, model) && cs[i].k == k && cs[i].c == c && cs[i].eta == eta)
            return i;
    return -1;
}

/* least squares y ~ alpha + beta x; returns the residual sum of squares */
static double fit_line(const double *x, const double *y, int n, double *beta)
{
    double mx = 0, my = 0, sxx = 0, sxy = 0, rss = 0;
    for (int i = 0; i < n; i++) {
        mx += x[i] / n;
        my += y[i] / n;
    }
    for (int i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    *beta = sxx > 0 ? sxy / sxx : 0;
    for (int i = 0; i < n; i++) {
        double r = y[i] - my - *beta * (x[i] - mx);
        rss += r * r;
    }
    return rss;
}

/* One series per (model, and eta or k), at the radius c_plot only (the middle
 * one of the run's radii: with three radii and five step sizes every series in
 * one picture would be unreadable; liu19-success.csv has them all). */
static void write_gp(FILE *f, const cell *cs, int n, int by_k, const char *title, double c_plot, int paper)
{
    fig_figure F;
    char pt[200];
    fig_init(&F, by_k ? "liu19-k" : "liu19-eta", 1, 1000, 600);
    /* the paper's words: the title without the experiment's name */
    snprintf(pt, sizeof pt, "%s", strstr(title, ": ") ? strstr(title, ": ") + 2 : title);
    pt[0] = (char)(pt[0] >= 'a' && pt[0] <= 'z' ? pt[0] - 'a' + 'A' : pt[0]);
    fig_titles(&F, title, pt);
    fig_panel *p = F.p;
    fig_labels(p, by_k ? "k (patches)" : "eta_w (first-layer step size)", "success rate (global optimum)",
               by_k ? "k" : "step sizes");
    if (by_k)
        p->depth_x = 1; /* integer k: log2 when it doubles */
    else
        p->logx = 1;
    /* one series per (model, and eta or k), at c_plot */
    int ns = 0;
    char names[FIG_MAX_SERIES][96];
    for (int i = 0; i < n; i++) {
        char name[96];
        if (cs[i].c != c_plot)
            continue;
        if (by_k)
            snprintf(name, sizeof name, "%s c=%g eta_w=%g", cs[i].model, cs[i].c, cs[i].eta);
        else
            snprintf(name, sizeof name, "%s c=%g k=%d", cs[i].model, cs[i].c, cs[i].k);
        int s;
        for (s = 0; s < ns; s++)
            if (!strcmp(names[s], name))
                break;
        if (s == ns) {
            if (ns == FIG_MAX_SERIES)
                continue;
            strcpy(names[ns++], name);
            fig_add(p, name, "linespoints");
        }
        fig_point(p, s, by_k ? (double)cs[i].k : cs[i].eta, (double)cs[i].global / cs[i].runs);
    }
    fig_write(f, &F, paper);
    fig_clear(&F);
}

static int liu19_finish(train_ctx *c)
{
    csv_table t;
    if (read_raw(&t, c, RAW))
        return TRAIN_EXIT_INPUT;
    int cm = csv_col(&t, "model"), ck = csv_col(&t, "k"), cc = csv_col(&t, "c"),
        ce = csv_col(&t, "eta_w"), co = csv_col(&t, "outcome"), ca = csv_col(&t, "a0_dot"),
        cl = csv_col(&t, "left_R2"), cb = csv_col(&t, "basin_T"), cf = csv_col(&t, "first_R2");
    if (cm < 0 || ck < 0 || cc < 0 || ce < 0 || co < 0 || ca < 0 || cl < 0 || cb < 0 || cf < 0) {
        train_error("%s/%s: not a raw file of liu19.gd (a column is missing)", c->dir, RAW);
        csv_clear(&t);
        return TRAIN_EXIT_INPUT;
    }
    cell *cs = calloc((size_t)t.nrows + 1, sizeof(cell));
    int n = 0;
    for (int r = 0; r < t.nrows; r++) {
        const char *model = csv_str(&t, r, cm);
        int k = (int)csv_num(&t, r, ck);
        double cv = csv_num(&t, r, cc), eta = csv_num(&t, r, ce), a0 = csv_num(&t, r, ca);
        int i = find_cell(cs, n, model, k, cv, eta);
        if (i < 0) {
            i = n++;
            cs[i] = (cell){.model = model, .k = k, .c = cv, .eta = eta,
                           .max_a0_trapped = -INFINITY, .min_a0_global = INFINITY};
        }
        cell *x = cs + i;
        const char *o = csv_str(&t, r, co);
        x->runs++;
        x->left_R2 += csv_num(&t, r, cl) > 0;
        x->ended_R1 += !strcmp(csv_str(&t, r, cb), "R1");
        x->ended_R2 += !strcmp(csv_str(&t, r, cb), "R2");
        if (!strcmp(o, "global")) {
            x->global++;
            x->R2_then_global += csv_num(&t, r, cf) >= 0;
            if (a0 < x->min_a0_global)
                x->min_a0_global = a0;
        } else if (!strcmp(o, "trapped")) {
            x->spurious++;
            x->trapped_pos += a0 >= 0;
            if (a0 > x->max_a0_trapped)
                x->max_a0_trapped = a0;
        } else if (!strcmp(o, "diverged"))
            x->diverged++;
        else
            x->neither++;
    }
    for (int r = 0; r < t.nrows; r++) {
        int i = find_cell(cs, n, csv_str(&t, r, cm), (int)csv_num(&t, r, ck), csv_num(&t, r, cc),
                          csv_num(&t, r, ce));
        if (!strcmp(csv_str(&t, r, co), "global") && csv_num(&t, r, ca) <= cs[i].max_a0_trapped)
            cs[i].inversions++;
    }
    static const char *const names[] = {"liu19-success.csv", "liu19-rate-k.csv", "liu19-eta.gp",
                                        "liu19-k.gp"};
    out_file o[4];
    int rc = out_open_all(o, names, 4, c->dir);
    if (rc) {
        free(cs);
        csv_clear(&t);
        return rc;
    }
    printf("liu19.gd: %s\n", t.nmeta > 1 ? t.meta[1] + 9 : "");
    fprintf(o[0].f, "model,k,c,eta_w,runs,global,trapped,neither,diverged,success_rate,"
                    "max_a0_dot_trapped,min_a0_dot_global,global_below_threshold,"
                    "trapped_with_a0_dot_nonneg,left_R2,R2_then_global,ended_R1,ended_R2\n");
    int total_sp = 0, total_global = 0, total_runs = 0;
    for (int i = 0; i < n; i++) {
        cell *x = cs + i;
        fprintf(o[0].f, "%s,%d,%.17g,%.17g,%d,%d,%d,%d,%d,%.17g,%.17g,%.17g,%d,%d,%d,%d,%d,%d\n", x->model,
                x->k, x->c, x->eta, x->runs, x->global, x->spurious, x->neither, x->diverged,
                (double)x->global / x->runs, x->max_a0_trapped, x->min_a0_global, x->inversions,
                x->trapped_pos, x->left_R2, x->R2_then_global, x->ended_R1, x->ended_R2);
        total_sp += x->spurious;
        total_global += x->global;
        total_runs += x->runs;
    }
    printf("  %d runs: %d reached the global optimum, %d ended trapped (in R2)\n", total_runs, total_global,
           total_sp);
    for (int m = 0; m < 2; m++) {
        int sp = 0, pos = 0, inv = 0;
        for (int i = 0; i < n; i++)
            if (!strcmp(cs[i].model, model_names[m])) {
                sp += cs[i].spurious;
                pos += cs[i].trapped_pos;
                inv += cs[i].inversions;
            }
        printf("  %s: %d runs ended trapped in R2, %d of them with a0^T a* >= 0; "
               "%d runs reached the global optimum from a0^T a* at or below the largest a0^T a* "
               "of a trapped run of their (k, c, eta_w)%s\n",
               model_names[m], sp, pos, inv,
               m == 0 ? (pos == 0 && inv == 0 && sp > 0
                             ? " - a threshold -eps < 0 on a0^T a* separates the outcomes, as the "
                               "response says"
                             : sp == 0 ? " - no run was trapped" : " - no threshold on a0^T a* "
                                                                  "separates the outcomes")
                      : "");
    }
    for (int m = 0; m < 2; m++) {
        int left = 0, back = 0;
        for (int i = 0; i < n; i++)
            if (!strcmp(cs[i].model, model_names[m])) {
                left += cs[i].left_R2;
                back += cs[i].R2_then_global;
            }
        printf("  %s: %d runs left R2 after entering it; %d were in R2 at some step and still "
               "reached the global optimum%s\n",
               model_names[m], left, back,
               back ? " (being in R2 once does not trap GD on these runs)" : "");
    }
    /* the failure rate against k, per (model, c, eta): exponential (log fail
       linear in k) against polynomial (linear in log k) */
    fprintf(o[1].f, "model,c,eta_w,k_values,failure_rates,npoints,rss_exponential,rss_power,"
                    "slope_per_k,slope_per_log_k,better_fit\n");
    int nexp[2] = {0, 0}, nfit[2] = {0, 0};
    for (int i = 0; i < n; i++) {
        int dup = 0;
        for (int q = 0; q < i; q++)
            dup |= !strcmp(cs[q].model, cs[i].model) && cs[q].c == cs[i].c && cs[q].eta == cs[i].eta;
        if (dup)
            continue;
        double xs[64], lx[64], ys[64];
        char kl[512] = "", fl[1024] = "";
        int np = 0;
        for (int q = i; q < n && np < 64; q++)
            if (!strcmp(cs[q].model, cs[i].model) && cs[q].c == cs[i].c && cs[q].eta == cs[i].eta) {
                double fail = 1 - (double)cs[q].global / cs[q].runs;
                size_t lk = strlen(kl), lf = strlen(fl);
                snprintf(kl + lk, sizeof kl - lk, "%s%d", lk ? " " : "", cs[q].k);
                snprintf(fl + lf, sizeof fl - lf, "%s%.4g", lf ? " " : "", fail);
                if (fail > 0) {
                    xs[np] = cs[q].k;
                    lx[np] = log((double)cs[q].k);
                    ys[np++] = log(fail);
                }
            }
        double be = 0, bp = 0, re = NAN, rp = NAN;
        if (np >= 3) {
            re = fit_line(xs, ys, np, &be);
            rp = fit_line(lx, ys, np, &bp);
        }
        const char *better = np < 3 ? "too few points" : re < rp ? "exponential" : "power";
        fprintf(o[1].f, "%s,%.17g,%.17g,%s,%s,%d,%.6g,%.6g,%.6g,%.6g,%s\n", cs[i].model, cs[i].c,
                cs[i].eta, kl, fl, np, re, rp, be, bp, better);
        if (np >= 3) {
            int m = strcmp(cs[i].model, model_names[0]) != 0;
            nfit[m]++;
            nexp[m] += re < rp;
        }
        if (np >= 3)
            printf("  %s c=%g eta_w=%g: failure rate %s at k = %s; log-failure fits %s in k "
                   "better (rss %.3g exponential, %.3g power law, slope %.3g per log k)\n",
                   cs[i].model, cs[i].c, cs[i].eta, fl, kl, better, re, rp, bp);
    }
    /* the middle radius of those in the rows */
    double radii[64];
    int nr = 0;
    for (int i = 0; i < n && nr < 64; i++) {
        int seen = 0;
        for (int q = 0; q < nr; q++)
            seen |= radii[q] == cs[i].c;
        if (!seen)
            radii[nr++] = cs[i].c;
    }
    for (int a = 1; a < nr; a++)
        for (int b = a; b > 0 && radii[b] < radii[b - 1]; b--) {
            double t = radii[b];
            radii[b] = radii[b - 1];
            radii[b - 1] = t;
        }
    double c_plot = nr ? radii[nr / 2] : 1;
    char title[160];
    snprintf(title, sizeof title, "liu19.gd: success rate against the first-layer step size (c = %g)", c_plot);
    for (int m = 0; m < 2; m++)
        if (nfit[m])
            printf("  %s: the failure rate against k fits exp(-lambda k) better than a power of k in "
                   "%d of %d (c, eta_w) with at least 3 nonzero rates\n",
                   model_names[m], nexp[m], nfit[m]);
    write_gp(o[2].f, cs, n, 0, title, c_plot, c->o.paper);
    snprintf(title, sizeof title, "liu19.gd: success rate against k (c = %g)", c_plot);
    write_gp(o[3].f, cs, n, 1, title, c_plot, c->o.paper);
    rc = out_commit_all(o, 4, c->dir);
    free(cs);
    csv_clear(&t);
    if (rc)
        return rc;
    rc = plot_and_report(c, "liu19-eta.gp", "liu19-eta.png", "liu19-success.csv, liu19-rate-k.csv");
    if (rc == 0)
        rc = plot_and_report(c, "liu19-k.gp", "liu19-k.png", "liu19-success.csv");
    return rc;
}

const train_experiment train_exp_liu19 = {
    .name = "liu19.gd",
    .figures = "response, R2",
    .summary = "GD on the closed-form population loss of the two-layer net, with and without the "
               "shortcut: success rate vs eta_w, k, c; basins R1, R2",
    .shardable = 1,
    .run = liu19_run,
    .finish = liu19_finish,
    .raw_files = {RAW, NULL},
    .takes_set = 1,
};
