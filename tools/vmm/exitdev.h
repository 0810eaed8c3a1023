/* SPDX-License-Identifier: GPL-2.0 */
/* Exit device: lets a guest end the VMM with an exit status of its choice. */
#ifndef VMM_EXITDEV_H
#define VMM_EXITDEV_H

#include "mmio.h"

struct exitdev {
	/* Called from the vCPU thread that wrote the status. */
	void (*request_exit)(void *ctx, int status);
	void *ctx;
};

struct mmio_device exitdev_mmio_device(struct exitdev *dev, uint64_t base,
				       uint64_t size);

#endif /* VMM_EXITDEV_H */
