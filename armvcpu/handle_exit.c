// SPDX-License-Identifier: GPL-2.0
/*
 * Guest exit dispatch: one handler per ESR_EL2 exception class, looked up
 * in a table. A class nobody handles ends the RUN with an internal-error
 * exit carrying the syndrome; it never touches the host.
 */
#include <linux/panic.h>
#include <asm/debug-monitors.h>
#include <asm/esr.h>

#include "armvcpu.h"
#include "emulate.h"
#include "exit_handlers.h"
#include "el2/el2.h"
#include "vgic/vgic.h"
#include "test/hooks.h"
#include "trace.h"

/* ESR_EL2.EC is 6 bits wide. */
#define ARMVCPU_NR_EC	64

typedef int (*armvcpu_exit_handler_t)(struct armvcpu_vcpu *vcpu);

int armvcpu_exit_internal_error(struct armvcpu_vcpu *vcpu, u32 suberror)
{
	struct armvcpu_run *run = vcpu->run;
	struct armvcpu_ctx *ctx = vcpu->ctx;

	memset(&run->internal_error, 0, sizeof(run->internal_error));
	run->exit_reason = ARMVCPU_EXIT_INTERNAL_ERROR;
	run->internal_error.suberror = suberror;
	run->internal_error.esr = ctx->exit.esr;
	run->internal_error.far = ctx->exit.far;
	run->internal_error.hpfar = ctx->exit.hpfar;
	run->internal_error.pc = ctx->guest.pc;
	return 0;
}

static int armvcpu_handle_unknown_ec(struct armvcpu_vcpu *vcpu)
{
	return armvcpu_exit_internal_error(vcpu,
					   ARMVCPU_INTERNAL_ERROR_UNKNOWN_EC);
}

/*
 * WFI/WFE: with an in-kernel GIC, WFI sleeps until an interrupt is
 * pending (vgic/vgic.c). Without one no virtual interrupt can wake the guest,
 * so step over the instruction; the run loop's cond_resched() and signal
 * check keep the host CPU and RUN responsive.
 */
static int armvcpu_handle_wfx(struct armvcpu_vcpu *vcpu)
{
	armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_WFX);
	if (vcpu->vm->vgic)
		return armvcpu_vgic_wfx(vcpu);
	armvcpu_skip_instr(vcpu);
	return 1;
}

enum armvcpu_serror_action {
	ARMVCPU_SERROR_PANIC,	/* 0: what an unknown severity gets */
	ARMVCPU_SERROR_INJECT,
	ARMVCPU_SERROR_IGNORE,
};

/*
 * What a RAS SError's severity (ESR.AET) leaves possible, as the kernel's
 * arm64_is_fatal_ras_serror() decides it (not exported to modules): a
 * corrected error, or one not yet consumed, lets the CPU go on; an
 * unrecoverable or recoverable one that was consumed stops the context
 * that consumed it, here the guest; an uncontainable one, and any value
 * the architecture reserves, may have spread to anything: the host too.
 */
static const u8 armvcpu_ras_serror_action[8] = {
	[ESR_ELx_AET_UEU >> ESR_ELx_AET_SHIFT]	= ARMVCPU_SERROR_INJECT,
	[ESR_ELx_AET_UER >> ESR_ELx_AET_SHIFT]	= ARMVCPU_SERROR_INJECT,
	[ESR_ELx_AET_UEO >> ESR_ELx_AET_SHIFT]	= ARMVCPU_SERROR_IGNORE,
	[ESR_ELx_AET_CE >> ESR_ELx_AET_SHIFT]	= ARMVCPU_SERROR_IGNORE,
};

/*
 * An SError the guest took, or that its exit found in flight (the exit it
 * interrupted is dropped, and the access, or HVC, runs again if the guest
 * goes on). As KVM's kvm_handle_guest_serror(): without RAS, or with an
 * implementation-defined syndrome (IDS), nothing says how bad it is, and
 * it is the guest's: a virtual SError. With RAS the severity decides; a
 * RAS syndrome without a severity (DFSC not 0x11) is uncategorized, as
 * bad as uncontainable, and the host stops as its own do_serror() would
 * (arm64_serror_panic() is not exported either).
 */
static int armvcpu_handle_serror(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;
	u8 action = ARMVCPU_SERROR_INJECT;
	u64 esr = ctx->exit.esr;

	if (!(esr & ESR_ELx_IDS) && (ctx->ctl.flags & CTX_FLAG_RAS)) {
		action = ARMVCPU_SERROR_PANIC;
		if ((esr & ESR_ELx_FSC) == ESR_ELx_FSC_SERROR)
			action = armvcpu_ras_serror_action[(esr & ESR_ELx_AET) >>
							   ESR_ELx_AET_SHIFT];
	}
	switch (action) {
	case ARMVCPU_SERROR_INJECT:
		armvcpu_inject_vabt(vcpu);
		break;
	case ARMVCPU_SERROR_IGNORE:
		break;
	default:
		add_taint(TAINT_MACHINE_CHECK, LOCKDEP_STILL_OK);
		panic("armvcpu: uncontainable SError from a guest, ESR %#llx, guest PC %#llx",
		      esr, ctx->guest.pc);
	}
	return 1;
}

/* Classes left NULL go to armvcpu_handle_unknown_ec(). */
/*
 * An abort whose IPA EL2 had to look up with AT, and the guest's walk
 * failed: its tables changed since the fault. The retry faults again,
 * with a walk that works, or not. Only an abort can have it (hyp/switch.S
 * fault_ipa; HPFAR_EL2[3:0] are RES0), so only the abort handlers look:
 * no other exit pays for it.
 */
static bool armvcpu_ipa_retry(struct armvcpu_vcpu *vcpu)
{
	if (likely(vcpu->ctx->exit.hpfar != CTX_HPFAR_NONE))
		return false;
	armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_OTHER);
	armvcpu_el2_stat_add(ARMVCPU_STAT_IPA_RETRY, 1);
	armvcpu_el2_test_take(ARMVCPU_TEST_AT_FAIL);
	return true;
}

static int armvcpu_handle_dabt_exit(struct armvcpu_vcpu *vcpu)
{
	return armvcpu_ipa_retry(vcpu) ? 1 : armvcpu_handle_dabt(vcpu);
}

static int armvcpu_handle_iabt_exit(struct armvcpu_vcpu *vcpu)
{
	return armvcpu_ipa_retry(vcpu) ? 1 : armvcpu_handle_iabt(vcpu);
}

static const armvcpu_exit_handler_t armvcpu_exit_handlers[ARMVCPU_NR_EC] = {
	[ESR_ELx_EC_WFx]	= armvcpu_handle_wfx,
	[ESR_ELx_EC_FP_ASIMD]	= armvcpu_handle_fp,
	[ESR_ELx_EC_HVC64]	= armvcpu_handle_hvc,
	[ESR_ELx_EC_SMC64]	= armvcpu_handle_smc,
	[ESR_ELx_EC_DABT_LOW]	= armvcpu_handle_dabt_exit,
	[ESR_ELx_EC_SYS64]	= armvcpu_handle_sys64,
	[ESR_ELx_EC_IABT_LOW]	= armvcpu_handle_iabt_exit,
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
	[ESR_ELx_EC_BREAKPT_LOW] = armvcpu_handle_debug,
	[ESR_ELx_EC_SOFTSTP_LOW] = armvcpu_handle_debug,
	[ESR_ELx_EC_WATCHPT_LOW] = armvcpu_handle_debug,
	[ESR_ELx_EC_BRK64]	= armvcpu_handle_debug,
};

int armvcpu_handle_exit(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	armvcpu_exit_handler_t handler;

	armvcpu_el2_test_exit(ctx);
	trace_armvcpu_exit(vcpu->id, ctx->exit.kind, ctx->exit.esr,
			   ctx->guest.pc);
	switch (ctx->exit.kind) {
	case HYP_EXIT_SYNC:
		handler = armvcpu_exit_handlers[(ctx->exit.esr >> ESR_ELx_EC_SHIFT) &
						(ARMVCPU_NR_EC - 1)];
		return (handler ?: armvcpu_handle_unknown_ec)(vcpu);
	case HYP_EXIT_IRQ:
	case HYP_EXIT_FIQ:
		/* The host already took the interrupt; carry on. */
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_IRQ);
		return 1;
	case HYP_EXIT_PENDING:
		/* The entry was refused; the host took what was pending. */
		armvcpu_el2_stat_add(ARMVCPU_STAT_ENTRY_REFUSED, 1);
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_OTHER);
		armvcpu_el2_test_refused(ctx->ctl.flags);
		return 1;
	case HYP_EXIT_SERROR:
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_OTHER);
		return armvcpu_handle_serror(vcpu);
	default:
		return armvcpu_exit_internal_error(vcpu,
					ARMVCPU_INTERNAL_ERROR_UNKNOWN_EC);
	}
}
