// SPDX-License-Identifier: GPL-2.0
/*
 * The exception classes that are neither MMIO, hypercall nor system
 * register: features the guest cannot have, and instruction fetches or
 * page-table walks that leave guest memory. Each ends the way it would on
 * a machine without the feature or without memory at that address; none
 * reaches the host or stops RUN. Documentation/exits.rst lists every class.
 */
#include <asm/esr.h>

#include "armvcpu.h"
#include "exit_handlers.h"

/*
 * AArch32 coprocessor and HVC/SMC traps, pointer authentication, SVE and
 * SME: armvcpu runs no AArch32 and hides the features, so to the guest
 * the instruction is UNDEFINED, which is what it would be on a CPU
 * without them.
 */
int armvcpu_handle_undef_ec(struct armvcpu_vcpu *vcpu)
{
	armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_OTHER);
	armvcpu_inject_undef(vcpu);
	return 1;
}

static bool armvcpu_ipa_in_memory(struct armvcpu_vcpu *vcpu, u64 ipa)
{
	bool found;

	mutex_lock(&vcpu->vm->lock);
	found = armvcpu_memslot_find(vcpu->vm, ipa);
	mutex_unlock(&vcpu->vm->lock);
	return found;
}

static int armvcpu_guest_sea(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_OTHER);
	/* FAR_EL2 holds the guest's virtual address, as FAR_EL1 must. */
	if (ESR_ELx_EC(ctx->exit.esr) == ESR_ELx_EC_IABT_LOW)
		armvcpu_inject_pabt(vcpu, ctx->exit.far);
	else
		armvcpu_inject_dabt(vcpu, ctx->exit.far);
	return 1;
}

/*
 * A stage-2 fault inside guest memory. A translation fault is the first
 * touch of a chunk not mapped yet (an instruction fetch, or the guest's
 * stage-1 walk reading its tables): pin and map it. Any other fault there
 * is armvcpu's own stage 2 being wrong, reported as such rather than
 * retried for ever.
 */
static int armvcpu_fault_in_memory(struct armvcpu_vcpu *vcpu)
{
	if ((vcpu->ctx->exit.esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_FAULT)
		return armvcpu_memslot_fault(vcpu,
					     armvcpu_fault_ipa(vcpu->ctx));
	return armvcpu_exit_internal_error(vcpu,
					   ARMVCPU_INTERNAL_ERROR_MEMORY_FAULT);
}

/*
 * The fault status codes of a synchronous external abort, one bit each, as
 * KVM's kvm_vcpu_abt_issea() lists them: on the access itself (0x10), on a
 * translation table walk at level -1 to 3 (0x13-0x17), and the parity or
 * ECC forms of both (0x18, 0x1b-0x1f).
 */
#define ARMVCPU_FSC_SEA_MASK	(BIT_ULL(0x10) | GENMASK_ULL(0x17, 0x13) | \
				 BIT_ULL(0x18) | GENMASK_ULL(0x1f, 0x1b))

static bool armvcpu_abt_issea(u64 esr)
{
	return ARMVCPU_FSC_SEA_MASK & BIT_ULL(esr & ESR_ELx_FSC);
}

/*
 * An instruction or data abort that is a synchronous external abort (with
 * RAS, HCR_EL2.TEA sends them here), on the access or on a walk for it, is
 * the memory system's error, not a stage-2 fault, and HPFAR_EL2 is UNKNOWN
 * for it: nothing to map or emulate, and no IPA to look at. As KVM does
 * when firmware does not claim the error (apei_claim_sea(), which a module
 * cannot call), the guest gets a virtual SError, and runs the access again
 * if it survives. Returns false for any other abort.
 */
bool armvcpu_handle_guest_sea(struct armvcpu_vcpu *vcpu)
{
	if (!armvcpu_abt_issea(vcpu->ctx->exit.esr))
		return false;
	armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_OTHER);
	armvcpu_inject_vabt(vcpu);
	return true;
}

/*
 * Stage 2 faulted on a descriptor the guest's stage-1 walk read (or the
 * hardware's access-flag/dirty update wrote). Outside memory, or written
 * in a read-only slot, there is nothing to emulate: as on a machine with
 * no RAM there, the access that needed the walk takes an external abort.
 */
int armvcpu_handle_s1ptw(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	if ((ctx->exit.esr & ESR_ELx_FSC_TYPE) != ESR_ELx_FSC_PERM &&
	    armvcpu_ipa_in_memory(vcpu, armvcpu_fault_ipa(ctx)))
		return armvcpu_fault_in_memory(vcpu);
	return armvcpu_guest_sea(vcpu);
}

/*
 * Instruction fetch that stage 2 refused outside memory: there is no
 * device to emulate a fetch from, so the guest takes a prefetch abort, as
 * it would fetching from a hole in a real machine's address map.
 */
int armvcpu_handle_iabt(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;

	if (armvcpu_handle_guest_sea(vcpu))
		return 1;
	if (ctx->exit.esr & ESR_ELx_S1PTW)
		return armvcpu_handle_s1ptw(vcpu);
	if (armvcpu_ipa_in_memory(vcpu, armvcpu_fault_ipa(ctx)))
		return armvcpu_fault_in_memory(vcpu);
	return armvcpu_guest_sea(vcpu);
}
