/* SPDX-License-Identifier: GPL-2.0 */
/* Guest image loaders: arm64 Image, ELF64 aarch64, raw binary. */
#ifndef VMM_LOADER_H
#define VMM_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "bits.h"
#include "options.h"
#include "ram.h"

/* Offsets in the arm64 Image header, Documentation/arm64/booting.rst. */
#define ARM64_IMAGE_TEXT_OFFSET	8
#define ARM64_IMAGE_SIZE	16
#define ARM64_IMAGE_FLAGS	24
#define ARM64_IMAGE_MAGIC_OFF	56
#define ARM64_IMAGE_HDR_SIZE	64
#define ARM64_IMAGE_MAGIC	0x644d5241	/* "ARM\x64" */
#define ARM64_IMAGE_FLAG_BE	BIT_ULL(0)

struct image_info {
	enum image_format format;	/* as detected */
	uint64_t entry;			/* guest physical */
	uint64_t start;			/* lowest byte loaded */
	uint64_t end;			/* past the highest byte, incl. BSS */
};

int image_load(const struct guest_ram *ram, const uint8_t *file, size_t len,
	       const char *name, enum image_format format,
	       struct image_info *info, char *err, size_t err_len);

#endif /* VMM_LOADER_H */
