// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU that goes offline and online again comes back through the
 * kernel's entry code with the stub at EL2; armvcpu takes it again (cpuhp)
 * before anything else runs there.
 */
#include "kselftest_harness.h"
#include "el2_util.h"

static void expect_all_ok(struct __test_metadata *_metadata, int absent)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	struct el2_ping p;
	int i;

	ASSERT_EQ(0, el2_ping(&p));
	EXPECT_EQ(0, p.broken);
	ASSERT_EQ(nr, p.nr);
	for (i = 0; i < nr; i++) {
		const struct el2_cpu_ping *c = el2_ping_cpu(&p, cpus[i]);

		ASSERT_NE(NULL, c);
		EXPECT_TRUE(c->ok && c->ready) TH_LOG("cpu%d answered %#lx",
						      cpus[i], c->answer);
	}
	if (absent >= 0)
		EXPECT_EQ(NULL, el2_ping_cpu(&p, absent));
}

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
		expect_all_ok(_metadata, cpus[i]);
		ASSERT_EQ(0, el2_cpu_set_online(cpus[i], true));
		expect_all_ok(_metadata, -1);
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
	expect_all_ok(_metadata, -1);
	for (i = nr - 1; i >= 0; i--)
		if (cpus[i])
			ASSERT_EQ(0, el2_cpu_set_online(cpus[i], true));
	expect_all_ok(_metadata, -1);
}

TEST_HARNESS_MAIN
