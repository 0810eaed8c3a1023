#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkguestinitrd.sh OUT.cpio.gz BUSYBOX PERFCOUNT
# The initramfs of the Linux guest that armvcpu-vmm boots inside the nested
# kernel (selftests/linux_boot.c, make run-linux): a static busybox and an
# /init that prints a marker, shows how many CPUs came online, and powers
# off, or, with "armvcpu_shell" on the guest's command line, gives a shell
# on the console. PERFCOUNT (tools/rig/perfcount.c) counts cycles and
# instructions with the guest's PMU, as "perf stat" would; /init runs it
# and shows the PMU driver's boot line. Small on purpose: it is copied into
# the test initramfs.
set -euo pipefail

out=$1 busybox=$2 perfcount=$3
root=$(mktemp -d "${out%/*}/guestinitrd.XXXXXX")
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,proc,sys,dev,tmp}
cp "$busybox" "$root/bin/busybox"
cp "$perfcount" "$root/bin/perfcount"
ln -s busybox "$root/bin/sh"
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
# /init of the armvcpu Linux guest: prove userspace runs on every vCPU
# and the console takes input.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/tmp
echo "ARMVCPU-GUEST-INIT uptime=$(cut -d' ' -f1 /proc/uptime)"
echo "ARMVCPU-GUEST-NPROC $(nproc)"
echo "ARMVCPU-GUEST-CPUINFO $(grep -c ^processor /proc/cpuinfo)"
echo "ARMVCPU-GUEST-ONLINE $(cat /sys/devices/system/cpu/online)"
# Both CPUs really run code: one task pinned to each.
for c in $(seq 0 $(($(nproc) - 1))); do
	taskset -c "$c" sh -c "echo ARMVCPU-GUEST-RAN-ON-CPU $c" &
done
wait
# The guest's PMU (armvcpu-vmm --pmu): its driver's line, and counts.
echo "ARMVCPU-GUEST-PMU $(dmesg | grep 'hw perfevents' | tr '\n' ' ')"
/bin/perfcount
if grep -q armvcpu_shell /proc/cmdline; then
	echo "armvcpu Linux guest: type 'poweroff -f' to leave"
	setsid cttyhack sh -l
else
	# A line typed on the console comes back: the PL011's receive
	# interrupt (selftests/linux_boot.c types it).
	echo "ARMVCPU-GUEST-TYPE-A-LINE"
	if read -t 60 -r typed; then
		echo "ARMVCPU-GUEST-GOT $typed"
	fi
fi
echo "ARMVCPU-GUEST-POWEROFF"
poweroff -f
INIT
chmod 755 "$root/init"
(cd "$root" && find . | sort | cpio -o -H newc --quiet) | gzip -9 >"$out.tmp"
mv "$out.tmp" "$out"
