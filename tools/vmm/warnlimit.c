// SPDX-License-Identifier: GPL-2.0
/* Once-per-key warning limiter, shared by unknown MMIO and sysreg exits. */
#include <string.h>

#include "warnlimit.h"

void warn_limit_init(struct warn_limit *wl)
{
	memset(wl, 0, sizeof(*wl));
	pthread_mutex_init(&wl->lock, NULL);
}

enum warn_verdict warn_limit_check(struct warn_limit *wl, uint64_t key)
{
	enum warn_verdict v = WARN_SILENT;
	unsigned int i;

	pthread_mutex_lock(&wl->lock);
	for (i = 0; i < wl->nr; i++)
		if (wl->keys[i] == key)
			break;
	if (i == wl->nr && wl->nr < WARN_LIMIT_MAX) {
		wl->keys[wl->nr++] = key;
		v = wl->nr == WARN_LIMIT_MAX ? WARN_LAST : WARN_ONCE;
	}
	pthread_mutex_unlock(&wl->lock);
	return v;
}
