// SPDX-License-Identifier: GPL-2.0
/*
 * Data aborts outside guest memory: decode the syndrome into an MMIO exit,
 * and complete the access when userspace calls RUN again. Decode and
 * completion are separate steps, and the PC only moves at completion, so
 * an access userspace never completes is never half-done.
 */
#include <asm/esr.h>

#include "armvcpu.h"
#include "emulate.h"
#include "exit_handlers.h"
#include "compat.h"
#include "vgic/vgic.h"
#include "trace.h"

/* HPFAR_EL2.FIPA[43:4] holds IPA[51:12] (bits above 47 unused, 4K granule). */
#define ARMVCPU_HPFAR_FIPA	GENMASK_ULL(43, 4)

u64 armvcpu_fault_ipa(const struct armvcpu_ctx *ctx)
{
	return ((ctx->exit.hpfar & ARMVCPU_HPFAR_FIPA) << 8) | (ctx->exit.far & 0xfff);
}

static int armvcpu_exit_nisv(struct armvcpu_vcpu *vcpu, u64 ipa)
{
	struct armvcpu_run *run = vcpu->run;

	/*
	 * LDP/STP, writeback and SIMD accesses carry no syndrome: emulating
	 * them as something else would corrupt the guest. The PC stays on
	 * the instruction; userspace decides.
	 */
	memset(&run->mmio_nisv, 0, sizeof(run->mmio_nisv));
	run->exit_reason = ARMVCPU_EXIT_MMIO_NISV;
	run->mmio_nisv.esr_iss = vcpu->ctx->exit.esr & ESR_ELx_ISS_MASK;
	run->mmio_nisv.ipa = ipa;
	return 0;
}

int armvcpu_handle_dabt(struct armvcpu_vcpu *vcpu)
{
	struct armvcpu_ctx *ctx = vcpu->ctx;
	struct armvcpu_mmio_access *a = &vcpu->pending.mmio;
	struct armvcpu_run *run = vcpu->run;
	const struct armvcpu_memslot *slot;
	u64 esr = ctx->exit.esr, ipa, val;
	bool is_write = esr & ESR_ELx_WNR, in_memory;
	int ret;

	/* First: HPFAR_EL2 means nothing for an external abort. */
	if (armvcpu_handle_guest_sea(vcpu))
		return 1;
	/* A stage-1 walk that left guest memory: no syndrome to emulate. */
	if (esr & ESR_ELx_S1PTW)
		return armvcpu_handle_s1ptw(vcpu);

	ipa = armvcpu_fault_ipa(ctx);
	mutex_lock(&vcpu->vm->lock);
	slot = armvcpu_memslot_find(vcpu->vm, ipa);
	/* Writes to read-only memory are MMIO, like accesses outside memory. */
	in_memory = slot && !(is_write && (slot->flags & ARMVCPU_MEM_READONLY));
	mutex_unlock(&vcpu->vm->lock);
	if (in_memory) {
		/*
		 * Memory is mapped on the guest's first touch: a translation
		 * fault pins and maps its chunk. Any other stage-2 fault on
		 * memory has no meaning to emulate.
		 */
		if ((esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_FAULT)
			return armvcpu_memslot_fault(vcpu, ipa);
		return armvcpu_exit_internal_error(vcpu,
					ARMVCPU_INTERNAL_ERROR_MEMORY_FAULT);
	}

	armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_S2_FAULT_MMIO);
	/* Cache maintenance by VA on MMIO has no effect: skip it. */
	if (esr & ESR_ELx_CM) {
		armvcpu_stat_inc(&vcpu->stat, ARMVCPU_VSTAT_EXIT_OTHER);
		armvcpu_skip_instr(vcpu);
		return 1;
	}
	if (!(esr & ESR_ELx_ISV))
		return armvcpu_exit_nisv(vcpu, ipa);

	/*
	 * Decoded where the next RUN's completion reads it; it is pending
	 * (pending.kind) only if the in-kernel GIC does not serve it now.
	 */
	a->ipa = ipa;
	a->len = 1U << ((esr & ESR_ELx_SAS) >> ESR_ELx_SAS_SHIFT);
	a->rt = (esr & ESR_ELx_SRT_MASK) >> ESR_ELx_SRT_SHIFT;
	a->is_write = is_write;
	a->sign_extend = esr & ESR_ELx_SSE;
	a->sf = esr & ESR_ELx_SF;
	val = 0;
	if (is_write) {
		val = armvcpu_get_x(vcpu, a->rt);
		if (a->len < 8)
			val &= BIT_ULL(a->len * 8) - 1;
	}

	/* The in-kernel GIC's registers never reach userspace. */
	ret = armvcpu_vgic_mmio(vcpu, a);
	if (ret != -ENOENT) {
		if (ret > 0)
			armvcpu_stat_inc(&vcpu->stat,
					 ARMVCPU_VSTAT_EXIT_MMIO_KERNEL);
		if (is_write)
			trace_armvcpu_mmio(vcpu->id, ARMVCPU_TRACE_MMIO_WRITE,
					   ipa, a->len, val, true);
		return ret;
	}

	trace_armvcpu_mmio(vcpu->id, is_write ? ARMVCPU_TRACE_MMIO_WRITE :
			   ARMVCPU_TRACE_MMIO_READ_UNSATISFIED, ipa, a->len,
			   val, false);
	memset(&run->mmio, 0, sizeof(run->mmio));
	run->exit_reason = ARMVCPU_EXIT_MMIO;
	run->mmio.phys_addr = ipa;
	run->mmio.len = a->len;
	run->mmio.is_write = is_write;
	/* Little-endian data[], the only data endianness armvcpu runs. */
	if (is_write)
		put_unaligned_le64(val, run->mmio.data);
	vcpu->pending.kind = ARMVCPU_PENDING_MMIO;
	return 0;
}

/*
 * Load a read's destination register from @val as the syndrome says, then
 * step the PC: for the VMM's answer and the in-kernel GIC's alike.
 */
void armvcpu_mmio_finish(struct armvcpu_vcpu *vcpu,
			 const struct armvcpu_mmio_access *a, u64 val)
{
	u32 bits = a->len * 8;

	if (!a->is_write) {
		/* Only a read the VMM answers is pending while it completes. */
		trace_armvcpu_mmio(vcpu->id, ARMVCPU_TRACE_MMIO_READ, a->ipa,
				   a->len, bits < 64 ? val & (BIT_ULL(bits) - 1) : val,
				   vcpu->pending.kind != ARMVCPU_PENDING_MMIO);
		if (bits < 64) {
			val &= BIT_ULL(bits) - 1;
			if (a->sign_extend && (val & BIT_ULL(bits - 1)))
				val |= ~(BIT_ULL(bits) - 1);
		}
		/* A W destination: the upper half reads as zero. */
		if (!a->sf)
			val = (u32)val;
		armvcpu_set_x(vcpu, a->rt, val);
	}
	armvcpu_skip_instr(vcpu);
}

/* On the next RUN: load the destination register, then step the PC. */
void armvcpu_mmio_complete(struct armvcpu_vcpu *vcpu)
{
	const struct armvcpu_mmio_access *a = &vcpu->pending.mmio;

	/* data[] is read once: userspace may still be writing it. */
	armvcpu_mmio_finish(vcpu, a, a->is_write ? 0 :
			    get_unaligned_le64(vcpu->run->mmio.data));
}
