// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_SET_GUEST_DEBUG: the VMM debugs the guest (KVM's
 * KVM_SET_GUEST_DEBUG). While it does, MDCR_EL2.TDE routes every debug
 * exception of the guest to EL2 (Arm ARM D2.3, "Routing debug
 * exceptions"): software step, BRK, breakpoints and watchpoints. Those the
 * VMM asked for become ARMVCPU_EXIT_DEBUG; the others are the guest's
 * own, and it takes them at EL1 as if EL2 had never seen them.
 *
 * Single step runs the software step state machine (Arm ARM D2.12) for
 * the VMM: MDSCR_EL1.SS is set for the entry only, through debug.c's one
 * copy of the guest's MDSCR_EL1 (armvcpu_debug_entry_mdscr()), so the
 * guest never reads the VMM's bit; PSTATE.SS is the state machine's
 * "active-not-pending" bit and lives in the guest's PSTATE across
 * entries, which is what makes an instruction the kernel emulates count
 * as the step: armvcpu_skip_instr() and exception injection clear it, and
 * the next entry takes the step exception before anything else runs.
 *
 * Hardware breakpoints and watchpoints of the VMM (USE_HW) are a set of
 * debug registers debug.c loads instead of the guest's own, with
 * MDSCR_EL1.MDE forced, as KVM's external_debug_state. With TDE the
 * debug target is EL2, above the guest, so its exceptions from EL1 and
 * EL0 need neither MDSCR_EL1.KDE nor PSTATE.D clear (Arm ARM, "Enabling
 * debug exceptions"): like KVM, only MDE is forced.
 */
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/debug-monitors.h>
#include <asm/esr.h>
#include <asm/kvm_arm.h>

#include "armvcpu.h"
#include "exit_handlers.h"

#define ARMVCPU_GUESTDBG_SUPPORTED	(ARMVCPU_GUESTDBG_ENABLE | \
					 ARMVCPU_GUESTDBG_SINGLESTEP | \
					 ARMVCPU_GUESTDBG_USE_SW_BP | \
					 ARMVCPU_GUESTDBG_USE_HW)

/* The debug exception classes, from the first one EL2 can see. */
#define ARMVCPU_DEBUG_EC_FIRST		ESR_ELx_EC_BREAKPT_LOW

/* Which ARMVCPU_GUESTDBG_* makes each debug exception the VMM's. */
static const u32 armvcpu_debug_owner[] = {
	[ESR_ELx_EC_BREAKPT_LOW - ARMVCPU_DEBUG_EC_FIRST] = ARMVCPU_GUESTDBG_USE_HW,
	[ESR_ELx_EC_SOFTSTP_LOW - ARMVCPU_DEBUG_EC_FIRST] = ARMVCPU_GUESTDBG_SINGLESTEP,
	[ESR_ELx_EC_WATCHPT_LOW - ARMVCPU_DEBUG_EC_FIRST] = ARMVCPU_GUESTDBG_USE_HW,
	[ESR_ELx_EC_BRK64 - ARMVCPU_DEBUG_EC_FIRST] = ARMVCPU_GUESTDBG_USE_SW_BP,
};

/*
 * Flags and reserved must be zero; so must the dbg_* registers unless
 * USE_HW asks for them (armvcpu_debug_set_vmm() checks them then).
 */
static bool armvcpu_guest_debug_valid(const struct armvcpu_guest_debug *dbg)
{
	const size_t regs = offsetof(struct armvcpu_guest_debug, dbg_bcr);
	const size_t tail = offsetof(struct armvcpu_guest_debug, reserved);

	if (dbg->control & ~ARMVCPU_GUESTDBG_SUPPORTED)
		return false;
	/* Without ENABLE nothing else means anything: say so, not ignore. */
	if (dbg->control && !(dbg->control & ARMVCPU_GUESTDBG_ENABLE))
		return false;
	if (dbg->flags || memchr_inv(dbg->reserved, 0, sizeof(dbg->reserved)))
		return false;
	return (dbg->control & ARMVCPU_GUESTDBG_USE_HW) ||
	       !memchr_inv((const u8 *)dbg + regs, 0, tail - regs);
}

/*
 * Single step starts "active-not-pending": the next entry runs one
 * instruction. When it stops, PSTATE.SS goes back to the guest's
 * inactive value; the guest's own MDSCR_EL1.SS was never touched.
 */
static void armvcpu_guest_debug_step(struct armvcpu_vcpu *vcpu, u32 control)
{
	u32 was = vcpu->debug.control & ARMVCPU_GUESTDBG_SINGLESTEP;
	u32 now = control & ARMVCPU_GUESTDBG_SINGLESTEP;

	if (now && !was)
		vcpu->ctx->guest.pstate |= DBG_SPSR_SS;
	else if (was && !now)
		vcpu->ctx->guest.pstate &= ~(u64)DBG_SPSR_SS;
}

/* The VMM's breakpoints and watchpoints go in, or the guest's come back. */
static int armvcpu_guest_debug_hw(struct armvcpu_vcpu *vcpu,
				  const struct armvcpu_guest_debug *dbg)
{
	if (!(dbg->control & ARMVCPU_GUESTDBG_USE_HW)) {
		armvcpu_debug_clear_vmm(vcpu);
		return 0;
	}
	return armvcpu_debug_set_vmm(vcpu, dbg);
}

int armvcpu_set_guest_debug(struct armvcpu_vcpu *vcpu,
			    const struct armvcpu_guest_debug __user *arg)
{
	struct armvcpu_guest_debug dbg;
	int ret;

	if (copy_from_user(&dbg, arg, sizeof(dbg)))
		return -EFAULT;
	if (!armvcpu_guest_debug_valid(&dbg))
		return -EINVAL;
	/* First what can fail: a refused call changes nothing. */
	ret = armvcpu_guest_debug_hw(vcpu, &dbg);
	if (ret)
		return ret;
	armvcpu_guest_debug_step(vcpu, dbg.control);
	vcpu->debug.control = dbg.control;
	return 0;
}

/*
 * Before an entry, interrupts off, after armvcpu_debug_prepare(): route
 * the guest's debug exceptions to EL2 and give MDSCR_EL1.SS the VMM's
 * value. TDE makes TDA, TDOSA and TDRA behave as set whatever their
 * value (Arm ARM, MDCR_EL2): TDA is set as well, so that what
 * armvcpu_debug_entry_mdscr() relies on (the guest cannot write its
 * MDSCR_EL1 behind the trap) does not rest on that rule alone, and every
 * access of the guest to its debug registers is emulated from its own
 * copy. As in KVM, the guest's own single step is off while the VMM
 * debugs: its step exceptions would reach EL2 with no way to tell them
 * from the VMM's.
 */
void armvcpu_guest_debug_enter(struct armvcpu_vcpu *vcpu)
{
	u32 control = vcpu->debug.control;

	if (likely(!control))
		return;
	vcpu->ctx->ctl.mdcr |= MDCR_EL2_TDE | MDCR_EL2_TDA;
	armvcpu_debug_entry_mdscr(vcpu, DBG_MDSCR_SS,
				  control & ARMVCPU_GUESTDBG_SINGLESTEP ?
				  DBG_MDSCR_SS : 0);
}

/*
 * A debug exception the VMM did not ask for: the guest takes it at EL1.
 * From EL1 the architecture reports the "current EL" class, one above
 * the "lower EL" one EL2 saw (BRK has one class for both); a watchpoint
 * also gives its address in FAR_EL1.
 */
static int armvcpu_debug_reinject(struct armvcpu_vcpu *vcpu, u64 ec)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;
	u64 esr = ctx->exit.esr;
	u64 mode = ctx->guest.pstate & PSR_MODE_MASK;

	if (ec != ESR_ELx_EC_BRK64 && mode != PSR_MODE_EL0t)
		esr += 1ULL << ESR_ELx_EC_SHIFT;
	if (ec == ESR_ELx_EC_WATCHPT_LOW)
		ctx->guest.sys[SYS_IDX_FAR] = ctx->exit.far;
	armvcpu_inject_sync(vcpu, esr);
	armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_OTHER);
	return 1;
}

/*
 * EC 0x30, 0x32, 0x34 and 0x3c, which only reach EL2 while the VMM debugs
 * (MDCR_EL2.TDE). The PC is that of the instruction that has not run yet
 * (for a step: the next one to run).
 */
int armvcpu_handle_debug(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;
	struct armvcpu_run *run = vcpu->run;
	u64 ec = ESR_ELx_EC(ctx->exit.esr);

	if (!(vcpu->debug.control &
	      armvcpu_debug_owner[ec - ARMVCPU_DEBUG_EC_FIRST]))
		return armvcpu_debug_reinject(vcpu, ec);

	/* The step is done: the next RUN steps the next instruction. */
	if (ec == ESR_ELx_EC_SOFTSTP_LOW)
		ctx->guest.pstate |= DBG_SPSR_SS;
	memset(&run->debug, 0, sizeof(run->debug));
	run->exit_reason = ARMVCPU_EXIT_DEBUG;
	run->debug.esr = ctx->exit.esr;
	if (ec == ESR_ELx_EC_WATCHPT_LOW)
		run->debug.far = ctx->exit.far;
	return 0;
}
