#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# gdb-test.sh VMLINUZ INITRD GUEST_ELF LOGDIR: make check's gdb step. Boots the
# nested kernel (rig_suite=gdb: tools/rig/init run_gdb) with a virtio-net
# device whose port 1234 QEMU forwards from a free port of this machine's
# loopback; inside, armvcpu-vmm --gdb tcp::1234 holds GUEST_ELF before its
# first instruction. Debian's gdb-multiarch, here, attaches through the
# forward, breaks on gdb_target(), continues, reads pc and x0, steps one
# instruction, lists the vCPUs as threads, stops on a hardware breakpoint
# (hbreak) and a watchpoint (watch), detaches; a second client
# attaches to the running guest, stops it with Ctrl-C and writes the
# variable that lets it end. TAP on stdout;
# the console and gdb's output are kept in LOGDIR/gdb_remote.{log,gdb}.
# Environment: TIMEOUT (seconds for the whole boot, default 1200);
# GDB_DEBUG=1 logs gdb's packets.
set -uo pipefail

vmlinuz=$1 initrd=$2 elf=$3 logdir=$4
rig=$(dirname "$0")
TIMEOUT=${TIMEOUT:-1200}
# shellcheck source=tools/install/tap.sh
. "$rig/../install/tap.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/armvcpu-gdb.XXXXXX")
log=$tmp/console.log qpid=
cleanup() {
	[ -n "$qpid" ] && kill -KILL -- "-$qpid" 2>/dev/null
	mkdir -p "$logdir"
	tr -d '\r' <"$log" >"$logdir/gdb_remote.log"
	cp "$tmp/gdb.all" "$logdir/gdb_remote.gdb" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "1..12"

if ! command -v gdb-multiarch >/dev/null; then
	not_ok "gdb-multiarch is installed" "apt-get install gdb-multiarch (tools/rig/setup.sh)"
	exit 1
fi

# A port the kernel just gave out and took back: free unless another
# program grabs it in the next second, which QEMU's failure would show.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

setsid timeout -k 5 "$TIMEOUT" qemu-system-aarch64 \
	-M virt,gic-version=3,virtualization=on -cpu cortex-a72 -smp 2 -m 2048 \
	-nographic -no-reboot -nic none \
	-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:1234" \
	-device virtio-net-device,netdev=n0 \
	-kernel "$vmlinuz" -initrd "$initrd" \
	-append "console=ttyAMA0 panic=-1 loglevel=3 kvm-arm.mode=none rig_suite=gdb" \
	</dev/null >"$log" 2>&1 &
qpid=$!

# Waits up to $2 seconds for a console line matching $1 while QEMU runs.
wait_for() {
	local i

	for ((i = 0; i < $2; i++)); do
		grep -q -- "$1" "$log" && return 0
		kill -0 "$qpid" 2>/dev/null || break
		sleep 1
	done
	grep -q -- "$1" "$log"
}

console_tail() {
	tr -d '\r' <"$log" | grep -v '^$' | tail -n 8
}

if wait_for "waiting for gdb on tcp port 1234" 900; then
	ok "the guest waits for gdb in the nested QEMU"
else
	mapfile -t t < <(console_tail)
	not_ok "the guest waits for gdb in the nested QEMU" "${t[@]}"
	exit 1
fi

# Connecting can fail while the forward is new: try again a few times.
# $x0 is gdb's, not the shell's.
# shellcheck disable=SC2016
for _ in 1 2 3 4 5; do
	timeout 600 gdb-multiarch -batch -nx \
		-ex "set pagination off" -ex "set confirm off" \
		-ex "set remotetimeout 60" ${GDB_DEBUG:+-ex "set debug remote 1"} \
		-ex "file $elf" \
		-ex "target remote 127.0.0.1:$port" \
		-ex "break gdb_target" -ex "continue" \
		-ex "info registers pc" -ex 'printf "x0=%#lx\n", $x0' \
		-ex "stepi" -ex "info registers pc" \
		-ex 'printf "x0=%#lx\n", $x0' -ex "info threads" \
		-ex "hbreak gdb_hw_target" -ex "continue" \
		-ex "info registers pc" \
		-ex "watch *(unsigned long *)&gdb_watched" -ex "continue" \
		-ex "delete" -ex "detach" \
		>"$tmp/gdb.out" 2>&1
	cat "$tmp/gdb.out" >>"$tmp/gdb.all"
	grep -q "in gdb_target" "$tmp/gdb.out" && break
	grep -q -e "Connection refused" -e "Connection timed out" \
		-e "Connection reset" "$tmp/gdb.out" || break
	sleep 5
done
mapfile -t gdb_out <"$tmp/gdb.out"

# gdb_said DESCRIPTION PATTERN...: one test, passed when gdb's output has
# a line matching each pattern.
gdb_said() {
	local desc=$1 re

	shift
	for re in "$@"; do
		if ! grep -q -- "$re" "$tmp/gdb.out"; then
			not_ok "$desc" "${gdb_out[@]}"
			return
		fi
	done
	ok "$desc"
}

gdb_said "gdb stops at the breakpoint on gdb_target" \
	"Breakpoint 1, .* in gdb_target" "^pc .*<gdb_target>"
# The argument of the call is in x0; one instruction later it is 3 * x0.
gdb_said "gdb reads x0: the argument 0x1234" "^x0=0x1234$"
gdb_said "stepi runs one instruction" "^pc .*<gdb_target+4>" "^x0=0x369c$"
# The guest runs with two vCPUs, the second never started: two threads.
gdb_said "gdb sees the two vCPUs as threads" \
	"^\* 1 *Thread 1 " "^  2 *Thread 2 "
# Z1: gdb steps off gdb_target+4 and the next stop is the hardware one.
gdb_said "hbreak stops gdb on gdb_hw_target" \
	"^Hardware assisted breakpoint 2 at " "^pc .*<gdb_hw_target\(+[0-9]*\)\?>"
# Z2: the stop says watch:ADDR, which gdb needs to name the watchpoint;
# gdb_watched gets gdb_hw_target(0x1234) = 0x1236.
gdb_said "watch stops gdb on the store to gdb_watched" \
	"^Hardware watchpoint 3: " "^New value = 4662$"

if grep -q "Inferior 1 .* detached" "$tmp/gdb.out" &&
   wait_for "gdbtest: gdb_target(0x1234) = 0x369d" 120 &&
   wait_for "gdbtest: gdb_watched = 0x1236" 120; then
	ok "after detach the guest runs on"
else
	mapfile -t t < <(console_tail)
	not_ok "after detach the guest runs on" "${gdb_out[@]}" "${t[@]}"
fi

# Ctrl-C: gdb sends it as a 0x03 byte, which batch gdb without a terminal
# cannot be made to send, so a small client speaks the protocol here: it
# attaches to the spinning guest, continues, interrupts, reads pc, sets a
# hardware breakpoint there and continues (the loop comes back to it: the
# stub stepped over it first), writes 1 into gdb_release through the
# guest's memory and continues with the breakpoint still in: only a stub
# that steps over it lets the guest leave the loop and end.
release=$(gdb-multiarch -batch -nx -ex "file $elf" -ex "print &gdb_release" 2>/dev/null |
	sed -n 's/.* \(0x[0-9a-f]*\) <gdb_release>.*/\1/p')
timeout 300 python3 - "$port" "${release:-0}" >"$tmp/rsp.out" 2>&1 <<'EOF'
import socket, sys, time

port, release = int(sys.argv[1]), int(sys.argv[2], 16)
s = socket.create_connection(("127.0.0.1", port), timeout=120)
buf = b""

def send(payload):
    s.sendall(b"$%s#%02x" % (payload, sum(payload) & 0xff))

def reply():
    global buf
    while True:
        buf = buf.lstrip(b"+")
        start = buf.find(b"$")
        end = buf.find(b"#", start)
        if start >= 0 and end >= 0 and len(buf) >= end + 3:
            pkt, buf = buf[start + 1:end], buf[end + 3:]
            s.sendall(b"+")
            return pkt
        data = s.recv(4096)
        if not data:
            raise EOFError("connection closed")
        buf += data

def ask(payload):
    send(payload)
    pkt = reply()
    print("%s -> %s" % (payload.decode(), pkt.decode()))
    return pkt

ask(b"?")
send(b"vCont;c")
time.sleep(3)
s.sendall(b"\x03")
print("interrupt -> %s" % reply().decode())
pc = int.from_bytes(bytes.fromhex(ask(b"p20").decode()), "little")
print("pc=%#x" % pc)
ask(b"Z1,%x,4" % pc)
send(b"vCont;c")
print("hbreak -> %s" % reply().decode())
ask(b"M%x,4:01000000" % release)
ask(b"m%x,4" % release)
send(b"vCont;c")
print("release -> %s" % reply().decode())
EOF
cat "$tmp/rsp.out" >>"$tmp/gdb.all"
mapfile -t rsp_out <"$tmp/rsp.out"

if grep -q "^interrupt -> T02thread:" "$tmp/rsp.out" &&
   grep -q "^pc=0x" "$tmp/rsp.out"; then
	ok "Ctrl-C (0x03) stops the running guest"
else
	not_ok "Ctrl-C (0x03) stops the running guest" "${rsp_out[@]}"
fi

if grep -q "^Z1,[0-9a-f]*,4 -> OK$" "$tmp/rsp.out" &&
   grep -q "^hbreak -> T05thread:1;hwbreak:;$" "$tmp/rsp.out" &&
   grep -q "^release -> W00$" "$tmp/rsp.out"; then
	ok "the stub steps over a hardware breakpoint it continues from"
else
	not_ok "the stub steps over a hardware breakpoint it continues from" \
		"${rsp_out[@]}"
fi

if grep -q "^m[0-9a-f]*,4 -> 01000000$" "$tmp/rsp.out" &&
   wait_for "RIG-GDB-VMM-END" 300 &&
   grep -q "gdbtest: released by gdb" "$log" &&
   grep -q "RIG-GDB-VMM-END rc=0" "$log"; then
	ok "a memory write through the stub lets the guest end"
else
	mapfile -t t < <(console_tail)
	not_ok "a memory write through the stub lets the guest end" \
		"${rsp_out[@]}" "${t[@]}"
fi

# The nested kernel's log: what boot.sh's scan calls trouble fails here too.
wait_for "RIG-END" 300
trouble=$(tr -d '\r' <"$log" | sed -n '/^RIG-DMESG-BEGIN/,/^RIG-DMESG-END/p' |
	grep -E "$(awk -f "$rig/tap.awk" -v print_bad=1 </dev/null)" | head -n 5)
if grep -q "^RIG-END" <(tr -d '\r' <"$log") && [ -z "$trouble" ]; then
	ok "the nested kernel's log is clean"
else
	mapfile -t t <<<"${trouble:-the nested kernel did not finish}"
	not_ok "the nested kernel's log is clean" "${t[@]}"
fi
[ "$failed" = 0 ]
