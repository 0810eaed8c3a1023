// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's own hardware breakpoints and watchpoints: as many as
 * ID_AA64DFR0_EL1 says and no more, a breakpoint and a watchpoint taken
 * at the right address by the guest's own vector, none while the OS lock
 * is set, and their values through ONE_REG (debug_hw_guest.S).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "armvcpu_api.h"
#include "armvcpu_util.h"
#include "el2_util.h"
#include "exits_util.h"

#define FIELD(v, shift)	(((v) >> (shift)) & 0xf)
#define EC(esr)		(((esr) >> 26) & 0x3f)
#define EC_UNKNOWN	0x00
#define EC_BREAKPT_CUR	0x31
#define EC_WATCHPT_CUR	0x35
#define ESR_WNR		0x40ULL
#define MDSCR_KDE	0x2000ULL
#define MDSCR_MDE	0x8000ULL
#define OSLSR_OSLK	0x2ULL
#define OSLSR_OSLM	0x8ULL
/* DBGBCR0 after the guest wrote ~1: every Armv8.0 field but E. */
#define BCR_FIELDS_NO_E	0xffe1e6ULL
#define BCR_EXEC	0x1e7ULL
#define WCR_RW8		0x1fffULL
#define MDCR_TDA	0x200ULL
#define MDCR_TDOSA	0x400ULL

static void expect_exc(struct __test_metadata *_metadata,
		       struct av_vcpu *vcpu, __u64 ec, __u64 elr)
{
	struct ex_exc e;

	ex_expect_exc(vcpu, &e);
	EXPECT_EQ(ec, EC(e.esr)) TH_LOG("ESR %#llx", e.esr);
	EXPECT_EQ(0x200, e.vector);
	if (elr)
		EXPECT_EQ(elr, e.elr);
}

TEST(guest_breakpoint_watchpoint_oslock)
{
	__u64 dfr0, bp, var, store, mdscr;
	unsigned int nb, nw;
	struct av_vcpu vcpu;
	struct av_vm vm;
	struct ex_exc e;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, debug_hw);

	dfr0 = ex_expect_sync(&vcpu);
	nb = FIELD(dfr0, 12) + 1;
	nw = FIELD(dfr0, 20) + 1;
	TH_LOG("guest: %u breakpoints (%u with context), %u watchpoints",
	       nb, (unsigned int)FIELD(dfr0, 28) + 1, nw);
	EXPECT_LE(2, nb);
	EXPECT_LE(2, nw);
	EXPECT_EQ(6, FIELD(dfr0, 0)) TH_LOG("DebugVer %#llx", dfr0);
	/* Breakpoint BRPs reads, BRPs + 1 is UNDEF; watchpoints alike. */
	EXPECT_EQ(0, ex_expect_sync(&vcpu));
	if (nb < 16)
		expect_exc(_metadata, &vcpu, EC_UNKNOWN, 0);
	EXPECT_EQ(0, ex_expect_sync(&vcpu));
	if (nw < 16)
		expect_exc(_metadata, &vcpu, EC_UNKNOWN, 0);
	EXPECT_EQ(BCR_FIELDS_NO_E, ex_expect_sync(&vcpu));

	bp = ex_expect_sync(&vcpu);
	var = ex_expect_sync(&vcpu);
	store = ex_expect_sync(&vcpu);
	expect_exc(_metadata, &vcpu, EC_BREAKPT_CUR, bp);
	ex_expect_exc(&vcpu, &e);
	EXPECT_EQ(EC_WATCHPT_CUR, EC(e.esr)) TH_LOG("ESR %#llx", e.esr);
	EXPECT_EQ(ESR_WNR, e.esr & ESR_WNR);
	EXPECT_EQ(var, e.far);
	EXPECT_EQ(store, e.elr);

	/* OS lock set: no exception, MDSCR_EL1 as the guest wrote it. */
	mdscr = ex_expect_sync(&vcpu);
	EXPECT_EQ(MDSCR_KDE | MDSCR_MDE, mdscr & (MDSCR_KDE | MDSCR_MDE));
	EXPECT_EQ(OSLSR_OSLK | OSLSR_OSLM, ex_expect_sync(&vcpu));
	/* Released: the same breakpoint fires again. */
	expect_exc(_metadata, &vcpu, EC_BREAKPT_CUR, bp);
	av_run_to_done(&vcpu);

	EXPECT_EQ(bp, av_get_reg(&vcpu, ARMVCPU_REG_DBGBVR_EL1(0)));
	EXPECT_EQ(BCR_EXEC, av_get_reg(&vcpu, ARMVCPU_REG_DBGBCR_EL1(0)));
	EXPECT_EQ(var, av_get_reg(&vcpu, ARMVCPU_REG_DBGWVR_EL1(0)));
	EXPECT_EQ(WCR_RW8, av_get_reg(&vcpu, ARMVCPU_REG_DBGWCR_EL1(0)));
	/* Written without a trap: EL2 saved it at the exit. */
	EXPECT_EQ(0xabc0, av_get_reg(&vcpu, ARMVCPU_REG_DBGBVR_EL1(1)));
	EXPECT_EQ(0, av_get_reg(&vcpu, ARMVCPU_REG_OSLSR_EL1) & OSLSR_OSLK);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

/*
 * The registers are switched in only while the guest uses them: MDCR_EL2
 * of the entry that ran up to each HYPERCALL exit (debugfs guest_el2).
 */
TEST(switch_is_lazy)
{
	static const bool tda[] = { true, false, true, false, false, true,
				    false, false, true };
	struct el2_guest_el2 g;
	struct av_vcpu vcpu;
	struct av_vm vm;
	unsigned int i;
	int cpu = el2_pin_cpu();

	ASSERT_LE(0, cpu);
	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, debug_hw);
	av_set_reg(&vcpu, ARMVCPU_REG_X(0), 1);

	for (i = 0; i < ARRAY_SIZE(tda); i++) {
		ex_expect_exit(&vcpu, ARMVCPU_EXIT_HYPERCALL);
		ASSERT_EQ(i + 1, vcpu.run->hypercall.imm);
		ASSERT_EQ(0, el2_read_guest_el2(cpu, &g))
			TH_LOG("no %s", EL2_FILE_GUEST_EL2);
		EXPECT_EQ(tda[i] ? MDCR_TDA : 0, g.mdcr & MDCR_TDA)
			TH_LOG("step %u: MDCR_EL2 %#llx", i + 1, g.mdcr);
		EXPECT_EQ(MDCR_TDOSA, g.mdcr & MDCR_TDOSA);
	}
	av_run_to_done(&vcpu);
	EXPECT_EQ(0, av_get_reg(&vcpu, ARMVCPU_REG_MDSCR_EL1) & MDSCR_MDE);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

/* How many ids of the list are DBG<kind><n>_EL1 (op2 4..7 = BVR..WCR). */
static unsigned int count_ids(const struct armvcpu_reg_list *l,
			      unsigned int op2)
{
	unsigned int i, n = 0;
	__u64 id;

	for (i = 0; i < l->n; i++) {
		id = l->reg[i];
		if (id == ARMVCPU_REG_SYS(2, 0, 0, ARMVCPU_REG_SYS_CRM(id), op2))
			n++;
	}
	return n;
}

static const struct {
	__u64 id, val;
} res0[] = {
	{ ARMVCPU_REG_DBGBCR_EL1(0), 0x1000000ULL },
	{ ARMVCPU_REG_DBGBCR_EL1(0), 0x200ULL },
	{ ARMVCPU_REG_DBGWCR_EL1(0), 0x20000000ULL },
	{ ARMVCPU_REG_DBGWCR_EL1(0), 0x200000ULL },
	{ ARMVCPU_REG_DBGWVR_EL1(0), 0x1ULL },
	{ ARMVCPU_REG_MDCCINT_EL1, 0x1ULL },
};

TEST(one_reg_round_trip)
{
	struct armvcpu_reg_list *l;
	unsigned int i, n, op2;
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 id, val;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	l = calloc(1, sizeof(*l) + 1024 * sizeof(__u64));
	ASSERT_NE(NULL, l);
	l->n = 1024;
	ASSERT_EQ(0, ioctl(vcpu.fd, ARMVCPU_GET_REG_LIST, l));

	for (op2 = 4; op2 <= 7; op2++) {
		n = count_ids(l, op2);
		EXPECT_LE(2, n);
		EXPECT_EQ(count_ids(l, op2 < 6 ? 4 : 6), n);
		for (i = 0; i < n; i++) {
			id = ARMVCPU_REG_SYS(2, 0, 0, i, op2);
			/* Valid in all four: bits [20:13], [8:5] and 2. */
			val = ((__u64)i << 13) | 0x1e4;
			av_set_reg(&vcpu, id, val);
			EXPECT_EQ(val, av_get_reg(&vcpu, id));
		}
		if (n < 16) {
			id = ARMVCPU_REG_SYS(2, 0, 0, n, op2);
			EXPECT_EQ(-ENOENT, __av_get_reg(vcpu.fd, id, &val));
			EXPECT_EQ(-ENOENT, __av_set_reg64(vcpu.fd, id, 0));
		}
	}
	/* RES0 bits: DBGBCR[63:24], DBGWCR[63:29], DBGWVR[1:0], MDCCINT. */
	for (i = 0; i < ARRAY_SIZE(res0); i++)
		EXPECT_EQ(-EINVAL, __av_set_reg64(vcpu.fd, res0[i].id,
						  res0[i].val))
			TH_LOG("id %#llx value %#llx", res0[i].id, res0[i].val);
	av_set_reg(&vcpu, ARMVCPU_REG_MDCCINT_EL1, 1ULL << 30);
	EXPECT_EQ(1ULL << 30, av_get_reg(&vcpu, ARMVCPU_REG_MDCCINT_EL1));

	/* The OS lock: only OSLK may change. */
	EXPECT_EQ(OSLSR_OSLM, av_get_reg(&vcpu, ARMVCPU_REG_OSLSR_EL1));
	av_set_reg(&vcpu, ARMVCPU_REG_OSLSR_EL1, OSLSR_OSLM | OSLSR_OSLK);
	EXPECT_EQ(OSLSR_OSLM | OSLSR_OSLK,
		  av_get_reg(&vcpu, ARMVCPU_REG_OSLSR_EL1));
	val = OSLSR_OSLK;
	EXPECT_EQ(-EINVAL, __av_set_reg64(vcpu.fd, ARMVCPU_REG_OSLSR_EL1, val));
	free(l);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
