#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the nested kernel of a `make bench` boot (tools/rig/init calls
# it for rig_suite=bench): every benchmark guest of /bench/guests under one
# hypervisor, chosen by the kernel parameter rig_bench=kvm|armvcpu. Each line
# a guest or its VMM prints comes out as "RIG-BENCH <side> <path> <line>",
# followed by the hosttime line; tools/bench/bench.sh reads them from the log.

side=${rig_bench:-kvm}
mem=256
tag() {
	sed "s/^/RIG-BENCH $side $1 /"
}

case $side in
kvm)
	# KVM on 6.1 has no hypercall or system-register exit to userspace.
	paths="calib psci wa1 mmio_w mmio_r mem"
	vmm="/bench/kvm-runner -m $mem"
	;;
armvcpu)
	paths="calib psci wa1 mmio_w mmio_r hcall sysreg mem"
	vmm="/bench/armvcpu-vmm -m $mem"
	if [ ! -x /bench/armvcpu-vmm ]; then
		echo "RIG-BENCH $side - unavailable: armvcpu-vmm was not built"
		exit 0
	fi
	if ! out=$(insmod /armvcpu.ko 2>&1); then
		echo "RIG-BENCH $side - unavailable: insmod armvcpu.ko failed: $out"
		dmesg | grep armvcpu | tail -n 3 | tag -
		exit 0
	fi
	;;
*)
	echo "RIG-BENCH $side - unavailable: unknown rig_bench=$side"
	exit 0
	;;
esac

for p in $paths; do
	# The timeout only guards against a hang; a normal run takes seconds.
	timeout 600 /bench/hosttime $vmm "/bench/guests/$p.bin" 2>&1 | tag "$p"
done
echo "RIG-BENCH $side - done"
