/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of vm_concurrent.c. Each vCPU counts in x9 up to x10, storing the
 * count to its own word at x11 and reading it back every time (so stage 2
 * and the TLB are exercised while vCPUs and VMs share host CPUs), then
 * reports the count, keeping MPIDR_EL1 in x15. With x12 != 0 it repeats
 * forever, reporting after every x10 iterations.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	mrs	x15, mpidr_el1
	mov	x9, #0
	mov	x13, #0
1:	add	x9, x9, #1
	str	x9, [x11]
	ldr	x14, [x11]
	cmp	x14, x9
	av_assert_eq 1
	add	x13, x13, #1
	cmp	x13, x10
	b.ne	1b
	mov	x13, #0
	av_sync x9
	cbnz	x12, 1b
	av_done
