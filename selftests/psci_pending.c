// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU_ON the VMM never completes must not leave its target ON_PENDING
 * for good. vCPU 0 calls CPU_ON(vCPU 1) and gets a CPU_UP exit; vCPU 2
 * sees the target ON_PENDING. Then the completion is dropped: vCPU 0's PC
 * is written (a reset), an abort is injected in its place, or vCPU 0 is
 * closed. vCPU 2 must then see the target OFF again, and its own CPU_ON
 * of it must become a CPU_UP exit, not ON_PENDING. psci_pending_guest.S.
 */
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define ON_PENDING	-5ULL
#define AFF_OFF		1
#define AFF_ON_PENDING	2

enum drop { DROP_SET_PC, DROP_INJECT_ABORT, DROP_CLOSE };

/* One AFFINITY_INFO, one CPU_ON: their results, or 0 for a CPU_UP exit. */
static void observe(struct __test_metadata *_metadata, struct av_vcpu *v,
		    __u64 want_aff, __u64 want_on, const char *when)
{
	av_set_reg(v, ARMVCPU_REG_PC, AV_GUEST_ENTRY);
	EXPECT_EQ(want_aff, av_expect_ucall(v, AV_UCALL_SYNC))
		TH_LOG("AFFINITY_INFO %s", when);
	if (want_on) {
		EXPECT_EQ(want_on, av_expect_ucall(v, AV_UCALL_SYNC))
			TH_LOG("CPU_ON %s", when);
		return;
	}
	ASSERT_EQ(0, __av_run(v->fd));
	EXPECT_EQ(ARMVCPU_EXIT_CPU_UP, v->run->exit_reason)
		TH_LOG("CPU_ON %s: exit %s", when,
		       av_exit_name(v->run->exit_reason));
}

static void dropped_completion(struct __test_metadata *_metadata,
			       enum drop how)
{
	struct armvcpu_abort abort = { .type = ARMVCPU_ABORT_DATA };
	struct av_vcpu caller, target, observer;
	struct av_vm vm;
	__u64 arg;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &caller, 0);
	av_vcpu_create(&vm, &target, 1);
	av_vcpu_create(&vm, &observer, 2);
	AV_LOAD_GUEST(&vm, &caller, psci_pending);

	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&caller, &arg));
	EXPECT_EQ(AFF_OFF, arg);
	ASSERT_EQ(0, __av_run(caller.fd));
	ASSERT_EQ(ARMVCPU_EXIT_CPU_UP, caller.run->exit_reason);
	observe(_metadata, &observer, AFF_ON_PENDING, ON_PENDING, "pending");

	switch (how) {
	case DROP_SET_PC:
		av_set_reg(&caller, ARMVCPU_REG_PC, AV_GUEST_ENTRY);
		break;
	case DROP_INJECT_ABORT:
		ASSERT_EQ(0, ioctl(caller.fd, ARMVCPU_INJECT_ABORT, &abort));
		break;
	case DROP_CLOSE:
		av_vcpu_destroy(&caller);
		break;
	}
	observe(_metadata, &observer, AFF_OFF, 0, "after the drop");

	if (how != DROP_CLOSE)
		av_vcpu_destroy(&caller);
	av_vcpu_destroy(&target);
	av_vcpu_destroy(&observer);
	av_vm_destroy(&vm);
}

TEST(set_pc_rolls_back)
{
	dropped_completion(_metadata, DROP_SET_PC);
}

TEST(inject_abort_rolls_back)
{
	dropped_completion(_metadata, DROP_INJECT_ABORT);
}

TEST(close_rolls_back)
{
	dropped_completion(_metadata, DROP_CLOSE);
}

TEST_HARNESS_MAIN
