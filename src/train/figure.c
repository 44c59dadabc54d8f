/* The pictures of `rescheck train`: decisions taken from the data (overlap,
 * doubling depths, ranges) and the gnuplot script of a figure. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "rescheck/sort.h"
#include "train_internal.h"

/* ---- decisions ---- */
int fig_doubles(const double *x, int n)
{
    if (n < 3)
        return 0;
    double *v = malloc(sizeof(double) * (size_t)n);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(x[i]) && x[i] > 0)
            v[k++] = x[i];
    rc_sort(v, (size_t)k, sizeof(double), cmp_double);
    int m = 0;
    for (int i = 0; i < k; i++)
        if (m == 0 || v[i] != v[m - 1])
            v[m++] = v[i];
    int ok = m >= 3 && k == n;
    for (int i = 1; i < m && ok; i++)
        ok = v[i] == 2 * v[i - 1];
    free(v);
    return ok;
}

int fig_range(const double *v, int n, int logscale, double margin, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;
    for (int i = 0; i < n; i++) {
        double t = v[i];
        if (!isfinite(t) || (logscale && !(t > 0)))
            continue;
        t = logscale ? log10(t) : t;
        a = fmin(a, t);
        b = fmax(b, t);
    }
    if (!(a <= b))
        return -1;
    double span = b - a;
    if (span > 0) {
        a -= margin * span;
        b += margin * span;
    } else if (logscale) {
        a -= log10(1.25);
        b += log10(1.25);
    } else {
        double w = a != 0 ? 0.1 * fabs(a) : 1;
        a -= w;
        b += w;
    }
    *lo = logscale ? pow(10, a) : a;
    *hi = logscale ? pow(10, b) : b;
    return 0;
}

double fig_int_step(double lo, double hi, int target)
{
    double raw = (hi - lo) / (target > 0 ? target : 1);
    if (!(raw > 1))
        return 1;
    double p = pow(10, floor(log10(raw))), step = p;
    if (raw / p > 5)
        step = 10 * p;
    else if (raw / p > 2)
        step = 5 * p;
    else if (raw / p > 1)
        step = 2 * p;
    return step;
}

static double plot_y(double y, int logy)
{
    return logy ? (y > 0 ? log10(y) : NAN) : y;
}

int fig_overlap(const double *xa, const double *ya, int na, const double *xb, const double *yb,
                int nb, int logy, double span, double tol, double *where, int max_where,
                int *nwhere, int *ncommon)
{
    int common = 0, found = 0, hides = 0, prev = 0;
    /* the common x in a's order */
    for (int i = 0; i < na; i++) {
        double y1 = plot_y(ya[i], logy);
        if (!isfinite(y1) || !isfinite(xa[i]))
            continue;
        int j;
        for (j = 0; j < nb; j++)
            if (xb[j] == xa[i] && isfinite(plot_y(yb[j], logy)))
                break;
        if (j == nb)
            continue;
        common++;
        int same = fabs(y1 - plot_y(yb[j], logy)) <= tol * span;
        if (same) {
            if (where && found < max_where)
                where[found] = xa[i];
            found++;
            if (prev)
                hides = 1;
        }
        prev = same;
    }
    if (common == 1 && found == 1)
        hides = 1;
    if (nwhere)
        *nwhere = found;
    if (ncommon)
        *ncommon = common;
    return hides;
}

/* ---- the figure ---- */
const char *fig_kind_label(const char *kind)
{
    static const char *const map[][2] = {
        {"xavier", "Xavier"},
        {"orthogonal", "orthogonal"},
        {"1-shortcut", "1-shortcut"},
        {"2-shortcut", "2-shortcut"},
        {"3-shortcut", "3-shortcut"},
        {"2-shortcut-zero", "2-shortcut, w = 0"},
        {"xavier-relu", "Xavier-ReLU"},
        {"orthogonal-relu", "orthogonal-ReLU"},
        {"2-shortcut-relu", "2-shortcut-ReLU"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], kind))
            return map[i][1];
    return kind;
}

void fig_init(fig_figure *F, const char *name, int np, int px_w, int px_h)
{
    memset(F, 0, sizeof *F);
    snprintf(F->name, sizeof F->name, "%s", name);
    F->np = np;
    F->px_w = px_w;
    F->px_h = px_h;
}

void fig_clear(fig_figure *F)
{
    for (int i = 0; i < F->np; i++)
        for (int k = 0; k < F->p[i].ns; k++) {
            fig_series *s = F->p[i].s + k;
            free(s->title);
            free(s->x);
            free(s->y);
            free(s->lo);
            free(s->hi);
        }
    memset(F, 0, sizeof *F);
}

void fig_titles(fig_figure *F, const char *title, const char *paper_title)
{
    snprintf(F->title, sizeof F->title, "%s", title);
    snprintf(F->paper_title, sizeof F->paper_title, "%s", paper_title);
}

void fig_labels(fig_panel *p, const char *xlabel, const char *ylabel, const char *xword)
{
    snprintf(p->xlabel, sizeof p->xlabel, "%s", xlabel);
    snprintf(p->ylabel, sizeof p->ylabel, "%s", ylabel);
    snprintf(p->xword, sizeof p->xword, "%s", xword ? xword : "points");
}

void fig_paper_labels(fig_panel *p, const char *xlabel, const char *ylabel)
{
    snprintf(p->xlabel_paper, sizeof p->xlabel_paper, "%s", xlabel ? xlabel : "");
    snprintf(p->ylabel_paper, sizeof p->ylabel_paper, "%s", ylabel ? ylabel : "");
}

int fig_add(fig_panel *p, const char *title, const char *with)
{
    if (p->ns == FIG_MAX_SERIES)
        return FIG_MAX_SERIES - 1; /* the last one takes the rest: never reached by the experiments */
    fig_series *s = p->s + p->ns;
    memset(s, 0, sizeof *s);
    s->title = title ? strdup(title) : NULL;
    snprintf(s->with, sizeof s->with, "%s", with);
    return p->ns++;
}

void fig_bar(fig_panel *p, int k, double x, double y, double lo, double hi)
{
    fig_series *s = p->s + k;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->x = realloc(s->x, sizeof(double) * (size_t)s->cap);
        s->y = realloc(s->y, sizeof(double) * (size_t)s->cap);
        s->lo = realloc(s->lo, sizeof(double) * (size_t)s->cap);
        s->hi = realloc(s->hi, sizeof(double) * (size_t)s->cap);
    }
    s->x[s->n] = x;
    s->y[s->n] = y;
    s->lo[s->n] = lo;
    s->hi[s->n] = hi;
    s->n++;
}

void fig_point(fig_panel *p, int k, double x, double y)
{
    fig_bar(p, k, x, y, y, y);
}

int fig_hline(fig_panel *p, double y, const char *title, const char *style)
{
    int k = fig_add(p, title, "lines");
    p->s[k].hline = 1;
    snprintf(p->s[k].style, sizeof p->s[k].style, "%s", style);
    fig_point(p, k, NAN, y);
    return k;
}

void fig_note(fig_panel *p, const char *fmt, ...)
{
    if (p->nnotes == FIG_MAX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->notes[p->nnotes++], sizeof p->notes[0], fmt, ap);
    va_end(ap);
}

/* A gnuplot double-quoted string. */
static void gq(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if (*s == '\n')
            fputs("\\n", f);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

/* Breaks text at spaces into lines of at most width characters (in place). */
static void wrap(char *s, int width)
{
    int col = 0;
    char *last_space = NULL;
    for (char *p = s; *p; p++) {
        if (*p == '\n') {
            col = 0;
            last_space = NULL;
            continue;
        }
        if (*p == ' ')
            last_space = p;
        if (++col > width && last_space) {
            *last_space = '\n';
            col = (int)(p - last_space);
            last_space = NULL;
        }
    }
}

static void fmt_num(char *buf, size_t n, double x)
{
    snprintf(buf, n, "%g", x);
}

#define FIG_MAX_WHERE 64
#define FIG_MAX_OVERLAP_NOTES 3 /* per panel; the rest are counted */
#define FIG_DENSE 12             /* a curve of more points than this is drawn as a line */

typedef struct {
    int a, b, nw, nc;
    double where[FIG_MAX_WHERE];
} fig_pair;

/* Whether series a and b of a panel hide one another, and where. */
static int pair_overlap(const fig_panel *p, int a, int b, double span, fig_pair *out)
{
    const fig_series *A = p->s + a, *B = p->s + b;
    if (A->hline || B->hline || A->y2 != B->y2 || !A->title || !B->title || !(span > 0))
        return 0;
    out->a = a;
    out->b = b;
    int hides = fig_overlap(A->x, A->y, A->n, B->x, B->y, B->n, A->y2 ? p->logy2 : p->logy, span,
                            FIG_OVERLAP_TOL, out->where, FIG_MAX_WHERE, &out->nw, &out->nc);
    /* two dense curves (lines, no markers) that merge for a while, e.g. where both
       have converged, stay readable: only curves on top of each other almost
       everywhere (90% of their common points) are noted */
    if (hides && out->nc > FIG_DENSE && !strcmp(A->with, "lines") && !strcmp(B->with, "lines"))
        hides = out->nw >= 0.9 * out->nc;
    return hides;
}

/* every point of w (n of them) is among the coincident points of q */
static int covers(const fig_pair *q, const double *w, int n)
{
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (int j = 0; j < q->nw && j < FIG_MAX_WHERE && !found; j++)
            found = q->where[j] == w[i];
        if (!found)
            return 0;
    }
    return 1;
}

static int by_count_desc(const void *x, const void *y)
{
    const fig_pair *a = x, *b = y;
    if (a->nw != b->nw)
        return b->nw - a->nw;
    return a->a != b->a ? a->a - b->a : a->b - b->b;
}

/* Notes for the series that hide one another. The pairs that coincide are
 * taken by the number of points, most first; each grows into the group of
 * series that coincide pairwise at (at least) those points, named once. */
static void overlap_notes(fig_panel *p, double span1, double span2)
{
    int ns = p->ns, np = 0;
    fig_pair *pairs = malloc(sizeof(fig_pair) * (size_t)(ns * ns + 1));
    static int pair_of[FIG_MAX_SERIES][FIG_MAX_SERIES];
    for (int a = 0; a < ns; a++)
        for (int b = a + 1; b < ns; b++)
            if (pair_overlap(p, a, b, p->s[a].y2 ? span2 : span1, pairs + np))
                np++;
    rc_sort(pairs, (size_t)np, sizeof(fig_pair), by_count_desc);
    memset(pair_of, -1, sizeof pair_of);
    for (int i = 0; i < np; i++)
        pair_of[pairs[i].a][pairs[i].b] = pair_of[pairs[i].b][pairs[i].a] = i;
    char *covered = calloc((size_t)np + 1, 1);
    int shown = 0, more = 0;
    for (int i = 0; i < np; i++) {
        if (covered[i])
            continue;
        if (shown == FIG_MAX_OVERLAP_NOTES) {
            more++;
            continue;
        }
        const fig_pair *P = pairs + i;
        int nw = P->nw < FIG_MAX_WHERE ? P->nw : FIG_MAX_WHERE;
        int group[FIG_MAX_SERIES], ng = 0;
        group[ng++] = P->a;
        group[ng++] = P->b;
        for (int c = 0; c < ns; c++) {
            if (c == P->a || c == P->b)
                continue;
            int all = 1;
            for (int g = 0; g < ng && all; g++) {
                int q = pair_of[group[g]][c];
                all = q >= 0 && covers(pairs + q, P->where, nw);
            }
            if (all)
                group[ng++] = c;
        }
        /* in the order of the legend */
        for (int x = 1; x < ng; x++)
            for (int y = x; y > 0 && group[y] < group[y - 1]; y--) {
                int t = group[y];
                group[y] = group[y - 1];
                group[y - 1] = t;
            }
        for (int x = 0; x < ng; x++)
            for (int y = x + 1; y < ng; y++) {
                int q = pair_of[group[x]][group[y]];
                if (q >= 0 && pairs[q].nw <= P->nw)
                    covered[q] = 1;
            }
        char names[400], at[200];
        size_t len = 0;
        for (int g = 0; g < ng && len < sizeof names; g++)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'",
                                    g == 0 ? "" : g + 1 < ng ? ", " : " and ", p->s[group[g]].title);
        if (P->nw == P->nc && P->nc == 2)
            snprintf(at, sizeof at, "at both %s", p->xword);
        else if (P->nw == P->nc && P->nc > 2)
            snprintf(at, sizeof at, "at all %d %s", P->nc, p->xword);
        else if (P->nw <= 6) {
            /* one point: the singular of the plural xword */
            int cut = P->nw == 1 && strlen(p->xword) > 1 && p->xword[strlen(p->xword) - 1] == 's';
            size_t k = (size_t)snprintf(at, sizeof at, "at %.*s ",
                                        (int)strlen(p->xword) - cut, p->xword);
            for (int w = 0; w < P->nw && k < sizeof at; w++) {
                char v[32];
                fmt_num(v, sizeof v, P->where[w]);
                k += (size_t)snprintf(at + k, sizeof at - k, "%s%s", w ? ", " : "", v);
            }
        } else
            snprintf(at, sizeof at, "at %d of %d %s", P->nw, P->nc, p->xword);
        fig_note(p, "%s coincide %s", names, at);
        shown++;
    }
    if (more)
        fig_note(p, "and %d more pair%s of series coincide%s (the CSV files have every value)", more,
                 more == 1 ? "" : "s", more == 1 ? "s" : "");
    free(covered);
    free(pairs);
}

/* marker and dash cycle: filled small and open large alternate, so that a
 * point drawn over another of another series leaves both visible */
static const int cyc_pt[] = {7, 6, 5, 4, 9, 8, 13, 12, 11, 10};
static const double cyc_ps[] = {0.9, 1.5, 0.9, 1.5, 0.9, 1.5, 0.9, 1.5, 0.9, 1.5};
static const int cyc_dt[] = {1, 2, 4, 5, 3};

typedef struct {
    double lo, hi;
    int ok;
} range;

static range axis_range(const fig_panel *p, int axis, int logscale)
{
    /* axis 0: x, 1: y1, 2: y2 */
    range r = {0, 0, 0};
    size_t cap = 0;
    for (int k = 0; k < p->ns; k++)
        cap += 3 * (size_t)p->s[k].n;
    double *v = malloc(sizeof(double) * (cap + 1));
    int n = 0;
    for (int k = 0; k < p->ns; k++) {
        const fig_series *s = p->s + k;
        if (axis == 0 && s->hline)
            continue;
        if (axis > 0 && s->y2 != (axis == 2))
            continue;
        for (int i = 0; i < s->n; i++) {
            if (axis == 0)
                v[n++] = s->x[i];
            else {
                v[n++] = s->y[i];
                if (isfinite(s->y[i]) && (!s->hline)) {
                    v[n++] = s->lo[i];
                    v[n++] = s->hi[i];
                }
            }
        }
    }
    r.ok = fig_range(v, n, logscale, FIG_MARGIN, &r.lo, &r.hi) == 0;
    free(v);
    return r;
}

static double span_of(range r, int logscale)
{
    if (!r.ok)
        return NAN;
    /* the data's span: the range less its margins */
    double s = logscale ? log10(r.hi / r.lo) : r.hi - r.lo;
    return s / (1 + 2 * FIG_MARGIN);
}

/* On a log axis spanning less than three decades gnuplot labels only the
 * powers of ten (perhaps none): label 1 and 3 times them (under two decades 1,
 * 2 and 5; under one decade 1, 2, 3 and 5). */
static void log_tics(FILE *f, const char *axis, double lo, double hi)
{
    if (!(lo > 0) || !(hi > lo) || hi / lo >= 1000)
        return;
    static const double m1[] = {1, 3}, m2[] = {1, 2, 5}, m3[] = {1, 2, 3, 5};
    const double *m = hi / lo < 10 ? m3 : hi / lo < 100 ? m2 : m1;
    int nm = hi / lo < 10 ? 4 : hi / lo < 100 ? 3 : 2, n = 0;
    fprintf(f, "set %stics (", axis);
    for (int e = (int)floor(log10(lo)) - 1; e <= (int)ceil(log10(hi)); e++)
        for (int k = 0; k < nm; k++) {
            double v = m[k] * pow(10, e);
            if (v >= lo && v <= hi)
                fprintf(f, "%s%.6g", n++ ? ", " : "", v);
        }
    fprintf(f, ")\n");
}

static void write_x_axis(FILE *f, const fig_panel *p)
{
    double *xs = NULL;
    int n = 0;
    for (int k = 0; k < p->ns; k++) {
        const fig_series *s = p->s + k;
        if (s->hline)
            continue;
        xs = realloc(xs, sizeof(double) * (size_t)(n + s->n + 1));
        for (int i = 0; i < s->n; i++)
            if (isfinite(s->x[i]) && isfinite(s->y[i]))
                xs[n++] = s->x[i];
    }
    int logx = p->logx, doubling = 0;
    if (p->depth_x) {
        doubling = fig_doubles(xs, n);
        logx = doubling;
    }
    range r = {0, 0, 0};
    r.ok = fig_range(xs, n, logx, p->depth_x && !logx ? 0.04 : FIG_MARGIN, &r.lo, &r.hi) == 0;
    if (logx)
        fprintf(f, "set logscale x %d\n", doubling ? 2 : 10);
    if (logx && !doubling && r.ok)
        log_tics(f, "x", fmin(r.lo, r.hi), fmax(r.lo, r.hi));
    if (r.ok)
        fprintf(f, p->xreverse ? "set xrange [%.10g:%.10g]\n" : "set xrange [%.10g:%.10g] noreverse\n",
                p->xreverse ? r.hi : r.lo, p->xreverse ? r.lo : r.hi);
    if (p->depth_x && doubling) {
        /* a tic at each depth */
        rc_sort(xs, (size_t)n, sizeof(double), cmp_double);
        fprintf(f, "set xtics (");
        for (int i = 0, first = 1; i < n; i++)
            if (i == 0 || xs[i] != xs[i - 1]) {
                fprintf(f, "%s%.0f", first ? "" : ", ", xs[i]);
                first = 0;
            }
        fprintf(f, ")\nunset mxtics\n");
    } else if (p->depth_x && r.ok) {
        fprintf(f, "set xtics %.0f\nset format x '%%.0f'\nset mxtics 1\n",
                fig_int_step(r.lo, r.hi, 8));
    }
    free(xs);
}

void fig_write(FILE *f, fig_figure *F, int paper)
{
    /* the overlap notes, from the ranges the panels will have */
    for (int i = 0; i < F->np; i++) {
        fig_panel *p = F->p + i;
        double s1 = span_of(axis_range(p, 1, p->logy), p->logy),
               s2 = span_of(axis_range(p, 2, p->logy2), p->logy2);
        overlap_notes(p, s1, s2);
    }
    /* sizes: screen pixels at 96 dpi, or a column's width in inches */
    double w_in, h_in, font = paper ? 8 : 11;
    int rows = 1, cols = F->np;
    if (paper == FIG_SINGLE) {
        rows = F->np;
        cols = 1;
    }
    if (paper) {
        /* a plot area of about 1.8 in, plus the key's and the notes' lines */
        w_in = paper == FIG_SINGLE ? 3.3 : 6.9;
        double line = 1.25 * 8 / 72.0, tallest = 0;
        for (int i = 0; i < F->np; i++) {
            int entries = 0;
            for (int k = 0; k < F->p[i].ns; k++)
                entries += F->p[i].s[k].title != NULL;
            int key_lines = entries;
            double h = 1.8 + line * (key_lines + 2) + line * 2.2 * F->p[i].nnotes;
            if (paper == FIG_SINGLE)
                tallest += h;
            else
                tallest = h > tallest ? h : tallest;
        }
        h_in = 0.4 + tallest;
    } else {
        w_in = F->px_w / 96.0;
        h_in = F->px_h / 96.0;
    }
    double dpi = paper ? 300 : 96;
    fprintf(f, "set encoding utf8\nif (!exists('fmt')) fmt = 'png'\n"
               "if (!exists('outfile')) outfile = '%s.'.fmt\n",
            F->name);
    fprintf(f, "if (fmt eq 'pdf') {\n"
               "  set terminal pdfcairo size %.3fin,%.3fin font 'Sans,%g' noenhanced\n"
               "} else { if (fmt eq 'svg') {\n"
               "  set terminal svg size %d,%d font 'Sans,%g' noenhanced background '#ffffff'\n"
               "} else {\n"
               "  set terminal pngcairo size %d,%d font 'Sans,%g' fontscale %g linewidth %g noenhanced\n"
               "}}\nset output outfile\n",
            w_in, h_in, font, (int)lround(w_in * 96), (int)lround(h_in * 96), font * 96 / 72,
            (int)lround(w_in * dpi), (int)lround(h_in * dpi), font, dpi / 96, dpi / 96);
    /* data */
    for (int i = 0; i < F->np; i++)
        for (int k = 0; k < F->p[i].ns; k++) {
            const fig_series *s = F->p[i].s + k;
            if (s->hline)
                continue;
            fprintf(f, "$P%d_%d << EOD\n", i, k);
            for (int j = 0; j < s->n; j++)
                if (isfinite(s->x[j]) && isfinite(s->y[j]))
                    fprintf(f, "%.17g %.17g %.17g %.17g\n", s->x[j], s->y[j], s->lo[j], s->hi[j]);
            fprintf(f, "EOD\n");
        }
    char title[sizeof F->title];
    snprintf(title, sizeof title, "%s", paper ? F->paper_title : F->title);
    int chars_per_line = (int)(w_in * 72 / (0.55 * font));
    wrap(title, chars_per_line);
    fprintf(f, "set multiplot layout %d,%d title ", rows, cols);
    gq(f, title);
    fputc('\n', f);
    double pscale = paper ? 0.8 : 1;
    /* the notes above each panel, wrapped; panels of a row get as many lines */
    static char notes[3][FIG_MAX_NOTES * 400 + 64];
    int lines[3] = {0, 0, 0}, maxlines = 0;
    for (int i = 0; i < F->np; i++) {
        fig_panel *p = F->p + i;
        notes[i][0] = '\0';
        for (int k = 0; k < p->nnotes; k++) {
            strcat(notes[i], k ? "\n" : "");
            strcat(notes[i], p->notes[k]);
        }
        wrap(notes[i], (int)(w_in / cols * 72 / (0.62 * (font - 1))));
        lines[i] = p->nnotes ? 1 : 0;
        for (const char *q = notes[i]; *q; q++)
            lines[i] += *q == '\n';
        maxlines = lines[i] > maxlines ? lines[i] : maxlines;
    }
    for (int i = 0; i < F->np; i++) {
        fig_panel *p = F->p + i;
        fprintf(f, "# panel %d\nunset logscale\nunset title\nunset y2label\nunset y2tics\n"
                   "set ytics autofreq mirror\nset xtics autofreq\nset format x '%% h'\nset mxtics default\n"
                   "set autoscale\nset grid\n"
                   "set key outside below horizontal samplen 2.5\n",
                i);
        /* single column: panels stacked, each with its own notes */
        int pad = paper == FIG_SINGLE ? 0 : maxlines - lines[i];
        if (lines[i] + pad > 0) {
            char padded[sizeof notes[0] + 16];
            memcpy(padded, notes[i], strlen(notes[i]) + 1);
            for (int k = 0; k < pad && strlen(padded) + 3 < sizeof padded; k++)
                strcat(padded, lines[i] + k ? "\n " : " ");
            fprintf(f, "set title ");
            gq(f, padded);
            fprintf(f, " font ',%g'\n", font - 1);
        }
        fprintf(f, "set xlabel ");
        gq(f, paper && p->xlabel_paper[0] ? p->xlabel_paper : p->xlabel);
        fprintf(f, "\nset ylabel ");
        gq(f, paper && p->ylabel_paper[0] ? p->ylabel_paper : p->ylabel);
        fputc('\n', f);
        write_x_axis(f, p);
        range r1 = axis_range(p, 1, p->logy), r2 = axis_range(p, 2, p->logy2);
        if (p->logy)
            fprintf(f, "set logscale y\nset format y '%s'\n",
                    r1.ok && r1.hi / r1.lo > 1e3 ? "1e%T" : "%g");
        else
            fprintf(f, "set format y '%% h'\n");
        if (r1.ok)
            fprintf(f, "set yrange [%.10g:%.10g]\n", r1.lo, r1.hi);
        if (r1.ok && p->logy)
            log_tics(f, "y", r1.lo, r1.hi);
        if (r2.ok) {
            fprintf(f, "set ytics nomirror\nset y2tics\nset y2label ");
            gq(f, p->y2label);
            fprintf(f, "\nset y2range [%.10g:%.10g]\n", r2.lo, r2.hi);
            if (p->logy2) {
                fprintf(f, "set logscale y2\n");
                log_tics(f, "y2", r2.lo, r2.hi);
            }
        }
        int has_data = 0;
        for (int k = 0; k < p->ns; k++)
            has_data |= p->s[k].hline || p->s[k].n > 0;
        if (!has_data) { /* nothing to draw: an empty frame that says so */
            fprintf(f, "set xrange [0:1]\nset yrange [0:1]\nunset logscale\nunset xtics\nunset ytics\n"
                       "set label 1 'no data' at graph 0.5, graph 0.5 center\n"
                       "plot -1 notitle\nunset label 1\nset xtics\nset ytics\n");
            continue;
        }
        fprintf(f, "plot ");
        int styled = 0, any = 0;
        for (int k = 0; k < p->ns; k++) {
            const fig_series *s = p->s + k;
            if (!s->hline && s->n == 0)
                continue;
            fprintf(f, "%s", any ? ", \\\n     " : "");
            any = 1;
            if (s->hline)
                fprintf(f, "%.17g with lines %s", s->y[0], s->style);
            else {
                int c = styled++;
                fprintf(f, "$P%d_%d using 1:2%s%s with %s", i, k,
                        strcmp(s->with, "yerrorlines") ? "" : ":3:4", s->y2 ? " axes x1y2" : "",
                        s->with);
                if (s->style[0])
                    fprintf(f, " %s", s->style);
                else
                    fprintf(f, " lc %d pt %d ps %g dt %d lw 1.5", c + 1, cyc_pt[c % 10],
                            cyc_ps[c % 10] * pscale, cyc_dt[c % 5]);
            }
            fprintf(f, " ");
            if (s->title)
                fprintf(f, "title "), gq(f, s->title);
            else
                fprintf(f, "notitle");
        }

        fputc('\n', f);
    }
    fprintf(f, "unset multiplot\n");
}
