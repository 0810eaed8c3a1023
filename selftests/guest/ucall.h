/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ucall: how every selftest guest, in assembly or in C, reports to
 * its host test. The guest stores its argument with an 8-byte write to
 * AV_UCALL_ARG_ADDR, then its code to AV_UCALL_ADDR; no memslot covers
 * that page, so each store is an MMIO exit the host decodes with
 * av_get_ucall() (selftests/lib/armvcpu_util.h). One channel means one
 * decoder: a host test never parses MMIO exits to learn what its guest
 * meant.
 *
 *   code            arg                 assembly          C
 *   AV_UCALL_SYNC   defined by the test av_sync ARG       GUEST_SYNC(arg)
 *   AV_UCALL_DONE   0                   av_done           GUEST_DONE()
 *   AV_UCALL_FAIL   the source line     av_assert_eq LINE GUEST_ASSERT(cond)
 *   AV_UCALL_EXC+n  exception reports of av_exc.S, see av_exc.h
 *
 * Assembly guests include this file alone. C guests, linked with the
 * runtime of tools/guest, include it instead of guest.h: it brings
 * guest.h, and its GUEST_ASSERT() replaces the runtime's, which would
 * end the guest through the VMM's exit device and tell the host test
 * nothing it can assert on.
 */
#ifndef __SELFTESTS_GUEST_UCALL_H
#define __SELFTESTS_GUEST_UCALL_H

#define AV_UCALL_ADDR		0x0a000000
#define AV_UCALL_ARG_ADDR	0x0a000008
/* No code: a guest that sends it (say, x0 never set) fails its test. */
#define AV_UCALL_NONE		0
#define AV_UCALL_DONE		1
#define AV_UCALL_FAIL		2
#define AV_UCALL_SYNC		3
#define AV_UCALL_EXC		0x10	/* 0x10-0x15: ESR FAR ELR SPSR DAIF vec */

#if defined(__ASSEMBLER__)
/* ucall code, arg: five instructions; clobbers x0, x1 and x28. */
.macro	av_ucall code, arg
	mov	x28, #AV_UCALL_ADDR
	mov	x1, \arg
	str	x1, [x28, #8]
	mov	x0, #\code
	str	x0, [x28]
.endm

.macro	av_sync arg
	av_ucall AV_UCALL_SYNC, \arg
.endm

.macro	av_done
	av_ucall AV_UCALL_DONE, #0

	/* Nothing left to do: park. */
	b	.
.endm

/* Fail with @id (say, the source line) unless the flags say "eq". */
.macro	av_assert_eq id
	/* Skips the five instructions of av_ucall. */
	b.eq	. + 24
	av_ucall AV_UCALL_FAIL, #\id
.endm

#elif !__STDC_HOSTED__
/* A C guest: freestanding, on the runtime of tools/guest. */
#include <linux/types.h>

#include "guest.h"

static inline void ucall(__u64 code, __u64 arg)
{
	mmio_write64(AV_UCALL_ARG_ADDR, arg);
	mmio_write64(AV_UCALL_ADDR, code);
}

/* The host has what it needs and stops running this vCPU. */
static inline noreturn void ucall_park(__u64 code, __u64 arg)
{
	ucall(code, arg);
	for (;;)
		asm volatile("wfi" ::: "memory");
}

static inline noreturn void ucall_assert_fail(const char *cond, int line)
{
	guest_printf("GUEST_ASSERT failed: %s (line %d)\n", cond, line);
	ucall_park(AV_UCALL_FAIL, line);
}

#define GUEST_SYNC(arg)		ucall(AV_UCALL_SYNC, (arg))
#define GUEST_DONE()		ucall_park(AV_UCALL_DONE, 0)
#undef GUEST_ASSERT
#define GUEST_ASSERT(cond)						\
	do {								\
		if (!(cond))						\
			ucall_assert_fail(#cond, __LINE__);		\
	} while (0)
#endif

#endif /* __SELFTESTS_GUEST_UCALL_H */
