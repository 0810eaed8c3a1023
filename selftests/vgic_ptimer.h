/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What selftests/vgic_ptimer.c and its guest, vgic_ptimer_guest.c, agree
 * on: the scenario the host puts in x0 and the SYNC ucalls by which the
 * guest asks the host to act or hands it a figure.
 */
#ifndef __SELFTESTS_VGIC_PTIMER_H
#define __SELFTESTS_VGIC_PTIMER_H

/* Scenarios: the host's selector in x0. */
enum {
	SC_ONE_IRQ = 1, SC_RUNNING, SC_COUNTERS, SC_TWO_VCPUS, SC_MIGRATE,
	SC_ONE_REG, SC_OFFSET, SC_ARM_AND_LEAVE,
	SC_NR
};

/*
 * SYNC arguments. SYNC_VALUE is followed by one more SYNC that carries the
 * value (a counter, a register).
 */
enum {
	SYNC_MIGRATE = 100,	/* move this vCPU's thread to another CPU */
	SYNC_VALUE,		/* the next SYNC is a value for the host */
	SYNC_SET_OFFSET,	/* host: move the VM's counter offset */
	SYNC_ARMED,		/* the timer is armed: the host may leave */
};

/* SC_OFFSET: the host moves the guest's counters this far forward. */
#define OFFSET_JUMP_TICKS	0x100000000ULL

#endif /* __SELFTESTS_VGIC_PTIMER_H */
