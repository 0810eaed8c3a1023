/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of stats_fd.c: PSCI_VERSION PSCI_LOOPS times (answered by the
 * kernel), one feature ID register read (emulated by the kernel), three
 * MMIO stores and one hypercall for the VMM, then done.
 */
#include "guest/ucall.h"

#define MMIO		0x0b000000
#define PSCI_LOOPS	20000

	.text
	.globl	_start
_start:
	ldr	x20, =PSCI_LOOPS
1:	mov	x0, #0x84000000
	hvc	#0
	subs	x20, x20, #1
	b.ne	1b

	mrs	x7, id_aa64pfr0_el1
	mov	x10, #MMIO
	str	x7, [x10]
	str	x7, [x10, #8]
	str	x7, [x10, #16]
	mov	x0, #0x42
	hvc	#1
	av_done
	.ltorg
