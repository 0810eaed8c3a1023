# SPDX-License-Identifier: GPL-2.0
#
# armvcpu: `make` builds the module, the VMM, the guests and the selftests;
# `make check` lints, builds and runs the whole suite in nested QEMU;
# `make run` shows the module and the VMM at work. Each installs what it needs.

BUILD ?= build
CROSS ?= aarch64-linux-gnu-
export BUILD

# Set-up (packages, kernel image and headers, kselftest headers) is part of the
# build: env.mk is remade by setup.sh, which only rewrites it when it changes.
ifeq ($(filter clean distclean help,$(MAKECMDGOALS)),)
include $(BUILD)/env.mk
endif
$(BUILD)/env.mk: FORCE
	@tools/rig/setup.sh

KBUILD_ARGS := -C $(KDIR) M=$(CURDIR) ARCH=arm64 CROSS_COMPILE=$(CROSS) \
	CC=$(CROSS)gcc-12 W=1 KCFLAGS=-Werror

.PHONY: all module userspace check run lint setup clean \
	distclean help FORCE initramfs unit-tests run-linux

all: module userspace

# Guest ELFs and images are intermediate files: keep them, for objdump and for
# make not to rebuild them on every run.
.SECONDARY:

setup: $(BUILD)/env.mk

help:
	@echo "make          build armvcpu.ko, the VMM, guests and selftests"
	@echo "make check    lint, build, run every test in nested QEMU (T=name: one test)"
	@echo "make run      boot nested QEMU, load the module, run the hello guest"
	@echo "make run-linux  the Debian kernel as a 2-vCPU guest, with a shell"
	@echo "make lint     checkpatch --strict and sparse"
	@echo "make bench    exit costs of armvcpu and KVM side by side (icount)"
	@echo "make stress   the long pass of the fuzzers and lifetime tests"

module:
	$(MAKE) $(KBUILD_ARGS) modules

-include tools/guest/build.mk
-include tools/vmm/build.mk
include selftests/build.mk
include tools/bench/build.mk
include tools/install/install.mk

userspace: $(VMM_BIN) $(GUEST_BINS) selftests

# --- lint --------------------------------------------------------------------
# checkpatch --strict and sparse; see tools/rig/lint.sh.
lint:
	@LINUX_SRC=$(LINUX_SRC) KBUILD_ARGS="$(KBUILD_ARGS)" tools/rig/lint.sh

# --- nested QEMU ---------------------------------------------------------------
INITRD := $(BUILD)/initramfs.cpio.gz
# The Linux guest (selftests/linux_boot.c, make run-linux): the rig's own
# kernel image and a busybox initramfs of about 1 MB.
LINUX_GUEST_INITRD := $(BUILD)/linux-initrd.cpio.gz
# The bench's guests, minimal runner and timer, for selftests/bench_guests.c.
INITRD_EXTRA = $(if $(VMM_BIN),$(VMM_BIN):bin/armvcpu-vmm) \
	$(foreach g,$(GUEST_BINS),$(g):guests/$(notdir $(g))) \
	$(VMLINUZ):guests/vmlinuz $(LINUX_GUEST_INITRD):guests/linux-initrd.cpio.gz \
	$(foreach g,$(BENCH_GUESTS),$(g):bench/guests/$(notdir $(g))) \
	$(ARMVCPU_RUNNER):bench/armvcpu-runner $(BENCH_HOSTTIME):bench/hosttime

$(LINUX_GUEST_INITRD): tools/rig/mkguestinitrd.sh $(BUSYBOX)
	@tools/rig/mkguestinitrd.sh $@ $(BUSYBOX)

initramfs: module userspace $(LINUX_GUEST_INITRD) $(BENCH_GUESTS) \
	$(ARMVCPU_RUNNER) $(BENCH_HOSTTIME)
	@tools/rig/mkinitramfs.sh $(INITRD) $(BUSYBOX) armvcpu.ko \
		$(ST_OUT) $(INITRD_EXTRA)

RIG_ENV = VMLINUZ=$(VMLINUZ) INITRD=$(INITRD)

# The linters count as tests: a finding fails make check, but the tests still
# run, so one run shows everything that is wrong.
# Native unit tests of pure userspace code run first, on the build machine.
check: initramfs $(HOST_TESTS)
	@LINUX_SRC=$(LINUX_SRC) KBUILD_ARGS="$(KBUILD_ARGS)" tools/rig/lint.sh || true
	@$(RIG_ENV) ONLY=$(T) HOST_TESTS="$(HOST_TESTS)" tools/rig/check.sh

run: initramfs
	@echo "==> booting the Debian $(KABI) kernel at EL2 in QEMU (KVM off, nVHE)"
	@$(RIG_ENV) INTERACTIVE=1 tools/rig/boot.sh demo cortex-a72 \
		virtualization=on kvm-arm.mode=none demo
	@echo "==> QEMU powered off"

# The nested kernel runs armvcpu-vmm on itself as a 2-vCPU guest; the
# console is yours (the guest's shell: poweroff -f ends it all).
run-linux: initramfs
	@$(RIG_ENV) tools/rig/run-linux.sh

# The robustness tests' long pass: ten times the counts of make check, then one
# summary of every figure (tools/stress/stress.sh; STRESS_BOOTS="a72 max").
stress: initramfs
	@$(RIG_ENV) tools/stress/stress.sh

clean:
	-$(MAKE) $(KBUILD_ARGS) clean 2>/dev/null
	rm -rf $(BUILD)/selftests $(BUILD)/bin $(BUILD)/guests $(BUILD)/host \
		$(BUILD)/results $(BUILD)/logs $(INITRD)

distclean: clean
	rm -rf $(BUILD)
