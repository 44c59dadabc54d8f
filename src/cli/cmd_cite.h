#ifndef RESCHECK_CLI_CITE_H
#define RESCHECK_CLI_CITE_H
/* rescheck cite: LaTeX macros and footnotes for certificates (docs/citing.md). */
int cmd_cite(int argc, char **argv);
#endif
