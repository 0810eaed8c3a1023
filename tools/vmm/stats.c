// SPDX-License-Identifier: GPL-2.0
/*
 * Exit statistics. The time recorded for an exit is the time the VMM spent
 * handling it, from ARMVCPU_RUN returning to the next ARMVCPU_RUN call:
 * the part of an exit's cost that userspace adds.
 */
#include <time.h>

#include "stats.h"

uint64_t stats_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void stats_record(struct exit_stats *s, unsigned int reason, uint64_t ns)
{
	struct exit_stat *e;

	if (reason >= STATS_MAX_REASONS)
		reason = 0;
	e = &s->reason[reason];
	e->count++;
	e->total_ns += ns;
	if (ns > e->max_ns)
		e->max_ns = ns;
}

void stats_merge(struct exit_stats *dst, const struct exit_stats *src)
{
	unsigned int i;

	for (i = 0; i < STATS_MAX_REASONS; i++) {
		dst->reason[i].count += src->reason[i].count;
		dst->reason[i].total_ns += src->reason[i].total_ns;
		if (src->reason[i].max_ns > dst->reason[i].max_ns)
			dst->reason[i].max_ns = src->reason[i].max_ns;
	}
}

void stats_print(FILE *f, const struct exit_stats *s,
		 const char *(*name)(unsigned int reason))
{
	const char *n;
	uint64_t total = 0;
	const struct exit_stat *e;
	unsigned int i;

	for (i = 0; i < STATS_MAX_REASONS; i++)
		total += s->reason[i].count;
	fprintf(f, "%-16s %10s %7s %10s %10s\n",
		"exit reason", "count", "share", "mean(us)", "max(us)");
	for (i = 0; i < STATS_MAX_REASONS; i++) {
		e = &s->reason[i];
		if (!e->count)
			continue;
		n = name(i);
		fprintf(f, "%-16s %10llu %6.1f%% %10.3f %10.3f\n", n ? n : "?",
			(unsigned long long)e->count, 100.0 * e->count / total,
			e->total_ns / 1e3 / e->count, e->max_ns / 1e3);
	}
	fprintf(f, "%-16s %10llu\n", "total", (unsigned long long)total);
}
