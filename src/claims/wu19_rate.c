#include "rescheck/claims.h"
int rc_wu19_rate(const rc_claim *c, rc_spec *spec, rc_report *rep, json_t **cert)
{
    (void)c; (void)rep; (void)cert;
    return rc_spec_fail(spec, "kind", "not yet");
}
