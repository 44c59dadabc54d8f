/* liu19.gd (Liu et al. 2019, the authors' response to Reviewer 2, Comment 2):
 * GD on the closed-form population loss of the two-layer non-overlapping
 * network (docs/reproduction.md, "liu19.gd"), every step enclosed in Arb
 * balls from rational inputs. For each run: a0^T a* exactly, the basin
 * (R1 = {a^T a* > 0, phi < basin_phi pi}, R2 = {a^T a* < 0, phi > basin_phi
 * pi}) of every iterate, and the final state proved within delta of the
 * global optimum (phi <= delta, |a - a*| <= delta) or of Du et al.'s
 * spurious one (pi - phi <= delta, |a - a_S| <= delta), or "undecided" when
 * the balls cannot tell. The float experiment is 'rescheck train liu19.gd'. */
#include "rescheck/progress.h"
#include "rescheck/cert.h"
#include "rescheck/claims.h"
#include "rescheck/liu19_arb.h"
#include "rescheck/qrho.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpq_vec.h>

typedef struct {
    const char *name, *why, *expect;
    int shortcut;
    fmpq *w0, *a0;
    fmpq_t eta_w, eta_a, delta;
    slong steps;
} run_t;

typedef struct {
    slong p, k, prec, nruns;
    fmpq *ws, *as;
    fmpq_t basin_phi;
    run_t *runs;
} spec_t;

static void spec_clear(spec_t *S)
{
    for (slong r = 0; r < S->nruns; r++) {
        if (S->runs[r].w0)
            _fmpq_vec_clear(S->runs[r].w0, S->p);
        if (S->runs[r].a0)
            _fmpq_vec_clear(S->runs[r].a0, S->k);
        fmpq_clear(S->runs[r].eta_w);
        fmpq_clear(S->runs[r].eta_a);
        fmpq_clear(S->runs[r].delta);
    }
    free(S->runs);
    if (S->ws)
        _fmpq_vec_clear(S->ws, S->p);
    if (S->as)
        _fmpq_vec_clear(S->as, S->k);
    fmpq_clear(S->basin_phi);
}

static int read_dim(slong *out, rc_spec *s, const char *key, long lo, long hi)
{
    json_t *v = rc_spec_get(s, s->root, key, key, 1);
    if (!v)
        return -1;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return rc_spec_fail(s, key, "expected an integer from %ld to %ld", lo, hi);
    *out = (slong)json_integer_value(v);
    return 0;
}

static int read_vec(fmpq **out, rc_spec *s, json_t *obj, const char *key, slong n, const char *field)
{
    slong len = n;
    json_t *v = rc_spec_get(s, obj, key, field, 1);
    if (!v || rc_spec_fmpq_array(out, &len, s, v, field))
        return -1;
    return 0;
}

static int read_pos(fmpq_t out, rc_spec *s, json_t *obj, const char *key, const char *field)
{
    if (rc_spec_fmpq(out, s, rc_spec_get(s, obj, key, field, 1), field))
        return -1;
    if (fmpq_sgn(out) <= 0)
        return rc_spec_fail(s, field, "must be positive");
    return 0;
}

static int read_spec(spec_t *S, rc_spec *s)
{
    char f[96];
    if (rc_spec_check_kind(s, "liu19.gd") || read_dim(&S->p, s, "p", 1, RC_LIMIT_LIU19_DIM) ||
        read_dim(&S->k, s, "k", 1, RC_LIMIT_LIU19_DIM) ||
        read_dim(&S->prec, s, "prec", 64, RC_LIMIT_LIU19_PREC) ||
        read_vec(&S->ws, s, s->root, "w_star", S->p, "w_star") ||
        read_vec(&S->as, s, s->root, "a_star", S->k, "a_star") ||
        rc_spec_fmpq(S->basin_phi, s, rc_spec_get(s, s->root, "basin_phi", "basin_phi", 1),
                     "basin_phi"))
        return -1;
    if (fmpq_sgn(S->basin_phi) <= 0 || fmpz_cmp(fmpq_numref(S->basin_phi), fmpq_denref(S->basin_phi)) >= 0)
        return rc_spec_fail(s, "basin_phi", "expected a number in (0, 1): the angle in units of pi");
    json_t *runs = rc_spec_get(s, s->root, "runs", "runs", 1);
    if (!runs)
        return -1;
    if (!json_is_array(runs) || json_array_size(runs) < 1 || json_array_size(runs) > RC_LIMIT_LIU19_RUNS)
        return rc_spec_fail(s, "runs", "expected an array of 1 to %d runs", RC_LIMIT_LIU19_RUNS);
    S->nruns = (slong)json_array_size(runs);
    S->runs = calloc((size_t)S->nruns, sizeof(run_t));
    for (slong r = 0; r < S->nruns; r++) {
        fmpq_init(S->runs[r].eta_w);
        fmpq_init(S->runs[r].eta_a);
        fmpq_init(S->runs[r].delta);
    }
    long total = 0;
    for (slong r = 0; r < S->nruns; r++) {
        run_t *R = S->runs + r;
        json_t *o = json_array_get(runs, (size_t)r), *v;
        snprintf(f, sizeof f, "runs[%ld]", (long)r);
        if (!json_is_object(o))
            return rc_spec_fail(s, f, "expected an object");
        snprintf(f, sizeof f, "runs[%ld].steps", (long)r);
        v = rc_spec_get(s, o, "steps", f, 1);
        if (!v)
            return -1;
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > RC_LIMIT_LIU19_STEPS)
            return rc_spec_fail(s, f, "expected an integer from 0 to %d", RC_LIMIT_LIU19_STEPS);
        R->steps = (slong)json_integer_value(v);
        total += R->steps + 1;
    }
    char what[96];
    snprintf(what, sizeof what, "%ld enclosed GD steps at p = %ld, k = %ld, %ld bits", total,
             (long)S->p, (long)S->k, (long)S->prec);
    if (rc_spec_cost(s, "runs", rc_cost_liu19(S->p, S->k, total, S->prec), what))
        return -1;
    for (slong r = 0; r < S->nruns; r++) {
        run_t *R = S->runs + r;
        json_t *o = json_array_get(runs, (size_t)r), *v;
#define F(key) (snprintf(f, sizeof f, "runs[%ld]." key, (long)r), f)
        if (rc_spec_string(&R->name, s, rc_spec_get(s, o, "name", F("name"), 1), f) ||
            rc_spec_string(&R->why, s, rc_spec_get(s, o, "why", F("why"), 1), f) ||
            rc_spec_string(&R->expect, s, rc_spec_get(s, o, "expect", F("expect"), 1), f))
            return -1;
        if (strcmp(R->expect, "global") && strcmp(R->expect, "trapped"))
            return rc_spec_fail(s, F("expect"), "expected \"global\" or \"trapped\"");
        for (slong q = 0; q < r; q++)
            if (!strcmp(S->runs[q].name, R->name))
                return rc_spec_fail(s, F("name"), "repeats runs[%ld].name", (long)q);
        v = rc_spec_get(s, o, "shortcut", F("shortcut"), 1);
        if (!v)
            return -1;
        if (!json_is_boolean(v))
            return rc_spec_fail(s, f, "expected true or false");
        R->shortcut = json_is_true(v);
        if (read_vec(&R->w0, s, o, "w0", S->p, F("w0")) || read_vec(&R->a0, s, o, "a0", S->k, F("a0")) ||
            read_pos(R->eta_w, s, o, "eta_w", F("eta_w")) || read_pos(R->eta_a, s, o, "eta_a", F("eta_a")) ||
            read_pos(R->delta, s, o, "delta", F("delta")))
            return -1;
#undef F
    }
    return 0;
}

static json_t *vec_json(const fmpq *v, slong n)
{
    json_t *a = json_array();
    for (slong i = 0; i < n; i++)
        json_array_append_new(a, rc_json_fmpq(v + i));
    return a;
}

static const char *basin_word(int b)
{
    static const char *const w[] = {"none", "R1", "R2", "undecided"};
    return w[b];
}

int rc_liu19_gd(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    spec_t S;
    memset(&S, 0, sizeof S);
    fmpq_init(S.basin_phi);
    if (read_spec(&S, spec)) {
        spec_clear(&S);
        return -1;
    }
    json_t *in = json_object(), *res_runs = json_array(), *in_runs = json_array();
    json_object_set_new(in, "p", json_integer(S.p));
    json_object_set_new(in, "k", json_integer(S.k));
    json_object_set_new(in, "prec", json_integer(S.prec));
    json_object_set_new(in, "w_star", vec_json(S.ws, S.p));
    json_object_set_new(in, "a_star", vec_json(S.as, S.k));
    json_object_set_new(in, "basin_phi", rc_json_fmpq(S.basin_phi));
    int n_ok = 0;
    double total = 0, base = 0;
    for (slong r = 0; r < S.nruns; r++)
        total += (double)S.runs[r].steps + 1;
    rc_progress prog;
    rc_progress_start(&prog, "liu19.gd", total);
    for (slong r = 0; r < S.nruns; r++) {
        run_t *R = S.runs + r;
        json_t *ir = json_object();
        json_object_set_new(ir, "name", json_string(R->name));
        json_object_set_new(ir, "shortcut", json_boolean(R->shortcut));
        json_object_set_new(ir, "w0", vec_json(R->w0, S.p));
        json_object_set_new(ir, "a0", vec_json(R->a0, S.k));
        json_object_set_new(ir, "eta_w", rc_json_fmpq(R->eta_w));
        json_object_set_new(ir, "eta_a", rc_json_fmpq(R->eta_a));
        json_object_set_new(ir, "steps", json_integer(R->steps));
        json_object_set_new(ir, "delta", rc_json_fmpq(R->delta));
        json_object_set_new(ir, "expect", json_string(R->expect));
        json_array_append_new(in_runs, ir);

        liu19_arb_problem P;
        liu19_arb_init(&P, S.p, S.k, R->shortcut, S.ws, S.as, R->eta_w, R->eta_a, S.basin_phi, S.prec);
        liu19_arb_traj T;
        P.prog = &prog;
        P.prog_base = base;
        P.prog_name = R->name;
        int rc = liu19_arb_run(&T, &P, R->w0, R->a0, R->steps, R->delta);
        base += (double)R->steps + 1;
        fmpq_t a0d;
        fmpq_init(a0d);
        for (slong j = 0; j < S.k; j++)
            fmpq_addmul(a0d, R->a0 + j, S.as + j);
        json_t *o = json_object(), *segs = json_array();
        json_object_set_new(o, "name", json_string(R->name));
        json_object_set_new(o, "a0_dot_a_star", rc_json_fmpq(a0d));
        for (slong q = 0; q < T.nsegs; q++) {
            json_t *sg = json_array();
            json_array_append_new(sg, json_string(basin_word(T.seg_basin[q])));
            json_array_append_new(sg, json_integer(T.seg_len[q]));
            json_array_append_new(segs, sg);
        }
        json_object_set_new(o, "basins", segs);
        json_object_set_new(o, "enclosed_steps", json_integer(T.enclosed));
        json_object_set_new(o, "final_basin", json_string(basin_word(T.final_basin)));
        json_object_set_new(o, "near_global", liu19_tri_json(T.near_global));
        json_object_set_new(o, "near_spurious", liu19_tri_json(T.near_spurious));
        static const char *const wit_names[LIU19_NWIT] = {"phi1", "u2", "S_lo", "S_hi", "A_max", "alpha"};
        if (T.inv_step >= 0) {
            json_t *iv = json_object();
            json_object_set_new(iv, "step", json_integer(T.inv_step));
            for (int q = 0; q < LIU19_NWIT; q++)
                json_object_set_new(iv, wit_names[q], rc_json_fmpq(T.inv + q));
            json_object_set_new(o, "stays_in_R2", iv);
        } else {
            json_object_set_new(o, "stays_in_R2", json_null());
        }
        const char *outcome = liu19_outcome(&T);
        json_object_set_new(o, "outcome", json_string(outcome));
        json_array_append_new(res_runs, o);

        char *a0s = fmpq_get_str(NULL, 10, a0d), *ew = fmpq_get_str(NULL, 10, R->eta_w),
             *ea = fmpq_get_str(NULL, 10, R->eta_a), *dl = fmpq_get_str(NULL, 10, R->delta);
        char *segtxt = liu19_segments_str(&T);
        /* "trapped" is proved only with the invariant set: in R2 for every t >= its step */
        int forever = T.inv_step >= 0;
        rc_status st = !strcmp(outcome, "undecided") ? RC_UNDECIDED
                       : strcmp(outcome, R->expect) ? RC_FAIL
                       : !strcmp(outcome, "trapped") && !forever ? RC_UNDECIDED : RC_OK;
        char forever_txt[160] = "";
        if (forever)
            snprintf(forever_txt, sizeof forever_txt,
                     "; from step %ld on it stays in R2 for ever (an invariant set, checked on the "
                     "balls of that step)", (long)T.inv_step);
        n_ok += st == RC_OK;
        rc_report_add(rep, st, NULL,
                      st == RC_UNDECIDED ? (rc ? "the Arb balls grew too wide to decide (raise prec)"
                                            : !strcmp(outcome, "trapped") ? "no invariant set found: in R2 at the last step, not proved for ever"
                                               : "a comparison was undecided")
                      : st == RC_FAIL ? "the run does not end as expected" : NULL,
                      "run %s (%s; %s, eta_w = %s, eta_a = %s, a0^T a* = %s): %ld steps enclosed; "
                      "basins along the trajectory %s; it ends %s%s%s (delta = %s)%s; expected %s",
                      R->name, R->why, R->shortcut ? "shortcut, v = (1/sqrt(p) + w)/|.|" : "no shortcut, v = w/|w|",
                      ew, ea, a0s, (long)T.enclosed, segtxt, "in ", basin_word(T.final_basin),
                      !strcmp(outcome, "global")     ? ", proved within delta of the global optimum"
                      : !strcmp(outcome, "trapped")  ? ", proved within delta of the spurious optimum (v = -v*)"
                      : !strcmp(outcome, "neither")  ? ", near neither optimum"
                                                     : ", undecided",
                      dl, forever_txt, R->expect);
        free(segtxt);
        flint_free(a0s);
        flint_free(ew);
        flint_free(ea);
        flint_free(dl);
        fmpq_clear(a0d);
        liu19_arb_traj_clear(&T);
        liu19_arb_clear(&P);
    }
    rc_progress_end(&prog);
    json_object_set_new(in, "runs", in_runs);
    char *bp = fmpq_get_str(NULL, 10, S.basin_phi);
    rc_report_add(rep, RC_NOTE, NULL, NULL,
                  "R1 = {a^T a* > 0, phi < %s pi} and R2 = {a^T a* < 0, phi > %s pi} as the response "
                  "defines them; 'trapped' means in R2 at the last step, within delta of the "
                  "spurious optimum, and in an invariant subset of R2 from some step on, so in R2 "
                  "for ever (R2 itself is not invariant in general: the response's 'basin')",
                  bp, bp);
    flint_free(bp);
    rc_report_conclude(rep, "%d of %ld runs end as their expect says, each a proved statement "
                            "about every step", n_ok, (long)S.nruns);
    json_t *res = json_object();
    json_object_set_new(res, "runs", res_runs);
    *cert = rc_cert_new(c, spec->file, in, res, rep);
    spec_clear(&S);
    return 0;
}
