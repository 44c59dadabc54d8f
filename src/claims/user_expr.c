/* What a user's own claims (user_identity.c, user_inequality.c,
 * user_rounding.c) share: the spec's id, statement and where; expressions in
 * rho and intervals within the limits; the whole real line as the default
 * domain; where f and g are defined; witness points. */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/ineq.h"
#include "rescheck/qrho.h"
#include "user_expr.h"

#include <arb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_text(const char **out, rc_spec *s, const char *key)
{
    json_t *v = rc_spec_get(s, s->root, key, key, 0);
    *out = NULL;
    if (!v)
        return 0;
    if (rc_spec_string(out, s, v, key))
        return -1;
    if (strlen(*out) > RC_LIMIT_USER_TEXT_CHARS)
        return rc_spec_fail(s, key, "longer than %d characters (docs/limits.md)",
                            RC_LIMIT_USER_TEXT_CHARS);
    return 0;
}

/* The kind and its key set, the id, and the optional statement and where;
 * the report's label "user claim ID (kind K)". */
int rc_user_read_head(rc_user_head *h, rc_spec *s, const rc_claim *c, rc_report *rep)
{
    char kind[64];
    snprintf(kind, sizeof kind, "%s", c->spec_kind);
    if (rc_spec_check_kind(s, kind) ||
        rc_spec_string(&h->id, s, rc_spec_get(s, s->root, "id", "id", 1), "id"))
        return -1;
    size_t n = strlen(h->id);
    if (n == 0 || n > RC_LIMIT_USER_ID_CHARS || h->id[strspn(h->id,
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")] != '\0' ||
        h->id[0] == '.')
        return rc_spec_fail(s, "id", "expected 1 to %d characters from A-Z a-z 0-9 . _ - "
                            "(not starting with a dot), like \"sec4.eq7\"", RC_LIMIT_USER_ID_CHARS);
    if (read_text(&h->statement, s, "statement") || read_text(&h->where, s, "where"))
        return -1;
    snprintf(rep->label, sizeof rep->label, "user claim %s (kind %s)", h->id, c->id);
    return 0;
}

/* What the paper says, for the report's lines: its statement and where. */
void rc_user_paper_note(rc_report *rep, const rc_user_head *h)
{
    if (h->statement || h->where)
        rc_report_add(rep, RC_NOTE, NULL, NULL, "the paper%s%s: %s", h->where ? ", " : "",
                      h->where ? h->where : "", h->statement ? h->statement : "(no statement given)");
}

slong rc_user_degree(const fmpz_poly_q_t f)
{
    return FLINT_MAX(fmpz_poly_degree(f->num), fmpz_poly_degree(f->den));
}

/* An expression in rho within the degree limit. */
int rc_user_read_expr(fmpz_poly_q_t f, const char **text, rc_spec *s, const char *key)
{
    json_t *v = rc_spec_get(s, s->root, key, key, 1);
    if (!v || rc_spec_string(text, s, v, key) || rc_spec_qrho(f, s, v, key))
        return -1;
    if (rc_user_degree(f) > RC_LIMIT_USER_DEGREE)
        return rc_spec_fail(s, key, "degree %ld in rho, beyond the limit of %d (docs/limits.md)",
                            (long)rc_user_degree(f), RC_LIMIT_USER_DEGREE);
    return 0;
}

int rc_user_digits_ok(const fmpq_t q)
{
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_ui_pow_ui(bound, 10, RC_LIMIT_INPUT_DIGITS);
    int ok = fmpz_cmpabs(fmpq_numref(q), bound) < 0 && fmpz_cmpabs(fmpq_denref(q), bound) < 0;
    fmpz_clear(bound);
    return ok;
}

/* The interval's ends hold numbers of bounded size, as every input does. */
int rc_user_end_size_ok(rc_spec *s, const rc_end_t e, const char *field)
{
    if (e->inf)
        return 0;
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_set_ui(bound, 10);
    fmpz_pow_ui(bound, bound, RC_LIMIT_INPUT_DIGITS);
    int ok = 1;
    for (slong k = 0; k < fmpz_poly_length(e->x->poly); k++)
        ok &= fmpz_cmpabs(e->x->poly->coeffs + k, bound) < 0;
    fmpz_clear(bound);
    return ok ? 0 : rc_spec_fail(s, field, "an end with more than %d digits in its numerator or "
                                 "denominator (docs/limits.md)", RC_LIMIT_INPUT_DIGITS);
}

int rc_user_read_interval(rc_interval_t I, const char **text, rc_spec *s, int required)
{
    json_t *v = rc_spec_get(s, s->root, "interval", "interval", required);
    *text = NULL;
    if (!v)
        return required ? -1 : 0;
    if (rc_spec_string(text, s, v, "interval") || rc_spec_interval(I, s, v, "interval") ||
        rc_user_end_size_ok(s, I->lo, "interval") || rc_user_end_size_ok(s, I->hi, "interval"))
        return -1;
    if (!I->lo->inf && !I->hi->inf && rc_alg_cmp(I->lo->x, I->hi->x) == 0)
        return rc_spec_fail(s, "interval", "a single point: give an interval with more than one point");
    return 0;
}

/* The whole real line, the default domain of the sign tables here. */
void rc_user_real_line(rc_interval_t D)
{
    rc_interval_init(D);
    D->lo->inf = -1;
    D->hi->inf = 1;
}

/* The optional "domain": an open interval with rational or infinite ends
 * holding the interval; the maximal set is reported inside it. */
void rc_user_defined_poly(fmpz_poly_q_t P2, const fmpz_poly_q_t f, const fmpz_poly_q_t g)
{
    fmpz_poly_t p;
    fmpz_poly_init(p);
    fmpz_poly_mul(p, f->den, g->den);
    fmpz_poly_sqr(p, p);
    fmpz_poly_q_zero(P2);
    fmpz_poly_set(P2->num, p);
    fmpz_poly_set_ui(P2->den, 1);
    fmpz_poly_q_canonicalise(P2);
    fmpz_poly_clear(p);
}

/* The pieces of q's table that I meets, gap0 root0 gap1 ... as 2i / 2j+1. */
void rc_user_eval(fmpq_t out, const fmpz_poly_q_t f, const fmpq_t t)
{
    fmpq_t d;
    fmpq_init(d);
    fmpz_poly_evaluate_fmpq(out, f->num, t);
    fmpz_poly_evaluate_fmpq(d, f->den, t);
    fmpq_div(out, out, d);
    fmpq_clear(d);
}

/* {"at": t, "f": f(t), "g": g(t)} and the words "at rho = t: f = .., g = .." */
json_t *rc_user_point_witness(char **text, const fmpq_t t, const fmpz_poly_q_t f,
                             const fmpz_poly_q_t g)
{
    fmpq_t ft, gt;
    fmpq_init(ft);
    fmpq_init(gt);
    rc_user_eval(ft, f, t);
    rc_user_eval(gt, g, t);
    json_t *w = json_pack("{s:o,s:o,s:o}", "at", rc_json_fmpq(t), "f", rc_json_fmpq(ft), "g",
                          rc_json_fmpq(gt));
    char *ts = rc_fmpq_get_str(t), *fs = rc_fmpq_get_str(ft), *gs = rc_fmpq_get_str(gt);
    if (asprintf(text, "at rho = %s: f = %s, g = %s", ts, fs, gs) < 0)
        *text = NULL;
    flint_free(ts);
    flint_free(fs);
    flint_free(gs);
    fmpq_clear(ft);
    fmpq_clear(gt);
    return w;
}
