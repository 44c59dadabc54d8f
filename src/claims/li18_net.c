/* The li18 n-shortcut network spec. */
#include "li18_net.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_int(slong *out, rc_spec *s, const char *key, slong lo, slong hi)
{
    json_t *v = rc_spec_get(s, s->root, key, key, 1);
    if (!v)
        return -1;
    if (!json_is_integer(v))
        return rc_spec_fail(s, key, "expected an integer");
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi)
        return rc_spec_fail(s, key, "must be between %ld and %ld", (long)lo, (long)hi);
    *out = (slong)x;
    return 0;
}

static int read_matrix(fmpq_mat_t A, rc_spec *s, const char *key)
{
    json_t *v = rc_spec_get(s, s->root, key, key, 1);
    if (!v)
        return -1;
    slong d = fmpq_mat_nrows(A), m = fmpq_mat_ncols(A);
    if (!json_is_array(v) || (slong)json_array_size(v) != d)
        return rc_spec_fail(s, key, "expected %ld rows (one per coordinate), each with m = %ld entries",
                            (long)d, (long)m);
    char field[64];
    for (slong i = 0; i < d; i++) {
        json_t *row = json_array_get(v, (size_t)i);
        snprintf(field, sizeof field, "%s[%ld]", key, (long)i);
        if (!json_is_array(row) || (slong)json_array_size(row) != m)
            return rc_spec_fail(s, field, "expected %ld entries", (long)m);
        for (slong mu = 0; mu < m; mu++) {
            snprintf(field, sizeof field, "%s[%ld][%ld]", key, (long)i, (long)mu);
            if (rc_spec_fmpq(fmpq_mat_entry(A, i, mu), s, json_array_get(row, (size_t)mu), field))
                return -1;
        }
    }
    return 0;
}

/* "identity", "relu", or {"derivatives": [sigma(0), sigma'(0), ...]} */
static int read_act(rc_act *a, rc_spec *s, json_t *acts, const char *key, int at_zero)
{
    char field[64];
    snprintf(field, sizeof field, "activations.%s", key);
    json_t *v = acts ? json_object_get(acts, key) : NULL;
    rc_act_clear(a);
    if (!v) {
        rc_act_init_kind(a, RC_ACT_IDENTITY);
        return 0;
    }
    if (json_is_string(v)) {
        const char *name = json_string_value(v);
        if (!strcmp(name, "identity"))
            rc_act_init_kind(a, RC_ACT_IDENTITY);
        else if (!strcmp(name, "relu"))
            rc_act_init_kind(a, RC_ACT_RELU);
        else
            return rc_spec_fail(s, field, "unknown activation \"%s\" (identity, relu, or {\"derivatives\": [...]})", name);
        return 0;
    }
    json_t *der = json_is_object(v) ? json_object_get(v, "derivatives") : NULL;
    if (!json_is_array(der) || json_array_size(der) < 1 || json_array_size(der) > 8)
        return rc_spec_fail(s, field, "expected identity, relu, or {\"derivatives\": [sigma(0), sigma'(0), ...]} with 1 to 8 entries");
    rc_act_init_kind(a, RC_ACT_POLY);
    a->nder = (slong)json_array_size(der);
    a->der = _fmpq_vec_init(a->nder);
    for (slong k = 0; k < a->nder; k++) {
        char sub[160];
        snprintf(sub, sizeof sub, "%s.derivatives[%ld]", field, (long)k);
        if (rc_spec_fmpq(a->der + k, s, json_array_get(der, (size_t)k), sub))
            return -1;
    }
    if (at_zero && !fmpq_is_zero(a->der))
        return rc_spec_fail(s, field, "Assumption 3 needs sigma(0) = 0 at the mid and post positions");
    return 0;
}

/* the largest numerator plus denominator bits of an entry */
static slong fmpq_mat_max_bits(const fmpq_mat_t A)
{
    slong b = 1;
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++) {
            const fmpq *a = fmpq_mat_entry(A, i, j);
            b = FLINT_MAX(b, (slong)(fmpz_bits(fmpq_numref(a)) + fmpz_bits(fmpq_denref(a))));
        }
    return b;
}

int li18_read_net(rc_nsnet *net, rc_spec *s)
{
    if (rc_spec_check_kind(s, "li18.nshortcut"))
        return -1;
    slong d = 0, m = 0, n = 0, R = 0;
    if (read_int(&d, s, "d", 1, RC_LIMIT_LI18_D) || read_int(&m, s, "m", 1, RC_LIMIT_POINTS) ||
        read_int(&n, s, "n", 1, RC_LIMIT_LI18_N) || read_int(&R, s, "R", 1, RC_LIMIT_LI18_R))
        return -1;
    rc_nsnet_init(net, d, m, n, R);
    json_t *acts = rc_spec_get(s, s->root, "activations", NULL, 0);
    if (acts && !json_is_object(acts))
        return rc_spec_fail(s, "activations", "expected an object {pre, mid, post}");
    if (read_act(&net->pre, s, acts, "pre", 0) || read_act(&net->mid, s, acts, "mid", 1) ||
        read_act(&net->post, s, acts, "post", 1))
        return -1;
    if (read_matrix(net->X, s, "X") || read_matrix(net->Y, s, "Y"))
        return -1;
    int relu = net->pre.kind == RC_ACT_RELU || net->mid.kind == RC_ACT_RELU ||
               net->post.kind == RC_ACT_RELU;
    slong bits = FLINT_MAX(fmpq_mat_max_bits(net->X), fmpq_mat_max_bits(net->Y));
    char what[128];
    snprintf(what, sizeof what, "d = %ld, m = %ld, n = %ld, R = %ld%s (%ld-bit data)", (long)d,
             (long)m, (long)n, (long)R, relu ? " with ReLU" : "", (long)bits);
    if (rc_spec_cost(s, rc_cost_li18_field(d, m, n, R, relu, bits),
                     rc_cost_li18(d, m, n, R, relu, bits), what))
        return -1;
    if (net->mid.kind == RC_ACT_POLY && net->n < 2 && net->mid.nder > 0) {
        /* no mid position in a 1-shortcut unit: accepted and unused */
    }
    return 0;
}

static json_t *act_json(const rc_act *a)
{
    if (a->kind != RC_ACT_POLY)
        return json_string(rc_act_name(a));
    json_t *o = json_object(), *der = json_array();
    for (slong k = 0; k < a->nder; k++)
        json_array_append_new(der, rc_json_fmpq(a->der + k));
    json_object_set_new(o, "derivatives", der);
    return o;
}

json_t *li18_net_inputs_json(const rc_nsnet *net)
{
    json_t *in = json_object();
    json_object_set_new(in, "d", json_integer(net->d));
    json_object_set_new(in, "m", json_integer(net->m));
    json_object_set_new(in, "n", json_integer(net->n));
    json_object_set_new(in, "R", json_integer(net->R));
    json_object_set_new(in, "X", rc_json_fmpq_mat(net->X));
    json_object_set_new(in, "Y", rc_json_fmpq_mat(net->Y));
    json_t *acts = json_object();
    json_object_set_new(acts, "pre", act_json(&net->pre));
    json_object_set_new(acts, "mid", act_json(&net->mid));
    json_object_set_new(acts, "post", act_json(&net->post));
    json_object_set_new(in, "activations", acts);
    return in;
}

char *li18_fmpq_mat_str(const fmpq_mat_t A)
{
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    fputc('[', f);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++) {
            char *e = rc_fmpq_get_str(fmpq_mat_entry(A, i, j));
            fprintf(f, "%s%s", j == 0 ? (i ? "; " : "") : ", ", e);
            flint_free(e);
        }
    fputc(']', f);
    fclose(f);
    return buf;
}
