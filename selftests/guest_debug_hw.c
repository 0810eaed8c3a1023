// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_GUESTDBG_USE_HW: the VMM's own hardware breakpoints and
 * watchpoints. A breakpoint on a guest instruction exits with EC 0x30 at
 * its PC and fires again until the VMM steps over it (disable, single
 * step, enable: what gdb stubs do); a store watchpoint exits with EC 0x34
 * and the address in far; the guest's own debug registers read as it
 * wrote them during the session and are back after it; the counts the
 * caps give are the guest's ID_AA64DFR0_EL1's; bad sets give EINVAL.
 * guest_debug_hw_guest.S.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "exits_util.h"

#define EC(esr)		(((esr) >> 26) & 0x3f)
#define EC_BREAKPT_LOW	0x30
#define EC_SOFTSTP_LOW	0x32
#define EC_WATCHPT_LOW	0x34

/* DBGBCR: E, PMC = EL1 and EL0, BAS = 0b1111. */
#define BCR_EXEC	0x1e7
/* DBGWCR: E, PAC = EL1 and EL0, LSC = stores, BAS = 8 bytes. */
#define WCR_STORE8	0x1ff7
/* The guest's own (guest_debug_hw_guest.S). */
#define OWN_BCR		0x1e6
#define OWN_BVR		0x40123450
#define OWN_WVR		0x40234560
#define MDSCR_MDE	0x8000	/* MDSCR_EL1.MDE */

#define HW		(ARMVCPU_GUESTDBG_ENABLE | ARMVCPU_GUESTDBG_USE_HW)
#define HW_STEP		(HW | ARMVCPU_GUESTDBG_SINGLESTEP)

struct hw_guest {
	struct av_vm vm;
	struct av_vcpu vcpu;
	__u64 dfr0, hw_site, watch_site, watched;
};

static int set_debug(struct av_vcpu *vcpu, const struct armvcpu_guest_debug *d)
{
	return ioctl(vcpu->fd, ARMVCPU_SET_GUEST_DEBUG, d) ? -errno : 0;
}

/* @control with breakpoint 0 and watchpoint 0 as given (0: off). */
static void set_hw(struct av_vcpu *vcpu, __u32 control, __u64 bcr, __u64 bvr,
		   __u64 wcr, __u64 wvr)
{
	struct armvcpu_guest_debug d = {
		.control = control,
		.dbg_bcr[0] = bcr, .dbg_bvr[0] = bvr,
		.dbg_wcr[0] = wcr, .dbg_wvr[0] = wvr,
	};
	int ret = set_debug(vcpu, &d);

	if (ret)
		av_die("SET_GUEST_DEBUG %#x: %s", control, strerror(-ret));
}

/* The guest up to its reports, just before hw_site. */
static void hw_guest_start(struct hw_guest *g)
{
	av_vm_create_with_ram(&g->vm);
	av_vcpu_create(&g->vm, &g->vcpu, 0);
	AV_LOAD_GUEST(&g->vm, &g->vcpu, guest_debug_hw);
	g->dfr0 = ex_expect_sync(&g->vcpu);
	g->hw_site = ex_expect_sync(&g->vcpu);
	g->watch_site = ex_expect_sync(&g->vcpu);
	g->watched = ex_expect_sync(&g->vcpu);
}

static void hw_guest_end(struct hw_guest *g)
{
	av_vcpu_destroy(&g->vcpu);
	av_vm_destroy(&g->vm);
}

/* RUN must stop on a debug event of class @ec at @pc; returns far. */
static __u64 expect_debug(struct __test_metadata *_metadata,
			  struct av_vcpu *vcpu, unsigned int ec, __u64 pc)
{
	__u64 esr;

	ex_expect_exit(vcpu, ARMVCPU_EXIT_DEBUG);
	esr = vcpu->run->debug.esr;
	EXPECT_EQ(ec, EC(esr)) TH_LOG("ESR %#llx", esr);
	EXPECT_EQ(pc, av_get_reg(vcpu, ARMVCPU_REG_PC));
	return vcpu->run->debug.far;
}

/* The guest's own registers, as it reads them: four reports. */
static void expect_own(struct __test_metadata *_metadata,
		       struct av_vcpu *vcpu)
{
	EXPECT_EQ(OWN_BVR, ex_expect_sync(vcpu));
	EXPECT_EQ(OWN_BCR, ex_expect_sync(vcpu));
	EXPECT_EQ(OWN_WVR, ex_expect_sync(vcpu));
	EXPECT_EQ(MDSCR_MDE, ex_expect_sync(vcpu));
}

/* After the store: the session ends, the guest reads its own twice. */
static void hw_guest_finish(struct __test_metadata *_metadata,
			    struct hw_guest *g)
{
	set_hw(&g->vcpu, 0, 0, 0, 0, 0);
	expect_own(_metadata, &g->vcpu);
	expect_own(_metadata, &g->vcpu);
	av_run_to_done(&g->vcpu);
	hw_guest_end(g);
}

TEST(caps_are_the_guests_counts)
{
	struct hw_guest g;

	hw_guest_start(&g);
	EXPECT_EQ(((g.dfr0 >> 12) & 0xf) + 1,
		  ioctl(g.vm.sys_fd, ARMVCPU_CHECK_EXTENSION,
			ARMVCPU_CAP_GUEST_DEBUG_HW_BPS));
	EXPECT_EQ(((g.dfr0 >> 20) & 0xf) + 1,
		  ioctl(g.vm.sys_fd, ARMVCPU_CHECK_EXTENSION,
			ARMVCPU_CAP_GUEST_DEBUG_HW_WPS));
	hw_guest_end(&g);
}

TEST(breakpoint_exits_until_stepped_over)
{
	struct hw_guest g;

	hw_guest_start(&g);
	set_hw(&g.vcpu, HW, BCR_EXEC, g.hw_site, 0, 0);
	expect_debug(_metadata, &g.vcpu, EC_BREAKPT_LOW, g.hw_site);
	/* The instruction has not run: the same breakpoint again. */
	expect_debug(_metadata, &g.vcpu, EC_BREAKPT_LOW, g.hw_site);
	set_hw(&g.vcpu, HW_STEP, 0, 0, 0, 0);
	expect_debug(_metadata, &g.vcpu, EC_SOFTSTP_LOW, g.hw_site + 4);
	set_hw(&g.vcpu, HW, BCR_EXEC, g.hw_site, 0, 0);
	EXPECT_EQ(5, ex_expect_sync(&g.vcpu));
	EXPECT_EQ(0x77, ex_expect_sync(&g.vcpu));
	hw_guest_finish(_metadata, &g);
}

TEST(watchpoint_exits_with_the_address)
{
	struct hw_guest g;

	hw_guest_start(&g);
	set_hw(&g.vcpu, HW, 0, 0, WCR_STORE8, g.watched);
	EXPECT_EQ(5, ex_expect_sync(&g.vcpu));
	EXPECT_EQ(g.watched, expect_debug(_metadata, &g.vcpu, EC_WATCHPT_LOW,
					  g.watch_site));
	set_hw(&g.vcpu, HW_STEP, 0, 0, 0, 0);
	expect_debug(_metadata, &g.vcpu, EC_SOFTSTP_LOW, g.watch_site + 4);
	/* The load that follows does not match a store watchpoint. */
	set_hw(&g.vcpu, HW, 0, 0, WCR_STORE8, g.watched);
	EXPECT_EQ(0x77, ex_expect_sync(&g.vcpu));
	hw_guest_finish(_metadata, &g);
}

/*
 * The VMM's set is loaded instead of the guest's, never into it: the
 * guest reads its own values while the session lasts (from its copy, the
 * accesses trap) and after it (from the CPU again, switched back in).
 */
TEST(guests_own_registers_survive)
{
	struct hw_guest g;

	hw_guest_start(&g);
	/* Enabled, on addresses the guest never reaches. */
	set_hw(&g.vcpu, HW, BCR_EXEC, g.watched, WCR_STORE8, g.hw_site);
	EXPECT_EQ(5, ex_expect_sync(&g.vcpu));
	EXPECT_EQ(0x77, ex_expect_sync(&g.vcpu));
	expect_own(_metadata, &g.vcpu);
	EXPECT_EQ(OWN_BVR, av_get_reg(&g.vcpu, ARMVCPU_REG_DBGBVR_EL1(0)));
	EXPECT_EQ(MDSCR_MDE, av_get_reg(&g.vcpu, ARMVCPU_REG_MDSCR_EL1));
	set_hw(&g.vcpu, 0, 0, 0, 0, 0);
	expect_own(_metadata, &g.vcpu);
	av_run_to_done(&g.vcpu);
	hw_guest_end(&g);
}

/* The register @n of a USE_HW set's array @field: refused on its own. */
#define REG_AT(field, n) \
	(offsetof(struct armvcpu_guest_debug, field) + 8 * (n))

static void expect_refused(struct __test_metadata *_metadata,
			   struct av_vcpu *vcpu, size_t off, __u64 val)
{
	struct armvcpu_guest_debug d;

	memset(&d, 0, sizeof(d));
	d.control = HW;
	EXPECT_EQ(0, set_debug(vcpu, &d));
	memcpy((char *)&d + off, &val, sizeof(val));
	EXPECT_EQ(-EINVAL, set_debug(vcpu, &d)) TH_LOG("%#llx", val);
}

TEST(bad_hardware_sets)
{
	struct armvcpu_guest_debug d;
	struct av_vcpu vcpu;
	struct av_vm vm;
	long nb, nw;

	av_vm_create(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	nb = ioctl(vm.sys_fd, ARMVCPU_CHECK_EXTENSION,
		   ARMVCPU_CAP_GUEST_DEBUG_HW_BPS);
	nw = ioctl(vm.sys_fd, ARMVCPU_CHECK_EXTENSION,
		   ARMVCPU_CAP_GUEST_DEBUG_HW_WPS);
	ASSERT_GE(nb, 2);
	ASSERT_GE(nw, 2);
	if (nb < ARMVCPU_GUESTDBG_MAX_BPS)
		expect_refused(_metadata, &vcpu, REG_AT(dbg_bvr, nb),
			       0x1000);
	if (nw < ARMVCPU_GUESTDBG_MAX_WPS)
		expect_refused(_metadata, &vcpu, REG_AT(dbg_wcr, nw),
			       WCR_STORE8);
	/* RES0: DBGBCR<3>, DBGWCR<22>, DBGWVR<0>. */
	expect_refused(_metadata, &vcpu, REG_AT(dbg_bcr, 0), BCR_EXEC | 1 << 3);
	expect_refused(_metadata, &vcpu, REG_AT(dbg_wcr, 1), WCR_STORE8 | 1 << 22);
	expect_refused(_metadata, &vcpu, REG_AT(dbg_wvr, 0), 0x40001001);
	/* Matching at EL2 (HMC) or in Secure state only (SSC = 0b10). */
	expect_refused(_metadata, &vcpu, REG_AT(dbg_bcr, 1), BCR_EXEC | 1 << 13);
	expect_refused(_metadata, &vcpu, REG_AT(dbg_wcr, 0), WCR_STORE8 | 2 << 14);
	/* The last slots the caps promise are accepted. */
	memset(&d, 0, sizeof(d));
	d.control = HW;
	d.dbg_bcr[nb - 1] = BCR_EXEC;
	d.dbg_bvr[nb - 1] = 0x40001000;
	d.dbg_wcr[nw - 1] = WCR_STORE8;
	d.dbg_wvr[nw - 1] = 0x40001000;
	EXPECT_EQ(0, set_debug(&vcpu, &d));
	memset(&d, 0, sizeof(d));
	EXPECT_EQ(0, set_debug(&vcpu, &d));
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
