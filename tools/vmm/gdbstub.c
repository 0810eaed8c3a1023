// SPDX-License-Identifier: GPL-2.0
/*
 * The gdb stub of armvcpu-vmm --gdb: one thread that listens for gdb,
 * speaks the remote serial protocol with it (framing in gdbproto.c), and
 * stops and starts the vCPU threads.
 *
 * All-stop: when a vCPU exits with ARMVCPU_EXIT_DEBUG, or gdb sends
 * Ctrl-C, every vCPU is kicked out of RUN (immediate_exit and a signal)
 * and parks in gdbstub_vcpu_gate() before its next RUN, where no ioctl of
 * its own runs: the stub thread then reads and writes its registers
 * itself. A parked vCPU first runs once with immediate_exit set, which
 * completes an MMIO read or hypercall left by its last exit, so gdb sees
 * the registers as the guest will. Resuming lets the chosen vCPUs through
 * the gate with the debug controls gdb asked for (software breakpoints
 * always, single step for the stepping one).
 *
 * Breakpoints (Z0) are BRK #0 written into guest memory, found through
 * the guest's stage-1 tables; the original word goes back on z0 and on
 * detach. Hardware breakpoints (Z1) and watchpoints (Z2 write, Z3 read,
 * Z4 access) are the debug registers of ARMVCPU_GUESTDBG_USE_HW, one set
 * for every vCPU; a vCPU that continues from a hardware breakpoint's
 * address first steps over it with that breakpoint off. The guest starts
 * stopped, before its first instruction, and waits for gdb (as QEMU's
 * -s -S).
 */
#define _GNU_SOURCE	/* pipe2() */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include "gdbproto.h"
#include "gdbstub.h"
#include "vmm.h"

#define GDB_MAX_BPS		64
#define GDB_BRK			0xd4200000U	/* BRK #0 */
#define GDB_SIGINT		2
#define GDB_SIGTRAP		5
/* x0-x30, sp, pc (8 bytes each), cpsr (4): the "g" packet's layout. */
#define GDB_NR_REGS		34
#define GDB_REGS_SIZE		(33 * 8 + 4)
#define GDB_CTL_BASE		(ARMVCPU_GUESTDBG_ENABLE | \
				 ARMVCPU_GUESTDBG_USE_SW_BP)
/* DBGBCR: E, PMC = EL1 and EL0, BAS = the 4 bytes of an instruction. */
#define GDB_BCR			0x1e7
#define GDB_EC(esr)		(((esr) >> 26) & 0x3f)
#define GDB_EC_BREAKPT		0x30
#define GDB_EC_SOFTSTP		0x32
#define GDB_EC_WATCHPT		0x34

struct gdb_bp {
	uint64_t addr;		/* as gdb gave it: a guest virtual address */
	uint64_t pa;
	uint32_t orig;
};

/* One vCPU as the stub sees it; under gdb->lock. */
struct gdb_vcpu {
	bool go;		/* may pass the gate */
	bool step;		/* ... for one instruction */
	bool in_run;		/* between the gate and the next gate */
	bool parked;		/* waiting in the gate */
	bool seen;		/* came to the gate once: booted */
	bool skip;		/* step over the hardware breakpoint at skip_pc */
	uint64_t skip_pc;
	uint32_t control;	/* what SET_GUEST_DEBUG holds now */
	unsigned int hw_gen;	/* ... with the hardware set of that time */
	bool hw_skip;		/* ... which left out skip_pc's breakpoint */
};

/* A watchpoint as gdb asked for it: Z2, Z3 or Z4 (0: slot free). */
struct gdb_wp {
	char type;
	uint64_t addr, len;
};

struct gdbstub {
	struct vmm *vmm;
	int listen_fd;
	int fd;			/* the connection, -1 without gdb */
	int wake[2];		/* vCPU -> stub thread: the guest stopped */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct gdb_vcpu *v;
	bool attached;		/* gdb wants debug exits */
	bool stopped;		/* a stop was decided, not yet reported */
	bool running;		/* gdb waits for a stop reply */
	bool quit;		/* the VM stops */
	int exit_status;
	unsigned int stop_vcpu;
	int stop_sig;
	unsigned int cur;	/* the vCPU of g, m, p...: Hg */
	unsigned int step_vcpu;	/* the vCPU of s: Hc */
	struct gdb_bp bps[GDB_MAX_BPS];
	unsigned int nr_bps;
	/* The hardware set (dbg_* only) and what is in it, under lock. */
	struct armvcpu_guest_debug hw;
	struct gdb_wp wps[ARMVCPU_GUESTDBG_MAX_WPS];
	unsigned int nr_hw_bps, nr_hw_wps;	/* the host's counts */
	unsigned int hw_used;	/* slots in use, both kinds */
	unsigned int hw_gen;	/* changes with every Z1-Z4/z1-z4 */
	char stop_why[48];	/* the stop reply's reason: "watch:ADDR;" */
	struct gdb_rx rx;
	char xml[4096];
	size_t xml_len;
};

static struct gdbstub *gdb_of(const struct vcpu *v)
{
	return v->vmm->gdb;
}

/* ---- the vCPU side ---------------------------------------------------- */

/*
 * Caller holds g->lock. @ctl plus the hardware set while gdb has one; a
 * vCPU stepping over a hardware breakpoint runs without that one.
 */
static void set_control(struct vcpu *v, struct gdb_vcpu *gv, uint32_t ctl)
{
	struct gdbstub *g = gdb_of(v);
	struct armvcpu_guest_debug dbg = { .control = ctl };
	bool skip = gv->skip && ctl;
	unsigned int i;

	if (ctl && g->hw_used) {
		dbg = g->hw;
		dbg.control = ctl | ARMVCPU_GUESTDBG_USE_HW;
	}
	if (skip) {
		dbg.control |= ARMVCPU_GUESTDBG_SINGLESTEP;
		for (i = 0; i < g->nr_hw_bps; i++)
			if (dbg.dbg_bcr[i] && dbg.dbg_bvr[i] == gv->skip_pc)
				dbg.dbg_bcr[i] = 0;
	}
	if (gv->control == dbg.control && gv->hw_gen == g->hw_gen &&
	    gv->hw_skip == skip)
		return;
	if (ioctl(v->fd, ARMVCPU_SET_GUEST_DEBUG, &dbg)) {
		vmm_err("vCPU %u: ARMVCPU_SET_GUEST_DEBUG: %s", v->id,
			strerror(errno));
		return;
	}
	gv->control = dbg.control;
	gv->hw_gen = g->hw_gen;
	gv->hw_skip = skip;
}

bool gdbstub_vcpu_gate(struct vcpu *v)
{
	struct gdbstub *g = gdb_of(v);
	struct gdb_vcpu *gv = &g->v[v->id];
	bool quit;

	pthread_mutex_lock(&g->lock);
	gv->in_run = false;
	gv->seen = true;
	if (!gv->go && !g->quit) {
		set_control(v, gv, g->attached ? GDB_CTL_BASE : 0);
		vcpu_flush(v);
		gv->parked = true;
		pthread_cond_broadcast(&g->cond);
		while (!gv->go && !g->quit)
			pthread_cond_wait(&g->cond, &g->lock);
		gv->parked = false;
	}
	set_control(v, gv, !g->attached ? 0 : GDB_CTL_BASE |
		    (gv->step ? ARMVCPU_GUESTDBG_SINGLESTEP : 0));
	v->run->immediate_exit = 0;
	gv->in_run = true;
	quit = g->quit;
	pthread_mutex_unlock(&g->lock);
	/* A stop that kicked before immediate_exit was cleared is seen here. */
	return !quit && vmm_state(v->vmm) == VM_RUNNING;
}

void gdbstub_vcpu_leave(struct vcpu *v)
{
	struct gdbstub *g = gdb_of(v);

	pthread_mutex_lock(&g->lock);
	g->v[v->id].in_run = false;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

/* Caller holds g->lock: no vCPU passes the gate until gdb resumes. */
static void stop_world_locked(struct gdbstub *g, unsigned int vcpu, int sig)
{
	unsigned int i;

	for (i = 0; i < g->vmm->nr_vcpus; i++)
		g->v[i].go = false;
	if (!g->stopped) {
		g->stopped = true;
		g->stop_vcpu = vcpu;
		g->stop_sig = sig;
		g->stop_why[0] = 0;
	}
}

static void wake_stub(struct gdbstub *g)
{
	char c = 0;

	if (write(g->wake[1], &c, 1) < 0 && errno != EAGAIN)
		vmm_err("gdb stub: wake-up: %s", strerror(errno));
}

/*
 * The watchpoint that covers @far, else the first one of a matching
 * kind: FAR may name any byte the access touched.
 */
static const struct gdb_wp *wp_hit(struct gdbstub *g, uint64_t far)
{
	const struct gdb_wp *w, *any = NULL;
	unsigned int i;

	for (i = 0; i < g->nr_hw_wps; i++) {
		w = &g->wps[i];
		if (!w->type)
			continue;
		if (far - w->addr < w->len)
			return w;
		if (!any)
			any = w;
	}
	return any;
}

/* Caller holds g->lock: the reason gdb is told, by the exit's class. */
static void stop_reason(struct gdbstub *g, struct vcpu *v)
{
	static const char *const kinds[] = {
		['2'] = "watch", ['3'] = "rwatch", ['4'] = "awatch",
	};
	uint64_t esr = v->run->debug.esr, far = v->run->debug.far;
	const struct gdb_wp *w;

	if (GDB_EC(esr) == GDB_EC_BREAKPT) {
		snprintf(g->stop_why, sizeof(g->stop_why), "hwbreak:;");
		return;
	}
	if (GDB_EC(esr) != GDB_EC_WATCHPT)
		return;
	w = wp_hit(g, far);
	if (w)
		snprintf(g->stop_why, sizeof(g->stop_why), "%s:%llx;",
			 kinds[(int)w->type], (unsigned long long)
			 (far - w->addr < w->len ? far : w->addr));
}

void gdbstub_debug_exit(struct vcpu *v)
{
	struct gdbstub *g = gdb_of(v);
	struct gdb_vcpu *gv = &g->v[v->id];
	bool stepped_over, first;

	pthread_mutex_lock(&g->lock);
	/* Past the hardware breakpoint: on to what gdb asked (go). */
	stepped_over = gv->skip &&
		       GDB_EC(v->run->debug.esr) == GDB_EC_SOFTSTP;
	gv->skip = false;
	/* Left from before a detach: nothing to report. */
	if (g->attached && g->running && !stepped_over) {
		first = !g->stopped;
		stop_world_locked(g, v->id, GDB_SIGTRAP);
		if (first)
			stop_reason(g, v);
		wake_stub(g);
	}
	pthread_mutex_unlock(&g->lock);
}

void gdbstub_stop(struct vmm *vmm, int status)
{
	struct gdbstub *g = vmm->gdb;

	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->quit = true;
	g->exit_status = status;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
	wake_stub(g);
}

/* Kick every vCPU out of RUN and wait until none is in it. */
static void stop_all(struct gdbstub *g, int sig)
{
	unsigned int i;
	bool busy;

	pthread_mutex_lock(&g->lock);
	stop_world_locked(g, g->cur, sig);
	pthread_mutex_unlock(&g->lock);
	vcpu_kick_all(g->vmm);
	pthread_mutex_lock(&g->lock);
	do {
		busy = false;
		for (i = 0; i < g->vmm->nr_vcpus; i++)
			busy |= g->v[i].in_run;
		if (busy && !g->quit)
			pthread_cond_wait(&g->cond, &g->lock);
	} while (busy && !g->quit);
	g->running = false;
	pthread_mutex_unlock(&g->lock);
}

/*
 * Caller holds g->lock. A vCPU that continues from the address of one of
 * gdb's hardware breakpoints would stop there again at once: it first
 * steps over it with that one off (gdbstub_debug_exit() lets it go on).
 */
static void skip_hw_bp(struct gdbstub *g, unsigned int i)
{
	struct gdb_vcpu *gv = &g->v[i];
	unsigned int n;

	gv->skip = false;
	if (!gv->go || gv->step || !g->attached ||
	    vcpu_get_reg(&g->vmm->vcpus[i], ARMVCPU_REG_PC, &gv->skip_pc))
		return;
	for (n = 0; n < g->nr_hw_bps; n++)
		if (g->hw.dbg_bcr[n] && g->hw.dbg_bvr[n] == gv->skip_pc)
			gv->skip = true;
}

/* Let the vCPUs gdb chose run (go), and step those it chose to (step). */
static void resume(struct gdbstub *g, const bool *go, const bool *step)
{
	unsigned int i;

	pthread_mutex_lock(&g->lock);
	g->stopped = false;
	g->running = true;
	for (i = 0; i < g->vmm->nr_vcpus; i++) {
		g->v[i].go = go[i];
		g->v[i].step = step[i];
		skip_hw_bp(g, i);
	}
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

/* ---- guest state ------------------------------------------------------ */

static int get_reg(struct vcpu *v, uint64_t id, uint64_t *val)
{
	return vcpu_get_reg(v, id, val);
}

static int put_reg(struct vcpu *v, uint64_t id, uint64_t val)
{
	struct armvcpu_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	return ioctl(v->fd, ARMVCPU_SET_ONE_REG, &reg);
}

/* gdb's sp is the one PSTATE selects: SP_EL1 in EL1h, else SP_EL0. */
static uint64_t sp_id(struct vcpu *v)
{
	uint64_t pstate = 0;

	get_reg(v, ARMVCPU_REG_PSTATE, &pstate);
	return (pstate & 0xf) == 5 ? ARMVCPU_REG_SP_EL1 : ARMVCPU_REG_SP_EL0;
}

static uint64_t reg_id(struct vcpu *v, unsigned int n)
{
	if (n < 31)
		return ARMVCPU_REG_X(n);
	if (n == 31)
		return sp_id(v);
	return n == 32 ? ARMVCPU_REG_PC : ARMVCPU_REG_PSTATE;
}

static unsigned int reg_size(unsigned int n)
{
	return n == 33 ? 4 : 8;
}

static int read_phys(void *opaque, uint64_t pa, uint64_t *val)
{
	struct guest_ram *ram = opaque;

	if (!ram_contains(ram, pa, 8))
		return -1;
	memcpy(val, ram_ptr(ram, pa), 8);
	return 0;
}

/* Guest virtual to guest physical, len bytes within one page of RAM. */
static int guest_pa(struct gdbstub *g, uint64_t va, uint64_t len,
		    uint64_t *pa)
{
	struct vcpu *v = &g->vmm->vcpus[g->cur];
	struct guest_ram *ram = &g->vmm->ram;
	struct gdb_s1_regs r;

	if (get_reg(v, ARMVCPU_REG_SCTLR_EL1, &r.sctlr) ||
	    get_reg(v, ARMVCPU_REG_TCR_EL1, &r.tcr) ||
	    get_reg(v, ARMVCPU_REG_TTBR0_EL1, &r.ttbr0) ||
	    get_reg(v, ARMVCPU_REG_TTBR1_EL1, &r.ttbr1) ||
	    gdb_s1_translate(&r, va, read_phys, ram, pa) ||
	    !ram_contains(ram, *pa, len))
		return -1;
	return 0;
}

/*
 * Copies between gdb and guest memory, page by page; -1 on a hole. The
 * guest may read and write RAM past the caches (its MMU off) and run what
 * gdb wrote: caches are made coherent both ways.
 */
static int guest_copy(struct gdbstub *g, uint64_t va, void *buf,
		      uint64_t len, bool write)
{
	struct guest_ram *ram = &g->vmm->ram;
	uint8_t *p = buf, *host;
	uint64_t n, pa;

	while (len) {
		n = 4096 - (va & 4095);
		if (n > len)
			n = len;
		if (guest_pa(g, va, n, &pa))
			return -1;
		host = ram_ptr(ram, pa);
		clean_to_poc(ram, pa, n);
		if (write) {
			memcpy(host, p, n);
			clean_to_poc(ram, pa, n);
			__builtin___clear_cache((char *)host, (char *)host + n);
		} else {
			memcpy(p, host, n);
		}
		va += n;
		p += n;
		len -= n;
	}
	return 0;
}

/* ---- packets ---------------------------------------------------------- */

static void send_raw(struct gdbstub *g, const char *buf, size_t len)
{
	ssize_t n;

	while (len && g->fd >= 0) {
		n = write(g->fd, buf, len);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return;
		}
		buf += n;
		len -= n;
	}
}

static void reply_len(struct gdbstub *g, const char *payload, size_t len)
{
	static char frame[2 * GDB_PKT_MAX + 8];
	size_t n = gdb_frame(frame, sizeof(frame), payload, len);

	send_raw(g, frame, n);
}

static void reply(struct gdbstub *g, const char *payload)
{
	reply_len(g, payload, strlen(payload));
}

static void reply_stop(struct gdbstub *g)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "T%02xthread:%x;%s", g->stop_sig,
		 g->stop_vcpu + 1, g->stop_why);
	reply(g, buf);
}

/* gdb's thread id to a vCPU index; -1 for "any" or "all", -2: none. */
static int thread_vcpu(struct gdbstub *g, const char *s)
{
	uint64_t tid;

	if (!strcmp(s, "-1") || !strcmp(s, "0"))
		return -1;
	if (!gdb_parse_hex(s, &tid, ";:") || !tid || tid > g->vmm->nr_vcpus)
		return -2;
	return tid - 1;
}

static void cmd_regs(struct gdbstub *g, const char *args)
{
	struct vcpu *v = &g->vmm->vcpus[g->cur];
	uint8_t buf[GDB_REGS_SIZE];
	char hex[2 * GDB_REGS_SIZE + 1];
	unsigned int n, off = 0;
	uint64_t val;

	(void)args;
	for (n = 0; n < GDB_NR_REGS; n++) {
		val = 0;
		get_reg(v, reg_id(v, n), &val);
		memcpy(buf + off, &val, reg_size(n));
		off += reg_size(n);
	}
	gdb_hex_encode(hex, buf, sizeof(buf));
	reply(g, hex);
}

static void cmd_write_regs(struct gdbstub *g, const char *args)
{
	struct vcpu *v = &g->vmm->vcpus[g->cur];
	uint8_t buf[GDB_REGS_SIZE];
	unsigned int n, off = 0;
	uint64_t val;

	if (strlen(args) != 2 * sizeof(buf) ||
	    gdb_hex_decode(buf, args, sizeof(buf)))
		return reply(g, "E01");
	for (n = 0; n < GDB_NR_REGS; n++) {
		val = 0;
		memcpy(&val, buf + off, reg_size(n));
		off += reg_size(n);
		if (put_reg(v, reg_id(v, n), val))
			return reply(g, "E02");
	}
	reply(g, "OK");
}

static void cmd_reg(struct gdbstub *g, const char *args)
{
	struct vcpu *v = &g->vmm->vcpus[g->cur];
	char hex[17];
	uint64_t n, val = 0;

	if (!gdb_parse_hex(args, &n, "") || n >= GDB_NR_REGS)
		return reply(g, "E01");
	get_reg(v, reg_id(v, n), &val);
	gdb_hex_encode(hex, &val, reg_size(n));
	reply(g, hex);
}

static void cmd_write_reg(struct gdbstub *g, const char *args)
{
	struct vcpu *v = &g->vmm->vcpus[g->cur];
	uint64_t n;
	const char *s = gdb_parse_hex(args, &n, "=");
	uint64_t val = 0;

	if (!s || *s != '=' || n >= GDB_NR_REGS ||
	    strlen(s + 1) != 2 * reg_size(n) ||
	    gdb_hex_decode(&val, s + 1, reg_size(n)))
		return reply(g, "E01");
	reply(g, put_reg(v, reg_id(v, n), val) ? "E02" : "OK");
}

static void cmd_mem(struct gdbstub *g, const char *args)
{
	static uint8_t buf[GDB_PKT_MAX / 2];
	static char hex[GDB_PKT_MAX + 1];
	uint64_t addr, len;

	if (!gdb_parse_addr_len(args, &addr, &len, ""))
		return reply(g, "E01");
	if (len > sizeof(buf))
		len = sizeof(buf);
	if (guest_copy(g, addr, buf, len, false))
		return reply(g, "E14");
	gdb_hex_encode(hex, buf, len);
	reply(g, hex);
}

static void cmd_write_mem(struct gdbstub *g, const char *args)
{
	static uint8_t buf[GDB_PKT_MAX / 2];
	uint64_t addr, len;
	const char *data = gdb_parse_addr_len(args, &addr, &len, ":");

	if (!data || *data != ':' || len > sizeof(buf) || strlen(data + 1) != 2 * len ||
	    gdb_hex_decode(buf, data + 1, len))
		return reply(g, "E01");
	reply(g, guest_copy(g, addr, buf, len, true) ? "E14" : "OK");
}

static struct gdb_bp *bp_find(struct gdbstub *g, uint64_t addr)
{
	unsigned int i;

	for (i = 0; i < g->nr_bps; i++)
		if (g->bps[i].addr == addr)
			return &g->bps[i];
	return NULL;
}

static int bp_insert(struct gdbstub *g, uint64_t addr)
{
	uint32_t brk = GDB_BRK;
	struct gdb_bp *bp;

	if (bp_find(g, addr))
		return 0;
	if (g->nr_bps == GDB_MAX_BPS)
		return -1;
	bp = &g->bps[g->nr_bps];
	if ((addr & 3) || guest_pa(g, addr, 4, &bp->pa) ||
	    guest_copy(g, addr, &bp->orig, 4, false))
		return -1;
	bp->addr = addr;
	g->nr_bps++;
	return guest_copy(g, addr, &brk, 4, true);
}

/* Puts the original word back through the physical address it replaced. */
static void bp_remove(struct gdbstub *g, struct gdb_bp *bp)
{
	struct guest_ram *ram = &g->vmm->ram;
	uint8_t *host = ram_ptr(ram, bp->pa);

	memcpy(host, &bp->orig, 4);
	clean_to_poc(ram, bp->pa, 4);
	__builtin___clear_cache((char *)host, (char *)host + 4);
	*bp = g->bps[--g->nr_bps];
}

static void sw_breakpoint(struct gdbstub *g, uint64_t addr, bool insert)
{
	struct gdb_bp *bp;

	if (insert)
		return reply(g, bp_insert(g, addr) ? "E14" : "OK");
	bp = bp_find(g, addr);
	if (bp)
		bp_remove(g, bp);
	reply(g, "OK");
}

/* Caller holds g->lock: every vCPU loads the new set at its gate. */
static void hw_changed(struct gdbstub *g, int delta)
{
	g->hw_used += delta;
	g->hw_gen++;
}

/* Z1/z1: a breakpoint register on an instruction's address. */
static int hw_breakpoint(struct gdbstub *g, uint64_t addr, bool insert)
{
	unsigned int n, slot = g->nr_hw_bps;

	for (n = 0; n < g->nr_hw_bps; n++) {
		if (g->hw.dbg_bcr[n] && g->hw.dbg_bvr[n] == addr)
			break;
		if (!g->hw.dbg_bcr[n] && slot == g->nr_hw_bps)
			slot = n;
	}
	if (!insert) {
		if (n < g->nr_hw_bps) {
			g->hw.dbg_bcr[n] = 0;
			g->hw.dbg_bvr[n] = 0;
			hw_changed(g, -1);
		}
		return 0;
	}
	if (n < g->nr_hw_bps)
		return 0;
	if ((addr & 3) || slot == g->nr_hw_bps)
		return -1;
	g->hw.dbg_bvr[slot] = addr;
	g->hw.dbg_bcr[slot] = GDB_BCR;
	hw_changed(g, 1);
	return 0;
}

/* Z2-Z4/z2-z4: a watchpoint register. */
static int hw_watchpoint(struct gdbstub *g, char type, uint64_t addr,
			 uint64_t len, bool insert)
{
	unsigned int n, slot = g->nr_hw_wps;
	struct gdb_wp *w;
	uint64_t wcr;

	for (n = 0; n < g->nr_hw_wps; n++) {
		w = &g->wps[n];
		if (w->type == type && w->addr == addr && w->len == len)
			break;
		if (!w->type && slot == g->nr_hw_wps)
			slot = n;
	}
	if (!insert) {
		if (n < g->nr_hw_wps) {
			memset(&g->wps[n], 0, sizeof(g->wps[n]));
			g->hw.dbg_wcr[n] = 0;
			g->hw.dbg_wvr[n] = 0;
			hw_changed(g, -1);
		}
		return 0;
	}
	wcr = gdb_wcr(addr, len, type);
	if (n < g->nr_hw_wps)
		return 0;
	if (!wcr || slot == g->nr_hw_wps)
		return -1;
	g->wps[slot] = (struct gdb_wp){ .type = type, .addr = addr, .len = len };
	g->hw.dbg_wvr[slot] = addr & ~7ULL;
	g->hw.dbg_wcr[slot] = wcr;
	hw_changed(g, 1);
	return 0;
}

/* Z/z TYPE,ADDR,KIND: an empty reply says "type not supported". */
static void cmd_breakpoint(struct gdbstub *g, const char *args, bool insert)
{
	char type = args[0];
	uint64_t addr, kind;
	int ret;

	if (type < '0' || type > '4' || args[1] != ',')
		return reply(g, "");
	if (!gdb_parse_addr_len(args + 2, &addr, &kind, ";"))
		return reply(g, "E01");
	if (type == '0')
		return sw_breakpoint(g, addr, insert);
	pthread_mutex_lock(&g->lock);
	ret = type == '1' ? hw_breakpoint(g, addr, insert) :
			    hw_watchpoint(g, type, addr, kind, insert);
	pthread_mutex_unlock(&g->lock);
	reply(g, ret ? "E14" : "OK");
}

/* c and s take an optional address to resume at, in the current vCPU. */
static bool resume_at(struct gdbstub *g, const char *args)
{
	uint64_t addr;

	if (!*args)
		return true;
	if (!gdb_parse_hex(args, &addr, "") ||
	    put_reg(&g->vmm->vcpus[g->step_vcpu], ARMVCPU_REG_PC, addr)) {
		reply(g, "E01");
		return false;
	}
	return true;
}

static void cmd_continue(struct gdbstub *g, const char *args)
{
	bool go[VMM_MAX_CPUS], step[VMM_MAX_CPUS] = { false };

	if (!resume_at(g, args))
		return;
	memset(go, true, sizeof(go));
	resume(g, go, step);
}

/* A step runs the stepping vCPU alone: the others stay where gdb saw them. */
static void cmd_step(struct gdbstub *g, const char *args)
{
	bool go[VMM_MAX_CPUS] = { false }, step[VMM_MAX_CPUS] = { false };

	if (!resume_at(g, args))
		return;
	go[g->step_vcpu] = true;
	step[g->step_vcpu] = true;
	resume(g, go, step);
}

/* vCont;ACTION[:TID]...: the first action that names a vCPU is its. */
static void cmd_vcont(struct gdbstub *g, const char *args)
{
	bool go[VMM_MAX_CPUS] = { false }, step[VMM_MAX_CPUS] = { false };
	bool set[VMM_MAX_CPUS] = { false };
	const char *a = args;
	unsigned int i;
	int vcpu;
	char act;

	while (*a == ';') {
		act = a[1];
		a += 2;
		if (act == 'C' || act == 'S')
			while (*a && *a != ':' && *a != ';')
				a++;	/* the signal: guests take none from gdb */
		vcpu = *a == ':' ? thread_vcpu(g, a + 1) : -1;
		if (vcpu == -2)
			return reply(g, "E01");
		for (i = 0; i < g->vmm->nr_vcpus; i++) {
			if (set[i] || (vcpu >= 0 && (unsigned int)vcpu != i))
				continue;
			set[i] = true;
			go[i] = act == 'c' || act == 'C' || act == 's' ||
				act == 'S';
			step[i] = act == 's' || act == 'S';
		}
		while (*a && *a != ';')
			a++;
	}
	resume(g, go, step);
}

static void cmd_set_thread(struct gdbstub *g, const char *args)
{
	int vcpu = thread_vcpu(g, args + 1);

	if (vcpu == -2)
		return reply(g, "E01");
	if (vcpu >= 0 && args[0] == 'g')
		g->cur = vcpu;
	if (vcpu >= 0 && args[0] == 'c')
		g->step_vcpu = vcpu;
	reply(g, "OK");
}

static void cmd_thread_alive(struct gdbstub *g, const char *args)
{
	reply(g, thread_vcpu(g, args) >= 0 ? "OK" : "E01");
}

static void xml_add(struct gdbstub *g, const char *text, unsigned int n)
{
	size_t cap = sizeof(g->xml) - g->xml_len;
	int len = snprintf(g->xml + g->xml_len, cap, text, n);

	if (len > 0 && (size_t)len < cap)
		g->xml_len += len;
}

/* The core registers only: FP/SIMD is not offered to gdb. */
static void build_xml(struct gdbstub *g)
{
	static const char *const head[] = {
		"<?xml version=\"1.0\"?>",
		"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">",
		"<target version=\"1.0\"><architecture>aarch64</architecture>",
		"<feature name=\"org.gnu.gdb.aarch64.core\">",
	};
	static const char *const tail[] = {
		"<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>",
		"<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>",
		"<reg name=\"cpsr\" bitsize=\"32\"/></feature></target>",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(head); i++)
		xml_add(g, head[i], 0);
	for (i = 0; i < 31; i++)
		xml_add(g, "<reg name=\"x%u\" bitsize=\"64\"/>", i);
	for (i = 0; i < ARRAY_SIZE(tail); i++)
		xml_add(g, tail[i], 0);
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH */
static void cmd_xfer_features(struct gdbstub *g, const char *args)
{
	static char buf[GDB_PKT_MAX + 1];
	uint64_t off, len;

	if (strncmp(args, "target.xml:", 11))
		return reply(g, "E00");
	if (!gdb_parse_addr_len(args + 11, &off, &len, ""))
		return reply(g, "E01");
	if (off >= g->xml_len)
		return reply(g, "l");
	if (len > GDB_PKT_MAX - 1)
		len = GDB_PKT_MAX - 1;
	if (len > g->xml_len - off)
		len = g->xml_len - off;
	buf[0] = off + len == g->xml_len ? 'l' : 'm';
	memcpy(buf + 1, g->xml + off, len);
	reply_len(g, buf, len + 1);
}

static void cmd_thread_info(struct gdbstub *g, const char *args)
{
	char buf[VMM_MAX_CPUS * 3 + 2];
	size_t n = 1;
	unsigned int i;

	(void)args;
	buf[0] = 'm';
	for (i = 0; i < g->vmm->nr_vcpus; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%x", i ? "," : "",
			      i + 1);
	reply(g, buf);
}

static void cmd_current_thread(struct gdbstub *g, const char *args)
{
	char buf[16];

	(void)args;
	snprintf(buf, sizeof(buf), "QC%x", g->cur + 1);
	reply(g, buf);
}

struct gdb_cmd {
	const char *prefix;
	void (*fn)(struct gdbstub *g, const char *args);
	const char *answer;	/* a fixed reply instead of fn */
};

static const struct gdb_cmd query_cmds[] = {
	{ "qSupported", NULL,
	  "PacketSize=1000;qXfer:features:read+;vContSupported+;hwbreak+" },
	{ "qXfer:features:read:", cmd_xfer_features, NULL },
	{ "qfThreadInfo", cmd_thread_info, NULL },
	{ "qsThreadInfo", NULL, "l" },
	{ "qC", cmd_current_thread, NULL },
	{ "qAttached", NULL, "1" },
	{ "vCont?", NULL, "vCont;c;C;s;S" },
	{ "vCont", cmd_vcont, NULL },
};

static void cmd_query(struct gdbstub *g, const char *pkt)
{
	const struct gdb_cmd *c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(query_cmds); i++) {
		c = &query_cmds[i];
		if (strncmp(pkt, c->prefix, strlen(c->prefix)))
			continue;
		if (c->fn)
			c->fn(g, pkt + strlen(c->prefix));
		else
			reply(g, c->answer);
		return;
	}
	/* Unknown: the empty reply is the protocol's "not supported". */
	reply(g, "");
}

static void cmd_stop_reason(struct gdbstub *g, const char *args)
{
	(void)args;
	reply_stop(g);
}

static void cmd_insert(struct gdbstub *g, const char *args)
{
	cmd_breakpoint(g, args, true);
}

static void cmd_remove(struct gdbstub *g, const char *args)
{
	cmd_breakpoint(g, args, false);
}

/* One-letter packets; the rest of the packet is the argument. */
static void (*const letter_cmds[128])(struct gdbstub *g, const char *args) = {
	['?'] = cmd_stop_reason,
	['g'] = cmd_regs,
	['G'] = cmd_write_regs,
	['p'] = cmd_reg,
	['P'] = cmd_write_reg,
	['m'] = cmd_mem,
	['M'] = cmd_write_mem,
	['Z'] = cmd_insert,
	['z'] = cmd_remove,
	['c'] = cmd_continue,
	['s'] = cmd_step,
	['H'] = cmd_set_thread,
	['T'] = cmd_thread_alive,
};

/* Breakpoints out, debugging off, every vCPU free. */
static void detach(struct gdbstub *g)
{
	bool go[VMM_MAX_CPUS], step[VMM_MAX_CPUS] = { false };

	while (g->nr_bps)
		bp_remove(g, &g->bps[0]);
	pthread_mutex_lock(&g->lock);
	memset(&g->hw, 0, sizeof(g->hw));
	memset(g->wps, 0, sizeof(g->wps));
	hw_changed(g, -(int)g->hw_used);
	g->attached = false;
	pthread_mutex_unlock(&g->lock);
	memset(go, true, sizeof(go));
	resume(g, go, step);
	pthread_mutex_lock(&g->lock);
	g->running = false;
	pthread_mutex_unlock(&g->lock);
}

/* Returns false when gdb is gone (D, k). */
static bool handle_packet(struct gdbstub *g, const char *pkt)
{
	unsigned char c = pkt[0];

	if (c == 'D') {
		reply(g, "OK");
		detach(g);
		return false;
	}
	if (c == 'k') {
		detach(g);
		vmm_request_stop(g->vmm, 0);
		return false;
	}
	if (c == 'q' || c == 'v')
		cmd_query(g, pkt);
	else if (c < 128 && letter_cmds[c])
		letter_cmds[c](g, pkt + 1);
	else
		reply(g, "");
	return true;
}

/* ---- the connection --------------------------------------------------- */

static bool is_running(struct gdbstub *g)
{
	bool r;

	pthread_mutex_lock(&g->lock);
	r = g->running;
	pthread_mutex_unlock(&g->lock);
	return r;
}

/* A vCPU stopped the guest, or the VM stops. False: end the session. */
static bool on_wake(struct gdbstub *g)
{
	char buf[16];
	bool quit, stopped;

	while (read(g->wake[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&g->lock);
	quit = g->quit;
	stopped = g->stopped && g->running;
	pthread_mutex_unlock(&g->lock);
	if (quit) {
		snprintf(buf, sizeof(buf), "W%02x", g->exit_status & 0xff);
		reply(g, buf);
		return false;
	}
	if (stopped) {
		stop_all(g, GDB_SIGTRAP);
		g->cur = g->stop_vcpu;
		g->step_vcpu = g->stop_vcpu;
		reply_stop(g);
	}
	return true;
}

/* One byte from gdb. False: end the session. */
static bool on_byte(struct gdbstub *g, uint8_t c)
{
	switch (gdb_rx_byte(&g->rx, c)) {
	case GDB_RX_PACKET:
		send_raw(g, "+", 1);
		return handle_packet(g, g->rx.buf);
	case GDB_RX_BAD:
		send_raw(g, "-", 1);
		return true;
	case GDB_RX_INTERRUPT:
		if (is_running(g)) {
			stop_all(g, GDB_SIGINT);
			reply_stop(g);
		}
		return true;
	default:
		return true;
	}
}

static void session(struct gdbstub *g)
{
	struct pollfd pfd[2] = {
		{ .fd = g->fd, .events = POLLIN },
		{ .fd = g->wake[0], .events = POLLIN },
	};
	uint8_t buf[512];
	ssize_t n, i;

	gdb_rx_reset(&g->rx);
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if ((pfd[1].revents & POLLIN) && !on_wake(g))
			return;
		if (!pfd[0].revents)
			continue;
		n = read(g->fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (i = 0; i < n; i++)
			if (!on_byte(g, buf[i]))
				return;
	}
	/* gdb went away without a word: as a detach. */
	detach(g);
}

/* The guest is stopped (it waited for gdb, or is stopped for it now). */
static void attach(struct gdbstub *g)
{
	pthread_mutex_lock(&g->lock);
	g->attached = true;
	g->running = true;
	pthread_mutex_unlock(&g->lock);
	stop_all(g, GDB_SIGTRAP);
	/* vCPU 0 reached its first gate: its boot registers are loaded. */
	pthread_mutex_lock(&g->lock);
	while (!g->v[0].seen && !g->quit)
		pthread_cond_wait(&g->cond, &g->lock);
	g->stop_vcpu = 0;
	g->cur = 0;
	g->step_vcpu = 0;
	g->stop_sig = GDB_SIGTRAP;
	pthread_mutex_unlock(&g->lock);
}

static void *stub_thread(void *arg)
{
	struct gdbstub *g = arg;
	int one = 1;

	for (;;) {
		g->fd = accept(g->listen_fd, NULL, NULL);
		if (g->fd < 0) {
			if (errno == EINTR)
				continue;
			vmm_err("gdb stub: accept: %s", strerror(errno));
			return NULL;
		}
		setsockopt(g->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		attach(g);
		session(g);
		close(g->fd);
		g->fd = -1;
		if (g->quit)
			return NULL;
	}
}

/*
 * An IPv4 address, not a name: a static binary cannot resolve names
 * without the libc it was linked with (getaddrinfo's NSS modules).
 */
static int listen_on(const struct vmm_options *o)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(o->gdb_port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int fd, one = 1;

	if (o->gdb_host[0] && inet_pton(AF_INET, o->gdb_host, &sa.sin_addr) != 1) {
		vmm_err("--gdb: '%s' is not an IPv4 address", o->gdb_host);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1)) {
		vmm_err("--gdb: cannot listen on port %u: %s", o->gdb_port,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* The host's slots, at most what the ABI carries (0: none). */
static void hw_counts(struct gdbstub *g)
{
	int nb = ioctl(g->vmm->dev_fd, ARMVCPU_CHECK_EXTENSION,
		       ARMVCPU_CAP_GUEST_DEBUG_HW_BPS);
	int nw = ioctl(g->vmm->dev_fd, ARMVCPU_CHECK_EXTENSION,
		       ARMVCPU_CAP_GUEST_DEBUG_HW_WPS);

	g->nr_hw_bps = nb > 0 && nb <= ARMVCPU_GUESTDBG_MAX_BPS ? nb : 0;
	g->nr_hw_wps = nw > 0 && nw <= ARMVCPU_GUESTDBG_MAX_WPS ? nw : 0;
}

int gdbstub_start(struct vmm *vmm)
{
	struct gdbstub *g = calloc(1, sizeof(*g));

	if (!g)
		return -1;
	g->vmm = vmm;
	g->fd = -1;
	g->v = calloc(vmm->nr_vcpus, sizeof(*g->v));
	if (!g->v || pipe2(g->wake, O_CLOEXEC | O_NONBLOCK))
		return -1;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	build_xml(g);
	hw_counts(g);
	g->listen_fd = listen_on(&vmm->opts);
	if (g->listen_fd < 0)
		return -1;
	/* Every vCPU parks at its first gate until gdb lets it go. */
	g->stopped = true;
	vmm->gdb = g;
	vmm_err("waiting for gdb on tcp port %u", vmm->opts.gdb_port);
	if (pthread_create(&g->thread, NULL, stub_thread, g)) {
		vmm->gdb = NULL;
		return -1;
	}
	return 0;
}
