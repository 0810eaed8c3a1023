/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test hooks: what make check builds in (ARMVCPU_TEST=y, see Kbuild) and a
 * release build leaves out. With them, debugfs shows EL2 and the host's
 * registers to the tests (el2_hooks.c, host_sysregs.c), and entries and
 * exits can be made to do what QEMU cannot make happen. Without them,
 * every hook below is an empty inline, so the core calls them freely.
 */
#ifndef ARMVCPU_TEST_HOOKS_H
#define ARMVCPU_TEST_HOOKS_H

#include <linux/jump_label.h>
#include <linux/moduleparam.h>
#include <linux/types.h>

struct armvcpu_ctx;

/*
 * Test hooks and counters, the lines of debugfs "el2_test"
 * (el2_hooks.c). The TEST_ ones are set by tests only; nothing else
 * changes them.
 */
enum armvcpu_el2_test {
	ARMVCPU_TEST_GUEST_FAULT,	/* entries left that fault at EL2 */
	ARMVCPU_TEST_HPFAR_ERRATUM,	/* non-zero: as if erratum 834220 */
	ARMVCPU_TEST_HPFAR_PERM,	/* HPFAR_EL2 junk where not valid */
	ARMVCPU_TEST_AT_FAIL,		/* AT walks left that "fail" */
	ARMVCPU_TEST_ISR_PENDING,	/* entries left with an IRQ pending */
	ARMVCPU_TEST_SERROR_EXIT,	/* exits left with DISR_EL1 set (RAS) */
	ARMVCPU_TEST_ABORT_ISS,		/* FSC, S1PTW of the next abort */
	ARMVCPU_TEST_SERROR_ISS,	/* ISS of the next SError exit */
	ARMVCPU_STAT_RAS,		/* the CPUs have FEAT_RAS (read only) */
	ARMVCPU_STAT_ENTRY_REFUSED,	/* EL2 found ISR_EL1 non-zero */
	ARMVCPU_STAT_IPA_RETRY,		/* aborts retried: no IPA */
	ARMVCPU_STAT_LEAKED_PAGES,	/* see armvcpu_el2_leak() */
	ARMVCPU_EL2_TEST_NR,
};

#ifdef ARMVCPU_TEST

/*
 * A module parameter that only tests set (fault injection): a release
 * build has no such parameter, and the variable keeps its default.
 */
#define armvcpu_test_param(name, var, type, perm)			\
	module_param_named(name, var, type, perm)
#define armvcpu_test_param_desc(name, desc)				\
	MODULE_PARM_DESC(name, "test only: " desc)

/* Called by main.c after everything else loaded, and before unload. */
void armvcpu_test_init(void);
void armvcpu_test_exit(void);

/* A debugfs write as a C string in @kbuf of @size bytes: 0 or an errno. */
int armvcpu_debugfs_text(char *kbuf, size_t size, const char __user *buf,
			 size_t len);

/* el2_hooks.c */
void armvcpu_el2_hooks_init(void);
void armvcpu_el2_hooks_exit(void);
/* host_sysregs.c */
void armvcpu_host_sysregs_init(void);

void armvcpu_el2_stat_add(enum armvcpu_el2_test stat, long n);
/* Decrements test hook @t if it is above 0; true if it did. */
bool armvcpu_el2_test_take(enum armvcpu_el2_test t);

/*
 * The hooks below run on every entry or exit: until a test first writes
 * el2_test they cost one NOP there (make bench counts every instruction).
 */
DECLARE_STATIC_KEY_FALSE(armvcpu_el2_tests_on);
u64 __armvcpu_el2_test_flags(void);
void __armvcpu_el2_test_isr(void);
void __armvcpu_el2_test_exit(struct armvcpu_ctx *ctx);
void __armvcpu_el2_test_refused(u64 flags);

/* The CTX_FLAG_TEST_* of the next guest entry. */
static inline u64 armvcpu_el2_test_flags(void)
{
	if (static_branch_unlikely(&armvcpu_el2_tests_on))
		return __armvcpu_el2_test_flags();
	return 0;
}

/* With interrupts off before an entry: ARMVCPU_TEST_ISR_PENDING. */
static inline void armvcpu_el2_test_isr(void)
{
	if (static_branch_unlikely(&armvcpu_el2_tests_on))
		__armvcpu_el2_test_isr();
}

/*
 * An entry refused before the guest ran consumed no one-shot hook: give
 * back those its CTX_FLAG_TEST_* took, for the entry that follows.
 */
static inline void armvcpu_el2_test_refused(u64 flags)
{
	if (static_branch_unlikely(&armvcpu_el2_tests_on))
		__armvcpu_el2_test_refused(flags);
}

/* First thing on every exit: ARMVCPU_TEST_ABORT_ISS, _SERROR_ISS. */
static inline void armvcpu_el2_test_exit(struct armvcpu_ctx *ctx)
{
	if (static_branch_unlikely(&armvcpu_el2_tests_on))
		__armvcpu_el2_test_exit(ctx);
}

#else /* !ARMVCPU_TEST */

#define armvcpu_test_param(name, var, type, perm)
#define armvcpu_test_param_desc(name, desc)

static inline void armvcpu_test_init(void) { }
static inline void armvcpu_test_exit(void) { }
static inline void armvcpu_el2_stat_add(enum armvcpu_el2_test stat, long n) { }
static inline bool armvcpu_el2_test_take(enum armvcpu_el2_test t)
{
	return false;
}

static inline u64 armvcpu_el2_test_flags(void) { return 0; }
static inline void armvcpu_el2_test_isr(void) { }
static inline void armvcpu_el2_test_refused(u64 flags) { }
static inline void armvcpu_el2_test_exit(struct armvcpu_ctx *ctx) { }

#endif /* ARMVCPU_TEST */

/* test/plant.c: the planted bugs of make check-debug's own test. */
#ifdef ARMVCPU_PLANT
void armvcpu_plant_init(void);
void armvcpu_plant_exit(void);
#else
static inline void armvcpu_plant_init(void) { }
static inline void armvcpu_plant_exit(void) { }
#endif

#endif /* ARMVCPU_TEST_HOOKS_H */
