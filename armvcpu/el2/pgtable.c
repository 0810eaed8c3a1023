// SPDX-License-Identifier: GPL-2.0
/*
 * armvcpu's EL2 stage-1 page tables: an identity map (VA == PA) of all
 * System RAM, so that EL2 can follow any physical address of a linear-map
 * object the host hands it. 4 KiB granule, 48-bit input addresses, four
 * levels; 1 GiB and 2 MiB blocks where alignment allows.
 *
 * RAM is Normal memory with the host linear map's own MAIR index (MT_NORMAL;
 * MAIR_EL2 is a copy of the host's MAIR_EL1) and inner shareable, exactly as
 * the host maps it, so EL1 and EL2 see one coherent memory: no cache
 * maintenance on any call. It is writable and never executable; only the
 * hyp blob is executable, and read-only.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/gfp.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <asm/memory.h>

#include "el2/internal.h"

#define EL2_PTE_VALID		BIT_ULL(0)
#define EL2_PTE_TABLE		BIT_ULL(1)	/* table (L0-2) or page (L3) */
#define EL2_PTE_ATTRIDX(i)	((u64)(i) << 2)
#define EL2_PTE_AP_RES1		BIT_ULL(6)	/* AP[1] is RES1 at EL2 */
#define EL2_PTE_AP_RO		BIT_ULL(7)
#define EL2_PTE_SH_INNER	(3ULL << 8)
#define EL2_PTE_AF		BIT_ULL(10)
#define EL2_PTE_XN		BIT_ULL(54)
#define EL2_PTE_ADDR_MASK	GENMASK_ULL(47, 12)

#define EL2_PTE_NORMAL	(EL2_PTE_ATTRIDX(MT_NORMAL) | EL2_PTE_AP_RES1 | \
			 EL2_PTE_SH_INNER | EL2_PTE_AF)
#define EL2_PROT_RAM	(EL2_PTE_NORMAL | EL2_PTE_XN)
#define EL2_PROT_TEXT	(EL2_PTE_NORMAL | EL2_PTE_AP_RO)

#define EL2_VA_LIMIT	BIT_ULL(EL2_VA_BITS)
#define EL2_LEVELS	4

static unsigned int el2_level_shift(int level)
{
	return PAGE_SHIFT + (EL2_LEVELS - 1 - level) * (PAGE_SHIFT - 3);
}

static u64 *el2_table_alloc(struct armvcpu_el2_pgtable *pgt)
{
	u64 *table = (u64 *)get_zeroed_page(GFP_KERNEL);

	if (table)
		pgt->nr_pages++;
	return table;
}

static int el2_map_level(struct armvcpu_el2_pgtable *pgt, u64 *table,
			 int level, u64 start, u64 end, u64 prot)
{
	unsigned int shift = el2_level_shift(level);
	u64 size = BIT_ULL(shift);

	while (start < end) {
		u64 next = min((start & ~(size - 1)) + size, end);
		u64 *entry = &table[(start >> shift) & (PTRS_PER_PTE - 1)];
		u64 *sub;
		int ret;

		if (level == EL2_LEVELS - 1) {
			*entry = start | prot | EL2_PTE_VALID | EL2_PTE_TABLE;
		} else if (level > 0 && !*entry && next - start == size) {
			/* A whole aligned 1 GiB (L1) or 2 MiB (L2) block. */
			*entry = start | prot | EL2_PTE_VALID;
		} else if (*entry && !(*entry & EL2_PTE_TABLE)) {
			/* Inside a block mapped already (nested resource). */
		} else {
			if (!*entry) {
				sub = el2_table_alloc(pgt);
				if (!sub)
					return -ENOMEM;
				*entry = virt_to_phys(sub) | EL2_PTE_VALID |
					 EL2_PTE_TABLE;
			} else {
				sub = phys_to_virt(*entry & EL2_PTE_ADDR_MASK);
			}
			ret = el2_map_level(pgt, sub, level + 1, start, next,
					    prot);
			if (ret)
				return ret;
		}
		start = next;
	}
	return 0;
}

static int el2_map(struct armvcpu_el2_pgtable *pgt, u64 start, u64 end,
		   u64 prot)
{
	if (start >= end)
		return 0;
	if (end > EL2_VA_LIMIT) {
		pr_err("RAM at %#llx-%#llx is beyond EL2's %d-bit map\n",
		       start, end - 1, EL2_VA_BITS);
		return -ERANGE;
	}
	return el2_map_level(pgt, pgt->root, 0, start, end, prot);
}

/* One System RAM resource, minus the hyp text, mapped RW and XN. */
static int el2_map_ram(struct resource *res, void *arg)
{
	struct armvcpu_el2_pgtable *pgt = arg;
	u64 start = round_down(res->start, PAGE_SIZE);
	u64 end = round_up(res->end + 1, PAGE_SIZE);
	int ret;

	if (pgt->text_start >= start && pgt->text_end <= end) {
		ret = el2_map(pgt, start, pgt->text_start, EL2_PROT_RAM);
		if (!ret)
			ret = el2_map(pgt, pgt->text_end, end, EL2_PROT_RAM);
	} else {
		ret = el2_map(pgt, start, end, EL2_PROT_RAM);
	}
	if (!ret)
		pgt->ram_bytes += end - start;
	return ret;
}

int armvcpu_el2_pgt_build(struct armvcpu_el2_pgtable *pgt,
			  phys_addr_t text_start, phys_addr_t text_end)
{
	int ret;

	pgt->text_start = text_start;
	pgt->text_end = text_end;
	pgt->root = el2_table_alloc(pgt);
	if (!pgt->root)
		return -ENOMEM;

	ret = walk_iomem_res_desc(IORES_DESC_NONE,
				  IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				  0, -1, pgt, el2_map_ram);
	if (!ret)
		ret = el2_map(pgt, text_start, text_end, EL2_PROT_TEXT);
	if (ret) {
		armvcpu_el2_pgt_free(pgt);
		return ret;
	}
	/* The table walker must see the tables before any CPU uses them. */
	dsb(ishst);
	return 0;
}

static void el2_table_free(u64 *table, int level)
{
	int i;

	for (i = 0; level < EL2_LEVELS - 1 && i < PTRS_PER_PTE; i++) {
		if ((table[i] & (EL2_PTE_VALID | EL2_PTE_TABLE)) ==
		    (EL2_PTE_VALID | EL2_PTE_TABLE))
			el2_table_free(phys_to_virt(table[i] & EL2_PTE_ADDR_MASK),
				       level + 1);
	}
	free_page((unsigned long)table);
}

void armvcpu_el2_pgt_free(struct armvcpu_el2_pgtable *pgt)
{
	if (pgt->root)
		el2_table_free(pgt->root, 0);
	pgt->root = NULL;
	pgt->nr_pages = 0;
}
