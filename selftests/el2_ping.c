// SPDX-License-Identifier: GPL-2.0
/*
 * armvcpu owns EL2 on every online CPU, and keeps answering the hyp stub's
 * ABI there as the stub would (Documentation/el2.rst).
 */
#include <errno.h>
#include <stdlib.h>

#include "kselftest_harness.h"
#include "el2_util.h"

/* Every online CPU answers the ping from its own EL2 code and data. */
TEST(every_online_cpu_answers)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	struct el2_ping p;
	int i, j;

	ASSERT_TRUE(el2_module_loaded());
	ASSERT_GT(nr, 0);
	ASSERT_EQ(0, el2_ping(&p));
	EXPECT_EQ(0, p.broken);
	ASSERT_EQ(nr, p.nr);
	for (i = 0; i < nr; i++) {
		const struct el2_cpu_ping *c = el2_ping_cpu(&p, cpus[i]);

		ASSERT_NE(NULL, c);
		EXPECT_TRUE(c->ok)
			TH_LOG("cpu%d answered %#lx", c->cpu, c->answer);
		EXPECT_EQ(EL2_HVC_PING_MAGIC, c->answer);
		EXPECT_EQ(2, c->el);
		EXPECT_TRUE(c->ready);
		/* Each CPU has its own MPIDR and its own EL2 struct + stack. */
		for (j = 0; j < i; j++) {
			EXPECT_NE(p.cpu[j].mpidr, c->mpidr);
			EXPECT_NE(p.cpu[j].hyp_cpu, c->hyp_cpu);
		}
	}
}

/* Unknown ids, HVC_FINALISE_EL2 and a second INIT: HVC_STUB_ERR. */
TEST(stub_errors_kept)
{
	static const unsigned long ids[] = {
		EL2_HVC_FINALISE_EL2, 4, 0x1234, 0xc6000000UL,
		0x84000000UL, EL2_HVC_INIT, ~0UL,
	};
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	unsigned long answer;
	unsigned int i;
	int c;

	for (c = 0; c < nr; c++) {
		for (i = 0; i < ARRAY_SIZE(ids); i++) {
			ASSERT_EQ(0, el2_hvc(cpus[c], ids[i], &answer));
			EXPECT_EQ(EL2_HVC_STUB_ERR, answer)
				TH_LOG("cpu%d id %#lx", cpus[c], ids[i]);
		}
		ASSERT_EQ(0, el2_hvc(cpus[c], EL2_HVC_PING, &answer));
		EXPECT_EQ(EL2_HVC_PING_MAGIC, answer);
	}
}

/* Calls that could corrupt the host are not reachable from debugfs. */
TEST(dangerous_ids_refused)
{
	unsigned long answer;

	EXPECT_EQ(-EPERM, el2_hvc(0, 1 /* HVC_SOFT_RESTART */, &answer));
	EXPECT_EQ(-EPERM, el2_hvc(0, 0xa7c00002UL /* VCPU_RUN */, &answer));
	EXPECT_EQ(-EINVAL, el2_hvc(100000, EL2_HVC_PING, &answer));
}

/*
 * HVC_RESET_VECTORS, or HVC_SET_VECTORS (el2_hvc passes the kernel's own
 * __hyp_stub_vectors), from anyone hands that CPU back to the stub, as the
 * stub ABI says; armvcpu then refuses guests there until it takes the CPU
 * again, which CPU hotplug does.
 */
static void hand_one_cpu_back(struct __test_metadata *_metadata,
			      unsigned long id)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	int victim = cpus[nr - 1];
	const struct el2_cpu_ping *c;
	unsigned long answer;
	struct el2_ping p;

	if (nr < 2 || victim == 0)
		SKIP(return, "needs a secondary CPU");
	ASSERT_EQ(0, el2_hvc(victim, id, &answer));
	EXPECT_EQ(0, answer);

	ASSERT_EQ(0, el2_ping(&p));
	c = el2_ping_cpu(&p, victim);
	ASSERT_NE(NULL, c);
	EXPECT_FALSE(c->ok);
	EXPECT_FALSE(c->ready);
	EXPECT_EQ(EL2_HVC_STUB_ERR, c->answer);	/* the kernel's own stub */
	EXPECT_TRUE(el2_ping_cpu(&p, cpus[0])->ok);

	ASSERT_EQ(0, el2_cpu_set_online(victim, false));
	ASSERT_EQ(0, el2_cpu_set_online(victim, true));
	ASSERT_EQ(0, el2_ping(&p));
	c = el2_ping_cpu(&p, victim);
	ASSERT_NE(NULL, c);
	EXPECT_TRUE(c->ok);
	EXPECT_TRUE(c->ready);
}

FIXTURE(hand_back) {
	int unused;
};

FIXTURE_SETUP(hand_back)
{
}

/* Even after a failure, no CPU is left with the stub for later tests. */
FIXTURE_TEARDOWN(hand_back)
{
	struct el2_ping p;
	int i;

	if (el2_ping(&p))
		return;
	for (i = 0; i < p.nr; i++) {
		if (p.cpu[i].ok || !p.cpu[i].cpu)
			continue;
		el2_cpu_set_online(p.cpu[i].cpu, false);
		el2_cpu_set_online(p.cpu[i].cpu, true);
	}
}

TEST_F(hand_back, reset_vectors)
{
	hand_one_cpu_back(_metadata, EL2_HVC_RESET_VECTORS);
}

TEST_F(hand_back, set_vectors)
{
	hand_one_cpu_back(_metadata, EL2_HVC_SET_VECTORS);
}

TEST_HARNESS_MAIN
