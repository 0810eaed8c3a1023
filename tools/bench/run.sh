#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the nested kernel of a `make bench` boot (tools/rig/init calls
# it for rig_suite=bench): every benchmark guest of /bench/guests under one
# hypervisor, chosen by the kernel parameter rig_bench=kvm|armvcpu. KVM's
# guests run under kvm-runner; armvcpu's under armvcpu-vmm (side "armvcpu")
# and under armvcpu-runner, kvm-runner's twin (side "armvcpu_runner").
# Each line a guest or its VMM prints comes out as
# "RIG-BENCH <side> <path> <line>", then hosttime's line; bench.sh reads
# them from the console log.

mem=256

# run SIDE PATHS -- VMM...: every path's guest under one VMM.
run() {
	side=$1 paths=$2
	shift 3
	if [ ! -x "$1" ]; then
		echo "RIG-BENCH $side - unavailable: $1 is not in this build"
		return
	fi
	for p in $paths; do
		# The timeout guards against a hang; a run takes seconds.
		timeout 600 /bench/hosttime "$@" "/bench/guests/$p.bin" 2>&1 |
			sed "s/^/RIG-BENCH $side $p /"
	done
	echo "RIG-BENCH $side - done"
}

case ${rig_bench:-kvm} in
kvm)
	# KVM on 6.1 has no hypercall or system-register exit to userspace.
	run kvm "calib psci wa1 mmio_w mmio_r mem" -- /bench/kvm-runner -m $mem
	;;
armvcpu)
	if ! out=$(insmod /armvcpu.ko 2>&1); then
		for side in armvcpu armvcpu_runner; do
			echo "RIG-BENCH $side - unavailable: insmod armvcpu.ko failed: $out"
		done
		dmesg | grep armvcpu | tail -n 3
		exit 0
	fi
	paths="calib psci wa1 mmio_w mmio_r hcall sysreg mem"
	run armvcpu "$paths" -- /bench/armvcpu-vmm -m $mem
	run armvcpu_runner "$paths" -- /bench/armvcpu-runner -m $mem
	# The cost of the exit hardening (security.rst): the A72's BHB loop
	# forced on every exit. QEMU's firmware offers no WORKAROUND_1, so the
	# kernel, KVM and armvcpu all leave the A72 unmitigated by themselves.
	knob=/sys/kernel/debug/armvcpu/el2_spectre
	if echo "loop 8" 2>/dev/null >$knob; then
		run armvcpu_bhb "psci wa1 mmio_r" -- /bench/armvcpu-vmm -m $mem
		echo auto >$knob
	else
		echo "RIG-BENCH armvcpu_bhb - unavailable: no $knob"
	fi
	;;
*)
	echo "RIG-BENCH $rig_bench - unavailable: unknown rig_bench=$rig_bench"
	;;
esac
