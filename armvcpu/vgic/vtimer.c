// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's virtual timer, and the two host PPIs a running guest can
 * raise: the virtual timer's (CNTV, INTID 27) and the GIC's maintenance
 * interrupt (INTID 25).
 *
 * The guest owns CNTV_CTL/CNTV_CVAL outright while it runs (switch.S swaps
 * them with the host's). When its timer fires, the hardware asserts the
 * physical PPI; HCR_EL2.IMO routes it to EL2 and the guest exits. The exit
 * path restores the host's CNTV_CTL (the host, in nVHE, uses the physical
 * timer and leaves CNTV disabled), so the line is low again before the
 * host unmasks interrupts: the host never has to handle the guest's timer,
 * and its own timer (CNTP) is never touched. vgic/vgic.c then computes the
 * timer's output from the saved registers and the counter and injects PPI
 * 27 through a list register.
 *
 * Both PPIs must be enabled in the host's GIC for the exits to happen, so
 * a handler is registered for each while any VM with a GIC exists. It
 * only runs if a line stayed asserted into host context; it then masks
 * the PPI on this CPU (armvcpu_vgic_flush() unmasks it at the next
 * entry) so that a misbehaving line cannot storm the host.
 *
 * While the guest's timer output is high and the guest has not dealt with
 * it yet, entering with the PPI enabled would exit again at once: the PPI
 * is masked for that entry, and the list register asks for a maintenance
 * interrupt when the guest EOIs the timer interrupt (vgic/vgic.c does so for
 * every level interrupt), which is when it has masked or reprogrammed the
 * timer and the PPI can be unmasked. The output computed at an exit taken
 * inside the guest's handler, before it masks the timer, is already stale
 * when the guest resumes: vgic/vgic.c never turns it into a second pending
 * state while the first is active.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/percpu.h>
#include <asm/arch_timer.h>

#include "vgic/vgic.h"

/* "interrupts" of arm,armv8-timer: secure phys, phys, virt, hyp. */
#define VTIMER_DT_INDEX_VIRT	2

struct vtimer_pcpu {
	bool vtimer_masked;	/* PPI 27 disabled in the host GIC here */
};

static DEFINE_PER_CPU(struct vtimer_pcpu, vtimer_pcpu);
static DEFINE_MUTEX(vtimer_host_lock);
static unsigned int vtimer_host_users;
static unsigned int vtimer_irq, maint_irq;
static int vtimer_cpuhp_state;

bool armvcpu_vtimer_level(struct armvcpu_vcpu *vcpu)
{
	const struct armvcpu_ctx *ctx = vcpu->ctx;
	u64 ctl = ctx->guest.sys[SYS_IDX_CNTV_CTL];
	u64 cnt;

	if ((ctl & (ARCH_TIMER_CTRL_ENABLE | ARCH_TIMER_CTRL_IT_MASK)) !=
	    ARCH_TIMER_CTRL_ENABLE)
		return false;
	cnt = __arch_counter_get_cntpct() - vcpu->vm->cntvoff;
	return cnt >= ctx->guest.sys[SYS_IDX_CNTV_CVAL];
}

/*
 * Nanoseconds until the guest's timer fires, rounded up so a sleeper is
 * never woken before its deadline; U64_MAX when it will not fire.
 */
u64 armvcpu_vtimer_ns_to_deadline(struct armvcpu_vcpu *vcpu)
{
	const struct armvcpu_ctx *ctx = vcpu->ctx;
	u64 ctl = ctx->guest.sys[SYS_IDX_CNTV_CTL];
	u64 cval = ctx->guest.sys[SYS_IDX_CNTV_CVAL];
	u64 cnt, freq = arch_timer_get_cntfrq();

	if ((ctl & (ARCH_TIMER_CTRL_ENABLE | ARCH_TIMER_CTRL_IT_MASK)) !=
	    ARCH_TIMER_CTRL_ENABLE || !freq)
		return U64_MAX;
	cnt = __arch_counter_get_cntpct() - vcpu->vm->cntvoff;
	if (cnt >= cval)
		return 0;
	return mul_u64_u64_div_u64(cval - cnt, NSEC_PER_SEC, freq) + 1;
}

/* Called with interrupts disabled, just before a guest entry. */
void armvcpu_vtimer_host_mask(bool mask)
{
	struct vtimer_pcpu *p = this_cpu_ptr(&vtimer_pcpu);

	/* Never set up: the PPI is disabled, as the host left it. */
	if (!READ_ONCE(vtimer_irq) || p->vtimer_masked == mask)
		return;
	if (mask)
		disable_percpu_irq(vtimer_irq);
	else
		enable_percpu_irq(vtimer_irq, IRQ_TYPE_NONE);
	p->vtimer_masked = mask;
}

static irqreturn_t vtimer_host_irq(int irq, void *dev)
{
	struct vtimer_pcpu *p = dev;

	/* See the top of the file: only a line left asserted gets here. */
	if (irq == vtimer_irq && !p->vtimer_masked) {
		disable_percpu_irq(vtimer_irq);
		p->vtimer_masked = true;
	}
	return IRQ_HANDLED;
}

static int vtimer_cpu_up(unsigned int cpu)
{
	this_cpu_ptr(&vtimer_pcpu)->vtimer_masked = false;
	enable_percpu_irq(vtimer_irq, IRQ_TYPE_NONE);
	enable_percpu_irq(maint_irq, IRQ_TYPE_NONE);
	return 0;
}

static int vtimer_cpu_down(unsigned int cpu)
{
	/* The physical timers' hrtimers pinned here are about to move. */
	armvcpu_ptimer_cpu_down();
	disable_percpu_irq(maint_irq);
	disable_percpu_irq(vtimer_irq);
	this_cpu_ptr(&vtimer_pcpu)->vtimer_masked = true;
	return 0;
}

static unsigned int vtimer_map(const char *compat, int index)
{
	struct device_node *np = of_find_compatible_node(NULL, NULL, compat);
	unsigned int irq;

	if (!np)
		return 0;
	irq = irq_of_parse_and_map(np, index);
	of_node_put(np);
	return irq;
}

static int vtimer_host_setup(void)
{
	int ret;

	vtimer_irq = vtimer_map("arm,armv8-timer", VTIMER_DT_INDEX_VIRT);
	maint_irq = vtimer_map("arm,gic-v3", 0);
	if (!vtimer_irq || !maint_irq) {
		pr_warn("no virtual timer or GIC maintenance interrupt in the device tree: no in-kernel GIC\n");
		return -ENODEV;
	}
	ret = request_percpu_irq(vtimer_irq, vtimer_host_irq,
				 "armvcpu-vtimer", &vtimer_pcpu);
	if (ret) {
		pr_warn("cannot request the virtual timer PPI: %d\n", ret);
		return ret;
	}
	ret = request_percpu_irq(maint_irq, vtimer_host_irq,
				 "armvcpu-vgic-maint", &vtimer_pcpu);
	if (ret) {
		pr_warn("cannot request the GIC maintenance PPI: %d\n", ret);
		goto out_vtimer;
	}
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "armvcpu/vgic:online",
				vtimer_cpu_up, vtimer_cpu_down);
	if (ret < 0)
		goto out_maint;
	vtimer_cpuhp_state = ret;
	return 0;

out_maint:
	free_percpu_irq(maint_irq, &vtimer_pcpu);
out_vtimer:
	free_percpu_irq(vtimer_irq, &vtimer_pcpu);
	return ret;
}

/* The PPIs are the host's only while a VM with a GIC exists. */
int armvcpu_vtimer_host_get(void)
{
	int ret = 0;

	mutex_lock(&vtimer_host_lock);
	if (!vtimer_host_users)
		ret = vtimer_host_setup();
	if (!ret)
		vtimer_host_users++;
	mutex_unlock(&vtimer_host_lock);
	return ret;
}

void armvcpu_vtimer_host_put(void)
{
	mutex_lock(&vtimer_host_lock);
	if (!--vtimer_host_users) {
		cpuhp_remove_state(vtimer_cpuhp_state);
		free_percpu_irq(maint_irq, &vtimer_pcpu);
		free_percpu_irq(vtimer_irq, &vtimer_pcpu);
	}
	mutex_unlock(&vtimer_host_lock);
}
