#ifndef RESCHECK_FUZZ_H
#define RESCHECK_FUZZ_H
/* The fuzz harnesses (docs/testing.md). Each harness file defines
 * LLVMFuzzerTestOneInput; libFuzzer drives it in the clang build, and
 * replay.c's main() feeds it saved inputs in every build. */

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property the harness checks failed: prints the message and aborts, which
 * both libFuzzer and the replay driver report as a crash. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* An error message is one non-empty line; who names its author. */
void fuzz_check_message(const char *msg, const char *who);

/* The input as a NUL-terminated string (stops at an embedded NUL); free()
 * it. */
char *fuzz_text(const uint8_t *data, size_t size);

#endif
