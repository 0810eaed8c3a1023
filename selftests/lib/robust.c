// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the robustness tests; see robust.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "robust.h"

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

/* ---- PRNG ---------------------------------------------------------------- */

void rb_rng_seed(struct rb_rng *r, __u64 seed)
{
	r->state = seed;
}

__u64 rb_rand(struct rb_rng *r)
{
	__u64 z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

__u64 rb_below(struct rb_rng *r, __u64 n)
{
	return n ? rb_rand(r) % n : 0;
}

bool rb_chance(struct rb_rng *r, unsigned int num, unsigned int den)
{
	return rb_below(r, den) < num;
}

/* ---- parameters ---------------------------------------------------------- */

void rb_args_to_env(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq && eq != argv[i])
			putenv(argv[i]);
	}
}

unsigned long long rb_param(const char *name, unsigned long long def)
{
	const char *v = getenv(name);
	char *end;
	unsigned long long n;

	if (!v || !*v)
		return def;
	errno = 0;
	n = strtoull(v, &end, 0);
	if (errno || *end) {
		fprintf(stderr, "# bad %s=%s, using %llu\n", name, v, def);
		return def;
	}
	return n;
}

__u64 rb_seed(const char *name)
{
	__u64 seed = rb_param(name, 0);
	struct timespec ts;

	if (!seed) {
		clock_gettime(CLOCK_REALTIME, &ts);
		seed = ((__u64)ts.tv_sec << 20) ^ ts.tv_nsec ^
		       ((__u64)getpid() << 40);
	}
	fprintf(stderr, "# seed: %s=%#llx (pass it back to replay)\n", name,
		(unsigned long long)seed);
	return seed;
}

void rb_figure(const char *test, const char *key, unsigned long long value)
{
	/* stdout and stderr share the console: flush so lines do not mix. */
	fflush(stdout);
	fprintf(stderr, "# FIGURE %s.%s=%llu\n", test, key, value);
}

/* ---- /proc figures ------------------------------------------------------- */

/* Value of the first line of @path that starts with "@key" + @sep. */
static long long rb_proc_value(const char *path, const char *key, char sep)
{
	size_t klen = strlen(key);
	long long val = -1;
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen) && line[klen] == sep) {
			val = strtoll(line + klen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

long long rb_meminfo_kb(const char *key)
{
	return rb_proc_value("/proc/meminfo", key, ':');
}

long long rb_vmstat(const char *key)
{
	return rb_proc_value("/proc/vmstat", key, ' ');
}

long long rb_status_kb(const char *key)
{
	return rb_proc_value("/proc/self/status", key, ':');
}

/*
 * Pages freed on a CPU wait in its per-CPU lists, counted in neither
 * MemFree nor MemAvailable; /proc/zoneinfo shows them ("count:" under
 * "pagesets"). Without them a test could not tell a leak from a page that
 * is merely parked on another CPU.
 */
long long rb_pcp_kb(void)
{
	long long sum = 0, v;
	char line[256];
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " count: %lld", &v) == 1)
			sum += v;
	fclose(f);
	return sum * (RB_PAGE / 1024);
}

void rb_slab_shrink(void)
{
	glob_t g;
	size_t i;

	if (glob("/sys/kernel/slab/*/shrink", 0, NULL, &g))
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		int fd = open(g.gl_pathv[i], O_WRONLY | O_CLOEXEC);

		if (fd < 0)
			continue;
		if (write(fd, "1", 1) < 0)
			perror(g.gl_pathv[i]);
		close(fd);
	}
	globfree(&g);
}

/*
 * The first read fault (or read-only pin) of an untouched anonymous range
 * that can hold a huge page allocates the kernel's huge zero page, 2 MiB
 * that stay for good: make sure it exists before any baseline, or a test
 * would count it as its own loss.
 */
static void rb_warm_huge_zero_page(void)
{
	size_t len = 4UL << 20;
	char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return;
	a = ((uintptr_t)p + (2UL << 20) - 1) & ~((2UL << 20) - 1);
	(void)__atomic_load_n((char *)a, __ATOMIC_RELAXED);
	munmap(p, len);
}

void rb_mem_sample(struct rb_mem *m)
{
	long long pcp;

	rb_warm_huge_zero_page();
	int fd;

	/*
	 * Closing the last fd of a VM frees it synchronously, but pages can sit
	 * in per-CPU lists and RCU callbacks for a moment: give them time,
	 * and drop clean caches so MemAvailable compares like with like.
	 */
	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "3", 1) < 0)
			perror("drop_caches");
		close(fd);
	}
	usleep(200 * 1000);
	rb_slab_shrink();
	/* Folds every CPU's pending counter deltas into /proc/vmstat. */
	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			perror("stat_refresh");
		close(fd);
	}
	fd = open("/proc/meminfo", O_RDONLY);
	m->meminfo[0] = '\0';
	if (fd >= 0) {
		ssize_t n = read(fd, m->meminfo, sizeof(m->meminfo) - 1);

		m->meminfo[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	pcp = rb_pcp_kb();
	m->avail_kb = rb_meminfo_kb("MemAvailable") + pcp;
	m->free_kb = rb_meminfo_kb("MemFree") + pcp;
	m->pins = rb_vmstat("nr_foll_pin_acquired") -
		  rb_vmstat("nr_foll_pin_released");
	m->locked_kb = rb_status_kb("VmLck");
}

/*
 * On the debug kernel (make check-debug: kmemleak is there) the checkers
 * keep records of their own that never shrink: the stack depot holds every
 * distinct stack KASAN, page_owner and kmemleak saw, and a fuzzer's new
 * paths add megabytes. There kmemleak and the page scan after rmmod
 * (tools/rig/init) say what armvcpu leaked; MemAvailable gets room.
 * Pins and VmLck stay exact.
 */
#define RB_DEBUG_KERNEL_SLACK_KB	(16 * 1024)

bool rb_mem_back(const struct rb_mem *base, const struct rb_mem *now,
		 long long slack_kb, char *why, size_t len)
{
	long long lost = base->avail_kb - now->avail_kb;

	if (!access("/sys/kernel/debug/kmemleak", F_OK))
		slack_kb += RB_DEBUG_KERNEL_SLACK_KB;
	snprintf(why, len,
		 "MemAvailable %lld -> %lld kB (lost %lld, slack %lld), pins %lld -> %lld, VmLck %lld -> %lld kB",
		 base->avail_kb, now->avail_kb, lost, slack_kb, base->pins,
		 now->pins, base->locked_kb, now->locked_kb);
	return lost <= slack_kb && now->pins == base->pins &&
	       now->locked_kb == base->locked_kb;
}

void rb_mem_settle(const struct rb_mem *base, struct rb_mem *now,
		   long long slack_kb)
{
	char why[256];
	int i;

	for (i = 0; i < RB_SETTLE_TRIES &&
	     !rb_mem_back(base, now, slack_kb, why, sizeof(why)); i++) {
		fprintf(stderr, "# not back yet, sampling again: %s\n", why);
		sleep(1);
		rb_mem_sample(now);
	}
}

void rb_mem_explain(const struct rb_mem *base, const struct rb_mem *now,
		    long long kb)
{
	const char *a = base->meminfo, *b;
	char key[64];
	long long va, vb;

	while (*a && sscanf(a, "%63[^:]: %lld", key, &va) == 2) {
		b = strstr(now->meminfo, key);
		if (b && sscanf(b + strlen(key) + 1, "%lld", &vb) == 1 &&
		    (vb - va > kb || va - vb > kb))
			fprintf(stderr, "#   %-16s %10lld -> %10lld kB\n", key,
				va, vb);
		a = strchr(a, '\n');
		if (!a)
			break;
		a++;
	}
}

bool rb_mem_report(const char *test, const struct rb_mem *base,
		   struct rb_mem *now, long long slack_kb, char *why,
		   size_t len)
{
	long long lost;
	bool ok;

	rb_mem_settle(base, now, slack_kb);
	lost = base->avail_kb - now->avail_kb;
	ok = rb_mem_back(base, now, slack_kb, why, len);

	rb_figure(test, "leaked_kb", lost > 0 ? lost : 0);
	rb_figure(test, "leaked_pins",
		  now->pins > base->pins ? now->pins - base->pins : 0);
	if (!ok)
		rb_mem_explain(base, now, 256);
	return ok;
}

int rb_klog_trouble(void)
{
	static const char * const bad[] = {
		"Oops", "BUG:", "WARNING:", "Unable to handle", "Internal error",
		"Call trace", "Kernel panic", "detected stall",
		"blocked for more than", "possible circular locking",
		"UBSAN:",
	};
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	int n = 0, len;
	unsigned int i;
	char *buf, *p;

	if (size <= 0)
		return -1;
	buf = malloc(size + 1);
	if (!buf)
		return -1;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (len < 0) {
		free(buf);
		return -1;
	}
	buf[len] = '\0';
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		for (p = buf; (p = strstr(p, bad[i])); p++)
			n++;
	free(buf);
	return n;
}

/* ---- guest memory -------------------------------------------------------- */

int rb_drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
	data[CAP_TO_INDEX(cap)].permitted &= ~CAP_TO_MASK(cap);
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

void *rb_alloc_guest_mem(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void rb_sync_code(void *p, size_t len)
{
	__u64 ctr, dline, iline;
	uintptr_t a, end = (uintptr_t)p + len;

	asm volatile("mrs %0, ctr_el0" : "=r"(ctr));
	dline = 4ULL << ((ctr >> 16) & 0xf);
	iline = 4ULL << (ctr & 0xf);
	for (a = (uintptr_t)p & ~(dline - 1); a < end; a += dline)
		asm volatile("dc civac, %0" : : "r"(a) : "memory");
	asm volatile("dsb ish" : : : "memory");
	for (a = (uintptr_t)p & ~(iline - 1); a < end; a += iline)
		asm volatile("ic ivau, %0" : : "r"(a) : "memory");
	asm volatile("dsb ish; isb" : : : "memory");
}

/* ---- watchdog --------------------------------------------------------------- */

/* Shared with the signal handler of the same thread: atomics, no locks. */
static __thread unsigned long rb_kicks;
static __thread struct armvcpu_run *rb_wd_run;
static __thread timer_t rb_timer;
static __thread bool rb_timer_ok;

static void rb_watchdog_handler(int sig)
{
	struct armvcpu_run *run = __atomic_load_n(&rb_wd_run, __ATOMIC_RELAXED);

	__atomic_fetch_add(&rb_kicks, 1, __ATOMIC_RELAXED);
	/* Covers a tick that lands between two RUNs (KVM's idiom). */
	if (run)
		__atomic_store_n(&run->immediate_exit, 1, __ATOMIC_RELAXED);
}

unsigned long rb_watchdog_kicks(void)
{
	return __atomic_load_n(&rb_kicks, __ATOMIC_RELAXED);
}

void rb_watchdog_set_run(struct armvcpu_run *run)
{
	__atomic_store_n(&rb_wd_run, run, __ATOMIC_RELAXED);
}

int rb_watchdog_init(void)
{
	struct sigaction sa = { .sa_handler = rb_watchdog_handler };
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = SIGUSR1,
	};

	/* No SA_RESTART: the tick must make RUN return EINTR. */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL))
		return -errno;
	sev.sigev_notify_thread_id = syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &rb_timer))
		return -errno;
	rb_timer_ok = true;
	return 0;
}

void rb_watchdog_arm(unsigned int first_ms, unsigned int period_ms)
{
	struct itimerspec its = {
		.it_value = { first_ms / 1000, (first_ms % 1000) * 1000000L },
		.it_interval = { period_ms / 1000,
				 (period_ms % 1000) * 1000000L },
	};

	if (rb_timer_ok)
		timer_settime(rb_timer, 0, &its, NULL);
}

void rb_watchdog_disarm(void)
{
	struct itimerspec its = { 0 };

	if (rb_timer_ok)
		timer_settime(rb_timer, 0, &its, NULL);
}

/* ---- RUN with the host FP state checked ----------------------------------- */

long rb_run_checked(int vcpufd, struct rb_rng *r, bool *host_ok)
{
	register long x0 asm("x0");
	register long x1 asm("x1");
	register long x2 asm("x2");
	register long x8 asm("x8");
	/* 128-bit elements: 16-byte aligned for ld1/st1 of whole registers. */
	unsigned __int128 in[32], out[32];
	unsigned __int128 *pin = in, *pout = out;
	long ret;
	__u64 tpidr0, tpidr0_after, tpidrro, tpidrro_after;
	__u64 fpcr, fpcr_in, fpcr_out, fpsr_in, fpsr_out, fpsr_old;
	unsigned int i;

	for (i = 0; i < 32; i++)
		in[i] = ((unsigned __int128)rb_rand(r) << 64) | rb_rand(r);
	asm volatile("mrs %0, fpcr" : "=r"(fpcr));
	asm volatile("mrs %0, fpsr" : "=r"(fpsr_old));
	/* Rounding mode towards zero, flush-to-zero, plus random flags. */
	fpcr_in = (fpcr & ~(3ULL << 22)) | (3ULL << 22) | (1ULL << 24);
	fpsr_in = (rb_rand(r) & 0x9f) | (1ULL << 27);
	asm volatile("mrs %0, tpidr_el0" : "=r"(tpidr0));
	asm volatile("mrs %0, tpidrro_el0" : "=r"(tpidrro));

	/* Set last: a call in between would clobber them. */
	x0 = vcpufd;
	x1 = ARMVCPU_RUN;
	x2 = 0;
	x8 = __NR_ioctl;
	asm volatile("msr fpcr, %[fpcr]\n\t"
		     "msr fpsr, %[fpsr]\n\t"
		     "ld1 {v0.2d-v3.2d}, [%[in]], #64\n\t"
		     "ld1 {v4.2d-v7.2d}, [%[in]], #64\n\t"
		     "ld1 {v8.2d-v11.2d}, [%[in]], #64\n\t"
		     "ld1 {v12.2d-v15.2d}, [%[in]], #64\n\t"
		     "ld1 {v16.2d-v19.2d}, [%[in]], #64\n\t"
		     "ld1 {v20.2d-v23.2d}, [%[in]], #64\n\t"
		     "ld1 {v24.2d-v27.2d}, [%[in]], #64\n\t"
		     "ld1 {v28.2d-v31.2d}, [%[in]], #64\n\t"
		     "svc #0\n\t"
		     "st1 {v0.2d-v3.2d}, [%[out]], #64\n\t"
		     "st1 {v4.2d-v7.2d}, [%[out]], #64\n\t"
		     "st1 {v8.2d-v11.2d}, [%[out]], #64\n\t"
		     "st1 {v12.2d-v15.2d}, [%[out]], #64\n\t"
		     "st1 {v16.2d-v19.2d}, [%[out]], #64\n\t"
		     "st1 {v20.2d-v23.2d}, [%[out]], #64\n\t"
		     "st1 {v24.2d-v27.2d}, [%[out]], #64\n\t"
		     "st1 {v28.2d-v31.2d}, [%[out]], #64\n\t"
		     "mrs %[fpcr], fpcr\n\t"
		     "mrs %[fpsr], fpsr\n\t"
		     : "+r"(x0), [in] "+r"(pin), [out] "+r"(pout),
		       [fpcr] "+r"(fpcr_in), [fpsr] "+r"(fpsr_in)
		     : "r"(x1), "r"(x2), "r"(x8)
		     : "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6",
		       "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14",
		       "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22",
		       "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30",
		       "v31");
	/* Copied at once: a register variable does not survive a call. */
	ret = x0;
	fpcr_out = fpcr_in;
	fpsr_out = fpsr_in;
	asm volatile("msr fpcr, %0" : : "r"(fpcr));
	asm volatile("msr fpsr, %0" : : "r"(fpsr_old));
	asm volatile("mrs %0, tpidr_el0" : "=r"(tpidr0_after));
	asm volatile("mrs %0, tpidrro_el0" : "=r"(tpidrro_after));

	*host_ok = !memcmp(in, out, sizeof(in)) &&
		   fpcr_out == ((fpcr & ~(3ULL << 22)) | (3ULL << 22) |
				(1ULL << 24)) &&
		   (fpsr_out & (1ULL << 27)) && tpidr0 == tpidr0_after &&
		   tpidrro == tpidrro_after;
	return ret;
}

/* ---- A64 encoder ------------------------------------------------------------ */

void a64_emit(struct a64 *p, __u32 insn)
{
	if (p->n < p->cap)
		p->buf[p->n++] = insn;
}

void a64_mov64(struct a64 *p, unsigned int rd, __u64 val)
{
	unsigned int hw;

	/* MOVZ xd, #imm16 then MOVK for the three other halfwords. */
	a64_emit(p, 0xd2800000U | ((__u32)(val & 0xffff) << 5) | rd);
	for (hw = 1; hw < 4; hw++)
		a64_emit(p, 0xf2800000U | (hw << 21) |
			 ((__u32)((val >> (16 * hw)) & 0xffff) << 5) | rd);
}

__u32 a64_hvc(__u16 imm)
{
	return 0xd4000002U | ((__u32)imm << 5);
}

__u32 a64_smc(__u16 imm)
{
	return 0xd4000003U | ((__u32)imm << 5);
}

__u32 a64_b(__s32 words)
{
	return 0x14000000U | ((__u32)words & 0x03ffffffU);
}

__u32 a64_sysreg(bool read, unsigned int op0, unsigned int op1,
		 unsigned int crn, unsigned int crm, unsigned int op2,
		 unsigned int rt)
{
	/* MSR/MRS (register): 1101 0101 00 L 1 o0 op1 CRn CRm op2 Rt. */
	return 0xd5000000U | ((__u32)read << 21) | ((op0 & 3) << 19) |
	       ((op1 & 7) << 16) | ((crn & 15) << 12) | ((crm & 15) << 8) |
	       ((op2 & 7) << 5) | (rt & 31);
}

__u32 a64_ldst(bool load, unsigned int size, bool sext, bool to_w,
	       unsigned int rt, unsigned int rn)
{
	/* LDR/STR (immediate, unsigned offset): size 111 0 01 opc imm12 Rn Rt. */
	unsigned int opc = 0;

	if (load)
		opc = (sext && size < 3) ? (to_w ? 3 : 2) : 1;
	if (sext && size == 2 && to_w)
		opc = 1;	/* no LDRSW into W: a plain LDR W */
	return 0x39000000U | ((size & 3) << 30) | (opc << 22) |
	       ((rn & 31) << 5) | (rt & 31);
}

__u32 a64_ldp_stp(bool load, unsigned int rt, unsigned int rt2,
		  unsigned int rn)
{
	/* LDP/STP x (signed offset 0): 10 101 0 010 L imm7 Rt2 Rn Rt. */
	return 0xa9000000U | ((__u32)load << 22) | ((rt2 & 31) << 10) |
	       ((rn & 31) << 5) | (rt & 31);
}
