/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Branch-predictor hardening on guest exit, and the SMCCC workaround calls
 * answered at EL2 (part of hyp.S).
 *
 * A guest can train the branch predictor (Spectre-v2) or fill the branch
 * history (Spectre-BHB) so that the host kernel, or the next VM, mispredicts
 * into a gadget of its choosing. The host's own mitigations sit on its
 * user-entry path, which a guest exit never crosses: the exit must clean up
 * itself, as KVM's hyp vectors do (__bp_harden_hyp_vecs, hyp-entry.S).
 * armvcpu/el2/spectre.c decides per CPU, from the kernel's view of that CPU,
 * what HYP_CPU_SPECTRE holds; the vectors call this only when it is not 0.
 */

/*
 * __armvcpu_spectre_harden: x0 = this CPU's struct, x1 = its non-zero
 * HYP_CPU_SPECTRE, x30 = return. Every register but x0/x1/x30 still holds
 * the guest's value (x0, x1 and x30 are on the EL2 stack), so x2/x3, which
 * an SMCCC 1.1 firmware call may clobber, are saved around it. In KVM's
 * order: firmware call, then CLRBHB, then the BHB loop.
 */
SYM_CODE_START_LOCAL(__armvcpu_spectre_harden)
	tbz	x1, #HYP_SPECTRE_FW_BIT, 1f
	/*
	 * SMCCC_ARCH_WORKAROUND_1 or _3: EL3 invalidates the predictor
	 * (and, for _3, the branch history) for us.
	 */
	stp	x2, x3, [sp, #-16]!
	ldr	x0, [x0, #HYP_CPU_SPECTRE_FW]
	smc	#0
	ldp	x2, x3, [sp], #16
	mrs	x0, tpidr_el2
	ldr	x1, [x0, #HYP_CPU_SPECTRE]
1:
	tbz	x1, #HYP_SPECTRE_CLRBHB_BIT, 2f
	hint	#22			/* CLRBHB (FEAT_CLRBHB) */
	isb
2:
	/*
	 * Enough taken branches to push every guest entry out of the branch
	 * history; the count is the CPU's (the kernel's per-MIDR table).
	 */
	ands	x1, x1, #HYP_SPECTRE_LOOP_MASK
	b.eq	4f
3:
	b	. + 4
	subs	x1, x1, #1
	b.ne	3b
	dsb	nsh
	isb
4:
	ldr	x1, [x0, #HYP_CPU_SPECTRE_RUNS]
	add	x1, x1, #1
	str	x1, [x0, #HYP_CPU_SPECTRE_RUNS]
	ret
SYM_CODE_END(__armvcpu_spectre_harden)

/*
 * guest_sync: a synchronous guest exit, after the hardening. Guest x0/x1
 * on the stack.
 *
 * SMCCC_ARCH_WORKAROUND_1 and _3 from an AArch64 guest are answered here
 * without a world switch: a guest that makes them on every context switch
 * would otherwise pay a full exit to host EL1 and back for a constant
 * answer, and the exit already did what the call asks. Only "HVC #0"
 * qualifies (ESR_EL2 exactly EC HVC64, IL, imm 0: other immediates are the
 * VMM's protocol); W0 is matched as SMCCC 1.1 says. X0 is the answer
 * armvcpu_psci_call() gives on the slow path (HYP_CPU_WA1_RET/WA3_RET,
 * written by el2/spectre.c), X1-X3 are 0; ELR_EL2 already points past the HVC.
 * Anything else is an exit to the host.
 */
SYM_CODE_START_LOCAL(guest_sync)
	mrs	x0, esr_el2
	mov	w1, #(ESR_ELx_EC_HVC64 << ESR_ELx_EC_SHIFT) | ESR_ELx_IL
	cmp	w0, w1
	b.ne	1f
	ldr	w0, [sp]
	/*
	 * Both calls are 0x8000xxxx: anything else (PSCI is 0x84/0xc4...)
	 * leaves after one test instead of two compares.
	 */
	tst	w0, #0x7fff0000
	b.ne	1f
	mov	w1, #ARM_SMCCC_ARCH_WORKAROUND_1
	cmp	w0, w1
	mov	x1, #HYP_CPU_WA1_RET
	b.eq	2f
	mov	w1, #ARM_SMCCC_ARCH_WORKAROUND_3
	cmp	w0, w1
	b.ne	1f
	mov	x1, #HYP_CPU_WA3_RET
2:
	mrs	x0, tpidr_el2
	ldr	x0, [x0, x1]
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	add	sp, sp, #16
	eret
	/* Nothing after the eret may run speculatively. */
	dsb	nsh
	isb
1:
	mov	x0, #HYP_EXIT_SYNC
	b	__armvcpu_guest_exit
SYM_CODE_END(guest_sync)
