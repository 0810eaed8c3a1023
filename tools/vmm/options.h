/* SPDX-License-Identifier: GPL-2.0 */
/* Command line of armvcpu-vmm. */
#ifndef VMM_OPTIONS_H
#define VMM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define VMM_VERSION		"0.1.0"
#define VMM_DEFAULT_MEM		(128ULL << 20)
#define VMM_MAX_CPUS		64
#define VMM_CPUS_RANGE		"1 to 64"	/* for messages */

enum image_format {
	IMAGE_AUTO,
	IMAGE_LINUX,	/* arm64 Image, Documentation/arm64/booting.rst */
	IMAGE_ELF,
	IMAGE_RAW,
};

struct vmm_options {
	uint64_t mem_size;
	unsigned int nr_cpus;
	unsigned int timeout;		/* seconds, 0: none */
	enum image_format format;
	const char *image;
	const char *append;
	const char *initrd;
	const char *dtb;
	const char *dump_dtb;
	bool stats;
	bool trace;
	bool strict_mmio;
	bool no_reboot;
	/* --gdb tcp:[HOST]:PORT; gdb_port 0: no gdb stub */
	char gdb_host[64];		/* empty: every address */
	unsigned int gdb_port;
	bool pmu;
};

/* vmm_parse_options() results besides 0 (run the VM). */
#define OPTS_EXIT_OK		1	/* --help or --version printed */
#define OPTS_ERROR		(-1)	/* message printed to err */

int vmm_parse_options(struct vmm_options *o, int argc, char **argv,
		      FILE *out, FILE *err);
int parse_size(const char *s, uint64_t *size);
const char *image_format_name(enum image_format f);

#endif /* VMM_OPTIONS_H */
