#ifndef RESCHECK_QRHO_H
#define RESCHECK_QRHO_H
/* Exact rational numbers and rational functions of the one parameter rho,
 * i.e. elements of Q and Q(rho), on top of FLINT's fmpq and fmpz_poly_q.
 * This module parses and prints them; arithmetic is FLINT's own. */

#include <flint/fmpq.h>
#include <flint/fmpz_poly_q.h>
#include <stddef.h>

/* Size limits on what a parser accepts (documented in docs/specs.md). */
#define RC_MAX_LITERAL_DIGITS 200
#define RC_MAX_EXPR_CHARS 4096
#define RC_MAX_EXPONENT 64

/* Parses an expression in rho: numbers (integers, decimals such as 2.5 read
 * exactly, fractions written with /), the variable "rho" (or the UTF-8 "ρ"),
 * + - * / ^ and parentheses. Returns 0 on success; otherwise fills err
 * (a short reason) and returns -1. */
int rc_qrho_parse(fmpz_poly_q_t out, const char *text, char *err, size_t errlen);

/* Parses a plain rational number ("3", "-2.5", "7/3"); same contract. */
int rc_fmpq_parse(fmpq_t out, const char *text, char *err, size_t errlen);

/* Parses a rational number the user may also write as an expression without
 * rho ("1/2-3/4"). */
int rc_fmpq_parse_expr(fmpq_t out, const char *text, char *err, size_t errlen);

/* A row label of a printed table, such as "[1, 2)" or "(-inf, 0)": ends
 * -inf, inf or rational expressions, ( or [ for open or closed. Returns 1
 * when text denotes the interval from lo to hi (NULL: -inf, resp. inf) with
 * the given closedness, 0 when it denotes another, -1 when it does not parse
 * (err set). */
int rc_interval_text_equal(const char *text, const fmpq *lo, int lo_closed, const fmpq *hi,
                           int hi_closed, char *err, size_t errlen);

/* The rounding rule for printed decimals: the number of places k >= 1 of a
 * plain decimal [-]DIGITS.DIGITS, which stands for a value rounded to k
 * places; 0 for text without a point (compared exactly); -1 for text with a
 * point in any other form ("+0.5", ".5", "5.", "1.5/3", " 0.5"), refused. */
int rc_decimal_places(const char *text);

/* "p/q" or "p"; caller frees with flint_free. */
char *rc_fmpq_get_str(const fmpq_t x);

/* "OPEN x_0, x_1, ..., x_{n-1} CLOSE" for report lines; caller frees with free. */
char *rc_fmpq_vec_str(const fmpq *v, slong n, const char *open, const char *close);

/* A readable form such as "rho^2*(12*rho^2+82*rho+215)/(21*rho^2+156*rho+420)":
 * rational content first, then the irreducible factors of numerator and
 * denominator. Caller frees with flint_free. */
char *rc_qrho_get_str(const fmpz_poly_q_t f);
/* "[f_0, f_1, ...]" in that form; caller frees with free. */
char *rc_qrho_vec_str(const fmpz_poly_q_struct *v, slong n);

/* Polynomial in rho as text, e.g. "4*rho^2-6*rho-45". */
char *rc_fmpz_poly_get_str(const fmpz_poly_t p);

/* True when f is a polynomial of degree <= 1 (affine in rho). */
int rc_qrho_is_affine(const fmpz_poly_q_t f);

/* f = x (a constant rational function). */
void rc_qrho_set_fmpq(fmpz_poly_q_t f, const fmpq_t x);

/* If f is constant, sets x and returns 1; else returns 0. */
int rc_qrho_get_fmpq(fmpq_t x, const fmpz_poly_q_t f);

#endif
