/* IDX files (the MNIST layout), read with zlib: gzread reads gzipped and plain
 * files alike. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "rescheck/train.h"

#define IDX_MAGIC_IMAGES 0x00000803u /* unsigned bytes, 3 dimensions */
#define IDX_MAGIC_LABELS 0x00000801u /* unsigned bytes, 1 dimension */

typedef struct {
    char path[4096];
    gzFile f;
} idx_file;

/* Opens DIR/NAME.gz, else DIR/NAME. */
static int idx_open(idx_file *x, const char *dir, const char *name, char *err, size_t n)
{
    struct stat st;
    if ((size_t)snprintf(x->path, sizeof x->path, "%s/%s.gz", dir, name) >= sizeof x->path) {
        snprintf(err, n, "%.200s...: the directory's name is too long", dir);
        return -1;
    }
    if (stat(x->path, &st) != 0) {
        snprintf(x->path, sizeof x->path, "%s/%s", dir, name);
        if (stat(x->path, &st) != 0) {
            snprintf(err, n, "%s/%s(.gz): missing", dir, name);
            return -1;
        }
    }
    x->f = gzopen(x->path, "rb");
    if (!x->f) {
        snprintf(err, n, "%s: %s", x->path, strerror(errno));
        return -1;
    }
    return 0;
}

static int idx_read(idx_file *x, void *buf, size_t len, const char *what, char *err, size_t n)
{
    unsigned char *p = buf;
    while (len > 0) {
        unsigned chunk = len > (1u << 30) ? (1u << 30) : (unsigned)len;
        int got = gzread(x->f, p, chunk);
        if (got <= 0) {
            int zerr;
            const char *msg = gzerror(x->f, &zerr);
            snprintf(err, n, "%s: %s while reading %s", x->path,
                     zerr == Z_OK || zerr == Z_BUF_ERROR ? "truncated" : msg, what);
            return -1;
        }
        p += got;
        len -= (size_t)got;
    }
    return 0;
}

/* Reads the big-endian header: magic then ndim sizes. */
static int idx_header(idx_file *x, unsigned magic, int ndim, unsigned *dims, char *err, size_t n)
{
    unsigned char h[16];
    if (idx_read(x, h, (size_t)(4 + 4 * ndim), "the header", err, n))
        return -1;
    unsigned v[4];
    for (int i = 0; i <= ndim; i++)
        v[i] = (unsigned)h[4 * i] << 24 | (unsigned)h[4 * i + 1] << 16 | (unsigned)h[4 * i + 2] << 8 |
               h[4 * i + 3];
    if (v[0] != magic) {
        snprintf(err, n, "%s: bad magic number 0x%08x (an IDX %s file has 0x%08x)", x->path, v[0],
                 ndim == 3 ? "image" : "label", magic);
        return -1;
    }
    for (int i = 0; i < ndim; i++)
        dims[i] = v[i + 1];
    return 0;
}

/* Opens the image/label pair PREFIX-{images-idx3,labels-idx1}-ubyte; checks
 * headers and that the counts agree. dims: count, rows, cols. */
static int idx_open_pair(idx_file *img, idx_file *lab, unsigned *dims, const char *dir,
                         const char *prefix, char *err, size_t n)
{
    char name[64];
    unsigned lcount;
    snprintf(name, sizeof name, "%s-images-idx3-ubyte", prefix);
    if (idx_open(img, dir, name, err, n))
        return -1;
    snprintf(name, sizeof name, "%s-labels-idx1-ubyte", prefix);
    if (idx_open(lab, dir, name, err, n)) {
        gzclose(img->f);
        return -1;
    }
    if (idx_header(img, IDX_MAGIC_IMAGES, 3, dims, err, n) ||
        idx_header(lab, IDX_MAGIC_LABELS, 1, &lcount, err, n))
        goto fail;
    if (dims[0] == 0 || dims[0] > INT_MAX || dims[1] == 0 || dims[2] == 0 ||
        (uint64_t)dims[1] * dims[2] > (1u << 20)) {
        snprintf(err, n, "%s: implausible sizes %u x %u x %u", img->path, dims[0], dims[1], dims[2]);
        goto fail;
    }
    if (lcount != dims[0]) {
        snprintf(err, n, "%s: %u labels for %u images in %s", lab->path, lcount, dims[0], img->path);
        goto fail;
    }
    return 0;
fail:
    gzclose(img->f);
    gzclose(lab->f);
    return -1;
}

/* Reads count records of rec bytes into a buffer that grows with the data
 * read, so that a header promising more than the file holds ends in
 * "truncated" after at most twice the file's size, not in a huge allocation. */
static int idx_read_records(unsigned char **out, idx_file *x, size_t count, size_t rec,
                            const char *what, char *err, size_t n)
{
    size_t have = 0, cap = 0;
    unsigned char *buf = NULL;
    while (have < count) {
        size_t want = cap ? 2 * cap : 1 + (1u << 20) / rec; /* from about 1 MB */
        want = want < count ? want : count;
        unsigned char *grown = realloc(buf, want * rec);
        if (!grown) {
            snprintf(err, n, "%s: out of memory reading %s", x->path, what);
            break;
        }
        buf = grown;
        cap = want;
        if (idx_read(x, buf + have * rec, (cap - have) * rec, what, err, n))
            break;
        have = cap;
    }
    if (have < count) {
        free(buf);
        return -1;
    }
    *out = buf;
    return 0;
}

static int idx_read_set(train_idx_set *s, idx_file *img, idx_file *lab, const unsigned *dims,
                        int m_max, char *err, size_t n)
{
    s->count = m_max > 0 && (unsigned)m_max < dims[0] ? m_max : (int)dims[0];
    s->rows = (int)dims[1];
    s->cols = (int)dims[2];
    if (idx_read_records(&s->pixels, img, (size_t)s->count, (size_t)s->rows * (size_t)s->cols,
                         "the pixels", err, n) ||
        idx_read_records(&s->labels, lab, (size_t)s->count, 1, "the labels", err, n))
        return -1;
    for (int i = 0; i < s->count; i++)
        if (s->labels[i] >= TRAIN_CLASSES) {
            snprintf(err, n, "%s: label %d of sample %d is not a class 0..%d", lab->path,
                     s->labels[i], i, TRAIN_CLASSES - 1);
            return -1;
        }
    return 0;
}

int train_idx_load_dir(train_idx_set *s, const char *dir, int m_max, char *err, size_t errlen)
{
    struct stat st;
    idx_file img, lab;
    unsigned dims[3], tdims[3];
    memset(s, 0, sizeof *s);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: not a directory", dir);
        return -1;
    }
    /* the test set: headers only, so a broken directory is caught whole */
    if (idx_open_pair(&img, &lab, tdims, dir, "t10k", err, errlen))
        return -1;
    gzclose(img.f);
    gzclose(lab.f);
    if (idx_open_pair(&img, &lab, dims, dir, "train", err, errlen))
        return -1;
    int rc = 0;
    if (tdims[1] != dims[1] || tdims[2] != dims[2]) {
        snprintf(err, errlen, "%s: images of %u x %u pixels, the test set's are %u x %u", img.path,
                 dims[1], dims[2], tdims[1], tdims[2]);
        rc = -1;
    } else {
        rc = idx_read_set(s, &img, &lab, dims, m_max, err, errlen);
    }
    gzclose(img.f);
    gzclose(lab.f);
    if (rc)
        train_idx_clear(s);
    return rc;
}

void train_idx_clear(train_idx_set *s)
{
    free(s->pixels);
    free(s->labels);
    memset(s, 0, sizeof *s);
}
