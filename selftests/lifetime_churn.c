// SPDX-License-Identifier: GPL-2.0
/*
 * Nothing is lost over many VM lifetimes: create and destroy VMs with
 * memslots (one read-write, one read-only), vCPUs with their run struct
 * mapped, a guest that ran, and pinned pages; after the last one pinned
 * pages (the kernel's FOLL_PIN counters), this process's VmLck (the
 * RLIMIT_MEMLOCK accounting) and MemAvailable are back at their baseline.
 * The baseline is taken after a short warm-up so that per-CPU page lists
 * and slab caches, which hold memory without leaking it, are already
 * filled.
 *
 * Parameters (environment or "name=value" arguments):
 *   lifetime_vms  VMs to create and destroy (default 1000; make stress 10000)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "robust.h"

#define RAM_SIZE	(2UL << 20)
#define RO_BASE		0x50000000ULL
#define RO_SIZE		(64UL << 10)
#define NR_VCPUS	2
#define WARMUP		32

/* The guest of every VM: HVC #1 with x0 = 0x1234, then spin. */
static const __u32 guest_code[] = {
	0xd2824680,	/* movz x0, #0x1234 */
	0xd4000022,	/* hvc #1 */
	0x14000000,	/* b . */
};

struct churn {
	int dev;
	char *ram, *ro;
	unsigned long vms, vcpus, slots, runs;
};

/* One VM lifetime; returns 0 or a negative errno with @what set. */
static int one_vm(struct churn *c, const char **what)
{
	struct armvcpu_run *run[NR_VCPUS] = { NULL };
	int vm, vcpu[NR_VCPUS], i, ret;

	for (i = 0; i < NR_VCPUS; i++)
		vcpu[i] = -1;
	*what = "CREATE_VM";
	vm = __av_create_vm(c->dev, 0, 0);
	if (vm < 0)
		return vm;
	*what = "SET_USER_MEMORY_REGION";
	ret = __av_set_region(vm, 0, 0, RB_GUEST_RAM, RAM_SIZE,
			      (uintptr_t)c->ram);
	if (!ret)
		ret = __av_set_region(vm, 1, ARMVCPU_MEM_READONLY, RO_BASE,
				      RO_SIZE,
				      (uintptr_t)c->ro);
	if (ret)
		goto out;
	c->slots += 2;
	for (i = 0; i < NR_VCPUS; i++) {
		*what = "CREATE_VCPU";
		vcpu[i] = __av_create_vcpu(vm, i);
		ret = vcpu[i];
		if (ret < 0)
			goto out;
		c->vcpus++;
		*what = "mmap";
		run[i] = __av_map_run(vcpu[i], RB_PAGE);
		if (!run[i]) {
			ret = -errno;
			goto out;
		}
	}
	/* vCPU 0 runs to its hypercall; vCPU 1 only ever sees immediate_exit. */
	*what = "SET_ONE_REG";
	ret = __av_set_reg64(vcpu[0], ARMVCPU_REG_PC, RB_GUEST_RAM);
	if (ret)
		goto out;
	*what = "RUN";
	ret = ioctl(vcpu[0], ARMVCPU_RUN, 0) ? -errno : 0;
	if (ret)
		goto out;
	if (run[0]->exit_reason != ARMVCPU_EXIT_HYPERCALL ||
	    run[0]->hypercall.nr != 0x1234) {
		*what = "RUN exit";
		ret = -EPROTO;
		goto out;
	}
	run[1]->immediate_exit = 1;
	ret = ioctl(vcpu[1], ARMVCPU_RUN, 0) ? -errno : 0;
	if (ret != -EINTR) {
		*what = "RUN with immediate_exit";
		ret = -EPROTO;
		goto out;
	}
	ret = 0;
	c->runs += 2;
	/* Half the VMs drop their slots explicitly, half leave it to close. */
	if (c->vms & 1) {
		*what = "delete slot";
		ret = __av_set_region(vm, 0, 0, RB_GUEST_RAM, 0,
				      (uintptr_t)c->ram);
	}
out:
	/* Close in a different order each time: the last close frees. */
	if (c->vms & 2)
		close(vm);
	for (i = 0; i < NR_VCPUS; i++) {
		if (run[i])
			munmap(run[i], RB_PAGE);
		if (vcpu[i] >= 0)
			close(vcpu[i]);
	}
	if (!(c->vms & 2))
		close(vm);
	c->vms++;
	return ret;
}

/*
 * Pins are really taken while a VM lives: none when its slot is created
 * (memory is pinned on the guest's first touch, Documentation/api.rst),
 * but all of it is charged to VmLck; the slot's one 2 MiB chunk once its
 * guest has run. Returns the pages pinned then.
 */
static long long pins_of_one_vm(struct churn *c, const struct rb_mem *base,
				struct __test_metadata *_metadata)
{
	struct rb_mem mid;
	int vm, vcpu;

	vm = __av_create_vm(c->dev, 0, 0);
	if (vm < 0)
		return vm;
	EXPECT_EQ(0, __av_set_region(vm, 0, 0, RB_GUEST_RAM, RAM_SIZE,
				     (uintptr_t)c->ram));
	rb_mem_sample(&mid);
	EXPECT_EQ(0, mid.pins - base->pins);
	EXPECT_EQ(RAM_SIZE / 1024, mid.locked_kb - base->locked_kb);
	vcpu = __av_create_vcpu(vm, 0);
	EXPECT_LE(0, vcpu);
	EXPECT_EQ(0, __av_set_reg64(vcpu, ARMVCPU_REG_PC, RB_GUEST_RAM));
	EXPECT_EQ(0, ioctl(vcpu, ARMVCPU_RUN, 0));
	rb_mem_sample(&mid);
	close(vcpu);
	close(vm);
	return mid.pins - base->pins;
}

FIXTURE(churn) {
	struct churn c;
};

FIXTURE_SETUP(churn)
{
	self->c.dev = __av_open_dev();
	ASSERT_LE(0, self->c.dev) TH_LOG("open /dev/armvcpu: %s",
					 strerror(-self->c.dev));
	self->c.ram = rb_alloc_guest_mem(RAM_SIZE);
	self->c.ro = rb_alloc_guest_mem(RO_SIZE);
	ASSERT_NE(NULL, self->c.ram);
	ASSERT_NE(NULL, self->c.ro);
	av_copy_code(self->c.ram, guest_code, sizeof(guest_code));
	rb_sync_code(self->c.ram, sizeof(guest_code));
}

FIXTURE_TEARDOWN(churn)
{
	munmap(self->c.ram, RAM_SIZE);
	munmap(self->c.ro, RO_SIZE);
	close(self->c.dev);
}

TEST_F_TIMEOUT(churn, vms_with_memory_and_vcpus, 3600)
{
	unsigned long n = rb_param("lifetime_vms", 1000), i;
	long long pinned_during = 0, lost;
	struct rb_mem base, now;
	int trouble = rb_klog_trouble();
	const char *what;
	int ret;

	for (i = 0; i < WARMUP; i++) {
		ret = one_vm(&self->c, &what);
		ASSERT_EQ(0, ret) TH_LOG("warm-up VM %lu: %s: %s", i, what,
					 strerror(-ret));
	}
	rb_mem_sample(&base);
	for (i = 0; i < n; i++) {
		ret = one_vm(&self->c, &what);
		ASSERT_EQ(0, ret) TH_LOG("VM %lu: %s: %s", i, what,
					 strerror(-ret));
		if (i == n / 2)
			pinned_during = pins_of_one_vm(&self->c, &base,
						       _metadata);
	}
	rb_mem_sample(&now);
	lost = base.avail_kb - now.avail_kb;
	TH_LOG("%lu VMs, %lu vCPUs, %lu slots, %lu RUNs; %lld pages pinned by one live VM",
	       n, self->c.vcpus, self->c.slots, self->c.runs, pinned_during);
	TH_LOG("after: %lld kB of MemAvailable lost (%lld B per VM), pins %+lld, VmLck %+lld kB",
	       lost, n ? lost * 1024 / (long long)n : 0, now.pins - base.pins,
	       now.locked_kb - base.locked_kb);
	rb_figure("lifetime_churn", "vms", n);
	rb_figure("lifetime_churn", "vcpus", self->c.vcpus);

	EXPECT_EQ(RAM_SIZE / RB_PAGE, pinned_during);
	RB_EXPECT_CLEAN("lifetime_churn", &base, &now, 1024, trouble);
}

int main(int argc, char **argv)
{
	rb_args_to_env(argc, argv);
	return test_harness_run(argc, argv);
}
