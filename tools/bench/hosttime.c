// SPDX-License-Identifier: GPL-2.0
/*
 * hosttime CMD [ARGS...]: runs a VMM and prints how many host counter ticks
 * passed from just before it was started to the first byte it wrote.
 *
 * Used by `make bench` for the memory path: the mem guest prints nothing
 * until it has touched every page, so the first byte marks the guest's
 * finish, and the interval covers VM creation, memory set-up and every
 * stage-2 fault. The same wrapper times armvcpu-vmm and kvm-runner, so
 * neither VMM needs a timer of its own. The VMM's output is passed through,
 * then one line:
 *	HOSTTIME ticks=0x... frq=N status=N
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner.h"

static uint64_t read_cntfrq(void)
{
	uint64_t v;

	asm volatile("mrs %0, cntfrq_el0" : "=r" (v));
	return v;
}

static void copy_out(const char *buf, ssize_t n)
{
	if (fwrite(buf, 1, n, stdout) != (size_t)n) {
		perror("hosttime: stdout");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	uint64_t start, end = 0;
	char buf[4096];
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	if (argc < 2) {
		fprintf(stderr, "usage: hosttime CMD [ARGS...]\n");
		return 1;
	}
	if (pipe(fds)) {
		perror("hosttime: pipe");
		return 1;
	}
	start = runner_cntvct();
	pid = fork();
	if (pid < 0) {
		perror("hosttime: fork");
		return 1;
	}
	if (!pid) {
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(127);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "hosttime: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (!end)
			end = runner_cntvct();
		copy_out(buf, n);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("hosttime: waitpid");
		return 1;
	}
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("HOSTTIME ticks=0x%llx frq=%llu status=%d\n",
	       (unsigned long long)(end ? end - start : 0),
	       (unsigned long long)read_cntfrq(), status);
	return status;
}
