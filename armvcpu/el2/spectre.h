/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spectre-v2 and Spectre-BHB hardening of guest exits (el2/spectre.c, and
 * hyp/spectre.S at EL2), and the SMCCC workaround answers that follow
 * from it. Documentation/security.rst has the story.
 */
#ifndef ARMVCPU_SPECTRE_H
#define ARMVCPU_SPECTRE_H

#include <linux/types.h>

struct armvcpu_hyp_cpu;
struct seq_file;

/* Decide this CPU's hardening before its INIT. Interrupts off. */
void armvcpu_spectre_setup_this_cpu(struct armvcpu_hyp_cpu *hc);

/*
 * The guest's view: SMCCC_ARCH_FEATURES(@wa) and the result of calling
 * @wa, for @wa = SMCCC_ARCH_WORKAROUND_1 or _3 (anything else:
 * NOT_SUPPORTED). The EL2 fast path answers the calls alike.
 */
long armvcpu_spectre_features(u32 wa);
long armvcpu_spectre_call(u32 wa);

#ifdef ARMVCPU_TEST
/* Test hook (debugfs el2_spectre): show, and force a kind on every CPU. */
void armvcpu_spectre_show(struct seq_file *m);
int armvcpu_spectre_force(const char *how);
#endif

#endif /* ARMVCPU_SPECTRE_H */
