/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layout of struct armvcpu_ctx, the block the host hands to EL2 by physical
 * address for one guest entry. switch.S addresses it with these offsets and
 * armvcpu/ctx.c checks each one against offsetof(), so the two sides cannot
 * drift apart silently.
 */
#ifndef __ARMVCPU_HYP_CTX_H
#define __ARMVCPU_HYP_CTX_H

#include <linux/bits.h>

/* Guest general-purpose state. */
#define CTX_X(n)		((n) * 8)	/* x0..x30 */
#define CTX_SP_EL0		248
#define CTX_PC			256		/* ELR_EL2 at entry/exit */
#define CTX_PSTATE		264		/* SPSR_EL2 at entry/exit */
#define CTX_SP_EL1		272
#define CTX_SYS			280		/* u64 sys[CTX_NR_SYS] */

/*
 * EL1/EL0 system registers switched on every entry and exit, in the order
 * switch.S saves them (pairs for stp/ldp). regs.c exposes them as ONE_REG
 * ids. The host's copy lives in the host save area, and holds only the
 * first SYS_NR_HOST: the rest (ESR, AFSR0/1, FAR, PAR, ELR, SPSR_EL1) are
 * scratch for the host, written by its next exception or AT before any
 * read, and dead at the HVC that enters a guest, so they are never saved
 * or put back for it.
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

/* FP/SIMD: 16-byte aligned for ldp/stp of q registers. */
#define CTX_FP_V		480		/* v0..v31, 512 bytes */
#define CTX_FPSR		992
#define CTX_FPCR		1000

/* Per-entry control, written by the host before each entry. */
#define CTX_HCR			1008
#define CTX_VTTBR		1016
#define CTX_VTCR		1024
#define CTX_VMPIDR		1032
#define CTX_CNTVOFF		1040
#define CTX_CPTR		1048
#define CTX_MDCR		1056
#define CTX_FLAGS		1064
/* Bit 0: another vCPU of the VM ran on this CPU last. */
#define CTX_FLAG_FLUSH_LOCAL	1
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
 * Test hooks (el2_debugfs.c), never set otherwise. Bit 5: the exit writes
 * junk into HPFAR_EL2 first, on every exit, as the erratum would leave it.
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
/* DISR_EL1.A, IDS and an implementation-defined syndrome of 0x123. */
#define CTX_TEST_DISR		0x81000123

/* Exit syndrome, written by EL2 on every exit. */
#define CTX_ESR			1072
#define CTX_FAR			1080
#define CTX_HPFAR		1088
/*
 * CTX_HPFAR when the exit had to translate FAR_EL2 with AT S1E1R and the
 * guest's stage-1 walk failed (its tables changed under it): no IPA, the
 * host re-enters the guest, which faults again or not. Bits [3:0] of
 * HPFAR_EL2 are RES0, so no real value is 1.
 */
#define CTX_HPFAR_NONE		1
#define CTX_EXIT_KIND		1096

/*
 * Host save area: only switch.S reads or writes it. The host's EL2
 * controls are not here: while armvcpu owns EL2 they are the ones INIT
 * found (struct armvcpu_hyp_cpu saved_*), so the exit puts those back.
 */
#define CTX_HOST_X18		1104		/* x18..x30: 13 regs */
#define CTX_HOST_SP		1208		/* EL2 stack pointer */
#define CTX_HOST_SP_EL0		1216
#define CTX_HOST_SP_EL1		1224
#define CTX_HOST_ELR_EL2	1232
#define CTX_HOST_SPSR_EL2	1240
#define CTX_HOST_SYS		1248		/* u64 host_sys[CTX_NR_SYS] */

/*
 * GICv3 virtual CPU interface of the vCPU (vgic.c fills it before entry,
 * hyp/vgic.S loads it and saves it back on exit). Without an in-kernel
 * GIC, ICH_HCR_EL2 holds only traps; 0: EL2 leaves the ICH registers alone.
 */
#define CTX_VGIC		1440
#define CTX_VGIC_HCR		(CTX_VGIC + 0)
#define CTX_VGIC_VMCR		(CTX_VGIC + 8)
#define CTX_VGIC_MISR		(CTX_VGIC + 16)
#define CTX_VGIC_VTR		(CTX_VGIC + 24)	/* ICH_VTR_EL2, on exit */
#define CTX_VGIC_AP0R		(CTX_VGIC + 32)	/* 4 registers */
#define CTX_VGIC_AP1R		(CTX_VGIC + 64)	/* 4 registers */
#define CTX_VGIC_LR		(CTX_VGIC + 96)	/* 16 registers */
/* How many of them vgic.c filled: EL2 moves only LR0..LR(n-1). */
#define CTX_VGIC_NR_LR		(CTX_VGIC + 224)
#define CTX_VGIC_WORDS		29
#define CTX_VSESR		1672
#define CTX_VDISR		1680
#define CTX_SIZE		1688

/* Exit kinds as reported by the EL2 vectors (x0 at __armvcpu_guest_exit). */
#define CTX_EXIT_SYNC		0
#define CTX_EXIT_IRQ		1
#define CTX_EXIT_FIQ		2
#define CTX_EXIT_SERROR		3
/* Set by __armvcpu_vcpu_run itself, never by a vector. */
#define CTX_EXIT_BAD_PSTATE	16
/*
 * Entry refused: ISR_EL1 showed an interrupt or SError pending for the
 * host before anything of the guest was loaded (KVM's __guest_enter).
 */
#define CTX_EXIT_PENDING	17

#endif /* __ARMVCPU_HYP_CTX_H */
