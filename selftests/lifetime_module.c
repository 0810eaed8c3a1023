// SPDX-License-Identifier: GPL-2.0
/*
 * The module cannot go away under a user: rmmod is refused (EWOULDBLOCK,
 * the module is in use) while anything of armvcpu is open, each kind on its
 * own: the device, a VM fd, a vCPU fd, a vCPU's run struct mapping alone,
 * a vCPU thread inside RUN. Once the last one is gone rmmod works, the
 * device disappears, nothing stays pinned, and insmod brings it back in
 * working order. Every case leaves the module inserted (the rest of the
 * suite expects /armvcpu.ko loaded).
 *
 * Parameters (environment or "name=value" arguments):
 *   lifetime_module_cycles  rmmod/insmod cycles with a VM in between
 *                           (default 3; make stress 30)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "robust.h"

#define MODULE_PATH	"/armvcpu.ko"
#define RAM_SIZE	0x100000UL

static int rmmod(void)
{
	return syscall(__NR_delete_module, "armvcpu", O_NONBLOCK) ? -errno : 0;
}

static int insmod(void)
{
	int fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = syscall(__NR_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	return ret;
}

static bool loaded(void)
{
	struct stat st;

	return !stat("/sys/module/armvcpu", &st);
}

static void noop(int sig)
{
}

/* A VM with RAM holding "b ." and one vCPU there, run struct mapped. */
struct vm {
	int dev, vm, vcpu;
	char *ram;
	struct armvcpu_run *run;
};

static int vm_create(struct vm *v)
{
	int ret;

	memset(v, 0, sizeof(*v));
	v->vm = -1;
	v->vcpu = -1;
	v->dev = __av_open_dev();
	if (v->dev < 0)
		return v->dev;
	v->ram = rb_alloc_guest_mem(RAM_SIZE);
	if (!v->ram)
		return -ENOMEM;
	((__u32 *)v->ram)[0] = 0x14000000U;		/* b . */
	((__u32 *)v->ram)[0x100] = 0xd4000022U;	/* hvc #1 */
	rb_sync_code(v->ram, 0x404);
	v->vm = __av_create_vm(v->dev, 0, 0);
	if (v->vm < 0)
		return v->vm;
	if (__av_set_region(v->vm, 0, 0, RB_GUEST_RAM, RAM_SIZE,
			    (uintptr_t)v->ram))
		return -EFAULT;
	ret = __av_vcpu_open(v->vm, 0, RB_PAGE, &v->vcpu, &v->run);
	if (ret)
		return ret;
	return __av_set_reg64(v->vcpu, ARMVCPU_REG_PC, RB_GUEST_RAM);
}

static void vm_close_all(struct vm *v)
{
	if (v->run)
		munmap(v->run, RB_PAGE);
	if (v->vcpu >= 0)
		close(v->vcpu);
	if (v->vm >= 0)
		close(v->vm);
	if (v->dev >= 0)
		close(v->dev);
	if (v->ram)
		munmap(v->ram, RAM_SIZE);
	memset(v, 0, sizeof(*v));
	v->dev = -1;
	v->vm = -1;
	v->vcpu = -1;
}

static void *spin(void *arg)
{
	struct vm *v = arg;

	return (void *)(long)(ioctl(v->vcpu, ARMVCPU_RUN, 0) ? -errno : 0);
}

static void *warm_up(void *arg)
{
	return arg;
}

FIXTURE(module) {
	struct vm v;
	struct rb_mem base;
	int trouble;
};

FIXTURE_SETUP(module)
{
	struct sigaction sa = { .sa_handler = noop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	ASSERT_TRUE(loaded()) TH_LOG("armvcpu.ko is not inserted");
	self->trouble = rb_klog_trouble();
	rb_mem_sample(&self->base);
	self->v.dev = -1;
	self->v.vm = -1;
	self->v.vcpu = -1;
}

FIXTURE_TEARDOWN(module)
{
	vm_close_all(&self->v);
	if (!loaded())
		EXPECT_EQ(0, insmod());
	EXPECT_EQ(self->trouble, rb_klog_trouble());
}

/* rmmod must work now; the device goes, and comes back with insmod. */
static void unload_reload(struct __test_metadata *_metadata,
			  struct _test_data_module *self)
{
	struct rb_mem now;
	char why[256];
	int fd;

	ASSERT_EQ(0, rmmod());
	EXPECT_FALSE(loaded());
	EXPECT_EQ(-1, access("/dev/armvcpu", F_OK));
	rb_mem_sample(&now);
	EXPECT_EQ(self->base.pins, now.pins) TH_LOG("pages still pinned");
	ASSERT_EQ(0, insmod());
	fd = __av_open_dev();
	ASSERT_LE(0, fd);
	EXPECT_EQ(ARMVCPU_API_VERSION, ioctl(fd, ARMVCPU_GET_API_VERSION, 0));
	close(fd);
	/* A full VM lifetime, guest entry included, on the reloaded module. */
	ASSERT_EQ(0, vm_create(&self->v));
	ASSERT_EQ(0, __av_set_reg64(self->v.vcpu, ARMVCPU_REG_PC,
				    RB_GUEST_RAM + 0x400));
	EXPECT_EQ(0, ioctl(self->v.vcpu, ARMVCPU_RUN, 0));
	EXPECT_EQ(ARMVCPU_EXIT_HYPERCALL, self->v.run->exit_reason);
	self->v.run->immediate_exit = 1;
	EXPECT_EQ(-1, ioctl(self->v.vcpu, ARMVCPU_RUN, 0));
	EXPECT_EQ(EINTR, errno);
	vm_close_all(&self->v);
	rb_mem_sample(&now);
	/*
	 * Reloading maps the module anew: vmalloc page tables and module
	 * memory come back at other addresses, so allow 2 MiB here (pins
	 * must be exact; lifetime_churn holds VMs to 1 MiB over 1,000).
	 */
	EXPECT_TRUE(rb_mem_report("lifetime_module", &self->base, &now, 2048,
				  why, sizeof(why)))
		TH_LOG("%s", why);
}

TEST_F(module, refused_while_anything_is_open)
{
	struct vm *v = &self->v;

	ASSERT_EQ(0, vm_create(v));
	EXPECT_EQ(-EWOULDBLOCK, rmmod());

	/* The device alone. */
	munmap(v->run, RB_PAGE);
	v->run = NULL;
	close(v->vcpu);
	v->vcpu = -1;
	close(v->vm);
	v->vm = -1;
	EXPECT_EQ(-EWOULDBLOCK, rmmod());
	EXPECT_TRUE(loaded());
	vm_close_all(v);

	/* A VM fd alone, then a vCPU fd alone, then only the run mapping. */
	ASSERT_EQ(0, vm_create(v));
	close(v->dev);
	v->dev = -1;
	EXPECT_EQ(-EWOULDBLOCK, rmmod()) TH_LOG("VM and vCPU fds open");
	close(v->vcpu);
	v->vcpu = -1;
	munmap(v->run, RB_PAGE);
	v->run = NULL;
	EXPECT_EQ(-EWOULDBLOCK, rmmod()) TH_LOG("VM fd open");
	vm_close_all(v);

	ASSERT_EQ(0, vm_create(v));
	close(v->dev);
	v->dev = -1;
	close(v->vm);
	v->vm = -1;
	EXPECT_EQ(-EWOULDBLOCK, rmmod()) TH_LOG("vCPU fd open");
	close(v->vcpu);
	v->vcpu = -1;
	EXPECT_EQ(-EWOULDBLOCK, rmmod()) TH_LOG("run struct mapped");
	/* The mapping still reads the vCPU's run struct. */
	EXPECT_EQ(0, v->run->immediate_exit);
	munmap(v->run, RB_PAGE);
	v->run = NULL;
	munmap(v->ram, RAM_SIZE);
	v->ram = NULL;

	unload_reload(_metadata, self);
}

TEST_F(module, refused_while_a_vcpu_runs)
{
	size_t stack_size = 256 << 10;
	struct vm *v = &self->v;
	pthread_attr_t attr;
	void *ret, *stack;
	pthread_t t;

	/* Our own stack, unmapped after: glibc would cache its own. */
	stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, stack);
	ASSERT_EQ(0, pthread_attr_init(&attr));
	ASSERT_EQ(0, pthread_attr_setstack(&attr, stack, stack_size));
	/*
	 * The first thread of a process costs glibc and the kernel memory
	 * for good (TLS, the thread's stack cache): start one before the
	 * baseline, so that only armvcpu's memory is compared.
	 */
	ASSERT_EQ(0, pthread_create(&t, &attr, warm_up, NULL));
	ASSERT_EQ(0, pthread_join(t, NULL));
	rb_mem_sample(&self->base);
	ASSERT_EQ(0, vm_create(v));
	ASSERT_EQ(0, pthread_create(&t, &attr, spin, v));
	usleep(200 * 1000);
	/* Closing everything does not end RUN; its fd reference holds. */
	munmap(v->run, RB_PAGE);
	v->run = NULL;
	close(v->dev);
	v->dev = -1;
	close(v->vm);
	v->vm = -1;
	EXPECT_EQ(-EWOULDBLOCK, rmmod());
	pthread_kill(t, SIGUSR1);
	ASSERT_EQ(0, pthread_join(t, &ret));
	EXPECT_EQ(-EINTR, (long)ret);
	munmap(stack, stack_size);
	close(v->vcpu);
	v->vcpu = -1;
	unload_reload(_metadata, self);
}

TEST_F_TIMEOUT(module, unload_reload_cycles, 600)
{
	unsigned long n = rb_param("lifetime_module_cycles", 3), i;

	for (i = 0; i < n; i++)
		unload_reload(_metadata, self);
	rb_figure("lifetime_module", "cycles", n);
}

int main(int argc, char **argv)
{
	rb_args_to_env(argc, argv);
	return test_harness_run(argc, argv);
}
