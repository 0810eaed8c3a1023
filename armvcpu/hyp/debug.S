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

/*
 * Breakpoints and watchpoints, after KVM's debug-sr.h: switched only for
 * an entry with CTX_FLAG_DEBUG (armvcpu/debug.c decides, lazily), which
 * also clears MDCR_EL2.TDA for it. As many of each as this CPU has, read
 * from its own ID_AA64DFR0_EL1 (BRPs and WRPs hold the count - 1): the
 * host may use all of them, and a guest with TDA clear reaches all of
 * them too. Nothing fires at EL2 while the guest's are loaded: EL2 runs
 * with PSTATE.D set, above the guest's debug target EL (MDCR_EL2.TDE is
 * clear).
 */

/* DBG<reg><n>_EL1 to or from \base + \off + 8 * n, in two instructions. */
.macro	dbg_one op, reg, n, base, off
	.ifc	\op, save
	mrs	x3, \reg\n\()_el1
	str	x3, [\base, #(\off + 8 * \n)]
	.else
	ldr	x3, [\base, #(\off + 8 * \n)]
	msr	\reg\n\()_el1, x3
	.endif
.endm

/*
 * dbg_bank op, reg, base, off, shift: DBG<reg><n>_EL1 for n from the
 * count in ID_AA64DFR0_EL1[\shift + 3:\shift] down to 0, to or from
 * \base + \off + 8 * n. Two instructions per register: the branch lands
 * count entries before the end. Uses x3-x5.
 */
.macro	dbg_bank op, reg, base, off, shift
	mrs	x5, id_aa64dfr0_el1
	ubfx	x5, x5, #\shift, #4
	add	x5, x5, #1
	adr	x4, .Ldbg_bank_end\@
	sub	x4, x4, x5, lsl #3
	br	x4
	.irp	n, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0
	dbg_one	\op, \reg, \n, \base, \off
	.endr
.Ldbg_bank_end\@:
.endm

/*
 * A whole struct armvcpu_dbg_regs at \base (not x3-x5). Uses x3-x5 only:
 * el1_sys_one's scratch is x2, which is where the callers keep \base.
 */
.macro	dbg_set op, base
	.irp	r, x3, x4, x5
	.ifc	\base, \r
	.error	"dbg_set: \\base must not be x3-x5"
	.endif
	.endr
	dbg_bank \op, dbgbcr, \base, DBG_BCR, 12
	dbg_bank \op, dbgbvr, \base, DBG_BVR, 12
	dbg_bank \op, dbgwcr, \base, DBG_WCR, 20
	dbg_bank \op, dbgwvr, \base, DBG_WVR, 20
	.ifc	\op, save
	mrs	x3, mdccint_el1
	str	x3, [\base, #DBG_MDCCINT]
	.else
	ldr	x3, [\base, #DBG_MDCCINT]
	msr	mdccint_el1, x3
	.endif
.endm

/*
 * Guest entry, once the host save area is in use (HYP_CPU_HOST_CTXT set,
 * so a fault puts the host's back): the host's registers out, the set
 * the entry names (CTX_DBG_REGS) in. \ctx the context, \hc this CPU's
 * struct, \flags CTX_FLAGS. Uses x2-x5.
 */
.macro	dbg_switch_to_guest ctx, hc, flags
	tbz	\flags, #CTX_FLAG_DEBUG_BIT, .Ldbg_guest_done\@
	add	x2, \hc, #HYP_CPU_HOST_DBG
	dbg_set	save, x2
	mov	x2, #1
	str	x2, [\hc, #HYP_CPU_HOST_DBG_LIVE]
	ldr	x2, [\ctx, #CTX_DBG_REGS]
	dbg_set	load, x2
.Ldbg_guest_done\@:
.endm

/* Guest exit, before the host comes back: the guest's values out. */
.macro	dbg_save_guest ctx, flags
	tbz	\flags, #CTX_FLAG_DEBUG_BIT, .Ldbg_saved\@
	ldr	x2, [\ctx, #CTX_DBG_REGS]
	dbg_set	save, x2
.Ldbg_saved\@:
.endm

/*
 * The host's registers back, from host_ctx_restore: on the exit and on
 * the EL2 fault path, once (dbg_live). Uses x2-x5.
 */
.macro	dbg_switch_to_host hc
	ldr	x2, [\hc, #HYP_CPU_HOST_DBG_LIVE]
	cbz	x2, .Ldbg_host_done\@
	str	xzr, [\hc, #HYP_CPU_HOST_DBG_LIVE]
	add	x2, \hc, #HYP_CPU_HOST_DBG
	dbg_set	load, x2
.Ldbg_host_done\@:
.endm
