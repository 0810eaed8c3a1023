// SPDX-License-Identifier: GPL-2.0
/*
 * HVC and SMC the kernel does not answer itself become HYPERCALL exits:
 * the SMCCC function id and arguments go to userspace, whose ret[0..3] land
 * in x0-x3 on the next RUN. ret[] is preset to NOT_SUPPORTED so a VMM that
 * ignores a call gives the guest the SMCCC answer for unknown functions.
 */
#include <asm/esr.h>

#include "armvcpu.h"
#include "emulate.h"
#include "exit_handlers.h"

static int armvcpu_exit_hypercall(struct armvcpu_vcpu *vcpu, u32 flags)
{
	struct armvcpu_run *run = vcpu->run;
	struct armvcpu_ctx *ctx = vcpu->ctx;
	unsigned int i;

	memset(&run->hypercall, 0, sizeof(run->hypercall));
	run->exit_reason = ARMVCPU_EXIT_HYPERCALL;
	run->hypercall.nr = ctx->guest.regs[0];
	for (i = 0; i < ARRAY_SIZE(run->hypercall.args); i++)
		run->hypercall.args[i] = ctx->guest.regs[i + 1];
	run->hypercall.imm = ctx->exit.esr & ESR_ELx_xVC_IMM_MASK;
	run->hypercall.flags = flags;
	run->hypercall.ret[0] = ARMVCPU_SMCCC_RET_NOT_SUPPORTED;
	vcpu->pending.kind = ARMVCPU_PENDING_HYPERCALL;
	return 0;
}

/* ELR_EL2 already points past an HVC. */
int armvcpu_handle_hvc(struct armvcpu_vcpu *vcpu)
{
	int ret = armvcpu_psci_call(vcpu);

	return ret != -ENOENT ? ret : armvcpu_exit_hypercall(vcpu, 0);
}

/*
 * A trapped SMC (HCR_EL2.TSC) leaves ELR_EL2 on the SMC itself. Stepping
 * now makes both conduits look alike to userspace: the PC is past the
 * call while the exit is pending.
 */
int armvcpu_handle_smc(struct armvcpu_vcpu *vcpu)
{
	int ret;

	armvcpu_skip_instr(vcpu);
	ret = armvcpu_psci_call(vcpu);
	if (ret != -ENOENT)
		return ret;
	return armvcpu_exit_hypercall(vcpu, ARMVCPU_HYPERCALL_SMC);
}

void armvcpu_hypercall_complete(struct armvcpu_vcpu *vcpu)
{
	u64 ret[4];
	unsigned int i;

	/* One read of what userspace wrote; it may be changing it still. */
	memcpy(ret, vcpu->run->hypercall.ret, sizeof(ret));
	for (i = 0; i < ARRAY_SIZE(ret); i++)
		vcpu->ctx->guest.regs[i] = ret[i];
}
