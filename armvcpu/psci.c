// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI 1.1 and the SMCCC architecture calls, for HVC and SMC alike.
 *
 * What a single vCPU can answer is answered here (VERSION, FEATURES,
 * AFFINITY_INFO, MIGRATE_INFO_TYPE, CPU_SUSPEND); what changes the machine
 * the VMM models becomes an exit (CPU_ON, CPU_OFF, SYSTEM_OFF, SYSTEM_RESET,
 * SYSTEM_RESET2). Nothing reaches the host's firmware: forwarded to EL3,
 * a guest's SYSTEM_RESET would reset the machine.
 *
 * SMCCC passes the function id in W0, so the top half of X0 is ignored;
 * an SMC32/HVC32 call also takes its arguments from W1-W3.
 */
#include <linux/arm-smccc.h>
#include <uapi/linux/psci.h>
#include <asm/cputype.h>
#include <asm/esr.h>

#include "armvcpu.h"
#include "exit_handlers.h"
#include "el2/spectre.h"
#include "vgic/vgic.h"
#include "trace.h"

#define ARMVCPU_PSCI_VERSION	PSCI_VERSION(1, 1)

/* PSCI owns function numbers 0x00-0x1f of the standard service range. */
#define ARMVCPU_PSCI_NR		0x20
#define ARMVCPU_PSCI_IDX(id)	((id) - PSCI_0_2_FN_BASE)

/* Calling conventions a PSCI function exists in. */
#define PSCI_32			BIT(0)
#define PSCI_64			BIT(1)

struct armvcpu_psci_call {
	struct armvcpu_vcpu *vcpu;
	u32 fn;			/* W0 */
	u64 arg[3];		/* X1-X3, or W1-W3 for SMC32/HVC32 */
	long ret;		/* X0 when the kernel answers */
};

/* Returns like an exit handler; the kernel's answer is in c->ret. */
typedef int (*armvcpu_psci_fn_t)(struct armvcpu_psci_call *c);

static struct armvcpu_vcpu *armvcpu_vcpu_by_mpidr(struct armvcpu_vm *vm,
						  u64 mpidr)
{
	unsigned int i;

	lockdep_assert_held(&vm->lock);
	for (i = 0; i < ARMVCPU_MAX_VCPUS; i++) {
		struct armvcpu_vcpu *v = vm->vcpus[i];

		if (v && (READ_ONCE(v->ctx->ctl.vmpidr) & MPIDR_HWID_BITMASK) ==
			 mpidr)
			return v;
	}
	return NULL;
}

static int armvcpu_psci_version(struct armvcpu_psci_call *c)
{
	c->ret = ARMVCPU_PSCI_VERSION;
	return 1;
}

/*
 * A standby or power-down suspend ends, like WFI, when an interrupt is
 * pending for the vCPU: with the in-kernel GIC the vCPU sleeps until then.
 * Without one nothing could wake it, and PSCI 1.1 (5.4.2) lets a suspend
 * return at once as if woken: the run loop's reschedule point stands in
 * for the wait, as for WFI. Either way the caller resumes after the call
 * with SUCCESS; armvcpu never loses the vCPU's context.
 */
static int armvcpu_psci_cpu_suspend(struct armvcpu_psci_call *c)
{
	if (c->vcpu->vm->vgic)
		armvcpu_vgic_wait(c->vcpu);
	c->ret = PSCI_RET_SUCCESS;
	return 1;
}

/*
 * The VMM stops the vCPU. If it runs it again anyway, the call returns
 * DENIED, the one failure CPU_OFF has.
 */
static int armvcpu_psci_cpu_off(struct armvcpu_psci_call *c)
{
	struct armvcpu_vcpu *vcpu = c->vcpu;

	mutex_lock(&vcpu->vm->lock);
	WRITE_ONCE(vcpu->psci.power, ARMVCPU_POWER_OFF);
	mutex_unlock(&vcpu->vm->lock);
	c->ret = PSCI_RET_DENIED;
	vcpu->run->exit_reason = ARMVCPU_EXIT_CPU_DOWN;
	return 0;
}

/*
 * Decided here: an MPIDR with non-affinity bits or naming no vCPU
 * (INVALID_PARAMETERS), an entry point outside guest memory or not
 * word aligned (INVALID_ADDRESS), a target known to run (ALREADY_ON) or
 * already being started (ON_PENDING). Everything else is the VMM's call.
 */
static int armvcpu_psci_cpu_on(struct armvcpu_psci_call *c)
{
	struct armvcpu_vcpu *vcpu = c->vcpu, *target;
	struct armvcpu_vm *vm = vcpu->vm;
	u64 mpidr = c->arg[0], entry = c->arg[1];
	struct armvcpu_run *run = vcpu->run;

	if (mpidr & ~MPIDR_HWID_BITMASK) {
		c->ret = PSCI_RET_INVALID_PARAMS;
		return 1;
	}
	mutex_lock(&vm->lock);
	target = armvcpu_vcpu_by_mpidr(vm, mpidr);
	if (!target)
		c->ret = PSCI_RET_INVALID_PARAMS;
	else if (target == vcpu || target->psci.power == ARMVCPU_POWER_ON)
		c->ret = PSCI_RET_ALREADY_ON;
	else if (target->psci.power == ARMVCPU_POWER_ON_PENDING)
		c->ret = PSCI_RET_ON_PENDING;
	else if ((entry & 3) || !armvcpu_memslot_find(vm, entry))
		c->ret = PSCI_RET_INVALID_ADDRESS;
	else
		c->ret = PSCI_RET_SUCCESS;
	if (c->ret == PSCI_RET_SUCCESS) {
		vcpu->pending.cpu_up.target = target->id;
		vcpu->pending.cpu_up.prev = target->psci.power;
		WRITE_ONCE(target->psci.power, ARMVCPU_POWER_ON_PENDING);
	}
	mutex_unlock(&vm->lock);
	if (c->ret != PSCI_RET_SUCCESS)
		return 1;

	memset(&run->cpu_up, 0, sizeof(run->cpu_up));
	run->exit_reason = ARMVCPU_EXIT_CPU_UP;
	run->cpu_up.target_mpidr = mpidr;
	run->cpu_up.entry = entry;
	run->cpu_up.context_id = c->arg[2];
	run->cpu_up.psci_ret = PSCI_RET_SUCCESS;
	vcpu->pending.kind = ARMVCPU_PENDING_CPU_UP;
	return 0;
}

/* Level 0-3 compares MPIDR affinity fields from that level up. */
static int armvcpu_psci_affinity_info(struct armvcpu_psci_call *c)
{
	struct armvcpu_vm *vm = c->vcpu->vm;
	u64 level = c->arg[1], mask, want;
	bool found = false, on = false, pending = false;
	unsigned int i;

	if (level > 3 || (c->arg[0] & ~MPIDR_HWID_BITMASK)) {
		c->ret = PSCI_RET_INVALID_PARAMS;
		return 1;
	}
	mask = MPIDR_HWID_BITMASK & ~(BIT_ULL(MPIDR_LEVEL_SHIFT(level)) - 1);
	want = c->arg[0] & mask;

	mutex_lock(&vm->lock);
	for (i = 0; i < ARMVCPU_MAX_VCPUS; i++) {
		struct armvcpu_vcpu *v = vm->vcpus[i];

		if (!v || (READ_ONCE(v->ctx->ctl.vmpidr) & mask) != want)
			continue;
		found = true;
		on |= v->psci.power == ARMVCPU_POWER_ON;
		pending |= v->psci.power == ARMVCPU_POWER_ON_PENDING;
	}
	mutex_unlock(&vm->lock);

	if (!found)
		c->ret = PSCI_RET_INVALID_PARAMS;
	else if (on)
		c->ret = PSCI_0_2_AFFINITY_LEVEL_ON;
	else if (pending)
		c->ret = PSCI_0_2_AFFINITY_LEVEL_ON_PENDING;
	else
		c->ret = PSCI_0_2_AFFINITY_LEVEL_OFF;
	return 1;
}

/* No Trusted OS runs under a guest, so nothing needs migrating. */
static int armvcpu_psci_migrate_info_type(struct armvcpu_psci_call *c)
{
	c->ret = PSCI_0_2_TOS_MP;
	return 1;
}

/*
 * The VMM restarts the whole machine (or stops it): no vCPU's power state
 * survives, so the kernel forgets them all rather than refuse a CPU_ON of
 * the rebooted guest with a stale ALREADY_ON.
 */
static void armvcpu_psci_forget_power(struct armvcpu_vm *vm)
{
	unsigned int i;

	mutex_lock(&vm->lock);
	for (i = 0; i < ARMVCPU_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			WRITE_ONCE(vm->vcpus[i]->psci.power,
				   ARMVCPU_POWER_UNKNOWN);
	mutex_unlock(&vm->lock);
}

/*
 * SYSTEM_OFF and the resets do not return. A VMM that resumes the vCPU
 * anyway gives it INTERNAL_FAILURE, as KVM does.
 */
static int armvcpu_psci_system_off(struct armvcpu_psci_call *c)
{
	armvcpu_psci_forget_power(c->vcpu->vm);
	c->ret = PSCI_RET_INTERNAL_FAILURE;
	c->vcpu->run->exit_reason = ARMVCPU_EXIT_SYSTEM_DOWN;
	return 0;
}

static int armvcpu_exit_reset(struct armvcpu_psci_call *c, bool reset2,
			      u32 type, u64 cookie)
{
	struct armvcpu_run *run = c->vcpu->run;

	armvcpu_psci_forget_power(c->vcpu->vm);
	memset(&run->system_reset, 0, sizeof(run->system_reset));
	run->exit_reason = ARMVCPU_EXIT_SYSTEM_RESET;
	run->system_reset.is_reset2 = reset2;
	run->system_reset.type = type;
	run->system_reset.cookie = cookie;
	c->ret = PSCI_RET_INTERNAL_FAILURE;
	return 0;
}

static int armvcpu_psci_system_reset(struct armvcpu_psci_call *c)
{
	return armvcpu_exit_reset(c, false, 0, 0);
}

/* Architectural reset types other than warm reset do not exist (yet). */
static int armvcpu_psci_system_reset2(struct armvcpu_psci_call *c)
{
	u32 type = lower_32_bits(c->arg[0]);

	if (!(type & PSCI_1_1_RESET_TYPE_VENDOR_START) &&
	    type != PSCI_1_1_RESET_TYPE_SYSTEM_WARM_RESET) {
		c->ret = PSCI_RET_INVALID_PARAMS;
		return 1;
	}
	return armvcpu_exit_reset(c, true, type, c->arg[1]);
}

static int armvcpu_psci_features(struct armvcpu_psci_call *c);

/*
 * Indexed by function number; MIGRATE, MIGRATE_INFO_UP_CPU and the
 * optional PSCI 1.0/1.1 functions are absent: NOT_SUPPORTED.
 */
static const struct {
	armvcpu_psci_fn_t fn;
	u8 conv;
} armvcpu_psci_fns[ARMVCPU_PSCI_NR] = {
	[ARMVCPU_PSCI_IDX(PSCI_0_2_FN_PSCI_VERSION)] = {
		armvcpu_psci_version, PSCI_32 },
	[ARMVCPU_PSCI_IDX(PSCI_0_2_FN_CPU_SUSPEND)] = {
		armvcpu_psci_cpu_suspend, PSCI_32 | PSCI_64 },
	[ARMVCPU_PSCI_IDX(PSCI_0_2_FN_CPU_OFF)] = {
		armvcpu_psci_cpu_off, PSCI_32 },
	[ARMVCPU_PSCI_IDX(PSCI_0_2_FN_CPU_ON)] = {
		armvcpu_psci_cpu_on, PSCI_32 | PSCI_64 },
	[ARMVCPU_PSCI_IDX(PSCI_0_2_FN_AFFINITY_INFO)] = {
		armvcpu_psci_affinity_info, PSCI_32 | PSCI_64 },
	[ARMVCPU_PSCI_IDX(PSCI_0_2_FN_MIGRATE_INFO_TYPE)] = {
		armvcpu_psci_migrate_info_type, PSCI_32 },
	[ARMVCPU_PSCI_IDX(PSCI_0_2_FN_SYSTEM_OFF)] = {
		armvcpu_psci_system_off, PSCI_32 },
	[ARMVCPU_PSCI_IDX(PSCI_0_2_FN_SYSTEM_RESET)] = {
		armvcpu_psci_system_reset, PSCI_32 },
	[ARMVCPU_PSCI_IDX(PSCI_1_0_FN_PSCI_FEATURES)] = {
		armvcpu_psci_features, PSCI_32 },
	[ARMVCPU_PSCI_IDX(PSCI_1_1_FN_SYSTEM_RESET2)] = {
		armvcpu_psci_system_reset2, PSCI_32 | PSCI_64 },
};

static bool armvcpu_is_psci(u32 fn)
{
	return (fn & ~BIT(ARM_SMCCC_CALL_CONV_SHIFT)) - PSCI_0_2_FN_BASE <
	       ARMVCPU_PSCI_NR;
}

/* The table entry for @fn, or NULL for an id PSCI 1.1 does not define. */
static armvcpu_psci_fn_t armvcpu_psci_lookup(u32 fn)
{
	u32 idx = ARM_SMCCC_FUNC_NUM(fn);
	u8 conv = ARM_SMCCC_IS_64(fn) ? PSCI_64 : PSCI_32;

	if (!armvcpu_is_psci(fn) || !(armvcpu_psci_fns[idx].conv & conv))
		return NULL;
	return armvcpu_psci_fns[idx].fn;
}

/*
 * PSCI_FEATURES(SMCCC_VERSION) is how a guest learns SMCCC 1.1 exists;
 * CPU_SUSPEND answers 0: original power_state format, no OS-initiated mode.
 */
static int armvcpu_psci_features(struct armvcpu_psci_call *c)
{
	u32 fn = lower_32_bits(c->arg[0]);

	if (fn == ARM_SMCCC_VERSION_FUNC_ID || armvcpu_psci_lookup(fn))
		c->ret = PSCI_RET_SUCCESS;
	else
		c->ret = PSCI_RET_NOT_SUPPORTED;
	return 1;
}

/*
 * The Arm architecture service (owner 0) belongs to whoever implements
 * SMCCC for the guest: here. WORKAROUND_1/3 are offered as the host
 * hardens guest exits (el2/spectre.c); the calls themselves are answered the
 * same way at EL2 (hyp/spectre.S) when they come as HVC #0. WORKAROUND_2
 * (SSBD) is not offered: the guest applies its own mitigation.
 */
static long armvcpu_smccc_arch(u32 fn, u32 arg)
{
	switch (fn) {
	case ARM_SMCCC_VERSION_FUNC_ID:
		return ARM_SMCCC_VERSION_1_1;
	case ARM_SMCCC_ARCH_FEATURES_FUNC_ID:
		if (arg == ARM_SMCCC_VERSION_FUNC_ID ||
		    arg == ARM_SMCCC_ARCH_FEATURES_FUNC_ID)
			return SMCCC_RET_SUCCESS;
		return armvcpu_spectre_features(arg);
	case ARM_SMCCC_ARCH_WORKAROUND_1:
	case ARM_SMCCC_ARCH_WORKAROUND_3:
		return armvcpu_spectre_call(fn);
	default:
		return SMCCC_RET_NOT_SUPPORTED;
	}
}

/* x0 gets the answer, x1-x3 zero so nothing stale looks like a result. */
static void armvcpu_smccc_ret(struct armvcpu_vcpu *vcpu, long ret)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	ctx->guest.regs[0] = ret;
	ctx->guest.regs[1] = 0;
	ctx->guest.regs[2] = 0;
	ctx->guest.regs[3] = 0;
}

int armvcpu_psci_call(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;
	struct armvcpu_psci_call c = { .vcpu = vcpu };
	armvcpu_psci_fn_t fn;
	u64 mask;
	int ret;

	c.fn = lower_32_bits(ctx->guest.regs[0]);
	/* SMCCC calls use immediate 0; anything else is the VMM's protocol. */
	if (ctx->exit.esr & ESR_ELx_xVC_IMM_MASK)
		return -ENOENT;
	if (!(c.fn & BIT(ARM_SMCCC_TYPE_SHIFT)))
		return -ENOENT;		/* yielding calls: not SMCCC 1.1 fast */

	if (ARM_SMCCC_OWNER_NUM(c.fn) == ARM_SMCCC_OWNER_ARCH) {
		c.ret = armvcpu_smccc_arch(c.fn, lower_32_bits(ctx->guest.regs[1]));
		armvcpu_smccc_ret(vcpu, c.ret);
		trace_armvcpu_psci(vcpu->id, c.fn, c.ret, 1);
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_HYPERCALL_KERNEL);
		return 1;
	}
	if (!armvcpu_is_psci(c.fn) || (vcpu->vm->flags & ARMVCPU_VM_USER_PSCI))
		return -ENOENT;

	/*
	 * Whoever calls PSCI is running. Only this vCPU's own CPU_OFF and
	 * a system reset (which may as well have come after this call) move
	 * a vCPU that is ON, so the lock is needed only to change it.
	 */
	if (READ_ONCE(vcpu->psci.power) != ARMVCPU_POWER_ON) {
		mutex_lock(&vcpu->vm->lock);
		WRITE_ONCE(vcpu->psci.power, ARMVCPU_POWER_ON);
		mutex_unlock(&vcpu->vm->lock);
	}

	/* SMC32/HVC32 arguments are the low halves (SMCCC 1.1, 2.6). */
	mask = ARM_SMCCC_IS_64(c.fn) ? U64_MAX : U32_MAX;
	c.arg[0] = ctx->guest.regs[1] & mask;
	c.arg[1] = ctx->guest.regs[2] & mask;
	c.arg[2] = ctx->guest.regs[3] & mask;
	fn = armvcpu_psci_lookup(c.fn);
	if (fn) {
		ret = fn(&c);
	} else {
		c.ret = PSCI_RET_NOT_SUPPORTED;
		ret = 1;
	}
	/*
	 * Exits that return a PSCI result on completion (CPU_ON) write x0
	 * then; the others preset it now in case the VMM resumes the vCPU.
	 */
	if (ret) {
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_PSCI_KERNEL);
		armvcpu_smccc_ret(vcpu, c.ret);
	} else if (vcpu->pending.kind != ARMVCPU_PENDING_CPU_UP) {
		armvcpu_smccc_ret(vcpu, c.ret);
	}
	trace_armvcpu_psci(vcpu->id, c.fn, c.ret, ret);
	return ret;
}

/*
 * The CPU_ON @vcpu made is over: its target is ON if it succeeded, else
 * back in the state it had. A target that ran since (and so made itself
 * ON) or was closed is left alone.
 */
static void armvcpu_psci_cpu_on_settle(struct armvcpu_vcpu *vcpu, bool on)
{
	struct armvcpu_vm *vm = vcpu->vm;
	struct armvcpu_vcpu *target;

	mutex_lock(&vm->lock);
	target = vm->vcpus[vcpu->pending.cpu_up.target];
	if (target && target->psci.power == ARMVCPU_POWER_ON_PENDING)
		WRITE_ONCE(target->psci.power,
			   on ? ARMVCPU_POWER_ON : vcpu->pending.cpu_up.prev);
	mutex_unlock(&vm->lock);
}

/* Next RUN after a CPU_UP exit: the VMM's verdict becomes the result. */
void armvcpu_psci_complete(struct armvcpu_vcpu *vcpu)
{
	s64 psci_ret = READ_ONCE(vcpu->run->cpu_up.psci_ret);

	armvcpu_psci_cpu_on_settle(vcpu, psci_ret == PSCI_RET_SUCCESS);
	armvcpu_smccc_ret(vcpu, psci_ret);
}

/*
 * A CPU_UP exit that will never complete: the caller's PC was rewritten,
 * an abort injected in its place, or the caller closed. Nobody started
 * the target, and leaving it ON_PENDING would answer ON_PENDING to every
 * later CPU_ON and AFFINITY_INFO: it goes back to where it was.
 */
void armvcpu_psci_cancel(struct armvcpu_vcpu *vcpu)
{
	armvcpu_psci_cpu_on_settle(vcpu, false);
}
