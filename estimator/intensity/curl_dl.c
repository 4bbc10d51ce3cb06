/* curl_dl.c - libcurl resolved with dlopen/dlsym when a fetch starts (see curl_dl.h);
 * a missing library is a clear error for the fetch, not a failed start of etest. */
#include <dlfcn.h>
#include <string.h>

#include "curl_dl.h"

/* One symbol into *slot (a function pointer's storage). Returns 0, or -1 with err set. */
static int resolve(struct ci_curl *cu, const char *name, void *slot, struct et_error *err)
{
	void *sym = dlsym(cu->lib, name);

	if (!sym)
		return et_error_set(err, CI_CURL_SONAME, 0, "no function %s in libcurl: %s", name, dlerror());
	memcpy(slot, &sym, sizeof(sym));   /* POSIX: a data pointer converts to a function's */
	return 0;
}

int ci_curl_open(struct ci_curl *cu, struct et_error *err)
{
	const char *why;

	memset(cu, 0, sizeof(*cu));
	/* NODELETE: dlclose leaves it mapped. Its TLS and Kerberos libraries keep exit
	 * handlers and thread data that would point into unmapped code (a crash at exit,
	 * seen under LeakSanitizer with four concurrent adds). */
	cu->lib = dlopen(CI_CURL_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!cu->lib) {
		why = dlerror();
		return et_error_set(err, CI_CURL_SONAME, 0, "cannot load libcurl, which 'etest intensity "
				    "fetch' needs (Debian: apt-get install libcurl4): %s", why ? why : "");
	}
	if (resolve(cu, "curl_global_init", &cu->global_init, err) < 0 ||
	    resolve(cu, "curl_global_cleanup", &cu->global_cleanup, err) < 0 ||
	    resolve(cu, "curl_easy_init", &cu->easy_init, err) < 0 ||
	    resolve(cu, "curl_easy_setopt", &cu->easy_setopt, err) < 0 ||
	    resolve(cu, "curl_easy_perform", &cu->easy_perform, err) < 0 ||
	    resolve(cu, "curl_easy_getinfo", &cu->easy_getinfo, err) < 0 ||
	    resolve(cu, "curl_easy_strerror", &cu->easy_strerror, err) < 0 ||
	    resolve(cu, "curl_easy_cleanup", &cu->easy_cleanup, err) < 0)
		goto fail;
	if (cu->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		et_error_set(err, CI_CURL_SONAME, 0, "cannot initialise libcurl");
		goto fail;
	}
	return 0;
fail:
	dlclose(cu->lib);
	memset(cu, 0, sizeof(*cu));
	return -1;
}

void ci_curl_close(struct ci_curl *cu)
{
	if (!cu || !cu->lib)
		return;
	cu->global_cleanup();
	dlclose(cu->lib);
	memset(cu, 0, sizeof(*cu));
}
