// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_GET_ONE_REG / SET_ONE_REG / GET_REG_LIST: one table maps every
 * plain register id to its slot in struct armvcpu_ctx, and one table of
 * register groups names the registers that have their own state (timers,
 * debug, PMU) and their accessors, so the list, get and set can never
 * disagree.
 */
#include <linux/stddef.h>
#include <linux/uaccess.h>

#include "armvcpu.h"
#include "emulate.h"
#include "exit_handlers.h"
#include "pmu.h"
#include "vgic/vgic.h"

struct armvcpu_reg_desc {
	u64 id;
	u32 offset;	/* in struct armvcpu_ctx */
};

#define SYSR(name, idx)	{ ARMVCPU_REG_ ## name, \
			  offsetof(struct armvcpu_ctx, guest.sys[SYS_IDX_ ## idx]) }

/* Everything but x0-x30 and V0-V31, which are indexed arithmetically. */
static const struct armvcpu_reg_desc armvcpu_regs[] = {
	{ ARMVCPU_REG_SP_EL0, offsetof(struct armvcpu_ctx, guest.sp_el0) },
	{ ARMVCPU_REG_PC, offsetof(struct armvcpu_ctx, guest.pc) },
	{ ARMVCPU_REG_PSTATE, offsetof(struct armvcpu_ctx, guest.pstate) },
	{ ARMVCPU_REG_SP_EL1, offsetof(struct armvcpu_ctx, guest.sp_el1) },
	{ ARMVCPU_REG_MPIDR_EL1, offsetof(struct armvcpu_ctx, ctl.vmpidr) },
	SYSR(SCTLR_EL1, SCTLR),
	SYSR(CPACR_EL1, CPACR),
	SYSR(TTBR0_EL1, TTBR0),
	SYSR(TTBR1_EL1, TTBR1),
	SYSR(TCR_EL1, TCR),
	SYSR(SPSR_EL1, SPSR),
	SYSR(ELR_EL1, ELR),
	SYSR(AFSR0_EL1, AFSR0),
	SYSR(AFSR1_EL1, AFSR1),
	SYSR(ESR_EL1, ESR),
	SYSR(FAR_EL1, FAR),
	SYSR(PAR_EL1, PAR),
	SYSR(MAIR_EL1, MAIR),
	SYSR(AMAIR_EL1, AMAIR),
	SYSR(VBAR_EL1, VBAR),
	SYSR(CONTEXTIDR_EL1, CONTEXTIDR),
	SYSR(TPIDR_EL1, TPIDR_EL1),
	SYSR(CNTKCTL_EL1, CNTKCTL),
	SYSR(CSSELR_EL1, CSSELR),
	SYSR(TPIDR_EL0, TPIDR_EL0),
	SYSR(TPIDRRO_EL0, TPIDRRO_EL0),
	SYSR(CNTV_CTL_EL0, CNTV_CTL),
	SYSR(CNTV_CVAL_EL0, CNTV_CVAL),
	SYSR(MDSCR_EL1, MDSCR),
	{ ARMVCPU_REG_FPSR, offsetof(struct armvcpu_ctx, guest.fp.fpsr) },
	{ ARMVCPU_REG_FPCR, offsetof(struct armvcpu_ctx, guest.fp.fpcr) },
};

/*
 * The bits of an AArch64 SPSR; the rest are RES0: NZCV, TCO, DIT, UAO, PAN,
 * SS, IL, ALLINT, SSBS, BTYPE, DAIF and M[4:0].
 */
#define ARMVCPU_PSTATE_BITS	(GENMASK_ULL(31, 28) | GENMASK_ULL(25, 20) | \
				 GENMASK_ULL(13, 6) | PSR_MODE_MASK)

/* What SET_ONE_REG accepts: a valid mode and no RES0 bit. */
bool armvcpu_pstate_valid(u64 pstate)
{
	return !(pstate & ~ARMVCPU_PSTATE_BITS) &&
	       armvcpu_pstate_mode_valid(pstate);
}

#define ARMVCPU_NR_CORE_X	31
#define ARMVCPU_NR_V		32
#define ARMVCPU_NR_PLAIN_REGS	(ARMVCPU_NR_CORE_X + ARMVCPU_NR_V + \
				 ARRAY_SIZE(armvcpu_regs))

/*
 * Registers whose value is not one slot of the context. A group lists
 * its ids (count/id, which may depend on the VM's configuration) and
 * reads or writes them; get and set return -ENOENT for an id that is not
 * the group's, so probing stays ENOENT as for any unknown id.
 */
struct armvcpu_reg_group {
	unsigned int (*count)(struct armvcpu_vcpu *vcpu);
	u64 (*id)(struct armvcpu_vcpu *vcpu, unsigned int i);
	int (*get)(struct armvcpu_vcpu *vcpu, u64 id, u64 *val);
	int (*set)(struct armvcpu_vcpu *vcpu, u64 id, u64 val);
};

static const struct armvcpu_reg_group armvcpu_reg_groups[] = {
	{ .count = armvcpu_debug_reg_count, .id = armvcpu_debug_reg_id,
	  .get = armvcpu_debug_reg_get, .set = armvcpu_debug_reg_set },
	{ armvcpu_pmu_reg_count, armvcpu_pmu_reg_id, armvcpu_pmu_reg_get,
	  armvcpu_pmu_reg_set },
	/* CNTVOFF_EL2 (the VM's), CNTP_CTL_EL0, CNTP_CVAL_EL0 */
	{ armvcpu_ptimer_reg_count, armvcpu_ptimer_reg_id,
	  armvcpu_ptimer_get_reg, armvcpu_ptimer_set_reg },
};

static unsigned int armvcpu_nr_regs(struct armvcpu_vcpu *vcpu)
{
	unsigned int i, n = ARMVCPU_NR_PLAIN_REGS;

	for (i = 0; i < ARRAY_SIZE(armvcpu_reg_groups); i++)
		n += armvcpu_reg_groups[i].count(vcpu);
	return n;
}

/* The @i-th id of the list: x0-x30, V0-V31, the table, then the groups. */
static u64 armvcpu_reg_id(struct armvcpu_vcpu *vcpu, unsigned int i)
{
	unsigned int g, n;

	if (i < ARMVCPU_NR_CORE_X)
		return ARMVCPU_REG_X(i);
	i -= ARMVCPU_NR_CORE_X;
	if (i < ARMVCPU_NR_V)
		return ARMVCPU_REG_V(i);
	i -= ARMVCPU_NR_V;
	if (i < ARRAY_SIZE(armvcpu_regs))
		return armvcpu_regs[i].id;
	i -= ARRAY_SIZE(armvcpu_regs);
	for (g = 0; g < ARRAY_SIZE(armvcpu_reg_groups); g++) {
		n = armvcpu_reg_groups[g].count(vcpu);
		if (i < n)
			return armvcpu_reg_groups[g].id(vcpu, i);
		i -= n;
	}
	return 0;
}

/* A 64-bit group register: get or set it, or -ENOENT if no group has it. */
static int armvcpu_group_reg(struct armvcpu_vcpu *vcpu, u64 id, u64 *val,
			     bool set)
{
	unsigned int g;
	int ret;

	if (ARMVCPU_REG_SIZE(id) != sizeof(u64))
		return -ENOENT;
	for (g = 0; g < ARRAY_SIZE(armvcpu_reg_groups); g++) {
		const struct armvcpu_reg_group *grp = &armvcpu_reg_groups[g];

		ret = set ? grp->set(vcpu, id, *val) : grp->get(vcpu, id, val);
		if (ret != -ENOENT)
			return ret;
	}
	return -ENOENT;
}

/* GET/SET_ONE_REG of a group register. */
static int armvcpu_group_one_reg(struct armvcpu_vcpu *vcpu,
				 const struct armvcpu_one_reg *reg, bool set)
{
	u64 __user *uaddr = u64_to_user_ptr(reg->addr);
	u64 val = 0;
	int ret;

	if (set && get_user(val, uaddr))
		return -EFAULT;
	ret = armvcpu_group_reg(vcpu, reg->id, &val, set);
	if (ret || set)
		return ret;
	return put_user(val, uaddr) ? -EFAULT : 0;
}

/* Offset of @id's value in struct armvcpu_ctx, or -ENOENT. */
static int armvcpu_reg_offset(u64 id)
{
	u64 idx = id & ARMVCPU_REG_INDEX_MASK;
	unsigned int i;

	if (id == ARMVCPU_REG_X(idx) && idx < ARMVCPU_NR_CORE_X)
		return offsetof(struct armvcpu_ctx, guest.regs) + idx * sizeof(u64);
	if (id == ARMVCPU_REG_V(idx) && idx < ARMVCPU_NR_V)
		return offsetof(struct armvcpu_ctx, guest.fp.vregs) + idx * 16;
	for (i = 0; i < ARRAY_SIZE(armvcpu_regs); i++)
		if (armvcpu_regs[i].id == id)
			return armvcpu_regs[i].offset;
	return -ENOENT;
}

/* Unknown ids are ENOENT, as in KVM, so a VMM can probe for registers. */
static int armvcpu_one_reg_check(const struct armvcpu_one_reg *reg)
{
	if (reg->reserved[0] || reg->reserved[1])
		return -EINVAL;
	return armvcpu_reg_offset(reg->id);
}

int armvcpu_get_one_reg(struct armvcpu_vcpu *vcpu,
			const struct armvcpu_one_reg *reg)
{
	int off = armvcpu_one_reg_check(reg);

	if (off == -ENOENT)
		return armvcpu_group_one_reg(vcpu, reg, false);
	if (off < 0)
		return off;
	if (copy_to_user(u64_to_user_ptr(reg->addr), (u8 *)vcpu->ctx + off,
			 ARMVCPU_REG_SIZE(reg->id)))
		return -EFAULT;
	return 0;
}

int armvcpu_set_one_reg(struct armvcpu_vcpu *vcpu,
			const struct armvcpu_one_reg *reg)
{
	u32 size = ARMVCPU_REG_SIZE(reg->id);
	u8 val[16] = { 0 };
	int off = armvcpu_one_reg_check(reg);

	if (off == -ENOENT)
		return armvcpu_group_one_reg(vcpu, reg, true);
	if (off < 0)
		return off;
	if (copy_from_user(val, u64_to_user_ptr(reg->addr), size))
		return -EFAULT;
	if (reg->id == ARMVCPU_REG_PSTATE && !armvcpu_pstate_valid(*(u64 *)val))
		return -EINVAL;
	/* Stays RES1: the guest reads MPIDR through VMPIDR_EL2 unchanged. */
	if (reg->id == ARMVCPU_REG_MPIDR_EL1)
		*(u64 *)val |= BIT(31);
	/*
	 * Writing the PC relocates the vCPU (reset, CPU_ON): an MMIO read or
	 * hypercall still waiting for completion no longer applies.
	 */
	if (reg->id == ARMVCPU_REG_PC)
		armvcpu_pending_drop(vcpu);
	/* The same bits stay clear as when the guest writes it itself. */
	if (reg->id == ARMVCPU_REG_MDSCR_EL1)
		*(u64 *)val = armvcpu_mdscr_sanitise(*(u64 *)val);
	/* FPSR/FPCR are 32-bit ids over 64-bit slots: clear the top half. */
	if (size == 4)
		memset((u8 *)vcpu->ctx + off, 0, sizeof(u64));
	memcpy((u8 *)vcpu->ctx + off, val, size);
	return 0;
}

int armvcpu_get_reg_list(struct armvcpu_vcpu *vcpu,
			 struct armvcpu_reg_list __user *list)
{
	u64 n, i, nr = armvcpu_nr_regs(vcpu);

	if (get_user(n, &list->n))
		return -EFAULT;
	if (put_user(nr, &list->n))
		return -EFAULT;
	/* As in KVM: too small a buffer reports the size needed. */
	if (n < nr)
		return -E2BIG;
	for (i = 0; i < nr; i++)
		if (put_user(armvcpu_reg_id(vcpu, i), &list->reg[i]))
			return -EFAULT;
	return 0;
}
