// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's own hardware breakpoints and watchpoints, as KVM gives them
 * (arch/arm64/kvm/debug.c, sys_regs.c, hyp/include/hyp/debug-sr.h).
 *
 * The registers live in ctx->guest_dbg. While the guest does not use them
 * it runs with MDCR_EL2.TDA set: every access traps and is emulated here
 * from that copy, and EL2 leaves the CPU's registers, the host's, alone.
 * A trapped write, or MDSCR_EL1.MDE or KDE set, makes the next entry
 * switch them (hyp/debug.S): TDA clear, the host's saved, the guest's
 * loaded, and back at the exit. Each exit forgets the write, so a guest
 * that stops debugging goes back to trapping, as KVM's DEBUG_DIRTY.
 *
 * The OS lock (OSLAR_EL1, sys_regs.c) disables the guest's breakpoint,
 * watchpoint and step exceptions: its entries load MDSCR_EL1 without
 * MDE, KDE and SS and keep TDA, so nothing of the guest's can fire and
 * the value it wrote is what it reads back.
 *
 * A VMM that debugs the guest with its own hardware breakpoints
 * (ARMVCPU_GUESTDBG_USE_HW, guest_debug.c) hands a set of its own: EL2
 * loads that instead, with MDE, and the guest's accesses keep trapping
 * to its own copy, as KVM's debug_ptr.
 */
#include <linux/bitfield.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <asm/cpufeature.h>
#include <asm/debug-monitors.h>
#include <asm/kvm_arm.h>
#include <asm/sysreg.h>

#include "armvcpu.h"
#include "compat.h"
#include "debug.h"

#define DFR0_BRPS		GENMASK_ULL(15, 12)
#define DFR0_WRPS		GENMASK_ULL(23, 20)

/*
 * The bits the Armv8.0 debug architecture (what ID_AA64DFR0_EL1.DebugVer
 * promises the guest) defines; the rest are RES0. DBGBCR: BT, LBN, SSC,
 * HMC, BAS, PMC, E. DBGWCR: MASK, WT, LBN, SSC, HMC, BAS, LSC, PAC, E.
 * DBGWVR[1:0]. DBGBVR has none that hold for every breakpoint type (a
 * context breakpoint uses all its low bits). MDCCINT_EL1: RX, TX.
 */
#define DBGBCR_RES0		~(GENMASK_ULL(23, 13) | GENMASK_ULL(8, 5) | \
				  GENMASK_ULL(2, 0))
#define DBGWCR_RES0		~(GENMASK_ULL(28, 24) | GENMASK_ULL(20, 0))
#define DBGWVR_RES0		GENMASK_ULL(1, 0)
#define MDCCINT_RES0		~(BIT_ULL(30) | BIT_ULL(29))

/*
 * Refused in the VMM's set, though the architecture defines them: HMC
 * (match at EL2) and SSC<1> (Secure state only, or with HMC EL2 too), the
 * same bits in DBGBCR and DBGWCR. What is left matches the guest's EL1
 * and EL0 alone, which is all the VMM debugs.
 */
#define DBGXCR_VMM_RES0		(BIT_ULL(15) | BIT_ULL(13))

/* What the OS lock takes out of the MDSCR_EL1 an entry loads. */
#define ARMVCPU_MDSCR_OSLOCKED	(DBG_MDSCR_MDE | DBG_MDSCR_KDE | DBG_MDSCR_SS)

/* DBG{B,W}{V,C}R<n>_EL1 is sys_reg(2, 0, 0, n, op2), by op2 - 4. */
#define DBG_ENC_CRM		GENMASK(11, 8)
#define DBG_ENC_OP2		GENMASK(7, 5)

struct armvcpu_dbg_bank {
	size_t off;		/* of the array in struct armvcpu_dbg_regs */
	u64 res0;
	bool watch;		/* counted by WRPs, else BRPs */
};

static const struct armvcpu_dbg_bank armvcpu_dbg_banks[] = {
	{ offsetof(struct armvcpu_dbg_regs, bvr), 0, false },
	{ offsetof(struct armvcpu_dbg_regs, bcr), DBGBCR_RES0, false },
	{ offsetof(struct armvcpu_dbg_regs, wvr), DBGWVR_RES0, true },
	{ offsetof(struct armvcpu_dbg_regs, wcr), DBGWCR_RES0, true },
};

/*
 * How many the guest has: what every CPU has (the sanitised view, in
 * which a mismatch between CPUs taints the kernel), as its ID register
 * says. EL2 switches all of the CPU's own, so a CPU with more still keeps
 * the host's extra ones from the guest.
 */
unsigned int armvcpu_debug_nr(bool watch)
{
	u64 dfr0 = read_sanitised_ftr_reg(SYS_ID_AA64DFR0_EL1);

	return 1 + (watch ? FIELD_GET(DFR0_WRPS, dfr0) :
			    FIELD_GET(DFR0_BRPS, dfr0));
}

/* The guest's copy of the register @enc and its RES0 bits, or NULL. */
static u64 *armvcpu_debug_slot(struct armvcpu_vcpu *vcpu, u32 enc, u64 *res0)
{
	struct armvcpu_dbg_regs *d = &vcpu->ctx->guest_dbg;
	unsigned int n = FIELD_GET(DBG_ENC_CRM, enc);
	unsigned int op2 = FIELD_GET(DBG_ENC_OP2, enc);
	const struct armvcpu_dbg_bank *b;

	if (enc == SYS_MDCCINT_EL1) {
		*res0 = MDCCINT_RES0;
		return &d->mdccint;
	}
	if ((enc & ~(DBG_ENC_CRM | DBG_ENC_OP2)) != sys_reg(2, 0, 0, 0, 0) ||
	    op2 < 4)
		return NULL;
	b = &armvcpu_dbg_banks[op2 - 4];
	/* As on the hardware, which a guest with TDA clear reaches. */
	if (n >= armvcpu_debug_nr(b->watch))
		return NULL;
	*res0 = b->res0;
	return (u64 *)((u8 *)d + b->off) + n;
}

int armvcpu_debug_sysreg(struct armvcpu_vcpu *vcpu, u32 enc, bool is_write,
			 u64 *val)
{
	u64 res0, *slot = armvcpu_debug_slot(vcpu, enc, &res0);

	if (!slot)
		return -ENOENT;
	if (is_write) {
		*slot = *val & ~res0;
		vcpu->hwdbg.dirty = true;
	} else {
		*val = *slot;
	}
	return 0;
}

void armvcpu_debug_entry_mdscr(struct armvcpu_vcpu *vcpu, u64 clear, u64 set)
{
	u64 *mdscr = &vcpu->ctx->guest.sys[SYS_IDX_MDSCR];

	if (!vcpu->hwdbg.mdscr_saved) {
		vcpu->hwdbg.mdscr = *mdscr;
		vcpu->hwdbg.mdscr_saved = true;
	}
	*mdscr = (*mdscr & ~clear) | set;
}

/* The entry loads @regs (a PA) and TDA stays as the caller leaves it. */
static void armvcpu_debug_entry_load(struct armvcpu_vcpu *vcpu, u64 regs)
{
	vcpu->ctx->ctl.flags |= CTX_FLAG_DEBUG;
	vcpu->ctx->ctl.dbg_regs = regs;
}

/*
 * As KVM's kvm_arm_setup_debug(): the VMM's registers first (the guest's
 * accesses keep trapping to its own copy), then the OS lock, then the
 * guest's own registers if it uses them.
 */
void armvcpu_debug_prepare(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;
	struct armvcpu_hwdbg *h = &vcpu->hwdbg;
	u64 mdscr = ctx->guest.sys[SYS_IDX_MDSCR];

	if (h->vmm) {
		armvcpu_debug_entry_mdscr(vcpu, 0, DBG_MDSCR_MDE);
		armvcpu_debug_entry_load(vcpu, virt_to_phys(h->vmm));
		return;
	}
	/*
	 * The VMM debugs without its own registers: MDCR_EL2.TDE makes EL2
	 * the debug target, and the guest's breakpoints and watchpoints would
	 * fire at its EL1 whatever its KDE and PSTATE.D say. They stay out
	 * (trapped, kept in the copy) until the VMM stops debugging.
	 */
	if (vcpu->debug.control) {
		armvcpu_debug_entry_mdscr(vcpu, DBG_MDSCR_MDE | DBG_MDSCR_KDE, 0);
		return;
	}
	if (vcpu->sysreg_state.os_lock) {
		armvcpu_debug_entry_mdscr(vcpu, ARMVCPU_MDSCR_OSLOCKED, 0);
		return;
	}
	if (!h->dirty && !(mdscr & (DBG_MDSCR_MDE | DBG_MDSCR_KDE)))
		return;
	ctx->ctl.mdcr &= ~MDCR_EL2_TDA;
	armvcpu_debug_entry_load(vcpu, vcpu->ctx_pa +
				 offsetof(struct armvcpu_ctx, guest_dbg));
}

/*
 * When the entry's MDSCR_EL1 was not the guest's, TDA was set for the
 * whole run, so the guest cannot have changed it behind the trap: its
 * own value goes back.
 */
void armvcpu_debug_sync(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_hwdbg *h = &vcpu->hwdbg;

	if (h->mdscr_saved) {
		vcpu->ctx->guest.sys[SYS_IDX_MDSCR] = h->mdscr;
		h->mdscr_saved = false;
	}
	h->dirty = false;
}

/* A bank of the VMM's set: RES0 bits or entries past the count refused. */
static int armvcpu_debug_vmm_bank(const u64 *src, u64 *dst, unsigned int nr,
				  u64 res0)
{
	unsigned int n;

	for (n = 0; n < CTX_DBG_MAX; n++) {
		if (n >= nr ? src[n] : src[n] & res0)
			return -EINVAL;
		dst[n] = src[n];
	}
	return 0;
}

int armvcpu_debug_set_vmm(struct armvcpu_vcpu *vcpu,
			  const struct armvcpu_guest_debug *dbg)
{
	unsigned int nb = armvcpu_debug_nr(false), nw = armvcpu_debug_nr(true);
	struct armvcpu_dbg_regs *r;

	BUILD_BUG_ON(sizeof(dbg->dbg_bcr) != sizeof(r->bcr) ||
		     sizeof(dbg->dbg_wcr) != sizeof(r->wcr));
	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;
	if (armvcpu_debug_vmm_bank(dbg->dbg_bcr, r->bcr, nb,
				   DBGBCR_RES0 | DBGXCR_VMM_RES0) ||
	    armvcpu_debug_vmm_bank(dbg->dbg_bvr, r->bvr, nb, 0) ||
	    armvcpu_debug_vmm_bank(dbg->dbg_wcr, r->wcr, nw,
				   DBGWCR_RES0 | DBGXCR_VMM_RES0) ||
	    armvcpu_debug_vmm_bank(dbg->dbg_wvr, r->wvr, nw, DBGWVR_RES0)) {
		kfree(r);
		return -EINVAL;
	}
	kfree(vcpu->hwdbg.vmm);
	vcpu->hwdbg.vmm = r;
	return 0;
}

void armvcpu_debug_clear_vmm(struct armvcpu_vcpu *vcpu)
{
	kfree(vcpu->hwdbg.vmm);
	vcpu->hwdbg.vmm = NULL;
}

/* ONE_REG: the breakpoints, the watchpoints, then these. */
static const u64 armvcpu_debug_other_ids[] = {
	ARMVCPU_REG_MDCCINT_EL1,
	ARMVCPU_REG_OSLSR_EL1,
};

unsigned int armvcpu_debug_reg_count(struct armvcpu_vcpu *vcpu)
{
	return 2 * armvcpu_debug_nr(false) + 2 * armvcpu_debug_nr(true) +
	       ARRAY_SIZE(armvcpu_debug_other_ids);
}

u64 armvcpu_debug_reg_id(struct armvcpu_vcpu *vcpu, unsigned int i)
{
	unsigned int nb = 2 * armvcpu_debug_nr(false);
	unsigned int nw = 2 * armvcpu_debug_nr(true);

	if (i < nb)
		return ARMVCPU_REG_SYS(2, 0, 0, i / 2, 4 + i % 2);
	i -= nb;
	if (i < nw)
		return ARMVCPU_REG_SYS(2, 0, 0, i / 2, 6 + i % 2);
	i -= nw;
	return i < ARRAY_SIZE(armvcpu_debug_other_ids) ?
	       armvcpu_debug_other_ids[i] : 0;
}

static u64 *armvcpu_debug_id_slot(struct armvcpu_vcpu *vcpu, u64 id,
				  u64 *res0)
{
	u64 idx = id & ARMVCPU_REG_INDEX_MASK;

	if (id != ARMVCPU_REG(SYSREG, U64, idx))
		return NULL;
	/* sys_reg() packs the same fields as the id, five bits higher. */
	return armvcpu_debug_slot(vcpu, idx << 5, res0);
}

int armvcpu_debug_reg_get(struct armvcpu_vcpu *vcpu, u64 id, u64 *val)
{
	u64 res0, *slot;

	if (id == ARMVCPU_REG_OSLSR_EL1) {
		*val = OSLSR_EL1_OSLM_IMPLEMENTED |
		       (vcpu->sysreg_state.os_lock ? OSLSR_EL1_OSLK : 0);
		return 0;
	}
	slot = armvcpu_debug_id_slot(vcpu, id, &res0);
	if (!slot)
		return -ENOENT;
	*val = *slot;
	return 0;
}

/* RES0 bits set, or OSLSR_EL1 bits other than OSLK changed: -EINVAL. */
int armvcpu_debug_reg_set(struct armvcpu_vcpu *vcpu, u64 id, u64 val)
{
	u64 res0, *slot;

	if (id == ARMVCPU_REG_OSLSR_EL1) {
		if ((val ^ OSLSR_EL1_OSLM_IMPLEMENTED) & ~OSLSR_EL1_OSLK)
			return -EINVAL;
		vcpu->sysreg_state.os_lock = val & OSLSR_EL1_OSLK;
		return 0;
	}
	slot = armvcpu_debug_id_slot(vcpu, id, &res0);
	if (!slot)
		return -ENOENT;
	if (val & res0)
		return -EINVAL;
	*slot = val;
	return 0;
}
