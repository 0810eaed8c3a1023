/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between armvcpu's EL2 code (armvcpu/hyp/) and the host (EL1).
 * Included by both the assembly in armvcpu/hyp/ and the C in armvcpu/.
 *
 * Host -> EL2 calls: "hvc #0" with x0 = function id, x1..x3 = arguments,
 * result in x0 (some calls also return x1..x3). An armvcpu call may clobber
 * x0-x17; x18-x30, SP_EL1 and the host's EL1 system registers are preserved.
 * Documentation/el2.rst describes the whole design.
 */
#ifndef ARMVCPU_HYP_ABI_H
#define ARMVCPU_HYP_ABI_H

#include <linux/bits.h>

/*
 * The hyp stub's own function ids (asm/virt.h) are answered as the stub
 * would while armvcpu owns EL2: HVC_SET_VECTORS (0), HVC_SOFT_RESTART (1) and
 * HVC_RESET_VECTORS (2) hand the CPU back with the EL2 registers the kernel
 * left; HVC_FINALISE_EL2 (3) and every unknown id answer HVC_STUB_ERR.
 */

/* armvcpu's own ids, far away from the stub's 0..3 and from SMCCC ids. */
#define ARMVCPU_HVC_BASE	0xa7c00000
/*
 * PING: x0 = ARMVCPU_HVC_PING_MAGIC, x1 = CurrentEL as read at EL2,
 * x2 = MPIDR_EL1 as read at EL2, x3 = TPIDR_EL2 (physical address of this
 * CPU's struct armvcpu_hyp_cpu). The stub answers HVC_STUB_ERR and KVM
 * (nVHE/pKVM) answers SMCCC_RET_NOT_SUPPORTED, which makes PING the harmless
 * ownership probe as well.
 */
#define ARMVCPU_HVC_PING	(ARMVCPU_HVC_BASE + 0)
/* INIT: x1 = PA of this CPU's struct armvcpu_hyp_cpu; init vectors only. */
#define ARMVCPU_HVC_INIT	(ARMVCPU_HVC_BASE + 1)
/* VCPU_RUN: x1 = PA of a guest context; handled by switch.S. */
#define ARMVCPU_HVC_VCPU_RUN	(ARMVCPU_HVC_BASE + 2)
/*
 * TEST_FAULT: take an exception at EL2 on purpose (tests the fault path).
 * Test builds only (ARMVCPU_TEST), as READ_EL2_REGS: a release build
 * answers both HVC_STUB_ERR, as any unknown id.
 */
#define ARMVCPU_HVC_TEST_FAULT	(ARMVCPU_HVC_BASE + 3)
/*
 * TLB_FLUSH_VMID: x1 = a VTTBR_EL2 value (stage-2 root | VMID << 48):
 * TLBI VMALLS12E1IS for that VMID, inner shareable. Answers 0.
 */
#define ARMVCPU_HVC_TLB_FLUSH_VMID	(ARMVCPU_HVC_BASE + 4)
/* TLB_FLUSH_ALL: TLBI ALLE1IS + IC IALLUIS (VMID roll-over). Answers 0. */
#define ARMVCPU_HVC_TLB_FLUSH_ALL	(ARMVCPU_HVC_BASE + 5)
/*
 * READ_EL2_REGS: store the live values of the EL2 registers that INIT saved
 * (HCR .. VMPIDR, same order) at HYP_CPU_NOW_HCR, for tests that check the
 * host runs with exactly what the kernel left. Answers 0.
 */
#define ARMVCPU_HVC_READ_EL2_REGS	(ARMVCPU_HVC_BASE + 6)
/* Ids BASE .. BASE + NR - 1: one entry each in host.S's host_call_table. */
#define ARMVCPU_HVC_NR			7

#define ARMVCPU_HVC_PING_MAGIC	0xa7c0e12a

/*
 * Answered instead of a function's result when EL2 took an exception from
 * EL2 (a hypervisor bug) while serving the call: the fault record of this
 * CPU says what happened, and the host refuses guest entries from then on.
 */
#define ARMVCPU_HVC_RET_FAULT	0xbadfa17
/* The placeholder switch.S answers this to VCPU_RUN. */
#define ARMVCPU_HVC_RET_NOSYS	0xbad5e5c

/* Exception kinds passed in x0 to __armvcpu_guest_exit. */
#define ARMVCPU_EXIT_SYNC	0
#define ARMVCPU_EXIT_IRQ	1
#define ARMVCPU_EXIT_FIQ	2
#define ARMVCPU_EXIT_SERROR	3

/*
 * struct armvcpu_hyp_cpu: one per possible CPU, in linear-map memory, at
 * the start of a block of PAGE_SIZE << HYP_CPU_ALLOC_ORDER bytes whose end
 * is the top of that CPU's EL2 stack. TPIDR_EL2 holds its physical (== EL2
 * virtual) address.
 */
#define HYP_CPU_SELF		0x000	/* PA of this struct */
#define HYP_CPU_GUEST_CTXT	0x008	/* PA of the loaded guest, 0: host */
#define HYP_CPU_STACK_TOP	0x010	/* PA of the EL2 stack top */
#define HYP_CPU_STUB_VBAR	0x018	/* PA of __hyp_stub_vectors */
/* EL2 MMU configuration prepared by the host, read by INIT with MMU off. */
#define HYP_CPU_CFG_TTBR0	0x020
#define HYP_CPU_CFG_TCR		0x028
#define HYP_CPU_CFG_MAIR	0x030
#define HYP_CPU_CFG_SCTLR	0x038
/* EL2 registers as the kernel left them: saved by INIT, restored on exit. */
#define HYP_CPU_SAVED_SCTLR	0x040
#define HYP_CPU_SAVED_TCR	0x048
#define HYP_CPU_SAVED_MAIR	0x050
#define HYP_CPU_SAVED_TTBR0	0x058
#define HYP_CPU_SAVED_HCR	0x060
#define HYP_CPU_SAVED_VTTBR	0x068
#define HYP_CPU_SAVED_VTCR	0x070
#define HYP_CPU_SAVED_CPTR	0x078
#define HYP_CPU_SAVED_MDCR	0x080
#define HYP_CPU_SAVED_CNTHCTL	0x088
#define HYP_CPU_SAVED_CNTVOFF	0x090
#define HYP_CPU_SAVED_HSTR	0x098
#define HYP_CPU_SAVED_VPIDR	0x0a0
#define HYP_CPU_SAVED_VMPIDR	0x0a8
#define HYP_CPU_SAVED_TPIDR	0x0b0
/*
 * 1 from INIT until any hand-back (HVC_SET_VECTORS, HVC_SOFT_RESTART,
 * HVC_RESET_VECTORS, whoever issued it): armvcpu's vectors are live.
 */
#define HYP_CPU_OWNED		0x0b8
/* The host's state at the HVC being served, saved on every host HVC. */
#define HYP_CPU_HOST_ELR	0x0c0
#define HYP_CPU_HOST_SPSR	0x0c8
#define HYP_CPU_HOST_X19	0x0d0	/* x19..x30, 12 registers */
/* Fault record: an exception EL2 took from EL2 (or an impossible one). */
#define HYP_CPU_FAULT_COUNT	0x130
#define HYP_CPU_FAULT_VECTOR	0x138	/* offset in the vector table */
#define HYP_CPU_FAULT_ESR	0x140
#define HYP_CPU_FAULT_ELR	0x148
#define HYP_CPU_FAULT_FAR	0x150
#define HYP_CPU_FAULT_SPSR	0x158
/*
 * READ_EL2_REGS output: HCR, VTTBR, VTCR, CPTR, MDCR, CNTHCTL, CNTVOFF,
 * HSTR, VPIDR, VMPIDR as live at EL2 (10 registers).
 */
#define HYP_CPU_NOW_HCR		0x160
#define HYP_CPU_NR_HOST_REGS	10
/*
 * Non-zero once every ICH_LR<n>_EL2 of this CPU holds 0. Their reset
 * value is UNKNOWN, and whoever owned EL2 before may have left some set;
 * a guest entry moves only the list registers vgic/vgic.c filled, so the first
 * entry with a GIC after INIT clears them all. Each exit empties those it
 * saved, which keeps the rest at 0.
 */
#define HYP_CPU_LRS_CLEAN	0x1b0
/*
 * PA of the guest context whose host save area holds the host's EL1
 * state, from the moment __armvcpu_vcpu_run saved it until the exit put
 * it back; 0 otherwise. The EL2 fault path restores the host from it.
 */
#define HYP_CPU_HOST_CTXT	0x1b8
/*
 * Branch-predictor hardening run by every guest exit before any indirect
 * branch (hyp/vectors.S, chosen per CPU by armvcpu/el2/spectre.c before INIT):
 * SPECTRE is 0 (nothing to do) or HYP_SPECTRE_LOOP_MASK (BHB loop count)
 * | HYP_SPECTRE_CLRBHB | HYP_SPECTRE_FW (SMC #0 with W0 = SPECTRE_FW).
 * WA1_RET/WA3_RET: what a guest's SMCCC_ARCH_WORKAROUND_1/_3 returns, the
 * same on every CPU. SPECTRE_RUNS counts the exits that ran the hardening.
 */
#define HYP_CPU_SPECTRE		0x1c0
#define HYP_CPU_SPECTRE_FW	0x1c8
#define HYP_CPU_WA1_RET		0x1d0
#define HYP_CPU_WA3_RET		0x1d8
#define HYP_CPU_SPECTRE_RUNS	0x1e0
#define HYP_SPECTRE_LOOP_MASK	0xff
#define HYP_SPECTRE_CLRBHB_BIT	8
#define HYP_SPECTRE_FW_BIT	9
#define HYP_SPECTRE_CLRBHB	BIT(HYP_SPECTRE_CLRBHB_BIT)
#define HYP_SPECTRE_FW		BIT(HYP_SPECTRE_FW_BIT)
/*
 * What this CPU has that the world switch must drain, switch or trap
 * (HYP_SWITCH_*): read once per CPU by the host (el2/cpu_caps.c) before its
 * first guest entry, so an entry pays only for what the CPU implements.
 */
#define HYP_CPU_SWITCH_FLAGS	0x1e8
/* GICv3 system registers: ICC_SRE_EL2.Enable clear and ICH traps. */
#define HYP_SWITCH_GICV3_BIT	0
/* SPE, profiling buffer owned by the host: drain it around a run. */
#define HYP_SWITCH_SPE_BIT	1
/* TRBE, trace buffer owned by the host: drain it around a run. */
#define HYP_SWITCH_TRBE_BIT	2
/* MPAM: trap the guest's MPAM registers (MPAM2_EL2). */
#define HYP_SWITCH_MPAM_BIT	3
/* MPAMHCR_EL2 exists (MPAMIDR_EL1.HAS_HCR): it traps MPAMIDR_EL1. */
#define HYP_SWITCH_MPAM_HCR_BIT	4
/* Set once the bits above were read for this CPU. */
#define HYP_SWITCH_KNOWN_BIT	63
/*
 * The host's state a run takes away and gives back: PMSCR_EL1 and
 * TRFCR_EL1 when its profiling or trace session was live (0: nothing to
 * restore), MPAM2_EL2 and MPAMHCR_EL2.
 */
#define HYP_CPU_HOST_PMSCR	0x1f0
#define HYP_CPU_HOST_TRFCR	0x1f8
#define HYP_CPU_HOST_MPAM2	0x200
#define HYP_CPU_HOST_MPAMHCR	0x208
/*
 * Test hook (debugfs guest_el2): MDCR_EL2 and ICC_SRE_EL2 as the last
 * entry on this CPU wrote them for the guest, and the ICC_SRE_EL2 its
 * exit gave back to the host. Written values, not read back: QEMU's
 * ICC_SRE_EL2 reads as a constant.
 */
#define HYP_CPU_LAST_GUEST_MDCR	0x210
#define HYP_CPU_LAST_GUEST_SRE	0x218
#define HYP_CPU_LAST_HOST_SRE	0x220
/* Owned by switch.S (host EL1 context, scratch): 1.25 KiB, zeroed at load. */
#define HYP_CPU_SWITCH_AREA	0x300
#define HYP_CPU_SWITCH_AREA_SIZE 0x500
#define HYP_CPU_SIZE		0x800

/* Struct + EL2 stack of one CPU: 16 KiB, physically contiguous. */
#define HYP_CPU_ALLOC_ORDER	2

/*
 * The hyp blob (from __armvcpu_hyp_start to __armvcpu_hyp_end) starts with
 * the main vector table; the init vector table follows it.
 */
#define HYP_VECTORS_OFFSET	0x000
#define HYP_INIT_VECTORS_OFFSET	0x800

#ifndef __ASSEMBLY__
#include <linux/types.h>

struct armvcpu_hyp_cpu {
	u64 self;
	u64 guest_ctxt;
	u64 stack_top;
	u64 stub_vbar;
	u64 cfg_ttbr0;
	u64 cfg_tcr;
	u64 cfg_mair;
	u64 cfg_sctlr;
	u64 saved_sctlr;
	u64 saved_tcr;
	u64 saved_mair;
	u64 saved_ttbr0;
	u64 saved_hcr;
	u64 saved_vttbr;
	u64 saved_vtcr;
	u64 saved_cptr;
	u64 saved_mdcr;
	u64 saved_cnthctl;
	u64 saved_cntvoff;
	u64 saved_hstr;
	u64 saved_vpidr;
	u64 saved_vmpidr;
	u64 saved_tpidr;
	u64 owned;
	u64 host_elr;
	u64 host_spsr;
	u64 host_x19_x30[12];
	u64 fault_count;
	u64 fault_vector;
	u64 fault_esr;
	u64 fault_elr;
	u64 fault_far;
	u64 fault_spsr;
	u64 now_hcr_vmpidr[HYP_CPU_NR_HOST_REGS];
	u64 lrs_clean;
	u64 host_ctxt;
	u64 spectre;
	u64 spectre_fw;
	u64 wa1_ret;
	u64 wa3_ret;
	u64 spectre_runs;
	u64 switch_flags;
	u64 host_pmscr;
	u64 host_trfcr;
	u64 host_mpam2;
	u64 host_mpamhcr;
	u64 last_guest_mdcr;
	u64 last_guest_sre;
	u64 last_host_sre;
	u64 reserved1[(HYP_CPU_SWITCH_AREA - HYP_CPU_LAST_HOST_SRE) / 8 - 1];
	u64 switch_area[HYP_CPU_SWITCH_AREA_SIZE / 8];
};

/* Symbols of armvcpu/hyp/hyp.S: addresses in the module, not at EL2. */
extern char __armvcpu_hyp_start[];
extern char __armvcpu_hyp_end[];
#endif /* __ASSEMBLY__ */

#endif /* ARMVCPU_HYP_ABI_H */
