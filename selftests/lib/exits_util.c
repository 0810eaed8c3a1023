// SPDX-License-Identifier: GPL-2.0
/*
 * Host side of the guest exception reports (selftests/guest/av_exc.h) and
 * small waits shared by the exit tests.
 */
#include <string.h>

#include "kselftest.h"
#include "exits_util.h"

void ex_expect_exc(struct av_vcpu *vcpu, struct ex_exc *e)
{
	__u64 *field[] = { &e->esr, &e->far, &e->elr, &e->spsr, &e->daif,
			   &e->vector };
	__u64 code;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(field); i++) {
		code = av_run_ucall(vcpu, field[i]);
		if (code != AV_UCALL_EXC + i)
			av_die("vCPU %u: ucall %llu, not exception report %u",
			       vcpu->id, (unsigned long long)code, i);
	}
}

void ex_expect_exit(struct av_vcpu *vcpu, __u32 reason)
{
	int ret = __av_run(vcpu->fd);

	if (ret)
		av_die("vCPU %u: RUN: %s", vcpu->id, strerror(-ret));
	if (vcpu->run->exit_reason != reason)
		av_die("vCPU %u: exit %s instead of %s", vcpu->id,
		       av_exit_name(vcpu->run->exit_reason),
		       av_exit_name(reason));
}

__u32 ex_insn_at(struct av_vm *vm, __u64 gpa)
{
	__u32 insn;

	if (gpa < AV_RAM_BASE || gpa + 4 > AV_RAM_BASE + vm->ram_size)
		av_die("guest address 0x%llx outside RAM",
		       (unsigned long long)gpa);
	memcpy(&insn, (char *)vm->ram + (gpa - AV_RAM_BASE), 4);
	return insn;
}
