/* http_fetch.h - one HTTP(S) GET into memory with libcurl: certificate verification
 * on, timeouts, retries with exponential backoff on 5xx, 429 and timed-out transfers. */
#ifndef ET_HTTP_FETCH_H
#define ET_HTTP_FETCH_H

#include <stddef.h>

#include "et_error.h"

struct ci_curl;

struct ci_http_options {
	long timeout_s;       /* whole-transfer limit per attempt */
	int retries;          /* extra attempts after a retryable failure */
	long backoff_ms;      /* wait before the first retry; doubled each time */
	const char *display;  /* the URL as shown in messages (without the query) */
	const struct ci_curl *curl;   /* libcurl, opened by ci_curl_open */
};

#define CI_HTTP_BODY_CAP ((size_t)64 * 1024 * 1024)   /* a month of ODRE data is ~200 KB */

struct ci_http_body {
	char *data;           /* NUL-terminated; owned, free() it */
	size_t len, cap;      /* cap: bytes allocated (grown by doubling) */
	int too_big;          /* the body went past CI_HTTP_BODY_CAP (after decompression) */
};

/* GET url into *body (released by the caller with free(body->data), also on error).
 * Only http and https are spoken, redirects included. The connection must open within
 * min(timeout_s, 10) s, and is not retried if it does not. A body over
 * CI_HTTP_BODY_CAP (as sent or once decompressed) is refused. Retry messages go to
 * stderr. Returns 0 on HTTP 2xx, or -1 with err filled: "cannot reach URL: no
 * connection after N s", "cannot reach URL: timeout after N s", "cannot reach URL:
 * <curl error>", "URL: HTTP 404: ...", "URL: response larger than 64 MiB ...".
 * opt->curl must be open (ci_curl_open). */
int ci_http_get(const char *url, const struct ci_http_options *opt, struct ci_http_body *body,
		struct et_error *err);

#endif
