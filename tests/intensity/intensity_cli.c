/* intensity_cli.c - a test driver for `etest intensity ...` that links et_intensity
 * only: `et_intensity_cli fetch ...` runs cmd_intensity with argv[0] = "intensity". */
#include "et_intensity.h"

int main(int argc, char **argv)
{
	static char name[] = "intensity";

	argv[0] = name;
	return cmd_intensity(argc, argv);
}
