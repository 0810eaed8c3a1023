/* SPDX-License-Identifier: GPL-2.0 */
/*
 * armvcpu's EL2 code: ONE assembly unit, the "hyp blob".
 *
 * Everything between __armvcpu_hyp_start and __armvcpu_hyp_end is copied by
 * armvcpu/el2/mem.c into physically contiguous linear-map pages and runs
 * there, at EL2, identity mapped (VA == PA). It therefore must be position
 * independent: only PC-relative references inside the blob (adr, b, bl), no
 * literal pools, no absolute addresses, no calls into the kernel or the
 * rest of the module. The layout contract is in hyp_abi.h, hyp/ctx.h and
 * Documentation/el2.rst.
 */
#include <linux/arm-smccc.h>
#include <linux/linkage.h>
#include <asm/assembler.h>
#include <asm/esr.h>
#include <asm/virt.h>

#include "hyp_abi.h"
/* CTX_* and HYP_CPU_* offsets, generated from hyp/ctx.h and hyp_abi.h. */
#include "hyp-offsets.h"

/* The guest's x<n> in its context. */
#define CTX_X(n)	(CTX_REGS + 8 * (n))

/*
 * el2_regs_store ptr, t0, t1: store HCR, VTTBR, VTCR, CPTR, MDCR, CNTHCTL,
 * CNTVOFF, HSTR, VPIDR and VMPIDR_EL2, in that order, from \ptr on (the
 * order of the struct's saved_* and now_* arrays). \ptr is advanced.
 */
.macro	el2_regs_store ptr, t0, t1
	.irp	pair, "hcr_el2, vttbr_el2", "vtcr_el2, cptr_el2", \
		"mdcr_el2, cnthctl_el2", "cntvoff_el2, hstr_el2", \
		"vpidr_el2, vmpidr_el2"
	el2_pair_store \ptr, \t0, \t1, \pair
	.endr
.endm

.macro	el2_pair_store ptr, t0, t1, r0, r1
	mrs	\t0, \r0
	mrs	\t1, \r1
	stp	\t0, \t1, [\ptr], #16
.endm

/*
 * host_el2_ctl_restore base, t0, t1: the EL2 controls the host runs under
 * (INIT's saved_*), whatever a guest entry or a TLB call left: no guest
 * trap, stage 2, timer offset or identity remains. VPIDR_EL2 is never
 * changed for a guest.
 */
.macro	host_el2_ctl_restore base, t0, t1
	ldp	\t0, \t1, [\base, #HYP_CPU_SAVED_HCR]
	msr	hcr_el2, \t0
	msr	vttbr_el2, \t1
	ldp	\t0, \t1, [\base, #HYP_CPU_SAVED_VTCR]
	msr	vtcr_el2, \t0
	msr	cptr_el2, \t1
	ldp	\t0, \t1, [\base, #HYP_CPU_SAVED_MDCR]
	msr	mdcr_el2, \t0
	msr	cnthctl_el2, \t1
	ldp	\t0, \t1, [\base, #HYP_CPU_SAVED_CNTVOFF]
	msr	cntvoff_el2, \t0
	msr	hstr_el2, \t1
	ldr	\t0, [\base, #HYP_CPU_SAVED_VMPIDR]
	msr	vmpidr_el2, \t0
.endm

/*
 * host_regs_restore base, t0, t1: the host's ELR/SPSR_EL2 and x19-x30
 * as host_sync saved them in struct \base.
 */
.macro	host_regs_restore base, t0, t1
	ldp	\t0, \t1, [\base, #HYP_CPU_HOST_ELR]
	msr	elr_el2, \t0
	msr	spsr_el2, \t1
	ldp	x19, x20, [\base, #HYP_CPU_HOST_X19]
	ldp	x21, x22, [\base, #HYP_CPU_HOST_X19 + 16]
	ldp	x23, x24, [\base, #HYP_CPU_HOST_X19 + 32]
	ldp	x25, x26, [\base, #HYP_CPU_HOST_X19 + 48]
	ldp	x27, x28, [\base, #HYP_CPU_HOST_X19 + 64]
	ldp	x29, x30, [\base, #HYP_CPU_HOST_X19 + 80]
.endm

	.pushsection	.text.armvcpu_hyp, "ax"

	.align	11
	.globl	__armvcpu_hyp_start
__armvcpu_hyp_start:

/* Macros only, used by host.S and switch.S: first. */
#include "vgic.S"
#include "debug.S"
#include "vectors.S"
#include "init.S"
#include "spectre.S"
#include "host.S"
#include "switch.S"

	.align	3
	.globl	__armvcpu_hyp_end
__armvcpu_hyp_end:

	.popsection
