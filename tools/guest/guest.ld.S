/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guests are linked where armvcpu-vmm loads them: RAM base + 0x80000, the
 * raw-binary address and the Image text_offset. Preprocessed, so that the
 * address comes from board.h like everywhere else.
 */
#include "board.h"

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_head)

SECTIONS
{
	. = BOARD_IMAGE_BASE;
	_text = .;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
	}
	.rodata : { *(.rodata .rodata.*) }
	.data : { *(.data .data.*) }
	.bss : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
		/* The boot CPU's stack: above BSS, not cleared by start.S. */
		. += 0x10000;
		__stack_top = .;
	}
	_end = .;
	__image_size = _end - _text;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
