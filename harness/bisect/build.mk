# The `git bisect run` command's verdict program; included by the top-level
# Makefile after plot/build.mk (it reads run directories through plot/).

VERDICT_SRCS := harness/bisect/verdict.c plot/stats.c plot/json_lookup.c \
		plot/csv_read.c plot/walks_read.c plot/results_read.c

$(BUILD)/ksmbench-verdict: $(VERDICT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -Iplot -o $@ $(VERDICT_SRCS) -lm
all: $(BUILD)/ksmbench-verdict
