// SPDX-License-Identifier: GPL-2.0
/*
 * An exception EL2 takes from EL2 (a hypervisor bug, provoked here through
 * debugfs) never hangs: EL2 records it and returns to the host, which
 * reports it once and refuses guests on every CPU until armvcpu is
 * reloaded.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"
#include "el2_util.h"

/* ESR_EL2 of the BRK #0xa7c the test call executes: EC 0x3c, IL. */
#define TEST_FAULT_ESR	"ESR 0xf2000a7c"

FIXTURE(fault) {
	int unused;
};

FIXTURE_SETUP(fault)
{
	ASSERT_TRUE(el2_module_loaded());
}

/* Whatever failed, the next test finds a fresh module, not a broken one. */
FIXTURE_TEARDOWN(fault)
{
	struct el2_ping p;

	if (el2_module_loaded() && (el2_ping(&p) || p.broken))
		el2_rmmod();
	if (!el2_module_loaded())
		el2_insmod();
}

TEST_F(fault, reported_once_then_guests_refused_until_reload)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	int cpu = cpus[nr - 1], mark, i;
	char want[80], *log;
	struct el2_ping p;

	mark = el2_kmsg_mark();
	ASSERT_LE(0, mark);
	ASSERT_EQ(0, el2_fault(cpu));
	log = el2_kmsg_since(mark);
	ASSERT_NE(NULL, log);
	snprintf(want, sizeof(want),
		 "armvcpu: EL2 took an exception from EL2 on CPU%d", cpu);
	EXPECT_EQ(1, el2_count(log, want)) TH_LOG("log: %s", log);
	EXPECT_EQ(1, el2_count(log, TEST_FAULT_ESR)) TH_LOG("log: %s", log);
	free(log);

	/* EL2 still answers everywhere, but no CPU takes guests any more. */
	ASSERT_EQ(0, el2_ping(&p));
	EXPECT_EQ(1, p.broken);
	ASSERT_EQ(nr, p.nr);
	for (i = 0; i < p.nr; i++) {
		EXPECT_TRUE(p.cpu[i].ok);
		EXPECT_FALSE(p.cpu[i].ready);
	}

	/* Reported once: a second fault adds nothing to the log. */
	mark = el2_kmsg_mark();
	ASSERT_EQ(0, el2_fault(cpus[0]));
	log = el2_kmsg_since(mark);
	EXPECT_EQ(0, el2_count(log, "EL2 took an exception")) TH_LOG("log: %s", log);
	free(log);

	/* A reload starts afresh. */
	ASSERT_EQ(0, el2_rmmod());
	ASSERT_EQ(0, el2_insmod());
	ASSERT_EQ(0, el2_ping(&p));
	EXPECT_EQ(0, p.broken);
	for (i = 0; i < p.nr; i++)
		EXPECT_TRUE(p.cpu[i].ok && p.cpu[i].ready);
}

TEST_HARNESS_MAIN
