/* What the rules of a user's own claims (user_identity.c, user_inequality.c,
 * user_rounding.c) share: the spec object's envelope (kind, id, statement,
 * where), expressions in rho within the limits, intervals written
 * "(0, sqrt(5)/2]" read with the checker's own parser of their ends, and
 * witness points where f and g are evaluated. */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* inputs holds the required keys and only optional ones besides */
static int user_keys(ck_t *ck, const json_t *in, const char *required, const char *optional)
{
    char keys[256];
    snprintf(keys, sizeof keys, "%s", required);
    for (const char *k = optional; *k;) {
        size_t len = strcspn(k, " ");
        if (json_is_object(in) && json_object_getn(in, k, len))
            snprintf(keys + strlen(keys), sizeof keys - strlen(keys), " %.*s", (int)len, k);
        k += len + (k[len] == ' ');
    }
    return ck_keys(ck, in, "inputs", keys);
}

const char *ck_user_str(ck_t *ck, const json_t *in, const char *key)
{
    const json_t *v = json_object_get(in, key);
    char path[CK_PATH];
    ck_pathf(path, "inputs.%s", key);
    if (!json_is_string(v))
        return ck_fail(ck, path, "expected a string"), NULL;
    return json_string_value(v);
}

/* kind, id and the optional texts, as the spec reader allows them */
int ck_user_head(ck_t *ck, const json_t *in, const char *kind, const char *required,
                     const char *optional)
{
    const char *k, *id;
    if (user_keys(ck, in, required, optional) || !(k = ck_user_str(ck, in, "kind")) ||
        !(id = ck_user_str(ck, in, "id")))
        return -1;
    if (strcmp(k, kind))
        return ck_fail(ck, "inputs.kind", "expected \"%s\"", kind);
    size_t n = strlen(id);
    if (n == 0 || n > RC_LIMIT_USER_ID_CHARS || id[0] == '.' ||
        id[strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")])
        return ck_fail(ck, "inputs.id", "expected 1 to %d characters from A-Z a-z 0-9 . _ -",
                       RC_LIMIT_USER_ID_CHARS);
    const char *texts[] = {"statement", "where"};
    for (int i = 0; i < 2; i++) {
        const char *t = NULL;
        if (json_object_get(in, texts[i]) && !(t = ck_user_str(ck, in, texts[i])))
            return -1;
        if (json_object_get(in, texts[i]) && strlen(t) > RC_LIMIT_USER_TEXT_CHARS)
            return ck_limit(ck, texts[i], "longer than %d characters", RC_LIMIT_USER_TEXT_CHARS);
    }
    return 0;
}

static int coeffs_ok(const fmpz_poly_t p, const fmpz_t bound)
{
    for (slong k = 0; k < fmpz_poly_length(p); k++)
        if (fmpz_cmpabs(p->coeffs + k, bound) >= 0)
            return 0;
    return 1;
}

/* an expression in rho within the spec reader's limits */
int ck_user_expr(ck_t *ck, fmpz_poly_q_t f, const json_t *in, const char *key)
{
    char path[CK_PATH], err[200];
    const char *text = ck_user_str(ck, in, key);
    ck_pathf(path, "inputs.%s", key);
    if (!text)
        return -1;
    if (rc_qrho_parse(f, text, err, sizeof err))
        return ck_fail(ck, path, "does not parse: %s", err);
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_ui_pow_ui(bound, 10, RC_LIMIT_INPUT_DIGITS);
    int ok = coeffs_ok(f->num, bound) && coeffs_ok(f->den, bound);
    fmpz_clear(bound);
    if (!ok)
        return ck_limit(ck, path, "a coefficient with more than %d digits", RC_LIMIT_INPUT_DIGITS);
    if (fmpz_poly_degree(f->num) > RC_LIMIT_USER_DEGREE || fmpz_poly_degree(f->den) > RC_LIMIT_USER_DEGREE)
        return ck_limit(ck, path, "degree beyond %d", RC_LIMIT_USER_DEGREE);
    return 0;
}

/* "sqrt(Q)", "C*sqrt(Q)", "sqrt(Q)/D", "C*sqrt(Q)/D" with C, D > 0: 1 and
 * q = Q (C/D)^2; 0 for another form; -1 malformed */
int ck_user_sqrt_form(fmpq_t q, const char *text)
{
    const char *open = strstr(text, "sqrt(");
    if (!open)
        return 0;
    const char *close = open + 4;
    int depth = 0;
    do {
        depth += (*close == '(') - (*close == ')');
    } while (depth > 0 && *++close);
    if (!*close || strstr(close, "sqrt("))
        return 0;
    fmpq_t c, d;
    fmpq_init(c);
    fmpq_init(d);
    fmpq_one(c);
    fmpq_one(d);
    char err[200], *head = strndup(text, (size_t)(open - text)),
                   *inner = strndup(open + 5, (size_t)(close - open - 5));
    size_t n = strlen(head);
    while (n && isspace((unsigned char)head[n - 1]))
        head[--n] = '\0';
    const char *tail = close + 1;
    while (isspace((unsigned char)*tail))
        tail++;
    int rc = (n && head[n - 1] != '*') || (*tail && *tail != '/') ? 0 : 1;
    if (rc && n) {
        head[n - 1] = '\0';
        rc = rc_fmpq_parse_expr(c, head, err, sizeof err) ? -1 : 1;
    }
    if (rc == 1 && *tail)
        rc = rc_fmpq_parse_expr(d, tail + 1, err, sizeof err) ? -1 : 1;
    if (rc == 1 && (rc_fmpq_parse_expr(q, inner, err, sizeof err) || fmpq_sgn(q) < 0 ||
                    fmpq_sgn(c) <= 0 || fmpq_sgn(d) <= 0))
        rc = -1;
    if (rc == 1) {
        fmpq_div(c, c, d);
        fmpq_mul(c, c, c);
        fmpq_mul(q, q, c);
    }
    free(head);
    free(inner);
    fmpq_clear(c);
    fmpq_clear(d);
    return rc;
}

/* the end sqrt(q) (or the rational number when q is a square), its
 * isolating interval [0, max(1, q) + 1] */
static void end_sqrt(ck_end *e, const fmpq_t q)
{
    e->inf = 0;
    if (fmpz_is_square(fmpq_numref(q)) && fmpz_is_square(fmpq_denref(q))) {
        fmpz_sqrt(fmpq_numref(e->lo), fmpq_numref(q));
        fmpz_sqrt(fmpq_denref(e->lo), fmpq_denref(q));
        fmpq_set(e->hi, e->lo);
        fmpz_poly_set_coeff_fmpz(e->p, 1, fmpq_denref(e->lo));
        fmpz_poly_set_coeff_fmpz(e->p, 0, fmpq_numref(e->lo));
        fmpz_neg(e->p->coeffs, e->p->coeffs);
        return;
    }
    fmpz_poly_zero(e->p);
    fmpz_poly_set_coeff_fmpz(e->p, 2, fmpq_denref(q));
    fmpz_poly_set_coeff_fmpz(e->p, 0, fmpq_numref(q));
    fmpz_neg(e->p->coeffs, e->p->coeffs);
    fmpq_zero(e->lo);
    fmpq_set_si(e->hi, 1, 1);
    if (fmpq_cmp(q, e->hi) > 0)
        fmpq_set(e->hi, q);
    fmpq_add_si(e->hi, e->hi, 1);
}

void ck_user_end_rational(ck_end *e, const fmpq_t x)
{
    e->inf = 0;
    fmpz_poly_zero(e->p);
    fmpz_poly_set_coeff_fmpz(e->p, 1, fmpq_denref(x));
    fmpz_poly_set_coeff_fmpz(e->p, 0, fmpq_numref(x));
    fmpz_neg(e->p->coeffs, e->p->coeffs);
    fmpq_set(e->lo, x);
    fmpq_set(e->hi, x);
}

static int end_parse(ck_t *ck, ck_end *e, char *t, const char *path)
{
    while (isspace((unsigned char)*t))
        t++;
    size_t n = strlen(t);
    while (n && isspace((unsigned char)t[n - 1]))
        t[--n] = '\0';
    if (!strcmp(t, "inf") || !strcmp(t, "+inf") || !strcmp(t, "-inf")) {
        e->inf = t[0] == '-' ? -1 : 1;
        return 0;
    }
    fmpq_t q;
    fmpq_init(q);
    char err[200];
    int form = ck_user_sqrt_form(q, t), rc = 0;
    if (form > 0)
        end_sqrt(e, q);
    else if (form < 0 || rc_fmpq_parse_expr(q, t, err, sizeof err))
        rc = ck_fail(ck, path, "an end that does not parse");
    else
        ck_user_end_rational(e, q);
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_ui_pow_ui(bound, 10, RC_LIMIT_INPUT_DIGITS);
    if (!rc && !e->inf && !coeffs_ok(e->p, bound))
        rc = ck_limit(ck, path, "an end with more than %d digits", RC_LIMIT_INPUT_DIGITS);
    fmpz_clear(bound);
    fmpq_clear(q);
    return rc;
}

/* "(0, sqrt(5)/2]": a non-empty interval of more than one point */
int ck_user_interval(ck_t *ck, ck_interval *I, const json_t *in, const char *key)
{
    char path[CK_PATH];
    ck_pathf(path, "inputs.%s", key);
    const char *text = ck_user_str(ck, in, key);
    if (!text)
        return -1;
    size_t n = strlen(text);
    if (n < 5 || n > 512 || !strchr("([", text[0]) || !strchr(")]", text[n - 1]))
        return ck_fail(ck, path, "expected an interval such as \"(0, sqrt(5)/2]\"");
    char *buf = strndup(text + 1, n - 2), *comma = NULL;
    int depth = 0, commas = 0;
    for (char *p = buf; *p; p++) {
        depth += (*p == '(') - (*p == ')');
        if (*p == ',' && depth == 0)
            comma = p, commas++;
    }
    int rc = -1;
    if (commas != 1) {
        ck_fail(ck, path, "expected two ends separated by one comma");
    } else {
        *comma = '\0';
        I->lo_closed = text[0] == '[';
        I->hi_closed = text[n - 1] == ']';
        if (!end_parse(ck, &I->lo, buf, path) && !end_parse(ck, &I->hi, comma + 1, path)) {
            int c = ck_end_cmp(&I->lo, &I->hi);
            if ((I->lo.inf && I->lo_closed) || (I->hi.inf && I->hi_closed))
                ck_fail(ck, path, "an infinite end must be open");
            else if (I->lo.inf > 0 || I->hi.inf < 0 || c >= 0)
                ck_fail(ck, path, "an interval of more than one point is needed");
            else
                rc = 0;
        }
    }
    free(buf);
    return rc;
}

void ck_user_real_line(ck_interval *D)
{
    D->lo.inf = -1;
    D->hi.inf = 1;
    D->lo_closed = D->hi_closed = 0;
}

/* (den f * den g)^2, and den f * den g */
void ck_user_defined_poly(fmpz_poly_q_t P2, fmpz_poly_t P, const fmpz_poly_q_t f,
                         const fmpz_poly_q_t g)
{
    fmpz_poly_mul(P, f->den, g->den);
    fmpz_poly_q_zero(P2);
    fmpz_poly_sqr(P2->num, P);
    fmpz_poly_set_ui(P2->den, 1);
    fmpz_poly_q_canonicalise(P2);
}

void ck_user_eval(fmpq_t out, const fmpz_poly_q_t f, const fmpq_t t)
{
    fmpq_t d;
    fmpq_init(d);
    fmpz_poly_evaluate_fmpq(out, f->num, t);
    fmpz_poly_evaluate_fmpq(d, f->den, t);
    fmpq_div(out, out, d);
    fmpq_clear(d);
}

/* x (an end) in I */
int ck_user_end_in(const ck_end *x, const ck_interval *I)
{
    int lo = ck_end_cmp(x, &I->lo), hi = ck_end_cmp(x, &I->hi);
    return (lo > 0 || (lo == 0 && I->lo_closed)) && (hi < 0 || (hi == 0 && I->hi_closed));
}

/* A witness point {"at", "f", "g"}: t in I (when I), f and g defined there
 * and their values as given; *expected rebuilt from the recomputed values. */
int ck_user_point_witness(ck_t *ck, json_t **expected, fmpq_t ft, fmpq_t gt, const json_t *w,
                         const char *path, const fmpz_poly_q_t f, const fmpz_poly_q_t g,
                         const fmpz_poly_t P, const ck_interval *I)
{
    char sub[CK_PATH];
    fmpq_t t, pv;
    fmpq_init(t);
    fmpq_init(pv);
    ck_end e;
    ck_end_init(&e);
    int rc = -1;
    const json_t *v;
    if (ck_keys(ck, w, path, "at f g") || !(v = ck_get(ck, w, "at", sub, path)) || ck_qw(ck, t, v, sub))
        goto done;
    ck_user_end_rational(&e, t);
    fmpz_poly_evaluate_fmpq(pv, P, t);
    if (I && !ck_user_end_in(&e, I)) {
        ck_fail(ck, sub, "the point is not in the claim's interval");
        goto done;
    }
    if (fmpq_is_zero(pv)) {
        ck_fail(ck, sub, "f or g is undefined at the point");
        goto done;
    }
    ck_user_eval(ft, f, t);
    ck_user_eval(gt, g, t);
    *expected = json_pack("{s:o,s:o,s:o}", "at", rc_json_fmpq(t), "f", rc_json_fmpq(ft), "g",
                          rc_json_fmpq(gt));
    rc = 0;
done:
    ck_end_clear(&e);
    fmpq_clear(t);
    fmpq_clear(pv);
    return rc;
}
