// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile guest cannot hurt the host. Every guest program is generated at
 * run time into guest memory from a seed: random instruction words, MSR/MRS
 * and SYS over the whole system-instruction encoding space, HVC/SMC with
 * random SMCCC/PSCI function ids and arguments, loads and stores (single,
 * pair, sign-extending) to random IPAs in RAM, in a read-only slot, in
 * unmapped space and past the IPA size, WFI/WFE/ERET/BRK/SVC; one MSR/MRS
 * in four goes to the timers' registers. Every other VM has the in-kernel
 * GIC, and with it the physical timer emulated in the kernel. The harness
 * answers every exit generically, as a VMM would: MMIO reads get random
 * data, sysreg reads random values or an UNDEF, hypercalls random results,
 * guest exceptions (a vector table of HVCs) are stepped over, aborts
 * without syndrome get an injected abort. A watchdog signal ends programs
 * that never exit.
 *
 * Pass: RUN always returns (EINTR is the only error, and only for the
 * watchdog), every exit reason is a documented one, no exit reports a fault
 * at EL2, the task's FP/SIMD registers, FPCR, FPSR, TPIDR_EL0 and
 * TPIDRRO_EL0 are intact after every RUN, CNTFRQ_EL0 is unchanged and
 * CNTVCT_EL0 never goes backwards, the host's EL1 registers on the CPU the
 * test is pinned to (armvcpu's debugfs host_sysregs) are unchanged every 50
 * programs, the kernel log stays clean, and memory is back at its baseline
 * once the VMs are gone.
 *
 * Parameters (environment or "name=value" arguments):
 *   fuzz_guest_programs  programs to run (default 1000; make stress 12000)
 *   fuzz_guest_seed      seed to replay (default: fresh, printed)
 *   fuzz_guest_snippets  snippets per program (default 48)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "robust.h"

#define RAM_SIZE	(2UL << 20)
#define RO_BASE		0x50000000ULL
#define RO_SIZE		(64UL << 10)
#define VECTORS		RB_GUEST_RAM			/* VBAR_EL1 */
#define CODE		(RB_GUEST_RAM + 0x1000)
#define CODE_MAX	(0x80000 / 4)			/* words */
#define STACK_TOP	(RB_GUEST_RAM + RAM_SIZE - 0x1000)

#define HVC_VECTOR	0xe000	/* + vector index: the guest took an exception */
#define HVC_DONE	0x0d0e	/* the program ran to its end */

#define MAX_EXCEPTIONS	24	/* guest exceptions stepped over per program */
#define MAX_EXITS	400	/* exits per program */
#define BUDGET_MS	40	/* watchdog: first tick */
#define TICK_MS		10	/* then every 10 ms until RUN returns */
#define HUNG_NS		(5ULL * 1000000000ULL)

#define PSTATE_EL1H	0x3c5ULL	/* EL1h, DAIF masked */

struct stats {
	unsigned long programs, runs, exits, words, exceptions, timeouts;
	unsigned long mmio, hypercalls, sysregs, psci, nisv, fail_entry;
	unsigned long internal, vm_cycles, sysreg_checks;
};

struct guest {
	int vm, vcpu;
	struct armvcpu_run *run;
	struct rb_reg128 *reset_vals;	/* every register of a fresh vCPU */
	__u64 *reset_ids;
	unsigned int nreset;
};

struct fuzz {
	struct rb_rng rng;
	__u64 seed;
	int dev;
	unsigned int ipa_bits;
	unsigned int snippets;
	bool inject;		/* ARMVCPU_INJECT_ABORT works */
	char *ram, *ro;
	struct guest g;
	struct stats st;
	unsigned int last_exit;
	char bad[512];
};

static void fail(struct fuzz *f, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (f->bad[0])
		return;
	va_start(ap, fmt);
	vsnprintf(f->bad, sizeof(f->bad), fmt, ap);
	va_end(ap);
	n = strlen(f->bad);
	snprintf(f->bad + n, sizeof(f->bad) - n,
		 " (program %lu; replay with fuzz_guest_seed=%#llx)",
		 f->st.programs, (unsigned long long)f->seed);
}

static __u64 cntvct(void)
{
	__u64 v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static __u64 cntfrq(void)
{
	__u64 v;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* An IPA for a load or store: RAM, the read-only slot, holes, beyond. */
static __u64 some_ipa(struct fuzz *f)
{
	__u64 ipa;

	switch (rb_below(&f->rng, 8)) {
	case 0:		/* data area of RAM, above the code */
		ipa = RB_GUEST_RAM + 0x100000 + rb_below(&f->rng, 0xf0000);
		break;
	case 1:
		ipa = RO_BASE + rb_below(&f->rng, RO_SIZE);
		break;
	case 2:		/* just past a slot */
		ipa = rb_chance(&f->rng, 1, 2) ? RO_BASE + RO_SIZE :
						 RB_GUEST_RAM + RAM_SIZE;
		ipa += rb_below(&f->rng, 64) - 8;
		break;
	case 3:		/* 32 MiB of devices from the GIC on, as on QEMU virt */
		ipa = BOARD_GICD_BASE + rb_below(&f->rng, 0x2000000);
		break;
	case 4:		/* anywhere in the IPA space */
		ipa = rb_below(&f->rng, 1ULL << f->ipa_bits);
		break;
	case 5:		/* past the IPA size: an address size fault */
		ipa = (1ULL << f->ipa_bits) + rb_below(&f->rng, 1ULL << 40);
		break;
	case 6:
		ipa = rb_rand(&f->rng);
		break;
	default:	/* low, no slot: the UART up to the exit device */
		ipa = BOARD_UART_BASE +
		      rb_below(&f->rng, BOARD_EXIT_BASE - BOARD_UART_BASE);
		break;
	}
	/* Mostly aligned: unaligned accesses take the alignment-fault path. */
	if (rb_chance(&f->rng, 3, 4))
		ipa &= ~7ULL;
	return ipa;
}

static const __u64 fn_ids[] = {
	0x84000000, 0x84000001, 0x84000002, 0x84000003, 0x84000004,
	0x84000005, 0x84000006, 0x84000008, 0x84000009, 0x8400000a,
	0x8400000c, 0x8400000e, 0x84000012, 0xc4000001, 0xc4000003,
	0xc4000004, 0xc4000005, 0xc4000012, 0xc400000e, 0x80000000,
	0x80000001, 0x80008000, 0x80000002, 0xc6000000, 0x86000000,
	0xbf000000, 0xffffffff, 0xffffffff84000000ULL, 0x0,
};

static __u64 some_fn_id(struct fuzz *f)
{
	switch (rb_below(&f->rng, 4)) {
	case 0:
		return rb_rand(&f->rng);
	case 1:
		return (__u32)rb_rand(&f->rng);
	default:
		return fn_ids[rb_below(&f->rng, ARRAY_SIZE(fn_ids))];
	}
}

static __u64 some_arg(struct fuzz *f)
{
	switch (rb_below(&f->rng, 5)) {
	case 0:
		return rb_below(&f->rng, 8);		/* MPIDR, reset type */
	case 1:
		return CODE + 4 * rb_below(&f->rng, 64);	/* entry point */
	case 2:
		return some_ipa(f);
	default:
		return rb_rand(&f->rng);
	}
}

/*
 * The guest's breakpoints and watchpoints: MDSCR_EL1 with MDE and KDE,
 * DBG{B,W}{V,C}R<n>_EL1 past the count too, the OS lock, PSTATE.D
 * unmasked, so that what the guest arms also fires (at its own vector).
 */
static void debug_snippet(struct fuzz *f, struct a64 *p, unsigned int rt)
{
	bool read = rb_chance(&f->rng, 1, 3);

	switch (rb_below(&f->rng, 4)) {
	case 0:		/* MDSCR_EL1: KDE, MDE and random bits */
		a64_mov64(p, rt, rb_rand(&f->rng) | (rb_below(&f->rng, 4) << 13));
		a64_emit(p, a64_sysreg(false, 2, 0, 0, 2, 2, rt));
		break;
	case 1:		/* a value register: code or RAM; else anything */
		a64_mov64(p, rt, rb_chance(&f->rng, 1, 2) ?
			  CODE + 4 * rb_below(&f->rng, 64) : some_ipa(f));
		a64_emit(p, a64_sysreg(read, 2, 0, 0, rb_below(&f->rng, 16),
				       4 + 2 * rb_below(&f->rng, 2), rt));
		break;
	case 2:		/* a control register, enabled more often than not */
		a64_mov64(p, rt, rb_rand(&f->rng) | 1);
		a64_emit(p, a64_sysreg(read, 2, 0, 0, rb_below(&f->rng, 16),
				       5 + 2 * rb_below(&f->rng, 2), rt));
		break;
	default:	/* OSLAR_EL1, or unmask debug exceptions */
		if (rb_chance(&f->rng, 1, 2)) {
			a64_mov64(p, rt, rb_below(&f->rng, 2));
			a64_emit(p, a64_sysreg(false, 2, 0, 1, 0, 4, rt));
		} else {
			a64_emit(p, 0xd50348ffU);	/* msr daifclr, #8 */
		}
		break;
	}
}

/* One snippet: a few instructions exercising one kind of guest action. */
static void snippet(struct fuzz *f, struct a64 *p)
{
	unsigned int rt = rb_below(&f->rng, 31), rn, i;
	bool read;

	switch (rb_below(&f->rng, 16)) {
	case 0:
	case 1:
	case 2:		/* any instruction word */
		a64_emit(p, (__u32)rb_rand(&f->rng));
		break;
	case 3:
	case 4:		/* system instruction space: MSR/MRS/SYS/hints */
		a64_emit(p, 0xd5000000U | (rb_rand(&f->rng) & 0x3fffff));
		break;
	case 5:		/* MRS/MSR op0 2 and 3, every encoding */
		read = rb_chance(&f->rng, 1, 2);
		if (!read)
			a64_mov64(p, rt, rb_chance(&f->rng, 1, 2) ?
					 rb_rand(&f->rng) :
					 rb_below(&f->rng, 0x100000));
		if (rb_chance(&f->rng, 1, 4))	/* CNTPCT_EL0 .. CNTV_CVAL_EL0 */
			a64_emit(p, a64_sysreg(read, 3, 3, 14,
					       rb_below(&f->rng, 4),
					       rb_below(&f->rng, 8),
					       rb_chance(&f->rng, 1, 8) ? 31 :
									 rt));
		else
			a64_emit(p, a64_sysreg(read, 2 + rb_below(&f->rng, 2),
					       rb_below(&f->rng, 8),
					       rb_below(&f->rng, 16),
					       rb_below(&f->rng, 16),
					       rb_below(&f->rng, 8),
					       rb_chance(&f->rng, 1, 8) ? 31 :
									 rt));
		break;
	case 6:
		debug_snippet(f, p, rt);
		break;
	case 7:
	case 8:		/* HVC/SMC with a function id and six arguments */
		a64_mov64(p, 0, some_fn_id(f));
		for (i = 1; i <= 6; i++)
			if (rb_chance(&f->rng, 1, 2))
				a64_mov64(p, i, some_arg(f));
		i = rb_chance(&f->rng, 3, 4) ? 0 : rb_below(&f->rng, 0x10000);
		if (i >= HVC_VECTOR || i == HVC_DONE)
			i = 1;
		a64_emit(p, rb_chance(&f->rng, 1, 2) ? a64_hvc(i) : a64_smc(i));
		break;
	case 9:
	case 10:
	case 11:	/* load or store to a random IPA */
		rn = rb_below(&f->rng, 31);
		a64_mov64(p, rn, some_ipa(f));
		if (rb_chance(&f->rng, 1, 6)) {
			a64_emit(p, a64_ldp_stp(rb_chance(&f->rng, 1, 2), rt,
						rb_below(&f->rng, 31), rn));
		} else {
			read = rb_chance(&f->rng, 1, 2);
			if (!read)
				a64_mov64(p, rt, rb_rand(&f->rng));
			a64_emit(p, a64_ldst(read, rb_below(&f->rng, 4),
					     rb_chance(&f->rng, 1, 3),
					     rb_chance(&f->rng, 1, 2),
					     rb_chance(&f->rng, 1, 10) ? 31 : rt,
					     rn));
		}
		break;
	case 12:	/* FP/SIMD: move random bits into a V register */
		a64_mov64(p, rt, rb_rand(&f->rng));
		/* FMOV Dd, Xn */
		a64_emit(p, 0x9e670000U | (rt << 5) | rb_below(&f->rng, 32));
		break;
	case 13:	/* exception-generating and hint instructions */
		a64_emit(p, (__u32[]){ A64_WFI, A64_WFE, A64_ERET, A64_ISB,
			 0xd4200000U /* BRK */, 0xd4000001U /* SVC */,
			 0xd4400000U /* HLT */, 0xd4a00001U /* DCPS1 */,
			 0xd503309fU /* SSBB */, 0xd500401fU /* MSR SPSel */,
			 0xd50b7520U /* IC IVAU */, 0xd508871fU /* TLBI */ }
			 [rb_below(&f->rng, 12)] | (rb_chance(&f->rng, 1, 4) ?
			 ((__u32)rb_below(&f->rng, 0x10000) << 5) & 0x1fffe0 :
			 0));
		break;
	case 14:	/* branch somewhere: into RAM, out of it, to itself */
		a64_emit(p, a64_b((__s32)rb_below(&f->rng, 0x4000000)));
		break;
	default:	/* change a random general-purpose register */
		a64_mov64(p, rt, rb_chance(&f->rng, 1, 2) ? some_ipa(f) :
							    rb_rand(&f->rng));
		break;
	}
}

static void build_program(struct fuzz *f)
{
	__u32 *code = (__u32 *)(f->ram + (CODE - RB_GUEST_RAM));
	struct a64 p = { .buf = code, .cap = CODE_MAX - 8 };
	unsigned int i;

	for (i = 0; i < f->snippets; i++)
		snippet(f, &p);
	p.cap = CODE_MAX;
	a64_mov64(&p, 0, 0xd0e);
	a64_emit(&p, a64_hvc(HVC_DONE));
	a64_emit(&p, a64_b(0));
	f->st.words += p.n;
	/* The guest fetches with its MMU off: past the caches, to PoC. */
	rb_sync_code(code, p.n * 4);
}

/* Sixteen vectors, each an HVC naming itself, then a branch to self. */
static void build_vectors(struct fuzz *f)
{
	unsigned int v;

	for (v = 0; v < 16; v++) {
		__u32 *e = (__u32 *)(f->ram + v * 0x80);

		e[0] = a64_hvc(HVC_VECTOR + v);
		e[1] = a64_b(0);
	}
	rb_sync_code(f->ram, 16 * 0x80);
}

static void guest_destroy(struct guest *g)
{
	if (g->run)
		munmap(g->run, RB_PAGE);
	if (g->vcpu >= 0)
		close(g->vcpu);
	if (g->vm >= 0)
		close(g->vm);
	free(g->reset_ids);
	free(g->reset_vals);
	memset(g, 0, sizeof(*g));
	g->vm = -1;
	g->vcpu = -1;
}

static int guest_create(struct fuzz *f)
{
	struct guest *g = &f->g;
	struct armvcpu_reg_list *l;
	unsigned int i, n = 0;
	int ret;

	/* Every other VM with the in-kernel GIC and its timers. */
	g->vm = __av_create_vm(f->dev, f->st.vm_cycles & 1 ?
				       ARMVCPU_VM_VGIC : 0, 0);
	if (g->vm < 0)
		return g->vm;
	ret = __av_set_region(g->vm, 0, 0, RB_GUEST_RAM, RAM_SIZE,
			      (uintptr_t)f->ram);
	if (!ret)
		ret = __av_set_region(g->vm, 1, ARMVCPU_MEM_READONLY, RO_BASE,
				      RO_SIZE, (uintptr_t)f->ro);
	if (ret)
		return ret;
	ret = __av_vcpu_open(g->vm, 0, RB_PAGE, &g->vcpu, &g->run);
	if (ret)
		return ret;

	/* Snapshot the reset state: every program starts from it. */
	l = calloc(1, sizeof(*l) + 1024 * sizeof(__u64));
	if (!l)
		return -ENOMEM;
	l->n = 1024;
	if (!ioctl(g->vcpu, ARMVCPU_GET_REG_LIST, l))
		n = l->n;
	g->reset_ids = calloc(n + 1, sizeof(__u64));
	g->reset_vals = calloc(n + 1, sizeof(*g->reset_vals));
	if (!g->reset_ids || !g->reset_vals) {
		free(l);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if (__av_get_reg(g->vcpu, l->reg[i], &g->reset_vals[g->nreset]))
			continue;
		g->reset_ids[g->nreset++] = l->reg[i];
	}
	free(l);
	f->st.vm_cycles++;
	return 0;
}

static int guest_reset(struct fuzz *f)
{
	struct guest *g = &f->g;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < g->nreset && !ret; i++)
		ret = __av_set_reg(g->vcpu, g->reset_ids[i], &g->reset_vals[i]);
	for (i = 0; i < 31 && !ret; i++)
		ret = __av_set_reg64(g->vcpu, ARMVCPU_REG_X(i),
				     rb_rand(&f->rng));
	if (!ret)
		ret = __av_set_reg64(g->vcpu, ARMVCPU_REG_SP_EL1, STACK_TOP);
	if (!ret)
		ret = __av_set_reg64(g->vcpu, ARMVCPU_REG_VBAR_EL1, VECTORS);
	if (!ret)
		ret = __av_set_reg64(g->vcpu, ARMVCPU_REG_PSTATE, PSTATE_EL1H);
	if (!ret)
		ret = __av_set_reg64(g->vcpu, ARMVCPU_REG_PC, CODE);
	return ret;
}

/*
 * The guest took exception @vec: step over a synchronous one (ELR_EL1 + 4)
 * or resume an asynchronous one, returning with the SPSR_EL1 it saved, as
 * a guest handler would. False ends the program.
 */
static bool step_over(struct fuzz *f, unsigned int vec)
{
	int fd = f->g.vcpu;
	__u64 elr, spsr;

	if (__av_get_reg(fd, ARMVCPU_REG_ELR_EL1, &elr) ||
	    __av_get_reg(fd, ARMVCPU_REG_SPSR_EL1, &spsr))
		return false;
	/* Only AArch64 EL0t/EL1t/EL1h are states a handler would return to. */
	spsr &= 0xf00003cfULL;
	if ((spsr & 0x1f) != 0 && (spsr & 0x1f) != 4 && (spsr & 0x1f) != 5)
		return false;
	if ((vec & 3) == 0)
		elr += 4;
	return !__av_set_reg64(fd, ARMVCPU_REG_PC, elr) &&
	       !__av_set_reg64(fd, ARMVCPU_REG_PSTATE, spsr | 0x3c0);
}

/* Answers one exit; false ends the program. */
static bool handle_exit(struct fuzz *f, unsigned int *exceptions)
{
	struct armvcpu_run *run = f->g.run;
	struct armvcpu_abort ab = { .type = ARMVCPU_ABORT_DATA };
	unsigned int i, prev = f->last_exit;

	f->st.exits++;
	f->last_exit = run->exit_reason;
	switch (f->last_exit) {
	case ARMVCPU_EXIT_MMIO:
		f->st.mmio++;
		if (run->mmio.len != 1 && run->mmio.len != 2 &&
		    run->mmio.len != 4 && run->mmio.len != 8)
			fail(f, "MMIO exit with len %u", run->mmio.len);
		if (!run->mmio.is_write)
			for (i = 0; i < 8; i++)
				run->mmio.data[i] = rb_rand(&f->rng);
		return true;
	case ARMVCPU_EXIT_HYPERCALL:
		f->st.hypercalls++;
		if (!(run->hypercall.flags & ARMVCPU_HYPERCALL_SMC) &&
		    run->hypercall.imm == HVC_DONE && run->hypercall.nr == 0xd0e)
			return false;
		if (!(run->hypercall.flags & ARMVCPU_HYPERCALL_SMC) &&
		    run->hypercall.imm >= HVC_VECTOR &&
		    run->hypercall.imm < HVC_VECTOR + 16) {
			f->st.exceptions++;
			if (++*exceptions > MAX_EXCEPTIONS)
				return false;
			return step_over(f, run->hypercall.imm - HVC_VECTOR);
		}
		for (i = 0; i < 4; i++)
			if (rb_chance(&f->rng, 1, 2))
				run->hypercall.ret[i] = rb_rand(&f->rng);
		return true;
	case ARMVCPU_EXIT_SYSREG:
		f->st.sysregs++;
		if (rb_chance(&f->rng, 1, 3))
			run->sysreg.undef = 1;
		else if (!run->sysreg.is_write)
			run->sysreg.value = rb_rand(&f->rng);
		return true;
	case ARMVCPU_EXIT_CPU_UP:
		f->st.psci++;
		run->cpu_up.psci_ret = (__s64[]){ 0, -2, -4, -5 }
				       [rb_below(&f->rng, 4)];
		return true;
	case ARMVCPU_EXIT_CPU_DOWN:
	case ARMVCPU_EXIT_SYSTEM_DOWN:
	case ARMVCPU_EXIT_SYSTEM_RESET:
		f->st.psci++;
		return false;
	case ARMVCPU_EXIT_MMIO_NISV:
		f->st.nisv++;
		ab.addr = run->mmio_nisv.ipa;
		/* As a VMM that cannot emulate it: the guest takes an abort. */
		return f->inject && !ioctl(f->g.vcpu, ARMVCPU_INJECT_ABORT, &ab);
	case ARMVCPU_EXIT_FAIL_ENTRY:
		f->st.fail_entry++;
		return false;
	case ARMVCPU_EXIT_INTERNAL_ERROR:
		f->st.internal++;
		if (run->internal_error.suberror ==
		    ARMVCPU_INTERNAL_ERROR_EL2_FAULT)
			fail(f, "EL2 fault: esr %#llx far %#llx pc %#llx",
			     (unsigned long long)run->internal_error.esr,
			     (unsigned long long)run->internal_error.far,
			     (unsigned long long)run->internal_error.pc);
		return false;
	default:
		fail(f, "undocumented exit reason %u after exit %u (RUN returned 0)",
		     run->exit_reason, prev);
		return false;
	}
}

static void run_program(struct fuzz *f)
{
	unsigned int exceptions = 0, exits = 0;
	__u64 t0, before, after, frq = cntfrq();
	bool host_ok, more = true;
	long ret;

	build_program(f);
	if (guest_reset(f)) {
		fail(f, "could not reset the vCPU's registers");
		return;
	}
	rb_watchdog_set_run(f->g.run);
	f->g.run->immediate_exit = 0;
	rb_watchdog_arm(BUDGET_MS, TICK_MS);
	while (more && exits++ < MAX_EXITS && !f->bad[0]) {
		before = cntvct();
		t0 = now_ns();
		ret = rb_run_checked(f->g.vcpu, &f->rng, &host_ok);
		after = cntvct();
		f->st.runs++;
		if (now_ns() - t0 > HUNG_NS)
			fail(f, "RUN took %llu ms to return after the watchdog",
			     (unsigned long long)(now_ns() - t0) / 1000000);
		if (!host_ok)
			fail(f, "host FP/SIMD or TPIDR state changed across RUN");
		if (after < before)
			fail(f, "CNTVCT_EL0 went backwards across RUN");
		if (cntfrq() != frq)
			fail(f, "CNTFRQ_EL0 changed across RUN");
		if (ret == -EINTR) {
			f->st.timeouts++;
			break;
		}
		if (ret < 0) {
			fail(f, "RUN failed: %s", strerror(-ret));
			break;
		}
		if (ret > 0) {
			fail(f, "RUN returned %ld", ret);
			break;
		}
		more = handle_exit(f, &exceptions);
	}
	rb_watchdog_disarm();
	rb_watchdog_set_run(NULL);
	f->st.programs++;
}

#define HOST_SYSREGS	"/sys/kernel/debug/armvcpu/host_sysregs"

/*
 * The host's EL1/EL0 registers as armvcpu's debugfs file shows them on the
 * CPU this thread is pinned to; ASIDs masked (they may be re-assigned).
 * Returns false if the file cannot be read.
 */
static bool host_sysregs(char *buf, size_t len)
{
	unsigned long long v;
	char name[32], line[128];
	size_t n = 0;
	FILE *f = fopen(HOST_SYSREGS, "r");

	if (!f)
		return false;
	buf[0] = '\0';
	while (fgets(line, sizeof(line), f) && n < len) {
		if (sscanf(line, "%31s %llx", name, &v) != 2)
			continue;
		/* TTBRn_EL1[63:48] is the ASID, which may be re-assigned. */
		if (!strncmp(name, "ttbr", 4))
			v &= 0x0000ffffffffffffULL;
		n += snprintf(buf + n, len - n, "%s %#llx\n", name, v);
	}
	fclose(f);
	return n > 0;
}

/* Compares the host's registers with @before; a change fails the run. */
static void check_host_sysregs(struct fuzz *f, const char *before)
{
	char now[1024], *a, *b, *ea, *eb;

	f->st.sysreg_checks++;
	if (!host_sysregs(now, sizeof(now))) {
		fail(f, "cannot read %s", HOST_SYSREGS);
		return;
	}
	/* Line by line: both lists come in the same order. */
	for (a = (char *)before, b = now; *a && *b; a = ea + 1, b = eb + 1) {
		ea = strchr(a, '\n');
		eb = strchr(b, '\n');
		if (!ea || !eb)
			break;
		if (ea - a != eb - b || strncmp(a, b, ea - a))
			fail(f, "host register changed: %.*s -> %.*s",
			     (int)(ea - a), a, (int)(eb - b), b);
	}
}

/* A fixture only for the timeout: make stress runs ten times longer. */
FIXTURE(fuzz) {
};

FIXTURE_SETUP(fuzz)
{
}

FIXTURE_TEARDOWN(fuzz)
{
}

TEST_F_TIMEOUT(fuzz, guest, 3600)
{
	unsigned long n = rb_param("fuzz_guest_programs", 1000);
	unsigned long per_vm = rb_param("fuzz_guest_per_vm", 100);
	struct fuzz *f = calloc(1, sizeof(*f));
	char regs0[1024];
	struct rb_mem base, now;
	bool have_sysregs;
	int trouble, ret;
	cpu_set_t cpus;
	__u64 t0;

	ASSERT_NE(NULL, f);
	f->seed = rb_seed("fuzz_guest_seed");
	rb_rng_seed(&f->rng, f->seed);
	f->snippets = rb_param("fuzz_guest_snippets", 48);
	trouble = rb_klog_trouble();
	ASSERT_EQ(0, rb_watchdog_init());
	f->dev = __av_open_dev();
	ASSERT_LE(0, f->dev) TH_LOG("open /dev/armvcpu: %s", strerror(-f->dev));
	ret = ioctl(f->dev, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_IPA_SIZE);
	f->ipa_bits = ret >= 32 ? ret : 40;
	f->inject = ioctl(f->dev, ARMVCPU_CHECK_EXTENSION,
			  ARMVCPU_CAP_INJECT_ABORT) > 0;
	/* Baseline before this test maps anything; compared once all is unmapped. */
	rb_mem_sample(&base);
	f->ram = rb_alloc_guest_mem(RAM_SIZE);
	f->ro = mmap(NULL, RO_SIZE, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(NULL, f->ram);
	ASSERT_NE(MAP_FAILED, f->ro);
	memset(f->ro, 0xa5, RO_SIZE);
	/* The guest gets it read-only; so does this process from now on. */
	ASSERT_EQ(0, mprotect(f->ro, RO_SIZE, PROT_READ));
	build_vectors(f);
	f->g.vm = -1;
	f->g.vcpu = -1;

	t0 = now_ns();
	/*
	 * Pinned to one CPU, the host's EL1 registers can be read before and
	 * after guests ran there: whatever they wrote, the host's are back.
	 */
	CPU_ZERO(&cpus);
	CPU_SET(sched_getcpu(), &cpus);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpus), &cpus));
	have_sysregs = host_sysregs(regs0, sizeof(regs0));
	while (f->st.programs < n && !f->bad[0]) {
		if (have_sysregs && f->st.programs % 50 == 49)
			check_host_sysregs(f, regs0);
		if (f->g.vm < 0 || (per_vm && f->st.programs &&
				    !(f->st.programs % per_vm))) {
			guest_destroy(&f->g);
			ret = guest_create(f);
			ASSERT_EQ(0, ret) TH_LOG("guest set-up: %s",
						 strerror(-ret));
		}
		run_program(f);
	}
	guest_destroy(&f->g);
	if (have_sysregs)
		check_host_sysregs(f, regs0);
	munmap(f->ram, RAM_SIZE);
	munmap(f->ro, RO_SIZE);
	rb_mem_sample(&now);

	TH_LOG("%lu programs, %lu words, %lu RUNs, %lu exits in %llu ms, seed %#llx",
	       f->st.programs, f->st.words, f->st.runs, f->st.exits,
	       (unsigned long long)(now_ns() - t0) / 1000000,
	       (unsigned long long)f->seed);
	TH_LOG("exits: %lu MMIO, %lu hypercall, %lu sysreg, %lu PSCI, %lu NISV",
	       f->st.mmio, f->st.hypercalls, f->st.sysregs, f->st.psci,
	       f->st.nisv);
	TH_LOG("%lu fail-entry, %lu internal; %lu guest exceptions, %lu watchdog ends, %lu VMs",
	       f->st.fail_entry, f->st.internal,
	       f->st.exceptions, f->st.timeouts, f->st.vm_cycles);
	TH_LOG("host EL1 registers compared %lu times on CPU %d%s",
	       f->st.sysreg_checks, sched_getcpu(),
	       have_sysregs ? "" : " (no " HOST_SYSREGS ")");
	rb_figure("fuzz_guest", "programs", f->st.programs);
	rb_figure("fuzz_guest", "instructions", f->st.words);
	rb_figure("fuzz_guest", "runs", f->st.runs);
	rb_figure("fuzz_guest", "exits", f->st.exits);
	rb_figure("fuzz_guest", "watchdog_ends", f->st.timeouts);
	rb_figure("fuzz_guest", "vm_cycles", f->st.vm_cycles);
	rb_figure("fuzz_guest", "failures", !!f->bad[0]);

	EXPECT_EQ(0, f->bad[0]) TH_LOG("%s", f->bad);
	EXPECT_GE(f->st.programs, n);
	RB_EXPECT_CLEAN("fuzz_guest", &base, &now, 1024, trouble);
	close(f->dev);
	free(f);
}

int main(int argc, char **argv)
{
	rb_args_to_env(argc, argv);
	return test_harness_run(argc, argv);
}
