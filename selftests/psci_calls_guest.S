/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of psci_calls.c: every PSCI 1.1 function and the SMCCC arch calls,
 * first over HVC, then over SMC, each result reported by a SYNC ucall in
 * the order psci_calls.c expects them. Garbage in the top halves of
 * X0-X3 checks that the kernel matches W0 and reads SMC32 arguments
 * from W1-W3.
 */
#include "guest/ucall.h"

#define ENTRY	0x40081000
#define GARBAGE1	0xffffffff00000000
#define GARBAGE2	0xaaaaaaaa00000000

/* One call: x0 = @fn, x1-x3 = @a1-@a3, then report x0. */
.macro	call	conduit, fn, a1=0, a2=0, a3=0
	ldr	x0, =\fn
	ldr	x1, =\a1
	ldr	x2, =\a2
	ldr	x3, =\a3
	\conduit	#0
	av_sync x0
.endm

/*
 * WORKAROUND_1, answered at EL2 over HVC and at host EL1 over SMC: both
 * must give the same X0 and zero X1-X3. Reports X0, then X1 | X2 | X3.
 */
.macro	wa1	conduit, fn
	ldr	x0, =\fn
	mov	x1, #1
	mov	x2, #2
	mov	x3, #3
	\conduit	#0
	orr	x27, x1, x2
	orr	x27, x27, x3
	av_sync x0
	av_sync x27
.endm

/* @on: vCPU the host starts; @refused: vCPU whose start the host refuses. */
.macro	all_calls conduit, on, refused
	call	\conduit, 0x84000000			/* VERSION */
	call	\conduit, 0xdeadbeef84000000		/* VERSION, W0 */
	call	\conduit, 0xc4000000			/* no 64-bit VERSION */
	call	\conduit, 0x8400000a, 0x84000000	/* FEATURES(VERSION) */
	call	\conduit, 0x8400000a, 0xc4000003	/* FEATURES(CPU_ON64) */
	call	\conduit, 0x8400000a, 0xc4000000	/* FEATURES(undefined) */
	call	\conduit, 0x8400000a, 0x80000000	/* FEATURES(SMCCC_VERSION) */
	call	\conduit, 0x8400000a, 0x84000005	/* FEATURES(MIGRATE) */
	call	\conduit, 0x84000006			/* MIGRATE_INFO_TYPE */
	call	\conduit, 0x84000001, 0			/* CPU_SUSPEND */
	call	\conduit, 0xc4000001, 0x10000		/* CPU_SUSPEND64 */
	call	\conduit, 0xc4000004, 0, 0		/* AFFINITY_INFO(self) */
	call	\conduit, 0x84000004, 0xffffffff00000000, 0 /* W1 = self */
	call	\conduit, 0xc4000004, \on, 0		/* not started: OFF */
	call	\conduit, 0xc4000004, 5, 0		/* no such vCPU */
	call	\conduit, 0xc4000004, 0, 4		/* level 4 */
	call	\conduit, 0x84000005			/* MIGRATE */
	call	\conduit, 0x8400001f			/* unknown PSCI */
	call	\conduit, 0x80000000			/* SMCCC_VERSION */
	call	\conduit, 0x80000001, 0x80000000	/* ARCH_FEATURES(VERSION) */
	call	\conduit, 0x80000001, 0x80008000	/* ARCH_FEATURES(WA_1) */
	call	\conduit, 0x80000002			/* unknown arch call */
	wa1	\conduit, 0x80008000			/* WORKAROUND_1 */
	wa1	\conduit, 0xdeadbeef80008000		/* WORKAROUND_1, W0 */
	call	\conduit, 0xc4000003, 0, ENTRY		/* CPU_ON(self) */
	call	\conduit, 0xc4000003, 0x1000000, ENTRY	/* non-affinity bit */
	call	\conduit, 0xc4000003, 7, ENTRY		/* no such vCPU */
	call	\conduit, 0xc4000003, \on, 0x1000	/* entry outside RAM */
	call	\conduit, 0xc4000003, \on, ENTRY + 2	/* unaligned entry */
	/* Exits from here on. */
	call	\conduit, 0xc4000003, \on, ENTRY, 0x1234	/* CPU_UP, 0 */
	call	\conduit, 0xc4000004, \on, 0		/* now ON */
	call	\conduit, 0xc4000003, \on, ENTRY	/* ALREADY_ON */
	/* SMC32 CPU_ON with garbage above W0-W3: CPU_UP, VMM refuses */
	call	\conduit, 0xffffffff84000003, GARBAGE1 + \refused, \
		GARBAGE2 + ENTRY, 0x5555555500000077
	call	\conduit, 0xc4000004, \refused, 0	/* refused: OFF */
	call	\conduit, 0x84000002			/* CPU_OFF: CPU_DOWN */
	call	\conduit, 0x84000008			/* SYSTEM_OFF */
	call	\conduit, 0x84000009			/* SYSTEM_RESET */
	call	\conduit, 0xc4000012, 0, 0xc00c1e	/* RESET2 warm */
	call	\conduit, 0x84000012, 0x80000001, 0xfedcba9876543210 /* vendor */
	call	\conduit, 0xc4000012, 1, 0		/* RESET2 type 1 */
	call	\conduit, 0xc4000004, \on, 0		/* reset forgot: OFF */
.endm

	.text
	.globl	_start
_start:
	all_calls hvc, 1, 2
	all_calls smc, 2, 3
	av_done
