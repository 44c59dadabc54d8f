/* The kernel's JSON side: failures that name a JSON path, decoders that
 * check types and canonical spellings, exact key sets, and the comparison of
 * what a certificate says with what the checker recomputed. */
#include "kernel.h"
#include "rescheck/cert.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- failures and statuses --------------------------------------------- */

int ck_fail(ck_t *ck, const char *path, const char *fmt, ...)
{
    if (ck->failed)
        return -1;
    ck->failed = 1;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(ck->reason, sizeof ck->reason, "%s: %s", path, msg);
    return -1;
}

int ck_limit(ck_t *ck, const char *path, const char *fmt, ...)
{
    if (ck->failed)
        return -1;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ck_fail(ck, path, "%s", msg);
    ck->limit = 1;
    return -1;
}

int ck_cost(ck_t *ck, const char *path, double seconds, const char *what)
{
    if (seconds <= RC_LIMIT_SECONDS)
        return 0;
    return ck_limit(ck, path, "%s would take about %.3g s, beyond the budget of %.0f s", what,
                    seconds, RC_LIMIT_SECONDS);
}

void ck_pathf(char out[CK_PATH], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, CK_PATH, fmt, ap);
    va_end(ap);
}

void ck_state(ck_verdict *v, ck_status s, const char *fmt, ...)
{
    char *dst = NULL;
    if (s == CK_FAIL && v->fails++ == 0)
        dst = v->first_fail;
    if (s == CK_UNDECIDED && v->undecided++ == 0)
        dst = v->first_undecided;
    if (!dst)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, sizeof v->first_fail, fmt, ap);
    va_end(ap);
}

/* ---- decoders ------------------------------------------------------------ */

static void child_path(char child[CK_PATH], const char *parent, const char *key)
{
    ck_pathf(child, "%s%s%s", parent, *parent ? "." : "", key);
}

const json_t *ck_get(ck_t *ck, const json_t *obj, const char *key, char child[CK_PATH],
                     const char *parent)
{
    child_path(child, parent, key);
    if (!json_is_object(obj)) {
        ck_fail(ck, parent, "expected an object");
        return NULL;
    }
    const json_t *v = json_object_get(obj, key);
    if (!v)
        ck_fail(ck, child, "missing");
    return v;
}

/* the whole word key in the space-separated list */
static int listed(const char *key, const char *keys)
{
    size_t n = strlen(key);
    for (const char *k = keys; *k;) {
        size_t len = strcspn(k, " ");
        if (len == n && !strncmp(k, key, n))
            return 1;
        k += len + (k[len] == ' ');
    }
    return 0;
}

int ck_keys(ck_t *ck, const json_t *obj, const char *path, const char *keys)
{
    char child[CK_PATH];
    if (!json_is_object(obj))
        return ck_fail(ck, *path ? path : "(top level)", "expected an object");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        if (strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(key) || !*key)
            return ck_fail(ck, *path ? path : "(top level)",
                           "a key with characters other than letters, digits and _");
        if (!listed(key, keys)) {
            child_path(child, path, key);
            return ck_fail(ck, child, "unexpected field");
        }
    }
    for (const char *k = keys; *k;) {
        size_t len = strcspn(k, " ");
        if (!json_object_getn(obj, k, len)) {
            ck_pathf(child, "%s%s%.*s", path, *path ? "." : "", (int)len, k);
            return ck_fail(ck, child, "missing");
        }
        k += len + (k[len] == ' ');
    }
    return 0;
}

slong ck_array(ck_t *ck, const json_t *a, slong len, const char *path)
{
    if (!json_is_array(a))
        return ck_fail(ck, path, "expected an array");
    slong n = (slong)json_array_size(a);
    if (len >= 0 && n != len)
        return ck_fail(ck, path, "has %ld entries, expected %ld", (long)n, (long)len);
    return n;
}

int ck_int(ck_t *ck, slong *out, const json_t *j, slong min, slong max, const char *path)
{
    if (!json_is_integer(j) || json_integer_value(j) < min || json_integer_value(j) > max)
        return ck_fail(ck, path, "expected an integer from %ld to %ld", (long)min, (long)max);
    *out = (slong)json_integer_value(j);
    return 0;
}

int ck_bool(ck_t *ck, int *out, const json_t *j, const char *path)
{
    if (!json_is_boolean(j))
        return ck_fail(ck, path, "expected true or false");
    *out = json_is_true(j);
    return 0;
}

/* The documented size limits on an exact number, before it is decoded:
 * digits of each integer, degree of each polynomial. */
static int size_limit(ck_t *ck, const json_t *j, const char *path, size_t digits)
{
    if (json_is_string(j)) {
        const char *s = json_string_value(j), *slash = strchr(s, '/');
        size_t n = json_string_length(j), a = slash ? (size_t)(slash - s) : n;
        size_t num = a - (*s == '-'), den = slash ? n - a - 1 : 0;
        if (num > digits || den > digits)
            return ck_limit(ck, path, "an integer of more than %zu digits", digits);
    }
    if (json_is_array(j) && json_array_size(j) > RC_LIMIT_POLY_DEGREE + 1)
        return ck_limit(ck, path, "a polynomial of degree above %d", RC_LIMIT_POLY_DEGREE);
    for (size_t i = 0; json_is_array(j) && i < json_array_size(j); i++)
        if (size_limit(ck, json_array_get(j, i), path, digits))
            return -1;
    if (json_is_object(j) && (size_limit(ck, json_object_get(j, "num"), path, digits) ||
                              size_limit(ck, json_object_get(j, "den"), path, digits)))
        return -1;
    return 0;
}

#define DECODER(name, type, codec, digits)                                                  \
    int name(ck_t *ck, type x, const json_t *j, const char *path)                          \
    {                                                                                       \
        char err[200];                                                                      \
        if (size_limit(ck, j, path, digits))                                                \
            return -1;                                                                      \
        if (!j || codec(x, j, err, sizeof err))                                             \
            return ck_fail(ck, path, "%s", j ? err : "missing");                            \
        return 0;                                                                           \
    }
DECODER(ck_z, fmpz_t, rc_json_get_fmpz, RC_LIMIT_INT_DIGITS)
DECODER(ck_q, fmpq_t, rc_json_get_fmpq, RC_LIMIT_INT_DIGITS)
DECODER(ck_qw, fmpq_t, rc_json_get_fmpq, RC_LIMIT_WITNESS_DIGITS)
DECODER(ck_poly, fmpz_poly_t, rc_json_get_poly, RC_LIMIT_INT_DIGITS)
DECODER(ck_qrho, fmpz_poly_q_t, rc_json_get_qrho, RC_LIMIT_INT_DIGITS)

/* ---- comparing the certificate with the recomputation ------------------- */

static void brief(char *out, size_t n, const json_t *j)
{
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
    if (!s) {
        snprintf(out, n, "?");
        return;
    }
    if (strlen(s) >= n && n > 4)
        snprintf(out, n, "%.*s...", (int)(n - 4), s);
    else
        snprintf(out, n, "%s", s);
    free(s);
}

int ck_diff(ck_t *ck, const char *path, const json_t *cert, const json_t *expected)
{
    char child[CK_PATH], a[300], b[300];
    if (json_equal((json_t *)cert, (json_t *)expected))
        return 0;
    if (json_is_object(cert) && json_is_object(expected)) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)expected, key, v) {
            child_path(child, path, key);
            const json_t *c = json_object_get(cert, key);
            if (!c) {
                brief(b, sizeof b, v);
                return ck_fail(ck, child, "missing (recomputed %s)", b);
            }
            if (ck_diff(ck, child, c, v))
                return -1;
        }
        json_object_foreach((json_t *)cert, key, v) {
            if (!json_object_get(expected, key)) {
                child_path(child, path, key);
                return ck_fail(ck, child, "unexpected field");
            }
        }
    }
    if (json_is_array(cert) && json_is_array(expected) &&
        json_array_size(cert) == json_array_size(expected)) {
        for (size_t i = 0; i < json_array_size(cert); i++) {
            ck_pathf(child, "%s[%zu]", path, i);
            if (ck_diff(ck, child, json_array_get(cert, i), json_array_get(expected, i)))
                return -1;
        }
    }
    if (json_is_array(cert) && json_is_array(expected))
        return ck_fail(ck, path, "certificate has %zu entries, recomputed %zu",
                       json_array_size(cert), json_array_size(expected));
    brief(a, sizeof a, cert);
    brief(b, sizeof b, expected);
    return ck_fail(ck, path, "certificate says %s, recomputed %s", a, b);
}
