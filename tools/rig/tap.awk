# SPDX-License-Identifier: GPL-2.0
#
# Reads one nested boot's console as it arrives; prints each test's TAP result
# line at once, scans the kernel's log for trouble, and at the end writes
# "passed failed skipped" to the file named by `res`.
# Variables: boot (name), expect (space-separated tests that must report), res.

function fail(msg) {
	failed++
	printf "[%s] not ok - %s\n", boot, msg
	fflush()
}

function close_test(rc,    missing) {
	if (plan[cur] < 0)
		fail(cur ": printed no TAP plan")
	missing = plan[cur] - nres[cur]
	if (missing > 0)
		fail(cur ": " missing " planned test(s) did not report")
	if (rc != 0 && nfail[cur] == 0)
		fail(cur ": exited with status " rc)
	done[cur] = 1
	cur = ""
}

# Which checker of the kernel a line of trouble comes from (the debug
# kernel's KASAN, KFENCE, UBSAN, lockdep, ...; the rig's page-leak list);
# "generic" for a plain BUG/WARNING or the call trace of any report.
function checker(line) {
	if (line ~ /KASAN:/) return "KASAN"
	if (line ~ /KFENCE:/) return "KFENCE"
	if (line ~ /UBSAN:/) return "UBSAN"
	if (line ~ /sleeping function called from invalid context|scheduling while atomic|Invalid wait context/)
		return "atomic-sleep"
	if (line ~ /in preemptible \[/) return "preempt"
	if (line ~ /circular locking|inconsistent lock state|recursive locking|DEBUG_LOCKS_WARN_ON|MAX_LOCKDEP_[A-Z_]* too low|locking correctness validator|suspicious RCU usage|bad unlock balance|held lock freed|lock held when returning/)
		return "lockdep"
	if (line ~ /unreferenced object|leak detector disabled/) return "kmemleak"
	if (line ~ /RIG-PAGE-LEAK [0-9]/) return "page-leak"
	if (line ~ /RIG-CHECKER-OFF/) return "checker-off"
	if (line ~ /list_(add|del) corruption|list_add double add|list_del corruption/)
		return "list"
	if (line ~ /ODEBUG:/) return "debugobjects"
	if (line ~ /usercopy:/) return "usercopy"
	if (line ~ /BUG [^ :]+ \((Not t|T)ainted/) return "slub"
	if (line ~ /Oops|Unable to handle|Internal error|Kernel panic/) return "crash"
	if (line ~ /detected stall|blocked for more than/) return "stall"
	return "generic"
}

BEGIN {
	bad = "Oops|BUG:|WARNING:|Unable to handle|Internal error|Call trace|" \
	      "DEBUG_LOCKS_WARN_ON|locking correctness validator|" \
	      "possible circular locking|inconsistent lock state|" \
	      "detected stall|self-detected stall|Kernel panic|blocked for more than|" \
	      "KASAN:|KFENCE:|UBSAN:|sleeping function called|scheduling while atomic|" \
	      "in preemptible \\[|unreferenced object|leak detector disabled|" \
	      "RIG-PAGE-LEAK|RIG-CHECKER-OFF|list_(add|del) corruption|" \
	      "list_add double add|ODEBUG:|usercopy:|" \
	      "BUG [^ :]+ \\((Not t|T)ainted"
	# The plant suite sets off armvcpu's planted bugs: each of these
	# checkers must report exactly once (KFENCE may catch the
	# use-after-free instead of KASAN), plain BUG/WARNING lines and call
	# traces are theirs, and anything else (a crash, a second report,
	# another checker) still fails the boot.
	if (suite == "plant")
		split("KASAN lockdep kmemleak UBSAN atomic-sleep preempt list " \
		      "debugobjects page-leak", planted, " ")
	for (i in planted)
		expected[planted[i]] = 1
	nexpected = length(planted)
	cur = ""
	# boot.sh's demo scans its log with the same list.
	if (print_bad) {
		print bad
		exit
	}
}

{
	sub(/\r$/, "")
	# The console's last lines, for a boot that never reached /init.
	tail[NR % 5] = $0
}

/^RIG-BEGIN / { begun = 1; next }

/^RIG-TEST-BEGIN / {
	cur = $2
	plan[cur] = -1
	nres[cur] = 0
	nfail[cur] = 0
	next
}

/^RIG-TEST-END / {
	if (cur != "") {
		rc = $3
		sub(/^rc=/, "", rc)
		close_test(rc + 0)
	}
	next
}

cur != "" && /^1\.\.[0-9]+/ {
	split($0, p, /\.\./)
	plan[cur] = p[2] + 0
	next
}

cur != "" && /^(ok|not ok) [0-9]+/ {
	nres[cur]++
	if ($0 ~ /^ok/ && $0 ~ /# [Ss][Kk][Ii][Pp]/) {
		skipped++
	} else if ($0 ~ /^ok/) {
		passed++
	} else {
		failed++
		nfail[cur]++
	}
	printf "[%s] %s: %s\n", boot, cur, $0
	fflush()
	next
}

cur != "" && /^# / {
	# Keep the harness' diagnostics of failing cases visible.
	if ($0 ~ /(FAIL|Expected|ASSERT)/ && $0 !~ /Totals/) {
		printf "[%s] %s: %s\n", boot, cur, $0
		fflush()
	}
	next
}

/^RIG-NOTE / { printf "[%s] %s\n", boot, $0; fflush(); next }
/^RIG-DMESG-BEGIN/ { in_dmesg = 1; dmesg_first = 1; next }

# A log that wrapped has lost its first reports: the scan cannot vouch.
dmesg_first {
	dmesg_first = 0
	if ($0 !~ /Booting Linux/)
		fail("the kernel log lost its start (buffer wrapped): reports may be missing")
}

/^RIG-DMESG-END/ { in_dmesg = 0; next }
/^RIG-END/ { ended = 1; next }

# DEBUG_VM's note that a fault reached a userfaultfd without leave to
# wait: armvcpu's fault-in does that on purpose, as 6.1's own long-term
# pins (VFIO) do (Documentation/robustness.rst). A printk and a stack
# dump, no WARN: the dump's "Call trace" that follows is not a report.
/FAULT_FLAG_ALLOW_RETRY missing/ { uffd_note = NR }
cur == "" && /Call trace:/ && uffd_note && NR - uffd_note <= 3 { uffd_note = 0; next }

cur == "" && $0 ~ bad {
	# Anything the kernel logged outside a test's own output, and the dmesg
	# dump at the end, which also holds what it logged during the tests.
	c = checker($0)
	if (nexpected && c == "KFENCE")
		c = "KASAN"
	spoke[c]++
	if (((c in expected) && spoke[c] == 1) || (nexpected && c == "generic"))
		next
	kernel_bad++
	if (kernel_bad <= 20) {
		printf "[%s] kernel: %s\n", boot, $0
		fflush()
	}
}

END {
	if (print_bad)
		exit
	if (cur != "")
		fail(cur ": never finished (hang or crash)")
	n = split(expect, want, " ")
	for (i = 1; i <= n; i++)
		if (!(want[i] in done) && want[i] != cur)
			fail(want[i] ": did not run")
	if (kernel_bad) {
		who = ""
		for (c in spoke)
			if (!(nexpected && c == "generic") &&
			    !((c in expected) && spoke[c] == 1))
				who = who " " c "=" spoke[c]
		fail("the nested kernel logged " kernel_bad " line(s) of trouble; by checker:" who)
	}
	for (c in expected)
		if (!spoke[c])
			fail("checker " c " never reported its planted bug: is it on?")
	if (!begun) {
		fail("the nested kernel never reached /init; the console ended with:")
		for (i = NR - 4; i <= NR; i++)
			if (i > 0)
				printf "[%s] #   %s\n", boot, tail[i % 5]
	}
	else if (!ended)
		fail("the boot did not finish (timeout, panic or hang)")
	printf "%d %d %d\n", passed, failed, skipped > res
}
