// SPDX-License-Identifier: GPL-2.0
/* The first guest: greet through the PL011, then power off (status 0). */
#include "guest.h"

int main(unsigned long dtb)
{
	guest_printf("Hello from an armvcpu guest! vCPU MPIDR 0x%lx, device tree at 0x%lx\n",
		     read_mpidr(), dtb);
	psci_system_off();
}
