// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI 1.1 and SMCCC arch calls answered by the kernel, and the PSCI exits,
 * over HVC then SMC (psci_calls_guest.S makes the calls): results value by
 * value, W0 matching and W1-W3 for SMC32, CPU_ON decided in the kernel
 * where it can and by the VMM otherwise, CPU_OFF, SYSTEM_OFF, SYSTEM_RESET
 * and SYSTEM_RESET2 payloads, and what a resumed caller reads. HVC
 * WORKAROUND_1 is answered at EL2 without an exit: the same X0 as SMC,
 * as the module's el2_spectre says (spectre_exit checks that against the
 * host's own verdict).
 */
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "el2_util.h"

#define ENTRY		0x40081000ULL
#define NR_VCPUS	4

#define SUCCESS		0
#define NOT_SUPPORTED	-1
#define INVALID_PARAMS	-2
#define DENIED		-3
#define ALREADY_ON	-4
#define INTERNAL_FAIL	-6
#define INVALID_ADDR	-9
#define AFF_ON		0
#define AFF_OFF		1

/* Next ucall must be SYNC carrying @want (the guest's x0). */
static void expect_result(struct __test_metadata *_metadata,
			  struct av_vcpu *vcpu, long long want, int step)
{
	__u64 arg = 0, code = av_run_ucall(vcpu, &arg);

	ASSERT_EQ(AV_UCALL_SYNC, code) TH_LOG("step %d", step);
	EXPECT_EQ((__u64)want, arg) TH_LOG("step %d: got %lld", step,
					   (long long)arg);
}

/* Next RUN must end with @reason, the PC past the HVC/SMC. */
static void expect_exit(struct __test_metadata *_metadata,
			struct av_vm *vm, struct av_vcpu *vcpu, __u32 reason,
			__u32 insn, int step)
{
	__u64 pc;

	ASSERT_EQ(0, __av_run(vcpu->fd)) TH_LOG("step %d", step);
	ASSERT_EQ(reason, vcpu->run->exit_reason)
		TH_LOG("step %d: exit %s", step,
		       av_exit_name(vcpu->run->exit_reason));
	pc = av_get_reg(vcpu, ARMVCPU_REG_PC);
	EXPECT_EQ(insn, *(__u32 *)((char *)vm->ram + pc - 4 - AV_RAM_BASE))
		TH_LOG("step %d: pc %llx", step, (unsigned long long)pc);
}

static long long kernel_answers[] = {
	0x10001, 0x10001, NOT_SUPPORTED,		/* VERSION */
	SUCCESS, SUCCESS, NOT_SUPPORTED, SUCCESS,	/* FEATURES */
	NOT_SUPPORTED,
	2,						/* MIGRATE_INFO_TYPE */
	SUCCESS, SUCCESS,				/* CPU_SUSPEND */
	AFF_ON, AFF_ON, AFF_OFF, INVALID_PARAMS,	/* AFFINITY_INFO */
	INVALID_PARAMS,
	NOT_SUPPORTED, NOT_SUPPORTED,			/* MIGRATE, unknown */
	0x10001, SUCCESS, NOT_SUPPORTED, NOT_SUPPORTED,	/* SMCCC arch */
	NOT_SUPPORTED, 0, NOT_SUPPORTED, 0,		/* WORKAROUND_1 */
#define WA1_FEATURES	20
#define WA1_CALL	22
#define WA1_CALL_W0	24
	ALREADY_ON, INVALID_PARAMS, INVALID_PARAMS,	/* CPU_ON refused */
	INVALID_ADDR, INVALID_ADDR,
};

static void one_conduit(struct __test_metadata *_metadata, struct av_vm *vm,
			struct av_vcpu *vcpu, __u32 insn, __u64 on,
			__u64 refused)
{
	struct armvcpu_run *run = vcpu->run;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kernel_answers); i++)
		expect_result(_metadata, vcpu, kernel_answers[i], i);

	/* CPU_ON the VMM accepts: payload, preset SUCCESS, x0 = 0. */
	expect_exit(_metadata, vm, vcpu, ARMVCPU_EXIT_CPU_UP, insn, 100);
	EXPECT_EQ(on, run->cpu_up.target_mpidr);
	EXPECT_EQ(ENTRY, run->cpu_up.entry);
	EXPECT_EQ(0x1234, run->cpu_up.context_id);
	EXPECT_EQ(0, run->cpu_up.psci_ret);
	expect_result(_metadata, vcpu, SUCCESS, 101);
	expect_result(_metadata, vcpu, AFF_ON, 102);
	expect_result(_metadata, vcpu, ALREADY_ON, 103);

	/* SMC32 CPU_ON with garbage above W0-W3; the VMM refuses it. */
	expect_exit(_metadata, vm, vcpu, ARMVCPU_EXIT_CPU_UP, insn, 104);
	EXPECT_EQ(refused, run->cpu_up.target_mpidr);
	EXPECT_EQ(ENTRY, run->cpu_up.entry);
	EXPECT_EQ(0x77, run->cpu_up.context_id);
	run->cpu_up.psci_ret = INTERNAL_FAIL;
	expect_result(_metadata, vcpu, INTERNAL_FAIL, 105);
	expect_result(_metadata, vcpu, AFF_OFF, 106);

	/* The rest do not return; a VMM that resumes anyway gets a failure. */
	expect_exit(_metadata, vm, vcpu, ARMVCPU_EXIT_CPU_DOWN, insn, 107);
	expect_result(_metadata, vcpu, DENIED, 108);
	expect_exit(_metadata, vm, vcpu, ARMVCPU_EXIT_SYSTEM_DOWN, insn, 109);
	expect_result(_metadata, vcpu, INTERNAL_FAIL, 110);

	expect_exit(_metadata, vm, vcpu, ARMVCPU_EXIT_SYSTEM_RESET, insn, 111);
	EXPECT_EQ(0, run->system_reset.is_reset2);
	EXPECT_EQ(0, run->system_reset.type);
	EXPECT_EQ(0, run->system_reset.cookie);
	expect_result(_metadata, vcpu, INTERNAL_FAIL, 112);

	expect_exit(_metadata, vm, vcpu, ARMVCPU_EXIT_SYSTEM_RESET, insn, 113);
	EXPECT_EQ(1, run->system_reset.is_reset2);
	EXPECT_EQ(0, run->system_reset.type);
	EXPECT_EQ(0xc00c1e, run->system_reset.cookie);
	expect_result(_metadata, vcpu, INTERNAL_FAIL, 114);

	/* SYSTEM_RESET2 over SMC32: the cookie is W2. */
	expect_exit(_metadata, vm, vcpu, ARMVCPU_EXIT_SYSTEM_RESET, insn, 115);
	EXPECT_EQ(1, run->system_reset.is_reset2);
	EXPECT_EQ(0x80000001, run->system_reset.type);
	EXPECT_EQ(0x76543210, run->system_reset.cookie);
	expect_result(_metadata, vcpu, INTERNAL_FAIL, 116);

	/* No architectural reset type 1: refused in the kernel. */
	expect_result(_metadata, vcpu, INVALID_PARAMS, 117);
	/* The resets made the kernel forget that vCPU @on was started. */
	expect_result(_metadata, vcpu, AFF_OFF, 118);
}

TEST(psci_over_hvc_then_smc)
{
	struct av_vcpu vcpus[NR_VCPUS];
	struct el2_spectre spectre;
	struct av_vm vm;
	unsigned int i;

	av_vm_create_with_ram(&vm);
	for (i = 0; i < NR_VCPUS; i++)
		av_vcpu_create(&vm, &vcpus[i], i);
	EXPECT_EQ(1, ioctl(vm.fd, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_PSCI));
	ASSERT_EQ(0, el2_spectre_read(&spectre));
	kernel_answers[WA1_FEATURES] = spectre.wa1_features;
	kernel_answers[WA1_CALL] = spectre.wa1_call;
	kernel_answers[WA1_CALL_W0] = spectre.wa1_call;
	AV_LOAD_GUEST(&vm, &vcpus[0], psci_calls);

	one_conduit(_metadata, &vm, &vcpus[0], 0xd4000002, 1, 2);  /* hvc #0 */
	one_conduit(_metadata, &vm, &vcpus[0], 0xd4000003, 2, 3);  /* smc #0 */
	av_run_to_done(&vcpus[0]);

	for (i = 0; i < NR_VCPUS; i++)
		av_vcpu_destroy(&vcpus[i]);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
