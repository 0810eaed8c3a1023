// SPDX-License-Identifier: GPL-2.0
/*
 * Acceptance test of the interrupt work: the Debian arm64 kernel the rig
 * boots (/guests/vmlinuz) runs unmodified as a guest of armvcpu-vmm with
 * two vCPUs and a tiny initramfs (tools/rig/mkguestinitrd.sh). Its /init
 * prints marker lines, shows both CPUs online and running a task, reads a
 * line the test types on the VMM's stdin (the PL011's receive interrupt),
 * then powers off; the VMM must exit 0. The guest has a PMU (--pmu): its
 * driver must probe cleanly and a perf_event_open() program count cycles
 * (and instructions, where the host's PMU can). The console is echoed as
 * TAP comments, and the boot time (VMM start to /init) is reported.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define VMM		"/bin/armvcpu-vmm"
#define KERNEL		"/guests/vmlinuz"
#define INITRD		"/guests/linux-initrd.cpio.gz"
#define OUT_MAX		0x100000
#define TYPED		"typed-into-the-guest"
#define PMU_SYSFS	"/sys/bus/event_source/devices"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The boot takes about 20 s of an idle host's time under TCG, and several
 * times that on a busy one: the harness's default 30 s would fail a slow
 * host, not armvcpu. The limit is the VMM's own --timeout below.
 */
/* Can the nested kernel's own PMU count instructions? */
static bool host_counts_instructions(void)
{
	char path[512];
	struct dirent *d;
	bool found = false;
	DIR *dir;

	dir = opendir(PMU_SYSFS);
	while (dir && (d = readdir(dir)) && !found) {
		snprintf(path, sizeof(path), PMU_SYSFS "/%.64s/events/inst_retired",
			 d->d_name);
		found = !access(path, R_OK);
	}
	if (dir)
		closedir(dir);
	return found;
}

/*
 * The guest's PMU (--pmu): its driver probed without complaint, and
 * tools/rig/perfcount counted cycles, and instructions where the PMU
 * under the guest can (QEMU's TCG counts them only with -icount): those
 * of its loop, plus less than half as many again for the guest kernel's
 * and armvcpu's work on the way (a bound that a count of cycles under the
 * rig's -icount shift=1 exceeds). A boot that requires them
 * (rig_require=pmu_inst) fails without.
 */
static void check_pmu(struct __test_metadata *_metadata, const char *out)
{
	unsigned long long cycles = 0, instr = 0, iters = 0, per = 0, want;
	const char *perf = strstr(out, "ARMVCPU-GUEST-PERF cycles=");
	const char *lp;
	int got;

	EXPECT_NE(NULL, strstr(out, "hw perfevents: enabled with"));
	EXPECT_EQ(NULL, strstr(out, "hw perfevents: failed"));
	EXPECT_EQ(NULL, strstr(out, "hw perfevents: unable"));
	ASSERT_NE(NULL, perf);
	got = sscanf(perf, "ARMVCPU-GUEST-PERF cycles=%llu", &cycles);
	EXPECT_EQ(1, got);
	EXPECT_NE(0, cycles);
	if (av_rig_requires("pmu_inst"))
		ASSERT_TRUE(host_counts_instructions())
			TH_LOG("this boot requires inst_retired: is QEMU under -icount?");
	if (host_counts_instructions()) {
		ASSERT_NE(NULL, strstr(perf, "instructions="));
		got = sscanf(strstr(perf, "instructions="), "instructions=%llu",
			     &instr);
		EXPECT_EQ(1, got);
		lp = strstr(perf, " loop=");
		ASSERT_NE(NULL, lp);
		got = sscanf(lp, " loop=%llux%llu", &iters, &per);
		ASSERT_EQ(2, got);
		want = iters * per;
		ASSERT_NE(0, want);
		EXPECT_GE(instr, want);
		EXPECT_LT(instr, want + want / 2);
	} else {
		ksft_print_msg("the host's PMU does not count instructions: the guest's cannot\n");
		EXPECT_NE(NULL, strstr(perf, "instructions=unsupported"));
	}
}

FIXTURE(boot) {};
FIXTURE_SETUP(boot) {}
FIXTURE_TEARDOWN(boot) {}

TEST_F_TIMEOUT(boot, debian_kernel_two_vcpus, 660)
{
	static const char * const argv[] = {
		VMM, "-c", "2", "-m", "256M", "--timeout", "600", "--pmu",
		"--initrd", INITRD,
		"--append", "console=ttyAMA0 panic=-1 loglevel=4",
		KERNEL, NULL,
	};
	static char out[OUT_MAX];
	double start, t_init = -1;
	size_t len = 0, i, j;
	int fds[2], in[2], status;
	char *line, *nl;
	ssize_t n;
	pid_t pid;

	ASSERT_EQ(0, access(KERNEL, R_OK)) TH_LOG("%s missing", KERNEL);
	ASSERT_EQ(0, access(INITRD, R_OK)) TH_LOG("%s missing", INITRD);
	ASSERT_EQ(0, pipe(fds));
	ASSERT_EQ(0, pipe(in));
	start = now_s();
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		dup2(in[0], 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(in[1]);
		execv(argv[0], (char **)argv);
		_exit(127);
	}
	close(fds[1]);
	close(in[0]);
	/* Echo the console line by line, noting when /init spoke first. */
	line = out;
	while ((n = read(fds[0], out + len, OUT_MAX - 1 - len)) > 0) {
		len += n;
		out[len] = 0;
		while ((nl = strchr(line, '\n'))) {
			*nl = 0;
			ksft_print_msg("%s\n", line);
			if (t_init < 0 && strstr(line, "ARMVCPU-GUEST-INIT"))
				t_init = now_s() - start;
			/* /init waits for a line: type one, as a person would. */
			if (strstr(line, "ARMVCPU-GUEST-TYPE-A-LINE"))
				ASSERT_EQ(sizeof(TYPED),
					  write(in[1], TYPED "\n", sizeof(TYPED)));
			*nl = '\n';
			line = nl + 1;
		}
		if (len >= OUT_MAX - 1)
			break;
	}
	close(fds[0]);
	close(in[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	/* The guest's tty ends lines with CR LF: keep the LFs only. */
	for (i = j = 0; i <= len; i++)
		if (out[i] != '\r')
			out[j++] = out[i];
	ksft_print_msg("VMM ran %.1f s; /init reached after %.1f s\n",
		       now_s() - start, t_init);

	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_NE(NULL, strstr(out, "ARMVCPU-GUEST-INIT"));
	EXPECT_NE(NULL, strstr(out, "ARMVCPU-GUEST-NPROC 2\n"));
	EXPECT_NE(NULL, strstr(out, "ARMVCPU-GUEST-CPUINFO 2\n"));
	EXPECT_NE(NULL, strstr(out, "ARMVCPU-GUEST-ONLINE 0-1\n"));
	EXPECT_NE(NULL, strstr(out, "ARMVCPU-GUEST-RAN-ON-CPU 0\n"));
	EXPECT_NE(NULL, strstr(out, "ARMVCPU-GUEST-RAN-ON-CPU 1\n"));
	EXPECT_NE(NULL, strstr(out, "ARMVCPU-GUEST-GOT " TYPED "\n"));
	EXPECT_NE(NULL, strstr(out, "ARMVCPU-GUEST-POWEROFF"));
	EXPECT_EQ(NULL, strstr(out, "Kernel panic"));
	EXPECT_EQ(NULL, strstr(out, "Call trace"));
	EXPECT_EQ(NULL, strstr(out, "WARNING"));
	check_pmu(_metadata, out);
}

TEST_HARNESS_MAIN
