// SPDX-License-Identifier: GPL-2.0
/*
 * armvcpu-vmm: a small VMM on /dev/armvcpu, modelled on kvmtool and QEMU's
 * "virt" board. The main thread sets the VM up, powers on vCPU 0 and then
 * only supervises: it carries out resets, enforces --timeout, and stops the
 * vCPU threads once a guest or an error ends the VM.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "vmm.h"

static void boot_locked(struct vmm *vmm)
{
	unsigned int i;

	for (i = 0; i < vmm->nr_vcpus; i++)
		vmm->vcpus[i].power = VCPU_OFF;
	/* The arm64 boot protocol: x0 = device tree, x1-x3 = 0. */
	vcpu_power_on(&vmm->vcpus[0], vmm->image_info.entry, vmm->fdt_addr);
}

static bool all_parked(struct vmm *vmm)
{
	unsigned int i;

	for (i = 0; i < vmm->nr_vcpus; i++)
		if (!vmm->vcpus[i].parked)
			return false;
	return true;
}

/* SYSTEM_RESET: park every vCPU, lay the guest out afresh, boot again. */
static void reset_locked(struct vmm *vmm)
{
	pthread_mutex_unlock(&vmm->lock);
	vcpu_kick_all(vmm);
	pthread_mutex_lock(&vmm->lock);
	while (vmm->state == VM_RESETTING && !all_parked(vmm))
		pthread_cond_wait(&vmm->cond, &vmm->lock);
	if (vmm->state != VM_RESETTING)
		return;
	pl011_reset(&vmm->uart);
	if (vmm_load_guest(vmm, true)) {
		vmm->state = VM_STOPPED;
		vmm->status = VMM_STATUS_ERROR;
		return;
	}
	vmm->state = VM_RUNNING;
	boot_locked(vmm);
}

static int supervise(struct vmm *vmm)
{
	struct timespec deadline;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += vmm->opts.timeout;
	pthread_mutex_lock(&vmm->lock);
	while (vmm->state != VM_STOPPED) {
		if (vmm->state == VM_RESETTING) {
			reset_locked(vmm);
			continue;
		}
		if (!vmm->opts.timeout) {
			pthread_cond_wait(&vmm->cond, &vmm->lock);
		} else if (pthread_cond_timedwait(&vmm->cond, &vmm->lock,
						  &deadline) == ETIMEDOUT) {
			vmm_err("timeout: the guest still runs after %u s (--timeout): stopping it",
				vmm->opts.timeout);
			vmm->state = VM_STOPPED;
			vmm->status = VMM_STATUS_TIMEOUT;
		}
	}
	status = vmm->status;
	pthread_mutex_unlock(&vmm->lock);
	return status;
}

static void print_stats(struct vmm *vmm)
{
	struct exit_stats total = { 0 };
	unsigned int i;

	for (i = 0; i < vmm->nr_vcpus; i++)
		stats_merge(&total, &vmm->vcpus[i].stats);
	vmm_err("exits of %u vCPU(s) in %.3f s; time is the VMM's handling time",
		vmm->nr_vcpus, (stats_now_ns() - vmm->start_ns) / 1e9);
	stats_print(stderr, &total, exit_reason_name);
	stats_print_kernel(stderr, vmm->vm_fd);
}

static int init_sync(struct vmm *vmm)
{
	pthread_condattr_t attr;

	pthread_mutex_init(&vmm->lock, NULL);
	/* Monotonic, so that --timeout ignores changes of the wall clock. */
	if (pthread_condattr_init(&attr) ||
	    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) ||
	    pthread_cond_init(&vmm->cond, &attr))
		return -1;
	return 0;
}

static int setup(struct vmm *vmm)
{
	if (vmm_load_files(vmm) || init_sync(vmm) || vmm_open(vmm) ||
	    vmm_setup_memory(vmm) || vmm_setup_devices(vmm) ||
	    vcpu_create_all(vmm) || vmm_load_guest(vmm, false))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static struct vmm vmm;
	int status;

	status = vmm_parse_options(&vmm.opts, argc, argv, stdout, stderr);
	if (status)
		return status == OPTS_EXIT_OK ? 0 : VMM_STATUS_USAGE;
	if (setup(&vmm))
		return VMM_STATUS_ERROR;
	if (vmm.opts.dump_dtb)
		return vmm_dump_dtb(&vmm, vmm.opts.dump_dtb) ?
		       VMM_STATUS_ERROR : 0;
	console_start(&vmm.uart);
	vmm.start_ns = stats_now_ns();
	if (vcpu_start_threads(&vmm))
		return VMM_STATUS_ERROR;
	/* Before the boot: vCPU 0 then waits for gdb at its first RUN. */
	if (vmm.opts.gdb_port && gdbstub_start(&vmm))
		return VMM_STATUS_ERROR;
	pthread_mutex_lock(&vmm.lock);
	boot_locked(&vmm);
	pthread_mutex_unlock(&vmm.lock);
	status = supervise(&vmm);
	gdbstub_stop(&vmm, status);
	vcpu_kick_all(&vmm);
	vcpu_join_all(&vmm);
	if (vmm.opts.stats)
		print_stats(&vmm);
	return status;
}
