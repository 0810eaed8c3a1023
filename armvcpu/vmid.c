// SPDX-License-Identifier: GPL-2.0
/*
 * VMID allocator with generations, after the scheme KVM uses.
 *
 * A VM's vmid is (generation | id). An id is valid for as long as the
 * generation it was allocated in is current; when ids run out, the
 * generation moves on, every id is freed except those still loaded on
 * some CPU (they are kept "reserved" so a running guest never shares its
 * id with another VM), and all stage-1/stage-2 TLB entries of all guests
 * are invalidated once, broadcast. VMID 0 is never handed out: it tags the
 * host's own EL1&0 translations (VTTBR_EL2 is 0 in the host).
 */
#include <linux/bitmap.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <asm/cpufeature.h>

#include "armvcpu.h"
#include "el2/host_call.h"

/* 8-bit VMIDs: the architectural minimum, and rollover stays testable. */
#define VMID_BITS		8
#define NUM_VMIDS		BIT(VMID_BITS)
#define VMID_MASK		(NUM_VMIDS - 1)
#define VMID_FIRST_GEN		NUM_VMIDS
#define vmid_gen_match(v)	\
	(!(((v) ^ atomic64_read(&vmid_generation)) >> VMID_BITS))

static DEFINE_RAW_SPINLOCK(vmid_lock);
static atomic64_t vmid_generation;
static unsigned long *vmid_map;
static DEFINE_PER_CPU(atomic64_t, active_vmids);
static DEFINE_PER_CPU(u64, reserved_vmids);

/* Caller holds vmid_lock. */
static void vmid_rollover(void)
{
	u64 vmid;
	int cpu;

	bitmap_zero(vmid_map, NUM_VMIDS);
	__set_bit(0, vmid_map);
	for_each_possible_cpu(cpu) {
		vmid = atomic64_xchg_relaxed(&per_cpu(active_vmids, cpu), 0);
		/* A CPU that has not re-entered since the last rollover. */
		if (!vmid)
			vmid = per_cpu(reserved_vmids, cpu);
		__set_bit(vmid & VMID_MASK, vmid_map);
		per_cpu(reserved_vmids, cpu) = vmid;
	}
	/* Stale entries of every id are gone before any id is reused. */
	armvcpu_hyp_tlb_flush_all();
}

static bool vmid_check_reserved(u64 vmid, u64 newvmid)
{
	bool hit = false;
	int cpu;

	/* Upgrade every copy so this id keeps following its VM. */
	for_each_possible_cpu(cpu) {
		if (per_cpu(reserved_vmids, cpu) == vmid) {
			hit = true;
			per_cpu(reserved_vmids, cpu) = newvmid;
		}
	}
	return hit;
}

static u64 vmid_new(atomic64_t *vm_vmid)
{
	static u64 cur_idx = 1;
	u64 vmid = atomic64_read(vm_vmid);
	u64 gen = atomic64_read(&vmid_generation);

	if (vmid) {
		u64 newvmid = gen | (vmid & VMID_MASK);

		if (vmid_check_reserved(vmid, newvmid)) {
			atomic64_set(vm_vmid, newvmid);
			return newvmid;
		}
		if (!__test_and_set_bit(vmid & VMID_MASK, vmid_map)) {
			atomic64_set(vm_vmid, newvmid);
			return newvmid;
		}
	}

	vmid = find_next_zero_bit(vmid_map, NUM_VMIDS, cur_idx);
	if (vmid == NUM_VMIDS) {
		gen = atomic64_add_return_relaxed(VMID_FIRST_GEN,
						  &vmid_generation);
		vmid_rollover();
		vmid = find_next_zero_bit(vmid_map, NUM_VMIDS, 1);
	}
	/* More CPUs than ids would leave none free: refuse loudly once. */
	if (WARN_ON_ONCE(vmid == NUM_VMIDS))
		vmid = 1;
	__set_bit(vmid, vmid_map);
	cur_idx = vmid;
	vmid |= gen;
	atomic64_set(vm_vmid, vmid);
	return vmid;
}

/*
 * The slow path, out of line so that the fast path, taken on every entry
 * but the first of a generation, saves no registers for it.
 */
static noinline u64 armvcpu_vmid_get_slow(struct armvcpu_vm *vm,
					  atomic64_t *active)
{
	unsigned long flags;
	u64 vmid;

	raw_spin_lock_irqsave(&vmid_lock, flags);
	vmid = atomic64_read(&vm->vmid);
	if (!vmid_gen_match(vmid))
		vmid = vmid_new(&vm->vmid);
	atomic64_set(active, vmid);
	raw_spin_unlock_irqrestore(&vmid_lock, flags);
	return vmid & VMID_MASK;
}

/*
 * The VMID this CPU must use for @vm now. Preemption is disabled by the
 * caller: the id is recorded as active on this CPU until its next entry.
 */
u64 armvcpu_vmid_get(struct armvcpu_vm *vm)
{
	atomic64_t *active = this_cpu_ptr(&active_vmids);
	u64 vmid, old;

	vmid = atomic64_read(&vm->vmid);
	old = atomic64_read(active);
	/*
	 * Fast path: same generation, and no rollover has cleared this CPU's
	 * active id in between (cmpxchg against a rollover's xchg to 0).
	 */
	if (old && vmid_gen_match(vmid) &&
	    atomic64_cmpxchg_relaxed(active, old, vmid) == old)
		return vmid & VMID_MASK;
	return armvcpu_vmid_get_slow(vm, active);
}

/*
 * Invalidate stage-1 and stage-2 TLB entries tagged with @vm's VMID on
 * all CPUs. A VM that never ran has nothing to invalidate. An id from an
 * older generation may still be live (reserved on a CPU running this VM),
 * so it is flushed too; if it now belongs to another VM, that VM merely
 * refills its TLB. False if the invalidation could not be done (EL2
 * broken): then nothing the VM's stage 2 reached may be freed.
 */
bool armvcpu_vmid_flush_vm(struct armvcpu_vm *vm)
{
	u64 vmid = atomic64_read(&vm->vmid);

	if (!vmid)
		return true;
	return armvcpu_hyp_tlb_flush_vmid(virt_to_phys(vm->s2.root) |
					  ((vmid & VMID_MASK) << 48));
}

int armvcpu_vmid_init(void)
{
	vmid_map = bitmap_zalloc(NUM_VMIDS, GFP_KERNEL);
	if (!vmid_map)
		return -ENOMEM;
	__set_bit(0, vmid_map);
	atomic64_set(&vmid_generation, VMID_FIRST_GEN);
	return 0;
}

void armvcpu_vmid_exit(void)
{
	bitmap_free(vmid_map);
	vmid_map = NULL;
}
