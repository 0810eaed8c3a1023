// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_SET_GUEST_DEBUG: single step exits once per instruction with
 * the PC of the next one, instructions the kernel emulates included, and
 * the guest's own MDSCR_EL1.SS and PSTATE.SS are all the guest and the
 * VMM's ONE_REG see of it; a step into an exception stops at the vector;
 * a BRK exits with its syndrome while the VMM asks for software
 * breakpoints, and the VMM resumes past it; without that the guest takes
 * its own BRK at its vector, whether the VMM debugs otherwise (EL2
 * routes it: MDCR_EL2.TDE) or not at all; bad arguments give EINVAL.
 * guest_debug_guest.S. The VMM's hardware breakpoints: guest_debug_hw.c.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "el2_util.h"
#include "exits_util.h"

#define EC(esr)		(((esr) >> 26) & 0x3f)
#define EC_SOFTSTP_LOW	0x32
#define EC_BRK64	0x3c
#define BRK_IMM		0x123
#define MDSCR_SS	0x1ULL
#define PSTATE_SS	0x200000ULL
#define PSTATE_MODE	0xfULL
#define PSTATE_EL1H	0x5ULL
#define MDCR_TDE	0x100ULL
#define VEC_CUR_SPX	0x200

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

/* The sequence's report: x19 and the MDSCR_EL1 the guest read in it. */
static __u64 dbg_guest_sequence_done(struct __test_metadata *_metadata,
				     struct dbg_guest *g)
{
	EXPECT_EQ(3, ex_expect_sync(&g->vcpu));
	return ex_expect_sync(&g->vcpu);
}

/*
 * One stop per instruction: the branch skips the one at 12; the MRS at 16
 * (trapped) and the HVC at 24 (PSCI_VERSION) are the kernel's to emulate
 * and still count as one step each. Between steps, the guest's own
 * MDSCR_EL1.SS and PSTATE.SS (@ss) are what the VMM reads and what the
 * guest reads, never the VMM's step state; PSTATE.SS until an emulated
 * instruction retires, which clears it as the hardware would.
 */
static void expect_steps(struct __test_metadata *_metadata, __u64 ss)
{
	static const __u64 stops[] = { 0, 4, 8, 16, 20, 24, 28, 32 };
	struct dbg_guest g;
	unsigned int i;
	__u64 esr, pstate;

	dbg_guest_start(&g, 0);
	set_control(&g.vcpu, ARMVCPU_GUESTDBG_ENABLE |
			     ARMVCPU_GUESTDBG_SINGLESTEP);
	/*
	 * The ucall's store completes first: the step it was is done, and
	 * the first stop runs nothing.
	 */
	g.vcpu.run->immediate_exit = 1;
	EXPECT_EQ(-1, ioctl(g.vcpu.fd, ARMVCPU_RUN, 0));
	EXPECT_EQ(EINTR, errno);
	g.vcpu.run->immediate_exit = 0;
	av_set_reg(&g.vcpu, ARMVCPU_REG_MDSCR_EL1, ss ? MDSCR_SS : 0);
	pstate = av_get_reg(&g.vcpu, ARMVCPU_REG_PSTATE);
	av_set_reg(&g.vcpu, ARMVCPU_REG_PSTATE,
		   (pstate & ~PSTATE_SS) | (ss ? PSTATE_SS : 0));
	for (i = 0; i < ARRAY_SIZE(stops); i++) {
		ex_expect_exit(&g.vcpu, ARMVCPU_EXIT_DEBUG);
		esr = g.vcpu.run->debug.esr;
		EXPECT_EQ(EC_SOFTSTP_LOW, EC(esr)) TH_LOG("ESR %#llx", esr);
		EXPECT_EQ(g.step_start + stops[i],
			  av_get_reg(&g.vcpu, ARMVCPU_REG_PC))
			TH_LOG("step %u", i);
		pstate = av_get_reg(&g.vcpu, ARMVCPU_REG_PSTATE);
		EXPECT_EQ(ss && stops[i] <= 16 ? PSTATE_SS : 0,
			  pstate & PSTATE_SS)
			TH_LOG("step %u: PSTATE %#llx", i, pstate);
		EXPECT_EQ(ss ? MDSCR_SS : 0,
			  av_get_reg(&g.vcpu, ARMVCPU_REG_MDSCR_EL1) & MDSCR_SS)
			TH_LOG("step %u", i);
	}
	/* The trapped MRS, while stepped, read the guest's own bit. */
	set_control(&g.vcpu, 0);
	EXPECT_EQ(ss ? MDSCR_SS : 0,
		  dbg_guest_sequence_done(_metadata, &g) & MDSCR_SS);
	dbg_guest_end(&g);
}

TEST(single_step)
{
	expect_steps(_metadata, 0);
}

/* KDE is clear: the guest's own SS bits do nothing but must survive. */
TEST(single_step_keeps_the_guests_ss)
{
	expect_steps(_metadata, 1);
}

/*
 * Stepping a BRK the VMM does not own (no USE_SW_BP): EL2 gives it to the
 * guest, and the step stops at its vector before the first instruction
 * there, with the exception's registers as the guest will read them.
 */
TEST(step_into_guest_brk)
{
	struct dbg_guest g;
	struct ex_exc e;
	__u64 esr, vbar, spsr;

	dbg_guest_start(&g, 0);
	dbg_guest_sequence_done(_metadata, &g);
	set_control(&g.vcpu, ARMVCPU_GUESTDBG_ENABLE |
			     ARMVCPU_GUESTDBG_SINGLESTEP);
	ex_expect_exit(&g.vcpu, ARMVCPU_EXIT_DEBUG);
	EXPECT_EQ(g.brk_site, av_get_reg(&g.vcpu, ARMVCPU_REG_PC));
	ex_expect_exit(&g.vcpu, ARMVCPU_EXIT_DEBUG);
	esr = g.vcpu.run->debug.esr;
	EXPECT_EQ(EC_SOFTSTP_LOW, EC(esr)) TH_LOG("ESR %#llx", esr);
	vbar = av_get_reg(&g.vcpu, ARMVCPU_REG_VBAR_EL1);
	EXPECT_EQ(vbar + VEC_CUR_SPX, av_get_reg(&g.vcpu, ARMVCPU_REG_PC));
	esr = av_get_reg(&g.vcpu, ARMVCPU_REG_ESR_EL1);
	EXPECT_EQ(EC_BRK64, EC(esr)) TH_LOG("ESR_EL1 %#llx", esr);
	EXPECT_EQ(BRK_IMM, esr & 0xffff) TH_LOG("ESR_EL1 %#llx", esr);
	EXPECT_EQ(g.brk_site, av_get_reg(&g.vcpu, ARMVCPU_REG_ELR_EL1));
	spsr = av_get_reg(&g.vcpu, ARMVCPU_REG_SPSR_EL1);
	EXPECT_EQ(PSTATE_EL1H, spsr & PSTATE_MODE) TH_LOG("SPSR %#llx", spsr);
	/* The guest's PSTATE.SS, not the VMM's step state. */
	EXPECT_EQ(0, spsr & PSTATE_SS) TH_LOG("SPSR %#llx", spsr);
	set_control(&g.vcpu, 0);
	ex_expect_exc(&g.vcpu, &e);
	EXPECT_EQ(EC_BRK64, EC(e.esr)) TH_LOG("ESR %#llx", e.esr);
	EXPECT_EQ(g.brk_site, e.elr);
	EXPECT_EQ(VEC_CUR_SPX, e.vector);
	EXPECT_EQ(2, ex_expect_sync(&g.vcpu));
	av_run_to_done(&g.vcpu);
	dbg_guest_end(&g);
}

TEST(brk_exits_and_resumes)
{
	struct dbg_guest g;
	__u64 esr;

	dbg_guest_start(&g, ARMVCPU_GUESTDBG_ENABLE |
			    ARMVCPU_GUESTDBG_USE_SW_BP);
	dbg_guest_sequence_done(_metadata, &g);
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

/*
 * The guest's vector sees its BRK exactly as without armvcpu. @tde: the
 * entry that took it routed the guest's debug exceptions to EL2 (read
 * back from EL2's test hook), so EL2 gave it back.
 */
static void expect_guest_brk(struct __test_metadata *_metadata, __u32 control,
			     __u64 tde)
{
	struct el2_guest_el2 el2;
	struct dbg_guest g;
	struct ex_exc e;
	int cpu = el2_pin_cpu();

	ASSERT_LE(0, cpu);
	dbg_guest_start(&g, control);
	dbg_guest_sequence_done(_metadata, &g);
	ex_expect_exc(&g.vcpu, &e);
	ASSERT_EQ(0, el2_read_guest_el2(cpu, &el2))
		TH_LOG("no %s", EL2_FILE_GUEST_EL2);
	EXPECT_EQ(tde, el2.mdcr & MDCR_TDE) TH_LOG("MDCR_EL2 %#llx", el2.mdcr);
	EXPECT_EQ(EC_BRK64, EC(e.esr)) TH_LOG("ESR %#llx", e.esr);
	EXPECT_EQ(BRK_IMM, e.esr & 0xffff) TH_LOG("ESR %#llx", e.esr);
	EXPECT_EQ(g.brk_site, e.elr);
	EXPECT_EQ(2, ex_expect_sync(&g.vcpu));
	av_run_to_done(&g.vcpu);
	dbg_guest_end(&g);
}

TEST(brk_is_the_guests_when_not_debugged)
{
	expect_guest_brk(_metadata, 0, 0);
}

/* EL2 routes the BRK (MDCR_EL2.TDE) but gives it back. */
TEST(brk_is_the_guests_without_sw_bp)
{
	expect_guest_brk(_metadata, ARMVCPU_GUESTDBG_ENABLE, MDCR_TDE);
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
