// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/armvcpu: the system-wide ioctls. Everything VM- or vCPU-specific
 * lives on the fds this file hands out (vm.c, vcpu.c).
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "armvcpu.h"

static long armvcpu_dev_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct armvcpu_vm_config cfg;

	switch (cmd) {
	case ARMVCPU_GET_API_VERSION:
		/* Zero so that a future version can give the argument a meaning. */
		if (arg)
			return -EINVAL;
		return ARMVCPU_API_VERSION;
	case ARMVCPU_CHECK_EXTENSION:
		return armvcpu_check_extension(arg);
	case ARMVCPU_GET_VCPU_MMAP_SIZE:
		if (arg)
			return -EINVAL;
		return PAGE_SIZE;
	case ARMVCPU_CREATE_VM:
		if (copy_from_user(&cfg, (void __user *)arg, sizeof(cfg)))
			return -EFAULT;
		return armvcpu_vm_create(&cfg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations armvcpu_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= armvcpu_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/*
 * Mode 0600: running guests pins memory and takes physical CPUs, so access
 * is an administrator's decision (a udev rule can grant a group, see
 * Documentation/api.rst).
 */
static struct miscdevice armvcpu_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "armvcpu",
	.fops	= &armvcpu_dev_fops,
	.mode	= 0600,
};

int armvcpu_dev_init(void)
{
	int ret;

	ret = armvcpu_vmid_init();
	if (ret)
		return ret;
	ret = misc_register(&armvcpu_miscdev);
	if (ret)
		armvcpu_vmid_exit();
	return ret;
}

/*
 * Open VM and vCPU fds hold a module reference through their fops, so
 * by the time this runs no guest can be running.
 */
void armvcpu_dev_exit(void)
{
	misc_deregister(&armvcpu_miscdev);
	armvcpu_vmid_exit();
}
