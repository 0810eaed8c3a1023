/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of guest_debug.c: reports where its BRK and its stepped sequence
 * are, runs the sequence (a branch skips one instruction; x19 ends as 3;
 * a trapped MRS of MDSCR_EL1 and a PSCI_VERSION HVC, both emulated by the
 * kernel, which may change x0-x17), reports x19 and the MDSCR_EL1 it
 * read, then a BRK #0x123 and, if it gets past it, a last SYNC.
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
	mov	x19, #1
	add	x19, x19, #2
	b	1f
	mov	x19, #0x99
1:	mrs	x20, mdscr_el1
	movz	x0, #0x8400, lsl #16
	hvc	#0
	nop
	av_sync x19
	av_sync x20
brk_site:
	brk	#0x123
	av_sync #2
	av_done

	av_exc_vectors
