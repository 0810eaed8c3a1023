#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: runs every boot of tools/rig/boots (or, with ONLY=test, the main
# boots with that one test), then prints one line "N passed, N failed[, N skipped]"
# and exits non-zero if anything failed or did not report.
set -uo pipefail

rig=$(dirname "$0")
BUILD=${BUILD:-build}
export BUILD
# Results of an earlier run must not count in this one; lint writes its own
# just before.
find "$BUILD/results" -type f ! -name lint -delete 2>/dev/null
total_p=0 total_f=0 total_s=0
start=$(date +%s)

add_result() {
	local p f s
	read -r p f s <"$BUILD/results/$1"
	echo "[$1] $p passed, $f failed, $s skipped"
	total_p=$((total_p + p))
	total_f=$((total_f + f))
	total_s=$((total_s + s))
}

# The linters' result, when make check ran them.
[ -f "$BUILD/results/lint" ] && add_result lint

# Unit tests of pure userspace code run natively, reported like a boot.
if [ -n "${HOST_TESTS:-}" ] && [ -z "${ONLY:-}" ]; then
	{
		echo "RIG-BEGIN suite=host"
		for t in $HOST_TESTS; do
			echo "RIG-TEST-BEGIN ${t##*/}"
			"$t" 2>&1
			echo "RIG-TEST-END ${t##*/} rc=$?"
		done
		echo "RIG-END"
	} | awk -v boot=host -v expect="$(for t in $HOST_TESTS; do echo "${t##*/}"; done)" \
		-v res="$BUILD/results/host" -f "$rig/tap.awk"
	add_result host
fi

while IFS='|' read -r name cpu mopts cmdline suite; do
	case $name in '' | '#'*) continue ;; esac
	[ -n "${BOOTS:-}" ] && ! grep -qw -- "$name" <<<"$BOOTS" && continue
	list=$BUILD/selftests/$suite.list
	if [ ! -s "$list" ]; then
		echo "[$name] no $suite tests in this build: boot skipped"
		continue
	fi
	if [ -n "${ONLY:-}" ] && ! grep -qx -- "$ONLY" "$list"; then
		continue
	fi
	echo "[$name] booting: -cpu $cpu -M virt,$mopts, $cmdline, suite $suite"
	"$rig/boot.sh" "$name" "$cpu" "$mopts" "$cmdline" "$suite"
	add_result "$name"
done <"$rig/boots"

echo "make check: $(( $(date +%s) - start )) s of nested boots"
if [ "$total_p" -eq 0 ] && [ "$total_f" -eq 0 ]; then
	echo "no test ran"
	total_f=1
fi
line="$total_p passed, $total_f failed"
[ "$total_s" -gt 0 ] && line="$line, $total_s skipped"
echo "$line"
[ "$total_f" -eq 0 ]
