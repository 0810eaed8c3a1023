/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the el2/ files share, and nothing else includes: the life cycle
 * core (lifecycle.c) uses detection (detect.c) and the memory EL2 runs on
 * (mem.c, pgtable.c); those, and the debugfs test hooks
 * (test/el2_hooks.c), in turn read the per-CPU state and make the raw
 * call. The API for the rest of armvcpu is el2/el2.h.
 */
#ifndef ARMVCPU_EL2_INTERNAL_H
#define ARMVCPU_EL2_INTERNAL_H

#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <linux/types.h>

#include "cache.h"
#include "compat.h"
#include "el2/el2.h"

#define CURRENTEL_EL2	(2 << 2)

/* EL2's identity map (el2/pgtable.c). */
#define EL2_VA_BITS	48

struct armvcpu_el2_pgtable {
	u64 *root;			/* level-0 table, linear map */
	unsigned long nr_pages;		/* table pages allocated */
	u64 ram_bytes;			/* System RAM mapped */
	phys_addr_t text_start, text_end;	/* the hyp blob, RX */
};

int armvcpu_el2_pgt_build(struct armvcpu_el2_pgtable *pgt,
			  phys_addr_t text_start, phys_addr_t text_end);
void armvcpu_el2_pgt_free(struct armvcpu_el2_pgtable *pgt);

/*
 * The memory EL2 runs on (el2/mem.c), and the stub's vectors every
 * per-CPU struct records (found by armvcpu_el2_init()).
 */
struct armvcpu_el2_mem {
	struct page *blob;
	unsigned int blob_order;
	phys_addr_t blob_pa;
	phys_addr_t stub_pa;
	struct armvcpu_el2_pgtable pgt;
};

extern struct armvcpu_el2_mem armvcpu_el2_mem;

/* Each CPU's struct + EL2 stack (el2/mem.c). */
DECLARE_PER_CPU(struct armvcpu_hyp_cpu *, armvcpu_hyp_cpu);
/* This CPU runs armvcpu's vectors (el2/lifecycle.c). */
DECLARE_PER_CPU(bool, armvcpu_el2_ready);

int armvcpu_el2_alloc_mem(void);
void armvcpu_el2_free_mem(int cpus_stuck);

/* el2/detect.c; armvcpu_lookup_name() is in compat.h. */
int armvcpu_el2_detect(void);

/* el2/lifecycle.c */
void armvcpu_el2_report_fault(unsigned int cpu);

/*
 * The raw call. Both the stub and armvcpu's EL2 code return in x0 (x0-x3)
 * and may clobber x4-x17; the stub's own comment allows x18 too, but its
 * code only ever writes x0, and x18 may be reserved (shadow call stack).
 * Inline: armvcpu_hyp_call(), on the path of every guest entry, keeps
 * it in line.
 */
static inline void armvcpu_hvc(unsigned long fn, unsigned long a1,
			       unsigned long a2, unsigned long a3,
			       struct armvcpu_hyp_res *res)
{
	register unsigned long x0 asm("x0") = fn;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;

	asm volatile("hvc	#0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	res->a0 = x0;
	res->a1 = x1;
	res->a2 = x2;
	res->a3 = x3;
}

#endif /* ARMVCPU_EL2_INTERNAL_H */
