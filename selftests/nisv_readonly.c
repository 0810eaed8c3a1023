// SPDX-License-Identifier: GPL-2.0
/*
 * ARMVCPU_MEM_READONLY: the guest reads the slot's memory without exits;
 * its writes become MMIO write exits carrying the data (MMIO_NISV without
 * a syndrome) and leave the memory as it was. Also WFI and WFE: trapped,
 * they return to the guest. nisv_readonly_guest.S makes the accesses.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "exits_util.h"

#define ROM		0x50000000ULL
#define ROM_SIZE	0x10000ULL

TEST(readonly_slot_and_wfx)
{
	struct armvcpu_abort a = { .type = ARMVCPU_ABORT_DATA, .addr = ROM };
	struct armvcpu_run *run;
	struct av_vcpu vcpu;
	struct ex_exc exc;
	struct av_vm vm;
	__u64 *rom, data;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, nisv_readonly);
	run = vcpu.run;
	EXPECT_EQ(1, ioctl(vm.fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_READONLY_MEM));

	/* Contents first: the guest reads with its MMU (and caches) off. */
	rom = mmap(NULL, ROM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, rom);
	rom[0] = 0xabcdef0011223344ULL;
	rom[1] = 0x1111111111111111ULL;
	rom[2] = 0x2222222222222222ULL;
	ASSERT_EQ(0, __av_set_region(vm.fd, 1, ARMVCPU_MEM_READONLY, ROM,
				     ROM_SIZE, (__u64)(unsigned long)rom));

	EXPECT_EQ(0xabcdef0011223344ULL, ex_expect_sync(&vcpu));

	ex_expect_exit(&vcpu, ARMVCPU_EXIT_MMIO);
	EXPECT_EQ(ROM + 8, run->mmio.phys_addr);
	EXPECT_EQ(8, run->mmio.len);
	EXPECT_EQ(1, run->mmio.is_write);
	memcpy(&data, run->mmio.data, 8);
	EXPECT_EQ(0x0123456789abcdefULL, data);

	ex_expect_exit(&vcpu, ARMVCPU_EXIT_MMIO);
	EXPECT_EQ(ROM + 18, run->mmio.phys_addr);
	EXPECT_EQ(2, run->mmio.len);
	EXPECT_EQ(1, run->mmio.is_write);
	data = 0;
	memcpy(&data, run->mmio.data, 8);
	EXPECT_EQ(0xcdefULL, data);

	/* The writes went to the VMM, not to the memory. */
	EXPECT_EQ(0x1111111111111111ULL, ex_expect_sync(&vcpu));
	EXPECT_EQ(0x1111111111111111ULL, rom[1]);
	EXPECT_EQ(0x2222222222222222ULL, rom[2]);

	/* STP: no syndrome, so no MMIO exit; the VMM aborts it. */
	ex_expect_exit(&vcpu, ARMVCPU_EXIT_MMIO_NISV);
	EXPECT_EQ(ROM + 32, run->mmio_nisv.ipa);
	ASSERT_EQ(0, ioctl(vcpu.fd, ARMVCPU_INJECT_ABORT, &a));
	ex_expect_exc(&vcpu, &exc);
	EXPECT_EQ(0x96000010ULL, exc.esr);

	/* WFI and WFE come back without an exit to userspace. */
	EXPECT_EQ(0xf1, ex_expect_sync(&vcpu));
	av_run_to_done(&vcpu);

	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
	munmap(rom, ROM_SIZE);
}

TEST_HARNESS_MAIN
