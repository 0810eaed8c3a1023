/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of psci_smp.c: vCPU 0 starts vCPU 1 with CPU_ON and waits, with
 * AFFINITY_INFO, until it is off again; vCPU 1 reports its context id,
 * its MPIDR and what AFFINITY_INFO says of vCPU 0, then calls CPU_OFF.
 */
#include "guest/ucall.h"

#define CONTEXT_ID	0x5ec0

	.text
	.globl	_start
_start:
	ldr	x0, =0xc4000003			/* CPU_ON64 */
	mov	x1, #1
	adr	x2, secondary
	ldr	x3, =CONTEXT_ID
	hvc	#0
	av_sync x0
1:	ldr	x0, =0xc4000004			/* AFFINITY_INFO64(1, 0) */
	mov	x1, #1
	mov	x2, #0
	hvc	#0
	cmp	x0, #1				/* OFF */
	b.ne	1b
	av_sync #0x0ff
	av_done

secondary:
	av_sync x0
	mrs	x1, mpidr_el1
	av_sync x1
	ldr	x0, =0xc4000004			/* AFFINITY_INFO64(0, 0) */
	mov	x1, #0
	mov	x2, #0
	hvc	#0
	av_sync x0
	ldr	x0, =0x84000002			/* CPU_OFF */
	hvc	#0
	b	.
