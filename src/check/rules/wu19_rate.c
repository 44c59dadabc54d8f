/* wu19 discrete rate (author response): re-runs, from the certificate's
 * instances, every GD step of every trajectory from ZAS with scale a: the
 * exact prefix (while W(t-1)'s entries have at most exact_bits/(2L) bits) in
 * rationals, the rest in Arb balls at the instance's precision, with the
 * ball arithmetic the rule fixes (docs/certificates.md, wu19.rate/1): every
 * matrix-product entry one arb_dot over the index in order, sums entrywise.
 * Here written with explicit index loops (the prover goes through its own
 * matrix helpers); statuses, ratios and the final loss are recomputed. */
#include "rules.h"
#include "rescheck/cert.h"

#include <arb_mat.h>
#include <flint/fmpq_vec.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    slong d, dout, L, T, prec, ebits;
    int probe;
    fmpq_t a, eta;
    fmpq *Phi; /* dout x d row-major */
} inst;

/* dims of layer l: rows x d */
static slong rows(const inst *r, slong l) { return l == r->L ? r->dout : r->d; }

/* ---- exact: layers as row-major fmpq arrays ---- */
static void qmul(fmpq *C, const fmpq *A, const fmpq *B, slong n, slong k, slong m)
{
    fmpq *T = _fmpq_vec_init(n * m);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < m; j++)
            for (slong t = 0; t < k; t++)
                fmpq_addmul(T + i * m + j, A + i * k + t, B + t * m + j);
    for (slong i = 0; i < n * m; i++)
        fmpq_swap(C + i, T + i);
    _fmpq_vec_clear(T, n * m);
}

/* E and R from W; Fs[l] = W_l ... W_1 (Fs[0] = I) */
static void qloss(fmpq_t R, fmpq *E, fmpq **Fs, fmpq **W, const inst *r)
{
    slong d = r->d;
    for (slong i = 0; i < d * d; i++)
        fmpq_zero(Fs[0] + i);
    for (slong i = 0; i < d; i++)
        fmpq_one(Fs[0] + i * d + i);
    for (slong l = 1; l < r->L; l++)
        qmul(Fs[l], W[l], Fs[l - 1], d, d, d);
    qmul(E, W[r->L], Fs[r->L - 1], r->dout, d, d);
    fmpq_zero(R);
    for (slong i = 0; i < r->dout * d; i++) {
        fmpq_sub(E + i, E + i, r->Phi + i);
        fmpq_addmul(R, E + i, E + i);
    }
    fmpq_div_2exp(R, R, 1);
}

static void qstep(fmpq **W, fmpq **Fs, const fmpq *E, const inst *r)
{
    slong d = r->d, L = r->L, o = r->dout;
    fmpq **G = flint_malloc(sizeof(fmpq *) * (size_t)(L + 1));
    /* S_l = W_L ... W_{l+1} as an o x rows(l) matrix, S_L = I */
    slong sn = o * FLINT_MAX(o, d);
    fmpq *S = _fmpq_vec_init(sn), *SE = _fmpq_vec_init(d * d);
    for (slong l = L; l >= 1; l--) {
        slong rl = rows(r, l);
        if (l == L) {
            for (slong i = 0; i < sn; i++)
                fmpq_zero(S + i);
            for (slong i = 0; i < o; i++)
                fmpq_one(S + i * o + i); /* o x o identity, stride o */
        }
        /* SE = S^T E (rl x d), S has o rows and rl columns */
        for (slong i = 0; i < d * d; i++)
            fmpq_zero(SE + i);
        for (slong i = 0; i < rl; i++)
            for (slong j = 0; j < d; j++)
                for (slong t = 0; t < o; t++)
                    fmpq_addmul(SE + i * d + j, S + t * rl + i, E + t * d + j);
        G[l] = _fmpq_vec_init(rl * d);
        for (slong i = 0; i < rl; i++)
            for (slong j = 0; j < d; j++)
                for (slong t = 0; t < d; t++)
                    fmpq_addmul(G[l] + i * d + j, SE + i * d + t, Fs[l - 1] + j * d + t);
        if (l > 1)
            qmul(S, S, W[l], o, rl, d);
    }
    for (slong l = 1; l <= L; l++) {
        for (slong i = 0; i < rows(r, l) * d; i++)
            fmpq_submul(W[l] + i, G[l] + i, r->eta);
        _fmpq_vec_clear(G[l], rows(r, l) * d);
    }
    _fmpq_vec_clear(S, sn);
    _fmpq_vec_clear(SE, d * d);
    flint_free(G);
}

/* ---- balls: every product entry one arb_dot in index order ---- */
static void bmul(arb_ptr C, arb_srcptr A, int ta, slong ar, slong ac, arb_srcptr B, int tb,
                 slong br, slong bc, slong prec)
{
    slong n = ta ? ac : ar, k = ta ? ar : ac, m = tb ? br : bc;
    arb_ptr T = _arb_vec_init(n * m), x = _arb_vec_init(k), y = _arb_vec_init(k);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < m; j++) {
            for (slong t = 0; t < k; t++) {
                arb_set(x + t, ta ? A + t * ac + i : A + i * ac + t);
                arb_set(y + t, tb ? B + j * bc + t : B + t * bc + j);
            }
            arb_dot(T + i * m + j, NULL, 0, x, 1, y, 1, k, prec);
        }
    _arb_vec_set(C, T, n * m);
    _arb_vec_clear(T, n * m);
    _arb_vec_clear(x, k);
    _arb_vec_clear(y, k);
}

static void bloss(arb_t R, arb_ptr E, arb_ptr *Fs, arb_ptr *W, arb_srcptr Phi, const inst *r)
{
    slong d = r->d, p = r->prec;
    _arb_vec_zero(Fs[0], d * d);
    for (slong i = 0; i < d; i++)
        arb_one(Fs[0] + i * d + i);
    for (slong l = 1; l < r->L; l++)
        bmul(Fs[l], W[l], 0, d, d, Fs[l - 1], 0, d, d, p);
    bmul(E, W[r->L], 0, r->dout, d, Fs[r->L - 1], 0, d, d, p);
    arb_zero(R);
    for (slong i = 0; i < r->dout * d; i++)
        arb_sub(E + i, E + i, Phi + i, p);
    for (slong i = 0; i < r->dout * d; i++)
        arb_addmul(R, E + i, E + i, p);
    arb_mul_2exp_si(R, R, -1);
}

static void bstep(arb_ptr *W, arb_ptr *Fs, arb_srcptr E, const arb_t eta, const inst *r)
{
    slong d = r->d, L = r->L, o = r->dout, p = r->prec;
    arb_ptr *G = flint_malloc(sizeof(arb_ptr) * (size_t)(L + 1));
    arb_ptr S = _arb_vec_init(o * FLINT_MAX(o, d)), M = _arb_vec_init(d * d);
    for (slong i = 0; i < o; i++)
        arb_one(S + i * o + i);
    slong scols = o;
    for (slong l = L; l >= 1; l--) {
        slong rl = rows(r, l);
        bmul(M, S, 1, o, scols, E, 0, o, d, p);
        G[l] = _arb_vec_init(rl * d);
        bmul(G[l], M, 0, rl, d, Fs[l - 1], 1, d, d, p);
        if (l > 1) {
            bmul(S, S, 0, o, scols, W[l], 0, rl, d, p);
            scols = d;
        }
    }
    for (slong l = 1; l <= L; l++) {
        for (slong i = 0; i < rows(r, l) * d; i++) {
            arb_mul(G[l] + i, G[l] + i, eta, p);
            arb_sub(W[l] + i, W[l] + i, G[l] + i, p);
        }
        _arb_vec_clear(G[l], rows(r, l) * d);
    }
    _arb_vec_clear(S, o * FLINT_MAX(o, d));
    _arb_vec_clear(M, d * d);
    flint_free(G);
}

static slong qbits(fmpq **W, const inst *r)
{
    slong b = 0;
    for (slong l = 1; l <= r->L; l++)
        for (slong i = 0; i < rows(r, l) * r->d; i++)
            b = FLINT_MAX(b, (slong)(fmpz_bits(fmpq_numref(W[l] + i)) + fmpz_bits(fmpq_denref(W[l] + i))));
    return b;
}

static json_t *str_of(const arb_t x, slong digits)
{
    char *s = arb_get_str(x, digits, 0);
    json_t *j = json_string(s);
    flint_free(s);
    return j;
}

static json_t *trajectory(const inst *r, const char *name, ck_verdict *v)
{
    slong L = r->L, d = r->d, T = r->T, prec = r->prec, n = 0;
    json_t *res = json_object();
    json_object_set_new(res, "name", json_string(name));
    fmpq_t c, q, R0, R, B, t1;
    fmpq_init(c); fmpq_init(q); fmpq_init(R0); fmpq_init(R); fmpq_init(B); fmpq_init(t1);
    fmpq_set(c, r->eta);
    for (slong k = 0; k < 2 * (L - 1); k++)
        fmpq_mul(c, c, r->a);
    fmpq_one(q);
    fmpq_div_2exp(t1, c, 1);
    fmpq_sub(q, q, t1);
    json_object_set_new(res, "c", rc_json_fmpq(c));
    json_object_set_new(res, "eta_below_letter_bound", json_boolean(fmpq_cmp_si(c, 1) < 0));
    fmpq **W = flint_malloc(sizeof(fmpq *) * (size_t)(L + 1)), **Fs = flint_malloc(sizeof(fmpq *) * (size_t)L);
    for (slong l = 1; l <= L; l++) {
        W[l] = _fmpq_vec_init(rows(r, l) * d);
        for (slong i = 0; l < L && i < d; i++)
            fmpq_set(W[l] + i * d + i, r->a);
    }
    for (slong l = 0; l < L; l++)
        Fs[l] = _fmpq_vec_init(d * d);
    fmpq *E = _fmpq_vec_init(r->dout * d);
    qloss(R0, E, Fs, W, r);
    json_object_set_new(res, "R0", rc_json_fmpq(R0));
    char *status = flint_malloc((size_t)T + 2);
    json_t *ratios = json_array();
    status[0] = 'h';
    json_array_append_new(ratios, json_string("1"));
    slong first = 0, und = 0, ex = 0, t = 1, lost = 0;
    arb_t ratio, Rb, Bb, qb, etab;
    arb_init(ratio); arb_init(Rb); arb_init(Bb); arb_init(qb); arb_init(etab);
    fmpq_set(B, R0);
    while (t <= T && qbits(W, r) <= r->ebits / (2 * L)) {
        qstep(W, Fs, E, r);
        qloss(R, E, Fs, W, r);
        fmpq_mul(B, B, q);
        int viol = fmpq_cmp(R, B) > 0;
        status[t] = viol ? 'v' : 'h';
        if (viol && !first)
            first = t;
        if (fmpq_is_zero(B))
            arb_indeterminate(ratio);
        else {
            fmpq_div(t1, R, B);
            arb_set_fmpq(ratio, t1, prec);
        }
        json_array_append_new(ratios, str_of(ratio, 5));
        ex = t++;
    }
    arb_ptr *Wb = flint_malloc(sizeof(arb_ptr) * (size_t)(L + 1)), *Fb = flint_malloc(sizeof(arb_ptr) * (size_t)L);
    arb_ptr Eb = _arb_vec_init(r->dout * d), Phib = _arb_vec_init(r->dout * d);
    for (slong i = 0; i < r->dout * d; i++)
        arb_set_fmpq(Phib + i, r->Phi + i, prec);
    for (slong l = 1; l <= L; l++) {
        n = rows(r, l) * d;
        Wb[l] = _arb_vec_init(n);
        for (slong i = 0; i < n; i++)
            arb_set_fmpq(Wb[l] + i, W[l] + i, prec);
    }
    for (slong l = 0; l < L; l++)
        Fb[l] = _arb_vec_init(d * d);
    arb_set_fmpq(qb, q, prec);
    arb_set_fmpq(etab, r->eta, prec);
    arb_set_fmpq(Bb, B, prec);
    if (t <= T)
        bloss(Rb, Eb, Fb, Wb, Phib, r);
    for (; t <= T; t++) {
        bstep(Wb, Fb, Eb, etab, r);
        bloss(Rb, Eb, Fb, Wb, Phib, r);
        arb_mul(Bb, Bb, qb, prec);
        if (arb_le(Rb, Bb))
            status[t] = 'h';
        else if (arb_gt(Rb, Bb)) {
            status[t] = 'v';
            if (!first)
                first = t;
        } else {
            status[t] = 'u';
            und++;
        }
        arb_div(ratio, Rb, Bb, prec);
        json_array_append_new(ratios, str_of(ratio, 5));
        if (status[t] == 'u' && arb_contains_zero(Rb)) { /* lost: later balls only widen */
            lost = t++;
            break;
        }
    }
    for (; t <= T; t++) {
        status[t] = 'u';
        und++;
        json_array_append_new(ratios, json_null());
    }
    status[T + 1] = 0;
    if (ex == T)
        arb_set_fmpq(Rb, R, prec);
    json_object_set_new(res, "exact_steps", json_integer(ex));
    json_object_set_new(res, "status", json_string(status));
    json_object_set_new(res, "ratio", ratios);
    json_object_set_new(res, "first_violation", first ? json_integer(first) : json_null());
    json_object_set_new(res, "undecided_steps", json_integer(und));
    json_object_set_new(res, "enclosure_lost_at", lost ? json_integer(lost) : json_null());
    json_object_set_new(res, "R_final", lost ? json_null() : str_of(Rb, 8));
    if (!r->probe)
        ck_state(v, first ? CK_FAIL : und ? CK_UNDECIDED : CK_OK,
                 "%s: the discrete bound %s", name, first ? "fails at a step" : "is undecided at a step");
    flint_free(status);
    for (slong l = 1; l <= L; l++) {
        _fmpq_vec_clear(W[l], rows(r, l) * d);
        _arb_vec_clear(Wb[l], rows(r, l) * d);
    }
    for (slong l = 0; l < L; l++) {
        _fmpq_vec_clear(Fs[l], d * d);
        _arb_vec_clear(Fb[l], d * d);
    }
    flint_free(W); flint_free(Fs); flint_free(Wb); flint_free(Fb);
    _fmpq_vec_clear(E, r->dout * d);
    _arb_vec_clear(Eb, r->dout * d);
    _arb_vec_clear(Phib, r->dout * d);
    arb_clear(ratio); arb_clear(Rb); arb_clear(Bb); arb_clear(qb); arb_clear(etab);
    fmpq_clear(c); fmpq_clear(q); fmpq_clear(R0); fmpq_clear(R); fmpq_clear(B); fmpq_clear(t1);
    return res;
}

static int read_inst(ck_t *ck, inst *r, const json_t *o, const char *path)
{
    char p[CK_PATH];
    if (ck_keys(ck, o, path, "name role d d_out L a eta Phi steps prec exact_bits"))
        return -1;
    const char *role = json_string_value(json_object_get(o, "role"));
    if (!json_is_string(json_object_get(o, "name")) || !role ||
        (strcmp(role, "check") && strcmp(role, "probe")))
        return ck_fail(ck, path, "name must be a string, role \"check\" or \"probe\"");
    r->probe = !strcmp(role, "probe");
#define INT(field, var, lo, hi)                                                                    \
    ck_pathf(p, "%s." field, path);                                                                \
    if (ck_int(ck, &r->var, json_object_get(o, field), lo, hi, p))                                 \
        return -1;
    INT("d", d, 1, RC_LIMIT_WU19_WIDTH)
    INT("d_out", dout, 1, RC_LIMIT_WU19_WIDTH)
    INT("L", L, 2, RC_LIMIT_WU19_DEPTH)
    INT("steps", T, 1, RC_LIMIT_WU19_STEPS)
    INT("prec", prec, 64, RC_LIMIT_WU19_PREC)
    INT("exact_bits", ebits, 0, RC_LIMIT_WU19_EXACT_BITS)
#undef INT
    char what[128];
    snprintf(what, sizeof what, "L = %ld, d = %ld, %ld steps at %ld bits, exact budget %ld bits",
             (long)r->L, (long)FLINT_MAX(r->d, r->dout), (long)r->T, (long)r->prec, (long)r->ebits);
    if (ck_cost(ck, path, rc_cost_wu19_rate(r->L, FLINT_MAX(r->d, r->dout), r->T, r->prec, r->ebits), what))
        return -1;
    ck_pathf(p, "%s.a", path);
    if (ck_q(ck, r->a, json_object_get(o, "a"), p))
        return -1;
    if (fmpq_sgn(r->a) <= 0)
        return ck_fail(ck, p, "must be positive");
    ck_pathf(p, "%s.eta", path);
    if (ck_q(ck, r->eta, json_object_get(o, "eta"), p))
        return -1;
    if (fmpq_sgn(r->eta) <= 0)
        return ck_fail(ck, p, "must be positive");
    fmpq_mat_t P;
    fmpq_mat_init(P, r->dout, r->d);
    ck_pathf(p, "%s.Phi", path);
    int rc = ck_qmat(ck, P, json_object_get(o, "Phi"), p);
    r->Phi = _fmpq_vec_init(r->dout * r->d);
    for (slong i = 0; !rc && i < r->dout; i++)
        for (slong j = 0; j < r->d; j++)
            fmpq_set(r->Phi + i * r->d + j, fmpq_mat_entry(P, i, j));
    fmpq_mat_clear(P);
    return rc;
}

int ck_wu19_rate(ck_t *ck, int variant, const char *claim, const json_t *in,
                 const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant;
    (void)claim;
    (void)results;
    char p[CK_PATH];
    const json_t *ins = json_object_get(in, "instances");
    slong N = ck_instances(ck, in, RC_LIMIT_WU19_INSTANCES);
    if (N < 0)
        return -1;
    /* read and cost every instance before running any */
    inst *r = calloc((size_t)N, sizeof *r);
    int rc = 0;
    double total = 0;
    slong nread = 0;
    for (slong i = 0; i < N && !rc; i++, nread++) {
        fmpq_init(r[i].a);
        fmpq_init(r[i].eta);
        ck_pathf(p, "inputs.instances[%ld]", (long)i);
        rc = read_inst(ck, r + i, json_array_get(ins, i), p);
        if (!rc)
            total += rc_cost_wu19_rate(r[i].L, FLINT_MAX(r[i].d, r[i].dout), r[i].T, r[i].prec, r[i].ebits);
        for (slong k = 0; !rc && k < i; k++)
            if (!strcmp(json_string_value(json_object_get(json_array_get(ins, i), "name")),
                        json_string_value(json_object_get(json_array_get(ins, k), "name"))))
                rc = ck_fail(ck, p, "name repeats instance %ld's", (long)k);
    }
    if (!rc)
        rc = ck_cost(ck, "inputs.instances", total, "all trajectories together");
    if (!rc) {
        json_t *out = json_array();
        for (slong i = 0; i < N; i++)
            json_array_append_new(out, trajectory(r + i, json_string_value(json_object_get(json_array_get(ins, i), "name")), v));
        json_t *res = json_object();
        json_object_set_new(res, "instances", out);
        *expected = res;
    }
    for (slong i = 0; i < nread; i++) {
        if (r[i].Phi)
            _fmpq_vec_clear(r[i].Phi, r[i].dout * r[i].d);
        fmpq_clear(r[i].a);
        fmpq_clear(r[i].eta);
    }
    free(r);
    return rc;
}
