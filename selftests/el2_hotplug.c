// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU that goes offline and online again comes back through the
 * kernel's entry code with the stub at EL2; armvcpu takes it again (cpuhp)
 * before anything else runs there.
 */
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

TEST_HARNESS_MAIN
