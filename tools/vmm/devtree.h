/* SPDX-License-Identifier: GPL-2.0 */
/* Device tree of the virtual board, generated with libfdt. */
#ifndef VMM_DEVTREE_H
#define VMM_DEVTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* booting.rst allows 2 MiB; 64 KiB holds our tree and a long bootargs. */
#define DEVTREE_MAX_SIZE		0x10000
#define DEVTREE_APB_PCLK_HZ		24000000

struct devtree_params {
	uint64_t ram_base;
	uint64_t ram_size;
	unsigned int nr_cpus;
	const uint64_t *mpidr;		/* nr_cpus values, as the vCPUs report */
	const char *bootargs;		/* NULL: none */
	uint64_t initrd_start;
	uint64_t initrd_end;		/* == initrd_start: no initrd */
	bool gic;			/* armvcpu's in-kernel GICv3 */
	bool pmu;			/* a PMUv3, on PPI 23 */
};

/* Room devtree_patch_chosen() may need beyond the tree and bootargs. */
#define DEVTREE_PATCH_SLACK	512

/* Writes the tree into @buf; returns 0 or a negative libfdt error. */
int devtree_build(void *buf, size_t size, const struct devtree_params *p);

/*
 * Copies the user's tree @src into @buf (@size bytes) and sets /chosen's
 * bootargs and initrd properties from @p where given, as QEMU does with
 * -dtb. Returns 0 or a negative libfdt error.
 */
int devtree_patch_chosen(void *buf, size_t size, const void *src,
			 const struct devtree_params *p);

#endif /* VMM_DEVTREE_H */
