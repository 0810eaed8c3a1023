// SPDX-License-Identifier: GPL-2.0
/*
 * Brings up every CPU of the device tree with PSCI CPU_ON; each prints its
 * MPIDR. One at a time: with the MMU off there are no exclusives to build
 * a console lock from, so the boot CPU waits for each line to be done.
 */
#include "guest.h"

#define MPIDR_AFF_MASK	0xff00ffffffUL
#define WAIT_LOOPS	100000000UL

static uint64_t online[GUEST_MAX_CPUS];

static void report(unsigned int slot)
{
	guest_printf("smp: CPU %u up, MPIDR 0x%lx\n", slot, read_mpidr());
}

static void secondary(void *arg)
{
	unsigned int slot = (uintptr_t)arg;

	report(slot);
	WRITE_ONCE(online[slot], 1);
	/* Return: the runtime turns this CPU off with PSCI CPU_OFF. */
}

static bool wait_online(unsigned int slot)
{
	unsigned long i;

	for (i = 0; i < WAIT_LOOPS; i++)
		if (READ_ONCE(online[slot]))
			return true;
	return false;
}

int main(unsigned long dtb)
{
	uint64_t mpidr[GUEST_MAX_CPUS], self = read_mpidr() & MPIDR_AFF_MASK;
	unsigned int slot = 1, up = 1;
	int64_t ret;
	int i, n;

	n = guest_fdt_cpus(dtb, mpidr, GUEST_MAX_CPUS);
	GUEST_ASSERT(n >= 1 && n <= GUEST_MAX_CPUS);
	report(0);
	for (i = 0; i < n; i++) {
		if (mpidr[i] == self)
			continue;
		ret = guest_cpu_start(slot, mpidr[i], secondary,
				      (void *)(uintptr_t)slot);
		if (ret)
			guest_printf("smp: CPU_ON 0x%lx failed: %ld\n",
				     mpidr[i], ret);
		else if (wait_online(slot))
			up++;
		slot++;
	}
	guest_printf("smp: %u of %d CPUs up\n", up, n);
	return up == (unsigned int)n ? 0 : 1;
}
