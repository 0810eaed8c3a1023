/* SPDX-License-Identifier: GPL-2.0 */
/* Guest RAM as the VMM sees it: one host mapping of one guest range. */
#ifndef VMM_RAM_H
#define VMM_RAM_H

#include <stdbool.h>
#include <stdint.h>

struct guest_ram {
	uint8_t *host;
	uint64_t base;		/* guest physical address */
	uint64_t size;
};

/* True if [off, off + len) lies within [0, limit), without overflowing. */
static inline bool range_within(uint64_t off, uint64_t len, uint64_t limit)
{
	return off <= limit && len <= limit - off;
}

static inline bool ram_contains(const struct guest_ram *ram, uint64_t gpa,
				uint64_t len)
{
	return gpa >= ram->base && range_within(gpa - ram->base, len, ram->size);
}

/* Host address of guest physical @gpa; the caller checked ram_contains(). */
static inline void *ram_ptr(const struct guest_ram *ram, uint64_t gpa)
{
	return ram->host + (gpa - ram->base);
}

#endif /* VMM_RAM_H */
