// SPDX-License-Identifier: GPL-2.0
/*
 * Limits hold, and guest memory never outlives or escapes its backing:
 *  - RLIMIT_MEMLOCK bounds the pages a process can pin through memslots
 *    (without CAP_IPC_LOCK), VmLck follows every slot, and the limit is
 *    per process, across its VMs;
 *  - absurd memslot sizes, addresses, slot numbers, vCPU ids and counts
 *    fail cleanly: a documented errno, at once, nothing logged, nothing
 *    pinned;
 *  - a memslot backed by a read-only mapping of a file cannot be written
 *    by the guest, whatever store it uses (STR of every size, STP, STXR,
 *    DC ZVA), and cannot be given to the guest writable at all;
 *  - munmap of a memslot's backing cannot leave the guest reading freed
 *    pages: the pages it reads afterwards are its own, never memory the
 *    host has since allocated for something else, and its writes never
 *    land there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "robust.h"

#define CODE_BASE	0x10000000ULL	/* guest code, its own slot */
#define CODE_SIZE	0x10000UL
#define DATA_BASE	RB_GUEST_RAM
#define DATA_SIZE	0x200000UL
#define MAGIC		0x5eedfacecafe0000ULL
#define POISON		0xdeaddeaddeaddeadULL
#define HVC_VECTOR	0xe000

static int set_memlock(rlim_t bytes)
{
	struct rlimit rl = { bytes, bytes };

	return setrlimit(RLIMIT_MEMLOCK, &rl) ? -errno : 0;
}

/* A VM with a code slot and one vCPU whose run struct is mapped. */
struct guest {
	int dev, vm, vcpu;
	struct armvcpu_run *run;
	__u32 *code;
	struct a64 a;
};

static int guest_create(struct guest *g)
{
	unsigned int v;
	int ret;

	memset(g, 0, sizeof(*g));
	g->dev = __av_open_dev();
	if (g->dev < 0)
		return g->dev;
	g->vm = __av_create_vm(g->dev, 0, 0);
	if (g->vm < 0)
		return g->vm;
	g->code = rb_alloc_guest_mem(CODE_SIZE);
	if (!g->code)
		return -ENOMEM;
	if (__av_set_region(g->vm, 0, 0, CODE_BASE, CODE_SIZE,
			    (uintptr_t)g->code))
		return -EFAULT;
	ret = __av_vcpu_open(g->vm, 0, RB_PAGE, &g->vcpu, &g->run);
	if (ret)
		return ret;
	/* Vectors at the start of the code slot: an HVC naming each. */
	for (v = 0; v < 16; v++)
		g->code[v * 32] = a64_hvc(HVC_VECTOR + v);
	g->a.buf = g->code + 0x800 / 4;
	g->a.cap = (CODE_SIZE - 0x800) / 4;
	return __av_set_reg64(g->vcpu, ARMVCPU_REG_VBAR_EL1, CODE_BASE);
}

static void guest_destroy(struct guest *g)
{
	if (g->run)
		munmap(g->run, RB_PAGE);
	if (g->vcpu > 0)
		close(g->vcpu);
	if (g->vm > 0)
		close(g->vm);
	if (g->dev > 0)
		close(g->dev);
	if (g->code)
		munmap(g->code, CODE_SIZE);
	memset(g, 0, sizeof(*g));
}

/* Starts a new program at the current end of the code. */
static __u64 guest_entry(struct guest *g)
{
	return CODE_BASE + 0x800 + g->a.n * 4;
}

struct outcome {
	unsigned long mmio_writes, mmio_reads, nisv, exceptions;
	__u64 x[8];		/* x0-x7 at the final HVC */
};

/*
 * Runs from @pc until "hvc #@done", answering MMIO reads with @read_value,
 * stepping over aborts without syndrome and guest exceptions, as a VMM
 * that refuses such accesses would. Returns 0 or -errno / -EPROTO.
 */
static int guest_run(struct guest *g, __u64 pc, unsigned int done,
		     __u64 read_value, struct outcome *o)
{
	struct armvcpu_run *run = g->run;
	unsigned int i;
	__u64 v;

	memset(o, 0, sizeof(*o));
	rb_sync_code(g->code, CODE_SIZE);
	if (__av_set_reg64(g->vcpu, ARMVCPU_REG_PC, pc) ||
	    __av_set_reg64(g->vcpu, ARMVCPU_REG_PSTATE, 0x3c5))
		return -EINVAL;
	for (i = 0; i < 100000; i++) {
		if (ioctl(g->vcpu, ARMVCPU_RUN, 0))
			return -errno;
		switch (run->exit_reason) {
		case ARMVCPU_EXIT_MMIO:
			if (run->mmio.is_write) {
				o->mmio_writes++;
			} else {
				o->mmio_reads++;
				memcpy(run->mmio.data, &read_value, 8);
			}
			continue;
		case ARMVCPU_EXIT_MMIO_NISV:
			o->nisv++;
			/* Skip it: the access must not have happened. */
			if (__av_get_reg(g->vcpu, ARMVCPU_REG_PC, &v) ||
			    __av_set_reg64(g->vcpu, ARMVCPU_REG_PC, v + 4))
				return -EINVAL;
			continue;
		case ARMVCPU_EXIT_HYPERCALL:
			if (run->hypercall.imm == done)
				break;
			if (run->hypercall.imm < HVC_VECTOR ||
			    run->hypercall.imm >= HVC_VECTOR + 16)
				return -EPROTO;
			o->exceptions++;
			if (__av_get_reg(g->vcpu, ARMVCPU_REG_ELR_EL1, &v) ||
			    __av_set_reg64(g->vcpu, ARMVCPU_REG_PC, v + 4) ||
			    __av_set_reg64(g->vcpu, ARMVCPU_REG_PSTATE, 0x3c5))
				return -EINVAL;
			continue;
		default:
			return -EPROTO;
		}
		break;
	}
	for (i = 0; i < 8; i++)
		if (__av_get_reg(g->vcpu, ARMVCPU_REG_X(i), &o->x[i]))
			return -EINVAL;
	return 0;
}

TEST(memlock_limit_is_respected)
{
	size_t len = 4UL << 20;
	char *mem = rb_alloc_guest_mem(len);
	int dev, vm1, vm2, ret;

	ASSERT_NE(NULL, mem);
	ASSERT_EQ(0, rb_drop_cap(CAP_IPC_LOCK));
	ASSERT_EQ(0, set_memlock(1UL << 20));
	dev = __av_open_dev();
	ASSERT_LE(0, dev);
	vm1 = __av_create_vm(dev, 0, 0);
	vm2 = __av_create_vm(dev, 0, 0);
	ASSERT_LE(0, vm1);
	ASSERT_LE(0, vm2);

	ASSERT_EQ(0, __av_set_region(vm1, 0, 0, DATA_BASE, 512 << 10,
				     (uintptr_t)mem));
	EXPECT_EQ(512, rb_status_kb("VmLck"));
	/* 512 KiB + 768 KiB > 1 MiB: refused, and nothing stays pinned. */
	EXPECT_EQ(-ENOMEM, __av_set_region(vm1, 1, 0, DATA_BASE + (1 << 20),
					   768 << 10,
					   (uintptr_t)(mem + (1 << 20))));
	EXPECT_EQ(512, rb_status_kb("VmLck"));
	/* The limit is the process's: a second VM shares it. */
	EXPECT_EQ(-ENOMEM, __av_set_region(vm2, 0, 0, DATA_BASE, 1 << 20,
					   (uintptr_t)(mem + (2 << 20))));
	EXPECT_EQ(0, __av_set_region(vm2, 0, 0, DATA_BASE, 512 << 10,
				     (uintptr_t)(mem + (2 << 20))));
	EXPECT_EQ(1024, rb_status_kb("VmLck"));
	EXPECT_EQ(-ENOMEM, __av_set_region(vm2, 1, 0, DATA_BASE + (1 << 20),
					   RB_PAGE,
					   (uintptr_t)(mem + (3 << 20))));
	/* Read-only slots pin too, and count the same. */
	EXPECT_EQ(-ENOMEM, __av_set_region(vm2, 1, ARMVCPU_MEM_READONLY,
					   DATA_BASE + (1 << 20), RB_PAGE,
					   (uintptr_t)(mem + (3 << 20))));
	/*
	 * A huge slot is refused before anything is allocated: by the limit
	 * (ENOMEM) or because 4 MiB of mapping cannot back it (EFAULT).
	 */
	ret = __av_set_region(vm2, 2, 0, 1ULL << 39, 1ULL << 39,
			      (uintptr_t)mem);
	EXPECT_TRUE(ret == -ENOMEM || ret == -EFAULT) TH_LOG("%d", ret);
	EXPECT_EQ(1024, rb_status_kb("VmLck"));
	/* Deleting a slot gives its share back. */
	EXPECT_EQ(0, __av_set_region(vm1, 0, 0, DATA_BASE, 0, (uintptr_t)mem));
	EXPECT_EQ(512, rb_status_kb("VmLck"));
	EXPECT_EQ(0, __av_set_region(vm2, 1, 0, DATA_BASE + (1 << 20),
				     512 << 10, (uintptr_t)(mem + (3 << 20))));
	EXPECT_EQ(1024, rb_status_kb("VmLck"));
	close(vm1);
	close(vm2);
	close(dev);
	EXPECT_EQ(0, rb_status_kb("VmLck"));
	munmap(mem, len);
}

TEST(absurd_memslots_fail_cleanly)
{
	struct { __u32 slot; __u64 gpa, size; long off; int err; } c[] = {
		/* The whole 40-bit IPA space backed by 2 MiB: EFAULT. */
		{ 0, 0, 1ULL << 40, 0, -EFAULT },
		{ 0, 0, (1ULL << 40) - RB_PAGE, 0, -EFAULT },
		{ 0, 0, 1ULL << 39, 0, -EFAULT },
		{ 0, 0, 1ULL << 30, 0, -EFAULT },
		{ 0, 0, DATA_SIZE + RB_PAGE, 0, -EFAULT },
		/* Past the IPA size, or wrapping. */
		{ 0, 1ULL << 40, RB_PAGE, 0, -EINVAL },
		{ 0, (1ULL << 40) - RB_PAGE, 2 * RB_PAGE, 0, -EINVAL },
		{ 0, ~0xfffULL, 2 * RB_PAGE, 0, -EINVAL },
		{ 0, 0, ~0xfffULL, 0, -EINVAL },
		/* Unaligned anything. */
		{ 0, 0x800, RB_PAGE, 0, -EINVAL },
		{ 0, 0, 0x800, 0, -EINVAL },
		{ 0, 0, RB_PAGE, 0x800, -EINVAL },
		/* Slot numbers past the documented count. */
		{ 32, 0, RB_PAGE, 0, -ENOSPC },
		{ ~0U, 0, RB_PAGE, 0, -ENOSPC },
		{ 1U << 31, 0, RB_PAGE, 0, -ENOSPC },
	};
	char *mem = rb_alloc_guest_mem(DATA_SIZE + RB_PAGE);
	int trouble = rb_klog_trouble(), dev, vm, ret;
	struct rb_mem base, now;
	struct timespec t0, t1;
	unsigned int i;
	char why[256];

	ASSERT_NE(NULL, mem);
	/* A hole right after the backing: one page too many is EFAULT. */
	ASSERT_EQ(0, munmap(mem + DATA_SIZE, RB_PAGE));
	rb_mem_sample(&base);
	dev = __av_open_dev();
	ASSERT_LE(0, dev);
	ASSERT_EQ(40, ioctl(dev, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_IPA_SIZE))
		TH_LOG("the cases below assume a 40-bit IPA space");
	ASSERT_EQ(32, ioctl(dev, ARMVCPU_CHECK_EXTENSION,
			    ARMVCPU_CAP_NR_MEMSLOTS));
	vm = __av_create_vm(dev, 0, 0);
	ASSERT_LE(0, vm);
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ret = __av_set_region(vm, c[i].slot, 0, c[i].gpa, c[i].size,
				      (uintptr_t)(mem + c[i].off));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		EXPECT_EQ(c[i].err, ret)
			TH_LOG("case %u: slot %u gpa %#llx size %#llx", i,
			       c[i].slot, (unsigned long long)c[i].gpa,
			       (unsigned long long)c[i].size);
		/* "At once": no walk or allocation sized by the request. */
		EXPECT_GT(2, t1.tv_sec - t0.tv_sec) TH_LOG("case %u slow", i);
	}
	close(vm);
	close(dev);
	munmap(mem, DATA_SIZE);
	rb_mem_sample(&now);
	EXPECT_TRUE(rb_mem_back(&base, &now, 1024, why, sizeof(why)))
		TH_LOG("%s", why);
	EXPECT_EQ(trouble, rb_klog_trouble());
}

TEST(absurd_vcpu_ids_and_counts_fail_cleanly)
{
	struct rlimit rl = { 48, 48 };
	int trouble = rb_klog_trouble(), dev, vm, fd, i, n;
	int max;

	dev = __av_open_dev();
	ASSERT_LE(0, dev);
	max = ioctl(dev, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CAP_NR_VCPUS);
	ASSERT_LT(0, max);
	vm = __av_create_vm(dev, 0, 0);
	ASSERT_LE(0, vm);
	EXPECT_EQ(-EINVAL, __av_create_vcpu(vm, max));
	EXPECT_EQ(-EINVAL, __av_create_vcpu(vm, ~0U));
	EXPECT_EQ(-EINVAL, __av_create_vcpu(vm, 1U << 31));
	/* Every id up to the documented count, then no more. */
	for (i = 0; i < max; i++)
		ASSERT_LE(0, __av_create_vcpu(vm, i)) TH_LOG("vCPU %d", i);
	EXPECT_EQ(-EEXIST, __av_create_vcpu(vm, 0));
	EXPECT_EQ(-EEXIST, __av_create_vcpu(vm, max - 1));
	/* Running out of fds is EMFILE, for VMs and vCPUs alike. */
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	for (n = 0; n < 100; n++) {
		fd = __av_create_vm(dev, 0, 0);
		if (fd < 0)
			break;
	}
	EXPECT_EQ(-EMFILE, fd);
	EXPECT_GT(100, n);
	fd = __av_create_vm(dev, 0, 0);
	EXPECT_EQ(-EMFILE, fd);
	EXPECT_EQ(trouble, rb_klog_trouble());
}

/* A read-only file mapping: the guest can read it and never write it. */
TEST(readonly_host_mapping_is_not_writable)
{
	static const unsigned int sizes[] = { 0, 1, 2, 3 };
	struct guest g;
	struct outcome o;
	unsigned int i, stores = 0;
	char *file, *ro, *check, path[64];
	__u64 entry;
	int memfd, rofd, ret;

	memfd = memfd_create("armvcpu-ro", 0);
	ASSERT_LE(0, memfd);
	ASSERT_EQ(0, ftruncate(memfd, DATA_SIZE));
	file = mmap(NULL, DATA_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    memfd, 0);
	ASSERT_NE(MAP_FAILED, file);
	for (i = 0; i < DATA_SIZE / 8; i++)
		((__u64 *)file)[i] = MAGIC + i;
	/* The slot's backing comes from an fd that cannot write the file. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	rofd = open(path, O_RDONLY);
	ASSERT_LE(0, rofd);
	ro = mmap(NULL, DATA_SIZE, PROT_READ, MAP_SHARED, rofd, 0);
	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(-1, mprotect(ro, DATA_SIZE, PROT_READ | PROT_WRITE));

	ASSERT_EQ(0, guest_create(&g));
	/* Writable is refused: the pages cannot be pinned for writing. */
	EXPECT_EQ(-EFAULT, __av_set_region(g.vm, 1, 0, DATA_BASE, DATA_SIZE,
					   (uintptr_t)ro));
	ASSERT_EQ(0, __av_set_region(g.vm, 1, ARMVCPU_MEM_READONLY, DATA_BASE,
				     DATA_SIZE, (uintptr_t)ro));

	/* Every kind of store, to pages all over the slot. */
	entry = guest_entry(&g);
	for (i = 0; i < 64; i++) {
		__u64 addr = DATA_BASE + (i * 0x8040 % DATA_SIZE & ~15ULL);

		a64_mov64(&g.a, 1, addr);
		a64_mov64(&g.a, 2, POISON);
		switch (i % 6) {
		case 0:
		case 1:
			a64_emit(&g.a, a64_ldst(false, sizes[i % 4], false,
						false, 2, 1));
			stores++;
			break;
		case 2:
			a64_emit(&g.a, a64_ldp_stp(false, 2, 2, 1));
			break;
		case 3:	/* STXR w3, x2, [x1] after LDXR x4, [x1] */
			a64_emit(&g.a, 0xc85f7c24U);
			a64_emit(&g.a, 0xc8037c22U);
			break;
		case 4:	/* DC ZVA, x1 */
			a64_emit(&g.a, 0xd50b7421U);
			break;
		default: /* STR x2, [x1], #8: writeback, no syndrome */
			a64_emit(&g.a, 0xf8008422U);
			break;
		}
	}
	/* And the guest reads what the file holds. */
	a64_mov64(&g.a, 1, DATA_BASE + 0x1000);
	a64_emit(&g.a, a64_ldst(true, 3, false, false, 0, 1));
	a64_emit(&g.a, a64_hvc(1));
	ret = guest_run(&g, entry, 1, 0, &o);
	ASSERT_EQ(0, ret) TH_LOG("guest: %s", strerror(-ret));
	TH_LOG("%lu MMIO writes, %lu NISV, %lu guest exceptions, %lu MMIO reads",
	       o.mmio_writes, o.nisv, o.exceptions, o.mmio_reads);
	/* Plain stores reach the VMM as MMIO writes; none as reads. */
	EXPECT_EQ(stores, o.mmio_writes);
	EXPECT_EQ(0, o.mmio_reads);
	EXPECT_EQ(MAGIC + 0x1000 / 8, o.x[0]);

	/* The file is intact, byte for byte. */
	check = malloc(DATA_SIZE);
	ASSERT_NE(NULL, check);
	ASSERT_EQ(DATA_SIZE, pread(memfd, check, DATA_SIZE, 0));
	for (i = 0; i < DATA_SIZE / 8; i++)
		if (((__u64 *)check)[i] != MAGIC + i)
			break;
	EXPECT_EQ(DATA_SIZE / 8, i) TH_LOG("file changed at offset %#x",
					   i * 8);
	free(check);
	guest_destroy(&g);
	munmap(ro, DATA_SIZE);
	munmap(file, DATA_SIZE);
	close(rofd);
	close(memfd);
}

/* x0 = base, x1 = pages, x2 = magic: store addr ^ magic in each page. */
static void emit_fill(struct a64 *a)
{
	a64_emit(a, 0xca020003U);	/* eor x3, x0, x2 */
	a64_emit(a, 0xf9000003U);	/* str x3, [x0] */
	a64_emit(a, 0x91400400U);	/* add x0, x0, #1, lsl #12 */
	a64_emit(a, 0xf1000421U);	/* subs x1, x1, #1 */
	a64_emit(a, 0x54ffff81U);	/* b.ne -4 insns */
}

/*
 * x0 = base, x1 = pages, x2 = magic, x4 = poison: x5 counts pages that do
 * not hold addr ^ magic, x6 pages that hold the host's poison.
 */
static void emit_check(struct a64 *a)
{
	a64_emit(a, 0xd2800005U);	/* mov x5, #0 */
	a64_emit(a, 0xd2800006U);	/* mov x6, #0 */
	a64_emit(a, 0xf9400003U);	/* ldr x3, [x0] */
	a64_emit(a, 0xca020007U);	/* eor x7, x0, x2 */
	a64_emit(a, 0xeb07007fU);	/* cmp x3, x7 */
	a64_emit(a, 0x9a8504a5U);	/* cinc x5, x5, ne */
	a64_emit(a, 0xeb04007fU);	/* cmp x3, x4 */
	a64_emit(a, 0x9a8614c6U);	/* cinc x6, x6, eq */
	a64_emit(a, 0x91400400U);	/* add x0, x0, #1, lsl #12 */
	a64_emit(a, 0xf1000421U);	/* subs x1, x1, #1 */
	a64_emit(a, 0x54ffff01U);	/* b.ne -8 insns */
}

static void set_args(struct guest *g, __u64 magic)
{
	__av_set_reg64(g->vcpu, ARMVCPU_REG_X(0), DATA_BASE);
	__av_set_reg64(g->vcpu, ARMVCPU_REG_X(1), DATA_SIZE / RB_PAGE);
	__av_set_reg64(g->vcpu, ARMVCPU_REG_X(2), magic);
	__av_set_reg64(g->vcpu, ARMVCPU_REG_X(4), POISON);
}

static unsigned long count_in(const char *p, size_t len, __u64 magic,
			      bool of_guest)
{
	unsigned long n = 0;
	size_t off;

	for (off = 0; off < len; off += RB_PAGE) {
		__u64 v = *(const __u64 *)(p + off);

		/* The guest stores addr ^ magic: its upper bits are magic's. */
		if (of_guest ? (v >> 32) == (magic >> 32) : v != POISON)
			n++;
	}
	return n;
}

/* A fixture only for the timeout: TCG fills 66 MiB slowly. */
FIXTURE(slow) {
};

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
}

TEST_F_TIMEOUT(slow, munmap_of_the_backing_leaves_no_window, 120)
{
	size_t spray_len = 64UL << 20;
	__u64 fill, check, fill2;
	struct rb_mem base, now;
	char *ram, *spray, why[256];
	struct outcome o;
	struct guest g;
	size_t off;
	int ret;

	rb_mem_sample(&base);
	ASSERT_EQ(0, guest_create(&g));
	ram = rb_alloc_guest_mem(DATA_SIZE);
	ASSERT_NE(NULL, ram);
	ASSERT_EQ(0, __av_set_region(g.vm, 1, 0, DATA_BASE, DATA_SIZE,
				     (uintptr_t)ram));
	fill = guest_entry(&g);
	emit_fill(&g.a);
	a64_emit(&g.a, a64_hvc(1));
	check = guest_entry(&g);
	emit_check(&g.a);
	a64_emit(&g.a, a64_hvc(2));
	fill2 = guest_entry(&g);
	emit_fill(&g.a);
	a64_emit(&g.a, a64_hvc(3));

	set_args(&g, MAGIC);
	ASSERT_EQ(0, guest_run(&g, fill, 1, 0, &o));
	/* The host sees the guest's stores: the slot is really this memory. */
	EXPECT_EQ(DATA_BASE ^ MAGIC, *(__u64 *)ram);

	/*
	 * The backing goes away; the same addresses and 64 MiB more are
	 * filled with poison, so freed pages would be reused and seen.
	 */
	ASSERT_EQ(0, munmap(ram, DATA_SIZE));
	ASSERT_EQ(ram, mmap(ram, DATA_SIZE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	spray = rb_alloc_guest_mem(spray_len);
	ASSERT_NE(NULL, spray);
	for (off = 0; off < DATA_SIZE; off += 8)
		*(__u64 *)(ram + off) = POISON;
	for (off = 0; off < spray_len; off += 8)
		*(__u64 *)(spray + off) = POISON;

	set_args(&g, MAGIC);
	ret = guest_run(&g, check, 2, 0, &o);
	ASSERT_EQ(0, ret);
	TH_LOG("after munmap: %llu pages differ, %llu hold poison, %lu MMIO reads",
	       (unsigned long long)o.x[5], (unsigned long long)o.x[6],
	       o.mmio_reads);
	/* Never the host's new data; either its own pages or no memory. */
	EXPECT_EQ(0, o.x[6]);
	EXPECT_TRUE(o.x[5] == 0 || o.mmio_reads == DATA_SIZE / RB_PAGE);

	/* The guest's writes from now on land nowhere the host can see. */
	set_args(&g, ~MAGIC);
	ASSERT_EQ(0, guest_run(&g, fill2, 3, 0, &o));
	EXPECT_EQ(0, count_in(ram, DATA_SIZE, ~MAGIC, true));
	EXPECT_EQ(0, count_in(spray, spray_len, ~MAGIC, true));
	EXPECT_EQ(0, count_in(ram, DATA_SIZE, 0, false));
	EXPECT_EQ(0, count_in(spray, spray_len, 0, false));

	/* The old pages go back when the VM does. */
	guest_destroy(&g);
	munmap(ram, DATA_SIZE);
	munmap(spray, spray_len);
	rb_mem_sample(&now);
	EXPECT_TRUE(rb_mem_back(&base, &now, 1024, why, sizeof(why)))
		TH_LOG("%s", why);
}

int main(int argc, char **argv)
{
	rb_args_to_env(argc, argv);
	return test_harness_run(argc, argv);
}
