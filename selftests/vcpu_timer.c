// SPDX-License-Identifier: GPL-2.0
/*
 * Counters: the guest's virtual counter starts near zero when its VM is
 * created (CNTVOFF_EL2 per VM) and moves forward; the physical counter is
 * the host's and traps (ARMVCPU_EXIT_SYSREG with the CNTPCT_EL0 id).
 */
#include <unistd.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define CNTPCT_EL0	ARMVCPU_REG_SYS(3, 3, 14, 0, 1)

static __u64 host_counter(void)
{
	__u64 v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r" (v));
	return v;
}

TEST(virtual_counter_per_vm_physical_traps)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 before, first, second, arg = 0;

	/* The host's own virtual counter is the physical count since boot. */
	before = host_counter();
	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, vcpu_timer);
	usleep(50000);

	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &first));
	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &second));
	/* Time since the VM was born: more than the sleep, less than uptime. */
	EXPECT_LT(0, first);
	EXPECT_LT(first, before) TH_LOG("guest %llu, host at creation %llu",
					(unsigned long long)first,
					(unsigned long long)before);
	EXPECT_LT(first, second);

	ASSERT_EQ(0, __av_run(vcpu.fd));
	ASSERT_EQ(ARMVCPU_EXIT_SYSREG, vcpu.run->exit_reason)
		TH_LOG("exit %s", av_exit_name(vcpu.run->exit_reason));
	EXPECT_EQ(CNTPCT_EL0, vcpu.run->sysreg.id);
	EXPECT_EQ(0, vcpu.run->sysreg.is_write);
	EXPECT_EQ(9, vcpu.run->sysreg.rt);
	vcpu.run->sysreg.value = 0x1234;
	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &arg));
	EXPECT_EQ(0x1234, arg);
	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
