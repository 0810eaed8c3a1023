// SPDX-License-Identifier: GPL-2.0
/*
 * A buggy multi-threaded VMM cannot hurt the host either: four threads
 * share a small pool of VMs and vCPUs and race every call on them for a
 * fixed time: creating and closing VMs and vCPUs (so a thread often uses an
 * fd another thread has just closed, or whose number now names another
 * object), adding and deleting memslots under running vCPUs, RUN with a
 * watchdog, register reads and writes of running vCPUs, mapping and
 * unmapping run structs. Each thread has its own seed (derived from the
 * printed one).
 *
 * Pass: every call returns with success or an errno api.rst documents for
 * some call (a stale fd can name any kind of armvcpu fd, or none); the
 * kernel logs no Oops/WARN/BUG/lockdep report; once all is closed no page
 * is pinned and MemAvailable is back.
 *
 * Parameters (environment or "name=value" arguments):
 *   race_secs  how long the threads race (default 6; make stress 60)
 *   race_seed  seed to replay (default: fresh, printed)
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "robust.h"

#define NR_THREADS	4
#define NR_VMS		2
#define NR_VCPUS	4
#define POOL_SIZE	(4UL << 20)

#define E(x)		(1ULL << (x))
/* Every errno api.rst lists for some call, plus EBADF for closed fds. */
#define DOCUMENTED	(E(EINVAL) | E(EFAULT) | E(EEXIST) | E(ENOSPC) |     \
			 E(ENOMEM) | E(EIO) | E(EBUSY) | E(EINTR) |	     \
			 E(ENOENT) | E(E2BIG) | E(EBADF) | E(ENOTTY) |	     \
			 E(EMFILE) | E(ENODEV))

static int vm_fds[NR_VMS];
static int vcpu_fds[NR_VMS][NR_VCPUS];
static int dev;
static char *pool;
static int stop;

struct worker {
	pthread_t thread;
	struct rb_rng rng;
	unsigned long calls, errors;
	char bad[256];
};

static int take(int *slot)
{
	return __atomic_exchange_n(slot, -1, __ATOMIC_SEQ_CST);
}

/* Puts @fd in an empty slot, or closes it if another thread was faster. */
static void put(int *slot, int fd)
{
	int empty = -1;

	if (!__atomic_compare_exchange_n(slot, &empty, fd, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		close(fd);
}

static int peek(int *slot)
{
	return __atomic_load_n(slot, __ATOMIC_SEQ_CST);
}

/* @ret: what an armvcpu_api.h call returned, -errno on failure. */
static void check(struct worker *w, int ret, const char *what)
{
	int err = -ret;

	w->calls++;
	if (ret >= 0)
		return;
	w->errors++;
	if (err > 0 && err < 64 && (DOCUMENTED & E(err)))
		return;
	if (!w->bad[0])
		snprintf(w->bad, sizeof(w->bad), "%s failed with %s", what,
			 strerror(err));
}

static void one_step(struct worker *w)
{
	struct rb_rng *r = &w->rng;
	unsigned int v = rb_below(r, NR_VMS), c = rb_below(r, NR_VCPUS);
	struct armvcpu_run *run;
	__u64 val = rb_rand(r), id, size, uaddr;
	__u32 slot, flags;
	int ret, fd;

	switch (rb_below(r, 12)) {
	case 0:		/* a new VM, replacing whatever was there */
		ret = __av_create_vm(dev, 0, 0);
		check(w, ret, "CREATE_VM");
		if (ret >= 0) {
			fd = take(&vm_fds[v]);
			if (fd >= 0)
				close(fd);
			put(&vm_fds[v], ret);
		}
		break;
	case 1:		/* close a VM or a vCPU that others may be using */
		fd = take(rb_chance(r, 1, 2) ? &vm_fds[v] : &vcpu_fds[v][c]);
		if (fd >= 0)
			close(fd);
		break;
	case 2:
		ret = __av_create_vcpu(peek(&vm_fds[v]),
				       rb_below(r, NR_VCPUS + 1));
		check(w, ret, "CREATE_VCPU");
		if (ret >= 0)
			put(&vcpu_fds[v][c], ret);
		break;
	case 3:
	case 4:		/* memslots come and go under running vCPUs */
		slot = rb_below(r, 4);
		flags = rb_chance(r, 1, 4) ? ARMVCPU_MEM_READONLY : 0;
		size = rb_chance(r, 1, 2) ? 0 : (1 + rb_below(r, 512)) * RB_PAGE;
		uaddr = (uintptr_t)pool + rb_below(r, 512) * RB_PAGE;
		ret = __av_set_region(peek(&vm_fds[v]), slot, flags,
				      RB_GUEST_RAM + slot * 0x200000ULL, size,
				      uaddr);
		check(w, ret, "SET_USER_MEMORY_REGION");
		break;
	case 5:
	case 6:		/* RUN, and the watchdog brings it back */
		fd = peek(&vcpu_fds[v][c]);
		rb_watchdog_arm(1 + rb_below(r, 10), 5);
		ret = __av_run(fd);
		rb_watchdog_disarm();
		check(w, ret, "RUN");
		break;
	case 7:
	case 8:		/* registers of vCPUs that may be running */
		id = rb_chance(r, 1, 2) ? ARMVCPU_REG_PC :
		     ARMVCPU_REG_X(rb_below(r, 31));
		if (id == ARMVCPU_REG_PC)
			val = RB_GUEST_RAM + rb_below(r, 0x800000) * 4;
		fd = peek(&vcpu_fds[v][c]);
		ret = rb_chance(r, 1, 2) ? __av_set_reg(fd, id, &val) :
					   __av_get_reg(fd, id, &val);
		check(w, ret, "ONE_REG");
		break;
	case 9:		/* map, touch, unmap a run struct */
		run = __av_map_run(peek(&vcpu_fds[v][c]), RB_PAGE);
		check(w, run ? 0 : -errno, "mmap");
		if (run) {
			__atomic_store_n(&run->immediate_exit,
					 rb_chance(r, 1, 8), __ATOMIC_RELAXED);
			munmap(run, RB_PAGE);
		}
		break;
	default:	/* the guest's memory changes under it */
		pool[rb_below(r, POOL_SIZE / 4) * 4] = rb_rand(r);
		break;
	}
}

/* b .; hvc #1; b .-4; ldr x0, [x0]; wfi */
static const __u32 guest_words[] = {
	0x14000000, 0xd4000022, 0x17ffffff, 0xf9400000, 0xd503207f,
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	if (rb_watchdog_init()) {
		snprintf(w->bad, sizeof(w->bad), "no watchdog");
		return NULL;
	}
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED) && !w->bad[0])
		one_step(w);
	rb_watchdog_disarm();
	return NULL;
}

/* A fixture only for the timeout: make stress runs ten times longer. */
FIXTURE(race) {
};

FIXTURE_SETUP(race)
{
}

FIXTURE_TEARDOWN(race)
{
}

TEST_F_TIMEOUT(race, threads_race_every_call, 1800)
{
	unsigned long secs = rb_param("race_secs", 6), calls = 0, errors = 0;
	__u64 seed = rb_seed("race_seed");
	struct worker w[NR_THREADS];
	int trouble = rb_klog_trouble();
	struct rb_mem base, now;
	unsigned int i, j;

	rb_mem_sample(&base);
	dev = __av_open_dev();
	ASSERT_LE(0, dev);
	pool = rb_alloc_guest_mem(POOL_SIZE);
	ASSERT_NE(NULL, pool);
	/* Guest code everywhere: mostly loops, some exits, some garbage. */
	for (i = 0; i < POOL_SIZE / 4; i++)
		((__u32 *)pool)[i] = guest_words[i % ARRAY_SIZE(guest_words)];
	rb_sync_code(pool, POOL_SIZE);
	for (i = 0; i < NR_VMS; i++) {
		vm_fds[i] = -1;
		for (j = 0; j < NR_VCPUS; j++)
			vcpu_fds[i][j] = -1;
	}
	memset(w, 0, sizeof(w));
	for (i = 0; i < NR_THREADS; i++) {
		rb_rng_seed(&w[i].rng, seed + i * 0x9e3779b97f4a7c15ULL);
		ASSERT_EQ(0, pthread_create(&w[i].thread, NULL, worker_main,
					    &w[i]));
	}
	sleep(secs);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < NR_THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		EXPECT_EQ(0, w[i].bad[0]) TH_LOG("thread %u: %s (race_seed=%#llx)",
						 i, w[i].bad,
						 (unsigned long long)seed);
		calls += w[i].calls;
		errors += w[i].errors;
	}
	for (i = 0; i < NR_VMS; i++) {
		if (vm_fds[i] >= 0)
			close(vm_fds[i]);
		for (j = 0; j < NR_VCPUS; j++)
			if (vcpu_fds[i][j] >= 0)
				close(vcpu_fds[i][j]);
	}
	close(dev);
	munmap(pool, POOL_SIZE);
	rb_mem_sample(&now);
	TH_LOG("%lu s, %d threads: %lu calls, %lu refused", secs, NR_THREADS,
	       calls, errors);
	rb_figure("concurrency_race", "calls", calls);
	RB_EXPECT_CLEAN("concurrency_race", &base, &now, 1024, trouble);
}

int main(int argc, char **argv)
{
	rb_args_to_env(argc, argv);
	return test_harness_run(argc, argv);
}
