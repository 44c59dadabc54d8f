/* claim.lsq: the least-squares fit of a user's dataset, exactly over Q(rho).
 * The model is f(x) = w.x + b ("affine"), f(x) = b ("constant") or
 * f(x) = w.x ("origin"); the design matrix A has one column per parameter.
 * The normal equations G theta = A^T y (G = A^T A) are reduced to row echelon
 * form over Q(rho): the pivot columns are a basis of A's column space, so the
 * rank r is their number, a minimiser is the solution that is zero off the
 * pivots, and every other column gives a kernel vector of G. The risk
 * (1/n) |A theta - y|^2 is the same at every minimiser. */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/qrho.h"
#include "user_expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { FIT_AFFINE, FIT_CONSTANT, FIT_ORIGIN } fit_kind;
typedef enum { NORM_MEAN, NORM_SUM, NORM_HALF_MEAN } norm_kind;
static const char *const norm_formulas[] = {"(1/n) sum_i (f(x_i) - y_i)^2",
                                            "sum_i (f(x_i) - y_i)^2",
                                            "(1/(2n)) sum_i (f(x_i) - y_i)^2"};

typedef struct {
    rc_user_head head;
    fit_kind fit;
    norm_kind norm;
    slong n, d, p;            /* points, features, parameters */
    fmpz_poly_q_struct *A;    /* n x p design matrix, row-major */
    fmpz_poly_q_struct *x;    /* n x d, NULL when x is absent */
    fmpz_poly_q_struct *y;    /* n */
    const char *printed_risk; /* NULL when absent */
    json_t *printed_params;   /* array of p strings, or NULL */
} lsq_t;

static fmpz_poly_q_struct *qvec(slong n)
{
    fmpz_poly_q_struct *v = flint_malloc(sizeof *v * (size_t)(n ? n : 1));
    for (slong i = 0; i < n; i++)
        fmpz_poly_q_init(v + i);
    return v;
}

static void lsq_clear(lsq_t *L)
{
    if (L->A)
        rc_qrho_vec_clear(L->A, L->n * L->p);
    if (L->x)
        rc_qrho_vec_clear(L->x, L->n * L->d);
    if (L->y)
        rc_qrho_vec_clear(L->y, L->n);
}

static int degree_ok(rc_spec *s, const fmpz_poly_q_t f, const char *field, slong *maxdeg)
{
    slong dn = fmpz_poly_degree(f->num), dd = fmpz_poly_degree(f->den);
    slong deg = dn > dd ? dn : dd;
    if (deg > RC_LIMIT_USER_RHO_DEGREE)
        return rc_spec_fail(s, field, "degree %ld in rho, beyond the limit of %d (docs/limits.md)",
                            (long)deg, RC_LIMIT_USER_RHO_DEGREE);
    if (deg > *maxdeg)
        *maxdeg = deg;
    return 0;
}

static int entry(fmpz_poly_q_t out, rc_spec *s, json_t *v, const char *field, slong *maxdeg)
{
    return rc_spec_qrho(out, s, v, field) || degree_ok(s, out, field, maxdeg) ? -1 : 0;
}

/* a printed value: by value, or a plain decimal (a rounding) */
static int printed_text(rc_spec *s, json_t *v, const char *field, const char **out)
{
    char err[200];
    fmpz_poly_q_t f;
    if (rc_spec_string(out, s, v, field))
        return -1;
    fmpz_poly_q_init(f);
    int rc = rc_qrho_parse(f, *out, err, sizeof err);
    fmpz_poly_q_clear(f);
    if (rc)
        return rc_spec_fail(s, field, "%s", err);
    if (strchr(*out, '.') && rc_decimal_places(*out) < 0)
        return rc_spec_fail(s, field, "a printed decimal must be plain, like \"0.3205\": its "
                            "places say how it was rounded");
    return 0;
}

static int read_lsq(lsq_t *L, rc_spec *s, const rc_claim *c, rc_report *rep)
{
    char field[96];
    if (rc_user_read_head(&L->head, s, c, rep))
        return -1;
    const char *t;
    json_t *v = rc_spec_get(s, s->root, "fit", "fit", 0);
    L->fit = FIT_AFFINE;
    if (v) {
        if (rc_spec_string(&t, s, v, "fit"))
            return -1;
        int k = !strcmp(t, "affine") ? 0 : !strcmp(t, "constant") ? 1 : !strcmp(t, "origin") ? 2 : -1;
        if (k < 0)
            return rc_spec_fail(s, "fit", "expected \"affine\", \"constant\" or \"origin\"");
        L->fit = (fit_kind)k;
    }
    v = rc_spec_get(s, s->root, "risk", "risk", 0);
    L->norm = NORM_MEAN;
    if (v) {
        if (rc_spec_string(&t, s, v, "risk"))
            return -1;
        int k = !strcmp(t, "mean") ? 0 : !strcmp(t, "sum") ? 1 : !strcmp(t, "half_mean") ? 2 : -1;
        if (k < 0)
            return rc_spec_fail(s, "risk", "expected \"mean\", \"sum\" or \"half_mean\"");
        L->norm = (norm_kind)k;
    }
    json_t *yv = rc_spec_get(s, s->root, "y", "y", 1);
    if (!yv)
        return -1;
    if (!json_is_array(yv) || json_array_size(yv) < 1)
        return rc_spec_fail(s, "y", "expected an array of at least one value");
    if (json_array_size(yv) > RC_LIMIT_USER_LSQ_POINTS)
        return rc_spec_fail(s, "y", "%zu points, beyond the limit of %d (docs/limits.md)",
                            json_array_size(yv), RC_LIMIT_USER_LSQ_POINTS);
    L->n = (slong)json_array_size(yv);
    json_t *xv = rc_spec_get(s, s->root, "x", "x", L->fit != FIT_CONSTANT);
    if (L->fit != FIT_CONSTANT && !xv)
        return -1;
    L->d = 0;
    if (xv) {
        if (!json_is_array(xv) || (slong)json_array_size(xv) != L->n)
            return rc_spec_fail(s, "x", "expected an array of %ld rows, one per entry of y",
                                (long)L->n);
        json_t *r0 = json_array_get(xv, 0);
        L->d = json_is_array(r0) ? (slong)json_array_size(r0) : 1;
        if (L->d < 1 || L->d > RC_LIMIT_USER_LSQ_FEATURES)
            return rc_spec_fail(s, "x[0]", "%ld features, expected 1 to %d (docs/limits.md)",
                                (long)L->d, RC_LIMIT_USER_LSQ_FEATURES);
        for (slong i = 0; i < L->n; i++) {
            json_t *r = json_array_get(xv, (size_t)i);
            if (json_is_array(r) != json_is_array(r0) ||
                (json_is_array(r) && (slong)json_array_size(r) != L->d)) {
                snprintf(field, sizeof field, "x[%ld]", (long)i);
                return rc_spec_fail(s, field, "expected %ld features, like x[0]", (long)L->d);
            }
        }
    }
    L->p = (L->fit == FIT_CONSTANT ? 0 : L->d) + (L->fit == FIT_ORIGIN ? 0 : 1);
    json_t *pr = rc_spec_get(s, s->root, "printed", "printed", 0);
    if (pr) {
        if (!json_is_object(pr))
            return rc_spec_fail(s, "printed", "expected an object");
        if ((v = json_object_get(pr, "risk")) && printed_text(s, v, "printed.risk", &L->printed_risk))
            return -1;
        if ((v = json_object_get(pr, "params"))) {
            if (!json_is_array(v) || (slong)json_array_size(v) != L->p)
                return rc_spec_fail(s, "printed.params", "expected %ld values (%s%s)", (long)L->p,
                                    L->fit == FIT_CONSTANT ? "" : "w_1, ..., w_d",
                                    L->fit == FIT_ORIGIN ? "" : L->fit == FIT_CONSTANT ? "b" : ", then b");
            for (slong j = 0; j < L->p; j++) {
                snprintf(field, sizeof field, "printed.params[%ld]", (long)j);
                if (printed_text(s, json_array_get(v, (size_t)j), field, &t))
                    return -1;
                if (strchr(t, '.'))
                    return rc_spec_fail(s, field, "parameters are compared exactly (a "
                                        "minimiser satisfies the normal equations); write "
                                        "them as fractions");
            }
            L->printed_params = v;
        }
    }
    /* the cost at the degree limit first, then at the data's own degrees */
    char what[96];
    snprintf(what, sizeof what, "%ld points with %ld parameters", (long)L->n, (long)L->p);
    if (!s->estimate_only && rc_spec_cost(s, "y", rc_cost_user_lsq(L->n, L->p, 0), what))
        return -1;
    slong maxdeg = 0;
    L->y = qvec(L->n);
    for (slong i = 0; i < L->n; i++) {
        snprintf(field, sizeof field, "y[%ld]", (long)i);
        if (entry(L->y + i, s, json_array_get(yv, (size_t)i), field, &maxdeg))
            return -1;
    }
    if (xv) {
        L->x = qvec(L->n * L->d);
        for (slong i = 0; i < L->n; i++) {
            json_t *r = json_array_get(xv, (size_t)i);
            for (slong k = 0; k < L->d; k++) {
                if (json_is_array(r))
                    snprintf(field, sizeof field, "x[%ld][%ld]", (long)i, (long)k);
                else
                    snprintf(field, sizeof field, "x[%ld]", (long)i);
                if (entry(L->x + i * L->d + k, s, json_is_array(r) ? json_array_get(r, (size_t)k) : r,
                          field, &maxdeg))
                    return -1;
            }
        }
    }
    snprintf(what, sizeof what, "%ld points with %ld parameters, degree %ld in rho", (long)L->n,
             (long)L->p, (long)maxdeg);
    if (rc_spec_cost(s, "x", rc_cost_user_lsq(L->n, L->p, maxdeg), what))
        return -1;
    L->A = qvec(L->n * L->p);
    for (slong i = 0; i < L->n; i++) {
        slong j = 0;
        if (L->fit != FIT_CONSTANT)
            for (; j < L->d; j++)
                fmpz_poly_q_set(L->A + i * L->p + j, L->x + i * L->d + j);
        if (L->fit != FIT_ORIGIN)
            fmpz_poly_q_one(L->A + i * L->p + j);
    }
    return 0;
}

/* Row echelon form of the rows x cols matrix M (row-major, in place) over
 * Q(rho), reduced: each pivot 1 and alone in its column. piv[k] gets the
 * column of the k-th pivot among the first ncols_pivot columns; returns the
 * number of pivots. */
static slong rref(fmpz_poly_q_struct *M, slong rows, slong cols, slong ncols_pivot, slong *piv)
{
    fmpz_poly_q_t t, f;
    fmpz_poly_q_init(t);
    fmpz_poly_q_init(f);
    slong r = 0;
    for (slong c = 0; c < ncols_pivot && r < rows; c++) {
        slong k = r;
        while (k < rows && fmpz_poly_q_is_zero(M + k * cols + c))
            k++;
        if (k == rows)
            continue;
        for (slong j = 0; j < cols; j++)
            fmpz_poly_q_swap(M + k * cols + j, M + r * cols + j);
        fmpz_poly_q_inv(f, M + r * cols + c);
        for (slong j = 0; j < cols; j++)
            fmpz_poly_q_mul(M + r * cols + j, M + r * cols + j, f);
        for (slong i = 0; i < rows; i++) {
            if (i == r || fmpz_poly_q_is_zero(M + i * cols + c))
                continue;
            fmpz_poly_q_set(f, M + i * cols + c);
            for (slong j = 0; j < cols; j++) {
                fmpz_poly_q_mul(t, f, M + r * cols + j);
                fmpz_poly_q_sub(M + i * cols + j, M + i * cols + j, t);
            }
        }
        piv[r++] = c;
    }
    fmpz_poly_q_clear(t);
    fmpz_poly_q_clear(f);
    return r;
}

/* determinant of the k x k matrix M (row-major; destroyed) */
static void det(fmpz_poly_q_t out, fmpz_poly_q_struct *M, slong k)
{
    fmpz_poly_q_t t, f;
    fmpz_poly_q_init(t);
    fmpz_poly_q_init(f);
    fmpz_poly_q_one(out);
    for (slong c = 0; c < k; c++) {
        slong r = c;
        while (r < k && fmpz_poly_q_is_zero(M + r * k + c))
            r++;
        if (r == k) {
            fmpz_poly_q_zero(out);
            break;
        }
        if (r != c) {
            for (slong j = 0; j < k; j++)
                fmpz_poly_q_swap(M + r * k + j, M + c * k + j);
            fmpz_poly_q_neg(out, out);
        }
        fmpz_poly_q_mul(out, out, M + c * k + c);
        for (slong i = c + 1; i < k; i++) {
            if (fmpz_poly_q_is_zero(M + i * k + c))
                continue;
            fmpz_poly_q_div(f, M + i * k + c, M + c * k + c);
            for (slong j = c; j < k; j++) {
                fmpz_poly_q_mul(t, f, M + c * k + j);
                fmpz_poly_q_sub(M + i * k + j, M + i * k + j, t);
            }
        }
    }
    fmpz_poly_q_clear(t);
    fmpz_poly_q_clear(f);
}

static json_t *qrho_array(const fmpz_poly_q_struct *v, slong n)
{
    json_t *a = json_array();
    for (slong i = 0; i < n; i++)
        json_array_append_new(a, rc_json_qrho(v + i));
    return a;
}

static void param_name(char *out, size_t n, const lsq_t *L, slong j)
{
    if (j < L->p - 1 || L->fit == FIT_ORIGIN)
        snprintf(out, n, L->fit == FIT_CONSTANT ? "b" : "w_%ld", (long)j + 1);
    else
        snprintf(out, n, "b");
}

/* "w_1 = ..., b = ..." (caller frees) */
static char *params_str(const lsq_t *L, const fmpz_poly_q_struct *theta)
{
    size_t cap = 64, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (slong j = 0; j < L->p; j++) {
        char name[32];
        param_name(name, sizeof name, L, j);
        char *v = rc_qrho_get_str(theta + j);
        size_t need = len + strlen(name) + strlen(v) + 8;
        if (need > cap) {
            cap = 2 * need;
            out = realloc(out, cap);
        }
        len += (size_t)snprintf(out + len, cap - len, "%s%s = %s", j ? ", " : "", name, v);
        flint_free(v);
    }
    return out;
}

/* 1 when the printed text matches the value: exactly, or as a rounding when
 * it is a decimal and the value a rational; -1 when a decimal is printed for
 * a value that depends on rho */
static int printed_match(const char *text, const fmpz_poly_q_t value)
{
    char err[200];
    fmpz_poly_q_t p;
    fmpz_poly_q_init(p);
    rc_qrho_parse(p, text, err, sizeof err); /* validated when read */
    int places = strchr(text, '.') ? rc_decimal_places(text) : 0, ok;
    fmpq_t v, q, d;
    fmpq_init(v);
    fmpq_init(q);
    fmpq_init(d);
    if (places <= 0) {
        ok = fmpz_poly_q_equal(p, value);
    } else if (!rc_qrho_get_fmpq(v, value)) {
        ok = -1;
    } else { /* -1 <= 2*10^k*(value - p) < 1 */
        rc_qrho_get_fmpq(q, p);
        fmpq_sub(d, v, q);
        fmpz_t scale;
        fmpz_init_set_ui(scale, 10);
        fmpz_pow_ui(scale, scale, (ulong)places);
        fmpz_mul_2exp(scale, scale, 1);
        fmpq_mul_fmpz(d, d, scale);
        ok = fmpq_cmp_si(d, -1) >= 0 && fmpq_cmp_si(d, 1) < 0;
        fmpz_clear(scale);
    }
    fmpq_clear(v);
    fmpq_clear(q);
    fmpq_clear(d);
    fmpz_poly_q_clear(p);
    return ok;
}

int rc_user_lsq(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    lsq_t L;
    memset(&L, 0, sizeof L);
    if (read_lsq(&L, spec, c, rep)) {
        lsq_clear(&L);
        return -1;
    }
    slong n = L.n, p = L.p;
    rc_user_paper_note(rep, &L.head);

    /* [G | A^T y] and |y|^2 */
    fmpz_poly_q_struct *M = qvec(p * (p + 1)), *t = qvec(4);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < p; j++) {
            const fmpz_poly_q_struct *aij = L.A + i * p + j;
            for (slong k = 0; k < p; k++) {
                fmpz_poly_q_mul(t, aij, L.A + i * p + k);
                fmpz_poly_q_add(M + j * (p + 1) + k, M + j * (p + 1) + k, t);
            }
            fmpz_poly_q_mul(t, aij, L.y + i);
            fmpz_poly_q_add(M + j * (p + 1) + p, M + j * (p + 1) + p, t);
        }
    fmpz_poly_q_struct *G = qvec(p * p), *b = qvec(p), *yy = t + 1;
    for (slong j = 0; j < p; j++) {
        for (slong k = 0; k < p; k++)
            fmpz_poly_q_set(G + j * p + k, M + j * (p + 1) + k);
        fmpz_poly_q_set(b + j, M + j * (p + 1) + p);
    }
    for (slong i = 0; i < n; i++) {
        fmpz_poly_q_mul(t, L.y + i, L.y + i);
        fmpz_poly_q_add(yy, yy, t);
    }
    slong *piv = flint_malloc(sizeof(slong) * (size_t)(p + 1));
    slong r = rref(M, p, p + 1, p, piv);
    int *is_piv = flint_calloc((size_t)p + 1, sizeof(int));
    for (slong k = 0; k < r; k++)
        is_piv[piv[k]] = 1;
    /* theta: zero off the pivots; kernel: one vector per other column */
    fmpz_poly_q_struct *theta = qvec(p), *ker = qvec((p - r) * p);
    for (slong k = 0; k < r; k++)
        fmpz_poly_q_set(theta + piv[k], M + k * (p + 1) + p);
    slong nk = 0;
    for (slong j = 0; j < p; j++) {
        if (is_piv[j])
            continue;
        fmpz_poly_q_one(ker + nk * p + j);
        for (slong k = 0; k < r; k++)
            fmpz_poly_q_neg(ker + nk * p + piv[k], M + k * (p + 1) + j);
        nk++;
    }
    /* det of G on the pivots: where it vanishes (for some rho) the rank drops */
    fmpz_poly_q_struct *GP = qvec(r * r), *gdet = t + 2;
    for (slong a = 0; a < r; a++)
        for (slong e = 0; e < r; e++)
            fmpz_poly_q_set(GP + a * r + e, G + piv[a] * p + piv[e]);
    det(gdet, GP, r);
    /* sse = |y|^2 - theta . A^T y (G theta = A^T y) */
    fmpz_poly_q_t sse, risk;
    fmpz_poly_q_init(sse);
    fmpz_poly_q_init(risk);
    fmpz_poly_q_set(sse, yy);
    for (slong j = 0; j < p; j++) {
        fmpz_poly_q_mul(t, theta + j, b + j);
        fmpz_poly_q_sub(sse, sse, t);
    }
    if (L.norm == NORM_SUM)
        fmpz_poly_q_set(risk, sse);
    else
        fmpz_poly_q_scalar_div_si(risk, sse, L.norm == NORM_MEAN ? n : 2 * n);

    int unique = r == p, rho_data = fmpz_poly_degree(gdet->num) > 0 || fmpz_poly_degree(gdet->den) > 0;
    const char *fitw = L.fit == FIT_AFFINE ? "affine fit w.x + b" : L.fit == FIT_ORIGIN ? "fit w.x through the origin" : "constant fit b";
    char *ds = rc_qrho_get_str(gdet);
    if (unique)
        rc_report_add(rep, RC_OK, NULL, NULL,
                      "the best %s of the %ld points (%ld feature%s) is unique: the normal "
                      "equations A^T A theta = A^T y have full rank %ld%s%s%s", fitw, (long)n,
                      (long)L.d, L.d == 1 ? "" : "s", (long)p,
                      rho_data ? " over Q(rho), i.e. for every rho but the real zeros and poles of det(A^T A) = " : "",
                      rho_data ? ds : "", rho_data ? "" : "");
    else {
        char *ks = rc_qrho_vec_str(ker, p);
        rc_report_add(rep, RC_OK, NULL, NULL,
                      "the best %s of the %ld points is NOT unique: A^T A has rank %ld < %ld "
                      "parameters%s, so the minimisers form a %ld-dimensional affine set theta + "
                      "span(k_1, ...) with k_1 = %s%s; the risk is the same at each of them",
                      fitw, (long)n, (long)r, (long)p, rho_data ? " over Q(rho)" : "",
                      (long)(p - r), ks, p - r > 1 ? " (all kernel vectors in the certificate)" : "");
        free(ks);
    }
    flint_free(ds);
    char *ps = params_str(&L, theta);
    if (unique)
        rc_report_add(rep, RC_OK, NULL, NULL, "the minimiser: %s", ps);
    else
        rc_report_add(rep, RC_OK, NULL, NULL, "a minimiser (0 on the dependent columns): %s", ps);
    free(ps);

    /* the risk against the printed one */
    char *rs = rc_qrho_get_str(risk);
    int risk_ok = 1;
    json_t *pr_risk = json_null();
    if (L.printed_risk) {
        risk_ok = printed_match(L.printed_risk, risk);
        char *detail = NULL;
        if (risk_ok != 1 && asprintf(&detail, "paper %s, computed %s%s", L.printed_risk, rs,
                                     risk_ok < 0 ? " (a decimal is a rounding of a number; this risk depends on rho)" : strchr(L.printed_risk, '.') ? " (does not round to the printed digits)" : "") < 0)
            detail = NULL;
        rc_report_add(rep, risk_ok == 1 ? RC_OK : RC_FAIL, L.printed_risk, detail,
                      "risk R = %s = %s", norm_formulas[L.norm], rs);
        free(detail);
        pr_risk = json_object();
        json_object_set_new(pr_risk, "printed", json_string(L.printed_risk));
        json_object_set_new(pr_risk, "holds", json_boolean(risk_ok == 1));
    } else {
        rc_report_add(rep, RC_OK, NULL, NULL, "risk R = %s = %s (nothing printed to compare)",
                      norm_formulas[L.norm], rs);
    }
    flint_free(rs);

    /* printed parameters: a minimiser iff they satisfy the normal equations */
    json_t *pr_par = json_null();
    int par_ok = 1;
    if (L.printed_params) {
        fmpz_poly_q_struct *q = qvec(p), *res = qvec(p);
        char err[200];
        for (slong j = 0; j < p; j++)
            rc_qrho_parse(q + j, json_string_value(json_array_get(L.printed_params, (size_t)j)), err, sizeof err);
        for (slong j = 0; j < p; j++) {
            fmpz_poly_q_neg(res + j, b + j);
            for (slong k = 0; k < p; k++) {
                fmpz_poly_q_mul(t, G + j * p + k, q + k);
                fmpz_poly_q_add(res + j, res + j, t);
            }
            par_ok &= fmpz_poly_q_is_zero(res + j);
        }
        char *pp = params_str(&L, q), *detail = NULL;
        if (!par_ok) {
            char *cs = params_str(&L, theta), *rv = rc_qrho_vec_str(res, p);
            if (asprintf(&detail, "paper %s; computed %s%s; A^T A theta - A^T y = %s at the paper's theta",
                         pp, cs, unique ? "" : " (one of the minimisers)", rv) < 0)
                detail = NULL;
            free(cs);
            free(rv);
        }
        rc_report_add(rep, par_ok ? RC_OK : RC_FAIL, pp, detail,
                      par_ok ? (unique ? "the printed parameters are the minimiser" : "the printed parameters are a minimiser (they satisfy the normal equations; others are too)")
                             : "the printed parameters are not a minimiser: they violate the normal equations");
        free(pp);
        free(detail);
        pr_par = json_object();
        json_object_set_new(pr_par, "holds", json_boolean(par_ok));
        json_object_set_new(pr_par, "normal_residual", qrho_array(res, p));
        rc_qrho_vec_clear(q, p);
        rc_qrho_vec_clear(res, p);
    }
    rc_report_conclude(rep, "%s", L.printed_risk || L.printed_params
                                      ? "the printed values match the exact least-squares fit"
                                      : "the exact least-squares fit is computed (nothing printed to compare)");

    json_t *res = json_object(), *names = json_array(), *pv = json_array(), *kv = json_array();
    for (slong j = 0; j < p; j++) {
        char name[32];
        param_name(name, sizeof name, &L, j);
        json_array_append_new(names, json_string(name));
    }
    for (slong k = 0; k < r; k++)
        json_array_append_new(pv, json_integer(piv[k]));
    for (slong k = 0; k < nk; k++)
        json_array_append_new(kv, qrho_array(ker + k * p, p));
    json_object_set_new(res, "n", json_integer(n));
    json_object_set_new(res, "parameters", names);
    json_object_set_new(res, "rank", json_integer(r));
    json_object_set_new(res, "unique", json_boolean(unique));
    json_object_set_new(res, "pivots", pv);
    json_object_set_new(res, "pivot_gram_det", rc_json_qrho(gdet));
    json_object_set_new(res, "kernel", kv);
    json_object_set_new(res, "theta", qrho_array(theta, p));
    json_object_set_new(res, "sse", rc_json_qrho(sse));
    json_object_set_new(res, "risk", rc_json_qrho(risk));
    json_object_set_new(res, "printed_risk", pr_risk);
    json_object_set_new(res, "printed_params", pr_par);

    /* the inputs are the spec object itself, as written (a claims file's entry
       then checks alone) */
    json_t *in = json_incref(spec->root);
    *cert = rc_cert_new(c, spec->file, in, res, rep);

    fmpz_poly_q_clear(sse);
    fmpz_poly_q_clear(risk);
    rc_qrho_vec_clear(M, p * (p + 1));
    rc_qrho_vec_clear(t, 4);
    rc_qrho_vec_clear(G, p * p);
    rc_qrho_vec_clear(b, p);
    rc_qrho_vec_clear(theta, p);
    rc_qrho_vec_clear(ker, (p - r) * p);
    rc_qrho_vec_clear(GP, r * r);
    flint_free(piv);
    flint_free(is_piv);
    lsq_clear(&L);
    return 0;
}
