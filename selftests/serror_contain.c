// SPDX-License-Identifier: GPL-2.0
/*
 * SError containment at the world switch: what is pending for the host
 * before an entry stays the host's (EL2 checks ISR_EL1 and returns before
 * loading anything of the guest), and an SError the guest caused that is
 * still in flight at its exit is the guest's (an SError exit, not a host
 * panic). QEMU raises no physical SError, so debugfs el2_test's hooks
 * stand in: isr_pending makes an interrupt pending for the host before
 * the entry (ISR_EL1.I, checked by the same instruction as ISR_EL1.A),
 * serror_exit puts a deferred SError in DISR_EL1 at the exit (FEAT_RAS
 * only, the -cpu max boot).
 */
#include "kselftest_harness.h"
#include "el2_util.h"
#include "exits_util.h"

/* ESR of the SError exit: EC 0x2f, ISS from CTX_TEST_DISR (hyp/ctx.h). */
#define TEST_SERROR_ESR		0xbd000123ULL

FIXTURE(serror) {
	struct av_vm vm;
	struct av_vcpu vcpu;
};

FIXTURE_SETUP(serror)
{
	av_vm_create_with_ram(&self->vm);
	av_vcpu_create(&self->vm, &self->vcpu, 0);
	AV_LOAD_GUEST(&self->vm, &self->vcpu, serror_contain);
}

FIXTURE_TEARDOWN(serror)
{
	el2_test_set("isr_pending", 0);
	el2_test_set("serror_exit", 0);
	av_vcpu_destroy(&self->vcpu);
	av_vm_destroy(&self->vm);
}

/*
 * Each entry made with an interrupt pending is refused, the host takes
 * the interrupt, and the guest goes on where it was.
 */
TEST_F(serror, pending_for_host_refuses_entry)
{
	long before = el2_test_get("entry_refused");
	__u64 i;

	ASSERT_LE(0, before);
	EXPECT_EQ(1, ex_expect_sync(&self->vcpu));
	ASSERT_EQ(0, el2_test_set("isr_pending", 5));
	for (i = 2; i < 10; i++)
		EXPECT_EQ(i, ex_expect_sync(&self->vcpu));
	EXPECT_EQ(0, el2_test_get("isr_pending"));
	EXPECT_LE(before + 5, el2_test_get("entry_refused"));
}

/*
 * A guest SError deferred by the exit's ESB turns the exit (here a
 * ucall's MMIO write) into an SError exit with its syndrome; DISR_EL1 is
 * cleared, so the next RUN replays the ucall normally.
 */
TEST_F(serror, deferred_at_exit_is_the_guests)
{
	struct armvcpu_run *run = self->vcpu.run;

	if (el2_test_get("ras") != 1)
		SKIP(return, "no FEAT_RAS: no DISR_EL1 to defer into");
	EXPECT_EQ(1, ex_expect_sync(&self->vcpu));
	ASSERT_EQ(0, el2_test_set("serror_exit", 1));
	ex_expect_exit(&self->vcpu, ARMVCPU_EXIT_INTERNAL_ERROR);
	EXPECT_EQ(TEST_SERROR_ESR, run->internal_error.esr);
	EXPECT_EQ(0, el2_test_get("serror_exit"));
	EXPECT_EQ(2, ex_expect_sync(&self->vcpu));
	EXPECT_EQ(3, ex_expect_sync(&self->vcpu));
}

TEST_HARNESS_MAIN
