// SPDX-License-Identifier: GPL-2.0
/*
 * Data cache maintenance to the point of coherency by VA (cache.h): the
 * one loop of DC CIVAC that el2/ and memslot.c share.
 */
#include <asm/barrier.h>
#include <asm/cpufeature.h>
#include <asm/sysreg.h>

#include "cache.h"

unsigned long armvcpu_dcache_line(void)
{
	u64 ctr = read_sanitised_ftr_reg(SYS_CTR_EL0);

	/* CTR_EL0.DminLine[19:16]: log2 of the line size in 4-byte words. */
	return 4UL << ((ctr >> 16) & 0xf);
}

#define ARMVCPU_DC_CIVAC_STEP	"dc civac, %0\n\tadd %0, %0, %2\n\t"

/*
 * Eight lines a round: two instructions a line, where a loop per line
 * (as the kernel's dcache_clean_inval_poc()) takes four, and the clean is
 * most of what mapping guest memory costs (memslot.c).
 */
void armvcpu_clean_inval_range(unsigned long start, unsigned long end,
			       unsigned long line)
{
	unsigned long va = start & ~(line - 1);

	if (end - va >= 8 * line)
		asm volatile("1:\t"
			     ARMVCPU_DC_CIVAC_STEP ARMVCPU_DC_CIVAC_STEP
			     ARMVCPU_DC_CIVAC_STEP ARMVCPU_DC_CIVAC_STEP
			     ARMVCPU_DC_CIVAC_STEP ARMVCPU_DC_CIVAC_STEP
			     ARMVCPU_DC_CIVAC_STEP ARMVCPU_DC_CIVAC_STEP
			     "cmp %0, %1\n\t"
			     "b.ls 1b"
			     : "+r" (va)
			     : "r" (end - 8 * line), "r" (line)
			     : "cc", "memory");
	for (; va < end; va += line)
		asm volatile("dc civac, %0" : : "r" (va) : "memory");
}

void armvcpu_clean_inval_poc(void *addr, size_t size)
{
	unsigned long start = (unsigned long)addr;

	armvcpu_clean_inval_range(start, start + size, armvcpu_dcache_line());
	dsb(sy);
}
