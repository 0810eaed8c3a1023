/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Profiling, trace and resource-partitioning state around a guest run
 * (part of hyp.S, used by switch.S), after KVM's nVHE debug-sr.c and
 * __activate_traps_mpam().
 *
 * The guest runs with MDCR_EL2.E2PB = E2TB = 0: the statistical profiling
 * buffer and the trace buffer belong to EL2 and their registers trap. A
 * host session live at that moment would go on writing with the guest's
 * EL1&0 translation regime loaded (and under EL2's ownership), so its
 * data generation stops and what is buffered is drained to memory
 * before the switch, and only comes back once the host's regime is in
 * place again. Each step runs only on a CPU that has the buffer and lets
 * the host own it (HYP_CPU_SWITCH_FLAGS, el2/cpu_caps.c), and only does work
 * when the host's session is enabled.
 *
 * MPAM: MPAM1_EL1 (the partition EL1 allocates cache and bandwidth under)
 * is one register for host and guest; MPAM2_EL2 traps the guest's
 * accesses to it, MPAM0_EL1 and MPAMIDR_EL1 while it runs.
 */

#define DEBUG_SYS_PMSCR_EL1	sys_reg(3, 0, 9, 9, 0)
#define DEBUG_SYS_PMBLIMITR_EL1	sys_reg(3, 0, 9, 10, 0)
#define DEBUG_SYS_TRBLIMITR_EL1	sys_reg(3, 0, 9, 11, 0)
#define DEBUG_SYS_TRFCR_EL1	sys_reg(3, 0, 1, 2, 1)
#define DEBUG_SYS_MPAMHCR_EL2	sys_reg(3, 4, 10, 4, 0)
#define DEBUG_SYS_MPAM2_EL2	sys_reg(3, 4, 10, 5, 0)
/* MPAM2_EL2.TRAPMPAM1EL1, TRAPMPAM0EL1, TIDR (MPAMIDR_EL1 from v1.1). */
#define DEBUG_MPAM2_TRAPS	((1 << 48) | (1 << 49))
#define DEBUG_MPAM2_TIDR	(1 << 58)
/* MPAMHCR_EL2.TRAP_MPAMIDR_EL1. */
#define DEBUG_MPAMHCR_TRAP_IDR	(1 << 31)
/* PSB CSYNC, TSB CSYNC (hint space: any assembler takes them). */
#define DEBUG_PSB_CSYNC		hint	#17
#define DEBUG_TSB_CSYNC		hint	#18

#define DEBUG_SWITCH_MASK	((1 << HYP_SWITCH_SPE_BIT) | \
				 (1 << HYP_SWITCH_TRBE_BIT) | \
				 (1 << HYP_SWITCH_MPAM_BIT))

/*
 * Before the guest's translation regime and MDCR_EL2 go in. \hc = this
 * CPU's struct, \flags its HYP_CPU_SWITCH_FLAGS; uses \tmp.
 */
.macro	host_buffers_save hc, flags, tmp
	tbz	\flags, #HYP_SWITCH_SPE_BIT, .Lspe_saved\@
	str	xzr, [\hc, #HYP_CPU_HOST_PMSCR]
	/* PMBLIMITR_EL1.E clear: the host is not profiling. */
	mrs_s	\tmp, DEBUG_SYS_PMBLIMITR_EL1
	tbz	\tmp, #0, .Lspe_saved\@
	mrs_s	\tmp, DEBUG_SYS_PMSCR_EL1
	str	\tmp, [\hc, #HYP_CPU_HOST_PMSCR]
	msr_s	DEBUG_SYS_PMSCR_EL1, xzr
	isb
	DEBUG_PSB_CSYNC
	dsb	nsh
.Lspe_saved\@:
	tbz	\flags, #HYP_SWITCH_TRBE_BIT, .Ltrbe_saved\@
	str	xzr, [\hc, #HYP_CPU_HOST_TRFCR]
	/* TRBLIMITR_EL1.E clear: no trace is being collected. */
	mrs_s	\tmp, DEBUG_SYS_TRBLIMITR_EL1
	tbz	\tmp, #0, .Ltrbe_saved\@
	/* Trace prohibited at EL1/EL0; TTRF keeps the guest off it. */
	mrs_s	\tmp, DEBUG_SYS_TRFCR_EL1
	str	\tmp, [\hc, #HYP_CPU_HOST_TRFCR]
	msr_s	DEBUG_SYS_TRFCR_EL1, xzr
	isb
	/* Twice: errata 2054223 and 2067961 lose the first one's flush. */
	DEBUG_TSB_CSYNC
	DEBUG_TSB_CSYNC
	dsb	nsh
.Ltrbe_saved\@:
.endm

/*
 * After the host's MDCR_EL2 and EL1 translation registers are back:
 * the ISB makes them current before profiling or trace resumes.
 */
.macro	host_buffers_restore hc, flags, tmp
	tbz	\flags, #HYP_SWITCH_SPE_BIT, .Lspe_back\@
	ldr	\tmp, [\hc, #HYP_CPU_HOST_PMSCR]
	cbz	\tmp, .Lspe_back\@
	isb
	msr_s	DEBUG_SYS_PMSCR_EL1, \tmp
	/* Restored once: the EL2 fault path may run this again. */
	str	xzr, [\hc, #HYP_CPU_HOST_PMSCR]
.Lspe_back\@:
	tbz	\flags, #HYP_SWITCH_TRBE_BIT, .Ltrbe_back\@
	ldr	\tmp, [\hc, #HYP_CPU_HOST_TRFCR]
	cbz	\tmp, .Ltrbe_back\@
	isb
	msr_s	DEBUG_SYS_TRFCR_EL1, \tmp
	str	xzr, [\hc, #HYP_CPU_HOST_TRFCR]
.Ltrbe_back\@:
.endm

/* MPAM traps for the guest; the host's values are kept. Uses \tmp. */
.macro	mpam_guest hc, flags, tmp
	tbz	\flags, #HYP_SWITCH_MPAM_BIT, .Lmpam_guest_done\@
	mrs_s	\tmp, DEBUG_SYS_MPAM2_EL2
	str	\tmp, [\hc, #HYP_CPU_HOST_MPAM2]
	tbz	\flags, #HYP_SWITCH_MPAM_HCR_BIT, .Lmpam_no_hcr\@
	mrs_s	\tmp, DEBUG_SYS_MPAMHCR_EL2
	str	\tmp, [\hc, #HYP_CPU_HOST_MPAMHCR]
	mov	\tmp, #DEBUG_MPAMHCR_TRAP_IDR
	msr_s	DEBUG_SYS_MPAMHCR_EL2, \tmp
	mov_q	\tmp, DEBUG_MPAM2_TRAPS
	b	.Lmpam_write\@
.Lmpam_no_hcr\@:
	mov_q	\tmp, DEBUG_MPAM2_TRAPS | DEBUG_MPAM2_TIDR
.Lmpam_write\@:
	msr_s	DEBUG_SYS_MPAM2_EL2, \tmp
.Lmpam_guest_done\@:
.endm

.macro	mpam_host hc, flags, tmp
	tbz	\flags, #HYP_SWITCH_MPAM_BIT, .Lmpam_host_done\@
	ldr	\tmp, [\hc, #HYP_CPU_HOST_MPAM2]
	msr_s	DEBUG_SYS_MPAM2_EL2, \tmp
	tbz	\flags, #HYP_SWITCH_MPAM_HCR_BIT, .Lmpam_host_done\@
	ldr	\tmp, [\hc, #HYP_CPU_HOST_MPAMHCR]
	msr_s	DEBUG_SYS_MPAMHCR_EL2, \tmp
.Lmpam_host_done\@:
.endm

/*
 * Guest entry, after the host's EL1 registers are saved. \hc = this CPU's
 * struct, \flags its HYP_CPU_SWITCH_FLAGS (both read once by the caller).
 * Uses x2.
 */
.macro	debug_switch_to_guest hc, flags
	tst	\flags, #DEBUG_SWITCH_MASK
	b.eq	.Ldebug_guest_done\@
	host_buffers_save \hc, \flags, x2
	mpam_guest \hc, \flags, x2
.Ldebug_guest_done\@:
.endm

/*
 * Guest exit, once the host's EL2 controls and EL1 registers are back.
 * \hc, \flags as above. Uses x2.
 */
.macro	debug_switch_to_host hc, flags
	tst	\flags, #DEBUG_SWITCH_MASK
	b.eq	.Ldebug_host_done\@
	mpam_host \hc, \flags, x2
	host_buffers_restore \hc, \flags, x2
.Ldebug_host_done\@:
.endm
