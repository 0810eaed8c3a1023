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

.PHONY: all module userspace check run lint checkpatch sparse setup clean \
	distclean help FORCE initramfs unit-tests

all: module userspace

setup: $(BUILD)/env.mk

help:
	@echo "make          build armvcpu.ko, the VMM, guests and selftests"
	@echo "make check    lint, build, run every test in nested QEMU (T=name: one test)"
	@echo "make run      boot nested QEMU, load the module, run the hello guest"
	@echo "make lint     checkpatch --strict and sparse"
	@echo "make bench    exit costs of armvcpu and KVM side by side (icount)"

module:
	$(MAKE) $(KBUILD_ARGS) modules

-include tools/guest/build.mk
-include tools/vmm/build.mk
include selftests/build.mk
include tools/bench/build.mk

userspace: $(VMM_BIN) $(GUEST_BINS) selftests

# --- lint --------------------------------------------------------------------
LINT_FILES = $(shell git ls-files -- 'armvcpu/*.[chS]' 'include/uapi/*.h' \
	'tools/*.[chS]' 'selftests/*.[chS]' 2>/dev/null)

lint: checkpatch sparse

checkpatch:
	@echo "checkpatch --strict: $(words $(LINT_FILES)) files"
	@perl $(LINUX_SRC)/scripts/checkpatch.pl --strict --no-tree --quiet \
		--show-types --ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES \
		-f $(LINT_FILES) > $(BUILD)/checkpatch.log 2>&1; \
	if [ -s $(BUILD)/checkpatch.log ]; then cat $(BUILD)/checkpatch.log; \
		echo "checkpatch: findings above"; exit 1; fi

# Kbuild does not fail on sparse findings: collect them and fail ourselves.
sparse:
	@$(MAKE) --no-print-directory $(KBUILD_ARGS) C=2 CHECK=sparse modules \
		> $(BUILD)/sparse.log 2>&1 || { cat $(BUILD)/sparse.log; exit 1; }
	@if grep -E '(warning|error):' $(BUILD)/sparse.log; then \
		echo "sparse: findings above"; exit 1; fi; echo "sparse: clean"

# --- nested QEMU ---------------------------------------------------------------
INITRD := $(BUILD)/initramfs.cpio.gz
INITRD_EXTRA = $(if $(VMM_BIN),$(VMM_BIN):bin/armvcpu-vmm) \
	$(foreach g,$(GUEST_BINS),$(g):guests/$(notdir $(g)))

initramfs: module userspace
	@tools/rig/mkinitramfs.sh $(INITRD) $(BUSYBOX) armvcpu.ko \
		$(ST_OUT) $(INITRD_EXTRA)

RIG_ENV = VMLINUZ=$(VMLINUZ) INITRD=$(INITRD)

check: lint initramfs $(UNIT_TESTS)
	@$(RIG_ENV) ONLY=$(T) tools/rig/check.sh

run: initramfs
	@echo "==> booting the Debian $(KABI) kernel at EL2 in QEMU (KVM off, nVHE)"
	@$(RIG_ENV) INTERACTIVE=1 tools/rig/boot.sh demo cortex-a72 \
		virtualization=on kvm-arm.mode=none demo
	@echo "==> QEMU powered off"

clean:
	-$(MAKE) $(KBUILD_ARGS) clean 2>/dev/null
	rm -rf $(BUILD)/selftests $(BUILD)/bin $(BUILD)/guests $(BUILD)/host \
		$(BUILD)/results $(BUILD)/logs $(INITRD)

distclean: clean
	rm -rf $(BUILD)
