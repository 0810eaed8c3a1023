// SPDX-License-Identifier: GPL-2.0
/*
 * RUN semantics: immediate_exit, a signal ends RUN with EINTR and an INTR
 * exit and the guest resumes where it was, RUN from another process is
 * EIO, a second concurrent RUN is EBUSY, and a guest counting loop comes
 * through a storm of host interrupts (IPIs and timer signals) exact.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/membarrier.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

FIXTURE(counter) {
	struct av_vm vm;
	struct av_vcpu vcpu;
};

FIXTURE_SETUP(counter)
{
	av_vm_create_with_ram(&self->vm);
	av_vcpu_create(&self->vm, &self->vcpu, 0);
	AV_LOAD_GUEST(&self->vm, &self->vcpu, vcpu_run);
}

FIXTURE_TEARDOWN(counter)
{
	av_vcpu_destroy(&self->vcpu);
	av_vm_destroy(&self->vm);
}

static void on_signal(int sig)
{
}

static void catch(int sig, bool restart)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(sig, &sa, NULL);
}

TEST_F(counter, immediate_exit)
{
	self->vcpu.run->immediate_exit = 1;
	EXPECT_EQ(-EINTR, __av_run(self->vcpu.fd));
	EXPECT_EQ(ARMVCPU_EXIT_INTR, self->vcpu.run->exit_reason);
	/* The guest did not run at all. */
	EXPECT_EQ(AV_GUEST_ENTRY, av_get_reg(&self->vcpu, ARMVCPU_REG_PC));
	EXPECT_EQ(0, av_get_reg(&self->vcpu, ARMVCPU_REG_X(9)));
	self->vcpu.run->immediate_exit = 0;
}

/*
 * One RUN cut short by SIGALRM after 100 ms; the guest's counter in x9.
 * On a loaded machine 100 ms may pass before the guest counts at all.
 */
static __u64 run_until_alarm(struct __test_metadata *_metadata,
			     struct av_vcpu *vcpu)
{
	struct itimerval it = { .it_value = { .tv_usec = 100000 } };

	EXPECT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	EXPECT_EQ(-EINTR, __av_run(vcpu->fd));
	EXPECT_EQ(ARMVCPU_EXIT_INTR, vcpu->run->exit_reason);
	return av_get_reg(vcpu, ARMVCPU_REG_X(9));
}

TEST_F(counter, signal_interrupts_and_guest_resumes)
{
	__u64 first = 0, second = 0;
	int tries;

	catch(SIGALRM, false);
	for (tries = 0; tries < 50 && !first; tries++)
		first = run_until_alarm(_metadata, &self->vcpu);
	ASSERT_LT(0, first);

	/* The guest goes on where it stopped: x9 only ever grows. */
	for (tries = 0; tries < 50 && second <= first; tries++) {
		second = run_until_alarm(_metadata, &self->vcpu);
		ASSERT_LE(first, second);
	}
	EXPECT_LT(first, second);
}

TEST_F(counter, run_from_another_process_is_eio)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		__u64 pc;
		int ok = __av_run(self->vcpu.fd) == -EIO &&
			 __av_get_reg(self->vcpu.fd,
				      ARMVCPU_REG_PC, &pc) == -EIO;

		_exit(ok ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

struct runner {
	struct av_vcpu *vcpu;
	int ret;
};

static void *run_thread(void *arg)
{
	struct runner *r = arg;

	r->ret = __av_run(r->vcpu->fd);
	return NULL;
}

TEST_F(counter, concurrent_run_is_ebusy)
{
	struct runner r = { .vcpu = &self->vcpu };
	pthread_t t;
	__u64 pc;

	catch(SIGUSR1, false);
	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	/* Let the first RUN get into the guest. */
	usleep(200000);
	EXPECT_EQ(-EBUSY, __av_run(self->vcpu.fd));
	EXPECT_EQ(-EBUSY, __av_get_reg(self->vcpu.fd, ARMVCPU_REG_PC, &pc));
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	EXPECT_EQ(-EINTR, r.ret);
	EXPECT_EQ(ARMVCPU_EXIT_INTR, self->vcpu.run->exit_reason);
}

/* Shared with the storm thread through __atomic builtins. */
static int storm_stop;

static void *ipi_storm(void *arg)
{
	unsigned long *n = arg;

	while (!__atomic_load_n(&storm_stop, __ATOMIC_RELAXED)) {
		syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
		(*n)++;
	}
	return NULL;
}

TEST_F(counter, counting_loop_survives_interrupt_storm)
{
	struct itimerval it = {
		.it_value = { .tv_usec = 1000 },
		.it_interval = { .tv_usec = 1000 },
	};
	struct av_ucall uc = { AV_UCALL_NONE, 0 };
	const __u64 target = 20000000;
	enum av_ucall_part part;
	unsigned long ipis = 0;
	unsigned int intr = 0;
	pthread_t t;

	ASSERT_EQ(0, syscall(__NR_membarrier,
			     MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0));
	av_set_reg(&self->vcpu, ARMVCPU_REG_X(10), target);
	catch(SIGALRM, false);
	__atomic_store_n(&storm_stop, 0, __ATOMIC_RELAXED);
	ASSERT_EQ(0, pthread_create(&t, NULL, ipi_storm, &ipis));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	for (;;) {
		int ret = __av_run(self->vcpu.fd);

		if (ret == -EINTR) {
			ASSERT_EQ(ARMVCPU_EXIT_INTR,
				  self->vcpu.run->exit_reason);
			intr++;
			continue;
		}
		ASSERT_EQ(0, ret);
		ASSERT_EQ(ARMVCPU_EXIT_MMIO, self->vcpu.run->exit_reason);
		part = av_get_ucall(&self->vcpu, &uc);
		ASSERT_NE(AV_UCALL_PART_OTHER, part)
			TH_LOG("MMIO 0x%llx is no ucall", (unsigned long long)
			       self->vcpu.run->mmio.phys_addr);
		if (part == AV_UCALL_PART_CODE)
			break;
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	__atomic_store_n(&storm_stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	EXPECT_EQ(AV_UCALL_SYNC, uc.code);
	EXPECT_EQ(target, uc.arg);
	TH_LOG("%u signal exits, %lu membarrier IPI rounds", intr, ipis);
	EXPECT_LT(0, ipis);
}

TEST_HARNESS_MAIN
