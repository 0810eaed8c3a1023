/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of vcpu_memory.c. For each of two slots (x20/x21 and x22/x23:
 * base, size) it checks the host's pattern (addr ^ 0x5a5a5a5a5a5a5a5a) at
 * every 512 bytes and replaces it with ~addr. After the report, the host
 * deletes the first slot: the next load there must be an MMIO exit, whose
 * value the guest reports back.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	mov	x0, x20
	mov	x1, x21
	bl	check_and_write
	mov	x0, x22
	mov	x1, x23
	bl	check_and_write
	av_sync #1

	ldr	x9, [x20]
	av_sync x9
	av_done

/* x0 = base, x1 = size; uses x2-x5. */
check_and_write:
	ldr	x5, =0x5a5a5a5a5a5a5a5a
	add	x1, x0, x1
1:	ldr	x2, [x0]
	eor	x3, x0, x5
	cmp	x2, x3
	b.ne	2f
	mvn	x4, x0
	str	x4, [x0]
	add	x0, x0, #512
	cmp	x0, x1
	b.ne	1b
	ret
2:	av_ucall AV_UCALL_FAIL, x0
	b	.
	.ltorg
