/* SPDX-License-Identifier: GPL-2.0 */
/* Guest of el2_regs.c: one exit to userspace, then done. */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	av_sync #0xe12
	av_done
