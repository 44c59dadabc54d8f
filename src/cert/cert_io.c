/* Canonical dumping, hashing and atomic writing of certificates. */
#include "rescheck/cert.h"
#include "rescheck/limits.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#define CANONICAL_FLAGS (JSON_SORT_KEYS | JSON_ENSURE_ASCII)

char *rc_cert_dump(const json_t *doc)
{
    return json_dumps(doc, CANONICAL_FLAGS | JSON_INDENT(2));
}

int rc_cert_hash(char hex[65], const json_t *doc)
{
    json_t *body = json_deep_copy(doc);
    if (!body)
        return -1;
    json_object_del(body, "sha256");
    int rc = rc_json_sha256(hex, body);
    json_decref(body);
    return rc;
}

int rc_json_sha256(char hex[65], const json_t *j)
{
    char *text = json_dumps(j, CANONICAL_FLAGS | JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text)
        return -1;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    int ok = EVP_Digest(text, strlen(text), md, &mdlen, EVP_sha256(), NULL);
    free(text);
    if (!ok || mdlen != 32)
        return -1;
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return 0;
}

int rc_write_file_atomic(const char *path, const char *text, size_t len, char *err,
                         size_t errlen)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
            close(fd);
            unlink(tmp);
            free(tmp);
            return -1;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

char *rc_cert_text(json_t *doc, char hex[65])
{
    if (rc_cert_hash(hex, doc) != 0 || json_object_set_new(doc, "sha256", json_string(hex)))
        return NULL;
    char *text = rc_cert_dump(doc), *withnl = NULL;
    if (text && asprintf(&withnl, "%s\n", text) < 0) /* end with a newline like any text file */
        withnl = NULL;
    free(text);
    return withnl;
}

int rc_cert_write_text(const char *text, const char *path, char *err, size_t errlen)
{
    size_t len = strlen(text);
    if (len > RC_LIMIT_CERT_BYTES) { /* no checker would read it */
        snprintf(err, errlen, "%s: the certificate would be %zu bytes, beyond the limit of %ld "
                 "(docs/limits.md)", path, len, RC_LIMIT_CERT_BYTES);
        return -1;
    }
    return rc_write_file_atomic(path, text, len, err, errlen);
}

int rc_cert_write(json_t *doc, const char *path, char *err, size_t errlen)
{
    char hex[65];
    char *text = rc_cert_text(doc, hex);
    if (!text) {
        snprintf(err, errlen, "%s: cannot serialise the certificate", path);
        return -1;
    }
    int rc = rc_cert_write_text(text, path, err, errlen);
    free(text);
    return rc;
}

/* NAME.tmp.PID with PID all digits: the PID, else 0 */
static long tmp_pid(const char *name)
{
    const char *t = strstr(name, ".tmp.");
    while (t && strstr(t + 1, ".tmp."))
        t = strstr(t + 1, ".tmp.");
    if (!t || t == name || !t[5] || strspn(t + 5, "0123456789") != strlen(t + 5) ||
        strlen(t + 5) > 9)
        return 0;
    return atol(t + 5);
}

int rc_remove_stale_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        long pid = tmp_pid(e->d_name);
        if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(n);
        snprintf(path, n, "%s/%s", dir, e->d_name);
        removed += unlink(path) == 0;
        free(path);
    }
    closedir(d);
    return removed;
}
