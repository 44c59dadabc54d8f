/* Sign tables of rational functions of rho on an open domain. */
#include "rescheck/signtable.h"
#include "rescheck/sort.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

static int poly_sign_at(const fmpz_poly_t f, const fmpq_t t)
{
    fmpq_t v;
    fmpq_init(v);
    fmpz_poly_evaluate_fmpq(v, f, t);
    int s = fmpq_sgn(v);
    fmpq_clear(v);
    return s;
}

static int in_domain(const rc_signtable_struct *st, const fmpq *t)
{
    return (st->dlo_inf || fmpq_cmp(t, st->dlo) > 0) && (st->dhi_inf || fmpq_cmp(t, st->dhi) < 0);
}

static void root_to_alg(rc_alg_t out, const rc_signtable_struct *st, slong j)
{
    const rc_root_struct *r = st->roots + j;
    fmpz_poly_set(out->poly, st->fac->p + r->factor);
    fmpq_set(out->lo, r->lo);
    fmpq_set(out->hi, r->hi);
}

static void alg_to_root(rc_root_struct *r, const rc_alg_t a)
{
    fmpq_set(r->lo, a->lo);
    fmpq_set(r->hi, a->hi);
}

void rc_signtable_root(rc_alg_t out, const rc_signtable_struct *st, slong j)
{
    root_to_alg(out, st, j);
}

static int cmp_roots(const void *a, const void *b)
{
    const rc_root_struct *x = a, *y = b;
    return fmpq_cmp(x->lo, y->lo);
}

/* Refine neighbouring intervals until they are pairwise disjoint. */
static void separate_roots(rc_signtable_t st)
{
    rc_alg_t a, b;
    rc_alg_init(a);
    rc_alg_init(b);
    int changed = 1;
    while (changed) {
        changed = 0;
        rc_sort(st->roots, (size_t)st->nroots, sizeof(rc_root_struct), cmp_roots);
        for (slong j = 0; j + 1 < st->nroots; j++) {
            rc_root_struct *r = st->roots + j, *s = st->roots + j + 1;
            if (fmpq_cmp(r->hi, s->lo) < 0)
                continue;
            root_to_alg(a, st, j);
            root_to_alg(b, st, j + 1);
            rc_alg_refine(a);
            rc_alg_refine(b);
            alg_to_root(r, a);
            alg_to_root(s, b);
            changed = 1;
        }
    }
    rc_alg_clear(a);
    rc_alg_clear(b);
}

/* Keep every isolating interval strictly inside the domain so that the gap
 * before the first root and after the last root are non-empty. */
static void pull_inside(rc_signtable_t st)
{
    rc_alg_t a;
    rc_alg_init(a);
    for (slong j = 0; j < st->nroots; j++) {
        rc_root_struct *r = st->roots + j;
        while (!in_domain(st, r->lo) || !in_domain(st, r->hi)) {
            root_to_alg(a, st, j);
            rc_alg_refine(a);
            alg_to_root(r, a);
        }
    }
    rc_alg_clear(a);
}

static void choose_samples(rc_signtable_t st)
{
    fmpz_poly_t nd;
    fmpz_poly_init(nd);
    fmpz_poly_mul(nd, st->f->num, st->f->den);
    for (slong i = 0; i <= st->nroots; i++) {
        const fmpq *a = i == 0 ? st->dlo : st->roots[i - 1].hi;
        int a_inf = i == 0 ? st->dlo_inf : 0;
        const fmpq *b = i == st->nroots ? st->dhi : st->roots[i].lo;
        int b_inf = i == st->nroots ? st->dhi_inf : 0;
        rc_fmpq_simplest_between(st->samples + i, a, a_inf, b, b_inf);
        st->signs[i] = poly_sign_at(nd, st->samples + i);
    }
    fmpz_poly_clear(nd);
}

void rc_signtable_init(rc_signtable_t st, const fmpz_poly_q_t f, const fmpq_t dlo, int dlo_inf,
                       const fmpq_t dhi, int dhi_inf)
{
    fmpz_poly_q_init(st->f);
    fmpz_poly_q_set(st->f, f);
    fmpq_init(st->dlo);
    fmpq_init(st->dhi);
    fmpq_set(st->dlo, dlo);
    fmpq_set(st->dhi, dhi);
    st->dlo_inf = dlo_inf;
    st->dhi_inf = dhi_inf;

    fmpz_poly_t nd, q, r;
    fmpz_poly_init(nd);
    fmpz_poly_init(q);
    fmpz_poly_init(r);
    fmpz_poly_mul(nd, f->num, f->den);
    fmpz_poly_factor_init(st->fac);
    if (fmpz_poly_degree(nd) > 0)
        fmpz_poly_factor(st->fac, nd);
    else
        fmpz_poly_get_coeff_fmpz(&st->fac->c, nd, 0);
    st->is_pole = flint_calloc((size_t)st->fac->num + 1, sizeof(int));
    for (slong i = 0; i < st->fac->num; i++) {
        fmpz_poly_divrem(q, r, f->den, st->fac->p + i);
        st->is_pole[i] = fmpz_poly_degree(f->den) > 0 && fmpz_poly_is_zero(r);
    }

    slong cap = fmpz_poly_degree(nd) + 1;
    st->roots = flint_calloc((size_t)cap, sizeof(rc_root_struct));
    st->nroots = 0;
    for (slong i = 0; i < st->fac->num; i++) {
        const fmpz_poly_struct *p = st->fac->p + i;
        if (fmpz_poly_degree(p) == 1) {
            fmpq_t root;
            fmpq_init(root);
            fmpz_neg(fmpq_numref(root), p->coeffs + 0);
            fmpz_set(fmpq_denref(root), p->coeffs + 1);
            fmpq_canonicalise(root);
            if (in_domain(st, root)) {
                rc_root_struct *rt = st->roots + st->nroots++;
                rt->factor = i;
                fmpq_init(rt->lo);
                fmpq_init(rt->hi);
                fmpq_set(rt->lo, root);
                fmpq_set(rt->hi, root);
            }
            fmpq_clear(root);
            continue;
        }
        fmpq *iv;
        slong n = rc_isolate_roots(&iv, p, dlo, dlo_inf, dhi, dhi_inf);
        for (slong k = 0; k < n; k++) {
            rc_root_struct *rt = st->roots + st->nroots++;
            rt->factor = i;
            fmpq_init(rt->lo);
            fmpq_init(rt->hi);
            fmpq_set(rt->lo, iv + 2 * k);
            fmpq_set(rt->hi, iv + 2 * k + 1);
        }
        if (n)
            _fmpq_vec_clear(iv, 2 * n);
    }
    pull_inside(st);
    separate_roots(st);
    st->samples = _fmpq_vec_init(st->nroots + 1);
    st->signs = flint_calloc((size_t)st->nroots + 1, sizeof(int));
    choose_samples(st);
    fmpz_poly_clear(nd);
    fmpz_poly_clear(q);
    fmpz_poly_clear(r);
}

void rc_signtable_clear(rc_signtable_t st)
{
    for (slong j = 0; j < st->nroots; j++) {
        fmpq_clear(st->roots[j].lo);
        fmpq_clear(st->roots[j].hi);
    }
    flint_free(st->roots);
    _fmpq_vec_clear(st->samples, st->nroots + 1);
    flint_free(st->signs);
    flint_free(st->is_pole);
    fmpz_poly_factor_clear(st->fac);
    fmpz_poly_q_clear(st->f);
    fmpq_clear(st->dlo);
    fmpq_clear(st->dhi);
}

int rc_signtable_locate(slong *index, rc_signtable_t st, rc_alg_t x)
{
    rc_alg_t r;
    rc_alg_init(r);
    int on_root = 0;
    slong gap = st->nroots;
    for (slong j = 0; j < st->nroots; j++) {
        root_to_alg(r, st, j);
        int c = rc_alg_cmp(x, r);
        alg_to_root(st->roots + j, r);
        if (c == 0) {
            on_root = 1;
            *index = j;
            /* make both carry the same interval: the checker sees equality */
            fmpq_set(x->lo, st->roots[j].lo);
            fmpq_set(x->hi, st->roots[j].hi);
            break;
        }
        if (c < 0) {
            gap = j;
            break;
        }
    }
    if (!on_root) {
        /* refine x until its interval sits strictly inside its gap */
        *index = gap;
        for (;;) {
            int left_ok = gap == 0 ? 1 : fmpq_cmp(st->roots[gap - 1].hi, x->lo) < 0;
            int right_ok = gap == st->nroots ? 1 : fmpq_cmp(x->hi, st->roots[gap].lo) < 0;
            if (left_ok && right_ok)
                break;
            rc_alg_refine(x);
            if (!left_ok) {
                root_to_alg(r, st, gap - 1);
                rc_alg_refine(r);
                alg_to_root(st->roots + gap - 1, r);
            }
            if (!right_ok) {
                root_to_alg(r, st, gap);
                rc_alg_refine(r);
                alg_to_root(st->roots + gap, r);
            }
        }
    }
    rc_alg_clear(r);
    /* refinements may have widened gaps: re-pick samples (signs unchanged) */
    choose_samples(st);
    return on_root;
}

const char *rc_op_str(rc_op op)
{
    switch (op) {
    case RC_OP_LT: return "<";
    case RC_OP_LE: return "<=";
    case RC_OP_GT: return ">";
    case RC_OP_GE: return ">=";
    }
    return "?";
}

static int sign_holds(int s, rc_op op)
{
    switch (op) {
    case RC_OP_LT: return s < 0;
    case RC_OP_LE: return s <= 0;
    case RC_OP_GT: return s > 0;
    case RC_OP_GE: return s >= 0;
    }
    return 0;
}

int rc_signtable_gap_holds(const rc_signtable_t st, slong gap, rc_op op)
{
    return sign_holds(st->signs[gap], op);
}

int rc_signtable_root_holds(const rc_signtable_t st, slong root, rc_op op)
{
    /* f is undefined at a pole: the inequality does not hold there */
    if (st->is_pole[st->roots[root].factor])
        return 0;
    return sign_holds(0, op);
}

slong rc_signtable_maximal_set(rc_piece **out, const rc_signtable_t st, rc_op op)
{
    /* walk gap0 root0 gap1 root1 ... gapN, merging runs where op holds */
    rc_piece *res = flint_calloc((size_t)st->nroots + 1, sizeof(rc_piece));
    slong n = 0;
    int open_run = 0;
    for (slong k = 0; k <= 2 * st->nroots; k++) {
        int is_gap = (k % 2) == 0;
        slong idx = k / 2;
        int ok = is_gap ? rc_signtable_gap_holds(st, idx, op) : rc_signtable_root_holds(st, idx, op);
        if (ok && !open_run) {
            open_run = 1;
            rc_piece *p = res + n++;
            if (is_gap) {
                p->lo_root = idx == 0 ? -1 : idx - 1;
                p->lo_closed = 0;
            } else {
                p->lo_root = idx;
                p->lo_closed = 1;
            }
        } else if (!ok && open_run) {
            open_run = 0;
            rc_piece *p = res + n - 1;
            /* the run ended just before piece k */
            if (is_gap) {
                p->hi_root = idx - 1;
                p->hi_closed = 1;
            } else {
                p->hi_root = idx;
                p->hi_closed = 0;
            }
        }
    }
    if (open_run) {
        res[n - 1].hi_root = -1;
        res[n - 1].hi_closed = 0;
    }
    *out = res;
    return n;
}

int rc_signtable_holds_on(const rc_signtable_t st, rc_op op, int lo_is_root, slong lo_index,
                          int lo_closed, int hi_is_root, slong hi_index, int hi_closed)
{
    /* position in the sequence gap0 root0 gap1 ...: gap i -> 2i, root j -> 2j+1 */
    slong first, last;
    if (lo_index < 0)
        first = 0;
    else if (lo_is_root)
        first = lo_closed ? 2 * lo_index + 1 : 2 * lo_index + 2;
    else
        first = 2 * lo_index;
    if (hi_index < 0)
        last = 2 * st->nroots;
    else if (hi_is_root)
        last = hi_closed ? 2 * hi_index + 1 : 2 * hi_index;
    else
        last = 2 * hi_index;
    for (slong k = first; k <= last; k++) {
        int ok = (k % 2) == 0 ? rc_signtable_gap_holds(st, k / 2, op)
                              : rc_signtable_root_holds(st, k / 2, op);
        if (!ok)
            return 0;
    }
    return 1;
}
