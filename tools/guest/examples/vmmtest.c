// SPDX-License-Identifier: GPL-2.0
/*
 * Exercises armvcpu-vmm for its end-to-end tests. Runs the commands
 * given in /chosen/bootargs (--append), in order:
 *   exit=N        end with exit status N (the exit device)
 *   off           PSCI SYSTEM_OFF
 *   reset         PSCI SYSTEM_RESET
 *   no-device     read and write an address where no device is
 *   nisv          LDP from there: no syndrome, the VMM must stop the VM
 *   undef-sysreg  MRS of an implementation-defined register: expect UNDEF
 *   cntpct        read the physical counter twice: it must advance
 *   pl011-id      print the PL011's PrimeCell ID registers
 *   echo          print the console input up to a newline
 *   hvc, smc      an SMCCC call no one implements: expect NOT_SUPPORTED
 *   psci          PSCI answers: version, CPU_ON of itself and of no CPU
 *   cpus-twice    start every other CPU, let it turn off, start it again
 */
#include <linux/psci.h>

#include "guest.h"

#define NO_DEVICE_ADDR	0x0a000000UL	/* QEMU virt's virtio-mmio: absent */
#define ESR_EC(esr)	(((esr) >> 26) & 0x3f)
#define EC_UNKNOWN	0x00
#define ECHO_LOOPS	200000000UL
#define MPIDR_AFF_MASK	0xff00ffffffUL
/* SMCCC vendor-specific hypervisor and SiP service calls, unassigned. */
#define SMCCC_VENDOR_HYP_FN	0xc6000042UL
#define SMCCC_SIP_FN		0xc2000042UL
#define NO_SUCH_MPIDR		0xfe0000UL

static bool undef_taken;

static bool catch_undef(unsigned int kind, struct guest_frame *f)
{
	if (kind != GUEST_VEC_SYNC || ESR_EC(f->esr) != EC_UNKNOWN)
		return false;
	WRITE_ONCE(undef_taken, true);
	f->elr += 4;
	return true;
}

static void cmd_no_device(void)
{
	uint32_t v = mmio_read32(NO_DEVICE_ADDR);

	mmio_write32(NO_DEVICE_ADDR, 0x1234);
	guest_printf("vmmtest: no-device read 0x%x\n", v);
}

static void cmd_nisv(void)
{
	uint64_t a, b;

	/* A load pair reports no syndrome (ISV = 0): it cannot be emulated. */
	asm volatile("ldp %0, %1, [%2]"
		     : "=r"(a), "=r"(b) : "r"(NO_DEVICE_ADDR) : "memory");
	guest_printf("vmmtest: nisv went on with 0x%lx 0x%lx\n", a, b);
}

static void cmd_undef_sysreg(void)
{
	uint64_t v = 0;

	WRITE_ONCE(undef_taken, false);
	guest_set_exception_hook(catch_undef);
	asm volatile("mrs %0, s3_0_c15_c0_0" : "+r"(v));
	guest_set_exception_hook(NULL);
	guest_printf("vmmtest: undef-sysreg %s\n",
		     READ_ONCE(undef_taken) ? "undef" : "read");
}

static void cmd_cntpct(void)
{
	uint64_t a, b;

	asm volatile("isb; mrs %0, cntpct_el0" : "=r"(a));
	asm volatile("isb; mrs %0, cntpct_el0" : "=r"(b));
	guest_printf("vmmtest: cntpct %s\n", b > a ? "advances" : "stuck");
}

static void cmd_pl011_id(void)
{
	unsigned int i;

	guest_puts("vmmtest: pl011-id");
	for (i = 0; i < 8; i++)
		guest_printf(" %02x", mmio_read32(BOARD_UART_BASE + 0xfe0 + 4 * i));
	guest_putc('\n');
}

static void cmd_echo(void)
{
	char line[64];
	unsigned int n = 0;
	unsigned long i;
	int c;

	for (i = 0; i < ECHO_LOOPS && n < sizeof(line) - 1; i++) {
		c = guest_getc();
		if (c < 0)
			continue;
		if (c == '\n' || c == '\r')
			break;
		line[n++] = c;
	}
	line[n] = 0;
	guest_printf("vmmtest: echo '%s'\n", line);
}

static void cmd_smccc(bool smc)
{
	struct smccc_res res;

	if (smc)
		guest_smc(SMCCC_SIP_FN, 1, 2, 3, 4, 5, 6, &res);
	else
		guest_hvc(SMCCC_VENDOR_HYP_FN, 1, 2, 3, 4, 5, 6, &res);
	guest_printf("vmmtest: %s %ld\n", smc ? "smc" : "hvc", (long)res.a0);
}

static void secondary_entry(void)
{
	psci_cpu_off();
}

static void cmd_psci(void)
{
	uint64_t self = read_mpidr() & MPIDR_AFF_MASK;

	guest_printf("vmmtest: psci version 0x%lx cpu_on self %ld cpu_on none %ld\n",
		     (long)psci_version(),
		     (long)psci_cpu_on(self, (uintptr_t)secondary_entry, 0),
		     (long)psci_cpu_on(NO_SUCH_MPIDR, (uintptr_t)secondary_entry,
				       0));
}

/* One counter per stack slot: one writer each, no atomics needed. */
static uint64_t starts[GUEST_MAX_CPUS];

static void count_start(void *arg)
{
	uint64_t *count = arg;

	WRITE_ONCE(*count, READ_ONCE(*count) + 1);
}

static unsigned int total_starts(void)
{
	unsigned int i, total = 0;

	for (i = 0; i < GUEST_MAX_CPUS; i++)
		total += READ_ONCE(starts[i]);
	return total;
}

/* CPU_ON until the CPU is off again: it turns itself off when done. */
static int64_t start_when_off(unsigned int slot, uint64_t mpidr)
{
	int64_t ret;

	do {
		ret = guest_cpu_start(slot, mpidr, count_start, &starts[slot]);
	} while (ret == PSCI_RET_ALREADY_ON || ret == PSCI_RET_ON_PENDING);
	return ret;
}

static void cmd_cpus_twice(unsigned long dtb)
{
	uint64_t mpidr[GUEST_MAX_CPUS], self = read_mpidr() & MPIDR_AFF_MASK;
	int i, round, n = guest_fdt_cpus(dtb, mpidr, GUEST_MAX_CPUS);
	unsigned int expect = 0, slot;

	GUEST_ASSERT(n > 0 && n <= GUEST_MAX_CPUS);
	for (round = 0; round < 2; round++) {
		for (i = 0, slot = 1; i < n; i++) {
			if (mpidr[i] == self)
				continue;
			GUEST_ASSERT(start_when_off(slot++, mpidr[i]) == 0);
			expect++;
		}
	}
	while (total_starts() != expect)
		cpu_relax();
	guest_printf("vmmtest: cpus-twice %u starts\n", expect);
}

static int parse_uint(const char *s, const char *end)
{
	int v = 0;

	for (; s < end && *s >= '0' && *s <= '9'; s++)
		v = v * 10 + *s - '0';
	return v;
}

static bool word_is(const char *w, size_t len, const char *cmd)
{
	return len == strlen(cmd) && !strncmp(w, cmd, len);
}

static void run_command(unsigned long dtb, const char *w, size_t len)
{
	if (len > 5 && !strncmp(w, "exit=", 5)) {
		guest_printf("vmmtest: exit %d\n", parse_uint(w + 5, w + len));
		guest_exit(parse_uint(w + 5, w + len));
	} else if (word_is(w, len, "off")) {
		psci_system_off();
	} else if (word_is(w, len, "reset")) {
		guest_puts("vmmtest: reset\n");
		psci_system_reset();
	} else if (word_is(w, len, "no-device")) {
		cmd_no_device();
	} else if (word_is(w, len, "nisv")) {
		cmd_nisv();
	} else if (word_is(w, len, "undef-sysreg")) {
		cmd_undef_sysreg();
	} else if (word_is(w, len, "cntpct")) {
		cmd_cntpct();
	} else if (word_is(w, len, "pl011-id")) {
		cmd_pl011_id();
	} else if (word_is(w, len, "echo")) {
		cmd_echo();
	} else if (word_is(w, len, "hvc") || word_is(w, len, "smc")) {
		cmd_smccc(word_is(w, len, "smc"));
	} else if (word_is(w, len, "psci")) {
		cmd_psci();
	} else if (word_is(w, len, "cpus-twice")) {
		cmd_cpus_twice(dtb);
	} else {
		guest_printf("vmmtest: unknown command '%.*s'\n", (int)len, w);
	}
}

int main(unsigned long dtb)
{
	const char *args = guest_fdt_bootargs(dtb), *end;

	guest_puts("vmmtest: boot\n");
	while (args && *args) {
		while (*args == ' ')
			args++;
		for (end = args; *end && *end != ' '; end++)
			;
		if (end > args)
			run_command(dtb, args, end - args);
		args = end;
	}
	return 0;
}
