// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's PMUv3 (ARMVCPU_VM_PMU), as KVM's pmu-emul.c gives one.
 *
 * Every PMU register traps (MDCR_EL2.TPM, TPMCR) and is emulated here.
 * Each enabled guest counter is a host perf event of the host's PMUv3,
 * bound to the task that runs the vCPU: the host's perf core schedules it
 * with that task, so a guest only ever counts its own vCPU thread, never
 * another task or CPU. A counter's value is what its event counted plus a
 * base kept here; an event is created again whenever the guest changes
 * what it counts or its value. The cycle counter counts CPU_CYCLES with a
 * 64-bit event; a CHAIN counter and a SW_INCR counter have no event: the
 * even counter's overflow and PMSWINC_EL0 increment them here.
 *
 * nVHE has no hook to switch events between host and guest at EL2 (KVM's
 * kvm_pmu_events, which exclude_host needs): the events count at EL0 and
 * EL1 (as the guest's P and U filter bits ask) whatever runs there on the
 * vCPU thread. They are paused while ARMVCPU_RUN is not running, so the
 * VMM's own work is not counted; what armvcpu does in the kernel between
 * two entries of one RUN is (Documentation/exits.rst says how much).
 *
 * An overflow runs the perf handler in IRQ or NMI context on the vCPU's
 * CPU: it only sets the PMOVSSET_EL0 bit and queues an irq_work that kicks
 * the vCPU; the next entry computes the level of PPI 23 (armvcpu_pmu_flush).
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/bitfield.h>
#include <linux/irq_work.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/cpufeature.h>
#include <asm/sysreg.h>

#include "armvcpu.h"
#include "pmu.h"
#include "vgic/vgic.h"

#define PMU_NR_COUNTERS		32
#define PMU_CYCLE_IDX		31

#define PMCR_E			BIT_ULL(0)
#define PMCR_P			BIT_ULL(1)
#define PMCR_C			BIT_ULL(2)
#define PMCR_LC			BIT_ULL(6)
#define PMCR_N			GENMASK_ULL(15, 11)
/* E, P, C, D, X, DP, LC; LP needs PMUv3p5, which the guest is not shown. */
#define PMCR_WRITABLE		GENMASK_ULL(6, 0)

#define USERENR_EN		BIT(0)
#define USERENR_SW		BIT(1)
#define USERENR_CR		BIT(2)
#define USERENR_ER		BIT(3)
#define USERENR_MASK		GENMASK(3, 0)

/* PMEVTYPER<n>_EL0: P (not EL1), U (not EL0), NSH, the event number. */
#define EVTYPER_P		BIT_ULL(31)
#define EVTYPER_U		BIT_ULL(30)
#define EVTYPER_FILTERS		(EVTYPER_P | EVTYPER_U | BIT_ULL(27))

#define PMSELR_SEL		GENMASK_ULL(4, 0)

/* Fields of a sys_reg() encoding. */
#define PMU_ENC_CRM(enc)	(((enc) >> 8) & 15)
#define PMU_ENC_OP2(enc)	(((enc) >> 5) & 7)

#define EV_SW_INCR		0x00
#define EV_CPU_CYCLES		0x11
#define EV_CHAIN		0x1e
#define EV_STALL_SLOT		0x3f

/* ID_AA64DFR0_EL1.PMUVer, by bit position (the kernel's name is CamelCase). */
#define DFR0_PMUVER		GENMASK_ULL(11, 8)
#define PMUVER_V3		1
#define PMUVER_V3P4		5
#define PMUVER_IMP_DEF		0xf

/* The arm PMU driver's config1 flag for a 64-bit counter. */
#define PMU_CFG1_64BIT		BIT_ULL(0)

/* The host's PMUv3, found once as KVM finds it. */
struct armvcpu_pmu_host {
	u32 type;		/* perf type; 0 until found */
	u32 nr;			/* PMCR_EL0.N */
	u32 pmuver;		/* what the guest is shown */
	u32 event_mask;
};

static struct armvcpu_pmu_host pmu_host;
static DEFINE_MUTEX(pmu_host_lock);

/* What the overflow handler gets: its counter. */
struct armvcpu_pmc {
	struct armvcpu_pmu *pmu;
	u32 idx;
};

struct armvcpu_pmu {
	struct armvcpu_vcpu *vcpu;
	struct perf_event *event[PMU_NR_COUNTERS];
	struct armvcpu_pmc pmc[PMU_NR_COUNTERS];
	/* The value, less what event[] has counted. */
	u64 counter[PMU_NR_COUNTERS];
	/* PMEVTYPER<n>_EL0; [PMU_CYCLE_IDX] is PMCCFILTR_EL0. */
	u64 evtyper[PMU_NR_COUNTERS];
	u64 pmcr;
	u64 cntenset;
	u64 intenset;
	u64 userenr;
	u64 selr;
	/* PMOVSSET_EL0: the overflow handler sets bits, atomically. */
	unsigned long ovs;
	/* Even counters that overflowed: their CHAIN neighbour counts it. */
	unsigned long chain;
	/* The task the events count, and whether they must be made anew. */
	struct task_struct *owner;
	bool reload;
	bool line;		/* PPI 23 as the vGIC last saw it */
	u64 host_userenr;
	struct irq_work kick;
};

static int pmu_host_probe(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_RAW,
		.size = sizeof(attr),
		.pinned = 1,
		.disabled = 1,
		.exclude_kernel = 1,
		.exclude_hv = 1,
		.config = EV_CPU_CYCLES,
	};
	u64 dfr0 = read_sanitised_ftr_reg(SYS_ID_AA64DFR0_EL1);
	u32 ver = FIELD_GET(DFR0_PMUVER, dfr0);
	struct perf_event *event;
	int ret = 0;

	mutex_lock(&pmu_host_lock);
	if (pmu_host.type)
		goto out;
	if (!ver || ver == PMUVER_IMP_DEF) {
		ret = -ENODEV;
		goto out;
	}
	/* A disabled event that never counts, only to learn the PMU's type. */
	event = perf_event_create_kernel_counter(&attr, -1, current, NULL,
						 NULL);
	if (IS_ERR(event)) {
		ret = -ENODEV;
		goto out;
	}
	pmu_host.nr = FIELD_GET(PMCR_N, read_sysreg(pmcr_el0));
	pmu_host.pmuver = min_t(u32, ver, PMUVER_V3P4);
	pmu_host.event_mask = ver == PMUVER_V3 ? GENMASK(9, 0) :
						 GENMASK(15, 0);
	pmu_host.type = event->pmu->type;
	perf_event_release_kernel(event);
out:
	mutex_unlock(&pmu_host_lock);
	return ret;
}

long armvcpu_pmu_nr_counters(void)
{
	return pmu_host_probe() ? 0 : pmu_host.nr;
}

int armvcpu_pmu_vm_check(u32 flags)
{
	if (!(flags & ARMVCPU_VM_PMU))
		return 0;
	/* Its interrupt needs somewhere to go. */
	if (!(flags & ARMVCPU_VM_VGIC))
		return -EINVAL;
	if (pmu_host_probe()) {
		pr_info_ratelimited("no usable PMUv3 on this host: no guest PMU\n");
		return -ENODEV;
	}
	return 0;
}

static u64 pmu_valid_mask(void)
{
	u64 n = pmu_host.nr;

	return (n ? GENMASK_ULL(n - 1, 0) : 0) | BIT_ULL(PMU_CYCLE_IDX);
}

static bool pmu_counter_enabled(struct armvcpu_pmu *pmu, u32 idx)
{
	return (pmu->pmcr & PMCR_E) && (pmu->cntenset & BIT_ULL(idx));
}

/* CHAIN counts the overflows of the even counter below it. */
static bool pmu_can_chain(u32 idx)
{
	return !(idx & 1) && idx + 1 < PMU_CYCLE_IDX;
}

static u64 pmu_counter_get(struct armvcpu_pmu *pmu, u32 idx)
{
	u64 val = pmu->counter[idx], enabled, running;

	if (pmu->event[idx])
		val += perf_event_read_value(pmu->event[idx], &enabled,
					     &running);
	/* The cycle counter is 64 bits wide, the others 32. */
	return idx == PMU_CYCLE_IDX ? val : lower_32_bits(val);
}

/*
 * Events until the counter overflows: at 2^64 for the cycle counter
 * (PMCR_EL0.LC is RES1 without AArch32), 2^32 for the others.
 */
static u64 pmu_period(u32 idx, u64 value)
{
	u64 p = -value;

	if (idx != PMU_CYCLE_IDX)
		p = lower_32_bits(p);
	if (p)
		return p;
	return idx == PMU_CYCLE_IDX ? U64_MAX : BIT_ULL(32);
}

/* Increment every enabled @mask counter that counts @event (no perf event). */
static void pmu_counter_increment(struct armvcpu_pmu *pmu, unsigned long mask,
				  u64 event)
{
	u32 i;

	if (!(pmu->pmcr & PMCR_E))
		return;
	mask &= pmu->cntenset;
	for_each_set_bit(i, &mask, PMU_CYCLE_IDX) {
		if ((pmu->evtyper[i] & pmu_host.event_mask) != event)
			continue;
		pmu->counter[i] = lower_32_bits(pmu->counter[i] + 1);
		if (pmu->counter[i])
			continue;
		set_bit(i, &pmu->ovs);
		if (pmu_can_chain(i))
			pmu_counter_increment(pmu, BIT(i + 1), EV_CHAIN);
	}
}

/* Overflows of the perf handler that a CHAIN counter has to see. */
static void pmu_apply_chain(struct armvcpu_pmu *pmu)
{
	unsigned long chain = xchg(&pmu->chain, 0);
	u32 i;

	for_each_set_bit(i, &chain, PMU_CYCLE_IDX)
		pmu_counter_increment(pmu, BIT(i + 1), EV_CHAIN);
}

/*
 * IRQ or NMI context, on the vCPU's CPU. The sample period starts again
 * from the overflow, so the next one comes at the counter's next wrap.
 */
static void pmu_overflow(struct perf_event *event,
			 struct perf_sample_data *data, struct pt_regs *regs)
{
	struct armvcpu_pmc *pmc = event->overflow_handler_context;
	struct armvcpu_pmu *pmu = pmc->pmu;
	u64 period;

	event->pmu->stop(event, PERF_EF_UPDATE);
	period = pmu_period(pmc->idx, READ_ONCE(pmu->counter[pmc->idx]) +
				      local64_read(&event->count));
	local64_set(&event->hw.period_left, 0);
	event->attr.sample_period = period;
	event->hw.sample_period = period;

	set_bit(pmc->idx, &pmu->ovs);
	if (pmu_can_chain(pmc->idx))
		set_bit(pmc->idx, &pmu->chain);
	irq_work_queue(&pmu->kick);

	event->pmu->start(event, PERF_EF_RELOAD);
}

/*
 * Hard IRQ context, on the CPU the vCPU's thread ran on when its event
 * overflowed: the thread is not in the guest (the overflow interrupt made
 * it exit), so waking a WFI is all the kick has to do; the next entry
 * raises the line.
 */
static void pmu_kick(struct irq_work *work)
{
	struct armvcpu_pmu *pmu = container_of(work, struct armvcpu_pmu, kick);
	struct armvcpu_vcpu *vcpu = pmu->vcpu;
	struct armvcpu_vgic_cpu *c = &vcpu->vm->vgic->cpu[vcpu->id];

	WRITE_ONCE(c->kicked, true);
	wake_up(&c->wq);
}

static void pmu_release(struct armvcpu_pmu *pmu, u32 idx)
{
	if (!pmu->event[idx])
		return;
	perf_event_release_kernel(pmu->event[idx]);
	pmu->event[idx] = NULL;
}

/* Fold what the event counted into the base and let the event go. */
static void pmu_stop(struct armvcpu_pmu *pmu, u32 idx)
{
	if (!pmu->event[idx])
		return;
	pmu->counter[idx] = pmu_counter_get(pmu, idx);
	pmu_release(pmu, idx);
}

static void pmu_stop_all(struct armvcpu_pmu *pmu)
{
	u32 i;

	for (i = 0; i < PMU_NR_COUNTERS; i++)
		pmu_stop(pmu, i);
}

/* A perf event on the current task for counter @idx, which has none. */
static void pmu_create(struct armvcpu_pmu *pmu, u32 idx)
{
	u64 type = pmu->evtyper[idx];
	u64 sel = idx == PMU_CYCLE_IDX ? EV_CPU_CYCLES :
					 type & pmu_host.event_mask;
	struct perf_event_attr attr = {
		.type = pmu_host.type,
		.size = sizeof(attr),
		.pinned = 1,
		.disabled = !pmu_counter_enabled(pmu, idx),
		.exclude_user = !!(type & EVTYPER_U),
		.exclude_kernel = !!(type & EVTYPER_P),
		.exclude_hv = 1,
		.config = sel,
	};
	struct perf_event *event;

	/* Counted here, not by the hardware. */
	if (idx != PMU_CYCLE_IDX && (sel == EV_SW_INCR || sel == EV_CHAIN))
		return;
	if (idx == PMU_CYCLE_IDX)
		attr.config1 = PMU_CFG1_64BIT;
	attr.sample_period = pmu_period(idx, pmu->counter[idx]);
	event = perf_event_create_kernel_counter(&attr, -1, current,
						 pmu_overflow, &pmu->pmc[idx]);
	if (IS_ERR(event)) {
		pr_warn_once("cannot create a perf event for a guest counter: %ld\n",
			     PTR_ERR(event));
		return;
	}
	pmu->event[idx] = event;
	pmu->owner = current;
}

/* After a change of what counter @idx counts or of its value. */
static void pmu_reprogram(struct armvcpu_pmu *pmu, u32 idx)
{
	pmu_stop(pmu, idx);
	if (pmu_counter_enabled(pmu, idx))
		pmu_create(pmu, idx);
}

static void pmu_counter_set(struct armvcpu_pmu *pmu, u32 idx, u64 val)
{
	pmu_stop(pmu, idx);
	pmu->counter[idx] = idx == PMU_CYCLE_IDX ? val : lower_32_bits(val);
	pmu_reprogram(pmu, idx);
}

static void pmu_enable_mask(struct armvcpu_pmu *pmu, unsigned long mask)
{
	u32 i;

	if (!(pmu->pmcr & PMCR_E))
		return;
	for_each_set_bit(i, &mask, PMU_NR_COUNTERS) {
		if (pmu->event[i])
			perf_event_enable(pmu->event[i]);
		else
			pmu_create(pmu, i);
	}
}

static void pmu_disable_mask(struct armvcpu_pmu *pmu, unsigned long mask)
{
	u32 i;

	for_each_set_bit(i, &mask, PMU_NR_COUNTERS)
		if (pmu->event[i])
			perf_event_disable(pmu->event[i]);
}

static u64 pmu_pmcr_reset(void)
{
	/* The host's IMP, IDCODE and N; E clear, LC set (RES1). */
	return (read_sysreg(pmcr_el0) & ~(u64)PMCR_WRITABLE &
		(GENMASK_ULL(31, 16) | PMCR_N)) | PMCR_LC;
}

static void pmu_pmcr_write(struct armvcpu_pmu *pmu, u64 val)
{
	unsigned long rest;
	u32 i;

	/* P and C act; they are not state. */
	pmu->pmcr = (pmu->pmcr & ~PMCR_WRITABLE) |
		    (val & PMCR_WRITABLE & ~(PMCR_P | PMCR_C)) | PMCR_LC;
	if (pmu->pmcr & PMCR_E)
		pmu_enable_mask(pmu, pmu->cntenset);
	else
		pmu_disable_mask(pmu, pmu->cntenset);
	if (val & PMCR_C)
		pmu_counter_set(pmu, PMU_CYCLE_IDX, 0);
	if (val & PMCR_P) {
		rest = pmu_valid_mask() & ~BIT_ULL(PMU_CYCLE_IDX);
		for_each_set_bit(i, &rest, PMU_CYCLE_IDX)
			pmu_counter_set(pmu, i, 0);
	}
}

/* One trapped access. */
struct pmu_access {
	u32 enc;
	bool is_write;
	bool el0;		/* from the guest's EL0 */
	u64 val;
};

static int pmu_rw(u64 *reg, struct pmu_access *a)
{
	if (a->is_write)
		*reg = a->val;
	else
		a->val = *reg;
	return 0;
}

static int pmu_acc_pmcr(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	if (a->is_write)
		pmu_pmcr_write(pmu, a->val);
	else
		a->val = pmu->pmcr;
	return 0;
}

/* PMCNTENSET_EL0 (op2 1), PMCNTENCLR_EL0 (op2 2). */
static int pmu_acc_cnten(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	u64 val = a->val & pmu_valid_mask();

	if (!a->is_write) {
		a->val = pmu->cntenset;
	} else if (PMU_ENC_OP2(a->enc) == 1) {
		pmu->cntenset |= val;
		pmu_enable_mask(pmu, val);
	} else {
		pmu->cntenset &= ~val;
		pmu_disable_mask(pmu, val);
	}
	return 0;
}

/* PMINTENSET_EL1 (op2 1), PMINTENCLR_EL1 (op2 2). */
static int pmu_acc_inten(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	u64 val = a->val & pmu_valid_mask();

	if (!a->is_write)
		a->val = pmu->intenset;
	else if (PMU_ENC_OP2(a->enc) == 1)
		pmu->intenset |= val;
	else
		pmu->intenset &= ~val;
	return 0;
}

/* PMOVSSET_EL0 (CRm 14), PMOVSCLR_EL0 (CRm 12). */
static int pmu_acc_ovs(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	unsigned long val = a->val & pmu_valid_mask();
	u32 i;

	if (!a->is_write) {
		a->val = READ_ONCE(pmu->ovs);
		return 0;
	}
	for_each_set_bit(i, &val, PMU_NR_COUNTERS) {
		if (PMU_ENC_CRM(a->enc) == 14)
			set_bit(i, &pmu->ovs);
		else
			clear_bit(i, &pmu->ovs);
	}
	return 0;
}

static int pmu_acc_swinc(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	if (!a->is_write)
		return -EPERM;
	pmu_counter_increment(pmu, a->val & pmu_valid_mask(), EV_SW_INCR);
	return 0;
}

static int pmu_acc_selr(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	a->val &= PMSELR_SEL;
	return pmu_rw(&pmu->selr, a);
}

/* The events the host counts, as KVM shows them (PMMIR_EL1 is RAZ). */
static int pmu_acc_pmceid(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	if (a->is_write)
		return -EPERM;
	if (PMU_ENC_OP2(a->enc) == 6) {
		a->val = read_sysreg(pmceid0_el0);
	} else {
		a->val = read_sysreg(pmceid1_el0);
		if (pmu_host.pmuver >= PMUVER_V3P4)
			a->val &= ~BIT_ULL(EV_STALL_SLOT - 32);
	}
	return 0;
}

static int pmu_acc_pmmir(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	if (a->is_write)
		return -EPERM;
	a->val = 0;
	return 0;
}

static int pmu_acc_userenr(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	/* EL0 may read it; only EL1 may write it. */
	if (a->is_write && a->el0)
		return -EPERM;
	a->val &= USERENR_MASK;
	return pmu_rw(&pmu->userenr, a);
}

static bool pmu_idx_valid(u32 idx)
{
	return idx == PMU_CYCLE_IDX || idx < pmu_host.nr;
}

static int pmu_counter_rw(struct armvcpu_pmu *pmu, u32 idx,
			  struct pmu_access *a)
{
	if (!pmu_idx_valid(idx))
		return -EPERM;
	if (!a->is_write) {
		a->val = pmu_counter_get(pmu, idx);
		return 0;
	}
	/* Writing a counter from EL0 needs EN, whatever CR or ER say. */
	if (a->el0 && !(pmu->userenr & USERENR_EN))
		return -EPERM;
	pmu_counter_set(pmu, idx, a->val);
	return 0;
}

/* What a type register keeps: PMCCFILTR_EL0 has no event number. */
static u64 pmu_evtyper_mask(u32 idx)
{
	return EVTYPER_FILTERS |
	       (idx == PMU_CYCLE_IDX ? 0 : pmu_host.event_mask);
}

static int pmu_evtyper_rw(struct armvcpu_pmu *pmu, u32 idx,
			  struct pmu_access *a)
{
	if (!pmu_idx_valid(idx))
		return -EPERM;
	if (!a->is_write) {
		a->val = pmu->evtyper[idx];
		return 0;
	}
	pmu->evtyper[idx] = a->val & pmu_evtyper_mask(idx);
	pmu_reprogram(pmu, idx);
	return 0;
}

/* PMEVCNTR<n>_EL0: n from CRm[1:0] and op2; n = 31 does not exist. */
static u32 pmu_enc_idx(u32 enc)
{
	return ((PMU_ENC_CRM(enc) & 3) << 3) | PMU_ENC_OP2(enc);
}

static int pmu_acc_evcntr(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	u32 idx = pmu_enc_idx(a->enc);

	if (idx == PMU_CYCLE_IDX)
		return -EPERM;
	return pmu_counter_rw(pmu, idx, a);
}

static int pmu_acc_ccntr(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	return pmu_counter_rw(pmu, PMU_CYCLE_IDX, a);
}

static int pmu_acc_xevcntr(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	return pmu_counter_rw(pmu, pmu->selr, a);
}

/* PMEVTYPER<n>_EL0, and PMCCFILTR_EL0 as n = 31. */
static int pmu_acc_evtyper(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	return pmu_evtyper_rw(pmu, pmu_enc_idx(a->enc), a);
}

static int pmu_acc_xevtyper(struct armvcpu_pmu *pmu, struct pmu_access *a)
{
	return pmu_evtyper_rw(pmu, pmu->selr, a);
}

/* el0: the PMUSERENR_EL0 bits any of which opens it to EL0, 0: none. */
struct pmu_reg {
	u32 enc;
	u32 last;	/* a range, or 0 */
	u32 el0;
	int (*access)(struct armvcpu_pmu *pmu, struct pmu_access *a);
};

#define PMU_EL0_READ		BIT(31)	/* any EL0 read: PMUSERENR_EL0 */
#define EL0_EN			USERENR_EN
#define EL0_ER			(USERENR_EN | USERENR_ER)

static const struct pmu_reg pmu_regs[] = {
	{ sys_reg(3, 0, 9, 14, 1), sys_reg(3, 0, 9, 14, 2), 0, pmu_acc_inten },
	{ sys_reg(3, 0, 9, 14, 6), 0, 0, pmu_acc_pmmir },
	{ sys_reg(3, 3, 9, 12, 0), 0, EL0_EN, pmu_acc_pmcr },
	{ sys_reg(3, 3, 9, 12, 1), sys_reg(3, 3, 9, 12, 2), EL0_EN,
	  pmu_acc_cnten },
	{ sys_reg(3, 3, 9, 12, 3), 0, EL0_EN, pmu_acc_ovs },
	{ sys_reg(3, 3, 9, 12, 4), 0, USERENR_EN | USERENR_SW, pmu_acc_swinc },
	{ sys_reg(3, 3, 9, 12, 5), 0, EL0_ER, pmu_acc_selr },
	{ sys_reg(3, 3, 9, 12, 6), sys_reg(3, 3, 9, 12, 7), EL0_EN,
	  pmu_acc_pmceid },
	{ sys_reg(3, 3, 9, 13, 0), 0, USERENR_EN | USERENR_CR, pmu_acc_ccntr },
	{ sys_reg(3, 3, 9, 13, 1), 0, EL0_EN, pmu_acc_xevtyper },
	{ sys_reg(3, 3, 9, 13, 2), 0, EL0_ER, pmu_acc_xevcntr },
	{ sys_reg(3, 3, 9, 14, 0), 0, PMU_EL0_READ, pmu_acc_userenr },
	{ sys_reg(3, 3, 9, 14, 3), 0, EL0_EN, pmu_acc_ovs },
	{ sys_reg(3, 3, 14, 8, 0), sys_reg(3, 3, 14, 11, 7), EL0_ER,
	  pmu_acc_evcntr },
	{ sys_reg(3, 3, 14, 12, 0), sys_reg(3, 3, 14, 15, 7), EL0_EN,
	  pmu_acc_evtyper },
};

static const struct pmu_reg *pmu_reg_find(u32 enc)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(pmu_regs); i++)
		if (enc >= pmu_regs[i].enc &&
		    enc <= (pmu_regs[i].last ?: pmu_regs[i].enc))
			return &pmu_regs[i];
	return NULL;
}

/* KVM's check_pmu_access_disabled(): EL1 may, EL0 as PMUSERENR_EL0 says. */
static bool pmu_el0_allowed(struct armvcpu_pmu *pmu, const struct pmu_reg *r,
			    const struct pmu_access *a)
{
	if (!a->el0)
		return true;
	if (r->el0 == PMU_EL0_READ)
		return true;
	return pmu->userenr & r->el0;
}

int armvcpu_pmu_sysreg(struct armvcpu_vcpu *vcpu, u32 enc, bool is_write,
		       u64 *val)
{
	struct armvcpu_pmu *pmu = vcpu->pmu;
	const struct pmu_reg *r = pmu_reg_find(enc);
	struct pmu_access a = {
		.enc = enc,
		.is_write = is_write,
		.el0 = (vcpu->ctx->guest.pstate & PSR_MODE_MASK) ==
		       PSR_MODE_EL0t,
		.val = *val,
	};
	int ret;

	/* Without ARMVCPU_VM_PMU, as without a PMU: UNDEF. */
	if (!pmu || !r || !pmu_el0_allowed(pmu, r, &a))
		return -EPERM;
	pmu_apply_chain(pmu);
	ret = r->access(pmu, &a);
	*val = a.val;
	return ret;
}

/* PMUVer for a PMU VM: the host's, at most PMUv3p4 as KVM says. */
u64 armvcpu_pmu_id_dfr0(struct armvcpu_vcpu *vcpu, u64 dfr0)
{
	if (!vcpu->pmu)
		return dfr0;
	return (dfr0 & ~DFR0_PMUVER) | FIELD_PREP(DFR0_PMUVER, pmu_host.pmuver);
}

/* Level of PPI 23: an enabled interrupt's overflow, with PMCR_EL0.E. */
static bool pmu_level(struct armvcpu_pmu *pmu)
{
	return (pmu->pmcr & PMCR_E) &&
	       (READ_ONCE(pmu->ovs) & pmu->intenset & pmu_valid_mask());
}

/* Before an entry, interrupts off: the line, and EL0's accesses trap. */
void armvcpu_pmu_flush(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_pmu *pmu = vcpu->pmu;
	struct armvcpu_vgic *vgic = vcpu->vm->vgic;
	bool level;

	if (!pmu)
		return;
	pmu_apply_chain(pmu);
	level = pmu_level(pmu);
	if (level != pmu->line) {
		spin_lock(&vgic->lock);
		armvcpu_vgic_irq(vgic, vcpu->id, ARMVCPU_VGIC_PMU_PPI)->line =
			level;
		armvcpu_vgic_update(vgic, vcpu->id, ARMVCPU_VGIC_PMU_PPI);
		spin_unlock(&vgic->lock);
		pmu->line = level;
	}
	/*
	 * With the host's PMUSERENR_EL0 (0), the guest's EL0 would trap to
	 * the guest's EL1 instead of here, whatever the guest's PMUSERENR says.
	 * EN alone lets every EL0 access reach MDCR_EL2.TPM; KVM sets CR, ER
	 * and SW too, but an emulator that skips TPM when they are set (QEMU
	 * 7.2 does) would then let EL0 read the host's own counters.
	 */
	pmu->host_userenr = read_sysreg(pmuserenr_el0);
	write_sysreg(USERENR_EN, pmuserenr_el0);
}

/* After the exit, interrupts still off. */
void armvcpu_pmu_sync(struct armvcpu_vcpu *vcpu)
{
	if (vcpu->pmu)
		write_sysreg(vcpu->pmu->host_userenr, pmuserenr_el0);
}

/*
 * RUN starts: the events count this thread (made anew if another thread
 * ran the vCPU last, or ONE_REG changed the state), enabled as the guest
 * left them.
 */
void armvcpu_pmu_load(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_pmu *pmu = vcpu->pmu;

	if (!pmu)
		return;
	if (pmu->owner != current || pmu->reload) {
		pmu_stop_all(pmu);
		pmu->owner = current;
		pmu->reload = false;
	}
	pmu_enable_mask(pmu, pmu->cntenset);
}

/* RUN returns: what the VMM does until the next RUN is not counted. */
void armvcpu_pmu_put(struct armvcpu_vcpu *vcpu)
{
	if (vcpu->pmu)
		pmu_disable_mask(vcpu->pmu, GENMASK(PMU_NR_COUNTERS - 1, 0));
}

int armvcpu_pmu_vcpu_create(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_pmu *pmu;
	u32 i;

	if (!(vcpu->vm->flags & ARMVCPU_VM_PMU))
		return 0;
	pmu = kzalloc(sizeof(*pmu), GFP_KERNEL_ACCOUNT);
	if (!pmu)
		return -ENOMEM;
	pmu->vcpu = vcpu;
	for (i = 0; i < PMU_NR_COUNTERS; i++) {
		pmu->pmc[i].pmu = pmu;
		pmu->pmc[i].idx = i;
	}
	pmu->pmcr = pmu_pmcr_reset();
	init_irq_work(&pmu->kick, pmu_kick);
	vcpu->pmu = pmu;
	return 0;
}

void armvcpu_pmu_vcpu_destroy(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_pmu *pmu = vcpu->pmu;
	u32 i;

	if (!pmu)
		return;
	for (i = 0; i < PMU_NR_COUNTERS; i++)
		pmu_release(pmu, i);
	irq_work_sync(&pmu->kick);
	kfree(pmu);
	vcpu->pmu = NULL;
}

/* ONE_REG: the fixed registers, then PMEVCNTR<n>, then PMEVTYPER<n>. */
static const u64 pmu_one_regs[] = {
	ARMVCPU_REG_PMCR_EL0, ARMVCPU_REG_PMCNTENSET_EL0,
	ARMVCPU_REG_PMOVSSET_EL0, ARMVCPU_REG_PMINTENSET_EL1,
	ARMVCPU_REG_PMUSERENR_EL0, ARMVCPU_REG_PMCCFILTR_EL0,
	ARMVCPU_REG_PMSELR_EL0, ARMVCPU_REG_PMCCNTR_EL0,
};

unsigned int armvcpu_pmu_reg_count(struct armvcpu_vcpu *vcpu)
{
	return vcpu->pmu ? ARRAY_SIZE(pmu_one_regs) + 2 * pmu_host.nr : 0;
}

u64 armvcpu_pmu_reg_id(struct armvcpu_vcpu *vcpu, unsigned int i)
{
	if (i < ARRAY_SIZE(pmu_one_regs))
		return pmu_one_regs[i];
	i -= ARRAY_SIZE(pmu_one_regs);
	if (i < pmu_host.nr)
		return ARMVCPU_REG_PMEVCNTR_EL0(i);
	return ARMVCPU_REG_PMEVTYPER_EL0(i - pmu_host.nr);
}

/* The register of @id, or NULL: one of the PMU VM's listed ids only. */
static const struct pmu_reg *pmu_one_reg_find(struct armvcpu_vcpu *vcpu,
					      u64 id, u32 *enc)
{
	u64 idx = id & ARMVCPU_REG_INDEX_MASK;
	unsigned int i;

	if (!vcpu->pmu || id != ARMVCPU_REG(SYSREG, U64, idx))
		return NULL;
	for (i = 0; i < armvcpu_pmu_reg_count(vcpu); i++)
		if (armvcpu_pmu_reg_id(vcpu, i) == id)
			break;
	if (i == armvcpu_pmu_reg_count(vcpu))
		return NULL;
	*enc = idx << 5;
	return pmu_reg_find(*enc);
}

int armvcpu_pmu_reg_get(struct armvcpu_vcpu *vcpu, u64 id, u64 *val)
{
	struct pmu_access a = { };
	const struct pmu_reg *r = pmu_one_reg_find(vcpu, id, &a.enc);

	if (!r)
		return -ENOENT;
	pmu_apply_chain(vcpu->pmu);
	r->access(vcpu->pmu, &a);
	*val = a.val;
	return 0;
}

/* What SET_ONE_REG accepts for each register, bit by bit. */
static u64 pmu_one_reg_mask(struct armvcpu_pmu *pmu, u64 id)
{
	if (id == ARMVCPU_REG_PMCR_EL0)
		return PMCR_WRITABLE;
	if (id == ARMVCPU_REG_PMUSERENR_EL0)
		return USERENR_MASK;
	if (id == ARMVCPU_REG_PMSELR_EL0)
		return PMSELR_SEL;
	if (id == ARMVCPU_REG_PMCCNTR_EL0)
		return U64_MAX;
	if (id == ARMVCPU_REG_PMCCFILTR_EL0)
		return pmu_evtyper_mask(PMU_CYCLE_IDX);
	if ((id & ARMVCPU_REG_SYS(0, 0, 15, 12, 0)) ==
	    ARMVCPU_REG_SYS(0, 0, 14, 12, 0))
		return pmu_evtyper_mask(0);
	if ((id & ARMVCPU_REG_SYS(0, 0, 15, 12, 0)) ==
	    ARMVCPU_REG_SYS(0, 0, 14, 8, 0))
		return U32_MAX;
	/* The counter bitmaps. */
	return pmu_valid_mask();
}

/*
 * Restored state, checked bit by bit (EINVAL for what the guest could not
 * have written, a PMCR_EL0 of another N among it). The events are made
 * again on the vCPU's thread at the next RUN.
 */
int armvcpu_pmu_reg_set(struct armvcpu_vcpu *vcpu, u64 id, u64 val)
{
	struct armvcpu_pmu *pmu = vcpu->pmu;
	struct pmu_access a = { .is_write = true, .val = val };
	const struct pmu_reg *r = pmu_one_reg_find(vcpu, id, &a.enc);
	u64 mask;

	if (!r)
		return -ENOENT;
	mask = pmu_one_reg_mask(pmu, id);
	/* PMCR_EL0: its read-only fields (N among them) must be ours. */
	if (id == ARMVCPU_REG_PMCR_EL0 ?
	    (val & ~mask) != (pmu->pmcr & ~mask) : (val & ~mask))
		return -EINVAL;
	pmu_stop_all(pmu);
	/* The plain stores of the trapped accesses, without their acts. */
	if (id == ARMVCPU_REG_PMCR_EL0)
		pmu->pmcr = (val & ~(PMCR_P | PMCR_C)) | PMCR_LC;
	else if (id == ARMVCPU_REG_PMCNTENSET_EL0)
		pmu->cntenset = val;
	else if (id == ARMVCPU_REG_PMINTENSET_EL1)
		pmu->intenset = val;
	else if (id == ARMVCPU_REG_PMOVSSET_EL0)
		WRITE_ONCE(pmu->ovs, val);
	else
		r->access(pmu, &a);
	/* A counter or type store may have made an event on this thread. */
	pmu_stop_all(pmu);
	pmu->reload = true;
	return 0;
}
