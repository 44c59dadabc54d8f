/* The id, statement and where of a generic claim spec. */
#include "user_meta.h"

#include <string.h>

static int text_field(const char **out, rc_spec *s, const char *key, int required, size_t max)
{
    json_t *v = rc_spec_get(s, s->root, key, key, required);
    *out = NULL;
    if (!v)
        return required ? -1 : 0;
    if (rc_spec_string(out, s, v, key))
        return -1;
    size_t n = strlen(*out);
    if (n == 0 || n > max)
        return rc_spec_fail(s, key, "expected 1 to %zu characters", max);
    return 0;
}

int rc_user_meta_read(rc_user_meta *m, rc_spec *s)
{
    if (text_field(&m->id, s, "id", 1, RC_LIMIT_USER_ID_CHARS) ||
        text_field(&m->statement, s, "statement", 0, RC_LIMIT_USER_TEXT_CHARS) ||
        text_field(&m->where, s, "where", 0, RC_LIMIT_USER_TEXT_CHARS))
        return -1;
    for (const char *p = m->id; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p))
            return rc_spec_fail(s, "id", "may hold only letters, digits, '.', '_' and '-' "
                                "(it names the certificate file)");
    if (m->id[0] == '.')
        return rc_spec_fail(s, "id", "may not start with '.'");
    return 0;
}

void rc_user_meta_note(rc_report *rep, const rc_user_meta *m, const char *kind)
{
    (void)kind; /* the report's label already says "user claim ID (kind K)" */
    if (m->statement || m->where)
        rc_report_add(rep, RC_NOTE, NULL, NULL, "the paper%s%s: %s", m->where ? ", " : "",
                      m->where ? m->where : "", m->statement ? m->statement : "(no statement given)");
}
