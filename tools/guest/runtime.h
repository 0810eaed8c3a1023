/* SPDX-License-Identifier: GPL-2.0 */
/* Between the runtime's assembly and C parts; not for guests. */
#ifndef GUEST_RUNTIME_H
#define GUEST_RUNTIME_H

#include "guest.h"

/* start.S: where PSCI CPU_ON starts a CPU of guest_cpu_start(). */
void guest_secondary_entry(void);
/* exit.c: called by the vectors of start.S. */
void guest_exception(unsigned int kind, struct guest_frame *f);

#endif /* GUEST_RUNTIME_H */
