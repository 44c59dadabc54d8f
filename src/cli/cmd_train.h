#ifndef RESCHECK_CLI_CMD_TRAIN_H
#define RESCHECK_CLI_CMD_TRAIN_H

/* rescheck train: the float experiments (include/rescheck/train_exp.h). */
int cmd_train(int argc, char **argv);

#endif
