/* Parsing and printing of rationals and rational functions of rho. */
#include "rescheck/qrho.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpz_poly_factor.h>

typedef struct {
    const char *s;
    size_t pos;
    char *err;
    size_t errlen;
    int failed;
} parser_t;

static void fail(parser_t *p, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
}

static void skip_space(parser_t *p)
{
    while (isspace((unsigned char)p->s[p->pos]))
        p->pos++;
}

static int accept(parser_t *p, const char *tok)
{
    skip_space(p);
    size_t n = strlen(tok);
    if (strncmp(p->s + p->pos, tok, n) == 0) {
        p->pos += n;
        return 1;
    }
    return 0;
}

static void parse_expr(parser_t *p, fmpz_poly_q_t out);

/* digits[.digits] read exactly as a rational. */
static void parse_number(parser_t *p, fmpz_poly_q_t out)
{
    const char *start = p->s + p->pos;
    size_t ndig = 0, nfrac = 0;
    int seen_point = 0;
    char buf[2 * RC_MAX_LITERAL_DIGITS + 4];
    size_t blen = 0;
    while (isdigit((unsigned char)p->s[p->pos]) || (p->s[p->pos] == '.' && !seen_point)) {
        char c = p->s[p->pos++];
        if (c == '.') {
            seen_point = 1;
            continue;
        }
        ndig++;
        if (seen_point)
            nfrac++;
        if (ndig > RC_MAX_LITERAL_DIGITS) {
            fail(p, "number longer than %d digits", RC_MAX_LITERAL_DIGITS);
            return;
        }
        buf[blen++] = c;
    }
    buf[blen] = '\0';
    if (ndig == 0) {
        fail(p, "expected a number at \"%.12s\"", start);
        return;
    }
    fmpz_t num, den;
    fmpz_init(num);
    fmpz_init(den);
    fmpz_set_str(num, buf, 10);
    fmpz_set_ui(den, 10);
    fmpz_pow_ui(den, den, nfrac);
    fmpz_poly_q_zero(out);
    fmpz_poly_set_fmpz(out->num, num);
    fmpz_poly_set_fmpz(out->den, den);
    fmpz_poly_q_canonicalise(out);
    fmpz_clear(num);
    fmpz_clear(den);
}

static void parse_atom(parser_t *p, fmpz_poly_q_t out)
{
    skip_space(p);
    if (accept(p, "(")) {
        parse_expr(p, out);
        if (!p->failed && !accept(p, ")"))
            fail(p, "missing ')'");
        return;
    }
    if (accept(p, "rho") || accept(p, "\xcf\x81")) {
        fmpz_poly_q_zero(out);
        fmpz_poly_set_coeff_si(out->num, 1, 1);
        return;
    }
    char c = p->s[p->pos];
    if (isdigit((unsigned char)c) || c == '.') {
        parse_number(p, out);
        return;
    }
    if (c == '\0')
        fail(p, "unexpected end of expression");
    else
        fail(p, "unexpected character '%c'", c);
}

static void parse_power(parser_t *p, fmpz_poly_q_t out)
{
    parse_atom(p, out);
    if (p->failed)
        return;
    if (accept(p, "^") || accept(p, "**")) {
        skip_space(p);
        char *end;
        long e = strtol(p->s + p->pos, &end, 10);
        if (end == p->s + p->pos || e < 0 || e > RC_MAX_EXPONENT) {
            fail(p, "exponent must be an integer from 0 to %d", RC_MAX_EXPONENT);
            return;
        }
        p->pos = (size_t)(end - p->s);
        fmpz_poly_q_pow(out, out, (ulong)e);
    }
}

static void parse_unary(parser_t *p, fmpz_poly_q_t out)
{
    if (accept(p, "-")) {
        parse_unary(p, out);
        fmpz_poly_q_neg(out, out);
    } else if (accept(p, "+")) {
        parse_unary(p, out);
    } else {
        parse_power(p, out);
    }
}

static void parse_term(parser_t *p, fmpz_poly_q_t out)
{
    fmpz_poly_q_t rhs;
    fmpz_poly_q_init(rhs);
    parse_unary(p, out);
    while (!p->failed) {
        if (accept(p, "*")) {
            parse_unary(p, rhs);
            fmpz_poly_q_mul(out, out, rhs);
        } else if (accept(p, "/")) {
            parse_unary(p, rhs);
            if (p->failed)
                break;
            if (fmpz_poly_q_is_zero(rhs)) {
                fail(p, "division by zero");
                break;
            }
            fmpz_poly_q_div(out, out, rhs);
        } else {
            break;
        }
    }
    fmpz_poly_q_clear(rhs);
}

static void parse_expr(parser_t *p, fmpz_poly_q_t out)
{
    fmpz_poly_q_t rhs;
    fmpz_poly_q_init(rhs);
    parse_term(p, out);
    while (!p->failed) {
        if (accept(p, "+")) {
            parse_term(p, rhs);
            fmpz_poly_q_add(out, out, rhs);
        } else if (accept(p, "-")) {
            parse_term(p, rhs);
            fmpz_poly_q_sub(out, out, rhs);
        } else {
            break;
        }
    }
    fmpz_poly_q_clear(rhs);
}

int rc_qrho_parse(fmpz_poly_q_t out, const char *text, char *err, size_t errlen)
{
    parser_t p = {text, 0, err, errlen, 0};
    if (strlen(text) > RC_MAX_EXPR_CHARS) {
        snprintf(err, errlen, "expression longer than %d characters", RC_MAX_EXPR_CHARS);
        return -1;
    }
    parse_expr(&p, out);
    skip_space(&p);
    if (!p.failed && p.s[p.pos] != '\0')
        fail(&p, "unexpected \"%.12s\"", p.s + p.pos);
    return p.failed ? -1 : 0;
}

int rc_fmpq_parse_expr(fmpq_t out, const char *text, char *err, size_t errlen)
{
    fmpz_poly_q_t f;
    fmpz_poly_q_init(f);
    int rc = rc_qrho_parse(f, text, err, errlen);
    if (rc == 0 && !rc_qrho_get_fmpq(out, f)) {
        snprintf(err, errlen, "expected a number, got an expression in rho");
        rc = -1;
    }
    fmpz_poly_q_clear(f);
    return rc;
}

int rc_fmpq_parse(fmpq_t out, const char *text, char *err, size_t errlen)
{
    /* A plain number: optional sign, digits, optional .digits or /digits. */
    const char *s = text;
    if (*s == '-' || *s == '+')
        s++;
    if (!isdigit((unsigned char)*s) && *s != '.') {
        snprintf(err, errlen, "not a number: \"%.24s\"", text);
        return -1;
    }
    for (const char *t = s; *t; t++) {
        if (!isdigit((unsigned char)*t) && *t != '.' && *t != '/') {
            snprintf(err, errlen, "not a number: \"%.24s\"", text);
            return -1;
        }
    }
    return rc_fmpq_parse_expr(out, text, err, errlen);
}

char *rc_fmpq_get_str(const fmpq_t x)
{
    return fmpq_get_str(NULL, 10, x);
}

char *rc_fmpq_vec_str(const fmpq *v, slong n, const char *open, const char *close)
{
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    fputs(open, f);
    for (slong i = 0; i < n; i++) {
        char *e = rc_fmpq_get_str(v + i);
        fprintf(f, "%s%s", i ? ", " : "", e);
        flint_free(e);
    }
    fputs(close, f);
    fclose(f);
    return buf;
}

char *rc_qrho_vec_str(const fmpz_poly_q_struct *v, slong n)
{
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    fputc('[', f);
    for (slong i = 0; i < n; i++) {
        char *e = rc_qrho_get_str(v + i);
        fprintf(f, "%s%s", i ? ", " : "", e);
        flint_free(e);
    }
    fputc(']', f);
    fclose(f);
    return buf;
}

int rc_qrho_is_affine(const fmpz_poly_q_t f)
{
    return fmpz_poly_degree(f->den) == 0 && fmpz_poly_degree(f->num) <= 1;
}

void rc_qrho_set_fmpq(fmpz_poly_q_t f, const fmpq_t x)
{
    fmpz_poly_set_fmpz(f->num, fmpq_numref(x));
    fmpz_poly_set_fmpz(f->den, fmpq_denref(x));
    fmpz_poly_q_canonicalise(f);
}

int rc_qrho_get_fmpq(fmpq_t x, const fmpz_poly_q_t f)
{
    if (fmpz_poly_degree(f->num) > 0 || fmpz_poly_degree(f->den) > 0)
        return 0;
    if (fmpz_poly_is_zero(f->num)) {
        fmpq_zero(x);
        return 1;
    }
    fmpq_set_fmpz_frac(x, f->num->coeffs, f->den->coeffs);
    return 1;
}

/* Growing string buffer for the printers. */
typedef struct {
    char *s;
    size_t len, cap;
} sbuf_t;

static void sb_cat(sbuf_t *b, const char *t)
{
    size_t n = strlen(t);
    if (b->len + n + 1 > b->cap) {
        b->cap = 2 * (b->len + n + 1);
        b->s = flint_realloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, t, n + 1);
    b->len += n;
}

static void sb_cat_fmpz(sbuf_t *b, const fmpz_t z)
{
    char *t = fmpz_get_str(NULL, 10, z);
    sb_cat(b, t);
    flint_free(t);
}

char *rc_fmpz_poly_get_str(const fmpz_poly_t p)
{
    sbuf_t b = {NULL, 0, 0};
    sb_cat(&b, "");
    slong d = fmpz_poly_degree(p);
    if (d < 0) {
        sb_cat(&b, "0");
        return b.s;
    }
    int first = 1;
    fmpz_t c;
    fmpz_init(c);
    for (slong i = d; i >= 0; i--) {
        fmpz_poly_get_coeff_fmpz(c, p, i);
        if (fmpz_is_zero(c))
            continue;
        if (fmpz_sgn(c) < 0) {
            sb_cat(&b, "-");
            fmpz_neg(c, c);
        } else if (!first) {
            sb_cat(&b, "+");
        }
        if (i == 0 || !fmpz_is_one(c)) {
            sb_cat_fmpz(&b, c);
            if (i > 0)
                sb_cat(&b, "*");
        }
        if (i >= 1)
            sb_cat(&b, "rho");
        if (i >= 2) {
            char e[24];
            snprintf(e, sizeof e, "^%ld", (long)i);
            sb_cat(&b, e);
        }
        first = 0;
    }
    fmpz_clear(c);
    return b.s;
}

/* Appends the non-constant factors of a primitive polynomial, each wrapped
 * in parentheses when it has more than one term; returns how many it wrote. */
static int cat_factors(sbuf_t *b, const fmpz_poly_factor_t fac)
{
    int written = 0;
    for (slong i = 0; i < fac->num; i++) {
        const fmpz_poly_struct *f = fac->p + i;
        int monomial = fmpz_poly_degree(f) == 1 && fmpz_is_zero(f->coeffs);
        if (written)
            sb_cat(b, "*");
        char *t = rc_fmpz_poly_get_str(f);
        if (!monomial)
            sb_cat(b, "(");
        sb_cat(b, t);
        if (!monomial)
            sb_cat(b, ")");
        flint_free(t);
        if (fac->exp[i] > 1) {
            char e[24];
            snprintf(e, sizeof e, "^%ld", (long)fac->exp[i]);
            sb_cat(b, e);
        }
        written++;
    }
    return written;
}

static int poly_terms(const fmpz_poly_t p)
{
    int n = 0;
    for (slong i = 0; i < fmpz_poly_length(p); i++)
        n += !fmpz_is_zero(p->coeffs + i);
    return n;
}

/* Numerator as content times its irreducible factors, denominator expanded:
 * the form papers print, e.g. rho^2*(12*rho^2+82*rho+215)/(21*rho^2+156*rho+420). */
char *rc_qrho_get_str(const fmpz_poly_q_t f)
{
    sbuf_t b = {NULL, 0, 0};
    sb_cat(&b, "");
    if (fmpz_poly_q_is_zero(f)) {
        sb_cat(&b, "0");
        return b.s;
    }
    fmpz_poly_factor_t nf;
    fmpz_poly_factor_init(nf);
    fmpz_poly_factor(nf, f->num);
    if (nf->num == 0) {
        sb_cat_fmpz(&b, &nf->c);
    } else {
        if (fmpz_equal_si(&nf->c, -1)) {
            sb_cat(&b, "-");
        } else if (!fmpz_is_one(&nf->c)) {
            sb_cat_fmpz(&b, &nf->c);
            sb_cat(&b, "*");
        }
        /* a lone factor needs no parentheses */
        int lone = nf->num == 1 && nf->exp[0] == 1 && fmpz_is_one(&nf->c);
        if (lone) {
            char *t = rc_fmpz_poly_get_str(nf->p);
            int wrap = !fmpz_poly_is_one(f->den) && poly_terms(nf->p) > 1;
            sb_cat(&b, wrap ? "(" : "");
            sb_cat(&b, t);
            sb_cat(&b, wrap ? ")" : "");
            flint_free(t);
        } else {
            cat_factors(&b, nf);
        }
    }
    if (!fmpz_poly_is_one(f->den)) {
        char *d = rc_fmpz_poly_get_str(f->den);
        int wrap = poly_terms(f->den) > 1 || fmpz_poly_degree(f->den) > 0;
        sb_cat(&b, wrap ? "/(" : "/");
        sb_cat(&b, d);
        if (wrap)
            sb_cat(&b, ")");
        flint_free(d);
    }
    fmpz_poly_factor_clear(nf);
    return b.s;
}

/* one end of an interval label: -1 / +1 for -inf / inf, else 0 with q set */
static int label_end(fmpq_t q, int *inf, const char *text, size_t len, char *err, size_t errlen)
{
    while (len && isspace((unsigned char)*text))
        text++, len--;
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    char buf[RC_MAX_EXPR_CHARS + 1];
    if (len > RC_MAX_EXPR_CHARS) {
        snprintf(err, errlen, "an end longer than %d characters", RC_MAX_EXPR_CHARS);
        return -1;
    }
    memcpy(buf, text, len);
    buf[len] = '\0';
    *inf = !strcmp(buf, "-inf") ? -1 : !strcmp(buf, "inf") || !strcmp(buf, "+inf") ? 1 : 0;
    return *inf ? 0 : rc_fmpq_parse_expr(q, buf, err, errlen);
}

int rc_interval_text_equal(const char *text, const fmpq *lo, int lo_closed, const fmpq *hi,
                           int hi_closed, char *err, size_t errlen)
{
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    while (n && isspace((unsigned char)*text))
        text++, n--;
    const char *comma = n > 2 ? memchr(text, ',', n) : NULL;
    if (!comma || (*text != '(' && *text != '[') || (text[n - 1] != ')' && text[n - 1] != ']') ||
        memchr(comma + 1, ',', (size_t)(text + n - comma - 1))) {
        snprintf(err, errlen, "expected an interval such as \"[1, 2)\" or \"(-inf, 0)\"");
        return -1;
    }
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    int a_inf, b_inf, same = -1;
    if (!label_end(a, &a_inf, text + 1, (size_t)(comma - text - 1), err, errlen) &&
        !label_end(b, &b_inf, comma + 1, (size_t)(text + n - 1 - comma - 1), err, errlen)) {
        same = (*text == '[') == lo_closed && (text[n - 1] == ']') == hi_closed &&
               (lo ? !a_inf && fmpq_equal(a, lo) : a_inf < 0) &&
               (hi ? !b_inf && fmpq_equal(b, hi) : b_inf > 0);
    }
    fmpq_clear(a);
    fmpq_clear(b);
    return same;
}

int rc_decimal_places(const char *text)
{
    const char *dot = strchr(text, '.');
    if (!dot)
        return 0;
    const char *s = text + (*text == '-');
    size_t whole = strspn(s, "0123456789"), frac = strspn(dot + 1, "0123456789");
    return whole > 0 && s + whole == dot && frac > 0 && dot[1 + frac] == '\0' ? (int)frac : -1;
}
