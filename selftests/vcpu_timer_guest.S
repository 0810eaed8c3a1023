/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of vcpu_timer.c: reports its virtual counter twice, then reads
 * the physical counter, which must trap to the host (CNTHCTL_EL2), and
 * reports what it got.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	isb
	mrs	x9, cntvct_el0
	av_sync x9
	isb
	mrs	x9, cntvct_el0
	av_sync x9
	mrs	x9, cntpct_el0
	av_sync x9
	av_done
