/* user.lsq/1: a least-squares fit of the certificate's dataset over Q(rho).
 * Recomputed from the inputs: the design matrix A, G = A^T A and A^T y. The
 * certificate's witnesses are verified as given: the pivot columns P have
 * det G_PP != 0 (so rank >= |P|), each kernel vector is 1 at its own
 * non-pivot column, 0 at the others, and G k = 0 (so rank <= |P|); theta is
 * 0 off P and satisfies the normal equations G theta = A^T y, so it is a
 * minimiser, and the risk |y|^2 - theta . A^T y is recomputed from it. */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <stdlib.h>
#include <string.h>

static const char *const fits[] = {"affine", "constant", "origin"};
static const char *const norms[] = {"mean", "sum", "half_mean"};

static int word(ck_t *ck, int *out, const json_t *j, const char *const *words, int n,
                const char *path)
{
    if (!j) /* absent: the default, the first word */
        return *out = 0, 0;
    const char *s = json_string_value(j);
    for (int k = 0; s && k < n; k++)
        if (!strcmp(s, words[k]))
            return *out = k, 0;
    return ck_fail(ck, path, "not one of the admitted words");
}

static int entry(ck_t *ck, fmpz_poly_q_t f, const json_t *j, const char *path, slong *maxdeg)
{
    if (ck_user_qrho(ck, f, j, path))
        return -1;
    slong deg = FLINT_MAX(fmpz_poly_degree(f->num), fmpz_poly_degree(f->den));
    if (deg > RC_LIMIT_USER_RHO_DEGREE)
        return ck_limit(ck, path, "degree in rho beyond %d", RC_LIMIT_USER_RHO_DEGREE);
    *maxdeg = FLINT_MAX(*maxdeg, deg);
    return 0;
}

static int qvec_read(ck_t *ck, fmpz_poly_q_struct *v, const json_t *j, slong n, const char *path)
{
    char sub[CK_PATH];
    if (ck_array(ck, j, n, path) < 0)
        return -1;
    for (slong i = 0; i < n; i++) {
        ck_pathf(sub, "%s[%ld]", path, (long)i);
        if (ck_qrho(ck, v + i, json_array_get(j, (size_t)i), sub))
            return -1;
    }
    return 0;
}

static json_t *qjson(const fmpz_poly_q_struct *v, slong n)
{
    json_t *a = json_array();
    for (slong i = 0; i < n; i++)
        json_array_append_new(a, rc_json_qrho(v + i));
    return a;
}

/* det of the k x k matrix G restricted to rows and columns idx, by
 * elimination over Q(rho) on a copy */
static void det_sub(fmpz_poly_q_t out, const fmpz_poly_q_struct *G, slong p, const slong *idx,
                    slong k)
{
    fmpz_poly_q_struct *M = ck_qvec_new(k * k), *t = ck_qvec_new(1);
    for (slong a = 0; a < k; a++)
        for (slong b = 0; b < k; b++)
            fmpz_poly_q_set(M + a * k + b, G + idx[a] * p + idx[b]);
    fmpz_poly_q_one(out);
    for (slong c = 0; c < k && !fmpz_poly_q_is_zero(out); c++) {
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
            fmpz_poly_q_div(t + 1, M + i * k + c, M + c * k + c);
            for (slong j = c; j < k; j++) {
                fmpz_poly_q_mul(t, t + 1, M + c * k + j);
                fmpz_poly_q_sub(M + i * k + j, M + i * k + j, t);
            }
        }
    }
    ck_qvec_free(M, k * k);
    ck_qvec_free(t, 1);
}

/* G v - b (b NULL: G v) into out; 1 when it is 0 */
static int apply(fmpz_poly_q_struct *out, const fmpz_poly_q_struct *G, const fmpz_poly_q_struct *v,
                 const fmpz_poly_q_struct *b, slong p)
{
    fmpz_poly_q_t t;
    fmpz_poly_q_init(t);
    int zero = 1;
    for (slong j = 0; j < p; j++) {
        if (b)
            fmpz_poly_q_neg(out + j, b + j);
        else
            fmpz_poly_q_zero(out + j);
        for (slong k = 0; k < p; k++) {
            fmpz_poly_q_mul(t, G + j * p + k, v + k);
            fmpz_poly_q_add(out + j, out + j, t);
        }
        zero &= fmpz_poly_q_is_zero(out + j);
    }
    fmpz_poly_q_clear(t);
    return zero;
}

int ck_user_lsq(ck_t *ck, int variant, const char *claim, const json_t *in,
                const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    char path[CK_PATH];
    int fit = 0, norm = 0;
    if (ck_user_inputs(ck, in, "claim.lsq", "y", "fit risk x printed") ||
        word(ck, &fit, json_object_get(in, "fit"), fits, 3, "inputs.fit") ||
        word(ck, &norm, json_object_get(in, "risk"), norms, 3, "inputs.risk"))
        return -1;
    const json_t *xj = json_object_get(in, "x"), *yj = json_object_get(in, "y");
    const json_t *pr = json_object_get(in, "printed");
    slong n = ck_array(ck, yj, -1, "inputs.y"), d = 0;
    if (n < 0)
        return -1;
    if (n < 1 || n > RC_LIMIT_USER_LSQ_POINTS)
        return ck_limit(ck, "inputs.y", "expected 1 to %d points", RC_LIMIT_USER_LSQ_POINTS);
    if (!xj && fit != 1)
        return ck_fail(ck, "inputs.x", "missing (only a constant fit needs no x)");
    int scalar_rows = 0; /* x = [x_1, ...] for one feature */
    if (xj) {
        if (ck_array(ck, xj, n, "inputs.x") < 0)
            return -1;
        scalar_rows = !json_is_array(json_array_get(xj, 0));
        if (!scalar_rows && (d = ck_array(ck, json_array_get(xj, 0), -1, "inputs.x[0]")) < 0)
            return -1;
        d = scalar_rows ? 1 : d;
        if (d < 1 || d > RC_LIMIT_USER_LSQ_FEATURES)
            return ck_limit(ck, "inputs.x[0]", "expected 1 to %d features", RC_LIMIT_USER_LSQ_FEATURES);
    }
    slong p = (fit == 1 ? 0 : d) + (fit == 2 ? 0 : 1);
    if (ck_cost(ck, "inputs.y", rc_cost_user_lsq(n, p, 0), "the fit"))
        return -1;
    if (pr) {
        const json_t *pp = json_object_get(pr, "params"), *prk = json_object_get(pr, "risk");
        if (ck_keys(ck, pr, "inputs.printed", pp && prk ? "params risk" : pp ? "params" : prk ? "risk" : "") ||
            (prk && !json_is_string(prk) && ck_fail(ck, "inputs.printed.risk", "expected a string")) ||
            (pp && ck_array(ck, pp, p, "inputs.printed.params") < 0))
            return -1;
        for (size_t k = 0; pp && k < json_array_size(pp); k++)
            if (!json_is_string(json_array_get(pp, k))) {
                ck_pathf(path, "inputs.printed.params[%zu]", k);
                return ck_fail(ck, path, "expected a string");
            }
    }
    int rc = -1;
    fmpz_poly_q_struct *x = ck_qvec_new(n * d), *y = ck_qvec_new(n), *A = ck_qvec_new(n * p),
                       *G = ck_qvec_new(p * p), *b = ck_qvec_new(p), *theta = ck_qvec_new(p),
                       *w = ck_qvec_new(p), *t = ck_qvec_new(4);
    slong *piv = calloc((size_t)p + 1, sizeof(slong)), r = 0, maxdeg = 0;
    int *is_piv = calloc((size_t)p + 1, sizeof(int));
    json_t *res = NULL;
    for (slong i = 0; i < n; i++) {
        ck_pathf(path, "inputs.y[%ld]", (long)i);
        if (entry(ck, y + i, json_array_get(yj, (size_t)i), path, &maxdeg))
            goto done;
        if (!xj)
            continue;
        const json_t *row = json_array_get(xj, (size_t)i);
        ck_pathf(path, "inputs.x[%ld]", (long)i);
        if (scalar_rows ? json_is_array(row) && ck_fail(ck, path, "an array, unlike x[0]")
                        : ck_array(ck, row, d, path) < 0)
            goto done;
        for (slong k = 0; k < d; k++) {
            if (!scalar_rows)
                ck_pathf(path, "inputs.x[%ld][%ld]", (long)i, (long)k);
            if (entry(ck, x + i * d + k, scalar_rows ? row : json_array_get(row, (size_t)k), path,
                      &maxdeg))
                goto done;
        }
    }
    if (ck_cost(ck, "inputs.x", rc_cost_user_lsq(n, p, maxdeg), "the fit"))
        goto done;
    for (slong i = 0; i < n; i++) {
        slong j = 0;
        if (fit != 1)
            for (; j < d; j++)
                fmpz_poly_q_set(A + i * p + j, x + i * d + j);
        if (fit != 2)
            fmpz_poly_q_one(A + i * p + j);
    }
    for (slong j = 0; j < p; j++)
        for (slong i = 0; i < n; i++) {
            for (slong k = 0; k < p; k++) {
                fmpz_poly_q_mul(t, A + i * p + j, A + i * p + k);
                fmpz_poly_q_add(G + j * p + k, G + j * p + k, t);
            }
            fmpz_poly_q_mul(t, A + i * p + j, y + i);
            fmpz_poly_q_add(b + j, b + j, t);
        }

    /* the rank witness: pivots, then kernel vectors */
    const json_t *pj = json_object_get(results, "pivots"), *kj = json_object_get(results, "kernel");
    if ((r = ck_array(ck, pj, -1, "results.pivots")) < 0)
        goto done;
    if (r > p) {
        ck_fail(ck, "results.pivots", "more pivots than parameters");
        goto done;
    }
    for (slong k = 0; k < r; k++) {
        ck_pathf(path, "results.pivots[%ld]", (long)k);
        if (ck_int(ck, piv + k, json_array_get(pj, (size_t)k), k ? piv[k - 1] + 1 : 0, p - 1, path))
            goto done;
        is_piv[piv[k]] = 1;
    }
    det_sub(t + 2, G, p, piv, r);
    if (fmpz_poly_q_is_zero(t + 2)) {
        ck_fail(ck, "results.pivots", "A^T A restricted to these columns is singular");
        goto done;
    }
    if (ck_array(ck, kj, p - r, "results.kernel") < 0)
        goto done;
    json_t *kout = json_array();
    for (slong k = 0, j = 0; k < p - r; k++, j++) {
        while (is_piv[j])
            j++;
        ck_pathf(path, "results.kernel[%ld]", (long)k);
        if (qvec_read(ck, w, json_array_get(kj, (size_t)k), p, path)) {
            json_decref(kout);
            goto done;
        }
        int pattern = 1;
        for (slong c = 0; c < p; c++)
            if (!is_piv[c])
                pattern &= c == j ? fmpz_poly_q_is_one(w + c) : fmpz_poly_q_is_zero(w + c);
        if (!pattern || !apply(theta, G, w, NULL, p)) {
            ck_fail(ck, path, pattern ? "not in the kernel of A^T A"
                                      : "not 1 at its own non-pivot column and 0 at the others");
            json_decref(kout);
            goto done;
        }
        json_array_append_new(kout, qjson(w, p));
    }
    /* theta: zero off the pivots, a solution of the normal equations */
    if (qvec_read(ck, theta, json_object_get(results, "theta"), p, "results.theta")) {
        json_decref(kout);
        goto done;
    }
    for (slong c = 0; c < p; c++)
        if (!is_piv[c] && !fmpz_poly_q_is_zero(theta + c)) {
            json_decref(kout);
            ck_fail(ck, "results.theta", "nonzero off the pivot columns");
            goto done;
        }
    if (!apply(w, G, theta, b, p)) {
        json_decref(kout);
        ck_fail(ck, "results.theta", "does not satisfy the normal equations A^T A theta = A^T y");
        goto done;
    }
    /* |A theta - y|^2 = theta^T G theta - 2 theta . A^T y + |y|^2 = |y|^2 - theta . A^T y,
       since G theta = A^T y (verified above); |y|^2 summed here */
    fmpz_poly_q_t sse, risk;
    fmpz_poly_q_init(sse);
    fmpz_poly_q_init(risk);
    for (slong i = 0; i < n; i++) {
        fmpz_poly_q_mul(t, y + i, y + i);
        fmpz_poly_q_add(sse, sse, t);
    }
    for (slong j = 0; j < p; j++) {
        fmpz_poly_q_mul(t, theta + j, b + j);
        fmpz_poly_q_sub(sse, sse, t);
    }
    if (norm == 1)
        fmpz_poly_q_set(risk, sse);
    else
        fmpz_poly_q_scalar_div_si(risk, sse, norm == 0 ? n : 2 * n);

    res = json_object();
    json_t *names = json_array(), *pv = json_array();
    for (slong j = 0; j < p; j++) {
        if (fit == 1 || (fit == 0 && j == p - 1))
            json_array_append_new(names, json_string("b"));
        else {
            ck_pathf(path, "w_%ld", (long)j + 1);
            json_array_append_new(names, json_string(path));
        }
    }
    for (slong k = 0; k < r; k++)
        json_array_append_new(pv, json_integer(piv[k]));
    json_object_set_new(res, "n", json_integer(n));
    json_object_set_new(res, "parameters", names);
    json_object_set_new(res, "rank", json_integer(r));
    json_object_set_new(res, "unique", json_boolean(r == p));
    json_object_set_new(res, "pivots", pv);
    json_object_set_new(res, "pivot_gram_det", rc_json_qrho(t + 2));
    json_object_set_new(res, "kernel", kout);
    json_object_set_new(res, "theta", qjson(theta, p));
    json_object_set_new(res, "sse", rc_json_qrho(sse));
    json_object_set_new(res, "risk", rc_json_qrho(risk));
    const json_t *prk = pr ? json_object_get(pr, "risk") : NULL;
    if (prk) {
        int ok = ck_user_printed_match(json_string_value(prk), risk);
        ck_state(v, ok ? CK_OK : CK_FAIL, "results.printed_risk: the printed risk %s differs from the exact one",
                 json_string_value(prk));
        json_t *o = json_object();
        json_object_set_new(o, "printed", json_string(json_string_value(prk)));
        json_object_set_new(o, "holds", json_boolean(ok));
        json_object_set_new(res, "printed_risk", o);
    } else {
        json_object_set_new(res, "printed_risk", json_null());
    }
    const json_t *pp = pr ? json_object_get(pr, "params") : NULL;
    if (pp) {
        char err[200];
        int ok = 1;
        for (slong j = 0; j < p && ok; j++) {
            const char *s = json_string_value(json_array_get(pp, (size_t)j));
            ok = !strchr(s, '.') && rc_qrho_parse(w + j, s, err, sizeof err) == 0;
        }
        if (!ok) {
            fmpz_poly_q_clear(sse);
            fmpz_poly_q_clear(risk);
            ck_fail(ck, "inputs.printed.params", "a value that is not an exact expression");
            goto done;
        }
        ok = apply(theta, G, w, b, p); /* theta (already written) as scratch */
        ck_state(v, ok ? CK_OK : CK_FAIL, "results.printed_params: the printed parameters violate the normal equations");
        json_t *o = json_object();
        json_object_set_new(o, "holds", json_boolean(ok));
        json_object_set_new(o, "normal_residual", qjson(theta, p));
        json_object_set_new(res, "printed_params", o);
    } else {
        json_object_set_new(res, "printed_params", json_null());
    }
    fmpz_poly_q_clear(sse);
    fmpz_poly_q_clear(risk);
    *expected = res;
    res = NULL;
    rc = 0;
done:
    json_decref(res);
    ck_qvec_free(x, n * d);
    ck_qvec_free(y, n);
    ck_qvec_free(A, n * p);
    ck_qvec_free(G, p * p);
    ck_qvec_free(b, p);
    ck_qvec_free(theta, p);
    ck_qvec_free(w, p);
    ck_qvec_free(t, 4);
    free(piv);
    free(is_piv);
    return rc;
}
