// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-runner: the smallest /dev/kvm VMM that runs the benchmark guests of
 * tools/bench, so that armvcpu's exit costs can be set against KVM's on the
 * same kernel (make bench, Documentation/performance.rst). It exists for
 * that comparison only.
 *
 * It presents the board of armvcpu-vmm (tools/vmm/include/board.h) through
 * tools/bench/runner.c, which tools/bench/armvcpu-runner shares: RAM at
 * BOARD_RAM_BASE, the raw image at BOARD_IMAGE_BASE with x0 = 0, the PL011
 * and the exit device.
 *
 * Usage: kvm-runner [-m MIB] IMAGE
 * Exit status: the guest's exit-device status, 0 on PSCI SYSTEM_OFF, 1 on
 * any error.
 */
#include <err.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/armvcpu.h>	/* only where armvcpu puts its GIC */
#include <linux/kvm.h>

#include "board.h"
#include "runner.h"

#define CORE_REG(name)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | \
			 KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(name))

static int vcpu_setup(int vm)
{
	struct kvm_vcpu_init init;
	uint64_t pc = BOARD_IMAGE_BASE;
	struct kvm_one_reg reg = {
		.id = CORE_REG(regs.pc),
		.addr = (uintptr_t)&pc,
	};
	int vcpu;

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		err(1, "KVM_CREATE_VCPU");
	if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init))
		err(1, "KVM_ARM_PREFERRED_TARGET");
	/* PSCI 0.2+ so that SYSTEM_OFF becomes a system event. */
	init.features[0] |= 1U << KVM_ARM_VCPU_PSCI_0_2;
	if (ioctl(vcpu, KVM_ARM_VCPU_INIT, &init))
		err(1, "KVM_ARM_VCPU_INIT");
	/* The reset state is EL1h with DAIF masked and x0-x30 zero. */
	if (ioctl(vcpu, KVM_SET_ONE_REG, &reg))
		err(1, "KVM_SET_ONE_REG PC");
	return vcpu;
}

static void vgic_attr(int gic, __u32 group, __u64 attr, __u64 *val)
{
	struct kvm_device_attr a = {
		.group = group,
		.attr = attr,
		.addr = (uintptr_t)val,
	};

	if (ioctl(gic, KVM_SET_DEVICE_ATTR, &a))
		err(1, "KVM_SET_DEVICE_ATTR %u/%llu", group, (unsigned long long)attr);
}

/*
 * An in-kernel GICv3 where armvcpu puts its own (ARMVCPU_VGIC_*, QEMU
 * virt's addresses), as any VMM running an unmodified guest has: both
 * hypervisors then switch their interrupt state on every exit.
 */
static void vgic_setup(int vm)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	__u64 dist = ARMVCPU_VGIC_GICD_BASE, redist = ARMVCPU_VGIC_GICR_BASE;

	if (ioctl(vm, KVM_CREATE_DEVICE, &cd))
		err(1, "KVM_CREATE_DEVICE GICv3");
	vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST,
		  &dist);
	vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
		  KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist);
	vgic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT,
		  NULL);
}

static int run_loop(int vcpu, struct kvm_run *run)
{
	for (;;) {
		if (!runner_ran(ioctl(vcpu, KVM_RUN, 0), "KVM_RUN"))
			continue;
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			runner_mmio(run->mmio.phys_addr, run->mmio.data,
				    run->mmio.len, run->mmio.is_write);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			if (run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN)
				return 0;
			errx(1, "guest system event %u", run->system_event.type);
		case KVM_EXIT_INTR:
			break;
		default:
			errx(1, "unexpected exit reason %u", run->exit_reason);
		}
	}
}

int main(int argc, char **argv)
{
	struct kvm_userspace_memory_region region = { 0 };
	struct runner_ram ram;
	struct kvm_run *run;
	int kvm, vm, vcpu;
	long run_size;

	runner_setup(argc, argv, &ram);
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		err(1, "/dev/kvm (boot with kvm-arm.mode=nvhe)");
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		errx(1, "KVM API version is not %d", KVM_API_VERSION);
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		err(1, "KVM_CREATE_VM");
	runner_mark("vm");

	region.slot = 0;
	region.guest_phys_addr = BOARD_RAM_BASE;
	region.memory_size = ram.size;
	region.userspace_addr = (uintptr_t)ram.host;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region))
		err(1, "KVM_SET_USER_MEMORY_REGION");
	runner_mark("memslot");

	vcpu = vcpu_setup(vm);
	vgic_setup(vm);
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (long)sizeof(*run))
		errx(1, "KVM_GET_VCPU_MMAP_SIZE gave %ld", run_size);
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		err(1, "mmap kvm_run");
	runner_mark("vcpu");
	return run_loop(vcpu, run);
}
