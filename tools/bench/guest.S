/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Benchmark guests of `make bench`, one image per path, each built from this
 * file with -DBENCH_<path> and linked alone at BOARD_IMAGE_BASE. The same
 * images run under armvcpu-vmm and under tools/kvm-runner.
 *
 * A timed guest runs its path once (so that first-touch costs stay out),
 * then BENCH_ITERS times between two reads of CNTVCT_EL0, and prints
 *	BENCH <path> iters=0x... ticks=0x... ret=0x... undef=0x...
 * on the PL011: ret is x0 after the first run (the answer of the call), undef
 * the number of UNDEFs the guest took (a VMM may answer a trapped system
 * register that way; the guest then steps over the instruction).
 * Under QEMU's -icount shift=0 one instruction is 1 ns and the counter runs
 * at 62.5 MHz, so ticks * 16 / iters is instructions per iteration; the loop
 * itself adds two (subs, b.ne), which the calib image measures.
 *
 * The mem image writes one word to every page of BENCH_MEM_SIZE bytes of RAM
 * (skipping its own image) and then prints its first byte of output: the
 * host side (tools/bench/hosttime) stops its clock on that byte.
 *
 * No stack and no C: every loop is exactly the instructions below. The MMU
 * stays off, which is why strings are read a byte at a time.
 */
#include "board.h"

#define PSCI_0_2_FN_PSCI_VERSION	0x84000000
#define PSCI_0_2_FN_SYSTEM_OFF		0x84000008
#define SMCCC_ARCH_WORKAROUND_1		0x80008000
/* SMCCC fast call, SMC64, vendor-specific hypervisor service, function 0. */
#define BENCH_VENDOR_HVC		0xc6000000
#define PL011_ILPR			0x020	/* plain storage: no side effect */

#define BENCH_ITERS			10000
#define BENCH_MEM_SIZE			(256 << 20)
#define PAGE_SIZE			4096

/* x19: loop count, x20/x21: counter, x22/x23: operands, x27: ret, x28: undef */

#if defined(BENCH_calib)
/* 14 + subs + b.ne = 16 instructions: one counter tick per iteration. */
#define BENCH_NAME	"calib"
#undef BENCH_ITERS
#define BENCH_ITERS	1000000
	.macro	body
	.rept	14
	nop
	.endr
	.endm
#elif defined(BENCH_psci)
#define BENCH_NAME	"psci"
	.macro	body
	mov	w0, #PSCI_0_2_FN_PSCI_VERSION
	hvc	#0
	.endm
#elif defined(BENCH_wa1)
/*
 * About 23 instructions a call when EL2 answers it: 10,000 calls would be
 * ~230,000 instructions, where one host timer tick (~12,000 instructions)
 * moves the figure by 5% and breaks the 1% agreement between runs. A
 * million calls spread the ticks evenly over every run.
 */
#define BENCH_NAME	"wa1"
#undef BENCH_ITERS
#define BENCH_ITERS	1000000
	.macro	body
	mov	w0, #(SMCCC_ARCH_WORKAROUND_1 & 0xffff0000)
	movk	w0, #(SMCCC_ARCH_WORKAROUND_1 & 0xffff)
	hvc	#0
	.endm
#elif defined(BENCH_mmio_w)
#define BENCH_NAME	"mmio_w"
	.macro	body
	str	w22, [x23]
	.endm
#elif defined(BENCH_mmio_r)
#define BENCH_NAME	"mmio_r"
	.macro	body
	ldr	w0, [x23]
	.endm
#elif defined(BENCH_hcall)
#define BENCH_NAME	"hcall"
	.macro	body
	mov	x0, #BENCH_VENDOR_HVC
	hvc	#0
	.endm
#elif defined(BENCH_sysreg)
/*
 * ACTLR_EL1 traps (HCR_EL2.TACR) and armvcpu leaves its implementation-
 * defined content to the VMM: the read reaches it. (The physical timer,
 * this path's register until it moved into the kernel with the in-kernel
 * GIC, no longer exits.)
 */
#define BENCH_NAME	"sysreg"
	.macro	body
	mrs	x0, actlr_el1
	.endm
#elif defined(BENCH_mem)
#define BENCH_NAME	"mem"
#else
#error "build with -DBENCH_<path>"
#endif

	.macro	read_counter, reg
	isb
	mrs	\reg, cntvct_el0
	isb
	.endm

	.text
	.globl	_start
_start:
	adr	x0, vectors
	msr	vbar_el1, x0
	isb
	mov	x28, xzr
	mov	x22, #0x5a
	ldr	x23, =BOARD_UART_BASE + PL011_ILPR

#if defined(BENCH_mem)
	mov	x19, #BOARD_RAM_BASE
	ldr	x24, =BOARD_RAM_BASE + BENCH_MEM_SIZE
	adr	x25, _start
	and	x25, x25, #~(PAGE_SIZE - 1)
	ldr	x26, =image_end + PAGE_SIZE - 1
	and	x26, x26, #~(PAGE_SIZE - 1)
	mov	x27, xzr
	read_counter x20
1:	cmp	x19, x25
	ccmp	x19, x26, #2, hs	/* below the image: C set, not lo */
	b.lo	2f			/* one of the image's own pages */
	str	w22, [x19]
	add	x27, x27, #1
2:	add	x19, x19, #PAGE_SIZE
	cmp	x19, x24
	b.lo	1b
	read_counter x21
	mov	x19, x27		/* printed as iters: pages written */
#else
	body
	mov	x27, x0
	ldr	x19, =BENCH_ITERS
	read_counter x20
1:	body
	subs	x19, x19, #1
	b.ne	1b
	read_counter x21
	ldr	x19, =BENCH_ITERS
#endif
	sub	x21, x21, x20

	adr	x0, str_head
	bl	puts
	adr	x0, str_iters
	bl	puts
	mov	x0, x19
	bl	puthex
	adr	x0, str_ticks
	bl	puts
	mov	x0, x21
	bl	puthex
	adr	x0, str_ret
	bl	puts
	mov	x0, x27
	bl	puthex
	adr	x0, str_undef
	bl	puts
	mov	x0, x28
	bl	puthex
	adr	x0, str_nl
	bl	puts
	mov	w0, #0
	b	exit

/*
 * Ends the VM with status w0 through the exit device; where there is none
 * (bare QEMU, for the calibration), PSCI SYSTEM_OFF ends it.
 */
exit:
	ldr	x1, =BOARD_EXIT_BASE + BOARD_EXIT_STATUS
	str	w0, [x1]
	ldr	w0, =PSCI_0_2_FN_SYSTEM_OFF
	hvc	#0
	b	.

/* puts(x0): clobbers x0-x2. */
puts:
	ldr	x1, =BOARD_UART_BASE
1:	ldrb	w2, [x0], #1
	cbz	w2, 2f
	str	w2, [x1]
	b	1b
2:	ret

/* puthex(x0): "0x" and 16 hex digits; clobbers x0-x4. */
puthex:
	ldr	x1, =BOARD_UART_BASE
	mov	w2, #'0'
	str	w2, [x1]
	mov	w2, #'x'
	str	w2, [x1]
	mov	x3, #60
1:	lsr	x2, x0, x3
	and	w2, w2, #0xf
	cmp	w2, #10
	add	w4, w2, #'0'
	add	w2, w2, #('a' - 10)
	csel	w2, w4, w2, lo
	str	w2, [x1]
	subs	x3, x3, #4
	b.ge	1b
	ret

	.ltorg

/*
 * Only a synchronous exception at EL1h is expected: an UNDEF from a system
 * register the VMM refused. Count it and step over the instruction. Anything
 * else ends the VM with status 2.
 */
	.balign	2048
vectors:
	.rept	4
	.balign	128
	b	unexpected
	.endr
	.balign	128
	mrs	x9, elr_el1
	add	x9, x9, #4
	msr	elr_el1, x9
	add	x28, x28, #1
	eret
	.rept	11
	.balign	128
	b	unexpected
	.endr

unexpected:
	mov	w0, #2
	b	exit

	.section .rodata
str_head:	.asciz	"BENCH " BENCH_NAME
str_iters:	.asciz	" iters="
str_ticks:	.asciz	" ticks="
str_ret:	.asciz	" ret="
str_undef:	.asciz	" undef="
str_nl:		.asciz	"\n"
	.balign	8
image_end:
