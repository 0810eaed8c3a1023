// SPDX-License-Identifier: GPL-2.0
/*
 * The tests' window into EL2, /sys/kernel/debug/armvcpu/: el2_ping
 * (does every online CPU answer from its own EL2 data?), el2_regs (the EL2
 * registers the kernel left, and their live values), el2_fault (make EL2
 * fault on one CPU, to test the report), el2_hvc (issue one harmless
 * stub call), el2_spectre (the exit hardening, forced for tests),
 * el2_test (hooks into guest entries and exits for what QEMU cannot make
 * happen, and the counters that show what they did) and guest_el2 (the
 * EL2 controls the last guest ran under).
 * Test hooks only: armvcpu reads el2_test's hooks, but nothing depends
 * on them unless a test sets one.
 * The other test hooks, the module parameters test_fail_cpu,
 * test_fail_online_cpu and test_mdcr_feat (armvcpu_test_param()), stay
 * with the code that reads them.
 */
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/esr.h>
#include <asm/virt.h>

#include "armvcpu.h"
#include "el2/el2.h"
#include "el2/internal.h"
#include "el2/spectre.h"
#include "test/hooks.h"

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

/* saved_hcr .. saved_vmpidr, read as an array below. */
static_assert(offsetof(struct armvcpu_hyp_cpu, saved_vmpidr) ==
	      offsetof(struct armvcpu_hyp_cpu, saved_hcr) +
	      8 * (HYP_CPU_NR_HOST_REGS - 1));

/*
 * Also once EL2 is broken: after a fault, the host must still run with
 * exactly what the kernel left (the fault path put it back).
 */
static void armvcpu_el2_regs_ipi(void *ok)
{
	*(bool *)ok = __this_cpu_read(armvcpu_el2_ready) &&
		      READ_ONCE(__this_cpu_read(armvcpu_hyp_cpu)->owned) &&
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

/*
 * guest_el2: per possible CPU, what EL2 wrote there for the last guest it
 * entered: MDCR_EL2 and ICC_SRE_EL2, and the ICC_SRE_EL2 the exit gave
 * back to the host, with the CPU's HYP_SWITCH_* flags. The values as
 * written, since a register can ignore a write (QEMU's ICC_SRE_EL2 is a
 * constant). A CPU no guest entered shows flags 0.
 */
static int armvcpu_guest_el2_show(struct seq_file *m, void *unused)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct armvcpu_hyp_cpu *hc = per_cpu(armvcpu_hyp_cpu, cpu);

		if (!hc)
			continue;
		seq_printf(m, "cpu%u flags %llx mdcr %llx sre_guest %llx sre_host %llx\n",
			   cpu, READ_ONCE(hc->switch_flags),
			   READ_ONCE(hc->last_guest_mdcr),
			   READ_ONCE(hc->last_guest_sre),
			   READ_ONCE(hc->last_host_sre));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(armvcpu_guest_el2);

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

	armvcpu_hvc(*id_answer, armvcpu_el2_mem.stub_pa, 0, 0, &res);
	*id_answer = res.a0;
}

static ssize_t armvcpu_el2_hvc_write(struct file *file, const char __user *buf,
				     size_t len, loff_t *ppos)
{
	unsigned long id;
	unsigned int cpu;
	char kbuf[48];
	int err;

	err = armvcpu_debugfs_text(kbuf, sizeof(kbuf), buf, len);
	if (err)
		return err;
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

/*
 * el2_test: one "name value" line per hook or counter; writing
 * "name value" sets it. The hooks (hyp/ctx.h CTX_FLAG_TEST_*):
 * guest_fault, entries that fault at EL2 with the guest fully loaded
 * (the fault path must give the host its own state back); hpfar_erratum,
 * non-zero to act as a CPU with erratum 834220: HPFAR_EL2 junk at every
 * exit and the IPA of every abort from AT S1E1R; hpfar_perm, non-zero
 * for junk in HPFAR_EL2 only where the architecture allows it (stage-2
 * permission faults outside a stage-1 walk), AT left to the exit's own
 * choice; at_fail, exits whose AT S1E1R walk is taken as failed;
 * isr_pending, entries made with an interrupt pending for the host;
 * serror_exit, exits that find a deferred SError in DISR_EL1 (RAS only:
 * "ras 1"); abort_iss and serror_iss, see __armvcpu_el2_test_exit().
 */
static const char * const armvcpu_el2_test_names[ARMVCPU_EL2_TEST_NR] = {
	[ARMVCPU_TEST_GUEST_FAULT]	= "guest_fault",
	[ARMVCPU_TEST_HPFAR_ERRATUM]	= "hpfar_erratum",
	[ARMVCPU_TEST_HPFAR_PERM]	= "hpfar_perm",
	[ARMVCPU_TEST_AT_FAIL]		= "at_fail",
	[ARMVCPU_TEST_ISR_PENDING]	= "isr_pending",
	[ARMVCPU_TEST_SERROR_EXIT]	= "serror_exit",
	[ARMVCPU_TEST_ABORT_ISS]	= "abort_iss",
	[ARMVCPU_TEST_SERROR_ISS]	= "serror_iss",
	[ARMVCPU_STAT_RAS]		= "ras",
	[ARMVCPU_STAT_ENTRY_REFUSED]	= "entry_refused",
	[ARMVCPU_STAT_IPA_RETRY]	= "ipa_retry",
	[ARMVCPU_STAT_LEAKED_PAGES]	= "leaked_pages",
};

static atomic_long_t armvcpu_el2_test[ARMVCPU_EL2_TEST_NR];
DEFINE_STATIC_KEY_FALSE(armvcpu_el2_tests_on);

void armvcpu_el2_stat_add(enum armvcpu_el2_test stat, long n)
{
	atomic_long_add(n, &armvcpu_el2_test[stat]);
}

bool armvcpu_el2_test_take(enum armvcpu_el2_test t)
{
	return atomic_long_add_unless(&armvcpu_el2_test[t], -1, 0);
}

u64 __armvcpu_el2_test_flags(void)
{
	u64 flags = 0;

	if (armvcpu_el2_test_take(ARMVCPU_TEST_GUEST_FAULT))
		flags |= CTX_FLAG_TEST_FAULT;
	/* The CPU's HPFAR_EL2 is junk, and armvcpu knows it: the erratum. */
	if (atomic_long_read(&armvcpu_el2_test[ARMVCPU_TEST_HPFAR_ERRATUM]))
		flags |= CTX_FLAG_TEST_HPFAR | CTX_FLAG_HPFAR_AT;
	/* Junk where the architecture allows it; the exit must notice alone. */
	if (atomic_long_read(&armvcpu_el2_test[ARMVCPU_TEST_HPFAR_PERM]))
		flags |= CTX_FLAG_TEST_HPFAR_PERM;
	/* Taken when the host sees the failed walk (handle_exit.c). */
	if (atomic_long_read(&armvcpu_el2_test[ARMVCPU_TEST_AT_FAIL]))
		flags |= CTX_FLAG_TEST_AT_FAIL;
	/* DISR_EL1 exists with RAS only. */
	if (cpus_have_cap(ARM64_HAS_RAS_EXTN) &&
	    armvcpu_el2_test_take(ARMVCPU_TEST_SERROR_EXIT))
		flags |= CTX_FLAG_TEST_DISR;
	return flags;
}

void __armvcpu_el2_test_refused(u64 flags)
{
	if (flags & CTX_FLAG_TEST_FAULT)
		atomic_long_inc(&armvcpu_el2_test[ARMVCPU_TEST_GUEST_FAULT]);
	if (flags & CTX_FLAG_TEST_DISR)
		atomic_long_inc(&armvcpu_el2_test[ARMVCPU_TEST_SERROR_EXIT]);
}

/* One shot: the value of hook @t, which goes back to 0. */
static u64 armvcpu_el2_test_take_value(enum armvcpu_el2_test t)
{
	if (!atomic_long_read(&armvcpu_el2_test[t]))
		return 0;
	return atomic_long_xchg(&armvcpu_el2_test[t], 0);
}

/*
 * QEMU raises neither synchronous external aborts nor RAS SErrors. With
 * abort_iss set, the next guest instruction or data abort reports its
 * FSC and S1PTW bits instead of its own, and junk in HPFAR_EL2 (the
 * IPA from it is 0xff000), as an external abort, whose HPFAR_EL2 is
 * UNKNOWN, would; with serror_iss, the next SError exit reports that
 * ISS (serror_exit makes one on a CPU with FEAT_RAS).
 */
void __armvcpu_el2_test_exit(struct armvcpu_ctx *ctx)
{
	u64 ec = ESR_ELx_EC(ctx->exit.esr), iss;

	if (ctx->exit.kind == HYP_EXIT_SYNC &&
	    (ec == ESR_ELx_EC_DABT_LOW || ec == ESR_ELx_EC_IABT_LOW)) {
		iss = armvcpu_el2_test_take_value(ARMVCPU_TEST_ABORT_ISS) &
		      (ESR_ELx_FSC | ESR_ELx_S1PTW);
		if (iss) {
			ctx->exit.esr &= ~(u64)(ESR_ELx_FSC | ESR_ELx_S1PTW);
			ctx->exit.esr |= iss;
			ctx->exit.hpfar = 0xff0;
		}
	} else if (ctx->exit.kind == HYP_EXIT_SERROR) {
		iss = armvcpu_el2_test_take_value(ARMVCPU_TEST_SERROR_ISS) &
		      ESR_ELx_ISS_MASK;
		if (iss)
			ctx->exit.esr = (ctx->exit.esr & ~(u64)ESR_ELx_ISS_MASK) | iss;
	}
}

static void armvcpu_el2_test_irq_work(struct irq_work *work)
{
}

/* One is enough: a test runs one vCPU thread at a time with the hook. */
static struct irq_work armvcpu_el2_test_work;

/*
 * A self-IPI raised with interrupts off stays pending, where EL2 finds it
 * in ISR_EL1.I as it would find a host SError in ISR_EL1.A, which QEMU
 * cannot raise.
 */
void __armvcpu_el2_test_isr(void)
{
	lockdep_assert_irqs_disabled();
	if (armvcpu_el2_test_take(ARMVCPU_TEST_ISR_PENDING))
		irq_work_queue(&armvcpu_el2_test_work);
}

static int armvcpu_el2_test_show(struct seq_file *m, void *unused)
{
	unsigned int i;

	for (i = 0; i < ARMVCPU_EL2_TEST_NR; i++)
		seq_printf(m, "%s %ld\n", armvcpu_el2_test_names[i],
			   atomic_long_read(&armvcpu_el2_test[i]));
	return 0;
}

static int armvcpu_el2_test_open(struct inode *inode, struct file *file)
{
	return single_open(file, armvcpu_el2_test_show, NULL);
}

static ssize_t armvcpu_el2_test_write(struct file *file,
				      const char __user *buf, size_t len,
				      loff_t *ppos)
{
	char kbuf[48], name[24];
	unsigned int i;
	long val;
	int err;

	err = armvcpu_debugfs_text(kbuf, sizeof(kbuf), buf, len);
	if (err)
		return err;
	if (sscanf(kbuf, "%23s %li", name, &val) != 2 || val < 0)
		return -EINVAL;
	for (i = 0; i < ARMVCPU_EL2_TEST_NR; i++) {
		if (i == ARMVCPU_STAT_RAS)
			continue;
		if (!strcmp(name, armvcpu_el2_test_names[i])) {
			static_branch_enable(&armvcpu_el2_tests_on);
			atomic_long_set(&armvcpu_el2_test[i], val);
			return len;
		}
	}
	return -EINVAL;
}

static const struct file_operations armvcpu_el2_test_fops = {
	.owner = THIS_MODULE,
	.open = armvcpu_el2_test_open,
	.read = seq_read,
	.write = armvcpu_el2_test_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/*
 * el2_spectre: the SMCCC workaround answers and, per CPU, the hardening
 * its guest exits run and how many did; writing "loop N", "clrbhb", "fw"
 * or "auto" forces a kind on every CPU (armvcpu_spectre_force()), so that
 * a test runs its code path on CPUs that need none.
 */
static int armvcpu_el2_spectre_show(struct seq_file *m, void *unused)
{
	armvcpu_spectre_show(m);
	return 0;
}

static int armvcpu_el2_spectre_open(struct inode *inode, struct file *file)
{
	return single_open(file, armvcpu_el2_spectre_show, NULL);
}

static ssize_t armvcpu_el2_spectre_write(struct file *file,
					 const char __user *buf, size_t len,
					 loff_t *ppos)
{
	char kbuf[16];
	int err;

	err = armvcpu_debugfs_text(kbuf, sizeof(kbuf), buf, len);
	if (err)
		return err;
	err = armvcpu_spectre_force(kbuf);
	return err ? err : len;
}

static const struct file_operations armvcpu_el2_spectre_fops = {
	.owner = THIS_MODULE,
	.open = armvcpu_el2_spectre_open,
	.read = seq_read,
	.write = armvcpu_el2_spectre_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* The files of this page, made at load and removed at unload. */
static const struct {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
} armvcpu_el2_debugfs_files[] = {
	{ "el2_ping", 0444, &armvcpu_el2_ping_fops },
	{ "el2_fault", 0200, &armvcpu_el2_fault_fops },
	{ "el2_regs", 0444, &armvcpu_el2_regs_fops },
	{ "el2_hvc", 0600, &armvcpu_el2_hvc_fops },
	{ "el2_spectre", 0600, &armvcpu_el2_spectre_fops },
	{ "el2_test", 0600, &armvcpu_el2_test_fops },
	{ "guest_el2", 0400, &armvcpu_guest_el2_fops },
};

static struct dentry *armvcpu_el2_debugfs[ARRAY_SIZE(armvcpu_el2_debugfs_files)];

void armvcpu_el2_hooks_init(void)
{
	unsigned int i;

	init_irq_work(&armvcpu_el2_test_work, armvcpu_el2_test_irq_work);
	atomic_long_set(&armvcpu_el2_test[ARMVCPU_STAT_RAS],
			cpus_have_cap(ARM64_HAS_RAS_EXTN));
	for (i = 0; i < ARRAY_SIZE(armvcpu_el2_debugfs_files); i++)
		armvcpu_el2_debugfs[i] =
			debugfs_create_file(armvcpu_el2_debugfs_files[i].name,
					    armvcpu_el2_debugfs_files[i].mode,
					    armvcpu_debugfs_dir, NULL,
					    armvcpu_el2_debugfs_files[i].fops);
}

void armvcpu_el2_hooks_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(armvcpu_el2_debugfs); i++)
		debugfs_remove(armvcpu_el2_debugfs[i]);
	/* Its function is in this module. */
	irq_work_sync(&armvcpu_el2_test_work);
}
