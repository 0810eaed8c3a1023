// SPDX-License-Identifier: GPL-2.0
/*
 * An exception EL2 takes from EL2 (a hypervisor bug, provoked here through
 * debugfs) never hangs: EL2 records it and returns to the host, which
 * reports it once and refuses guests on every CPU until armvcpu is
 * reloaded. A fault with a guest loaded gives the host its own registers
 * back first, and the memory the guest could reach through TLB entries
 * nobody can invalidate any more is leaked, never freed.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/hw_breakpoint.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "el2_util.h"

/* ESR_EL2 of the BRK #0xa7c the test call executes: EC 0x3c, IL. */
#define TEST_FAULT_ESR	"ESR 0xf2000a7c"
/* The BRK #0xa7d of el2_test's guest_fault hook, before the guest's eret. */
#define GUEST_FAULT_ESR	"ESR 0xf2000a7d"

FIXTURE(fault) {
	int unused;
};

FIXTURE_SETUP(fault)
{
	ASSERT_TRUE(el2_module_loaded());
}

/* Whatever failed, the next test finds a fresh module, not a broken one. */
FIXTURE_TEARDOWN(fault)
{
	struct el2_ping p;

	if (el2_module_loaded() && (el2_ping(&p) || p.broken))
		el2_rmmod();
	if (!el2_module_loaded())
		el2_insmod();
}

TEST_F(fault, reported_once_then_guests_refused_until_reload)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	int cpu = cpus[nr - 1], mark, i;
	char want[80], *log;
	struct el2_ping p;

	mark = el2_kmsg_mark();
	ASSERT_LE(0, mark);
	ASSERT_EQ(0, el2_fault(cpu));
	log = el2_kmsg_since(mark);
	ASSERT_NE(NULL, log);
	snprintf(want, sizeof(want),
		 "armvcpu: EL2 took an exception from EL2 on CPU%d", cpu);
	EXPECT_EQ(1, el2_count(log, want)) TH_LOG("log: %s", log);
	EXPECT_EQ(1, el2_count(log, TEST_FAULT_ESR)) TH_LOG("log: %s", log);
	free(log);

	/* EL2 still answers everywhere, but no CPU takes guests any more. */
	ASSERT_EQ(0, el2_ping(&p));
	EXPECT_EQ(1, p.broken);
	ASSERT_EQ(nr, p.nr);
	for (i = 0; i < p.nr; i++) {
		EXPECT_TRUE(p.cpu[i].ok);
		EXPECT_FALSE(p.cpu[i].ready);
	}

	/* Reported once: a second fault adds nothing to the log. */
	mark = el2_kmsg_mark();
	ASSERT_EQ(0, el2_fault(cpus[0]));
	log = el2_kmsg_since(mark);
	EXPECT_EQ(0, el2_count(log, "EL2 took an exception")) TH_LOG("log: %s", log);
	free(log);

	/* A reload starts afresh. */
	ASSERT_EQ(0, el2_rmmod());
	ASSERT_EQ(0, el2_insmod());
	ASSERT_EQ(0, el2_ping(&p));
	EXPECT_EQ(0, p.broken);
	for (i = 0; i < p.nr; i++)
		EXPECT_TRUE(p.cpu[i].ok && p.cpu[i].ready);
}

/*
 * EL2 faults with everything of the guest loaded: its x18, SP_EL1 and
 * TPIDR_EL1 (the host's per-CPU offset) are junk that would crash the
 * host at once if the fault path returned with them; its stage 2 and
 * traps would show in el2_regs, its PMUSERENR_EL0 at this EL0. Then
 * the slot and the VM go: their pages and tables must be leaked (no CPU
 * can invalidate the TLBs now), with one message, and a reload starts
 * afresh.
 */
/*
 * The guest's breakpoints are switched in (MDSCR_EL1.MDE) when EL2
 * faults: the host's execute breakpoint, at a non-zero address, must
 * still fire after. A CPU-wide one: perf would reinstall a thread's at
 * the next task switch and hide a fault path that left the guest's.
 */
TEST_F(fault, guest_loaded_host_state_back_memory_leaked)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	long leaked_slot, leaked_vm;
	__u64 userenr, now;
	struct av_vcpu vcpu;
	int bp;
	struct av_vm vm;
	cpu_set_t set;
	char why[600];
	char *log;
	int mark;

	/* One CPU: the one whose EL2 faults runs the checks too. */
	CPU_ZERO(&set);
	CPU_SET(cpus[nr - 1], &set);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));

	/* With the PMU, whose PMUSERENR_EL0 EL2 switches too. */
	av_vm_create_with_ram_flags(&vm, ARMVCPU_VM_VGIC | ARMVCPU_VM_PMU);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, el2_fault);
	asm volatile("mrs %0, pmuserenr_el0" : "=r" (userenr));
	av_set_reg(&vcpu, ARMVCPU_REG_X(18), 0xdead000000000018ULL);
	av_set_reg(&vcpu, ARMVCPU_REG_SP_EL1, 0xdead0000000005e0ULL);
	av_set_reg(&vcpu, ARMVCPU_REG_TPIDR_EL1, 0xdead00000000a1d0ULL);
	/* Its own breakpoint 0, disabled, switched in by MDE. */
	av_set_reg(&vcpu, ARMVCPU_REG_DBGBVR_EL1(0), 0x40081000ULL);
	av_set_reg(&vcpu, ARMVCPU_REG_DBGBCR_EL1(0), 0x1e6ULL);
	av_set_reg(&vcpu, ARMVCPU_REG_MDSCR_EL1, 0x8000ULL);
	/* The guest ran: its RAM is pinned and mapped. */
	EXPECT_EQ(1, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	bp = el2_host_breakpoint(HW_BREAKPOINT_X, (unsigned long)el2_bp_target,
				 HW_BREAKPOINT_LEN_4, cpus[nr - 1]);
	ASSERT_LE(0, bp) TH_LOG("perf_event_open: %s", strerror(errno));
	el2_bp_target();
	ASSERT_EQ(1, el2_perf_count(bp));

	mark = el2_kmsg_mark();
	ASSERT_LE(0, mark);
	ASSERT_EQ(0, el2_test_set("guest_fault", 1));
	EXPECT_EQ(-EIO, __av_run(vcpu.fd));
	el2_bp_target();
	EXPECT_EQ(2, el2_perf_count(bp)) TH_LOG("the host's breakpoint is gone");
	close(bp);
	/* Still alive: x18, SP_EL1, TPIDR_EL1 are the host's again. */
	log = el2_kmsg_since(mark);
	ASSERT_NE(NULL, log);
	EXPECT_EQ(1, el2_count(log, "EL2 took an exception from EL2"))
		TH_LOG("log: %s", log);
	EXPECT_EQ(1, el2_count(log, GUEST_FAULT_ESR)) TH_LOG("log: %s", log);
	free(log);
	EXPECT_EQ(1, el2_regs_all_saved(why, sizeof(why))) TH_LOG("%s", why);
	/* The guest's PMUSERENR_EL0 (EN) was loaded: the host's is back. */
	asm volatile("mrs %0, pmuserenr_el0" : "=r" (now));
	EXPECT_EQ(userenr, now);
	/* And guests stay refused. */
	EXPECT_EQ(-EIO, __av_run(vcpu.fd));

	mark = el2_kmsg_mark();
	ASSERT_LE(0, mark);
	EXPECT_EQ(0, el2_test_get("leaked_pages"));
	ASSERT_EQ(0, __av_set_region(vm.fd, 0, 0, AV_RAM_BASE, 0, 0));
	leaked_slot = el2_test_get("leaked_pages");
	/* The chunks the guest touched: all of its 4 MiB are one or two. */
	EXPECT_LE(512, leaked_slot);
	EXPECT_GE(AV_RAM_SIZE / 4096, leaked_slot);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
	leaked_vm = el2_test_get("leaked_pages");
	/* The 8 KiB root and at least one table under it. */
	EXPECT_LE(leaked_slot + 3, leaked_vm);
	log = el2_kmsg_since(mark);
	ASSERT_NE(NULL, log);
	EXPECT_EQ(1, el2_count(log, "armvcpu: leaking ")) TH_LOG("log: %s", log);
	free(log);

	/* A reload starts afresh, TLBs included (INIT's TLBI ALLE1IS). */
	ASSERT_EQ(0, el2_rmmod());
	ASSERT_EQ(0, el2_insmod());
	EXPECT_EQ(0, el2_test_get("leaked_pages"));
	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, el2_fault);
	EXPECT_EQ(1, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(2, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
