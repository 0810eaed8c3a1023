/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest side of the exception reports of the exit tests: a vector table
 * whose every entry reports ESR_EL1, FAR_EL1, ELR_EL1, SPSR_EL1, DAIF in
 * the handler and the vector offset by six ucalls (AV_UCALL_EXC + 0..5),
 * then returns to x27 if the guest set it (and clears it), else to the
 * instruction after the one that faulted. The handler clobbers x0, x1,
 * x25, x26 and x28. The macros are in av_exc.S, which a guest includes;
 * the host side is selftests/lib/exits_util.c.
 */
#ifndef __SELFTESTS_GUEST_AV_EXC_H
#define __SELFTESTS_GUEST_AV_EXC_H

#include "ucall.h"

#endif /* __SELFTESTS_GUEST_AV_EXC_H */
