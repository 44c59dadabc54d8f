/* Exact numbers <-> JSON in the canonical spelling. */
#include "rescheck/cert.h"
#include "rescheck/limits.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

json_t *rc_json_fmpq(const fmpq_t x)
{
    char *s = fmpq_get_str(NULL, 10, x);
    json_t *j = json_string(s);
    flint_free(s);
    return j;
}

/* a row; a matrix as rows (the inverse of the checker kernel's ck_qmat) */
json_t *rc_json_fmpq_row(const fmpq *x, slong n)
{
    json_t *a = json_array();
    for (slong k = 0; k < n; k++)
        json_array_append_new(a, rc_json_fmpq(x + k));
    return a;
}

json_t *rc_json_fmpq_mat(const fmpq_mat_t A)
{
    json_t *a = json_array();
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        json_array_append_new(a, rc_json_fmpq_row(A->rows[i], fmpq_mat_ncols(A)));
    return a;
}

json_t *rc_json_fmpz(const fmpz_t x)
{
    char *s = fmpz_get_str(NULL, 10, x);
    json_t *j = json_string(s);
    flint_free(s);
    return j;
}

json_t *rc_json_poly(const fmpz_poly_t p)
{
    json_t *a = json_array();
    for (slong i = 0; i < fmpz_poly_length(p); i++)
        json_array_append_new(a, rc_json_fmpz(p->coeffs + i));
    return a;
}

json_t *rc_json_qrho(const fmpz_poly_q_t f)
{
    json_t *o = json_object();
    json_object_set_new(o, "num", rc_json_poly(f->num));
    json_object_set_new(o, "den", rc_json_poly(f->den));
    return o;
}

/* -?[1-9][0-9]* or 0 */
static int canonical_integer(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0)
        return 0;
    if (s[0] == '-') {
        i = 1;
        if (n == 1 || s[1] == '0')
            return 0;
    }
    if (s[i] == '0' && n > i + 1)
        return 0;
    for (; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

int rc_json_get_fmpz(fmpz_t x, const json_t *j, char *err, size_t errlen)
{
    if (!json_is_string(j)) {
        snprintf(err, errlen, "expected an integer as a string");
        return -1;
    }
    const char *s = json_string_value(j);
    if (!canonical_integer(s, strlen(s)) || strlen(s) > RC_LIMIT_INT_DIGITS) {
        snprintf(err, errlen, "not a canonical integer: \"%.30s\"", s);
        return -1;
    }
    fmpz_set_str(x, s, 10);
    return 0;
}

int rc_json_get_fmpq(fmpq_t x, const json_t *j, char *err, size_t errlen)
{
    if (!json_is_string(j)) {
        snprintf(err, errlen, "expected a rational \"p/q\" string");
        return -1;
    }
    const char *s = json_string_value(j);
    const char *slash = strchr(s, '/');
    size_t n = strlen(s);
    if (n > 2 * RC_LIMIT_INT_DIGITS + 1)
        goto bad;
    if (!slash) {
        if (!canonical_integer(s, n))
            goto bad;
        fmpz_set_str(fmpq_numref(x), s, 10);
        fmpz_one(fmpq_denref(x));
        return 0;
    }
    size_t nn = (size_t)(slash - s), dn = n - nn - 1;
    if (!canonical_integer(s, nn) || !canonical_integer(slash + 1, dn) || slash[1] == '-')
        goto bad;
    char *buf = flint_malloc(n + 1);
    memcpy(buf, s, n + 1);
    buf[nn] = '\0';
    fmpz_set_str(fmpq_numref(x), buf, 10);
    fmpz_set_str(fmpq_denref(x), buf + nn + 1, 10);
    flint_free(buf);
    /* canonical means: denominator > 1 and in lowest terms */
    if (fmpz_cmp_ui(fmpq_denref(x), 1) <= 0 || !fmpq_is_canonical(x))
        goto bad;
    return 0;
bad:
    snprintf(err, errlen, "not a canonical rational: \"%.30s\"", s);
    return -1;
}

int rc_json_get_poly(fmpz_poly_t p, const json_t *j, char *err, size_t errlen)
{
    if (!json_is_array(j)) {
        snprintf(err, errlen, "expected a coefficient array");
        return -1;
    }
    size_t n = json_array_size(j);
    fmpz_poly_zero(p);
    fmpz_t c;
    fmpz_init(c);
    for (size_t i = 0; i < n; i++) {
        if (rc_json_get_fmpz(c, json_array_get(j, i), err, errlen)) {
            fmpz_clear(c);
            return -1;
        }
        fmpz_poly_set_coeff_fmpz(p, (slong)i, c);
    }
    fmpz_clear(c);
    /* canonical: no trailing zero coefficient */
    if ((slong)n != fmpz_poly_length(p)) {
        snprintf(err, errlen, "coefficient array has a trailing zero");
        return -1;
    }
    return 0;
}

int rc_json_get_qrho(fmpz_poly_q_t f, const json_t *j, char *err, size_t errlen)
{
    if (!json_is_object(j) || json_object_size(j) != 2) {
        snprintf(err, errlen, "expected {\"num\": [...], \"den\": [...]}");
        return -1;
    }
    if (rc_json_get_poly(f->num, json_object_get(j, "num"), err, errlen) ||
        rc_json_get_poly(f->den, json_object_get(j, "den"), err, errlen))
        return -1;
    if (fmpz_poly_is_zero(f->den)) {
        snprintf(err, errlen, "zero denominator");
        return -1;
    }
    if (!fmpz_poly_q_is_canonical(f)) {
        snprintf(err, errlen, "rational function not in lowest terms");
        return -1;
    }
    return 0;
}

int rc_json_number_within_digits(const char *s)
{
    if (!s || s[strspn(s, "-0123456789/")] != '\0')
        return 1;
    size_t a = strcspn(s, "/"), b = s[a] ? strlen(s) - a - 1 : 0;
    return a <= RC_LIMIT_INPUT_DIGITS + 1 && b <= RC_LIMIT_INPUT_DIGITS;
}

int rc_json_numbers_within_digits(const json_t *j, const char *root, char *path, size_t n)
{
    char sub[256];
    const char *key;
    json_t *v;
    if (!rc_json_number_within_digits(json_string_value(j))) {
        snprintf(path, n, "%s", root);
        return 0;
    }
    for (size_t i = 0; json_is_array(j) && i < json_array_size(j); i++) {
        snprintf(sub, sizeof sub, "%s[%zu]", root, i);
        if (!rc_json_numbers_within_digits(json_array_get(j, i), sub, path, n))
            return 0;
    }
    json_object_foreach(json_is_object(j) ? (json_t *)j : NULL, key, v) {
        snprintf(sub, sizeof sub, "%s%s%.64s", root, root[0] ? "." : "", key);
        if (!rc_json_numbers_within_digits(v, sub, path, n))
            return 0;
    }
    return 1;
}
