/* Provers of the kernel's linear-algebra witnesses (rescheck/witness.h),
 * moved here from tests/t-ck-linalg.c so that the claims make them too. */
#include "rescheck/witness.h"
#include "rescheck/cert.h"

#include <stdio.h>

#include <flint/fmpq_vec.h>
#include <flint/nmod_mat.h>

static json_t *idx_json(const slong *x, slong n)
{
    json_t *a = json_array();
    for (slong k = 0; k < n; k++)
        json_array_append_new(a, json_integer(x[k]));
    return a;
}

/* ---- (L) and (V) ------------------------------------------------------------ */

static void swap_sym(fmpq_mat_t S, slong a, slong b)
{
    if (a == b)
        return;
    for (slong j = 0; j < fmpq_mat_ncols(S); j++)
        fmpq_swap(fmpq_mat_entry(S, a, j), fmpq_mat_entry(S, b, j));
    for (slong i = 0; i < fmpq_mat_nrows(S); i++)
        fmpq_swap(fmpq_mat_entry(S, i, a), fmpq_mat_entry(S, i, b));
}

/* the swap of a and b in the order so far: perm, and L's finished columns */
static void swap_order(slong *perm, fmpq_mat_t L, slong a, slong b, slong k)
{
    slong t = perm[a];
    perm[a] = perm[b];
    perm[b] = t;
    for (slong j = 0; j < k; j++)
        fmpq_swap(fmpq_mat_entry(L, a, j), fmpq_mat_entry(L, b, j));
}

/* S_ij -= sum_t L_it S_(k+t)j over the s pivot rows from k, for i, j > k + s - 1 */
static void schur_update(fmpq_mat_t S, const fmpq_mat_t L, slong k, slong s)
{
    slong n = fmpq_mat_nrows(S);
    for (slong i = k + s; i < n; i++)
        for (slong t = 0; t < s; t++) {
            const fmpq *l = fmpq_mat_entry(L, i, k + t);
            if (fmpq_is_zero(l))
                continue;
            for (slong j = k + s; j < n; j++)
                fmpq_submul(fmpq_mat_entry(S, i, j), l, fmpq_mat_entry(S, k + t, j));
        }
}

/* y with y^T E y < 0 for a block E of D (1x1 negative, or 2x2 of negative
 * determinant); 0 if E has no negative direction */
static int negative_direction(fmpq *y, const fmpq_mat_t D, slong k, slong s)
{
    const fmpq *a = fmpq_mat_entry(D, k, k);
    if (s == 1) {
        fmpq_one(y);
        return fmpq_sgn(a) < 0;
    }
    const fmpq *b = fmpq_mat_entry(D, k, k + 1), *c = fmpq_mat_entry(D, k + 1, k + 1);
    if (fmpq_sgn(a) < 0) {
        fmpq_one(y), fmpq_zero(y + 1);
    } else if (fmpq_sgn(c) < 0) {
        fmpq_zero(y), fmpq_one(y + 1);
    } else if (fmpq_sgn(a) > 0) { /* y = (b, -a): a (ac - b^2) < 0 */
        fmpq_set(y, b), fmpq_neg(y + 1, a);
    } else if (fmpq_sgn(c) > 0) { /* a = 0: y = (c, -b): c (-b^2) < 0 */
        fmpq_set(y, c), fmpq_neg(y + 1, b);
    } else { /* [[0, b], [b, 0]]: y = (1, -sgn b) gives -2 |b| */
        fmpq_one(y), fmpq_set_si(y + 1, -fmpq_sgn(b), 1);
    }
    return 1;
}

/* v = P^T z where L^T z = y (y zero outside the block at k) */
static void curvature_vector(fmpq *v, const fmpq_mat_t L, const slong *perm, const fmpq *y,
                             slong k, slong s)
{
    slong n = fmpq_mat_nrows(L);
    fmpq *z = _fmpq_vec_init(n);
    for (slong i = n - 1; i >= 0; i--) { /* z_i = y_i - sum_{j > i} L_ji z_j */
        if (i >= k && i < k + s)
            fmpq_set(z + i, y + (i - k));
        else
            fmpq_zero(z + i);
        for (slong j = i + 1; j < n; j++)
            fmpq_submul(z + i, fmpq_mat_entry(L, j, i), z + j);
    }
    for (slong i = 0; i < n; i++)
        fmpq_set(v + perm[i], z + i);
    _fmpq_vec_clear(z, n);
}

json_t *rc_ldl_prove(const fmpq_mat_t H, slong inertia[3], slong *blocks2, fmpq *v)
{
    slong n = fmpq_mat_nrows(H), *perm = flint_malloc((n + 1) * sizeof(slong)), k = 0;
    slong neg_k = -1, neg_s = 0;
    fmpq_mat_t S, L, D;
    fmpq_mat_init_set(S, H);
    fmpq_mat_init(L, n, n);
    fmpq_mat_init(D, n, n);
    fmpq_mat_one(L);
    inertia[0] = inertia[1] = inertia[2] = 0;
    for (slong i = 0; i < n; i++)
        perm[i] = i;
    json_t *Dj = json_array();
    while (k < n) {
        slong piv = -1, pi = -1, pj = -1;
        for (slong i = k; i < n && piv < 0; i++)
            if (!fmpq_is_zero(fmpq_mat_entry(S, i, i)))
                piv = i;
        for (slong i = k; i < n && piv < 0 && pi < 0; i++)
            for (slong j = i + 1; j < n && pi < 0; j++)
                if (!fmpq_is_zero(fmpq_mat_entry(S, i, j)))
                    pi = i, pj = j;
        if (piv < 0 && pi < 0) { /* the rest is 0: L stays 0 below (canonical form) */
            for (; k < n; k++) {
                json_array_append_new(Dj, json_pack("[[s]]", "0"));
                inertia[1]++;
            }
            break;
        }
        slong s = piv >= 0 ? 1 : 2;
        if (piv >= 0) {
            swap_sym(S, k, piv);
            swap_order(perm, L, k, piv, k);
        } else {
            swap_sym(S, k, pi);
            swap_order(perm, L, k, pi, k);
            swap_sym(S, k + 1, pj); /* pj > pi >= k: not moved by the first swap */
            swap_order(perm, L, k + 1, pj, k);
            (*blocks2)++;
        }
        fmpq_mat_t E;
        fmpq_mat_init(E, s, s);
        for (slong a = 0; a < s; a++)
            for (slong b = 0; b < s; b++) {
                fmpq_set(fmpq_mat_entry(E, a, b), fmpq_mat_entry(S, k + a, k + b));
                fmpq_set(fmpq_mat_entry(D, k + a, k + b), fmpq_mat_entry(S, k + a, k + b));
            }
        json_array_append_new(Dj, rc_json_fmpq_mat(E));
        if (s == 1) {
            inertia[1 + fmpq_sgn(fmpq_mat_entry(E, 0, 0))]++;
            for (slong i = k + 1; i < n; i++)
                fmpq_div(fmpq_mat_entry(L, i, k), fmpq_mat_entry(S, i, k), fmpq_mat_entry(E, 0, 0));
        } else { /* [l1 l2] = [S_ik S_i,k+1] E^-1, E = [[0, b], [b, 0]] */
            inertia[0]++, inertia[2]++;
            const fmpq *b = fmpq_mat_entry(E, 0, 1);
            for (slong i = k + 2; i < n; i++) {
                fmpq_div(fmpq_mat_entry(L, i, k), fmpq_mat_entry(S, i, k + 1), b);
                fmpq_div(fmpq_mat_entry(L, i, k + 1), fmpq_mat_entry(S, i, k), b);
            }
        }
        fmpq_mat_clear(E);
        if (neg_k < 0 && (s == 2 || fmpq_sgn(fmpq_mat_entry(D, k, k)) < 0))
            neg_k = k, neg_s = s;
        schur_update(S, L, k, s);
        k += s;
    }
    if (v && neg_k >= 0) {
        fmpq y[2];
        fmpq_init(y), fmpq_init(y + 1);
        negative_direction(y, D, neg_k, neg_s);
        curvature_vector(v, L, perm, y, neg_k, neg_s);
        fmpq_clear(y), fmpq_clear(y + 1);
    }
    json_t *w = json_pack("{s:o, s:o, s:o}", "perm", idx_json(perm, n), "L",
                          rc_json_fmpq_mat(L), "D", Dj);
    flint_free(perm);
    fmpq_mat_clear(S);
    fmpq_mat_clear(L);
    fmpq_mat_clear(D);
    return w;
}

/* ---- (R) -------------------------------------------------------------------- */

/* det A[I,J] mod p != 0, every denominator prime to p */
static int minor_ok_mod(const fmpq_mat_t A, const slong *I, const slong *J, slong r, ulong p)
{
    nmod_mat_t M;
    fmpz_t P, t;
    fmpz_init_set_ui(P, p);
    fmpz_init(t);
    nmod_mat_init(M, r, r, p);
    int ok = 1;
    for (slong a = 0; a < r; a++)
        for (slong b = 0; b < r; b++) {
            ok &= fmpq_mod_fmpz(t, fmpq_mat_entry(A, I[a], J[b]), P);
            nmod_mat_entry(M, a, b) = fmpz_get_ui(t);
        }
    ok = ok && nmod_mat_det(M) != 0;
    nmod_mat_clear(M);
    fmpz_clear(P);
    fmpz_clear(t);
    return ok;
}

/* pivot columns of the rref R of A */
static slong pivots(slong *J, const fmpq_mat_t R, slong r)
{
    for (slong b = 0, j = 0; b < r; b++) {
        while (fmpq_is_zero(fmpq_mat_entry(R, b, j)))
            j++;
        J[b] = j;
    }
    return r;
}

json_t *rc_rank_prove(const fmpq_mat_t A, slong *rank)
{
    slong m = fmpq_mat_nrows(A), n = fmpq_mat_ncols(A);
    slong *I = flint_malloc((m + n + 2) * sizeof(slong)), *J = I + m + 1;
    fmpq_mat_t At, R, Rt;
    fmpq_mat_init(At, n, m);
    fmpq_mat_init(R, m, n);
    fmpq_mat_init(Rt, n, m);
    fmpq_mat_transpose(At, A);
    slong r = fmpq_mat_rref(R, A);
    pivots(J, R, r);
    fmpq_mat_rref(Rt, At); /* the pivot columns of A^T are independent rows of A */
    pivots(I, Rt, r);
    ulong p = n_nextprime(UWORD(1) << 62, 1);
    while (!minor_ok_mod(A, I, J, r, p))
        p = n_nextprime(p, 1);
    json_t *K = json_array();
    fmpq *k = _fmpq_vec_init(n);
    for (slong f = 0, b = 0; f < n; f++) {
        if (b < r && J[b] == f) {
            b++;
            continue;
        }
        for (slong c = 0; c < n; c++)
            fmpq_zero(k + c);
        fmpq_one(k + f);
        for (slong c = 0; c < r; c++)
            fmpq_neg(k + J[c], fmpq_mat_entry(R, c, f));
        json_array_append_new(K, rc_json_fmpq_row(k, n));
    }
    _fmpq_vec_clear(k, n);
    char ps[32];
    snprintf(ps, sizeof ps, "%lu", (unsigned long)p);
    json_t *w = json_pack("{s:I, s:o, s:o, s:s, s:o}", "rank", (json_int_t)r, "rows",
                          idx_json(I, r), "cols", idx_json(J, r), "prime", ps, "kernel", K);
    *rank = r;
    flint_free(I);
    fmpq_mat_clear(At);
    fmpq_mat_clear(R);
    fmpq_mat_clear(Rt);
    return w;
}
