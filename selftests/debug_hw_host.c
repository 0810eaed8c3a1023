// SPDX-License-Identifier: GPL-2.0
/*
 * The host's own watchpoint and execute breakpoint (perf,
 * PERF_TYPE_BREAKPOINT, on a variable and a function of this process, at
 * non-zero addresses) go on counting while a guest with breakpoints of
 * its own runs on the same thread and CPU, so the exit put back the
 * host's values, not zeros or the guest's; and the guest never reads
 * the host's values: trapped, or with the registers switched in
 * (debug_hw_host_guest.S).
 */
#include <linux/hw_breakpoint.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "el2_util.h"
#include "exits_util.h"

#define EC(esr)		(((esr) >> 26) & 0x3f)
#define EC_WATCHPT_CUR	0x35
#define ROUNDS		8

static __u64 host_var;

/* A store the compiler must emit: the watchpoint counts it. */
static void host_write(__u64 v)
{
	host_var = v;
	asm volatile("" ::: "memory");
}

TEST(host_watchpoint_survives_guest_breakpoints)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	struct ex_exc e;
	unsigned int i;
	int fd, bp;
	__u64 var;

	fd = el2_host_breakpoint(HW_BREAKPOINT_W, (unsigned long)&host_var,
				 HW_BREAKPOINT_LEN_8, -1);
	ASSERT_LE(0, fd) TH_LOG("perf_event_open: %s", strerror(errno));
	bp = el2_host_breakpoint(HW_BREAKPOINT_X, (unsigned long)el2_bp_target,
				 HW_BREAKPOINT_LEN_4, -1);
	ASSERT_LE(0, bp) TH_LOG("perf_event_open: %s", strerror(errno));
	host_write(1);
	ASSERT_EQ(1, el2_perf_count(fd));
	el2_bp_target();
	ASSERT_EQ(1, el2_perf_count(bp));

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, debug_hw_host);

	/* Trapped, then switched in: never the host's watchpoint. */
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, ex_expect_sync(&vcpu)) TH_LOG("register %u", i);
	EXPECT_EQ(0, ex_expect_sync(&vcpu));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, ex_expect_sync(&vcpu)) TH_LOG("register %u", i);

	var = ex_expect_sync(&vcpu);
	for (i = ROUNDS; i > 0; i--) {
		EXPECT_EQ(i, ex_expect_sync(&vcpu));
		host_write(i);
		el2_bp_target();
		ex_expect_exc(&vcpu, &e);
		EXPECT_EQ(EC_WATCHPT_CUR, EC(e.esr)) TH_LOG("ESR %#llx", e.esr);
		EXPECT_EQ(var, e.far);
	}
	av_run_to_done(&vcpu);
	host_write(0);
	EXPECT_EQ(2 + ROUNDS, el2_perf_count(fd));
	el2_bp_target();
	EXPECT_EQ(2 + ROUNDS, el2_perf_count(bp));

	close(bp);
	close(fd);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
