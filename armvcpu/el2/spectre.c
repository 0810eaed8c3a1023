// SPDX-License-Identifier: GPL-2.0
/*
 * Which branch-predictor hardening each CPU's guest exits run, and what the
 * SMCCC workaround calls answer a guest.
 *
 * A guest exit reaches the host kernel (and later the next VM) without
 * crossing the host's user-entry mitigations, so EL2 cleans up on the way
 * out (hyp/spectre.S). The choice follows the kernel's own view of each
 * CPU, as KVM's hyp vectors do (proton-pack.c, spectre_v2_enable_mitigation()
 * and spectre_bhb_enable_mitigation()), from what a module can read: the
 * per-CPU answers of the ARM64_SPECTRE_V2 and ARM64_SPECTRE_BHB errata
 * (this_cpu_has_cap()), this CPU's ID registers and MIDR, the firmware's
 * SMCCC_ARCH_FEATURES answers and mitigations=off:
 *
 * - Spectre-v2: a CPU the kernel finds affected needs the firmware's
 *   SMCCC_ARCH_WORKAROUND_1 (EL3 invalidates the predictor) on each exit;
 *   without it the CPU stays vulnerable.
 * - Spectre-BHB, only where Spectre-v2 is not left vulnerable (as the
 *   kernel: no point otherwise): nothing with ECBHB (an exception clears
 *   the history), else CLRBHB where implemented, else the branch loop with
 *   the CPU's count, else the firmware's SMCCC_ARCH_WORKAROUND_3 (which
 *   then replaces WORKAROUND_1).
 *
 * The guest gets, like KVM's kvm_smccc_arch_features(), ARCH_FEATURES
 * SUCCESS for a workaround the host applies on exit, NOT_REQUIRED where no
 * CPU is affected, NOT_SUPPORTED where one is left vulnerable; the state is
 * the worst over the CPUs taken, the same for every vCPU.
 */
#include <linux/arm-smccc.h>
#include <linux/cpu.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <uapi/linux/psci.h>
#include <asm/cpufeature.h>
#include <asm/cputype.h>
#include <asm/sysreg.h>

#include "el2/internal.h"
#include "el2/spectre.h"

/* Ordered: the system's state is the worst of its CPUs'. */
enum armvcpu_spectre_state {
	ARMVCPU_SPECTRE_UNAFFECTED,
	ARMVCPU_SPECTRE_MITIGATED,
	ARMVCPU_SPECTRE_VULNERABLE,
};

/* What this CPU's exits run when nothing is forced, decided once. */
struct armvcpu_spectre_cpu {
	bool decided;
	u8 v2, bhb;
	u32 midr;
	u64 word, fw;
};

static DEFINE_PER_CPU(struct armvcpu_spectre_cpu, armvcpu_spectre_cpu);

static DEFINE_RAW_SPINLOCK(armvcpu_spectre_lock);
static struct {
	u8 v2, bhb;		/* worst over the CPUs decided so far */
	/* Test hook: 0, or the HYP_CPU_SPECTRE word every CPU runs. */
	u64 forced_word;
} armvcpu_spectre;

/*
 * Branch-history loop counts per CPU model: the number of taken branches
 * that flush the history of that core, as Arm and the vendors published
 * them (the kernel's spectre_bhb_loop_affected() knows the same).
 */
static const struct {
	u32 model;
	u8 k;
} armvcpu_bhb_loops[] = {
	{ MIDR_CORTEX_X3, 132 }, { MIDR_NEOVERSE_V2, 132 },
	{ MIDR_CORTEX_A715, 38 }, { MIDR_CORTEX_A720, 38 },
	{ MIDR_CORTEX_A78, 32 }, { MIDR_CORTEX_A78AE, 32 },
	{ MIDR_CORTEX_A78C, 32 }, { MIDR_CORTEX_X1, 32 },
	{ MIDR_CORTEX_X1C, 32 }, { MIDR_CORTEX_A710, 32 },
	{ MIDR_CORTEX_X2, 32 }, { MIDR_NEOVERSE_N2, 32 },
	{ MIDR_NEOVERSE_V1, 32 }, { MIDR_HISI_TSV110, 32 },
	{ MIDR_CORTEX_A76, 24 }, { MIDR_CORTEX_A76AE, 24 },
	{ MIDR_CORTEX_A77, 24 }, { MIDR_NEOVERSE_N1, 24 },
	{ MIDR_QCOM_KRYO_4XX_GOLD, 24 }, { MIDR_HISI_HIP09, 24 },
	{ MIDR_AMPERE1, 11 },
	{ MIDR_CORTEX_A72, 8 }, { MIDR_CORTEX_A57, 8 },
};

static u8 armvcpu_bhb_loop_k(void)
{
	u32 model = read_cpuid_id() & MIDR_CPU_MODEL_MASK;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(armvcpu_bhb_loops); i++)
		if (armvcpu_bhb_loops[i].model == model)
			return armvcpu_bhb_loops[i].k;
	return 0;
}

/*
 * Does this CPU's firmware implement workaround @wa for it? The EL2 call
 * is an SMC, so only an SMC conduit counts (an HVC one would be a
 * hypervisor under the kernel, which armvcpu never runs with).
 */
static bool armvcpu_fw_has(u32 wa)
{
	struct arm_smccc_res res;

	if (arm_smccc_1_1_get_conduit() != SMCCC_CONDUIT_SMC)
		return false;
	arm_smccc_1_1_smc(ARM_SMCCC_ARCH_FEATURES_FUNC_ID, wa, &res);
	return (long)res.a0 == SMCCC_RET_SUCCESS;
}

static u8 armvcpu_spectre_v2_decide(struct armvcpu_spectre_cpu *s)
{
	if (!this_cpu_has_cap(ARM64_SPECTRE_V2))
		return ARMVCPU_SPECTRE_UNAFFECTED;
	if (cpu_mitigations_off() ||
	    !armvcpu_fw_has(ARM_SMCCC_ARCH_WORKAROUND_1))
		return ARMVCPU_SPECTRE_VULNERABLE;
	s->word |= HYP_SPECTRE_FW;
	s->fw = ARM_SMCCC_ARCH_WORKAROUND_1;
	return ARMVCPU_SPECTRE_MITIGATED;
}

static u8 armvcpu_spectre_bhb_decide(struct armvcpu_spectre_cpu *s)
{
	u8 k;

	if (!this_cpu_has_cap(ARM64_SPECTRE_BHB))
		return ARMVCPU_SPECTRE_UNAFFECTED;
	if (s->v2 == ARMVCPU_SPECTRE_VULNERABLE || cpu_mitigations_off() ||
	    !IS_ENABLED(CONFIG_MITIGATE_SPECTRE_BRANCH_HISTORY))
		return ARMVCPU_SPECTRE_VULNERABLE;
	if (cpuid_feature_extract_unsigned_field(read_sysreg_s(SYS_ID_AA64MMFR1_EL1),
						 ID_AA64MMFR1_EL1_ECBHB_SHIFT))
		return ARMVCPU_SPECTRE_MITIGATED;
	if (cpuid_feature_extract_unsigned_field(read_sysreg_s(SYS_ID_AA64ISAR2_EL1),
						 ID_AA64ISAR2_EL1_CLRBHB_SHIFT)) {
		s->word |= HYP_SPECTRE_CLRBHB;
		return ARMVCPU_SPECTRE_MITIGATED;
	}
	k = armvcpu_bhb_loop_k();
	if (k) {
		s->word |= k;
		return ARMVCPU_SPECTRE_MITIGATED;
	}
	if (armvcpu_fw_has(ARM_SMCCC_ARCH_WORKAROUND_3)) {
		/* WORKAROUND_3 does WORKAROUND_1's job as well. */
		s->word |= HYP_SPECTRE_FW;
		s->fw = ARM_SMCCC_ARCH_WORKAROUND_3;
		return ARMVCPU_SPECTRE_MITIGATED;
	}
	return ARMVCPU_SPECTRE_VULNERABLE;
}

static long armvcpu_spectre_features_of(u8 state)
{
	static const long answer[] = {
		[ARMVCPU_SPECTRE_UNAFFECTED] = SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED,
		[ARMVCPU_SPECTRE_MITIGATED] = SMCCC_RET_SUCCESS,
		[ARMVCPU_SPECTRE_VULNERABLE] = SMCCC_RET_NOT_SUPPORTED,
	};

	return answer[state];
}

static u8 armvcpu_spectre_state_of(u32 wa)
{
	switch (wa) {
	case ARM_SMCCC_ARCH_WORKAROUND_1:
		return READ_ONCE(armvcpu_spectre.v2);
	case ARM_SMCCC_ARCH_WORKAROUND_3:
		return READ_ONCE(armvcpu_spectre.bhb);
	default:
		/* WORKAROUND_2 and the rest: never offered. */
		return ARMVCPU_SPECTRE_VULNERABLE;
	}
}

long armvcpu_spectre_features(u32 wa)
{
	return armvcpu_spectre_features_of(armvcpu_spectre_state_of(wa));
}

/*
 * The call itself: its work was done by the exit that brought it here
 * (or was not needed), so it succeeds whenever ARCH_FEATURES offered it.
 */
long armvcpu_spectre_call(u32 wa)
{
	return armvcpu_spectre_features(wa) == SMCCC_RET_NOT_SUPPORTED ?
	       SMCCC_RET_NOT_SUPPORTED : SMCCC_RET_SUCCESS;
}

/* The EL2 fast path answers from each CPU's struct: keep them all equal. */
static void armvcpu_spectre_publish(void)
{
	u64 wa1 = armvcpu_spectre_call(ARM_SMCCC_ARCH_WORKAROUND_1);
	u64 wa3 = armvcpu_spectre_call(ARM_SMCCC_ARCH_WORKAROUND_3);
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct armvcpu_hyp_cpu *hc = per_cpu(armvcpu_hyp_cpu, cpu);

		WRITE_ONCE(hc->wa1_ret, wa1);
		WRITE_ONCE(hc->wa3_ret, wa3);
	}
}

/* A forced word adds to the CPU's own: the longer loop, every other bit. */
static u64 armvcpu_spectre_merge(u64 own, u64 forced)
{
	u64 loop = max(own & HYP_SPECTRE_LOOP_MASK,
		       forced & HYP_SPECTRE_LOOP_MASK);

	return ((own | forced) & ~(u64)HYP_SPECTRE_LOOP_MASK) | loop;
}

static void armvcpu_spectre_apply(struct armvcpu_hyp_cpu *hc,
				  const struct armvcpu_spectre_cpu *s,
				  u64 forced_word)
{
	u64 fw = s->fw;

	/*
	 * The test's firmware call, on a CPU with none of its own: one that
	 * QEMU's firmware answers. A CPU's real call is never replaced.
	 */
	if ((forced_word & HYP_SPECTRE_FW) && !(s->word & HYP_SPECTRE_FW))
		fw = PSCI_0_2_FN_PSCI_VERSION;
	/* The call before the word: an exit that sees the bit has the id. */
	WRITE_ONCE(hc->spectre_fw, fw);
	WRITE_ONCE(hc->spectre, armvcpu_spectre_merge(s->word, forced_word));
}

void armvcpu_spectre_setup_this_cpu(struct armvcpu_hyp_cpu *hc)
{
	struct armvcpu_spectre_cpu *s = this_cpu_ptr(&armvcpu_spectre_cpu);

	lockdep_assert_irqs_disabled();
	raw_spin_lock(&armvcpu_spectre_lock);
	if (!s->decided) {
		s->word = 0;
		s->fw = 0;
		s->midr = read_cpuid_id();
		s->v2 = armvcpu_spectre_v2_decide(s);
		s->bhb = armvcpu_spectre_bhb_decide(s);
		s->decided = true;
		armvcpu_spectre.v2 = max(armvcpu_spectre.v2, s->v2);
		armvcpu_spectre.bhb = max(armvcpu_spectre.bhb, s->bhb);
		armvcpu_spectre_publish();
	}
	armvcpu_spectre_apply(hc, s, armvcpu_spectre.forced_word);
	raw_spin_unlock(&armvcpu_spectre_lock);
}

#ifdef ARMVCPU_TEST
/*
 * Test hook: "loop N" (1..255), "clrbhb" or "fw" make every CPU's exits run
 * that hardening alone, whatever the CPU needs ("fw" calls PSCI_VERSION,
 * which any PSCI firmware answers harmlessly, QEMU's included); "auto"
 * goes back to each CPU's own. Only ever adds work to an exit: what a CPU
 * needs is never turned off, and the guest's answers do not change.
 */
int armvcpu_spectre_force(const char *how)
{
	unsigned long flags;
	unsigned int cpu, k;
	u64 word;

	if (sysfs_streq(how, "auto"))
		word = 0;
	else if (sysfs_streq(how, "clrbhb"))
		word = HYP_SPECTRE_CLRBHB;
	else if (sysfs_streq(how, "fw"))
		word = HYP_SPECTRE_FW;
	else if (sscanf(how, "loop %u", &k) == 1 && k &&
		 k <= HYP_SPECTRE_LOOP_MASK)
		word = k;
	else
		return -EINVAL;

	raw_spin_lock_irqsave(&armvcpu_spectre_lock, flags);
	armvcpu_spectre.forced_word = word;
	for_each_possible_cpu(cpu) {
		struct armvcpu_spectre_cpu *s = per_cpu_ptr(&armvcpu_spectre_cpu,
							     cpu);

		/* A CPU not decided yet gets the forced word at its take. */
		if (s->decided)
			armvcpu_spectre_apply(per_cpu(armvcpu_hyp_cpu, cpu), s,
					      word);
	}
	raw_spin_unlock_irqrestore(&armvcpu_spectre_lock, flags);
	return 0;
}

static const char * const armvcpu_spectre_state_names[] = {
	"unaffected", "mitigated", "vulnerable",
};

void armvcpu_spectre_show(struct seq_file *m)
{
	unsigned int cpu;

	seq_printf(m, "wa1 features %ld call %ld wa3 features %ld call %ld forced %#llx\n",
		   armvcpu_spectre_features(ARM_SMCCC_ARCH_WORKAROUND_1),
		   armvcpu_spectre_call(ARM_SMCCC_ARCH_WORKAROUND_1),
		   armvcpu_spectre_features(ARM_SMCCC_ARCH_WORKAROUND_3),
		   armvcpu_spectre_call(ARM_SMCCC_ARCH_WORKAROUND_3),
		   READ_ONCE(armvcpu_spectre.forced_word));
	for_each_possible_cpu(cpu) {
		struct armvcpu_spectre_cpu *s = per_cpu_ptr(&armvcpu_spectre_cpu,
							     cpu);
		struct armvcpu_hyp_cpu *hc = per_cpu(armvcpu_hyp_cpu, cpu);

		if (!READ_ONCE(s->decided))
			continue;
		seq_printf(m, "cpu%u midr %#x v2 %s bhb %s harden %#llx fw %#llx runs %llu\n",
			   cpu, s->midr, armvcpu_spectre_state_names[s->v2],
			   armvcpu_spectre_state_names[s->bhb],
			   READ_ONCE(hc->spectre), READ_ONCE(hc->spectre_fw),
			   READ_ONCE(hc->spectre_runs));
	}
}
#endif /* ARMVCPU_TEST */
