/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of fault_ipa.c: with its stage-1 MMU on, it reaches a read-only
 * slot and an MMIO hole through virtual addresses that are not their
 * IPAs, so only a correct IPA (from HPFAR_EL2, or from AT S1E1R where
 * HPFAR_EL2 is not valid) makes the exits report the right address.
 */
#include "guest/ucall.h"

#define PGTABLE		0x40200000
#define ROM_VA		0x90000000	/* IPA 0x50000000, read-only slot */
#define HOLE_VA		0xa0000000	/* IPA 0x60000000, no slot */

	.text
	.globl	_start
_start:
	ldr	x1, =PGTABLE
	/* [0]: VA 0..1 GiB -> IPA 0, device nGnRnE (ucalls), AF, block. */
	mov	x2, #0x401
	str	x2, [x1]
	/* [1]: VA 1..2 GiB -> IPA 1 GiB, normal, inner shareable (code). */
	ldr	x2, =0x40000705
	str	x2, [x1, #8]
	/* [2]: VA 2..3 GiB -> IPA 1 GiB again, device. */
	ldr	x2, =0x40000401
	str	x2, [x1, #16]
	dsb	ish
	mov	x2, #0xff00			/* attr0 device, attr1 WB */
	msr	mair_el1, x2
	/* T0SZ 25, WBWA walks, inner shareable, 4K, EPD1, IPS 40 bits. */
	ldr	x2, =(25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23) | (2 << 32))
	msr	tcr_el1, x2
	msr	ttbr0_el1, x1
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	mrs	x2, sctlr_el1
	orr	x2, x2, #1			/* M */
	msr	sctlr_el1, x2
	isb

	ldr	x10, =ROM_VA
	ldr	x2, [x10]			/* maps the chunk, read-only */
	av_sync x2
	ldr	x3, =0x0123456789abcdef
	str	x3, [x10, #8]			/* permission fault: MMIO */
	ldr	x11, =HOLE_VA
	str	x3, [x11, #0x10]		/* translation fault: MMIO */
	ldr	x4, [x11, #0x18]		/* MMIO read */
	av_sync x4
	av_done
	.ltorg
