/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest side of the selftests' ucall channel, for assembly and C guests:
 * the guest stores its code (x0) with x1 as argument by an 8-byte write
 * to AV_UCALL_ADDR, which no memslot covers, so it becomes an MMIO exit.
 * The host side is selftests/lib/armvcpu_util.c.
 */
#ifndef __SELFTESTS_GUEST_AV_GUEST_H
#define __SELFTESTS_GUEST_AV_GUEST_H

#define AV_UCALL_ADDR		0x0a000000
/* The argument is written at AV_UCALL_ADDR + 8 before the code. */
#define AV_UCALL_ARG_ADDR	0x0a000008
#define AV_UCALL_DONE		1
#define AV_UCALL_FAIL		2	/* arg: source line */
#define AV_UCALL_SYNC		3	/* arg: test defined */

#ifdef __ASSEMBLER__
/* ucall code, arg: five instructions; clobbers x0, x1 and x28. */
.macro	av_ucall code, arg
	mov	x28, #AV_UCALL_ADDR
	mov	x1, \arg
	str	x1, [x28, #8]
	mov	x0, #\code
	str	x0, [x28]
.endm

.macro	av_done
	av_ucall AV_UCALL_DONE, #0

	/* Nothing left to do: park. */
	b	.
.endm

/* Fail with @id (say, the source line) unless the flags say "eq". */
.macro	av_assert_eq id
	/* Skips the five instructions of av_ucall. */
	b.eq	. + 24
	av_ucall AV_UCALL_FAIL, #\id
.endm
#endif

#endif /* __SELFTESTS_GUEST_AV_GUEST_H */
