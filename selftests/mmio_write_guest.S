/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of mmio_write.c: stores of 1, 2, 4 and 8 bytes from W and X
 * registers (low and high numbers) and from XZR to an unbacked address.
 * The value registers hold more than the access size, so the host can
 * check the write data is masked.
 */
#include "guest/ucall.h"

#define MMIO	0x0b000000

	.text
	.globl	_start
_start:
	mov	x10, #MMIO
	ldr	x5, =0x8877665544332211
	ldr	x30, =0xfedcba9876543210
	strb	w5, [x10]
	strh	w5, [x10, #2]
	str	w5, [x10, #4]
	str	x5, [x10, #8]
	strb	w30, [x10, #16]
	strh	w30, [x10, #18]
	str	w30, [x10, #20]
	str	x30, [x10, #24]
	strb	wzr, [x10, #32]
	strh	wzr, [x10, #34]
	str	wzr, [x10, #36]
	str	xzr, [x10, #40]
	av_done
	.ltorg
