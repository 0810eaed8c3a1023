// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the MMIO bus, the exit device and the warning limiter. */
#include <errno.h>

#include "kselftest_harness.h"
#include "board.h"
#include "exitdev.h"
#include "mmio.h"
#include "warnlimit.h"

struct fake_dev {
	uint64_t last_off;
	uint64_t last_val;
	unsigned int last_len;
};

static uint64_t fake_read(void *opaque, uint64_t off, unsigned int len)
{
	struct fake_dev *d = opaque;

	d->last_off = off;
	d->last_len = len;
	return 0xc0ffee00 + off;
}

static void fake_write(void *opaque, uint64_t off, uint64_t val,
		       unsigned int len)
{
	struct fake_dev *d = opaque;

	d->last_off = off;
	d->last_val = val;
	d->last_len = len;
}

static struct mmio_device fake(struct fake_dev *d, uint64_t base,
			       uint64_t size)
{
	return (struct mmio_device){
		.name = "fake", .base = base, .size = size,
		.read = fake_read, .write = fake_write, .opaque = d,
	};
}

TEST(register_rejects_overlap_and_empty)
{
	struct fake_dev d = { 0 };
	struct mmio_device dev;
	struct mmio_bus bus;

	mmio_bus_init(&bus);
	dev = fake(&d, 0x1000, 0x1000);
	ASSERT_EQ(0, mmio_register(&bus, &dev));
	dev = fake(&d, 0x1fff, 1);
	EXPECT_EQ(-EEXIST, mmio_register(&bus, &dev));
	dev = fake(&d, 0x800, 0x801);
	EXPECT_EQ(-EEXIST, mmio_register(&bus, &dev));
	dev = fake(&d, 0x2000, 0);
	EXPECT_EQ(-EINVAL, mmio_register(&bus, &dev));
	dev = fake(&d, UINT64_MAX - 1, 4);
	EXPECT_EQ(-EINVAL, mmio_register(&bus, &dev));
	dev = fake(&d, 0x2000, 0x1000);	/* adjacent is fine */
	EXPECT_EQ(0, mmio_register(&bus, &dev));
}

TEST(bus_is_full)
{
	struct fake_dev d = { 0 };
	struct mmio_device dev;
	struct mmio_bus bus;
	unsigned int i;

	mmio_bus_init(&bus);
	for (i = 0; i < MMIO_MAX_DEVICES; i++) {
		dev = fake(&d, 0x1000 * (i + 1), 0x1000);
		ASSERT_EQ(0, mmio_register(&bus, &dev));
	}
	dev = fake(&d, 0x100000, 0x1000);
	EXPECT_EQ(-ENOSPC, mmio_register(&bus, &dev));
}

TEST(dispatch_by_range_with_offsets)
{
	struct fake_dev a = { 0 }, b = { 0 };
	struct mmio_device dev;
	struct mmio_bus bus;
	uint64_t val;

	mmio_bus_init(&bus);
	dev = fake(&a, 0x09000000, 0x1000);
	ASSERT_EQ(0, mmio_register(&bus, &dev));
	dev = fake(&b, 0x09100000, 0x1000);
	ASSERT_EQ(0, mmio_register(&bus, &dev));

	ASSERT_TRUE(mmio_access(&bus, 0x09000018, &val, 4, false));
	EXPECT_EQ(0xc0ffee18, val);
	EXPECT_EQ(0x18, a.last_off);
	EXPECT_EQ(4, a.last_len);

	val = 0x1122334455667788ULL;
	ASSERT_TRUE(mmio_access(&bus, 0x09100ff8, &val, 8, true));
	EXPECT_EQ(0xff8, b.last_off);
	EXPECT_EQ(0x1122334455667788ULL, b.last_val);
	EXPECT_EQ(8, b.last_len);

	/* Straddling the end of a device, or no device at all: unhandled. */
	EXPECT_FALSE(mmio_access(&bus, 0x09000ffc, &val, 8, false));
	EXPECT_FALSE(mmio_access(&bus, 0x0a000000, &val, 4, false));
	EXPECT_EQ(NULL, mmio_find(&bus, 0x08ffffff, 1));
	EXPECT_NE(NULL, mmio_find(&bus, 0x09000fff, 1));
}

struct exit_record {
	int calls;
	int status;
};

static void record_exit(void *ctx, int status)
{
	struct exit_record *r = ctx;

	r->calls++;
	r->status = status;
}

TEST(exit_device_status)
{
	struct exit_record rec = { 0 };
	struct exitdev dev = { .request_exit = record_exit, .ctx = &rec };
	struct mmio_device d;
	struct mmio_bus bus;
	uint64_t val;

	mmio_bus_init(&bus);
	d = exitdev_mmio_device(&dev, BOARD_EXIT_BASE, BOARD_EXIT_SIZE);
	ASSERT_EQ(0, mmio_register(&bus, &d));

	ASSERT_TRUE(mmio_access(&bus, BOARD_EXIT_BASE, &val, 4, false));
	EXPECT_EQ(0, val);
	/* Only a 32-bit write to the status register counts. */
	val = 42;
	mmio_access(&bus, BOARD_EXIT_BASE, &val, 1, true);
	mmio_access(&bus, BOARD_EXIT_BASE + 4, &val, 4, true);
	EXPECT_EQ(0, rec.calls);
	mmio_access(&bus, BOARD_EXIT_BASE + BOARD_EXIT_STATUS, &val, 4, true);
	EXPECT_EQ(1, rec.calls);
	EXPECT_EQ(42, rec.status);
	val = 0x1ff;
	mmio_access(&bus, BOARD_EXIT_BASE, &val, 4, true);
	EXPECT_EQ(0xff, rec.status);
}

TEST(warn_limit_once_per_key_then_silent)
{
	struct warn_limit wl;
	unsigned int i;

	warn_limit_init(&wl);
	EXPECT_EQ(WARN_ONCE, warn_limit_check(&wl, 0x0a000000));
	EXPECT_EQ(WARN_SILENT, warn_limit_check(&wl, 0x0a000000));
	for (i = 1; i < WARN_LIMIT_MAX - 1; i++)
		EXPECT_EQ(WARN_ONCE, warn_limit_check(&wl, i));
	EXPECT_EQ(WARN_LAST, warn_limit_check(&wl, 0xdead));
	EXPECT_EQ(WARN_SILENT, warn_limit_check(&wl, 0xbeef));
	EXPECT_EQ(WARN_SILENT, warn_limit_check(&wl, 1));
}

TEST_HARNESS_MAIN
