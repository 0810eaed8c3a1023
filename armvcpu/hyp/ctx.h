/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layout of struct armvcpu_ctx, the block the host hands to EL2 by physical
 * address for one guest entry. switch.S addresses it with these offsets and
 * armvcpu/ctx.c checks each one against offsetof(), so the two sides cannot
 * drift apart silently.
 */
#ifndef __ARMVCPU_HYP_CTX_H
#define __ARMVCPU_HYP_CTX_H

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
 * ids; the host copy of the same list lives in the host save area.
 */
#define SYS_IDX_SCTLR		0
#define SYS_IDX_CPACR		1
#define SYS_IDX_TTBR0		2
#define SYS_IDX_TTBR1		3
#define SYS_IDX_TCR		4
#define SYS_IDX_ESR		5
#define SYS_IDX_AFSR0		6
#define SYS_IDX_AFSR1		7
#define SYS_IDX_FAR		8
#define SYS_IDX_MAIR		9
#define SYS_IDX_AMAIR		10
#define SYS_IDX_VBAR		11
#define SYS_IDX_CONTEXTIDR	12
#define SYS_IDX_TPIDR_EL1	13
#define SYS_IDX_CNTKCTL		14
#define SYS_IDX_PAR		15
#define SYS_IDX_CSSELR		16
#define SYS_IDX_ELR		17
#define SYS_IDX_SPSR		18
#define SYS_IDX_MDSCR		19
#define SYS_IDX_TPIDR_EL0	20
#define SYS_IDX_TPIDRRO_EL0	21
#define SYS_IDX_CNTV_CTL	22
#define SYS_IDX_CNTV_CVAL	23
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

/* Exit syndrome, written by EL2 on every exit. */
#define CTX_ESR			1072
#define CTX_FAR			1080
#define CTX_HPFAR		1088
#define CTX_EXIT_KIND		1096

/* Host save area: only switch.S reads or writes it. */
#define CTX_HOST_X18		1104		/* x18..x30: 13 regs */
#define CTX_HOST_SP		1208		/* EL2 stack pointer */
#define CTX_HOST_SP_EL0		1216
#define CTX_HOST_SP_EL1		1224
#define CTX_HOST_ELR_EL2	1232
#define CTX_HOST_SPSR_EL2	1240
#define CTX_HOST_HCR		1248
#define CTX_HOST_VTTBR		1256
#define CTX_HOST_VTCR		1264
#define CTX_HOST_VMPIDR		1272
#define CTX_HOST_CNTVOFF	1280
#define CTX_HOST_CPTR		1288
#define CTX_HOST_MDCR		1296
#define CTX_HOST_CNTHCTL	1304
#define CTX_HOST_HSTR		1312
#define CTX_HOST_SYS		1320		/* u64 host_sys[CTX_NR_SYS] */

/*
 * GICv3 virtual CPU interface of the vCPU (vgic.c fills it before entry,
 * hyp/vgic.S loads it and saves it back on exit). ICH_HCR_EL2 == 0 means
 * the VM has no in-kernel GIC: EL2 then leaves the ICH registers alone.
 */
#define CTX_VGIC		1512
#define CTX_VGIC_HCR		(CTX_VGIC + 0)
#define CTX_VGIC_VMCR		(CTX_VGIC + 8)
#define CTX_VGIC_MISR		(CTX_VGIC + 16)
#define CTX_VGIC_VTR		(CTX_VGIC + 24)	/* ICH_VTR_EL2, on exit */
#define CTX_VGIC_AP0R		(CTX_VGIC + 32)	/* 4 registers */
#define CTX_VGIC_AP1R		(CTX_VGIC + 64)	/* 4 registers */
#define CTX_VGIC_LR		(CTX_VGIC + 96)	/* 16 registers */
#define CTX_VGIC_WORDS		28
#define CTX_SIZE		1736

/* Exit kinds as reported by the EL2 vectors (x0 at __armvcpu_guest_exit). */
#define CTX_EXIT_SYNC		0
#define CTX_EXIT_IRQ		1
#define CTX_EXIT_FIQ		2
#define CTX_EXIT_SERROR		3
/* Set by __armvcpu_vcpu_run itself, never by a vector. */
#define CTX_EXIT_BAD_PSTATE	16

#endif /* __ARMVCPU_HYP_CTX_H */
