/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's smallest helpers, for the VMM and the guest runtime alike. */
#ifndef ARMVCPU_BITS_H
#define ARMVCPU_BITS_H

/* kselftest.h has its own; both expand to the same thing. */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))
#endif

#define BIT(nr)		(1UL << (nr))
#define BIT_ULL(nr)	(1ULL << (nr))

#endif /* ARMVCPU_BITS_H */
