#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-layout.sh TOP KABI KDIR: `make install DESTDIR=tmp` in TOP lays out
# exactly the files Documentation/install.rst lists, for the kernel KABI
# whose headers are KDIR, changes nothing on this machine, and
# `make uninstall DESTDIR=tmp` takes every file away again. TAP on stdout.
set -uo pipefail

top=$1 kabi=$2 kdir=$3
PATH=$PATH:/usr/sbin:/sbin
# shellcheck source=tools/install/tap.sh
. "$(dirname "$0")/tap.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/armvcpu-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root log=$tmp/make.log

# Kbuild compresses installed modules as the kernel's config says (Debian 13).
suffix=
for c in GZIP:.gz XZ:.xz ZSTD:.zst; do
	grep -qx "CONFIG_MODULE_COMPRESS_${c%%:*}=y" "$kdir/.config" && suffix=${c#*:}
done

echo "1..7"

group_before=$(getent group armvcpu)
if make -C "$top" install DESTDIR="$root" >"$log" 2>&1; then
	ok "make install DESTDIR=..."
else
	mapfile -t tail_log < <(tail -n 15 "$log")
	not_ok "make install DESTDIR=... failed" "${tail_log[@]}"
fi

# A newer Kbuild may install under usr/lib/modules; either is the same
# directory on a merged-/usr Debian.
moddir=lib/modules
[ -d "$root/usr/lib/modules" ] && moddir=usr/lib/modules
module=$moddir/$kabi/updates/armvcpu.ko$suffix
expected=$(printf '%s\n' "$module" \
	usr/local/bin/armvcpu-vmm \
	etc/udev/rules.d/60-armvcpu.rules \
	usr/local/lib/sysusers.d/armvcpu.conf | sort)
got=$(cd "$root" 2>/dev/null && find . ! -type d | sed 's|^\./||' | sort)
if [ "$got" = "$expected" ]; then
	ok "the files laid out are exactly: $(echo "$expected" | tr '\n' ' ')"
else
	mapfile -t d < <(diff <(echo "$expected") <(echo "$got") | grep '^[<>]')
	not_ok "the files laid out differ (< expected, > got)" "${d[@]}"
fi

vermagic=$(modinfo -F vermagic "$root/$module" 2>/dev/null)
if [ "${vermagic%% *}" = "$kabi" ] && [[ " $vermagic " == *" aarch64 "* ]]; then
	ok "the module is built for $kabi, aarch64"
else
	not_ok "the module's vermagic is not $kabi ... aarch64" "vermagic: '$vermagic'"
fi

vmm=$root/usr/local/bin/armvcpu-vmm
hdr=$(readelf -h -l "$vmm" 2>/dev/null)
if [ "$(stat -c %a "$vmm" 2>/dev/null)" = 755 ] &&
   grep -q 'Machine: *AArch64' <<<"$hdr" && ! grep -q INTERP <<<"$hdr"; then
	ok "armvcpu-vmm is a static aarch64 executable, mode 0755"
else
	not_ok "armvcpu-vmm is not a static aarch64 executable of mode 0755"
fi

# The rule is the one of Documentation/api.rst; the group is the rule's.
rule='KERNEL=="armvcpu", GROUP="armvcpu", MODE="0660"'
if grep -qxF "$rule" "$root/etc/udev/rules.d/60-armvcpu.rules" 2>/dev/null &&
   grep -qx 'g armvcpu -' "$root/usr/local/lib/sysusers.d/armvcpu.conf" 2>/dev/null; then
	ok "udev rule and sysusers.d line name group armvcpu, mode 0660"
else
	not_ok "udev rule or sysusers.d line is not the documented one"
fi

if [ "$(getent group armvcpu)" = "$group_before" ]; then
	ok "with DESTDIR, the machine's groups are left alone"
else
	not_ok "make install DESTDIR=... changed group armvcpu on this machine"
fi

if make -C "$top" uninstall DESTDIR="$root" >>"$log" 2>&1; then
	left=$(cd "$root" && find . ! -type d)
	if [ -z "$left" ]; then
		ok "make uninstall DESTDIR=... removes every file"
	else
		not_ok "make uninstall DESTDIR=... left files" "$left"
	fi
else
	mapfile -t tail_log < <(tail -n 15 "$log")
	not_ok "make uninstall DESTDIR=... failed" "${tail_log[@]}"
fi

[ "$failed" -eq 0 ]
