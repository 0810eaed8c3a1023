// SPDX-License-Identifier: GPL-2.0
/*
 * vCPUs: one thread each. A thread waits until its vCPU is powered on
 * (the boot vCPU by the main thread, the others by PSCI CPU_ON), loads
 * the reset state, and loops on ARMVCPU_RUN until the vCPU is turned off
 * or the VM stops or resets. The main thread interrupts a running vCPU
 * with immediate_exit plus a signal, as KVM's documentation recommends.
 */
#define _GNU_SOURCE	/* pthread_timedjoin_np() */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "vmm.h"

#define KICK_SIGNAL	SIGUSR1
#define JOIN_TIMEOUT_S	2

static int one_reg(struct vcpu *v, unsigned long op, uint64_t id, void *val)
{
	struct armvcpu_one_reg reg = { .id = id, .addr = (uintptr_t)val };

	return ioctl(v->fd, op, &reg);
}

int vcpu_get_reg(struct vcpu *v, uint64_t id, uint64_t *val)
{
	return one_reg(v, ARMVCPU_GET_ONE_REG, id, val);
}

static int set_reg(struct vcpu *v, uint64_t id, uint64_t val)
{
	return one_reg(v, ARMVCPU_SET_ONE_REG, id, &val);
}

/*
 * armvcpu has no vCPU reset ioctl: keep the values every register had at
 * creation (the architectural reset state) and write them back whenever
 * the vCPU is (re)started. Only registers that changed are written.
 */
static int snapshot_reset_regs(struct vcpu *v)
{
	struct armvcpu_reg_list probe = { .n = 0 }, *list;
	unsigned int i;

	if (ioctl(v->fd, ARMVCPU_GET_REG_LIST, &probe) && errno != E2BIG)
		return -1;
	list = calloc(1, sizeof(*list) + probe.n * sizeof(list->reg[0]));
	v->reset_regs = calloc(probe.n ? probe.n : 1, sizeof(*v->reset_regs));
	if (!list || !v->reset_regs)
		goto err;
	list->n = probe.n;
	if (ioctl(v->fd, ARMVCPU_GET_REG_LIST, list))
		goto err;
	for (i = 0; i < list->n; i++) {
		v->reset_regs[i].id = list->reg[i];
		if (ARMVCPU_REG_SIZE(list->reg[i]) > sizeof(v->reset_regs[i].val)) {
			errno = E2BIG;
			goto err;
		}
		if (one_reg(v, ARMVCPU_GET_ONE_REG, list->reg[i],
			    v->reset_regs[i].val))
			goto err;
	}
	v->nr_reset_regs = list->n;
	free(list);
	return 0;
err:
	free(list);
	return -1;
}

static int restore_reset_regs(struct vcpu *v)
{
	struct reg_value *r;
	uint8_t cur[16];
	unsigned int i, size;

	for (i = 0; i < v->nr_reset_regs; i++) {
		r = &v->reset_regs[i];
		size = ARMVCPU_REG_SIZE(r->id);
		if (one_reg(v, ARMVCPU_GET_ONE_REG, r->id, cur))
			return -1;
		if (!memcmp(cur, r->val, size))
			continue;
		if (one_reg(v, ARMVCPU_SET_ONE_REG, r->id, r->val))
			return -1;
	}
	return 0;
}

static int vcpu_create(struct vmm *vmm, struct vcpu *v, unsigned int id)
{
	struct armvcpu_vcpu_config cfg = { .id = id };

	v->vmm = vmm;
	v->id = id;
	v->fd = ioctl(vmm->vm_fd, ARMVCPU_CREATE_VCPU, &cfg);
	if (v->fd < 0) {
		vmm_err("ARMVCPU_CREATE_VCPU %u: %s", id, strerror(errno));
		return -1;
	}
	v->run = mmap(NULL, vmm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->fd, 0);
	if (v->run == MAP_FAILED) {
		vmm_err("mmap of vCPU %u's run struct: %s", id, strerror(errno));
		return -1;
	}
	if (vcpu_get_reg(v, ARMVCPU_REG_MPIDR_EL1, &v->mpidr)) {
		vmm_err("vCPU %u: cannot read MPIDR_EL1: %s", id, strerror(errno));
		return -1;
	}
	if (snapshot_reset_regs(v)) {
		vmm_err("vCPU %u: cannot save its reset state: %s", id,
			strerror(errno));
		return -1;
	}
	return 0;
}

int vcpu_create_all(struct vmm *vmm)
{
	unsigned int i;

	vmm->nr_vcpus = vmm->opts.nr_cpus;
	vmm->vcpus = calloc(vmm->nr_vcpus, sizeof(*vmm->vcpus));
	if (!vmm->vcpus)
		return -1;
	for (i = 0; i < vmm->nr_vcpus; i++)
		if (vcpu_create(vmm, &vmm->vcpus[i], i))
			return -1;
	return 0;
}

void vcpu_power_on(struct vcpu *v, uint64_t entry, uint64_t x0)
{
	v->boot_entry = entry;
	v->boot_x0 = x0;
	v->power = VCPU_ON_PENDING;
	pthread_cond_broadcast(&v->vmm->cond);
}

/*
 * Waits for CPU_ON (or the boot) while the VM runs. Returns false when the
 * VM stops. Being parked here is what the main thread waits for on reset.
 */
static bool vcpu_wait_power_on(struct vcpu *v)
{
	struct vmm *vmm = v->vmm;
	bool run;

	pthread_mutex_lock(&vmm->lock);
	v->parked = true;
	pthread_cond_broadcast(&vmm->cond);
	while (vmm->state != VM_STOPPED &&
	       !(vmm->state == VM_RUNNING && v->power == VCPU_ON_PENDING))
		pthread_cond_wait(&vmm->cond, &vmm->lock);
	run = vmm->state == VM_RUNNING;
	if (run) {
		v->parked = false;
		v->power = VCPU_ON;
		/* Under the lock: a kick after this point is never lost. */
		v->run->immediate_exit = 0;
	}
	pthread_mutex_unlock(&vmm->lock);
	return run;
}

/*
 * PSCI CPU_ON semantics: reset state, PC = entry, x0 = argument. A vCPU
 * that never ran still holds the reset state it was created with: reading
 * back all its registers to compare (about 160,000 host instructions)
 * would find nothing to write.
 */
static int vcpu_boot(struct vcpu *v)
{
	memset(&v->ptimer, 0, sizeof(v->ptimer));
	if ((v->ran && restore_reset_regs(v)) ||
	    set_reg(v, ARMVCPU_REG_PC, v->boot_entry) ||
	    set_reg(v, ARMVCPU_REG_X(0), v->boot_x0)) {
		vmm_err("vCPU %u: cannot load its boot state: %s", v->id,
			strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * One RUN with immediate_exit set completes a pending MMIO read, sysreg
 * read or hypercall without entering the guest, so that nothing left
 * over from before lands in the registers vcpu_boot() loads next time.
 */
void vcpu_flush(struct vcpu *v)
{
	v->run->immediate_exit = 1;
	ioctl(v->fd, ARMVCPU_RUN, 0);
}

static void vcpu_run_loop(struct vcpu *v)
{
	struct vmm *vmm = v->vmm;
	enum exit_action action;
	uint64_t t0;

	v->ran = true;
	for (;;) {
		if (vmm_state(vmm) != VM_RUNNING)
			break;
		if (vmm->gdb && !gdbstub_vcpu_gate(v))
			break;
		if (ioctl(v->fd, ARMVCPU_RUN, 0) && errno != EINTR) {
			vmm_err("vCPU %u: ARMVCPU_RUN: %s", v->id,
				strerror(errno));
			vmm_request_stop(vmm, VMM_STATUS_ERROR);
			break;
		}
		/*
		 * Only --stats prints these figures (--trace reads its own
		 * clock): without it, two clock reads an exit are waste.
		 */
		if (!vmm->opts.stats) {
			action = vcpu_handle_exit(v);
		} else {
			t0 = stats_now_ns();
			action = vcpu_handle_exit(v);
			stats_record(&v->stats, v->run->exit_reason,
				     stats_now_ns() - t0);
		}
		if (action != EXIT_CONTINUE)
			break;
	}
	if (vmm->gdb)
		gdbstub_vcpu_leave(v);
	vcpu_flush(v);
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;

	while (vcpu_wait_power_on(v)) {
		if (vcpu_boot(v)) {
			vmm_request_stop(v->vmm, VMM_STATUS_ERROR);
			break;
		}
		vcpu_run_loop(v);
	}
	return NULL;
}

/* The kick only has to interrupt ARMVCPU_RUN: no SA_RESTART, no action. */
static void kick_handler(int sig)
{
	(void)sig;
}

int vcpu_start_threads(struct vmm *vmm)
{
	struct sigaction sa = { .sa_handler = kick_handler };
	unsigned int i;
	int ret;

	sigemptyset(&sa.sa_mask);
	sigaction(KICK_SIGNAL, &sa, NULL);
	for (i = 0; i < vmm->nr_vcpus; i++) {
		ret = pthread_create(&vmm->vcpus[i].thread, NULL, vcpu_thread,
				     &vmm->vcpus[i]);
		if (ret) {
			vmm_err("cannot start vCPU thread %u: %s", i,
				strerror(ret));
			return -1;
		}
	}
	return 0;
}

void vcpu_kick_all(struct vmm *vmm)
{
	struct vcpu *v;
	unsigned int i;

	for (i = 0; i < vmm->nr_vcpus; i++) {
		v = &vmm->vcpus[i];
		__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
		pthread_kill(v->thread, KICK_SIGNAL);
	}
}

void vcpu_join_all(struct vmm *vmm)
{
	struct timespec deadline;
	unsigned int i;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += JOIN_TIMEOUT_S;
	for (i = 0; i < vmm->nr_vcpus; i++)
		if (pthread_timedjoin_np(vmm->vcpus[i].thread, NULL, &deadline))
			vmm_err("vCPU %u did not stop within %d s", i,
				JOIN_TIMEOUT_S);
}
