// SPDX-License-Identifier: GPL-2.0
/*
 * GDB remote serial protocol framing and parsing, and the guest's stage-1
 * walk for the stub's memory accesses. Pure code (gdbproto.h).
 */
#include <string.h>

#include "bits.h"
#include "gdbproto.h"

enum {
	RX_IDLE,	/* between packets: acks, 0x03 */
	RX_DATA,	/* after '$' */
	RX_ESCAPE,	/* after '}' */
	RX_SUM1,	/* after '#' */
	RX_SUM2,
};

void gdb_rx_reset(struct gdb_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
}

int gdb_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void rx_store(struct gdb_rx *rx, uint8_t c)
{
	if (rx->len < GDB_PKT_MAX)
		rx->buf[rx->len++] = c;
	else
		rx->overflow = true;
}

static enum gdb_rx_event rx_idle(struct gdb_rx *rx, uint8_t c)
{
	if (c == 0x03)
		return GDB_RX_INTERRUPT;
	if (c == '$') {
		rx->len = 0;
		rx->sum = 0;
		rx->overflow = false;
		rx->state = RX_DATA;
	}
	/* '+', '-' and noise between packets mean nothing to a stub. */
	return GDB_RX_NONE;
}

static enum gdb_rx_event rx_sum(struct gdb_rx *rx, uint8_t c)
{
	int d = gdb_hex_digit(c);

	if (d < 0) {
		rx->state = RX_IDLE;
		return GDB_RX_BAD;
	}
	if (rx->state == RX_SUM1) {
		rx->want = d << 4;
		rx->state = RX_SUM2;
		return GDB_RX_NONE;
	}
	rx->want |= d;
	rx->state = RX_IDLE;
	rx->buf[rx->len] = '\0';
	if (rx->want != rx->sum || rx->overflow)
		return GDB_RX_BAD;
	return GDB_RX_PACKET;
}

enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c)
{
	switch (rx->state) {
	case RX_IDLE:
		return rx_idle(rx, c);
	case RX_DATA:
		if (c == '#') {
			rx->state = RX_SUM1;
			return GDB_RX_NONE;
		}
		rx->sum += c;
		if (c == '}')
			rx->state = RX_ESCAPE;
		else
			rx_store(rx, c);
		return GDB_RX_NONE;
	case RX_ESCAPE:
		rx->sum += c;
		rx_store(rx, c ^ 0x20);
		rx->state = RX_DATA;
		return GDB_RX_NONE;
	default:
		return rx_sum(rx, c);
	}
}

size_t gdb_frame(char *out, size_t cap, const char *payload, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t sum = 0, c;
	size_t n = 0, i;

	if (cap < 4)
		return 0;
	out[n++] = '$';
	for (i = 0; i < len; i++) {
		c = payload[i];
		/* Room for an escaped byte and the "#cs" that follows. */
		if (n + 2 + 3 > cap)
			return 0;
		if (c == '$' || c == '#' || c == '}' || c == '*') {
			out[n++] = '}';
			sum += '}';
			c ^= 0x20;
		}
		out[n++] = c;
		sum += c;
	}
	out[n++] = '#';
	out[n++] = hex[sum >> 4];
	out[n++] = hex[sum & 0xf];
	return n;
}

void gdb_hex_encode(char *out, const void *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		*out++ = hex[p[i] >> 4];
		*out++ = hex[p[i] & 0xf];
	}
	*out = '\0';
}

int gdb_hex_decode(void *out, const char *hex, size_t len)
{
	uint8_t *p = out;
	int hi, lo;
	size_t i;

	for (i = 0; i < len; i++) {
		hi = gdb_hex_digit(hex[2 * i]);
		lo = hi < 0 ? -1 : gdb_hex_digit(hex[2 * i + 1]);
		if (lo < 0)
			return -1;
		p[i] = hi << 4 | lo;
	}
	return 0;
}

const char *gdb_parse_hex(const char *s, uint64_t *val, const char *stop)
{
	uint64_t v = 0;
	int d, n = 0;

	for (; *s && !strchr(stop, *s); s++, n++) {
		d = gdb_hex_digit(*s);
		if (d < 0 || n == 16)
			return NULL;
		v = v << 4 | d;
	}
	if (!n)
		return NULL;
	*val = v;
	return s;
}

const char *gdb_parse_addr_len(const char *s, uint64_t *addr, uint64_t *len,
			       const char *stop)
{
	s = gdb_parse_hex(s, addr, ",");
	if (!s || *s != ',')
		return NULL;
	return gdb_parse_hex(s + 1, len, stop);
}

/* TCR_EL1 fields of one half of the address space. */
struct s1_half {
	uint64_t ttbr;
	unsigned int tsz;	/* TnSZ: the half spans 2^(64 - tsz) bytes */
	unsigned int granule;	/* log2 of the page size */
	bool disabled;		/* EPDn: a walk faults */
	bool tbi;		/* the top byte is ignored */
};

#define SCTLR_M		1ULL
#define TCR_EPD0	BIT_ULL(7)
#define TCR_EPD1	BIT_ULL(23)
#define TCR_TBI0	BIT_ULL(37)
#define TCR_TBI1	BIT_ULL(38)

/* TG0 and TG1 encode the same granules differently (Arm ARM D19.2). */
static const unsigned int tg0_bits[4] = { 12, 16, 14, 0 };
static const unsigned int tg1_bits[4] = { 0, 14, 12, 16 };

static void s1_half(const struct gdb_s1_regs *r, bool upper,
		    struct s1_half *h)
{
	uint64_t tcr = r->tcr;

	if (!upper) {
		h->ttbr = r->ttbr0;
		h->tsz = tcr & 0x3f;
		h->granule = tg0_bits[(tcr >> 14) & 3];
		h->disabled = tcr & TCR_EPD0;
		h->tbi = tcr & TCR_TBI0;
	} else {
		h->ttbr = r->ttbr1;
		h->tsz = (tcr >> 16) & 0x3f;
		h->granule = tg1_bits[(tcr >> 30) & 3];
		h->disabled = tcr & TCR_EPD1;
		h->tbi = tcr & TCR_TBI1;
	}
}

/* Output address bits [47:shift] of a descriptor or TTBR. */
static uint64_t s1_oa(uint64_t desc, unsigned int shift)
{
	return desc & ((1ULL << 48) - 1) & ~((1ULL << shift) - 1);
}

int gdb_s1_translate(const struct gdb_s1_regs *r, uint64_t va,
		     gdb_read_phys_t read, void *opaque, uint64_t *pa)
{
	bool upper = (va >> 55) & 1;
	unsigned int ia_bits, stride, shift, bits;
	struct s1_half h;
	uint64_t top, table, desc;

	if (!(r->sctlr & SCTLR_M)) {
		*pa = va;
		return 0;
	}
	s1_half(r, upper, &h);
	if (h.disabled || !h.granule || h.tsz < 16 || h.tsz > 39)
		return -1;
	ia_bits = 64 - h.tsz;
	top = h.tbi ? (va << 8) >> (ia_bits + 8) : va >> ia_bits;
	if (top != (upper ? (h.tbi ? ~0ULL >> (ia_bits + 8) :
				     ~0ULL >> ia_bits) : 0))
		return -1;
	stride = h.granule - 3;
	/* The level whose entries cover the top bits: fewer may index it. */
	shift = h.granule;
	while (shift + stride < ia_bits)
		shift += stride;
	table = s1_oa(h.ttbr, 1);
	for (;;) {
		bits = (shift + stride > ia_bits ? ia_bits : shift + stride) - shift;
		if (read(opaque, table + ((va >> shift) & ((1ULL << bits) - 1)) * 8,
			 &desc) || !(desc & 1))
			return -1;
		/* A page at the last level, a block above it. */
		if (shift == h.granule || !(desc & 2)) {
			if (shift == h.granule && !(desc & 2))
				return -1;
			*pa = s1_oa(desc, shift) | (va & ((1ULL << shift) - 1));
			return 0;
		}
		table = s1_oa(desc, h.granule);
		shift -= stride;
		ia_bits = shift + stride;
	}
}

/* DBGWCR: E, PAC = EL1 and EL0; LSC, BAS and MASK per watchpoint. */
#define GDB_WCR_E_PAC		0x7
#define GDB_WCR_LSC_SHIFT	3
#define GDB_WCR_BAS_SHIFT	5
#define GDB_WCR_MASK_SHIFT	24

uint64_t gdb_wcr(uint64_t addr, uint64_t len, char type)
{
	/* LSC: Z2 stores, Z3 loads, Z4 both. */
	static const uint64_t lsc_of[] = { 2, 1, 3 };
	unsigned int shift = 3;
	uint64_t lsc;

	if (type < '2' || type > '4')
		return 0;
	lsc = lsc_of[type - '2'] << GDB_WCR_LSC_SHIFT;
	if (len && len <= 8 && (addr & 7) + len <= 8)
		return GDB_WCR_E_PAC | lsc |
		       ((((1ULL << len) - 1) << (addr & 7)) << GDB_WCR_BAS_SHIFT);
	while (shift < 31 && (1ULL << shift) < len)
		shift++;
	if ((1ULL << shift) != len || (addr & (len - 1)))
		return 0;
	return GDB_WCR_E_PAC | lsc | (0xffULL << GDB_WCR_BAS_SHIFT) |
	       ((uint64_t)shift << GDB_WCR_MASK_SHIFT);
}
