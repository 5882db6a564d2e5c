# ksmbench-report and its tests; included by the top-level Makefile, which
# sets BUILD, CC and CFLAGS.

REPORT_LIB_SRCS := plot/stats.c plot/json_lookup.c plot/csv_read.c \
		   plot/walks_read.c plot/results_read.c plot/run_keys.c \
		   plot/series.c plot/kernel_label.c plot/report_fmt.c \
		   plot/walk_stats.c plot/report_walks.c plot/report_text.c \
		   plot/driver_time_dat.c
REPORT_SRCS     := plot/report.c plot/kcidb.c $(REPORT_LIB_SRCS)
REPORT_HDRS     := $(wildcard plot/*.h)

$(BUILD)/ksmbench-report: $(REPORT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -o $@ $(REPORT_SRCS) -l:libjansson.a -lm

$(BUILD)/tests/unit_stats: tests/unit_stats.c plot/stats.c plot/stats.h tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -Iplot -o $@ tests/unit_stats.c plot/stats.c -lm

$(BUILD)/tests/unit_report: tests/unit_report.c $(REPORT_LIB_SRCS) $(REPORT_HDRS) tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -Iplot -o $@ tests/unit_report.c $(REPORT_LIB_SRCS) -lm

# ---- ksmbench-sweep: curves and log-log slopes of a sweep's points
SWEEP_SRCS := plot/sweep.c plot/sweep_points.c plot/sweep_name.c plot/loglog_fit.c

$(BUILD)/ksmbench-sweep: $(SWEEP_SRCS) $(REPORT_LIB_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -o $@ $(SWEEP_SRCS) $(REPORT_LIB_SRCS) -lm

# The harness's sweep expansion and the plotter's fit in one test: only
# the plot files that do not define a `struct run` of their own.
SWEEP_TEST_PLOT := plot/loglog_fit.c plot/sweep_name.c plot/stats.c
$(BUILD)/tests/unit_sweep: tests/unit_sweep.c $(SWEEP_TEST_PLOT) $(CORE_OBJS) $(REPORT_HDRS) tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(TEST_CFLAGS) -Iplot -o $@ tests/unit_sweep.c $(SWEEP_TEST_PLOT) $(CORE_OBJS) $(KSMBENCH_LDLIBS)
