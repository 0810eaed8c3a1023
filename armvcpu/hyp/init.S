/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ARMVCPU_HVC_INIT (part of hyp.S): entered from the init vectors with the
 * stub's EL2 state (MMU and caches off, no stack), x1 = PA of this CPU's
 * struct armvcpu_hyp_cpu. The host cleaned that struct to the point of
 * coherency, so the non-cacheable reads below see what it wrote.
 *
 * It turns on armvcpu's stage-1 MMU, then (now coherent with the host's
 * caches) saves the EL2 registers the kernel left, sets TPIDR_EL2, SP and
 * the main vectors.
 */
SYM_CODE_START_LOCAL(__armvcpu_hyp_init)
	mrs	x3, sctlr_el2
	mrs	x4, tcr_el2
	mrs	x5, mair_el2
	mrs	x6, ttbr0_el2
	mrs	x7, tpidr_el2

	ldr	x2, [x1, #HYP_CPU_CFG_MAIR]
	msr	mair_el2, x2
	ldr	x2, [x1, #HYP_CPU_CFG_TCR]
	msr	tcr_el2, x2
	ldr	x2, [x1, #HYP_CPU_CFG_TTBR0]
	msr	ttbr0_el2, x2
	isb
	/*
	 * Stale EL2 TLB entries or instruction-cache lines may remain from a
	 * previous load of the module at the same physical addresses.
	 */
	tlbi	alle2
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
	/*
	 * So may guest entries of every VMID: the VMID allocator starts
	 * again at 1, and a VM of the previous load, or one whose stage-2
	 * invalidation was skipped once EL2 was broken, could otherwise
	 * reach memory that went back to the host. Every CPU runs INIT
	 * before its first guest (at load, when it comes online, after an
	 * idle state that lost EL2), so each flushes only its own TLBs: a
	 * broadcast here would flush every host CPU on each idle wake-up.
	 */
	dsb	nshst
	tlbi	alle1
	dsb	nsh
	isb
	ldr	x2, [x1, #HYP_CPU_CFG_SCTLR]
	msr	sctlr_el2, x2
	isb

	/* Identity mapped, so execution simply continues with the MMU on. */
	stp	x3, x4, [x1, #HYP_CPU_SAVED_SCTLR]
	stp	x5, x6, [x1, #HYP_CPU_SAVED_MAIR]
	str	x7, [x1, #HYP_CPU_SAVED_TPIDR]
	add	x4, x1, #HYP_CPU_SAVED_HCR
	el2_regs_store x4, x2, x3

	str	xzr, [x1, #HYP_CPU_GUEST_CTXT]
	str	xzr, [x1, #HYP_CPU_HOST_CTXT]
	str	xzr, [x1, #HYP_CPU_LRS_CLEAN]
	mov	x2, #1
	str	x2, [x1, #HYP_CPU_OWNED]
	msr	tpidr_el2, x1
	ldr	x2, [x1, #HYP_CPU_STACK_TOP]
	mov	sp, x2
	adr	x2, __armvcpu_hyp_vectors
	msr	vbar_el2, x2
	isb
	mov	x0, #0
	eret
SYM_CODE_END(__armvcpu_hyp_init)
