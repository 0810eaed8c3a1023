// SPDX-License-Identifier: GPL-2.0
/*
 * The few device-tree lookups small guests need (bootargs, CPU MPIDRs),
 * by walking the flattened tree's structure block. Byte loads only: the
 * MMU is off, so an unaligned wider load would fault.
 */
#include "guest.h"

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9
#define FDT_MAX_DEPTH	8

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

struct fdt_visit {
	const char *node[FDT_MAX_DEPTH];	/* names along the path */
	int depth;
	const char *prop;
	const uint8_t *val;
	uint32_t len;
};

typedef void (*fdt_visitor)(const struct fdt_visit *v, void *ctx);

static uint32_t align4(uint32_t v)
{
	return (v + 3) & ~3U;
}

/* Calls @fn for every property; returns -1 on a malformed tree. */
static int fdt_walk(unsigned long dtb, fdt_visitor fn, void *ctx)
{
	const uint8_t *fdt = (const uint8_t *)dtb;
	const uint8_t *p, *strings;
	struct fdt_visit v = { .depth = -1 };
	uint32_t token;

	if (!dtb || be32(fdt) != FDT_MAGIC)
		return -1;
	p = fdt + be32(fdt + 8);
	strings = fdt + be32(fdt + 12);
	for (;;) {
		token = be32(p);
		p += 4;
		if (token == FDT_BEGIN_NODE) {
			if (++v.depth >= FDT_MAX_DEPTH)
				return -1;
			v.node[v.depth] = (const char *)p;
			p += align4(strlen((const char *)p) + 1);
		} else if (token == FDT_END_NODE) {
			v.depth--;
		} else if (token == FDT_PROP) {
			v.len = be32(p);
			v.prop = (const char *)strings + be32(p + 4);
			v.val = p + 8;
			p += 8 + align4(v.len);
			fn(&v, ctx);
		} else if (token == FDT_END) {
			return 0;
		} else if (token != FDT_NOP) {
			return -1;
		}
	}
}

static bool is_prop(const struct fdt_visit *v, int depth, const char *node,
		    const char *prop)
{
	size_t n = strlen(node);

	return v->depth == depth && !strncmp(v->node[depth], node, n) &&
	       !strncmp(v->prop, prop, strlen(prop) + 1);
}

static void find_bootargs(const struct fdt_visit *v, void *ctx)
{
	if (is_prop(v, 1, "chosen", "bootargs"))
		*(const char **)ctx = (const char *)v->val;
}

const char *guest_fdt_bootargs(unsigned long dtb)
{
	const char *args = NULL;

	fdt_walk(dtb, find_bootargs, &args);
	return args;
}

struct cpu_list {
	uint64_t *mpidr;
	int max;
	int n;
};

static void find_cpu(const struct fdt_visit *v, void *ctx)
{
	struct cpu_list *l = ctx;
	uint64_t reg;

	if (!is_prop(v, 2, "cpu@", "reg") || strncmp(v->node[1], "cpus", 5))
		return;
	reg = be32(v->val);
	if (v->len == 8)
		reg = reg << 32 | be32(v->val + 4);
	if (l->n < l->max)
		l->mpidr[l->n] = reg;
	l->n++;
}

int guest_fdt_cpus(unsigned long dtb, uint64_t *mpidr, int max)
{
	struct cpu_list l = { .mpidr = mpidr, .max = max };

	if (fdt_walk(dtb, find_cpu, &l))
		return -1;
	return l.n;
}
