// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's PMUv3 (ARMVCPU_VM_PMU): a VM without it UNDEFs every PMU
 * register and sees no PMUVer; with it PMCR_EL0.N is the capability's,
 * PMCEID0_EL0 the host PMU's own events (its sysfs list), the cycle
 * counter and event counters advance across a loop and stop when
 * disabled, PMSWINC_EL0 wraps a counter into its CHAIN neighbour, a
 * counter's overflow raises PPI 23 through the in-kernel vGIC, and
 * ONE_REG saves and restores the state; at EL0, each register is open
 * as PMUSERENR_EL0 says; random values in every register leave the host
 * clean. The guest is
 * selftests/pmu_counters_guest.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "pmu_counters.h"

#define PMU_SYSFS	"/sys/bus/event_source/devices"

struct pm {
	struct av_vm vm;
	struct av_vcpu vcpu;
	long n;
};

static void pm_create(struct pm *p, __u32 flags)
{
	memset(p, 0, sizeof(*p));
	p->n = ioctl(av_open_dev(), ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_PMU);
	av_vm_create_with_ram_flags(&p->vm, flags);
	av_vcpu_create(&p->vm, &p->vcpu, 0);
	AV_LOAD_GUEST(&p->vm, &p->vcpu, pmu_counters);
}

static void pm_set_scenario(struct pm *p, __u64 sc)
{
	av_set_reg(&p->vcpu, ARMVCPU_REG_X(0),
		   sc | (__u64)p->n << PMU_ARG_N_SHIFT);
}

static void pm_destroy(struct pm *p)
{
	av_vcpu_destroy(&p->vcpu);
	av_vm_destroy(&p->vm);
}

static void pm_scenario(struct pm *p, __u64 sc)
{
	pm_create(p, ARMVCPU_VM_VGIC | ARMVCPU_VM_PMU);
	pm_set_scenario(p, sc);
	av_run_to_done(&p->vcpu);
	pm_destroy(p);
}

/* The low word of PMCEID0_EL0 as the host's PMU driver lists its events. */
static __u32 host_pmceid0_low(void)
{
	char path[1024], buf[64];
	struct dirent *d, *e;
	__u32 bits = 0;
	DIR *dir, *ev;
	unsigned int id;
	FILE *f;

	dir = opendir(PMU_SYSFS);
	if (!dir)
		av_die("no %s", PMU_SYSFS);
	while ((d = readdir(dir))) {
		if (strncmp(d->d_name, "armv8", 5))
			continue;
		snprintf(path, sizeof(path), PMU_SYSFS "/%s/events", d->d_name);
		ev = opendir(path);
		while (ev && (e = readdir(ev))) {
			snprintf(path, sizeof(path), PMU_SYSFS "/%s/events/%s",
				 d->d_name, e->d_name);
			f = fopen(path, "r");
			if (!f)
				continue;
			if (fgets(buf, sizeof(buf), f) &&
			    sscanf(buf, "event=0x%x", &id) == 1 && id < 32)
				bits |= 1U << id;
			fclose(f);
		}
		if (ev)
			closedir(ev);
		break;
	}
	closedir(dir);
	return bits;
}

TEST(no_pmu_undefs)
{
	struct pm p;

	pm_create(&p, ARMVCPU_VM_VGIC);
	pm_set_scenario(&p, SC_NO_PMU);
	av_run_to_done(&p.vcpu);
	pm_destroy(&p);
}

TEST(vm_flag_errors)
{
	struct armvcpu_vm_config cfg = { .flags = ARMVCPU_VM_PMU };
	int sys = av_open_dev();

	/* Its interrupt needs the in-kernel GIC. */
	ASSERT_EQ(-1, ioctl(sys, ARMVCPU_CREATE_VM, &cfg));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_GT(ioctl(sys, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_PMU), 0);
	ASSERT_LE(ioctl(sys, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_PMU), 31);
}

TEST(id_pmcr_pmceid)
{
	struct pm p;
	__u64 arg;

	pm_create(&p, ARMVCPU_VM_VGIC | ARMVCPU_VM_PMU);
	pm_set_scenario(&p, SC_ID);
	ASSERT_EQ(SYNC_PMCEID0, av_expect_ucall(&p.vcpu, AV_UCALL_SYNC));
	arg = av_expect_ucall(&p.vcpu, AV_UCALL_SYNC);
	ksft_print_msg("PMCR_EL0.N %ld, guest PMCEID0_EL0 %#llx\n", p.n,
		       (unsigned long long)arg);
	/* SW_INCR is armvcpu's own (PMSWINC_EL0): always there. */
	ASSERT_TRUE(arg & 1);
	ASSERT_EQ(host_pmceid0_low() & ~1U, (__u32)arg & ~1U);
	av_run_to_done(&p.vcpu);
	pm_destroy(&p);
}

/*
 * The counters across a loop of PMU_COUNT_LOOPS iterations. INST_RETIRED
 * counts when the host's PMU has it (QEMU's TCG only under -icount), and
 * must in a boot that requires it (rig_require=pmu_inst). What armvcpu
 * runs at EL1 between two entries counts too: a bound, not an equality,
 * though a tight one: under the rig's -icount shift=1 a cycle is half an
 * instruction, and an INST_RETIRED that counted cycles would exceed it.
 */
TEST(counters_advance)
{
	__u64 inst, cycles, loops = PMU_COUNT_LOOPS;
	__u64 want = PMU_LOOP_INSNS * PMU_COUNT_LOOPS;
	bool offered;
	struct pm p;

	pm_create(&p, ARMVCPU_VM_VGIC | ARMVCPU_VM_PMU);
	pm_set_scenario(&p, SC_COUNT);
	ASSERT_EQ(SYNC_INST, av_expect_ucall(&p.vcpu, AV_UCALL_SYNC));
	offered = av_expect_ucall(&p.vcpu, AV_UCALL_SYNC) &
		  (1ULL << EV_INST_RETIRED);
	inst = av_expect_ucall(&p.vcpu, AV_UCALL_SYNC);
	cycles = av_expect_ucall(&p.vcpu, AV_UCALL_SYNC);
	ksft_print_msg("%llu x %d instructions: INST_RETIRED %s, %llu counted, %llu cycles\n",
		       (unsigned long long)loops, PMU_LOOP_INSNS,
		       offered ? "offered" : "absent",
		       (unsigned long long)inst, (unsigned long long)cycles);
	if (av_rig_requires("pmu_inst"))
		ASSERT_TRUE(offered)
			TH_LOG("this boot requires INST_RETIRED: is QEMU under -icount?");
	if (offered) {
		ASSERT_GE(inst, want);
		ASSERT_LT(inst, want + want / 2);
	} else {
		ASSERT_EQ(0, inst);
	}
	av_run_to_done(&p.vcpu);
	pm_destroy(&p);
}

/* The scenarios that only have the guest's checks. */
FIXTURE(guest) {
	struct pm p;
};

FIXTURE_VARIANT(guest) {
	__u64 sc;
};

FIXTURE_VARIANT_ADD(guest, swinc_chain) { .sc = SC_SWINC_CHAIN };
FIXTURE_VARIANT_ADD(guest, overflow_ppi23) { .sc = SC_OVERFLOW };
FIXTURE_VARIANT_ADD(guest, pmuserenr_at_el0) { .sc = SC_EL0 };
FIXTURE_VARIANT_ADD(guest, random_writes) { .sc = SC_HAMMER };

FIXTURE_SETUP(guest)
{
}

FIXTURE_TEARDOWN(guest)
{
}

/*
 * Each trapped access may make a perf event anew: slow under TCG, and
 * slower with the debug kernel's checkers, not only on a busy host.
 */
TEST_F_TIMEOUT(guest, checks, 300)
{
	pm_scenario(&self->p, variant->sc);
}

static bool reg_listed(struct pm *p, __u64 id)
{
	struct armvcpu_reg_list *l = calloc(1, sizeof(*l) + 1024 * 8);
	bool found = false;
	__u64 i;

	l->n = 1024;
	if (ioctl(p->vcpu.fd, ARMVCPU_GET_REG_LIST, l))
		av_die("GET_REG_LIST: %s", strerror(errno));
	for (i = 0; i < l->n; i++)
		found |= l->reg[i] == id;
	free(l);
	return found;
}

static int set_reg_errno(struct pm *p, __u64 id, __u64 val)
{
	struct armvcpu_one_reg r = { .id = id, .addr = (__u64)&val };

	return ioctl(p->vcpu.fd, ARMVCPU_SET_ONE_REG, &r) ? errno : 0;
}

TEST(one_reg)
{
	struct pm p;

	/* Without the PMU: not listed, not there. */
	pm_create(&p, ARMVCPU_VM_VGIC);
	ASSERT_FALSE(reg_listed(&p, ARMVCPU_REG_PMCR_EL0));
	ASSERT_EQ(ENOENT, set_reg_errno(&p, ARMVCPU_REG_PMSELR_EL0, 0));
	pm_destroy(&p);

	pm_create(&p, ARMVCPU_VM_VGIC | ARMVCPU_VM_PMU);
	ASSERT_TRUE(reg_listed(&p, ARMVCPU_REG_PMCR_EL0));
	ASSERT_TRUE(reg_listed(&p, ARMVCPU_REG_PMCCNTR_EL0));
	ASSERT_TRUE(reg_listed(&p, ARMVCPU_REG_PMEVTYPER_EL0(p.n - 1)));
	ASSERT_FALSE(reg_listed(&p, ARMVCPU_REG_PMEVCNTR_EL0(p.n)));
	ASSERT_EQ(ENOENT, set_reg_errno(&p, ARMVCPU_REG_PMEVCNTR_EL0(p.n), 0));
	/* What the guest could not have written. */
	ASSERT_EQ(EINVAL, set_reg_errno(&p, ARMVCPU_REG_PMUSERENR_EL0, 0x10));
	ASSERT_EQ(EINVAL, set_reg_errno(&p, ARMVCPU_REG_PMEVCNTR_EL0(0),
					1ULL << 32));
	ASSERT_EQ(EINVAL, set_reg_errno(&p, ARMVCPU_REG_PMCCFILTR_EL0, 0x11));
	ASSERT_EQ(EINVAL, set_reg_errno(&p, ARMVCPU_REG_PMCR_EL0,
					av_get_reg(&p.vcpu,
						   ARMVCPU_REG_PMCR_EL0) ^
					(1ULL << 11)));
	av_set_reg(&p.vcpu, ARMVCPU_REG_PMEVCNTR_EL0(0), PMU_ONE_REG_VALUE);
	av_set_reg(&p.vcpu, ARMVCPU_REG_PMEVTYPER_EL0(0), 0x11);
	av_set_reg(&p.vcpu, ARMVCPU_REG_PMUSERENR_EL0, 0xd);
	av_set_reg(&p.vcpu, ARMVCPU_REG_PMCCNTR_EL0, 1ULL << 40);
	ASSERT_EQ(PMU_ONE_REG_VALUE,
		  av_get_reg(&p.vcpu, ARMVCPU_REG_PMEVCNTR_EL0(0)));
	ASSERT_EQ(1ULL << 40, av_get_reg(&p.vcpu, ARMVCPU_REG_PMCCNTR_EL0));
	pm_set_scenario(&p, SC_ONE_REG);
	av_run_to_done(&p.vcpu);
	ASSERT_EQ(PMU_GUEST_VALUE,
		  av_get_reg(&p.vcpu, ARMVCPU_REG_PMEVCNTR_EL0(1)));
	ASSERT_EQ(2, av_get_reg(&p.vcpu, ARMVCPU_REG_PMINTENSET_EL1));
	pm_destroy(&p);
}

TEST_HARNESS_MAIN
