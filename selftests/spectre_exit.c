// SPDX-License-Identifier: GPL-2.0
/*
 * Spectre-v2/BHB hardening of guest exits (Documentation/security.rst).
 *
 * What QEMU can show: the SMCCC_ARCH_FEATURES answers for WORKAROUND_1/_3
 * follow the host kernel's own verdict on its CPUs (sysfs spectre_v2), and
 * the calls answer alike at EL2 (HVC) and in the host (SMC).
 * What it cannot (speculation): whether the hardening works. Instead the
 * debugfs knob el2_spectre forces each kind (BHB loop, CLRBHB, firmware
 * call) on every CPU, and the test checks that the exits ran it and that
 * the guest's registers came through those exits intact.
 */
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "el2_util.h"

#define SUCCESS		0L
#define NOT_SUPPORTED	-1L
#define NOT_REQUIRED	1L
#define CALLS		8
#define SPECTRE_V2_FILE	"/sys/devices/system/cpu/vulnerabilities/spectre_v2"

/* The calls' result, given what ARCH_FEATURES answered. */
static long call_answer(long features)
{
	return features == NOT_SUPPORTED ? NOT_SUPPORTED : SUCCESS;
}

/*
 * What the kernel's spectre_v2 line (cpu_show_spectre_v2()) says the guest
 * should be offered: WORKAROUND_1 for Spectre-v2, _3 for Spectre-BHB.
 * *wa3 = 2: "not 0", the line cannot tell unaffected from vulnerable.
 * False if the line cannot say (unprivileged eBPF hides the state).
 */
static bool expected_answers(const char *line, long *wa1, long *wa3)
{
	if (!strncmp(line, "Not affected", 12)) {
		*wa1 = NOT_REQUIRED;
		*wa3 = NOT_REQUIRED;
		return true;
	}
	if (!strcmp(line, "Vulnerable") || !strcmp(line, "Vulnerable\n")) {
		/* No point hardening against BHB alone: the kernel does not. */
		*wa1 = NOT_SUPPORTED;
		*wa3 = 2;
		return true;
	}
	if (strncmp(line, "Mitigation: ", 12))
		return false;
	*wa1 = strncmp(line, "Mitigation: CSV2", 16) ? SUCCESS : NOT_REQUIRED;
	if (strstr(line, ", but not BHB"))
		*wa3 = NOT_SUPPORTED;
	else if (strstr(line, ", BHB"))
		*wa3 = SUCCESS;
	else
		*wa3 = NOT_REQUIRED;
	return true;
}

static void read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

FIXTURE(spectre) {
	struct av_vm vm;
	struct av_vcpu vcpu;
};

FIXTURE_SETUP(spectre)
{
	ASSERT_TRUE(el2_module_loaded());
	av_vm_create_with_ram(&self->vm);
	av_vcpu_create(&self->vm, &self->vcpu, 0);
	AV_LOAD_GUEST(&self->vm, &self->vcpu, spectre_exit);
}

FIXTURE_TEARDOWN(spectre)
{
	el2_spectre_force("auto");
	av_vcpu_destroy(&self->vcpu);
	av_vm_destroy(&self->vm);
}

static __u64 next_sync(struct __test_metadata *_metadata,
		       struct av_vcpu *vcpu, int step)
{
	__u64 arg = 0, code = av_run_ucall(vcpu, &arg);

	EXPECT_EQ(AV_UCALL_SYNC, code)
		TH_LOG("step %d: ucall %llu arg %llu (a FAIL's arg is the register)",
		       step, (unsigned long long)code, (unsigned long long)arg);
	return arg;
}

/* One call's X0, then X1 | X2 | X3, which must be 0. */
static void expect_call(struct __test_metadata *_metadata,
			struct av_vcpu *vcpu, long want, int step)
{
	long x0 = next_sync(_metadata, vcpu, step);

	EXPECT_EQ(want, x0) TH_LOG("step %d", step);
	EXPECT_EQ(0, next_sync(_metadata, vcpu, step)) TH_LOG("step %d", step);
}

/* ARCH_FEATURES(WA1/WA2/WA3) and the calls follow the host's verdict. */
TEST_F(spectre, answers_follow_the_host)
{
	long wa1, wa3, fa1, fa3;
	struct el2_spectre s;
	char line[128];
	int conduit;

	read_line(SPECTRE_V2_FILE, line, sizeof(line));
	TH_LOG("host: spectre_v2 \"%s\"", line);
	if (!expected_answers(line, &wa1, &wa3))
		SKIP(return, "the host's spectre_v2 line does not say: %s", line);
	ASSERT_EQ(0, el2_spectre_read(&s));
	TH_LOG("armvcpu: WORKAROUND_1 %ld, WORKAROUND_3 %ld, %d of %d CPUs harden exits",
	       s.wa1_features, s.wa3_features, s.nr_hardened, s.nr_cpus);
	EXPECT_EQ(wa1, s.wa1_features);
	EXPECT_TRUE(wa3 == 2 ? s.wa3_features != SUCCESS :
		    s.wa3_features == wa3)
		TH_LOG("WORKAROUND_3 %ld, expected %ld (2: not 0)",
		       s.wa3_features, wa3);
	EXPECT_EQ(call_answer(s.wa1_features), s.wa1_call);
	EXPECT_EQ(call_answer(s.wa3_features), s.wa3_call);

	fa1 = s.wa1_features;
	fa3 = s.wa3_features;
	for (conduit = 0; conduit < 2; conduit++) {
		int step = conduit * 10;

		expect_call(_metadata, &self->vcpu, fa1, step + 1);
		/* WORKAROUND_2 (SSBD) is never offered. */
		expect_call(_metadata, &self->vcpu, NOT_SUPPORTED, step + 2);
		expect_call(_metadata, &self->vcpu, fa3, step + 3);
		expect_call(_metadata, &self->vcpu, call_answer(fa1), step + 4);
		expect_call(_metadata, &self->vcpu, call_answer(fa1), step + 5);
		expect_call(_metadata, &self->vcpu, call_answer(fa3), step + 6);
	}
	av_run_to_done(&self->vcpu);
}

/*
 * One round of 2 * CALLS exits with @how forced (or "auto"): the guest's
 * registers survive them, and the exits ran the hardening if any is set.
 */
static void one_round(struct __test_metadata *_metadata, struct av_vcpu *vcpu,
		      const char *how)
{
	struct el2_spectre before, after;

	ASSERT_EQ(0, el2_spectre_force(how)) TH_LOG("%s", how);
	ASSERT_EQ(0, el2_spectre_read(&before));
	ASSERT_EQ(1, next_sync(_metadata, vcpu, 1)) TH_LOG("%s", how);
	ASSERT_EQ(0, el2_spectre_read(&after));
	ASSERT_EQ(0, next_sync(_metadata, vcpu, 2)) TH_LOG("%s", how);
	TH_LOG("%s: %d of %d CPUs harden, %llu exits did", how,
	       after.nr_hardened, after.nr_cpus, after.runs - before.runs);
	if (strcmp(how, "auto"))
		EXPECT_EQ(after.nr_cpus, after.nr_hardened) TH_LOG("%s", how);
	if (after.nr_hardened == after.nr_cpus)
		EXPECT_LE(2 * CALLS, after.runs - before.runs) TH_LOG("%s", how);
	if (!after.nr_hardened)
		EXPECT_EQ(0, after.runs - before.runs) TH_LOG("%s", how);
	/* Forcing a kind never changes what the guest is offered. */
	EXPECT_EQ(before.wa1_features, after.wa1_features);
	EXPECT_EQ(before.wa3_features, after.wa3_features);
}

/* Each kind of hardening runs on exit and keeps the guest's registers. */
TEST_F(spectre, forced_hardening_runs)
{
	static const char * const kinds[] = {
		"auto", "loop 8", "loop 132", "clrbhb", "fw", "auto",
	};
	unsigned int i;

	av_set_reg(&self->vcpu, ARMVCPU_REG_X(0), 1);
	ASSERT_EQ(0, next_sync(_metadata, &self->vcpu, 0));
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		one_round(_metadata, &self->vcpu, kinds[i]);
}

/* The knob refuses what it does not know, and changes nothing then. */
TEST(spectre_knob_refuses_bad_input)
{
	static const char * const bad[] = {
		"loop 0", "loop 256", "loop", "off", "clrbhb2", "fw 1",
	};
	struct el2_spectre before, after;
	unsigned int i;

	ASSERT_TRUE(el2_module_loaded());
	ASSERT_EQ(0, el2_spectre_read(&before));
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(-EINVAL, el2_spectre_force(bad[i]))
			TH_LOG("bad input %u", i);
	ASSERT_EQ(0, el2_spectre_read(&after));
	EXPECT_EQ(before.nr_hardened, after.nr_hardened);
}

TEST_HARNESS_MAIN
