#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install and cache everything the build and the nested tests need, from Debian's
# package registry only. Idempotent and quiet when everything is there: a second
# run does no network work.
#
# The kernels: the series the host's own Debian release ships is the default;
# the other supported series comes from a Debian suite of its own, read through
# a private apt configuration under $BUILD/apt (download only: the machine's
# apt sources are never changed). Each kernel gets $BUILD/kernels/SERIES/:
#   abi       the ABI name, resolved once (image and headers must match)
#   deps/     the downloaded .debs
#   sysroot/  image, headers and the amd64 kbuild unpacked (never installed)
#   vmlinuz   a link to the image
#
# Writes $BUILD/env.mk (make variables: KERNELS, KERNEL_DEFAULT, and per series
# KABI_s, KDIR_s, VMLINUZ_s, KCC_s; BUSYBOX, LINUX_SRC) only when its content
# changes, so make's include-and-restart happens at most once.

set -euo pipefail

BUILD=${BUILD:-build}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
DEPS=$BUILD/deps
SRC=$BUILD/linux-source

# Host (amd64) packages; arm64 ones come through multiarch. The C library
# headers are only Recommends of the compilers, and installs here skip
# Recommends: they are named. libfdt-dev is not Multi-Arch: same, so its amd64
# and arm64 builds replace each other: take the arm64 one (the static VMM
# links its libfdt.a; the headers serve both) and only the amd64 runtime
# libfdt1 for the VMM's native unit tests. dkms and kmod serve the install
# tests (tools/install). pahole makes the BTF of a module for kernels whose
# headers carry vmlinux (6.12; its linux-kbuild depends on it). Each kernel adds the cross
# compiler of the version it was built with (gcc-N-aarch64-linux-gnu).
# gdb-multiarch debugs a guest from here in make check's gdb step.
HOST_PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc libc6-dev
	qemu-system-arm cpio xz-utils gzip sparse device-tree-compiler libfdt1
	libfdt-dev:arm64 qemu-user-static perl debian-archive-keyring dkms kmod
	pahole gdb-multiarch"

say() { echo "setup: $*" >&2; }
die() { echo "setup: error: $*" >&2; exit 1; }

# Concurrent makes (several terminals, several engineers) must not race on apt or
# on the unpacked tree.
exec 9>"$BUILD/.setup.lock"
flock 9

# --- the host and its kernels -------------------------------------------------

# One line per supported host release: its codename, the kernel series it
# ships, and each other series as SERIES=SUITE (a suite read privately).
HOSTS="bookworm 6.1 6.12=bookworm-backports
trixie 6.12 6.1=bookworm"

host_codename() {
	local c
	c=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
	[ -n "$c" ] || die "cannot read VERSION_CODENAME from /etc/os-release"
	echo "$c"
}

# The main archive's address, as the host's own apt sources name it.
host_mirror() {
	local m
	m=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources \
		2>/dev/null | grep -v -- '-security' | head -n1 | awk '{print $1}')
	[ -n "$m" ] || m=$(grep -hs '^deb ' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list | grep -v -- '-security' |
		sed 's/\[[^]]*\]//' | awk '{print $2}' | head -n1)
	[ -n "$m" ] || die "no Debian mirror in /etc/apt/sources.list{,.d}"
	echo "$m"
}

# --- apt ------------------------------------------------------------------------

# The options that make apt read suite $1 alone, from $BUILD/apt/$1.
priv_opts() {
	local d=$BUILD/apt/$1
	echo "-o Dir::Etc::sourcelist=$d/sources.list -o Dir::Etc::sourceparts=-" \
	     "-o Dir::State::Lists=$d/lists -o Dir::Cache=$d/cache" \
	     "-o Dir::State::status=/dev/null"
}

# apt_get SUITE ARGS...: apt-get on the host's sources (SUITE "host") or on a
# private suite. Likewise apt_cache.
apt_get() {
	local s=$1
	shift
	# shellcheck disable=SC2046
	if [ "$s" = host ]; then apt-get "$@"; else apt-get $(priv_opts "$s") "$@"; fi
}

apt_cache() {
	local s=$1
	shift
	# shellcheck disable=SC2046
	if [ "$s" = host ]; then apt-cache "$@"; else apt-cache $(priv_opts "$s") "$@"; fi
}

declare -A apt_updated
apt_update() {
	local s=$1 d
	[ -n "${apt_updated[$s]:-}" ] && return 0
	if [ "$s" != host ]; then
		d=$BUILD/apt/$s
		mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
		echo "deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(host_mirror) $s main" \
			>"$d/sources.list"
	fi
	say "apt-get update ($s)"
	apt_get "$s" update -q >"$BUILD/apt-update-$s.log" 2>&1 ||
		die "apt-get update ($s) failed, see $BUILD/apt-update-$s.log"
	apt_updated[$s]=1
}

missing_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

install_host_pkgs() {
	local miss
	# shellcheck disable=SC2068
	miss=$(missing_pkgs $@ | tr '\n' ' ')
	[ -z "${miss// /}" ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages: $miss (run as root, or apt-get install them)"
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		say "enabling the arm64 architecture for multiarch packages"
		dpkg --add-architecture arm64
		apt_updated[host]=
	fi
	apt_update host
	say "installing: $miss"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $miss \
		>"$BUILD/apt-install.log" 2>&1 ||
		die "apt-get install failed for: $miss (see $BUILD/apt-install.log)"
}

# download SUITE DIR PKG...: apt-get download what DIR does not hold yet.
download() {
	local s=$1 dir=$2 pkg name
	shift 2
	mkdir -p "$dir"
	for pkg in "$@"; do
		name=${pkg%%:*}
		ls "$dir/${name}"_*.deb >/dev/null 2>&1 && continue
		apt_update "$s"
		say "downloading $pkg ($s)"
		(cd "$dir" && apt_get "$s" download -q -o APT::Sandbox::User=root "$pkg") \
			>>"$BUILD/apt-download.log" 2>&1 ||
			die "apt-get download $pkg ($s) failed (see $BUILD/apt-download.log)"
	done
}

# --- one kernel -----------------------------------------------------------------

# The ABI of series $2 in suite $1 (e.g. 6.1.0-57-arm64), resolved once from the
# metapackage and remembered: a later security update must not mix image and
# headers.
resolve_abi() {
	local s=$1 series=$2 dir=$BUILD/kernels/$2 abi
	[ -s "$dir/abi" ] && return 0
	mkdir -p "$dir"
	apt_update "$s"
	abi=$(apt_cache "$s" depends linux-image-arm64:arm64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(.*-arm64\)\(:arm64\)\?$/\1/p' | head -n1)
	[ -n "$abi" ] || die "cannot resolve the kernel ABI from linux-image-arm64:arm64 ($s)"
	case $abi in
	"$series".*) ;;
	*) die "suite $s offers kernel $abi, not a $series kernel" ;;
	esac
	echo "$abi" >"$dir/abi"
}

# What the headers of $2 depend on, from suite $1: the kbuild package (its
# amd64 build runs the host side of Kbuild) and the gcc the kernel was built
# with, whose cross twin builds the module.
header_deps() {
	local s=$1 abi=$2 dir=$BUILD/kernels/$3
	[ -s "$dir/kbuild" ] && [ -s "$dir/gcc" ] && return 0
	apt_update "$s"
	apt_cache "$s" depends "linux-headers-$abi:arm64" >"$dir/depends" 2>/dev/null
	sed -n 's/^ *Depends: \(linux-kbuild-[^:]*\).*/\1/p' "$dir/depends" |
		head -n1 >"$dir/kbuild"
	sed -n 's/^ *Depends: <\?gcc-\([0-9]*\)\(:arm64\)\?>\?$/\1/p' "$dir/depends" |
		head -n1 >"$dir/gcc"
	if [ ! -s "$dir/kbuild" ] || [ ! -s "$dir/gcc" ]; then
		die "cannot find the kbuild package and gcc of linux-headers-$abi ($s)"
	fi
}

unpack_kernel() {
	local dir=$1 abi=$2 kbuild=$3 sys=$1/sysroot deb
	[ -f "$sys/.done-$abi" ] && return 0
	say "unpacking kernel $abi, its headers and $kbuild into $sys"
	rm -rf "$sys"
	mkdir -p "$sys"
	for deb in "$dir"/deps/*.deb; do
		dpkg -x "$deb" "$sys"
	done
	# The headers' Makefile includes the common tree by absolute path; their
	# scripts/ and tools/ links are relative and resolve to the kbuild
	# unpacked beside them. Nothing goes to the host's /usr/src or /lib.
	sed -i "s|^include /usr/src/|include $sys/usr/src/|" \
		"$sys/usr/src/linux-headers-$abi/Makefile"
	ln -sfn "sysroot/boot/vmlinuz-$abi" "$dir/vmlinuz"
	touch "$sys/.done-$abi"
}

# setup_kernel SUITE SERIES: everything one kernel needs.
setup_kernel() {
	local s=$1 series=$2 dir=$BUILD/kernels/$2 abi kbuild gcc f
	resolve_abi "$s" "$series"
	abi=$(cat "$dir/abi")
	header_deps "$s" "$abi" "$series"
	kbuild=$(cat "$dir/kbuild")
	gcc=$(cat "$dir/gcc")
	install_host_pkgs "gcc-$gcc-aarch64-linux-gnu"
	download "$s" "$dir/deps" "linux-image-$abi:arm64" "linux-headers-$abi:arm64" \
		"linux-headers-${abi%-arm64}-common" "$kbuild:amd64"
	unpack_kernel "$dir" "$abi" "$kbuild"
	for f in "$dir/vmlinuz" "$dir/sysroot/usr/src/linux-headers-$abi/Module.symvers" \
		 "$dir/sysroot/usr/src/linux-headers-$abi/scripts/basic/fixdep"; do
		[ -e "$f" ] || die "expected $f after set-up; remove $dir and retry"
	done
	cat <<-EOT
	KABI_$series := $abi
	KDIR_$series := $dir/sysroot/usr/src/linux-headers-$abi
	VMLINUZ_$series := $dir/vmlinuz
	KCC_$series := aarch64-linux-gnu-gcc-$gcc
	EOT
}

# --- shared pieces ----------------------------------------------------------------

# Only the pieces of the default kernel's tree the build uses: checkpatch and
# its data files, and the kselftest headers (taken from Debian at build time,
# never copied into git).
extract_source() {
	local series=$1 tmp top
	[ -f "$SRC/.done-$series" ] && return 0
	say "extracting checkpatch and kselftest headers from linux-source-$series"
	tmp=$(mktemp -d "$BUILD/src.XXXXXX")
	dpkg -x "$DEPS"/linux-source-"$series"_*.deb "$tmp"
	rm -rf "$SRC"
	mkdir -p "$SRC"
	top=linux-source-$series
	tar -xJf "$tmp/usr/src/$top.tar.xz" -C "$SRC" --strip-components=1 \
		"$top/scripts/checkpatch.pl" \
		"$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch" \
		"$top/tools/testing/selftests/kselftest.h" \
		"$top/tools/testing/selftests/kselftest_harness.h"
	rm -rf "$tmp"
	touch "$SRC/.done-$series"
}

# A static arm64 busybox for the initramfs (/bin or, merged, /usr/bin).
extract_busybox() {
	local tmp b
	[ -x "$BUILD/busybox" ] && return 0
	tmp=$(mktemp -d "$BUILD/busybox.XXXXXX")
	dpkg -x "$DEPS"/busybox-static_*.deb "$tmp"
	for b in "$tmp/bin/busybox" "$tmp/usr/bin/busybox"; do
		[ -f "$b" ] && [ ! -L "$b" ] && cp "$b" "$BUILD/busybox" && break
	done
	rm -rf "$tmp"
	[ -x "$BUILD/busybox" ] || die "no busybox in busybox-static:arm64"
}

write_env() {
	local new=$1
	if [ "$(cat "$BUILD/env.mk" 2>/dev/null)" != "$new" ]; then
		echo "$new" >"$BUILD/env.mk"
	fi
}

main() {
	local codename line def others spec series suite kernels env
	codename=$(host_codename)
	line=$(grep "^$codename " <<<"$HOSTS") ||
		die "unsupported host: Debian 12 (bookworm) or 13 (trixie) expected, this is '$codename'"
	read -r _ def others <<<"$line"
	# shellcheck disable=SC2086
	install_host_pkgs $HOST_PKGS
	mkdir -p "$DEPS"

	env="# Generated by tools/rig/setup.sh; do not edit."
	env+=$'\n'"$(setup_kernel host "$def")"
	kernels=$def
	for spec in $others; do
		series=${spec%%=*}
		suite=${spec#*=}
		env+=$'\n'"$(setup_kernel "$suite" "$series")"
		kernels+=" $series"
	done

	download host "$DEPS" busybox-static:arm64 "linux-source-$def"
	extract_source "$def"
	extract_busybox
	[ -e "$SRC/tools/testing/selftests/kselftest_harness.h" ] ||
		die "expected the kselftest headers after set-up; remove $SRC and retry"
	env+=$'\n'"KERNELS := $kernels"
	env+=$'\n'"KERNEL_DEFAULT := $def"
	env+=$'\n'"BUSYBOX := $BUILD/busybox"
	env+=$'\n'"LINUX_SRC := $SRC"
	write_env "$env"
}

# The linux-source package of kernel series $1 into deps/, from the suite
# the rig reads that series from.
download_source() {
	local series=$1 line def others spec suite=
	line=$(grep "^$(host_codename) " <<<"$HOSTS") || die "unsupported host"
	read -r _ def others <<<"$line"
	[ "$series" = "$def" ] && suite=host
	for spec in $others; do
		[ "${spec%%=*}" = "$series" ] && suite=${spec#*=}
	done
	[ -n "$suite" ] || die "no suite gives kernel $series on this host"
	download "$suite" "$DEPS" "linux-source-$series"
}

# For tools/rig/debug-kernel.sh: setup.sh --install PKG... installs only
# those host packages; setup.sh --source SERIES fetches that source.
case ${1:-} in
--install)
	shift
	install_host_pkgs "$@"
	;;
--source)
	download_source "$2"
	;;
*)
	main "$@"
	;;
esac
