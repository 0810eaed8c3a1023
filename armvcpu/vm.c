// SPDX-License-Identifier: GPL-2.0
/*
 * VM fd: lifetime of a VM and its ioctls. A VM is freed when its fd and
 * every vCPU fd (each holds a reference) are closed.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/arch_timer.h>

#include "armvcpu.h"
#include "pmu.h"
#include "vgic/vgic.h"

static bool armvcpu_zero(const u64 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

long armvcpu_check_extension(unsigned long cap)
{
	switch (cap) {
	case ARMVCPU_CAP_NR_VCPUS:
		return ARMVCPU_MAX_VCPUS;
	case ARMVCPU_CAP_NR_MEMSLOTS:
		return ARMVCPU_MAX_MEMSLOTS;
	case ARMVCPU_CAP_IPA_SIZE:
		return armvcpu_s2_max_ipa_bits();
	case ARMVCPU_CAP_READONLY_MEM:
	case ARMVCPU_CAP_IMMEDIATE_EXIT:
	case ARMVCPU_CAP_ONE_REG:
	case ARMVCPU_CAP_MMIO_NISV:
	case ARMVCPU_CAP_SYSREG_EXIT:
	case ARMVCPU_CAP_PSCI:
	case ARMVCPU_CAP_USER_PSCI:
	case ARMVCPU_CAP_INJECT_ABORT:
	case ARMVCPU_CAP_IRQ_LINE:
	case ARMVCPU_CAP_PTIMER:
	case ARMVCPU_CAP_GUEST_DEBUG:
	case ARMVCPU_CAP_STATS_FD:
		return 1;
	case ARMVCPU_CAP_VGIC:
		return ARMVCPU_VGIC_NR_SPIS;
	case ARMVCPU_CAP_PMU:
		return armvcpu_pmu_nr_counters();
	case ARMVCPU_CAP_GUEST_DEBUG_HW_BPS:
		return armvcpu_debug_nr(false);
	case ARMVCPU_CAP_GUEST_DEBUG_HW_WPS:
		return armvcpu_debug_nr(true);
	default:
		/* Not an error: absence is the answer userspace asked for. */
		return 0;
	}
}

static void armvcpu_vm_release(struct kref *ref)
{
	struct armvcpu_vm *vm = container_of(ref, struct armvcpu_vm, ref);

	armvcpu_vgic_destroy(vm);
	armvcpu_memslots_free(vm);
	/*
	 * Nothing may keep translations through tables about to be freed;
	 * if the TLBs cannot be told (EL2 broken), the tables stay.
	 */
	if (armvcpu_vmid_flush_vm(vm))
		armvcpu_s2_free(&vm->s2);
	else
		armvcpu_s2_leak(&vm->s2);
	free_percpu(vm->last_vcpu_ran);
	mmdrop(vm->mm);
	kfree(vm);
	module_put(THIS_MODULE);
}

void armvcpu_vm_put(struct armvcpu_vm *vm)
{
	kref_put(&vm->ref, armvcpu_vm_release);
}

static long armvcpu_vm_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	struct armvcpu_vm *vm = file->private_data;
	struct armvcpu_userspace_memory_region region;
	struct armvcpu_vcpu_config vcfg;
	struct armvcpu_irq_line line;
	int ret;

	/* A VM fd passed to another process keeps working on the creator's mm. */
	if (vm->mm != current->mm)
		return -EIO;

	switch (cmd) {
	case ARMVCPU_CHECK_EXTENSION:
		return armvcpu_check_extension(arg);
	case ARMVCPU_SET_USER_MEMORY_REGION:
		if (copy_from_user(&region, (void __user *)arg, sizeof(region)))
			return -EFAULT;
		mutex_lock(&vm->lock);
		ret = armvcpu_set_memory_region(vm, &region);
		mutex_unlock(&vm->lock);
		return ret;
	case ARMVCPU_CREATE_VCPU:
		if (copy_from_user(&vcfg, (void __user *)arg, sizeof(vcfg)))
			return -EFAULT;
		return armvcpu_vcpu_create(vm, &vcfg);
	case ARMVCPU_IRQ_LINE:
		if (copy_from_user(&line, (void __user *)arg, sizeof(line)))
			return -EFAULT;
		return armvcpu_vgic_irq_line(vm, &line);
	case ARMVCPU_GET_STATS_FD:
		return arg ? -EINVAL : armvcpu_vm_stats_fd(vm);
	default:
		return -ENOTTY;
	}
}

static int armvcpu_vm_file_release(struct inode *inode, struct file *file)
{
	armvcpu_vm_put(file->private_data);
	return 0;
}

static const struct file_operations armvcpu_vm_fops = {
	.owner		= THIS_MODULE,
	.release	= armvcpu_vm_file_release,
	.unlocked_ioctl	= armvcpu_vm_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

int armvcpu_vm_create(const struct armvcpu_vm_config *cfg)
{
	struct armvcpu_vm *vm;
	u32 ipa_bits = cfg->ipa_bits;
	int cpu, ret;

	if (cfg->flags & ~ARMVCPU_VM_FLAGS_ALL)
		return -EINVAL;
	if (!armvcpu_zero(cfg->reserved, ARRAY_SIZE(cfg->reserved)))
		return -EINVAL;
	if (!ipa_bits)
		ipa_bits = armvcpu_s2_max_ipa_bits();
	if (ipa_bits < ARMVCPU_MIN_IPA_BITS ||
	    ipa_bits > armvcpu_s2_max_ipa_bits())
		return -EINVAL;
	ret = armvcpu_pmu_vm_check(cfg->flags);
	if (ret)
		return ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return -ENOMEM;
	kref_init(&vm->ref);
	mutex_init(&vm->lock);
	vm->flags = cfg->flags;
	atomic64_set(&vm->vmid, 0);
	/* The guest's virtual counter starts near zero when the VM is born. */
	vm->cntvoff = __arch_counter_get_cntpct();
	vm->last_vcpu_ran = alloc_percpu(int);
	if (!vm->last_vcpu_ran) {
		ret = -ENOMEM;
		goto err_free_vm;
	}
	/* No vCPU ran anywhere yet: the first entry on each CPU flushes. */
	for_each_possible_cpu(cpu) {
		int *last = per_cpu_ptr(vm->last_vcpu_ran, cpu);

		*last = -1;
	}
	ret = armvcpu_s2_init(&vm->s2, ipa_bits);
	if (ret)
		goto err_free_last_vcpu_ran;
	if (cfg->flags & ARMVCPU_VM_VGIC) {
		ret = armvcpu_vgic_create(vm);
		if (ret)
			goto err_free_s2;
	}
	mmgrab(current->mm);
	vm->mm = current->mm;

	/* Released in armvcpu_vm_release(), whichever fd closes last. */
	__module_get(THIS_MODULE);
	ret = anon_inode_getfd("armvcpu-vm", &armvcpu_vm_fops, vm,
			       O_RDWR | O_CLOEXEC);
	/* The VM is whole: its last reference frees it, as any VM's. */
	if (ret < 0)
		armvcpu_vm_put(vm);
	return ret;

err_free_s2:
	armvcpu_s2_free(&vm->s2);
err_free_last_vcpu_ran:
	free_percpu(vm->last_vcpu_ran);
err_free_vm:
	kfree(vm);
	return ret;
}
