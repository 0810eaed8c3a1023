/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The EL2 services the VM/vCPU code uses (switch.S), wrapped so callers
 * never deal with function ids or physical addresses of EL2 structures.
 */
#ifndef __ARMVCPU_HYP_CALL_H
#define __ARMVCPU_HYP_CALL_H

#include "el2/el2.h"

/*
 * Enter the guest of @ctx_pa; preemption and interrupts off, on a CPU
 * where armvcpu_el2_ready_this_cpu() is true. Returns 0 or an HVC_RET.
 */
static inline unsigned long armvcpu_hyp_vcpu_run(phys_addr_t ctx_pa)
{
	return armvcpu_hyp_call(ARMVCPU_HVC_VCPU_RUN, ctx_pa, 0, 0, NULL);
}

/*
 * Broadcast invalidation of every guest TLB entry and the I-caches, at
 * VMID rollover. Same calling rules as armvcpu_hyp_vcpu_run().
 */
static inline void armvcpu_hyp_tlb_flush_all(void)
{
	armvcpu_hyp_call(ARMVCPU_HVC_TLB_FLUSH_ALL, 0, 0, 0, NULL);
}

/*
 * Broadcast invalidation of the stage-1 and stage-2 entries of the VMID in
 * @vttbr. Any context that may sleep; runs on a CPU that owns EL2. False
 * if no CPU ran it to completion (EL2 broken or faulting, or given back to
 * the stub): the caller must not free what they reach.
 */
bool armvcpu_hyp_tlb_flush_vmid(u64 vttbr);

#endif /* __ARMVCPU_HYP_CALL_H */
