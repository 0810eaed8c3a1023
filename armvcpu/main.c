// SPDX-License-Identifier: GPL-2.0
/*
 * armvcpu: run arm64 guest vCPUs on a kernel that booted at EL2 with KVM
 * off. Load order: the sysreg table's check (sys_regs.c), EL2 take-over
 * (el2/lifecycle.c), then /dev/armvcpu (dev.c), then the test hooks if
 * built in (test/); unload in reverse.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/debugfs.h>
#include <linux/module.h>

#include "armvcpu.h"
#include "el2/el2.h"
#include "test/hooks.h"

struct dentry *armvcpu_debugfs_dir;

static int __init armvcpu_init(void)
{
	int ret;

	ret = armvcpu_sysregs_init();
	if (ret)
		return ret;
	/* debugfs is optional: its failures are deliberately ignored. */
	armvcpu_debugfs_dir = debugfs_create_dir("armvcpu", NULL);

	ret = armvcpu_el2_init();
	if (ret)
		goto out_debugfs;
	ret = armvcpu_dev_init();
	if (ret)
		goto out_el2;
	/*
	 * Last: the hooks only act once a test writes one of their files,
	 * and those appear here, after everything the hooks reach exists.
	 */
	armvcpu_test_init();
	return 0;

out_el2:
	armvcpu_el2_exit();
out_debugfs:
	debugfs_remove_recursive(armvcpu_debugfs_dir);
	return ret;
}

static void __exit armvcpu_exit(void)
{
	armvcpu_test_exit();
	armvcpu_dev_exit();
	armvcpu_el2_exit();
	debugfs_remove_recursive(armvcpu_debugfs_dir);
}

module_init(armvcpu_init);
module_exit(armvcpu_exit);

MODULE_DESCRIPTION("Run arm64 guest vCPUs at EL2 taken from the hyp stub");
MODULE_LICENSE("GPL");
