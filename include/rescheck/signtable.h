#ifndef RESCHECK_SIGNTABLE_H
#define RESCHECK_SIGNTABLE_H
/* The complete sign of a rational function f = N/D of rho on an open domain
 * (lo, hi): the real roots of N*D there, each an isolating interval of one
 * irreducible factor, and a rational sample point in every gap between them
 * with the sign of N*D at it. This is the witness certificates carry: the
 * checker re-counts roots with Sturm sequences and re-evaluates the samples,
 * with no search. */

#include "rescheck/alg.h"

#include <flint/fmpz_poly_factor.h>
#include <flint/fmpz_poly_q.h>

typedef struct {
    slong factor; /* index into the factor list */
    fmpq_t lo, hi;
} rc_root_struct;

typedef struct {
    fmpz_poly_q_t f;          /* the function whose sign is tabulated */
    fmpq_t dlo, dhi;          /* open domain (dlo, dhi) */
    int dlo_inf, dhi_inf;
    fmpz_poly_factor_t fac;   /* N*D = fac->c * prod p[i]^exp[i] */
    int *is_pole;             /* factor i divides D */
    slong nroots;
    rc_root_struct *roots;    /* increasing, pairwise disjoint */
    fmpq *samples;            /* nroots + 1 points, one per gap */
    int *signs;               /* sign of N*D at each sample */
} rc_signtable_struct;
typedef rc_signtable_struct rc_signtable_t[1];

void rc_signtable_init(rc_signtable_t st, const fmpz_poly_q_t f, const fmpq_t dlo, int dlo_inf,
                       const fmpq_t dhi, int dhi_inf);
void rc_signtable_clear(rc_signtable_t st);

/* The root with index j as an algebraic number. */
void rc_signtable_root(rc_alg_t out, const rc_signtable_struct *st, slong j);

/* Where an algebraic number lies: on root j (returns 1, *index = j) or in
 * gap i, strictly between roots i-1 and i (returns 0, *index = i). Refines
 * x and the table's intervals until the answer is certain, so that the
 * stored intervals themselves prove it. x must lie inside the domain. */
int rc_signtable_locate(slong *index, rc_signtable_t st, rc_alg_t x);

typedef enum { RC_OP_LT, RC_OP_LE, RC_OP_GT, RC_OP_GE } rc_op;
const char *rc_op_str(rc_op op);

/* Whether "f op 0" holds on a gap (by its sample's sign) or at a root. */
int rc_signtable_gap_holds(const rc_signtable_t st, slong gap, rc_op op);
int rc_signtable_root_holds(const rc_signtable_t st, slong root, rc_op op);

/* A piece of the domain: gap i or root j, in order gap0 root0 gap1 ... */
typedef struct {
    /* endpoint kinds: -1 domain end, otherwise the root index */
    slong lo_root, hi_root;
    int lo_closed, hi_closed;
} rc_piece;

/* The maximal subset of the domain on which "f op 0" holds, as a list of
 * disjoint intervals in increasing order whose ends are roots of the table
 * or domain ends. Returns the count; *out is malloc'ed. */
slong rc_signtable_maximal_set(rc_piece **out, const rc_signtable_t st, rc_op op);

/* Decides "f op 0 for every rho in I" where I has ends given by
 * location (is_root, index) pairs as returned by rc_signtable_locate, with
 * closedness flags; lo_loc/hi_loc of -1 stand for the domain's own ends. */
int rc_signtable_holds_on(const rc_signtable_t st, rc_op op, int lo_is_root, slong lo_index,
                          int lo_closed, int hi_is_root, slong hi_index, int hi_closed);

#endif
