#ifndef RESCHECK_USER_META_H
#define RESCHECK_USER_META_H
/* What every generic ("user") claim spec carries besides its data: the
 * user's name for the claim ("id"), and optionally the sentence as the paper
 * writes it ("statement") and where it stands ("where"). */

#include <jansson.h>

#include "rescheck/report.h"
#include "rescheck/spec.h"

typedef struct {
    const char *id, *statement, *where; /* statement, where: NULL when absent */
} rc_user_meta;

/* Reads and checks id, statement and where from the spec's top level. */
int rc_user_meta_read(rc_user_meta *m, rc_spec *s);
/* Adds the note "the paper, WHERE: STATEMENT" (as gen1's kinds do; the report's
 * label names the claim "user claim ID (kind K)"), when either is given. */
void rc_user_meta_note(rc_report *rep, const rc_user_meta *m, const char *kind);

#endif
