/* Huber regression without bias, exactly over Q (rescheck/huber.h). */
#include "rescheck/huber.h"

#include <math.h>
#include <stdlib.h>

#include <flint/fmpq_vec.h>

void rc_huber_init(rc_huber_t h, slong n, slong d)
{
    h->n = n;
    h->d = d;
    h->status = RC_HUBER_NO_AGREEMENT;
    h->w = _fmpq_vec_init(d ? d : 1);
    h->r = _fmpq_vec_init(n ? n : 1);
    h->side = calloc((size_t)(n ? n : 1), sizeof(int));
    fmpq_init(h->risk);
    h->rank = 0;
    h->rounds = 0;
}

void rc_huber_clear(rc_huber_t h)
{
    _fmpq_vec_clear(h->w, h->d ? h->d : 1);
    _fmpq_vec_clear(h->r, h->n ? h->n : 1);
    free(h->side);
    fmpq_clear(h->risk);
}

const char *rc_huber_status_str(rc_huber_status s)
{
    switch (s) {
    case RC_HUBER_SOLVED:
        return "solved";
    case RC_HUBER_INCONSISTENT:
        return "a partition's stationarity system has no solution";
    default:
        return "no partition agreed with its own solution";
    }
}

void rc_huber_loss(fmpq_t out, const fmpq_t r, const fmpq_t delta)
{
    fmpq_t a;
    fmpq_init(a);
    fmpq_abs(a, r);
    if (fmpq_cmp(a, delta) <= 0) {
        fmpq_mul(out, r, r);
        fmpq_div_2exp(out, out, 1);
    } else { /* delta (|r| - delta/2) */
        fmpq_div_2exp(out, delta, 1);
        fmpq_sub(out, a, out);
        fmpq_mul(out, out, delta);
    }
    fmpq_clear(a);
}

/* ---- the float guess: damped Newton on the convex risk ------------------- */

static double huber_d(double r, double delta)
{
    double a = fabs(r);
    return a <= delta ? r * r / 2 : delta * (a - delta / 2);
}

static double risk_d(const double *H, const double *y, const double *w, slong n, slong d,
                     double delta)
{
    double s = 0;
    for (slong i = 0; i < n; i++) {
        double r = -y[i];
        for (slong k = 0; k < d; k++)
            r += H[i * d + k] * w[k];
        s += huber_d(r, delta);
    }
    return s / (double)n;
}

/* solves A x = b in place (A d x d, row-major) by Gaussian elimination with
 * partial pivoting; a tiny pivot is replaced (the result is only a guess) */
static void solve_d(double *A, double *b, slong d)
{
    for (slong c = 0; c < d; c++) {
        slong p = c;
        for (slong i = c + 1; i < d; i++)
            if (fabs(A[i * d + c]) > fabs(A[p * d + c]))
                p = i;
        for (slong k = 0; k < d; k++) {
            double t = A[c * d + k];
            A[c * d + k] = A[p * d + k];
            A[p * d + k] = t;
        }
        double t = b[c];
        b[c] = b[p];
        b[p] = t;
        if (fabs(A[c * d + c]) < 1e-300)
            A[c * d + c] = 1e-300;
        for (slong i = c + 1; i < d; i++) {
            double f = A[i * d + c] / A[c * d + c];
            for (slong k = c; k < d; k++)
                A[i * d + k] -= f * A[c * d + k];
            b[i] -= f * b[c];
        }
    }
    for (slong c = d - 1; c >= 0; c--) {
        for (slong k = c + 1; k < d; k++)
            b[c] -= A[c * d + k] * b[k];
        b[c] /= A[c * d + c];
    }
}

/* the sides of the float minimiser's residuals */
static void float_guess(int *side, const fmpq_mat_t Hq, const fmpq *yq, const fmpq_t dq)
{
    slong n = fmpq_mat_nrows(Hq), d = fmpq_mat_ncols(Hq);
    double *H = malloc(sizeof(double) * (size_t)(n * d + n + 4 * d + d * d + 1));
    double *y = H + n * d, *w = y + n, *g = w + d, *step = g + d, *trial = step + d,
           *A = trial + d;
    double delta = fmpq_get_d(dq);
    for (slong i = 0; i < n; i++) {
        y[i] = fmpq_get_d(yq + i);
        for (slong k = 0; k < d; k++)
            H[i * d + k] = fmpq_get_d(fmpq_mat_entry(Hq, i, k));
    }
    for (slong k = 0; k < d; k++)
        w[k] = 0;
    for (int it = 0; it < 200; it++) {
        double scale = 0, gn = 0;
        for (slong k = 0; k < d * d; k++)
            A[k] = 0;
        for (slong k = 0; k < d; k++)
            g[k] = 0;
        for (slong i = 0; i < n; i++) {
            double r = -y[i];
            for (slong k = 0; k < d; k++)
                r += H[i * d + k] * w[k];
            int quad = fabs(r) <= delta;
            double psi = quad ? r : (r > 0 ? delta : -delta);
            for (slong k = 0; k < d; k++) {
                g[k] += psi * H[i * d + k];
                for (slong j = 0; quad && j < d; j++)
                    A[k * d + j] += H[i * d + k] * H[i * d + j];
                scale += H[i * d + k] * H[i * d + k];
            }
        }
        for (slong k = 0; k < d; k++) {
            A[k * d + k] += 1e-9 * (scale / (double)(d ? d : 1) + 1e-30);
            step[k] = -g[k];
            gn += g[k] * g[k];
        }
        if (gn == 0)
            break;
        solve_d(A, step, d);
        double R0 = risk_d(H, y, w, n, d, delta), t = 1;
        for (int ls = 0; ls < 60; ls++, t /= 2) {
            for (slong k = 0; k < d; k++)
                trial[k] = w[k] + t * step[k];
            if (risk_d(H, y, trial, n, d, delta) <= R0)
                break;
        }
        for (slong k = 0; k < d; k++)
            w[k] = trial[k];
    }
    for (slong i = 0; i < n; i++) {
        double r = -y[i];
        for (slong k = 0; k < d; k++)
            r += H[i * d + k] * w[k];
        side[i] = fabs(r) <= delta ? 0 : (r > 0 ? 1 : -1);
    }
    free(H);
}

/* ---- the exact part ------------------------------------------------------ */

static int side_of(const fmpq_t r, const fmpq_t delta)
{
    fmpq_t a;
    fmpq_init(a);
    fmpq_abs(a, r);
    int s = fmpq_cmp(a, delta) <= 0 ? 0 : fmpq_sgn(r);
    fmpq_clear(a);
    return s;
}

/* r lies in the closed region side names */
static int agrees(const fmpq_t r, int side, const fmpq_t delta)
{
    fmpq_t a;
    fmpq_init(a);
    if (side == 0) {
        fmpq_abs(a, r);
        side = fmpq_cmp(a, delta) <= 0;
    } else {
        fmpq_mul_si(a, r, side);
        side = fmpq_cmp(a, delta) >= 0;
    }
    fmpq_clear(a);
    return side;
}

/* w from the partition's stationarity system; 0 when it has a solution */
static int solve_partition(rc_huber_t h, const fmpq_mat_t H, const fmpq *y, const fmpq_t delta)
{
    slong n = h->n, d = h->d;
    fmpq_mat_t A, b, x;
    fmpq_mat_init(A, d, d);
    fmpq_mat_init(b, d, 1);
    fmpq_mat_init(x, d, 1);
    fmpq_t t;
    fmpq_init(t);
    for (slong i = 0; i < n; i++)
        for (slong k = 0; k < d; k++) {
            const fmpq *hik = fmpq_mat_entry(H, i, k);
            if (h->side[i] == 0) {
                fmpq_addmul(fmpq_mat_entry(b, k, 0), y + i, hik);
                for (slong j = 0; j < d; j++)
                    fmpq_addmul(fmpq_mat_entry(A, k, j), hik, fmpq_mat_entry(H, i, j));
            } else {
                fmpq_mul_si(t, delta, h->side[i]);
                fmpq_submul(fmpq_mat_entry(b, k, 0), t, hik);
            }
        }
    fmpq_mat_t R;
    fmpq_mat_init(R, d, d);
    h->rank = fmpq_mat_rref(R, A);
    fmpq_mat_clear(R);
    int ok = fmpq_mat_can_solve(x, A, b);
    for (slong k = 0; ok && k < d; k++)
        fmpq_set(h->w + k, fmpq_mat_entry(x, k, 0));
    fmpq_mat_clear(A);
    fmpq_mat_clear(b);
    fmpq_mat_clear(x);
    fmpq_clear(t);
    return ok ? 0 : -1;
}

/* the gradient sum_i psi(r_i) h_i is exactly 0 */
static int stationary(const rc_huber_t h, const fmpq_mat_t H, const fmpq_t delta)
{
    fmpq *g = _fmpq_vec_init(h->d ? h->d : 1);
    fmpq_t psi;
    fmpq_init(psi);
    for (slong i = 0; i < h->n; i++) {
        if (h->side[i] == 0)
            fmpq_set(psi, h->r + i);
        else
            fmpq_mul_si(psi, delta, h->side[i]);
        for (slong k = 0; k < h->d; k++)
            fmpq_addmul(g + k, psi, fmpq_mat_entry(H, i, k));
    }
    int zero = 1;
    for (slong k = 0; k < h->d; k++)
        zero &= fmpq_is_zero(g + k);
    _fmpq_vec_clear(g, h->d ? h->d : 1);
    fmpq_clear(psi);
    return zero;
}

void rc_huber_fit(rc_huber_t h, const fmpq_mat_t H, const fmpq *y, const fmpq_t delta,
                  slong max_rounds)
{
    slong n = h->n, d = h->d;
    float_guess(h->side, H, y, delta);
    h->status = RC_HUBER_NO_AGREEMENT;
    for (h->rounds = 1; h->rounds <= max_rounds; h->rounds++) {
        if (solve_partition(h, H, y, delta)) {
            h->status = RC_HUBER_INCONSISTENT;
            return;
        }
        int all = 1;
        for (slong i = 0; i < n; i++) {
            fmpq_neg(h->r + i, y + i);
            for (slong k = 0; k < d; k++)
                fmpq_addmul(h->r + i, h->w + k, fmpq_mat_entry(H, i, k));
            all &= agrees(h->r + i, h->side[i], delta);
        }
        if (all)
            break;
        for (slong i = 0; i < n; i++)
            h->side[i] = side_of(h->r + i, delta);
    }
    if (h->rounds > max_rounds || !stationary(h, H, delta))
        return;
    fmpq_t l;
    fmpq_init(l);
    fmpq_zero(h->risk);
    for (slong i = 0; i < n; i++) {
        rc_huber_loss(l, h->r + i, delta);
        fmpq_add(h->risk, h->risk, l);
    }
    fmpz_t nz;
    fmpz_init_set_si(nz, n);
    fmpq_div_fmpz(h->risk, h->risk, nz);
    fmpz_clear(nz);
    fmpq_clear(l);
    h->status = RC_HUBER_SOLVED;
}
