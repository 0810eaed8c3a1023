// SPDX-License-Identifier: GPL-2.0
/*
 * The guest of the gdb test (tools/rig/gdb-test.sh): gdb breaks on
 * gdb_target(), finds GDB_TEST_ARG in x0, steps, detaches; the guest
 * prints the result and spins until a second gdb, which stops it with
 * Ctrl-C, sets gdb_release; then it powers off.
 */
#include "guest.h"

#define GDB_TEST_ARG	0x1234UL

unsigned int gdb_release;

unsigned long gdb_target(unsigned long x)
{
	return x * 3 + 1;
}

int main(unsigned long dtb)
{
	unsigned long (*fn)(unsigned long) = gdb_target;

	(void)dtb;
	/* A call the compiler cannot see through is never inlined. */
	asm("" : "+r"(fn));
	guest_printf("gdbtest: gdb_target(0x%lx) = 0x%lx\n", GDB_TEST_ARG,
		     fn(GDB_TEST_ARG));
	/* The barrier makes each pass load gdb_release again. */
	while (!gdb_release)
		asm volatile("" : : : "memory");
	guest_printf("gdbtest: released by gdb\n");
	psci_system_off();
}
