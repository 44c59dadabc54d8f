#ifndef RESCHECK_PROGRESS_H
#define RESCHECK_PROGRESS_H
/* Progress of long work on stderr: what is being done, how far (k of N) and an
 * estimate of the time left. Shown when stderr is a terminal (one line
 * rewritten in place, from the first second on), or everywhere when forced
 * (--progress, or RESCHECK_PROGRESS=1 in the environment: one line per update,
 * for logs and tests); RESCHECK_PROGRESS=0 turns it off. Nothing else is
 * written, so logs and tests stay clean by default. */

typedef struct rc_progress_s {
    int on;     /* 0 off, 1 terminal, 2 forced (lines) */
    int shown;  /* a line was written */
    double t0, last, total, done; /* done: the last count shown */
    double skipped; /* units counted done that took no time (rc_progress_skip) */
    char label[96];
} rc_progress;

/* Forces progress on (1) or leaves it to the terminal test (0). */
void rc_progress_force(int on);
/* Starts a job of total units of work (k of N counts them). */
void rc_progress_start(rc_progress *p, const char *label, double total);
/* done units of total; status (printf format) says what is being done. At
 * most five updates a second are written. */
void rc_progress_show(rc_progress *p, double done, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* units of the work counted in done that were never done (a run that stopped
 * early, diverged say): left out of the rate the estimate of the time left
 * extrapolates from, which would otherwise take them for fast work. */
void rc_progress_skip(rc_progress *p, double units);
/* The estimate itself: seconds left after elapsed seconds, done of total units
 * of which skipped took no time; NAN before any unit of real work. */
double rc_progress_eta(double elapsed, double done, double skipped, double total);
/* Clears the terminal line; forced, writes a last line "done N/N in T". */
void rc_progress_end(rc_progress *p);
/* The same for a job that did not finish; forced, "stopped after T, P% of the work done". */
void rc_progress_stop(rc_progress *p);
/* Seconds of a monotonic clock. */
double rc_progress_now(void);
/* "12s", "3m05s", "2h10m", or "?" */
void rc_progress_duration(char *buf, unsigned long n, double seconds);

#endif
