/* The checker kernel's linear-algebra witnesses (src/check/kernel/linalg.c):
 * rank, LDL^T inertia and negative curvature. Identities on seeded random
 * instances (symmetric matrices Q D Q^T of known rank and inertia, random
 * LDL^T witnesses, low-rank rectangular products), compared with Descartes'
 * count on the charpoly (ck_inertia) and with fmpz_mat_rank; and hostile
 * witnesses, each of which must be rejected with a path in the reason. The
 * witnesses are made by the claims' prover, src/exact/witness.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <flint/fmpz_mat.h>
#include <flint/nmod_mat.h>

#include "kernel.h"
#include "rules.h" /* the Descartes path the witnesses are compared with */
#include "rescheck/cert.h"
#include "rescheck/check.h"
#include "rescheck/witness.h"

/* ---- JSON and random numbers --------------------------------------------- */

#define row_json rc_json_fmpq_row
#define mat_json rc_json_fmpq_mat

static json_t *idx_json(const slong *x, slong n)
{
    json_t *a = json_array();
    for (slong k = 0; k < n; k++)
        json_array_append_new(a, json_integer(x[k]));
    return a;
}

/* a small rational, nonzero if asked: numerator up to 9, denominator up to 4 */
static void rand_q(fmpq_t x, flint_rand_t r, int nonzero)
{
    slong p;
    do
        p = (slong)n_randint(r, 19) - 9;
    while (nonzero && p == 0);
    fmpq_set_si(x, p, 1 + n_randint(r, 4));
}

/* the reason names the path and says the words */
#define REJECTS(call, path, words)                                                         \
    do {                                                                                   \
        ck_t ck_ = {0};                                                                    \
        ck_t *ck = &ck_;                                                                   \
        assert_int_equal((call), -1);                                                      \
        assert_true(ck->failed);                                                           \
        if (!strstr(ck->reason, path) || !strstr(ck->reason, words))                       \
            fail_msg("reason \"%s\" lacks \"%s\" or \"%s\"", ck->reason, path, words);     \
        hostile++;                                                                         \
    } while (0)

static long hostile, instances;

/* ---- the prover (src/exact/witness.c) ------------------------------------ */

static json_t *rank_prove(const fmpq_mat_t A, flint_rand_t rs)
{
    (void)rs;
    slong r;
    return rc_rank_prove(A, &r);
}

/* ---- random instances ------------------------------------------------------ */

/* Q = (unit lower)(unit upper), invertible; H = Q diag(d) Q^T, whose inertia
 * is d's (Sylvester) */
static void random_qdqt(fmpq_mat_t H, fmpq_mat_t Q, fmpq *d, slong in[3], flint_rand_t r)
{
    slong n = fmpq_mat_nrows(H);
    fmpq_mat_t Lo, Up, QD, Qt;
    fmpq_mat_init(Lo, n, n);
    fmpq_mat_init(Up, n, n);
    fmpq_mat_init(QD, n, n);
    fmpq_mat_init(Qt, n, n);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++) {
            if (i > j)
                rand_q(fmpq_mat_entry(Lo, i, j), r, 0);
            if (i < j)
                rand_q(fmpq_mat_entry(Up, i, j), r, 0);
        }
    for (slong i = 0; i < n; i++) {
        fmpq_one(fmpq_mat_entry(Lo, i, i));
        fmpq_one(fmpq_mat_entry(Up, i, i));
    }
    fmpq_mat_mul(Q, Lo, Up);
    in[0] = in[1] = in[2] = 0;
    for (slong i = 0; i < n; i++) {
        int s = (int)n_randint(r, 3) - 1;
        rand_q(d + i, r, 1);
        if (s == 0)
            fmpq_zero(d + i);
        else if (fmpq_sgn(d + i) != s)
            fmpq_neg(d + i, d + i);
        in[1 + s]++;
    }
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            fmpq_mul(fmpq_mat_entry(QD, i, j), fmpq_mat_entry(Q, i, j), d + j);
    fmpq_mat_transpose(Qt, Q);
    fmpq_mat_mul(H, QD, Qt);
    fmpq_mat_clear(Lo);
    fmpq_mat_clear(Up);
    fmpq_mat_clear(QD);
    fmpq_mat_clear(Qt);
}

static slong exact_rank(const fmpq_mat_t A)
{
    fmpz_mat_t Z;
    fmpz_t c;
    fmpz_mat_init(Z, fmpq_mat_nrows(A), fmpq_mat_ncols(A));
    fmpz_init(c);
    fmpq_mat_get_fmpz_mat_matwise(Z, c, A);
    slong r = fmpz_mat_rank(Z);
    fmpz_mat_clear(Z);
    fmpz_clear(c);
    return r;
}

static void descartes_inertia(slong in[3], const fmpq_mat_t H)
{
    fmpz_poly_t cp;
    fmpz_poly_init(cp);
    ck_charpoly(cp, H);
    ck_inertia(in, cp);
    fmpz_poly_clear(cp);
}

/* every method agrees on H: Descartes, fmpz_mat_rank, the LDL^T and rank
 * witnesses of the test's prover through the checker */
static void agree(const fmpq_mat_t H, const slong want[3], flint_rand_t r, slong *blocks2)
{
    slong n = fmpq_mat_nrows(H), in[3], rank = -1;
    ck_t ck = {0};
    descartes_inertia(in, H);
    assert_memory_equal(in, want, sizeof in);
    assert_int_equal(exact_rank(H), n - want[1]);
    fmpq *v = _fmpq_vec_init(n + 1);
    slong pin[3];
    json_t *w = rc_ldl_prove(H, pin, blocks2, v);
    assert_memory_equal(pin, want, sizeof pin);
    if (ck_ldl_inertia(&ck, in, H, w, "w"))
        fail_msg("%s", ck.reason);
    assert_memory_equal(in, want, sizeof in);
    json_decref(w);
    if (want[0] > 0) { /* the prover's negative-curvature vector from D's negative block */
        fmpq_t vhv;
        fmpq_init(vhv);
        w = rc_json_fmpq_row(v, n);
        if (ck_negative_curvature(&ck, vhv, H, w, "v"))
            fail_msg("%s", ck.reason);
        json_decref(w);
        fmpq_clear(vhv);
    }
    _fmpq_vec_clear(v, n + 1);
    w = rank_prove(H, r);
    if (ck_rank(&ck, &rank, H, w, "w"))
        fail_msg("%s", ck.reason);
    assert_int_equal(rank, n - want[1]);
    json_decref(w);
    instances++;
}

static void test_random_symmetric(void **state)
{
    (void)state;
    flint_rand_t r;
    flint_randinit(r);
    slong blocks2 = 0, saddles = 0;
    fmpq_t vhv;
    fmpq_init(vhv);
    for (int iter = 0; iter < 400; iter++) {
        slong n = 1 + (slong)n_randint(r, 8), want[3];
        fmpq_mat_t H, Q, Qi;
        fmpq_mat_init(H, n, n);
        fmpq_mat_init(Q, n, n);
        fmpq_mat_init(Qi, n, n);
        fmpq *d = _fmpq_vec_init(n);
        if (iter % 4 == 3) {
            /* a hollow symmetric matrix (zero diagonal): 2x2 pivots; its
               inertia from Descartes, compared with the witness */
            for (slong i = 0; i < n; i++)
                for (slong j = i + 1; j < n; j++) {
                    if (n_randint(r, 3))
                        rand_q(fmpq_mat_entry(H, i, j), r, 0);
                    fmpq_set(fmpq_mat_entry(H, j, i), fmpq_mat_entry(H, i, j));
                }
            descartes_inertia(want, H);
            agree(H, want, r, &blocks2);
        } else {
            random_qdqt(H, Q, d, want, r);
            agree(H, want, r, &blocks2);
            /* (V): v = Q^-T e_i for a negative d_i gives v^T H v = d_i */
            ck_t ck = {0};
            assert_true(fmpq_mat_inv(Qi, Q));
            slong i = 0;
            while (i < n && fmpq_sgn(d + i) >= 0)
                i++;
            json_t *v = json_array();
            for (slong k = 0; k < n; k++)
                json_array_append_new(v, rc_json_fmpq(fmpq_mat_entry(Qi, i < n ? i : 0, k)));
            int ret = ck_negative_curvature(&ck, vhv, H, v, "v");
            if (i < n) {
                if (ret)
                    fail_msg("%s", ck.reason);
                assert_true(fmpq_equal(vhv, d + i));
                saddles++;
            } else { /* H is positive semidefinite: no v can work */
                assert_int_equal(ret, -1);
                assert_non_null(strstr(ck.reason, "not negative"));
                hostile++;
            }
            json_decref(v);
        }
        _fmpq_vec_clear(d, n);
        fmpq_mat_clear(H);
        fmpq_mat_clear(Q);
        fmpq_mat_clear(Qi);
    }
    assert_true(blocks2 > 50 && saddles > 100);
    printf("# %ld symmetric instances, %ld 2x2 pivots, %ld saddles\n", instances, (long)blocks2,
           (long)saddles);
    fmpq_clear(vhv);
    flint_randclear(r);
}

/* Random witnesses {perm, L, D} (2x2 blocks with ac - b^2 < 0, L in the
 * canonical form: 0 inside the blocks and below zero pivots), H = P^T L D L^T
 * P; then one hostile change each. */
static void test_random_ldl_witness(void **state)
{
    (void)state;
    flint_rand_t r;
    flint_randinit(r);
    fmpq_t t;
    fmpq_init(t);
    for (int iter = 0; iter < 400; iter++) {
        slong n = 1 + (slong)n_randint(r, 9), want[3] = {0, 0, 0}, in[3];
        slong *perm = flint_malloc(n * sizeof(slong));
        fmpq_mat_t L, D, LD, Lt, H;
        fmpq_mat_init(L, n, n);
        fmpq_mat_init(D, n, n);
        fmpq_mat_init(LD, n, n);
        fmpq_mat_init(Lt, n, n);
        fmpq_mat_init(H, n, n);
        for (slong i = 0; i < n; i++) {
            slong j = (slong)n_randint(r, i + 1);
            perm[i] = perm[j];
            perm[j] = i;
        }
        for (slong i = 0; i < n; i++) {
            fmpq_one(fmpq_mat_entry(L, i, i));
            for (slong j = 0; j < i; j++)
                rand_q(fmpq_mat_entry(L, i, j), r, 0);
        }
        json_t *jD = json_array();
        for (slong k = 0; k < n;) {
            fmpq *a = fmpq_mat_entry(D, k, k);
            rand_q(a, r, 0);
            if (k + 1 < n && n_randint(r, 3) == 0) {
                fmpq *b = fmpq_mat_entry(D, k, k + 1), *c = fmpq_mat_entry(D, k + 1, k + 1);
                rand_q(c, r, 0);
                rand_q(b, r, 1);
                fmpq_mul(t, a, c);
                fmpq_submul(t, b, b);
                if (fmpq_sgn(t) >= 0) { /* b = |a| + |c| + 1: b^2 > |ac| */
                    fmpq_abs(b, a);
                    fmpq_abs(t, c);
                    fmpq_add(b, b, t);
                    fmpq_add_si(b, b, 1);
                }
                fmpq_set(fmpq_mat_entry(D, k + 1, k), b);
                fmpq_zero(fmpq_mat_entry(L, k + 1, k));
                json_array_append_new(jD, json_pack("[o, o]", row_json(D->rows[k] + k, 2),
                                                    row_json(D->rows[k + 1] + k, 2)));
                want[0]++;
                want[2]++;
                k += 2;
            } else {
                json_array_append_new(jD, json_pack("[o]", row_json(a, 1)));
                want[1 + fmpq_sgn(a)]++;
                for (slong i = k + 1; i < n && fmpq_is_zero(a); i++)
                    fmpq_zero(fmpq_mat_entry(L, i, k));
                k++;
            }
        }
        fmpq_mat_mul(LD, L, D);
        fmpq_mat_transpose(Lt, L);
        fmpq_mat_mul(D, LD, Lt); /* D now holds L D L^T */
        for (slong i = 0; i < n; i++)
            for (slong j = 0; j < n; j++)
                fmpq_set(fmpq_mat_entry(H, perm[i], perm[j]), fmpq_mat_entry(D, i, j));
        json_t *w = json_pack("{s:o, s:o, s:o}", "perm", idx_json(perm, n), "L", mat_json(L),
                              "D", jD);
        ck_t ck = {0};
        if (ck_ldl_inertia(&ck, in, H, w, "w"))
            fail_msg("%s", ck.reason);
        assert_memory_equal(in, want, sizeof in);
        descartes_inertia(in, H);
        assert_memory_equal(in, want, sizeof in);
        assert_int_equal(exact_rank(H), n - want[1]);
        instances++;

        /* one hostile change */
        json_t *bad = json_deep_copy(w);
        json_t *jL = json_object_get(bad, "L"), *jp = json_object_get(bad, "perm");
        slong i = (slong)n_randint(r, n), j = (slong)n_randint(r, n);
        switch (iter % 6) {
        case 0: /* H changed in one entry */
            fmpq_add_si(fmpq_mat_entry(H, i, j), fmpq_mat_entry(H, i, j), 1);
            REJECTS(ck_ldl_inertia(ck, in, H, bad, "w"), "w", "differs from H");
            fmpq_sub_si(fmpq_mat_entry(H, i, j), fmpq_mat_entry(H, i, j), 1);
            break;
        case 1: /* a diagonal entry of L */
            json_array_set_new(json_array_get(jL, i), i, json_string("2"));
            REJECTS(ck_ldl_inertia(ck, in, H, bad, "w"), "w.L[", "unit lower triangular");
            break;
        case 2: /* an entry above L's diagonal */
            if (n < 2)
                break;
            json_array_set_new(json_array_get(jL, 0), 1 + (slong)n_randint(r, n - 1),
                               json_string("1/3"));
            REJECTS(ck_ldl_inertia(ck, in, H, bad, "w"), "w.L[0][", "unit lower triangular");
            break;
        case 3: /* a repeated index in perm */
            if (n < 2)
                break;
            json_array_set(jp, (i + 1) % n, json_array_get(jp, i));
            REJECTS(ck_ldl_inertia(ck, in, H, bad, "w"), "w.perm[", "not a permutation");
            break;
        case 4: { /* a 1x1 block of D: L D L^T changes by l_k l_k^T */
            json_t *jd = json_object_get(bad, "D");
            size_t b = 0;
            while (b < json_array_size(jd) && json_array_size(json_array_get(jd, b)) != 1)
                b++;
            if (b == json_array_size(jd))
                break;
            json_t *row = json_array_get(json_array_get(jd, b), 0);
            fmpq_set_str(t, json_string_value(json_array_get(row, 0)), 10);
            fmpq_add_si(t, t, fmpq_equal_si(t, -1) ? 2 : 1); /* not to 0: canonical form */
            json_array_set_new(row, 0, rc_json_fmpq(t));
            REJECTS(ck_ldl_inertia(ck, in, H, bad, "w"), "w", "differs from H");
            break;
        }
        case 5: { /* L off its canonical form where L D L^T does not see it */
            json_t *jd = json_object_get(bad, "D");
            slong k = 0;
            for (size_t b = 0; b < json_array_size(jd); b++) {
                json_t *blk = json_array_get(jd, b);
                int two = json_array_size(blk) == 2; /* (D holds L D L^T by now) */
                fmpq_set_str(t, json_string_value(json_array_get(json_array_get(blk, 0), 0)), 10);
                if ((two || fmpq_is_zero(t)) && k + 1 < n) {
                    json_array_set_new(json_array_get(jL, k + 1), k, json_string("7"));
                    REJECTS(ck_ldl_inertia(ck, in, H, bad, "w"), "w.L[", "canonical form");
                    break;
                }
                k += two ? 2 : 1;
            }
            break;
        }
        }
        json_decref(bad);
        json_decref(w);
        flint_free(perm);
        fmpq_mat_clear(L);
        fmpq_mat_clear(D);
        fmpq_mat_clear(LD);
        fmpq_mat_clear(Lt);
        fmpq_mat_clear(H);
    }
    fmpq_clear(t);
    flint_randclear(r);
}

/* Rectangular A = B C of rank at most k: the checker's rank equals
 * fmpz_mat_rank; then one hostile change each. */
static void test_random_rank(void **state)
{
    (void)state;
    flint_rand_t r;
    flint_randinit(r);
    for (int iter = 0; iter < 400; iter++) {
        slong m = (slong)n_randint(r, 8), n = (slong)n_randint(r, 8);
        slong k = (slong)n_randint(r, FLINT_MIN(m, n) + 1), rank = -1;
        fmpq_mat_t A, B, C;
        fmpq_mat_init(A, m, n);
        fmpq_mat_init(B, m, k);
        fmpq_mat_init(C, k, n);
        for (slong i = 0; i < m * k; i++)
            rand_q(fmpq_mat_entry(B, i / k, i % k), r, 0);
        for (slong i = 0; i < k * n; i++)
            rand_q(fmpq_mat_entry(C, i / n, i % n), r, 0);
        fmpq_mat_mul(A, B, C);
        json_t *w = rank_prove(A, r);
        ck_t ck = {0};
        if (ck_rank(&ck, &rank, A, w, "w"))
            fail_msg("%s", ck.reason);
        assert_int_equal(rank, exact_rank(A));
        instances++;

        slong nk = n - rank;
        json_t *bad = json_deep_copy(w), *K = json_object_get(bad, "kernel");
        json_t *cols = json_object_get(bad, "cols");
        switch (iter % 6) {
        case 0: /* a claimed rank one too high, the lists made to fit: every
                   (rank + 1)-minor is singular */
            if (rank == FLINT_MIN(m, n))
                break;
            {
                json_t *rows = json_object_get(bad, "rows");
                json_array_clear(rows);
                json_array_clear(cols);
                for (slong q = 0; q <= rank; q++) {
                    json_array_append_new(rows, json_integer(q));
                    json_array_append_new(cols, json_integer(q));
                }
                json_array_remove(K, 0);
                json_object_set_new(bad, "rank", json_integer(rank + 1));
                REJECTS(ck_rank(ck, &rank, A, bad, "w"), "w", "singular modulo");
            }
            break;
        case 1: /* a claimed rank one too low: the lists no longer fit */
            if (rank == 0)
                break;
            json_object_set_new(bad, "rank", json_integer(rank - 1));
            REJECTS(ck_rank(ck, &rank, A, bad, "w"), "w.rows", "entries");
            break;
        case 2: /* a kernel vector changed in a pivot column */
            if (nk == 0 || rank == 0)
                break;
            {
                json_t *v = json_array_get(K, nk - 1);
                slong c = json_integer_value(json_array_get(cols, 0));
                fmpq_t x;
                fmpq_init(x);
                fmpq_set_str(x, json_string_value(json_array_get(v, c)), 10);
                fmpq_add_si(x, x, 1);
                json_array_set_new(v, c, rc_json_fmpq(x));
                fmpq_clear(x);
                /* still nonzero times A: column c of A is nonzero (a pivot) */
                REJECTS(ck_rank(ck, &rank, A, bad, "w"), "w.kernel[", "not in the kernel");
            }
            break;
        case 3: /* kernel vectors dependent: one repeated */
            if (nk < 2)
                break;
            json_array_set(K, 1, json_array_get(K, 0));
            REJECTS(ck_rank(ck, &rank, A, bad, "w"), "w.kernel[", "unit vector");
            break;
        case 4: /* a composite "prime" (2^32 + 1 = 641 * 6700417) */
            json_object_set_new(bad, "prime", json_string("4294967297"));
            REJECTS(ck_rank(ck, &rank, A, bad, "w"), "w.prime", "not a prime");
            break;
        case 5: /* columns not increasing */
            if (rank < 2)
                break;
            {
                json_t *c0 = json_incref(json_array_get(cols, 0));
                json_array_set(cols, 0, json_array_get(cols, 1));
                json_array_set_new(cols, 1, c0);
                REJECTS(ck_rank(ck, &rank, A, bad, "w"), "w.cols[1]", "expected an integer");
            }
            break;
        }
        json_decref(bad);
        json_decref(w);
        fmpq_mat_clear(A);
        fmpq_mat_clear(B);
        fmpq_mat_clear(C);
    }
    flint_randclear(r);
}

/* ---- hostile witnesses on fixed matrices ------------------------------------ */

static void set_mat(fmpq_mat_t A, const char *const *s)
{
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_set_str(fmpq_mat_entry(A, i, j), s[i * fmpq_mat_ncols(A) + j], 10);
}

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j)
        fail_msg("bad test JSON: %s", e.text);
    return j;
}

#define LDL(text) (w = parse(text), rc_ = ck_ldl_inertia(ck, in, H, w, "w"), json_decref(w), rc_)
#define RANK(text) (w = parse(text), rc_ = ck_rank(ck, &rank, A, w, "w"), json_decref(w), rc_)
#define NEG(text) (w = parse(text), rc_ = ck_negative_curvature(ck, q, H, w, "v"), json_decref(w), rc_)

static void test_hostile_ldl(void **state)
{
    (void)state;
    /* H = [[0, 2, 1], [2, 0, 0], [1, 0, 3]]: P = (2, 0, 1),
       P H P^T = [[3, 1, 0], [1, 0, 2], [0, 2, 0]] = L D L^T with
       L = [[1,0,0],[1/3,1,0],[0,0,1]], D = [3] + [[-1/3, 2], [2, 0]] */
    static const char *const h[] = {"0", "2", "1", "2", "0", "0", "1", "0", "3"};
    fmpq_mat_t H;
    fmpq_mat_init(H, 3, 3);
    set_mat(H, h);
    slong in[3];
    json_t *w;
    int rc_;
    ck_t ck_ = {0}, *ck = &ck_;
#define GOOD_L "[[\"1\",\"0\",\"0\"],[\"1/3\",\"1\",\"0\"],[\"0\",\"0\",\"1\"]]"
#define GOOD_D "[[[\"3\"]],[[\"-1/3\",\"2\"],[\"2\",\"0\"]]]"
    if (LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":" GOOD_D "}"))
        fail_msg("%s", ck->reason);
    assert_int_equal(in[0], 1);
    assert_int_equal(in[1], 0);
    assert_int_equal(in[2], 2);
    /* P the other way round (P^T H P) */
    REJECTS(LDL("{\"perm\":[1,2,0],\"L\":" GOOD_L ",\"D\":" GOOD_D "}"), "w", "differs from H");
    REJECTS(LDL("{\"perm\":[2,0,0],\"L\":" GOOD_L ",\"D\":" GOOD_D "}"), "w.perm[2]", "twice");
    REJECTS(LDL("{\"perm\":[2,0,3],\"L\":" GOOD_L ",\"D\":" GOOD_D "}"), "w.perm[2]", "from 0 to 2");
    REJECTS(LDL("{\"perm\":[2,0,-1],\"L\":" GOOD_L ",\"D\":" GOOD_D "}"), "w.perm[2]", "from 0 to 2");
    REJECTS(LDL("{\"perm\":[2,0],\"L\":" GOOD_L ",\"D\":" GOOD_D "}"), "w.perm", "2 entries");
    REJECTS(LDL("{\"perm\":[2,0,\"1\"],\"L\":" GOOD_L ",\"D\":" GOOD_D "}"), "w.perm[2]", "integer");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":[[\"1\",\"0\",\"0\"],[\"1/3\",\"1\",\"1\"],[\"0\",\"0\",\"1\"]],"
                "\"D\":" GOOD_D "}"), "w.L[1][2]", "unit lower triangular");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":[[\"1\",\"0\",\"0\"],[\"1/3\",\"-1\",\"0\"],[\"0\",\"0\",\"1\"]],"
                "\"D\":" GOOD_D "}"), "w.L[1][1]", "unit lower triangular");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":[[\"1\",\"0\",\"0\"],[\"2/6\",\"1\",\"0\"],[\"0\",\"0\",\"1\"]],"
                "\"D\":" GOOD_D "}"), "w.L[1][0]", "");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":[[\"1\",\"0\",\"0\"],[\"1/3\",\"1\"],[\"0\",\"0\",\"1\"]],"
                "\"D\":" GOOD_D "}"), "w.L[1]", "2 entries");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":[[[\"3\"]],[[\"-1/3\",\"2\"],[\"5/2\",\"0\"]]]}"),
            "w.D[1]", "not symmetric");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":[[[\"3\"]],[[\"1\",\"1\"],[\"1\",\"1\"]]]}"),
            "w.D[1]", "determinant is not negative");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":[[[\"3\"]],[[\"-1/3\",\"2\"],[\"2\",\"1\"]]]}"),
            "w", "differs from H"); /* L D L^T != H by one entry */
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":[[[\"3\"]]]}"), "w.D", "fill 1 of the 3");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":[[[\"3\"]],[[\"-1/3\",\"2\"],[\"2\",\"0\"]],"
                "[[\"1\"]]]}"), "w.D[2]", "1x1 or 2x2");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":[[[\"3\",\"0\",\"0\"],[\"0\",\"0\",\"2\"],"
                "[\"0\",\"2\",\"0\"]]]}"), "w.D[0]", "1x1 or 2x2");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":[\"3\",[[\"-1/3\",\"2\"],[\"2\",\"0\"]]]}"),
            "w.D[0]", "1x1 or 2x2");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":[[\"3\"],[[\"-1/3\",\"2\"],[\"2\",\"0\"]]]}"),
            "w.D[0][0]", "array");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":[[[\"3\"]],[[\"-1/3\",\"2\"],[\"2\"]]]}"),
            "w.D[1][1]", "1 entries");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L "}"), "w.D", "missing");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":" GOOD_D ",\"P\":[]}"), "w.P", "unexpected");
    REJECTS(LDL("[]"), "w", "object");
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":[[\"1\",\"0\",\"0\"],[\"1/3\",\"1\",\"0\"],[\"0\",\"1\",\"1\"]],"
                "\"D\":" GOOD_D "}"), "w.L[2][1]", "inside a 2x2 block");
    /* a non-symmetric H: no witness can match (L D L^T is symmetric) */
    fmpq_set_si(fmpq_mat_entry(H, 0, 1), 5, 1);
    REJECTS(LDL("{\"perm\":[2,0,1],\"L\":" GOOD_L ",\"D\":" GOOD_D "}"), "w", "differs from H");
    fmpq_mat_clear(H);
    /* a zero pivot before a nonzero one: H = diag(0, 1), where L[1][0] is
       multiplied by D[0] = 0, so L D L^T = H whatever it is; only 0 is the
       canonical witness (regression: 5 there was accepted) */
    fmpq_mat_init(H, 2, 2);
    fmpq_one(fmpq_mat_entry(H, 1, 1));
#define ZERO_D ",\"D\":[[[\"0\"]],[[\"1\"]]]}"
    if (LDL("{\"perm\":[0,1],\"L\":[[\"1\",\"0\"],[\"0\",\"1\"]]" ZERO_D))
        fail_msg("%s", ck->reason);
    assert_true(in[0] == 0 && in[1] == 1 && in[2] == 1);
    REJECTS(LDL("{\"perm\":[0,1],\"L\":[[\"1\",\"0\"],[\"5\",\"1\"]]" ZERO_D), "w.L[1][0]",
            "below a zero pivot");
    fmpq_mat_clear(H);
    /* a non-square matrix */
    fmpq_mat_init(H, 2, 3);
    REJECTS(LDL("{\"perm\":[0,1],\"L\":[],\"D\":[]}"), "w", "not square");
    fmpq_mat_clear(H);
    /* the empty matrix: inertia (0, 0, 0); an empty witness for a 2 x 2 */
    fmpq_mat_init(H, 0, 0);
    if (LDL("{\"perm\":[],\"L\":[],\"D\":[]}"))
        fail_msg("%s", ck->reason);
    assert_true(in[0] == 0 && in[1] == 0 && in[2] == 0);
    REJECTS(LDL("{\"perm\":[],\"L\":[],\"D\":[[[\"1\"]]]}"), "w.D[0]", "1x1 or 2x2");
    fmpq_mat_clear(H);
    fmpq_mat_init(H, 2, 2);
    REJECTS(LDL("{\"perm\":[],\"L\":[],\"D\":[]}"), "w.perm", "0 entries");
    fmpq_mat_clear(H);
}

static void test_hostile_rank(void **state)
{
    (void)state;
    /* A = [[1, 2, 3], [2, 4, 6], [1, 0, 1]], rank 2: rows 0, 2, cols 0, 1
       (minor [[1, 2], [1, 0]], det -2); kernel (-1, -1, 1) */
    static const char *const a[] = {"1", "2", "3", "2", "4", "6", "1", "0", "1"};
    fmpq_mat_t A;
    fmpq_mat_init(A, 3, 3);
    set_mat(A, a);
    slong rank = -1;
    json_t *w;
    int rc_;
    ck_t ck_ = {0}, *ck = &ck_;
#define KER "\"kernel\":[[\"-1\",\"-1\",\"1\"]]"
    if (RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"3\"," KER "}"))
        fail_msg("%s", ck->reason);
    assert_int_equal(rank, 2);
    /* the minor's det -2 vanishes modulo 2 */
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"2\"," KER "}"), "w", "singular modulo");
    /* a singular minor: rows 0, 1 are proportional */
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,1],\"cols\":[0,1],\"prime\":\"1000003\"," KER "}"), "w", "singular modulo");
    /* rank 3 claimed: the minor is A itself, singular */
    REJECTS(RANK("{\"rank\":3,\"rows\":[0,1,2],\"cols\":[0,1,2],\"prime\":\"1000003\",\"kernel\":[]}"),
            "w", "singular modulo");
    /* rank 1 claimed with two kernel vectors: the second is not in the kernel */
    REJECTS(RANK("{\"rank\":1,\"rows\":[0],\"cols\":[0],\"prime\":\"5\",\"kernel\":"
                 "[[\"-2\",\"1\",\"0\"],[\"-3\",\"0\",\"1\"]]}"), "w.kernel[0]", "not in the kernel");
    /* rank 4 > min(m, n) */
    REJECTS(RANK("{\"rank\":4,\"rows\":[0,1,2,3],\"cols\":[0,1,2,3],\"prime\":\"5\",\"kernel\":[]}"),
            "w.rank", "from 0 to 3");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,0],\"cols\":[0,1],\"prime\":\"3\"," KER "}"), "w.rows[1]", "from 1 to 2");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,3],\"prime\":\"3\"," KER "}"), "w.cols[1]", "from 1 to 2");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0],\"prime\":\"3\"," KER "}"), "w.cols", "1 entries");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"1\"," KER "}"), "w.prime", "not a prime");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"-3\"," KER "}"), "w.prime", "not a prime");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"18446744073709551629\"," KER "}"),
            "w.prime", "not a prime"); /* a prime above 2^64 */
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"03\"," KER "}"), "w.prime", "");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":3," KER "}"), "w.prime", "");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"3\",\"kernel\":[]}"),
            "w.kernel", "0 entries");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"3\",\"kernel\":[[\"-1\",\"-1\"]]}"),
            "w.kernel[0]", "2 entries");
    /* in the kernel, but scaled: not the identity outside cols */
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"3\",\"kernel\":[[\"-2\",\"-2\",\"2\"]]}"),
            "w.kernel[0][2]", "unit vector");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"3\",\"kernel\":[[\"-1\",\"1\",\"1\"]]}"),
            "w.kernel[0]", "not in the kernel");
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"3\"}"), "w.kernel", "missing");
    /* a denominator divisible by the prime */
    fmpq_set_si(fmpq_mat_entry(A, 2, 1), 1, 3);
    REJECTS(RANK("{\"rank\":2,\"rows\":[0,2],\"cols\":[0,1],\"prime\":\"3\"," KER "}"), "w", "divides a denominator");
    fmpq_mat_clear(A);

    /* kernel vectors dependent: the zero matrix 2 x 2, rank 0 */
    fmpq_mat_init(A, 2, 2);
    if (RANK("{\"rank\":0,\"rows\":[],\"cols\":[],\"prime\":\"2\",\"kernel\":[[\"1\",\"0\"],[\"0\",\"1\"]]}"))
        fail_msg("%s", ck->reason);
    assert_int_equal(rank, 0);
    REJECTS(RANK("{\"rank\":0,\"rows\":[],\"cols\":[],\"prime\":\"2\",\"kernel\":[[\"1\",\"0\"],[\"1\",\"0\"]]}"),
            "w.kernel[", "unit vector");
    REJECTS(RANK("{\"rank\":1,\"rows\":[0],\"cols\":[0],\"prime\":\"2\",\"kernel\":[[\"0\",\"1\"]]}"),
            "w", "singular modulo");
    fmpq_mat_clear(A);

    /* empty matrices: 0 x 0, 0 x 3 (kernel: all of Q^3), 3 x 0 */
    slong dims[3][2] = {{0, 0}, {0, 3}, {3, 0}};
    const char *ok[3] = {
        "{\"rank\":0,\"rows\":[],\"cols\":[],\"prime\":\"2\",\"kernel\":[]}",
        "{\"rank\":0,\"rows\":[],\"cols\":[],\"prime\":\"2\",\"kernel\":"
        "[[\"1\",\"0\",\"0\"],[\"0\",\"1\",\"0\"],[\"0\",\"0\",\"1\"]]}",
        "{\"rank\":0,\"rows\":[],\"cols\":[],\"prime\":\"2\",\"kernel\":[]}"};
    for (int k = 0; k < 3; k++) {
        fmpq_mat_init(A, dims[k][0], dims[k][1]);
        rank = -1;
        if (RANK(ok[k]))
            fail_msg("%s", ck->reason);
        assert_int_equal(rank, 0);
        REJECTS(RANK("{\"rank\":1,\"rows\":[0],\"cols\":[0],\"prime\":\"2\",\"kernel\":[]}"), "w.rank",
                "from 0 to 0");
        fmpq_mat_clear(A);
    }
    fmpq_mat_init(A, 0, 3);
    REJECTS(RANK("{\"rank\":0,\"rows\":[],\"cols\":[],\"prime\":\"2\",\"kernel\":[]}"), "w.kernel", "0 entries");
    fmpq_mat_clear(A);
}

static void test_hostile_curvature(void **state)
{
    (void)state;
    /* H = [[1, 2], [2, 1]]: eigenvalues 3 and -1 */
    static const char *const h[] = {"1", "2", "2", "1"};
    fmpq_mat_t H;
    fmpq_mat_init(H, 2, 2);
    set_mat(H, h);
    fmpq_t q;
    fmpq_init(q);
    json_t *w;
    int rc_;
    ck_t ck_ = {0}, *ck = &ck_;
    if (NEG("[\"1\",\"-1\"]"))
        fail_msg("%s", ck->reason);
    assert_true(fmpq_equal_si(q, -2));
    REJECTS(NEG("[\"1\",\"1\"]"), "v", "= 6 is not negative");
    REJECTS(NEG("[\"1\",\"0\"]"), "v", "= 1 is not negative");
    REJECTS(NEG("[\"0\",\"0\"]"), "v", "= 0 is not negative");
    REJECTS(NEG("[\"1\",\"-1\",\"0\"]"), "v", "3 entries");
    REJECTS(NEG("[\"1\"]"), "v", "1 entries");
    REJECTS(NEG("[\"2/2\",\"-1\"]"), "v[0]", "");
    REJECTS(NEG("{\"v\":[\"1\",\"-1\"]}"), "v", "array");
    /* [[1, 1], [1, 1]] is positive semidefinite: (1, -1) gives exactly 0 */
    fmpq_set_si(fmpq_mat_entry(H, 0, 1), 1, 1);
    fmpq_set_si(fmpq_mat_entry(H, 1, 0), 1, 1);
    REJECTS(NEG("[\"1\",\"-1\"]"), "v", "= 0 is not negative");
    fmpq_mat_clear(H);
    fmpq_mat_init(H, 0, 0);
    REJECTS(NEG("[]"), "v", "= 0 is not negative");
    fmpq_mat_clear(H);
    fmpq_mat_init(H, 1, 2);
    REJECTS(NEG("[\"1\",\"1\"]"), "v", "not square");
    fmpq_mat_clear(H);
    fmpq_clear(q);
}

static void test_qmat(void **state)
{
    (void)state;
    fmpq_mat_t A;
    fmpq_mat_init(A, 2, 2);
    json_t *w;
    int rc_;
    ck_t ck_ = {0}, *ck = &ck_;
#define QMAT(text) (w = parse(text), rc_ = ck_qmat(ck, A, w, "m"), json_decref(w), rc_)
    if (QMAT("[[\"1\",\"-1/2\"],[\"0\",\"7\"]]"))
        fail_msg("%s", ck->reason);
    assert_true(fmpq_equal_si(fmpq_mat_entry(A, 1, 1), 7));
    REJECTS(QMAT("[[\"1\",\"-1/2\"]]"), "m", "1 entries");
    REJECTS(QMAT("[[\"1\",\"-1/2\"],[\"0\"]]"), "m[1]", "1 entries");
    REJECTS(QMAT("[[\"1\",\"-1/2\"],[\"0\",\"1.5\"]]"), "m[1][1]", "");
    REJECTS(QMAT("[[\"1\",\"-1/2\"],[\"0\",7]]"), "m[1][1]", "");
    REJECTS(QMAT("[[\"1\",\"-1/2\"],\"0 7\"]"), "m[1]", "array");
    REJECTS(QMAT("[]"), "m", "0 entries");
    fmpq_mat_clear(A);
}

static void test_counts(void **state)
{
    (void)state;
    printf("# %ld random instances verified, %ld hostile witnesses rejected\n", instances,
           hostile);
    assert_true(instances >= 1000 && hostile >= 300);
}

/* The envelope's input limit, as the prover asks it before writing a
 * certificate (rc_check_inputs_admitted): 40 digits pass, 41 do not, in a
 * numerator or a denominator, however deep; the reason names the path. */
static void test_inputs_admitted(void **state)
{
    (void)state;
    char d40[RC_LIMIT_INPUT_DIGITS + 1], d41[RC_LIMIT_INPUT_DIGITS + 2], num[128], reason[1024];
    memset(d40, '7', sizeof d40 - 1);
    d40[sizeof d40 - 1] = 0;
    memset(d41, '7', sizeof d41 - 1);
    d41[sizeof d41 - 1] = 0;
    snprintf(num, sizeof num, "-%s/%s", d40, d40);
    json_t *ok = json_pack("{s:[s,{s:[s]}]}", "A", "1/2", "M_squared", num);
    assert_int_equal(rc_check_inputs_admitted(ok, reason, sizeof reason), 0);
    snprintf(num, sizeof num, "1/%s", d41);
    json_t *deep = json_pack("{s:[s,{s:[s,s]}]}", "A", "1/2", "B", "3", num);
    assert_int_equal(rc_check_inputs_admitted(deep, reason, sizeof reason), -1);
    assert_non_null(strstr(reason, "inputs.A[1].B[1]"));
    assert_non_null(strstr(reason, "40 digits"));
    snprintf(num, sizeof num, "-%s", d41);
    json_t *top = json_pack("{s:s}", "M", num);
    assert_int_equal(rc_check_inputs_admitted(top, reason, sizeof reason), -1);
    assert_non_null(strstr(reason, "inputs.M"));
    json_decref(ok);
    json_decref(deep);
    json_decref(top);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_symmetric),   cmocka_unit_test(test_random_ldl_witness),
        cmocka_unit_test(test_random_rank),        cmocka_unit_test(test_hostile_ldl),
        cmocka_unit_test(test_hostile_rank),       cmocka_unit_test(test_hostile_curvature),
        cmocka_unit_test(test_qmat),               cmocka_unit_test(test_counts),
        cmocka_unit_test(test_inputs_admitted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
