/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's registers as an exit handler reads and changes them, inline
 * because every trapped access goes through them (KVM's kvm_emulate.h).
 */
#ifndef ARMVCPU_EMULATE_H
#define ARMVCPU_EMULATE_H

#include <asm/debug-monitors.h>
#include <asm/esr.h>
#include <asm/ptrace.h>

#include "armvcpu.h"

static inline u64 armvcpu_get_x(struct armvcpu_vcpu *vcpu, u32 rt)
{
	/* Register 31 in a load/store or MRS/MSR is XZR. */
	return rt < 31 ? vcpu->ctx->guest.regs[rt] : 0;
}

static inline void armvcpu_set_x(struct armvcpu_vcpu *vcpu, u32 rt, u64 val)
{
	if (rt < 31)
		vcpu->ctx->guest.regs[rt] = val;
}

/*
 * Step over the instruction that trapped as if the CPU had retired it, as
 * KVM's kvm_skip_instr() does: ESR_EL2.IL gives its length (2 only for a
 * 16-bit T32 instruction), BTYPE goes to 0 as after any instruction that
 * is not a branch, and PSTATE.SS clears so that a guest single-stepping
 * it takes its step exception before the next one (Arm ARM D2.12.5, the
 * software step state machine) instead of running one more unstepped.
 */
static inline void armvcpu_skip_instr(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	armvcpu_guest_debug_retired(vcpu);
	ctx->guest.pc += (ctx->exit.esr & ESR_ELx_IL) ? 4 : 2;
	ctx->guest.pstate &= ~(u64)(DBG_SPSR_SS | PSR_BTYPE_MASK);
}

/*
 * Only AArch64 EL0t, EL1t and EL1h: anything else would either return to
 * EL2 (taking the hypervisor) or to AArch32, which armvcpu does not run.
 * M[4] (nRW) is part of the mode: an AArch32 User mode has M[3:0] = 0,
 * like EL0t. This is all the entry path checks: the other bits are the
 * guest's own business (a guest kernel runs with PAN, DIT, SSBS or a
 * BTYPE set). Inline: every guest entry checks it.
 */
static inline bool armvcpu_pstate_mode_valid(u64 pstate)
{
	u64 mode = pstate & (PSR_MODE32_BIT | PSR_MODE_MASK);

	return mode == PSR_MODE_EL0t || mode == PSR_MODE_EL1t ||
	       mode == PSR_MODE_EL1h;
}

#endif /* ARMVCPU_EMULATE_H */
