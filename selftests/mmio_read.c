// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO read exits, completed on the next RUN: the destination register gets
 * the data masked to the access size, zero- or sign-extended as the load
 * says, with the upper half of a W register cleared, and XZR discards it.
 * Userspace fills all of data[] so that masking is observable, and each
 * load is done twice: with a negative and with a positive value.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define MMIO	0x0b000000ULL

struct load {
	const char *name;
	__u32 len;
	__u64 neg;	/* result for data 0x8182838485868788 */
	__u64 pos;	/* result for data 0x7172737475767778 */
};

static const struct load loads[] = {
	{ "ldrb w", 1, 0x88, 0x78 },
	{ "ldrh w", 2, 0x8788, 0x7778 },
	{ "ldr w", 4, 0x85868788, 0x75767778 },
	{ "ldr x", 8, 0x8182838485868788ULL, 0x7172737475767778ULL },
	{ "ldrsb w", 1, 0xffffff88, 0x78 },
	{ "ldrsb x", 1, 0xffffffffffffff88ULL, 0x78 },
	{ "ldrsh w", 2, 0xffff8788, 0x7778 },
	{ "ldrsh x", 2, 0xffffffffffff8788ULL, 0x7778 },
	{ "ldrsw x", 4, 0xffffffff85868788ULL, 0x75767778 },
};

static void run_guest(struct __test_metadata *_metadata, bool negative)
{
	const __u64 data = negative ? 0x8182838485868788ULL :
				      0x7172737475767778ULL;
	unsigned int i = 0, xzr_loads = 0;
	struct av_vcpu vcpu;
	struct av_vm vm;
	struct av_ucall uc = { AV_UCALL_NONE, 0 };
	struct armvcpu_run *run;
	enum av_ucall_part part;
	__u64 pc;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, mmio_read);
	run = vcpu.run;

	for (;;) {
		ASSERT_EQ(0, __av_run(vcpu.fd));
		ASSERT_EQ(ARMVCPU_EXIT_MMIO, run->exit_reason)
			TH_LOG("exit %s", av_exit_name(run->exit_reason));
		if (run->mmio.phys_addr == MMIO) {
			ASSERT_EQ(0, run->mmio.is_write);
			if (i < ARRAY_SIZE(loads)) {
				EXPECT_EQ(loads[i].len, run->mmio.len)
					TH_LOG("%s", loads[i].name);
			} else {
				xzr_loads++;
			}
			/* The PC stays on the load until completion. */
			pc = av_get_reg(&vcpu, ARMVCPU_REG_PC);
			EXPECT_EQ(0, (pc - AV_GUEST_ENTRY) % 4);
			memcpy(run->mmio.data, &data, 8);
			continue;
		}
		part = av_get_ucall(&vcpu, &uc);
		ASSERT_NE(AV_UCALL_PART_OTHER, part)
			TH_LOG("MMIO %s 0x%llx len %u is no ucall",
			       run->mmio.is_write ? "write" : "read",
			       (unsigned long long)run->mmio.phys_addr,
			       run->mmio.len);
		if (part == AV_UCALL_PART_ARG)
			continue;
		if (uc.code != AV_UCALL_SYNC)
			break;
		ASSERT_LT(i, ARRAY_SIZE(loads));
		EXPECT_EQ(negative ? loads[i].neg : loads[i].pos, uc.arg)
			TH_LOG("%s: got 0x%llx", loads[i].name,
			       (unsigned long long)uc.arg);
		i++;
	}
	EXPECT_EQ(AV_UCALL_DONE, uc.code) TH_LOG("guest assertion %llu",
						 (unsigned long long)uc.arg);
	EXPECT_EQ(ARRAY_SIZE(loads), i);
	EXPECT_EQ(4, xzr_loads);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST(loads_negative_values)
{
	run_guest(_metadata, true);
}

TEST(loads_positive_values)
{
	run_guest(_metadata, false);
}

/*
 * KVM's lesson: the read completes on the next RUN even when that RUN
 * returns at once for immediate_exit (or a signal); nothing is lost.
 */
TEST(read_completes_even_if_run_returns_eintr)
{
	const __u64 data = 0x8182838485868788ULL;
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 pc;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, mmio_read);
	ASSERT_EQ(0, __av_run(vcpu.fd));
	ASSERT_EQ(ARMVCPU_EXIT_MMIO, vcpu.run->exit_reason);
	ASSERT_EQ(MMIO, vcpu.run->mmio.phys_addr);
	pc = av_get_reg(&vcpu, ARMVCPU_REG_PC);
	memcpy(vcpu.run->mmio.data, &data, 8);
	vcpu.run->immediate_exit = 1;
	EXPECT_EQ(-EINTR, __av_run(vcpu.fd));
	EXPECT_EQ(ARMVCPU_EXIT_INTR, vcpu.run->exit_reason);
	/* The first load is LDRB W9. */
	EXPECT_EQ(0x88, av_get_reg(&vcpu, ARMVCPU_REG_X(9)));
	EXPECT_EQ(pc + 4, av_get_reg(&vcpu, ARMVCPU_REG_PC));
	/* And it is not completed a second time. */
	EXPECT_EQ(-EINTR, __av_run(vcpu.fd));
	EXPECT_EQ(pc + 4, av_get_reg(&vcpu, ARMVCPU_REG_PC));
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
