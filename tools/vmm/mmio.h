/* SPDX-License-Identifier: GPL-2.0 */
/* MMIO bus: devices registered by guest physical address range. */
#ifndef VMM_MMIO_H
#define VMM_MMIO_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define MMIO_MAX_DEVICES	16
#define MMIO_WARN_MAX		8

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
	/* Addresses already warned about, so each is named once. */
	pthread_mutex_t warn_lock;
	uint64_t warned[MMIO_WARN_MAX];
	unsigned int nr_warned;
};

void mmio_bus_init(struct mmio_bus *bus);
int mmio_register(struct mmio_bus *bus, const struct mmio_device *dev);
const struct mmio_device *mmio_find(const struct mmio_bus *bus,
				    uint64_t addr, unsigned int len);
/* Returns false if no device covers the access. */
bool mmio_access(const struct mmio_bus *bus, uint64_t addr, uint64_t *val,
		 unsigned int len, bool is_write);
/*
 * Rate limit for accesses no device serves: each address is named once,
 * and after MMIO_WARN_MAX addresses the VMM falls silent.
 */
enum mmio_warn {
	MMIO_SILENT,
	MMIO_WARN,
	MMIO_WARN_LAST,		/* warn, and say that further ones are muted */
};

enum mmio_warn mmio_should_warn(struct mmio_bus *bus, uint64_t addr);

#endif /* VMM_MMIO_H */
