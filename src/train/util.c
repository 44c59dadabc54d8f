/* Output files written atomically, the SIGINT/SIGTERM flag, the progress line, CSV
 * tables and gnuplot. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "train_internal.h"

int mkdir_p(const char *dir)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

int out_open(out_file *o, const char *dir, const char *name)
{
    snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp.%ld", o->path, (long)getpid());
    o->f = fopen(o->tmp, "w");
    return o->f ? 0 : -1;
}

int out_commit(out_file *o)
{
    if (!o->f)
        return 0;
    int bad = ferror(o->f);
    bad |= fclose(o->f) != 0;
    o->f = NULL;
    if (bad || rename(o->tmp, o->path) != 0) {
        unlink(o->tmp);
        return -1;
    }
    return 0;
}

void out_abort(out_file *o)
{
    if (o->f) {
        fclose(o->f);
        unlink(o->tmp);
        o->f = NULL;
    }
}

static volatile sig_atomic_t signal_seen;

static void on_signal(int sig)
{
    signal_seen = sig;
}

void interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int interrupted(void)
{
    return signal_seen;
}

/* Splits a CSV line (no quoting: the fields rescheck writes have no commas). */
static int split_fields(char *line, char ***out)
{
    int n = 1;
    for (char *p = line; *p; p++)
        n += *p == ',';
    char **f = malloc(sizeof(char *) * (size_t)n);
    int i = 0;
    for (char *s = line;; s++) {
        f[i++] = s;
        s = strchr(s, ',');
        if (!s)
            break;
        *s = '\0';
    }
    *out = f;
    return n;
}

static char *chomp_dup(const char *s)
{
    size_t len = strcspn(s, "\r\n");
    return strndup(s, len);
}

int csv_read(csv_table *t, const char *path, char *err, size_t n)
{
    memset(t, 0, sizeof *t);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, n, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int cap_rows = 0;
    while (getline(&line, &cap, f) > 0) {
        char *text = chomp_dup(line);
        if (text[0] == '#') {
            t->meta = realloc(t->meta, sizeof(char *) * (size_t)(t->nmeta + 1));
            t->meta[t->nmeta++] = text;
        } else if (!t->names) {
            t->ncols = split_fields(text, &t->names);
        } else if (text[0]) {
            char **cells;
            char *copy = strdup(text);
            if (split_fields(copy, &cells) != t->ncols) {
                snprintf(err, n, "%s: row %d has not %d fields", path, t->nrows + 1, t->ncols);
                free(cells);
                free(copy);
                free(text);
                free(line);
                fclose(f);
                return -1;
            }
            if (t->nrows == cap_rows) {
                cap_rows = cap_rows ? 2 * cap_rows : 64;
                t->cells = realloc(t->cells, sizeof(char **) * (size_t)cap_rows);
                t->lines = realloc(t->lines, sizeof(char *) * (size_t)cap_rows);
            }
            t->cells[t->nrows] = cells;
            t->lines[t->nrows++] = text;
            continue;
        } else {
            free(text);
        }
    }
    free(line);
    fclose(f);
    if (!t->names) {
        snprintf(err, n, "%s: no header row", path);
        return -1;
    }
    return 0;
}

void csv_clear(csv_table *t)
{
    for (int i = 0; i < t->nmeta; i++)
        free(t->meta[i]);
    for (int r = 0; r < t->nrows; r++) {
        free(t->cells[r][0]);
        free(t->cells[r]);
        free(t->lines[r]);
    }
    if (t->names)
        free(t->names[0]);
    free(t->names);
    free(t->meta);
    free(t->cells);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

int csv_col(const csv_table *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (!strcmp(t->names[i], name))
            return i;
    return -1;
}

double csv_num(const csv_table *t, int row, int col)
{
    if (col < 0)
        return NAN;
    const char *s = t->cells[row][col];
    char *end;
    double v = strtod(s, &end);
    return end == s ? NAN : v;
}

const char *csv_str(const csv_table *t, int row, int col)
{
    return col < 0 ? "" : t->cells[row][col];
}

/* Copies at most a few lines of gnuplot's messages to stderr. */
static void show_messages(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    for (int n = 0; f && n < 5 && fgets(line, sizeof line, f); n++)
        fprintf(stderr, "gnuplot: %s", line);
    if (f)
        fclose(f);
}

int plot_render(const char *dir, const char *gp, const char *out, const char *fmt)
{
    char tmp[4200], outvar[4400], final[4200], tmp_path[8400], log_path[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", out, (long)getpid());
    snprintf(outvar, sizeof outvar, "outfile='%s'; fmt='%s'", tmp, fmt);
    snprintf(final, sizeof final, "%s/%s", dir, out);
    snprintf(tmp_path, sizeof tmp_path, "%s/%s", dir, tmp);
    snprintf(log_path, sizeof log_path, "%s/%s.log.tmp.%ld", dir, gp, (long)getpid());
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* gnuplot's warnings go to a log, shown only if it fails */
        FILE *log = fopen(log_path, "w");
        if (!log || dup2(fileno(log), STDERR_FILENO) < 0 || chdir(dir) != 0)
            _exit(126);
        execlp("gnuplot", "gnuplot", "-e", outvar, gp, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    int rc = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        rc = 1;
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || rename(tmp_path, final) != 0) {
        show_messages(log_path);
        rc = -1;
    }
    unlink(tmp_path);
    unlink(log_path);
    return rc;
}

void mean_std(const double *x, int n, double *mean, double *sd)
{
    double s = 0, ss = 0;
    for (int i = 0; i < n; i++)
        s += x[i];
    *mean = n ? s / n : NAN;
    for (int i = 0; i < n; i++)
        ss += (x[i] - *mean) * (x[i] - *mean);
    *sd = n > 1 ? sqrt(ss / (n - 1)) : 0;
}
