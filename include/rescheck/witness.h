#ifndef RESCHECK_WITNESS_H
#define RESCHECK_WITNESS_H
/* Provers of the checker kernel's linear-algebra witnesses (formats in
 * src/check/kernel/linalg.c and docs/certificates.md): the rank witness (R),
 * the LDL^T inertia witness (L) and a negative-curvature vector (V). */

#include <jansson.h>

#include <flint/fmpq_mat.h>

#include "rescheck/cert.h"

/* rc_json_fmpq_row, rc_json_fmpq_mat: rescheck/cert.h */

/* {rank, rows, cols, prime, kernel}: pivot rows and columns, a prime below
 * 2^63 for which the pivot minor is nonsingular, and the kernel basis that is
 * the identity outside the pivot columns. *rank gets the rank. */
json_t *rc_rank_prove(const fmpq_mat_t A, slong *rank);

/* {perm, L, D} with P H P^T = L D L^T for symmetric H (exact elimination, 1x1
 * pivots on nonzero diagonal entries, else 2x2 [[0, b], [b, 0]], zero 1x1
 * pivots only once the rest is 0), in the kernel's canonical form: L is 0
 * inside 2x2 blocks and below zero pivots (those columns are never written);
 * inertia =
 * (n-, n0, n+) in the kernel's order. When n- > 0 and v is not NULL, v (n
 * entries) gets a vector with v^T H v < 0, read off a negative block of D. */
json_t *rc_ldl_prove(const fmpq_mat_t H, slong inertia[3], slong *blocks2, fmpq *v);

#endif
