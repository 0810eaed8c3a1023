#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT.cpio.gz BUSYBOX MODULE SELFTEST_DIR [EXTRA:DEST ...]
# Builds the nested kernel's initramfs: busybox, /init, armvcpu.ko, the selftests
# with their suite lists, and any extra files (the VMM, guest images, kernel
# modules; an EXTRA that does not exist is left out).
set -euo pipefail

out=$1 busybox=$2 module=$3 tests=$4
shift 4
root=$(mktemp -d "${out%/*}/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,selftests,guests,proc,sys,dev,tmp}
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$(dirname "$0")/init" "$root/init"
chmod 755 "$root/init"
cp "$module" "$root/armvcpu.ko"
cp -a "$tests"/. "$root/selftests/"
for spec in "$@"; do
	src=${spec%%:*}
	dst=${spec#*:}
	[ -e "$src" ] || continue
	mkdir -p "$root/$(dirname "$dst")"
	case $src in
	# A compressed kernel module: busybox's insmod takes it unpacked.
	*.ko.xz) xz -dc "$src" >"$root/$dst" ;;
	*) cp "$src" "$root/$dst" ;;
	esac
done
(cd "$root" && find . | sort | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
