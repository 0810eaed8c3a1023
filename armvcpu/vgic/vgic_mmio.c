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

struct vgic_acc {
	struct armvcpu_vcpu *vcpu;
	struct armvcpu_vgic *vgic;
	u32 rd;			/* redistributor: its vCPU id */
	u32 len;
	bool is_write;
	u64 val;
	u32 off;		/* byte offset of the access in its region */
	u32 intid;		/* per-interrupt region: the first INTID it covers */
	bool kick;		/* a change another vCPU must look at */
};

/*
 * The access sizes a register allows, in bytes: a mask of them tests
 * against the access's length (1, 2, 4 or 8) with one AND.
 */
#define VGIC_ACCESS_8		1
#define VGIC_ACCESS_32		4
#define VGIC_ACCESS_64		8

/*
 * A register, or a block of per-interrupt registers, of a GIC frame, as
 * KVM's struct vgic_register_region: where it is, the access sizes it
 * allows and its handlers, which run with vgic->lock held. An offset in
 * no region, an access size the region does not allow, and (per-interrupt
 * regions) an INTID the frame does not serve read as zero and ignore
 * writes, as reserved GIC registers do; so does a NULL handler.
 */
struct vgic_register_region {
	u32 offset;
	u32 len;		/* bytes, if not per-interrupt */
	u8 bits_per_irq;	/* per-interrupt block: bits of each INTID, else 0 */
	u8 widths;		/* VGIC_ACCESS_* */
	enum vgic_bit bit;	/* bitmap block: the state it shows */
	u64 (*read)(struct vgic_acc *a, const struct vgic_register_region *r);
	void (*write)(struct vgic_acc *a, const struct vgic_register_region *r,
		      u64 val);
};

/*
 * A frame: its own registers, and the INTIDs [intid_first, intid_end)
 * its per-interrupt registers serve, vgic_irq_regs' included (an empty
 * range: it has none).
 */
struct vgic_frame {
	const struct vgic_register_region *regs;
	unsigned int nr_regs;
	u32 intid_first, intid_end;
};

/* INTID @i of the access, from the first one it covers. */
static struct armvcpu_vgic_irq *vgic_acc_irq(struct vgic_acc *a, u32 i)
{
	return armvcpu_vgic_irq(a->vgic, a->rd, a->intid + i);
}

static u64 vgic_read_bits(struct vgic_acc *a,
			  const struct vgic_register_region *r)
{
	u64 val = 0;
	u32 i;

	for (i = 0; i < 32 && a->intid + i < VGIC_NR_IRQS; i++)
		val |= (u64)vgic_get_bit(vgic_acc_irq(a, i), r->bit) << i;
	return val;
}

/*
 * One 32-bit bitmap register: kind 0 writes the state (IGROUPR), 1 sets
 * it for the INTIDs whose bit is 1 (ISxxx), -1 clears it (ICxxx).
 */
static void vgic_put_bits(struct vgic_acc *a, enum vgic_bit b, u64 val,
			  int kind)
{
	u32 i;

	for (i = 0; i < 32 && a->intid + i < VGIC_NR_IRQS; i++) {
		if (!kind)
			vgic_put_bit(vgic_acc_irq(a, i), b, val & BIT(i));
		else if (val & BIT(i))
			vgic_put_bit(vgic_acc_irq(a, i), b, kind > 0);
		armvcpu_vgic_update(a->vgic, a->rd, a->intid + i);
	}
	a->kick = true;
}

static void vgic_write_bits(struct vgic_acc *a,
			    const struct vgic_register_region *r, u64 val)
{
	vgic_put_bits(a, r->bit, val, 0);
}

static void vgic_write_set(struct vgic_acc *a,
			   const struct vgic_register_region *r, u64 val)
{
	vgic_put_bits(a, r->bit, val, 1);
}

static void vgic_write_clear(struct vgic_acc *a,
			     const struct vgic_register_region *r, u64 val)
{
	vgic_put_bits(a, r->bit, val, -1);
}

/* IPRIORITYR: one byte per INTID, byte or word access. */
static u64 vgic_read_priority(struct vgic_acc *a,
			      const struct vgic_register_region *r)
{
	u64 val = 0;
	u32 i;

	for (i = 0; i < a->len && a->intid + i < VGIC_NR_IRQS; i++)
		val |= (u64)vgic_acc_irq(a, i)->priority << (8 * i);
	return val;
}

static void vgic_write_priority(struct vgic_acc *a,
				const struct vgic_register_region *r, u64 val)
{
	u32 i;

	for (i = 0; i < a->len && a->intid + i < VGIC_NR_IRQS; i++)
		vgic_acc_irq(a, i)->priority = (val >> (8 * i)) &
					       VGIC_PRIO_MASK;
}

/* ICFGR: two bits per INTID, bit 1 of each = edge. SGIs are always edge. */
static u64 vgic_read_config(struct vgic_acc *a,
			    const struct vgic_register_region *r)
{
	u64 val = 0;
	u32 i;

	for (i = 0; i < 16 && a->intid + i < VGIC_NR_IRQS; i++)
		val |= (u64)vgic_acc_irq(a, i)->edge << (2 * i + 1);
	return val;
}

static void vgic_write_config(struct vgic_acc *a,
			      const struct vgic_register_region *r, u64 val)
{
	u32 i;

	for (i = 0; i < 16 && a->intid + i < VGIC_NR_IRQS; i++)
		if (a->intid + i >= 16)
			vgic_acc_irq(a, i)->edge = val & BIT(2 * i + 1);
}

/*
 * A 64-bit register, accessed whole or as either 32-bit half (the
 * region's VGIC_ACCESS_32 | VGIC_ACCESS_64, aligned): the bits the access
 * covers, and their shift in the register.
 */
static u64 vgic_reg64_mask(const struct vgic_acc *a, u32 *shift)
{
	*shift = (a->off & 7) * 8;
	return a->len == 8 ? ~0ULL : GENMASK_ULL(*shift + 31, *shift);
}

static u64 vgic_read64(const struct vgic_acc *a, u64 reg)
{
	u32 shift;
	u64 mask = vgic_reg64_mask(a, &shift);

	return (reg & mask) >> shift;
}

static void vgic_write64(const struct vgic_acc *a, u64 *reg, u64 val,
			 u64 writable)
{
	u32 shift;
	u64 mask = vgic_reg64_mask(a, &shift) & writable;

	*reg = (*reg & ~mask) | ((val << shift) & mask);
}

/* IROUTER<n>, SPIs only: Aff3, IRM, Aff2, Aff1, Aff0 are writable. */
#define VGIC_IROUTER_WRITABLE	(GENMASK_ULL(39, 32) | GENMASK_ULL(31, 31) | \
				 GENMASK_ULL(23, 0))

static u64 vgic_read_irouter(struct vgic_acc *a,
			     const struct vgic_register_region *r)
{
	return vgic_read64(a, vgic_acc_irq(a, 0)->irouter);
}

static void vgic_write_irouter(struct vgic_acc *a,
			       const struct vgic_register_region *r, u64 val)
{
	vgic_write64(a, &vgic_acc_irq(a, 0)->irouter, val,
		     VGIC_IROUTER_WRITABLE);
	a->kick = true;
}

/* GICD_CTLR: ARE and DS are fixed at 1; RWP is never set. */
static u64 vgic_read_gicd_ctlr(struct vgic_acc *a,
			       const struct vgic_register_region *r)
{
	return a->vgic->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
}

/* The group enables. */
static void vgic_write_gicd_ctlr(struct vgic_acc *a,
				 const struct vgic_register_region *r, u64 val)
{
	a->vgic->ctlr = val & 3;
	a->kick = true;
}

/* IDbits: 10 (INTIDs < 1020); ITLinesNumber; no LPIs. */
static u64 vgic_read_gicd_typer(struct vgic_acc *a,
				const struct vgic_register_region *r)
{
	return (9 << 19) | (VGIC_NR_IRQS / 32 - 1);
}

static u64 vgic_read_iidr(struct vgic_acc *a,
			  const struct vgic_register_region *r)
{
	return VGIC_IIDR;
}

static u64 vgic_read_pidr2(struct vgic_acc *a,
			   const struct vgic_register_region *r)
{
	return VGIC_PIDR2;
}

static u32 vgic_last_vcpu(struct armvcpu_vm *vm)
{
	u32 id, last = 0;

	for (id = 0; id < ARMVCPU_MAX_VCPUS; id++)
		if (armvcpu_vgic_vcpu_exists(vm, id))
			last = id;
	return last;
}

/* Affinity Aff3.Aff2.Aff1.Aff0, Processor_Number, Last. Read-only. */
static u64 vgic_read_gicr_typer(struct vgic_acc *a,
				const struct vgic_register_region *r)
{
	u64 mpidr = armvcpu_vcpu_mpidr(a->rd);
	u64 typer;

	typer = ((mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24) << 32 |
		(u64)a->rd << 8;
	if (a->rd == vgic_last_vcpu(a->vcpu->vm))
		typer |= GICR_TYPER_LAST;
	return vgic_read64(a, typer);
}

/* ChildrenAsleep follows ProcessorSleep at once. */
static u64 vgic_read_gicr_waker(struct vgic_acc *a,
				const struct vgic_register_region *r)
{
	return a->vgic->cpu[a->rd].processor_sleep ?
	       GICR_WAKER_PS | GICR_WAKER_CA : 0;
}

static void vgic_write_gicr_waker(struct vgic_acc *a,
				  const struct vgic_register_region *r,
				  u64 val)
{
	a->vgic->cpu[a->rd].processor_sleep = val & GICR_WAKER_PS;
}

#define VGIC_REG(off, length, w, rd, wr)				\
	{ .offset = (off), .len = (length), .widths = (w),		\
	  .read = (rd), .write = (wr) }
/*
 * A block of per-interrupt registers, @bits to each INTID: it spans the
 * architecture's 1024 INTIDs (vgic_region_len()), its frame says which
 * it serves. @b: the state a bitmap block shows.
 */
#define VGIC_REG_IRQ(off, bits, w, rd, wr, b)				\
	{ .offset = (off), .bits_per_irq = (bits), .widths = (w),	\
	  .read = (rd), .write = (wr), .bit = (b) }

/*
 * The per-interrupt registers the GICD and each GICR's SGI_base frame
 * both have, at the same offsets in their frames.
 */
static const struct vgic_register_region vgic_irq_regs[] = {
	VGIC_REG_IRQ(GICD_IGROUPR, 1, VGIC_ACCESS_32,
		     vgic_read_bits, vgic_write_bits, VGIC_BIT_GROUP),
	VGIC_REG_IRQ(GICD_ISENABLER, 1, VGIC_ACCESS_32,
		     vgic_read_bits, vgic_write_set, VGIC_BIT_ENABLE),
	VGIC_REG_IRQ(GICD_ICENABLER, 1, VGIC_ACCESS_32,
		     vgic_read_bits, vgic_write_clear, VGIC_BIT_ENABLE),
	VGIC_REG_IRQ(GICD_ISPENDR, 1, VGIC_ACCESS_32,
		     vgic_read_bits, vgic_write_set, VGIC_BIT_PEND),
	VGIC_REG_IRQ(GICD_ICPENDR, 1, VGIC_ACCESS_32,
		     vgic_read_bits, vgic_write_clear, VGIC_BIT_PEND),
	VGIC_REG_IRQ(GICD_ISACTIVER, 1, VGIC_ACCESS_32,
		     vgic_read_bits, vgic_write_set, VGIC_BIT_ACTIVE),
	VGIC_REG_IRQ(GICD_ICACTIVER, 1, VGIC_ACCESS_32,
		     vgic_read_bits, vgic_write_clear, VGIC_BIT_ACTIVE),
	VGIC_REG_IRQ(GICD_IPRIORITYR, 8, VGIC_ACCESS_8 | VGIC_ACCESS_32,
		     vgic_read_priority, vgic_write_priority, 0),
	VGIC_REG_IRQ(GICD_ICFGR, 2, VGIC_ACCESS_32,
		     vgic_read_config, vgic_write_config, 0),
};

/* The rest of the GICD. */
static const struct vgic_register_region vgic_gicd_regs[] = {
	VGIC_REG(GICD_CTLR, 4, VGIC_ACCESS_32,
		 vgic_read_gicd_ctlr, vgic_write_gicd_ctlr),
	VGIC_REG(GICD_TYPER, 4, VGIC_ACCESS_32, vgic_read_gicd_typer, NULL),
	VGIC_REG(GICD_IIDR, 4, VGIC_ACCESS_32, vgic_read_iidr, NULL),
	VGIC_REG_IRQ(GICD_IROUTER, 64, VGIC_ACCESS_32 | VGIC_ACCESS_64,
		     vgic_read_irouter, vgic_write_irouter, 0),
	VGIC_REG(GICD_PIDR2, 4, VGIC_ACCESS_32, vgic_read_pidr2, NULL),
};

/* A GICR's RD_base frame. GICR_CTLR (no LPIs, RWP never set): RAZ/WI. */
static const struct vgic_register_region vgic_gicr_rd_regs[] = {
	VGIC_REG(GICR_IIDR, 4, VGIC_ACCESS_32, vgic_read_iidr, NULL),
	VGIC_REG(GICR_TYPER, 8, VGIC_ACCESS_32 | VGIC_ACCESS_64,
		 vgic_read_gicr_typer, NULL),
	VGIC_REG(GICR_WAKER, 4, VGIC_ACCESS_32,
		 vgic_read_gicr_waker, vgic_write_gicr_waker),
	VGIC_REG(GICR_PIDR2, 4, VGIC_ACCESS_32, vgic_read_pidr2, NULL),
};

/* With affinity routing the private INTIDs live in the GICRs. */
static const struct vgic_frame vgic_gicd = {
	.regs = vgic_gicd_regs,
	.nr_regs = ARRAY_SIZE(vgic_gicd_regs),
	.intid_first = VGIC_NR_PRIVATE,
	.intid_end = VGIC_NR_IRQS,
};

static const struct vgic_frame vgic_gicr_rd = {
	.regs = vgic_gicr_rd_regs,
	.nr_regs = ARRAY_SIZE(vgic_gicr_rd_regs),
};

/* SGI_base: vgic_irq_regs only, for the SGIs and PPIs. */
static const struct vgic_frame vgic_gicr_sgi = {
	.intid_first = 0,
	.intid_end = VGIC_NR_PRIVATE,
};

/* Bytes @r spans. */
static u32 vgic_region_len(const struct vgic_register_region *r)
{
	return r->bits_per_irq ? 1024 / 8 * r->bits_per_irq : r->len;
}

static const struct vgic_register_region *
vgic_region_at(const struct vgic_register_region *regs, unsigned int nr,
	       u32 off)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (off - regs[i].offset < vgic_region_len(&regs[i]))
			return &regs[i];
	return NULL;
}

/*
 * The region of @f that serves the access @a at @off, with a->off and
 * a->intid set for its handlers; NULL if the access reads as zero and
 * ignores writes.
 */
static const struct vgic_register_region *
vgic_find_region(struct vgic_acc *a, const struct vgic_frame *f, u32 off)
{
	const struct vgic_register_region *r;

	r = vgic_region_at(f->regs, f->nr_regs, off);
	if (!r && f->intid_end)
		r = vgic_region_at(vgic_irq_regs, ARRAY_SIZE(vgic_irq_regs),
				   off);
	if (!r || !(r->widths & a->len))
		return NULL;
	a->off = off - r->offset;
	if (r->bits_per_irq) {
		a->intid = a->off * 8 / r->bits_per_irq;
		if (a->intid < f->intid_first || a->intid >= f->intid_end)
			return NULL;
	}
	return r;
}

/* vgic->lock held. */
static void vgic_access(struct vgic_acc *a, const struct vgic_frame *f,
			u32 off)
{
	const struct vgic_register_region *r = vgic_find_region(a, f, off);

	if (a->is_write) {
		if (r && r->write)
			r->write(a, r, a->val);
	} else {
		a->val = r && r->read ? r->read(a, r) : 0;
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
	const struct vgic_frame *frame;
	u64 ipa = m->ipa, off;
	bool dist;

	if (!a.vgic)
		return -ENOENT;
	if (ipa >= ARMVCPU_VGIC_GICD_BASE &&
	    ipa < ARMVCPU_VGIC_GICD_BASE + ARMVCPU_VGIC_GICD_SIZE) {
		dist = true;
		frame = &vgic_gicd;
		off = ipa - ARMVCPU_VGIC_GICD_BASE;
	} else if (ipa >= ARMVCPU_VGIC_GICR_BASE &&
		   ipa < ARMVCPU_VGIC_GICR_BASE +
			 ARMVCPU_MAX_VCPUS * ARMVCPU_VGIC_GICR_STRIDE) {
		dist = false;
		off = ipa - ARMVCPU_VGIC_GICR_BASE;
		a.rd = off / ARMVCPU_VGIC_GICR_STRIDE;
		off %= ARMVCPU_VGIC_GICR_STRIDE;
		frame = &vgic_gicr_rd;
		if (off >= GICR_SGI_BASE) {
			frame = &vgic_gicr_sgi;
			off -= GICR_SGI_BASE;
		}
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
	vgic_access(&a, frame, off);
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
