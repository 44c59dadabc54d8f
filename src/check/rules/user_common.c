/* What the checker's rules for generic claims share: the inputs' envelope
 * (kind, id, statement, where) and the printed-value rule. */
#include "rules.h"
#include "rescheck/qrho.h"

#include <stdio.h>
#include <string.h>

/* key is one of the space-separated words of " WORDS " */
static int listed(const char *key, const char *padded)
{
    char w[80];
    snprintf(w, sizeof w, " %.64s ", key);
    return strstr(padded, w) != NULL;
}

static int text(ck_t *ck, const json_t *in, const char *key, int required, size_t max)
{
    char path[CK_PATH];
    ck_pathf(path, "inputs.%s", key);
    const json_t *v = json_object_get(in, key);
    if (!v)
        return required ? ck_fail(ck, path, "missing") : 0;
    size_t n = json_is_string(v) ? strlen(json_string_value(v)) : 0;
    if (n < 1 || n > max)
        return ck_fail(ck, path, "expected a string of 1 to %zu characters", max);
    return 0;
}

int ck_user_inputs(ck_t *ck, const json_t *in, const char *kind, const char *required,
                   const char *optional)
{
    char path[CK_PATH];
    const char *key;
    json_t *v;
    if (!json_is_object(in))
        return ck_fail(ck, "inputs", "expected an object");
    char all[256];
    snprintf(all, sizeof all, " kind id statement where %s %s ", required, optional);
    json_object_foreach((json_t *)in, key, v) {
        if (!listed(key, all)) {
            ck_pathf(path, "inputs.%.64s", key);
            return ck_fail(ck, path, "unexpected field");
        }
    }
    for (const char *k = required; *k;) {
        size_t len = strcspn(k, " ");
        if (!json_object_getn(in, k, len)) {
            ck_pathf(path, "inputs.%.*s", (int)len, k);
            return ck_fail(ck, path, "missing");
        }
        k += len + (k[len] == ' ');
    }
    const char *k = json_string_value(json_object_get(in, "kind"));
    if (!k || strcmp(k, kind))
        return ck_fail(ck, "inputs.kind", "expected \"%s\"", kind);
    /* the id names the certificate file: [A-Za-z0-9._-], not starting with '.' */
    if (text(ck, in, "id", 1, 64) || text(ck, in, "statement", 0, 2000) ||
        text(ck, in, "where", 0, 2000))
        return -1;
    const char *id = json_string_value(json_object_get(in, "id"));
    if (id[0] == '.' ||
        strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(id))
        return ck_fail(ck, "inputs.id", "holds a character other than letters, digits, '.', '_' "
                       "and '-', or starts with '.'");
    return 0;
}

int ck_user_printed_match(const char *t, const fmpz_poly_q_t value)
{
    char err[200];
    fmpz_poly_q_t p, d;
    fmpz_poly_q_init(p);
    fmpz_poly_q_init(d);
    int ok = 0;
    if (rc_qrho_parse(p, t, err, sizeof err) == 0) {
        fmpz_poly_q_sub(d, value, p);
        int places = strchr(t, '.') ? rc_decimal_places(t) : 0;
        if (places <= 0) {
            ok = fmpz_poly_q_is_zero(d);
        } else if (fmpz_poly_degree(d->num) <= 0 && fmpz_poly_degree(d->den) == 0) {
            /* -1 <= 2*10^k*(value - p) < 1, d = num/den with den > 0 constant */
            fmpz_t s, a, b;
            fmpz_init_set_ui(s, 10);
            fmpz_init(a);
            fmpz_init(b);
            fmpz_pow_ui(s, s, (ulong)places);
            fmpz_mul_2exp(s, s, 1);
            if (!fmpz_poly_is_zero(d->num))
                fmpz_mul(a, s, d->num->coeffs);
            fmpz_set(b, d->den->coeffs); /* a/b in [-1, 1) */
            if (fmpz_sgn(b) < 0)
                fmpz_neg(b, b), fmpz_neg(a, a);
            fmpz_neg(s, b);
            ok = fmpz_cmp(a, s) >= 0 && fmpz_cmp(a, b) < 0;
            fmpz_clear(s);
            fmpz_clear(a);
            fmpz_clear(b);
        }
    }
    fmpz_poly_q_clear(p);
    fmpz_poly_q_clear(d);
    return ok;
}

/* the text of a number as the spec reader takes it: a string, or a JSON
 * integer; JSON reals are refused */
static const char *number_text(ck_t *ck, char *buf, size_t n, const json_t *j, const char *path)
{
    if (json_is_string(j))
        return json_string_value(j);
    if (json_is_integer(j)) {
        snprintf(buf, n, "%lld", (long long)json_integer_value(j));
        return buf;
    }
    ck_fail(ck, path, "expected a number written as a string or a JSON integer");
    return NULL;
}

static int small(const fmpz_t a)
{
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_ui_pow_ui(bound, 10, RC_LIMIT_INPUT_DIGITS);
    int ok = fmpz_cmpabs(a, bound) < 0;
    fmpz_clear(bound);
    return ok;
}

int ck_user_qrho(ck_t *ck, fmpz_poly_q_t f, const json_t *j, const char *path)
{
    char buf[32], err[200];
    const char *t = number_text(ck, buf, sizeof buf, j, path);
    if (!t)
        return -1;
    if (rc_qrho_parse(f, t, err, sizeof err))
        return ck_fail(ck, path, "%s", err);
    for (slong k = 0; k < fmpz_poly_length(f->num); k++)
        if (!small(f->num->coeffs + k))
            return ck_limit(ck, path, "a coefficient with more than %d digits", RC_LIMIT_INPUT_DIGITS);
    for (slong k = 0; k < fmpz_poly_length(f->den); k++)
        if (!small(f->den->coeffs + k))
            return ck_limit(ck, path, "a coefficient with more than %d digits", RC_LIMIT_INPUT_DIGITS);
    return 0;
}

int ck_user_q(ck_t *ck, fmpq_t q, const json_t *j, const char *path)
{
    char buf[32], err[200];
    const char *t = number_text(ck, buf, sizeof buf, j, path);
    if (!t)
        return -1;
    if (rc_fmpq_parse_expr(q, t, err, sizeof err))
        return ck_fail(ck, path, "%s", err);
    if (!small(fmpq_numref(q)) || !small(fmpq_denref(q)))
        return ck_limit(ck, path, "a number with more than %d digits", RC_LIMIT_INPUT_DIGITS);
    return 0;
}
