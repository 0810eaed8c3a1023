/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of serror_contain.c: counts its ucalls, for ever, with PSTATE.A
 * masked (the reset state) except for a moment after each, where a
 * virtual SError made pending meanwhile is taken and av_exc reports it.
 */
#include "guest/av_exc.S"

	.text
	.globl	_start
_start:
	av_exc_install
	mov	x20, #0
1:	add	x20, x20, #1
	av_sync x20
	adr	x27, 2f
	msr	daifclr, #4
	isb
	msr	daifset, #4
2:	mov	x27, #0
	b	1b

	av_exc_vectors
