// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt state of a VM with an in-kernel GICv3, and its delivery
 * through the list registers of the hardware's virtual CPU interface.
 *
 * Every interrupt's state (enable, priority, group, trigger, line level,
 * latched pending, active, SPI route) lives in struct armvcpu_vgic under
 * one spinlock. Just before each entry, armvcpu_vgic_flush() picks what
 * the vCPU should see (pending and enabled in an enabled group, or
 * active) and writes one list register per interrupt; the hardware then
 * does what a GIC CPU interface does (priority, PMR, acknowledge, EOI,
 * preemption) without any exit. After the exit, armvcpu_vgic_sync() reads
 * the list registers back: what the guest acknowledged or completed shows
 * in their state.
 *
 * Other threads (another vCPU's SGI, the VMM's ARMVCPU_IRQ_LINE, the
 * distributor emulation) change the state under the lock, then kick the
 * target: wake it if it sleeps in WFI, IPI its CPU if it is in the guest
 * (the IPI makes it exit, and the next entry flushes the new state). A
 * flush publishes running_on before taking the lock and a kick reads it
 * after dropping the lock, both with a full barrier in between, so either
 * the flush sees the new state or the kick sees the vCPU in the guest.
 */
#include <linux/hrtimer.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/mm.h>
#include <asm/esr.h>
#include <asm/sysreg.h>

#include "el2/cpu_caps.h"
#include "vgic/vgic.h"
#include "emulate.h"
#include "trace.h"

/* ICH_LR<n>_EL2 fields (GICv3 architecture, 8.4.6). */
#define LR_STATE_PENDING	BIT_ULL(62)
#define LR_STATE_ACTIVE		BIT_ULL(63)
#define LR_GROUP1		BIT_ULL(60)
#define LR_PRIO_SHIFT		48
#define LR_EOI			BIT_ULL(41)	/* maintenance IRQ on EOI */
/* ICH_HCR_EL2 */
#define ICH_EN			BIT_ULL(0)
#define ICH_UIE			BIT_ULL(1)	/* maintenance: LRs (almost) empty */
#define ICH_TALL0		BIT_ULL(11)	/* trap group 0 registers */
#define ICH_TALL1		BIT_ULL(12)	/* trap group 1 registers */
#define ICH_TC			BIT_ULL(10)	/* trap CTLR, DIR, PMR, RPR */
/*
 * A VM without the in-kernel GIC: HCR_EL2.IMO/FMO still send its ICC_*
 * accesses to the virtual CPU interface, whose state (ICH_VMCR_EL2, the
 * active priorities) is whatever the last VM with a GIC left on this CPU.
 * These traps turn every one of them into a SYSREG exit instead, with the
 * interface itself off (En = 0): the traps do not depend on En.
 */
#define ICH_NO_VGIC		(ICH_TALL0 | ICH_TALL1 | ICH_TC)
/* GICD_CTLR group enables (DS = 1: one security state). */
#define CTLR_ENABLE_G0		BIT(0)
#define CTLR_ENABLE_G1		BIT(1)
/* ICC_SGI*R_EL1 fields */
#define SGIR_TARGETS		GENMASK_ULL(15, 0)
#define SGIR_AFF1		GENMASK_ULL(23, 16)
#define SGIR_INTID		GENMASK_ULL(27, 24)
#define SGIR_AFF2		GENMASK_ULL(39, 32)
#define SGIR_IRM		BIT_ULL(40)
#define SGIR_RS			GENMASK_ULL(47, 44)
#define SGIR_AFF3		GENMASK_ULL(55, 48)

static struct armvcpu_vgic_cpu *vgic_cpu(struct armvcpu_vcpu *vcpu)
{
	return &vcpu->vm->vgic->cpu[vcpu->id];
}

bool armvcpu_vgic_irq_pending(const struct armvcpu_vgic_irq *irq)
{
	return irq->latch || (!irq->edge && irq->line);
}

bool armvcpu_vgic_vcpu_exists(struct armvcpu_vm *vm, u32 id)
{
	/* Only compared, never dereferenced: no lock needed. */
	return id < ARMVCPU_MAX_VCPUS && READ_ONCE(vm->vcpus[id]);
}

/*
 * The vCPU an SPI is routed to, or -1. IRM (1 of N) picks the first vCPU:
 * armvcpu does not balance, which the architecture allows.
 */
static int vgic_spi_target(struct armvcpu_vm *vm,
			   const struct armvcpu_vgic_irq *irq)
{
	u64 r = irq->irouter;
	u32 aff0 = r & 0xff, id;

	if (r & BIT_ULL(31)) {
		for (id = 0; id < ARMVCPU_MAX_VCPUS; id++)
			if (armvcpu_vgic_vcpu_exists(vm, id))
				return id;
		return -1;
	}
	/* vcpu.c's MPIDR: Aff0 = id[3:0], Aff1 = id[11:4], Aff2 = id[19:12]. */
	if (aff0 > 15 || (r >> 32) & 0xff)
		return -1;
	id = aff0 | (((r >> 8) & 0xff) << 4) | (((r >> 16) & 0xff) << 12);
	return armvcpu_vgic_vcpu_exists(vm, id) ? id : -1;
}

static void vgic_ipi_nop(void *info)
{
}

void armvcpu_vgic_kick(struct armvcpu_vm *vm, u32 id)
{
	struct armvcpu_vgic_cpu *c = &vm->vgic->cpu[id];
	int cpu;

	WRITE_ONCE(c->kicked, true);
	wake_up(&c->wq);
	/* Pairs with the barrier in armvcpu_vgic_flush(); see the file's top. */
	smp_mb();
	cpu = READ_ONCE(c->running_on);
	if (cpu >= 0 && cpu != raw_smp_processor_id())
		smp_call_function_single(cpu, vgic_ipi_nop, NULL, 0);
}

void armvcpu_vgic_kick_all(struct armvcpu_vm *vm, u32 except)
{
	u32 id;

	for (id = 0; id < ARMVCPU_MAX_VCPUS; id++)
		if (id != except && armvcpu_vgic_vcpu_exists(vm, id))
			armvcpu_vgic_kick(vm, id);
}

/* Would this interrupt be signalled to its vCPU if nothing masked it? */
static bool vgic_deliverable(struct armvcpu_vgic *vgic,
			     const struct armvcpu_vgic_irq *irq)
{
	u32 grp = irq->group1 ? CTLR_ENABLE_G1 : CTLR_ENABLE_G0;

	return irq->enabled && (vgic->ctlr & grp) &&
	       armvcpu_vgic_irq_pending(irq);
}

struct vgic_cand {
	struct armvcpu_vgic_irq *irq;
	u32 intid;
};

/* Active ones first (an active interrupt must stay visible), then priority. */
static bool vgic_before(const struct vgic_cand *a, const struct vgic_cand *b)
{
	if (a->irq->active != b->irq->active)
		return a->irq->active;
	return a->irq->priority < b->irq->priority;
}

static void vgic_consider(struct vgic_cand *cand, u32 *n, u32 max,
			  struct armvcpu_vgic *vgic,
			  struct armvcpu_vgic_irq *irq, u32 intid,
			  bool *overflow)
{
	struct vgic_cand c = { irq, intid };
	u32 i;

	if (irq->in_lr || !(irq->active || vgic_deliverable(vgic, irq)))
		return;
	if (*n == max) {
		*overflow = true;
		if (!vgic_before(&c, &cand[max - 1]))
			return;
		(*n)--;
	}
	/* Insertion sort: max is the number of list registers, 4 on QEMU. */
	for (i = *n; i > 0 && vgic_before(&c, &cand[i - 1]); i--)
		cand[i] = cand[i - 1];
	cand[i] = c;
	(*n)++;
}

/*
 * Should the list register say pending? Not for a level interrupt that
 * is active: its line was sampled at the last exit, and the guest's
 * handler is what lowers it (masking the timer, quietening the device),
 * without an exit. Pending and active, the list register would become
 * pending at the guest's deactivation from that old sample, and the
 * guest would take one assertion twice. Left active only, the interrupt
 * is offered again after the deactivation's exit (LR_EOI) if its line is
 * still high or it is still latched, as a level interrupt should be.
 */
static bool vgic_lr_pending(const struct armvcpu_vgic_irq *irq)
{
	return armvcpu_vgic_irq_pending(irq) && (irq->edge || !irq->active);
}

#define VGIC_VTR_LISTREGS	GENMASK_ULL(4, 0)

/*
 * Picks what the vCPU should see from its live interrupts and writes one
 * list register per interrupt, best first; returns how many. Lock held.
 */
static noinline u32 vgic_fill(struct armvcpu_vcpu *vcpu, bool *overflow)
{
	struct armvcpu_vgic *vgic = vcpu->vm->vgic;
	struct armvcpu_vgic_cpu *c = vgic_cpu(vcpu);
	struct vgic_cand cand[VGIC_MAX_LRS];
	struct armvcpu_vgic_regs *v = &vcpu->ctx->vgic;
	u32 i, n = 0, max;
	int id = vcpu->id;

	/*
	 * ICH_VTR_EL2 is only readable at EL2, which saves it on each exit.
	 * Before the first exit one list register is used (every GICv3 has
	 * it); more waiting sets UIE, so that first exit comes soon.
	 */
	max = c->nr_hw_lrs ?: 1;
	for_each_set_bit(i, c->live, VGIC_NR_PRIVATE)
		vgic_consider(cand, &n, max, vgic, &c->priv[i], i, overflow);
	for_each_set_bit(i, vgic->live_spi, VGIC_NR_SPIS) {
		struct armvcpu_vgic_irq *irq = &vgic->spi[i];

		if ((irq->active || vgic_deliverable(vgic, irq)) &&
		    vgic_spi_target(vcpu->vm, irq) == id)
			vgic_consider(cand, &n, max, vgic, irq,
				      i + VGIC_NR_PRIVATE, overflow);
	}
	for (i = 0; i < n; i++) {
		struct armvcpu_vgic_irq *irq = cand[i].irq;
		u64 lr = cand[i].intid | LR_GROUP1 * irq->group1 |
			 (u64)irq->priority << LR_PRIO_SHIFT;

		c->lr_latch[i] = false;
		if (vgic_lr_pending(irq)) {
			armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_VGIC_INJECTED);
			lr |= LR_STATE_PENDING;
			c->lr_latch[i] = irq->latch;
			irq->latch = false;
		}
		if (irq->active)
			lr |= LR_STATE_ACTIVE;
		/*
		 * A level interrupt's line is only looked at again on an exit:
		 * its deactivation must cause one, so that a line still high
		 * is delivered again at once and a low one is not.
		 */
		if (!irq->edge)
			lr |= LR_EOI;
		c->lr_intid[i] = cand[i].intid;
		irq->active = false;
		irq->in_lr = true;
		v->lr[i] = lr;
	}
	return n;
}

/*
 * The timers' outputs as their PPIs' lines, live bitmap kept in step. Lock
 * held; only this vCPU's thread writes the lines.
 */
static void vgic_set_timer_lines(struct armvcpu_vcpu *vcpu, bool vtimer,
				 bool ptimer)
{
	struct armvcpu_vgic_cpu *c = vgic_cpu(vcpu);

	c->priv[ARMVCPU_VGIC_VTIMER_PPI].line = vtimer;
	armvcpu_vgic_update(vcpu->vm->vgic, vcpu->id,
			    ARMVCPU_VGIC_VTIMER_PPI);
	c->priv[ARMVCPU_VGIC_PTIMER_PPI].line = ptimer;
	armvcpu_vgic_update(vcpu->vm->vgic, vcpu->id,
			    ARMVCPU_VGIC_PTIMER_PPI);
}

/*
 * The physical timer's output (vgic/ptimer.c), looked at only while the
 * timer is live: otherwise it is low, and so is PPI 30's line, which was
 * set from it when it stopped being live. So a guest that does not use
 * the timer pays one test at each entry and exit, and one that does takes
 * the slow way (the lock) each time.
 */
static bool vgic_ptimer_level(struct armvcpu_vcpu *vcpu)
{
	return unlikely(vcpu->ptimer.live) && armvcpu_ptimer_level(vcpu);
}

/*
 * Is any interrupt of this vCPU, or any SPI, latched, high or active?
 * Safe without the lock where flush uses it: see there.
 */
static bool vgic_any_live(struct armvcpu_vgic *vgic,
			  struct armvcpu_vgic_cpu *c)
{
	unsigned long any;
	u32 i;

	BUILD_BUG_ON(VGIC_NR_PRIVATE > BITS_PER_LONG);
	any = READ_ONCE(c->live[0]);
	for (i = 0; i < BITS_TO_LONGS(VGIC_NR_SPIS); i++)
		any |= READ_ONCE(vgic->live_spi[i]);
	return any;
}

/*
 * Before entry, interrupts disabled. Most entries find nothing latched,
 * high or active, the virtual timer's line as it was and the physical
 * timer not live: then nothing changes, the lock is not taken, no list
 * register is filled and EL2 moves none (CTX_VGIC_NR_LR = 0). Reading the
 * bitmaps without the lock is the kick protocol at the top of the file: a
 * bit set after this read is followed by a kick that sees running_on and
 * makes the guest exit. Only this vCPU's thread writes its timers' lines.
 */
void armvcpu_vgic_flush(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_vgic *vgic = vcpu->vm->vgic;
	struct armvcpu_vgic_cpu *c;
	struct armvcpu_vgic_regs *v = &vcpu->ctx->vgic;
	bool overflow = false, vtimer_high, ptimer_high;
	u32 n = 0;

	/*
	 * A guest without the in-kernel GIC has nobody to take its timer's
	 * PPI: left enabled (another VM uses it), it would exit at every entry.
	 */
	if (!vgic) {
		armvcpu_vtimer_host_mask(true);
		v->nr_lr = 0;
		v->hcr = armvcpu_cpu_has_gicv3() ? ICH_NO_VGIC : 0;
		return;
	}
	c = vgic_cpu(vcpu);
	WRITE_ONCE(c->running_on, raw_smp_processor_id());
	/* Pairs with armvcpu_vgic_kick(): publish before reading state. */
	smp_mb();

	vtimer_high = armvcpu_vtimer_level(vcpu);
	if (vtimer_high != c->priv[ARMVCPU_VGIC_VTIMER_PPI].line ||
	    unlikely(vcpu->ptimer.live) || vgic_any_live(vgic, c)) {
		/* Its hrtimer on this CPU: the deadline's interrupt exits. */
		if (vcpu->ptimer.live)
			armvcpu_ptimer_load(vcpu);
		ptimer_high = vgic_ptimer_level(vcpu);
		spin_lock(&vgic->lock);
		vgic_set_timer_lines(vcpu, vtimer_high, ptimer_high);
		if (vgic_any_live(vgic, c))
			n = vgic_fill(vcpu, &overflow);
		spin_unlock(&vgic->lock);
	}
	c->nr_lr = n;

	v->nr_lr = n;
	/*
	 * More to deliver than list registers: exit when they drain, so the
	 * rest goes in without waiting for the next host tick.
	 */
	v->hcr = ICH_EN | (overflow ? ICH_UIE : 0);
	/* While the timer's output is high the PPI would exit at once. */
	armvcpu_vtimer_host_mask(vtimer_high);
}

/* After the exit, interrupts still disabled. */
void armvcpu_vgic_sync(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_vgic *vgic = vcpu->vm->vgic;
	struct armvcpu_vgic_cpu *c;
	const struct armvcpu_vgic_regs *v = &vcpu->ctx->vgic;
	bool vtimer_high;
	u32 i;

	if (!vgic)
		return;
	c = vgic_cpu(vcpu);
	WRITE_ONCE(c->running_on, -1);
	vtimer_high = armvcpu_vtimer_level(vcpu);
	c->nr_hw_lrs = min_t(u32, VGIC_MAX_LRS,
			     (v->vtr & VGIC_VTR_LISTREGS) + 1);
	/*
	 * Nothing was in the list registers, the virtual timer's line held
	 * and the physical timer is not live.
	 */
	if (!c->nr_lr && vtimer_high == c->priv[ARMVCPU_VGIC_VTIMER_PPI].line &&
	    likely(!vcpu->ptimer.live))
		return;

	spin_lock(&vgic->lock);
	for (i = 0; i < c->nr_lr; i++) {
		u64 lr = v->lr[i];
		struct armvcpu_vgic_irq *irq;

		irq = armvcpu_vgic_irq(vgic, vcpu->id, c->lr_intid[i]);
		/*
		 * Still pending: an edge (or a latched level) stays latched;
		 * a level interrupt is pending again only if its line is.
		 */
		if ((lr & LR_STATE_PENDING) && (irq->edge || c->lr_latch[i]))
			irq->latch = true;
		irq->active = lr & LR_STATE_ACTIVE;
		irq->in_lr = false;
		armvcpu_vgic_update(vgic, vcpu->id, c->lr_intid[i]);
	}
	c->nr_lr = 0;
	vgic_set_timer_lines(vcpu, vtimer_high, vgic_ptimer_level(vcpu));
	spin_unlock(&vgic->lock);
}

/*
 * Would the interrupt be signalled to the vCPU now? An active one is not,
 * whatever its line says, until the guest deactivates it (and that exits,
 * see vgic_lr_pending()): waking for it would only spin the WFI.
 */
static bool vgic_wakes(struct armvcpu_vgic *vgic,
		       const struct armvcpu_vgic_irq *irq)
{
	return !irq->active && vgic_deliverable(vgic, irq);
}

/*
 * Anything that should end this vCPU's WFI? Called with the lock held.
 * *timer_wakes: the timer's PPI could wake it (enabled, group enabled,
 * not active).
 */
static bool vgic_wakeup_pending(struct armvcpu_vcpu *vcpu, bool *timer_wakes)
{
	struct armvcpu_vgic *vgic = vcpu->vm->vgic;
	struct armvcpu_vgic_cpu *c = vgic_cpu(vcpu);
	struct armvcpu_vgic_irq *t = &c->priv[ARMVCPU_VGIC_VTIMER_PPI];
	u32 i;

	vgic_set_timer_lines(vcpu, armvcpu_vtimer_level(vcpu),
			     vgic_ptimer_level(vcpu));
	*timer_wakes = t->enabled && !t->active &&
		       (vgic->ctlr & (t->group1 ? CTLR_ENABLE_G1 : CTLR_ENABLE_G0));
	for_each_set_bit(i, c->live, VGIC_NR_PRIVATE)
		if (vgic_wakes(vgic, &c->priv[i]))
			return true;
	for_each_set_bit(i, vgic->live_spi, VGIC_NR_SPIS)
		if (vgic_wakes(vgic, &vgic->spi[i]) &&
		    vgic_spi_target(vcpu->vm, &vgic->spi[i]) == vcpu->id)
			return true;
	return false;
}

static enum hrtimer_restart vgic_wfi_timer(struct hrtimer *t)
{
	struct armvcpu_vgic_cpu *c = container_of(t, struct armvcpu_vgic_cpu,
						  timer);

	wake_up(&c->wq);
	return HRTIMER_NORESTART;
}

/*
 * WFI: sleep until an interrupt is pending for the vCPU (each timer's
 * deadline is an hrtimer), a signal arrives, or another thread kicks the
 * vCPU. WFE: the guest waits for another vCPU; the run loop's
 * cond_resched() lets it run. Either way the PC moves past the
 * instruction, which is complete: a WFI may always wake spuriously.
 */
/* What ends a WFI now (ARMVCPU_TRACE_WAKE_*), or -1 to sleep on. */
static int vgic_wfi_wake_reason(struct armvcpu_vgic_cpu *c, bool pending)
{
	if (pending)
		return ARMVCPU_TRACE_WAKE_IRQ;
	if (signal_pending(current))
		return ARMVCPU_TRACE_WAKE_SIGNAL;
	if (READ_ONCE(c->kicked))
		return ARMVCPU_TRACE_WAKE_KICK;
	return -1;
}

/*
 * Sleeps until an interrupt is pending for @vcpu (whatever its PSTATE mask,
 * as WFI does), a signal arrives or another thread kicks it.
 */
void armvcpu_vgic_wait(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_vgic *vgic = vcpu->vm->vgic;
	struct armvcpu_vgic_cpu *c = vgic_cpu(vcpu);
	DEFINE_WAIT(wait);
	bool pending, timer_wakes, ptimer_high, slept = false;
	int why;
	u64 ns;

	/*
	 * A pending virtual SError wakes WFI even while PSTATE.A masks it
	 * (ARM DDI 0487, "Wait for Interrupt"). Only this vCPU's own exits
	 * and INJECT_ABORT (never during RUN) set it, none while it sleeps
	 * here, so checking once is enough.
	 */
	if (vcpu->serror_pending) {
		trace_armvcpu_wfi_wake(vcpu->id, ARMVCPU_TRACE_WAKE_SERROR,
				       false);
		return;
	}
	for (;;) {
		prepare_to_wait(&c->wq, &wait, TASK_INTERRUPTIBLE);
		spin_lock_irq(&vgic->lock);
		pending = vgic_wakeup_pending(vcpu, &timer_wakes);
		spin_unlock_irq(&vgic->lock);
		why = vgic_wfi_wake_reason(c, pending);
		if (why >= 0)
			break;
		if (!slept) {
			slept = true;
			trace_armvcpu_wfi_sleep(vcpu->id);
			armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_WFI_SLEEP);
		}
		/*
		 * Re-armed each time round: a wake-up may come before it. Not
		 * when the timer could not wake the vCPU (its PPI disabled, or
		 * already fired into that): whoever enables it kicks us.
		 */
		ns = armvcpu_vtimer_ns_to_deadline(vcpu);
		if (timer_wakes && ns && ns != U64_MAX)
			hrtimer_start(&c->timer, ns_to_ktime(ns),
				      HRTIMER_MODE_REL);
		/*
		 * The physical timer's own hrtimer wakes us at its deadline.
		 * Started again here, it may find the deadline passed since
		 * the check: look again (once: then it is started already).
		 */
		ptimer_high = false;
		if (vcpu->ptimer.live) {
			preempt_disable();
			ptimer_high = armvcpu_ptimer_load(vcpu);
			preempt_enable();
		}
		if (!ptimer_high)
			schedule();
	}
	finish_wait(&c->wq, &wait);
	hrtimer_cancel(&c->timer);
	WRITE_ONCE(c->kicked, false);
	trace_armvcpu_wfi_wake(vcpu->id, why, slept);
	if (slept)
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_WFI_WAKEUP);
}

int armvcpu_vgic_wfx(struct armvcpu_vcpu *vcpu)
{
	armvcpu_skip_instr(vcpu);
	/* WFE, and the WFxT forms armvcpu hides: no sleep. */
	if ((vcpu->ctx->exit.esr & ESR_ELx_WFx_ISS_TI) == ESR_ELx_WFx_ISS_WFI)
		armvcpu_vgic_wait(vcpu);
	return 1;
}

int armvcpu_vgic_irq_line(struct armvcpu_vm *vm,
			  const struct armvcpu_irq_line *l)
{
	struct armvcpu_vgic *vgic = vm->vgic;
	struct armvcpu_vgic_irq *irq;
	bool changed;
	int target;

	if (!vgic)
		return -ENXIO;
	if (l->flags || l->reserved[0] || l->reserved[1] || l->level > 1)
		return -EINVAL;
	if (l->line >= VGIC_NR_PRIVATE && l->line < VGIC_NR_IRQS) {
		if (l->vcpu_id)
			return -EINVAL;
	} else if (l->line < 16 || l->line >= VGIC_NR_PRIVATE ||
		   l->line == ARMVCPU_VGIC_VTIMER_PPI ||
		   l->line == ARMVCPU_VGIC_PTIMER_PPI ||
		   (l->line == ARMVCPU_VGIC_PMU_PPI &&
		    (vm->flags & ARMVCPU_VM_PMU))) {
		/* SGIs come from ICC_SGI1R_EL1, the timers' and PMU's PPIs from them. */
		return -EINVAL;
	} else if (!armvcpu_vgic_vcpu_exists(vm, l->vcpu_id)) {
		return -ENOENT;
	}

	irq = armvcpu_vgic_irq(vgic, l->vcpu_id, l->line);
	spin_lock_irq(&vgic->lock);
	changed = irq->line != l->level;
	irq->line = l->level;
	/* An edge-triggered interrupt latches the rising edge only. */
	if (changed && l->level && irq->edge)
		irq->latch = true;
	armvcpu_vgic_update(vgic, l->vcpu_id, l->line);
	target = l->line < VGIC_NR_PRIVATE ? l->vcpu_id :
		 vgic_spi_target(vm, irq);
	/* Under the lock: VMM threads may raise lines concurrently. */
	WRITE_ONCE(vm->stat[ARMVCPU_VMSTAT_IRQ_LINE],
		   vm->stat[ARMVCPU_VMSTAT_IRQ_LINE] + 1);
	trace_armvcpu_vgic_inject(target, l->line, l->level,
				  armvcpu_vgic_irq_pending(irq));
	spin_unlock_irq(&vgic->lock);
	if (changed && target >= 0)
		armvcpu_vgic_kick(vm, target);
	return 0;
}

/*
 * ICC_SGI1R_EL1 (Group 1), ICC_SGI0R_EL1 and ICC_ASGI1R_EL1 (Group 0 with
 * one security state, as KVM reads the architecture): the guest's IPIs.
 * An SGI is delivered if the target configured it in the same group.
 */
static void vgic_send_sgi(struct armvcpu_vcpu *vcpu, u64 val, bool g1)
{
	struct armvcpu_vm *vm = vcpu->vm;
	struct armvcpu_vgic *vgic = vm->vgic;
	u32 intid = FIELD_GET(SGIR_INTID, val);
	u64 targets[ARMVCPU_MAX_VCPUS / 64] = { 0 };
	u32 id, bit, aff0, rs = FIELD_GET(SGIR_RS, val);

	if (val & SGIR_IRM) {
		for (id = 0; id < ARMVCPU_MAX_VCPUS; id++)
			if (id != vcpu->id && armvcpu_vgic_vcpu_exists(vm, id))
				targets[id / 64] |= BIT_ULL(id % 64);
	} else if (!FIELD_GET(SGIR_AFF3, val)) {
		for (bit = 0; bit < 16; bit++) {
			if (!(val & BIT_ULL(bit)))
				continue;
			/* RS selects which 16 Aff0 values the list covers. */
			aff0 = rs * 16 + bit;
			if (aff0 > 15)	/* no vCPU has such an Aff0 */
				continue;
			id = aff0 | FIELD_GET(SGIR_AFF1, val) << 4 |
			     FIELD_GET(SGIR_AFF2, val) << 12;
			if (armvcpu_vgic_vcpu_exists(vm, id))
				targets[id / 64] |= BIT_ULL(id % 64);
		}
	}

	spin_lock_irq(&vgic->lock);
	for (id = 0; id < ARMVCPU_MAX_VCPUS; id++) {
		struct armvcpu_vgic_irq *irq = &vgic->cpu[id].priv[intid];

		if (!(targets[id / 64] & BIT_ULL(id % 64)))
			continue;
		if (irq->group1 == g1) {
			irq->latch = true;
			armvcpu_vgic_update(vgic, id, intid);
		} else {
			targets[id / 64] &= ~BIT_ULL(id % 64);
		}
	}
	spin_unlock_irq(&vgic->lock);
	for (id = 0; id < ARMVCPU_MAX_VCPUS; id++)
		if (targets[id / 64] & BIT_ULL(id % 64))
			armvcpu_vgic_kick(vm, id);
}

/* ICC_SRE_EL1 as the guest sees it: SRE, DFB, DIB, never changing. */
#define ICC_SRE_GUEST		(BIT_ULL(0) | BIT_ULL(1) | BIT_ULL(2))

/*
 * GICv3 CPU-interface registers that trap with an in-kernel GIC: the SGI
 * generation registers (HCR_EL2.IMO traps them) and ICC_SRE_EL1, which
 * is one register for host and guest and traps while the guest runs
 * (ICC_SRE_EL2.Enable clear, hyp/vgic.S): it reads as system registers
 * enabled, bypass disabled, and a write is ignored, as in KVM
 * (access_gic_sre()). Everything else reaches the virtual interface.
 * 0: done, -EINVAL: UNDEF.
 */
int armvcpu_vgic_sysreg(struct armvcpu_vcpu *vcpu, u32 enc, bool is_write,
			u64 *val)
{
	bool g1;

	switch (enc) {
	case SYS_ICC_SRE_EL1:
		if (!is_write)
			*val = ICC_SRE_GUEST;
		return 0;
	case SYS_ICC_SGI1R_EL1:
		g1 = true;
		break;
	case SYS_ICC_SGI0R_EL1:
	case SYS_ICC_ASGI1R_EL1:
		g1 = false;
		break;
	default:
		/* Not reachable through the hardware: read zero, ignore. */
		if (!is_write)
			*val = 0;
		return 0;
	}
	/* The SGI registers are write-only. */
	if (!is_write)
		return -EINVAL;
	vgic_send_sgi(vcpu, *val, g1);
	return 0;
}

int armvcpu_vgic_create(struct armvcpu_vm *vm)
{
	struct armvcpu_vgic *vgic;
	u32 id, i;
	int ret;

	/* Charged to the VMM's memory cgroup, like the rest of the VM. */
	vgic = kvzalloc(sizeof(*vgic), GFP_KERNEL_ACCOUNT);
	if (!vgic)
		return -ENOMEM;
	ret = armvcpu_vtimer_host_get();
	if (ret) {
		kvfree(vgic);
		return ret;
	}
	spin_lock_init(&vgic->lock);
	for (id = 0; id < ARMVCPU_MAX_VCPUS; id++) {
		struct armvcpu_vgic_cpu *c = &vgic->cpu[id];

		c->running_on = -1;
		c->processor_sleep = true;
		init_waitqueue_head(&c->wq);
		hrtimer_init(&c->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		c->timer.function = vgic_wfi_timer;
		/* SGIs are edge-triggered; the timer's PPI is a level. */
		for (i = 0; i < 16; i++)
			c->priv[i].edge = true;
	}
	vm->vgic = vgic;
	return 0;
}

void armvcpu_vgic_destroy(struct armvcpu_vm *vm)
{
	u32 id;

	if (!vm->vgic)
		return;
	for (id = 0; id < ARMVCPU_MAX_VCPUS; id++)
		hrtimer_cancel(&vm->vgic->cpu[id].timer);
	kvfree(vm->vgic);
	vm->vgic = NULL;
	armvcpu_vtimer_host_put();
}
