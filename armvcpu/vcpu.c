// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU fd: creation, architectural reset state, the mmap'd run struct and
 * the per-vCPU ioctls.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "armvcpu.h"
#include "exit_handlers.h"
#include "compat.h"
#include "pmu.h"
#include "vgic/vgic.h"

/* PSTATE at reset: EL1h with D, A, I and F masked. */
#define ARMVCPU_RESET_PSTATE	(PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | \
				 PSR_I_BIT | PSR_F_BIT)
/* SCTLR_EL1 RES1 bits (ARMv8.0: 29, 28, 23, 22, 20, 11); M, C, I clear. */
#define ARMVCPU_RESET_SCTLR	(BIT(29) | BIT(28) | BIT(23) | BIT(22) | \
				 BIT(20) | BIT(11))

/*
 * vCPU id -> MPIDR: Aff0 = id[3:0], Aff1 = id[11:4], Aff2 = id[19:12].
 * Sixteen CPUs per cluster, as KVM does, because a GICv3 SGI can only
 * target Aff0 values 0-15. Bit 31 is RES1.
 */
u64 armvcpu_vcpu_mpidr(u32 id)
{
	return BIT(31) | (id & 0xf) | (((u64)(id >> 4) & 0xff) << 8) |
	       (((u64)(id >> 12) & 0xff) << 16);
}

static void armvcpu_vcpu_reset(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	memset(ctx, 0, sizeof(*ctx));
	ctx->guest.pstate = ARMVCPU_RESET_PSTATE;
	ctx->guest.sys[SYS_IDX_SCTLR] = ARMVCPU_RESET_SCTLR;
	ctx->ctl.vmpidr = armvcpu_vcpu_mpidr(vcpu->id);
	vcpu->pending.kind = ARMVCPU_PENDING_NONE;
}

static void armvcpu_vcpu_free(struct armvcpu_vcpu *vcpu)
{
	/* Its callback looks at the vCPU: never left behind it. */
	armvcpu_ptimer_destroy(vcpu);
	armvcpu_debug_clear_vmm(vcpu);
	armvcpu_pmu_vcpu_destroy(vcpu);
	free_page((unsigned long)vcpu->run);
	free_page((unsigned long)vcpu->ctx);
	kfree(vcpu);
}

static long armvcpu_vcpu_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	struct armvcpu_vcpu *vcpu = file->private_data;
	struct armvcpu_one_reg reg;
	struct armvcpu_abort abort;
	long ret;

	/*
	 * Only the creating process may touch the vCPU: its memory and
	 * its run struct belong to that mm.
	 */
	if (vcpu->vm->mm != current->mm)
		return -EIO;

	if (cmd == ARMVCPU_GET_ONE_REG || cmd == ARMVCPU_SET_ONE_REG) {
		if (copy_from_user(&reg, (void __user *)arg, sizeof(reg)))
			return -EFAULT;
	}
	/* Not under run_lock: the counters are read while the vCPU runs. */
	if (cmd == ARMVCPU_GET_STATS_FD)
		return arg ? -EINVAL : armvcpu_vcpu_stats_fd(file);
	if (cmd == ARMVCPU_INJECT_ABORT &&
	    copy_from_user(&abort, (void __user *)arg, sizeof(abort)))
		return -EFAULT;

	/* RUN and register access never overlap; a second caller gets EBUSY. */
	if (!mutex_trylock(&vcpu->run_lock))
		return -EBUSY;
	switch (cmd) {
	case ARMVCPU_RUN:
		if (arg) {
			ret = -EINVAL;
			break;
		}
		armvcpu_pmu_load(vcpu);
		ret = armvcpu_vcpu_run(vcpu);
		armvcpu_pmu_put(vcpu);
		break;
	case ARMVCPU_GET_ONE_REG:
		ret = armvcpu_get_one_reg(vcpu, &reg);
		break;
	case ARMVCPU_SET_ONE_REG:
		ret = armvcpu_set_one_reg(vcpu, &reg);
		break;
	case ARMVCPU_GET_REG_LIST:
		ret = armvcpu_get_reg_list(vcpu, (void __user *)arg);
		break;
	case ARMVCPU_INJECT_ABORT:
		ret = armvcpu_inject_abort(vcpu, &abort);
		break;
	case ARMVCPU_SET_GUEST_DEBUG:
		ret = armvcpu_set_guest_debug(vcpu, (void __user *)arg);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	mutex_unlock(&vcpu->run_lock);
	return ret;
}

static vm_fault_t armvcpu_run_fault(struct vm_fault *vmf)
{
	struct armvcpu_vcpu *vcpu = vmf->vma->vm_file->private_data;
	struct page *page;

	if (vmf->pgoff)
		return VM_FAULT_SIGBUS;
	page = virt_to_page(vcpu->run);
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct armvcpu_run_vm_ops = {
	.fault = armvcpu_run_fault,
};

static int armvcpu_vcpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff || vma_pages(vma) != 1)
		return -EINVAL;
	/*
	 * One page, for good: without VM_DONTEXPAND, mremap() could grow the
	 * mapping and a later mmap() at offset 4096 right after it would be
	 * merged into it without this function seeing it (found by the
	 * fuzz_ioctl selftest); either way the VMM got a SIGBUS.
	 */
	vm_flags_set(vma, VM_DONTEXPAND);
	vma->vm_ops = &armvcpu_run_vm_ops;
	return 0;
}

static int armvcpu_vcpu_release(struct inode *inode, struct file *file)
{
	struct armvcpu_vcpu *vcpu = file->private_data;
	struct armvcpu_vm *vm = vcpu->vm;

	armvcpu_pending_drop(vcpu);
	mutex_lock(&vm->lock);
	vm->vcpus[vcpu->id] = NULL;
	armvcpu_vm_stats_fold(vm, vcpu);
	mutex_unlock(&vm->lock);
	armvcpu_vcpu_free(vcpu);
	armvcpu_vm_put(vm);
	return 0;
}

static const struct file_operations armvcpu_vcpu_fops = {
	.owner		= THIS_MODULE,
	.release	= armvcpu_vcpu_release,
	.unlocked_ioctl	= armvcpu_vcpu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= armvcpu_vcpu_mmap,
	.llseek		= noop_llseek,
};

/* The vCPU of @file, or NULL when it is no vCPU fd. */
struct armvcpu_vcpu *armvcpu_vcpu_of_file(struct file *file)
{
	return file->f_op == &armvcpu_vcpu_fops ? file->private_data : NULL;
}

int armvcpu_vcpu_create(struct armvcpu_vm *vm,
			const struct armvcpu_vcpu_config *cfg)
{
	struct armvcpu_vcpu *vcpu;
	unsigned int i;
	int fd;

	if (cfg->flags)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(cfg->reserved); i++)
		if (cfg->reserved[i])
			return -EINVAL;
	if (cfg->id >= ARMVCPU_MAX_VCPUS)
		return -EINVAL;

	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return -ENOMEM;
	armvcpu_ptimer_init(vcpu);
	/* Page-sized and page-aligned: EL2 maps System RAM page by page. */
	BUILD_BUG_ON(sizeof(struct armvcpu_ctx) > PAGE_SIZE);
	vcpu->ctx = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	vcpu->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!vcpu->ctx || !vcpu->run) {
		armvcpu_vcpu_free(vcpu);
		return -ENOMEM;
	}
	vcpu->ctx_pa = virt_to_phys(vcpu->ctx);
	vcpu->vm = vm;
	vcpu->id = cfg->id;
	if (armvcpu_pmu_vcpu_create(vcpu)) {
		armvcpu_vcpu_free(vcpu);
		return -ENOMEM;
	}
	mutex_init(&vcpu->run_lock);
	armvcpu_vcpu_reset(vcpu);

	mutex_lock(&vm->lock);
	if (vm->vcpus[cfg->id]) {
		mutex_unlock(&vm->lock);
		armvcpu_vcpu_free(vcpu);
		return -EEXIST;
	}
	vm->vcpus[cfg->id] = vcpu;
	kref_get(&vm->ref);
	mutex_unlock(&vm->lock);

	fd = anon_inode_getfd("armvcpu-vcpu", &armvcpu_vcpu_fops, vcpu,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		mutex_lock(&vm->lock);
		vm->vcpus[cfg->id] = NULL;
		mutex_unlock(&vm->lock);
		armvcpu_vcpu_free(vcpu);
		armvcpu_vm_put(vm);
	}
	return fd;
}
