#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress.sh: the long pass of the robustness tests (make stress). Boots the
# nested kernel of make check with the module inserted, runs every fuzz_*,
# lifetime_*, limits_* and concurrency_* selftest with the larger counts
# below (kernel parameters the kernel does not know reach /init, and so the
# tests, as environment variables), and prints one summary of every figure
# the tests reported ("# FIGURE test.key=value" lines) plus the verdict.
#
# Environment: BUILD VMLINUZ INITRD KERNEL (from make), STRESS_BOOTS (default
# "a72"; "a72 max" for both CPU models), STRESS_SCALE (multiplies the
# counts, default 1), TIMEOUT (per boot, default 3600 s), and any test
# parameter to override (fuzz_ioctl_seed=..., fuzz_guest_seed=... replay).
set -uo pipefail

rig=$(dirname "$0")/../rig
BUILD=${BUILD:-build}
export BUILD
export TIMEOUT=${TIMEOUT:-3600}
scale=${STRESS_SCALE:-1}

# The long pass: ten times the counts of make check.
params="fuzz_ioctl_calls=$((120000 * scale))
fuzz_guest_programs=$((12000 * scale))
lifetime_vms=$((10000 * scale))
lifetime_module_cycles=$((30 * scale))
concurrency_secs=$((60 * scale))
slot_rounds=$((60 * scale))
race_secs=$((60 * scale))"
for p in fuzz_ioctl_seed fuzz_guest_seed fuzz_ioctl_calls fuzz_guest_programs \
	 lifetime_vms lifetime_module_cycles concurrency_secs slot_rounds \
	 race_secs race_seed; do
	[ -n "${!p:-}" ] && params=$(printf '%s\n' "$params" | grep -v "^$p=";
				     echo "$p=${!p}")
done

list=$BUILD/selftests/stress.list
grep -E '^(fuzz|lifetime|limits|concurrency)_' "$BUILD/selftests/main.list" \
	>"$list" || { echo "stress: no robustness tests in this build"; exit 1; }

# make check's initramfs plus the list: the kernel unpacks concatenated
# archives in order, so a second one only adds /selftests/stress.list.
initrd=$BUILD/stress-initramfs.cpio.gz
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/selftests"
cp "$list" "$stage/selftests/stress.list"
cp "$INITRD" "$initrd"
(cd "$stage" && find selftests | cpio -o -H newc --quiet | gzip -1) >>"$initrd"

start=$(date +%s)
logs=()
for b in ${STRESS_BOOTS:-a72}; do
	line=$(grep "^$b|" "$rig/boots") || { echo "stress: no boot $b"; exit 1; }
	IFS='|' read -r name _ cpu mopts cmdline suite <<<"$line"
	echo "[stress-$name] booting: kernel ${KERNEL:-}, -cpu $cpu, $(echo $params)"
	INITRD=$initrd "$rig/boot.sh" "stress-$name" "$cpu" "$mopts" \
		"$cmdline $(echo $params)" stress
	logs+=("$BUILD/logs/stress-$name.log")
done

# One summary over every boot.
awk -v secs=$(( $(date +%s) - start )) -v boots="${STRESS_BOOTS:-a72}" \
    -v resdir="$BUILD/results" '
function fig(k) { return (k in f) ? f[k] : 0 }
function row(label, v, note) { printf "  %-34s %14s  %s\n", label, v, note }
{ sub(/\r$/, "") }
/^# FIGURE / {
	split($3, kv, "=")
	f[kv[1]] += kv[2]
	next
}
/^# seed: / { seeds = seeds " " $3; next }
/^(ok|not ok) [0-9]+ / && !/# SKIP/ { if ($1 == "ok") ok++; else notok++ }
END {
	n = split(boots, b, " ")
	for (i = 1; i <= n; i++) {
		file = resdir "/stress-" b[i]
		if ((getline line < file) > 0) {
			split(line, r, " ")
			rigfail += r[2]
		} else {
			rigfail++
		}
	}
	print ""
	print "make stress: summary (boots: " boots ", " secs " s)"
	row("ioctl calls", fig("fuzz_ioctl.calls"), "fuzz_ioctl, " fig("fuzz_ioctl.errors") " refused with a documented errno")
	row("RUN calls on half-set-up vCPUs", fig("fuzz_ioctl.runs"), "fuzz_ioctl, each returned")
	row("calls raced by 4 threads", fig("concurrency_race.calls"), "concurrency_race")
	row("guest programs", fig("fuzz_guest.programs"), "fuzz_guests")
	row("guest instructions generated", fig("fuzz_guest.instructions"), "fuzz_guests")
	row("guest exits answered", fig("fuzz_guest.exits"), "fuzz_guests, " fig("fuzz_guest.watchdog_ends") " programs ended by the watchdog")
	row("VM create/destroy cycles", fig("lifetime_churn.vms") + fig("fuzz_guest.vm_cycles"), "lifetime_churn (with slots, vCPUs, a guest run) + fuzz_guests")
	row("module unload/reload cycles", fig("lifetime_module.cycles"), "lifetime_module")
	row("guest iterations under hot-plug", fig("concurrency.guest_iterations"), "concurrency_hotplug, " fig("concurrency.reports") " reports checked")
	row("CPU offline/online cycles", fig("concurrency.hotplug_cycles"), "concurrency_hotplug")
	row("memslot changes under load", fig("concurrency.slot_changes"), "concurrency_hotplug")
	row("slots deleted under writing vCPUs", fig("concurrency_unmap.rounds"), "concurrency_unmap, " fig("concurrency_unmap.stale_stores") " stores reached freed memory")
	for (k in f) {
		if (k ~ /\.leaked_kb$/)
			leak_kb += f[k]
		if (k ~ /\.leaked_pins$/)
			leak_pins += f[k]
	}
	row("MemAvailable not back (kB)", leak_kb, "sum over tests; each is checked against its own slack")
	row("pages still pinned", leak_pins, "must be 0")
	row("test cases passed", ok + 0, "")
	row("test cases failed", notok + 0, "")
	# The rig counts failed cases and its own findings (kernel Oops/WARN,
	# hangs, tests that did not run or report); pins left are a failure too.
	failures = rigfail + leak_pins
	row("failures", failures, "failed cases + rig findings + pinned pages")
	print "  seeds:" seeds
	print (failures ? "make stress: FAILED" : "make stress: passed")
	exit (failures ? 1 : 0)
}' "${logs[@]}"
