/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of guest_debug_hw.c. Programs breakpoint 0 and watchpoint 0 of
 * its own (disabled: E clear, so they never fire) and sets MDSCR_EL1.MDE,
 * which has them switched in, then reports ID_AA64DFR0_EL1, hw_site,
 * watch_site and watched. It runs hw_site and reports 5, stores 0x77 to watched and
 * reports what it reads back, then its own DBGBVR0, DBGBCR0, DBGWVR0 and
 * MDSCR_EL1 twice (the host switches its own breakpoints off between the
 * two reads).
 */
#include "guest/av_exc.S"

#define MDSCR_MDE	(1 << 15)
/* The guest's own values: PMC = EL1 and EL0, BAS = 0b1111, E clear. */
#define OWN_BCR		0x1e6
#define OWN_BVR		0x40123450
#define OWN_WVR		0x40234560

	.text
	.globl	_start
_start:
	av_exc_install
	ldr	x2, =OWN_BVR
	msr	dbgbvr0_el1, x2
	mov	x2, #OWN_BCR
	msr	dbgbcr0_el1, x2
	ldr	x2, =OWN_WVR
	msr	dbgwvr0_el1, x2
	mov	x2, #MDSCR_MDE
	msr	mdscr_el1, x2
	isb

	mrs	x2, id_aa64dfr0_el1
	av_sync	x2
	adr	x2, hw_site
	av_sync	x2
	adr	x2, watch_site
	av_sync	x2
	adr	x2, watched
	av_sync	x2
hw_site:
	mov	x3, #5
	av_sync	x3
	adr	x4, watched
	mov	x5, #0x77
watch_site:
	str	x5, [x4]
	ldr	x6, [x4]
	av_sync	x6

	mov	x19, #2
1:	mrs	x2, dbgbvr0_el1
	av_sync	x2
	mrs	x2, dbgbcr0_el1
	av_sync	x2
	mrs	x2, dbgwvr0_el1
	av_sync	x2
	mrs	x2, mdscr_el1
	av_sync	x2
	subs	x19, x19, #1
	b.ne	1b
	av_done

	.ltorg
	.balign	8
watched:
	.quad	0

	av_exc_vectors
