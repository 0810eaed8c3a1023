/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest exception reports (see av_exc.h): av_exc_install points VBAR_EL1
 * at the table that av_exc_vectors emits; a guest includes this file.
 */
#include "ucall.h"
#include "av_exc.h"

.macro	av_exc_install
	adr	x25, av_exc_vectors
	msr	vbar_el1, x25
	isb
	mov	x27, #0
.endm

.macro	av_exc_vectors
	.balign	0x800
av_exc_vectors:
	.irp	off, 0x000, 0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380, \
		0x400, 0x480, 0x500, 0x580, 0x600, 0x680, 0x700, 0x780
	.balign	0x80
	mov	x26, #\off
	b	av_exc_common
	.endr
av_exc_common:
	mrs	x25, esr_el1
	av_ucall AV_UCALL_EXC, x25
	mrs	x25, far_el1
	av_ucall AV_UCALL_EXC + 1, x25
	mrs	x25, elr_el1
	av_ucall AV_UCALL_EXC + 2, x25
	mrs	x25, spsr_el1
	av_ucall AV_UCALL_EXC + 3, x25
	mrs	x25, daif
	av_ucall AV_UCALL_EXC + 4, x25
	av_ucall AV_UCALL_EXC + 5, x26
	cbz	x27, 1f
	msr	elr_el1, x27
	mov	x27, #0
	eret
1:	mrs	x25, elr_el1
	add	x25, x25, #4
	msr	elr_el1, x25
	eret
.endm
