// SPDX-License-Identifier: GPL-2.0
/*
 * Exit dispatch: one table indexed by exit reason, one short handler per
 * reason, as arch/arm64/kvm/handle_exit.c does per exception class. Every
 * reason of the uapi has an entry; a reason this VMM does not know stops
 * the VM with a message instead of being ignored.
 */
#include <stdio.h>
#include <string.h>

#include "vmm.h"

/*
 * Physical timer and counter: the kernel leaves them to userspace in a VM
 * without its GIC (with one, ARMVCPU_CAP_PTIMER, it emulates them itself
 * and these exits never come).
 */
#define SYS_CNTPCT_EL0		ARMVCPU_REG_SYS(3, 3, 14, 0, 1)
#define SYS_CNTP_TVAL_EL0	ARMVCPU_REG_SYS(3, 3, 14, 2, 0)
#define SYS_CNTP_CTL_EL0	ARMVCPU_REG_SYS(3, 3, 14, 2, 1)
#define SYS_CNTP_CVAL_EL0	ARMVCPU_REG_SYS(3, 3, 14, 2, 2)
/* Implementation-defined controls (HCR_EL2.TACR): this board has none. */
#define SYS_ACTLR_EL1		ARMVCPU_REG_SYS(3, 0, 1, 0, 1)
#define CNT_CTL_ENABLE		BIT_ULL(0)
#define CNT_CTL_IMASK		BIT_ULL(1)
#define CNT_CTL_ISTATUS		BIT_ULL(2)

static uint64_t le_to_u64(const uint8_t *data, unsigned int len)
{
	uint64_t v = 0;

	while (len--)
		v = (v << 8) | data[len];
	return v;
}

static void u64_to_le(uint8_t *data, unsigned int len, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < len; i++, v >>= 8)
		data[i] = v;
}

static enum exit_action stop_vm(struct vcpu *v)
{
	vmm_request_stop(v->vmm, VMM_STATUS_ERROR);
	return EXIT_STOP;
}

static enum exit_action mmio_unhandled(struct vcpu *v, uint64_t addr,
				       unsigned int len, bool is_write)
{
	struct vmm *vmm = v->vmm;
	const char *what = is_write ? "write to" : "read from";
	enum warn_verdict verdict;

	if (vmm->opts.strict_mmio) {
		vmm_err("vCPU %u: %u-byte %s 0x%llx, where no device is: stopping (--strict-mmio)",
			v->id, len, what, (unsigned long long)addr);
		return stop_vm(v);
	}
	verdict = warn_limit_check(&vmm->mmio_warn, addr);
	if (verdict != WARN_SILENT)
		vmm_err("vCPU %u: %u-byte %s 0x%llx, where no device is: %s%s",
			v->id, len, what, (unsigned long long)addr,
			is_write ? "ignored" : "reads as zero",
			verdict == WARN_LAST ? " (further such warnings muted)" : "");
	return EXIT_CONTINUE;
}

static enum exit_action handle_mmio(struct vcpu *v)
{
	struct armvcpu_run *run = v->run;
	uint64_t addr = run->mmio.phys_addr, val = 0;
	unsigned int len = run->mmio.len;
	bool is_write = run->mmio.is_write;

	if (len > sizeof(run->mmio.data)) {
		vmm_err("vCPU %u: MMIO exit with length %u: stopping", v->id, len);
		return stop_vm(v);
	}
	if (is_write)
		val = le_to_u64(run->mmio.data, len);
	if (!mmio_access(&v->vmm->bus, addr, &val, len, is_write))
		return mmio_unhandled(v, addr, len, is_write);
	if (!is_write)
		u64_to_le(run->mmio.data, len, val);
	return vmm_state(v->vmm) == VM_RUNNING ? EXIT_CONTINUE : EXIT_STOP;
}

/* No hypercall service is offered yet: SMCCC says so with NOT_SUPPORTED. */
static enum exit_action handle_hypercall(struct vcpu *v)
{
	memset(v->run->hypercall.ret, 0, sizeof(v->run->hypercall.ret));
	v->run->hypercall.ret[0] = ARMVCPU_SMCCC_RET_NOT_SUPPORTED;
	return EXIT_CONTINUE;
}

/* A signal or a kick: the run loop re-reads the VM state. */
static enum exit_action handle_intr(struct vcpu *v)
{
	(void)v;
	return EXIT_CONTINUE;
}

/* Only gdb's breakpoints and steps ask for debug exits. */
static enum exit_action handle_debug(struct vcpu *v)
{
	if (!v->vmm->gdb) {
		vmm_err("vCPU %u: debug exit without --gdb", v->id);
		vmm_request_stop(v->vmm, VMM_STATUS_ERROR);
		return EXIT_STOP;
	}
	gdbstub_debug_exit(v);
	return EXIT_CONTINUE;
}

static uint64_t read_counter(void)
{
	uint64_t cnt;

#ifdef __aarch64__
	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
#else
	cnt = stats_now_ns();
#endif
	return cnt;
}

static uint64_t ptimer_ctl(const struct ptimer *t)
{
	uint64_t ctl = t->ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK);

	if ((ctl & CNT_CTL_ENABLE) && read_counter() >= t->cval)
		ctl |= CNT_CTL_ISTATUS;
	return ctl;
}

/*
 * The EL1 physical timer as a register model, for a VM without the
 * in-kernel GIC (a kernel without it, or one that refused it): the guest
 * can poll ISTATUS, but its PPI (INTID 30) is never raised, as there is no
 * interrupt controller. With the in-kernel GIC the kernel runs this timer
 * and its PPI itself. ACTLR_EL1 reads as zero and ignores writes: the
 * board has no implementation-defined controls. Returns false for a
 * register this VMM does not emulate.
 */
static bool emulate_sysreg(struct vcpu *v, uint64_t id, bool is_write,
			   uint64_t *val)
{
	struct ptimer *t = &v->ptimer;

	switch (id) {
	case SYS_ACTLR_EL1:
		if (!is_write)
			*val = 0;
		return true;
	case SYS_CNTPCT_EL0:
		if (is_write)
			return false;
		*val = read_counter();
		return true;
	case SYS_CNTP_CTL_EL0:
		if (is_write)
			t->ctl = *val & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
		else
			*val = ptimer_ctl(t);
		return true;
	case SYS_CNTP_CVAL_EL0:
		if (is_write)
			t->cval = *val;
		else
			*val = t->cval;
		return true;
	case SYS_CNTP_TVAL_EL0:
		if (is_write)
			t->cval = read_counter() + (int64_t)(int32_t)*val;
		else
			*val = (uint32_t)(t->cval - read_counter());
		return true;
	}
	return false;
}

static void sysreg_name(char *buf, size_t len, uint64_t id)
{
	snprintf(buf, len, "S%u_%u_C%u_C%u_%u",
		 (unsigned int)ARMVCPU_REG_SYS_OP0(id),
		 (unsigned int)ARMVCPU_REG_SYS_OP1(id),
		 (unsigned int)ARMVCPU_REG_SYS_CRN(id),
		 (unsigned int)ARMVCPU_REG_SYS_CRM(id),
		 (unsigned int)ARMVCPU_REG_SYS_OP2(id));
}

static enum exit_action handle_sysreg(struct vcpu *v)
{
	struct armvcpu_run *run = v->run;
	uint64_t val = run->sysreg.value;
	char name[32];

	if (emulate_sysreg(v, run->sysreg.id, run->sysreg.is_write, &val)) {
		if (!run->sysreg.is_write)
			run->sysreg.value = val;
		return EXIT_CONTINUE;
	}
	/* Architecturally, an unimplemented register is UNDEFINED. */
	run->sysreg.undef = 1;
	if (warn_limit_check(&v->vmm->sysreg_warn, run->sysreg.id)) {
		sysreg_name(name, sizeof(name), run->sysreg.id);
		vmm_err("vCPU %u: %s %s is not emulated: the guest takes UNDEF",
			v->id, run->sysreg.is_write ? "MSR" : "MRS", name);
	}
	return EXIT_CONTINUE;
}

static enum exit_action handle_mmio_nisv(struct vcpu *v)
{
	vmm_err("vCPU %u: access to 0x%llx without a valid syndrome (ISS 0x%llx): an LDP/STP, writeback or SIMD access to MMIO cannot be emulated; stopping",
		v->id, (unsigned long long)v->run->mmio_nisv.ipa,
		(unsigned long long)v->run->mmio_nisv.esr_iss);
	return stop_vm(v);
}

static enum exit_action handle_fail_entry(struct vcpu *v)
{
	vmm_err("vCPU %u: the kernel refused to enter the guest (reason %llu%s) on host CPU %u",
		v->id, (unsigned long long)v->run->fail_entry.reason,
		v->run->fail_entry.reason == ARMVCPU_FAIL_ENTRY_BAD_PSTATE ?
		": PSTATE would not enter EL0/EL1" : "",
		v->run->fail_entry.cpu);
	return stop_vm(v);
}

static const char *const internal_errors[] = {
	[ARMVCPU_INTERNAL_ERROR_UNKNOWN_EC]	= "unhandled exception class",
	[ARMVCPU_INTERNAL_ERROR_EL2_FAULT]	= "fault at EL2",
	[ARMVCPU_INTERNAL_ERROR_MEMORY_FAULT]	= "stage-2 fault in a memslot",
};

static enum exit_action handle_internal_error(struct vcpu *v)
{
	typeof(v->run->internal_error) *e = &v->run->internal_error;
	const char *what = NULL;

	if (e->suberror < ARRAY_SIZE(internal_errors))
		what = internal_errors[e->suberror];
	vmm_err("vCPU %u: internal error %u (%s): ESR 0x%llx FAR 0x%llx HPFAR 0x%llx PC 0x%llx",
		v->id, e->suberror, what ? what : "unknown",
		(unsigned long long)e->esr, (unsigned long long)e->far,
		(unsigned long long)e->hpfar, (unsigned long long)e->pc);
	return stop_vm(v);
}

static enum exit_action handle_unknown(struct vcpu *v)
{
	vmm_err("vCPU %u: exit reason %u, which this VMM does not know: stopping",
		v->id, v->run->exit_reason);
	return stop_vm(v);
}

/* One line per exit for --trace, after handling so reads show their data. */
static void trace_mmio(const struct vcpu *v, char *buf, size_t len)
{
	const struct armvcpu_run *run = v->run;
	unsigned int size = run->mmio.len;
	const struct mmio_device *d;

	d = mmio_find(&v->vmm->bus, run->mmio.phys_addr, size);
	if (size > sizeof(run->mmio.data))
		size = sizeof(run->mmio.data);
	snprintf(buf, len, "%s 0x%llx len %u %s 0x%llx (%s)",
		 run->mmio.is_write ? "write" : "read",
		 (unsigned long long)run->mmio.phys_addr, run->mmio.len,
		 run->mmio.is_write ? "<-" : "->",
		 (unsigned long long)le_to_u64(run->mmio.data, size),
		 d ? d->name : "no device");
}

static void trace_hypercall(const struct vcpu *v, char *buf, size_t len)
{
	const struct armvcpu_run *run = v->run;

	snprintf(buf, len, "%s #%u fn 0x%llx x1 0x%llx -> 0x%llx",
		 run->hypercall.flags & ARMVCPU_HYPERCALL_SMC ? "smc" : "hvc",
		 run->hypercall.imm, (unsigned long long)run->hypercall.nr,
		 (unsigned long long)run->hypercall.args[0],
		 (unsigned long long)run->hypercall.ret[0]);
}

static void trace_sysreg(const struct vcpu *v, char *buf, size_t len)
{
	const struct armvcpu_run *run = v->run;
	char name[32];

	sysreg_name(name, sizeof(name), run->sysreg.id);
	snprintf(buf, len, "%s %s x%u 0x%llx%s",
		 run->sysreg.is_write ? "msr" : "mrs", name, run->sysreg.rt,
		 (unsigned long long)run->sysreg.value,
		 run->sysreg.undef ? " undef" : "");
}

static void trace_cpu_up(const struct vcpu *v, char *buf, size_t len)
{
	const struct armvcpu_run *run = v->run;

	snprintf(buf, len, "target 0x%llx entry 0x%llx context 0x%llx -> %lld",
		 (unsigned long long)run->cpu_up.target_mpidr,
		 (unsigned long long)run->cpu_up.entry,
		 (unsigned long long)run->cpu_up.context_id,
		 (long long)run->cpu_up.psci_ret);
}

static void trace_debug(const struct vcpu *v, char *buf, size_t len)
{
	snprintf(buf, len, "esr 0x%llx far 0x%llx",
		 (unsigned long long)v->run->debug.esr,
		 (unsigned long long)v->run->debug.far);
}

struct exit_type {
	const char *name;
	enum exit_action (*handle)(struct vcpu *v);
	void (*trace)(const struct vcpu *v, char *buf, size_t len);
};

static const struct exit_type exit_types[] = {
	[ARMVCPU_EXIT_UNKNOWN]	      = { "UNKNOWN", handle_unknown },
	[ARMVCPU_EXIT_MMIO]	      = { "MMIO", handle_mmio, trace_mmio },
	[ARMVCPU_EXIT_HYPERCALL]      = { "HYPERCALL", handle_hypercall,
					  trace_hypercall },
	[ARMVCPU_EXIT_INTR]	      = { "INTR", handle_intr },
	[ARMVCPU_EXIT_SYSREG]	      = { "SYSREG", handle_sysreg, trace_sysreg },
	[ARMVCPU_EXIT_CPU_UP]	      = { "CPU_UP", psci_cpu_up, trace_cpu_up },
	[ARMVCPU_EXIT_CPU_DOWN]	      = { "CPU_DOWN", psci_cpu_down },
	[ARMVCPU_EXIT_SYSTEM_DOWN]    = { "SYSTEM_DOWN", psci_system_down },
	[ARMVCPU_EXIT_SYSTEM_RESET]   = { "SYSTEM_RESET", psci_system_reset },
	[ARMVCPU_EXIT_MMIO_NISV]      = { "MMIO_NISV", handle_mmio_nisv },
	[ARMVCPU_EXIT_FAIL_ENTRY]     = { "FAIL_ENTRY", handle_fail_entry },
	[ARMVCPU_EXIT_INTERNAL_ERROR] = { "INTERNAL_ERROR",
					  handle_internal_error },
	[ARMVCPU_EXIT_DEBUG]	      = { "DEBUG", handle_debug, trace_debug },
};

const char *exit_reason_name(unsigned int reason)
{
	if (reason < ARRAY_SIZE(exit_types) && exit_types[reason].name)
		return exit_types[reason].name;
	return NULL;
}

static void trace_exit(const struct vcpu *v, const struct exit_type *t)
{
	char detail[160] = "";

	if (t->trace)
		t->trace(v, detail, sizeof(detail));
	fprintf(stderr, "armvcpu-vmm: [%10.6f] vcpu%u %s %s\n",
		(stats_now_ns() - v->vmm->start_ns) / 1e9, v->id, t->name,
		detail);
}

enum exit_action vcpu_handle_exit(struct vcpu *v)
{
	static const struct exit_type unknown = {
		.name = "?", .handle = handle_unknown,
	};
	unsigned int reason = v->run->exit_reason;
	const struct exit_type *t = &unknown;
	enum exit_action action;

	if (reason < ARRAY_SIZE(exit_types) && exit_types[reason].handle)
		t = &exit_types[reason];
	action = t->handle(v);
	if (v->vmm->opts.trace)
		trace_exit(v, t);
	return action;
}
