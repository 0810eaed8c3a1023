/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of vcpu_fp.c. Checks V0-V31, FPSR and FPCR hold what the host set
 * through ONE_REG (every byte of Vn = 0x10 + n), replaces them all (every
 * byte of Vn = 0xa0 + n, FPCR rounding mode = towards zero), reports, and
 * after the next RUN checks its own values survived the host's.
 *
 * Each leg first makes an exit the kernel answers (PSCI_VERSION) before
 * touching FP/SIMD: armvcpu switches FP lazily, so that exit and re-entry
 * run with the guest's registers not loaded, and the first FP instruction
 * after it must still find the guest's own values, never the host's.
 */
#include "guest/ucall.h"

.macro	check_v base, n
	umov	x2, v\n\().d[0]
	umov	x3, v\n\().d[1]
	ldr	x4, =(0x0101010101010101 * (\base + \n))
	cmp	x2, x4
	av_assert_eq (\base * 100 + \n)
	cmp	x3, x4
	av_assert_eq (\base * 100 + \n)
.endm

.macro	check_all base
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	check_v	\base, \n
	.endr
	.irp	n, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	check_v	\base, \n
	.endr
.endm

/* An exit the kernel answers without the VMM, and without FP/SIMD. */
.macro	kernel_exit
	mov	w0, #0x84000000		/* PSCI_VERSION */
	hvc	#0
	mov	w2, #1			/* 1.1 */
	movk	w2, #1, lsl #16
	cmp	w0, w2
	av_assert_eq 4
.endm

	.text
	.globl	_start
_start:
	kernel_exit
	check_all 0x10
	mrs	x2, fpsr
	mov	x3, #0x8000000
	cmp	x2, x3
	av_assert_eq 1
	mrs	x2, fpcr
	mov	x3, #0x1000000
	cmp	x2, x3
	av_assert_eq 2

	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movi	v\n\().16b, #(0xa0 + \n)
	.endr
	.irp	n, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	movi	v\n\().16b, #(0xa0 + \n)
	.endr
	mov	x2, #0xc00000
	msr	fpcr, x2
	msr	fpsr, xzr
	av_sync #0

	kernel_exit
	check_all 0xa0
	mrs	x2, fpcr
	mov	x3, #0xc00000
	cmp	x2, x3
	av_assert_eq 3
	av_done
	.ltorg
