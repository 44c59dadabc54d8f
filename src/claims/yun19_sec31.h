#ifndef RESCHECK_YUN19_SEC31_H
#define RESCHECK_YUN19_SEC31_H
/* The §3.1 setting of yun19: a scalar dataset with targets affine in rho,
 * the FC net f1 = w2*relu(w1*x+b1)+b2 and the ResNet f2 = w*(x+v*relu(u*x+b))+c. */

#include "rescheck/claims.h"
#include "rescheck/ineq.h"
#include "rescheck/lsq.h"

typedef struct {
    const char *constant, *affine, *bound; /* printed cells, NULL if absent */
    const char *breakpoint_in;             /* the row's printed interval, NULL if absent */
} sec31_printed_row;

typedef struct {
    slong n;
    fmpq *x;
    fmpz_poly_q_struct *xq, *y; /* x as elements of Q(rho), targets */
    rc_interval_t domain, I;
    int has_point;
    fmpz_poly_q_t v;
    fmpq_t u, b;
    const char *printed_r_lin, *printed_risk;
    const char **printed_H;   /* n entries or NULL */
    sec31_printed_row *rows[2]; /* printed tables: [0] w1 > 0, [1] w1 < 0 */
    slong nrows_printed[2];
} sec31_t;

int sec31_read(sec31_t *d, rc_spec *s);
void sec31_clear(sec31_t *d);
/* the certificate inputs; R_lin depends on neither the point nor the interval */
json_t *sec31_inputs_json(const sec31_t *d, int with_point, int with_interval);

/* risk of the best fit of the points with the given mask, divided by n */
void sec31_fit_risk(fmpz_poly_q_t risk, const sec31_t *d, const int *mask, rc_fit_kind kind,
                    const fmpz_poly_q_struct *xs);

#endif
