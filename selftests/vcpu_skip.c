// SPDX-License-Identifier: GPL-2.0
/*
 * Stepping over an emulated instruction is what retiring it would do:
 * the PC moves by the instruction's length (ESR_EL2.IL), PSTATE.BTYPE
 * goes to 0 and PSTATE.SS clears, so a guest single-stepping the MMIO
 * access or MSR takes its step exception before the next instruction.
 * A guest single-stepping an MMIO store shows SS; for BTYPE too,
 * the VMM sets SS and BTYPE while a completion is pending, and
 * immediate_exit shows the state right after the completion, before the
 * guest runs again (on a CPU without BTI the guest could not even hold
 * BTYPE). And a guest that returns to AArch32 EL0, which the ID registers
 * never offered, ends RUN with FAIL_ENTRY at its first exit, as KVM does,
 * instead of having AArch32 instructions emulated by AArch64 rules.
 * vcpu_skip_guest.S.
 */
#include <errno.h>
#include <sys/personality.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define PSTATE_SS		0x200000ULL	/* bit 21 */
#define PSTATE_BTYPE		0xc00ULL	/* bits 11:10 */
#define PSTATE_MODE		0x1fULL
#define PSTATE_USR32		0x10ULL
#define PSTATE_EL1H_MASKED	0x3c5ULL

#define A32_ENTRY		(AV_GUEST_ENTRY + 0x200)
#define A32_CODE		(AV_GUEST_ENTRY + 0x240)
#define DONE_ENTRY		(AV_GUEST_ENTRY + 0x300)
#define STEP_ENTRY		(AV_GUEST_ENTRY + 0x400)
#define ESR_EC_SOFTSTEP_CUR	0x33

/*
 * The vCPU sits at an exit whose completion steps the PC: set SS and
 * BTYPE, complete it alone (immediate_exit), and check what the step did.
 */
static void complete_and_check(struct __test_metadata *_metadata,
			       struct av_vcpu *vcpu, const char *what)
{
	__u64 pc = av_get_reg(vcpu, ARMVCPU_REG_PC);
	__u64 pstate = av_get_reg(vcpu, ARMVCPU_REG_PSTATE);

	av_set_reg(vcpu, ARMVCPU_REG_PSTATE,
		   pstate | PSTATE_SS | PSTATE_BTYPE);
	vcpu->run->immediate_exit = 1;
	EXPECT_EQ(-EINTR, __av_run(vcpu->fd)) TH_LOG("%s", what);
	vcpu->run->immediate_exit = 0;
	EXPECT_EQ(pc + 4, av_get_reg(vcpu, ARMVCPU_REG_PC)) TH_LOG("%s", what);
	EXPECT_EQ(pstate & ~(PSTATE_SS | PSTATE_BTYPE),
		  av_get_reg(vcpu, ARMVCPU_REG_PSTATE)) TH_LOG("%s", what);
}

TEST(completion_clears_ss_and_btype)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 arg;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, vcpu_skip);

	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &arg));
	complete_and_check(_metadata, &vcpu, "MMIO write");

	ASSERT_EQ(0, __av_run(vcpu.fd));
	ASSERT_EQ(ARMVCPU_EXIT_SYSREG, vcpu.run->exit_reason)
		TH_LOG("exit %s", av_exit_name(vcpu.run->exit_reason));
	complete_and_check(_metadata, &vcpu, "MRS ACTLR_EL1");

	EXPECT_EQ(2, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

/*
 * The guest single-steps an MMIO store (the ucall). Once the exit is
 * complete, the step has happened: the guest takes its software step
 * exception with ELR_EL1 right after the store, before the next
 * instruction runs.
 */
TEST(single_step_over_mmio)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 arg, store;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, vcpu_skip);
	av_set_reg(&vcpu, ARMVCPU_REG_PC, STEP_ENTRY);

	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &arg));
	store = av_get_reg(&vcpu, ARMVCPU_REG_PC);
	EXPECT_EQ(ESR_EC_SOFTSTEP_CUR,
		  av_expect_ucall(&vcpu, AV_UCALL_SYNC) >> 26);
	EXPECT_EQ(store + 4, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

/* RUN must fail entry, leaving the vCPU in AArch32 at the store. */
static void expect_a32_refused(struct __test_metadata *_metadata,
			       struct av_vcpu *vcpu, int step)
{
	ASSERT_EQ(0, __av_run(vcpu->fd)) TH_LOG("step %d", step);
	ASSERT_EQ(ARMVCPU_EXIT_FAIL_ENTRY, vcpu->run->exit_reason)
		TH_LOG("step %d: exit %s", step,
		       av_exit_name(vcpu->run->exit_reason));
	EXPECT_EQ(ARMVCPU_FAIL_ENTRY_BAD_PSTATE, vcpu->run->fail_entry.reason);
	EXPECT_EQ(A32_CODE, av_get_reg(vcpu, ARMVCPU_REG_PC));
	EXPECT_EQ(PSTATE_USR32,
		  av_get_reg(vcpu, ARMVCPU_REG_PSTATE) & PSTATE_MODE);
}

TEST(aarch32_el0_is_refused)
{
	struct av_vcpu vcpu;
	struct av_vm vm;

	/* arm64 refuses PER_LINUX32 where no CPU runs AArch32 EL0. */
	if (personality(PER_LINUX32) == -1)
		SKIP(return, "the CPUs have no AArch32 EL0");
	personality(PER_LINUX);

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, vcpu_skip);
	av_set_reg(&vcpu, ARMVCPU_REG_PC, A32_ENTRY);

	expect_a32_refused(_metadata, &vcpu, 1);
	/* Entry refuses it too, until the VMM resets the vCPU. */
	expect_a32_refused(_metadata, &vcpu, 2);

	av_set_reg(&vcpu, ARMVCPU_REG_PSTATE, PSTATE_EL1H_MASKED);
	av_set_reg(&vcpu, ARMVCPU_REG_PC, DONE_ENTRY);
	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
