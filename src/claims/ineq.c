#include "rescheck/ineq.h"
#include "rescheck/cert.h"
#include "rescheck/qrho.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int end_equals_domain_end(rc_end_t e, rc_end_t d)
{
    if (e->inf || d->inf)
        return e->inf == d->inf;
    return rc_alg_cmp(e->x, d->x) == 0;
}

int rc_interval_inside_domain(rc_interval_t I, rc_interval_t domain)
{
    /* lo end */
    if (end_equals_domain_end(I->lo, domain->lo)) {
        if (I->lo_closed)
            return 0;
    } else if (I->lo->inf || (!domain->lo->inf && rc_alg_cmp(I->lo->x, domain->lo->x) < 0)) {
        return 0;
    }
    if (end_equals_domain_end(I->hi, domain->hi)) {
        if (I->hi_closed)
            return 0;
    } else if (I->hi->inf || (!domain->hi->inf && rc_alg_cmp(I->hi->x, domain->hi->x) > 0)) {
        return 0;
    }
    return 1;
}

void rc_ineq_init(rc_ineq_t q, const fmpz_poly_q_t f, rc_op op, rc_interval_t domain,
                  const rc_interval_t I)
{
    q->op = op;
    rc_signtable_init(q->st, f, domain->lo->x->lo, domain->lo->inf, domain->hi->x->lo,
                      domain->hi->inf);
    rc_interval_init(q->I);
    rc_end_set(q->I->lo, I->lo);
    rc_end_set(q->I->hi, I->hi);
    q->I->lo_closed = I->lo_closed;
    q->I->hi_closed = I->hi_closed;
    if (end_equals_domain_end(q->I->lo, domain->lo)) {
        q->lo_on_root = 0;
        q->lo_index = -1;
    } else {
        q->lo_on_root = rc_signtable_locate(&q->lo_index, q->st, q->I->lo->x);
    }
    if (end_equals_domain_end(q->I->hi, domain->hi)) {
        q->hi_on_root = 0;
        q->hi_index = -1;
    } else {
        q->hi_on_root = rc_signtable_locate(&q->hi_index, q->st, q->I->hi->x);
    }
    q->holds = rc_signtable_holds_on(q->st, op, q->lo_on_root, q->lo_index, q->I->lo_closed,
                                     q->hi_on_root, q->hi_index, q->I->hi_closed);
    q->nset = rc_signtable_maximal_set(&q->set, q->st, op);
}

void rc_ineq_clear(rc_ineq_t q)
{
    rc_signtable_clear(q->st);
    rc_interval_clear(q->I);
    flint_free(q->set);
}

json_t *rc_alg_json(const rc_alg_t a)
{
    json_t *o = json_object();
    json_object_set_new(o, "poly", rc_json_poly(a->poly));
    json_object_set_new(o, "lo", rc_json_fmpq(a->lo));
    json_object_set_new(o, "hi", rc_json_fmpq(a->hi));
    return o;
}

static json_t *end_json(const rc_end_t e)
{
    if (e->inf)
        return json_string(e->inf < 0 ? "-inf" : "inf");
    return rc_alg_json(e->x);
}

static json_t *domain_end_json(const fmpq_t x, int inf, int sign)
{
    if (inf)
        return json_string(sign < 0 ? "-inf" : "inf");
    return rc_json_fmpq(x);
}

static json_t *location_json(int on_root, slong index)
{
    if (index < 0)
        return json_string("domain");
    json_t *o = json_object();
    json_object_set_new(o, on_root ? "root" : "gap", json_integer(index));
    return o;
}

static json_t *signtable_json(const rc_signtable_struct *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "content", rc_json_fmpz(&st->fac->c));
    json_t *fs = json_array();
    for (slong i = 0; i < st->fac->num; i++) {
        json_t *f = json_object();
        json_object_set_new(f, "poly", rc_json_poly(st->fac->p + i));
        json_object_set_new(f, "multiplicity", json_integer(st->fac->exp[i]));
        json_object_set_new(f, "pole", json_boolean(st->is_pole[i]));
        json_array_append_new(fs, f);
    }
    json_object_set_new(o, "factors", fs);
    json_t *rs = json_array();
    rc_alg_t a;
    rc_alg_init(a);
    for (slong j = 0; j < st->nroots; j++) {
        json_t *r = json_object();
        json_object_set_new(r, "factor", json_integer(st->roots[j].factor));
        json_object_set_new(r, "lo", rc_json_fmpq(st->roots[j].lo));
        json_object_set_new(r, "hi", rc_json_fmpq(st->roots[j].hi));
        rc_signtable_root(a, st, j);
        char *d = rc_alg_get_decimal(a, RC_DECIMAL_DIGITS);
        json_object_set_new(r, "decimal", json_string(d));
        flint_free(d);
        json_array_append_new(rs, r);
    }
    rc_alg_clear(a);
    json_object_set_new(o, "roots", rs);
    json_t *ss = json_array();
    for (slong i = 0; i <= st->nroots; i++) {
        json_t *s = json_object();
        json_object_set_new(s, "at", rc_json_fmpq(st->samples + i));
        json_object_set_new(s, "sign", json_integer(st->signs[i]));
        json_array_append_new(ss, s);
    }
    json_object_set_new(o, "samples", ss);
    return o;
}

json_t *rc_ineq_json(const rc_ineq_t q)
{
    json_t *o = json_object();
    json_object_set_new(o, "function", rc_json_qrho(q->st->f));
    json_object_set_new(o, "op", json_string(rc_op_str(q->op)));
    json_t *dom = json_object();
    json_object_set_new(dom, "lo", domain_end_json(q->st->dlo, q->st->dlo_inf, -1));
    json_object_set_new(dom, "hi", domain_end_json(q->st->dhi, q->st->dhi_inf, 1));
    json_object_set_new(o, "domain", dom);
    json_object_set_new(o, "sign_table", signtable_json(q->st));
    json_t *iv = json_object();
    json_object_set_new(iv, "lo", end_json(q->I->lo));
    json_object_set_new(iv, "hi", end_json(q->I->hi));
    json_object_set_new(iv, "lo_closed", json_boolean(q->I->lo_closed));
    json_object_set_new(iv, "hi_closed", json_boolean(q->I->hi_closed));
    json_object_set_new(iv, "lo_at", location_json(q->lo_on_root, q->lo_index));
    json_object_set_new(iv, "hi_at", location_json(q->hi_on_root, q->hi_index));
    json_object_set_new(o, "interval", iv);
    json_object_set_new(o, "holds", json_boolean(q->holds));
    json_t *set = json_array();
    for (slong k = 0; k < q->nset; k++) {
        json_t *p = json_object();
        json_object_set_new(p, "lo", location_json(1, q->set[k].lo_root));
        json_object_set_new(p, "hi", location_json(1, q->set[k].hi_root));
        json_object_set_new(p, "lo_closed", json_boolean(q->set[k].lo_closed));
        json_object_set_new(p, "hi_closed", json_boolean(q->set[k].hi_closed));
        json_array_append_new(set, p);
    }
    json_object_set_new(o, "maximal_set", set);
    return o;
}

static void cat(char **buf, size_t *len, const char *s)
{
    size_t n = strlen(s);
    *buf = realloc(*buf, *len + n + 1);
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

static char *piece_end_str(const rc_ineq_t q, slong root, int hi)
{
    if (root < 0) {
        rc_end_t e;
        rc_end_init(e);
        const fmpq *x = hi ? q->st->dhi : q->st->dlo;
        e->inf = (hi ? q->st->dhi_inf : q->st->dlo_inf) ? (hi ? 1 : -1) : 0;
        if (!e->inf)
            rc_alg_set_fmpq(e->x, x);
        char *s = rc_end_get_str(e);
        rc_end_clear(e);
        return s;
    }
    rc_alg_t a;
    rc_alg_init(a);
    rc_signtable_root(a, q->st, root);
    char *s = rc_alg_get_str(a);
    rc_alg_clear(a);
    return s;
}

char *rc_ineq_set_str(const rc_ineq_t q)
{
    char *buf = NULL;
    size_t len = 0;
    cat(&buf, &len, "");
    if (q->nset == 0)
        cat(&buf, &len, "empty");
    for (slong k = 0; k < q->nset; k++) {
        if (k)
            cat(&buf, &len, " U ");
        char *a = piece_end_str(q, q->set[k].lo_root, 0);
        char *b = piece_end_str(q, q->set[k].hi_root, 1);
        int point = q->set[k].lo_root >= 0 && q->set[k].lo_root == q->set[k].hi_root;
        if (point) {
            cat(&buf, &len, "{");
            cat(&buf, &len, a);
            cat(&buf, &len, "}");
        } else {
            cat(&buf, &len, q->set[k].lo_closed ? "[" : "(");
            cat(&buf, &len, a);
            cat(&buf, &len, ", ");
            cat(&buf, &len, b);
            cat(&buf, &len, q->set[k].hi_closed ? "]" : ")");
        }
        flint_free(a);
        flint_free(b);
    }
    return buf;
}

char *rc_ineq_set_ends_str(const rc_ineq_t q)
{
    char *buf = NULL;
    size_t len = 0;
    cat(&buf, &len, "");
    rc_alg_t a;
    rc_alg_init(a);
    for (slong k = 0; k < 2 * q->nset; k++) {
        slong root = k % 2 ? q->set[k / 2].hi_root : q->set[k / 2].lo_root;
        if (root < 0 || (k % 2 && root == q->set[k / 2].lo_root))
            continue;
        rc_signtable_root(a, q->st, root);
        if (rc_alg_is_rational(a))
            continue;
        char *v = rc_alg_get_str(a), *d = rc_alg_get_decimal(a, RC_DECIMAL_DIGITS),
             *p = rc_fmpz_poly_get_str(a->poly);
        /* "v = d, root of p": the polynomial has any degree, so no fixed buffer */
        const char *parts[] = {len ? "; " : "", v, " = ", d, ", root of ", p};
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
            cat(&buf, &len, parts[i]);
        flint_free(v);
        flint_free(d);
        flint_free(p);
    }
    rc_alg_clear(a);
    return buf;
}

int rc_ineq_hi_is_binding(const rc_ineq_t q)
{
    if (!q->hi_on_root || q->hi_index < 0)
        return 0;
    return rc_signtable_root_holds(q->st, q->hi_index, q->op) &&
           !rc_signtable_gap_holds(q->st, q->hi_index + 1, q->op);
}
