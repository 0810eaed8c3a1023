/* SPDX-License-Identifier: GPL-2.0 */
/* Exit statistics (--stats): count and handling time per exit reason. */
#ifndef VMM_STATS_H
#define VMM_STATS_H

#include <stdint.h>
#include <stdio.h>

#define STATS_MAX_REASONS	32

struct exit_stat {
	uint64_t count;
	uint64_t total_ns;
	uint64_t max_ns;
};

/* One per vCPU thread, merged at the end: no lock on the exit path. */
struct exit_stats {
	struct exit_stat reason[STATS_MAX_REASONS];
};

void stats_record(struct exit_stats *s, unsigned int reason, uint64_t ns);
void stats_merge(struct exit_stats *dst, const struct exit_stats *src);
/* @name() may return NULL for a reason without a name. */
void stats_print(FILE *f, const struct exit_stats *s,
		 const char *(*name)(unsigned int reason));
uint64_t stats_now_ns(void);
/*
 * The kernel's counters of the VM behind @vm_fd (ARMVCPU_GET_STATS_FD),
 * one row per non-zero one; nothing if the kernel has no stats fd.
 */
void stats_print_kernel(FILE *f, int vm_fd);

#endif /* VMM_STATS_H */
