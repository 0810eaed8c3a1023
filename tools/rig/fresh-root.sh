#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fresh-root.sh [--suite bookworm|trixie] [--ref COMMIT] [--keep] [make targets...]
#
# Proves that the README's commands work on a fresh Debian machine: builds a bare
# Debian root (debootstrap --variant=minbase), installs only make, git and
# ca-certificates in it, clones COMMIT of this repository into /root/armvcpu
# and runs `make TARGETS` (default: run) there as root, in a chroot. Whatever
# the project needs beyond those three packages, its own set-up must install.
#
# Defaults: --suite bookworm, --ref HEAD, target run. Run as root on a Debian
# amd64 host. The root is build/fresh/SUITE (removed at the end unless --keep;
# a previous one is removed first); the whole run is logged to
# build/fresh/SUITE.log and the root's build/*.log and build/logs/ are copied to
# build/fresh/SUITE-logs/. The mirror is the host's own (its apt sources).
# Exit status: make's; the last line is the verdict.
#
# Cache: debootstrap --make-tarball keeps the .debs of the bare minbase (not an
# installed root) in build/fresh/cache/, keyed by suite and mirror, for a day;
# --unpack-tarball then installs from them exactly as a download would. Nothing
# else is cached: every package the project installs comes from the mirror.
# FRESH_NO_CACHE=1 skips the cache.

# shellcheck disable=SC2317 # finish() runs from the EXIT trap
set -euo pipefail

suite=bookworm ref=HEAD keep='' targets=()
usage() {
	sed -n '4p' "$0" | sed 's/^# /usage: /' >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--suite) [ $# -ge 2 ] || usage; suite=$2; shift 2 ;;
	--suite=*) suite=${1#*=}; shift ;;
	--ref) [ $# -ge 2 ] || usage; ref=$2; shift 2 ;;
	--ref=*) ref=${1#*=}; shift ;;
	--keep) keep=1; shift ;;
	-h|--help) usage ;;
	-*) echo "fresh-root: unknown option $1" >&2; usage ;;
	*) targets+=("$1"); shift ;;
	esac
done
[ ${#targets[@]} -gt 0 ] || targets=(run)
case $suite in
bookworm|trixie) ;;
*) echo "fresh-root: suite must be bookworm or trixie, not '$suite'" >&2; exit 2 ;;
esac

say() { echo "fresh-root: $*" >&2; }
die() { echo "fresh-root: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (debootstrap, mount, chroot)"
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] || die "needs a Debian amd64 host"

REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
sha=$(git -C "$REPO" rev-parse --verify -q "$ref^{commit}") || die "no commit '$ref' in $REPO"
short=${sha:0:12}
FRESH=$REPO/build/fresh
DIR=$FRESH/$suite
LOG=$FRESH/$suite.log
LOGS=$FRESH/$suite-logs
CACHE=$FRESH/cache
case $DIR in *[[:space:]\\]*) die "the root's path must not hold spaces: $DIR" ;; esac
mkdir -p "$FRESH" "$CACHE"

# One run per suite at a time (the root's path is fixed).
exec 8>"$FRESH/.$suite.lock"
flock -n 8 || die "another fresh-root run for $suite holds $FRESH/.$suite.lock"

# --- mounts and processes in the root ------------------------------------------

# Mount points at or under $DIR, deepest first (/proc/mounts escapes blanks,
# which the root's path cannot hold).
root_mounts() {
	awk -v d="$DIR" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts |
		awk '{ print length($0), $0 }' | sort -rn | cut -d' ' -f2-
}

# Processes whose root directory is $DIR (QEMU, make, apt's helpers, ...).
root_pids() {
	local p r
	for p in /proc/[0-9]*; do
		r=$(readlink "$p/root" 2>/dev/null) || continue
		case $r in "$DIR"|"$DIR"/*) echo "${p#/proc/}" ;; esac
	done
}

kill_root() {
	local pids
	pids=$(root_pids)
	[ -z "$pids" ] && return 0
	say "ending what still runs in the root: ${pids//$'\n'/ }"
	# shellcheck disable=SC2086 # one pid a word
	kill -TERM $pids 2>/dev/null || true
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		sleep 0.5
		pids=$(root_pids)
		[ -z "$pids" ] && return 0
	done
	# shellcheck disable=SC2086 # one pid a word
	kill -KILL $pids 2>/dev/null || true
	sleep 0.5
	pids=$(root_pids)
	[ -z "$pids" ] || say "warning: still running in the root: ${pids//$'\n'/ }"
}

unmount_root() {
	local m
	for m in $(root_mounts); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
			say "warning: cannot unmount $m"
	done
	m=$(root_mounts)
	[ -z "$m" ] || { say "error: still mounted: ${m//$'\n'/ }"; return 1; }
}

# Removes a root, never crossing into a mount (--one-file-system), and only
# once nothing is mounted in it.
remove_root() {
	[ -e "$DIR" ] || return 0
	kill_root
	unmount_root || die "not removing $DIR: mounts remain"
	rm -rf --one-file-system "$DIR"
}

# --- the verdict, whatever happens ---------------------------------------------

exec 6>&1 7>&2
status=1 phase=start t_start=$SECONDS
times=()
finish() {
	local rc=$? m
	trap - EXIT INT TERM
	set +e
	exec 1>&6 2>&7 # a signal may come while log() redirects them
	[ "$phase" = finished ] && rc=$status
	if [ -d "$DIR" ]; then
		kill_root
		[ -n "${make_pid:-}" ] && wait "$make_pid" 2>/dev/null
		unmount_root || { [ "$rc" = 0 ] && rc=1; }
		if [ -d "$DIR/root/armvcpu/build" ]; then
			mkdir -p "$LOGS"
			cp -a "$DIR"/root/armvcpu/build/*.log "$LOGS"/ 2>/dev/null
			cp -a "$DIR/root/armvcpu/build/logs" "$LOGS"/ 2>/dev/null
		fi
		if [ -z "$keep" ]; then
			m=$(root_mounts)
			if [ -z "$m" ]; then
				rm -rf --one-file-system "$DIR"
			else
				say "not removing $DIR: still mounted: $m"
			fi
		fi
	fi
	rm -rf --one-file-system "$DIR.tarball" ${tarball:+"$tarball.tmp"}
	m=$(root_mounts)
	[ -z "$m" ] || { say "error: mounts left behind: ${m//$'\n'/ }"; [ "$rc" = 0 ] && rc=1; }
	local total=$((SECONDS - t_start)) what
	what="make ${targets[*]}"
	if [ "$phase" = finished ]; then
		what="$what: exit $status"
	elif [ "$phase" = make ]; then
		what="$what: stopped by a signal (exit $rc)"
	else
		what="$what: not reached, stopped in step $phase (exit $rc)"
	fi
	{
		echo "fresh-root: times: ${times[*]:+${times[*]} }total=${total}s"
		echo "fresh-root: $([ "$rc" = 0 ] && echo PASS || echo FAIL) $suite $short: $what" \
			"($((total / 60))m$((total % 60))s; log $LOG${keep:+; root kept in $DIR})"
	} | tee -a "$LOG" >&2
	exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

: >"$LOG"
rm -rf "$LOGS"
log() { "$@" >>"$LOG" 2>&1; }
step() {
	phase=$1
	say "$2"
	echo "=== $(date -u +%FT%TZ) $1: $2" >>"$LOG"
	t_step=$SECONDS
}
stepped() { times+=("$phase=$((SECONDS - t_step))s"); }
failed() { tail -n 25 "$LOG" >&2; die "$1 (whole log: $LOG)"; }

say "testing $short (${ref}) on a fresh Debian $suite root; log: $LOG"
if [ "$ref" = HEAD ] && [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
	say "note: the work tree has uncommitted changes; only the commit is tested"
fi

# --- host: the mirror, debootstrap, room ---------------------------------------

host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$host_suite" ] || die "no VERSION_CODENAME in /etc/os-release"

# Prints "URI<TAB>SUITES<TAB>COMPONENTS" for each enabled deb source of the host.
host_sources() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function flush() {
			if (types ~ /(^| )deb( |$)/ && enabled != "no" && uris != "")
				print uris "\t" suites "\t" comps
			types = uris = suites = comps = ""; enabled = "yes"
		}
		BEGIN { enabled = "yes" }
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		{
			key = tolower($1); sub(/:$/, "", key)
			val = $0; sub(/^[^:]*:[ \t]*/, "", val)
			if (key == "types") types = val
			else if (key == "uris") { split(val, u, " "); uris = u[1] }
			else if (key == "suites") suites = val
			else if (key == "components") comps = val
			else if (key == "enabled") enabled = tolower(val)
		}
		END { flush() }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
			awk '$1 == "deb" && NF >= 4 {
				c = $4; for (i = 5; i <= NF; i++) c = c " " $i
				print $2 "\t" $3 "\t" c }'
	done
}

sources=$(host_sources)
mirror=$(printf '%s\n' "$sources" |
	awk -F'\t' -v s="$host_suite" '{ n = split($2, a, " "); for (i = 1; i <= n; i++)
		if (a[i] == s) { print $1; exit } }')
security=$(printf '%s\n' "$sources" |
	awk -F'\t' -v s="$host_suite-security" '{ n = split($2, a, " "); for (i = 1; i <= n; i++)
		if (a[i] == s) { print $1; exit } }')
comps=$(printf '%s\n' "$sources" |
	awk -F'\t' -v m="$mirror" '$1 == m { print $3; exit }')
[ -n "$mirror" ] || die "no deb source for $host_suite in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
say "mirror: $mirror${security:+ (security: $security)}"

if ! command -v debootstrap >/dev/null; then
	step host-debootstrap "installing debootstrap on the host"
	log apt-get update -q || failed "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive log apt-get install -y -q --no-install-recommends \
		debootstrap || failed "apt-get install debootstrap failed"
	stepped
fi

remove_root
avail=$(df -Pm "$FRESH" | awk 'NR == 2 { print $4 }')
[ "$avail" -ge 4096 ] ||
	die "only ${avail} MB free for $FRESH; a root takes about 2.5 GB after make run (need 4 GB)"

# --- the bare root ---------------------------------------------------------------

step debootstrap "debootstrap --variant=minbase $suite"
key=$(printf '%s %s' "$suite" "$mirror" | sha1sum | cut -c1-12)
tarball=$CACHE/minbase-$suite-$key.tgz
dbs=(debootstrap --variant=minbase --arch=amd64)
if [ -z "${FRESH_NO_CACHE:-}" ]; then
	find "$CACHE" -name "minbase-$suite-*.tgz" -mmin +1440 -delete
	if [ ! -s "$tarball" ]; then
		rm -f "$tarball.tmp"
		log "${dbs[@]}" --make-tarball="$tarball.tmp" "$suite" "$DIR.tarball" "$mirror" ||
			failed "debootstrap --make-tarball failed"
		mv "$tarball.tmp" "$tarball"
		rm -rf --one-file-system "$DIR.tarball"
	fi
	dbs+=(--unpack-tarball="$tarball")
fi
log "${dbs[@]}" "$suite" "$DIR" "$mirror" || failed "debootstrap failed"
stepped

# The root's apt sources: the host's mirror and security archive, for $suite.
step configure "writing the root's apt sources, resolv.conf and policy-rc.d"
rm -f "$DIR/etc/apt/sources.list"
{
	printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: %s\n' \
		"$mirror" "$suite" "$suite" "${comps:-main}"
	printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
	if [ -n "$security" ]; then
		printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: %s\n' \
			"$security" "$suite" "${comps:-main}"
		printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
	fi
} >"$DIR/etc/apt/sources.list.d/debian.sources"
cat "$DIR/etc/apt/sources.list.d/debian.sources" >>"$LOG"
rm -f "$DIR/etc/resolv.conf"
cp -L /etc/resolv.conf "$DIR/etc/resolv.conf"
# No service may start inside the root (invoke-rc.d asks policy-rc.d).
printf '#!/bin/sh\nexit 101\n' >"$DIR/usr/sbin/policy-rc.d"
chmod 755 "$DIR/usr/sbin/policy-rc.d"
stepped

# Mounts made private, so nothing mounted inside propagates to the host.
bind() {
	mkdir -p "$DIR$1"
	mount --bind "$1" "$DIR$1"
	mount --make-private "$DIR$1"
}
bind /dev
bind /dev/pts
bind /proc
bind /sys

# A clean environment: nothing of the caller's (MAKEFLAGS, BUILD, CROSS, ...)
# reaches the root.
in_root() {
	env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		TERM="${TERM:-dumb}" LANG=C.UTF-8 chroot "$DIR" "$@"
}

step packages "apt-get install make git ca-certificates (inside the root)"
log in_root apt-get update -q || failed "apt-get update in the root failed"
log in_root env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends make git ca-certificates ||
	failed "apt-get install make git ca-certificates in the root failed"
stepped

step clone "cloning $short into /root/armvcpu"
log git clone -q --no-local --no-checkout "$REPO" "$DIR/root/armvcpu" || failed "git clone failed"
if ! git -C "$DIR/root/armvcpu" cat-file -e "$sha^{commit}" 2>/dev/null; then
	# A commit on no branch (detached HEAD): hand it over by itself.
	log git -C "$REPO" push -q "$DIR/root/armvcpu" "$sha:refs/heads/fresh-root" ||
		failed "git push of $sha failed"
fi
log in_root git -C /root/armvcpu checkout -q --detach "$sha" || failed "git checkout $sha failed"
stepped

# binfmt_misc is global to the host kernel: note whether the root's packages
# registered anything (the run's log shows it).
binfmt_list() {
	[ -d /proc/sys/fs/binfmt_misc/ ] || return 0
	ls /proc/sys/fs/binfmt_misc/ 2>/dev/null | tr '\n' ' ' || true
}
binfmt_before=$(binfmt_list)

step make "make ${targets[*]} (in the root, as root)"
# In the background, so that a signal to this script alone (a CI timeout)
# runs the trap at once instead of after make; stdin stays the caller's.
exec 3<&0
(
	in_root bash -lc "cd /root/armvcpu && make $(printf '%q ' "${targets[@]}")" <&3 2>&1 |
		tee -a "$LOG"
	exit "${PIPESTATUS[0]}"
) &
make_pid=$!
set +e
wait "$make_pid"
status=$?
set -e
make_pid=
stepped
phase=finished

binfmt_after=$(binfmt_list)
if [ "$binfmt_before" != "$binfmt_after" ]; then
	say "note: the host's binfmt_misc changed during the run: '$binfmt_before' -> '$binfmt_after'"
fi
exit "$status"
