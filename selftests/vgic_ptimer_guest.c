// SPDX-License-Identifier: GPL-2.0
/*
 * Guest of selftests/vgic_ptimer.c: the EL1 physical timer and counter of
 * a VM with the in-kernel GIC, one scenario per run, chosen by the value
 * the host puts in x0. Programs the GIC as vgic_irqs_guest.c does (a
 * bare-metal driver's steps), takes PPI 30 through ICC_IAR1_EL1, and
 * reports through ucalls: GUEST_SYNC() asks the host to act or hands it
 * a value, GUEST_DONE() says every check held, a failed GUEST_ASSERT()
 * reports its line.
 */
#include <linux/types.h>

#include "guest/ucall.h"
#include "vgic_ptimer.h"

#define GICD		BOARD_GICD_BASE
#define GICR(n)		(BOARD_GICR_BASE + (n) * BOARD_GICR_STRIDE)
#define SGI_BASE	0x10000UL
#define GICD_CTLR	0x0
#define GICD_IGROUPR	0x80
#define GICD_ISENABLER	0x100
#define GICD_IPRIORITYR	0x400
#define GICR_WAKER	0x14

#define PTIMER		30
#define CTL_ENABLE	BIT(0)
#define CTL_IMASK	BIT(1)
#define CTL_ISTATUS	BIT(2)

#define sysreg_read(r) ({ __u64 __v;					\
	asm volatile("mrs %0, " r : "=r"(__v) : : "memory"); __v; })
#define sysreg_write(r, v) ({						\
	asm volatile("msr " r ", %0" : : "r"((__u64)(v)) : "memory"); })

#define ICC_IAR1	"s3_0_c12_c12_0"
#define ICC_EOIR1	"s3_0_c12_c12_1"
#define ICC_PMR		"s3_0_c4_c6_0"
#define ICC_IGRPEN1	"s3_0_c12_c12_7"

/* Per vCPU: PPI 30s taken, other interrupts taken, CNTP_CTL in the handler. */
static unsigned int ptimer_irqs[2], other_irqs[2];
static __u64 ctl_in_handler[2];
/* The handler disables the timer instead of masking it. */
static bool disable_in_handler;
static unsigned int vcpu1_ready, vcpu1_done;
static __u64 vcpu1_pct;

static unsigned int cpu_id(void)
{
	return read_mpidr() & 0xf;
}

static void irq_on(void)
{
	asm volatile("msr daifclr, #2" ::: "memory");
}

static void irq_off(void)
{
	asm volatile("msr daifset, #2" ::: "memory");
}

static __u64 vct(void)
{
	asm volatile("isb" ::: "memory");
	return sysreg_read("cntvct_el0");
}

static __u64 pct(void)
{
	asm volatile("isb" ::: "memory");
	return sysreg_read("cntpct_el0");
}

static __u64 ms_ticks(__u64 ms)
{
	return sysreg_read("cntfrq_el0") / 1000 * ms;
}

static void spin_ms(__u64 ms)
{
	__u64 end = vct() + ms_ticks(ms);

	while (vct() < end)
		cpu_relax();
}

static void sync_value(__u64 v)
{
	GUEST_SYNC(SYNC_VALUE);
	GUEST_SYNC(v);
}

/*
 * Like Linux's arch_timer handler: the output is lowered (masked, or the
 * timer disabled) before the EOI; ISTATUS must say the timer fired.
 */
static bool irq_hook(unsigned int kind, struct guest_frame *f)
{
	unsigned int intid, cpu = cpu_id();
	__u64 iar, ctl;

	(void)f;
	if (kind != GUEST_VEC_IRQ)
		return false;
	iar = sysreg_read(ICC_IAR1);
	intid = iar & 0xffffff;
	if (intid >= 1020)
		return true;
	if (intid == PTIMER) {
		ctl = sysreg_read("cntp_ctl_el0");
		WRITE_ONCE(ctl_in_handler[cpu], ctl);
		WRITE_ONCE(ptimer_irqs[cpu], ptimer_irqs[cpu] + 1);
		sysreg_write("cntp_ctl_el0",
			     disable_in_handler ? 0 : ctl | CTL_IMASK);
	} else {
		WRITE_ONCE(other_irqs[cpu], other_irqs[cpu] + 1);
	}
	sysreg_write(ICC_EOIR1, iar);
	return true;
}

/* This CPU's redistributor and CPU interface; PPI 30 enabled alone. */
static void gic_cpu_init(unsigned int cpu)
{
	__u64 rd = GICR(cpu), sgi = rd + SGI_BASE;
	int i;

	mmio_write32(rd + GICR_WAKER, 0);
	mmio_write32(sgi + GICD_IGROUPR, ~0U);
	for (i = 0; i < 32; i += 4)
		mmio_write32(sgi + GICD_IPRIORITYR + i, 0xa0a0a0a0);
	mmio_write32(sgi + GICD_ISENABLER, BIT(PTIMER));
	sysreg_write(ICC_PMR, 0xff);
	sysreg_write(ICC_IGRPEN1, 1);
	asm volatile("isb" ::: "memory");
}

static void gic_init(void)
{
	guest_set_exception_hook(irq_hook);
	mmio_write32(GICD + GICD_CTLR, 2);	/* EnableGrp1 */
	gic_cpu_init(0);
}

/* WFI with interrupts masked around the check, as an idle loop does. */
static void wfi_until(const unsigned int *p, unsigned int n)
{
	irq_off();
	while (READ_ONCE(*p) < n) {
		asm volatile("wfi" ::: "memory");
		irq_on();
		asm volatile("isb" ::: "memory");
		irq_off();
	}
	irq_on();
}

/* One expiry has been taken: nothing more comes, whatever the wait. */
static void expect_no_more(unsigned int cpu, unsigned int n)
{
	spin_ms(20);
	GUEST_ASSERT(READ_ONCE(ptimer_irqs[cpu]) == n);
	GUEST_ASSERT(READ_ONCE(other_irqs[cpu]) == 0);
}

/*
 * TVAL form (masked in the handler), then CVAL form (disabled in it),
 * each taken in WFI exactly once, not before its deadline; the registers
 * read as the architecture says around it.
 */
static int sc_one_irq(void)
{
	__u64 start, cval, tval;

	gic_init();
	irq_on();

	/* Off: ISTATUS clear whatever CVAL says; no interrupt. */
	sysreg_write("cntp_cval_el0", 0);
	sysreg_write("cntp_ctl_el0", 0);
	GUEST_ASSERT(sysreg_read("cntp_ctl_el0") == 0);
	spin_ms(5);
	GUEST_ASSERT(ptimer_irqs[0] == 0);

	start = pct();
	sysreg_write("cntp_tval_el0", ms_ticks(30));
	cval = sysreg_read("cntp_cval_el0");
	GUEST_ASSERT(cval >= start + ms_ticks(30) && cval <= pct() + ms_ticks(30));
	/* TVAL counts down from what was written: positive, no more than it. */
	tval = sysreg_read("cntp_tval_el0");
	GUEST_ASSERT(tval <= ms_ticks(30) && tval > 0 && !(tval >> 32));
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	GUEST_ASSERT(sysreg_read("cntp_ctl_el0") == CTL_ENABLE);
	wfi_until(&ptimer_irqs[0], 1);
	GUEST_ASSERT(pct() >= cval);
	GUEST_ASSERT(ctl_in_handler[0] == (CTL_ENABLE | CTL_ISTATUS));
	/* Masked: ISTATUS still set, TVAL negative (as a signed 32 bits). */
	GUEST_ASSERT(sysreg_read("cntp_ctl_el0") ==
		     (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS));
	GUEST_ASSERT((__s32)sysreg_read("cntp_tval_el0") < 0);
	expect_no_more(0, 1);

	/* CVAL form; the handler disables the timer this time. */
	disable_in_handler = true;
	sysreg_write("cntp_ctl_el0", 0);
	start = pct();
	cval = start + ms_ticks(20);
	sysreg_write("cntp_cval_el0", cval);
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	GUEST_ASSERT(sysreg_read("cntp_cval_el0") == cval);
	wfi_until(&ptimer_irqs[0], 2);
	GUEST_ASSERT(pct() >= cval);
	GUEST_ASSERT(ctl_in_handler[0] == (CTL_ENABLE | CTL_ISTATUS));
	GUEST_ASSERT(sysreg_read("cntp_ctl_el0") == 0);
	expect_no_more(0, 2);

	/* Armed in the past: at once. Masked meanwhile: not until unmasked. */
	disable_in_handler = false;
	sysreg_write("cntp_ctl_el0", CTL_ENABLE | CTL_IMASK);
	sysreg_write("cntp_cval_el0", 0);
	spin_ms(5);
	GUEST_ASSERT(ptimer_irqs[0] == 2);
	GUEST_ASSERT(sysreg_read("cntp_ctl_el0") ==
		     (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS));
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	wfi_until(&ptimer_irqs[0], 3);
	expect_no_more(0, 3);
	return 0;
}

/* No WFI: the deadline must take the interrupt into a running guest. */
static int sc_running(void)
{
	__u64 start, limit;

	gic_init();
	irq_on();
	start = pct();
	sysreg_write("cntp_tval_el0", ms_ticks(20));
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	limit = start + ms_ticks(5000);
	while (!READ_ONCE(ptimer_irqs[0]))
		GUEST_ASSERT(vct() < limit);
	GUEST_ASSERT(pct() - start >= ms_ticks(20));
	expect_no_more(0, 1);
	return 0;
}

/*
 * CNTPCT_EL0 reads what CNTVCT_EL0 does: each read lies between two reads
 * of the virtual counter, so their difference is 0, on this vCPU as on
 * another, and it never goes back. (CNTPCTSS_EL0, emulated alike, is
 * FEAT_ECV's: the Cortex-A72 UNDEFs it before any trap.)
 */
static void counters_check(unsigned int rounds)
{
	__u64 v1, p, v2, last = 0;
	unsigned int i;

	for (i = 0; i < rounds; i++) {
		v1 = vct();
		p = pct();
		v2 = vct();
		GUEST_ASSERT(v1 <= p && p <= v2);
		GUEST_ASSERT(p >= last);
		last = p;
	}
}

static void vcpu1_counters(void *arg)
{
	(void)arg;
	counters_check(200);
	WRITE_ONCE(vcpu1_pct, pct());
	WRITE_ONCE(vcpu1_ready, 1);
}

static int sc_counters(void)
{
	__u64 p;

	counters_check(200);
	/*
	 * The host brackets one read with its own counter and the offset,
	 * between the two SYNCs.
	 */
	GUEST_SYNC(SYNC_VALUE);
	p = pct();
	GUEST_SYNC(p);
	GUEST_ASSERT(guest_cpu_start(1, 1, vcpu1_counters, 0) == 0);
	while (!READ_ONCE(vcpu1_ready))
		cpu_relax();
	/* vCPU 1's read happened before this one: one counter for both. */
	GUEST_ASSERT(READ_ONCE(vcpu1_pct) <= vct());
	GUEST_ASSERT(READ_ONCE(vcpu1_pct) >= p);
	return 0;
}

/* Each vCPU's timer interrupts that vCPU, once, while both sleep in WFI. */
static void vcpu1_timer(void *arg)
{
	(void)arg;
	gic_cpu_init(1);
	irq_on();
	sysreg_write("cntp_tval_el0", ms_ticks(40));
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	WRITE_ONCE(vcpu1_ready, 1);
	wfi_until(&ptimer_irqs[1], 1);
	expect_no_more(1, 1);
	WRITE_ONCE(vcpu1_done, 1);
}

static int sc_two_vcpus(void)
{
	__u64 limit;

	gic_init();
	irq_on();
	GUEST_ASSERT(guest_cpu_start(1, 1, vcpu1_timer, 0) == 0);
	while (!READ_ONCE(vcpu1_ready))
		cpu_relax();
	sysreg_write("cntp_tval_el0", ms_ticks(20));
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	wfi_until(&ptimer_irqs[0], 1);
	/* Sooner than vCPU 1's: it still waits for its own. */
	GUEST_ASSERT(READ_ONCE(ptimer_irqs[1]) == 0);
	/* Nothing interrupts this vCPU any more: no WFI. */
	limit = vct() + ms_ticks(5000);
	while (!READ_ONCE(vcpu1_done))
		GUEST_ASSERT(vct() < limit);
	expect_no_more(0, 1);
	GUEST_ASSERT(ctl_in_handler[1] == (CTL_ENABLE | CTL_ISTATUS));
	return 0;
}

/*
 * Armed, then the vCPU's thread moves to another CPU before the deadline:
 * taken in WFI, then again taken while running.
 */
static int sc_migrate(void)
{
	__u64 limit;

	gic_init();
	irq_on();
	sysreg_write("cntp_tval_el0", ms_ticks(60));
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	GUEST_SYNC(SYNC_MIGRATE);
	wfi_until(&ptimer_irqs[0], 1);
	expect_no_more(0, 1);

	sysreg_write("cntp_tval_el0", ms_ticks(60));
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	GUEST_SYNC(SYNC_MIGRATE);
	limit = vct() + ms_ticks(5000);
	while (READ_ONCE(ptimer_irqs[0]) < 2)
		GUEST_ASSERT(vct() < limit);
	expect_no_more(0, 2);
	return 0;
}

/*
 * The host set CNTP_CVAL_EL0 and CNTP_CTL_EL0 through ONE_REG before the
 * first entry: the guest only enables PPI 30 and waits for it. It hands
 * back what it reads of the timer.
 */
static int sc_one_reg(void)
{
	gic_init();
	sync_value(sysreg_read("cntp_cval_el0"));
	sync_value(sysreg_read("cntp_ctl_el0"));
	wfi_until(&ptimer_irqs[0], 1);
	GUEST_ASSERT(ctl_in_handler[0] == (CTL_ENABLE | CTL_ISTATUS));
	expect_no_more(0, 1);
	return 0;
}

/*
 * The host moves the VM's counter offset: both counters jump forward
 * alike, and a timer armed short of the jump fires at once.
 */
static int sc_offset(void)
{
	__u64 before, p, v;

	gic_init();
	irq_on();
	before = vct();
	sysreg_write("cntp_cval_el0", before + OFFSET_JUMP_TICKS / 2);
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	spin_ms(5);
	GUEST_ASSERT(ptimer_irqs[0] == 0);
	GUEST_SYNC(SYNC_SET_OFFSET);
	v = vct();
	p = pct();
	GUEST_ASSERT(v >= before + OFFSET_JUMP_TICKS);
	GUEST_ASSERT(p >= v && p - v < ms_ticks(1000));
	wfi_until(&ptimer_irqs[0], 1);
	expect_no_more(0, 1);
	return 0;
}

/* The timer armed, the host destroys the vCPU before the deadline. */
static int sc_arm_and_leave(void)
{
	gic_init();
	sysreg_write("cntp_tval_el0", ms_ticks(50));
	sysreg_write("cntp_ctl_el0", CTL_ENABLE);
	/* Taken by the host as the moment to close everything. */
	GUEST_SYNC(SYNC_ARMED);
	wfi_until(&ptimer_irqs[0], 1);
	return 0;
}

static int (*const scenarios[SC_NR])(void) = {
	[SC_ONE_IRQ] = sc_one_irq,
	[SC_RUNNING] = sc_running,
	[SC_COUNTERS] = sc_counters,
	[SC_TWO_VCPUS] = sc_two_vcpus,
	[SC_MIGRATE] = sc_migrate,
	[SC_ONE_REG] = sc_one_reg,
	[SC_OFFSET] = sc_offset,
	[SC_ARM_AND_LEAVE] = sc_arm_and_leave,
};

int main(unsigned long scenario)
{
	GUEST_ASSERT(scenario < SC_NR && scenarios[scenario]);
	GUEST_ASSERT(!scenarios[scenario]());
	GUEST_DONE();
}
