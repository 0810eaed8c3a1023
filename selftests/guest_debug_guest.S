/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of guest_debug.c: reports where its BRK and its stepped sequence
 * are, runs the sequence (a branch skips one instruction; x3 ends as 3),
 * reports x3, then a BRK #0x123 and, if it gets past it, a last SYNC.
 */
#include "guest/av_exc.S"

	.text
	.globl	_start
_start:
	av_exc_install
	adr	x2, brk_site
	av_sync x2
	adr	x2, step_start
	av_sync x2
step_start:
	mov	x3, #1
	add	x3, x3, #2
	b	1f
	mov	x3, #0x99
1:	nop
	av_sync x3
brk_site:
	brk	#0x123
	av_sync #2
	av_done

	av_exc_vectors
