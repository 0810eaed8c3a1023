# SPDX-License-Identifier: GPL-2.0
#
# Selftests: every selftests/NAME.c is one kselftest binary, static aarch64.
# NAME_guest.S / NAME_guest.c next to it is the guest code of that test: built
# freestanding, turned into a flat image and embedded into the test as the
# symbols NAME_guest_start / NAME_guest_end. refuse_*.c run in the refusal boots,
# plant_*.c in make check-debug's plant boot; the icount boot runs ST_ICOUNT,
# main tests again under QEMU's -icount (tools/rig/boots).

ST_OUT := $(BUILD)/selftests
ST_SRCS := $(filter-out %_guest.c,$(wildcard selftests/*.c))
ST_NAMES := $(sort $(notdir $(basename $(ST_SRCS))))
ST_MAIN := $(filter-out refuse_% plant_%,$(ST_NAMES))
ST_REFUSE := $(filter refuse_%,$(ST_NAMES))
ST_PLANT := $(filter plant_%,$(ST_NAMES))
ST_ICOUNT := $(filter pmu_counters linux_boot,$(ST_MAIN))
ST_LIB := $(wildcard selftests/lib/*.c)
ST_HDRS := $(wildcard selftests/lib/*.h selftests/*.h selftests/guest/*.h) \
	tools/vmm/include/board.h include/uapi/linux/armvcpu.h

ST_CC := $(CROSS)gcc
ST_CFLAGS := -static -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror -D_GNU_SOURCE -pthread \
	-Iinclude/uapi -Iselftests/lib -Itools/vmm/include -isystem $(LINUX_SRC)/tools/testing/selftests

GUEST_BASE ?= 0x40080000
ST_GUEST_CFLAGS := -ffreestanding -nostdlib -nostartfiles -static -fno-pie \
	-no-pie -mgeneral-regs-only -mstrict-align -O2 -Wall -Wextra -Werror \
	-mno-outline-atomics -Iinclude/uapi -Itools/vmm/include -Wl,--build-id=none -Wl,--no-warn-rwx-segments

.PHONY: selftests
selftests: $(addprefix $(ST_OUT)/,$(ST_NAMES)) $(ST_OUT)/main.list \
	$(ST_OUT)/refuse.list $(ST_OUT)/plant.list $(ST_OUT)/icount.list

$(ST_OUT)/%.list: FORCE
	@mkdir -p $(ST_OUT)
	@printf '%s\n' $(ST_$(shell echo $* | tr a-z A-Z)) \
		| grep . > $@.tmp || true
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

# A guest in assembly links alone at the guest RAM base; one in C uses the shared
# guest runtime of tools/guest (GUEST_RT_OBJS and GUEST_LDS come from there).
$(ST_OUT)/guests/%.elf: selftests/%_guest.S $(ST_HDRS)
	@mkdir -p $(@D)
	$(ST_CC) $(ST_GUEST_CFLAGS) -Wl,-Ttext=$(GUEST_BASE) -o $@ $<

$(ST_OUT)/guests/%.elf: selftests/%_guest.c $(GUEST_RT_OBJS) $(GUEST_LDS) \
		$(ST_HDRS) $(GUEST_HDRS)
	@mkdir -p $(@D)
	$(ST_CC) $(ST_GUEST_CFLAGS) $(GUEST_INCLUDES) -T $(GUEST_LDS) -o $@ \
		$(GUEST_RT_OBJS) $<

$(ST_OUT)/guests/%.bin: $(ST_OUT)/guests/%.elf
	$(CROSS)objcopy -O binary $< $@

$(ST_OUT)/guests/%_blob.o: $(ST_OUT)/guests/%.bin
	printf '\t.section .rodata\n\t.balign 16\n\t.globl %s_guest_start\n%s_guest_start:\n\t.incbin "%s"\n\t.globl %s_guest_end\n%s_guest_end:\n' \
		$* $* $< $* $* | $(ST_CC) -c -x assembler -o $@ -

st_guest = $(if $(wildcard selftests/$(1)_guest.S selftests/$(1)_guest.c),$(ST_OUT)/guests/$(1)_blob.o)

define st_rule
$(ST_OUT)/$(1): selftests/$(1).c $(ST_LIB) $(ST_HDRS) $(call st_guest,$(1))
	@mkdir -p $$(@D)
	$$(ST_CC) $$(ST_CFLAGS) -o $$@ selftests/$(1).c $(ST_LIB) $(call st_guest,$(1))
endef
$(foreach t,$(ST_NAMES),$(eval $(call st_rule,$(t))))
