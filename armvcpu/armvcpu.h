/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What armvcpu's parts offer each other at module level (main.c calls the
 * init functions in this order on load and in reverse on unload), and the
 * VM/vCPU structures shared by the EL1 (host) C files. Only armvcpu/hyp/
 * runs at EL2; everything declared here runs at EL1.
 */
#ifndef ARMVCPU_ARMVCPU_H
#define ARMVCPU_ARMVCPU_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/kref.h>
#include <linux/atomic.h>
#include <linux/armvcpu.h>
#include <asm/ptrace.h>

#include "hyp/ctx.h"
#include "exits.h"

struct dentry;
struct file;

/* /sys/kernel/debug/armvcpu/, created by main.c before anything else. */
extern struct dentry *armvcpu_debugfs_dir;
/* A debugfs write as a C string in @kbuf of @size bytes: 0 or an errno. */
int armvcpu_debugfs_text(char *kbuf, size_t size, const char __user *buf,
			 size_t len);

/* /dev/armvcpu: armvcpu/dev.c. */
int armvcpu_dev_init(void);
void armvcpu_dev_exit(void);

#define ARMVCPU_MAX_VCPUS	64
#define ARMVCPU_MAX_MEMSLOTS	32
#define ARMVCPU_MAX_IPA_BITS	40
#define ARMVCPU_MIN_IPA_BITS	32

/*
 * The block handed to EL2 for one guest entry; the layout is fixed by
 * hyp/ctx.h (checked in ctx.c). It sits in its own page, which EL2's
 * identity map of System RAM covers.
 */
struct armvcpu_ctx {
	u64 regs[31];
	u64 sp_el0;
	u64 pc;
	u64 pstate;
	u64 sp_el1;
	u64 sys[CTX_NR_SYS];
	u64 pad0;
	__uint128_t vregs[32];
	u64 fpsr;
	u64 fpcr;

	u64 hcr;
	u64 vttbr;
	u64 vtcr;
	u64 vmpidr;
	u64 cntvoff;
	u64 cptr;
	u64 mdcr;
	u64 flags;

	u64 esr;
	u64 far;
	u64 hpfar;
	u64 exit_kind;

	u64 host_regs[13];
	u64 host_sp;
	u64 host_sp_el0;
	u64 host_sp_el1;
	u64 host_elr_el2;
	u64 host_spsr_el2;
	u64 host_sys[CTX_NR_SYS];
	u64 vgic[CTX_VGIC_WORDS];	/* hyp/ctx.h CTX_VGIC_* */
	u64 vsesr;
	u64 vdisr;
};

struct armvcpu_memslot {
	u64 gpa;
	u64 size;
	u64 uaddr;
	u32 flags;
	bool used;
	unsigned long npages;
	struct page **pages;	/* NULL until its 2 MiB chunk is pinned */
};

/* Stage-2 translation of one VM (mmu.c). */
struct armvcpu_s2 {
	u64 *root;		/* two concatenated level-1 tables */
	u32 ipa_bits;
	u64 vtcr;
};

struct armvcpu_vcpu;
struct armvcpu_vgic;

struct armvcpu_vm {
	struct kref ref;
	struct mutex lock;	/* slots, vcpus[], s2 tables */
	struct mm_struct *mm;	/* creator's mm: RLIMIT_MEMLOCK, EIO checks */
	u32 flags;
	struct armvcpu_s2 s2;
	atomic64_t vmid;	/* generation | vmid, see vmid.c */
	u64 cntvoff;
	int __percpu *last_vcpu_ran;	/* vCPU id last entered, per CPU */
	struct armvcpu_memslot slots[ARMVCPU_MAX_MEMSLOTS];
	u64 slots_gen;		/* bumped, under lock, when a slot goes */
	struct armvcpu_vcpu *vcpus[ARMVCPU_MAX_VCPUS];
	struct armvcpu_vgic *vgic;	/* ARMVCPU_VM_VGIC, else NULL (vgic.c) */
};

/* What the last exit left for the next RUN to finish. */
enum armvcpu_pending {
	ARMVCPU_PENDING_NONE,
	ARMVCPU_PENDING_MMIO,
	ARMVCPU_PENDING_HYPERCALL,
	ARMVCPU_PENDING_SYSREG,		/* sys_regs.c */
	ARMVCPU_PENDING_CPU_UP,		/* psci.c */
};

struct armvcpu_mmio_access {
	u64 ipa;
	u32 len;		/* bytes */
	u32 rt;			/* 31: XZR */
	bool is_write;
	bool sign_extend;
	bool sf;		/* 64-bit destination */
};

struct armvcpu_vcpu {
	struct armvcpu_vm *vm;
	u32 id;
	struct armvcpu_ctx *ctx;
	phys_addr_t ctx_pa;		/* of ctx, for every entry's HVC */
	struct armvcpu_run *run;	/* one page, mmap'd by userspace */
	struct mutex run_lock;		/* RUN and register access; trylock */
	enum armvcpu_pending pending;
	struct armvcpu_mmio_access mmio;
	struct armvcpu_exit_state exits;	/* exits.h */
	/*
	 * The guest has used FP/SIMD during this RUN: its V registers are
	 * switched on every entry. Cleared at each RUN; set by the FP trap.
	 */
	bool fp_active;
	/* A virtual SError (armvcpu_inject_vabt()) not taken yet. */
	bool serror_pending;
};

/* vm.c */
int armvcpu_vm_create(const struct armvcpu_vm_config *cfg);
void armvcpu_vm_put(struct armvcpu_vm *vm);
long armvcpu_check_extension(unsigned long cap);

/* memslot.c; callers hold vm->lock */
int armvcpu_set_memory_region(struct armvcpu_vm *vm,
			      const struct armvcpu_userspace_memory_region *r);
void armvcpu_memslots_free(struct armvcpu_vm *vm);
const struct armvcpu_memslot *armvcpu_memslot_find(struct armvcpu_vm *vm,
						   u64 ipa);
void armvcpu_memslots_clean_caches(struct armvcpu_vm *vm);
/* A stage-2 translation fault: takes vm->lock itself. */
int armvcpu_memslot_fault(struct armvcpu_vcpu *vcpu, u64 ipa);

/* mmu.c: stage 2 */
u32 armvcpu_s2_max_ipa_bits(void);
int armvcpu_s2_init(struct armvcpu_s2 *s2, u32 ipa_bits);
void armvcpu_s2_free(struct armvcpu_s2 *s2);
void armvcpu_s2_leak(struct armvcpu_s2 *s2);
int armvcpu_s2_map(struct armvcpu_s2 *s2, u64 ipa, phys_addr_t pa, u64 size,
		   bool writable);
void armvcpu_s2_unmap(struct armvcpu_s2 *s2, u64 ipa, u64 size);

/* vmid.c */
int armvcpu_vmid_init(void);
void armvcpu_vmid_exit(void);
u64 armvcpu_vmid_get(struct armvcpu_vm *vm);	/* preemption disabled */
bool armvcpu_vmid_flush_vm(struct armvcpu_vm *vm);

/* vcpu.c */
int armvcpu_vcpu_create(struct armvcpu_vm *vm,
			const struct armvcpu_vcpu_config *cfg);
struct armvcpu_vcpu *armvcpu_vcpu_of_file(struct file *file);
u64 armvcpu_vcpu_mpidr(u32 id);
void armvcpu_pending_drop(struct armvcpu_vcpu *vcpu);

/* regs.c */
int armvcpu_get_one_reg(struct armvcpu_vcpu *vcpu,
			const struct armvcpu_one_reg *reg);
int armvcpu_set_one_reg(struct armvcpu_vcpu *vcpu,
			const struct armvcpu_one_reg *reg);
int armvcpu_get_reg_list(struct armvcpu_vcpu *vcpu,
			 struct armvcpu_reg_list __user *list);
bool armvcpu_pstate_valid(u64 pstate);

/*
 * Only AArch64 EL0t, EL1t and EL1h: anything else would either return to
 * EL2 (taking the hypervisor) or to AArch32, which armvcpu does not run.
 * M[4] (nRW) is part of the mode: an AArch32 User mode has M[3:0] = 0,
 * like EL0t. This is all the entry path checks: the other bits are the
 * guest's own business (a guest kernel runs with PAN, DIT, SSBS or a
 * BTYPE set). Inline: every guest entry checks it.
 */
static inline bool armvcpu_pstate_mode_valid(u64 pstate)
{
	u64 mode = pstate & (PSR_MODE32_BIT | PSR_MODE_MASK);

	return mode == PSR_MODE_EL0t || mode == PSR_MODE_EL1t ||
	       mode == PSR_MODE_EL1h;
}

/* run.c */
int armvcpu_vcpu_run(struct armvcpu_vcpu *vcpu);

/* test/plant.c: the planted bugs of make check-debug's own test. */
#ifdef ARMVCPU_PLANT
void armvcpu_plant_init(void);
void armvcpu_plant_exit(void);
#else
static inline void armvcpu_plant_init(void) { }
static inline void armvcpu_plant_exit(void) { }
#endif

/* handle_exit.c: > 0 re-enter, 0 return to userspace, < 0 error */
int armvcpu_handle_exit(struct armvcpu_vcpu *vcpu);
u64 armvcpu_get_x(struct armvcpu_vcpu *vcpu, u32 rt);
void armvcpu_set_x(struct armvcpu_vcpu *vcpu, u32 rt, u64 val);
void armvcpu_skip_instr(struct armvcpu_vcpu *vcpu);
int armvcpu_exit_internal_error(struct armvcpu_vcpu *vcpu, u32 suberror);

/* mmio.c */
int armvcpu_handle_dabt(struct armvcpu_vcpu *vcpu);
u64 armvcpu_fault_ipa(const struct armvcpu_ctx *ctx);
void armvcpu_mmio_complete(struct armvcpu_vcpu *vcpu);
void armvcpu_mmio_finish(struct armvcpu_vcpu *vcpu,
			 const struct armvcpu_mmio_access *a, u64 val);

/* hypercall.c */
int armvcpu_handle_hvc(struct armvcpu_vcpu *vcpu);
int armvcpu_handle_fp(struct armvcpu_vcpu *vcpu);
int armvcpu_handle_smc(struct armvcpu_vcpu *vcpu);
void armvcpu_hypercall_complete(struct armvcpu_vcpu *vcpu);

/* ctx.c */
void armvcpu_ctx_check_layout(void);

#endif /* ARMVCPU_ARMVCPU_H */
