/* SPDX-License-Identifier: GPL-2.0 */
/*
 * World switch (part of hyp.S): host -> guest on ARMVCPU_HVC_VCPU_RUN,
 * guest -> host on any exception the guest takes to EL2, and the TLB
 * maintenance the host needs done at EL2.
 *
 * The host's x19-x30 and ELR/SPSR_EL2 are saved by host_sync before we get
 * here and restored by __armvcpu_host_return; the EL2 controls it runs
 * under are INIT's (saved_*); everything else the host expects to survive
 * (x18, SP_EL0/SP_EL1, its EL1 system registers, its profiling, trace and
 * MPAM state) is kept in this CPU's host save area (struct
 * armvcpu_host_save, HYP_CPU_HOST_*). Guest FP/SIMD is switched only when
 * the host asks for it with CTX_FLAG_FP, after kernel_neon_begin(), so the
 * V registers are free to use; otherwise CPTR_EL2.TFP (set by the host in
 * CTX_CPTR) makes the guest's first FP/SIMD instruction exit and they stay
 * untouched.
 *
 * The test hooks of the entry flags (CTX_FLAG_TEST_*) are assembled only
 * in the rig's build (ARMVCPU_TEST): a release build does not carry them.
 */
#include <asm/ptrace.h>

/* CNTHCTL_EL2.{EL1PCTEN,EL1PCEN}: physical counter and timer at EL1/EL0. */
#define ARMVCPU_CNTHCTL_EL1PC	0x3
/* MDCR_EL2.HPMN: the PMU counters EL1 may own; kept from the host. */
#define ARMVCPU_MDCR_HPMN_MASK	0x1f
/* TCR_EL1.EPD0/EPD1: no stage-1 walks through TTBR0/TTBR1. */
#define ARMVCPU_TCR_EPD0	(1 << 7)
#define ARMVCPU_TCR_EPD1	(1 << 23)
/* ISR_EL1.A: an SError is pending (its I and F bits sit below it). */
#define ARMVCPU_ISR_A_BIT	8
/* PAR_EL1.F: the AT walk failed; PA[47:12] is PAR_EL1[47:12] otherwise. */
#define ARMVCPU_PAR_F_BIT	0
/* The immediate of the BRK the TEST_FAULT flag executes at EL2. */
#define ARMVCPU_BRK_TEST_LOADED	0xa7d

/*
 * The EL1/EL0 registers of hyp/ctx.h's SYS_IDX_* list, in that order.
 * \op is "save" (system register -> memory), "load", or "load_s1_late":
 * load all but SCTLR_EL1 and TCR_EL1, which the caller writes last (see
 * the erratum sequence in __armvcpu_vcpu_run). \host = 1: only the first
 * SYS_NR_HOST, the registers the host needs back. Uses x2-x4.
 */
.macro	el1_sys_pair op, base, off, r0, r1
	.ifc	\op, save
	mrs	x2, \r0
	mrs	x3, \r1
	stp	x2, x3, [\base, #(\off)]
	.else
	ldp	x2, x3, [\base, #(\off)]
	msr	\r0, x2
	msr	\r1, x3
	.endif
.endm

.macro	el1_sys_one op, base, off, r
	.ifc	\base, x2
	.error	"el1_sys_one: x2 is its scratch, \\base cannot be x2"
	.endif
	.ifc	\op, save
	mrs	x2, \r
	str	x2, [\base, #(\off)]
	.else
	ldr	x2, [\base, #(\off)]
	msr	\r, x2
	.endif
.endm

.macro	el1_sys op, base, off, host
	add	x4, \base, #(\off)
	.ifc	\op, load_s1_late
	el1_sys_one load, x4, 8 * SYS_IDX_CPACR, cpacr_el1
	el1_sys_pair load, x4, 8 * SYS_IDX_TTBR0, ttbr0_el1, ttbr1_el1
	el1_sys_one load, x4, 8 * SYS_IDX_MAIR, mair_el1
	.else
	el1_sys_pair \op, x4, 8 * SYS_IDX_SCTLR, sctlr_el1, cpacr_el1
	el1_sys_pair \op, x4, 8 * SYS_IDX_TTBR0, ttbr0_el1, ttbr1_el1
	el1_sys_pair \op, x4, 8 * SYS_IDX_TCR, tcr_el1, mair_el1
	.endif
	el1_sys_pair \op, x4, 8 * SYS_IDX_AMAIR, amair_el1, vbar_el1
	el1_sys_pair \op, x4, 8 * SYS_IDX_CONTEXTIDR, contextidr_el1, tpidr_el1
	el1_sys_pair \op, x4, 8 * SYS_IDX_CNTKCTL, cntkctl_el1, csselr_el1
	el1_sys_pair \op, x4, 8 * SYS_IDX_MDSCR, mdscr_el1, tpidr_el0
	el1_sys_pair \op, x4, 8 * SYS_IDX_TPIDRRO_EL0, tpidrro_el0, cntv_ctl_el0
	.if	\host
	el1_sys_one \op, x4, 8 * SYS_IDX_CNTV_CVAL, cntv_cval_el0
	.else
	el1_sys_pair \op, x4, 8 * SYS_IDX_CNTV_CVAL, cntv_cval_el0, esr_el1
	el1_sys_pair \op, x4, 8 * SYS_IDX_AFSR0, afsr0_el1, afsr1_el1
	el1_sys_pair \op, x4, 8 * SYS_IDX_FAR, far_el1, par_el1
	el1_sys_pair \op, x4, 8 * SYS_IDX_ELR, elr_el1, spsr_el1
	.endif
.endm

.macro	fp_pair op, a, b
	.ifc	\op, save
	stp	q\a, q\b, [x2], #32
	.else
	ldp	q\a, q\b, [x2], #32
	.endif
.endm

/* V0-V31 (FPSR and FPCR are moved by the callers). Uses x2. */
.macro	fpsimd op, base
	add	x2, \base, #CTX_FP_V
	fp_pair	\op, 0, 1
	fp_pair	\op, 2, 3
	fp_pair	\op, 4, 5
	fp_pair	\op, 6, 7
	fp_pair	\op, 8, 9
	fp_pair	\op, 10, 11
	fp_pair	\op, 12, 13
	fp_pair	\op, 14, 15
	fp_pair	\op, 16, 17
	fp_pair	\op, 18, 19
	fp_pair	\op, 20, 21
	fp_pair	\op, 22, 23
	fp_pair	\op, 24, 25
	fp_pair	\op, 26, 27
	fp_pair	\op, 28, 29
	fp_pair	\op, 30, 31
.endm

/* The guest's x0-x30 from the context x0 points at; x0 last. */
.macro	guest_gprs_load
	ldp	x2, x3, [x0, #CTX_X(2)]
	ldp	x4, x5, [x0, #CTX_X(4)]
	ldp	x6, x7, [x0, #CTX_X(6)]
	ldp	x8, x9, [x0, #CTX_X(8)]
	ldp	x10, x11, [x0, #CTX_X(10)]
	ldp	x12, x13, [x0, #CTX_X(12)]
	ldp	x14, x15, [x0, #CTX_X(14)]
	ldp	x16, x17, [x0, #CTX_X(16)]
	ldp	x18, x19, [x0, #CTX_X(18)]
	ldp	x20, x21, [x0, #CTX_X(20)]
	ldp	x22, x23, [x0, #CTX_X(22)]
	ldp	x24, x25, [x0, #CTX_X(24)]
	ldp	x26, x27, [x0, #CTX_X(26)]
	ldp	x28, x29, [x0, #CTX_X(28)]
	ldr	x30, [x0, #CTX_X(30)]
	ldp	x0, x1, [x0, #CTX_X(0)]
.endm

/*
 * host_ctx_restore hc, flags: put the host back from the host save area
 * of \hc, this CPU's struct, whatever of the guest is loaded (\flags its
 * HYP_CPU_SWITCH_FLAGS): the guest exit's tail, and the EL2 fault path's
 * when a fault hits while a guest is (partly) loaded, as KVM's hyp_panic
 * restores the host before anything else. Uses x2-x5.
 */
.macro	host_ctx_restore hc, flags
	/*
	 * The exit half of the erratum sequence: stop walks, then force the
	 * MMU on, before stage 2 and the host's EL1 registers come back.
	 */
	mrs	x2, tcr_el1
	orr	x2, x2, #ARMVCPU_TCR_EPD0
	orr	x2, x2, #ARMVCPU_TCR_EPD1
	msr	tcr_el1, x2
	isb
	mrs	x2, sctlr_el1
	orr	x2, x2, #1
	msr	sctlr_el1, x2
	isb

	/*
	 * The host's EL2 controls first (INIT's values, which the host always
	 * runs under): no guest trap or stage 2 remains. VPIDR_EL2 is never
	 * changed for a guest.
	 */
	host_el2_ctl_restore \hc, x2, x3
	el1_sys	load, \hc, HYP_CPU_HOST_SYS, 1
	ldr	x2, [\hc, #HYP_CPU_HOST_SP_EL0]
	ldr	x3, [\hc, #HYP_CPU_HOST_SP_EL1]
	msr	sp_el0, x2
	msr	sp_el1, x3
	ldr	x18, [\hc, #HYP_CPU_HOST_X18]
	/* Host profiling and trace restart once its regime is back. */
	debug_switch_to_host \hc, \flags
	dbg_switch_to_host \hc

	str	xzr, [\hc, #HYP_CPU_GUEST_CTXT]
	str	xzr, [\hc, #HYP_CPU_HOST_CTXT]
	isb
.endm

/*
 * __armvcpu_vcpu_run: x1 = PA of struct armvcpu_ctx. Returns to the host
 * (x0 = 0) only through __armvcpu_guest_exit, or at once with
 * HYP_EXIT_BAD_PSTATE if the saved PSTATE would not enter EL0/EL1.
 */
SYM_CODE_START_LOCAL(__armvcpu_vcpu_run)
	mov	x0, x1

	/*
	 * The host checked PSTATE too; checking again here, where the eret
	 * happens, means no path can make EL2 return to itself or AArch32.
	 */
	ldr	x2, [x0, #CTX_PSTATE]
	and	x3, x2, #(PSR_MODE32_BIT | PSR_MODE_MASK)
	cmp	x3, #PSR_MODE_EL1h
	b.eq	1f
	cmp	x3, #PSR_MODE_EL1t
	b.eq	1f
	cbz	x3, 1f
	mov	x2, #HYP_EXIT_BAD_PSTATE
	str	x2, [x0, #CTX_EXIT_KIND]
	mov	x0, #0
	b	__armvcpu_host_return
1:
	/* CTX_FLAGS, read once: x6 is free until the guest's x6 goes in. */
	ldr	x6, [x0, #CTX_FLAGS]
	/*
	 * An interrupt or SError pending now is the host's (at EL2 ISR_EL1
	 * shows the physical ones): entering would take it as a guest exit,
	 * and an SError would be blamed on the guest. Go back before anything
	 * of the guest is loaded, as KVM's __guest_enter does; the host takes
	 * it once it unmasks. With RAS, errors of the host's stores in flight
	 * are made visible first.
	 */
	tbz	x6, #CTX_FLAG_RAS_BIT, 6f
	dsb	nshst
	isb
6:
	mrs	x2, isr_el1
	cbz	x2, 7f
	mov	x2, #HYP_EXIT_PENDING
	str	x2, [x0, #CTX_EXIT_KIND]
	mov	x0, #0
	b	__armvcpu_host_return
7:
	/*
	 * This CPU's struct and its switch flags, read once for the whole
	 * entry: x9 and x10 are free until the guest's go in.
	 */
	mrs	x9, tpidr_el2
	ldr	x10, [x9, #HYP_CPU_SWITCH_FLAGS]
	/*
	 * Host state that the guest's registers will overwrite, into this
	 * CPU's host save area. The host's EL2 controls are INIT's (saved_*):
	 * the exit puts those back, nothing to save here.
	 */
	str	x18, [x9, #HYP_CPU_HOST_X18]
	el1_sys	save, x9, HYP_CPU_HOST_SYS, 1
	mrs	x2, sp_el0
	mrs	x3, sp_el1
	str	x2, [x9, #HYP_CPU_HOST_SP_EL0]
	str	x3, [x9, #HYP_CPU_HOST_SP_EL1]
	/* From here on a fault at EL2 restores the host from its save area. */
	str	x0, [x9, #HYP_CPU_HOST_CTXT]
	/* Host profiling/trace drained while its regime is still live. */
	debug_switch_to_guest x9, x10
	dbg_switch_to_guest x0, x9, x6

	/*
	 * Cortex-A57 #1319537 / A72 #1319367: a speculative AT may walk with a
	 * half-switched EL1&0 regime. Walks stay off (the guest's TCR with
	 * EPD0/EPD1; the host's SCTLR_EL1.M is set) while the guest's stage-1
	 * registers and stage 2 go in; its SCTLR and then its TCR come last,
	 * as KVM does. Costs two ISBs where the erratum is absent.
	 */
	ldr	x2, [x0, #(CTX_SYS + 8 * SYS_IDX_TCR)]
	orr	x2, x2, #ARMVCPU_TCR_EPD0
	orr	x2, x2, #ARMVCPU_TCR_EPD1
	msr	tcr_el1, x2
	isb
	el1_sys	load_s1_late, x0, CTX_SYS, 0

	/* EL2 controls for the guest: traps, stage 2, timer, identity. */
	ldr	x2, [x0, #CTX_VTCR]
	msr	vtcr_el2, x2
	ldr	x2, [x0, #CTX_VTTBR]
	msr	vttbr_el2, x2
	ldr	x2, [x0, #CTX_VMPIDR]
	msr	vmpidr_el2, x2
	ldr	x2, [x0, #CTX_CNTVOFF]
	msr	cntvoff_el2, x2
	ldr	x2, [x0, #CTX_CPTR]
	msr	cptr_el2, x2
	mrs	x2, mdcr_el2
	and	x2, x2, #ARMVCPU_MDCR_HPMN_MASK
	ldr	x3, [x0, #CTX_MDCR]
	orr	x2, x2, x3
	msr	mdcr_el2, x2
#ifdef ARMVCPU_TEST
	str	x2, [x9, #HYP_CPU_LAST_GUEST_MDCR]
#endif
	/* The physical timer and counter belong to the host: trap them. */
	mrs	x2, cnthctl_el2
	bic	x2, x2, #ARMVCPU_CNTHCTL_EL1PC
	msr	cnthctl_el2, x2
	msr	hstr_el2, xzr
	/* The syndrome of a virtual SError that goes in with HCR_EL2.VSE. */
	tbz	x6, #CTX_FLAG_VSESR_BIT, 4f
	ldr	x3, [x0, #CTX_VSESR]
	msr_s	SYS_VSESR_EL2, x3
4:
	/* FEAT_RAS: the guest's DISR_EL1. */
	tbz	x6, #CTX_FLAG_RAS_BIT, 5f
	ldr	x3, [x0, #CTX_VDISR]
	msr_s	SYS_VDISR_EL2, x3
5:
	ldr	x2, [x0, #CTX_HCR]
	msr	hcr_el2, x2
	isb

	/*
	 * Another vCPU of this VM ran here last: its stage-1 entries carry
	 * the same VMID. VTTBR_EL2 is live, so these hit this VMID only.
	 */
	tbz	x6, #CTX_FLAG_FLUSH_LOCAL_BIT, 2f
	tlbi	vmalle1
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
2:
	ldr	x2, [x0, #(CTX_SYS + 8 * SYS_IDX_SCTLR)]
	msr	sctlr_el1, x2
	isb
	ldr	x2, [x0, #(CTX_SYS + 8 * SYS_IDX_TCR)]
	msr	tcr_el1, x2
	vgic_restore x0, x9, x10
	ldr	x2, [x0, #CTX_SP_EL0]
	msr	sp_el0, x2
	ldr	x2, [x0, #CTX_SP_EL1]
	msr	sp_el1, x2
	/* Without CTX_FLAG_FP the guest's FP/SIMD traps (CPTR_EL2.TFP). */
	tbz	x6, #CTX_FLAG_FP_BIT, 3f
	fpsimd	load, x0
	ldr	x2, [x0, #CTX_FPSR]
	ldr	x3, [x0, #CTX_FPCR]
	msr	fpsr, x2
	msr	fpcr, x3
3:
	ldr	x2, [x0, #CTX_PC]
	ldr	x3, [x0, #CTX_PSTATE]
	msr	elr_el2, x2
	msr	spsr_el2, x3

	/* From here on, a lower-EL exception is a guest exit. */
	str	x0, [x9, #HYP_CPU_GUEST_CTXT]

#ifdef ARMVCPU_TEST
	tbnz	x6, #CTX_FLAG_TEST_FAULT_BIT, .Ltest_fault_loaded
#endif
	guest_gprs_load
	eret
	/* Nothing after the eret may run speculatively with guest values. */
	dsb	nsh
	isb
#ifdef ARMVCPU_TEST
	/* Test hook: an EL2 fault with every guest register loaded. */
.Ltest_fault_loaded:
	guest_gprs_load
	brk	#ARMVCPU_BRK_TEST_LOADED
	b	.
#endif
SYM_CODE_END(__armvcpu_vcpu_run)

/*
 * guest_serror_sync ctx, flags: an SError the guest caused may still be
 * in flight at its exit; it must be found now, while it can only be the
 * guest's, rather than later by the host (which panics on it). With RAS
 * the ESB at the exit deferred it into DISR_EL1; without, a DSB drains
 * the guest's accesses and a one-instruction window with SErrors
 * unmasked takes it (the EL2h SError vector returns from the window with
 * its syndrome in x7). Either way the exit becomes an SError exit with
 * that syndrome, as KVM's __guest_exit and ARM_EXIT_WITH_SERROR_BIT do;
 * an HVC's PC moves back so the HVC runs again if the guest survives.
 * Uses x2-x4, x7.
 */
.macro	guest_serror_sync ctx, flags
	tbz	\flags, #CTX_FLAG_RAS_BIT, 1f
#ifdef ARMVCPU_TEST
	tbz	\flags, #CTX_FLAG_TEST_DISR_BIT, 5f
	mov_q	x2, CTX_TEST_DISR
	msr_s	SYS_DISR_EL1, x2
5:
#endif
	mrs_s	x2, SYS_DISR_EL1
	cbz	x2, 4f
	msr_s	SYS_DISR_EL1, xzr
	b	2f
1:	dsb	sy
	isb
	mrs	x2, isr_el1
	tbz	x2, #ARMVCPU_ISR_A_BIT, 4f
	mov	x7, xzr
	msr	daifclr, #4
.Lguest_serror_window:
	isb
	msr	daifset, #4
	cbz	x7, 4f
	mov	x2, x7
2:	and	x2, x2, #ESR_ELx_ISS_MASK
	mov	x3, #(ESR_ELx_EC_SERROR << ESR_ELx_EC_SHIFT)
	orr	x2, x2, x3
	ldr	x3, [\ctx, #CTX_EXIT_KIND]
	ldr	x4, [\ctx, #CTX_ESR]
	str	x2, [\ctx, #CTX_ESR]
	mov	x2, #HYP_EXIT_SERROR
	str	x2, [\ctx, #CTX_EXIT_KIND]
	cbnz	x3, 4f
	ubfx	x4, x4, #ESR_ELx_EC_SHIFT, #ESR_ELx_EC_WIDTH
	cmp	x4, #ESR_ELx_EC_HVC64
	b.ne	4f
	ldr	x2, [\ctx, #CTX_PC]
	sub	x2, x2, #4
	str	x2, [\ctx, #CTX_PC]
4:
.endm

#ifdef ARMVCPU_TEST
/*
 * test_hpfar_junk ctx, flags: the test hooks that write junk into
 * HPFAR_EL2, where a CPU may leave it (QEMU's is always right): on every
 * exit with CTX_FLAG_TEST_HPFAR (erratum 834220), or with
 * CTX_FLAG_TEST_HPFAR_PERM only on a lower-EL abort that is a permission
 * fault without S1PTW, the case where the architecture does not make
 * HPFAR_EL2 valid. That abort is recognised here on its own, not by
 * fault_ipa's code, which is what the second hook tests. Uses x2, x3.
 */
.macro	test_hpfar_junk ctx, flags
	tbnz	\flags, #CTX_FLAG_TEST_HPFAR_BIT, 1f
	tbz	\flags, #CTX_FLAG_TEST_HPFAR_PERM_BIT, 2f
	ldr	x2, [\ctx, #CTX_EXIT_KIND]
	cbnz	x2, 2f
	ldr	x2, [\ctx, #CTX_ESR]
	ubfx	x3, x2, #ESR_ELx_EC_SHIFT, #ESR_ELx_EC_WIDTH
	bic	x3, x3, #(ESR_ELx_EC_DABT_LOW ^ ESR_ELx_EC_IABT_LOW)
	cmp	x3, #ESR_ELx_EC_IABT_LOW
	b.ne	2f
	tbnz	x2, #ESR_ELx_S1PTW_SHIFT, 2f
	and	x3, x2, #ESR_ELx_FSC_TYPE
	cmp	x3, #ESR_ELx_FSC_PERM
	b.ne	2f
1:	mov	x2, #0xff0
	msr	hpfar_el2, x2
2:
.endm
#endif

/*
 * fault_ipa ctx, flags: CTX_HPFAR for the exit. HPFAR_EL2 is not valid
 * for a stage-2 permission fault that did not happen on a stage-1 walk
 * (every write to a read-only slot), nor for any stage-2 abort on a CPU
 * with erratum 834220 (CTX_FLAG_HPFAR_AT). Then the IPA comes from the
 * guest's own stage 1, still loaded, with AT S1E1R on FAR_EL2, as KVM's
 * __get_fault_info does; stage 1 already checked the access, so a read
 * walk is enough. A failed walk gives CTX_HPFAR_NONE: the host retries.
 * PAR_EL1 is clobbered: the guest's is saved before. Uses x2-x4.
 */
.macro	fault_ipa ctx, flags
#ifdef ARMVCPU_TEST
	test_hpfar_junk \ctx, \flags
#endif
	mrs	x4, hpfar_el2
	ldr	x2, [\ctx, #CTX_EXIT_KIND]
	cbnz	x2, 3f
	ldr	x2, [\ctx, #CTX_ESR]
	ubfx	x3, x2, #ESR_ELx_EC_SHIFT, #ESR_ELx_EC_WIDTH
	/* EC 0x20 (instruction abort) or 0x24 (data abort), lower EL. */
	bic	x3, x3, #(ESR_ELx_EC_DABT_LOW ^ ESR_ELx_EC_IABT_LOW)
	cmp	x3, #ESR_ELx_EC_IABT_LOW
	b.ne	3f
	tbnz	x2, #ESR_ELx_S1PTW_SHIFT, 3f
	tbnz	\flags, #CTX_FLAG_HPFAR_AT_BIT, 2f
	and	x3, x2, #ESR_ELx_FSC_TYPE
	cmp	x3, #ESR_ELx_FSC_PERM
	b.ne	3f
2:	ldr	x3, [\ctx, #CTX_FAR]
	at	s1e1r, x3
	isb
	mrs	x3, par_el1
	mov	x4, #CTX_HPFAR_NONE
#ifdef ARMVCPU_TEST
	tbnz	\flags, #CTX_FLAG_TEST_AT_FAIL_BIT, 3f
#endif
	tbnz	x3, #ARMVCPU_PAR_F_BIT, 3f
	ubfx	x3, x3, #12, #36
	lsl	x4, x3, #4
3:	str	x4, [\ctx, #CTX_HPFAR]
.endm

/*
 * __armvcpu_guest_exit: from a lower-EL vector while a guest is loaded.
 * x0 = HYP_EXIT_* kind, guest x0/x1 at [sp], every other register the
 * guest's. Saves the guest, puts the host back exactly as it was and
 * returns to the host's HVC with x0 = 0; the syndrome is in the context.
 */
SYM_CODE_START_LOCAL(__armvcpu_guest_exit)
	mrs	x1, tpidr_el2
	ldr	x1, [x1, #HYP_CPU_GUEST_CTXT]
	str	x0, [x1, #CTX_EXIT_KIND]
	stp	x2, x3, [x1, #CTX_X(2)]
	stp	x4, x5, [x1, #CTX_X(4)]
	stp	x6, x7, [x1, #CTX_X(6)]
	stp	x8, x9, [x1, #CTX_X(8)]
	stp	x10, x11, [x1, #CTX_X(10)]
	stp	x12, x13, [x1, #CTX_X(12)]
	stp	x14, x15, [x1, #CTX_X(14)]
	stp	x16, x17, [x1, #CTX_X(16)]
	stp	x18, x19, [x1, #CTX_X(18)]
	stp	x20, x21, [x1, #CTX_X(20)]
	stp	x22, x23, [x1, #CTX_X(22)]
	stp	x24, x25, [x1, #CTX_X(24)]
	stp	x26, x27, [x1, #CTX_X(26)]
	stp	x28, x29, [x1, #CTX_X(28)]
	str	x30, [x1, #CTX_X(30)]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x1, #CTX_X(0)]
	mov	x0, x1
	/* CTX_FLAGS, read once; the host's x6 is not kept (host_return). */
	ldr	x6, [x0, #CTX_FLAGS]
	/*
	 * This CPU's struct and its switch flags, read once for the exit
	 * (x9, x10: the guest's are saved, the macros below leave them).
	 */
	mrs	x9, tpidr_el2
	ldr	x10, [x9, #HYP_CPU_SWITCH_FLAGS]

	mrs	x2, esr_el2
	mrs	x3, far_el2
	str	x2, [x0, #CTX_ESR]
	str	x3, [x0, #CTX_FAR]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	str	x2, [x0, #CTX_PC]
	str	x3, [x0, #CTX_PSTATE]
	guest_serror_sync x0, x6
	el1_sys	save, x0, CTX_SYS, 0
	fault_ipa x0, x6
	vgic_save x0, x9, x10
	mrs	x2, sp_el0
	str	x2, [x0, #CTX_SP_EL0]
	mrs	x2, sp_el1
	str	x2, [x0, #CTX_SP_EL1]
	tbz	x6, #CTX_FLAG_FP_BIT, 1f
	fpsimd	save, x0
	mrs	x2, fpsr
	mrs	x3, fpcr
	str	x2, [x0, #CTX_FPSR]
	str	x3, [x0, #CTX_FPCR]
1:
	/* VSE clears when the guest takes the virtual SError: tell the host. */
	mrs	x2, hcr_el2
	str	x2, [x0, #CTX_HCR]
	tbz	x6, #CTX_FLAG_RAS_BIT, 2f
	mrs_s	x2, SYS_VDISR_EL2
	str	x2, [x0, #CTX_VDISR]
2:
	dbg_save_guest x0, x6
	host_ctx_restore x9, x10
	mov	x0, #0
	b	__armvcpu_host_return
SYM_CODE_END(__armvcpu_guest_exit)

/*
 * From __armvcpu_hyp_fault when EL2 faulted with the host's EL1 state in
 * this CPU's host save area (x17 = this CPU's struct): the guest's EL1
 * registers, stack pointers, stage 2 and traps may all be live. The
 * virtual GIC interface is already off (vgic_fault_reset, only where the
 * CPU has one); put the host back and answer the fault. Nothing here
 * reads the guest's context, which may be what faulted.
 */
SYM_CODE_START_LOCAL(__armvcpu_fault_unload)
	/* A fault while restoring must not come back here: no loop. */
	str	xzr, [x17, #HYP_CPU_HOST_CTXT]
	ldr	x10, [x17, #HYP_CPU_SWITCH_FLAGS]
	host_ctx_restore x17, x10
	mov_q	x0, ARMVCPU_HVC_RET_FAULT
	b	__armvcpu_host_return
SYM_CODE_END(__armvcpu_fault_unload)

/*
 * ARMVCPU_HVC_TLB_FLUSH_VMID, x1 = a VTTBR_EL2 value: invalidate every
 * stage-1 and stage-2 entry of that VMID on all CPUs (memslot removed,
 * VM destroyed). The host's VTTBR_EL2 is put back before returning.
 */
SYM_CODE_START_LOCAL(__armvcpu_tlb_flush_vmid)
	mrs	x2, vttbr_el2
	msr	vttbr_el2, x1
	isb
	dsb	ishst
	tlbi	vmalls12e1is
	dsb	ish
	isb
	msr	vttbr_el2, x2
	isb
	mov	x0, #0
	b	__armvcpu_host_return
SYM_CODE_END(__armvcpu_tlb_flush_vmid)

/*
 * ARMVCPU_HVC_TLB_FLUSH_ALL: VMID generation rollover. Every guest entry
 * of every VMID and the instruction caches go, on all CPUs.
 */
SYM_CODE_START_LOCAL(__armvcpu_tlb_flush_all)
	dsb	ishst
	tlbi	alle1is
	ic	ialluis
	dsb	ish
	isb
	mov	x0, #0
	b	__armvcpu_host_return
SYM_CODE_END(__armvcpu_tlb_flush_all)
