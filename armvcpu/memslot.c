// SPDX-License-Identifier: GPL-2.0
/*
 * Memslots: userspace memory given to a guest. Creating a slot checks the
 * range and charges all of it to RLIMIT_MEMLOCK of the VM's creator (as
 * VFIO type1 does), but neither pins nor maps anything: a guest that never
 * touches its memory costs nothing. The guest's first access to each 2 MiB
 * chunk of a slot takes a stage-2 translation fault, and
 * armvcpu_memslot_fault() pins the chunk (FOLL_LONGTERM) from the VMM's mm,
 * cleans it to the point of coherency and maps it, with one 2 MiB block
 * when a transparent huge page backs it. The pinning and the clean run
 * without vm->lock (see struct armvcpu_chunk), so one vCPU faulting in
 * 2 MiB does not stall the others' exits. Pinned pages stay pinned until
 * the slot goes, so the exit path never has to take mmap_lock again for
 * them, and a VMM that munmaps them cannot pull them from under the guest.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/esr.h>

#include "armvcpu.h"
#include "cache.h"
#include "el2/el2.h"
#include "trace.h"

#define ARMVCPU_CHUNK		SZ_2M

/* Page indexes [*first, *end) of the chunk holding page @i, clipped to the slot. */
static void armvcpu_chunk_of(const struct armvcpu_memslot *slot,
			     unsigned long i, unsigned long *first,
			     unsigned long *end)
{
	u64 ipa = slot->gpa + ((u64)i << PAGE_SHIFT);
	u64 start = max(ALIGN_DOWN(ipa, ARMVCPU_CHUNK), slot->gpa);
	u64 stop = min(ALIGN_DOWN(ipa, ARMVCPU_CHUNK) + ARMVCPU_CHUNK,
		       slot->gpa + slot->size);

	*first = (start - slot->gpa) >> PAGE_SHIFT;
	*end = (stop - slot->gpa) >> PAGE_SHIFT;
}

/*
 * A chunk is pinned in full or not at all, under vm->lock, so its first
 * entry in pages[] (NULL until pinned) says which.
 */
static bool armvcpu_chunk_pinned(const struct armvcpu_memslot *slot,
				 unsigned long first)
{
	return slot->pages[first];
}

static void armvcpu_unaccount(struct mm_struct *mm, unsigned long npages)
{
	/* The owner may have exited; its locked_vm no longer matters then. */
	if (mmget_not_zero(mm)) {
		account_locked_vm(mm, npages, false);
		mmput(mm);
	}
}

/*
 * Unpins what armvcpu_chunk_fault_in() pinned, chunk by chunk, through the
 * pages array: unpin_user_pages_dirty_lock() drops the references of
 * consecutive entries of one folio with one atomic operation, so a chunk
 * a huge page backs costs one folio operation, and it works as well for a
 * chunk of scattered 4 KiB pages, which a range unpin could not take.
 */
static void armvcpu_slot_unpin(struct armvcpu_memslot *slot)
{
	bool dirty = !(slot->flags & ARMVCPU_MEM_READONLY);
	unsigned long first, end;

	for (first = 0; first < slot->npages; first = end) {
		armvcpu_chunk_of(slot, first, &first, &end);
		if (armvcpu_chunk_pinned(slot, first))
			unpin_user_pages_dirty_lock(slot->pages + first,
						    end - first, dirty);
		cond_resched();
	}
}

static void armvcpu_slot_release(struct armvcpu_vm *vm,
				 struct armvcpu_memslot *slot)
{
	armvcpu_slot_unpin(slot);
	armvcpu_unaccount(vm->mm, slot->npages);
	kvfree(slot->pages);
	memset(slot, 0, sizeof(*slot));
}

/*
 * A long-term writable pin of a file's page cache is refused: the page is
 * written behind the filesystem's back (no ->page_mkwrite, no writeback
 * protection, dirtied only at unpin), which corrupts or oopses filesystems
 * such as ext4 and xfs. Linux refuses such pins from 6.5 on (GUP's
 * writable_file_mapping_allowed()); 6.1 pins them. Memory that has no
 * filesystem behind it stays allowed: anonymous memory, a private
 * mapping (a write pin copies the file's page first), shmem (memfd,
 * MAP_SHARED|MAP_ANONYMOUS, SysV shm, tmpfs) and hugetlbfs. Unlike GUP,
 * any other file is refused, whatever its filesystem's writeback needs:
 * a list of what is known to be safe, as io_uring keeps for its fixed
 * buffers, also with EOPNOTSUPP.
 */
static bool armvcpu_vma_pin_allowed(struct vm_area_struct *vma, bool write)
{
	if (!write || !vma->vm_file || is_cow_mapping(vma->vm_flags))
		return true;
	return is_vm_hugetlb_page(vma) || shmem_file(vma->vm_file);
}

/*
 * The same rule for a page already pinned, as GUP's fast path checks it
 * from 6.5 on (gup_fast_folio_allowed()): the VMA the pin went through may
 * have been replaced since anyone looked at it, the page cannot. A page
 * with no mapping left was truncated from its file meanwhile and is not
 * allowed either: the caller faults it in again and looks at the VMA.
 */
static bool armvcpu_page_pin_allowed(struct page *page)
{
	struct folio *folio = page_folio(page);
	struct address_space *mapping;

	if (folio_test_anon(folio) || folio_test_hugetlb(folio))
		return true;
	mapping = READ_ONCE(folio->mapping);
	/* Non-LRU movable pages keep flags in the low bits, not a mapping. */
	if (!mapping || ((unsigned long)mapping & PAGE_MAPPING_FLAGS))
		return false;
	return shmem_mapping(mapping);
}

static bool armvcpu_pages_pin_allowed(struct page **pages, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (!armvcpu_page_pin_allowed(pages[i]))
			return false;
	return true;
}

/*
 * What the memory behind @vma allows for a long-term pin: GUP refuses
 * VM_IO and VM_PFNMAP (EFAULT, as for a hole); a writable pin of a file
 * is refused with its own errno, which the VMM can tell from a hole.
 */
static int armvcpu_vma_pinnable(struct vm_area_struct *vma, bool write)
{
	if (vma->vm_flags & (VM_IO | VM_PFNMAP))
		return -EFAULT;
	return armvcpu_vma_pin_allowed(vma, write) ? 0 : -EOPNOTSUPP;
}

/*
 * Fault in the page at @addr with @fault_flags, never waiting for a
 * userfaultfd: without FAULT_FLAG_ALLOW_RETRY a fault it holds fails at
 * once. What GUP would refuse to pin is refused without faulting it in.
 * FAULT_FLAG_UNSHARE means something for private (COW) mappings only, and
 * is dropped for the others.
 */
static int armvcpu_fault_in(unsigned long addr, unsigned int fault_flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int err = -EFAULT;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	vma = vma_lookup(mm, addr);
	if (vma)
		err = armvcpu_vma_pinnable(vma, fault_flags & FAULT_FLAG_WRITE);
	if (vma && !err) {
		/* A shared mapping has nothing to unshare: fault it in. */
		if (!is_cow_mapping(vma->vm_flags))
			fault_flags &= ~FAULT_FLAG_UNSHARE;
		err = fixup_user_fault(mm, addr, fault_flags, NULL);
	}
	mmap_read_unlock(mm);
	return err;
}

/*
 * Rounds of fault-then-pin for one batch. A page can go again between the
 * fault and the pin (migration, compaction, reclaim, NUMA hinting): that
 * is the kernel's business, not the VMM's, so it is faulted in again; only
 * a fault that fails is final. The bound keeps a page that never stays
 * from holding RUN forever.
 */
#define ARMVCPU_PIN_ROUNDS	8

/*
 * Pin up to @n pages from @addr; returns how many, or an error. Memory the
 * VMM never touched is not there yet, and GUP's slow path faults it in and
 * pins it one 4 KiB page at a time (about 1,000 instructions a page). So
 * GUP never faults here (FOLL_NOFAULT: it pins what is present and stops
 * at the first page that is not); armvcpu_fault_in() faults in that first
 * page (one fault maps a whole transparent huge page) and GUP pins again,
 * up to 512 pages in one lockless walk. GUP's own fault for a long-term
 * pin waits for a userfaultfd on 6.12 (killable only) but not on 6.1; this
 * way memory a userfaultfd holds fails RUN with EFAULT on both, and the
 * VMM can fill it and run again.
 *
 * A read-only long-term pin of a page the process shares (the zero page
 * on 6.12, an anonymous page shared with a fork) needs a copy of its own
 * first, which GUP would make with an unsharing fault: so do we, every
 * other round.
 *
 * Pages a writable pin may not keep (a file's, see
 * armvcpu_vma_pin_allowed()) are dropped at once, and the fault-in that
 * follows, under mmap_lock, refuses the VMA they came from.
 */
static long armvcpu_pin_batch(unsigned long addr, unsigned long n,
			      unsigned int gup, struct page **pages)
{
	bool write = gup & FOLL_WRITE;
	unsigned int round, fault;
	long ret;
	int err;

	for (round = 0; round < ARMVCPU_PIN_ROUNDS; round++) {
		/* Not present: 0 or -EFAULT, either way fault it in. */
		ret = pin_user_pages_fast(addr, n, gup | FOLL_NOFAULT, pages);
		if (ret > 0 && (!write || armvcpu_pages_pin_allowed(pages, ret)))
			return ret;
		/* 6.1's GUP pins a file's pages: the VMA decides, below. */
		if (ret > 0)
			unpin_user_pages(pages, ret);
		if (fatal_signal_pending(current))
			return -EINTR;
		if (write)
			fault = FAULT_FLAG_WRITE;
		else
			fault = round & 1 ? FAULT_FLAG_UNSHARE : 0;
		err = armvcpu_fault_in(addr, fault);
		if (err)
			return err;
		cond_resched();
	}
	return ret < 0 ? ret : -EFAULT;
}

/* Pins @n pages from @uaddr into @pages, all or none; 0 or an error. */
static int armvcpu_pages_pin(unsigned long uaddr, unsigned long n,
			     unsigned int gup, struct page **pages)
{
	unsigned long i = 0;
	long ret = 0;

	while (i < n) {
		ret = armvcpu_pin_batch(uaddr + i * PAGE_SIZE, n - i, gup,
					pages + i);
		if (ret <= 0)
			break;
		i += ret;
	}
	if (i == n)
		return 0;
	unpin_user_pages(pages, i);
	return ret ? ret : -EFAULT;
}

/* End (exclusive, at most @end) of the physically contiguous run from @i. */
static unsigned long armvcpu_run_end(struct page **pages, unsigned long i,
				     unsigned long end)
{
	phys_addr_t pa = page_to_phys(pages[i]);
	unsigned long j;

	for (j = i + 1; j < end; j++)
		if (page_to_phys(pages[j]) != pa + (j - i) * PAGE_SIZE)
			break;
	return j;
}

/* Clean to PoC pages [first, end), one physically contiguous run at a time. */
static void armvcpu_pages_clean(struct page **pages, unsigned long first,
				unsigned long end, unsigned long line)
{
	unsigned long i, j, start;

	for (i = first; i < end; i = j) {
		j = armvcpu_run_end(pages, i, end);
		start = (unsigned long)page_address(pages[i]);
		armvcpu_clean_inval_range(start, start + (j - i) * PAGE_SIZE,
					  line);
	}
}

/* Clean to PoC covers PoU: only the instruction caches remain. */
static void armvcpu_icache_inval_all(void)
{
	dsb(sy);
	asm volatile("ic ialluis" : : : "memory");
	dsb(ish);
	isb();
}

/*
 * Map pages [first, end), runs of physically contiguous pages at a time
 * so that 2 MiB blocks can be used. On failure nothing of the chunk stays
 * mapped: another vCPU may already have used part of it, so the TLB is
 * flushed before the caller unpins.
 */
static int armvcpu_chunk_map(struct armvcpu_vm *vm,
			     const struct armvcpu_memslot *slot,
			     unsigned long first, unsigned long end)
{
	bool writable = !(slot->flags & ARMVCPU_MEM_READONLY);
	unsigned long i, j;
	int ret = 0;

	for (i = first; i < end && !ret; i = j) {
		j = armvcpu_run_end(slot->pages, i, end);
		ret = armvcpu_s2_map(&vm->s2, slot->gpa + i * PAGE_SIZE,
				     page_to_phys(slot->pages[i]),
				     (j - i) * PAGE_SIZE, writable);
	}
	if (ret) {
		armvcpu_s2_unmap(&vm->s2, slot->gpa + first * PAGE_SIZE,
				 (end - first) * PAGE_SIZE);
		armvcpu_vmid_flush_vm(vm);
	}
	return ret;
}

static struct armvcpu_memslot *armvcpu_slot_find(struct armvcpu_vm *vm, u64 ipa)
{
	unsigned int i;

	for (i = 0; i < ARMVCPU_MAX_MEMSLOTS; i++) {
		struct armvcpu_memslot *s = &vm->slots[i];

		if (s->used && ipa >= s->gpa && ipa - s->gpa < s->size)
			return s;
	}
	return NULL;
}

/*
 * One chunk a fault pins, as its slot was when looked up under vm->lock:
 * pinning (which may fault in and zero 2 MiB, or wait on userfaultfd) and
 * cleaning happen without the lock, so other vCPUs' exits and faults go
 * on meanwhile; the lock is taken again only to install and map.
 */
struct armvcpu_chunk {
	u64 gen;		/* vm->slots_gen at the lookup */
	unsigned long uaddr;	/* of page @first */
	unsigned long first, end;	/* page indexes in the slot */
	unsigned int gup;
	int slot;		/* index in vm->slots, for the trace */
	struct page **pages;	/* end - first entries */
};

/* Caller holds vm->lock. False: nothing to pin (no slot, or done). */
static bool armvcpu_chunk_lookup(struct armvcpu_vm *vm, u64 ipa,
				 struct armvcpu_chunk *c)
{
	struct armvcpu_memslot *slot = armvcpu_slot_find(vm, ipa);

	if (!slot)
		return false;
	armvcpu_chunk_of(slot, (ipa - slot->gpa) >> PAGE_SHIFT, &c->first,
			 &c->end);
	/* Another vCPU faulted on the same chunk first. */
	if (armvcpu_chunk_pinned(slot, c->first))
		return false;
	c->gen = vm->slots_gen;
	c->slot = slot - vm->slots;
	c->uaddr = slot->uaddr + c->first * PAGE_SIZE;
	c->gup = FOLL_LONGTERM;
	if (!(slot->flags & ARMVCPU_MEM_READONLY))
		c->gup |= FOLL_WRITE;
	return true;
}

/*
 * Caller holds vm->lock. Hands the pinned pages to the slot and maps
 * them, if the slot is still the one looked up and nobody installed the
 * chunk meanwhile; returns false if the caller must unpin them instead.
 * On a mapping failure nothing of the chunk stays mapped or pinned.
 */
static bool armvcpu_chunk_install(struct armvcpu_vm *vm, u64 ipa,
				  const struct armvcpu_chunk *c, int *ret)
{
	struct armvcpu_memslot *slot = armvcpu_slot_find(vm, ipa);
	size_t bytes = (c->end - c->first) * sizeof(*c->pages);

	if (vm->slots_gen != c->gen || !slot ||
	    armvcpu_chunk_pinned(slot, c->first))
		return false;
	memcpy(slot->pages + c->first, c->pages, bytes);
	*ret = armvcpu_chunk_map(vm, slot, c->first, c->end);
	if (*ret) {
		unpin_user_pages(slot->pages + c->first, c->end - c->first);
		memset(slot->pages + c->first, 0, bytes);
	}
	return true;
}

/*
 * Pin, clean and map the chunk holding @ipa. The clean comes before the
 * mapping: once a descriptor is written, another vCPU may read through
 * it with its caches off. Two vCPUs faulting on one chunk may both pin
 * it; the second to take the lock unpins its copy.
 */
static int armvcpu_chunk_fault_in(struct armvcpu_vm *vm, u64 ipa, int *slot)
{
	struct armvcpu_chunk c;
	unsigned long n;
	bool found;
	int ret = 0;

	mutex_lock(&vm->lock);
	found = armvcpu_chunk_lookup(vm, ipa, &c);
	mutex_unlock(&vm->lock);
	if (!found)
		return 0;
	n = c.end - c.first;
	c.pages = kvmalloc_array(n, sizeof(*c.pages), GFP_KERNEL_ACCOUNT);
	if (!c.pages)
		return -ENOMEM;
	ret = armvcpu_pages_pin(c.uaddr, n, c.gup, c.pages);
	if (ret) {
		/*
		 * The slot went (and its memory with it) while we pinned: not
		 * an error of this RUN; the retry finds what is there now.
		 */
		mutex_lock(&vm->lock);
		if (vm->slots_gen != c.gen)
			ret = 0;
		mutex_unlock(&vm->lock);
		goto out;
	}
	armvcpu_pages_clean(c.pages, 0, n, armvcpu_dcache_line());
	armvcpu_icache_inval_all();
	mutex_lock(&vm->lock);
	found = armvcpu_chunk_install(vm, ipa, &c, &ret);
	mutex_unlock(&vm->lock);
	if (!found)
		unpin_user_pages(c.pages, n);
	else if (!ret)
		*slot = c.slot;
out:
	kvfree(c.pages);
	return ret;
}

/*
 * What RUN returns when guest memory cannot be pinned: EFAULT, as KVM
 * answers a fault it cannot resolve, for memory the VMM unmapped or
 * protected; running out of memory, and a file a writable slot may not
 * pin, keep their own errno.
 */
static int armvcpu_pin_errno(int err)
{
	return err == -ENOMEM || err == -EOPNOTSUPP ? err : -EFAULT;
}

/*
 * A stage-2 translation fault at @ipa. Returns 1 to re-enter the guest
 * with its PC unmoved (the chunk is now mapped, or the slot went away and
 * the retry finds out what is there now), or an errno for RUN.
 */
int armvcpu_memslot_fault(struct armvcpu_vcpu *vcpu, u64 ipa)
{
	struct armvcpu_vm *vm = vcpu->vm;
	int ret, slot = -1;

	/* Only the VMM's own mm may back its guest (vcpu.c checks as well). */
	if (current->mm != vm->mm)
		return -EFAULT;
	ret = armvcpu_chunk_fault_in(vm, ipa, &slot);
	trace_armvcpu_s2_fault(vcpu->id, ipa, slot,
			       vcpu->ctx->exit.esr & ESR_ELx_WNR, ret);
	if (!ret) {
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_S2_FAULT);
		if (slot >= 0)
			armvcpu_stat_inc(&vcpu->stat,
					 ARMVCPU_VSTAT_S2_FAULT_MAPPED);
		return 1;
	}
	/* A fatal signal interrupted the pin: the VMM is going, say nothing. */
	if (ret == -EINTR)
		return ret;
	pr_warn_ratelimited("armvcpu: pid %d vCPU %u: cannot pin guest memory at IPA %#llx: error %d\n",
			    task_pid_nr(current), vcpu->id, ipa, ret);
	return armvcpu_pin_errno(ret);
}

/*
 * The TLBs could not be made to forget the slot (EL2 broken): a stale
 * translation may still reach its pages, so they stay pinned for ever
 * rather than go back to the host to be reused.
 */
static void armvcpu_slot_leak(struct armvcpu_vm *vm,
			      struct armvcpu_memslot *slot)
{
	unsigned long first, end, pinned = 0;

	for (first = 0; first < slot->npages; first = end) {
		armvcpu_chunk_of(slot, first, &first, &end);
		if (armvcpu_chunk_pinned(slot, first))
			pinned += end - first;
	}
	armvcpu_el2_leak("guest memory", pinned, false);
	armvcpu_unaccount(vm->mm, slot->npages);
	kvfree(slot->pages);
	memset(slot, 0, sizeof(*slot));
}

static void armvcpu_slot_delete(struct armvcpu_vm *vm,
				struct armvcpu_memslot *slot)
{
	/* A fault pinning outside the lock must not install into its heir. */
	vm->slots_gen++;
	armvcpu_s2_unmap(&vm->s2, slot->gpa, slot->size);
	/* The TLB must forget the pages before they go back to the host. */
	if (armvcpu_vmid_flush_vm(vm))
		armvcpu_slot_release(vm, slot);
	else
		armvcpu_slot_leak(vm, slot);
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

/*
 * Nothing is pinned yet, but a range that could never be pinned is
 * refused now, as it was when slots were pinned at creation: every byte
 * mapped, no I/O or PFN mappings (GUP refuses them), writable for a
 * writable slot, readable for a read-only one, and no file a writable
 * slot may not pin (EOPNOTSUPP). What the VMM changes later is found at
 * the guest's first touch. One lookup per mapping, not per page.
 */
static int armvcpu_range_mapped(u64 uaddr, u64 size, bool write)
{
	unsigned long need = write ? VM_WRITE : VM_READ;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	u64 addr = uaddr;
	int ret = 0;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	while (addr < uaddr + size) {
		vma = vma_lookup(mm, addr);
		if (!vma || !(vma->vm_flags & need)) {
			ret = -EFAULT;
			break;
		}
		ret = armvcpu_vma_pinnable(vma, write);
		if (ret)
			break;
		addr = vma->vm_end;
	}
	mmap_read_unlock(mm);
	return ret;
}

static bool armvcpu_slot_overlaps(struct armvcpu_vm *vm,
				  const struct armvcpu_userspace_memory_region *r)
{
	unsigned int i;

	for (i = 0; i < ARMVCPU_MAX_MEMSLOTS; i++) {
		const struct armvcpu_memslot *s = &vm->slots[i];

		if (s->used && r->guest_phys_addr < s->gpa + s->size &&
		    s->gpa < r->guest_phys_addr + r->memory_size)
			return true;
	}
	return false;
}

static int armvcpu_slot_create(struct armvcpu_vm *vm,
			       struct armvcpu_memslot *slot,
			       const struct armvcpu_userspace_memory_region *r)
{
	unsigned long npages = r->memory_size >> PAGE_SHIFT;
	int ret;

	if (armvcpu_slot_overlaps(vm, r))
		return -EEXIST;
	if (!access_ok((void __user *)r->userspace_addr, r->memory_size))
		return -EFAULT;
	ret = armvcpu_range_mapped(r->userspace_addr, r->memory_size,
				   !(r->flags & ARMVCPU_MEM_READONLY));
	if (ret)
		return ret;
	/* The limit before allocating: an over-sized request fails at once. */
	ret = account_locked_vm(vm->mm, npages, true);
	if (ret)
		return ret;
	/* Userspace picks the size: failing is an answer, not a warning. */
	slot->pages = kvcalloc(npages, sizeof(*slot->pages),
			       GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!slot->pages) {
		armvcpu_unaccount(vm->mm, npages);
		return -ENOMEM;
	}
	slot->gpa = r->guest_phys_addr;
	slot->size = r->memory_size;
	slot->uaddr = r->userspace_addr;
	slot->flags = r->flags;
	slot->npages = npages;
	slot->used = true;
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
	return armvcpu_slot_find(vm, ipa);
}

/*
 * Set/way maintenance by the guest (sys_regs.c): clean everything the
 * guest can reach, which is every chunk pinned so far, then drop every
 * stale instruction once for all of them. Caller holds vm->lock.
 */
void armvcpu_memslots_clean_caches(struct armvcpu_vm *vm)
{
	unsigned long line = armvcpu_dcache_line(), first, end;
	unsigned int i;

	for (i = 0; i < ARMVCPU_MAX_MEMSLOTS; i++) {
		struct armvcpu_memslot *s = &vm->slots[i];

		for (first = 0; s->used && first < s->npages; first = end) {
			armvcpu_chunk_of(s, first, &first, &end);
			if (armvcpu_chunk_pinned(s, first))
				armvcpu_pages_clean(s->pages, first, end,
						    line);
			cond_resched();
		}
	}
	armvcpu_icache_inval_all();
}
