/* SPDX-License-Identifier: GPL-2.0 */
/* Guest of serror_contain.c: counts its ucalls, for ever. */
#include "guest/av_guest.h"

	.text
	.globl	_start
_start:
	mov	x20, #0
1:	add	x20, x20, #1
	av_ucall AV_UCALL_SYNC, x20
	b	1b
