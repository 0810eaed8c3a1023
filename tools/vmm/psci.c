// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI calls the kernel hands to the VMM: CPU_ON and CPU_OFF move vCPU
 * threads between running and parked; SYSTEM_OFF and SYSTEM_RESET end or
 * restart the VM. The kernel answers VERSION, FEATURES, AFFINITY_INFO and
 * the like itself.
 */
#include "vmm.h"

/* The affinity fields of MPIDR_EL1, which PSCI uses to name a CPU. */
#define MPIDR_AFF_MASK		0xff00ffffffULL

static struct vcpu *vcpu_by_mpidr(struct vmm *vmm, uint64_t mpidr)
{
	unsigned int i;

	for (i = 0; i < vmm->nr_vcpus; i++)
		if ((vmm->vcpus[i].mpidr & MPIDR_AFF_MASK) ==
		    (mpidr & MPIDR_AFF_MASK))
			return &vmm->vcpus[i];
	return NULL;
}

static int64_t power_on_target(struct vmm *vmm, struct vcpu *target,
			       uint64_t entry, uint64_t context_id)
{
	int64_t ret = PSCI_RET_SUCCESS;

	pthread_mutex_lock(&vmm->lock);
	if (target->power == VCPU_ON)
		ret = PSCI_RET_ALREADY_ON;
	else if (target->power == VCPU_ON_PENDING)
		ret = PSCI_RET_ON_PENDING;
	else
		vcpu_power_on(target, entry, context_id);
	pthread_mutex_unlock(&vmm->lock);
	return ret;
}

enum exit_action psci_cpu_up(struct vcpu *v)
{
	typeof(v->run->cpu_up) *up = &v->run->cpu_up;
	struct vcpu *target = vcpu_by_mpidr(v->vmm, up->target_mpidr);

	if (!target)
		up->psci_ret = PSCI_RET_INVALID_PARAMS;
	else
		up->psci_ret = power_on_target(v->vmm, target, up->entry,
					       up->context_id);
	return EXIT_CONTINUE;
}

enum exit_action psci_cpu_down(struct vcpu *v)
{
	pthread_mutex_lock(&v->vmm->lock);
	v->power = VCPU_OFF;
	pthread_mutex_unlock(&v->vmm->lock);
	return EXIT_PARK;
}

enum exit_action psci_system_down(struct vcpu *v)
{
	vmm_request_stop(v->vmm, 0);
	return EXIT_STOP;
}

enum exit_action psci_system_reset(struct vcpu *v)
{
	if (v->vmm->opts.no_reboot) {
		vmm_err("guest reset with --no-reboot: exiting");
		vmm_request_stop(v->vmm, VMM_STATUS_RESET);
	} else {
		vmm_request_reset(v->vmm);
	}
	return EXIT_STOP;
}
