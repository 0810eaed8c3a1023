# SPDX-License-Identifier: GPL-2.0
#
# armvcpu: `make` builds the module (for every kernel the rig has), the VMM,
# the guests and the selftests; `make check` lints, builds and runs the whole
# suite in nested QEMU; `make run` shows the module and the VMM at work. Each
# installs what it needs. KERNEL=6.1|6.12 picks the kernel of make module,
# run, run-linux, bench and stress (default: the host's Debian's own series).

# On the arm64 machine that runs armvcpu, this is a plain native build and
# install for the running kernel (make, make install, make dkms-install;
# Documentation/install.rst): the rig below is for amd64 build hosts.
ifeq ($(shell uname -m),aarch64)
include tools/install/install.mk
else

BUILD ?= build
CROSS ?= aarch64-linux-gnu-
export BUILD
.DEFAULT_GOAL := all

# Set-up (packages, kernel images and headers, kselftest headers) is part of
# the build: env.mk is remade by setup.sh, which only rewrites it when it
# changes.
ifeq ($(filter clean distclean help,$(MAKECMDGOALS)),)
include $(BUILD)/env.mk
endif
$(BUILD)/env.mk: FORCE
	@tools/rig/setup.sh

KERNEL ?= $(KERNEL_DEFAULT)

# The debug kernel (KASAN, lockdep, kmemleak, UBSAN, ...: make check-debug,
# make stress KERNEL=debug) is built from the rig's linux-source, once, by
# tools/rig/debug-kernel.sh, only when asked for: its env.mk names it.
DEBUG_ENV := $(BUILD)/debug-kernel.mk
ifneq ($(filter debug,$(KERNEL))$(filter check-debug debug-kernel,$(MAKECMDGOALS)),)
ifeq ($(filter clean distclean help,$(MAKECMDGOALS)),)
DEBUG_WANTED := 1
endif
endif
ifneq ($(DEBUG_WANTED),)
include $(DEBUG_ENV)
# After the set-up, whose env.mk it reads (make remakes included files
# in reverse order).
$(DEBUG_ENV): $(BUILD)/env.mk FORCE
	@tools/rig/debug-kernel.sh
# Pages still allocated by armvcpu after rmmod are found through page_owner
# (tools/rig/init).
# Every KASAN report is printed, not only the first.
export RIG_APPEND := page_owner=on kasan_multi_shot
else ifneq ($(KERNELS),)
ifeq ($(filter $(KERNEL),$(KERNELS)),)
$(error KERNEL=$(KERNEL): this rig has the kernels $(KERNELS) (and debug))
endif
endif
KABI := $(KABI_$(KERNEL))
KDIR := $(KDIR_$(KERNEL))
VMLINUZ := $(VMLINUZ_$(KERNEL))

# Kbuild builds an external module in its source folder, so each kernel's
# build happens in a tree of links of its own (tools/rig/modtree.sh).
mod_dir = $(abspath $(BUILD))/kernels/$(1)/module
kbuild_args = -C $(KDIR_$(1)) M=$(call mod_dir,$(1)) ARCH=arm64 \
	CROSS_COMPILE=$(CROSS) CC=$(KCC_$(1)) W=1 KCFLAGS=-Werror
KBUILD_ARGS = $(call kbuild_args,$(KERNEL))
MODULE = $(call mod_dir,$(KERNEL))/armvcpu.ko

.PHONY: all module modules userspace check run lint sparse setup clean \
	distclean help FORCE initramfs initramfs-all unit-tests run-linux \
	check-debug debug-kernel debug-config

all: modules userspace

# Guest ELFs and images are intermediate files: keep them, for objdump and for
# make not to rebuild them on every run.
.SECONDARY:

setup: $(BUILD)/env.mk

help:
	@echo "make          build armvcpu.ko (each kernel), the VMM, guests, selftests"
	@echo "              (kernels here: $(KERNELS); KERNEL=... picks one below)"
	@echo "make check    lint, build, run every test in nested QEMU (T=name: one test)"
	@echo "make check-debug  the suite on a KASAN/lockdep/kmemleak/UBSAN kernel"
	@echo "make run      boot nested QEMU, load the module, run the hello guest"
	@echo "make run-linux  the Debian kernel as a 2-vCPU guest, with a shell"
	@echo "make lint     checkpatch --strict and sparse"
	@echo "make bench    exit costs of armvcpu and KVM side by side (icount)"
	@echo "make stress   the long pass of the fuzzers and lifetime tests"

module: module-$(KERNEL)
modules: $(addprefix module-,$(KERNELS))
# The rig's builds have the test hooks (armvcpu/test/, ARMVCPU_TEST in
# Kbuild); make install and DKMS build without them. The debug kernel's
# build also has the planted bugs of the checkers' own test
# (armvcpu/test/plant.c, selftests/plant_checkers.c).
module_extra_debug := ARMVCPU_PLANT=y
module-%: FORCE
	@tools/rig/modtree.sh $(call mod_dir,$*)
	$(MAKE) $(call kbuild_args,$*) ARMVCPU_TEST=y $(module_extra_$*) modules

-include tools/guest/build.mk
-include tools/vmm/build.mk
include selftests/build.mk
include tools/bench/build.mk
# make install DESTDIR=...: the cross build for KERNEL; the DKMS test builds
# for every kernel.
DKMS_TEST_KDIRS := $(foreach k,$(KERNELS),$(KDIR_$(k)))
include tools/install/install.mk

userspace: $(VMM_BIN) $(GUEST_BINS) selftests

# --- lint --------------------------------------------------------------------
# checkpatch --strict and sparse; see tools/rig/lint.sh.
# Sparse runs on every kernel's build of the module (make sparse KERNEL=...).
LINT_ENV = LINUX_SRC=$(LINUX_SRC) KERNELS="$(KERNELS)" MAKE="$(MAKE)"
lint:
	@$(LINT_ENV) tools/rig/lint.sh
# It checks the planted bugs too (ARMVCPU_PLANT), in a tree of its own so
# that the module of make check is not rebuilt.
sparse:
	@tools/rig/modtree.sh $(call mod_dir,$(KERNEL))-sparse
	$(MAKE) $(KBUILD_ARGS) M=$(call mod_dir,$(KERNEL))-sparse \
		ARMVCPU_PLANT=y C=2 CHECK=sparse modules

# --- nested QEMU ---------------------------------------------------------------
# One per kernel: its armvcpu.ko, and itself as the Linux guest's kernel.
initrd_of = $(BUILD)/kernels/$(1)/initramfs.cpio.gz
INITRD := $(call initrd_of,$(KERNEL))
# The Linux guest (selftests/linux_boot.c, make run-linux): the rig's own
# kernel image and a busybox initramfs of about 1 MB.
LINUX_GUEST_INITRD := $(BUILD)/linux-initrd.cpio.gz
# The bench's guests, minimal runner and timer, for selftests/bench_guests.c.
INITRD_EXTRA = $(if $(VMM_BIN),$(VMM_BIN):bin/armvcpu-vmm) \
	$(foreach g,$(GUEST_BINS),$(g):guests/$(notdir $(g))) \
	$(LINUX_GUEST_INITRD):guests/linux-initrd.cpio.gz \
	$(foreach g,$(BENCH_GUESTS),$(g):bench/guests/$(notdir $(g))) \
	$(ARMVCPU_RUNNER):bench/armvcpu-runner $(BENCH_HOSTTIME):bench/hosttime

# The guest's "perf stat -e cycles,instructions": its busybox has no perf.
GUEST_PERFCOUNT := $(BUILD)/guest/perfcount
$(GUEST_PERFCOUNT): tools/rig/perfcount.c
	@mkdir -p $(@D)
	$(CROSS)gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

$(LINUX_GUEST_INITRD): tools/rig/mkguestinitrd.sh $(BUSYBOX) $(GUEST_PERFCOUNT)
	@tools/rig/mkguestinitrd.sh $@ $(BUSYBOX) $(GUEST_PERFCOUNT)

# Each kernel's own ext4 and loop drivers, with what they need, for the
# tests of file-backed guest memory: tools/rig/mkfs-ext4 (rig-mkfs-ext4 in
# the initramfs) inserts them in this order. Debian's 6.12 ships them
# xz-compressed; mkinitramfs.sh unpacks them.
RIG_FS_MODS = lib/crc16 fs/mbcache fs/jbd2/jbd2 crypto/crc32c_generic \
	fs/ext4/ext4 drivers/block/loop
kmod_dir_of = $(BUILD)/kernels/$(1)/sysroot/lib/modules/$(KABI_$(1))/kernel
# The virtio-net device of make check's gdb step (tools/rig/init run_gdb).
RIG_NET_MODS = net/core/failover drivers/net/net_failover \
	drivers/net/virtio_net drivers/virtio/virtio_mmio
# A kernel that builds them in (the debug kernel) has none to add.
fs_mods_of = $(foreach m,$(RIG_FS_MODS) $(RIG_NET_MODS),$(foreach f,$(firstword $(wildcard \
	$(call kmod_dir_of,$(1))/$(m).ko*)),$(f):lib/modules/rig/$(notdir $(m)).ko))

INITRD_DEPS = userspace $(LINUX_GUEST_INITRD) $(BENCH_GUESTS) \
	$(ARMVCPU_RUNNER) $(BENCH_HOSTTIME)
initramfs: initramfs-$(KERNEL)
initramfs-all: $(addprefix initramfs-,$(KERNELS))
initramfs-%: module-% $(INITRD_DEPS) FORCE
	@tools/rig/mkinitramfs.sh $(call initrd_of,$*) $(BUSYBOX) \
		$(call mod_dir,$*)/armvcpu.ko $(ST_OUT) $(INITRD_EXTRA) \
		$(or $(GUEST_VMLINUZ_$*),$(VMLINUZ_$*)):guests/vmlinuz \
		tools/rig/mkfs-ext4:bin/rig-mkfs-ext4 $(call fs_mods_of,$*)

RIG_ENV = VMLINUZ=$(VMLINUZ) INITRD=$(INITRD)

# make check's gdb step, on the default kernel: gdb-multiarch on this machine
# debugs a guest in the nested QEMU through a port forward. Like the install
# tests, a two-line script check.sh runs as a host test (TAP).
GDB_TEST := $(BUILD)/host/gdb/gdb_remote
HOST_TESTS += $(GDB_TEST)
$(GDB_TEST): FORCE
	@mkdir -p $(@D)
	@printf '#!/bin/sh\nexec %s %s %s %s %s\n' $(CURDIR)/tools/rig/gdb-test.sh \
		$(abspath $(VMLINUZ_$(KERNEL_DEFAULT))) \
		$(abspath $(call initrd_of,$(KERNEL_DEFAULT))) \
		$(abspath $(BUILD)/guests/gdbtest.elf) $(abspath $(BUILD)/logs) >$@
	@chmod +x $@

# The linters count as tests: a finding fails make check, but the tests still
# run, so one run shows everything that is wrong.
# Native unit tests of pure userspace code run first, on the build machine.
# Every kernel's main suite, the refusal boots and the icount boot (the PMU
# tests under QEMU's -icount), on the boots of tools/rig/boots;
# BOOTS="a72-6.1 ..." picks some.
check: initramfs-all $(HOST_TESTS)
	@$(LINT_ENV) tools/rig/lint.sh || true
	@KERNELS="$(KERNELS)" KERNEL_DEFAULT=$(KERNEL_DEFAULT) ONLY=$(T) \
		HOST_TESTS="$(HOST_TESTS)" tools/rig/check.sh

# The main suite on the debug kernel, the refusal boots and the checkers'
# own test (the plant boot); DEBUG_BOOTS="a72 max plant ..." picks boots.
# Like make check, it fails on any report of a checker. A main boot takes
# 10 to 17 minutes there: each boot may take an hour (TIMEOUT).
DEBUG_BOOTS ?= a72 plant noel2 kvm vhe
debug-kernel: $(DEBUG_ENV)
# Only the set-up and the .config, for the fresh-root check of .ci/run.
debug-config:
	@tools/rig/debug-kernel.sh --config
check-debug: initramfs-debug
	@rm -f $(BUILD)/results/lint
	@KERNELS=debug KERNEL_DEFAULT=debug ONLY=$(T) BOOTS="$(DEBUG_BOOTS)" \
		TIMEOUT=$(or $(TIMEOUT),3600) tools/rig/check.sh

# Fails, saying why, when QEMU, the module, the VMM or the guest does.
run: initramfs
	@echo "==> booting the Debian $(KABI) kernel at EL2 in QEMU (KVM off, nVHE)"
	@$(RIG_ENV) INTERACTIVE=1 tools/rig/boot.sh demo-$(KERNEL) cortex-a72 \
		virtualization=on kvm-arm.mode=none demo

# The nested kernel runs armvcpu-vmm on itself as a 2-vCPU guest; the
# console is yours (the guest's shell: poweroff -f ends it all).
run-linux: initramfs
	@$(RIG_ENV) tools/rig/run-linux.sh

# The robustness tests' long pass: ten times the counts of make check, then one
# summary of every figure (tools/stress/stress.sh; STRESS_BOOTS="a72 max").
stress: initramfs
	@$(RIG_ENV) KERNEL=$(KERNEL) tools/stress/stress.sh

clean:
	rm -rf $(BUILD)/selftests $(BUILD)/bin $(BUILD)/guests $(BUILD)/host \
		$(BUILD)/results $(BUILD)/logs $(BUILD)/kernels/*/module* \
		$(BUILD)/kernels/*/initramfs.cpio.gz
	@# Products of a Kbuild run in the source tree itself (make -C KDIR M=.).
	find . -path ./build -prune -o \( -name '*.o' -o -name '*.ko' -o \
		-name '.*.cmd' -o -name '*.mod' -o -name '*.mod.c' -o \
		-name modules.order -o -name Module.symvers -o -name '*.pic' -o \
		-name asm-offsets.s \) \
		-print | grep -v '^./build$$' | xargs -r rm -f
	rm -rf generated

distclean: clean
	rm -rf $(BUILD)

endif # the rig
