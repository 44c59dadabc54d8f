/* li18 Lemma 1 (Appendix A.1): the unit W^2 ReLU(W^1 A + b 1^T) + A moves
 * column i of A to a'_i, with |W^1|_F = |W^2|_F = sqrt(8d)/rho, where
 * d = |a_i - a'_i|. Checked exactly on rational unit vectors. */
#include "li18_net.h"
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/qrho.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    slong dx, m, i; /* i is 0-based */
    fmpq_mat_t A;   /* dx x m, columns a_k */
    fmpq *a_new;    /* a'_i */
    fmpq_t rho;
} lemma1_t;

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

static void column(fmpq *out, const fmpq_mat_t A, slong k)
{
    for (slong r = 0; r < fmpq_mat_nrows(A); r++)
        fmpq_set(out + r, fmpq_mat_entry(A, r, k));
}

static int read_lemma1(lemma1_t *L, rc_spec *s)
{
    if (rc_spec_check_kind(s, "li18.lemma1"))
        return -1;
    json_t *cols = rc_spec_get(s, s->root, "columns", "columns", 1);
    if (!cols)
        return -1;
    if (!json_is_array(cols) || json_array_size(cols) < 1 || json_array_size(cols) > RC_LIMIT_POINTS)
        return rc_spec_fail(s, "columns", "expected an array of column vectors a_1, ..., a_m");
    L->m = (slong)json_array_size(cols);
    json_t *c0 = json_array_get(cols, 0);
    if (!json_is_array(c0) || json_array_size(c0) < 1 || json_array_size(c0) > RC_LIMIT_LI18_D)
        return rc_spec_fail(s, "columns[0]", "expected a vector of 1 to %d numbers", RC_LIMIT_LI18_D);
    L->dx = (slong)json_array_size(c0);
    char what[64];
    snprintf(what, sizeof what, "%ld columns of dimension %ld", (long)L->m, (long)L->dx);
    if (rc_spec_cost(s, "columns", rc_cost_lemma1(L->m, L->dx), what))
        return -1;
    fmpq_mat_init(L->A, L->dx, L->m);
    L->a_new = _fmpq_vec_init(L->dx);
    char field[64];
    for (slong k = 0; k < L->m; k++) {
        json_t *c = json_array_get(cols, (size_t)k);
        snprintf(field, sizeof field, "columns[%ld]", (long)k);
        if (!json_is_array(c) || (slong)json_array_size(c) != L->dx)
            return rc_spec_fail(s, field, "expected %ld numbers", (long)L->dx);
        for (slong r = 0; r < L->dx; r++) {
            snprintf(field, sizeof field, "columns[%ld][%ld]", (long)k, (long)r);
            if (rc_spec_fmpq(fmpq_mat_entry(L->A, r, k), s, json_array_get(c, (size_t)r), field))
                return -1;
        }
    }
    json_t *iv = rc_spec_get(s, s->root, "i", "i", 1);
    if (!iv)
        return -1;
    if (!json_is_integer(iv) || json_integer_value(iv) < 1 || json_integer_value(iv) > L->m)
        return rc_spec_fail(s, "i", "expected a column number from 1 to %ld", (long)L->m);
    L->i = (slong)json_integer_value(iv) - 1;
    json_t *an = rc_spec_get(s, s->root, "a_new", "a_new", 1);
    if (!an)
        return -1;
    if (!json_is_array(an) || (slong)json_array_size(an) != L->dx)
        return rc_spec_fail(s, "a_new", "expected %ld numbers", (long)L->dx);
    for (slong r = 0; r < L->dx; r++) {
        snprintf(field, sizeof field, "a_new[%ld]", (long)r);
        if (rc_spec_fmpq(L->a_new + r, s, json_array_get(an, (size_t)r), field))
            return -1;
    }
    int same = 1;
    for (slong r = 0; r < L->dx; r++)
        same = same && fmpq_equal(L->a_new + r, fmpq_mat_entry(L->A, r, L->i));
    if (same) /* d = |a_i - a'_i| = 0: W^2 in (17) divides by d */
        return rc_spec_fail(s, "a_new", "equals column i = %ld; Lemma 1 needs a'_i != a_i (d > 0)",
                            (long)L->i + 1);
    if (rc_spec_fmpq(L->rho, s, rc_spec_get(s, s->root, "rho", "rho", 1), "rho"))
        return -1;
    if (fmpq_sgn(L->rho) <= 0)
        return rc_spec_fail(s, "rho", "must be positive");
    return 0;
}

/* sqrt of a rational if it is one */
static int rational_sqrt(fmpq_t out, const fmpq_t x)
{
    if (fmpq_sgn(x) < 0 || !fmpz_is_square(fmpq_numref(x)) || !fmpz_is_square(fmpq_denref(x)))
        return 0;
    fmpz_sqrt(fmpq_numref(out), fmpq_numref(x));
    fmpz_sqrt(fmpq_denref(out), fmpq_denref(x));
    return 1;
}

/* W^2 ReLU(W^1 A + b 1^T) + A with W^1 = c1 U, W^2 = c2 V, b = c1 beta:
 * since ReLU(c1 z) = c1 ReLU(z) for c1 > 0, this is (c1 c2) V ReLU(U A +
 * beta 1^T) + A, and c1 c2 = 8/rho^2 is rational even when c1 is not.
 * beta_rest is the value of the other entries of beta (b read as a vector). */
static void apply_unit(fmpq_mat_t out, const lemma1_t *L, const fmpq_t c1c2, const fmpq_t beta1,
                       const fmpq_t beta_rest)
{
    fmpq_t z, acc;
    fmpq_init(z);
    fmpq_init(acc);
    fmpq_mat_set(out, L->A);
    for (slong k = 0; k < L->m; k++) {
        /* row 1 of U A + beta 1^T is a_i . a_k + beta_1; rows 2.. are beta_rest,
           which W^2 (zero columns 2..) ignores */
        fmpq_zero(acc);
        for (slong r = 0; r < L->dx; r++)
            fmpq_addmul(acc, fmpq_mat_entry(L->A, r, L->i), fmpq_mat_entry(L->A, r, k));
        fmpq_add(z, acc, beta1);
        if (fmpq_sgn(z) <= 0)
            continue;
        fmpq_mul(z, z, c1c2);
        for (slong r = 0; r < L->dx; r++) {
            fmpq_sub(acc, L->a_new + r, fmpq_mat_entry(L->A, r, L->i));
            fmpq_addmul(fmpq_mat_entry(out, r, k), acc, z);
        }
    }
    (void)beta_rest;
    fmpq_clear(z);
    fmpq_clear(acc);
}

int rc_li18_lemma1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    lemma1_t L;
    memset(&L, 0, sizeof L);
    fmpq_init(L.rho);
    if (read_lemma1(&L, spec)) {
        if (L.a_new) {
            fmpq_mat_clear(L.A);
            _fmpq_vec_clear(L.a_new, L.dx);
        }
        fmpq_clear(L.rho);
        return -1;
    }
    slong dx = L.dx, m = L.m;
    fmpq *ak = _fmpq_vec_init(dx), *ai = _fmpq_vec_init(dx);
    fmpq_t t, q, min_other, min_A, min_Anew, d2, rho2_4, c2, c1c2, beta1, dq, c1;
    fmpq_init(t); fmpq_init(q); fmpq_init(min_other); fmpq_init(min_A); fmpq_init(min_Anew);
    fmpq_init(d2); fmpq_init(rho2_4); fmpq_init(c2); fmpq_init(c1c2); fmpq_init(beta1);
    fmpq_init(dq); fmpq_init(c1);
    json_t *res = json_object();

    /* unit columns */
    int unit = 1;
    for (slong k = 0; k <= m; k++) {
        if (k < m)
            column(ak, L.A, k);
        fmpq_zero(t);
        for (slong r = 0; r < dx; r++)
            fmpq_addmul(t, k < m ? ak + r : L.a_new + r, k < m ? ak + r : L.a_new + r);
        unit &= fmpq_is_one(t);
    }
    rc_report_add(rep, unit ? RC_OK : RC_FAIL, NULL, unit ? NULL : "a column has |a|^2 != 1",
                  "a_1, ..., a_%ld and a'_%ld are unit vectors (|a|^2 = 1 exactly)", (long)m, (long)L.i + 1);

    /* hypotheses: d_min(A), d_min(A') >= rho/2, compared squared */
    fmpq_mul(rho2_4, L.rho, L.rho);
    fmpq_div_2exp(rho2_4, rho2_4, 2);
    column(ai, L.A, L.i);
    int first = 1, first_other = 1, first_new = 1;
    for (slong k = 0; k < m; k++)
        for (slong l = k + 1; l < m; l++) {
            fmpq *u = _fmpq_vec_init(dx), *v = _fmpq_vec_init(dx);
            column(u, L.A, k);
            column(v, L.A, l);
            dist2(t, u, v, dx);
            if (first || fmpq_cmp(t, min_A) < 0)
                fmpq_set(min_A, t);
            first = 0;
            if (k == L.i || l == L.i) {
                if (first_other || fmpq_cmp(t, min_other) < 0)
                    fmpq_set(min_other, t);
                first_other = 0;
            }
            /* A' differs in column i */
            if (k == L.i)
                dist2(t, L.a_new, v, dx);
            else if (l == L.i)
                dist2(t, u, L.a_new, dx);
            if (first_new || fmpq_cmp(t, min_Anew) < 0)
                fmpq_set(min_Anew, t);
            first_new = 0;
            _fmpq_vec_clear(u, dx);
            _fmpq_vec_clear(v, dx);
        }
    int hyp_A = m < 2 || fmpq_cmp(min_A, rho2_4) >= 0;
    int hyp_Anew = m < 2 || fmpq_cmp(min_Anew, rho2_4) >= 0;
    int hyp_i = m < 2 || fmpq_cmp(min_other, rho2_4) >= 0;
    char *mA = fmpq_get_str(NULL, 10, min_A), *mN = fmpq_get_str(NULL, 10, min_Anew),
         *r4 = fmpq_get_str(NULL, 10, rho2_4);
    rc_report_add(rep, hyp_A && hyp_Anew ? RC_OK : RC_FAIL, NULL,
                  hyp_A && hyp_Anew ? NULL : "a hypothesis of Lemma 1 fails on this instance",
                  "hypotheses: d_min(A)^2 = %s and d_min(A')^2 = %s are >= (rho/2)^2 = %s", mA, mN, r4);
    flint_free(mA);
    flint_free(mN);
    flint_free(r4);

    /* d^2 = |a_i - a'_i|^2, c^2 = 8d/rho^2, c1 c2 = 8/rho^2 */
    dist2(d2, ai, L.a_new, dx);
    int d_rational = rational_sqrt(dq, d2);
    fmpq_set_si(c1c2, 8, 1);
    fmpq_div(c1c2, c1c2, L.rho);
    fmpq_div(c1c2, c1c2, L.rho);
    fmpq_set_si(beta1, 1, 8);
    fmpq_mul(beta1, beta1, L.rho);
    fmpq_mul(beta1, beta1, L.rho);
    fmpq_sub_si(beta1, beta1, 1);
    int c_rational = 0;
    if (d_rational) {
        fmpq_mul(c2, c1c2, dq); /* c^2 = 8 d / rho^2 */
        c_rational = rational_sqrt(c1, c2);
    }

    /* (13) with b = c (rho^2/8 - 1) e_1 and with b = c (rho^2/8 - 1) 1 */
    fmpq_mat_t out, Anew;
    fmpq_mat_init(out, dx, m);
    fmpq_mat_init(Anew, dx, m);
    fmpq_mat_set(Anew, L.A);
    for (slong r = 0; r < dx; r++)
        fmpq_set(fmpq_mat_entry(Anew, r, L.i), L.a_new + r);
    apply_unit(out, &L, c1c2, beta1, beta1);
    int eq13 = fmpq_mat_equal(out, Anew);
    char *ds = fmpq_get_str(NULL, 10, d2);
    rc_report_add(rep, eq13 ? RC_OK : RC_FAIL, NULL,
                  eq13 ? NULL : "W^2 ReLU(W^1 A + b 1^T) + A differs from A'",
                  "(13) holds: W^2 ReLU(W^1 A + b 1^T) + A = A' exactly, with d^2 = |a_i - a'_i|^2 = %s; b must be read as the vector with first entry sqrt(8d)/rho (rho^2/8 - 1) as (17) prints it (its other entries do not matter: W^2 has zero columns 2..d_x), and b 1 as b 1_m^T",
                  ds);
    flint_free(ds);
    /* (14) */
    fmpq_t n1, n2;
    fmpq_init(n1);
    fmpq_init(n2);
    int eq14;
    if (c_rational) {
        /* |W^1|_F^2 = c^2 |a_i|^2, |W^2|_F^2 = (c/d)^2 |a'_i - a_i|^2 */
        fmpq_zero(n1);
        for (slong r = 0; r < dx; r++)
            fmpq_addmul(n1, ai + r, ai + r);
        fmpq_mul(n1, n1, c2);
        fmpq_div(n2, c1, dq);
        fmpq_mul(n2, n2, n2);
        fmpq_mul(n2, n2, d2);
        eq14 = fmpq_equal(n1, c2) && fmpq_equal(n2, c2);
        char *cs = fmpq_get_str(NULL, 10, c1), *ws = fmpq_get_str(NULL, 10, dq);
        char *w2s;
        fmpq_div(t, c1, dq);
        w2s = fmpq_get_str(NULL, 10, t);
        char *bs;
        fmpq_mul(q, c1, beta1);
        bs = fmpq_get_str(NULL, 10, q);
        char *avs = rc_fmpq_vec_str(ai, dx, "(", ")");
        rc_report_add(rep, eq14 ? RC_OK : RC_FAIL, NULL, NULL,
                      "(14) holds: d = %s, |W^1|_F = |W^2|_F = sqrt(8d)/rho = %s exactly, with W^1 = %s [a_i^T; 0] (a_i = %s), W^2 = %s [a'_i - a_i, 0], b_1 = %s",
                      ws, cs, cs, avs, w2s, bs);
        flint_free(cs);
        flint_free(ws);
        flint_free(w2s);
        flint_free(bs);
        free(avs);
    } else {
        /* |W^1|_F^2 = (8d/rho^2)|a_i|^2 and |W^2|_F^2 = (8/(d rho^2)) d^2: both
           8d/rho^2 iff |a_i|^2 = 1, which is checked above */
        eq14 = unit;
        rc_report_add(rep, eq14 ? RC_OK : RC_FAIL, NULL, NULL,
                      "(14) holds: sqrt(8d)/rho is irrational here, but |W^1|_F^2 = (8d/rho^2)|a_i|^2 and |W^2|_F^2 = (8/(d rho^2))|a'_i - a_i|^2 = (8/(d rho^2)) d^2 are both 8d/rho^2 exactly because |a_i|^2 = 1");
    }
    /* for unit columns, |a_i - a_k|^2 = 2 - 2 a_i.a_k, so the bound is
       a_i.a_k + rho^2/8 - 1 <= 0: row 1 of W^1 A + b 1^T is <= 0 off column i */
    if (unit)
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "the proof uses only min_{k != i} |a_i - a_k| >= rho/2 (here %s): for unit columns it makes row 1 of W^1 A + b 1^T nonpositive off column i",
                      hyp_i ? "true" : "false");

    json_object_set_new(res, "unit_vectors", json_boolean(unit));
    json_object_set_new(res, "dmin2_A", rc_json_fmpq(min_A));
    json_object_set_new(res, "dmin2_A_new", rc_json_fmpq(min_Anew));
    json_object_set_new(res, "hypotheses_hold", json_boolean(hyp_A && hyp_Anew));
    json_object_set_new(res, "d2", rc_json_fmpq(d2));
    json_object_set_new(res, "d", d_rational ? rc_json_fmpq(dq) : json_null());
    json_object_set_new(res, "c", c_rational ? rc_json_fmpq(c1) : json_null());
    json_object_set_new(res, "c1_c2", rc_json_fmpq(c1c2));
    json_object_set_new(res, "b1_over_c", rc_json_fmpq(beta1));
    json_object_set_new(res, "unit_output", rc_json_fmpq_mat(out));
    json_object_set_new(res, "eq13_holds", json_boolean(eq13));
    json_object_set_new(res, "eq14_holds", json_boolean(eq14));

    json_t *in = json_object();
    json_t *cols = json_array();
    for (slong k = 0; k < m; k++) {
        json_t *col = json_array();
        for (slong r = 0; r < dx; r++)
            json_array_append_new(col, rc_json_fmpq(fmpq_mat_entry(L.A, r, k)));
        json_array_append_new(cols, col);
    }
    json_object_set_new(in, "columns", cols);
    json_object_set_new(in, "i", json_integer(L.i + 1));
    json_t *an = json_array();
    for (slong r = 0; r < dx; r++)
        json_array_append_new(an, rc_json_fmpq(L.a_new + r));
    json_object_set_new(in, "a_new", an);
    json_object_set_new(in, "rho", rc_json_fmpq(L.rho));
    *cert = rc_cert_new(c, spec->file, in, res, rep);

    fmpq_mat_clear(out);
    fmpq_mat_clear(Anew);
    fmpq_clear(n1); fmpq_clear(n2);
    fmpq_clear(t); fmpq_clear(q); fmpq_clear(min_other); fmpq_clear(min_A); fmpq_clear(min_Anew);
    fmpq_clear(d2); fmpq_clear(rho2_4); fmpq_clear(c2); fmpq_clear(c1c2); fmpq_clear(beta1);
    fmpq_clear(dq); fmpq_clear(c1);
    _fmpq_vec_clear(ak, dx);
    _fmpq_vec_clear(ai, dx);
    fmpq_mat_clear(L.A);
    _fmpq_vec_clear(L.a_new, dx);
    fmpq_clear(L.rho);
    return 0;
}
