/* rescheck train: options in, one call to the float path out. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_train.h"
#include "rescheck/train_exp.h"

#define MAX_LIST 64

static void usage_train(FILE *f)
{
    fprintf(f,
            "usage: rescheck train EXPERIMENT [--out DIR] [--seed N] [--runs K] [--depths LIST]\n"
            "                      [--lr-grid LIST] [--epochs E] [--threads T] [--data DIR]\n"
            "                      [--subset M] [--no-gram] [--quick] [--shard I/N] [--set K=V]...\n"
            "                      [--paper single|double] [--progress]\n"
            "                      [--width D] [--hidden H] [--classes C] [--loss squared|xent]\n"
            "                      [--act-mem MB] [--escape F] [--fig2-depth L]\n"
            "                      [--xavier glorot|torch] [--inits both|mzas|xavier]   (wu19.mzas)\n"
            "       rescheck train --list\n"
            "       rescheck train --merge DIR... [--out DIR]\n"
            "\n"
            "Runs an experiment of Li et al., \"Demystifying ResNet\" (on whitened\n"
            "Fashion-MNIST) or of the wu19 response (wu19.mzas, on pixels) in double precision\n"
            "(OpenBLAS, LAPACKE), and writes CSV files and pictures as PNG, PDF and SVG\n"
            "(gnuplot) to DIR (default results/EXPERIMENT). docs/reproduction.md\n"
            "shows the paper-size runs.\n"
            "  --list          the experiments\n"
            "  --seed N        seed of every random draw (default 1); a run is determined by\n"
            "                  its options, seed and --threads\n"
            "  --runs K        random restarts per configuration\n"
            "  --depths LIST   depths, comma-separated (number of d x d weight matrices)\n"
            "  --lr-grid LIST  learning rates, comma-separated\n"
            "  --epochs E      full-batch gradient-descent steps\n"
            "  --threads T     threads (default 1): OpenBLAS's; wu19.mzas shares the batch's\n"
            "                  column chunks among T threads, each calling OpenBLAS on one\n"
            "  --data DIR      MNIST-layout directory: {train,t10k}-{images-idx3,labels-idx1}-ubyte\n"
            "                  (.gz or not); default %s\n"
            "  --subset M      use the first M training samples\n"
            "  --no-gram       run linear networks on the M samples instead of the exact\n"
            "                  d-column Gram form of the same loss (slower, same numbers)\n"
            "  --quick         reduced sizes (seconds)\n"
            "  --set KEY=VALUE an experiment's own parameter (liu19.gd: p, radii, eta_a_scale,\n"
            "                  w_star_norm, a_star_norm, tol, basin_phi; docs/reproduction.md)\n"
            "  --shard I/N     run every N-th job from the I-th (1 <= I <= N); join with --merge\n"
            "  --merge DIR...  join the raw CSV files of shards, then summarise and plot\n"
            "  --paper W       pictures for print: single (3.3 in) or double (6.9 in) column\n"
            "                  width, 8 pt fonts, PNG at 300 dpi, titles in the paper's words\n"
            "  --progress      progress on stderr even when it is not a terminal (it is shown\n"
            "                  on a terminal by default)\n"
            "wu19.mzas only:\n"
            "  --width D       width of z_l (default 32; quick 8)   --hidden H  of V_l z (default D)\n"
            "  --classes C     outputs W z_L, samples with labels < C (default 10)\n"
            "  --loss L        squared (default: (1/2n)|Y - F|^2 on one-hot Y) or xent (softmax)\n"
            "  --act-mem MB    activation memory; deeper nets recompute segments (default 1024)\n"
            "  --escape F      a run escapes the saddle when its loss < F x the best constant\n"
            "                  output's loss (default 0.8)\n"
            "  --fig2-depth L  depth of Figure 2's runs (default the first of --depths)\n"
            "  --xavier K      glorot: N(0, 2/(fan_in + fan_out)) (default); torch: PyTorch's\n"
            "                  nn.Linear default U(+-1/sqrt(fan_in))\n"
            "  --inits I       both (default), mzas or xavier\n"
            "\n"
            "Ctrl-C (or SIGTERM) keeps the rows written so far. exit status: 0 done, 2 usage\n"
            "or input error, 130 interrupted (143 on SIGTERM).\n",
            TRAIN_DEFAULT_DATA);
}

static int bad(const char *opt, const char *arg, const char *what)
{
    fprintf(stderr, "rescheck train: %s: '%s' is not %s\n", opt, arg, what);
    return TRAIN_EXIT_INPUT;
}

static int parse_long(long *out, const char *s, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_int(int *out, const char *s, int lo)
{
    long v;
    if (parse_long(&v, s, lo, INT_MAX))
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_seed(unsigned long long *out, const char *s)
{
    char *end;
    errno = 0;
    if (*s == '-' || *s == '+')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_int_list(int *v, int *n, const char *s)
{
    char *copy = strdup(s), *save = NULL;
    *n = 0;
    int rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        if (*n == MAX_LIST || parse_int(v + (*n)++, tok, 1))
            rc = -1;
    free(copy);
    return rc || *n == 0 || s[strlen(s) - 1] == ',' ? -1 : 0;
}

static int parse_double_list(double *v, int *n, const char *s)
{
    char *copy = strdup(s), *save = NULL;
    *n = 0;
    int rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *end;
        errno = 0;
        double x = strtod(tok, &end);
        if (*n == MAX_LIST || errno || end == tok || *end || !(x > 0) || x > 1e300)
            rc = -1;
        else
            v[(*n)++] = x;
    }
    free(copy);
    return rc || *n == 0 || s[strlen(s) - 1] == ',' ? -1 : 0;
}

static int parse_shard(int *i, int *n, const char *s)
{
    char tail;
    if (sscanf(s, "%d/%d%c", i, n, &tail) != 2 || *n < 1 || *i < 1 || *i > *n)
        return -1;
    return 0;
}

int cmd_train(int argc, char **argv)
{
    enum { O_SEED = 256, O_RUNS, O_DEPTHS, O_LR, O_EPOCHS, O_THREADS, O_DATA, O_QUICK, O_SHARD,
           O_LIST, O_MERGE, O_SUBSET, O_NOGRAM, O_OUT, O_SET, O_WIDTH, O_HIDDEN, O_CLASSES,
           O_LOSS, O_ACTMEM, O_ESCAPE, O_FIG2, O_XAVIER, O_INITS, O_PAPER, O_PROGRESS };
    static const struct option opts[] = {
        {"help", no_argument, 0, 'h'},          {"out", required_argument, 0, O_OUT},
        {"seed", required_argument, 0, O_SEED}, {"runs", required_argument, 0, O_RUNS},
        {"depths", required_argument, 0, O_DEPTHS}, {"lr-grid", required_argument, 0, O_LR},
        {"epochs", required_argument, 0, O_EPOCHS}, {"threads", required_argument, 0, O_THREADS},
        {"data", required_argument, 0, O_DATA}, {"quick", no_argument, 0, O_QUICK},
        {"shard", required_argument, 0, O_SHARD}, {"list", no_argument, 0, O_LIST},
        {"merge", no_argument, 0, O_MERGE},     {"subset", required_argument, 0, O_SUBSET},
        {"no-gram", no_argument, 0, O_NOGRAM},  {"set", required_argument, 0, O_SET},
        {"width", required_argument, 0, O_WIDTH},
        {"hidden", required_argument, 0, O_HIDDEN}, {"classes", required_argument, 0, O_CLASSES},
        {"loss", required_argument, 0, O_LOSS}, {"act-mem", required_argument, 0, O_ACTMEM},
        {"escape", required_argument, 0, O_ESCAPE}, {"fig2-depth", required_argument, 0, O_FIG2},
        {"xavier", required_argument, 0, O_XAVIER}, {"inits", required_argument, 0, O_INITS},
        {"paper", required_argument, 0, O_PAPER}, {"progress", no_argument, 0, O_PROGRESS},
        {0, 0, 0, 0}};
    static int depths[MAX_LIST];
    static double lrs[MAX_LIST];
    static const char *sets[MAX_LIST];
    train_opts o = {.seed = 1, .threads = 1, .shard_i = 1, .shard_n = 1};
    int list = 0, merge = 0, c;
    unsigned long long seed;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': usage_train(stdout); return 0;
        case O_OUT: o.out_dir = optarg; break;
        case O_DATA: o.data_dir = optarg; break;
        case O_QUICK: o.quick = 1; break;
        case O_LIST: list = 1; break;
        case O_MERGE: merge = 1; break;
        case O_NOGRAM: o.no_gram = 1; break;
        case O_SET:
            if (o.nset == MAX_LIST || !strchr(optarg, '=') || *optarg == '=')
                return bad("--set", optarg, "KEY=VALUE (at most 64 of them)");
            sets[o.nset++] = optarg;
            o.set = sets;
            break;
        case O_SEED:
            if (parse_seed(&seed, optarg))
                return bad("--seed", optarg, "a non-negative integer");
            o.seed = seed;
            break;
        case O_RUNS:
            if (parse_int(&o.runs, optarg, 1))
                return bad("--runs", optarg, "a positive integer");
            break;
        case O_EPOCHS:
            if (parse_int(&o.epochs, optarg, 1))
                return bad("--epochs", optarg, "a positive integer");
            break;
        case O_SUBSET:
            if (parse_int(&o.subset, optarg, 2))
                return bad("--subset", optarg, "an integer >= 2");
            break;
        case O_THREADS:
            if (parse_int(&o.threads, optarg, 1) || o.threads > 256)
                return bad("--threads", optarg, "a thread count from 1 to 256");
            break;
        case O_DEPTHS:
            if (parse_int_list(depths, &o.ndepths, optarg))
                return bad("--depths", optarg, "a comma-separated list of positive integers");
            o.depths = depths;
            break;
        case O_LR:
            if (parse_double_list(lrs, &o.nlr, optarg))
                return bad("--lr-grid", optarg, "a comma-separated list of positive numbers");
            o.lr_grid = lrs;
            break;
        case O_WIDTH:
            if (parse_int(&o.width, optarg, 1))
                return bad("--width", optarg, "a positive integer");
            break;
        case O_HIDDEN:
            if (parse_int(&o.hidden, optarg, 1))
                return bad("--hidden", optarg, "a positive integer");
            break;
        case O_CLASSES:
            if (parse_int(&o.classes, optarg, 2) || o.classes > 10)
                return bad("--classes", optarg, "an integer from 2 to 10");
            break;
        case O_LOSS:
            if (strcmp(optarg, "squared") && strcmp(optarg, "xent"))
                return bad("--loss", optarg, "squared or xent");
            o.loss = optarg;
            break;
        case O_ACTMEM:
            if (parse_int(&o.act_mem_mb, optarg, 1) || o.act_mem_mb > 1 << 20)
                return bad("--act-mem", optarg, "a size in MB from 1 to 1048576");
            break;
        case O_XAVIER:
            if (strcmp(optarg, "glorot") && strcmp(optarg, "torch"))
                return bad("--xavier", optarg, "glorot or torch");
            o.xavier = optarg;
            break;
        case O_INITS:
            if (strcmp(optarg, "both") && strcmp(optarg, "mzas") && strcmp(optarg, "xavier"))
                return bad("--inits", optarg, "both, mzas or xavier");
            o.inits = optarg;
            break;
        case O_PAPER:
            if (strcmp(optarg, "single") && strcmp(optarg, "double"))
                return bad("--paper", optarg, "single or double");
            o.paper = strcmp(optarg, "single") ? 2 : 1;
            break;
        case O_PROGRESS: o.progress = 1; break;
        case O_FIG2:
            if (parse_int(&o.fig2_depth, optarg, 1))
                return bad("--fig2-depth", optarg, "a positive integer");
            break;
        case O_ESCAPE: {
            char *end;
            errno = 0;
            o.escape = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(o.escape > 0) || !(o.escape <= 1))
                return bad("--escape", optarg, "a number in (0, 1]");
            break;
        }
        case O_SHARD:
            if (parse_shard(&o.shard_i, &o.shard_n, optarg))
                return bad("--shard", optarg, "I/N with 1 <= I <= N");
            break;
        default:
            fprintf(stderr, "rescheck train: unknown or incomplete option '%s' (see --help)\n",
                    argv[optind - 1]);
            return TRAIN_EXIT_INPUT;
        }
    }
    int npos = argc - optind;
    if (list) {
        train_list(stdout);
        return 0;
    }
    if (merge) {
        if (npos < 1) {
            fprintf(stderr, "rescheck train: --merge needs at least one shard directory\n");
            return TRAIN_EXIT_INPUT;
        }
        return train_merge(o.out_dir, argv + optind, npos, o.threads, o.paper);
    }
    if (npos == 0) {
        fprintf(stderr, "rescheck train: name an experiment (see 'rescheck train --list')\n");
        return TRAIN_EXIT_INPUT;
    }
    if (npos > 1) {
        fprintf(stderr, "rescheck train: one experiment at a time, not %d\n", npos);
        return TRAIN_EXIT_INPUT;
    }
    o.experiment = argv[optind];
    if (!train_known(o.experiment)) {
        fprintf(stderr, "rescheck train: unknown experiment '%s' (see 'rescheck train --list')\n",
                o.experiment);
        return TRAIN_EXIT_INPUT;
    }
    return train_run(&o);
}
