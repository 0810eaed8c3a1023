// SPDX-License-Identifier: GPL-2.0
/* Helpers of the EL2 take-over tests: see el2_util.h. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "el2_util.h"
#include "robust.h"

int el2_insmod_params(const char *params)
{
	int fd = open(EL2_MODULE_PATH, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0) ? -errno : 0;
	close(fd);
	return ret;
}

int el2_insmod(void)
{
	return el2_insmod_params("");
}

int el2_rmmod(void)
{
	return syscall(SYS_delete_module, EL2_MODULE_NAME, O_NONBLOCK) ?
	       -errno : 0;
}

bool el2_module_loaded(void)
{
	struct stat st;

	return stat("/sys/module/" EL2_MODULE_NAME, &st) == 0;
}

int el2_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int ret = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != strlen(text))
		ret = -EIO;
	close(fd);
	return ret;
}

static int el2_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	n = n < 0 ? -errno : 0;
	close(fd);
	buf[len] = '\0';
	return n;
}

int el2_online_cpus(int *cpus, int max)
{
	char buf[256], *p;
	int nr = 0;

	if (el2_read_file("/sys/devices/system/cpu/online", buf, sizeof(buf)))
		return 0;
	/* A list of ranges: "0-1,3". */
	for (p = buf; *p && *p != '\n';) {
		char *end;
		long lo = strtol(p, &end, 10), hi = lo;

		if (*end == '-')
			hi = strtol(end + 1, &end, 10);
		for (; lo <= hi && nr < max; lo++)
			cpus[nr++] = lo;
		p = *end == ',' ? end + 1 : end;
	}
	return nr;
}

int el2_cpu_set_online(int cpu, bool online)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	return el2_write_file(path, online ? "1" : "0");
}

int el2_set_param(const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/" EL2_MODULE_NAME
		 "/parameters/%s", name);
	return el2_write_file(path, val);
}

int el2_ping(struct el2_ping *p)
{
	static char buf[EL2_MAX_CPUS * 160];
	char *line, *save;
	int ret;

	memset(p, 0, sizeof(*p));
	p->broken = -1;
	ret = el2_read_file(EL2_FILE_PING, buf, sizeof(buf));
	if (ret)
		return ret;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct el2_cpu_ping *c = &p->cpu[p->nr];
		char verdict[8];
		int ready;

		if (sscanf(line, "broken %d", &p->broken) == 1)
			continue;
		if (p->nr == EL2_MAX_CPUS ||
		    sscanf(line, "cpu%d %7s answer %lx el %lu mpidr %lx hyp_cpu %lx ready %d",
			   &c->cpu, verdict, &c->answer, &c->el, &c->mpidr,
			   &c->hyp_cpu, &ready) != 7)
			return -EPROTO;
		c->ok = !strcmp(verdict, "ok");
		c->ready = ready;
		p->nr++;
	}
	return p->broken < 0 ? -EPROTO : 0;
}

const struct el2_cpu_ping *el2_ping_cpu(const struct el2_ping *p, int cpu)
{
	int i;

	for (i = 0; i < p->nr; i++)
		if (p->cpu[i].cpu == cpu)
			return &p->cpu[i];
	return NULL;
}

bool el2_all_cpus_ok(int absent, char *why, size_t len)
{
	int cpus[EL2_MAX_CPUS], nr = el2_online_cpus(cpus, EL2_MAX_CPUS);
	static struct el2_ping p;
	int i, ret = el2_ping(&p);

	if (ret) {
		snprintf(why, len, "reading el2_ping: %s", strerror(-ret));
		return false;
	}
	if (p.broken || p.nr != nr) {
		snprintf(why, len, "broken %d, %d CPUs listed, %d online",
			 p.broken, p.nr, nr);
		return false;
	}
	for (i = 0; i < nr; i++) {
		const struct el2_cpu_ping *c = el2_ping_cpu(&p, cpus[i]);

		if (!c || !c->ok || !c->ready) {
			snprintf(why, len, "cpu%d: %s, answer %#lx", cpus[i],
				 c ? "not armvcpu's or not ready" : "missing",
				 c ? c->answer : 0);
			return false;
		}
	}
	if (absent >= 0 && el2_ping_cpu(&p, absent)) {
		snprintf(why, len, "offline cpu%d listed", absent);
		return false;
	}
	return true;
}

int el2_hvc(int cpu, unsigned long id, unsigned long *answer)
{
	char buf[48];
	int ret;

	snprintf(buf, sizeof(buf), "%d %#lx", cpu, id);
	ret = el2_write_file(EL2_FILE_HVC, buf);
	if (ret)
		return ret;
	ret = el2_read_file(EL2_FILE_HVC, buf, sizeof(buf));
	if (ret)
		return ret;
	*answer = strtoul(buf, NULL, 0);
	return 0;
}

int el2_spectre_read(struct el2_spectre *s)
{
	static char buf[EL2_MAX_CPUS * 128];
	char *line, *save;
	int ret;

	memset(s, 0, sizeof(*s));
	ret = el2_read_file(EL2_FILE_SPECTRE, buf, sizeof(buf));
	if (ret)
		return ret;
	line = strtok_r(buf, "\n", &save);
	if (!line || sscanf(line, "wa1 features %ld call %ld wa3 features %ld call %ld",
			    &s->wa1_features, &s->wa1_call, &s->wa3_features,
			    &s->wa3_call) != 4)
		return -EPROTO;
	while ((line = strtok_r(NULL, "\n", &save))) {
		unsigned long long harden, runs;
		const char *p = strstr(line, " harden ");

		if (!p || sscanf(p, " harden %llx fw %*x runs %llu", &harden,
				 &runs) != 2)
			return -EPROTO;
		s->nr_cpus++;
		s->nr_hardened += harden != 0;
		s->runs += runs;
	}
	return 0;
}

int el2_spectre_force(const char *how)
{
	return el2_write_file(EL2_FILE_SPECTRE, how);
}

int el2_fault(int cpu)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", cpu);
	return el2_write_file(EL2_FILE_FAULT, buf);
}

int el2_test_set(const char *name, long val)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s %ld", name, val);
	return el2_write_file(EL2_DEBUGFS "/el2_test", buf);
}

long el2_test_get(const char *name)
{
	FILE *f = fopen(EL2_DEBUGFS "/el2_test", "re");
	char key[32];
	long val, ret = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%31s %ld", key, &val) == 2)
		if (!strcmp(key, name))
			ret = val;
	fclose(f);
	return ret;
}

int el2_regs_all_saved(char *why, size_t len)
{
	FILE *f = fopen(EL2_DEBUGFS "/el2_regs", "re");
	char line[512], *saved, *now;
	int ret = 1, nr = 0;
	size_t n;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		saved = strstr(line, " saved ");
		now = saved ? strstr(saved, " now ") : NULL;
		if (strncmp(line, "cpu", 3))
			continue;
		if (!now) {
			snprintf(why, len, "no registers: %s", line);
			ret = 0;
			break;
		}
		nr++;
		n = now - (saved + 7);
		/* " now " then the same list, newline included. */
		if (strlen(now + 5) != n + 1 || strncmp(saved + 7, now + 5, n)) {
			snprintf(why, len, "live != saved: %s", line);
			ret = 0;
			break;
		}
	}
	fclose(f);
	return nr ? ret : -1;
}

int el2_kmsg_mark(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

char *el2_kmsg_since(int mark)
{
	size_t size = 1 << 16, len = 0;
	char *out = malloc(size), rec[8192];
	ssize_t n;

	if (!out) {
		close(mark);
		return NULL;
	}
	out[0] = '\0';
	/* One record per read: "prio,seq,usec,flags;text\n"; EPIPE: overrun. */
	while ((n = read(mark, rec, sizeof(rec) - 1)) > 0 || errno == EPIPE) {
		char *text, *nl;
		size_t tl;

		if (n <= 0)
			continue;
		rec[n] = '\0';
		text = strchr(rec, ';');
		if (!text)
			continue;
		text++;
		nl = strchr(text, '\n');
		tl = nl ? (size_t)(nl - text) : strlen(text);
		if (len + tl + 2 > size) {
			char *bigger = realloc(out, size * 2 + tl);

			if (!bigger)
				break;
			out = bigger;
			size = size * 2 + tl;
		}
		memcpy(out + len, text, tl);
		len += tl;
		out[len++] = '\n';
		out[len] = '\0';
	}
	close(mark);
	return out;
}

int el2_count(const char *hay, const char *needle)
{
	int n = 0;

	while (hay && (hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

long long el2_mem_available_kb(void)
{
	long long avail;

	rb_slab_shrink();
	avail = rb_meminfo_kb("MemAvailable");
	return avail < 0 ? -1 : avail + rb_pcp_kb();
}

int el2_read_guest_el2(int cpu, struct el2_guest_el2 *g)
{
	char line[256];
	FILE *f = fopen(EL2_FILE_GUEST_EL2, "re");
	int c, ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "cpu%d flags %llx mdcr %llx sre_guest %llx sre_host %llx",
			   &c, &g->flags, &g->mdcr, &g->sre_guest,
			   &g->sre_host) == 5 && c == cpu) {
			ret = 0;
			break;
		}
	fclose(f);
	return ret;
}

int el2_pin_cpu(void)
{
	int cpu = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 1 : 0;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : cpu;
}
