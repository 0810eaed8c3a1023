// SPDX-License-Identifier: GPL-2.0
/*
 * The guest of the gdb test (tools/rig/gdb-test.sh): gdb breaks on
 * gdb_target(), finds GDB_TEST_ARG in x0, steps, detaches; the guest
 * then prints the result and powers off.
 */
#include "guest.h"

#define GDB_TEST_ARG	0x1234UL

/* Not inlined: gdb's breakpoint needs the function to exist. */
__attribute__((noinline)) unsigned long gdb_target(unsigned long x)
{
	/* Keeps the call from being folded away. */
	asm volatile("" : "+r"(x));
	return x * 3 + 1;
}

int main(unsigned long dtb)
{
	(void)dtb;
	guest_printf("gdbtest: gdb_target(0x%lx) = 0x%lx\n", GDB_TEST_ARG,
		     gdb_target(GDB_TEST_ARG));
	psci_system_off();
}
