/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure half of the gdb stub (gdbstub.c): the remote serial protocol's
 * framing, hex and number parsing, the walk of a guest's stage-1
 * tables and the encoding of a watchpoint. No sockets, no vCPUs: unit tested on the build machine.
 */
#ifndef VMM_GDBPROTO_H
#define VMM_GDBPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet either side sends (qSupported's PacketSize). */
#define GDB_PKT_MAX		4096

enum gdb_rx_event {
	GDB_RX_NONE,		/* more bytes needed */
	GDB_RX_PACKET,		/* a packet with a good checksum: rx->buf */
	GDB_RX_BAD,		/* a packet with a bad checksum: NAK it */
	GDB_RX_INTERRUPT,	/* 0x03 between packets: stop the target */
};

/* Receiver state: feed bytes, get packets. */
struct gdb_rx {
	char buf[GDB_PKT_MAX + 1];	/* NUL-terminated payload */
	size_t len;
	unsigned int state;
	uint8_t sum;
	uint8_t want;
	bool overflow;
};

void gdb_rx_reset(struct gdb_rx *rx);
enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c);

/* "$payload#cs" into out (escaping $ # } *); its length, 0 if too long. */
size_t gdb_frame(char *out, size_t cap, const char *payload, size_t len);

int gdb_hex_digit(char c);
/* Two hex digits per byte; out gets 2 * len characters and a NUL. */
void gdb_hex_encode(char *out, const void *buf, size_t len);
/* Exactly 2 * len hex digits from hex; -1 on anything else. */
int gdb_hex_decode(void *out, const char *hex, size_t len);
/* A hex number up to a character of stop (or the end); NULL if none. */
const char *gdb_parse_hex(const char *s, uint64_t *val, const char *stop);

/* "ADDR,LEN" up to a character of stop: what follows, NULL if malformed. */
const char *gdb_parse_addr_len(const char *s, uint64_t *addr, uint64_t *len,
			       const char *stop);

/* The guest's stage-1 controls, as the vCPU has them. */
struct gdb_s1_regs {
	uint64_t sctlr;
	uint64_t tcr;
	uint64_t ttbr0;
	uint64_t ttbr1;
};

/* Reads the 64-bit descriptor at guest physical pa; 0 on success. */
typedef int (*gdb_read_phys_t)(void *opaque, uint64_t pa, uint64_t *val);

/*
 * Guest virtual va to guest physical, walking the EL1&0 regime's tables
 * as the MMU would (4K, 16K and 64K granules, blocks); with SCTLR_EL1.M
 * clear it is the identity. 0 on success, -1 on a fault.
 */
int gdb_s1_translate(const struct gdb_s1_regs *r, uint64_t va,
		     gdb_read_phys_t read, void *opaque, uint64_t *pa);

/*
 * The DBGWCR of a watchpoint of gdb's type @type ('2' write, '3' read,
 * '4' access) on @len bytes at @addr (DBGWVR: @addr & ~7): up to 8 bytes
 * within one doubleword (BAS picks them), or a naturally aligned power of
 * two from 8 bytes up to 2 GiB (MASK). 0 for any other range or type.
 */
uint64_t gdb_wcr(uint64_t addr, uint64_t len, char type);

#endif /* VMM_GDBPROTO_H */
