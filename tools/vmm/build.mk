# SPDX-License-Identifier: GPL-2.0
#
# armvcpu-vmm and its unit tests; included by the top Makefile, paths are
# relative to the top of the tree.
#
# Provides:
#   VMM_BIN            the static aarch64 VMM (build/bin/armvcpu-vmm)
#   vmm                phony: build VMM_BIN
#   vmm-unit-tests     phony: build the native unit tests, run them (TAP),
#                      fail if one fails
#   VMM_UNIT_TESTS     the native unit-test binaries

CROSS ?= aarch64-linux-gnu-
BUILD ?= build
HOSTCC ?= gcc
LINUX_SRC ?= /tmp/linux/linux-source-6.1
KSELFTEST_DIR ?= $(LINUX_SRC)/tools/testing/selftests

VMM_DIR := tools/vmm
VMM_BIN := $(BUILD)/bin/armvcpu-vmm

# Pure parts: no /dev/armvcpu, no aarch64 code; also built for the host.
VMM_PURE_SRCS := $(addprefix $(VMM_DIR)/, \
	options.c loader.c devtree.c pl011.c mmio.c stats.c exitdev.c \
	warnlimit.c gdbproto.c)
VMM_SRCS := $(VMM_PURE_SRCS) $(addprefix $(VMM_DIR)/, \
	main.c vm.c vcpu.c exits.c psci.c console.c gdbstub.c)
VMM_HDRS := $(wildcard $(VMM_DIR)/*.h $(VMM_DIR)/include/*.h) \
	include/uapi/linux/armvcpu.h

VMM_WARN := -Wall -Wextra -Werror
VMM_INC := -Iinclude/uapi -I$(VMM_DIR) -I$(VMM_DIR)/include

$(VMM_BIN): $(VMM_SRCS) $(VMM_HDRS)
	@mkdir -p $(@D)
	$(CROSS)gcc -static -O2 $(VMM_WARN) $(VMM_INC) -pthread \
		-o $@ $(VMM_SRCS) -lfdt

.PHONY: vmm vmm-unit-tests
vmm: $(VMM_BIN)

# Native unit tests. libfdt-dev:amd64 and libfdt-dev:arm64 cannot be
# installed together (not Multi-Arch: same), so link the host's runtime
# libfdt1 by soname when the static archive is absent; the headers are
# the same for both architectures.
VMM_HOST_LIBFDT ?= $(firstword $(wildcard /usr/lib/x86_64-linux-gnu/libfdt.a) \
	-l:libfdt.so.1)
VMM_TEST_DIR := $(BUILD)/host/vmm-tests
# kselftest_harness.h itself trips these two under -Wextra.
VMM_TEST_WARN := $(VMM_WARN) -Wno-unused-parameter -Wno-sign-compare
VMM_TEST_SRCS := $(wildcard $(VMM_DIR)/tests/*_test.c)
VMM_UNIT_TESTS := $(patsubst $(VMM_DIR)/tests/%.c,$(VMM_TEST_DIR)/%, \
	$(VMM_TEST_SRCS))

# The guest runtime's portable C (its device-tree lookups) is tested here
# too, against the trees the VMM generates.
VMM_TEST_GUEST_SRCS := tools/guest/fdt.c
VMM_TEST_INC := $(VMM_INC) -Itools/guest/include -I$(KSELFTEST_DIR)

$(VMM_TEST_DIR)/%: $(VMM_DIR)/tests/%.c $(VMM_PURE_SRCS) $(VMM_HDRS) \
		$(VMM_TEST_GUEST_SRCS) $(wildcard tools/guest/include/*.h)
	@mkdir -p $(@D)
	$(HOSTCC) -O2 -g $(VMM_TEST_WARN) $(VMM_TEST_INC) -pthread -o $@ $< \
		$(VMM_PURE_SRCS) $(VMM_TEST_GUEST_SRCS) $(VMM_HOST_LIBFDT)

# The top Makefile's `make check` runs every binary of $(HOST_TESTS).
HOST_TESTS += $(VMM_UNIT_TESTS)

vmm-unit-tests: $(VMM_UNIT_TESTS)
	@fail=0; for t in $(VMM_UNIT_TESTS); do \
		echo "# $$t"; $$t || fail=1; \
	done; exit $$fail
