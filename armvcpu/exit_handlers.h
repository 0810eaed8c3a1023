/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit handlers (Documentation/exits.rst), one file each, flat next to
 * handle_exit.c, whose table picks one per exception class: data aborts
 * into MMIO (mmio.c), HVC and SMC (hypercalls.c), system registers
 * (sys_regs.c), PSCI and the SMCCC architecture calls (psci.c), the
 * remaining classes (traps.c), and the exceptions they make the guest
 * take (inject.c). All of it runs at EL1 on the vCPU's own thread, with
 * the vCPU's run_lock held, between two guest entries.
 *
 * Handlers return like armvcpu_handle_exit(): > 0 re-enter the guest,
 * 0 return to userspace with run->exit_reason set, < 0 an error for RUN.
 */
#ifndef ARMVCPU_EXIT_HANDLERS_H
#define ARMVCPU_EXIT_HANDLERS_H

#include <linux/types.h>

#include "armvcpu.h"

struct armvcpu_abort;

/* handle_exit.c: > 0 re-enter, 0 return to userspace, < 0 error */
int armvcpu_handle_exit(struct armvcpu_vcpu *vcpu);
int armvcpu_exit_internal_error(struct armvcpu_vcpu *vcpu, u32 suberror);

/* mmio.c */
int armvcpu_handle_dabt(struct armvcpu_vcpu *vcpu);
u64 armvcpu_fault_ipa(const struct armvcpu_ctx *ctx);
void armvcpu_mmio_complete(struct armvcpu_vcpu *vcpu);
void armvcpu_mmio_finish(struct armvcpu_vcpu *vcpu,
			 const struct armvcpu_mmio_access *a, u64 val);

/* hypercalls.c */
int armvcpu_handle_hvc(struct armvcpu_vcpu *vcpu);
int armvcpu_handle_smc(struct armvcpu_vcpu *vcpu);
void armvcpu_hypercall_complete(struct armvcpu_vcpu *vcpu);

/* run.c: the first FP/SIMD instruction of a RUN (lazy switch) */
int armvcpu_handle_fp(struct armvcpu_vcpu *vcpu);

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
void armvcpu_inject_sync(struct armvcpu_vcpu *vcpu, u64 esr);
void armvcpu_serror_prepare(struct armvcpu_vcpu *vcpu);

/* traps.c: the exception classes nobody else handles */
int armvcpu_handle_undef_ec(struct armvcpu_vcpu *vcpu);
int armvcpu_handle_iabt(struct armvcpu_vcpu *vcpu);
int armvcpu_handle_s1ptw(struct armvcpu_vcpu *vcpu);
bool armvcpu_handle_guest_sea(struct armvcpu_vcpu *vcpu);

/* guest_debug.c: BRK, software step, breakpoints and watchpoints */
int armvcpu_handle_debug(struct armvcpu_vcpu *vcpu);

#endif /* ARMVCPU_EXIT_HANDLERS_H */
