// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions armvcpu makes the guest take: UNDEF for what it does not
 * emulate, synchronous external aborts for memory nobody backs. The guest
 * state is changed exactly as the hardware would on taking a synchronous
 * exception to EL1 (ARM DDI 0487, D1.10 "Exception entry"), so the guest
 * cannot tell an injected exception from a real one.
 */
#include <linux/uaccess.h>
#include <asm/esr.h>
#include <asm/kvm_arm.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "armvcpu.h"
#include "exit_handlers.h"

/* Vector offsets from VBAR_EL1 for a synchronous exception. */
#define ARMVCPU_VEC_CUR_SP0	0x000
#define ARMVCPU_VEC_CUR_SPX	0x200
#define ARMVCPU_VEC_LOW_A64	0x400
#define ARMVCPU_VEC_LOW_A32	0x600

/* Fault status code of a synchronous external abort, not on a walk. */
#define ARMVCPU_FSC_SEA		0x10

static bool armvcpu_from_el0(const struct armvcpu_ctx *ctx)
{
	return (ctx->guest.pstate & PSR_MODE32_BIT) ||
	       (ctx->guest.pstate & PSR_MODE_MASK) == PSR_MODE_EL0t;
}

static u64 armvcpu_vector_offset(const struct armvcpu_ctx *ctx)
{
	u64 mode = ctx->guest.pstate & (PSR_MODE_MASK | PSR_MODE32_BIT);

	if (mode == PSR_MODE_EL1h)
		return ARMVCPU_VEC_CUR_SPX;
	if (mode == PSR_MODE_EL1t)
		return ARMVCPU_VEC_CUR_SP0;
	return (mode & PSR_MODE32_BIT) ? ARMVCPU_VEC_LOW_A32 :
					 ARMVCPU_VEC_LOW_A64;
}

/*
 * Take a synchronous exception to EL1h: PC and PSTATE go to ELR_EL1 and
 * SPSR_EL1, the syndrome to ESR_EL1. Of PSTATE only what the architecture
 * says survives entry survives: NZCV and DIT are kept, PAN is kept or set
 * per SCTLR_EL1.SPAN, SSBS comes from SCTLR_EL1.DSSBS, DAIF are all set;
 * SS, IL, UAO, BTYPE and TCO clear (armvcpu hides MTE, so TCO stays 0).
 */
static void armvcpu_enter_el1_sync(struct armvcpu_vcpu *vcpu, u64 esr)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;
	u64 sctlr = ctx->guest.sys[SYS_IDX_SCTLR];
	u64 old = ctx->guest.pstate, new;

	ctx->guest.sys[SYS_IDX_ELR] = ctx->guest.pc;
	ctx->guest.sys[SYS_IDX_SPSR] = old;
	ctx->guest.sys[SYS_IDX_ESR] = esr;
	ctx->guest.pc = ctx->guest.sys[SYS_IDX_VBAR] + armvcpu_vector_offset(ctx);

	new = old & (PSR_N_BIT | PSR_Z_BIT | PSR_C_BIT | PSR_V_BIT |
		     PSR_DIT_BIT | PSR_PAN_BIT);
	if (!(sctlr & SCTLR_EL1_SPAN))
		new |= PSR_PAN_BIT;
	if (sctlr & SCTLR_ELx_DSSBS)
		new |= PSR_SSBS_BIT;
	new |= PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT | PSR_MODE_EL1h;
	ctx->guest.pstate = new;
}

/*
 * EC 0 ("unknown reason") is what an UNDEFINED instruction reports; its IL
 * is RES1, whatever the length of the instruction.
 */
void armvcpu_inject_undef(struct armvcpu_vcpu *vcpu)
{
	armvcpu_enter_el1_sync(vcpu, ESR_ELx_EC_UNKNOWN << ESR_ELx_EC_SHIFT |
				     ESR_ELx_IL);
}

/*
 * A synchronous exception whose syndrome the caller chose, for one the
 * guest would have taken itself had EL2 not routed it (guest_debug.c).
 */
void armvcpu_inject_sync(struct armvcpu_vcpu *vcpu, u64 esr)
{
	armvcpu_enter_el1_sync(vcpu, esr);
}

/*
 * A synchronous external abort: the EC says whether it was taken from EL0
 * (the "lower EL" class) or EL1. IL is RES1 for aborts without a valid
 * instruction syndrome, and an injected abort never has one.
 */
static void armvcpu_inject_sea(struct armvcpu_vcpu *vcpu, bool iabt, u64 far)
{
	u64 ec;

	if (iabt)
		ec = armvcpu_from_el0(vcpu->ctx) ? ESR_ELx_EC_IABT_LOW :
						   ESR_ELx_EC_IABT_CUR;
	else
		ec = armvcpu_from_el0(vcpu->ctx) ? ESR_ELx_EC_DABT_LOW :
						   ESR_ELx_EC_DABT_CUR;
	vcpu->ctx->guest.sys[SYS_IDX_FAR] = far;
	armvcpu_enter_el1_sync(vcpu, ec << ESR_ELx_EC_SHIFT | ESR_ELx_IL |
				     ARMVCPU_FSC_SEA);
}

void armvcpu_inject_dabt(struct armvcpu_vcpu *vcpu, u64 far)
{
	armvcpu_inject_sea(vcpu, false, far);
}

void armvcpu_inject_pabt(struct armvcpu_vcpu *vcpu, u64 far)
{
	armvcpu_inject_sea(vcpu, true, far);
}

/*
 * Make a virtual SError pending, as KVM's kvm_inject_vabt(): for the
 * guest's own external aborts and SErrors, and for the VMM's
 * ARMVCPU_ABORT_SERROR. It stays pending until the guest takes it.
 */
void armvcpu_inject_vabt(struct armvcpu_vcpu *vcpu)
{
	vcpu->serror_pending = true;
}

/*
 * A virtual SError is asynchronous: it stays pending (HCR_EL2.VSE) across
 * entries and exits until the guest unmasks PSTATE.A at EL1 or runs at
 * EL0, and the hardware takes it to the guest's SError vector and clears
 * VSE. With FEAT_RAS the guest's ESR_EL1 ISS comes from VSESR_EL2: IDS,
 * "implementation defined syndrome", as KVM injects. Without it the ISS
 * is the CPU's own choice. Called before each entry while one is pending,
 * once ctx->ctl.flags says whether the CPU has FEAT_RAS.
 */
void armvcpu_serror_prepare(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	ctx->ctl.hcr |= HCR_VSE;
	if (ctx->ctl.flags & CTX_FLAG_RAS) {
		ctx->ctl.vsesr = ESR_ELx_ISV;
		ctx->ctl.flags |= CTX_FLAG_VSESR;
	}
}

/*
 * ARMVCPU_INJECT_ABORT: the VMM answers an access it cannot serve (an
 * MMIO_NISV exit, or MMIO outside any device) with an external abort on
 * the instruction that made it. The PC of an MMIO or sysreg exit still
 * points at that instruction, so ELR_EL1 does too; the completion that
 * the next RUN would have done no longer applies and is dropped.
 */
int armvcpu_inject_abort(struct armvcpu_vcpu *vcpu,
			 const struct armvcpu_abort *abort)
{
	if (abort->flags || abort->reserved[0] || abort->reserved[1])
		return -EINVAL;

	switch (abort->type) {
	case ARMVCPU_ABORT_DATA:
		armvcpu_inject_dabt(vcpu, abort->addr);
		break;
	case ARMVCPU_ABORT_INSTRUCTION:
		armvcpu_inject_pabt(vcpu, abort->addr);
		break;
	case ARMVCPU_ABORT_SERROR:
		/*
		 * No address: an SError reports none. It interrupts nothing
		 * either, so a pending completion still happens first.
		 */
		if (abort->addr)
			return -EINVAL;
		armvcpu_inject_vabt(vcpu);
		return 0;
	default:
		return -EINVAL;
	}
	armvcpu_pending_drop(vcpu);
	return 0;
}
