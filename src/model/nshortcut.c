/* The loss of an n-shortcut network expanded exactly at the zero point. */
#include "rescheck/progress.h"
#include "rescheck/nshortcut.h"

#include <stdlib.h>
#include <string.h>

void rc_act_init_kind(rc_act *a, rc_act_kind kind)
{
    a->kind = kind;
    a->nder = 0;
    a->der = NULL;
}

void rc_act_clear(rc_act *a)
{
    if (a->der)
        _fmpq_vec_clear(a->der, a->nder);
    a->der = NULL;
    a->nder = 0;
}

void rc_act_copy(rc_act *dst, const rc_act *src)
{
    dst->kind = src->kind;
    dst->nder = src->nder;
    dst->der = NULL;
    if (src->nder) {
        dst->der = _fmpq_vec_init(src->nder);
        for (slong k = 0; k < src->nder; k++)
            fmpq_set(dst->der + k, src->der + k);
    }
}

const char *rc_act_name(const rc_act *a)
{
    switch (a->kind) {
    case RC_ACT_IDENTITY: return "identity";
    case RC_ACT_RELU: return "relu";
    case RC_ACT_POLY: return "polynomial";
    }
    return "?";
}

void rc_act_taylor_coeff(fmpq_t out, const rc_act *a, const fmpq_t t, slong k)
{
    switch (a->kind) {
    case RC_ACT_IDENTITY:
        if (k == 0)
            fmpq_set(out, t);
        else if (k == 1)
            fmpq_one(out);
        else
            fmpq_zero(out);
        return;
    case RC_ACT_RELU: {
        int pos = fmpq_sgn(t) >= 0; /* right slope at 0 */
        if (k == 0) {
            if (fmpq_sgn(t) > 0)
                fmpq_set(out, t);
            else
                fmpq_zero(out);
        } else if (k == 1) {
            fmpq_set_si(out, pos, 1);
        } else {
            fmpq_zero(out);
        }
        return;
    }
    case RC_ACT_POLY: {
        /* sigma(t) = sum_j der[j] t^j / j!, so sigma^(k)(t)/k! =
           sum_{j>=k} der[j] / (k! (j-k)!) t^(j-k) */
        fmpq_t term, tp;
        fmpq_init(term);
        fmpq_init(tp);
        fmpq_zero(out);
        fmpz_t fk, fjk;
        fmpz_init(fk);
        fmpz_init(fjk);
        fmpz_fac_ui(fk, (ulong)k);
        fmpq_one(tp);
        for (slong j = k; j < a->nder; j++) {
            fmpz_fac_ui(fjk, (ulong)(j - k));
            fmpz_mul(fjk, fjk, fk);
            fmpq_div_fmpz(term, a->der + j, fjk);
            fmpq_mul(term, term, tp);
            fmpq_add(out, out, term);
            fmpq_mul(tp, tp, t);
        }
        fmpz_clear(fk);
        fmpz_clear(fjk);
        fmpq_clear(term);
        fmpq_clear(tp);
        return;
    }
    }
}

void rc_nsnet_init(rc_nsnet *net, slong d, slong m, slong n, slong R)
{
    net->d = d;
    net->m = m;
    net->n = n;
    net->R = R;
    fmpq_mat_init(net->X, d, m);
    fmpq_mat_init(net->Y, d, m);
    rc_act_init_kind(&net->pre, RC_ACT_IDENTITY);
    rc_act_init_kind(&net->mid, RC_ACT_IDENTITY);
    rc_act_init_kind(&net->post, RC_ACT_IDENTITY);
}

void rc_nsnet_clear(rc_nsnet *net)
{
    fmpq_mat_clear(net->X);
    fmpq_mat_clear(net->Y);
    rc_act_clear(&net->pre);
    rc_act_clear(&net->mid);
    rc_act_clear(&net->post);
}

slong rc_nsnet_nparams(const rc_nsnet *net)
{
    return net->R * net->n * net->d * net->d;
}

slong rc_nsnet_index(const rc_nsnet *net, slong r, slong l, slong j, slong i)
{
    return ((r * net->n + l) * net->d + j) * net->d + i;
}

/* applies an activation elementwise to a vector of truncated polynomials */
static void apply_act(rc_tpoly_struct *h, slong d, const rc_act *act, uint32_t K, slong m)
{
    fmpq **g = malloc(sizeof(fmpq *) * (K + 1));
    fmpq *c = _fmpq_vec_init(m);
    for (uint32_t k = 0; k <= K; k++)
        g[k] = _fmpq_vec_init(m);
    for (slong i = 0; i < d; i++) {
        rc_tpoly_get_constant(c, h + i);
        for (uint32_t k = 0; k <= K; k++)
            for (slong mu = 0; mu < m; mu++)
                rc_act_taylor_coeff(g[k] + mu, act, c + mu, (slong)k);
        rc_tpoly_compose(h + i, h + i, g, K);
    }
    for (uint32_t k = 0; k <= K; k++)
        _fmpq_vec_clear(g[k], m);
    free(g);
    _fmpq_vec_clear(c, m);
}

/* z <- W^{r,l} z: out_i = sum_j w_{ij} z_j, the weights being variables */
static void apply_weights(rc_tpoly_struct *z, const rc_nsnet *net, slong r, slong l, uint32_t K)
{
    slong d = net->d;
    rc_tpoly_struct *out = malloc(sizeof(rc_tpoly_struct) * (size_t)d);
    for (slong i = 0; i < d; i++) {
        rc_tpoly_init(out + i, net->m);
        for (slong j = 0; j < d; j++)
            rc_tpoly_addmul_var(out + i, z + j, (uint32_t)rc_nsnet_index(net, r, l, j, i), K);
    }
    for (slong i = 0; i < d; i++) {
        rc_tpoly_swap(z + i, out + i);
        rc_tpoly_clear(out + i);
    }
    free(out);
}

/* f(x^mu) for all samples, truncated at degree K */
static void network_output(rc_tpoly_struct *h, const rc_nsnet *net, uint32_t K)
{
    slong d = net->d, m = net->m;
    fmpq *row = _fmpq_vec_init(m);
    for (slong i = 0; i < d; i++) {
        rc_tpoly_init(h + i, m);
        for (slong mu = 0; mu < m; mu++)
            fmpq_set(row + mu, fmpq_mat_entry(net->X, i, mu));
        rc_tpoly_set_constant(h + i, row);
    }
    rc_tpoly_struct *z = malloc(sizeof(rc_tpoly_struct) * (size_t)d);
    /* the work of unit r grows with the terms the units before it made: the
       estimate weighs unit r by r + 1 */
    rc_progress prog;
    rc_progress_start(&prog, "li18 Taylor expansion", (double)net->R * (double)(net->R + 1) / 2);
    for (slong r = 0; r < net->R; r++) {
        rc_progress_show(&prog, (double)r * (double)(r + 1) / 2, "loss to order %u, n = %ld: unit %ld/%ld",
                         K, (long)net->n, (long)r + 1, (long)net->R);
        for (slong i = 0; i < d; i++) {
            rc_tpoly_init(z + i, m);
            rc_tpoly_set(z + i, h + i);
            /* terms of degree K cannot survive the next weight product */
            rc_tpoly_truncate(z + i, K - 1);
        }
        apply_act(z, d, &net->pre, K - 1, m);
        for (slong l = 0; l < net->n; l++) {
            apply_weights(z, net, r, l, K);
            apply_act(z, d, l + 1 < net->n ? &net->mid : &net->post, K, m);
        }
        for (slong i = 0; i < d; i++) {
            rc_tpoly_add(h + i, h + i, z + i);
            rc_tpoly_clear(z + i);
        }
    }
    rc_progress_end(&prog);
    free(z);
    _fmpq_vec_clear(row, m);
}

void rc_nsnet_loss_taylor(rc_loss_taylor *t, const rc_nsnet *net, uint32_t K)
{
    slong d = net->d, m = net->m;
    rc_tpoly_struct *f = malloc(sizeof(rc_tpoly_struct) * (size_t)d);
    network_output(f, net, K);
    rc_tpoly_t sum, resid, sq, y;
    rc_tpoly_init(sum, m);
    rc_tpoly_init(resid, m);
    rc_tpoly_init(sq, m);
    rc_tpoly_init(y, m);
    fmpq *row = _fmpq_vec_init(m);
    for (slong i = 0; i < d; i++) {
        /* resid = y_i - f_i */
        for (slong mu = 0; mu < m; mu++)
            fmpq_neg(row + mu, fmpq_mat_entry(net->Y, i, mu));
        rc_tpoly_set_constant(y, row);
        rc_tpoly_add(resid, f + i, y);
        rc_tpoly_mul(sq, resid, resid, K);
        rc_tpoly_add(sum, sum, sq);
        rc_tpoly_clear(f + i);
    }
    free(f);
    /* L = (1/2m) sum over samples */
    t->K = K;
    t->nterms = sum->len;
    t->mono = malloc(sizeof(rc_monomial) * (size_t)(sum->len + 1));
    t->coef = _fmpq_vec_init(sum->len + 1);
    fmpz_t twom;
    fmpz_init_set_si(twom, 2 * m);
    slong w = 0;
    for (slong k = 0; k < sum->len; k++) {
        fmpq_zero(t->coef + w);
        for (slong mu = 0; mu < m; mu++)
            fmpq_add(t->coef + w, t->coef + w, sum->terms[k].coef + mu);
        if (fmpq_is_zero(t->coef + w))
            continue;
        fmpq_div_fmpz(t->coef + w, t->coef + w, twom);
        t->mono[w++] = sum->terms[k].mono;
    }
    t->nterms = w;
    fmpz_clear(twom);
    _fmpq_vec_clear(row, m);
    rc_tpoly_clear(sum);
    rc_tpoly_clear(resid);
    rc_tpoly_clear(sq);
    rc_tpoly_clear(y);
}

void rc_loss_taylor_clear(rc_loss_taylor *t)
{
    free(t->mono);
    _fmpq_vec_clear(t->coef, t->nterms + 1);
}

void rc_loss_taylor_hessian(rc_symsparse *H, const rc_loss_taylor *t, slong nparams)
{
    slong n = 0;
    for (slong k = 0; k < t->nterms; k++)
        n += t->mono[k].deg == 2;
    H->dim = nparams;
    H->len = n;
    H->row = malloc(sizeof(slong) * (size_t)(n + 1));
    H->col = malloc(sizeof(slong) * (size_t)(n + 1));
    H->val = _fmpq_vec_init(n + 1);
    slong w = 0;
    /* terms are sorted by (deg, v0, v1): entries come out sorted by (p, q) */
    for (slong k = 0; k < t->nterms; k++) {
        if (t->mono[k].deg != 2)
            continue;
        H->row[w] = t->mono[k].v[0];
        H->col[w] = t->mono[k].v[1];
        fmpq_set(H->val + w, t->coef + k);
        if (H->row[w] == H->col[w])
            fmpq_mul_2exp(H->val + w, H->val + w, 1);
        w++;
    }
}

void rc_nsnet_hessian(rc_symsparse *H, const rc_nsnet *net)
{
    rc_loss_taylor t;
    rc_nsnet_loss_taylor(&t, net, 2);
    rc_loss_taylor_hessian(H, &t, rc_nsnet_nparams(net));
    rc_loss_taylor_clear(&t);
}

void rc_symsparse_clear(rc_symsparse *s)
{
    free(s->row);
    free(s->col);
    _fmpq_vec_clear(s->val, s->len + 1);
}

void rc_symsparse_get(fmpq_t out, const rc_symsparse *s, slong p, slong q)
{
    if (p > q) {
        slong t = p;
        p = q;
        q = t;
    }
    slong lo = 0, hi = s->len;
    while (lo < hi) {
        slong mid = (lo + hi) / 2;
        if (s->row[mid] < p || (s->row[mid] == p && s->col[mid] < q))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->len && s->row[lo] == p && s->col[lo] == q)
        fmpq_set(out, s->val + lo);
    else
        fmpq_zero(out);
}

/* ---- the loss along a ray, exact for ReLU ------------------------------------ */

static int series_is_zero(const fmpq *s)
{
    return fmpq_is_zero(s) && fmpq_is_zero(s + 1) && fmpq_is_zero(s + 2);
}

/* s <- sigma(s) for a series s0 + s1 t + s2 t^2 (t -> 0+) */
static void ray_act(fmpq *s, const rc_act *act)
{
    int relu_zero = act->kind == RC_ACT_RELU && fmpq_is_zero(s);
    if (relu_zero) { /* ReLU at 0: s or 0 by the sign of the first nonzero coefficient */
        int sign = fmpq_sgn(s + 1) ? fmpq_sgn(s + 1) : fmpq_sgn(s + 2);
        if (sign <= 0)
            for (int k = 0; k <= RC_RAY_ORDER; k++)
                fmpq_zero(s + k);
        return;
    }
    fmpq_t a1, a2, t;
    fmpq_init(a1);
    fmpq_init(a2);
    fmpq_init(t);
    rc_act_taylor_coeff(a1, act, s, 1);
    rc_act_taylor_coeff(a2, act, s, 2);
    /* sigma(s0 + d) = a0 + a1 d + a2 d^2 with d = s1 t + s2 t^2 */
    fmpq_mul(t, s + 1, s + 1);
    fmpq_mul(t, t, a2);
    fmpq_mul(s + 2, s + 2, a1);
    fmpq_add(s + 2, s + 2, t);
    fmpq_mul(s + 1, s + 1, a1);
    rc_act_taylor_coeff(t, act, s, 0);
    fmpq_swap(s, t);
    fmpq_clear(a1);
    fmpq_clear(a2);
    fmpq_clear(t);
}

/* h <- h + (unit r's output) for one sample, the weights t * val at p; z, u
 * are scratch for d series. Only the columns that the unit's first matrix
 * reads on the ray need sigma_pre, and a zero series stays zero through
 * sigma_mid and sigma_post (sigma(0) = 0, Assumption 3). */
static void ray_unit(fmpq *h, fmpq *z, fmpq *u, const rc_nsnet *net, slong r, const slong *p,
                     const fmpq *val, slong nnz)
{
    slong d = net->d, S = RC_RAY_ORDER + 1;
    for (slong k = 0; k < nnz; k++)
        if (p[k] / (d * d) == r * net->n) {
            slong j = (p[k] / d) % d;
            for (slong c = 0; c < S; c++)
                fmpq_set(z + j * S + c, h + j * S + c);
            ray_act(z + j * S, &net->pre);
        }
    for (slong l = 0; l < net->n; l++) {
        for (slong c = 0; c < d * S; c++)
            fmpq_zero(u + c);
        for (slong k = 0; k < nnz; k++) { /* u_i += val t z_j */
            slong q = p[k], i = q % d, j = (q / d) % d;
            if (q / (d * d) == r * net->n + l)
                for (slong c = 1; c < S; c++)
                    fmpq_addmul(u + i * S + c, z + j * S + c - 1, val + k);
        }
        for (slong i = 0; i < d; i++)
            if (!series_is_zero(u + i * S))
                ray_act(u + i * S, l + 1 < net->n ? &net->mid : &net->post);
        for (slong c = 0; c < d * S; c++)
            fmpq_swap(z + c, u + c);
    }
    for (slong c = 0; c < d * S; c++)
        fmpq_add(h + c, h + c, z + c);
}

void rc_nsnet_ray_loss(fmpq *c, const rc_nsnet *net, const slong *p, const fmpq *val, slong nnz,
                       const int *use)
{
    slong d = net->d, S = RC_RAY_ORDER + 1, unit = net->n * d * d;
    fmpq *h = _fmpq_vec_init(3 * d * S), *z = h + d * S, *u = h + 2 * d * S;
    int *on_ray = calloc((size_t)net->R, sizeof(int));
    for (slong k = 0; k < nnz; k++)
        on_ray[p[k] / unit] = 1;
    fmpq_t e;
    fmpq_init(e);
    for (slong k = 0; k < S; k++)
        fmpq_zero(c + k);
    for (slong mu = 0; mu < net->m; mu++) {
        if (use && !use[mu])
            continue;
        for (slong i = 0; i < d; i++) {
            fmpq_set(h + i * S, fmpq_mat_entry(net->X, i, mu));
            fmpq_zero(h + i * S + 1);
            fmpq_zero(h + i * S + 2);
        }
        /* a unit without weights on the ray adds sigma_post(0) = 0 */
        for (slong r = 0; r < net->R; r++)
            if (on_ray[r])
                ray_unit(h, z, u, net, r, p, val, nnz);
        /* (e + h1 t + h2 t^2)^2 - e^2 = 2 e h1 t + (h1^2 + 2 e h2) t^2 */
        for (slong i = 0; i < d; i++) {
            fmpq *s = h + i * S;
            if (fmpq_is_zero(s + 1) && fmpq_is_zero(s + 2))
                continue;
            fmpq_sub(e, s, fmpq_mat_entry(net->Y, i, mu));
            fmpq_mul_2exp(e, e, 1);
            fmpq_addmul(c + 1, e, s + 1);
            fmpq_addmul(c + 2, e, s + 2);
            fmpq_addmul(c + 2, s + 1, s + 1);
        }
    }
    fmpz_t twom;
    fmpz_init_set_si(twom, 2 * net->m);
    for (slong k = 1; k < S; k++)
        fmpq_div_fmpz(c + k, c + k, twom);
    fmpz_clear(twom);
    fmpq_clear(e);
    free(on_ray);
    _fmpq_vec_clear(h, 3 * d * S);
}
