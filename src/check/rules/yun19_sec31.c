/* yun19 §3.1: R_lin, the piecewise tables (Table 1 and its mirror) and
 * Proposition 1, recomputed from the certificate's inputs. */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"
#include "rescheck/sort.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

typedef struct {
    int present;
    fmpz_poly_q_t v;
} cell; /* a printed value: its text, re-read */

static cell *cells_new(slong n)
{
    cell *c = calloc((size_t)n + 1, sizeof(cell));
    for (slong i = 0; i <= n; i++)
        fmpz_poly_q_init(c[i].v);
    return c;
}

static void cells_free(cell *c, slong n)
{
    for (slong i = 0; c && i <= n; i++)
        fmpz_poly_q_clear(c[i].v);
    free(c);
}

/* null, or {"text", "value"} with value = the parsed text */
static int cell_read(ck_t *ck, cell *c, const json_t *j, const char *path)
{
    char sub[CK_PATH], err[200];
    const json_t *text;
    c->present = !json_is_null(j);
    if (!c->present)
        return 0;
    if (ck_keys(ck, j, path, "text value") || !(text = ck_get(ck, j, "text", sub, path)))
        return -1;
    if (!json_is_string(text) || rc_qrho_parse(c->v, json_string_value(text), err, sizeof err))
        return ck_fail(ck, sub, "does not parse: %s", json_is_string(text) ? err : "not a string");
    fmpz_poly_q_t value;
    fmpz_poly_q_init(value);
    ck_pathf(sub, "%s.value", path);
    int rc = ck_qrho(ck, value, json_object_get(j, "value"), sub);
    if (rc == 0 && !fmpz_poly_q_equal(value, c->v))
        rc = ck_fail(ck, sub, "is not the value of the text");
    fmpz_poly_q_clear(value);
    return rc;
}

/* 1 when the printed cell is absent or equal to the value */
static int agrees(const cell *c, const fmpz_poly_q_t value)
{
    return !c || !c->present || fmpz_poly_q_equal(c->v, value);
}

typedef struct {
    slong n;
    fmpq *x;
    const char **labels[2]; /* the printed tables' row intervals (NULL entries: none) */
    fmpz_poly_q_struct *xq, *y, *v; /* v: the ResNet's v */
    fmpq_t u, b;
    ck_interval D, I;
    cell *r_lin, *risk, *H, *rows[2]; /* rows[t]: constant, affine, bound per row */
    slong nrows[2];
    fmpz_poly_q_t r_lin_value;
} s31;

static void s31_clear(s31 *d)
{
    if (d->x)
        _fmpq_vec_clear(d->x, d->n);
    ck_qvec_free(d->xq, d->n);
    ck_qvec_free(d->y, d->n);
    ck_qvec_free(d->v, 0);
    fmpq_clear(d->u);
    fmpq_clear(d->b);
    ck_interval_clear(&d->D);
    ck_interval_clear(&d->I);
    cells_free(d->r_lin, 1);
    cells_free(d->H, d->n);
    cells_free(d->rows[0], 3 * d->nrows[0]);
    cells_free(d->rows[1], 3 * d->nrows[1]);
    free(d->labels[0]);
    free(d->labels[1]);
    fmpz_poly_q_clear(d->r_lin_value);
}

static int is_affine(ck_t *ck, const fmpz_poly_q_t f, const char *path)
{
    if (fmpz_poly_degree(f->den) == 0 && fmpz_poly_degree(f->num) <= 1)
        return 0;
    return ck_fail(ck, path, "must be affine in rho");
}

/* printed.table1 / table1_mirror: null or rows of three printed cells */
static int rows_read(ck_t *ck, s31 *d, int t, const json_t *j, const char *path)
{
    static const char *names[] = {"constant", "affine", "bound"};
    char sub[CK_PATH], sub2[CK_PATH];
    slong n = json_is_null(j) ? 0 : ck_array(ck, j, -1, path);
    if (n < 0 || json_is_null(j))
        return n < 0 ? -1 : 0;
    d->rows[t] = cells_new(3 * n);
    d->labels[t] = calloc((size_t)n, sizeof(char *));
    d->nrows[t] = n;
    for (slong r = 0; r < n; r++) {
        const json_t *row = json_array_get(j, (size_t)r), *label;
        ck_pathf(sub, "%s[%ld]", path, (long)r);
        if (ck_keys(ck, row, sub, "affine bound breakpoint_in constant"))
            return -1;
        label = ck_get(ck, row, "breakpoint_in", sub2, sub);
        char err[160];
        if (!json_is_null(label) &&
            (!json_is_string(label) ||
             rc_interval_text_equal(json_string_value(label), NULL, 0, NULL, 0, err, sizeof err) < 0))
            return ck_fail(ck, sub2, "expected null or an interval such as \"[1, 2)\"");
        d->labels[t][r] = json_string_value(label);
        for (int k = 0; k < 3; k++)
            if (cell_read(ck, d->rows[t] + 3 * r + k, ck_get(ck, row, names[k], sub2, sub), sub2))
                return -1;
    }
    return 0;
}

/* The inputs as the prover writes them for rule kind (0 R_lin: no domain or
 * interval, which R_lin does not depend on; 2 Proposition 1: with the ResNet
 * point and its printed values). The spec reader's conditions hold. */
static int s31_read(ck_t *ck, s31 *d, const json_t *in, int kind)
{
    char sub[CK_PATH], sub2[CK_PATH];
    const json_t *jx, *jy, *pr, *pt, *v;
    int with_point = kind == 2;
    if (ck_keys(ck, in, "inputs", kind == 0 ? "x y printed"
                                  : with_point ? "x y domain interval printed resnet"
                                               : "x y domain interval printed") ||
        (d->n = ck_array(ck, jx = json_object_get(in, "x"), -1, "inputs.x")) < 0)
        return -1;
    if (d->n < 1)
        return ck_fail(ck, "inputs.x", "needs at least one point");
    char what[64];
    snprintf(what, sizeof what, "%ld points", (long)d->n);
    if (d->n > RC_LIMIT_POINTS)
        return ck_limit(ck, "inputs.x", "%s: more than %d", what, RC_LIMIT_POINTS);
    if (ck_cost(ck, "inputs.x", rc_cost_sec31(d->n), what))
        return -1;
    d->x = _fmpq_vec_init(d->n);
    d->xq = ck_qvec_new(d->n);
    d->y = ck_qvec_new(d->n);
    if (ck_array(ck, jy = json_object_get(in, "y"), d->n, "inputs.y") < 0)
        return -1;
    for (slong i = 0; i < d->n; i++) {
        ck_pathf(sub, "inputs.x[%ld]", (long)i);
        ck_pathf(sub2, "inputs.y[%ld]", (long)i);
        if (ck_q(ck, d->x + i, json_array_get(jx, (size_t)i), sub) ||
            ck_qrho(ck, d->y + i, json_array_get(jy, (size_t)i), sub2) ||
            is_affine(ck, d->y + i, sub2))
            return -1;
        ck_qrho_set_fmpq(d->xq + i, d->x + i);
    }
    if (kind != 0 && (ck_interval_decode(ck, &d->D, json_object_get(in, "domain"), "inputs.domain") ||
                      ck_interval_decode(ck, &d->I, json_object_get(in, "interval"), "inputs.interval")))
        return -1;
    if (kind != 0 && (d->D.lo_closed || d->D.hi_closed ||
                      !(d->D.lo.inf || ck_end_is_rational(&d->D.lo)) ||
                      !(d->D.hi.inf || ck_end_is_rational(&d->D.hi))))
        return ck_fail(ck, "inputs.domain", "must be open with rational or infinite ends");
    if (kind != 0 && !ck_interval_inside(&d->I, &d->D))
        return ck_fail(ck, "inputs.interval", "must lie inside the domain");
    pr = json_object_get(in, "printed");
    d->r_lin = cells_new(1);
    d->risk = d->r_lin + 1;
    if (ck_keys(ck, pr, "inputs.printed", with_point
                    ? "r_lin table1 table1_mirror resnet_risk resnet_H"
                    : "r_lin table1 table1_mirror") ||
        cell_read(ck, d->r_lin, json_object_get(pr, "r_lin"), "inputs.printed.r_lin") ||
        rows_read(ck, d, 0, json_object_get(pr, "table1"), "inputs.printed.table1") ||
        rows_read(ck, d, 1, json_object_get(pr, "table1_mirror"), "inputs.printed.table1_mirror"))
        return -1;
    if (!with_point)
        return 0;
    pt = json_object_get(in, "resnet");
    if (ck_keys(ck, pt, "inputs.resnet", "v u b") ||
        ck_qrho(ck, d->v, json_object_get(pt, "v"), "inputs.resnet.v") ||
        is_affine(ck, d->v, "inputs.resnet.v") ||
        ck_q(ck, d->u, json_object_get(pt, "u"), "inputs.resnet.u") ||
        ck_q(ck, d->b, json_object_get(pt, "b"), "inputs.resnet.b") ||
        cell_read(ck, d->risk, json_object_get(pr, "resnet_risk"), "inputs.printed.resnet_risk"))
        return -1;
    if (json_is_null(v = json_object_get(pr, "resnet_H")))
        return 0;
    if (ck_array(ck, v, d->n, "inputs.printed.resnet_H") < 0)
        return -1;
    d->H = cells_new(d->n);
    for (slong i = 0; i < d->n; i++) {
        ck_pathf(sub, "inputs.printed.resnet_H[%ld]", (long)i);
        if (cell_read(ck, d->H + i, json_array_get(v, (size_t)i), sub))
            return -1;
    }
    return 0;
}

/* ---- §3.1 rules ------------------------------------------------------------ */

static int cmp_fmpq(const void *a, const void *b)
{
    return fmpq_cmp((const fmpq *)a, (const fmpq *)b);
}

/* Verifies the witness at results.KEY...WITNESS for "f op 0 on I" */
static int witness(ck_t *ck, json_t **out, int *holds, int *binding, const json_t *parent,
                   const char *ppath, const char *key, const fmpz_poly_q_t f, ck_op op,
                   const ck_interval *D, const ck_interval *I)
{
    char path[CK_PATH];
    const json_t *w = ck_get(ck, parent, key, path, ppath);
    return w ? ck_ineq(ck, out, holds, binding, w, path, f, op, D, I) : -1;
}

/* One table: t = 0 constant piece left of the breakpoint (w1 > 0), t = 1
 * affine piece left (w1 < 0); a point on the breakpoint is left of it. */
static int table(ck_t *ck, json_t *res, s31 *d, int t, const json_t *results, const char *key,
                 ck_verdict *v)
{
    char path[CK_PATH], sub[CK_PATH], *label;
    fmpq *bp = _fmpq_vec_init(d->n);
    for (slong i = 0; i < d->n; i++)
        fmpq_set(bp + i, d->x + i);
    rc_sort(bp, (size_t)d->n, sizeof(fmpq), cmp_fmpq);
    slong k = 0; /* distinct breakpoints */
    for (slong i = 0; i < d->n; i++)
        if (k == 0 || !fmpq_equal(bp + k - 1, bp + i))
            fmpq_set(bp + k++, bp + i);
    int *left = calloc((size_t)d->n, sizeof(int)), *right = calloc((size_t)d->n, sizeof(int));
    fmpz_poly_q_struct *q = ck_qvec_new(3); /* constant, affine, bound, bound - R_lin */
    const json_t *tab = ck_get(ck, results, key, path, "results"), *rows = NULL;
    if (tab)
        rows = ck_get(ck, tab, "rows", sub, path);
    json_t *rj = json_array(), *ineq;
    json_object_set_new(res, key, json_pack("{s:s,s:o}", "orientation",
                                            t ? "affine-left" : "constant-left", "rows", rj));
    int rc = rows ? 0 : -1, holds, binding;
    for (slong r = 0; r <= k && rc == 0; r++) {
        for (slong i = 0; i < d->n; i++) {
            left[i] = r > 0 && fmpq_cmp(d->x + i, bp + r - 1) <= 0;
            right[i] = !left[i];
        }
        ck_fit_risk(q + 0, 0, d->xq, d->y, t ? right : left, d->n);
        ck_fit_risk(q + 1, 1, d->xq, d->y, t ? left : right, d->n);
        fmpz_poly_q_add(q + 2, q + 0, q + 1);
        fmpz_poly_q_sub(q + 3, q + 2, d->r_lin_value);
        ck_pathf(sub, "%s.rows[%ld]", path, (long)r);
        if (!json_array_get(rows, (size_t)r))
            rc = ck_fail(ck, sub, "missing");
        else
            rc = witness(ck, &ineq, &holds, &binding, json_array_get(rows, (size_t)r), sub,
                         "bound_minus_r_lin", q + 3, CK_GE, &d->D, &d->I);
        if (rc)
            break;
        char *a = r ? fmpq_get_str(NULL, 10, bp + r - 1) : NULL;
        char *b = r < k ? fmpq_get_str(NULL, 10, bp + r) : NULL;
        /* the breakpoints have any number of digits: no fixed buffer */
        if (asprintf(&label, "%s%s, %s)", r ? "[" : "(", a ? a : "-inf", b ? b : "inf") < 0)
            abort();
        flint_free(a);
        flint_free(b);
        json_t *matches = json_null();
        if (d->rows[t]) {
            const cell *p = r < d->nrows[t] ? d->rows[t] + 3 * r : NULL;
            const char *lp = r < d->nrows[t] ? d->labels[t][r] : NULL;
            int m = p && agrees(p, q + 0) && agrees(p + 1, q + 1) && agrees(p + 2, q + 2) &&
                    (!lp || rc_interval_text_equal(lp, r ? bp + r - 1 : NULL, r > 0,
                                                   r < k ? bp + r : NULL, 0, NULL, 0) == 1);
            ck_state(v, m ? CK_OK : CK_FAIL, "%s: the paper's row differs", sub);
            matches = json_boolean(m);
        }
        ck_state(v, holds ? CK_OK : CK_FAIL, "%s: bound >= R_lin fails on the interval", sub);
        json_array_append_new(rj, json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:b}", "breakpoint_in",
            label, "constant_error", rc_json_qrho(q + 0), "affine_error", rc_json_qrho(q + 1),
            "bound", rc_json_qrho(q + 2), "matches_paper", matches, "bound_minus_r_lin", ineq,
            "binding", binding));
        free(label);
    }
    int extra = d->rows[t] && d->nrows[t] > k + 1;
    ck_state(v, extra ? CK_FAIL : CK_OK, "%s: the paper prints more rows than the data gives", path);
    json_object_set_new(json_object_get(res, key), "paper_has_extra_rows", json_boolean(extra));
    _fmpq_vec_clear(bp, d->n);
    free(left);
    free(right);
    ck_qvec_free(q, 3);
    return rc;
}

/* Proposition 1's ResNet half: H = x + v*relu(u*x + b), the best (w, c) on
 * H, its risk against the paper and below R_lin on I. */
static int resnet(ck_t *ck, json_t *out, s31 *d, const json_t *results, ck_verdict *v)
{
    char path[CK_PATH];
    slong n = d->n;
    fmpz_poly_q_struct *H = ck_qvec_new(n), *q = ck_qvec_new(5); /* w, c, sse, det, risk, diff */
    fmpq_t pre;
    fmpq_init(pre);
    json_t *hj = json_array(), *ineq;
    int hmatch = 1, holds, binding, rc = -1;
    for (slong i = 0; i < n; i++) {
        fmpq_mul(pre, d->u, d->x + i);
        fmpq_add(pre, pre, d->b);
        if (fmpq_sgn(pre) > 0) {
            ck_qrho_set_fmpq(H + i, pre);
            fmpz_poly_q_mul(H + i, H + i, d->v);
        }
        fmpz_poly_q_add(H + i, H + i, d->xq + i);
        hmatch &= agrees(d->H ? d->H + i : NULL, H + i);
        json_array_append_new(hj, rc_json_qrho(H + i));
    }
    ck_state(v, hmatch ? CK_OK : CK_FAIL, "inputs.printed.resnet_H: the paper's H differs");
    ck_fit(q + 0, q + 1, q + 2, q + 3, 1, H, d->y, NULL, n);
    fmpz_poly_q_scalar_div_si(q + 4, q + 2, n);
    int regular = n > 1 && !fmpz_poly_q_is_zero(q + 3), m = agrees(d->risk, q + 4);
    ck_state(v, m ? CK_OK : CK_FAIL, "inputs.printed.resnet_risk: the paper's risk differs");
    json_object_set_new(out, "H", hj);
    json_object_set_new(out, "H_matches_paper", d->H ? json_boolean(hmatch) : json_null());
    json_object_set_new(out, "w", rc_json_qrho(q + 0));
    json_object_set_new(out, "c", rc_json_qrho(q + 1));
    json_object_set_new(out, "fit_case",
                        json_string(n == 1 ? "one point" : regular ? "affine" : "all x equal"));
    json_t *oj = json_array(); /* w*H(x_i) + c at each data point */
    fmpz_poly_q_t y;
    fmpz_poly_q_init(y);
    for (slong i = 0; i < n; i++) {
        fmpz_poly_q_mul(y, q + 0, H + i);
        fmpz_poly_q_add(y, y, q + 1);
        json_array_append_new(oj, rc_json_qrho(y));
    }
    fmpz_poly_q_clear(y);
    json_object_set_new(out, "outputs", oj);
    json_object_set_new(out, "risk", rc_json_qrho(q + 4));
    json_object_set_new(out, "risk_matches_paper", d->risk->present ? json_boolean(m) : json_null());
    const json_t *rj = ck_get(ck, results, "resnet", path, "results");
    if (!rj)
        goto done;
    /* the closed form needs n*Sum H^2 - (Sum H)^2 != 0 on the whole domain */
    if (regular) {
        if (witness(ck, &ineq, &holds, &binding, rj, path, "fit_nondegenerate", q + 3, CK_GT,
                    &d->D, &d->D))
            goto done;
        json_object_set_new(out, "fit_nondegenerate", ineq);
        ck_state(v, holds ? CK_OK : CK_UNDECIDED,
                 "%s.fit_nondegenerate: the fit on H degenerates at some rho in the domain", path);
    }
    fmpz_poly_q_sub(q + 5, q + 4, d->r_lin_value);
    if (witness(ck, &ineq, &holds, &binding, rj, path, "risk_minus_r_lin", q + 5, CK_LT, &d->D,
                &d->I))
        goto done;
    json_object_set_new(out, "risk_minus_r_lin", ineq);
    ck_state(v, holds ? CK_OK : CK_FAIL, "%s: the ResNet's risk is not below R_lin on the interval",
             path);
    rc = 0;
done:
    ck_qvec_free(H, n);
    ck_qvec_free(q, 5);
    fmpq_clear(pre);
    return rc;
}

/* ---- where every part of Proposition 1 holds together ---------------------- */

/* A finite union of disjoint intervals, increasing. */
typedef struct {
    ck_interval *iv;
    slong n;
} ck_set;

static void set_free(ck_set *s)
{
    for (slong k = 0; k < s->n; k++)
        ck_interval_clear(s->iv + k);
    free(s->iv);
    s->iv = NULL;
    s->n = 0;
}

static void end_copy(ck_end *to, const ck_end *from)
{
    to->inf = from->inf;
    fmpz_poly_set(to->p, from->p);
    fmpq_set(to->lo, from->lo);
    fmpq_set(to->hi, from->hi);
}

/* An end of a maximal-set piece of the rebuilt witness w: "domain" is D's
 * end; {"root": j} is root j of w's sign table, the one root of its factor
 * in [lo, hi] (the witness checked that before it was rebuilt). */
static int piece_end(ck_t *ck, ck_end *e, const json_t *w, const json_t *at, const ck_interval *D,
                     int hi, const char *path)
{
    if (json_is_string(at)) {
        end_copy(e, hi ? &D->hi : &D->lo);
        return 0;
    }
    const json_t *st = json_object_get(w, "sign_table");
    const json_t *root = json_array_get(json_object_get(st, "roots"),
                                        (size_t)json_integer_value(json_object_get(at, "root")));
    const json_t *f = json_array_get(json_object_get(st, "factors"),
                                     (size_t)json_integer_value(json_object_get(root, "factor")));
    e->inf = 0;
    return ck_poly(ck, e->p, json_object_get(f, "poly"), path) ||
                   ck_q(ck, e->lo, json_object_get(root, "lo"), path) ||
                   ck_q(ck, e->hi, json_object_get(root, "hi"), path)
               ? -1 : 0;
}

/* acc = acc meet the maximal set of the rebuilt witness w (path names it) */
static int set_meet(ck_t *ck, ck_set *acc, const json_t *w, const ck_interval *D, const char *path)
{
    const json_t *ms = json_object_get(w, "maximal_set");
    slong m = (slong)json_array_size(ms);
    ck_set out = {calloc((size_t)(acc->n * m + 1), sizeof(ck_interval)), 0};
    ck_interval b;
    ck_interval_init(&b);
    int rc = 0;
    for (slong j = 0; j < m && rc == 0; j++) {
        const json_t *pc = json_array_get(ms, (size_t)j);
        if (piece_end(ck, &b.lo, w, json_object_get(pc, "lo"), D, 0, path) ||
            piece_end(ck, &b.hi, w, json_object_get(pc, "hi"), D, 1, path)) {
            rc = -1;
            break;
        }
        b.lo_closed = json_is_true(json_object_get(pc, "lo_closed"));
        b.hi_closed = json_is_true(json_object_get(pc, "hi_closed"));
        for (slong i = 0; i < acc->n; i++) {
            const ck_interval *a = acc->iv + i;
            ck_interval o;
            ck_interval_init(&o);
            int c = ck_end_cmp(&a->lo, &b.lo);
            end_copy(&o.lo, c >= 0 ? &a->lo : &b.lo);
            o.lo_closed = c ? (c > 0 ? a->lo_closed : b.lo_closed) : a->lo_closed && b.lo_closed;
            c = ck_end_cmp(&a->hi, &b.hi);
            end_copy(&o.hi, c <= 0 ? &a->hi : &b.hi);
            o.hi_closed = c ? (c < 0 ? a->hi_closed : b.hi_closed) : a->hi_closed && b.hi_closed;
            c = ck_end_cmp(&o.lo, &o.hi);
            if (c < 0 || (c == 0 && o.lo_closed && o.hi_closed))
                out.iv[out.n++] = o;
            else
                ck_interval_clear(&o);
        }
    }
    ck_interval_clear(&b);
    /* j outer, i inner: sort the pieces by their lower ends (disjoint, so
       that orders them) */
    for (slong i = 1; i < out.n; i++)
        for (slong k = i; k > 0 && ck_end_cmp(&out.iv[k - 1].lo, &out.iv[k].lo) > 0; k--) {
            ck_interval t = out.iv[k];
            out.iv[k] = out.iv[k - 1];
            out.iv[k - 1] = t;
        }
    set_free(acc);
    *acc = out;
    return rc;
}

/* the root of p isolated by (lo, hi) is below t (p irreducible of degree >= 2,
 * so t is no root): t beyond the interval decides, else a sign change of p
 * on (lo, t) */
static int root_below(const fmpz_poly_t p, const fmpq_t lo, const fmpq_t hi, const fmpq_t t)
{
    if (fmpq_cmp(hi, t) <= 0)
        return 1;
    if (fmpq_cmp(lo, t) >= 0)
        return 0;
    return ck_poly_sign_at(p, lo) != ck_poly_sign_at(p, t);
}

/* The canonical spelling of an end: a rational keeps lo = hi; an irrational
 * one gets the dyadic interval (k/2^j, (k+1)/2^j) of the smallest j >= 0
 * holding it that isolates it (docs/certificates.md). -1 when the interval
 * is wider than ck_refine allows. */
static int end_canonical(ck_end *e)
{
    if (e->inf || ck_end_is_rational(e))
        return 0;
    if (ck_refine(e->p, e->lo, e->hi, 0))
        return -1;
    fmpq_t lo, hi, mid;
    fmpz_t m;
    fmpq_init(lo);
    fmpq_init(hi);
    fmpq_init(mid);
    fmpz_init(m);
    /* hi - lo < 1 now: the root is in (floor(lo), floor(lo) + 2) */
    fmpz_fdiv_q(m, fmpq_numref(e->lo), fmpq_denref(e->lo));
    fmpq_set_fmpz(lo, m);
    fmpz_add_ui(m, m, 1);
    fmpq_set_fmpz(hi, m);
    if (!root_below(e->p, e->lo, e->hi, hi)) {
        fmpq_set(lo, hi);
        fmpz_add_ui(m, m, 1);
        fmpq_set_fmpz(hi, m);
    }
    while (ck_count_roots(e->p, lo, 0, hi, 0) != 1) {
        fmpq_add(mid, lo, hi);
        fmpq_div_2exp(mid, mid, 1);
        if (root_below(e->p, e->lo, e->hi, mid))
            fmpq_set(hi, mid);
        else
            fmpq_set(lo, mid);
    }
    fmpq_swap(e->lo, lo);
    fmpq_swap(e->hi, hi);
    fmpq_clear(lo);
    fmpq_clear(hi);
    fmpq_clear(mid);
    fmpz_clear(m);
    return 0;
}

/* results.all_parts_hold_on: the domain met with every witness's maximal
 * set (both tables' rows, the constant net, the ResNet's nondegeneracy when
 * present and its risk below R_lin), ends spelled canonically */
static int all_parts(ck_t *ck, json_t *res, const s31 *d)
{
    ck_set acc = {calloc(1, sizeof(ck_interval)), 1};
    ck_interval_init(acc.iv);
    end_copy(&acc.iv->lo, &d->D.lo);
    end_copy(&acc.iv->hi, &d->D.hi);
    const json_t **w = malloc(sizeof(json_t *) * (size_t)(2 * (d->n + 2) + 3));
    slong nw = 0;
    const char *tabs[] = {"table", "table_mirror"};
    for (int t = 0; t < 2; t++) {
        const json_t *rows = json_object_get(json_object_get(res, tabs[t]), "rows");
        for (size_t r = 0; r < json_array_size(rows); r++)
            w[nw++] = json_object_get(json_array_get(rows, r), "bound_minus_r_lin");
    }
    w[nw++] = json_object_get(json_object_get(res, "constant_net"), "minus_r_lin");
    const json_t *rn = json_object_get(res, "resnet"), *nd = json_object_get(rn, "fit_nondegenerate");
    if (nd)
        w[nw++] = nd;
    w[nw++] = json_object_get(rn, "risk_minus_r_lin");
    int rc = 0;
    for (slong k = 0; k < nw && rc == 0; k++)
        rc = set_meet(ck, &acc, w[k], &d->D, "results.all_parts_hold_on");
    json_t *a = json_array();
    for (slong k = 0; k < acc.n && rc == 0; k++) {
        if (end_canonical(&acc.iv[k].lo) || end_canonical(&acc.iv[k].hi))
            rc = ck_limit(ck, "results.all_parts_hold_on", "an end's isolating interval is too wide");
        else
            json_array_append_new(a, ck_interval_json(acc.iv + k));
    }
    set_free(&acc);
    free(w);
    if (rc == 0)
        json_object_set_new(res, "all_parts_hold_on", a);
    else
        json_decref(a);
    return rc;
}

/* kind 0: R_lin; 1: one table (the claim says which); 2: Proposition 1 */
int ck_yun19_sec31(ck_t *ck, int kind, const char *claim, const json_t *inputs,
                   const json_t *results, json_t **expected, ck_verdict *v)
{
    s31 d;
    memset(&d, 0, sizeof d);
    d.v = ck_qvec_new(0);
    fmpq_init(d.u);
    fmpq_init(d.b);
    ck_interval_init(&d.D);
    ck_interval_init(&d.I);
    fmpz_poly_q_init(d.r_lin_value);
    json_t *res = json_object();
    int rc = s31_read(ck, &d, inputs, kind);
    if (rc)
        goto done;
    ck_fit_risk(d.r_lin_value, 1, d.xq, d.y, NULL, d.n);
    ck_state(v, agrees(d.r_lin, d.r_lin_value) ? CK_OK : CK_FAIL,
             "inputs.printed.r_lin: the paper's R_lin is not the best affine fit's risk");
    json_object_set_new(res, "r_lin", rc_json_qrho(d.r_lin_value));
    json_object_set_new(res, "conventions", json_string(
        "risk = (1/n) * sum of squared residuals over all n points; a data point on the "
        "breakpoint -b1/w1 belongs to the left piece (x <= -b1/w1)"));
    if (kind == 1)
        rc = table(ck, res, &d, !strcmp(claim, "yun19.table1-mirror"), results, "table", v);
    if (kind != 2 || (rc = table(ck, res, &d, 0, results, "table", v)) ||
        (rc = table(ck, res, &d, 1, results, "table_mirror", v)))
        goto done;
    /* the FC net with w1 = 0 or w2 = 0 is the best constant */
    char path[CK_PATH];
    const json_t *cj = ck_get(ck, results, "constant_net", path, "results");
    fmpz_poly_q_struct *q = ck_qvec_new(1);
    ck_fit_risk(q + 0, 0, d.xq, d.y, NULL, d.n);
    fmpz_poly_q_sub(q + 1, q + 0, d.r_lin_value);
    json_t *ineq, *rn = json_object();
    int holds, binding;
    rc = cj ? witness(ck, &ineq, &holds, &binding, cj, path, "minus_r_lin", q + 1, CK_GE, &d.D,
                      &d.I) : -1;
    if (rc == 0) {
        json_object_set_new(res, "constant_net", json_pack("{s:o,s:o}", "risk",
                                                           rc_json_qrho(q + 0), "minus_r_lin", ineq));
        ck_state(v, holds ? CK_OK : CK_FAIL, "%s: the constant net beats R_lin", path);
        json_object_set_new(res, "resnet", rn);
        rc = resnet(ck, rn, &d, results, v);
        if (rc == 0)
            rc = all_parts(ck, res, &d);
    } else {
        json_decref(rn);
    }
    ck_qvec_free(q, 1);
done:
    s31_clear(&d);
    if (rc)
        json_decref(res);
    else
        *expected = res;
    return rc;
}
