#ifndef RESCHECK_LI18_NET_H
#define RESCHECK_LI18_NET_H
/* Reading an n-shortcut network spec (kind "li18.nshortcut") and the
 * certificate inputs of one. */

#include <jansson.h>

#include "rescheck/nshortcut.h"
#include "rescheck/spec.h"

#if RC_LIMIT_LI18_N > RC_TPOLY_MAX_DEGREE
#error "the Taylor polynomials must reach the shortcut depth n"
#endif

int li18_read_net(rc_nsnet *net, rc_spec *s);
json_t *li18_net_inputs_json(const rc_nsnet *net);
json_t *li18_fmpq_mat_json(const fmpq_mat_t A);
char *li18_fmpq_mat_str(const fmpq_mat_t A);

#endif
