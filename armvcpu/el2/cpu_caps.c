// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU answers for the world switch, decided once per CPU (the first
 * entry there) instead of on every entry, and only where the hardware
 * needs them: a CPU without SPE, TRBE or MPAM pays one load and branch.
 *
 * Heterogeneous systems exist (SPE on the big cores only), so these are
 * the CPU's own ID registers, not the system-wide sanitised view, which is
 * what KVM does too (kvm_arch_vcpu_load_debug_state_flags()).
 */
#include <linux/bitfield.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <asm/kvm_arm.h>
#include <asm/sysreg.h>

#include "el2/cpu_caps.h"
#include "el2/internal.h"
#include "test/hooks.h"

/* ID_AA64PFR0_EL1 GIC [27:24], MPAM [43:40]; ID_AA64PFR1_EL1 MPAM_frac. */
#define PFR0_GIC		GENMASK_ULL(27, 24)
#define PFR0_MPAM		GENMASK_ULL(43, 40)
#define PFR1_MPAM_FRAC		GENMASK_ULL(19, 16)
/* ID_AA64DFR0_EL1 PMSVer [35:32], TraceFilt [43:40], TraceBuffer [47:44]. */
#define DFR0_PMSVER		GENMASK_ULL(35, 32)
#define DFR0_TRACEFILT		GENMASK_ULL(43, 40)
#define DFR0_TRACEBUFFER	GENMASK_ULL(47, 44)
/* ID_AA64MMFR0_EL1 FGT [59:56]: MDCR_EL2.TDCC exists. */
#define MMFR0_FGT		GENMASK_ULL(59, 56)
/* PMBIDR_EL1.P, TRBIDR_EL1.P: the buffer is not ours to program. */
#define PMBIDR_P		BIT_ULL(4)
#define TRBIDR_P		BIT_ULL(4)
#define ARMVCPU_SYS_TRBIDR_EL1	sys_reg(3, 0, 9, 11, 7)
#define ARMVCPU_SYS_MPAMIDR_EL1	sys_reg(3, 0, 10, 4, 4)
#define MPAMIDR_HAS_HCR		BIT_ULL(17)

/*
 * MDCR_EL2.TPMS (the sampling controls PMS*_EL1) and TTRF (TRFCR_EL1)
 * trap only where the feature exists; elsewhere the bits are RES0.
 */
#define ARMVCPU_FEAT_SPE	BIT(0)
#define ARMVCPU_FEAT_TRF	BIT(1)

#ifdef ARMVCPU_TEST
/*
 * Test hook: MDCR_EL2 trap bits as if the CPU had SPE (1) or the trace
 * filter (2). Only the trap bits: the buffer drain still follows the
 * hardware, since on a CPU without SPE its registers do not exist.
 * QEMU 7.2 has neither feature; this is how the selftests see TPMS and
 * TTRF reach the guest's MDCR_EL2.
 */
unsigned int armvcpu_test_mdcr_feat;
armvcpu_test_param(test_mdcr_feat, armvcpu_test_mdcr_feat, uint, 0600);
armvcpu_test_param_desc(test_mdcr_feat,
			"trap as if the CPU had SPE (1), TRF (2)");
#endif

/*
 * MPAM traps need EL2 access to the MPAM registers, which firmware grants
 * (MPAM3_EL3.TRAPLOWER clear) or not: neither 6.1 nor 6.12 touches them,
 * so nothing on a running host proves the access is safe, and where
 * firmware kept the trap, the first access goes to EL3, which may take the
 * machine down. Off unless the administrator says the firmware allows it.
 */
static bool mpam_traps;
module_param(mpam_traps, bool, 0444);
MODULE_PARM_DESC(mpam_traps, "trap guests' MPAM registers (firmware must let EL2 use MPAM)");

static u64 armvcpu_cpu_switch_flags(u64 pfr0, u64 pfr1, u64 dfr0)
{
	u64 f = BIT_ULL(HYP_SWITCH_KNOWN_BIT);

	/* What the kernel's el2_setup keys ICC_SRE_EL2 on, too. */
	if (FIELD_GET(PFR0_GIC, pfr0))
		f |= BIT_ULL(HYP_SWITCH_GICV3_BIT);
	/* P == 0: EL1 (the host) may own the buffer, so it may be live. */
	if (FIELD_GET(DFR0_PMSVER, dfr0) &&
	    !(read_sysreg_s(SYS_PMBIDR_EL1) & PMBIDR_P))
		f |= BIT_ULL(HYP_SWITCH_SPE_BIT);
	if (FIELD_GET(DFR0_TRACEBUFFER, dfr0) &&
	    !(read_sysreg_s(ARMVCPU_SYS_TRBIDR_EL1) & TRBIDR_P))
		f |= BIT_ULL(HYP_SWITCH_TRBE_BIT);
	if (mpam_traps &&
	    (FIELD_GET(PFR0_MPAM, pfr0) || FIELD_GET(PFR1_MPAM_FRAC, pfr1))) {
		f |= BIT_ULL(HYP_SWITCH_MPAM_BIT);
		if (read_sysreg_s(ARMVCPU_SYS_MPAMIDR_EL1) & MPAMIDR_HAS_HCR)
			f |= BIT_ULL(HYP_SWITCH_MPAM_HCR_BIT);
	}
	return f;
}

/* MDCR_EL2.TPMS and TTRF, GICv3, known: el2/cpu_caps.h. */
DEFINE_PER_CPU(u64, armvcpu_cpu_caps);

/*
 * The first entry on this CPU: its HYP_SWITCH_* flags for EL2, and the
 * word that later entries read inline (el2/cpu_caps.h).
 */
u64 __armvcpu_cpu_caps_word(void)
{
	struct armvcpu_hyp_cpu *hc = __this_cpu_read(armvcpu_hyp_cpu);
	u64 dfr0, w = ARMVCPU_CAPS_KNOWN;

	dfr0 = read_sysreg(id_aa64dfr0_el1);
	if (FIELD_GET(DFR0_PMSVER, dfr0))
		w |= MDCR_EL2_TPMS;
	if (FIELD_GET(DFR0_TRACEFILT, dfr0))
		w |= MDCR_EL2_TTRF;
	/*
	 * The debug comms channel (MDCCSR_EL0, DBGDTR*_EL0, OSDTRRX/TX_EL1)
	 * is the host's (its DCC console), not switched: TDA alone lets the
	 * guest reach it while its breakpoints are switched in. TDCC traps
	 * it always, RAZ/WI (sys_regs.c), and MDCCINT_EL1 to its copy.
	 */
	if (FIELD_GET(MMFR0_FGT, read_sysreg(id_aa64mmfr0_el1)))
		w |= MDCR_EL2_TDCC;
	if (!(hc->switch_flags & BIT_ULL(HYP_SWITCH_KNOWN_BIT)))
		hc->switch_flags =
			armvcpu_cpu_switch_flags(read_sysreg(id_aa64pfr0_el1),
						 read_sysreg(id_aa64pfr1_el1),
						 dfr0);
	if (hc->switch_flags & BIT_ULL(HYP_SWITCH_GICV3_BIT))
		w |= ARMVCPU_CAPS_GICV3;
	__this_cpu_write(armvcpu_cpu_caps, w);
	return w;
}

#ifdef ARMVCPU_TEST
/* Test hook: test_mdcr_feat's trap bits on top of the CPU's. */
u64 __armvcpu_cpu_caps_test_mdcr(u64 mdcr, unsigned int feat)
{
	if (feat & ARMVCPU_FEAT_SPE)
		mdcr |= MDCR_EL2_TPMS;
	if (feat & ARMVCPU_FEAT_TRF)
		mdcr |= MDCR_EL2_TTRF;
	return mdcr;
}
#endif
