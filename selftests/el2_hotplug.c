// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU that goes offline and online again comes back through the
 * kernel's entry code with the stub at EL2; armvcpu takes it again (cpuhp)
 * before anything else runs there.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>

#include "kselftest_harness.h"
#include "el2_util.h"

TEST(offline_online_each_secondary)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	int i;

	if (nr < 2)
		SKIP(return, "needs a secondary CPU");
	for (i = 0; i < nr; i++) {
		if (cpus[i] == 0)
			continue;
		ASSERT_EQ(0, el2_cpu_set_online(cpus[i], false));
		EL2_EXPECT_ALL_OK(cpus[i]);
		ASSERT_EQ(0, el2_cpu_set_online(cpus[i], true));
		EL2_EXPECT_ALL_OK(-1);
	}
}

/* All secondaries down at once, then up in reverse order. */
TEST(all_secondaries_down_and_up)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	int i;

	if (nr < 2)
		SKIP(return, "needs a secondary CPU");
	for (i = 0; i < nr; i++)
		if (cpus[i])
			ASSERT_EQ(0, el2_cpu_set_online(cpus[i], false));
	EL2_EXPECT_ALL_OK(-1);
	for (i = nr - 1; i >= 0; i--)
		if (cpus[i])
			ASSERT_EQ(0, el2_cpu_set_online(cpus[i], true));
	EL2_EXPECT_ALL_OK(-1);
}

/*
 * A CPU armvcpu cannot take when it comes online is refused: the online
 * request fails and the CPU never becomes active (the kernel's rollback
 * may leave it at its hotplug idle state, where only per-CPU kernel
 * threads run), so no vCPU thread can be scheduled where RUN could not
 * enter a guest. The test parameter test_fail_online_cpu makes that
 * CPU's take-over itself fail (INIT done, then handed back to the stub as
 * after a failed INIT), so what is tested is the online callback's answer
 * to a failed take: a callback that let the CPU online anyway fails here.
 */
TEST(cpu_without_el2_stays_offline)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	cpu_set_t only;
	char val[16];
	int cpu;

	if (nr < 2 || cpus[nr - 1] == 0)
		SKIP(return, "needs a secondary CPU");
	cpu = cpus[nr - 1];
	ASSERT_EQ(0, el2_cpu_set_online(cpu, false));
	snprintf(val, sizeof(val), "%d", cpu);
	ASSERT_EQ(0, el2_set_param("test_fail_online_cpu", val));
	EXPECT_EQ(-EIO, el2_cpu_set_online(cpu, true));
	CPU_ZERO(&only);
	CPU_SET(cpu, &only);
	EXPECT_EQ(-1, sched_setaffinity(0, sizeof(only), &only))
		TH_LOG("a thread could run on CPU%d without EL2", cpu);
	EXPECT_EQ(EINVAL, errno);

	ASSERT_EQ(0, el2_set_param("test_fail_online_cpu", "-1"));
	ASSERT_EQ(0, el2_cpu_set_online(cpu, true));
	EL2_EXPECT_ALL_OK(-1);
}

TEST_HARNESS_MAIN
