/* user.matrix/1: charpoly, rank, inertia and eigenvalues of the certificate's
 * rational matrix M. The charpoly is recomputed (ck_charpoly); the rank and
 * inertia witnesses are verified by the kernel (ck_rank, ck_ldl_inertia).
 * The eigenvalues are checked without searching: the listed factors are
 * irreducible, distinct and their product (with multiplicities) is the
 * charpoly; each listed real eigenvalue's interval isolates one root of its
 * factor (a sign change at its ends and Descartes' bound 1 on it), the
 * intervals ascend strictly, and each factor has as many listed real roots as
 * it has: its degree for symmetric M (all roots real), else the count of
 * Arb's certified isolation of its roots, which also re-encloses the nonreal
 * ones. So the list is the real spectrum. */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <stdlib.h>
#include <string.h>

#include <acb.h>
#include <arb_fmpz_poly.h>
#include <flint/fmpq_poly.h>
#include <flint/fmpq_vec.h>

static const char *const definiteness_words[] = {
    "positive definite", "positive semidefinite", "negative definite", "negative semidefinite",
    "indefinite", "zero"};

/* the certificates' decimal of the root of p in [lo, hi]: halve to width
 * < 2^-(3.33 digits + 16), then Arb's string of the ball spanning both ends */
static char *decimal(const fmpz_poly_t p, const fmpq_t lo0, const fmpq_t hi0, slong digits)
{
    fmpq_t lo, hi;
    fmpq_init(lo);
    fmpq_init(hi);
    fmpq_set(lo, lo0);
    fmpq_set(hi, hi0);
    char *s = NULL;
    if (ck_refine(p, lo, hi, (slong)(3.33 * (double)digits) + 16) == 0) {
        arb_t a;
        arb_init(a);
        ck_hull(a, lo, hi, 4 * digits + 64);
        s = arb_get_str(a, digits, 0);
        arb_clear(a);
    }
    fmpq_clear(lo);
    fmpq_clear(hi);
    return s;
}

/* "lambda" (or UTF-8 lambda) as rho, then the rho parser; a polynomial */
static int lambda_poly(fmpq_poly_t out, const char *text)
{
    size_t n = strlen(text);
    if (n > RC_MAX_EXPR_CHARS)
        return -1;
    char *buf = malloc(2 * n + 1), *o = buf, err[200];
    for (const char *p = text; *p;) {
        if (!strncmp(p, "lambda", 6))
            memcpy(o, "rho", 3), o += 3, p += 6;
        else if (!strncmp(p, "\xce\xbb", 2))
            memcpy(o, "rho", 3), o += 3, p += 2;
        else if (!strncmp(p, "rho", 3) || !strncmp(p, "\xcf\x81", 2))
            return free(buf), -1;
        else
            *o++ = *p++;
    }
    *o = '\0';
    fmpz_poly_q_t f;
    fmpz_poly_q_init(f);
    int rc = rc_qrho_parse(f, buf, err, sizeof err) || fmpz_poly_degree(f->den) > 0 ? -1 : 0;
    free(buf);
    if (!rc) {
        fmpq_poly_set_fmpz_poly(out, f->num);
        fmpq_poly_scalar_div_fmpz(out, out, f->den->coeffs);
    }
    fmpz_poly_q_clear(f);
    return rc;
}

/* a printed number: an exact rational, or a plain decimal */
static int printed_q(fmpq_t q, const json_t *j)
{
    char err[200];
    if (json_is_integer(j)) {
        fmpq_set_si(q, (slong)json_integer_value(j), 1);
        return 0;
    }
    const char *s = json_string_value(j);
    return !s || rc_fmpq_parse_expr(q, s, err, sizeof err) ||
                   (strchr(s, '.') && rc_decimal_places(s) < 0)
               ? -1 : 0;
}

typedef struct {
    fmpz_poly_t p;
    fmpq_t lo, hi;
    slong mult;
} eig;

/* the root of e in (e.lo, e.hi) (degree >= 2: no rational root) is below t */
static int root_below(const eig *e, const fmpq_t t)
{
    if (fmpq_cmp(t, e->hi) >= 0)
        return 1;
    if (fmpq_cmp(t, e->lo) <= 0)
        return 0;
    return ck_poly_sign_at(e->p, t) != ck_poly_sign_at(e->p, e->lo);
}

/* whether the root of e lies in [lo, hi) (hi_open) or [lo, hi] */
static int eig_in(const eig *e, const fmpq_t lo, const fmpq_t hi, int hi_open)
{
    if (fmpz_poly_degree(e->p) == 1)
        return fmpq_cmp(e->lo, lo) >= 0 && (hi_open ? fmpq_cmp(e->lo, hi) < 0 : fmpq_cmp(e->lo, hi) <= 0);
    return !root_below(e, lo) && root_below(e, hi);
}

int ck_user_matrix(ck_t *ck, int variant, const char *claim, const json_t *in,
                   const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    char path[CK_PATH];
    slong n, digits;
    if (ck_user_inputs(ck, in, "claim.matrix", "matrix", "digits printed") ||
        (n = ck_array(ck, json_object_get(in, "matrix"), -1, "inputs.matrix")) < 0)
        return -1;
    if (n < 1 || n > RC_LIMIT_USER_MATRIX_DIM)
        return ck_limit(ck, "inputs.matrix", "expected an order from 1 to %d", RC_LIMIT_USER_MATRIX_DIM);
    digits = 30; /* the default */
    const json_t *dj = json_object_get(in, "digits");
    if (dj && json_is_integer(dj) && json_integer_value(dj) > RC_LIMIT_USER_DIGITS)
        return ck_limit(ck, "inputs.digits", "more than %d digits", RC_LIMIT_USER_DIGITS);
    if (dj && ck_int(ck, &digits, dj, 1, RC_LIMIT_USER_DIGITS, "inputs.digits"))
        return -1;
    const json_t *pr = json_object_get(in, "printed");
    if (pr && !json_is_object(pr))
        return ck_fail(ck, "inputs.printed", "expected an object");
    int rc = -1;
    fmpq_mat_t M;
    fmpq_mat_init(M, n, n);
    fmpz_poly_t cp, prod, pw;
    fmpz_poly_init(cp);
    fmpz_poly_init(prod);
    fmpz_poly_init(pw);
    fmpq_poly_t mc, pc;
    fmpq_poly_init(mc);
    fmpq_poly_init(pc);
    fmpq_t q, lo, hi, tol;
    fmpq_init(q);
    fmpq_init(lo);
    fmpq_init(hi);
    fmpq_init(tol);
    json_t *res = json_object(), *prj = json_object();
    eig *E = NULL;
    slong ne = 0;
    char *cps = NULL;
    for (slong i = 0; i < n; i++) {
        const json_t *row = json_array_get(json_object_get(in, "matrix"), (size_t)i);
        ck_pathf(path, "inputs.matrix[%ld]", (long)i);
        if (ck_array(ck, row, n, path) < 0)
            goto done;
        for (slong j = 0; j < n; j++) {
            ck_pathf(path, "inputs.matrix[%ld][%ld]", (long)i, (long)j);
            if (ck_user_q(ck, fmpq_mat_entry(M, i, j), json_array_get(row, (size_t)j), path))
                goto done;
        }
    }
    slong W = 0;
    fmpz_one(fmpq_denref(q));
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            const fmpq *e = fmpq_mat_entry(M, i, j);
            W = FLINT_MAX(W, (slong)fmpz_bits(fmpq_numref(e)));
            fmpz_lcm(fmpq_denref(q), fmpq_denref(q), fmpq_denref(e));
        }
    W += (slong)fmpz_bits(fmpq_denref(q));
    fmpq_zero(q);
    if (ck_cost(ck, "inputs.matrix", rc_cost_user_matrix(n, W, digits), "the matrix"))
        goto done;
    if (pr) {
        const char *key;
        json_t *val;
        json_object_foreach((json_t *)pr, key, val) {
            if (strcmp(key, "charpoly") && strcmp(key, "rank") && strcmp(key, "inertia") &&
                strcmp(key, "definiteness") && strcmp(key, "eigenvalues") && strcmp(key, "tolerance")) {
                ck_pathf(path, "inputs.printed.%.64s", key);
                ck_fail(ck, path, "unexpected field");
                goto done;
            }
        }
    }
    int sym = 1;
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < i; j++)
            sym &= fmpq_equal(fmpq_mat_entry(M, i, j), fmpq_mat_entry(M, j, i));
    json_object_set_new(res, "n", json_integer(n));
    json_object_set_new(res, "symmetric", json_boolean(sym));

    /* charpoly: primitive integer, then monic */
    ck_charpoly(cp, M);
    fmpq_poly_set_fmpz_poly(mc, cp);
    fmpq_poly_make_monic(mc, mc);
    json_t *coeffs = json_array();
    for (slong k = 0; k <= n; k++) {
        fmpq_poly_get_coeff_fmpq(q, mc, k);
        json_array_append_new(coeffs, rc_json_fmpq(q));
    }
    cps = fmpq_poly_get_str_pretty(mc, "lambda");
    json_object_set_new(res, "charpoly", coeffs);
    json_object_set_new(res, "charpoly_text", json_string(cps));
    const json_t *pj = pr ? json_object_get(pr, "charpoly") : NULL;
    if (pj) {
        int bad = 0;
        if (json_is_string(pj)) {
            bad = lambda_poly(pc, json_string_value(pj));
        } else {
            slong len = ck_array(ck, pj, -1, "inputs.printed.charpoly");
            if (len < 1 || len > n + 1) {
                ck_fail(ck, "inputs.printed.charpoly", "expected 1 to %ld coefficients", (long)n + 1);
                goto done;
            }
            for (slong k = 0; k < len; k++) {
                ck_pathf(path, "inputs.printed.charpoly[%ld]", (long)k);
                if (ck_user_q(ck, q, json_array_get(pj, (size_t)k), path))
                    goto done;
                fmpq_poly_set_coeff_fmpq(pc, len - 1 - k, q);
            }
        }
        if (bad) {
            ck_fail(ck, "inputs.printed.charpoly", "not a polynomial in lambda or a list of exact coefficients");
            goto done;
        }
        int ok = fmpq_poly_equal(pc, mc);
        if (!ok && (n & 1)) {
            fmpq_poly_neg(pc, pc);
            ok = fmpq_poly_equal(pc, mc);
        }
        ck_state(v, ok ? CK_OK : CK_FAIL, "results.printed.charpoly: the printed charpoly differs from det(lambda I - M) = %s", cps);
        json_object_set_new(prj, "charpoly", json_boolean(ok));
    }

    /* rank and inertia from their witnesses */
    slong rank, inert[3];
    const json_t *w = json_object_get(results, "rank_witness");
    if (ck_rank(ck, &rank, M, w, "results.rank_witness"))
        goto done;
    json_object_set_new(res, "rank_witness", json_deep_copy(w));
    json_object_set_new(res, "rank", json_integer(rank));
    if (pr && (pj = json_object_get(pr, "rank"))) {
        slong r;
        if (ck_int(ck, &r, pj, 0, n, "inputs.printed.rank"))
            goto done;
        ck_state(v, r == rank ? CK_OK : CK_FAIL, "results.printed.rank: printed %ld, rank M = %ld", (long)r, (long)rank);
        json_object_set_new(prj, "rank", json_boolean(r == rank));
    }
    w = json_object_get(results, "inertia_witness");
    const json_t *pi = pr ? json_object_get(pr, "inertia") : NULL, *pd = pr ? json_object_get(pr, "definiteness") : NULL;
    if (sym) {
        if (ck_ldl_inertia(ck, inert, M, w, "results.inertia_witness"))
            goto done;
        json_object_set_new(res, "inertia_witness", json_deep_copy(w));
        json_t *ij = json_object();
        json_object_set_new(ij, "positive", json_integer(inert[2]));
        json_object_set_new(ij, "zero", json_integer(inert[1]));
        json_object_set_new(ij, "negative", json_integer(inert[0]));
        json_object_set_new(res, "inertia", ij);
        int def = inert[0] == 0 && inert[2] == 0 ? 5 : inert[0] == 0 ? (inert[1] ? 1 : 0)
                  : inert[2] == 0 ? (inert[1] ? 3 : 2) : 4;
        json_object_set_new(res, "definiteness", json_string(definiteness_words[def]));
        if (pi) {
            slong a, z, m;
            if (ck_keys(ck, pi, "inputs.printed.inertia", "negative positive zero") ||
                ck_int(ck, &a, json_object_get(pi, "positive"), 0, n, "inputs.printed.inertia.positive") ||
                ck_int(ck, &z, json_object_get(pi, "zero"), 0, n, "inputs.printed.inertia.zero") ||
                ck_int(ck, &m, json_object_get(pi, "negative"), 0, n, "inputs.printed.inertia.negative"))
                goto done;
            int ok = a == inert[2] && z == inert[1] && m == inert[0];
            ck_state(v, ok ? CK_OK : CK_FAIL, "results.printed.inertia: printed (%ld, %ld, %ld), computed (%ld, %ld, %ld)",
                     (long)a, (long)z, (long)m, (long)inert[2], (long)inert[1], (long)inert[0]);
            json_object_set_new(prj, "inertia", json_boolean(ok));
        }
        if (pd) {
            int known = 0;
            for (int k = 0; k < 6; k++)
                known |= json_is_string(pd) && !strcmp(json_string_value(pd), definiteness_words[k]);
            if (!known) {
                ck_fail(ck, "inputs.printed.definiteness", "not one of the admitted words");
                goto done;
            }
            int ok = !strcmp(json_string_value(pd), definiteness_words[def]);
            ck_state(v, ok ? CK_OK : CK_FAIL, "results.printed.definiteness: printed \"%s\", M is %s",
                     json_string_value(pd), definiteness_words[def]);
            json_object_set_new(prj, "definiteness", json_boolean(ok));
        }
    } else {
        if (!json_is_null(w)) {
            ck_fail(ck, "results.inertia_witness", "M is not symmetric: expected null");
            goto done;
        }
        if (pi || pd) {
            ck_fail(ck, pi ? "inputs.printed.inertia" : "inputs.printed.definiteness",
                    "M is not symmetric");
            goto done;
        }
        json_object_set_new(res, "inertia_witness", json_null());
        json_object_set_new(res, "inertia", json_null());
        json_object_set_new(res, "definiteness", json_null());
    }

    /* the factorisation of the charpoly */
    const json_t *fj = json_object_get(results, "factors");
    slong nf = ck_array(ck, fj, -1, "results.factors");
    if (nf < 0)
        goto done;
    if (nf < 1 || nf > n) {
        ck_fail(ck, "results.factors", "expected 1 to %ld factors", (long)n);
        goto done;
    }
    fmpz_poly_struct *F = flint_malloc(sizeof(fmpz_poly_struct) * (size_t)nf);
    slong *fm = flint_calloc((size_t)nf, sizeof(slong)), *nreal = flint_calloc((size_t)nf, sizeof(slong));
    for (slong k = 0; k < nf; k++)
        fmpz_poly_init(F + k);
    json_t *facj = json_array(), *cx = json_array();
    fmpz_poly_one(prod);
    int bad = 0;
    for (slong k = 0; k < nf && !bad; k++) {
        const json_t *f = json_array_get(fj, (size_t)k);
        ck_pathf(path, "results.factors[%ld]", (long)k);
        char sub[CK_PATH];
        ck_pathf(sub, "%s.multiplicity", path);
        bad = ck_keys(ck, f, path, "multiplicity poly") || ck_poly(ck, F + k, json_object_get(f, "poly"), path) ||
              ck_int(ck, fm + k, json_object_get(f, "multiplicity"), 1, n, sub);
        if (!bad && (fmpz_poly_degree(F + k) < 1 || !ck_poly_irreducible(F + k)))
            bad = ck_fail(ck, path, "not an irreducible primitive polynomial with positive leading coefficient");
        for (slong l = 0; !bad && l < k; l++)
            if (fmpz_poly_equal(F + l, F + k))
                bad = ck_fail(ck, path, "the same factor as results.factors[%ld]", (long)l);
        if (bad)
            break;
        fmpz_poly_pow(pw, F + k, (ulong)fm[k]);
        fmpz_poly_mul(prod, prod, pw);
        json_t *o = json_object();
        json_object_set_new(o, "poly", rc_json_poly(F + k));
        json_object_set_new(o, "multiplicity", json_integer(fm[k]));
        json_array_append_new(facj, o);
    }
    if (!bad && !fmpz_poly_equal(prod, cp))
        bad = ck_fail(ck, "results.factors", "their product is not the characteristic polynomial");
    /* the real eigenvalues */
    const json_t *rj = json_object_get(results, "real_eigenvalues");
    slong nr = bad ? -1 : ck_array(ck, rj, -1, "results.real_eigenvalues");
    if (nr < 0 || nr > n) {
        if (nr > n)
            ck_fail(ck, "results.real_eigenvalues", "more than n entries");
        bad = 1;
    }
    json_t *rej = json_array();
    if (!bad) {
        E = flint_calloc((size_t)nr + 1, sizeof(eig));
        for (slong k = 0; k < nr; k++) {
            fmpz_poly_init(E[k].p);
            fmpq_init(E[k].lo);
            fmpq_init(E[k].hi);
        }
        ne = nr;
    }
    slong nreal_total = 0;
    for (slong k = 0; !bad && k < nr; k++) {
        const json_t *e = json_array_get(rj, (size_t)k), *root = json_object_get(e, "root");
        char sub[CK_PATH];
        ck_pathf(path, "results.real_eigenvalues[%ld]", (long)k);
        ck_pathf(sub, "%s.root", path);
        bad = ck_keys(ck, e, path, "enclosure multiplicity root") || ck_keys(ck, root, sub, "hi lo poly") ||
              ck_poly(ck, E[k].p, json_object_get(root, "poly"), sub) ||
              ck_qw(ck, E[k].lo, json_object_get(root, "lo"), sub) ||
              ck_qw(ck, E[k].hi, json_object_get(root, "hi"), sub);
        if (bad)
            break;
        slong f = 0;
        while (f < nf && !fmpz_poly_equal(F + f, E[k].p))
            f++;
        if (f == nf) {
            bad = ck_fail(ck, sub, "poly is not one of results.factors");
            break;
        }
        E[k].mult = fm[f];
        nreal[f]++;
        nreal_total += fm[f];
        if (fmpz_poly_degree(E[k].p) == 1 ? !fmpq_equal(E[k].lo, E[k].hi) || ck_poly_sign_at(E[k].p, E[k].lo) != 0
                                          : fmpq_cmp(E[k].lo, E[k].hi) >= 0 ||
                                                ck_poly_sign_at(E[k].p, E[k].lo) * ck_poly_sign_at(E[k].p, E[k].hi) >= 0 ||
                                                ck_descartes(E[k].p, E[k].lo, E[k].hi) != 1) {
            bad = ck_fail(ck, sub, "[lo, hi] is not shown to isolate one root of poly (a sign change and "
                          "Descartes' bound 1; lo == hi == the root for degree 1)");
            break;
        }
        if (k > 0 && fmpq_cmp(E[k - 1].hi, E[k].lo) >= 0) {
            bad = ck_fail(ck, sub, "not above the previous eigenvalue's interval");
            break;
        }
        char *dec = decimal(E[k].p, E[k].lo, E[k].hi, digits);
        if (!dec) {
            bad = ck_limit(ck, sub, "an isolating interval wider than 2^%d", RC_LIMIT_WIDTH_BITS);
            break;
        }
        json_t *o = json_object(), *r = json_object();
        json_object_set_new(r, "poly", rc_json_poly(E[k].p));
        json_object_set_new(r, "lo", rc_json_fmpq(E[k].lo));
        json_object_set_new(r, "hi", rc_json_fmpq(E[k].hi));
        json_object_set_new(o, "root", r);
        json_object_set_new(o, "multiplicity", json_integer(E[k].mult));
        json_object_set_new(o, "enclosure", json_string(dec));
        flint_free(dec);
        json_array_append_new(rej, o);
    }
    /* every real root listed (the count per factor); nonreal ones enclosed */
    slong prec = 4 * digits + 64;
    for (slong k = 0; !bad && k < nf; k++) {
        slong deg = fmpz_poly_degree(F + k);
        /* its real roots: all of them for symmetric M; else Arb's certified
           isolation (squarefree input; real roots first, with imaginary part 0) */
        slong all = deg;
        acb_ptr roots = NULL;
        if (!sym && deg > 1) {
            roots = _acb_vec_init(deg);
            arb_fmpz_poly_complex_roots(roots, F + k, 0, prec);
            all = 0;
            while (all < deg && arb_is_zero(acb_imagref(roots + all)))
                all++;
        }
        if (nreal[k] != all) {
            if (roots)
                _acb_vec_clear(roots, deg);
            ck_pathf(path, "results.factors[%ld]", (long)k);
            bad = ck_fail(ck, path, "has %ld real roots, %ld listed in results.real_eigenvalues",
                          (long)all, (long)nreal[k]);
            break;
        }
        if (all < deg) {
            for (slong r = all; r < deg; r++) {
                if (arb_is_negative(acb_imagref(roots + r)) || !arb_is_positive(acb_imagref(roots + r)))
                    continue;
                char *a = arb_get_str(acb_realref(roots + r), digits, 0),
                     *b = arb_get_str(acb_imagref(roots + r), digits, 0);
                json_t *e = json_object();
                json_object_set_new(e, "poly", rc_json_poly(F + k));
                json_object_set_new(e, "multiplicity", json_integer(fm[k]));
                json_object_set_new(e, "re", json_string(a));
                json_object_set_new(e, "im", json_string(b));
                json_array_append_new(cx, e);
                flint_free(a);
                flint_free(b);
            }
        }
        if (roots)
            _acb_vec_clear(roots, deg);
    }
    for (slong k = 0; k < nf; k++)
        fmpz_poly_clear(F + k);
    flint_free(F);
    flint_free(fm);
    flint_free(nreal);
    if (bad) {
        json_decref(facj);
        json_decref(cx);
        json_decref(rej);
        goto done;
    }
    json_object_set_new(res, "factors", facj);
    json_object_set_new(res, "real_eigenvalues", rej);
    json_object_set_new(res, "complex_eigenvalues", cx);

    /* printed eigenvalues: ascending, matched with the real spectrum */
    const json_t *pe = pr ? json_object_get(pr, "eigenvalues") : NULL, *tj = pr ? json_object_get(pr, "tolerance") : NULL;
    if (tj && (!pe || ck_user_q(ck, tol, tj, "inputs.printed.tolerance") || fmpq_sgn(tol) <= 0)) {
        if (!ck->failed)
            ck_fail(ck, "inputs.printed.tolerance", "expected a positive rational, with printed.eigenvalues");
        goto done;
    }
    if (pe) {
        slong np = ck_array(ck, pe, -1, "inputs.printed.eigenvalues");
        if (np < 1 || np > n) {
            if (!ck->failed)
                ck_fail(ck, "inputs.printed.eigenvalues", "expected 1 to %ld values", (long)n);
            goto done;
        }
        fmpq *pv = _fmpq_vec_init(np);
        slong *ord = flint_malloc(sizeof(slong) * (size_t)np);
        for (slong k = 0; k < np; k++) {
            ord[k] = k;
            if (printed_q(pv + k, json_array_get(pe, (size_t)k)) || !json_is_string(json_array_get(pe, (size_t)k))) {
                ck_pathf(path, "inputs.printed.eigenvalues[%ld]", (long)k);
                _fmpq_vec_clear(pv, np);
                flint_free(ord);
                ck_fail(ck, path, "not an exact number or a plain decimal string");
                goto done;
            }
        }
        for (slong a = 1; a < np; a++)
            for (slong b = a; b > 0 && fmpq_cmp(pv + ord[b - 1], pv + ord[b]) > 0; b--) {
                slong t = ord[b];
                ord[b] = ord[b - 1];
                ord[b - 1] = t;
            }
        int ok = np == nreal_total;
        for (slong k = 0, e = 0, used = 0; ok && k < np; k++) {
            const char *s = json_string_value(json_array_get(pe, (size_t)ord[k]));
            const fmpq *p = pv + ord[k];
            int places = strchr(s, '.') ? rc_decimal_places(s) : 0;
            if (!fmpq_is_zero(tol)) {
                fmpq_sub(lo, p, tol);
                fmpq_add(hi, p, tol);
            } else if (places > 0) {
                fmpz_set_ui(fmpq_numref(q), 1);
                fmpz_set_ui(fmpq_denref(q), 10);
                fmpz_pow_ui(fmpq_denref(q), fmpq_denref(q), (ulong)places);
                fmpz_mul_ui(fmpq_denref(q), fmpq_denref(q), 2);
                fmpq_sub(lo, p, q);
                fmpq_add(hi, p, q);
            } else {
                fmpq_set(lo, p);
                fmpq_set(hi, p);
            }
            ok = eig_in(E + e, lo, hi, fmpq_is_zero(tol) && places > 0);
            if (++used == E[e].mult)
                e++, used = 0;
        }
        ck_state(v, ok ? CK_OK : CK_FAIL, "results.printed.eigenvalues: the printed eigenvalues do not match the real spectrum");
        json_object_set_new(prj, "eigenvalues", json_boolean(ok));
        _fmpq_vec_clear(pv, np);
        flint_free(ord);
    }
    json_object_set_new(res, "printed", prj);
    prj = NULL;
    *expected = res;
    res = NULL;
    rc = 0;
done:
    json_decref(res);
    json_decref(prj);
    for (slong k = 0; k < ne; k++) {
        fmpz_poly_clear(E[k].p);
        fmpq_clear(E[k].lo);
        fmpq_clear(E[k].hi);
    }
    flint_free(E);
    flint_free(cps);
    fmpq_mat_clear(M);
    fmpz_poly_clear(cp);
    fmpz_poly_clear(prod);
    fmpz_poly_clear(pw);
    fmpq_poly_clear(mc);
    fmpq_poly_clear(pc);
    fmpq_clear(q);
    fmpq_clear(lo);
    fmpq_clear(hi);
    fmpq_clear(tol);
    return rc;
}
