# ksmbench top-level build.  `make` builds everything; `make compare` runs the
# two stock Debian kernels in QEMU and compares them; `make test` runs the tests;
# `make bench` runs the suite on the running kernel (bare metal).

BUILD   ?= build
CACHE   ?= $(or $(KSMBENCH_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/ksmbench)
export KSMBENCH_CACHE := $(CACHE)

CC      ?= gcc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE
VERSION := 0.1.0
GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)

# Kernel-style quiet build; V=1 shows the commands.
ifeq ($(V),1)
Q :=
say = @:
else
Q := @
say = @printf '  %-8s %s\n'
endif

# Debian packages a fresh machine needs before anything here builds.
DEB_BUILD := gcc make libc6-dev libnuma-dev xz-utils ca-certificates libjansson-dev \
	     python3
DEB_VM    := qemu-system-x86 busybox-static cpio gzip kmod zstd
DEB_PLOT  := gnuplot-nox

.PHONY: all deps compare bench test clean
all: deps-build $(BUILD)/ksmbench $(BUILD)/ksmbench-report $(BUILD)/ksmbench-sweep

deps-build:
	@bash harness/install-deps.sh $(DEB_BUILD) $(DEB_PLOT)
deps-vm:
	@bash harness/install-deps.sh $(DEB_VM)
.PHONY: deps-build deps-vm

# ---- libperf, from the Debian linux-source tree (no Debian package exists)
LIBPERF := $(BUILD)/libperf
$(LIBPERF)/flags.mk:
	@bash harness/install-deps.sh $(DEB_BUILD)
	bash harness/libperf-build.sh $(LIBPERF)
-include $(LIBPERF)/flags.mk

# ---- ksmbench
# One folder per kind of plug-in unit: a new unit is one file there plus one
# line in its table (harness/drivers.c, harness/collectors.c,
# workloads/layout.c).
WORKLOAD_SRCS := $(wildcard workloads/*.c workloads/layouts/*.c)
HARNESS_SRCS  := $(filter-out harness/main.c,$(wildcard harness/*.c \
		 harness/drivers/*.c harness/collectors/*.c)) results/schema.c \
		 plot/stats.c plot/stop_rule.c
CORE_CFLAGS   := $(CFLAGS) -Iworkloads -Iharness -Iresults -Iplot -I$(BUILD)/gen \
		 $(LIBPERF_CFLAGS)
CORE_OBJS     := $(patsubst %.c,$(BUILD)/obj/%.o,$(WORKLOAD_SRCS) $(HARNESS_SRCS)) \
		 $(BUILD)/obj/harness/scenarios_blob.o
# Static, so the same binary runs in the initramfs of any guest kernel.
KSMBENCH_LDLIBS := $(LIBPERF_LDLIBS) -ljansson -lnuma -lm -lpthread

$(BUILD)/obj/%.o: %.c $(LIBPERF)/flags.mk $(wildcard workloads/*.h harness/*.h results/*.h)
	@mkdir -p $(dir $@)
	$(say) CC $@
	$(Q)$(CC) $(CORE_CFLAGS) -c -o $@ $<

# Rewritten only when the version or commit changes, so that exactly the
# files that print them are rebuilt after a commit.
$(BUILD)/gen/version.h: FORCE
	@mkdir -p $(@D)
	@printf '#define KSMBENCH_VERSION "%s"\n#define KSMBENCH_GIT_COMMIT "%s"\n' \
		'$(VERSION)' '$(GIT_COMMIT)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(BUILD)/obj/harness/main.o $(BUILD)/obj/harness/metadata.o: $(BUILD)/gen/version.h
.PHONY: FORCE

$(BUILD)/obj/harness/scenarios_blob.o: harness/scenarios_blob.S workloads/scenarios.conf
	@mkdir -p $(dir $@)
	$(say) AS $@
	$(Q)$(CC) -c -o $@ $<

# libnuma.a's affinity.o makes ld warn about getaddrinfo in static programs;
# ksmbench never calls it.
$(BUILD)/ksmbench: $(BUILD)/obj/harness/main.o $(CORE_OBJS)
	$(say) LD $@
	$(Q)$(CC) -static -o $@ $^ $(KSMBENCH_LDLIBS)

# ---- tests
TEST_CFLAGS := $(CORE_CFLAGS) -Itests
UNIT_TESTS  := unit_options unit_layout_math unit_results unit_undo \
	       unit_walk_pairing \
	       unit_swap_header
INTEG_TESTS := integration_layout integration_shapes integration_cli \
	       integration_drivers integration_safety integration_reclaim
TEST_BINS   := $(addprefix $(BUILD)/tests/,$(UNIT_TESTS) $(INTEG_TESTS))

$(BUILD)/tests/%: tests/%.c $(CORE_OBJS) $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(say) CCLD $@
	$(Q)$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_OBJS) $(KSMBENCH_LDLIBS)

include plot/build.mk
include kernel-patch/build.mk
include tests/fuzz/build.mk
include harness/bisect/build.mk
include harness/lava/build.mk
include plot/kcidb.mk

# ---- QEMU guest image: static ksmbench + busybox
$(BUILD)/initramfs.cpio.gz: $(BUILD)/ksmbench harness/qemu/guest-init.sh harness/qemu/mkinitramfs.sh
	@bash harness/install-deps.sh $(DEB_VM)
	bash harness/qemu/mkinitramfs.sh $@ $(BUILD)/ksmbench

$(BUILD)/tests/qemu_%: tests/qemu_%.c $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -Itests -o $@ $<

# ---- the main job: two stock Debian kernels, same scenarios, one report.
# KERNELS: two or more, the first is the baseline; each a Debian release or a
# kernel built by `make kernels` (e.g. KERNELS="7.3-full 7.3-bounded 7.3-naive").
KERNEL_A  ?= 7.2.13+deb14-cloud-amd64
KERNEL_B  ?= 7.3.4+deb13-cloud-amd64
KERNELS   ?= $(KERNEL_A) $(KERNEL_B)
# nv8000 with every driver, upstream20k with migration (README: the budget).
SCENARIOS ?= nv8000,upstream20k
REPS      ?= 5
# 0: exactly REPS repetitions.  N: repeat until the 95% interval of the
# median driver time is within N% of it, REPS then being the maximum.
TARGET_CI ?= 0
GUEST_TIMEOUT ?= 1500
# More `ksmbench run` options for every guest, e.g. KSMBENCH_ARGS="--kprobe walk".
KSMBENCH_ARGS ?=
COMPARE_DIR = results/$(shell date -u +%Y%m%dT%H%M%SZ)-compare

compare: all deps-vm $(BUILD)/initramfs.cpio.gz
	bash harness/qemu/compare.sh --outdir $(COMPARE_DIR) \
		--kernels "$(KERNELS)" --timeout $(GUEST_TIMEOUT) \
		--initrd $(BUILD)/initramfs.cpio.gz -- --scenario $(SCENARIOS) --reps $(REPS) \
		--target_ci_pct $(TARGET_CI) $(KSMBENCH_ARGS)

# ---- a sweep: one key over a range, every point on every kernel, then the
# curves and their log-log slopes (plot/sweep.gp).  SWEEP is a scenario with
# a `sweep` key, or any scenario plus SWEEP_RANGE (e.g. vmas=1000..32000*2).
SWEEP       ?= sweep_vmas
SWEEP_RANGE ?=
SWEEP_REPS  ?= 3
SWEEP_DIR = results/$(shell date -u +%Y%m%dT%H%M%SZ)-sweep
sweep: all deps-vm $(BUILD)/initramfs.cpio.gz
	bash harness/qemu/sweep.sh --outdir $(SWEEP_DIR) \
		--kernels "$(KERNELS)" --timeout $(GUEST_TIMEOUT) \
		--initrd $(BUILD)/initramfs.cpio.gz -- --scenario $(SWEEP) \
		--reps $(SWEEP_REPS) $(if $(SWEEP_RANGE),--sweep $(SWEEP_RANGE)) \
		$(KSMBENCH_ARGS)
.PHONY: sweep

# ---- bare metal: the running kernel, then a one-kernel summary
BENCH_DIR = results/$(shell date -u +%Y%m%dT%H%M%SZ)-bench-$(shell uname -r)
# The reclaim driver needs swap: bench asks for a zram device of its own
# (--setup-swap), taken down again when the run ends.
bench: all
	@dir=$(BENCH_DIR); $(BUILD)/ksmbench run --scenario $(SCENARIOS) \
		--reps $(REPS) --setup-swap $(KSMBENCH_ARGS) --out $$dir; rc=$$?; \
	$(BUILD)/ksmbench-report $$dir || rc=1; exit $$rc

# ---- tests: unit, integration on the running kernel, QEMU smoke
ALL_TESTS := $(TEST_BINS) $(BUILD)/tests/unit_stats $(BUILD)/tests/unit_report \
	     $(BUILD)/tests/qemu_smoke $(BUILD)/tests/qemu_kprobes \
	     $(BUILD)/tests/fuzz_parse \
	     $(BUILD)/tests/unit_mail \
	     $(BUILD)/tests/unit_probe_report \
	     $(BUILD)/tests/unit_plots \
	     $(BUILD)/tests/unit_stop_rule \
	     $(BUILD)/tests/unit_sweep \
	     $(BUILD)/tests/unit_sweep_walks
all: $(BUILD)/initramfs.cpio.gz $(ALL_TESTS)
test: all deps-vm $(ALL_TESTS) $(BUILD)/initramfs.cpio.gz lava-test-job
	bash tests/run-tests.sh $(addprefix $(BUILD)/tests/,$(UNIT_TESTS)) \
		$(BUILD)/tests/unit_stats $(BUILD)/tests/unit_report \
		$(BUILD)/tests/unit_mail $(BUILD)/tests/unit_plots \
		$(BUILD)/tests/unit_probe_report \
		$(BUILD)/tests/unit_stop_rule \
		$(BUILD)/tests/unit_sweep \
		"$(BUILD)/tests/unit_sweep_walks $(BUILD)/ksmbench-sweep" \
		$(BUILD)/tests/integration_layout \
		"$(BUILD)/tests/integration_shapes $(BUILD)/ksmbench" \
		"$(BUILD)/tests/integration_cli $(BUILD)/ksmbench" \
		"$(BUILD)/tests/integration_drivers $(BUILD)/ksmbench" \
		"$(BUILD)/tests/integration_safety $(BUILD)/ksmbench" \
		"$(BUILD)/tests/integration_reclaim $(BUILD)/ksmbench" \
		"tests/fuzz/run.sh $(BUILD)/tests/fuzz_parse $(FUZZ_SECONDS)" \
		"$(BUILD)/tests/qemu_smoke $(KERNEL_B) $(BUILD)/initramfs.cpio.gz" \
		"$(BUILD)/tests/qemu_kprobes $(KERNEL_A) $(BUILD)/initramfs.cpio.gz $(BUILD)/ksmbench" \
		kernel-patch/check-series.sh \
		$(LAVA_TEST) $(KCIDB_TEST) $(BISECT_TEST)

clean:
	rm -rf $(BUILD)
