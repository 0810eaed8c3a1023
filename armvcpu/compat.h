/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel API differences between the kernels armvcpu builds for
 * (Debian's 6.1 and 6.12), in one place: the rest of armvcpu is written to
 * the newer API, and this header supplies it on older kernels. Releases
 * in between are neither built nor tested, so one boundary, 6.12, splits
 * the two APIs; each item says what 6.1 lacks.
 */
#ifndef ARMVCPU_COMPAT_H
#define ARMVCPU_COMPAT_H

#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/version.h>
#include <asm/cpufeature.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <asm/traps.h>

/*
 * True on 6.12 and later. The stable sublevel is left out: Debian's
 * 6.12.95 and 6.12.117 have one API. The constant comes first, as
 * checkpatch wants.
 */
#define ARMVCPU_NEW_API	(KERNEL_VERSION(6, 12, 0) <= \
			 KERNEL_VERSION(LINUX_VERSION_MAJOR, \
					LINUX_VERSION_PATCHLEVEL, 0))

/* 6.1 has unaligned.h in asm/. */
#if ARMVCPU_NEW_API
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.12's names of the OS lock fields; 6.1 calls them SYS_OSL*. */
#if !ARMVCPU_NEW_API
#define OSLAR_EL1_OSLK			SYS_OSLAR_OSLK
#define OSLSR_EL1_OSLK			SYS_OSLSR_OSLK
#define OSLSR_EL1_OSLM_IMPLEMENTED	SYS_OSLSR_OSLM_IMPLEMENTED
#endif

/* 6.12 names the physical counter's encoding; 6.1 only CNTPCTSS_EL0's. */
#ifndef SYS_CNTPCT_EL0
#define SYS_CNTPCT_EL0			sys_reg(3, 3, 14, 0, 1)
#endif

/* 6.12's vma->vm_flags is read-only but to these helpers; 6.1 lacks them. */
#if !ARMVCPU_NEW_API
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}
#endif

/*
 * The part of ID_AA64MMFR3_EL1 naming EL1 state that the kernel uses and
 * lets EL1 reach (from 6.12: TCR2_EL1 through HCRX_EL2.TCR2En, PIR_EL1,
 * PIRE0_EL1 and POR_EL0 untrapped in HFG[RW]TR_EL2), which armvcpu's world
 * switch does not switch: a guest could rewrite it under the host. 6.1
 * neither uses nor enables any of it.
 */
#if ARMVCPU_NEW_API
static inline u64 armvcpu_host_el1_unswitched(void)
{
	return read_sanitised_ftr_reg(SYS_ID_AA64MMFR3_EL1) &
	       (ID_AA64MMFR3_EL1_TCRX_MASK | ID_AA64MMFR3_EL1_S1PIE_MASK |
		ID_AA64MMFR3_EL1_S1POE_MASK);
}
#else
static inline u64 armvcpu_host_el1_unswitched(void)
{
	return 0;
}
#endif

/*
 * The safety net of the EL2 ownership probe (el2/detect.c): while it is
 * armed, an UNDEFINED instruction at EL1 reaches
 * armvcpu_el2_probe_undefined() before the kernel would oops on it, and
 * is skipped when that returns true. 6.1 has undef hooks
 * (register_undef_hook(), not exported but in kallsyms) and its handler,
 * do_undefinstr(), is NOKPROBE. 6.12 has no undef hooks, but its EL1
 * handler do_el1_undef(regs, esr) may be kprobed, and the kprobe returns
 * from it at once when the probe's HVC is handled.
 * Arming may fail (symbol or kprobe refused): without the net an UNDEFINED
 * HVC would oops the kernel inside insmod, so armvcpu then refuses.
 */
bool armvcpu_el2_probe_undefined(struct pt_regs *regs);
/* A kernel text symbol's address from kallsyms, or 0 (el2/detect.c). */
unsigned long armvcpu_lookup_name(const char *name);

#if !ARMVCPU_NEW_API
struct armvcpu_undef_net {
	struct undef_hook hook;
	void (*unreg)(struct undef_hook *hook);
};

static inline int armvcpu_undef_hook_fn(struct pt_regs *regs, u32 insn)
{
	return armvcpu_el2_probe_undefined(regs) ? 0 : 1;
}

static inline bool armvcpu_undef_net_arm(struct armvcpu_undef_net *net)
{
	void (*reg)(struct undef_hook *hook);

	net->hook = (struct undef_hook) {
		.instr_mask = 0xffffffff,
		.instr_val = 0xd4000002,	/* HVC #0 */
		.pstate_mask = PSR_MODE_MASK,
		.pstate_val = PSR_MODE_EL1h,
		.fn = armvcpu_undef_hook_fn,
	};
	reg = (void *)armvcpu_lookup_name("register_undef_hook");
	net->unreg = (void *)armvcpu_lookup_name("unregister_undef_hook");
	if (!reg || !net->unreg)
		return false;
	reg(&net->hook);
	return true;
}

static inline void armvcpu_undef_net_disarm(struct armvcpu_undef_net *net)
{
	net->unreg(&net->hook);
}
#else
struct armvcpu_undef_net {
	struct kprobe kp;
};

static inline int armvcpu_undef_kprobe_pre(struct kprobe *kp,
					   struct pt_regs *regs)
{
	/* At do_el1_undef()'s entry x0 is the exception's pt_regs. */
	if (!armvcpu_el2_probe_undefined((struct pt_regs *)regs->regs[0]))
		return 0;
	/* Return to its caller instead of running it: it would oops. */
	instruction_pointer_set(regs, procedure_link_pointer(regs));
	return 1;
}

static inline bool armvcpu_undef_net_arm(struct armvcpu_undef_net *net)
{
	net->kp = (struct kprobe) {
		.symbol_name = "do_el1_undef",
		.pre_handler = armvcpu_undef_kprobe_pre,
	};
	return !register_kprobe(&net->kp);
}

static inline void armvcpu_undef_net_disarm(struct armvcpu_undef_net *net)
{
	unregister_kprobe(&net->kp);
}
#endif

#endif /* ARMVCPU_COMPAT_H */
