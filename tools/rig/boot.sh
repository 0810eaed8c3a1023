#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# boot.sh NAME CPU MACHINE_OPTS CMDLINE SUITE
# Boots the Debian kernel at EL2 in QEMU with the test initramfs, runs one suite
# inside, streams the TAP results and leaves "passed failed skipped" in
# $BUILD/results/NAME. QEMU never outlives this script.
# Environment: BUILD VMLINUZ INITRD TIMEOUT ONLY (one test) INTERACTIVE (demo)
# QEMU_EXTRA (more QEMU options; later ones win, e.g. -smp), RIG_APPEND (more
# kernel parameters: the debug kernel's page_owner=on).
set -uo pipefail

name=$1 cpu=$2 mopts=$3 cmdline=$4 suite=$5
BUILD=${BUILD:-build}
TIMEOUT=${TIMEOUT:-1200}
mkdir -p "$BUILD/results" "$BUILD/logs"
res=$BUILD/results/$name
log=$BUILD/logs/$name.log
rm -f "$res"

# The log is scanned from its start at the end of the boot: a long one
# (make stress, the debug kernel) must not wrap Debian's 128 KiB buffer.
append="console=ttyAMA0 panic=-1 loglevel=3 log_buf_len=8M rig_suite=$suite $cmdline ${RIG_APPEND:-}"
[ -n "${ONLY:-}" ] && append="$append rig_only=$ONLY"

expect=
if [ -f "$BUILD/selftests/$suite.list" ]; then
	expect=$(cat "$BUILD/selftests/$suite.list")
	[ -n "${ONLY:-}" ] && expect=$(printf '%s\n' $expect | grep -x "$ONLY")
fi

# No network card: the boots need none, and QEMU's default one wants a boot
# ROM (ipxe-qemu) the rig does not install.
qemu=(qemu-system-aarch64 -M "virt,gic-version=3,$mopts" -cpu "$cpu" -smp 4 -m 2048
      -nographic -no-reboot -nic none -kernel "$VMLINUZ" -initrd "$INITRD" -append "$append"
      ${QEMU_EXTRA:-})

# setsid puts QEMU in its own process group, so the trap can end it and
# everything it started even when this script is interrupted.
cleanup() {
	[ -n "${qpid:-}" ] && kill -KILL -- "-$qpid" 2>/dev/null
	return 0
}
trap cleanup EXIT INT TERM

start=$(date +%s)
if [ -n "${INTERACTIVE:-}" ]; then
	timeout -k 5 "$TIMEOUT" "${qemu[@]}" </dev/null 2>&1 | tr -d '\r' |
		tee "$log" | sed -n '/^==>/,/^RIG-DMESG-BEGIN/p' |
		grep -v -e '^RIG-' -e '^\['
	qrc=${PIPESTATUS[0]}
	# The demo's /init ends with RIG-DEMO ok or RIG-DEMO failed: WHY.
	# Anything else (QEMU did not start, the kernel died, a timeout) is a
	# failure too, and so is trouble in the nested kernel's log.
	verdict=$(sed -n 's/^RIG-DEMO //p' "$log" | tail -n1)
	trouble=$(sed -n '/^RIG-DMESG-BEGIN/,/^RIG-DMESG-END/p' "$log" |
		grep -E "$(awk -f "$(dirname "$0")/tap.awk" -v print_bad=1 </dev/null)" |
		head -n 5)
	# The demo's verdict counts only from a boot that also finished: the
	# kernel's log was printed (and scanned) and /init reached its end.
	if [ "$verdict" = ok ] && ! grep -q '^RIG-END' "$log"; then
		verdict="failed: the nested kernel did not finish after the demo"
	fi
	if [ "$qrc" != 0 ] && { [ -z "$verdict" ] || [ "$verdict" = ok ]; }; then
		verdict="failed: QEMU exited with status $qrc"
	fi
	[ -n "$trouble" ] && verdict="failed: the nested kernel logged trouble:
$trouble"
	if [ "$verdict" = ok ]; then
		echo "==> QEMU powered off"
		exit 0
	fi
	if [ -z "$verdict" ] || [ "$qrc" != 0 ]; then
		echo "make run: the console ended with:"
		grep -v '^$' "$log" | tail -n 5 | sed 's/^/    /'
	fi
	echo "make run: ${verdict:-failed: the nested kernel never finished the demo}"
	echo "make run: the whole console is in $log"
	exit 1
fi

coproc QEMU { exec setsid timeout -k 5 "$TIMEOUT" "${qemu[@]}" </dev/null 2>&1; }
qpid=$QEMU_PID
awk -v boot="$name" -v suite="$suite" -v expect="$(echo $expect)" -v res="$res" -f "$(dirname "$0")/tap.awk" \
	< <(tee "$log" <&"${QEMU[0]}")
wait "$qpid" 2>/dev/null
qpid=
echo "[$name] boot finished in $(( $(date +%s) - start )) s (log: $log)"
[ -s "$res" ] || echo "0 1 0" >"$res"
