#ifndef RESCHECK_USER_EXPR_H
#define RESCHECK_USER_EXPR_H
/* What the user claim kinds claim.identity, claim.inequality and
 * claim.rounding share (user_expr.c). Every reader fills s->err ("FILE: field
 * F: reason") and returns -1 on an input error. */

#include <jansson.h>

#include "rescheck/claims.h"
#include "rescheck/spec.h"

typedef struct {
    const char *id, *statement, *where;
} rc_user_head;

/* kind and its key set, the id's form, statement and where; the report's
 * name "user claim ID (kind K)" */
int rc_user_read_head(rc_user_head *h, rc_spec *s, const rc_claim *c, rc_report *rep);
/* the note "the paper, WHERE: STATEMENT" when either is given */
void rc_user_paper_note(rc_report *rep, const rc_user_head *h);
/* the larger degree of numerator and denominator */
slong rc_user_degree(const fmpz_poly_q_t f);
/* s's KEY: an expression in rho within the degree limit, its text in *text */
int rc_user_read_expr(fmpz_poly_q_t f, const char **text, rc_spec *s, const char *key);
/* numerator and denominator within RC_LIMIT_INPUT_DIGITS */
int rc_user_digits_ok(const fmpq_t q);
int rc_user_end_size_ok(rc_spec *s, const rc_end_t e, const char *field);
/* "interval" (required or not: *text NULL when absent), of more than one point */
int rc_user_read_interval(rc_interval_t I, const char **text, rc_spec *s, int required);
/* D := (-inf, inf) (initialises D) */
void rc_user_real_line(rc_interval_t D);
/* (den f * den g)^2: positive exactly where f and g are both defined */
void rc_user_defined_poly(fmpz_poly_q_t P2, const fmpz_poly_q_t f, const fmpz_poly_q_t g);
void rc_user_eval(fmpq_t out, const fmpz_poly_q_t f, const fmpq_t t);
/* {"at": t, "f": f(t), "g": g(t)} and the words "at rho = t: f = .., g = .." */
json_t *rc_user_point_witness(char **text, const fmpq_t t, const fmpz_poly_q_t f,
                              const fmpz_poly_q_t g);

#endif
