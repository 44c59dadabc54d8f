#ifndef RESCHECK_TRAIN_FIGURE_H
#define RESCHECK_TRAIN_FIGURE_H
/* The gnuplot scripts of `rescheck train`: a figure is one to three panels of
 * series; fig_write writes the script, which draws PNG, PDF or SVG (the
 * variable fmt) at screen size or at a paper's column width (--paper), with a
 * marker and dash type per series, axis ranges from the data with a margin,
 * depth axes on a log2 scale when the depths double (integer tics always),
 * and a note above a panel where two series hide one another. */

#include <stdio.h>

#include "rescheck/figure.h"

#define FIG_MAX_SERIES 24
#define FIG_MAX_NOTES 8

enum { FIG_SCREEN = 0, FIG_SINGLE = 1, FIG_DOUBLE = 2 }; /* --paper */

typedef struct {
    char *title;    /* legend, NULL: none */
    char with[32];  /* lines, linespoints, points, yerrorlines */
    char style[96]; /* a fixed style instead of the cycle ("" : the cycle) */
    int y2;         /* on the y2 axis */
    int hline;      /* a constant line at y[0] */
    int n, cap;
    double *x, *y, *lo, *hi;
} fig_series;

typedef struct {
    char xlabel[200], ylabel[200], y2label[200];
    char xlabel_paper[120], ylabel_paper[120]; /* shorter labels for --paper ("": the above) */
    char xword[32]; /* the x values' name in notes, plural ("depths") */
    int logx, logy, logy2, depth_x, xreverse;
    int ns;
    fig_series s[FIG_MAX_SERIES];
    int nnotes;
    char notes[FIG_MAX_NOTES][400];
} fig_panel;

typedef struct {
    char name[64];         /* file stem */
    char title[400];       /* screen title (may name the experiment) */
    char paper_title[400]; /* the paper's words, no internal IDs */
    int px_w, px_h;        /* screen size in pixels */
    int np;
    fig_panel p[3];
} fig_figure;

void fig_init(fig_figure *F, const char *name, int np, int px_w, int px_h);
void fig_clear(fig_figure *F);
void fig_titles(fig_figure *F, const char *title, const char *paper_title);
void fig_labels(fig_panel *p, const char *xlabel, const char *ylabel, const char *xword);
/* Shorter axis labels at a paper's column width (NULL: the screen's). */
void fig_paper_labels(fig_panel *p, const char *xlabel, const char *ylabel);
/* A series; returns its index. */
int fig_add(fig_panel *p, const char *title, const char *with);
void fig_point(fig_panel *p, int s, double x, double y);
void fig_bar(fig_panel *p, int s, double x, double y, double lo, double hi);
/* A constant line, in the y range; no marker, not compared for overlap. */
int fig_hline(fig_panel *p, double y, const char *title, const char *style);
void fig_note(fig_panel *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds the overlap notes and writes the script. */
void fig_write(FILE *f, fig_figure *F, int paper);

/* The paper's name of a network kind ("xavier-relu" -> "Xavier-ReLU"). */
const char *fig_kind_label(const char *kind);

#endif
