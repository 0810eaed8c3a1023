/* SPDX-License-Identifier: GPL-2.0 */
/*
 * armvcpu's EL2 code: ONE assembly unit, the "hyp blob".
 *
 * Everything between __armvcpu_hyp_start and __armvcpu_hyp_end is copied by
 * armvcpu/el2.c into physically contiguous linear-map pages and runs there,
 * at EL2, identity mapped (VA == PA). It therefore must be position
 * independent: only PC-relative references inside the blob (adr, b, bl), no
 * literal pools, no absolute addresses, no calls into the kernel or the
 * rest of the module. The layout contract is in hyp_abi.h and
 * Documentation/el2.rst.
 */
#include <linux/linkage.h>
#include <asm/assembler.h>
#include <asm/esr.h>
#include <asm/virt.h>

#include "hyp_abi.h"

	.pushsection	.text.armvcpu_hyp, "ax"

	.align	11
	.globl	__armvcpu_hyp_start
__armvcpu_hyp_start:

#include "vectors.S"
#include "init.S"
#include "host.S"
#include "switch.S"

	.align	3
	.globl	__armvcpu_hyp_end
__armvcpu_hyp_end:

	.popsection
