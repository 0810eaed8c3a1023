// SPDX-License-Identifier: GPL-2.0
/* Ending the guest: a chosen exit status, failed assertions, exceptions. */
#include "guest.h"
#include "runtime.h"

void guest_exit(int status)
{
	mmio_write32(BOARD_EXIT_BASE + BOARD_EXIT_STATUS, status & 0xff);
	/* No exit device (another VMM?): power off, the closest thing. */
	psci_system_off();
}

void guest_assert_fail(const char *cond, const char *file, int line)
{
	guest_printf("GUEST_ASSERT failed: %s (%s:%d)\n", cond, file, line);
	guest_exit(GUEST_EXIT_ASSERT);
}

static guest_exception_hook_t exception_hook;

void guest_set_exception_hook(guest_exception_hook_t hook)
{
	WRITE_ONCE(exception_hook, hook);
}

void guest_exception(unsigned int kind, struct guest_frame *f)
{
	static const char *const kinds[] = { "sync", "irq", "fiq", "serror" };
	guest_exception_hook_t hook = READ_ONCE(exception_hook);

	if (hook && hook(kind, f))
		return;
	guest_printf("guest: unexpected %s exception on CPU 0x%lx: ESR 0x%lx ELR 0x%lx FAR 0x%lx\n",
		     kinds[kind & 3], read_mpidr() & 0xff00ffffffUL, f->esr,
		     f->elr, f->far);
	guest_exit(GUEST_EXIT_EXCEPTION);
}
