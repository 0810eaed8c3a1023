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
 *
 * This file is that life cycle: the per-CPU take-over and hand-back, the
 * cpuhp, CPU PM and reboot callbacks, module load and unload, and the call
 * into EL2. The checks before anything changes are el2/detect.c's, the
 * memory EL2 runs on el2/mem.c's and el2/pgtable.c's, the debugfs test hooks
 * test/el2_hooks.c's; el2/internal.h is what they share.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpu_pm.h>
#include <linux/cpuhotplug.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/reboot.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include <asm/memory.h>
#include <asm/virt.h>

#include "el2/el2.h"
#include "el2/internal.h"
#include "el2/spectre.h"
#include "test/hooks.h"

/* The struct, then at least as much EL2 stack. */
static_assert(sizeof(struct armvcpu_hyp_cpu) <=
	      (PAGE_SIZE << HYP_CPU_ALLOC_ORDER) / 2);

static struct {
	int hp_state;
	/* Take CPUs (cpuhp, CPU PM); false from unload or reboot on. */
	bool active;
	/* Set while loading: a CPU that cannot be taken fails the load. */
	bool loading;
} el2;

/* EL2 reported an exception from EL2: read inline (el2/el2.h). */
atomic_t armvcpu_el2_broken_state;

/* This CPU runs armvcpu's vectors; only changes on this CPU, irqs off. */
DEFINE_PER_CPU(bool, armvcpu_el2_ready);

void armvcpu_el2_report_fault(unsigned int cpu)
{
	struct armvcpu_hyp_cpu *hc = per_cpu(armvcpu_hyp_cpu, cpu);
	u64 elr = hc->fault_elr;
	u64 off = elr - armvcpu_el2_mem.blob_pa;

	if (atomic_xchg(&armvcpu_el2_broken_state, 1))
		return;
	pr_crit("EL2 took an exception from EL2 on CPU%u (a hypervisor bug): vector %#llx ESR %#llx ELR %#llx (hyp+%#llx) FAR %#llx SPSR %#llx; no guest will run until armvcpu is reloaded\n",
		cpu, hc->fault_vector, hc->fault_esr, elr,
		off < (PAGE_SIZE << armvcpu_el2_mem.blob_order) ? off : ~0ULL,
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

static atomic_long_t armvcpu_el2_leaked_ours = ATOMIC_LONG_INIT(0);

void armvcpu_el2_leak(const char *what, unsigned long pages, bool ours)
{
	static atomic_t told = ATOMIC_INIT(0);

	if (!pages)
		return;
	armvcpu_el2_stat_add(ARMVCPU_STAT_LEAKED_PAGES, pages);
	if (ours)
		atomic_long_add(pages, &armvcpu_el2_leaked_ours);
	/* Counted in debugfs el2_test; once in the log is enough. */
	if (!atomic_xchg(&told, 1))
		pr_info("leaking %lu pages of %s, and all such memory until reload: their stage-2 translations could not be invalidated\n",
			pages, what);
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

/* Is armvcpu's EL2 code, with this CPU's struct, answering on this CPU? */
static bool armvcpu_el2_answers(struct armvcpu_hyp_cpu *hc,
				struct armvcpu_hyp_res *res)
{
	armvcpu_hvc(ARMVCPU_HVC_PING, 0, 0, 0, res);
	return res->a0 == ARMVCPU_HVC_PING_MAGIC && res->a3 == hc->self &&
	       res->a1 == CURRENTEL_EL2;
}

/*
 * Fault injection for el2_hotplug: every take-over of this CPU from the
 * stub fails, after INIT, through the same hand-back as a failed INIT, so
 * that the callers see a real failed take (the online callback must then
 * refuse the CPU). Test only; -1, the default, is no CPU.
 */
static int test_fail_online_cpu = -1;
armvcpu_test_param(test_fail_online_cpu, test_fail_online_cpu, int, 0644);
armvcpu_test_param_desc(test_fail_online_cpu,
			"taking this CPU from the stub fails (it cannot come online)");

/* Take EL2 on this CPU from the stub. Interrupts off. Idempotent. */
static int armvcpu_el2_take_this_cpu(unsigned long *probe)
{
	struct armvcpu_hyp_cpu *hc = __this_cpu_read(armvcpu_hyp_cpu);
	struct armvcpu_hyp_res res;
	bool test_fail;

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

	/* What this CPU's guest exits run: decided before they can happen. */
	armvcpu_spectre_setup_this_cpu(hc);
	/* INIT reads the struct with the MMU off: past the caches. */
	armvcpu_clean_inval_poc(hc, sizeof(*hc));
	armvcpu_hvc(HVC_SET_VECTORS, armvcpu_el2_mem.blob_pa + HYP_INIT_VECTORS_OFFSET,
		    0, 0, &res);
	if (res.a0) {
		pr_err("CPU%u: the stub refused HVC_SET_VECTORS: %#lx\n",
		       smp_processor_id(), res.a0);
		return -EIO;
	}
	armvcpu_hvc(ARMVCPU_HVC_INIT, hc->self, 0, 0, &res);
	test_fail = smp_processor_id() == READ_ONCE(test_fail_online_cpu);
	if (res.a0 || !armvcpu_el2_answers(hc, &res) || test_fail) {
		pr_err("CPU%u: EL2 init failed (ping answered %#lx%s)\n",
		       smp_processor_id(), res.a0,
		       test_fail ? ", failed on purpose: test_fail_online_cpu" : "");
		armvcpu_hvc(HVC_RESET_VECTORS, 0, 0, 0, &res);
		return -EIO;
	}
ready:
	__this_cpu_write(armvcpu_el2_ready, true);
	return 0;
}

int __armvcpu_el2_enter_this_cpu(void)
{
	lockdep_assert_irqs_disabled();
	if (armvcpu_el2_ready_this_cpu())
		return 0;
	/* Broken, or handed back for a reboot or kexec: for good. */
	if (armvcpu_el2_broken() || !READ_ONCE(el2.active))
		return -EIO;
	/*
	 * Ready but not owned: a stub call from code that is not the host
	 * kernel's (another hypervisor, kexec's) took EL2 back; leave it.
	 */
	if (__this_cpu_read(armvcpu_el2_ready))
		return -EIO;
	/*
	 * Lost in a power-down idle state, and the CPU PM exit could not take
	 * it back then: one more try, so that where the scheduler put the
	 * vCPU thread does not fail the VM.
	 */
	return armvcpu_el2_take_this_cpu(NULL) ? -EIO : 0;
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
armvcpu_test_param(test_fail_cpu, test_fail_cpu, int, 0444);
armvcpu_test_param_desc(test_fail_cpu, "taking this CPU fails the load");

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
	/*
	 * A CPU that comes up without armvcpu's EL2 is refused, at load and
	 * later alike (cpuhp rolls the bring-up back): active, the scheduler
	 * could put any vCPU thread on it, and RUN there could only fail.
	 * KVM's own online callback refuses a CPU it cannot enable for the
	 * same reason. This callback runs before the CPU is active
	 * (CPUHP_AP_ACTIVE), so no user thread is ever scheduled on a CPU it
	 * has not taken.
	 */
	if (ret) {
		if (!el2.loading)
			pr_err("CPU%u: EL2 not taken, the CPU cannot come online while armvcpu is loaded\n",
			       cpu);
		return ret;
	}
	WRITE_ONCE(last_probe, probe);
	atomic_inc(&cpus_done);
	return 0;
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
	armvcpu_el2_mem.stub_pa = __pa_symbol(stub);

	atomic_set(&armvcpu_el2_broken_state, 0);
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
		armvcpu_el2_mem.pgt.ram_bytes >> 20, armvcpu_el2_mem.pgt.nr_pages);

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
	armvcpu_el2_free_mem(atomic_read(&cpus_stuck));
	return ret;
}

void armvcpu_el2_exit(void)
{
	unregister_reboot_notifier(&armvcpu_el2_reboot_nb);

	WRITE_ONCE(el2.active, false);
	atomic_set(&cpus_done, 0);
	WRITE_ONCE(last_probe, HVC_STUB_ERR);
	cpuhp_remove_state(el2.hp_state);
	cpu_pm_unregister_notifier(&armvcpu_el2_pm_nb);
	synchronize_rcu();

	pr_info("EL2 returned to the hyp stub on %d CPUs (probe answered %#lx)\n",
		atomic_read(&cpus_done), READ_ONCE(last_probe));
	armvcpu_el2_free_mem(atomic_read(&cpus_stuck));
	/* tools/rig/init reads this line: these are no bug of the code. */
	if (atomic_long_read(&armvcpu_el2_leaked_ours))
		pr_info("unloading with %ld pages of its own leaked on purpose\n",
			atomic_long_read(&armvcpu_el2_leaked_ours));
}
