/* The checker's reader: a certificate's bytes, bounded by the size limit, to
 * a parsed JSON document that the kernel (rc_check_json) checks. A duplicated
 * key is refused by the parser and reported at its JSON path. */
#include "rescheck/check.h"
#include "rescheck/limits.h"
#include "kernel.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The JSON path of the member being read at byte pos of text (the parser's
 * errors give a position only); "(top level)" outside every object. */

static void path_at(char out[CK_PATH], const char *t, size_t pos)
{
    enum { DEPTH = 24 };
    struct {
        int object;
        long index;
        const char *key;
        size_t keylen;
    } st[DEPTH];
    int depth = 0, want_key = 0; /* depth counts every level, st keeps DEPTH */
    for (size_t i = 0; i < pos; i++) {
        char c = t[i];
        int top = depth > 0 && depth <= DEPTH;
        if (c == '"') {
            size_t j = i + 1;
            while (j < pos && t[j] != '"')
                j += t[j] == '\\' ? 2 : 1;
            if (top && st[depth - 1].object && want_key) {
                st[depth - 1].key = t + i + 1;
                st[depth - 1].keylen = FLINT_MIN(j, pos) - i - 1;
                want_key = 0;
            }
            i = j;
        } else if (c == '{' || c == '[') {
            if (++depth <= DEPTH)
                st[depth - 1].object = c == '{', st[depth - 1].index = 0, st[depth - 1].key = NULL;
            want_key = c == '{';
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        } else if (c == ',' && top) {
            st[depth - 1].index++;
            want_key = st[depth - 1].object;
        }
    }
    size_t n = 0;
    out[0] = '\0';
    for (int d = 0; d < FLINT_MIN(depth, DEPTH) && n < CK_PATH; d++) {
        if (st[d].object && st[d].key)
            n += (size_t)snprintf(out + n, CK_PATH - n, "%s%.*s", n ? "." : "",
                                  (int)FLINT_MIN(st[d].keylen, 64), st[d].key);
        else if (!st[d].object)
            n += (size_t)snprintf(out + n, CK_PATH - n, "[%ld]", st[d].index);
    }
    if (!out[0])
        snprintf(out, CK_PATH, "(top level)");
}

static void reset(rc_check_result *res)
{
    memset(res, 0, sizeof *res);
    strcpy(res->claim, "?");
    strcpy(res->rule, "?");
}

/* A file the parser refuses: exit 2, except a duplicate key, which is a
 * certificate that says two things at one JSON path: rejected there. */
static void unreadable(rc_check_result *res, const json_error_t *je, const char *data, size_t len)
{
    char path[CK_PATH];
    res->outcome = RC_CHECK_UNREADABLE;
    if (je->line <= 0) {
        snprintf(res->reason, sizeof res->reason, "cannot read: %s", je->text);
    } else if (!strncmp(je->text, "duplicate object key", 20) && je->position >= 0) {
        path_at(path, data, FLINT_MIN(len, (size_t)je->position));
        res->outcome = RC_CHECK_REJECTED;
        snprintf(res->reason, sizeof res->reason, "%s: a duplicated key", path);
    } else {
        snprintf(res->reason, sizeof res->reason, "not JSON: line %d: %s", je->line, je->text);
    }
    ck_one_line(res->reason);
}

char *rc_check_read_file(const char *path, size_t *len, rc_check_result *res)
{
    reset(res);
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st)) {
        res->outcome = RC_CHECK_UNREADABLE;
        snprintf(res->reason, sizeof res->reason, "cannot read: %s", strerror(errno));
        if (f)
            fclose(f);
        return NULL;
    }
    char *data = NULL;
    *len = 0;
    size_t cap = S_ISREG(st.st_mode) && (uintmax_t)st.st_size <= RC_LIMIT_CERT_BYTES
                     ? (size_t)st.st_size : RC_LIMIT_CERT_BYTES;
    if (!S_ISREG(st.st_mode) || (uintmax_t)st.st_size <= RC_LIMIT_CERT_BYTES) {
        data = malloc(cap + 1);
        *len = data ? fread(data, 1, cap + 1, f) : 0;
    }
    fclose(f);
    if (!data || *len > cap) { /* beyond the limit, or grown while read */
        res->outcome = RC_CHECK_BEYOND_LIMITS;
        snprintf(res->reason, sizeof res->reason,
                 "file size: more than %ld bytes, the limit for a certificate", RC_LIMIT_CERT_BYTES);
        free(data);
        return NULL;
    }
    return data;
}

void rc_check_file(const char *path, rc_check_result *res)
{
    size_t len;
    char *data = rc_check_read_file(path, &len, res);
    if (data)
        rc_check_buffer(data, len, res);
    free(data);
}

void rc_check_buffer(const char *data, size_t len, rc_check_result *res)
{
    reset(res);
    json_error_t je;
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return unreadable(res, &je, data, len);
    rc_check_json(doc, res);
    json_decref(doc);
}

