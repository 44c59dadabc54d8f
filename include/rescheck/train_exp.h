#ifndef RESCHECK_TRAIN_EXP_H
#define RESCHECK_TRAIN_EXP_H
/* The paper's experiments (li18.fig4, li18.fig5-6, li18.fig7-8) on the float
 * path: jobs, CSV files, pictures, shards and their merge. */

#include <stdint.h>
#include <stdio.h>

#define TRAIN_EXIT_OK 0
#define TRAIN_EXIT_INPUT 2
#define TRAIN_EXIT_INTERRUPTED 130

#define TRAIN_DEFAULT_DATA "/usr/share/datasets/fashion-mnist"

typedef struct {
    const char *experiment;
    const char *out_dir;   /* NULL: results/EXPERIMENT */
    const char *data_dir;  /* NULL: TRAIN_DEFAULT_DATA */
    uint64_t seed;
    int runs;              /* 0: the experiment's default */
    const int *depths;     /* NULL: the experiment's default */
    int ndepths;
    const double *lr_grid; /* NULL: the experiment's default */
    int nlr;
    int epochs;            /* 0: the experiment's default */
    int threads;           /* OpenBLAS threads */
    int quick;             /* reduced sizes */
    int shard_i, shard_n;  /* run jobs j with j % shard_n == shard_i - 1 */
    int subset;            /* 0: the experiment's default number of samples */
    int no_gram;           /* linear networks on the m samples, not the Gram form */
    const char *const *set; /* --set KEY=VALUE: an experiment's own parameters */
    int nset;
    /* wu19.mzas (0 / NULL: the experiment's default) */
    int width;             /* D, the residual stream's width */
    int hidden;            /* H, the inner width of U_l relu(V_l z) */
    int classes;           /* C outputs; samples with labels >= C are skipped */
    const char *loss;      /* "squared" or "xent" */
    int act_mem_mb;        /* activation memory budget (checkpointing beyond it) */
    double escape;         /* escaped: loss < escape x the best constant output's loss */
    int fig2_depth;        /* depth of the five-run Figure 2 */
    const char *xavier;    /* "glorot" (default) or "torch": what "Xavier" draws */
    const char *inits;     /* "both" (default), "mzas" or "xavier" */
    int paper;             /* pictures: 0 screen, 1 single column (3.3 in), 2 double (6.9 in) */
    int progress;          /* 1: progress on stderr even when it is not a terminal */
} train_opts;

/* Prints the experiments, one a line. */
void train_list(FILE *f);
/* 1 if NAME is an experiment. */
int train_known(const char *name);
/* Runs an experiment: TRAIN_EXIT_OK, TRAIN_EXIT_INPUT (one line on stderr)
 * or 128 + the signal on SIGINT (TRAIN_EXIT_INTERRUPTED) or SIGTERM: the
 * rows written so far are kept. */
int train_run(const train_opts *o);
/* Joins the raw CSV files of the shards in dirs into out_dir (rows ordered by
 * job), then writes the summaries and pictures as an unsharded run would. */
int train_merge(const char *out_dir, char *const *dirs, int ndirs, int threads, int paper);

#endif
