// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the gdb stub's pure half: packet framing, hex, numbers,
 * the guest stage-1 walk.
 */
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "gdbproto.h"

static enum gdb_rx_event feed(struct gdb_rx *rx, const char *s)
{
	enum gdb_rx_event e = GDB_RX_NONE;

	while (*s)
		e = gdb_rx_byte(rx, *s++);
	return e;
}

TEST(rx_packets)
{
	struct gdb_rx rx;

	gdb_rx_reset(&rx);
	/* Acks before a packet are ignored; "g" sums to 0x67. */
	EXPECT_EQ(GDB_RX_PACKET, feed(&rx, "+$g#67"));
	EXPECT_STREQ("g", rx.buf);
	EXPECT_EQ(GDB_RX_BAD, feed(&rx, "$g#68"));
	EXPECT_EQ(GDB_RX_BAD, feed(&rx, "$g#6x"));
	/* Escaped '#' (0x23 ^ 0x20 = 0x03): the sum covers the escape. */
	EXPECT_EQ(GDB_RX_PACKET, feed(&rx, "$M0,1:}\x03#94"));
	EXPECT_EQ(6, rx.len);
	EXPECT_EQ('#', rx.buf[5]);
	EXPECT_EQ(GDB_RX_INTERRUPT, gdb_rx_byte(&rx, 0x03));
}

TEST(rx_overflow)
{
	static char pkt[GDB_PKT_MAX + 16];
	struct gdb_rx rx;
	uint8_t sum = 0;
	size_t i;

	gdb_rx_reset(&rx);
	pkt[0] = '$';
	for (i = 1; i <= GDB_PKT_MAX + 1; i++) {
		pkt[i] = 'a';
		sum += 'a';
	}
	snprintf(pkt + i, 4, "#%02x", sum);
	EXPECT_EQ(GDB_RX_BAD, feed(&rx, pkt));
}

TEST(frame)
{
	char out[64];
	size_t n;

	n = gdb_frame(out, sizeof(out), "OK", 2);
	out[n] = '\0';
	EXPECT_STREQ("$OK#9a", out);
	n = gdb_frame(out, sizeof(out), "a#b", 3);
	out[n] = '\0';
	EXPECT_STREQ("$a}\003b#43", out);
	EXPECT_EQ(0, gdb_frame(out, 6, "OKOK", 4));
}

TEST(hex_and_numbers)
{
	uint8_t buf[4];
	char hex[9];
	uint64_t a, l;
	const char *end;

	gdb_hex_encode(hex, "\x12\xab\x00\xff", 4);
	EXPECT_STREQ("12ab00ff", hex);
	EXPECT_EQ(0, gdb_hex_decode(buf, "12AB00ff", 4));
	EXPECT_EQ(0xab, buf[1]);
	EXPECT_EQ(-1, gdb_hex_decode(buf, "12g4", 2));
	end = gdb_parse_addr_len("40080000,4:cafe", &a, &l, ":");
	ASSERT_NE(NULL, end);
	EXPECT_EQ(0x40080000, a);
	EXPECT_EQ(4, l);
	EXPECT_EQ(':', *end);
	EXPECT_EQ(NULL, gdb_parse_addr_len("4008", &a, &l, ""));
	EXPECT_EQ(NULL, gdb_parse_hex("", &a, ""));
	EXPECT_EQ(NULL, gdb_parse_hex("11112222333344445", &a, ""));
}

TEST(watchpoint_encoding)
{
	/* E, PAC = EL1 and EL0, LSC = stores, BAS = bytes 0-7. */
	EXPECT_EQ(0x1ff7, gdb_wcr(0x40001000, 8, '2'));
	/* Loads, 4 bytes at offset 4: BAS = 0b11110000. */
	EXPECT_EQ(0x1e0f, gdb_wcr(0x40001004, 4, '3'));
	/* Loads and stores, one byte at offset 7. */
	EXPECT_EQ(0x101f, gdb_wcr(0x40001007, 1, '4'));
	/* 64 aligned bytes: MASK = 6, BAS all ones. */
	EXPECT_EQ(0x6001ff7ULL, gdb_wcr(0x40001040, 64, '2'));
	/* Across a doubleword, unaligned, not a power of two, bad type. */
	EXPECT_EQ(0, gdb_wcr(0x40001006, 4, '2'));
	EXPECT_EQ(0, gdb_wcr(0x40001008, 64, '2'));
	EXPECT_EQ(0, gdb_wcr(0x40001000, 24, '2'));
	EXPECT_EQ(0, gdb_wcr(0x40001000, 0, '2'));
	EXPECT_EQ(0, gdb_wcr(0x40001000, 8, '1'));
}

/* Guest physical memory of the walk tests: 256 KiB at 0x40000000. */
#define MEM_BASE	0x40000000ULL
static uint64_t mem[32768];

static int mem_read(void *opaque, uint64_t pa, uint64_t *val)
{
	(void)opaque;
	if (pa < MEM_BASE || pa + 8 > MEM_BASE + sizeof(mem) || (pa & 7))
		return -1;
	*val = mem[(pa - MEM_BASE) / 8];
	return 0;
}

static void put(uint64_t pa, uint64_t desc)
{
	mem[(pa - MEM_BASE) / 8] = desc;
}

TEST(s1_walk_4k)
{
	/* T0SZ 25 (39 bits): levels 1-3, TG0 4K; TTBR1 the same, TG1 4K. */
	struct gdb_s1_regs r = {
		.sctlr = 1,
		.tcr = 25 | (25ULL << 16) | (2ULL << 30),
		.ttbr0 = MEM_BASE,
		.ttbr1 = MEM_BASE + 0x4000,
	};
	uint64_t pa;

	memset(mem, 0, sizeof(mem));
	/* VA 0x40201234: L1[1] -> table, L2[1] -> table, L3[1] -> page. */
	put(MEM_BASE + 1 * 8, (MEM_BASE + 0x1000) | 3);
	put(MEM_BASE + 0x1000 + 1 * 8, (MEM_BASE + 0x2000) | 3);
	put(MEM_BASE + 0x2000 + 1 * 8, 0x80005000 | 0x403);
	ASSERT_EQ(0, gdb_s1_translate(&r, 0x40201234, mem_read, NULL, &pa));
	EXPECT_EQ(0x80005234, pa);
	/* A 2 MiB block at L2[2]. */
	put(MEM_BASE + 0x1000 + 2 * 8, 0x80200000 | 0x401);
	ASSERT_EQ(0, gdb_s1_translate(&r, 0x40487654, mem_read, NULL, &pa));
	EXPECT_EQ(0x80287654, pa);
	/* Invalid L3 entry, and an address above the 39-bit range. */
	EXPECT_EQ(-1, gdb_s1_translate(&r, 0x40202000, mem_read, NULL, &pa));
	EXPECT_EQ(-1, gdb_s1_translate(&r, 1ULL << 39, mem_read, NULL, &pa));
	/* The upper half: a 1 GiB block at TTBR1's L1[511]. */
	put(MEM_BASE + 0x4000 + 511 * 8, 0xc0000000 | 0x401);
	ASSERT_EQ(0, gdb_s1_translate(&r, 0xffffffffc0001000ULL, mem_read,
				      NULL, &pa));
	EXPECT_EQ(0xc0001000, pa);
	/* The MMU off: physical. */
	r.sctlr = 0;
	ASSERT_EQ(0, gdb_s1_translate(&r, 0x1234, mem_read, NULL, &pa));
	EXPECT_EQ(0x1234, pa);
}

TEST(s1_walk_64k)
{
	/* T0SZ 22 (42 bits), TG0 64K: levels 2 and 3. */
	struct gdb_s1_regs r = {
		.sctlr = 1,
		.tcr = 22 | (1ULL << 14) | (1ULL << 23),
		.ttbr0 = MEM_BASE,
	};
	uint64_t pa;

	memset(mem, 0, sizeof(mem));
	put(MEM_BASE + 3 * 8, (MEM_BASE + 0x10000) | 3);
	put(MEM_BASE + 0x10000 + 2 * 8, 0x90000000 | 0x403);
	ASSERT_EQ(0, gdb_s1_translate(&r, (3ULL << 29) | (2 << 16) | 0x1234,
				      mem_read, NULL, &pa));
	EXPECT_EQ(0x90001234, pa);
	/* EPD1: the upper half faults. */
	EXPECT_EQ(-1, gdb_s1_translate(&r, ~0ULL, mem_read, NULL, &pa));
}

TEST_HARNESS_MAIN
