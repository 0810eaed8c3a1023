// SPDX-License-Identifier: GPL-2.0
/*
 * The guests of `make bench` (tools/bench/guest.S), run the way make bench
 * runs them (tools/bench/run.sh: hosttime around a VMM, 256 MiB of RAM) but
 * without -icount and without timing anything: under armvcpu-vmm and under
 * armvcpu-runner, every path must run to its end, its VMM exit 0, and the
 * guest report the iterations its loop has, no UNDEF, and the answer the
 * bench demands of armvcpu (tools/bench/table.awk's want[]: PSCI 1.1,
 * 0 or NOT_SUPPORTED for WORKAROUND_1 (as the host offers it:
 * spectre_exit checks which), NOT_SUPPORTED for an unknown hypercall, 0 for the
 * reads). make bench needs four boots and minutes; this keeps its armvcpu
 * side from breaking unnoticed between two runs of it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "kselftest_harness.h"

struct bench_path {
	const char *name;
	unsigned long long iters;
	const char *ret;	/* x0 after the first call; NULL: any */
};

static const struct bench_path paths[] = {
	{ "calib", 1000000, NULL },
	{ "psci", 10000, "0000000000010001" },
	{ "wa1", 1000000, NULL },
	{ "mmio_w", 10000, NULL },
	{ "mmio_r", 10000, "0000000000000000" },
	{ "hcall", 10000, "ffffffffffffffff" },
	{ "sysreg", 10000, "0000000000000000" },
	/* One word per page of 256 MiB, its own page skipped. */
	{ "mem", 0xffff, "000000000000ffff" },
};

struct bench_result {
	bool reported, timed;
	unsigned long long iters, ticks, undef;
	char ret[17];
	int status;
};

/* One line of a guest's or hosttime's output. */
static void bench_parse(const char *line, const char *name,
			struct bench_result *r)
{
	const char *status = strstr(line, "status=");
	char tag[16];

	if (sscanf(line, "BENCH %15s iters=0x%llx ticks=0x%llx ret=0x%16s undef=0x%llx",
		   tag, &r->iters, &r->ticks, r->ret, &r->undef) == 5 &&
	    !strcmp(tag, name))
		r->reported = true;
	if (!strncmp(line, "HOSTTIME ", 9) && status &&
	    sscanf(status, "status=%d", &r->status) == 1)
		r->timed = true;
}

/* Runs one path's guest under @vmm, as tools/bench/run.sh does. */
static int bench_run(const char *vmm, const struct bench_path *p,
		     struct bench_result *r)
{
	char cmd[256], line[512];
	FILE *f;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	snprintf(cmd, sizeof(cmd),
		 "/bench/hosttime %s -m 256 /bench/guests/%s.bin 2>&1", vmm,
		 p->name);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		bench_parse(line, p->name, r);
	return pclose(f);
}

static void bench_all(struct __test_metadata *_metadata, const char *vmm)
{
	struct bench_result r;
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		const struct bench_path *p = &paths[i];

		rc = bench_run(vmm, p, &r);
		EXPECT_TRUE(WIFEXITED(rc) && !WEXITSTATUS(rc))
			TH_LOG("%s under %s: exit %#x", p->name, vmm, rc);
		EXPECT_TRUE(r.timed) TH_LOG("%s: no HOSTTIME line", p->name);
		EXPECT_EQ(0, r.status) TH_LOG("%s under %s", p->name, vmm);
		ASSERT_TRUE(r.reported)
			TH_LOG("%s under %s: no BENCH line", p->name, vmm);
		EXPECT_EQ(p->iters, r.iters) TH_LOG("%s", p->name);
		EXPECT_NE(0, r.ticks) TH_LOG("%s", p->name);
		EXPECT_EQ(0, r.undef) TH_LOG("%s", p->name);
		if (p->ret)
			EXPECT_STREQ(p->ret, r.ret) TH_LOG("%s", p->name);
	}
}

FIXTURE(bench) {
	int unused;
};

FIXTURE_SETUP(bench)
{
}

FIXTURE_TEARDOWN(bench)
{
}

TEST_F_TIMEOUT(bench, every_path_under_armvcpu_vmm, 300)
{
	bench_all(_metadata, "/bin/armvcpu-vmm");
}

TEST_F_TIMEOUT(bench, every_path_under_armvcpu_runner, 300)
{
	bench_all(_metadata, "/bench/armvcpu-runner");
}

TEST_HARNESS_MAIN
