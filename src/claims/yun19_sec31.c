/* yun19 §3.1: R_lin, Table 1 and its mirror, Proposition 1. */
#include "yun19_sec31.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

/* ---- reading the spec ------------------------------------------------ */

static int read_printed_rows(sec31_t *d, rc_spec *s, json_t *printed, int t)
{
    const char *key = t == 0 ? "table1" : "table1_mirror";
    json_t *rows = rc_spec_get(s, printed, key, NULL, 0);
    if (!rows || json_is_null(rows))
        return 0;
    char field[96];
    snprintf(field, sizeof field, "printed.%s", key);
    if (!json_is_array(rows) || json_array_size(rows) > RC_LIMIT_POINTS + 1)
        return rc_spec_fail(s, field, "expected an array of rows");
    d->nrows_printed[t] = (slong)json_array_size(rows);
    d->rows[t] = calloc((size_t)d->nrows_printed[t] + 1, sizeof(sec31_printed_row));
    static const char *cells[] = {"constant", "affine", "bound"};
    for (slong r = 0; r < d->nrows_printed[t]; r++) {
        json_t *row = json_array_get(rows, (size_t)r);
        const char **dst[] = {&d->rows[t][r].constant, &d->rows[t][r].affine, &d->rows[t][r].bound};
        for (int k = 0; k < 3; k++) {
            snprintf(field, sizeof field, "printed.%s[%ld].%s", key, (long)r, cells[k]);
            json_t *v = rc_spec_get(s, row, cells[k], field, 0);
            fmpz_poly_q_t tmp;
            fmpz_poly_q_init(tmp);
            int bad = v && (rc_spec_string(dst[k], s, v, field) || rc_spec_qrho(tmp, s, v, field));
            fmpz_poly_q_clear(tmp);
            if (bad)
                return -1;
        }
        snprintf(field, sizeof field, "printed.%s[%ld].breakpoint_in", key, (long)r);
        json_t *v = rc_spec_get(s, row, "breakpoint_in", field, 0);
        char err[160];
        if (v && (rc_spec_string(&d->rows[t][r].breakpoint_in, s, v, field) ||
                  (rc_interval_text_equal(d->rows[t][r].breakpoint_in, NULL, 0, NULL, 0, err,
                                          sizeof err) < 0 &&
                   rc_spec_fail(s, field, "%s", err))))
            return -1;
    }
    return 0;
}

static int read_optional_string(const char **out, rc_spec *s, json_t *obj, const char *key,
                                const char *field)
{
    json_t *v = rc_spec_get(s, obj, key, field, 0);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    fmpz_poly_q_t tmp;
    fmpz_poly_q_init(tmp);
    int rc = rc_spec_string(out, s, v, field) || rc_spec_qrho(tmp, s, v, field) ? -1 : 0;
    fmpz_poly_q_clear(tmp);
    return rc;
}

static int read_point(sec31_t *d, rc_spec *s)
{
    json_t *p = rc_spec_get(s, s->root, "resnet", "resnet", 0);
    if (!p)
        return 0;
    d->has_point = 1;
    if (rc_spec_qrho(d->v, s, rc_spec_get(s, p, "v", "resnet.v", 1), "resnet.v"))
        return -1;
    if (!rc_qrho_is_affine(d->v))
        return rc_spec_fail(s, "resnet.v", "must be affine in rho");
    if (rc_spec_fmpq(d->u, s, rc_spec_get(s, p, "u", "resnet.u", 1), "resnet.u") ||
        rc_spec_fmpq(d->b, s, rc_spec_get(s, p, "b", "resnet.b", 1), "resnet.b"))
        return -1;
    return 0;
}

int sec31_read(sec31_t *d, rc_spec *s)
{
    memset(d, 0, sizeof *d);
    rc_interval_init(d->domain);
    rc_interval_init(d->I);
    fmpz_poly_q_init(d->v);
    fmpq_init(d->u);
    fmpq_init(d->b);
    if (rc_spec_check_kind(s, "yun19.sec31"))
        return -1;
    d->n = -1;
    if (rc_spec_fmpq_array(&d->x, &d->n, s, rc_spec_get(s, s->root, "x", "x", 1), "x"))
        return -1;
    if (d->n < 1)
        return rc_spec_fail(s, "x", "needs at least one point");
    char what[64];
    snprintf(what, sizeof what, "%ld points", (long)d->n);
    if (rc_spec_cost(s, "x", rc_cost_sec31(d->n), what))
        return -1;
    if (rc_spec_qrho_array(&d->y, &d->n, s, rc_spec_get(s, s->root, "y", "y", 1), "y", 1))
        return -1;
    d->xq = flint_malloc(sizeof(fmpz_poly_q_struct) * (size_t)d->n);
    for (slong i = 0; i < d->n; i++) {
        fmpz_poly_q_init(d->xq + i);
        rc_qrho_set_fmpq(d->xq + i, d->x + i);
    }
    if (rc_spec_interval(d->domain, s, rc_spec_get(s, s->root, "domain", "domain", 1), "domain"))
        return -1;
    if (d->domain->lo_closed || d->domain->hi_closed ||
        (!d->domain->lo->inf && !rc_alg_is_rational(d->domain->lo->x)) ||
        (!d->domain->hi->inf && !rc_alg_is_rational(d->domain->hi->x)))
        return rc_spec_fail(s, "domain", "must be open with rational or infinite ends");
    if (rc_spec_interval(d->I, s, rc_spec_get(s, s->root, "interval", "interval", 1), "interval"))
        return -1;
    if (!rc_interval_inside_domain(d->I, d->domain))
        return rc_spec_fail(s, "interval", "must lie inside the domain");
    if (read_point(d, s))
        return -1;
    json_t *printed = rc_spec_get(s, s->root, "printed", "printed", 0);
    if (printed) {
        json_t *H = rc_spec_get(s, printed, "resnet_H", NULL, 0);
        if (read_optional_string(&d->printed_r_lin, s, printed, "r_lin", "printed.r_lin") ||
            read_optional_string(&d->printed_risk, s, printed, "resnet_risk", "printed.resnet_risk") ||
            read_printed_rows(d, s, printed, 0) || read_printed_rows(d, s, printed, 1))
            return -1;
        if (H) {
            slong n = d->n;
            fmpz_poly_q_struct *tmp;
            if (rc_spec_qrho_array(&tmp, &n, s, H, "printed.resnet_H", 0))
                return -1;
            rc_qrho_vec_clear(tmp, n);
            d->printed_H = calloc((size_t)n, sizeof(char *));
            for (slong i = 0; i < n; i++)
                if (rc_spec_string(d->printed_H + i, s, json_array_get(H, (size_t)i), "printed.resnet_H"))
                    return -1;
        }
    }
    return 0;
}

void sec31_clear(sec31_t *d)
{
    if (d->x)
        _fmpq_vec_clear(d->x, d->n);
    rc_qrho_vec_clear(d->xq, d->xq ? d->n : 0);
    rc_qrho_vec_clear(d->y, d->y ? d->n : 0);
    rc_interval_clear(d->domain);
    rc_interval_clear(d->I);
    fmpz_poly_q_clear(d->v);
    fmpq_clear(d->u);
    fmpq_clear(d->b);
    free(d->printed_H);
    free(d->rows[0]);
    free(d->rows[1]);
}

/* ---- certificate inputs ---------------------------------------------- */

static json_t *end_json(const rc_end_t e)
{
    if (e->inf)
        return json_string(e->inf < 0 ? "-inf" : "inf");
    json_t *o = json_object();
    json_object_set_new(o, "poly", rc_json_poly(e->x->poly));
    json_object_set_new(o, "lo", rc_json_fmpq(e->x->lo));
    json_object_set_new(o, "hi", rc_json_fmpq(e->x->hi));
    return o;
}

static json_t *interval_json(const rc_interval_t I)
{
    json_t *o = json_object();
    json_object_set_new(o, "lo", end_json(I->lo));
    json_object_set_new(o, "hi", end_json(I->hi));
    json_object_set_new(o, "lo_closed", json_boolean(I->lo_closed));
    json_object_set_new(o, "hi_closed", json_boolean(I->hi_closed));
    return o;
}

/* {"text": as printed, "value": exact} or null */
static json_t *printed_json(const char *text)
{
    if (!text)
        return json_null();
    fmpz_poly_q_t f;
    fmpz_poly_q_init(f);
    char err[8];
    rc_qrho_parse(f, text, err, sizeof err); /* validated when read */
    json_t *o = json_object();
    json_object_set_new(o, "text", json_string(text));
    json_object_set_new(o, "value", rc_json_qrho(f));
    fmpz_poly_q_clear(f);
    return o;
}

static json_t *printed_rows_json(const sec31_t *d, int t)
{
    if (!d->rows[t])
        return json_null();
    json_t *a = json_array();
    for (slong r = 0; r < d->nrows_printed[t]; r++) {
        json_t *o = json_object();
        json_object_set_new(o, "constant", printed_json(d->rows[t][r].constant));
        json_object_set_new(o, "affine", printed_json(d->rows[t][r].affine));
        json_object_set_new(o, "bound", printed_json(d->rows[t][r].bound));
        const char *label = d->rows[t][r].breakpoint_in;
        json_object_set_new(o, "breakpoint_in", label ? json_string(label) : json_null());
        json_array_append_new(a, o);
    }
    return a;
}

json_t *sec31_inputs_json(const sec31_t *d, int with_point, int with_interval)
{
    json_t *in = json_object();
    json_t *x = json_array(), *y = json_array();
    for (slong i = 0; i < d->n; i++) {
        json_array_append_new(x, rc_json_fmpq(d->x + i));
        json_array_append_new(y, rc_json_qrho(d->y + i));
    }
    json_object_set_new(in, "x", x);
    json_object_set_new(in, "y", y);
    if (with_interval) {
        json_object_set_new(in, "domain", interval_json(d->domain));
        json_object_set_new(in, "interval", interval_json(d->I));
    }
    json_t *pr = json_object();
    json_object_set_new(pr, "r_lin", printed_json(d->printed_r_lin));
    json_object_set_new(pr, "table1", printed_rows_json(d, 0));
    json_object_set_new(pr, "table1_mirror", printed_rows_json(d, 1));
    if (with_point && d->has_point) {
        json_t *p = json_object();
        json_object_set_new(p, "v", rc_json_qrho(d->v));
        json_object_set_new(p, "u", rc_json_fmpq(d->u));
        json_object_set_new(p, "b", rc_json_fmpq(d->b));
        json_object_set_new(in, "resnet", p);
        json_object_set_new(pr, "resnet_risk", printed_json(d->printed_risk));
        json_t *H = json_null();
        if (d->printed_H) {
            H = json_array();
            for (slong i = 0; i < d->n; i++)
                json_array_append_new(H, printed_json(d->printed_H[i]));
        }
        json_object_set_new(pr, "resnet_H", H);
    }
    json_object_set_new(in, "printed", pr);
    return in;
}

/* ---- the set where every part holds together ------------------------------- */

/* A finite union of disjoint intervals in increasing order. */
typedef struct {
    rc_interval_struct *iv;
    slong n;
} ivset;

static void ivset_clear(ivset *s)
{
    for (slong k = 0; k < s->n; k++)
        rc_interval_clear(s->iv + k);
    free(s->iv);
    s->iv = NULL;
    s->n = 0;
}

/* the whole open domain */
static void ivset_domain(ivset *s, const rc_interval_t domain)
{
    s->n = 1;
    s->iv = malloc(sizeof(rc_interval_struct));
    rc_interval_init(s->iv);
    rc_end_set(s->iv->lo, domain->lo);
    rc_end_set(s->iv->hi, domain->hi);
    s->iv->lo_closed = s->iv->hi_closed = 0;
}

/* an end of a piece of q's maximal set: root j of its sign table, or the
 * domain's own end (j < 0) */
static void piece_end(rc_end_t e, const rc_ineq_t q, slong j, int hi)
{
    e->inf = 0;
    if (j >= 0) {
        rc_signtable_root(e->x, q->st, j);
    } else if (hi ? q->st->dhi_inf : q->st->dlo_inf) {
        e->inf = hi ? 1 : -1;
    } else {
        rc_alg_set_fmpq(e->x, hi ? q->st->dhi : q->st->dlo);
    }
}

static int end_cmp(rc_end_t a, rc_end_t b)
{
    if (a->inf || b->inf)
        return a->inf == b->inf ? 0 : a->inf < b->inf ? -1 : 1;
    return rc_alg_cmp(a->x, b->x);
}

/* acc = acc intersected with the maximal set of q: each pair of pieces
 * meets in [the larger lo, the smaller hi]; the pieces of both are sorted
 * and disjoint, so the results are too, and no two of them touch */
static void ivset_meet(ivset *acc, const rc_ineq_t q)
{
    ivset out = {malloc(sizeof(rc_interval_struct) * (size_t)(acc->n * q->nset + 1)), 0};
    rc_interval_t b;
    rc_interval_init(b);
    for (slong i = 0; i < acc->n; i++)
        for (slong j = 0; j < q->nset; j++) {
            rc_interval_struct *a = acc->iv + i, *o = out.iv + out.n;
            piece_end(b->lo, q, q->set[j].lo_root, 0);
            piece_end(b->hi, q, q->set[j].hi_root, 1);
            b->lo_closed = q->set[j].lo_closed;
            b->hi_closed = q->set[j].hi_closed;
            rc_interval_init(o);
            int c = end_cmp(a->lo, b->lo), e;
            rc_end_set(o->lo, c >= 0 ? a->lo : b->lo);
            o->lo_closed = c > 0 ? a->lo_closed : c < 0 ? b->lo_closed : a->lo_closed && b->lo_closed;
            c = end_cmp(a->hi, b->hi);
            rc_end_set(o->hi, c <= 0 ? a->hi : b->hi);
            o->hi_closed = c < 0 ? a->hi_closed : c > 0 ? b->hi_closed : a->hi_closed && b->hi_closed;
            e = end_cmp(o->lo, o->hi);
            if (e < 0 || (e == 0 && o->lo_closed && o->hi_closed))
                out.n++;
            else
                rc_interval_clear(o);
        }
    rc_interval_clear(b);
    ivset_clear(acc);
    *acc = out;
}

/* [{lo, hi, lo_closed, hi_closed}] with every end in its canonical spelling
 * (rc_alg_canonical), so that prover and checker write the same bytes */
static json_t *ivset_json(ivset *s)
{
    json_t *a = json_array();
    for (slong k = 0; k < s->n; k++) {
        if (!s->iv[k].lo->inf)
            rc_alg_canonical(s->iv[k].lo->x);
        if (!s->iv[k].hi->inf)
            rc_alg_canonical(s->iv[k].hi->x);
        json_array_append_new(a, interval_json(s->iv + k));
    }
    return a;
}

static char *ivset_str(const ivset *s)
{
    char *out = NULL;
    for (slong k = 0; k < s->n; k++) {
        char *one = rc_interval_get_str(s->iv + k), *j;
        if (asprintf(&j, "%s%s%s", out ? out : "", out ? " U " : "", one) < 0)
            abort();
        free(out);
        flint_free(one);
        out = j;
    }
    return out;
}

/* ---- fits --------------------------------------------------------------- */

void sec31_fit_risk(fmpz_poly_q_t risk, const sec31_t *d, const int *mask, rc_fit_kind kind,
                    const fmpz_poly_q_struct *xs)
{
    fmpz_poly_q_struct *px = flint_malloc(sizeof(fmpz_poly_q_struct) * (size_t)d->n);
    fmpz_poly_q_struct *py = flint_malloc(sizeof(fmpz_poly_q_struct) * (size_t)d->n);
    slong m = 0;
    for (slong i = 0; i < d->n; i++) {
        if (mask && !mask[i])
            continue;
        px[m] = xs[i]; /* shallow copies: read only */
        py[m] = d->y[i];
        m++;
    }
    rc_fit_t fit;
    rc_fit_init(fit);
    rc_fit_compute(fit, kind, px, py, m);
    fmpz_poly_q_scalar_div_si(risk, fit->sse, d->n);
    rc_fit_clear(fit);
    flint_free(px);
    flint_free(py);
}

/* ---- shared pieces of the reports -------------------------------------- */

static char *qstr(const fmpz_poly_q_t f)
{
    return rc_qrho_get_str(f);
}

/* Compares a computed value with a printed one; returns 1 on match, 0 on a
 * mismatch (detail filled), -1 when nothing was printed. */
static int compare_printed(char **detail, const char *what, const fmpz_poly_q_t computed,
                           const char *printed)
{
    *detail = NULL;
    if (!printed)
        return -1;
    fmpz_poly_q_t p, diff;
    fmpz_poly_q_init(p);
    fmpz_poly_q_init(diff);
    char err[8];
    rc_qrho_parse(p, printed, err, sizeof err);
    int eq = fmpz_poly_q_equal(p, computed);
    if (!eq) {
        fmpz_poly_q_sub(diff, computed, p);
        char *c = qstr(computed), *ps = qstr(p), *df = qstr(diff);
        char *pw = rc_paper_value_str(printed, ps);
        if (asprintf(detail, "%s: paper %s, computed %s (computed - paper = %s)", what, pw,
                     c, df) < 0)
            *detail = NULL;
        free(pw);
        flint_free(c);
        flint_free(ps);
        flint_free(df);
    }
    fmpz_poly_q_clear(p);
    fmpz_poly_q_clear(diff);
    return eq;
}

static void join_detail(char **acc, char *more)
{
    if (!more)
        return;
    if (!*acc) {
        *acc = more;
        return;
    }
    char *j;
    if (asprintf(&j, "%s; %s", *acc, more) < 0)
        return;
    free(*acc);
    free(more);
    *acc = j;
}

static void rlin_compute(fmpz_poly_q_t r_lin, const sec31_t *d)
{
    sec31_fit_risk(r_lin, d, NULL, RC_FIT_AFFINE, d->xq);
}

static void report_rlin(rc_report *rep, const sec31_t *d, const fmpz_poly_q_t r_lin)
{
    char *detail, *v = qstr(r_lin);
    int m = compare_printed(&detail, "R_lin", r_lin, d->printed_r_lin);
    rc_report_add(rep, m == 0 ? RC_FAIL : RC_OK, d->printed_r_lin, detail,
                  "R_lin = %s (best affine fit of all %ld points)", v, (long)d->n);
    rc_report_tag(rep, "r-lin", v);
    flint_free(v);
    free(detail);
}

/* "WHAT exactly for rho in S": the maximal set S of the domain where the
 * inequality holds. A note by convention (docs/claims.md): the statement it
 * refines, "WHAT for every rho in I", carries the status. */
static void exact_range_note(rc_report *rep, const char *what, const rc_ineq_t q,
                             const rc_interval_t domain)
{
    if (q->nset == 0) {
        char *dom = rc_interval_get_str(domain);
        rc_report_add(rep, RC_NOTE, NULL, NULL, "%s for no rho in the domain %s", what, dom);
        flint_free(dom);
        return;
    }
    char *set = rc_ineq_set_str(q), *ends = rc_ineq_set_ends_str(q);
    rc_report_add(rep, RC_NOTE, NULL, NULL, "%s exactly for rho in %s%s%s%s", what, set,
                  *ends ? " (" : "", ends, *ends ? ")" : "");
    free(set);
    free(ends);
}

/* The sorted distinct x values. */
static slong breakpoints(fmpq **out, const sec31_t *d)
{
    fmpq *t = _fmpq_vec_init(d->n);
    slong k = 0;
    for (slong i = 0; i < d->n; i++) {
        slong j = 0;
        while (j < k && fmpq_cmp(t + j, d->x + i) < 0)
            j++;
        if (j < k && fmpq_equal(t + j, d->x + i))
            continue;
        for (slong m = k; m > j; m--)
            fmpq_set(t + m, t + m - 1);
        fmpq_set(t + j, d->x + i);
        k++;
    }
    *out = t;
    return k;
}

/* "[a, b)" of row r (caller frees); breakpoints have any number of digits */
static char *row_label(const fmpq *t, slong k, slong r)
{
    char *a = r == 0 ? NULL : fmpq_get_str(NULL, 10, t + r - 1);
    char *b = r == k ? NULL : fmpq_get_str(NULL, 10, t + r);
    char *label;
    if (asprintf(&label, "%s%s, %s)", r == 0 ? "(" : "[", a ? a : "-inf", b ? b : "inf") < 0)
        abort();
    flint_free(a);
    flint_free(b);
    return label;
}

typedef struct {
    fmpz_poly_q_t constant, affine, bound;
    rc_ineq_t vs_rlin;
    int matches; /* 1, 0, -1 (not printed) */
    char *label;
    char *detail;
} table_row;

/* Builds one table (t = 0: constant piece left of the breakpoint, as for
 * w1 > 0; t = 1: affine piece left, w1 < 0). A data point on the
 * breakpoint goes to the left piece (x <= -b1/w1), as Table 1 does. */
static slong build_table(table_row **out, sec31_t *d, int t, const fmpz_poly_q_t r_lin)
{
    fmpq *bp;
    slong k = breakpoints(&bp, d);
    table_row *rows = calloc((size_t)k + 1, sizeof(table_row));
    int *left = calloc((size_t)d->n, sizeof(int)), *right = calloc((size_t)d->n, sizeof(int));
    fmpz_poly_q_t diff;
    fmpz_poly_q_init(diff);
    for (slong r = 0; r <= k; r++) {
        table_row *row = rows + r;
        for (slong i = 0; i < d->n; i++) {
            left[i] = r > 0 && fmpq_cmp(d->x + i, bp + r - 1) <= 0;
            right[i] = !left[i];
        }
        fmpz_poly_q_init(row->constant);
        fmpz_poly_q_init(row->affine);
        fmpz_poly_q_init(row->bound);
        sec31_fit_risk(row->constant, d, t == 0 ? left : right, RC_FIT_CONSTANT, d->xq);
        sec31_fit_risk(row->affine, d, t == 0 ? right : left, RC_FIT_AFFINE, d->xq);
        fmpz_poly_q_add(row->bound, row->constant, row->affine);
        fmpz_poly_q_sub(diff, row->bound, r_lin);
        rc_ineq_init(row->vs_rlin, diff, RC_OP_GE, d->domain, d->I);
        row->label = row_label(bp, k, r);
        row->matches = -1;
        if (d->rows[t]) {
            char *d0 = NULL, *d1, *d2, *d3;
            const sec31_printed_row *p = r < d->nrows_printed[t] ? d->rows[t] + r : NULL;
            int m1 = compare_printed(&d1, "constant part", row->constant, p ? p->constant : NULL);
            int m2 = compare_printed(&d2, "affine part", row->affine, p ? p->affine : NULL);
            int m3 = compare_printed(&d3, "lower bound", row->bound, p ? p->bound : NULL);
            int m0 = !p || !p->breakpoint_in ||
                     rc_interval_text_equal(p->breakpoint_in, r ? bp + r - 1 : NULL, r > 0,
                                            r < k ? bp + r : NULL, 0, NULL, 0) == 1;
            row->matches = (m0 && m1 != 0 && m2 != 0 && m3 != 0) ? 1 : 0;
            if (!p) {
                row->matches = 0;
                if (asprintf(&row->detail, "the paper prints no row here") < 0)
                    row->detail = NULL;
            }
            if (!m0 && asprintf(&d0, "row interval: paper %s, computed %s", p->breakpoint_in,
                                row->label) < 0)
                d0 = NULL;
            join_detail(&row->detail, d0);
            join_detail(&row->detail, d1);
            join_detail(&row->detail, d2);
            join_detail(&row->detail, d3);
        }
    }
    fmpz_poly_q_clear(diff);
    free(left);
    free(right);
    _fmpq_vec_clear(bp, d->n);
    *out = rows;
    return k + 1;
}

static void free_table(table_row *rows, slong n)
{
    for (slong r = 0; r < n; r++) {
        fmpz_poly_q_clear(rows[r].constant);
        fmpz_poly_q_clear(rows[r].affine);
        fmpz_poly_q_clear(rows[r].bound);
        rc_ineq_clear(rows[r].vs_rlin);
        free(rows[r].label);
        free(rows[r].detail);
    }
    free(rows);
}

static json_t *table_json(const table_row *rows, slong n, int t, int printed_rows_mismatch)
{
    json_t *o = json_object();
    json_object_set_new(o, "orientation", json_string(t == 0 ? "constant-left" : "affine-left"));
    json_t *a = json_array();
    for (slong r = 0; r < n; r++) {
        json_t *row = json_object();
        json_object_set_new(row, "breakpoint_in", json_string(rows[r].label));
        json_object_set_new(row, "constant_error", rc_json_qrho(rows[r].constant));
        json_object_set_new(row, "affine_error", rc_json_qrho(rows[r].affine));
        json_object_set_new(row, "bound", rc_json_qrho(rows[r].bound));
        json_object_set_new(row, "matches_paper",
                            rows[r].matches < 0 ? json_null() : json_boolean(rows[r].matches));
        json_object_set_new(row, "bound_minus_r_lin", rc_ineq_json(rows[r].vs_rlin));
        json_object_set_new(row, "binding", json_boolean(rc_ineq_hi_is_binding(rows[r].vs_rlin)));
        json_array_append_new(a, row);
    }
    json_object_set_new(o, "rows", a);
    json_object_set_new(o, "paper_has_extra_rows", json_boolean(printed_rows_mismatch));
    return o;
}

static const char *table_name(int t)
{
    return t == 0 ? "Table 1 (w1 > 0)" : "mirror table (w1 < 0)";
}

/* Reports one table: rows against the paper, the certified inequality on
 * I, each row's exact range, the binding rows. Returns the table JSON. */
static json_t *report_table(rc_report *rep, sec31_t *d, int t, const fmpz_poly_q_t r_lin,
                            int per_row_ranges, ivset *acc)
{
    table_row *rows;
    slong n = build_table(&rows, d, t, r_lin);
    char *itext = rc_interval_get_str(d->I); /* ends of any length */
    if (t == 1 && !d->rows[1])
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "%s: never printed in the paper; computed below", table_name(t));
    for (slong r = 0; r < n; r++) {
        char *c = qstr(rows[r].constant), *a = qstr(rows[r].affine), *b = qstr(rows[r].bound);
        char *paper = NULL; /* the printed cells as written, of any length */
        const sec31_printed_row *p = d->rows[t] && r < d->nrows_printed[t] ? d->rows[t] + r : NULL;
        if (p && asprintf(&paper, "%s | %s | %s", p->constant ? p->constant : "-",
                          p->affine ? p->affine : "-", p->bound ? p->bound : "-") < 0)
            abort();
        rc_report_add(rep, rows[r].matches == 0 ? RC_FAIL : RC_OK, paper,
                      rows[r].detail, "%s row %s: constant %s + affine %s = %s%s",
                      t == 0 ? "Table 1" : "mirror", rows[r].label, c, a, b,
                      rows[r].matches == 1 ? " (as printed)" : "");
        rc_report_tag(rep, t == 0 ? "table1-row" : "mirror-row", b);
        free(paper);
        flint_free(c);
        flint_free(a);
        flint_free(b);
    }
    int extra = d->rows[t] && d->nrows_printed[t] > n;
    if (extra)
        rc_report_add(rep, RC_FAIL, NULL, NULL, "%s: the paper prints %ld rows, the data gives %ld",
                      table_name(t), (long)d->nrows_printed[t], (long)n);
    int all = 1;
    for (slong r = 0; r < n; r++)
        all &= rows[r].vs_rlin->holds;
    rc_report_add(rep, all ? RC_OK : RC_FAIL, NULL, NULL, "every row of the %s >= R_lin for rho in %s",
                  table_name(t), itext);
    for (slong r = 0; r < n; r++) {
        if (!per_row_ranges && rows[r].vs_rlin->holds)
            continue;
        char what[256];
        snprintf(what, sizeof what, "%s row %s >= R_lin", t == 0 ? "Table 1" : "mirror",
                 rows[r].label);
        exact_range_note(rep, what, rows[r].vs_rlin, d->domain);
    }
    for (slong r = 0; r < n; r++)
        if (rc_ineq_hi_is_binding(rows[r].vs_rlin))
            rc_report_add(rep, RC_OK, NULL, NULL,
                          "%s row %s makes the interval's end binding: it equals R_lin there and drops below it just after",
                          t == 0 ? "Table 1" : "mirror", rows[r].label);
    for (slong r = 0; acc && r < n; r++)
        ivset_meet(acc, rows[r].vs_rlin);
    json_t *j = table_json(rows, n, t, extra);
    free_table(rows, n);
    flint_free(itext);
    return j;
}

static json_t *conventions_json(void)
{
    return json_string("risk = (1/n) * sum of squared residuals over all n points; a data point "
                       "on the breakpoint -b1/w1 belongs to the left piece (x <= -b1/w1)");
}

/* ---- the claims ---------------------------------------------------------- */

static int finish(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert,
                  json_t *inputs, json_t *results)
{
    json_object_set_new(results, "conventions", conventions_json());
    *cert = rc_cert_new(c, spec->file, inputs, results, rep);
    return 0;
}

int rc_yun19_rlin(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    sec31_t d;
    if (sec31_read(&d, spec)) {
        sec31_clear(&d);
        return -1;
    }
    fmpz_poly_q_t r_lin;
    fmpz_poly_q_init(r_lin);
    rlin_compute(r_lin, &d);
    report_rlin(rep, &d, r_lin);
    json_t *res = json_object();
    json_object_set_new(res, "r_lin", rc_json_qrho(r_lin));
    fmpz_poly_q_clear(r_lin);
    int rc = finish(c, spec, rep, cert, sec31_inputs_json(&d, 0, 0), res);
    sec31_clear(&d);
    return rc;
}

static int run_table(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert, int t)
{
    sec31_t d;
    if (sec31_read(&d, spec)) {
        sec31_clear(&d);
        return -1;
    }
    fmpz_poly_q_t r_lin;
    fmpz_poly_q_init(r_lin);
    rlin_compute(r_lin, &d);
    report_rlin(rep, &d, r_lin);
    json_t *res = json_object();
    json_object_set_new(res, "r_lin", rc_json_qrho(r_lin));
    json_object_set_new(res, "table", report_table(rep, &d, t, r_lin, 1, NULL));
    fmpz_poly_q_clear(r_lin);
    int rc = finish(c, spec, rep, cert, sec31_inputs_json(&d, 0, 1), res);
    sec31_clear(&d);
    return rc;
}

int rc_yun19_table1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    return run_table(c, spec, rep, cert, 0);
}

int rc_yun19_table1_mirror(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    return run_table(c, spec, rep, cert, 1);
}

/* H = x + v*relu(u*x + b) */
static void resnet_representation(fmpz_poly_q_struct *H, const sec31_t *d)
{
    fmpq_t pre;
    fmpq_init(pre);
    fmpz_poly_q_t t;
    fmpz_poly_q_init(t);
    for (slong i = 0; i < d->n; i++) {
        fmpq_mul(pre, d->u, d->x + i);
        fmpq_add(pre, pre, d->b);
        if (fmpq_sgn(pre) < 0)
            fmpq_zero(pre);
        rc_qrho_set_fmpq(t, pre);
        fmpz_poly_q_mul(t, t, d->v);
        fmpz_poly_q_add(H + i, d->xq + i, t);
    }
    fmpz_poly_q_clear(t);
    fmpq_clear(pre);
}

static json_t *qrho_vec_json(const fmpz_poly_q_struct *v, slong n)
{
    json_t *a = json_array();
    for (slong i = 0; i < n; i++)
        json_array_append_new(a, rc_json_qrho(v + i));
    return a;
}

/* The ResNet half: H, the optimal (w, c), its risk against the paper and R_lin. */
static json_t *report_resnet(rc_report *rep, sec31_t *d, const fmpz_poly_q_t r_lin, ivset *acc)
{
    json_t *o = json_object();
    fmpz_poly_q_struct *H = flint_malloc(sizeof(fmpz_poly_q_struct) * (size_t)d->n);
    for (slong i = 0; i < d->n; i++)
        fmpz_poly_q_init(H + i);
    resnet_representation(H, d);
    char *hs = rc_qrho_vec_str(H, d->n);
    int hmatch = -1;
    char *hdetail = NULL;
    char paperH[2048] = "";
    if (d->printed_H) {
        hmatch = 1;
        for (slong i = 0; i < d->n; i++) {
            char what[32], *det;
            snprintf(what, sizeof what, "H[%ld]", (long)i);
            if (compare_printed(&det, what, H + i, d->printed_H[i]) == 0)
                hmatch = 0;
            join_detail(&hdetail, det);
            size_t l = strlen(paperH);
            snprintf(paperH + l, sizeof paperH - l, "%s%s", i ? ", " : "", d->printed_H[i]);
        }
    }
    char *vs = qstr(d->v), *us = rc_fmpq_get_str(d->u), *bs = rc_fmpq_get_str(d->b);
    rc_report_add(rep, hmatch == 0 ? RC_FAIL : RC_OK, d->printed_H ? paperH : NULL, hdetail,
                  "ResNet point v = %s, u = %s, b = %s: H = x + v*relu(u*x+b) = %s", vs, us, bs, hs);
    free(hdetail);
    flint_free(vs);
    flint_free(us);
    flint_free(bs);
    free(hs);

    rc_fit_t fit;
    rc_fit_init(fit);
    rc_fit_compute(fit, RC_FIT_AFFINE, H, d->y, d->n);
    fmpz_poly_q_t risk, diff;
    fmpz_poly_q_init(risk);
    fmpz_poly_q_init(diff);
    fmpz_poly_q_scalar_div_si(risk, fit->sse, d->n);
    /* the closed form holds where n*Sum H^2 - (Sum H)^2 != 0 */
    rc_ineq_t nondeg;
    int regular = fit->fit_case == RC_FIT_REGULAR;
    if (regular) {
        rc_interval_t whole;
        rc_interval_init(whole);
        rc_end_set(whole->lo, d->domain->lo);
        rc_end_set(whole->hi, d->domain->hi);
        rc_ineq_init(nondeg, fit->dx, RC_OP_GT, d->domain, whole);
        rc_interval_clear(whole);
        rc_report_add(rep, nondeg->holds ? RC_OK : RC_UNDECIDED, NULL,
                      nondeg->holds ? NULL : "the fit degenerates at some rho in the domain; rescheck does not treat rho-dependent degeneracy",
                      "the fit on H is nondegenerate for every rho in the domain (n*Sum H^2 - (Sum H)^2 > 0)");
        json_object_set_new(o, "fit_nondegenerate", rc_ineq_json(nondeg));
        ivset_meet(acc, nondeg);
    }
    char *ws = qstr(fit->a), *cs = qstr(fit->c);
    rc_report_add(rep, RC_OK, NULL, NULL, "optimal w = %s, c = %s (%s least squares on H%s)", ws,
                  cs, rc_fit_case_name(fit->fit_case),
                  regular && !nondeg->holds ? ", wherever the fit is nondegenerate" : "");
    flint_free(ws);
    flint_free(cs);

    char *detail, *rs = qstr(risk);
    int m = compare_printed(&detail, "R2(theta2)", risk, d->printed_risk);
    rc_report_add(rep, m == 0 ? RC_FAIL : RC_OK, d->printed_risk, detail,
                  "R2(theta2) = %s%s%s", rs, m == 1 ? " (as printed)" : "",
                  regular && !nondeg->holds ? " (wherever the fit is nondegenerate)" : "");
    rc_report_tag(rep, "r2", rs);
    free(detail);
    flint_free(rs);

    char *itext = rc_interval_get_str(d->I); /* ends of any length */
    fmpz_poly_q_sub(diff, risk, r_lin);
    rc_ineq_t below;
    rc_ineq_init(below, diff, RC_OP_LT, d->domain, d->I);
    rc_report_add(rep, below->holds ? RC_OK : RC_FAIL, NULL, NULL,
                  "R2(theta2) < R_lin for every rho in %s", itext);
    exact_range_note(rep, "R2(theta2) < R_lin", below, d->domain);
    ivset_meet(acc, below);
    flint_free(itext);

    json_object_set_new(o, "H", qrho_vec_json(H, d->n));
    json_object_set_new(o, "H_matches_paper", hmatch < 0 ? json_null() : json_boolean(hmatch));
    json_object_set_new(o, "w", rc_json_qrho(fit->a));
    json_object_set_new(o, "c", rc_json_qrho(fit->c));
    json_object_set_new(o, "fit_case", json_string(rc_fit_case_name(fit->fit_case)));
    /* the network's output w*H(x_i) + c at each data point */
    json_t *outj = json_array();
    fmpz_poly_q_t out;
    fmpz_poly_q_init(out);
    for (slong i = 0; i < d->n; i++) {
        fmpz_poly_q_mul(out, fit->a, H + i);
        fmpz_poly_q_add(out, out, fit->c);
        json_array_append_new(outj, rc_json_qrho(out));
    }
    fmpz_poly_q_clear(out);
    json_object_set_new(o, "outputs", outj);
    json_object_set_new(o, "risk", rc_json_qrho(risk));
    json_object_set_new(o, "risk_matches_paper", m < 0 ? json_null() : json_boolean(m));
    json_object_set_new(o, "risk_minus_r_lin", rc_ineq_json(below));
    if (regular)
        rc_ineq_clear(nondeg);
    rc_ineq_clear(below);
    fmpz_poly_q_clear(risk);
    fmpz_poly_q_clear(diff);
    rc_fit_clear(fit);
    rc_qrho_vec_clear(H, d->n);
    return o;
}

int rc_yun19_prop1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    sec31_t d;
    if (sec31_read(&d, spec)) {
        sec31_clear(&d);
        return -1;
    }
    if (!d.has_point) {
        rc_spec_fail(spec, "resnet", "missing: Proposition 1 needs the ResNet point {v, u, b}");
        sec31_clear(&d);
        return -1;
    }
    fmpz_poly_q_t r_lin, diff;
    fmpz_poly_q_init(r_lin);
    fmpz_poly_q_init(diff);
    rlin_compute(r_lin, &d);
    report_rlin(rep, &d, r_lin);
    json_t *res = json_object();
    json_object_set_new(res, "r_lin", rc_json_qrho(r_lin));
    /* FC half: every lower bound of both tables, and the constant net (w1 = 0
       or w2 = 0), is >= R_lin on I */
    ivset all; /* where every part holds: meets each part's maximal set */
    ivset_domain(&all, d.domain);
    json_object_set_new(res, "table", report_table(rep, &d, 0, r_lin, 0, &all));
    json_object_set_new(res, "table_mirror", report_table(rep, &d, 1, r_lin, 0, &all));
    fmpz_poly_q_t constant;
    fmpz_poly_q_init(constant);
    sec31_fit_risk(constant, &d, NULL, RC_FIT_CONSTANT, d.xq);
    fmpz_poly_q_sub(diff, constant, r_lin);
    rc_ineq_t cst;
    rc_ineq_init(cst, diff, RC_OP_GE, d.domain, d.I);
    char *itext = rc_interval_get_str(d.I), *cs = qstr(constant);
    rc_report_add(rep, cst->holds ? RC_OK : RC_FAIL, NULL, NULL,
                  "constant FC net (w1 = 0 or w2 = 0): best constant fit %s >= R_lin for rho in %s", cs, itext);
    rc_report_tag(rep, NULL, cs);
    flint_free(cs);
    json_t *cj = json_object();
    json_object_set_new(cj, "risk", rc_json_qrho(constant));
    json_object_set_new(cj, "minus_r_lin", rc_ineq_json(cst));
    json_object_set_new(res, "constant_net", cj);
    ivset_meet(&all, cst);
    rc_ineq_clear(cst);
    fmpz_poly_q_clear(constant);
    json_object_set_new(res, "resnet", report_resnet(rep, &d, r_lin, &all));
    char *alls = ivset_str(&all);
    if (alls)
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "every part of Proposition 1 (each row of both tables >= R_lin, the constant net >= R_lin, R2(theta2) < R_lin, and the affine fit on H nondegenerate where the fit is affine) holds together exactly for rho in %s",
                      alls);
    else
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "the parts of Proposition 1 hold together for no rho in the domain");
    rc_report_tag(rep, "all-parts-hold-on", NULL); /* one ID for both sentences */
    free(alls);
    json_object_set_new(res, "all_parts_hold_on", ivset_json(&all));
    ivset_clear(&all);
    rc_report_conclude(rep, "inf R2 <= R2(theta2) < R_lin on %s, so the ResNet's global infimum beats every linear predictor there; that a local minimum lies below R_lin additionally needs the infimum to be attained, which is not checked",
                       itext);
    flint_free(itext);
    fmpz_poly_q_clear(r_lin);
    fmpz_poly_q_clear(diff);
    int rc = finish(c, spec, rep, cert, sec31_inputs_json(&d, 1, 1), res);
    sec31_clear(&d);
    return rc;
}
