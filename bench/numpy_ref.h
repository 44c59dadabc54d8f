/* The benchmarks' last step: the NumPy reference script beside this file runs
 * on the files the benchmark wrote to dir (same threads), then dir is removed.
 * Returns the script's system() status. */
#ifndef BENCH_NUMPY_REF_H
#define BENCH_NUMPY_REF_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline int run_numpy_reference(const char *who, const char *script, const char *python,
                                      int threads, const char *dir)
{
    char src[4096], cmd[12288];
    snprintf(src, sizeof src, "%s", __FILE__);
    char *slash = strrchr(src, '/');
    if (slash)
        *slash = '\0';
    snprintf(cmd, sizeof cmd, "OPENBLAS_NUM_THREADS=%d '%s' '%s/%s' '%s'", threads, python,
             slash ? src : ".", script, dir);
    int rc = system(cmd);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "%s: could not remove %s\n", who, dir);
    return rc;
}
#endif
