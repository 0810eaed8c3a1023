// SPDX-License-Identifier: GPL-2.0
/*
 * A buggy VMM cannot hurt the host: a seeded, reproducible fuzzer of every
 * armvcpu fd. Each step picks an fd (/dev/armvcpu, a VM, a vCPU, a closed
 * one, a foreign one) and a call, half the time well-formed around one
 * random field (the structure-aware part), otherwise random: random ioctl
 * numbers and sizes, flags, reserved words, memslots over good, read-only,
 * PROT_NONE, unmapped and kernel addresses, register ids and values, RUN on
 * half-set-up vCPUs (with a watchdog: RUN must return), mmap of the run
 * struct, fds used from a forked child. Every call must return and every
 * error must be one that Documentation/api.rst lists for that call; the
 * host must not log an Oops/WARN/BUG; pins, VmLck and MemAvailable must be
 * back at their baseline once everything is closed.
 *
 * Parameters (environment or "name=value" arguments):
 *   fuzz_ioctl_calls  calls to make (default 12000; make stress: 120000)
 *   fuzz_ioctl_seed   seed to replay (default: fresh, printed)
 *   fuzz_ioctl_mask   kinds of step to make (bits of steps[]; default all)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "robust.h"

#define NR_VMS		3
#define NR_VCPUS	5
#define POOL_SIZE	(4UL << 20)
#define MAX_ERRNO	134

#define E(x)		(1ULL << (x))

enum op {
	OP_VERSION, OP_CHECK_EXT, OP_MMAP_SIZE, OP_CREATE_VM, OP_SET_REGION,
	OP_CREATE_VCPU, OP_IRQ_LINE, OP_RUN, OP_GET_REG, OP_SET_REG,
	OP_REG_LIST, OP_INJECT, OP_RANDOM, OP_CLOSED, OP_FOREIGN, OP_MMAP,
	OP_CHILD, OP_GUEST_DEBUG, OP_STATS_FD, OP_STATS_READ, NR_OPS
};

/*
 * The errnos each call may return, as Documentation/api.rst lists them (the
 * abort injection of exits.rst: the errors of its struct checks). ENFILE is
 * the kernel's own for a full file table; ENOTTY is "not a call of this fd"
 * (api.rst: an unknown ioctl number is ENOTTY on every fd).
 */
static const struct {
	const char *name;
	__u64 allowed;
} ops[NR_OPS] = {
	[OP_VERSION]	 = { "GET_API_VERSION", E(EINVAL) },
	[OP_CHECK_EXT]	 = { "CHECK_EXTENSION", 0 },
	[OP_MMAP_SIZE]	 = { "GET_VCPU_MMAP_SIZE", E(EINVAL) },
	[OP_CREATE_VM]	 = { "CREATE_VM", E(EINVAL) | E(EFAULT) | E(ENOMEM) |
			     E(EMFILE) | E(ENFILE) },
	[OP_SET_REGION]	 = { "SET_USER_MEMORY_REGION", E(EINVAL) | E(EFAULT) |
			     E(EEXIST) | E(ENOSPC) | E(ENOMEM) | E(EIO) },
	[OP_CREATE_VCPU] = { "CREATE_VCPU", E(EINVAL) | E(EFAULT) | E(EEXIST) |
			     E(ENOMEM) | E(EIO) | E(EMFILE) | E(ENFILE) },
	/* ENXIO: no in-kernel GIC; ENOENT: a PPI of a vCPU not created. */
	[OP_IRQ_LINE]	 = { "IRQ_LINE", E(ENOTTY) | E(EINVAL) | E(EFAULT) |
			     E(EIO) | E(ENXIO) | E(ENOENT) },
	[OP_RUN]	 = { "RUN", E(EINTR) | E(EBUSY) | E(EIO) | E(EINVAL) },
	[OP_GET_REG]	 = { "GET_ONE_REG", E(EINVAL) | E(EFAULT) | E(ENOENT) |
			     E(EIO) | E(EBUSY) },
	[OP_SET_REG]	 = { "SET_ONE_REG", E(EINVAL) | E(EFAULT) | E(ENOENT) |
			     E(EIO) | E(EBUSY) },
	[OP_REG_LIST]	 = { "GET_REG_LIST", E(E2BIG) | E(EFAULT) | E(EBUSY) |
			     E(EIO) },
	[OP_INJECT]	 = { "INJECT_ABORT", E(ENOTTY) | E(EINVAL) | E(EFAULT) |
			     E(EIO) | E(EBUSY) },
	/* A random number is ENOTTY unless it happens to be a real call. */
	[OP_RANDOM]	 = { "random ioctl", E(ENOTTY) },
	[OP_CLOSED]	 = { "ioctl on a closed fd", E(EBADF) },
	[OP_FOREIGN]	 = { "armvcpu ioctl on a foreign fd", E(ENOTTY) },
	/* EINVAL per api.rst; ENODEV is the kernel's for fds without mmap. */
	[OP_MMAP]	 = { "mmap", E(EINVAL) | E(ENODEV) },
	[OP_CHILD]	 = { "VM/vCPU ioctl from a forked child", E(EIO) },
	[OP_GUEST_DEBUG] = { "SET_GUEST_DEBUG", E(EINVAL) | E(EFAULT) |
			     E(EIO) | E(EBUSY) | E(ENOMEM) },
	[OP_STATS_FD]	 = { "GET_STATS_FD", E(EINVAL) | E(EIO) | E(ENOMEM) |
			     E(EMFILE) | E(ENFILE) },
	/* A read anywhere is data or end of file; a write is refused. */
	[OP_STATS_READ]	 = { "stats fd read/write", E(EBADF) },
};

struct vcpu {
	int fd;
	struct armvcpu_run *run;
};

struct vm {
	int fd;
	struct vcpu vcpus[NR_VCPUS];
};

struct fuzz {
	struct rb_rng rng;
	__u64 seed;
	int dev;
	int foreign[2];		/* /dev/null and a pipe end */
	struct vm vms[NR_VMS];
	char *pool;		/* read-write, populated */
	char *ro;		/* PROT_READ */
	char *none;		/* PROT_NONE */
	char *hole;		/* unmapped */
	char *scratch;		/* argument buffers; last page is a guard */
	__u64 ids[1024];	/* from GET_REG_LIST */
	unsigned int nids;
	unsigned long calls, errors, runs, kicks, children;
	unsigned long seen[NR_OPS][MAX_ERRNO + 1];
	char bad[512];		/* first undocumented result */
};

static __u64 pick(struct fuzz *f, const __u64 *v, size_t n)
{
	return v[rb_below(&f->rng, n)];
}

#define PICK(f, ...) ({							\
	static const __u64 __v[] = { __VA_ARGS__ };			\
	pick(f, __v, ARRAY_SIZE(__v));			\
})

/* Mostly small values and edge cases; sometimes any 64-bit value. */
static __u64 some_value(struct fuzz *f)
{
	switch (rb_below(&f->rng, 6)) {
	case 0:
		return 0;
	case 1:
		return rb_below(&f->rng, 64);
	case 2:
		return PICK(f, ~0ULL, 1ULL << 63, 0xffffffffULL, 1ULL << 32,
			    1ULL << 40, 0x3c5, 0x3c9, 0x3cd, 0x5);
	default:
		return rb_rand(&f->rng);
	}
}

/* A user pointer for an argument of @len bytes. */
static void *some_ptr(struct fuzz *f, size_t len)
{
	char *guard = f->scratch + 3 * RB_PAGE;

	switch (rb_below(&f->rng, 16)) {
	case 0:
		return NULL;
	case 1:
		return f->none;
	case 2:
		return f->hole;
	case 3:
		return (void *)0xffff800008000000ULL;	/* kernel address */
	case 4:
		/* Straddles the guard page: the tail is unmapped. */
		return guard - 1 - rb_below(&f->rng, len ? len - 1 : 1);
	case 5:
		return f->ro;
	default:
		return f->scratch + rb_below(&f->rng, RB_PAGE);
	}
}

/* Fills the scratch buffer with a random or mostly-zero argument. */
static void scramble(struct fuzz *f)
{
	__u64 *p = (__u64 *)f->scratch;
	unsigned int i, n = 2 * RB_PAGE / 8;

	for (i = 0; i < n; i++)
		p[i] = rb_chance(&f->rng, 1, 3) ? some_value(f) : 0;
}

static int some_vm_fd(struct fuzz *f, struct vm **vmp)
{
	struct vm *vm = &f->vms[rb_below(&f->rng, NR_VMS)];

	*vmp = vm;
	return vm->fd;
}

static struct vcpu *some_vcpu(struct fuzz *f)
{
	struct vm *vm = &f->vms[rb_below(&f->rng, NR_VMS)];

	return &vm->vcpus[rb_below(&f->rng, NR_VCPUS)];
}

/* Records one result; returns false if the errno is not documented. */
static bool check(struct fuzz *f, enum op which, long ret, int err,
		  const char *what)
{
	f->calls++;
	if (ret >= 0)
		return true;
	f->errors++;
	f->seen[which][err <= MAX_ERRNO ? err : 0]++;
	if (err > 0 && err < 64 && (ops[which].allowed & E(err)))
		return true;
	if (!f->bad[0])
		snprintf(f->bad, sizeof(f->bad),
			 "call %lu: %s (%s) failed with %s (%d), not a documented errno of it; replay with fuzz_ioctl_seed=%#llx",
			 f->calls, ops[which].name, what, strerror(err), err,
			 (unsigned long long)f->seed);
	return false;
}

static long do_ioctl(int fd, unsigned long cmd, void *arg, int *err)
{
	long ret = ioctl(fd, cmd, arg);

	*err = ret < 0 ? errno : 0;
	return ret;
}

static void fill_region(struct fuzz *f, struct armvcpu_userspace_memory_region *r)
{
	__u64 size;

	memset(r, 0, sizeof(*r));
	r->slot = rb_chance(&f->rng, 9, 10) ? rb_below(&f->rng, 34) :
					      some_value(f);
	r->flags = rb_chance(&f->rng, 4, 5) ?
		   (rb_chance(&f->rng, 1, 3) ? ARMVCPU_MEM_READONLY : 0) :
		   some_value(f);
	r->guest_phys_addr = PICK(f, RB_GUEST_RAM, RB_GUEST_RAM + 0x100000,
				  RB_GUEST_RAM + 0x200000, 0, 0x1000,
				  RB_GUEST_RAM + 0x10, (1ULL << 40) - 0x1000,
				  1ULL << 40, (1ULL << 48) - 0x200000,
				  ~0xfffULL, 0x8000000);
	size = PICK(f, 0, RB_PAGE, 0x10000, 0x200000, POOL_SIZE,
		    POOL_SIZE + RB_PAGE, 100, 1ULL << 30, ~0xfffULL,
		    0x3000);
	r->memory_size = size;
	switch (rb_below(&f->rng, 10)) {
	case 0:
		r->userspace_addr = (uintptr_t)f->ro;
		break;
	case 1:
		r->userspace_addr = (uintptr_t)f->none;
		break;
	case 2:
		r->userspace_addr = (uintptr_t)f->hole;
		break;
	case 3:
		r->userspace_addr = PICK(f, 0, 0xffff800008000000ULL, 8,
					 ~0xfffULL);
		if (r->userspace_addr == 8)	/* unaligned */
			r->userspace_addr = (uintptr_t)f->pool + 8;
		break;
	default:
		r->userspace_addr = (uintptr_t)f->pool +
			(rb_below(&f->rng, POOL_SIZE / RB_PAGE) & ~0xfULL) *
			RB_PAGE;
		/* Keep most regions inside the pool: pins stay bounded. */
		if (size <= POOL_SIZE && rb_chance(&f->rng, 4, 5))
			r->userspace_addr = (uintptr_t)f->pool;
		break;
	}
	if (rb_chance(&f->rng, 1, 12))
		r->reserved[rb_below(&f->rng, 4)] = some_value(f) | 1;
}

static void do_create_vm(struct fuzz *f)
{
	struct armvcpu_vm_config *cfg = (void *)f->scratch;
	struct vm *vm = &f->vms[rb_below(&f->rng, NR_VMS)];
	void *arg = cfg;
	long ret;
	int err;

	memset(cfg, 0, sizeof(*cfg));
	if (rb_chance(&f->rng, 1, 4))
		cfg->flags = some_value(f);
	if (rb_chance(&f->rng, 1, 3))
		cfg->ipa_bits = PICK(f, 31, 32, 36, 40, 41, 48, 52, 64, 255,
				     ~0U);
	if (rb_chance(&f->rng, 1, 8))
		cfg->reserved[rb_below(&f->rng, 7)] = some_value(f) | 1;
	if (rb_chance(&f->rng, 1, 10))
		arg = some_ptr(f, sizeof(*cfg));
	ret = do_ioctl(f->dev, ARMVCPU_CREATE_VM, arg, &err);
	check(f, OP_CREATE_VM, ret, err, "config");
	if (ret < 0)
		return;
	/* The new VM replaces a random one: closing frees the old VM. */
	if (vm->fd >= 0) {
		unsigned int i;

		for (i = 0; i < NR_VCPUS; i++) {
			if (vm->vcpus[i].run)
				munmap(vm->vcpus[i].run, RB_PAGE);
			if (vm->vcpus[i].fd >= 0)
				close(vm->vcpus[i].fd);
			vm->vcpus[i].fd = -1;
			vm->vcpus[i].run = NULL;
		}
		close(vm->fd);
	}
	vm->fd = ret;
}

static void do_set_region(struct fuzz *f)
{
	struct armvcpu_userspace_memory_region *r = (void *)f->scratch;
	void *arg = r;
	struct vm *vm;
	int fd = some_vm_fd(f, &vm), err;
	long ret;

	if (fd < 0)
		return;
	fill_region(f, r);
	if (rb_chance(&f->rng, 1, 20))
		arg = some_ptr(f, sizeof(*r));
	ret = do_ioctl(fd, ARMVCPU_SET_USER_MEMORY_REGION, arg, &err);
	check(f, OP_SET_REGION, ret, err, "region");
}

static void do_create_vcpu(struct fuzz *f)
{
	struct armvcpu_vcpu_config *cfg = (void *)f->scratch;
	void *arg = cfg;
	struct vm *vm;
	struct vcpu *v;
	int fd = some_vm_fd(f, &vm), err;
	long ret;

	if (fd < 0)
		return;
	memset(cfg, 0, sizeof(*cfg));
	cfg->id = rb_chance(&f->rng, 7, 8) ? rb_below(&f->rng, 70) :
					     some_value(f);
	if (rb_chance(&f->rng, 1, 10))
		cfg->flags = some_value(f);
	if (rb_chance(&f->rng, 1, 10))
		cfg->reserved[rb_below(&f->rng, 3)] = some_value(f) | 1;
	if (rb_chance(&f->rng, 1, 20))
		arg = some_ptr(f, sizeof(*cfg));
	ret = do_ioctl(fd, ARMVCPU_CREATE_VCPU, arg, &err);
	check(f, OP_CREATE_VCPU, ret, err, "config");
	if (ret < 0)
		return;
	v = &vm->vcpus[rb_below(&f->rng, NR_VCPUS)];
	if (v->run)
		munmap(v->run, RB_PAGE);
	if (v->fd >= 0)
		close(v->fd);
	v->fd = ret;
	v->run = rb_chance(&f->rng, 7, 8) ? __av_map_run(ret, RB_PAGE) : NULL;
}

static void do_run(struct fuzz *f)
{
	struct vcpu *v = some_vcpu(f);
	long ret;
	int err;

	if (v->fd < 0)
		return;
	if (v->run && rb_chance(&f->rng, 1, 4))
		v->run->immediate_exit = 1;
	/*
	 * A half-set-up vCPU (no memory, random PC and PSTATE) may spin in
	 * guest exceptions forever without an exit: only the watchdog's
	 * signal brings RUN back, which is exactly what must always work.
	 */
	rb_watchdog_set_run(v->run);
	rb_watchdog_arm(2, 5);
	ret = do_ioctl(v->fd, ARMVCPU_RUN, NULL, &err);
	rb_watchdog_disarm();
	rb_watchdog_set_run(NULL);
	if (v->run)
		v->run->immediate_exit = 0;
	f->runs++;
	check(f, OP_RUN, ret, err, "run");
}

static __u64 some_reg_id(struct fuzz *f)
{
	switch (rb_below(&f->rng, 8)) {
	case 0:
		return some_value(f);
	case 1:
		return ARMVCPU_REG_SYS(rb_below(&f->rng, 4),
				       rb_below(&f->rng, 8),
				       rb_below(&f->rng, 16),
				       rb_below(&f->rng, 16),
				       rb_below(&f->rng, 8));
	case 2:
		return ARMVCPU_REG_ARM64 |
		       (rb_below(&f->rng, 16) << ARMVCPU_REG_SIZE_SHIFT) |
		       (rb_below(&f->rng, 0x20) << ARMVCPU_REG_CLASS_SHIFT) |
		       rb_below(&f->rng, 80);
	case 3:		/* breakpoints and watchpoints, past the count too */
		return ARMVCPU_REG_SYS(2, 0, 0, rb_below(&f->rng, 16),
				       4 + rb_below(&f->rng, 4));
	default:
		if (!f->nids)
			return ARMVCPU_REG_X(rb_below(&f->rng, 35));
		return f->ids[rb_below(&f->rng, f->nids)];
	}
}

static __u64 some_reg_value(struct fuzz *f, __u64 id)
{
	/* PSTATE: every mode, including EL2h/EL3h and AArch32 ones. */
	if (id == ARMVCPU_REG_PSTATE && rb_chance(&f->rng, 2, 3))
		return PICK(f, 0x3c5, 0x3c4, 0x3c9, 0x3cd, 0x3c8, 0x3c0, 0x10,
			    0x3d3, 0x5 | (1ULL << 20), 0x3c5 | (1ULL << 4));
	/* Debug registers: often no RES0 bit, so that SET succeeds. */
	if (ARMVCPU_REG_SYS_OP0(id) == 2 && rb_chance(&f->rng, 1, 2))
		return some_value(f) & 0x1f1fe1e4;
	return some_value(f);
}

static void do_one_reg(struct fuzz *f, bool set)
{
	struct armvcpu_one_reg *r = (void *)f->scratch;
	__u64 *val = (__u64 *)(f->scratch + 256);
	struct vcpu *v = some_vcpu(f);
	void *arg = r;
	long ret;
	int err;

	if (v->fd < 0)
		return;
	memset(r, 0, sizeof(*r));
	r->id = some_reg_id(f);
	val[0] = some_reg_value(f, r->id);
	val[1] = some_value(f);
	r->addr = (uintptr_t)val;
	if (rb_chance(&f->rng, 1, 10))
		r->addr = (uintptr_t)some_ptr(f, 16);
	if (rb_chance(&f->rng, 1, 12))
		r->reserved[rb_below(&f->rng, 2)] = some_value(f) | 1;
	if (rb_chance(&f->rng, 1, 20))
		arg = some_ptr(f, sizeof(*r));
	ret = do_ioctl(v->fd, set ? ARMVCPU_SET_ONE_REG : ARMVCPU_GET_ONE_REG,
		       arg, &err);
	check(f, set ? OP_SET_REG : OP_GET_REG, ret, err, "one_reg");
}

static void do_get_reg(struct fuzz *f)
{
	do_one_reg(f, false);
}

static void do_set_reg(struct fuzz *f)
{
	do_one_reg(f, true);
}

static void do_reg_list(struct fuzz *f)
{
	struct armvcpu_reg_list *l = (void *)f->scratch;
	struct vcpu *v = some_vcpu(f);
	void *arg = l;
	__u64 cap;
	long ret;
	int err;

	if (v->fd < 0)
		return;
	cap = PICK(f, 0, 1, 10, 100, 200, (2 * RB_PAGE - 8) / 8, 1ULL << 40,
		   ~0ULL);
	l->n = cap;
	if (rb_chance(&f->rng, 1, 10))
		arg = some_ptr(f, 8);
	ret = do_ioctl(v->fd, ARMVCPU_GET_REG_LIST, arg, &err);
	check(f, OP_REG_LIST, ret, err, "reg_list");
	/* A complete list feeds the structure-aware register ids. */
	if (!ret && arg == l && l->n <= cap &&
	    l->n <= ARRAY_SIZE(f->ids) && l->n > f->nids) {
		memcpy(f->ids, l->reg, l->n * sizeof(l->reg[0]));
		f->nids = l->n;
	}
}

/*
 * A stats fd of a VM or vCPU, read at any offset and length, written to,
 * then closed (or, sometimes, left to outlive a close of its VM or vCPU).
 */
static void do_stats_fd(struct fuzz *f)
{
	size_t len = rb_below(&f->rng, 4096);
	off_t off = rb_below(&f->rng, 8192);
	unsigned long arg;
	struct vcpu *v;
	struct vm *vm;
	int fd, sfd, err;
	long ret;

	if (rb_chance(&f->rng, 1, 2)) {
		fd = some_vm_fd(f, &vm);
	} else {
		v = some_vcpu(f);
		fd = v->fd;
	}
	if (fd < 0)
		return;
	arg = rb_chance(&f->rng, 3, 4) ? 0 : some_value(f);
	sfd = do_ioctl(fd, ARMVCPU_GET_STATS_FD, (void *)arg, &err);
	check(f, OP_STATS_FD, sfd, err, "stats_fd");
	if (sfd < 0)
		return;
	ret = pread(sfd, f->scratch, len, off);
	check(f, OP_STATS_READ, ret, ret < 0 ? errno : 0, "stats read");
	if (ret > (long)len && !f->bad[0])
		snprintf(f->bad, sizeof(f->bad), "stats read: %ld of %zu",
			 ret, len);
	ret = write(sfd, f->scratch, 8);
	check(f, OP_STATS_READ, ret < 0 ? -1 : ret, ret < 0 ? errno : 0,
	      "stats write");
	if (ret >= 0 && !f->bad[0])
		snprintf(f->bad, sizeof(f->bad), "stats fd took a write");
	close(sfd);
}

/*
 * One register of a USE_HW set: an enabled breakpoint or watchpoint on a
 * guest address (accepted), or anything.
 */
static void some_hw_reg(struct fuzz *f, struct armvcpu_guest_debug *dbg)
{
	__u64 *const banks[] = { dbg->dbg_bcr, dbg->dbg_bvr, dbg->dbg_wcr,
				 dbg->dbg_wvr };
	unsigned int n = rb_below(&f->rng, 16);

	if (rb_chance(&f->rng, 1, 2)) {
		dbg->dbg_bcr[n % 2] = 0x1e7;
		dbg->dbg_bvr[n % 2] = BOARD_IMAGE_BASE + 4 * rb_below(&f->rng, 64);
		dbg->dbg_wcr[n % 2] = 0x1fff;
		dbg->dbg_wvr[n % 2] = BOARD_IMAGE_BASE + 8 * rb_below(&f->rng, 64);
		return;
	}
	banks[rb_below(&f->rng, 4)][n] = some_value(f);
}

static void do_misc_vm(struct fuzz *f)
{
	struct armvcpu_irq_line *irq = (void *)f->scratch;
	struct armvcpu_abort *ab = (void *)f->scratch;
	struct armvcpu_guest_debug *dbg = (void *)f->scratch;
	struct vcpu *v;
	struct vm *vm;
	long ret;
	int fd, err;

	switch (rb_below(&f->rng, 5)) {
	case 0:
		fd = some_vm_fd(f, &vm);
		if (fd < 0)
			return;
		memset(irq, 0, sizeof(*irq));
		irq->vcpu_id = rb_below(&f->rng, 8);
		irq->line = rb_below(&f->rng, 3);
		irq->level = rb_below(&f->rng, 3);
		if (rb_chance(&f->rng, 1, 5))
			irq->flags = some_value(f);
		ret = do_ioctl(fd, ARMVCPU_IRQ_LINE, irq, &err);
		check(f, OP_IRQ_LINE, ret, err, "irq_line");
		break;
	case 1:
		v = some_vcpu(f);
		if (v->fd < 0)
			return;
		memset(ab, 0, sizeof(*ab));
		ab->type = rb_below(&f->rng, 4);
		ab->addr = some_value(f);
		if (rb_chance(&f->rng, 1, 5))
			ab->flags = some_value(f);
		ret = do_ioctl(v->fd, ARMVCPU_INJECT_ABORT, ab, &err);
		check(f, OP_INJECT, ret, err, "inject_abort");
		break;
	case 2:
		/*
		 * Mostly valid controls, so that RUNs step, trap BRKs and
		 * run with the VMM's breakpoints (USE_HW) loaded.
		 */
		v = some_vcpu(f);
		if (v->fd < 0)
			return;
		memset(dbg, 0, sizeof(*dbg));
		dbg->control = rb_chance(&f->rng, 3, 4) ?
			       rb_below(&f->rng, 16) : some_value(f);
		if (rb_chance(&f->rng, 1, 4))
			some_hw_reg(f, dbg);
		ret = do_ioctl(v->fd, ARMVCPU_SET_GUEST_DEBUG, dbg, &err);
		check(f, OP_GUEST_DEBUG, ret, err, "guest_debug");
		break;
	case 3:
		do_stats_fd(f);
		break;
	default:
		fd = rb_chance(&f->rng, 1, 2) ? f->dev : some_vm_fd(f, &vm);
		if (fd < 0)
			return;
		ret = do_ioctl(fd, ARMVCPU_CHECK_EXTENSION,
			       (void *)(uintptr_t)(rb_chance(&f->rng, 3, 4) ?
				       rb_below(&f->rng, 20) : some_value(f)),
			       &err);
		check(f, OP_CHECK_EXT, ret, err, "cap");
		break;
	}
}

static void do_dev_misc(struct fuzz *f)
{
	unsigned long arg = rb_chance(&f->rng, 1, 2) ? 0 : some_value(f);
	long ret;
	int err;

	if (rb_chance(&f->rng, 1, 2)) {
		ret = do_ioctl(f->dev, ARMVCPU_GET_API_VERSION, (void *)arg,
			       &err);
		check(f, OP_VERSION, ret, err, "version");
		if (!arg && ret != ARMVCPU_API_VERSION && !f->bad[0])
			snprintf(f->bad, sizeof(f->bad),
				 "GET_API_VERSION returned %ld", ret);
	} else {
		ret = do_ioctl(f->dev, ARMVCPU_GET_VCPU_MMAP_SIZE, (void *)arg,
			       &err);
		check(f, OP_MMAP_SIZE, ret, err, "mmap_size");
	}
}

static const unsigned long known_cmds[] = {
	ARMVCPU_GET_API_VERSION, ARMVCPU_CHECK_EXTENSION, ARMVCPU_CREATE_VM,
	ARMVCPU_GET_VCPU_MMAP_SIZE, ARMVCPU_SET_USER_MEMORY_REGION,
	ARMVCPU_CREATE_VCPU, ARMVCPU_IRQ_LINE, ARMVCPU_RUN,
	ARMVCPU_GET_ONE_REG, ARMVCPU_SET_ONE_REG, ARMVCPU_GET_REG_LIST,
	ARMVCPU_INJECT_ABORT, ARMVCPU_SET_GUEST_DEBUG, ARMVCPU_GET_STATS_FD,
};

/* Any fd of ours, with any number: direction, type, nr and size random. */
static void do_random_ioctl(struct fuzz *f)
{
	unsigned long cmd;
	struct vcpu *v;
	struct vm *vm;
	unsigned int i;
	long ret;
	int fd, err;

	switch (rb_below(&f->rng, 3)) {
	case 0:
		fd = f->dev;
		break;
	case 1:
		fd = some_vm_fd(f, &vm);
		break;
	default:
		v = some_vcpu(f);
		fd = v->fd;
		break;
	}
	if (fd < 0)
		return;
	if (rb_chance(&f->rng, 1, 4))
		cmd = (__u32)rb_rand(&f->rng);
	else
		cmd = _IOC(rb_below(&f->rng, 4),
			   rb_chance(&f->rng, 7, 8) ? ARMVCPUIO :
						      rb_below(&f->rng, 256),
			   rb_chance(&f->rng, 3, 4) ? 0x40 + rb_below(&f->rng, 0x40) :
						      rb_below(&f->rng, 256),
			   PICK(f, 0, 4, 8, 16, 24, 32, 40, 64, 72, 4096,
				0x3fff));
	/* A real call by chance would create fds we cannot track. */
	for (i = 0; i < ARRAY_SIZE(known_cmds); i++)
		if (cmd == known_cmds[i])
			return;
	scramble(f);
	ret = do_ioctl(fd, cmd, some_ptr(f, 64), &err);
	if (!check(f, OP_RANDOM, ret, err, "random") && f->calls) {
		size_t l = strlen(f->bad);

		snprintf(f->bad + l, sizeof(f->bad) - l, " [cmd %#lx]", cmd);
	}
}

/* A VM or vCPU call on the wrong kind of fd, or on a non-armvcpu fd. */
static void do_foreign(struct fuzz *f)
{
	static const unsigned long vm_only[] = {
		ARMVCPU_SET_USER_MEMORY_REGION, ARMVCPU_CREATE_VCPU,
		ARMVCPU_IRQ_LINE,
	};
	static const unsigned long vcpu_only[] = {
		ARMVCPU_RUN, ARMVCPU_GET_ONE_REG, ARMVCPU_SET_ONE_REG,
		ARMVCPU_GET_REG_LIST, ARMVCPU_INJECT_ABORT,
	};
	unsigned long cmd;
	struct vcpu *v;
	struct vm *vm;
	long ret;
	int fd, err;

	scramble(f);
	switch (rb_below(&f->rng, 4)) {
	case 0:		/* vCPU calls on /dev/armvcpu or a VM */
		cmd = vcpu_only[rb_below(&f->rng, 5)];
		fd = rb_chance(&f->rng, 1, 2) ? f->dev : some_vm_fd(f, &vm);
		break;
	case 1:		/* VM calls on /dev/armvcpu or a vCPU */
		cmd = vm_only[rb_below(&f->rng, 3)];
		v = some_vcpu(f);
		fd = rb_chance(&f->rng, 1, 2) ? f->dev : v->fd;
		break;
	case 2:		/* /dev/armvcpu calls on a vCPU */
		cmd = PICK(f, ARMVCPU_CREATE_VM, ARMVCPU_GET_API_VERSION,
			   ARMVCPU_GET_VCPU_MMAP_SIZE);
		v = some_vcpu(f);
		fd = v->fd;
		break;
	default:	/* anything on /dev/null or a pipe */
		cmd = known_cmds[rb_below(&f->rng, 12)];
		fd = f->foreign[rb_below(&f->rng, 2)];
		break;
	}
	if (fd < 0)
		return;
	ret = do_ioctl(fd, cmd, f->scratch, &err);
	check(f, OP_FOREIGN, ret, err, "wrong fd");
}

/* Closes a VM or vCPU fd, then calls on the number it had. */
static void do_close(struct fuzz *f)
{
	struct vcpu *v = NULL;
	struct vm *vm = NULL;
	long ret;
	int fd, err;

	if (rb_chance(&f->rng, 1, 3)) {
		fd = some_vm_fd(f, &vm);
	} else {
		v = some_vcpu(f);
		fd = v->fd;
	}
	if (fd < 0)
		return;
	/* The run mapping may outlive the fd: it keeps the vCPU alive. */
	if (v && v->run && rb_chance(&f->rng, 1, 2)) {
		munmap(v->run, RB_PAGE);
		v->run = NULL;
	}
	close(fd);
	if (vm)
		vm->fd = -1;
	else
		v->fd = -1;
	ret = do_ioctl(fd, known_cmds[rb_below(&f->rng, 12)], f->scratch, &err);
	check(f, OP_CLOSED, ret, err, "closed");
}

static void do_mmap(struct fuzz *f)
{
	struct vcpu *v = some_vcpu(f);
	size_t len = PICK(f, RB_PAGE, 2 * RB_PAGE, 1, 0x10000);
	off_t off = PICK(f, 0, 0, 0, RB_PAGE, 1ULL << 20);
	int prot = PICK(f, PROT_READ | PROT_WRITE, PROT_READ,
			PROT_READ | PROT_EXEC, PROT_WRITE);
	int flags = PICK(f, MAP_SHARED, MAP_SHARED, MAP_PRIVATE);
	int fd = v->fd;
	void *p;

	if (rb_chance(&f->rng, 1, 4))
		fd = rb_chance(&f->rng, 1, 2) ? f->dev : f->vms[0].fd;
	if (fd < 0)
		return;
	p = mmap(NULL, len, prot, flags, fd, off);
	if (check(f, OP_MMAP, p == MAP_FAILED ? -1 : 0,
		  p == MAP_FAILED ? errno : 0, "mmap") && p != MAP_FAILED) {
		/* Touch it: a mapping must never fault on its own pages. */
		if (prot & PROT_READ)
			(void)__atomic_load_n((char *)p, __ATOMIC_RELAXED);
		munmap(p, len);
	}
}

/*
 * A child inherits every fd but is not the VM's process: VM and vCPU
 * calls must fail with EIO and leave the parent's objects intact.
 */
static void do_child(struct fuzz *f)
{
	int status, i;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return;
	if (!pid) {
		for (i = 0; i < 8; i++) {
			struct vcpu *v = some_vcpu(f);
			struct vm *vm;
			int fd = rb_chance(&f->rng, 1, 2) ? v->fd :
							    some_vm_fd(f, &vm);
			unsigned long cmd = known_cmds[4 +
				rb_below(&f->rng, 8)];
			long ret;
			int err;

			if (fd < 0)
				continue;
			scramble(f);
			ret = do_ioctl(fd, cmd, f->scratch, &err);
			if (ret >= 0 || err != EIO) {
				fprintf(stderr,
					"# child: cmd %#lx on fd %d returned %ld (%s), expected EIO\n",
					cmd, fd, ret, strerror(err));
				_exit(1);
			}
		}
		_exit(0);
	}
	f->children++;
	f->calls += 8;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		if (!f->bad[0])
			snprintf(f->bad, sizeof(f->bad),
				 "forked child's calls did not all fail with EIO (status %#x); replay with fuzz_ioctl_seed=%#llx",
				 status, (unsigned long long)f->seed);
	}
}

/* Kinds of step, their weights, and a mask to narrow a hunt. */
static const struct {
	void (*fn)(struct fuzz *f);
	unsigned int weight;
} steps[] = {
	{ do_create_vm, 30 },		/* bit 0 */
	{ do_set_region, 150 },		/* bit 1 */
	{ do_create_vcpu, 70 },		/* bit 2 */
	{ do_run, 80 },			/* bit 3 */
	{ do_get_reg, 150 },		/* bit 4 */
	{ do_set_reg, 150 },		/* bit 5 */
	{ do_reg_list, 30 },		/* bit 6 */
	{ do_misc_vm, 40 },		/* bit 7 */
	{ do_dev_misc, 55 },		/* bit 8 */
	{ do_random_ioctl, 120 },	/* bit 9 */
	{ do_foreign, 60 },		/* bit 10 */
	{ do_close, 25 },		/* bit 11 */
	{ do_mmap, 40 },		/* bit 12 */
	{ do_child, 2 },		/* bit 13 */
};

/* The step in progress, for a report if the fuzzer itself takes a signal. */
static struct {
	unsigned long call;
	unsigned int kind;
} now_doing;

static void crashed(int sig, siginfo_t *si, void *uc)
{
	char msg[160];
	int n;

	n = snprintf(msg, sizeof(msg),
		     "# signal %d at %p during call %lu (step kind %u)\n", sig,
		     si->si_addr, now_doing.call, now_doing.kind);
	if (write(2, msg, n) < 0)
		_exit(2);
	_exit(1);
}

static void step(struct fuzz *f, unsigned long mask)
{
	unsigned int total = 0, r, i;

	for (i = 0; i < ARRAY_SIZE(steps); i++)
		total += steps[i].weight;
	r = rb_below(&f->rng, total);

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		if (r < steps[i].weight) {
			now_doing.call = f->calls;
			now_doing.kind = i;
			if (mask & (1UL << i))
				steps[i].fn(f);
			return;
		}
		r -= steps[i].weight;
	}
}

static void close_all(struct fuzz *f)
{
	unsigned int i, j;

	for (i = 0; i < NR_VMS; i++) {
		for (j = 0; j < NR_VCPUS; j++) {
			struct vcpu *v = &f->vms[i].vcpus[j];

			if (v->run)
				munmap(v->run, RB_PAGE);
			if (v->fd >= 0)
				close(v->fd);
			v->fd = -1;
			v->run = NULL;
		}
		if (f->vms[i].fd >= 0)
			close(f->vms[i].fd);
		f->vms[i].fd = -1;
	}
}

static void *map(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* A fixture only for the timeout: make stress runs ten times longer. */
FIXTURE(fuzz) {
};

FIXTURE_SETUP(fuzz)
{
}

FIXTURE_TEARDOWN(fuzz)
{
}

TEST_F_TIMEOUT(fuzz, ioctl, 3600)
{
	unsigned long n = rb_param("fuzz_ioctl_calls", 12000);
	unsigned long mask = rb_param("fuzz_ioctl_mask", ~0UL);
	struct fuzz *f = calloc(1, sizeof(*f));
	int trouble, pipefd[2], i, e;
	struct sigaction sa = { 0 };
	struct rb_mem base, now;

	ASSERT_NE(NULL, f);
	f->seed = rb_seed("fuzz_ioctl_seed");
	rb_rng_seed(&f->rng, f->seed);
	trouble = rb_klog_trouble();
	ASSERT_EQ(0, rb_watchdog_init());
	sa.sa_sigaction = crashed;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	f->dev = __av_open_dev();
	ASSERT_LE(0, f->dev) TH_LOG("open /dev/armvcpu: %s", strerror(-f->dev));
	ASSERT_EQ(0, pipe(pipefd));
	f->foreign[0] = open("/dev/null", O_RDWR);
	f->foreign[1] = pipefd[0];
	ASSERT_LE(0, f->foreign[0]);
	for (i = 0; i < NR_VMS; i++) {
		f->vms[i].fd = -1;
		for (e = 0; e < NR_VCPUS; e++)
			f->vms[i].vcpus[e].fd = -1;
	}
	/* Baseline before this test maps anything; compared once all is unmapped. */
	rb_mem_sample(&base);
	f->pool = map(POOL_SIZE, PROT_READ | PROT_WRITE);
	f->ro = map(POOL_SIZE, PROT_READ);
	f->none = map(RB_PAGE * 16, PROT_NONE);
	f->hole = map(POOL_SIZE, PROT_NONE);
	f->scratch = map(4 * RB_PAGE, PROT_READ | PROT_WRITE);
	ASSERT_TRUE(f->pool && f->ro && f->none && f->hole && f->scratch);
	memset(f->pool, 0x5a, POOL_SIZE);
	munmap(f->hole, POOL_SIZE);
	ASSERT_EQ(0, mprotect(f->scratch + 3 * RB_PAGE, RB_PAGE, PROT_NONE));

	while (f->calls < n && !f->bad[0] && mask)
		step(f, mask);
	f->kicks = rb_watchdog_kicks();
	close_all(f);
	close(f->dev);
	munmap(f->pool, POOL_SIZE);
	munmap(f->ro, POOL_SIZE);
	munmap(f->none, RB_PAGE * 16);
	munmap(f->scratch, 4 * RB_PAGE);
	rb_mem_sample(&now);

	for (i = 0; i < NR_OPS; i++)
		for (e = 0; e <= MAX_ERRNO; e++)
			if (f->seen[i][e])
				fprintf(stderr, "#   %-34s %-8s x %lu\n",
					ops[i].name, strerrorname_np(e) ?: "?",
					f->seen[i][e]);
	TH_LOG("%lu calls (%lu errors, %lu RUNs, %lu watchdog ticks, %lu children), seed %#llx",
	       f->calls, f->errors, f->runs, f->kicks, f->children,
	       (unsigned long long)f->seed);
	rb_figure("fuzz_ioctl", "calls", f->calls);
	rb_figure("fuzz_ioctl", "errors", f->errors);
	rb_figure("fuzz_ioctl", "runs", f->runs);
	rb_figure("fuzz_ioctl", "failures", !!f->bad[0]);

	EXPECT_EQ(0, f->bad[0]) TH_LOG("%s", f->bad);
	EXPECT_GE(f->calls, n);
	RB_EXPECT_CLEAN("fuzz_ioctl", &base, &now, 1024, trouble);
	free(f);
}

/*
 * mmap() of a vCPU fd at offset 4096, placed right after that vCPU's run
 * struct mapping, must be refused: were the kernel to merge it into the
 * existing mapping without asking armvcpu's mmap, touching it would be a
 * SIGBUS. The run struct mapping is VM_DONTEXPAND: never merged, never
 * grown by mremap.
 */
TEST(run_struct_mapping_cannot_grow)
{
	char *area, *p;
	int dev, vm, vcpu;

	dev = __av_open_dev();
	ASSERT_LE(0, dev);
	vm = __av_create_vm(dev, 0, 0);
	ASSERT_LE(0, vm);
	vcpu = __av_create_vcpu(vm, 0);
	ASSERT_LE(0, vcpu);
	/* Three pages of address space of our own, the run struct first. */
	area = mmap(NULL, 3 * RB_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	ASSERT_EQ(0, munmap(area, 3 * RB_PAGE));
	ASSERT_EQ(area, mmap(area, RB_PAGE, PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_FIXED_NOREPLACE, vcpu, 0));
	/* The page after it, at offset 4096: EINVAL as api.rst says. */
	p = mmap(area + RB_PAGE, RB_PAGE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED_NOREPLACE, vcpu, RB_PAGE);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
	if (p != MAP_FAILED)
		munmap(p, RB_PAGE);
	/* Nor can the mapping be stretched over it. */
	EXPECT_EQ(MAP_FAILED, mremap(area, RB_PAGE, 2 * RB_PAGE, 0));
	/* The run struct itself is still there. */
	EXPECT_EQ(0, ((struct armvcpu_run *)area)->immediate_exit);
	munmap(area, 2 * RB_PAGE);
	close(vcpu);
	close(vm);
	close(dev);
}

int main(int argc, char **argv)
{
	rb_args_to_env(argc, argv);
	return test_harness_run(argc, argv);
}
