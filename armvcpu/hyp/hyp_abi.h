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

#include "ctx.h"

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
 * (HCR .. VMPIDR, same order) in now_hcr_vmpidr, for tests that check the
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
/*
 * Exit kinds: x0 from the lower-EL vectors to __armvcpu_guest_exit, and
 * the guest context's exit.kind (CTX_EXIT_KIND) for the host.
 */
#define HYP_EXIT_SYNC		0
#define HYP_EXIT_IRQ		1
#define HYP_EXIT_FIQ		2
#define HYP_EXIT_SERROR		3
/* Set by __armvcpu_vcpu_run itself, never by a vector. */
#define HYP_EXIT_BAD_PSTATE	16
/*
 * Entry refused: ISR_EL1 showed an interrupt or SError pending for the
 * host before anything of the guest was loaded (KVM's __guest_enter).
 */
#define HYP_EXIT_PENDING	17

/*
 * struct armvcpu_hyp_cpu (below): one per possible CPU. The assembly
 * addresses it through HYP_CPU_* offsets that Kbuild generates from the
 * struct (hyp/asm-offsets.c).
 */
/* READ_EL2_REGS output: now_hcr_vmpidr[], 10 registers. */
#define HYP_CPU_NR_HOST_REGS	10
/*
 * Branch-predictor hardening run by every guest exit before any indirect
 * branch (hyp/vectors.S, chosen per CPU by armvcpu/el2/spectre.c before
 * INIT): the spectre word is 0 (nothing to do) or HYP_SPECTRE_LOOP_MASK
 * (BHB loop count) | HYP_SPECTRE_CLRBHB | HYP_SPECTRE_FW (SMC #0 with
 * W0 = spectre_fw).
 */
#define HYP_SPECTRE_LOOP_MASK	0xff
#define HYP_SPECTRE_CLRBHB_BIT	8
#define HYP_SPECTRE_FW_BIT	9
#define HYP_SPECTRE_CLRBHB	BIT(HYP_SPECTRE_CLRBHB_BIT)
#define HYP_SPECTRE_FW		BIT(HYP_SPECTRE_FW_BIT)
/*
 * What this CPU has that the world switch must drain, switch or trap
 * (switch_flags): read once per CPU by the host (el2/cpu_caps.c) before
 * its first guest entry, so an entry pays only for what the CPU
 * implements.
 */
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

/*
 * The host's state a guest run takes away, saved by __armvcpu_vcpu_run and
 * put back by the exit (or by the EL2 fault path, see host_ctxt). Per CPU,
 * not per vCPU: a run starts and ends on one CPU. The host's EL2 controls
 * are not here: while armvcpu owns EL2 they are the ones INIT found
 * (saved_*), so the exit puts those back.
 */
struct armvcpu_host_save {
	u64 x18;
	u64 sp_el0;
	u64 sp_el1;
	u64 sys[SYS_NR_HOST];	/* SYS_IDX_* */
	/*
	 * PMSCR_EL1 and TRFCR_EL1 when its profiling or trace session was
	 * live (0: nothing to restore), MPAM2_EL2 and MPAMHCR_EL2
	 * (HYP_SWITCH_*).
	 */
	u64 pmscr;
	u64 trfcr;
	u64 mpam2;
	u64 mpamhcr;
	/*
	 * The host's breakpoints and watchpoints while a guest's are loaded
	 * (CTX_FLAG_DEBUG); dbg_live is 1 from their save to their restore,
	 * which the EL2 fault path also does.
	 */
	struct armvcpu_dbg_regs dbg;
	u64 dbg_live;
};

/*
 * One per possible CPU, in linear-map memory, at the start of a block of
 * PAGE_SIZE << HYP_CPU_ALLOC_ORDER bytes whose end is the top of that
 * CPU's EL2 stack. TPIDR_EL2 holds its physical (== EL2 virtual) address.
 */
struct armvcpu_hyp_cpu {
	u64 self;		/* PA of this struct */
	u64 guest_ctxt;		/* PA of the loaded guest, 0: host */
	u64 stack_top;		/* PA of the EL2 stack top */
	u64 stub_vbar;		/* PA of __hyp_stub_vectors */
	/* EL2 MMU configuration prepared by the host, read by INIT with MMU off. */
	u64 cfg_ttbr0;
	u64 cfg_tcr;
	u64 cfg_mair;
	u64 cfg_sctlr;
	/*
	 * EL2 registers as the kernel left them: saved by INIT, restored on
	 * exit and hand-back. HCR .. VMPIDR in el2_regs_store's order.
	 */
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
	/*
	 * 1 from INIT until any hand-back (HVC_SET_VECTORS, HVC_SOFT_RESTART,
	 * HVC_RESET_VECTORS, whoever issued it): armvcpu's vectors are live.
	 */
	u64 owned;
	/* The host's state at the HVC being served, saved on every host HVC. */
	u64 host_elr;
	u64 host_spsr;
	u64 host_x19_x30[12];
	/* Fault record: an exception EL2 took from EL2 (or an impossible one). */
	u64 fault_count;
	u64 fault_vector;	/* offset in the vector table */
	u64 fault_esr;
	u64 fault_elr;
	u64 fault_far;
	u64 fault_spsr;
	/*
	 * READ_EL2_REGS output: HCR, VTTBR, VTCR, CPTR, MDCR, CNTHCTL,
	 * CNTVOFF, HSTR, VPIDR, VMPIDR as live at EL2.
	 */
	u64 now_hcr_vmpidr[HYP_CPU_NR_HOST_REGS];
	/*
	 * Non-zero once every ICH_LR<n>_EL2 of this CPU holds 0. Their reset
	 * value is UNKNOWN, and whoever owned EL2 before may have left some
	 * set; a guest entry moves only the list registers vgic/vgic.c
	 * filled, so the first entry with a GIC after INIT clears them all.
	 * Each exit empties those it saved, which keeps the rest at 0.
	 */
	u64 lrs_clean;
	/*
	 * PA of the guest context being switched, from the moment
	 * __armvcpu_vcpu_run saved the host in host until the exit put it
	 * back; 0 otherwise. The EL2 fault path restores the host from host
	 * when it is set.
	 */
	u64 host_ctxt;
	/*
	 * This CPU's exit hardening (HYP_SPECTRE_*). wa1_ret/wa3_ret: what a
	 * guest's SMCCC_ARCH_WORKAROUND_1/_3 returns, the same on every CPU.
	 * spectre_runs counts the exits that ran the hardening.
	 */
	u64 spectre;
	u64 spectre_fw;
	u64 wa1_ret;
	u64 wa3_ret;
	u64 spectre_runs;
	u64 switch_flags;	/* HYP_SWITCH_* */
	struct armvcpu_host_save host;
	/*
	 * Test hook (debugfs guest_el2): MDCR_EL2 and ICC_SRE_EL2 as the last
	 * entry on this CPU wrote them for the guest, and the ICC_SRE_EL2 its
	 * exit gave back to the host. Written values, not read back: QEMU's
	 * ICC_SRE_EL2 reads as a constant.
	 */
	u64 last_guest_mdcr;
	u64 last_guest_sre;
	u64 last_host_sre;
};

/* Symbols of armvcpu/hyp/hyp.S: addresses in the module, not at EL2. */
extern char __armvcpu_hyp_start[];
extern char __armvcpu_hyp_end[];
#endif /* __ASSEMBLY__ */

#endif /* ARMVCPU_HYP_ABI_H */
