#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-dkms.sh TOP KDIR...: the DKMS source tree that `make dkms-source` lays
# out from TOP holds only the module's sources, and Debian's dkms adds,
# builds (cross, for arm64), installs and removes it for the kernel of each
# header tree KDIR (.../linux-headers-<release> or /lib/modules/<release>/build).
# Every tree dkms uses is in a temporary directory: nothing is written to
# /usr/src, /var/lib/dkms or /lib/modules, and depmod runs only on the copy.
# TAP on stdout.
set -uo pipefail

top=$1
shift
PATH=$PATH:/usr/sbin:/sbin
# shellcheck source=tools/install/tap.sh
. "$(dirname "$0")/tap.sh"
# not_ok with the last lines of a log.
not_ok_log() {
	local t
	mapfile -t t < <(tail -n "${3:-15}" "$2" 2>/dev/null)
	not_ok "$1" "${t[@]}"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/armvcpu-dkms.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "1..$((2 + 6 * $#))"

version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
src=$tmp/src/armvcpu-$version
if make -C "$top" -f tools/install/install.mk dkms-source DESTDIR="$tmp" \
	>"$tmp/source.log" 2>&1 && [ -n "$version" ] && [ -f "$tmp/usr/src/armvcpu-$version/dkms.conf" ]; then
	mkdir -p "$tmp/src" && mv "$tmp/usr/src/armvcpu-$version" "$src"
	ok "make dkms-source lays out usr/src/armvcpu-$version"
else
	not_ok_log "make dkms-source (version '$version')" "$tmp/source.log"
fi

# What the build needs and nothing more: no objects, no tools, no tests.
extra=$(cd "$src" 2>/dev/null && find . ! -type d | sed 's|^\./||' |
	grep -vx -e Kbuild -e dkms.conf -e include/uapi/linux/armvcpu.h \
		-e 'armvcpu/.*\.[chS]')
if [ -d "$src" ] && [ -z "$extra" ]; then
	ok "the DKMS tree holds Kbuild, dkms.conf, armvcpu/*.[chS], the uapi header only"
else
	not_ok "the DKMS tree holds other files" "$extra"
fi

# dkms strips the module with the host's strip, which does not know arm64;
# and it would sign with a key of /var/lib/dkms: give it a key of its own.
mkdir -p "$tmp/bin"
ln -s "$(command -v aarch64-linux-gnu-strip)" "$tmp/bin/strip"
export PATH=$tmp/bin:$PATH ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
export mok_signing_key=$tmp/mok.key mok_certificate=$tmp/mok.pub

dkms_() {
	dkms "$@" -m armvcpu -v "$version" -k "$kabi" -a arm64 \
		--dkmstree "$dkmstree" --sourcetree "$tmp/src" \
		--installtree "$inst" --kernelsourcedir "$kdir" --no-depmod
}

do_build() {
	dkms_ build && return
	tail -n 20 "$dkmstree/armvcpu/$version/build/make.log"
	return 1
}

do_install() {
	dkms_ install || return
	mod=$(find "$inst/$kabi" -name 'armvcpu.ko*')
	vermagic=$(modinfo -F vermagic "$mod")
	echo "installed: '$mod', vermagic '$vermagic'"
	[[ $mod == "$inst/$kabi/updates/dkms/armvcpu.ko"* ]] &&
		[ "${vermagic%% *}" = "$kabi" ] && [[ " $vermagic " == *" aarch64 "* ]]
}

# A release build leaves the test hooks out (Kbuild's ARMVCPU_TEST): no
# fault-injection parameter a user could set.
do_release() {
	local parms
	parms=$(modinfo -F parm "$mod") || return
	echo "parameters: $parms"
	[ -n "$parms" ] && ! grep -qi 'test only' <<<"$parms"
}

# modprobe finds what depmod indexed.
do_depmod() {
	depmod -b "$tmp/root" "$kabi" &&
		grep '^updates/dkms/armvcpu\.ko' "$inst/$kabi/modules.dep"
}

do_remove() {
	dkms_ remove || return
	! find "$inst/$kabi" -name 'armvcpu.ko*' | grep .
}

# step DESCRIPTION COMMAND...: one TAP line, with the end of the command's
# output when it fails; after a failure the kernel's later steps only say so.
step() {
	local what=$1 log=$tmp/$kabi-$2.log
	shift
	if [ -n "$broken" ]; then
		not_ok "$kabi: $what: not run, $broken failed"
	elif "$@" >"$log" 2>&1; then
		ok "$kabi: $what"
	else
		broken=$what
		not_ok_log "$kabi: $what" "$log" 25
	fi
}

for kdir; do
	case $kdir in
	*/build) kabi=${kdir%/build} kabi=${kabi##*/} ;;
	*) kabi=${kdir##*/linux-headers-} ;;
	esac
	inst=$tmp/root/lib/modules
	# One DKMS tree per kernel: each starts from dkms add.
	dkmstree=$tmp/dkms-$kabi
	mkdir -p "$inst/$kabi" "$dkmstree"
	broken=

	step "dkms add" dkms_ add
	step "dkms build (cross, arm64)" do_build
	step "dkms install: lib/modules/$kabi/updates/dkms/armvcpu.ko" do_install
	step "the DKMS build has no test hooks" do_release
	step "depmod indexes updates/dkms/armvcpu.ko" do_depmod
	step "dkms remove takes the module away" do_remove
done

[ "$failed" -eq 0 ]
