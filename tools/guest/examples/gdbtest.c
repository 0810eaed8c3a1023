// SPDX-License-Identifier: GPL-2.0
/*
 * The guest of the gdb test (tools/rig/gdb-test.sh): gdb breaks on
 * gdb_target(), finds GDB_TEST_ARG in x0, steps, stops on a hardware
 * breakpoint on gdb_hw_target() and on a watchpoint on gdb_watched,
 * detaches; the guest prints the results and spins until a second gdb,
 * which stops it with Ctrl-C, sets gdb_release; then it powers off.
 */
#include "guest.h"

#define GDB_TEST_ARG	0x1234UL

unsigned int gdb_release;
unsigned long gdb_watched;

unsigned long gdb_target(unsigned long x)
{
	return x * 3 + 1;
}

unsigned long gdb_hw_target(unsigned long x)
{
	return x + 2;
}

int main(unsigned long dtb)
{
	unsigned long (*fn)(unsigned long) = gdb_target;
	unsigned long (*hw_fn)(unsigned long) = gdb_hw_target;

	(void)dtb;
	/* A call the compiler cannot see through is never inlined. */
	asm("" : "+r"(fn), "+r"(hw_fn));
	guest_printf("gdbtest: gdb_target(0x%lx) = 0x%lx\n", GDB_TEST_ARG,
		     fn(GDB_TEST_ARG));
	gdb_watched = hw_fn(GDB_TEST_ARG);
	guest_printf("gdbtest: gdb_watched = 0x%lx\n", gdb_watched);
	/* The barrier makes each pass load gdb_release again. */
	while (!gdb_release)
		asm volatile("" : : : "memory");
	guest_printf("gdbtest: released by gdb\n");
	psci_system_off();
}
