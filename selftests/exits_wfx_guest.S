/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of exits_wfx.c: waits for an interrupt that never comes, forever,
 * alternating WFI and WFE, after telling the host it started.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	av_sync #0xf1
1:	wfi
	wfe
	b	1b
