/* SPDX-License-Identifier: GPL-2.0 */
/*
 * armvcpu's EL2 ownership, as seen from the host (EL1): take-over from the
 * kernel's hyp stub, life cycle across hotplug/idle/reboot/kexec, hand-back,
 * and the call into EL2. Documentation/el2.rst has the design.
 */
#ifndef ARMVCPU_EL2_H
#define ARMVCPU_EL2_H

#include <linux/atomic.h>
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/types.h>

#include "hyp/hyp_abi.h"

struct armvcpu_hyp_res {
	unsigned long a0, a1, a2, a3;
};

int armvcpu_el2_init(void);
void armvcpu_el2_exit(void);

/*
 * One host->EL2 call ("hvc #0", x0 = @fn) on the calling CPU; returns x0
 * and, if @res is not NULL, x0..x3. Only for CPUs where
 * armvcpu_el2_ready_this_cpu() was true with preemption still off.
 * ARMVCPU_HVC_RET_FAULT means EL2 faulted: reported once, armvcpu is then
 * broken until reload.
 */
unsigned long armvcpu_hyp_call(unsigned long fn, unsigned long a1,
			       unsigned long a2, unsigned long a3,
			       struct armvcpu_hyp_res *res);

/*
 * True if this CPU runs armvcpu's EL2 code and armvcpu is not broken.
 * Call with preemption (better: interrupts) off, and keep it off until the
 * HVC that enters the guest, so the answer still holds then.
 */
bool armvcpu_el2_ready_this_cpu(void);

/*
 * Interrupts off, right before the HVC that enters a guest: 0 if this CPU
 * runs armvcpu's EL2 (taking it again if an idle state lost it), -EIO if
 * it does not and will not. The answer holds until interrupts are on
 * again: a reboot or kexec gives EL2 back from an IPI, idle only runs
 * when this thread does not.
 */
int __armvcpu_el2_enter_this_cpu(void);
DECLARE_PER_CPU(struct armvcpu_hyp_cpu *, armvcpu_hyp_cpu);
DECLARE_PER_CPU(bool, armvcpu_el2_ready);
extern atomic_t armvcpu_el2_broken_state;

/* True once EL2 reported an exception from EL2 (a hypervisor bug). */
static inline bool armvcpu_el2_broken(void)
{
	return atomic_read(&armvcpu_el2_broken_state);
}

/* Inline: the answer of every entry but the first after a power-down. */
static inline int armvcpu_el2_enter_this_cpu(void)
{
	lockdep_assert_irqs_disabled();
	if (likely(!armvcpu_el2_broken() && __this_cpu_read(armvcpu_el2_ready) &&
		   READ_ONCE(__this_cpu_read(armvcpu_hyp_cpu)->owned)))
		return 0;
	return __armvcpu_el2_enter_this_cpu();
}

/* Physical address of the struct armvcpu_hyp_cpu of @cpu (for switch.S). */
phys_addr_t armvcpu_el2_cpu_pa(unsigned int cpu);

/*
 * Memory whose stage-2 translations could not be invalidated (EL2 broken)
 * is never freed: @pages of @what are leaked, with one message per load.
 * @ours: armvcpu allocated them itself (not pinned user memory); their
 * total is logged at unload, for leak checkers to tell them from bugs.
 */
void armvcpu_el2_leak(const char *what, unsigned long pages, bool ours);

#endif /* ARMVCPU_EL2_H */
