/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of debug_hw.c. Reports ID_AA64DFR0_EL1, reads the last breakpoint
 * and watchpoint value registers the ID register promises and the first
 * beyond (UNDEF where it exists), writes DBGBCR0 with RES0 bits, then
 * programs breakpoint 0 on bp_target and watchpoint 0 on watched, sets
 * MDSCR_EL1.MDE and KDE, unmasks PSTATE.D and takes both exceptions. With
 * the OS lock set neither fires; once it is released the breakpoint fires
 * again. Last, DBGBVR1 written while the registers are the guest's (no
 * trap) must reach the host's ONE_REG.
 *
 * With x0 = 1 instead, the lazy switch: HVC #n (one HYPERCALL exit each,
 * so the host sees the MDCR_EL2 of the entry that ran up to it; its
 * completion writes x0-x3) after each step that should turn the trap on
 * or off.
 */
#include "guest/av_exc.S"

#define MDSCR_KDE	(1 << 13)
#define MDSCR_MDE	(1 << 15)
/* DBGBCR: E, PMC = EL1 and EL0, BAS = 0b1111: an address breakpoint. */
#define BCR_EXEC	0x1e7
/* DBGWCR: E, PAC = EL1 and EL0, LSC = loads and stores, BAS = 8 bytes. */
#define WCR_RW8		0x1fff

	.text
	.globl	_start
_start:
	cbnz	x0, lazy
	av_exc_install
	mrs	x19, id_aa64dfr0_el1
	av_sync	x19

	/* DBGBVR<BRPs>_EL1 reads 0, DBGBVR<BRPs + 1>_EL1 is UNDEF. */
	ubfx	x20, x19, #12, #4
	adr	x21, bvr_read
	bl	read_last_and_next
	/* The same for the watchpoints. */
	ubfx	x20, x19, #20, #4
	adr	x21, wvr_read
	bl	read_last_and_next

	/* RES0 bits of a trapped write are dropped. */
	mov	x2, #-2
	msr	dbgbcr0_el1, x2
	mrs	x2, dbgbcr0_el1
	av_sync	x2

	adr	x20, bp_target
	adr	x21, watched
	adr	x22, wp_store
	av_sync	x20
	av_sync	x21
	av_sync	x22
	msr	dbgbvr0_el1, x20
	mov	x2, #BCR_EXEC
	msr	dbgbcr0_el1, x2
	msr	dbgwvr0_el1, x21
	mov	x2, #WCR_RW8
	msr	dbgwcr0_el1, x2
	mrs	x2, mdscr_el1
	orr	x2, x2, #MDSCR_KDE
	orr	x2, x2, #MDSCR_MDE
	msr	mdscr_el1, x2
	isb
	msr	daifclr, #8
	isb
	bl	bp_target
	mov	x2, #42
wp_store:
	str	x2, [x21]

	/* The OS lock: nothing fires, MDSCR_EL1 still reads as written. */
	mov	x2, #1
	msr	oslar_el1, x2
	isb
	bl	bp_target
	str	x2, [x21]
	mrs	x2, mdscr_el1
	av_sync	x2
	mrs	x2, oslsr_el1
	av_sync	x2
	msr	oslar_el1, xzr
	isb
	bl	bp_target

	/* MDE is set: this write goes to the hardware, not through a trap. */
	mov	x2, #0xabc0
	msr	dbgbvr1_el1, x2
	msr	daifset, #8
	av_done

/* An HYPERCALL exit with immediate \n (x0 is the SMCCC id, clobbered). */
.macro	step n
	ldr	x0, =0xc6001234
	hvc	#\n
.endm

lazy:
	step	1			/* nothing used yet: TDA */
	msr	dbgbvr1_el1, xzr	/* trapped: the next entry switches */
	step	2			/* no TDA */
	step	3			/* the write is forgotten: TDA */
	mrs	x2, mdscr_el1
	orr	x2, x2, #MDSCR_MDE
	msr	mdscr_el1, x2
	step	4			/* MDE: no TDA */
	step	5			/* and again */
	mov	x2, #1
	msr	oslar_el1, x2
	step	6			/* OS lock: TDA */
	msr	oslar_el1, xzr
	step	7			/* no TDA */
	mrs	x2, mdscr_el1
	bic	x2, x2, #MDSCR_MDE
	msr	mdscr_el1, x2		/* not trapped, saved at the exit */
	step	8			/* this entry: still no TDA */
	step	9			/* then TDA */
	av_done

/* x20 = BRPs or WRPs (count - 1), x21 = table: read n = x20, x20 + 1. */
read_last_and_next:
	mov	x23, x30
	add	x2, x21, x20, lsl #3
	blr	x2
	av_sync	x2
	cmp	x20, #15
	b.eq	1f
	add	x2, x21, x20, lsl #3
	add	x2, x2, #8
	blr	x2
1:	ret	x23

bp_target:
	nop
	ret

	.balign	8
watched:
	.quad	0

/* Entry n: x2 = DBGBVR<n>_EL1 (or DBGWVR), two instructions each. */
bvr_read:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	mrs	x2, dbgbvr\n\()_el1
	ret
	.endr
wvr_read:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	mrs	x2, dbgwvr\n\()_el1
	ret
	.endr

	av_exc_vectors
