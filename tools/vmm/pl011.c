// SPDX-License-Identifier: GPL-2.0
/*
 * PL011 UART. Transmission is instantaneous (a byte written to DR goes
 * straight to the output fd), so the TX FIFO is always empty; the RX FIFO
 * is real, fed by the console input thread. Interrupt status is kept
 * exactly (RIS/MIS/ICR/IMSC), as the Linux amba-pl011 driver expects, and
 * its masked OR drives set_irq(): with the in-kernel GIC, the UART's SPI
 * (vm.c); without it, no line.
 */
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "pl011.h"
#include "bits.h"

/* PeriphID0-3 then PCellID0-3: part 0x011, designer ARM (0x41), r1p5. */
static const uint8_t pl011_id[8] = {
	0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

/* Registers that simply hold what was written, within their width. */
static const struct {
	uint32_t offset;
	size_t field;
	uint32_t mask;
} plain_regs[] = {
	{ PL011_ILPR,  offsetof(struct pl011, ilpr),  0xff },
	{ PL011_IBRD,  offsetof(struct pl011, ibrd),  0xffff },
	{ PL011_FBRD,  offsetof(struct pl011, fbrd),  0x3f },
	{ PL011_CR,    offsetof(struct pl011, cr),    0xff87 },
	{ PL011_IFLS,  offsetof(struct pl011, ifls),  0x3f },
	{ PL011_IMSC,  offsetof(struct pl011, imsc),  PL011_INT_ALL },
	{ PL011_DMACR, offsetof(struct pl011, dmacr), 0x7 },
};

static uint32_t *plain_reg(struct pl011 *u, uint64_t offset, uint32_t *mask)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(plain_regs); i++) {
		if (plain_regs[i].offset == offset) {
			*mask = plain_regs[i].mask;
			return (uint32_t *)((char *)u + plain_regs[i].field);
		}
	}
	return NULL;
}

static unsigned int fifo_depth(const struct pl011 *u)
{
	return u->lcr_h & PL011_LCR_H_FEN ? PL011_FIFO_DEPTH : 1;
}

/* IFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO. */
static unsigned int rx_trigger(const struct pl011 *u)
{
	static const unsigned int eighths[8] = { 1, 2, 4, 6, 7, 7, 7, 7 };

	if (!(u->lcr_h & PL011_LCR_H_FEN))
		return 1;
	return PL011_FIFO_DEPTH * eighths[(u->ifls >> 3) & 7] / 8;
}

/* The receive interrupts follow the FIFO level; RT stands for "data waiting". */
static void update_rx_irq(struct pl011 *u)
{
	u->ris &= ~(PL011_INT_RX | PL011_INT_RT);
	if (u->rx_count >= rx_trigger(u))
		u->ris |= PL011_INT_RX;
	if (u->rx_count)
		u->ris |= PL011_INT_RT;
}

static uint32_t read_fr(const struct pl011 *u)
{
	uint32_t fr = PL011_FR_TXFE;

	if (!u->rx_count)
		fr |= PL011_FR_RXFE;
	if (u->rx_count >= fifo_depth(u))
		fr |= PL011_FR_RXFF;
	return fr;
}

static uint32_t read_dr(struct pl011 *u)
{
	uint32_t c;

	if (!u->rx_count)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % PL011_FIFO_DEPTH;
	u->rx_count--;
	update_rx_irq(u);
	pthread_cond_signal(&u->rx_space);
	return c;
}

static void write_dr(struct pl011 *u, uint32_t val)
{
	uint8_t c = val;

	/*
	 * Sent even with UARTEN/TXE clear, as QEMU does: bare-metal code that
	 * skips the enable sequence still gets its output.
	 */
	if (write(u->out_fd, &c, 1) != 1)
		return;
	u->ris |= PL011_INT_TX;
}

static void write_lcr_h(struct pl011 *u, uint32_t val)
{
	/* Switching the FIFOs on or off flushes them (PL011 TRM 3.3.7). */
	if ((u->lcr_h ^ val) & PL011_LCR_H_FEN) {
		u->rx_count = 0;
		u->rx_head = 0;
		pthread_cond_signal(&u->rx_space);
	}
	u->lcr_h = val & 0xff;
	update_rx_irq(u);
}

static uint32_t read_locked(struct pl011 *u, uint64_t offset)
{
	uint32_t mask, *reg;

	if (offset >= PL011_PERIPH_ID0 && offset < PL011_PERIPH_ID0 + 32)
		return pl011_id[(offset - PL011_PERIPH_ID0) / 4];
	reg = plain_reg(u, offset, &mask);
	if (reg)
		return *reg;
	switch (offset) {
	case PL011_DR:
		return read_dr(u);
	case PL011_RSR:
		return u->rsr;
	case PL011_FR:
		return read_fr(u);
	case PL011_LCR_H:
		return u->lcr_h;
	case PL011_RIS:
		return u->ris;
	case PL011_MIS:
		return u->ris & u->imsc;
	default:
		return 0;
	}
}

static void write_locked(struct pl011 *u, uint64_t offset, uint32_t val)
{
	uint32_t mask, *reg;

	reg = plain_reg(u, offset, &mask);
	if (reg) {
		*reg = val & mask;
		if (offset == PL011_IFLS)
			update_rx_irq(u);
		return;
	}
	switch (offset) {
	case PL011_DR:
		write_dr(u, val);
		break;
	case PL011_RSR:
		u->rsr = 0;
		break;
	case PL011_LCR_H:
		write_lcr_h(u, val);
		break;
	case PL011_ICR:
		u->ris &= ~val;
		break;
	}
}

/* Drives the interrupt line when it changes; called with the lock held. */
static void update_irq(struct pl011 *u)
{
	bool level = u->ris & u->imsc;

	if (level == u->irq_level || !u->set_irq)
		return;
	u->irq_level = level;
	u->set_irq(u->irq_ctx, level);
}

uint32_t pl011_read(struct pl011 *u, uint64_t offset)
{
	uint32_t val;

	pthread_mutex_lock(&u->lock);
	val = read_locked(u, offset);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return val;
}

void pl011_write(struct pl011 *u, uint64_t offset, uint32_t val)
{
	pthread_mutex_lock(&u->lock);
	write_locked(u, offset, val);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
}

static bool receive_locked(struct pl011 *u, uint8_t c)
{
	if (u->rx_count >= fifo_depth(u)) {
		u->rsr |= PL011_RSR_OE;
		u->ris |= PL011_INT_OE;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % PL011_FIFO_DEPTH] = c;
	u->rx_count++;
	update_rx_irq(u);
	return true;
}

bool pl011_receive(struct pl011 *u, uint8_t c)
{
	bool ok;

	pthread_mutex_lock(&u->lock);
	ok = receive_locked(u, c);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return ok;
}

void pl011_receive_wait(struct pl011 *u, uint8_t c)
{
	pthread_mutex_lock(&u->lock);
	while (u->rx_count >= fifo_depth(u))
		pthread_cond_wait(&u->rx_space, &u->lock);
	receive_locked(u, c);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
}

/* Reset values from the PL011 TRM: UART enabled for TX and RX, FIFOs off. */
void pl011_reset(struct pl011 *u)
{
	pthread_mutex_lock(&u->lock);
	u->rsr = 0;
	u->ilpr = 0;
	u->ibrd = 0;
	u->fbrd = 0;
	u->lcr_h = 0;
	u->cr = PL011_CR_TXE | PL011_CR_RXE;
	u->ifls = 0x12;
	u->imsc = 0;
	u->ris = 0;
	u->dmacr = 0;
	u->rx_head = 0;
	u->rx_count = 0;
	update_irq(u);
	pthread_cond_broadcast(&u->rx_space);
	pthread_mutex_unlock(&u->lock);
}

void pl011_init(struct pl011 *u, int out_fd)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init(&u->rx_space, NULL);
	u->out_fd = out_fd;
	pl011_reset(u);
}

/*
 * Linux's driver uses 16- or 32-bit accesses, earlycon may use 8-bit ones:
 * narrow reads see the low bits of the register, as on the AMBA bus.
 */
static uint64_t pl011_mmio_read(void *opaque, uint64_t offset, unsigned int len)
{
	uint32_t val = pl011_read(opaque, offset & ~3ULL);

	val >>= 8 * (offset & 3);
	return len >= 4 ? val : val & ((1U << (8 * len)) - 1);
}

static void pl011_mmio_write(void *opaque, uint64_t offset, uint64_t val,
			     unsigned int len)
{
	(void)len;
	if (!(offset & 3))
		pl011_write(opaque, offset, val);
}

struct mmio_device pl011_mmio_device(struct pl011 *u, uint64_t base)
{
	return (struct mmio_device) {
		.name = "pl011",
		.base = base,
		.size = PL011_MMIO_SIZE,
		.read = pl011_mmio_read,
		.write = pl011_mmio_write,
		.opaque = u,
	};
}
