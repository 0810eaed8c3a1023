# SPDX-License-Identifier: GPL-2.0
#
# Reads the console log of one `make bench` boot and prints, per path,
#	path value ret undef status guest_value guest_total memslot
# value: instructions per iteration (ticks * 16 / iterations), or for mem
# the host instructions from the VMM's start to the guest's first output;
# guest_value: for mem, the guest's own view per page, else the same value;
# guest_total: the guest's timed loop, all iterations; phases: the minimal
# runners' start-up, "vm:N,memslot:N,vcpu:N,first_run:N" in instructions
# (setting up RAM and creating the VM, the memslot, the vCPU, the first RUN
# until its exit), or "-".
# A side that could not run gives "unavailable <why>".
# Variable: side, the VMM whose lines to read (kvm, armvcpu, armvcpu_runner).

function hex(s,    v, i) {
	s = tolower(s)
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}

function field(name,    i) {
	for (i = 5; i <= NF; i++)
		if (index($i, name "=") == 1)
			return substr($i, length(name) + 2)
	return ""
}

function phases(p,    i, n, out, name) {
	n = split("vm memslot vcpu first_run", name, " ")
	out = ""
	for (i = 1; i <= n; i++)
		if ((p, name[i]) in phase)
			out = out (out == "" ? "" : ",") name[i] ":" phase[p, name[i]]
	return out == "" ? "-" : out
}

$1 != "RIG-BENCH" || $2 != side { next }

$3 == "-" && $4 == "unavailable:" {
	$1 = $2 = $3 = $4 = ""
	sub(/^ +/, "")
	print "unavailable " $0
	next
}

$4 == "BENCH" {
	p = $3
	seen[p] = 1
	order[++n] = p
	iters = hex(field("iters"))
	ticks[p] = hex(field("ticks"))
	per[p] = iters ? ticks[p] * 16 / iters : 0
	loop[p] = ticks[p] * 16
	ret[p] = field("ret")
	undef[p] = hex(field("undef"))
	next
}

$4 == "RUNNER" {
	phase[$3, $5] = hex(field("ticks")) * 16
	next
}

$4 == "HOSTTIME" {
	p = $3
	if (!(p in seen)) {
		seen[p] = 1
		order[++n] = p
	}
	host[p] = hex(field("ticks")) * 16
	status[p] = field("status")
	if (field("frq") != "62500000")
		printf "note %s: the counter runs at %s Hz, not 62.5 MHz\n", p, field("frq")
	next
}

END {
	for (i = 1; i <= n; i++) {
		p = order[i]
		st = (p in status) ? status[p] : "none"
		if (!(p in per))
			st = st == 0 ? "noresult" : st
		v = p == "mem" ? host[p] : per[p]
		printf "%s %.1f %s %d %s %.1f %.0f %s\n", p, v, \
			(p in ret) ? ret[p] : "-", undef[p], st, per[p], loop[p], \
			phases(p)
	}
}
