// SPDX-License-Identifier: GPL-2.0
/*
 * Every MRS encoding of op0 = 2 and op0 = 3, read by the guest
 * (sysreg_sweep_guest.S): each ends emulated, UNDEF, or as an
 * ARMVCPU_EXIT_SYSREG read into x0 for a register the documented table
 * sends to the VMM, and nothing else happens (no other exit, no error,
 * nothing in the host's log: the rig checks it). Each MRS is the target
 * of a BLR, so on a CPU with BTI the exits carry PSTATE.BTYPE != 0, which
 * the next entry must accept.
 */
#include "kselftest_harness.h"
#include "exits_util.h"

#define ID_OP0(id)	ARMVCPU_REG_SYS_OP0(id)
#define ID_OP1(id)	ARMVCPU_REG_SYS_OP1(id)
#define ID_CRN(id)	ARMVCPU_REG_SYS_CRN(id)
#define ID_CRM(id)	ARMVCPU_REG_SYS_CRM(id)
#define ID_OP2(id)	ARMVCPU_REG_SYS_OP2(id)

/* What Documentation/exits.rst sends to the VMM for a read. */
static int for_the_vmm(__u64 id)
{
	unsigned int op0 = ID_OP0(id), op1 = ID_OP1(id), crn = ID_CRN(id);
	unsigned int crm = ID_CRM(id), op2 = ID_OP2(id);

	if (op0 != 3)
		return 0;
	if (op1 == 0 && crn == 1 && crm == 0 && op2 == 1)	/* ACTLR */
		return 1;
	if (op1 == 0 && crn == 4 && crm == 6 && op2 == 0)	/* ICC_PMR */
		return 1;
	if (op1 == 0 && crn == 12 && crm >= 8 && crm <= 12)	/* ICC_* */
		return 1;
	if (op1 == 3 && crn == 14 && crm == 0 && (op2 == 1 || op2 == 5))
		return 1;					/* CNTPCT* */
	if (op1 == 3 && crn == 14 && crm == 2 && op2 <= 2)	/* CNTP_* */
		return 1;
	return crn == 11 || crn == 15;		/* implementation defined */
}

TEST(every_mrs_has_an_outcome)
{
	struct armvcpu_run *run;
	struct av_vcpu vcpu;
	struct av_vm vm;
	struct av_ucall uc = { AV_UCALL_NONE, 0 };
	unsigned int exits = 0;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, sysreg_sweep);
	run = vcpu.run;

	for (;;) {
		ASSERT_EQ(0, __av_run(vcpu.fd));
		if (run->exit_reason != ARMVCPU_EXIT_SYSREG)
			break;
		exits++;
		EXPECT_EQ(0, run->sysreg.is_write);
		EXPECT_EQ(0, run->sysreg.rt);
		EXPECT_TRUE(for_the_vmm(run->sysreg.id))
			TH_LOG("S%u_%u_C%u_C%u_%u went to the VMM",
			       (unsigned int)ID_OP0(run->sysreg.id),
			       (unsigned int)ID_OP1(run->sysreg.id),
			       (unsigned int)ID_CRN(run->sysreg.id),
			       (unsigned int)ID_CRM(run->sysreg.id),
			       (unsigned int)ID_OP2(run->sysreg.id));
	}
	/* The sweep ends with a ucall: its argument (the UNDEF count) first. */
	ASSERT_EQ(ARMVCPU_EXIT_MMIO, run->exit_reason)
		TH_LOG("exit %s", av_exit_name(run->exit_reason));
	ASSERT_EQ(AV_UCALL_PART_ARG, av_get_ucall(&vcpu, &uc))
		TH_LOG("MMIO 0x%llx", (unsigned long long)run->mmio.phys_addr);
	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, NULL));
	TH_LOG("%u VMM exits, %llu UNDEF", exits, (unsigned long long)uc.arg);
	/* The physical timer and counter at least (CNTHCTL_EL2 traps). */
	EXPECT_LE(5, exits);
	EXPECT_LT(1000, uc.arg);
	av_run_to_done(&vcpu);

	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
