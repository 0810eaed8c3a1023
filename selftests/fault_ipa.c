// SPDX-License-Identifier: GPL-2.0
/*
 * The IPA of a stage-2 abort. HPFAR_EL2 is not valid for a permission
 * fault outside a stage-1 walk (a write to a read-only slot), nor for any
 * abort on Cortex-A57 with erratum 834220: EL2 then translates FAR_EL2
 * with AT S1E1R through the guest's stage 1, and re-enters the guest if
 * that walk fails. QEMU's HPFAR_EL2 is always right and its walks do not
 * race, so debugfs el2_test's hooks make HPFAR_EL2 junk and the walk fail
 * (at_fail). Two junk hooks, one per reason to use AT: hpfar_perm makes
 * HPFAR_EL2 junk only for the permission fault and leaves the choice of
 * AT to the exit's own check, so that check alone decides whether the
 * read-only write is reported at the right IPA; hpfar_erratum makes it
 * junk for every abort and forces AT, as armvcpu does on a CPU with the
 * erratum. fault_ipa_guest.S runs with its MMU on, so that a VA is never
 * the IPA: an exit that used the junk reports IPA 0xff000.
 */
#include <string.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "el2_util.h"
#include "exits_util.h"

#define ROM		0x50000000ULL
#define ROM_SIZE	0x10000ULL
#define HOLE		0x60000000ULL

FIXTURE(ipa) {
	struct av_vm vm;
	struct av_vcpu vcpu;
	__u64 *rom;
};

FIXTURE_SETUP(ipa)
{
	av_vm_create_with_ram(&self->vm);
	av_vcpu_create(&self->vm, &self->vcpu, 0);
	AV_LOAD_GUEST(&self->vm, &self->vcpu, fault_ipa);
	self->rom = mmap(NULL, ROM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->rom);
	self->rom[0] = 0xabcdef0011223344ULL;
	ASSERT_EQ(0, __av_set_region(self->vm.fd, 1, ARMVCPU_MEM_READONLY, ROM,
				     ROM_SIZE, (uintptr_t)self->rom));
}

FIXTURE_TEARDOWN(ipa)
{
	el2_test_set("hpfar_perm", 0);
	el2_test_set("hpfar_erratum", 0);
	el2_test_set("at_fail", 0);
	av_vcpu_destroy(&self->vcpu);
	av_vm_destroy(&self->vm);
	munmap(self->rom, ROM_SIZE);
}

/* The guest's accesses, each exit at its IPA; the read answers @val. */
static void expect_exits(struct __test_metadata *_metadata,
			 struct av_vcpu *vcpu)
{
	struct armvcpu_run *run = vcpu->run;
	__u64 val = 0x5a5a0000a5a5ULL;

	EXPECT_EQ(0xabcdef0011223344ULL, ex_expect_sync(vcpu));

	ex_expect_exit(vcpu, ARMVCPU_EXIT_MMIO);
	EXPECT_EQ(ROM + 8, run->mmio.phys_addr);
	EXPECT_EQ(1, run->mmio.is_write);

	ex_expect_exit(vcpu, ARMVCPU_EXIT_MMIO);
	EXPECT_EQ(HOLE + 0x10, run->mmio.phys_addr);
	EXPECT_EQ(1, run->mmio.is_write);

	ex_expect_exit(vcpu, ARMVCPU_EXIT_MMIO);
	EXPECT_EQ(HOLE + 0x18, run->mmio.phys_addr);
	EXPECT_EQ(0, run->mmio.is_write);
	memcpy(run->mmio.data, &val, 8);
	EXPECT_EQ(val, ex_expect_sync(vcpu));
	av_run_to_done(vcpu);
}

/* No hook: QEMU's HPFAR_EL2 is right, whichever way the IPA is found. */
TEST_F(ipa, read_only_write_and_hole)
{
	expect_exits(_metadata, &self->vcpu);
}

/*
 * A write to a read-only slot is a stage-2 permission fault, whose
 * HPFAR_EL2 is not valid: junk there, nothing forcing AT, and the exit
 * must still take its IPA from AT. The translation faults keep a valid
 * HPFAR_EL2 and report through it.
 */
TEST_F(ipa, permission_fault_uses_at)
{
	long before = el2_test_get("ipa_retry");

	ASSERT_LE(0, before);
	ASSERT_EQ(0, el2_test_set("hpfar_perm", 1));
	expect_exits(_metadata, &self->vcpu);
	EXPECT_EQ(before, el2_test_get("ipa_retry"));
}

/*
 * The same, with the first AT walk made to fail: only the permission
 * fault walks, so it is the exit retried, once, and then reported right.
 */
TEST_F(ipa, permission_fault_walk_is_retried)
{
	long before = el2_test_get("ipa_retry");

	ASSERT_LE(0, before);
	ASSERT_EQ(0, el2_test_set("hpfar_perm", 1));
	ASSERT_EQ(0, el2_test_set("at_fail", 1));
	expect_exits(_metadata, &self->vcpu);
	EXPECT_EQ(0, el2_test_get("at_fail"));
	EXPECT_EQ(before + 1, el2_test_get("ipa_retry"));
}

/*
 * Erratum 834220: HPFAR_EL2 is junk for every abort, ucalls and the MMIO
 * hole's translation faults included; only the forced AT path finds them.
 */
TEST_F(ipa, erratum_every_abort_uses_at)
{
	long before = el2_test_get("ipa_retry");

	ASSERT_LE(0, before);
	ASSERT_EQ(0, el2_test_set("hpfar_erratum", 1));
	expect_exits(_metadata, &self->vcpu);
	EXPECT_EQ(before, el2_test_get("ipa_retry"));
}

/* The walk fails (the guest's tables changed): retried, not reported. */
TEST_F(ipa, failed_walk_is_retried)
{
	long before = el2_test_get("ipa_retry");

	ASSERT_LE(0, before);
	ASSERT_EQ(0, el2_test_set("hpfar_erratum", 1));
	ASSERT_EQ(0, el2_test_set("at_fail", 3));
	expect_exits(_metadata, &self->vcpu);
	EXPECT_EQ(0, el2_test_get("at_fail"));
	EXPECT_EQ(before + 3, el2_test_get("ipa_retry"));
}

TEST_HARNESS_MAIN
