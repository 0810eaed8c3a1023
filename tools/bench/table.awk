# SPDX-License-Identifier: GPL-2.0
#
# Combines the per-boot results of `make bench` (files named SIDE-N.txt, from
# parse.awk) into the table on stdout and the JSON file named by `json`.
# Variables: date, commit, kernel, why (why armvcpu did not run, or empty),
# order (the paths, in table order), json (the file to write), trouble (the
# boots whose kernel logged an Oops, a WARNING and the like).

function side_of(f) {
	sub(/.*\//, "", f)
	sub(/-[0-9]+\.txt$/, "", f)
	return f
}

function run_of(f) {
	sub(/.*-/, "", f)
	sub(/\.txt$/, "", f)
	return f
}

# The mean of a side's runs, or a word saying why there is none.
function cell(side, p,    s, r, sum, k) {
	if (side == "kvm" && (p == "hcall" || p == "sysreg"))
		return "n/a KVM 6.1"
	if (!(side in ran))
		return "not available"
	k = 0
	for (r = 1; r <= 2; r++) {
		s = side SUBSEP r SUBSEP p
		if (!(s in val))
			continue
		if (st[s] != "0")
			return "failed (" st[s] ")"
		sum += val[s]
		k++
	}
	if (!k)
		return "no result"
	return sum / k
}

# "<= 0.6 met" against armvcpu-vmm's ratio (armvcpu-runner's without the VMM).
function verdict(p,    r) {
	if (!(p in limit))
		return ""
	r = ratio[p] != "-" ? ratio[p] : mratio[p]
	met[p] = r == "-" ? "null" : r + 0 <= limit[p] ? "true" : "false"
	return sprintf("<= %s%s", limit[p], \
		met[p] == "null" ? "" : met[p] == "true" ? " met" : " missed")
}

# Whether x0 after the path's first run is a right answer: the figures of
# a call that was answered wrongly measure something else.
function answer_ok(p, x) {
	if (!(p in want))
		return 1
	sub(/^0x0*/, "", x)
	return x ~ ("^(" want[p] ")$")
}

# What keeps the bench from vouching for its table: it says so and fails.
function problem(what) {
	problems = problems (nproblems++ ? "; " : "") what
}

function num(c) {
	return c ~ /^[0-9.e+]+$/
}

function show(c, p) {
	if (!num(c))
		return c
	if (p == "mem")
		return sprintf("%.1f M", c / 1e6)
	return sprintf("%.1f", c)
}

# Largest relative difference between the two runs of a side, in percent.
function spread(side,    i, p, a, b, d, m) {
	m = -1
	for (i = 1; i <= npaths; i++) {
		p = paths[i]
		a = side SUBSEP 1 SUBSEP p
		b = side SUBSEP 2 SUBSEP p
		if (!(a in val) || !(b in val) || st[a] != "0" || st[b] != "0")
			continue
		d = val[a] > val[b] ? val[a] - val[b] : val[b] - val[a]
		lo = val[a] < val[b] ? val[a] : val[b]
		d = lo > 0 ? 100 * d / lo : (d ? 100 : 0)
		if (d > m)
			m = d
	}
	return m
}

# Path 6 taken apart, from run 1 of each minimal runner, which marks its
# phases: setting up RAM and creating the VM, the memslot, the vCPU, the
# first RUN until its exit (the guest's loop inside it, as the guest saw
# it), and the rest (process start and exit to hosttime's wake-up).
function breakdown(    j, side, name, s, n, k, kv, ph, sum) {
	printf "\npath 6 taken apart (run 1, millions of host instructions):\n"
	for (j = 1; j <= 2; j++) {
		side = j == 1 ? "kvm" : "armvcpu_runner"
		name = j == 1 ? "KVM" : "armvcpu*"
		s = side SUBSEP 1 SUBSEP "mem"
		if (!(s in val) || st[s] != "0" || phases[s] == "-")
			continue
		delete ph
		n = split(phases[s], kv, ",")
		for (k = 1; k <= n; k++) {
			split(kv[k], f, ":")
			ph[f[1]] = f[2]
		}
		sum = ph["vm"] + ph["memslot"] + ph["vcpu"] + ph["first_run"]
		printf "  %-9s %6.1f = VM %.1f + memslot %.1f + vCPU %.1f + first RUN %.1f (guest loop %.1f) + rest %.1f\n", \
			name, val[s] / 1e6, ph["vm"] / 1e6, ph["memslot"] / 1e6, \
			ph["vcpu"] / 1e6, ph["first_run"] / 1e6, loop[s] / 1e6, \
			(val[s] - sum) / 1e6
	}
}

function jnum(c) {
	return num(c) ? sprintf("%.1f", c) : "null"
}

# The exit hardening's cost (security.rst): armvcpu-vmm's paths again with
# the Cortex-A72's branch-history loop (8 branches) forced on every exit.
function hardening(    i, p, a, b, k, any) {
	if (!("armvcpu_bhb" in ran)) {
		printf "\nexit hardening: not measured: %s\n", \
			("armvcpu_bhb" in unavail) ? unavail["armvcpu_bhb"] : "did not run"
		return
	}
	printf "\nexit hardening on the A72 (armvcpu-vmm; BHB loop of 8 forced on every exit):\n"
	printf "  %-34s %10s %10s %8s %7s\n", "path", "off", "loop 8", "cost", "/KVM"
	for (i = 1; i <= npaths; i++) {
		p = paths[i]
		b = cell("armvcpu_bhb", p)
		if (!num(b))
			continue
		a = cell("armvcpu", p)
		k = cell("kvm", p)
		hb[p] = b
		printf("  %-34s %10s %10s %8s %7s\n", desc[p], show(a, p), show(b, p), \
			num(a) ? sprintf("%+.1f", b - a) : "-", \
			num(k) && k > 0 ? sprintf("%.2f", b / k) : "-")
		any = 1
	}
	if (!any)
		problem("exit hardening: no path completed")
}

BEGIN {
	npaths = split(order, paths, " ")
	desc["calib"] = "0 16-instruction loop, no trap"
	desc["psci"] = "1 HVC PSCI_VERSION, in the kernel"
	desc["wa1"] = "2 HVC SMCCC_ARCH_WORKAROUND_1"
	desc["mmio_w"] = "3 MMIO write, served by the VMM"
	desc["mmio_r"] = "4 MMIO read, served by the VMM"
	desc["hcall"] = "5 HVC exit to the VMM"
	desc["sysreg"] = "5 ACTLR_EL1 read, to the VMM"
	desc["mem"] = "6 256 MiB, a word per page"
	# Targets, as at most this ratio to KVM (for WA1: KVM's EL2 fast
	# path is the floor, and armvcpu may take twice it).
	limit["psci"] = 0.6
	limit["wa1"] = 2
	limit["mmio_w"] = 0.8
	limit["mmio_r"] = 0.8
	limit["mem"] = 1
	# x0 after each call, in hex without leading zeros: PSCI 1.0 or 1.1;
	# WORKAROUND_1 done (KVM) or NOT_SUPPORTED (armvcpu offers none); the
	# VMMs answer an unknown hypercall NOT_SUPPORTED; the MMIO register
	# was never written, and ACTLR_EL1 reads as zero from both VMMs.
	want["psci"] = "1000[01]"
	want["wa1"] = "|ffffffffffffffff"
	want["hcall"] = "ffffffffffffffff"
	want["mmio_r"] = ""
	want["sysreg"] = ""
	wanted["psci"] = "PSCI 1.0 or 1.1"
	wanted["wa1"] = "0 or NOT_SUPPORTED"
	wanted["hcall"] = "NOT_SUPPORTED"
	wanted["mmio_r"] = "0"
	wanted["sysreg"] = "0"
}

{
	side = side_of(FILENAME)
	r = run_of(FILENAME)
	ran[side] = 1
}

$1 == "unavailable" {
	$1 = ""
	unavail[side] = substr($0, 2)
	delete ran[side]
	next
}

$1 == "note" { print; next }

side == "bare" {
	bare[$1] = $2
	next
}

{
	s = side SUBSEP r SUBSEP $1
	val[s] = $2
	ret[s] = $3
	undef[s] = $4
	st[s] = $5
	loop[s] = $7
	phases[s] = $8
	if (st[s] == "0" && !answer_ok($1, $3))
		problem(side " " $1 ": the guest got " $3 ", not " wanted[$1])
}

END {
	if (why != "") {
		unavail["armvcpu"] = why
		unavail["armvcpu_runner"] = why
	}
	printf "\nmake bench, %s, commit %s, %s, QEMU -cpu cortex-a72 -icount shift=0,sleep=off -smp 1\n", \
		date, commit, kernel
	printf "instructions per round trip, guest loop included; mem: host instructions\n"
	printf "armvcpu: under armvcpu-vmm; KVM: under kvm-runner; armvcpu*: under\n"
	printf "armvcpu-runner, kvm-runner's twin (the same userspace work as KVM's)\n"
	printf "target: at most this ratio to KVM, judged on the armvcpu column\n"
	printf "(row 2: KVM's EL2 fast path is the trap floor, armvcpu may take twice it)\n\n"
	fmt = "%-34s %14s %14s %7s %14s %7s  %s\n"
	printf fmt, "path", "armvcpu", "KVM", "/KVM", "armvcpu*", "/KVM", "target"
	for (i = 1; i <= npaths; i++) {
		p = paths[i]
		a = cell("armvcpu", p)
		k = cell("kvm", p)
		m = cell("armvcpu_runner", p)
		ratio[p] = num(a) && num(k) && k > 0 ? sprintf("%.2f", a / k) : "-"
		mratio[p] = num(m) && num(k) && k > 0 ? sprintf("%.2f", m / k) : "-"
		note = ""
		if (undef["armvcpu" SUBSEP 1 SUBSEP p] > 0)
			note = " (UNDEF)"
		line = sprintf(fmt, desc[p], show(a, p) note, show(k, p), ratio[p], \
			show(m, p), mratio[p], verdict(p))
		sub(/ +\n$/, "\n", line)
		printf "%s", line
		ca[p] = a
		ck[p] = k
		cm[p] = m
		if (a ~ /^(failed|no result)/ || k ~ /^(failed|no result)/ || \
		    m ~ /^(failed|no result)/)
			problem(desc[p] ": did not complete on every side that ran")
	}
	breakdown()
	hardening()
	printf "\nNo hypervisor (the guest alone on QEMU at EL1): the 16-instruction loop\n"
	printf "takes %s per iteration, %s;\n", show(bare["calib"], "calib"), \
		bare["calib"] + 0 == 16 ? "so one counter tick is 16 instructions" : \
		"NOT one counter tick per 16 instructions"
	printf "an HVC answered by QEMU itself takes %s: the guest's share of each HVC row.\n\n", \
		show(bare["wa1"], "wa1")
	nsides = split("kvm armvcpu armvcpu_runner", sides, " ")
	for (j = 1; j <= nsides; j++) {
		side = sides[j]
		name = side == "kvm" ? "KVM" : side == "armvcpu" ? "armvcpu" : "armvcpu*"
		agree[side] = "null"
		if (!(side in ran)) {
			printf "%s: not available: %s\n", name, \
				(side in unavail) ? unavail[side] : "did not run"
			problem(name " did not run")
			continue
		}
		m = spread(side)
		if (m < 0) {
			printf "%s: no path has two runs to compare\n", name
		} else {
			agree[side] = m <= 1 ? "true" : "false"
			printf "%s: the two runs %s within 1%% (largest difference %.3f%%)\n", \
				name, m <= 1 ? "agree" : "DO NOT agree", m
			if (m > 1)
				problem(name ": the two runs differ by more than 1%")
		}
	}

	printf "{\n  \"date\": \"%s\",\n  \"commit\": \"%s\",\n", date, commit > json
	printf "  \"kernel\": \"%s\",\n", kernel > json
	printf "  \"qemu\": \"-cpu cortex-a72 -icount shift=0,sleep=off -smp 1\",\n" > json
	printf "  \"unit\": \"instructions per round trip; mem: host instructions\",\n" > json
	printf "  \"armvcpu_unavailable\": %s,\n", \
		("armvcpu" in unavail) ? "\"" unavail["armvcpu"] "\"" : "null" > json
	printf "  \"runs_agree\": { \"armvcpu\": %s, \"kvm\": %s, \"armvcpu_runner\": %s },\n", \
		agree["armvcpu"], agree["kvm"], agree["armvcpu_runner"] > json
	printf "  \"bare_qemu\": { \"calib\": %s, \"hvc\": %s },\n", \
		jnum(bare["calib"]), jnum(bare["wa1"]) > json
	printf "  \"paths\": [\n" > json
	for (i = 1; i <= npaths; i++) {
		p = paths[i]
		printf "    { \"path\": \"%s\", \"what\": \"%s\", \"armvcpu\": %s, \"kvm\": %s, \"ratio\": %s, \"armvcpu_runner\": %s, \"runner_ratio\": %s", \
			p, desc[p], jnum(ca[p]), jnum(ck[p]), \
			ratio[p] == "-" ? "null" : ratio[p], jnum(cm[p]), \
			mratio[p] == "-" ? "null" : mratio[p] > json
		if (p in limit)
			printf ", \"target_ratio\": %s, \"target_met\": %s", \
				limit[p], met[p] > json
		if (p in hb)
			printf ", \"armvcpu_bhb_loop8\": %s", jnum(hb[p]) > json
		for (j = 1; j <= nsides; j++) {
			side = sides[j]
			printf ", \"%s_runs\": [", side > json
			sep = ""
			for (r = 1; r <= 2; r++) {
				s = side SUBSEP r SUBSEP p
				if (s in val && st[s] == "0") {
					printf "%s%s", sep, val[s] > json
					sep = ", "
				}
			}
			printf "]" > json
		}
		printf " }%s\n", i < npaths ? "," : "" > json
	}
	printf "  ]\n}\n" > json
	close(json)
	printf "\nwritten: %s\n", json
	if (trouble != "")
		problem("kernel trouble in the boot(s)" trouble)
	if (bare["calib"] + 0 != 16)
		problem("the calibration without a hypervisor is not 16.0")
	if (nproblems) {
		printf "make bench: %d problem(s): %s\n", nproblems, problems
		exit 1
	}
	printf "make bench: every path ran, and the runs agree\n"
}
