// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_EXIT_SYSREG and the registers the kernel emulates
 * (sysreg_exits_guest.S makes the accesses): payload, completion into Rt
 * on the next RUN with the PC moving only then, XZR discarded, UNDEF on
 * request; sanitised ID registers hiding what armvcpu does not virtualise;
 * set/way, MDSCR_EL1, the OS lock and breakpoints in the kernel; PMU UNDEF.
 */
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "exits_util.h"

#define FIELD(v, shift)		(((v) >> (shift)) & 0xf)
#define MRS_MSR_MASK		0xffd00000U	/* L bit cleared */
#define MRS_MSR			0xd5100000U

/* The pending access: its payload and a PC still on the MRS/MSR. */
static void expect_sysreg(struct __test_metadata *_metadata,
			  struct av_vm *vm, struct av_vcpu *vcpu, __u64 id,
			  __u32 rt, int is_write)
{
	struct armvcpu_run *run = vcpu->run;
	__u32 insn;

	ex_expect_exit(vcpu, ARMVCPU_EXIT_SYSREG);
	EXPECT_EQ(id, run->sysreg.id);
	EXPECT_EQ(rt, run->sysreg.rt);
	EXPECT_EQ(is_write, run->sysreg.is_write);
	EXPECT_EQ(0, run->sysreg.undef);
	insn = ex_insn_at(vm, av_get_reg(vcpu, ARMVCPU_REG_PC));
	EXPECT_EQ(MRS_MSR, insn & MRS_MSR_MASK);
	EXPECT_EQ(rt, insn & 31);
	EXPECT_EQ(!is_write, !!(insn & (1U << 21)));
}

/* Host EL0's view of an ID register: the fields Linux shows userspace. */
#define HOST_MRS(reg) ({						\
	__u64 __v;							\
	asm volatile("mrs %0, " #reg : "=r"(__v));			\
	__v;								\
})

TEST(sysreg_exits_and_emulation)
{
	struct armvcpu_run *run;
	struct av_vcpu vcpu;
	struct ex_exc exc;
	struct av_vm vm;
	__u64 v, host, pc;
	long ipa;
	int i;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, sysreg_exits);
	run = vcpu.run;
	ipa = ioctl(vm.fd, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_IPA_SIZE);
	EXPECT_EQ(1, ioctl(vm.fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_SYSREG_EXIT));

	/* Read of CNTP_CTL_EL0 into x5: value lands on the next RUN. */
	expect_sysreg(_metadata, &vm, &vcpu,
		      ARMVCPU_REG_SYS(3, 3, 14, 2, 1), 5, 0);
	EXPECT_EQ(0, run->sysreg.value);
	pc = av_get_reg(&vcpu, ARMVCPU_REG_PC);
	EXPECT_EQ(0x77, av_get_reg(&vcpu, ARMVCPU_REG_X(5)));
	run->sysreg.value = 5;
	EXPECT_EQ(5, ex_expect_sync(&vcpu));

	/* Write of CNTP_CVAL_EL0: the value and Rt; PC moved past the read. */
	expect_sysreg(_metadata, &vm, &vcpu,
		      ARMVCPU_REG_SYS(3, 3, 14, 2, 2), 7, 1);
	EXPECT_EQ(0x1122334455667788ULL, run->sysreg.value);
	EXPECT_LT(pc, av_get_reg(&vcpu, ARMVCPU_REG_PC));

	/* CNTPCT_EL0 into XZR: neither SP nor x30 may change (guest checks). */
	expect_sysreg(_metadata, &vm, &vcpu,
		      ARMVCPU_REG_SYS(3, 3, 14, 0, 1), 31, 0);
	run->sysreg.value = 0xdeadbeefULL;

	/* ICC_SGI1R_EL1: a guest's SendIPI goes to the VMM. */
	expect_sysreg(_metadata, &vm, &vcpu,
		      ARMVCPU_REG_SYS(3, 0, 12, 11, 5), 9, 1);
	EXPECT_EQ(0x00ff00000001000fULL, run->sysreg.value);

	/* ACTLR_EL1 (HCR_EL2.TACR): implementation-defined content. */
	expect_sysreg(_metadata, &vm, &vcpu,
		      ARMVCPU_REG_SYS(3, 0, 1, 0, 1), 6, 0);
	run->sysreg.value = 0xac71;
	EXPECT_EQ(0xac71, ex_expect_sync(&vcpu));

	/* The VMM refuses CNTP_TVAL_EL0: UNDEF on the MRS itself. */
	expect_sysreg(_metadata, &vm, &vcpu,
		      ARMVCPU_REG_SYS(3, 3, 14, 2, 0), 4, 0);
	pc = av_get_reg(&vcpu, ARMVCPU_REG_PC);
	run->sysreg.value = 0x99;
	run->sysreg.undef = 1;
	ex_expect_exc(&vcpu, &exc);
	EXPECT_EQ(0x02000000ULL, exc.esr);
	EXPECT_EQ(pc, exc.elr);
	/* EL1h with DAIF masked, as at reset; NZCV are the guest's. */
	EXPECT_EQ(0x3c5ULL, exc.spsr & 0x3ff);
	EXPECT_EQ(0x3c0ULL, exc.daif);
	EXPECT_EQ(0x200ULL, exc.vector);	/* current EL, SP_ELx */
	EXPECT_EQ(0x44, ex_expect_sync(&vcpu));

	/* ID_AA64PFR0_EL1: no SVE, AMU, RAS, EL2; AArch64-only EL0/EL1. */
	v = ex_expect_sync(&vcpu);
	host = HOST_MRS(id_aa64pfr0_el1);
	EXPECT_EQ(1, FIELD(v, 0));
	EXPECT_EQ(1, FIELD(v, 4));
	EXPECT_EQ(0, FIELD(v, 8));
	EXPECT_EQ(0, FIELD(v, 28));
	EXPECT_EQ(0, FIELD(v, 32));
	EXPECT_EQ(0, FIELD(v, 44));
	EXPECT_GE(1, FIELD(v, 56));	/* CSV2 <= 1: no SCXTNUM_ELx */
	EXPECT_EQ(FIELD(host, 16), FIELD(v, 16));	/* FP */
	EXPECT_EQ(FIELD(host, 20), FIELD(v, 20));	/* AdvSIMD */
	/* ID_AA64PFR1_EL1: no MTE, SME, CSV2_frac. */
	v = ex_expect_sync(&vcpu);
	EXPECT_EQ(0, FIELD(v, 32));
	EXPECT_EQ(0, FIELD(v, 8));
	EXPECT_EQ(0, FIELD(v, 24));
	/* ID_AA64DFR0_EL1: no PMU, SPE, trace; debug v8 or later. */
	v = ex_expect_sync(&vcpu);
	EXPECT_EQ(0, FIELD(v, 8));
	EXPECT_EQ(0, FIELD(v, 32));
	EXPECT_EQ(0, FIELD(v, 4));
	EXPECT_LE(6, FIELD(v, 0));
	/* ID_AA64ISAR0_EL1: every field the host shows userspace, as is. */
	v = ex_expect_sync(&vcpu);
	host = HOST_MRS(id_aa64isar0_el1);
	for (i = 0; i < 64; i += 4)
		if (FIELD(host, i))
			EXPECT_EQ(FIELD(host, i), FIELD(v, i)) TH_LOG("bit %d", i);
	/* ID_AA64ISAR1_EL1: no pointer authentication. */
	v = ex_expect_sync(&vcpu);
	EXPECT_EQ(0, FIELD(v, 4));
	EXPECT_EQ(0, FIELD(v, 8));
	EXPECT_EQ(0, FIELD(v, 24));
	EXPECT_EQ(0, FIELD(v, 28));
	/* ID_AA64MMFR0_EL1: PARange is the VM's IPA size. */
	v = ex_expect_sync(&vcpu);
	EXPECT_EQ(ipa == 40 ? 2 : ipa >= 36 ? 1 : 0, FIELD(v, 0))
		TH_LOG("IPA bits %ld", ipa);
	/* ID_AA64MMFR1_EL1: no LORegions, no VHE. */
	v = ex_expect_sync(&vcpu);
	EXPECT_EQ(0, FIELD(v, 16));
	EXPECT_EQ(0, FIELD(v, 8));
	/* AArch32 ID_PFR0_EL1, ID_AA64ZFR0_EL1, reserved: zero. */
	EXPECT_EQ(0, ex_expect_sync(&vcpu));
	EXPECT_EQ(0, ex_expect_sync(&vcpu));
	EXPECT_EQ(0, ex_expect_sync(&vcpu));

	/* Set/way completed in the kernel, without an exit. */
	EXPECT_EQ(0x5e7, ex_expect_sync(&vcpu));
	/* MDSCR_EL1 keeps SS, KDE and MDE (the guest's own breakpoints). */
	EXPECT_EQ(0xa001, ex_expect_sync(&vcpu));
	/* OS lock: OSLM says implemented; OSLK follows OSLAR_EL1. */
	EXPECT_EQ(0xa, ex_expect_sync(&vcpu));
	EXPECT_EQ(0x8, ex_expect_sync(&vcpu));
	/* Breakpoint registers are the guest's own (debug_hw). */
	EXPECT_EQ(BOARD_IMAGE_BASE, ex_expect_sync(&vcpu));

	/* PMCR_EL0 without a PMU: UNDEF. */
	ex_expect_exc(&vcpu, &exc);
	EXPECT_EQ(0x02000000ULL, exc.esr);

	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
