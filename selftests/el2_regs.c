// SPDX-License-Identifier: GPL-2.0
/*
 * The host runs with exactly the EL2 registers the kernel left (HCR_EL2,
 * VTTBR_EL2, CPTR_EL2, MDCR_EL2, CNTHCTL_EL2, ...) whenever no guest is
 * loaded: after the take-over, after guests ran on every CPU, and after
 * a reload, which hands them back and finds them again unchanged.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "el2_util.h"
#include "armvcpu_util.h"

#define NR_REGS		10

struct cpu_regs {
	int cpu;
	unsigned long long saved[NR_REGS], now[NR_REGS];
};

/* Parses EL2_DEBUGFS/el2_regs; returns the number of CPUs or -1. */
static int read_regs(struct cpu_regs *r, int max)
{
	char line[512];
	int nr = 0, i, off, n;
	FILE *f = fopen(EL2_DEBUGFS "/el2_regs", "re");

	if (!f)
		return -1;
	while (nr < max && fgets(line, sizeof(line), f)) {
		char *p = line;

		if (sscanf(p, "cpu%d saved%n", &r[nr].cpu, &off) != 1)
			continue;
		p += off;
		for (i = 0; i < NR_REGS; i++, p += n)
			if (sscanf(p, " %llx%n", &r[nr].saved[i], &n) != 1)
				goto bad;
		if (strncmp(p, " now", 4))
			goto bad;
		p += 4;
		for (i = 0; i < NR_REGS; i++, p += n)
			if (sscanf(p, " %llx%n", &r[nr].now[i], &n) != 1)
				goto bad;
		nr++;
	}
	fclose(f);
	return nr;
bad:
	fclose(f);
	return -1;
}

static const char * const names[NR_REGS] = {
	"HCR", "VTTBR", "VTCR", "CPTR", "MDCR", "CNTHCTL", "CNTVOFF", "HSTR",
	"VPIDR", "VMPIDR",
};

static void expect_host_regs(struct __test_metadata *_metadata)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	struct cpu_regs r[EL2_MAX_CPUS];
	int n = read_regs(r, EL2_MAX_CPUS), c, i;

	ASSERT_EQ(nr, n);
	for (c = 0; c < n; c++)
		for (i = 0; i < NR_REGS; i++)
			EXPECT_EQ(r[c].saved[i], r[c].now[i])
				TH_LOG("cpu%d %s_EL2: kernel left %#llx, host runs with %#llx",
				       r[c].cpu, names[i], r[c].saved[i],
				       r[c].now[i]);
}

TEST(host_runs_with_the_kernels_el2_regs)
{
	ASSERT_TRUE(el2_module_loaded());
	expect_host_regs(_metadata);
}

/* A guest that exits to userspace once, then says it is done. */
TEST(still_so_after_guests_ran_on_every_cpu)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS), c;
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 arg;

	if (access("/dev/armvcpu", R_OK | W_OK))
		SKIP(return, "no /dev/armvcpu");
	for (c = 0; c < nr; c++) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpus[c], &set);
		ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));
		av_vm_create_with_ram(&vm);
		av_vcpu_create(&vm, &vcpu, 0);
		AV_LOAD_GUEST(&vm, &vcpu, el2_regs);
		EXPECT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &arg));
		EXPECT_EQ(0xe12, arg);
		av_run_to_done(&vcpu);
		av_vcpu_destroy(&vcpu);
		av_vm_destroy(&vm);
	}
	expect_host_regs(_metadata);
}

/* Hand-back restores them; the next take-over finds the same values. */
TEST(unchanged_across_reload)
{
	struct cpu_regs before[EL2_MAX_CPUS], after[EL2_MAX_CPUS];
	int n = read_regs(before, EL2_MAX_CPUS), c, i;

	ASSERT_LT(0, n);
	ASSERT_EQ(0, el2_rmmod());
	ASSERT_EQ(0, el2_insmod());
	ASSERT_EQ(n, read_regs(after, EL2_MAX_CPUS));
	for (c = 0; c < n; c++) {
		ASSERT_EQ(before[c].cpu, after[c].cpu);
		for (i = 0; i < NR_REGS; i++)
			EXPECT_EQ(before[c].saved[i], after[c].saved[i])
				TH_LOG("cpu%d %s_EL2: %#llx before, %#llx after",
				       before[c].cpu, names[i],
				       before[c].saved[i], after[c].saved[i]);
	}
	expect_host_regs(_metadata);
}

TEST_HARNESS_MAIN
