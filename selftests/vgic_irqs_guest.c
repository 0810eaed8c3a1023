// SPDX-License-Identifier: GPL-2.0
/*
 * Guest of selftests/vgic_irqs.c: one scenario per run, chosen by the
 * value the host puts in x0. Runs with the MMU off on the tools/guest
 * runtime, programs the in-kernel GICv3 like a bare-metal driver would,
 * and reports to the host through ucalls (guest/ucall.h): GUEST_SYNC()
 * asks the host to act (raise a line, measure time), GUEST_DONE() says
 * every check held, a failed GUEST_ASSERT() reports its line.
 */
#include <linux/types.h>

#include "guest/ucall.h"
#include "vgic_irqs.h"

#define GICD		BOARD_GICD_BASE
#define GICR(n)		(BOARD_GICR_BASE + (n) * BOARD_GICR_STRIDE)
#define SGI_BASE	0x10000UL
#define GICD_CTLR	0x0
#define GICD_TYPER	0x4
#define GICD_IGROUPR	0x80
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ISPENDR	0x200
#define GICD_IPRIORITYR	0x400
#define GICD_ICFGR	0xc00
#define GICD_IROUTER	0x6000
#define GICD_PIDR2	0xffe8
#define GICR_TYPER	0x8
#define GICR_WAKER	0x14

#define VTIMER		27
#define NR_INTIDS	128

static unsigned int counts[2][NR_INTIDS];
static unsigned int order[8], nr_order;
static bool eoimode1;
static unsigned int level_lower_after;	/* handler lowers on this count */
static unsigned int vcpu1_ready, vcpu1_stop;
/* The timer's handler exits to the host before it masks the timer. */
static bool timer_exit_before_mask;
/* The timer's handler leaves the timer firing on this count. */
static unsigned int timer_unmasked_on;

#define sysreg_read(r) ({ __u64 __v;					\
	asm volatile("mrs %0, " r : "=r"(__v)); __v; })
#define sysreg_write(r, v) ({						\
	asm volatile("msr " r ", %0" : : "r"((__u64)(v)) : "memory"); })

#define ICC_IAR1	"s3_0_c12_c12_0"
#define ICC_EOIR1	"s3_0_c12_c12_1"
#define ICC_DIR		"s3_0_c12_c11_1"
#define ICC_PMR		"s3_0_c4_c6_0"
#define ICC_CTLR	"s3_0_c12_c12_4"
#define ICC_IGRPEN1	"s3_0_c12_c12_7"
#define ICC_SGI1R	"s3_0_c12_c11_5"

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

static __u64 now(void)
{
	asm volatile("isb" ::: "memory");
	return sysreg_read("cntvct_el0");
}

static __u64 ms_ticks(__u64 ms)
{
	return sysreg_read("cntfrq_el0") / 1000 * ms;
}

static void spin_ms(__u64 ms)
{
	__u64 end = now() + ms_ticks(ms);

	while (now() < end)
		cpu_relax();
}

static void timer_arm(__u64 ticks)
{
	sysreg_write("cntv_cval_el0", now() + ticks);
	sysreg_write("cntv_ctl_el0", 1);
	asm volatile("isb" ::: "memory");
}

static bool irq_hook(unsigned int kind, struct guest_frame *f)
{
	__u64 iar;
	unsigned int intid, cpu = cpu_id();

	(void)f;	/* an interrupt needs no register of the frame */
	if (kind != GUEST_VEC_IRQ)
		return false;
	iar = sysreg_read(ICC_IAR1);
	intid = iar & 0xffffff;
	if (intid >= 1020)
		return true;
	GUEST_ASSERT(intid < NR_INTIDS);
	WRITE_ONCE(counts[cpu][intid], counts[cpu][intid] + 1);
	if (nr_order < 8)
		order[nr_order++] = intid;
	/*
	 * An exit here, with the interrupt active and the timer's output
	 * still high, is what a host interrupt or a preemption can cause at
	 * any time: the next entry must not make the interrupt pending again
	 * from that level, which the guest is about to lower.
	 */
	if (intid == VTIMER && timer_exit_before_mask)
		GUEST_SYNC(SYNC_IN_HANDLER);
	/* Like Linux's arch_timer: mask the output before EOI. */
	if (intid == VTIMER && counts[cpu][intid] != timer_unmasked_on)
		sysreg_write("cntv_ctl_el0", 3);
	if (intid == SPI_LEVEL && counts[cpu][intid] == level_lower_after)
		GUEST_SYNC(SYNC_LEVEL_LOWER);
	if (intid == 3 && cpu == 1)	/* ping: answer with SGI 4 to CPU 0 */
		sysreg_write(ICC_SGI1R, (4UL << 24) | 1);
	sysreg_write(ICC_EOIR1, iar);
	if (eoimode1)
		sysreg_write(ICC_DIR, iar);
	return true;
}

/* This CPU's redistributor and CPU interface, as a GIC driver does. */
static void gic_cpu_init(unsigned int cpu)
{
	__u64 rd = GICR(cpu), sgi = rd + SGI_BASE;
	int i;

	mmio_write32(rd + GICR_WAKER, 0);
	GUEST_ASSERT(!(mmio_read32(rd + GICR_WAKER) & 4));
	mmio_write32(sgi + GICD_IGROUPR, ~0U);
	for (i = 0; i < 32; i += 4)
		mmio_write32(sgi + GICD_IPRIORITYR + i, 0xa0a0a0a0);
	mmio_write32(sgi + GICD_ISENABLER, 0xffff | BIT(VTIMER));
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

/*
 * WFI with interrupts masked: one that arrives between the check and the
 * WFI still ends the WFI (pending is enough), and is taken after it.
 */
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

static void wait_count(unsigned int cpu, unsigned int intid, unsigned int n)
{
	wfi_until(&counts[cpu][intid], n);
}

static int sc_regs(void)
{
	__u64 typer = mmio_read64(GICR(0) + GICR_TYPER);

	GUEST_ASSERT((mmio_read32(GICD + GICD_PIDR2) & 0xf0) == 0x30);
	GUEST_ASSERT((mmio_read32(GICD + GICD_TYPER) & 0x1f) == 3);
	GUEST_ASSERT(mmio_read32(GICD + GICD_CTLR) & BIT(4));	/* ARE */
	GUEST_ASSERT((mmio_read32(GICR(0) + 0xffe8) & 0xf0) == 0x30);
	/* vCPU 0: affinity 0, and the only vCPU, so Last. */
	GUEST_ASSERT((typer >> 32) == 0 && (typer & BIT(4)));
	/* Priorities keep their top five bits, byte access works. */
	mmio_write8(GICD + GICD_IPRIORITYR + 33, 0xff);
	GUEST_ASSERT(mmio_read8(GICD + GICD_IPRIORITYR + 33) == 0xf8);
	mmio_write64(GICD + GICD_IROUTER + 8 * 33, 0xff00000102ULL);
	GUEST_ASSERT(mmio_read64(GICD + GICD_IROUTER + 8 * 33) ==
		     0xff00000102ULL);
	mmio_write32(GICD + GICD_ICFGR + 8, 0x8);	/* INTID 33 edge */
	GUEST_ASSERT(mmio_read32(GICD + GICD_ICFGR + 8) == 0x8);
	/* SGIs are always edge-triggered. */
	GUEST_ASSERT(mmio_read32(GICR(0) + SGI_BASE + GICD_ICFGR) ==
		     0xaaaaaaaa);
	return 0;
}

static int sc_timer_wfi(void)
{
	__u64 start;

	gic_init();
	irq_on();
	/* The host measures the vCPU thread's CPU time across the sleep. */
	GUEST_SYNC(SYNC_SLEEP_BEGIN);
	start = now();
	timer_arm(ms_ticks(300));
	wait_count(0, VTIMER, 1);
	GUEST_SYNC(SYNC_SLEEP_END);
	GUEST_ASSERT(now() - start >= ms_ticks(300));
	GUEST_ASSERT(counts[0][VTIMER] == 1);
	/* Again, a short one, to see the timer rearm. */
	timer_arm(ms_ticks(5));
	wait_count(0, VTIMER, 2);
	return 0;
}

/*
 * PSCI CPU_SUSPEND (standby) with interrupts masked, as cpuidle calls it:
 * it returns SUCCESS once the timer's interrupt is pending, which is then
 * taken when the guest unmasks.
 */
static int sc_suspend(void)
{
	__u64 start;

	gic_init();
	irq_off();
	GUEST_SYNC(SYNC_SLEEP_BEGIN);
	start = now();
	timer_arm(ms_ticks(300));
	GUEST_ASSERT(psci_cpu_suspend(0, 0, 0) == 0);
	GUEST_SYNC(SYNC_SLEEP_END);
	GUEST_ASSERT(now() - start >= ms_ticks(300));
	GUEST_ASSERT(counts[0][VTIMER] == 0);
	irq_on();
	asm volatile("isb" ::: "memory");
	GUEST_ASSERT(READ_ONCE(counts[0][VTIMER]) == 1);
	return 0;
}

static int sc_timer_poll(void)
{
	__u64 start, limit;

	gic_init();
	irq_on();
	start = now();
	timer_arm(ms_ticks(20));
	limit = start + ms_ticks(5000);
	/* No WFI: the interrupt must preempt a running guest. */
	while (!READ_ONCE(counts[0][VTIMER]))
		GUEST_ASSERT(now() < limit);
	GUEST_ASSERT(now() - start >= ms_ticks(20));
	return 0;
}

static int sc_masking(void)
{
	gic_init();
	/* PSTATE.I set: the timer fires, but is not taken. */
	irq_off();
	timer_arm(0);
	spin_ms(20);
	GUEST_ASSERT(counts[0][VTIMER] == 0);
	irq_on();
	asm volatile("isb" ::: "memory");
	spin_ms(1);
	GUEST_ASSERT(counts[0][VTIMER] == 1);

	/* PMR: priority 0xa0 is masked by PMR 0xa0 and below. */
	sysreg_write(ICC_PMR, 0xa0);
	timer_arm(0);
	spin_ms(20);
	GUEST_ASSERT(counts[0][VTIMER] == 1);
	sysreg_write(ICC_PMR, 0xa8);
	asm volatile("isb" ::: "memory");
	spin_ms(1);
	GUEST_ASSERT(counts[0][VTIMER] == 2);

	/* Disabled at the redistributor: not delivered until enabled. */
	mmio_write32(GICR(0) + SGI_BASE + GICD_ICENABLER, BIT(VTIMER));
	timer_arm(0);
	spin_ms(20);
	GUEST_ASSERT(counts[0][VTIMER] == 2);
	mmio_write32(GICR(0) + SGI_BASE + GICD_ISENABLER, BIT(VTIMER));
	spin_ms(1);
	GUEST_ASSERT(counts[0][VTIMER] == 3);
	return 0;
}

static int sc_priority(void)
{
	__u64 sgi = GICR(0) + SGI_BASE;

	gic_init();
	/* SGI 1 at 0x80, SGI 2 at 0x40, SGI 5 at 0xc0: sent 1, 5, 2. */
	mmio_write32(sgi + GICD_IPRIORITYR, 0x00408000);
	mmio_write32(sgi + GICD_IPRIORITYR + 4, 0x0000c000);
	irq_off();
	sysreg_write(ICC_SGI1R, (1UL << 24) | 1);
	sysreg_write(ICC_SGI1R, (5UL << 24) | 1);
	sysreg_write(ICC_SGI1R, (2UL << 24) | 1);
	spin_ms(1);
	GUEST_ASSERT(nr_order == 0);
	irq_on();
	spin_ms(1);
	GUEST_ASSERT(nr_order == 3);
	GUEST_ASSERT(order[0] == 2 && order[1] == 1 && order[2] == 5);
	return 0;
}

static void vcpu1_main(void *arg)
{
	(void)arg;
	gic_cpu_init(1);
	irq_on();
	WRITE_ONCE(vcpu1_ready, 1);
	wfi_until(&vcpu1_stop, 1);
}

static int sc_sgi(void)
{
	unsigned int i;
	__u64 t0;

	gic_init();
	irq_on();
	GUEST_ASSERT(guest_cpu_start(1, 1, vcpu1_main, 0) == 0);
	while (!READ_ONCE(vcpu1_ready))
		cpu_relax();
	/* Ping-pong: SGI 3 to vCPU 1 (Aff0 1), which answers SGI 4. */
	t0 = now();
	for (i = 1; i <= 100; i++) {
		sysreg_write(ICC_SGI1R, (3UL << 24) | BIT(1));
		wait_count(0, 4, i);
		GUEST_ASSERT(READ_ONCE(counts[1][3]) == i);
	}
	/* One round trip, two SGIs, in nanoseconds, for the host to print. */
	GUEST_SYNC(SYNC_SGI_NS);
	GUEST_SYNC((now() - t0) * 10000 / (sysreg_read("cntfrq_el0") / 1000));
	/* RS = 1 names Aff0 16-31: no such vCPU, nothing delivered. */
	sysreg_write(ICC_SGI1R, (1UL << 44) | (6UL << 24) | BIT(1) | BIT(0));
	/* Aff1 = 1: another cluster, none either. */
	sysreg_write(ICC_SGI1R, (1UL << 16) | (6UL << 24) | BIT(1) | BIT(0));
	spin_ms(20);
	GUEST_ASSERT(!counts[0][6] && !READ_ONCE(counts[1][6]));
	/* IRM: every vCPU but the sender. */
	sysreg_write(ICC_SGI1R, (1UL << 40) | (7UL << 24));
	while (!READ_ONCE(counts[1][7]))
		cpu_relax();
	spin_ms(20);
	GUEST_ASSERT(!counts[0][7] && READ_ONCE(counts[1][7]) == 1);
	WRITE_ONCE(vcpu1_stop, 1);
	sysreg_write(ICC_SGI1R, (8UL << 24) | BIT(1));
	return 0;
}

static void spi_setup(unsigned int intid, bool edge, __u64 route)
{
	__u32 cfg = mmio_read32(GICD + GICD_ICFGR + intid / 16 * 4);
	__u32 bit = BIT(2 * (intid % 16) + 1);

	mmio_write32(GICD + GICD_IGROUPR + intid / 32 * 4, ~0U);
	mmio_write8(GICD + GICD_IPRIORITYR + intid, 0xa0);
	mmio_write32(GICD + GICD_ICFGR + intid / 16 * 4,
		     edge ? cfg | bit : cfg & ~bit);
	mmio_write64(GICD + GICD_IROUTER + 8 * intid, route);
	mmio_write32(GICD + GICD_ISENABLER + intid / 32 * 4, BIT(intid % 32));
}

static int sc_spi(void)
{
	gic_init();
	spi_setup(SPI_EDGE, true, 0);
	spi_setup(SPI_LEVEL, false, 0);
	irq_on();

	/* Edge: the host pulses the line twice; edges pend, they don't queue. */
	irq_off();
	GUEST_SYNC(SYNC_EDGE_PULSE);
	irq_on();
	spin_ms(10);
	GUEST_ASSERT(counts[0][SPI_EDGE] == 1);
	/* Software pending through GICD_ISPENDR works for an edge too. */
	mmio_write32(GICD + GICD_ISPENDR + 4, BIT(SPI_EDGE - 32));
	spin_ms(10);
	GUEST_ASSERT(counts[0][SPI_EDGE] == 2);

	/*
	 * Level: the line stays high through the first EOI, so the interrupt
	 * comes back; the handler has the host lower it the second time.
	 */
	level_lower_after = 2;
	GUEST_SYNC(SYNC_LEVEL_RAISE);
	wait_count(0, SPI_LEVEL, 2);
	spin_ms(10);
	GUEST_ASSERT(counts[0][SPI_LEVEL] == 2);

	/* Routed to vCPU 1, which takes it while vCPU 0 does not. */
	GUEST_ASSERT(guest_cpu_start(1, 1, vcpu1_main, 0) == 0);
	while (!READ_ONCE(vcpu1_ready))
		cpu_relax();
	spi_setup(SPI_EDGE, true, 1);
	GUEST_SYNC(SYNC_EDGE_PULSE);
	while (!READ_ONCE(counts[1][SPI_EDGE]))
		cpu_relax();
	GUEST_ASSERT(counts[0][SPI_EDGE] == 2);
	WRITE_ONCE(vcpu1_stop, 1);
	sysreg_write(ICC_SGI1R, (8UL << 24) | BIT(1));
	return 0;
}

static int sc_eoimode(void)
{
	gic_init();
	/* EOImode 1: EOIR only drops priority, DIR deactivates (Linux at EL2). */
	sysreg_write(ICC_CTLR, sysreg_read(ICC_CTLR) | BIT(1));
	eoimode1 = true;
	irq_on();
	timer_arm(ms_ticks(2));
	wait_count(0, VTIMER, 1);
	timer_arm(ms_ticks(2));
	wait_count(0, VTIMER, 2);
	/* Back to EOImode 0, as Linux at EL1 runs. */
	sysreg_write(ICC_CTLR, sysreg_read(ICC_CTLR) & ~BIT(1));
	eoimode1 = false;
	timer_arm(ms_ticks(2));
	wait_count(0, VTIMER, 3);
	return 0;
}

/*
 * One expiry, one interrupt, even when the guest exits between
 * acknowledging the timer's interrupt and masking the timer; and a timer
 * left firing through EOI is delivered again without waiting for a WFI.
 */
static int sc_timer_ack_exit(void)
{
	gic_init();
	timer_exit_before_mask = true;
	irq_on();
	timer_arm(ms_ticks(2));
	wait_count(0, VTIMER, 1);
	spin_ms(20);
	GUEST_ASSERT(READ_ONCE(counts[0][VTIMER]) == 1);

	/* EOImode 1: the deactivation is DIR's, after the priority drop. */
	sysreg_write(ICC_CTLR, sysreg_read(ICC_CTLR) | BIT(1));
	eoimode1 = true;
	timer_arm(ms_ticks(2));
	wait_count(0, VTIMER, 2);
	spin_ms(20);
	GUEST_ASSERT(READ_ONCE(counts[0][VTIMER]) == 2);
	sysreg_write(ICC_CTLR, sysreg_read(ICC_CTLR) & ~BIT(1));
	eoimode1 = false;

	/* Still high at EOI: the level is seen again, and delivered. */
	timer_unmasked_on = 3;
	timer_arm(ms_ticks(2));
	while (READ_ONCE(counts[0][VTIMER]) < 4)
		cpu_relax();
	spin_ms(20);
	GUEST_ASSERT(READ_ONCE(counts[0][VTIMER]) == 4);
	return 0;
}

static int (*const scenarios[SC_NR])(void) = {
	[SC_REGS] = sc_regs,
	[SC_TIMER_WFI] = sc_timer_wfi,
	[SC_TIMER_POLL] = sc_timer_poll,
	[SC_MASKING] = sc_masking,
	[SC_PRIORITY] = sc_priority,
	[SC_SGI] = sc_sgi,
	[SC_SPI] = sc_spi,
	[SC_EOIMODE] = sc_eoimode,
	[SC_SUSPEND] = sc_suspend,
	[SC_TIMER_ACK_EXIT] = sc_timer_ack_exit,
};

int main(unsigned long scenario)
{
	GUEST_ASSERT(scenario < SC_NR && scenarios[scenario]);
	GUEST_ASSERT(!scenarios[scenario]());
	GUEST_DONE();
}
