// SPDX-License-Identifier: GPL-2.0
/*
 * Placeholder until armvcpu/dev.c (/dev/armvcpu) lands, which defines the
 * real ones and deletes this file. Weak, so both may coexist meanwhile.
 */
#include <linux/compiler.h>

#include "armvcpu.h"

int __weak armvcpu_dev_init(void)
{
	return 0;
}

void __weak armvcpu_dev_exit(void)
{
}
