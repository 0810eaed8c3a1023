/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of isolation_gic.c; x0 (set by the host) picks the part.
 * 0, a VM with the in-kernel GIC: sets its own PMR, BPR1 and group 1
 * enable in the virtual CPU interface, writes ICC_SRE_EL1 = 0 and reports
 * what ICC_SRE_EL1 then reads, then its PMR, twice (the host runs another
 * VM on this CPU in between).
 * 1, a VM without it: touches the ICC registers the host expects to see
 * as SYSREG exits, in the host's order, and reports the PMR it read.
 * 2: nothing, just done (the host looks at EL2's controls).
 */
#include "guest/ucall.h"

/* ICC_* by encoding: the assembler's names vary between versions. */
#define ICC_PMR		s3_0_c4_c6_0
#define ICC_AP0R0	s3_0_c12_c8_4
#define ICC_AP1R0	s3_0_c12_c9_0
#define ICC_DIR		s3_0_c12_c11_1
#define ICC_RPR		s3_0_c12_c11_3
#define ICC_IAR1	s3_0_c12_c12_0
#define ICC_BPR1	s3_0_c12_c12_3
#define ICC_CTLR	s3_0_c12_c12_4
#define ICC_SRE		s3_0_c12_c12_5
#define ICC_IGRPEN0	s3_0_c12_c12_6
#define ICC_IGRPEN1	s3_0_c12_c12_7

	.text
	.globl	_start
_start:
	cbz	x0, with_gic
	cmp	x0, #1
	b.eq	without_gic
	av_done

with_gic:
	mov	x2, #0xa0
	msr	ICC_PMR, x2
	mov	x2, #3
	msr	ICC_BPR1, x2
	mov	x2, #1
	msr	ICC_IGRPEN1, x2
	msr	ICC_SRE, xzr
	isb
	mrs	x2, ICC_SRE
	av_sync x2
	mrs	x2, ICC_PMR
	av_sync x2
	mrs	x2, ICC_PMR
	av_sync x2
	av_done

without_gic:
	mrs	x2, ICC_PMR
	mov	x3, #0xf0
	msr	ICC_PMR, x3
	mrs	x3, ICC_CTLR
	mrs	x3, ICC_BPR1
	mrs	x3, ICC_IGRPEN1
	mrs	x3, ICC_IGRPEN0
	mrs	x3, ICC_AP1R0
	mrs	x3, ICC_AP0R0
	mrs	x3, ICC_RPR
	mrs	x3, ICC_IAR1
	msr	ICC_DIR, x3
	av_sync x2
	av_done
