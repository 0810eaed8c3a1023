/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of trace_events.c: exits whose every field the host knows. Three
 * MMIO stores and one load the VMM serves, two hypercalls to the VMM, a
 * feature ID register the kernel emulates (its value reported) and
 * PSCI_VERSION, which the kernel answers (its answer reported).
 */
#include "guest/ucall.h"

#define MMIO		0x0b000000
#define PSCI_VERSION	0x84000000

	.text
	.globl	_start
_start:
	mov	x10, #MMIO
	mov	x5, #0x100
	str	x5, [x10]
	mov	x5, #0x101
	str	x5, [x10, #8]
	mov	x5, #0x102
	str	x5, [x10, #16]
	ldr	w6, [x10, #0x100]
	av_sync x6

	mov	x0, #0x42
	hvc	#1
	mov	x0, #0x43
	hvc	#1

	mrs	x7, id_aa64pfr0_el1
	av_sync x7

	mov	x0, #PSCI_VERSION
	hvc	#0
	av_sync x0
	av_done
