/* intensity_cli.c - a test driver for `etest intensity ...` that links the front end
 * only: `et_intensity_cli fetch ...` runs cmd_intensity with argv[0] = "intensity". */
#include "cli.h"

int main(int argc, char **argv)
{
	static char name[] = "intensity";

	argv[0] = name;
	return cmd_intensity(argc, argv);
}
