// SPDX-License-Identifier: GPL-2.0
/*
 * EL2 take-over from the kernel's hyp stub, and its life cycle.
 *
 * Load: refuse unless the stub owns EL2 (see armvcpu_el2_detect()); copy
 * the hyp blob into linear-map pages, build EL2's identity map, give every
 * possible CPU a struct armvcpu_hyp_cpu + EL2 stack; then on every online
 * CPU (cpuhp, all or nothing): HVC_SET_VECTORS to the blob's init vectors,
 * ARMVCPU_HVC_INIT (MMU on, main vectors), ARMVCPU_HVC_PING to check.
 * CPUs that come online later, or that lost EL2 state in a power-down idle
 * state or suspend (CPU PM), get the same treatment. Reboot, kexec and
 * unload give EL2 back to the stub with the registers the kernel left.
 * Documentation/el2.rst tells the whole story.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpu_pm.h>
#include <linux/cpuhotplug.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/reboot.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/kvm_arm.h>
#include <asm/memory.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <asm/traps.h>
#include <asm/virt.h>

#include "armvcpu.h"
#include "el2.h"

#define CURRENTEL_EL2	(2 << 2)

static_assert(offsetof(struct armvcpu_hyp_cpu, guest_ctxt) == HYP_CPU_GUEST_CTXT);
static_assert(offsetof(struct armvcpu_hyp_cpu, stack_top) == HYP_CPU_STACK_TOP);
static_assert(offsetof(struct armvcpu_hyp_cpu, stub_vbar) == HYP_CPU_STUB_VBAR);
static_assert(offsetof(struct armvcpu_hyp_cpu, cfg_ttbr0) == HYP_CPU_CFG_TTBR0);
static_assert(offsetof(struct armvcpu_hyp_cpu, cfg_sctlr) == HYP_CPU_CFG_SCTLR);
static_assert(offsetof(struct armvcpu_hyp_cpu, saved_sctlr) == HYP_CPU_SAVED_SCTLR);
static_assert(offsetof(struct armvcpu_hyp_cpu, saved_hcr) == HYP_CPU_SAVED_HCR);
static_assert(offsetof(struct armvcpu_hyp_cpu, saved_vmpidr) == HYP_CPU_SAVED_VMPIDR);
static_assert(offsetof(struct armvcpu_hyp_cpu, saved_tpidr) == HYP_CPU_SAVED_TPIDR);
static_assert(offsetof(struct armvcpu_hyp_cpu, owned) == HYP_CPU_OWNED);
static_assert(offsetof(struct armvcpu_hyp_cpu, host_elr) == HYP_CPU_HOST_ELR);
static_assert(offsetof(struct armvcpu_hyp_cpu, host_x19_x30) == HYP_CPU_HOST_X19);
static_assert(offsetof(struct armvcpu_hyp_cpu, fault_count) == HYP_CPU_FAULT_COUNT);
static_assert(offsetof(struct armvcpu_hyp_cpu, fault_spsr) == HYP_CPU_FAULT_SPSR);
static_assert(offsetof(struct armvcpu_hyp_cpu, switch_area) == HYP_CPU_SWITCH_AREA);
static_assert(sizeof(struct armvcpu_hyp_cpu) == HYP_CPU_SIZE);
static_assert(HYP_CPU_SIZE <= (PAGE_SIZE << HYP_CPU_ALLOC_ORDER) / 2);

static struct {
	struct page *blob;
	unsigned int blob_order;
	phys_addr_t blob_pa;
	phys_addr_t stub_pa;
	struct armvcpu_el2_pgtable pgt;
	int hp_state;
	/* Take CPUs (cpuhp, CPU PM); false from unload or reboot on. */
	bool active;
	/* Set while loading: a CPU that cannot be taken fails the load. */
	bool loading;
	atomic_t broken;
	struct dentry *debugfs_ping, *debugfs_fault, *debugfs_hvc;
	struct dentry *debugfs_regs;
} el2;

static DEFINE_PER_CPU(struct armvcpu_hyp_cpu *, armvcpu_hyp_cpu);
/* This CPU runs armvcpu's vectors; only changes on this CPU, irqs off. */
static DEFINE_PER_CPU(bool, armvcpu_el2_ready);

/*
 * The raw call. Both the stub and armvcpu's EL2 code return in x0 (x0-x3)
 * and may clobber x4-x17; the stub's own comment allows x18 too, but its
 * code only ever writes x0, and x18 may be reserved (shadow call stack).
 */
static void armvcpu_hvc(unsigned long fn, unsigned long a1, unsigned long a2,
			unsigned long a3, struct armvcpu_hyp_res *res)
{
	register unsigned long x0 asm("x0") = fn;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;

	asm volatile("hvc	#0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	res->a0 = x0;
	res->a1 = x1;
	res->a2 = x2;
	res->a3 = x3;
}

bool armvcpu_el2_broken(void)
{
	return atomic_read(&el2.broken);
}

static void armvcpu_el2_report_fault(unsigned int cpu)
{
	struct armvcpu_hyp_cpu *hc = per_cpu(armvcpu_hyp_cpu, cpu);
	u64 elr = hc->fault_elr;
	u64 off = elr - el2.blob_pa;

	if (atomic_xchg(&el2.broken, 1))
		return;
	pr_crit("EL2 took an exception from EL2 on CPU%u (a hypervisor bug): vector %#llx ESR %#llx ELR %#llx (hyp+%#llx) FAR %#llx SPSR %#llx; no guest will run until armvcpu is reloaded\n",
		cpu, hc->fault_vector, hc->fault_esr, elr,
		off < (PAGE_SIZE << el2.blob_order) ? off : ~0ULL,
		hc->fault_far, hc->fault_spsr);
}

unsigned long armvcpu_hyp_call(unsigned long fn, unsigned long a1,
			       unsigned long a2, unsigned long a3,
			       struct armvcpu_hyp_res *res)
{
	struct armvcpu_hyp_res r;

	/* The fault record to read is that of the CPU the HVC ran on. */
	preempt_disable();
	armvcpu_hvc(fn, a1, a2, a3, &r);
	if (unlikely(r.a0 == ARMVCPU_HVC_RET_FAULT))
		armvcpu_el2_report_fault(smp_processor_id());
	preempt_enable();
	if (res)
		*res = r;
	return r.a0;
}

bool armvcpu_el2_ready_this_cpu(void)
{
	WARN_ON_ONCE(preemptible());
	/*
	 * armvcpu_el2_ready: not since a CPU PM power-down; owned: no stub
	 * call (e.g. from another hypervisor's or kexec's code) took EL2 back.
	 */
	return !armvcpu_el2_broken() && __this_cpu_read(armvcpu_el2_ready) &&
	       READ_ONCE(__this_cpu_read(armvcpu_hyp_cpu)->owned);
}

phys_addr_t armvcpu_el2_cpu_pa(unsigned int cpu)
{
	return virt_to_phys(per_cpu(armvcpu_hyp_cpu, cpu));
}

/*
 * Clean and invalidate to the point of coherency, for what EL2 reads with
 * its MMU off (dcache_clean_inval_poc() is not exported to modules).
 */
static void armvcpu_clean_inval_poc(void *addr, size_t size)
{
	u64 ctr = read_sanitised_ftr_reg(SYS_CTR_EL0);
	/* CTR_EL0.DminLine, bits [19:16]: log2 of the line size in words. */
	unsigned long line = 4UL << ((ctr >> 16) & 0xf);
	unsigned long p = (unsigned long)addr & ~(line - 1);
	unsigned long end = (unsigned long)addr + size;

	for (; p < end; p += line)
		asm volatile("dc civac, %0" : : "r" (p) : "memory");
	dsb(sy);
}

/* Is armvcpu's EL2 code, with this CPU's struct, answering on this CPU? */
static bool armvcpu_el2_answers(struct armvcpu_hyp_cpu *hc,
				struct armvcpu_hyp_res *res)
{
	armvcpu_hvc(ARMVCPU_HVC_PING, 0, 0, 0, res);
	return res->a0 == ARMVCPU_HVC_PING_MAGIC && res->a3 == hc->self &&
	       res->a1 == CURRENTEL_EL2;
}

/* Take EL2 on this CPU from the stub. Interrupts off. Idempotent. */
static int armvcpu_el2_take_this_cpu(unsigned long *probe)
{
	struct armvcpu_hyp_cpu *hc = __this_cpu_read(armvcpu_hyp_cpu);
	struct armvcpu_hyp_res res;

	lockdep_assert_irqs_disabled();
	if (armvcpu_el2_answers(hc, &res))
		goto ready;
	if (probe)
		*probe = res.a0;
	if (res.a0 != HVC_STUB_ERR) {
		pr_err("CPU%u: EL2 answered %#lx to a probe, not the hyp stub's %#x\n",
		       smp_processor_id(), res.a0, HVC_STUB_ERR);
		return -EBUSY;
	}

	/* INIT reads the struct with the MMU off: past the caches. */
	armvcpu_clean_inval_poc(hc, sizeof(*hc));
	armvcpu_hvc(HVC_SET_VECTORS, el2.blob_pa + HYP_INIT_VECTORS_OFFSET,
		    0, 0, &res);
	if (res.a0) {
		pr_err("CPU%u: the stub refused HVC_SET_VECTORS: %#lx\n",
		       smp_processor_id(), res.a0);
		return -EIO;
	}
	armvcpu_hvc(ARMVCPU_HVC_INIT, hc->self, 0, 0, &res);
	if (res.a0 || !armvcpu_el2_answers(hc, &res)) {
		pr_err("CPU%u: EL2 init failed (ping answered %#lx)\n",
		       smp_processor_id(), res.a0);
		armvcpu_hvc(HVC_RESET_VECTORS, 0, 0, 0, &res);
		return -EIO;
	}
ready:
	__this_cpu_write(armvcpu_el2_ready, true);
	return 0;
}

/* Give EL2 on this CPU back to the stub. Interrupts off. Idempotent. */
static int armvcpu_el2_release_this_cpu(unsigned long *probe)
{
	struct armvcpu_hyp_cpu *hc = __this_cpu_read(armvcpu_hyp_cpu);
	struct armvcpu_hyp_res res;

	lockdep_assert_irqs_disabled();
	__this_cpu_write(armvcpu_el2_ready, false);
	if (armvcpu_el2_answers(hc, &res))
		armvcpu_hvc(HVC_RESET_VECTORS, 0, 0, 0, &res);
	/* What an unknown HVC gets now: the stub's own answer, we hope. */
	armvcpu_hvc(ARMVCPU_HVC_PING, 0, 0, 0, &res);
	if (probe)
		*probe = res.a0;
	if (res.a0 != HVC_STUB_ERR) {
		pr_err("CPU%u: EL2 still answers %#lx after hand-back to the stub\n",
		       smp_processor_id(), res.a0);
		return -EIO;
	}
	return 0;
}

/*
 * What the probe last answered (any CPU), and how many CPUs were taken or
 * handed back, for the summary line of a load or an unload (tests read it).
 * A CPU that could not be handed back keeps running armvcpu's EL2 code:
 * cpus_stuck then keeps that memory from being freed.
 */
static unsigned long last_probe;
static atomic_t cpus_done;
static atomic_t cpus_stuck;

/* Fault injection for the all-or-nothing test: this CPU fails the load. */
static int test_fail_cpu = -1;
module_param(test_fail_cpu, int, 0444);
MODULE_PARM_DESC(test_fail_cpu, "test only: taking this CPU fails the load");

static int armvcpu_el2_cpu_online(unsigned int cpu)
{
	unsigned long flags, probe = HVC_STUB_ERR;
	int ret;

	if (!READ_ONCE(el2.active))
		return 0;
	if (el2.loading && cpu == test_fail_cpu) {
		pr_err("CPU%u: failing the take-over on purpose (test_fail_cpu)\n",
		       cpu);
		return -EIO;
	}
	local_irq_save(flags);
	ret = armvcpu_el2_take_this_cpu(&probe);
	local_irq_restore(flags);
	if (ret && !el2.loading) {
		/* Keep the CPU usable by the host; it just runs no guest. */
		pr_err("CPU%u: no guest will run on this CPU\n", cpu);
		return 0;
	}
	if (!ret) {
		WRITE_ONCE(last_probe, probe);
		atomic_inc(&cpus_done);
	}
	return ret;
}

static int armvcpu_el2_cpu_offline(unsigned int cpu)
{
	unsigned long flags, probe;

	local_irq_save(flags);
	if (armvcpu_el2_release_this_cpu(&probe))
		atomic_inc(&cpus_stuck);
	else
		atomic_inc(&cpus_done);
	WRITE_ONCE(last_probe, probe);
	local_irq_restore(flags);
	return 0;
}

/*
 * A power-down idle state or suspend resumes through the kernel's entry
 * code, which puts the stub back at EL2; a shallower state keeps
 * armvcpu's vectors. So: not ready on entry, probe and take on exit.
 */
static int armvcpu_el2_cpu_pm(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	switch (action) {
	case CPU_PM_ENTER:
		__this_cpu_write(armvcpu_el2_ready, false);
		break;
	case CPU_PM_ENTER_FAILED:
	case CPU_PM_EXIT:
		if (READ_ONCE(el2.active) &&
		    armvcpu_el2_take_this_cpu(NULL))
			pr_err_ratelimited("CPU%u: EL2 lost after idle/resume; no guest will run on this CPU\n",
					   smp_processor_id());
		break;
	}
	return NOTIFY_OK;
}

static struct notifier_block armvcpu_el2_pm_nb = {
	.notifier_call = armvcpu_el2_cpu_pm,
};

static void armvcpu_el2_release_ipi(void *released)
{
	if (!armvcpu_el2_release_this_cpu(NULL))
		atomic_inc(released);
}

/*
 * Restart, halt, power-off and kexec (kernel_kexec() runs the reboot
 * notifiers first): the next kernel or the firmware expects the stub at
 * EL2, so every CPU gets it back and nothing takes EL2 again. A crash
 * kexec runs no notifier: EL2 then answers its HVC_SOFT_RESTART as the
 * stub would (hyp/host.S).
 */
static int armvcpu_el2_reboot(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	atomic_t released = ATOMIC_INIT(0);

	WRITE_ONCE(el2.active, false);
	on_each_cpu(armvcpu_el2_release_ipi, &released, 1);
	pr_info("EL2 returned to the hyp stub on %d CPUs for %s\n",
		atomic_read(&released),
		action == SYS_RESTART ? "restart or kexec" : "halt or power-off");
	return NOTIFY_DONE;
}

static struct notifier_block armvcpu_el2_reboot_nb = {
	.notifier_call = armvcpu_el2_reboot,
};

/* ------------------------------------------------------------------ */
/* Detection and refusal: nothing is changed before this succeeds.     */
/* ------------------------------------------------------------------ */

static unsigned long armvcpu_lookup_name(const char *name)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long (*lookup)(const char *name);

	if (register_kprobe(&kp) < 0)
		return 0;
	lookup = (void *)kp.addr;
	unregister_kprobe(&kp);
	return lookup ? lookup(name) : 0;
}

static bool armvcpu_kvm_initialised(void)
{
	struct dentry **kvm_dir = __symbol_get("kvm_debugfs_dir");
	bool up;

	if (!kvm_dir)
		return false;
	up = READ_ONCE(*kvm_dir);
	__symbol_put("kvm_debugfs_dir");
	return up;
}

/*
 * The ownership probe, with a safety net. A kernel entered at EL2 always
 * has the stub (or KVM, or armvcpu) there. One entered at EL1 on a CPU that
 * implements EL2 may find HVC UNDEFINED (SCR_EL3.HCE = 0), which would oops
 * the kernel, or answered by firmware's own hypervisor. An undef hook for
 * this one instruction turns the first case into a refusal too;
 * register_undef_hook() is not exported, but kallsyms has it.
 */
#define ARMVCPU_PROBE_UNDEFINED	(~0UL - 1)
#define A64_HVC_0		0xd4000002

static unsigned long armvcpu_probe_pc;

static int armvcpu_probe_undef(struct pt_regs *regs, u32 insn)
{
	if (regs->pc != READ_ONCE(armvcpu_probe_pc))
		return 1;
	regs->regs[0] = ARMVCPU_PROBE_UNDEFINED;
	regs->pc += 4;
	return 0;
}

static unsigned long armvcpu_el2_probe(void)
{
	register unsigned long x0 asm("x0");
	struct undef_hook hook = {
		.instr_mask = 0xffffffff,
		.instr_val = A64_HVC_0,
		.pstate_mask = PSR_MODE_MASK,
		.pstate_val = PSR_MODE_EL1h,
		.fn = armvcpu_probe_undef,
	};
	void (*reg)(struct undef_hook *hook);
	void (*unreg)(struct undef_hook *hook);
	unsigned long pc, answer;

	reg = (void *)armvcpu_lookup_name("register_undef_hook");
	unreg = (void *)armvcpu_lookup_name("unregister_undef_hook");
	if (reg && unreg)
		reg(&hook);
	/* No call between this and the asm: x0 must reach the HVC. */
	x0 = ARMVCPU_HVC_PING;
	/* Publish the HVC's address before executing it. */
	asm volatile("adr	%1, 1f\n\t"
		     "str	%1, [%2]\n"
		     "1:	hvc	#0"
		     : "+r" (x0), "=&r" (pc)
		     : "r" (&armvcpu_probe_pc)
		     : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		       "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory");
	answer = x0;
	if (reg && unreg)
		unreg(&hook);
	return answer;
}

static int armvcpu_el2_detect(void)
{
	u64 pfr0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1);
	unsigned long answer;

	/* Without EL2, HVC is UNDEFINED: never issue one then. */
	if (!cpuid_feature_extract_unsigned_field(pfr0,
						  ID_AA64PFR0_EL1_EL2_SHIFT)) {
		pr_err("EL2 not available: firmware entered Linux at EL1 (no CPU implements EL2)\n");
		return -ENODEV;
	}
	if (is_kernel_in_hyp_mode()) {
		pr_err("VHE host: add id_aa64mmfr1.vh=0 to the kernel command line (the kernel itself runs at EL2)\n");
		return -EBUSY;
	}

	/*
	 * KVM in nVHE mode installs itself at EL2 only while a VM exists
	 * (kvm_arch_hardware_enable()), so the probe below would find the
	 * stub and KVM would take EL2 from under armvcpu later. KVM set
	 * kvm_debugfs_dir if and only if it initialised.
	 */
	if (armvcpu_kvm_initialised()) {
		pr_err("EL2 is owned by KVM: boot with kvm-arm.mode=none\n");
		return -EBUSY;
	}

	/*
	 * The stub answers HVC_STUB_ERR to any id but its four; KVM's nVHE
	 * and protected modes would answer SMCCC_RET_NOT_SUPPORTED to an id
	 * that is neither a stub call nor one of theirs (handle_host_hcall()).
	 */
	answer = armvcpu_el2_probe();
	switch (answer) {
	case HVC_STUB_ERR:
		return 0;
	case ARMVCPU_HVC_PING_MAGIC:
		pr_err("EL2 still runs an earlier armvcpu's code: reboot\n");
		return -EBUSY;
	case ARMVCPU_PROBE_UNDEFINED:
		pr_err("EL2 not available: firmware entered Linux at EL1 (HVC is undefined)\n");
		return -ENODEV;
	default:
		/* Only a kernel entered at EL1 has neither stub nor KVM. */
		pr_err("EL2 not available: firmware entered Linux at EL1 (a hypervisor answered the probe with %#lx)\n",
		       answer);
		return -ENODEV;
	}
}

/* ------------------------------------------------------------------ */
/* Memory EL2 uses: blob, identity map, per-CPU struct + stack.        */
/* ------------------------------------------------------------------ */

static void armvcpu_el2_free_mem(void)
{
	unsigned int cpu;

	if (atomic_read(&cpus_stuck)) {
		pr_crit("%d CPUs still run armvcpu's EL2 code: its memory stays allocated\n",
			atomic_read(&cpus_stuck));
		return;
	}

	for_each_possible_cpu(cpu) {
		struct armvcpu_hyp_cpu *hc = per_cpu(armvcpu_hyp_cpu, cpu);

		if (hc)
			free_pages((unsigned long)hc, HYP_CPU_ALLOC_ORDER);
		per_cpu(armvcpu_hyp_cpu, cpu) = NULL;
	}
	armvcpu_el2_pgt_free(&el2.pgt);
	if (el2.blob)
		__free_pages(el2.blob, el2.blob_order);
	el2.blob = NULL;
}

static u64 armvcpu_el2_tcr(void)
{
	u64 mmfr0 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR0_EL1);
	u64 ps = cpuid_feature_extract_unsigned_field(mmfr0,
					ID_AA64MMFR0_EL1_PARANGE_SHIFT);

	/* EL2's map stops at 48 bits (4 KiB granule, 4 levels). */
	ps = min_t(u64, ps, ID_AA64MMFR0_EL1_PARANGE_48);
	return TCR_EL2_RES1 | (ps << TCR_EL2_PS_SHIFT) | TCR_T0SZ(EL2_VA_BITS) |
	       TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K;
}

static int armvcpu_el2_alloc_mem(void)
{
	size_t size = __armvcpu_hyp_end - __armvcpu_hyp_start;
	unsigned int cpu;
	void *blob;
	int ret;

	el2.blob_order = get_order(size);
	el2.blob = alloc_pages(GFP_KERNEL | __GFP_ZERO, el2.blob_order);
	if (!el2.blob)
		return -ENOMEM;
	blob = page_address(el2.blob);
	memcpy(blob, __armvcpu_hyp_start, size);
	el2.blob_pa = page_to_phys(el2.blob);
	/* The init vectors run with the MMU, so the I-cache, off. */
	armvcpu_clean_inval_poc(blob, size);

	ret = armvcpu_el2_pgt_build(&el2.pgt, el2.blob_pa,
				    el2.blob_pa + (PAGE_SIZE << el2.blob_order));
	if (ret)
		return ret;

	for_each_possible_cpu(cpu) {
		struct page *page;
		struct armvcpu_hyp_cpu *hc;

		page = alloc_pages_node(cpu_to_node(cpu),
					GFP_KERNEL | __GFP_ZERO,
					HYP_CPU_ALLOC_ORDER);
		if (!page)
			return -ENOMEM;
		hc = page_address(page);
		per_cpu(armvcpu_hyp_cpu, cpu) = hc;
		hc->self = page_to_phys(page);
		hc->stack_top = hc->self + (PAGE_SIZE << HYP_CPU_ALLOC_ORDER);
		hc->stub_vbar = el2.stub_pa;
		hc->cfg_ttbr0 = virt_to_phys(el2.pgt.root);
		hc->cfg_tcr = armvcpu_el2_tcr();
		/* The host's own attribute encodings, indices included. */
		hc->cfg_mair = read_sysreg(mair_el1);
		hc->cfg_sctlr = INIT_SCTLR_EL2_MMU_ON;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* debugfs: el2_ping (every online CPU answers?), el2_fault (test).    */
/* ------------------------------------------------------------------ */

struct armvcpu_ping {
	struct armvcpu_hyp_res res;
	bool ready, ours;
};

/*
 * Pinging whatever owns EL2 is harmless: the stub answers HVC_STUB_ERR,
 * which is how a CPU that was handed back shows up.
 */
static void armvcpu_el2_ping_ipi(void *data)
{
	struct armvcpu_ping *p = data;
	struct armvcpu_hyp_cpu *hc = __this_cpu_read(armvcpu_hyp_cpu);

	p->ready = armvcpu_el2_ready_this_cpu();
	armvcpu_hyp_call(ARMVCPU_HVC_PING, 0, 0, 0, &p->res);
	p->ours = p->res.a0 == ARMVCPU_HVC_PING_MAGIC &&
		  p->res.a3 == hc->self && p->res.a1 == CURRENTEL_EL2;
	if (hc->fault_count)
		armvcpu_el2_report_fault(smp_processor_id());
}

static int armvcpu_el2_ping_show(struct seq_file *m, void *unused)
{
	unsigned int cpu;

	seq_printf(m, "broken %d\n", armvcpu_el2_broken());
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct armvcpu_ping p = { };

		smp_call_function_single(cpu, armvcpu_el2_ping_ipi, &p, 1);
		seq_printf(m, "cpu%u %s answer %#lx el %lu mpidr %#lx hyp_cpu %#lx ready %d\n",
			   cpu, p.ours ? "ok" : "FAIL", p.res.a0,
			   p.ours ? p.res.a1 >> 2 : 0, p.ours ? p.res.a2 : 0,
			   p.ours ? p.res.a3 : 0, p.ready);
	}
	cpus_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(armvcpu_el2_ping);

/*
 * el2_regs: per online CPU, the EL2 registers the kernel left (saved by
 * INIT, restored on hand-back) and their live values; the host must run
 * with exactly the former whenever no guest is loaded.
 */
static const char * const armvcpu_el2_reg_names[HYP_CPU_NR_HOST_REGS] = {
	"hcr", "vttbr", "vtcr", "cptr", "mdcr", "cnthctl", "cntvoff", "hstr",
	"vpidr", "vmpidr",
};

static_assert(offsetof(struct armvcpu_hyp_cpu, now_hcr_vmpidr) == HYP_CPU_NOW_HCR);
static_assert(offsetof(struct armvcpu_hyp_cpu, lrs_clean) == HYP_CPU_LRS_CLEAN);
static_assert(offsetof(struct armvcpu_hyp_cpu, saved_vmpidr) ==
	      HYP_CPU_SAVED_HCR + 8 * (HYP_CPU_NR_HOST_REGS - 1));

static void armvcpu_el2_regs_ipi(void *ok)
{
	*(bool *)ok = armvcpu_el2_ready_this_cpu() &&
		      !armvcpu_hyp_call(ARMVCPU_HVC_READ_EL2_REGS, 0, 0, 0, NULL);
}

static int armvcpu_el2_regs_show(struct seq_file *m, void *unused)
{
	unsigned int cpu, i;

	seq_puts(m, "regs");
	for (i = 0; i < HYP_CPU_NR_HOST_REGS; i++)
		seq_printf(m, " %s", armvcpu_el2_reg_names[i]);
	seq_putc(m, '\n');
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct armvcpu_hyp_cpu *hc = per_cpu(armvcpu_hyp_cpu, cpu);
		const u64 *saved = &hc->saved_hcr;
		bool ok = false;

		smp_call_function_single(cpu, armvcpu_el2_regs_ipi, &ok, 1);
		if (!ok) {
			seq_printf(m, "cpu%u none\n", cpu);
			continue;
		}
		seq_printf(m, "cpu%u saved", cpu);
		for (i = 0; i < HYP_CPU_NR_HOST_REGS; i++)
			seq_printf(m, " %llx", saved[i]);
		seq_puts(m, " now");
		for (i = 0; i < HYP_CPU_NR_HOST_REGS; i++)
			seq_printf(m, " %llx", hc->now_hcr_vmpidr[i]);
		seq_putc(m, '\n');
	}
	cpus_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(armvcpu_el2_regs);

static void armvcpu_el2_fault_ipi(void *data)
{
	unsigned long *ret = data;

	*ret = armvcpu_hyp_call(ARMVCPU_HVC_TEST_FAULT, 0, 0, 0, NULL);
}

/* Writing a CPU number makes EL2 fault on that CPU, to test reporting. */
static ssize_t armvcpu_el2_fault_write(struct file *file,
				       const char __user *buf, size_t len,
				       loff_t *ppos)
{
	unsigned long ret = 0;
	unsigned int cpu;
	int err;

	err = kstrtouint_from_user(buf, len, 0, &cpu);
	if (err)
		return err;
	cpus_read_lock();
	if (cpu >= nr_cpu_ids || !cpu_online(cpu))
		err = -EINVAL;
	else if (!per_cpu(armvcpu_el2_ready, cpu))
		err = -ENXIO;
	else
		err = smp_call_function_single(cpu, armvcpu_el2_fault_ipi,
					       &ret, 1);
	cpus_read_unlock();
	if (err)
		return err;
	return ret == ARMVCPU_HVC_RET_FAULT ? len : -EIO;
}

static const struct file_operations armvcpu_el2_fault_fops = {
	.owner = THIS_MODULE,
	.write = armvcpu_el2_fault_write,
	.llseek = noop_llseek,
};

/*
 * el2_hvc: write "<cpu> <id>" to issue "hvc #0" with x0 = id on that CPU,
 * read back the answer: the tests' view of the stub ABI armvcpu keeps
 * answering. Only ids that cannot corrupt anything are let through:
 * HVC_SET_VECTORS, always with x1 = the kernel's own __hyp_stub_vectors,
 * and HVC_RESET_VECTORS (that CPU goes back to the stub, as if some other
 * kernel code had asked), HVC_FINALISE_EL2, PING, INIT and unknown ids.
 */
static DEFINE_MUTEX(armvcpu_el2_hvc_lock);
static unsigned long armvcpu_el2_hvc_answer;

static bool armvcpu_el2_hvc_allowed(unsigned long id)
{
	if (id == HVC_SET_VECTORS || id == HVC_RESET_VECTORS ||
	    id == HVC_FINALISE_EL2 || id == ARMVCPU_HVC_PING ||
	    id == ARMVCPU_HVC_INIT)
		return true;
	return id >= HVC_STUB_HCALL_NR &&
	       (id < ARMVCPU_HVC_BASE || id > ARMVCPU_HVC_BASE + 0xffff);
}

static void armvcpu_el2_hvc_ipi(void *data)
{
	unsigned long *id_answer = data;
	struct armvcpu_hyp_res res;

	armvcpu_hvc(*id_answer, el2.stub_pa, 0, 0, &res);
	*id_answer = res.a0;
}

static ssize_t armvcpu_el2_hvc_write(struct file *file, const char __user *buf,
				     size_t len, loff_t *ppos)
{
	unsigned long id;
	unsigned int cpu;
	char kbuf[48];
	int err;

	if (len >= sizeof(kbuf))
		return -EINVAL;
	if (copy_from_user(kbuf, buf, len))
		return -EFAULT;
	kbuf[len] = '\0';
	if (sscanf(kbuf, "%u %li", &cpu, &id) != 2)
		return -EINVAL;
	if (!armvcpu_el2_hvc_allowed(id))
		return -EPERM;

	mutex_lock(&armvcpu_el2_hvc_lock);
	cpus_read_lock();
	if (cpu >= nr_cpu_ids || !cpu_online(cpu))
		err = -EINVAL;
	else
		err = smp_call_function_single(cpu, armvcpu_el2_hvc_ipi, &id,
					       1);
	cpus_read_unlock();
	if (!err)
		armvcpu_el2_hvc_answer = id;
	mutex_unlock(&armvcpu_el2_hvc_lock);
	return err ? err : len;
}

static ssize_t armvcpu_el2_hvc_read(struct file *file, char __user *buf,
				    size_t len, loff_t *ppos)
{
	char kbuf[24];
	int n;

	mutex_lock(&armvcpu_el2_hvc_lock);
	n = scnprintf(kbuf, sizeof(kbuf), "%#lx\n", armvcpu_el2_hvc_answer);
	mutex_unlock(&armvcpu_el2_hvc_lock);
	return simple_read_from_buffer(buf, len, ppos, kbuf, n);
}

static const struct file_operations armvcpu_el2_hvc_fops = {
	.owner = THIS_MODULE,
	.read = armvcpu_el2_hvc_read,
	.write = armvcpu_el2_hvc_write,
	.llseek = default_llseek,
};

/* ------------------------------------------------------------------ */
/* Load and unload                                                     */
/* ------------------------------------------------------------------ */

int armvcpu_el2_init(void)
{
	unsigned long stub;
	int ret;

	ret = armvcpu_el2_detect();
	if (ret)
		return ret;

	/* Not exported, but a text symbol: kallsyms has it. */
	stub = armvcpu_lookup_name("__hyp_stub_vectors");
	if (!stub || !IS_ALIGNED(stub, SZ_2K)) {
		pr_err("cannot find the kernel's __hyp_stub_vectors\n");
		return -ENOENT;
	}
	el2.stub_pa = __pa_symbol(stub);

	atomic_set(&el2.broken, 0);
	ret = armvcpu_el2_alloc_mem();
	if (ret)
		goto out_free;

	/*
	 * CPU PM first, so that no CPU can lose armvcpu's vectors in idle
	 * unnoticed once cpuhp took it; then cpuhp takes every online CPU,
	 * and undoes them all if one fails.
	 */
	WRITE_ONCE(el2.active, true);
	el2.loading = true;
	atomic_set(&cpus_done, 0);
	ret = cpu_pm_register_notifier(&armvcpu_el2_pm_nb);
	if (ret)
		goto out_inactive;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "armvcpu/el2:online",
				armvcpu_el2_cpu_online,
				armvcpu_el2_cpu_offline);
	el2.loading = false;
	if (ret < 0) {
		/* cpuhp already gave the CPUs it had taken back to the stub. */
		pr_err("EL2 take-over failed (%d): the CPUs taken so far went back to the stub\n",
		       ret);
		goto out_pm;
	}
	el2.hp_state = ret;
	ret = register_reboot_notifier(&armvcpu_el2_reboot_nb);
	if (ret)
		goto out_hp;

	pr_info("EL2 taken from the hyp stub on %d CPUs (stub probe answered %#lx); identity map: %llu MiB of RAM in %lu table pages\n",
		atomic_read(&cpus_done), READ_ONCE(last_probe),
		el2.pgt.ram_bytes >> 20, el2.pgt.nr_pages);

	el2.debugfs_ping = debugfs_create_file("el2_ping", 0444,
					       armvcpu_debugfs_dir, NULL,
					       &armvcpu_el2_ping_fops);
	el2.debugfs_fault = debugfs_create_file("el2_fault", 0200,
						armvcpu_debugfs_dir, NULL,
						&armvcpu_el2_fault_fops);
	el2.debugfs_regs = debugfs_create_file("el2_regs", 0444,
					       armvcpu_debugfs_dir, NULL,
					       &armvcpu_el2_regs_fops);
	el2.debugfs_hvc = debugfs_create_file("el2_hvc", 0600,
					      armvcpu_debugfs_dir, NULL,
					      &armvcpu_el2_hvc_fops);
	return 0;

out_hp:
	WRITE_ONCE(el2.active, false);
	cpuhp_remove_state(el2.hp_state);
out_pm:
	cpu_pm_unregister_notifier(&armvcpu_el2_pm_nb);
out_inactive:
	WRITE_ONCE(el2.active, false);
	/* cpu_pm callbacks run under RCU only: let them finish. */
	synchronize_rcu();
out_free:
	armvcpu_el2_free_mem();
	return ret;
}

void armvcpu_el2_exit(void)
{
	debugfs_remove(el2.debugfs_regs);
	debugfs_remove(el2.debugfs_hvc);
	debugfs_remove(el2.debugfs_fault);
	debugfs_remove(el2.debugfs_ping);
	unregister_reboot_notifier(&armvcpu_el2_reboot_nb);

	WRITE_ONCE(el2.active, false);
	atomic_set(&cpus_done, 0);
	WRITE_ONCE(last_probe, HVC_STUB_ERR);
	cpuhp_remove_state(el2.hp_state);
	cpu_pm_unregister_notifier(&armvcpu_el2_pm_nb);
	synchronize_rcu();

	pr_info("EL2 returned to the hyp stub on %d CPUs (probe answered %#lx)\n",
		atomic_read(&cpus_done), READ_ONCE(last_probe));
	armvcpu_el2_free_mem();
}
