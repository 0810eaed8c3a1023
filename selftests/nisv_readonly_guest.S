/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of nisv_readonly.c: reads of a read-only slot come from memory,
 * writes to it become MMIO write exits (or MMIO_NISV without a syndrome)
 * and never reach the memory; WFI and WFE return.
 */
#include "guest/av_exc.S"

#define ROM	0x50000000

	.text
	.globl	_start
_start:
	av_exc_install
	ldr	x10, =ROM
	ldr	x1, [x10]			/* from memory, no exit */
	av_sync x1
	ldr	x2, =0x0123456789abcdef
	str	x2, [x10, #8]			/* MMIO write exit */
	strh	w2, [x10, #18]			/* MMIO write exit, 2 bytes */
	ldr	x3, [x10, #8]			/* memory is unchanged */
	av_sync x3
	stp	x2, x2, [x10, #32]		/* NISV, VMM injects an abort */

	wfi
	wfe
	av_sync #0xf1
	av_done

	av_exc_vectors
