// SPDX-License-Identifier: GPL-2.0
/*
 * CPU PM: a CPU that comes back from a power-down idle state or from
 * suspend/hibernation has the stub at EL2 again (the kernel's resume path
 * reinstalls it); armvcpu's CPU_PM_EXIT notifier takes it again. QEMU has
 * no power-down idle state, so the hibernation core test (pm_test=core:
 * secondaries offlined, syscore suspend/resume on the boot CPU, which
 * sends CPU_PM_ENTER/EXIT, no image written) plays the resume, and a
 * HVC_RESET_VECTORS beforehand plays the lost EL2 state.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "el2_util.h"

static bool hibernation_testable(void)
{
	char buf[128] = "";
	int fd = open("/sys/power/state", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = '\0';
	close(fd);
	return strstr(buf, "disk") && !access("/sys/power/pm_test", W_OK);
}

static int hibernation_core_test(void)
{
	int ret;

	if (el2_write_file("/sys/power/pm_test", "core"))
		return -1;
	ret = el2_write_file("/sys/power/state", "disk");
	el2_write_file("/sys/power/pm_test", "none");
	return ret;
}

/*
 * The hibernation core test offlines and onlines the secondaries and
 * preallocates the image: minutes, not seconds, on a debug kernel (KASAN)
 * under a loaded host.
 */
FIXTURE(pm) {
};

FIXTURE_SETUP(pm)
{
}

FIXTURE_TEARDOWN(pm)
{
}

/* EL2 state kept across CPU PM: armvcpu's vectors are simply still there. */
TEST_F_TIMEOUT(pm, kept_state_survives, 600)
{
	if (!hibernation_testable())
		SKIP(return, "no hibernation test mode");
	ASSERT_EQ(0, hibernation_core_test());
	EL2_EXPECT_ALL_OK(-1);
}

/* EL2 state lost across CPU PM: armvcpu takes the CPU again on exit. */
TEST_F_TIMEOUT(pm, lost_state_taken_again, 600)
{
	unsigned long answer;
	struct el2_ping p;

	if (!hibernation_testable())
		SKIP(return, "no hibernation test mode");
	ASSERT_EQ(0, el2_hvc(0, EL2_HVC_RESET_VECTORS, &answer));
	ASSERT_EQ(0, answer);
	ASSERT_EQ(0, el2_ping(&p));
	ASSERT_NE(NULL, el2_ping_cpu(&p, 0));
	EXPECT_FALSE(el2_ping_cpu(&p, 0)->ok);

	ASSERT_EQ(0, hibernation_core_test());
	EL2_EXPECT_ALL_OK(-1);
}

TEST_HARNESS_MAIN
