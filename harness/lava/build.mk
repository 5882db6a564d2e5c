# LAVA: the guest-side case writer, the ramdisk and `make lava-job`;
# included by the top-level Makefile after plot/build.mk.
#   make lava-job KERNEL=7.3.4+deb13-cloud-amd64 [SCENARIO=smoke] [LAVA_REPS=1]
#        [KERNEL_URL=... RAMDISK_URL=...] [TESTDEF_REPO=git-url]
# writes build/lava/job-KERNEL.yaml; without URLs it points at local files
# (for lava-run on this machine).

LAVA_CASES_SRCS := harness/lava/lava_cases.c plot/stats.c results/schema.c \
		   plot/csv_read.c plot/walks_read.c plot/kprobe_walks_read.c \
		   plot/results_read.c

# Static: it runs in the guest next to ksmbench.
$(BUILD)/ksmbench-lava: $(LAVA_CASES_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(REPORT_CFLAGS) -static -o $@ $(LAVA_CASES_SRCS) -ljansson -lm

$(BUILD)/lava-ramdisk.cpio.gz: $(BUILD)/initramfs.cpio.gz $(BUILD)/ksmbench-lava \
		harness/lava/mkramdisk.sh harness/lava/lava-init.sh
	$(say) GEN $@
	$(Q)bash harness/lava/mkramdisk.sh $@ $(BUILD)/initramfs.cpio.gz $(BUILD)/ksmbench-lava

all: $(BUILD)/lava-ramdisk.cpio.gz

SCENARIO  ?= smoke
LAVA_REPS ?= 1
.PHONY: lava-job
lava-job: $(BUILD)/lava-ramdisk.cpio.gz
	@test -n "$(KERNEL)" || { echo "make lava-job: set KERNEL= (a Debian release, a make-kernels variant, a bzImage or a source tree)" >&2; exit 2; }
	@mkdir -p $(BUILD)/lava
	@k=$$(bash harness/qemu/kernel-path.sh '$(KERNEL)') || exit 1; \
	label=$$(basename '$(KERNEL)'); \
	out=$(BUILD)/lava/job-$$label.yaml; \
	bash harness/lava/mkjob.sh --label "$$label" --scenario '$(SCENARIO)' --reps '$(LAVA_REPS)' \
		--kernel-url '$(or $(KERNEL_URL),file://'"$$k"')' \
		--ramdisk-url '$(or $(RAMDISK_URL),file://$(abspath $(BUILD)/lava-ramdisk.cpio.gz))' \
		$(if $(TESTDEF_REPO),--testdef-repo '$(TESTDEF_REPO)') >$$out.tmp && mv $$out.tmp $$out && \
	echo "lava-job: $$out (run it: lava-run --job-id 1 --output-dir DIR --device harness/lava/qemu-tcg-device.yaml $$out)"

# The test: the case writer offline, then the smoke scenario on one stock
# kernel through lava-run (SKIPs where lava-dispatcher cannot be installed).
LAVA_FAILED_RUN := results/reference/2026-11-24-7.3-full-bounded-naive-qemu-tcg/7.3-naive/run
$(BUILD)/tests/lava_smoke: tests/lava_smoke.c tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -Itests -o $@ $<
LAVA_TEST = "$(BUILD)/tests/lava_smoke $(BUILD)/lava/job-$(KERNEL_B).yaml \
	harness/lava/qemu-tcg-device.yaml $(BUILD)/ksmbench-lava $(LAVA_FAILED_RUN)"
.PHONY: lava-test-job
lava-test-job: $(BUILD)/tests/lava_smoke
	@$(MAKE) -s lava-job KERNEL=$(KERNEL_B)
