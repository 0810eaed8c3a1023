// SPDX-License-Identifier: GPL-2.0
/*
 * perfcount: what "perf stat -e cycles,instructions" reports, for the
 * Linux guest's busybox initramfs, which has no perf. Counts a loop of its
 * own in user and kernel mode with perf_event_open() and prints
 *
 *   ARMVCPU-GUEST-PERF cycles=N instructions=M loop=IxK
 *
 * where a count the PMU cannot make (perf_event_open() refuses the event)
 * reads "unsupported(errno)", and the loop is I iterations of K
 * instructions. Exit status: 0 when cycles counted.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ITERATIONS	1000000UL
#define LOOP_INSNS	2

/* ITERATIONS of LOOP_INSNS instructions, whatever the compiler. */
static void loop(void)
{
	unsigned long n = ITERATIONS;

	asm volatile("1:	subs	%0, %0, #1\n\t"
		     "b.ne	1b" : "+r"(n) : : "cc");
}

static int open_counter(uint64_t config)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_HARDWARE;
	attr.size = sizeof(attr);
	attr.config = config;
	attr.disabled = 1;
	attr.exclude_hv = 1;
	return syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

static void show(const char *name, int fd, int err, uint64_t *val)
{
	*val = 0;
	if (fd < 0) {
		printf(" %s=unsupported(%d)", name, err);
		return;
	}
	if (read(fd, val, sizeof(*val)) != sizeof(*val))
		*val = 0;
	printf(" %s=%llu", name, (unsigned long long)*val);
}

int main(void)
{
	int cyc, ins, cyc_err, ins_err;
	uint64_t cycles, instr;

	cyc = open_counter(PERF_COUNT_HW_CPU_CYCLES);
	cyc_err = errno;
	ins = open_counter(PERF_COUNT_HW_INSTRUCTIONS);
	ins_err = errno;
	if (cyc >= 0)
		ioctl(cyc, PERF_EVENT_IOC_ENABLE, 0);
	if (ins >= 0)
		ioctl(ins, PERF_EVENT_IOC_ENABLE, 0);
	loop();
	if (cyc >= 0)
		ioctl(cyc, PERF_EVENT_IOC_DISABLE, 0);
	if (ins >= 0)
		ioctl(ins, PERF_EVENT_IOC_DISABLE, 0);
	printf("ARMVCPU-GUEST-PERF");
	show("cycles", cyc, cyc_err, &cycles);
	show("instructions", ins, ins_err, &instr);
	printf(" loop=%lux%d\n", ITERATIONS, LOOP_INSNS);
	return cycles ? 0 : 1;
}
