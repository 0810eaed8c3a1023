/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Main EL2 vector table (part of hyp.S), live once INIT has run: MMU on,
 * TPIDR_EL2 = this CPU's struct armvcpu_hyp_cpu, SP = its EL2 stack.
 *
 * A lower-EL exception is either a host HVC (no guest loaded) or a guest
 * exit (HYP_CPU_GUEST_CTXT != 0). The host runs with HCR_EL2.{IMO,FMO,AMO}
 * clear, so physical interrupts and SErrors are never routed to EL2 while it
 * runs: only a guest can cause a lower-EL IRQ/FIQ/SError here.
 */

/* An exception from EL2 itself is a hypervisor bug: report, back to host. */
.macro	hyp_fault_vector offset
	.align	7
	mov	x0, #\offset
	b	__armvcpu_hyp_fault
.endm

/*
 * An SError at EL2 is expected only in the guest exit's window
 * (.Lguest_serror_window in switch.S, with ELR_EL2 on the ISB or just
 * after it): there it is the guest's, and goes back to the window with its
 * syndrome in x7, as KVM's el2_error does. Anywhere else it is a fault.
 * x7 and x8 are the exit's scratch registers there.
 */
.macro	el2h_serror_vector
	.align	7
	mrs	x7, elr_el2
	adr	x8, .Lguest_serror_window
	sub	x7, x7, x8
	cmp	x7, #4
	b.hi	1f
	mrs	x7, esr_el2
	eret
1:
	mov	x0, #0x380
	b	__armvcpu_hyp_fault
.endm

.macro	lower_vector kind, offset
	.align	7
.Lvect_start\@:
	/*
	 * RAS: PSTATE.A is masked at EL2, so this defers an SError the
	 * guest's accesses raised into DISR_EL1 before anything else runs,
	 * the hardening's firmware call included (guest_serror_sync reads
	 * it, as KVM's vectors do). A NOP without RAS.
	 */
	esb
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldr	x1, [x0, #HYP_CPU_GUEST_CTXT]
	cbz	x1, 1f
	/*
	 * Guest exit: guest x0/x1 are on the stack. Before the first indirect
	 * branch the guest could have trained (the host's, or the next
	 * VM's), this CPU's branch-predictor hardening, if it needs any.
	 */
	ldr	x1, [x0, #HYP_CPU_SPECTRE]
	cbz	x1, 2f
	str	x30, [sp, #-16]!
	bl	__armvcpu_spectre_harden
	ldr	x30, [sp], #16
2:
	.if	\kind == HYP_EXIT_SYNC && \offset == 0x400
	b	guest_sync
	.else
	mov	x0, #\kind
	b	__armvcpu_guest_exit
	.endif
1:
	.if	\kind == HYP_EXIT_SYNC && \offset == 0x400
	b	host_sync
	.else
	mov	x1, #\offset
	b	host_unexpected
	.endif
.Lvect_end\@:
	.if	(.Lvect_end\@ - .Lvect_start\@) > 0x80
	.error	"lower_vector larger than a vector entry"
	.endif
.endm

	.align	11
__armvcpu_hyp_vectors:
	hyp_fault_vector 0x000		/* sync, EL2t */
	hyp_fault_vector 0x080		/* IRQ, EL2t */
	hyp_fault_vector 0x100		/* FIQ, EL2t */
	hyp_fault_vector 0x180		/* SError, EL2t */
	hyp_fault_vector 0x200		/* sync, EL2h */
	hyp_fault_vector 0x280		/* IRQ, EL2h */
	hyp_fault_vector 0x300		/* FIQ, EL2h */
	el2h_serror_vector		/* SError, EL2h */
	lower_vector	HYP_EXIT_SYNC, 0x400	/* sync, AArch64 EL1/0 */
	lower_vector	HYP_EXIT_IRQ, 0x480
	lower_vector	HYP_EXIT_FIQ, 0x500
	lower_vector	HYP_EXIT_SERROR, 0x580
	lower_vector	HYP_EXIT_SYNC, 0x600	/* sync, AArch32 EL1/0 */
	lower_vector	HYP_EXIT_IRQ, 0x680
	lower_vector	HYP_EXIT_FIQ, 0x700
	lower_vector	HYP_EXIT_SERROR, 0x780

/*
 * Init vector table: installed through the stub's HVC_SET_VECTORS, live
 * only until ARMVCPU_HVC_INIT has run on this CPU. MMU off, no stack, no
 * TPIDR_EL2: it only knows INIT; anything else gets the stub's error.
 * Exceptions from EL2 here have nowhere to be reported and park the CPU.
 */
.macro	init_park_vector
	.align	7
	wfe
	b	.
.endm

	.align	11
__armvcpu_hyp_init_vectors:
	.rept	8
	init_park_vector
	.endr
	.align	7
	mov_q	x17, ARMVCPU_HVC_INIT
	cmp	x0, x17
	b.eq	__armvcpu_hyp_init
	mov_q	x0, HVC_STUB_ERR
	eret
	.rept	7
	init_park_vector
	.endr
