/* grow.c - the growable-array helper (see et_grow.h): doubling capacity, overflow
 * checked, the old array kept on failure. */
#include <stdint.h>
#include <stdlib.h>

#include "et_grow.h"

void *et_grow(void *v, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *nv;

	if (need <= *cap && v)
		return v;
	ncap = *cap > SIZE_MAX / 2 ? need : 2 * *cap;
	if (ncap < need)
		ncap = need;
	if (ncap < 16)
		ncap = 16;
	if (elem == 0 || ncap > SIZE_MAX / elem)
		return NULL;
	if (!(nv = realloc(v, ncap * elem)))
		return NULL;
	*cap = ncap;
	return nv;
}
