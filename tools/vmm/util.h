/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by the VMM's files. */
#ifndef VMM_UTIL_H
#define VMM_UTIL_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __unused	__attribute__((unused))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

#endif /* VMM_UTIL_H */
