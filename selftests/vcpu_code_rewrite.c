// SPDX-License-Identifier: GPL-2.0
/*
 * A VMM rewrites code its guest already ran, cleans it to the point of
 * coherency and invalidates the instruction cache for it (api.rst, what a
 * VMM must do itself), and runs the guest again: the guest reads the new
 * instruction as data and must execute the new instruction, through the
 * same stage-2 mapping of the same pinned page.
 *
 * Once with ordinary stores, once with one SVE predicated store, as
 * glibc's __memcpy_sve copies 32 bytes or less on CPUs with SVE. QEMU's
 * TCG before 8.2 does not drop its translated code for the bytes an SVE
 * store (or DC ZVA) writes after the first one ("accel/tcg: Forward
 * probe size on to notdirty_write"), so under it the guest executes the
 * old instruction although memory holds the new one: that defect, and
 * only that (new data, old code, after SVE stores only), is a skip; it is
 * what made exits_wfx fail on -cpu max when its page had held another
 * guest's code. vcpu_code_rewrite_guest.S is the guest.
 */
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "robust.h"

extern const char vcpu_code_rewrite_guest_start[], vcpu_code_rewrite_guest_end[];

#define MOV_X1_0XA	0xd2800141U	/* the guest's "patch" before */
#define IMAGE_MAX	256

/* One predicated SVE store of @len bytes (at most the vector length). */
static void sve_copy(void *dst, const void *src, size_t len)
{
	asm volatile(".arch_extension sve\n\t"
		     "whilelo p0.b, xzr, %2\n\t"
		     "ld1b {z0.b}, p0/z, [%1]\n\t"
		     "st1b {z0.b}, p0, [%0]"
		     : : "r" (dst), "r" (src), "r" (len) : "v0", "memory");
}

static void rewrite(struct __test_metadata *_metadata, bool sve)
{
	size_t len = vcpu_code_rewrite_guest_end - vcpu_code_rewrite_guest_start;
	__u32 img[IMAGE_MAX / 4], alt;
	size_t patch, n = len / 4;
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u64 data, ran;
	char *code;

	ASSERT_GE(sizeof(img), len);
	memcpy(img, vcpu_code_rewrite_guest_start, len);
	for (patch = 0; patch < n && img[patch] != MOV_X1_0XA; patch++)
		;
	ASSERT_GT(n - 1, patch);
	alt = img[n - 1];
	if (sve) {
		if (!(getauxval(AT_HWCAP) & HWCAP_SVE))
			SKIP(return, "no SVE");
		/* One store, as __memcpy_sve makes for 32 bytes or less. */
		if ((size_t)(prctl(PR_SVE_GET_VL) & PR_SVE_VL_LEN_MASK) < len)
			SKIP(return, "SVE vector shorter than the guest image");
	}

	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, vcpu_code_rewrite);
	code = (char *)vm.ram + (AV_GUEST_ENTRY - AV_RAM_BASE);
	rb_sync_code(code, len);
	EXPECT_EQ(MOV_X1_0XA, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(0xa, av_expect_ucall(&vcpu, AV_UCALL_SYNC));

	img[patch] = alt;
	if (sve)
		sve_copy(code, img, len);
	else
		av_copy_code(code, img, len);
	rb_sync_code(code, len);
	av_set_reg(&vcpu, ARMVCPU_REG_PC, AV_GUEST_ENTRY);
	data = av_expect_ucall(&vcpu, AV_UCALL_SYNC);
	ran = av_expect_ucall(&vcpu, AV_UCALL_SYNC);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);

	/* The guest reads, through its stage 2, what the VMM wrote. */
	ASSERT_EQ(alt, data);
	if (sve && ran == 0xa)
		SKIP(return,
		     "the emulator executed stale translated code after an SVE store (QEMU TCG before 8.2)");
	EXPECT_EQ(0xb, ran);
}

TEST(new_code_runs_after_plain_stores)
{
	rewrite(_metadata, false);
}

TEST(new_code_runs_after_an_sve_store)
{
	rewrite(_metadata, true);
}

TEST_HARNESS_MAIN
