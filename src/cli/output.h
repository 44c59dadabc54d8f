#ifndef RESCHECK_CLI_OUTPUT_H
#define RESCHECK_CLI_OUTPUT_H

#include <stdio.h>

#include "rescheck/report.h"

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_TAP } output_format;

int parse_format(output_format *f, const char *s);

/* Prints all reports in the chosen format. */
void print_reports(FILE *out, output_format f, rc_report *reps, size_t n);

#endif
