/* SPDX-License-Identifier: GPL-2.0 */
/* ARM PrimeCell UART (PL011) model, r1p5 register map (ARM DDI 0183). */
#ifndef VMM_PL011_H
#define VMM_PL011_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "bits.h"
#include "mmio.h"

#define PL011_DR		0x000
#define PL011_RSR		0x004	/* write: ECR, clears errors */
#define PL011_FR		0x018
#define PL011_ILPR		0x020
#define PL011_IBRD		0x024
#define PL011_FBRD		0x028
#define PL011_LCR_H		0x02c
#define PL011_CR		0x030
#define PL011_IFLS		0x034
#define PL011_IMSC		0x038
#define PL011_RIS		0x03c
#define PL011_MIS		0x040
#define PL011_ICR		0x044
#define PL011_DMACR		0x048
#define PL011_PERIPH_ID0	0xfe0	/* ..0xfec, then PCellID0..3 */

#define PL011_FR_BUSY		BIT(3)
#define PL011_FR_RXFE		BIT(4)
#define PL011_FR_TXFF		BIT(5)
#define PL011_FR_RXFF		BIT(6)
#define PL011_FR_TXFE		BIT(7)

#define PL011_LCR_H_FEN		BIT(4)
#define PL011_CR_UARTEN		BIT(0)
#define PL011_CR_TXE		BIT(8)
#define PL011_CR_RXE		BIT(9)

#define PL011_INT_RX		BIT(4)
#define PL011_INT_TX		BIT(5)
#define PL011_INT_RT		BIT(6)
#define PL011_INT_OE		BIT(10)
#define PL011_INT_ALL		0x7ff

#define PL011_RSR_OE		BIT(3)
#define PL011_FIFO_DEPTH	16
#define PL011_MMIO_SIZE		0x1000

struct pl011 {
	pthread_mutex_t lock;
	pthread_cond_t rx_space;	/* a DR read made room in the FIFO */
	int out_fd;
	uint32_t rsr, ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
	uint8_t rx[PL011_FIFO_DEPTH];
	unsigned int rx_head, rx_count;
	/* UARTINTR, the OR of the masked interrupts, to the GIC: optional. */
	void (*set_irq)(void *ctx, bool level);
	void *irq_ctx;
	bool irq_level;
};

void pl011_init(struct pl011 *u, int out_fd);
void pl011_reset(struct pl011 *u);
/* Whole 32-bit registers at 4-byte aligned offsets. */
uint32_t pl011_read(struct pl011 *u, uint64_t offset);
void pl011_write(struct pl011 *u, uint64_t offset, uint32_t val);
/* Queues one received byte; false (and an overrun) if the FIFO is full. */
bool pl011_receive(struct pl011 *u, uint8_t c);
/* Blocks until the FIFO has room, then queues @c: for the input thread. */
void pl011_receive_wait(struct pl011 *u, uint8_t c);
struct mmio_device pl011_mmio_device(struct pl011 *u, uint64_t base);

#endif /* VMM_PL011_H */
