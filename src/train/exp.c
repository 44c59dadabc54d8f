/* The experiment runner: options resolved against each experiment's
 * defaults, the data (loaded once per subset size), jobs split into shards,
 * raw CSV files written row by row, and the merge of shards. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "train_internal.h"
#include "rescheck/cert.h"
#include "rescheck/limits.h"

const train_kind train_kinds[] = {
    {"xavier", 1, 0, 0, TRAIN_INIT_XAVIER},
    {"orthogonal", 1, 0, 0, TRAIN_INIT_ORTHOGONAL},
    {"1-shortcut", 1, 1, 0, TRAIN_INIT_NEAR_ZERO},
    {"2-shortcut", 2, 1, 0, TRAIN_INIT_NEAR_ZERO},
    {"3-shortcut", 3, 1, 0, TRAIN_INIT_NEAR_ZERO},
    {"2-shortcut-zero", 2, 1, 0, TRAIN_INIT_ZERO},
    {"xavier-relu", 2, 0, 1, TRAIN_INIT_XAVIER},
    {"orthogonal-relu", 2, 0, 1, TRAIN_INIT_ORTHOGONAL},
    {"2-shortcut-relu", 2, 1, 1, TRAIN_INIT_NEAR_ZERO},
};
const int train_nkinds = sizeof train_kinds / sizeof train_kinds[0];

static const train_experiment *const experiments[] = {&train_exp_fig4, &train_exp_fig56,
                                                         &train_exp_fig78, &train_exp_liu19,
                                                         &train_exp_wu19_rate, &train_exp_mzas};
#define NEXPERIMENTS (int)(sizeof experiments / sizeof experiments[0])

int train_kind_find(const char *name)
{
    for (int i = 0; i < train_nkinds; i++)
        if (!strcmp(train_kinds[i].name, name))
            return i;
    return -1;
}

int train_kind_arch(train_arch *a, const train_kind *k, int d, int depth)
{
    if (depth < k->n || depth % k->n)
        return -1;
    *a = (train_arch){.d = d, .R = depth / k->n, .n = k->n, .shortcut = k->shortcut,
                      .relu_mid = k->relu_mid};
    return 0;
}

void train_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "rescheck train: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static const train_experiment *find_experiment(const char *name)
{
    for (int i = 0; i < NEXPERIMENTS; i++)
        if (!strcmp(experiments[i]->name, name))
            return experiments[i];
    return NULL;
}

int train_known(const char *name)
{
    return find_experiment(name) != NULL;
}

void train_list(FILE *f)
{
    fprintf(f, "%-12s %-18s %s\n", "EXPERIMENT", "FIGURES", "WHAT IT RUNS");
    for (int i = 0; i < NEXPERIMENTS; i++)
        fprintf(f, "%-12s %-18s %s\n", experiments[i]->name, experiments[i]->figures,
                experiments[i]->summary);
}

void train_ctx_defaults(train_ctx *c, int runs, const int *depths, int nd, const double *lr, int nlr,
                        int epochs, int subset)
{
    if (!c->o.runs)
        c->o.runs = runs;
    if (!c->o.depths) {
        c->o.depths = depths;
        c->o.ndepths = nd;
    }
    if (!c->o.lr_grid) {
        c->o.lr_grid = lr;
        c->o.nlr = nlr;
    }
    if (!c->o.epochs)
        c->o.epochs = epochs;
    if (!c->o.subset)
        c->o.subset = subset;
}

/* ---- data, loaded once per subset size ---- */
typedef struct {
    int m_asked;
    train_data samples, gram;
    int has_gram;
} data_slot;

static data_slot slots[4];
static int nslots;

static data_slot *load_slot(train_ctx *c, int m)
{
    for (int i = 0; i < nslots; i++)
        if (slots[i].m_asked == m)
            return slots + i;
    if (nslots == (int)(sizeof slots / sizeof slots[0]))
        return NULL;
    char err[4096];
    train_idx_set s;
    if (train_idx_load_dir(&s, c->o.data_dir, m, err, sizeof err)) {
        train_error("--data: %s", err);
        return NULL;
    }
    data_slot *d = slots + nslots;
    memset(d, 0, sizeof *d);
    int rc = train_pca_whiten(&d->samples, &s, TRAIN_CLASSES, err, sizeof err);
    train_idx_clear(&s);
    if (rc) {
        train_error("--data %s: %s", c->o.data_dir, err);
        return NULL;
    }
    d->m_asked = m;
    c->d = d->samples.d;
    nslots++;
    return d;
}

const train_data *ctx_samples(train_ctx *c, int m)
{
    data_slot *d = load_slot(c, m);
    return d ? &d->samples : NULL;
}

const train_data *ctx_gram(train_ctx *c, int m)
{
    data_slot *d = load_slot(c, m);
    if (!d)
        return NULL;
    if (c->o.no_gram)
        return &d->samples;
    if (!d->has_gram) {
        if (train_data_gram(&d->gram, &d->samples)) {
            train_error("--data %s: the whitened inputs have a singular covariance", c->o.data_dir);
            return NULL;
        }
        d->has_gram = 1;
    }
    return &d->gram;
}

void ctx_free_data(void)
{
    for (int i = 0; i < nslots; i++) {
        train_data_clear(&slots[i].samples);
        if (slots[i].has_gram)
            train_data_clear(&slots[i].gram);
    }
    nslots = 0;
}

uint64_t job_seed(const train_ctx *c, const train_job *j, int tag)
{
    uint64_t h = train_seed_derive(c->o.seed, (uint64_t)j->net);
    h = train_seed_derive(h, (uint64_t)j->depth);
    h = train_seed_derive(h, (uint64_t)j->run);
    return train_seed_derive(h, (uint64_t)tag);
}

/* ---- raw CSV files ---- */
static void append_list_int(char *buf, size_t n, const char *key, const int *v, int k)
{
    size_t len = strlen(buf);
    len += (size_t)snprintf(buf + len, n - len, " %s=", key);
    for (int i = 0; i < k && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%d", i ? "," : "", v[i]);
}

static void append_list_double(char *buf, size_t n, const char *key, const double *v, int k)
{
    size_t len = strlen(buf);
    len += (size_t)snprintf(buf + len, n - len, " %s=", key);
    for (int i = 0; i < k && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%.17g", i ? "," : "", v[i]);
}

void config_string(char *buf, size_t n, const train_ctx *c, const char *extra)
{
    snprintf(buf, n, "seed=%llu runs=%d epochs=%d subset=%d gram=%d quick=%d",
             (unsigned long long)c->o.seed, c->o.runs, c->o.epochs, c->o.subset, !c->o.no_gram,
             c->o.quick);
    append_list_int(buf, n, "depths", c->o.depths, c->o.ndepths);
    append_list_double(buf, n, "lr", c->o.lr_grid, c->o.nlr);
    if (extra) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, " %s", extra);
    }
}

double config_double(const csv_table *t, const char *key)
{
    for (int i = 0; i < t->nmeta; i++)
        if (!strncmp(t->meta[i], "# config ", 9)) {
            const char *p = strstr(t->meta[i], key);
            return p ? strtod(p + strlen(key), NULL) : NAN;
        }
    return NAN;
}

void raw_header(FILE *f, const train_ctx *c, const char *config, int njobs)
{
    fprintf(f, "# rescheck train %s\n", c->exp->name);
    fprintf(f, "# config %s\n", config);
    fprintf(f, "# jobs %d shard %d/%d\n", njobs, c->o.shard_i, c->o.shard_n);
    char blas[320];
    train_blas_describe(blas, sizeof blas);
    fprintf(f, "# blas %s\n", blas);
}

static int in_shard(const train_ctx *c, int i)
{
    return i % c->o.shard_n == c->o.shard_i - 1;
}

int run_jobs(train_ctx *c, const char *label, const train_job *jobs, int njobs, FILE *f, job_fn fn)
{
    c->njobs = njobs;
    c->work_done = c->work_total = 0;
    for (int i = 0; i < njobs; i++)
        if (in_shard(c, i))
            c->work_total += jobs[i].weight;
    progress_start(&c->prog, label, c->work_total);
    for (int i = 0; i < njobs; i++) {
        if (!in_shard(c, i))
            continue;
        if (interrupted())
            return TRAIN_EXIT_INTERRUPTED;
        int rc = fn(c, jobs + i, i, f);
        fflush(f);
        if (rc)
            return rc;
        c->work_done += jobs[i].weight;
    }
    progress_end(&c->prog);
    return 0;
}

void job_net(train_net *net, const train_ctx *c, const train_job *j)
{
    const train_kind *k = train_kinds + j->net;
    train_arch a;
    train_kind_arch(&a, k, c->d, j->depth);
    train_net_init(net, &a);
    train_rng g;
    train_rng_seed(&g, job_seed(c, j, 0));
    train_net_draw(net, k->init, &g);
}

int write_raw(train_ctx *c, const char *name, const char *label, const char *config,
              const char *columns, const train_job *jobs, int njobs, job_fn fn)
{
    out_file of;
    if (out_open(&of, c->dir, name)) {
        train_error("--out %s: %s", c->dir, strerror(errno));
        return TRAIN_EXIT_INPUT;
    }
    raw_header(of.f, c, config, njobs);
    fprintf(of.f, "%s\n", columns);
    int rc = run_jobs(c, label, jobs, njobs, of.f, fn);
    if (out_commit(&of)) {
        train_error("--out %s: cannot write %s", c->dir, name);
        return TRAIN_EXIT_INPUT;
    }
    return rc;
}

int read_raw(csv_table *t, const train_ctx *c, const char *name)
{
    char path[4200], err[4400];
    snprintf(path, sizeof path, "%s/%s", c->dir, name);
    if (csv_read(t, path, err, sizeof err) == 0)
        return 0;
    train_error("%s", err);
    csv_clear(t);
    return TRAIN_EXIT_INPUT;
}

int out_open_all(out_file *o, const char *const *names, int n, const char *dir)
{
    for (int i = 0; i < n; i++)
        if (out_open(o + i, dir, names[i])) {
            train_error("--out %s: cannot write %s: %s", dir, names[i], strerror(errno));
            while (i-- > 0)
                out_abort(o + i);
            return TRAIN_EXIT_INPUT;
        }
    return 0;
}

int out_commit_all(out_file *o, int n, const char *dir)
{
    int bad = 0;
    for (int i = 0; i < n; i++)
        if (out_commit(o + i)) {
            train_error("--out %s: cannot write %s", dir, strrchr(o[i].path, '/') + 1);
            bad = 1;
        }
    return bad ? TRAIN_EXIT_INPUT : 0;
}

int job_gd_progress(void *ctx, int epoch, double loss, const double *grad, size_t N,
                    const train_net *net)
{
    (void)grad;
    (void)N;
    (void)net;
    job_progress *p = ctx;
    if (interrupted())
        return 1;
    train_ctx *c = p->c;
    progress_show(&c->prog, c->work_done + p->j->weight * epoch / p->epochs,
                  "job %d/%d %s depth %d lr %.3g run %d: epoch %d/%d loss %.6g", p->index + 1,
                  c->njobs, train_kinds[p->j->net].name, p->j->depth, p->lr, p->j->run, epoch,
                  p->epochs, loss);
    return 0;
}

int lr_grid_default(double *lr, int quick)
{
    int n = quick ? 3 : LR_GRID_MAX;
    for (int k = 0; k < n; k++)
        lr[k] = quick ? pow(10.0, -2.0 + k) : pow(10.0, -4.0 + 0.5 * k);
    return n;
}

int plot_and_report(train_ctx *c, const char *gp, const char *png, const char *csvs)
{
    static const char *const fmts[] = {"png", "pdf", "svg"};
    char stem[256], outs[3][300];
    snprintf(stem, sizeof stem, "%.*s", (int)(strlen(png) > 4 ? strlen(png) - 4 : strlen(png)), png);
    int rc = 0;
    for (int k = 0; k < 3 && rc == 0; k++) {
        snprintf(outs[k], sizeof outs[k], "%s.%s", stem, fmts[k]);
        rc = plot_render(c->dir, gp, outs[k], fmts[k]);
    }
    if (rc == 1)
        c->gnuplot_missing = 1;
    else if (rc < 0)
        train_error("gnuplot failed on %s/%s", c->dir, gp);
    if (rc == 0)
        printf("  wrote %s/{%s, %s, %s.png, %s.pdf, %s.svg}\n", c->dir, csvs, gp, stem, stem, stem);
    else
        printf("  wrote %s/{%s, %s}\n", c->dir, csvs, gp);
    return rc < 0 ? TRAIN_EXIT_INPUT : 0;
}

/* ---- running ---- */
static int resolve_out_dir(train_ctx *c, const char *out, const char *name)
{
    if (out)
        snprintf(c->dir, sizeof c->dir, "%s", out);
    else
        snprintf(c->dir, sizeof c->dir, "results/%s", name);
    if (mkdir_p(c->dir)) {
        train_error("--out %s: %s", c->dir, strerror(errno));
        return -1;
    }
    rc_remove_stale_tmp(c->dir);
    return 0;
}

static int finish(train_ctx *c)
{
    int rc = c->exp->finish(c);
    if (rc == 0 && c->gnuplot_missing)
        printf("gnuplot is not installed: the CSV files and the .gp scripts are in %s "
               "(run 'gnuplot FILE.gp' there to draw)\n",
               c->dir);
    return rc;
}

static int beyond(const char *field, double value, double limit, const char *name, const char *what)
{
    train_error("beyond the limits (docs/limits.md): %s: %s %.17g is above %.17g (%s)", field, what,
                value, limit, name);
    return TRAIN_EXIT_INPUT;
}

/* The documented limits (include/rescheck/limits.h), before any work. */
static int check_limits(const train_experiment *e, const train_opts *o)
{
    for (int i = 0; i < o->ndepths; i++) {
        double L = o->depths[i];
        if (L > RC_LIMIT_TRAIN_DEPTH)
            return beyond("--depths", L, RC_LIMIT_TRAIN_DEPTH, "RC_LIMIT_TRAIN_DEPTH", "depth");
        /* the li18 networks are square, d = the number of classes */
        double n = L * TRAIN_CLASSES * TRAIN_CLASSES;
        if (e->hessians && n > RC_LIMIT_TRAIN_HESSIAN_N)
            return beyond("--depths", n, RC_LIMIT_TRAIN_HESSIAN_N, "RC_LIMIT_TRAIN_HESSIAN_N",
                          "the Hessian's order depth x d^2 =");
        if (!strcmp(e->name, "wu19.mzas")) {
            double D = o->width ? o->width : TRAIN_MZAS_DEFAULT_WIDTH, H = o->hidden ? o->hidden : D;
            if (L * 2 * D * H > RC_LIMIT_TRAIN_PARAMS)
                return beyond("--depths", L * 2 * D * H, RC_LIMIT_TRAIN_PARAMS, "RC_LIMIT_TRAIN_PARAMS",
                              "weights L x 2 x width x hidden =");
        }
    }
    if (o->epochs > RC_LIMIT_TRAIN_EPOCHS)
        return beyond("--epochs", o->epochs, RC_LIMIT_TRAIN_EPOCHS, "RC_LIMIT_TRAIN_EPOCHS", "steps");
    if (o->runs > RC_LIMIT_TRAIN_RUNS)
        return beyond("--runs", o->runs, RC_LIMIT_TRAIN_RUNS, "RC_LIMIT_TRAIN_RUNS", "runs");
    if (o->width > RC_LIMIT_TRAIN_WIDTH)
        return beyond("--width", o->width, RC_LIMIT_TRAIN_WIDTH, "RC_LIMIT_TRAIN_WIDTH", "width");
    if (o->hidden > RC_LIMIT_TRAIN_WIDTH)
        return beyond("--hidden", o->hidden, RC_LIMIT_TRAIN_WIDTH, "RC_LIMIT_TRAIN_WIDTH", "width");
    return 0;
}

int train_run(const train_opts *o)
{
    const train_experiment *e = find_experiment(o->experiment);
    if (!e) {
        train_error("unknown experiment '%s' (see 'rescheck train --list')", o->experiment);
        return TRAIN_EXIT_INPUT;
    }
    if (o->shard_n > 1 && !e->shardable) {
        train_error("%s: --shard is not supported (its runs depend on one another)", e->name);
        return TRAIN_EXIT_INPUT;
    }
    if (o->nset && !e->takes_set) {
        train_error("%s: takes no --set parameters (given '%s')", e->name, o->set[0]);
        return TRAIN_EXIT_INPUT;
    }
    if (check_limits(e, o))
        return TRAIN_EXIT_INPUT;
    train_ctx c = {.exp = e, .o = *o};
    if (!c.o.data_dir)
        c.o.data_dir = TRAIN_DEFAULT_DATA;
    if (c.o.shard_n < 1) {
        c.o.shard_n = 1;
        c.o.shard_i = 1;
    }
    if (resolve_out_dir(&c, o->out_dir, e->name))
        return TRAIN_EXIT_INPUT;
    train_set_threads(c.o.threads > 0 ? c.o.threads : 1);
    char blas[320];
    train_blas_describe(blas, sizeof blas);
    printf("%s: %s, %d thread%s\n", e->name, blas, c.o.threads > 0 ? c.o.threads : 1,
           c.o.threads > 1 ? "s" : "");
    if (c.o.progress)
        rc_progress_force(1);
    interrupt_install();
    int rc = e->run(&c);
    if (rc == TRAIN_EXIT_INTERRUPTED) {
        progress_stop(&c.prog);
        fprintf(stderr, "rescheck train: interrupted; the rows finished so far are in %s\n", c.dir);
        rc = 128 + interrupted(); /* 130 for SIGINT, 143 for SIGTERM */
    } else {
        progress_end(&c.prog);
    }
    if (rc == 0 && c.o.shard_n > 1) {
        printf("shard %d/%d of %s: rows in %s; join the shards with 'rescheck train --merge DIR...'\n",
               c.o.shard_i, c.o.shard_n, e->name, c.dir);
    } else if (rc == 0) {
        rc = finish(&c);
    }
    ctx_free_data();
    return rc;
}

/* ---- merging ---- */
static int meta_jobs(const csv_table *t)
{
    for (int i = 0; i < t->nmeta; i++) {
        int jobs, si, sn;
        if (sscanf(t->meta[i], "# jobs %d shard %d/%d", &jobs, &si, &sn) == 3)
            return jobs;
    }
    return -1;
}

static const char *meta_line(const csv_table *t, const char *prefix)
{
    for (int i = 0; i < t->nmeta; i++)
        if (!strncmp(t->meta[i], prefix, strlen(prefix)))
            return t->meta[i];
    return NULL;
}

/* Puts each row of t in by_job[job]; 0, or -1 on a conflict. */
static int collect_rows(char **by_job, int njobs, const csv_table *t, const char *path)
{
    int jc = csv_col(t, "job");
    for (int r = 0; r < t->nrows; r++) {
        double v = csv_num(t, r, jc);
        int j = (int)v;
        if (jc < 0 || !(v >= 0) || j >= njobs || j != v) {
            train_error("--merge: %s: row %d has no valid job number", path, r + 1);
            return -1;
        }
        /* a job may write several rows (one per epoch): keep them together */
        size_t old = by_job[j] ? strlen(by_job[j]) : 0, add = strlen(t->lines[r]);
        by_job[j] = realloc(by_job[j], old + add + 2);
        memcpy(by_job[j] + old, t->lines[r], add);
        by_job[j][old + add] = '\n';
        by_job[j][old + add + 1] = '\0';
    }
    return 0;
}

/* Merges one raw file across the directories; 0 or TRAIN_EXIT_INPUT. */
static int merge_file(const char *out_dir, const char *name, char *const *dirs, int ndirs,
                      const char *exp_name)
{
    csv_table first;
    char path[4200], err[4400];
    int rc = TRAIN_EXIT_INPUT, njobs = -1, blas_mixed = 0;
    char **by_job = NULL, **seen_in = NULL;
    memset(&first, 0, sizeof first);
    for (int i = 0; i < ndirs; i++) {
        csv_table t;
        snprintf(path, sizeof path, "%s/%s", dirs[i], name);
        if (csv_read(&t, path, err, sizeof err)) {
            train_error("--merge: %s", err);
            csv_clear(&t);
            goto out;
        }
        const char *exp_line = meta_line(&t, "# rescheck train "), *cfg = meta_line(&t, "# config ");
        if (i == 0) {
            njobs = meta_jobs(&t);
            if (!exp_line || !cfg || njobs < 0 || strcmp(exp_line + strlen("# rescheck train "), exp_name)) {
                train_error("--merge: %s: not a raw file of 'rescheck train %s'", path, exp_name);
                csv_clear(&t);
                goto out;
            }
            by_job = calloc((size_t)njobs, sizeof(char *));
            seen_in = calloc((size_t)njobs, sizeof(char *));
            first = t;
        } else if (!exp_line || !cfg || meta_jobs(&t) != njobs ||
                   strcmp(exp_line, meta_line(&first, "# rescheck train ")) ||
                   strcmp(cfg, meta_line(&first, "# config "))) {
            train_error("--merge: %s: another experiment or configuration than %s/%s", path, dirs[0],
                        name);
            csv_clear(&t);
            goto out;
        }
        const char *blas = meta_line(&t, "# blas "), *blas0 = meta_line(&first, "# blas ");
        if (i > 0 && (!blas != !blas0 || (blas && strcmp(blas, blas0))))
            blas_mixed = 1; /* shards on other kernels: rounding may differ, the rows stay valid */
        char **mine = calloc((size_t)njobs, sizeof(char *));
        int bad = collect_rows(mine, njobs, &t, path);
        for (int j = 0; j < njobs && !bad; j++) {
            if (!mine[j])
                continue;
            if (by_job[j] && strcmp(by_job[j], mine[j])) {
                train_error("--merge: job %d differs between %s and %s/%s", j, seen_in[j], path, name);
                bad = 1;
            } else if (!by_job[j]) {
                by_job[j] = mine[j];
                mine[j] = NULL;
                seen_in[j] = dirs[i];
            }
        }
        for (int j = 0; j < njobs; j++)
            free(mine[j]);
        free(mine);
        if (i > 0)
            csv_clear(&t);
        if (bad)
            goto out;
    }
    int missing = 0, first_missing = -1;
    for (int j = 0; j < njobs; j++)
        if (!by_job[j] && missing++ == 0)
            first_missing = j;
    if (missing) {
        train_error("--merge: %s: %d of %d jobs missing (the first is job %d): merge every shard",
                    name, missing, njobs, first_missing);
        goto out;
    }
    out_file of;
    if (out_open(&of, out_dir, name)) {
        train_error("--out %s: %s", out_dir, strerror(errno));
        goto out;
    }
    fprintf(of.f, "%s\n%s\n# jobs %d shard 1/1\n", meta_line(&first, "# rescheck train "),
            meta_line(&first, "# config "), njobs);
    if (meta_line(&first, "# blas "))
        fprintf(of.f, "%s%s\n", blas_mixed ? "# blas differs between the shards; the first: " : "",
                meta_line(&first, "# blas ") + (blas_mixed ? strlen("# blas ") : 0));
    for (int c = 0; c < first.ncols; c++)
        fprintf(of.f, "%s%s", c ? "," : "", first.names[c]);
    fputc('\n', of.f);
    for (int j = 0; j < njobs; j++)
        fputs(by_job[j], of.f);
    if (out_commit(&of)) {
        train_error("--out %s: cannot write %s", out_dir, name);
        goto out;
    }
    rc = 0;
out:
    if (by_job)
        for (int j = 0; j < njobs; j++)
            free(by_job[j]);
    free(by_job);
    free(seen_in);
    csv_clear(&first);
    return rc;
}

/* The experiment whose raw files are in dir. */
static const train_experiment *experiment_in(const char *dir)
{
    for (int i = 0; i < NEXPERIMENTS; i++) {
        char path[4200];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, experiments[i]->raw_files[0]);
        if (stat(path, &st) == 0)
            return experiments[i];
    }
    return NULL;
}

/* A raw file of a whole (unsharded) run: "# jobs N shard 1/1". */
static int whole_run(const char *dir, const char *name)
{
    char path[4200], *line = NULL;
    size_t cap = 0;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    int whole = 0, jobs, si, sn;
    while (f && getline(&line, &cap, f) > 0 && line[0] == '#')
        if (sscanf(line, "# jobs %d shard %d/%d", &jobs, &si, &sn) == 3)
            whole = si == 1 && sn == 1;
    free(line);
    if (f)
        fclose(f);
    return whole;
}

/* Copies DIR/NAME to OUT/NAME (written to a temporary name, renamed); the
 * same file is left alone. 0 or TRAIN_EXIT_INPUT. */
static int copy_raw(const char *out, const char *dir, const char *name)
{
    char src[4200], dst[4200];
    snprintf(src, sizeof src, "%s/%s", dir, name);
    snprintf(dst, sizeof dst, "%s/%s", out, name);
    struct stat a, b;
    if (stat(src, &a) == 0 && stat(dst, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        return 0;
    FILE *in = fopen(src, "rb");
    out_file o;
    if (!in || out_open(&o, out, name)) {
        train_error("--merge: cannot copy %s to %s", src, out);
        if (in)
            fclose(in);
        return TRAIN_EXIT_INPUT;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, o.f);
    fclose(in);
    if (out_commit(&o)) {
        train_error("--out %s: cannot write %s", out, name);
        return TRAIN_EXIT_INPUT;
    }
    return 0;
}

int train_merge(const char *out_dir, char *const *dirs, int ndirs, int threads, int paper)
{
    const train_experiment *e = experiment_in(dirs[0]);
    if (!e) {
        train_error("--merge: %s holds no raw file of an experiment", dirs[0]);
        return TRAIN_EXIT_INPUT;
    }
    train_ctx c = {.exp = e};
    c.o.experiment = e->name;
    c.o.shard_i = c.o.shard_n = 1;
    c.o.threads = threads;
    c.o.paper = paper;
    if (resolve_out_dir(&c, out_dir, e->name))
        return TRAIN_EXIT_INPUT;
    /* one whole run: its raw files as they are (redrawn, e.g. with --paper) */
    int whole = ndirs == 1;
    for (int f = 0; e->raw_files[f] && whole; f++)
        whole = whole_run(dirs[0], e->raw_files[f]);
    for (int f = 0; e->raw_files[f]; f++) {
        int rc = whole ? copy_raw(c.dir, dirs[0], e->raw_files[f])
                       : merge_file(c.dir, e->raw_files[f], dirs, ndirs, e->name);
        if (rc)
            return rc;
    }
    return finish(&c);
}
