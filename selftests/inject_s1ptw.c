// SPDX-License-Identifier: GPL-2.0
/*
 * Stage-1 page-table walks that leave guest memory: the guest's load and
 * its instruction fetch through a table at an IPA no memslot covers come
 * back to the guest as a synchronous external abort (data abort and
 * prefetch abort, FAR = the virtual address), with no exit, as on a
 * machine with nothing at that address. inject_s1ptw_guest.S runs it.
 */
#include "kselftest_harness.h"
#include "exits_util.h"

#define TABLES		(AV_RAM_BASE + 0x200000)
#define BAD_TABLE	0x0d000000ULL	/* no memslot */
#define BAD_VA		0x80001000ULL

#define DESC_BLOCK	0x1ULL
#define DESC_TABLE	0x3ULL
#define DESC_AF		0x400ULL
#define DESC_ISH	0x300ULL
#define DESC_ATTR1	0x4ULL		/* MAIR attr1: Normal WB */

TEST(walks_outside_memory_abort_in_the_guest)
{
	struct av_vcpu vcpu;
	struct ex_exc exc;
	struct av_vm vm;
	__u64 *l1, pc;

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, inject_s1ptw);

	/* Level-1 table, 1 GiB per entry (T0SZ 25, 4 KiB granule). */
	l1 = (__u64 *)((char *)vm.ram + (TABLES - AV_RAM_BASE));
	l1[0] = 0x00000000ULL | DESC_AF | DESC_BLOCK;		/* Device */
	l1[1] = AV_RAM_BASE | DESC_AF | DESC_ISH | DESC_ATTR1 | DESC_BLOCK;
	l1[2] = BAD_TABLE | DESC_TABLE;

	EXPECT_EQ(1, ex_expect_sync(&vcpu));

	ex_expect_exc(&vcpu, &exc);
	EXPECT_EQ(0x96000010ULL, exc.esr);		/* dabt, current EL */
	EXPECT_EQ(BAD_VA, exc.far);
	pc = exc.elr;
	EXPECT_EQ(0xf9400123U, ex_insn_at(&vm, pc));	/* ldr x3, [x9] */
	EXPECT_EQ(0x200, exc.vector);

	ex_expect_exc(&vcpu, &exc);
	EXPECT_EQ(0x86000010ULL, exc.esr);		/* pabt, current EL */
	EXPECT_EQ(BAD_VA, exc.far);
	EXPECT_EQ(BAD_VA, exc.elr);

	av_run_to_done(&vcpu);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
