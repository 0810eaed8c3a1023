#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: runs every boot of tools/rig/boots on each of its kernels (or, with
# ONLY=test, the boots whose suite has that test, with it alone), then prints
# one line "N passed, N failed[, N skipped]" and exits non-zero if anything
# failed or did not report.
# Environment: BUILD KERNELS KERNEL_DEFAULT ONLY BOOTS HOST_TESTS
set -uo pipefail

rig=$(dirname "$0")
: "${KERNELS:?set by make}" "${KERNEL_DEFAULT:?set by make}"
BUILD=${BUILD:-build}
export BUILD
# Results of an earlier run must not count in this one; lint writes its own
# just before.
find "$BUILD/results" -type f ! -name lint -delete 2>/dev/null
total_p=0 total_f=0 total_s=0 boots=
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

# Does BOOTS name this boot (a72-6.12), or all of its kernels (a72)?
picked() {
	local b
	for b in $BOOTS; do
		[ "$b" = "$1" ] || [ "$b" = "$2" ] && return 0
	done
	return 1
}

# The kernels a boot line asks for; one it names runs only when this check
# has it (the plant boot: make check-debug's).
kernels_of() {
	case $1 in
	default) echo "$KERNEL_DEFAULT" ;;
	all) echo "$KERNELS" ;;
	*) [[ " $KERNELS " == *" $1 "* ]] && echo "$1" ;;
	esac
}

while IFS='|' read -r name kern cpu mopts cmdline suite qopts; do
	case $name in '' | '#'*) continue ;; esac
	list=$BUILD/selftests/$suite.list
	if [ ! -s "$list" ]; then
		echo "[$name] no $suite tests in this build: boot skipped"
		continue
	fi
	if [ -n "${ONLY:-}" ] && ! grep -qx -- "$ONLY" "$list"; then
		continue
	fi
	for k in $(kernels_of "$kern"); do
		id=$name-$k
		[ -n "${BOOTS:-}" ] && ! picked "$id" "$name" && continue
		echo "[$id] booting: kernel $k, -cpu $cpu -M virt,$mopts${qopts:+ $qopts}, $cmdline, suite $suite"
		# The boot's own QEMU options first: the caller's QEMU_EXTRA wins.
		QEMU_EXTRA="$qopts ${QEMU_EXTRA:-}" \
		VMLINUZ=$BUILD/kernels/$k/vmlinuz \
		INITRD=$BUILD/kernels/$k/initramfs.cpio.gz \
			"$rig/boot.sh" "$id" "$cpu" "$mopts" "$cmdline" "$suite"
		add_result "$id"
		boots+=" $id"
	done
done <"$rig/boots"

echo "make check: $(( $(date +%s) - start )) s; boots:${boots:- none}"
if [ "$total_p" -eq 0 ] && [ "$total_f" -eq 0 ]; then
	echo "no test ran"
	total_f=1
fi
line="$total_p passed, $total_f failed"
[ "$total_s" -gt 0 ] && line="$line, $total_s skipped"
echo "$line"
[ "$total_f" -eq 0 ]
