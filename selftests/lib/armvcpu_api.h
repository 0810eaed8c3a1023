/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bottom layer of the selftests' host helpers: one thin wrapper per
 * /dev/armvcpu call, on plain file descriptors, returning the new fd or
 * 0 on success and -errno on failure. Nothing here prints or exits, so a
 * test can assert the exact errno of a call it expects to be refused.
 *
 * The layers above:
 *   armvcpu_util.h  the asserting layer: struct av_vm/av_vcpu built with
 *                   these calls, and av_die() on any failure; the host
 *                   side of the guests' ucalls (selftests/guest/ucall.h)
 *   exits_util.h    waits for exits and exception reports, asserting
 *   robust.h        PRNG, memory and kernel-log figures, A64 encoder
 *   el2_util.h      the module, CPU hotplug and the EL2 debugfs files
 * Names here start with __av_; the asserting ones with av_.
 */
#ifndef __SELFTESTS_LIB_ARMVCPU_API_H
#define __SELFTESTS_LIB_ARMVCPU_API_H

#include <stddef.h>
#include <linux/types.h>
#include <linux/armvcpu.h>

int __av_open_dev(void);
int __av_create_vm(int devfd, __u32 flags, __u32 ipa_bits);
/* ARMVCPU_GET_VCPU_MMAP_SIZE of /dev/armvcpu. */
int __av_vcpu_mmap_size(int devfd);
/* SET_USER_MEMORY_REGION; @uaddr as the ioctl takes it, checked by none. */
int __av_set_region(int vmfd, __u32 slot, __u32 flags, __u64 gpa,
		    __u64 size, __u64 uaddr);
int __av_create_vcpu(int vmfd, __u32 id);
/* The vCPU's run struct, @size bytes of it; NULL (and errno) on failure. */
struct armvcpu_run *__av_map_run(int vcpufd, size_t size);
/*
 * __av_create_vcpu() and __av_map_run() in one: 0, or -errno with what
 * was made so far left in *fd (else -errno) and *run (else NULL) for
 * the caller's teardown to undo.
 */
int __av_vcpu_open(int vmfd, __u32 id, size_t size, int *fd,
		   struct armvcpu_run **run);
/* ARMVCPU_IRQ_LINE of @line (an INTID) for vCPU 0, no flags. */
int __av_irq_line(int vmfd, __u32 line, __u32 level);
/* ONE_REG of any size: @val points at room for the register's value. */
int __av_get_reg(int vcpufd, __u64 id, void *val);
int __av_set_reg(int vcpufd, __u64 id, const void *val);
int __av_set_reg64(int vcpufd, __u64 id, __u64 val);
/* ARMVCPU_RUN: the exit, whatever the result, is in the run struct. */
int __av_run(int vcpufd);
/* ARMVCPU_GET_STATS_FD on a VM or vCPU fd: the stats fd. */
int __av_stats_fd(int fd);

#endif /* __SELFTESTS_LIB_ARMVCPU_API_H */
