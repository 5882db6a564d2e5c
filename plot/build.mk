# ksmbench-report and its tests; included by the top-level Makefile, which
# sets BUILD, CC and CFLAGS.

# Every plot/*.c but the program's main(): a new plot's data writer is one
# file here plus one line in plot/plots.c.
REPORT_LIB_SRCS := $(filter-out plot/report.c plot/sweep.c,$(wildcard plot/*.c)) \
		   results/schema.c
REPORT_SRCS     := plot/report.c $(REPORT_LIB_SRCS)
REPORT_HDRS     := $(wildcard plot/*.h results/*.h) harness/metric.h
REPORT_CFLAGS   := $(CFLAGS) -Iplot -Iresults -Iharness
REPORT_LDLIBS   := -l:libjansson.a -lm

$(BUILD)/ksmbench-report: $(REPORT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(REPORT_CFLAGS) -o $@ $(REPORT_SRCS) $(REPORT_LDLIBS)

$(BUILD)/tests/unit_stats: tests/unit_stats.c plot/stats.c plot/stats.h tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -Iplot -o $@ tests/unit_stats.c plot/stats.c -lm

$(BUILD)/tests/unit_report: tests/unit_report.c $(REPORT_LIB_SRCS) $(REPORT_HDRS) tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(REPORT_CFLAGS) -Itests -o $@ tests/unit_report.c $(REPORT_LIB_SRCS) $(REPORT_LDLIBS)

$(BUILD)/tests/unit_mail: tests/unit_mail.c $(REPORT_LIB_SRCS) $(REPORT_HDRS) tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(REPORT_CFLAGS) -Itests -o $@ tests/unit_mail.c $(REPORT_LIB_SRCS) $(REPORT_LDLIBS)

$(BUILD)/tests/unit_probe_report: tests/unit_probe_report.c $(REPORT_LIB_SRCS) $(REPORT_HDRS) tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(REPORT_CFLAGS) -Itests -o $@ tests/unit_probe_report.c $(REPORT_LIB_SRCS) $(REPORT_LDLIBS)

$(BUILD)/tests/unit_plots: tests/unit_plots.c $(REPORT_LIB_SRCS) $(REPORT_HDRS) tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(REPORT_CFLAGS) -Itests -o $@ tests/unit_plots.c $(REPORT_LIB_SRCS) $(REPORT_LDLIBS)

# The comparison for a patch mail: make mail RUNS="BASELINE_RUN OTHER_RUN..."
mail: $(BUILD)/ksmbench-report
	@test -n "$(RUNS)" || { echo 'usage: make mail RUNS="RUN_A RUN_B ..."' >&2; exit 2; }
	$(BUILD)/ksmbench-report --mail $(RUNS)
.PHONY: mail

$(BUILD)/tests/unit_stop_rule: tests/unit_stop_rule.c plot/stop_rule.c plot/stop_rule.h plot/stats.c tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -Iplot -Itests -o $@ tests/unit_stop_rule.c plot/stop_rule.c plot/stats.c -lm

# ---- ksmbench-sweep: curves and log-log slopes of a sweep's points
SWEEP_SRCS := plot/sweep.c

$(BUILD)/ksmbench-sweep: $(SWEEP_SRCS) $(REPORT_LIB_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(REPORT_CFLAGS) -o $@ $(SWEEP_SRCS) $(REPORT_LIB_SRCS) $(REPORT_LDLIBS)

# The harness's sweep expansion and the plotter's fit in one test: only
# the plot files that do not define a `struct run` of their own.
# plot/stats.c is in CORE_OBJS already.
SWEEP_TEST_PLOT := plot/loglog_fit.c plot/sweep_name.c
$(BUILD)/tests/unit_sweep: tests/unit_sweep.c $(SWEEP_TEST_PLOT) $(CORE_OBJS) $(REPORT_HDRS) tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(TEST_CFLAGS) -Iplot -o $@ tests/unit_sweep.c $(SWEEP_TEST_PLOT) $(CORE_OBJS) $(KSMBENCH_LDLIBS)

# ksmbench-sweep's per-walk slopes on synthetic sweeps the test writes.
$(BUILD)/tests/unit_sweep_walks: tests/unit_sweep_walks.c $(REPORT_LIB_SRCS) $(REPORT_HDRS) tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(REPORT_CFLAGS) -Itests -o $@ tests/unit_sweep_walks.c $(REPORT_LIB_SRCS) $(REPORT_LDLIBS)
