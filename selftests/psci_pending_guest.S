/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of psci_pending.c, run by the caller and the observer vCPUs
 * alike: AFFINITY_INFO(vCPU 1), then CPU_ON(vCPU 1), each result reported
 * by a SYNC ucall, over and over.
 */
#include "guest/ucall.h"

#define ENTRY		0x40081000
#define TARGET		1

	.text
	.globl	_start
_start:
	ldr	x0, =0xc4000004			/* AFFINITY_INFO */
	mov	x1, #TARGET
	mov	x2, #0
	hvc	#0
	av_sync x0
	ldr	x0, =0xc4000003			/* CPU_ON */
	mov	x1, #TARGET
	ldr	x2, =ENTRY
	mov	x3, #0
	hvc	#0
	av_sync x0
	b	_start
