// SPDX-License-Identifier: GPL-2.0
/*
 * Guests keep computing right while the host moves under them: 4 VMs x 4
 * vCPUs run a verifiable load for a fixed time while host CPUs 1-3 go
 * offline and online and memslots of every VM are added and removed.
 *
 * Each vCPU steps a 64-bit LCG in a loop, stores every value to its own
 * page and loads it back, and after each batch reads a "hot" IPA whose
 * memslot comes and goes: present, the load reads memory; absent, it is an
 * MMIO read the VMM answers with the same value. The guest counts every
 * mismatch and reports (iterations, LCG value, mismatches) with an HVC;
 * the host recomputes the LCG and checks each report. Pass: every report
 * right, no mismatch, every vCPU made progress, RUN never failed (a vCPU
 * thread never lands on a CPU armvcpu has not taken), every CPU is back
 * online.
 *
 * Parameters (environment or "name=value" arguments):
 *   concurrency_secs  how long the guests run (default 8; make stress 60)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "robust.h"

#define NR_VMS		4
#define NR_VCPUS	4
#define RAM_SIZE	0x100000UL
#define HOT_BASE	0x80000000ULL	/* slot 2: comes and goes */
#define COLD_BASE	0xc0000000ULL	/* slot 3: comes and goes, unused */
#define BATCH		2000
#define LCG_MUL		6364136223846793005ULL
#define LCG_ADD		1442695040888963407ULL

/* One loop of the guest load; registers x19-x27 are its state. */
static const __u32 load[] = {
	0xaa1b03e9,	/* loop: mov x9, x27 */
	0x9b155a73,	/* inner: madd x19, x19, x21, x22 */
	0xf9000353,	/* str x19, [x26] */
	0xf940034a,	/* ldr x10, [x26] */
	0xeb13015f,	/* cmp x10, x19 */
	0x9a990739,	/* cinc x25, x25, ne */
	0xf1000529,	/* subs x9, x9, #1 */
	0x54ffff41,	/* b.ne inner */
	0x8b1b0294,	/* add x20, x20, x27 */
	0xf94002eb,	/* ldr x11, [x23]: the hot IPA */
	0xeb18017f,	/* cmp x11, x24 */
	0x9a990739,	/* cinc x25, x25, ne */
	0xaa1403e0,	/* mov x0, x20 */
	0xaa1303e1,	/* mov x1, x19 */
	0xaa1903e2,	/* mov x2, x25 */
	0xd4000022,	/* hvc #1 */
	0x17fffff0,	/* b loop */
};

struct vm;

struct vcpu {
	struct vm *vm;
	unsigned int id;
	int fd;
	struct armvcpu_run *run;
	pthread_t thread;
	__u64 lcg, iters, reports, hot_mmio;
	char bad[256];
};

struct vm {
	unsigned int id;
	int fd;
	char *ram;
	__u64 *hot, *cold;
	struct vcpu vcpus[NR_VCPUS];
	unsigned long slot_ops;
};

static int stop;	/* atomic: the deadline passed */

static __u64 hot_value(unsigned int vm, unsigned int vcpu)
{
	return 0x407000000000ULL | (vm << 8) | vcpu;
}

static void *vcpu_main(void *arg)
{
	struct vcpu *v = arg;
	struct armvcpu_run *run = v->run;
	__u64 expect = v->lcg, done = 0, i, val;

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (ioctl(v->fd, ARMVCPU_RUN, 0)) {
			/* The end: immediate_exit and a signal. */
			if (errno == EINTR)
				continue;
			/*
			 * No EIO either: a vCPU thread only ever runs on a
			 * CPU armvcpu has taken (el2.rst, CPU hotplug).
			 */
			snprintf(v->bad, sizeof(v->bad), "RUN: %s",
				 strerror(errno));
			break;
		}
		if (run->exit_reason == ARMVCPU_EXIT_MMIO &&
		    !run->mmio.is_write && run->mmio.len == 8 &&
		    run->mmio.phys_addr == HOT_BASE + 8 * v->id) {
			val = hot_value(v->vm->id, v->id);
			memcpy(run->mmio.data, &val, 8);
			v->hot_mmio++;
			continue;
		}
		if (run->exit_reason != ARMVCPU_EXIT_HYPERCALL ||
		    run->hypercall.imm != 1) {
			snprintf(v->bad, sizeof(v->bad),
				 "unexpected exit %u (MMIO at %#llx)",
				 run->exit_reason,
				 (unsigned long long)run->mmio.phys_addr);
			break;
		}
		/* The report is x0-x2 at the HVC; hypercall.nr is x0. */
		for (i = done; i < run->hypercall.nr; i++)
			expect = expect * LCG_MUL + LCG_ADD;
		done = run->hypercall.nr;
		if (done != v->iters + BATCH || run->hypercall.args[0] != expect ||
		    run->hypercall.args[1]) {
			snprintf(v->bad, sizeof(v->bad),
				 "report %llu: %llu iterations, value %#llx (expected %#llx), %llu mismatches",
				 (unsigned long long)v->reports,
				 (unsigned long long)done,
				 (unsigned long long)run->hypercall.args[0],
				 (unsigned long long)expect,
				 (unsigned long long)run->hypercall.args[1]);
			break;
		}
		v->iters = done;
		v->reports++;
	}
	return NULL;
}

static int vm_create(int dev, struct vm *vm, unsigned int id, __u32 *code)
{
	unsigned int i;
	int ret;

	vm->id = id;
	vm->fd = __av_create_vm(dev, 0, 0);
	if (vm->fd < 0)
		return vm->fd;
	vm->ram = rb_alloc_guest_mem(RAM_SIZE);
	vm->hot = rb_alloc_guest_mem(RB_PAGE);
	vm->cold = rb_alloc_guest_mem(64 * RB_PAGE);
	if (!vm->ram || !vm->hot || !vm->cold)
		return -ENOMEM;
	av_copy_code(vm->ram, code, sizeof(load));
	rb_sync_code(vm->ram, sizeof(load));
	for (i = 0; i < NR_VCPUS; i++)
		vm->hot[i] = hot_value(id, i);
	ret = __av_set_region(vm->fd, 0, 0, RB_GUEST_RAM, RAM_SIZE,
			      (uintptr_t)vm->ram);
	if (ret)
		return ret;
	for (i = 0; i < NR_VCPUS; i++) {
		struct vcpu *v = &vm->vcpus[i];
		static const unsigned int regs[] = { 19, 20, 21, 22, 23, 24,
						     25, 26, 27 };
		__u64 vals[] = { 0, 0, LCG_MUL, LCG_ADD, HOT_BASE + 8 * i,
				 hot_value(id, i), 0,
				 RB_GUEST_RAM + RAM_SIZE / 2 + i * RB_PAGE,
				 BATCH };
		unsigned int r;

		v->vm = vm;
		v->id = i;
		v->lcg = 0x1234567800000000ULL ^ (id << 8) ^ i;
		vals[0] = v->lcg;
		ret = __av_vcpu_open(vm->fd, i, RB_PAGE, &v->fd, &v->run);
		if (ret)
			return ret;
		for (r = 0; r < ARRAY_SIZE(regs); r++) {
			ret = __av_set_reg64(v->fd, ARMVCPU_REG_X(regs[r]),
					     vals[r]);
			if (ret)
				return ret;
		}
		ret = __av_set_reg64(v->fd, ARMVCPU_REG_PC, RB_GUEST_RAM);
		if (ret)
			return ret;
	}
	return 0;
}

static int cpu_online(unsigned int cpu, bool on)
{
	char path[64];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/online",
		 cpu);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, on ? "1" : "0", 1) != 1)
		ret = -errno;
	close(fd);
	return ret;
}

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

FIXTURE(load) {
	int dev;
	struct vm vms[NR_VMS];
};

FIXTURE_SETUP(load)
{
	unsigned int i;

	memset(self->vms, 0, sizeof(self->vms));
	self->dev = __av_open_dev();
	ASSERT_LE(0, self->dev);
	for (i = 0; i < NR_VMS; i++)
		ASSERT_EQ(0, vm_create(self->dev, &self->vms[i], i,
				       (__u32 *)load));
}

FIXTURE_TEARDOWN(load)
{
	unsigned int cpu;

	/* Whatever happened, every CPU comes back. */
	for (cpu = 1; cpu < 4; cpu++)
		cpu_online(cpu, true);
}

TEST_F_TIMEOUT(load, hotplug_and_memslots_under_load, 900)
{
	unsigned long secs = rb_param("concurrency_secs", 8);
	unsigned long hotplugs = 0, slot_ops = 0, round = 0;
	__u64 reports = 0, iters = 0, hot_mmio = 0, end, size;
	__u32 flags;
	unsigned long failures = 0;
	int trouble = rb_klog_trouble(), ret;
	unsigned int i, j, cpu;
	bool hot_in = false;

	for (i = 0; i < NR_VMS; i++)
		for (j = 0; j < NR_VCPUS; j++)
			ASSERT_EQ(0, pthread_create(&self->vms[i].vcpus[j].thread,
						    NULL, vcpu_main,
						    &self->vms[i].vcpus[j]));
	end = now_ms() + secs * 1000;
	while (now_ms() < end) {
		/* One CPU goes away and comes back... */
		cpu = 1 + round % 3;
		ret = cpu_online(cpu, false);
		EXPECT_EQ(0, ret) TH_LOG("cpu%u offline: %s", cpu,
					 strerror(-ret));
		/* ...while every VM's hot and cold slots flip. */
		hot_in = !hot_in;
		for (i = 0; i < NR_VMS; i++) {
			struct vm *vm = &self->vms[i];

			ret = __av_set_region(vm->fd, 2, 0, HOT_BASE,
					      hot_in ? RB_PAGE : 0,
					      (uintptr_t)vm->hot);
			EXPECT_EQ(0, ret) TH_LOG("hot slot: %s",
						 strerror(-ret));
			flags = round & 2 ? ARMVCPU_MEM_READONLY : 0;
			size = hot_in ? (1 + round % 64) * RB_PAGE : 0;
			ret = __av_set_region(vm->fd, 3, flags, COLD_BASE,
					      size, (uintptr_t)vm->cold);
			EXPECT_EQ(0, ret) TH_LOG("cold slot: %s",
						 strerror(-ret));
			slot_ops += 2;
		}
		usleep(50 * 1000);
		ret = cpu_online(cpu, true);
		EXPECT_EQ(0, ret) TH_LOG("cpu%u online: %s", cpu,
					 strerror(-ret));
		hotplugs++;
		round++;
		usleep(50 * 1000);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	/* A signal ends each RUN; the threads see stop and return. */
	for (i = 0; i < NR_VMS; i++)
		for (j = 0; j < NR_VCPUS; j++)
			self->vms[i].vcpus[j].run->immediate_exit = 1;

	for (i = 0; i < NR_VMS; i++) {
		for (j = 0; j < NR_VCPUS; j++) {
			struct vcpu *v = &self->vms[i].vcpus[j];

			pthread_kill(v->thread, SIGUSR1);
			pthread_join(v->thread, NULL);
			EXPECT_EQ(0, v->bad[0]) TH_LOG("VM %u vCPU %u: %s", i,
						       j, v->bad);
			failures += v->bad[0] || !v->reports;
			EXPECT_LT(0, v->reports) TH_LOG("VM %u vCPU %u made no progress",
							i, j);
			reports += v->reports;
			iters += v->iters;
			hot_mmio += v->hot_mmio;
		}
	}
	for (cpu = 1; cpu < 4; cpu++) {
		char path[64], c = 0;
		int fd;

		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%u/online", cpu);
		fd = open(path, O_RDONLY);
		ASSERT_LE(0, fd);
		EXPECT_EQ(1, read(fd, &c, 1));
		EXPECT_EQ('1', c);
		close(fd);
	}
	TH_LOG("%lu s: %llu reports, %llu guest iterations, %lu hot-plug cycles",
	       secs, (unsigned long long)reports, (unsigned long long)iters,
	       hotplugs);
	TH_LOG("%lu slot changes, %llu hot MMIO reads", slot_ops,
	       (unsigned long long)hot_mmio);
	rb_figure("concurrency", "guest_iterations", iters);
	rb_figure("concurrency", "reports", reports);
	rb_figure("concurrency", "hotplug_cycles", hotplugs);
	rb_figure("concurrency", "slot_changes", slot_ops);
	rb_figure("concurrency", "failures", failures);
	EXPECT_EQ(trouble, rb_klog_trouble());
}

static void noop(int sig)
{
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = noop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	rb_args_to_env(argc, argv);
	return test_harness_run(argc, argv);
}
