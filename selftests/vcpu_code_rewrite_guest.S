/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of vcpu_code_rewrite.c. It reports the instruction word at
 * "patch" read as data, then runs it; that instruction sets the second
 * report's argument. The host rewrites "patch" with "alt" between runs.
 * "patch" is reached by a branch so that it starts a translation block
 * of its own in QEMU, not at the start of the image.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	ldr	w2, patch
	av_sync x2
	b	patch
patch:
	mov	x1, #0xa
	mov	x28, #AV_UCALL_ADDR
	str	x1, [x28, #8]
	mov	x0, #AV_UCALL_SYNC
	str	x0, [x28]
	b	.
	.globl	alt
alt:
	mov	x1, #0xb
