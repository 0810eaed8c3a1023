/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's own hardware breakpoints and watchpoints (debug.c): their
 * registers, the lazy switch around each entry, and their ONE_REG group.
 */
#ifndef ARMVCPU_DEBUG_H
#define ARMVCPU_DEBUG_H

#include <linux/types.h>

struct armvcpu_vcpu;

/* Per vCPU, beside the registers in ctx->guest_dbg. */
struct armvcpu_hwdbg {
	/*
	 * The guest wrote a debug register through a trap since its last
	 * exit: the next entry switches the registers in without TDA, as
	 * KVM's DEBUG_DIRTY. Every exit clears it.
	 */
	bool dirty;
	/* MDSCR_EL1 as the guest wrote it, while the entry's is masked. */
	bool mdscr_masked;
	u64 mdscr;
};

/* MDCCINT_EL1, DBGBCR/BVR/WCR/WVR<n>_EL1: 0, or -ENOENT for UNDEF. */
int armvcpu_debug_sysreg(struct armvcpu_vcpu *vcpu, u32 enc, bool is_write,
			 u64 *val);

/* run.c, with interrupts off: before and after each guest entry. */
void armvcpu_debug_prepare(struct armvcpu_vcpu *vcpu);
void armvcpu_debug_sync(struct armvcpu_vcpu *vcpu);

/* one_reg.c: the register group of the breakpoints and watchpoints. */
unsigned int armvcpu_debug_reg_count(struct armvcpu_vcpu *vcpu);
u64 armvcpu_debug_reg_id(struct armvcpu_vcpu *vcpu, unsigned int i);
int armvcpu_debug_reg_get(struct armvcpu_vcpu *vcpu, u64 id, u64 *val);
int armvcpu_debug_reg_set(struct armvcpu_vcpu *vcpu, u64 id, u64 val);

#endif /* ARMVCPU_DEBUG_H */
