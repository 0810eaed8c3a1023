/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the CPU a guest enters on has that the world switch must drain,
 * switch or trap: the GICv3 system registers, a profiling (SPE) or trace
 * (TRBE) buffer the host may be using, MPAM. Read once per CPU.
 */
#ifndef ARMVCPU_CPU_CAPS_H
#define ARMVCPU_CPU_CAPS_H

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/percpu.h>
#include <linux/types.h>

/*
 * This CPU's answers, one word read inline on every entry: the MDCR_EL2
 * trap bits its guests run with on top of the ones every CPU has (low
 * bits), ARMVCPU_CAPS_GICV3, and ARMVCPU_CAPS_KNOWN once EL2's
 * HYP_SWITCH_* flags for the CPU are set. 0 until the first entry there.
 */
#define ARMVCPU_CAPS_KNOWN	BIT_ULL(63)
#define ARMVCPU_CAPS_GICV3	BIT_ULL(62)
#define ARMVCPU_CAPS_MDCR	(~(ARMVCPU_CAPS_KNOWN | ARMVCPU_CAPS_GICV3))
DECLARE_PER_CPU(u64, armvcpu_cpu_caps);

u64 __armvcpu_cpu_caps_word(void);

#ifdef ARMVCPU_TEST
extern unsigned int armvcpu_test_mdcr_feat;
u64 __armvcpu_cpu_caps_test_mdcr(u64 mdcr, unsigned int feat);

/* The test hook test_mdcr_feat (cpu_caps.c); 0 unless a test sets it. */
static inline unsigned int armvcpu_cpu_caps_test_feat(void)
{
	return READ_ONCE(armvcpu_test_mdcr_feat);
}
#else
/* A release build has no such hook: the entry path loses the test. */
static inline unsigned int armvcpu_cpu_caps_test_feat(void)
{
	return 0;
}

static inline u64 __armvcpu_cpu_caps_test_mdcr(u64 mdcr, unsigned int feat)
{
	return mdcr;
}
#endif

/* Interrupts off: this CPU's word, decided at its first entry. */
static inline u64 armvcpu_cpu_caps_word(void)
{
	u64 w = __this_cpu_read(armvcpu_cpu_caps);

	if (unlikely(!(w & ARMVCPU_CAPS_KNOWN)))
		w = __armvcpu_cpu_caps_word();
	return w;
}

/*
 * Before an entry, preemption off: makes sure EL2 knows this CPU's
 * HYP_SWITCH_* flags and returns the MDCR_EL2 trap bits the guest runs
 * with on top of the ones every CPU has.
 */
static inline u64 armvcpu_cpu_caps_prepare(void)
{
	unsigned int feat = armvcpu_cpu_caps_test_feat();
	u64 mdcr = armvcpu_cpu_caps_word() & ARMVCPU_CAPS_MDCR;

	if (unlikely(feat))
		mdcr = __armvcpu_cpu_caps_test_mdcr(mdcr, feat);
	return mdcr;
}

/* This CPU has the GICv3 system registers (after _prepare()). */
static inline bool armvcpu_cpu_has_gicv3(void)
{
	return __this_cpu_read(armvcpu_cpu_caps) & ARMVCPU_CAPS_GICV3;
}

#endif /* ARMVCPU_CPU_CAPS_H */
