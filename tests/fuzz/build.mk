# The parser fuzzer (libFuzzer through clang); included by the top-level
# Makefile after the core sources are known.  Its objects are the core ones
# built again with clang's coverage and sanitizers.

DEB_FUZZ   := clang libclang-rt-dev
FUZZ_CC    := clang
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined
# clang flags `{ NULL }` table ends that gcc accepts: not worth a warning here.
FUZZ_CFLAGS := -g -O1 -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	       -Wno-missing-field-initializers \
	       -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
	       -Iworkloads -Iharness -Iresults -Iplot -I$(BUILD)/gen $(LIBPERF_CFLAGS)
FUZZ_OBJS  := $(patsubst %.c,$(BUILD)/fuzz-obj/%.o,$(WORKLOAD_SRCS) $(HARNESS_SRCS))
# Seconds `make test` fuzzes for; FUZZ_SECONDS=600 for a longer hunt.
FUZZ_SECONDS ?= 60

deps-fuzz:
	@bash harness/install-deps.sh $(DEB_FUZZ)
.PHONY: deps-fuzz

$(BUILD)/fuzz-obj/%.o: %.c $(LIBPERF)/flags.mk $(wildcard workloads/*.h harness/*.h results/*.h) | deps-fuzz
	@mkdir -p $(dir $@)
	$(say) FUZZCC $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(BUILD)/tests/fuzz_parse: tests/fuzz/fuzz_parse.c $(FUZZ_OBJS) $(BUILD)/obj/harness/scenarios_blob.o | deps-fuzz
	@mkdir -p $(dir $@)
	$(say) FUZZLD $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ \
		$(LIBPERF_LDLIBS) -ljansson -lnuma -lm
