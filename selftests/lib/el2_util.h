/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the EL2 take-over tests (el2_*, refuse_*): insert and remove
 * armvcpu.ko, CPU hotplug, the module's EL2 debugfs files (el2_ping,
 * el2_hvc, el2_fault, el2_spectre) and the kernel log since a mark.
 * Every name starts with el2_. Functions return 0 or -errno.
 */
#ifndef __SELFTESTS_LIB_EL2_UTIL_H
#define __SELFTESTS_LIB_EL2_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define EL2_MODULE_PATH		"/armvcpu.ko"
#define EL2_MODULE_NAME		"armvcpu"
#define EL2_DEBUGFS		"/sys/kernel/debug/armvcpu"
#define EL2_FILE_PING		EL2_DEBUGFS "/el2_ping"
#define EL2_FILE_HVC		EL2_DEBUGFS "/el2_hvc"
#define EL2_FILE_FAULT		EL2_DEBUGFS "/el2_fault"
#define EL2_FILE_SPECTRE	EL2_DEBUGFS "/el2_spectre"
#define EL2_FILE_GUEST_EL2	EL2_DEBUGFS "/guest_el2"
#define EL2_MAX_CPUS		64

/* From the kernel's asm/virt.h and armvcpu/hyp/hyp_abi.h. */
#define EL2_HVC_SET_VECTORS	0UL
#define EL2_HVC_RESET_VECTORS	2UL
#define EL2_HVC_FINALISE_EL2	3UL
#define EL2_HVC_STUB_ERR	0xbadca11UL
#define EL2_HVC_PING		0xa7c00000UL
#define EL2_HVC_INIT		0xa7c00001UL
#define EL2_HVC_PING_MAGIC	0xa7c0e12aUL

/* Writes @text to the file at @path: 0 or -errno (-EIO if short). */
int el2_write_file(const char *path, const char *text);
int el2_insmod(void);
/* insmod with module parameters, e.g. "test_fail_cpu=1". */
int el2_insmod_params(const char *params);
int el2_rmmod(void);
bool el2_module_loaded(void);

/* Online CPUs, ascending, into @cpus; returns how many. */
int el2_online_cpus(int *cpus, int max);
int el2_cpu_set_online(int cpu, bool online);
/* Write a module parameter of the loaded module: 0 or -errno. */
int el2_set_param(const char *name, const char *val);

struct el2_cpu_ping {
	int cpu;
	bool ok;		/* armvcpu's EL2 code answered, with its data */
	bool ready;		/* armvcpu would enter a guest there */
	unsigned long answer, el, mpidr, hyp_cpu;
};

struct el2_ping {
	int broken;
	int nr;
	struct el2_cpu_ping cpu[EL2_MAX_CPUS];
};

/*
 * What EL2 wrote for the last guest entry on @cpu (EL2_FILE_GUEST_EL2):
 * its HYP_SWITCH_* flags, the guest's MDCR_EL2 and ICC_SRE_EL2, and the
 * host's ICC_SRE_EL2 after the exit.
 */
struct el2_guest_el2 {
	unsigned long long flags, mdcr, sre_guest, sre_host;
};

int el2_read_guest_el2(int cpu, struct el2_guest_el2 *g);
/* Pins the caller to CPU 1 (CPU 0 on one CPU): that CPU, or -errno. */
int el2_pin_cpu(void);

/* Reads EL2_DEBUGFS/el2_ping (pings every online CPU). */
int el2_ping(struct el2_ping *p);
/* The entry of @cpu in @p, or NULL. */
const struct el2_cpu_ping *el2_ping_cpu(const struct el2_ping *p, int cpu);
/*
 * True if el2_ping() lists exactly the online CPUs, each answered by
 * armvcpu's EL2 code and ready for guests, and armvcpu is not broken; else
 * false with the reason in @why. @absent >= 0: a CPU that must be offline.
 */
bool el2_all_cpus_ok(int absent, char *why, size_t len);
/* For tests (kselftest_harness.h): expect el2_all_cpus_ok(), log why not. */
#define EL2_EXPECT_ALL_OK(absent) do {					\
	char __why[160];						\
									\
	EXPECT_TRUE(el2_all_cpus_ok((absent), __why, sizeof(__why)))	\
		TH_LOG("%s", __why);					\
} while (0)
/*
 * Has the running test failed an expectation so far? kselftest_harness.h
 * keeps that in `passed` up to Linux 6.10 and in `exit_code` from 6.11,
 * the release that brought XFAIL_ADD; the rig builds against either.
 */
#ifdef XFAIL_ADD
#define EL2_TEST_FAILING(m)	((m)->exit_code == KSFT_FAIL)
#else
#define EL2_TEST_FAILING(m)	(!(m)->passed)
#endif
/* One "hvc #0" with x0 = @id on @cpu through EL2_DEBUGFS/el2_hvc. */
int el2_hvc(int cpu, unsigned long id, unsigned long *answer);
/* Makes EL2 take an exception from EL2 on @cpu (EL2_DEBUGFS/el2_fault). */
int el2_fault(int cpu);
/*
 * EL2_DEBUGFS/el2_test: set hook or counter @name to @val; read it
 * (-1 if it cannot be read).
 */
int el2_test_set(const char *name, long val);
long el2_test_get(const char *name);
/*
 * EL2_DEBUGFS/el2_regs: 1 if every listed CPU's live EL2 registers are
 * the ones the kernel left, 0 if not (@why says where), -1 if unreadable.
 */
int el2_regs_all_saved(char *why, size_t len);

/*
 * EL2_DEBUGFS/el2_spectre: the SMCCC_ARCH_FEATURES answers and call
 * results of WORKAROUND_1 and _3, and over the CPUs listed, how many guest
 * exits ran the branch-predictor hardening and how many CPUs have some.
 */
struct el2_spectre {
	long wa1_features, wa1_call, wa3_features, wa3_call;
	unsigned long long runs;
	int nr_cpus, nr_hardened;
};

int el2_spectre_read(struct el2_spectre *s);
/* Writes @how ("loop N", "clrbhb", "fw" or "auto") to el2_spectre. */
int el2_spectre_force(const char *how);

/* A mark in the kernel log: an fd of /dev/kmsg positioned at its end. */
int el2_kmsg_mark(void);
/* Messages logged since @mark, one per line; caller frees. Closes @mark. */
char *el2_kmsg_since(int mark);
/* Occurrences of @needle in @hay. */
int el2_count(const char *hay, const char *needle);

/*
 * MemAvailable plus the free pages parked on per-CPU lists (/proc/zoneinfo
 * "count:"), which MemAvailable misses and which swing by megabytes with
 * every CPU hotplug: in kB, -1 if unknown.
 */
long long el2_mem_available_kb(void);

#endif /* __SELFTESTS_LIB_EL2_UTIL_H */
