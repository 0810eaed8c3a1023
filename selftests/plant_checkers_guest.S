/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest of plant_checkers.c: nothing but the ucall that ends it; its
 * first fetch is the stage-2 fault that takes vm->lock under RUN's
 * run_lock, the order lockdep must then see reversed.
 */
#include "guest/ucall.h"

	.text
	.globl	_start
_start:
	av_done
