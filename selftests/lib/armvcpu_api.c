// SPDX-License-Identifier: GPL-2.0
/*
 * Thin /dev/armvcpu wrappers returning -errno; see armvcpu_api.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "armvcpu_api.h"

static int av_ret(int ret)
{
	return ret < 0 ? -errno : ret;
}

int __av_open_dev(void)
{
	return av_ret(open("/dev/armvcpu", O_RDWR | O_CLOEXEC));
}

int __av_create_vm(int devfd, __u32 flags, __u32 ipa_bits)
{
	struct armvcpu_vm_config cfg = { .flags = flags, .ipa_bits = ipa_bits };

	return av_ret(ioctl(devfd, ARMVCPU_CREATE_VM, &cfg));
}

int __av_vcpu_mmap_size(int devfd)
{
	return av_ret(ioctl(devfd, ARMVCPU_GET_VCPU_MMAP_SIZE, NULL));
}

int __av_set_region(int vmfd, __u32 slot, __u32 flags, __u64 gpa,
		    __u64 size, __u64 uaddr)
{
	struct armvcpu_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = uaddr,
	};

	return av_ret(ioctl(vmfd, ARMVCPU_SET_USER_MEMORY_REGION, &r));
}

int __av_create_vcpu(int vmfd, __u32 id)
{
	struct armvcpu_vcpu_config cfg = { .id = id };

	return av_ret(ioctl(vmfd, ARMVCPU_CREATE_VCPU, &cfg));
}

struct armvcpu_run *__av_map_run(int vcpufd, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vcpufd, 0);

	return p == MAP_FAILED ? NULL : p;
}

int __av_vcpu_open(int vmfd, __u32 id, size_t size, int *fd,
		   struct armvcpu_run **run)
{
	*run = NULL;
	*fd = __av_create_vcpu(vmfd, id);
	if (*fd < 0)
		return *fd;
	*run = __av_map_run(*fd, size);
	return *run ? 0 : -errno;
}

int __av_irq_line(int vmfd, __u32 line, __u32 level)
{
	struct armvcpu_irq_line l = { .line = line, .level = level };

	return av_ret(ioctl(vmfd, ARMVCPU_IRQ_LINE, &l));
}

int __av_get_reg(int vcpufd, __u64 id, void *val)
{
	struct armvcpu_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return av_ret(ioctl(vcpufd, ARMVCPU_GET_ONE_REG, &r));
}

int __av_set_reg(int vcpufd, __u64 id, const void *val)
{
	struct armvcpu_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return av_ret(ioctl(vcpufd, ARMVCPU_SET_ONE_REG, &r));
}

int __av_set_reg64(int vcpufd, __u64 id, __u64 val)
{
	return __av_set_reg(vcpufd, id, &val);
}

int __av_run(int vcpufd)
{
	return av_ret(ioctl(vcpufd, ARMVCPU_RUN, 0));
}

int __av_stats_fd(int fd)
{
	return av_ret(ioctl(fd, ARMVCPU_GET_STATS_FD, 0));
}

