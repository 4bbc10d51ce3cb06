/* datadir.c - finding data/ and the intensity cache (see datadir.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"

#ifndef ET_SOURCE_DATA_DIR
#define ET_SOURCE_DATA_DIR "data"
#endif
#ifndef ET_INSTALL_DATA_DIR
#define ET_INSTALL_DATA_DIR "/usr/local/share/energytrack"
#endif
#ifndef ET_BUILD_DIR
#define ET_BUILD_DIR ""
#endif

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *et_data_dir(char *buf, size_t n)
{
	const char *env = getenv("ETEST_DATA_DIR");
	char exe[PATH_MAX];
	ssize_t len;
	size_t build_len = strlen(ET_BUILD_DIR);

	if (env && *env) {
		snprintf(buf, n, "%s", env);
		return buf;
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		if (build_len > 0 && strncmp(exe, ET_BUILD_DIR, build_len) == 0 &&
		    exe[build_len] == '/') {
			snprintf(buf, n, "%s", ET_SOURCE_DATA_DIR);
			return buf;
		}
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, n, "%s/../share/energytrack", exe);
			if (is_dir(buf))
				return buf;
		}
	}
	snprintf(buf, n, "%s", ET_INSTALL_DATA_DIR);
	return buf;
}

const char *et_cache_path(const char *option, char *buf, size_t n)
{
	const char *env = getenv("ETEST_CACHE");
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (option)
		snprintf(buf, n, "%s", option);
	else if (env && *env)
		snprintf(buf, n, "%s", env);
	else if (xdg && *xdg == '/')
		snprintf(buf, n, "%s/energytrack/intensity.sqlite", xdg);
	else if (home && *home)
		snprintf(buf, n, "%s/.cache/energytrack/intensity.sqlite", home);
	else
		return NULL;
	return strlen(buf) + 1 < n ? buf : NULL;   /* a cut path is no path */
}
