// SPDX-License-Identifier: GPL-2.0
/* Unit tests of armvcpu-vmm's command line parsing (native, TAP). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "options.h"

struct parse_result {
	int ret;
	struct vmm_options o;
	char out[4096];
	char err[4096];
};

/* Parses a NULL-terminated argument list, capturing stdout and stderr. */
static void parse(struct parse_result *r, ...)
{
	char *argv[32] = { "armvcpu-vmm" };
	FILE *out, *err;
	va_list ap;
	int argc = 1;

	va_start(ap, r);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	memset(r, 0, sizeof(*r));
	out = fmemopen(r->out, sizeof(r->out) - 1, "w");
	err = fmemopen(r->err, sizeof(r->err) - 1, "w");
	r->ret = vmm_parse_options(&r->o, argc, argv, out, err);
	fclose(out);
	fclose(err);
}

TEST(defaults)
{
	struct parse_result r;

	parse(&r, "guest.bin", NULL);
	ASSERT_EQ(0, r.ret);
	EXPECT_EQ(128ULL << 20, r.o.mem_size);
	EXPECT_EQ(1, r.o.nr_cpus);
	EXPECT_EQ(0, r.o.timeout);
	EXPECT_EQ(IMAGE_AUTO, r.o.format);
	EXPECT_STREQ("guest.bin", r.o.image);
	EXPECT_EQ(NULL, r.o.append);
	EXPECT_FALSE(r.o.stats);
	EXPECT_FALSE(r.o.no_reboot);
	EXPECT_FALSE(r.o.pmu);
}

/* QEMU's -gdb syntax: every address, or one IPv4 address. */
TEST(gdb_address)
{
	struct parse_result r;

	parse(&r, "--gdb", "tcp::1234", "img", NULL);
	ASSERT_EQ(0, r.ret);
	EXPECT_EQ(1234, r.o.gdb_port);
	EXPECT_STREQ("", r.o.gdb_host);
	parse(&r, "--gdb", "tcp:127.0.0.1:4321", "img", NULL);
	ASSERT_EQ(0, r.ret);
	EXPECT_EQ(4321, r.o.gdb_port);
	EXPECT_STREQ("127.0.0.1", r.o.gdb_host);
	parse(&r, "img", NULL);
	EXPECT_EQ(0, r.o.gdb_port);
	parse(&r, "--gdb", "tcp::0", "img", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	parse(&r, "--gdb", "udp::1234", "img", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	parse(&r, "--gdb", "tcp:1234", "img", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "bad gdb address"));
}

TEST(all_options)
{
	struct parse_result r;

	parse(&r, "-m", "256M", "-c", "4", "--append", "console=ttyAMA0",
	      "--initrd", "rd.gz", "--dtb", "x.dtb", "--stats", "--trace",
	      "--timeout", "30", "--strict-mmio", "--no-reboot", "--pmu",
	      "--format", "elf", "Image", NULL);
	ASSERT_EQ(0, r.ret);
	EXPECT_EQ(256ULL << 20, r.o.mem_size);
	EXPECT_EQ(4, r.o.nr_cpus);
	EXPECT_STREQ("console=ttyAMA0", r.o.append);
	EXPECT_STREQ("rd.gz", r.o.initrd);
	EXPECT_STREQ("x.dtb", r.o.dtb);
	EXPECT_TRUE(r.o.stats);
	EXPECT_TRUE(r.o.trace);
	EXPECT_EQ(30, r.o.timeout);
	EXPECT_TRUE(r.o.strict_mmio);
	EXPECT_TRUE(r.o.no_reboot);
	EXPECT_TRUE(r.o.pmu);
	EXPECT_EQ(IMAGE_ELF, r.o.format);
	EXPECT_STREQ("Image", r.o.image);
}

TEST(long_memory_and_cpus)
{
	struct parse_result r;

	parse(&r, "--memory=2G", "--cpus=8", "--dump-dtb", "out.dtb", "I", NULL);
	ASSERT_EQ(0, r.ret);
	EXPECT_EQ(2ULL << 30, r.o.mem_size);
	EXPECT_EQ(8, r.o.nr_cpus);
	EXPECT_STREQ("out.dtb", r.o.dump_dtb);
}

TEST(size_suffixes)
{
	static const struct {
		const char *s;
		uint64_t v;
	} ok[] = {
		{ "4096K", 4ULL << 20 }, { "64m", 64ULL << 20 },
		{ "1G", 1ULL << 30 }, { "512", 512ULL << 20 },
		{ "8192B", 8192 }, { "1T", 1ULL << 40 },
	};
	static const char *const bad[] = {
		"", "M", "12X", "-5", "+5", "1.5G", "12MM", "99999999999999999999",
		"17179869184T",
	};
	uint64_t v;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		EXPECT_EQ(0, parse_size(ok[i].s, &v));
		EXPECT_EQ(ok[i].v, v);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_NE(0, parse_size(bad[i], &v));
}

TEST(memory_limits)
{
	struct parse_result r;

	parse(&r, "-m", "1023G", "I", NULL);
	EXPECT_EQ(0, r.ret);
	parse(&r, "-m", "1024G", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "larger than allowed"));
	parse(&r, "-m", "512K", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "minimum"));
	parse(&r, "-m", "1048577B", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "multiple of 4K"));
	parse(&r, "-m", "lots", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "bad memory size 'lots'"));
}

TEST(cpu_count)
{
	struct parse_result r;

	parse(&r, "-c", "64", "I", NULL);
	EXPECT_EQ(0, r.ret);
	EXPECT_EQ(64, r.o.nr_cpus);
	parse(&r, "-c", "0", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "bad CPU count '0': expected 1 to 64"));
	parse(&r, "-c", "65", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	parse(&r, "-c", "2x", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	parse(&r, "-c", "-1", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
}

TEST(timeout_and_format)
{
	struct parse_result r;

	parse(&r, "--timeout", "0", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "bad timeout"));
	parse(&r, "--format", "raw", "I", NULL);
	EXPECT_EQ(0, r.ret);
	EXPECT_EQ(IMAGE_RAW, r.o.format);
	parse(&r, "--format", "image", "I", NULL);
	EXPECT_EQ(IMAGE_LINUX, r.o.format);
	parse(&r, "--format", "zip", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "expected auto, image, elf or raw"));
}

TEST(image_count)
{
	struct parse_result r;

	parse(&r, NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "missing IMAGE"));
	parse(&r, "a", "b", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "more than one IMAGE"));
}

TEST(help_and_version)
{
	struct parse_result r;

	parse(&r, "--help", NULL);
	EXPECT_EQ(OPTS_EXIT_OK, r.ret);
	EXPECT_EQ((char *)r.out, strstr(r.out, "Usage: armvcpu-vmm"));
	EXPECT_NE(NULL, strstr(r.out, "--strict-mmio"));
	EXPECT_NE(NULL, strstr(r.out, "0x09100000"));
	parse(&r, "-h", NULL);
	EXPECT_EQ(OPTS_EXIT_OK, r.ret);
	parse(&r, "--version", NULL);
	EXPECT_EQ(OPTS_EXIT_OK, r.ret);
	EXPECT_STREQ("armvcpu-vmm " VMM_VERSION "\n", r.out);
}

TEST(bad_option)
{
	struct parse_result r;

	parse(&r, "--frobnicate", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
	EXPECT_NE(NULL, strstr(r.err, "--help"));
	parse(&r, "--dtb", "a.dtb", "--dump-dtb", "b.dtb", "I", NULL);
	EXPECT_EQ(OPTS_ERROR, r.ret);
}

TEST_HARNESS_MAIN
