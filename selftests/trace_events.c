// SPDX-License-Identifier: GPL-2.0
/*
 * The armvcpu tracepoints through tracefs, as ftrace, trace-cmd and perf
 * trace read them: with every armvcpu event enabled, a guest whose exits
 * are all known runs once, and the events this thread recorded must be
 * exactly those exits, field by field (IPA, length and value of each
 * MMIO access, the exception class of each exit, the reason of each
 * return to userspace, the system register and the PSCI call with the
 * values the guest saw, the stage-2 fault of its first fetch).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define TRACING		"/sys/kernel/tracing"
#define MMIO		0x0b000000ULL
#define MMIO_READ	(MMIO + 0x100)
#define READ_VALUE	0xabcdULL
#define PSCI_VERSION	0x84000000U
#define EC_HVC64	0x16
#define EC_SYS64	0x18
#define EC_DABT_LOW	0x24
/* Three syncs and the done: two MMIO exits each. */
#define UCALL_EXITS	8

static int tracefs_write(const char *file, const char *text)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), TRACING "/%s", file);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

/* The whole of a tracefs file, NUL-terminated; NULL if unreadable. */
static char *tracefs_read(const char *file)
{
	size_t len = 0, cap = 1 << 16;
	char path[256], *buf = malloc(cap);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), TRACING "/%s", file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !buf) {
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 4096) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				break;
		}
	}
	close(fd);
	if (buf)
		buf[len] = 0;
	return buf;
}

/* What this thread's events said, counted by the fields that matter. */
struct seen {
	unsigned int mmio_write[3], mmio_unsat, mmio_read, mmio_other;
	unsigned int user_mmio, user_hcall, user_other;
	unsigned int exit_hvc, exit_sys, exit_dabt, exits;
	unsigned int entries, first_entry_pc_ok;
	unsigned int complete_mmio, complete_hcall;
	unsigned int psci, sysreg, s2_fault_ram;
	unsigned int vgic_raise, vgic_lower, vgic_other;
	unsigned long long psci_result, sysreg_val;
	char psci_where[16], sysreg_name[64], sysreg_outcome[16];
};

static void seen_mmio(struct seen *s, const char *a)
{
	unsigned long long ipa, val;
	char type[32], where[8];
	unsigned int id, len;

	if (sscanf(a, "vcpu %u %31s ipa %llx len %u val %llx %7s", &id, type,
		   &ipa, &len, &val, where) != 6 || ipa < MMIO ||
	    ipa >= MMIO + 0x1000)
		return;
	if (!strcmp(type, "write") && len == 8 && ipa - MMIO < 24 &&
	    !((ipa - MMIO) % 8) && val == 0x100 + (ipa - MMIO) / 8 &&
	    !strcmp(where, "vmm"))
		s->mmio_write[(ipa - MMIO) / 8]++;
	else if (!strcmp(type, "unsatisfied-read") && ipa == MMIO_READ &&
		 len == 4 && !strcmp(where, "vmm"))
		s->mmio_unsat++;
	else if (!strcmp(type, "read") && ipa == MMIO_READ && len == 4 &&
		 val == READ_VALUE && !strcmp(where, "vmm"))
		s->mmio_read++;
	else
		s->mmio_other++;
}

static void seen_user(struct seen *s, const char *a)
{
	unsigned int id, reason;
	char name[32];
	int ret;

	if (sscanf(a, "vcpu %u reason %31s (%u) ret %d", &id, name, &reason,
		   &ret) != 4 || ret)
		s->user_other++;
	else if (reason == ARMVCPU_EXIT_MMIO && !strcmp(name, "MMIO"))
		s->user_mmio++;
	else if (reason == ARMVCPU_EXIT_HYPERCALL &&
		 !strcmp(name, "HYPERCALL"))
		s->user_hcall++;
	else
		s->user_other++;
}

static void seen_exit(struct seen *s, const char *a)
{
	unsigned long long esr, pc;
	unsigned int id, ec;
	char kind[16];

	if (sscanf(a, "vcpu %u %15s ec %x esr %llx pc %llx", &id, kind, &ec,
		   &esr, &pc) != 5)
		return;
	s->exits++;
	if (strcmp(kind, "SYNC") || ec != esr >> 26)
		return;
	s->exit_hvc += ec == EC_HVC64;
	s->exit_sys += ec == EC_SYS64;
	s->exit_dabt += ec == EC_DABT_LOW;
}

static void seen_entry(struct seen *s, const char *a)
{
	unsigned long long pc;
	unsigned int id;

	if (sscanf(a, "vcpu %u pc %llx", &id, &pc) == 2 && !s->entries++)
		s->first_entry_pc_ok = pc == AV_GUEST_ENTRY;
}

static void seen_complete(struct seen *s, const char *a)
{
	char kind[16];
	unsigned int id;

	if (sscanf(a, "vcpu %u %15s", &id, kind) != 2)
		return;
	s->complete_mmio += !strcmp(kind, "MMIO");
	s->complete_hcall += !strcmp(kind, "HYPERCALL");
}

static void seen_psci(struct seen *s, const char *a)
{
	unsigned int id, fn;
	long result;

	if (sscanf(a, "vcpu %u fn %x result %ld %15s", &id, &fn, &result,
		   s->psci_where) == 4 && fn == PSCI_VERSION) {
		s->psci++;
		s->psci_result = result;
	}
}

static void seen_sysreg(struct seen *s, const char *a)
{
	char dir[8];
	unsigned int id;

	if (sscanf(a, "vcpu %u %7s %63s val %llx %15s", &id, dir,
		   s->sysreg_name, &s->sysreg_val, s->sysreg_outcome) == 5 &&
	    !strcmp(dir, "read"))
		s->sysreg++;
}

static void seen_s2_fault(struct seen *s, const char *a)
{
	unsigned long long ipa;
	unsigned int id;
	int slot, ret;
	char dir[8];

	if (sscanf(a, "vcpu %u ipa %llx slot %d %7s ret %d", &id, &ipa, &slot,
		   dir, &ret) == 5 && slot == 0 && !ret && ipa >= AV_RAM_BASE &&
	    ipa < AV_RAM_BASE + AV_RAM_SIZE)
		s->s2_fault_ram++;
}

static void seen_vgic(struct seen *s, const char *a)
{
	unsigned int id, intid, level, pending;

	if (sscanf(a, "vcpu %u intid %u level %u pending %u", &id, &intid,
		   &level, &pending) != 4 || id || intid != 40 || pending > 1)
		s->vgic_other++;
	else if (level)
		s->vgic_raise++;
	else
		s->vgic_lower++;
}

static const struct {
	const char *event;
	void (*parse)(struct seen *s, const char *args);
} parsers[] = {
	{ "armvcpu_mmio", seen_mmio },
	{ "armvcpu_userspace_exit", seen_user },
	{ "armvcpu_exit", seen_exit },
	{ "armvcpu_entry", seen_entry },
	{ "armvcpu_complete", seen_complete },
	{ "armvcpu_psci", seen_psci },
	{ "armvcpu_sysreg", seen_sysreg },
	{ "armvcpu_s2_fault", seen_s2_fault },
	{ "armvcpu_vgic_inject", seen_vgic },
};

/* Each line: "COMM-TID [CPU] FLAGS TIME: EVENT: ARGS". */
static void parse_trace(struct seen *s, char *text, int tid)
{
	char mark[32], ev[64], *line, *save;
	unsigned int i;

	snprintf(mark, sizeof(mark), "-%d ", tid);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !strstr(line, mark))
			continue;
		for (i = 0; i < ARRAY_SIZE(parsers); i++) {
			snprintf(ev, sizeof(ev), ": %s: ", parsers[i].event);
			if (strstr(line, ev)) {
				parsers[i].parse(s, strstr(line, ev) +
						 strlen(ev));
				break;
			}
		}
	}
}

FIXTURE(trace) {
	struct av_vm vm;
	struct av_vcpu vcpu;
};

FIXTURE_SETUP(trace)
{
	struct stat st;

	if (stat(TRACING "/events", &st))
		ASSERT_EQ(0, mount("tracefs", TRACING, "tracefs", 0, NULL))
			TH_LOG("mount tracefs: %s", strerror(errno));
	ASSERT_EQ(0, stat(TRACING "/events/armvcpu", &st))
		TH_LOG("no armvcpu events in tracefs");
	ASSERT_EQ(0, tracefs_write("tracing_on", "0"));
	ASSERT_EQ(0, tracefs_write("set_event", ""));
	ASSERT_EQ(0, tracefs_write("buffer_size_kb", "1024"));
	ASSERT_EQ(0, tracefs_write("trace", ""));
	ASSERT_EQ(0, tracefs_write("events/armvcpu/enable", "1"));
	av_vm_create_with_ram(&self->vm);
	av_vcpu_create(&self->vm, &self->vcpu, 0);
}

FIXTURE_TEARDOWN(trace)
{
	av_vcpu_destroy(&self->vcpu);
	av_vm_destroy(&self->vm);
	EXPECT_EQ(0, tracefs_write("events/armvcpu/enable", "0"));
	EXPECT_EQ(0, tracefs_write("trace", ""));
	EXPECT_EQ(0, tracefs_write("tracing_on", "1"));
}

/*
 * Runs the guest to its end, serving its MMIO load and hypercalls;
 * returns its three reports.
 */
static void run_guest(struct __test_metadata *_metadata, struct av_vcpu *vcpu,
		      __u64 *sync)
{
	struct armvcpu_run *run = vcpu->run;
	unsigned int nsync = 0;
	struct av_ucall uc;
	__u64 val = READ_VALUE;

	for (;;) {
		ASSERT_EQ(0, __av_run(vcpu->fd));
		if (run->exit_reason == ARMVCPU_EXIT_HYPERCALL) {
			run->hypercall.ret[0] = 0;
			continue;
		}
		ASSERT_EQ(ARMVCPU_EXIT_MMIO, run->exit_reason)
			TH_LOG("exit %s", av_exit_name(run->exit_reason));
		switch (av_get_ucall(vcpu, &uc)) {
		case AV_UCALL_PART_OTHER:
			if (!run->mmio.is_write)
				memcpy(run->mmio.data, &val, sizeof(val));
			continue;
		case AV_UCALL_PART_ARG:
			continue;
		case AV_UCALL_PART_CODE:
			break;
		}
		if (uc.code == AV_UCALL_DONE)
			break;
		ASSERT_EQ(AV_UCALL_SYNC, uc.code)
			TH_LOG("guest line %llu", uc.arg);
		ASSERT_GT(3, nsync);
		sync[nsync++] = uc.arg;
	}
	ASSERT_EQ(3, nsync);
}

TEST_F(trace, known_exits_recorded)
{
	struct seen s = { 0 };
	__u64 sync[3];
	char *text, *fmt;

	AV_LOAD_GUEST(&self->vm, &self->vcpu, trace_events);
	ASSERT_EQ(0, tracefs_write("tracing_on", "1"));
	run_guest(_metadata, &self->vcpu, sync);
	ASSERT_EQ(0, tracefs_write("tracing_on", "0"));
	EXPECT_EQ(READ_VALUE, sync[0]);

	/* perf and trace-cmd decode the binary records from this. */
	fmt = tracefs_read("events/armvcpu/armvcpu_mmio/format");
	ASSERT_NE(NULL, fmt);
	EXPECT_NE(NULL, strstr(fmt, "field:u64 ipa;"));
	free(fmt);

	text = tracefs_read("trace");
	ASSERT_NE(NULL, text);
	EXPECT_EQ(NULL, strstr(text, "LOST")) TH_LOG("events were lost");
	parse_trace(&s, text, getpid());
	free(text);

	EXPECT_EQ(1, s.mmio_write[0]);
	EXPECT_EQ(1, s.mmio_write[1]);
	EXPECT_EQ(1, s.mmio_write[2]);
	EXPECT_EQ(1, s.mmio_unsat);
	EXPECT_EQ(1, s.mmio_read);
	EXPECT_EQ(0, s.mmio_other);

	EXPECT_EQ(4 + UCALL_EXITS, s.user_mmio);
	EXPECT_EQ(2, s.user_hcall);
	EXPECT_EQ(0, s.user_other);
	/* Every MMIO exit but the last (the done) and both hypercalls. */
	EXPECT_EQ(4 + UCALL_EXITS - 1, s.complete_mmio);
	EXPECT_EQ(2, s.complete_hcall);

	EXPECT_EQ(3, s.exit_hvc);
	EXPECT_EQ(1, s.exit_sys);
	EXPECT_LE(4 + UCALL_EXITS, s.exit_dabt);
	EXPECT_LE(s.exits, s.entries);
	EXPECT_TRUE(s.first_entry_pc_ok);

	EXPECT_EQ(1, s.psci);
	EXPECT_EQ(sync[2], s.psci_result);
	EXPECT_STREQ("kernel", s.psci_where);
	EXPECT_EQ(1, s.sysreg);
	EXPECT_STREQ("S3_0_C0_C4_0", s.sysreg_name);
	EXPECT_EQ(sync[1], s.sysreg_val);
	EXPECT_STREQ("emulated", s.sysreg_outcome);
	EXPECT_LE(1, s.s2_fault_ram);
}

/* The VMM's interrupt lines into the in-kernel GIC, routed to vCPU 0. */
TEST_F(trace, vgic_lines_recorded)
{
	struct seen s = { 0 };
	struct av_vcpu vcpu;
	struct av_vm vm;
	char *text;

	av_vm_create_with_ram_flags(&vm, ARMVCPU_VM_VGIC);
	av_vcpu_create(&vm, &vcpu, 0);
	ASSERT_EQ(0, tracefs_write("tracing_on", "1"));
	av_irq_line(&vm, 40, 1);
	av_irq_line(&vm, 40, 0);
	av_irq_line(&vm, 40, 1);
	ASSERT_EQ(0, tracefs_write("tracing_on", "0"));
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
	text = tracefs_read("trace");
	ASSERT_NE(NULL, text);
	parse_trace(&s, text, getpid());
	free(text);
	EXPECT_EQ(2, s.vgic_raise);
	EXPECT_EQ(1, s.vgic_lower);
	EXPECT_EQ(0, s.vgic_other);
}

/* Disabled events record nothing, however the guest exits. */
TEST_F(trace, disabled_events_record_nothing)
{
	struct seen s = { 0 };
	__u64 sync[3];
	char *text;

	ASSERT_EQ(0, tracefs_write("events/armvcpu/enable", "0"));
	AV_LOAD_GUEST(&self->vm, &self->vcpu, trace_events);
	ASSERT_EQ(0, tracefs_write("tracing_on", "1"));
	run_guest(_metadata, &self->vcpu, sync);
	ASSERT_EQ(0, tracefs_write("tracing_on", "0"));
	text = tracefs_read("trace");
	ASSERT_NE(NULL, text);
	parse_trace(&s, text, getpid());
	free(text);
	EXPECT_EQ(0, s.exits + s.entries + s.user_mmio + s.psci + s.sysreg);
}

TEST_HARNESS_MAIN
