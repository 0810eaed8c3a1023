// SPDX-License-Identifier: GPL-2.0
/*
 * The debug kernel's checkers are on and heard (make check-debug's plant
 * boot): each planted bug of armvcpu/test/plant.c is set off and the
 * checker made for it must report it in the kernel log. The rig's scan
 * (tools/rig/tap.awk) also requires each report exactly once, and the
 * page leak, which only shows after rmmod, is reported by tools/rig/init.
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

static int plant(const char *name, long arg)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%s %ld", name, arg);
	return el2_write_file(PLANT, buf);
}

/* What the kernel logged while @name was set off with @arg. */
static char *plant_log(const char *name, long arg)
{
	int mark = el2_kmsg_mark();

	if (mark < 0 || plant(name, arg))
		return NULL;
	return el2_kmsg_since(mark);
}

/* A VM whose vCPU ran: RUN took run_lock, then vm->lock for a fault. */
static void plant_vm(struct __test_metadata *_metadata, struct av_vm *vm,
		     struct av_vcpu *vcpu)
{
	ASSERT_EQ(0, access(PLANT, W_OK))
		TH_LOG("no %s: armvcpu.ko was built without ARMVCPU_PLANT", PLANT);
	av_vm_create_with_ram(vm);
	av_vcpu_create(vm, vcpu, 0);
	AV_LOAD_GUEST(vm, vcpu, plant_checkers);
	av_run_to_done(vcpu);
}

/* The bugs whose report comes at once, each with a line it must hold. */
FIXTURE(logged) {
	struct av_vm vm;
	struct av_vcpu vcpu;
};

FIXTURE_VARIANT(logged) {
	const char *name;
	bool vcpu_fd;		/* the argument is the vCPU's fd */
	long arg;
	const char *report;
};

FIXTURE_VARIANT_ADD(logged, lockdep_sees_the_locks_taken_the_wrong_way_round) {
	.name = "lock_order", .vcpu_fd = true,
	.report = "possible circular locking dependency",
};

FIXTURE_VARIANT_ADD(logged, atomic_sleep_check_sees_a_mutex_with_preemption_off) {
	.name = "sleep_atomic", .vcpu_fd = true,
	.report = "sleeping function called from invalid context",
};

FIXTURE_VARIANT_ADD(logged, debug_preempt_sees_the_cpu_read_where_the_task_may_move) {
	.name = "preempt", .report = "smp_processor_id() in preemptible",
};

FIXTURE_VARIANT_ADD(logged, debug_list_sees_a_node_added_twice) {
	.name = "list_double", .report = "list_add double add",
};

FIXTURE_VARIANT_ADD(logged, debug_objects_sees_an_armed_timer_freed) {
	.name = "timer_free", .report = "ODEBUG: free active",
};

FIXTURE_VARIANT_ADD(logged, ubsan_sees_a_shift_out_of_bounds) {
	.name = "shift", .arg = 64, .report = "UBSAN: shift-out-of-bounds",
};

FIXTURE_SETUP(logged)
{
	plant_vm(_metadata, &self->vm, &self->vcpu);
}

FIXTURE_TEARDOWN(logged)
{
	av_vcpu_destroy(&self->vcpu);
	av_vm_destroy(&self->vm);
}

TEST_F(logged, checker_reports_it)
{
	char *log = plant_log(variant->name,
			      variant->vcpu_fd ? self->vcpu.fd : variant->arg);

	ASSERT_NE(NULL, log);
	EXPECT_EQ(1, el2_count(log, variant->report))
		TH_LOG("the kernel logged:\n%s", log);
	free(log);
}

FIXTURE(plant) {
	struct av_vm vm;
	struct av_vcpu vcpu;
};

FIXTURE_SETUP(plant)
{
	plant_vm(_metadata, &self->vm, &self->vcpu);
}

FIXTURE_TEARDOWN(plant)
{
	av_vcpu_destroy(&self->vcpu);
	av_vm_destroy(&self->vm);
}

/*
 * The vCPU is gone (its fd closed) when the planted work reads it. KFENCE
 * samples some allocations and then reports the access instead of KASAN.
 */
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
	EXPECT_EQ(1, el2_count(log, "KASAN: use-after-free in armvcpu_plant_uaf_fn") +
		     el2_count(log, "KFENCE: use-after-free read in armvcpu_plant_uaf_fn"))
		TH_LOG("the kernel logged:\n%s", log);
	free(log);
}

/* KFENCE cannot be made to sample an object: it must be on and sampling. */
TEST_F(plant, kfence_is_on_and_samples)
{
	long long allocs = -1;
	char line[128];
	FILE *f = fopen("/sys/kernel/debug/kfence/stats", "re");
	int enabled = 0;

	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "enabled: %d", &enabled) != 1 &&
		    sscanf(line, "total allocations: %lld", &allocs) != 1)
			continue;
	fclose(f);
	EXPECT_EQ(1, enabled);
	EXPECT_LT(0, allocs);
}

/* An object is reported once it is 5 s old and two scans found no pointer. */
TEST_F(plant, kmemleak_sees_an_object_nobody_points_to)
{
	char report[1 << 14];
	ssize_t n;
	int fd;

	ASSERT_EQ(0, plant("object_leak", 0));
	sleep(6);
	ASSERT_EQ(0, el2_write_file(KMEMLEAK, "scan"));
	ASSERT_EQ(0, el2_write_file(KMEMLEAK, "scan"));
	fd = open(KMEMLEAK, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	n = read(fd, report, sizeof(report) - 1);
	close(fd);
	ASSERT_LT(0, n);
	report[n] = '\0';
	EXPECT_LE(1, el2_count(report, "armvcpu_plant_object_leak"))
		TH_LOG("kmemleak:\n%s", report);
}

/*
 * Only planted here: tools/rig/init finds it after rmmod (page_owner=on)
 * and tap.awk requires its report.
 */
TEST_F(plant, page_leak_is_planted_for_the_scan_after_rmmod)
{
	ASSERT_EQ(0, access("/sys/kernel/debug/page_owner", R_OK))
		TH_LOG("page_owner is off: boot with page_owner=on");
	EXPECT_EQ(0, plant("page_leak", 0));
}

TEST_HARNESS_MAIN
