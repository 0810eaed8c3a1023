// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of device-tree generation: the blob is parsed back with
 * libfdt and checked node by node, and decompiled with dtc when present.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "board.h"
#include "devtree.h"

static const uint64_t mpidr4[] = {
	0x80000000, 0x80000001, 0x80000002, 0x80000003,
};

FIXTURE(devtree) {
	uint8_t fdt[DEVTREE_MAX_SIZE];
	struct devtree_params p;
};

FIXTURE_SETUP(devtree)
{
	self->p = (struct devtree_params){
		.ram_base = BOARD_RAM_BASE,
		.ram_size = 256ULL << 20,
		.nr_cpus = 4,
		.mpidr = mpidr4,
		.bootargs = "console=ttyAMA0 earlycon",
		.initrd_start = 0x48000000,
		.initrd_end = 0x48123456,
	};
}

FIXTURE_TEARDOWN(devtree)
{
}

static int node(const void *fdt, const char *path)
{
	return fdt_path_offset(fdt, path);
}

static uint64_t prop_u64(const void *fdt, int off, const char *name)
{
	const fdt64_t *v;
	int len;

	v = fdt_getprop(fdt, off, name, &len);
	return v && len == 8 ? fdt64_to_cpu(*v) : ~0ULL;
}

static uint32_t prop_u32(const void *fdt, int off, const char *name)
{
	const fdt32_t *v;
	int len;

	v = fdt_getprop(fdt, off, name, &len);
	return v && len == 4 ? fdt32_to_cpu(*v) : ~0U;
}

static const char *prop_str(const void *fdt, int off, const char *name)
{
	return fdt_getprop(fdt, off, name, NULL);
}

TEST_F(devtree, valid_blob)
{
	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	EXPECT_EQ(0, fdt_check_full(self->fdt, sizeof(self->fdt)));
	EXPECT_EQ(2, prop_u32(self->fdt, 0, "#address-cells"));
	EXPECT_EQ(2, prop_u32(self->fdt, 0, "#size-cells"));
}

TEST_F(devtree, memory)
{
	const fdt64_t *reg;
	int off, len;

	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	off = node(self->fdt, "/memory@40000000");
	ASSERT_GE(off, 0);
	EXPECT_STREQ("memory", prop_str(self->fdt, off, "device_type"));
	reg = fdt_getprop(self->fdt, off, "reg", &len);
	ASSERT_EQ(16, len);
	EXPECT_EQ(BOARD_RAM_BASE, fdt64_to_cpu(reg[0]));
	EXPECT_EQ(256ULL << 20, fdt64_to_cpu(reg[1]));
}

TEST_F(devtree, cpus_reg_is_mpidr_and_psci)
{
	char path[64];
	unsigned int i;
	int off, cpus;

	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	cpus = node(self->fdt, "/cpus");
	ASSERT_GE(cpus, 0);
	EXPECT_EQ(1, prop_u32(self->fdt, cpus, "#address-cells"));
	EXPECT_EQ(0, prop_u32(self->fdt, cpus, "#size-cells"));
	for (i = 0; i < 4; i++) {
		/* reg keeps the affinity fields only: bit 31 is RES1. */
		snprintf(path, sizeof(path), "/cpus/cpu@%x", i);
		off = node(self->fdt, path);
		ASSERT_GE(off, 0) TH_LOG("%s missing", path);
		EXPECT_EQ(i, prop_u32(self->fdt, off, "reg"));
		EXPECT_STREQ("cpu", prop_str(self->fdt, off, "device_type"));
		EXPECT_STREQ("psci", prop_str(self->fdt, off, "enable-method"));
		EXPECT_EQ(0, fdt_node_check_compatible(self->fdt, off,
						       "arm,armv8"));
	}
	EXPECT_LT(node(self->fdt, "/cpus/cpu@4"), 0);
}

TEST_F(devtree, cpus_with_aff3_use_two_cells)
{
	static const uint64_t wide[] = { 0x0, 0x100000000ULL | 0x80000000 };
	int off;

	self->p.nr_cpus = 2;
	self->p.mpidr = wide;
	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	EXPECT_EQ(2, prop_u32(self->fdt, node(self->fdt, "/cpus"),
			      "#address-cells"));
	off = node(self->fdt, "/cpus/cpu@100000000");
	ASSERT_GE(off, 0);
	EXPECT_EQ(0x100000000ULL, prop_u64(self->fdt, off, "reg"));
}

TEST_F(devtree, psci_and_timer)
{
	int off;

	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	off = node(self->fdt, "/psci");
	ASSERT_GE(off, 0);
	EXPECT_EQ(0, fdt_node_check_compatible(self->fdt, off, "arm,psci-1.0"));
	EXPECT_EQ(0, fdt_node_check_compatible(self->fdt, off, "arm,psci-0.2"));
	EXPECT_STREQ("hvc", prop_str(self->fdt, off, "method"));
	off = node(self->fdt, "/timer");
	ASSERT_GE(off, 0);
	EXPECT_EQ(0, fdt_node_check_compatible(self->fdt, off,
					       "arm,armv8-timer"));
}

/* PPI 7 (INTID 23), level-high; only with the GIC to take it. */
TEST_F(devtree, pmu)
{
	const fdt32_t *irq;
	int off, len;

	self->p.pmu = true;
	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	EXPECT_LT(node(self->fdt, "/pmu"), 0);
	self->p.gic = true;
	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	off = node(self->fdt, "/pmu");
	ASSERT_GE(off, 0);
	EXPECT_EQ(0, fdt_node_check_compatible(self->fdt, off,
					       "arm,armv8-pmuv3"));
	irq = fdt_getprop(self->fdt, off, "interrupts", &len);
	ASSERT_EQ(12, len);
	EXPECT_EQ(1, fdt32_to_cpu(irq[0]));
	EXPECT_EQ(7, fdt32_to_cpu(irq[1]));
	EXPECT_EQ(4, fdt32_to_cpu(irq[2]));
	self->p.pmu = false;
	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	EXPECT_LT(node(self->fdt, "/pmu"), 0);
}

TEST_F(devtree, pl011_with_apb_clock)
{
	const fdt32_t *clocks;
	const fdt64_t *reg;
	int off, clk, len;

	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	off = node(self->fdt, "/pl011@9000000");
	ASSERT_GE(off, 0);
	EXPECT_EQ(0, fdt_node_check_compatible(self->fdt, off, "arm,pl011"));
	EXPECT_EQ(0, fdt_node_check_compatible(self->fdt, off, "arm,primecell"));
	reg = fdt_getprop(self->fdt, off, "reg", &len);
	ASSERT_EQ(16, len);
	EXPECT_EQ(BOARD_UART_BASE, fdt64_to_cpu(reg[0]));
	EXPECT_EQ(BOARD_UART_SIZE, fdt64_to_cpu(reg[1]));
	EXPECT_EQ(1, fdt_stringlist_contains(fdt_getprop(self->fdt, off,
							 "clock-names", &len),
					     len, "apb_pclk"));
	clocks = fdt_getprop(self->fdt, off, "clocks", &len);
	ASSERT_EQ(8, len);
	clk = fdt_node_offset_by_phandle(self->fdt, fdt32_to_cpu(clocks[1]));
	ASSERT_GE(clk, 0);
	EXPECT_EQ(0, fdt_node_check_compatible(self->fdt, clk, "fixed-clock"));
	EXPECT_EQ(DEVTREE_APB_PCLK_HZ,
		  prop_u32(self->fdt, clk, "clock-frequency"));
	EXPECT_EQ(0, prop_u32(self->fdt, clk, "#clock-cells"));
}

TEST_F(devtree, exit_device)
{
	int off;

	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	off = node(self->fdt, "/exit@9100000");
	ASSERT_GE(off, 0);
	EXPECT_EQ(0, fdt_node_check_compatible(self->fdt, off, "armvcpu,exit"));
}

TEST_F(devtree, chosen)
{
	const char *stdout_path;
	int off;

	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	off = node(self->fdt, "/chosen");
	ASSERT_GE(off, 0);
	EXPECT_STREQ("console=ttyAMA0 earlycon",
		     prop_str(self->fdt, off, "bootargs"));
	EXPECT_EQ(0x48000000, prop_u64(self->fdt, off, "linux,initrd-start"));
	EXPECT_EQ(0x48123456, prop_u64(self->fdt, off, "linux,initrd-end"));
	/* stdout-path must name the UART node itself. */
	stdout_path = prop_str(self->fdt, off, "stdout-path");
	ASSERT_NE(NULL, stdout_path);
	EXPECT_EQ(node(self->fdt, "/pl011@9000000"),
		  node(self->fdt, stdout_path));
	EXPECT_STREQ(stdout_path, prop_str(self->fdt, node(self->fdt, "/aliases"),
					   "serial0"));
}

TEST_F(devtree, chosen_without_initrd_or_bootargs)
{
	int off;

	self->p.bootargs = NULL;
	self->p.initrd_start = 0x48000000;
	self->p.initrd_end = 0x48000000;
	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	off = node(self->fdt, "/chosen");
	ASSERT_GE(off, 0);
	EXPECT_EQ(NULL, prop_str(self->fdt, off, "bootargs"));
	EXPECT_EQ(NULL, prop_str(self->fdt, off, "linux,initrd-start"));
	EXPECT_NE(NULL, prop_str(self->fdt, off, "stdout-path"));
}

/* --dtb with --append/--initrd: /chosen is set in the user's tree. */
TEST_F(devtree, patch_chosen_of_a_given_tree)
{
	static uint8_t out[DEVTREE_MAX_SIZE];
	int off;

	self->p.bootargs = NULL;
	self->p.initrd_end = self->p.initrd_start;
	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	self->p.bootargs = "root=/dev/vda quiet";
	self->p.initrd_start = 0x44000000;
	self->p.initrd_end = 0x44001000;
	ASSERT_EQ(0, devtree_patch_chosen(out, sizeof(out), self->fdt, &self->p));
	EXPECT_EQ(0, fdt_check_full(out, sizeof(out)));
	off = node(out, "/chosen");
	ASSERT_GE(off, 0);
	EXPECT_STREQ("root=/dev/vda quiet", prop_str(out, off, "bootargs"));
	EXPECT_EQ(0x44000000, prop_u64(out, off, "linux,initrd-start"));
	EXPECT_EQ(0x44001000, prop_u64(out, off, "linux,initrd-end"));
	/* The rest of the tree is the user's, untouched. */
	EXPECT_STREQ("/pl011@9000000", prop_str(out, off, "stdout-path"));
	EXPECT_GE(node(out, "/cpus/cpu@3"), 0);
}

TEST_F(devtree, patch_chosen_creates_it)
{
	static uint8_t empty[256], out[1024];

	ASSERT_EQ(0, fdt_create_empty_tree(empty, sizeof(empty)));
	ASSERT_EQ(0, fdt_pack(empty));
	ASSERT_EQ(0, devtree_patch_chosen(out, sizeof(out), empty, &self->p));
	EXPECT_STREQ("console=ttyAMA0 earlycon",
		     prop_str(out, node(out, "/chosen"), "bootargs"));
	/* Without the room DEVTREE_PATCH_SLACK provides: an error, no overrun. */
	EXPECT_EQ(-FDT_ERR_NOSPACE,
		  devtree_patch_chosen(out, fdt_totalsize(empty) + 16, empty,
				       &self->p));
}

TEST_F(devtree, too_small_buffer)
{
	EXPECT_EQ(-FDT_ERR_NOSPACE, devtree_build(self->fdt, 256, &self->p));
}

/* dtc must decompile the blob without a single warning. */
TEST_F(devtree, dtc_decompiles_cleanly)
{
	char path[] = "/tmp/devtree_test.XXXXXX", cmd[256], out[4096];
	size_t n;
	FILE *f;
	int fd;

	if (system("command -v dtc >/dev/null 2>&1"))
		SKIP(return, "dtc not installed");
	ASSERT_EQ(0, devtree_build(self->fdt, sizeof(self->fdt), &self->p));
	fd = mkstemp(path);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(fdt_totalsize(self->fdt),
		  write(fd, self->fdt, fdt_totalsize(self->fdt)));
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -I dtb -O dts -o /dev/null %s 2>&1; echo rc=$?",
		 path);
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = 0;
	pclose(f);
	unlink(path);
	EXPECT_STREQ("rc=0\n", out);
}

TEST_HARNESS_MAIN
