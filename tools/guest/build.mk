# SPDX-License-Identifier: GPL-2.0
#
# The freestanding guest runtime and the example guests; included by the
# top Makefile, paths relative to the top of the tree.
#
# Provides:
#   GUEST_CC, GUEST_CFLAGS, GUEST_LDFLAGS   to compile and link a guest
#   GUEST_CRT0     start.o (Image header, entry, vectors): link it first
#   GUEST_LDS      the linker script (link address 0x40080000)
#   GUEST_LIBA     libguest.a (console, printf, PSCI, exit, FDT lookups)
#   GUEST_LIB      all three, as prerequisites of a guest
#   GUEST_RT_OBJS  crt0 and the runtime as objects, GUEST_INCLUDES its -I
#   GUEST_BINS     the example guests' images (build/guests/*.bin, hello.elf)
#   guests         phony: build GUEST_BINS
#   Pattern rules: $(BUILD)/guest/prog/PATH.elf and .bin from PATH.c, so
#   e.g. $(BUILD)/guest/prog/selftests/foo_guest.bin is built from
#   selftests/foo_guest.c with this runtime.

CROSS ?= aarch64-linux-gnu-
BUILD ?= build

GUEST_DIR := tools/guest
GUEST_OUT := $(BUILD)/guest
GUEST_CC := $(CROSS)gcc
GUEST_INCLUDES := -I$(GUEST_DIR)/include -Itools/vmm/include
GUEST_CFLAGS := -ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align \
	-O2 -Wall -Wextra -Werror -fno-pic -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	-mno-outline-atomics \
	$(GUEST_INCLUDES)
GUEST_LDS := $(GUEST_OUT)/guest.ld
GUEST_CRT0 := $(GUEST_OUT)/start.o
GUEST_LIBA := $(GUEST_OUT)/libguest.a
GUEST_LIB := $(GUEST_CRT0) $(GUEST_LIBA) $(GUEST_LDS)
GUEST_LDFLAGS := -nostdlib -static -no-pie -T $(GUEST_LDS) \
	-Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments

GUEST_HDRS := $(wildcard $(GUEST_DIR)/include/*.h $(GUEST_DIR)/*.h \
	tools/vmm/include/*.h)
GUEST_LIB_OBJS := $(patsubst $(GUEST_DIR)/%.c,$(GUEST_OUT)/%.o, \
	$(wildcard $(GUEST_DIR)/*.c)) $(GUEST_OUT)/smccc.o
# The whole runtime as objects, crt0 first, for links that list them
# before the guest's own code (selftests/build.mk).
GUEST_RT_OBJS := $(GUEST_CRT0) $(GUEST_LIB_OBJS)
GUEST_EXAMPLES := hello smp vmmtest gdbtest
# The .bin images, and hello as ELF too, so the VMM's end-to-end test
# boots each image format (the .bin files carry an arm64 Image header).
# gdbtest as ELF too: gdb's test reads its symbols (tools/rig/gdb-test.sh).
GUEST_BINS := $(GUEST_EXAMPLES:%=$(BUILD)/guests/%.bin) $(BUILD)/guests/hello.elf \
	$(BUILD)/guests/gdbtest.elf

# guest_link(OUT.elf, OBJECTS): crt0 first, the runtime after the objects.
guest_link = $(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $(1) \
	$(GUEST_CRT0) $(2) $(GUEST_LIBA) -lgcc

$(GUEST_OUT)/%.o: $(GUEST_DIR)/%.c $(GUEST_HDRS)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_OUT)/%.o: $(GUEST_DIR)/%.S $(GUEST_HDRS)
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_LDS): $(GUEST_DIR)/guest.ld.S $(GUEST_HDRS)
	@mkdir -p $(@D)
	$(GUEST_CC) -E -P -x c -Itools/vmm/include -o $@ $<

$(GUEST_LIBA): $(GUEST_LIB_OBJS)
	@rm -f $@
	$(CROSS)ar rcs $@ $^

$(BUILD)/guests/%.elf: $(GUEST_DIR)/examples/%.c $(GUEST_LIB) $(GUEST_HDRS)
	@mkdir -p $(@D)
	$(call guest_link,$@,$<)

$(BUILD)/guest/prog/%.elf: %.c $(GUEST_LIB) $(GUEST_HDRS)
	@mkdir -p $(@D)
	$(call guest_link,$@,$<)

$(BUILD)/guests/%.bin: $(BUILD)/guests/%.elf
	$(CROSS)objcopy -O binary $< $@

$(BUILD)/guest/prog/%.bin: $(BUILD)/guest/prog/%.elf
	$(CROSS)objcopy -O binary $< $@

# The runtime's objects and the ELFs are built by pattern rules but needed
# again later (by the selftests' links, by people debugging a guest): the
# top Makefile's bare .SECONDARY keeps them (naming some here would make
# make delete all the others).

.PHONY: guests
guests: $(GUEST_BINS)
