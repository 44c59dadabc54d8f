/* li18 Theorem 2: the Hessian at the zero point of n-shortcut networks,
 * computed exactly from the network (its loss's Taylor expansion), then
 * compared with the paper's equations (8)-(10), (22)-(32). */
#include "li18_net.h"
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/qrho.h"
#include "rescheck/spectrum.h"

#include <flint/fmpz_poly_factor.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COND_DIGITS 20
#define COND_PREC 128
/* exact spectra of the full n = 1 Hessian only up to this size */
#define MAX_EXACT_SPECTRUM RC_LIMIT_SPECTRUM_DIM

/* ---- matrices from the paper's notation ---------------------------------- */

static void slope(fmpq_t s, const rc_act *a, slong k)
{
    fmpq_t zero;
    fmpq_init(zero);
    rc_act_taylor_coeff(s, a, zero, k);
    fmpq_clear(zero);
}

/* Z = sigma_pre(X), and (optionally) sigma_pre'(X) */
static void pre_of(fmpq_mat_t Z, const rc_nsnet *net, slong k)
{
    for (slong i = 0; i < net->d; i++)
        for (slong mu = 0; mu < net->m; mu++)
            rc_act_taylor_coeff(fmpq_mat_entry(Z, i, mu), &net->pre, fmpq_mat_entry(net->X, i, mu), k);
}

/* Sigma^{AB} = (1/m) A B^T */
static void sigma(fmpq_mat_t S, const fmpq_mat_t A, const fmpq_mat_t B)
{
    fmpq_mat_t Bt;
    fmpq_mat_init(Bt, fmpq_mat_ncols(B), fmpq_mat_nrows(B));
    fmpq_mat_transpose(Bt, B);
    fmpq_mat_mul(S, A, Bt);
    fmpz_t m;
    fmpz_init_set_si(m, fmpq_mat_ncols(A));
    fmpq_mat_scalar_div_fmpz(S, S, m);
    fmpz_clear(m);
    fmpq_mat_clear(Bt);
}

/* M = Sigma^{X sigma_pre(X)} - Sigma^{Y sigma_pre(X)} = (1/m)(X - Y) Z^T */
static void li18_M(fmpq_mat_t M, const rc_nsnet *net)
{
    fmpq_mat_t Z, E;
    fmpq_mat_init(Z, net->d, net->m);
    fmpq_mat_init(E, net->d, net->m);
    pre_of(Z, net, 0);
    fmpq_mat_sub(E, net->X, net->Y);
    sigma(M, E, Z);
    fmpq_mat_clear(Z);
    fmpq_mat_clear(E);
}

/* (24): P_ij = 1 iff i = ((j-1) mod d) d + ceil(j/d), 1-based */
static void perm_24(fmpq_mat_t P, slong d)
{
    fmpq_mat_zero(P);
    for (slong j = 1; j <= d * d; j++) {
        slong i = ((j - 1) % d) * d + (j + d - 1) / d;
        fmpq_one(fmpq_mat_entry(P, i - 1, j - 1));
    }
}

/* kron(A, B) with index a*rows(B) + b */
static void kron(fmpq_mat_t K, const fmpq_mat_t A, const fmpq_mat_t B)
{
    slong ra = fmpq_mat_nrows(A), ca = fmpq_mat_ncols(A), rb = fmpq_mat_nrows(B), cb = fmpq_mat_ncols(B);
    for (slong a1 = 0; a1 < ra; a1++)
        for (slong a2 = 0; a2 < ca; a2++)
            for (slong b1 = 0; b1 < rb; b1++)
                for (slong b2 = 0; b2 < cb; b2++)
                    fmpq_mul(fmpq_mat_entry(K, a1 * rb + b1, a2 * cb + b2), fmpq_mat_entry(A, a1, a2),
                             fmpq_mat_entry(B, b1, b2));
}

/* blockdiag(M, ..., M) with d blocks = I_d (x) M */
static void blockdiag(fmpq_mat_t D, const fmpq_mat_t M, slong d)
{
    fmpq_mat_t I;
    fmpq_mat_init(I, d, d);
    fmpq_mat_one(I);
    kron(D, I, M);
    fmpq_mat_clear(I);
}

/* the d^2 x d^2 block of H: rows from W^{r1,l1}, columns from W^{r2,l2} */
static void hessian_block(fmpq_mat_t B, const rc_symsparse *H, const rc_nsnet *net, slong r1,
                          slong l1, slong r2, slong l2)
{
    slong d2 = net->d * net->d;
    for (slong a = 0; a < d2; a++)
        for (slong b = 0; b < d2; b++)
            rc_symsparse_get(fmpq_mat_entry(B, a, b), H,
                             rc_nsnet_index(net, r1, l1, a / net->d, a % net->d),
                             rc_nsnet_index(net, r2, l2, b / net->d, b % net->d));
}

/* first entry where A and B differ, as "(row, col): a vs b" (1-based) */
static char *first_difference(const fmpq_mat_t A, const fmpq_mat_t B)
{
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            if (!fmpq_equal(fmpq_mat_entry(A, i, j), fmpq_mat_entry(B, i, j))) {
                char *a = fmpq_get_str(NULL, 10, fmpq_mat_entry(A, i, j));
                char *b = fmpq_get_str(NULL, 10, fmpq_mat_entry(B, i, j));
                char *out;
                if (asprintf(&out, "entry (%ld, %ld): computed %s, formula %s", (long)i + 1,
                             (long)j + 1, a, b) < 0)
                    out = NULL;
                flint_free(a);
                flint_free(b);
                return out;
            }
    return NULL;
}

static json_t *hessian_json(const rc_symsparse *H)
{
    json_t *a = json_array();
    for (slong k = 0; k < H->len; k++) {
        json_t *e = json_array();
        json_array_append_new(e, json_integer(H->row[k]));
        json_array_append_new(e, json_integer(H->col[k]));
        json_array_append_new(e, rc_json_fmpq(H->val + k));
        json_array_append_new(a, e);
    }
    return a;
}

static json_t *alg_json(const rc_alg_t a)
{
    json_t *o = json_object();
    json_object_set_new(o, "poly", rc_json_poly(a->poly));
    json_object_set_new(o, "lo", rc_json_fmpq(a->lo));
    json_object_set_new(o, "hi", rc_json_fmpq(a->hi));
    return o;
}

static json_t *cond_json(const rc_cond_t c, const fmpz_poly_t cp)
{
    json_t *o = json_object();
    json_object_set_new(o, "charpoly", rc_json_poly(cp));
    json_object_set_new(o, "singular", json_boolean(c->singular));
    json_object_set_new(o, "inertia", json_pack("[I,I,I]", (json_int_t)c->n_negative,
                                                (json_int_t)c->n_zero, (json_int_t)c->n_positive));
    if (!c->singular) {
        json_object_set_new(o, "abs_max", alg_json(c->abs_max));
        json_object_set_new(o, "abs_min", alg_json(c->abs_min));
    }
    char *s = rc_cond_get_str(c, COND_DIGITS);
    json_object_set_new(o, "cond", json_string(s));
    flint_free(s);
    return o;
}

static int run_setup(rc_nsnet *net, rc_spec *spec, slong want_n, const char *claim)
{
    if (li18_read_net(net, spec))
        return -1;
    if (want_n > 0 && net->n != want_n)
        return rc_spec_fail(spec, "n", "is %ld; %s is the n = %ld case", (long)net->n, claim, (long)want_n);
    if (want_n < 0 && net->n < -want_n)
        return rc_spec_fail(spec, "n", "is %ld; %s is the n >= %ld case", (long)net->n, claim, (long)-want_n);
    return 0;
}

/* A statement about the loss's expansion to the given order in w, marked as
 * holding for Assumption 3's approximation where ReLU makes that differ. */
static void say(rc_report *rep, const li18_relu *a, slong order, rc_status st, const char *detail,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void say(rc_report *rep, const li18_relu *a, slong order, rc_status st, const char *detail,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0)
        text = NULL;
    va_end(ap);
    rc_report_add(rep, st, NULL, detail, "%s%s", text ? text : "?", li18_relu_tag(a, order));
    rc_report_tag(rep, fmt, NULL); /* the ID from this format, not from "%s%s" */
    free(text);
}

/* Reads the network, finds the ReLUs at zero arguments, and expands the
 * loss (Assumption 3's approximation) to order K. */
static int start_claim(rc_nsnet *net, li18_relu *relu, rc_loss_taylor *t, rc_spec *spec,
                       rc_report *rep, slong want_n, const char *claim, uint32_t K)
{
    memset(net, 0, sizeof *net);
    if (run_setup(net, spec, want_n, claim)) {
        rc_nsnet_clear(net);
        return -1;
    }
    li18_relu_init(relu, net);
    li18_relu_report(rep, relu, net);
    rc_nsnet_loss_taylor(t, net, K ? K : (uint32_t)net->n);
    return 0;
}

/* ---- n >= 3 --------------------------------------------------------------- */

static json_t *full_charpoly_json(const rc_symsparse *H);

int rc_li18_thm2_n3(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    rc_nsnet net;
    li18_relu relu;
    rc_loss_taylor t;
    /* to order n, one past the claim, to show that it is sharp */
    if (start_claim(&net, &relu, &t, spec, rep, -3, c->id, 0))
        return -1;
    uint32_t K = (uint32_t)net.n;
    slong low = 0, top = 0;
    fmpq_t L0;
    fmpq_init(L0);
    for (slong k = 0; k < t.nterms; k++) {
        if (t.mono[k].deg == 0)
            fmpq_set(L0, t.coef + k);
        else if (t.mono[k].deg < K)
            low++;
        else
            top++;
    }
    char *l0 = fmpq_get_str(NULL, 10, L0);
    say(rep, &relu, net.n - 1, low == 0 ? RC_OK : RC_FAIL,
                  low ? "the Taylor expansion has nonzero terms below order n" : NULL,
                  "the loss's Taylor expansion at 0 to order n-1 = %ld is the constant L(0) = %s: every derivative of order 1..%ld vanishes, so 0 is an (n-1)-th-order stationary point (Theorem 2.1)",
                  (long)net.n - 1, l0, (long)net.n - 1);
    rc_report_tag(rep, NULL, l0);
    flint_free(l0);
    rc_symsparse H;
    rc_loss_taylor_hessian(&H, &t, rc_nsnet_nparams(&net));
    say(rep, &relu, 2, H.len == 0 ? RC_OK : RC_FAIL, NULL,
                  "in particular the Hessian (%ld x %ld) is the zero matrix", (long)H.dim, (long)H.dim);
    say(rep, &relu, net.n, RC_OK, NULL,
                  "the order-%ld part has %ld nonzero terms%s", (long)net.n, (long)top,
                  top ? ", so 0 is not an n-th-order stationary point: the order n-1 is sharp" : " (this instance is degenerate at order n too)");
    json_t *res = json_object();
    json_object_set_new(res, "loss_at_zero", rc_json_fmpq(L0));
    json_object_set_new(res, "terms_below_order_n", json_integer(low));
    json_object_set_new(res, "terms_of_order_n", json_integer(top));
    json_object_set_new(res, "hessian", hessian_json(&H));
    json_object_set_new(res, "charpoly_H", full_charpoly_json(&H));
    json_object_set_new(res, "relu", li18_relu_json(&relu));
    *cert = rc_cert_new(c, spec->file, li18_net_inputs_json(&net), res, rep);
    li18_relu_clear(&relu);
    rc_symsparse_clear(&H);
    rc_loss_taylor_clear(&t);
    fmpq_clear(L0);
    rc_nsnet_clear(&net);
    return 0;
}

/* ---- n = 2 ----------------------------------------------------------------- */

/* every nonzero lies in a [[0, A^T], [A, 0]] sub-block of a unit's diagonal
 * block, and unit r's entries equal unit 0's */
static void n2_structure(int *zero_blocks_ok, int *identical_ok, const rc_symsparse *H,
                         const rc_nsnet *net)
{
    slong d2 = net->d * net->d, unit = 2 * d2;
    slong *count = calloc((size_t)net->R, sizeof(slong));
    *zero_blocks_ok = 1;
    *identical_ok = 1;
    fmpq_t v;
    fmpq_init(v);
    for (slong k = 0; k < H->len; k++) {
        slong p = H->row[k], q = H->col[k];
        slong rp = p / unit, rq = q / unit, lp = (p % unit) / d2, lq = (q % unit) / d2;
        if (rp != rq || lp == lq) {
            *zero_blocks_ok = 0;
            continue;
        }
        count[rp]++;
        rc_symsparse_get(v, H, p - rp * unit, q - rq * unit);
        if (!fmpq_equal(v, H->val + k))
            *identical_ok = 0;
    }
    for (slong r = 1; r < net->R; r++)
        if (count[r] != count[0])
            *identical_ok = 0;
    fmpq_clear(v);
    free(count);
}

/* (23) entry by entry */
static void formula_23(fmpq_mat_t F, const rc_nsnet *net, const fmpq_t st)
{
    slong d = net->d;
    fmpq_t acc, t;
    fmpq_init(acc);
    fmpq_init(t);
    fmpq_mat_t Z;
    fmpq_mat_init(Z, d, net->m);
    pre_of(Z, net, 0);
    for (slong j1 = 0; j1 < d; j1++)
        for (slong i1 = 0; i1 < d; i1++)
            for (slong j2 = 0; j2 < d; j2++)
                for (slong i2 = 0; i2 < d; i2++) {
                    fmpq *e = fmpq_mat_entry(F, j1 * d + i1, j2 * d + i2);
                    fmpq_zero(e);
                    if (j1 != i2)
                        continue;
                    fmpq_zero(acc);
                    for (slong mu = 0; mu < net->m; mu++) {
                        fmpq_sub(t, fmpq_mat_entry(net->X, i1, mu), fmpq_mat_entry(net->Y, i1, mu));
                        fmpq_addmul(acc, t, fmpq_mat_entry(Z, j2, mu));
                    }
                    fmpq_mul(e, acc, st);
                    fmpz_t m;
                    fmpz_init_set_si(m, net->m);
                    fmpq_div_fmpz(e, e, m);
                    fmpz_clear(m);
                }
    fmpq_mat_clear(Z);
    fmpq_clear(acc);
    fmpq_clear(t);
}

/* s t blockdiag(M) P^T */
static void formula_25(fmpq_mat_t F, const fmpq_mat_t M, const fmpq_mat_t P, const fmpq_t st, slong d)
{
    fmpq_mat_t D, Pt;
    fmpq_mat_init(D, d * d, d * d);
    fmpq_mat_init(Pt, d * d, d * d);
    blockdiag(D, M, d);
    fmpq_mat_transpose(Pt, P);
    fmpq_mat_mul(F, D, Pt);
    fmpq_mat_scalar_mul_fmpq(F, F, st);
    fmpq_mat_clear(D);
    fmpq_mat_clear(Pt);
}

/* ---- the whole characteristic polynomial of H ------------------------------ */

static slong uf_find(slong *parent, slong i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* charpoly(H) of the whole symmetric H (dim x dim) as [{poly, multiplicity}]:
 * H is block diagonal after permuting its indices into the connected
 * components of its nonzero pattern, so charpoly(H) is the product of the
 * components' charpolys; each is factored over Q and equal factors are merged.
 * charpoly(H) = prod (poly / lead(poly))^multiplicity, each poly irreducible,
 * primitive, positive leading coefficient, in increasing (degree,
 * coefficients from the top). null when a component is beyond
 * RC_LIMIT_SPECTRUM_DIM (exact spectra stop there). */
static json_t *full_charpoly_json(const rc_symsparse *H)
{
    slong n = H->dim, nf = 0, cap = 8;
    slong *parent = malloc(sizeof(slong) * (size_t)(n + 1));
    slong *members = malloc(sizeof(slong) * (size_t)(n + 1));
    slong *start = calloc((size_t)n + 2, sizeof(slong));
    for (slong i = 0; i < n; i++)
        parent[i] = i;
    for (slong k = 0; k < H->len; k++) {
        slong a = uf_find(parent, H->row[k]), b = uf_find(parent, H->col[k]);
        if (a != b)
            parent[a > b ? a : b] = a < b ? a : b;
    }
    /* members grouped by root, increasing within each (counting sort) */
    for (slong i = 0; i < n; i++)
        start[uf_find(parent, i) + 1]++;
    for (slong r = 0; r < n; r++)
        start[r + 1] += start[r];
    slong *fill = malloc(sizeof(slong) * (size_t)(n + 1));
    memcpy(fill, start, sizeof(slong) * (size_t)(n + 1));
    for (slong i = 0; i < n; i++)
        members[fill[uf_find(parent, i)]++] = i;
    free(fill);
    fmpz_poly_struct *fac = malloc(sizeof(fmpz_poly_struct) * (size_t)cap);
    slong *mult = malloc(sizeof(slong) * (size_t)cap);
    int beyond = 0;
    fmpz_poly_t cp;
    fmpz_poly_init(cp);
    fmpz_poly_factor_t f;
    fmpz_poly_factor_init(f);
    for (slong r = 0; r < n && !beyond; r++) {
        slong size = start[r + 1] - start[r], *mem = members + start[r];
        if (size == 0)
            continue;
        if (size > RC_LIMIT_SPECTRUM_DIM) {
            beyond = 1;
            break;
        }
        fmpq_mat_t C;
        fmpq_mat_init(C, size, size);
        for (slong a = 0; a < size; a++)
            for (slong b = 0; b < size; b++)
                rc_symsparse_get(fmpq_mat_entry(C, a, b), H, mem[a], mem[b]);
        rc_charpoly_fmpz(cp, C);
        fmpq_mat_clear(C);
        fmpz_poly_factor(f, cp);
        for (slong k = 0; k < f->num; k++) {
            slong j = 0;
            while (j < nf && !fmpz_poly_equal(fac + j, f->p + k))
                j++;
            if (j < nf) {
                mult[j] += f->exp[k];
                continue;
            }
            if (nf == cap) {
                cap *= 2;
                fac = realloc(fac, sizeof(fmpz_poly_struct) * (size_t)cap);
                mult = realloc(mult, sizeof(slong) * (size_t)cap);
            }
            fmpz_poly_init(fac + nf);
            fmpz_poly_set(fac + nf, f->p + k);
            mult[nf++] = f->exp[k];
        }
    }
    json_t *out = beyond ? json_null() : json_array();
    for (slong done = 0; !beyond && done < nf; done++) {
        slong best = -1; /* selection: nf is small */
        for (slong j = 0; j < nf; j++)
            if (mult[j] > 0 && (best < 0 || li18_factor_cmp(fac + j, fac + best) < 0))
                best = j;
        json_array_append_new(out, json_pack("{s:o,s:I}", "poly", rc_json_poly(fac + best),
                                             "multiplicity", (json_int_t)mult[best]));
        mult[best] = 0;
    }
    for (slong j = 0; j < nf; j++)
        fmpz_poly_clear(fac + j);
    fmpz_poly_factor_clear(f);
    fmpz_poly_clear(cp);
    free(fac);
    free(mult);
    free(parent);
    free(members);
    free(start);
    return out;
}

/* charpoly of [[0, A^T], [A, 0]] against det(l^2 I - (st)^2 M^T M)^d */
static int n2_charpoly_identity(fmpz_poly_t cp_block, fmpz_poly_t cp_mtm, const fmpq_mat_t A,
                                const fmpq_mat_t M, const fmpq_t st, slong d)
{
    slong d2 = d * d;
    fmpq_mat_t B, MtM, Mt;
    fmpq_mat_init(B, 2 * d2, 2 * d2);
    for (slong a = 0; a < d2; a++)
        for (slong b = 0; b < d2; b++) {
            fmpq_set(fmpq_mat_entry(B, d2 + a, b), fmpq_mat_entry(A, a, b));
            fmpq_set(fmpq_mat_entry(B, b, d2 + a), fmpq_mat_entry(A, a, b));
        }
    rc_charpoly_fmpz(cp_block, B);
    fmpq_mat_init(Mt, d, d);
    fmpq_mat_init(MtM, d, d);
    fmpq_mat_transpose(Mt, M);
    fmpq_mat_mul(MtM, Mt, M);
    fmpq_t st2;
    fmpq_init(st2);
    fmpq_mul(st2, st, st);
    fmpq_mat_scalar_mul_fmpq(MtM, MtM, st2);
    rc_charpoly_fmpz(cp_mtm, MtM);
    /* q(l) = charpoly(MtM)(l^2), raised to d */
    fmpz_poly_t q;
    fmpz_poly_init(q);
    for (slong k = 0; k <= fmpz_poly_degree(cp_mtm); k++)
        fmpz_poly_set_coeff_fmpz(q, 2 * k, cp_mtm->coeffs + k);
    fmpz_poly_pow(q, q, (ulong)d);
    fmpz_poly_primitive_part(q, q);
    int ok = fmpz_poly_equal(q, cp_block);
    fmpz_poly_clear(q);
    fmpq_clear(st2);
    fmpq_mat_clear(B);
    fmpq_mat_clear(Mt);
    fmpq_mat_clear(MtM);
    return ok;
}

/* a direction of negative curvature: v = (x, -A x) in unit 0 with x = e_c,
 * A e_c != 0; then v^T H v = -2 |A e_c|^2 */
static json_t *n2_saddle_witness(fmpq_t curvature, const fmpq_mat_t A, slong d2)
{
    fmpq_zero(curvature);
    for (slong c = 0; c < d2; c++) {
        fmpq_t n2;
        fmpq_init(n2);
        for (slong a = 0; a < d2; a++)
            fmpq_addmul(n2, fmpq_mat_entry(A, a, c), fmpq_mat_entry(A, a, c));
        if (fmpq_is_zero(n2)) {
            fmpq_clear(n2);
            continue;
        }
        fmpq_mul_si(curvature, n2, -2);
        json_t *v = json_object();
        json_object_set_new(v, "column", json_integer(c));
        fmpq_clear(n2);
        return v;
    }
    return json_null();
}

int rc_li18_thm2_n2(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    rc_nsnet net;
    li18_relu relu;
    rc_loss_taylor t;
    if (start_claim(&net, &relu, &t, spec, rep, 2, c->id, 2))
        return -1;
    slong d = net.d, d2 = d * d, R = net.R;
    json_t *res = json_object();
    slong grad = 0;
    for (slong k = 0; k < t.nterms; k++)
        grad += t.mono[k].deg == 1;
    say(rep, &relu, 1, grad == 0 ? RC_OK : RC_FAIL, NULL,
                  "gradient at 0 is zero: 0 is a first-order stationary point (Theorem 2.1, n = 2)");
    rc_symsparse H;
    rc_loss_taylor_hessian(&H, &t, rc_nsnet_nparams(&net));
    rc_loss_taylor_clear(&t);

    int zero_ok, same_ok;
    n2_structure(&zero_ok, &same_ok, &H, &net);
    say(rep, &relu, 2, zero_ok ? RC_OK : RC_FAIL, NULL,
                  "(8): the %ld x %ld Hessian has %ld nonzero entries above the diagonal, all inside the [[0, A^T], [A, 0]] blocks of the %ld units; every other entry is 0",
                  (long)H.dim, (long)H.dim, (long)H.len, (long)R);
    say(rep, &relu, 2, same_ok ? RC_OK : RC_FAIL, NULL,
                  "(8): all %ld diagonal blocks are identical; for every depth R' <= %ld the Hessian is the leading block of this one (units with zero weights are exactly the identity), so the same holds at every depth",
                  (long)R, (long)R);

    fmpq_t s, tt, st;
    fmpq_init(s);
    fmpq_init(tt);
    fmpq_init(st);
    slope(s, &net.mid, 1);
    slope(tt, &net.post, 1);
    fmpq_mul(st, s, tt);
    fmpq_mat_t A, F, M, P, Pt;
    fmpq_mat_init(A, d2, d2);
    fmpq_mat_init(F, d2, d2);
    fmpq_mat_init(M, d, d);
    fmpq_mat_init(P, d2, d2);
    fmpq_mat_init(Pt, d2, d2);
    hessian_block(A, &H, &net, 0, 1, 0, 0);
    li18_M(M, &net);
    perm_24(P, d);
    fmpq_mat_transpose(Pt, P);

    formula_23(F, &net, st);
    char *diff23 = first_difference(A, F);
    say(rep, &relu, 2, diff23 ? RC_FAIL : RC_OK, diff23,
                  "(23) holds as printed: A_{(j1-1)d+i1,(j2-1)d+i2} = [j1 = i2] sigma_mid'(0) sigma_post'(0)/m sum_mu sigma_pre(x_j2)(x_i1 - y_i1), rows from W^{r,2}, columns from W^{r,1}");
    int p_sym = fmpq_mat_equal(P, Pt);
    rc_report_add(rep, RC_OK, NULL, NULL,
                  "(24): P is the commutation matrix (P vec(W) = vec(W^T))%s",
                  p_sym ? "; P = P^T, so P and P^T in (25) are the same matrix" : "");
    formula_25(F, M, P, st, d);
    char *diff25 = first_difference(A, F);
    char *ms = li18_fmpq_mat_str(M);
    say(rep, &relu, 2, diff25 ? RC_FAIL : RC_OK, diff25,
                  "(25) holds as printed: A = sigma_mid'(0) sigma_post'(0) blockdiag(M, ..., M) P^T with M = Sigma^{X sigma_pre(X)} - Sigma^{Y sigma_pre(X)} = (1/m)(X - Y) sigma_pre(X)^T = %s",
                  ms);
    free(ms);
    /* the reading Sigma^{AB} = (1/m) B A^T gives M^T */
    fmpq_mat_t Mt;
    fmpq_mat_init(Mt, d, d);
    fmpq_mat_transpose(Mt, M);
    formula_25(F, Mt, P, st, d);
    int mt_holds = fmpq_mat_equal(A, F);
    int m_sym = fmpq_mat_equal(M, Mt);
    say(rep, &relu, 2, RC_OK, NULL, "%s",
                  m_sym ? "M is symmetric here, so (25) cannot tell Sigma^{AB} = (1/m) A B^T from (1/m) B A^T"
                        : (mt_holds ? "(25) also holds with M^T (unexpected)"
                                    : "(25) fixes the convention Sigma^{AB} = (1/m) A B^T: with M^T it fails"));
    rc_report_tag(rep, "25-convention", NULL); /* one ID whichever sentence */

    fmpz_poly_t cp_block, cp_mtm;
    fmpz_poly_init(cp_block);
    fmpz_poly_init(cp_mtm);
    int cp_ok = n2_charpoly_identity(cp_block, cp_mtm, A, M, st, d);
    int identity = cp_ok && same_ok && zero_ok;
    say(rep, &relu, 2, identity ? RC_OK : RC_FAIL, NULL,
                  "(22), (26): charpoly(H)(l) = c(l^2)^(R d) with c(mu) = det(mu I - (s t)^2 M^T M), proved exactly (charpoly of one 2d^2 block against c(l^2)^d; H is block diagonal): the eigenvalues of H are +-|s t| sqrt(eigs(M^T M)), and charpoly(A^T A) = c^d, so they are the paper's R copies of +-sqrt(eigs(A^T A)) counted with multiplicity");
    li18_eig_families fam;
    li18_eig_families_init(&fam, cp_mtm);
    if (identity) {
        char *fs = li18_eig_families_str(&fam, R, d);
        say(rep, &relu, 2, RC_OK, NULL,
                      "eigenvalues of H with their multiplicities, from the irreducible factors of c (a root mu > 0 of multiplicity e in c gives +-sqrt(mu), each with multiplicity e R d): %s; %ld = 2 R d^2 in all",
                      fs, (long)(2 * R * d2));
        free(fs);
    }

    /* eigenvalues of H are +-|st| sqrt(eigs(M^T M)): cond(H) = sqrt(cond(M^T M)) */
    rc_cond_t cond;
    rc_cond_init(cond);
    rc_cond_from_charpoly(cond, cp_mtm, COND_PREC);
    char *cs = rc_cond_get_str(cond, COND_DIGITS), *chs;
    int st_zero = fmpq_is_zero(st);
    if (st_zero || cond->singular) {
        chs = flint_malloc(4);
        strcpy(chs, "inf");
        say(rep, &relu, 2, RC_OK, NULL,
                      "(9): H is singular (%s), so cond(H) = inf at every depth",
                      st_zero ? "sigma_mid'(0) sigma_post'(0) = 0" : "M is singular");
    } else {
        arb_t condH;
        arb_init(condH);
        arb_sqrt(condH, cond->cond, COND_PREC);
        chs = arb_get_str(condH, COND_DIGITS, 0);
        arb_clear(condH);
        say(rep, &relu, 2, RC_OK, NULL,
                      "(9): cond(H) = sqrt(cond(M^T M)) = sqrt(%s) = %s for every depth R' = 1..%ld (certified Arb enclosure from the exact extreme eigenvalues of M^T M)",
                      cs, chs, (long)R);
    }
    flint_free(cs);
    fmpq_t curv;
    fmpq_init(curv);
    json_t *wit = n2_saddle_witness(curv, A, d2);
    if (fmpq_is_zero(curv)) {
        say(rep, &relu, 2, RC_OK, NULL,
                      "degenerate case: A = 0 (M = 0 or s t = 0), so H = 0 and 0 is not a strict saddle");
    } else {
        char *cv = fmpq_get_str(NULL, 10, curv);
        say(rep, &relu, 2, RC_OK, NULL,
                      "strict saddle: M != 0 and s t != 0, and v = (e_c, -A e_c) in unit 1 gives v^T H v = -2|A e_c|^2 = %s < 0, so H has a negative eigenvalue",
                      cv);
        rc_report_tag(rep, NULL, cv);
        flint_free(cv);
    }

    json_object_set_new(res, "hessian", hessian_json(&H));
    json_object_set_new(res, "zero_blocks", json_boolean(zero_ok));
    json_object_set_new(res, "identical_blocks", json_boolean(same_ok));
    json_object_set_new(res, "M", rc_json_fmpq_mat(M));
    json_object_set_new(res, "eq23_holds", json_boolean(!diff23));
    json_object_set_new(res, "P_symmetric", json_boolean(p_sym));
    json_object_set_new(res, "eq25_holds", json_boolean(!diff25));
    json_object_set_new(res, "eq25_with_Mt_holds", json_boolean(mt_holds));
    json_object_set_new(res, "charpoly_block", rc_json_poly(cp_block));
    json_object_set_new(res, "charpoly_H", full_charpoly_json(&H));
    json_object_set_new(res, "charpoly_identity", json_boolean(cp_ok));
    json_object_set_new(res, "MtM", cond_json(cond, cp_mtm));
    json_object_set_new(res, "H_eigenvalues", li18_eig_families_json(&fam, R, d));
    json_object_set_new(res, "relu", li18_relu_json(&relu));
    li18_eig_families_clear(&fam);
    li18_relu_clear(&relu);
    json_object_set_new(res, "cond_H", json_string(chs));
    flint_free(chs);
    json_object_set_new(res, "saddle_column", wit);
    json_object_set_new(res, "saddle_curvature", rc_json_fmpq(curv));
    *cert = rc_cert_new(c, spec->file, li18_net_inputs_json(&net), res, rep);

    free(diff23);
    free(diff25);
    fmpq_clear(curv);
    rc_cond_clear(cond);
    fmpz_poly_clear(cp_block);
    fmpz_poly_clear(cp_mtm);
    fmpq_mat_clear(A);
    fmpq_mat_clear(F);
    fmpq_mat_clear(M);
    fmpq_mat_clear(Mt);
    fmpq_mat_clear(P);
    fmpq_mat_clear(Pt);
    fmpq_clear(s);
    fmpq_clear(tt);
    fmpq_clear(st);
    rc_symsparse_clear(&H);
    rc_nsnet_clear(&net);
    return 0;
}

/* ---- n = 1 ----------------------------------------------------------------- */

/* (10): diagonal blocks all equal B = block (0,0); blocks below the diagonal
 * all equal A = block (1,0) */
static int n1_toeplitz(const rc_symsparse *H, const rc_nsnet *net, fmpq_mat_t B, fmpq_mat_t A)
{
    slong d2 = net->d * net->d;
    fmpq_mat_t T;
    fmpq_mat_init(T, d2, d2);
    hessian_block(B, H, net, 0, 0, 0, 0);
    if (net->R > 1)
        hessian_block(A, H, net, 1, 0, 0, 0);
    else
        fmpq_mat_zero(A);
    int ok = 1;
    for (slong r1 = 0; r1 < net->R && ok; r1++)
        for (slong r2 = 0; r2 <= r1 && ok; r2++) {
            hessian_block(T, H, net, r1, 0, r2, 0);
            ok = fmpq_mat_equal(T, r1 == r2 ? B : A);
        }
    fmpq_mat_clear(T);
    return ok;
}

/* B and A for general activations (t = sigma_post'(0), t2 = sigma_post''(0),
 * Z = sigma_pre(X), Z' = sigma_pre'(X), E = X - Y):
 * B_{(j1,i1),(j2,i2)} = [i1 = i2]/m sum (t^2 z_j1 z_j2 + t2 E_i1 z_j1 z_j2)
 * A_{(j1,i1),(j2,i2)} = [i1 = i2] t^2/m sum z_j1 z_j2 + [j1 = i2] t^2/m sum E_i1 z'_j1 z_j2 */
static void n1_general(fmpq_mat_t B, fmpq_mat_t A, const rc_nsnet *net)
{
    slong d = net->d, m = net->m;
    fmpq_t t, t2, tsq, acc, u;
    fmpq_init(t);
    fmpq_init(t2);
    fmpq_init(tsq);
    fmpq_init(acc);
    fmpq_init(u);
    slope(t, &net->post, 1);
    slope(t2, &net->post, 2);
    fmpq_mul_2exp(t2, t2, 1); /* the coefficient is sigma''/2 */
    fmpq_mul(tsq, t, t);
    fmpq_mat_t Z, Zp, E;
    fmpq_mat_init(Z, d, m);
    fmpq_mat_init(Zp, d, m);
    fmpq_mat_init(E, d, m);
    pre_of(Z, net, 0);
    pre_of(Zp, net, 1);
    fmpq_mat_sub(E, net->X, net->Y);
    fmpz_t mz;
    fmpz_init_set_si(mz, m);
    for (slong j1 = 0; j1 < d; j1++)
        for (slong i1 = 0; i1 < d; i1++)
            for (slong j2 = 0; j2 < d; j2++)
                for (slong i2 = 0; i2 < d; i2++) {
                    fmpq *b = fmpq_mat_entry(B, j1 * d + i1, j2 * d + i2);
                    fmpq *a = fmpq_mat_entry(A, j1 * d + i1, j2 * d + i2);
                    fmpq_zero(b);
                    fmpq_zero(a);
                    for (slong mu = 0; mu < m; mu++) {
                        fmpq_mul(u, fmpq_mat_entry(Z, j1, mu), fmpq_mat_entry(Z, j2, mu));
                        if (i1 == i2) {
                            fmpq_addmul(b, u, tsq);
                            fmpq_mul(acc, u, t2);
                            fmpq_addmul(b, acc, fmpq_mat_entry(E, i1, mu));
                            fmpq_addmul(a, u, tsq);
                        }
                        if (j1 == i2) {
                            fmpq_mul(acc, fmpq_mat_entry(E, i1, mu), fmpq_mat_entry(Zp, j1, mu));
                            fmpq_mul(acc, acc, fmpq_mat_entry(Z, j2, mu));
                            fmpq_addmul(a, acc, tsq);
                        }
                    }
                    fmpq_div_fmpz(b, b, mz);
                    fmpq_div_fmpz(a, a, mz);
                }
    fmpz_clear(mz);
    fmpq_mat_clear(Z);
    fmpq_mat_clear(Zp);
    fmpq_mat_clear(E);
    fmpq_clear(t);
    fmpq_clear(t2);
    fmpq_clear(tsq);
    fmpq_clear(acc);
    fmpq_clear(u);
}

/* (29) B = P blockdiag(Sigma^XX) P^T and (32) A = blockdiag(Sigma^XX - Sigma^YX) P^T + B */
static void n1_printed(fmpq_mat_t B, fmpq_mat_t A, const rc_nsnet *net)
{
    slong d = net->d, d2 = d * d;
    fmpq_mat_t Sxx, Syx, D, P, Pt, T;
    fmpq_mat_init(Sxx, d, d);
    fmpq_mat_init(Syx, d, d);
    fmpq_mat_init(D, d2, d2);
    fmpq_mat_init(P, d2, d2);
    fmpq_mat_init(Pt, d2, d2);
    fmpq_mat_init(T, d2, d2);
    sigma(Sxx, net->X, net->X);
    sigma(Syx, net->Y, net->X);
    perm_24(P, d);
    fmpq_mat_transpose(Pt, P);
    blockdiag(D, Sxx, d);
    fmpq_mat_mul(T, P, D);
    fmpq_mat_mul(B, T, Pt);
    fmpq_mat_sub(Sxx, Sxx, Syx);
    blockdiag(D, Sxx, d);
    fmpq_mat_mul(A, D, Pt);
    fmpq_mat_add(A, A, B);
    fmpq_mat_clear(Sxx);
    fmpq_mat_clear(Syx);
    fmpq_mat_clear(D);
    fmpq_mat_clear(P);
    fmpq_mat_clear(Pt);
    fmpq_mat_clear(T);
}

static void dense_hessian(fmpq_mat_t D, const rc_symsparse *H, slong dim)
{
    fmpq_mat_zero(D);
    for (slong k = 0; k < H->len; k++) {
        if (H->row[k] >= dim || H->col[k] >= dim)
            continue;
        fmpq_set(fmpq_mat_entry(D, H->row[k], H->col[k]), H->val + k);
        fmpq_set(fmpq_mat_entry(D, H->col[k], H->row[k]), H->val + k);
    }
}

/* n = 1: dL/dw^{r,1}_{ij} at 0 is (1/m) sum_mu (x_i - y_i) t z_j = t M_ij in
 * every unit (t = sigma_post'(0), z = sigma_pre(x)); 0 is stationary iff
 * t M = 0. Sets *tM (the Taylor expansion's gradient is that); returns
 * whether the gradient is 0. */
static int n1_gradient(int *tM, json_t *res, rc_report *rep, const li18_relu *relu,
                       const rc_loss_taylor *t, const rc_nsnet *net)
{
    slong d = net->d, N = rc_nsnet_nparams(net);
    fmpq_mat_t M;
    fmpq_mat_init(M, d, d);
    li18_M(M, net);
    fmpq *G = _fmpq_vec_init(N);
    fmpq_t tt, g2;
    fmpq_init(tt);
    fmpq_init(g2);
    slope(tt, &net->post, 1);
    for (slong k = 0; k < t->nterms; k++)
        if (t->mono[k].deg == 1) {
            fmpq_set(G + t->mono[k].v[0], t->coef + k);
            fmpq_addmul(g2, t->coef + k, t->coef + k);
        }
    int zero_M = fmpq_mat_is_zero(M);
    /* the values behind the statement, for JSON and the certificate: M, the
       whole gradient (index p = (r d + j) d + i) and its squared norm */
    json_object_set_new(res, "M", rc_json_fmpq_mat(M));
    json_object_set_new(res, "gradient", rc_json_fmpq_row(G, N));
    json_object_set_new(res, "gradient_norm2", rc_json_fmpq(g2));
    fmpq_mat_scalar_mul_fmpq(M, M, tt);
    *tM = 1;
    for (slong p = 0; p < N; p++) /* p = (r d + j) d + i */
        *tM &= fmpq_equal(G + p, fmpq_mat_entry(M, p % d, (p / d) % d));
    int stationary = fmpq_is_zero(g2);
    char *gs = fmpq_get_str(NULL, 10, g2);
    const char *rule = "gradient at 0: dL/dw^{r,1}_{ij} = sigma_post'(0) M_ij in every unit r, with M = (1/m)(X - Y) sigma_pre(X)^T";
    if (stationary)
        say(rep, relu, 1, *tM ? RC_OK : RC_FAIL, NULL,
            "%s; here %s, so |grad L(0)|^2 = 0: 0 is a stationary point of the loss on this data", rule,
            zero_M ? "M = 0" : "sigma_post'(0) = 0");
    else
        say(rep, relu, 1, *tM ? RC_OK : RC_FAIL, NULL,
            "%s; here |grad L(0)|^2 = %s != 0, so 0 is not a stationary point: Theorem 2.3 speaks of the Hessian at the zero initial point, not at a critical point, and the Hessian below is the curvature at a point that gradient descent leaves at once",
            rule, gs);
    flint_free(gs);
    _fmpq_vec_clear(G, N);
    fmpq_clear(tt);
    fmpq_clear(g2);
    fmpq_mat_clear(M);
    return stationary;
}

int rc_li18_thm2_n1(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    rc_nsnet net;
    li18_relu relu;
    rc_loss_taylor t;
    if (start_claim(&net, &relu, &t, spec, rep, 1, c->id, 2))
        return -1;
    slong d = net.d, d2 = d * d, R = net.R;
    json_t *res = json_object();
    int grad_tM, stationary = n1_gradient(&grad_tM, res, rep, &relu, &t, &net);
    rc_symsparse H;
    rc_loss_taylor_hessian(&H, &t, rc_nsnet_nparams(&net));
    rc_loss_taylor_clear(&t);

    fmpq_mat_t B, A, Bf, Af;
    fmpq_mat_init(B, d2, d2);
    fmpq_mat_init(A, d2, d2);
    fmpq_mat_init(Bf, d2, d2);
    fmpq_mat_init(Af, d2, d2);
    int toeplitz = n1_toeplitz(&H, &net, B, A);
    say(rep, &relu, 2, toeplitz ? RC_OK : RC_FAIL, NULL,
                  "(10): H is block Toeplitz: all %ld diagonal blocks equal B, every block below the diagonal equals one A (rows from the later unit), every block above equals A^T",
                  (long)R);
    int identity = net.pre.kind == RC_ACT_IDENTITY && net.post.kind != RC_ACT_POLY;
    int b_printed = -1, a_printed = -1;
    if (identity) {
        n1_printed(Bf, Af, &net);
        char *db = first_difference(B, Bf);
        char *da = R > 1 ? first_difference(A, Af) : NULL;
        b_printed = !db;
        a_printed = !da;
        say(rep, &relu, 2, db ? RC_FAIL : RC_OK, db,
                      "(28), (29) hold as printed: B_{(j1-1)d+i1,(j2-1)d+i2} = [i1 = i2] (1/m) sum x_j1 x_j2, B = P blockdiag(Sigma^XX, ...) P^T");
        if (R > 1)
            say(rep, &relu, 2, da ? RC_FAIL : RC_OK, da,
                          "(31), (32) hold as printed: A = blockdiag(Sigma^XX - Sigma^YX, ...) P^T + B, rows from the later unit");
        free(db);
        free(da);
    } else {
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "(28)-(32) are stated for sigma_pre = sigma_post = identity only; compared with the general form instead");
    }
    n1_general(Bf, Af, &net);
    int general = fmpq_mat_equal(B, Bf) && (R == 1 || fmpq_mat_equal(A, Af));
    say(rep, &relu, 2, general ? RC_OK : RC_FAIL, NULL,
                  "general form (any sigma_pre, sigma_post): B = t^2 Sigma^ZZ (x) I + sum_i (t2/m) Z diag(E_i) Z^T (x) e_i e_i^T, A = t^2 Sigma^ZZ (x) I + blockdiag(N^(k)) P with N^(k) = (t^2/m) E diag(sigma_pre'(x_k)) Z^T, where Z = sigma_pre(X), E = X - Y, t = sigma_post'(0), t2 = sigma_post''(0)");

    /* cond(H_R) for R = 1..Rmax: H_R is the leading R d^2 block */
    json_t *conds = json_array();
    arb_t first, last;
    arb_init(first);
    arb_init(last);
    int any_singular = 0, computed = 0;
    for (slong r = 1; r <= R; r++) {
        slong dim = r * d2;
        if (dim > MAX_EXACT_SPECTRUM) {
            rc_report_add(rep, RC_UNDECIDED, NULL, "exact spectra are computed up to 256 x 256",
                          "cond(H_%ld): %ld x %ld is beyond the exact spectrum size", (long)r,
                          (long)dim, (long)dim);
            break;
        }
        if (isatty(STDERR_FILENO))
            fprintf(stderr, "\r%s: exact spectrum of H at depth %ld of %ld (%ld x %ld)...", c->id,
                    (long)r, (long)R, (long)dim, (long)dim);
        fmpq_mat_t D;
        fmpq_mat_init(D, dim, dim);
        dense_hessian(D, &H, dim);
        fmpz_poly_t cp;
        fmpz_poly_init(cp);
        rc_charpoly_fmpz(cp, D);
        rc_cond_t cond;
        rc_cond_init(cond);
        rc_cond_from_charpoly(cond, cp, COND_PREC);
        char *cs = rc_cond_get_str(cond, COND_DIGITS);
        say(rep, &relu, 2, RC_OK, NULL, "cond(H) at depth R = %ld: %s (inertia: %ld negative, %ld zero, %ld positive eigenvalues)",
                      (long)r, cs, (long)cond->n_negative, (long)cond->n_zero, (long)cond->n_positive);
        flint_free(cs);
        any_singular |= cond->singular;
        if (!cond->singular) {
            if (r == 1)
                arb_set(first, cond->cond);
            arb_set(last, cond->cond);
            computed = (int)r;
        }
        json_array_append_new(conds, cond_json(cond, cp));
        rc_cond_clear(cond);
        fmpz_poly_clear(cp);
        fmpq_mat_clear(D);
    }
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\r\033[K");
    if (computed > 1 && !any_singular) {
        rc_status st = arb_gt(last, first) ? RC_OK : (arb_lt(last, first) ? RC_FAIL : RC_UNDECIDED);
        arb_t ratio;
        arb_init(ratio);
        arb_div(ratio, last, first, COND_PREC);
        char *rs = arb_get_str(ratio, 8, 0);
        say(rep, &relu, 2, st, st == RC_OK ? NULL : "the enclosures do not show growth",
                      "cond(H) grows with depth on this instance: cond(H_%d)/cond(H_1) = %s", computed, rs);
        flint_free(rs);
        arb_clear(ratio);
    }
    arb_clear(first);
    arb_clear(last);

    json_object_set_new(res, "hessian", hessian_json(&H));
    json_object_set_new(res, "block_toeplitz", json_boolean(toeplitz));
    json_object_set_new(res, "B", rc_json_fmpq_mat(B));
    json_object_set_new(res, "A", rc_json_fmpq_mat(A));
    json_object_set_new(res, "eq28_29_hold", b_printed < 0 ? json_null() : json_boolean(b_printed));
    json_object_set_new(res, "eq31_32_hold", a_printed < 0 ? json_null() : json_boolean(a_printed));
    json_object_set_new(res, "general_form_holds", json_boolean(general));
    /* Sigma^XX = (1/m) X X^T and Sigma^YX = (1/m) Y X^T of (29), (32) */
    fmpq_mat_t Sxx, Syx;
    fmpq_mat_init(Sxx, d, d);
    fmpq_mat_init(Syx, d, d);
    sigma(Sxx, net.X, net.X);
    sigma(Syx, net.Y, net.X);
    json_object_set_new(res, "Sigma_XX", rc_json_fmpq_mat(Sxx));
    json_object_set_new(res, "Sigma_YX", rc_json_fmpq_mat(Syx));
    fmpq_mat_clear(Sxx);
    fmpq_mat_clear(Syx);
    json_object_set_new(res, "cond_by_depth", conds);
    json_object_set_new(res, "gradient_is_tM", json_boolean(grad_tM));
    json_object_set_new(res, "stationary", json_boolean(stationary));
    json_object_set_new(res, "relu", li18_relu_json(&relu));
    *cert = rc_cert_new(c, spec->file, li18_net_inputs_json(&net), res, rep);
    li18_relu_clear(&relu);
    fmpq_mat_clear(B);
    fmpq_mat_clear(A);
    fmpq_mat_clear(Bf);
    fmpq_mat_clear(Af);
    rc_symsparse_clear(&H);
    rc_nsnet_clear(&net);
    return 0;
}
