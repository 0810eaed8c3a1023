// SPDX-License-Identifier: GPL-2.0
/*
 * Detection and refusal: may armvcpu take EL2 at all? armvcpu_el2_detect()
 * refuses, with one line of advice, a CPU without EL2, a VHE host, a KVM
 * that initialised, host EL1 state the world switch does not cover, and
 * anything but the hyp stub answering the ownership probe (an HVC with a
 * safety net for an UNDEFINED HVC). Nothing is changed before it
 * succeeds, so this is kept apart from the take-over itself.
 * armvcpu_lookup_name() finds the kernel symbols the module is not given.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/kprobes.h>
#include <linux/module.h>
#include <asm/cpufeature.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <asm/virt.h>

#include "el2/el2.h"
#include "el2/internal.h"

unsigned long armvcpu_lookup_name(const char *name)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long (*lookup)(const char *name);

	if (register_kprobe(&kp) < 0)
		return 0;
	lookup = (void *)kp.addr;
	unregister_kprobe(&kp);
	return lookup ? lookup(name) : 0;
}

/*
 * KVM sets kvm_debugfs_dir, exported on 6.1, if and only if it
 * initialised; 6.12 keeps that static but says so in
 * is_kvm_arm_initialised(), a text symbol kallsyms has. Neither exists
 * without KVM. __symbol_get() keeps armvcpu loadable on such a kernel.
 */
static bool armvcpu_kvm_initialised(void)
{
	struct dentry **kvm_dir = __symbol_get("kvm_debugfs_dir");
	bool (*initialised)(void);
	bool up;

	if (kvm_dir) {
		up = READ_ONCE(*kvm_dir);
		__symbol_put("kvm_debugfs_dir");
		return up;
	}
	initialised = (void *)armvcpu_lookup_name("is_kvm_arm_initialised");
	return initialised && initialised();
}

/*
 * The ownership probe, with a safety net. A kernel entered at EL2 always
 * has the stub (or KVM, or armvcpu) there. One entered at EL1 on a CPU that
 * implements EL2 may find HVC UNDEFINED (SCR_EL3.HCE = 0), which would oops
 * the kernel, or answered by firmware's own hypervisor. The net (compat.h)
 * hands the UNDEFINED exception of this one instruction to
 * armvcpu_el2_probe_undefined(), which turns it into a refusal too.
 */
#define ARMVCPU_PROBE_UNDEFINED	(~0UL - 1)
#define ARMVCPU_PROBE_NO_NET	(~0UL - 2)

static unsigned long armvcpu_probe_pc;

bool armvcpu_el2_probe_undefined(struct pt_regs *regs)
{
	if (user_mode(regs) || regs->pc != READ_ONCE(armvcpu_probe_pc))
		return false;
	regs->regs[0] = ARMVCPU_PROBE_UNDEFINED;
	regs->pc += 4;
	return true;
}

static unsigned long armvcpu_el2_probe(void)
{
	register unsigned long x0 asm("x0");
	struct armvcpu_undef_net net;
	unsigned long pc, answer;

	if (!armvcpu_undef_net_arm(&net))
		return ARMVCPU_PROBE_NO_NET;
	/* No call between this and the asm: x0 must reach the HVC. */
	x0 = ARMVCPU_HVC_PING;
	/* Publish the HVC's address before executing it. */
	asm volatile("adr	%1, 1f\n\t"
		     "str	%1, [%2]\n"
		     "1:	hvc	#0"
		     : "+r" (x0), "=&r" (pc)
		     : "r" (&armvcpu_probe_pc)
		     : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		       "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory");
	answer = x0;
	armvcpu_undef_net_disarm(&net);
	return answer;
}

int armvcpu_el2_detect(void)
{
	u64 pfr0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1);
	unsigned long answer;
	u64 unswitched;

	/* Without EL2, HVC is UNDEFINED: never issue one then. */
	if (!cpuid_feature_extract_unsigned_field(pfr0,
						  ID_AA64PFR0_EL1_EL2_SHIFT)) {
		pr_err("EL2 not available: firmware entered Linux at EL1 (no CPU implements EL2)\n");
		return -ENODEV;
	}
	if (is_kernel_in_hyp_mode()) {
		pr_err("VHE host: add id_aa64mmfr1.vh=0 to the kernel command line (the kernel itself runs at EL2)\n");
		return -EBUSY;
	}

	/*
	 * KVM in nVHE mode may install itself at EL2 only while a VM exists
	 * (6.1's kvm_arch_hardware_enable(); 6.12 with
	 * kvm.enable_virt_at_load=0), so the probe below could find the
	 * stub and KVM would take EL2 from under armvcpu later.
	 */
	if (armvcpu_kvm_initialised()) {
		pr_err("EL2 is owned by KVM: boot with kvm-arm.mode=none\n");
		return -EBUSY;
	}

	unswitched = armvcpu_host_el1_unswitched();
	if (unswitched) {
		pr_err("EL1 state armvcpu does not switch: this CPU has TCR2, S1PIE or S1POE (ID_AA64MMFR3_EL1 bits %#llx), which the kernel uses and guests could reach\n",
		       unswitched);
		return -EOPNOTSUPP;
	}

	/*
	 * The stub answers HVC_STUB_ERR to any id but its four; KVM's nVHE
	 * and protected modes would answer SMCCC_RET_NOT_SUPPORTED to an id
	 * that is neither a stub call nor one of theirs (handle_host_hcall()).
	 */
	answer = armvcpu_el2_probe();
	switch (answer) {
	case HVC_STUB_ERR:
		return 0;
	case ARMVCPU_HVC_PING_MAGIC:
		pr_err("EL2 still runs an earlier armvcpu's code: reboot\n");
		return -EBUSY;
	case ARMVCPU_PROBE_NO_NET:
		pr_err("cannot arm the safety net of the EL2 probe (kprobes or kallsyms unavailable): not probing\n");
		return -EOPNOTSUPP;
	case ARMVCPU_PROBE_UNDEFINED:
		pr_err("EL2 not available: firmware entered Linux at EL1 (HVC is undefined)\n");
		return -ENODEV;
	default:
		/* Only a kernel entered at EL1 has neither stub nor KVM. */
		pr_err("EL2 not available: firmware entered Linux at EL1 (a hypervisor answered the probe with %#lx)\n",
		       answer);
		return -ENODEV;
	}
}
