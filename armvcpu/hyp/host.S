/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host calls, return to the host, hand-back to the stub and the EL2 fault
 * path (part of hyp.S).
 */

/*
 * host_sync: a synchronous exception from the host. x0 = this CPU's struct,
 * host x0/x1 on the EL2 stack. The host's x19-x30 and ELR/SPSR_EL2 are saved
 * first, so that __armvcpu_host_return (and the fault path) can always
 * return to the instruction after the host's HVC with them intact, whatever
 * ran at EL2 in between.
 */
SYM_CODE_START_LOCAL(host_sync)
	stp	x19, x20, [x0, #HYP_CPU_HOST_X19]
	stp	x21, x22, [x0, #HYP_CPU_HOST_X19 + 16]
	stp	x23, x24, [x0, #HYP_CPU_HOST_X19 + 32]
	stp	x25, x26, [x0, #HYP_CPU_HOST_X19 + 48]
	stp	x27, x28, [x0, #HYP_CPU_HOST_X19 + 64]
	stp	x29, x30, [x0, #HYP_CPU_HOST_X19 + 80]
	mrs	x19, elr_el2
	mrs	x20, spsr_el2
	stp	x19, x20, [x0, #HYP_CPU_HOST_ELR]
	mrs	x19, esr_el2
	ubfx	x19, x19, #ESR_ELx_EC_SHIFT, #ESR_ELx_EC_WIDTH
	ldp	x0, x1, [sp], #16
	cmp	x19, #ESR_ELx_EC_HVC64
	b.ne	host_bad_sync

	/* The stub's ABI first: x1..x4 are its arguments, keep them. */
	cmp	x0, #HVC_RESET_VECTORS
	b.ls	host_stub_call

	/*
	 * Then armvcpu's ids, ARMVCPU_HVC_BASE + n: entry n of
	 * host_call_table. The 64-bit subtraction puts every other id at or
	 * above ARMVCPU_HVC_NR. MOV, not mov_q: the base is one MOVZ.
	 */
	mov	x19, #ARMVCPU_HVC_BASE
	sub	x19, x0, x19
	cmp	x19, #ARMVCPU_HVC_NR
	b.hs	host_call_unknown
	adr	x20, host_call_table
	add	x20, x20, x19, lsl #2
	br	x20
SYM_CODE_END(host_sync)

/* HVC_SET_VECTORS, HVC_SOFT_RESTART or HVC_RESET_VECTORS. */
SYM_CODE_START_LOCAL(host_stub_call)
	cmp	x0, #HVC_SET_VECTORS
	b.eq	hvc_set_vectors
	cmp	x0, #HVC_SOFT_RESTART
	b.eq	hvc_soft_restart
	b	hvc_reset_vectors
SYM_CODE_END(host_stub_call)
.if HVC_SET_VECTORS != 0 || HVC_SOFT_RESTART != 1 || HVC_RESET_VECTORS != 2
	.error	"host_stub_call: the stub's ids are not 0, 1 and 2"
.endif

/*
 * host_call id, target: the entry of host_call_table for armvcpu's \id,
 * at index \id - ARMVCPU_HVC_BASE. The entries come in id order, one per
 * id from ARMVCPU_HVC_BASE up: anything else does not assemble.
 */
.macro	host_call id, target
	.if	. - host_call_table != 4 * ((\id) - ARMVCPU_HVC_BASE)
	.error	"host_call_table: an id out of order or missing"
	.endif
	b	\target
.endm

/*
 * One B per armvcpu id, entered by host_sync's BR with x0..x3 as the host
 * made the call. EL2 runs without BTI: its page tables (el2/pgtable.c) set
 * no GP bit and INIT_SCTLR_EL2_MMU_ON no SCTLR_EL2.BT, so the entries need
 * no BTI J landing pad. KVM's hyp sets SCTLR_EL2.BT in hyp-init.S when
 * the kernel uses BTI, and its hyp code then carries landing pads;
 * whoever turns BTI on here must add one to every entry.
 */
SYM_CODE_START_LOCAL(host_call_table)
	host_call ARMVCPU_HVC_PING,		hvc_ping
	/* INIT is the init vectors' (init.S): a second one is unknown here. */
	host_call ARMVCPU_HVC_INIT,		host_call_unknown
	host_call ARMVCPU_HVC_VCPU_RUN,		__armvcpu_vcpu_run
#ifdef ARMVCPU_TEST
	host_call ARMVCPU_HVC_TEST_FAULT,	hvc_test_fault
#else
	host_call ARMVCPU_HVC_TEST_FAULT,	host_call_unknown
#endif
	host_call ARMVCPU_HVC_TLB_FLUSH_VMID,	__armvcpu_tlb_flush_vmid
	host_call ARMVCPU_HVC_TLB_FLUSH_ALL,	__armvcpu_tlb_flush_all
#ifdef ARMVCPU_TEST
	host_call ARMVCPU_HVC_READ_EL2_REGS,	hvc_read_el2_regs
#else
	host_call ARMVCPU_HVC_READ_EL2_REGS,	host_call_unknown
#endif
	.if	. - host_call_table != 4 * ARMVCPU_HVC_NR
	.error	"host_call_table: not one entry per id below ARMVCPU_HVC_NR"
	.endif
SYM_CODE_END(host_call_table)

/* HVC_FINALISE_EL2, a second INIT, anything else: as the stub. */
SYM_CODE_START_LOCAL(host_call_unknown)
	mov_q	x0, HVC_STUB_ERR
	b	__armvcpu_host_return
SYM_CODE_END(host_call_unknown)

SYM_CODE_START_LOCAL(hvc_ping)
	mov_q	x0, ARMVCPU_HVC_PING_MAGIC
	mrs	x1, CurrentEL
	mrs	x2, mpidr_el1
	mrs	x3, tpidr_el2
	b	__armvcpu_host_return
SYM_CODE_END(hvc_ping)

/* The test builds' calls (armvcpu/test/el2_hooks.c); see hyp_abi.h. */
#ifdef ARMVCPU_TEST
SYM_CODE_START_LOCAL(hvc_read_el2_regs)
	mrs	x0, tpidr_el2
	add	x0, x0, #HYP_CPU_NOW_HCR
	el2_regs_store x0, x2, x3
	mov	x0, #0
	b	__armvcpu_host_return
SYM_CODE_END(hvc_read_el2_regs)

SYM_CODE_START_LOCAL(hvc_test_fault)
	brk	#0xa7c
	b	.
SYM_CODE_END(hvc_test_fault)
#endif /* ARMVCPU_TEST */

/*
 * __armvcpu_host_return: x0 (x1..x3) = result. Returns to the instruction
 * after the host's HVC with the host's x19-x30 and an empty EL2 stack; any
 * EL2 code (switch.S included) may branch here from any state, x4-x18 are
 * clobbered.
 */
SYM_CODE_START_LOCAL(__armvcpu_host_return)
	mrs	x17, tpidr_el2
	ldr	x16, [x17, #HYP_CPU_STACK_TOP]
	mov	sp, x16
	host_regs_restore x17, x16, x15
	eret
SYM_CODE_END(__armvcpu_host_return)

/*
 * el2_handback base, vbar: give this CPU's EL2 back to the kernel: restore
 * the host's x19-x30 and ELR/SPSR_EL2 and every EL2 register INIT saved,
 * turn the MMU off last and install \vbar. Everything is read while the
 * MMU is still on (afterwards the struct would be read non-cacheable, past
 * the caches that hold it). Preserves x0-x4 (the stub's arguments) and
 * x10-x17; uses x5-x9.
 */
.macro	el2_handback base, vbar
	host_regs_restore \base, x5, x6

	ldp	x5, x6, [\base, #HYP_CPU_SAVED_HCR]
	msr	hcr_el2, x5
	msr	vttbr_el2, x6
	ldp	x5, x6, [\base, #HYP_CPU_SAVED_VTCR]
	msr	vtcr_el2, x5
	msr	cptr_el2, x6
	ldp	x5, x6, [\base, #HYP_CPU_SAVED_MDCR]
	msr	mdcr_el2, x5
	msr	cnthctl_el2, x6
	ldp	x5, x6, [\base, #HYP_CPU_SAVED_CNTVOFF]
	msr	cntvoff_el2, x5
	msr	hstr_el2, x6
	ldp	x5, x6, [\base, #HYP_CPU_SAVED_VPIDR]
	msr	vpidr_el2, x5
	msr	vmpidr_el2, x6
	str	xzr, [\base, #HYP_CPU_GUEST_CTXT]
	str	xzr, [\base, #HYP_CPU_OWNED]

	ldp	x5, x6, [\base, #HYP_CPU_SAVED_SCTLR]
	ldp	x7, x8, [\base, #HYP_CPU_SAVED_MAIR]
	ldr	x9, [\base, #HYP_CPU_SAVED_TPIDR]
	dsb	ish
	isb
	msr	sctlr_el2, x5
	isb
	/* MMU off: identity mapping makes the next fetch the same address. */
	msr	tcr_el2, x6
	msr	mair_el2, x7
	msr	ttbr0_el2, x8
	msr	tpidr_el2, x9
	tlbi	alle2
	dsb	nsh
	msr	vbar_el2, \vbar
	isb
.endm

/* HVC_SET_VECTORS, x1 = PA of the new vectors: like the stub, hand over. */
SYM_CODE_START_LOCAL(hvc_set_vectors)
	mrs	x17, tpidr_el2
	el2_handback x17, x1
	mov	x0, #0
	eret
SYM_CODE_END(hvc_set_vectors)

/* HVC_RESET_VECTORS: back to the kernel's stub, answer 0 as it would. */
SYM_CODE_START_LOCAL(hvc_reset_vectors)
	mrs	x17, tpidr_el2
	ldr	x1, [x17, #HYP_CPU_STUB_VBAR]
	el2_handback x17, x1
	mov	x0, #0
	eret
SYM_CODE_END(hvc_reset_vectors)

/*
 * HVC_SOFT_RESTART (cpu_soft_restart(), kexec): x1 = entry, x2..x4 its
 * arguments. Give EL2 back to the stub, then do exactly what the stub does:
 * jump to x1 at EL2, MMU off, with x0..x2 = the former x2..x4.
 */
SYM_CODE_START_LOCAL(hvc_soft_restart)
	mrs	x17, tpidr_el2
	ldr	x16, [x17, #HYP_CPU_STUB_VBAR]
	el2_handback x17, x16
	mov	x0, x2
	mov	x2, x4
	mov	x4, x1
	mov	x1, x3
	br	x4
SYM_CODE_END(hvc_soft_restart)

/*
 * fault_record base, vector: fill the fault record of struct \base with
 * \vector (offset in the vector table) and the exception's syndrome.
 * \vector is overwritten.
 */
.macro	fault_record base, vector
	str	\vector, [\base, #HYP_CPU_FAULT_VECTOR]
	mrs	\vector, esr_el2
	str	\vector, [\base, #HYP_CPU_FAULT_ESR]
	mrs	\vector, elr_el2
	str	\vector, [\base, #HYP_CPU_FAULT_ELR]
	mrs	\vector, far_el2
	str	\vector, [\base, #HYP_CPU_FAULT_FAR]
	mrs	\vector, spsr_el2
	str	\vector, [\base, #HYP_CPU_FAULT_SPSR]
	ldr	\vector, [\base, #HYP_CPU_FAULT_COUNT]
	add	\vector, \vector, #1
	str	\vector, [\base, #HYP_CPU_FAULT_COUNT]
.endm

/*
 * A synchronous exception from the host that is not an HVC. With the
 * kernel's HCR_EL2 (RW only: no traps, no stage 2) this cannot happen;
 * record it and return with the fault code rather than loop on it.
 */
SYM_CODE_START_LOCAL(host_bad_sync)
	mov	x0, #0x400
	b	__armvcpu_hyp_fault
SYM_CODE_END(host_bad_sync)

/*
 * A lower-EL asynchronous exception (or AArch32 sync) with no guest loaded:
 * impossible while the host runs with IMO/FMO/AMO clear. Record it without
 * touching the host's registers and return to where the host was.
 * x0 = this CPU's struct, x1 = vector offset, host x0/x1 on the stack.
 */
SYM_CODE_START_LOCAL(host_unexpected)
	fault_record x0, x1
	ldp	x0, x1, [sp], #16
	eret
SYM_CODE_END(host_unexpected)

/*
 * __armvcpu_hyp_fault: EL2 took an exception from EL2 (x0 = vector offset).
 * Record it, put the host's context back and return to the host's HVC
 * caller with ARMVCPU_HVC_RET_FAULT; the host reports it and stops
 * entering guests. As KVM's hyp_panic, the host gets its own state back
 * first: the GIC interface always; if a guest entry or exit was under way
 * (HYP_CPU_HOST_CTXT), its EL1 registers, stack pointers, x18, EL2
 * controls and profiling state from this CPU's host save area (switch.S);
 * otherwise only the EL2 controls can differ (a TLB call's VTTBR_EL2).
 * If TPIDR_EL2 itself is corrupt this faults again: nothing better exists.
 */
SYM_CODE_START_LOCAL(__armvcpu_hyp_fault)
	mrs	x17, tpidr_el2
	fault_record x17, x0
	vgic_fault_reset x17, x15
	ldr	x0, [x17, #HYP_CPU_HOST_CTXT]
	cbnz	x0, __armvcpu_fault_unload
	host_el2_ctl_restore x17, x15, x16
	str	xzr, [x17, #HYP_CPU_GUEST_CTXT]
	isb
	mov_q	x0, ARMVCPU_HVC_RET_FAULT
	b	__armvcpu_host_return
SYM_CODE_END(__armvcpu_hyp_fault)
