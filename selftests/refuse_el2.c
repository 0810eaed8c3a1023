// SPDX-License-Identifier: GPL-2.0
/*
 * Run in the refusal boots (tools/rig/boots), module not inserted, with
 * rig_expect = noel2 (no EL2), kvm (kvm-arm.mode=nvhe) or vhe (the kernel
 * runs at EL2): insmod fails with a fitting errno and one dmesg line that
 * says what to do, and the host is left as it was (KVM keeps working).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/kvm.h>

#include "kselftest_harness.h"
#include "el2_util.h"

#define KVM_MISC_MINOR	232

struct refusal {
	const char *expect;
	int err;
	const char *advice;
};

static const struct refusal refusals[] = {
	{ "noel2", ENODEV, "armvcpu: EL2 not available: firmware entered Linux at EL1" },
	{ "kvm", EBUSY, "armvcpu: EL2 is owned by KVM: boot with kvm-arm.mode=none" },
	{ "vhe", EBUSY, "armvcpu: VHE host: add id_aa64mmfr1.vh=0" },
};

static const struct refusal *expected(void)
{
	const char *e = getenv("rig_expect");
	unsigned int i;

	for (i = 0; e && i < ARRAY_SIZE(refusals); i++)
		if (!strcmp(e, refusals[i].expect))
			return &refusals[i];
	return NULL;
}

static void insmod_refused(struct __test_metadata *_metadata,
			   const struct refusal *r)
{
	int mark = el2_kmsg_mark();
	char *log;

	ASSERT_LE(0, mark);
	EXPECT_EQ(-r->err, el2_insmod());
	log = el2_kmsg_since(mark);
	ASSERT_NE(NULL, log);
	EXPECT_EQ(1, el2_count(log, r->advice)) TH_LOG("log: %s", log);
	free(log);
	EXPECT_FALSE(el2_module_loaded());
}

TEST(insmod_refused_with_advice)
{
	const struct refusal *r = expected();

	ASSERT_NE(NULL, r) TH_LOG("rig_expect=%s", getenv("rig_expect"));
	insmod_refused(_metadata, r);
	/* Nothing changed: refused again, the same way. */
	insmod_refused(_metadata, r);
}

static int open_kvm(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT &&
	    !mknod("/tmp/kvm", S_IFCHR | 0600, makedev(10, KVM_MISC_MINOR)))
		fd = open("/tmp/kvm", O_RDWR | O_CLOEXEC);
	return fd;
}

/* KVM owned EL2 before the attempt and still runs VMs after it. */
TEST(kvm_still_creates_vms)
{
	const struct refusal *r = expected();
	int kvm, vm;

	if (!r || strcmp(r->expect, "kvm"))
		SKIP(return, "only in the kvm boot");
	ASSERT_EQ(-EBUSY, el2_insmod());
	kvm = open_kvm();
	ASSERT_LE(0, kvm);
	EXPECT_EQ(KVM_API_VERSION, ioctl(kvm, KVM_GET_API_VERSION, 0));
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	ASSERT_LE(0, vm);
	EXPECT_LE(0, ioctl(vm, KVM_CREATE_VCPU, 0));
	close(vm);
	close(kvm);
	/* And armvcpu still refuses once KVM has been at EL2. */
	insmod_refused(_metadata, r);
}

TEST_HARNESS_MAIN
