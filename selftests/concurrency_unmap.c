// SPDX-License-Identifier: GPL-2.0
/*
 * A guest that writes without pause into a memslot cannot keep writing to
 * its pages once the slot is deleted: the stage-2 entries and every CPU's
 * TLB must forget them before the pages go back to the host. Here vCPUs
 * on other host CPUs store a pattern over a 2 MiB slot in a tight loop
 * while the VMM deletes the slot, unmaps its backing and fills 64 MiB of
 * fresh memory (the freed pages come back to it) with poison. From then
 * on every guest store must be an MMIO exit, and the pattern must never
 * appear in host memory; the vCPUs must notice the slot is gone (their
 * next stores exit) and run on. Repeated for slot_rounds rounds.
 *
 * Parameters (environment or "name=value" arguments):
 *   slot_rounds  delete-while-writing rounds (default 6; make stress 60)
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "robust.h"

#define NR_VCPUS	3
#define CODE_SIZE	0x10000UL
#define SLOT_BASE	RB_GUEST_RAM
#define SLOT_SIZE	0x200000UL
#define SPRAY_SIZE	(64UL << 20)
#define PATTERN_HI	0x6a7e5700U	/* upper half of every guest store */

/*
 * x0 = slot base, x1 = slot size, x2 = pattern: store x2 | offset to every
 * 8 bytes of the slot, forever; x3 counts passes.
 */
static const __u32 writer[] = {
	0xd2800004,	/* again: mov x4, #0 */
	0xaa040045,	/* loop: orr x5, x2, x4 */
	0xf8246805,	/* str x5, [x0, x4] */
	0x91002084,	/* add x4, x4, #8 */
	0xeb01009f,	/* cmp x4, x1 */
	0x54ffff83,	/* b.lo loop */
	0x91000463,	/* add x3, x3, #1 */
	0x17fffff9,	/* b again */
};

struct vcpu {
	int fd;
	struct armvcpu_run *run;
	pthread_t thread;
	unsigned long mmio_writes, bad_exits;
	int err;
};

static int stop;

static void *vcpu_main(void *arg)
{
	struct vcpu *v = arg;

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (ioctl(v->fd, ARMVCPU_RUN, 0)) {
			if (errno != EINTR)
				v->err = errno;
			if (errno != EINTR)
				break;
			continue;
		}
		if (v->run->exit_reason == ARMVCPU_EXIT_MMIO &&
		    v->run->mmio.is_write && v->run->mmio.len == 8 &&
		    v->run->mmio.phys_addr - SLOT_BASE < SLOT_SIZE)
			__atomic_fetch_add(&v->mmio_writes, 1,
					   __ATOMIC_RELAXED);
		else
			v->bad_exits++;
	}
	return NULL;
}

static void noop(int sig)
{
}

/* Pages of @p whose words carry the guest's pattern. */
static unsigned long guest_words(const char *p, size_t len)
{
	unsigned long n = 0;
	size_t off;

	for (off = 0; off < len; off += 8)
		if (*(const __u32 *)(p + off + 4) == PATTERN_HI)
			n++;
	return n;
}

static unsigned long total_mmio(struct vcpu *v)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < NR_VCPUS; i++)
		n += __atomic_load_n(&v[i].mmio_writes, __ATOMIC_RELAXED);
	return n;
}

/* A fixture only for the timeout: make stress runs ten times longer. */
FIXTURE(unmap) {
};

FIXTURE_SETUP(unmap)
{
}

FIXTURE_TEARDOWN(unmap)
{
}

TEST_F_TIMEOUT(unmap, slot_deleted_under_writing_vcpus, 1800)
{
	unsigned long rounds = rb_param("slot_rounds", 6), r, found = 0;
	struct sigaction sa = { .sa_handler = noop };
	struct vcpu v[NR_VCPUS];
	int trouble = rb_klog_trouble(), dev, vm;
	char *code, *ram, *spray;
	struct rb_mem base, now;
	unsigned int i;
	size_t off;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	rb_mem_sample(&base);
	dev = __av_open_dev();
	ASSERT_LE(0, dev);
	vm = __av_create_vm(dev, 0, 0);
	ASSERT_LE(0, vm);
	code = rb_alloc_guest_mem(CODE_SIZE);
	ASSERT_NE(NULL, code);
	av_copy_code(code, writer, sizeof(writer));
	rb_sync_code(code, sizeof(writer));
	ASSERT_EQ(0, __av_set_region(vm, 0, 0, 0x10000000, CODE_SIZE,
				     (uintptr_t)code));
	for (i = 0; i < NR_VCPUS; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		ASSERT_EQ(0, __av_vcpu_open(vm, i, RB_PAGE, &v[i].fd,
					    &v[i].run));
		ASSERT_EQ(0, __av_set_reg64(v[i].fd, ARMVCPU_REG_PC,
					    0x10000000));
		ASSERT_EQ(0, __av_set_reg64(v[i].fd, ARMVCPU_REG_X(0),
					    SLOT_BASE));
		ASSERT_EQ(0, __av_set_reg64(v[i].fd, ARMVCPU_REG_X(1),
					    SLOT_SIZE));
		ASSERT_EQ(0, __av_set_reg64(v[i].fd, ARMVCPU_REG_X(2),
					    (__u64)PATTERN_HI << 32));
	}

	for (r = 0; r < rounds; r++) {
		unsigned long before;

		ram = rb_alloc_guest_mem(SLOT_SIZE);
		ASSERT_NE(NULL, ram);
		ASSERT_EQ(0, __av_set_region(vm, 1, 0, SLOT_BASE, SLOT_SIZE,
					     (uintptr_t)ram));
		if (!r)
			for (i = 0; i < NR_VCPUS; i++)
				ASSERT_EQ(0, pthread_create(&v[i].thread, NULL,
							    vcpu_main, &v[i]));
		/* Let the writers fill the slot (they really write it). */
		usleep(300 * 1000);
		EXPECT_LT(0, guest_words(ram, SLOT_SIZE));

		/* Gone while they write; its pages back to the allocator. */
		ASSERT_EQ(0, __av_set_region(vm, 1, 0, SLOT_BASE, 0,
					     (uintptr_t)ram));
		ASSERT_EQ(0, munmap(ram, SLOT_SIZE));
		spray = rb_alloc_guest_mem(SPRAY_SIZE);
		ASSERT_NE(NULL, spray);
		for (off = 0; off < SPRAY_SIZE; off += 8)
			*(__u64 *)(spray + off) = 0xdeaddeaddeaddeadULL;
		before = total_mmio(v);
		usleep(300 * 1000);
		/* The writers now exit on every store... */
		EXPECT_LT(before, total_mmio(v)) TH_LOG("round %lu", r);
		/* ...and none of them reached the pages the host reuses. */
		found += guest_words(spray, SPRAY_SIZE);
		munmap(spray, SPRAY_SIZE);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < NR_VCPUS; i++) {
		v[i].run->immediate_exit = 1;
		pthread_kill(v[i].thread, SIGUSR1);
		pthread_join(v[i].thread, NULL);
		EXPECT_EQ(0, v[i].err) TH_LOG("vCPU %u: RUN: %s", i,
					      strerror(v[i].err));
		EXPECT_EQ(0, v[i].bad_exits);
	}
	EXPECT_EQ(0, found) TH_LOG("guest stores found in freed memory");
	TH_LOG("%lu rounds, %lu MMIO writes after deletion, %lu stale stores",
	       rounds, total_mmio(v), found);
	rb_figure("concurrency_unmap", "rounds", rounds);
	rb_figure("concurrency_unmap", "stale_stores", found);
	for (i = 0; i < NR_VCPUS; i++) {
		munmap(v[i].run, RB_PAGE);
		close(v[i].fd);
	}
	close(vm);
	close(dev);
	munmap(code, CODE_SIZE);
	rb_mem_sample(&now);
	RB_EXPECT_CLEAN("concurrency_unmap", &base, &now, 1024, trouble);
}

int main(int argc, char **argv)
{
	rb_args_to_env(argc, argv);
	return test_harness_run(argc, argv);
}
