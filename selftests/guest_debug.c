// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_SET_GUEST_DEBUG: single step exits once per instruction with
 * the PC of the next one; a BRK exits with its syndrome while the VMM
 * asks for software breakpoints, and the VMM resumes past it; without
 * that the guest takes its own BRK at its vector, whether the VMM
 * debugs otherwise or not at all; bad arguments give EINVAL.
 * guest_debug_guest.S. The VMM's hardware breakpoints: guest_debug_hw.c.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "exits_util.h"

#define EC(esr)		(((esr) >> 26) & 0x3f)
#define EC_SOFTSTP_LOW	0x32
#define EC_BRK64	0x3c
#define BRK_IMM		0x123

struct dbg_guest {
	struct av_vm vm;
	struct av_vcpu vcpu;
	__u64 brk_site;
	__u64 step_start;
};

static int set_debug(struct av_vcpu *vcpu, const struct armvcpu_guest_debug *d)
{
	return ioctl(vcpu->fd, ARMVCPU_SET_GUEST_DEBUG, d) ? -errno : 0;
}

static void set_control(struct av_vcpu *vcpu, __u32 control)
{
	struct armvcpu_guest_debug d = { .control = control };
	int ret = set_debug(vcpu, &d);

	if (ret)
		av_die("SET_GUEST_DEBUG %#x: %s", control, strerror(-ret));
}

/* The guest up to its second report, just before the stepped sequence. */
static void dbg_guest_start(struct dbg_guest *g, __u32 control)
{
	av_vm_create_with_ram(&g->vm);
	av_vcpu_create(&g->vm, &g->vcpu, 0);
	AV_LOAD_GUEST(&g->vm, &g->vcpu, guest_debug);
	set_control(&g->vcpu, control);
	g->brk_site = ex_expect_sync(&g->vcpu);
	g->step_start = ex_expect_sync(&g->vcpu);
}

static void dbg_guest_end(struct dbg_guest *g)
{
	av_vcpu_destroy(&g->vcpu);
	av_vm_destroy(&g->vm);
}

TEST(single_step)
{
	/* Offsets of each stop: the branch skips the instruction at 12. */
	static const __u64 stops[] = { 0, 4, 8, 16, 20 };
	struct dbg_guest g;
	unsigned int i;
	__u64 esr;

	dbg_guest_start(&g, 0);
	/* The ucall's store is done: the first stop runs nothing. */
	set_control(&g.vcpu, ARMVCPU_GUESTDBG_ENABLE |
			     ARMVCPU_GUESTDBG_SINGLESTEP);
	for (i = 0; i < ARRAY_SIZE(stops); i++) {
		ex_expect_exit(&g.vcpu, ARMVCPU_EXIT_DEBUG);
		esr = g.vcpu.run->debug.esr;
		EXPECT_EQ(EC_SOFTSTP_LOW, EC(esr)) TH_LOG("ESR %#llx", esr);
		EXPECT_EQ(g.step_start + stops[i],
			  av_get_reg(&g.vcpu, ARMVCPU_REG_PC))
			TH_LOG("step %u", i);
	}
	set_control(&g.vcpu, 0);
	EXPECT_EQ(3, ex_expect_sync(&g.vcpu));
	/* Stepping is off again: the guest's own BRK is its own. */
	dbg_guest_end(&g);
}

TEST(brk_exits_and_resumes)
{
	struct dbg_guest g;
	__u64 esr;

	dbg_guest_start(&g, ARMVCPU_GUESTDBG_ENABLE |
			    ARMVCPU_GUESTDBG_USE_SW_BP);
	EXPECT_EQ(3, ex_expect_sync(&g.vcpu));
	ex_expect_exit(&g.vcpu, ARMVCPU_EXIT_DEBUG);
	esr = g.vcpu.run->debug.esr;
	EXPECT_EQ(EC_BRK64, EC(esr)) TH_LOG("ESR %#llx", esr);
	EXPECT_EQ(BRK_IMM, esr & 0xffff) TH_LOG("ESR %#llx", esr);
	EXPECT_EQ(g.brk_site, av_get_reg(&g.vcpu, ARMVCPU_REG_PC));
	/* A BRK never completes: the VMM moves the PC on itself. */
	av_set_reg(&g.vcpu, ARMVCPU_REG_PC, g.brk_site + 4);
	EXPECT_EQ(2, ex_expect_sync(&g.vcpu));
	av_run_to_done(&g.vcpu);
	dbg_guest_end(&g);
}

/* The guest's vector sees its BRK exactly as without armvcpu. */
static void expect_guest_brk(struct __test_metadata *_metadata, __u32 control)
{
	struct dbg_guest g;
	struct ex_exc e;

	dbg_guest_start(&g, control);
	EXPECT_EQ(3, ex_expect_sync(&g.vcpu));
	ex_expect_exc(&g.vcpu, &e);
	EXPECT_EQ(EC_BRK64, EC(e.esr)) TH_LOG("ESR %#llx", e.esr);
	EXPECT_EQ(BRK_IMM, e.esr & 0xffff) TH_LOG("ESR %#llx", e.esr);
	EXPECT_EQ(g.brk_site, e.elr);
	EXPECT_EQ(2, ex_expect_sync(&g.vcpu));
	av_run_to_done(&g.vcpu);
	dbg_guest_end(&g);
}

TEST(brk_is_the_guests_when_not_debugged)
{
	expect_guest_brk(_metadata, 0);
}

/* EL2 routes the BRK (MDCR_EL2.TDE) but gives it back. */
TEST(brk_is_the_guests_without_sw_bp)
{
	expect_guest_brk(_metadata, ARMVCPU_GUESTDBG_ENABLE);
}

TEST(bad_arguments)
{
	struct armvcpu_guest_debug d;
	struct av_vcpu vcpu;
	struct av_vm vm;

	av_vm_create(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	EXPECT_EQ(1, ioctl(vm.sys_fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_GUEST_DEBUG));

	memset(&d, 0, sizeof(d));
	d.control = ARMVCPU_GUESTDBG_ENABLE | (1U << 4);
	EXPECT_EQ(-EINVAL, set_debug(&vcpu, &d));
	d.control = ARMVCPU_GUESTDBG_SINGLESTEP;
	EXPECT_EQ(-EINVAL, set_debug(&vcpu, &d));
	d.control = ARMVCPU_GUESTDBG_ENABLE;
	d.flags = 1;
	EXPECT_EQ(-EINVAL, set_debug(&vcpu, &d));
	d.flags = 0;
	d.reserved[3] = 1;
	EXPECT_EQ(-EINVAL, set_debug(&vcpu, &d));
	d.reserved[3] = 0;
	/* The hardware registers only mean something with USE_HW. */
	d.dbg_wvr[0] = 0x1000;
	EXPECT_EQ(-EINVAL, set_debug(&vcpu, &d));
	d.dbg_wvr[0] = 0;
	EXPECT_EQ(-EFAULT, ioctl(vcpu.fd, ARMVCPU_SET_GUEST_DEBUG, NULL) ?
			   -errno : 0);
	EXPECT_EQ(0, set_debug(&vcpu, &d));
	d.control = 0;
	EXPECT_EQ(0, set_debug(&vcpu, &d));
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
