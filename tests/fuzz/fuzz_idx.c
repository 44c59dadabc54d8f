/* Harness (c): the IDX reader of the float path (train_idx_load_dir). The
 * input is one byte m_max (0: all samples), three big-endian 16-bit
 * lengths, then the four files back to back: t10k images, t10k labels,
 * train images, train labels (the last one takes the rest). They are
 * written to a private directory, read, checked for consistency and freed. */
#include "fuzz.h"
#include "rescheck/train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const names[4] = {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
                                     "train-images-idx3-ubyte", "train-labels-idx1-ubyte"};
static char dir[64];

static void remove_dir(void)
{
    char path[128];
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void write_file(int i, const uint8_t *p, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f))
        fuzz_fail("cannot write %s", path);
}

/* Splits the input into the four files; returns m_max. */
static int write_files(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%.40s/rc-fuzz-idx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            fuzz_fail("mkdtemp %s failed", dir);
        atexit(remove_dir);
    }
    int m_max = size > 0 ? data[0] : 0;
    size_t off = size > 0 ? 1 : 0;
    for (int i = 0; i < 4; i++) {
        size_t n = size - off;
        if (i < 3 && off + 2 <= size) {
            size_t want = (size_t)data[off] << 8 | data[off + 1];
            off += 2;
            n = want < size - off ? want : size - off;
        } else if (i < 3) {
            n = 0;
        }
        write_file(i, data + off, n);
        off += n;
    }
    return m_max;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int m_max = write_files(data, size);
    train_idx_set s;
    char err[512];
    if (train_idx_load_dir(&s, dir, m_max, err, sizeof err) == 0) {
        if (s.count < 1 || (m_max > 0 && s.count > m_max) || s.rows < 1 || s.cols < 1)
            fuzz_fail("read %d samples of %d x %d (m_max %d)", s.count, s.rows, s.cols, m_max);
        for (int i = 0; i < s.count; i++)
            if (s.labels[i] >= TRAIN_CLASSES)
                fuzz_fail("label %d of sample %d", s.labels[i], i);
        /* the last pixel and label are inside their buffers */
        volatile unsigned char last = s.pixels[(size_t)s.count * s.rows * s.cols - 1];
        last = s.labels[s.count - 1];
        (void)last;
        train_idx_clear(&s);
    } else {
        fuzz_check_message(err, "train_idx_load_dir");
    }
    return 0;
}
