# SPDX-License-Identifier: GPL-2.0
#
# TAP helpers of the install tests (test-*.sh source this): ok and not_ok
# number their lines and count failures in $failed; not_ok's further
# arguments become "# " comment lines.
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	local l
	for l in "$@"; do echo "# $l"; done
}
