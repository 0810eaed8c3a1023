// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the PL011 model, register by register, flag by flag. */
#define _GNU_SOURCE	/* pipe2() */
#include <fcntl.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pl011.h"

FIXTURE(pl011) {
	struct pl011 u;
	int pipe[2];
};

FIXTURE_SETUP(pl011)
{
	ASSERT_EQ(0, pipe2(self->pipe, O_NONBLOCK));
	pl011_init(&self->u, self->pipe[1]);
}

FIXTURE_TEARDOWN(pl011)
{
	close(self->pipe[0]);
	close(self->pipe[1]);
}

static uint32_t rd(struct _test_data_pl011 *self, uint64_t off)
{
	return pl011_read(&self->u, off);
}

static void wr(struct _test_data_pl011 *self, uint64_t off, uint32_t v)
{
	pl011_write(&self->u, off, v);
}

TEST_F(pl011, reset_state)
{
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFE, rd(self, PL011_FR));
	EXPECT_EQ(PL011_CR_TXE | PL011_CR_RXE, rd(self, PL011_CR));
	EXPECT_EQ(0x12, rd(self, PL011_IFLS));
	EXPECT_EQ(0, rd(self, PL011_LCR_H));
	EXPECT_EQ(0, rd(self, PL011_IMSC));
	EXPECT_EQ(0, rd(self, PL011_RIS));
	EXPECT_EQ(0, rd(self, PL011_MIS));
	EXPECT_EQ(0, rd(self, PL011_RSR));
	EXPECT_EQ(0, rd(self, PL011_DR));
}

TEST_F(pl011, primecell_ids)
{
	static const uint32_t id[8] = {
		0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
	};
	unsigned int i;

	for (i = 0; i < 8; i++)
		EXPECT_EQ(id[i], rd(self, PL011_PERIPH_ID0 + 4 * i));
}

TEST_F(pl011, transmit_goes_to_fd)
{
	char buf[8] = { 0 };

	wr(self, PL011_DR, 'h');
	wr(self, PL011_DR, 0x100 | 'i');	/* only the data byte is sent */
	ASSERT_EQ(2, read(self->pipe[0], buf, sizeof(buf)));
	EXPECT_STREQ("hi", buf);
	/* Sent at once: the TX FIFO stays empty and never fills. */
	EXPECT_EQ(PL011_FR_TXFE, rd(self, PL011_FR) & (PL011_FR_TXFE |
						      PL011_FR_TXFF |
						      PL011_FR_BUSY));
	EXPECT_TRUE(rd(self, PL011_RIS) & PL011_INT_TX);
	wr(self, PL011_ICR, PL011_INT_TX);
	EXPECT_FALSE(rd(self, PL011_RIS) & PL011_INT_TX);
}

TEST_F(pl011, receive_without_fifo)
{
	ASSERT_TRUE(pl011_receive(&self->u, 'a'));
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFF, rd(self, PL011_FR));
	EXPECT_EQ(PL011_INT_RX | PL011_INT_RT, rd(self, PL011_RIS));
	/* Depth 1 with FIFOs off: the second byte overruns. */
	EXPECT_FALSE(pl011_receive(&self->u, 'b'));
	EXPECT_EQ(PL011_RSR_OE, rd(self, PL011_RSR));
	EXPECT_TRUE(rd(self, PL011_RIS) & PL011_INT_OE);
	EXPECT_EQ('a', rd(self, PL011_DR));
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFE, rd(self, PL011_FR));
	EXPECT_EQ(0, rd(self, PL011_RIS) & (PL011_INT_RX | PL011_INT_RT));
	/* A write to RSR (ECR) clears the error; ICR clears the interrupt. */
	wr(self, PL011_RSR, 0);
	EXPECT_EQ(0, rd(self, PL011_RSR));
	wr(self, PL011_ICR, PL011_INT_OE);
	EXPECT_EQ(0, rd(self, PL011_RIS));
}

TEST_F(pl011, fifo_order_level_and_full)
{
	unsigned int i;

	wr(self, PL011_LCR_H, PL011_LCR_H_FEN | 0x60);	/* 8N1, FIFOs on */
	EXPECT_EQ(PL011_LCR_H_FEN | 0x60, rd(self, PL011_LCR_H));
	for (i = 0; i < PL011_FIFO_DEPTH; i++) {
		EXPECT_FALSE(rd(self, PL011_FR) & PL011_FR_RXFF);
		ASSERT_TRUE(pl011_receive(&self->u, 'A' + i));
	}
	EXPECT_TRUE(rd(self, PL011_FR) & PL011_FR_RXFF);
	EXPECT_FALSE(pl011_receive(&self->u, 'Z'));
	for (i = 0; i < PL011_FIFO_DEPTH; i++)
		EXPECT_EQ('A' + i, rd(self, PL011_DR));
	EXPECT_TRUE(rd(self, PL011_FR) & PL011_FR_RXFE);
}

TEST_F(pl011, rx_interrupt_follows_trigger_level)
{
	unsigned int i;

	/* IFLS reset value: RX trigger at 1/2 full, i.e. 8 bytes. */
	wr(self, PL011_LCR_H, PL011_LCR_H_FEN);
	wr(self, PL011_IMSC, PL011_INT_RX);
	for (i = 0; i < 7; i++)
		pl011_receive(&self->u, 'x');
	EXPECT_EQ(0, rd(self, PL011_RIS) & PL011_INT_RX);
	EXPECT_TRUE(rd(self, PL011_RIS) & PL011_INT_RT);
	EXPECT_EQ(0, rd(self, PL011_MIS));	/* RT is masked */
	pl011_receive(&self->u, 'x');
	EXPECT_TRUE(rd(self, PL011_RIS) & PL011_INT_RX);
	EXPECT_EQ(PL011_INT_RX, rd(self, PL011_MIS));
	rd(self, PL011_DR);
	EXPECT_EQ(0, rd(self, PL011_MIS));
	/* Trigger at 1/8 (2 bytes): 7 waiting bytes are above it. */
	wr(self, PL011_IFLS, 0);
	EXPECT_EQ(PL011_INT_RX, rd(self, PL011_MIS));
}

TEST_F(pl011, disabling_fifo_flushes_it)
{
	wr(self, PL011_LCR_H, PL011_LCR_H_FEN);
	pl011_receive(&self->u, '1');
	pl011_receive(&self->u, '2');
	wr(self, PL011_LCR_H, 0);
	EXPECT_TRUE(rd(self, PL011_FR) & PL011_FR_RXFE);
	EXPECT_EQ(0, rd(self, PL011_DR));
}

TEST_F(pl011, register_widths)
{
	wr(self, PL011_IBRD, 0xffffffff);
	EXPECT_EQ(0xffff, rd(self, PL011_IBRD));
	wr(self, PL011_FBRD, 0xff);
	EXPECT_EQ(0x3f, rd(self, PL011_FBRD));
	wr(self, PL011_IFLS, 0xffff);
	EXPECT_EQ(0x3f, rd(self, PL011_IFLS));
	wr(self, PL011_IMSC, 0xffffffff);
	EXPECT_EQ(PL011_INT_ALL, rd(self, PL011_IMSC));
	wr(self, PL011_DMACR, 0xff);
	EXPECT_EQ(0x7, rd(self, PL011_DMACR));
	wr(self, PL011_CR, 0xffffffff);
	EXPECT_EQ(0xff87, rd(self, PL011_CR));
	wr(self, PL011_ILPR, 0x1ff);
	EXPECT_EQ(0xff, rd(self, PL011_ILPR));
	/* Read-only registers ignore writes. */
	wr(self, PL011_FR, 0);
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFE, rd(self, PL011_FR));
	wr(self, PL011_RIS, 0xffff);
	EXPECT_EQ(0, rd(self, PL011_RIS));
	wr(self, PL011_PERIPH_ID0, 0);
	EXPECT_EQ(0x11, rd(self, PL011_PERIPH_ID0));
}

TEST_F(pl011, mmio_narrow_accesses)
{
	struct mmio_device d = pl011_mmio_device(&self->u, 0x09000000);
	char c = 0;

	EXPECT_EQ(0x09000000, d.base);
	EXPECT_EQ(PL011_MMIO_SIZE, d.size);
	/* 16-bit reads, as the Linux driver does without reg-io-width. */
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFE, d.read(d.opaque, PL011_FR, 2));
	EXPECT_EQ(0x11, d.read(d.opaque, PL011_PERIPH_ID0, 1));
	wr(self, PL011_IBRD, 0x1234);
	EXPECT_EQ(0x12, d.read(d.opaque, PL011_IBRD + 1, 1));
	EXPECT_EQ(0x34, d.read(d.opaque, PL011_IBRD, 1));
	/* Byte writes to DR, as earlycon may do. */
	d.write(d.opaque, PL011_DR, 'k', 1);
	ASSERT_EQ(1, read(self->pipe[0], &c, 1));
	EXPECT_EQ('k', c);
}

TEST_F(pl011, reset_clears_everything)
{
	wr(self, PL011_IMSC, 0x7ff);
	wr(self, PL011_LCR_H, PL011_LCR_H_FEN);
	pl011_receive(&self->u, 'q');
	pl011_reset(&self->u);
	EXPECT_EQ(0, rd(self, PL011_IMSC));
	EXPECT_EQ(0, rd(self, PL011_LCR_H));
	EXPECT_EQ(PL011_FR_TXFE | PL011_FR_RXFE, rd(self, PL011_FR));
}

TEST_HARNESS_MAIN
