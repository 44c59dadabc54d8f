/* Exact linear algebra for the rules: witnesses of the rank, the inertia and
 * negative curvature, verified as given and never searched for. (The small-
 * matrix path by characteristic polynomials and Descartes' rule of signs is
 * li18's, in rules/li18_spectrum.c.)
 *
 *   (R) rank A = r (A is m x n) from r rows I, r columns J, a prime p < 2^64
 *       and n - r vectors k_t. det A[I,J] is nonzero modulo p (reduction mod p
 *       is a ring map on the rationals whose denominators p does not divide),
 *       so rank A >= r. A k_t = 0, and k_t is the t-th unit vector on the
 *       columns outside J, so the k_t are independent and rank A <= r. When
 *       rank A = r and A[I,J] is invertible the columns J span A's columns, so
 *       these k_t exist, and are unique (solve A[I,J] C = A[I,J^c]).
 *   (L) inertia H = inertia D when P H P^T = L D L^T, (P H P^T)_ij =
 *       H[perm_i][perm_j], L unit lower triangular, D block diagonal with 1x1
 *       blocks and symmetric 2x2 blocks of negative determinant (one positive
 *       and one negative eigenvalue each): H is congruent to D by an
 *       invertible matrix (Sylvester's law of inertia). L D L^T is symmetric,
 *       so a non-symmetric H fails. Exact symmetric elimination needs no other
 *       block: pivot on a nonzero diagonal entry, else on [[0, b], [b, 0]].
 *       Canonical form: L is 0 below a zero 1x1 pivot and inside a 2x2 block.
 *       A zero pivot's column of L multiplies 0 in L D L^T, so any entries
 *       there would pass: without the rule one factorisation would have
 *       infinitely many spellings, and an edited certificate would still be
 *       accepted. With it, L and D follow from H, perm and the block sizes.
 *   (V) v^T H v < 0 for a rational v: lambda_min(H) < 0 (Rayleigh). */
#include "kernel.h"

#include <flint/fmpz_mat.h>
#include <flint/fmpq_vec.h>
#include <flint/nmod_mat.h>

#include <string.h>

/* ---- the witnesses (R), (L), (V) ------------------------------------------ */

/* n canonical rationals from the array j into x[0..n-1] */
static int qrow(ck_t *ck, fmpq *x, slong n, const json_t *j, const char *path)
{
    char p[CK_PATH];
    if (ck_array(ck, j, n, path) < 0)
        return -1;
    for (slong k = 0; k < n; k++) {
        ck_pathf(p, "%s[%ld]", path, (long)k);
        if (ck_q(ck, x + k, json_array_get(j, k), p))
            return -1;
    }
    return 0;
}

int ck_qmat(ck_t *ck, fmpq_mat_t A, const json_t *j, const char *path)
{
    char p[CK_PATH];
    if (ck_array(ck, j, fmpq_mat_nrows(A), path) < 0)
        return -1;
    for (slong i = 0; i < fmpq_mat_nrows(A); i++) {
        ck_pathf(p, "%s[%ld]", path, (long)i);
        if (qrow(ck, A->rows[i], fmpq_mat_ncols(A), json_array_get(j, i), p))
            return -1;
    }
    return 0;
}

/* w.key: len indices in [0, bound), strictly increasing if up */
static int indices(ck_t *ck, slong *x, slong len, slong bound, int up, const json_t *w,
                   const char *key, const char *path)
{
    char p[CK_PATH], q[CK_PATH];
    const json_t *j = json_object_get(w, key);
    ck_pathf(p, "%s.%s", path, key);
    if (ck_array(ck, j, len, p) < 0)
        return -1;
    for (slong k = 0; k < len; k++) {
        ck_pathf(q, "%s[%ld]", p, (long)k);
        if (ck_int(ck, x + k, json_array_get(j, k), up && k ? x[k - 1] + 1 : 0, bound - 1, q))
            return -1;
    }
    return 0;
}

/* the entry (i, j) of A is 1 if one, else 0 */
static int unit_at(ck_t *ck, const fmpq_mat_t A, slong i, slong j, int one, const char *path,
                   const char *what)
{
    const fmpq *a = fmpq_mat_entry(A, i, j);
    char p[CK_PATH];
    if (one ? fmpq_is_one(a) : fmpq_is_zero(a))
        return 0;
    ck_pathf(p, "%s[%ld][%ld]", path, (long)i, (long)j);
    return ck_fail(ck, p, "expected %d: %s", one, what);
}

int ck_rank(ck_t *ck, slong *rank, const fmpq_mat_t A, const json_t *w, const char *path)
{
    slong m = fmpq_mat_nrows(A), n = fmpq_mat_ncols(A), r;
    int ret = -1, bad = 0;
    char p[CK_PATH];
    if (ck_keys(ck, w, path, "cols kernel prime rank rows"))
        return -1;
    ck_pathf(p, "%s.rank", path);
    if (ck_int(ck, &r, json_object_get(w, "rank"), 0, FLINT_MIN(m, n), p))
        return -1;
    slong *I = flint_malloc((2 * r + 1) * sizeof(slong)), *J = I + r;
    fmpz_t pr, t;
    fmpq_mat_t K, Kt, AK;
    fmpz_init(pr);
    fmpz_init(t);
    fmpq_mat_init(K, n - r, n);
    fmpq_mat_init(Kt, n, n - r);
    fmpq_mat_init(AK, m, n - r);
    if (indices(ck, I, r, m, 1, w, "rows", path) || indices(ck, J, r, n, 1, w, "cols", path))
        goto done;
    ck_pathf(p, "%s.prime", path);
    if (ck_z(ck, pr, json_object_get(w, "prime"), p))
        goto done;
    if (fmpz_sgn(pr) <= 0 || !fmpz_abs_fits_ui(pr) || !n_is_prime(fmpz_get_ui(pr))) {
        ck_fail(ck, p, "not a prime below 2^64");
        goto done;
    }
    nmod_mat_t M;
    nmod_mat_init(M, r, r, fmpz_get_ui(pr));
    for (slong a = 0; a < r && !bad; a++)
        for (slong b = 0; b < r && !bad; b++) {
            bad = !fmpq_mod_fmpz(t, fmpq_mat_entry(A, I[a], J[b]), pr);
            nmod_mat_entry(M, a, b) = fmpz_get_ui(t);
        }
    bad = bad ? 1 : nmod_mat_det(M) == 0 ? 2 : 0;
    nmod_mat_clear(M);
    if (bad) {
        ck_fail(ck, path, bad == 1 ? "the prime divides a denominator in the minor"
                                   : "the minor of rows and cols is singular modulo the prime");
        goto done;
    }
    ck_pathf(p, "%s.kernel", path);
    if (ck_qmat(ck, K, json_object_get(w, "kernel"), p))
        goto done;
    for (slong j = 0, b = 0, f = 0; j < n; j++) {
        if (b < r && J[b] == j) {
            b++;
            continue;
        }
        for (slong k = 0; k < n - r; k++)
            if (unit_at(ck, K, k, j, k == f, p, "kernel[t] is unit vector t outside cols"))
                goto done;
        f++;
    }
    fmpq_mat_transpose(Kt, K);
    fmpq_mat_mul(AK, A, Kt);
    for (slong i = 0; i < m; i++)
        for (slong k = 0; k < n - r; k++)
            if (!fmpq_is_zero(fmpq_mat_entry(AK, i, k))) {
                ck_pathf(p, "%s.kernel[%ld]", path, (long)k);
                ck_fail(ck, p, "not in the kernel: row %ld of the matrix times it is not 0",
                        (long)i);
                goto done;
            }
    *rank = r;
    ret = 0;
done:
    flint_free(I);
    fmpz_clear(pr);
    fmpz_clear(t);
    fmpq_mat_clear(K);
    fmpq_mat_clear(Kt);
    fmpq_mat_clear(AK);
    return ret;
}

int ck_ldl_inertia(ck_t *ck, slong inertia[3], const fmpq_mat_t H, const json_t *w,
                   const char *path)
{
    slong n = fmpq_mat_nrows(H), k = 0, nb, in[3] = {0, 0, 0};
    int ret = -1;
    char p[CK_PATH];
    if (fmpq_mat_ncols(H) != n)
        return ck_fail(ck, path, "the matrix is not square");
    if (ck_keys(ck, w, path, "D L perm"))
        return -1;
    slong *perm = flint_malloc((n + 1) * sizeof(slong));
    char *seen = flint_calloc(n + 1, 1);
    const json_t *jd = json_object_get(w, "D");
    fmpq_t det, sum;
    fmpq_mat_t L, D, LD;
    fmpq_init(det);
    fmpq_init(sum);
    fmpq_mat_init(L, n, n);
    fmpq_mat_init(D, n, n);
    fmpq_mat_init(LD, n, n);
    if (indices(ck, perm, n, n, 0, w, "perm", path))
        goto done;
    for (slong i = 0; i < n; i++)
        if (seen[perm[i]]++) {
            ck_pathf(p, "%s.perm[%ld]", path, (long)i);
            ck_fail(ck, p, "%ld appears twice: not a permutation", (long)perm[i]);
            goto done;
        }
    ck_pathf(p, "%s.L", path);
    if (ck_qmat(ck, L, json_object_get(w, "L"), p))
        goto done;
    for (slong i = 0; i < n; i++)
        for (slong j = i; j < n; j++)
            if (unit_at(ck, L, i, j, i == j, p, "L is unit lower triangular"))
                goto done;
    ck_pathf(p, "%s.D", path);
    if ((nb = ck_array(ck, jd, -1, p)) < 0)
        goto done;
    for (slong b = 0; b < nb; b++) {
        const json_t *blk = json_array_get(jd, b);
        slong s = json_is_array(blk) ? (slong)json_array_size(blk) : 0;
        ck_pathf(p, "%s.D[%ld]", path, (long)b);
        if (s < 1 || s > 2 || k + s > n) {
            ck_fail(ck, p, "expected a 1x1 or 2x2 block within the %ld rows", (long)n);
            goto done;
        }
        for (slong i = 0; i < s; i++) {
            ck_pathf(p, "%s.D[%ld][%ld]", path, (long)b, (long)i);
            if (qrow(ck, D->rows[k + i] + k, s, json_array_get(blk, i), p))
                goto done;
        }
        const fmpq *a = fmpq_mat_entry(D, k, k), *c = fmpq_mat_entry(D, k + s - 1, k + s - 1);
        const fmpq *b1 = fmpq_mat_entry(D, k, k + s - 1), *b2 = fmpq_mat_entry(D, k + s - 1, k);
        fmpq_mul(det, a, c);
        fmpq_submul(det, b1, b2);
        const char *why = s == 1               ? NULL
                          : !fmpq_equal(b1, b2) ? "the 2x2 block is not symmetric"
                          : fmpq_sgn(det) >= 0  ? "the 2x2 block's determinant is not negative"
                                                : NULL;
        if (why) {
            ck_pathf(p, "%s.D[%ld]", path, (long)b);
            ck_fail(ck, p, "%s", why);
            goto done;
        }
        /* canonical form: L is 0 inside a 2x2 block and below a zero pivot */
        slong end = s == 2 ? k + 2 : fmpq_is_zero(a) ? n : k + 1;
        for (slong i = k + 1; i < end; i++) {
            ck_pathf(p, "%s.L", path);
            if (unit_at(ck, L, i, k, 0, p, s == 2 ? "L is 0 inside a 2x2 block (canonical form)"
                                                  : "L is 0 below a zero pivot (canonical form)"))
                goto done;
        }
        if (s == 1) {
            in[1 + fmpq_sgn(a)]++;
        } else { /* one negative and one positive eigenvalue */
            in[0]++;
            in[2]++;
        }
        k += s;
    }
    if (k != n) {
        ck_pathf(p, "%s.D", path);
        ck_fail(ck, p, "the blocks fill %ld of the %ld rows", (long)k, (long)n);
        goto done;
    }
    /* L D L^T is symmetric: entry (i, j), j <= i, against both H[perm_i][perm_j]
       and H[perm_j][perm_i]. Summed in pivot order, the partial sums are H
       minus Schur complements of the elimination, of the size of minors of H
       (clearing denominators first, as fmpq_mat_mul does, makes huge ones). */
    fmpq_mat_mul_direct(LD, L, D);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j <= i; j++) {
            fmpq_zero(sum);
            for (slong t = 0; t <= j; t++)
                fmpq_addmul(sum, fmpq_mat_entry(LD, i, t), fmpq_mat_entry(L, j, t));
            for (int side = 0; side < 2; side++) {
                slong a = side ? j : i, b = side ? i : j;
                if (!fmpq_equal(sum, fmpq_mat_entry(H, perm[a], perm[b]))) {
                    ck_fail(ck, path, "(L D L^T)[%ld][%ld] differs from H[perm[%ld]][perm[%ld]]",
                            (long)a, (long)b, (long)a, (long)b);
                    goto done;
                }
            }
        }
    memcpy(inertia, in, sizeof in);
    ret = 0;
done:
    flint_free(perm);
    flint_free(seen);
    fmpq_clear(det);
    fmpq_clear(sum);
    fmpq_mat_clear(L);
    fmpq_mat_clear(D);
    fmpq_mat_clear(LD);
    return ret;
}

int ck_negative_curvature(ck_t *ck, fmpq_t vhv, const fmpq_mat_t H, const json_t *v,
                          const char *path)
{
    slong n = fmpq_mat_nrows(H);
    if (fmpq_mat_ncols(H) != n)
        return ck_fail(ck, path, "the matrix is not square");
    fmpq_mat_t x, xH;
    fmpq_mat_init(x, 1, n);
    fmpq_mat_init(xH, 1, n);
    fmpq_zero(vhv);
    int ret = qrow(ck, x->rows[0], n, v, path);
    if (!ret) {
        fmpq_mat_mul(xH, x, H);
        _fmpq_vec_dot(vhv, xH->rows[0], x->rows[0], n);
    }
    if (!ret && fmpq_sgn(vhv) >= 0) {
        char *s = fmpq_get_str(NULL, 10, vhv);
        ret = ck_fail(ck, path, "v^T H v = %.200s is not negative", s);
        flint_free(s);
    }
    fmpq_mat_clear(x);
    fmpq_mat_clear(xH);
    return ret;
}
