// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side helpers shared by the selftests; see armvcpu_util.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest.h"
#include "armvcpu_util.h"

void av_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "# ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

/* @ret of an armvcpu_api.h call: dies with @what unless it succeeded. */
static int av_check(int ret, const char *what)
{
	if (ret < 0)
		av_die("%s: %s", what, strerror(-ret));
	return ret;
}

int av_open_dev(void)
{
	return av_check(__av_open_dev(), "open /dev/armvcpu");
}

void av_vm_create_flags(struct av_vm *vm, __u32 flags)
{
	memset(vm, 0, sizeof(*vm));
	vm->sys_fd = av_open_dev();
	vm->fd = av_check(__av_create_vm(vm->sys_fd, flags, 0),
			  "ARMVCPU_CREATE_VM");
}

void av_vm_create(struct av_vm *vm)
{
	av_vm_create_flags(vm, 0);
}

void *av_vm_add_mem(struct av_vm *vm, __u32 slot, __u64 gpa,
		    __u64 size, __u32 flags)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ret;

	if (p == MAP_FAILED)
		av_die("mmap %llu bytes: %s", (unsigned long long)size,
		       strerror(errno));
	ret = __av_set_region(vm->fd, slot, flags, gpa, size, (uintptr_t)p);
	if (ret)
		av_die("SET_USER_MEMORY_REGION slot %u: %s", slot,
		       strerror(-ret));
	return p;
}

void av_vm_create_with_ram_flags(struct av_vm *vm, __u32 flags)
{
	av_vm_create_flags(vm, flags);
	vm->ram = av_vm_add_mem(vm, 0, AV_RAM_BASE, AV_RAM_SIZE, 0);
	vm->ram_size = AV_RAM_SIZE;
}

void av_vm_create_with_ram(struct av_vm *vm)
{
	av_vm_create_with_ram_flags(vm, 0);
}

void av_vm_destroy(struct av_vm *vm)
{
	close(vm->fd);
	close(vm->sys_fd);
	/* After close: the kernel unpinned the pages when the VM died. */
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	memset(vm, 0, sizeof(*vm));
}

void av_vcpu_create(struct av_vm *vm, struct av_vcpu *vcpu, __u32 id)
{
	int size = av_check(__av_vcpu_mmap_size(vm->sys_fd),
			    "ARMVCPU_GET_VCPU_MMAP_SIZE");
	int ret = __av_vcpu_open(vm->fd, id, size, &vcpu->fd, &vcpu->run);

	vcpu->id = id;
	if (ret)
		av_die("vCPU %u: %s: %s", id, vcpu->fd < 0 ?
		       "ARMVCPU_CREATE_VCPU" : "mmap run struct",
		       strerror(-ret));
}

void av_irq_line(struct av_vm *vm, __u32 line, __u32 level)
{
	int ret = __av_irq_line(vm->fd, line, level);

	if (ret)
		av_die("ARMVCPU_IRQ_LINE %u level %u: %s", line, level,
		       strerror(-ret));
}

void av_vcpu_destroy(struct av_vcpu *vcpu)
{
	munmap(vcpu->run, sysconf(_SC_PAGESIZE));
	close(vcpu->fd);
}

__u64 av_get_reg(struct av_vcpu *vcpu, __u64 id)
{
	__u64 v = 0;
	int ret = __av_get_reg(vcpu->fd, id, &v);

	if (ret)
		av_die("GET_ONE_REG 0x%llx: %s", (unsigned long long)id,
		       strerror(-ret));
	return v;
}

void av_set_reg(struct av_vcpu *vcpu, __u64 id, __u64 val)
{
	int ret = __av_set_reg64(vcpu->fd, id, val);

	if (ret)
		av_die("SET_ONE_REG 0x%llx: %s", (unsigned long long)id,
		       strerror(-ret));
}

/*
 * Not memcpy(): with SVE, glibc copies 32 bytes or less with one SVE
 * store, and QEMU's TCG before 8.2 then keeps its translations of every
 * byte but the first; a guest whose page held another guest's code
 * (pages are reused) ran that code (vcpu_code_rewrite.c shows it). QEMU
 * drops the translations of each word an ordinary store writes.
 */
void av_copy_code(void *dst, const void *src, size_t len)
{
	const unsigned char *s = src;
	unsigned char *d = dst;
	size_t i = 0;
	__u32 w;

	/* Relaxed atomic stores: the compiler may not merge them into memcpy(). */
	if (!(((uintptr_t)dst | (uintptr_t)src) & 3))
		for (; i + 4 <= len; i += 4) {
			memcpy(&w, s + i, 4);
			__atomic_store_n((__u32 *)(d + i), w, __ATOMIC_RELAXED);
		}
	for (; i < len; i++)
		__atomic_store_n(d + i, s[i], __ATOMIC_RELAXED);
}

void av_load_guest(struct av_vm *vm, struct av_vcpu *vcpu,
		   const void *start, const void *end)
{
	size_t len = (const char *)end - (const char *)start;
	__u64 off = AV_GUEST_ENTRY - AV_RAM_BASE;

	if (!vm->ram || off + len > vm->ram_size)
		av_die("guest image of %zu bytes does not fit", len);
	av_copy_code((char *)vm->ram + off, start, len);
	av_set_reg(vcpu, ARMVCPU_REG_PC, AV_GUEST_ENTRY);
}

const char *av_exit_name(__u32 reason)
{
	static const char * const names[] = {
		[ARMVCPU_EXIT_UNKNOWN] = "UNKNOWN",
		[ARMVCPU_EXIT_MMIO] = "MMIO",
		[ARMVCPU_EXIT_HYPERCALL] = "HYPERCALL",
		[ARMVCPU_EXIT_INTR] = "INTR",
		[ARMVCPU_EXIT_SYSREG] = "SYSREG",
		[ARMVCPU_EXIT_CPU_UP] = "CPU_UP",
		[ARMVCPU_EXIT_CPU_DOWN] = "CPU_DOWN",
		[ARMVCPU_EXIT_SYSTEM_DOWN] = "SYSTEM_DOWN",
		[ARMVCPU_EXIT_SYSTEM_RESET] = "SYSTEM_RESET",
		[ARMVCPU_EXIT_MMIO_NISV] = "MMIO_NISV",
		[ARMVCPU_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
		[ARMVCPU_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
	};

	if (reason < ARRAY_SIZE(names) && names[reason])
		return names[reason];
	return "?";
}

static noreturn void av_die_exit(struct av_vcpu *vcpu)
{
	struct armvcpu_run *run = vcpu->run;

	if (run->exit_reason == ARMVCPU_EXIT_INTERNAL_ERROR)
		av_die("vCPU %u: INTERNAL_ERROR %u esr 0x%llx far 0x%llx pc 0x%llx",
		       vcpu->id, run->internal_error.suberror,
		       (unsigned long long)run->internal_error.esr,
		       (unsigned long long)run->internal_error.far,
		       (unsigned long long)run->internal_error.pc);
	if (run->exit_reason == ARMVCPU_EXIT_MMIO)
		av_die("vCPU %u: unexpected MMIO %s 0x%llx len %u",
		       vcpu->id, run->mmio.is_write ? "write" : "read",
		       (unsigned long long)run->mmio.phys_addr, run->mmio.len);
	av_die("vCPU %u: unexpected exit %s (%u)", vcpu->id,
	       av_exit_name(run->exit_reason), run->exit_reason);
}

enum av_ucall_part av_get_ucall(struct av_vcpu *vcpu, struct av_ucall *uc)
{
	struct armvcpu_run *run = vcpu->run;
	__u64 val;

	if (run->exit_reason != ARMVCPU_EXIT_MMIO ||
	    !run->mmio.is_write || run->mmio.len != 8)
		return AV_UCALL_PART_OTHER;
	memcpy(&val, run->mmio.data, 8);
	if (run->mmio.phys_addr == AV_UCALL_ARG_ADDR) {
		uc->arg = val;
		return AV_UCALL_PART_ARG;
	}
	if (run->mmio.phys_addr != AV_UCALL_ADDR)
		return AV_UCALL_PART_OTHER;
	/* Say, x0 never set: no code a guest may send. */
	if (val == AV_UCALL_NONE)
		av_die("vCPU %u: ucall with code %u (AV_UCALL_NONE) at pc 0x%llx",
		       vcpu->id, AV_UCALL_NONE,
		       (unsigned long long)av_get_reg(vcpu, ARMVCPU_REG_PC));
	uc->code = val;
	return AV_UCALL_PART_CODE;
}

__u64 av_run_ucall(struct av_vcpu *vcpu, __u64 *arg)
{
	struct av_ucall uc = { AV_UCALL_NONE, 0 };
	bool got_arg = false;
	int ret;

	for (;;) {
		ret = __av_run(vcpu->fd);
		if (ret)
			av_die("vCPU %u: RUN: %s (exit %s)", vcpu->id,
			       strerror(-ret),
			       av_exit_name(vcpu->run->exit_reason));
		switch (av_get_ucall(vcpu, &uc)) {
		case AV_UCALL_PART_OTHER:
			av_die_exit(vcpu);
		case AV_UCALL_PART_ARG:
			got_arg = true;
			continue;
		case AV_UCALL_PART_CODE:
			break;
		}
		/* A code without an argument leaves the caller's as it was. */
		if (arg && got_arg)
			*arg = uc.arg;
		return uc.code;
	}
}

__u64 av_expect_ucall(struct av_vcpu *vcpu, __u64 want)
{
	__u64 arg = 0, code = av_run_ucall(vcpu, &arg);

	if (code == AV_UCALL_FAIL)
		av_die("vCPU %u: guest assertion %llu failed", vcpu->id,
		       (unsigned long long)arg);
	if (code != want)
		av_die("vCPU %u: ucall %llu instead of %llu", vcpu->id,
		       (unsigned long long)code, (unsigned long long)want);
	return arg;
}

void av_run_to_done(struct av_vcpu *vcpu)
{
	av_expect_ucall(vcpu, AV_UCALL_DONE);
}

__u64 av_stat(int fd, const char *name)
{
	size_t dsize = sizeof(struct armvcpu_stats_desc) +
		       ARMVCPU_STATS_NAME_SIZE;
	struct armvcpu_stats_header h;
	struct {
		struct armvcpu_stats_desc d;
		char name[ARMVCPU_STATS_NAME_SIZE];
	} e;
	__u64 v;
	__u32 i;
	int sfd = av_check(__av_stats_fd(fd), "GET_STATS_FD");

	if (pread(sfd, &h, sizeof(h), 0) != sizeof(h) ||
	    h.name_size != ARMVCPU_STATS_NAME_SIZE)
		av_die("stats fd: bad header");
	for (i = 0; i < h.num_desc; i++) {
		if (pread(sfd, &e, dsize, h.desc_offset + i * dsize) !=
		    (ssize_t)dsize)
			av_die("stats fd: descriptor %u unreadable", i);
		if (strncmp(e.name, name, sizeof(e.name)))
			continue;
		if (pread(sfd, &v, sizeof(v), h.data_offset + e.d.offset) !=
		    sizeof(v))
			av_die("stats fd: %s unreadable", name);
		close(sfd);
		return v;
	}
	av_die("stats fd: no counter %s", name);
}

bool av_rig_requires(const char *what)
{
	const char *list = getenv("rig_require");
	size_t len = strlen(what);

	while (list && *list) {
		if (!strncmp(list, what, len) &&
		    (list[len] == ',' || !list[len]))
			return true;
		list = strchr(list, ',');
		if (list)
			list++;
	}
	return false;
}
