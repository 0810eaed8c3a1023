/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Data cache clean and invalidate to the point of coherency, by VA, for
 * memory read with the caches off: what EL2 reads with its MMU off
 * (el2/mem.c, el2/lifecycle.c), guest memory before a guest that may
 * have its caches off maps it (memslot.c). The kernel's own
 * dcache_clean_inval_poc() is not exported to modules (6.1, 6.12).
 */
#ifndef ARMVCPU_CACHE_H
#define ARMVCPU_CACHE_H

#include <linux/types.h>

/* The smallest D-cache line of any CPU, in bytes (CTR_EL0.DminLine). */
unsigned long armvcpu_dcache_line(void);
/*
 * DC CIVAC on every @line-byte line of [start, end), no barrier: the
 * caller's DSB completes it, once for many ranges.
 */
void armvcpu_clean_inval_range(unsigned long start, unsigned long end,
			       unsigned long line);
/* [addr, addr + size), complete on return (DSB SY). */
void armvcpu_clean_inval_poc(void *addr, size_t size);

#endif /* ARMVCPU_CACHE_H */
