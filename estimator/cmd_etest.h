/* cmd_etest.h - the subcommands of the etest front end (etest.c dispatches to them); each
 * parses its own options and returns the exit status (0 ok, 1 data error, 2 usage). */
#ifndef ET_CMD_ETEST_H
#define ET_CMD_ETEST_H

enum et_exit { ET_EXIT_OK = 0, ET_EXIT_DATA = 1, ET_EXIT_USAGE = 2 };

/* `etest [options] LOG...`: replay logs with the models (cmd_estimate.c). */
int cmd_estimate(int argc, char **argv);

/* `etest models`: one line per model with its formula (cmd_models.c). */
int cmd_models(int argc, char **argv);

#endif
