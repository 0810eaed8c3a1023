/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual board armvcpu-vmm presents to a guest.
 *
 * Shared by the VMM and by the freestanding guest runtime, so that both
 * sides agree on one memory map. Addresses follow QEMU's "virt" machine,
 * so that images built for it run unchanged; the exit device sits in a
 * hole of that map. Plain constants: this header is also used from assembly.
 */
#ifndef ARMVCPU_BOARD_H
#define ARMVCPU_BOARD_H

/* PL011 UART, as on QEMU virt (Linux: earlycon=pl011,0x09000000). */
#define BOARD_UART_BASE		0x09000000
#define BOARD_UART_SIZE		0x1000

/*
 * Exit device: a 32-bit write of STATUS to offset 0 ends the VMM with exit
 * status (STATUS & 0xff). QEMU virt leaves 0x09100000 unused.
 */
#define BOARD_EXIT_BASE		0x09100000
#define BOARD_EXIT_SIZE		0x1000
#define BOARD_EXIT_STATUS	0x0

/*
 * GICv3 (armvcpu's in-kernel one, ARMVCPU_VM_VGIC), as on QEMU virt:
 * distributor, then one 128 KiB redistributor per vCPU. The PL011 is SPI 1
 * (INTID 33); the architected timer's PPIs are QEMU virt's too.
 */
#define BOARD_GICD_BASE		0x08000000
#define BOARD_GICD_SIZE		0x10000
#define BOARD_GICR_BASE		0x080a0000
#define BOARD_GICR_STRIDE	0x20000
#define BOARD_UART_SPI		1
#define BOARD_UART_INTID	(32 + BOARD_UART_SPI)

/* RAM starts at 1 GiB, as on QEMU virt. */
#define BOARD_RAM_BASE		0x40000000

/* Raw binaries, and guests linked by tools/guest, start here. */
#define BOARD_IMAGE_OFFSET	0x80000
#define BOARD_IMAGE_BASE	0x40080000

#endif /* ARMVCPU_BOARD_H */
