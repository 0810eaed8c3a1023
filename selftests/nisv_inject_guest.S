/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of nisv_inject.c: accesses without a valid syndrome (LDP, STP, a
 * post-indexed LDR, a SIMD LDR) outside memory, which the VMM answers
 * with ARMVCPU_INJECT_ABORT, an MMIO
 * read the VMM aborts instead of completing, instruction fetches from a
 * hole in the address map, all first at EL1 and then again from EL0.
 */
#include "guest/av_exc.S"

#define MMIO	0x0b000000
#define HOLE	0x0c000000

	.text
	.globl	_start
_start:
	av_exc_install
	mov	x10, #MMIO
	ldp	x1, x2, [x10]			/* NISV read, VMM injects dabt */
	ldr	x3, =0x1111
	ldr	x4, =0x2222
	stp	x3, x4, [x10, #16]		/* NISV write, VMM injects pabt */
	ldr	x1, [x10], #8			/* writeback: NISV */
	ldr	x11, =MMIO
	cmp	x10, x11			/* the aborted LDR wrote nothing back */
	av_assert_eq 1
	mov	x0, #0x300000			/* CPACR_EL1.FPEN: SIMD usable */
	msr	cpacr_el1, x0
	isb
	ldr	q0, [x10]			/* SIMD: NISV */
	mov	x5, #0x55
	ldr	x5, [x10, #32]			/* MMIO read, VMM injects dabt */
	av_sync x5		/* the read never completed */

	mov	x9, #HOLE
	adr	x27, 1f
	blr	x9				/* fetch from a hole: pabt */
1:
	/* Again from EL0t, interrupts as the reset state leaves them. */
	adr	x0, el0
	msr	elr_el1, x0
	mov	x0, #0x3c0			/* EL0t, DAIF masked */
	msr	spsr_el1, x0
	eret
el0:
	ldp	x1, x2, [x10]			/* NISV from EL0 */
	mov	x9, #HOLE
	adr	x27, 2f
	blr	x9
2:	av_done

	av_exc_vectors
