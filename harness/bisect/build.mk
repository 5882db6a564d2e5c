# The `git bisect run` command's verdict program; included by the top-level
# Makefile after plot/build.mk (it reads run directories through plot/).

VERDICT_SRCS := harness/bisect/verdict.c plot/stats.c results/schema.c \
		plot/csv_read.c plot/walks_read.c plot/kprobe_walks_read.c \
		plot/results_read.c

$(BUILD)/ksmbench-verdict: $(VERDICT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(REPORT_CFLAGS) -o $@ $(VERDICT_SRCS) $(REPORT_LDLIBS)
all: $(BUILD)/ksmbench-verdict

$(BUILD)/tests/bisect_verdict: tests/bisect_verdict.c tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -Itests -o $@ $<
all: $(BUILD)/tests/bisect_verdict
BISECT_TEST = "$(BUILD)/tests/bisect_verdict $(BUILD)/ksmbench-verdict \
	results/reference/2026-11-24-7.3-full-bounded-naive-qemu-tcg"
