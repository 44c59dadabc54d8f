/* li18 Lemma 1 (Appendix A.1): the unit W^2 ReLU(W^1 A + b 1^T) + A moves
 * column i of A to a'_i, with |W^1|_F = |W^2|_F = sqrt(8d)/rho where
 * d = |a_i - a'_i|; recomputed from the certificate's vectors. */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>


typedef struct {
    slong dx, m, i; /* i 0-based */
    fmpq *a;        /* column k is a + k*dx */
    fmpq *a_new;
    fmpq_t rho;
} lemma1;

static int vec_read(ck_t *ck, fmpq *v, const json_t *j, slong n, const char *path)
{
    char sub[CK_PATH];
    if (ck_array(ck, j, n, path) < 0)
        return -1;
    for (slong r = 0; r < n; r++) {
        ck_pathf(sub, "%s[%ld]", path, (long)r);
        if (ck_q(ck, v + r, json_array_get(j, (size_t)r), sub))
            return -1;
    }
    return 0;
}

static int lemma1_read(ck_t *ck, lemma1 *L, const json_t *in)
{
    char sub[CK_PATH];
    const json_t *cols = json_object_get(in, "columns");
    if (ck_keys(ck, in, "inputs", "a_new columns i rho") ||
        (L->m = ck_array(ck, cols, -1, "inputs.columns")) < 0)
        return -1;
    if (L->m < 1 || L->m > RC_LIMIT_POINTS)
        return ck_limit(ck, "inputs.columns", "expected 1 to %d columns", RC_LIMIT_POINTS);
    if ((L->dx = ck_array(ck, json_array_get(cols, 0), -1, "inputs.columns[0]")) < 0)
        return -1;
    if (L->dx < 1 || L->dx > RC_LIMIT_LI18_D)
        return ck_limit(ck, "inputs.columns[0]", "expected 1 to %d entries", RC_LIMIT_LI18_D);
    char what[64];
    snprintf(what, sizeof what, "%ld columns of dimension %ld", (long)L->m, (long)L->dx);
    if (ck_cost(ck, "inputs.columns", rc_cost_lemma1(L->m, L->dx), what))
        return -1;
    L->a = _fmpq_vec_init(L->m * L->dx);
    L->a_new = _fmpq_vec_init(L->dx);
    for (slong k = 0; k < L->m; k++) {
        ck_pathf(sub, "inputs.columns[%ld]", (long)k);
        if (vec_read(ck, L->a + k * L->dx, json_array_get(cols, (size_t)k), L->dx, sub))
            return -1;
    }
    if (ck_int(ck, &L->i, json_object_get(in, "i"), 1, L->m, "inputs.i") ||
        vec_read(ck, L->a_new, json_object_get(in, "a_new"), L->dx, "inputs.a_new") ||
        ck_q(ck, L->rho, json_object_get(in, "rho"), "inputs.rho"))
        return -1;
    L->i--;
    if (fmpq_sgn(L->rho) <= 0)
        return ck_fail(ck, "inputs.rho", "must be positive");
    return 0;
}

static void dot(fmpq_t out, const fmpq *u, const fmpq *v, slong n)
{
    fmpq_zero(out);
    for (slong k = 0; k < n; k++)
        fmpq_addmul(out, u + k, v + k);
}

/* |u - v|^2 */
static void dist2(fmpq_t out, const fmpq *u, const fmpq *v, slong n)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(out);
    for (slong k = 0; k < n; k++) {
        fmpq_sub(t, u + k, v + k);
        fmpq_addmul(out, t, t);
    }
    fmpq_clear(t);
}

/* the rational square root of x, if it has one */
static int sqrt_q(fmpq_t out, const fmpq_t x)
{
    if (fmpq_sgn(x) < 0 || !fmpz_is_square(fmpq_numref(x)) || !fmpz_is_square(fmpq_denref(x)))
        return 0;
    fmpz_sqrt(fmpq_numref(out), fmpq_numref(x));
    fmpz_sqrt(fmpq_denref(out), fmpq_denref(x));
    return 1;
}

static void lemma1_clear(lemma1 *L)
{
    if (L->a) {
        _fmpq_vec_clear(L->a, L->m * L->dx);
        _fmpq_vec_clear(L->a_new, L->dx);
    }
    fmpq_clear(L->rho);
}

static int lemma1_check(ck_t *ck, const lemma1 *L, json_t **expected, ck_verdict *v);

int ck_li18_lemma1(ck_t *ck, int variant, const char *claim, const json_t *in,
                   const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    (void)results;
    lemma1 L;
    memset(&L, 0, sizeof L);
    fmpq_init(L.rho);
    /* nothing is derived from L unless it was read whole */
    int rc = lemma1_read(ck, &L, in);
    if (rc == 0)
        rc = lemma1_check(ck, &L, expected, v);
    lemma1_clear(&L);
    return rc;
}

/* Recomputes the results of a well-read instance. */
static int lemma1_check(ck_t *ck, const lemma1 *L, json_t **expected, ck_verdict *v)
{
    int rc = 0;
    fmpq_t t, q, min_A, min_N, d2, d, c2, c, c1c2, beta, n1, n2;
    fmpq *vars[] = {t, q, min_A, min_N, d2, d, c2, c, c1c2, beta, n1, n2};
    for (size_t k = 0; k < sizeof vars / sizeof vars[0]; k++)
        fmpq_init(vars[k]);
    slong dx = L->dx, m = L->m;
    const fmpq *ai = L->a + L->i * dx;
    fmpq *out = _fmpq_vec_init(m * dx);

    /* unit vectors */
    int unit = 1;
    for (slong k = 0; k <= m; k++) {
        const fmpq *u = k < m ? L->a + k * dx : L->a_new;
        dot(t, u, u, dx);
        unit &= fmpq_is_one(t);
    }
    ck_state(v, unit ? CK_OK : CK_FAIL, "results.unit_vectors: a column is not a unit vector");

    /* the hypotheses d_min(A), d_min(A') >= rho/2, squared; A' is A with
       column i replaced (both minima 0 when m = 1) */
    for (slong k = 0; k < m; k++)
        for (slong l = k + 1; l < m; l++) {
            const fmpq *u = L->a + k * dx, *w = L->a + l * dx;
            dist2(t, u, w, dx);
            if ((k == 0 && l == 1) || fmpq_cmp(t, min_A) < 0)
                fmpq_set(min_A, t);
            dist2(t, k == L->i ? L->a_new : u, l == L->i ? L->a_new : w, dx);
            if ((k == 0 && l == 1) || fmpq_cmp(t, min_N) < 0)
                fmpq_set(min_N, t);
        }
    fmpq_mul(q, L->rho, L->rho);
    fmpq_div_2exp(q, q, 2);
    int hyp = m < 2 || (fmpq_cmp(min_A, q) >= 0 && fmpq_cmp(min_N, q) >= 0);
    ck_state(v, hyp ? CK_OK : CK_FAIL, "results.hypotheses_hold: a hypothesis of Lemma 1 fails");

    /* d^2 = |a_i - a'_i|^2; c1 c2 = 8/rho^2; b_1 / c = rho^2/8 - 1; c^2 = 8d/rho^2 */
    dist2(d2, ai, L->a_new, dx);
    int d_rational = sqrt_q(d, d2);
    fmpq_set_si(c1c2, 8, 1);
    fmpq_div(c1c2, c1c2, L->rho);
    fmpq_div(c1c2, c1c2, L->rho);
    fmpq_mul(beta, L->rho, L->rho);
    fmpq_div_2exp(beta, beta, 3);
    fmpq_sub_si(beta, beta, 1);
    int c_rational = 0;
    if (d_rational) {
        fmpq_mul(c2, c1c2, d);
        c_rational = sqrt_q(c, c2);
    }
    if (c_rational && fmpq_is_zero(d)) {
        rc = ck_fail(ck, "inputs.a_new", "equals a_i: d = 0, a case the prover cannot write");
        goto done;
    }

    /* (13): W^1 = c [a_i^T; 0], b = c beta e_1, W^2 = (c/d) [a'_i - a_i, 0]:
       since ReLU(c z) = c ReLU(z) for c > 0, the unit adds
       (c1 c2) ReLU(a_i . a_k + beta) (a'_i - a_i) to column k */
    for (slong k = 0; k < m; k++) {
        const fmpq *ak = L->a + k * dx;
        fmpq *ok = out + k * dx;
        dot(t, ai, ak, dx);
        fmpq_add(t, t, beta);
        for (slong r = 0; r < dx; r++) {
            fmpq_set(ok + r, ak + r);
            if (fmpq_sgn(t) > 0) {
                fmpq_sub(q, L->a_new + r, ai + r);
                fmpq_mul(q, q, t);
                fmpq_addmul(ok + r, q, c1c2);
            }
        }
    }
    int eq13 = 1;
    for (slong k = 0; k < m; k++)
        for (slong r = 0; r < dx; r++)
            eq13 &= fmpq_equal(out + k * dx + r, k == L->i ? L->a_new + r : L->a + k * dx + r);
    ck_state(v, eq13 ? CK_OK : CK_FAIL, "results.eq13_holds: the unit does not give A'");

    /* (14): |W^1|_F^2 = c^2 |a_i|^2, |W^2|_F^2 = (c/d)^2 d^2, both c^2; with c
       irrational that is |a_i|^2 = 1 */
    int eq14 = unit;
    if (c_rational) {
        dot(n1, ai, ai, dx);
        fmpq_mul(n1, n1, c2);
        fmpq_div(n2, c, d);
        fmpq_mul(n2, n2, n2);
        fmpq_mul(n2, n2, d2);
        eq14 = fmpq_equal(n1, c2) && fmpq_equal(n2, c2);
    }
    ck_state(v, eq14 ? CK_OK : CK_FAIL, "results.eq14_holds: (14) fails");

    json_t *res = json_object(), *rows = json_array();
    for (slong r = 0; r < dx; r++) {
        json_t *row = json_array();
        for (slong k = 0; k < m; k++)
            json_array_append_new(row, rc_json_fmpq(out + k * dx + r));
        json_array_append_new(rows, row);
    }
    json_object_set_new(res, "unit_vectors", json_boolean(unit));
    json_object_set_new(res, "dmin2_A", rc_json_fmpq(min_A));
    json_object_set_new(res, "dmin2_A_new", rc_json_fmpq(min_N));
    json_object_set_new(res, "hypotheses_hold", json_boolean(hyp));
    json_object_set_new(res, "d2", rc_json_fmpq(d2));
    json_object_set_new(res, "d", d_rational ? rc_json_fmpq(d) : json_null());
    json_object_set_new(res, "c", c_rational ? rc_json_fmpq(c) : json_null());
    json_object_set_new(res, "c1_c2", rc_json_fmpq(c1c2));
    json_object_set_new(res, "b1_over_c", rc_json_fmpq(beta));
    json_object_set_new(res, "unit_output", rows);
    json_object_set_new(res, "eq13_holds", json_boolean(eq13));
    json_object_set_new(res, "eq14_holds", json_boolean(eq14));
    *expected = res;
done:
    _fmpq_vec_clear(out, m * dx);
    for (size_t k = 0; k < sizeof vars / sizeof vars[0]; k++)
        fmpq_clear(vars[k]);
    return rc;
}
