// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_INJECT_ABORT with ARMVCPU_ABORT_SERROR: a virtual SError stays
 * pending while the guest masks it with PSTATE.A, across exits to the
 * VMM, and the guest takes it, once, as soon as it unmasks A: at its
 * SError vector (VBAR_EL1 + 0x380 from EL1h), ESR_EL1.EC 0x2F, ELR_EL1 on
 * the instruction after the unmasking, SPSR_EL1.A clear, DAIF all set in
 * the handler. inject_serror_guest.S.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "exits_util.h"

#define EC_SERROR	0x2f
#define MSR_DAIFCLR_A	0xd50344ffU	/* msr daifclr, #4 */
#define SPSR_A		0x100ULL

static int inject_serror(struct av_vcpu *vcpu, __u64 addr)
{
	struct armvcpu_abort a = {
		.type = ARMVCPU_ABORT_SERROR,
		.addr = addr,
	};

	return ioctl(vcpu->fd, ARMVCPU_INJECT_ABORT, &a);
}

TEST(serror_waits_for_pstate_a_and_is_taken_once)
{
	struct av_vcpu vcpu;
	struct ex_exc e;
	struct av_vm vm;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, inject_serror);

	ASSERT_EQ(1, ex_expect_sync(&vcpu));
	/* An SError reports no address. */
	EXPECT_EQ(-1, inject_serror(&vcpu, 0x1000));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, inject_serror(&vcpu, 0)) TH_LOG("%s", strerror(errno));
	/* Injecting it again while it is pending changes nothing. */
	ASSERT_EQ(0, inject_serror(&vcpu, 0)) TH_LOG("%s", strerror(errno));

	/* PSTATE.A masked: the guest runs on to its next exit. */
	EXPECT_EQ(2, ex_expect_sync(&vcpu));

	ex_expect_exc(&vcpu, &e);
	EXPECT_EQ(EC_SERROR, e.esr >> 26);
	EXPECT_EQ(0x380, e.vector);
	EXPECT_EQ(MSR_DAIFCLR_A, ex_insn_at(&vm, e.elr - 4));
	EXPECT_EQ(0, e.spsr & SPSR_A);
	EXPECT_EQ(0x5ULL, e.spsr & 0xf);	/* from EL1h */
	EXPECT_EQ(0x3c0ULL, e.daif);

	EXPECT_EQ(3, ex_expect_sync(&vcpu));
	/* Unmasking again takes nothing: the guest reaches its end. */
	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
