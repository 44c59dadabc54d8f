#ifndef RESCHECK_LIU19_ARB_H
#define RESCHECK_LIU19_ARB_H
/* The prover's Arb enclosure of GD on the liu19 population loss
 * (src/claims/liu19_arb.c; the checker has its own, src/check/rules/liu19_gd.c):
 * from rational w0, a0, every iterate (w_t, a_t) is enclosed in balls, and
 * its basin R1/R2 decided on them. */
#include <arb.h>
#include <flint/fmpq.h>
#include <jansson.h>

typedef struct {
    slong p, k, prec;
    int shortcut;
    arb_ptr vs, as;      /* the teacher's unit filter v*, and a* */
    arb_ptr aS;          /* Du et al.'s spurious a_S */
    arb_t e;             /* 1/sqrt(p), or 0 without the shortcut */
    arb_t eta_w, eta_a, bphi, pi;
    /* progress (NULL: none): liu19_arb_run shows step s as base + s, naming the run */
    struct rc_progress_s *prog;
    double prog_base;
    const char *prog_name;
} liu19_arb_problem;

void liu19_arb_init(liu19_arb_problem *P, slong p, slong k, int shortcut, const fmpq *ws,
                    const fmpq *as, const fmpq_t eta_w, const fmpq_t eta_a,
                    const fmpq_t basin_phi, slong prec);
void liu19_arb_clear(liu19_arb_problem *P);
/* phi and a^T a* at (w, a); 0, or -1 when the filter's ball contains 0 */
int liu19_arb_state(arb_t phi, arb_t adot, const liu19_arb_problem *P, arb_srcptr w, arb_srcptr a);
/* one GD step in place; 0, or -1 (nothing changed) when a ball is not finite */
int liu19_arb_step(const liu19_arb_problem *P, arb_ptr w, arb_ptr a);
/* 0 none, 1 R1, 2 R2, 3 undecided */
int liu19_arb_basin(const liu19_arb_problem *P, const arb_t phi, const arb_t adot);

/* The witness that an iterate in R2 stays in R2 for ever (docs/reproduction.md,
 * "liu19.gd"): the set Omega = {phi >= phi1, |u|^2 >= u2, S_lo <= 1^T a <= S_hi,
 * -A_max <= a^T a* <= -alpha} holds GD when
 *   phi1 >= pi/2, phi1 > basin_phi pi, alpha > 0, eta_a (pi - 1 + k) kappa <= 1,
 *   S_lo <= (1^T a*) H, (1^T a*) H <= S_hi for H = (k-1)/(pi-1+k), k/(pi-1+k),
 *   max_{S in {S_lo, S_hi}} -kappa S* (S - S*) + (g(phi1) - kappa)|a*|^2 <= -(pi-1) kappa alpha,
 *   min_{S in {S_lo, S_hi}} -kappa S* (S - S*) - kappa |a*|^2 >= -(pi-1) kappa A_max,
 *   eta_w A_max kappa (pi - phi1) <= u2;
 * and the iterate lies in Omega. Entries on the grid 2^-LIU19_GRID_BITS. */
#define LIU19_GRID_BITS 40
enum { LIU19_PHI1, LIU19_U2, LIU19_S_LO, LIU19_S_HI, LIU19_A_MAX, LIU19_ALPHA, LIU19_NWIT };
/* 1 with wit (LIU19_NWIT rationals) filled when the iterate (w, a) admits such
 * a witness, else 0 */
int liu19_arb_invariant(fmpq *wit, const liu19_arb_problem *P, arb_srcptr w, arb_srcptr a);

typedef struct {
    slong inv_step;      /* the step whose iterate has the witness, or -1 */
    fmpq *inv;           /* LIU19_NWIT rationals */
    slong nsegs, enclosed;  /* enclosed: iterates t = 0..enclosed-1 */
    int *seg_basin;
    slong *seg_len;
    int final_basin;
    int near_global, near_spurious; /* 1 proved <= delta, 0 proved > delta, -1 undecided */
} liu19_arb_traj;

/* Runs steps GD steps from (w0, a0); 0, or -1 when the balls stopped being
 * finite (final basin undecided). */
int liu19_arb_run(liu19_arb_traj *T, const liu19_arb_problem *P, const fmpq *w0, const fmpq *a0,
                  slong steps, const fmpq_t delta);
void liu19_arb_traj_clear(liu19_arb_traj *T);
/* "global", "trapped", "neither" or "undecided" */
const char *liu19_outcome(const liu19_arb_traj *T);
/* true, false or null */
json_t *liu19_tri_json(int x);
/* "R2 x 500, R1 x 3" (malloc) */
char *liu19_segments_str(const liu19_arb_traj *T);

#endif
