/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the CPU a guest enters on has that the world switch must drain,
 * switch or trap: the GICv3 system registers, a profiling (SPE) or trace
 * (TRBE) buffer the host may be using, MPAM. Read once per CPU.
 */
#ifndef ARMVCPU_CPU_CAPS_H
#define ARMVCPU_CPU_CAPS_H

#include <linux/types.h>

/*
 * Before an entry, preemption off: makes sure EL2 knows this CPU's
 * HYP_SWITCH_* flags and returns the MDCR_EL2 trap bits the guest runs
 * with on top of the ones every CPU has.
 */
u64 armvcpu_cpu_caps_prepare(void);

/* This CPU has the GICv3 system registers (after _prepare()). */
bool armvcpu_cpu_has_gicv3(void);

#endif /* ARMVCPU_CPU_CAPS_H */
