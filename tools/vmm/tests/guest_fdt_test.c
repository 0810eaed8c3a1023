// SPDX-License-Identifier: GPL-2.0
/*
 * The guest runtime's device-tree lookups (tools/guest/fdt.c), run
 * natively against trees the VMM generates: both sides must agree on
 * the CPUs and the command line, or smp would miss a vCPU.
 */
#include <libfdt.h>
#include <string.h>

#include "kselftest_harness.h"
#include "board.h"
#include "devtree.h"
#include "guest.h"

static uint8_t fdt[DEVTREE_MAX_SIZE];

static void build(const uint64_t *mpidr, unsigned int n, const char *args)
{
	struct devtree_params p = {
		.ram_base = BOARD_RAM_BASE, .ram_size = 64 << 20,
		.nr_cpus = n, .mpidr = mpidr, .bootargs = args,
	};

	memset(fdt, 0, sizeof(fdt));
	devtree_build(fdt, sizeof(fdt), &p);
}

TEST(cpus_in_order)
{
	static const uint64_t mpidr[] = { 0x80000000, 0x80000001, 0x80000002,
					  0x80000100 };
	uint64_t found[8];

	build(mpidr, 4, NULL);
	ASSERT_EQ(4, guest_fdt_cpus((uintptr_t)fdt, found, 8));
	EXPECT_EQ(0, found[0]);
	EXPECT_EQ(1, found[1]);
	EXPECT_EQ(2, found[2]);
	EXPECT_EQ(0x100, found[3]);
}

TEST(cpus_with_two_address_cells)
{
	static const uint64_t mpidr[] = { 0x80000000, 0x180000000ULL };
	uint64_t found[2];

	build(mpidr, 2, NULL);
	ASSERT_EQ(2, guest_fdt_cpus((uintptr_t)fdt, found, 2));
	EXPECT_EQ(0, found[0]);
	EXPECT_EQ(0x100000000ULL, found[1]);
}

TEST(cpus_beyond_max_are_counted_not_stored)
{
	static const uint64_t mpidr[] = { 0, 1, 2 };
	uint64_t found[2] = { 7, 7 };

	build(mpidr, 3, NULL);
	EXPECT_EQ(3, guest_fdt_cpus((uintptr_t)fdt, found, 1));
	EXPECT_EQ(0, found[0]);
	EXPECT_EQ(7, found[1]);
}

TEST(bootargs)
{
	static const uint64_t mpidr[] = { 0 };

	build(mpidr, 1, "exit=42 echo");
	EXPECT_STREQ("exit=42 echo", guest_fdt_bootargs((uintptr_t)fdt));
	build(mpidr, 1, NULL);
	EXPECT_EQ(NULL, guest_fdt_bootargs((uintptr_t)fdt));
}

TEST(not_a_tree)
{
	uint64_t found[1];

	memset(fdt, 0, sizeof(fdt));
	EXPECT_EQ(-1, guest_fdt_cpus((uintptr_t)fdt, found, 1));
	EXPECT_EQ(NULL, guest_fdt_bootargs((uintptr_t)fdt));
	EXPECT_EQ(NULL, guest_fdt_bootargs(0));
}

TEST_HARNESS_MAIN
