/* librescheck's API at its edges, built against the installed library
 * (tests/install/t-install.sh compiles it with pkg-config only): the
 * registry, specs from strings, errors with their messages, accessors out of
 * range, NULL arguments, certificates written and checked, a certificate
 * whose inputs are the paper's but whose printed value was changed.
 * TAP on stdout.   usage: t-api SPEC_SEC31 TMPDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rescheck/rescheck.h>

static int n_tests, n_failed;

static void ok(int cond, const char *what, const char *diag)
{
    n_tests++;
    printf("%s %d - %s\n", cond ? "ok" : "not ok", n_tests, what);
    if (!cond) {
        n_failed++;
        if (diag && *diag)
            printf("# %s\n", diag);
    }
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

/* text with the first occurrence of from replaced by to (caller frees) */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *p = strstr(text, from);
    if (!p)
        return NULL;
    size_t a = (size_t)(p - text), nf = strlen(from), nt = strlen(to), rest = strlen(p + nf);
    char *out = malloc(a + nt + rest + 1);
    memcpy(out, text, a);
    memcpy(out + a, to, nt);
    memcpy(out + a + nt, p + nf, rest + 1);
    return out;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: t-api SPEC_SEC31 TMPDIR\n");
        return 2;
    }
    char err[512], path[4096], diag[1100];

    /* the registry */
    size_t n = rescheck_claim_count();
    int found = 0;
    for (size_t i = 0; i < n; i++)
        found += !strcmp(rescheck_claim_id(i), "yun19.prop1") && rescheck_claim_alias(i) &&
                 !strcmp(rescheck_claim_alias(i), "prop1") &&
                 !strcmp(rescheck_claim_spec_kind(i), "yun19.sec31");
    ok(n >= 18 && found == 1, "the registry lists yun19.prop1, alias prop1, kind yun19.sec31", NULL);
    ok(!rescheck_claim_id(n) && !rescheck_claim_alias(n) && !rescheck_claim_spec_kind(n),
       "registry accessors out of range give NULL", NULL);
    printf("# claims: %zu\n", n);

    /* errors: unknown claim, bad JSON, duplicate key, missing file, NULLs */
    err[0] = '\0';
    ok(!rescheck_verify("prop9", NULL, err, sizeof err) &&
           !strcmp(err, "unknown claim 'prop9' (see 'rescheck list')"),
       "verify of an unknown claim: NULL and the message", err);
    err[0] = '\0';
    ok(!rescheck_spec_load_string("bad.json", "{\"kind\": ", err, sizeof err) &&
           !strncmp(err, "bad.json: ", 10),
       "a spec string that is not JSON: NULL, the message names it", err);
    err[0] = '\0';
    ok(!rescheck_spec_load_string("dup.json", "{\"kind\": \"a\", \"kind\": \"b\"}", err, sizeof err) &&
           strstr(err, "duplicate"),
       "a spec with a duplicate key is refused", err);
    err[0] = '\0';
    ok(!rescheck_spec_load_file("/nonexistent/spec.json", err, sizeof err) &&
           strstr(err, "/nonexistent/spec.json"),
       "a missing spec file: NULL, the message names it", err);
    ok(!rescheck_spec_load_file(NULL, NULL, 0) && !rescheck_verify(NULL, NULL, NULL, 0),
       "NULL arguments and a NULL err are accepted", NULL);
    rescheck_spec_free(NULL);
    rescheck_result_free(NULL);
    ok(rescheck_result_verdict(NULL) == RESCHECK_ERROR && !rescheck_result_claim(NULL) &&
           rescheck_result_statement_count(NULL) == 0 && !rescheck_result_statement_text(NULL, 0),
       "accessors on a NULL result", NULL);

    /* a spec from a string of the wrong kind for the claim */
    char *text = slurp(argv[1]);
    ok(text != NULL, "read the sec31 spec", argv[1]);
    if (!text)
        return 1;
    rescheck_spec *s = rescheck_spec_load_string("mine.json", text, err, sizeof err);
    ok(s && !strcmp(rescheck_spec_kind(s), "yun19.sec31"), "a spec from a string: kind yun19.sec31",
       err);
    err[0] = '\0';
    ok(!rescheck_verify("nonmono", s, err, sizeof err) &&
           !strcmp(err, "mine.json: field kind: is \"yun19.sec31\", claim yun19.nonmono reads "
                        "\"yun19.sec32\" specs"),
       "a claim that does not read the spec's kind: the command line's message", err);

    /* the same spec verified twice from one handle: the same certificate */
    rescheck_result *r1 = rescheck_verify("yun19.rlin", s, err, sizeof err);
    rescheck_result *r2 = rescheck_verify("yun19.rlin", s, err, sizeof err);
    ok(r1 && r2 && rescheck_result_verdict(r1) == RESCHECK_VERIFIED &&
           !strcmp(rescheck_result_certificate(r1), rescheck_result_certificate(r2)),
       "one spec handle verifies twice to the same certificate", err);
    if (r1) {
        size_t k = rescheck_result_statement_count(r1);
        ok(k >= 1 && rescheck_result_statement_status(r1, k) == RESCHECK_STATEMENT_NOTE &&
               !rescheck_result_statement_text(r1, k) && !rescheck_result_statement_paper(r1, k),
           "statement accessors out of range: NOTE and NULL", NULL);
        ok(strstr(rescheck_result_certificate(r1), "\"spec\": \"mine.json\"") != NULL,
           "the certificate names the spec by the string's name", NULL);
        ok(!strncmp(rescheck_result_data(r1), "on user data (inputs sha256 ", 28),
           "a spec from a string is user data", rescheck_result_data(r1));
        snprintf(path, sizeof path, "%s/no/such/dir/x.json", argv[2]);
        err[0] = '\0';
        ok(rescheck_result_write_certificate(r1, path, err, sizeof err) == -1 && err[0],
           "writing into a missing directory fails with a message", err);
        snprintf(path, sizeof path, "%s/rlin.json", argv[2]);
        ok(rescheck_result_write_certificate(r1, path, err, sizeof err) == 0, "write the certificate",
           err);
        rescheck_check_result ck;
        rescheck_verdict v = rescheck_check_file(path, &ck);
        snprintf(diag, sizeof diag, "%d %s", (int)v, ck.reason);
        ok(v == RESCHECK_VERIFIED && !ck.rejected && !ck.paper_data &&
               !strcmp(ck.sha256, rescheck_result_sha256(r1)) && !strcmp(ck.claim, "yun19.rlin"),
           "it checks: verified, user data, the same sha256", diag);
    }
    rescheck_result_free(r1);
    rescheck_result_free(r2);
    rescheck_spec_free(s);

    /* yun19.rlin on a printed value that is a
     * changed digit of the right one is refuted, with the difference */
    char *bad = replace(text, "\"8*rho^2/15\"", "\"8*rho^2/14\"");
    ok(bad != NULL, "changed the printed R_lin to 8*rho^2/14", NULL);
    s = bad ? rescheck_spec_load_string("typo.json", bad, err, sizeof err) : NULL;
    rescheck_result *r3 = s ? rescheck_verify("yun19.rlin", s, err, sizeof err) : NULL;
    int fail_seen = 0;
    for (size_t i = 0; r3 && i < rescheck_result_statement_count(r3); i++)
        if (rescheck_result_statement_status(r3, i) == RESCHECK_STATEMENT_FAIL &&
            !strcmp(rescheck_result_statement_paper(r3, i), "8*rho^2/14") &&
            !strcmp(rescheck_result_statement_detail(r3, i),
                    "R_lin: paper 8*rho^2/14 (= 4*rho^2/7), computed 8*rho^2/15 "
                    "(computed - paper = -4*rho^2/105)"))
            fail_seen = 1;
    ok(r3 && rescheck_result_verdict(r3) == RESCHECK_REFUTED && fail_seen,
       "refuted: paper 8*rho^2/14 (= 4*rho^2/7), computed 8*rho^2/15, difference -4*rho^2/105",
       r3 && rescheck_result_statement_count(r3) ? rescheck_result_statement_detail(r3, 0) : err);
    rescheck_result_free(r3);
    rescheck_spec_free(s);
    free(bad);

    /* check_text on garbage and on an empty buffer */
    rescheck_check_result ck;
    ok(rescheck_check_text("not json", 8, &ck) == RESCHECK_ERROR && !ck.rejected && ck.reason[0],
       "check_text on text that is not JSON: ERROR with a reason", ck.reason);
    ok(rescheck_check_text("{}", 2, &ck) == RESCHECK_REFUTED && ck.rejected,
       "check_text on {}: rejected", ck.reason);
    ok(rescheck_check_file("/nonexistent.json", &ck) == RESCHECK_ERROR,
       "check_file on a missing file: ERROR", ck.reason);
    free(text);
    printf("1..%d\n", n_tests);
    return n_failed ? 1 : 0;
}
