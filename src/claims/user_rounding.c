/* claim.rounding: a printed decimal is the correct rounding of an exact value
 * r + s sqrt(q) to its printed places, ties half-up (away from zero, the
 * default) or half-even (docs/specs.md, "Your own claims"). */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/ineq.h"
#include "rescheck/qrho.h"
#include "user_expr.h"

#include <arb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* v = r + s*sqrt(q): s = 0, or q > 0 not the square of a rational */
typedef struct {
    fmpq_t r, s, q;
} rc_quad;

static void quad_init(rc_quad *v)
{
    fmpq_init(v->r);
    fmpq_init(v->s);
    fmpq_init(v->q);
}

static void quad_clear(rc_quad *v)
{
    fmpq_clear(v->r);
    fmpq_clear(v->s);
    fmpq_clear(v->q);
}

/* an enclosure of v at prec */
static void quad_arb(arb_t a, const rc_quad *v, slong prec)
{
    arb_t b;
    arb_init(b);
    arb_set_fmpq(a, v->q, prec);
    arb_sqrt(a, a, prec);
    arb_set_fmpq(b, v->s, prec);
    arb_mul(a, a, b, prec);
    arb_set_fmpq(b, v->r, prec);
    arb_add(a, a, b, prec);
    arb_clear(b);
}

/* sign of x + y*sqrt(q), q > 0 */
static int quad_sign(const fmpq_t x, const fmpq_t y, const fmpq_t q)
{
    int a = fmpq_sgn(x), b = fmpq_sgn(y);
    if (b == 0 || a == b)
        return a ? a : b;
    if (a == 0)
        return b;
    fmpq_t x2, y2;
    fmpq_init(x2);
    fmpq_init(y2);
    fmpq_mul(x2, x, x);
    fmpq_mul(y2, y, y);
    fmpq_mul(y2, y2, q);
    int c = fmpq_cmp(x2, y2);
    fmpq_clear(x2);
    fmpq_clear(y2);
    return c > 0 ? a : c < 0 ? b : 0;
}

/* sign of v - t */
static int quad_cmp(const rc_quad *v, const fmpq_t t)
{
    fmpq_t x;
    fmpq_init(x);
    fmpq_sub(x, v->r, t);
    int c = quad_sign(x, v->s, v->q);
    fmpq_clear(x);
    return c;
}

/* v = sqrt(x), x >= 0 rational */
static void quad_set_sqrt(rc_quad *v, const fmpq_t x)
{
    fmpz_t a, b;
    fmpz_init(a);
    fmpz_init(b);
    fmpq_zero(v->r);
    fmpq_zero(v->s);
    fmpq_zero(v->q);
    if (fmpz_is_square(fmpq_numref(x)) && fmpz_is_square(fmpq_denref(x))) {
        fmpz_sqrt(a, fmpq_numref(x));
        fmpz_sqrt(b, fmpq_denref(x));
        fmpq_set_fmpz_frac(v->r, a, b);
    } else {
        fmpq_one(v->s);
        fmpq_set(v->q, x);
    }
    fmpz_clear(a);
    fmpz_clear(b);
}

/* p(sqrt(a)) = e + o*sqrt(a) */
static void poly_at_sqrt(fmpq_t e, fmpq_t o, const fmpz_poly_t p, const fmpq_t a)
{
    fmpq_t pw, t;
    fmpq_init(pw);
    fmpq_init(t);
    fmpq_zero(e);
    fmpq_zero(o);
    fmpq_one(pw);
    for (slong k = 0; k < fmpz_poly_length(p); k += 2) {
        fmpq_mul_fmpz(t, pw, p->coeffs + k);
        fmpq_add(e, e, t);
        if (k + 1 < fmpz_poly_length(p)) {
            fmpq_mul_fmpz(t, pw, p->coeffs + k + 1);
            fmpq_add(o, o, t);
        }
        fmpq_mul(pw, pw, a);
    }
    fmpq_clear(pw);
    fmpq_clear(t);
}

/* Reads value, rho and their combination into v; 0 or -1 (input error). */
static int rounding_value(rc_quad *v, slong *degree, rc_spec *s, const char **vtext,
                          const char **rtext)
{
    json_t *vj = rc_spec_get(s, s->root, "value", "value", 1), *rj;
    if (!vj || rc_spec_string(vtext, s, vj, "value"))
        return -1;
    size_t n = strlen(*vtext);
    int is_sqrt = n > 6 && !strncmp(*vtext, "sqrt(", 5) && (*vtext)[n - 1] == ')';
    if (is_sqrt) { /* sqrt(...) around the whole value only when its parentheses match */
        int depth = 0;
        for (size_t i = 4; i < n - 1; i++) {
            depth += ((*vtext)[i] == '(') - ((*vtext)[i] == ')');
            if (depth == 0)
                is_sqrt = 0;
        }
    }
    fmpz_poly_q_t e;
    fmpz_poly_q_init(e);
    char err[200];
    int rc = -1;
    char *inner = is_sqrt ? strndup(*vtext + 5, n - 6) : strdup(*vtext);
    if (rc_qrho_parse(e, inner, err, sizeof err)) {
        rc_spec_fail(s, "value", "%s", err);
        goto done;
    }
    json_t *tmp = json_string(inner);
    int bad = rc_spec_qrho(e, s, tmp, "value");
    json_decref(tmp);
    if (bad)
        goto done;
    *degree = rc_user_degree(e);
    if (rc_user_degree(e) > RC_LIMIT_USER_DEGREE) {
        rc_spec_fail(s, "value", "degree %ld in rho, beyond the limit of %d (docs/limits.md)",
                     (long)rc_user_degree(e), RC_LIMIT_USER_DEGREE);
        goto done;
    }
    rj = rc_spec_get(s, s->root, "rho", "rho", 0);
    *rtext = NULL;
    fmpq_t t, x, ne, no, de, dn;
    fmpq_init(t);
    fmpq_init(x);
    fmpq_init(ne);
    fmpq_init(no);
    fmpq_init(de);
    fmpq_init(dn);
    int rho_sqrt = 0;
    if (rj) {
        if (rc_spec_string(rtext, s, rj, "rho"))
            goto clear;
        char err2[200];
        int form = rc_sqrt_form_parse(t, *rtext, err2, sizeof err2);
        rho_sqrt = form > 0;
        if (form < 0) {
            rc_spec_fail(s, "rho", "%s", err2);
            goto clear;
        }
        if (!form && rc_spec_fmpq(t, s, rj, "rho"))
            goto clear;
        if (form && (!rc_user_digits_ok(t))) {
            rc_spec_fail(s, "rho", "a number with more than %d digits in its numerator or "
                         "denominator (docs/limits.md)", RC_LIMIT_INPUT_DIGITS);
            goto clear;
        }
        if (rho_sqrt && fmpq_sgn(t) < 0) {
            rc_spec_fail(s, "rho", "square root of a negative number");
            goto clear;
        }
        if (rho_sqrt && fmpz_is_square(fmpq_numref(t)) && fmpz_is_square(fmpq_denref(t))) {
            fmpz_sqrt(fmpq_numref(t), fmpq_numref(t));
            fmpz_sqrt(fmpq_denref(t), fmpq_denref(t));
            rho_sqrt = 0;
        }
    } else if (fmpz_poly_degree(e->num) > 0 || fmpz_poly_degree(e->den) > 0) {
        rc_spec_fail(s, "rho", "missing: the value depends on rho");
        goto clear;
    }
    if (!rho_sqrt) {
        fmpz_poly_evaluate_fmpq(de, e->den, t);
        if (fmpq_is_zero(de)) {
            rc_spec_fail(s, "value", "undefined at rho = %s (a pole)", *rtext);
            goto clear;
        }
        rc_user_eval(x, e, t);
        if (is_sqrt) {
            if (fmpq_sgn(x) < 0) {
                rc_spec_fail(s, "value", "square root of a negative number");
                goto clear;
            }
            quad_set_sqrt(v, x);
        } else {
            fmpq_set(v->r, x);
            fmpq_zero(v->s);
            fmpq_zero(v->q);
        }
    } else {
        if (is_sqrt) {
            rc_spec_fail(s, "value", "sqrt(...) of a value needs a rational rho");
            goto clear;
        }
        /* N(√t)/D(√t) = (ne + no√t)/(de + dn√t), rationalised */
        poly_at_sqrt(ne, no, e->num, t);
        poly_at_sqrt(de, dn, e->den, t);
        fmpq_t den, a, b;
        fmpq_init(den);
        fmpq_init(a);
        fmpq_init(b);
        fmpq_mul(den, de, de);
        fmpq_mul(a, dn, dn);
        fmpq_mul(a, a, t);
        fmpq_sub(den, den, a);
        if (fmpq_is_zero(den)) {
            rc_spec_fail(s, "value", "undefined at rho = %s (a pole)", *rtext);
        } else {
            fmpq_mul(a, ne, de);
            fmpq_mul(b, no, dn);
            fmpq_mul(b, b, t);
            fmpq_sub(v->r, a, b);
            fmpq_div(v->r, v->r, den);
            fmpq_mul(a, no, de);
            fmpq_mul(b, ne, dn);
            fmpq_sub(v->s, a, b);
            fmpq_div(v->s, v->s, den);
            fmpq_set(v->q, t);
            if (fmpq_is_zero(v->s))
                fmpq_zero(v->q);
        }
        fmpq_clear(den);
        fmpq_clear(a);
        fmpq_clear(b);
        if (s->err[0])
            goto clear;
    }
    rc = 0;
clear:
    fmpq_clear(t);
    fmpq_clear(x);
    fmpq_clear(ne);
    fmpq_clear(no);
    fmpq_clear(de);
    fmpq_clear(dn);
done:
    free(inner);
    fmpz_poly_q_clear(e);
    return rc;
}

/* The integer nearest v*10^k, ties by mode (0 half-up: away from zero,
 * 1 half-even); *tie says a tie was broken. */
static void round_scaled(fmpz_t out, int *tie, const rc_quad *v, slong k, int mode)
{
    rc_quad x;
    quad_init(&x);
    fmpz_t ten;
    fmpz_init(ten);
    fmpz_ui_pow_ui(ten, 10, (ulong)k);
    fmpq_mul_fmpz(x.r, v->r, ten);
    fmpq_mul_fmpz(x.s, v->s, ten);
    fmpq_set(x.q, v->q);
    /* a floor estimate from Arb, then corrected by exact comparisons */
    slong prec = 64 + 4 * (k + 2 * (slong)(fmpz_bits(fmpq_numref(v->r)) + fmpz_bits(fmpq_denref(v->r)) +
                                          fmpz_bits(fmpq_numref(v->s)) + fmpz_bits(fmpq_denref(v->s)) +
                                          fmpz_bits(fmpq_numref(v->q)) + fmpz_bits(fmpq_denref(v->q))));
    arb_t a;
    arb_init(a);
    quad_arb(a, &x, prec);
    arf_get_fmpz(out, arb_midref(a), ARF_RND_FLOOR);
    arb_clear(a);
    fmpq_t m;
    fmpq_init(m);
    for (;;) {
        fmpq_set_fmpz(m, out);
        if (quad_cmp(&x, m) < 0) {
            fmpz_sub_ui(out, out, 1);
            continue;
        }
        fmpz_add_ui(fmpq_numref(m), fmpq_numref(m), 1);
        if (quad_cmp(&x, m) >= 0) {
            fmpz_add_ui(out, out, 1);
            continue;
        }
        break;
    }
    /* out = floor(x); compare x with out + 1/2 */
    fmpq_set_fmpz(m, out);
    fmpq_t half;
    fmpq_init(half);
    fmpq_set_si(half, 1, 2);
    fmpq_add(m, m, half);
    int c = quad_cmp(&x, m);
    *tie = c == 0;
    if (c > 0 || (c == 0 && mode == 0 && fmpq_sgn(m) > 0) ||
        (c == 0 && mode == 1 && fmpz_is_odd(out)))
        fmpz_add_ui(out, out, 1);
    fmpq_clear(half);
    fmpq_clear(m);
    fmpz_clear(ten);
    quad_clear(&x);
}

/* "-12.3400" from the integer n and k places */
static char *scaled_str(const fmpz_t n, slong k)
{
    char *digits = fmpz_get_str(NULL, 10, n);
    int neg = digits[0] == '-';
    const char *d = digits + neg;
    size_t len = strlen(d), pad = len <= (size_t)k ? (size_t)k + 1 - len : 0, total = len + pad;
    char *out = malloc(total + 3), *p = out;
    if (neg)
        *p++ = '-';
    for (size_t i = 0; i < total; i++) {
        if (k > 0 && i == total - (size_t)k)
            *p++ = '.';
        *p++ = i < pad ? '0' : d[i - pad];
    }
    *p = '\0';
    flint_free(digits);
    return out;
}

static char *quad_str(const rc_quad *v)
{
    char *r = rc_fmpq_get_str(v->r), *out = NULL;
    if (fmpq_is_zero(v->s)) {
        out = strdup(r);
    } else {
        char *s = rc_fmpq_get_str(v->s), *q = rc_fmpq_get_str(v->q);
        if (asprintf(&out, "%s%s%s%ssqrt(%s)", fmpq_is_zero(v->r) ? "" : r,
                     fmpq_is_zero(v->r) || fmpq_sgn(v->s) < 0 ? "" : "+",
                     fmpq_is_one(v->s) ? "" : s, fmpq_is_one(v->s) ? "" : "*", q) < 0)
            out = NULL;
        flint_free(s);
        flint_free(q);
    }
    flint_free(r);
    return out;
}

static char *quad_decimal(const rc_quad *v)
{
    arb_t a;
    arb_init(a);
    quad_arb(a, v, 128);
    char *s = arb_get_str(a, 20, 0), *out = strdup(s);
    flint_free(s);
    arb_clear(a);
    return out;
}

int rc_user_rounding(const rc_claim *c, rc_spec *s, rc_report *rep, json_t **cert)
{
    rc_user_head h;
    const char *vtext, *rtext, *ptext, *mtext = "half-up";
    rc_quad v;
    quad_init(&v);
    fmpq_t p;
    fmpq_init(p);
    fmpz_t n, pn, ten;
    fmpz_init(n);
    fmpz_init(pn);
    fmpz_init(ten);
    int rc = -1, mode = 0;
    slong degree = 0;
    json_t *pj, *mj;
    char err[200];
    if (rc_user_read_head(&h, s, c, rep) || rounding_value(&v, &degree, s, &vtext, &rtext) ||
        !(pj = rc_spec_get(s, s->root, "printed", "printed", 1)) || rc_spec_string(&ptext, s, pj, "printed"))
        goto done;
    /* the size first: the text is parsed only within the limits */
    int places = rc_decimal_places(ptext);
    if (places > RC_LIMIT_USER_PLACES ||
        strlen(ptext) > (size_t)RC_LIMIT_USER_PLACES + RC_LIMIT_INPUT_DIGITS + 2) {
        rc_spec_fail(s, "printed", "more than %d places or %d digits before the point "
                     "(docs/limits.md)", RC_LIMIT_USER_PLACES, RC_LIMIT_INPUT_DIGITS);
        goto done;
    }
    if (places < 0 || rc_fmpq_parse(p, ptext, err, sizeof err) || strchr(ptext, '/')) {
        rc_spec_fail(s, "printed", "expected a plain decimal [-]DIGITS[.DIGITS], like \"0.3205\"");
        goto done;
    }
    if (rc_spec_cost(s, "printed", rc_cost_user_rounding(degree, places),
                     "the rounding"))
        goto done;
    if ((mj = rc_spec_get(s, s->root, "mode", "mode", 0))) {
        if (rc_spec_string(&mtext, s, mj, "mode"))
            goto done;
        if (strcmp(mtext, "half-up") && strcmp(mtext, "half-even")) {
            rc_spec_fail(s, "mode", "expected \"half-up\" (ties away from zero, the default) or "
                         "\"half-even\"");
            goto done;
        }
        mode = !strcmp(mtext, "half-even");
    }
    int tie;
    round_scaled(n, &tie, &v, places, mode);
    fmpz_ui_pow_ui(ten, 10, (ulong)places);
    fmpz_mul(pn, fmpq_numref(p), ten);
    fmpz_divexact(pn, pn, fmpq_denref(p)); /* a decimal with k places */
    int agrees = fmpz_equal(pn, n);
    char *correct = scaled_str(n, places), *vs = quad_str(&v), *dec = quad_decimal(&v);
    json_t *res = json_object();
    json_object_set_new(res, "value", json_pack("{s:o,s:o,s:o}", "rational", rc_json_fmpq(v.r),
                                                "sqrt_coeff", rc_json_fmpq(v.s), "sqrt_of",
                                                rc_json_fmpq(v.q)));
    json_object_set_new(res, "places", json_integer(places));
    json_object_set_new(res, "mode", json_string(mtext));
    json_object_set_new(res, "tie", json_boolean(tie));
    json_object_set_new(res, "correct", json_string(correct));
    json_object_set_new(res, "agrees", json_boolean(agrees));
    rc_user_paper_note(rep, &h);
    char at[160] = "";
    if (rtext)
        snprintf(at, sizeof at, " at rho = %.120s", rtext);
    if (agrees) {
        /* the exact value's closed form only where it says more than the text */
        char exact[512] = "";
        if (strcmp(vs, vtext) || rtext)
            snprintf(exact, sizeof exact, " = %.500s", vs);
        rc_report_add(rep, RC_OK, NULL, NULL, "%s: %s%s%s = %s rounds to %s (%d places, %s%s)",
                      h.id, vtext, at, exact, dec, ptext, places, mtext, tie ? ", a tie" : "");
    } else {
        char *detail = NULL;
        if (asprintf(&detail, "printed %s, exact %s = %s rounds to %s (%d places, %s)", ptext, vs,
                     dec, correct, places, mtext) < 0)
            detail = NULL;
        rc_report_add(rep, RC_FAIL, ptext, detail, "%s: %s%s = %s does not round to the printed "
                      "%s: correct rounding is %s", h.id, vtext, at, dec, ptext, correct);
        free(detail);
    }
    rc_report_conclude(rep, "%s is %s%s correctly rounded to %d places (%s)", ptext, vtext, at,
                       places, mtext);
    free(correct);
    free(vs);
    free(dec);
    *cert = rc_cert_new(c, s->file, json_incref(s->root), res, rep);
    rc = 0;
done:
    quad_clear(&v);
    fmpq_clear(p);
    fmpz_clear(n);
    fmpz_clear(pn);
    fmpz_clear(ten);
    return rc;
}
