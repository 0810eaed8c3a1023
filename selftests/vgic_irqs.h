/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What selftests/vgic_irqs.c and its guest, vgic_irqs_guest.c, agree on:
 * the scenario the host puts in x0, the SYNC ucalls by which the guest
 * asks the host to act (raise a line, take the time) and the SPIs the
 * host drives. One header, so the two sides cannot drift apart.
 */
#ifndef __SELFTESTS_VGIC_IRQS_H
#define __SELFTESTS_VGIC_IRQS_H

/* Scenarios: the host's selector in x0. */
enum {
	SC_REGS = 1, SC_TIMER_WFI, SC_TIMER_POLL, SC_MASKING, SC_PRIORITY,
	SC_SGI, SC_SPI, SC_EOIMODE, SC_SUSPEND, SC_TIMER_ACK_EXIT,
	SC_NR
};

/*
 * Arguments of the guest's SYNC ucalls. SYNC_SGI_NS is followed by one
 * more SYNC that carries the figure.
 */
enum {
	SYNC_SLEEP_BEGIN = 100, SYNC_SLEEP_END, SYNC_EDGE_PULSE,
	SYNC_LEVEL_RAISE, SYNC_LEVEL_LOWER, SYNC_SGI_NS, SYNC_IN_HANDLER,
};

/* The SPIs the host raises through ARMVCPU_IRQ_LINE (INTIDs). */
#define SPI_EDGE	40
#define SPI_LEVEL	41

#endif /* __SELFTESTS_VGIC_IRQS_H */
