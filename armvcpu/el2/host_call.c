// SPDX-License-Identifier: GPL-2.0
/*
 * EL2 calls that may be made from any CPU, including one that is between
 * hot-plug states and does not run armvcpu's EL2 right now: the work is a
 * broadcast TLB invalidation, so any CPU that does run it will do.
 */
#include <linux/cpu.h>
#include <linux/irqflags.h>
#include <linux/smp.h>

#include "el2/host_call.h"

struct armvcpu_flush {
	u64 vttbr;
	bool done;
};

/*
 * Interrupts off from the readiness check through the HVC, as for a guest
 * entry: a reboot or kexec IPI hands EL2 back to the stub in between.
 * Only the call's own 0 counts as done: the stub's HVC_STUB_ERR or an EL2
 * fault (ARMVCPU_HVC_RET_FAULT) invalidated nothing, and the caller frees
 * memory on our word.
 */
static void armvcpu_flush_vmid_here(void *info)
{
	struct armvcpu_flush *f = info;
	unsigned long flags;

	local_irq_save(flags);
	if (armvcpu_el2_ready_this_cpu() &&
	    !armvcpu_hyp_call(ARMVCPU_HVC_TLB_FLUSH_VMID, f->vttbr, 0, 0, NULL))
		f->done = true;
	local_irq_restore(flags);
}

bool armvcpu_hyp_tlb_flush_vmid(u64 vttbr)
{
	struct armvcpu_flush f = { .vttbr = vttbr };
	int cpu;

	armvcpu_flush_vmid_here(&f);
	/*
	 * Once EL2 is broken no CPU runs the call: what the VMID reached
	 * stays in the TLBs until each CPU's INIT (TLBI ALLE1) at the next load.
	 */
	if (f.done || armvcpu_el2_broken())
		return f.done;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		smp_call_function_single(cpu, armvcpu_flush_vmid_here, &f, 1);
		if (f.done || armvcpu_el2_broken())
			break;
	}
	cpus_read_unlock();
	return f.done;
}
