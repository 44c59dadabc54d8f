/* The float Hessian at zero beside the exact one of a li18 certificate. */
#include "rescheck/train_compare.h"
#include "rescheck/cert.h"
#include "rescheck/train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <arb.h>

static double q_to_d(const json_t *j)
{
    fmpq_t q;
    fmpq_init(q);
    char err[64];
    double v = rc_json_get_fmpq(q, j, err, sizeof err) ? NAN : fmpq_get_d(q);
    fmpq_clear(q);
    return v;
}

static int identity_activations(const json_t *acts)
{
    const char *keys[] = {"pre", "mid", "post"};
    for (int k = 0; k < 3; k++) {
        const json_t *a = json_object_get(acts, keys[k]);
        if (!json_is_string(a) || strcmp(json_string_value(a), "identity"))
            return 0;
    }
    return 1;
}

/* X, Y (d rows of m) into column-major d x m doubles */
static void load_matrix(double *out, const json_t *rows, int d, int m)
{
    for (int i = 0; i < d; i++)
        for (int mu = 0; mu < m; mu++)
            out[(size_t)mu * d + i] = q_to_d(json_array_get(json_array_get(rows, (size_t)i), (size_t)mu));
}

/* the certified cond string of the full Hessian, or NULL */
static const char *exact_cond(const json_t *results, int n, int R)
{
    if (n == 2)
        return json_string_value(json_object_get(results, "cond_H"));
    if (n == 1) {
        const json_t *by_depth = json_object_get(results, "cond_by_depth");
        if ((int)json_array_size(by_depth) == R)
            return json_string_value(json_object_get(json_array_get(by_depth, (size_t)R - 1), "cond"));
    }
    return NULL;
}

void train_compare_li18_hessian(rc_report *rep, const json_t *cert)
{
    const json_t *in = json_object_get(cert, "inputs"), *res = json_object_get(cert, "results");
    int d = (int)json_integer_value(json_object_get(in, "d"));
    int m = (int)json_integer_value(json_object_get(in, "m"));
    int n = (int)json_integer_value(json_object_get(in, "n"));
    int R = (int)json_integer_value(json_object_get(in, "R"));
    if (!identity_activations(json_object_get(in, "activations"))) {
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "float comparison: the float path models identity activations (and ReLU during training), not these; skipped");
        return;
    }
    train_arch a = {d, R, n, 1, 0};
    train_net net;
    train_net_init(&net, &a); /* all weights zero: the point of Theorem 2 */
    train_data D;
    train_data_init(&D, d, m, m);
    load_matrix(D.X, json_object_get(in, "X"), d, m);
    load_matrix(D.Y, json_object_get(in, "Y"), d, m);
    size_t N = train_arch_nparams(&a);
    double *H = malloc(N * N * sizeof(double));
    if (!H || train_hessian(H, &net, &D, 0) != 0) {
        rc_report_add(rep, RC_NOTE, NULL, NULL, "float comparison: out of memory for the %zu x %zu Hessian", N, N);
        free(H);
        train_data_clear(&D);
        train_net_clear(&net);
        return;
    }
    /* entrywise against the exact Hessian (zeros included) */
    double *E = calloc(N * N, sizeof(double));
    const json_t *entries = json_object_get(res, "hessian");
    for (size_t k = 0; k < json_array_size(entries); k++) {
        const json_t *e = json_array_get(entries, k);
        size_t p = (size_t)json_integer_value(json_array_get(e, 0));
        size_t q = (size_t)json_integer_value(json_array_get(e, 1));
        E[q * N + p] = E[p * N + q] = q_to_d(json_array_get(e, 2));
    }
    double max_diff = 0, max_exact = 0;
    for (size_t k = 0; k < N * N; k++) {
        max_diff = fmax(max_diff, fabs(H[k] - E[k]));
        max_exact = fmax(max_exact, fabs(E[k]));
    }
    rc_report_add(rep, RC_NOTE, NULL, NULL,
                  "float Hessian at 0 (OpenBLAS Hessian-vector products, double): max |H_float - H_exact| = %.3g over %zu x %zu entries%s",
                  max_diff, N, N, max_exact > 0 ? "" : " (the exact Hessian is zero)");
    if (max_exact > 0)
        rc_report_add(rep, RC_NOTE, NULL, NULL, "  relative to max |H_exact| = %.3g: %.3g", max_exact,
                      max_diff / max_exact);
    train_spectrum s;
    const char *cond = exact_cond(res, n, R);
    if (train_spectrum_compute(&s, H, (int)N, NULL) == 0 && cond && strcmp(cond, "inf")) {
        arb_t c;
        arb_init(c);
        arb_set_str(c, cond, 128);
        double mid = arf_get_d(arb_midref(c), ARF_RND_NEAR);
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "float cond(H) = %.17g (LAPACKE %s) beside the certified %s: relative error %.3g",
                      s.cond_true, train_spectrum_method((int)N), cond, fabs(s.cond_true - mid) / mid);
        arb_clear(c);
    } else if (cond && !strcmp(cond, "inf")) {
        rc_report_add(rep, RC_NOTE, NULL, NULL,
                      "float cond(H) = %.3g (LAPACKE %s); the exact Hessian is singular, cond = inf",
                      s.cond_true, train_spectrum_method((int)N));
    }
    free(E);
    free(H);
    train_data_clear(&D);
    train_net_clear(&net);
}
