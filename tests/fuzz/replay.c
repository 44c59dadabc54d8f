/* Replays saved inputs through a fuzz harness without libFuzzer, so that
 * every build (gcc, the sanitizer build) runs them: each argument is a file
 * or a directory of files. Prints TAP; a crash or a failed property aborts. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int n_run;

static void replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("not ok %d - %s: cannot open\n", ++n_run, path);
        exit(1);
    }
    size_t cap = 1 << 16, len = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0)
        if ((len += got) == cap)
            buf = realloc(buf, cap *= 2);
    fclose(f);
    if (!buf)
        fuzz_fail("out of memory reading %s", path);
    fflush(stdout);
    /* a copy of exactly len bytes, so that a read past the input is caught */
    unsigned char *exact = malloc(len ? len : 1);
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    printf("ok %d - %s\n", ++n_run, path);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay_dir(const char *path)
{
    struct dirent **ents;
    int n = scandir(path, &ents, NULL, by_name);
    if (n < 0) {
        printf("not ok %d - %s: cannot list\n", ++n_run, path);
        exit(1);
    }
    for (int i = 0; i < n; i++) {
        char *sub = NULL;
        struct stat st;
        if (ents[i]->d_name[0] != '.' && asprintf(&sub, "%s/%s", path, ents[i]->d_name) > 0 &&
            stat(sub, &st) == 0 && S_ISREG(st.st_mode))
            replay_file(sub);
        free(sub);
        free(ents[i]);
    }
    free(ents);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            replay_dir(argv[i]);
        else
            replay_file(argv[i]);
    }
    printf("1..%d\n", n_run);
    return 0;
}
