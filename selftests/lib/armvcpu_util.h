/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The asserting layer of the selftests' host helpers, on top of the
 * -errno wrappers of armvcpu_api.h: open /dev/armvcpu, create a VM with
 * guest RAM, create vCPUs with their run struct mapped, load a guest
 * image, get/set registers, and run until the guest's "ucall" (an 8-byte
 * MMIO write to AV_UCALL_ADDR, see selftests/guest/ucall.h).
 * Every name starts with av_. Failures end the test through av_die().
 */
#ifndef __SELFTESTS_LIB_ARMVCPU_UTIL_H
#define __SELFTESTS_LIB_ARMVCPU_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <linux/types.h>
#include <linux/armvcpu.h>

#include "armvcpu_api.h"
#include "board.h"
#include "../guest/ucall.h"

/*
 * Guest RAM: 4 MiB where the VMM's board puts RAM; images are linked at
 * AV_GUEST_ENTRY, where the VMM loads them too.
 */
#define AV_RAM_BASE		((__u64)BOARD_RAM_BASE)
#define AV_RAM_SIZE		(4ULL << 20)
#define AV_GUEST_ENTRY		((__u64)BOARD_IMAGE_BASE)

struct av_vm {
	int sys_fd;		/* /dev/armvcpu */
	int fd;			/* VM fd */
	void *ram;		/* host view of AV_RAM_BASE, or NULL */
	size_t ram_size;
};

struct av_vcpu {
	int fd;
	__u32 id;
	struct armvcpu_run *run;
};

/*
 * Ends the test with "# MESSAGE" on stderr: every helper that asserts
 * fails this way, so a test's log says which call failed and why.
 */
noreturn void av_die(const char *fmt, ...);

int av_open_dev(void);
/* A VM with no memory, created with @flags (ARMVCPU_VM_*). */
void av_vm_create_flags(struct av_vm *vm, __u32 flags);
/* The same with AV_RAM_SIZE of RAM in slot 0 at AV_RAM_BASE. */
void av_vm_create_with_ram_flags(struct av_vm *vm, __u32 flags);
/* The two above, without flags: what most tests want. */
void av_vm_create(struct av_vm *vm);
void av_vm_create_with_ram(struct av_vm *vm);
void av_vm_destroy(struct av_vm *vm);
/* Anonymous memory mapped into the guest at @gpa; returns its host address. */
void *av_vm_add_mem(struct av_vm *vm, __u32 slot, __u64 gpa,
		    __u64 size, __u32 flags);

/* __av_vcpu_open() of vCPU @id, with the run struct's size of the device. */
void av_vcpu_create(struct av_vm *vm, struct av_vcpu *vcpu, __u32 id);
void av_vcpu_destroy(struct av_vcpu *vcpu);

/* ARMVCPU_IRQ_LINE of an SPI (VMs with ARMVCPU_VM_VGIC). */
void av_irq_line(struct av_vm *vm, __u32 line, __u32 level);

__u64 av_get_reg(struct av_vcpu *vcpu, __u64 id);
void av_set_reg(struct av_vcpu *vcpu, __u64 id, __u64 val);

/*
 * Copy guest code with ordinary stores of at most 32 bits: an emulator
 * must see every byte written (see armvcpu_util.c).
 */
void av_copy_code(void *dst, const void *src, size_t len);
/* Copy [start, end) to AV_GUEST_ENTRY and point the vCPU's PC at it. */
void av_load_guest(struct av_vm *vm, struct av_vcpu *vcpu,
		   const void *start, const void *end);
#define AV_LOAD_GUEST(vm, vcpu, name) do {				\
	extern const char name##_guest_start[], name##_guest_end[];	\
	av_load_guest((vm), (vcpu), name##_guest_start, name##_guest_end); \
} while (0)

/* A ucall of the guest (selftests/guest/ucall.h). */
struct av_ucall {
	__u64 code;	/* AV_UCALL_*, once the code's write came */
	__u64 arg;
};

/* Which part of a ucall an exit is, as av_get_ucall() tells. */
enum av_ucall_part {
	AV_UCALL_PART_OTHER,	/* no 8-byte write to the ucall page */
	AV_UCALL_PART_ARG,	/* the argument's write: uc->arg is set */
	AV_UCALL_PART_CODE,	/* the code's write: uc->code is set */
};

/*
 * Decodes the exit in vcpu->run into @uc and says which part it was.
 * The code's write, the exit after the argument's, completes @uc; a code
 * of AV_UCALL_NONE (say, x0 never set) fails the test through av_die().
 * For hosts that handle other exits too (devices, PSCI) in one loop.
 */
enum av_ucall_part av_get_ucall(struct av_vcpu *vcpu, struct av_ucall *uc);
/*
 * RUN until the guest's next ucall and return its code (AV_UCALL_*) with
 * x1 of the guest in *arg; any other exit aborts the test.
 */
__u64 av_run_ucall(struct av_vcpu *vcpu, __u64 *arg);
/*
 * RUN until the next ucall, which must be @want (AV_UCALL_FAIL aborts with
 * the guest's line, anything else too); returns its argument.
 */
__u64 av_expect_ucall(struct av_vcpu *vcpu, __u64 want);
/* RUN until AV_UCALL_DONE; a AV_UCALL_FAIL aborts with the guest's line. */
void av_run_to_done(struct av_vcpu *vcpu);

const char *av_exit_name(__u32 reason);

/*
 * Counter @name of the VM or vCPU behind @fd, read through a stats fd
 * (ARMVCPU_GET_STATS_FD); a failure or an unknown name ends the test.
 */
__u64 av_stat(int fd, const char *name);

/*
 * Does this boot of the rig require @what? Its kernel command line's
 * rig_require=a,b,... (tools/rig/boots) names what the boot's QEMU is set
 * up to give, such as pmu_inst (QEMU's -icount makes its PMU count
 * instructions): a test that would otherwise accept its absence then
 * fails without it.
 */
bool av_rig_requires(const char *what);

#endif /* __SELFTESTS_LIB_ARMVCPU_UTIL_H */
