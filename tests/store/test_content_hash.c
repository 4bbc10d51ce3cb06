/* test_content_hash.c - the content hash of ingested logs: values of a reference
 * computation, and the same result however the bytes are split. */
#include <inttypes.h>

#include "../harness.h"
#include "content_hash.h"

static uint64_t hash_of(const char *s, size_t n, size_t piece)
{
	struct et_content_hash c;

	et_content_hash_init(&c);
	for (size_t at = 0; at < n; at += piece)
		et_content_hash_add(&c, s + at, n - at < piece ? n - at : piece);
	return et_content_hash_final(&c);
}

int main(void)
{
	/* Expected values from this Python transcription of content_hash.h:
	 *   M = 2**64 - 1; K = 0xff51afd7ed558ccd
	 *   def mix(h, w): h = ((h ^ w) * K) & M; return h ^ (h >> 32)
	 *   h = 0x9e3779b97f4a7c15; for each 8-byte little-endian word w (the tail
	 *   zero-padded): h = mix(h, w); h = ((h ^ len) * K) & M; h ^= h >> 33
	 * ""             -> 0x2e72b465594082e3 (no word: ((seed ^ 0) * K) mixed)
	 * "abcdefgh"     -> 0x2dfb0a1455b78416 (one word 0x6867666564636261)
	 * "etrec-log 1\n" -> 0xea1721de6898d5e2 (one word, then "g 1\n" padded) */
	CHECK(hash_of("", 0, 1) == 0x2e72b465594082e3ULL);
	CHECK(hash_of("abcdefgh", 8, 8) == 0x2dfb0a1455b78416ULL);
	CHECK(hash_of("etrec-log 1\n", 12, 12) == 0xea1721de6898d5e2ULL);
	/* split in pieces of 1 to 13 bytes: the same */
	const char *text = "etrec-log 1\n{\"format\":\"etrec-log\",\"host\":\"node1\"}\nS,1,2,3\n";
	size_t n = strlen(text);
	uint64_t whole = hash_of(text, n, n);
	for (size_t piece = 1; piece <= 13; piece++)
		CHECK(hash_of(text, n, piece) == whole);
	/* one byte changed, or one more zero byte, changes it */
	CHECK(hash_of("etrec-log 2\n", 12, 12) != 0xea1721de6898d5e2ULL);
	CHECK(hash_of("abcdefgh\0", 9, 9) != 0x2dfb0a1455b78416ULL);
	return TEST_SUMMARY();
}
