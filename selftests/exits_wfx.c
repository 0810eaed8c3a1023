// SPDX-License-Identifier: GPL-2.0
/*
 * WFI and WFE are trapped and return to the guest (no virtual interrupt
 * can wake it yet), but a guest idling in them never holds a host CPU
 * against the scheduler nor makes RUN deaf to signals: a thread sharing
 * the vCPU's CPU keeps running, and a signal ends RUN with EINTR.
 * exits_wfx_guest.S idles.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "exits_util.h"

static atomic_long spins;
static atomic_int stop;

static void on_alarm(int sig)
{
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *spinner(void *arg)
{
	pin(0);
	while (!atomic_load(&stop))
		atomic_fetch_add(&spins, 1);
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST(idle_guest_yields_and_hears_signals)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { .tv_usec = 500000 } };
	struct av_vcpu vcpu;
	struct av_vm vm;
	pthread_t thread;
	long before;
	double t0;

	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	pin(0);
	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, exits_wfx);
	EXPECT_EQ(0xf1, ex_expect_sync(&vcpu));

	/* Both threads on CPU 0: the spinner only runs if RUN yields. */
	ASSERT_EQ(0, pthread_create(&thread, NULL, spinner, NULL));
	usleep(50000);
	before = atomic_load(&spins);
	t0 = now();
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	EXPECT_EQ(-EINTR, __av_run(vcpu.fd));
	EXPECT_EQ(ARMVCPU_EXIT_INTR, vcpu.run->exit_reason);
	/* The signal came at 0.5 s; RUN must not have sat on it. */
	EXPECT_GT(2.0, now() - t0);
	EXPECT_LT(before, atomic_load(&spins));

	/* The guest is still idling where it was: RUN again, signal again. */
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	EXPECT_EQ(-EINTR, __av_run(vcpu.fd));
	atomic_store(&stop, 1);
	pthread_join(thread, NULL);

	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
