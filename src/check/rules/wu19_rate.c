#include "rules.h"
int ck_wu19_rate(ck_t *ck, int variant, const char *claim, const json_t *in,
                 const json_t *results, json_t **expected, ck_verdict *v)
{
    (void)variant; (void)claim; (void)in; (void)results; (void)expected; (void)v;
    return ck_fail(ck, "inputs", "not yet");
}
