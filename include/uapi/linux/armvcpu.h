/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * armvcpu: run arm64 guest vCPUs from userspace through /dev/armvcpu.
 *
 * This header is the whole ABI. It is modelled on KVM's (same flow: open
 * the device, create a VM, give it memory, create vCPUs, mmap each vCPU's
 * run struct and loop on RUN) and avoids the regrets KVM documents:
 *  - every struct has reserved space that must be zero (EINVAL otherwise),
 *    and every flags field rejects unknown bits with EINVAL;
 *  - every field has a fixed size and natural alignment, so 32- and 64-bit
 *    userspace see the same layout;
 *  - register ids come from one macro, ARMVCPU_REG(), for every class;
 *  - the kernel reads each userspace-written field of the run struct exactly
 *    once per ARMVCPU_RUN.
 * Documentation/api.rst describes every ioctl and every errno.
 */
#ifndef _UAPI_LINUX_ARMVCPU_H
#define _UAPI_LINUX_ARMVCPU_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define ARMVCPU_API_VERSION	1

/*
 * 0xAF is shared with fsl_hypervisor.h, which uses numbers 0x00-0x1f;
 * armvcpu uses 0x40-0x7f only.
 */
#define ARMVCPUIO		0xAF

/* ------------------------------------------------------------------ */
/* /dev/armvcpu ioctls                                                 */
/* ------------------------------------------------------------------ */

/* Returns ARMVCPU_API_VERSION; the argument must be 0. */
#define ARMVCPU_GET_API_VERSION		_IO(ARMVCPUIO, 0x40)
/* Argument: an ARMVCPU_CAP_*; returns 0 if absent, else >0 (see caps). */
#define ARMVCPU_CHECK_EXTENSION		_IO(ARMVCPUIO, 0x41)
/* Argument: struct armvcpu_vm_config *; returns a new VM fd. */
#define ARMVCPU_CREATE_VM		_IOW(ARMVCPUIO, 0x42, struct armvcpu_vm_config)
/* Returns the size to mmap() on a vCPU fd for its struct armvcpu_run. */
#define ARMVCPU_GET_VCPU_MMAP_SIZE	_IO(ARMVCPUIO, 0x43)

/* ------------------------------------------------------------------ */
/* VM fd ioctls (ARMVCPU_CHECK_EXTENSION also works on a VM fd)        */
/* ------------------------------------------------------------------ */

#define ARMVCPU_SET_USER_MEMORY_REGION	_IOW(ARMVCPUIO, 0x48, \
					     struct armvcpu_userspace_memory_region)
/* Argument: struct armvcpu_vcpu_config *; returns a new vCPU fd. */
#define ARMVCPU_CREATE_VCPU		_IOW(ARMVCPUIO, 0x49, struct armvcpu_vcpu_config)
/*
 * Drive an interrupt line of the VM's in-kernel GICv3 (ARMVCPU_VM_VGIC):
 * an SPI, or a PPI of one vCPU. Documentation/interrupts.rst.
 */
#define ARMVCPU_IRQ_LINE		_IOW(ARMVCPUIO, 0x4a, struct armvcpu_irq_line)

/* ------------------------------------------------------------------ */
/* vCPU fd ioctls; mmap(fd, offset 0) maps struct armvcpu_run          */
/* ------------------------------------------------------------------ */

#define ARMVCPU_RUN			_IO(ARMVCPUIO, 0x50)
#define ARMVCPU_GET_ONE_REG		_IOW(ARMVCPUIO, 0x51, struct armvcpu_one_reg)
#define ARMVCPU_SET_ONE_REG		_IOW(ARMVCPUIO, 0x52, struct armvcpu_one_reg)
#define ARMVCPU_GET_REG_LIST		_IOWR(ARMVCPUIO, 0x53, struct armvcpu_reg_list)
/*
 * Argument: struct armvcpu_abort *. On its next entry the guest takes a
 * synchronous external abort (DATA, INSTRUCTION: on the instruction the PC
 * points at, FAR_EL1 = addr; a pending exit's answer is dropped) or has a
 * virtual SError pending (SERROR). ARMVCPU_CAP_INJECT_ABORT;
 * Documentation/exits.rst.
 */
#define ARMVCPU_INJECT_ABORT		_IOW(ARMVCPUIO, 0x54, struct armvcpu_abort)
/*
 * Argument: struct armvcpu_guest_debug *. Debugs the guest from userspace
 * (single-step, software and hardware breakpoints, watchpoints): each
 * debug event the VMM asked for becomes ARMVCPU_EXIT_DEBUG.
 */
#define ARMVCPU_SET_GUEST_DEBUG		_IOW(ARMVCPUIO, 0x55, struct armvcpu_guest_debug)

/*
 * On a VM fd or a vCPU fd; the argument must be 0. Returns a new read-only
 * fd whose content (read with pread()) is the VM's or the vCPU's counters
 * in KVM's binary statistics format: struct armvcpu_stats_header, the id
 * string, struct armvcpu_stats_desc entries, then the u64 values.
 * ARMVCPU_CAP_STATS_FD.
 */
#define ARMVCPU_GET_STATS_FD		_IO(ARMVCPUIO, 0x4b)

/* ------------------------------------------------------------------ */
/* Capabilities (ARMVCPU_CHECK_EXTENSION)                              */
/* ------------------------------------------------------------------ */

#define ARMVCPU_CAP_NR_VCPUS		1	/* max vCPUs per VM */
#define ARMVCPU_CAP_NR_MEMSLOTS		2	/* slots per VM */
#define ARMVCPU_CAP_IPA_SIZE		3	/* max IPA bits */
#define ARMVCPU_CAP_READONLY_MEM	4	/* ARMVCPU_MEM_READONLY */
#define ARMVCPU_CAP_IMMEDIATE_EXIT	5
#define ARMVCPU_CAP_ONE_REG		6
#define ARMVCPU_CAP_MMIO_NISV		7	/* ARMVCPU_EXIT_MMIO_NISV */
#define ARMVCPU_CAP_SYSREG_EXIT		8	/* ARMVCPU_EXIT_SYSREG */
#define ARMVCPU_CAP_PSCI		9	/* PSCI exits */
#define ARMVCPU_CAP_USER_PSCI		10	/* ARMVCPU_VM_USER_PSCI */
#define ARMVCPU_CAP_IRQ_LINE		11	/* ARMVCPU_IRQ_LINE */
#define ARMVCPU_CAP_INJECT_ABORT	12	/* ARMVCPU_INJECT_ABORT */
#define ARMVCPU_CAP_VGIC		13	/* ARMVCPU_VM_VGIC; value: SPIs */
#define ARMVCPU_CAP_GUEST_DEBUG		14	/* ARMVCPU_SET_GUEST_DEBUG */
#define ARMVCPU_CAP_GUEST_DEBUG_HW_BPS	15	/* value: hardware breakpoints */
#define ARMVCPU_CAP_GUEST_DEBUG_HW_WPS	16	/* value: watchpoints */
#define ARMVCPU_CAP_PMU			17	/* ARMVCPU_VM_PMU; value: counters */
/*
 * The EL1 physical timer (CNTP_*, CNTPCT_EL0) is emulated in the kernel for
 * a VM with ARMVCPU_VM_VGIC, its interrupt on ARMVCPU_VGIC_PTIMER_PPI, and
 * ARMVCPU_REG_CNTP_CTL_EL0/CVAL_EL0 and ARMVCPU_REG_CNTVOFF_EL2 exist.
 */
#define ARMVCPU_CAP_PTIMER		18
#define ARMVCPU_CAP_STATS_FD		19	/* ARMVCPU_GET_STATS_FD */

/* ------------------------------------------------------------------ */
/* Argument structures                                                 */
/* ------------------------------------------------------------------ */

/* VM option: every PSCI call becomes ARMVCPU_EXIT_HYPERCALL. */
#define ARMVCPU_VM_USER_PSCI		(1U << 0)
/*
 * VM option: an in-kernel GICv3 (distributor at ARMVCPU_VGIC_GICD_BASE,
 * redistributors from ARMVCPU_VGIC_GICR_BASE, ARMVCPU_VGIC_GICR_STRIDE
 * apart, by vCPU id), the virtual timer wired to PPI 27, the physical timer
 * emulated in the kernel on PPI 30 (ARMVCPU_CAP_PTIMER) and WFI that sleeps
 * until an interrupt is pending. Addresses are those of QEMU's virt board.
 */
#define ARMVCPU_VM_VGIC			(1U << 1)
/*
 * VM option: a PMUv3 (needs ARMVCPU_VM_VGIC), its counters backed by host
 * perf events, its overflow interrupt on ARMVCPU_VGIC_PMU_PPI.
 */
#define ARMVCPU_VM_PMU			(1U << 2)
#define ARMVCPU_VM_FLAGS_ALL		(ARMVCPU_VM_USER_PSCI | ARMVCPU_VM_VGIC | \
					 ARMVCPU_VM_PMU)

#define ARMVCPU_VGIC_GICD_BASE		0x08000000ULL
#define ARMVCPU_VGIC_GICD_SIZE		0x10000ULL
#define ARMVCPU_VGIC_GICR_BASE		0x080a0000ULL
#define ARMVCPU_VGIC_GICR_STRIDE	0x20000ULL	/* RD_base + SGI_base */
#define ARMVCPU_VGIC_NR_SPIS		96		/* INTIDs 32..127 */
#define ARMVCPU_VGIC_VTIMER_PPI		27		/* INTID of CNTV */
#define ARMVCPU_VGIC_PTIMER_PPI		30		/* INTID of CNTP */
#define ARMVCPU_VGIC_PMU_PPI		23		/* PMU overflow */

struct armvcpu_vm_config {
	__u32 flags;		/* ARMVCPU_VM_* */
	__u32 ipa_bits;		/* 0: ARMVCPU_CAP_IPA_SIZE; else 32..that */
	__u64 reserved[7];	/* must be zero */
};

#define ARMVCPU_MEM_READONLY		(1U << 0)
#define ARMVCPU_MEM_FLAGS_ALL		ARMVCPU_MEM_READONLY

struct armvcpu_userspace_memory_region {
	__u32 slot;		/* 0 .. ARMVCPU_CAP_NR_MEMSLOTS - 1 */
	__u32 flags;		/* ARMVCPU_MEM_* */
	__u64 guest_phys_addr;	/* page aligned */
	__u64 memory_size;	/* page aligned; 0 deletes the slot */
	__u64 userspace_addr;	/* page aligned */
	__u64 reserved[4];	/* must be zero */
};

struct armvcpu_vcpu_config {
	__u32 id;		/* 0 .. ARMVCPU_CAP_NR_VCPUS - 1, unique */
	__u32 flags;		/* must be zero */
	__u64 reserved[3];	/* must be zero */
};

/*
 * line is a GIC INTID: 32 .. 32 + ARMVCPU_VGIC_NR_SPIS - 1 for an SPI
 * (vcpu_id ignored, must be 0), 16..31 for a PPI of vcpu_id. Whether a
 * rising level makes the interrupt pending once (edge) or for as long as
 * it stays 1 (level) is the guest's choice, through GICD/GICR_ICFGR.
 */
struct armvcpu_irq_line {
	__u32 vcpu_id;
	__u32 line;		/* INTID */
	__u32 level;		/* 0 or 1 */
	__u32 flags;		/* must be zero */
	__u64 reserved[2];	/* must be zero */
};

#define ARMVCPU_ABORT_DATA		0	/* synchronous external abort */
#define ARMVCPU_ABORT_INSTRUCTION	1
#define ARMVCPU_ABORT_SERROR		2	/* virtual SError; addr must be 0 */

struct armvcpu_abort {
	__u32 type;		/* ARMVCPU_ABORT_* */
	__u32 flags;		/* must be zero */
	__u64 addr;		/* FAR_EL1 the guest sees (DATA, INSTRUCTION) */
	__u64 reserved[2];	/* must be zero */
};

#define ARMVCPU_GUESTDBG_ENABLE		(1U << 0)
#define ARMVCPU_GUESTDBG_SINGLESTEP	(1U << 1)	/* one instruction, then exit */
#define ARMVCPU_GUESTDBG_USE_SW_BP	(1U << 2)	/* BRK exits, not the guest's */
#define ARMVCPU_GUESTDBG_USE_HW		(1U << 3)	/* dbg_* below replace the guest's */
#define ARMVCPU_GUESTDBG_FLAGS_ALL	(ARMVCPU_GUESTDBG_ENABLE | \
					 ARMVCPU_GUESTDBG_SINGLESTEP | \
					 ARMVCPU_GUESTDBG_USE_SW_BP | \
					 ARMVCPU_GUESTDBG_USE_HW)
#define ARMVCPU_GUESTDBG_MAX_BPS	16
#define ARMVCPU_GUESTDBG_MAX_WPS	16

/*
 * The dbg_* registers are DBGBCR/DBGBVR/DBGWCR/DBGWVR<n>_EL1 values, used
 * when ARMVCPU_GUESTDBG_USE_HW is set; entries at or beyond the counts
 * ARMVCPU_CAP_GUEST_DEBUG_HW_BPS/WPS report must be zero.
 */
struct armvcpu_guest_debug {
	__u32 control;		/* ARMVCPU_GUESTDBG_*; 0 turns debugging off */
	__u32 flags;		/* must be zero */
	__u64 dbg_bcr[ARMVCPU_GUESTDBG_MAX_BPS];
	__u64 dbg_bvr[ARMVCPU_GUESTDBG_MAX_BPS];
	__u64 dbg_wcr[ARMVCPU_GUESTDBG_MAX_WPS];
	__u64 dbg_wvr[ARMVCPU_GUESTDBG_MAX_WPS];
	__u64 reserved[4];	/* must be zero */
};

struct armvcpu_one_reg {
	__u64 id;		/* ARMVCPU_REG_* */
	__u64 addr;		/* user pointer to ARMVCPU_REG_SIZE(id) bytes */
	__u64 reserved[2];	/* must be zero */
};

struct armvcpu_reg_list {
	__u64 n;		/* in: capacity of reg[]; out: number of ids */
	__u64 reg[];
};

/* ------------------------------------------------------------------ */
/* Register ids: ARMVCPU_REG(class, size, index) is the only generator */
/* ------------------------------------------------------------------ */

#define ARMVCPU_REG_ARM64		0x6000000000000000ULL
#define ARMVCPU_REG_SIZE_SHIFT		52
#define ARMVCPU_REG_SIZE_MASK		0x00f0000000000000ULL
#define ARMVCPU_REG_SIZE_U32		2ULL	/* log2 of the size in bytes */
#define ARMVCPU_REG_SIZE_U64		3ULL
#define ARMVCPU_REG_SIZE_U128		4ULL
#define ARMVCPU_REG_CLASS_SHIFT		16
#define ARMVCPU_REG_CLASS_MASK		0x0000000000ff0000ULL
#define ARMVCPU_REG_CLASS_CORE		0x10ULL
#define ARMVCPU_REG_CLASS_SYSREG	0x13ULL
#define ARMVCPU_REG_CLASS_FP		0x14ULL
#define ARMVCPU_REG_INDEX_MASK		0x000000000000ffffULL

#define ARMVCPU_REG(class, size, index)					\
	(ARMVCPU_REG_ARM64 |						\
	 ((__u64)(ARMVCPU_REG_SIZE_ ## size) << ARMVCPU_REG_SIZE_SHIFT) | \
	 ((__u64)(ARMVCPU_REG_CLASS_ ## class) << ARMVCPU_REG_CLASS_SHIFT) | \
	 ((__u64)(index) & ARMVCPU_REG_INDEX_MASK))

/* Size in bytes of the value behind an id. */
#define ARMVCPU_REG_SIZE(id)						\
	(1U << (((id) & ARMVCPU_REG_SIZE_MASK) >> ARMVCPU_REG_SIZE_SHIFT))

/* Core registers: x0..x30 are indexes 0..30. */
#define ARMVCPU_REG_X(n)		ARMVCPU_REG(CORE, U64, (n))
#define ARMVCPU_REG_SP_EL0		ARMVCPU_REG(CORE, U64, 31)
#define ARMVCPU_REG_PC			ARMVCPU_REG(CORE, U64, 32)
#define ARMVCPU_REG_PSTATE		ARMVCPU_REG(CORE, U64, 33)
#define ARMVCPU_REG_SP_EL1		ARMVCPU_REG(CORE, U64, 34)

/* FP/SIMD: V0..V31 (128-bit, little-endian bytes), FPSR, FPCR. */
#define ARMVCPU_REG_V(n)		ARMVCPU_REG(FP, U128, (n))
#define ARMVCPU_REG_FPSR		ARMVCPU_REG(FP, U32, 32)
#define ARMVCPU_REG_FPCR		ARMVCPU_REG(FP, U32, 33)

/*
 * System registers, by the encoding of MRS/MSR. The same 64-bit id is
 * reported in ARMVCPU_EXIT_SYSREG, so a VMM has a single namespace.
 */
#define ARMVCPU_REG_SYS(op0, op1, crn, crm, op2)			\
	ARMVCPU_REG(SYSREG, U64,					\
		    (((op0) & 3) << 14) | (((op1) & 7) << 11) |		\
		    (((crn) & 15) << 7) | (((crm) & 15) << 3) | ((op2) & 7))
#define ARMVCPU_REG_SYS_OP0(id)		(((id) >> 14) & 3)
#define ARMVCPU_REG_SYS_OP1(id)		(((id) >> 11) & 7)
#define ARMVCPU_REG_SYS_CRN(id)		(((id) >> 7) & 15)
#define ARMVCPU_REG_SYS_CRM(id)		(((id) >> 3) & 15)
#define ARMVCPU_REG_SYS_OP2(id)		((id) & 7)

#define ARMVCPU_REG_MPIDR_EL1		ARMVCPU_REG_SYS(3, 0, 0, 0, 5)
#define ARMVCPU_REG_SCTLR_EL1		ARMVCPU_REG_SYS(3, 0, 1, 0, 0)
#define ARMVCPU_REG_CPACR_EL1		ARMVCPU_REG_SYS(3, 0, 1, 0, 2)
#define ARMVCPU_REG_TTBR0_EL1		ARMVCPU_REG_SYS(3, 0, 2, 0, 0)
#define ARMVCPU_REG_TTBR1_EL1		ARMVCPU_REG_SYS(3, 0, 2, 0, 1)
#define ARMVCPU_REG_TCR_EL1		ARMVCPU_REG_SYS(3, 0, 2, 0, 2)
#define ARMVCPU_REG_SPSR_EL1		ARMVCPU_REG_SYS(3, 0, 4, 0, 0)
#define ARMVCPU_REG_ELR_EL1		ARMVCPU_REG_SYS(3, 0, 4, 0, 1)
#define ARMVCPU_REG_AFSR0_EL1		ARMVCPU_REG_SYS(3, 0, 5, 1, 0)
#define ARMVCPU_REG_AFSR1_EL1		ARMVCPU_REG_SYS(3, 0, 5, 1, 1)
#define ARMVCPU_REG_ESR_EL1		ARMVCPU_REG_SYS(3, 0, 5, 2, 0)
#define ARMVCPU_REG_FAR_EL1		ARMVCPU_REG_SYS(3, 0, 6, 0, 0)
#define ARMVCPU_REG_PAR_EL1		ARMVCPU_REG_SYS(3, 0, 7, 4, 0)
#define ARMVCPU_REG_MAIR_EL1		ARMVCPU_REG_SYS(3, 0, 10, 2, 0)
#define ARMVCPU_REG_AMAIR_EL1		ARMVCPU_REG_SYS(3, 0, 10, 3, 0)
#define ARMVCPU_REG_VBAR_EL1		ARMVCPU_REG_SYS(3, 0, 12, 0, 0)
#define ARMVCPU_REG_CONTEXTIDR_EL1	ARMVCPU_REG_SYS(3, 0, 13, 0, 1)
#define ARMVCPU_REG_TPIDR_EL1		ARMVCPU_REG_SYS(3, 0, 13, 0, 4)
#define ARMVCPU_REG_CNTKCTL_EL1		ARMVCPU_REG_SYS(3, 0, 14, 1, 0)
#define ARMVCPU_REG_CSSELR_EL1		ARMVCPU_REG_SYS(3, 2, 0, 0, 0)
#define ARMVCPU_REG_TPIDR_EL0		ARMVCPU_REG_SYS(3, 3, 13, 0, 2)
#define ARMVCPU_REG_TPIDRRO_EL0		ARMVCPU_REG_SYS(3, 3, 13, 0, 3)
#define ARMVCPU_REG_CNTV_CTL_EL0	ARMVCPU_REG_SYS(3, 3, 14, 3, 1)
#define ARMVCPU_REG_CNTV_CVAL_EL0	ARMVCPU_REG_SYS(3, 3, 14, 3, 2)
#define ARMVCPU_REG_MDSCR_EL1		ARMVCPU_REG_SYS(2, 0, 0, 2, 2)
/*
 * The EL1 physical timer of a VM with ARMVCPU_VM_VGIC (ARMVCPU_CAP_PTIMER).
 * CNTP_CTL_EL0 reads with ISTATUS as the guest would see it; a write keeps
 * ENABLE and IMASK.
 */
#define ARMVCPU_REG_CNTP_CTL_EL0	ARMVCPU_REG_SYS(3, 3, 14, 2, 1)
#define ARMVCPU_REG_CNTP_CVAL_EL0	ARMVCPU_REG_SYS(3, 3, 14, 2, 2)
/*
 * The VM's counter offset, one for the whole VM whichever vCPU it is read or
 * written through: the guest's CNTVCT_EL0 (and, with ARMVCPU_CAP_PTIMER, its
 * CNTPCT_EL0) is the host's physical count minus this value. It does not
 * move while the VM runs: saving and restoring it on the same host keeps
 * the guest's time exact. Listed for every VM (ARMVCPU_CAP_PTIMER).
 */
#define ARMVCPU_REG_CNTVOFF_EL2		ARMVCPU_REG_SYS(3, 4, 14, 0, 3)

/*
 * The guest's breakpoints and watchpoints: n below ID_AA64DFR0_EL1.BRPs + 1
 * (breakpoints) or WRPs + 1 (watchpoints) as the guest reads it.
 */
#define ARMVCPU_REG_DBGBVR_EL1(n)	ARMVCPU_REG_SYS(2, 0, 0, (n), 4)
#define ARMVCPU_REG_DBGBCR_EL1(n)	ARMVCPU_REG_SYS(2, 0, 0, (n), 5)
#define ARMVCPU_REG_DBGWVR_EL1(n)	ARMVCPU_REG_SYS(2, 0, 0, (n), 6)
#define ARMVCPU_REG_DBGWCR_EL1(n)	ARMVCPU_REG_SYS(2, 0, 0, (n), 7)
#define ARMVCPU_REG_MDCCINT_EL1		ARMVCPU_REG_SYS(2, 0, 0, 2, 0)
#define ARMVCPU_REG_OSLSR_EL1		ARMVCPU_REG_SYS(2, 0, 1, 1, 4)

/* The PMU (ARMVCPU_VM_PMU), n < PMCR_EL0.N: CRm and op2 hold n. */
#define ARMVCPU_REG_PMINTENSET_EL1	ARMVCPU_REG_SYS(3, 0, 9, 14, 1)
#define ARMVCPU_REG_PMCR_EL0		ARMVCPU_REG_SYS(3, 3, 9, 12, 0)
#define ARMVCPU_REG_PMCNTENSET_EL0	ARMVCPU_REG_SYS(3, 3, 9, 12, 1)
#define ARMVCPU_REG_PMSELR_EL0		ARMVCPU_REG_SYS(3, 3, 9, 12, 5)
#define ARMVCPU_REG_PMCCNTR_EL0		ARMVCPU_REG_SYS(3, 3, 9, 13, 0)
#define ARMVCPU_REG_PMUSERENR_EL0	ARMVCPU_REG_SYS(3, 3, 9, 14, 0)
#define ARMVCPU_REG_PMOVSSET_EL0	ARMVCPU_REG_SYS(3, 3, 9, 14, 3)
#define ARMVCPU_REG_PMEVCNTR_EL0(n)	(ARMVCPU_REG_SYS(3, 3, 14, 8, 0) + (n))
#define ARMVCPU_REG_PMEVTYPER_EL0(n)	(ARMVCPU_REG_SYS(3, 3, 14, 12, 0) + (n))
#define ARMVCPU_REG_PMCCFILTR_EL0	ARMVCPU_REG_SYS(3, 3, 14, 15, 7)

/* ------------------------------------------------------------------ */
/* The run struct, mmap'd from a vCPU fd at offset 0                   */
/* ------------------------------------------------------------------ */

#define ARMVCPU_EXIT_UNKNOWN		0
#define ARMVCPU_EXIT_MMIO		1
#define ARMVCPU_EXIT_HYPERCALL		2
#define ARMVCPU_EXIT_INTR		3
#define ARMVCPU_EXIT_SYSREG		4
#define ARMVCPU_EXIT_CPU_UP		5
#define ARMVCPU_EXIT_CPU_DOWN		6
#define ARMVCPU_EXIT_SYSTEM_DOWN	7
#define ARMVCPU_EXIT_SYSTEM_RESET	8
#define ARMVCPU_EXIT_MMIO_NISV		9
#define ARMVCPU_EXIT_FAIL_ENTRY		10
#define ARMVCPU_EXIT_INTERNAL_ERROR	11
#define ARMVCPU_EXIT_DEBUG		12

/* Hypercall exit flags. */
#define ARMVCPU_HYPERCALL_SMC		(1U << 0)	/* SMC, not HVC */

/* Fail-entry reasons. */
#define ARMVCPU_FAIL_ENTRY_BAD_PSTATE	1	/* PSTATE would not enter EL0/EL1 */

/* Internal-error suberrors. */
#define ARMVCPU_INTERNAL_ERROR_UNKNOWN_EC	1	/* unhandled exception class */
#define ARMVCPU_INTERNAL_ERROR_EL2_FAULT	2	/* unexpected fault at EL2 */
#define ARMVCPU_INTERNAL_ERROR_MEMORY_FAULT	3	/* stage-2 fault in a memslot */

/* SMCCC NOT_SUPPORTED, the default of hypercall.ret[0]. */
#define ARMVCPU_SMCCC_RET_NOT_SUPPORTED	((__u64)-1)

struct armvcpu_run {
	/* in: non-zero makes ARMVCPU_RUN return EINTR before entering */
	__u8 immediate_exit;
	__u8 padding1[7];

	/* out */
	__u32 exit_reason;	/* ARMVCPU_EXIT_* */
	__u32 padding2;
	__u64 reserved[6];

	union {
		/*
		 * ARMVCPU_EXIT_MMIO. Write: data[0..len-1] hold the register
		 * value, little-endian, masked to len. Read: userspace fills
		 * data[0..len-1]; the next RUN extends it into the register
		 * and then steps the PC.
		 */
		struct {
			__u64 phys_addr;
			__u8  data[8];
			__u32 len;		/* 1, 2, 4 or 8 */
			__u8  is_write;
			__u8  padding[3];
			__u64 reserved[4];
		} mmio;
		/*
		 * ARMVCPU_EXIT_HYPERCALL. ret[] is preset to
		 * { NOT_SUPPORTED, 0, 0, 0 }; the next RUN writes it to x0-x3.
		 * The PC already points past the HVC/SMC.
		 */
		struct {
			__u64 nr;		/* x0: SMCCC function id */
			__u64 args[6];		/* x1-x6 */
			__u64 ret[4];		/* in: x0-x3 after the call */
			__u32 imm;		/* HVC/SMC #imm16 */
			__u32 flags;		/* ARMVCPU_HYPERCALL_* */
			__u64 reserved[4];
		} hypercall;
		/*
		 * ARMVCPU_EXIT_SYSREG. Read: userspace fills value (or sets
		 * undef); the next RUN writes Rt and steps the PC.
		 */
		struct {
			__u64 id;		/* ARMVCPU_REG_SYS() */
			__u64 value;
			__u32 rt;		/* 0-30, 31: XZR */
			__u8  is_write;
			__u8  undef;		/* in: 1 = guest takes UNDEF */
			__u8  padding[2];
			__u64 reserved[4];
		} sysreg;
		/* ARMVCPU_EXIT_CPU_UP: PSCI CPU_ON. */
		struct {
			__u64 target_mpidr;
			__u64 entry;
			__u64 context_id;
			__s64 psci_ret;		/* in: preset 0 (SUCCESS) */
			__u64 reserved[4];
		} cpu_up;
		/* ARMVCPU_EXIT_SYSTEM_RESET: SYSTEM_RESET or SYSTEM_RESET2. */
		struct {
			__u32 is_reset2;
			__u32 type;		/* SYSTEM_RESET2 reset_type */
			__u64 cookie;
			__u64 reserved[4];
		} system_reset;
		/* ARMVCPU_EXIT_MMIO_NISV: data abort without a valid syndrome. */
		struct {
			__u64 esr_iss;
			__u64 ipa;
			__u64 reserved[4];
		} mmio_nisv;
		/* ARMVCPU_EXIT_FAIL_ENTRY */
		struct {
			__u64 reason;		/* ARMVCPU_FAIL_ENTRY_* */
			__u32 cpu;
			__u32 padding;
			__u64 reserved[4];
		} fail_entry;
		/* ARMVCPU_EXIT_INTERNAL_ERROR */
		struct {
			__u32 suberror;		/* ARMVCPU_INTERNAL_ERROR_* */
			__u32 padding;
			__u64 esr;
			__u64 far;
			__u64 hpfar;
			__u64 pc;
			__u64 reserved[4];
		} internal_error;
		/*
		 * ARMVCPU_EXIT_DEBUG: a debug event ARMVCPU_SET_GUEST_DEBUG
		 * asked for. esr is the syndrome (its EC says which: BRK,
		 * breakpoint, watchpoint, software step), far the address a
		 * watchpoint hit. The PC is that of the instruction, which
		 * has not executed (a software step: the next one).
		 */
		struct {
			__u64 esr;
			__u64 far;
			__u64 reserved[4];
		} debug;
		/* CPU_DOWN, SYSTEM_DOWN and INTR carry no payload. */
		__u64 padding_union[32];
	};
};

/* ------------------------------------------------------------------ */
/* Statistics fd (ARMVCPU_GET_STATS_FD): KVM's binary format           */
/* ------------------------------------------------------------------ */

/*
 * Offsets are from the start of the fd. The id string (name_size bytes,
 * NUL-padded) names the VM or vCPU; each descriptor is
 * sizeof(struct armvcpu_stats_desc) + name_size bytes; a descriptor's
 * offset is from data_offset. Only the values change while the fd is open.
 */
struct armvcpu_stats_header {
	__u32 flags;		/* 0 */
	__u32 name_size;	/* ARMVCPU_STATS_NAME_SIZE */
	__u32 num_desc;
	__u32 id_offset;
	__u32 desc_offset;
	__u32 data_offset;
};

#define ARMVCPU_STATS_NAME_SIZE		48

#define ARMVCPU_STATS_TYPE_SHIFT	0
#define ARMVCPU_STATS_TYPE_MASK		(0xF << ARMVCPU_STATS_TYPE_SHIFT)
#define ARMVCPU_STATS_TYPE_CUMULATIVE	(0x0 << ARMVCPU_STATS_TYPE_SHIFT)
#define ARMVCPU_STATS_TYPE_INSTANT	(0x1 << ARMVCPU_STATS_TYPE_SHIFT)
#define ARMVCPU_STATS_TYPE_PEAK		(0x2 << ARMVCPU_STATS_TYPE_SHIFT)

#define ARMVCPU_STATS_UNIT_SHIFT	4
#define ARMVCPU_STATS_UNIT_MASK		(0xF << ARMVCPU_STATS_UNIT_SHIFT)
#define ARMVCPU_STATS_UNIT_NONE		(0x0 << ARMVCPU_STATS_UNIT_SHIFT)

#define ARMVCPU_STATS_BASE_SHIFT	8
#define ARMVCPU_STATS_BASE_MASK		(0xF << ARMVCPU_STATS_BASE_SHIFT)
#define ARMVCPU_STATS_BASE_POW10	(0x0 << ARMVCPU_STATS_BASE_SHIFT)

/*
 * One statistic: flags (type, unit, base), exponent (value * base ^
 * exponent), size (number of __u64 values), offset (bytes from
 * data_offset), bucket_size (histograms only), then its NUL-padded name.
 */
struct armvcpu_stats_desc {
	__u32 flags;
	__s16 exponent;
	__u16 size;
	__u32 offset;
	__u32 bucket_size;
	char name[];
};

#endif /* _UAPI_LINUX_ARMVCPU_H */
