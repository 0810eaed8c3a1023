// SPDX-License-Identifier: GPL-2.0
/*
 * The tests' window into EL2, /sys/kernel/debug/armvcpu/: el2_ping
 * (does every online CPU answer from its own EL2 data?), el2_regs (the EL2
 * registers the kernel left, and their live values), el2_fault (make EL2
 * fault on one CPU, to test the report), el2_hvc (issue one harmless
 * stub call) and guest_el2 (the EL2 controls the last guest ran under).
 * Test hooks only; nothing else in armvcpu depends on them.
 * The other test hook, the module parameter test_fail_cpu, stays in el2.c:
 * only the take-over reads it.
 */
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <asm/virt.h>

#include "armvcpu.h"
#include "el2.h"
#include "el2_internal.h"

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
static_assert(offsetof(struct armvcpu_hyp_cpu, switch_flags) == HYP_CPU_SWITCH_FLAGS);
static_assert(offsetof(struct armvcpu_hyp_cpu, host_pmscr) == HYP_CPU_HOST_PMSCR);
static_assert(offsetof(struct armvcpu_hyp_cpu, host_mpamhcr) == HYP_CPU_HOST_MPAMHCR);
static_assert(offsetof(struct armvcpu_hyp_cpu, last_guest_mdcr) == HYP_CPU_LAST_GUEST_MDCR);
static_assert(offsetof(struct armvcpu_hyp_cpu, last_host_sre) == HYP_CPU_LAST_HOST_SRE);
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
	{ "guest_el2", 0400, &armvcpu_guest_el2_fops },
};

static struct dentry *armvcpu_el2_debugfs[ARRAY_SIZE(armvcpu_el2_debugfs_files)];

void armvcpu_el2_debugfs_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(armvcpu_el2_debugfs_files); i++)
		armvcpu_el2_debugfs[i] =
			debugfs_create_file(armvcpu_el2_debugfs_files[i].name,
					    armvcpu_el2_debugfs_files[i].mode,
					    armvcpu_debugfs_dir, NULL,
					    armvcpu_el2_debugfs_files[i].fops);
}

void armvcpu_el2_debugfs_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(armvcpu_el2_debugfs); i++)
		debugfs_remove(armvcpu_el2_debugfs[i]);
}
