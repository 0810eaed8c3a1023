// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/armvcpu without running a guest: API version, extensions, VM and
 * vCPU creation errors, memslot errors, and register get/set for every id
 * of the register list plus rejection of unknown ids.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"

#define PAGE	4096UL

TEST(api_version_and_extensions)
{
	int fd = av_open_dev();

	EXPECT_EQ(ARMVCPU_API_VERSION, ioctl(fd, ARMVCPU_GET_API_VERSION, 0));
	EXPECT_EQ(-1, ioctl(fd, ARMVCPU_GET_API_VERSION, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(PAGE, ioctl(fd, ARMVCPU_GET_VCPU_MMAP_SIZE, 0));
	EXPECT_EQ(64, ioctl(fd, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_NR_VCPUS));
	EXPECT_EQ(32, ioctl(fd, ARMVCPU_CHECK_EXTENSION,
			    ARMVCPU_CAP_NR_MEMSLOTS));
	EXPECT_GE(40, ioctl(fd, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_IPA_SIZE));
	EXPECT_LE(32, ioctl(fd, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_IPA_SIZE));
	EXPECT_EQ(1, ioctl(fd, ARMVCPU_CHECK_EXTENSION,
			   ARMVCPU_CAP_IMMEDIATE_EXIT));
	EXPECT_EQ(1, ioctl(fd, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_ONE_REG));
	EXPECT_EQ(0, ioctl(fd, ARMVCPU_CHECK_EXTENSION, 0xdead));
	EXPECT_EQ(-1, ioctl(fd, _IO(ARMVCPUIO, 0x7f), 0));
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

TEST(create_vm_rejects_bad_config)
{
	struct armvcpu_vm_config cfg = { 0 };
	int fd = av_open_dev(), vm;
	long ipa = ioctl(fd, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_IPA_SIZE);

	cfg.flags = 1U << 31;
	EXPECT_EQ(-1, ioctl(fd, ARMVCPU_CREATE_VM, &cfg));
	EXPECT_EQ(EINVAL, errno);
	cfg.flags = 0;
	cfg.reserved[6] = 1;
	EXPECT_EQ(-1, ioctl(fd, ARMVCPU_CREATE_VM, &cfg));
	EXPECT_EQ(EINVAL, errno);
	cfg.reserved[6] = 0;
	cfg.ipa_bits = ipa + 1;
	EXPECT_EQ(-1, ioctl(fd, ARMVCPU_CREATE_VM, &cfg));
	EXPECT_EQ(EINVAL, errno);
	cfg.ipa_bits = 31;
	EXPECT_EQ(-1, ioctl(fd, ARMVCPU_CREATE_VM, &cfg));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(fd, ARMVCPU_CREATE_VM, NULL));
	EXPECT_EQ(EFAULT, errno);
	cfg.ipa_bits = 32;
	vm = ioctl(fd, ARMVCPU_CREATE_VM, &cfg);
	ASSERT_LE(0, vm);
	/* CHECK_EXTENSION works on a VM fd too. */
	EXPECT_EQ(32, ioctl(vm, ARMVCPU_CHECK_EXTENSION,
			    ARMVCPU_CAP_NR_MEMSLOTS));
	close(vm);
	close(fd);
}

TEST(memslot_errors)
{
	struct av_vm vm;
	long ipa_bits;
	char *mem = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	__u64 u = (uintptr_t)mem;
	struct armvcpu_userspace_memory_region r = { 0 };
	int ret;

	ASSERT_NE(MAP_FAILED, mem);
	av_vm_create(&vm);
	ipa_bits = ioctl(vm.fd, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_IPA_SIZE);

	EXPECT_EQ(0, __av_set_region(vm.fd, 0, 0, AV_RAM_BASE, 4 * PAGE, u));
	/* Overlap with slot 0, from another slot. */
	EXPECT_EQ(-EEXIST, __av_set_region(vm.fd, 1, 0, AV_RAM_BASE + 3 * PAGE, 4 * PAGE,
					   u + 4 * PAGE));
	EXPECT_EQ(-EEXIST, __av_set_region(vm.fd, 1, 0, AV_RAM_BASE - PAGE, 2 * PAGE,
					   u + 4 * PAGE));
	/* A used slot cannot be re-created without deleting it. */
	EXPECT_EQ(-EEXIST, __av_set_region(vm.fd, 0, 0, 0x50000000, 4 * PAGE,
					   u));
	/* Unaligned address, size, userspace address. */
	EXPECT_EQ(-EINVAL, __av_set_region(vm.fd, 1, 0, 0x50000800, PAGE, u));
	EXPECT_EQ(-EINVAL, __av_set_region(vm.fd, 1, 0, 0x50000000, 100, u));
	EXPECT_EQ(-EINVAL, __av_set_region(vm.fd, 1, 0, 0x50000000, PAGE,
					   u + 8));
	/* Unknown flag, reserved field. */
	EXPECT_EQ(-EINVAL, __av_set_region(vm.fd, 1, 1U << 7, 0x50000000, PAGE,
					   u));
	r.slot = 1;
	r.guest_phys_addr = 0x50000000;
	r.memory_size = PAGE;
	r.userspace_addr = u;
	r.reserved[3] = 1;
	EXPECT_EQ(-1, ioctl(vm.fd, ARMVCPU_SET_USER_MEMORY_REGION, &r));
	EXPECT_EQ(EINVAL, errno);
	/* Past the IPA size. */
	EXPECT_EQ(-EINVAL, __av_set_region(vm.fd, 1, 0, 1ULL << ipa_bits, PAGE,
					   u));
	EXPECT_EQ(-EINVAL, __av_set_region(vm.fd, 1, 0,
					   (1ULL << ipa_bits) - PAGE,
					   2 * PAGE, u));
	/* Bad userspace addresses. */
	EXPECT_EQ(-EFAULT, __av_set_region(vm.fd, 1, 0, 0x50000000, PAGE, 0));
	EXPECT_EQ(-EFAULT, __av_set_region(vm.fd, 1, 0, 0x50000000, PAGE,
					   0xffff000000000000ULL));
	EXPECT_EQ(-EFAULT, __av_set_region(vm.fd, 1, 0, 0x50000000, 64 * PAGE,
					   u));
	/* Absurd sizes fail cleanly (no memory, or nothing mapped there). */
	ret = __av_set_region(vm.fd, 1, 0, 1ULL << (ipa_bits - 1),
			      1ULL << (ipa_bits - 2), u);
	EXPECT_TRUE(ret == -ENOMEM || ret == -EFAULT) TH_LOG("ret %d", ret);
	/* Slot number past the documented count. */
	EXPECT_EQ(-ENOSPC, __av_set_region(vm.fd, 32, 0, 0x50000000, PAGE, u));
	/* Delete, then the range is free again; deleting twice is fine. */
	EXPECT_EQ(0, __av_set_region(vm.fd, 0, 0, 0, 0, 0));
	EXPECT_EQ(0, __av_set_region(vm.fd, 0, 0, 0, 0, 0));
	EXPECT_EQ(0, __av_set_region(vm.fd, 1, ARMVCPU_MEM_READONLY,
				     AV_RAM_BASE + 3 * PAGE,
				     4 * PAGE, u));
	EXPECT_EQ(0, __av_set_region(vm.fd, 1, 0, 0, 0, 0));
	av_vm_destroy(&vm);
	munmap(mem, 16 * PAGE);
}

/* Clears CAP_IPC_LOCK, which would bypass RLIMIT_MEMLOCK as in VFIO. */
static int drop_ipc_lock(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(__NR_capget, &hdr, data))
		return -1;
	data[CAP_IPC_LOCK / 32].effective &= ~(1U << (CAP_IPC_LOCK % 32));
	data[CAP_IPC_LOCK / 32].permitted &= ~(1U << (CAP_IPC_LOCK % 32));
	return syscall(__NR_capset, &hdr, data);
}

/* Pinned slot pages count against RLIMIT_MEMLOCK and show in VmLck. */
static int memlock_child(void)
{
	struct rlimit rl = { 16 * PAGE, 16 * PAGE };
	char *mem = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct av_vm vm;

	if (mem == MAP_FAILED || drop_ipc_lock() || setrlimit(RLIMIT_MEMLOCK, &rl))
		return 1;
	av_vm_create(&vm);
	if (__av_set_region(vm.fd, 0, 0, AV_RAM_BASE, 64 * PAGE,
			    (uintptr_t)mem) != -ENOMEM)
		return 2;
	if (__av_set_region(vm.fd, 0, 0, AV_RAM_BASE, 8 * PAGE,
			    (uintptr_t)mem))
		return 3;
	if (__av_set_region(vm.fd, 1, 0, 0x50000000, 12 * PAGE,
			    (uintptr_t)mem + 8 * PAGE) != -ENOMEM)
		return 4;
	/* Deleting gives the budget back. */
	if (__av_set_region(vm.fd, 0, 0, 0, 0, 0) ||
	    __av_set_region(vm.fd, 1, 0, 0x50000000, 12 * PAGE,
			    (uintptr_t)mem + 8 * PAGE))
		return 5;
	av_vm_destroy(&vm);
	return 0;
}

TEST(memslot_memlock_limit)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(memlock_child());
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST(create_vcpu_errors)
{
	struct armvcpu_vcpu_config cfg = { 0 };
	struct av_vm vm;
	__u64 pc;
	int a;

	av_vm_create(&vm);
	cfg.id = 64;
	EXPECT_EQ(-1, ioctl(vm.fd, ARMVCPU_CREATE_VCPU, &cfg));
	EXPECT_EQ(EINVAL, errno);
	cfg.id = 0;
	cfg.flags = 1;
	EXPECT_EQ(-1, ioctl(vm.fd, ARMVCPU_CREATE_VCPU, &cfg));
	EXPECT_EQ(EINVAL, errno);
	cfg.flags = 0;
	cfg.reserved[2] = 1;
	EXPECT_EQ(-1, ioctl(vm.fd, ARMVCPU_CREATE_VCPU, &cfg));
	EXPECT_EQ(EINVAL, errno);
	cfg.reserved[2] = 0;
	a = ioctl(vm.fd, ARMVCPU_CREATE_VCPU, &cfg);
	ASSERT_LE(0, a);
	EXPECT_EQ(-1, ioctl(vm.fd, ARMVCPU_CREATE_VCPU, &cfg));
	EXPECT_EQ(EEXIST, errno);
	/* The VM lives on through its vCPU fd: the vCPU still answers. */
	close(vm.fd);
	pc = 1;
	EXPECT_EQ(0, ioctl(a, ARMVCPU_GET_ONE_REG,
			   &(struct armvcpu_one_reg){ .id = ARMVCPU_REG_PC,
						      .addr = (uintptr_t)&pc }));
	EXPECT_EQ(0, pc);
	close(a);
	close(vm.sys_fd);
}

/*
 * The debug registers refuse RES0 bits (debug_hw): keep only their
 * fields, by op2 for DBGBVR, DBGBCR, DBGWVR, DBGWCR<n>_EL1 (4..7).
 */
static void debug_reg_valid(__u64 id, __u8 *val)
{
	static const __u64 fields[] = { ~0ULL, 0xffe1e7, ~3ULL, 0x1f1fffff };
	unsigned int crm = ARMVCPU_REG_SYS_CRM(id);
	unsigned int op2 = ARMVCPU_REG_SYS_OP2(id);
	__u64 v;

	memcpy(&v, val, sizeof(v));
	if (id == ARMVCPU_REG_OSLSR_EL1)
		v = 0x8 | (v & 2);
	else if (id == ARMVCPU_REG_MDCCINT_EL1)
		v &= 3ULL << 29;
	else if (id == ARMVCPU_REG_SYS(2, 0, 0, crm, op2) && op2 >= 4)
		v &= fields[op2 - 4];
	else
		return;
	memcpy(val, &v, sizeof(v));
}

/* Architectural reset state, then every listed id round-trips. */
TEST(one_reg_round_trip)
{
	struct armvcpu_reg_list *list;
	struct av_vcpu vcpu;
	struct av_vm vm;
	__u8 val[16], back[16];
	__u64 n = 0, i, j;

	av_vm_create(&vm);
	av_vcpu_create(&vm, &vcpu, 0x13);

	EXPECT_EQ(0x3c5, av_get_reg(&vcpu, ARMVCPU_REG_PSTATE));
	EXPECT_EQ(0, av_get_reg(&vcpu, ARMVCPU_REG_SCTLR_EL1) & 0x1005);
	EXPECT_EQ(0x80000103ULL, av_get_reg(&vcpu, ARMVCPU_REG_MPIDR_EL1));
	EXPECT_EQ(0, av_get_reg(&vcpu, ARMVCPU_REG_X(7)));
	EXPECT_EQ(0, av_get_reg(&vcpu, ARMVCPU_REG_PC));

	list = calloc(1, sizeof(*list));
	ASSERT_EQ(-1, ioctl(vcpu.fd, ARMVCPU_GET_REG_LIST, list));
	ASSERT_EQ(E2BIG, errno);
	n = list->n;
	ASSERT_LT(90, n);
	list = realloc(list, sizeof(*list) + n * sizeof(__u64));
	ASSERT_EQ(0, ioctl(vcpu.fd, ARMVCPU_GET_REG_LIST, list));
	ASSERT_EQ(n, list->n);

	for (i = 0; i < n; i++) {
		__u64 id = list->reg[i];
		unsigned int size = ARMVCPU_REG_SIZE(id);

		for (j = 0; j < size; j++)
			val[j] = (__u8)(i * 17 + j * 3 + 1);
		if (id == ARMVCPU_REG_PSTATE) {
			/* A valid PSTATE: EL1t, NZCV set. */
			memset(val, 0, 8);
			val[0] = 0x04;
			val[3] = 0xf0;
		}
		if (id == ARMVCPU_REG_MPIDR_EL1)
			val[3] |= 0x80;
		/* HDE never sticks (sysreg_mdscr). */
		if (id == ARMVCPU_REG_MDSCR_EL1)
			val[1] &= ~0x40;
		debug_reg_valid(id, val);
		ASSERT_EQ(0, __av_set_reg(vcpu.fd, id, val))
			TH_LOG("set id 0x%llx", (unsigned long long)id);
		memset(back, 0xee, sizeof(back));
		ASSERT_EQ(0, __av_get_reg(vcpu.fd, id, back));
		EXPECT_EQ(0, memcmp(val, back, size))
			TH_LOG("id 0x%llx did not round-trip",
			       (unsigned long long)id);
	}

	/* Required ids are in the list. */
	for (j = 0; j < 4; j++) {
		static const __u64 want[] = {
			ARMVCPU_REG_CNTV_CVAL_EL0, ARMVCPU_REG_V(31),
			ARMVCPU_REG_FPCR, ARMVCPU_REG_SP_EL1,
		};
		bool found = false;

		for (i = 0; i < n; i++)
			found |= list->reg[i] == want[j];
		EXPECT_TRUE(found);
	}

	/* Unknown ids: wrong index, class, size. */
	EXPECT_EQ(-ENOENT, __av_get_reg(vcpu.fd,
					ARMVCPU_REG(CORE, U64, 35), val));
	EXPECT_EQ(-ENOENT, __av_set_reg(vcpu.fd,
					ARMVCPU_REG_SYS(3, 4, 1, 1, 0), val));
	EXPECT_EQ(-ENOENT, __av_get_reg(vcpu.fd,
					ARMVCPU_REG(CORE, U32, 0), val));
	EXPECT_EQ(-ENOENT, __av_get_reg(vcpu.fd, 0, val));
	EXPECT_EQ(-EFAULT, __av_get_reg(vcpu.fd, ARMVCPU_REG_PC, NULL));
	/* PSTATE that would enter EL2 or AArch32 is refused. */
	*(__u64 *)val = 0x3c9;
	EXPECT_EQ(-EINVAL, __av_set_reg(vcpu.fd, ARMVCPU_REG_PSTATE, val));
	*(__u64 *)val = 0x3d3;
	EXPECT_EQ(-EINVAL, __av_set_reg(vcpu.fd, ARMVCPU_REG_PSTATE, val));
	free(list);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
