// SPDX-License-Identifier: GPL-2.0
/*
 * The test hooks' life cycle, after the rest of armvcpu has loaded: their
 * debugfs files go into /sys/kernel/debug/armvcpu/ (made by main.c).
 */
#include <linux/errno.h>
#include <linux/uaccess.h>

#include "test/hooks.h"

int armvcpu_debugfs_text(char *kbuf, size_t size, const char __user *buf,
			 size_t len)
{
	if (len >= size)
		return -EINVAL;
	if (copy_from_user(kbuf, buf, len))
		return -EFAULT;
	kbuf[len] = '\0';
	return 0;
}

void armvcpu_test_init(void)
{
	armvcpu_el2_hooks_init();
	armvcpu_host_sysregs_init();
	armvcpu_plant_init();
}

void armvcpu_test_exit(void)
{
	armvcpu_plant_exit();
	armvcpu_el2_hooks_exit();
}
