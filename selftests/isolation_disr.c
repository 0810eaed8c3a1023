// SPDX-License-Identifier: GPL-2.0
/*
 * DISR_EL1 belongs to the vCPU. On a CPU with FEAT_RAS, with
 * HCR_EL2.AMO set, a guest's DISR_EL1 is VDISR_EL2, where an ESB also
 * records a deferred virtual SError; nothing traps it. Two vCPUs take
 * turns on one CPU: what one writes must not be what the other reads,
 * and must still be there when it comes back. Without FEAT_RAS the
 * register does not exist (UNDEF) and the test is skipped.
 * isolation_disr_guest.S.
 */
#include <sched.h>

#include "kselftest_harness.h"
#include "exits_util.h"

#define DISR_A		0x80000000ULL	/* DISR_EL1.A: an SError was deferred */

/* The first report of @v: DISR_EL1, or -1 if the access was UNDEFINED. */
static long long first_report(struct __test_metadata *_metadata,
			      struct av_vcpu *v)
{
	__u64 arg, code = av_run_ucall(v, &arg);

	if (code == AV_UCALL_EXC)
		return -1;
	EXPECT_EQ(AV_UCALL_SYNC, code);
	return arg;
}

TEST(disr_is_switched_with_the_vcpu)
{
	struct av_vcpu v0, v1;
	long long mine;
	struct av_vm vm;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));
	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &v0, 0);
	av_vcpu_create(&vm, &v1, 1);
	AV_LOAD_GUEST(&vm, &v0, isolation_disr);
	av_set_reg(&v1, ARMVCPU_REG_PC, AV_GUEST_ENTRY);
	av_set_reg(&v0, ARMVCPU_REG_X(19), DISR_A);

	mine = first_report(_metadata, &v0);
	if (mine < 0)
		SKIP(goto out, "no FEAT_RAS: DISR_EL1 is UNDEFINED");
	/* What the CPU keeps of it; the rest of the test needs something. */
	ASSERT_NE(0, mine);
	/* The other vCPU, next on the same CPU, starts with its own 0. */
	EXPECT_EQ(0, first_report(_metadata, &v1));
	/* And the first one finds its value again. */
	EXPECT_EQ(mine, ex_expect_sync(&v0));
	EXPECT_EQ(0, ex_expect_sync(&v1));
	av_run_to_done(&v0);
	av_run_to_done(&v1);
out:
	av_vcpu_destroy(&v0);
	av_vcpu_destroy(&v1);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
