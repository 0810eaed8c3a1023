/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of sysreg_sweep.c: reads every system register encoding of op0 = 2
 * and op0 = 3 (32768 MRS instructions, generated one at a time into CODE)
 * and counts those that UNDEF; whatever traps must come back with an
 * outcome. Reads only: writes would change the guest under its own feet.
 */
#include "guest/ucall.h"

#define CODE	0x40100000
#define MRS_X0	0xd5300000		/* mrs x0, <op0 = 2 + o0, ...> */
#define RET	0xd65f03c0

	.text
	.globl	_start
_start:
	adr	x0, vectors
	msr	vbar_el1, x0
	isb
	ldr	x20, =CODE
	mov	x21, #0				/* o0:op1:CRn:CRm:op2 */
	mov	x22, #0				/* UNDEFs */
	ldr	w23, =MRS_X0
	ldr	w24, =RET
	str	w24, [x20, #4]
1:	orr	w0, w23, w21, lsl #5
	str	w0, [x20]
	dsb	ish
	ic	iallu
	dsb	ish
	isb
	blr	x20
	add	x21, x21, #1
	cmp	x21, #0x8000
	b.ne	1b
	av_sync x22
	av_done

/* Every vector: count, skip the instruction. */
	.balign	0x800
vectors:
	.rept	16
	.balign	0x80
	add	x22, x22, #1
	mrs	x0, elr_el1
	add	x0, x0, #4
	msr	elr_el1, x0
	eret
	.endr
