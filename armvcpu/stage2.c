// SPDX-License-Identifier: GPL-2.0
/*
 * Stage-2 page tables: 4 KiB granule, lookup starting at level 1 with two
 * concatenated level-1 tables (an 8 KiB root covering 40 bits of IPA),
 * 2 MiB blocks at level 2 where the backing allows, 4 KiB pages at level 3.
 * Tables are ordinary kernel pages; EL2 and the walker reach them by
 * physical address.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <asm/cpufeature.h>
#include <asm/sysreg.h>

#include "armvcpu.h"
#include "el2/el2.h"

#define S2_VALID		BIT_ULL(0)
#define S2_TABLE		BIT_ULL(1)	/* level 1/2: table; level 3: page */
#define S2_MEMATTR_NORMAL_WB	(0xfULL << 2)
#define S2_AP_R			BIT_ULL(6)
#define S2_AP_W			BIT_ULL(7)
#define S2_SH_INNER		(3ULL << 8)
#define S2_AF			BIT_ULL(10)
#define S2_ADDR_MASK		GENMASK_ULL(47, 12)
#define S2_LEAF_ATTRS		(S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2_AF | S2_AP_R)

#define S2_ROOT_ORDER		1	/* two concatenated level-1 tables */
#define S2_ENTRIES		512

/* VTCR_EL2 fields. */
#define VTCR_RES1		BIT_ULL(31)
#define VTCR_SL0_L1		BIT_ULL(6)
#define VTCR_IRGN0_WBWA		BIT_ULL(8)
#define VTCR_ORGN0_WBWA		BIT_ULL(10)
#define VTCR_SH0_INNER		(3ULL << 12)
#define VTCR_TG0_4K		(0ULL << 14)
#define VTCR_PS_SHIFT		16

static u32 armvcpu_parange(void)
{
	u64 mmfr0 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR0_EL1);

	return cpuid_feature_extract_unsigned_field(mmfr0,
					ID_AA64MMFR0_EL1_PARANGE_SHIFT);
}

u32 armvcpu_s2_max_ipa_bits(void)
{
	static const u8 pa_bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	u32 pr = armvcpu_parange();
	u32 bits = pr < ARRAY_SIZE(pa_bits) ? pa_bits[pr] : 48;

	return min_t(u32, bits, ARMVCPU_MAX_IPA_BITS);
}

int armvcpu_s2_init(struct armvcpu_s2 *s2, u32 ipa_bits)
{
	/* Output size: the host's PA range, so every host page is reachable. */
	u64 ps = min_t(u32, armvcpu_parange(), 5);

	s2->root = (u64 *)__get_free_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO,
					   S2_ROOT_ORDER);
	if (!s2->root)
		return -ENOMEM;
	s2->ipa_bits = ipa_bits;
	s2->vtcr = VTCR_RES1 | (ps << VTCR_PS_SHIFT) | VTCR_TG0_4K |
		   VTCR_SH0_INNER | VTCR_ORGN0_WBWA | VTCR_IRGN0_WBWA |
		   VTCR_SL0_L1 | (64 - ipa_bits);
	return 0;
}

static u64 *armvcpu_s2_table(u64 desc)
{
	return phys_to_virt(desc & S2_ADDR_MASK);
}

/* Frees (or, @leak, only counts) the tables under @table; returns pages. */
static unsigned long armvcpu_s2_free_level(u64 *table, int level, bool leak)
{
	unsigned long pages = 1;
	unsigned int i;

	for (i = 0; level < 3 && i < S2_ENTRIES; i++)
		if ((table[i] & (S2_VALID | S2_TABLE)) == (S2_VALID | S2_TABLE))
			pages += armvcpu_s2_free_level(armvcpu_s2_table(table[i]),
						       level + 1, leak);
	if (!leak)
		free_page((unsigned long)table);
	return pages;
}

static unsigned long armvcpu_s2_release(struct armvcpu_s2 *s2, bool leak)
{
	unsigned long pages = 1 << S2_ROOT_ORDER;
	unsigned int i;

	if (!s2->root)
		return 0;
	for (i = 0; i < 2 * S2_ENTRIES; i++)
		if ((s2->root[i] & (S2_VALID | S2_TABLE)) == (S2_VALID | S2_TABLE))
			pages += armvcpu_s2_free_level(armvcpu_s2_table(s2->root[i]),
						       2, leak);
	if (!leak)
		free_pages((unsigned long)s2->root, S2_ROOT_ORDER);
	s2->root = NULL;
	return pages;
}

void armvcpu_s2_free(struct armvcpu_s2 *s2)
{
	armvcpu_s2_release(s2, false);
}

/*
 * The TLBs may still hold walks through these tables (their invalidation
 * was skipped): a walk cache entry pointing into a freed, reused page
 * would reach anything. They are never freed.
 */
void armvcpu_s2_leak(struct armvcpu_s2 *s2)
{
	armvcpu_el2_leak("stage-2 tables", armvcpu_s2_release(s2, true), true);
}

static unsigned int armvcpu_s2_index(u64 ipa, int level)
{
	return (ipa >> (12 + 9 * (3 - level))) & (S2_ENTRIES - 1);
}

/* The level-@level table covering @ipa, allocating tables on the way. */
static u64 *armvcpu_s2_walk(struct armvcpu_s2 *s2, u64 ipa, int level,
			    bool alloc)
{
	/* The two concatenated roots index with IPA bit 39 as well. */
	u64 *table = s2->root + (((ipa >> 39) & 1) * S2_ENTRIES);
	int l;

	for (l = 1; l < level; l++) {
		u64 *desc = &table[armvcpu_s2_index(ipa, l)];

		if (!(*desc & S2_VALID)) {
			u64 *next;

			if (!alloc)
				return NULL;
			next = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
			if (!next)
				return NULL;
			/* The walker must see a zeroed table before the link. */
			dsb(ishst);
			WRITE_ONCE(*desc, virt_to_phys(next) | S2_TABLE | S2_VALID);
		} else if (!(*desc & S2_TABLE)) {
			/* A block where a table is needed: never happens, slots don't overlap. */
			return NULL;
		}
		table = armvcpu_s2_table(*desc);
	}
	return table;
}

int armvcpu_s2_map(struct armvcpu_s2 *s2, u64 ipa, phys_addr_t pa, u64 size,
		   bool writable)
{
	u64 attrs = S2_LEAF_ATTRS | (writable ? S2_AP_W : 0);
	u64 *table;

	while (size) {
		bool block = IS_ALIGNED(ipa | pa, SZ_2M) && size >= SZ_2M;
		int level = block ? 2 : 3;

		table = armvcpu_s2_walk(s2, ipa, 2, true);
		if (!table)
			return -ENOMEM;
		/* A table left by a deleted slot stays: replacing it needs break-before-make. */
		if (block && (table[armvcpu_s2_index(ipa, 2)] & S2_VALID)) {
			block = false;
			level = 3;
		}
		if (level == 3)
			table = armvcpu_s2_walk(s2, ipa, 3, true);
		if (!table)
			return -ENOMEM;
		WRITE_ONCE(table[armvcpu_s2_index(ipa, level)],
			   pa | attrs | S2_VALID | (block ? 0 : S2_TABLE));
		ipa += block ? SZ_2M : PAGE_SIZE;
		pa += block ? SZ_2M : PAGE_SIZE;
		size -= block ? SZ_2M : PAGE_SIZE;
	}
	/* Mappings are visible to the walker before any entry uses them. */
	dsb(ishst);
	return 0;
}

/*
 * Clear the leaves covering [ipa, ipa + size). Tables stay allocated until
 * the VM dies; the caller invalidates the TLB for the VM's VMID.
 */
void armvcpu_s2_unmap(struct armvcpu_s2 *s2, u64 ipa, u64 size)
{
	u64 end = ipa + size;

	while (ipa < end) {
		u64 *l2 = armvcpu_s2_walk(s2, ipa, 2, false);
		u64 *desc, *l3;

		if (!l2) {
			ipa = ALIGN(ipa + 1, SZ_1G);
			continue;
		}
		desc = &l2[armvcpu_s2_index(ipa, 2)];
		if ((*desc & (S2_VALID | S2_TABLE)) == S2_VALID) {
			WRITE_ONCE(*desc, 0);
			ipa = ALIGN(ipa + 1, SZ_2M);
			continue;
		}
		if (!(*desc & S2_VALID)) {
			ipa = ALIGN(ipa + 1, SZ_2M);
			continue;
		}
		l3 = armvcpu_s2_table(*desc);
		WRITE_ONCE(l3[armvcpu_s2_index(ipa, 3)], 0);
		ipa += PAGE_SIZE;
	}
	dsb(ishst);
}
