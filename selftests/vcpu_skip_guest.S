/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of vcpu_skip.c, three entry points at fixed offsets from the load
 * address: _start (0x000) makes an MMIO exit and a system register exit
 * the VMM completes; a32_entry (0x200) returns to AArch32 User mode,
 * whose code (a32_code, 0x240) stores to the ucall address;
 * done_entry (0x300) reports that the vCPU runs AArch64 again;
 * step_entry (0x400) single-steps the ucall store with MDSCR_EL1.SS and
 * KDE, and step_vectors (0x800) report the step exception's ESR_EL1 and
 * ELR_EL1.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	av_sync #1		/* MMIO exit: the str */
	mrs	x2, s3_0_c1_c0_1		/* ACTLR_EL1: SYSREG exit */
	av_sync #2
	av_done

	.org	0x200
a32_entry:
	adr	x0, a32_code
	msr	elr_el1, x0
	mov	x0, #0x1d0			/* AArch32 User, A, I, F masked */
	msr	spsr_el1, x0
	mov	x1, #AV_UCALL_ADDR		/* r1 in AArch32 */
	eret

	/*
	 * A store outside guest memory: a stage-2 fault straight to EL2.
	 * (A WFI would trap to the guest's EL1 first: SCTLR_EL1.nTWI is 0.)
	 */
	.org	0x240
a32_code:
	.inst	0xe5810000			/* str r0, [r1] */
	.inst	0xeafffffe			/* b . */

	.org	0x300
done_entry:
	av_done

	.org	0x400
step_entry:
	adr	x0, step_vectors
	msr	vbar_el1, x0
	mov	x0, #0x2001			/* MDSCR_EL1: KDE, SS */
	msr	mdscr_el1, x0
	isb
	adr	x0, stepped
	msr	elr_el1, x0
	ldr	x0, =0x2001c5			/* EL1h, SS, D clear: stepping */
	msr	spsr_el1, x0
	mov	x28, #AV_UCALL_ADDR
	mov	x0, #AV_UCALL_SYNC
	eret
stepped:
	str	x0, [x28]			/* the ucall, stepped */
	nop					/* must not run: the step comes first */
	nop
	b	.

	/* Current EL with SP_ELx, synchronous; D is masked here. */
	.org	0x800
step_vectors:
	.org	0xa00
	mrs	x2, esr_el1
	av_sync x2
	mrs	x2, elr_el1
	av_sync x2
	av_done
	.ltorg
