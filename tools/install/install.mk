# SPDX-License-Identifier: GPL-2.0
#
# Installing armvcpu on the machine that runs it (Documentation/install.rst).
#
# Two ways in, both from the top of the tree:
#
#   make install                                  on the arm64 machine itself,
#       where the top Makefile includes this file alone: a native build
#       against /lib/modules/$(uname -r)/build, without the rig's set-up
#       (no cross compiler, no QEMU, no downloads);
#   make install DESTDIR=/tmp/x                   through the top Makefile,
#       which includes this file: the rig's cross build, against the headers
#       of build/ (KDIR, KABI, KBUILD_ARGS, VMM_BIN, CROSS come from there).
#
# Targets:
#   install            install-module + install-userspace
#   install-module     armvcpu.ko by Kbuild's modules_install into
#                      $(DESTDIR)/lib/modules/$(KABI)/$(INSTALL_MOD_DIR)
#   install-userspace  armvcpu-vmm into $(BINDIR), the udev rule, the
#                      sysusers.d line; without DESTDIR also the group
#   dkms-source        the DKMS source tree, $(DESTDIR)/usr/src/armvcpu-VERSION
#   dkms-install       dkms-source, then dkms add + install for $(KABI) (native
#                      only), and install-userspace
#   uninstall          removes what either route installed (not the group)
#
# With DESTDIR the files are only laid out (for a package, an image, the
# tests); without it the running system is changed too: depmod, groupadd,
# udev reload.

# Run alone (make -f tools/install/install.mk), or included by a Makefile
# that defines no KBUILD_ARGS: a native build for the running kernel, or for
# KABI=<release> whose headers are installed. The rig defines KBUILD_ARGS
# before including this file.
ifeq ($(origin KBUILD_ARGS),undefined)
ifeq ($(wildcard Kbuild dkms.conf),)
$(error run make -f tools/install/install.mk from the top of the armvcpu tree)
endif
BUILD ?= build
KABI ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KABI)/build
# Native on arm64; anywhere else, Debian's cross compiler.
CROSS ?= $(if $(filter aarch64,$(shell uname -m)),,aarch64-linux-gnu-)
KBUILD_ARGS := -C $(KDIR) M=$(CURDIR) \
	$(if $(CROSS),ARCH=arm64 CROSS_COMPILE=$(CROSS))

.DEFAULT_GOAL := all
.PHONY: all module clean FORCE
all: module vmm

module:
	@test -f $(KDIR)/Makefile || { echo "no kernel headers in $(KDIR):" \
		"apt-get install linux-headers-$(KABI)" >&2; exit 1; }
	$(MAKE) $(KBUILD_ARGS) modules

clean:
	-$(MAKE) $(KBUILD_ARGS) clean
	rm -f $(VMM_BIN)

include tools/vmm/build.mk
endif

# The version is dkms.conf's PACKAGE_VERSION, nowhere else.
ARMVCPU_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
# Out-of-tree modules in updates/ win over any in-tree module of the same
# name in depmod's default search order. DKMS uses updates/dkms/.
INSTALL_MOD_DIR ?= updates
# A Kbuild build keeps the debug info (several MB); installed modules are
# stripped as Debian's own are.
INSTALL_MOD_STRIP ?= 1
# Kbuild signs with the key and certificate of the kernel's own build tree,
# which Debian's headers do not have: it would only print SSL errors. Under
# Secure Boot, install through DKMS, which signs with its MOK key
# (Documentation/install.rst); ARMVCPU_SIGN=y lets Kbuild try.
ARMVCPU_SIGN ?=
# udev reads only /etc, /run and /usr/lib (the packages' own place), not
# /usr/local: a locally installed rule belongs in /etc.
UDEV_RULES_DIR ?= /etc/udev/rules.d
# systemd-sysusers does read /usr/local/lib/sysusers.d (systemd 252 and later).
SYSUSERS_DIR ?= $(PREFIX)/lib/sysusers.d
DKMS_SRC_DIR := /usr/src/armvcpu-$(ARMVCPU_VERSION)

# What the module build reads, and nothing else: the DKMS source tree.
DKMS_SRC_FILES = Kbuild dkms.conf include/uapi/linux/armvcpu.h \
	$(sort $(shell find armvcpu -name '*.[chS]'))

# A cross-built module is not for this machine's own tree: say so before
# building anything.
ifneq ($(filter install install-module install-userspace uninstall \
		dkms-install,$(MAKECMDGOALS)),)
ifneq ($(CROSS),)
ifeq ($(DESTDIR),)
$(error armvcpu is cross-built here (CROSS=$(CROSS)): give DESTDIR=..., or \
	run make $(MAKECMDGOALS) on the arm64 machine)
endif
endif
endif
ifneq ($(filter dkms-install,$(MAKECMDGOALS)),)
ifneq ($(CROSS)$(DESTDIR),)
$(error dkms-install builds on the machine it installs to: run \
	make dkms-install there, without DESTDIR)
endif
endif

.PHONY: install install-module install-userspace uninstall dkms-source \
	dkms-install

install: install-module install-userspace

install-module: module
ifeq ($(DESTDIR),)
	@if command -v dkms >/dev/null && \
	    dkms status -m armvcpu -k $(KABI) 2>/dev/null | grep -q installed; then \
		echo "armvcpu is installed through DKMS for $(KABI):" \
			"make uninstall first" >&2; exit 1; fi
endif
	$(MAKE) $(KBUILD_ARGS) modules_install INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		INSTALL_MOD_STRIP=$(INSTALL_MOD_STRIP) \
		CONFIG_MODULE_SIG_ALL=$(ARMVCPU_SIGN)
# Kbuild skips depmod when the headers have no System.map (Debian's).
ifeq ($(DESTDIR),)
	depmod -a $(KABI)
endif

install-userspace: $(VMM_BIN)
	install -D -m 0755 $(VMM_BIN) $(DESTDIR)$(BINDIR)/armvcpu-vmm
	install -D -m 0644 tools/install/60-armvcpu.rules \
		$(DESTDIR)$(UDEV_RULES_DIR)/60-armvcpu.rules
	install -D -m 0644 tools/install/armvcpu.sysusers \
		$(DESTDIR)$(SYSUSERS_DIR)/armvcpu.conf
ifeq ($(DESTDIR),)
	getent group armvcpu >/dev/null || groupadd --system armvcpu
	-udevadm control --reload
# Already loaded: the new rule applies to the existing node too.
	-test ! -e /dev/armvcpu || udevadm trigger --name-match=armvcpu
endif

# Removing first drops sources that no longer exist from an older copy.
dkms-source:
	rm -rf $(DESTDIR)$(DKMS_SRC_DIR)
	@for f in $(DKMS_SRC_FILES); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMS_SRC_DIR)/$$f || exit 1; \
	done
	@echo "DKMS source tree: $(DESTDIR)$(DKMS_SRC_DIR)"

# DKMS builds on the machine it installs to: native only, no DESTDIR.
# A module of `make install` in updates/ would shadow DKMS's updates/dkms/.
dkms-install: dkms-source install-userspace
	rm -f /lib/modules/$(KABI)/$(INSTALL_MOD_DIR)/armvcpu.ko*
	if [ -n "$$(dkms status -m armvcpu -v $(ARMVCPU_VERSION))" ]; then \
		dkms remove -m armvcpu -v $(ARMVCPU_VERSION) --all; fi
	dkms add -m armvcpu -v $(ARMVCPU_VERSION)
	dkms install -m armvcpu -v $(ARMVCPU_VERSION) -k $(KABI)

# The group stays: its members and any files it owns are the admin's.
uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KABI)/$(INSTALL_MOD_DIR)/armvcpu.ko* \
		$(DESTDIR)/usr/lib/modules/$(KABI)/$(INSTALL_MOD_DIR)/armvcpu.ko*
	rm -f $(DESTDIR)$(BINDIR)/armvcpu-vmm \
		$(DESTDIR)$(UDEV_RULES_DIR)/60-armvcpu.rules \
		$(DESTDIR)$(SYSUSERS_DIR)/armvcpu.conf
ifeq ($(DESTDIR),)
	if command -v dkms >/dev/null && \
	    [ -n "$$(dkms status -m armvcpu -v $(ARMVCPU_VERSION))" ]; then \
		dkms remove -m armvcpu -v $(ARMVCPU_VERSION) --all; fi
	rm -rf $(DKMS_SRC_DIR)
	-test ! -d /lib/modules/$(KABI) || depmod -a $(KABI)
	-udevadm control --reload
else
	rm -rf $(DESTDIR)$(DKMS_SRC_DIR)
endif

# --- tests (make check) --------------------------------------------------------
# install_layout: make install DESTDIR=tmp lays exactly the expected files.
# install_dkms: the DKMS source tree builds and installs with Debian's dkms,
# everything in a temporary directory, for each header tree of
# DKMS_TEST_KDIRS (add 6.12's when the module builds there).
# check.sh runs HOST_TESTS without arguments: each is a two-line script that
# calls tools/install/test-*.sh with this build's values.
DKMS_TEST_KDIRS ?= $(KDIR)
INSTALL_TEST_DIR := $(BUILD)/host/install
INSTALL_TESTS := $(INSTALL_TEST_DIR)/install_layout \
	$(INSTALL_TEST_DIR)/install_dkms
HOST_TESTS += $(INSTALL_TESTS)

$(INSTALL_TEST_DIR)/install_layout: FORCE
	@mkdir -p $(@D)
	@printf '#!/bin/sh\nexec %s %s %s %s\n' \
		$(CURDIR)/tools/install/test-layout.sh $(CURDIR) $(KABI) \
		$(KDIR) >$@
	@chmod +x $@

$(INSTALL_TEST_DIR)/install_dkms: FORCE
	@mkdir -p $(@D)
	@printf '#!/bin/sh\nexec %s %s %s\n' \
		$(CURDIR)/tools/install/test-dkms.sh $(CURDIR) \
		"$(strip $(DKMS_TEST_KDIRS))" >$@
	@chmod +x $@

.PHONY: install-tests
install-tests: $(INSTALL_TESTS)
	@fail=0; for t in $(INSTALL_TESTS); do \
		echo "# $$t"; $$t || fail=1; \
	done; exit $$fail
