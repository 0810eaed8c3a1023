// SPDX-License-Identifier: GPL-2.0
/*
 * SError containment at the world switch: what is pending for the host
 * before an entry stays the host's (EL2 checks ISR_EL1 and returns before
 * loading anything of the guest), and an SError the guest caused that is
 * still in flight at its exit, or an external abort on its access, is the
 * guest's: a virtual SError for it, as KVM, never an exit to the VMM or a
 * host panic (unless the error is uncontainable, which no test can show).
 * QEMU raises no physical SError and no external abort, so debugfs
 * el2_test's hooks stand in: isr_pending makes an interrupt pending for
 * the host before the entry (ISR_EL1.I, checked by the same instruction
 * as ISR_EL1.A), serror_exit puts a deferred SError in DISR_EL1 at the
 * exit (FEAT_RAS only, the -cpu max boot), serror_iss gives it a RAS
 * severity, abort_iss makes an abort report an external abort's fault
 * status and HPFAR_EL2 junk.
 */
#include "kselftest_harness.h"
#include "el2_util.h"
#include "exits_util.h"

#define EC_SERROR	0x2f
#define ESR_IDS		0x1000000ULL	/* ISS.IDS */
#define S1PTW		0x80

/* Every external abort's FSC: kvm_vcpu_abt_issea(). */
static const __u64 sea_fsc[] = {
	0x10, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

/* RAS SError syndromes (AET, DFSC 0x11) a guest survives. */
#define ISS_UEU		0x411
#define ISS_UEO		0x811
#define ISS_UER		0xc11
#define ISS_CE		0x1811

FIXTURE(serror) {
	struct av_vm vm;
	struct av_vcpu vcpu;
};

FIXTURE_SETUP(serror)
{
	av_vm_create_with_ram(&self->vm);
	av_vcpu_create(&self->vm, &self->vcpu, 0);
	AV_LOAD_GUEST(&self->vm, &self->vcpu, serror_contain);
}

FIXTURE_TEARDOWN(serror)
{
	el2_test_set("isr_pending", 0);
	el2_test_set("serror_exit", 0);
	el2_test_set("serror_iss", 0);
	el2_test_set("abort_iss", 0);
	av_vcpu_destroy(&self->vcpu);
	av_vm_destroy(&self->vm);
}

/*
 * Each entry made with an interrupt pending is refused, the host takes
 * the interrupt, and the guest goes on where it was.
 */
TEST_F(serror, pending_for_host_refuses_entry)
{
	long before = el2_test_get("entry_refused");
	__u64 i;

	ASSERT_LE(0, before);
	EXPECT_EQ(1, ex_expect_sync(&self->vcpu));
	ASSERT_EQ(0, el2_test_set("isr_pending", 5));
	for (i = 2; i < 10; i++)
		EXPECT_EQ(i, ex_expect_sync(&self->vcpu));
	EXPECT_EQ(0, el2_test_get("isr_pending"));
	EXPECT_LE(before + 5, el2_test_get("entry_refused"));
}

/* The guest takes a virtual SError after ucall @n, in its window. */
static void expect_vserror(struct __test_metadata *_metadata,
			   struct av_vcpu *vcpu, __u64 n)
{
	struct ex_exc e;

	EXPECT_EQ(n, ex_expect_sync(vcpu));
	ex_expect_exc(vcpu, &e);
	EXPECT_EQ(EC_SERROR, e.esr >> 26);
	EXPECT_EQ(0x380, e.vector);
	EXPECT_EQ(n + 1, ex_expect_sync(vcpu));
}

/*
 * A guest SError deferred by the exit's ESB drops the exit it interrupted
 * (here a ucall's MMIO write) and, its syndrome implementation-defined
 * (CTX_TEST_DISR), makes a virtual SError pending: the VMM sees nothing,
 * the ucall runs again (DISR_EL1 was cleared), and the guest takes the
 * SError, with IDS (VSESR_EL2), once it unmasks PSTATE.A.
 */
TEST_F(serror, deferred_at_exit_is_the_guests)
{
	struct ex_exc e;

	if (el2_test_get("ras") != 1)
		SKIP(return, "no FEAT_RAS: no DISR_EL1 to defer into");
	EXPECT_EQ(1, ex_expect_sync(&self->vcpu));
	ASSERT_EQ(0, el2_test_set("serror_exit", 1));
	EXPECT_EQ(2, ex_expect_sync(&self->vcpu));
	EXPECT_EQ(0, el2_test_get("serror_exit"));
	ex_expect_exc(&self->vcpu, &e);
	EXPECT_EQ(EC_SERROR, e.esr >> 26);
	EXPECT_EQ(ESR_IDS, e.esr & ESR_IDS);
	EXPECT_EQ(0x380, e.vector);
	EXPECT_EQ(3, ex_expect_sync(&self->vcpu));
}

/*
 * With a RAS syndrome the severity decides, as the kernel's
 * arm64_is_fatal_ras_serror(): corrected (CE) and not yet consumed (UEO)
 * leave the guest alone; unrecoverable (UEU) and recoverable (UER) give
 * it a virtual SError. Uncontainable (UC) panics the host: not shown.
 */
TEST_F(serror, ras_severity_decides)
{
	static const __u64 ignored[] = { ISS_CE, ISS_UEO };
	static const __u64 injected[] = { ISS_UEU, ISS_UER };
	__u64 n = 1, i;

	if (el2_test_get("ras") != 1)
		SKIP(return, "no FEAT_RAS: no DISR_EL1 to defer into");
	EXPECT_EQ(n, ex_expect_sync(&self->vcpu));
	for (i = 0; i < ARRAY_SIZE(ignored); i++) {
		ASSERT_EQ(0, el2_test_set("serror_iss", ignored[i]));
		ASSERT_EQ(0, el2_test_set("serror_exit", 1));
		/* No SError in the window: the next ucall comes at once. */
		EXPECT_EQ(++n, ex_expect_sync(&self->vcpu));
		EXPECT_EQ(0, el2_test_get("serror_iss"));
	}
	for (i = 0; i < ARRAY_SIZE(injected); i++) {
		ASSERT_EQ(0, el2_test_set("serror_iss", injected[i]));
		ASSERT_EQ(0, el2_test_set("serror_exit", 1));
		expect_vserror(_metadata, &self->vcpu, ++n);
		n++;
		EXPECT_EQ(0, el2_test_get("serror_iss"));
	}
}

/*
 * A synchronous external abort on a data access, or on its stage-1 walk
 * (S1PTW), whatever its FSC, is never taken for MMIO: HPFAR_EL2 (junk
 * here, IPA 0xff000) is not looked at, the VMM sees no exit, the guest
 * gets a virtual SError and the access runs again.
 */
TEST_F(serror, external_data_abort_is_a_virtual_serror)
{
	__u64 n = 1, i;

	EXPECT_EQ(n, ex_expect_sync(&self->vcpu));
	for (i = 0; i < 2 * ARRAY_SIZE(sea_fsc); i++) {
		__u64 iss = sea_fsc[i / 2] | (i & 1 ? S1PTW : 0);

		ASSERT_EQ(0, el2_test_set("abort_iss", iss));
		expect_vserror(_metadata, &self->vcpu, ++n);
		n++;
		EXPECT_EQ(0, el2_test_get("abort_iss")) TH_LOG("iss %#llx", iss);
	}
}

/*
 * The same on an instruction fetch: a new VM's first exit is the fetch
 * of its first instruction, whose chunk is not mapped yet. Not a prefetch
 * abort: a virtual SError, and the fetch runs again.
 */
TEST_F(serror, external_instruction_abort_is_a_virtual_serror)
{
	static const __u64 iss[] = { 0x10, 0x15, S1PTW | 0x13, S1PTW | 0x1f };
	struct av_vcpu vcpu;
	struct av_vm vm;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(iss); i++) {
		av_vm_create_with_ram(&vm);
		av_vcpu_create(&vm, &vcpu, 0);
		AV_LOAD_GUEST(&vm, &vcpu, serror_contain);
		ASSERT_EQ(0, el2_test_set("abort_iss", iss[i]));
		expect_vserror(_metadata, &vcpu, 1);
		EXPECT_EQ(0, el2_test_get("abort_iss"));
		av_vcpu_destroy(&vcpu);
		av_vm_destroy(&vm);
	}
}

TEST_HARNESS_MAIN
