// SPDX-License-Identifier: GPL-2.0
/*
 * FP/SIMD isolation: the guest sees the V0-V31/FPSR/FPCR userspace set,
 * not the host's; the host task's registers (a random pattern loaded just
 * before RUN, see rb_run_checked()) come back intact; the guest's values
 * are what GET_ONE_REG returns and survive the host's FP use between RUNs.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "robust.h"

/* RUN with a random host FP pattern until the next ucall. */
static __u64 run_fp_checked(struct __test_metadata *_metadata,
			    struct av_vcpu *vcpu, struct rb_rng *rng,
			    __u64 *arg)
{
	struct av_ucall uc = { AV_UCALL_NONE, 0 };
	bool host_ok = false;

	for (;;) {
		EXPECT_EQ(0, rb_run_checked(vcpu->fd, rng, &host_ok));
		EXPECT_TRUE(host_ok) TH_LOG("host FP state changed by RUN");
		switch (av_get_ucall(vcpu, &uc)) {
		case AV_UCALL_PART_OTHER:
			TH_LOG("exit %s, no ucall",
			       av_exit_name(vcpu->run->exit_reason));
			return ~0ULL;
		case AV_UCALL_PART_ARG:
			*arg = uc.arg;
			continue;
		case AV_UCALL_PART_CODE:
			return uc.code;
		}
	}
}

TEST(guest_and_host_fp_do_not_see_each_other)
{
	struct rb_rng rng;
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u8 v[16], back[16];
	__u64 arg = 0, fpsr = 0x8000000, fpcr = 0x1000000;
	unsigned int n;

	rb_rng_seed(&rng, rb_seed("vcpu_fp_seed"));
	av_vm_create_with_ram(&vm);
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, vcpu_fp);
	/* CPACR_EL1.FPEN: FP/SIMD is off at reset, as on hardware. */
	av_set_reg(&vcpu, ARMVCPU_REG_CPACR_EL1, 3ULL << 20);
	for (n = 0; n < 32; n++) {
		memset(v, 0x10 + n, sizeof(v));
		ASSERT_EQ(0, __av_set_reg(vcpu.fd, ARMVCPU_REG_V(n), v));
	}
	ASSERT_EQ(0, __av_set_reg(vcpu.fd, ARMVCPU_REG_FPSR, &fpsr));
	ASSERT_EQ(0, __av_set_reg(vcpu.fd, ARMVCPU_REG_FPCR, &fpcr));

	ASSERT_EQ(AV_UCALL_SYNC, run_fp_checked(_metadata, &vcpu, &rng, &arg))
		TH_LOG("guest assertion %llu", (unsigned long long)arg);
	for (n = 0; n < 32; n++) {
		memset(v, 0xa0 + n, sizeof(v));
		ASSERT_EQ(0, __av_get_reg(vcpu.fd, ARMVCPU_REG_V(n), back));
		EXPECT_EQ(0, memcmp(v, back, 16)) TH_LOG("V%u", n);
	}
	fpcr = 0;
	ASSERT_EQ(0, __av_get_reg(vcpu.fd, ARMVCPU_REG_FPCR, &fpcr));
	EXPECT_EQ(0xc00000, fpcr);

	EXPECT_EQ(AV_UCALL_DONE, run_fp_checked(_metadata, &vcpu, &rng, &arg))
		TH_LOG("guest assertion %llu", (unsigned long long)arg);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
