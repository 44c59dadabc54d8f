/* 'rescheck landscape': Theorem 2's analysis of one yun19.resnet (docs/specs.md). */
#include "cmd_landscape.h"
#include "output.h"

#include "rescheck/cert.h"
#include "rescheck/claims.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: rescheck landscape --spec FILE [--polish w] [--format text|json] [--cert FILE]\n"
               "\n"
               "At the point theta of a yun19.resnet spec, exactly over Q: every ReLU pre-activation\n"
               "(twice-differentiability), the risk, the gradient (critical or not), the Hessian's\n"
               "inertia with an LDL^T witness, a negative-curvature vector, the representation and\n"
               "parameter coverage ranks, R_lin with and without bias, and Theorem 2's verdict.\n"
               "--polish w first sets w to the exact least-squares optimum for the inner weights.\n"
               "--cert FILE writes a yun19.thm2 certificate that 'rescheck check' re-verifies.\n"
               "\n"
               "exit status: 0 analysed; 1 a counterexample to Theorem 2; 2 input error.\n");
}

int cmd_landscape(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, 0, 'h'},
                                         {"spec", required_argument, 0, 's'},
                                         {"polish", required_argument, 0, 'p'},
                                         {"format", required_argument, 0, 'f'},
                                         {"cert", required_argument, 0, 'c'},
                                         {0, 0, 0, 0}};
    const char *spec_path = NULL, *cert_path = NULL;
    int polish = 0, c;
    output_format fmt = FORMAT_TEXT;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': usage(stdout); return 0;
        case 's': spec_path = optarg; break;
        case 'c': cert_path = optarg; break;
        case 'p':
            if (strcmp(optarg, "w")) {
                fprintf(stderr, "rescheck landscape: --polish takes w (the output layer), not '%s'\n", optarg);
                return 2;
            }
            polish = 1;
            break;
        case 'f':
            if (parse_format(&fmt, optarg) || fmt == FORMAT_TAP) {
                fprintf(stderr, "rescheck landscape: --format must be text or json, not '%s'\n", optarg);
                return 2;
            }
            break;
        default: usage(stderr); return 2;
        }
    }
    if (!spec_path || optind < argc) {
        usage(stderr);
        return 2;
    }
    rc_spec s;
    rc_resnet net;
    if (rc_spec_load_file(&s, spec_path) || rc_resnet_read(&net, &s)) {
        fprintf(stderr, "%s\n", s.err);
        rc_spec_clear(&s);
        return 2;
    }
    if (rc_landscape_cost(&s, &net, "blocks")) {
        fprintf(stderr, "beyond the limits (docs/limits.md): %s\n", s.err);
        rc_resnet_clear(&net);
        rc_spec_clear(&s);
        return 2;
    }
    const rc_claim *cl = rc_claim_find("yun19.thm2");
    rc_report rep;
    rc_report_init(&rep, cl->id, spec_path);
    json_t *cert = rc_landscape_cert(cl, spec_path, &rep, &net, polish);
    json_t *input = json_array_get(json_object_get(json_object_get(cert, "inputs"), "instances"), 0);
    json_t *res = json_array_get(json_object_get(json_object_get(cert, "results"), "instances"), 0);
    int rc = json_is_true(json_object_get(res, "counterexample")) ? 1 : 0;
    if (fmt == FORMAT_JSON) {
        json_t *out = json_pack("{s:O, s:O}", "input", input, "results", res);
        char *text = rc_cert_dump(out);
        fputs(text, stdout);
        free(text);
        json_decref(out);
    } else {
        for (size_t i = 0; i < rep.n; i++)
            printf("%s\n", rep.items[i].text);
    }
    if (cert_path) {
        char err[1200];
        if (write_certificate(cert, cert_path, err, sizeof err)) {
            fprintf(stderr, "rescheck landscape: %s\n", err);
            rc = 2;
        } else if (fmt == FORMAT_TEXT) {
            printf("certificate: %s\n", cert_path);
        }
    }
    json_decref(cert);
    rc_report_clear(&rep);
    rc_resnet_clear(&net);
    rc_spec_clear(&s);
    return rc;
}
