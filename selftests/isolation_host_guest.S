/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of isolation_host.c: writes its own values into the EL1/EL0
 * system registers the host kernel lives on, lets the host look at its
 * own, reads them back; reads host memory's address (x20, set by the
 * host) with LDR and LDP; asks the firmware to reset the machine and to
 * suspend the CPU over SMC.
 */
#include "guest/ucall.h"

/* Write @val to @reg (the host knows the values, in this order). */
.macro	set	reg, val
	ldr	x0, =\val
	msr	\reg, x0
.endm

.macro	report	reg
	mrs	x0, \reg
	av_sync x0
.endm

	.text
	.globl	_start
_start:
	set	tpidr_el1, 0xdeadbeefcafe0001
	set	vbar_el1, 0x40090000
	set	sctlr_el1, 0x34d5c800		/* RES1, UCI, UCT, DZE, nTWx */
	set	ttbr0_el1, 0x0000123456789000
	set	ttbr1_el1, 0x0001abcdef012000
	set	tcr_el1, 0x00000032b5193519
	set	mair_el1, 0x1122334455667788
	set	contextidr_el1, 0x4242
	set	cntkctl_el1, 0x303
	set	csselr_el1, 2
	set	tpidr_el0, 0x7070707070707070
	set	tpidrro_el0, 0x7171717171717171
	set	dbgbvr0_el1, 0x40081000
	set	dbgbcr0_el1, 0x1e6
	set	dbgwvr0_el1, 0x40082000
	set	dbgwcr0_el1, 0x1fe6
	set	mdscr_el1, 0xa000		/* MDE, KDE: switched in */
	isb
	av_sync #1		/* host compares its own */

	report	tpidr_el1
	report	vbar_el1
	report	sctlr_el1
	report	ttbr0_el1
	report	ttbr1_el1
	report	tcr_el1
	report	mair_el1
	report	contextidr_el1
	report	cntkctl_el1
	report	csselr_el1
	report	tpidr_el0
	report	tpidrro_el0
	report	dbgbvr0_el1
	report	dbgbcr0_el1
	report	dbgwvr0_el1
	report	dbgwcr0_el1

	ldr	x3, [x20]			/* host kernel's PA: MMIO */
	av_sync x3
	ldp	x3, x4, [x20]			/* no syndrome: NISV */

	ldr	x0, =0x84000009			/* SYSTEM_RESET over SMC */
	smc	#0
	ldr	x0, =0xc4000001			/* CPU_SUSPEND64 over SMC */
	mov	x1, #0x10000			/* power down */
	smc	#0
	av_sync x0
	av_done
