/* Progress of long work on stderr (include/rescheck/progress.h). It lives
 * with the claims because both the exact jobs (src/claims, src/model) and the
 * float path (src/train, which links them) use it; the checker does not. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rescheck/progress.h"

static int forced = -1; /* -1: not yet read from the environment */

void rc_progress_force(int on)
{
    forced = on ? 1 : 0;
}

static int mode(void)
{
    if (forced < 0) {
        const char *e = getenv("RESCHECK_PROGRESS");
        forced = e && !strcmp(e, "1") ? 1 : e && !strcmp(e, "0") ? 2 : 0;
    }
    if (forced == 2)
        return 0; /* RESCHECK_PROGRESS=0 */
    if (forced == 1)
        return 2;
    return isatty(STDERR_FILENO) ? 1 : 0;
}

double rc_progress_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void rc_progress_duration(char *buf, unsigned long n, double s)
{
    if (!isfinite(s) || s < 0)
        snprintf(buf, n, "?");
    else if (s < 60)
        snprintf(buf, n, "%.0fs", s);
    else if (s < 3600)
        snprintf(buf, n, "%dm%02ds", (int)s / 60, (int)s % 60);
    else
        snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)fmod(s, 3600) / 60);
}

void rc_progress_start(rc_progress *p, const char *label, double total)
{
    p->on = mode();
    p->shown = 0;
    p->done = 0;
    p->skipped = 0;
    p->t0 = rc_progress_now();
    p->last = p->on == 1 ? p->t0 + 0.8 : -1; /* a terminal: nothing in the first second */
    p->total = total;
    snprintf(p->label, sizeof p->label, "%s", label);
}

void rc_progress_skip(rc_progress *p, double units)
{
    if (units > 0)
        p->skipped += units;
}

double rc_progress_eta(double elapsed, double done, double skipped, double total)
{
    double worked = done - skipped;
    return worked > 0 && total >= done ? elapsed * (total - done) / worked : NAN;
}

void rc_progress_show(rc_progress *p, double done, const char *fmt, ...)
{
    if (!p->on)
        return;
    p->done = done;
    double t = rc_progress_now();
    if (p->last >= 0 && t - p->last < 0.2)
        return;
    p->last = t;
    char status[256], el[32], eta[32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(status, sizeof status, fmt, ap);
    va_end(ap);
    double elapsed = t - p->t0;
    rc_progress_duration(el, sizeof el, elapsed);
    rc_progress_duration(eta, sizeof eta, rc_progress_eta(elapsed, done, p->skipped, p->total));
    if (p->on == 1)
        fprintf(stderr, "\r\033[K%s: %s  elapsed %s  left ~%s", p->label, status, el, eta);
    else
        fprintf(stderr, "%s: %s  elapsed %s  left ~%s\n", p->label, status, el, eta);
    fflush(stderr);
    p->shown = 1;
}

/* the last line: cleared on a terminal; forced, a line saying how it ended */
static void finish(rc_progress *p, int completed)
{
    if (p->on == 1 && p->shown)
        fprintf(stderr, "\r\033[K");
    else if (p->on == 2) {
        char el[32];
        rc_progress_duration(el, sizeof el, rc_progress_now() - p->t0);
        if (completed)
            fprintf(stderr, "%s: done %.0f/%.0f in %s\n", p->label, p->total, p->total, el);
        else
            fprintf(stderr, "%s: stopped after %s, %.1f%% of the work done\n", p->label, el,
                    p->total > 0 ? 100 * p->done / p->total : 0.0);
    }
    fflush(stderr);
    p->on = 0;
}

void rc_progress_end(rc_progress *p)
{
    finish(p, 1);
}

void rc_progress_stop(rc_progress *p)
{
    finish(p, 0);
}
