#ifndef RESCHECK_LI18_NET_H
#define RESCHECK_LI18_NET_H
/* Reading an n-shortcut network spec (kind "li18.nshortcut") and the
 * certificate inputs of one. */

#include <jansson.h>
#include <flint/fmpz_poly_factor.h>

#include "rescheck/nshortcut.h"
#include "rescheck/report.h"
#include "rescheck/spec.h"

#if RC_LIMIT_LI18_N > RC_TPOLY_MAX_DEGREE
#error "the Taylor polynomials must reach the shortcut depth n"
#endif

int li18_read_net(rc_nsnet *net, rc_spec *s);
json_t *li18_net_inputs_json(const rc_nsnet *net);
char *li18_fmpq_mat_str(const fmpq_mat_t A);

/* Theorem 2.2: the eigenvalue families of H from c = charpoly((s t)^2 M^T M)
 * (li18_eigs.c): fac holds the irreducible factors of c other than mu, sorted
 * by degree and then by coefficients from the top; z is the exponent of mu. */
typedef struct {
    fmpz_poly_factor_t fac;
    slong z;
} li18_eig_families;

/* The order of irreducible factors in results: by degree, then by
 * coefficients from the top. */
int li18_factor_cmp(const fmpz_poly_struct *a, const fmpz_poly_struct *b);
void li18_eig_families_init(li18_eig_families *f, const fmpz_poly_t c);
void li18_eig_families_clear(li18_eig_families *f);
/* {"families": [{mu_poly, exponent, multiplicity}], "zero_multiplicity"} */
json_t *li18_eig_families_json(const li18_eig_families *f, slong R, slong d);
/* the families in words, with multiplicities; free() */
char *li18_eig_families_str(const li18_eig_families *f, slong R, slong d);

/* ReLU at zero arguments (li18_relu.c): for each position (pre, mid, post)
 * and kind (the argument takes both signs near w = 0, only >= 0, only <= 0,
 * or is constant there) how many (sample, unit, layer, coordinate) and the
 * first one (0-based; layer 0 is sigma_pre, l the activation after W^{r,l});
 * approx_order, the lowest order in w at which Assumption 3's approximation
 * (ReLU's right-hand piece) can differ from the loss (0: at none); and a
 * witness, if one of the candidates shows it, that the loss itself has no
 * first- or second-order expansion at 0. */
enum { LI18_PRE, LI18_MID, LI18_POST };
enum { LI18_BOTH, LI18_NONNEG, LI18_NONPOS, LI18_CONST };
typedef struct {
    int any;
    slong count[3][4], first[3][4][4];
    slong approx_order, tried;
    int w_found, w_order, w_test;
    slong w_u, w_v;
    fmpq_t w_defect;
} li18_relu;

void li18_relu_init(li18_relu *a, const rc_nsnet *net);
void li18_relu_clear(li18_relu *a);
void li18_relu_report(rc_report *rep, const li18_relu *a, const rc_nsnet *net);
json_t *li18_relu_json(const li18_relu *a);
/* "" or the words that mark a statement about the given order in w as
 * holding for the approximation */
const char *li18_relu_tag(const li18_relu *a, slong order);

#endif
