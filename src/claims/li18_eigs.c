/* li18 Theorem 2.2 (n = 2): the eigenvalues of H with their multiplicities,
 * read off the factorisation of c(mu) = charpoly((s t)^2 M^T M). Once
 * charpoly(H)(l) = c(l^2)^(R d) is proved, a root mu > 0 of c with
 * multiplicity e gives the eigenvalues +-sqrt(mu) of H, each with
 * multiplicity e R d, and mu = 0 with multiplicity z gives the eigenvalue 0
 * with multiplicity 2 z R d. (s t)^2 M^T M is positive semidefinite, so no
 * root of c is negative. */
#include "li18_net.h"
#include "rescheck/cert.h"

#include <stdio.h>
#include <stdlib.h>

#include <flint/fmpz_poly_factor.h>

/* by degree, then by coefficients from the top */
int li18_factor_cmp(const fmpz_poly_struct *a, const fmpz_poly_struct *b)
{
    slong da = fmpz_poly_degree(a), db = fmpz_poly_degree(b);
    if (da != db)
        return da < db ? -1 : 1;
    for (slong k = da; k >= 0; k--) {
        int c = fmpz_cmp(a->coeffs + k, b->coeffs + k);
        if (c)
            return c;
    }
    return 0;
}

void li18_eig_families_init(li18_eig_families *f, const fmpz_poly_t c)
{
    fmpz_poly_factor_init(f->fac);
    fmpz_poly_factor(f->fac, c);
    f->z = 0;
    /* drop the factor mu, keeping its exponent; sort the rest */
    for (slong k = 0; k < f->fac->num; k++)
        if (fmpz_poly_degree(f->fac->p + k) == 1 && fmpz_is_zero(f->fac->p[k].coeffs)) {
            f->z = f->fac->exp[k];
            fmpz_poly_swap(f->fac->p + k, f->fac->p + f->fac->num - 1);
            f->fac->exp[k] = f->fac->exp[f->fac->num - 1];
            fmpz_poly_clear(f->fac->p + --f->fac->num);
            fmpz_poly_init(f->fac->p + f->fac->num);
            break;
        }
    for (slong i = 1; i < f->fac->num; i++)
        for (slong j = i; j > 0 && li18_factor_cmp(f->fac->p + j - 1, f->fac->p + j) > 0; j--) {
            fmpz_poly_swap(f->fac->p + j - 1, f->fac->p + j);
            slong e = f->fac->exp[j - 1];
            f->fac->exp[j - 1] = f->fac->exp[j];
            f->fac->exp[j] = e;
        }
}

void li18_eig_families_clear(li18_eig_families *f)
{
    fmpz_poly_factor_clear(f->fac);
}

json_t *li18_eig_families_json(const li18_eig_families *f, slong R, slong d)
{
    json_t *o = json_object(), *a = json_array();
    for (slong k = 0; k < f->fac->num; k++)
        json_array_append_new(a, json_pack("{s:o,s:I,s:I}", "mu_poly", rc_json_poly(f->fac->p + k),
                                           "exponent", (json_int_t)f->fac->exp[k], "multiplicity",
                                           (json_int_t)(f->fac->exp[k] * R * d)));
    json_object_set_new(o, "families", a);
    json_object_set_new(o, "zero_multiplicity", json_integer(2 * f->z * R * d));
    return o;
}

/* "+-2 (mu = 4)", "+-sqrt(3)", or "+-sqrt(mu) for each of the 2 roots mu of P" */
static void family_text(FILE *out, const fmpz_poly_t p)
{
    if (fmpz_poly_degree(p) > 1) {
        char *s = fmpz_poly_get_str_pretty(p, "mu");
        fprintf(out, "+-sqrt(mu) for each of the %ld roots mu of %s", (long)fmpz_poly_degree(p), s);
        flint_free(s);
        return;
    }
    fmpq_t mu, r;
    fmpq_init(mu);
    fmpq_init(r);
    fmpz_neg(fmpq_numref(mu), p->coeffs);
    fmpz_set(fmpq_denref(mu), p->coeffs + 1);
    fmpq_canonicalise(mu);
    char *ms = fmpq_get_str(NULL, 10, mu);
    if (fmpz_is_square(fmpq_numref(mu)) && fmpz_is_square(fmpq_denref(mu))) {
        fmpz_sqrt(fmpq_numref(r), fmpq_numref(mu));
        fmpz_sqrt(fmpq_denref(r), fmpq_denref(mu));
        char *rs = fmpq_get_str(NULL, 10, r);
        fprintf(out, "+-%s (mu = %s)", rs, ms);
        flint_free(rs);
    } else {
        fprintf(out, "+-sqrt(%s)", ms);
    }
    flint_free(ms);
    fmpq_clear(mu);
    fmpq_clear(r);
}

char *li18_eig_families_str(const li18_eig_families *f, slong R, slong d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    for (slong k = 0; k < f->fac->num; k++) {
        fprintf(out, "%s", k ? "; " : "");
        family_text(out, f->fac->p + k);
        fprintf(out, ": e = %ld, multiplicity e R d = %ld each", (long)f->fac->exp[k],
                (long)(f->fac->exp[k] * R * d));
    }
    if (f->z)
        fprintf(out, "%s0: mu = 0 has multiplicity z = %ld in c ((s t)^2 M^T M is singular), so H has the eigenvalue 0 with multiplicity 2 z R d = %ld",
                f->fac->num ? "; " : "", (long)f->z, (long)(2 * f->z * R * d));
    fclose(out);
    return buf;
}
