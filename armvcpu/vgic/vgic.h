/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel virtual GICv3 of a VM created with ARMVCPU_VM_VGIC:
 * distributor and redistributors emulated here (vgic/vgic_mmio.c), interrupts
 * delivered through the hardware's list registers (vgic/vgic.c, hyp/vgic.S),
 * the virtual timer as PPI 27 (vgic/vtimer.c), the emulated physical timer
 * as PPI 30 (vgic/ptimer.c). Documentation/interrupts.rst.
 */
#ifndef ARMVCPU_VGIC_H
#define ARMVCPU_VGIC_H

#include <linux/bitmap.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "armvcpu.h"

#define VGIC_NR_PRIVATE		32
#define VGIC_NR_SPIS		ARMVCPU_VGIC_NR_SPIS
#define VGIC_NR_IRQS		(VGIC_NR_PRIVATE + VGIC_NR_SPIS)
#define VGIC_MAX_LRS		CTX_VGIC_NR_LRS	/* room in the context */
/* Priority bits kept: the five every GICv3 virtual interface has. */
#define VGIC_PRIO_MASK		0xf8

/* One interrupt; every field under vgic->lock. */
struct armvcpu_vgic_irq {
	u64 irouter;		/* SPIs: GICD_IROUTER<n> */
	u8 priority;
	bool group1;
	bool enabled;
	bool edge;		/* ICFGR: edge-triggered */
	bool line;		/* input level (device, timer) */
	bool latch;		/* pending state not following the line */
	bool active;
	/*
	 * In a list register of a running vCPU: the LR owns pending and
	 * active until that vCPU's exit gives them back (armvcpu_vgic_sync()).
	 */
	bool in_lr;
};

struct armvcpu_vgic_cpu {
	struct armvcpu_vgic_irq priv[VGIC_NR_PRIVATE];	/* SGIs, PPIs */
	/* Which of priv[] may be latched, high or active (vgic_update). */
	DECLARE_BITMAP(live, VGIC_NR_PRIVATE);
	bool processor_sleep;		/* GICR_WAKER.ProcessorSleep */
	/* What each list register held at entry. */
	u32 lr_intid[VGIC_MAX_LRS];
	bool lr_latch[VGIC_MAX_LRS];
	u32 nr_lr;
	u32 nr_hw_lrs;			/* ICH_VTR_EL2.ListRegs + 1, 0: unknown */
	/* Host CPU while in the guest, else -1: where a kick sends the IPI. */
	int running_on;
	wait_queue_head_t wq;		/* WFI sleeps here */
	struct hrtimer timer;		/* the CNTV deadline during WFI */
	bool kicked;
};

struct armvcpu_vgic {
	/* Every interrupt's state and the list-register bookkeeping. */
	spinlock_t lock;
	u32 ctlr;			/* GICD_CTLR group enables */
	struct armvcpu_vgic_irq spi[VGIC_NR_SPIS];
	DECLARE_BITMAP(live_spi, VGIC_NR_SPIS);	/* as armvcpu_vgic_cpu.live */
	struct armvcpu_vgic_cpu cpu[ARMVCPU_MAX_VCPUS];
};

/* vgic/vgic.c */
int armvcpu_vgic_create(struct armvcpu_vm *vm);
void armvcpu_vgic_destroy(struct armvcpu_vm *vm);
void armvcpu_vgic_flush(struct armvcpu_vcpu *vcpu);
void armvcpu_vgic_sync(struct armvcpu_vcpu *vcpu);
void armvcpu_vgic_wait(struct armvcpu_vcpu *vcpu);
int armvcpu_vgic_wfx(struct armvcpu_vcpu *vcpu);
int armvcpu_vgic_irq_line(struct armvcpu_vm *vm,
			  const struct armvcpu_irq_line *l);
int armvcpu_vgic_sysreg(struct armvcpu_vcpu *vcpu, u32 enc, bool is_write,
			u64 *val);
bool armvcpu_vgic_irq_pending(const struct armvcpu_vgic_irq *irq);
void armvcpu_vgic_kick_all(struct armvcpu_vm *vm, u32 except);
void armvcpu_vgic_kick(struct armvcpu_vm *vm, u32 id);
bool armvcpu_vgic_vcpu_exists(struct armvcpu_vm *vm, u32 id);

/* vgic/vgic_mmio.c: -ENOENT if the access is not to the GIC, else 1 */
int armvcpu_vgic_mmio(struct armvcpu_vcpu *vcpu,
		      const struct armvcpu_mmio_access *a);

/* vgic/vtimer.c */
bool armvcpu_vtimer_level(struct armvcpu_vcpu *vcpu);
u64 armvcpu_vtimer_ns_to_deadline(struct armvcpu_vcpu *vcpu);
int armvcpu_vtimer_host_get(void);
void armvcpu_vtimer_host_put(void);
void armvcpu_vtimer_host_mask(bool mask);

/* vgic/ptimer.c */
void armvcpu_ptimer_init(struct armvcpu_vcpu *vcpu);
void armvcpu_ptimer_destroy(struct armvcpu_vcpu *vcpu);
bool armvcpu_ptimer_level(struct armvcpu_vcpu *vcpu);
bool armvcpu_ptimer_load(struct armvcpu_vcpu *vcpu);
void armvcpu_ptimer_cpu_down(void);
int armvcpu_ptimer_sysreg(struct armvcpu_vcpu *vcpu, u32 enc, bool is_write,
			  u64 *val);
unsigned int armvcpu_ptimer_reg_count(struct armvcpu_vcpu *vcpu);
u64 armvcpu_ptimer_reg_id(struct armvcpu_vcpu *vcpu, unsigned int i);
int armvcpu_ptimer_get_reg(struct armvcpu_vcpu *vcpu, u64 id, u64 *val);
int armvcpu_ptimer_set_reg(struct armvcpu_vcpu *vcpu, u64 id, u64 val);

static inline struct armvcpu_vgic_irq *
armvcpu_vgic_irq(struct armvcpu_vgic *vgic, u32 vcpu_id, u32 intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return &vgic->cpu[vcpu_id].priv[intid];
	if (intid < VGIC_NR_IRQS)
		return &vgic->spi[intid - VGIC_NR_PRIVATE];
	return NULL;
}

/*
 * Keeps the live bitmaps a superset of the interrupts that are latched,
 * have their line high or are active: the only ones a fill or a WFI check
 * looks at, so an entry with nothing pending costs no scan of every
 * interrupt. Called, lock held, wherever one of the three may have been
 * set; a stale bit only costs a look.
 */
static inline void armvcpu_vgic_update(struct armvcpu_vgic *vgic, u32 vcpu_id,
				       u32 intid)
{
	struct armvcpu_vgic_irq *irq = armvcpu_vgic_irq(vgic, vcpu_id, intid);
	unsigned long *map = vgic->live_spi;
	u32 bit = intid - VGIC_NR_PRIVATE;

	if (intid < VGIC_NR_PRIVATE) {
		map = vgic->cpu[vcpu_id].live;
		bit = intid;
	}
	if (irq->latch || irq->line || irq->active)
		__set_bit(bit, map);
	else
		__clear_bit(bit, map);
}

#endif /* ARMVCPU_VGIC_H */
