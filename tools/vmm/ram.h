/* SPDX-License-Identifier: GPL-2.0 */
/* Guest RAM as the VMM sees it: one host mapping of one guest range. */
#ifndef VMM_RAM_H
#define VMM_RAM_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>

/* Where guest RAM starts in the host: transparent huge pages need 2 MiB. */
#define RAM_HOST_ALIGN		(2ULL << 20)

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

/*
 * @size bytes of anonymous memory at a 2 MiB-aligned host address, as QEMU
 * and kvmtool align guest RAM: then transparent huge pages back it, each
 * 2 MiB costs one host fault instead of 512, and the hypervisor can map
 * it with 2 MiB blocks at stage 2. MAP_FAILED on failure, with errno set.
 */
static inline void *ram_map_aligned(uint64_t size)
{
	uint8_t *p, *start;

	p = mmap(NULL, size + RAM_HOST_ALIGN, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return p;
	start = (uint8_t *)(((uintptr_t)p + RAM_HOST_ALIGN - 1) &
			    ~(uintptr_t)(RAM_HOST_ALIGN - 1));
	if (start > p)
		munmap(p, start - p);
	munmap(start + size, p + RAM_HOST_ALIGN - start);
	return start;
}

#endif /* VMM_RAM_H */
