// SPDX-License-Identifier: GPL-2.0
/*
 * Planted bugs, built only into the armvcpu.ko of the debug kernel
 * (ARMVCPU_PLANT=y: make check-debug). Each is a bug of a kind one of the
 * debug kernel's checkers exists for, set off on demand, so that the rig
 * shows every checker on and heard (selftests/plant_checkers.c and the
 * plant boot of tools/rig/boots). Write "NAME [ARG]" to
 * /sys/kernel/debug/armvcpu/plant:
 *
 *   lock_order FD    vm->lock, then the vCPU's run_lock: RUN takes them
 *                    the other way round (a stage-2 fault) - lockdep
 *   vcpu_uaf FD      a work item keeps a bare pointer to the vCPU and
 *                    reads it a second later, after its fd is closed - KASAN
 *   sleep_atomic FD  vm->lock with preemption disabled - DEBUG_ATOMIC_SLEEP
 *   preempt          smp_processor_id() while the task may move -
 *                    DEBUG_PREEMPT
 *   shift N          BIT_ULL(N) for the caller's N (64) - UBSAN
 *   list_double      a node added to a list twice - DEBUG_LIST
 *   timer_free       an object freed with its timer armed - DEBUG_OBJECTS
 *   object_leak      a vCPU-sized object nobody points to - kmemleak
 *   page_leak        a page allocated as a vCPU context is, never freed -
 *                    the rig's page_owner scan after rmmod (tools/rig/init)
 *
 * FD is a vCPU fd of the writing process. One write at a time.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/debugfs.h>
#include <linux/file.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "armvcpu.h"
#include "test/hooks.h"

static struct dentry *armvcpu_plant_file;
static DEFINE_MUTEX(armvcpu_plant_lock);
static struct armvcpu_vcpu *armvcpu_plant_uaf_vcpu;

static void armvcpu_plant_uaf_fn(struct work_struct *work)
{
	pr_info("planted use-after-free: vCPU %u\n",
		READ_ONCE(armvcpu_plant_uaf_vcpu->id));
}

static DECLARE_DELAYED_WORK(armvcpu_plant_uaf_work, armvcpu_plant_uaf_fn);

static int armvcpu_plant_lock_order(struct armvcpu_vcpu *vcpu, long arg)
{
	mutex_lock(&vcpu->vm->lock);
	mutex_lock(&vcpu->run_lock);
	mutex_unlock(&vcpu->run_lock);
	mutex_unlock(&vcpu->vm->lock);
	return 0;
}

static int armvcpu_plant_vcpu_uaf(struct armvcpu_vcpu *vcpu, long arg)
{
	if (delayed_work_pending(&armvcpu_plant_uaf_work))
		return -EBUSY;
	/* Under armvcpu_plant_lock: no other write can change it now. */
	armvcpu_plant_uaf_vcpu = vcpu;
	schedule_delayed_work(&armvcpu_plant_uaf_work, HZ);
	return 0;
}

static int armvcpu_plant_sleep_atomic(struct armvcpu_vcpu *vcpu, long arg)
{
	preempt_disable();
	mutex_lock(&vcpu->vm->lock);
	mutex_unlock(&vcpu->vm->lock);
	preempt_enable();
	return 0;
}

static int armvcpu_plant_preempt(struct armvcpu_vcpu *vcpu, long arg)
{
	pr_info("planted preemptible smp_processor_id(): CPU %d\n",
		smp_processor_id());
	return 0;
}

static noinline u64 armvcpu_plant_bit(unsigned int n)
{
	return BIT_ULL(n);
}

static int armvcpu_plant_shift(struct armvcpu_vcpu *vcpu, long arg)
{
	pr_info("planted shift: BIT_ULL(%ld) = %#llx\n", arg,
		armvcpu_plant_bit(arg));
	return 0;
}

static int armvcpu_plant_list_double(struct armvcpu_vcpu *vcpu, long arg)
{
	LIST_HEAD(list);
	struct list_head node;

	list_add(&node, &list);
	list_add(&node, &list);
	return 0;
}

struct armvcpu_plant_timed {
	struct timer_list timer;
};

static void armvcpu_plant_timer_fn(struct timer_list *t)
{
}

static int armvcpu_plant_timer_free(struct armvcpu_vcpu *vcpu, long arg)
{
	struct armvcpu_plant_timed *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	timer_setup(&p->timer, armvcpu_plant_timer_fn, 0);
	mod_timer(&p->timer, jiffies + 3600 * HZ);
	/* DEBUG_OBJECTS reports it, and deactivates the timer first. */
	kfree(p);
	return 0;
}

static int armvcpu_plant_object_leak(struct armvcpu_vcpu *vcpu, long arg)
{
	return kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT) ? 0 : -ENOMEM;
}

static int armvcpu_plant_page_leak(struct armvcpu_vcpu *vcpu, long arg)
{
	return get_zeroed_page(GFP_KERNEL_ACCOUNT) ? 0 : -ENOMEM;
}

static const struct armvcpu_plant {
	const char *name;
	bool vcpu;		/* ARG is a vCPU fd */
	int (*fn)(struct armvcpu_vcpu *vcpu, long arg);
} armvcpu_plants[] = {
	{ "lock_order",		true,	armvcpu_plant_lock_order },
	{ "vcpu_uaf",		true,	armvcpu_plant_vcpu_uaf },
	{ "sleep_atomic",	true,	armvcpu_plant_sleep_atomic },
	{ "preempt",		false,	armvcpu_plant_preempt },
	{ "shift",		false,	armvcpu_plant_shift },
	{ "list_double",	false,	armvcpu_plant_list_double },
	{ "timer_free",		false,	armvcpu_plant_timer_free },
	{ "object_leak",	false,	armvcpu_plant_object_leak },
	{ "page_leak",		false,	armvcpu_plant_page_leak },
};

static int armvcpu_plant_run(const struct armvcpu_plant *p, long arg)
{
	struct armvcpu_vcpu *vcpu;
	struct file *file;
	int ret;

	if (!p->vcpu)
		return p->fn(NULL, arg);
	file = fget(arg);
	if (!file)
		return -EBADF;
	vcpu = armvcpu_vcpu_of_file(file);
	ret = vcpu ? p->fn(vcpu, arg) : -EINVAL;
	fput(file);
	return ret;
}

static ssize_t armvcpu_plant_write(struct file *file, const char __user *buf,
				   size_t len, loff_t *ppos)
{
	char kbuf[32], name[16];
	unsigned int i;
	long arg = 0;
	int err;

	err = armvcpu_debugfs_text(kbuf, sizeof(kbuf), buf, len);
	if (err)
		return err;
	if (sscanf(kbuf, "%15s %ld", name, &arg) < 1)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(armvcpu_plants); i++) {
		if (strcmp(name, armvcpu_plants[i].name))
			continue;
		mutex_lock(&armvcpu_plant_lock);
		err = armvcpu_plant_run(&armvcpu_plants[i], arg);
		mutex_unlock(&armvcpu_plant_lock);
		return err ? err : len;
	}
	return -EINVAL;
}

static const struct file_operations armvcpu_plant_fops = {
	.owner	= THIS_MODULE,
	.write	= armvcpu_plant_write,
	.llseek	= noop_llseek,
};

void armvcpu_plant_init(void)
{
	pr_info("this build has planted bugs (ARMVCPU_PLANT): for the rig only\n");
	armvcpu_plant_file = debugfs_create_file("plant", 0200,
						 armvcpu_debugfs_dir, NULL,
						 &armvcpu_plant_fops);
}

void armvcpu_plant_exit(void)
{
	debugfs_remove(armvcpu_plant_file);
	cancel_delayed_work_sync(&armvcpu_plant_uaf_work);
}
