#ifndef RESCHECK_VERSION_H
#define RESCHECK_VERSION_H

#define RC_VERSION "0.1.0"
#define RC_TOOL "rescheck " RC_VERSION
/* Bumped whenever the certificate layout changes; the checker rejects others. */
#define RC_CERT_FORMAT_VERSION 2

/* Exit codes shared by every subcommand. */
enum {
    RC_EXIT_VERIFIED = 0,
    RC_EXIT_REFUTED = 1,
    RC_EXIT_INPUT = 2,
    RC_EXIT_UNDECIDED = 3
};

#endif
