/* claim.matrix: the characteristic polynomial, rank, inertia and eigenvalues
 * of a user's square rational matrix M, exactly. The charpoly
 * det(lambda I - M) is factored over Q; each irreducible factor's real roots
 * are isolated by rational intervals (exact real algebraic numbers), its
 * nonreal ones enclosed by Arb (acb) balls. Rank and inertia come with the
 * kernel's witnesses (rank: pivot minor and kernel basis; inertia: LDL^T). */
#include "rescheck/alg.h"
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/qrho.h"
#include "rescheck/sort.h"
#include "rescheck/spectrum.h"
#include "rescheck/witness.h"
#include "user_expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acb.h>
#include <arb_fmpz_poly.h>
#include <flint/fmpq_poly.h>
#include <flint/fmpq_vec.h>
#include <flint/fmpz_poly_factor.h>

#define DEFAULT_DIGITS 30

typedef struct {
    rc_user_head head;
    slong n, digits;
    fmpq_mat_t M;
    int have_M;
    json_t *printed; /* object or NULL */
} mat_t;

static const char *const definiteness_words[] = {
    "positive definite", "positive semidefinite", "negative definite", "negative semidefinite",
    "indefinite", "zero"};

/* a printed eigenvalue: a plain number or decimal */
static int printed_number(rc_spec *s, json_t *v, const char *field, fmpq_t q)
{
    const char *t;
    char err[200];
    if (rc_spec_string(&t, s, v, field))
        return -1;
    if (rc_fmpq_parse_expr(q, t, err, sizeof err))
        return rc_spec_fail(s, field, "%s", err);
    if (strchr(t, '.') && rc_decimal_places(t) < 0)
        return rc_spec_fail(s, field, "a printed decimal must be plain, like \"0.3205\": its "
                            "places say how it was rounded");
    return 0;
}

/* "lambda^2-2*lambda" as an element of Q[lambda] (via the rho parser) */
static int parse_lambda_poly(fmpq_poly_t out, const char *text, char *err, size_t errlen)
{
    size_t n = strlen(text);
    if (n > RC_MAX_EXPR_CHARS) {
        snprintf(err, errlen, "longer than %d characters", RC_MAX_EXPR_CHARS);
        return -1;
    }
    char *buf = malloc(2 * n + 1), *o = buf;
    for (const char *p = text; *p;) {
        if (!strncmp(p, "lambda", 6)) {
            memcpy(o, "rho", 3), o += 3, p += 6;
        } else if (!strncmp(p, "\xce\xbb", 2)) { /* UTF-8 lambda */
            memcpy(o, "rho", 3), o += 3, p += 2;
        } else if (!strncmp(p, "rho", 3) || !strncmp(p, "\xcf\x81", 2)) {
            free(buf);
            snprintf(err, errlen, "write the charpoly in lambda, not rho");
            return -1;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    fmpz_poly_q_t f;
    fmpz_poly_q_init(f);
    int rc = rc_qrho_parse(f, buf, err, errlen);
    free(buf);
    if (!rc && fmpz_poly_degree(f->den) > 0) {
        snprintf(err, errlen, "not a polynomial in lambda");
        rc = -1;
    }
    if (!rc) {
        fmpq_poly_set_fmpz_poly(out, f->num);
        fmpq_poly_scalar_div_fmpz(out, out, f->den->coeffs);
    }
    fmpz_poly_q_clear(f);
    return rc;
}

static int read_matrix(mat_t *A, rc_spec *s, const rc_claim *c, rc_report *rep)
{
    char field[96];
    if (rc_user_read_head(&A->head, s, c, rep))
        return -1;
    json_t *m = rc_spec_get(s, s->root, "matrix", "matrix", 1);
    if (!m)
        return -1;
    if (!json_is_array(m) || json_array_size(m) < 1)
        return rc_spec_fail(s, "matrix", "expected an array of rows");
    if (json_array_size(m) > RC_LIMIT_USER_MATRIX_DIM)
        return rc_spec_fail(s, "matrix", "order %zu, beyond the limit of %d (docs/limits.md)",
                            json_array_size(m), RC_LIMIT_USER_MATRIX_DIM);
    A->n = (slong)json_array_size(m);
    for (slong i = 0; i < A->n; i++) {
        json_t *r = json_array_get(m, (size_t)i);
        if (!json_is_array(r) || (slong)json_array_size(r) != A->n) {
            snprintf(field, sizeof field, "matrix[%ld]", (long)i);
            return rc_spec_fail(s, field, "expected %ld entries: M must be square", (long)A->n);
        }
    }
    A->digits = DEFAULT_DIGITS;
    json_t *d = rc_spec_get(s, s->root, "digits", "digits", 0);
    if (d) {
        if (!json_is_integer(d) || json_integer_value(d) < 1 ||
            json_integer_value(d) > RC_LIMIT_USER_DIGITS)
            return rc_spec_fail(s, "digits", "expected an integer from 1 to %d (docs/limits.md)",
                                RC_LIMIT_USER_DIGITS);
        A->digits = (slong)json_integer_value(d);
    }
    fmpq_mat_init(A->M, A->n, A->n);
    A->have_M = 1;
    slong nbits = 0;
    fmpz_t D;
    fmpz_init_set_ui(D, 1);
    for (slong i = 0; i < A->n; i++)
        for (slong j = 0; j < A->n; j++) {
            snprintf(field, sizeof field, "matrix[%ld][%ld]", (long)i, (long)j);
            fmpq *e = fmpq_mat_entry(A->M, i, j);
            if (rc_spec_fmpq(e, s, json_array_get(json_array_get(m, (size_t)i), (size_t)j), field)) {
                fmpz_clear(D);
                return -1;
            }
            nbits = FLINT_MAX(nbits, (slong)fmpz_bits(fmpq_numref(e)));
            fmpz_lcm(D, D, fmpq_denref(e));
        }
    slong W = nbits + (slong)fmpz_bits(D);
    fmpz_clear(D);
    char what[128];
    snprintf(what, sizeof what, "a %ldx%ld matrix with %ld-bit integer entries after clearing "
             "denominators, %ld digits", (long)A->n, (long)A->n, (long)W, (long)A->digits);
    if (rc_spec_cost(s, "matrix", rc_cost_user_matrix(A->n, W, A->digits), what))
        return -1;
    json_t *pr = rc_spec_get(s, s->root, "printed", "printed", 0);
    if (!pr)
        return 0;
    if (!json_is_object(pr))
        return rc_spec_fail(s, "printed", "expected an object");
    A->printed = pr;
    int sym = fmpq_mat_is_square(A->M);
    for (slong i = 0; i < A->n; i++)
        for (slong j = 0; j < i; j++)
            sym = sym && fmpq_equal(fmpq_mat_entry(A->M, i, j), fmpq_mat_entry(A->M, j, i));
    json_t *v;
    char err[200];
    if ((v = json_object_get(pr, "charpoly"))) {
        fmpq_poly_t cp;
        fmpq_poly_init(cp);
        int bad = 0;
        if (json_is_string(v)) {
            if (parse_lambda_poly(cp, json_string_value(v), err, sizeof err))
                bad = rc_spec_fail(s, "printed.charpoly", "%s", err);
        } else if (json_is_array(v) && json_array_size(v) >= 1 &&
                   (slong)json_array_size(v) <= A->n + 1) {
            fmpq_t q;
            fmpq_init(q);
            for (size_t k = 0; k < json_array_size(v) && !bad; k++) {
                snprintf(field, sizeof field, "printed.charpoly[%zu]", k);
                bad = rc_spec_fmpq(q, s, json_array_get(v, k), field);
            }
            fmpq_clear(q);
        } else {
            bad = rc_spec_fail(s, "printed.charpoly", "expected a polynomial in lambda "
                               "(\"lambda^2-3*lambda+2\") or its coefficients from lambda^n down "
                               "to lambda^0 (at most %ld)", (long)A->n + 1);
        }
        fmpq_poly_clear(cp);
        if (bad)
            return -1;
    }
    if ((v = json_object_get(pr, "rank")) &&
        (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > A->n))
        return rc_spec_fail(s, "printed.rank", "expected an integer from 0 to %ld", (long)A->n);
    if ((v = json_object_get(pr, "inertia"))) {
        if (!sym)
            return rc_spec_fail(s, "printed.inertia", "M is not symmetric: inertia is read here "
                                "for symmetric M only (its eigenvalues may be nonreal)");
        const char *keys[] = {"positive", "zero", "negative"};
        for (int k = 0; k < 3; k++) {
            json_t *e = json_object_get(v, keys[k]);
            snprintf(field, sizeof field, "printed.inertia.%s", keys[k]);
            if (!e)
                return rc_spec_fail(s, field, "missing");
            if (!json_is_integer(e) || json_integer_value(e) < 0 || json_integer_value(e) > A->n)
                return rc_spec_fail(s, field, "expected an integer from 0 to %ld", (long)A->n);
        }
    }
    if ((v = json_object_get(pr, "definiteness"))) {
        const char *t;
        if (rc_spec_string(&t, s, v, "printed.definiteness"))
            return -1;
        int ok = 0;
        for (size_t k = 0; k < sizeof definiteness_words / sizeof *definiteness_words; k++)
            ok |= !strcmp(t, definiteness_words[k]);
        if (!ok)
            return rc_spec_fail(s, "printed.definiteness", "expected \"positive definite\", "
                                "\"positive semidefinite\", \"negative definite\", \"negative "
                                "semidefinite\", \"indefinite\" or \"zero\"");
        if (!sym)
            return rc_spec_fail(s, "printed.definiteness", "M is not symmetric: definiteness "
                                "is read here for symmetric M only");
    }
    fmpq_t q;
    fmpq_init(q);
    int bad = 0;
    if ((v = json_object_get(pr, "tolerance"))) {
        bad = rc_spec_fmpq(q, s, v, "printed.tolerance") ||
              (fmpq_sgn(q) <= 0 && rc_spec_fail(s, "printed.tolerance", "must be positive"));
        if (!bad && !json_object_get(pr, "eigenvalues"))
            bad = rc_spec_fail(s, "printed.tolerance", "applies to printed.eigenvalues, which is missing");
    }
    if (!bad && (v = json_object_get(pr, "eigenvalues"))) {
        if (!json_is_array(v) || json_array_size(v) < 1 || (slong)json_array_size(v) > A->n)
            bad = rc_spec_fail(s, "printed.eigenvalues", "expected 1 to %ld real eigenvalues, "
                               "with multiplicity", (long)A->n);
        for (size_t k = 0; !bad && k < json_array_size(v); k++) {
            snprintf(field, sizeof field, "printed.eigenvalues[%zu]", k);
            bad = printed_number(s, json_array_get(v, k), field, q);
        }
    }
    fmpq_clear(q);
    return bad ? -1 : 0;
}

/* one real eigenvalue: the root of an irreducible factor in [lo, hi] */
typedef struct {
    rc_alg_t a;
    slong mult;
} real_eig;

static int cmp_real(const void *x, const void *y)
{
    real_eig *a = (real_eig *)x, *b = (real_eig *)y;
    return rc_alg_cmp(a->a, b->a);
}

/* Descartes' rule on (a, b): the sign changes of (1 + x)^n f(a + (b - a)/(1 + x)),
 * an upper bound for the number of roots of f in (a, b) (the checker's test
 * that an interval with a sign change isolates one root) */
static slong descartes_in(const fmpz_poly_t f, const fmpq_t a, const fmpq_t b)
{
    fmpq_poly_t g, lin;
    fmpq_poly_init(g);
    fmpq_poly_init(lin);
    fmpq_t w;
    fmpq_init(w);
    fmpq_sub(w, b, a);
    fmpq_poly_set_coeff_fmpq(lin, 0, a);
    fmpq_poly_set_coeff_fmpq(lin, 1, w);
    fmpq_poly_set_fmpz_poly(g, f);
    fmpq_poly_compose(g, g, lin); /* f(a + (b - a) x) */
    fmpq_poly_reverse(g, g, fmpz_poly_degree(f) + 1);
    fmpq_poly_zero(lin);
    fmpq_poly_set_coeff_si(lin, 0, 1);
    fmpq_poly_set_coeff_si(lin, 1, 1);
    fmpq_poly_compose(g, g, lin); /* at 1 + x */
    slong v = 0;
    int prev = 0;
    for (slong k = 0; k < fmpq_poly_length(g); k++) {
        int sg = fmpz_sgn(fmpq_poly_numref(g) + k);
        v += sg && prev && sg != prev;
        prev = sg ? sg : prev;
    }
    fmpq_clear(w);
    fmpq_poly_clear(g);
    fmpq_poly_clear(lin);
    return v;
}

static int sign_at(const fmpz_poly_t f, const fmpq_t t)
{
    fmpq_t v;
    fmpq_init(v);
    fmpz_poly_evaluate_fmpq(v, f, t);
    int s = fmpq_sgn(v);
    fmpq_clear(v);
    return s;
}

/* the root r of f in (lo, hi) (deg f >= 2: no rational root) is below t */
static int root_below(const real_eig *e, const fmpq_t t)
{
    if (fmpq_cmp(t, e->a->hi) >= 0)
        return 1;
    if (fmpq_cmp(t, e->a->lo) <= 0)
        return 0;
    return sign_at(e->a->poly, t) != sign_at(e->a->poly, e->a->lo);
}

/* whether the eigenvalue e lies in [lo, hi) (hi_open) or [lo, hi], by signs */
static int eig_in(const real_eig *e, const fmpq_t lo, const fmpq_t hi, int hi_open)
{
    if (fmpz_poly_degree(e->a->poly) == 1)
        return fmpq_cmp(e->a->lo, lo) >= 0 &&
               (hi_open ? fmpq_cmp(e->a->lo, hi) < 0 : fmpq_cmp(e->a->lo, hi) <= 0);
    return !root_below(e, lo) && root_below(e, hi);
}

int rc_user_matrix(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    mat_t A;
    memset(&A, 0, sizeof A);
    if (read_matrix(&A, spec, c, rep)) {
        if (A.have_M)
            fmpq_mat_clear(A.M);
        return -1;
    }
    slong n = A.n;
    rc_user_paper_note(rep, &A.head);
    json_t *res = json_object(), *prj = json_object();

    /* symmetry */
    slong si = -1, sj = -1;
    for (slong i = 0; i < n && si < 0; i++)
        for (slong j = 0; j < i && si < 0; j++)
            if (!fmpq_equal(fmpq_mat_entry(A.M, i, j), fmpq_mat_entry(A.M, j, i)))
                si = i, sj = j;
    int sym = si < 0;
    if (sym)
        rc_report_add(rep, RC_OK, NULL, NULL, "M is a symmetric %ldx%ld rational matrix", (long)n, (long)n);
    else
        rc_report_add(rep, RC_OK, NULL, NULL, "M is a %ldx%ld rational matrix, not symmetric "
                      "(M[%ld][%ld] != M[%ld][%ld], 1-based)", (long)n, (long)n, (long)si + 1,
                      (long)sj + 1, (long)sj + 1, (long)si + 1);
    json_object_set_new(res, "n", json_integer(n));
    json_object_set_new(res, "symmetric", json_boolean(sym));

    /* charpoly det(lambda I - M), monic */
    fmpq_poly_t cp, pc;
    fmpq_poly_init(cp);
    fmpq_poly_init(pc);
    fmpq_mat_charpoly(cp, A.M);
    char *cps = fmpq_poly_get_str_pretty(cp, "lambda");
    json_t *coeffs = json_array();
    fmpq_t q;
    fmpq_init(q);
    for (slong k = 0; k <= n; k++) {
        fmpq_poly_get_coeff_fmpq(q, cp, k);
        json_array_append_new(coeffs, rc_json_fmpq(q));
    }
    json_object_set_new(res, "charpoly", coeffs);
    json_object_set_new(res, "charpoly_text", json_string(cps));
    json_t *v;
    char err[200];
    if (A.printed && (v = json_object_get(A.printed, "charpoly"))) {
        if (json_is_string(v)) {
            parse_lambda_poly(pc, json_string_value(v), err, sizeof err);
        } else {
            slong len = (slong)json_array_size(v);
            for (slong k = 0; k < len; k++) {
                if (json_is_string(json_array_get(v, (size_t)k)))
                    rc_fmpq_parse_expr(q, json_string_value(json_array_get(v, (size_t)k)), err, sizeof err);
                else
                    fmpq_set_si(q, (slong)json_integer_value(json_array_get(v, (size_t)k)), 1);
                fmpq_poly_set_coeff_fmpq(pc, len - 1 - k, q);
            }
        }
        int as_is = fmpq_poly_equal(pc, cp), flipped = 0;
        if (!as_is && (n & 1)) {
            fmpq_poly_neg(pc, pc);
            flipped = fmpq_poly_equal(pc, cp);
            fmpq_poly_neg(pc, pc);
        }
        int ok = as_is || flipped;
        char *ps = fmpq_poly_get_str_pretty(pc, "lambda"), *detail = NULL;
        if (!ok && asprintf(&detail, "paper %s, computed det(lambda I - M) = %s", ps, cps) < 0)
            detail = NULL;
        rc_report_add(rep, ok ? RC_OK : RC_FAIL, ps, detail, "characteristic polynomial %s = %s",
                      flipped ? "det(M - lambda I)" : "det(lambda I - M)", flipped ? ps : cps);
        json_object_set_new(prj, "charpoly", json_boolean(ok));
        flint_free(ps);
        free(detail);
    } else {
        rc_report_add(rep, RC_OK, NULL, NULL, "characteristic polynomial det(lambda I - M) = %s", cps);
    }

    /* rank, with its witness */
    slong rank = 0;
    json_object_set_new(res, "rank_witness", rc_rank_prove(A.M, &rank));
    json_object_set_new(res, "rank", json_integer(rank));
    if (A.printed && (v = json_object_get(A.printed, "rank"))) {
        int ok = json_integer_value(v) == rank;
        char ps[32], *detail = NULL;
        snprintf(ps, sizeof ps, "%lld", (long long)json_integer_value(v));
        if (!ok && asprintf(&detail, "paper %s, computed %ld", ps, (long)rank) < 0)
            detail = NULL;
        rc_report_add(rep, ok ? RC_OK : RC_FAIL, ps, detail, "rank M = %ld (kernel of dimension %ld)",
                      (long)rank, (long)(n - rank));
        json_object_set_new(prj, "rank", json_boolean(ok));
        free(detail);
    } else {
        rc_report_add(rep, RC_OK, NULL, NULL, "rank M = %ld (kernel of dimension %ld)", (long)rank,
                      (long)(n - rank));
    }

    /* inertia and definiteness (symmetric M), with the LDL^T witness */
    if (sym) {
        slong in[3], b2 = 0; /* negative, zero, positive */
        json_object_set_new(res, "inertia_witness", rc_ldl_prove(A.M, in, &b2, NULL));
        json_t *ij = json_object();
        json_object_set_new(ij, "positive", json_integer(in[2]));
        json_object_set_new(ij, "zero", json_integer(in[1]));
        json_object_set_new(ij, "negative", json_integer(in[0]));
        json_object_set_new(res, "inertia", ij);
        const char *def = in[0] == 0 && in[2] == 0   ? "zero"
                          : in[0] == 0 && in[1] == 0 ? "positive definite"
                          : in[0] == 0               ? "positive semidefinite"
                          : in[2] == 0 && in[1] == 0 ? "negative definite"
                          : in[2] == 0               ? "negative semidefinite"
                                                     : "indefinite";
        json_object_set_new(res, "definiteness", json_string(def));
        char why[160] = "";
        if (!strcmp(def, "positive semidefinite") || !strcmp(def, "negative semidefinite"))
            snprintf(why, sizeof why, ", not definite: 0 is an eigenvalue of multiplicity %ld",
                     (long)in[1]);
        else if (!strcmp(def, "indefinite"))
            snprintf(why, sizeof why, ": %ld positive and %ld negative eigenvalues", (long)in[2],
                     (long)in[0]);
        json_t *pi = A.printed ? json_object_get(A.printed, "inertia") : NULL;
        char ps[96] = "", *detail = NULL;
        int ok = 1;
        if (pi) {
            slong a = (slong)json_integer_value(json_object_get(pi, "positive")),
                  z = (slong)json_integer_value(json_object_get(pi, "zero")),
                  m = (slong)json_integer_value(json_object_get(pi, "negative"));
            snprintf(ps, sizeof ps, "(%ld, %ld, %ld)", (long)a, (long)z, (long)m);
            ok = a == in[2] && z == in[1] && m == in[0];
            if (!ok && asprintf(&detail, "paper (n+, n0, n-) = %s, computed (%ld, %ld, %ld)", ps,
                                (long)in[2], (long)in[1], (long)in[0]) < 0)
                detail = NULL;
            json_object_set_new(prj, "inertia", json_boolean(ok));
        }
        rc_report_add(rep, ok ? RC_OK : RC_FAIL, pi ? ps : NULL, detail,
                      "inertia (n+, n0, n-) = (%ld, %ld, %ld) (LDL^T witness, %ld 2x2 pivot%s)",
                      (long)in[2], (long)in[1], (long)in[0], (long)b2, b2 == 1 ? "" : "s");
        free(detail);
        detail = NULL;
        json_t *pd = A.printed ? json_object_get(A.printed, "definiteness") : NULL;
        ok = !pd || !strcmp(json_string_value(pd), def);
        if (!ok && asprintf(&detail, "paper \"%s\", computed \"%s\"", json_string_value(pd), def) < 0)
            detail = NULL;
        if (pd)
            json_object_set_new(prj, "definiteness", json_boolean(ok));
        rc_report_add(rep, ok ? RC_OK : RC_FAIL, pd ? json_string_value(pd) : NULL, detail,
                      "M is %s%s", def, why);
        free(detail);
    } else {
        json_object_set_new(res, "inertia_witness", json_null());
        json_object_set_new(res, "inertia", json_null());
        json_object_set_new(res, "definiteness", json_null());
    }

    /* eigenvalues: the charpoly's irreducible factors and their roots */
    fmpz_poly_t icp;
    fmpz_poly_init(icp);
    /* the primitive integer charpoly, from the monic one */
    fmpq_poly_get_numerator(icp, cp);
    fmpz_poly_primitive_part(icp, icp);
    fmpz_poly_factor_t fac;
    fmpz_poly_factor_init(fac);
    fmpz_poly_factor(fac, icp);
    real_eig *re = flint_calloc((size_t)n + 1, sizeof *re);
    slong nre = 0, prec = 4 * A.digits + 64;
    json_t *cx = json_array(), *facj = json_array();
    for (slong k = 0; k < fac->num; k++) {
        fmpz_poly_struct *f = fac->p + k;
        if (fmpz_sgn(fmpz_poly_lead(f)) < 0)
            fmpz_poly_neg(f, f);
        json_t *fj = json_object();
        json_object_set_new(fj, "poly", rc_json_poly(f));
        json_object_set_new(fj, "multiplicity", json_integer(fac->exp[k]));
        json_array_append_new(facj, fj);
        slong deg = fmpz_poly_degree(f), nr;
        if (deg == 1) {
            rc_alg_init(re[nre].a);
            fmpz_neg(fmpq_numref(q), f->coeffs + 0);
            fmpz_set(fmpq_denref(q), f->coeffs + 1);
            fmpq_canonicalise(q);
            rc_alg_set_fmpq(re[nre].a, q);
            re[nre++].mult = fac->exp[k];
            nr = 1;
        } else {
            fmpq *iv = NULL, *z = _fmpq_vec_init(1);
            nr = rc_isolate_roots(&iv, f, z, 1, z, 1);
            for (slong r = 0; r < nr; r++) {
                rc_alg_init(re[nre].a);
                fmpz_poly_set(re[nre].a->poly, f);
                fmpq_set(re[nre].a->lo, iv + 2 * r);
                fmpq_set(re[nre].a->hi, iv + 2 * r + 1);
                /* narrow until Descartes' rule sees one root (Vincent's theorem: it will) */
                while (descartes_in(f, re[nre].a->lo, re[nre].a->hi) != 1)
                    rc_alg_refine(re[nre].a);
                re[nre++].mult = fac->exp[k];
            }
            _fmpq_vec_clear(iv, 2 * nr);
            _fmpq_vec_clear(z, 1);
        }
        if (nr < deg) { /* nonreal roots: Arb's certified enclosures */
            acb_ptr roots = _acb_vec_init(deg);
            arb_fmpz_poly_complex_roots(roots, f, 0, prec);
            for (slong r = nr; r < deg; r++) {
                if (arb_is_negative(acb_imagref(roots + r)) ||
                    !arb_is_positive(acb_imagref(roots + r)))
                    continue;
                char *a = arb_get_str(acb_realref(roots + r), A.digits, 0),
                     *b = arb_get_str(acb_imagref(roots + r), A.digits, 0);
                json_t *e = json_object();
                json_object_set_new(e, "poly", rc_json_poly(f));
                json_object_set_new(e, "multiplicity", json_integer(fac->exp[k]));
                json_object_set_new(e, "re", json_string(a));
                json_object_set_new(e, "im", json_string(b));
                json_array_append_new(cx, e);
                flint_free(a);
                flint_free(b);
            }
            _acb_vec_clear(roots, deg);
        }
    }
    rc_sort(re, (size_t)nre, sizeof *re, cmp_real);
    /* separate neighbouring isolating intervals, so the order is checkable */
    for (slong k = 0; k + 1 < nre; k++)
        while (fmpq_cmp(re[k].a->hi, re[k + 1].a->lo) >= 0) {
            rc_alg_refine(re[k].a);
            rc_alg_refine(re[k + 1].a);
        }
    json_t *rej = json_array();
    slong nreal = 0;
    size_t cap = 64, len = 0;
    char *list = malloc(cap);
    list[0] = '\0';
    for (slong k = 0; k < nre; k++) {
        json_t *e = json_object(), *root = json_object();
        json_object_set_new(root, "poly", rc_json_poly(re[k].a->poly));
        json_object_set_new(root, "lo", rc_json_fmpq(re[k].a->lo));
        json_object_set_new(root, "hi", rc_json_fmpq(re[k].a->hi));
        json_object_set_new(e, "root", root);
        json_object_set_new(e, "multiplicity", json_integer(re[k].mult));
        char *dec = rc_alg_get_decimal(re[k].a, A.digits), *cf = rc_alg_get_str(re[k].a);
        json_object_set_new(e, "enclosure", json_string(dec));
        json_array_append_new(rej, e);
        nreal += re[k].mult;
        size_t need = len + strlen(dec) + strlen(cf) + 64;
        if (need > cap)
            list = realloc(list, cap = 2 * need);
        if (fmpz_poly_degree(re[k].a->poly) <= 2)
            len += (size_t)snprintf(list + len, cap - len, "%s%s", k ? ", " : "", cf);
        else
            len += (size_t)snprintf(list + len, cap - len, "%s%s", k ? ", " : "", dec);
        if (re[k].mult > 1)
            len += (size_t)snprintf(list + len, cap - len, " (multiplicity %ld)", (long)re[k].mult);
        flint_free(dec);
        flint_free(cf);
    }
    json_object_set_new(res, "factors", facj);
    json_object_set_new(res, "real_eigenvalues", rej);
    json_object_set_new(res, "complex_eigenvalues", cx);
    rc_report_add(rep, RC_OK, NULL, NULL, "%ld real eigenvalue%s with multiplicity%s%s%s", (long)nreal,
                  nreal == 1 ? "" : "s", nreal ? ": " : "", list,
                  json_array_size(cx) ? "" : (sym ? " (M is symmetric: all real)" : ""));
    free(list);
    if (json_array_size(cx)) {
        json_t *e;
        size_t k;
        json_array_foreach(cx, k, e)
            rc_report_add(rep, RC_OK, NULL, NULL, "nonreal eigenvalues %s +/- %s i (multiplicity %lld each)",
                          json_string_value(json_object_get(e, "re")),
                          json_string_value(json_object_get(e, "im")),
                          (long long)json_integer_value(json_object_get(e, "multiplicity")));
    }

    /* printed eigenvalues: the real spectrum with multiplicity, ascending */
    json_t *pe = A.printed ? json_object_get(A.printed, "eigenvalues") : NULL;
    if (pe) {
        slong np = (slong)json_array_size(pe);
        json_t *tol = json_object_get(A.printed, "tolerance");
        fmpq *pv = _fmpq_vec_init(np);
        fmpq_t t, lo, hi;
        fmpq_init(t);
        fmpq_init(lo);
        fmpq_init(hi);
        if (tol)
            rc_spec_fmpq(t, spec, tol, "printed.tolerance");
        int ok = np == nreal;
        for (slong k = 0; k < np; k++) {
            const char *s = json_string_value(json_array_get(pe, (size_t)k));
            rc_fmpq_parse_expr(pv + k, s, err, sizeof err);
        }
        /* each printed value with its own rounding: sort indices by value */
        slong *ord = flint_malloc(sizeof(slong) * (size_t)(np ? np : 1));
        for (slong k = 0; k < np; k++)
            ord[k] = k;
        for (slong a = 1; a < np; a++) /* insertion sort, np <= 64 */
            for (slong b = a; b > 0 && fmpq_cmp(pv + ord[b - 1], pv + ord[b]) > 0; b--) {
                slong w = ord[b];
                ord[b] = ord[b - 1];
                ord[b - 1] = w;
            }
        slong bad_k = -1;
        for (slong k = 0, e = 0, used = 0; ok && k < np; k++) {
            const char *s = json_string_value(json_array_get(pe, (size_t)ord[k]));
            const fmpq *p = pv + ord[k];
            int places = strchr(s, '.') ? rc_decimal_places(s) : 0, hi_open = 0;
            if (tol) {
                fmpq_sub(lo, p, t);
                fmpq_add(hi, p, t);
            } else if (places > 0) { /* [p - 10^-k/2, p + 10^-k/2) */
                fmpz_set_ui(fmpq_numref(lo), 1);
                fmpz_set_ui(fmpq_denref(lo), 10);
                fmpz_pow_ui(fmpq_denref(lo), fmpq_denref(lo), (ulong)places);
                fmpz_mul_ui(fmpq_denref(lo), fmpq_denref(lo), 2);
                fmpq_add(hi, p, lo);
                fmpq_sub(lo, p, lo);
                hi_open = 1;
            } else {
                fmpq_set(lo, p);
                fmpq_set(hi, p);
            }
            if (!eig_in(re + e, lo, hi, hi_open)) {
                ok = 0;
                bad_k = ord[k];
            }
            if (++used == re[e].mult)
                e++, used = 0;
        }
        char *detail = NULL;
        if (np != nreal) {
            if (asprintf(&detail, "the paper lists %ld eigenvalues, M has %ld real ones (with "
                         "multiplicity)%s", (long)np, (long)nreal,
                         nreal < n ? "; the nonreal ones are not compared" : "") < 0)
                detail = NULL;
        } else if (!ok) {
            const char *bs = json_string_value(json_array_get(pe, (size_t)bad_k));
            slong e = 0, seen = 0; /* the eigenvalue it was matched with */
            for (slong k = 0; k < np && ord[k] != bad_k; k++)
                if (++seen == re[e].mult)
                    e++, seen = 0;
            char *dec = rc_alg_get_decimal(re[e].a, A.digits);
            if (asprintf(&detail, "printed eigenvalue %s (printed.eigenvalues[%ld]) %s the eigenvalue "
                         "%s matched with it in ascending order", bs, (long)bad_k,
                         tol ? "is not within the tolerance of" : strchr(bs, '.') ? "is not a correct rounding of" : "is not equal to",
                         dec) < 0)
                detail = NULL;
            flint_free(dec);
        }
        char *pl = NULL;
        {
            size_t pc2 = 16, pn = 0;
            pl = malloc(pc2);
            pl[0] = '\0';
            for (slong k = 0; k < np; k++) {
                const char *s = json_string_value(json_array_get(pe, (size_t)k));
                if (pn + strlen(s) + 4 > pc2)
                    pl = realloc(pl, pc2 = 2 * (pn + strlen(s) + 4));
                pn += (size_t)snprintf(pl + pn, pc2 - pn, "%s%s", k ? ", " : "", s);
            }
        }
        char *ts = tol ? rc_fmpq_get_str(t) : NULL;
        rc_report_add(rep, ok ? RC_OK : RC_FAIL, pl, detail,
                      "the printed real eigenvalues %s the exact ones (ascending, with multiplicity)%s%s",
                      tol ? "lie within the tolerance of" : "are correct roundings of",
                      tol ? ", tolerance " : "", tol ? ts : "");
        if (ts)
            flint_free(ts);
        free(pl);
        free(detail);
        json_object_set_new(prj, "eigenvalues", json_boolean(ok));
        flint_free(ord);
        _fmpq_vec_clear(pv, np);
        fmpq_clear(t);
        fmpq_clear(lo);
        fmpq_clear(hi);
    }
    json_object_set_new(res, "printed", prj);
    rc_report_conclude(rep, "%s %s%s", A.printed ? "the printed values match M's exact" : "M's exact",
                       sym ? "charpoly, rank, inertia and spectrum" : "charpoly, rank and spectrum",
                       A.printed ? "" : " are computed (nothing printed to compare)");

    json_t *in = json_incref(spec->root); /* the spec object itself, as written */
    *cert = rc_cert_new(c, spec->file, in, res, rep);

    for (slong k = 0; k < nre; k++)
        rc_alg_clear(re[k].a);
    flint_free(re);
    fmpz_poly_factor_clear(fac);
    fmpz_poly_clear(icp);
    flint_free(cps);
    fmpq_poly_clear(cp);
    fmpq_poly_clear(pc);
    fmpq_clear(q);
    fmpq_mat_clear(A.M);
    return 0;
}
