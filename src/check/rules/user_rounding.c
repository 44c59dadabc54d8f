/* Rule user.rounding/1: a printed decimal is the correct rounding of an
 * exact value r + s sqrt(q), recomputed from the user's spec object by exact
 * comparisons (half-up: ties away from zero, or half-even). */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* r + s sqrt(q) */
typedef struct {
    fmpq_t r, s, q;
} ck_quad;

/* sign of x + y sqrt(q) */
static int quad_sign(const fmpq_t x, const fmpq_t y, const fmpq_t q)
{
    int a = fmpq_sgn(x), b = fmpq_sgn(y);
    if (!b || !a || a == b)
        return a ? a : b;
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

/* sign of 10^k v - t */
static int scaled_cmp(const ck_quad *v, const fmpz_t ten, const fmpq_t t)
{
    fmpq_t x, y;
    fmpq_init(x);
    fmpq_init(y);
    fmpq_mul_fmpz(x, v->r, ten);
    fmpq_sub(x, x, t);
    fmpq_mul_fmpz(y, v->s, ten);
    int c = quad_sign(x, y, v->q);
    fmpq_clear(x);
    fmpq_clear(y);
    return c;
}

/* p(sqrt a) = e + o sqrt(a) */
static void at_sqrt(fmpq_t e, fmpq_t o, const fmpz_poly_t p, const fmpq_t a)
{
    fmpq_t pw, t;
    fmpq_init(pw);
    fmpq_init(t);
    fmpq_zero(e);
    fmpq_zero(o);
    fmpq_one(pw);
    for (slong i = 0; i < fmpz_poly_length(p); i++) {
        fmpq_mul_fmpz(t, pw, p->coeffs + i);
        fmpq_add(i % 2 ? o : e, i % 2 ? o : e, t);
        if (i % 2)
            fmpq_mul(pw, pw, a);
    }
    fmpq_clear(pw);
    fmpq_clear(t);
}

/* the exact value of inputs.value at inputs.rho */
static int rounding_value(ck_t *ck, ck_quad *v, slong *degree, const json_t *in)
{
    const char *vt = ck_user_str(ck, in, "value"), *rt = NULL;
    if (!vt || (json_object_get(in, "rho") && !(rt = ck_user_str(ck, in, "rho"))))
        return -1;
    size_t n = strlen(vt);
    int wrap = n > 6 && !strncmp(vt, "sqrt(", 5) && vt[n - 1] == ')';
    for (size_t i = 4, depth = 0; wrap && i < n - 1; i++) {
        depth += (vt[i] == '(') - (vt[i] == ')');
        wrap = depth > 0;
    }
    json_t *tmp = json_pack("{s:s%}", "value", wrap ? vt + 5 : vt, wrap ? n - 6 : n);
    fmpz_poly_q_t e;
    fmpz_poly_q_init(e);
    fmpq_t t, a, b, c, dd, den;
    fmpq_init(t);
    fmpq_init(a);
    fmpq_init(b);
    fmpq_init(c);
    fmpq_init(dd);
    fmpq_init(den);
    int rc = -1, form = 0;
    char err[200];
    if (ck_user_expr(ck, e, tmp, "value"))
        goto done;
    *degree = FLINT_MAX(fmpz_poly_degree(e->num), fmpz_poly_degree(e->den));
    if (rt) {
        form = ck_user_sqrt_form(t, rt);
        if (form < 0 || (!form && rc_fmpq_parse_expr(t, rt, err, sizeof err))) {
            ck_fail(ck, "inputs.rho", "does not parse");
            goto done;
        }
        if (form && fmpz_is_square(fmpq_numref(t)) && fmpz_is_square(fmpq_denref(t))) {
            fmpz_sqrt(fmpq_numref(t), fmpq_numref(t));
            fmpz_sqrt(fmpq_denref(t), fmpq_denref(t));
            form = 0;
        }
    } else if (fmpz_poly_degree(e->num) > 0 || fmpz_poly_degree(e->den) > 0) {
        ck_fail(ck, "inputs.rho", "missing: the value depends on rho");
        goto done;
    }
    fmpq_zero(v->s);
    fmpq_zero(v->q);
    if (!form) {
        fmpz_poly_evaluate_fmpq(den, e->den, t);
        if (fmpq_is_zero(den) || (wrap && (ck_user_eval(a, e, t), fmpq_sgn(a) < 0))) {
            ck_fail(ck, "inputs.value", "undefined at rho");
            goto done;
        }
        ck_user_eval(v->r, e, t);
        if (wrap && fmpz_is_square(fmpq_numref(v->r)) && fmpz_is_square(fmpq_denref(v->r))) {
            fmpz_sqrt(fmpq_numref(v->r), fmpq_numref(v->r));
            fmpz_sqrt(fmpq_denref(v->r), fmpq_denref(v->r));
        } else if (wrap) {
            fmpq_swap(v->q, v->r);
            fmpq_zero(v->r);
            fmpq_one(v->s);
        }
    } else {
        if (wrap) {
            ck_fail(ck, "inputs.value", "sqrt(...) of a value needs a rational rho");
            goto done;
        }
        at_sqrt(a, b, e->num, t); /* (a + b sqrt t) / (c + dd sqrt t) */
        at_sqrt(c, dd, e->den, t);
        fmpq_mul(den, c, c);
        fmpq_mul(v->r, dd, dd);
        fmpq_submul(den, v->r, t);
        if (fmpq_is_zero(den)) {
            ck_fail(ck, "inputs.value", "undefined at rho");
            goto done;
        }
        fmpq_mul(v->r, a, c);
        fmpq_mul(v->s, b, dd);
        fmpq_submul(v->r, v->s, t);
        fmpq_div(v->r, v->r, den);
        fmpq_mul(v->s, b, c);
        fmpq_submul(v->s, a, dd);
        fmpq_div(v->s, v->s, den);
        if (!fmpq_is_zero(v->s))
            fmpq_set(v->q, t);
    }
    rc = 0;
done:
    json_decref(tmp);
    fmpz_poly_q_clear(e);
    fmpq_clear(t);
    fmpq_clear(a);
    fmpq_clear(b);
    fmpq_clear(c);
    fmpq_clear(dd);
    fmpq_clear(den);
    return rc;
}

/* decimal text of n / 10^k */
static json_t *decimal_json(const fmpz_t n, slong k)
{
    char *digits = fmpz_get_str(NULL, 10, n), *d = digits + (digits[0] == '-');
    size_t len = strlen(d), pad = len <= (size_t)k ? (size_t)k + 1 - len : 0;
    char *out = calloc(len + pad + 3, 1), *p = out;
    if (d != digits)
        *p++ = '-';
    for (size_t i = 0; i < len + pad; i++) {
        if (k > 0 && i == len + pad - (size_t)k)
            *p++ = '.';
        *p++ = i < pad ? '0' : d[i - pad];
    }
    json_t *j = json_string(out);
    free(out);
    flint_free(digits);
    return j;
}

int ck_user_rounding(ck_t *ck, int variant, const char *claim, const json_t *in,
                     const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    (void)results;
    ck_quad x;
    fmpq_init(x.r);
    fmpq_init(x.s);
    fmpq_init(x.q);
    fmpq_t p, m;
    fmpq_init(p);
    fmpq_init(m);
    fmpz_t ten, n, pn;
    fmpz_init(ten);
    fmpz_init(n);
    fmpz_init(pn);
    json_t *out = json_object();
    *expected = out;
    int rc = -1, half_even = 0;
    slong degree = 0;
    const char *pt, *mode = "half-up";
    char err[200];
    if (ck_user_head(ck, in, "claim.rounding", "kind id value printed", "statement where rho mode") ||
        rounding_value(ck, &x, &degree, in) || !(pt = ck_user_str(ck, in, "printed")))
        goto done;
    slong k = rc_decimal_places(pt);
    if (k > RC_LIMIT_USER_PLACES ||
        strlen(pt) > (size_t)RC_LIMIT_USER_PLACES + RC_LIMIT_INPUT_DIGITS + 2) {
        ck_limit(ck, "inputs.printed", "more than %d places or %d digits before the point",
                 RC_LIMIT_USER_PLACES, RC_LIMIT_INPUT_DIGITS);
        goto done;
    }
    if (k < 0 || strchr(pt, '/') || rc_fmpq_parse(p, pt, err, sizeof err)) {
        ck_fail(ck, "inputs.printed", "expected a plain decimal");
        goto done;
    }
    if (ck_cost(ck, "inputs.printed", rc_cost_user_rounding(degree, k), "the rounding"))
        goto done;
    if (json_object_get(in, "mode")) {
        if (!(mode = ck_user_str(ck, in, "mode")))
            goto done;
        if (strcmp(mode, "half-up") && strcmp(mode, "half-even")) {
            ck_fail(ck, "inputs.mode", "expected \"half-up\" or \"half-even\"");
            goto done;
        }
        half_even = !strcmp(mode, "half-even");
    }
    fmpz_ui_pow_ui(ten, 10, (ulong)k);
    /* n = floor(10^k v): from the rational part, then stepped exactly */
    fmpq_mul_fmpz(m, x.r, ten);
    fmpz_fdiv_q(n, fmpq_numref(m), fmpq_denref(m));
    if (!fmpq_is_zero(x.s)) { /* |s| sqrt(q) 10^k lies within 1 of floor(sqrt(s^2 q 10^2k)) */
        fmpq_t y;
        fmpq_init(y);
        fmpq_mul(y, x.s, x.s);
        fmpq_mul(y, y, x.q);
        fmpq_mul_fmpz(y, y, ten);
        fmpq_mul_fmpz(y, y, ten);
        fmpz_t root;
        fmpz_init(root);
        fmpz_fdiv_q(root, fmpq_numref(y), fmpq_denref(y));
        fmpz_sqrt(root, root);
        if (fmpq_sgn(x.s) > 0)
            fmpz_add(n, n, root);
        else
            fmpz_sub(n, n, root);
        fmpz_clear(root);
        fmpq_clear(y);
    }
    for (;;) {
        fmpq_set_fmpz(m, n);
        if (scaled_cmp(&x, ten, m) < 0) {
            fmpz_sub_ui(n, n, 1);
            continue;
        }
        fmpz_add_ui(fmpq_numref(m), fmpq_numref(m), 1);
        if (scaled_cmp(&x, ten, m) >= 0) {
            fmpz_add_ui(n, n, 1);
            continue;
        }
        break;
    }
    fmpq_set_fmpz(m, n);
    fmpq_set_si(p, 1, 2);
    fmpq_add(m, m, p);
    int c = scaled_cmp(&x, ten, m);
    if (c > 0 || (c == 0 && (half_even ? fmpz_is_odd(n) : fmpq_sgn(m) > 0)))
        fmpz_add_ui(n, n, 1);
    rc_fmpq_parse(p, pt, err, sizeof err);
    fmpz_mul(pn, fmpq_numref(p), ten);
    fmpz_divexact(pn, pn, fmpq_denref(p));
    int agrees = fmpz_equal(n, pn);
    json_object_set_new(out, "value", json_pack("{s:o,s:o,s:o}", "rational", rc_json_fmpq(x.r),
                                                "sqrt_coeff", rc_json_fmpq(x.s), "sqrt_of",
                                                rc_json_fmpq(x.q)));
    json_object_set_new(out, "places", json_integer(k));
    json_object_set_new(out, "mode", json_string(mode));
    json_object_set_new(out, "tie", json_boolean(c == 0));
    json_object_set_new(out, "correct", decimal_json(n, k));
    json_object_set_new(out, "agrees", json_boolean(agrees));
    ck_state(v, agrees ? CK_OK : CK_FAIL, "the printed %.40s is not the value rounded to %ld places",
             pt, (long)k);
    rc = 0;
done:
    fmpq_clear(x.r);
    fmpq_clear(x.s);
    fmpq_clear(x.q);
    fmpq_clear(p);
    fmpq_clear(m);
    fmpz_clear(ten);
    fmpz_clear(n);
    fmpz_clear(pn);
    return rc;
}
