/* http_fetch.c - GET with libcurl (loaded by curl_dl.c), retried with backoff (see
 * http_fetch.h). Bodies are capped (as sent and decompressed) and redirects kept to http/https. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "curl_dl.h"
#include "http_fetch.h"

#define CONNECT_TIMEOUT_S 10L   /* the kernel resends a lost SYN at 1, 3 and 7 s */

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *vbody)
{
	struct ci_http_body *body = vbody;
	size_t n = size * nmemb;
	char *nd;

	if (body->len + n + 1 > CI_HTTP_BODY_CAP) {
		body->too_big = 1;
		return 0;   /* curl stops with a write error */
	}
	if (body->len + n + 1 > body->cap) {   /* doubling: no quadratic copying */
		size_t ncap = body->cap ? body->cap : 65536;

		while (ncap < body->len + n + 1)
			ncap *= 2;
		if (!(nd = realloc(body->data, ncap)))
			return 0;
		body->data = nd;
		body->cap = ncap;
	}
	memcpy(body->data + body->len, ptr, n);
	body->len += n;
	body->data[body->len] = '\0';
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* The start of a body as one printable line, for error messages. */
static void snippet(const struct ci_http_body *body, char *buf, size_t size)
{
	size_t j = 0;

	for (size_t i = 0; i < body->len && j + 1 < size && j < 120; i++)
		buf[j++] = isprint((unsigned char)body->data[i]) ? body->data[i] : ' ';
	buf[j] = '\0';
}

static int retryable_curl(CURLcode rc)
{
	return rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR ||
	       rc == CURLE_SEND_ERROR || rc == CURLE_PARTIAL_FILE;
}

/* The last transfer never completed its TCP connection. */
static int never_connected(const struct ci_curl *cu, CURL *curl)
{
	curl_off_t connect_us = 0;

	return cu->easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect_us) == CURLE_OK && connect_us == 0;
}

int ci_http_get(const char *url, const struct ci_http_options *opt, struct ci_http_body *body,
		struct et_error *err)
{
	char errbuf[CURL_ERROR_SIZE], text[CURL_ERROR_SIZE + 64];
	long backoff = opt->backoff_ms, status = 0;
	long connect_s = opt->timeout_s < CONNECT_TIMEOUT_S ? opt->timeout_s : CONNECT_TIMEOUT_S;
	CURLcode rc = CURLE_OK;
	const struct ci_curl *cu = opt->curl;
	CURL *curl;
	int ret = -1, no_connection = 0;

	body->data = NULL;
	body->len = body->cap = 0;
	body->too_big = 0;
	curl = cu->easy_init();
	if (!curl)
		return et_error_set(err, "", 0, "cannot initialise libcurl");
	cu->easy_setopt(curl, CURLOPT_URL, url);
	cu->easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
	cu->easy_setopt(curl, CURLOPT_WRITEDATA, body);
	cu->easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	cu->easy_setopt(curl, CURLOPT_TIMEOUT, opt->timeout_s);
	cu->easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, connect_s);
	cu->easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	cu->easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
	cu->easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");   /* never ftp:// etc. */
	cu->easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)CI_HTTP_BODY_CAP);
	cu->easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	cu->easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	cu->easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	cu->easy_setopt(curl, CURLOPT_USERAGENT, "energytrack-etest/" ET_VERSION);
	for (int attempt = 0;; attempt++) {
		int retry;

		errbuf[0] = '\0';
		free(body->data);
		body->data = NULL;
		body->len = body->cap = 0;
		body->too_big = 0;
		rc = cu->easy_perform(curl);
		status = 0;
		if (rc == CURLE_OK)
			cu->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		if (rc == CURLE_OK && status >= 200 && status < 300) {
			ret = 0;
			break;
		}
		/* No connection at all within connect_s: a firewall dropping packets or a host
		 * that is down; retrying would only make the user wait. */
		no_connection = rc == CURLE_OPERATION_TIMEDOUT && never_connected(cu, curl);
		retry = rc == CURLE_OK ? status >= 500 || status == 429 : retryable_curl(rc) && !no_connection;
		if (!retry || attempt >= opt->retries)
			break;
		if (rc == CURLE_OK)
			snprintf(text, sizeof(text), "HTTP %ld", status);
		else if (rc == CURLE_OPERATION_TIMEDOUT)
			snprintf(text, sizeof(text), "timeout after %ld s", opt->timeout_s);
		else
			snprintf(text, sizeof(text), "%s", errbuf[0] ? errbuf : cu->easy_strerror(rc));
		fprintf(stderr, "etest: %s: %s; retrying in %ld s (attempt %d of %d)\n", opt->display, text,
			(backoff + 999) / 1000, attempt + 2, opt->retries + 1);
		sleep_ms(backoff);
		backoff *= 2;
	}
	if (ret == 0)
		goto out;
	if (body->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		et_error_set(err, "", 0, "%s: response larger than %zu MiB%s: refused (a month of data is "
			     "about 200 KB)", opt->display, CI_HTTP_BODY_CAP >> 20,
			     body->too_big ? " once decompressed" : "");
	} else if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
		et_error_set(err, "", 0, "%s: redirected to a scheme other than http or https: refused (%s)",
			     opt->display, errbuf[0] ? errbuf : cu->easy_strerror(rc));
	} else if (no_connection) {
		et_error_set(err, "", 0, "cannot reach %s: no connection after %ld s", opt->display, connect_s);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		et_error_set(err, "", 0, "cannot reach %s: timeout after %ld s", opt->display, opt->timeout_s);
	} else if (rc != CURLE_OK) {
		et_error_set(err, "", 0, "cannot reach %s: %s", opt->display,
			     errbuf[0] ? errbuf : cu->easy_strerror(rc));
	} else {
		snippet(body, text, sizeof(text));
		et_error_set(err, "", 0, "%s: HTTP %ld%s%s", opt->display, status, text[0] ? ": " : "", text);
	}
out:
	cu->easy_cleanup(curl);
	return ret;
}
