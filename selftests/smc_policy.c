// SPDX-License-Identifier: GPL-2.0
/*
 * SMC policy: an SMC that is not PSCI (or not SMCCC) becomes
 * ARMVCPU_EXIT_HYPERCALL with ARMVCPU_HYPERCALL_SMC and the PC stepped past
 * it; nothing reaches firmware. ARMVCPU_VM_USER_PSCI sends every PSCI
 * call to the VMM as a HYPERCALL exit on either conduit, the VMM's ret[0]
 * landing in x0. smc_policy_guest.S makes the calls.
 */
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "exits_util.h"

#define HVC0		0xd4000002U
#define SMC0		0xd4000003U

/* A HYPERCALL exit for @nr with the PC just past @insn (HVC/SMC #imm). */
static void expect_hypercall(struct __test_metadata *_metadata,
			     struct av_vm *vm, struct av_vcpu *vcpu, __u64 nr,
			     __u64 arg0, __u32 insn, __u32 imm, __u64 ret)
{
	struct armvcpu_run *run = vcpu->run;
	__u64 pc;

	ex_expect_exit(vcpu, ARMVCPU_EXIT_HYPERCALL);
	EXPECT_EQ(nr, run->hypercall.nr);
	EXPECT_EQ(arg0, run->hypercall.args[0]);
	EXPECT_EQ(imm, run->hypercall.imm);
	EXPECT_EQ(insn == SMC0 ? ARMVCPU_HYPERCALL_SMC : 0,
		  run->hypercall.flags);
	EXPECT_EQ(ARMVCPU_SMCCC_RET_NOT_SUPPORTED, run->hypercall.ret[0]);
	pc = av_get_reg(vcpu, ARMVCPU_REG_PC);
	EXPECT_EQ(insn | imm << 5, ex_insn_at(vm, pc - 4));
	run->hypercall.ret[0] = ret;
	EXPECT_EQ(ret, ex_expect_sync(vcpu));
}

static void run_guest(struct __test_metadata *_metadata, __u32 flags)
{
	bool user = flags & ARMVCPU_VM_USER_PSCI;
	struct av_vcpu vcpu[2];
	struct av_vm vm;

	av_vm_create_with_ram_flags(&vm, flags);
	av_vcpu_create(&vm, &vcpu[0], 0);
	av_vcpu_create(&vm, &vcpu[1], 1);
	AV_LOAD_GUEST(&vm, &vcpu[0], smc_policy);

	expect_hypercall(_metadata, &vm, &vcpu[0], 0x82000001, 0x5151, SMC0,
			 0, 7);
	expect_hypercall(_metadata, &vm, &vcpu[0], 0x84000000, 0, SMC0, 0x77,
			 8);
	expect_hypercall(_metadata, &vm, &vcpu[0], 0x04000000, 0, SMC0, 0, 9);
	if (user) {
		expect_hypercall(_metadata, &vm, &vcpu[0], 0x84000000, 0, HVC0,
				 0, 0x10000);
		expect_hypercall(_metadata, &vm, &vcpu[0], 0xc4000003, 1, SMC0,
				 0, 0);
	} else {
		/* The kernel answers: VERSION, and entry 0 is no address. */
		EXPECT_EQ(0x10001, ex_expect_sync(&vcpu[0]));
		EXPECT_EQ((__u64)-9, ex_expect_sync(&vcpu[0]));
	}
	EXPECT_EQ(0x10001, ex_expect_sync(&vcpu[0]));	/* SMCCC_VERSION */
	av_run_to_done(&vcpu[0]);

	av_vcpu_destroy(&vcpu[1]);
	av_vcpu_destroy(&vcpu[0]);
	av_vm_destroy(&vm);
}

TEST(non_psci_smc_exits_to_the_vmm)
{
	run_guest(_metadata, 0);
}

TEST(user_psci_sends_psci_to_the_vmm)
{
	struct av_vm vm;

	av_vm_create_with_ram(&vm);
	EXPECT_EQ(1, ioctl(vm.fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_USER_PSCI));
	av_vm_destroy(&vm);
	run_guest(_metadata, ARMVCPU_VM_USER_PSCI);
}

TEST_HARNESS_MAIN
