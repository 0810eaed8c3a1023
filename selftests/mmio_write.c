// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO write exits: address, size and data (masked to the size, XZR as
 * zero) of every store the guest makes to an address outside its memory,
 * and the PC still on the store until the next RUN completes it.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define MMIO	0x0b000000ULL

static const struct {
	__u64 off;
	__u32 len;
	__u64 val;
} expect[] = {
	{ 0, 1, 0x11 },
	{ 2, 2, 0x2211 },
	{ 4, 4, 0x44332211 },
	{ 8, 8, 0x8877665544332211ULL },
	{ 16, 1, 0x10 },
	{ 18, 2, 0x3210 },
	{ 20, 4, 0x76543210 },
	{ 24, 8, 0xfedcba9876543210ULL },
	{ 32, 1, 0 },
	{ 34, 2, 0 },
	{ 36, 4, 0 },
	{ 40, 8, 0 },
};

TEST(stores_of_every_size)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	struct armvcpu_run *run;
	__u64 data, pc;
	unsigned int i;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, mmio_write);
	run = vcpu.run;

	for (i = 0; i < ARRAY_SIZE(expect); i++) {
		ASSERT_EQ(0, __av_run(vcpu.fd));
		ASSERT_EQ(ARMVCPU_EXIT_MMIO, run->exit_reason)
			TH_LOG("store %u: exit %s", i,
			       av_exit_name(run->exit_reason));
		EXPECT_EQ(MMIO + expect[i].off, run->mmio.phys_addr);
		EXPECT_EQ(expect[i].len, run->mmio.len);
		EXPECT_EQ(1, run->mmio.is_write);
		memcpy(&data, run->mmio.data, 8);
		EXPECT_EQ(expect[i].val, data) TH_LOG("store %u", i);
		/* Not stepped yet: the PC is on the store (after 3 setup insns). */
		pc = av_get_reg(&vcpu, ARMVCPU_REG_PC);
		EXPECT_EQ(AV_GUEST_ENTRY + 4 * (3 + i), pc);
	}
	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
