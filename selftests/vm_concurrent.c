// SPDX-License-Identifier: GPL-2.0
/*
 * Several guests at once: two VMs with two vCPUs each, every vCPU thread
 * pinned to its own host CPU, running at the same time; and one vCPU whose
 * thread is moved to another host CPU between RUNs and, by another thread,
 * while it is inside RUN; and one VM running throughout while hundreds of
 * short-lived VMs make the 8-bit VMID space roll over. Every count must
 * come out exact and every vCPU must see its own MPIDR.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define COUNT		500000ULL
#define WORDS		(AV_RAM_BASE + 0x200000)

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int pin(pid_t tid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(tid, sizeof(set), &set);
}

struct worker {
	struct av_vcpu vcpu;
	int cpu;
	__u64 count, start, end;
	unsigned int reports;
	int ok;
};

static int reported;

/*
 * Runs until every worker has reported once: the RUN windows of all four
 * overlap by construction, and pinned to four CPUs they really run at once.
 */
static void *worker_run(void *arg)
{
	struct worker *w = arg;
	bool counted = false;

	w->ok = pin(0, w->cpu) == 0;
	w->start = now_ns();
	do {
		w->ok &= av_run_ucall(&w->vcpu, &w->count) == AV_UCALL_SYNC;
		w->ok &= w->count == COUNT * ++w->reports;
		if (!counted)
			__atomic_add_fetch(&reported, 1, __ATOMIC_SEQ_CST);
		counted = true;
	} while (w->ok && __atomic_load_n(&reported, __ATOMIC_SEQ_CST) < 4);
	w->end = now_ns();
	return NULL;
}

static void setup_vcpu(struct av_vm *vm, struct av_vcpu *vcpu, __u32 id,
		       __u64 count, __u64 forever)
{
	av_vcpu_create(vm, vcpu, id);
	AV_LOAD_GUEST(vm, vcpu, vm_concurrent);
	av_set_reg(vcpu, ARMVCPU_REG_X(10), count);
	av_set_reg(vcpu, ARMVCPU_REG_X(11), WORDS + 8 * id);
	av_set_reg(vcpu, ARMVCPU_REG_X(12), forever);
}

TEST(two_vms_two_vcpus_at_once)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct worker w[4];
	pthread_t t[4];
	struct av_vm vm[2];
	__u64 last_start = 0, first_end = ~0ULL;
	int i;

	if (ncpu < 4)
		SKIP(return, "needs 4 host CPUs, have %ld", ncpu);
	memset(w, 0, sizeof(w));
	for (i = 0; i < 2; i++)
		av_vm_create_with_ram(&vm[i]);
	for (i = 0; i < 4; i++) {
		w[i].cpu = i;
		/* vCPU ids 0 and 5: two different MPIDRs per VM. */
		setup_vcpu(&vm[i / 2], &w[i].vcpu, (i % 2) * 5, COUNT, 1);
	}
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, worker_run, &w[i]));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		EXPECT_TRUE(w[i].ok);
		EXPECT_LE(1, w[i].reports);
		EXPECT_EQ(0x80000000ULL | ((i % 2) * 5),
			  av_get_reg(&w[i].vcpu, ARMVCPU_REG_X(15)));
		if (w[i].start > last_start)
			last_start = w[i].start;
		if (w[i].end < first_end)
			first_end = w[i].end;
	}
	/* All four RUN loops overlapped in time. */
	EXPECT_LT(last_start, first_end);
	for (i = 0; i < 4; i++)
		av_vcpu_destroy(&w[i].vcpu);
	for (i = 0; i < 2; i++)
		av_vm_destroy(&vm[i]);
}

struct mover {
	pid_t tid;
	int ncpu;
	int stop;	/* __atomic builtins: read by the other thread */
	unsigned int moves;
};

/* Moves the vCPU thread to the next CPU while it sits in RUN. */
static void *move_thread(void *arg)
{
	struct mover *m = arg;
	int cpu = 0;

	while (!__atomic_load_n(&m->stop, __ATOMIC_RELAXED)) {
		cpu = (cpu + 1) % m->ncpu;
		if (!pin(m->tid, cpu))
			m->moves++;
		usleep(3000);
	}
	return NULL;
}

TEST(vcpu_thread_migrates_between_and_during_runs)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct mover m = { .tid = gettid(), .ncpu = ncpu };
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 arg = 0, code;
	unsigned int seen = 0, i;
	pthread_t t;

	if (ncpu < 2)
		SKIP(return, "needs 2 host CPUs");
	av_vm_create_with_ram(&vm);
	setup_vcpu(&vm, &vcpu, 0, 100000, 1);
	/* Between RUNs: a different CPU for every report. */
	for (i = 1; i <= 16; i++) {
		ASSERT_EQ(0, pin(0, i % ncpu));
		code = av_run_ucall(&vcpu, &arg);
		ASSERT_EQ(AV_UCALL_SYNC, code);
		ASSERT_EQ(100000ULL * i, arg);
		seen |= 1U << sched_getcpu();
	}
	EXPECT_EQ((1U << ncpu) - 1, seen & ((1U << ncpu) - 1));

	/* During RUN: another thread keeps changing our affinity. */
	ASSERT_EQ(0, pthread_create(&t, NULL, move_thread, &m));
	for (i = 17; i <= 5000 && __atomic_load_n(&m.moves, __ATOMIC_RELAXED) < 8;
	     i++) {
		code = av_run_ucall(&vcpu, &arg);
		ASSERT_EQ(AV_UCALL_SYNC, code);
		ASSERT_EQ(100000ULL * i, arg);
	}
	__atomic_store_n(&m.stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	TH_LOG("%u affinity changes during RUN", m.moves);
	EXPECT_LE(8, m.moves);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

struct long_runner {
	struct av_vcpu *vcpu;
	int stop;	/* __atomic builtins: read by the other thread */
	unsigned int reports;
	int ok;
};

static void *long_run(void *arg)
{
	struct long_runner *l = arg;
	__u64 count;

	l->ok = 1;
	while (!__atomic_load_n(&l->stop, __ATOMIC_RELAXED) && l->ok) {
		l->ok = av_run_ucall(l->vcpu, &count) == AV_UCALL_SYNC;
		l->ok &= count == 100000ULL * ++l->reports;
	}
	return NULL;
}

/*
 * 300 VM lifetimes take seconds on an idle machine but several times the
 * harness's default 30 s when TCG shares two busy host cores: the timeout
 * is for a hang, not for speed.
 */
FIXTURE(rollover) {};
FIXTURE_SETUP(rollover) {}
FIXTURE_TEARDOWN(rollover) {}

TEST_F_TIMEOUT(rollover, vmid_rollover_while_a_vm_runs, 600)
{
	struct long_runner l = { 0 };
	struct av_vcpu vcpu, tmp_vcpu;
	struct av_vm vm, tmp;
	__u64 count;
	pthread_t t;
	int i;

	av_vm_create_with_ram(&vm);
	setup_vcpu(&vm, &vcpu, 0, 100000, 1);
	l.vcpu = &vcpu;
	ASSERT_EQ(0, pthread_create(&t, NULL, long_run, &l));
	/* 8-bit VMIDs: 300 VMs that run force at least one rollover. */
	for (i = 0; i < 300; i++) {
		av_vm_create_with_ram(&tmp);
		setup_vcpu(&tmp, &tmp_vcpu, 1, 1000, 0);
		ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&tmp_vcpu, &count));
		ASSERT_EQ(1000, count);
		av_run_to_done(&tmp_vcpu);
		av_vcpu_destroy(&tmp_vcpu);
		av_vm_destroy(&tmp);
	}
	__atomic_store_n(&l.stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	EXPECT_TRUE(l.ok);
	EXPECT_LT(0, l.reports);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
