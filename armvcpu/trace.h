/* SPDX-License-Identifier: GPL-2.0 */
/*
 * armvcpu's tracepoints, system "armvcpu" in tracefs (events/armvcpu/),
 * for ftrace, trace-cmd and perf trace; Documentation/tracing.rst lists
 * them. Each is a static-key no-op until enabled. trace.c instantiates
 * them; this file is included again by define_trace.h from the module's
 * own directory (TRACE_INCLUDE_PATH, Kbuild's -I for trace.o).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM armvcpu

#if !defined(ARMVCPU_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define ARMVCPU_TRACE_H

#include <linux/tracepoint.h>

/* What took the guest out: hyp/hyp_abi.h HYP_EXIT_*. */
#define armvcpu_show_exit_kind(k)					\
	__print_symbolic(k, { 0, "SYNC" }, { 1, "IRQ" }, { 2, "FIQ" },	\
			 { 3, "SERROR" }, { 16, "BAD_PSTATE" },		\
			 { 17, "PENDING" })

/* include/uapi/linux/armvcpu.h ARMVCPU_EXIT_*. */
#define armvcpu_show_exit_reason(r)					\
	__print_symbolic(r, { 0, "UNKNOWN" }, { 1, "MMIO" },		\
			 { 2, "HYPERCALL" }, { 3, "INTR" }, { 4, "SYSREG" }, \
			 { 5, "CPU_UP" }, { 6, "CPU_DOWN" },		\
			 { 7, "SYSTEM_DOWN" }, { 8, "SYSTEM_RESET" },	\
			 { 9, "MMIO_NISV" }, { 10, "FAIL_ENTRY" },	\
			 { 11, "INTERNAL_ERROR" }, { 12, "DEBUG" })

TRACE_EVENT(armvcpu_entry,
	    TP_PROTO(u32 vcpu_id, u64 pc),
	    TP_ARGS(vcpu_id, pc),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(u64, pc)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->pc = pc;),
	    TP_printk("vcpu %u pc %#llx", __entry->vcpu_id, __entry->pc)
);

TRACE_EVENT(armvcpu_exit,
	    TP_PROTO(u32 vcpu_id, u32 kind, u64 esr, u64 pc),
	    TP_ARGS(vcpu_id, kind, esr, pc),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(u32, kind)
			     __field(u32, ec)
			     __field(u64, esr)
			     __field(u64, pc)),
	    /* ESR_EL2 is only meaningful for a synchronous exception. */
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->kind = kind;
			   __entry->ec = kind ? 0 : esr >> 26;
			   __entry->esr = esr;
			   __entry->pc = pc;),
	    TP_printk("vcpu %u %s ec %#x esr %#llx pc %#llx", __entry->vcpu_id,
		      armvcpu_show_exit_kind(__entry->kind), __entry->ec,
		      __entry->esr, __entry->pc)
);

TRACE_EVENT(armvcpu_userspace_exit,
	    TP_PROTO(u32 vcpu_id, u32 reason, int ret),
	    TP_ARGS(vcpu_id, reason, ret),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(u32, reason)
			     __field(int, ret)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->reason = reason;
			   __entry->ret = ret;),
	    TP_printk("vcpu %u reason %s (%u) ret %d", __entry->vcpu_id,
		      armvcpu_show_exit_reason(__entry->reason), __entry->reason,
		      __entry->ret)
);

/* armvcpu.h enum armvcpu_pending_kind. */
TRACE_EVENT(armvcpu_complete,
	    TP_PROTO(u32 vcpu_id, u32 kind),
	    TP_ARGS(vcpu_id, kind),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(u32, kind)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->kind = kind;),
	    TP_printk("vcpu %u %s", __entry->vcpu_id,
		      __print_symbolic(__entry->kind, { 1, "MMIO" },
				       { 2, "HYPERCALL" }, { 3, "SYSREG" },
				       { 4, "CPU_UP" }))
);

/* As KVM's kvm_mmio: a read's value is known when it completes. */
#define ARMVCPU_TRACE_MMIO_READ_UNSATISFIED	0
#define ARMVCPU_TRACE_MMIO_READ			1
#define ARMVCPU_TRACE_MMIO_WRITE		2

TRACE_EVENT(armvcpu_mmio,
	    TP_PROTO(u32 vcpu_id, u32 type, u64 ipa, u32 len, u64 val,
		     bool in_kernel),
	    TP_ARGS(vcpu_id, type, ipa, len, val, in_kernel),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(u32, type)
			     __field(u64, ipa)
			     __field(u32, len)
			     __field(bool, in_kernel)
			     __field(u64, val)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->type = type;
			   __entry->ipa = ipa;
			   __entry->len = len;
			   __entry->in_kernel = in_kernel;
			   __entry->val = val;),
	    TP_printk("vcpu %u %s ipa %#llx len %u val %#llx %s",
		      __entry->vcpu_id,
		      __print_symbolic(__entry->type, { 0, "unsatisfied-read" },
				       { 1, "read" }, { 2, "write" }),
		      __entry->ipa, __entry->len, __entry->val,
		      __entry->in_kernel ? "kernel" : "vmm")
);

/* outcome: sys_regs.c enum armvcpu_sysreg_outcome. */
TRACE_EVENT(armvcpu_sysreg,
	    TP_PROTO(u32 vcpu_id, u32 enc, bool is_write, u64 val, u32 outcome),
	    TP_ARGS(vcpu_id, enc, is_write, val, outcome),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(u32, enc)
			     __field(bool, is_write)
			     __field(u32, outcome)
			     __field(u64, val)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->enc = enc;
			   __entry->is_write = is_write;
			   __entry->outcome = outcome;
			   __entry->val = val;),
	    TP_printk("vcpu %u %s S%u_%u_C%u_C%u_%u val %#llx %s",
		      __entry->vcpu_id, __entry->is_write ? "write" : "read",
		      (__entry->enc >> 19) & 3, (__entry->enc >> 16) & 7,
		      (__entry->enc >> 12) & 15, (__entry->enc >> 8) & 15,
		      (__entry->enc >> 5) & 7, __entry->val,
		      __print_symbolic(__entry->outcome, { 0, "emulated" },
				       { 1, "undef" }, { 2, "vmm" }))
);

/* ret: 1 answered in the kernel, 0 an exit to the VMM. */
TRACE_EVENT(armvcpu_psci,
	    TP_PROTO(u32 vcpu_id, u32 fn, long result, int ret),
	    TP_ARGS(vcpu_id, fn, result, ret),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(u32, fn)
			     __field(long, result)
			     __field(int, ret)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->fn = fn;
			   __entry->result = result;
			   __entry->ret = ret;),
	    TP_printk("vcpu %u fn %#x result %ld %s", __entry->vcpu_id,
		      __entry->fn, __entry->result,
		      __entry->ret > 0 ? "kernel" : __entry->ret ? "error" : "vmm")
);

TRACE_EVENT(armvcpu_vgic_inject,
	    TP_PROTO(u32 vcpu_id, u32 intid, bool level, bool pending),
	    TP_ARGS(vcpu_id, intid, level, pending),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(u32, intid)
			     __field(bool, level)
			     __field(bool, pending)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->intid = intid;
			   __entry->level = level;
			   __entry->pending = pending;),
	    TP_printk("vcpu %u intid %u level %u pending %u", __entry->vcpu_id,
		      __entry->intid, __entry->level, __entry->pending)
);

TRACE_EVENT(armvcpu_wfi_sleep,
	    TP_PROTO(u32 vcpu_id),
	    TP_ARGS(vcpu_id),
	    TP_STRUCT__entry(__field(u32, vcpu_id)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;),
	    TP_printk("vcpu %u", __entry->vcpu_id)
);

/* Why a WFI ended (vgic.c), and whether the vCPU slept at all. */
#define ARMVCPU_TRACE_WAKE_IRQ		0
#define ARMVCPU_TRACE_WAKE_SIGNAL	1
#define ARMVCPU_TRACE_WAKE_KICK		2
#define ARMVCPU_TRACE_WAKE_SERROR	3

TRACE_EVENT(armvcpu_wfi_wake,
	    TP_PROTO(u32 vcpu_id, u32 reason, bool slept),
	    TP_ARGS(vcpu_id, reason, slept),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(u32, reason)
			     __field(bool, slept)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->reason = reason;
			   __entry->slept = slept;),
	    TP_printk("vcpu %u %s%s", __entry->vcpu_id,
		      __print_symbolic(__entry->reason, { 0, "interrupt" },
				       { 1, "signal" }, { 2, "kick" },
				       { 3, "serror" }),
		      __entry->slept ? "" : " (did not sleep)")
);

/* slot -1: the chunk was mapped already, or its slot went. */
TRACE_EVENT(armvcpu_s2_fault,
	    TP_PROTO(u32 vcpu_id, u64 ipa, int slot, bool write, int ret),
	    TP_ARGS(vcpu_id, ipa, slot, write, ret),
	    TP_STRUCT__entry(__field(u32, vcpu_id)
			     __field(int, slot)
			     __field(u64, ipa)
			     __field(bool, write)
			     __field(int, ret)),
	    TP_fast_assign(__entry->vcpu_id = vcpu_id;
			   __entry->slot = slot;
			   __entry->ipa = ipa;
			   __entry->write = write;
			   __entry->ret = ret;),
	    TP_printk("vcpu %u ipa %#llx slot %d %s ret %d", __entry->vcpu_id,
		      __entry->ipa, __entry->slot,
		      __entry->write ? "write" : "read", __entry->ret)
);

#endif /* ARMVCPU_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
