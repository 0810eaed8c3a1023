// SPDX-License-Identifier: GPL-2.0
/*
 * The lifetimes of VMs and vCPUs cannot be broken from userspace:
 *  - the vCPU fd, the VM fd, or both are closed (and the run struct
 *    unmapped) while another thread is inside RUN: RUN keeps running on
 *    its own reference, returns on a signal, and the VM is freed after;
 *  - the VMM is killed with SIGKILL while four vCPUs run: it dies at once
 *    and everything it had pinned is released;
 *  - the VMM exits with VMs open: the same;
 *  - a forked child uses the parent's VM and vCPU fds: EIO, and the parent's
 *    VM keeps working;
 *  - two threads RUN one vCPU: the second gets EBUSY.
 * After each case the kernel's pin counters and MemAvailable are back at
 * the case's baseline.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "robust.h"

#define RAM_SIZE	0x100000UL
#define NR_VCPUS	4

/* Each vCPU spins at RB_GUEST_RAM + 0x1000 * id; "hvc #7" at 0x800 first. */
#define SPIN		0x14000000U	/* b . */

struct vmm {
	int dev, vm;
	char *ram;
	int vcpu[NR_VCPUS];
	struct armvcpu_run *run[NR_VCPUS];
};

struct runner {
	pthread_t thread;
	int fd;
	long ret;		/* RUN's result, -errno */
	int started, done;	/* atomics */
};

static void noop(int sig)
{
}

/* A VM whose vCPUs spin in the guest: RUN returns only for a signal. */
static int vmm_create(struct vmm *v, unsigned int nvcpus)
{
	unsigned int i;
	int ret;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < NR_VCPUS; i++)
		v->vcpu[i] = -1;
	v->dev = __av_open_dev();
	if (v->dev < 0)
		return v->dev;
	v->vm = __av_create_vm(v->dev, 0, 0);
	if (v->vm < 0)
		return v->vm;
	v->ram = rb_alloc_guest_mem(RAM_SIZE);
	if (!v->ram)
		return -ENOMEM;
	for (i = 0; i < NR_VCPUS; i++)
		((__u32 *)v->ram)[i * 0x400] = SPIN;
	((__u32 *)v->ram)[0x200] = 0xd40000e2U;	/* hvc #7 */
	((__u32 *)v->ram)[0x201] = SPIN;
	rb_sync_code(v->ram, RAM_SIZE);
	if (__av_set_region(v->vm, 0, 0, RB_GUEST_RAM, RAM_SIZE,
			    (uintptr_t)v->ram))
		return -EFAULT;
	for (i = 0; i < nvcpus; i++) {
		ret = __av_vcpu_open(v->vm, i, RB_PAGE, &v->vcpu[i],
				     &v->run[i]);
		if (ret)
			return ret;
		if (__av_set_reg64(v->vcpu[i], ARMVCPU_REG_PC,
				   RB_GUEST_RAM + 0x1000 * i))
			return -EINVAL;
	}
	return 0;
}

static void vmm_destroy(struct vmm *v)
{
	unsigned int i;

	for (i = 0; i < NR_VCPUS; i++) {
		if (v->run[i])
			munmap(v->run[i], RB_PAGE);
		if (v->vcpu[i] >= 0)
			close(v->vcpu[i]);
	}
	if (v->vm > 0)
		close(v->vm);
	if (v->dev > 0)
		close(v->dev);
	if (v->ram)
		munmap(v->ram, RAM_SIZE);
	memset(v, 0, sizeof(*v));
}

static void *runner_main(void *arg)
{
	struct runner *r = arg;

	__atomic_store_n(&r->started, 1, __ATOMIC_SEQ_CST);
	r->ret = ioctl(r->fd, ARMVCPU_RUN, 0) ? -errno : 0;
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void install_noop(void)
{
	struct sigaction sa = { .sa_handler = noop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

/* Starts a thread in RUN and waits until it is surely inside the guest. */
static int runner_start(struct runner *r, int fd)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	if (pthread_create(&r->thread, NULL, runner_main, r))
		return -1;
	while (!__atomic_load_n(&r->started, __ATOMIC_SEQ_CST))
		usleep(1000);
	usleep(200 * 1000);
	return __atomic_load_n(&r->done, __ATOMIC_SEQ_CST) ? -1 : 0;
}

/* Kicks the thread out of RUN and joins it within @secs; false if stuck. */
static bool runner_stop(struct runner *r, int secs)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += secs;
	pthread_kill(r->thread, SIGUSR1);
	return pthread_timedjoin_np(r->thread, NULL, &ts) == 0;
}

static void expect_back(struct __test_metadata *_metadata,
			const struct rb_mem *base)
{
	struct rb_mem now;
	char why[256];

	rb_mem_sample(&now);
	if (!rb_mem_back(base, &now, 1024, why, sizeof(why))) {
		rb_mem_explain(base, &now, 256);
		TH_LOG("%s; again in 2 s:", why);
		sleep(2);
		rb_mem_sample(&now);
	}
	EXPECT_TRUE(rb_mem_back(base, &now, 1024, why, sizeof(why)))
		TH_LOG("%s", why);
}

FIXTURE(fds) {
	struct vmm v;
	struct rb_mem base;
	int trouble;
};

FIXTURE_SETUP(fds)
{
	install_noop();
	self->trouble = rb_klog_trouble();
	rb_mem_sample(&self->base);
	ASSERT_EQ(0, vmm_create(&self->v, 1));
}

FIXTURE_TEARDOWN(fds)
{
	vmm_destroy(&self->v);
	EXPECT_EQ(self->trouble, rb_klog_trouble());
}

/* Closes the fds named by @which while vCPU 0 is in RUN. */
static void close_during_run(struct __test_metadata *_metadata,
			     struct _test_data_fds *self, bool vcpu, bool vm)
{
	struct vmm *v = &self->v;
	struct runner r;

	ASSERT_EQ(0, runner_start(&r, v->vcpu[0]));
	if (vcpu) {
		munmap(v->run[0], RB_PAGE);
		v->run[0] = NULL;
		ASSERT_EQ(0, close(v->vcpu[0]));
		v->vcpu[0] = -1;
	}
	if (vm) {
		ASSERT_EQ(0, close(v->vm));
		v->vm = -1;
	}
	/* The guest is still running: nothing a close does stops it. */
	usleep(100 * 1000);
	EXPECT_EQ(0, __atomic_load_n(&r.done, __ATOMIC_SEQ_CST));
	ASSERT_TRUE(runner_stop(&r, 5)) TH_LOG("RUN did not return");
	EXPECT_EQ(-EINTR, r.ret);
	if (vcpu) {
		EXPECT_EQ(-1, ioctl(r.fd, ARMVCPU_RUN, 0));
		EXPECT_EQ(EBADF, errno);
	} else {
		/* The vCPU outlives its VM fd and still runs. */
		v->run[0]->immediate_exit = 1;
		EXPECT_EQ(-1, ioctl(v->vcpu[0], ARMVCPU_RUN, 0));
		EXPECT_EQ(EINTR, errno);
	}
	vmm_destroy(v);
	expect_back(_metadata, &self->base);
}

TEST_F(fds, close_vcpu_fd_during_run)
{
	close_during_run(_metadata, self, true, false);
}

TEST_F(fds, close_vm_fd_during_run)
{
	close_during_run(_metadata, self, false, true);
}

TEST_F(fds, close_all_fds_during_run)
{
	close_during_run(_metadata, self, true, true);
}

TEST_F(fds, second_run_is_ebusy)
{
	struct runner r;

	ASSERT_EQ(0, runner_start(&r, self->v.vcpu[0]));
	EXPECT_EQ(-1, ioctl(self->v.vcpu[0], ARMVCPU_RUN, 0));
	EXPECT_EQ(EBUSY, errno);
	ASSERT_TRUE(runner_stop(&r, 5)) TH_LOG("RUN did not return");
	EXPECT_EQ(-EINTR, r.ret);
}

TEST_F(fds, forked_child_gets_eio)
{
	struct vmm *v = &self->v;
	int status, vm2;
	__u64 pc;
	pid_t pid;

	/* The parent's vCPU is mid-hypercall: the child must not finish it. */
	ASSERT_EQ(0, __av_set_reg64(v->vcpu[0], ARMVCPU_REG_PC,
				    RB_GUEST_RAM + 0x800));
	ASSERT_EQ(0, ioctl(v->vcpu[0], ARMVCPU_RUN, 0));
	ASSERT_EQ(ARMVCPU_EXIT_HYPERCALL, v->run[0]->exit_reason);
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct armvcpu_reg_list l = { .n = 0 };
		__u64 val = 0;
		int bad = 0;

		bad |= __av_set_region(v->vm, 1, 0, 0x80000000ULL, RAM_SIZE,
				       (uintptr_t)v->ram) != -EIO;
		bad |= (__av_create_vcpu(v->vm, 1) != -EIO) << 1;
		bad |= (ioctl(v->vcpu[0], ARMVCPU_RUN, 0) != -1 ||
			errno != EIO) << 2;
		bad |= (__av_get_reg(v->vcpu[0], ARMVCPU_REG_PC, &val) != -EIO)
		       << 3;
		bad |= (__av_set_reg64(v->vcpu[0], ARMVCPU_REG_PC, 0) != -EIO)
		       << 4;
		bad |= (ioctl(v->vcpu[0], ARMVCPU_GET_REG_LIST, &l) != -1 ||
			errno != EIO) << 5;
		/* /dev/armvcpu itself is fine: the child can have its own VM. */
		vm2 = __av_create_vm(v->dev, 0, 0);
		bad |= (vm2 < 0) << 6;
		if (vm2 >= 0)
			bad |= (__av_create_vcpu(vm2, 0) < 0) << 7;
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("child calls that did not fail with EIO: mask %#x",
		       WEXITSTATUS(status));
	/* The parent's hypercall completes and its vCPU runs on. */
	v->run[0]->immediate_exit = 1;
	EXPECT_EQ(-1, ioctl(v->vcpu[0], ARMVCPU_RUN, 0));
	EXPECT_EQ(EINTR, errno);
	EXPECT_EQ(0, __av_get_reg(v->vcpu[0], ARMVCPU_REG_PC, &pc));
	EXPECT_EQ(RB_GUEST_RAM + 0x804, pc);
	vmm_destroy(v);
	expect_back(_metadata, &self->base);
}

/* A VMM in a child: four vCPU threads spinning in their guests. */
static void child_vmm(int ready_fd, bool exit_with_vms_open)
{
	struct runner r[NR_VCPUS];
	struct vmm v, extra[3];
	unsigned int i;
	char c = 'r';

	if (vmm_create(&v, NR_VCPUS))
		_exit(10);
	for (i = 0; i < 3; i++)
		if (vmm_create(&extra[i], 1 + i))
			_exit(11);
	if (exit_with_vms_open) {
		/* Leave with four VMs, a vCPU mid-hypercall, all fds open. */
		if (__av_set_reg64(v.vcpu[1], ARMVCPU_REG_PC,
				   RB_GUEST_RAM + 0x800) ||
		    ioctl(v.vcpu[1], ARMVCPU_RUN, 0))
			_exit(12);
		if (write(ready_fd, &c, 1) != 1)
			_exit(13);
		exit(0);
	}
	for (i = 0; i < NR_VCPUS; i++)
		if (runner_start(&r[i], v.vcpu[i]))
			_exit(14);
	if (write(ready_fd, &c, 1) != 1)
		_exit(13);
	for (;;)
		pause();
}

static void vmm_dies(struct __test_metadata *_metadata,
		     struct _test_data_fds *self, bool killed)
{
	struct timespec t0, t1;
	int p[2], status;
	pid_t pid;
	char c;

	vmm_destroy(&self->v);
	ASSERT_EQ(0, pipe(p));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(p[0]);
		child_vmm(p[1], !killed);
	}
	close(p[1]);
	ASSERT_EQ(1, read(p[0], &c, 1)) TH_LOG("the child VMM did not start");
	close(p[0]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (killed) {
		usleep(200 * 1000);
		ASSERT_EQ(0, kill(pid, SIGKILL));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (killed) {
		EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		/* Four vCPUs in RUN must not delay a SIGKILL noticeably. */
		EXPECT_GT(2, t1.tv_sec - t0.tv_sec);
	} else {
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
			TH_LOG("child status %#x", status);
	}
	expect_back(_metadata, &self->base);
	/* And the device still works afterwards. */
	ASSERT_EQ(0, vmm_create(&self->v, 1));
	self->v.run[0]->immediate_exit = 1;
	EXPECT_EQ(-1, ioctl(self->v.vcpu[0], ARMVCPU_RUN, 0));
	EXPECT_EQ(EINTR, errno);
}

TEST_F(fds, sigkill_vmm_while_vcpus_run)
{
	vmm_dies(_metadata, self, true);
}

TEST_F(fds, exit_with_vms_open)
{
	vmm_dies(_metadata, self, false);
}

int main(int argc, char **argv)
{
	rb_args_to_env(argc, argv);
	return test_harness_run(argc, argv);
}
