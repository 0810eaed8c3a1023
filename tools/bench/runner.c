// SPDX-License-Identifier: GPL-2.0
/* The board and command line of the minimal benchmark runners. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "pl011.h"
#include "ram.h"
#include "runner.h"

#define PL011_NR_REGS		(BOARD_UART_SIZE / 4)
#define DEFAULT_MEM_MIB		128	/* armvcpu-vmm's default */

static uint32_t uart_regs[PL011_NR_REGS];

static uint64_t mmio_read(uint64_t addr)
{
	uint64_t off = addr - BOARD_UART_BASE;

	if (addr < BOARD_UART_BASE || off >= BOARD_UART_SIZE)
		return 0;
	if (off == PL011_FR)
		return PL011_FR_TXFE | PL011_FR_RXFE;
	return uart_regs[off / 4];
}

static void mmio_write(uint64_t addr, uint64_t val)
{
	uint64_t off = addr - BOARD_UART_BASE;
	char c = val;

	if (addr == BOARD_EXIT_BASE + BOARD_EXIT_STATUS)
		exit(val & 0xff);
	if (addr < BOARD_UART_BASE || off >= BOARD_UART_SIZE)
		return;
	/* One write per character, as a console must: nothing is buffered. */
	if (off == PL011_DR) {
		if (write(STDOUT_FILENO, &c, 1) != 1)
			err(1, "write to stdout");
		return;
	}
	uart_regs[off / 4] = val;
}

void runner_mmio(uint64_t addr, uint8_t *data, unsigned int len,
		 bool is_write)
{
	uint64_t val = 0;

	if (len > sizeof(val))
		errx(1, "MMIO access of %u bytes", len);
	if (is_write) {
		memcpy(&val, data, len);
		mmio_write(addr, val);
	} else {
		val = mmio_read(addr);
		memcpy(data, &val, len);
	}
}

static void load_image(const char *path, struct runner_ram *ram)
{
	char *dst = (char *)ram->host + BOARD_IMAGE_OFFSET;
	size_t done = 0;
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		err(1, "%s", path);
	if ((uint64_t)st.st_size > ram->size - BOARD_IMAGE_OFFSET)
		errx(1, "%s: %lld bytes do not fit in RAM after offset 0x%x",
		     path, (long long)st.st_size, BOARD_IMAGE_OFFSET);
	while (done < (size_t)st.st_size) {
		n = read(fd, dst + done, st.st_size - done);
		if (n <= 0)
			err(1, "read %s", path);
		done += n;
	}
	close(fd);
}

static uint64_t last_mark;

void runner_mark(const char *phase)
{
	uint64_t now = runner_cntvct();

	fprintf(stderr, "RUNNER %s ticks=0x%llx\n", phase,
		(unsigned long long)(now - last_mark));
	last_mark = runner_cntvct();
}

bool runner_ran(int ret, const char *what)
{
	static bool ran;

	if (ret) {
		if (errno == EINTR)
			return false;
		err(1, "%s", what);
	}
	if (!ran) {
		runner_mark("first_run");
		ran = true;
	}
	return true;
}

/*
 * Guest RAM aligned to 2 MiB, as QEMU and kvmtool align theirs: then
 * transparent huge pages back it and a hypervisor can map 2 MiB blocks at
 * stage 2, whatever address the mmap happens to get. Without it, KVM's
 * first-touch cost would depend on the luck of the mapping's address.
 */
static void *map_ram(size_t size)
{
	void *p = ram_map_aligned(size);

	if (p == MAP_FAILED)
		err(1, "mmap %zu bytes of guest RAM", size);
	return p;
}

void runner_setup(int argc, char **argv, struct runner_ram *ram)
{
	unsigned long mem_mib = DEFAULT_MEM_MIB;
	char *end;
	int opt;

	last_mark = runner_cntvct();
	while ((opt = getopt(argc, argv, "m:")) != -1) {
		if (opt != 'm')
			errx(1, "usage: %s [-m MIB] IMAGE", argv[0]);
		errno = 0;
		mem_mib = strtoul(optarg, &end, 10);
		if (errno || *end || mem_mib < 1 || mem_mib > 65536)
			errx(1, "-m takes MiB, 1..65536");
	}
	if (optind != argc - 1)
		errx(1, "usage: %s [-m MIB] IMAGE", argv[0]);
	ram->size = mem_mib << 20;
	ram->host = map_ram(ram->size);
	load_image(argv[optind], ram);
}
