#ifndef RESCHECK_CLI_LANDSCAPE_H
#define RESCHECK_CLI_LANDSCAPE_H
int cmd_landscape(int argc, char **argv);
#endif
