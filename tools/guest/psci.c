// SPDX-License-Identifier: GPL-2.0
/* PSCI over HVC, and starting secondary CPUs. */
#include <linux/psci.h>
#include <stdalign.h>

#include "guest.h"
#include "runtime.h"

static int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct smccc_res res;

	guest_hvc(fn, a1, a2, a3, 0, 0, 0, &res);
	return (int64_t)res.a0;
}

int64_t psci_version(void)
{
	return psci_call(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
}

int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id)
{
	return psci_call(PSCI_0_2_FN64_CPU_ON, mpidr, entry, context_id);
}

int64_t psci_cpu_suspend(uint32_t power_state, uint64_t entry,
			 uint64_t context_id)
{
	return psci_call(PSCI_0_2_FN64_CPU_SUSPEND, power_state, entry,
			 context_id);
}

int64_t psci_affinity_info(uint64_t mpidr)
{
	return psci_call(PSCI_0_2_FN64_AFFINITY_INFO, mpidr, 0, 0);
}

/* Should a call return, the VMM ignored it: there is nothing left to do. */
static noreturn void halt(void)
{
	for (;;)
		asm volatile("wfi");
}

void psci_cpu_off(void)
{
	psci_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
	halt();
}

void psci_system_off(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	halt();
}

void psci_system_reset(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
	halt();
}

/* Read by guest_secondary_entry in start.S: keep the layout in step. */
struct cpu_boot {
	uint64_t sp;
	uint64_t fn;
	uint64_t arg;
};

static struct cpu_boot cpu_boot[GUEST_MAX_CPUS];
static alignas(16) uint8_t cpu_stacks[GUEST_MAX_CPUS][GUEST_STACK_SIZE];

int64_t guest_cpu_start(unsigned int slot, uint64_t mpidr,
			void (*fn)(void *arg), void *arg)
{
	struct cpu_boot *b;

	if (!slot || slot >= GUEST_MAX_CPUS)
		return PSCI_RET_INVALID_PARAMS;
	b = &cpu_boot[slot];
	b->sp = (uintptr_t)cpu_stacks[slot] + GUEST_STACK_SIZE;
	b->fn = (uintptr_t)fn;
	b->arg = (uintptr_t)arg;
	return psci_cpu_on(mpidr, (uintptr_t)guest_secondary_entry,
			   (uintptr_t)b);
}
