// SPDX-License-Identifier: GPL-2.0
/*
 * The host's own watchpoint (perf, PERF_TYPE_BREAKPOINT, on a variable of
 * this process) goes on counting while a guest with breakpoints of its
 * own runs on the same thread and CPU, and the guest never reads the
 * host's values: trapped, or with the registers switched in
 * (debug_hw_host_guest.S).
 */
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest_harness.h"
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

static int host_watchpoint(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_BREAKPOINT,
		.size = sizeof(attr),
		.bp_type = HW_BREAKPOINT_W,
		.bp_addr = (unsigned long)&host_var,
		.bp_len = HW_BREAKPOINT_LEN_8,
		.exclude_kernel = 1,
		.exclude_hv = 1,
	};

	return syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
}

static __u64 count_of(int fd)
{
	__u64 n = 0;

	if (read(fd, &n, sizeof(n)) != sizeof(n))
		return ~0ULL;
	return n;
}

TEST(host_watchpoint_survives_guest_breakpoints)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	struct ex_exc e;
	unsigned int i;
	__u64 var;
	int fd;

	fd = host_watchpoint();
	ASSERT_LE(0, fd) TH_LOG("perf_event_open: %s", strerror(errno));
	host_write(1);
	ASSERT_EQ(1, count_of(fd));

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
		ex_expect_exc(&vcpu, &e);
		EXPECT_EQ(EC_WATCHPT_CUR, EC(e.esr)) TH_LOG("ESR %#llx", e.esr);
		EXPECT_EQ(var, e.far);
	}
	av_run_to_done(&vcpu);
	host_write(0);
	EXPECT_EQ(2 + ROUNDS, count_of(fd));

	close(fd);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
