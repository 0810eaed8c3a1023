// SPDX-License-Identifier: GPL-2.0
/*
 * switch.S addresses struct armvcpu_ctx through the offsets of hyp/ctx.h;
 * a mismatch would corrupt guest or host state silently, so every offset
 * is checked here at build time.
 */
#include <linux/build_bug.h>
#include <linux/stddef.h>

#include "armvcpu.h"
#include "hyp/hyp_abi.h"

#define CHECK(field, off) \
	BUILD_BUG_ON(offsetof(struct armvcpu_ctx, field) != (off))

void armvcpu_ctx_check_layout(void)
{
	CHECK(regs, CTX_X(0));
	CHECK(sp_el0, CTX_SP_EL0);
	CHECK(pc, CTX_PC);
	CHECK(pstate, CTX_PSTATE);
	CHECK(sp_el1, CTX_SP_EL1);
	CHECK(sys, CTX_SYS);
	CHECK(vregs, CTX_FP_V);
	CHECK(fpsr, CTX_FPSR);
	CHECK(fpcr, CTX_FPCR);
	CHECK(hcr, CTX_HCR);
	CHECK(vttbr, CTX_VTTBR);
	CHECK(vtcr, CTX_VTCR);
	CHECK(vmpidr, CTX_VMPIDR);
	CHECK(cntvoff, CTX_CNTVOFF);
	CHECK(cptr, CTX_CPTR);
	CHECK(mdcr, CTX_MDCR);
	CHECK(flags, CTX_FLAGS);
	CHECK(esr, CTX_ESR);
	CHECK(far, CTX_FAR);
	CHECK(hpfar, CTX_HPFAR);
	CHECK(exit_kind, CTX_EXIT_KIND);
	CHECK(host_regs, CTX_HOST_X18);
	CHECK(host_sp, CTX_HOST_SP);
	CHECK(host_sp_el0, CTX_HOST_SP_EL0);
	CHECK(host_sp_el1, CTX_HOST_SP_EL1);
	CHECK(host_elr_el2, CTX_HOST_ELR_EL2);
	CHECK(host_spsr_el2, CTX_HOST_SPSR_EL2);
	CHECK(host_sys, CTX_HOST_SYS);
	CHECK(vgic, CTX_VGIC);
	CHECK(vsesr, CTX_VSESR);
	CHECK(vdisr, CTX_VDISR);
	BUILD_BUG_ON(sizeof(struct armvcpu_ctx) < CTX_SIZE);
	BUILD_BUG_ON(CTX_VGIC_NR_LR + 8 > CTX_VSESR);
	BUILD_BUG_ON(ARMVCPU_EXIT_SYNC != CTX_EXIT_SYNC);
	BUILD_BUG_ON(ARMVCPU_EXIT_IRQ != CTX_EXIT_IRQ);
	BUILD_BUG_ON(ARMVCPU_EXIT_FIQ != CTX_EXIT_FIQ);
	BUILD_BUG_ON(ARMVCPU_EXIT_SERROR != CTX_EXIT_SERROR);
}
