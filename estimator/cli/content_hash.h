/* content_hash.h - a fast 64-bit hash of a byte stream fed in pieces of any size (the
 * provenance of an ingested log: "mix64:<16 hex digits>"); not cryptographic. */
#ifndef ET_CONTENT_HASH_H
#define ET_CONTENT_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Bytes are taken 8 at a time as little-endian words w: h = (h ^ w) x K, h ^= h >> 32.
 * At the end a last partial word is zero-padded and mixed, then the length n:
 * h = (h ^ n) x K, h ^= h >> 33. K = 0xff51afd7ed558ccd, h starts at
 * 0x9e3779b97f4a7c15. The result does not depend on how the bytes were split. */
struct et_content_hash {
	uint64_t h;
	uint64_t bytes;
	unsigned char pending[8];
	size_t n_pending;
};

void et_content_hash_init(struct et_content_hash *c);
void et_content_hash_add(struct et_content_hash *c, const void *data, size_t n);
uint64_t et_content_hash_final(const struct et_content_hash *c);

#endif
