/* Spec files: JSON with exact numbers written as strings. */
#include "rescheck/spec.h"
#include "rescheck/qrho.h"
#include "rescheck/cert.h"

#include <ctype.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

/* An error is one line: it may quote the spec's strings, and jansson's
 * messages quote its bytes. */
static void one_line(char *err)
{
    for (char *p = err; *p; p++)
        if (iscntrl((unsigned char)*p))
            *p = ' ';
}

int rc_spec_fail(rc_spec *s, const char *field, const char *fmt, ...)
{
    if (s->err[0])
        return -1;
    char reason[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (field && s->field_prefix)
        snprintf(s->err, sizeof s->err, "%s: field %s.%s: %s", s->file, s->field_prefix, field,
                 reason);
    else if (field)
        snprintf(s->err, sizeof s->err, "%s: field %s: %s", s->file, field, reason);
    else if (s->field_prefix)
        snprintf(s->err, sizeof s->err, "%s: field %s: %s", s->file, s->field_prefix, reason);
    else
        snprintf(s->err, sizeof s->err, "%s: %s", s->file, reason);
    one_line(s->err);
    return -1;
}

static int finish_load(rc_spec *s, json_t *root, json_error_t *je)
{
    if (!root) {
        snprintf(s->err, sizeof s->err, "%s: line %d: %s", s->file, je->line, je->text);
        one_line(s->err);
        return -1;
    }
    s->root = root;
    if (!json_is_object(root))
        return rc_spec_fail(s, NULL, "the spec must be a JSON object");
    /* every number string within the input limit as written, the checker's own
     * test: a user's claim carries its spec into the certificate as written, so
     * "-000...01" must be refused here, not there */
    char path[256];
    if (!rc_json_numbers_within_digits(root, "", path, sizeof path))
        return rc_spec_fail(s, path, "more than %d digits as written in a numerator or denominator "
                            "(leading zeros count; docs/limits.md)", RC_LIMIT_INPUT_DIGITS);
    return 0;
}

int rc_spec_cost(rc_spec *s, const char *field, double seconds, const char *what)
{
    s->estimate = seconds;
    snprintf(s->estimate_what, sizeof s->estimate_what, "%s", what);
    if (s->estimate_only)
        return -1;
    double budget = s->budget > 0 ? s->budget : RC_LIMIT_SECONDS;
    if (seconds <= budget)
        return 0;
    return rc_spec_fail(s, field, "%s would take about %.3g s, beyond the budget of %.3g s "
                        "(docs/limits.md)", what, seconds, budget);
}

json_t *rc_spec_instances(rc_spec *s, const char *kind, int max)
{
    json_t *ins;
    if (rc_spec_check_kind(s, kind) || !(ins = rc_spec_get(s, s->root, "instances", "instances", 1)))
        return NULL;
    if (!json_is_array(ins) || json_array_size(ins) < 1 || json_array_size(ins) > (size_t)max) {
        rc_spec_fail(s, "instances", "expected 1 to %d instances", max);
        return NULL;
    }
    return ins;
}

int rc_spec_load_file(rc_spec *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->estimate = -1;
    s->file = path;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > RC_LIMIT_SPEC_BYTES) {
        snprintf(s->err, sizeof s->err, "%s: file size: %lld bytes, beyond the limit of %ld for a spec "
                 "(docs/limits.md)", path, (long long)st.st_size, RC_LIMIT_SPEC_BYTES);
        return -1;
    }
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root && je.line < 0) {
        snprintf(s->err, sizeof s->err, "%s: %s", path, je.text);
        one_line(s->err);
        return -1;
    }
    return finish_load(s, root, &je);
}

int rc_spec_load_string(rc_spec *s, const char *name, const char *text)
{
    memset(s, 0, sizeof *s);
    s->estimate = -1;
    s->file = s->file_copy = strdup(name);
    size_t len = strnlen(text, (size_t)RC_LIMIT_SPEC_BYTES + 1);
    if (len > (size_t)RC_LIMIT_SPEC_BYTES) { /* as a file of that size is refused */
        snprintf(s->err, sizeof s->err, "%s: text size: more than %ld bytes, beyond the limit for "
                 "a spec (docs/limits.md)", name, RC_LIMIT_SPEC_BYTES);
        return -1;
    }
    json_error_t je;
    return finish_load(s, json_loadb(text, len, JSON_REJECT_DUPLICATES, &je), &je);
}

void rc_spec_clear(rc_spec *s)
{
    json_decref(s->root);
    s->root = NULL;
    free(s->file_copy);
    s->file_copy = NULL;
}

json_t *rc_spec_get(rc_spec *s, json_t *obj, const char *key, const char *field, int required)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    if (!v && required)
        rc_spec_fail(s, field, "missing");
    return v;
}

int rc_spec_string(const char **out, rc_spec *s, json_t *v, const char *field)
{
    if (!json_is_string(v))
        return rc_spec_fail(s, field, "expected a string");
    *out = json_string_value(v);
    return 0;
}

/* Numbers may be JSON strings (exact) or JSON integers; JSON reals are
 * refused because their decimal text is already lost. */
static int number_text(const char **text, char *buf, size_t n, rc_spec *s, json_t *v,
                       const char *field)
{
    if (json_is_string(v)) {
        *text = json_string_value(v);
        return 0;
    }
    if (json_is_integer(v)) {
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
        *text = buf;
        return 0;
    }
    if (json_is_real(v))
        return rc_spec_fail(s, field, "write non-integers as strings (\"2.5\", \"7/3\") so they are read exactly");
    return rc_spec_fail(s, field, "not a number");
}

/* The cost estimates (rescheck/limits.h) assume input numbers of bounded size:
 * |a| < 10^RC_LIMIT_INPUT_DIGITS (fmpz_sizeinbase may count one digit too many). */
static int within_digits(const fmpz_t a)
{
    fmpz_t bound;
    fmpz_init(bound);
    fmpz_set_ui(bound, 10);
    fmpz_pow_ui(bound, bound, RC_LIMIT_INPUT_DIGITS);
    int ok = fmpz_cmpabs(a, bound) < 0;
    fmpz_clear(bound);
    return ok;
}

static int digits_ok(rc_spec *s, const fmpz_t a, const char *field)
{
    if (within_digits(a))
        return 0;
    return rc_spec_fail(s, field, "a number with more than %d digits in its numerator or "
                        "denominator (docs/limits.md)", RC_LIMIT_INPUT_DIGITS);
}

int rc_spec_fmpq_digits(rc_spec *s, const fmpq_t x, const char *field, const char *what)
{
    if (within_digits(fmpq_numref(x)) && within_digits(fmpq_denref(x)))
        return 0;
    return rc_spec_fail(s, field, "%s has more than %d digits in its numerator or "
                        "denominator (docs/limits.md)", what, RC_LIMIT_INPUT_DIGITS);
}

int rc_spec_fmpq(fmpq *out, rc_spec *s, json_t *v, const char *field)
{
    const char *text = NULL;
    char buf[32], err[200];
    if (number_text(&text, buf, sizeof buf, s, v, field))
        return -1;
    if (rc_fmpq_parse_expr(out, text, err, sizeof err))
        return rc_spec_fail(s, field, "%s", err);
    return digits_ok(s, fmpq_numref(out), field) || digits_ok(s, fmpq_denref(out), field) ? -1 : 0;
}

int rc_spec_qrho(fmpz_poly_q_t out, rc_spec *s, json_t *v, const char *field)
{
    const char *text = NULL;
    char buf[32], err[200];
    if (number_text(&text, buf, sizeof buf, s, v, field))
        return -1;
    if (rc_qrho_parse(out, text, err, sizeof err))
        return rc_spec_fail(s, field, "%s", err);
    for (slong k = 0; k < fmpz_poly_length(out->num); k++)
        if (digits_ok(s, out->num->coeffs + k, field))
            return -1;
    for (slong k = 0; k < fmpz_poly_length(out->den); k++)
        if (digits_ok(s, out->den->coeffs + k, field))
            return -1;
    return 0;
}

static int check_array(slong *len, rc_spec *s, json_t *v, const char *field)
{
    if (!json_is_array(v))
        return rc_spec_fail(s, field, "expected an array");
    slong n = (slong)json_array_size(v);
    if (*len >= 0 && n != *len)
        return rc_spec_fail(s, field, "has %ld entries, expected %ld", (long)n, (long)*len);
    if (n > RC_LIMIT_POINTS)
        return rc_spec_fail(s, field, "more than %d entries", RC_LIMIT_POINTS);
    *len = n;
    return 0;
}

int rc_spec_fmpq_array(fmpq **out, slong *len, rc_spec *s, json_t *v, const char *field)
{
    if (check_array(len, s, v, field))
        return -1;
    *out = _fmpq_vec_init(*len ? *len : 1);
    char sub[160];
    for (slong i = 0; i < *len; i++) {
        snprintf(sub, sizeof sub, "%s[%ld]", field, (long)i);
        if (rc_spec_fmpq(*out + i, s, json_array_get(v, (size_t)i), sub)) {
            _fmpq_vec_clear(*out, *len ? *len : 1);
            *out = NULL;
            return -1;
        }
    }
    return 0;
}

void rc_qrho_vec_clear(fmpz_poly_q_struct *v, slong n)
{
    if (!v)
        return;
    for (slong i = 0; i < n; i++)
        fmpz_poly_q_clear(v + i);
    flint_free(v);
}

int rc_spec_qrho_array(fmpz_poly_q_struct **out, slong *len, rc_spec *s, json_t *v,
                       const char *field, int affine_only)
{
    if (check_array(len, s, v, field))
        return -1;
    fmpz_poly_q_struct *a = flint_malloc(sizeof(fmpz_poly_q_struct) * (size_t)(*len ? *len : 1));
    for (slong i = 0; i < *len; i++)
        fmpz_poly_q_init(a + i);
    char sub[160];
    for (slong i = 0; i < *len; i++) {
        snprintf(sub, sizeof sub, "%s[%ld]", field, (long)i);
        if (rc_spec_qrho(a + i, s, json_array_get(v, (size_t)i), sub) ||
            (affine_only && !rc_qrho_is_affine(a + i) &&
             rc_spec_fail(s, sub, "must be affine in rho, like \"3/2-1/4*rho\""))) {
            rc_qrho_vec_clear(a, *len);
            return -1;
        }
    }
    *out = a;
    return 0;
}

void rc_interval_init(rc_interval_t I)
{
    rc_end_init(I->lo);
    rc_end_init(I->hi);
    I->lo_closed = I->hi_closed = 0;
}

void rc_interval_clear(rc_interval_t I)
{
    rc_end_clear(I->lo);
    rc_end_clear(I->hi);
}

/* c*sqrt(q) written "sqrt(Q)", "C*sqrt(Q)", "sqrt(Q)/D" or "C*sqrt(Q)/D", C and D
 * positive rationals: 1 with *q = Q*(C/D)^2 (so the number is sqrt(*q)), 0 when
 * text is not of this form, -1 with err on a malformed part. */
int rc_sqrt_form_parse(fmpq_t q, const char *text, char *err, size_t errlen)
{
    const char *open = strstr(text, "sqrt(");
    if (!open)
        return 0;
    /* the parenthesis closing sqrt( */
    int depth = 0;
    const char *close = NULL;
    for (const char *p = open + 4; *p; p++) {
        depth += (*p == '(') - (*p == ')');
        if (depth == 0) {
            close = p;
            break;
        }
    }
    if (!close || strstr(close, "sqrt("))
        return 0;
    size_t pre = (size_t)(open - text);
    fmpq_t c, d;
    fmpq_init(c);
    fmpq_init(d);
    fmpq_one(c);
    fmpq_one(d);
    int rc = 1;
    char *inner = strndup(open + 5, (size_t)(close - open - 5));
    if (pre) {
        char *head = strndup(text, pre);
        size_t n = strlen(head);
        while (n && isspace((unsigned char)head[n - 1]))
            head[--n] = '\0';
        if (!n || head[n - 1] != '*')
            rc = 0;
        else {
            head[n - 1] = '\0';
            rc = rc_fmpq_parse_expr(c, head, err, errlen) ? -1 : 1;
        }
        free(head);
    }
    const char *tail = close + 1;
    while (rc == 1 && isspace((unsigned char)*tail))
        tail++;
    if (rc == 1 && *tail) {
        if (*tail != '/')
            rc = 0;
        else
            rc = rc_fmpq_parse_expr(d, tail + 1, err, errlen) ? -1 : 1;
    }
    if (rc == 1 && rc_fmpq_parse_expr(q, inner, err, errlen))
        rc = -1;
    if (rc == 1 && fmpq_sgn(q) < 0) {
        snprintf(err, errlen, "square root of a negative number");
        rc = -1;
    }
    if (rc == 1 && (fmpq_sgn(c) <= 0 || fmpq_sgn(d) <= 0)) {
        snprintf(err, errlen, "write C*sqrt(Q)/D with positive C and D");
        rc = -1;
    }
    if (rc == 1) {
        fmpq_div(c, c, d);
        fmpq_mul(c, c, c);
        fmpq_mul(q, q, c);
    }
    free(inner);
    fmpq_clear(c);
    fmpq_clear(d);
    return rc;
}

/* one end: inf, -inf, C*sqrt(Q)/D (C*, /D optional) or EXPR */
static int parse_end(rc_end_t e, char *text, rc_spec *s, const char *field)
{
    char err[200];
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        text[--n] = '\0';
    e->inf = 0;
    if (!strcmp(text, "inf") || !strcmp(text, "+inf")) {
        e->inf = 1;
        return 0;
    }
    if (!strcmp(text, "-inf")) {
        e->inf = -1;
        return 0;
    }
    fmpq_t q;
    fmpq_init(q);
    int rc = 0, form = rc_sqrt_form_parse(q, text, err, sizeof err);
    if (form < 0)
        rc = rc_spec_fail(s, field, "%s", err);
    else if (form > 0)
        rc_alg_set_sqrt_fmpq(e->x, q);
    else if (rc_fmpq_parse_expr(q, text, err, sizeof err))
        rc = rc_spec_fail(s, field, "%s", err);
    else
        rc_alg_set_fmpq(e->x, q);
    fmpq_clear(q);
    return rc;
}

int rc_spec_interval(rc_interval_t I, rc_spec *s, json_t *v, const char *field)
{
    const char *text = NULL;
    if (rc_spec_string(&text, s, v, field))
        return -1;
    size_t n = strlen(text);
    if (n < 5 || n > 512 || (text[0] != '(' && text[0] != '[') ||
        (text[n - 1] != ')' && text[n - 1] != ']'))
        return rc_spec_fail(s, field, "expected an interval such as \"(0, sqrt(5/4)]\"");
    char *buf = strdup(text + 1);
    buf[n - 2] = '\0';
    /* split at the comma outside parentheses */
    int depth = 0;
    char *comma = NULL;
    for (char *p = buf; *p; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')')
            depth--;
        else if (*p == ',' && depth == 0) {
            if (comma) {
                free(buf);
                return rc_spec_fail(s, field, "expected two ends separated by one comma");
            }
            comma = p;
        }
    }
    if (!comma) {
        free(buf);
        return rc_spec_fail(s, field, "expected two ends separated by a comma");
    }
    *comma = '\0';
    I->lo_closed = text[0] == '[';
    I->hi_closed = text[n - 1] == ']';
    int rc = parse_end(I->lo, buf, s, field) || parse_end(I->hi, comma + 1, s, field) ? -1 : 0;
    free(buf);
    if (rc)
        return -1;
    if ((I->lo->inf && I->lo_closed) || (I->hi->inf && I->hi_closed))
        return rc_spec_fail(s, field, "an infinite end must be open");
    if (I->lo->inf > 0 || I->hi->inf < 0)
        return rc_spec_fail(s, field, "the interval is empty");
    if (!I->lo->inf && !I->hi->inf) {
        int c = rc_alg_cmp(I->lo->x, I->hi->x);
        if (c > 0 || (c == 0 && !(I->lo_closed && I->hi_closed)))
            return rc_spec_fail(s, field, "the interval is empty");
    }
    return 0;
}

char *rc_interval_get_str(const rc_interval_t I)
{
    char *a = rc_end_get_str(I->lo), *b = rc_end_get_str(I->hi);
    size_t n = strlen(a) + strlen(b) + 8;
    char *out = flint_malloc(n);
    snprintf(out, n, "%c%s, %s%c", I->lo_closed ? '[' : '(', a, b, I->hi_closed ? ']' : ')');
    flint_free(a);
    flint_free(b);
    return out;
}

/* ---- key sets: every object of a spec holds only the fields its kind has --- */

/* The fields of each spec kind. Grammar: object := '{' member* '}', member :=
 * NAME [':' value], value := object | '[' value ']' (an array of them). A
 * member without a value is a leaf; the readers check types and values. */
static const struct {
    const char *kind, *schema;
} kinds[] = {
    {"yun19.sec31", "{kind description x y domain interval resnet:{v u b} printed:{r_lin "
                    "resnet_risk resnet_H table1:[{breakpoint_in constant affine bound}] "
                    "table1_mirror:[{breakpoint_in constant affine bound}]}}"},
    {"yun19.sec32", "{kind description x y blocks:[{v u b}] w c "
                    "printed:{H err_X err_H global_minimum}}"},
    {"li18.nshortcut", "{kind description d m n R X Y "
                       "activations:{pre:{derivatives} mid:{derivatives} post:{derivatives}}}"},
    {"li18.lemma1", "{kind description columns i a_new rho}"},
    {"liu19.gd", "{kind description p k w_star a_star basin_phi prec "
                 "runs:[{name why shortcut w0 a0 eta_w eta_a steps delta expect}]}"},
    {"wu19.zas", "{kind description instances:[{name widths sigma U V S_U S_V X Y}]}"},
    {"wu19.rate", "{kind description instances:[{name role d d_out L a eta Phi steps prec "
                  "exact_bits}]}"},
    {"li18.thm1", "{kind description instances:[{name X labels d_y steps_per_column "
                  "rho_for_bound}] printed:{bound6_power}}"},
    {"yun19.rademacher", "{kind description X classes:[{M width witnesses:[{eps w "
                         "blocks:[{V U}]}]}] search:{restarts iterations seed grid_bits}}"},
    {"yun19.resnet", "{kind description X y blocks:[{phi V U A a W}] w loss delta}"},
    {"yun19.resnet-set", "{kind description instances:[{name why polish spec}]}"},
    /* the built-in Theorem 4 suite: instances in the certificate's inputs form (Huber
     * loss, w solved), each then read by the yun19.resnet reader */
    {"yun19.thm4-suite", "{kind description instances:[{name X y delta blocks:[{phi V U}]}] "
                         "depth_sweep:{name X y delta c depths V U}}"},
    {"wu19.mzas", "{kind description instances:[{name loss C X labels V0 V U W depths}]}"},
    /* a user's own claims (src/claims/user_*.c); a claims file lists them,
     * each entry checked against its own kind's schema when it runs */
    {"claim.identity", "{kind id statement where f g interval}"},
    {"claim.inequality", "{kind id statement where f op g interval domain}"},
    {"claim.rounding", "{kind id statement where value rho printed mode}"},
    {"claims", "{kind paper description claims}"},
    /* generic claims (docs/specs.md "Your own claims") */
    {"claim.lsq", "{kind id statement where x y fit risk printed:{risk params}}"},
    {"claim.matrix", "{kind id statement where matrix digits printed:{charpoly rank "
                     "inertia:{positive zero negative} definiteness eigenvalues tolerance}}"},
};

/* past the value at p ('{...}' or '[...]') */
static const char *skip_value(const char *p)
{
    int depth = 0;
    do {
        depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
        p++;
    } while (depth > 0);
    return p;
}

/* calls f on each member NAME of the object schema at p ('{'), with a
 * pointer to its ':' (or past its name); stops when f returns nonzero */
static int each_member(const char *p, int (*f)(const char *name, size_t len, const char *after,
                                               void *arg), void *arg)
{
    for (p++; *p && *p != '}';) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " :}");
        const char *after = p + len;
        int rc = len ? f(p, len, after, arg) : 0;
        if (rc)
            return rc;
        p = *after == ':' ? skip_value(after + 1) : after;
    }
    return 0;
}

typedef struct {
    const char *key;
    const char *found;   /* the member's ':' or end, when found */
    const char *nearest; /* a name a typo away, for the message */
    size_t nearest_len;
} lookup;

/* edit distance of a and b (lengths below 64), capped at 3 */
static int near(const char *a, size_t na, const char *b, size_t nb)
{
    if (na >= 64 || nb >= 64 || (na > nb ? na - nb : nb - na) > 2)
        return 3;
    int d[64][64];
    for (size_t i = 0; i <= na; i++)
        for (size_t j = 0; j <= nb; j++)
            d[i][j] = !i || !j ? (int)(i + j)
                               : FLINT_MIN(FLINT_MIN(d[i - 1][j] + 1, d[i][j - 1] + 1),
                                           d[i - 1][j - 1] + (a[i - 1] != b[j - 1]));
    return FLINT_MIN(d[na][nb], 3);
}

static int match(const char *name, size_t len, const char *after, void *arg)
{
    lookup *l = arg;
    size_t n = strlen(l->key);
    if (n == len && !strncmp(name, l->key, len)) {
        l->found = after;
        return 1;
    }
    /* a suggestion only where a slip is plausible: not between "v" and "w" */
    int allowed = n >= 6 ? 2 : n >= 3 ? 1 : 0;
    if (!l->nearest && near(name, len, l->key, n) <= allowed) {
        l->nearest = name;
        l->nearest_len = len;
    }
    return 0;
}

/* v against the schema value at p; field names v in messages */
static int check_value(rc_spec *s, const char *p, json_t *v, const char *field)
{
    char sub[200];
    if (*p == '[') {
        for (size_t i = 0; json_is_array(v) && i < json_array_size(v); i++) {
            snprintf(sub, sizeof sub, "%s[%zu]", field, i);
            if (check_value(s, p + 1, json_array_get(v, i), sub))
                return -1;
        }
        return 0;
    }
    const char *key;
    json_t *val;
    json_object_foreach(json_is_object(v) ? v : NULL, key, val) {
        lookup l = {key, NULL, NULL, 0};
        each_member(p, match, &l);
        snprintf(sub, sizeof sub, "%s%s%.80s", field, *field ? "." : "", key);
        if (!l.found && l.nearest)
            return rc_spec_fail(s, sub, "unknown field (did you mean \"%.*s\"?)",
                                (int)l.nearest_len, l.nearest);
        if (!l.found)
            return rc_spec_fail(s, sub, "unknown field");
        if (*l.found == ':' && check_value(s, l.found + 1, val, sub))
            return -1;
    }
    return 0;
}

int rc_spec_check_kind(rc_spec *s, const char *kind)
{
    const char *k = NULL;
    if (rc_spec_string(&k, s, rc_spec_get(s, s->root, "kind", "kind", 1), "kind"))
        return -1;
    if (strcmp(k, kind))
        return rc_spec_fail(s, "kind", "is \"%.80s\", this claim reads \"%s\" specs", k, kind);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i].kind, kind))
            return check_value(s, kinds[i].schema, s->root, "");
    return rc_spec_fail(s, "kind", "no schema for \"%s\"", kind);
}
