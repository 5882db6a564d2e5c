# The KCIDB test (ksmbench-report --kcidb); included by the top-level
# Makefile after plot/build.mk.
KCIDB_REF := results/reference/2026-11-24-7.3-full-bounded-naive-qemu-tcg
$(BUILD)/tests/kcidb_submission: tests/kcidb_submission.c tests/check.h
	@mkdir -p $(@D)
	$(say) CCLD $@
	$(Q)$(CC) $(CFLAGS) -Itests -o $@ $< -l:libjansson.a -lm
all: $(BUILD)/tests/kcidb_submission
KCIDB_TEST = "$(BUILD)/tests/kcidb_submission $(BUILD)/ksmbench-report \
	tests/kcidb-v5.schema.json $(KCIDB_REF)/7.3-full/run $(KCIDB_REF)/7.3-naive/run"
