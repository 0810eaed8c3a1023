// SPDX-License-Identifier: GPL-2.0
/*
 * The GIC system-register interface and the EL2 debug controls a guest
 * runs under (Documentation/security.rst):
 * - a VM without the in-kernel GIC reaches no virtual CPU interface
 *   state: its ICC_PMR/CTLR/BPR1/IGRPEN/AP*R/RPR/IAR1/DIR accesses are
 *   SYSREG exits, even right after a VM with a GIC set its PMR on the
 *   same CPU, and that VM finds its own PMR again afterwards;
 * - ICC_SRE_EL1 reads as SRE, DFB, DIB set whatever the guest wrote, and
 *   EL2 runs the guest with ICC_SRE_EL2.Enable clear and gives the host
 *   Enable set back (the values EL2 wrote, from debugfs guest_el2: QEMU's
 *   ICC_SRE_EL2 is a constant, so only the written value shows the fix);
 * - the guest's MDCR_EL2 keeps E2PB = E2TB = 0 and the PMU/debug traps,
 *   and has TPMS and TTRF where SPE and the trace filter exist (QEMU 7.2
 *   has neither: the test_mdcr_feat module parameter pretends they do).
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "el2_util.h"
#include "exits_util.h"

#define MDCR_FEAT	"/sys/module/armvcpu/parameters/test_mdcr_feat"

/* Bit values spelt out: the selftests have no BIT_ULL(). */
#define SRE_EL2_ENABLE	0x8ULL
#define SRE_EL1_ALL	0x7ULL		/* SRE, DFB, DIB */
#define SWITCH_GICV3	0x1ULL		/* HYP_SWITCH_GICV3_BIT 0 */
#define SWITCH_KNOWN	0x8000000000000000ULL

#define MDCR_TPMCR	0x20ULL		/* bit 5 */
#define MDCR_TPM	0x40ULL		/* bit 6 */
#define MDCR_TDA	0x200ULL	/* bit 9 */
#define MDCR_TDOSA	0x400ULL	/* bit 10 */
#define MDCR_TDRA	0x800ULL	/* bit 11 */
#define MDCR_E2PB	0x3000ULL	/* bits 13:12 */
#define MDCR_TPMS	0x4000ULL	/* bit 14 */
#define MDCR_TTRF	0x80000ULL	/* bit 19 */
#define MDCR_E2TB	0x3000000ULL	/* bits 25:24 */
#define MDCR_ALWAYS	(MDCR_TPM | MDCR_TPMCR | MDCR_TDA | MDCR_TDOSA | \
			 MDCR_TDRA)

static int set_mdcr_feat(unsigned int v)
{
	FILE *f = fopen(MDCR_FEAT, "we");
	int ret;

	if (!f)
		return -1;
	ret = fprintf(f, "%u\n", v) > 0 ? 0 : -1;
	return fclose(f) ? -1 : ret;
}

/* Everything on one CPU: the state at stake is that CPU's. */
static void vm_with_gic(struct av_vm *vm, struct av_vcpu *vcpu)
{
	av_vm_create_with_ram_flags(vm, ARMVCPU_VM_VGIC);
	av_vcpu_create(vm, vcpu, 0);
	AV_LOAD_GUEST(vm, vcpu, isolation_gic);
	av_set_reg(vcpu, ARMVCPU_REG_X(0), 0);
}

static const struct {
	__u64 id;
	int is_write;
} no_gic_accesses[] = {
	{ ARMVCPU_REG_SYS(3, 0, 4, 6, 0), 0 },		/* PMR */
	{ ARMVCPU_REG_SYS(3, 0, 4, 6, 0), 1 },
	{ ARMVCPU_REG_SYS(3, 0, 12, 12, 4), 0 },	/* CTLR */
	{ ARMVCPU_REG_SYS(3, 0, 12, 12, 3), 0 },	/* BPR1 */
	{ ARMVCPU_REG_SYS(3, 0, 12, 12, 7), 0 },	/* IGRPEN1 */
	{ ARMVCPU_REG_SYS(3, 0, 12, 12, 6), 0 },	/* IGRPEN0 */
	{ ARMVCPU_REG_SYS(3, 0, 12, 9, 0), 0 },		/* AP1R0 */
	{ ARMVCPU_REG_SYS(3, 0, 12, 8, 4), 0 },		/* AP0R0 */
	{ ARMVCPU_REG_SYS(3, 0, 12, 11, 3), 0 },	/* RPR */
	{ ARMVCPU_REG_SYS(3, 0, 12, 12, 0), 0 },	/* IAR1 */
	{ ARMVCPU_REG_SYS(3, 0, 12, 11, 1), 1 },	/* DIR */
};

TEST(icc_without_gic_exits_and_gic_state_stays_its_own)
{
	struct av_vcpu a, b;
	struct av_vm va, vb;
	struct armvcpu_run *run;
	unsigned int i;

	ASSERT_LE(0, el2_pin_cpu());
	vm_with_gic(&va, &a);
	/* ICC_SRE_EL1 after the guest wrote 0; then its own PMR. */
	EXPECT_EQ(SRE_EL1_ALL, ex_expect_sync(&a));
	EXPECT_EQ(0xa0, ex_expect_sync(&a));

	/* Same CPU, a VM without a GIC: every access is the VMM's. */
	av_vm_create_with_ram(&vb);
	av_vcpu_create(&vb, &b, 0);
	AV_LOAD_GUEST(&vb, &b, isolation_gic);
	av_set_reg(&b, ARMVCPU_REG_X(0), 1);
	run = b.run;
	for (i = 0; i < ARRAY_SIZE(no_gic_accesses); i++) {
		ASSERT_EQ(0, __av_run(b.fd));
		ASSERT_EQ(ARMVCPU_EXIT_SYSREG, run->exit_reason)
			TH_LOG("access %u: exit %s", i,
			       av_exit_name(run->exit_reason));
		EXPECT_EQ(no_gic_accesses[i].id, run->sysreg.id)
			TH_LOG("access %u", i);
		EXPECT_EQ(no_gic_accesses[i].is_write, run->sysreg.is_write)
			TH_LOG("access %u", i);
		if (!run->sysreg.is_write)
			run->sysreg.value = 0x11 + i;
	}
	/* The VMM's answer, not the other VM's 0xa0. */
	EXPECT_EQ(0x11, ex_expect_sync(&b));
	av_run_to_done(&b);

	EXPECT_EQ(0xa0, ex_expect_sync(&a));
	av_run_to_done(&a);
	av_vcpu_destroy(&b);
	av_vm_destroy(&vb);
	av_vcpu_destroy(&a);
	av_vm_destroy(&va);
}

TEST(guest_runs_with_icc_sre_el2_enable_clear)
{
	struct el2_guest_el2 g;
	struct av_vcpu a;
	struct av_vm va;
	int cpu = el2_pin_cpu();

	ASSERT_LE(0, cpu);
	vm_with_gic(&va, &a);
	EXPECT_EQ(SRE_EL1_ALL, ex_expect_sync(&a));
	ASSERT_EQ(0, el2_read_guest_el2(cpu, &g))
		TH_LOG("no %s", EL2_FILE_GUEST_EL2);
	/* Which of SPE, TRBE, MPAM (bits 1-3) this CPU has, for the log. */
	TH_LOG("cpu%d switch flags %#llx", cpu, g.flags);
	ASSERT_TRUE(g.flags & SWITCH_KNOWN);
	ASSERT_TRUE(g.flags & SWITCH_GICV3) TH_LOG("no GICv3 sysregs?");
	EXPECT_EQ(0, g.sre_guest & SRE_EL2_ENABLE)
		TH_LOG("guest ran with ICC_SRE_EL2 %#llx", g.sre_guest);
	EXPECT_NE(0, g.sre_host & SRE_EL2_ENABLE)
		TH_LOG("host got ICC_SRE_EL2 %#llx back", g.sre_host);
	/* Only Enable differs. */
	EXPECT_EQ(g.sre_host & ~SRE_EL2_ENABLE, g.sre_guest);
	av_vcpu_destroy(&a);
	av_vm_destroy(&va);
}

static unsigned long long run_and_read_mdcr(struct __test_metadata *_metadata,
					    int cpu)
{
	struct el2_guest_el2 g;
	struct av_vcpu v;
	struct av_vm vm;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &v, 0);
	AV_LOAD_GUEST(&vm, &v, isolation_gic);
	av_set_reg(&v, ARMVCPU_REG_X(0), 2);
	av_run_to_done(&v);
	av_vcpu_destroy(&v);
	av_vm_destroy(&vm);
	EXPECT_EQ(0, el2_read_guest_el2(cpu, &g));
	return g.mdcr;
}

TEST(guest_mdcr_traps_profiling_and_trace)
{
	unsigned long long mdcr;
	int cpu = el2_pin_cpu();

	ASSERT_LE(0, cpu);
	mdcr = run_and_read_mdcr(_metadata, cpu);
	TH_LOG("guest MDCR_EL2 %#llx", mdcr);
	EXPECT_EQ(MDCR_ALWAYS, mdcr & MDCR_ALWAYS);
	EXPECT_EQ(0, mdcr & (MDCR_E2PB | MDCR_E2TB));

	/* As if the CPU had SPE and the trace filter. */
	ASSERT_EQ(0, set_mdcr_feat(3)) TH_LOG("no %s", MDCR_FEAT);
	mdcr = run_and_read_mdcr(_metadata, cpu);
	ASSERT_EQ(0, set_mdcr_feat(0));
	EXPECT_EQ(MDCR_TPMS | MDCR_TTRF, mdcr & (MDCR_TPMS | MDCR_TTRF))
		TH_LOG("guest MDCR_EL2 %#llx", mdcr);
	EXPECT_EQ(MDCR_ALWAYS, mdcr & MDCR_ALWAYS);
	EXPECT_EQ(0, mdcr & (MDCR_E2PB | MDCR_E2TB));
}

TEST_HARNESS_MAIN
