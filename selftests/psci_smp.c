// SPDX-License-Identifier: GPL-2.0
/*
 * CPU_ON, AFFINITY_INFO and CPU_OFF across two vCPUs running at once on
 * two threads, the way a VMM drives them (psci_smp_guest.S): the CPU_UP
 * payload starts vCPU 1 at the entry point with the context id in x0;
 * each vCPU sees the other ON while it runs, and vCPU 0 sees vCPU 1 OFF
 * once its CPU_OFF reached the VMM.
 */
#include <pthread.h>

#include "kselftest_harness.h"
#include "exits_util.h"

struct secondary {
	struct av_vcpu *vcpu;
	__u64 seen[3];			/* context id, MPIDR, AFFINITY_INFO(0) */
	__u32 last_exit;
};

static void *run_secondary(void *arg)
{
	struct secondary *s = arg;
	unsigned int i;

	for (i = 0; i < 3; i++)
		s->seen[i] = ex_expect_sync(s->vcpu);
	s->last_exit = __av_run(s->vcpu->fd) ? ARMVCPU_EXIT_UNKNOWN :
					  s->vcpu->run->exit_reason;
	return NULL;
}

TEST(cpu_on_then_cpu_off_across_threads)
{
	struct secondary s = { 0 };
	struct av_vcpu vcpu[2];
	struct armvcpu_run *run;
	struct av_vm vm;
	pthread_t thread;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu[0], 0);
	av_vcpu_create(&vm, &vcpu[1], 1);
	AV_LOAD_GUEST(&vm, &vcpu[0], psci_smp);
	run = vcpu[0].run;

	ex_expect_exit(&vcpu[0], ARMVCPU_EXIT_CPU_UP);
	ASSERT_EQ(1, run->cpu_up.target_mpidr);
	EXPECT_EQ(0x5ec0, run->cpu_up.context_id);

	/* What a VMM does for CPU_UP: entry and context id, then run it. */
	av_set_reg(&vcpu[1], ARMVCPU_REG_PC, run->cpu_up.entry);
	av_set_reg(&vcpu[1], ARMVCPU_REG_X(0), run->cpu_up.context_id);
	s.vcpu = &vcpu[1];
	ASSERT_EQ(0, pthread_create(&thread, NULL, run_secondary, &s));

	EXPECT_EQ(0, ex_expect_sync(&vcpu[0]));		/* CPU_ON: SUCCESS */
	EXPECT_EQ(0x0ff, ex_expect_sync(&vcpu[0]));	/* vCPU 1 seen OFF */
	av_run_to_done(&vcpu[0]);
	pthread_join(thread, NULL);

	EXPECT_EQ(0x5ec0, s.seen[0]);
	EXPECT_EQ(0x80000001ULL, s.seen[1]);
	EXPECT_EQ(0, s.seen[2]);			/* vCPU 0 is ON */
	EXPECT_EQ(ARMVCPU_EXIT_CPU_DOWN, s.last_exit);

	av_vcpu_destroy(&vcpu[1]);
	av_vcpu_destroy(&vcpu[0]);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
