/* yun19 §3.2: the residual representations of a scalar ReLU ResNet need
 * not improve the best linear fit monotonically, recomputed from the
 * certificate's inputs. */
#include "rules.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

/* A printed number must parse; NULL for null where allowed. */
static int printed_read(ck_t *ck, const char **out, const json_t *j, int nullable, const char *path)
{
    fmpq_t q;
    char err[200];
    *out = NULL;
    if (nullable && json_is_null(j))
        return 0;
    if (!json_is_string(j))
        return ck_fail(ck, path, "expected the printed number as a string");
    fmpq_init(q);
    int bad = rc_fmpq_parse_expr(q, json_string_value(j), err, sizeof err);
    fmpq_clear(q);
    *out = json_string_value(j);
    if (!bad && rc_decimal_places(*out) < 0)
        return ck_fail(ck, path, "a printed decimal is written [-]DIGITS.DIGITS");
    return bad ? ck_fail(ck, path, "does not parse: %s", err) : 0;
}

/* A printed decimal with k places stands for the value rounded to k places,
 * value in [p - 10^-k/2, p + 10^-k/2); an integer or fraction for itself. */
static int printed_agrees(const char *text, const fmpq_t value)
{
    if (!text)
        return 1;
    fmpq_t d;
    fmpz_t scale;
    fmpq_init(d);
    fmpz_init(scale);
    char err[200];
    rc_fmpq_parse_expr(d, text, err, sizeof err); /* parsed when read */
    fmpq_sub(d, value, d);
    int places = rc_decimal_places(text), ok = fmpq_is_zero(d);
    if (places > 0) { /* -1 <= 2*10^k*(value - p) < 1 */
        fmpz_set_ui(scale, 10);
        fmpz_pow_ui(scale, scale, (ulong)places);
        fmpz_mul_2exp(scale, scale, 1);
        fmpq_mul_fmpz(d, d, scale);
        ok = fmpq_cmp_si(d, -1) >= 0 && fmpq_cmp_si(d, 1) < 0;
    }
    fmpq_clear(d);
    fmpz_clear(scale);
    return ok;
}

static json_t *vec_json(const fmpq *v, slong n)
{
    json_t *a = json_array();
    for (slong i = 0; i < n; i++)
        json_array_append_new(a, rc_json_fmpq(v + i));
    return a;
}

/* err(Z, Y): the risk of the best affine fit of Y on Z */
static void err_fit(fmpq_t out, const fmpq *z, const fmpq *y, slong n)
{
    fmpz_poly_q_struct *zq = ck_qvec_new(n), *yq = ck_qvec_new(n);
    for (slong i = 0; i < n; i++) {
        ck_qrho_set_fmpq(zq + i, z + i);
        ck_qrho_set_fmpq(yq + i, y + i);
    }
    ck_fit_risk(zq + n, 1, zq, yq, NULL, n); /* a constant: no rho in sight */
    fmpq_zero(out);
    if (!fmpz_poly_is_zero(zq[n].num))
        fmpq_set_fmpz_frac(out, zq[n].num->coeffs, zq[n].den->coeffs);
    ck_qvec_free(zq, n);
    ck_qvec_free(yq, n);
}

/* the largest numerator plus denominator bits of n numbers */
static slong max_bits(const fmpq *v, slong n)
{
    slong b = 1;
    for (slong i = 0; i < n; i++)
        b = FLINT_MAX(b, (slong)(fmpz_bits(fmpq_numref(v + i)) + fmpz_bits(fmpq_denref(v + i))));
    return b;
}

/* inputs: x, y; blocks [{v, u, b}]; w, c; the paper's printed numbers */
typedef struct {
    slong n, L;
    fmpq *x, *y, *blk, *H, *pre, *err; /* blk: v, u, b per block */
    fmpq_t w, c;
    const char **pH, *pX, **pE;
    int claims_min; /* printed.global_minimum: -1 null, 0, 1 */
} s32;

static int sec32_cost(ck_t *ck, const s32 *d)
{
    char what[96];
    slong B = 1;
    for (slong l = 0; l < d->L; l++)
        B = FLINT_MAX(B, max_bits(d->blk + 3 * l, 1) + max_bits(d->blk + 3 * l + 1, 1) +
                             max_bits(d->blk + 3 * l + 2, 1));
    snprintf(what, sizeof what, "%ld points through %ld blocks (%ld bits per block)", (long)d->n,
             (long)d->L, (long)B);
    return ck_cost(ck, "inputs.blocks", rc_cost_sec32(d->n, d->L, max_bits(d->x, d->n), B), what);
}

static int s32_read(ck_t *ck, s32 *d, const json_t *in)
{
    char sub[CK_PATH], sub2[CK_PATH];
    static const char *names[] = {"v", "u", "b"};
    const json_t *jx, *jy, *jb, *pr, *j;
    if (ck_keys(ck, in, "inputs", "x y blocks w c printed") ||
        (d->n = ck_array(ck, jx = json_object_get(in, "x"), -1, "inputs.x")) < 0 ||
        ck_array(ck, jy = json_object_get(in, "y"), d->n, "inputs.y") < 0 ||
        (d->L = ck_array(ck, jb = json_object_get(in, "blocks"), -1, "inputs.blocks")) < 0)
        return -1;
    if (d->n < 1 || d->L < 1)
        return ck_fail(ck, d->n < 1 ? "inputs.x" : "inputs.blocks", "must not be empty");
    if (d->n > RC_LIMIT_POINTS || d->L > RC_LIMIT_BLOCKS)
        return ck_limit(ck, "inputs.blocks", "%ld points through %ld blocks: more than %d points "
                        "or %d blocks", (long)d->n, (long)d->L, RC_LIMIT_POINTS, RC_LIMIT_BLOCKS);
    d->x = _fmpq_vec_init(d->n);
    d->y = _fmpq_vec_init(d->n);
    d->blk = _fmpq_vec_init(3 * d->L);
    for (slong i = 0; i < d->n; i++) {
        ck_pathf(sub, "inputs.x[%ld]", (long)i);
        ck_pathf(sub2, "inputs.y[%ld]", (long)i);
        if (ck_q(ck, d->x + i, json_array_get(jx, (size_t)i), sub) ||
            ck_q(ck, d->y + i, json_array_get(jy, (size_t)i), sub2))
            return -1;
    }
    for (slong l = 0; l < d->L; l++) {
        ck_pathf(sub, "inputs.blocks[%ld]", (long)l);
        if (ck_keys(ck, j = json_array_get(jb, (size_t)l), sub, "v u b"))
            return -1;
        for (int k = 0; k < 3; k++)
            if (ck_q(ck, d->blk + 3 * l + k, ck_get(ck, j, names[k], sub2, sub), sub2))
                return -1;
    }
    if (sec32_cost(ck, d))
        return -1;
    pr = json_object_get(in, "printed");
    if (ck_q(ck, d->w, json_object_get(in, "w"), "inputs.w") ||
        ck_q(ck, d->c, json_object_get(in, "c"), "inputs.c") ||
        ck_keys(ck, pr, "inputs.printed", "H err_X err_H global_minimum") ||
        printed_read(ck, &d->pX, json_object_get(pr, "err_X"), 1, "inputs.printed.err_X"))
        return -1;
    j = json_object_get(pr, "global_minimum");
    if (!json_is_null(j) && ck_bool(ck, &d->claims_min, j, "inputs.printed.global_minimum"))
        return -1;
    if (!json_is_null(j = json_object_get(pr, "err_H"))) {
        d->pE = calloc((size_t)d->L, sizeof(char *));
        if (ck_array(ck, j, d->L, "inputs.printed.err_H") < 0)
            return -1;
        for (slong l = 0; l < d->L; l++) {
            ck_pathf(sub, "inputs.printed.err_H[%ld]", (long)l);
            if (printed_read(ck, d->pE + l, json_array_get(j, (size_t)l), 1, sub))
                return -1;
        }
    }
    if (json_is_null(j = json_object_get(pr, "H")))
        return 0;
    d->pH = calloc((size_t)(d->L * d->n), sizeof(char *));
    if (ck_array(ck, j, d->L, "inputs.printed.H") < 0)
        return -1;
    for (slong l = 0; l < d->L; l++) {
        ck_pathf(sub, "inputs.printed.H[%ld]", (long)l);
        if (ck_array(ck, json_array_get(j, (size_t)l), d->n, sub) < 0)
            return -1;
        for (slong i = 0; i < d->n; i++) {
            ck_pathf(sub2, "%s[%ld]", sub, (long)i);
            if (printed_read(ck, d->pH + l * d->n + i,
                             json_array_get(json_array_get(j, (size_t)l), (size_t)i), 0, sub2))
                return -1;
        }
    }
    return 0;
}

static void s32_clear(s32 *d)
{
    if (d->x) {
        _fmpq_vec_clear(d->x, d->n);
        _fmpq_vec_clear(d->y, d->n);
        _fmpq_vec_clear(d->blk, 3 * d->L);
    }
    if (d->H) {
        _fmpq_vec_clear(d->H, (d->L + 1) * d->n);
        _fmpq_vec_clear(d->pre, d->L * d->n);
        _fmpq_vec_clear(d->err, d->L + 1);
    }
    fmpq_clear(d->w);
    fmpq_clear(d->c);
    free(d->pH);
    free(d->pE);
}

int ck_yun19_nonmono(ck_t *ck, int variant, const char *claim, const json_t *in,
                     const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    (void)results;
    s32 d;
    memset(&d, 0, sizeof d);
    fmpq_init(d.w);
    fmpq_init(d.c);
    d.claims_min = -1;
    if (s32_read(ck, &d, in)) {
        s32_clear(&d);
        return -1;
    }
    slong n = d.n, L = d.L;
    /* H_0 = X, H_l = H_{l-1} + v_l*relu(u_l*H_{l-1} + b_l) */
    d.H = _fmpq_vec_init((L + 1) * n);
    d.pre = _fmpq_vec_init(L * n);
    d.err = _fmpq_vec_init(L + 1);
    int zero_pre = 0;
    for (slong i = 0; i < n; i++)
        fmpq_set(d.H + i, d.x + i);
    for (slong l = 1; l <= L; l++)
        for (slong i = 0; i < n; i++) {
            fmpq *p = d.pre + (l - 1) * n + i, *h = d.H + (l - 1) * n + i, *b = d.blk + 3 * (l - 1);
            fmpq_mul(p, b + 1, h);
            fmpq_add(p, p, b + 2);
            zero_pre |= fmpq_is_zero(p);
            fmpq_set(d.H + l * n + i, h);
            if (fmpq_sgn(p) > 0)
                fmpq_addmul(d.H + l * n + i, b + 0, p);
        }
    json_t *res = json_object(), *hj = json_array(), *hm = json_array(), *ej = json_array(),
           *em = json_array(), *pj = json_array();
    slong up = 0; /* the first block that makes the best linear fit worse */
    for (slong l = 0; l <= L; l++) {
        err_fit(d.err + l, d.H + l * n, d.y, n);
        json_array_append_new(ej, rc_json_fmpq(d.err + l));
        const char *printed = l == 0 ? d.pX : d.pE ? d.pE[l - 1] : NULL;
        int m = printed_agrees(printed, d.err + l);
        ck_state(v, m ? CK_OK : CK_FAIL, "results.err[%ld]: the paper's value differs", (long)l);
        json_array_append_new(em, printed ? json_boolean(m) : json_null());
        if (l == 0)
            continue;
        if (!up && fmpq_cmp(d.err + l, d.err + l - 1) > 0)
            up = l;
        json_array_append_new(hj, vec_json(d.H + l * n, n));
        json_array_append_new(pj, vec_json(d.pre + (l - 1) * n, n));
        int all = 1;
        for (slong i = 0; d.pH && i < n; i++)
            all &= printed_agrees(d.pH[(l - 1) * n + i], d.H + l * n + i);
        ck_state(v, all ? CK_OK : CK_FAIL, "results.H[%ld]: the paper's H differs", (long)l - 1);
        json_array_append_new(hm, d.pH ? json_boolean(all) : json_null());
    }
    /* the network's own risk (1/n) sum (w*H_L + c - y)^2 */
    fmpq_t t, risk;
    fmpq_init(t);
    fmpq_init(risk);
    json_t *outj = json_array(); /* w*H_L(x_i) + c at each data point */
    for (slong i = 0; i < n; i++) {
        fmpq_mul(t, d.w, d.H + L * n + i);
        fmpq_add(t, t, d.c);
        json_array_append_new(outj, rc_json_fmpq(t));
        fmpq_sub(t, t, d.y + i);
        fmpq_addmul(risk, t, t);
    }
    fmpq_div_fmpz(risk, risk, (fmpz_set_si(fmpq_numref(t), n), fmpq_numref(t)));
    /* risk 0 proves a global minimum (risk >= 0); a nonzero one proves
       nothing either way, which matters only when the paper claims one */
    ck_state(v, fmpq_is_zero(risk) || d.claims_min != 1 ? CK_OK : CK_UNDECIDED,
             "results.risk: the risk is not 0, so the claimed global minimum is not confirmed");
    ck_state(v, zero_pre ? CK_FAIL : CK_OK,
             "results.pre_activations: a ReLU pre-activation is 0 at a data point");
    ck_state(v, up ? CK_OK : CK_FAIL, "results.err: err(H_l, Y) never increases along the blocks");
    json_object_set_new(res, "H", hj);
    json_object_set_new(res, "H_matches_paper", hm);
    json_object_set_new(res, "err", ej);
    json_object_set_new(res, "err_matches_paper", em);
    json_object_set_new(res, "pre_activations", pj);
    json_object_set_new(res, "outputs", outj);
    json_object_set_new(res, "risk", rc_json_fmpq(risk));
    json_object_set_new(res, "first_increase", up ? json_integer(up) : json_null());
    fmpq_clear(t);
    fmpq_clear(risk);
    s32_clear(&d);
    *expected = res;
    return 0;
}
