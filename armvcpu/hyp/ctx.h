/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct armvcpu_ctx, the block the host hands to EL2 by physical address
 * for one guest entry, and the values both sides give its words (flag
 * bits, register indices). The assembly in armvcpu/hyp/ addresses the
 * struct through CTX_* offsets that Kbuild generates from it
 * (hyp/asm-offsets.c): the layout is written here, once.
 */
#ifndef __ARMVCPU_HYP_CTX_H
#define __ARMVCPU_HYP_CTX_H

#include <linux/bits.h>

/*
 * EL1/EL0 system registers switched on every entry and exit, in the order
 * switch.S saves them (pairs for stp/ldp). one_reg.c exposes them as
 * ONE_REG ids. The host's copy lives in this CPU's host save area (struct
 * armvcpu_host_save), and holds only the first SYS_NR_HOST: the rest (ESR,
 * AFSR0/1, FAR, PAR, ELR, SPSR_EL1) are scratch for the host, written by
 * its next exception or AT before any read, and dead at the HVC that
 * enters a guest, so they are never saved or put back for it.
 */
#define SYS_IDX_SCTLR		0
#define SYS_IDX_CPACR		1
#define SYS_IDX_TTBR0		2
#define SYS_IDX_TTBR1		3
#define SYS_IDX_TCR		4
#define SYS_IDX_MAIR		5
#define SYS_IDX_AMAIR		6
#define SYS_IDX_VBAR		7
#define SYS_IDX_CONTEXTIDR	8
#define SYS_IDX_TPIDR_EL1	9
#define SYS_IDX_CNTKCTL		10
#define SYS_IDX_CSSELR		11
#define SYS_IDX_MDSCR		12
#define SYS_IDX_TPIDR_EL0	13
#define SYS_IDX_TPIDRRO_EL0	14
#define SYS_IDX_CNTV_CTL	15
#define SYS_IDX_CNTV_CVAL	16
#define SYS_NR_HOST		17
#define SYS_IDX_ESR		17
#define SYS_IDX_AFSR0		18
#define SYS_IDX_AFSR1		19
#define SYS_IDX_FAR		20
#define SYS_IDX_PAR		21
#define SYS_IDX_ELR		22
#define SYS_IDX_SPSR		23
#define CTX_NR_SYS		24

/* The flags word of the entry controls (CTX_FLAGS), host -> EL2. */
/* Bit 0: another vCPU of the VM ran on this CPU last. */
#define CTX_FLAG_FLUSH_LOCAL_BIT 0
#define CTX_FLAG_FLUSH_LOCAL	BIT(CTX_FLAG_FLUSH_LOCAL_BIT)
/*
 * Bit 1: the guest's FP/SIMD registers go in and come back out. Without
 * it CPTR_EL2.TFP traps the guest's first FP/SIMD instruction and EL2
 * never touches the V registers (run.c switches FP lazily).
 */
#define CTX_FLAG_FP_BIT		1
#define CTX_FLAG_FP		BIT(CTX_FLAG_FP_BIT)
/*
 * Bit 2: a virtual SError goes in with its syndrome, CTX_VSESR, written
 * to VSESR_EL2 (only set on CPUs with FEAT_RAS, where that register
 * exists). HCR_EL2.VSE in CTX_HCR makes it pending; the exit stores
 * HCR_EL2 back into CTX_HCR, so VSE says whether the guest took it.
 */
#define CTX_FLAG_VSESR_BIT	2
#define CTX_FLAG_VSESR		BIT(CTX_FLAG_VSESR_BIT)
/*
 * Bit 3: the CPU has FEAT_RAS. With HCR_EL2.AMO the guest's DISR_EL1 is
 * VDISR_EL2 (which an ESB also fills with a deferred virtual SError), so
 * it is switched with the vCPU (CTX_VDISR): left in the CPU it would
 * carry one guest's value, or deferred error, into the next.
 */
#define CTX_FLAG_RAS_BIT	3
#define CTX_FLAG_RAS		BIT(CTX_FLAG_RAS_BIT)
/*
 * Bit 4: HPFAR_EL2 cannot be trusted for any stage-2 abort (Cortex-A57
 * erratum 834220): the exit computes the IPA with AT S1E1R for every
 * abort without S1PTW, not only for permission faults.
 */
#define CTX_FLAG_HPFAR_AT_BIT	4
#define CTX_FLAG_HPFAR_AT	BIT(CTX_FLAG_HPFAR_AT_BIT)
/*
 * Test hooks (test/el2_hooks.c), never set otherwise; EL2 looks at them
 * only in the rig's build (ARMVCPU_TEST). Bit 5: the exit writes junk
 * into HPFAR_EL2 first, on every exit, as the erratum would leave it.
 * Bit 9: the same, but only for a stage-2 permission fault outside a
 * stage-1 walk, the one abort whose HPFAR_EL2 the architecture does not
 * make valid; the exit's own check must then choose AT by itself. Bit 6:
 * the exit's AT walk reports a failure. Bit 7: EL2 faults on purpose just
 * before the eret, with the whole guest context loaded. Bit 8 (with
 * CTX_FLAG_RAS): the exit finds CTX_TEST_DISR in DISR_EL1, as if its ESB
 * had deferred a guest SError.
 */
#define CTX_FLAG_TEST_HPFAR_BIT	5
#define CTX_FLAG_TEST_AT_FAIL_BIT 6
#define CTX_FLAG_TEST_FAULT_BIT	7
#define CTX_FLAG_TEST_DISR_BIT	8
#define CTX_FLAG_TEST_HPFAR_PERM_BIT 9
#define CTX_FLAG_TEST_HPFAR	BIT(CTX_FLAG_TEST_HPFAR_BIT)
#define CTX_FLAG_TEST_AT_FAIL	BIT(CTX_FLAG_TEST_AT_FAIL_BIT)
#define CTX_FLAG_TEST_FAULT	BIT(CTX_FLAG_TEST_FAULT_BIT)
#define CTX_FLAG_TEST_DISR	BIT(CTX_FLAG_TEST_DISR_BIT)
#define CTX_FLAG_TEST_HPFAR_PERM BIT(CTX_FLAG_TEST_HPFAR_PERM_BIT)
/*
 * Bit 10: the breakpoint and watchpoint registers are switched for this
 * entry (hyp/debug.S): the host's go to this CPU's host save area, the
 * set at CTX_DBG_REGS goes in, and the exit saves the guest's back there
 * and puts the host's back. Without it MDCR_EL2.TDA traps the guest's
 * accesses and EL2 leaves the registers alone (armvcpu/debug.c).
 */
#define CTX_FLAG_DEBUG_BIT	10
#define CTX_FLAG_DEBUG		BIT(CTX_FLAG_DEBUG_BIT)
/* DISR_EL1.A, IDS and an implementation-defined syndrome of 0x123. */
#define CTX_TEST_DISR		0x81000123

/*
 * CTX_HPFAR when the exit had to translate FAR_EL2 with AT S1E1R and the
 * guest's stage-1 walk failed (its tables changed under it): no IPA, the
 * host re-enters the guest, which faults again or not. Bits [3:0] of
 * HPFAR_EL2 are RES0, so no real value is 1.
 */
#define CTX_HPFAR_NONE		1

/* The breakpoints and watchpoints the architecture allows before v8.9. */
#define CTX_DBG_MAX		16

/* The GICv3 list and active-priority registers a context has room for. */
#define CTX_VGIC_NR_LRS		16
#define CTX_VGIC_NR_APRS	4

#ifndef __ASSEMBLY__
#include <linux/types.h>

/* FP/SIMD: 16-byte aligned for the ldp/stp of q registers. */
struct armvcpu_fp_regs {
	__uint128_t vregs[32];
	u64 fpsr;
	u64 fpcr;
};

/*
 * A set of breakpoint and watchpoint registers, DBGBCR/DBGBVR/DBGWCR/
 * DBGWVR<n>_EL1 (index n), and MDCCINT_EL1, which MDCR_EL2.TDA traps with
 * them. EL2 moves as many as the CPU it runs on implements.
 */
struct armvcpu_dbg_regs {
	u64 bcr[CTX_DBG_MAX];
	u64 bvr[CTX_DBG_MAX];
	u64 wcr[CTX_DBG_MAX];
	u64 wvr[CTX_DBG_MAX];
	u64 mdccint;
};

/*
 * The guest's own registers: EL2 loads them at every entry and saves them
 * at every exit (FP/SIMD only with CTX_FLAG_FP); the host reads and
 * writes them between runs (ONE_REG, emulation, exception injection).
 */
struct armvcpu_guest_regs {
	u64 regs[31];		/* x0..x30 */
	u64 sp_el0;
	u64 pc;			/* ELR_EL2 at entry/exit */
	u64 pstate;		/* SPSR_EL2 at entry/exit */
	u64 sp_el1;
	u64 sys[CTX_NR_SYS];	/* SYS_IDX_* */
	u64 vdisr;		/* DISR_EL1 (VDISR_EL2), with CTX_FLAG_RAS */
	struct armvcpu_fp_regs fp __aligned(16);
};

/*
 * How the guest runs, written by the host before each entry: EL2 writes
 * them to the EL2 controls and never back, but for hcr (the exit stores
 * HCR_EL2 back, see CTX_FLAG_VSESR).
 */
struct armvcpu_entry_ctl {
	u64 hcr;
	u64 vttbr;
	u64 vtcr;
	u64 vmpidr;		/* the guest's MPIDR_EL1 */
	u64 cntvoff;
	u64 cptr;
	u64 mdcr;
	u64 flags;		/* CTX_FLAG_* */
	u64 vsesr;		/* with CTX_FLAG_VSESR */
	/*
	 * With CTX_FLAG_DEBUG: PA of the breakpoint registers to load, the
	 * guest's own (guest_dbg below) or a set of the VMM's.
	 */
	u64 dbg_regs;
};

/* Why the guest stopped, written by EL2 on every exit. */
struct armvcpu_exit_info {
	u64 esr;
	u64 far;
	u64 hpfar;		/* or CTX_HPFAR_NONE */
	u64 kind;		/* HYP_EXIT_* */
};

/*
 * The GICv3 virtual CPU interface of the vCPU: vgic/vgic.c fills it before
 * entry, hyp/vgic.S loads it and saves it back on exit. Without an
 * in-kernel GIC, hcr holds only traps; 0: EL2 leaves the ICH registers
 * alone.
 */
struct armvcpu_vgic_regs {
	u64 hcr;		/* ICH_HCR_EL2 */
	u64 vmcr;
	u64 misr;		/* on exit */
	u64 vtr;		/* ICH_VTR_EL2, on exit */
	u64 ap0r[CTX_VGIC_NR_APRS];
	u64 ap1r[CTX_VGIC_NR_APRS];
	u64 lr[CTX_VGIC_NR_LRS];
	/* How many vgic/vgic.c filled: EL2 moves only LR0..LR(n-1). */
	u64 nr_lr;
};

/*
 * One vCPU's block for EL2. It sits in its own page, which EL2's identity
 * map of System RAM covers. The host's state a run takes away is not
 * here but in the CPU's struct armvcpu_hyp_cpu (hyp_abi.h): a vCPU does
 * not change CPUs during a run.
 */
struct armvcpu_ctx {
	struct armvcpu_guest_regs guest;
	struct armvcpu_entry_ctl ctl;
	struct armvcpu_exit_info exit;
	struct armvcpu_vgic_regs vgic;
	/* The guest's breakpoints and watchpoints (armvcpu/debug.c). */
	struct armvcpu_dbg_regs guest_dbg;
};
#endif /* __ASSEMBLY__ */

#endif /* __ARMVCPU_HYP_CTX_H */
