/* content_hash.c - the 64-bit content hash of ingested logs, 8 bytes per step (see
 * content_hash.h for its definition). */
#include <endian.h>
#include <string.h>

#include "content_hash.h"

#define K 0xff51afd7ed558ccdULL

static uint64_t word_le(const unsigned char *b)
{
	uint64_t w;

	memcpy(&w, b, sizeof(w));
	return le64toh(w);
}

static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * K;
	return h ^ (h >> 32);
}

void et_content_hash_init(struct et_content_hash *c)
{
	memset(c, 0, sizeof(*c));
	c->h = 0x9e3779b97f4a7c15ULL;
}

void et_content_hash_add(struct et_content_hash *c, const void *data, size_t n)
{
	const unsigned char *p = data;

	c->bytes += n;
	while (n > 0 && c->n_pending > 0) {   /* finish the word left over */
		c->pending[c->n_pending++] = *p++;
		n--;
		if (c->n_pending == 8) {
			c->h = mix(c->h, word_le(c->pending));
			c->n_pending = 0;
		}
	}
	for (; n >= 8; p += 8, n -= 8)
		c->h = mix(c->h, word_le(p));
	memcpy(c->pending + c->n_pending, p, n);
	c->n_pending += n;
}

uint64_t et_content_hash_final(const struct et_content_hash *c)
{
	uint64_t h = c->h;

	if (c->n_pending > 0) {
		unsigned char last[8] = {0};
		memcpy(last, c->pending, c->n_pending);
		h = mix(h, word_le(last));
	}
	h = (h ^ c->bytes) * K;
	return h ^ (h >> 33);
}
