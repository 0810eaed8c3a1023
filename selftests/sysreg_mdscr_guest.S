/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of sysreg_mdscr.c: MDSCR_EL1 as the VMM left it, then as the guest
 * wrote it with MDE, HDE, KDE, TDCC and SS; then ID_AA64DFR0_EL1 and
 * ID_AA64PFR0_EL1. Each value reported by a SYNC ucall. PSTATE.D stays
 * masked, so SS and KDE step nothing.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	mrs	x2, mdscr_el1
	av_sync x2
	ldr	x2, =0xf001
	msr	mdscr_el1, x2
	mrs	x2, mdscr_el1
	av_sync x2
	mrs	x2, id_aa64dfr0_el1
	av_sync x2
	mrs	x2, id_aa64pfr0_el1
	av_sync x2
	av_done
