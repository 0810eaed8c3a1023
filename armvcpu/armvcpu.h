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
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/kref.h>
#include <linux/atomic.h>
#include <linux/armvcpu.h>
#include <asm/ptrace.h>

/* struct armvcpu_ctx (hyp/ctx.h), the guest context EL2 switches. */
#include "hyp/hyp_abi.h"
#include "debug.h"
#include "stats.h"

struct dentry;
struct file;

/* /sys/kernel/debug/armvcpu/, created by main.c before anything else. */
extern struct dentry *armvcpu_debugfs_dir;

/* sys_regs.c: its table's order, checked before anything is taken. */
int armvcpu_sysregs_init(void);

/* /dev/armvcpu: armvcpu/dev.c. */
int armvcpu_dev_init(void);
void armvcpu_dev_exit(void);

#define ARMVCPU_MAX_VCPUS	64
#define ARMVCPU_MAX_MEMSLOTS	32
#define ARMVCPU_MAX_IPA_BITS	40
#define ARMVCPU_MIN_IPA_BITS	32

struct armvcpu_memslot {
	u64 gpa;
	u64 size;
	u64 uaddr;
	u32 flags;
	bool used;
	unsigned long npages;
	struct page **pages;	/* NULL until its 2 MiB chunk is pinned */
};

/* Stage-2 translation of one VM (stage2.c). */
struct armvcpu_s2 {
	u64 *root;		/* two concatenated level-1 tables */
	u32 ipa_bits;
	u64 vtcr;
};

struct armvcpu_vcpu;
struct armvcpu_vgic;
struct armvcpu_pmu;

struct armvcpu_vm {
	struct kref ref;
	struct mutex lock;	/* slots, vcpus[], s2 tables */
	struct mm_struct *mm;	/* creator's mm: RLIMIT_MEMLOCK, EIO checks */
	u32 flags;
	struct armvcpu_s2 s2;
	atomic64_t vmid;	/* generation | vmid, see vmid.c */
	u64 cntvoff;		/* CNTVOFF_EL2; ONE_REG may change it */
	int __percpu *last_vcpu_ran;	/* vCPU id last entered, per CPU */
	struct armvcpu_memslot slots[ARMVCPU_MAX_MEMSLOTS];
	u64 slots_gen;		/* bumped, under lock, when a slot goes */
	struct armvcpu_vcpu *vcpus[ARMVCPU_MAX_VCPUS];
	struct armvcpu_vgic *vgic;	/* ARMVCPU_VM_VGIC, else NULL */
	/* What closed vCPUs counted, under lock; the VM's own counters. */
	struct armvcpu_vcpu_stats stat_gone;
	u64 stat[ARMVCPU_VMSTAT_NR];
};

struct armvcpu_mmio_access {
	u64 ipa;
	u32 len;		/* bytes */
	u32 rt;			/* 31: XZR */
	bool is_write;
	bool sign_extend;
	bool sf;		/* 64-bit destination */
};

/*
 * A vCPU's power state as far as the kernel can know it. UNKNOWN until the
 * vCPU makes a PSCI call itself or is started by CPU_ON: a VMM may run
 * every vCPU from reset without PSCI, so "never seen" must not mean "off"
 * when it would make CPU_ON fail, nor "on" when it would refuse CPU_ON.
 */
enum armvcpu_power {
	ARMVCPU_POWER_UNKNOWN,
	ARMVCPU_POWER_ON,
	ARMVCPU_POWER_OFF,
	ARMVCPU_POWER_ON_PENDING,	/* CPU_UP exit not completed yet */
};

/* PSCI (psci.c). */
struct armvcpu_psci_state {
	/* Read and written by other vCPUs too, under vm->lock. */
	enum armvcpu_power power;
};

/*
 * What the last exit left for the next RUN to finish: set by the handler
 * that returns the exit to userspace, completed at the start of the next
 * RUN or dropped (armvcpu_pending_drop()), through run.c's table. Only
 * the union's member for kind means anything.
 */
enum armvcpu_pending_kind {
	ARMVCPU_PENDING_NONE,
	ARMVCPU_PENDING_MMIO,		/* mmio.c */
	ARMVCPU_PENDING_HYPERCALL,	/* hypercalls.c */
	ARMVCPU_PENDING_SYSREG,		/* sys_regs.c */
	ARMVCPU_PENDING_CPU_UP,		/* psci.c */
	ARMVCPU_PENDING_NR,
};

struct armvcpu_pending {
	enum armvcpu_pending_kind kind;
	/* HYPERCALL keeps nothing here: its answer is all in the run struct. */
	union {
		struct armvcpu_mmio_access mmio;
		struct {
			u32 rt;		/* MRS destination */
			bool is_write;	/* MSR: none */
		} sysreg;
		struct {
			u32 target;	/* vCPU id the CPU_ON starts */
			enum armvcpu_power prev;	/* its state before */
		} cpu_up;
	};
};

/* Emulated system register state that has no register in ctx (sys_regs.c). */
struct armvcpu_sysreg_state {
	/* The OS lock (OSLAR_EL1/OSLSR_EL1). */
	bool os_lock;
	/* Set/way: SCTLR_EL1.{M,C} at the last full clean. */
	bool sw_cleaned;
	u64 sw_sctlr;
};

/*
 * The EL1 physical timer of a VM with the in-kernel GIC (vgic/ptimer.c).
 * ctl and cval are written by the vCPU's own thread (its trapped MSRs) or
 * under its run_lock (ONE_REG), and read by the hrtimer's callback too.
 */
struct armvcpu_ptimer {
	u64 ctl;			/* CNTP_CTL_EL0: ENABLE, IMASK */
	u64 cval;			/* CNTP_CVAL_EL0 */
	struct hrtimer timer;		/* at the deadline, on cpu */
	/* What the hrtimer was last started for (armvcpu_ptimer_load()). */
	int cpu;			/* pinned there; -1: not started */
	u64 cntvoff;			/* with the VM's offset then */
	unsigned int hotplug_gen;	/* before any CPU went down since */
	bool dirty;			/* ctl or cval written since */
	/*
	 * Enabled, or written since the last load: the vGIC looks at the
	 * timer. When it is not, its output and PPI 30's line are low.
	 */
	bool live;
};

/* ARMVCPU_SET_GUEST_DEBUG's state (guest_debug.c). */
struct armvcpu_guest_debug_state {
	u32 control;		/* ARMVCPU_GUESTDBG_*, 0: off */
	/* The guest's PSTATE.SS while an entry runs with the VMM's. */
	u64 guest_ss;
	/* The VMM's step is "active-pending": the next entry stops at once. */
	bool ss_pending;
};

struct armvcpu_vcpu {
	struct armvcpu_vm *vm;
	u32 id;
	struct armvcpu_ctx *ctx;
	phys_addr_t ctx_pa;		/* of ctx, for every entry's HVC */
	struct armvcpu_run *run;	/* one page, mmap'd by userspace */
	struct mutex run_lock;		/* RUN and register access; trylock */
	struct armvcpu_pending pending;
	struct armvcpu_psci_state psci;
	struct armvcpu_sysreg_state sysreg_state;
	struct armvcpu_hwdbg hwdbg;	/* debug.c */
	/*
	 * The guest has used FP/SIMD during this RUN: its V registers are
	 * switched on every entry. Cleared at each RUN; set by the FP trap.
	 */
	bool fp_active;
	/* A virtual SError (armvcpu_inject_vabt()) not taken yet. */
	bool serror_pending;
	struct armvcpu_ptimer ptimer;
	struct armvcpu_guest_debug_state debug;
	struct armvcpu_vcpu_stats stat;
	struct armvcpu_pmu *pmu;	/* ARMVCPU_VM_PMU, else NULL (pmu.c) */
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

/* stage2.c: stage 2 */
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

/* one_reg.c */
int armvcpu_get_one_reg(struct armvcpu_vcpu *vcpu,
			const struct armvcpu_one_reg *reg);
int armvcpu_set_one_reg(struct armvcpu_vcpu *vcpu,
			const struct armvcpu_one_reg *reg);
int armvcpu_get_reg_list(struct armvcpu_vcpu *vcpu,
			 struct armvcpu_reg_list __user *list);
bool armvcpu_pstate_valid(u64 pstate);

/* guest_debug.c */
int armvcpu_set_guest_debug(struct armvcpu_vcpu *vcpu,
			    const struct armvcpu_guest_debug __user *arg);
void armvcpu_guest_debug_enter(struct armvcpu_vcpu *vcpu);
void armvcpu_guest_debug_exit(struct armvcpu_vcpu *vcpu);

/*
 * The kernel retired a guest instruction or made it take an exception:
 * a step of the VMM's is complete and stops before the next one runs.
 */
static inline void armvcpu_guest_debug_retired(struct armvcpu_vcpu *vcpu)
{
	if (unlikely(vcpu->debug.control & ARMVCPU_GUESTDBG_SINGLESTEP))
		vcpu->debug.ss_pending = true;
}

/* run.c */
int armvcpu_vcpu_run(struct armvcpu_vcpu *vcpu);
void armvcpu_pending_drop(struct armvcpu_vcpu *vcpu);

#endif /* ARMVCPU_ARMVCPU_H */
