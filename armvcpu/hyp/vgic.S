/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 virtual CPU interface switch (part of hyp.S, used by switch.S).
 *
 * The guest's ICC_* accesses go to the hardware's virtual CPU interface
 * (HCR_EL2.IMO/FMO with ICH_HCR_EL2.En): PMR, IAR, EOIR, DIR, CTLR and the
 * group enables never trap. What makes that interface the vCPU's own is the
 * state below: ICH_VMCR_EL2 (the guest's PMR, BPRs, group enables, EOI
 * mode), the active-priority registers (which priorities the guest is
 * inside of) and the list registers (the interrupts vgic/vgic.c put there).
 * armvcpu/vgic/vgic.c prepares them in the context before entry and reads them
 * back after exit; here they are only moved.
 *
 * A VM without an in-kernel GIC goes through the same moves with
 * CTX_VGIC_HCR holding only traps (vgic/vgic.c ICH_NO_VGIC): its ICC_* accesses
 * exit instead of reaching another VM's interface state. CTX_VGIC_HCR is
 * 0 only on a CPU without the GICv3 system registers, where none of the
 * ICH or ICC registers below exist (HYP_SWITCH_GICV3 clear: nothing here
 * runs). ICH_VTR_EL2 says how many list registers and active-priority
 * registers exist; accessing one more is UNDEFINED, so
 * each is guarded by a compare against a count that never exceeds them
 * (no indirect branch: the blob's landing pads stay out of the question).
 */

/* ICH_VTR_EL2.ListRegs [4:0]: number of list registers minus one. */
#define VGIC_VTR_LISTREGS_MASK	0x1f
/* ICH_VTR_EL2.PRIbits [31:29]: priority bits minus one. */
#define VGIC_VTR_PRIBITS_SHIFT	29

/* Moves AP0Rn and AP1Rn (\op: save or load) for the implemented n. */
.macro	vgic_aprs op, base, vtr, tmp, lbl
	ubfx	\tmp, \vtr, #VGIC_VTR_PRIBITS_SHIFT, #3
	vgic_apr \op, \base, 0
	/* 6 priority bits: 2 registers each; 7: 4 each. */
	cmp	\tmp, #5
	b.lt	\lbl
	vgic_apr \op, \base, 1
	cmp	\tmp, #6
	b.lt	\lbl
	vgic_apr \op, \base, 2
	vgic_apr \op, \base, 3
\lbl:
.endm

/*
 * The ICH registers by their generic names (s3_4_c12_cM_N), because the
 * assembler builds a name from \n after the C preprocessor has run.
 * AP0R<n>: CRm 8, op2 n; AP1R<n>: CRm 9, op2 n.
 */
.macro	vgic_apr op, base, n
	.ifc	\op, save
	mrs	x3, s3_4_c12_c8_\n
	str	x3, [\base, #(CTX_VGIC_AP0R + 8 * \n)]
	mrs	x3, s3_4_c12_c9_\n
	str	x3, [\base, #(CTX_VGIC_AP1R + 8 * \n)]
	.else
	ldr	x3, [\base, #(CTX_VGIC_AP0R + 8 * \n)]
	msr	s3_4_c12_c8_\n, x3
	ldr	x3, [\base, #(CTX_VGIC_AP1R + 8 * \n)]
	msr	s3_4_c12_c9_\n, x3
	.endif
.endm

/*
 * One list register. Saving also empties it, so no interrupt of this vCPU
 * can be seen through the interface by whatever runs next on this CPU,
 * and a later entry that fills fewer list registers finds the rest at 0.
 */
.macro	vgic_lr op, base, n, crm, op2
	.ifc	\op, save
	mrs	x3, s3_4_c12_c\crm\()_\op2
	str	x3, [\base, #(CTX_VGIC_LR + 8 * \n)]
	msr	s3_4_c12_c\crm\()_\op2, xzr
	.endif
	.ifc	\op, load
	ldr	x3, [\base, #(CTX_VGIC_LR + 8 * \n)]
	msr	s3_4_c12_c\crm\()_\op2, x3
	.endif
	.ifc	\op, zero
	msr	s3_4_c12_c\crm\()_\op2, xzr
	.endif
.endm

/* List register \n, if there are more than \n (\nr is a count). */
.macro	vgic_lr_if op, base, nr, lbl, n, crm, op2
	cmp	\nr, #\n
	b.le	\lbl
	vgic_lr	\op, \base, \n, \crm, \op2
.endm

/*
 * ICH_LR<n>_EL2 0 to \nr - 1: LR0-7 are CRm 12, op2 n; LR8-15 CRm 13,
 * op2 n - 8. \nr never exceeds ICH_VTR_EL2.ListRegs + 1 (vgic_nr_lr).
 */
.macro	vgic_lrs op, base, nr, lbl
	cbz	\nr, \lbl
	vgic_lr	\op, \base, 0, 12, 0
	vgic_lr_if \op, \base, \nr, \lbl, 1, 12, 1
	vgic_lr_if \op, \base, \nr, \lbl, 2, 12, 2
	vgic_lr_if \op, \base, \nr, \lbl, 3, 12, 3
	vgic_lr_if \op, \base, \nr, \lbl, 4, 12, 4
	vgic_lr_if \op, \base, \nr, \lbl, 5, 12, 5
	vgic_lr_if \op, \base, \nr, \lbl, 6, 12, 6
	vgic_lr_if \op, \base, \nr, \lbl, 7, 12, 7
	vgic_lr_if \op, \base, \nr, \lbl, 8, 13, 0
	vgic_lr_if \op, \base, \nr, \lbl, 9, 13, 1
	vgic_lr_if \op, \base, \nr, \lbl, 10, 13, 2
	vgic_lr_if \op, \base, \nr, \lbl, 11, 13, 3
	vgic_lr_if \op, \base, \nr, \lbl, 12, 13, 4
	vgic_lr_if \op, \base, \nr, \lbl, 13, 13, 5
	vgic_lr_if \op, \base, \nr, \lbl, 14, 13, 6
	vgic_lr_if \op, \base, \nr, \lbl, 15, 13, 7
\lbl:
.endm

/* \vtr = ICH_VTR_EL2 becomes the number of list registers of this CPU. */
.macro	vgic_lr_count vtr
	and	\vtr, \vtr, #VGIC_VTR_LISTREGS_MASK
	add	\vtr, \vtr, #1
.endm

/*
 * \nr = CTX_VGIC_NR_LR, never more than \count, this CPU's list registers:
 * vgic/vgic.c counts those of the CPU the vCPU last exited on, and touching a
 * list register that does not exist is UNDEFINED at EL2.
 */
.macro	vgic_nr_lr base, nr, count
	ldr	\nr, [\base, #CTX_VGIC_NR_LR]
	cmp	\nr, \count
	csel	\nr, \nr, \count, ls
.endm

/* ICC_SRE_EL2.Enable; ICC_SRE_EL1.SRE. */
#define VGIC_SRE_EL2_ENABLE	(1 << 3)
#define VGIC_SRE_EL1_SRE	(1 << 0)

/*
 * ICC_SRE_EL1 is one register for host and guest, and EL1 may write it
 * while ICC_SRE_EL2.Enable is set: a guest writing SRE = 0 on a GIC with
 * legacy support would take the host's system-register interface away.
 * Enable is clear while a guest runs (its accesses trap, vgic/vgic.c answers
 * them) and set again on exit, as KVM's __vgic_v3_activate_traps() and
 * __vgic_v3_deactivate_traps() do. \hc = this CPU's struct, \tmp.
 */
.macro	vgic_sre_guest hc, tmp
	mrs_s	\tmp, SYS_ICC_SRE_EL2
	bic	\tmp, \tmp, #VGIC_SRE_EL2_ENABLE
	msr_s	SYS_ICC_SRE_EL2, \tmp
#ifdef ARMVCPU_TEST
	str	\tmp, [\hc, #HYP_CPU_LAST_GUEST_SRE]
#endif
.endm

/*
 * Enable may be RAO/WI (then it cannot trap anything): whatever the guest
 * managed to write, the host leaves with SRE set again, after Enable (the
 * ordering KVM keeps for ICC_SRE_EL1 writes at EL2).
 */
.macro	vgic_sre_host hc, tmp
	mrs_s	\tmp, SYS_ICC_SRE_EL2
	orr	\tmp, \tmp, #VGIC_SRE_EL2_ENABLE
	msr_s	SYS_ICC_SRE_EL2, \tmp
#ifdef ARMVCPU_TEST
	str	\tmp, [\hc, #HYP_CPU_LAST_HOST_SRE]
#endif
	mrs_s	\tmp, SYS_ICC_SRE_EL1
	tbnz	\tmp, #0, .Lvgic_sre_host_done\@
	isb
	orr	\tmp, \tmp, #VGIC_SRE_EL1_SRE
	msr_s	SYS_ICC_SRE_EL1, \tmp
	isb
.Lvgic_sre_host_done\@:
.endm

/*
 * The EL2 fault path, a guest perhaps loaded: the host's EL1 must not
 * find its ICC accesses trapped (ICH_HCR_EL2 traps, Enable clear) when it
 * handles its next interrupt. \hc = this CPU's struct, \tmp.
 */
.macro	vgic_fault_reset hc, tmp
	ldr	\tmp, [\hc, #HYP_CPU_SWITCH_FLAGS]
	tbz	\tmp, #HYP_SWITCH_GICV3_BIT, .Lvgic_fault_done\@
	msr_s	SYS_ICH_HCR_EL2, xzr
	mrs_s	\tmp, SYS_ICC_SRE_EL2
	orr	\tmp, \tmp, #VGIC_SRE_EL2_ENABLE
	msr_s	SYS_ICC_SRE_EL2, \tmp
.Lvgic_fault_done\@:
.endm

/*
 * Guest entry: \base = context, \hc = this CPU's struct, \flags its
 * HYP_CPU_SWITCH_FLAGS (read once by switch.S). Uses x2-x5. Only the list
 * registers vgic/vgic.c filled (CTX_VGIC_NR_LR) are written: with nothing
 * to deliver, an entry moves none. The first entry after INIT clears all of them once
 * (see HYP_CPU_LRS_CLEAN).
 */
.macro	vgic_restore base, hc, flags
	tbz	\flags, #HYP_SWITCH_GICV3_BIT, .Lvgic_restore_done\@
	vgic_sre_guest \hc, x3
	ldr	x2, [\base, #CTX_VGIC_HCR]
	cbz	x2, .Lvgic_restore_done\@
	/*
	 * En clear: a VM without the in-kernel GIC, only ICH_HCR_EL2's traps
	 * go in; every ICC access exits, so no interface state is its own.
	 */
	tbz	x2, #0, .Lvgic_restore_hcr\@
	ldr	x3, [\base, #CTX_VGIC_VMCR]
	msr_s	SYS_ICH_VMCR_EL2, x3
	mrs_s	x4, SYS_ICH_VTR_EL2
	vgic_aprs load, \base, x4, x5, .Lvgic_restore_apr\@
	vgic_lr_count x4
	ldr	x3, [\hc, #HYP_CPU_LRS_CLEAN]
	cbnz	x3, .Lvgic_restore_clean\@
	vgic_lrs zero, \base, x4, .Lvgic_restore_zero\@
	str	x4, [\hc, #HYP_CPU_LRS_CLEAN]
.Lvgic_restore_clean\@:
	vgic_nr_lr \base, x5, x4
	vgic_lrs load, \base, x5, .Lvgic_restore_lr\@
	/* Last: the interface comes alive with everything in place. */
.Lvgic_restore_hcr\@:
	msr_s	SYS_ICH_HCR_EL2, x2
.Lvgic_restore_done\@:
.endm

/* Guest exit: \base, \hc, \flags as for vgic_restore. Uses x2-x5. */
.macro	vgic_save base, hc, flags
	tbz	\flags, #HYP_SWITCH_GICV3_BIT, .Lvgic_save_done\@
	vgic_sre_host \hc, x3
	ldr	x2, [\base, #CTX_VGIC_HCR]
	cbz	x2, .Lvgic_save_done\@
	/* Traps only (no in-kernel GIC): off, nothing else was loaded. */
	tbnz	x2, #0, .Lvgic_save_all\@
	msr_s	SYS_ICH_HCR_EL2, xzr
	b	.Lvgic_save_done\@
.Lvgic_save_all\@:
	/* Why the interface raised a maintenance interrupt, if it did. */
	mrs_s	x3, SYS_ICH_MISR_EL2
	str	x3, [\base, #CTX_VGIC_MISR]
	/*
	 * Off first: the maintenance interrupt line drops before the host
	 * unmasks interrupts, and the host never sees the virtual interface.
	 */
	msr_s	SYS_ICH_HCR_EL2, xzr
	mrs_s	x3, SYS_ICH_VMCR_EL2
	str	x3, [\base, #CTX_VGIC_VMCR]
	/* How many list registers there are, for vgic/vgic.c's next fill. */
	mrs_s	x4, SYS_ICH_VTR_EL2
	str	x4, [\base, #CTX_VGIC_VTR]
	vgic_aprs save, \base, x4, x5, .Lvgic_save_apr\@
	vgic_lr_count x4
	vgic_nr_lr \base, x5, x4
	vgic_lrs save, \base, x5, .Lvgic_save_lr\@
.Lvgic_save_done\@:
.endm
