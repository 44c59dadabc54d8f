#ifndef RESCHECK_INEQ_H
#define RESCHECK_INEQ_H
/* "f(rho) op 0 for every rho in I", decided exactly from a sign table of f
 * on the domain, together with the maximal subset of the domain where it
 * holds. Builds the witness certificates carry. */

#include <jansson.h>

#include "rescheck/signtable.h"
#include "rescheck/spec.h"

typedef struct {
    rc_op op;
    rc_signtable_t st;
    rc_interval_t I;
    int lo_on_root, hi_on_root; /* location of I's ends ... */
    slong lo_index, hi_index;   /* ... root or gap index, -1 = the domain's end */
    int holds;
    rc_piece *set;
    slong nset;
} rc_ineq_struct;
typedef rc_ineq_struct rc_ineq_t[1];

/* domain: open, rational or infinite ends; I inside it (an end of I may
 * coincide with an open end of the domain). */
void rc_ineq_init(rc_ineq_t q, const fmpz_poly_q_t f, rc_op op, rc_interval_t domain,
                  const rc_interval_t I);
void rc_ineq_clear(rc_ineq_t q);

json_t *rc_ineq_json(const rc_ineq_t q);
/* {"poly", "lo", "hi"}: an algebraic number as certificates write it */
json_t *rc_alg_json(const rc_alg_t a);

/* The maximal set, e.g. "(0, sqrt(5)/2]"; "empty" if none. */
char *rc_ineq_set_str(const rc_ineq_t q);
/* Its algebraic ends spelled out: "sqrt(5)/2 = [1.118... +/- 4e-31], root of 4*rho^2-5". */
char *rc_ineq_set_ends_str(const rc_ineq_t q);

/* I's upper end is a root of f after which "f op 0" fails at once. */
int rc_ineq_hi_is_binding(const rc_ineq_t q);

/* Whether I lies inside the open domain (ends may touch open domain ends). */
int rc_interval_inside_domain(rc_interval_t I, rc_interval_t domain);

#define RC_DECIMAL_DIGITS 30

#endif
