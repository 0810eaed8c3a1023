// SPDX-License-Identifier: GPL-2.0
/*
 * Exit statistics. The time recorded for an exit is the time the VMM spent
 * handling it, from ARMVCPU_RUN returning to the next ARMVCPU_RUN call:
 * the part of an exit's cost that userspace adds.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/armvcpu.h>

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

void stats_print_kernel(FILE *f, int vm_fd)
{
	int fd = ioctl(vm_fd, ARMVCPU_GET_STATS_FD, 0);
	const struct armvcpu_stats_desc *d;
	struct armvcpu_stats_header h;
	char *descs = NULL;
	size_t size;
	uint64_t v;
	uint32_t i;

	if (fd < 0)
		return;
	if (pread(fd, &h, sizeof(h), 0) != sizeof(h))
		goto out;
	size = sizeof(*d) + h.name_size;
	descs = calloc(h.num_desc, size);
	if (!descs || pread(fd, descs, h.num_desc * size, h.desc_offset) !=
		      (ssize_t)(h.num_desc * size))
		goto out;
	fprintf(f, "%-24s %10s\n", "kernel counter", "count");
	for (i = 0; i < h.num_desc; i++) {
		d = (const void *)(descs + i * size);
		if (d->size != 1 ||
		    pread(fd, &v, sizeof(v), h.data_offset + d->offset) !=
		    sizeof(v) || !v)
			continue;
		fprintf(f, "%-24.*s %10llu\n", (int)h.name_size, d->name,
			(unsigned long long)v);
	}
out:
	free(descs);
	close(fd);
}
