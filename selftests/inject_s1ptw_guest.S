/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of inject_s1ptw.c: turns its MMU on with the stage-1 tables the
 * host wrote at TABLES (an identity map of the ucall device and of RAM,
 * and a table entry for VA 2-3 GiB pointing at an IPA outside memory),
 * then loads from and branches into that gigabyte: both walks leave guest
 * memory and must come back as aborts in the guest.
 */
#include "board.h"
#include "guest/av_exc.S"

#define TABLES	(BOARD_RAM_BASE + 0x200000)
#define BAD_VA	0x80001000

	.text
	.globl	_start
_start:
	av_exc_install
	ldr	x0, =0xff00			/* attr0 Device, attr1 Normal WB */
	msr	mair_el1, x0
	ldr	x0, =0x803519			/* T0SZ 25, 4K, WBWA, ISH, EPD1 */
	msr	tcr_el1, x0
	ldr	x0, =TABLES
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =0x30d01805			/* RES1, M, C, I */
	msr	sctlr_el1, x0
	isb
	av_sync #1		/* the MMU is on */

	ldr	x9, =BAD_VA
	ldr	x3, [x9]			/* walk outside memory: dabt */
	adr	x27, 1f
	blr	x9				/* walk outside memory: pabt */
1:	av_done

	av_exc_vectors
