// SPDX-License-Identifier: GPL-2.0
/*
 * Image loaders. The format is decided by magic numbers (ELF, arm64 Image)
 * or by the conventional ".bin" name of an objcopy -O binary file; anything
 * else is refused with a message saying what was expected, because loading
 * an unknown file as raw code only moves the failure into the guest.
 */
#include <linux/elf.h>
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "board.h"
#include "loader.h"
#include "bits.h"

struct load_ctx {
	const struct guest_ram *ram;
	const uint8_t *file;
	size_t len;
	const char *name;
	struct image_info *info;
	char *err;
	size_t err_len;
};

static int load_error(struct load_ctx *c, int code, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(c->err, c->err_len, "%s: ", c->name);
	if (n < 0 || (size_t)n >= c->err_len)
		return code;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->err_len - n, fmt, ap);
	va_end(ap);
	return code;
}

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static uint32_t get_le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

/* Copies @filesz bytes to @gpa and zeroes the rest up to @memsz (BSS). */
static int place(struct load_ctx *c, uint64_t gpa, const uint8_t *src,
		 uint64_t filesz, uint64_t memsz)
{
	uint8_t *dst;

	if (!ram_contains(c->ram, gpa, memsz))
		return load_error(c, -EFBIG,
				  "does not fit in memory: needs 0x%llx-0x%llx, RAM is 0x%llx-0x%llx (use a larger -m)",
				  (unsigned long long)gpa,
				  (unsigned long long)(gpa + memsz),
				  (unsigned long long)c->ram->base,
				  (unsigned long long)(c->ram->base + c->ram->size));
	dst = ram_ptr(c->ram, gpa);
	memcpy(dst, src, filesz);
	memset(dst + filesz, 0, memsz - filesz);
	if (c->info->start > gpa)
		c->info->start = gpa;
	if (c->info->end < gpa + memsz)
		c->info->end = gpa + memsz;
	return 0;
}

static bool is_arm64_image(const uint8_t *file, size_t len)
{
	return len >= ARM64_IMAGE_HDR_SIZE &&
	       get_le32(file + ARM64_IMAGE_MAGIC_OFF) == ARM64_IMAGE_MAGIC;
}

static bool is_elf(const uint8_t *file, size_t len)
{
	return len >= SELFMAG && !memcmp(file, ELFMAG, SELFMAG);
}

static int load_arm64_image(struct load_ctx *c)
{
	uint64_t text_offset, image_size, flags;

	if (c->len < ARM64_IMAGE_HDR_SIZE)
		return load_error(c, -ENOEXEC,
				  "truncated arm64 Image: the header needs %d bytes, the file has %zu",
				  ARM64_IMAGE_HDR_SIZE, c->len);
	if (!is_arm64_image(c->file, c->len))
		return load_error(c, -ENOEXEC,
				  "not an arm64 Image: no magic \"ARM\\x64\" at offset %d",
				  ARM64_IMAGE_MAGIC_OFF);
	text_offset = get_le64(c->file + ARM64_IMAGE_TEXT_OFFSET);
	image_size = get_le64(c->file + ARM64_IMAGE_SIZE);
	flags = get_le64(c->file + ARM64_IMAGE_FLAGS);
	/* Before Linux 3.17 image_size was 0 and text_offset meant 0x80000. */
	if (!image_size) {
		text_offset = BOARD_IMAGE_OFFSET;
		image_size = c->len;
	}
	if (flags & ARM64_IMAGE_FLAG_BE)
		return load_error(c, -ENOEXEC,
				  "big-endian arm64 Image: only little-endian guests are supported");
	if (c->len > image_size)
		return load_error(c, -ENOEXEC,
				  "corrupt arm64 Image: file has %zu bytes, the header's image_size says 0x%llx",
				  c->len, (unsigned long long)image_size);
	/* RAM base is 2 MiB aligned, as booting.rst asks of the kernel base. */
	c->info->entry = c->ram->base + text_offset;
	return place(c, c->info->entry, c->file, c->len, image_size);
}

static int check_elf_header(struct load_ctx *c, const struct elf64_hdr *eh)
{
	if (c->len < sizeof(*eh))
		return load_error(c, -ENOEXEC,
				  "truncated ELF file: the header needs %zu bytes, the file has %zu",
				  sizeof(*eh), c->len);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    le16toh(eh->e_machine) != EM_AARCH64)
		return load_error(c, -ENOEXEC,
				  "not an ELF64 little-endian aarch64 file");
	if (le16toh(eh->e_type) != ET_EXEC)
		return load_error(c, -ENOEXEC,
				  "not an ELF executable (ET_EXEC) linked at a fixed address");
	if (le16toh(eh->e_phentsize) != sizeof(struct elf64_phdr) ||
	    !range_within(le64toh(eh->e_phoff),
			  (uint64_t)le16toh(eh->e_phnum) * sizeof(struct elf64_phdr),
			  c->len))
		return load_error(c, -ENOEXEC,
				  "truncated ELF file: program headers lie past its end");
	return 0;
}

static int load_elf_segment(struct load_ctx *c, const struct elf64_phdr *ph)
{
	uint64_t off = le64toh(ph->p_offset), filesz = le64toh(ph->p_filesz);
	uint64_t memsz = le64toh(ph->p_memsz);

	if (!range_within(off, filesz, c->len))
		return load_error(c, -ENOEXEC,
				  "truncated ELF file: a segment lies past its end");
	if (filesz > memsz)
		return load_error(c, -ENOEXEC,
				  "corrupt ELF file: a segment's p_filesz exceeds p_memsz");
	return place(c, le64toh(ph->p_paddr), c->file + off, filesz, memsz);
}

static int load_elf(struct load_ctx *c)
{
	struct elf64_hdr eh;
	struct elf64_phdr ph;
	unsigned int i, loaded = 0;
	int ret;

	memcpy(&eh, c->file, c->len < sizeof(eh) ? c->len : sizeof(eh));
	ret = check_elf_header(c, &eh);
	if (ret)
		return ret;
	for (i = 0; i < le16toh(eh.e_phnum); i++) {
		memcpy(&ph, c->file + le64toh(eh.e_phoff) + i * sizeof(ph),
		       sizeof(ph));
		if (le32toh(ph.p_type) != PT_LOAD || !ph.p_memsz)
			continue;
		ret = load_elf_segment(c, &ph);
		if (ret)
			return ret;
		loaded++;
	}
	if (!loaded)
		return load_error(c, -ENOEXEC, "ELF file has no PT_LOAD segment");
	c->info->entry = le64toh(eh.e_entry);
	if (c->info->entry < c->info->start || c->info->entry >= c->info->end)
		return load_error(c, -ENOEXEC,
				  "ELF entry point 0x%llx is outside its loaded segments",
				  (unsigned long long)c->info->entry);
	return 0;
}

static int load_raw(struct load_ctx *c)
{
	if (!c->len)
		return load_error(c, -ENOEXEC, "empty file");
	c->info->entry = c->ram->base + BOARD_IMAGE_OFFSET;
	return place(c, c->info->entry, c->file, c->len, c->len);
}

static bool has_bin_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && !strcmp(name + n - 4, ".bin");
}

static enum image_format detect(struct load_ctx *c)
{
	if (is_elf(c->file, c->len))
		return IMAGE_ELF;
	if (is_arm64_image(c->file, c->len))
		return IMAGE_LINUX;
	if (has_bin_suffix(c->name))
		return IMAGE_RAW;
	return IMAGE_AUTO;
}

static int (*const loaders[])(struct load_ctx *c) = {
	[IMAGE_LINUX]	= load_arm64_image,
	[IMAGE_ELF]	= load_elf,
	[IMAGE_RAW]	= load_raw,
};

int image_load(const struct guest_ram *ram, const uint8_t *file, size_t len,
	       const char *name, enum image_format format,
	       struct image_info *info, char *err, size_t err_len)
{
	struct load_ctx c = {
		.ram = ram, .file = file, .len = len, .name = name,
		.info = info, .err = err, .err_len = err_len,
	};

	memset(info, 0, sizeof(*info));
	info->start = UINT64_MAX;
	if (format == IMAGE_AUTO)
		format = detect(&c);
	if (format == IMAGE_AUTO)
		return load_error(&c, -ENOEXEC,
				  "unknown image format: expected an ELF64 aarch64 executable, an arm64 Image (magic \"ARM\\x64\" at offset 56) or a raw binary named *.bin (or use --format raw)");
	info->format = format;
	return loaders[format](&c);
}
