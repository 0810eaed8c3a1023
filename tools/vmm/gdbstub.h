/* SPDX-License-Identifier: GPL-2.0 */
/*
 * armvcpu-vmm --gdb: a GDB remote stub (Documentation/vmm.rst). The vCPUs
 * are gdb's threads; the stub stops them all whenever gdb looks at the
 * guest (all-stop), with ARMVCPU_SET_GUEST_DEBUG for breakpoints and steps.
 */
#ifndef VMM_GDBSTUB_H
#define VMM_GDBSTUB_H

#include <stdbool.h>

struct vmm;
struct vcpu;

/* Listens and starts the stub's thread; the vCPUs wait for gdb. */
int gdbstub_start(struct vmm *vmm);
/* The VM stops: free parked vCPUs, tell gdb the guest exited. */
void gdbstub_stop(struct vmm *vmm, int status);
/*
 * Before each RUN of a vCPU: parks it while gdb has the guest stopped and
 * loads the debug controls of the next run. False: the VM stops.
 */
bool gdbstub_vcpu_gate(struct vcpu *v);
/* The vCPU's run loop ended (CPU_OFF, stop, reset). */
void gdbstub_vcpu_leave(struct vcpu *v);
/* ARMVCPU_EXIT_DEBUG: stops every vCPU and reports to gdb. */
void gdbstub_debug_exit(struct vcpu *v);

#endif /* VMM_GDBSTUB_H */
