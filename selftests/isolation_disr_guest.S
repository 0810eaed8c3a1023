/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of isolation_disr.c, run by two vCPUs of one VM on one CPU: if
 * x19 is not zero, writes it to DISR_EL1 (with FEAT_RAS and HCR_EL2.AMO
 * that is VDISR_EL2); then reports DISR_EL1 twice, exiting to the host in
 * between. Without FEAT_RAS the access is UNDEFINED and av_exc reports it.
 */
#include "guest/av_exc.S"

#define DISR_EL1	s3_0_c12_c1_1

	.text
	.globl	_start
_start:
	av_exc_install
	cbz	x19, 1f
	msr	DISR_EL1, x19
1:	mrs	x0, DISR_EL1
	av_sync x0
	mrs	x0, DISR_EL1
	av_sync x0
	av_done

	av_exc_vectors
