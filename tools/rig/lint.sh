#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh: checkpatch.pl --strict over every tracked source file and sparse over
# the module. Prints one TAP-style line per linter and leaves
# "passed failed 0" in $BUILD/results/lint, so make check counts the linters
# with the tests and still runs the tests when a linter complains.
# Environment: BUILD LINUX_SRC, KERNELS (sparse runs on each) and MAKE.
set -uo pipefail

BUILD=${BUILD:-build}
mkdir -p "$BUILD/results"
pass=0 fail=0

report() {
	local ok=$1 what=$2 log=$3
	if [ "$ok" = 0 ]; then
		echo "[lint] ok - $what"
		pass=$((pass + 1))
	else
		cat "$log"
		echo "[lint] not ok - $what (log: $log)"
		fail=$((fail + 1))
	fi
}

checkpatch() {
	local log=$1
	shift
	[ $# -eq 0 ] && { : >"$log"; return 0; }
	perl "$LINUX_SRC/scripts/checkpatch.pl" --strict --no-tree --quiet \
		--show-types --ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES "$@" >"$log" 2>&1
	[ ! -s "$log" ]
}

# checkpatch's cache of camelcase words would land in the work tree.
cd "$(git rev-parse --show-toplevel)" || exit 1
kernel=$(git ls-files -- 'armvcpu/*.[chS]' 'include/uapi/*.h')
# Userspace names the C library defines (Elf64_Ehdr, PRIx64) are not ours to
# rename: CAMELCASE is the one check userspace files are spared.
user=$(git ls-files -- 'tools/*.[chS]' 'selftests/*.[chS]')

# shellcheck disable=SC2086
checkpatch "$BUILD/checkpatch-kernel.log" -f $kernel
report $? "checkpatch --strict: module and uapi ($(wc -w <<<"$kernel") files)" \
	"$BUILD/checkpatch-kernel.log"
# shellcheck disable=SC2086
checkpatch "$BUILD/checkpatch-user.log" --ignore CAMELCASE -f $user
report $? "checkpatch --strict: tools and selftests ($(wc -w <<<"$user") files)" \
	"$BUILD/checkpatch-user.log"

# Kbuild does not fail on sparse findings: C=2 checks every file, and any
# warning or error line is a finding. Each kernel's headers are checked.
for k in $KERNELS; do
	log=$BUILD/sparse-$k.log
	${MAKE:-make} --no-print-directory sparse KERNEL="$k" >"$log" 2>&1
	rc=$?
	if [ $rc = 0 ] && grep -qE '(warning|error):' "$log"; then
		rc=1
	fi
	report $rc "sparse: module, kernel $k" "$log"
done

echo "$pass $fail 0" >"$BUILD/results/lint"
[ "$fail" = 0 ]
