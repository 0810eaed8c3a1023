// SPDX-License-Identifier: GPL-2.0
/*
 * Guest of selftests/pmu_counters.c: one scenario per run, chosen by x0
 * (pmu_counters.h). It programs the PMU as a bare-metal driver would and
 * reports through ucalls (guest/ucall.h).
 */
#include <linux/types.h>

#include "guest/ucall.h"
#include "pmu_counters.h"

#define sysreg_read(r) ({ __u64 __v;					\
	asm volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define sysreg_write(r, v) ({						\
	asm volatile("msr " #r ", %0" : : "r"((__u64)(v)) : "memory"); })

static inline void isb(void)
{
	asm volatile("isb" ::: "memory");
}

#define PMCR_E		BIT(0)
#define PMCR_P		BIT(1)
#define PMCR_C		BIT(2)
#define PMCR_LC		BIT(6)
#define PMCR_N(v)	(((v) >> 11) & 0x1f)
#define CYCLE_BIT	BIT(31)
#define EV_SW_INCR	0x00
#define EV_CPU_CYCLES	0x11
#define EV_CHAIN	0x1e

#define PMU_PPI		23
#define GICD_BASE	BOARD_GICD_BASE
#define SGI_BASE	(BOARD_GICR_BASE + 0x10000)
#define GICR_WAKER	(BOARD_GICR_BASE + 0x14)

static unsigned int undefs, pmu_irqs;
static __u64 nr_counters;	/* PMCR_EL0.N, as the host expects it */
static __u64 ovs_in_handler;

/* Where an EL0 function's SVC returns to, at EL1h: set by el0_call(). */
static __u64 el0_return;

/*
 * Runs @fn at EL0 (MMU off, no stack) until its SVC, then returns what
 * it left in x0. Every other register is what EL0 found: the exception
 * frame brings back EL0's, which @fn does not change.
 */
static __u64 el0_call(void (*fn)(void))
{
	register __u64 x0 asm("x0") = (__u64)fn;

	asm volatile("adr	x1, 1f\n\t"
		     "str	x1, [%1]\n\t"
		     "msr	elr_el1, x0\n\t"
		     "mov	x1, #0x3c0\n\t"	/* EL0t, DAIF masked */
		     "msr	spsr_el1, x1\n\t"
		     "eret\n"
		     "1:"
		     : "+r"(x0) : "r"(&el0_return) : "x1", "memory");
	return x0;
}

/* One PMU access each, at EL0, then back through the SVC. */
#define EL0_FN(name, insns)						\
static void name(void)							\
{									\
	asm volatile(insns "\n\tsvc	#0" ::: "x0", "memory");	\
}

EL0_FN(el0_pmcr, "mrs	x0, pmcr_el0")
EL0_FN(el0_ccntr, "mrs	x0, pmccntr_el0")
EL0_FN(el0_evcntr, "mrs	x0, pmevcntr0_el0")
EL0_FN(el0_swinc, "mov	x0, #1\n\tmsr	pmswinc_el0, x0")
EL0_FN(el0_userenr_r, "mrs	x0, pmuserenr_el0")
EL0_FN(el0_userenr_w, "msr	pmuserenr_el0, xzr")

#define ESR_EC(esr)	((esr) >> 26)
#define EC_SVC64	0x15

static bool exc_hook(unsigned int kind, struct guest_frame *f)
{
	__u64 iar;

	if (kind == GUEST_VEC_SYNC && ESR_EC(f->esr) == 0) {
		undefs++;
		f->elr += 4;
		return true;
	}
	/* The EL0 function is done: back to el0_call() at EL1h. */
	if (kind == GUEST_VEC_SYNC && ESR_EC(f->esr) == EC_SVC64) {
		f->elr = el0_return;
		f->spsr = 0x3c5;
		return true;
	}
	if (kind != GUEST_VEC_IRQ)
		return false;
	iar = sysreg_read(s3_0_c12_c12_0);		/* ICC_IAR1_EL1 */
	if ((iar & 0xffffff) == PMU_PPI) {
		pmu_irqs++;
		ovs_in_handler = sysreg_read(pmovsset_el0);
		/* Like a driver: clear the overflow, so the line drops. */
		sysreg_write(pmovsclr_el0, ovs_in_handler);
		isb();
	}
	sysreg_write(s3_0_c12_c12_1, iar);		/* ICC_EOIR1_EL1 */
	return true;
}

static __u64 now(void)
{
	isb();
	return sysreg_read(cntvct_el0);
}

static void spin(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		asm volatile("" ::: "memory");
}

/* PMU_LOOP_INSNS instructions an iteration, whatever the compiler; @n > 0. */
static void spin_insns(__u64 n)
{
	asm volatile("1:	subs	%0, %0, #1\n\t"
		     "b.ne	1b" : "+r"(n) : : "cc");
}

static int sc_no_pmu(void)
{
	__u64 v;

	guest_set_exception_hook(exc_hook);
	GUEST_ASSERT(((sysreg_read(id_aa64dfr0_el1) >> 8) & 0xf) == 0);
	v = sysreg_read(pmcr_el0);
	sysreg_write(pmcntenset_el0, CYCLE_BIT);
	v += sysreg_read(pmccntr_el0);
	sysreg_write(pmintenset_el1, 1);
	GUEST_ASSERT(undefs == 4);
	return (int)(v & 0);
}

static int sc_id(void)
{
	__u64 pmcr = sysreg_read(pmcr_el0);
	__u64 ver = (sysreg_read(id_aa64dfr0_el1) >> 8) & 0xf;

	GUEST_ASSERT(ver >= 1 && ver <= 5);
	GUEST_ASSERT(PMCR_N(pmcr) == nr_counters);
	GUEST_ASSERT((pmcr & (PMCR_LC | PMCR_E)) == PMCR_LC);
	/* P and C read as zero; the other writable bits stick. */
	sysreg_write(pmcr_el0, PMCR_P | PMCR_C | BIT(3));
	GUEST_ASSERT((sysreg_read(pmcr_el0) & 0xff) == (PMCR_LC | BIT(3)));
	sysreg_write(pmselr_el0, 0x3f);
	GUEST_ASSERT(sysreg_read(pmselr_el0) == 0x1f);
	/* PMCCFILTR_EL0 keeps P, U and NSH, and no event number. */
	sysreg_write(pmccfiltr_el0, ~0UL);
	GUEST_ASSERT(sysreg_read(pmccfiltr_el0) == 0xc8000000);
	sysreg_write(pmccfiltr_el0, 0);
	GUEST_SYNC(SYNC_PMCEID0);
	GUEST_SYNC(sysreg_read(pmceid0_el0));
	return 0;
}

/*
 * The cycle counter, CPU_CYCLES and INST_RETIRED across a loop. The host
 * judges the instruction count: whether it must count is the boot's to say.
 */
static int sc_count(void)
{
	__u64 cyc, ev0, inst, again, loops = PMU_COUNT_LOOPS;

	GUEST_ASSERT(nr_counters >= 2);
	sysreg_write(pmccfiltr_el0, 0);
	sysreg_write(pmevtyper0_el0, EV_CPU_CYCLES);
	sysreg_write(pmevtyper1_el0, EV_INST_RETIRED);
	sysreg_write(pmcntenset_el0, CYCLE_BIT | 3);
	sysreg_write(pmcr_el0, PMCR_E | PMCR_P | PMCR_C);
	isb();
	spin_insns(loops);
	sysreg_write(pmcr_el0, 0);
	isb();
	cyc = sysreg_read(pmccntr_el0);
	ev0 = sysreg_read(pmevcntr0_el0);
	inst = sysreg_read(pmevcntr1_el0);
	GUEST_ASSERT(cyc > loops);
	GUEST_ASSERT(ev0 > loops);
	GUEST_SYNC(SYNC_INST);
	GUEST_SYNC(sysreg_read(pmceid0_el0));
	GUEST_SYNC(inst);
	GUEST_SYNC(ev0);
	/* Stopped: no more counting. */
	spin(loops);
	again = sysreg_read(pmccntr_el0);
	GUEST_ASSERT(again == cyc);
	/* PMXEVCNTR_EL0 is the selected counter; P resets event counters. */
	sysreg_write(pmselr_el0, 0);
	isb();
	GUEST_ASSERT(sysreg_read(pmxevcntr_el0) == ev0);
	sysreg_write(pmcr_el0, PMCR_P);
	GUEST_ASSERT(sysreg_read(pmevcntr0_el0) == 0);
	GUEST_ASSERT(sysreg_read(pmccntr_el0) == cyc);
	sysreg_write(pmcr_el0, PMCR_C);
	GUEST_ASSERT(sysreg_read(pmccntr_el0) == 0);
	/* A counter the PMU does not have UNDEFs. */
	guest_set_exception_hook(exc_hook);
	if (nr_counters < 31) {
		sysreg_write(pmselr_el0, nr_counters);
		isb();
		(void)sysreg_read(pmxevcntr_el0);
		GUEST_ASSERT(undefs == 1);
	}
	return 0;
}

/* PMSWINC_EL0 into a 32-bit wrap, chained into the odd counter. */
static int sc_swinc_chain(void)
{
	sysreg_write(pmevtyper0_el0, EV_SW_INCR);
	sysreg_write(pmevtyper1_el0, EV_CHAIN);
	sysreg_write(pmevcntr0_el0, 0xfffffffe);
	sysreg_write(pmevcntr1_el0, 5);
	sysreg_write(pmovsclr_el0, ~0UL);
	sysreg_write(pmcntenset_el0, 3);
	sysreg_write(pmcr_el0, PMCR_E);
	sysreg_write(pmswinc_el0, 1);
	GUEST_ASSERT(sysreg_read(pmevcntr0_el0) == 0xffffffff);
	GUEST_ASSERT(sysreg_read(pmovsset_el0) == 0);
	sysreg_write(pmswinc_el0, 1);
	GUEST_ASSERT(sysreg_read(pmevcntr0_el0) == 0);
	GUEST_ASSERT(sysreg_read(pmevcntr1_el0) == 6);
	GUEST_ASSERT(sysreg_read(pmovsset_el0) == 1);
	/* Disabled, it does not count. */
	sysreg_write(pmcntenclr_el0, 1);
	sysreg_write(pmswinc_el0, 1);
	GUEST_ASSERT(sysreg_read(pmevcntr0_el0) == 0);
	return 0;
}

/* A CPU_CYCLES counter near its wrap raises PPI 23. */
static int sc_overflow(void)
{
	__u64 limit;

	guest_set_exception_hook(exc_hook);
	mmio_write32(GICD_BASE, 2);			/* EnableGrp1 */
	mmio_write32(GICR_WAKER, 0);
	mmio_write32(SGI_BASE + 0x80, ~0U);		/* IGROUPR0 */
	mmio_write32(SGI_BASE + 0x400 + PMU_PPI / 4 * 4, 0xa0a0a0a0);
	mmio_write32(SGI_BASE + 0x100, BIT(PMU_PPI));	/* ISENABLER0 */
	sysreg_write(s3_0_c4_c6_0, 0xff);		/* ICC_PMR_EL1 */
	sysreg_write(s3_0_c12_c12_7, 1);		/* ICC_IGRPEN1_EL1 */
	isb();

	sysreg_write(pmevtyper0_el0, EV_CPU_CYCLES);
	sysreg_write(pmevcntr0_el0, 0xffffffffUL - 200000);
	sysreg_write(pmovsclr_el0, ~0UL);
	sysreg_write(pmintenset_el1, 1);
	GUEST_ASSERT(sysreg_read(pmintenset_el1) == 1);
	sysreg_write(pmcntenset_el0, 1);
	sysreg_write(pmcr_el0, PMCR_E);
	asm volatile("msr daifclr, #2" ::: "memory");
	limit = now() + sysreg_read(cntfrq_el0) * 10;
	while (!READ_ONCE(pmu_irqs))
		GUEST_ASSERT(now() < limit);
	/* One interrupt: clearing the overflow lowered the line. */
	spin(100000);
	GUEST_ASSERT(READ_ONCE(pmu_irqs) == 1);
	GUEST_ASSERT(ovs_in_handler == 1);
	GUEST_ASSERT(sysreg_read(pmevcntr0_el0) < 0x80000000UL);
	sysreg_write(pmcr_el0, 0);
	return 0;
}

/* What the host set through ONE_REG, and a value back to it. */
static int sc_one_reg(void)
{
	GUEST_ASSERT(sysreg_read(pmevcntr0_el0) == PMU_ONE_REG_VALUE);
	GUEST_ASSERT(sysreg_read(pmevtyper0_el0) == EV_CPU_CYCLES);
	GUEST_ASSERT(sysreg_read(pmuserenr_el0) == 0xd);
	sysreg_write(pmevcntr1_el0, PMU_GUEST_VALUE);
	sysreg_write(pmintenset_el1, 2);
	return 0;
}

/* Did the EL0 access UNDEF? */
static bool el0_undefs(void (*fn)(void))
{
	unsigned int before = undefs;

	el0_call(fn);
	return undefs != before;
}

/* KVM's pmu_access_*_el0_disabled(): PMUSERENR_EL0 opens EL0's access. */
static int sc_el0(void)
{
	static const struct {
		__u64 userenr;
		bool pmcr, ccntr, evcntr, swinc;
	} cases[] = {
		{ 0,   true,  true,  true,  true },
		{ 0x1, false, false, false, false },	/* EN: all of them */
		{ 0x2, true,  true,  true,  false },	/* SW: PMSWINC only */
		{ 0x4, true,  false, true,  true },	/* CR: PMCCNTR only */
		{ 0x8, true,  true,  false, true },	/* ER: event counters */
	};
	unsigned int i;

	guest_set_exception_hook(exc_hook);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		sysreg_write(pmuserenr_el0, cases[i].userenr);
		isb();
		GUEST_ASSERT(el0_undefs(el0_pmcr) == cases[i].pmcr);
		GUEST_ASSERT(el0_undefs(el0_ccntr) == cases[i].ccntr);
		GUEST_ASSERT(el0_undefs(el0_evcntr) == cases[i].evcntr);
		GUEST_ASSERT(el0_undefs(el0_swinc) == cases[i].swinc);
		/* EL0 reads PMUSERENR_EL0, and never writes it. */
		GUEST_ASSERT(el0_call(el0_userenr_r) == cases[i].userenr);
		GUEST_ASSERT(el0_undefs(el0_userenr_w));
	}
	return 0;
}

/* xorshift64: the same sequence on every run. */
static __u64 rnd(__u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Random values into every writable PMU register, counters enabled,
 * the overflow interrupt masked by PSTATE.I: whatever the guest asks,
 * the host stays clean (the rig reads its log) and the guest only ever
 * sees UNDEF for a counter it does not have.
 */
static int sc_hammer(void)
{
	__u64 s = 0x9e3779b97f4a7c15ULL, v;
	unsigned int i;

	guest_set_exception_hook(exc_hook);
	for (i = 0; i < 400; i++) {
		v = rnd(&s);
		sysreg_write(pmselr_el0, v);
		isb();
		sysreg_write(pmxevtyper_el0, rnd(&s));
		sysreg_write(pmxevcntr_el0, rnd(&s));
		sysreg_write(pmccfiltr_el0, rnd(&s));
		sysreg_write(pmccntr_el0, rnd(&s));
		sysreg_write(pmcntenset_el0, rnd(&s));
		sysreg_write(pmcntenclr_el0, rnd(&s) & rnd(&s));
		sysreg_write(pmintenset_el1, rnd(&s));
		sysreg_write(pmovsset_el0, rnd(&s));
		sysreg_write(pmovsclr_el0, rnd(&s));
		sysreg_write(pmswinc_el0, rnd(&s));
		sysreg_write(pmuserenr_el0, rnd(&s));
		sysreg_write(pmcr_el0, rnd(&s) | PMCR_E);
		spin(v & 0x3ff);
	}
	sysreg_write(pmcr_el0, 0);
	GUEST_ASSERT(undefs > 0);
	return 0;
}

static int (*const scenarios[SC_NR])(void) = {
	[SC_NO_PMU] = sc_no_pmu,
	[SC_ID] = sc_id,
	[SC_COUNT] = sc_count,
	[SC_SWINC_CHAIN] = sc_swinc_chain,
	[SC_OVERFLOW] = sc_overflow,
	[SC_ONE_REG] = sc_one_reg,
	[SC_EL0] = sc_el0,
	[SC_HAMMER] = sc_hammer,
};

int main(unsigned long arg)
{
	unsigned long sc = arg & 0xff;

	GUEST_ASSERT(sc < SC_NR && scenarios[sc]);
	nr_counters = arg >> PMU_ARG_N_SHIFT;
	GUEST_ASSERT(!scenarios[sc]());
	GUEST_DONE();
}
