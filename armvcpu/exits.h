/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exits beyond MMIO and HYPERCALL (Documentation/exits.rst): system
 * registers (sys_regs.c), PSCI and the SMCCC architecture calls (psci.c),
 * exceptions made for the guest (inject.c) and the remaining exception
 * classes (exits.c). All of it runs at EL1 on the vCPU's own thread, with
 * the vCPU's run_lock held, between two guest entries.
 *
 * Handlers return like armvcpu_handle_exit(): > 0 re-enter the guest,
 * 0 return to userspace with run->exit_reason set, < 0 an error for RUN.
 */
#ifndef ARMVCPU_EXITS_H
#define ARMVCPU_EXITS_H

#include <linux/types.h>

struct armvcpu_vcpu;
struct armvcpu_abort;

/*
 * A vCPU's power state as far as the kernel can know it. UNKNOWN until the
 * vCPU makes a PSCI call itself or is started by CPU_ON: a VMM may run
 * every vCPU from reset without PSCI, so "never seen" must not mean "off"
 * when it would make CPU_ON fail, nor "on" when it would refuse CPU_ON.
 */
enum armvcpu_power {
	ARMVCPU_POWER_UNKNOWN,
	ARMVCPU_POWER_ON,
	ARMVCPU_POWER_OFF,
	ARMVCPU_POWER_ON_PENDING,	/* CPU_UP exit not completed yet */
};

/* Per-vCPU state of these exits; lives in struct armvcpu_vcpu. */
struct armvcpu_exit_state {
	/* ARMVCPU_EXIT_SYSREG waiting for the next RUN */
	u32 sysreg_rt;
	bool sysreg_is_write;

	/* PSCI; power is read by other vCPUs, under vm->lock */
	enum armvcpu_power power;
	u32 cpu_up_target;		/* vCPU id a pending CPU_ON starts */
	enum armvcpu_power cpu_up_prev;	/* its state before, for failure */

	/* Emulated debug state: the OS lock (OSLAR_EL1/OSLSR_EL1). */
	bool os_lock;

	/* Set/way: SCTLR_EL1.{M,C} at the last full clean, see sys_regs.c */
	bool sw_cleaned;
	u64 sw_sctlr;
};

/* sys_regs.c: EC 0x18 (MRS, MSR, SYS) */
int armvcpu_handle_sys64(struct armvcpu_vcpu *vcpu);
void armvcpu_sysreg_complete(struct armvcpu_vcpu *vcpu);
u64 armvcpu_mdscr_sanitise(u64 mdscr);

/*
 * psci.c: called by the HVC and SMC handlers with the PC already past the
 * call. Returns -ENOENT for a call the kernel leaves to userspace (a
 * HYPERCALL exit), else like a handler.
 */
int armvcpu_psci_call(struct armvcpu_vcpu *vcpu);
void armvcpu_psci_complete(struct armvcpu_vcpu *vcpu);
void armvcpu_psci_cancel(struct armvcpu_vcpu *vcpu);

/* inject.c: the guest takes the exception at EL1 on its next entry. */
void armvcpu_inject_undef(struct armvcpu_vcpu *vcpu);
void armvcpu_inject_dabt(struct armvcpu_vcpu *vcpu, u64 far);
void armvcpu_inject_pabt(struct armvcpu_vcpu *vcpu, u64 far);
int armvcpu_inject_abort(struct armvcpu_vcpu *vcpu,
			 const struct armvcpu_abort *abort);
void armvcpu_inject_vabt(struct armvcpu_vcpu *vcpu);
void armvcpu_serror_prepare(struct armvcpu_vcpu *vcpu);

/* exits.c: the exception classes nobody else handles */
int armvcpu_handle_undef_ec(struct armvcpu_vcpu *vcpu);
int armvcpu_handle_iabt(struct armvcpu_vcpu *vcpu);
int armvcpu_handle_s1ptw(struct armvcpu_vcpu *vcpu);
bool armvcpu_handle_guest_sea(struct armvcpu_vcpu *vcpu);

/* host_sysregs.c: debugfs view of the host's EL1 registers, for tests */
void armvcpu_host_sysregs_debugfs_init(void);

#endif /* ARMVCPU_EXITS_H */
