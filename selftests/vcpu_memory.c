// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory through stage 2: a slot backed by transparent huge pages
 * (mapped with 2 MiB blocks) and one backed by 4 KiB pages both show the
 * guest exactly the host's data at every 512 bytes, and the guest's writes
 * reach the host. Deleting a slot while the vCPU exists unmaps it and
 * flushes the TLB: the guest's next access there is an MMIO exit.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define SLOT_SIZE	(4UL << 20)
#define THP_GPA		0x50000000ULL
#define SMALL_GPA	0x60000000ULL

/* 2 MiB-aligned anonymous memory, with or without huge pages. */
static __u64 *alloc_slot(bool huge)
{
	char *p = mmap(NULL, SLOT_SIZE + (2UL << 20), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	__u64 *mem;

	if (p == MAP_FAILED)
		return NULL;
	mem = (__u64 *)(((uintptr_t)p + (2UL << 20) - 1) & ~((2UL << 20) - 1));
	madvise(mem, SLOT_SIZE, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	return mem;
}

static void fill(__u64 *mem, __u64 gpa)
{
	size_t i;

	for (i = 0; i < SLOT_SIZE / 8; i++)
		mem[i] = (gpa + i * 8) ^ 0x5a5a5a5a5a5a5a5aULL;
}

/* kB of AnonHugePages in the mapping that contains @addr. */
static long thp_kb(void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	unsigned long lo, hi;
	char line[256];
	bool in = false;
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
		else if (in && sscanf(line, "AnonHugePages: %ld", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

TEST(huge_and_small_pages_then_slot_deletion)
{
	__u64 *thp = alloc_slot(true), *small = alloc_slot(false);
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 arg = 0, v = 0x77;
	size_t i;

	ASSERT_NE(NULL, thp);
	ASSERT_NE(NULL, small);
	fill(thp, THP_GPA);
	fill(small, SMALL_GPA);
	TH_LOG("huge-page backing: %ld kB", thp_kb(thp));

	av_vm_create_with_ram(&vm);
	ASSERT_EQ(0, __av_set_region(vm.fd, 1, 0, THP_GPA, SLOT_SIZE,
				     (uintptr_t)thp));
	ASSERT_EQ(0, __av_set_region(vm.fd, 2, 0, SMALL_GPA, SLOT_SIZE,
				     (uintptr_t)small));
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, vcpu_memory);
	av_set_reg(&vcpu, ARMVCPU_REG_X(20), THP_GPA);
	av_set_reg(&vcpu, ARMVCPU_REG_X(21), SLOT_SIZE);
	av_set_reg(&vcpu, ARMVCPU_REG_X(22), SMALL_GPA);
	av_set_reg(&vcpu, ARMVCPU_REG_X(23), SLOT_SIZE);

	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &arg))
		TH_LOG("guest saw a wrong value at 0x%llx",
		       (unsigned long long)arg);
	ASSERT_EQ(1, arg);
	for (i = 0; i < SLOT_SIZE / 8; i += 64) {
		ASSERT_EQ(~(THP_GPA + i * 8), thp[i]);
		ASSERT_EQ(~(SMALL_GPA + i * 8), small[i]);
	}

	ASSERT_EQ(0, __av_set_region(vm.fd, 1, 0, 0, 0, 0));
	ASSERT_EQ(0, __av_run(vcpu.fd));
	ASSERT_EQ(ARMVCPU_EXIT_MMIO, vcpu.run->exit_reason)
		TH_LOG("exit %s", av_exit_name(vcpu.run->exit_reason));
	EXPECT_EQ(THP_GPA, vcpu.run->mmio.phys_addr);
	EXPECT_EQ(0, vcpu.run->mmio.is_write);
	memcpy(vcpu.run->mmio.data, &v, 8);
	ASSERT_EQ(AV_UCALL_SYNC, av_run_ucall(&vcpu, &arg));
	EXPECT_EQ(0x77, arg);
	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
