/* li18 Theorem 2: the Hessian at the zero point of n-shortcut networks,
 * recomputed from the certificate's network by the checker's own
 * differentiation (check_li18_net.c), then every statement the prover makes
 * about it: the block structure (8), (10); the paper's formulas (23)-(25),
 * (28)-(32) entry by entry; the charpoly identity (22), (26); the exact
 * spectra behind cond(H) (check_li18_spectrum.c); for n >= 3 the order of
 * the stationary point from the loss's Taylor polynomial. */
#include "rules.h"
#include "rescheck/cert.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>
#include <flint/fmpz_poly_factor.h>

/* the prover computes exact spectra of the n = 1 Hessian up to this size */
#define MAX_EXACT_SPECTRUM RC_LIMIT_SPECTRUM_DIM

typedef struct {
    ck_net net;
    slong d, d2, m;
    fmpq *Z, *Zp, *E;  /* sigma_pre(X), sigma_pre'(X), X - Y (d x m) */
    ck_sparse grad, H; /* of the loss at 0 */
    fmpq_t L0;
} thm2;

static int thm2_init(ck_t *ck, thm2 *t, const json_t *in, slong n_min, slong n_max)
{
    memset(t, 0, sizeof *t);
    fmpq_init(t->L0);
    ck_sparse_init(&t->grad);
    ck_sparse_init(&t->H);
    if (ck_net_read(ck, &t->net, in, n_min, n_max))
        return -1;
    slong d = t->d = t->net.d, m = t->m = t->net.m;
    t->d2 = d * d;
    t->Z = _fmpq_vec_init(d * m);
    t->Zp = _fmpq_vec_init(d * m);
    t->E = _fmpq_vec_init(d * m);
    for (slong k = 0; k < d * m; k++) {
        ck_act_deriv(t->Z + k, &t->net.pre, t->net.X + k, 0);
        ck_act_deriv(t->Zp + k, &t->net.pre, t->net.X + k, 1);
        fmpq_sub(t->E + k, t->net.X + k, t->net.Y + k);
    }
    ck_li18_derivatives(t->L0, &t->grad, &t->H, &t->net);
    return 0;
}

static void thm2_clear(thm2 *t)
{
    if (t->Z) {
        _fmpq_vec_clear(t->Z, t->d * t->m);
        _fmpq_vec_clear(t->Zp, t->d * t->m);
        _fmpq_vec_clear(t->E, t->d * t->m);
    }
    ck_net_clear(&t->net);
    ck_sparse_clear(&t->grad);
    ck_sparse_clear(&t->H);
    fmpq_clear(t->L0);
}

/* (1/m) sum_mu A_{i,mu} B_{j,mu} C_{k,mu} (C = NULL: without it) */
static void mean3(fmpq_t out, const thm2 *t, const fmpq *A, slong i, const fmpq *B, slong j,
                  const fmpq *C, slong k)
{
    fmpq_t x;
    fmpq_init(x);
    fmpq_zero(out);
    for (slong mu = 0; mu < t->m; mu++) {
        fmpq_mul(x, A + i * t->m + mu, B + j * t->m + mu);
        if (C)
            fmpq_mul(x, x, C + k * t->m + mu);
        fmpq_add(out, out, x);
    }
    fmpz_t m;
    fmpz_init_set_si(m, t->m);
    fmpq_div_fmpz(out, out, m);
    fmpz_clear(m);
    fmpq_clear(x);
}

/* the d^2 x d^2 block of H with rows from index row0, columns from col0 */
static void hblock(fmpq_mat_t B, const thm2 *t, slong row0, slong col0)
{
    for (slong a = 0; a < t->d2; a++)
        for (slong b = 0; b < t->d2; b++)
            ck_sparse_get2(fmpq_mat_entry(B, a, b), &t->H, row0 + a, col0 + b);
}

/* (24): P_{ij} = 1 iff i = ((j-1) mod d) d + ceil(j/d) (1-based), i.e.
 * column c (0-based) of P has its one in row perm(c). */
static slong perm(slong c, slong d)
{
    return (c % d) * d + c / d;
}

/* inv[b] = the column c with perm(c) = b: (X P^T)_{ab} = X_{a, inv[b]} and
 * (P X)_{ab} = X_{inv[a], b} */
static slong *perm_inverse(slong d)
{
    slong *inv = malloc(sizeof(slong) * (size_t)(d * d));
    for (slong c = 0; c < d * d; c++)
        inv[perm(c, d)] = c;
    return inv;
}

/* P = P^T iff P_{perm(c), c} = 1 implies P_{c, perm(c)} = 1, i.e. perm(perm(c)) = c */
static int perm_symmetric(slong d)
{
    for (slong c = 0; c < d * d; c++)
        if (perm(perm(c, d), d) != c)
            return 0;
    return 1;
}

/* F = s * blockdiag(N, ..., N) P^T (d blocks) */
static void bd_pt(fmpq_mat_t F, const fmpq_mat_t N, const fmpq_t s, slong d)
{
    slong *inv = perm_inverse(d);
    for (slong a = 0; a < d * d; a++)
        for (slong b = 0; b < d * d; b++) {
            slong c = inv[b];
            fmpq *e = fmpq_mat_entry(F, a, b);
            fmpq_zero(e);
            if (a / d == c / d)
                fmpq_mul(e, fmpq_mat_entry(N, a % d, c % d), s);
        }
    free(inv);
}

static json_t *hessian_json(const ck_sparse *H)
{
    json_t *a = json_array();
    for (slong k = 0; k < H->len; k++)
        json_array_append_new(a, json_pack("[I,I,o]", (json_int_t)H->t[k].m.v[0],
                                           (json_int_t)H->t[k].m.v[1], rc_json_fmpq(H->t[k].c)));
    return a;
}

/* the number of weights: n matrices of d x d in each of the R units */
static slong nparams(const thm2 *t)
{
    return t->net.R * t->net.n * t->d2;
}

static void slope(fmpq_t s, const ck_act *a, slong k)
{
    fmpq_t zero;
    fmpq_init(zero);
    ck_act_deriv(s, a, zero, k);
    fmpq_clear(zero);
}

static json_t *full_charpoly(const ck_sparse *H, slong N);

/* ---- n >= 3 ------------------------------------------------------------------- */

static int thm2_n3(thm2 *t, json_t *res, ck_verdict *v)
{
    uint32_t K = (uint32_t)t->net.n;
    ck_sparse T;
    ck_sparse_init(&T);
    ck_li18_taylor(&T, &t->net, K);
    slong low = 0, top = 0;
    for (slong k = 0; k < T.len; k++) {
        low += T.t[k].m.deg > 0 && T.t[k].m.deg < K;
        top += T.t[k].m.deg == K;
    }
    ck_sparse_clear(&T);
    ck_state(v, low ? CK_FAIL : CK_OK, "results.terms_below_order_n: the loss has nonzero Taylor terms below order n");
    ck_state(v, t->H.len ? CK_FAIL : CK_OK, "results.hessian: the Hessian at 0 is not zero");
    json_object_set_new(res, "loss_at_zero", rc_json_fmpq(t->L0));
    json_object_set_new(res, "terms_below_order_n", json_integer(low));
    json_object_set_new(res, "terms_of_order_n", json_integer(top));
    json_object_set_new(res, "hessian", hessian_json(&t->H));
    json_object_set_new(res, "charpoly_H", full_charpoly(&t->H, nparams(t)));
    json_object_set_new(res, "relu", ck_li18_relu(&t->net));
    return 0;
}

/* ---- n = 2 --------------------------------------------------------------------- */

/* (8): every nonzero entry lies in a [[0, A^T], [A, 0]] block on a unit's
 * diagonal; all units carry the same entries */
static void n2_structure(int *zero_ok, int *same_ok, const thm2 *t)
{
    slong unit = 2 * t->d2, R = t->net.R;
    slong *count = calloc((size_t)R, sizeof(slong));
    fmpq_t x;
    fmpq_init(x);
    *zero_ok = *same_ok = 1;
    for (slong k = 0; k < t->H.len; k++) {
        slong p = t->H.t[k].m.v[0], q = t->H.t[k].m.v[1];
        slong rp = p / unit, rq = q / unit;
        if (rp != rq || (p % unit) / t->d2 == (q % unit) / t->d2) {
            *zero_ok = 0;
            continue;
        }
        count[rp]++;
        ck_sparse_get2(x, &t->H, p - rp * unit, q - rq * unit);
        *same_ok &= fmpq_equal(x, t->H.t[k].c);
    }
    for (slong r = 1; r < R; r++)
        *same_ok &= count[r] == count[0];
    fmpq_clear(x);
    free(count);
}

/* by degree, then by coefficients from the top */
static int factor_cmp(const fmpz_poly_struct *a, const fmpz_poly_struct *b)
{
    slong da = fmpz_poly_degree(a), db = fmpz_poly_degree(b);
    if (da != db)
        return da < db ? -1 : 1;
    for (slong k = da; k >= 0; k--) {
        int c = fmpz_cmp(a->coeffs + k, b->coeffs + k);
        if (c)
            return c;
    }
    return 0;
}

/* charpoly(H) of the whole N x N Hessian, as [{poly, multiplicity}] with
 * charpoly(H) = prod (poly / lead(poly))^multiplicity: the components of
 * H's nonzero pattern (found breadth first) are diagonal blocks after a
 * permutation, so charpoly(H) is the product of theirs; each is factored
 * over Q, equal factors merged, sorted as factor_cmp. null when a component
 * is beyond RC_LIMIT_SPECTRUM_DIM. */
static json_t *full_charpoly(const ck_sparse *H, slong N)
{
    /* adjacency: each entry (p, q), p < q, links both ways */
    slong *deg = calloc((size_t)N + 1, sizeof(slong)), *adj, *head, *seen, *queue;
    for (slong k = 0; k < H->len; k++)
        if (H->t[k].m.v[0] != H->t[k].m.v[1]) {
            deg[H->t[k].m.v[0]]++;
            deg[H->t[k].m.v[1]]++;
        }
    head = calloc((size_t)N + 1, sizeof(slong));
    for (slong i = 0; i < N; i++)
        head[i + 1] = head[i] + deg[i];
    adj = malloc(sizeof(slong) * (size_t)(head[N] + 1));
    memset(deg, 0, sizeof(slong) * (size_t)N);
    for (slong k = 0; k < H->len; k++) {
        slong p = H->t[k].m.v[0], q = H->t[k].m.v[1];
        if (p != q) {
            adj[head[p] + deg[p]++] = q;
            adj[head[q] + deg[q]++] = p;
        }
    }
    seen = calloc((size_t)N + 1, sizeof(slong));
    queue = malloc(sizeof(slong) * (size_t)(N + 1));
    fmpz_poly_struct *fac = NULL;
    slong *mult = NULL, nf = 0;
    fmpz_poly_t cp;
    fmpz_poly_init(cp);
    fmpz_poly_factor_t f;
    fmpz_poly_factor_init(f);
    int beyond = 0;
    for (slong s0 = 0; s0 < N && !beyond; s0++) {
        if (seen[s0])
            continue;
        slong len = 0;
        queue[len++] = s0;
        seen[s0] = 1;
        for (slong h = 0; h < len; h++)
            for (slong e = head[queue[h]]; e < head[queue[h] + 1]; e++)
                if (!seen[adj[e]]) {
                    seen[adj[e]] = 1;
                    queue[len++] = adj[e];
                }
        if (len > RC_LIMIT_SPECTRUM_DIM) {
            beyond = 1;
            break;
        }
        fmpq_mat_t C;
        fmpq_mat_init(C, len, len);
        for (slong a = 0; a < len; a++)
            for (slong b = 0; b < len; b++)
                ck_sparse_get2(fmpq_mat_entry(C, a, b), H, queue[a], queue[b]);
        ck_charpoly(cp, C); /* a permutation of the block: the same charpoly */
        fmpq_mat_clear(C);
        fmpz_poly_factor(f, cp);
        for (slong k = 0; k < f->num; k++) {
            slong j = 0;
            for (; j < nf; j++)
                if (fmpz_poly_equal(fac + j, f->p + k))
                    break;
            if (j == nf) {
                fac = realloc(fac, sizeof(fmpz_poly_struct) * (size_t)(nf + 1));
                mult = realloc(mult, sizeof(slong) * (size_t)(nf + 1));
                fmpz_poly_init(fac + nf);
                fmpz_poly_set(fac + nf, f->p + k);
                mult[nf++] = 0;
            }
            mult[j] += f->exp[k];
        }
    }
    /* insertion sort by factor_cmp */
    for (slong i = 1; i < nf; i++)
        for (slong j = i; j > 0 && factor_cmp(fac + j - 1, fac + j) > 0; j--) {
            fmpz_poly_swap(fac + j - 1, fac + j);
            slong x = mult[j - 1];
            mult[j - 1] = mult[j];
            mult[j] = x;
        }
    json_t *out = beyond ? json_null() : json_array();
    for (slong j = 0; j < nf && !beyond; j++)
        json_array_append_new(out, json_pack("{s:o,s:I}", "poly", rc_json_poly(fac + j),
                                             "multiplicity", (json_int_t)mult[j]));
    for (slong j = 0; j < nf; j++)
        fmpz_poly_clear(fac + j);
    free(fac);
    free(mult);
    fmpz_poly_factor_clear(f);
    fmpz_poly_clear(cp);
    free(deg);
    free(head);
    free(adj);
    free(seen);
    free(queue);
    return out;
}

/* The eigenvalues of H by families, once charpoly(H)(l) = c(l^2)^(R d):
 * each irreducible factor p != mu of c = charpoly((s t)^2 M^T M) with
 * exponent e gives +-sqrt(mu) for its roots mu, each with multiplicity
 * e R d; mu^z gives the eigenvalue 0 with multiplicity 2 z R d. */
static json_t *n2_eigenvalues(const fmpz_poly_t c, slong R, slong d)
{
    fmpz_poly_factor_t fac;
    fmpz_poly_factor_init(fac);
    fmpz_poly_factor(fac, c);
    slong z = 0, n = 0, *order = malloc(sizeof(slong) * (size_t)(fac->num + 1));
    for (slong k = 0; k < fac->num; k++) {
        if (fmpz_poly_degree(fac->p + k) == 1 && fmpz_is_zero(fac->p[k].coeffs)) {
            z = fac->exp[k];
            continue;
        }
        slong j = n++;
        for (; j > 0 && factor_cmp(fac->p + order[j - 1], fac->p + k) > 0; j--)
            order[j] = order[j - 1];
        order[j] = k;
    }
    json_t *fams = json_array();
    for (slong j = 0; j < n; j++) {
        slong k = order[j];
        json_array_append_new(fams, json_pack("{s:o,s:I,s:I}", "mu_poly", rc_json_poly(fac->p + k),
                                              "exponent", (json_int_t)fac->exp[k], "multiplicity",
                                              (json_int_t)(fac->exp[k] * R * d)));
    }
    free(order);
    fmpz_poly_factor_clear(fac);
    return json_pack("{s:o,s:I}", "families", fams, "zero_multiplicity", (json_int_t)(2 * z * R * d));
}

static int thm2_n2(ck_t *ck, thm2 *t, json_t *res, const json_t *results, ck_verdict *v)
{
    slong d = t->d, d2 = t->d2;
    int zero_ok, same_ok;
    ck_state(v, t->grad.len ? CK_FAIL : CK_OK, "results: the gradient at 0 is not zero");
    n2_structure(&zero_ok, &same_ok, t);
    ck_state(v, zero_ok ? CK_OK : CK_FAIL, "results.zero_blocks: (8) fails");
    ck_state(v, same_ok ? CK_OK : CK_FAIL, "results.identical_blocks: (8) fails");

    fmpq_t st, x;
    fmpq_init(st);
    fmpq_init(x);
    slope(st, &t->net.mid, 1);
    slope(x, &t->net.post, 1);
    fmpq_mul(st, st, x);
    fmpq_mat_t A, F, M, Mt, MtM, Blk;
    fmpq_mat_init(A, d2, d2);
    fmpq_mat_init(F, d2, d2);
    fmpq_mat_init(M, d, d);
    fmpq_mat_init(Mt, d, d);
    fmpq_mat_init(MtM, d, d);
    fmpq_mat_init(Blk, 2 * d2, 2 * d2);
    hblock(A, t, d2, 0); /* rows from W^{1,2}, columns from W^{1,1} */
    for (slong i = 0; i < d; i++)
        for (slong j = 0; j < d; j++) /* M = Sigma^{X Z} - Sigma^{Y Z} = (1/m) E Z^T */
            mean3(fmpq_mat_entry(M, i, j), t, t->E, i, t->Z, j, NULL, 0);
    fmpq_mat_transpose(Mt, M);

    /* (23) as printed: A_{(j1,i1),(j2,i2)} = [j1 = i2] (s t / m) sum_mu (x_i1 - y_i1) z_j2 */
    for (slong a = 0; a < d2; a++)
        for (slong b = 0; b < d2; b++) {
            fmpq *e = fmpq_mat_entry(F, a, b);
            fmpq_zero(e);
            if (a / d == b % d) {
                mean3(e, t, t->E, a % d, t->Z, b / d, NULL, 0);
                fmpq_mul(e, e, st);
            }
        }
    int eq23 = fmpq_mat_equal(A, F);
    ck_state(v, eq23 ? CK_OK : CK_FAIL, "results.eq23_holds: (23) fails");
    int p_sym = perm_symmetric(d);
    bd_pt(F, M, st, d); /* (25) */
    int eq25 = fmpq_mat_equal(A, F);
    ck_state(v, eq25 ? CK_OK : CK_FAIL, "results.eq25_holds: (25) fails");
    bd_pt(F, Mt, st, d);
    int eq25t = fmpq_mat_equal(A, F);

    /* (22), (26): charpoly([[0, A^T], [A, 0]]) = charpoly((st)^2 M^T M)(l^2)^d */
    fmpz_poly_t cp_block, cp_mtm, q;
    fmpz_poly_init(cp_block);
    fmpz_poly_init(cp_mtm);
    fmpz_poly_init(q);
    for (slong a = 0; a < d2; a++)
        for (slong b = 0; b < d2; b++) {
            fmpq_set(fmpq_mat_entry(Blk, d2 + a, b), fmpq_mat_entry(A, a, b));
            fmpq_set(fmpq_mat_entry(Blk, b, d2 + a), fmpq_mat_entry(A, a, b));
        }
    ck_charpoly(cp_block, Blk);
    fmpq_mat_mul(MtM, Mt, M);
    fmpq_mul(x, st, st);
    fmpq_mat_scalar_mul_fmpq(MtM, MtM, x);
    ck_charpoly(cp_mtm, MtM);
    for (slong k = 0; k <= fmpz_poly_degree(cp_mtm); k++)
        fmpz_poly_set_coeff_fmpz(q, 2 * k, cp_mtm->coeffs + k);
    fmpz_poly_pow(q, q, (ulong)d);
    fmpz_poly_primitive_part(q, q);
    int cp_ok = fmpz_poly_equal(q, cp_block);
    ck_state(v, cp_ok && same_ok && zero_ok ? CK_OK : CK_FAIL,
             "results.charpoly_identity: (22), (26) fail");

    char path[CK_PATH];
    const json_t *wj = ck_get(ck, results, "MtM", path, "results");
    json_t *spec = NULL;
    arb_t cond;
    arb_init(cond);
    int singular, rc = wj ? ck_spectrum(ck, &spec, cond, &singular, MtM, wj, path) : -1;
    /* the eigenvalues of H are +-|st| sqrt(eigs(M^T M)): cond(H) = sqrt(cond(M^T M)),
       enclosed as the prover does (square root at 128 bits, 20 digits) */
    json_t *cond_h = NULL;
    if (rc == 0) {
        if (fmpq_is_zero(st) || singular) {
            cond_h = json_string("inf");
        } else {
            arb_t h;
            arb_init(h);
            arb_sqrt(h, cond, 128);
            char *str = arb_get_str(h, 20, 0);
            cond_h = json_string(str);
            flint_free(str);
            arb_clear(h);
        }
    }
    arb_clear(cond);

    /* a direction of negative curvature: v = (e_c, -A e_c), v^T H v = -2 |A e_c|^2 */
    json_t *col = json_null();
    fmpq_zero(x);
    for (slong c = 0; c < d2 && fmpq_is_zero(x); c++) {
        for (slong a = 0; a < d2; a++)
            fmpq_addmul(x, fmpq_mat_entry(A, a, c), fmpq_mat_entry(A, a, c));
        if (!fmpq_is_zero(x))
            col = json_pack("{sI}", "column", (json_int_t)c);
    }
    fmpq_mul_si(x, x, -2);

    json_object_set_new(res, "hessian", hessian_json(&t->H));
    json_object_set_new(res, "zero_blocks", json_boolean(zero_ok));
    json_object_set_new(res, "identical_blocks", json_boolean(same_ok));
    json_object_set_new(res, "M", rc_json_fmpq_mat(M));
    json_object_set_new(res, "eq23_holds", json_boolean(eq23));
    json_object_set_new(res, "P_symmetric", json_boolean(p_sym));
    json_object_set_new(res, "eq25_holds", json_boolean(eq25));
    json_object_set_new(res, "eq25_with_Mt_holds", json_boolean(eq25t));
    json_object_set_new(res, "charpoly_block", rc_json_poly(cp_block));
    json_object_set_new(res, "charpoly_H", full_charpoly(&t->H, nparams(t)));
    json_object_set_new(res, "charpoly_identity", json_boolean(cp_ok));
    if (spec)
        json_object_set_new(res, "MtM", spec);
    json_object_set_new(res, "H_eigenvalues", n2_eigenvalues(cp_mtm, t->net.R, d));
    json_object_set_new(res, "relu", ck_li18_relu(&t->net));
    if (cond_h)
        json_object_set_new(res, "cond_H", cond_h);
    json_object_set_new(res, "saddle_column", col);
    json_object_set_new(res, "saddle_curvature", rc_json_fmpq(x));

    fmpz_poly_clear(cp_block);
    fmpz_poly_clear(cp_mtm);
    fmpz_poly_clear(q);
    fmpq_mat_clear(A);
    fmpq_mat_clear(F);
    fmpq_mat_clear(M);
    fmpq_mat_clear(Mt);
    fmpq_mat_clear(MtM);
    fmpq_mat_clear(Blk);
    fmpq_clear(st);
    fmpq_clear(x);
    return rc;
}

/* ---- n = 1 --------------------------------------------------------------------- */

/* (28), (29): B = P blockdiag(Sigma^XX) P^T, and (31), (32):
 * A = blockdiag(Sigma^XX - Sigma^YX) P^T + B */
static void n1_printed(fmpq_mat_t Bp, fmpq_mat_t Ap, const thm2 *t)
{
    slong d = t->d, d2 = t->d2, *inv = perm_inverse(d);
    fmpq_mat_t Sxx, N;
    fmpq_mat_init(Sxx, d, d);
    fmpq_mat_init(N, d, d);
    fmpq_t one, x;
    fmpq_init(one);
    fmpq_init(x);
    fmpq_one(one);
    for (slong i = 0; i < d; i++)
        for (slong j = 0; j < d; j++) {
            mean3(fmpq_mat_entry(Sxx, i, j), t, t->net.X, i, t->net.X, j, NULL, 0);
            mean3(x, t, t->net.Y, i, t->net.X, j, NULL, 0);
            fmpq_sub(fmpq_mat_entry(N, i, j), fmpq_mat_entry(Sxx, i, j), x);
        }
    for (slong a = 0; a < d2; a++)
        for (slong b = 0; b < d2; b++) {
            slong pa = inv[a], pb = inv[b];
            fmpq *e = fmpq_mat_entry(Bp, a, b);
            fmpq_zero(e);
            if (pa / d == pb / d)
                fmpq_set(e, fmpq_mat_entry(Sxx, pa % d, pb % d));
        }
    bd_pt(Ap, N, one, d);
    fmpq_mat_add(Ap, Ap, Bp);
    free(inv);
    fmpq_mat_clear(Sxx);
    fmpq_mat_clear(N);
    fmpq_clear(one);
    fmpq_clear(x);
}

/* the general form for any sigma_pre, sigma_post (t = sigma_post'(0),
 * t2 = sigma_post''(0)): with (j1, i1), (j2, i2) the (column, row) of the
 * row's and the column's weight,
 * B = [i1 = i2] (1/m) sum (t^2 z_j1 z_j2 + t2 E_i1 z_j1 z_j2),
 * A = [i1 = i2] (t^2/m) sum z_j1 z_j2 + [j1 = i2] (t^2/m) sum E_i1 z'_j1 z_j2 */
static void n1_general(fmpq_mat_t Bg, fmpq_mat_t Ag, const thm2 *t)
{
    slong d = t->d;
    fmpq_t t1, t2, zz, ezz, x;
    fmpq_init(t1);
    fmpq_init(t2);
    fmpq_init(zz);
    fmpq_init(ezz);
    fmpq_init(x);
    slope(t1, &t->net.post, 1);
    slope(t2, &t->net.post, 2);
    fmpq_mul(t1, t1, t1);
    for (slong a = 0; a < t->d2; a++)
        for (slong b = 0; b < t->d2; b++) {
            slong j1 = a / d, i1 = a % d, j2 = b / d, i2 = b % d;
            fmpq *eb = fmpq_mat_entry(Bg, a, b), *ea = fmpq_mat_entry(Ag, a, b);
            fmpq_zero(eb);
            fmpq_zero(ea);
            if (i1 == i2) {
                mean3(zz, t, t->Z, j1, t->Z, j2, NULL, 0);
                mean3(ezz, t, t->E, i1, t->Z, j1, t->Z, j2);
                fmpq_mul(eb, zz, t1);
                fmpq_addmul(eb, ezz, t2);
                fmpq_mul(ea, zz, t1);
            }
            if (j1 == i2) {
                mean3(x, t, t->E, i1, t->Zp, j1, t->Z, j2);
                fmpq_addmul(ea, x, t1);
            }
        }
    fmpq_clear(t1);
    fmpq_clear(t2);
    fmpq_clear(zz);
    fmpq_clear(ezz);
    fmpq_clear(x);
}

/* cond(H_r) for the leading r d^2 block, r = 1, 2, ... while the prover
 * computes it; the growth statement compares the last with the first */
static int n1_conds(ck_t *ck, json_t *res, const thm2 *t, const json_t *results, ck_verdict *v)
{
    char path[CK_PATH], sub[CK_PATH];
    const json_t *cj = ck_get(ck, results, "cond_by_depth", path, "results");
    if (!cj || ck_array(ck, cj, -1, path) < 0)
        return -1;
    json_t *conds = json_array();
    json_object_set_new(res, "cond_by_depth", conds);
    arb_t first, last, c;
    arb_init(first);
    arb_init(last);
    arb_init(c);
    int any_singular = 0, rc = 0;
    slong computed = 0;
    for (slong r = 1; r <= t->net.R && rc == 0; r++) {
        slong dim = r * t->d2;
        if (dim > MAX_EXACT_SPECTRUM) {
            ck_state(v, CK_UNDECIDED, "results.cond_by_depth: cond(H_%ld) is beyond the exact spectrum size", (long)r);
            break;
        }
        fmpq_mat_t S;
        fmpq_mat_init(S, dim, dim);
        for (slong p = 0; p < dim; p++)
            for (slong q = 0; q < dim; q++)
                ck_sparse_get2(fmpq_mat_entry(S, p, q), &t->H, p, q);
        ck_pathf(sub, "%s[%ld]", path, (long)r - 1);
        json_t *o = NULL;
        int singular = 0;
        const json_t *w = json_array_get(cj, (size_t)r - 1);
        rc = w ? ck_spectrum(ck, &o, c, &singular, S, w, sub) : ck_fail(ck, sub, "missing");
        fmpq_mat_clear(S);
        if (rc)
            break;
        json_array_append_new(conds, o);
        any_singular |= singular;
        if (!singular) {
            if (r == 1)
                arb_set(first, c);
            arb_set(last, c);
            computed = r;
        }
    }
    if (rc == 0 && computed > 1 && !any_singular) {
        ck_status st = arb_gt(last, first) ? CK_OK : arb_lt(last, first) ? CK_FAIL : CK_UNDECIDED;
        ck_state(v, st, "results.cond_by_depth: cond(H) does not grow from depth 1 to %ld", (long)computed);
    }
    arb_clear(first);
    arb_clear(last);
    arb_clear(c);
    return rc;
}

/* n = 1: the gradient at 0 is sigma_post'(0) M in every unit (w^{r,1}_{ij}
 * has dL/dw = (1/m) sum_mu (x_i - y_i) sigma_post'(0) z_j); stationary iff
 * it is 0 */
static void n1_gradient(json_t *res, const thm2 *t, ck_verdict *v)
{
    slong d = t->d;
    fmpq_mat_t M, Sxx, Syx;
    fmpq_mat_init(M, d, d);
    fmpq_mat_init(Sxx, d, d);
    fmpq_mat_init(Syx, d, d);
    fmpq_t s, zero, norm2;
    fmpq_init(s);
    fmpq_init(zero);
    fmpq_init(norm2);
    slope(s, &t->net.post, 1);
    for (slong i = 0; i < d; i++)
        for (slong j = 0; j < d; j++) {
            mean3(fmpq_mat_entry(M, i, j), t, t->E, i, t->Z, j, NULL, 0);
            mean3(fmpq_mat_entry(Sxx, i, j), t, t->net.X, i, t->net.X, j, NULL, 0);
            mean3(fmpq_mat_entry(Syx, i, j), t, t->net.Y, i, t->net.X, j, NULL, 0);
        }
    /* M unscaled, Sigma^XX = (1/m) X X^T, Sigma^YX = (1/m) Y X^T */
    json_object_set_new(res, "M", rc_json_fmpq_mat(M));
    json_object_set_new(res, "Sigma_XX", rc_json_fmpq_mat(Sxx));
    json_object_set_new(res, "Sigma_YX", rc_json_fmpq_mat(Syx));
    fmpq_mat_scalar_mul_fmpq(M, M, s);
    /* the gradient's terms are sorted by index: walk them beside p; the
       whole vector, zeros included, goes to the results */
    json_t *gj = json_array();
    int tM = 1;
    slong k = 0;
    for (slong p = 0; p < t->net.R * t->d2; p++) { /* p = (r d + j) d + i */
        const fmpq *g = zero;
        if (k < t->grad.len && t->grad.t[k].m.v[0] == (uint32_t)p)
            g = t->grad.t[k++].c;
        tM &= fmpq_equal(g, fmpq_mat_entry(M, p % d, p / d % d));
        fmpq_addmul(norm2, g, g);
        json_array_append_new(gj, rc_json_fmpq(g));
    }
    json_object_set_new(res, "gradient", gj);
    json_object_set_new(res, "gradient_norm2", rc_json_fmpq(norm2));
    ck_state(v, tM ? CK_OK : CK_FAIL, "results.gradient_is_tM: the gradient is not sigma_post'(0) M");
    json_object_set_new(res, "gradient_is_tM", json_boolean(tM));
    json_object_set_new(res, "stationary", json_boolean(t->grad.len == 0));
    fmpq_mat_clear(M);
    fmpq_mat_clear(Sxx);
    fmpq_mat_clear(Syx);
    fmpq_clear(s);
    fmpq_clear(zero);
    fmpq_clear(norm2);
}

static int thm2_n1(ck_t *ck, thm2 *t, json_t *res, const json_t *results, ck_verdict *v)
{
    slong d2 = t->d2, R = t->net.R;
    fmpq_mat_t B, A, T, Bf, Af;
    fmpq_mat_init(B, d2, d2);
    fmpq_mat_init(A, d2, d2);
    fmpq_mat_init(T, d2, d2);
    fmpq_mat_init(Bf, d2, d2);
    fmpq_mat_init(Af, d2, d2);
    /* (10): the diagonal blocks equal B = block (1, 1), the blocks below the
       diagonal equal A = block (2, 1) */
    hblock(B, t, 0, 0);
    if (R > 1)
        hblock(A, t, d2, 0);
    int toeplitz = 1;
    for (slong r1 = 0; r1 < R && toeplitz; r1++)
        for (slong r2 = 0; r2 <= r1 && toeplitz; r2++) {
            hblock(T, t, r1 * d2, r2 * d2);
            toeplitz = fmpq_mat_equal(T, r1 == r2 ? B : A);
        }
    ck_state(v, toeplitz ? CK_OK : CK_FAIL, "results.block_toeplitz: (10) fails");
    json_t *eq29 = json_null(), *eq32 = json_null();
    if (t->net.pre.kind == CK_ACT_IDENTITY && t->net.post.kind != CK_ACT_POLY) {
        n1_printed(Bf, Af, t);
        int b_ok = fmpq_mat_equal(B, Bf), a_ok = R == 1 || fmpq_mat_equal(A, Af);
        ck_state(v, b_ok ? CK_OK : CK_FAIL, "results.eq28_29_hold: (28), (29) fail");
        ck_state(v, a_ok ? CK_OK : CK_FAIL, "results.eq31_32_hold: (31), (32) fail");
        eq29 = json_boolean(b_ok);
        eq32 = json_boolean(a_ok);
    }
    n1_general(Bf, Af, t);
    int general = fmpq_mat_equal(B, Bf) && (R == 1 || fmpq_mat_equal(A, Af));
    ck_state(v, general ? CK_OK : CK_FAIL, "results.general_form_holds: the general form fails");
    json_object_set_new(res, "hessian", hessian_json(&t->H));
    json_object_set_new(res, "block_toeplitz", json_boolean(toeplitz));
    json_object_set_new(res, "B", rc_json_fmpq_mat(B));
    json_object_set_new(res, "A", rc_json_fmpq_mat(A));
    json_object_set_new(res, "eq28_29_hold", eq29);
    json_object_set_new(res, "eq31_32_hold", eq32);
    json_object_set_new(res, "general_form_holds", json_boolean(general));
    n1_gradient(res, t, v);
    json_object_set_new(res, "relu", ck_li18_relu(&t->net));
    fmpq_mat_clear(B);
    fmpq_mat_clear(A);
    fmpq_mat_clear(T);
    fmpq_mat_clear(Bf);
    fmpq_mat_clear(Af);
    return n1_conds(ck, res, t, results, v);
}

int ck_li18_hessian(ck_t *ck, int n, const char *claim, const json_t *inputs,
                    const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)claim;
    thm2 t;
    json_t *res = json_object();
    int rc = thm2_init(ck, &t, inputs, n, n < 3 ? n : 0);
    if (rc == 0)
        rc = n == 1 ? thm2_n1(ck, &t, res, results, v)
           : n == 2 ? thm2_n2(ck, &t, res, results, v)
                    : thm2_n3(&t, res, v);
    thm2_clear(&t);
    if (rc)
        json_decref(res);
    else
        *expected = res;
    return rc;
}
