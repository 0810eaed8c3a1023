/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of el2_fault.c: counts its ucalls, for ever. Its registers are
 * whatever the test set through ONE_REG; it never reads them.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	mov	x20, #0
1:	add	x20, x20, #1
	av_sync x20
	b	1b
