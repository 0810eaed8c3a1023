// SPDX-License-Identifier: GPL-2.0
/*
 * armvcpu-vmm end to end: runs the VMM on the example guests inside the
 * nested kernel and checks what a user sees, the console output and the
 * exit status. The VMM is /bin/armvcpu-vmm and the guests are in /guests
 * (the rig's initramfs); ARMVCPU_VMM and ARMVCPU_GUESTS override both.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define OUT_SIZE	65536
#define RUN_LIMIT_S	60	/* the VMM gets --timeout 30 besides */
#define MAX_ARGS	16

struct vmm_run {
	int status;		/* exit status, or -1 if killed */
	char out[OUT_SIZE];	/* the guest's console */
	char err[OUT_SIZE];	/* the VMM's messages */
};

static const char *vmm_path(void)
{
	const char *p = getenv("ARMVCPU_VMM");

	return p ? p : "/bin/armvcpu-vmm";
}

/* The path of guest image @name, in a static buffer. */
static const char *guest(const char *name)
{
	static char path[256];
	const char *dir = getenv("ARMVCPU_GUESTS");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "/guests", name);
	return path;
}

static bool have(const char *path)
{
	return access(path, R_OK) == 0;
}

static void child(const char *const *args, int in, int out, int err)
{
	const char *argv[MAX_ARGS + 2] = { vmm_path() };
	unsigned int i;

	for (i = 0; args[i] && i < MAX_ARGS; i++)
		argv[i + 1] = args[i];
	dup2(in, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	execv(argv[0], (char **)argv);
	_exit(127);
}

/* Appends what @fd has to @buf; returns false at end of file. */
static bool drain(int fd, char *buf, size_t *len)
{
	ssize_t n = read(fd, buf + *len, OUT_SIZE - 1 - *len);

	if (n <= 0)
		return false;
	*len += n;
	buf[*len] = '\0';
	return *len < OUT_SIZE - 1;
}

static void collect(struct vmm_run *r, int out, int err, pid_t pid)
{
	struct pollfd pfd[2] = { { .fd = out, .events = POLLIN },
				 { .fd = err, .events = POLLIN } };
	size_t len[2] = { 0, 0 };
	char *buf[2] = { r->out, r->err };
	time_t end = time(NULL) + RUN_LIMIT_S;
	int i, open = 2, wstatus;

	while (open && time(NULL) < end) {
		if (poll(pfd, 2, 1000) <= 0)
			continue;
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd >= 0 && pfd[i].revents &&
			    !drain(pfd[i].fd, buf[i], &len[i])) {
				pfd[i].fd = -1;
				open--;
			}
		}
	}
	if (open)
		kill(pid, SIGKILL);
	waitpid(pid, &wstatus, 0);
	r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

/* Runs the VMM with @args (NULL-terminated), @input on its stdin. */
static void run_vmm(struct vmm_run *r, const char *input,
		    const char *const *args)
{
	int in[2], out[2], err[2];
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	if (pipe(in) || pipe(out) || pipe(err))
		return;
	pid = fork();
	if (pid == 0) {
		close(in[1]);
		close(out[0]);
		close(err[0]);
		child(args, in[0], out[1], err[1]);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (input && write(in[1], input, strlen(input)) < 0)
		perror("write to the VMM's stdin");
	close(in[1]);
	if (pid > 0)
		collect(r, out[0], err[0], pid);
	close(out[0]);
	close(err[0]);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay++;
	}
	return n;
}

FIXTURE(vmm) {
	struct vmm_run r;
};

FIXTURE_SETUP(vmm)
{
	if (!have(vmm_path()) || !have(guest("hello.bin")))
		SKIP(return, "no %s or %s", vmm_path(), guest("hello.bin"));
	if (!have("/dev/armvcpu"))
		SKIP(return, "/dev/armvcpu missing: armvcpu.ko is not loaded");
}

FIXTURE_TEARDOWN(vmm)
{
}

#define RUN(input, ...)							\
	run_vmm(&self->r, input,					\
		(const char *const[]){ "--timeout", "30", __VA_ARGS__, NULL })

#define LOG_OUTPUT()	TH_LOG("status %d\nstdout:\n%s\nstderr:\n%s",	\
			       self->r.status, self->r.out, self->r.err)

/* hello as an arm64 Image (.bin with a header), then PSCI SYSTEM_OFF. */
TEST_F(vmm, hello_prints_and_powers_off)
{
	RUN(NULL, guest("hello.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "Hello from an armvcpu guest!"))
		LOG_OUTPUT();
	EXPECT_STREQ("", self->r.err) LOG_OUTPUT();
}

TEST_F(vmm, hello_as_elf_and_as_raw)
{
	if (have(guest("hello.elf"))) {
		RUN(NULL, guest("hello.elf"));
		EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
		EXPECT_NE(NULL, strstr(self->r.out, "Hello from")) LOG_OUTPUT();
	}
	RUN(NULL, "--format", "raw", guest("hello.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "Hello from")) LOG_OUTPUT();
}

/* x0 = device tree at entry, at the top of the 64M of RAM asked for. */
TEST_F(vmm, hello_gets_the_device_tree)
{
	RUN(NULL, "-m", "64M", guest("hello.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "device tree at 0x43ff0000"))
		LOG_OUTPUT();
}

/* Every vCPU comes up through PSCI CPU_ON and reports its own MPIDR. */
TEST_F(vmm, smp_brings_up_4_vcpus)
{
	char line[64];
	int i;

	RUN(NULL, "-c", "4", guest("smp.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "smp: 4 of 4 CPUs up")) LOG_OUTPUT();
	for (i = 0; i < 4; i++) {
		/* Aff0 = vCPU id; bit 31 of MPIDR_EL1 is RES1. */
		snprintf(line, sizeof(line), "smp: CPU %d up, MPIDR 0x%x\n", i,
			 0x80000000 | i);
		EXPECT_EQ(1, count(self->r.out, line)) LOG_OUTPUT();
	}
}

/* CPU_OFF parks a vCPU; CPU_ON starts it again from its reset state. */
TEST_F(vmm, vcpus_restart_after_cpu_off)
{
	RUN(NULL, "-c", "3", "--append", "cpus-twice", guest("vmmtest.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "vmmtest: cpus-twice 4 starts"))
		LOG_OUTPUT();
}

/* PSCI 1.1 from the kernel; CPU_ON refusals from the kernel or the VMM. */
TEST_F(vmm, psci_answers)
{
	RUN(NULL, "-c", "2", "--append", "psci", guest("vmmtest.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out,
			       "vmmtest: psci version 0x10001 cpu_on self -4 cpu_on none -2"))
		LOG_OUTPUT();
}

/* SMCCC calls nobody implements get NOT_SUPPORTED, over HVC and SMC. */
TEST_F(vmm, hypercalls_not_supported)
{
	RUN(NULL, "--trace", "--append", "hvc smc", guest("vmmtest.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "vmmtest: hvc -1\n")) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "vmmtest: smc -1\n")) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "HYPERCALL hvc #0 fn 0xc6000042"))
		LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "HYPERCALL smc #0 fn 0xc2000042"))
		LOG_OUTPUT();
}

TEST_F(vmm, guest_chooses_exit_status)
{
	RUN(NULL, "--append", "exit=42", guest("vmmtest.bin"));
	EXPECT_EQ(42, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "vmmtest: exit 42")) LOG_OUTPUT();
	RUN(NULL, "--append", "off exit=9", guest("vmmtest.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
}

TEST_F(vmm, reset_with_no_reboot_ends)
{
	RUN(NULL, "--no-reboot", "--append", "reset", guest("vmmtest.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_EQ(1, count(self->r.out, "vmmtest: boot")) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "--no-reboot")) LOG_OUTPUT();
}

/* Without --no-reboot a reset boots the guest again, and again... */
TEST_F(vmm, reset_restarts_the_guest)
{
	run_vmm(&self->r, NULL, (const char *const[]){
		"--timeout", "5", "--append", "reset", guest("vmmtest.bin"),
		NULL });
	EXPECT_EQ(124, self->r.status) LOG_OUTPUT();
	EXPECT_LT(1, count(self->r.out, "vmmtest: boot")) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "timeout")) LOG_OUTPUT();
}

TEST_F(vmm, mmio_without_device_reads_zero_and_warns_once)
{
	RUN(NULL, "--append", "no-device no-device exit=3",
	    guest("vmmtest.bin"));
	EXPECT_EQ(3, self->r.status) LOG_OUTPUT();
	EXPECT_EQ(2, count(self->r.out, "vmmtest: no-device read 0x0\n"))
		LOG_OUTPUT();
	EXPECT_EQ(1, count(self->r.err, "0xa000000")) LOG_OUTPUT();
}

TEST_F(vmm, strict_mmio_stops)
{
	RUN(NULL, "--strict-mmio", "--append", "no-device exit=3",
	    guest("vmmtest.bin"));
	EXPECT_EQ(1, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "--strict-mmio")) LOG_OUTPUT();
	EXPECT_EQ(NULL, strstr(self->r.out, "no-device read")) LOG_OUTPUT();
}

/* An access without syndrome is never emulated as something else. */
TEST_F(vmm, mmio_without_syndrome_stops)
{
	RUN(NULL, "--append", "nisv exit=3", guest("vmmtest.bin"));
	EXPECT_EQ(1, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err,
			       "access to 0xa000000 without a valid syndrome"))
		LOG_OUTPUT();
	EXPECT_EQ(NULL, strstr(self->r.out, "went on")) LOG_OUTPUT();
}

TEST_F(vmm, sysregs_undef_and_physical_counter)
{
	RUN(NULL, "--append", "undef-sysreg cntpct", guest("vmmtest.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "vmmtest: undef-sysreg undef"))
		LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "vmmtest: cntpct advances"))
		LOG_OUTPUT();
}

TEST_F(vmm, pl011_ids_and_console_input)
{
	RUN("typed text\n", "--append", "pl011-id echo", guest("vmmtest.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out,
			       "vmmtest: pl011-id 11 10 34 00 0d f0 05 b1"))
		LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.out, "vmmtest: echo 'typed text'"))
		LOG_OUTPUT();
}

TEST_F(vmm, stats_and_trace)
{
	RUN(NULL, "--stats", "--trace", guest("hello.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "exit reason")) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "\nSYSTEM_DOWN ")) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "\nMMIO ")) LOG_OUTPUT();
	/* The kernel's own counters follow (ARMVCPU_GET_STATS_FD). */
	EXPECT_NE(NULL, strstr(self->r.err, "\nexit_user_mmio ")) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "vcpu0 MMIO write 0x9000000 len 4"))
		LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "vcpu0 SYSTEM_DOWN")) LOG_OUTPUT();
}

TEST_F(vmm, dump_dtb)
{
	static const unsigned char magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };
	const char *path = "/tmp/vmm_e2e.dtb";
	unsigned char head[4];
	struct stat st;
	int fd;

	unlink(path);
	RUN(NULL, "-c", "2", "--dump-dtb", path, guest("hello.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	fd = open(path, O_RDONLY);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(4, read(fd, head, 4));
	EXPECT_EQ(0, memcmp(head, magic, 4));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_LT(512, st.st_size);
	close(fd);
	/* Dumping does not run the guest. */
	EXPECT_EQ(NULL, strstr(self->r.out, "Hello")) LOG_OUTPUT();

	/*
	 * The dumped tree boots as --dtb, with /chosen/bootargs set from
	 * --append as QEMU does; a file that is no tree does not boot.
	 */
	RUN(NULL, "-c", "2", "--dtb", path, "--append", "exit=5",
	    guest("vmmtest.bin"));
	EXPECT_EQ(5, self->r.status) LOG_OUTPUT();
	unlink(path);
	RUN(NULL, "--dtb", guest("hello.bin"), guest("hello.bin"));
	EXPECT_EQ(1, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "not a valid device tree blob"))
		LOG_OUTPUT();
}

TEST_F(vmm, errors_people_understand)
{
	RUN(NULL, "-c", "0", guest("hello.bin"));
	EXPECT_EQ(2, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "bad CPU count")) LOG_OUTPUT();

	RUN(NULL, "/dev/null");
	EXPECT_EQ(1, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "not a regular file")) LOG_OUTPUT();

	RUN(NULL, "/selftests/main.list");
	EXPECT_EQ(1, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "unknown image format"))
		LOG_OUTPUT();

	RUN(NULL, "-m", "1M", "--initrd", guest("smp.bin"), guest("hello.bin"));
	EXPECT_EQ(0, self->r.status) LOG_OUTPUT();
	RUN(NULL, "-m", "1M", "--initrd", vmm_path(), guest("hello.bin"));
	EXPECT_EQ(1, self->r.status) LOG_OUTPUT();
	EXPECT_NE(NULL, strstr(self->r.err, "initrd does not fit in memory"))
		LOG_OUTPUT();
}

TEST_HARNESS_MAIN
