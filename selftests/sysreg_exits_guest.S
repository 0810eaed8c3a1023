/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of sysreg_exits.c: trapped system register accesses, in the
 * order the host expects them. Exits: physical timer read and write, a
 * read into XZR, ICC_SGI1R_EL1, ACTLR_EL1, a read the VMM makes UNDEF. In the
 * kernel: feature ID registers, set/way, MDSCR_EL1, the OS lock,
 * breakpoint registers, the PMU (UNDEF).
 */
#include "board.h"
#include "guest/av_exc.S"

/* Report a register's value to the host. */
.macro	report reg
	mrs	x20, \reg
	av_sync x20
.endm

	.text
	.globl	_start
_start:
	av_exc_install

	mov	x5, #0x77
	mrs	x5, cntp_ctl_el0		/* exit: read, VMM gives 5 */
	av_sync x5

	ldr	x7, =0x1122334455667788
	msr	cntp_cval_el0, x7		/* exit: write */

	mov	x9, sp
	ldr	x30, =0x3030303030303030
	mrs	xzr, cntpct_el0			/* exit: read into XZR */
	mov	x10, sp
	cmp	x9, x10
	av_assert_eq 1
	ldr	x11, =0x3030303030303030
	cmp	x30, x11
	av_assert_eq 2

	ldr	x9, =0x00ff00000001000f
	msr	s3_0_c12_c11_5, x9		/* ICC_SGI1R_EL1: exit */

	mrs	x6, actlr_el1			/* exit: implementation defined */
	av_sync x6

	mov	x4, #0x44
	mrs	x4, cntp_tval_el0		/* exit, VMM asks for UNDEF */
	av_sync x4		/* x4 untouched */

	report	id_aa64pfr0_el1
	report	id_aa64pfr1_el1
	report	id_aa64dfr0_el1
	report	id_aa64isar0_el1
	report	id_aa64isar1_el1
	report	id_aa64mmfr0_el1
	report	id_aa64mmfr1_el1
	report	s3_0_c0_c1_0			/* ID_PFR0_EL1 */
	report	s3_0_c0_c4_4			/* ID_AA64ZFR0_EL1 */
	report	s3_0_c0_c7_7			/* reserved ID space */

	mov	x0, #0
	dc	isw, x0				/* set/way: in the kernel */
	dc	csw, x0
	dc	cisw, x0
	av_sync #0x5e7

	mov	x0, #0xa001			/* MDE | KDE | SS */
	msr	mdscr_el1, x0
	report	mdscr_el1
	msr	mdscr_el1, xzr
	mov	x0, #1
	msr	oslar_el1, x0
	report	oslsr_el1
	msr	oslar_el1, xzr
	report	oslsr_el1
	ldr	x0, =BOARD_IMAGE_BASE
	msr	dbgbvr0_el1, x0
	report	dbgbvr0_el1

	mrs	x0, pmcr_el0			/* no PMU: UNDEF */
	av_done

	av_exc_vectors
