// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory is pinned on first touch, one 2 MiB chunk at a time
 * (Documentation/api.rst, memslots):
 *  - creating a slot pins nothing (but charges VmLck); the guest's first
 *    access to a chunk pins exactly that chunk, and reads zero where the
 *    VMM never wrote and the VMM's data where it did, after the slot was
 *    created; the guest's stores reach the VMM's mapping;
 *  - deleting a slot with only some chunks faulted in unpins exactly those,
 *    and nothing stays pinned once the VM is gone;
 *  - a slot whose backing the VMM munmapped (or made read-only) after
 *    creating it makes RUN fail with EFAULT, with the PC unmoved, a
 *    warning naming the IPA and no splat; once memory is back the guest
 *    carries on and sees the new memory;
 *  - vCPUs touching the same chunk at the same time pin it once, and all
 *    their stores land;
 *  - memory a userfaultfd holds cannot be pinned long-term on 6.1: RUN
 *    fails with EFAULT at once, and works once the VMM filled it;
 *  - a writable slot of a file on a real filesystem (ext4, on a loop
 *    device: rig-mkfs-ext4) is refused with EOPNOTSUPP at creation, and
 *    at the guest's first touch when the VMM mapped the file over the slot
 *    afterwards (with or without its pages present), pinning nothing;
 *    a read-only slot of the file, and a private mapping of it, work;
 *  - shared memfd, shared and private anonymous and hugetlb memory still
 *    back a guest that reads and writes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/userfaultfd.h>

#include "kselftest_harness.h"
#include "armvcpu_util.h"
#include "robust.h"

#define CHUNK		(2UL << 20)
#define CHUNK_PAGES	(CHUNK / RB_PAGE)
#define DATA_GPA	0x50000000ULL
#define DATA_SIZE	(4 * CHUNK)
#define KEY		0x3c3cf00dd00f3c3cULL
#define MARK		0x600dcafe00000000ULL
#define NR_TOUCHERS	4
#define ROUNDS		8
/* The guest's first load: after its three set-up instructions. */
#define FIRST_LOAD_PC	(AV_GUEST_ENTRY + 12)
/* An ext4 filesystem, made by the rig's rig-mkfs-ext4 (tools/rig/mkfs-ext4). */
#define EXT4_DIR	"/mnt/ext4"
#define NR_HUGEPAGES	"/proc/sys/vm/nr_hugepages"

/* Pages pinned system-wide (FOLL_PIN), as selftests/lib/robust.c counts. */
static long long pinned(void)
{
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			perror("stat_refresh");
		close(fd);
	}
	return rb_vmstat("nr_foll_pin_acquired") -
	       rb_vmstat("nr_foll_pin_released");
}

/* @size bytes of 2 MiB-aligned anonymous memory, never touched. */
static char *alloc_chunks(size_t size)
{
	char *p = mmap(NULL, size + CHUNK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *start;

	if (p == MAP_FAILED)
		return NULL;
	start = (char *)(((uintptr_t)p + CHUNK - 1) & ~(CHUNK - 1));
	if (start > p)
		munmap(p, start - p);
	munmap(start + size, p + CHUNK - start);
	return start;
}

/* The guest's next pass (memslot_fault_guest.S). */
static void set_pass(struct av_vcpu *v, __u64 gpa, __u64 pages, __u64 key,
		     __u64 mask, __u64 store, __u64 off)
{
	av_set_reg(v, ARMVCPU_REG_X(20), gpa);
	av_set_reg(v, ARMVCPU_REG_X(21), pages);
	av_set_reg(v, ARMVCPU_REG_X(22), key);
	av_set_reg(v, ARMVCPU_REG_X(23), mask);
	av_set_reg(v, ARMVCPU_REG_X(24), store);
	av_set_reg(v, ARMVCPU_REG_X(25), off);
}

/* What the guest is told to expect in each page: its IPA ^ KEY. */
static void fill(char *host, __u64 gpa, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += RB_PAGE)
		*(__u64 *)(host + off) = (gpa + off) ^ KEY;
}

/* Pages of [host, host + len) without @val at offset @off. */
static unsigned long missing(const char *host, size_t len, size_t off,
			     __u64 val)
{
	unsigned long n = 0;
	size_t p;

	for (p = 0; p < len; p += RB_PAGE)
		if (*(const __u64 *)(host + p + off) != val)
			n++;
	return n;
}

static bool klog_has(const char *what)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0), len;
	bool found = false;
	char *buf;

	if (size <= 0)
		return false;
	buf = malloc(size + 1);
	if (!buf)
		return false;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (len >= 0) {
		buf[len] = '\0';
		found = strstr(buf, what);
	}
	free(buf);
	return found;
}

/* A VM with RAM and the guest, @data as slot 1 at DATA_GPA, vCPU 0. */
static int vm_with_data(struct av_vm *vm, struct av_vcpu *vcpu, char *data,
			size_t size)
{
	int ret;

	av_vm_create_with_ram(vm);
	ret = __av_set_region(vm->fd, 1, 0, DATA_GPA, size, (uintptr_t)data);
	if (ret)
		return ret;
	av_vcpu_create(vm, vcpu, 0);
	AV_LOAD_GUEST(vm, vcpu, memslot_fault);
	return 0;
}

TEST(first_touch_pins_one_chunk_then_delete_unpins_it)
{
	long long base = pinned(), locked = rb_status_kb("VmLck");
	char *data = alloc_chunks(DATA_SIZE);
	struct av_vcpu vcpu;
	struct av_vm vm;

	ASSERT_NE(NULL, data);
	ASSERT_EQ(0, vm_with_data(&vm, &vcpu, data, DATA_SIZE));
	/* Charged in full at creation, pinned not at all. */
	EXPECT_EQ(locked + (long long)(AV_RAM_SIZE + DATA_SIZE) / 1024,
		  rb_status_kb("VmLck"));
	EXPECT_EQ(base, pinned());
	/* Written after the slot was created: the guest must see it. */
	fill(data + CHUNK, DATA_GPA + CHUNK, CHUNK);

	/* Chunk 0, never written: zeroes. Its chunk and the code's pinned. */
	set_pass(&vcpu, DATA_GPA, CHUNK_PAGES, 0, 0, MARK | 1, 8);
	EXPECT_EQ(0, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(base + 2 * (long long)CHUNK_PAGES, pinned());
	/* Chunk 1: the VMM's data. One more chunk. */
	set_pass(&vcpu, DATA_GPA + CHUNK, CHUNK_PAGES, KEY, ~0ULL, MARK | 2, 8);
	EXPECT_EQ(0, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(base + 3 * (long long)CHUNK_PAGES, pinned());
	/* Touching them again pins nothing more. */
	EXPECT_EQ(0, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(base + 3 * (long long)CHUNK_PAGES, pinned());
	/* The guest's stores are in the VMM's memory. */
	EXPECT_EQ(0, missing(data, CHUNK, 8, MARK | 1));
	EXPECT_EQ(0, missing(data + CHUNK, CHUNK, 8, MARK | 2));
	EXPECT_EQ(CHUNK_PAGES, missing(data + 2 * CHUNK, CHUNK, 8, MARK | 2));

	/* Half faulted in: deleting it unpins its two chunks, no more. */
	ASSERT_EQ(0, __av_set_region(vm.fd, 1, 0, 0, 0, 0));
	EXPECT_EQ(base + (long long)CHUNK_PAGES, pinned());
	EXPECT_EQ(locked + (long long)AV_RAM_SIZE / 1024, rb_status_kb("VmLck"));
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
	EXPECT_EQ(base, pinned());
	EXPECT_EQ(locked, rb_status_kb("VmLck"));
	munmap(data, DATA_SIZE);
}

TEST(backing_gone_after_creation_fails_run_with_efault)
{
	int trouble = rb_klog_trouble();
	long long base = pinned();
	char *data = alloc_chunks(CHUNK), *p;
	struct av_vcpu vcpu;
	struct av_vm vm;

	ASSERT_NE(NULL, data);
	ASSERT_EQ(0, vm_with_data(&vm, &vcpu, data, CHUNK));
	ASSERT_EQ(0, munmap(data, CHUNK));

	set_pass(&vcpu, DATA_GPA, CHUNK_PAGES, KEY, ~0ULL, 0, 0);
	EXPECT_EQ(-EFAULT, __av_run(vcpu.fd));
	/* The access is not lost: the PC still points at it, every time. */
	EXPECT_EQ(FIRST_LOAD_PC, av_get_reg(&vcpu, ARMVCPU_REG_PC));
	EXPECT_EQ(-EFAULT, __av_run(vcpu.fd));
	EXPECT_EQ(FIRST_LOAD_PC, av_get_reg(&vcpu, ARMVCPU_REG_PC));
	EXPECT_TRUE(klog_has("cannot pin guest memory at IPA 0x50000000"));

	/* Read-only memory there cannot back a writable slot either. */
	p = mmap(data, CHUNK, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		 MAP_FIXED, -1, 0);
	ASSERT_EQ(data, p);
	EXPECT_EQ(-EFAULT, __av_run(vcpu.fd));
	EXPECT_EQ(FIRST_LOAD_PC, av_get_reg(&vcpu, ARMVCPU_REG_PC));

	/* Writable again, with new data: the guest carries on and sees it. */
	ASSERT_EQ(0, mprotect(data, CHUNK, PROT_READ | PROT_WRITE));
	fill(data, DATA_GPA, CHUNK);
	EXPECT_EQ(0, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(base + 2 * (long long)CHUNK_PAGES, pinned());

	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
	EXPECT_EQ(base, pinned());
	EXPECT_EQ(trouble, rb_klog_trouble());
	munmap(data, CHUNK);
}

struct toucher {
	struct av_vcpu vcpu;
	pthread_t thread;
	pthread_barrier_t *start;
	__u64 arg;
};

static void *touch(void *arg)
{
	struct toucher *t = arg;

	pthread_barrier_wait(t->start);
	t->arg = av_expect_ucall(&t->vcpu, AV_UCALL_SYNC);
	return NULL;
}

static __u64 toucher_mark(unsigned int round, unsigned int i)
{
	return MARK | round << 8 | (i + 1);
}

/*
 * Four vCPU threads and 8 rounds of faulting on a 2 MiB chunk take a few
 * seconds on an idle machine and far more than the harness's default 30 s
 * on a loaded one: the limit is for a hang, not for speed.
 */
FIXTURE(touchers) {};
FIXTURE_SETUP(touchers) {}
FIXTURE_TEARDOWN(touchers) {}

TEST_F_TIMEOUT(touchers, vcpus_touching_one_chunk_at_once_pin_it_once, 300)
{
	struct toucher t[NR_TOUCHERS];
	pthread_barrier_t start;
	long long base = pinned();
	unsigned int r, i;
	struct av_vm vm;
	char *data;

	av_vm_create_with_ram(&vm);
	for (i = 0; i < NR_TOUCHERS; i++) {
		av_vcpu_create(&vm, &t[i].vcpu, i);
		t[i].start = &start;
	}
	AV_LOAD_GUEST(&vm, &t[0].vcpu, memslot_fault);
	for (i = 1; i < NR_TOUCHERS; i++)
		av_set_reg(&t[i].vcpu, ARMVCPU_REG_PC, AV_GUEST_ENTRY);
	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, NR_TOUCHERS + 1));

	/* A fresh chunk each round, all vCPUs let loose on it at once. */
	for (r = 0; r < ROUNDS; r++) {
		data = alloc_chunks(CHUNK);
		ASSERT_NE(NULL, data);
		ASSERT_EQ(0, __av_set_region(vm.fd, 1, 0, DATA_GPA, CHUNK,
					     (uintptr_t)data));
		for (i = 0; i < NR_TOUCHERS; i++) {
			set_pass(&t[i].vcpu, DATA_GPA, CHUNK_PAGES, 0, 0,
				 toucher_mark(r, i), 8 + 8 * i);
			ASSERT_EQ(0, pthread_create(&t[i].thread, NULL, touch,
						    &t[i]));
		}
		pthread_barrier_wait(&start);
		for (i = 0; i < NR_TOUCHERS; i++) {
			pthread_join(t[i].thread, NULL);
			/* Nobody stores at offset 0: it reads zero. */
			EXPECT_EQ(0, t[i].arg);
			EXPECT_EQ(0, missing(data, CHUNK, 8 + 8 * i,
					     toucher_mark(r, i)))
				TH_LOG("round %u vCPU %u", r, i);
		}
		/* The code's chunk and this one, each pinned once. */
		EXPECT_EQ(base + 2 * (long long)CHUNK_PAGES, pinned())
			TH_LOG("round %u", r);
		ASSERT_EQ(0, __av_set_region(vm.fd, 1, 0, 0, 0, 0));
		EXPECT_EQ(base + (long long)CHUNK_PAGES, pinned());
		munmap(data, CHUNK);
	}
	pthread_barrier_destroy(&start);
	for (i = 0; i < NR_TOUCHERS; i++)
		av_vcpu_destroy(&t[i].vcpu);
	av_vm_destroy(&vm);
	EXPECT_EQ(base, pinned());
}

/* A userfaultfd that holds every missing-page fault of [p, p + len). */
static int uffd_hold(char *p, size_t len)
{
	struct uffdio_register reg = {
		.range = { .start = (uintptr_t)p, .len = len },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	struct uffdio_api api = { .api = UFFD_API };
	int fd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (ioctl(fd, UFFDIO_API, &api) || ioctl(fd, UFFDIO_REGISTER, &reg)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * armvcpu faults guest memory in without FAULT_FLAG_ALLOW_RETRY (as 6.1's
 * GUP does for a long-term pin, and as for VFIO), so memory whose missing
 * pages a userfaultfd holds is refused at once instead of hanging the
 * vCPU, on every kernel: RUN fails with EFAULT and the PC stays. Once the
 * VMM has filled it, the guest goes on.
 */
TEST(userfaultfd_held_memory_fails_run_until_filled)
{
	struct uffdio_zeropage zero = { .range.len = CHUNK };
	long long base = pinned();
	struct av_vcpu vcpu;
	struct av_vm vm;
	char *data;
	int uffd;

	data = alloc_chunks(CHUNK);
	ASSERT_NE(NULL, data);
	uffd = uffd_hold(data, CHUNK);
	if (uffd < 0)
		SKIP(return, "userfaultfd: %s", strerror(errno));
	ASSERT_EQ(0, vm_with_data(&vm, &vcpu, data, CHUNK));
	set_pass(&vcpu, DATA_GPA, CHUNK_PAGES, 0, 0, 0, 0);

	EXPECT_EQ(-EFAULT, __av_run(vcpu.fd));
	EXPECT_EQ(FIRST_LOAD_PC, av_get_reg(&vcpu, ARMVCPU_REG_PC));
	/* The code's chunk only: the refused pin left nothing behind. */
	EXPECT_EQ(base + (long long)CHUNK_PAGES, pinned());

	zero.range.start = (uintptr_t)data;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_ZEROPAGE, &zero));
	EXPECT_EQ(0, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(base + 2 * (long long)CHUNK_PAGES, pinned());
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
	EXPECT_EQ(base, pinned());
	close(uffd);
	munmap(data, CHUNK);
}

/*
 * A file of CHUNK bytes on ext4, open for reading and writing, or -1 with
 * *why set. The filesystem is made once per boot.
 */
static int ext4_file(const char **why)
{
	static const char path[] = EXT4_DIR "/guest-memory";
	int fd;

	*why = "rig-mkfs-ext4 " EXT4_DIR " failed (see its message above)";
	if (system("rig-mkfs-ext4 " EXT4_DIR))
		return -1;
	*why = "cannot create " EXT4_DIR "/guest-memory";
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, CHUNK)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The word at @off of the file, as the filesystem has it. */
static __u64 file_word(int fd, off_t off)
{
	__u64 val = ~0ULL;

	if (pread(fd, &val, sizeof(val), off) != sizeof(val))
		return ~0ULL;
	return val;
}

static char *map_file(void *at, int fd, int prot, int flags)
{
	char *p = mmap(at, CHUNK, prot, flags | (at ? MAP_FIXED : 0), fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * A long-term writable pin of ext4's page cache would be written behind
 * the filesystem's back: creating a writable slot on a shared mapping of
 * the file is refused, charging nothing. Read-only pins write nothing and
 * a private mapping pins copies, so those slots are allowed, and work.
 */
TEST(shared_file_on_ext4_refused_at_creation)
{
	long long base = pinned(), locked = rb_status_kb("VmLck");
	struct av_vcpu vcpu;
	const char *why;
	struct av_vm vm;
	char *data;
	int fd;

	fd = ext4_file(&why);
	if (fd < 0)
		SKIP(return, "no ext4 filesystem: %s", why);
	data = map_file(NULL, fd, PROT_READ | PROT_WRITE, MAP_SHARED);
	ASSERT_NE(NULL, data);
	fill(data, DATA_GPA, CHUNK);

	av_vm_create_with_ram(&vm);
	EXPECT_EQ(-EOPNOTSUPP, __av_set_region(vm.fd, 1, 0, DATA_GPA, CHUNK,
					       (uintptr_t)data));
	EXPECT_EQ(locked + (long long)AV_RAM_SIZE / 1024, rb_status_kb("VmLck"));

	/* Read-only: the guest reads the file's data. */
	ASSERT_EQ(0, __av_set_region(vm.fd, 1, ARMVCPU_MEM_READONLY, DATA_GPA,
				     CHUNK, (uintptr_t)data));
	av_vcpu_create(&vm, &vcpu, 0);
	AV_LOAD_GUEST(&vm, &vcpu, memslot_fault);
	set_pass(&vcpu, DATA_GPA, CHUNK_PAGES, KEY, ~0ULL, 0, 0);
	EXPECT_EQ(0, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(base + 2 * (long long)CHUNK_PAGES, pinned());
	ASSERT_EQ(0, __av_set_region(vm.fd, 1, 0, 0, 0, 0));
	munmap(data, CHUNK);

	/* Private: the guest gets its own copies, the file stays as it is. */
	data = map_file(NULL, fd, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	ASSERT_NE(NULL, data);
	ASSERT_EQ(0, __av_set_region(vm.fd, 1, 0, DATA_GPA, CHUNK,
				     (uintptr_t)data));
	set_pass(&vcpu, DATA_GPA, CHUNK_PAGES, KEY, ~0ULL, MARK, 8);
	EXPECT_EQ(0, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(0, missing(data, CHUNK, 8, MARK));
	EXPECT_EQ(0, file_word(fd, 8));
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
	EXPECT_EQ(base, pinned());
	EXPECT_EQ(locked, rb_status_kb("VmLck"));
	munmap(data, CHUNK);
	close(fd);
}

/*
 * A slot created on anonymous memory, whose VMA the VMM replaces with a
 * shared mapping of the ext4 file afterwards, is refused when the guest
 * first touches it: RUN fails with EOPNOTSUPP and the PC stays, whether
 * the file's pages are not in the VMM's page tables yet (the VMA is
 * refused) or present and writable there (6.1's GUP would pin them: the
 * pinned pages are refused). Nothing stays pinned, the file is untouched,
 * and once the VMM puts anonymous memory back the guest carries on.
 */
TEST(shared_file_mapped_over_slot_refused_at_pin_time)
{
	int trouble = rb_klog_trouble();
	long long base = pinned();
	char *data = alloc_chunks(CHUNK);
	struct av_vcpu vcpu;
	const char *why;
	struct av_vm vm;
	int fd;

	ASSERT_NE(NULL, data);
	fd = ext4_file(&why);
	if (fd < 0)
		SKIP(return, "no ext4 filesystem: %s", why);
	ASSERT_EQ(0, vm_with_data(&vm, &vcpu, data, CHUNK));
	ASSERT_EQ(data, map_file(data, fd, PROT_READ | PROT_WRITE,
				 MAP_SHARED));

	/* Not present: the fault-in finds the file's VMA. */
	set_pass(&vcpu, DATA_GPA, CHUNK_PAGES, 0, 0, MARK, 8);
	EXPECT_EQ(-EOPNOTSUPP, __av_run(vcpu.fd));
	EXPECT_EQ(FIRST_LOAD_PC, av_get_reg(&vcpu, ARMVCPU_REG_PC));
	EXPECT_EQ(base + (long long)CHUNK_PAGES, pinned());

	/* Present and writable in the VMM's page tables. */
	fill(data, DATA_GPA, CHUNK);
	EXPECT_EQ(-EOPNOTSUPP, __av_run(vcpu.fd));
	EXPECT_EQ(FIRST_LOAD_PC, av_get_reg(&vcpu, ARMVCPU_REG_PC));
	EXPECT_EQ(base + (long long)CHUNK_PAGES, pinned());
	EXPECT_TRUE(klog_has("cannot pin guest memory at IPA 0x50000000: error -95"));
	ASSERT_EQ(0, msync(data, CHUNK, MS_SYNC));
	EXPECT_EQ(DATA_GPA ^ KEY, file_word(fd, 0));
	EXPECT_EQ(0, file_word(fd, 8));

	/* Anonymous memory back: the guest goes on and sees it. */
	ASSERT_EQ(data, mmap(data, CHUNK, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	EXPECT_EQ(0, av_expect_ucall(&vcpu, AV_UCALL_SYNC));
	EXPECT_EQ(0, missing(data, CHUNK, 8, MARK));
	EXPECT_EQ(base + 2 * (long long)CHUNK_PAGES, pinned());
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
	EXPECT_EQ(base, pinned());
	EXPECT_EQ(trouble, rb_klog_trouble());
	munmap(data, CHUNK);
	close(fd);
}

/*
 * @data (CHUNK bytes) as a writable slot: the guest reads what the VMM
 * wrote and its stores reach the VMM; one chunk pinned while the slot
 * lives, none after.
 */
static void guest_uses(struct __test_metadata *_metadata, char *data,
		       const char *what)
{
	long long base = pinned();
	struct av_vcpu vcpu;
	struct av_vm vm;

	fill(data, DATA_GPA, CHUNK);
	ASSERT_EQ(0, vm_with_data(&vm, &vcpu, data, CHUNK)) TH_LOG("%s", what);
	set_pass(&vcpu, DATA_GPA, CHUNK_PAGES, KEY, ~0ULL, MARK, 8);
	EXPECT_EQ(0, av_expect_ucall(&vcpu, AV_UCALL_SYNC)) TH_LOG("%s", what);
	EXPECT_EQ(0, missing(data, CHUNK, 8, MARK)) TH_LOG("%s", what);
	EXPECT_EQ(base + 2 * (long long)CHUNK_PAGES, pinned()) TH_LOG("%s", what);
	av_vcpu_destroy(&vcpu);
	av_vm_destroy(&vm);
	EXPECT_EQ(base, pinned()) TH_LOG("%s", what);
}

/* Shared memory without a filesystem behind it is not refused. */
TEST(memfd_and_anonymous_memory_back_a_guest)
{
	int fd = memfd_create("guest-memory", MFD_CLOEXEC);
	char *data;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, CHUNK));
	data = map_file(NULL, fd, PROT_READ | PROT_WRITE, MAP_SHARED);
	ASSERT_NE(NULL, data);
	guest_uses(_metadata, data, "shared memfd");
	munmap(data, CHUNK);
	close(fd);

	data = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, data);
	guest_uses(_metadata, data, "shared anonymous");
	munmap(data, CHUNK);

	data = alloc_chunks(CHUNK);
	ASSERT_NE(NULL, data);
	guest_uses(_metadata, data, "private anonymous");
	munmap(data, CHUNK);
}

static long read_long(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = '\0';
	close(fd);
	return buf[0] ? strtol(buf, NULL, 10) : -1;
}

static void write_long(const char *path, long val)
{
	char buf[32];
	int fd = open(path, O_WRONLY), len;

	if (fd < 0)
		return;
	len = snprintf(buf, sizeof(buf), "%ld", val);
	if (write(fd, buf, len) != len)
		perror(path);
	close(fd);
}

/*
 * hugetlbfs, through MAP_HUGETLB and a hugetlb memfd, is allowed: its
 * pages are never written back. The test reserves the two 2 MiB huge
 * pages it needs and gives them back.
 */
TEST(hugetlb_memory_backs_a_guest)
{
	long old = read_long(NR_HUGEPAGES);
	char *data;
	int fd;

	if (old < 0)
		SKIP(return, "no %s: no huge pages in this kernel", NR_HUGEPAGES);
	write_long(NR_HUGEPAGES, old + 2);
	if (read_long(NR_HUGEPAGES) < old + 2) {
		write_long(NR_HUGEPAGES, old);
		SKIP(return, "cannot reserve 2 huge pages");
	}
	data = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	ASSERT_NE(MAP_FAILED, data);
	guest_uses(_metadata, data, "MAP_HUGETLB");
	munmap(data, CHUNK);

	fd = memfd_create("guest-memory", MFD_CLOEXEC | MFD_HUGETLB);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, CHUNK));
	data = map_file(NULL, fd, PROT_READ | PROT_WRITE, MAP_SHARED);
	ASSERT_NE(NULL, data);
	guest_uses(_metadata, data, "shared hugetlb memfd");
	munmap(data, CHUNK);
	close(fd);
	write_long(NR_HUGEPAGES, old);
}

TEST_HARNESS_MAIN
