#ifndef RESCHECK_SORT_H
#define RESCHECK_SORT_H
/* qsort and bsearch for arrays that may be empty. An empty array's storage
 * is often NULL, and qsort(NULL, 0, ...) or bsearch(key, NULL, 0, ...) is
 * undefined behaviour (glibc declares the pointers nonnull), so every sort
 * and binary search in rescheck goes through these. */

#include <stddef.h>
#include <stdlib.h>

static inline void rc_sort(void *base, size_t n, size_t size,
                           int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

/* bsearch's comparator gets the key first and an element second: when the
 * key is not an element, the comparator must read it as the key's type. */
static inline void *rc_search(const void *key, const void *base, size_t n, size_t size,
                              int (*cmp_key_elem)(const void *, const void *))
{
    return n > 0 ? bsearch(key, base, n, size, cmp_key_elem) : NULL;
}

#endif
