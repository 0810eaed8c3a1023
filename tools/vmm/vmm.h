/* SPDX-License-Identifier: GPL-2.0 */
/* armvcpu-vmm: the VM, its vCPUs, and the calls between the VMM's files. */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include <linux/armvcpu.h>
#include <linux/psci.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "exitdev.h"
#include "gdbstub.h"
#include "loader.h"
#include "mmio.h"
#include "options.h"
#include "pl011.h"
#include "ram.h"
#include "stats.h"
#include "bits.h"
#include "warnlimit.h"

/* Exit status when the guest resets under --no-reboot, as QEMU -no-reboot. */
#define VMM_STATUS_RESET	0
#define VMM_STATUS_ERROR	1
#define VMM_STATUS_USAGE	2
#define VMM_STATUS_TIMEOUT	124

enum vcpu_power {
	VCPU_OFF,
	VCPU_ON_PENDING,	/* CPU_ON accepted, its thread not yet running */
	VCPU_ON,
};

/* A register's value at vCPU creation: the state CPU_ON and reset restore. */
struct reg_value {
	uint64_t id;
	uint8_t val[16];
};

/*
 * Physical timer state, kept by the VMM when the kernel traps it to us: in
 * a VM without the in-kernel GIC (with one, the kernel emulates it).
 */
struct ptimer {
	uint64_t ctl;
	uint64_t cval;
};

struct vmm;

struct vcpu {
	struct vmm *vmm;
	unsigned int id;
	int fd;
	struct armvcpu_run *run;
	pthread_t thread;
	uint64_t mpidr;
	struct reg_value *reset_regs;
	unsigned int nr_reset_regs;
	bool ran;		/* RUN was called: registers may differ from reset_regs */
	struct ptimer ptimer;
	struct exit_stats stats;

	/* Protected by vmm->lock. */
	enum vcpu_power power;
	bool parked;		/* waiting in vcpu_wait_power_on() */
	uint64_t boot_entry;
	uint64_t boot_x0;
};

enum vm_state {
	VM_RUNNING,
	VM_RESETTING,		/* vCPUs parking; the main thread reloads */
	VM_STOPPED,
};

struct loaded_file {
	uint8_t *data;
	size_t len;
	const char *name;
};

struct vmm {
	struct vmm_options opts;
	int dev_fd;
	int vm_fd;
	size_t run_size;
	unsigned int ipa_bits;
	bool gic;		/* the VM has armvcpu's in-kernel GICv3 */
	struct guest_ram ram;
	struct mmio_bus bus;
	struct warn_limit mmio_warn;
	struct warn_limit sysreg_warn;
	struct pl011 uart;
	struct exitdev exitdev;
	struct loaded_file image, initrd, dtb;
	struct image_info image_info;
	uint64_t fdt_addr;
	unsigned int nr_vcpus;
	struct vcpu *vcpus;
	uint64_t start_ns;

	pthread_mutex_t lock;
	pthread_cond_t cond;	/* any change of state, power or parked */
	enum vm_state state;
	int status;		/* exit status once VM_STOPPED */

	struct gdbstub *gdb;	/* --gdb, else NULL */
};

/* Messages for people: one line on stderr, checked like fprintf()'s. */
#define vmm_err(fmt, ...)						\
	fprintf(stderr, "armvcpu-vmm: " fmt "\n", ##__VA_ARGS__)

/* vm.c */
int vmm_open(struct vmm *vmm);
int vmm_setup_memory(struct vmm *vmm);
int vmm_setup_devices(struct vmm *vmm);
int vmm_load_files(struct vmm *vmm);
int vmm_load_guest(struct vmm *vmm, bool reset);
int vmm_dump_dtb(struct vmm *vmm, const char *path);
void vmm_request_stop(struct vmm *vmm, int status);
void vmm_request_reset(struct vmm *vmm);
enum vm_state vmm_state(struct vmm *vmm);
/* Cleans and invalidates guest RAM to the point of coherency. */
void clean_to_poc(const struct guest_ram *ram, uint64_t gpa, uint64_t len);

/* vcpu.c */
int vcpu_create_all(struct vmm *vmm);
int vcpu_start_threads(struct vmm *vmm);
void vcpu_kick_all(struct vmm *vmm);
/* RUN with immediate_exit: completes what the last exit left, runs nothing. */
void vcpu_flush(struct vcpu *v);
void vcpu_join_all(struct vmm *vmm);
/* Caller holds vmm->lock. */
void vcpu_power_on(struct vcpu *v, uint64_t entry, uint64_t x0);
int vcpu_get_reg(struct vcpu *v, uint64_t id, uint64_t *val);

/* exits.c */
enum exit_action {
	EXIT_CONTINUE,		/* enter the guest again */
	EXIT_PARK,		/* the vCPU is off: wait for CPU_ON */
	EXIT_STOP,		/* the VM is stopping or resetting */
};

enum exit_action vcpu_handle_exit(struct vcpu *v);
const char *exit_reason_name(unsigned int reason);

/* psci.c */
enum exit_action psci_cpu_up(struct vcpu *v);
enum exit_action psci_cpu_down(struct vcpu *v);
enum exit_action psci_system_down(struct vcpu *v);
enum exit_action psci_system_reset(struct vcpu *v);

/* console.c */
void console_start(struct pl011 *uart);

#endif /* VMM_VMM_H */
