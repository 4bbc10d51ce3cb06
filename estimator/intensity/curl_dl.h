/* curl_dl.h - libcurl loaded at run time (dlopen) by `etest intensity fetch` only, so that
 * no other command loads it and its TLS, HTTP/2, SSH and LDAP libraries at start-up. */
#ifndef ET_CURL_DL_H
#define ET_CURL_DL_H

#include <curl/curl.h>

#include "et_error.h"

#define CI_CURL_SONAME "libcurl.so.4"

/* The libcurl functions the fetch calls, resolved from the library. */
struct ci_curl {
	void *lib;   /* dlopen handle */
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *curl);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	const char *(*easy_strerror)(CURLcode code);
	void (*easy_cleanup)(CURL *curl);
};

/* Load libcurl and initialise it (curl_global_init). Returns 0 (close with
 * ci_curl_close), or -1 with err saying which library or function is missing. */
int ci_curl_open(struct ci_curl *cu, struct et_error *err);

/* curl_global_cleanup and unload; accepts a struct never opened (zeroed). */
void ci_curl_close(struct ci_curl *cu);

#endif
