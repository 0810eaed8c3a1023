/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the robustness tests (fuzz_*, lifetime_*, limits_*,
 * concurrency_*): a seeded PRNG, counts taken from the environment, memory
 * figures from /proc, kernel-log scanning, a RUN that checks the caller's
 * FP/SIMD state survives, and an A64 instruction encoder for guests
 * generated at run time. The tests drive /dev/armvcpu through the -errno
 * wrappers of armvcpu_api.h, which this includes.
 * Every name starts with rb_ or a64_ so it cannot clash with other helpers.
 */
#ifndef __SELFTESTS_LIB_ROBUST_H
#define __SELFTESTS_LIB_ROBUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include <linux/armvcpu.h>

#include "armvcpu_api.h"
#include "board.h"

/* Guest RAM base of every robustness guest (as the VMM and other tests). */
#define RB_GUEST_RAM		((__u64)BOARD_RAM_BASE)
#define RB_PAGE			4096UL

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

/* Room for the value of any register id (V registers are 128-bit). */
struct rb_reg128 {
	__u64 v[2];
};

/* ---- seeded PRNG (splitmix64: tiny, fast, every seed is good) ---------- */
struct rb_rng {
	__u64 state;
};

void rb_rng_seed(struct rb_rng *r, __u64 seed);
__u64 rb_rand(struct rb_rng *r);
/* Uniform in [0, n); n == 0 gives 0. */
__u64 rb_below(struct rb_rng *r, __u64 n);
/* True with probability num/den. */
bool rb_chance(struct rb_rng *r, unsigned int num, unsigned int den);

/* ---- parameters ----------------------------------------------------------- */
/*
 * Copies "name=value" arguments of argv into the environment, so every
 * count and seed can be given either way ("fuzz_seed=42" on the command
 * line, or on the nested kernel's command line, which /init inherits).
 */
void rb_args_to_env(int argc, char **argv);
unsigned long long rb_param(const char *name, unsigned long long def);
/* The seed in @name, or a fresh one; printed either way for replay. */
__u64 rb_seed(const char *name);
/* "# FIGURE test.key=value": the lines tools/stress/stress.sh sums up. */
void rb_figure(const char *test, const char *key, unsigned long long value);

/* ---- memory and kernel-log figures ------------------------------------- */
long long rb_meminfo_kb(const char *key);	/* /proc/meminfo, -1: absent */
long long rb_vmstat(const char *key);		/* /proc/vmstat, -1: absent */
long long rb_status_kb(const char *key);	/* /proc/self/status */

struct rb_mem {
	long long avail_kb;	/* MemAvailable + pages in per-CPU free lists */
	long long free_kb;	/* MemFree + the same */
	long long pins;		/* nr_foll_pin_acquired - nr_foll_pin_released */
	long long locked_kb;	/* VmLck of this process (account_locked_vm) */
	char meminfo[2048];	/* all of /proc/meminfo, to explain a loss */
};

/* Lets deferred frees finish, then samples. */
void rb_mem_sample(struct rb_mem *m);
/* Free pages parked on the per-CPU lists, which MemAvailable misses: kB. */
long long rb_pcp_kb(void);
/*
 * Shrinks every slab cache. On a KASAN kernel freed objects wait in a
 * quarantine (up to 1/32 of RAM) before their memory is reused; a shrink
 * releases the cache's share, so what a test freed counts as free.
 * Elsewhere it only returns empty slabs, as the allocator would later.
 */
void rb_slab_shrink(void);
/*
 * Compares @now with @base: pins and VmLck must be back exactly,
 * MemAvailable within @slack_kb. Writes a one-line verdict to @why.
 */
bool rb_mem_back(const struct rb_mem *base, const struct rb_mem *now,
		 long long slack_kb, char *why, size_t len);

/* Prints the /proc/meminfo lines that moved by more than @kb between two samples. */
void rb_mem_explain(const struct rb_mem *base, const struct rb_mem *now,
		    long long kb);

/*
 * rb_mem_back() after rb_mem_settle(), that also prints the
 * leaked_kb/leaked_pins figures of @test, and explains a failure from
 * /proc/meminfo.
 */
bool rb_mem_report(const char *test, const struct rb_mem *base,
		   struct rb_mem *now, long long slack_kb, char *why,
		   size_t len);

/*
 * Samples @now again, a second apart and at most RB_SETTLE_TRIES times,
 * while it is not back at @base (rb_mem_back()): what the kernel frees
 * late (RCU callbacks, per-CPU page lists) takes longer when the machine
 * running the nested one is busy, while a leak stays however long one
 * waits.
 */
#define RB_SETTLE_TRIES	5
void rb_mem_settle(const struct rb_mem *base, struct rb_mem *now,
		   long long slack_kb);

/* Number of Oops/BUG/WARNING/... lines in the kernel log right now. */
int rb_klog_trouble(void);

/*
 * For tests (kselftest_harness.h), the check a robustness test ends with:
 * memory is back at @base (rb_mem_report() of @test with @slack_kb) and
 * the kernel logged no trouble beyond the @trouble counted at the start.
 * A leak or a WARN that a run left behind fails the run that caused it.
 */
#define RB_EXPECT_CLEAN(test, base, now, slack_kb, trouble) do {	\
	char __why[256];						\
									\
	EXPECT_TRUE(rb_mem_report((test), (base), (now), (slack_kb),	\
				  __why, sizeof(__why)))		\
		TH_LOG("memory not back at baseline: %s", __why);	\
	EXPECT_EQ((trouble), rb_klog_trouble())				\
		TH_LOG("the kernel logged an Oops/WARN/BUG during the run"); \
} while (0)

/* Drops @cap from the effective and permitted sets: 0 or -errno. */
int rb_drop_cap(int cap);

/* ---- guest memory -------------------------------------------------------- */
void *rb_alloc_guest_mem(size_t size);		/* zeroed; NULL on failure */
/*
 * Cleans and invalidates [p, p + len) to the point of coherency and drops
 * stale instructions: a guest with its MMU off reads memory past the
 * caches, so code written through the host's cacheable mapping must reach
 * RAM before the guest runs it.
 */
void rb_sync_code(void *p, size_t len);

/* Armed by rb_watchdog_arm(): SIGUSR1 ticks to the calling thread. */
int rb_watchdog_init(void);
void rb_watchdog_arm(unsigned int first_ms, unsigned int period_ms);
void rb_watchdog_disarm(void);
/* Ticks delivered to this thread so far. */
unsigned long rb_watchdog_kicks(void);
/* A tick also sets @run->immediate_exit (NULL: none), as KVM VMMs do. */
void rb_watchdog_set_run(struct armvcpu_run *run);

/*
 * ARMVCPU_RUN issued with every FP/SIMD register, FPSR and FPCR set to a
 * pattern drawn from @r, and TPIDR_EL0/TPIDRRO_EL0 sampled around it: the
 * guest's FP state must never leak into the host task. Returns the ioctl
 * result (-errno); *host_ok is false if anything changed.
 */
long rb_run_checked(int vcpufd, struct rb_rng *r, bool *host_ok);

/* ---- A64 encoder --------------------------------------------------------- */
struct a64 {
	__u32 *buf;
	size_t n;
	size_t cap;
};

void a64_emit(struct a64 *p, __u32 insn);
/* movz/movk sequence loading @val into x@rd (always 4 instructions). */
void a64_mov64(struct a64 *p, unsigned int rd, __u64 val);
__u32 a64_hvc(__u16 imm);
__u32 a64_smc(__u16 imm);
__u32 a64_b(__s32 words);
__u32 a64_sysreg(bool read, unsigned int op0, unsigned int op1,
		 unsigned int crn, unsigned int crm, unsigned int op2,
		 unsigned int rt);
/* LDR/STR (unsigned offset 0) of 1 << @size bytes; @sext for loads. */
__u32 a64_ldst(bool load, unsigned int size, bool sext, bool to_w,
	       unsigned int rt, unsigned int rn);
/* LDP/STP x, x, [xn]: no valid syndrome if it hits MMIO. */
__u32 a64_ldp_stp(bool load, unsigned int rt, unsigned int rt2,
		  unsigned int rn);
#define A64_NOP		0xd503201fU
#define A64_WFI		0xd503207fU
#define A64_WFE		0xd503205fU
#define A64_ERET	0xd69f03e0U
#define A64_ISB		0xd5033fdfU

#endif /* __SELFTESTS_LIB_ROBUST_H */
