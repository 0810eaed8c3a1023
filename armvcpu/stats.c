// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_GET_STATS_FD: the VM's and each vCPU's counters as a read-only
 * fd in KVM's binary statistics format (Documentation/api.rst): a header,
 * an id string, one descriptor per counter, then the values. All but the
 * values is fixed for the life of the fd and built when it is opened; the
 * values are a racy snapshot taken by each read that reaches them.
 *
 * A VM's fd holds a reference to the VM, a vCPU's fd one to the vCPU's
 * file (a vCPU lives as long as its fd, which holds the VM): either stays
 * readable after the VMM closed the VM or vCPU fd. Every stats fd holds
 * the module, as VM and vCPU fds do.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "armvcpu.h"

#define ARMVCPU_STAT_USER(reason, name) \
	[ARMVCPU_VSTAT_EXIT_USER + ARMVCPU_EXIT_##reason] = "exit_user_" name

static const char *const armvcpu_vcpu_stat_names[ARMVCPU_VSTAT_NR] = {
	[ARMVCPU_VSTAT_EXITS]			= "exits",
	ARMVCPU_STAT_USER(UNKNOWN, "unknown"),
	ARMVCPU_STAT_USER(MMIO, "mmio"),
	ARMVCPU_STAT_USER(HYPERCALL, "hypercall"),
	ARMVCPU_STAT_USER(INTR, "intr"),
	ARMVCPU_STAT_USER(SYSREG, "sysreg"),
	ARMVCPU_STAT_USER(CPU_UP, "cpu_up"),
	ARMVCPU_STAT_USER(CPU_DOWN, "cpu_down"),
	ARMVCPU_STAT_USER(SYSTEM_DOWN, "system_down"),
	ARMVCPU_STAT_USER(SYSTEM_RESET, "system_reset"),
	ARMVCPU_STAT_USER(MMIO_NISV, "mmio_nisv"),
	ARMVCPU_STAT_USER(FAIL_ENTRY, "fail_entry"),
	ARMVCPU_STAT_USER(INTERNAL_ERROR, "internal_error"),
	ARMVCPU_STAT_USER(DEBUG, "debug"),
	[ARMVCPU_VSTAT_EXIT_MMIO_KERNEL]	= "exit_mmio_kernel",
	[ARMVCPU_VSTAT_EXIT_SYSREG_KERNEL]	= "exit_sysreg_kernel",
	[ARMVCPU_VSTAT_EXIT_HYPERCALL_KERNEL]	= "exit_hypercall_kernel",
	[ARMVCPU_VSTAT_EXIT_PSCI_KERNEL]	= "exit_psci_kernel",
	[ARMVCPU_VSTAT_EXIT_WFX]		= "exit_wfx",
	[ARMVCPU_VSTAT_EXIT_IRQ]		= "exit_irq",
	[ARMVCPU_VSTAT_EXIT_S2_FAULT]		= "exit_s2_fault",
	[ARMVCPU_VSTAT_EXIT_OTHER]		= "exit_other",
	[ARMVCPU_VSTAT_S2_FAULT_MAPPED]		= "s2_fault_mapped",
	[ARMVCPU_VSTAT_S2_FAULT_MMIO]		= "s2_fault_mmio",
	[ARMVCPU_VSTAT_WFI_SLEEP]		= "wfi_sleep",
	[ARMVCPU_VSTAT_WFI_WAKEUP]		= "wfi_wakeup",
	[ARMVCPU_VSTAT_VGIC_INJECTED]		= "vgic_injected",
};

static const char *const armvcpu_vm_stat_names[ARMVCPU_VMSTAT_NR] = {
	[ARMVCPU_VMSTAT_IRQ_LINE]		= "irq_line",
};

#define ARMVCPU_STATS_MAX	(ARMVCPU_VSTAT_NR + ARMVCPU_VMSTAT_NR)
#define ARMVCPU_STATS_DESC_SIZE	(sizeof(struct armvcpu_stats_desc) + \
				 ARMVCPU_STATS_NAME_SIZE)

struct armvcpu_stats_file {
	struct armvcpu_vm *vm;		/* the VM's fd: holds a reference */
	struct file *vcpu_file;		/* a vCPU's fd: holds the file */
	u32 nr;				/* values */
	u32 data_offset;		/* = the size of head */
	u8 *head;			/* header, id, descriptors */
};

static void armvcpu_stats_desc(u8 *p, u32 i, const char *name)
{
	struct armvcpu_stats_desc *d = (struct armvcpu_stats_desc *)p;

	d->flags = ARMVCPU_STATS_TYPE_CUMULATIVE | ARMVCPU_STATS_UNIT_NONE |
		   ARMVCPU_STATS_BASE_POW10;
	d->size = 1;
	d->offset = i * sizeof(u64);
	strscpy(d->name, name, ARMVCPU_STATS_NAME_SIZE);
}

/* The fixed part: the vCPU counters' names, then, for a VM, its own. */
static int armvcpu_stats_head(struct armvcpu_stats_file *sf, const char *id)
{
	struct armvcpu_stats_header *h;
	u32 desc_offset, i;

	sf->nr = ARMVCPU_VSTAT_NR + (sf->vm ? ARMVCPU_VMSTAT_NR : 0);
	desc_offset = sizeof(*h) + ARMVCPU_STATS_NAME_SIZE;
	sf->data_offset = desc_offset + sf->nr * ARMVCPU_STATS_DESC_SIZE;
	sf->head = kzalloc(sf->data_offset, GFP_KERNEL_ACCOUNT);
	if (!sf->head)
		return -ENOMEM;
	h = (struct armvcpu_stats_header *)sf->head;
	h->name_size = ARMVCPU_STATS_NAME_SIZE;
	h->num_desc = sf->nr;
	h->id_offset = sizeof(*h);
	h->desc_offset = desc_offset;
	h->data_offset = sf->data_offset;
	strscpy(sf->head + h->id_offset, id, ARMVCPU_STATS_NAME_SIZE);
	for (i = 0; i < sf->nr; i++)
		armvcpu_stats_desc(sf->head + desc_offset +
				   i * ARMVCPU_STATS_DESC_SIZE, i,
				   i < ARMVCPU_VSTAT_NR ?
				   armvcpu_vcpu_stat_names[i] :
				   armvcpu_vm_stat_names[i - ARMVCPU_VSTAT_NR]);
	return 0;
}

static void armvcpu_stats_add(u64 *sum, const struct armvcpu_vcpu_stats *s)
{
	u32 i;

	for (i = 0; i < ARMVCPU_VSTAT_NR; i++)
		sum[i] += READ_ONCE(s->v[i]);
}

void armvcpu_vm_stats_fold(struct armvcpu_vm *vm,
			   const struct armvcpu_vcpu *vcpu)
{
	armvcpu_stats_add(vm->stat_gone.v, &vcpu->stat);
}

/*
 * Every exit counted once by kind (stats.h); INTR and FAIL_ENTRY returns
 * to userspace follow no guest exit.
 */
static void armvcpu_stats_exits(u64 *data)
{
	u32 i;

	for (i = ARMVCPU_VSTAT_EXIT_USER; i <= ARMVCPU_VSTAT_EXIT_OTHER; i++)
		data[ARMVCPU_VSTAT_EXITS] += data[i];
	data[ARMVCPU_VSTAT_EXITS] -=
		data[ARMVCPU_VSTAT_EXIT_USER + ARMVCPU_EXIT_INTR] +
		data[ARMVCPU_VSTAT_EXIT_USER + ARMVCPU_EXIT_FAIL_ENTRY];
}

/* The values now: a vCPU's own, or the VM's sums and own counters. */
static void armvcpu_stats_snapshot(const struct armvcpu_stats_file *sf,
				   u64 *data)
{
	struct armvcpu_vm *vm = sf->vm;
	u32 i;

	memset(data, 0, sf->nr * sizeof(*data));
	if (!vm) {
		struct armvcpu_vcpu *vcpu = armvcpu_vcpu_of_file(sf->vcpu_file);

		armvcpu_stats_add(data, &vcpu->stat);
		armvcpu_stats_exits(data);
		return;
	}
	/* The lock keeps each vCPU from being freed while it is summed. */
	mutex_lock(&vm->lock);
	armvcpu_stats_add(data, &vm->stat_gone);
	for (i = 0; i < ARMVCPU_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			armvcpu_stats_add(data, &vm->vcpus[i]->stat);
	mutex_unlock(&vm->lock);
	armvcpu_stats_exits(data);
	for (i = 0; i < ARMVCPU_VMSTAT_NR; i++)
		data[ARMVCPU_VSTAT_NR + i] = READ_ONCE(vm->stat[i]);
}

/* Any range of the content may be read; past its end is end of file. */
static ssize_t armvcpu_stats_read(struct file *file, char __user *buf,
				  size_t size, loff_t *off)
{
	const struct armvcpu_stats_file *sf = file->private_data;
	u64 data[ARMVCPU_STATS_MAX];
	size_t end = sf->data_offset + sf->nr * sizeof(u64), n = 0;
	loff_t pos = *off;

	if (pos < 0)
		return -EINVAL;
	if (pos >= end)
		return 0;
	size = min_t(size_t, size, end - pos);
	if (pos < sf->data_offset) {
		n = min_t(size_t, size, sf->data_offset - pos);
		if (copy_to_user(buf, sf->head + pos, n))
			return -EFAULT;
	}
	if (n < size) {
		armvcpu_stats_snapshot(sf, data);
		if (copy_to_user(buf + n, (u8 *)data + pos + n - sf->data_offset,
				 size - n))
			return -EFAULT;
	}
	*off = pos + size;
	return size;
}

static int armvcpu_stats_release(struct inode *inode, struct file *file)
{
	struct armvcpu_stats_file *sf = file->private_data;

	if (sf->vm)
		armvcpu_vm_put(sf->vm);
	else
		fput(sf->vcpu_file);
	kfree(sf->head);
	kfree(sf);
	return 0;
}

static const struct file_operations armvcpu_stats_fops = {
	.owner		= THIS_MODULE,
	.read		= armvcpu_stats_read,
	.release	= armvcpu_stats_release,
	.llseek		= noop_llseek,
};

static int armvcpu_stats_install(struct armvcpu_stats_file *sf,
				 const char *id)
{
	struct file *file;
	int fd, ret;

	ret = armvcpu_stats_head(sf, id);
	if (ret)
		return ret;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto err_head;
	}
	file = anon_inode_getfile("armvcpu-stats", &armvcpu_stats_fops, sf,
				  O_RDONLY);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto err_fd;
	}
	file->f_mode |= FMODE_PREAD;
	fd_install(fd, file);
	return fd;

err_fd:
	put_unused_fd(fd);
err_head:
	kfree(sf->head);
	return ret;
}

/*
 * A stats fd for @vm or for the vCPU of @vcpu_file, whose reference the
 * caller took and drops itself on failure: once installed, the fd may be
 * closed by another thread at once, and its release drops it.
 */
static int armvcpu_stats_fd(struct armvcpu_vm *vm, struct file *vcpu_file,
			    const char *id)
{
	struct armvcpu_stats_file *sf;
	int fd;

	sf = kzalloc(sizeof(*sf), GFP_KERNEL_ACCOUNT);
	if (!sf)
		return -ENOMEM;
	sf->vm = vm;
	sf->vcpu_file = vcpu_file;
	fd = armvcpu_stats_install(sf, id);
	if (fd < 0)
		kfree(sf);
	return fd;
}

int armvcpu_vm_stats_fd(struct armvcpu_vm *vm)
{
	char id[ARMVCPU_STATS_NAME_SIZE];
	int fd;

	snprintf(id, sizeof(id), "armvcpu-%d", task_tgid_nr(current));
	kref_get(&vm->ref);
	fd = armvcpu_stats_fd(vm, NULL, id);
	if (fd < 0)
		armvcpu_vm_put(vm);
	return fd;
}

int armvcpu_vcpu_stats_fd(struct file *vcpu_file)
{
	struct armvcpu_vcpu *vcpu = armvcpu_vcpu_of_file(vcpu_file);
	char id[ARMVCPU_STATS_NAME_SIZE];
	int fd;

	snprintf(id, sizeof(id), "armvcpu-%d/vcpu-%u", task_tgid_nr(current),
		 vcpu->id);
	fd = armvcpu_stats_fd(NULL, get_file(vcpu_file), id);
	if (fd < 0)
		fput(vcpu_file);
	return fd;
}
