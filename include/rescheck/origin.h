#ifndef RESCHECK_ORIGIN_H
#define RESCHECK_ORIGIN_H
/* Where a claim's built-in data come from: the paper's own data (its
 * examples, the inputs it prints), or instances rescheck constructs for a
 * theorem the paper states in general (yun19's Theorems 2, 4 and 5 and the
 * authors' response; wu19's response on mZAS). The prover and the checker both name the built-in data
 * by this, so that no output calls a construction of rescheck's "the paper's
 * data". */
#include <string.h>

static inline int rc_builtin_is_constructed(const char *claim)
{
    static const char *const constructed[] = {"yun19.thm2", "yun19.thm4", "yun19.thm5",
                                              "yun19.response", "liu19.gd", "wu19.init",
                                              "wu19.rate", "li18.thm1", "wu19.mzas"};
    for (size_t i = 0; claim && i < sizeof constructed / sizeof constructed[0]; i++)
        if (!strcmp(claim, constructed[i]))
            return 1;
    return 0;
}

/* "on the paper's data" or "on rescheck's built-in instances" */
static inline const char *rc_builtin_phrase(const char *claim)
{
    return rc_builtin_is_constructed(claim) ? "on rescheck's built-in instances"
                                            : "on the paper's data";
}

/* the JSON output's "data": "paper" or "built-in" */
static inline const char *rc_builtin_word(const char *claim)
{
    return rc_builtin_is_constructed(claim) ? "built-in" : "paper";
}

#endif
