// SPDX-License-Identifier: GPL-2.0
/*
 * A guest with its own stage-1 MMU and exception vectors keeps running
 * across hundreds of exits: its translation registers, memory and
 * EL1 exception state come back exactly after each one, and userspace
 * reads the guest's SCTLR/TCR/TTBR0/MAIR/VBAR through ONE_REG.
 */
#include "kselftest_harness.h"
#include "armvcpu_util.h"

TEST(guest_mmu_on_across_exits_then_svc)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 arg = 0, i;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, vcpu_mmu);

	for (i = 1; i <= 200; i++) {
		ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &arg))
			TH_LOG("guest assertion %llu", (unsigned long long)arg);
		ASSERT_EQ(i, arg);
		if (i == 1) {
			EXPECT_EQ(0x1005, av_get_reg(&vcpu,
						     ARMVCPU_REG_SCTLR_EL1) &
					  0x1005);
			EXPECT_EQ(0x40200000,
				  av_get_reg(&vcpu, ARMVCPU_REG_TTBR0_EL1));
			EXPECT_EQ(0xff00, av_get_reg(&vcpu,
						     ARMVCPU_REG_MAIR_EL1));
			EXPECT_EQ(25, av_get_reg(&vcpu, ARMVCPU_REG_TCR_EL1) &
				      0x3f);
		}
	}
	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &arg));
	/* EC 0x15 (SVC64), IL, imm16 0x77. */
	EXPECT_EQ(0x56000077, arg);
	EXPECT_NE(0, av_get_reg(&vcpu, ARMVCPU_REG_VBAR_EL1));
	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
