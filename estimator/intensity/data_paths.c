/* data_paths.c - where the shipped data and the intensity cache live by default
 * (see et_intensity.h): environment first, then compile-time folders. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "et_intensity.h"

#ifndef ET_SOURCE_DATA_DIR
#define ET_SOURCE_DATA_DIR "data"
#endif
#ifndef ET_INSTALL_DATA_DIR
#define ET_INSTALL_DATA_DIR "/usr/local/share/energytrack"
#endif

const char *et_ci_default_data_dir(void)
{
	const char *env = getenv("ETEST_DATA_DIR");
	struct stat st;

	if (env && *env)
		return env;
	if (stat(ET_SOURCE_DATA_DIR "/intensity", &st) == 0 && S_ISDIR(st.st_mode))
		return ET_SOURCE_DATA_DIR;
	return ET_INSTALL_DATA_DIR;
}

int et_ci_default_cache_path(char *buf, size_t size)
{
	const char *env = getenv("ETEST_CACHE");
	int n;

	if (env && *env)
		n = snprintf(buf, size, "%s", env);
	else if ((env = getenv("XDG_CACHE_HOME")) && *env == '/')
		n = snprintf(buf, size, "%s/energytrack/intensity.sqlite", env);
	else if ((env = getenv("HOME")) && *env)
		n = snprintf(buf, size, "%s/.cache/energytrack/intensity.sqlite", env);
	else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
