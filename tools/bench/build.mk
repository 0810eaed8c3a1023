# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: exit costs of armvcpu and of KVM/arm64 side by side, in
# nested QEMU under -icount shift=0 (Documentation/performance.rst).
# Included by the top Makefile after selftests/build.mk, whose freestanding
# guest flags the benchmark guests share.
#
# Provides:
#   bench          phony: build everything below, boot, print the table and
#                  write $(BUILD)/bench.json
#   BENCH_GUESTS   one flat image per path, from tools/bench/guest.S
#   KVM_RUNNER     the minimal /dev/kvm runner (tools/kvm-runner)
#   ARMVCPU_RUNNER its twin on /dev/armvcpu, beside armvcpu-vmm
#   BENCH_HOSTTIME the wrapper that times a VMM run on the host counter

BENCH_OUT := $(BUILD)/bench
BENCH_PATHS := calib psci wa1 mmio_w mmio_r hcall sysreg mem
BENCH_GUESTS := $(BENCH_PATHS:%=$(BENCH_OUT)/guests/%.bin)
KVM_RUNNER := $(BENCH_OUT)/kvm-runner
ARMVCPU_RUNNER := $(BENCH_OUT)/armvcpu-runner
BENCH_HOSTTIME := $(BENCH_OUT)/hosttime
BENCH_CFLAGS := -static -O2 -Wall -Wextra -Werror -Itools/vmm/include

$(BENCH_OUT)/guests/%.elf: tools/bench/guest.S tools/vmm/include/board.h
	@mkdir -p $(@D)
	$(CROSS)gcc $(ST_GUEST_CFLAGS) -Itools/vmm/include -DBENCH_$* \
		-Wl,-Ttext=$(GUEST_BASE) -o $@ $<

# The ELF stays (the top Makefile's .SECONDARY): bench.sh runs the
# calibration on bare QEMU with it.
$(BENCH_OUT)/guests/%.bin: $(BENCH_OUT)/guests/%.elf
	$(CROSS)objcopy -O binary $< $@

# Built against the cross toolchain's own <linux/kvm.h>.
# Both minimal runners share the board of tools/bench/runner.c, whose PL011
# register names come from the VMM's model; kvm-runner is built against the
# cross toolchain's own <linux/kvm.h>.
BENCH_RUNNER_SRCS := tools/bench/runner.c
BENCH_RUNNER_DEPS := $(BENCH_RUNNER_SRCS) tools/bench/runner.h \
	tools/vmm/include/board.h tools/vmm/pl011.h
BENCH_RUNNER_INC := -Itools/bench -Itools/vmm

$(KVM_RUNNER): tools/kvm-runner/kvm-runner.c $(BENCH_RUNNER_DEPS) \
		include/uapi/linux/armvcpu.h
	@mkdir -p $(@D)
	$(CROSS)gcc $(BENCH_CFLAGS) $(BENCH_RUNNER_INC) -Iinclude/uapi -o $@ $< \
		$(BENCH_RUNNER_SRCS)

$(ARMVCPU_RUNNER): tools/bench/armvcpu-runner.c $(BENCH_RUNNER_DEPS) \
		include/uapi/linux/armvcpu.h
	@mkdir -p $(@D)
	$(CROSS)gcc $(BENCH_CFLAGS) $(BENCH_RUNNER_INC) -Iinclude/uapi -o $@ $< \
		$(BENCH_RUNNER_SRCS)

$(BENCH_HOSTTIME): tools/bench/hosttime.c tools/bench/runner.h
	@mkdir -p $(@D)
	$(CROSS)gcc $(BENCH_CFLAGS) -Itools/bench -o $@ $<

.PHONY: bench
# The module and the VMM are built by bench.sh, which carries on without
# them: the KVM column does not depend on armvcpu.
bench: $(BENCH_GUESTS) $(KVM_RUNNER) $(ARMVCPU_RUNNER) $(BENCH_HOSTTIME)
	@MAKE="$(MAKE)" VMLINUZ=$(VMLINUZ) BUSYBOX=$(BUSYBOX) MODULE=$(MODULE) \
		VMM_BIN=$(VMM_BIN) BENCH_PATHS="$(BENCH_PATHS)" \
		tools/bench/bench.sh
