// SPDX-License-Identifier: GPL-2.0
/*
 * armvcpu-runner: tools/kvm-runner's twin on /dev/armvcpu. It runs the
 * benchmark guests with exactly the userspace work kvm-runner does (the
 * same board, tools/bench/runner.c), so that the difference between the two
 * is the hypervisors' alone; armvcpu-vmm, the VMM users get, is measured
 * beside it.
 *
 * Usage: armvcpu-runner [-m MIB] IMAGE
 * Exit status: the guest's exit-device status, 0 on PSCI SYSTEM_OFF, 1 on
 * any error. Hypercalls are answered NOT_SUPPORTED (the preset), reads of
 * trapped system registers as zero, writes ignored.
 */
#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/armvcpu.h>

#include "board.h"
#include "runner.h"

static int run_loop(int vcpu, struct armvcpu_run *run)
{
	for (;;) {
		if (!runner_ran(ioctl(vcpu, ARMVCPU_RUN, 0), "ARMVCPU_RUN"))
			continue;
		switch (run->exit_reason) {
		case ARMVCPU_EXIT_MMIO:
			runner_mmio(run->mmio.phys_addr, run->mmio.data,
				    run->mmio.len, run->mmio.is_write);
			break;
		case ARMVCPU_EXIT_SYSREG:
			if (!run->sysreg.is_write)
				run->sysreg.value = 0;
			break;
		case ARMVCPU_EXIT_HYPERCALL:
		case ARMVCPU_EXIT_INTR:
			break;
		case ARMVCPU_EXIT_SYSTEM_DOWN:
			return 0;
		default:
			errx(1, "unexpected exit reason %u", run->exit_reason);
		}
	}
}

int main(int argc, char **argv)
{
	struct armvcpu_userspace_memory_region region = { 0 };
	struct armvcpu_vcpu_config vcpu_cfg = { 0 };
	/* With its in-kernel GICv3, as armvcpu-vmm and kvm-runner run. */
	struct armvcpu_vm_config vm_cfg = { .flags = ARMVCPU_VM_VGIC };
	uint64_t pc = BOARD_IMAGE_BASE;
	struct armvcpu_one_reg reg = {
		.id = ARMVCPU_REG_PC,
		.addr = (uintptr_t)&pc,
	};
	struct armvcpu_run *run;
	int dev, vm, vcpu;
	struct runner_ram ram;
	long run_size;

	runner_setup(argc, argv, &ram);
	dev = open("/dev/armvcpu", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		err(1, "/dev/armvcpu (insmod armvcpu.ko)");
	if (ioctl(dev, ARMVCPU_GET_API_VERSION, 0) != ARMVCPU_API_VERSION)
		errx(1, "armvcpu API version is not %d", ARMVCPU_API_VERSION);
	vm = ioctl(dev, ARMVCPU_CREATE_VM, &vm_cfg);
	if (vm < 0)
		err(1, "ARMVCPU_CREATE_VM");
	runner_mark("vm");

	region.slot = 0;
	region.guest_phys_addr = BOARD_RAM_BASE;
	region.memory_size = ram.size;
	region.userspace_addr = (uintptr_t)ram.host;
	if (ioctl(vm, ARMVCPU_SET_USER_MEMORY_REGION, &region))
		err(1, "ARMVCPU_SET_USER_MEMORY_REGION");
	runner_mark("memslot");

	vcpu = ioctl(vm, ARMVCPU_CREATE_VCPU, &vcpu_cfg);
	if (vcpu < 0)
		err(1, "ARMVCPU_CREATE_VCPU");
	/* x0-x30 start at zero, PSTATE at EL1h with DAIF masked. */
	if (ioctl(vcpu, ARMVCPU_SET_ONE_REG, &reg))
		err(1, "ARMVCPU_SET_ONE_REG PC");
	run_size = ioctl(dev, ARMVCPU_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (long)sizeof(*run))
		errx(1, "ARMVCPU_GET_VCPU_MMAP_SIZE gave %ld", run_size);
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		err(1, "mmap armvcpu_run");
	runner_mark("vcpu");
	return run_loop(vcpu, run);
}
