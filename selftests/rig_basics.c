// SPDX-License-Identifier: GPL-2.0
/*
 * The rig's own facts, checked inside the nested kernel: it was entered at EL2
 * on every CPU, it runs at EL1 (nVHE, so the hyp stub owns EL2), and
 * armvcpu.ko is loaded and can be removed and inserted again.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"

#define MODULE_PATH	"/armvcpu.ko"
#define LOG_BUF_SIZE	(1024 * 1024)

/* The whole kernel log, NUL-terminated; the caller frees it. */
static char *read_kernel_log(void)
{
	char *buf = malloc(LOG_BUF_SIZE + 1);
	int len;

	if (!buf)
		return NULL;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, LOG_BUF_SIZE);
	if (len < 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

TEST(all_cpus_entered_at_el2)
{
	char *log = read_kernel_log();

	ASSERT_NE(NULL, log);
	EXPECT_NE(NULL, strstr(log, "CPU: All CPU(s) started at EL2"));
	free(log);
	EXPECT_EQ(4, sysconf(_SC_NPROCESSORS_ONLN));
}

TEST(kernel_runs_at_el1)
{
	char *log = read_kernel_log();

	ASSERT_NE(NULL, log);
	/* A VHE kernel runs at EL2 and says so when it enables the feature. */
	EXPECT_EQ(NULL, strstr(log, "Virtualization Host Extensions"));
	free(log);
}

TEST(module_is_loaded)
{
	char state[64];

	ASSERT_EQ(0, read_file("/sys/module/armvcpu/initstate", state,
			       sizeof(state)));
	EXPECT_STREQ("live\n", state);
}

TEST(module_removes_and_inserts_again)
{
	char state[64];
	int fd;

	ASSERT_EQ(0, syscall(SYS_delete_module, "armvcpu", O_NONBLOCK));
	EXPECT_NE(0, access("/sys/module/armvcpu", F_OK));

	fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, syscall(SYS_finit_module, fd, "", 0));
	close(fd);
	ASSERT_EQ(0, read_file("/sys/module/armvcpu/initstate", state,
			       sizeof(state)));
	EXPECT_STREQ("live\n", state);
}

TEST_HARNESS_MAIN
