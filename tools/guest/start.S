/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest entry. The image starts with an arm64 Image header, so the same
 * .bin boots as a raw binary (the header's first word branches over it)
 * and as an Image, whose magic lets armvcpu-vmm detect the format; the
 * header asks for text_offset 0x80000, where guest.ld links the code.
 */
#include "board.h"

#define FRAME_SIZE	288	/* sizeof(struct guest_frame) */
#define FRAME_ELR	248
#define FRAME_SPSR	256
#define FRAME_ESR	264
#define FRAME_FAR	272

	.section .text.head, "ax"
	.global	_head
_head:
	b	primary_entry			// code0
	.long	0				// code1
	.quad	BOARD_IMAGE_OFFSET		// text_offset
	.quad	__image_size			// image_size, incl. BSS and stack
	.quad	0				// flags: little-endian
	.quad	0, 0, 0				// res2-res4
	.ascii	"ARM\x64"			// magic
	.long	0				// res5

	.text
/* x0 = device tree, as the arm64 boot protocol says. */
primary_entry:
	mov	x19, x0
	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	mov	sp, x1
	bl	set_vectors
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, x19
	bl	main
	bl	guest_exit

/* PSCI CPU_ON lands here: x0 = struct cpu_boot { sp, fn, arg }. */
	.global	guest_secondary_entry
guest_secondary_entry:
	ldr	x1, [x0]
	mov	sp, x1
	mov	x19, x0
	bl	set_vectors
	ldr	x1, [x19, #8]
	ldr	x0, [x19, #16]
	blr	x1
	bl	psci_cpu_off

set_vectors:
	adrp	x1, guest_vectors
	add	x1, x1, :lo12:guest_vectors
	msr	vbar_el1, x1
	isb
	ret

/* One vector entry: make room for a frame, note the kind, go common. */
.macro	vector kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x0, #\kind
	b	exception_common
.endm

	.balign	0x800
guest_vectors:
	/* Current EL with SP_EL0: the runtime never runs there. */
	vector	0
	vector	1
	vector	2
	vector	3
	/* Current EL with SP_EL1: where guests run. */
	vector	0
	vector	1
	vector	2
	vector	3
	/* Lower EL, AArch64 and AArch32: not used, reported all the same. */
	.rept	2
	vector	0
	vector	1
	vector	2
	vector	3
	.endr

exception_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [sp, #FRAME_ELR]
	mrs	x1, esr_el1
	mrs	x2, far_el1
	stp	x1, x2, [sp, #FRAME_ESR]
	/* The frame's x0/x1 slots still hold the interrupted x0/x1. */
	mov	x1, sp
	bl	guest_exception
	ldp	x1, x2, [sp, #FRAME_ELR]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x0, x1, [sp]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret
