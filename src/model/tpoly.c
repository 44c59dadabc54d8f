/* Truncated polynomials with per-sample coefficient vectors. */
#include "rescheck/tpoly.h"
#include "rescheck/sort.h"

#include <stdlib.h>
#include <string.h>

int rc_monomial_cmp(const rc_monomial *a, const rc_monomial *b)
{
    if (a->deg != b->deg)
        return a->deg < b->deg ? -1 : 1;
    for (uint32_t k = 0; k < a->deg; k++)
        if (a->v[k] != b->v[k])
            return a->v[k] < b->v[k] ? -1 : 1;
    return 0;
}

void rc_tpoly_init(rc_tpoly_t p, slong m)
{
    p->m = m;
    p->len = p->cap = 0;
    p->terms = NULL;
}

static void clear_terms(rc_tpoly_t p)
{
    for (slong i = 0; i < p->len; i++)
        _fmpq_vec_clear(p->terms[i].coef, p->m);
    p->len = 0;
}

void rc_tpoly_clear(rc_tpoly_t p)
{
    clear_terms(p);
    free(p->terms);
}

void rc_tpoly_zero(rc_tpoly_t p)
{
    clear_terms(p);
}

void rc_tpoly_swap(rc_tpoly_t p, rc_tpoly_t q)
{
    rc_tpoly_struct t = *p;
    *p = *q;
    *q = t;
}

/* appends a term, taking ownership of coef */
static void push(rc_tpoly_t p, const rc_monomial *mono, fmpq *coef)
{
    if (p->len == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 8;
        p->terms = realloc(p->terms, (size_t)p->cap * sizeof(rc_term));
    }
    p->terms[p->len].mono = *mono;
    p->terms[p->len].coef = coef;
    p->len++;
}

static int vec_is_zero(const fmpq *v, slong m)
{
    for (slong i = 0; i < m; i++)
        if (!fmpq_is_zero(v + i))
            return 0;
    return 1;
}

static fmpq *vec_copy(const fmpq *v, slong m)
{
    fmpq *c = _fmpq_vec_init(m);
    for (slong i = 0; i < m; i++)
        fmpq_set(c + i, v + i);
    return c;
}

void rc_tpoly_set(rc_tpoly_t p, const rc_tpoly_t q)
{
    if (p == q)
        return;
    rc_tpoly_zero(p);
    p->m = q->m;
    for (slong i = 0; i < q->len; i++)
        push(p, &q->terms[i].mono, vec_copy(q->terms[i].coef, q->m));
}

void rc_tpoly_set_constant(rc_tpoly_t p, const fmpq *c)
{
    rc_tpoly_zero(p);
    if (vec_is_zero(c, p->m))
        return;
    rc_monomial one = {0, {0}};
    push(p, &one, vec_copy(c, p->m));
}

void rc_tpoly_get_constant(fmpq *c, const rc_tpoly_t p)
{
    if (p->len > 0 && p->terms[0].mono.deg == 0) {
        for (slong i = 0; i < p->m; i++)
            fmpq_set(c + i, p->terms[0].coef + i);
    } else {
        for (slong i = 0; i < p->m; i++)
            fmpq_zero(c + i);
    }
}

/* merge of two sorted term lists */
void rc_tpoly_add(rc_tpoly_t p, const rc_tpoly_t a, const rc_tpoly_t b)
{
    rc_tpoly_t out;
    rc_tpoly_init(out, a->m);
    slong i = 0, j = 0;
    while (i < a->len || j < b->len) {
        int c = i == a->len ? 1 : j == b->len ? -1 : rc_monomial_cmp(&a->terms[i].mono, &b->terms[j].mono);
        if (c < 0) {
            push(out, &a->terms[i].mono, vec_copy(a->terms[i].coef, a->m));
            i++;
        } else if (c > 0) {
            push(out, &b->terms[j].mono, vec_copy(b->terms[j].coef, a->m));
            j++;
        } else {
            fmpq *s = _fmpq_vec_init(a->m);
            for (slong k = 0; k < a->m; k++)
                fmpq_add(s + k, a->terms[i].coef + k, b->terms[j].coef + k);
            if (vec_is_zero(s, a->m))
                _fmpq_vec_clear(s, a->m);
            else
                push(out, &a->terms[i].mono, s);
            i++;
            j++;
        }
    }
    rc_tpoly_swap(p, out);
    rc_tpoly_clear(out);
}

static int mono_mul(rc_monomial *out, const rc_monomial *a, const rc_monomial *b, uint32_t K)
{
    if (a->deg + b->deg > K)
        return 0;
    uint32_t i = 0, j = 0, k = 0;
    while (i < a->deg || j < b->deg)
        out->v[k++] = (j == b->deg || (i < a->deg && a->v[i] <= b->v[j])) ? a->v[i++] : b->v[j++];
    out->deg = k;
    return 1;
}

void rc_tpoly_addmul_var(rc_tpoly_t p, const rc_tpoly_t a, uint32_t var, uint32_t K)
{
    rc_tpoly_t t;
    rc_tpoly_init(t, a->m);
    rc_monomial x = {1, {var}};
    for (slong i = 0; i < a->len; i++) {
        rc_monomial mono;
        if (mono_mul(&mono, &a->terms[i].mono, &x, K))
            push(t, &mono, vec_copy(a->terms[i].coef, a->m)); /* stays sorted */
    }
    rc_tpoly_add(p, p, t);
    rc_tpoly_clear(t);
}

static int cmp_terms(const void *x, const void *y)
{
    return rc_monomial_cmp(&((const rc_term *)x)->mono, &((const rc_term *)y)->mono);
}

/* sorts and merges equal monomials, dropping zero coefficient vectors */
static void normalise(rc_tpoly_t p)
{
    rc_sort(p->terms, (size_t)p->len, sizeof(rc_term), cmp_terms);
    slong w = 0;
    for (slong r = 0; r < p->len; r++) {
        if (w > 0 && rc_monomial_cmp(&p->terms[w - 1].mono, &p->terms[r].mono) == 0) {
            for (slong k = 0; k < p->m; k++)
                fmpq_add(p->terms[w - 1].coef + k, p->terms[w - 1].coef + k, p->terms[r].coef + k);
            _fmpq_vec_clear(p->terms[r].coef, p->m);
        } else {
            p->terms[w++] = p->terms[r];
        }
    }
    p->len = w;
    w = 0;
    for (slong r = 0; r < p->len; r++) {
        if (vec_is_zero(p->terms[r].coef, p->m))
            _fmpq_vec_clear(p->terms[r].coef, p->m);
        else
            p->terms[w++] = p->terms[r];
    }
    p->len = w;
}

void rc_tpoly_mul(rc_tpoly_t p, const rc_tpoly_t a, const rc_tpoly_t b, uint32_t K)
{
    rc_tpoly_t out;
    rc_tpoly_init(out, a->m);
    for (slong i = 0; i < a->len; i++) {
        for (slong j = 0; j < b->len; j++) {
            rc_monomial mono;
            if (!mono_mul(&mono, &a->terms[i].mono, &b->terms[j].mono, K))
                continue;
            fmpq *c = _fmpq_vec_init(a->m);
            for (slong k = 0; k < a->m; k++)
                fmpq_mul(c + k, a->terms[i].coef + k, b->terms[j].coef + k);
            push(out, &mono, c);
        }
    }
    normalise(out);
    rc_tpoly_swap(p, out);
    rc_tpoly_clear(out);
}

void rc_tpoly_truncate(rc_tpoly_t p, uint32_t K)
{
    slong w = 0;
    for (slong r = 0; r < p->len; r++) {
        if (p->terms[r].mono.deg > K)
            _fmpq_vec_clear(p->terms[r].coef, p->m);
        else
            p->terms[w++] = p->terms[r];
    }
    p->len = w;
}

/* coefficientwise product with a vector over samples */
static void scale(rc_tpoly_t p, const fmpq *g)
{
    for (slong i = 0; i < p->len; i++)
        for (slong k = 0; k < p->m; k++)
            fmpq_mul(p->terms[i].coef + k, p->terms[i].coef + k, g + k);
    normalise(p);
}

void rc_tpoly_compose(rc_tpoly_t p, const rc_tpoly_t a, fmpq *const *g, uint32_t K)
{
    rc_tpoly_t delta, power, term, out;
    rc_tpoly_init(delta, a->m);
    rc_tpoly_init(power, a->m);
    rc_tpoly_init(term, a->m);
    rc_tpoly_init(out, a->m);
    rc_tpoly_set(delta, a);
    if (delta->len > 0 && delta->terms[0].mono.deg == 0) {
        /* delta = a - a_0 */
        _fmpq_vec_clear(delta->terms[0].coef, a->m);
        memmove(delta->terms, delta->terms + 1, (size_t)(delta->len - 1) * sizeof(rc_term));
        delta->len--;
    }
    rc_tpoly_set_constant(out, g[0]);
    rc_tpoly_set(power, delta);
    for (uint32_t k = 1; k <= K && power->len > 0; k++) {
        rc_tpoly_set(term, power);
        scale(term, g[k]);
        rc_tpoly_add(out, out, term);
        if (k < K)
            rc_tpoly_mul(power, power, delta, K);
    }
    rc_tpoly_swap(p, out);
    rc_tpoly_clear(delta);
    rc_tpoly_clear(power);
    rc_tpoly_clear(term);
    rc_tpoly_clear(out);
}
