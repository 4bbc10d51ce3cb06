/* etest.c - the etest front end: picks a subcommand from a table (models, intensity, db,
 * report) or, by default, estimates the logs named on the command line. */
#include <string.h>

#include "cli.h"


static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{"models", cmd_models},
	{"intensity", cmd_intensity},
	{"db", cmd_db},
	{"report", cmd_report},
};

int main(int argc, char **argv)
{
	if (argc > 1)
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].fn(argc - 1, argv + 1);
	return cmd_estimate(argc, argv);
}
