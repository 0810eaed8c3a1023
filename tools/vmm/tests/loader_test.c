// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the image loaders: placement, BSS, detection, refusals. */
#include <linux/elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "board.h"
#include "loader.h"

#define RAM_SIZE	(4 << 20)
#define POISON		0xa5

FIXTURE(loader) {
	struct guest_ram ram;
	struct image_info info;
	char err[512];
};

FIXTURE_SETUP(loader)
{
	self->ram.base = BOARD_RAM_BASE;
	self->ram.size = RAM_SIZE;
	self->ram.host = malloc(RAM_SIZE);
	ASSERT_NE(NULL, self->ram.host);
	memset(self->ram.host, POISON, RAM_SIZE);
}

FIXTURE_TEARDOWN(loader)
{
	free(self->ram.host);
}

static uint8_t *at(struct guest_ram *ram, uint64_t gpa)
{
	return ram->host + (gpa - ram->base);
}

static int load(struct _test_data_loader *self, const void *file, size_t len,
		const char *name, enum image_format fmt)
{
	return image_load(&self->ram, file, len, name, fmt, &self->info,
			  self->err, sizeof(self->err));
}

/* An arm64 Image header with a recognisable body after it. */
static size_t make_arm64_image(uint8_t *buf, size_t len, uint64_t text_offset,
			       uint64_t image_size, uint64_t flags)
{
	uint32_t magic = ARM64_IMAGE_MAGIC;
	size_t i;

	memset(buf, 0, ARM64_IMAGE_HDR_SIZE);
	memcpy(buf + ARM64_IMAGE_TEXT_OFFSET, &text_offset, 8);
	memcpy(buf + ARM64_IMAGE_SIZE, &image_size, 8);
	memcpy(buf + ARM64_IMAGE_FLAGS, &flags, 8);
	memcpy(buf + ARM64_IMAGE_MAGIC_OFF, &magic, 4);
	for (i = ARM64_IMAGE_HDR_SIZE; i < len; i++)
		buf[i] = i & 0xff;
	return len;
}

struct test_elf {
	struct elf64_hdr eh;
	struct elf64_phdr ph[2];
	uint8_t seg0[256];
	uint8_t seg1[64];
};

/* Two segments: code at 0x40100000 (+256 bytes BSS), data at 0x40200000. */
static void make_elf(struct test_elf *e)
{
	size_t i;

	memset(e, 0, sizeof(*e));
	memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
	e->eh.e_ident[EI_CLASS] = ELFCLASS64;
	e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh.e_ident[EI_VERSION] = EV_CURRENT;
	e->eh.e_type = ET_EXEC;
	e->eh.e_machine = EM_AARCH64;
	e->eh.e_entry = 0x40100010;
	e->eh.e_phoff = offsetof(struct test_elf, ph);
	e->eh.e_phentsize = sizeof(struct elf64_phdr);
	e->eh.e_phnum = 2;
	e->eh.e_ehsize = sizeof(struct elf64_hdr);
	e->ph[0] = (struct elf64_phdr){
		.p_type = PT_LOAD, .p_offset = offsetof(struct test_elf, seg0),
		.p_vaddr = 0xffff000000100000, .p_paddr = 0x40100000,
		.p_filesz = sizeof(e->seg0), .p_memsz = sizeof(e->seg0) + 256,
	};
	e->ph[1] = (struct elf64_phdr){
		.p_type = PT_LOAD, .p_offset = offsetof(struct test_elf, seg1),
		.p_paddr = 0x40200000, .p_filesz = sizeof(e->seg1),
		.p_memsz = sizeof(e->seg1),
	};
	for (i = 0; i < sizeof(e->seg0); i++)
		e->seg0[i] = i;
	memset(e->seg1, 0x5a, sizeof(e->seg1));
}

TEST_F(loader, arm64_image_honours_header)
{
	uint8_t img[4096];
	size_t i;

	make_arm64_image(img, sizeof(img), 0x200000, 0x3000, 0);
	ASSERT_EQ(0, load(self, img, sizeof(img), "Image", IMAGE_AUTO));
	EXPECT_EQ(IMAGE_LINUX, self->info.format);
	EXPECT_EQ(BOARD_RAM_BASE + 0x200000, self->info.entry);
	EXPECT_EQ(BOARD_RAM_BASE + 0x200000, self->info.start);
	EXPECT_EQ(BOARD_RAM_BASE + 0x203000, self->info.end);
	EXPECT_EQ(0, memcmp(at(&self->ram, self->info.entry), img, sizeof(img)));
	/* image_size beyond the file is BSS: zeroed, not left as it was. */
	for (i = sizeof(img); i < 0x3000; i++)
		ASSERT_EQ(0, at(&self->ram, self->info.entry)[i]);
	EXPECT_EQ(POISON, at(&self->ram, self->info.end)[0]);
}

TEST_F(loader, arm64_image_legacy_zero_size)
{
	uint8_t img[256];

	make_arm64_image(img, sizeof(img), 0x1234, 0, 0);
	ASSERT_EQ(0, load(self, img, sizeof(img), "Image", IMAGE_AUTO));
	/* Before 3.17: text_offset is 0x80000 whatever the header says. */
	EXPECT_EQ(BOARD_RAM_BASE + 0x80000, self->info.entry);
	EXPECT_EQ(BOARD_RAM_BASE + 0x80000 + sizeof(img), self->info.end);
}

TEST_F(loader, arm64_image_refusals)
{
	uint8_t img[4096];

	make_arm64_image(img, sizeof(img), 0x80000, 0x1000, 1);
	EXPECT_EQ(-ENOEXEC, load(self, img, sizeof(img), "Image", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "big-endian"));

	make_arm64_image(img, sizeof(img), 0x80000, 0x800, 0);
	EXPECT_EQ(-ENOEXEC, load(self, img, sizeof(img), "Image", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "image_size"));

	make_arm64_image(img, sizeof(img), RAM_SIZE - 0x800, 0x1000, 0);
	EXPECT_EQ(-EFBIG, load(self, img, sizeof(img), "Image", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "does not fit in memory"));

	/* Forced format, but no magic. */
	memset(img, 0, sizeof(img));
	EXPECT_EQ(-ENOEXEC, load(self, img, sizeof(img), "x", IMAGE_LINUX));
	EXPECT_NE(NULL, strstr(self->err, "no magic"));
}

TEST_F(loader, arm64_image_truncated_header)
{
	uint8_t img[ARM64_IMAGE_HDR_SIZE];
	size_t len;

	make_arm64_image(img, sizeof(img), 0x80000, 0x1000, 0);
	for (len = 0; len < sizeof(img); len++) {
		ASSERT_EQ(-ENOEXEC, load(self, img, len, "Image", IMAGE_LINUX));
		ASSERT_NE(NULL, strstr(self->err, "truncated arm64 Image"));
	}
}

TEST_F(loader, elf_segments_at_paddr)
{
	struct test_elf e;

	make_elf(&e);
	ASSERT_EQ(0, load(self, &e, sizeof(e), "guest.elf", IMAGE_AUTO))
		TH_LOG("%s", self->err);
	EXPECT_EQ(IMAGE_ELF, self->info.format);
	EXPECT_EQ(0x40100010, self->info.entry);
	EXPECT_EQ(0x40100000, self->info.start);
	EXPECT_EQ(0x40200000 + sizeof(e.seg1), self->info.end);
	EXPECT_EQ(0, memcmp(at(&self->ram, 0x40100000), e.seg0, sizeof(e.seg0)));
	EXPECT_EQ(0, at(&self->ram, 0x40100000 + sizeof(e.seg0))[0]);
	EXPECT_EQ(0, at(&self->ram, 0x40100000 + sizeof(e.seg0) + 255)[0]);
	EXPECT_EQ(POISON, at(&self->ram, 0x40100000 + sizeof(e.seg0) + 256)[0]);
	EXPECT_EQ(0, memcmp(at(&self->ram, 0x40200000), e.seg1, sizeof(e.seg1)));
}

TEST_F(loader, elf_every_truncation_refused)
{
	struct test_elf e;
	size_t len;

	make_elf(&e);
	for (len = 0; len < sizeof(e); len++) {
		ASSERT_NE(0, load(self, &e, len, "guest.elf", IMAGE_ELF))
			TH_LOG("accepted %zu of %zu bytes", len, sizeof(e));
	}
	/* Detected as ELF from the magic on: the message says truncated. */
	EXPECT_EQ(-ENOEXEC, load(self, &e, 100, "guest.elf", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "truncated ELF"));
}

TEST_F(loader, elf_refusals)
{
	struct test_elf e;

	make_elf(&e);
	e.eh.e_machine = EM_X86_64;
	EXPECT_EQ(-ENOEXEC, load(self, &e, sizeof(e), "x", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "aarch64"));

	make_elf(&e);
	e.eh.e_ident[EI_CLASS] = ELFCLASS32;
	EXPECT_EQ(-ENOEXEC, load(self, &e, sizeof(e), "x", IMAGE_AUTO));

	make_elf(&e);
	e.eh.e_type = ET_DYN;
	EXPECT_EQ(-ENOEXEC, load(self, &e, sizeof(e), "x", IMAGE_AUTO));

	make_elf(&e);
	e.ph[1].p_paddr = 0x30000000;
	EXPECT_EQ(-EFBIG, load(self, &e, sizeof(e), "x", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "does not fit"));

	make_elf(&e);
	e.ph[1].p_paddr = BOARD_RAM_BASE + RAM_SIZE - 8;
	EXPECT_EQ(-EFBIG, load(self, &e, sizeof(e), "x", IMAGE_AUTO));

	make_elf(&e);
	e.ph[0].p_filesz = e.ph[0].p_memsz + 1;
	EXPECT_EQ(-ENOEXEC, load(self, &e, sizeof(e), "x", IMAGE_AUTO));

	make_elf(&e);
	e.ph[0].p_offset = UINT64_MAX - 8;
	EXPECT_EQ(-ENOEXEC, load(self, &e, sizeof(e), "x", IMAGE_AUTO));

	make_elf(&e);
	e.eh.e_entry = 0x40300000;
	EXPECT_EQ(-ENOEXEC, load(self, &e, sizeof(e), "x", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "entry point"));

	make_elf(&e);
	e.ph[0].p_type = PT_NOTE;
	e.ph[1].p_type = PT_NOTE;
	EXPECT_EQ(-ENOEXEC, load(self, &e, sizeof(e), "x", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "no PT_LOAD"));
}

TEST_F(loader, raw_by_name_or_option)
{
	uint8_t code[] = { 0x1f, 0x20, 0x03, 0xd5, 0x00, 0x00, 0x00, 0x14 };

	ASSERT_EQ(0, load(self, code, sizeof(code), "dir/guest.bin", IMAGE_AUTO));
	EXPECT_EQ(IMAGE_RAW, self->info.format);
	EXPECT_EQ(BOARD_IMAGE_BASE, self->info.entry);
	EXPECT_EQ(0, memcmp(at(&self->ram, BOARD_IMAGE_BASE), code, sizeof(code)));
	EXPECT_EQ(POISON, at(&self->ram, BOARD_IMAGE_BASE + sizeof(code))[0]);

	ASSERT_EQ(0, load(self, code, sizeof(code), "guest.img", IMAGE_RAW));
	EXPECT_EQ(BOARD_IMAGE_BASE, self->info.entry);

	EXPECT_EQ(-ENOEXEC, load(self, code, 0, "empty.bin", IMAGE_AUTO));
}

TEST_F(loader, unknown_format_says_what_was_expected)
{
	uint8_t junk[128] = "#!/bin/sh\necho not a kernel\n";

	EXPECT_EQ(-ENOEXEC, load(self, junk, sizeof(junk), "run.sh", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "run.sh: unknown image format"));
	EXPECT_NE(NULL, strstr(self->err, "ELF64 aarch64"));
	EXPECT_NE(NULL, strstr(self->err, "arm64 Image"));
	EXPECT_NE(NULL, strstr(self->err, "--format raw"));
	/* Too short for any magic, and not named .bin: still unknown. */
	EXPECT_EQ(-ENOEXEC, load(self, junk, 3, "x", IMAGE_AUTO));
}

TEST_F(loader, raw_too_big)
{
	uint8_t *big = calloc(1, RAM_SIZE);

	ASSERT_NE(NULL, big);
	EXPECT_EQ(-EFBIG, load(self, big, RAM_SIZE, "big.bin", IMAGE_AUTO));
	EXPECT_NE(NULL, strstr(self->err, "use a larger -m"));
	free(big);
}

TEST_HARNESS_MAIN
