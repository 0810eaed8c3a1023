/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What armvcpu's parts offer each other at module level (main.c calls them
 * in this order on load and in reverse on unload).
 */
#ifndef ARMVCPU_ARMVCPU_H
#define ARMVCPU_ARMVCPU_H

struct dentry;

/* /sys/kernel/debug/armvcpu/, created by main.c before anything else. */
extern struct dentry *armvcpu_debugfs_dir;

/* /dev/armvcpu: armvcpu/dev.c (until it exists: armvcpu/dev_stub.c). */
int armvcpu_dev_init(void);
void armvcpu_dev_exit(void);

#endif /* ARMVCPU_ARMVCPU_H */
