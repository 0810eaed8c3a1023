// SPDX-License-Identifier: GPL-2.0
/*
 * The memory EL2 runs on: the hyp blob copied into linear-map pages, EL2's
 * identity map (built by el2/pgtable.c), and every possible CPU's struct
 * armvcpu_hyp_cpu with its EL2 stack, filled with what INIT programs
 * (TTBR0/TCR/MAIR/SCTLR_EL2). All of it is allocated before any CPU is
 * taken and freed once none runs it; the life cycle is el2/lifecycle.c's.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <asm/cpufeature.h>
#include <asm/kvm_arm.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>

#include "el2/el2.h"
#include "el2/internal.h"

struct armvcpu_el2_mem armvcpu_el2_mem;

DEFINE_PER_CPU(struct armvcpu_hyp_cpu *, armvcpu_hyp_cpu);

/*
 * Free it all, unless @cpus_stuck CPUs could not be handed back to the
 * stub: those still run armvcpu's EL2 code, so nothing may be freed.
 */
void armvcpu_el2_free_mem(int cpus_stuck)
{
	unsigned int cpu;

	if (cpus_stuck) {
		pr_crit("%d CPUs still run armvcpu's EL2 code: its memory stays allocated\n",
			cpus_stuck);
		return;
	}

	for_each_possible_cpu(cpu) {
		struct armvcpu_hyp_cpu *hc = per_cpu(armvcpu_hyp_cpu, cpu);

		if (hc)
			free_pages((unsigned long)hc, HYP_CPU_ALLOC_ORDER);
		per_cpu(armvcpu_hyp_cpu, cpu) = NULL;
	}
	armvcpu_el2_pgt_free(&armvcpu_el2_mem.pgt);
	if (armvcpu_el2_mem.blob)
		__free_pages(armvcpu_el2_mem.blob, armvcpu_el2_mem.blob_order);
	armvcpu_el2_mem.blob = NULL;
}

static u64 armvcpu_el2_tcr(void)
{
	u64 mmfr0 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR0_EL1);
	u64 ps = cpuid_feature_extract_unsigned_field(mmfr0,
					ID_AA64MMFR0_EL1_PARANGE_SHIFT);

	/* EL2's map stops at 48 bits (4 KiB granule, 4 levels). */
	ps = min_t(u64, ps, ID_AA64MMFR0_EL1_PARANGE_48);
	return TCR_EL2_RES1 | (ps << TCR_EL2_PS_SHIFT) | TCR_T0SZ(EL2_VA_BITS) |
	       TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K;
}

/*
 * SCTLR_EL2.BT (6.1's headers do not name it): host.S's jump table has no
 * BTI landing pads, which is right only while EL2 runs with BT clear.
 */
#define ARMVCPU_SCTLR_EL2_BT	BIT_ULL(36)
static_assert(!(INIT_SCTLR_EL2_MMU_ON & ARMVCPU_SCTLR_EL2_BT));

int armvcpu_el2_alloc_mem(void)
{
	size_t size = __armvcpu_hyp_end - __armvcpu_hyp_start;
	unsigned int cpu;
	void *blob;
	int ret;

	armvcpu_el2_mem.blob_order = get_order(size);
	armvcpu_el2_mem.blob = alloc_pages(GFP_KERNEL | __GFP_ZERO,
					   armvcpu_el2_mem.blob_order);
	if (!armvcpu_el2_mem.blob)
		return -ENOMEM;
	blob = page_address(armvcpu_el2_mem.blob);
	memcpy(blob, __armvcpu_hyp_start, size);
	armvcpu_el2_mem.blob_pa = page_to_phys(armvcpu_el2_mem.blob);
	/* The init vectors run with the MMU, so the I-cache, off. */
	armvcpu_clean_inval_poc(blob, size);

	ret = armvcpu_el2_pgt_build(&armvcpu_el2_mem.pgt, armvcpu_el2_mem.blob_pa,
				    armvcpu_el2_mem.blob_pa +
				    (PAGE_SIZE << armvcpu_el2_mem.blob_order));
	if (ret)
		return ret;

	for_each_possible_cpu(cpu) {
		struct page *page;
		struct armvcpu_hyp_cpu *hc;

		page = alloc_pages_node(cpu_to_node(cpu),
					GFP_KERNEL | __GFP_ZERO,
					HYP_CPU_ALLOC_ORDER);
		if (!page)
			return -ENOMEM;
		hc = page_address(page);
		per_cpu(armvcpu_hyp_cpu, cpu) = hc;
		hc->self = page_to_phys(page);
		hc->stack_top = hc->self + (PAGE_SIZE << HYP_CPU_ALLOC_ORDER);
		hc->stub_vbar = armvcpu_el2_mem.stub_pa;
		hc->cfg_ttbr0 = virt_to_phys(armvcpu_el2_mem.pgt.root);
		hc->cfg_tcr = armvcpu_el2_tcr();
		/* The host's own attribute encodings, indices included. */
		hc->cfg_mair = read_sysreg(mair_el1);
		hc->cfg_sctlr = INIT_SCTLR_EL2_MMU_ON;
	}
	return 0;
}
