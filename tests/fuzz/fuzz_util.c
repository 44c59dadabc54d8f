/* Helpers shared by the fuzz harnesses. */
#include "fuzz.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: property failed: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

char *fuzz_text(const uint8_t *data, size_t size)
{
    char *text = strndup((const char *)data, size);
    if (!text)
        fuzz_fail("out of memory copying %zu bytes", size);
    return text;
}

void fuzz_check_message(const char *msg, const char *who)
{
    if (!msg[0])
        fuzz_fail("%s: an empty error message", who);
    for (const char *p = msg; *p; p++)
        if (iscntrl((unsigned char)*p))
            fuzz_fail("%s: the error message is not one line: \"%s\"", who, msg);
}
