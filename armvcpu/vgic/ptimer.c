// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's EL1 physical timer (CNTP_CTL/CVAL/TVAL_EL0) and physical
 * counter (CNTPCT_EL0, CNTPCTSS_EL0), emulated in the kernel for a VM with
 * the in-kernel GIC, as KVM's arch_timer.c emulates its physical timer.
 *
 * The real EL1 physical timer is the host's (an nVHE host ticks on it), so
 * every guest access to it traps (CNTHCTL_EL2.EL1PCEN clear, hyp/switch.S),
 * and nVHE on 6.1 has no CNTPOFF_EL2 to offset the physical counter, so that
 * traps too (EL1PCTEN clear). Both read the host's physical count minus the
 * VM's offset, the one CNTVOFF_EL2 holds for the virtual counter: on every
 * vCPU, CNTPCT_EL0 reads what CNTVCT_EL0 does.
 *
 * The timer's output (ENABLE, not IMASK, counter >= CVAL) is the line of
 * PPI 30. As the virtual timer's, it is computed from the registers and the
 * counter wherever the vGIC looks at it (each entry and exit, each WFI
 * check: vgic/vgic.c), and only the vCPU's own thread writes the line. It
 * looks only while the timer is live (enabled, or written since the last
 * load): a guest that does not use the timer costs each entry and exit one
 * test of that flag. What makes the vGIC look at the deadline is one
 * hrtimer per vCPU:
 *
 *  - armvcpu_ptimer_load(), just before each entry with host interrupts
 *    off, starts it pinned to that CPU. If the guest still runs there at
 *    the deadline, the hrtimer's own interrupt makes it exit (HCR_EL2.IMO),
 *    and the next entry puts PPI 30 in a list register: no IPI is needed.
 *    The load costs a few compares unless the vCPU moved to another CPU
 *    (its thread migrated), the registers or the VM's counter offset
 *    changed, or a CPU went down since (its pinned hrtimers moved
 *    elsewhere): then the hrtimer is cancelled and started again here.
 *  - A vCPU sleeping in WFI is woken by the callback (armvcpu_vgic_wait()
 *    loads the hrtimer before it sleeps).
 *  - A callback that finds the deadline not reached (CLOCK_MONOTONIC and
 *    the counter can drift apart; the guest may have moved CVAL meanwhile)
 *    sets the hrtimer again rather than lose the deadline.
 *  - The hrtimer is cancelled before the vCPU is freed.
 *
 * Without the in-kernel GIC nothing here runs: the accesses exit to the VMM
 * (sys_regs.c), which has no interrupt controller to raise PPI 30 on.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/hrtimer.h>
#include <linux/math64.h>
#include <asm/arch_timer.h>
#include <asm/sysreg.h>

#include "vgic/vgic.h"
#include "compat.h"

#define PTIMER_CTL_BITS		(ARCH_TIMER_CTRL_ENABLE | ARCH_TIMER_CTRL_IT_MASK)

/*
 * Bumped when a CPU goes down while a VM with a GIC exists (vgic/vtimer.c's
 * hotplug callback): the hrtimers pinned to it move to another CPU.
 */
static unsigned int ptimer_hotplug_gen;

/* The guest's CNTPCT_EL0, which is its CNTVCT_EL0. */
static u64 ptimer_counter(struct armvcpu_vcpu *vcpu)
{
	return __arch_counter_get_cntpct() - READ_ONCE(vcpu->vm->cntvoff);
}

static bool ptimer_can_fire(const struct armvcpu_ptimer *pt)
{
	return (READ_ONCE(pt->ctl) & PTIMER_CTL_BITS) == ARCH_TIMER_CTRL_ENABLE;
}

/* The timer's output: PPI 30's line. */
bool armvcpu_ptimer_level(struct armvcpu_vcpu *vcpu)
{
	const struct armvcpu_ptimer *pt = &vcpu->ptimer;

	return ptimer_can_fire(pt) &&
	       ptimer_counter(vcpu) >= READ_ONCE(pt->cval);
}

/*
 * Nanoseconds until the output rises, rounded up so the hrtimer never
 * fires before the counter gets there; 0 if it is high, U64_MAX if it
 * cannot rise (disabled or masked). A deadline more than 2^30 s away (34
 * years at 1 GHz, whatever CVAL a fuzzer writes) is set at 2^30 s: the
 * callback then finds it not reached and sets the hrtimer again, and
 * ns_to_ktime() never sees a value past KTIME_MAX.
 */
static u64 ptimer_ns_to_deadline(struct armvcpu_vcpu *vcpu)
{
	const struct armvcpu_ptimer *pt = &vcpu->ptimer;
	u64 cval = READ_ONCE(pt->cval), freq = arch_timer_get_cntfrq();
	u64 cnt;

	if (!ptimer_can_fire(pt) || !freq)
		return U64_MAX;
	cnt = ptimer_counter(vcpu);
	if (cnt >= cval)
		return 0;
	return mul_u64_u64_div_u64(min(cval - cnt, freq << 30), NSEC_PER_SEC,
				   freq) + 1;
}

/* CNTP_CTL_EL0 as the guest reads it: ISTATUS set once the timer met CVAL. */
static u64 ptimer_read_ctl(struct armvcpu_vcpu *vcpu)
{
	const struct armvcpu_ptimer *pt = &vcpu->ptimer;
	u64 ctl = READ_ONCE(pt->ctl);

	if ((ctl & ARCH_TIMER_CTRL_ENABLE) &&
	    ptimer_counter(vcpu) >= READ_ONCE(pt->cval))
		ctl |= ARCH_TIMER_CTRL_IT_STAT;
	return ctl;
}

/* Writes: the next load starts the hrtimer for the new deadline. */
static void ptimer_write_ctl(struct armvcpu_vcpu *vcpu, u64 val)
{
	WRITE_ONCE(vcpu->ptimer.ctl, val & PTIMER_CTL_BITS);
	vcpu->ptimer.dirty = true;
	vcpu->ptimer.live = true;
}

static void ptimer_write_cval(struct armvcpu_vcpu *vcpu, u64 val)
{
	WRITE_ONCE(vcpu->ptimer.cval, val);
	vcpu->ptimer.dirty = true;
	vcpu->ptimer.live = true;
}

/*
 * The deadline passed: the guest is not running on this CPU (this is host
 * context, and the hrtimer was started on the CPU it entered on), so it is
 * out of the guest already, or sleeping in WFI, which is what the wake-up
 * is for. Its next entry or WFI check raises PPI 30.
 */
static enum hrtimer_restart ptimer_expired(struct hrtimer *t)
{
	struct armvcpu_vcpu *vcpu = container_of(t, struct armvcpu_vcpu,
						 ptimer.timer);
	u64 ns = ptimer_ns_to_deadline(vcpu);

	if (ns == U64_MAX)
		return HRTIMER_NORESTART;
	if (ns) {
		hrtimer_forward_now(t, ns_to_ktime(ns));
		return HRTIMER_RESTART;
	}
	wake_up(&vcpu->vm->vgic->cpu[vcpu->id].wq);
	return HRTIMER_NORESTART;
}

/*
 * With preemption off, while the timer is live: before each entry
 * (interrupts off too) and before a WFI sleep. Starts the hrtimer again,
 * pinned to this CPU, unless what it was started for still holds. True if,
 * starting it, it found the output high already: nothing will fire for it,
 * the caller must look.
 *
 * A timer that is disabled here stops being live: the entries and exits
 * that follow do not look at it until it is written again, and the one
 * that called this sets PPI 30's line from it (low) first. Whatever the
 * VM's offset does meanwhile cannot raise its output.
 */
bool armvcpu_ptimer_load(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ptimer *pt = &vcpu->ptimer;
	u64 off = READ_ONCE(vcpu->vm->cntvoff), ns;
	unsigned int gen = READ_ONCE(ptimer_hotplug_gen);
	int cpu = smp_processor_id();

	if (likely(!pt->dirty && pt->cntvoff == off &&
		   (pt->cpu < 0 ||
		    (pt->cpu == cpu && pt->hotplug_gen == gen))))
		return false;
	/* Waits for a callback running elsewhere; it takes no lock we hold. */
	hrtimer_cancel(&pt->timer);
	pt->dirty = false;
	pt->live = READ_ONCE(pt->ctl) & ARCH_TIMER_CTRL_ENABLE;
	pt->cntvoff = off;
	pt->hotplug_gen = gen;
	pt->cpu = -1;
	ns = ptimer_ns_to_deadline(vcpu);
	if (!ns || ns == U64_MAX)
		return !ns;
	hrtimer_start(&pt->timer, ns_to_ktime(ns),
		      HRTIMER_MODE_REL_PINNED_HARD);
	pt->cpu = cpu;
	return false;
}

/* vgic/vtimer.c's CPU hotplug teardown, serialised by the hotplug lock. */
void armvcpu_ptimer_cpu_down(void)
{
	WRITE_ONCE(ptimer_hotplug_gen, ptimer_hotplug_gen + 1);
}

/*
 * A trapped access of a VM with the in-kernel GIC (sys_regs.c). 0: done,
 * -EINVAL: UNDEF (a write to the read-only counter).
 */
int armvcpu_ptimer_sysreg(struct armvcpu_vcpu *vcpu, u32 enc, bool is_write,
			  u64 *val)
{
	struct armvcpu_ptimer *pt = &vcpu->ptimer;

	switch (enc) {
	case SYS_CNTPCT_EL0:
	case SYS_CNTPCTSS_EL0:
		if (is_write)
			return -EINVAL;
		*val = ptimer_counter(vcpu);
		return 0;
	case SYS_CNTP_CTL_EL0:
		if (is_write)
			ptimer_write_ctl(vcpu, *val);
		else
			*val = ptimer_read_ctl(vcpu);
		return 0;
	case SYS_CNTP_CVAL_EL0:
		if (is_write)
			ptimer_write_cval(vcpu, *val);
		else
			*val = pt->cval;
		return 0;
	case SYS_CNTP_TVAL_EL0:
		/* A signed 32-bit distance from the counter; bits 63:32 RES0. */
		if (is_write)
			ptimer_write_cval(vcpu, ptimer_counter(vcpu) +
						(s64)(s32)*val);
		else
			*val = lower_32_bits(pt->cval - ptimer_counter(vcpu));
		return 0;
	}
	return -EINVAL;
}

/*
 * The counter offset is listed for every VM (it is the virtual counter's
 * too), the timer's registers with the in-kernel GIC.
 */
static const u64 ptimer_reg_ids[] = {
	ARMVCPU_REG_CNTVOFF_EL2,
	ARMVCPU_REG_CNTP_CTL_EL0,
	ARMVCPU_REG_CNTP_CVAL_EL0,
};

unsigned int armvcpu_ptimer_reg_count(struct armvcpu_vcpu *vcpu)
{
	return vcpu->vm->vgic ? ARRAY_SIZE(ptimer_reg_ids) : 1;
}

u64 armvcpu_ptimer_reg_id(struct armvcpu_vcpu *vcpu, unsigned int i)
{
	return ptimer_reg_ids[i];
}

int armvcpu_ptimer_get_reg(struct armvcpu_vcpu *vcpu, u64 id, u64 *val)
{
	if (id == ARMVCPU_REG_CNTVOFF_EL2) {
		*val = READ_ONCE(vcpu->vm->cntvoff);
		return 0;
	}
	if (!vcpu->vm->vgic)
		return -ENOENT;
	switch (id) {
	case ARMVCPU_REG_CNTP_CTL_EL0:
		*val = ptimer_read_ctl(vcpu);
		return 0;
	case ARMVCPU_REG_CNTP_CVAL_EL0:
		*val = vcpu->ptimer.cval;
		return 0;
	}
	return -ENOENT;
}

/*
 * The offset is the VM's: every vCPU's virtual and physical counters move
 * with it. A vCPU running meanwhile is kicked, so its next entry loads the
 * new CNTVOFF_EL2 and restarts its hrtimer; one in WFI wakes and looks
 * again.
 */
int armvcpu_ptimer_set_reg(struct armvcpu_vcpu *vcpu, u64 id, u64 val)
{
	struct armvcpu_vm *vm = vcpu->vm;

	if (id == ARMVCPU_REG_CNTVOFF_EL2) {
		WRITE_ONCE(vm->cntvoff, val);
		if (vm->vgic)
			armvcpu_vgic_kick_all(vm, vcpu->id);
		return 0;
	}
	if (!vm->vgic)
		return -ENOENT;
	switch (id) {
	case ARMVCPU_REG_CNTP_CTL_EL0:
		ptimer_write_ctl(vcpu, val);
		return 0;
	case ARMVCPU_REG_CNTP_CVAL_EL0:
		ptimer_write_cval(vcpu, val);
		return 0;
	}
	return -ENOENT;
}

void armvcpu_ptimer_init(struct armvcpu_vcpu *vcpu)
{
	hrtimer_init(&vcpu->ptimer.timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_REL_HARD);
	vcpu->ptimer.timer.function = ptimer_expired;
	vcpu->ptimer.cpu = -1;
	/* PPI 30's line may be left high by a vCPU of this id closed before. */
	vcpu->ptimer.live = true;
}

/* Before the vCPU is freed: no callback runs, none is left queued. */
void armvcpu_ptimer_destroy(struct armvcpu_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->ptimer.timer);
}
