// SPDX-License-Identifier: GPL-2.0
/*
 * HVC and SMC exits: the function id, six arguments and the immediate
 * reach userspace; ret[0..3] reach x0-x3 on the next RUN; the default
 * answer is SMCCC NOT_SUPPORTED; the PC is past the call in both cases.
 */
#include "kselftest_harness.h"
#include "armvcpu_util.h"

TEST(hvc_six_args_four_results_then_smc_default)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	struct armvcpu_run *run;
	__u64 pc;
	int i;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, hypercall);
	run = vcpu.run;

	ASSERT_EQ(0, __av_run(vcpu.fd));
	ASSERT_EQ(ARMVCPU_EXIT_HYPERCALL, run->exit_reason)
		TH_LOG("exit %s", av_exit_name(run->exit_reason));
	EXPECT_EQ(0xc6001234ULL, run->hypercall.nr);
	for (i = 0; i < 6; i++)
		EXPECT_EQ(0x11ULL * (i + 1), run->hypercall.args[i]);
	EXPECT_EQ(0xbeef, run->hypercall.imm);
	EXPECT_EQ(0, run->hypercall.flags);
	EXPECT_EQ(ARMVCPU_SMCCC_RET_NOT_SUPPORTED, run->hypercall.ret[0]);
	EXPECT_EQ(0, run->hypercall.ret[1]);
	/* ELR already points past the HVC: ten instructions in. */
	EXPECT_EQ(AV_GUEST_ENTRY + 40, av_get_reg(&vcpu, ARMVCPU_REG_PC));
	for (i = 0; i < 4; i++)
		run->hypercall.ret[i] = 0xa0 + i;

	ASSERT_EQ(0, __av_run(vcpu.fd));
	ASSERT_EQ(ARMVCPU_EXIT_HYPERCALL, run->exit_reason)
		TH_LOG("exit %s", av_exit_name(run->exit_reason));
	EXPECT_EQ(0x42, run->hypercall.nr);
	EXPECT_EQ(0x99, run->hypercall.args[0]);
	EXPECT_EQ(0x55, run->hypercall.imm);
	EXPECT_EQ(ARMVCPU_HYPERCALL_SMC, run->hypercall.flags);
	/* A trapped SMC is stepped over before userspace sees it. */
	pc = av_get_reg(&vcpu, ARMVCPU_REG_PC);
	EXPECT_EQ(0xd4000aa3U, *(__u32 *)((char *)vm.ram + pc - 4 - AV_RAM_BASE));

	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

/*
 * PSTATE bits other than the mode belong to the guest: a guest (kernel)
 * running with DIT, PAN or flags set keeps running across exits; only a
 * mode that is not AArch64 EL0/EL1 is refused.
 */
TEST(pstate_bits_beyond_the_mode_survive_exits)
{
	const __u64 pstate = 0xf1c003c5ULL;	/* NZCV, DIT, UAO, PAN, DAIF, EL1h */
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 now;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, hypercall);
	av_set_reg(&vcpu, ARMVCPU_REG_PSTATE, pstate);

	ASSERT_EQ(0, __av_run(vcpu.fd));
	ASSERT_EQ(ARMVCPU_EXIT_HYPERCALL, vcpu.run->exit_reason)
		TH_LOG("exit %s", av_exit_name(vcpu.run->exit_reason));
	now = av_get_reg(&vcpu, ARMVCPU_REG_PSTATE);
	/* Bits of features the CPU lacks read back as 0; the rest stay. */
	EXPECT_EQ(0xf00003c5ULL, now & 0xf00003ffULL);
	EXPECT_EQ(0, now & ~pstate);
	/* Whatever the guest now holds must enter again. */
	ASSERT_EQ(0, __av_run(vcpu.fd));
	EXPECT_NE(ARMVCPU_EXIT_FAIL_ENTRY, vcpu.run->exit_reason);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
