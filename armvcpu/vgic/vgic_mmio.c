// SPDX-License-Identifier: GPL-2.0
/*
 * The distributor (GICD) and redistributors (GICR) of the in-kernel GICv3,
 * emulated on the data aborts the guest takes on their pages. Only what a
 * GICv3 without LPIs, with affinity routing and one security state
 * (GICD_CTLR.DS = 1) has: what Linux's irq-gic-v3 driver and bare-metal
 * code use. Everything else reads as zero and ignores writes, as reserved
 * GIC registers do.
 *
 * Handling these in the kernel keeps a guest's interrupt masking and
 * routing off the VMM round trip (Documentation/interrupts.rst).
 */
#include <asm/sysreg.h>

#include "vgic/vgic.h"
#include "emulate.h"
#include "exit_handlers.h"

/* Distributor registers. */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IIDR		0x0008
#define GICD_TYPER2		0x000c
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000
#define GICD_PIDR2		0xffe8
#define GICD_CTLR_ARE		BIT(4)
#define GICD_CTLR_DS		BIT(6)

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB further. */
#define GICR_CTLR		0x0000
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_PIDR2		0xffe8
#define GICR_SGI_BASE		0x10000
#define GICR_TYPER_LAST		BIT_ULL(4)
#define GICR_WAKER_PS		BIT(1)
#define GICR_WAKER_CA		BIT(2)

/* ArchRev 3 (GICv3) in PIDR2[7:4], as Linux checks it. */
#define VGIC_PIDR2		0x3b
/* JEP106 of Arm in IIDR[11:0], product 'armvcpu'. */
#define VGIC_IIDR		0x43b

enum vgic_bit {
	VGIC_BIT_GROUP,
	VGIC_BIT_ENABLE,
	VGIC_BIT_PEND,
	VGIC_BIT_ACTIVE,
};

struct vgic_acc {
	struct armvcpu_vcpu *vcpu;
	struct armvcpu_vgic *vgic;
	u32 rd;			/* redistributor: its vCPU id */
	u32 len;
	bool is_write;
	u64 val;
	bool kick;		/* a change another vCPU must look at */
};

static bool vgic_get_bit(const struct armvcpu_vgic_irq *irq, enum vgic_bit b)
{
	switch (b) {
	case VGIC_BIT_GROUP:
		return irq->group1;
	case VGIC_BIT_ENABLE:
		return irq->enabled;
	case VGIC_BIT_PEND:
		return armvcpu_vgic_irq_pending(irq);
	default:
		return irq->active;
	}
}

/*
 * set: the ISxxx register (1 bits set the state), else ICxxx (1 bits
 * clear it). Clearing pending drops the latch only: a level interrupt
 * whose line is high stays pending, as on hardware.
 */
static void vgic_put_bit(struct armvcpu_vgic_irq *irq, enum vgic_bit b,
			 bool set)
{
	switch (b) {
	case VGIC_BIT_GROUP:
		irq->group1 = set;
		break;
	case VGIC_BIT_ENABLE:
		irq->enabled = set;
		break;
	case VGIC_BIT_PEND:
		irq->latch = set;
		break;
	default:
		irq->active = set;
		break;
	}
}

/*
 * Starts an access of @a, whose width the register allows when @ok: a read
 * then builds a->val up from zero. Any other width reads as zero and
 * ignores writes, and the caller stops (false).
 */
static bool vgic_acc_start(struct vgic_acc *a, bool ok)
{
	if (!ok || !a->is_write)
		a->val = 0;
	return ok;
}

/*
 * One 32-bit bitmap register covering INTIDs first..first+31. kind: 0 for
 * a plain read/write register (IGROUPR), 1 for set, -1 for clear.
 */
static void vgic_bitmap(struct vgic_acc *a, u32 first, enum vgic_bit b,
			int kind)
{
	struct armvcpu_vgic_irq *irq;
	u32 i;

	if (!vgic_acc_start(a, a->len == 4))
		return;
	for (i = 0; i < 32 && first + i < VGIC_NR_IRQS; i++) {
		irq = armvcpu_vgic_irq(a->vgic, a->rd, first + i);
		if (!a->is_write) {
			a->val |= (u64)vgic_get_bit(irq, b) << i;
			continue;
		}
		if (!kind)
			vgic_put_bit(irq, b, a->val & BIT(i));
		else if (a->val & BIT(i))
			vgic_put_bit(irq, b, kind > 0);
		armvcpu_vgic_update(a->vgic, a->rd, first + i);
	}
	if (a->is_write)
		a->kick = true;
}

/* IPRIORITYR: one byte per INTID, byte or word access. */
static void vgic_priority(struct vgic_acc *a, u32 first)
{
	u32 i;

	if (!vgic_acc_start(a, a->len == 1 || a->len == 4))
		return;
	for (i = 0; i < a->len && first + i < VGIC_NR_IRQS; i++) {
		struct armvcpu_vgic_irq *irq;

		irq = armvcpu_vgic_irq(a->vgic, a->rd, first + i);
		if (a->is_write)
			irq->priority = (a->val >> (8 * i)) & VGIC_PRIO_MASK;
		else
			a->val |= (u64)irq->priority << (8 * i);
	}
}

/* ICFGR: two bits per INTID, bit 1 of each = edge. SGIs are always edge. */
static void vgic_config(struct vgic_acc *a, u32 first)
{
	u32 i;

	if (!vgic_acc_start(a, a->len == 4))
		return;
	for (i = 0; i < 16 && first + i < VGIC_NR_IRQS; i++) {
		struct armvcpu_vgic_irq *irq;

		irq = armvcpu_vgic_irq(a->vgic, a->rd, first + i);
		if (!a->is_write)
			a->val |= (u64)irq->edge << (2 * i + 1);
		else if (first + i >= 16)
			irq->edge = a->val & BIT(2 * i + 1);
	}
}

/* 32- or 64-bit access to a 64-bit register; off is within it. */
static void vgic_reg64(struct vgic_acc *a, u64 *reg, u32 off, u64 writable)
{
	u32 shift = off * 8;
	u64 mask;

	if (a->len + off > 8 || (a->len != 4 && a->len != 8)) {
		a->val = 0;
		return;
	}
	mask = a->len == 8 ? ~0ULL : GENMASK_ULL(shift + 31, shift);
	if (!a->is_write) {
		a->val = (*reg & mask) >> shift;
		return;
	}
	*reg = (*reg & ~(mask & writable)) | ((a->val << shift) & mask & writable);
}

/* Registers that exist in both the GICD and a GICR's SGI_base frame. */
static bool vgic_irq_regs(struct vgic_acc *a, u32 off, u32 limit)
{
	if (off >= GICD_IGROUPR && off < GICD_IGROUPR + limit / 8)
		vgic_bitmap(a, (off - GICD_IGROUPR) * 8, VGIC_BIT_GROUP, 0);
	else if (off >= GICD_ISENABLER && off < GICD_ISENABLER + limit / 8)
		vgic_bitmap(a, (off - GICD_ISENABLER) * 8, VGIC_BIT_ENABLE, 1);
	else if (off >= GICD_ICENABLER && off < GICD_ICENABLER + limit / 8)
		vgic_bitmap(a, (off - GICD_ICENABLER) * 8, VGIC_BIT_ENABLE, -1);
	else if (off >= GICD_ISPENDR && off < GICD_ISPENDR + limit / 8)
		vgic_bitmap(a, (off - GICD_ISPENDR) * 8, VGIC_BIT_PEND, 1);
	else if (off >= GICD_ICPENDR && off < GICD_ICPENDR + limit / 8)
		vgic_bitmap(a, (off - GICD_ICPENDR) * 8, VGIC_BIT_PEND, -1);
	else if (off >= GICD_ISACTIVER && off < GICD_ISACTIVER + limit / 8)
		vgic_bitmap(a, (off - GICD_ISACTIVER) * 8, VGIC_BIT_ACTIVE, 1);
	else if (off >= GICD_ICACTIVER && off < GICD_ICACTIVER + limit / 8)
		vgic_bitmap(a, (off - GICD_ICACTIVER) * 8, VGIC_BIT_ACTIVE, -1);
	else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + limit)
		vgic_priority(a, off - GICD_IPRIORITYR);
	else if (off >= GICD_ICFGR && off < GICD_ICFGR + limit / 4)
		vgic_config(a, (off - GICD_ICFGR) * 4);
	else
		return false;
	return true;
}

static void vgic_dist(struct vgic_acc *a, u32 off)
{
	struct armvcpu_vgic *vgic = a->vgic;
	u32 intid;

	/* With affinity routing the private INTIDs live in the GICRs. */
	if (off >= GICD_IGROUPR && off < GICD_IROUTER) {
		/* Each bitmap block is 0x80 bytes, 0x80-aligned. */
		if (off < GICD_IPRIORITYR)
			intid = (off & 0x7f) * 8;
		else if (off < GICD_ICFGR)
			intid = off - GICD_IPRIORITYR;
		else
			intid = (off - GICD_ICFGR) * 4;
		if (intid < VGIC_NR_PRIVATE) {
			a->val = 0;
			return;
		}
		if (vgic_irq_regs(a, off, VGIC_NR_IRQS))
			return;
	}
	if (off >= GICD_IROUTER + 8 * VGIC_NR_PRIVATE &&
	    off < GICD_IROUTER + 8 * VGIC_NR_IRQS) {
		intid = (off - GICD_IROUTER) / 8;
		/* Aff3, IRM, Aff2, Aff1, Aff0 */
		vgic_reg64(a, &vgic->spi[intid - VGIC_NR_PRIVATE].irouter,
			   off & 7, GENMASK_ULL(39, 32) | GENMASK_ULL(31, 31) |
			   GENMASK_ULL(23, 0));
		a->kick = a->is_write;
		return;
	}
	if (a->len != 4) {
		a->val = 0;
		return;
	}
	switch (off) {
	case GICD_CTLR:
		if (a->is_write) {
			vgic->ctlr = a->val & 3;
			a->kick = true;
		}
		/* ARE and DS are fixed at 1; RWP is never set. */
		a->val = vgic->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
		break;
	case GICD_TYPER:
		/* IDbits: 10 (INTIDs < 1020); ITLinesNumber; no LPIs. */
		a->val = (9 << 19) | (VGIC_NR_IRQS / 32 - 1);
		break;
	case GICD_IIDR:
		a->val = VGIC_IIDR;
		break;
	case GICD_PIDR2:
		a->val = VGIC_PIDR2;
		break;
	default:
		a->val = 0;
		break;
	}
}

static u32 vgic_last_vcpu(struct armvcpu_vm *vm)
{
	u32 id, last = 0;

	for (id = 0; id < ARMVCPU_MAX_VCPUS; id++)
		if (armvcpu_vgic_vcpu_exists(vm, id))
			last = id;
	return last;
}

static void vgic_redist(struct vgic_acc *a, u32 off)
{
	struct armvcpu_vgic_cpu *c = &a->vgic->cpu[a->rd];
	struct armvcpu_vm *vm = a->vcpu->vm;
	u64 mpidr, typer;

	if (off >= GICR_SGI_BASE) {
		off -= GICR_SGI_BASE;
		if (!vgic_irq_regs(a, off, VGIC_NR_PRIVATE))
			a->val = 0;
		return;
	}
	if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		mpidr = armvcpu_vcpu_mpidr(a->rd);
		/* Affinity Aff3.Aff2.Aff1.Aff0, Processor_Number, Last. */
		typer = ((mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24) << 32 |
			(u64)a->rd << 8;
		if (a->rd == vgic_last_vcpu(vm))
			typer |= GICR_TYPER_LAST;
		a->is_write = false;
		vgic_reg64(a, &typer, off - GICR_TYPER, 0);
		return;
	}
	if (a->len != 4) {
		a->val = 0;
		return;
	}
	switch (off) {
	case GICR_WAKER:
		if (a->is_write)
			c->processor_sleep = a->val & GICR_WAKER_PS;
		/* ChildrenAsleep follows ProcessorSleep at once. */
		a->val = c->processor_sleep ?
			 GICR_WAKER_PS | GICR_WAKER_CA : 0;
		break;
	case GICR_IIDR:
		a->val = VGIC_IIDR;
		break;
	case GICR_PIDR2:
		a->val = VGIC_PIDR2;
		break;
	default:
		/* GICR_CTLR (no LPIs, RWP never set), STATUSR, PROPBASER... */
		a->val = 0;
		break;
	}
}

int armvcpu_vgic_mmio(struct armvcpu_vcpu *vcpu,
		      const struct armvcpu_mmio_access *m)
{
	struct armvcpu_vm *vm = vcpu->vm;
	struct vgic_acc a = {
		.vcpu = vcpu,
		.vgic = vm->vgic,
		.rd = vcpu->id,
		.len = m->len,
		.is_write = m->is_write,
	};
	u64 ipa = m->ipa, off;
	bool dist;

	if (!a.vgic)
		return -ENOENT;
	if (ipa >= ARMVCPU_VGIC_GICD_BASE &&
	    ipa < ARMVCPU_VGIC_GICD_BASE + ARMVCPU_VGIC_GICD_SIZE) {
		dist = true;
		off = ipa - ARMVCPU_VGIC_GICD_BASE;
	} else if (ipa >= ARMVCPU_VGIC_GICR_BASE &&
		   ipa < ARMVCPU_VGIC_GICR_BASE +
			 ARMVCPU_MAX_VCPUS * ARMVCPU_VGIC_GICR_STRIDE) {
		dist = false;
		off = ipa - ARMVCPU_VGIC_GICR_BASE;
		a.rd = off / ARMVCPU_VGIC_GICR_STRIDE;
		off %= ARMVCPU_VGIC_GICR_STRIDE;
	} else {
		return -ENOENT;
	}
	if (m->is_write)
		a.val = armvcpu_get_x(vcpu, m->rt) &
			(m->len < 8 ? BIT_ULL(m->len * 8) - 1 : ~0ULL);

	/* Unaligned accesses and absent redistributors: RAZ/WI. */
	if ((off & (m->len - 1)) ||
	    (!dist && !armvcpu_vgic_vcpu_exists(vm, a.rd))) {
		armvcpu_mmio_finish(vcpu, m, 0);
		return 1;
	}
	spin_lock_irq(&a.vgic->lock);
	if (dist)
		vgic_dist(&a, off);
	else
		vgic_redist(&a, off);
	spin_unlock_irq(&a.vgic->lock);

	if (a.kick) {
		if (dist)
			armvcpu_vgic_kick_all(vm, vcpu->id);
		else if (a.rd != vcpu->id)
			armvcpu_vgic_kick(vm, a.rd);
	}
	armvcpu_mmio_finish(vcpu, m, a.is_write ? 0 : a.val);
	return 1;
}
