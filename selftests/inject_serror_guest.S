/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of inject_serror.c. Runs with PSTATE.A masked (the reset state)
 * through two exits to the VMM, which injects a virtual SError at the
 * first; unmasks A, where the SError must be taken (the handler reports
 * it and returns to 1:); then unmasks A once more, where nothing may be
 * pending any more.
 */
#include "guest/av_exc.S"

	.text
	.globl	_start
_start:
	av_exc_install
	av_sync #1		/* the VMM injects here */
	av_sync #2		/* still masked: no SError */
	adr	x27, 1f
	msr	daifclr, #4			/* the SError is taken here */
	nop
1:	av_sync #3
	msr	daifset, #4
	msr	daifclr, #4			/* taken once: nothing left */
	nop
	av_done

	av_exc_vectors
