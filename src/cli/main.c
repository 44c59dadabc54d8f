/* rescheck: the command line. No mathematics here. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd_cite.h"
#include "cmd_landscape.h"
#include "cmd_train.h"
#include "output.h"
#include "rescheck/cert.h"
#include "rescheck/check.h"
#include "rescheck/origin.h"
#include "rescheck/claims.h"
#include "rescheck/train.h"
#include "rescheck/train_compare.h"
#include "rescheck/version.h"

static const char *prog = "rescheck";

static void usage_main(FILE *f)
{
    fprintf(f,
            "usage: rescheck [--version] [--help] COMMAND [ARGS]\n"
            "\n"
            "Checks the quantitative claims of ResNet-theory papers exactly.\n"
            "\n"
            "commands:\n"
            "  list                 every claim: ID, alias, paper, section, one line\n"
            "  verify CLAIM...|all  verify claims, write certificates\n"
            "  check CERT...        re-check certificate files from their contents alone\n"
            "  cite CERT...         LaTeX macros and footnotes citing checked certificates\n"
            "  landscape --spec F   Theorem 2's analysis of a yun19.resnet at its point theta\n"
            "  train EXPERIMENT     run a paper's experiment in double precision (--list)\n"
            "\n"
            "exit status: 0 verified, 1 refuted (or certificate rejected), 2 usage or input\n"
            "error, 3 undecided. 'rescheck COMMAND --help' describes each command.\n");
}

static int cmd_list(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            printf("usage: rescheck list\n\nPrints every claim: ID, alias, paper, the kind of spec it reads\n(docs/specs.md), section and what it states.\n");
            return 0;
        }
        return RC_EXIT_INPUT;
    }
    if (optind < argc) {
        fprintf(stderr, "%s list: unexpected argument '%s'\n", prog, argv[optind]);
        return RC_EXIT_INPUT;
    }
    /* column widths that fit the longest entry (sections are UTF-8: pad by
       display width, counting bytes that do not continue a character) */
    int wid = 2, wsec = 7, wkind = 9;
    for (size_t i = 0; i < rc_nclaims; i++) {
        int n = (int)strlen(rc_claims[i].id), w = 0, nk = (int)strlen(rc_claims[i].spec_kind);
        if (n > wid)
            wid = n;
        if (nk > wkind)
            wkind = nk;
        for (const char *p = rc_claims[i].section; *p; p++)
            w += ((unsigned char)*p & 0xC0) != 0x80;
        if (w > wsec)
            wsec = w;
    }
    printf("%-*s %-8s %-6s %-*s %-*s %s\n", wid, "ID", "ALIAS", "PAPER", wkind, "SPEC KIND", wsec,
           "SECTION", "STATEMENT");
    for (size_t i = 0; i < rc_nclaims; i++) {
        const rc_claim *k = rc_claims + i;
        int w = 0;
        for (const char *p = k->section; *p; p++)
            w += ((unsigned char)*p & 0xC0) != 0x80;
        printf("%-*s %-8s %-6s %-*s %s%*s %s\n", wid, k->id, k->alias ? k->alias : "-", k->paper,
               wkind, k->spec_kind, k->section, wsec - w, "", k->summary);
    }
    return 0;
}

static void usage_verify(FILE *f)
{
    fprintf(f,
            "usage: rescheck verify CLAIM...|all [--cert-dir DIR] [--no-cert]\n"
            "                       [--format text|json|tap] [--spec FILE]\n"
            "       rescheck verify --spec CLAIMS.json [--cert-dir DIR] [--format F]\n"
            "\n"
            "Verifies claims exactly and writes one certificate per claim.\n"
            "  CLAIM           an ID or alias from 'rescheck list', or 'all'\n"
            "  --spec FILE     run the claims on your own data (docs/specs.md); the claims\n"
            "                  must read the spec's kind ('all', or no claim named,\n"
            "                  picks those that do). A claims file (kind \"claims\")\n"
            "                  runs each of its claims and writes ID.json for each; so\n"
            "                  does a spec of a user claim kind (claim.identity, ...)\n"
            "  --cert-dir DIR  where certificates go; by default: DIR/certificates for a\n"
            "                  spec DIR/F.json, ./certificates for built-in claims run in\n"
            "                  the rescheck source tree, none elsewhere (a note says so)\n"
            "  --no-cert       write no certificate\n"
            "  --format F      text (default), json (one document) or tap\n"
            "  --estimate      print each claim's estimated cost against the budget of\n"
            "                  docs/limits.md and stop (nothing is verified)\n"
            "  --compare-float for the li18 Hessian claims: the same Hessian in double on\n"
            "                  the float path (OpenBLAS, LAPACKE dsyevd) beside the exact\n"
            "                  values, with the relative error of cond(H); notes only\n"
            "\n"
            "A verified certificate is never overwritten by a refuted or undecided one:\n"
            "that one goes beside it as NAME.refuted.json or NAME.undecided.json.\n"
            "\n"
            "exit status: 0 all verified, 1 some claim refuted, 2 usage or input error,\n"
            "3 some statement undecided.\n");
}

static int ensure_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : -1;
    return mkdir(dir, 0755);
}

/* Certificate file name: CLAIM.json for built-ins, CLAIM--SPECNAME.json for
 * a built-in claim on a user's spec, ID.json (the spec's "id") for a user's
 * own claim (no built-in data). */
static char *cert_path_for(const char *dir, const rc_claim *c, const char *spec_path,
                           const json_t *cert)
{
    char *path;
    if (!c->builtin_spec) {
        const char *id = json_string_value(json_object_get(json_object_get(cert, "inputs"), "id"));
        if (!id || asprintf(&path, "%s/%s.json", dir, id) < 0)
            return NULL;
        return path;
    }
    if (!spec_path) {
        if (asprintf(&path, "%s/%s.json", dir, c->id) < 0)
            return NULL;
        return path;
    }
    char *copy = strdup(spec_path), *base = basename(copy);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    if (asprintf(&path, "%s/%s--%s.json", dir, c->id, base) < 0)
        path = NULL;
    free(copy);
    return path;
}

/* The rescheck source tree: the working directory holds its marker files.
 * Built-in claims write into ./certificates only there (the committed
 * certificates); anywhere else a bare 'verify CLAIM' leaves no file behind. */
static int in_source_tree(void)
{
    struct stat st;
    return stat("include/rescheck/version.h", &st) == 0 && stat("src/claims/registry.c", &st) == 0;
}

/* Where certificates go without --cert-dir: DIR/certificates for a spec
 * DIR/F.json, ./certificates for built-in claims in the source tree, else
 * nowhere (NULL, with a note on stderr). Caller frees. */
static char *default_cert_dir(const char *spec_path)
{
    char *dir = NULL;
    if (spec_path) {
        char *copy = strdup(spec_path);
        if (asprintf(&dir, "%s/certificates", dirname(copy)) < 0)
            dir = NULL;
        free(copy);
        return dir;
    }
    if (in_source_tree())
        return strdup("certificates");
    fprintf(stderr, "%s verify: no certificate written: built-in claims write into ./certificates "
            "only in the rescheck source tree; pass --cert-dir DIR to keep them\n", prog);
    return NULL;
}

/* 1 when path holds a certificate whose verdict is "verified" (read within
 * the certificate size limit) */
static int holds_verified(const char *path)
{
    rc_check_result r;
    size_t len;
    char *data = rc_check_read_file(path, &len, &r);
    json_t *doc = data ? json_loadb(data, len, 0, NULL) : NULL;
    free(data);
    const char *v = json_string_value(json_object_get(doc, "verdict"));
    int yes = v && !strcmp(v, "verified");
    json_decref(doc);
    return yes;
}

/* NAME.refuted.json or NAME.undecided.json beside NAME.json */
static char *beside_path(const char *path, rc_status v)
{
    size_t n = strlen(path);
    if (n > 5 && !strcmp(path + n - 5, ".json"))
        n -= 5;
    char *out;
    if (asprintf(&out, "%.*s.%s.json", (int)n, path, v == RC_FAIL ? "refuted" : "undecided") < 0)
        return NULL;
    return out;
}

/* Writes the claim's certificate into dir; a result that is not verified
 * never replaces a verified certificate (it goes beside it). 0 on success. */
static int write_claim_cert(rc_report *rep, json_t *cert, const char *dir, const rc_claim *c,
                            const char *spec_path)
{
    char err[1200];
    char *path = cert_path_for(dir, c, spec_path, cert);
    rc_status v = rc_report_verdict(rep);
    if (path && v != RC_OK && holds_verified(path)) {
        char *side = beside_path(path, v);
        fprintf(stderr, "%s verify: %s holds a verified certificate; the %s result goes to %s\n",
                prog, path, v == RC_FAIL ? "refuted" : "undecided", side ? side : "?");
        free(path);
        path = side;
    }
    if (!path || write_certificate(cert, path, err, sizeof err)) {
        fprintf(stderr, "%s verify: %s\n", prog, path ? err : "out of memory");
        free(path);
        return -1;
    }
    rep->cert_path = path;
    snprintf(rep->cert_sha256, sizeof rep->cert_sha256, "%s",
             json_string_value(json_object_get(cert, "sha256")));
    return 0;
}

/* A user's own claim is named "user claim ID (kind K)" in every output line;
 * a runner that did not name it gets the name from its certificate's inputs. */
static void user_label(rc_report *rep, const rc_claim *c, const json_t *cert)
{
    const char *id = json_string_value(json_object_get(json_object_get(cert, "inputs"), "id"));
    if (!c->builtin_spec && !rep->label[0] && id)
        snprintf(rep->label, sizeof rep->label, "user claim %.96s (kind %s)", id, c->id);
}

/* After a claim ran: the inputs' digest and whether they are the paper's
 * (built-in claims only), its label, its results. */
static void note_claim(rc_report *rep, const rc_claim *c, const json_t *cert, int builtin)
{
    char inputs_sha[65] = "";
    const json_t *inputs = json_object_get(cert, "inputs");
    rc_json_sha256(inputs_sha, inputs);
    rc_report_set_data(rep, builtin ? rc_check_paper_data(c->id, inputs) : 0, inputs_sha);
    user_label(rep, c, cert);
    rep->results = json_incref(json_object_get(cert, "results"));
}

/* Then its certificate (dir NULL: none), and the run's exit code with its verdict. */
static int settle_claim(rc_report *rep, const rc_claim *c, json_t *cert, const char *dir,
                        const char *spec_path, int exit_code)
{
    if (dir && write_claim_cert(rep, cert, dir, c, spec_path))
        exit_code = RC_EXIT_INPUT;
    rc_status v = rc_report_verdict(rep);
    if (v == RC_FAIL && exit_code != RC_EXIT_INPUT)
        return RC_EXIT_REFUTED;
    if (v == RC_UNDECIDED && exit_code == RC_EXIT_VERIFIED)
        return RC_EXIT_UNDECIDED;
    return exit_code;
}

static int load_spec(rc_spec *spec, const rc_claim *c, const char *spec_path)
{
    if (spec_path)
        return rc_spec_load_file(spec, spec_path);
    memset(spec, 0, sizeof *spec);
    char name[128];
    snprintf(name, sizeof name, "built-in:%s", c->builtin_spec);
    const char *text = rc_builtin_spec(c->builtin_spec);
    if (!text) {
        snprintf(spec->err, sizeof spec->err, "%s: no such built-in spec", name);
        return -1;
    }
    return rc_spec_load_string(spec, name, text);
}

/* Loads a user's spec once to learn its kind; the spec stays loaded so that
 * 'all' can ask each claim whether it reads it. */
static int spec_kind_of(char *kind, size_t n, rc_spec *s, const char *spec_path)
{
    if (rc_spec_load_file(s, spec_path)) {
        fprintf(stderr, "%s\n", s->err);
        return -1;
    }
    json_t *k = json_object_get(s->root, "kind");
    if (!json_is_string(k)) {
        fprintf(stderr, "%s: field kind: %s\n", spec_path, k ? "expected a string" : "missing");
        return -1;
    }
    snprintf(kind, n, "%s", json_string_value(k));
    return 0;
}

/* Resolves the claim names (or 'all') into a list; 0 on success. */
static int select_claims(const rc_claim ***out, size_t *count, int argc, char **argv,
                         const char *spec_kind, const char *spec_path, const rc_spec *spec)
{
    const rc_claim **sel = calloc(rc_nclaims * (size_t)(argc + 1), sizeof *sel);
    size_t n = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "all")) {
            for (size_t k = 0; k < rc_nclaims; k++)
                if ((!spec_kind && rc_claims[k].builtin_spec) ||
                    (spec_kind && rc_claim_reads(rc_claims + k, spec_kind) &&
                     (!rc_claims[k].applies || rc_claims[k].applies(spec))))
                    sel[n++] = rc_claims + k;
            continue;
        }
        const rc_claim *c = rc_claim_find(argv[i]);
        if (!c) {
            fprintf(stderr, "%s verify: unknown claim '%s' (see 'rescheck list')\n", prog, argv[i]);
            free(sel);
            return -1;
        }
        if (!spec_kind && !c->builtin_spec) {
            fprintf(stderr, "%s verify: claim %s has no built-in data: it needs a spec of kind %s "
                    "(rescheck verify %s --spec FILE, docs/specs.md)\n", prog, c->id, c->spec_kind,
                    c->id);
            free(sel);
            return -1;
        }
        if (spec_kind && !rc_claim_reads(c, spec_kind)) {
            fprintf(stderr, "%s: field kind: is \"%s\", claim %s reads \"%s\" specs\n", spec_path,
                    spec_kind, c->id, c->spec_kind);
            free(sel);
            return -1;
        }
        sel[n++] = c;
    }
    if (n == 0) {
        fprintf(stderr, "%s: field kind: no claim reads \"%s\" specs\n", spec_path ? spec_path : "?",
                spec_kind ? spec_kind : "?");
        free(sel);
        return -1;
    }
    *out = sel;
    *count = n;
    return 0;
}

/* 'verify --estimate': each claim's reader runs up to its cost estimate. */
static int print_estimates(const rc_claim **sel, size_t n, const char *spec_path)
{
    for (size_t i = 0; i < n; i++) {
        rc_spec spec;
        rc_report rep;
        json_t *cert = NULL;
        rc_report_init(&rep, sel[i]->id, spec_path ? spec_path : "built-in");
        int bad = load_spec(&spec, sel[i], spec_path);
        if (!bad) {
            spec.estimate_only = 1;
            bad = sel[i]->run(sel[i], &spec, &rep, &cert) == 0 || spec.estimate < 0;
        }
        if (bad)
            fprintf(stderr, "%s\n", spec.err[0] ? spec.err : "no estimate");
        else
            printf("%s: %s: about %.3g s, %s the budget of %.0f s\n", sel[i]->id,
                   spec.estimate_what, spec.estimate,
                   spec.estimate <= RC_LIMIT_SECONDS ? "within" : "beyond", RC_LIMIT_SECONDS);
        json_decref(cert);
        rc_spec_clear(&spec);
        rc_report_clear(&rep);
        if (bad)
            return RC_EXIT_INPUT;
    }
    return 0;
}

/* ---- claims files: a paper's list of its own claims (docs/specs.md) ----------- */

/* The user claim kind that reads an entry's kind; NULL (err filled) if none. */
static const rc_claim *user_kind(rc_spec *s, json_t *entry, const char *field)
{
    const char *kind = json_string_value(json_object_get(entry, "kind"));
    for (size_t i = 0; kind && i < rc_nclaims; i++)
        if (!rc_claims[i].builtin_spec && rc_claim_reads(rc_claims + i, kind))
            return rc_claims + i;
    char known[512] = "";
    for (size_t i = 0; i < rc_nclaims; i++)
        if (!rc_claims[i].builtin_spec)
            snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
                     known[0] ? ", " : "", rc_claims[i].spec_kind);
    char sub[96];
    snprintf(sub, sizeof sub, "%s.kind", field);
    rc_spec_fail(s, sub, kind ? "\"%.80s\" is not a kind a claims file holds (%s)"
                              : "%smissing or not a string (one of %s)", kind ? kind : "", known);
    return NULL;
}

/* Reads the claims file's envelope and checks every entry's kind and id
 * (unique) before anything runs; returns the claims array or NULL. */
static json_t *claims_entries(rc_spec *s, const rc_claim ***kinds)
{
    json_t *v, *claims;
    const char *paper;
    if (rc_spec_check_kind(s, "claims") ||
        rc_spec_string(&paper, s, rc_spec_get(s, s->root, "paper", "paper", 1), "paper") ||
        ((v = json_object_get(s->root, "description")) && !json_is_string(v) &&
         rc_spec_fail(s, "description", "expected a string")) ||
        !(claims = rc_spec_get(s, s->root, "claims", "claims", 1)))
        return NULL;
    if (strlen(paper) > RC_LIMIT_USER_TEXT_CHARS)
        return rc_spec_fail(s, "paper", "longer than %d characters (docs/limits.md)",
                            RC_LIMIT_USER_TEXT_CHARS), NULL;
    size_t n = json_array_size(claims);
    if (!json_is_array(claims) || n < 1 || n > RC_LIMIT_USER_CLAIMS)
        return rc_spec_fail(s, "claims", "expected an array of 1 to %d claims (docs/limits.md)",
                            RC_LIMIT_USER_CLAIMS), NULL;
    *kinds = calloc(n, sizeof **kinds);
    char field[64], sub[96];
    for (size_t k = 0; k < n; k++) {
        json_t *e = json_array_get(claims, k);
        snprintf(field, sizeof field, "claims[%zu]", k);
        snprintf(sub, sizeof sub, "%s.id", field);
        const char *id = json_string_value(json_object_get(e, "id"));
        if (!json_is_object(e))
            rc_spec_fail(s, field, "expected an object (a claim's own spec)");
        else if (((*kinds)[k] = user_kind(s, e, field)) && !id)
            rc_spec_fail(s, sub, "missing or not a string");
        for (size_t j = 0; !s->err[0] && j < k; j++)
            if (!strcmp(id, json_string_value(json_object_get(json_array_get(claims, j), "id"))))
                rc_spec_fail(s, sub, "duplicate id \"%.80s\" (claims[%zu].id too): each claim's "
                             "certificate is ID.json", id, j);
        if (s->err[0]) {
            free(*kinds);
            *kinds = NULL;
            return NULL;
        }
    }
    return claims;
}

/* 'verify --spec CLAIMS': every entry through its kind's claim, one
 * certificate ID.json each (in cert_dir, or next to the file), a result per
 * claim and the overall exit status. */
static int verify_claims_file(const char *path, const char *cert_dir, int write_certs,
                              output_format fmt, int estimate, int nnames, char **names)
{
    if (nnames > 1 || (nnames == 1 && strcmp(names[0], "all"))) {
        fprintf(stderr, "%s verify: %s is a claims file: it runs all its claims (name none, "
                "or 'all')\n", prog, path);
        return RC_EXIT_INPUT;
    }
    if (estimate) {
        fprintf(stderr, "%s verify: --estimate: not for a claims file (run it on one claim's "
                "spec)\n", prog);
        return RC_EXIT_INPUT;
    }
    rc_spec file;
    const rc_claim **kinds = NULL;
    json_t *claims;
    if (rc_spec_load_file(&file, path) || !(claims = claims_entries(&file, &kinds))) {
        fprintf(stderr, "%s\n", file.err);
        rc_spec_clear(&file);
        return RC_EXIT_INPUT;
    }
    char *dir = cert_dir ? strdup(cert_dir) : default_cert_dir(path);
    size_t n = json_array_size(claims), done = 0;
    int exit_code = RC_EXIT_VERIFIED;
    if (write_certs && ensure_dir(dir)) {
        fprintf(stderr, "%s verify: certificate directory %s: %s\n", prog, dir,
                strerror(errno ? errno : ENOTDIR));
        exit_code = RC_EXIT_INPUT;
        n = 0;
    } else if (write_certs) {
        rc_remove_stale_tmp(dir);
    }
    rc_report *reps = calloc(n ? n : 1, sizeof *reps);
    char field[64];
    for (size_t k = 0; k < n; k++, done++) {
        rc_spec es;
        memset(&es, 0, sizeof es);
        es.file = path;
        es.estimate = -1;
        es.root = json_incref(json_array_get(claims, k));
        snprintf(field, sizeof field, "claims[%zu]", k);
        es.field_prefix = field;
        json_t *cert = NULL;
        rc_report_init(reps + k, kinds[k]->id, path);
        if (kinds[k]->run(kinds[k], &es, reps + k, &cert)) {
            fprintf(stderr, "%s\n", es.err);
            rc_spec_clear(&es);
            exit_code = RC_EXIT_INPUT;
            done++;
            break;
        }
        rc_spec_clear(&es);
        note_claim(reps + k, kinds[k], cert, 0);
        exit_code = settle_claim(reps + k, kinds[k], cert, write_certs ? dir : NULL, path, exit_code);
        json_decref(cert);
    }
    if (exit_code != RC_EXIT_INPUT) {
        print_reports(stdout, fmt, reps, n);
        if (fmt == FORMAT_TEXT) {
            size_t count[3] = {0, 0, 0};
            for (size_t k = 0; k < n; k++)
                count[rc_report_verdict(reps + k)]++;
            printf("%s (%s): %zu claim%s: %zu verified, %zu refuted, %zu undecided\n", path,
                   json_string_value(json_object_get(file.root, "paper")), n, n == 1 ? "" : "s",
                   count[RC_OK], count[RC_FAIL], count[RC_UNDECIDED]);
        }
    }
    for (size_t k = 0; k < done && k < n; k++)
        rc_report_clear(reps + k);
    free(reps);
    free(kinds);
    free(dir);
    rc_spec_clear(&file);
    return exit_code;
}

static int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, 0, 'h'},
                                         {"cert-dir", required_argument, 0, 'd'},
                                         {"no-cert", no_argument, 0, 'n'},
                                         {"format", required_argument, 0, 'f'},
                                         {"spec", required_argument, 0, 's'},
                                         {"compare-float", no_argument, 0, 'c'},
                                         {"estimate", no_argument, 0, 'e'},
                                         {0, 0, 0, 0}};
    int compare_float = 0, estimate = 0;
    const char *cert_dir = NULL, *spec_path = NULL;
    char *dir_owned = NULL;
    int write_certs = 1;
    output_format fmt = FORMAT_TEXT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': usage_verify(stdout); return 0;
        case 'd': cert_dir = optarg; break;
        case 'n': write_certs = 0; break;
        case 's': spec_path = optarg; break;
        case 'c': compare_float = 1; break;
        case 'e': estimate = 1; break;
        case 'f':
            if (parse_format(&fmt, optarg)) {
                fprintf(stderr, "%s verify: --format must be text, json or tap, not '%s'\n", prog, optarg);
                return RC_EXIT_INPUT;
            }
            break;
        default: usage_verify(stderr); return RC_EXIT_INPUT;
        }
    }
    if (optind >= argc && !spec_path) {
        fprintf(stderr, "%s verify: name a claim or 'all' (see 'rescheck list')\n", prog);
        return RC_EXIT_INPUT;
    }
    char kind[128];
    rc_spec user;
    memset(&user, 0, sizeof user);
    const rc_claim **sel;
    size_t n;
    int bad = spec_path && spec_kind_of(kind, sizeof kind, &user, spec_path);
    if (!bad && spec_path && !strcmp(kind, "claims")) {
        rc_spec_clear(&user);
        return verify_claims_file(spec_path, cert_dir, write_certs, fmt,
                                  estimate, argc - optind, argv + optind);
    }
    static char *all[] = {"all"}; /* a spec and no claim named: the claims that read it */
    int nnames = optind < argc ? argc - optind : 1;
    char **names = optind < argc ? argv + optind : all;
    bad = bad || select_claims(&sel, &n, nnames, names, spec_path ? kind : NULL, spec_path, &user);
    rc_spec_clear(&user);
    if (bad)
        return RC_EXIT_INPUT;
    if (estimate) {
        int rc = print_estimates(sel, n, spec_path);
        free(sel);
        return rc;
    }
    if (write_certs && !cert_dir)
        write_certs = (cert_dir = dir_owned = default_cert_dir(spec_path)) != NULL;
    if (write_certs && ensure_dir(cert_dir)) {
        fprintf(stderr, "%s verify: %s %s: %s\n", prog, dir_owned ? "certificate directory" : "--cert-dir",
                cert_dir, strerror(errno ? errno : ENOTDIR));
        free(dir_owned);
        free(sel);
        return RC_EXIT_INPUT;
    }
    if (write_certs)
        rc_remove_stale_tmp(cert_dir);
    rc_report *reps = calloc(n, sizeof *reps);
    int exit_code = RC_EXIT_VERIFIED;
    size_t done = 0;
    for (size_t i = 0; i < n; i++, done++) {
        rc_spec spec;
        rc_report_init(reps + i, sel[i]->id, spec_path ? spec_path : "built-in");
        json_t *cert = NULL;
        if (load_spec(&spec, sel[i], spec_path) || sel[i]->run(sel[i], &spec, reps + i, &cert)) {
            fprintf(stderr, "%s\n", spec.err);
            rc_spec_clear(&spec);
            exit_code = RC_EXIT_INPUT;
            done++;
            break;
        }
        rc_spec_clear(&spec);
        note_claim(reps + i, sel[i], cert, 1);
        if (compare_float && !strncmp(sel[i]->rule, "li18.hessian-", 13))
            train_compare_li18_hessian(reps + i, cert);
        exit_code = settle_claim(reps + i, sel[i], cert, write_certs ? cert_dir : NULL, spec_path, exit_code);
        json_decref(cert);
    }
    if (exit_code != RC_EXIT_INPUT)
        print_reports(stdout, fmt, reps, n);
    for (size_t i = 0; i < done && i < n; i++)
        rc_report_clear(reps + i);
    free(reps);
    free(sel);
    free(dir_owned);
    return exit_code;
}

static void usage_check(FILE *f)
{
    fprintf(f,
            "usage: rescheck check [--quiet] CERT...\n"
            "\n"
            "Re-checks certificates from their contents alone: recomputes every derived\n"
            "quantity from the inputs and checks every witness (docs/certificates.md).\n"
            "\n"
            "exit status: 0 every certificate is valid and its claim verified; 1 some\n"
            "certificate is rejected or records a refuted claim; 2 a file is unreadable\n"
            "or not JSON; 3 some part is undecided.\n");
}

/* One line per certificate; the data it was checked on is named on every
 * line that states a result. Returns the exit code for this file. */
static int report_check(const char *file, const rc_check_result *r, int quiet)
{
    char on[128], claim[320];
    /* "yun19.prop1", "a user claim of kind yun19.prop1", or for a user's own
     * claim kind "user claim sec4.eq7 (kind identity)" */
    if (r->user_id[0])
        snprintf(claim, sizeof claim, "user claim %s (kind %s)", r->user_id, r->claim);
    else
        snprintf(claim, sizeof claim, "%s%s", r->paper_data ? "" : "a user claim of kind ",
                 r->claim);
    if (r->paper_data)
        snprintf(on, sizeof on, "%s", rc_builtin_phrase(r->claim));
    else
        snprintf(on, sizeof on, "on user data (inputs sha256 %s)", r->inputs_sha256);
    switch (r->outcome) {
    case RC_CHECK_VERIFIED:
        if (!quiet)
            printf("%s: valid, %s verified %s (sha256 %s)\n", file, claim, on, r->sha256);
        return RC_EXIT_VERIFIED;
    case RC_CHECK_REFUTED:
        printf("%s: valid, %s REFUTED %s (sha256 %s): %s\n", file, claim, on, r->sha256,
               r->reason);
        return RC_EXIT_REFUTED;
    case RC_CHECK_UNDECIDED:
        printf("%s: valid, %s undecided %s (sha256 %s): %s\n", file, claim, on,
               r->sha256, r->reason);
        return RC_EXIT_UNDECIDED;
    case RC_CHECK_UNREADABLE:
        fprintf(stderr, "%s: %s\n", file, r->reason);
        return RC_EXIT_INPUT;
    case RC_CHECK_BEYOND_LIMITS:
        fprintf(stderr, "%s: beyond the limits (docs/limits.md): %s\n", file, r->reason);
        return RC_EXIT_INPUT;
    default:
        fprintf(stderr, "%s: REJECTED: %s\n", file, r->reason);
        return RC_EXIT_REFUTED;
    }
}

static int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, 0, 'h'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {0, 0, 0, 0}};
    int c, quiet = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        if (c == 'h') {
            usage_check(stdout);
            return 0;
        }
        if (c == 'q') {
            quiet = 1;
            continue;
        }
        usage_check(stderr);
        return RC_EXIT_INPUT;
    }
    if (optind >= argc) {
        fprintf(stderr, "%s check: name at least one certificate file\n", prog);
        return RC_EXIT_INPUT;
    }
    int worst = RC_EXIT_VERIFIED;
    for (int i = optind; i < argc; i++) {
        rc_check_result r;
        rc_check_file(argv[i], &r);
        int code = report_check(argv[i], &r, quiet);
        /* input errors dominate, then refutations, then undecided */
        if (code == RC_EXIT_INPUT || (worst != RC_EXIT_INPUT && code == RC_EXIT_REFUTED) ||
            (worst == RC_EXIT_VERIFIED && code == RC_EXIT_UNDECIDED))
            worst = code;
    }
    return worst;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage_main(stderr);
        return RC_EXIT_INPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("%s (certificate format %d)\n", RC_TOOL, RC_CERT_FORMAT_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage_main(stdout);
        return 0;
    }
    if (!strcmp(cmd, "list"))
        return cmd_list(argc - 1, argv + 1);
    if (!strcmp(cmd, "verify"))
        return cmd_verify(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "cite"))
        return cmd_cite(argc - 1, argv + 1);
    if (!strcmp(cmd, "landscape"))
        return cmd_landscape(argc - 1, argv + 1);
    if (!strcmp(cmd, "train")) {
        train_blas_pick_core(argv);
        return cmd_train(argc - 1, argv + 1);
    }
    fprintf(stderr, "%s: unknown command '%s' (try 'rescheck --help')\n", prog, cmd);
    return RC_EXIT_INPUT;
}
