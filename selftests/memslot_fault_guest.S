/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of memslot_fault.c: one pass over x21 pages from x20, as the host
 * sets x20-x25 before each RUN. For each page it reads the first word
 * and counts in x26 the pages where it is not (address & x23) ^ x22 (so
 * x23 = 0, x22 = 0 checks for zeroes), then, if x24 is not zero, stores
 * x24 at the page's offset x25. It reports x26 with a SYNC ucall and
 * starts the next pass.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	mov	x26, #0
	mov	x2, x20
	mov	x3, x21
1:	ldr	x4, [x2]
	and	x5, x2, x23
	eor	x5, x5, x22
	cmp	x4, x5
	cinc	x26, x26, ne
	cbz	x24, 2f
	str	x24, [x2, x25]
2:	add	x2, x2, #4096
	subs	x3, x3, #1
	b.ne	1b
	av_sync x26
	b	_start
