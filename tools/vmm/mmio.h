/* SPDX-License-Identifier: GPL-2.0 */
/* MMIO bus: devices registered by guest physical address range. */
#ifndef VMM_MMIO_H
#define VMM_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#define MMIO_MAX_DEVICES	16

/*
 * Callbacks get the offset into the device and a value already converted
 * from the run struct's little-endian bytes; len is 1, 2, 4 or 8. Devices
 * lock themselves: vCPU threads call them concurrently.
 */
struct mmio_device {
	const char *name;
	uint64_t base;
	uint64_t size;
	uint64_t (*read)(void *opaque, uint64_t offset, unsigned int len);
	void (*write)(void *opaque, uint64_t offset, uint64_t val,
		      unsigned int len);
	void *opaque;
};

struct mmio_bus {
	struct mmio_device dev[MMIO_MAX_DEVICES];
	unsigned int nr;
};

void mmio_bus_init(struct mmio_bus *bus);
int mmio_register(struct mmio_bus *bus, const struct mmio_device *dev);
const struct mmio_device *mmio_find(const struct mmio_bus *bus,
				    uint64_t addr, unsigned int len);
/* Returns false if no device covers the access. */
bool mmio_access(const struct mmio_bus *bus, uint64_t addr, uint64_t *val,
		 unsigned int len, bool is_write);

#endif /* VMM_MMIO_H */
