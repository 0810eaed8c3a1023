// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-runner: the smallest /dev/kvm VMM that runs the benchmark guests of
 * tools/bench, so that armvcpu's exit costs can be set against KVM's on the
 * same kernel (make bench, Documentation/performance.rst). It exists for
 * that comparison only.
 *
 * It presents the board of armvcpu-vmm (tools/vmm/include/board.h): RAM at
 * BOARD_RAM_BASE, the raw image at BOARD_IMAGE_BASE with x0 = 0, a PL011
 * whose data register prints to stdout and whose other registers are plain
 * storage, and the exit device. Every other MMIO address reads as zero and
 * ignores writes, as armvcpu-vmm does without --strict-mmio.
 *
 * Usage: kvm-runner [-m MIB] IMAGE
 * Exit status: the guest's exit-device status, 0 on PSCI SYSTEM_OFF, 1 on
 * any error.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "board.h"
#include "pl011.h"

#define PL011_NR_REGS		(BOARD_UART_SIZE / 4)

#define DEFAULT_MEM_MIB		128

#define CORE_REG(name)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | \
			 KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(name))

static uint32_t uart_regs[PL011_NR_REGS];

static uint64_t mmio_read(uint64_t addr)
{
	uint64_t off = addr - BOARD_UART_BASE;

	if (addr < BOARD_UART_BASE || off >= BOARD_UART_SIZE)
		return 0;
	/* Transmit FIFO always empty, nothing to receive. */
	if (off == PL011_FR)
		return PL011_FR_TXFE | PL011_FR_RXFE;
	return uart_regs[off / 4];
}

static void mmio_write(uint64_t addr, uint64_t val)
{
	uint64_t off = addr - BOARD_UART_BASE;
	char c = val;

	if (addr == BOARD_EXIT_BASE + BOARD_EXIT_STATUS)
		exit(val & 0xff);
	if (addr < BOARD_UART_BASE || off >= BOARD_UART_SIZE)
		return;
	/* One write per character, as a console must: nothing is buffered. */
	if (off == PL011_DR) {
		if (write(STDOUT_FILENO, &c, 1) != 1)
			err(1, "write to stdout");
		return;
	}
	uart_regs[off / 4] = val;
}

static void handle_mmio(struct kvm_run *run)
{
	uint64_t val = 0;

	if (run->mmio.len > sizeof(val))
		errx(1, "MMIO access of %u bytes", run->mmio.len);
	if (run->mmio.is_write) {
		memcpy(&val, run->mmio.data, run->mmio.len);
		mmio_write(run->mmio.phys_addr, val);
	} else {
		val = mmio_read(run->mmio.phys_addr);
		memcpy(run->mmio.data, &val, run->mmio.len);
	}
}

static size_t load_image(const char *path, void *ram, size_t ram_size)
{
	size_t room = ram_size - BOARD_IMAGE_OFFSET;
	size_t done = 0;
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		err(1, "%s", path);
	if ((uint64_t)st.st_size > room) {
		errx(1, "%s: %lld bytes do not fit in RAM after offset 0x%x",
		     path, (long long)st.st_size, BOARD_IMAGE_OFFSET);
	}
	while (done < (size_t)st.st_size) {
		n = read(fd, (char *)ram + BOARD_IMAGE_OFFSET + done,
			 st.st_size - done);
		if (n <= 0)
			err(1, "read %s", path);
		done += n;
	}
	close(fd);
	return done;
}

static void set_core_reg(int vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	if (ioctl(vcpu, KVM_SET_ONE_REG, &reg))
		err(1, "KVM_SET_ONE_REG 0x%llx", (unsigned long long)id);
}

static int vcpu_setup(int vm)
{
	struct kvm_vcpu_init init;
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
	set_core_reg(vcpu, CORE_REG(regs.pc), BOARD_IMAGE_BASE);
	return vcpu;
}

static int run_loop(int vcpu, struct kvm_run *run)
{
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0)) {
			if (errno == EINTR)
				continue;
			err(1, "KVM_RUN");
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			handle_mmio(run);
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
	unsigned long mem_mib = DEFAULT_MEM_MIB;
	struct kvm_run *run;
	int kvm, vm, vcpu, opt;
	size_t ram_size;
	long run_size;
	char *end;
	void *ram;

	while ((opt = getopt(argc, argv, "m:")) != -1) {
		switch (opt) {
		case 'm':
			errno = 0;
			mem_mib = strtoul(optarg, &end, 10);
			if (errno || *end || mem_mib < 1 || mem_mib > 65536)
				errx(1, "-m takes MiB, 1..65536");
			break;
		default:
			errx(1, "usage: kvm-runner [-m MIB] IMAGE");
		}
	}
	if (optind != argc - 1)
		errx(1, "usage: kvm-runner [-m MIB] IMAGE");
	ram_size = mem_mib << 20;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		err(1, "/dev/kvm (boot with kvm-arm.mode=nvhe)");
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		errx(1, "KVM API version is not %d", KVM_API_VERSION);
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		err(1, "KVM_CREATE_VM");

	/* Plain anonymous memory, populated by the guest's own accesses. */
	ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram == MAP_FAILED)
		err(1, "mmap %zu bytes of guest RAM", ram_size);
	load_image(argv[optind], ram, ram_size);
	region.slot = 0;
	region.guest_phys_addr = BOARD_RAM_BASE;
	region.memory_size = ram_size;
	region.userspace_addr = (uintptr_t)ram;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region))
		err(1, "KVM_SET_USER_MEMORY_REGION");

	vcpu = vcpu_setup(vm);
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (long)sizeof(*run))
		errx(1, "KVM_GET_VCPU_MMAP_SIZE gave %ld", run_size);
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		err(1, "mmap kvm_run");
	return run_loop(vcpu, run);
}
