// SPDX-License-Identifier: GPL-2.0
/*
 * MDSCR_EL1.HDE is halting debug, for an external debugger: the VMM's
 * SET_ONE_REG cannot set it, nor the guest's MSR while MDCR_EL2.TDA traps
 * it; the guest's own bits (SS, TDCC, KDE, and MDE for its own
 * breakpoints, debug_hw.c) stay. With MDE or KDE set the debug registers
 * are the guest's, untrapped, as in KVM: its MSR reaches the hardware,
 * whose HDE bit only holds EDSCR.HDE while the OS lock is set, which the
 * host never sets; then HDE reads back as the CPU keeps it. The
 * ID registers say what the guest has: no double lock (OSDLR_EL1 is
 * RAZ/WI), the Armv8.0 debug architecture, AArch64-only EL0 and EL1.
 * sysreg_mdscr_guest.S.
 */
#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define MDSCR_SS	0x0001ULL
#define MDSCR_TDCC	0x1000ULL
#define MDSCR_KDE	0x2000ULL
#define MDSCR_HDE	0x4000ULL
#define MDSCR_MDE	0x8000ULL
#define MDSCR_ALL	(MDSCR_SS | MDSCR_TDCC | MDSCR_KDE | MDSCR_HDE | \
			 MDSCR_MDE)
#define MDSCR_GUEST	(MDSCR_SS | MDSCR_TDCC | MDSCR_KDE | MDSCR_MDE)

#define FIELD(v, shift)	(((v) >> (shift)) & 0xf)

TEST(mdscr_and_debug_id_registers)
{
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 dfr0, pfr0;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, sysreg_mdscr);

	av_set_reg(&vcpu, ARMVCPU_REG_MDSCR_EL1, MDSCR_ALL);
	EXPECT_EQ(MDSCR_GUEST, av_get_reg(&vcpu, ARMVCPU_REG_MDSCR_EL1));
	EXPECT_EQ(MDSCR_GUEST, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(MDSCR_GUEST, av_expect_ucall(&vcpu, AV_UCALL_SYNC) &
			       ~MDSCR_HDE);
	EXPECT_EQ(MDSCR_GUEST, av_get_reg(&vcpu, ARMVCPU_REG_MDSCR_EL1) &
			       ~MDSCR_HDE);

	dfr0 = av_expect_ucall(&vcpu, AV_UCALL_SYNC);
	EXPECT_EQ(0xf, FIELD(dfr0, 36)) TH_LOG("DoubleLock: %#llx", dfr0);
	EXPECT_EQ(6, FIELD(dfr0, 0)) TH_LOG("DebugVer: %#llx", dfr0);
	pfr0 = av_expect_ucall(&vcpu, AV_UCALL_SYNC);
	EXPECT_EQ(1, FIELD(pfr0, 0)) TH_LOG("EL0: %#llx", pfr0);
	EXPECT_EQ(1, FIELD(pfr0, 4)) TH_LOG("EL1: %#llx", pfr0);

	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
