// SPDX-License-Identifier: GPL-2.0
/*
 * rmmod gives every CPU back to the kernel's own hyp stub, which is what
 * answers armvcpu's probe at the next insmod; 100 insmod/rmmod cycles with
 * CPU hotplug in between leave no memory behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"
#include "el2_util.h"

/*
 * What el2_mem_available_kb() moves by on its own over 200 cycles here:
 * up to 1.6 MiB. One cycle allocates ~100 KiB (blob, tables, per-CPU EL2
 * stacks), so leaking any whole part of it exceeds this after 100 cycles.
 */
#define MEM_SLACK_KB	2048
#define CYCLES		100

/*
 * insmod or rmmod, and the one summary line it must log: on every online
 * CPU the stub answered armvcpu's probe (before the take-over, or after
 * the hand-back).
 */
static void load_checked(struct __test_metadata *_metadata, bool load)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	int mark = el2_kmsg_mark();
	char want[128], *log;

	ASSERT_LE(0, mark);
	ASSERT_EQ(0, load ? el2_insmod() : el2_rmmod());
	log = el2_kmsg_since(mark);
	ASSERT_NE(NULL, log);
	snprintf(want, sizeof(want), load ?
		 "armvcpu: EL2 taken from the hyp stub on %d CPUs (stub probe answered 0xbadca11)" :
		 "armvcpu: EL2 returned to the hyp stub on %d CPUs (probe answered 0xbadca11)",
		 nr);
	EXPECT_EQ(1, el2_count(log, want)) TH_LOG("log: %s", log);
	free(log);
	EXPECT_EQ(load, el2_module_loaded());
	if (load)
		EL2_EXPECT_ALL_OK(-1);
}

static void hotplug(struct __test_metadata *_metadata, int cpu)
{
	if (cpu <= 0)
		return;
	ASSERT_EQ(0, el2_cpu_set_online(cpu, false));
	ASSERT_EQ(0, el2_cpu_set_online(cpu, true));
}

FIXTURE(reload) {
	int cpus[EL2_MAX_CPUS];
	int nr;
};

FIXTURE_SETUP(reload)
{
	self->nr = el2_online_cpus(self->cpus, EL2_MAX_CPUS);
	ASSERT_GT(self->nr, 0);
	ASSERT_TRUE(el2_module_loaded());
}

/* Whatever happened, the next test finds the module in and CPUs up. */
FIXTURE_TEARDOWN(reload)
{
	int i;

	for (i = 0; i < self->nr; i++)
		if (self->cpus[i])
			el2_cpu_set_online(self->cpus[i], true);
	if (!el2_module_loaded())
		el2_insmod();
}

TEST_F(reload, stub_answers_after_rmmod)
{
	load_checked(_metadata, false);
	load_checked(_metadata, true);
}

/*
 * All or nothing: when taking one CPU fails, the CPUs already taken go
 * back to the stub. The last online CPU fails on purpose (cpuhp takes them
 * in order); the next load then finds the stub on every CPU.
 */
TEST_F(reload, failing_cpu_rolls_back_the_others)
{
	int victim = self->cpus[self->nr - 1];
	char params[32], want[80], *log;
	int mark;

	load_checked(_metadata, false);
	snprintf(params, sizeof(params), "test_fail_cpu=%d", victim);
	mark = el2_kmsg_mark();
	ASSERT_LE(0, mark);
	EXPECT_EQ(-EIO, el2_insmod_params(params));
	log = el2_kmsg_since(mark);
	ASSERT_NE(NULL, log);
	snprintf(want, sizeof(want), "armvcpu: CPU%d: failing the take-over on purpose",
		 victim);
	EXPECT_EQ(1, el2_count(log, want)) TH_LOG("log: %s", log);
	EXPECT_EQ(1, el2_count(log, "went back to the stub")) TH_LOG("log: %s", log);
	free(log);
	EXPECT_FALSE(el2_module_loaded());
	load_checked(_metadata, true);
}

/* One cycle: unload, hotplug @cpu, load, hotplug @cpu again. */
static void cycle(struct __test_metadata *_metadata, int cpu)
{
	load_checked(_metadata, false);
	hotplug(_metadata, cpu);
	load_checked(_metadata, true);
	hotplug(_metadata, cpu);
}

TEST_F_TIMEOUT(reload, cycles_with_hotplug_leak_nothing, 900)
{
	long long base, now;
	int i;

	/*
	 * Warm-up: one cycle per secondary CPU. First-use allocations are
	 * not leaks, and a CPU's first offlining frees its per-CPU page
	 * lists, which would hide a leak if it happened inside the count.
	 */
	for (i = 1; i < self->nr || i == 1; i++)
		cycle(_metadata, self->nr > 1 ? self->cpus[i] : -1);
	base = el2_mem_available_kb();
	ASSERT_LT(0, base);

	for (i = 0; i < CYCLES && !EL2_TEST_FAILING(_metadata); i++)
		cycle(_metadata,
		      self->nr > 1 ? self->cpus[1 + i % (self->nr - 1)] : -1);
	EL2_EXPECT_ALL_OK(-1);

	now = el2_mem_available_kb();
	TH_LOG("available memory: %lld kB before, %lld kB after %d cycles", base,
	       now, CYCLES);
	EXPECT_LT(base - now, MEM_SLACK_KB);
}

TEST_HARNESS_MAIN
