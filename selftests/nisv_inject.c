// SPDX-License-Identifier: GPL-2.0
/*
 * Data aborts without a valid syndrome outside memory become
 * ARMVCPU_EXIT_MMIO_NISV with the ISS and IPA and the PC on the
 * instruction; ARMVCPU_INJECT_ABORT then makes the guest take a
 * synchronous external abort exactly as the hardware would: ESR_EL1,
 * FAR_EL1, ELR_EL1, SPSR_EL1, DAIF masked, the vector for the EL it came
 * from. Instruction fetches from a hole in the address map give the guest
 * a prefetch abort without an exit. nisv_inject_guest.S makes the accesses.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "exits_util.h"

#define MMIO		0x0b000000ULL
#define HOLE		0x0c000000ULL
#define ISS_ISV		0x1000000ULL	/* bit 24 */
#define ISS_WNR		0x40ULL		/* bit 6 */
#define LDP		0xa9400941U	/* ldp x1, x2, [x10] */
#define STP		0xa9011143U	/* stp x3, x4, [x10, #16] */
#define LDR_POST	0xf8408541U	/* ldr x1, [x10], #8 */
#define LDR_Q		0x3dc00140U	/* ldr q0, [x10] */

/* ESR_EL1 of an injected external abort: EC, IL, FSC 0x10. */
#define ESR_SEA(ec)	(((__u64)(ec) << 26) | (1ULL << 25) | 0x10)
#define EC_IABT_LOW	0x20
#define EC_IABT_CUR	0x21
#define EC_DABT_LOW	0x24
#define EC_DABT_CUR	0x25

static void inject(struct __test_metadata *_metadata, struct av_vcpu *vcpu,
		   __u32 type, __u64 addr)
{
	struct armvcpu_abort a = { .type = type, .addr = addr };

	ASSERT_EQ(0, ioctl(vcpu->fd, ARMVCPU_INJECT_ABORT, &a))
		TH_LOG("INJECT_ABORT: %s", strerror(errno));
}

/* An MMIO_NISV exit for @ipa; returns the PC, which must be on @insn. */
static __u64 expect_nisv(struct __test_metadata *_metadata, struct av_vm *vm,
			 struct av_vcpu *vcpu, __u64 ipa, int write, __u32 insn)
{
	struct armvcpu_run *run = vcpu->run;
	__u64 pc;

	ex_expect_exit(vcpu, ARMVCPU_EXIT_MMIO_NISV);
	EXPECT_EQ(ipa, run->mmio_nisv.ipa);
	EXPECT_EQ(0, run->mmio_nisv.esr_iss & ISS_ISV);
	EXPECT_EQ(write ? ISS_WNR : 0, run->mmio_nisv.esr_iss & ISS_WNR);
	pc = av_get_reg(vcpu, ARMVCPU_REG_PC);
	EXPECT_EQ(insn, ex_insn_at(vm, pc));
	return pc;
}

static void expect_abort(struct __test_metadata *_metadata,
			 struct av_vcpu *vcpu, __u64 esr, __u64 far, __u64 elr,
			 __u64 spsr_mode, __u64 vector)
{
	struct ex_exc e;

	ex_expect_exc(vcpu, &e);
	EXPECT_EQ(esr, e.esr);
	EXPECT_EQ(far, e.far);
	EXPECT_EQ(elr, e.elr);
	EXPECT_EQ(spsr_mode, e.spsr & 0x3cf);	/* DAIF and mode */
	EXPECT_EQ(0x3c0ULL, e.daif);
	EXPECT_EQ(vector, e.vector);
}

TEST(inject_abort_rejects_bad_arguments)
{
	struct armvcpu_abort a;
	struct av_vcpu vcpu;
	struct av_vm vm;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	EXPECT_EQ(1, ioctl(vm.fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_INJECT_ABORT));
	EXPECT_EQ(1, ioctl(vm.fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_MMIO_NISV));

	memset(&a, 0, sizeof(a));
	a.flags = 1;
	EXPECT_EQ(-1, ioctl(vcpu.fd, ARMVCPU_INJECT_ABORT, &a));
	EXPECT_EQ(EINVAL, errno);
	memset(&a, 0, sizeof(a));
	a.reserved[1] = 1;
	EXPECT_EQ(-1, ioctl(vcpu.fd, ARMVCPU_INJECT_ABORT, &a));
	EXPECT_EQ(EINVAL, errno);
	memset(&a, 0, sizeof(a));
	a.type = 7;
	EXPECT_EQ(-1, ioctl(vcpu.fd, ARMVCPU_INJECT_ABORT, &a));
	EXPECT_EQ(EINVAL, errno);
	/* An SError has no address (inject_serror.c takes one). */
	a.type = ARMVCPU_ABORT_SERROR;
	a.addr = 0x1000;
	EXPECT_EQ(-1, ioctl(vcpu.fd, ARMVCPU_INJECT_ABORT, &a));
	EXPECT_EQ(EINVAL, errno);
	a.addr = 0;
	EXPECT_EQ(-1, ioctl(vcpu.fd, ARMVCPU_INJECT_ABORT, NULL));
	EXPECT_EQ(EFAULT, errno);

	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST(nisv_then_injected_aborts)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 pc;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, nisv_inject);

	/* LDP at EL1: the PC stays; a second RUN would fault again. */
	pc = expect_nisv(_metadata, &vm, &vcpu, MMIO, 0, LDP);
	EXPECT_EQ(pc, expect_nisv(_metadata, &vm, &vcpu, MMIO, 0, LDP));
	inject(_metadata, &vcpu, ARMVCPU_ABORT_DATA, MMIO);
	expect_abort(_metadata, &vcpu, ESR_SEA(EC_DABT_CUR), MMIO, pc,
		     0x3c5, 0x200);

	/* STP at EL1, answered with an instruction abort at another FAR. */
	pc = expect_nisv(_metadata, &vm, &vcpu, MMIO + 16, 1, STP);
	inject(_metadata, &vcpu, ARMVCPU_ABORT_INSTRUCTION, 0x1234);
	expect_abort(_metadata, &vcpu, ESR_SEA(EC_IABT_CUR), 0x1234, pc,
		     0x3c5, 0x200);

	/* Writeback and SIMD forms have no syndrome either. */
	pc = expect_nisv(_metadata, &vm, &vcpu, MMIO, 0, LDR_POST);
	inject(_metadata, &vcpu, ARMVCPU_ABORT_DATA, MMIO);
	expect_abort(_metadata, &vcpu, ESR_SEA(EC_DABT_CUR), MMIO, pc,
		     0x3c5, 0x200);
	pc = expect_nisv(_metadata, &vm, &vcpu, MMIO, 0, LDR_Q);
	inject(_metadata, &vcpu, ARMVCPU_ABORT_DATA, MMIO);
	expect_abort(_metadata, &vcpu, ESR_SEA(EC_DABT_CUR), MMIO, pc,
		     0x3c5, 0x200);

	/* A syndrome MMIO read the VMM cannot serve: x5 must stay 0x55. */
	ex_expect_exit(&vcpu, ARMVCPU_EXIT_MMIO);
	EXPECT_EQ(MMIO + 32, vcpu.run->mmio.phys_addr);
	EXPECT_EQ(0, vcpu.run->mmio.is_write);
	pc = av_get_reg(&vcpu, ARMVCPU_REG_PC);
	memset(vcpu.run->mmio.data, 0xee, 8);
	inject(_metadata, &vcpu, ARMVCPU_ABORT_DATA, MMIO + 32);
	expect_abort(_metadata, &vcpu, ESR_SEA(EC_DABT_CUR), MMIO + 32, pc,
		     0x3c5, 0x200);
	EXPECT_EQ(0x55, ex_expect_sync(&vcpu));

	/* Fetch from a hole at EL1: prefetch abort, no exit. */
	expect_abort(_metadata, &vcpu, ESR_SEA(EC_IABT_CUR), HOLE, HOLE,
		     0x3c5, 0x200);

	/* From EL0: the lower-EL classes and vector. */
	pc = expect_nisv(_metadata, &vm, &vcpu, MMIO, 0, LDP);
	inject(_metadata, &vcpu, ARMVCPU_ABORT_DATA, MMIO);
	expect_abort(_metadata, &vcpu, ESR_SEA(EC_DABT_LOW), MMIO, pc,
		     0x3c0, 0x400);
	expect_abort(_metadata, &vcpu, ESR_SEA(EC_IABT_LOW), HOLE, HOLE,
		     0x3c0, 0x400);

	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
