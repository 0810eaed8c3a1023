// SPDX-License-Identifier: GPL-2.0
/*
 * Features armvcpu hides are UNDEFINED to the guest, as on a CPU without
 * them: the trapped exception classes (PAC, SVE) and system registers
 * (PAuth keys, PMU, LORegions, RAS records) come back as an UNDEF on the
 * instruction itself, entered like the hardware's (ESR_EL1 0x02000000,
 * ELR_EL1 the instruction, VBAR_EL1 + 0x200). inject_undef_guest.S.
 */
#include "kselftest_harness.h"
#include "exits_util.h"

static const struct {
	const char *what;
	__u32 insn;
} undefs[] = {
	{ "pacia x1, x2", 0xdac10041 },
	{ "mrs x0, APIAKeyLo_EL1", 0xd5382100 },
	{ "rdvl x0, #1", 0x04bf5020 },
	{ "mrs x0, PMCCNTR_EL0", 0xd53b9d00 },
	{ "mrs x0, LORID_EL1", 0xd538a4e0 },
	{ "mrs x0, ERRIDR_EL1", 0xd5385300 },
};

TEST(hidden_features_are_undefined)
{
	struct av_vcpu vcpu;
	struct ex_exc exc;
	struct av_vm vm;
	unsigned int i;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, inject_undef);

	for (i = 0; i < ARRAY_SIZE(undefs); i++) {
		ex_expect_exc(&vcpu, &exc);
		EXPECT_EQ(0x02000000ULL, exc.esr) TH_LOG("%s", undefs[i].what);
		EXPECT_EQ(undefs[i].insn, ex_insn_at(&vm, exc.elr))
			TH_LOG("%s", undefs[i].what);
		EXPECT_EQ(0x200, exc.vector);
		EXPECT_EQ(0x3c5ULL, exc.spsr & 0x3cf);
	}
	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
