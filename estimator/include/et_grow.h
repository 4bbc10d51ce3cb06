/* et_grow.h - the one growable-array helper: make room for one more element, doubling
 * the capacity, without losing the array when memory runs out. */
#ifndef ET_GROW_H
#define ET_GROW_H

#include <stddef.h>

/* Return an array with room for at least need elements of size elem: v itself when
 * *cap already allows it, else v reallocated to max(2 x *cap, need, 16) elements and
 * *cap updated. Returns NULL when out of memory (or on overflow); v and *cap are then
 * unchanged and still the caller's. Usage:
 *     struct x *nv = et_grow(v, &cap, n + 1, sizeof(*v));
 *     if (!nv) goto oom;
 *     v = nv; */
void *et_grow(void *v, size_t *cap, size_t need, size_t elem);

#endif
