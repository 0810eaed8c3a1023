// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/armvcpu/host_sysregs: the EL1/EL0 system registers of
 * the CPU the reader runs on, as the host kernel has them. A guest writes
 * its own copies of the same registers; the isolation selftests pin
 * themselves to a CPU, read this file, run such a guest there and read it
 * again. Nothing else observes directly that every exit put the host's
 * values back. Root only: the values include kernel addresses.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <asm/sysreg.h>

#include "armvcpu.h"
#include "test/hooks.h"

#define HOST_SYSREG(r)	{ #r, read_ ## r }

#define DEFINE_READ(r)						\
	static u64 read_ ## r(void) { return read_sysreg(r); }

DEFINE_READ(sctlr_el1)

/*
 * Whether EL0 may use SVE and SME is the current task's, switched lazily:
 * 6.12 keeps it across syscalls, and the kernel_neon_begin() of a RUN
 * with guest FP drops it on the way back to userspace. Not the guest's.
 */
static u64 read_cpacr_el1(void)
{
	return read_sysreg(cpacr_el1) &
	       ~(u64)(CPACR_EL1_ZEN_EL0EN | CPACR_EL1_SMEN_EL0EN);
}

DEFINE_READ(ttbr0_el1)
DEFINE_READ(ttbr1_el1)
DEFINE_READ(tcr_el1)
DEFINE_READ(mair_el1)
DEFINE_READ(amair_el1)
DEFINE_READ(vbar_el1)
DEFINE_READ(contextidr_el1)
DEFINE_READ(tpidr_el1)
DEFINE_READ(cntkctl_el1)
DEFINE_READ(csselr_el1)
DEFINE_READ(mdscr_el1)
DEFINE_READ(sp_el0)
DEFINE_READ(tpidr_el0)
DEFINE_READ(tpidrro_el0)
/* The host's first breakpoint and watchpoint: a guest may own its own. */
DEFINE_READ(dbgbcr0_el1)
DEFINE_READ(dbgbvr0_el1)
DEFINE_READ(dbgwcr0_el1)
DEFINE_READ(dbgwvr0_el1)

/* Registers a syscall does not change between two reads by one task. */
static const struct {
	const char *name;
	u64 (*read)(void);
} armvcpu_host_sysregs[] = {
	HOST_SYSREG(sctlr_el1), HOST_SYSREG(cpacr_el1),
	HOST_SYSREG(ttbr0_el1), HOST_SYSREG(ttbr1_el1),
	HOST_SYSREG(tcr_el1), HOST_SYSREG(mair_el1),
	HOST_SYSREG(amair_el1), HOST_SYSREG(vbar_el1),
	HOST_SYSREG(contextidr_el1), HOST_SYSREG(tpidr_el1),
	HOST_SYSREG(cntkctl_el1), HOST_SYSREG(csselr_el1),
	HOST_SYSREG(mdscr_el1), HOST_SYSREG(sp_el0),
	HOST_SYSREG(tpidr_el0), HOST_SYSREG(tpidrro_el0),
	HOST_SYSREG(dbgbcr0_el1), HOST_SYSREG(dbgbvr0_el1),
	HOST_SYSREG(dbgwcr0_el1), HOST_SYSREG(dbgwvr0_el1),
};

static int armvcpu_host_sysregs_show(struct seq_file *m, void *v)
{
	u64 val[ARRAY_SIZE(armvcpu_host_sysregs)];
	unsigned int i;
	int cpu;

	/* All from one CPU: per-CPU values (TPIDR_EL1) must not mix. */
	cpu = get_cpu();
	for (i = 0; i < ARRAY_SIZE(val); i++)
		val[i] = armvcpu_host_sysregs[i].read();
	put_cpu();

	seq_printf(m, "cpu %d\n", cpu);
	for (i = 0; i < ARRAY_SIZE(val); i++)
		seq_printf(m, "%s 0x%llx\n", armvcpu_host_sysregs[i].name,
			   val[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(armvcpu_host_sysregs);

void armvcpu_host_sysregs_init(void)
{
	/* Optional like all of debugfs: a failure only loses the check. */
	debugfs_create_file("host_sysregs", 0400, armvcpu_debugfs_dir, NULL,
			    &armvcpu_host_sysregs_fops);
}
