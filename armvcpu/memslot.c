// SPDX-License-Identifier: GPL-2.0
/*
 * Memslots: userspace memory given to a guest. Every page of a slot is
 * pinned (FOLL_LONGTERM) and mapped into stage 2 when the slot is created,
 * so the guest never faults on memory and the exit path never has to take
 * mmap_lock. Pinned pages count against RLIMIT_MEMLOCK of the VM's creator,
 * exactly as VFIO type1 accounts them.
 */
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/cpufeature.h>

#include "armvcpu.h"

#define ARMVCPU_PIN_BATCH	512

static void armvcpu_unaccount(struct mm_struct *mm, unsigned long npages)
{
	/* The owner may have exited; its locked_vm no longer matters then. */
	if (mmget_not_zero(mm)) {
		account_locked_vm(mm, npages, false);
		mmput(mm);
	}
}

static void armvcpu_slot_release(struct armvcpu_vm *vm,
				 struct armvcpu_memslot *slot,
				 unsigned long npinned)
{
	unpin_user_pages_dirty_lock(slot->pages, npinned,
				    !(slot->flags & ARMVCPU_MEM_READONLY));
	armvcpu_unaccount(vm->mm, slot->npages);
	kvfree(slot->pages);
	memset(slot, 0, sizeof(*slot));
}

/*
 * Pin up to @n pages from @addr; returns how many, or an error. Memory the
 * VMM never touched is not there yet, and GUP's slow path faults it in and
 * pins it one 4 KiB page at a time (about 1,000 instructions a page). So
 * fault in the first page here (one fault maps a whole transparent huge
 * page) and pin what is then present with GUP's lockless fast path, up to
 * 512 pages in one walk. What that still cannot pin (the zero page of a
 * read-only slot, pages to migrate before a long-term pin, a bad range)
 * goes to pin_user_pages_fast() as before, whose answer and errors stand.
 */
static long armvcpu_pin_batch(unsigned long addr, unsigned long n,
			      unsigned int gup, struct page **pages)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int err = -EFAULT;
	long ret;

	ret = pin_user_pages_fast(addr, n, gup | FOLL_FAST_ONLY, pages);
	if (ret > 0)
		return ret;
	if (mmap_read_lock_killable(mm))
		return -EINTR;
	/* GUP refuses these without faulting them: so do we. */
	vma = vma_lookup(mm, addr);
	if (vma && !(vma->vm_flags & (VM_IO | VM_PFNMAP)))
		err = fixup_user_fault(mm, addr, (gup & FOLL_WRITE) ?
				       FAULT_FLAG_WRITE : 0, NULL);
	mmap_read_unlock(mm);
	if (!err) {
		ret = pin_user_pages_fast(addr, n, gup | FOLL_FAST_ONLY, pages);
		if (ret > 0)
			return ret;
	}
	return pin_user_pages_fast(addr, n, gup, pages);
}

static int armvcpu_slot_pin(struct armvcpu_memslot *slot, unsigned long *done)
{
	unsigned int gup = FOLL_LONGTERM;
	unsigned long n;
	long ret;

	if (!(slot->flags & ARMVCPU_MEM_READONLY))
		gup |= FOLL_WRITE;
	*done = 0;
	while (*done < slot->npages) {
		/* Pinning gigabytes takes a while: stay killable. */
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
		n = min_t(unsigned long, slot->npages - *done, ARMVCPU_PIN_BATCH);
		ret = armvcpu_pin_batch(slot->uaddr + *done * PAGE_SIZE, n,
					gup, slot->pages + *done);
		if (ret <= 0)
			return ret ? ret : -EFAULT;
		*done += ret;
	}
	return 0;
}

/* End (exclusive) of the run of physically contiguous pages from @i. */
static unsigned long armvcpu_slot_run_end(const struct armvcpu_memslot *slot,
					  unsigned long i)
{
	phys_addr_t pa = page_to_phys(slot->pages[i]);
	unsigned long j;

	for (j = i + 1; j < slot->npages; j++)
		if (page_to_phys(slot->pages[j]) != pa + (j - i) * PAGE_SIZE)
			break;
	return j;
}

/* Map runs of physically contiguous pages so 2 MiB blocks can be used. */
static int armvcpu_slot_map(struct armvcpu_vm *vm, struct armvcpu_memslot *slot)
{
	bool writable = !(slot->flags & ARMVCPU_MEM_READONLY);
	unsigned long i = 0, j;
	int ret;

	while (i < slot->npages) {
		j = armvcpu_slot_run_end(slot, i);
		ret = armvcpu_s2_map(&vm->s2, slot->gpa + i * PAGE_SIZE,
				     page_to_phys(slot->pages[i]),
				     (j - i) * PAGE_SIZE, writable);
		if (ret)
			return ret;
		i = j;
	}
	return 0;
}

static void armvcpu_slot_delete(struct armvcpu_vm *vm,
				struct armvcpu_memslot *slot)
{
	armvcpu_s2_unmap(&vm->s2, slot->gpa, slot->size);
	/* The TLB must forget the pages before they go back to the host. */
	armvcpu_vmid_flush_vm(vm);
	armvcpu_slot_release(vm, slot, slot->npages);
}

static bool armvcpu_region_valid(struct armvcpu_vm *vm,
				 const struct armvcpu_userspace_memory_region *r)
{
	u64 ipa_limit = 1ULL << vm->s2.ipa_bits;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(r->reserved); i++)
		if (r->reserved[i])
			return false;
	if (r->flags & ~ARMVCPU_MEM_FLAGS_ALL)
		return false;
	if (!PAGE_ALIGNED(r->guest_phys_addr) || !PAGE_ALIGNED(r->memory_size) ||
	    !PAGE_ALIGNED(r->userspace_addr))
		return false;
	if (!r->memory_size)
		return true;
	if (r->guest_phys_addr >= ipa_limit ||
	    r->memory_size > ipa_limit - r->guest_phys_addr)
		return false;
	return r->userspace_addr + r->memory_size > r->userspace_addr;
}

static int armvcpu_slot_create(struct armvcpu_vm *vm,
			       struct armvcpu_memslot *slot,
			       const struct armvcpu_userspace_memory_region *r)
{
	unsigned long pinned = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < ARMVCPU_MAX_MEMSLOTS; i++) {
		const struct armvcpu_memslot *s = &vm->slots[i];

		if (s->used && r->guest_phys_addr < s->gpa + s->size &&
		    s->gpa < r->guest_phys_addr + r->memory_size)
			return -EEXIST;
	}
	if (!access_ok((void __user *)r->userspace_addr, r->memory_size))
		return -EFAULT;

	slot->gpa = r->guest_phys_addr;
	slot->size = r->memory_size;
	slot->uaddr = r->userspace_addr;
	slot->flags = r->flags;
	slot->npages = r->memory_size >> PAGE_SHIFT;
	/* The limit first: an over-sized request fails before allocating. */
	ret = account_locked_vm(vm->mm, slot->npages, true);
	if (ret) {
		memset(slot, 0, sizeof(*slot));
		return ret;
	}
	/* Userspace picks the size: failing is an answer, not a warning. */
	slot->pages = kvmalloc_array(slot->npages, sizeof(*slot->pages),
				     GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!slot->pages) {
		armvcpu_unaccount(vm->mm, slot->npages);
		memset(slot, 0, sizeof(*slot));
		return -ENOMEM;
	}
	ret = armvcpu_slot_pin(slot, &pinned);
	if (!ret)
		ret = armvcpu_slot_map(vm, slot);
	if (ret) {
		armvcpu_s2_unmap(&vm->s2, slot->gpa, slot->size);
		armvcpu_vmid_flush_vm(vm);
		armvcpu_slot_release(vm, slot, pinned);
		return ret;
	}
	slot->used = true;
	vm->caches_dirty = true;
	return 0;
}

/* Caller holds vm->lock. */
int armvcpu_set_memory_region(struct armvcpu_vm *vm,
			      const struct armvcpu_userspace_memory_region *r)
{
	struct armvcpu_memslot *slot;

	if (r->slot >= ARMVCPU_MAX_MEMSLOTS)
		return -ENOSPC;
	if (!armvcpu_region_valid(vm, r))
		return -EINVAL;
	slot = &vm->slots[r->slot];
	if (!r->memory_size) {
		/* Deleting an empty slot is a no-op, as in KVM. */
		if (slot->used)
			armvcpu_slot_delete(vm, slot);
		return 0;
	}
	/* Moving or resizing a slot is delete + create, done by userspace. */
	if (slot->used)
		return -EEXIST;
	return armvcpu_slot_create(vm, slot, r);
}

void armvcpu_memslots_free(struct armvcpu_vm *vm)
{
	unsigned int i;

	for (i = 0; i < ARMVCPU_MAX_MEMSLOTS; i++)
		if (vm->slots[i].used)
			armvcpu_slot_delete(vm, &vm->slots[i]);
}

const struct armvcpu_memslot *armvcpu_memslot_find(struct armvcpu_vm *vm,
						   u64 ipa)
{
	unsigned int i;

	for (i = 0; i < ARMVCPU_MAX_MEMSLOTS; i++) {
		const struct armvcpu_memslot *s = &vm->slots[i];

		if (s->used && ipa >= s->gpa && ipa - s->gpa < s->size)
			return s;
	}
	return NULL;
}

static void armvcpu_dcache_clean_inval_poc(unsigned long start,
					   unsigned long end,
					   unsigned long line)
{
	unsigned long va;

	for (va = start & ~(line - 1); va < end; va += line)
		asm volatile("dc civac, %0" : : "r" (va) : "memory");
}

/*
 * A guest starts with its MMU and caches off, so it reads guest memory
 * past the caches, while the VMM wrote its image through them. Clean
 * every slot to the point of coherency before the first entry after the
 * memory changed, one physically contiguous run at a time (huge pages make
 * runs long), then drop every stale instruction once for all slots rather
 * than page by page. Caller holds vm->lock.
 */
void armvcpu_memslots_clean_caches(struct armvcpu_vm *vm)
{
	u64 ctr = read_sanitised_ftr_reg(SYS_CTR_EL0);
	/* CTR_EL0.DminLine[19:16]: log2 of the smallest D-cache line in words */
	unsigned long line = 4UL << ((ctr >> 16) & 0xf);
	unsigned long p, end, start, len;
	unsigned int i;

	if (!vm->caches_dirty)
		return;
	for (i = 0; i < ARMVCPU_MAX_MEMSLOTS; i++) {
		struct armvcpu_memslot *s = &vm->slots[i];

		for (p = 0; s->used && p < s->npages; p = end) {
			end = armvcpu_slot_run_end(s, p);
			start = (unsigned long)page_address(s->pages[p]);
			len = (end - p) * PAGE_SIZE;
			armvcpu_dcache_clean_inval_poc(start, start + len, line);
			cond_resched();
		}
	}
	dsb(sy);
	/* Clean to PoC covers PoU: only the instruction caches remain. */
	asm volatile("ic ialluis" : : : "memory");
	dsb(ish);
	isb();
	vm->caches_dirty = false;
}
