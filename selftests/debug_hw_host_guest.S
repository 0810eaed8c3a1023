/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of debug_hw_host.c, run while the host has a watchpoint of its
 * own: breakpoint and watchpoint 0 read as 0 while trapped, and again
 * once MDSCR_EL1.MDE has the registers switched in (no trap), then the
 * guest arms watchpoint 0 itself and takes it once per round while the
 * host writes its own watched variable between the rounds.
 */
#include "guest/av_exc.S"

#define MDSCR_KDE	(1 << 13)
#define MDSCR_MDE	(1 << 15)
#define WCR_RW8		0x1fff
#define ROUNDS		8

.macro	report_regs
	mrs	x2, dbgwvr0_el1
	av_sync	x2
	mrs	x2, dbgwcr0_el1
	av_sync	x2
	mrs	x2, dbgbvr0_el1
	av_sync	x2
	mrs	x2, dbgbcr0_el1
	av_sync	x2
.endm

	.text
	.globl	_start
_start:
	av_exc_install
	report_regs
	mrs	x2, mdscr_el1
	orr	x2, x2, #MDSCR_KDE
	orr	x2, x2, #MDSCR_MDE
	msr	mdscr_el1, x2
	/* An exit: the next entry switches the registers in. */
	av_sync	#0
	report_regs

	adr	x20, watched
	av_sync	x20
	msr	dbgwvr0_el1, x20
	mov	x2, #WCR_RW8
	msr	dbgwcr0_el1, x2
	isb
	msr	daifclr, #8
	mov	x19, #ROUNDS
1:	av_sync	x19
	str	x19, [x20]
	subs	x19, x19, #1
	b.ne	1b
	msr	daifset, #8
	av_done

	.balign	8
watched:
	.quad	0

	av_exc_vectors
