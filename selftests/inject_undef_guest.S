/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of inject_undef.c: instructions for features armvcpu hides, each
 * of which must reach the guest as UNDEF whether the CPU lacks the
 * feature (the hardware's UNDEF) or has it (armvcpu's trap and injection):
 * pointer authentication and its key registers, SVE with the guest's own
 * CPACR_EL1 trap turned off, the PMU, LORegions, RAS error records.
 */
#include "guest/av_exc.S"

	.text
	.globl	_start
_start:
	av_exc_install
	ldr	x0, =0x330000			/* CPACR_EL1: FPEN, ZEN = 0b11 */
	msr	cpacr_el1, x0
	/*
	 * SCTLR_EL1.EnIA: without it PACIA is a NOP on a CPU with PAuth and
	 * never traps; with it, the CPU traps it (HCR_EL2.API clear). RES0
	 * on a CPU without PAuth, where PACIA is UNDEFINED anyway.
	 */
	ldr	x0, =0xb0d00800			/* RES1 | EnIA */
	msr	sctlr_el1, x0
	isb

	mov	x1, #1
	.inst	0xdac10041			/* pacia x1, x2 (PAuth) */
	mrs	x0, s3_0_c2_c1_0		/* APIAKeyLo_EL1 */
	.inst	0x04bf5020			/* rdvl x0, #1 (SVE) */
	mrs	x0, pmccntr_el0			/* PMU */
	mrs	x0, s3_0_c10_c4_7		/* LORID_EL1 */
	mrs	x0, s3_0_c5_c3_0		/* ERRIDR_EL1 */
	av_done

	av_exc_vectors
