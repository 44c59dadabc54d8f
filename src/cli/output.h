#ifndef RESCHECK_CLI_OUTPUT_H
#define RESCHECK_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "rescheck/report.h"

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_TAP } output_format;

int parse_format(output_format *f, const char *s);

/* Prints all reports in the chosen format. */
void print_reports(FILE *out, output_format f, rc_report *reps, size_t n);

/* Writes a certificate to path (atomically), unless the checker would refuse
 * it unread (its inputs beyond the input limit): -1 with the reason in err. */
int write_certificate(json_t *cert, const char *path, char *err, size_t n);

#endif
