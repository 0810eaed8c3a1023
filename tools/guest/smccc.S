/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest_hvc() and guest_smc(): x0 = function id, x1-x6 = arguments, x7 =
 * struct smccc_res *, which receives x0-x3. SMCCC 1.0 lets the callee
 * clobber x4-x17, which AAPCS64 lets any function do: as out-of-line
 * functions these calls need no clobber lists.
 */

.macro	smccc_call insn
	str	x7, [sp, #-16]!
	\insn	#0
	ldr	x7, [sp], #16
	stp	x0, x1, [x7]
	stp	x2, x3, [x7, #16]
	ret
.endm

	.text
	.global	guest_hvc
guest_hvc:
	smccc_call hvc

	.global	guest_smc
guest_smc:
	smccc_call smc
