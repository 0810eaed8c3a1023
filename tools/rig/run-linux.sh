#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-linux.sh: make run-linux. Boots the nested kernel with the test
# initramfs, whose /init (rig_suite=linux) inserts armvcpu.ko and runs the
# same Debian kernel as a 2-vCPU guest of armvcpu-vmm with a shell on its
# console. The terminal is connected straight through: what you type
# reaches the guest's shell; "poweroff -f" there ends the guest, then the
# nested kernel powers off. Ctrl-A X leaves QEMU at any time.
# Environment: VMLINUZ INITRD
set -euo pipefail

exec qemu-system-aarch64 -M virt,gic-version=3,virtualization=on -nic none \
	-cpu cortex-a72 -smp 4 -m 2048 -nographic -no-reboot \
	-kernel "$VMLINUZ" -initrd "$INITRD" \
	-append "console=ttyAMA0 panic=-1 loglevel=3 kvm-arm.mode=none rig_suite=linux"
