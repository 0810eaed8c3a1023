/* SPDX-License-Identifier: GPL-2.0 */
/*
 * World switch (part of hyp.S). PLACEHOLDER, owned by the world-switch work,
 * which replaces this file wholesale. The contract (hyp_abi.h,
 * Documentation/el2.rst), for all four entry points: MMU on, TPIDR_EL2 =
 * this CPU's struct armvcpu_hyp_cpu, host x19-x30 and ELR/SPSR_EL2 saved by
 * host_sync; return to the host with x0 = result, b __armvcpu_host_return.
 *
 * __armvcpu_vcpu_run: ARMVCPU_HVC_VCPU_RUN, x1 = PA of the guest context,
 *   SP = empty EL2 stack. Set HYP_CPU_GUEST_CTXT before entering the guest.
 * __armvcpu_guest_exit: from the vectors while a guest is loaded, x0 =
 *   ARMVCPU_EXIT_*, guest x0/x1 at [sp], [sp, #8], every other register the
 *   guest's. Clear HYP_CPU_GUEST_CTXT before returning to the host.
 * __armvcpu_tlb_flush_vmid, __armvcpu_tlb_flush_all: ARMVCPU_HVC_TLB_*.
 */
SYM_CODE_START_LOCAL(__armvcpu_vcpu_run)
	mov_q	x0, ARMVCPU_HVC_RET_NOSYS
	b	__armvcpu_host_return
SYM_CODE_END(__armvcpu_vcpu_run)

/* No guest is ever loaded by the placeholder: reaching this is a bug. */
SYM_CODE_START_LOCAL(__armvcpu_guest_exit)
	mov	x0, #0x400
	b	__armvcpu_hyp_fault
SYM_CODE_END(__armvcpu_guest_exit)

SYM_CODE_START_LOCAL(__armvcpu_tlb_flush_vmid)
	mov_q	x0, ARMVCPU_HVC_RET_NOSYS
	b	__armvcpu_host_return
SYM_CODE_END(__armvcpu_tlb_flush_vmid)

SYM_CODE_START_LOCAL(__armvcpu_tlb_flush_all)
	mov_q	x0, ARMVCPU_HVC_RET_NOSYS
	b	__armvcpu_host_return
SYM_CODE_END(__armvcpu_tlb_flush_all)
