#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh: the body of `make bench` (Documentation/performance.rst).
# Boots the Debian kernel in QEMU under -icount shift=0 twice with KVM
# (kvm-arm.mode=nvhe, guests under tools/kvm-runner) and twice with armvcpu
# (kvm-arm.mode=none, guests under armvcpu-vmm), checks that the two runs of
# each side agree within 1%, prints the table and writes $BUILD/bench.json.
# It asserts nothing about speed: it fails only when it cannot vouch for the
# table (a side or path did not run, the runs disagree, the clock is off).
# Environment: MAKE BUILD VMLINUZ BUSYBOX MODULE VMM_BIN BENCH_PATHS, from
# build.mk.
set -uo pipefail

BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
out=$BUILD/bench
rig=tools/rig
cpu=cortex-a72
export BUILD
mkdir -p "$out/empty"

# armvcpu is built here, softly: while it cannot run guests, the KVM column
# is still measured and the armvcpu one says why it is missing. Without the
# VMM, armvcpu-runner still measures the hypervisor.
armvcpu_why=
module=${MODULE:-armvcpu.ko}
if ! $MAKE --no-print-directory module >"$out/module.log" 2>&1; then
	armvcpu_why="armvcpu.ko did not build ($out/module.log)"
	module=/dev/null
fi
extra=("$out/kvm-runner:bench/kvm-runner" "$out/hosttime:bench/hosttime"
       "$out/armvcpu-runner:bench/armvcpu-runner" "tools/bench/run.sh:bench/run.sh")
if $MAKE --no-print-directory vmm >"$out/vmm.log" 2>&1; then
	extra+=("$VMM_BIN:bench/armvcpu-vmm")
else
	echo "[bench] armvcpu-vmm did not build ($out/vmm.log): armvcpu-runner only"
fi
for p in $BENCH_PATHS; do
	extra+=("$out/guests/$p.bin:bench/guests/$p.bin")
done
INITRD=$out/initramfs.cpio.gz
"$rig/mkinitramfs.sh" "$INITRD" "$BUSYBOX" "$module" "$out/empty" \
	"${extra[@]}" || exit 1
export VMLINUZ INITRD

# The calibration without any hypervisor: the guest alone on QEMU at EL1,
# where QEMU's built-in PSCI answers HVCs without executing an instruction.
# The 16-instruction loop must give exactly one counter tick per iteration,
# and the HVC loop the guest's own share of every HVC row.
for p in calib wa1; do
	timeout 60 qemu-system-aarch64 -M virt -cpu "$cpu" -icount shift=0 -nic none \
		-nographic -no-reboot -m 512 -kernel "$out/guests/$p.elf" \
		</dev/null 2>&1 | tr -d '\r' | sed "s/^/RIG-BENCH bare $p /"
done | awk -v side=bare -f tools/bench/parse.awk >"$out/bare-1.txt"

# One instruction is 1 ns of virtual time, and an idle CPU jumps to its next
# timer at once instead of waiting for the host's clock (sleep=off), so no
# real time leaks in; one CPU, so that nothing else runs during a
# measurement and the clock counts only the path under test.
export QEMU_EXTRA="-icount shift=0,sleep=off -smp 1"

# boot SIDE N MODE: one boot of one side; leaves parse.awk's lines for each
# of the side's VMMs in $out/VMM-N.txt (kvm, or armvcpu, armvcpu_runner and
# armvcpu_bhb, armvcpu-vmm with the exit hardening forced on).
boot() {
	local side=$1 n=$2 mode=$3 name=bench-$1-$2

	echo "[$name] booting: -cpu $cpu -icount shift=0,sleep=off -smp 1, kvm-arm.mode=$mode"
	# norandmaps: the same addresses for every mapping on every boot, so
	# that how much of a VMM's RAM huge pages back does not vary by luck.
	TIMEOUT=${TIMEOUT:-1800} "$rig/boot.sh" "$name" "$cpu" virtualization=on \
		"kvm-arm.mode=$mode rig_bench=$side norandmaps" bench
	read -r _ f _ <"$BUILD/results/$name"
	if [ "$f" != 0 ]; then
		echo "[$name] the boot reported trouble: see $BUILD/logs/$name.log"
		trouble="$trouble $name"
	fi
	for s in $side ${side}_runner ${side}_bhb; do
		case $s in kvm_runner | kvm_bhb) continue ;; esac
		tr -d '\r' <"$BUILD/logs/$name.log" |
			awk -v side="$s" -f tools/bench/parse.awk >"$out/$s-$n.txt"
		grep '^unavailable' "$out/$s-$n.txt" | sed "s/^/[$name] $s: /"
		grep -v '^unavailable' "$out/$s-$n.txt" | awk -v b="$name $s" \
			'$5 != 0 { printf "[%s] %s: guest or VMM failed (status %s)\n", b, $1, $5 }'
	done
}

trouble=
for n in 1 2; do
	boot kvm "$n" nvhe
done
if [ -z "$armvcpu_why" ]; then
	for n in 1 2; do
		boot armvcpu "$n" none
	done
else
	echo "[bench-armvcpu] not run: $armvcpu_why"
	rm -f "$out"/armvcpu*-[12].txt
fi

# The commit measured; "+dirty" when the work tree differs from it.
if commit=$(git rev-parse --short HEAD 2>/dev/null); then
	git diff --quiet HEAD -- 2>/dev/null || commit="$commit+dirty"
else
	commit=unknown
fi
results=("$out/bare-1.txt" "$out/kvm-1.txt" "$out/kvm-2.txt")
for f in "$out"/armvcpu*-[12].txt; do
	[ -e "$f" ] && results+=("$f")
done
awk -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v commit="$commit" \
	-v kernel="$(basename "$(readlink -f "$VMLINUZ")")" -v why="$armvcpu_why" -v trouble="$trouble" \
	-v json="$BUILD/bench.json" -v order="$BENCH_PATHS" -f tools/bench/table.awk \
	"${results[@]}"
