// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO bus. A handful of devices, registered once before the vCPUs start
 * and never changed afterwards, so lookups need no lock.
 */
#include <errno.h>
#include <string.h>

#include "mmio.h"
#include "ram.h"

void mmio_bus_init(struct mmio_bus *bus)
{
	memset(bus, 0, sizeof(*bus));
}

static bool overlaps(const struct mmio_device *a, const struct mmio_device *b)
{
	return a->base < b->base + b->size && b->base < a->base + a->size;
}

int mmio_register(struct mmio_bus *bus, const struct mmio_device *dev)
{
	unsigned int i;

	if (!dev->size || dev->base + dev->size < dev->base)
		return -EINVAL;
	for (i = 0; i < bus->nr; i++)
		if (overlaps(&bus->dev[i], dev))
			return -EEXIST;
	if (bus->nr == MMIO_MAX_DEVICES)
		return -ENOSPC;
	bus->dev[bus->nr++] = *dev;
	return 0;
}

const struct mmio_device *mmio_find(const struct mmio_bus *bus,
				    uint64_t addr, unsigned int len)
{
	const struct mmio_device *d;
	unsigned int i;

	for (i = 0; i < bus->nr; i++) {
		d = &bus->dev[i];
		if (addr >= d->base && range_within(addr - d->base, len, d->size))
			return d;
	}
	return NULL;
}

bool mmio_access(const struct mmio_bus *bus, uint64_t addr, uint64_t *val,
		 unsigned int len, bool is_write)
{
	const struct mmio_device *d = mmio_find(bus, addr, len);

	if (!d)
		return false;
	if (is_write) {
		if (d->write)
			d->write(d->opaque, addr - d->base, *val, len);
	} else {
		*val = d->read ? d->read(d->opaque, addr - d->base, len) : 0;
	}
	return true;
}
