// SPDX-License-Identifier: GPL-2.0
/*
 * Guest exit dispatch: one handler per ESR_EL2 exception class, looked up
 * in a table. A class nobody handles ends the RUN with an internal-error
 * exit carrying the syndrome; it never touches the host.
 */
#include <asm/debug-monitors.h>
#include <asm/esr.h>

#include "armvcpu.h"
#include "el2.h"
#include "vgic.h"

/* ESR_EL2.EC is 6 bits wide. */
#define ARMVCPU_NR_EC	64

typedef int (*armvcpu_exit_handler_t)(struct armvcpu_vcpu *vcpu);

u64 armvcpu_get_x(struct armvcpu_vcpu *vcpu, u32 rt)
{
	/* Register 31 in a load/store or MRS/MSR is XZR. */
	return rt < 31 ? vcpu->ctx->regs[rt] : 0;
}

void armvcpu_set_x(struct armvcpu_vcpu *vcpu, u32 rt, u64 val)
{
	if (rt < 31)
		vcpu->ctx->regs[rt] = val;
}

/*
 * Step over the instruction that trapped as if the CPU had retired it, as
 * KVM's kvm_skip_instr() does: ESR_EL2.IL gives its length (2 only for a
 * 16-bit T32 instruction), BTYPE goes to 0 as after any instruction that
 * is not a branch, and PSTATE.SS clears so that a guest single-stepping
 * it takes its step exception before the next one (Arm ARM D2.12.5, the
 * software step state machine) instead of running one more unstepped.
 */
void armvcpu_skip_instr(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	ctx->pc += (ctx->esr & ESR_ELx_IL) ? 4 : 2;
	ctx->pstate &= ~(u64)(DBG_SPSR_SS | PSR_BTYPE_MASK);
}

int armvcpu_exit_internal_error(struct armvcpu_vcpu *vcpu, u32 suberror)
{
	struct armvcpu_run *run = vcpu->run;
	struct armvcpu_ctx *ctx = vcpu->ctx;

	memset(&run->internal_error, 0, sizeof(run->internal_error));
	run->exit_reason = ARMVCPU_EXIT_INTERNAL_ERROR;
	run->internal_error.suberror = suberror;
	run->internal_error.esr = ctx->esr;
	run->internal_error.far = ctx->far;
	run->internal_error.hpfar = ctx->hpfar;
	run->internal_error.pc = ctx->pc;
	return 0;
}

static int armvcpu_handle_unknown_ec(struct armvcpu_vcpu *vcpu)
{
	return armvcpu_exit_internal_error(vcpu,
					   ARMVCPU_INTERNAL_ERROR_UNKNOWN_EC);
}

/*
 * WFI/WFE: with an in-kernel GIC, WFI sleeps until an interrupt is
 * pending (vgic.c). Without one no virtual interrupt can wake the guest,
 * so step over the instruction; the run loop's cond_resched() and signal
 * check keep the host CPU and RUN responsive.
 */
static int armvcpu_handle_wfx(struct armvcpu_vcpu *vcpu)
{
	if (vcpu->vm->vgic)
		return armvcpu_vgic_wfx(vcpu);
	armvcpu_skip_instr(vcpu);
	return 1;
}

/* Classes left NULL go to armvcpu_handle_unknown_ec(). */
static const armvcpu_exit_handler_t armvcpu_exit_handlers[ARMVCPU_NR_EC] = {
	[ESR_ELx_EC_WFx]	= armvcpu_handle_wfx,
	[ESR_ELx_EC_FP_ASIMD]	= armvcpu_handle_fp,
	[ESR_ELx_EC_HVC64]	= armvcpu_handle_hvc,
	[ESR_ELx_EC_SMC64]	= armvcpu_handle_smc,
	[ESR_ELx_EC_DABT_LOW]	= armvcpu_handle_dabt,
	[ESR_ELx_EC_SYS64]	= armvcpu_handle_sys64,
	[ESR_ELx_EC_IABT_LOW]	= armvcpu_handle_iabt,
	[ESR_ELx_EC_UNKNOWN]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_CP15_32]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_CP15_64]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_CP14_MR]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_CP14_LS]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_CP10_ID]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_PAC]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_CP14_64]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_HVC32]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_SMC32]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_SVE]	= armvcpu_handle_undef_ec,
	[ESR_ELx_EC_SME]	= armvcpu_handle_undef_ec,
};

int armvcpu_handle_exit(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	armvcpu_exit_handler_t handler;

	armvcpu_el2_test_exit(ctx);
	switch (ctx->exit_kind) {
	case CTX_EXIT_SYNC:
		/*
		 * An abort whose IPA EL2 had to look up with AT, and the
		 * guest's walk failed: its tables changed since the fault.
		 * The retry faults again, with a walk that works, or not.
		 */
		if (ctx->hpfar == CTX_HPFAR_NONE) {
			armvcpu_el2_stat_add(ARMVCPU_STAT_IPA_RETRY, 1);
			armvcpu_el2_test_take(ARMVCPU_TEST_AT_FAIL);
			return 1;
		}
		handler = armvcpu_exit_handlers[(ctx->esr >> ESR_ELx_EC_SHIFT) &
						(ARMVCPU_NR_EC - 1)];
		return (handler ?: armvcpu_handle_unknown_ec)(vcpu);
	case CTX_EXIT_IRQ:
	case CTX_EXIT_FIQ:
		/* The host already took the interrupt; carry on. */
		return 1;
	case CTX_EXIT_PENDING:
		/* The entry was refused; the host took what was pending. */
		armvcpu_el2_stat_add(ARMVCPU_STAT_ENTRY_REFUSED, 1);
		return 1;
	default:
		/* SError while the guest ran: not survivable for the guest. */
		return armvcpu_exit_internal_error(vcpu,
					ARMVCPU_INTERNAL_ERROR_UNKNOWN_EC);
	}
}
