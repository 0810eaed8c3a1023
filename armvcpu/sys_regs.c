// SPDX-License-Identifier: GPL-2.0
/*
 * Trapped MRS, MSR and SYS instructions (EC 0x18).
 *
 * One table, sorted by encoding, says what happens to each register or
 * range of registers the guest can trap on: emulated here (feature ID
 * registers as sanitised values, set/way cache maintenance, the debug
 * registers the guest may own), UNDEF (features armvcpu hides), or an
 * ARMVCPU_EXIT_SYSREG exit to the VMM (physical timer and GICv3 CPU
 * interface without the in-kernel GIC, implementation-defined registers).
 * A register in no entry goes to the VMM too, unless it lies in the debug
 * space or the feature ID space, which have an architectural default.
 * Documentation/exits.rst has the table.
 *
 * The PC only moves once the access is complete: here for what the kernel
 * emulates, on the next RUN for an exit, so a VMM that asks for UNDEF
 * gets the exception on the MSR/MRS itself.
 */
#define pr_fmt(fmt) "armvcpu: " fmt

#include <linux/bsearch.h>
#include <asm/cpufeature.h>
#include <asm/debug-monitors.h>
#include <asm/esr.h>
#include <asm/sysreg.h>

#include "armvcpu.h"
#include "emulate.h"
#include "exit_handlers.h"
#include "compat.h"
#include "pmu.h"
#include "vgic/vgic.h"
#include "trace.h"

enum armvcpu_sysreg_outcome {
	ARMVCPU_SYSREG_DONE,	/* emulated: write Rt for a read, step PC */
	ARMVCPU_SYSREG_UNDEF,	/* the guest takes UNDEF on the instruction */
	ARMVCPU_SYSREG_USER,	/* ARMVCPU_EXIT_SYSREG */
};

struct armvcpu_sysreg_access {
	u32 enc;		/* sys_reg(op0, op1, CRn, CRm, op2) */
	bool is_write;
	u64 val;		/* written value, or the value read */
};

/*
 * [enc, last] is a range of encodings that behave alike, or one register
 * when last is 0. val is the register's reset value, or for an ID
 * register the fields it hides.
 */
struct armvcpu_sysreg_desc {
	u32 enc;
	u32 last;
	enum armvcpu_sysreg_outcome
		(*access)(struct armvcpu_vcpu *vcpu,
			  struct armvcpu_sysreg_access *a,
			  const struct armvcpu_sysreg_desc *d);
	u64 val;
};

static enum armvcpu_sysreg_outcome
sysreg_user(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	    const struct armvcpu_sysreg_desc *d)
{
	return ARMVCPU_SYSREG_USER;
}

static enum armvcpu_sysreg_outcome
sysreg_undef(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	     const struct armvcpu_sysreg_desc *d)
{
	return ARMVCPU_SYSREG_UNDEF;
}

/* With an in-kernel GIC, the SGI registers generate SGIs (vgic/vgic.c). */
static enum armvcpu_sysreg_outcome
sysreg_icc(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	   const struct armvcpu_sysreg_desc *d)
{
	if (!vcpu->vm->vgic)
		return ARMVCPU_SYSREG_USER;
	if (armvcpu_vgic_sysreg(vcpu, a->enc, a->is_write, &a->val))
		return ARMVCPU_SYSREG_UNDEF;
	return ARMVCPU_SYSREG_DONE;
}

/* The guest's breakpoints, watchpoints and MDCCINT_EL1 (debug.c). */
static enum armvcpu_sysreg_outcome
sysreg_dbg(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	   const struct armvcpu_sysreg_desc *d)
{
	if (armvcpu_debug_sysreg(vcpu, a->enc, a->is_write, &a->val))
		return ARMVCPU_SYSREG_UNDEF;
	return ARMVCPU_SYSREG_DONE;
}

/* The PMU of a VM with ARMVCPU_VM_PMU (pmu.c); UNDEF without it. */
static enum armvcpu_sysreg_outcome
sysreg_pmu(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	   const struct armvcpu_sysreg_desc *d)
{
	if (armvcpu_pmu_sysreg(vcpu, a->enc, a->is_write, &a->val))
		return ARMVCPU_SYSREG_UNDEF;
	return ARMVCPU_SYSREG_DONE;
}

/*
 * The physical counter and timer: emulated with an in-kernel GIC, which
 * takes the timer's PPI (vgic/ptimer.c); the VMM's to model otherwise.
 */
static enum armvcpu_sysreg_outcome
sysreg_ptimer(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	      const struct armvcpu_sysreg_desc *d)
{
	if (!vcpu->vm->vgic)
		return ARMVCPU_SYSREG_USER;
	if (armvcpu_ptimer_sysreg(vcpu, a->enc, a->is_write, &a->val))
		return ARMVCPU_SYSREG_UNDEF;
	return ARMVCPU_SYSREG_DONE;
}

/* Reads as zero, writes ignored: state armvcpu does not give the guest. */
static enum armvcpu_sysreg_outcome
sysreg_razwi(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	     const struct armvcpu_sysreg_desc *d)
{
	a->val = 0;
	return ARMVCPU_SYSREG_DONE;
}

/* Reserved feature ID space reads as zero; ID registers are read-only. */
static enum armvcpu_sysreg_outcome
sysreg_id_raz(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	      const struct armvcpu_sysreg_desc *d)
{
	if (a->is_write)
		return ARMVCPU_SYSREG_UNDEF;
	a->val = 0;
	return ARMVCPU_SYSREG_DONE;
}

/*
 * What every CPU of the host supports (the kernel's sanitised view, so a
 * vCPU that moves between big and little cores sees one value), minus
 * the fields of features armvcpu does not virtualise.
 */
static enum armvcpu_sysreg_outcome
sysreg_id(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	  const struct armvcpu_sysreg_desc *d)
{
	if (a->is_write)
		return ARMVCPU_SYSREG_UNDEF;
	a->val = read_sanitised_ftr_reg(d->enc) & ~d->val;
	return ARMVCPU_SYSREG_DONE;
}

/*
 * EL0 and EL1 are AArch64 only (armvcpu never enters AArch32), EL2 does
 * not exist for the guest: HVC is the hypervisor's call.
 */
static enum armvcpu_sysreg_outcome
sysreg_id_pfr0(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	       const struct armvcpu_sysreg_desc *d)
{
	enum armvcpu_sysreg_outcome o = sysreg_id(vcpu, a, d);

	a->val |= FIELD_PREP(ID_AA64PFR0_EL1_EL0_MASK, 1) |
		  FIELD_PREP(ID_AA64PFR0_EL1_EL1_MASK, 1);
	/*
	 * CSV2 2 (and CSV2_frac) promise SCXTNUM_ELx, whose context numbers
	 * are not switched: at most CSV2 1, as KVM says.
	 */
	if (FIELD_GET(ID_AA64PFR0_EL1_CSV2_MASK, a->val) > 1) {
		a->val &= ~ID_AA64PFR0_EL1_CSV2_MASK;
		a->val |= FIELD_PREP(ID_AA64PFR0_EL1_CSV2_MASK, 1);
	}
	return o;
}

/* ID_AA64DFR0_EL1 fields, by bit position as DFR0_HIDDEN below. */
#define DFR0_DEBUGVER		GENMASK_ULL(3, 0)
#define DFR0_DEBUGVER_V8	6
#define DFR0_DOUBLELOCK		GENMASK_ULL(39, 36)

/*
 * BRPs, WRPs and CTX_CMPs are the host's (sysreg_id() keeps them): the
 * guest has every breakpoint and watchpoint of the host (debug.c).
 * OSDLR_EL1 is RAZ/WI, as in KVM, which is what a CPU without the double
 * lock does: DoubleLock 0b1111 says so. And the debug architecture is
 * Armv8.0's, as KVM in Linux 6.1 says: the registers debug.c switches
 * are that version's, nothing a later one adds is emulated.
 */
static enum armvcpu_sysreg_outcome
sysreg_id_dfr0(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	       const struct armvcpu_sysreg_desc *d)
{
	enum armvcpu_sysreg_outcome o = sysreg_id(vcpu, a, d);

	a->val &= ~(DFR0_DEBUGVER | DFR0_DOUBLELOCK);
	a->val |= FIELD_PREP(DFR0_DEBUGVER, DFR0_DEBUGVER_V8) |
		  FIELD_PREP(DFR0_DOUBLELOCK, 0xf);
	a->val = armvcpu_pmu_id_dfr0(vcpu, a->val);
	return o;
}

/* PARange says what the guest's IPA space holds, not what the host's does. */
static enum armvcpu_sysreg_outcome
sysreg_id_mmfr0(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
		const struct armvcpu_sysreg_desc *d)
{
	static const u8 parange_bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	enum armvcpu_sysreg_outcome o = sysreg_id(vcpu, a, d);
	u64 host = FIELD_GET(ID_AA64MMFR0_EL1_PARANGE_MASK, a->val);
	u64 pa = 0;

	while (pa + 1 < ARRAY_SIZE(parange_bits) && pa + 1 <= host &&
	       parange_bits[pa + 1] <= vcpu->vm->s2.ipa_bits)
		pa++;
	a->val &= ~ID_AA64MMFR0_EL1_PARANGE_MASK;
	a->val |= FIELD_PREP(ID_AA64MMFR0_EL1_PARANGE_MASK, pa);
	return o;
}

/*
 * Set/way operations only mean something to the CPU they run on, and a
 * vCPU moves between CPUs: clean and invalidate all guest memory by VA
 * instead. Like KVM, do it once, then again only after the guest turned
 * its MMU or caches on or off (firmware loops over thousands of sets and
 * ways; each would otherwise clean the whole VM).
 */
static enum armvcpu_sysreg_outcome
sysreg_setway(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	      const struct armvcpu_sysreg_desc *d)
{
	struct armvcpu_sysreg_state *s = &vcpu->sysreg_state;
	u64 mc = vcpu->ctx->guest.sys[SYS_IDX_SCTLR] & (SCTLR_ELx_M | SCTLR_ELx_C);
	struct armvcpu_vm *vm = vcpu->vm;

	if (!s->sw_cleaned || s->sw_sctlr != mc) {
		mutex_lock(&vm->lock);
		armvcpu_memslots_clean_caches(vm);
		mutex_unlock(&vm->lock);
		s->sw_cleaned = true;
		s->sw_sctlr = mc;
	}
	return ARMVCPU_SYSREG_DONE;
}

/* MDSCR_EL1.HDE: halting debug, for an external debugger only. */
#define ARMVCPU_MDSCR_HDE	BIT(14)

/*
 * MDSCR_EL1 is switched with the guest, and MDE arms the guest's own
 * breakpoints and watchpoints (debug.c switches them in whenever it is
 * set). HDE is halting debug, for an external debugger, never the
 * guest's: ignored. The MSR and ARMVCPU_SET_ONE_REG both store through
 * here.
 */
u64 armvcpu_mdscr_sanitise(u64 mdscr)
{
	return mdscr & ~(u64)ARMVCPU_MDSCR_HDE;
}

static enum armvcpu_sysreg_outcome
sysreg_mdscr(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	     const struct armvcpu_sysreg_desc *d)
{
	u64 *mdscr = &vcpu->ctx->guest.sys[SYS_IDX_MDSCR];

	if (a->is_write)
		*mdscr = armvcpu_mdscr_sanitise(a->val);
	else
		a->val = *mdscr;
	return ARMVCPU_SYSREG_DONE;
}

/* The OS lock: guest state only, the host's own lock is never touched. */
static enum armvcpu_sysreg_outcome
sysreg_oslar(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	     const struct armvcpu_sysreg_desc *d)
{
	if (!a->is_write)
		return ARMVCPU_SYSREG_UNDEF;
	vcpu->sysreg_state.os_lock = a->val & OSLAR_EL1_OSLK;
	return ARMVCPU_SYSREG_DONE;
}

static enum armvcpu_sysreg_outcome
sysreg_oslsr(struct armvcpu_vcpu *vcpu, struct armvcpu_sysreg_access *a,
	     const struct armvcpu_sysreg_desc *d)
{
	if (a->is_write)
		return ARMVCPU_SYSREG_UNDEF;
	a->val = d->val | (vcpu->sysreg_state.os_lock ? OSLSR_EL1_OSLK : 0);
	return ARMVCPU_SYSREG_DONE;
}

#define ONE(r, fn, v)		{ r, 0, sysreg_ ## fn, v }
#define RANGE(r0, r1, fn)	{ r0, r1, sysreg_ ## fn, 0 }
#define DC_SW(crm, op2)		ONE(sys_insn(1, 0, 7, crm, op2), setway, 0)

#define PFR0_HIDDEN	(ID_AA64PFR0_EL1_RME_MASK | ID_AA64PFR0_EL1_AMU_MASK | \
			 ID_AA64PFR0_EL1_MPAM_MASK | ID_AA64PFR0_EL1_SEL2_MASK | \
			 ID_AA64PFR0_EL1_SVE_MASK | ID_AA64PFR0_EL1_RAS_MASK | \
			 ID_AA64PFR0_EL1_EL2_MASK | ID_AA64PFR0_EL1_EL1_MASK | \
			 ID_AA64PFR0_EL1_EL0_MASK)
#define PFR1_HIDDEN	(ID_AA64PFR1_EL1_NMI_MASK | \
			 ID_AA64PFR1_EL1_CSV2_frac_MASK | \
			 ID_AA64PFR1_EL1_RNDR_trap_MASK | \
			 ID_AA64PFR1_EL1_SME_MASK | \
			 ID_AA64PFR1_EL1_MPAM_frac_MASK | \
			 ID_AA64PFR1_EL1_RAS_frac_MASK | ID_AA64PFR1_EL1_MTE_MASK)
/*
 * PMU (but for a PMU VM: armvcpu_pmu_id_dfr0()), statistical profiling,
 * trace and branch records are not given to the guest. By bit position:
 * the kernel's names for these fields are CamelCase, which the style
 * checker refuses.
 */
#define DFR0_HIDDEN	(ID_AA64DFR0_EL1_HPMN0_MASK | \
			 ID_AA64DFR0_EL1_BRBE_MASK | \
			 ID_AA64DFR0_EL1_MTPMU_MASK | \
			 GENMASK_ULL(47, 44) /* TraceBuffer */ | \
			 GENMASK_ULL(43, 40) /* TraceFilt */ | \
			 GENMASK_ULL(35, 32) /* PMSVer */ | \
			 GENMASK_ULL(11, 8) /* PMUVer */ | \
			 GENMASK_ULL(7, 4) /* TraceVer */)
/* Transactional memory: HCR_EL2.TME is clear, so TSTART would UNDEF. */
#define ISAR0_HIDDEN	ID_AA64ISAR0_EL1_TME_MASK
/* Pointer authentication keys are not switched: hide PAuth. */
#define ISAR1_HIDDEN	(ID_AA64ISAR1_EL1_LS64_MASK | ID_AA64ISAR1_EL1_GPI_MASK | \
			 ID_AA64ISAR1_EL1_GPA_MASK | ID_AA64ISAR1_EL1_API_MASK | \
			 ID_AA64ISAR1_EL1_APA_MASK)
#define ISAR2_HIDDEN	(ID_AA64ISAR2_EL1_PAC_frac_MASK | \
			 ID_AA64ISAR2_EL1_MOPS_MASK | \
			 ID_AA64ISAR2_EL1_APA3_MASK | ID_AA64ISAR2_EL1_GPA3_MASK)
/* Stage-2 and EL2 features mean nothing to a guest without EL2. */
#define MMFR0_HIDDEN	(ID_AA64MMFR0_EL1_ECV_MASK | ID_AA64MMFR0_EL1_FGT_MASK)
#define MMFR1_HIDDEN	(ID_AA64MMFR1_EL1_TIDCP1_MASK | \
			 ID_AA64MMFR1_EL1_HCX_MASK | ID_AA64MMFR1_EL1_TWED_MASK | \
			 ID_AA64MMFR1_EL1_XNX_MASK | ID_AA64MMFR1_EL1_LO_MASK | \
			 ID_AA64MMFR1_EL1_VH_MASK | \
			 GENMASK_ULL(7, 4) /* VMIDBits */)
#define MMFR2_HIDDEN	(ID_AA64MMFR2_EL1_EVT_MASK | ID_AA64MMFR2_EL1_FWB_MASK | \
			 ID_AA64MMFR2_EL1_NV_MASK)

/* Sorted by encoding (op0, op1, CRn, CRm, op2); ranges never overlap. */
static const struct armvcpu_sysreg_desc armvcpu_sysregs[] = {
	/* DC ISW, IGSW, IGDSW, CSW, CGSW, CGDSW, CISW, CIGSW, CIGDSW */
	DC_SW(6, 2), DC_SW(6, 4), DC_SW(6, 6),
	DC_SW(10, 2), DC_SW(10, 4), DC_SW(10, 6),
	DC_SW(14, 2), DC_SW(14, 4), DC_SW(14, 6),

	/*
	 * DBGBVR, DBGBCR, DBGWVR, DBGWCR<n>_EL1 (op2 4-7) and MDCCINT_EL1:
	 * the guest's own (debug.c).
	 */
	RANGE(sys_reg(2, 0, 0, 0, 4), sys_reg(2, 0, 0, 0, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 1, 4), sys_reg(2, 0, 0, 1, 7), dbg),
	ONE(SYS_MDCCINT_EL1, dbg, 0),
	ONE(SYS_MDSCR_EL1, mdscr, 0),
	RANGE(sys_reg(2, 0, 0, 2, 4), sys_reg(2, 0, 0, 2, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 3, 4), sys_reg(2, 0, 0, 3, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 4, 4), sys_reg(2, 0, 0, 4, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 5, 4), sys_reg(2, 0, 0, 5, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 6, 4), sys_reg(2, 0, 0, 6, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 7, 4), sys_reg(2, 0, 0, 7, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 8, 4), sys_reg(2, 0, 0, 8, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 9, 4), sys_reg(2, 0, 0, 9, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 10, 4), sys_reg(2, 0, 0, 10, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 11, 4), sys_reg(2, 0, 0, 11, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 12, 4), sys_reg(2, 0, 0, 12, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 13, 4), sys_reg(2, 0, 0, 13, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 14, 4), sys_reg(2, 0, 0, 14, 7), dbg),
	RANGE(sys_reg(2, 0, 0, 15, 4), sys_reg(2, 0, 0, 15, 7), dbg),
	ONE(SYS_OSLAR_EL1, oslar, 0),
	ONE(SYS_OSLSR_EL1, oslsr, OSLSR_EL1_OSLM_IMPLEMENTED),

	/* AArch32 ID registers: armvcpu never runs AArch32. */
	RANGE(sys_reg(3, 0, 0, 1, 0), sys_reg(3, 0, 0, 3, 7), id_raz),
	ONE(SYS_ID_AA64PFR0_EL1, id_pfr0, PFR0_HIDDEN),
	ONE(SYS_ID_AA64PFR1_EL1, id, PFR1_HIDDEN),
	ONE(SYS_ID_AA64DFR0_EL1, id_dfr0, DFR0_HIDDEN),
	ONE(SYS_ID_AA64ISAR0_EL1, id, ISAR0_HIDDEN),
	ONE(SYS_ID_AA64ISAR1_EL1, id, ISAR1_HIDDEN),
	ONE(SYS_ID_AA64ISAR2_EL1, id, ISAR2_HIDDEN),
	ONE(SYS_ID_AA64MMFR0_EL1, id_mmfr0, MMFR0_HIDDEN),
	ONE(SYS_ID_AA64MMFR1_EL1, id, MMFR1_HIDDEN),
	ONE(SYS_ID_AA64MMFR2_EL1, id, MMFR2_HIDDEN),

	/* ACTLR_EL1: implementation-defined content. */
	ONE(sys_reg(3, 0, 1, 0, 1), user, 0),
	/* TRFCR_EL1 (MDCR_EL2.TTRF): the trace filter is the host's. */
	ONE(sys_reg(3, 0, 1, 2, 1), undef, 0),
	/* APIAKeyLo_EL1 .. APGAKeyHi_EL1 (HCR_EL2.APK): PAuth hidden. */
	RANGE(sys_reg(3, 0, 2, 1, 0), sys_reg(3, 0, 2, 3, 1), undef),
	/* ICC_PMR_EL1 */
	ONE(sys_reg(3, 0, 4, 6, 0), user, 0),
	/* ERRIDR_EL1 .. ERXMISC3_EL1 (HCR_EL2.TERR): RAS hidden. */
	RANGE(sys_reg(3, 0, 5, 3, 0), sys_reg(3, 0, 5, 5, 7), undef),
	/*
	 * PMSCR_EL1 .. PMSIDR_EL1, PMBLIMITR_EL1 .. PMBIDR_EL1 (TPMS,
	 * E2PB = 0), TRBLIMITR_EL1 .. TRBIDR_EL1 (E2TB = 0): statistical
	 * profiling and the trace buffer are hidden; the host's stay its own.
	 */
	RANGE(sys_reg(3, 0, 9, 9, 0), sys_reg(3, 0, 9, 11, 7), undef),
	/* PMINTENSET_EL1, PMINTENCLR_EL1, PMMIR_EL1. */
	RANGE(sys_reg(3, 0, 9, 14, 1), sys_reg(3, 0, 9, 14, 6), pmu),
	/*
	 * LORSA, LOREA, LORN, LORC, LORID: LORegions hidden; MPAMIDR_EL1
	 * (CRm 4, op2 4) with them: MPAM hidden.
	 */
	RANGE(sys_reg(3, 0, 10, 4, 0), sys_reg(3, 0, 10, 4, 7), undef),
	/* MPAM1_EL1, MPAM0_EL1, MPAMSM_EL1 (MPAM2_EL2 traps): MPAM hidden. */
	RANGE(sys_reg(3, 0, 10, 5, 0), sys_reg(3, 0, 10, 5, 7), undef),
	/* GICv3 CPU interface: ICC_IAR0_EL1 .. ICC_IGRPEN1_EL1, SGIs. */
	RANGE(sys_reg(3, 0, 12, 8, 0), sys_reg(3, 0, 12, 12, 7), icc),
	/* SCXTNUM_EL1 (HCR_EL2.EnSCXT clear): CSV2_2 hidden. */
	ONE(sys_reg(3, 0, 13, 0, 7), undef, 0),

	/* PMCR_EL0 .. PMOVSSET_EL0. */
	RANGE(sys_reg(3, 3, 9, 12, 0), sys_reg(3, 3, 9, 14, 7), pmu),
	/* SCXTNUM_EL0: as SCXTNUM_EL1. */
	ONE(sys_reg(3, 3, 13, 0, 7), undef, 0),
	/* Activity monitors: hidden. */
	RANGE(sys_reg(3, 3, 13, 2, 0), sys_reg(3, 3, 13, 7, 7), undef),
	/* Physical counter and timer: the kernel's with a GIC, else the VMM's. */
	ONE(SYS_CNTPCT_EL0, ptimer, 0),
	ONE(SYS_CNTPCTSS_EL0, ptimer, 0),
	RANGE(SYS_CNTP_TVAL_EL0, SYS_CNTP_CVAL_EL0, ptimer),
	/* PMEVCNTR<n>_EL0, PMEVTYPER<n>_EL0, PMCCFILTR_EL0. */
	RANGE(sys_reg(3, 3, 14, 8, 0), sys_reg(3, 3, 14, 15, 7), pmu),
};

/* Not in the table: the debug space and the feature ID space. */
static const struct armvcpu_sysreg_desc armvcpu_sysreg_debug =
	RANGE(sys_reg(2, 0, 0, 0, 0), sys_reg(2, 7, 15, 15, 7), razwi);
static const struct armvcpu_sysreg_desc armvcpu_sysreg_id_space =
	RANGE(sys_reg(3, 0, 0, 1, 0), sys_reg(3, 0, 0, 7, 7), id_raz);
static const struct armvcpu_sysreg_desc armvcpu_sysreg_other =
	RANGE(0, U32_MAX, user);

static int armvcpu_sysreg_cmp(const void *key, const void *elt)
{
	const struct armvcpu_sysreg_desc *d = elt;
	u32 enc = *(const u32 *)key;

	if (enc < d->enc)
		return -1;
	return enc > (d->last ?: d->enc);
}

/*
 * bsearch() needs the table sorted, its ranges apart: checked once, at
 * load (main.c), so that a table a change got wrong fails the load rather
 * than some guest's trap.
 */
int __init armvcpu_sysregs_init(void)
{
	unsigned int i;
	u32 prev_last = 0;

	for (i = 0; i < ARRAY_SIZE(armvcpu_sysregs); i++) {
		const struct armvcpu_sysreg_desc *d = &armvcpu_sysregs[i];
		u32 last = d->last ?: d->enc;

		if (last < d->enc || (i && d->enc <= prev_last)) {
			pr_err("the sysreg table is out of order at entry %u (%#x): not loading\n",
			       i, d->enc);
			return -EINVAL;
		}
		prev_last = last;
	}
	return 0;
}

static const struct armvcpu_sysreg_desc *armvcpu_sysreg_find(u32 enc)
{
	const struct armvcpu_sysreg_desc *d;

	d = bsearch(&enc, armvcpu_sysregs, ARRAY_SIZE(armvcpu_sysregs),
		    sizeof(armvcpu_sysregs[0]), armvcpu_sysreg_cmp);
	if (d)
		return d;
	if (enc >= armvcpu_sysreg_debug.enc && enc <= armvcpu_sysreg_debug.last)
		return &armvcpu_sysreg_debug;
	if (enc >= armvcpu_sysreg_id_space.enc &&
	    enc <= armvcpu_sysreg_id_space.last)
		return &armvcpu_sysreg_id_space;
	return &armvcpu_sysreg_other;
}

/*
 * The same id a VMM uses with ARMVCPU_GET_ONE_REG: its index packs op0,
 * op1, CRn, CRm and op2 as sys_reg() does, five bits lower.
 */
static u64 armvcpu_sysreg_id(u32 enc)
{
	BUILD_BUG_ON(ARMVCPU_REG(SYSREG, U64, SYS_ICC_SGI1R_EL1 >> 5) !=
		     ARMVCPU_REG_SYS(3, 0, 12, 11, 5));
	return ARMVCPU_REG(SYSREG, U64, enc >> 5);
}

static int armvcpu_sysreg_exit(struct armvcpu_vcpu *vcpu,
			       const struct armvcpu_sysreg_access *a, u32 rt)
{
	struct armvcpu_run *run = vcpu->run;

	memset(&run->sysreg, 0, sizeof(run->sysreg));
	run->exit_reason = ARMVCPU_EXIT_SYSREG;
	run->sysreg.id = armvcpu_sysreg_id(a->enc);
	/* A read the VMM leaves alone reads as zero. */
	run->sysreg.value = a->is_write ? a->val : 0;
	run->sysreg.rt = rt;
	run->sysreg.is_write = a->is_write;
	vcpu->pending.sysreg.rt = rt;
	vcpu->pending.sysreg.is_write = a->is_write;
	vcpu->pending.kind = ARMVCPU_PENDING_SYSREG;
	return 0;
}

int armvcpu_handle_sys64(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;
	u64 esr = ctx->exit.esr;
	u32 rt = ESR_ELx_SYS64_ISS_RT(esr);
	struct armvcpu_sysreg_access a = {
		.enc = sys_reg(FIELD_GET(ESR_ELx_SYS64_ISS_OP0_MASK, esr),
			       FIELD_GET(ESR_ELx_SYS64_ISS_OP1_MASK, esr),
			       FIELD_GET(ESR_ELx_SYS64_ISS_CRN_MASK, esr),
			       FIELD_GET(ESR_ELx_SYS64_ISS_CRM_MASK, esr),
			       FIELD_GET(ESR_ELx_SYS64_ISS_OP2_MASK, esr)),
		.is_write = (esr & ESR_ELx_SYS64_ISS_DIR_MASK) ==
			    ESR_ELx_SYS64_ISS_DIR_WRITE,
	};
	const struct armvcpu_sysreg_desc *d = armvcpu_sysreg_find(a.enc);
	enum armvcpu_sysreg_outcome outcome;

	if (a.is_write)
		a.val = armvcpu_get_x(vcpu, rt);

	outcome = d->access(vcpu, &a, d);
	trace_armvcpu_sysreg(vcpu->id, a.enc, a.is_write, a.val, outcome);
	switch (outcome) {
	case ARMVCPU_SYSREG_DONE:
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_SYSREG_KERNEL);
		if (!a.is_write)
			armvcpu_set_x(vcpu, rt, a.val);
		armvcpu_skip_instr(vcpu);
		return 1;
	case ARMVCPU_SYSREG_UNDEF:
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_SYSREG_KERNEL);
		armvcpu_inject_undef(vcpu);
		return 1;
	case ARMVCPU_SYSREG_USER:
	default:
		return armvcpu_sysreg_exit(vcpu, &a, rt);
	}
}

/*
 * Next RUN after ARMVCPU_EXIT_SYSREG: each field userspace owns is read
 * once. UNDEF leaves the PC on the instruction, as the exception needs.
 */
void armvcpu_sysreg_complete(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_run *run = vcpu->run;

	if (READ_ONCE(run->sysreg.undef)) {
		armvcpu_inject_undef(vcpu);
		return;
	}
	if (!vcpu->pending.sysreg.is_write)
		armvcpu_set_x(vcpu, vcpu->pending.sysreg.rt,
			      READ_ONCE(run->sysreg.value));
	armvcpu_skip_instr(vcpu);
}
