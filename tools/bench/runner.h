/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two minimal benchmark runners share (tools/kvm-runner on
 * /dev/kvm, tools/bench/armvcpu-runner on /dev/armvcpu): the command line,
 * guest RAM with the raw image loaded, and the board's devices. With the
 * same userspace on both sides, their figures differ only by the hypervisor.
 */
#ifndef BENCH_RUNNER_H
#define BENCH_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct runner_ram {
	void *host;
	size_t size;
};

/*
 * "NAME [-m MIB] IMAGE": maps the RAM (plain anonymous memory, populated by
 * the guest's own accesses) and loads IMAGE at BOARD_IMAGE_OFFSET.
 * Exits with a message on any error.
 */
void runner_setup(int argc, char **argv, struct runner_ram *ram);

/*
 * One MMIO access at @addr of @len bytes, @data little-endian as in both
 * run structs. The PL011 data register prints, its flag register says
 * "transmit empty, nothing received", its other registers are storage;
 * the exit device ends the process with the guest's status; anything else
 * reads as zero and ignores writes, as armvcpu-vmm does by default.
 */
void runner_mmio(uint64_t addr, uint8_t *data, unsigned int len,
		 bool is_write);

/* The host's virtual counter, ordered against what comes before and after. */
static inline uint64_t runner_cntvct(void)
{
	uint64_t v;

	asm volatile("isb\n\tmrs %0, cntvct_el0\n\tisb" : "=r" (v) :: "memory");
	return v;
}

/*
 * Reports on stderr how many host counter ticks passed since the previous
 * mark (or since runner_setup() began), as "RUNNER <phase> ticks=0x...":
 * how a VMM's start-up splits into phases. On stderr, so that hosttime,
 * which stops at the first byte on stdout, is not stopped by it.
 */
void runner_mark(const char *phase);

/*
 * To call with what a RUN ioctl returned: false when it is to be retried
 * (EINTR), exits on an error, marks the first exit ("first_run").
 */
bool runner_ran(int ret, const char *what);

#endif /* BENCH_RUNNER_H */
