/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of smc_policy.c: SMCs the kernel does not answer (a SiP call, a
 * PSCI id with a non-zero immediate, a yielding call) and, in a VM with
 * ARMVCPU_VM_USER_PSCI, PSCI over HVC and SMC, which must reach the VMM,
 * while SMCCC_VERSION stays the kernel's. Each x0 after a call is reported.
 */
#include "guest/ucall.h"

.macro	call	conduit, imm, fn, a1=0
	ldr	x0, =\fn
	ldr	x1, =\a1
	mov	x2, #0
	\conduit	#\imm
	av_sync x0
.endm

	.text
	.globl	_start
_start:
	call	smc, 0, 0x82000001, 0x5151		/* SiP: the VMM's */
	call	smc, 0x77, 0x84000000			/* PSCI id, imm 0x77 */
	call	smc, 0, 0x04000000			/* yielding call */
	call	hvc, 0, 0x84000000			/* PSCI VERSION */
	call	smc, 0, 0xc4000003, 1			/* CPU_ON64, entry 0 */
	call	smc, 0, 0x80000000			/* SMCCC_VERSION */
	av_done
