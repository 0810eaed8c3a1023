/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host side of the exception reports of selftests/guest/av_exc.h, and of
 * the exits the exit tests wait for. Every name starts with ex_.
 * Failures abort the test with a message.
 */
#ifndef __SELFTESTS_LIB_EXITS_UTIL_H
#define __SELFTESTS_LIB_EXITS_UTIL_H

#include <linux/types.h>

#include "armvcpu_util.h"
#include "../guest/av_exc.h"

/* What the guest's vector saw. */
struct ex_exc {
	__u64 esr, far, elr, spsr, daif, vector;
};

/* RUN until the guest reports an exception; anything else aborts. */
void ex_expect_exc(struct av_vcpu *vcpu, struct ex_exc *e);
/* RUN until a SYNC ucall and return its argument. */
static inline __u64 ex_expect_sync(struct av_vcpu *vcpu)
{
	return av_expect_ucall(vcpu, AV_UCALL_SYNC);
}

/* RUN once; the exit must be @reason. */
void ex_expect_exit(struct av_vcpu *vcpu, __u32 reason);
/* The 32-bit instruction at guest address @gpa of @vm's RAM. */
__u32 ex_insn_at(struct av_vm *vm, __u64 gpa);

#endif /* __SELFTESTS_LIB_EXITS_UTIL_H */
