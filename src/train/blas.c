/* Which OpenBLAS kernels the float path runs on.
 *
 * OpenBLAS (Debian 12 ships 0.3.21, built for every x86 core) picks its
 * kernels from the CPU's model number when it is loaded. A model newer than
 * the library (Sapphire and Emerald Rapids, for one) is taken for "Prescott",
 * a 2004 SSE3 core, and dgemm then runs at about a third of the speed the
 * CPU's AVX-512 or AVX2 kernels reach (bench/, docs/benchmarks-train.md). The
 * choice can only be changed before the library is loaded, through the
 * environment variable OPENBLAS_CORETYPE; so when the library chose a generic
 * core and the CPU (and the OS) support a better family, rescheck sets that
 * variable and executes itself again, once. A user's own OPENBLAS_CORETYPE is
 * kept, and RESCHECK_BLAS_CORE=keep keeps whatever OpenBLAS chose. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rescheck/train.h"

#define WAS_ENV "RESCHECK_BLAS_CORE_DETECTED"

/* the generic cores OpenBLAS falls back to for a model it does not know */
static int generic_core(const char *name)
{
    static const char *const generic[] = {"Unknown", "Katmai", "Coppermine", "Northwood", "Prescott",
                                          "Banias",  "Core2",  "Penryn",     "Dunnington", "Nehalem"};
    for (size_t i = 0; i < sizeof generic / sizeof *generic; i++)
        if (!strcmp(name, generic[i]))
            return 1;
    return 0;
}

/* the best OpenBLAS core family this CPU and OS run, or NULL for none better
 * than the generic ones (__builtin_cpu_supports checks the OS's XSAVE state) */
static const char *cpu_core(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512cd"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "Haswell";
    if (__builtin_cpu_supports("avx"))
        return "Sandybridge";
#endif
    return NULL;
}

const char *train_blas_core(void)
{
    const char *name = openblas_get_corename();
    return name ? name : "unknown";
}

void train_blas_pick_core(char **argv)
{
    const char *keep = getenv("RESCHECK_BLAS_CORE");
    if (getenv("OPENBLAS_CORETYPE") || (keep && !strcmp(keep, "keep")))
        return;
    const char *have = train_blas_core(), *want = cpu_core();
    if (!want || !generic_core(have))
        return;
    if (setenv("OPENBLAS_CORETYPE", want, 1) || setenv(WAS_ENV, have, 1))
        return;
    execv("/proc/self/exe", argv);
    unsetenv("OPENBLAS_CORETYPE"); /* no /proc: run on the kernels OpenBLAS chose */
    unsetenv(WAS_ENV);
}

/* "OpenBLAS 0.3.21" from the loaded library's configuration string */
static void library_version(char *buf, size_t n)
{
    const char *cfg = openblas_get_config();
    int words = 0;
    size_t k = 0;
    for (; cfg && cfg[k] && k + 1 < n; k++) {
        if (cfg[k] == ' ' && ++words == 2)
            break;
        buf[k] = cfg[k];
    }
    buf[k] = '\0';
}

void train_blas_describe(char *buf, size_t n)
{
    const char *was = getenv(WAS_ENV), *set = getenv("OPENBLAS_CORETYPE");
    char lib[64];
    library_version(lib, sizeof lib);
    if (was && set)
        snprintf(buf, n, "%s, core %s (chosen by rescheck from the CPU's features; OpenBLAS took this CPU for %s)",
                 lib, train_blas_core(), was);
    else if (set)
        snprintf(buf, n, "%s, core %s (OPENBLAS_CORETYPE=%s)", lib, train_blas_core(), set);
    else
        snprintf(buf, n, "%s, core %s (as OpenBLAS detected it)", lib, train_blas_core());
}
