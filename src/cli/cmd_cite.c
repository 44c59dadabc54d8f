/* rescheck cite: LaTeX macros (and plain-text footnotes) for a paper that
 * cites certificates. Each certificate is hostile input: it is read once,
 * bounded by the certificate size limit, checked by the checker on those
 * bytes, and only a valid one is cited. Values are found by walking the
 * certificate's "results" generically (docs/citing.md), so new result keys
 * and new claim kinds appear without a change here. */
#include "cmd_cite.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <flint/fmpq.h>
#include <flint/fmpz.h>
#include <flint/fmpz_poly.h>
#include <flint/fmpz_poly_q.h>

#include "rescheck/alg.h"
#include "rescheck/cert.h"
#include "rescheck/check.h"
#include "rescheck/claims.h"
#include "rescheck/limits.h"
#include "rescheck/origin.h"
#include "rescheck/version.h"

/* Short names for the values a paper names, one table for all claim kinds:
 * claim ID (or user claim kind), alias, JSON path in "results". An alias
 * whose path a certificate lacks is not defined for it, nor one that is
 * itself a key of the certificate (the path wins). docs/citing.md lists
 * this table; the cite test compares the two. */
typedef struct {
    const char *claim, *alias, *path;
} cite_alias;

static const cite_alias cite_aliases[] = {
    {"yun19.rlin", "R_lin", "r_lin"},
    {"yun19.table1", "R_lin", "r_lin"},
    {"yun19.table1-mirror", "R_lin", "r_lin"},
    {"yun19.prop1", "R_lin", "r_lin"},
    {"yun19.prop1", "R2", "resnet.risk"},
    {"yun19.prop1", "w", "resnet.w"},
    {"yun19.prop1", "c", "resnet.c"},
    {"yun19.prop1", "R_const", "constant_net.risk"},
    {"yun19.prop1", "rho_bound", "resnet.risk_minus_r_lin.interval.hi"},
    {"yun19.prop1", "rho_max", "resnet.risk_minus_r_lin.sign_table.roots.0"},
    {"yun19.nonmono", "R", "risk"},
    {"yun19.thm5", "B2", "B_squared"},
};

enum { KEY_MAX = 256 };

typedef struct {
    char *key, *tex;
} cite_value;

typedef struct {
    const char *file;
    char name[KEY_MAX];
    char claim[128];
    char sha256[65];
    char inputs_sha256[65];
    const char *verdict; /* the checker's word */
    char *claim_text;    /* plain UTF-8 */
    char *data_phrase;
    cite_value *v;
    size_t n, cap;
    int skipped; /* result keys that cannot be a macro name */
} cite_cert;

static const char *prog = "rescheck cite";

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(RC_EXIT_INPUT);
    }
    return s;
}

static void add_value(cite_cert *c, const char *key, char *tex)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = (cite_value){strdup(key), tex};
}

/* ---- typesetting ---- */

/* a*VAR^i, the sign written by the caller; first: no leading '+' */
static void term_tex(FILE *f, const fmpz_t a, slong i, const char *var, int first)
{
    if (fmpz_sgn(a) < 0)
        fputc('-', f);
    else if (!first)
        fputc('+', f);
    fmpz_t m;
    fmpz_init(m);
    fmpz_abs(m, a);
    if (i == 0 || !fmpz_is_one(m))
        fmpz_fprint(f, m);
    fmpz_clear(m);
    if (i == 1)
        fputs(var, f);
    else if (i > 1)
        fprintf(f, i < 10 ? "%s^%ld" : "%s^{%ld}", var, (long)i);
}

/* descending powers, e.g. 12\rho^2+82\rho+215 */
static void poly_tex(FILE *f, const fmpz_poly_t p, const char *var)
{
    int first = 1;
    for (slong i = fmpz_poly_degree(p); i >= 0; i--) {
        if (fmpz_is_zero(p->coeffs + i))
            continue;
        term_tex(f, p->coeffs + i, i, var, first);
        first = 0;
    }
    if (first)
        fputc('0', f);
}

static void fmpz_frac_tex(FILE *f, const fmpz_t num, const fmpz_t den)
{
    if (fmpz_is_one(den)) {
        fmpz_fprint(f, num);
        return;
    }
    fmpz_t a;
    fmpz_init(a);
    fmpz_abs(a, num);
    fputs(fmpz_sgn(num) < 0 ? "-\\frac{" : "\\frac{", f);
    fmpz_fprint(f, a);
    fputs("}{", f);
    fmpz_fprint(f, den);
    fputc('}', f);
    fmpz_clear(a);
}

static void fmpq_tex(FILE *f, const fmpq_t q)
{
    fmpz_frac_tex(f, fmpq_numref(q), fmpq_denref(q));
}

/* A rational function of rho: the numerator as c rho^k (P), c its content
 * with the sign of its leading coefficient, as the papers print it; the
 * denominator expanded. */
static void qrho_tex(FILE *f, const fmpz_poly_q_t q)
{
    const fmpz_poly_struct *num = q->num, *den = q->den;
    if (fmpz_poly_is_zero(num)) {
        fputc('0', f);
        return;
    }
    slong k = 0;
    while (fmpz_is_zero(num->coeffs + k))
        k++;
    fmpz_t c;
    fmpz_poly_t P;
    fmpz_init(c);
    fmpz_poly_init(P);
    fmpz_poly_content(c, num);
    if (fmpz_sgn(fmpz_poly_lead(num)) < 0)
        fmpz_neg(c, c);
    fmpz_poly_shift_right(P, num, k);
    fmpz_poly_scalar_divexact_fmpz(P, P, c);
    int neg = fmpz_sgn(c) < 0, pone = fmpz_poly_is_one(P);
    fmpz_abs(c, c);
    int cone = fmpz_is_one(c), has_den = !fmpz_poly_is_one(den);
    if (neg)
        fputc('-', f);
    if (has_den)
        fputs("\\frac{", f);
    if (!cone || (k == 0 && pone))
        fmpz_fprint(f, c);
    if (k == 1)
        fputs("\\rho", f);
    else if (k > 1)
        fprintf(f, k < 10 ? "\\rho^%ld" : "\\rho^{%ld}", (long)k);
    if (!pone) {
        int paren = !cone || k > 0;
        fputs(paren ? "(" : "", f);
        poly_tex(f, P, "\\rho");
        fputs(paren ? ")" : "", f);
    }
    if (has_den) {
        fputs("}{", f);
        poly_tex(f, den, "\\rho");
        fputc('}', f);
    }
    fmpz_clear(c);
    fmpz_poly_clear(P);
}

/* The root of p in [lo, hi]: rational for degree 1 or a square
 * discriminant, (B +- K sqrt(r))/T for an irrational quadratic, else the
 * polynomial and the interval. -1 when [lo, hi] does not isolate a root (a
 * certificate the checker accepted never has that; kept as a guard). */
static int alg_tex(FILE *f, const fmpz_poly_t p0, const fmpq_t lo, const fmpq_t hi)
{
    slong d = fmpz_poly_degree(p0);
    if (d < 1 || fmpq_cmp(lo, hi) > 0)
        return -1;
    fmpz_poly_t p;
    fmpz_poly_init(p);
    if (fmpz_sgn(fmpz_poly_lead(p0)) < 0)
        fmpz_poly_neg(p, p0);
    else
        fmpz_poly_set(p, p0);
    int rc = 0;
    fmpq_t vlo, vhi;
    fmpq_init(vlo);
    fmpq_init(vhi);
    fmpz_poly_evaluate_fmpq(vlo, p, lo);
    fmpz_poly_evaluate_fmpq(vhi, p, hi);
    if (d == 1) {
        fmpz_t m;
        fmpz_init(m);
        fmpz_neg(m, p->coeffs + 0);
        fmpq_t r;
        fmpq_init(r);
        fmpq_set_fmpz_frac(r, m, p->coeffs + 1);
        if (fmpq_cmp(r, lo) < 0 || fmpq_cmp(r, hi) > 0)
            rc = -1;
        else
            fmpq_tex(f, r);
        fmpq_clear(r);
        fmpz_clear(m);
    } else if (fmpq_is_zero(vlo) || fmpq_is_zero(vhi) ||
               fmpq_sgn(vlo) == fmpq_sgn(vhi)) {
        /* an end is a root, or no sign change: not an isolating interval of
           a squarefree polynomial (every valid certificate's is) */
        rc = -1;
    } else if (d == 2) {
        fmpz_t A, B, C, disc, k, r, g, t;
        fmpz_init(A); fmpz_init(B); fmpz_init(C); fmpz_init(disc);
        fmpz_init(k); fmpz_init(r); fmpz_init(g); fmpz_init(t);
        fmpz_set(A, p->coeffs + 2);
        fmpz_set(B, p->coeffs + 1);
        fmpz_set(C, p->coeffs + 0);
        fmpz_mul(disc, B, B);
        fmpz_mul(t, A, C);
        fmpz_submul_ui(disc, t, 4);
        /* A > 0 and p changes sign on [lo, hi]: the larger root iff p(hi) > 0 */
        int plus = fmpq_sgn(vhi) > 0;
        fmpz_mul_2exp(t, A, 1);
        if (fmpz_is_square(disc)) {
            fmpz_sqrt(k, disc);
            if (!plus)
                fmpz_neg(k, k);
            fmpz_sub(k, k, B);
            fmpq_t q;
            fmpq_init(q);
            fmpq_set_fmpz_frac(q, k, t);
            fmpq_tex(f, q);
            fmpq_clear(q);
        } else {
            rc_fmpz_sqrt_split(k, r, disc);
            fmpz_gcd(g, B, k);
            fmpz_gcd(g, g, t);
            fmpz_neg(B, B);
            fmpz_divexact(B, B, g);
            fmpz_divexact(k, k, g);
            fmpz_divexact(t, t, g);
            int has_den = !fmpz_is_one(t), has_b = !fmpz_is_zero(B);
            if (!has_b && !plus)
                fputc('-', f);
            if (has_den)
                fputs("\\frac{", f);
            if (has_b) {
                fmpz_fprint(f, B);
                fputc(plus ? '+' : '-', f);
            }
            if (!fmpz_is_one(k))
                fmpz_fprint(f, k);
            fputs("\\sqrt{", f);
            fmpz_fprint(f, r);
            fputc('}', f);
            if (has_den) {
                fputs("}{", f);
                fmpz_fprint(f, t);
                fputc('}', f);
            }
        }
        fmpz_clear(A); fmpz_clear(B); fmpz_clear(C); fmpz_clear(disc);
        fmpz_clear(k); fmpz_clear(r); fmpz_clear(g); fmpz_clear(t);
    } else {
        fputs("\\mbox{the root of }", f);
        poly_tex(f, p, "x");
        fputs("\\mbox{ in }\\left[", f);
        fmpq_tex(f, lo);
        fputs(",", f);
        fmpq_tex(f, hi);
        fputs("\\right]", f);
    }
    fmpq_clear(vlo);
    fmpq_clear(vhi);
    fmpz_poly_clear(p);
    return rc;
}

/* ---- walking the results ---- */

typedef struct {
    char *buf;
    size_t len;
    FILE *f;
} membuf;

static void mb_open(membuf *m)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
}

static char *mb_close(membuf *m)
{
    fclose(m->f);
    return m->buf;
}

/* -?(0|[1-9][0-9]*)(/[1-9][0-9]*)?: the certificate's canonical rationals */
static int is_rational_str(const char *s)
{
    const char *p = s + (*s == '-');
    if (*p == '0')
        return p[1] == '\0' && s == p;
    if (*p < '1' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '\0')
        return 1;
    if (*p != '/' || p[1] < '1' || p[1] > '9')
        return 0;
    for (p++; *p >= '0' && *p <= '9'; p++)
        ;
    return *p == '\0';
}

/* a path component usable inside \csname and on a command line */
static int key_ok(const char *k)
{
    if (!*k || strlen(k) > 64)
        return 0;
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '+'))
            return 0;
    return 1;
}

static int value_alg(cite_cert *c, const char *path, const json_t *poly, const json_t *lo,
                     const json_t *hi, char *err, size_t errlen)
{
    fmpz_poly_t p;
    fmpq_t a, b;
    fmpz_poly_init(p);
    fmpq_init(a);
    fmpq_init(b);
    int rc = rc_json_get_poly(p, poly, err, errlen) || rc_json_get_fmpq(a, lo, err, errlen) ||
             rc_json_get_fmpq(b, hi, err, errlen);
    if (!rc) {
        membuf m;
        mb_open(&m);
        rc = alg_tex(m.f, p, a, b);
        char *tex = mb_close(&m);
        if (rc) {
            snprintf(err, errlen, "not an isolating interval of its polynomial");
            free(tex);
        } else {
            add_value(c, path, tex);
        }
    }
    fmpz_poly_clear(p);
    fmpq_clear(a);
    fmpq_clear(b);
    return rc ? -1 : 0;
}

static int walk(cite_cert *c, const json_t *j, char *path, size_t plen, char *err, size_t errlen);

/* A coefficient array (constant term first, canonical integers, no trailing
 * zero) under a member named poly or charpoly, or with _poly / charpoly_ in
 * its name: also a value as a whole, the polynomial in x. */
static int poly_array(const json_t *j, const char *path, size_t plen)
{
    const char *last = path;
    for (size_t i = 0; i < plen; i++)
        if (path[i] == '.')
            last = path + i + 1;
    if (strcmp(last, "poly") && strcmp(last, "charpoly") && !strstr(last, "_poly") &&
        strncmp(last, "charpoly_", 9))
        return 0;
    size_t i, n = json_array_size(j);
    const json_t *v;
    json_array_foreach(j, i, v) {
        const char *t = json_string_value(v);
        if (!t || !is_rational_str(t) || strchr(t, '/') || (i + 1 == n && !strcmp(t, "0")))
            return 0;
    }
    return n > 0;
}

static int walk_child(cite_cert *c, const json_t *j, char *path, size_t plen, const char *comp,
                      char *err, size_t errlen)
{
    if (!key_ok(comp) || plen + 1 + strlen(comp) >= KEY_MAX) {
        c->skipped++;
        return 0;
    }
    size_t n = plen ? (size_t)snprintf(path + plen, KEY_MAX - plen, ".%s", comp)
                    : (size_t)snprintf(path, KEY_MAX, "%s", comp);
    int rc = walk(c, j, path, plen + n, err, errlen);
    path[plen] = '\0';
    return rc;
}

/* A sign table's roots: root i is the root of factors[roots[i].factor] in
 * [lo, hi]; each is a value at PATH.roots.i. */
static int walk_roots(cite_cert *c, const json_t *t, char *path, size_t plen, char *err,
                      size_t errlen)
{
    const json_t *factors = json_object_get(t, "factors"), *roots = json_object_get(t, "roots");
    size_t i;
    const json_t *r;
    json_array_foreach(roots, i, r) {
        const json_t *fi = json_object_get(r, "factor");
        const json_t *fac = json_is_integer(fi) && json_integer_value(fi) >= 0
                                ? json_array_get(factors, (size_t)json_integer_value(fi))
                                : NULL;
        if (!fac || !json_object_get(fac, "poly"))
            continue;
        char comp[32];
        snprintf(comp, sizeof comp, "%zu", i);
        size_t n = (size_t)snprintf(path + plen, KEY_MAX - plen, ".roots.%s", comp);
        if (plen + n >= KEY_MAX) {
            path[plen] = '\0';
            c->skipped++;
            continue;
        }
        int rc = value_alg(c, path, json_object_get(fac, "poly"), json_object_get(r, "lo"),
                           json_object_get(r, "hi"), err, errlen);
        path[plen] = '\0';
        if (rc) {
            char where[KEY_MAX + 32];
            snprintf(where, sizeof where, "%s.roots.%zu: %s", path, i, err);
            snprintf(err, errlen, "%s", where);
            return -1;
        }
    }
    return 0;
}

static int walk(cite_cert *c, const json_t *j, char *path, size_t plen, char *err, size_t errlen)
{
    if (json_is_object(j)) {
        const json_t *num = json_object_get(j, "num"), *den = json_object_get(j, "den");
        if (json_object_size(j) == 2 && json_is_array(num) && json_is_array(den)) {
            fmpz_poly_q_t q;
            fmpz_poly_q_init(q);
            int rc = rc_json_get_qrho(q, j, err, errlen);
            if (!rc) {
                membuf m;
                mb_open(&m);
                qrho_tex(m.f, q);
                add_value(c, path, mb_close(&m));
            }
            fmpz_poly_q_clear(q);
            if (rc) {
                char e2[KEY_MAX + 64];
                snprintf(e2, sizeof e2, "%s: %s", path, err);
                snprintf(err, errlen, "%s", e2);
            }
            return rc;
        }
        const json_t *poly = json_object_get(j, "poly"), *lo = json_object_get(j, "lo"),
                     *hi = json_object_get(j, "hi");
        if (json_is_array(poly) && json_is_string(lo) && json_is_string(hi) &&
            is_rational_str(json_string_value(lo)) && is_rational_str(json_string_value(hi))) {
            if (value_alg(c, path, poly, lo, hi, err, errlen)) {
                char e2[KEY_MAX + 64];
                snprintf(e2, sizeof e2, "%s: %s", path, err);
                snprintf(err, errlen, "%s", e2);
                return -1;
            }
            return 0;
        }
        int table = json_is_array(json_object_get(j, "factors")) &&
                    json_is_array(json_object_get(j, "roots"));
        if (table && walk_roots(c, j, path, plen, err, errlen))
            return -1;
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)j, k, v) {
            if (table && !strcmp(k, "roots"))
                continue;
            if (walk_child(c, v, path, plen, k, err, errlen))
                return -1;
        }
        return 0;
    }
    if (json_is_array(j)) {
        if (poly_array(j, path, plen)) {
            fmpz_poly_t p;
            fmpz_poly_init(p);
            if (!rc_json_get_poly(p, j, err, errlen)) {
                membuf m;
                mb_open(&m);
                poly_tex(m.f, p, "x");
                add_value(c, path, mb_close(&m));
            }
            fmpz_poly_clear(p);
        }
        size_t i;
        const json_t *v;
        json_array_foreach(j, i, v) {
            char comp[32];
            snprintf(comp, sizeof comp, "%zu", i);
            if (walk_child(c, v, path, plen, comp, err, errlen))
                return -1;
        }
        return 0;
    }
    if (json_is_string(j) && is_rational_str(json_string_value(j))) {
        fmpq_t q;
        fmpq_init(q);
        if (rc_json_get_fmpq(q, j, err, errlen)) {
            fmpq_clear(q);
            return -1;
        }
        membuf m;
        mb_open(&m);
        fmpq_tex(m.f, q);
        add_value(c, path, mb_close(&m));
        fmpq_clear(q);
        return 0;
    }
    if (json_is_integer(j))
        add_value(c, path, xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(j)));
    return 0; /* booleans, null, words, decimal enclosures: not exact values */
}

/* ---- reading a certificate ---- */

static const char *outcome_word(rc_check_outcome o)
{
    switch (o) {
    case RC_CHECK_VERIFIED: return "verified";
    case RC_CHECK_REFUTED: return "refuted";
    case RC_CHECK_UNDECIDED: return "undecided";
    default: return NULL;
    }
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 64)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            return 0;
    return 1;
}

/* The claim, as rescheck names it: a built-in claim by its ID, paper and
 * section, a user claim by its ID, kind and what the spec says it states. */
static void describe(cite_cert *c, const json_t *inputs, int paper_data)
{
    const rc_claim *k = rc_claim_find(c->claim);
    const char *uid = json_string_value(json_object_get(inputs, "id"));
    int user_kind = !k || !strcmp(k->paper, "user");
    if (user_kind && uid && valid_name(uid)) {
        const char *st = json_string_value(json_object_get(inputs, "statement"));
        const char *where = json_string_value(json_object_get(inputs, "where"));
        snprintf(c->name, sizeof c->name, "%s", uid);
        c->claim_text = xasprintf("user claim %s (kind %s)%s%s%s%s", uid, c->claim,
                                  where ? ", " : "", where ? where : "", st ? ": " : "",
                                  st ? st : "");
    } else if (k) {
        snprintf(c->name, sizeof c->name, "%s", k->alias ? k->alias : k->id);
        c->claim_text = xasprintf("%s (%s, %s): %s", k->id, k->paper, k->section, k->summary);
    } else {
        snprintf(c->name, sizeof c->name, "%s", c->claim);
        c->claim_text = xasprintf("%s", c->claim);
    }
    if (paper_data)
        c->data_phrase = xasprintf("%s", rc_builtin_phrase(c->claim));
    else
        c->data_phrase = xasprintf("on user data (inputs sha256 %s)", c->inputs_sha256);
}

/* 0: c filled; else an exit code, the message printed naming the file */
static int load_cert(cite_cert *c, const char *file, int *nvalues)
{
    memset(c, 0, sizeof *c);
    c->file = file;
    char err[1024];
    size_t len;
    rc_check_result r;
    char *data = rc_check_read_file(file, &len, &r);
    if (!data) {
        fprintf(stderr, "%s: %s: %s%s\n", prog, file,
                r.outcome == RC_CHECK_BEYOND_LIMITS ? "beyond the limits (docs/limits.md): " : "",
                r.reason);
        return RC_EXIT_INPUT;
    }
    /* parsed once: the checker checks this very document */
    json_error_t je;
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (doc)
        rc_check_json(doc, &r);
    else
        rc_check_buffer(data, len, &r); /* the parser's refusal, worded as check words it */
    free(data);
    const char *word = outcome_word(r.outcome);
    if (!word) {
        fprintf(stderr, "%s: %s: not cited: the certificate is %s: %s\n", prog, file,
                r.outcome == RC_CHECK_REJECTED ? "rejected"
                : r.outcome == RC_CHECK_BEYOND_LIMITS ? "beyond the limits (docs/limits.md)"
                                                      : "unreadable",
                r.reason);
        json_decref(doc);
        return RC_EXIT_INPUT;
    }
    c->verdict = word;
    snprintf(c->claim, sizeof c->claim, "%s", r.claim);
    snprintf(c->sha256, sizeof c->sha256, "%s", r.sha256);
    snprintf(c->inputs_sha256, sizeof c->inputs_sha256, "%s", r.inputs_sha256);
    describe(c, json_object_get(doc, "inputs"), r.paper_data);
    char path[KEY_MAX] = "";
    int rc = walk(c, json_object_get(doc, "results"), path, 0, err, sizeof err);
    json_decref(doc);
    if (rc) {
        fprintf(stderr, "%s: %s: not cited: results.%s\n", prog, file, err);
        return RC_EXIT_INPUT;
    }
    if (c->skipped)
        fprintf(stderr, "%s: %s: %d result key%s characters outside [A-Za-z0-9_+-] or %s "
                "too long; %s no macro\n", prog, file, c->skipped,
                c->skipped == 1 ? " has" : "s have", c->skipped == 1 ? "is" : "are",
                c->skipped == 1 ? "its value gets" : "their values get");
    *nvalues += (int)c->n;
    return 0;
}

static void free_cert(cite_cert *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].key);
        free(c->v[i].tex);
    }
    free(c->v);
    free(c->claim_text);
    free(c->data_phrase);
}

/* ---- writing ---- */

static void cap_first(char *dst, size_t n, const char *word)
{
    snprintf(dst, n, "%s", word);
    if (dst[0] >= 'a' && dst[0] <= 'z')
        dst[0] = (char)(dst[0] - 'a' + 'A');
}

/* "Verified by rescheck 0.1.0 on the paper's data; certificate sha256 HEX;
 * check with `rescheck check FILE`." */
static void footnote_plain(FILE *f, const cite_cert *c)
{
    char w[16];
    cap_first(w, sizeof w, c->verdict);
    fprintf(f, "%s by %s %s; certificate sha256 %s; check with `rescheck check %s`.\n", w, RC_TOOL,
            c->data_phrase, c->sha256, c->file);
}

/* UTF-8 text for LaTeX's text mode with nothing but the kernel: the
 * specials escaped, Greek letters and the symbols the claims use mapped,
 * any other non-ASCII character written as U+XXXX. */
static void tex_escape(FILE *f, const char *s)
{
    static const struct {
        unsigned cp;
        const char *tex;
    } map[] = {
        {0xA7, "\\S{}"},         {0xB7, "\\ensuremath{\\cdot}"},  {0xD7, "\\ensuremath{\\times}"},
        {0x2013, "--"},          {0x2014, "---"},                 {0x2019, "'"},
        {0x201C, "``"},          {0x201D, "''"},                  {0x2026, "\\ldots{}"},
        {0x2212, "\\ensuremath{-}"}, {0x2264, "\\ensuremath{\\le}"}, {0x2265, "\\ensuremath{\\ge}"},
        {0x2260, "\\ensuremath{\\ne}"}, {0x221A, "\\ensuremath{\\surd}"},
        {0x221E, "\\ensuremath{\\infty}"}, {0x2016, "\\ensuremath{\\|}"},
        {0x2211, "\\ensuremath{\\sum}"}, {0x220F, "\\ensuremath{\\prod}"},
        {0x2207, "\\ensuremath{\\nabla}"}, {0x2208, "\\ensuremath{\\in}"},
        {0x2192, "\\ensuremath{\\to}"}, {0x2248, "\\ensuremath{\\approx}"},
        {0x2032, "\\ensuremath{'}"},
        {0x2080, "\\ensuremath{_0}"}, {0x2081, "\\ensuremath{_1}"}, {0x2082, "\\ensuremath{_2}"},
        {0x2083, "\\ensuremath{_3}"}, {0xB2, "\\ensuremath{^2}"}, {0xB3, "\\ensuremath{^3}"},
    };
    static const char *const greek[] = {
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "o", "pi", "rho", "varsigma", "sigma", "tau", "upsilon", "phi",
        "chi", "psi", "omega"};
    static const char *const Greek[] = {"A", "B", "Gamma", "Delta", "E", "Z", "H", "Theta", "I",
                                        "K", "Lambda", "M", "N", "Xi", "O", "Pi", "P", "?",
                                        "Sigma", "T", "Upsilon", "Phi", "X", "Psi", "Omega"};
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp = *p;
        int len = 1;
        if (cp >= 0xC0 && cp < 0xE0 && (p[1] & 0xC0) == 0x80)
            cp = ((cp & 0x1F) << 6) | (p[1] & 0x3F), len = 2;
        else if (cp >= 0xE0 && cp < 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
            cp = ((cp & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F), len = 3;
        else if (cp >= 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80)
            cp = ((cp & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F),
            len = 4;
        p += len;
        if (cp < 0x80) {
            switch (cp) {
            case '\\': fputs("\\textbackslash{}", f); break;
            case '{': case '}': case '$': case '&': case '#': case '%': case '_':
                fprintf(f, "\\%c", (char)cp);
                break;
            case '^': fputs("\\textasciicircum{}", f); break;
            case '~': fputs("\\textasciitilde{}", f); break;
            case '<': fputs("\\ensuremath{<}", f); break;
            case '>': fputs("\\ensuremath{>}", f); break;
            case '|': fputs("\\ensuremath{|}", f); break;
            default:
                if (cp < 0x20 || cp == 0x7F)
                    fputc(' ', f);
                else
                    fputc((int)cp, f);
            }
            continue;
        }
        if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3BF) {
            fprintf(f, "\\ensuremath{\\%s}", greek[cp - 0x3B1]);
            continue;
        }
        if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) {
            const char *g = Greek[cp - 0x391];
            fprintf(f, g[1] ? "\\ensuremath{\\%s}" : "%s", g);
            continue;
        }
        const char *t = NULL;
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (map[i].cp == cp)
                t = map[i].tex;
        if (t)
            fputs(t, f);
        else
            fprintf(f, "U+%04X", cp);
    }
}

/* the value an alias names in c, or NULL */
static const cite_value *alias_value(const cite_cert *c, const cite_alias *a)
{
    if (strcmp(a->claim, c->claim))
        return NULL;
    const cite_value *hit = NULL;
    for (size_t i = 0; i < c->n; i++) {
        if (!strcmp(c->v[i].key, a->alias))
            return NULL;
        if (!strcmp(c->v[i].key, a->path))
            hit = c->v + i;
    }
    return hit;
}

static void def_line(FILE *f, const char *kind, const char *name, const char *key)
{
    fprintf(f, "\\expandafter\\def\\csname rescheck/%s/%s%s%s\\endcsname{", kind, name,
            key ? "/" : "", key ? key : "");
}

static void latex_cert(FILE *f, const cite_cert *c)
{
    fprintf(f, "%% %s: ", c->name); /* a comment line: no control character may end it */
    for (const char *p = c->file; *p; p++)
        fputc((unsigned char)*p < 0x20 || *p == 0x7F ? '?' : *p, f);
    fputc('\n', f);
    def_line(f, "hash", c->name, NULL);
    fprintf(f, "%s}\n", c->sha256);
    def_line(f, "verdict", c->name, NULL);
    fprintf(f, "%s}\n", c->verdict);
    def_line(f, "claim", c->name, NULL);
    tex_escape(f, c->claim_text);
    fputs("; ", f);
    tex_escape(f, c->verdict);
    fputc(' ', f);
    tex_escape(f, c->data_phrase);
    fputs("}\n", f);
    def_line(f, "footnote", c->name, NULL);
    char w[16];
    cap_first(w, sizeof w, c->verdict);
    fprintf(f, "%s by ", w);
    tex_escape(f, RC_TOOL);
    fputc(' ', f);
    tex_escape(f, c->data_phrase);
    fprintf(f, "; certificate sha256 \\texttt{%s}; check with \\texttt{rescheck check ", c->sha256);
    tex_escape(f, c->file);
    fputs("}.}\n", f);
    for (size_t i = 0; i < c->n; i++) {
        def_line(f, "value", c->name, c->v[i].key);
        fprintf(f, "\\ensuremath{%s}}\n", c->v[i].tex);
    }
    for (size_t a = 0; a < sizeof cite_aliases / sizeof cite_aliases[0]; a++) {
        const cite_value *v = alias_value(c, cite_aliases + a);
        if (v) {
            fprintf(f, "%% %s = %s\n", cite_aliases[a].alias, cite_aliases[a].path);
            def_line(f, "value", c->name, cite_aliases[a].alias);
            fprintf(f, "\\ensuremath{%s}}\n", v->tex);
        }
    }
}

static const char latex_head[] =
    "% rescheck: what cites the certificates below. Written by 'rescheck cite'\n"
    "% (docs/citing.md); regenerate, do not edit. Use with \\input{THIS FILE}.\n"
    "\\providecommand\\rescheckGet[2]{\\ifcsname rescheck/#1/#2\\endcsname\n"
    "  \\csname rescheck/#1/#2\\endcsname\\else\n"
    "  \\PackageError{rescheck}{no #1 #2 in the cited certificates}{See rescheck cite --list.}\\fi}\n"
    "\\providecommand\\rescheckHash[1]{\\rescheckGet{hash}{#1}}\n"
    "\\providecommand\\rescheckVerdict[1]{\\rescheckGet{verdict}{#1}}\n"
    "\\providecommand\\rescheckClaim[1]{\\rescheckGet{claim}{#1}}\n"
    "\\providecommand\\rescheckFootnote[1]{\\rescheckGet{footnote}{#1}}\n"
    "\\providecommand\\rescheckValue[2]{\\rescheckGet{value}{#1/#2}}\n";

static void usage_cite(FILE *f)
{
    fprintf(f,
            "usage: rescheck cite [--latex FILE] [--footnote] [--list] CERT...\n"
            "\n"
            "Checks each certificate (as 'rescheck check' does) and writes what a paper\n"
            "needs to cite it (docs/citing.md). A certificate that is not valid is not\n"
            "cited: exit 2, naming the file, and nothing is written.\n"
            "  (default)     LaTeX macros on standard output:\n"
            "                \\rescheckHash{NAME}   the certificate's full SHA-256\n"
            "                \\rescheckClaim{NAME}  the claim, its verdict and its data\n"
            "                \\rescheckVerdict{NAME} verified, refuted or undecided\n"
            "                \\rescheckFootnote{NAME} the footnote below, typeset\n"
            "                \\rescheckValue{NAME}{KEY} each exact value in the results\n"
            "                NAME: the claim's alias (prop1), else its ID; a user\n"
            "                claim's own id. KEY: the value's JSON path in \"results\"\n"
            "                (resnet.risk, table.rows.0.bound) or a short alias (R2)\n"
            "  --latex FILE  write the macros to FILE (atomically) instead\n"
            "  --footnote    print one plain-text footnote per certificate:\n"
            "                \"Verified by rescheck VERSION on ...; certificate sha256 HEX;\n"
            "                check with `rescheck check FILE`.\"\n"
            "  --list        print NAME, KEY and the LaTeX of every value, one a line\n"
            "\n"
            "exit status: 0 written, 2 usage error or a certificate not valid.\n");
}

int cmd_cite(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, 0, 'h'},
                                         {"latex", required_argument, 0, 'l'},
                                         {"footnote", no_argument, 0, 'f'},
                                         {"list", no_argument, 0, 'L'},
                                         {0, 0, 0, 0}};
    const char *latex = NULL;
    int footnote = 0, list = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': usage_cite(stdout); return 0;
        case 'l': latex = optarg; break;
        case 'f': footnote = 1; break;
        case 'L': list = 1; break;
        default: usage_cite(stderr); return RC_EXIT_INPUT;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "%s: name at least one certificate file\n", prog);
        return RC_EXIT_INPUT;
    }
    size_t n = (size_t)(argc - optind);
    cite_cert *certs = calloc(n, sizeof *certs);
    int rc = 0, nvalues = 0;
    size_t loaded = 0;
    for (size_t i = 0; i < n && !rc; i++, loaded++) {
        rc = load_cert(certs + i, argv[optind + (int)i], &nvalues);
        for (size_t k = 0; k < i && !rc; k++)
            if (!strcmp(certs[k].name, certs[i].name)) {
                fprintf(stderr, "%s: %s and %s are both named %s: cite them in separate runs\n",
                        prog, certs[k].file, certs[i].file, certs[i].name);
                rc = RC_EXIT_INPUT;
            }
    }
    if (!rc && list) {
        for (size_t i = 0; i < n; i++) {
            for (size_t k = 0; k < certs[i].n; k++)
                printf("%s\t%s\t%s\n", certs[i].name, certs[i].v[k].key, certs[i].v[k].tex);
            for (size_t a = 0; a < sizeof cite_aliases / sizeof cite_aliases[0]; a++) {
                const cite_value *v = alias_value(certs + i, cite_aliases + a);
                if (v)
                    printf("%s\t%s\t%s\n", certs[i].name, cite_aliases[a].alias, v->tex);
            }
        }
    }
    if (!rc && footnote)
        for (size_t i = 0; i < n; i++)
            footnote_plain(stdout, certs + i);
    if (!rc && (latex || (!footnote && !list))) {
        membuf m;
        mb_open(&m);
        fputs(latex_head, m.f);
        for (size_t i = 0; i < n; i++)
            latex_cert(m.f, certs + i);
        fclose(m.f);
        if (latex) {
            char err[512];
            if (rc_write_file_atomic(latex, m.buf, m.len, err, sizeof err)) {
                fprintf(stderr, "%s: %s\n", prog, err);
                rc = RC_EXIT_INPUT;
            } else {
                fprintf(stderr, "%s: wrote %s: %zu certificate%s, %d value%s\n", prog, latex, n,
                        n > 1 ? "s" : "", nvalues, nvalues == 1 ? "" : "s");
            }
        } else {
            fwrite(m.buf, 1, m.len, stdout);
        }
        free(m.buf);
    }
    for (size_t i = 0; i < loaded; i++)
        free_cert(certs + i);
    free(certs);
    return rc;
}
