// SPDX-License-Identifier: GPL-2.0
/* Console output and input through the PL011, and a small printf. */
#include "guest.h"

#define UART_DR		(BOARD_UART_BASE + 0x00)
#define UART_FR		(BOARD_UART_BASE + 0x18)
#define UART_FR_RXFE	BIT(4)
#define UART_FR_TXFF	BIT(5)

void guest_putc(char c)
{
	while (mmio_read32(UART_FR) & UART_FR_TXFF)
		cpu_relax();
	mmio_write32(UART_DR, (uint8_t)c);
}

void guest_puts(const char *s)
{
	while (*s)
		guest_putc(*s++);
}

int guest_getc(void)
{
	if (mmio_read32(UART_FR) & UART_FR_RXFE)
		return -1;
	return mmio_read32(UART_DR) & 0xff;
}

struct fmt_spec {
	unsigned int width;
	bool zero;
	bool is_signed;
	unsigned int base;
};

/* Prints @v right-aligned in @spec->width; returns the characters written. */
static int put_number(uint64_t v, bool negative, const struct fmt_spec *spec)
{
	static const char digits[] = "0123456789abcdef";
	char buf[24];
	unsigned int n = 0, len, i;

	do {
		buf[n++] = digits[v % spec->base];
		v /= spec->base;
	} while (v);
	len = n + negative;
	if (negative && spec->zero)
		guest_putc('-');
	for (i = len; i < spec->width; i++)
		guest_putc(spec->zero ? '0' : ' ');
	if (negative && !spec->zero)
		guest_putc('-');
	for (i = n; i > 0; i--)
		guest_putc(buf[i - 1]);
	return len > spec->width ? len : spec->width;
}

/* Reads an integer argument of the size the length modifiers asked for. */
static uint64_t fetch_int(va_list *ap, unsigned int longs, bool is_signed,
			  bool *negative)
{
	int64_t s;

	*negative = false;
	if (!is_signed)
		return longs ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
	s = longs ? va_arg(*ap, int64_t) : va_arg(*ap, int);
	if (s < 0) {
		*negative = true;
		return -(uint64_t)s;
	}
	return s;
}

static int put_string(const char *s)
{
	int n = 0;

	if (!s)
		s = "(null)";
	for (; *s; n++)
		guest_putc(*s++);
	return n;
}

static int put_conversion(char conv, struct fmt_spec *spec, unsigned int longs,
			  va_list *ap)
{
	bool negative;
	uint64_t v;

	switch (conv) {
	case 'c':
		guest_putc(va_arg(*ap, int));
		return 1;
	case 's':
		return put_string(va_arg(*ap, const char *));
	case 'p':
		guest_puts("0x");
		spec->base = 16;
		return 2 + put_number(va_arg(*ap, uintptr_t), false, spec);
	case 'd':
	case 'i':
		spec->is_signed = true;
		break;
	case 'x':
	case 'X':
		spec->base = 16;
		break;
	case 'u':
		break;
	default:
		guest_putc('%');
		guest_putc(conv);
		return 2;
	}
	v = fetch_int(ap, longs, spec->is_signed, &negative);
	return put_number(v, negative, spec);
}

int guest_vprintf(const char *fmt, va_list ap)
{
	struct fmt_spec spec;
	unsigned int longs;
	va_list args;
	int n = 0;

	va_copy(args, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%' || fmt[1] == '%') {
			fmt += *fmt == '%';
			guest_putc(*fmt);
			n++;
			continue;
		}
		spec = (struct fmt_spec){ .base = 10 };
		fmt++;
		spec.zero = *fmt == '0';
		while (*fmt >= '0' && *fmt <= '9')
			spec.width = spec.width * 10 + *fmt++ - '0';
		for (longs = 0; *fmt == 'l' || *fmt == 'z'; fmt++)
			longs++;
		if (!*fmt)
			break;
		n += put_conversion(*fmt, &spec, longs, &args);
	}
	va_end(args);
	return n;
}

int guest_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = guest_vprintf(fmt, ap);
	va_end(ap);
	return n;
}
