// SPDX-License-Identifier: GPL-2.0
/*
 * Console input: a thread feeds stdin into the PL011's receive FIFO, so a
 * guest never waits for the host's input. A terminal is put in raw mode
 * (no line buffering, no echo: the guest echoes), keeping ISIG so that
 * Ctrl-C still ends the VMM, and is restored at exit.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "vmm.h"

static struct termios saved_tio;

static void restore_terminal(void)
{
	tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

/*
 * Ctrl-C and kill end the process without atexit(): give the terminal
 * back first (tcsetattr() is async-signal-safe), then die of the signal
 * as the shell expects.
 */
static void restore_and_die(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void restore_on_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		signal(sigs[i], restore_and_die);
}

static void make_terminal_raw(void)
{
	struct termios tio;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tio))
		return;
	tio = saved_tio;
	tio.c_iflag &= ~(ICRNL | INLCR | IGNCR | IXON);
	tio.c_lflag &= ~(ICANON | ECHO | ECHONL | IEXTEN);
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &tio))
		return;
	atexit(restore_terminal);
	restore_on_signals();
}

static void *console_thread(void *arg)
{
	struct pl011 *uart = arg;
	uint8_t buf[64];
	ssize_t i, n;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			pl011_receive_wait(uart, buf[i]);
	return NULL;
}

void console_start(struct pl011 *uart)
{
	pthread_t thread;

	make_terminal_raw();
	if (!pthread_create(&thread, NULL, console_thread, uart))
		pthread_detach(thread);
}
