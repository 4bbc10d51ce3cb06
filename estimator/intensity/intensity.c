#include "et_intensity.h"
int cmd_intensity(int argc, char **argv) { (void)argc; (void)argv; return 2; }
