/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of vcpu_run.c: counts in x9 until it equals x10 (set by the host;
 * 0 means "forever"), then reports the count and finishes.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	mov	x9, #0
1:	add	x9, x9, #1
	cmp	x9, x10
	b.ne	1b
	av_sync x9
	av_done
