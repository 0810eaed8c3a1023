// SPDX-License-Identifier: GPL-2.0
/*
 * The VM: /dev/armvcpu, guest memory, devices, the files the guest boots
 * from and how they are laid out in RAM, and the VM-wide state changes
 * (stop, reset) that vCPU threads request and the main thread carries out.
 */
#include <errno.h>
#include <fcntl.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "devtree.h"
#include "vmm.h"

#define DEVICE_PATH	"/dev/armvcpu"
#define PAGE_SIZE_4K	0x1000ULL
/* Beyond this a file is surely not meant for a guest of at most 1 TiB. */
#define FILE_MAX	BIT_ULL(40)

static int open_device(void)
{
	int fd = open(DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
		vmm_err("%s does not exist: load the module: insmod armvcpu.ko",
			DEVICE_PATH);
	else if (errno == EACCES || errno == EPERM)
		vmm_err("%s: permission denied: run as root, or give your group access to it (Documentation/api.rst)",
			DEVICE_PATH);
	else
		vmm_err("cannot open %s: %s", DEVICE_PATH, strerror(errno));
	return -1;
}

static int check_extension(struct vmm *vmm, unsigned long cap)
{
	int ret = ioctl(vmm->dev_fd, ARMVCPU_CHECK_EXTENSION, cap);

	return ret < 0 ? 0 : ret;
}

/* Opens the device, checks it can run what was asked, creates the VM. */
int vmm_open(struct vmm *vmm)
{
	struct armvcpu_vm_config cfg = { 0 };
	unsigned int max_vcpus;
	int ret;

	vmm->dev_fd = open_device();
	if (vmm->dev_fd < 0)
		return -1;
	ret = ioctl(vmm->dev_fd, ARMVCPU_GET_API_VERSION, 0);
	if (ret != ARMVCPU_API_VERSION) {
		vmm_err("%s speaks API version %d, this VMM needs %d: rebuild one of them",
			DEVICE_PATH, ret, ARMVCPU_API_VERSION);
		return -1;
	}
	max_vcpus = check_extension(vmm, ARMVCPU_CAP_NR_VCPUS);
	if (vmm->opts.nr_cpus > max_vcpus) {
		vmm_err("%u vCPUs asked, %s allows at most %u per VM",
			vmm->opts.nr_cpus, DEVICE_PATH, max_vcpus);
		return -1;
	}
	vmm->ipa_bits = check_extension(vmm, ARMVCPU_CAP_IPA_SIZE);
	/* Interrupts, the timer and sleeping WFI come with the kernel's GIC. */
	vmm->gic = check_extension(vmm, ARMVCPU_CAP_VGIC) > 0;
	if (vmm->gic)
		cfg.flags |= ARMVCPU_VM_VGIC;
	if (vmm->opts.pmu) {
		/* Its overflow interrupt needs the kernel's GIC. */
		if (!vmm->gic || check_extension(vmm, ARMVCPU_CAP_PMU) <= 0) {
			vmm_err("--pmu: %s offers no PMU (ARMVCPU_CAP_PMU%s)",
				DEVICE_PATH, vmm->gic ? "" : ", ARMVCPU_CAP_VGIC");
			return -1;
		}
		cfg.flags |= ARMVCPU_VM_PMU;
	}
	ret = ioctl(vmm->dev_fd, ARMVCPU_GET_VCPU_MMAP_SIZE, 0);
	if (ret <= 0) {
		vmm_err("ARMVCPU_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
		return -1;
	}
	vmm->run_size = ret;
	vmm->vm_fd = ioctl(vmm->dev_fd, ARMVCPU_CREATE_VM, &cfg);
	if (vmm->vm_fd < 0) {
		vmm_err("ARMVCPU_CREATE_VM: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void format_size(char *buf, size_t len, uint64_t size)
{
	static const char units[] = "KMGT";
	int i = -1;

	while (size >= 1024 && !(size & 1023) && i < 3) {
		size >>= 10;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%llu bytes", (unsigned long long)size);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)size, units[i]);
}

static const char *memory_hint(int err)
{
	if (err != ENOMEM && err != EPERM && err != EAGAIN)
		return "";
	return " (too large for this host, or for RLIMIT_MEMLOCK: try a smaller -m or 'ulimit -l')";
}

int vmm_setup_memory(struct vmm *vmm)
{
	struct armvcpu_userspace_memory_region region = { 0 };
	uint64_t size = vmm->opts.mem_size;
	char sz[32];

	format_size(sz, sizeof(sz), size);
	if (vmm->ipa_bits && BOARD_RAM_BASE + size > BIT_ULL(vmm->ipa_bits)) {
		vmm_err("memory size %s is larger than allowed: RAM at 0x%x must end below 2^%u, the IPA size of "
			DEVICE_PATH, sz, BOARD_RAM_BASE, vmm->ipa_bits);
		return -1;
	}
	vmm->ram.base = BOARD_RAM_BASE;
	vmm->ram.size = size;
	/* 2 MiB aligned, so that huge pages back it (ram.h). */
	vmm->ram.host = ram_map_aligned(size);
	if (vmm->ram.host == MAP_FAILED) {
		vmm_err("cannot allocate %s of guest memory: %s", sz,
			strerror(errno));
		return -1;
	}
	region.slot = 0;
	region.guest_phys_addr = vmm->ram.base;
	region.memory_size = size;
	region.userspace_addr = (uintptr_t)vmm->ram.host;
	if (ioctl(vmm->vm_fd, ARMVCPU_SET_USER_MEMORY_REGION, &region)) {
		vmm_err("cannot give %s of memory to the guest: %s%s", sz,
			strerror(errno), memory_hint(errno));
		return -1;
	}
	return 0;
}

static void exit_device_request(void *ctx, int status)
{
	vmm_request_stop(ctx, status);
}

/* The PL011's interrupt output, wired to its SPI of the in-kernel GIC. */
static void uart_set_irq(void *ctx, bool level)
{
	struct vmm *vmm = ctx;
	struct armvcpu_irq_line line = {
		.line = BOARD_UART_INTID,
		.level = level,
	};

	if (ioctl(vmm->vm_fd, ARMVCPU_IRQ_LINE, &line))
		vmm_err("ARMVCPU_IRQ_LINE %u: %s", line.line, strerror(errno));
}

int vmm_setup_devices(struct vmm *vmm)
{
	struct mmio_device uart, exit;

	mmio_bus_init(&vmm->bus);
	warn_limit_init(&vmm->mmio_warn);
	warn_limit_init(&vmm->sysreg_warn);
	pl011_init(&vmm->uart, STDOUT_FILENO);
	if (vmm->gic) {
		vmm->uart.set_irq = uart_set_irq;
		vmm->uart.irq_ctx = vmm;
	}
	vmm->exitdev.request_exit = exit_device_request;
	vmm->exitdev.ctx = vmm;
	uart = pl011_mmio_device(&vmm->uart, BOARD_UART_BASE);
	exit = exitdev_mmio_device(&vmm->exitdev, BOARD_EXIT_BASE,
				   BOARD_EXIT_SIZE);
	if (mmio_register(&vmm->bus, &uart) || mmio_register(&vmm->bus, &exit)) {
		vmm_err("cannot register the board's devices");
		return -1;
	}
	return 0;
}

static int read_file(struct loaded_file *f, const char *name,
		     const char *what)
{
	struct stat st;
	ssize_t n;
	size_t done = 0;
	int fd;

	f->name = name;
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		vmm_err("cannot open %s '%s': %s", what, name, strerror(errno));
		goto err;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > FILE_MAX) {
		vmm_err("%s '%s' is not a regular file of at most 1T", what,
			name);
		goto err;
	}
	f->len = st.st_size;
	f->data = malloc(f->len ? f->len : 1);
	if (!f->data) {
		vmm_err("cannot allocate %zu bytes for %s '%s'", f->len, what,
			name);
		goto err;
	}
	while (done < f->len) {
		n = read(fd, f->data + done, f->len - done);
		if (n <= 0) {
			vmm_err("cannot read %s '%s': %s", what, name,
				n ? strerror(errno) : "file shrank");
			goto err;
		}
		done += n;
	}
	close(fd);
	return 0;
err:
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Reads every file once: a reset reloads them from memory. */
int vmm_load_files(struct vmm *vmm)
{
	if (read_file(&vmm->image, vmm->opts.image, "image"))
		return -1;
	if (vmm->opts.initrd &&
	    read_file(&vmm->initrd, vmm->opts.initrd, "initrd"))
		return -1;
	if (vmm->opts.dtb && read_file(&vmm->dtb, vmm->opts.dtb, "device tree"))
		return -1;
	return 0;
}

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return align_down(v + a - 1, a);
}

static int too_small(struct vmm *vmm, const char *what, uint64_t need_end)
{
	char sz[32];

	format_size(sz, sizeof(sz), vmm->ram.size);
	vmm_err("%s does not fit in memory: the image ends at 0x%llx and %s of RAM leaves room up to 0x%llx only (use a larger -m)",
		what, (unsigned long long)vmm->image_info.end, sz,
		(unsigned long long)need_end);
	return -1;
}

/*
 * The device tree goes at the top of RAM and the initrd right below it,
 * as far as possible from the image, whose BSS and early allocations
 * grow upwards from it (Documentation/arm64/booting.rst).
 */
static int place_fdt_and_initrd(struct vmm *vmm, uint64_t *initrd_start)
{
	uint64_t ram_end = vmm->ram.base + vmm->ram.size, fdt_size;

	fdt_size = DEVTREE_MAX_SIZE;
	if (vmm->dtb.data)
		fdt_size = align_up(vmm->dtb.len + DEVTREE_PATCH_SLACK +
				    (vmm->opts.append ? strlen(vmm->opts.append) : 0),
				    PAGE_SIZE_4K);
	if (fdt_size > vmm->ram.size)
		return too_small(vmm, "the device tree", vmm->ram.base);
	vmm->fdt_addr = ram_end - fdt_size;
	if (vmm->fdt_addr < vmm->image_info.end)
		return too_small(vmm, "the device tree", vmm->fdt_addr);
	*initrd_start = vmm->fdt_addr;
	if (!vmm->initrd.data)
		return 0;
	if (vmm->initrd.len > vmm->fdt_addr - vmm->image_info.end)
		return too_small(vmm, "the initrd", vmm->fdt_addr);
	*initrd_start = align_down(vmm->fdt_addr - vmm->initrd.len,
				   PAGE_SIZE_4K);
	if (*initrd_start < vmm->image_info.end)
		return too_small(vmm, "the initrd", vmm->fdt_addr);
	memcpy(ram_ptr(&vmm->ram, *initrd_start), vmm->initrd.data,
	       vmm->initrd.len);
	return 0;
}

/* The generated tree, or the user's with /chosen set from the options. */
static int build_fdt(struct vmm *vmm, uint64_t initrd_start)
{
	uint64_t fdt_size = vmm->ram.base + vmm->ram.size - vmm->fdt_addr;
	uint64_t mpidr[VMM_MAX_CPUS];
	struct devtree_params p = {
		.ram_base = vmm->ram.base,
		.ram_size = vmm->ram.size,
		.nr_cpus = vmm->nr_vcpus,
		.mpidr = mpidr,
		.bootargs = vmm->opts.append,
		.initrd_start = initrd_start,
		.initrd_end = initrd_start + vmm->initrd.len,
		.gic = vmm->gic,
		.pmu = vmm->opts.pmu,
	};
	void *fdt = ram_ptr(&vmm->ram, vmm->fdt_addr);
	unsigned int i;
	int ret;

	if (vmm->dtb.data) {
		if (fdt_check_full(vmm->dtb.data, vmm->dtb.len)) {
			vmm_err("'%s' is not a valid device tree blob",
				vmm->dtb.name);
			return -1;
		}
		ret = devtree_patch_chosen(fdt, fdt_size, vmm->dtb.data, &p);
	} else {
		for (i = 0; i < vmm->nr_vcpus; i++)
			mpidr[i] = vmm->vcpus[i].mpidr;
		ret = devtree_build(fdt, fdt_size, &p);
	}
	if (ret) {
		vmm_err("cannot build the device tree: %s", fdt_strerror(ret));
		return -1;
	}
	return 0;
}

/*
 * The guest starts with its MMU off, so it reads RAM as Device memory,
 * past every cache, while the VMM wrote it through a cacheable mapping:
 * what the VMM wrote must be cleaned to the point of coherency first, as
 * booting.rst asks of any loader. Invalidated too, so that a later read
 * by the VMM (the gdb stub's) sees what such a guest wrote past the
 * caches. Linux lets EL0 do this (SCTLR_EL1.UCI).
 */
void clean_to_poc(const struct guest_ram *ram, uint64_t gpa, uint64_t len)
{
#ifdef __aarch64__
	uintptr_t p = (uintptr_t)ram_ptr(ram, gpa), end = p + len;
	uint64_t ctr, line;

	asm volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4UL << ((ctr >> 16) & 0xf);	/* CTR_EL0.DminLine */
	for (p &= ~(line - 1); p < end; p += line)
		asm volatile("dc civac, %0" : : "r"(p) : "memory");
	asm volatile("dsb sy" : : : "memory");
#endif
}

/*
 * Lays out the guest: at start, in RAM fresh from mmap() and so zeroed
 * without touching a page, and again on every reset, after zeroing it.
 * Zeroed by hand: MADV_DONTNEED would give the VMM new pages while the
 * guest keeps the old ones if the kernel pinned them.
 */
int vmm_load_guest(struct vmm *vmm, bool reset)
{
	char err[512];
	uint64_t initrd_start;

	if (reset)
		memset(vmm->ram.host, 0, vmm->ram.size);
	if (image_load(&vmm->ram, vmm->image.data, vmm->image.len,
		       vmm->image.name, vmm->opts.format, &vmm->image_info,
		       err, sizeof(err))) {
		vmm_err("%s", err);
		return -1;
	}
	if (place_fdt_and_initrd(vmm, &initrd_start) ||
	    build_fdt(vmm, initrd_start))
		return -1;
	if (reset) {
		clean_to_poc(&vmm->ram, vmm->ram.base, vmm->ram.size);
		return 0;
	}
	/* Only what was written: other pages may not even be mapped yet. */
	clean_to_poc(&vmm->ram, vmm->image_info.start,
		     vmm->image_info.end - vmm->image_info.start);
	clean_to_poc(&vmm->ram, initrd_start, vmm->initrd.len);
	clean_to_poc(&vmm->ram, vmm->fdt_addr,
		     fdt_totalsize(ram_ptr(&vmm->ram, vmm->fdt_addr)));
	return 0;
}

int vmm_dump_dtb(struct vmm *vmm, const char *path)
{
	const void *fdt = ram_ptr(&vmm->ram, vmm->fdt_addr);
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(fdt, fdt_totalsize(fdt), 1, f) != 1 || fclose(f)) {
		vmm_err("cannot write the device tree to '%s': %s", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* The first request wins: a reset cannot undo a stop. */
void vmm_request_stop(struct vmm *vmm, int status)
{
	pthread_mutex_lock(&vmm->lock);
	if (vmm->state != VM_STOPPED) {
		vmm->state = VM_STOPPED;
		vmm->status = status;
		pthread_cond_broadcast(&vmm->cond);
	}
	pthread_mutex_unlock(&vmm->lock);
}

void vmm_request_reset(struct vmm *vmm)
{
	pthread_mutex_lock(&vmm->lock);
	if (vmm->state == VM_RUNNING) {
		vmm->state = VM_RESETTING;
		pthread_cond_broadcast(&vmm->cond);
	}
	pthread_mutex_unlock(&vmm->lock);
}

enum vm_state vmm_state(struct vmm *vmm)
{
	return __atomic_load_n(&vmm->state, __ATOMIC_ACQUIRE);
}
