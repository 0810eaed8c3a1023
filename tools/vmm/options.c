// SPDX-License-Identifier: GPL-2.0
/*
 * Command line parsing. Pure code, unit tested on the build machine: it
 * only fills struct vmm_options and never touches /dev/armvcpu.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "options.h"
#include "bits.h"

/*
 * RAM starts at 1 GiB and must end below 2^40, the IPA size armvcpu
 * guarantees (Documentation/api.rst), so 1023 GiB is the most it can be.
 */
#define VMM_MAX_MEM	(BIT_ULL(40) - BOARD_RAM_BASE)
#define VMM_MIN_MEM	BIT_ULL(20)
#define VMM_MAX_TIMEOUT	(24U * 3600U * 365U)

enum {
	OPT_APPEND = 0x100,
	OPT_INITRD,
	OPT_DTB,
	OPT_DUMP_DTB,
	OPT_STATS,
	OPT_TRACE,
	OPT_TIMEOUT,
	OPT_STRICT_MMIO,
	OPT_NO_REBOOT,
	OPT_FORMAT,
	OPT_VERSION,
	OPT_GDB,
	OPT_PMU,
};

static const struct option long_options[] = {
	{ "memory",	 required_argument, NULL, 'm' },
	{ "cpus",	 required_argument, NULL, 'c' },
	{ "append",	 required_argument, NULL, OPT_APPEND },
	{ "initrd",	 required_argument, NULL, OPT_INITRD },
	{ "dtb",	 required_argument, NULL, OPT_DTB },
	{ "dump-dtb",	 required_argument, NULL, OPT_DUMP_DTB },
	{ "stats",	 no_argument,	    NULL, OPT_STATS },
	{ "trace",	 no_argument,	    NULL, OPT_TRACE },
	{ "timeout",	 required_argument, NULL, OPT_TIMEOUT },
	{ "strict-mmio", no_argument,	    NULL, OPT_STRICT_MMIO },
	{ "no-reboot",	 no_argument,	    NULL, OPT_NO_REBOOT },
	{ "format",	 required_argument, NULL, OPT_FORMAT },
	{ "gdb",	 required_argument, NULL, OPT_GDB },
	{ "pmu",	 no_argument,	    NULL, OPT_PMU },
	{ "help",	 no_argument,	    NULL, 'h' },
	{ "version",	 no_argument,	    NULL, OPT_VERSION },
	{ NULL,		 0,		    NULL, 0 },
};

static const char usage_text[] =
"Usage: armvcpu-vmm [OPTIONS] IMAGE\n"
"Run IMAGE (an arm64 Linux Image, an ELF64 aarch64 executable or a raw\n"
"binary) in a virtual machine on /dev/armvcpu.\n"
"\n"
"  -m, --memory SIZE    guest RAM at 0x40000000 (default 128M); SIZE in\n"
"                       bytes with suffix K, M or G, or MiB without one\n"
"  -c, --cpus N         number of vCPUs (default 1, at most 64)\n"
"      --append CMDLINE kernel command line (/chosen/bootargs)\n"
"      --initrd FILE    load FILE as initial ramdisk\n"
"      --dtb FILE       boot with this device tree instead of generating one\n"
"      --dump-dtb FILE  write the generated device tree to FILE and exit\n"
"      --format FMT     image format: auto (default), image, elf or raw\n"
"      --stats          print a table of exits by reason at the end\n"
"      --trace          print one line per exit on stderr\n"
"      --timeout SECS   stop the guest after SECS seconds (exit status 124)\n"
"      --strict-mmio    stop the VM on an access to an address with no device\n"
"      --no-reboot      end on a guest reset (exit status 0) instead of\n"
"                       restarting the guest\n"
"      --gdb tcp:[HOST]:PORT  wait for gdb on PORT (remote protocol)\n"
"                       before the guest runs; HOST: the address to\n"
"                       listen on (default: all)\n"
"      --pmu            give the guest a PMUv3 (interrupt: PPI 23)\n"
"  -h, --help           show this help and exit\n"
"      --version        show the version and exit\n"
"\n"
"A guest ends the VMM with status S by a 32-bit write of S to 0x09100000,\n"
"or with status 0 by PSCI SYSTEM_OFF. See Documentation/vmm.rst.\n";

static const struct {
	const char *name;
	enum image_format format;
} format_names[] = {
	{ "auto",  IMAGE_AUTO },
	{ "image", IMAGE_LINUX },
	{ "elf",   IMAGE_ELF },
	{ "raw",   IMAGE_RAW },
};

const char *image_format_name(enum image_format f)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(format_names); i++)
		if (format_names[i].format == f)
			return format_names[i].name;
	return "?";
}

static int parse_format(const char *s, enum image_format *f)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(format_names); i++) {
		if (!strcmp(s, format_names[i].name)) {
			*f = format_names[i].format;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * "64M", "1G", "4096K", "123456B"; a bare number means MiB, as for QEMU's
 * and kvmtool's -m, so that "-m 512" does what their users expect.
 */
int parse_size(const char *s, uint64_t *size)
{
	static const struct {
		char suffix;
		unsigned int shift;
	} units[] = {
		{ 'B', 0 }, { 'K', 10 }, { 'M', 20 }, { 'G', 30 }, { 'T', 40 },
	};
	unsigned long long v;
	unsigned int shift = 20, i;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	if (*end) {
		for (i = 0; i < ARRAY_SIZE(units); i++)
			if (toupper((unsigned char)*end) == units[i].suffix)
				break;
		if (i == ARRAY_SIZE(units) || end[1])
			return -EINVAL;
		shift = units[i].shift;
	}
	if (v > (UINT64_MAX >> shift))
		return -ERANGE;
	*size = (uint64_t)v << shift;
	return 0;
}

static int parse_uint(const char *s, unsigned int min, unsigned int max,
		      unsigned int *out)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/*
 * QEMU's -gdb syntax: "tcp::1234" listens on every address, "tcp:HOST:PORT"
 * on HOST only. The port is 1 to 65535.
 */
static int parse_gdb(const char *s, struct vmm_options *o)
{
	const char *colon;
	size_t len;

	if (strncmp(s, "tcp:", 4))
		return -EINVAL;
	s += 4;
	colon = strrchr(s, ':');
	if (!colon)
		return -EINVAL;
	len = colon - s;
	if (len >= sizeof(o->gdb_host))
		return -ERANGE;
	memcpy(o->gdb_host, s, len);
	o->gdb_host[len] = '\0';
	return parse_uint(colon + 1, 1, 65535, &o->gdb_port);
}

static int check_memory(const char *arg, uint64_t size, FILE *err)
{
	if (size < VMM_MIN_MEM) {
		fprintf(err, "armvcpu-vmm: memory size '%s' is below the minimum of 1M\n",
			arg);
		return OPTS_ERROR;
	}
	if (size > VMM_MAX_MEM) {
		fprintf(err,
			"armvcpu-vmm: memory size '%s' is larger than allowed: RAM at 0x%x must end below 2^40 (at most %lluG)\n",
			arg, BOARD_RAM_BASE, (unsigned long long)(VMM_MAX_MEM >> 30));
		return OPTS_ERROR;
	}
	if (size & 0xfff) {
		fprintf(err, "armvcpu-vmm: memory size '%s' is not a multiple of 4K\n",
			arg);
		return OPTS_ERROR;
	}
	return 0;
}

static void set_defaults(struct vmm_options *o)
{
	memset(o, 0, sizeof(*o));
	o->mem_size = VMM_DEFAULT_MEM;
	o->nr_cpus = 1;
	o->format = IMAGE_AUTO;
}

static int bad_arg(FILE *err, const char *what, const char *arg,
		   const char *expected)
{
	fprintf(err, "armvcpu-vmm: bad %s '%s': expected %s\n", what, arg,
		expected);
	return OPTS_ERROR;
}

/* Handles one option; returns 0, OPTS_EXIT_OK or OPTS_ERROR. */
static int handle_option(struct vmm_options *o, int c, const char *arg,
			 FILE *out, FILE *err)
{
	switch (c) {
	case 'm':
		if (parse_size(arg, &o->mem_size))
			return bad_arg(err, "memory size", arg,
				       "a number with suffix K, M or G");
		return check_memory(arg, o->mem_size, err);
	case 'c':
		if (parse_uint(arg, 1, VMM_MAX_CPUS, &o->nr_cpus))
			return bad_arg(err, "CPU count", arg, VMM_CPUS_RANGE);
		return 0;
	case OPT_TIMEOUT:
		if (parse_uint(arg, 1, VMM_MAX_TIMEOUT, &o->timeout))
			return bad_arg(err, "timeout", arg,
				       "seconds, at least 1");
		return 0;
	case OPT_FORMAT:
		if (parse_format(arg, &o->format))
			return bad_arg(err, "format", arg,
				       "auto, image, elf or raw");
		return 0;
	case OPT_GDB:
		if (parse_gdb(arg, o))
			return bad_arg(err, "gdb address", arg,
				       "tcp::PORT or tcp:HOST:PORT");
		return 0;
	case OPT_APPEND:
		o->append = arg;
		return 0;
	case OPT_INITRD:
		o->initrd = arg;
		return 0;
	case OPT_DTB:
		o->dtb = arg;
		return 0;
	case OPT_DUMP_DTB:
		o->dump_dtb = arg;
		return 0;
	case OPT_STATS:
		o->stats = true;
		return 0;
	case OPT_TRACE:
		o->trace = true;
		return 0;
	case OPT_STRICT_MMIO:
		o->strict_mmio = true;
		return 0;
	case OPT_NO_REBOOT:
		o->no_reboot = true;
		return 0;
	case OPT_PMU:
		o->pmu = true;
		return 0;
	case 'h':
		fputs(usage_text, out);
		return OPTS_EXIT_OK;
	case OPT_VERSION:
		fprintf(out, "armvcpu-vmm %s\n", VMM_VERSION);
		return OPTS_EXIT_OK;
	default:
		/* getopt_long() has already named the bad option. */
		fputs("Try 'armvcpu-vmm --help'.\n", err);
		return OPTS_ERROR;
	}
}

int vmm_parse_options(struct vmm_options *o, int argc, char **argv,
		      FILE *out, FILE *err)
{
	int c, ret;

	set_defaults(o);
	/* 0, not 1: glibc then fully reinitialises, so tests can parse twice. */
	optind = 0;
	opterr = err == stderr;
	while ((c = getopt_long(argc, argv, "m:c:h", long_options, NULL)) != -1) {
		ret = handle_option(o, c, optarg, out, err);
		if (ret)
			return ret;
	}
	if (optind != argc - 1) {
		fprintf(err, "armvcpu-vmm: %s\nTry 'armvcpu-vmm --help'.\n",
			optind == argc ? "missing IMAGE" : "more than one IMAGE given");
		return OPTS_ERROR;
	}
	o->image = argv[optind];
	if (o->dtb && o->dump_dtb) {
		fputs("armvcpu-vmm: --dtb and --dump-dtb exclude each other\n", err);
		return OPTS_ERROR;
	}
	return 0;
}
