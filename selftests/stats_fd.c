// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_GET_STATS_FD: the VM's and the vCPU's counters in KVM's binary
 * format. The layout (header, id string, descriptors) is checked field
 * by field; the counters are read while a guest with known exits runs on
 * another thread (each only grows) and after it (each is exact); the VM's
 * fd sums its vCPUs, closed ones included. Errors: a non-zero argument,
 * the wrong fd, reads past the end, writes. Lifetime: a stats fd outlives
 * the VM and vCPU fds, holds the vCPU and the module, and leaks nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "robust.h"

#define PSCI_LOOPS	20000
/* The done ucall's two stores, and the guest's three. */
#define USER_MMIO	5
#define DESC_SIZE	(sizeof(struct armvcpu_stats_desc) + \
			 ARMVCPU_STATS_NAME_SIZE)
#define MAX_STATS	64

struct stats {
	int fd;
	struct armvcpu_stats_header h;
	char id[ARMVCPU_STATS_NAME_SIZE];
	char names[MAX_STATS][ARMVCPU_STATS_NAME_SIZE];
	struct armvcpu_stats_desc desc[MAX_STATS];
};

/* Opens the stats fd of @fd and reads its fixed part; -errno on failure. */
static int stats_open(struct stats *s, int fd)
{
	char buf[MAX_STATS * DESC_SIZE];
	__u32 i;

	memset(s, 0, sizeof(*s));
	s->fd = __av_stats_fd(fd);
	if (s->fd < 0)
		return s->fd;
	if (pread(s->fd, &s->h, sizeof(s->h), 0) != sizeof(s->h) ||
	    s->h.num_desc > MAX_STATS ||
	    s->h.name_size != ARMVCPU_STATS_NAME_SIZE)
		return -EPROTO;
	if (pread(s->fd, s->id, sizeof(s->id), s->h.id_offset) != sizeof(s->id))
		return -EPROTO;
	if (pread(s->fd, buf, s->h.num_desc * DESC_SIZE, s->h.desc_offset) !=
	    (ssize_t)(s->h.num_desc * DESC_SIZE))
		return -EPROTO;
	for (i = 0; i < s->h.num_desc; i++) {
		memcpy(&s->desc[i], buf + i * DESC_SIZE, sizeof(s->desc[i]));
		memcpy(s->names[i], buf + i * DESC_SIZE + sizeof(s->desc[i]),
		       ARMVCPU_STATS_NAME_SIZE);
	}
	return 0;
}

static int stats_read(const struct stats *s, __u64 *data)
{
	ssize_t len = s->h.num_desc * sizeof(*data);

	return pread(s->fd, data, len, s->h.data_offset) == len ? 0 : -EIO;
}

/* The value of counter @name in @data, which must exist. */
static __u64 stat_value(const struct stats *s, const __u64 *data,
			const char *name)
{
	__u32 i;

	for (i = 0; i < s->h.num_desc; i++)
		if (!strcmp(s->names[i], name))
			return data[s->desc[i].offset / sizeof(__u64)];
	av_die("no counter %s", name);
}

/* The vCPU counters, in the order of the ABI (Documentation/api.rst). */
static const char *const vcpu_names[] = {
	"exits", "exit_user_unknown", "exit_user_mmio", "exit_user_hypercall",
	"exit_user_intr", "exit_user_sysreg", "exit_user_cpu_up",
	"exit_user_cpu_down", "exit_user_system_down",
	"exit_user_system_reset", "exit_user_mmio_nisv",
	"exit_user_fail_entry", "exit_user_internal_error", "exit_user_debug",
	"exit_mmio_kernel", "exit_sysreg_kernel", "exit_hypercall_kernel",
	"exit_psci_kernel", "exit_wfx", "exit_irq", "exit_s2_fault",
	"exit_other", "s2_fault_mapped", "s2_fault_mmio", "wfi_sleep", "wfi_wakeup",
	"vgic_injected",
};

struct runner {
	struct av_vcpu *vcpu;
	int done;		/* set last, atomically */
	int err;		/* errno of RUN, or -1: an unexpected exit */
};

static void *run_guest(void *arg)
{
	struct runner *r = arg;
	struct armvcpu_run *run = r->vcpu->run;
	struct av_ucall uc;

	for (;;) {
		if (ioctl(r->vcpu->fd, ARMVCPU_RUN, 0)) {
			r->err = errno;
			break;
		}
		if (run->exit_reason == ARMVCPU_EXIT_HYPERCALL)
			continue;
		if (run->exit_reason != ARMVCPU_EXIT_MMIO) {
			r->err = -1;
			break;
		}
		if (av_get_ucall(r->vcpu, &uc) == AV_UCALL_PART_CODE) {
			r->err = uc.code == AV_UCALL_DONE ? 0 : -1;
			break;
		}
	}
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

FIXTURE(stats) {
	struct av_vm vm;
	struct av_vcpu vcpu;
	struct stats vs, ms;	/* the vCPU's, the VM's */
};

FIXTURE_SETUP(stats)
{
	av_vm_create_with_ram(&self->vm);
	av_vcpu_create(&self->vm, &self->vcpu, 0);
	AV_LOAD_GUEST(&self->vm, &self->vcpu, stats_fd);
	self->vs.fd = -1;
	self->ms.fd = -1;
	ASSERT_EQ(0, stats_open(&self->vs, self->vcpu.fd));
	ASSERT_EQ(0, stats_open(&self->ms, self->vm.fd));
}

FIXTURE_TEARDOWN(stats)
{
	close(self->vs.fd);
	close(self->ms.fd);
	if (self->vcpu.run)
		av_vcpu_destroy(&self->vcpu);
	if (self->vm.fd > 0)
		av_vm_destroy(&self->vm);
}

/* Runs the guest to its end on this thread. */
static void run_to_done(struct __test_metadata *_metadata, struct av_vcpu *v)
{
	struct runner r = { .vcpu = v };

	run_guest(&r);
	ASSERT_EQ(0, r.err);
}

/* What the guest's exits make the vCPU's (and a 1-vCPU VM's) counters. */
static void expect_known(struct __test_metadata *_metadata,
			 const struct stats *s, const __u64 *d)
{
	__u64 kinds;

	EXPECT_EQ(PSCI_LOOPS, stat_value(s, d, "exit_psci_kernel"));
	EXPECT_EQ(1, stat_value(s, d, "exit_sysreg_kernel"));
	EXPECT_EQ(USER_MMIO, stat_value(s, d, "exit_user_mmio"));
	EXPECT_EQ(1, stat_value(s, d, "exit_user_hypercall"));
	EXPECT_EQ(0, stat_value(s, d, "exit_user_intr"));
	EXPECT_EQ(0, stat_value(s, d, "exit_hypercall_kernel"));
	EXPECT_EQ(0, stat_value(s, d, "exit_mmio_kernel"));
	EXPECT_EQ(USER_MMIO, stat_value(s, d, "s2_fault_mmio"));
	EXPECT_LE(1, stat_value(s, d, "exit_s2_fault"));
	EXPECT_LE(1, stat_value(s, d, "s2_fault_mapped"));
	EXPECT_EQ(0, stat_value(s, d, "wfi_sleep"));
	EXPECT_EQ(0, stat_value(s, d, "vgic_injected"));
	/* Each exit once, by what handled it; other: refused entries. */
	kinds = PSCI_LOOPS + 1 + USER_MMIO + 1 +
		stat_value(s, d, "exit_s2_fault") + stat_value(s, d, "exit_irq") +
		stat_value(s, d, "exit_other");
	EXPECT_EQ(kinds, stat_value(s, d, "exits"));
}

TEST_F(stats, layout)
{
	const struct stats *all[] = { &self->vs, &self->ms };
	char id[ARMVCPU_STATS_NAME_SIZE];
	unsigned int k;
	__u32 i;

	EXPECT_EQ(1, ioctl(self->vm.sys_fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_STATS_FD));
	snprintf(id, sizeof(id), "armvcpu-%d/vcpu-0", getpid());
	EXPECT_STREQ(id, self->vs.id);
	snprintf(id, sizeof(id), "armvcpu-%d", getpid());
	EXPECT_STREQ(id, self->ms.id);
	/* The VM's fd: every vCPU counter (summed), then its own. */
	EXPECT_EQ(self->vs.h.num_desc + 1, self->ms.h.num_desc);
	EXPECT_STREQ("irq_line", self->ms.names[self->vs.h.num_desc]);
	for (k = 0; k < ARRAY_SIZE(all); k++) {
		const struct stats *s = all[k];

		EXPECT_EQ(0, s->h.flags);
		EXPECT_EQ(sizeof(s->h), s->h.id_offset);
		EXPECT_EQ(s->h.id_offset + ARMVCPU_STATS_NAME_SIZE,
			  s->h.desc_offset);
		EXPECT_EQ(s->h.desc_offset + s->h.num_desc * DESC_SIZE,
			  s->h.data_offset);
		EXPECT_EQ(ARRAY_SIZE(vcpu_names) + k, s->h.num_desc);
		for (i = 0; i < s->h.num_desc; i++) {
			const struct armvcpu_stats_desc *d = &s->desc[i];

			EXPECT_EQ(ARMVCPU_STATS_TYPE_CUMULATIVE |
				  ARMVCPU_STATS_UNIT_NONE |
				  ARMVCPU_STATS_BASE_POW10, d->flags);
			EXPECT_EQ(0, d->exponent);
			EXPECT_EQ(1, d->size);
			EXPECT_EQ(i * sizeof(__u64), d->offset);
			EXPECT_EQ(0, d->bucket_size);
			if (i < ARRAY_SIZE(vcpu_names))
				EXPECT_STREQ(vcpu_names[i], s->names[i]);
		}
	}
}

/* Read while the guest runs on another thread: nothing ever goes down. */
TEST_F(stats, counters_while_running_and_after)
{
	__u64 prev[MAX_STATS] = { 0 }, now[MAX_STATS], vm[MAX_STATS];
	unsigned int reads = 0, mid = 0;
	struct runner r = { .vcpu = &self->vcpu };
	const struct stats *s = &self->vs;
	pthread_t t;
	__u32 i;

	ASSERT_EQ(0, pthread_create(&t, NULL, run_guest, &r));
	while (!__atomic_load_n(&r.done, __ATOMIC_ACQUIRE)) {
		ASSERT_EQ(0, stats_read(s, now));
		ASSERT_EQ(0, stats_read(&self->ms, vm));
		for (i = 0; i < s->h.num_desc; i++)
			ASSERT_LE(prev[i], now[i]) TH_LOG("%s went down",
							  s->names[i]);
		memcpy(prev, now, sizeof(now));
		mid += stat_value(s, now, "exit_psci_kernel") % PSCI_LOOPS != 0;
		reads++;
	}
	pthread_join(t, NULL);
	ASSERT_EQ(0, r.err);
	TH_LOG("%u reads during the run, %u in the middle of the loop", reads,
	       mid);

	ASSERT_EQ(0, stats_read(s, now));
	expect_known(_metadata, s, now);
	ASSERT_EQ(0, stats_read(&self->ms, vm));
	expect_known(_metadata, &self->ms, vm);
	/* One vCPU: the VM's sums are its counters. */
	for (i = 0; i < s->h.num_desc; i++)
		EXPECT_EQ(now[i], vm[i]) TH_LOG("%s", s->names[i]);
	EXPECT_EQ(0, stat_value(&self->ms, vm, "irq_line"));
}

TEST_F(stats, errors)
{
	size_t end = self->vs.h.data_offset +
		     self->vs.h.num_desc * sizeof(__u64);
	struct armvcpu_stats_header h;
	char buf[64];

	EXPECT_EQ(-1, ioctl(self->vm.fd, ARMVCPU_GET_STATS_FD, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->vcpu.fd, ARMVCPU_GET_STATS_FD, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->vm.sys_fd, ARMVCPU_GET_STATS_FD, 0));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->vs.fd, ARMVCPU_GET_STATS_FD, 0));
	EXPECT_EQ(ENOTTY, errno);
	/* Past the end: end of file; across it: what there is. */
	EXPECT_EQ(0, pread(self->vs.fd, buf, sizeof(buf), end));
	EXPECT_EQ(0, pread(self->vs.fd, buf, sizeof(buf), end + 4096));
	EXPECT_EQ(8, pread(self->vs.fd, buf, sizeof(buf), end - 8));
	EXPECT_EQ(-1, pread(self->vs.fd, buf, sizeof(buf), -1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, write(self->vs.fd, buf, 8));
	EXPECT_EQ(EBADF, errno);
	/* No FMODE_PWRITE: pwrite() fails before the write check. */
	EXPECT_EQ(-1, pwrite(self->ms.fd, buf, 8, 0));
	EXPECT_EQ(ESPIPE, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 4096, PROT_READ, MAP_SHARED,
				   self->vs.fd, 0));
	/* read() goes on from the file position, as pread() from 0 does. */
	EXPECT_EQ(sizeof(h), read(self->vs.fd, &h, sizeof(h)));
	EXPECT_EQ(0, memcmp(&h, &self->vs.h, sizeof(h)));
	EXPECT_EQ(ARMVCPU_STATS_NAME_SIZE,
		  read(self->vs.fd, buf, ARMVCPU_STATS_NAME_SIZE));
	EXPECT_STREQ(self->vs.id, buf);
	EXPECT_TRUE(fcntl(self->vs.fd, F_GETFD) & FD_CLOEXEC);
}

/*
 * The stats fds outlive the VM and vCPU fds. A vCPU's stats fd holds the
 * vCPU (its id stays taken); a closed vCPU's counts stay in the VM's sums.
 */
TEST_F(stats, outlive_vm_and_vcpu)
{
	__u64 v[MAX_STATS], m[MAX_STATS];
	struct armvcpu_vcpu_config cfg = { .id = 0 };
	int fd;

	run_to_done(_metadata, &self->vcpu);
	av_vcpu_destroy(&self->vcpu);
	self->vcpu.run = NULL;
	EXPECT_EQ(-1, ioctl(self->vm.fd, ARMVCPU_CREATE_VCPU, &cfg));
	EXPECT_EQ(EEXIST, errno);
	ASSERT_EQ(0, stats_read(&self->vs, v));
	expect_known(_metadata, &self->vs, v);

	close(self->vs.fd);
	self->vs.fd = -1;
	fd = ioctl(self->vm.fd, ARMVCPU_CREATE_VCPU, &cfg);
	EXPECT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, stats_read(&self->ms, m));
	expect_known(_metadata, &self->ms, m);

	av_vm_destroy(&self->vm);
	ASSERT_EQ(0, stats_read(&self->ms, m));
	expect_known(_metadata, &self->ms, m);
}

/* The VM's own counter: every ARMVCPU_IRQ_LINE call accepted, no other. */
TEST(irq_line_counted)
{
	__u64 d[MAX_STATS];
	struct av_vcpu vcpu;
	struct av_vm vm;
	struct stats s;

	av_vm_create_with_ram_flags(&vm, ARMVCPU_VM_VGIC);
	av_vcpu_create(&vm, &vcpu, 0);
	ASSERT_EQ(0, stats_open(&s, vm.fd));
	av_irq_line(&vm, 40, 1);
	av_irq_line(&vm, 40, 0);
	av_irq_line(&vm, 41, 1);
	/* The timer's PPI is the timer's: refused, not counted. */
	EXPECT_EQ(-EINVAL, __av_irq_line(vm.fd, 27, 1));
	ASSERT_EQ(0, stats_read(&s, d));
	EXPECT_EQ(3, stat_value(&s, d, "irq_line"));
	close(s.fd);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

/* rmmod is refused while a stats fd is all that is left open. */
TEST_F(stats, holds_the_module)
{
	int ret, fd;

	close(self->vs.fd);
	self->vs.fd = -1;
	av_vcpu_destroy(&self->vcpu);
	self->vcpu.run = NULL;
	av_vm_destroy(&self->vm);
	ret = syscall(__NR_delete_module, "armvcpu", O_NONBLOCK) ? errno : 0;
	if (!ret) {
		fd = open("/armvcpu.ko", O_RDONLY | O_CLOEXEC);
		syscall(__NR_finit_module, fd, "", 0);
		close(fd);
	}
	EXPECT_EQ(EWOULDBLOCK, ret);
}

/* A thousand stats fds opened, read and closed leave nothing behind. */
TEST_F(stats, no_leak)
{
	int trouble = rb_klog_trouble();
	struct rb_mem base, now;
	__u64 d[MAX_STATS];
	struct stats s;
	int i;

	rb_mem_sample(&base);
	for (i = 0; i < 1000; i++) {
		ASSERT_EQ(0, stats_open(&s, i & 1 ? self->vm.fd :
					self->vcpu.fd));
		ASSERT_EQ(0, stats_read(&s, d));
		close(s.fd);
	}
	RB_EXPECT_CLEAN("stats_fd", &base, &now, 512, trouble);
}

TEST_HARNESS_MAIN
