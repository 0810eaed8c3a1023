/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of spectre_exit.c. With x0 = 0 at entry: the SMCCC workaround
 * answers, over HVC (WORKAROUND_1/_3 answered at EL2) then SMC (answered
 * by the host), each call reporting X0 and then X1 | X2 | X3. With x0 != 0:
 * rounds of exits (WORKAROUND_1 over HVC, at EL2; WORKAROUND_3 over SMC,
 * through the host) between a SYNC 0 and a SYNC 1, after which every
 * register the calls do not return in must still hold what it held.
 */
#include "guest/ucall.h"

#define ARCH_FEATURES	0x80000001
#define WA1		0x80008000
#define WA2		0x80007fff
#define WA3		0x80003fff
#define CALLS		8
#define PATTERN		0xa7c05a0000000000

.macro	smccc	conduit, fn, arg=0
	ldr	x0, =\fn
	ldr	x1, =\arg
	mov	x2, #2
	mov	x3, #3
	\conduit	#0
	orr	x27, x1, x2
	orr	x27, x27, x3
	av_sync x0
	av_sync x27
.endm

.macro	answers conduit
	smccc	\conduit, ARCH_FEATURES, WA1
	smccc	\conduit, ARCH_FEATURES, WA2
	smccc	\conduit, ARCH_FEATURES, WA3
	smccc	\conduit, WA1
	smccc	\conduit, 0xffffffff00000000 + WA1	/* W0 counts */
	smccc	\conduit, WA3
.endm

/* x26 counts the calls: every other x4-x30 holds its pattern. */
#define KEPT	4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, \
		20, 21, 22, 23, 24, 25, 27, 28, 29, 30

	.text
	.globl	_start
_start:
	cbnz	x0, round
	answers	hvc
	answers	smc
	av_done

round:
	av_sync #0
	.irp	n, KEPT
	ldr	x\n, =PATTERN + \n
	.endr
	mov	x26, #CALLS
1:
	ldr	x0, =WA1
	hvc	#0
	ldr	x0, =WA3
	smc	#0
	sub	x26, x26, #1
	cbnz	x26, 1b
	.irp	n, KEPT
	ldr	x0, =PATTERN + \n
	cmp	x\n, x0
	av_assert_eq \n
	.endr
	av_sync #1
	b	round
