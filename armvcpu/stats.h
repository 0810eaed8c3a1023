/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VM's and each vCPU's counters, read through ARMVCPU_GET_STATS_FD
 * (stats.c). A vCPU's counters are written only by the thread running it,
 * without atomics; readers take racy snapshots, as KVM's stats do.
 */
#ifndef ARMVCPU_STATS_H
#define ARMVCPU_STATS_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/armvcpu.h>

/* Exit reasons the counters know; a later one is not counted. */
#define ARMVCPU_STAT_NR_EXIT_REASONS	(ARMVCPU_EXIT_DEBUG + 1)

/*
 * One u64 each; names in stats.c, meaning in Documentation/api.rst. Each
 * guest exit is counted once, by what handled it: one EXIT_USER counter
 * when RUN returns with it, else one of the in-kernel kinds, EXIT_OTHER
 * for the rest. A new handler that re-enters the guest counts its exit
 * in one of them. EXITS is never incremented: it is their sum, computed
 * by the reader, which spares every exit one more increment.
 */
enum armvcpu_vcpu_stat {
	ARMVCPU_VSTAT_EXITS,
	/* RUN returned to userspace, one counter per exit_reason. */
	ARMVCPU_VSTAT_EXIT_USER,
	/* Exits the kernel handled without userspace, by kind. */
	ARMVCPU_VSTAT_EXIT_MMIO_KERNEL = ARMVCPU_VSTAT_EXIT_USER +
					 ARMVCPU_STAT_NR_EXIT_REASONS,
	ARMVCPU_VSTAT_EXIT_SYSREG_KERNEL,
	ARMVCPU_VSTAT_EXIT_HYPERCALL_KERNEL,
	ARMVCPU_VSTAT_EXIT_PSCI_KERNEL,
	ARMVCPU_VSTAT_EXIT_WFX,
	ARMVCPU_VSTAT_EXIT_IRQ,
	ARMVCPU_VSTAT_EXIT_S2_FAULT,
	ARMVCPU_VSTAT_EXIT_OTHER,
	ARMVCPU_VSTAT_S2_FAULT_MAPPED,
	ARMVCPU_VSTAT_S2_FAULT_MMIO,
	ARMVCPU_VSTAT_WFI_SLEEP,
	ARMVCPU_VSTAT_WFI_WAKEUP,
	ARMVCPU_VSTAT_VGIC_INJECTED,
	ARMVCPU_VSTAT_NR,
};

/* The VM's own counters, after the sums of its vCPUs' in its stats fd. */
enum armvcpu_vm_stat {
	ARMVCPU_VMSTAT_IRQ_LINE,
	ARMVCPU_VMSTAT_NR,
};

struct armvcpu_vcpu_stats {
	u64 v[ARMVCPU_VSTAT_NR];
};

/* Only the vCPU's own thread calls it on its counters (see above). */
static inline void armvcpu_stat_inc(struct armvcpu_vcpu_stats *s,
				    enum armvcpu_vcpu_stat i)
{
	WRITE_ONCE(s->v[i], s->v[i] + 1);
}

struct armvcpu_vm;
struct armvcpu_vcpu;
struct file;

int armvcpu_vm_stats_fd(struct armvcpu_vm *vm);
int armvcpu_vcpu_stats_fd(struct file *vcpu_file);
/* A vCPU goes: the VM's sums keep what it counted. vm->lock held. */
void armvcpu_vm_stats_fold(struct armvcpu_vm *vm,
			   const struct armvcpu_vcpu *vcpu);

#endif /* ARMVCPU_STATS_H */
