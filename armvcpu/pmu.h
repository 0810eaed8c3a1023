/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's PMUv3 (ARMVCPU_VM_PMU): every register emulated, each
 * counter a host perf event on the vCPU's thread (armvcpu/pmu.c,
 * Documentation/exits.rst).
 */
#ifndef ARMVCPU_PMU_H
#define ARMVCPU_PMU_H

#include <linux/types.h>

struct armvcpu_vcpu;
struct armvcpu_pmu;

/* VM and vCPU life cycle. */
long armvcpu_pmu_nr_counters(void);
int armvcpu_pmu_vm_check(u32 flags);
int armvcpu_pmu_vcpu_create(struct armvcpu_vcpu *vcpu);
void armvcpu_pmu_vcpu_destroy(struct armvcpu_vcpu *vcpu);

/* Around one ARMVCPU_RUN, and around each entry (interrupts off). */
void armvcpu_pmu_load(struct armvcpu_vcpu *vcpu);
void armvcpu_pmu_put(struct armvcpu_vcpu *vcpu);
void armvcpu_pmu_flush(struct armvcpu_vcpu *vcpu);
void armvcpu_pmu_sync(struct armvcpu_vcpu *vcpu);

/* Trapped accesses: 0, or -EPERM when the guest takes UNDEF. */
int armvcpu_pmu_sysreg(struct armvcpu_vcpu *vcpu, u32 enc, bool is_write,
		       u64 *val);
u64 armvcpu_pmu_id_dfr0(struct armvcpu_vcpu *vcpu, u64 dfr0);

/* The ONE_REG group (one_reg.c). */
unsigned int armvcpu_pmu_reg_count(struct armvcpu_vcpu *vcpu);
u64 armvcpu_pmu_reg_id(struct armvcpu_vcpu *vcpu, unsigned int i);
int armvcpu_pmu_reg_get(struct armvcpu_vcpu *vcpu, u64 id, u64 *val);
int armvcpu_pmu_reg_set(struct armvcpu_vcpu *vcpu, u64 id, u64 val);

#endif /* ARMVCPU_PMU_H */
