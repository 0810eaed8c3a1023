// SPDX-License-Identifier: GPL-2.0
/*
 * Device tree generation. The tree describes what Linux needs to boot on
 * the board of board.h: memory, the CPUs (reg = MPIDR, started by PSCI over
 * HVC, as armvcpu handles PSCI), the PL011 with the APB clock the
 * amba-pl011 driver insists on, the architected timer and /chosen.
 */
#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "board.h"
#include "devtree.h"

#define PHANDLE_APB_PCLK	1
#define PHANDLE_GIC		2
/* Interrupt specifier cells of arm,gic-v3: type, number, flags. */
#define GIC_SPI			0
#define GIC_PPI			1
#define IRQ_LEVEL_HIGH		4
/* MPIDR affinity fields Aff3..Aff0 (bits 39:32, 23:0) form the cpu reg. */
#define MPIDR_AFF_MASK		0xff00ffffffULL

/*
 * Sequential-write wrapper that remembers the first error, so that
 * building the tree reads as a list of nodes instead of a ladder of ifs.
 */
struct fdt_writer {
	void *fdt;
	int err;
};

static void fw_check(struct fdt_writer *w, int ret)
{
	if (ret < 0 && !w->err)
		w->err = ret;
}

static void fw_begin(struct fdt_writer *w, const char *name)
{
	if (!w->err)
		fw_check(w, fdt_begin_node(w->fdt, name));
}

static void fw_end(struct fdt_writer *w)
{
	if (!w->err)
		fw_check(w, fdt_end_node(w->fdt));
}

static void fw_prop(struct fdt_writer *w, const char *name, const void *val,
		    int len)
{
	if (!w->err)
		fw_check(w, fdt_property(w->fdt, name, val, len));
}

static void fw_u32(struct fdt_writer *w, const char *name, uint32_t val)
{
	if (!w->err)
		fw_check(w, fdt_property_u32(w->fdt, name, val));
}

static void fw_u64(struct fdt_writer *w, const char *name, uint64_t val)
{
	if (!w->err)
		fw_check(w, fdt_property_u64(w->fdt, name, val));
}

static void fw_string(struct fdt_writer *w, const char *name, const char *s)
{
	fw_prop(w, name, s, strlen(s) + 1);
}

/* A string list given as one literal with embedded NULs, sizeof() long. */
#define fw_strings(w, name, lit)	fw_prop(w, name, lit, sizeof(lit))

/* reg = <addr size> with #address-cells = #size-cells = 2. */
static void fw_reg64(struct fdt_writer *w, uint64_t addr, uint64_t size)
{
	fdt64_t reg[2] = { cpu_to_fdt64(addr), cpu_to_fdt64(size) };

	fw_prop(w, "reg", reg, sizeof(reg));
}

static void fw_node_at(struct fdt_writer *w, const char *prefix,
		       uint64_t addr)
{
	char name[64];

	snprintf(name, sizeof(name), "%s@%llx", prefix, (unsigned long long)addr);
	fw_begin(w, name);
}

static bool has_initrd(const struct devtree_params *p)
{
	return p->initrd_end > p->initrd_start;
}

static void add_chosen(struct fdt_writer *w, const struct devtree_params *p,
		       const char *uart_path)
{
	fw_begin(w, "chosen");
	if (p->bootargs)
		fw_string(w, "bootargs", p->bootargs);
	fw_string(w, "stdout-path", uart_path);
	if (has_initrd(p)) {
		fw_u64(w, "linux,initrd-start", p->initrd_start);
		fw_u64(w, "linux,initrd-end", p->initrd_end);
	}
	fw_end(w);
	fw_begin(w, "aliases");
	fw_string(w, "serial0", uart_path);
	fw_end(w);
}

static void add_memory(struct fdt_writer *w, const struct devtree_params *p)
{
	fw_node_at(w, "memory", p->ram_base);
	fw_string(w, "device_type", "memory");
	fw_reg64(w, p->ram_base, p->ram_size);
	fw_end(w);
}

static void add_cpus(struct fdt_writer *w, const struct devtree_params *p)
{
	bool wide = false;
	unsigned int i;
	uint64_t mpidr;

	/* Aff3 needs a second address cell; Linux accepts one or two. */
	for (i = 0; i < p->nr_cpus; i++)
		wide |= (p->mpidr[i] & MPIDR_AFF_MASK) >> 32 != 0;
	fw_begin(w, "cpus");
	fw_u32(w, "#address-cells", wide ? 2 : 1);
	fw_u32(w, "#size-cells", 0);
	for (i = 0; i < p->nr_cpus; i++) {
		mpidr = p->mpidr[i] & MPIDR_AFF_MASK;
		fw_node_at(w, "cpu", mpidr);
		fw_string(w, "device_type", "cpu");
		fw_string(w, "compatible", "arm,armv8");
		if (wide)
			fw_u64(w, "reg", mpidr);
		else
			fw_u32(w, "reg", mpidr);
		fw_string(w, "enable-method", "psci");
		fw_end(w);
	}
	fw_end(w);
}

/* "interrupts": @n cells, <type number flags> per GIC interrupt. */
static void fw_irqs(struct fdt_writer *w, const uint32_t *cells, int n)
{
	fdt32_t v[12];
	int i;

	for (i = 0; i < n && i < 12; i++)
		v[i] = cpu_to_fdt32(cells[i]);
	fw_prop(w, "interrupts", v, n * sizeof(v[0]));
}

/*
 * The in-kernel GICv3: distributor and one redistributor frame pair per
 * vCPU, no ITS, and the maintenance interrupt (PPI 9) as QEMU lists it.
 */
static void add_gic(struct fdt_writer *w, const struct devtree_params *p)
{
	fdt64_t reg[4] = {
		cpu_to_fdt64(BOARD_GICD_BASE), cpu_to_fdt64(BOARD_GICD_SIZE),
		cpu_to_fdt64(BOARD_GICR_BASE),
		cpu_to_fdt64((uint64_t)BOARD_GICR_STRIDE * p->nr_cpus),
	};
	static const uint32_t maint[] = { GIC_PPI, 9, IRQ_LEVEL_HIGH };

	fw_node_at(w, "intc", BOARD_GICD_BASE);
	fw_string(w, "compatible", "arm,gic-v3");
	fw_u32(w, "#interrupt-cells", 3);
	fw_prop(w, "interrupt-controller", NULL, 0);
	fw_u32(w, "#redistributor-regions", 1);
	fw_prop(w, "reg", reg, sizeof(reg));
	fw_irqs(w, maint, 3);
	fw_u32(w, "phandle", PHANDLE_GIC);
	fw_end(w);
}

static void add_psci_and_timer(struct fdt_writer *w,
			       const struct devtree_params *p)
{
	/* Secure and non-secure physical, virtual, hypervisor: PPIs 13-10. */
	static const uint32_t timer_irqs[] = {
		GIC_PPI, 13, IRQ_LEVEL_HIGH, GIC_PPI, 14, IRQ_LEVEL_HIGH,
		GIC_PPI, 11, IRQ_LEVEL_HIGH, GIC_PPI, 10, IRQ_LEVEL_HIGH,
	};

	fw_begin(w, "psci");
	fw_strings(w, "compatible", "arm,psci-1.0\0arm,psci-0.2");
	fw_string(w, "method", "hvc");
	fw_end(w);

	/*
	 * "interrupts" only with the in-kernel GIC: a property pointing at
	 * no interrupt-parent would not decompile cleanly.
	 */
	fw_begin(w, "timer");
	fw_string(w, "compatible", "arm,armv8-timer");
	fw_prop(w, "always-on", NULL, 0);
	if (p->gic)
		fw_irqs(w, timer_irqs, 12);
	fw_end(w);
}

/* The PMUv3's overflow interrupt: INTID 23, PPI 7, as QEMU's virt board. */
static void add_pmu(struct fdt_writer *w)
{
	static const uint32_t pmu_irq[] = { GIC_PPI, 7, IRQ_LEVEL_HIGH };

	fw_begin(w, "pmu");
	fw_string(w, "compatible", "arm,armv8-pmuv3");
	fw_irqs(w, pmu_irq, 3);
	fw_end(w);
}

static void add_uart(struct fdt_writer *w, const struct devtree_params *p)
{
	static const uint32_t uart_irq[] = {
		GIC_SPI, BOARD_UART_SPI, IRQ_LEVEL_HIGH,
	};
	fdt32_t clocks[2] = {
		cpu_to_fdt32(PHANDLE_APB_PCLK), cpu_to_fdt32(PHANDLE_APB_PCLK),
	};

	/* amba-pl011 probes through the AMBA bus, which needs apb_pclk. */
	fw_begin(w, "apb-pclk");
	fw_string(w, "compatible", "fixed-clock");
	fw_u32(w, "#clock-cells", 0);
	fw_u32(w, "clock-frequency", DEVTREE_APB_PCLK_HZ);
	fw_string(w, "clock-output-names", "clk24mhz");
	fw_u32(w, "phandle", PHANDLE_APB_PCLK);
	fw_end(w);

	fw_node_at(w, "pl011", BOARD_UART_BASE);
	fw_strings(w, "compatible", "arm,pl011\0arm,primecell");
	fw_reg64(w, BOARD_UART_BASE, BOARD_UART_SIZE);
	fw_prop(w, "clocks", clocks, sizeof(clocks));
	fw_strings(w, "clock-names", "uartclk\0apb_pclk");
	if (p->gic)
		fw_irqs(w, uart_irq, 3);
	fw_end(w);
}

static void add_exit_device(struct fdt_writer *w)
{
	fw_node_at(w, "exit", BOARD_EXIT_BASE);
	fw_string(w, "compatible", "armvcpu,exit");
	fw_reg64(w, BOARD_EXIT_BASE, BOARD_EXIT_SIZE);
	fw_end(w);
}

int devtree_patch_chosen(void *buf, size_t size, const void *src,
			 const struct devtree_params *p)
{
	int ret, chosen;

	ret = fdt_open_into(src, buf, size);
	if (ret)
		return ret;
	chosen = fdt_path_offset(buf, "/chosen");
	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(buf, 0, "chosen");
	if (chosen < 0)
		return chosen;
	if (p->bootargs) {
		ret = fdt_setprop_string(buf, chosen, "bootargs", p->bootargs);
		if (ret)
			return ret;
	}
	if (has_initrd(p)) {
		ret = fdt_setprop_u64(buf, chosen, "linux,initrd-start",
				      p->initrd_start);
		if (!ret)
			ret = fdt_setprop_u64(buf, chosen, "linux,initrd-end",
					      p->initrd_end);
		if (ret)
			return ret;
	}
	return fdt_pack(buf);
}

int devtree_build(void *buf, size_t size, const struct devtree_params *p)
{
	struct fdt_writer w = { .fdt = buf };
	char uart_path[32];

	snprintf(uart_path, sizeof(uart_path), "/pl011@%x", BOARD_UART_BASE);
	fw_check(&w, fdt_create(buf, size));
	if (!w.err)
		fw_check(&w, fdt_finish_reservemap(buf));
	fw_begin(&w, "");
	fw_strings(&w, "compatible", "armvcpu,virt\0linux,dummy-virt");
	fw_string(&w, "model", "armvcpu virtual board");
	fw_u32(&w, "#address-cells", 2);
	fw_u32(&w, "#size-cells", 2);
	if (p->gic)
		fw_u32(&w, "interrupt-parent", PHANDLE_GIC);
	add_chosen(&w, p, uart_path);
	add_memory(&w, p);
	add_cpus(&w, p);
	if (p->gic)
		add_gic(&w, p);
	add_psci_and_timer(&w, p);
	if (p->gic && p->pmu)
		add_pmu(&w);
	add_uart(&w, p);
	add_exit_device(&w);
	fw_end(&w);
	if (!w.err)
		fw_check(&w, fdt_finish(buf));
	return w.err;
}
