/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's own hardware breakpoints and watchpoints (debug.c): their
 * registers, the lazy switch around each entry, and their ONE_REG group.
 */
#ifndef ARMVCPU_DEBUG_H
#define ARMVCPU_DEBUG_H

#include <linux/types.h>

struct armvcpu_dbg_regs;
struct armvcpu_guest_debug;
struct armvcpu_vcpu;

/* Per vCPU, beside the registers in ctx->guest_dbg. */
struct armvcpu_hwdbg {
	/*
	 * The guest wrote a debug register through a trap since its last
	 * exit: the next entry switches the registers in without TDA, as
	 * KVM's DEBUG_DIRTY. Every exit clears it.
	 */
	bool dirty;
	/* MDSCR_EL1 as the guest wrote it, while the entry's differs. */
	bool mdscr_saved;
	u64 mdscr;
	/*
	 * The VMM's breakpoints and watchpoints (ARMVCPU_GUESTDBG_USE_HW),
	 * loaded instead of the guest's, or NULL.
	 */
	struct armvcpu_dbg_regs *vmm;
};

/* How many breakpoints (@watch false) or watchpoints the guest has. */
unsigned int armvcpu_debug_nr(bool watch);

/* MDCCINT_EL1, DBGBCR/BVR/WCR/WVR<n>_EL1: 0, or -ENOENT for UNDEF. */
int armvcpu_debug_sysreg(struct armvcpu_vcpu *vcpu, u32 enc, bool is_write,
			 u64 *val);

/* run.c, with interrupts off: before and after each guest entry. */
void armvcpu_debug_prepare(struct armvcpu_vcpu *vcpu);
void armvcpu_debug_sync(struct armvcpu_vcpu *vcpu);
/*
 * After armvcpu_debug_prepare(), for this entry only: MDSCR_EL1 loads
 * with @clear's bits clear and @set's set (guest_debug.c: SS), and the
 * guest's own value comes back at armvcpu_debug_sync(). The entry must
 * keep MDCR_EL2.TDA set, so that the guest cannot change it meanwhile.
 */
void armvcpu_debug_entry_mdscr(struct armvcpu_vcpu *vcpu, u64 clear, u64 set);

/*
 * guest_debug.c, with the vCPU's run_lock: ARMVCPU_GUESTDBG_USE_HW's
 * registers go in instead of the guest's from the next entry on
 * (0, -EINVAL, -ENOMEM), or the guest's own again (clear). vcpu.c
 * clears them when the vCPU goes.
 */
int armvcpu_debug_set_vmm(struct armvcpu_vcpu *vcpu,
			  const struct armvcpu_guest_debug *dbg);
void armvcpu_debug_clear_vmm(struct armvcpu_vcpu *vcpu);

/* one_reg.c: the register group of the breakpoints and watchpoints. */
unsigned int armvcpu_debug_reg_count(struct armvcpu_vcpu *vcpu);
u64 armvcpu_debug_reg_id(struct armvcpu_vcpu *vcpu, unsigned int i);
int armvcpu_debug_reg_get(struct armvcpu_vcpu *vcpu, u64 id, u64 *val);
int armvcpu_debug_reg_set(struct armvcpu_vcpu *vcpu, u64 id, u64 val);

#endif /* ARMVCPU_DEBUG_H */
