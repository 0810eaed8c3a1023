// SPDX-License-Identifier: GPL-2.0
/*
 * Exit device, the guest-to-VMM channel the selftests use: a 32-bit write
 * of S to offset 0 ends the VMM with exit status S & 0xff. It stands in for
 * a test harness "ucall": PSCI SYSTEM_OFF can only say "success".
 */
#include "board.h"
#include "exitdev.h"
#include "bits.h"

/* Reads as zero: there is nothing to read, but a read must not fault. */
static uint64_t exitdev_read(void *opaque, uint64_t offset, unsigned int len)
{
	(void)opaque;
	(void)offset;
	(void)len;
	return 0;
}

static void exitdev_write(void *opaque, uint64_t offset, uint64_t val,
			  unsigned int len)
{
	struct exitdev *dev = opaque;

	if (offset == BOARD_EXIT_STATUS && len == 4)
		dev->request_exit(dev->ctx, val & 0xff);
}

struct mmio_device exitdev_mmio_device(struct exitdev *dev, uint64_t base,
				       uint64_t size)
{
	return (struct mmio_device) {
		.name = "exit",
		.base = base,
		.size = size,
		.read = exitdev_read,
		.write = exitdev_write,
		.opaque = dev,
	};
}
