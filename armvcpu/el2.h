/* SPDX-License-Identifier: GPL-2.0 */
/*
 * armvcpu's EL2 ownership, as seen from the host (EL1): take-over from the
 * kernel's hyp stub, life cycle across hotplug/idle/reboot/kexec, hand-back,
 * and the call into EL2. Documentation/el2.rst has the design.
 */
#ifndef ARMVCPU_EL2_H
#define ARMVCPU_EL2_H

#include <linux/atomic.h>
#include <linux/jump_label.h>
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

/*
 * Test hooks and counters, the lines of debugfs "el2_test"
 * (el2_debugfs.c). The TEST_ ones are set by tests only; nothing else
 * changes them.
 */
enum armvcpu_el2_test {
	ARMVCPU_TEST_GUEST_FAULT,	/* entries left that fault at EL2 */
	ARMVCPU_TEST_HPFAR_ERRATUM,	/* non-zero: as if erratum 834220 */
	ARMVCPU_TEST_HPFAR_PERM,	/* HPFAR_EL2 junk where not valid */
	ARMVCPU_TEST_AT_FAIL,		/* AT walks left that "fail" */
	ARMVCPU_TEST_ISR_PENDING,	/* entries left with an IRQ pending */
	ARMVCPU_TEST_SERROR_EXIT,	/* exits left with DISR_EL1 set (RAS) */
	ARMVCPU_TEST_ABORT_ISS,		/* FSC, S1PTW of the next abort */
	ARMVCPU_TEST_SERROR_ISS,	/* ISS of the next SError exit */
	ARMVCPU_STAT_RAS,		/* the CPUs have FEAT_RAS (read only) */
	ARMVCPU_STAT_ENTRY_REFUSED,	/* EL2 found ISR_EL1 non-zero */
	ARMVCPU_STAT_IPA_RETRY,		/* aborts retried: no IPA */
	ARMVCPU_STAT_LEAKED_PAGES,	/* see armvcpu_el2_leak() */
	ARMVCPU_EL2_TEST_NR,
};

void armvcpu_el2_stat_add(enum armvcpu_el2_test stat, long n);
/* Decrements test hook @t if it is above 0; true if it did. */
bool armvcpu_el2_test_take(enum armvcpu_el2_test t);

/*
 * The hooks below run on every entry or exit: until a test first writes
 * el2_test they cost one NOP there (make bench counts every instruction).
 */
DECLARE_STATIC_KEY_FALSE(armvcpu_el2_tests_on);
u64 __armvcpu_el2_test_flags(void);
void __armvcpu_el2_test_isr(void);
struct armvcpu_ctx;
void __armvcpu_el2_test_exit(struct armvcpu_ctx *ctx);

/* The CTX_FLAG_TEST_* of the next guest entry. */
static inline u64 armvcpu_el2_test_flags(void)
{
	if (static_branch_unlikely(&armvcpu_el2_tests_on))
		return __armvcpu_el2_test_flags();
	return 0;
}

/* With interrupts off before an entry: ARMVCPU_TEST_ISR_PENDING. */
static inline void armvcpu_el2_test_isr(void)
{
	if (static_branch_unlikely(&armvcpu_el2_tests_on))
		__armvcpu_el2_test_isr();
}

void __armvcpu_el2_test_refused(u64 flags);

/*
 * An entry refused before the guest ran consumed no one-shot hook: give
 * back those its CTX_FLAG_TEST_* took, for the entry that follows.
 */
static inline void armvcpu_el2_test_refused(u64 flags)
{
	if (static_branch_unlikely(&armvcpu_el2_tests_on))
		__armvcpu_el2_test_refused(flags);
}

/* First thing on every exit: ARMVCPU_TEST_ABORT_ISS, _SERROR_ISS. */
static inline void armvcpu_el2_test_exit(struct armvcpu_ctx *ctx)
{
	if (static_branch_unlikely(&armvcpu_el2_tests_on))
		__armvcpu_el2_test_exit(ctx);
}

#endif /* ARMVCPU_EL2_H */
