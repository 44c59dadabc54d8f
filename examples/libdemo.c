/* libdemo: a program using the installed librescheck (rescheck/rescheck.h).
 *
 *   cc libdemo.c $(pkg-config --cflags --libs rescheck) -o libdemo
 *   ./libdemo CLAIM [SPEC] CERT_OUT
 *
 * Verifies CLAIM (an ID or alias of `rescheck list`) on its built-in data or
 * on SPEC, prints each statement and the verdict, writes the certificate to
 * CERT_OUT, then checks that file through the library's checker and a copy
 * of it with one digit of its hash changed. Exit status: the verdict
 * (0 verified, 1 refuted, 2 error, 3 undecided), or 4 when the check of the
 * written certificate disagrees with the verification. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rescheck/rescheck.h>

static const char *word(rescheck_verdict v)
{
    switch (v) {
    case RESCHECK_VERIFIED: return "verified";
    case RESCHECK_REFUTED: return "refuted";
    case RESCHECK_UNDECIDED: return "undecided";
    default: return "error";
    }
}

static const char *mark(rescheck_statement_status s)
{
    switch (s) {
    case RESCHECK_STATEMENT_OK: return "ok  ";
    case RESCHECK_STATEMENT_FAIL: return "FAIL";
    case RESCHECK_STATEMENT_UNDECIDED: return "??  ";
    default: return "note";
    }
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: libdemo CLAIM [SPEC] CERT_OUT\n");
        return 2;
    }
    const char *claim = argv[1], *spec_path = argc == 4 ? argv[2] : NULL;
    const char *out = argv[argc - 1];
    char err[1024];
    printf("librescheck %s, certificate format %d, %zu claims\n", rescheck_version(),
           rescheck_certificate_format(), rescheck_claim_count());

    rescheck_spec *spec = NULL;
    if (spec_path) {
        spec = rescheck_spec_load_file(spec_path, err, sizeof err);
        if (!spec) {
            fprintf(stderr, "libdemo: %s\n", err);
            return 2;
        }
        printf("spec %s of kind %s\n", spec_path, rescheck_spec_kind(spec));
    }
    rescheck_result *res = rescheck_verify(claim, spec, err, sizeof err);
    rescheck_spec_free(spec);
    if (!res) {
        fprintf(stderr, "libdemo: %s\n", err);
        return 2;
    }
    rescheck_verdict v = rescheck_result_verdict(res);
    printf("%s %s\n", rescheck_result_claim(res), rescheck_result_data(res));
    for (size_t i = 0; i < rescheck_result_statement_count(res); i++) {
        rescheck_statement_status s = rescheck_result_statement_status(res, i);
        printf("  %s %s\n", mark(s), rescheck_result_statement_text(res, i));
        if (s == RESCHECK_STATEMENT_FAIL && rescheck_result_statement_paper(res, i))
            printf("       paper: %s\n", rescheck_result_statement_paper(res, i));
        if (s == RESCHECK_STATEMENT_FAIL && rescheck_result_statement_detail(res, i))
            printf("       differs: %s\n", rescheck_result_statement_detail(res, i));
    }
    printf("verdict: %s (sha256 %s)\n", word(v), rescheck_result_sha256(res));

    int rc = (int)v;
    if (rescheck_result_write_certificate(res, out, err, sizeof err)) {
        fprintf(stderr, "libdemo: %s\n", err);
        rescheck_result_free(res);
        return 2;
    }
    rescheck_check_result ck;
    rescheck_verdict cv = rescheck_check_file(out, &ck);
    printf("check %s: %s%s, claim %s, rule %s, %s data, sha256 %s\n", out, word(cv),
           ck.rejected ? " (rejected)" : "", ck.claim, ck.rule, ck.paper_data ? "paper" : "user",
           ck.sha256);
    if (cv != v || strcmp(ck.sha256, rescheck_result_sha256(res)))
        rc = 4;

    /* one hex digit of the recorded hash changed: the checker must reject it */
    const char *cert = rescheck_result_certificate(res);
    char *text = malloc(strlen(cert) + 1);
    char *h = text ? strstr(strcpy(text, cert), rescheck_result_sha256(res)) : NULL;
    if (h) {
        *h = *h == '0' ? '1' : '0';
        cv = rescheck_check_text(text, strlen(text), &ck);
        printf("check of a copy with its sha256 changed: %s%s: %s\n", word(cv),
               ck.rejected ? " (rejected)" : "", ck.reason);
        if (!ck.rejected)
            rc = 4;
    }
    free(text);
    rescheck_result_free(res);
    return rc;
}
