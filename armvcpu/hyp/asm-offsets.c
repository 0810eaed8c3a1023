// SPDX-License-Identifier: GPL-2.0
/*
 * The offsets armvcpu/hyp/'s assembly addresses struct armvcpu_ctx and
 * struct armvcpu_hyp_cpu with, from the structs themselves. Kbuild only
 * compiles this file to assembly and turns its markers into
 * generated/hyp-offsets.h (the top-level Kbuild), as the kernel does for
 * its asm-offsets.h: it is never linked, never run. Only hyp.S includes
 * the generated header; C uses the structs.
 */
#include <linux/build_bug.h>
#include <linux/kbuild.h>
#include <linux/stddef.h>

#include "hyp/hyp_abi.h"

#define CTX(sym, mem)	OFFSET(CTX_##sym, armvcpu_ctx, mem)
#define HYP_CPU(sym, mem) OFFSET(HYP_CPU_##sym, armvcpu_hyp_cpu, mem)

/*
 * What the assembly assumes beyond single offsets: @b right after @a, for
 * an ldp/stp of both or a run of stores with post-increment.
 */
#define NEXT_TO(type, a, b) \
	static_assert(offsetof(struct type, b) == offsetof(struct type, a) + 8)

/* Loaded and stored with ldp/stp of q registers. */
static_assert(offsetof(struct armvcpu_ctx, guest.fp.vregs) % 16 == 0);
/* INIT (stp), hand-back (ldp). */
NEXT_TO(armvcpu_hyp_cpu, saved_sctlr, saved_tcr);
NEXT_TO(armvcpu_hyp_cpu, saved_mair, saved_ttbr0);
/* el2_regs_store, host_el2_ctl_restore and el2_handback: HCR .. VMPIDR. */
NEXT_TO(armvcpu_hyp_cpu, saved_hcr, saved_vttbr);
NEXT_TO(armvcpu_hyp_cpu, saved_vttbr, saved_vtcr);
NEXT_TO(armvcpu_hyp_cpu, saved_vtcr, saved_cptr);
NEXT_TO(armvcpu_hyp_cpu, saved_cptr, saved_mdcr);
NEXT_TO(armvcpu_hyp_cpu, saved_mdcr, saved_cnthctl);
NEXT_TO(armvcpu_hyp_cpu, saved_cnthctl, saved_cntvoff);
NEXT_TO(armvcpu_hyp_cpu, saved_cntvoff, saved_hstr);
NEXT_TO(armvcpu_hyp_cpu, saved_hstr, saved_vpidr);
NEXT_TO(armvcpu_hyp_cpu, saved_vpidr, saved_vmpidr);
static_assert(sizeof_field(struct armvcpu_hyp_cpu, now_hcr_vmpidr) ==
	      offsetof(struct armvcpu_hyp_cpu, saved_tpidr) -
	      offsetof(struct armvcpu_hyp_cpu, saved_hcr));
/* host_sync (stp), host_regs_restore (ldp). */
NEXT_TO(armvcpu_hyp_cpu, host_elr, host_spsr);

/*
 * el1_sys (switch.S) moves the EL1 registers of sys[] in ldp/stp pairs by
 * index: each pair's second register must be the next index, and the
 * host's copy must end right after CNTV_CVAL.
 */
#define SYS_PAIR(a, b)	static_assert(SYS_IDX_##b == SYS_IDX_##a + 1)
SYS_PAIR(SCTLR, CPACR);
SYS_PAIR(TTBR0, TTBR1);
SYS_PAIR(TCR, MAIR);
SYS_PAIR(AMAIR, VBAR);
SYS_PAIR(CONTEXTIDR, TPIDR_EL1);
SYS_PAIR(CNTKCTL, CSSELR);
SYS_PAIR(MDSCR, TPIDR_EL0);
SYS_PAIR(TPIDRRO_EL0, CNTV_CTL);
SYS_PAIR(CNTV_CVAL, ESR);
SYS_PAIR(AFSR0, AFSR1);
SYS_PAIR(FAR, PAR);
SYS_PAIR(ELR, SPSR);
#define SYS_LAST(a, nr)	static_assert(SYS_IDX_##a + 1 == (nr))
SYS_LAST(CNTV_CVAL, SYS_NR_HOST);
SYS_LAST(SPSR, CTX_NR_SYS);

int main(void)
{
	COMMENT("struct armvcpu_ctx: the guest's registers");
	CTX(REGS, guest.regs);
	CTX(SP_EL0, guest.sp_el0);
	CTX(PC, guest.pc);
	CTX(PSTATE, guest.pstate);
	CTX(SP_EL1, guest.sp_el1);
	CTX(SYS, guest.sys);
	CTX(VDISR, guest.vdisr);
	CTX(FP_V, guest.fp.vregs);
	CTX(FPSR, guest.fp.fpsr);
	CTX(FPCR, guest.fp.fpcr);
	COMMENT("struct armvcpu_ctx: the entry's controls");
	CTX(HCR, ctl.hcr);
	CTX(VTTBR, ctl.vttbr);
	CTX(VTCR, ctl.vtcr);
	CTX(VMPIDR, ctl.vmpidr);
	CTX(CNTVOFF, ctl.cntvoff);
	CTX(CPTR, ctl.cptr);
	CTX(MDCR, ctl.mdcr);
	CTX(FLAGS, ctl.flags);
	CTX(VSESR, ctl.vsesr);
	CTX(DBG_REGS, ctl.dbg_regs);
	COMMENT("struct armvcpu_ctx: the exit's syndrome");
	CTX(ESR, exit.esr);
	CTX(FAR, exit.far);
	CTX(HPFAR, exit.hpfar);
	CTX(EXIT_KIND, exit.kind);
	COMMENT("struct armvcpu_ctx: the GICv3 virtual CPU interface");
	CTX(VGIC_HCR, vgic.hcr);
	CTX(VGIC_VMCR, vgic.vmcr);
	CTX(VGIC_MISR, vgic.misr);
	CTX(VGIC_VTR, vgic.vtr);
	CTX(VGIC_AP0R, vgic.ap0r);
	CTX(VGIC_AP1R, vgic.ap1r);
	CTX(VGIC_LR, vgic.lr);
	CTX(VGIC_NR_LR, vgic.nr_lr);
	CTX(GUEST_DBG, guest_dbg);
	COMMENT("struct armvcpu_dbg_regs");
	OFFSET(DBG_BCR, armvcpu_dbg_regs, bcr);
	OFFSET(DBG_BVR, armvcpu_dbg_regs, bvr);
	OFFSET(DBG_WCR, armvcpu_dbg_regs, wcr);
	OFFSET(DBG_WVR, armvcpu_dbg_regs, wvr);
	OFFSET(DBG_MDCCINT, armvcpu_dbg_regs, mdccint);
	BLANK();

	COMMENT("struct armvcpu_hyp_cpu");
	HYP_CPU(GUEST_CTXT, guest_ctxt);
	HYP_CPU(STACK_TOP, stack_top);
	HYP_CPU(STUB_VBAR, stub_vbar);
	HYP_CPU(CFG_TTBR0, cfg_ttbr0);
	HYP_CPU(CFG_TCR, cfg_tcr);
	HYP_CPU(CFG_MAIR, cfg_mair);
	HYP_CPU(CFG_SCTLR, cfg_sctlr);
	HYP_CPU(SAVED_SCTLR, saved_sctlr);
	HYP_CPU(SAVED_MAIR, saved_mair);
	HYP_CPU(SAVED_HCR, saved_hcr);
	HYP_CPU(SAVED_VTCR, saved_vtcr);
	HYP_CPU(SAVED_MDCR, saved_mdcr);
	HYP_CPU(SAVED_CNTVOFF, saved_cntvoff);
	HYP_CPU(SAVED_VPIDR, saved_vpidr);
	HYP_CPU(SAVED_VMPIDR, saved_vmpidr);
	HYP_CPU(SAVED_TPIDR, saved_tpidr);
	HYP_CPU(OWNED, owned);
	HYP_CPU(HOST_ELR, host_elr);
	HYP_CPU(HOST_X19, host_x19_x30);
	HYP_CPU(FAULT_COUNT, fault_count);
	HYP_CPU(FAULT_VECTOR, fault_vector);
	HYP_CPU(FAULT_ESR, fault_esr);
	HYP_CPU(FAULT_ELR, fault_elr);
	HYP_CPU(FAULT_FAR, fault_far);
	HYP_CPU(FAULT_SPSR, fault_spsr);
	HYP_CPU(NOW_HCR, now_hcr_vmpidr);
	HYP_CPU(LRS_CLEAN, lrs_clean);
	HYP_CPU(HOST_CTXT, host_ctxt);
	HYP_CPU(SPECTRE, spectre);
	HYP_CPU(SPECTRE_FW, spectre_fw);
	HYP_CPU(WA1_RET, wa1_ret);
	HYP_CPU(WA3_RET, wa3_ret);
	HYP_CPU(SPECTRE_RUNS, spectre_runs);
	HYP_CPU(SWITCH_FLAGS, switch_flags);
	COMMENT("struct armvcpu_hyp_cpu: the host save area of a guest run");
	HYP_CPU(HOST_X18, host.x18);
	HYP_CPU(HOST_SP_EL0, host.sp_el0);
	HYP_CPU(HOST_SP_EL1, host.sp_el1);
	HYP_CPU(HOST_SYS, host.sys);
	HYP_CPU(HOST_PMSCR, host.pmscr);
	HYP_CPU(HOST_TRFCR, host.trfcr);
	HYP_CPU(HOST_MPAM2, host.mpam2);
	HYP_CPU(HOST_MPAMHCR, host.mpamhcr);
	HYP_CPU(HOST_DBG, host.dbg);
	HYP_CPU(HOST_DBG_LIVE, host.dbg_live);
	COMMENT("struct armvcpu_hyp_cpu: test hooks");
	HYP_CPU(LAST_GUEST_MDCR, last_guest_mdcr);
	HYP_CPU(LAST_GUEST_SRE, last_guest_sre);
	HYP_CPU(LAST_HOST_SRE, last_host_sre);
	return 0;
}
