/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of mmio_read.c: every load form with a syndrome (LDRB, LDRH, LDR W,
 * LDR X, LDRSB/LDRSH into W and X, LDRSW) from an unbacked address, each
 * into a register first set to all ones, reported back by a ucall so the
 * host can check zero/sign extension and the upper half of W loads. Then
 * loads into XZR, which must leave every register alone.
 */
#include "guest/ucall.h"

#define MMIO	0x0b000000

.macro	load insn, reg
	mov	x9, #-1
	\insn	\reg, [x10]
	av_sync x9
.endm

	.text
	.globl	_start
_start:
	mov	x10, #MMIO
	load	ldrb, w9
	load	ldrh, w9
	load	ldr, w9
	load	ldr, x9
	load	ldrsb, w9
	load	ldrsb, x9
	load	ldrsh, w9
	load	ldrsh, x9
	load	ldrsw, x9

	/* XZR destinations: x9 keeps its value through all of them. */
	mov	x9, #0x123
	ldrb	wzr, [x10]
	ldrsh	xzr, [x10]
	ldr	wzr, [x10]
	ldr	xzr, [x10]
	cmp	x9, #0x123
	av_assert_eq 1
	av_done
