#ifndef RESCHECK_TRAIN_INTERNAL_H
#define RESCHECK_TRAIN_INTERNAL_H
/* What the experiments share: output files written atomically, the SIGINT
 * flag, the progress line, CSV tables, gnuplot, and the experiment runner. */

#include <stdarg.h>
#include <stdio.h>

#include "rescheck/progress.h"
#include "rescheck/train.h"
#include "rescheck/train_exp.h"

/* ---- files: written to NAME.tmp.PID, renamed to NAME on commit ---- */
typedef struct {
    char path[4096], tmp[4200];
    FILE *f;
} out_file;

int out_open(out_file *o, const char *dir, const char *name);
int out_commit(out_file *o); /* 0, or -1 with errno */
void out_abort(out_file *o);
int mkdir_p(const char *dir);

/* ---- SIGINT and SIGTERM: set a flag, let the loops stop at the next row ---- */
void interrupt_install(void);
int interrupted(void); /* the signal received, or 0 */

/* ---- ascending doubles, for rc_sort (rescheck/sort.h) ---- */
static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---- a rate grid whose converged final losses lie within LR_FLAT of the best
 * one (relative) is "flat": no rate is shown as optimal, as the paper omits it
 * in Figures 7 and 8 (fig7-8, mzas) ---- */
#define LR_FLAT 1e-3
static inline int lr_grid_flat(int converged, double best, double worst)
{
    return converged > 1 && worst - best <= LR_FLAT * best;
}

/* ---- progress on stderr (include/rescheck/progress.h): on a terminal, or forced ---- */
typedef rc_progress progress;
#define progress_start rc_progress_start
#define progress_show rc_progress_show
#define progress_end rc_progress_end
#define progress_stop rc_progress_stop
#define progress_skip rc_progress_skip
#define now_seconds rc_progress_now

/* ---- CSV tables: '#' lines are metadata, then a header row, then rows ---- */
typedef struct {
    int nmeta, ncols, nrows;
    char **meta;   /* the '#' lines, without the newline */
    char **names;  /* ncols */
    char ***cells; /* nrows x ncols */
    char **lines;  /* nrows: each row's text, for merging */
} csv_table;

int csv_read(csv_table *t, const char *path, char *err, size_t n);
void csv_clear(csv_table *t);
int csv_col(const csv_table *t, const char *name); /* -1 when absent */
double csv_num(const csv_table *t, int row, int col);
const char *csv_str(const csv_table *t, int row, int col);

/* ---- gnuplot ---- */
/* Runs gnuplot on DIR/GP (which writes to the variable outfile in the format
 * named by the variable fmt: png, pdf or svg) with outfile set to a temporary
 * name, then renames it to DIR/OUT. 0 on success, 1 if gnuplot is not
 * installed, -1 if it failed. */
int plot_render(const char *dir, const char *gp, const char *out, const char *fmt);

/* ---- the experiment runner ---- */
typedef struct {
    int variant; /* experiment-specific (figure, phase) */
    int net;     /* index into the experiment's network table */
    int depth;
    int lr;      /* index into the learning-rate grid, -1 for none */
    int run;
    double weight; /* relative cost, for the time estimate */
} train_job;

/* A network kind of the paper. */
typedef struct {
    const char *name;
    int n, shortcut, relu_mid;
    train_init init;
} train_kind;

extern const train_kind train_kinds[];
extern const int train_nkinds;
int train_kind_find(const char *name);
/* The architecture of a kind at a depth (number of d x d matrices); -1 when
 * the depth is not a multiple of the kind's n. */
int train_kind_arch(train_arch *a, const train_kind *k, int d, int depth);

typedef struct train_ctx train_ctx;

typedef struct {
    const char *name, *figures, *summary;
    int shardable;
    int (*run)(train_ctx *c);    /* runs this shard's jobs; writes the raw CSV */
    int (*finish)(train_ctx *c); /* from the raw CSV in c->dir: summaries and pictures */
    const char *raw_files[3];    /* the raw CSV names, NULL-terminated */
    int takes_set;               /* reads --set KEY=VALUE parameters */
    int hessians;                /* computes the full float Hessian of each network */
} train_experiment;

struct train_ctx {
    const train_experiment *exp;
    train_opts o;     /* resolved: defaults applied */
    char dir[4096];   /* output directory */
    int d;            /* width of the networks: the data's dimension */
    progress prog;
    int njobs;
    double work_done, work_total; /* this shard's, in job weights */
    int gnuplot_missing;
    double lstar; /* li18.fig5-6: the least-squares optimum, for the Hessian schedule */
};

/* Defaults applied to the options, per experiment (quick or paper size). */
void train_ctx_defaults(train_ctx *c, int runs, const int *depths, int nd, const double *lr, int nlr,
                        int epochs, int subset);

/* Loads and whitens the first m samples of the data directory (cached per m),
 * and for linear networks the Gram form. NULL with a message on error. */
const train_data *ctx_samples(train_ctx *c, int m);
const train_data *ctx_gram(train_ctx *c, int m);
void ctx_free_data(void);

/* The number after KEY (e.g. " m=") in a raw table's configuration line. */
double config_double(const csv_table *t, const char *key);

/* A per-job seed from the run's seed and the job's identity. */
uint64_t job_seed(const train_ctx *c, const train_job *j, int tag);

/* Header lines of a raw CSV: experiment, configuration, job count, shard. */
void raw_header(FILE *f, const train_ctx *c, const char *config, int njobs);
/* The configuration line of a raw CSV, built from the resolved options. */
void config_string(char *buf, size_t n, const train_ctx *c, const char *extra);

/* Runs the jobs of this shard (index % shard_n == shard_i - 1): fn writes
 * the job's rows to f and returns 0, TRAIN_EXIT_INTERRUPTED (no row
 * written) or TRAIN_EXIT_INPUT. Returns the first nonzero code, or 0. */
typedef int (*job_fn)(train_ctx *c, const train_job *j, int index, FILE *f);
int run_jobs(train_ctx *c, const char *label, const train_job *jobs, int njobs, FILE *f, job_fn fn);

/* A GD callback for a job: shows progress, stops on SIGINT. */
typedef struct {
    train_ctx *c;
    const train_job *j;
    int index, epochs;
    double lr;
} job_progress;
int job_gd_progress(void *ctx, int epoch, double loss, const double *grad, size_t N,
                    const train_net *net);

/* The default learning-rate grid, log-spaced: half decades from 1e-4 to
 * 10^1.5 (quick: decades 0.01, 0.1, 1). Returns its size (<= LR_GRID_MAX). */
#define LR_GRID_MAX 12
int lr_grid_default(double *lr, int quick);

/* The job's network: its kind's architecture at its depth, drawn with the
 * job's seed. */
void job_net(train_net *net, const train_ctx *c, const train_job *j);

/* The raw file NAME in the output directory: header lines, the column names,
 * then the rows of this shard's jobs; committed even when interrupted.
 * Returns run_jobs's code (or TRAIN_EXIT_INPUT if the file cannot be written). */
int write_raw(train_ctx *c, const char *name, const char *label, const char *config,
              const char *columns, const train_job *jobs, int njobs, job_fn fn);
/* Reads the raw file NAME; 0, or TRAIN_EXIT_INPUT with the error printed. */
int read_raw(csv_table *t, const train_ctx *c, const char *name);

/* Opens n output files (all or none); commits them. 0 or TRAIN_EXIT_INPUT,
 * with the error printed. */
int out_open_all(out_file *o, const char *const *names, int n, const char *dir);
int out_commit_all(out_file *o, int n, const char *dir);

/* Renders DIR/GP into DIR/PNG and the PDF and SVG of the same name, and
 * prints what was written. */
int plot_and_report(train_ctx *c, const char *gp, const char *png, const char *csvs);

/* Reports an input error: one line on stderr. */
void train_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* wu19.mzas: the width D when --width is not given (quick: 8) */
#define TRAIN_MZAS_DEFAULT_WIDTH 32

/* The experiments. */
extern const train_experiment train_exp_fig4, train_exp_fig56, train_exp_fig78, train_exp_liu19,
    train_exp_wu19_rate, train_exp_mzas;

/* ---- small numerics ---- */
void mean_std(const double *x, int n, double *mean, double *sd);

#endif
