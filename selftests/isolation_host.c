// SPDX-License-Identifier: GPL-2.0
/*
 * What a guest does never reaches the host: its writes to TPIDR_EL1,
 * VBAR_EL1, SCTLR_EL1, TTBR0/1_EL1, TCR_EL1, MAIR_EL1, CONTEXTIDR_EL1,
 * CNTKCTL_EL1, CSSELR_EL1, TPIDR_EL0, TPIDRRO_EL0, its breakpoint and
 * watchpoint 0 (switched in by MDSCR_EL1.MDE) leave the host CPU's own
 * values (read through the module's debugfs file host_sysregs on the
 * same CPU, before and after) unchanged while the guest keeps its own; the
 * host kernel's memory reads as MMIO, not as its contents; a guest SMC
 * SYSTEM_RESET and CPU_SUSPEND leave the host running.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "exits_util.h"

#define HOST_SYSREGS	"/sys/kernel/debug/armvcpu/host_sysregs"
#define MAX_REGS	32

struct host_regs {
	int cpu;
	int n;
	char name[MAX_REGS][32];
	unsigned long long val[MAX_REGS];
};

static int read_host_regs(struct host_regs *r)
{
	FILE *f = fopen(HOST_SYSREGS, "r");

	if (!f)
		return -1;
	memset(r, 0, sizeof(*r));
	if (fscanf(f, "cpu %d\n", &r->cpu) != 1) {
		fclose(f);
		return -1;
	}
	while (r->n < MAX_REGS &&
	       fscanf(f, "%31s 0x%llx\n", r->name[r->n], &r->val[r->n]) == 2)
		r->n++;
	fclose(f);
	return 0;
}

static unsigned long long reg(const struct host_regs *r, const char *name)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->name[i], name))
			return r->val[i];
	return 0;
}

/* A page of the host kernel's data, outside the guest's RAM. */
static __u64 host_kernel_page(void)
{
	unsigned long long start, end, pick = 0;
	char line[256];
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "Kernel data") &&
		    sscanf(line, " %llx-%llx", &start, &end) == 2)
			pick = (end & ~0xfffULL) - 0x1000;
	fclose(f);
	if (pick >= AV_RAM_BASE && pick < AV_RAM_BASE + AV_RAM_SIZE)
		return 0;
	return pick;
}

static double uptime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const struct {
	const char *name;
	unsigned long long guest;
} written[] = {
	{ "tpidr_el1", 0xdeadbeefcafe0001ULL },
	{ "vbar_el1", 0x40090000ULL },
	{ "sctlr_el1", 0x34d5c800ULL },
	{ "ttbr0_el1", 0x0000123456789000ULL },
	{ "ttbr1_el1", 0x0001abcdef012000ULL },
	{ "tcr_el1", 0x00000032b5193519ULL },
	{ "mair_el1", 0x1122334455667788ULL },
	{ "contextidr_el1", 0x4242ULL },
	{ "cntkctl_el1", 0x303ULL },
	{ "csselr_el1", 2ULL },
	{ "tpidr_el0", 0x7070707070707070ULL },
	{ "tpidrro_el0", 0x7171717171717171ULL },
	/* Disabled (E clear), but switched in: MDSCR_EL1.MDE is set. */
	{ "dbgbvr0_el1", 0x40081000ULL },
	{ "dbgbcr0_el1", 0x1e6ULL },
	{ "dbgwvr0_el1", 0x40082000ULL },
	{ "dbgwcr0_el1", 0x1fe6ULL },
};

TEST(guest_writes_never_reach_the_host)
{
	struct host_regs before, after;
	struct av_vcpu vcpu;
	struct av_vm vm;
	cpu_set_t set;
	__u64 kpage, data;
	long online;
	double t0;
	unsigned int i;
	int cpu;

	kpage = host_kernel_page();
	ASSERT_NE(0, kpage) TH_LOG("no host kernel page in /proc/iomem");

	/* The guest runs where the host's registers are read. */
	cpu = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 1 : 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));
	ASSERT_EQ(0, read_host_regs(&before))
		TH_LOG("cannot read %s", HOST_SYSREGS);
	ASSERT_EQ(cpu, before.cpu);

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, isolation_host);
	av_set_reg(&vcpu, ARMVCPU_REG_X(20), kpage);

	EXPECT_EQ(1, ex_expect_sync(&vcpu));
	ASSERT_EQ(0, read_host_regs(&after));
	ASSERT_EQ(cpu, after.cpu);
	ASSERT_EQ(before.n, after.n);
	for (i = 0; i < (unsigned int)before.n; i++)
		EXPECT_EQ(before.val[i], after.val[i])
			TH_LOG("host %s changed", before.name[i]);
	for (i = 0; i < ARRAY_SIZE(written); i++)
		EXPECT_NE(written[i].guest, reg(&after, written[i].name))
			TH_LOG("host %s holds the guest's value",
			       written[i].name);

	/* ... while the guest kept its own across the exits. */
	for (i = 0; i < ARRAY_SIZE(written); i++)
		EXPECT_EQ(written[i].guest, ex_expect_sync(&vcpu))
			TH_LOG("guest %s", written[i].name);

	/* Host kernel memory is not guest memory: an MMIO exit. */
	ex_expect_exit(&vcpu, ARMVCPU_EXIT_MMIO);
	EXPECT_EQ(kpage, vcpu.run->mmio.phys_addr);
	EXPECT_EQ(0, vcpu.run->mmio.is_write);
	data = 0x5a5a5a5a5a5a5a5aULL;
	memcpy(vcpu.run->mmio.data, &data, 8);
	EXPECT_EQ(data, ex_expect_sync(&vcpu));
	ex_expect_exit(&vcpu, ARMVCPU_EXIT_MMIO_NISV);
	EXPECT_EQ(kpage, vcpu.run->mmio_nisv.ipa);
	av_set_reg(&vcpu, ARMVCPU_REG_PC,
		   av_get_reg(&vcpu, ARMVCPU_REG_PC) + 4);

	/* SYSTEM_RESET: an exit; the machine (and this test) goes on. */
	online = sysconf(_SC_NPROCESSORS_ONLN);
	t0 = uptime();
	ex_expect_exit(&vcpu, ARMVCPU_EXIT_SYSTEM_RESET);
	usleep(100000);
	EXPECT_LT(t0, uptime());
	/* CPU_SUSPEND answered in the kernel; every CPU still online. */
	EXPECT_EQ(0, ex_expect_sync(&vcpu));
	EXPECT_EQ(online, sysconf(_SC_NPROCESSORS_ONLN));
	av_run_to_done(&vcpu);

	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
