/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Freestanding runtime for small guests of armvcpu-vmm and the selftests.
 *
 * A guest provides "int main(unsigned long dtb)"; start.S sets up the
 * stack, vectors and BSS, and passes main()'s return value to guest_exit().
 * The guest runs at EL1 with the MMU off, so all data accesses are Device
 * accesses: code is built with -mstrict-align, and CPUs share no lock.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "bits.h"
#include "board.h"

#define GUEST_MAX_CPUS		8
#define GUEST_STACK_SIZE	0x4000

/* Exit statuses the runtime itself uses (guest_exit() takes 0-255). */
#define GUEST_EXIT_ASSERT	0x7e	/* GUEST_ASSERT() failed */
#define GUEST_EXIT_EXCEPTION	0x7f	/* unexpected exception */

/*
 * Plain single accesses in assembly: the compiler may neither merge nor
 * split them, and none writes back its base register, so each one that
 * reaches MMIO traps with a valid syndrome.
 */
static inline void mmio_write8(uint64_t addr, uint8_t v)
{
	asm volatile("strb %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline void mmio_write16(uint64_t addr, uint16_t v)
{
	asm volatile("strh %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	asm volatile("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline void mmio_write64(uint64_t addr, uint64_t v)
{
	asm volatile("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline uint8_t mmio_read8(uint64_t addr)
{
	uint32_t v;

	asm volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint16_t mmio_read16(uint64_t addr)
{
	uint32_t v;

	asm volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint32_t mmio_read32(uint64_t addr)
{
	uint32_t v;

	asm volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint64_t mmio_read64(uint64_t addr)
{
	uint64_t v;

	asm volatile("ldr %x0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

/* Variables shared between CPUs or with an exception handler. */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

static inline uint64_t read_mpidr(void)
{
	uint64_t v;

	asm volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v;
}

static inline void cpu_relax(void)
{
	asm volatile("yield" ::: "memory");
}

/* Console: the PL011 at BOARD_UART_BASE. */
void guest_putc(char c);
void guest_puts(const char *s);
/* %c %s %d %i %u %x %p %%, with l/ll/z, width and '0' padding. */
int guest_printf(const char *fmt, ...);
int guest_vprintf(const char *fmt, va_list ap);
/* Non-blocking: -1 if no byte was received. */
int guest_getc(void);

/* SMCCC calls: x0 = function id, x1-x6 arguments, results in x0-x3. */
struct smccc_res {
	uint64_t a0, a1, a2, a3;
};

void guest_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
	       uint64_t a4, uint64_t a5, uint64_t a6, struct smccc_res *res);
void guest_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
	       uint64_t a4, uint64_t a5, uint64_t a6, struct smccc_res *res);

/* PSCI over HVC, as the device tree announces. */
int64_t psci_version(void);
int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id);
/* A standby power_state (0) resumes after the call. */
int64_t psci_cpu_suspend(uint32_t power_state, uint64_t entry,
			 uint64_t context_id);
int64_t psci_affinity_info(uint64_t mpidr);
noreturn void psci_cpu_off(void);
noreturn void psci_system_off(void);
noreturn void psci_system_reset(void);

/*
 * Starts the CPU @mpidr on fn(arg), with stack number @slot (1 to
 * GUEST_MAX_CPUS - 1; slot 0 is the boot CPU's). The CPU turns itself off
 * when fn returns. Returns the PSCI result.
 */
int64_t guest_cpu_start(unsigned int slot, uint64_t mpidr,
			void (*fn)(void *arg), void *arg);

/* Ends the VMM with exit status @status & 0xff (the exit device). */
noreturn void guest_exit(int status);

/*
 * Prints the condition and ends the VMM (GUEST_EXIT_ASSERT). Selftest
 * guests include selftests/guest/ucall.h, whose GUEST_ASSERT() replaces
 * this one and reports the failed line to the host test instead.
 */
noreturn void guest_assert_fail(const char *cond, const char *file, int line);
#define GUEST_ASSERT(cond)						\
	do {								\
		if (!(cond))						\
			guest_assert_fail(#cond, __FILE__, __LINE__);	\
	} while (0)

/*
 * Exceptions taken by the guest. A guest may install a hook to handle
 * them (it returns true, and may move elr); otherwise the runtime reports
 * the exception and exits with GUEST_EXIT_EXCEPTION.
 */
struct guest_frame {
	uint64_t x[31];
	uint64_t elr, spsr, esr, far;
	uint64_t pad;
};

#define GUEST_VEC_SYNC		0
#define GUEST_VEC_IRQ		1
#define GUEST_VEC_FIQ		2
#define GUEST_VEC_SERROR	3

typedef bool (*guest_exception_hook_t)(unsigned int kind,
				       struct guest_frame *f);
void guest_set_exception_hook(guest_exception_hook_t hook);

/* Device tree passed in x0: the few lookups small guests need. */
const char *guest_fdt_bootargs(unsigned long dtb);
int guest_fdt_cpus(unsigned long dtb, uint64_t *mpidr, int max);

/* What the compiler may call even in freestanding code. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);

#endif /* GUEST_H */
