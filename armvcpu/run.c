// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_RUN: finish what the last exit left for userspace, then enter
 * the guest until an exit needs userspace, a signal is pending, or an
 * error occurs.
 */
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <asm/cpufeature.h>
#include <asm/kvm_arm.h>
#include <asm/neon.h>
#include <asm/virt.h>

#include "armvcpu.h"
#include "emulate.h"
#include "exit_handlers.h"
#include "el2/cpu_caps.h"
#include "el2/host_call.h"
#include "pmu.h"
#include "vgic/vgic.h"
#include "test/hooks.h"
#include "trace.h"

/*
 * What the guest may not do to the host, and KVM's list for it: stage 2
 * (VM, PTW), physical interrupts and SError to EL2 (IMO, FMO, AMO), TLB and
 * barrier broadcast (FB, BSU) because a vCPU may move between CPUs, WFx
 * (TWI, TWE), SMC (TSC), set/way cache maintenance (TSW), feature ID and
 * implementation-defined registers (TID3, TIDCP, TACR), LORegions (TLOR).
 */
#define ARMVCPU_HCR_GUEST	(HCR_VM | HCR_SWIO | HCR_PTW | HCR_FMO | \
				 HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | \
				 HCR_TWI | HCR_TWE | HCR_TID3 | HCR_TSC | \
				 HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_TLOR | \
				 HCR_RW)
/*
 * SVE, trace and activity monitors trap. FP/SIMD traps too (TFP) until
 * the guest uses it: see armvcpu_fp_begin().
 */
#define ARMVCPU_CPTR_GUEST	(CPTR_NVHE_EL2_RES1 | CPTR_EL2_TZ | \
				 CPTR_EL2_TTA | CPTR_EL2_TAM)
/*
 * PMU and debug registers trap (TDA until the guest uses its breakpoints,
 * debug.c); switch.S keeps the host's HPMN. E2PB and
 * E2TB are 0, as in KVM: the profiling and trace buffers belong to EL2
 * while the guest runs and their registers trap (EL2 drains the host's
 * first). Where SPE and the trace filter exist, TPMS and TTRF trap their
 * controls too (el2/cpu_caps.c).
 */
#define ARMVCPU_MDCR_GUEST	(MDCR_EL2_TPM | MDCR_EL2_TPMCR | \
				 MDCR_EL2_TDA | MDCR_EL2_TDOSA | MDCR_EL2_TDRA)

static int armvcpu_fail_entry(struct armvcpu_vcpu *vcpu, u64 reason)
{
	struct armvcpu_run *run = vcpu->run;

	run->exit_reason = ARMVCPU_EXIT_FAIL_ENTRY;
	run->fail_entry.reason = reason;
	run->fail_entry.cpu = raw_smp_processor_id();
	return 0;
}

/*
 * FP/SIMD is switched lazily, as KVM does: a guest that has not used it
 * during this RUN enters with CPTR_EL2.TFP set, and EL2 leaves the V
 * registers alone, which spares every exit the 64 loads and stores of
 * the switch and kernel_neon_begin()'s bookkeeping. Its first FP/SIMD
 * instruction traps (armvcpu_handle_fp()); from then on every entry of
 * this RUN is eager: kernel_neon_begin() saves the task's own FP state
 * and EL2 loads the guest's. Both begin variants disable preemption so
 * the VMID and TLB bookkeeping below stay valid for this CPU.
 */
static void armvcpu_fp_begin(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	if (vcpu->fp_active) {
		kernel_neon_begin();
		ctx->ctl.flags |= CTX_FLAG_FP;
	} else {
		preempt_disable();
		ctx->ctl.cptr |= CPTR_EL2_TFP;
	}
}

static void armvcpu_fp_end(struct armvcpu_vcpu *vcpu)
{
	if (vcpu->ctx->ctl.flags & CTX_FLAG_FP)
		kernel_neon_end();
	else
		preempt_enable();
}

/* EC 0x07: the guest's first FP/SIMD use in this RUN; retry it eagerly. */
int armvcpu_handle_fp(struct armvcpu_vcpu *vcpu)
{
	/* With FP live TFP was clear: the trap cannot repeat. */
	if (vcpu->fp_active)
		return armvcpu_exit_internal_error(vcpu,
					ARMVCPU_INTERNAL_ERROR_UNKNOWN_EC);
	vcpu->fp_active = true;
	armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_OTHER);
	return 1;
}

/* One guest entry and exit; returns like armvcpu_handle_exit(). */
static int armvcpu_enter(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;
	struct armvcpu_vm *vm = vcpu->vm;
	u64 hcr = ARMVCPU_HCR_GUEST;
	unsigned long ret;
	u64 flags = 0;
	int *last_ran;
	u64 vmid;

	/* Never eret to EL2 or AArch32, whatever userspace wrote. */
	if (!armvcpu_pstate_mode_valid(ctx->guest.pstate))
		return armvcpu_fail_entry(vcpu, ARMVCPU_FAIL_ENTRY_BAD_PSTATE);

	/*
	 * With RAS, the error record registers stay the host's (as in KVM);
	 * without it the bit is RES0 and must stay clear. DISR_EL1 goes
	 * with the vCPU (hyp/ctx.h CTX_FLAG_RAS).
	 */
	if (cpus_have_cap(ARM64_HAS_RAS_EXTN)) {
		/* Synchronous external aborts come to EL2 (mmio.c), as in KVM. */
		hcr |= HCR_TERR | HCR_TEA;
		flags = CTX_FLAG_RAS;
	}
	/* Its HPFAR_EL2 is wrong for any abort: the exit asks AT instead. */
	if (cpus_have_cap(ARM64_WORKAROUND_834220))
		flags |= CTX_FLAG_HPFAR_AT;
	/* Built in registers, stored once (the static key is a barrier). */
	ctx->ctl.hcr = hcr;
	ctx->ctl.flags = flags | armvcpu_el2_test_flags();
	ctx->ctl.cptr = ARMVCPU_CPTR_GUEST;
	ctx->ctl.vtcr = vm->s2.vtcr;
	/* ARMVCPU_REG_CNTVOFF_EL2 may change it from another vCPU's fd. */
	ctx->ctl.cntvoff = READ_ONCE(vm->cntvoff);

	if (vcpu->serror_pending)
		armvcpu_serror_prepare(vcpu);
	armvcpu_fp_begin(vcpu);
	/*
	 * Decided with interrupts off, so that it still holds at the HVC: a
	 * reboot or kexec gives EL2 back from an IPI. Before the VMID: a
	 * rollover flushes TLBs through this CPU's EL2.
	 */
	local_irq_disable();
	if (armvcpu_el2_enter_this_cpu()) {
		local_irq_enable();
		armvcpu_fp_end(vcpu);
		return -EIO;
	}
	ctx->ctl.mdcr = ARMVCPU_MDCR_GUEST | armvcpu_cpu_caps_prepare();
	armvcpu_debug_prepare(vcpu);
	armvcpu_guest_debug_enter(vcpu);
	vmid = armvcpu_vmid_get(vm);
	ctx->ctl.vttbr = virt_to_phys(vm->s2.root) | (vmid << 48);
	/*
	 * Another vCPU of this VM may have left stage-1 entries on this CPU
	 * under the same VMID; FB only broadcasts TLBIs the guest issues.
	 */
	last_ran = this_cpu_ptr(vm->last_vcpu_ran);
	if (*last_ran != vcpu->id) {
		ctx->ctl.flags |= CTX_FLAG_FLUSH_LOCAL;
		*last_ran = vcpu->id;
	}

	armvcpu_el2_test_isr();
	trace_armvcpu_entry(vcpu->id, ctx->guest.pc);
	armvcpu_pmu_flush(vcpu);
	/* List registers filled with interrupts off: a kick now exits. */
	armvcpu_vgic_flush(vcpu);
	ret = armvcpu_hyp_vcpu_run(vcpu->ctx_pa);
	armvcpu_guest_debug_exit(vcpu);
	armvcpu_debug_sync(vcpu);
	/*
	 * An entry refused before the guest ran (HYP_EXIT_PENDING) skipped
	 * the local flush too: the next entry here must still do it.
	 */
	if (!ret && ctx->exit.kind == HYP_EXIT_PENDING &&
	    (ctx->ctl.flags & CTX_FLAG_FLUSH_LOCAL))
		*last_ran = -1;
	armvcpu_vgic_sync(vcpu);
	/* An interrupt that made the guest exit is taken here. */
	local_irq_enable();
	armvcpu_fp_end(vcpu);

	/* Every exit returns 0: one test on the way of every round trip. */
	if (unlikely(ret)) {
		/* EL2 faulted (reported by armvcpu_hyp_call()): trust nothing. */
		if (ret == ARMVCPU_HVC_RET_FAULT)
			return -EIO;
		/*
		 * The stub answered: EL2 was not armvcpu's after all, the guest
		 * did not run and ctx holds the last exit, not a new one.
		 */
		if (ret == HVC_STUB_ERR)
			return -EIO;
	}
	/*
	 * An exit from AArch32 (EL0: the guest's EL1 is AArch64 by HCR_EL2.RW)
	 * that the ID registers never offered. The architecture lets a guest
	 * get there on a CPU with AArch32 EL0 anyway; like KVM with
	 * vcpu_mode_is_bad_32bit(), give up before any of the exit is
	 * emulated with AArch64 rules. PSTATE keeps the mode: the next RUN
	 * fails the same way until the VMM resets the vCPU.
	 */
	if (ctx->exit.kind == HYP_EXIT_BAD_PSTATE ||
	    (ctx->guest.pstate & PSR_MODE32_BIT))
		return armvcpu_fail_entry(vcpu, ARMVCPU_FAIL_ENTRY_BAD_PSTATE);
	/* EL2 stored HCR_EL2 back: VSE is clear once the guest took it. */
	if (vcpu->serror_pending)
		vcpu->serror_pending = ctx->ctl.hcr & HCR_VSE;
	return armvcpu_handle_exit(vcpu);
}

/*
 * How each kind of pending completion is finished. complete: on the next
 * RUN, with what userspace wrote in the run struct (read once). cancel,
 * where the completion would settle state outside this vCPU: when it
 * will not happen after all (armvcpu_pending_drop()).
 */
struct armvcpu_pending_ops {
	void (*complete)(struct armvcpu_vcpu *vcpu);
	void (*cancel)(struct armvcpu_vcpu *vcpu);
};

static const struct armvcpu_pending_ops
armvcpu_pending_ops[ARMVCPU_PENDING_NR] = {
	[ARMVCPU_PENDING_MMIO] = {
		.complete = armvcpu_mmio_complete,
	},
	[ARMVCPU_PENDING_HYPERCALL] = {
		.complete = armvcpu_hypercall_complete,
	},
	[ARMVCPU_PENDING_SYSREG] = {
		.complete = armvcpu_sysreg_complete,
	},
	[ARMVCPU_PENDING_CPU_UP] = {
		.complete = armvcpu_psci_complete,
		.cancel = armvcpu_psci_cancel,
	},
};

static void armvcpu_pending_complete(struct armvcpu_vcpu *vcpu)
{
	enum armvcpu_pending_kind kind = vcpu->pending.kind;

	if (kind != ARMVCPU_PENDING_NONE) {
		trace_armvcpu_complete(vcpu->id, kind);
		armvcpu_pending_ops[kind].complete(vcpu);
		vcpu->pending.kind = ARMVCPU_PENDING_NONE;
	}
}

/*
 * Forget the completion the last exit left for the next RUN, which will
 * not happen (SET_ONE_REG of the PC, INJECT_ABORT, close). The state it
 * would have settled elsewhere is settled now: a CPU_ON's target.
 */
void armvcpu_pending_drop(struct armvcpu_vcpu *vcpu)
{
	const struct armvcpu_pending_ops *ops =
		&armvcpu_pending_ops[vcpu->pending.kind];

	if (ops->cancel)
		ops->cancel(vcpu);
	vcpu->pending.kind = ARMVCPU_PENDING_NONE;
}

/*
 * Not inlined into armvcpu_vcpu_run(): the trace and counter of the
 * return to userspace would take registers the guest entry loop uses,
 * which costs every in-kernel exit; a call costs only each RUN.
 */
static noinline int armvcpu_run_loop(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_run *run = vcpu->run;
	int ret;

	if (armvcpu_el2_broken())
		return -EIO;

	/*
	 * Completion first, as KVM learned: an MMIO read or hypercall the
	 * guest already made must land in its registers (and the PC move)
	 * even if this RUN then returns for a signal.
	 */
	armvcpu_pending_complete(vcpu);
	/* Lazy FP starts over: the VMM may have run anything since. */
	vcpu->fp_active = false;

	if (READ_ONCE(run->immediate_exit)) {
		run->exit_reason = ARMVCPU_EXIT_INTR;
		return -EINTR;
	}

	for (;;) {
		if (signal_pending(current)) {
			run->exit_reason = ARMVCPU_EXIT_INTR;
			return -EINTR;
		}
		/* The guest never holds a CPU the host scheduler wants. */
		cond_resched();
		ret = armvcpu_enter(vcpu);
		if (ret <= 0)
			return ret;
	}
}

int armvcpu_vcpu_run(struct armvcpu_vcpu *vcpu)
{
	int ret = armvcpu_run_loop(vcpu);
	/* Userspace may scribble on its run page: the reason is bounded. */
	u32 reason = READ_ONCE(vcpu->run->exit_reason);

	trace_armvcpu_userspace_exit(vcpu->id, reason, ret);
	/* EINTR from a fatal signal in a fault leaves the last exit's reason. */
	if (ret == -EINTR)
		reason = ARMVCPU_EXIT_INTR;
	if ((!ret || ret == -EINTR) && reason < ARMVCPU_STAT_NR_EXIT_REASONS)
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_USER + reason);
	return ret;
}
