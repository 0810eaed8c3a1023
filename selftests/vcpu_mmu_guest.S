/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of vcpu_mmu.c: turns its own stage-1 MMU and caches on (identity
 * map, 1 GiB blocks: device memory below 1 GiB, normal memory above), then
 * makes many MMIO exits, each time checking a word of normal memory it
 * wrote before the exit; then installs its own vectors and takes an SVC,
 * whose ESR_EL1 it reports. Everything after the MMU is on only works if
 * every exit puts the guest's EL1 state back exactly.
 */
#include "guest/ucall.h"

#define PGTABLE		0x40200000
#define SCRATCH		0x40300000
#define LOOPS		200

	.text
	.globl	_start
_start:
	ldr	x1, =PGTABLE
	/* [0]: IPA 0..1 GiB, device nGnRnE (AttrIndx 0), AF, block. */
	mov	x2, #0x401
	str	x2, [x1]
	/* [1]: 1..2 GiB, normal (AttrIndx 1), inner shareable, AF, block. */
	ldr	x2, =0x40000705
	str	x2, [x1, #8]
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
	orr	x2, x2, #(1 << 2)		/* C */
	orr	x2, x2, #(1 << 12)		/* I */
	msr	sctlr_el1, x2
	isb

	ldr	x21, =SCRATCH
	mov	x20, #0
1:	add	x20, x20, #1
	mvn	x22, x20
	str	x22, [x21]
	av_sync x20
	ldr	x23, [x21]
	cmp	x23, x22
	av_assert_eq 1
	cmp	x20, #LOOPS
	b.ne	1b

	adr	x2, vectors
	msr	vbar_el1, x2
	isb
	mov	x20, #0
	svc	#0x77
	av_sync x20
	av_done
	.ltorg

/*
 * Only "current EL with SP_ELx, synchronous" (offset 0x200) is expected:
 * note ESR_EL1 and return past the SVC. Anything else parks the vCPU.
 */
	.balign	2048
vectors:
	.rept	4
	.balign	128
	b	.
	.endr
	.balign	128
	mrs	x20, esr_el1
	eret
