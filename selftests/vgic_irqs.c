// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel GICv3 (ARMVCPU_VM_VGIC), one interrupt path per test:
 * distributor/redistributor registers, the virtual timer taken in WFI (with
 * the vCPU thread asleep, not spinning), while running, and with an exit
 * between acknowledge and mask (delivered once), PSTATE.I/PMR/
 * enable masking, priority order, SGIs between two vCPUs (affinity, RS,
 * IRM), SPIs from ARMVCPU_IRQ_LINE as edge and as level, both EOI modes,
 * and the ioctl's errors. The guest is selftests/vgic_irqs_guest.c; it
 * picks its scenario from x0 and reports through ucalls.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "board.h"
#include "vgic_irqs.h"

struct vg {
	struct av_vm vm;
	struct av_vcpu vcpu[2];
	unsigned int nr_vcpus;
	pthread_t thread1;
	bool thread1_started;
	int status;		/* 0: GUEST_DONE(), else guest_exit()'s; -1 */
	const char *error;	/* host-side failure, or NULL */
	struct timespec wall0, cpu0;
	double sleep_wall, sleep_cpu;
	bool sgi_ns_next;	/* the next SYNC carries the SGI figure */
};

static void vg_noop(int sig)
{
}

static double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void vg_sync(struct vg *g, __u64 what)
{
	struct timespec wall, cpu;

	if (g->sgi_ns_next) {
		g->sgi_ns_next = false;
		ksft_print_msg("SGI ping-pong between two vCPUs: %llu ns per round trip\n",
			       (unsigned long long)what);
		return;
	}
	switch (what) {
	case SYNC_SGI_NS:
		g->sgi_ns_next = true;
		break;
	case SYNC_SLEEP_BEGIN:
		clock_gettime(CLOCK_MONOTONIC, &g->wall0);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &g->cpu0);
		break;
	case SYNC_SLEEP_END:
		clock_gettime(CLOCK_MONOTONIC, &wall);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
		g->sleep_wall = ts_diff(&g->wall0, &wall);
		g->sleep_cpu = ts_diff(&g->cpu0, &cpu);
		break;
	case SYNC_EDGE_PULSE:
		av_irq_line(&g->vm, SPI_EDGE, 1);
		av_irq_line(&g->vm, SPI_EDGE, 0);
		av_irq_line(&g->vm, SPI_EDGE, 1);
		av_irq_line(&g->vm, SPI_EDGE, 0);
		break;
	case SYNC_LEVEL_RAISE:
		av_irq_line(&g->vm, SPI_LEVEL, 1);
		break;
	case SYNC_LEVEL_LOWER:
		av_irq_line(&g->vm, SPI_LEVEL, 0);
		break;
	case SYNC_IN_HANDLER:
		/* Only the exit matters: the interrupt is active meanwhile. */
		break;
	default:
		g->error = "unknown SYNC from the guest";
	}
}

/* A ucall of the guest's; true when its vCPU is done. */
static bool vg_ucall(struct vg *g, const struct av_ucall *uc)
{
	switch (uc->code) {
	case AV_UCALL_SYNC:
		vg_sync(g, uc->arg);
		return false;
	case AV_UCALL_DONE:
		g->status = 0;
		return true;
	case AV_UCALL_FAIL:
		fprintf(stderr, "# guest assertion at line %llu\n",
			(unsigned long long)uc->arg);
		g->error = "guest assertion failed";
		return true;
	}
	g->error = "unexpected ucall";
	return true;
}

static void *vg_thread1(void *arg);

/* Runs one vCPU until the guest exits, the vCPU turns off, or an error. */
static void vg_loop(struct vg *g, unsigned int idx)
{
	struct av_vcpu *v = &g->vcpu[idx];
	struct armvcpu_run *run = v->run;
	struct av_ucall uc = { AV_UCALL_NONE, 0 };
	enum av_ucall_part part;
	__u64 val = 0;
	int ret;

	for (;;) {
		ret = __av_run(v->fd);
		if (ret == -EINTR && (g->status >= 0 || g->error))
			return;
		if (ret == -EINTR)
			continue;
		if (ret) {
			g->error = "RUN failed";
			return;
		}
		switch (run->exit_reason) {
		case ARMVCPU_EXIT_MMIO:
			memcpy(&val, run->mmio.data, 8);
			part = av_get_ucall(v, &uc);
			if (part == AV_UCALL_PART_CODE) {
				if (vg_ucall(g, &uc))
					return;
			} else if (part == AV_UCALL_PART_ARG) {
				/* The code's write follows. */
			} else if ((run->mmio.phys_addr & ~0xfffULL) ==
				   AV_UCALL_ADDR) {
				g->error = "malformed ucall: not an 8-byte write";
			} else if (!run->mmio.is_write) {
				/* PL011 flags and the like: all clear. */
				memset(run->mmio.data, 0, 8);
			} else if (run->mmio.phys_addr == BOARD_UART_BASE) {
				fputc((int)(val & 0xff), stderr);
			} else if (run->mmio.phys_addr == BOARD_EXIT_BASE) {
				g->status = val & 0xff;
				return;
			}
			break;
		case ARMVCPU_EXIT_CPU_UP:
			if (idx || (run->cpu_up.target_mpidr & 0xffffff) != 1 ||
			    g->nr_vcpus < 2 || g->thread1_started) {
				run->cpu_up.psci_ret = -2;
				break;
			}
			av_set_reg(&g->vcpu[1], ARMVCPU_REG_PC,
				   run->cpu_up.entry);
			av_set_reg(&g->vcpu[1], ARMVCPU_REG_X(0),
				   run->cpu_up.context_id);
			av_set_reg(&g->vcpu[1], ARMVCPU_REG_PSTATE, 0x3c5);
			g->thread1_started = true;
			pthread_create(&g->thread1, NULL, vg_thread1, g);
			break;
		case ARMVCPU_EXIT_CPU_DOWN:
			return;
		case ARMVCPU_EXIT_SYSTEM_DOWN:
			g->status = 0x100;
			return;
		default:
			fprintf(stderr, "vCPU %u: exit %s\n", idx,
				av_exit_name(run->exit_reason));
			g->error = "unexpected exit";
			return;
		}
		if (g->error)
			return;
	}
}

static void *vg_thread1(void *arg)
{
	vg_loop(arg, 1);
	return NULL;
}

static void vg_create(struct vg *g, unsigned int nr_vcpus)
{
	struct sigaction sa = { .sa_handler = vg_noop };
	unsigned int i;

	memset(g, 0, sizeof(*g));
	g->status = -1;
	g->nr_vcpus = nr_vcpus;
	/* No SA_RESTART: the signal ends a RUN sleeping in WFI. */
	sigaction(SIGUSR1, &sa, NULL);
	av_vm_create_with_ram_flags(&g->vm, ARMVCPU_VM_VGIC);
	for (i = 0; i < nr_vcpus; i++)
		av_vcpu_create(&g->vm, &g->vcpu[i], i);
}

/* Runs the scenario on vCPU 0; returns the guest's exit status. */
static int vg_run(struct vg *g, __u64 scenario)
{
	AV_LOAD_GUEST(&g->vm, &g->vcpu[0], vgic_irqs);
	av_set_reg(&g->vcpu[0], ARMVCPU_REG_X(0), scenario);
	vg_loop(g, 0);
	if (g->thread1_started) {
		/* vCPU 1 may sleep in WFI: a signal ends its RUN. */
		if (g->status < 0 && !g->error)
			g->error = "vCPU 0 stopped first";
		pthread_kill(g->thread1, SIGUSR1);
		pthread_join(g->thread1, NULL);
	}
	return g->error ? -1 : g->status;
}

static void vg_destroy(struct vg *g)
{
	unsigned int i;

	for (i = 0; i < g->nr_vcpus; i++)
		av_vcpu_destroy(&g->vcpu[i]);
	av_vm_destroy(&g->vm);
}

/* One guest scenario on a fresh VM; 0 when the guest's checks held. */
static int vg_scenario(__u64 scenario, unsigned int nr_vcpus,
		       const char **error)
{
	struct vg g;
	int ret;

	vg_create(&g, nr_vcpus);
	ret = vg_run(&g, scenario);
	*error = g.error ?: "guest check failed";
	vg_destroy(&g);
	return ret;
}

TEST(gic_registers)
{
	const char *error;

	EXPECT_EQ(0, vg_scenario(SC_REGS, 1, &error)) TH_LOG("%s", error);
}

TEST(vtimer_running)
{
	const char *error;

	EXPECT_EQ(0, vg_scenario(SC_TIMER_POLL, 1, &error)) TH_LOG("%s", error);
}

TEST(masking_daif_pmr_enable)
{
	const char *error;

	EXPECT_EQ(0, vg_scenario(SC_MASKING, 1, &error)) TH_LOG("%s", error);
}

TEST(priority_order)
{
	const char *error;

	EXPECT_EQ(0, vg_scenario(SC_PRIORITY, 1, &error)) TH_LOG("%s", error);
}

TEST(sgi_two_vcpus)
{
	const char *error;

	EXPECT_EQ(0, vg_scenario(SC_SGI, 2, &error)) TH_LOG("%s", error);
}

TEST(spi_edge_level)
{
	const char *error;

	EXPECT_EQ(0, vg_scenario(SC_SPI, 2, &error)) TH_LOG("%s", error);
}

/*
 * The guest exits between acknowledging the timer's interrupt and masking
 * the timer, with the timer's output still high: one expiry must still be
 * one interrupt, in both EOI modes.
 */
TEST(vtimer_exit_in_handler)
{
	const char *error;

	EXPECT_EQ(0, vg_scenario(SC_TIMER_ACK_EXIT, 1, &error))
		TH_LOG("%s", error);
}

TEST(eoi_modes)
{
	const char *error;

	EXPECT_EQ(0, vg_scenario(SC_EOIMODE, 1, &error)) TH_LOG("%s", error);
}

/*
 * Runs @scenario, whose guest waits 300 ms for its timer: the wait must
 * last that long and cost the vCPU thread next to no CPU.
 */
static void expect_sleep(struct __test_metadata *_metadata, __u64 scenario,
			 const char *what)
{
	struct vg g;

	vg_create(&g, 1);
	ASSERT_EQ(0, vg_run(&g, scenario))
		TH_LOG("%s", g.error ?: "guest check failed");
	ksft_print_msg("%s: %.3f s wall, %.3f s vCPU thread CPU time\n",
		       what, g.sleep_wall, g.sleep_cpu);
	EXPECT_GE(g.sleep_wall, 0.3);
	EXPECT_LT(g.sleep_cpu, 0.1);
	/* The vCPU's counters saw it sleep, wake and take the interrupt. */
	EXPECT_LE(1, av_stat(g.vcpu[0].fd, "wfi_sleep"));
	EXPECT_LE(1, av_stat(g.vcpu[0].fd, "wfi_wakeup"));
	EXPECT_LE(1, av_stat(g.vcpu[0].fd, "vgic_injected"));
	EXPECT_LE(1, av_stat(g.vm.fd, "wfi_sleep"));
	vg_destroy(&g);
}

TEST(vtimer_wfi_sleeps)
{
	expect_sleep(_metadata, SC_TIMER_WFI, "WFI");
}

/* PSCI CPU_SUSPEND sleeps like WFI until the timer's interrupt is pending. */
TEST(psci_cpu_suspend_sleeps)
{
	expect_sleep(_metadata, SC_SUSPEND, "CPU_SUSPEND");
}

/* Sum of the per-CPU counts of /proc/interrupts lines naming @name, or -1. */
static long long proc_irq_count(const char *name)
{
	char line[1024], *p, *end;
	long long sum = -1, v;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, name))
			continue;
		p = strchr(line, ':');
		if (!p)
			continue;
		sum = sum < 0 ? 0 : sum;
		for (p++; (v = strtoll(p, &end, 10)), end != p; p = end)
			sum += v;
	}
	fclose(f);
	return sum;
}

/*
 * The host handlers for the guest's timer PPI and the GIC maintenance
 * PPI exist exactly while a VM with a GIC does; the host's own timer
 * keeps ticking meanwhile.
 */
TEST(host_ppis_while_a_gic_vm_lives)
{
	long long before, after;
	struct vg g;

	ASSERT_EQ(-1, proc_irq_count("armvcpu-vtimer"));
	vg_create(&g, 1);
	EXPECT_GE(proc_irq_count("armvcpu-vtimer"), 0);
	EXPECT_GE(proc_irq_count("armvcpu-vgic-maint"), 0);
	before = proc_irq_count("arch_timer");
	usleep(100 * 1000);
	after = proc_irq_count("arch_timer");
	EXPECT_GT(after, before);
	vg_destroy(&g);
	EXPECT_EQ(-1, proc_irq_count("armvcpu-vtimer"));
	EXPECT_EQ(-1, proc_irq_count("armvcpu-vgic-maint"));
}

TEST(irq_line_errors)
{
	struct armvcpu_vm_config plain = { 0 };
	struct armvcpu_irq_line l = { .line = 40, .level = 1 };
	struct vg g;
	int fd;

	vg_create(&g, 1);
	ASSERT_EQ(ARMVCPU_VGIC_NR_SPIS,
		  ioctl(g.vm.sys_fd, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_VGIC));
	ASSERT_EQ(1, ioctl(g.vm.sys_fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_IRQ_LINE));
	EXPECT_EQ(0, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	l.level = 0;
	EXPECT_EQ(0, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	/* Each bad field alone: EINVAL. */
	l.level = 2;
	EXPECT_EQ(-1, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	EXPECT_EQ(EINVAL, errno);
	l.level = 1;
	l.flags = 1;
	EXPECT_EQ(-1, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	EXPECT_EQ(EINVAL, errno);
	l.flags = 0;
	l.reserved[1] = 1;
	EXPECT_EQ(-1, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	EXPECT_EQ(EINVAL, errno);
	l.reserved[1] = 0;
	l.vcpu_id = 1;		/* SPIs take no vCPU */
	EXPECT_EQ(-1, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	EXPECT_EQ(EINVAL, errno);
	l.vcpu_id = 0;
	l.line = 32 + ARMVCPU_VGIC_NR_SPIS;	/* past the last SPI */
	EXPECT_EQ(-1, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	EXPECT_EQ(EINVAL, errno);
	l.line = 3;		/* SGIs come from ICC_SGI1R_EL1 */
	EXPECT_EQ(-1, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	EXPECT_EQ(EINVAL, errno);
	l.line = 27;		/* the timer's own PPI */
	EXPECT_EQ(-1, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	EXPECT_EQ(EINVAL, errno);
	l.line = 23;		/* a PPI of vCPU 0: fine; of vCPU 5: none */
	EXPECT_EQ(0, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	l.vcpu_id = 5;
	EXPECT_EQ(-1, ioctl(g.vm.fd, ARMVCPU_IRQ_LINE, &l));
	EXPECT_EQ(ENOENT, errno);
	vg_destroy(&g);

	/* A VM without the in-kernel GIC has no lines to drive. */
	g.vm.sys_fd = av_open_dev();
	fd = ioctl(g.vm.sys_fd, ARMVCPU_CREATE_VM, &plain);
	ASSERT_GE(fd, 0);
	l.vcpu_id = 0;
	l.line = 40;
	EXPECT_EQ(-1, ioctl(fd, ARMVCPU_IRQ_LINE, &l));
	EXPECT_EQ(ENXIO, errno);
	close(fd);
	close(g.vm.sys_fd);
}

TEST_HARNESS_MAIN
