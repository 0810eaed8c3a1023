/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rate limit for guest-triggered warnings: each key (an address, a
 * register) is reported once, and after WARN_LIMIT_MAX keys the VMM falls
 * silent, so a guest polling a missing device cannot flood the console.
 */
#ifndef VMM_WARNLIMIT_H
#define VMM_WARNLIMIT_H

#include <pthread.h>
#include <stdint.h>

#define WARN_LIMIT_MAX		8

enum warn_verdict {
	WARN_SILENT,
	WARN_ONCE,
	WARN_LAST,		/* warn, and say that further ones are muted */
};

struct warn_limit {
	pthread_mutex_t lock;
	uint64_t keys[WARN_LIMIT_MAX];
	unsigned int nr;
};

void warn_limit_init(struct warn_limit *wl);
enum warn_verdict warn_limit_check(struct warn_limit *wl, uint64_t key);

#endif /* VMM_WARNLIMIT_H */
