/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What selftests/pmu_counters.c and its guest agree on: the scenario in
 * x0 (with the expected PMCR_EL0.N above it) and the SYNC ucalls.
 */
#ifndef __SELFTESTS_PMU_COUNTERS_H
#define __SELFTESTS_PMU_COUNTERS_H

enum {
	SC_NO_PMU = 1, SC_ID, SC_COUNT, SC_SWINC_CHAIN, SC_OVERFLOW,
	SC_ONE_REG, SC_EL0, SC_HAMMER, SC_NR
};

/* x0: the scenario in bits [7:0], PMCR_EL0.N the host expects above. */
#define PMU_ARG_N_SHIFT		8

/* The guest's PMCEID0_EL0, for the host to compare with its own PMU. */
#define SYNC_PMCEID0		200
/*
 * SC_COUNT: the guest's PMCEID0_EL0, then what INST_RETIRED and
 * CPU_CYCLES counted across PMU_COUNT_LOOPS iterations of PMU_LOOP_INSNS
 * instructions (pmu_counters_guest.c's spin_insns()).
 */
#define SYNC_INST		201
#define EV_INST_RETIRED		0x08
#define PMU_COUNT_LOOPS		200000ULL
#define PMU_LOOP_INSNS		2
/* ONE_REG: the value the host set in PMEVCNTR0_EL0 before the run. */
#define PMU_ONE_REG_VALUE	0x12345678ULL
/* ONE_REG: what the guest leaves in PMEVCNTR1_EL0 for the host. */
#define PMU_GUEST_VALUE		0x0badcafeULL

#endif /* __SELFTESTS_PMU_COUNTERS_H */
