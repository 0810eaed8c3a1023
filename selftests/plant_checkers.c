// SPDX-License-Identifier: GPL-2.0
/*
 * The debug kernel's checkers are on and heard (make check-debug's plant
 * boot): each planted bug of armvcpu/test/plant.c is set off and the
 * checker made for it must report it in the kernel log. The rig's scan
 * (tools/rig/tap.awk) also requires each report, and the page leak, which
 * only shows after rmmod, is reported by tools/rig/init.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "el2_util.h"

#define PLANT		"/sys/kernel/debug/armvcpu/plant"
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -1;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		ret = -1;
	close(fd);
	return ret;
}

static int plant(const char *name, long arg)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%s %ld", name, arg);
	return write_str(PLANT, buf);
}

/* What the kernel logged while @name was set off, with @arg, after @wait s. */
static char *plant_log(const char *name, long arg, unsigned int wait)
{
	int mark = el2_kmsg_mark();

	if (mark < 0 || plant(name, arg))
		return NULL;
	sleep(wait);
	return el2_kmsg_since(mark);
}

FIXTURE(plant) {
	struct av_vm vm;
	struct av_vcpu vcpu;
};

FIXTURE_SETUP(plant)
{
	ASSERT_EQ(0, access(PLANT, W_OK))
		TH_LOG("no %s: armvcpu.ko was built without ARMVCPU_PLANT", PLANT);
	av_vm_create_with_ram(&self->vm);
	av_vcpu_create(&self->vm, &self->vcpu, 0);
	AV_LOAD_GUEST(&self->vm, &self->vcpu, plant_checkers);
	av_run_to_done(&self->vcpu);
}

FIXTURE_TEARDOWN(plant)
{
	av_vcpu_destroy(&self->vcpu);
	av_vm_destroy(&self->vm);
}

TEST_F(plant, lockdep_sees_the_locks_taken_the_wrong_way_round)
{
	char *log = plant_log("lock_order", self->vcpu.fd, 0);

	ASSERT_NE(NULL, log);
	EXPECT_EQ(1, el2_count(log, "possible circular locking dependency"))
		TH_LOG("the kernel logged:\n%s", log);
	EXPECT_LE(1, el2_count(log, "armvcpu_plant_lock_order"));
	free(log);
}

TEST_F(plant, atomic_sleep_check_sees_a_mutex_with_preemption_off)
{
	char *log = plant_log("sleep_atomic", self->vcpu.fd, 0);

	ASSERT_NE(NULL, log);
	EXPECT_EQ(1, el2_count(log, "sleeping function called from invalid context"))
		TH_LOG("the kernel logged:\n%s", log);
	free(log);
}

TEST_F(plant, ubsan_sees_a_shift_out_of_bounds)
{
	char *log = plant_log("shift", 64, 0);

	ASSERT_NE(NULL, log);
	EXPECT_EQ(1, el2_count(log, "UBSAN: shift-out-of-bounds"))
		TH_LOG("the kernel logged:\n%s", log);
	free(log);
}

/* The vCPU is gone (its fd closed) when the planted work reads it. */
TEST_F(plant, kasan_sees_a_vcpu_used_after_free)
{
	int mark = el2_kmsg_mark();
	char *log;

	ASSERT_LE(0, mark);
	ASSERT_EQ(0, plant("vcpu_uaf", self->vcpu.fd));
	av_vcpu_destroy(&self->vcpu);
	av_vcpu_create(&self->vm, &self->vcpu, 0);
	sleep(3);
	log = el2_kmsg_since(mark);
	ASSERT_NE(NULL, log);
	EXPECT_EQ(1, el2_count(log, "KASAN: use-after-free in armvcpu_plant_uaf_fn"))
		TH_LOG("the kernel logged:\n%s", log);
	free(log);
}

/* An object is reported once it is 5 s old and two scans found no pointer. */
TEST_F(plant, kmemleak_sees_an_object_nobody_points_to)
{
	char report[1 << 14];
	ssize_t n;
	int fd;

	ASSERT_EQ(0, plant("object_leak", 0));
	sleep(6);
	ASSERT_EQ(0, write_str(KMEMLEAK, "scan"));
	ASSERT_EQ(0, write_str(KMEMLEAK, "scan"));
	fd = open(KMEMLEAK, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	n = read(fd, report, sizeof(report) - 1);
	close(fd);
	ASSERT_LT(0, n);
	report[n] = '\0';
	EXPECT_LE(1, el2_count(report, "armvcpu_plant_object_leak"))
		TH_LOG("kmemleak:\n%s", report);
}

/* Found after rmmod by tools/rig/init, which needs page_owner=on. */
TEST_F(plant, page_leak_is_planted_for_the_scan_after_rmmod)
{
	ASSERT_EQ(0, access("/sys/kernel/debug/page_owner", R_OK))
		TH_LOG("page_owner is off: boot with page_owner=on");
	EXPECT_EQ(0, plant("page_leak", 0));
}

TEST_HARNESS_MAIN
