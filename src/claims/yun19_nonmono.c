/* yun19 §3.2: the residual representations of a 2-block ResNet need not
 * improve monotonically. Generalised to any scalar dataset and any number
 * of scalar ReLU blocks h_l = h_{l-1} + v_l*relu(u_l*h_{l-1} + b_l). */
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/lsq.h"
#include "rescheck/qrho.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

typedef struct {
    slong n, L;
    fmpq *x, *y;
    fmpq *v, *u, *b; /* L blocks */
    fmpq_t w, c;
    const char **printed_H; /* L*n strings or NULL */
    const char *printed_err_x;
    const char **printed_err_H; /* L strings or NULL entries */
    int claims_global_minimum;  /* printed.global_minimum: -1 absent, 0/1 */
} nonmono_t;

static void nonmono_clear(nonmono_t *d)
{
    if (d->x)
        _fmpq_vec_clear(d->x, d->n);
    if (d->y)
        _fmpq_vec_clear(d->y, d->n);
    if (d->v) {
        _fmpq_vec_clear(d->v, d->L);
        _fmpq_vec_clear(d->u, d->L);
        _fmpq_vec_clear(d->b, d->L);
    }
    fmpq_clear(d->w);
    fmpq_clear(d->c);
    free(d->printed_H);
    free(d->printed_err_H);
}

/* A printed error: a decimal with k digits after the point stands for the
 * exact value rounded to k places; an integer or fraction for itself. */
static int check_printed_number(rc_spec *s, json_t *v, const char *field, const char **out)
{
    fmpq_t q;
    fmpq_init(q);
    int rc = rc_spec_string(out, s, v, field) || rc_spec_fmpq(q, s, v, field) ? -1 : 0;
    fmpq_clear(q);
    if (rc == 0 && rc_decimal_places(*out) < 0)
        return rc_spec_fail(s, field, "write a printed decimal as [-]DIGITS.DIGITS (\"0.3205\"): "
                                      "its places say how it was rounded");
    return rc;
}

static int read_blocks(nonmono_t *d, rc_spec *s)
{
    json_t *blocks = rc_spec_get(s, s->root, "blocks", "blocks", 1);
    if (!blocks)
        return -1;
    if (!json_is_array(blocks) || json_array_size(blocks) < 1)
        return rc_spec_fail(s, "blocks", "expected a non-empty array of {v, u, b}");
    if (json_array_size(blocks) > RC_LIMIT_BLOCKS)
        return rc_spec_fail(s, "blocks", "more than %d blocks", RC_LIMIT_BLOCKS);
    d->L = (slong)json_array_size(blocks);
    d->v = _fmpq_vec_init(d->L);
    d->u = _fmpq_vec_init(d->L);
    d->b = _fmpq_vec_init(d->L);
    static const char *names[] = {"v", "u", "b"};
    for (slong l = 0; l < d->L; l++) {
        fmpq *dst[] = {d->v + l, d->u + l, d->b + l};
        json_t *blk = json_array_get(blocks, (size_t)l);
        for (int k = 0; k < 3; k++) {
            char field[64];
            snprintf(field, sizeof field, "blocks[%ld].%s", (long)l, names[k]);
            if (rc_spec_fmpq(dst[k], s, rc_spec_get(s, blk, names[k], field, 1), field))
                return -1;
        }
    }
    return 0;
}

static int read_printed(nonmono_t *d, rc_spec *s)
{
    json_t *p = rc_spec_get(s, s->root, "printed", NULL, 0);
    if (!p)
        return 0;
    json_t *H = rc_spec_get(s, p, "H", NULL, 0);
    if (H) {
        if (!json_is_array(H) || (slong)json_array_size(H) != d->L)
            return rc_spec_fail(s, "printed.H", "expected %ld arrays, one per block", (long)d->L);
        d->printed_H = calloc((size_t)(d->L * d->n), sizeof(char *));
        for (slong l = 0; l < d->L; l++) {
            json_t *row = json_array_get(H, (size_t)l);
            char field[64];
            snprintf(field, sizeof field, "printed.H[%ld]", (long)l);
            if (!json_is_array(row) || (slong)json_array_size(row) != d->n)
                return rc_spec_fail(s, field, "expected %ld numbers", (long)d->n);
            for (slong i = 0; i < d->n; i++) {
                snprintf(field, sizeof field, "printed.H[%ld][%ld]", (long)l, (long)i);
                if (check_printed_number(s, json_array_get(row, (size_t)i), field,
                                         d->printed_H + l * d->n + i))
                    return -1;
            }
        }
    }
    json_t *gm = rc_spec_get(s, p, "global_minimum", NULL, 0);
    if (gm && !json_is_boolean(gm))
        return rc_spec_fail(s, "printed.global_minimum", "expected true or false");
    if (gm)
        d->claims_global_minimum = json_is_true(gm);
    json_t *ex = rc_spec_get(s, p, "err_X", NULL, 0);
    if (ex && check_printed_number(s, ex, "printed.err_X", &d->printed_err_x))
        return -1;
    json_t *eh = rc_spec_get(s, p, "err_H", NULL, 0);
    if (eh) {
        if (!json_is_array(eh) || (slong)json_array_size(eh) != d->L)
            return rc_spec_fail(s, "printed.err_H", "expected %ld numbers, one per block", (long)d->L);
        d->printed_err_H = calloc((size_t)d->L, sizeof(char *));
        for (slong l = 0; l < d->L; l++) {
            char field[64];
            snprintf(field, sizeof field, "printed.err_H[%ld]", (long)l);
            json_t *v = json_array_get(eh, (size_t)l);
            if (!json_is_null(v) && check_printed_number(s, v, field, d->printed_err_H + l))
                return -1;
        }
    }
    return 0;
}

/* the largest numerator plus denominator bits of the n (or 3L) numbers v */
static slong max_bits(const fmpq *v, slong n)
{
    slong b = 1;
    for (slong i = 0; i < n; i++)
        b = FLINT_MAX(b, (slong)(fmpz_bits(fmpq_numref(v + i)) + fmpz_bits(fmpq_denref(v + i))));
    return b;
}

/* the time and the certificate's size (rescheck/limits.h), before the work */
static int sec32_cost(nonmono_t *d, rc_spec *s)
{
    slong B = 1, X = max_bits(d->x, d->n);
    for (slong l = 0; l < d->L; l++)
        B = FLINT_MAX(B, max_bits(d->v + l, 1) + max_bits(d->u + l, 1) + max_bits(d->b + l, 1));
    char what[96];
    snprintf(what, sizeof what, "%ld points through %ld blocks (%ld bits per block)", (long)d->n,
             (long)d->L, (long)B);
    double bytes = rc_bytes_sec32(d->n, d->L, X, B);
    if (bytes > RC_LIMIT_CERT_BYTES)
        return rc_spec_fail(s, "blocks", "%s: the certificate would be about %.0f MB, beyond the "
                            "limit of %ld MiB (docs/limits.md)", what, bytes / 1e6,
                            RC_LIMIT_CERT_BYTES >> 20);
    return rc_spec_cost(s, "blocks", rc_cost_sec32(d->n, d->L, X, B), what);
}

static int nonmono_read(nonmono_t *d, rc_spec *s)
{
    memset(d, 0, sizeof *d);
    d->claims_global_minimum = -1;
    fmpq_init(d->w);
    fmpq_init(d->c);
    if (rc_spec_check_kind(s, "yun19.sec32"))
        return -1;
    d->n = -1;
    if (rc_spec_fmpq_array(&d->x, &d->n, s, rc_spec_get(s, s->root, "x", "x", 1), "x") ||
        rc_spec_fmpq_array(&d->y, &d->n, s, rc_spec_get(s, s->root, "y", "y", 1), "y"))
        return -1;
    if (d->n < 1)
        return rc_spec_fail(s, "x", "needs at least one point");
    if (read_blocks(d, s) || sec32_cost(d, s) ||
        rc_spec_fmpq(d->w, s, rc_spec_get(s, s->root, "w", "w", 1), "w") ||
        rc_spec_fmpq(d->c, s, rc_spec_get(s, s->root, "c", "c", 1), "c"))
        return -1;
    return read_printed(d, s);
}

/* err(Z, Y): the mean squared error of the best affine fit */
static void err_fit(fmpq_t out, const fmpq *z, const fmpq *y, slong n)
{
    fmpz_poly_q_struct *zq = flint_malloc(sizeof(fmpz_poly_q_struct) * (size_t)n);
    fmpz_poly_q_struct *yq = flint_malloc(sizeof(fmpz_poly_q_struct) * (size_t)n);
    for (slong i = 0; i < n; i++) {
        fmpz_poly_q_init(zq + i);
        fmpz_poly_q_init(yq + i);
        rc_qrho_set_fmpq(zq + i, z + i);
        rc_qrho_set_fmpq(yq + i, y + i);
    }
    rc_fit_t fit;
    rc_fit_init(fit);
    rc_fit_compute(fit, RC_FIT_AFFINE, zq, yq, n);
    fmpz_poly_q_scalar_div_si(fit->sse, fit->sse, n);
    rc_qrho_get_fmpq(out, fit->sse);
    rc_fit_clear(fit);
    rc_qrho_vec_clear(zq, n);
    rc_qrho_vec_clear(yq, n);
}

/* Compares an exact value with a printed number: exact equality for an
 * integer or fraction, correct rounding for a decimal with k places.
 * Returns 1 match, 0 mismatch (detail set), -1 nothing printed. */
static int compare_number(char **detail, const char *what, const fmpq_t value, const char *printed)
{
    *detail = NULL;
    if (!printed)
        return -1;
    fmpq_t p, half, lo, hi;
    fmpq_init(p);
    fmpq_init(half);
    fmpq_init(lo);
    fmpq_init(hi);
    char err[200];
    if (rc_fmpq_parse_expr(p, printed, err, sizeof err)) /* validated when read */
        abort();
    int places = rc_decimal_places(printed), ok;
    if (places == 0) {
        ok = fmpq_equal(p, value);
    } else {
        slong k = places;
        /* value in [p - 10^-k/2, p + 10^-k/2) */
        fmpz_set_ui(fmpq_numref(half), 1);
        fmpz_set_ui(fmpq_denref(half), 10);
        fmpz_pow_ui(fmpq_denref(half), fmpq_denref(half), (ulong)k);
        fmpz_mul_ui(fmpq_denref(half), fmpq_denref(half), 2);
        fmpq_sub(lo, p, half);
        fmpq_add(hi, p, half);
        ok = fmpq_cmp(value, lo) >= 0 && fmpq_cmp(value, hi) < 0;
    }
    if (!ok) {
        /* a decimal means a rounding, not one value: no normal form beside it */
        char *v = rc_fmpq_get_str(value), *ps = rc_fmpq_get_str(p);
        char *pw = places ? strdup(printed) : rc_paper_value_str(printed, ps);
        double approx = fmpq_get_d(value);
        if (asprintf(detail, "%s: paper %s, exact value %s = %.10g%s", what, pw, v, approx,
                     places ? " (does not round to the printed digits)" : "") < 0)
            *detail = NULL;
        flint_free(v);
        flint_free(ps);
        free(pw);
    }
    fmpq_clear(p);
    fmpq_clear(half);
    fmpq_clear(lo);
    fmpq_clear(hi);
    return ok;
}

static json_t *vec_json(const fmpq *v, slong n)
{
    json_t *a = json_array();
    for (slong i = 0; i < n; i++)
        json_array_append_new(a, rc_json_fmpq(v + i));
    return a;
}

static json_t *printed_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *nonmono_inputs(const nonmono_t *d)
{
    json_t *in = json_object();
    json_object_set_new(in, "x", vec_json(d->x, d->n));
    json_object_set_new(in, "y", vec_json(d->y, d->n));
    json_t *blocks = json_array();
    for (slong l = 0; l < d->L; l++) {
        json_t *b = json_object();
        json_object_set_new(b, "v", rc_json_fmpq(d->v + l));
        json_object_set_new(b, "u", rc_json_fmpq(d->u + l));
        json_object_set_new(b, "b", rc_json_fmpq(d->b + l));
        json_array_append_new(blocks, b);
    }
    json_object_set_new(in, "blocks", blocks);
    json_object_set_new(in, "w", rc_json_fmpq(d->w));
    json_object_set_new(in, "c", rc_json_fmpq(d->c));
    json_t *pr = json_object();
    json_t *H = json_null();
    if (d->printed_H) {
        H = json_array();
        for (slong l = 0; l < d->L; l++) {
            json_t *row = json_array();
            for (slong i = 0; i < d->n; i++)
                json_array_append_new(row, json_string(d->printed_H[l * d->n + i]));
            json_array_append_new(H, row);
        }
    }
    json_object_set_new(pr, "H", H);
    json_object_set_new(pr, "err_X", printed_or_null(d->printed_err_x));
    json_object_set_new(pr, "global_minimum", d->claims_global_minimum < 0
                                                  ? json_null()
                                                  : json_boolean(d->claims_global_minimum));
    json_t *eh = json_null();
    if (d->printed_err_H) {
        eh = json_array();
        for (slong l = 0; l < d->L; l++)
            json_array_append_new(eh, printed_or_null(d->printed_err_H[l]));
    }
    json_object_set_new(pr, "err_H", eh);
    json_object_set_new(in, "printed", pr);
    return in;
}

int rc_yun19_nonmono(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    nonmono_t d;
    if (nonmono_read(&d, spec)) {
        nonmono_clear(&d);
        return -1;
    }
    slong n = d.n, L = d.L;
    fmpq *H = _fmpq_vec_init((L + 1) * n); /* H[0] = X */
    fmpq *pre = _fmpq_vec_init(L * n);
    fmpq *err = _fmpq_vec_init(L + 1);
    fmpq_t t, minabs, risk;
    fmpq_init(t);
    fmpq_init(minabs);
    fmpq_init(risk);
    for (slong i = 0; i < n; i++)
        fmpq_set(H + i, d.x + i);
    int zero_pre = 0;
    for (slong l = 1; l <= L; l++) {
        for (slong i = 0; i < n; i++) {
            fmpq *p = pre + (l - 1) * n + i;
            fmpq_mul(p, d.u + l - 1, H + (l - 1) * n + i);
            fmpq_add(p, p, d.b + l - 1);
            fmpq_abs(t, p);
            if ((l == 1 && i == 0) || fmpq_cmp(t, minabs) < 0)
                fmpq_set(minabs, t);
            zero_pre |= fmpq_is_zero(p);
            fmpq_set(t, p);
            if (fmpq_sgn(t) < 0)
                fmpq_zero(t);
            fmpq_mul(t, t, d.v + l - 1);
            fmpq_add(H + l * n + i, H + (l - 1) * n + i, t);
        }
    }
    json_t *res = json_object();
    json_t *Hj = json_array(), *errj = json_array(), *matches = json_array();
    for (slong l = 0; l <= L; l++) {
        err_fit(err + l, H + l * n, d.y, n);
        json_array_append_new(errj, rc_json_fmpq(err + l));
        if (l == 0)
            continue;
        json_array_append_new(Hj, vec_json(H + l * n, n));
        /* H_l against the paper */
        int hm = -1;
        char *hdetail = NULL, paper[1024] = "";
        if (d.printed_H) {
            hm = 1;
            for (slong i = 0; i < n; i++) {
                char what[48], *det;
                snprintf(what, sizeof what, "H%ld[%ld]", (long)l, (long)i);
                if (compare_number(&det, what, H + l * n + i, d.printed_H[(l - 1) * n + i]) == 0) {
                    hm = 0;
                    if (!hdetail)
                        hdetail = det;
                    else
                        free(det);
                }
                size_t k = strlen(paper);
                snprintf(paper + k, sizeof paper - k, "%s%s", i ? ", " : "",
                         d.printed_H[(l - 1) * n + i]);
            }
        }
        char *hs = rc_fmpq_vec_str(H + l * n, n, "[", "]");
        rc_report_add(rep, hm == 0 ? RC_FAIL : RC_OK, d.printed_H ? paper : NULL, hdetail,
                      "H%ld = %s", (long)l, hs);
        rc_report_tag(rep, NULL, hs);
        json_array_append_new(matches, hm < 0 ? json_null() : json_boolean(hm));
        free(hs);
        free(hdetail);
    }
    json_object_set_new(res, "H", Hj);
    json_object_set_new(res, "H_matches_paper", matches);
    json_object_set_new(res, "err", errj);

    json_t *errm = json_array();
    for (slong l = 0; l <= L; l++) {
        char what[48], *det, *v = rc_fmpq_get_str(err + l);
        const char *printed = l == 0 ? d.printed_err_x : (d.printed_err_H ? d.printed_err_H[l - 1] : NULL);
        if (l == 0)
            snprintf(what, sizeof what, "err(X,Y)");
        else
            snprintf(what, sizeof what, "err(H%ld,Y)", (long)l);
        int m = compare_number(&det, what, err + l, printed);
        rc_report_add(rep, m == 0 ? RC_FAIL : RC_OK, printed, det, "%s = %s = %.6f%s", what, v,
                      fmpq_get_d(err + l), m == 1 ? (strchr(printed, '.') ? " (rounds to the printed value)" : " (as printed)") : "");
        rc_report_tag(rep, "err", v);
        json_array_append_new(errm, m < 0 ? json_null() : json_boolean(m));
        flint_free(v);
        free(det);
    }
    json_object_set_new(res, "err_matches_paper", errm);

    /* the network's own risk: (1/n) sum (w*H_L + c - y)^2 */
    fmpq_zero(risk);
    json_t *outj = json_array(); /* the network's output w*H_L(x_i) + c */
    for (slong i = 0; i < n; i++) {
        fmpq_mul(t, d.w, H + L * n + i);
        fmpq_add(t, t, d.c);
        json_array_append_new(outj, rc_json_fmpq(t));
        fmpq_sub(t, t, d.y + i);
        fmpq_addmul(risk, t, t);
    }
    fmpz_t nz;
    fmpz_init_set_si(nz, n);
    fmpq_div_fmpz(risk, risk, nz);
    fmpz_clear(nz);
    /* risk 0 proves a global minimum (risk >= 0); a nonzero risk proves
       nothing either way, which matters only if the paper claims one */
    char *rs = rc_fmpq_get_str(risk);
    int zero = fmpq_is_zero(risk);
    if (zero)
        rc_report_add(rep, RC_OK, NULL, NULL,
                      "risk at the point = 0: the network fits Y exactly, so the point is a global minimum (risk >= 0)");
    else if (d.claims_global_minimum == 1)
        rc_report_add(rep, RC_UNDECIDED, "global minimum",
                      "the risk is not 0, so rescheck cannot confirm the claimed global minimum",
                      "risk at the point = %s", rs);
    else
        rc_report_add(rep, RC_OK, NULL, NULL, "risk at the point = %s", rs);
    rc_report_tag(rep, "risk", rs); /* one ID for the three sentences */
    flint_free(rs);
    json_object_set_new(res, "outputs", outj);
    json_object_set_new(res, "risk", rc_json_fmpq(risk));

    char *ms = rc_fmpq_get_str(minabs);
    rc_report_add(rep, zero_pre ? RC_FAIL : RC_OK, NULL,
                  zero_pre ? "a pre-activation is exactly 0 at a data point: the risk need not be twice differentiable there" : NULL,
                  "no ReLU pre-activation u_l*h_{l-1}(x_i)+b_l is 0 at a data point (smallest |value| %s), so the risk is twice differentiable there",
                  ms);
    flint_free(ms);
    json_t *prej = json_array();
    for (slong l = 0; l < L; l++)
        json_array_append_new(prej, vec_json(pre + l * n, n));
    json_object_set_new(res, "pre_activations", prej);

    /* non-monotonicity: some block makes the linear fit worse */
    slong first_up = -1;
    for (slong l = 1; l <= L && first_up < 0; l++)
        if (fmpq_cmp(err + l, err + l - 1) > 0)
            first_up = l;
    if (first_up > 0) {
        char *a = rc_fmpq_get_str(err + first_up), *b = rc_fmpq_get_str(err + first_up - 1);
        char prev[32];
        if (first_up == 1)
            snprintf(prev, sizeof prev, "X");
        else
            snprintf(prev, sizeof prev, "H%ld", (long)first_up - 1);
        rc_report_add(rep, RC_OK, NULL, NULL,
                      "err(H%ld,Y) = %s > err(%s,Y) = %s: the representations do not improve monotonically",
                      (long)first_up, a, prev, b);
        flint_free(a);
        flint_free(b);
    } else {
        rc_report_add(rep, RC_FAIL, NULL, "err(H_l,Y) never increases along the blocks",
                      "the representations do not improve monotonically");
    }
    json_object_set_new(res, "first_increase", first_up > 0 ? json_integer(first_up) : json_null());

    *cert = rc_cert_new(c, spec->file, nonmono_inputs(&d), res, rep);
    _fmpq_vec_clear(H, (L + 1) * n);
    _fmpq_vec_clear(pre, L * n);
    _fmpq_vec_clear(err, L + 1);
    fmpq_clear(t);
    fmpq_clear(minabs);
    fmpq_clear(risk);
    nonmono_clear(&d);
    return 0;
}
