// SPDX-License-Identifier: GPL-2.0
/*
 * The EL1 physical timer in the kernel (ARMVCPU_CAP_PTIMER), for a VM with
 * the in-kernel GIC: armed through TVAL and through CVAL, taken in WFI and
 * while running, exactly one PPI 30 per expiry (acknowledged through
 * ICC_IAR1_EL1, ISTATUS set, masked or disabled in the handler, nothing
 * after); CNTPCT_EL0 equal to CNTVCT_EL0 on two vCPUs and to the host's
 * count minus the VM's offset; one timer per vCPU; a vCPU whose thread
 * moves to another CPU while its timer is armed; the timer set through
 * ONE_REG before the guest runs; the VM's offset moved through ONE_REG; a
 * vCPU closed with its timer armed; and the ONE_REG ids, the capability and
 * ARMVCPU_IRQ_LINE's refusal of PPI 30. The guest is
 * selftests/vgic_ptimer_guest.c; it picks its scenario from x0. Without
 * the feature each guest's first CNTP access is an unexpected SYSREG exit.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "armvcpu_api.h"
#include "armvcpu_util.h"
#include "board.h"
#include "vgic_ptimer.h"

#define CTL_ENABLE	1ULL
#define CTL_IMASK	2ULL
#define CTL_ISTATUS	4ULL

struct pt {
	struct av_vm vm;
	struct av_vcpu vcpu[2];
	unsigned int nr_vcpus;
	__u64 scenario;
	pthread_t thread1;
	bool thread1_started;
	int status;		/* 0: GUEST_DONE(), else guest_exit()'s; -1 */
	const char *error;	/* host-side failure, or NULL */
	bool value_next;	/* the next SYNC carries a value */
	__u64 values[4];
	unsigned int nr_values;
	__u64 value_start;	/* host counter when SYNC_VALUE came */
	unsigned int migrations;
	bool left;		/* SYNC_ARMED: stop running */
};

static void pt_noop(int sig)
{
}

/* The host's virtual counter: its physical count (CNTVOFF_EL2 = 0). */
static __u64 host_counter(void)
{
	__u64 v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r" (v));
	return v;
}

static __u64 host_cntfrq(void)
{
	__u64 v;

	asm volatile("mrs %0, cntfrq_el0" : "=r" (v));
	return v;
}

/* Pins the calling thread to the next online CPU; false if it cannot. */
static bool move_to_another_cpu(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	int cpu = sched_getcpu(), target;
	cpu_set_t set;

	if (n < 2 || cpu < 0)
		return false;
	target = (cpu + 1) % n;
	CPU_ZERO(&set);
	CPU_SET(target, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return false;
	return sched_getcpu() == target;
}

static void unpin(void)
{
	long i, n = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	CPU_ZERO(&set);
	for (i = 0; i < n && i < CPU_SETSIZE; i++)
		CPU_SET(i, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void pt_value(struct pt *p, unsigned int idx, __u64 v)
{
	__u64 now = host_counter(), off;

	if (p->nr_values < 4)
		p->values[p->nr_values++] = v;
	/* SC_COUNTERS' value: vCPU 0's CNTPCT_EL0, bracketed. */
	if (p->scenario != SC_COUNTERS || idx)
		return;
	off = av_get_reg(&p->vcpu[0], ARMVCPU_REG_CNTVOFF_EL2);
	if (v < p->value_start - off || v > now - off)
		p->error = "CNTPCT_EL0 is not the host's count minus the offset";
}

static void pt_sync(struct pt *p, unsigned int idx, __u64 what)
{
	__u64 off;

	if (p->value_next) {
		p->value_next = false;
		pt_value(p, idx, what);
		return;
	}
	switch (what) {
	case SYNC_VALUE:
		p->value_next = true;
		p->value_start = host_counter();
		break;
	case SYNC_MIGRATE:
		if (move_to_another_cpu())
			p->migrations++;
		else
			ksft_print_msg("could not move vCPU %u's thread\n", idx);
		break;
	case SYNC_SET_OFFSET:
		/* A smaller offset: the guest's counters jump forward. */
		off = av_get_reg(&p->vcpu[idx], ARMVCPU_REG_CNTVOFF_EL2);
		av_set_reg(&p->vcpu[idx], ARMVCPU_REG_CNTVOFF_EL2,
			   off - OFFSET_JUMP_TICKS);
		break;
	case SYNC_ARMED:
		p->left = true;
		break;
	default:
		p->error = "unknown SYNC from the guest";
	}
}

/* A ucall of the guest's; true when its vCPU is done. */
static bool pt_ucall(struct pt *p, unsigned int idx, const struct av_ucall *uc)
{
	switch (uc->code) {
	case AV_UCALL_SYNC:
		pt_sync(p, idx, uc->arg);
		return p->left;
	case AV_UCALL_DONE:
		p->status = 0;
		return true;
	case AV_UCALL_FAIL:
		fprintf(stderr, "# guest assertion at line %llu (vCPU %u)\n",
			(unsigned long long)uc->arg, idx);
		p->error = "guest assertion failed";
		return true;
	}
	p->error = "unexpected ucall";
	return true;
}

static void *pt_thread1(void *arg);

/* Runs one vCPU until the guest is done, the vCPU turns off, or an error. */
static void pt_loop(struct pt *p, unsigned int idx)
{
	struct av_vcpu *v = &p->vcpu[idx];
	struct armvcpu_run *run = v->run;
	struct av_ucall uc = { AV_UCALL_NONE, 0 };
	enum av_ucall_part part;
	int ret;

	for (;;) {
		ret = __av_run(v->fd);
		if (ret == -EINTR && (p->status >= 0 || p->error))
			return;
		if (ret == -EINTR)
			continue;
		if (ret) {
			p->error = "RUN failed";
			return;
		}
		switch (run->exit_reason) {
		case ARMVCPU_EXIT_MMIO:
			part = av_get_ucall(v, &uc);
			if (part == AV_UCALL_PART_CODE) {
				if (pt_ucall(p, idx, &uc))
					return;
			} else if (part == AV_UCALL_PART_ARG) {
				/* The code's write follows. */
			} else if (!run->mmio.is_write) {
				memset(run->mmio.data, 0, 8);
			} else if (run->mmio.phys_addr == BOARD_UART_BASE) {
				fputc(run->mmio.data[0], stderr);
			}
			break;
		case ARMVCPU_EXIT_CPU_UP:
			if (idx || (run->cpu_up.target_mpidr & 0xffffff) != 1 ||
			    p->nr_vcpus < 2 || p->thread1_started) {
				run->cpu_up.psci_ret = -2;
				break;
			}
			av_set_reg(&p->vcpu[1], ARMVCPU_REG_PC,
				   run->cpu_up.entry);
			av_set_reg(&p->vcpu[1], ARMVCPU_REG_X(0),
				   run->cpu_up.context_id);
			av_set_reg(&p->vcpu[1], ARMVCPU_REG_PSTATE, 0x3c5);
			p->thread1_started = true;
			pthread_create(&p->thread1, NULL, pt_thread1, p);
			break;
		case ARMVCPU_EXIT_CPU_DOWN:
			return;
		default:
			fprintf(stderr, "# vCPU %u: exit %s", idx,
				av_exit_name(run->exit_reason));
			if (run->exit_reason == ARMVCPU_EXIT_SYSREG)
				fprintf(stderr, " (id 0x%llx)",
					(unsigned long long)run->sysreg.id);
			fprintf(stderr, "\n");
			p->error = "unexpected exit";
			return;
		}
		if (p->error)
			return;
	}
}

static void *pt_thread1(void *arg)
{
	pt_loop(arg, 1);
	return NULL;
}

static void pt_create(struct pt *p, unsigned int nr_vcpus)
{
	struct sigaction sa = { .sa_handler = pt_noop };
	unsigned int i;

	memset(p, 0, sizeof(*p));
	p->status = -1;
	p->nr_vcpus = nr_vcpus;
	/* No SA_RESTART: the signal ends a RUN sleeping in WFI. */
	sigaction(SIGUSR1, &sa, NULL);
	av_vm_create_with_ram_flags(&p->vm, ARMVCPU_VM_VGIC);
	for (i = 0; i < nr_vcpus; i++)
		av_vcpu_create(&p->vm, &p->vcpu[i], i);
	AV_LOAD_GUEST(&p->vm, &p->vcpu[0], vgic_ptimer);
}

/* Runs the scenario on vCPU 0; returns the guest's exit status. */
static int pt_run(struct pt *p, __u64 scenario)
{
	p->scenario = scenario;
	av_set_reg(&p->vcpu[0], ARMVCPU_REG_X(0), scenario);
	pt_loop(p, 0);
	unpin();
	if (p->thread1_started) {
		if (p->status < 0 && !p->error)
			p->error = "vCPU 0 stopped first";
		pthread_kill(p->thread1, SIGUSR1);
		pthread_join(p->thread1, NULL);
	}
	return p->error ? -1 : p->status;
}

static void pt_destroy(struct pt *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_vcpus; i++)
		av_vcpu_destroy(&p->vcpu[i]);
	av_vm_destroy(&p->vm);
}

/* One guest scenario on a fresh VM; 0 when the guest's checks held. */
static int pt_scenario(__u64 scenario, unsigned int nr_vcpus,
		       const char **error)
{
	struct pt p;
	int ret;

	pt_create(&p, nr_vcpus);
	ret = pt_run(&p, scenario);
	*error = p.error ?: "guest check failed";
	pt_destroy(&p);
	return ret;
}

/* TVAL then CVAL, each expiry one PPI 30, taken in WFI. */
TEST(tval_and_cval_one_interrupt_each)
{
	const char *error;

	EXPECT_EQ(0, pt_scenario(SC_ONE_IRQ, 1, &error)) TH_LOG("%s", error);
}

TEST(interrupts_a_running_guest)
{
	const char *error;

	EXPECT_EQ(0, pt_scenario(SC_RUNNING, 1, &error)) TH_LOG("%s", error);
}

TEST(cntpct_is_cntvct_on_every_vcpu)
{
	const char *error;

	EXPECT_EQ(0, pt_scenario(SC_COUNTERS, 2, &error)) TH_LOG("%s", error);
}

TEST(one_timer_per_vcpu)
{
	const char *error;

	EXPECT_EQ(0, pt_scenario(SC_TWO_VCPUS, 2, &error)) TH_LOG("%s", error);
}

/* The vCPU's thread moves to another CPU with the timer armed, twice. */
TEST(vcpu_thread_migrates)
{
	struct pt p;

	pt_create(&p, 1);
	ASSERT_EQ(0, pt_run(&p, SC_MIGRATE))
		TH_LOG("%s", p.error ?: "guest check failed");
	if (p.migrations < 2)
		ksft_print_msg("the thread moved %u times of 2\n", p.migrations);
	EXPECT_LT(0, p.migrations);
	pt_destroy(&p);
}

/*
 * Set through ONE_REG before the guest runs, read back the same, and the
 * interrupt arrives; afterwards ONE_REG sees what the handler did.
 */
TEST(one_reg_sets_the_timer)
{
	__u64 off, cval, ctl;
	struct pt p;

	pt_create(&p, 1);
	off = av_get_reg(&p.vcpu[0], ARMVCPU_REG_CNTVOFF_EL2);
	/* Half a second of guest time from now. */
	cval = host_counter() - off + host_cntfrq() / 2;
	av_set_reg(&p.vcpu[0], ARMVCPU_REG_CNTP_CVAL_EL0, cval);
	/* ISTATUS is read-only: set it, it does not stick. */
	av_set_reg(&p.vcpu[0], ARMVCPU_REG_CNTP_CTL_EL0,
		   CTL_ENABLE | CTL_ISTATUS);
	EXPECT_EQ(cval, av_get_reg(&p.vcpu[0], ARMVCPU_REG_CNTP_CVAL_EL0));
	ctl = av_get_reg(&p.vcpu[0], ARMVCPU_REG_CNTP_CTL_EL0);
	EXPECT_EQ(CTL_ENABLE, ctl & ~CTL_ISTATUS);
	ASSERT_EQ(0, pt_run(&p, SC_ONE_REG))
		TH_LOG("%s", p.error ?: "guest check failed");
	ASSERT_EQ(2, p.nr_values);
	EXPECT_EQ(cval, p.values[0]);
	EXPECT_EQ(CTL_ENABLE, p.values[1] & ~CTL_ISTATUS);
	/* The guest's handler masked it; it fired. */
	EXPECT_EQ(CTL_ENABLE | CTL_IMASK | CTL_ISTATUS,
		  av_get_reg(&p.vcpu[0], ARMVCPU_REG_CNTP_CTL_EL0));
	EXPECT_EQ(off, av_get_reg(&p.vcpu[0], ARMVCPU_REG_CNTVOFF_EL2));
	pt_destroy(&p);
}

/* The offset set through one vCPU moves the whole VM's counters. */
TEST(counter_offset_moves_both_counters)
{
	const char *error;

	EXPECT_EQ(0, pt_scenario(SC_OFFSET, 1, &error)) TH_LOG("%s", error);
}

/*
 * vCPUs closed while their hrtimer is pending, with and without the VM
 * going at once: the kernel must cancel it (a use after free would show
 * in the log, which the rig checks, or on the debug kernel's KASAN).
 */
TEST(vcpu_closed_with_the_timer_armed)
{
	struct pt p;
	int i;

	for (i = 0; i < 2; i++) {
		pt_create(&p, 1);
		ASSERT_EQ(-1, pt_run(&p, SC_ARM_AND_LEAVE));
		ASSERT_TRUE(p.left) TH_LOG("%s", p.error ?: "guest done?");
		av_vcpu_destroy(&p.vcpu[0]);
		if (i)
			av_vm_destroy(&p.vm);
		usleep(100 * 1000);
		if (!i)
			av_vm_destroy(&p.vm);
	}
}

static bool in_list(const struct armvcpu_reg_list *l, __u64 id)
{
	__u64 i;

	for (i = 0; i < l->n; i++)
		if (l->reg[i] == id)
			return true;
	return false;
}

static struct armvcpu_reg_list *reg_list(int fd)
{
	struct armvcpu_reg_list probe = { .n = 0 }, *l;

	if (!ioctl(fd, ARMVCPU_GET_REG_LIST, &probe) || errno != E2BIG)
		return NULL;
	l = calloc(1, sizeof(*l) + probe.n * sizeof(__u64));
	if (!l)
		return NULL;
	l->n = probe.n;
	if (ioctl(fd, ARMVCPU_GET_REG_LIST, l)) {
		free(l);
		return NULL;
	}
	return l;
}

/*
 * The capability; the ids listed with the in-kernel GIC and without it
 * (the offset alone, which round-trips and is the VM's, not the vCPU's);
 * PPI 30 is the timer's, not ARMVCPU_IRQ_LINE's.
 */
TEST(ids_cap_and_irq_line)
{
	struct armvcpu_irq_line line = { .line = 30, .level = 1 };
	struct armvcpu_reg_list *l;
	struct av_vcpu a, b;
	struct av_vm vm;
	__u64 val;

	av_vm_create_with_ram_flags(&vm, ARMVCPU_VM_VGIC);
	EXPECT_EQ(1, ioctl(vm.sys_fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_PTIMER));
	EXPECT_EQ(1, ioctl(vm.fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_PTIMER));
	av_vcpu_create(&vm, &a, 0);
	av_vcpu_create(&vm, &b, 1);
	l = reg_list(a.fd);
	ASSERT_NE(NULL, l);
	EXPECT_TRUE(in_list(l, ARMVCPU_REG_CNTVOFF_EL2));
	EXPECT_TRUE(in_list(l, ARMVCPU_REG_CNTP_CTL_EL0));
	EXPECT_TRUE(in_list(l, ARMVCPU_REG_CNTP_CVAL_EL0));
	free(l);
	/* One offset for the VM: set through a, read through b. */
	av_set_reg(&a, ARMVCPU_REG_CNTVOFF_EL2, 0x123456789ULL);
	EXPECT_EQ(0x123456789ULL, av_get_reg(&b, ARMVCPU_REG_CNTVOFF_EL2));
	/* The timers are the vCPUs' own. */
	av_set_reg(&a, ARMVCPU_REG_CNTP_CVAL_EL0, 77);
	EXPECT_EQ(77, av_get_reg(&a, ARMVCPU_REG_CNTP_CVAL_EL0));
	EXPECT_EQ(0, av_get_reg(&b, ARMVCPU_REG_CNTP_CVAL_EL0));
	/* Only ENABLE and IMASK are kept. */
	av_set_reg(&b, ARMVCPU_REG_CNTP_CTL_EL0, ~0ULL);
	av_set_reg(&b, ARMVCPU_REG_CNTP_CVAL_EL0, ~0ULL);
	EXPECT_EQ(CTL_ENABLE | CTL_IMASK,
		  av_get_reg(&b, ARMVCPU_REG_CNTP_CTL_EL0));
	EXPECT_EQ(-1, ioctl(vm.fd, ARMVCPU_IRQ_LINE, &line));
	EXPECT_EQ(EINVAL, errno);
	av_vcpu_destroy(&a);
	av_vcpu_destroy(&b);
	av_vm_destroy(&vm);

	/* Without the GIC: the offset only; the timer is the VMM's. */
	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &a, 0);
	l = reg_list(a.fd);
	ASSERT_NE(NULL, l);
	EXPECT_TRUE(in_list(l, ARMVCPU_REG_CNTVOFF_EL2));
	EXPECT_FALSE(in_list(l, ARMVCPU_REG_CNTP_CTL_EL0));
	EXPECT_FALSE(in_list(l, ARMVCPU_REG_CNTP_CVAL_EL0));
	free(l);
	EXPECT_EQ(-ENOENT, __av_get_reg(a.fd, ARMVCPU_REG_CNTP_CTL_EL0, &val));
	av_set_reg(&a, ARMVCPU_REG_CNTVOFF_EL2, 42);
	EXPECT_EQ(42, av_get_reg(&a, ARMVCPU_REG_CNTVOFF_EL2));
	av_vcpu_destroy(&a);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
