/* Gradient and Hessian of a yun19.resnet's risk over Q (rescheck/landscape.h).
 * Every quantity is a pair (value, tangent) of matrices whose rows are the
 * samples; the tangent is the derivative along the direction v, so one pass
 * gives the gradient (values) and H v (tangents). */
#include "rescheck/progress.h"
#include "rescheck/landscape.h"

#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

typedef struct {
    fmpq_mat_t v, t; /* value, tangent */
} dual;

static void dual_init(dual *x, slong r, slong c)
{
    fmpq_mat_init(x->v, r, c);
    fmpq_mat_init(x->t, r, c);
}

static void dual_clear(dual *x)
{
    fmpq_mat_clear(x->v);
    fmpq_mat_clear(x->t);
}

/* C += op(A) op(B), op = transpose when the flag is set; skipped when a factor is 0 */
static void addmul(fmpq_mat_t C, const fmpq_mat_t A, int ta, const fmpq_mat_t B, int tb)
{
    if (fmpq_mat_is_zero(A) || fmpq_mat_is_zero(B))
        return;
    fmpq_mat_t At, Bt, P;
    slong ar = ta ? fmpq_mat_ncols(A) : fmpq_mat_nrows(A), ac = ta ? fmpq_mat_nrows(A) : fmpq_mat_ncols(A);
    slong bc = tb ? fmpq_mat_nrows(B) : fmpq_mat_ncols(B);
    fmpq_mat_init(At, ar, ac);
    fmpq_mat_init(Bt, ac, bc);
    fmpq_mat_init(P, ar, bc);
    if (ta)
        fmpq_mat_transpose(At, A);
    else
        fmpq_mat_set(At, A);
    if (tb)
        fmpq_mat_transpose(Bt, B);
    else
        fmpq_mat_set(Bt, B);
    fmpq_mat_mul(P, At, Bt);
    fmpq_mat_add(C, C, P);
    fmpq_mat_clear(At);
    fmpq_mat_clear(Bt);
    fmpq_mat_clear(P);
}

/* C = op(A) op(B) for duals, where B is a parameter with tangent dB:
 * value A.v B, tangent A.t B + A.v dB */
static void dmul(dual *C, const dual *A, int ta, const fmpq_mat_t B, const fmpq_mat_t dB, int tb)
{
    addmul(C->v, A->v, ta, B, tb);
    addmul(C->t, A->t, ta, B, tb);
    addmul(C->t, A->v, ta, dB, tb);
}

/* C = op(A) op(B) for two duals */
static void dmul2(dual *C, const dual *A, int ta, const dual *B, int tb)
{
    addmul(C->v, A->v, ta, B->v, tb);
    addmul(C->t, A->t, ta, B->v, tb);
    addmul(C->t, A->v, ta, B->t, tb);
}

static void dual_set(dual *D, const dual *S)
{
    fmpq_mat_set(D->v, S->v);
    fmpq_mat_set(D->t, S->t);
}

/* x_ij = 0 where the pre-activation Z_ij is not positive */
static void mask(fmpq_mat_t x, const fmpq_mat_t Z)
{
    for (slong i = 0; i < fmpq_mat_nrows(Z); i++)
        for (slong j = 0; j < fmpq_mat_ncols(Z); j++)
            if (fmpq_sgn(fmpq_mat_entry(Z, i, j)) <= 0)
                fmpq_zero(fmpq_mat_entry(x, i, j));
}

/* the tangents of the forward pass along dn (a network holding the direction) */
typedef struct {
    dual *H, *T, *G; /* H: L + 1; values are F's */
} fwd_dual;

static void tangent_forward(fwd_dual *D, const rc_resnet *net, const rc_resnet_fwd *F,
                            const rc_resnet *dn)
{
    slong n = net->n, L = net->L;
    D->H = calloc((size_t)(L + 1), sizeof(dual));
    D->T = calloc((size_t)L, sizeof(dual));
    D->G = calloc((size_t)L, sizeof(dual));
    dual_init(D->H, n, net->dx);
    fmpq_mat_set(D->H[0].v, F->H);
    for (slong l = 0; l < L; l++) {
        const rc_resnet_block *b = net->blk + l, *db = dn->blk + l;
        dual *T = D->T + l, *G = D->G + l, *Hp = D->H + l, *Hn = D->H + l + 1;
        dual_init(T, n, b->m);
        if (b->has_U)
            dmul(T, Hp, 0, b->U, db->U, 1);
        else
            dual_set(T, Hp);
        dual_init(G, n, b->p);
        fmpq_mat_set(G->v, F->G + l);
        if (b->phi == RC_PHI_IDENTITY) {
            fmpq_mat_set(G->t, T->t);
        } else if (b->phi == RC_PHI_RELU) {
            fmpq_mat_set(G->t, T->t);
            mask(G->t, F->Z + l);
        } else { /* dZ = dT A^T + T dA^T + 1 da^T */
            addmul(G->t, T->t, 0, b->A, 1);
            addmul(G->t, T->v, 0, db->A, 1);
            for (slong i = 0; i < n; i++)
                for (slong j = 0; j < b->k; j++)
                    fmpq_add(fmpq_mat_entry(G->t, i, j), fmpq_mat_entry(G->t, i, j),
                             fmpq_mat_entry(db->a, j, 0));
            mask(G->t, F->Z + l);
        }
        dual_init(Hn, n, net->dx);
        fmpq_mat_set(Hn->v, F->H + l + 1);
        if (b->has_W) {
            addmul(Hn->t, Hp->t, 0, b->W, 1);
            addmul(Hn->t, Hp->v, 0, db->W, 1);
        } else {
            fmpq_mat_set(Hn->t, Hp->t);
        }
        addmul(Hn->t, G->t, 0, b->V, 1);
        addmul(Hn->t, G->v, 0, db->V, 1);
    }
}

static void fwd_dual_clear(fwd_dual *D, slong L)
{
    for (slong l = 0; l < L; l++) {
        dual_clear(D->T + l);
        dual_clear(D->G + l);
    }
    for (slong l = 0; l <= L; l++)
        dual_clear(D->H + l);
    free(D->H);
    free(D->T);
    free(D->G);
}

/* r = l'(f)/n with its tangent l''(f) df / n (n x 1) */
static void loss_adjoint(dual *r, const rc_resnet *net, const rc_resnet_fwd *F, const dual *HL,
                         const rc_resnet *dn)
{
    fmpq_mat_t df;
    fmpq_mat_init(df, net->n, 1);
    addmul(df, HL->t, 0, net->w, 0);
    addmul(df, HL->v, 0, dn->w, 0);
    fmpq_t l, d1, d2;
    fmpq_init(l), fmpq_init(d1), fmpq_init(d2);
    fmpz_t nn;
    fmpz_init_set_si(nn, net->n);
    for (slong i = 0; i < net->n; i++) {
        rc_resnet_loss(l, d1, d2, net, fmpq_mat_entry(F->f, i, 0), fmpq_mat_entry(net->y, i, 0));
        fmpq_div_fmpz(fmpq_mat_entry(r->v, i, 0), d1, nn);
        fmpq_mul(fmpq_mat_entry(r->t, i, 0), d2, fmpq_mat_entry(df, i, 0));
        fmpq_div_fmpz(fmpq_mat_entry(r->t, i, 0), fmpq_mat_entry(r->t, i, 0), nn);
    }
    fmpz_clear(nn);
    fmpq_clear(l), fmpq_clear(d1), fmpq_clear(d2);
    fmpq_mat_clear(df);
}

/* the gradient's block (value into g, tangent into dg), both shaped like the network */
static void reverse_block(rc_resnet *g, rc_resnet *dg, dual *delta, const rc_resnet *net,
                          const rc_resnet_fwd *F, const fwd_dual *D, const rc_resnet *dn, slong l)
{
    const rc_resnet_block *b = net->blk + l, *db = dn->blk + l;
    rc_resnet_block *gb = g->blk + l, *dgb = dg->blk + l;
    slong n = net->n;
    dual *Hp = D->H + l, *T = D->T + l, *G = D->G + l;
#define GRAD(field, A, ta, B, tb)                                                        \
    do {                                                                                 \
        fmpq_mat_zero(gb->field), fmpq_mat_zero(dgb->field);                             \
        addmul(gb->field, (A)->v, ta, (B)->v, tb);                                       \
        addmul(dgb->field, (A)->t, ta, (B)->v, tb);                                      \
        addmul(dgb->field, (A)->v, ta, (B)->t, tb);                                      \
    } while (0)
    GRAD(V, delta, 1, G, 0);
    if (b->has_W)
        GRAD(W, delta, 1, Hp, 0);
    dual gam, gt;
    dual_init(&gam, n, b->p);
    dmul(&gam, delta, 0, b->V, db->V, 0);
    dual_init(&gt, n, b->m);
    if (b->phi == RC_PHI_IDENTITY) {
        dual_set(&gt, &gam);
    } else {
        mask(gam.v, F->Z + l);
        mask(gam.t, F->Z + l);
        if (b->phi == RC_PHI_RELU) {
            dual_set(&gt, &gam);
        } else {
            GRAD(A, &gam, 1, T, 0);
            fmpq_mat_zero(gb->a), fmpq_mat_zero(dgb->a);
            for (slong i = 0; i < n; i++)
                for (slong j = 0; j < b->k; j++) {
                    fmpq_add(fmpq_mat_entry(gb->a, j, 0), fmpq_mat_entry(gb->a, j, 0),
                             fmpq_mat_entry(gam.v, i, j));
                    fmpq_add(fmpq_mat_entry(dgb->a, j, 0), fmpq_mat_entry(dgb->a, j, 0),
                             fmpq_mat_entry(gam.t, i, j));
                }
            dmul(&gt, &gam, 0, b->A, db->A, 0);
        }
    }
    if (b->has_U)
        GRAD(U, &gt, 1, Hp, 0);
#undef GRAD
    /* delta_{l-1} = delta S + gt U (only needed below block 1) */
    if (l > 0) {
        dual nd;
        dual_init(&nd, n, net->dx);
        if (b->has_W)
            dmul(&nd, delta, 0, b->W, db->W, 0);
        else
            dual_set(&nd, delta);
        dmul(&nd, &gt, 0, b->U, db->U, 0);
        dual_set(delta, &nd);
        dual_clear(&nd);
    }
    dual_clear(&gam);
    dual_clear(&gt);
}

/* a network of net's shape with every parameter 0 */
static void init_zero_like(rc_resnet *z, const rc_resnet *net)
{
    rc_resnet_init_copy(z, net);
    slong P = rc_resnet_nparams(net);
    fmpq *zero = _fmpq_vec_init(P);
    rc_resnet_set_theta(z, zero);
    _fmpq_vec_clear(zero, P);
}

/* hv and g given dn, the direction as a network */
static void hvp_net(fmpq *hv, fmpq *g, const rc_resnet *net, const rc_resnet_fwd *F,
                    const rc_resnet *dn)
{
    slong n = net->n, L = net->L;
    fwd_dual D;
    tangent_forward(&D, net, F, dn);
    dual r, delta, gw;
    dual_init(&r, n, 1);
    loss_adjoint(&r, net, F, D.H + L, dn);
    rc_resnet gn, dgn;
    init_zero_like(&gn, net);
    init_zero_like(&dgn, net);
    dual_init(&gw, net->dx, 1);
    dmul2(&gw, D.H + L, 1, &r, 0);
    fmpq_mat_set(gn.w, gw.v);
    fmpq_mat_set(dgn.w, gw.t);
    dual_init(&delta, n, net->dx); /* delta_L = r w^T */
    dmul(&delta, &r, 0, net->w, dn->w, 1);
    for (slong l = L - 1; l >= 0; l--)
        reverse_block(&gn, &dgn, &delta, net, F, &D, dn, l);
    if (g)
        rc_resnet_get_theta(g, &gn);
    if (hv)
        rc_resnet_get_theta(hv, &dgn);
    rc_resnet_clear(&gn);
    rc_resnet_clear(&dgn);
    dual_clear(&r);
    dual_clear(&delta);
    dual_clear(&gw);
    fwd_dual_clear(&D, L);
}

void rc_resnet_hvp(fmpq *hv, fmpq *g, const rc_resnet *net, const rc_resnet_fwd *F,
                   const fmpq *v)
{
    rc_resnet dn;
    rc_resnet_init_copy(&dn, net);
    rc_resnet_set_theta(&dn, v);
    hvp_net(hv, g, net, F, &dn);
    rc_resnet_clear(&dn);
}

void rc_resnet_gradient(fmpq *g, const rc_resnet *net, const rc_resnet_fwd *F)
{
    rc_resnet dn;
    init_zero_like(&dn, net);
    hvp_net(NULL, g, net, F, &dn);
    rc_resnet_clear(&dn);
}

void rc_resnet_hessian(fmpq_mat_t Hs, const rc_resnet *net, const rc_resnet_fwd *F)
{
    slong P = rc_resnet_nparams(net);
    fmpq *e = _fmpq_vec_init(P), *col = _fmpq_vec_init(P);
    rc_resnet dn;
    init_zero_like(&dn, net);
    rc_progress prog;
    rc_progress_start(&prog, "exact Hessian", (double)P);
    for (slong j = 0; j < P; j++) {
        rc_progress_show(&prog, (double)j, "%ld parameters, %ld blocks: column %ld/%ld", (long)P,
                         (long)net->L, (long)j + 1, (long)P);
        fmpq_one(e + j);
        rc_resnet_set_theta(&dn, e);
        hvp_net(col, NULL, net, F, &dn);
        for (slong i = 0; i < P; i++)
            fmpq_set(fmpq_mat_entry(Hs, i, j), col + i);
        fmpq_zero(e + j);
    }
    rc_progress_end(&prog);
    rc_resnet_clear(&dn);
    _fmpq_vec_clear(e, P);
    _fmpq_vec_clear(col, P);
}
