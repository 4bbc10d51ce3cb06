/* harness.h - a tiny unit-test harness: CHECK macros and the "N passed, N failed" line.
 * Each test binary includes it once, calls the checks, and returns TEST_SUMMARY(). */
#ifndef ET_TEST_HARNESS_H
#define ET_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

struct test_counts { int passed, failed; };
static struct test_counts test_counts_;

#define CHECK(cond) do { \
	if (cond) { test_counts_.passed++; } \
	else { test_counts_.failed++; \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_INT_EQ(got, want) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	if (g_ == w_) { test_counts_.passed++; } \
	else { test_counts_.failed++; \
		fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); } \
} while (0)

/* Passes when |got - want| <= tol (absolute). */
#define CHECK_NEAR(got, want, tol) do { \
	double g_ = (double)(got), w_ = (double)(want); \
	if (fabs(g_ - w_) <= (tol)) { test_counts_.passed++; } \
	else { test_counts_.failed++; \
		fprintf(stderr, "%s:%d: %s = %.9g, want %.9g (tol %g)\n", __FILE__, __LINE__, #got, g_, w_, (double)(tol)); } \
} while (0)

#define CHECK_STR_EQ(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ && w_ && strcmp(g_, w_) == 0) { test_counts_.passed++; } \
	else { test_counts_.failed++; \
		fprintf(stderr, "%s:%d: %s = \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while (0)

#define TEST_SUMMARY() ( \
	printf("%d passed, %d failed\n", test_counts_.passed, test_counts_.failed), \
	test_counts_.failed == 0 && test_counts_.passed > 0 ? 0 : 1)

#endif
