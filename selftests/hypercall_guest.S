/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of hypercall.c: an HVC with six arguments whose four results must
 * land in x0-x3 (and nothing else move), then an SMC the host leaves
 * unanswered, which must read as SMCCC NOT_SUPPORTED.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	mov	x0, #0x1234
	movk	x0, #0xc600, lsl #16
	mov	x1, #0x11
	mov	x2, #0x22
	mov	x3, #0x33
	mov	x4, #0x44
	mov	x5, #0x55
	mov	x6, #0x66
	mov	x7, #0x77
	hvc	#0xbeef
	cmp	x0, #0xa0
	av_assert_eq 1
	cmp	x1, #0xa1
	av_assert_eq 2
	cmp	x2, #0xa2
	av_assert_eq 3
	cmp	x3, #0xa3
	av_assert_eq 4
	cmp	x4, #0x44
	av_assert_eq 5
	cmp	x6, #0x66
	av_assert_eq 6
	cmp	x7, #0x77
	av_assert_eq 7

	mov	x0, #0x42
	mov	x1, #0x99
	smc	#0x55
	cmn	x0, #1
	av_assert_eq 8
	cmp	x1, #0
	av_assert_eq 9
	av_done
